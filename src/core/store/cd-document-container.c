/* cd-document-container.c: reading the container
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-document"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-libarchive-private.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cd-document.h"
#include "cd-document-private.h"
#include "cd-error.h"
#include "cd-read-counts-private.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-revision.h"

/* Reading the container */

static gboolean
set_damaged_error (GError         **error,
                   const char      *display,
                   struct archive  *archive)
{
  g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
               _("“%s” is damaged or incomplete and cannot be opened (%s)"),
               display, _cd_document_archive_detail (archive));
  return FALSE;
}

void
_cd_document_set_file_too_large_error (GError     **error,
                                       const char  *display,
                                       guint64      limit)
{
  g_autofree char *size = _cd_document_format_limit (limit);

  g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
               _("“%s” cannot be opened: it is larger than the limit of %s"),
               display, size);
}

static void
set_entry_too_large_error (GError     **error,
                           const char  *display,
                           const char  *path,
                           guint64      limit)
{
  g_autofree char *size = _cd_document_format_limit (limit);

  if (g_str_equal (path, ARTICLE_ENTRY))
    g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                 _("“%s” cannot be opened: its article.json is larger than the limit of %s"),
                 display, size);
  else
    {
      g_autofree char *name = _cd_document_printable_name (path);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("“%s” cannot be opened: the entry “%s” is larger than the limit of %s"),
                   display, name, size);
    }
}

static void
set_total_too_large_error (GError     **error,
                           const char  *display,
                           guint64      limit)
{
  g_autofree char *size = _cd_document_format_limit (limit);

  g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
               _("“%s” cannot be opened: its entries unpack to more than the total limit of %s"),
               display, size);
}

/* What the container may still unpack to, of its max_total_size. */
typedef struct
{
  guint64 limit;
  guint64 left;
} Budget;

/* Whether @size bytes at @data are part of the @length bytes at @within
 * (compared as addresses: @data may point anywhere). */
static gboolean
lies_within (const guint8 *data,
             gsize         size,
             const guint8 *within,
             gsize         length)
{
  guintptr start = (guintptr) within;
  guintptr at = (guintptr) data;

  return within != NULL && at >= start && at - start <= length && size <= length - (at - start);
}

/* Reads the current entry's data, never holding more than @limit bytes
 * nor more than is left of @budget (when given), which the entry's
 * length is then taken from. The size in the header is checked first,
 * but headers can lie, so the limits are enforced on the data as well.
 *
 * With @container, the bytes the archive is read from: an entry stored
 * uncompressed comes out of libarchive as one block inside them, and is
 * then kept as a slice of them instead of a copy (a story's photos are
 * most of its file, and JPEG is stored as it is). libarchive has checked
 * the entry's CRC-32 by the time it reports the end of the data. */
