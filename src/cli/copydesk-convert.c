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
#include "copydesk-convert-stylesheet.h"

#define PROGRAM_NAME "copydesk-convert"

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef enum
{
  FORMAT_NONE,
  FORMAT_ARTICLE,
  FORMAT_JSON,
  FORMAT_HTML,
  FORMAT_HTML_FRAGMENT,
} OutputFormat;

static const struct
{
  const char   *name;
  OutputFormat  format;
} format_names[] = {
  { "article", FORMAT_ARTICLE },
  { "json", FORMAT_JSON },
  { "html", FORMAT_HTML },
  { "html-fragment", FORMAT_HTML_FRAGMENT },
};

static const struct
{
  const char   *extension;
  OutputFormat  format;
} format_extensions[] = {
  { ".article", FORMAT_ARTICLE },
  { ".json", FORMAT_JSON },
  { ".html", FORMAT_HTML },
  { ".htm", FORMAT_HTML },
};

#define MEDIA_PREFIX "media/"

static int usage_error (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", PROGRAM_NAME, message);
  g_printerr (_("Run “%s --help” to see the options.\n"), PROGRAM_NAME);

  return EXIT_USAGE;
}

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

static OutputFormat
format_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_str_equal (name, format_names[i].name))
        return format_names[i].format;
    }

  return FORMAT_NONE;
}

static OutputFormat
format_from_file_name (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  const char *dot = strrchr (basename, '.');

  if (dot == NULL || dot == basename)
    return FORMAT_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (format_extensions); i++)
    {
      if (g_ascii_strcasecmp (dot, format_extensions[i].extension) == 0)
        return format_extensions[i].format;
    }

  return FORMAT_NONE;
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

/* Media paths come from the input file, so each one is checked again
 * before it becomes a path on disk: it must stay inside the target folder. */
static gboolean
media_name_is_safe (const char *name)
{
  g_auto (GStrv) parts = NULL;

  if (name[0] == '\0' || strchr (name, '\\') != NULL)
    return FALSE;

  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' ||
          g_str_equal (parts[i], ".") ||
          g_str_equal (parts[i], ".."))
        return FALSE;
    }

  return TRUE;
}

