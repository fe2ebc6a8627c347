/* cd-document.c
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
#include "cd-thread.h"

#define DEFAULT_MAX_ENTRIES    10000
#define DEFAULT_MAX_JSON_SIZE  (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define DEFAULT_MAX_ENTRY_SIZE (G_GUINT64_CONSTANT (512) * 1024 * 1024)
#define DEFAULT_MAX_TOTAL_SIZE (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
#define DEFAULT_MAX_FILE_SIZE  (G_GUINT64_CONSTANT (1024) * 1024 * 1024)

#define MEDIA_PREFIX           "media/"

void
cd_document_limits_init (CdDocumentLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_entries = DEFAULT_MAX_ENTRIES;
  limits->max_json_size = DEFAULT_MAX_JSON_SIZE;
  limits->max_entry_size = DEFAULT_MAX_ENTRY_SIZE;
  limits->max_total_size = DEFAULT_MAX_TOTAL_SIZE;
  limits->max_file_size = DEFAULT_MAX_FILE_SIZE;
}

char *
cd_file_get_display_basename (GFile *file)
{
  g_autofree char *basename = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

char *
_cd_document_get_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);

  if (path != NULL)
    return g_filename_display_name (path);

  return g_file_get_parse_name (file);
}

char *
_cd_document_format_limit (guint64 limit)
{
  return g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
}

/* Entry names come from the file and end up in error messages, which must
 * be valid UTF-8 and must not carry control characters that would garble
 * the terminal or toast showing them. */
char *
_cd_document_printable_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02X", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* libarchive ends some of its messages with a line break; a message shown
 * in a toast or a terminal holds no control characters. Names from the
 * file are escaped by _cd_document_printable_name() before they get here. */
