/* cd-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"
#include "cd-html.h"

G_BEGIN_DECLS

/* The formats a story is written to. The first five are the export
 * dialog's, in the order it lists them and with the values of the
 * "export-format" setting; copydesk-convert writes them all. */
typedef enum
{
  CD_EXPORT_FORMAT_HTML,           /* a page; images in NAME_files/ */
  CD_EXPORT_FORMAT_HTML_SINGLE,    /* one page with everything inside */
  CD_EXPORT_FORMAT_HTML_FRAGMENT,  /* the <article> alone, for a CMS */
  CD_EXPORT_FORMAT_NITF,           /* NITF 3.6; images in media/ */
  CD_EXPORT_FORMAT_NINJS,          /* ninjs 2.2, images inside */
  CD_EXPORT_FORMAT_ARTICLE,        /* a .article container */
  CD_EXPORT_FORMAT_JSON,           /* a bare article.json; images in media/ */
  CD_EXPORT_FORMAT_WP_BLOCKS,      /* WordPress block markup; images in media/ */
} CdExportFormat;

typedef struct
{
  /* How social posts are written into HTML. */
  CdEmbedMode  embeds;
  /* CSS of a page (html, html-single), or NULL for none. */
  const char  *stylesheet;
  /* An html page links @stylesheet, written to NAME.css beside it. */
  gboolean     stylesheet_external;
  /* Base URL of a page's canonical link and og:image, or NULL. */
  const char  *base_url;
  /* A thread that may help write HTML (CdHtmlOptions.help), or NULL. */
  CdHtmlHelp  *help;
} CdExportOptions;

void          cd_export_options_init       (CdExportOptions        *options);

/* The format named @name ("html", "nitf", … as copydesk-convert's --to
 * takes them), or told by the end of @file_name (".ninjs.json" before
 * ".json"); FALSE when there is none. */
gboolean      cd_export_format_from_name   (const char             *name,
                                            CdExportFormat         *format);
gboolean      cd_export_format_from_file_name (const char          *file_name,
                                            CdExportFormat         *format);
/* Whether @format is a whole web page, which takes a stylesheet and a
 * base URL. */
gboolean      cd_export_format_is_page     (CdExportFormat          format);

/* Writes @article in @format: to @output, with the pictures where that
 * format keeps them (see the enum), atomically; or, with @output NULL,
 * as one self-contained text in @bytes (pictures inside where the
 * format can carry them). The one way every export is written, from
 * the export dialog and from copydesk-convert alike. */
gboolean      cd_export_write              (CdArticle              *article,
                                            CdExportFormat          format,
                                            const CdExportOptions  *options,
                                            GFile                  *output,
                                            GBytes                **bytes,
                                            GError                **error);

G_END_DECLS
