/* cd-document.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

#define CD_ARTICLE_MIME_TYPE "application/vnd.copydesk.article+zip"

/* The reading limits of the .article container (DESIGN.md). */
typedef struct
{
  guint   max_entries;       /* 10,000 */
  guint64 max_json_size;     /* 64 MiB */
  guint64 max_entry_size;    /* 512 MiB */
} CdDocumentLimits;

void          cd_document_limits_init      (CdDocumentLimits       *limits);

/* Loads a .article container, or a bare article.json with its media in the
 * folder beside it (any file name not ending in .article whose content
 * starts with '{' is read as bare JSON). A figure's file is read beneath
 * that folder without following links (cd_media_read_beneath()); every
 * picture a figure shows must be an image (cd_media_sniff()), or the
 * story is refused with the figure and the file named. */
CdArticle    *cd_document_load             (GFile                  *file,
                                            GError                **error);
CdArticle    *cd_document_load_with_limits (GFile                  *file,
                                            const CdDocumentLimits *limits,
                                            GError                **error);
CdArticle    *cd_document_load_bytes       (GBytes                 *bytes,
                                            const char             *display_name,
                                            const CdDocumentLimits *limits,
                                            GError                **error);

/* Writes a .article container atomically: a temporary file in the same
 * folder, fsync, rename. On failure the old file is left whole. */
gboolean      cd_document_save             (CdArticle              *article,
                                            GFile                  *file,
                                            GError                **error);
/* The container as bytes, for callers that write elsewhere. */
GBytes       *cd_document_write_bytes      (CdArticle              *article,
                                            GError                **error);

/* Writes @article as a bare article.json to @output atomically, with
 * its pictures first in the folder media/ beside it (see
 * cd_media_export()), where cd_document_load() finds them again. */
gboolean      cd_document_export_json      (CdArticle              *article,
                                            GFile                  *output,
                                            GError                **error);

/* Atomically writes @bytes to @file (temporary file, fsync, rename). */
gboolean      cd_file_replace_atomic       (GFile                  *file,
                                            GBytes                 *bytes,
                                            GError                **error);

G_END_DECLS
