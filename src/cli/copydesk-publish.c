/* copydesk-publish.c: publishes a story to WordPress from a script
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "copydesk-publish"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "copydesk-core.h"
#include "cd-cli.h"
#include "cd-wp-publish.h"

#define PROGRAM_NAME "copydesk-publish"
/* Says what is wrong with the command line; the exit status. */
#define USAGE_ERROR(...) (cd_cli_print_usage_error (PROGRAM_NAME, __VA_ARGS__), EXIT_USAGE)

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  GMainLoop       *loop;
  CdPublishRecord *record;
  GError          *error;
} Wait;

/* One line naming the story and the reason, for logs read line by line. */
static int
report_failure (const char   *story,
                const GError *error)
{
  g_autofree char *display = g_filename_display_name (story);
  g_autofree char *message = g_strdup (error->message);

  g_strdelimit (message, "\r\n", ' ');
  if (g_str_has_prefix (message, display))
    g_printerr ("%s: %s\n", PROGRAM_NAME, message);
  else
    g_printerr ("%s: %s: %s\n", PROGRAM_NAME, display, message);

  return EXIT_FAILED;
}

/* The application password: the file's first line, so it never appears in
 * the process list or the shell's history. */
static char *
read_password (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  char *end;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  end = strpbrk (contents, "\r\n");
  if (end != NULL)
    *end = '\0';
  g_strstrip (contents);

  if (*contents == '\0')
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: the password file is empty"), display);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* Saved as it came: a .article stays a container, a bare article.json
 * stays JSON (its pictures beside it are unchanged). Both atomically. */
static gboolean
save_story (CdArticle  *article,
            GFile      *file,
            GError    **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr (GBytes) json = NULL;

  if (g_str_has_suffix (name, ".article"))
    return cd_document_save (article, file, error);

  json = cd_json_write (article);
  return cd_file_replace_atomic (file, json, error);
}

static void
progress_cb (CdWpPublisher *publisher,
             const char    *file,
             guint          done,
             guint          total,
             gpointer       user_data)
{
  gboolean *verbose = user_data;

  if (*verbose && file != NULL)
    g_printerr (_("Sending %s (%u of %u)\n"), file, done + 1, total);
}

static void
publish_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->record = cd_wp_publisher_publish_finish (CD_WP_PUBLISHER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *site = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *status = NULL;
  g_autofree char *date = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *password = NULL;
  g_autofree char *stylesheet_path = NULL;
  g_autofree char *stylesheet = NULL;
  g_autofree char *story_name = NULL;
  g_auto (GStrv) arguments = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (CdWpPublisher) publisher = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GPtrArray) preflight = NULL;
  g_autoptr (GDateTime) go_live = NULL;
  CdPreflightLimits limits;
  gboolean strict = FALSE;
  gboolean force = FALSE;
  gboolean verbose = FALSE;
  int timeout = 0;
  CdWpPublishOptions options;
  Wait wait = { 0 };
  const char *story;
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_STRING, &site,
      N_("The WordPress site’s address (https; http only on this computer)"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("The WordPress user name"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("A file holding the user’s application password"), N_("FILE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("draft (the default), pending, publish or future"), N_("STATUS") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("When a future post goes live, as ISO 8601 (default: the story’s embargo)"), N_("DATE") },
    { "slug", 0, 0, G_OPTION_ARG_STRING, &slug,
      N_("The post’s slug (default: the story’s)"), N_("SLUG") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite the post even if it was changed on the site since it was last published"), NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Publish nothing (exit status 1) when the pre-flight checks find anything"), NULL },
    { "stylesheet", 0, 0, G_OPTION_ARG_FILENAME, &stylesheet_path,
      N_("The house style whose limits the pre-flight checks apply, instead of the "
         "built-in one"),
      N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for the site to answer (default 60)"), N_("SECONDS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Say which picture is being sent"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &arguments,
      NULL, N_("STORY") },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname (PROGRAM_NAME);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Publishes a Copydesk story to a WordPress site: the headline as the title, "
                                  "the dek as the excerpt, the lead photo as the featured image, every picture "
                                  "in the media library and the body as blocks. Publishing again updates the "
                                  "same post."));
  g_option_context_set_description (context,
                                    _("The story remembers the post (in the .article file), so the next run "
                                      "updates it and re-uses the pictures already uploaded. A post changed on "
                                      "the site since is not overwritten without --force. The category (the "
                                      "story’s section) and tags (its keywords) are created when missing.\n"
                                      "\n"
                                      "The desk’s pre-flight checks (photos without alt text or credit, lengths "
                                      "over the house style’s limits, missing byline or dateline, an embargo "
                                      "later than the post goes live, TK placeholders, http: links, empty or "
                                      "repeated blocks…) are printed on standard error, one line each: PROGRAM: "
                                      "STORY: FIELD or BLOCK: MESSAGE. They are warnings; with --strict nothing "
                                      "is sent to the site when there are any.\n"
                                      "\n"
                                      "Prints the post’s address. Exit status: 0 on success, 1 when the story "
                                      "could not be published (one line on standard error says why) or, with "
                                      "--strict, when a check finds anything, 2 on a usage error.\n"
                                      "\n"
                                      "Example:\n"
                                      "  copydesk-publish --site=https://news.example --user=desk \\\n"
                                      "      --password-file=~/.config/desk-password --status=pending story.article"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return USAGE_ERROR ("%s", error->message);

  if (arguments == NULL || g_strv_length (arguments) != 1)
    return USAGE_ERROR (_("expected one STORY file"));
  if (site == NULL || user == NULL || password_file == NULL)
    return USAGE_ERROR (_("--site, --user and --password-file are needed"));
  if (timeout < 0)
    return USAGE_ERROR (_("--timeout needs a positive number of seconds"));

  story = arguments[0];

  stylesheet = cd_cli_load_stylesheet (stylesheet_path, &error);
  if (stylesheet == NULL)
    return report_failure (story, error);

  password = read_password (password_file, &error);
  if (password == NULL)
    return report_failure (story, error);

  publisher = cd_wp_publisher_new (site, user, password, &error);
  if (publisher == NULL)
    return report_failure (story, error);
  if (timeout > 0)
    cd_wp_publisher_set_timeout (publisher, (guint) timeout);

  file = g_file_new_for_commandline_arg (story);
  article = cd_document_load (file, &error);
  if (article == NULL)
    return report_failure (story, error);

  cd_wp_publish_options_init (&options);
  if (status != NULL)
    options.status = status;
  options.date = date;
  options.slug = slug;
  options.overwrite = force;
  /* A script cannot be asked; it runs with the story's own terms. */
  options.create_terms = TRUE;

  /* The same checks as copydesk-convert's, with the house style's limits.
   * A scheduled post goes live at its date, so an embargo that ends by
   * then is no reason to hold it back. */
  cd_preflight_limits_from_stylesheet (&limits, stylesheet);
  go_live = cd_wp_publish_options_get_go_live (&options, article);
  preflight = cd_preflight_run (article, &limits, go_live);
  story_name = g_filename_display_name (story);
  cd_cli_add_spelling (PROGRAM_NAME, story_name, article, preflight);

  if (strict && preflight->len > 0)
    {
      cd_cli_print_preflight (PROGRAM_NAME, story_name, preflight);
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%s: %s: %u pre-flight item; nothing published (--strict)\n",
                               "%s: %s: %u pre-flight items; nothing published (--strict)\n",
                               preflight->len),
                  PROGRAM_NAME, story_name, preflight->len);
      return EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  g_signal_connect (publisher, "progress", G_CALLBACK (progress_cb), &verbose);
  cd_wp_publisher_publish_async (publisher, article, &options, NULL, publish_cb, &wait);
  g_main_loop_run (loop);

  if (wait.record == NULL)
    {
      if (g_error_matches (wait.error, CD_WP_ERROR, CD_WP_ERROR_CONFLICT))
        {
          g_autofree char *message = g_strdup_printf (_("%s Run again with --force to overwrite it."),
                                                      wait.error->message);

          g_free (wait.error->message);
          wait.error->message = g_steal_pointer (&message);
        }
      error = wait.error;
      return report_failure (story, error);
    }

  /* The story remembers the post, so the next run updates it. */
  cd_article_set_publish_record (article, wait.record);
  if (!save_story (article, file, &error))
    {
      g_autoptr (GError) saved_error = g_error_new (error->domain, error->code,
                                                    _("published as %s, but the story could not remember it: %s"),
                                                    wait.record->link != NULL ? wait.record->link : "?",
                                                    error->message);

      cd_publish_record_free (wait.record);
      return report_failure (story, saved_error);
    }

  g_print ("%s\n", wait.record->link != NULL ? wait.record->link : "");
  cd_publish_record_free (wait.record);

  /* After publishing, as copydesk-convert does after writing, so a
   * failure stays the one line scripts expect. */
  cd_cli_print_preflight (PROGRAM_NAME, story_name, preflight);

  return EXIT_OK;
}