static GBytes *
read_entry_data (struct archive        *archive,
                 struct archive_entry  *entry,
                 GBytes                *container,
                 const char            *display,
                 const char            *path,
                 guint64                limit,
                 Budget                *budget,
                 GError               **error)
{
  g_auto(Buffer) buffer = { NULL, 0, 0 };
  const guint8 *container_data = NULL;
  gsize container_length = 0;
  const guint8 *slice = NULL;
  gsize slice_length = 0;
  guint64 allowed;
  gsize capacity = 0;

  limit = MIN (limit, G_MAXSIZE / 2);
  allowed = budget != NULL ? MIN (limit, budget->left) : limit;

  if (archive_entry_is_encrypted (entry))
    {
      g_autofree char *name = _cd_document_printable_name (path);

      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” cannot be opened: the entry “%s” is encrypted"),
                   display, name);
      return NULL;
    }

  if (archive_entry_size_is_set (entry))
    {
      gint64 size = archive_entry_size (entry);

      if (size > 0 && (guint64) size > limit)
        {
          set_entry_too_large_error (error, display, path, limit);
          return NULL;
        }

      if (size > 0 && (guint64) size > allowed)
        {
          set_total_too_large_error (error, display, budget->limit);
          return NULL;
        }

      capacity = MAX (size, 0);
    }

  if (container != NULL)
    container_data = g_bytes_get_data (container, &container_length);

  for (;;)
    {
      const void *block;
      size_t block_size;
      la_int64_t offset;
      gsize length = slice != NULL ? slice_length : buffer.length;
      const guint8 *block_data;
      int status;

      status = archive_read_data_block (archive, &block, &block_size, &offset);
      if (status == ARCHIVE_EOF)
        break;

      /* A gap in the data (a sparse entry) is not something a story's
       * container holds. */
      if (status != ARCHIVE_OK || offset < 0 || (guint64) offset != length)
        {
          g_autofree char *name = _cd_document_printable_name (path);

          g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                       _("“%s” is damaged: the entry “%s” cannot be read: %s"),
                       display, name,
                       status != ARCHIVE_OK ? _cd_document_archive_detail (archive) : _("its data has a gap"));
          return NULL;
        }

      if (block_size == 0)
        continue;

      if (block_size > limit - length)
        {
          set_entry_too_large_error (error, display, path, limit);
          return NULL;
        }

      if (block_size > allowed - length)
        {
          set_total_too_large_error (error, display, budget->limit);
          return NULL;
        }

      block_data = block;
      if (length == 0 && lies_within (block_data, block_size, container_data, container_length))
        {
          slice = block_data;
          slice_length = block_size;
          continue;
        }

      /* A compressed entry, or more than one block: copied. The header's
       * size, when right, makes this one exact allocation. */
      if (length + block_size > buffer.capacity)
        {
          gsize grown = MAX (length + block_size, MAX (capacity, buffer.capacity * 2));

          if (!_cd_document_buffer_grow (&buffer, MIN (grown, MAX (allowed, length + block_size)),
                                         display, error))
            return NULL;
        }
      if (slice != NULL)
        {
          memcpy (buffer.data, slice, slice_length);
          buffer.length = slice_length;
          slice = NULL;
        }
      memcpy (buffer.data + buffer.length, block_data, block_size);
      buffer.length += block_size;
    }

  if (budget != NULL)
    budget->left -= slice != NULL ? slice_length : buffer.length;

  if (slice != NULL)
    return g_bytes_new_from_bytes (container, slice - container_data, slice_length);

  return _cd_document_buffer_steal_bytes (&buffer);
}

static gboolean
check_mimetype (struct archive        *archive,
                struct archive_entry  *entry,
                const char            *display,
                const char            *path,
                GError               **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize expected_length = strlen (CD_ARTICLE_MIME_TYPE);

  if (!g_str_equal (path, MIMETYPE_ENTRY))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” is not a Copydesk article: the first entry must be 'mimetype'"),
                   display);
      return FALSE;
    }

  content = read_entry_data (archive, entry, NULL, display, path, expected_length, NULL, &local_error);
  if (content == NULL && !g_error_matches (local_error, CD_ERROR, CD_ERROR_LIMIT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (content == NULL ||
      g_bytes_get_size (content) != expected_length ||
      memcmp (g_bytes_get_data (content, NULL), CD_ARTICLE_MIME_TYPE, expected_length) != 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” is not a Copydesk article: its 'mimetype' entry must say %s"),
                   display, CD_ARTICLE_MIME_TYPE);
      return FALSE;
    }

  return TRUE;
}

CdArticle *
_cd_document_parse_article_json (GBytes      *json,
                                 const char  *display,
                                 gboolean     in_container,
                                 GError     **error)
{
  g_autofree char *json_display = NULL;
  gsize length;
  const char *data = g_bytes_get_data (json, &length);

  if (in_container)
    json_display = g_strdup_printf ("%s: %s", display, ARTICLE_ENTRY);

  /* An empty entry has no data pointer; the JSON reader still wants one. */
  return cd_json_read (data != NULL ? data : "", length,
                       json_display != NULL ? json_display : display,
                       error);
}

