/* cd-import.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

typedef enum
{
  CD_IMPORT_FORMAT_ARTICLE,  /* a .article container or a bare article.json */
  CD_IMPORT_FORMAT_NITF,     /* NITF 2.x / 3.x, or NewsML 1.2 carrying NITF */
  CD_IMPORT_FORMAT_NINJS,    /* IPTC ninjs 1.x / 2.x */
  CD_IMPORT_FORMAT_HTML,     /* a web page, or a document saved as HTML */
} CdImportFormat;

/* Opens any story file Copydesk reads, telling the kind by its content,
 * not its name: a ZIP, or JSON with "format": "copydesk.article", goes to
 * cd_document_load() (so does any file named *.article, and any file that
 * is not a regular file, for its error); XML whose root is <nitf> (in any
 * namespace) or a NewsML envelope to cd_nitf_read(), with the file's
 * folder for its pictures; any other JSON object to cd_ninjs_read();
 * an HTML page (an HTML doctype or root, or other markup in a file named
 * *.html / *.htm) to cd_html_import_document(), with the file's folder
 * for its pictures.
 * Anything else is refused with an error naming the file. */
CdArticle    *cd_import_load               (GFile           *file,
                                            GError         **error);
/* The same, also saying which kind of file it was, so that a caller can
 * offer "Save As" for a story that did not come from a Copydesk file. */
CdArticle    *cd_import_load_with_format   (GFile           *file,
                                            CdImportFormat  *format,
                                            GError         **error);

G_END_DECLS