static gboolean
ensure_directory (GFile   *directory,
                  GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (g_file_make_directory_with_parents (directory, NULL, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Writes every "media/…" file of @article into @folder, without the
 * "media/" prefix. */
static gboolean
write_media (CdArticle   *article,
             const char  *input_name,
             GFile       *folder,
             GError     **error)
{
  g_auto (GStrv) paths = cd_article_list_media (article);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *name;
      g_autoptr (GFile) target = NULL;
      g_autoptr (GFile) parent = NULL;
      GBytes *bytes;

      if (!g_str_has_prefix (paths[i], MEDIA_PREFIX))
        continue;

      name = paths[i] + strlen (MEDIA_PREFIX);
      if (!media_name_is_safe (name))
        {
          g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                       _("%s: the media path “%s” cannot be written as a file"),
                       input_name, paths[i]);
          return FALSE;
        }

      bytes = cd_article_get_media (article, paths[i]);
      if (bytes == NULL)
        continue;

      target = g_file_resolve_relative_path (folder, name);
      parent = g_file_get_parent (target);
      if (!ensure_directory (parent, error) ||
          !cd_file_replace_atomic (target, bytes, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
article_has_media (CdArticle *article)
{
  g_auto (GStrv) paths = cd_article_list_media (article);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (g_str_has_prefix (paths[i], MEDIA_PREFIX))
        return TRUE;
    }

  return FALSE;
}

static char *
load_stylesheet (const char  *path,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: the stylesheet is not valid UTF-8 text"), display);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* "story.html" gives "story_files": the folder name browsers use when
 * they save a page with its images, so people recognise the pair. */
static char *
media_folder_name (GFile *output)
{
  g_autofree char *basename = g_file_get_basename (output);
  char *dot = strrchr (basename, '.');

  if (dot != NULL && dot != basename)
    *dot = '\0';

  return g_strconcat (basename, "_files", NULL);
}

static gboolean
write_html (CdArticle    *article,
            const char   *input_name,
            GFile        *output,
            OutputFormat  format,
            CdEmbedMode   embeds,
            const char   *stylesheet,
            GError      **error)
{
  CdHtmlOptions options;
  g_autofree char *media_prefix = NULL;
  g_autofree char *html = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize length;

  cd_html_options_init (&options);
  options.mode = format == FORMAT_HTML ? CD_HTML_PAGE : CD_HTML_FRAGMENT;
  options.embeds = embeds;
  if (format == FORMAT_HTML)
    options.stylesheet = stylesheet;

  if (output == NULL)
    {
      options.inline_media = TRUE;
    }
  else if (article_has_media (article))
    {
      g_autofree char *folder_name = media_folder_name (output);
      g_autofree char *escaped = g_uri_escape_string (folder_name, NULL, TRUE);
      g_autoptr (GFile) parent = g_file_get_parent (output);
      g_autoptr (GFile) folder = g_file_get_child (parent, folder_name);

      /* The images go first, so a page on disk never points at files that
       * are not there yet. */
      if (!write_media (article, input_name, folder, error))
        return FALSE;

      media_prefix = g_strconcat (escaped, "/", NULL);
      options.media_prefix = media_prefix;
    }

  html = cd_html_write (article, &options);
  length = strlen (html);
  bytes = g_bytes_new_take (g_steal_pointer (&html), length);

  if (output == NULL)
    return write_stdout (bytes, error);

  return cd_file_replace_atomic (output, bytes, error);
}

static gboolean
write_json (CdArticle   *article,
            const char  *input_name,
            GFile       *output,
            GError     **error)
{
  g_autoptr (GBytes) bytes = cd_json_write (article);

  if (output == NULL)
    return write_stdout (bytes, error);

  /* A bare article.json finds its images in media/ beside it; without
   * them the story would lose its pictures on the way back. */
  if (article_has_media (article))
    {
      g_autoptr (GFile) parent = g_file_get_parent (output);
      g_autoptr (GFile) folder = g_file_get_child (parent, "media");

      if (!write_media (article, input_name, folder, error))
        return FALSE;
    }

  return cd_file_replace_atomic (output, bytes, error);
}

static gboolean
write_article (CdArticle  *article,
               GFile      *output,
               GError    **error)
{
  g_autoptr (GBytes) bytes = NULL;

  if (output != NULL)
    return cd_document_save (article, output, error);

  bytes = cd_document_write_bytes (article, error);
  if (bytes == NULL)
    return FALSE;

  return write_stdout (bytes, error);
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
  g_auto (GStrv) arguments = NULL;
  gboolean show_version = FALSE;
  g_autofree char *stylesheet = NULL;
  g_autofree char *input_name = NULL;
  g_autoptr (GFile) input = NULL;
  g_autoptr (GFile) output = NULL;
  g_autoptr (CdArticle) article = NULL;
  OutputFormat format = FORMAT_NONE;
  CdEmbedMode embeds = CD_EMBEDS_STATIC;
  const char *output_path;
  gboolean written = FALSE;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("Output format: article, json, html or html-fragment "
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
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version,
      N_("Show the program version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &arguments,
      NULL, N_("INPUT OUTPUT") },
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
                                _("Converts a Copydesk story between the .article container, "
                                  "article.json and HTML."));
  g_option_context_set_description (context,
                                    _("Formats:\n"
                                      "  article        the .article container (ZIP with article.json and media)\n"
                                      "  json           article.json alone; images are written to media/ beside it\n"
                                      "  html           a whole HTML page with the stylesheet inlined; images are\n"
                                      "                 written to NAME_files/ beside the page\n"
                                      "  html-fragment  the <article> element alone, for pasting into a CMS; images\n"
                                      "                 are written as for html\n"
                                      "\n"
                                      "INPUT is a .article file or a bare article.json with its media/ folder.\n"
                                      "OUTPUT “-” writes to standard output (needs --to; images are inlined).\n"
                                      "\n"
                                      "Exit status: 0 on success, 1 when the input cannot be read or the output\n"
                                      "cannot be written, 2 on a usage error.\n"
                                      "\n"
                                      "Example:\n"
                                      "  copydesk-convert story.article story.html"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);

  if (show_version)
    {
      g_print ("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (arguments == NULL || g_strv_length (arguments) < 2)
    return usage_error (_("expected an INPUT and an OUTPUT file"));
  if (g_strv_length (arguments) > 2)
    return usage_error (_("too many arguments: expected only INPUT and OUTPUT"));

  output_path = arguments[1];

  if (to != NULL)
    {
      format = format_from_name (to);
      if (format == FORMAT_NONE)
        return usage_error (_("unknown format “%s”: use article, json, html or html-fragment"), to);
    }
  else if (g_str_equal (output_path, "-"))
    {
      return usage_error (_("writing to standard output (-) needs --to=FORMAT"));
    }
  else
    {
      format = format_from_file_name (output_path);
      if (format == FORMAT_NONE)
        {
          g_autofree char *display = g_filename_display_name (output_path);

          return usage_error (_("cannot tell the output format from the name “%s”: "
                                "use a .article, .json, .html or .htm name, or --to=FORMAT"),
                              display);
        }
    }

  if (embeds_name != NULL)
    {
      if (!embed_mode_from_name (embeds_name, &embeds))
        return usage_error (_("unknown embed mode “%s”: use static or official"), embeds_name);
      if (format != FORMAT_HTML && format != FORMAT_HTML_FRAGMENT)
        return usage_error (_("--embeds only applies to html and html-fragment output"));
    }

  if (stylesheet_path != NULL && format != FORMAT_HTML)
    return usage_error (_("--stylesheet only applies to html output"));

  if (format == FORMAT_HTML)
    {
      if (stylesheet_path != NULL)
        stylesheet = load_stylesheet (stylesheet_path, &error);
      else
        stylesheet = g_strdup (cd_convert_default_stylesheet);

      if (stylesheet == NULL)
        return report_failure (error);
    }

  input = g_file_new_for_commandline_arg (arguments[0]);
  input_name = g_filename_display_name (arguments[0]);
  if (!g_str_equal (output_path, "-"))
    output = g_file_new_for_commandline_arg (output_path);

  article = cd_document_load (input, &error);
  if (article == NULL)
    return report_failure (error);

  switch (format)
    {
    case FORMAT_ARTICLE:
      written = write_article (article, output, &error);
      break;

    case FORMAT_JSON:
      written = write_json (article, input_name, output, &error);
      break;

    case FORMAT_HTML:
    case FORMAT_HTML_FRAGMENT:
      written = write_html (article, input_name, output, format, embeds, stylesheet, &error);
      break;

    case FORMAT_NONE:
    default:
      g_assert_not_reached ();
    }

  if (!written)
    return report_failure (error);

  return EXIT_OK;
}
