/* copydesk-convert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "copydesk-convert"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "copydesk-core.h"
#include "cd-cli.h"

#define PROGRAM_NAME "copydesk-convert"
/* Says what is wrong with the command line; the exit status. */
#define USAGE_ERROR(...) (cd_cli_print_usage_error (PROGRAM_NAME, __VA_ARGS__), EXIT_USAGE)

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

/* Written and never read: volatile, so that the compiler keeps the
 * stores and a leak checker finds what they hold. */
static CdArticle *volatile kept_article;
static CdCliChecked *volatile kept_checked;

/* The two threads reading a long story make its blocks at once. */
CD_THREAD_PREINIT_SLICES;

/* Scripts grep and log stderr line by line, so a failure is exactly one
 * line even if a message ever carries a line break. */
static int
report_failure (const GError *error)
{
  g_autofree char *message = g_strdup (error->message);

  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("%s: %s\n", PROGRAM_NAME, message);

  return EXIT_FAILED;
}

static gboolean
embed_mode_from_name (const char  *name,
                      CdEmbedMode *mode)
{
  if (g_str_equal (name, "static"))
    *mode = CD_EMBEDS_STATIC;
  else if (g_str_equal (name, "official"))
    *mode = CD_EMBEDS_OFFICIAL;
  else
    return FALSE;

  return TRUE;
}