static CdArticle *
read_container (struct archive          *archive,
                GBytes                  *bytes,
                const char              *display,
                const CdDocumentLimits  *limits,
                GError                 **error)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GHashTable) referenced = NULL;
  g_autoptr(GHashTable) media = NULL;
  g_autoptr(GHashTable) revision_files = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_entries = 0;
  Budget budget = { limits->max_total_size, limits->max_total_size };
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  /* Only the reader that trusts the central directory: the streaming one
   * would load a truncated file and silently lose the entries past the
   * cut. */
  if (archive_read_support_format_zip_seekable (archive) != ARCHIVE_OK ||
      archive_read_open_memory (archive, data, length) != ARCHIVE_OK)
    {
      set_damaged_error (error, display, archive);
      return NULL;
    }

  media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  revision_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  for (;;)
    {
      struct archive_entry *entry;
      const char *path;
      int status = archive_read_next_header (archive, &entry);

      if (status == ARCHIVE_EOF)
        break;

      if (status < ARCHIVE_WARN)
        {
          set_damaged_error (error, display, archive);
          return NULL;
        }

      if (++n_entries > limits->max_entries)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                       _("“%s” cannot be opened: it has more than %u entries"),
                       display, limits->max_entries);
          return NULL;
        }

      path = archive_entry_pathname_utf8 (entry);
      if (path == NULL)
        path = archive_entry_pathname (entry);
      if (path == NULL)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                       _("“%s” is damaged: entry %u has a name that cannot be read"),
                       display, n_entries);
          return NULL;
        }

      if (!_cd_document_entry_path_is_safe (path))
        {
          g_autofree char *name = _cd_document_printable_name (path);

          g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                       _("“%s” is not a safe Copydesk article: the entry “%s” has an absolute path or a '..' component"),
                       display, name);
          return NULL;
        }

      if (n_entries == 1)
        {
          if (!check_mimetype (archive, entry, display, path, error))
            return NULL;
          continue;
        }

      if (archive_entry_filetype (entry) != AE_IFREG)
        continue;

      if (g_str_equal (path, ARTICLE_ENTRY))
        {
          g_autoptr(GBytes) json = NULL;

          if (article != NULL)
            {
              g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                           _("“%s” is damaged: it has more than one article.json"),
                           display);
              return NULL;
            }

          json = read_entry_data (archive, entry, NULL, display, path, limits->max_json_size,
                                  &budget, error);
          if (json == NULL)
            return NULL;

          /* Parsing as soon as the story is known lets the media that no
           * figure uses be skipped instead of read. */
          article = _cd_document_parse_article_json (json, display, TRUE, error);
          if (article == NULL)
            return NULL;
          referenced = _cd_document_collect_media_paths (article);
          for (guint i = 0; revisions != NULL && i < revisions->len; i++)
            _cd_document_add_revision_media (g_ptr_array_index (revisions, i), referenced);
        }
      else if (g_str_has_prefix (path, CD_REVISIONS_FOLDER))
        {
          GBytes *content;

          if (g_hash_table_contains (revision_files, path) ||
              (revisions != NULL && g_str_equal (path, CD_REVISIONS_INDEX)))
            {
              g_autofree char *name = _cd_document_printable_name (path);

              g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                           _("“%s” is damaged: it has more than one entry “%s”"),
                           display, name);
              return NULL;
            }

          /* Each revision is a story of its own and held to the same
           * size, and all of them to what is left of the total. */
          content = read_entry_data (archive, entry, NULL, display, path, limits->max_json_size,
                                     &budget, error);
          if (content == NULL)
            return NULL;

          if (g_str_equal (path, CD_REVISIONS_INDEX))
            {
              revisions = cd_revisions_read_index (content, display, error);
              g_bytes_unref (content);
              if (revisions == NULL)
                return NULL;
              if (referenced != NULL)
                for (guint i = 0; i < revisions->len; i++)
                  _cd_document_add_revision_media (g_ptr_array_index (revisions, i), referenced);
            }
          else
            g_hash_table_insert (revision_files, g_strdup (path), content);
        }
      else if (cd_media_name_from_src (path) != NULL)
        {
          GBytes *content;

          if (g_hash_table_contains (media, path))
            {
              g_autofree char *name = _cd_document_printable_name (path);

              g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                           _("“%s” is damaged: it has more than one entry “%s”"),
                           display, name);
              return NULL;
            }

          if (referenced != NULL && !g_hash_table_contains (referenced, path))
            continue;

          content = read_entry_data (archive, entry, bytes, display, path, limits->max_entry_size,
                                     &budget, error);
          if (content == NULL)
            return NULL;

          g_hash_table_insert (media, g_strdup (path), content);
        }
    }

  if (n_entries == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” is not a Copydesk article: the first entry must be 'mimetype'"),
                   display);
      return NULL;
    }

  if (article == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” is not a Copydesk article: it has no article.json"),
                   display);
      return NULL;
    }

  if (revisions != NULL)
    {
      if (!cd_revisions_attach_files (revisions, revision_files, display, error))
        return NULL;
      g_ptr_array_extend_and_steal (cd_article_get_revisions (article), g_steal_pointer (&revisions));
    }

  /* Only images enter a story, whatever a crafted container holds under
   * an image's name. */
  g_hash_table_iter_init (&iter, media);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = NULL;

      if (!g_hash_table_contains (referenced, key))
        continue;

      name = _cd_document_printable_name (key);
      if (!cd_media_sniff (value, name, NULL, error))
        {
          g_prefix_error (error, _("“%s” cannot be opened: "), display);
          return NULL;
        }

      cd_article_set_media (article, key, value);
    }

  return g_steal_pointer (&article);
}

