/* cd-document-private.h: the save rules, open to the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <locale.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <gio/gio.h>
#include <cjson/cJSON.h>

#include "cd-article.h"
#include "cd-document.h"
#include "cd-revision.h"

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

/* What must succeed before a replaced file takes its place. */
typedef gboolean (*CdBeforeReplace) (gpointer   data,
                                     GError   **error);

/* cd_file_replace_atomic() calling @before once the new bytes are on
 * disk under a temporary name, before they take the file's place: when
 * it fails, the file is left as it was and its error is returned. */
gboolean _cd_file_replace_atomic_after (GFile            *file,
                                        GBytes           *bytes,
                                        CdBeforeReplace   before,
                                        gpointer          before_data,
                                        GError          **error);

/* A file replaced as cd_file_replace_atomic() does, its new bytes
 * written in pieces one after another: the disk takes the first while
 * a writer makes the rest. For a local file (g_file_peek_path() not
 * NULL). Until _cd_file_replace_commit() renames the new file into
 * place, the old one is whole; _cd_file_replace_abort() drops the new
 * one. A write that fails is reported by the commit. */
typedef struct _CdReplace CdReplace;

CdReplace *_cd_file_replace_begin  (GFile            *file,
                                    GError          **error);
void       _cd_file_replace_write  (CdReplace        *replace,
                                    const char       *data,
                                    gsize             length);
/* Frees @replace; @before as for _cd_file_replace_atomic_after(), or
 * NULL. */
gboolean   _cd_file_replace_commit (CdReplace        *replace,
                                    CdBeforeReplace   before,
                                    gpointer          before_data,
                                    GError          **error);
void       _cd_file_replace_abort  (CdReplace        *replace);

/* cd_document_load() of @file for a caller that has read it whole into
 * @bytes already, and parsed it with _cd_json_parse() into @root when it
 * is an article.json (else NULL, and @bytes is read as cd_document_load()
 * reads a file): the same story, media and errors, without reading or
 * parsing again. */
CdArticle *_cd_document_load_read       (GFile             *file,
                                         GBytes            *bytes,
                                         const cJSON       *root,
                                         GError           **error);
/* The same for an article.json of @size bytes parsed into @root, for a
 * caller that has let go of the text already. */
CdArticle *_cd_document_load_tree       (GFile             *file,
                                         gsize              size,
                                         const cJSON       *root,
                                         GError           **error);

/* Shared by cd-document.c, cd-document-save.c and
 * cd-document-container.c; not for other callers. */

#define READ_CHUNK_SIZE        (64 * 1024)
#define MIMETYPE_ENTRY         "mimetype"
#define ARTICLE_ENTRY          "article.json"

/* Names in the container and in article.json are UTF-8 whatever the
 * user's locale is, and libarchive converts names through the current
 * locale; running the archive code under C.UTF-8 makes that conversion
 * an identity instead of a failure for non-ASCII names in the C locale. */
typedef struct
{
  locale_t utf8;
  locale_t previous;
} LocaleScope;

/* A growable byte buffer whose capacity is chosen by the reader, so that
 * data read to a known size is held without any slack. */
typedef struct
{
  guint8 *data;
  gsize   length;
  gsize   capacity;
} Buffer;

struct archive;

char *
_cd_document_get_display_name (GFile *file);

char *
_cd_document_format_limit (guint64 limit);

char *
_cd_document_printable_name (const char *name);

void
_cd_document_tidy_archive_error (GError **error);

const char *
_cd_document_archive_detail (struct archive *archive);

void
_cd_document_locale_scope_enter (LocaleScope *scope);

void
_cd_document_locale_scope_leave (LocaleScope *scope);

gboolean
_cd_document_entry_path_is_safe (const char *path);

void
_cd_document_add_revision_media (CdRevision *revision,
                                 GHashTable *paths);

GHashTable *
_cd_document_collect_media_paths (CdArticle *article);

void
_cd_document_remove_stale_temp_files_beside (GFile *file);

void
_cd_document_buffer_clear (Buffer *buffer);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Buffer, _cd_document_buffer_clear)

gboolean
_cd_document_buffer_grow (Buffer      *buffer,
                          gsize        capacity,
                          const char  *display,
                          GError     **error);

GBytes *
_cd_document_buffer_steal_bytes (Buffer *buffer);

void
_cd_document_set_file_too_large_error (GError     **error,
                                       const char  *display,
                                       guint64      limit);

CdArticle *
_cd_document_parse_article_json (GBytes      *json,
                                 const char  *display,
                                 gboolean     in_container,
                                 GError     **error);

CdArticle *
_cd_document_load_container (GBytes                  *bytes,
                             const char              *display,
                             const CdDocumentLimits  *limits,
                             GError                 **error);

/* cd_document_write_bytes () with every entry stored, not deflated: for
 * a file rewritten after each change and deleted soon after (the recovery
 * journal), where the processor's time counts and the size does not. */
GBytes    *_cd_document_write_bytes_stored (CdArticle  *article,
                                            GError    **error);

G_END_DECLS