static gboolean
write_stdout (GBytes  *bytes,
              GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  while (size > 0)
    {
      gssize written = write (STDOUT_FILENO, data, size);

      if (written < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          g_set_error (error, CD_ERROR, CD_ERROR_IO,
                       _("Could not write to standard output: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }

      data += written;
      size -= (gsize) written;
    }

  return TRUE;
}

/* "STORY.article#ID" names a revision of a story; a file whose own
 * name holds a '#' is still taken whole. */
static CdArticle *
load_story_or_revision (const char  *spec,
                        GError     **error)
{
  g_autoptr (GFile) whole = g_file_new_for_commandline_arg (spec);
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  const char *hash = strrchr (spec, '#');

  if (hash == NULL || g_file_query_exists (whole, NULL))
    return cd_revision_load_from_file (whole, NULL, error);

  path = g_strndup (spec, hash - spec);
  file = g_file_new_for_commandline_arg (path);
  return cd_revision_load_from_file (file, hash + 1, error);
}

/* --diff=OLD NEW OUT: the compare of two stories as one HTML page. */
static int
run_diff (const char *old_spec,
          const char *new_spec,
          const char *output_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) old_article = NULL;
  g_autoptr (CdArticle) new_article = NULL;
  g_autoptr (CdComparison) comparison = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *old_name = g_filename_display_name (old_spec);
  g_autofree char *new_name = g_filename_display_name (new_spec);
  char *page;

  old_article = load_story_or_revision (old_spec, &error);
  if (old_article == NULL)
    return report_failure (error);
  new_article = load_story_or_revision (new_spec, &error);
  if (new_article == NULL)
    return report_failure (error);

  comparison = cd_comparison_new (old_article, new_article);
  page = cd_comparison_write_page (comparison, old_name, new_name);
  bytes = g_bytes_new_take (page, strlen (page));

  if (g_str_equal (output_path, "-"))
    {
      if (!write_stdout (bytes, &error))
        return report_failure (error);
    }
  else
    {
      g_autoptr (GFile) output = g_file_new_for_commandline_arg (output_path);

      if (!cd_file_replace_atomic (output, bytes, &error))
        return report_failure (error);
    }

  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *to = NULL;
  g_autofree char *embeds_name = NULL;
  g_autofree char *stylesheet_path = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *diff_path = NULL;
  gboolean external_stylesheet = FALSE;
  gboolean strict = FALSE;
  g_auto (GStrv) arguments = NULL;
  gboolean show_version = FALSE;
  g_autofree char *stylesheet = NULL;
  g_autoptr (GFile) input = NULL;
  g_autoptr (GFile) output = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (CdCliChecked) checked = NULL;
  CdCliSpelling *checks = NULL;
  g_autofree char *story_name = NULL;
  CdPreflightLimits limits;
  CdExportFormat format = CD_EXPORT_FORMAT_HTML;
  CdExportOptions options;
  g_autoptr (GBytes) bytes = NULL;
  CdEmbedMode embeds = CD_EMBEDS_STATIC;
  const char *output_path;
  gboolean written = FALSE;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("Output format: article, json, html, html-fragment, html-single, nitf, ninjs or wp-blocks "
         "(default: from OUTPUT’s extension)"),
      N_("FORMAT") },
    { "embeds", 0, 0, G_OPTION_ARG_STRING, &embeds_name,
      N_("How HTML shows social posts: static (a card from the stored "
         "text, no third-party script; the default) or official (the "
         "provider’s own markup and script)"),
      N_("MODE") },
    { "stylesheet", 0, 0, G_OPTION_ARG_FILENAME, &stylesheet_path,
      N_("CSS to inline in an HTML page instead of the built-in stylesheet"),
      N_("FILE") },
    { "external-stylesheet", 0, 0, G_OPTION_ARG_NONE, &external_stylesheet,
      N_("Write the page’s stylesheet to NAME.css beside it and link it, "
         "instead of inlining it (html only)"),
      NULL },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("Address the story is published under: the page’s canonical "
         "address is URL/SLUG, and link previews name the lead image "
         "under it (html and html-single)"),
      N_("URL") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Fail (exit status 1, nothing written) when the pre-flight "
         "checks find anything"),
      NULL },
    { "diff", 0, 0, G_OPTION_ARG_FILENAME, &diff_path,
      N_("Compare the story OLD with INPUT and write the changes as one HTML page "
         "to OUTPUT; OLD or INPUT may name a revision as STORY.article#REVISION-ID"),
      N_("OLD") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version,
      N_("Show the program version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &arguments,
      NULL, N_("INPUT OUTPUT") },
    G_OPTION_ENTRY_NULL
  };

  cd_cli_prepare_heap ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname (PROGRAM_NAME);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Converts a Copydesk story between the .article container, "
                                  "article.json, HTML and the IPTC wire formats NITF and ninjs."));
  g_option_context_set_description (context,
                                    _("Formats:\n"
                                      "  article        the .article container (ZIP with article.json and media)\n"
                                      "  json           article.json alone; images are written to media/ beside it\n"
                                      "  html           a whole HTML page with the stylesheet inlined; images are\n"
                                      "                 written to NAME_files/ beside the page\n"
                                      "  html-fragment  the <article> element alone, for pasting into a CMS; images\n"
                                      "                 are written as for html\n"
                                      "  html-single    one self-contained HTML page: the stylesheet and the images\n"
                                      "                 (as data: URIs) are inside it\n"
                                      "  nitf           NITF 3.6 XML; images are written to media/ beside it\n"
                                      "  ninjs          IPTC ninjs 2.2 JSON, with the images inside it\n"
                                      "  wp-blocks      WordPress block markup for the block editor's code view;\n"
                                      "                 images are written to media/ beside it\n"
                                      "\n"
                                      "Without --to the format follows OUTPUT’s extension: .article, .json, .html or\n"
                                      ".htm, .nitf or .xml for NITF, .ninjs or .ninjs.json for ninjs.\n"
                                      "\n"
                                      "INPUT is a .article file, a bare article.json with its media/ folder, or a\n"
                                      "wire story: NITF 2.x/3.x or NewsML 1.2 (pictures are read from beside it) or\n"
                                      "ninjs 1.x/2.x; or an HTML page: a saved web page, or a Google Docs or Word\n"
                                      "document saved as HTML (pictures are read from beside it). The kind of\n"
                                      "INPUT is told from its content.\n"
                                      "OUTPUT “-” writes to standard output (needs --to; images are inlined).\n"
                                      "\n"
                                      "The desk's pre-flight checks (photos without alt text or credit, lengths\n"
                                      "over the house style's limits, missing byline or dateline, an embargo in the\n"
                                      "future, TK placeholders, http: links, empty or repeated blocks…) are printed\n"
                                      "on standard error, one line each: PROGRAM: INPUT: FIELD or BLOCK: MESSAGE.\n"
                                      "\n"
                                      "Exit status: 0 on success, 1 when the input cannot be read or the output\n"
                                      "cannot be written (or, with --strict, when a check finds anything), 2 on a\n"
                                      "usage error.\n"
                                      "\n"
                                      "Examples:\n"
                                      "  copydesk-convert story.article story.html\n"
                                      "  copydesk-convert wire-story.xml story.article\n"
                                      "  copydesk-convert --diff=story.article#REVISION-ID story.article changes.html"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return USAGE_ERROR ("%s", error->message);

  if (show_version)
    {
      g_print ("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (arguments == NULL || g_strv_length (arguments) < 2)
    return USAGE_ERROR (_("expected an INPUT and an OUTPUT file"));
  if (g_strv_length (arguments) > 2)
    return USAGE_ERROR (_("too many arguments: expected only INPUT and OUTPUT"));

  output_path = arguments[1];

  if (diff_path != NULL)
    {
      if (to != NULL || embeds_name != NULL || stylesheet_path != NULL || external_stylesheet ||
          base_url != NULL || strict)
        return USAGE_ERROR (_("--diff writes its own HTML page and takes no other option"));
      return run_diff (diff_path, arguments[0], output_path);
    }

  if (to != NULL)
    {
      if (!cd_export_format_from_name (to, &format))
        return USAGE_ERROR (_("unknown format “%s”: use article, json, html, html-fragment, html-single, nitf, ninjs or wp-blocks"), to);
    }
  else if (g_str_equal (output_path, "-"))
    {
      return USAGE_ERROR (_("writing to standard output (-) needs --to=FORMAT"));
    }
  else
    {
      if (!cd_export_format_from_file_name (output_path, &format))
        {
          g_autofree char *display = g_filename_display_name (output_path);

          return USAGE_ERROR (_("cannot tell the output format from the name “%s”: "
                                "use a .article, .json, .html, .htm, .nitf, .xml, .ninjs or "
                                ".ninjs.json name, or --to=FORMAT"),
                              display);
        }
    }

  if (embeds_name != NULL)
    {
      if (!embed_mode_from_name (embeds_name, &embeds))
        return USAGE_ERROR (_("unknown embed mode “%s”: use static or official"), embeds_name);
      if (!cd_export_format_is_page (format) && format != CD_EXPORT_FORMAT_HTML_FRAGMENT)
        return USAGE_ERROR (_("--embeds only applies to html, html-single and html-fragment output"));
    }

  if (stylesheet_path != NULL && !cd_export_format_is_page (format))
    return USAGE_ERROR (_("--stylesheet only applies to html and html-single output"));

  if (external_stylesheet && (format != CD_EXPORT_FORMAT_HTML || g_str_equal (output_path, "-")))
    return USAGE_ERROR (_("--external-stylesheet only applies to html output written to a file"));

  if (base_url != NULL)
    {
      const char *scheme = g_uri_peek_scheme (base_url);

      if (!cd_export_format_is_page (format))
        return USAGE_ERROR (_("--base-url only applies to html and html-single output"));
      if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
          !g_uri_is_valid (base_url, G_URI_FLAGS_NONE, NULL))
        return USAGE_ERROR (_("--base-url needs an http or https address, such as "
                              "https://news.example.com/local"));
    }

  if (cd_export_format_is_page (format))
    {
      stylesheet = cd_cli_load_stylesheet (stylesheet_path, &error);
      if (stylesheet == NULL)
        return report_failure (error);
    }

  input = g_file_new_for_commandline_arg (arguments[0]);
  if (!g_str_equal (output_path, "-"))
    output = g_file_new_for_commandline_arg (output_path);

  /* The dictionary loads on the other core while the story is read. */
  cd_cli_spelling_prepare ();
  article = cd_import_load (input, &error);
  if (article == NULL)
    {
      cd_cli_spelling_discard ();
      return report_failure (error);
    }

  /* The limits are the house style's: the page's stylesheet, or the
   * built-in one for the other formats. */
  cd_preflight_limits_from_stylesheet (&limits,
                                       stylesheet != NULL ? stylesheet : cd_cli_get_default_stylesheet ());
  story_name = g_filename_display_name (arguments[0]);
  /* The checks and spelling run on a thread while the story is written;
   * the article is only read from here on. */
  checks = cd_cli_checks_start (PROGRAM_NAME, story_name, article, &limits);
  if (strict)
    checked = cd_cli_checks_finish (g_steal_pointer (&checks));

  if (strict && checked->items->len > 0)
    {
      cd_cli_checked_print (checked);
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%s: %s: %u pre-flight item; nothing written (--strict)\n",
                               "%s: %s: %u pre-flight items; nothing written (--strict)\n",
                               checked->items->len),
                  PROGRAM_NAME, story_name, checked->items->len);
      return EXIT_FAILED;
    }

  /* The export dialog writes through the same call. */
  cd_export_options_init (&options);
  options.embeds = embeds;
  options.stylesheet = stylesheet;
  options.stylesheet_external = external_stylesheet;
  options.base_url = base_url;
  options.help = checks != NULL ? cd_cli_checks_get_help (checks) : NULL;
  written = cd_export_write (article, format, &options, output, output == NULL ? &bytes : NULL, &error);
  if (checks != NULL)
    checked = cd_cli_checks_finish (g_steal_pointer (&checks));
  written = written && (output != NULL || write_stdout (bytes, &error));

  if (!written)
    return report_failure (error);

  /* After the write, so a failure stays the one line scripts expect. */
  cd_cli_checked_print (checked);

  /* The process ends here: the story and its checks are left to the
   * system to take back at once rather than freed object by object,
   * a few milliseconds of a long story's conversion. Kept where a leak
   * checker sees them still in reach. */
  kept_article = g_steal_pointer (&article);
  kept_checked = g_steal_pointer (&checked);

  return EXIT_OK;
}
