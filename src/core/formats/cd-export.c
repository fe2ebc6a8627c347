/* cd-export.c: writing a story in each publication format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-document.h"
#include "cd-export.h"
#include "cd-html.h"
#include "cd-json.h"
#include "cd-media.h"
#include "cd-ninjs.h"
#include "cd-nitf.h"
#include "cd-wp-blocks.h"

static const struct
{
  const char     *name;
  CdExportFormat  format;
} format_names[] = {
  { "article", CD_EXPORT_FORMAT_ARTICLE },
  { "json", CD_EXPORT_FORMAT_JSON },
  { "html", CD_EXPORT_FORMAT_HTML },
  { "html-fragment", CD_EXPORT_FORMAT_HTML_FRAGMENT },
  { "html-single", CD_EXPORT_FORMAT_HTML_SINGLE },
  { "nitf", CD_EXPORT_FORMAT_NITF },
  { "ninjs", CD_EXPORT_FORMAT_NINJS },
  { "wp-blocks", CD_EXPORT_FORMAT_WP_BLOCKS },
};

static const struct
{
  const char     *extension;
  CdExportFormat  format;
} format_extensions[] = {
  /* Longest first: "story.ninjs.json" is ninjs, not article.json. */
  { ".ninjs.json", CD_EXPORT_FORMAT_NINJS },
  { ".ninjs", CD_EXPORT_FORMAT_NINJS },
  { ".nitf", CD_EXPORT_FORMAT_NITF },
  { ".xml", CD_EXPORT_FORMAT_NITF },
  { ".article", CD_EXPORT_FORMAT_ARTICLE },
  { ".json", CD_EXPORT_FORMAT_JSON },
  { ".html", CD_EXPORT_FORMAT_HTML },
  { ".htm", CD_EXPORT_FORMAT_HTML },
};

void
cd_export_options_init (CdExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->embeds = CD_EMBEDS_STATIC;
}

gboolean
cd_export_format_from_name (const char     *name,
                            CdExportFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_str_equal (name, format_names[i].name))
        {
          *format = format_names[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
cd_export_format_from_file_name (const char     *file_name,
                                 CdExportFormat *format)
{
  g_autofree char *basename = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (file_name != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  basename = g_path_get_basename (file_name);
  folded = g_ascii_strdown (basename, -1);

  for (guint i = 0; i < G_N_ELEMENTS (format_extensions); i++)
    {
      const char *extension = format_extensions[i].extension;

      /* The extension alone, as in ".json", names a hidden file, not a
       * format. */
      if (strlen (folded) > strlen (extension) && g_str_has_suffix (folded, extension))
        {
          *format = format_extensions[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
cd_export_format_is_page (CdExportFormat format)
{
  return format == CD_EXPORT_FORMAT_HTML || format == CD_EXPORT_FORMAT_HTML_SINGLE;
}

/* Images to NAME_files/ and the stylesheet, if external, to NAME.css. */
static gboolean
write_html (CdArticle              *article,
            CdExportFormat          format,
            const CdExportOptions  *options,
            GFile                  *output,
            GBytes                **bytes,
            GError                **error)
{
  CdHtmlOptions html_options;
  char *html;

  cd_html_options_init (&html_options);
  html_options.mode = cd_export_format_is_page (format) ? CD_HTML_PAGE : CD_HTML_FRAGMENT;
  html_options.embeds = options->embeds;
  html_options.inline_media = format == CD_EXPORT_FORMAT_HTML_SINGLE || output == NULL;
  if (cd_export_format_is_page (format))
    {
      html_options.stylesheet = options->stylesheet;
      html_options.base_url = options->base_url;
    }
  html_options.stylesheet_external = options->stylesheet_external;
  html_options.help = options->help;

  if (output != NULL)
    return cd_html_export (article, output, &html_options, error);

  html = cd_html_write (article, &html_options);
  *bytes = g_bytes_new_take (html, strlen (html));

  return TRUE;
}

/* The pictures stay "media/NAME" paths (written to media/ beside the
 * file under names that never overwrite another image) until they are
 * uploaded: copydesk-publish does that and points the blocks at them. */
static GBytes *
write_wp_blocks (CdArticle  *article,
                 GFile      *output,
                 GError    **error)
{
  g_autoptr(CdArticle) published = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) folder = NULL;
  char *markup;

  if (output != NULL && (parent = g_file_get_parent (output)) != NULL)
    {
      folder = g_file_get_child (parent, "media");
      published = cd_media_export (article, folder, error);
      if (published == NULL)
        return NULL;
    }

  markup = cd_wp_blocks_write (published != NULL ? published : article,
                               CD_WP_BLOCKS_INCLUDE_LEAD, NULL, NULL);

  return g_bytes_new_take (markup, strlen (markup));
}

gboolean
cd_export_write (CdArticle              *article,
                 CdExportFormat          format,
                 const CdExportOptions  *options,
                 GFile                  *output,
                 GBytes                **bytes,
                 GError                **error)
{
  g_autoptr(GBytes) written = NULL;
  CdExportOptions default_options;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (format <= CD_EXPORT_FORMAT_WP_BLOCKS, FALSE);
  g_return_val_if_fail (output == NULL || G_IS_FILE (output), FALSE);
  g_return_val_if_fail (output != NULL || bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      cd_export_options_init (&default_options);
      options = &default_options;
    }

  switch (format)
    {
    case CD_EXPORT_FORMAT_HTML:
    case CD_EXPORT_FORMAT_HTML_SINGLE:
    case CD_EXPORT_FORMAT_HTML_FRAGMENT:
      return write_html (article, format, options, output, bytes, error);

    /* The pictures go to media/ beside the file, where opening the file
     * finds them again. */
    case CD_EXPORT_FORMAT_NITF:
      if (output != NULL)
        return cd_nitf_export (article, output, error);
      written = cd_nitf_write (article, error);
      break;

    case CD_EXPORT_FORMAT_JSON:
      if (output != NULL)
        return cd_document_export_json (article, output, error);
      written = cd_json_write (article);
      break;

    case CD_EXPORT_FORMAT_ARTICLE:
      if (output != NULL)
        return cd_document_save (article, output, error);
      written = cd_document_write_bytes (article, error);
      break;

    /* ninjs is self-contained: pictures travel inside it as data: URIs. */
    case CD_EXPORT_FORMAT_NINJS:
      written = cd_ninjs_write (article, error);
      break;

    case CD_EXPORT_FORMAT_WP_BLOCKS:
      written = write_wp_blocks (article, output, error);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  if (written == NULL)
    return FALSE;

  if (output != NULL)
    return cd_file_replace_atomic (output, written, error);

  *bytes = g_steal_pointer (&written);

  return TRUE;
}