/* The headers give every entry's unpacked size before anything is
 * unpacked, so a container whose article.json and media declare more
 * than the total limit is refused without inflating any of them. The
 * reading still holds each entry to what is left, for headers that lie.
 * Damage and too many entries are left for the reading to report. */
static gboolean
check_declared_total (struct archive          *archive,
                      GBytes                  *bytes,
                      const char              *display,
                      const CdDocumentLimits  *limits,
                      GError                 **error)
{
  guint64 total = 0;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (archive_read_support_format_zip_seekable (archive) != ARCHIVE_OK ||
      archive_read_open_memory (archive, data, length) != ARCHIVE_OK)
    return TRUE;

  for (guint n_entries = 0; n_entries < limits->max_entries; n_entries++)
    {
      struct archive_entry *entry;
      const char *path;
      gint64 size;
      int status = archive_read_next_header (archive, &entry);

      if (status == ARCHIVE_EOF || status < ARCHIVE_WARN)
        break;

      if (archive_entry_filetype (entry) != AE_IFREG || !archive_entry_size_is_set (entry))
        continue;

      path = archive_entry_pathname_utf8 (entry);
      if (path == NULL)
        path = archive_entry_pathname (entry);
      if (path == NULL ||
          (!g_str_equal (path, ARTICLE_ENTRY) && cd_media_name_from_src (path) == NULL &&
           !g_str_has_prefix (path, CD_REVISIONS_FOLDER)))
        continue;

      size = archive_entry_size (entry);
      if (size <= 0)
        continue;

      total += MIN ((guint64) size, G_MAXUINT64 - total);
      if (total > limits->max_total_size)
        {
          set_total_too_large_error (error, display, limits->max_total_size);
          return FALSE;
        }
    }

  return TRUE;
}

CdArticle *
_cd_document_load_container (GBytes                  *bytes,
                             const char              *display,
                             const CdDocumentLimits  *limits,
                             GError                 **error)
{
  CdArticle *article = NULL;
  struct archive *archive;
  LocaleScope scope;
  gboolean ok;

  _cd_document_locale_scope_enter (&scope);
  archive = archive_read_new ();
  ok = check_declared_total (archive, bytes, display, limits, error);
  archive_read_free (archive);

  if (ok)
    {
      archive = archive_read_new ();
      article = read_container (archive, bytes, display, limits, error);
      archive_read_free (archive);
    }
  _cd_document_locale_scope_leave (&scope);
  _cd_document_tidy_archive_error (error);

  return article;
}
