/* cd-document.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

#define CD_ARTICLE_MIME_TYPE "application/vnd.copydesk.article+zip"

/* The reading limits of the .article container (docs/article-format.md). A file past
 * any of them is refused with a CD_ERROR_LIMIT naming the file and the
 * limit, before the memory it asks for is taken.
 *
 * max_total_size bounds what the container unpacks to in all (its
 * article.json and media entries), so that many entries each under
 * max_entry_size cannot add up to more memory than the machine has;
 * max_file_size bounds the container file itself, which is read whole. */
typedef struct
{
  guint   max_entries;       /* 10,000 */
  guint64 max_json_size;     /* 64 MiB */
  guint64 max_entry_size;    /* 512 MiB */
  guint64 max_total_size;    /* 1 GiB */
  guint64 max_file_size;     /* 1 GiB */
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
 * folder, fsync, rename. On failure the old file is left whole. See
 * cd_file_replace_atomic() for the files it refuses to replace. */
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

/* Atomically writes @bytes to @file (temporary file, fsync, rename).
 *
 * A symbolic link at @file is followed, except one that another user
 * made in a world-writable sticky folder such as /tmp; a file the user
 * has no write permission on (by its mode and owner, even for root) is
 * not replaced. Both are refused with a CD_ERROR_IO naming the file.
 * Temporary files that an earlier, killed save of the same file left
 * behind (".NAME-XXXXXX", the user's own, older than ten minutes) are
 * removed; opening a story with cd_document_load() does the same. */
gboolean      cd_file_replace_atomic       (GFile                  *file,
                                            GBytes                 *bytes,
                                            GError                **error);

/* The name of @file, without its folder, as a person reads it: valid
 * UTF-8 whatever the file system's encoding. For titles and messages. */
char         *cd_file_get_display_basename (GFile                 *file);

G_END_DECLS