void
_cd_document_tidy_archive_error (GError **error)
{
  if (error == NULL || *error == NULL)
    return;

  g_strchomp ((*error)->message);
  for (char *p = (*error)->message; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
}

const char *
_cd_document_archive_detail (struct archive *archive)
{
  const char *detail = archive_error_string (archive);

  return detail != NULL ? detail : _("unknown error");
}

void
_cd_document_locale_scope_enter (LocaleScope *scope)
{
  scope->utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
  scope->previous = scope->utf8 != (locale_t) 0 ? uselocale (scope->utf8) : (locale_t) 0;
}

void
_cd_document_locale_scope_leave (LocaleScope *scope)
{
  if (scope->utf8 != (locale_t) 0)
    {
      uselocale (scope->previous);
      freelocale (scope->utf8);
      scope->utf8 = (locale_t) 0;
    }
}

/* Entries must not be able to name anything outside the container when
 * someone unpacks it with a careless tool, whatever we do with them. */
gboolean
_cd_document_entry_path_is_safe (const char *path)
{
  const char *segment = path;

  if (path[0] == '\0' || path[0] == '/' || strchr (path, '\\') != NULL)
    return FALSE;

  if (g_ascii_isalpha (path[0]) && path[1] == ':')
    return FALSE;

  while (segment != NULL)
    {
      const char *slash = strchr (segment, '/');
      gsize length = slash != NULL ? (gsize) (slash - segment) : strlen (segment);

      if (length == 2 && segment[0] == '.' && segment[1] == '.')
        return FALSE;

      segment = slash != NULL ? slash + 1 : NULL;
    }

  return TRUE;
}

static void
add_figure_media (CdBlock    *block,
                  GHashTable *paths)
{
  const char *src;

  if (block == NULL || cd_block_get_block_type (block) != CD_BLOCK_FIGURE)
    return;

  src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  if (cd_media_name_from_src (src) != NULL)
    g_hash_table_add (paths, g_strdup (src));
}

void
_cd_document_add_revision_media (CdRevision *revision,
                                 GHashTable *paths)
{
  const char * const *media = cd_revision_get_media (revision);

  for (guint i = 0; media[i] != NULL; i++)
    g_hash_table_add (paths, g_strdup (media[i]));
}

/* The set of "media/NAME" paths the lead and body figures, and those of
 * the revisions, point at. */
GHashTable *
_cd_document_collect_media_paths (CdArticle *article)
{
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_blocks = cd_article_get_n_blocks (article);

  GPtrArray *revisions = cd_article_get_revisions (article);

  add_figure_media (cd_article_get_lead (article), paths);
  for (guint i = 0; i < n_blocks; i++)
    add_figure_media (cd_article_get_block (article, i), paths);

  /* The story's revisions share its pictures by name. */
  for (guint i = 0; i < revisions->len; i++)
    _cd_document_add_revision_media (g_ptr_array_index (revisions, i), paths);

  return paths;
}

static gboolean
bytes_look_like_zip (const guint8 *data,
                     gsize         length)
{
  return length >= 4 && memcmp (data, "PK\003\004", 4) == 0;
}

static gboolean
bytes_look_like_json (const guint8 *data,
                      gsize         length)
{
  gsize start = 0;

  /* The JSON reader accepts the byte order mark some editors write. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    start = 3;

  for (gsize i = start; i < length; i++)
    {
      if (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')
        continue;
      return data[i] == '{';
    }

  return FALSE;
}

/* Reading files */

void
_cd_document_buffer_clear (Buffer *buffer)
{
  g_clear_pointer (&buffer->data, g_free);
  buffer->length = 0;
  buffer->capacity = 0;
}

/* Sizes come from the file being read, so a failed allocation is the
 * file's fault and is reported against it rather than ending the
 * process and every other story open in it. */
gboolean
_cd_document_buffer_grow (Buffer      *buffer,
                          gsize        capacity,
                          const char  *display,
                          GError     **error)
{
  guint8 *data;

  if (capacity <= buffer->capacity)
    return TRUE;

  data = g_try_realloc (buffer->data, capacity);
  if (data == NULL)
    {
      g_autofree char *size = _cd_document_format_limit (capacity);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("“%s” cannot be opened: there is not enough memory for %s of it"),
                   display, size);
      return FALSE;
    }

  buffer->data = data;
  buffer->capacity = capacity;
  return TRUE;
}

GBytes *
_cd_document_buffer_steal_bytes (Buffer *buffer)
{
  gsize length = buffer->length;
  guint8 *data = g_steal_pointer (&buffer->data);

  /* Giving back the slack cannot need memory; if it fails anyway, the
   * larger block is as good. */
  if (length > 0 && length < buffer->capacity)
    {
      guint8 *shrunk = g_try_realloc (data, length);

      if (shrunk != NULL)
        data = shrunk;
    }

  buffer->length = 0;
  buffer->capacity = 0;

  return g_bytes_new_take (data, length);
}

/* One more than @limit, without wrapping around. */
static guint64
limit_plus_one (guint64 limit)
{
  return limit < G_MAXUINT64 ? limit + 1 : limit;
}

/* A file being read, either by path or, for files that have no local
 * path, through GIO. */
typedef struct
{
  int           fd;
  GInputStream *stream;
  char         *display;
  gsize         size_hint;
} Source;

static void
source_clear (Source *source)
{
  if (source->fd >= 0)
    close (source->fd);
  source->fd = -1;
  g_clear_object (&source->stream);
  g_clear_pointer (&source->display, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

/* Opens @file for reading. With @only_regular, symbolic links and special
 * files are not followed, and neither they nor a missing file are an
 * error: @source is left closed. */
static gboolean
source_open (Source    *source,
             GFile     *file,
             gboolean   only_regular,
             GError   **error)
{
  const char *path = g_file_peek_path (file);

  source->fd = -1;
  source->stream = NULL;
  source->size_hint = 0;
  source->display = _cd_document_get_display_name (file);

  if (path != NULL)
    {
      struct stat st;
      /* Non-blocking, so that opening a named pipe cannot hang; it is
       * refused as not a regular file right after. */
      int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (only_regular ? O_NOFOLLOW : 0);
      int fd = open (path, flags);
      int saved_errno = 0;

      if (fd < 0)
        {
          if (only_regular && (errno == ENOENT || errno == ELOOP || errno == ENOTDIR))
            return TRUE;

          g_set_error (error, CD_ERROR, CD_ERROR_IO,
                       _("Could not open “%s”: %s"),
                       source->display, g_strerror (errno));
          return FALSE;
        }

      if (fstat (fd, &st) != 0)
        saved_errno = errno;
      else if (S_ISREG (st.st_mode))
        {
          source->fd = fd;
          source->size_hint = (gsize) MIN ((guint64) st.st_size, G_MAXSIZE - 1);
          return TRUE;
        }
      else if (S_ISDIR (st.st_mode))
        saved_errno = EISDIR;

      close (fd);
      if (only_regular)
        return TRUE;

      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   _("Could not open “%s”: %s"),
                   source->display,
                   saved_errno != 0 ? g_strerror (saved_errno) : _("Not a regular file"));
      return FALSE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      if (only_regular)
        {
          g_autoptr(GFileInfo) info = NULL;

          info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                    NULL, NULL);
          if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
            return TRUE;
        }

      source->stream = G_INPUT_STREAM (g_file_read (file, NULL, &local_error));
      if (source->stream == NULL)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_IO,
                       _("Could not open “%s”: %s"),
                       source->display, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* Appends to @buffer until it holds @want bytes or the file ends. */
static gboolean
source_read_up_to (Source   *source,
                   Buffer   *buffer,
                   guint64   want,
                   GError  **error)
{
  want = MIN (want, G_MAXSIZE);

  while (buffer->length < want)
    {
      gssize n_read;
      gsize chunk;

      /* The size hint lets a whole file land in one exact allocation,
       * with one spare byte to see the end of the file. */
      if (buffer->length == buffer->capacity)
        {
          gsize capacity = MAX (buffer->capacity, READ_CHUNK_SIZE / 2) * 2;

          capacity = MAX (capacity, source->size_hint + 1);
          if (!_cd_document_buffer_grow (buffer, MIN (capacity, want), source->display, error))
            return FALSE;
        }

      chunk = MIN (buffer->capacity - buffer->length, (gsize) G_MAXSSIZE);

      if (source->fd >= 0)
        {
          do
            n_read = read (source->fd, buffer->data + buffer->length, chunk);
          while (n_read < 0 && errno == EINTR);

          if (n_read < 0)
            {
              g_set_error (error, CD_ERROR, CD_ERROR_IO,
                           _("Could not read “%s”: %s"),
                           source->display, g_strerror (errno));
              return FALSE;
            }
        }
      else
        {
          g_autoptr(GError) local_error = NULL;

          n_read = g_input_stream_read (source->stream, buffer->data + buffer->length,
                                        chunk, NULL, &local_error);
          if (n_read < 0)
            {
              g_set_error (error, CD_ERROR, CD_ERROR_IO,
                           _("Could not read “%s”: %s"),
                           source->display, local_error->message);
              return FALSE;
            }
        }

      if (n_read == 0)
        break;
      buffer->length += n_read;
    }

  return TRUE;
}

/* From this many pictures on, a second core reads some of them. */
#define PARALLEL_FIGURES 8

/* A reader of a story's figures' pictures: two take the next figure not
 * taken in turn, so they finish together. */
typedef struct
{
  GPtrArray              *figures;
  /* The next figure not taken, shared by both readers. */
  gint                   *next;
  GFile                  *folder;
  const CdDocumentLimits *limits;
  /* One for each figure, NULL for a missing file. */
  GBytes                **bytes;
  /* The first figure this reader could not read, or G_MAXUINT; it then
   * takes no more. Every figure before it was taken by one reader or
   * the other, so the first failure in the story's order is the smaller
   * of the two. */
  guint                   failed;
  GError                 *error;
} FigureReads;

static gpointer
read_figures (gpointer data)
{
  FigureReads *reads = data;
  g_autoptr(CdMediaFolder) folder = cd_media_folder_new (reads->folder);

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (reads->next, 1);
      const char *src;

      if (i >= reads->figures->len)
        break;

      src = cd_block_get_field (g_ptr_array_index (reads->figures, i), CD_BLOCK_FIELD_SRC);
      if (!cd_media_folder_read (folder, src, reads->limits->max_entry_size, &reads->bytes[i], &reads->error) ||
          (reads->bytes[i] != NULL && !cd_media_sniff (reads->bytes[i], src, NULL, &reads->error)))
        {
          reads->failed = i;
          break;
        }
    }

  return NULL;
}

/* Reads the images of the figures of a bare article.json from beneath
 * the folder beside it. A missing file leaves its figure without media,
 * as an unsaved draft may. Nothing outside the folder is reached, no
 * link is followed and only images are taken, so that a folder from an
 * untrusted archive cannot pull other files into a story that is then
 * saved and published. The error is the first figure's, in the story's
 * order, that cannot be read, whichever core read it. */
static gboolean
load_media_beside (CdArticle               *article,
                   const char              *display,
                   GFile                   *folder,
                   const CdDocumentLimits  *limits,
                   GError                 **error)
{
  g_autoptr(GPtrArray) figures = g_ptr_array_new ();
  g_autofree GBytes **bytes = NULL;
  FigureReads first = { 0, };
  FigureReads second = { 0, };
  FigureReads *failed = NULL;
  CdThread *thread = NULL;
  gint next = 0;
  guint n_blocks = cd_article_get_n_blocks (article);
  CdBlock *lead = cd_article_get_lead (article);

  for (guint i = 0; i <= n_blocks; i++)
    {
      CdBlock *block = i == 0 ? lead : cd_article_get_block (article, i - 1);

      if (block != NULL && cd_block_get_block_type (block) == CD_BLOCK_FIGURE &&
          cd_media_name_from_src (cd_block_get_field (block, CD_BLOCK_FIELD_SRC)) != NULL)
        g_ptr_array_add (figures, block);
    }
  if (figures->len == 0)
    return TRUE;

  bytes = g_new0 (GBytes *, figures->len);
  first = (FigureReads) { figures, &next, folder, limits, bytes, G_MAXUINT, NULL };
  second = first;
  if (figures->len >= PARALLEL_FIGURES)
    thread = cd_thread_new ("media", read_figures, &second);
  read_figures (&first);
  if (thread != NULL)
    cd_thread_join (thread);

  if (first.failed < second.failed)
    failed = &first;
  else if (second.failed < first.failed)
    failed = &second;

  for (guint i = 0; i < figures->len; i++)
    {
      const char *src = cd_block_get_field (g_ptr_array_index (figures, i), CD_BLOCK_FIELD_SRC);

      /* A picture shown twice is kept once. */
      if (failed == NULL && bytes[i] != NULL && cd_article_get_media (article, src) == NULL)
        cd_article_set_media (article, src, bytes[i]);
      else if (failed == NULL && bytes[i] == NULL)
        g_debug ("Media %s is missing", src);
      g_clear_pointer (&bytes[i], g_bytes_unref);
    }

  if (failed != NULL)
    {
      g_autofree char *what = cd_media_describe_figure (article, g_ptr_array_index (figures, failed->failed));

      g_propagate_prefixed_error (error, g_steal_pointer (&failed->error),
                                  _("“%s” cannot be opened: %s: "), display, what);
    }
  g_clear_error (&first.error);
  g_clear_error (&second.error);

  return failed == NULL;
}

static CdArticle *
load_bytes (GBytes                  *bytes,
            const char              *display,
            const CdDocumentLimits  *limits,
            GFile                   *media_folder,
            GError                 **error)
{
  g_autoptr(CdArticle) article = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” is not a Copydesk article: the file is empty"),
                   display);
      return NULL;
    }

  if (bytes_look_like_zip (data, length))
    {
      if (length > limits->max_file_size)
        {
          _cd_document_set_file_too_large_error (error, display, limits->max_file_size);
          return NULL;
        }

      return _cd_document_load_container (bytes, display, limits, error);
    }

  if (!bytes_look_like_json (data, length))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” is not a Copydesk article: it is neither a .article file nor an article.json"),
                   display);
      return NULL;
    }

  if (length > limits->max_json_size)
    {
      _cd_document_set_file_too_large_error (error, display, limits->max_json_size);
      return NULL;
    }

  article = _cd_document_parse_article_json (bytes, display, FALSE, error);
  if (article == NULL)
    return NULL;

  if (media_folder != NULL && !load_media_beside (article, display, media_folder, limits, error))
    return NULL;

  return g_steal_pointer (&article);
}

