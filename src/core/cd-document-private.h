/* cd-document-private.h: the save rules, open to the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cd-article.h"

G_BEGIN_DECLS

gboolean _cd_save_may_follow_link (const struct stat *folder,
                                   const struct stat *link,
                                   uid_t              user);
gboolean _cd_save_may_replace     (const struct stat *target,
                                   uid_t              user);

/* As cd_file_replace_atomic(), without waiting for the disk: the file is
 * whole whatever happens to the program, but a system crash may lose it.
 * For the recovery journal, written many times a second. */
gboolean _cd_file_replace_atomic_quick (GFile             *file,
                                        GBytes            *bytes,
                                        GError           **error);

/* cd_document_load() of @file for a caller that has read it whole into
 * @bytes already, and parsed it into @root when it is an article.json
 * (else NULL, and @bytes is read as cd_document_load() reads a file):
 * the same story, media and errors, without reading or parsing again. */
CdArticle *_cd_document_load_read       (GFile             *file,
                                         GBytes            *bytes,
                                         JsonNode          *root,
                                         GError           **error);

G_END_DECLS