CdArticle *
cd_document_load_bytes (GBytes                  *bytes,
                        const char              *display_name,
                        const CdDocumentLimits  *limits,
                        GError                 **error)
{
  CdDocumentLimits default_limits;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      cd_document_limits_init (&default_limits);
      limits = &default_limits;
    }

  if (display_name == NULL)
    display_name = _("the article");

  return load_bytes (bytes, display_name, limits, NULL, error);
}

CdArticle *
cd_document_load_with_limits (GFile                   *file,
                              const CdDocumentLimits  *limits,
                              GError                 **error)
{
  g_auto(Source) source = { -1, NULL, NULL, 0 };
  g_auto(Buffer) buffer = { NULL, 0, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) folder = NULL;
  CdDocumentLimits default_limits;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      cd_document_limits_init (&default_limits);
      limits = &default_limits;
    }

  if (!source_open (&source, file, FALSE, error))
    return NULL;
  _cd_import_count_read ();

  _cd_document_remove_stale_temp_files_beside (file);

  if (!source_read_up_to (&source, &buffer, 4, error))
    return NULL;

  /* A container has to be read whole to reach its central directory;
   * anything else can only be article.json. Either way reading stops one
   * byte past the limit, which is refused before its memory is taken
   * when the file's size already says so. */
  if (bytes_look_like_zip (buffer.data, buffer.length))
    {
      if (source.size_hint > limits->max_file_size)
        {
          _cd_document_set_file_too_large_error (error, source.display, limits->max_file_size);
          return NULL;
        }

      if (!source_read_up_to (&source, &buffer, limit_plus_one (limits->max_file_size), error))
        return NULL;
    }
  else if (!source_read_up_to (&source, &buffer, limit_plus_one (limits->max_json_size), error))
    return NULL;

  bytes = _cd_document_buffer_steal_bytes (&buffer);
  folder = g_file_get_parent (file);

  return load_bytes (bytes, source.display, limits, folder, error);
}

CdArticle *
_cd_document_load_tree (GFile        *file,
                        gsize         size,
                        const cJSON  *root,
                        GError      **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(CdArticle) article = NULL;
  CdDocumentLimits limits;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cd_document_limits_init (&limits);
  display = _cd_document_get_display_name (file);
  folder = g_file_get_parent (file);
  _cd_document_remove_stale_temp_files_beside (file);

  if (size > limits.max_json_size)
    {
      _cd_document_set_file_too_large_error (error, display, limits.max_json_size);
      return NULL;
    }

  article = _cd_json_read_tree (root, display, error);
  if (article == NULL)
    return NULL;

  if (folder != NULL && !load_media_beside (article, display, folder, &limits, error))
    return NULL;

  return g_steal_pointer (&article);
}

CdArticle *
_cd_document_load_read (GFile        *file,
                        GBytes       *bytes,
                        const cJSON  *root,
                        GError      **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GFile) folder = NULL;
  CdDocumentLimits limits;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root != NULL)
    return _cd_document_load_tree (file, g_bytes_get_size (bytes), root, error);

  cd_document_limits_init (&limits);
  display = _cd_document_get_display_name (file);
  folder = g_file_get_parent (file);
  _cd_document_remove_stale_temp_files_beside (file);

  return load_bytes (bytes, display, &limits, folder, error);
}

CdArticle *
cd_document_load (GFile   *file,
                  GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cd_document_load_with_limits (file, NULL, error);
}
