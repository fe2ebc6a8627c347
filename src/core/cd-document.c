/* cd-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-document"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <archive.h>
#include <archive_entry.h>
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
#include "cd-import-private.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-revision.h"

#define DEFAULT_MAX_ENTRIES    10000
#define DEFAULT_MAX_JSON_SIZE  (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define DEFAULT_MAX_ENTRY_SIZE (G_GUINT64_CONSTANT (512) * 1024 * 1024)
#define DEFAULT_MAX_TOTAL_SIZE (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
#define DEFAULT_MAX_FILE_SIZE  (G_GUINT64_CONSTANT (1024) * 1024 * 1024)

#define READ_CHUNK_SIZE        (64 * 1024)
/* As many links as the kernel follows in one path. */
#define MAX_LINK_HOPS          40
/* Longer than any save takes: a temporary file untouched for this many
 * seconds was left by a save that was killed. */
#define STALE_TEMP_AGE         (10 * 60)
#define MEDIA_PREFIX           "media/"
#define MIMETYPE_ENTRY         "mimetype"
#define ARTICLE_ENTRY          "article.json"

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

static char *
get_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);

  if (path != NULL)
    return g_filename_display_name (path);

  return g_file_get_parse_name (file);
}

static char *
format_limit (guint64 limit)
{
  return g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
}

/* Entry names come from the file and end up in error messages, which must
 * be valid UTF-8 and must not carry control characters that would garble
 * the terminal or toast showing them. */
static char *
printable_name (const char *name)
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
 * file are escaped by printable_name() before they get here. */
static void
tidy_archive_error (GError **error)
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

static const char *
archive_detail (struct archive *archive)
{
  const char *detail = archive_error_string (archive);

  return detail != NULL ? detail : _("unknown error");
}

/* Names in the container and in article.json are UTF-8 whatever the
 * user's locale is, and libarchive converts names through the current
 * locale; running the archive code under C.UTF-8 makes that conversion
 * an identity instead of a failure for non-ASCII names in the C locale. */
typedef struct
{
  locale_t utf8;
  locale_t previous;
} LocaleScope;

static void
locale_scope_enter (LocaleScope *scope)
{
  scope->utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
  scope->previous = scope->utf8 != (locale_t) 0 ? uselocale (scope->utf8) : (locale_t) 0;
}

static void
locale_scope_leave (LocaleScope *scope)
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
static gboolean
entry_path_is_safe (const char *path)
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

static void
add_revision_media (CdRevision *revision,
                    GHashTable *paths)
{
  const char * const *media = cd_revision_get_media (revision);

  for (guint i = 0; media[i] != NULL; i++)
    g_hash_table_add (paths, g_strdup (media[i]));
}

/* The set of "media/NAME" paths the lead and body figures, and those of
 * the revisions, point at. */
static GHashTable *
collect_media_paths (CdArticle *article)
{
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_blocks = cd_article_get_n_blocks (article);

  GPtrArray *revisions = cd_article_get_revisions (article);

  add_figure_media (cd_article_get_lead (article), paths);
  for (guint i = 0; i < n_blocks; i++)
    add_figure_media (cd_article_get_block (article, i), paths);

  /* The story's revisions share its pictures by name. */
  for (guint i = 0; i < revisions->len; i++)
    add_revision_media (g_ptr_array_index (revisions, i), paths);

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

/* Writing the container */

static la_ssize_t
write_to_byte_array_cb (struct archive *archive,
                        void           *user_data,
                        const void     *buffer,
                        size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static gboolean
write_entry (struct archive *archive,
             const char     *path,
             const guint8   *data,
             gsize           length,
             gboolean        store,
             GError        **error)
{
  struct archive_entry *entry;
  int status;

  status = store ? archive_write_zip_set_compression_store (archive)
                 : archive_write_zip_set_compression_deflate (archive);
  if (status != ARCHIVE_OK)
    goto failed;

  /* The modification time is left unset on purpose: the ZIP date field is
   * in local time, and without a time every entry gets the same fixed
   * DOS date in every time zone, so the output depends only on the story. */
  entry = archive_entry_new ();
  archive_entry_set_pathname_utf8 (entry, path);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, length);
  status = archive_write_header (archive, entry);
  archive_entry_free (entry);
  if (status != ARCHIVE_OK)
    goto failed;

  while (length > 0)
    {
      la_ssize_t written = archive_write_data (archive, data, length);

      if (written <= 0)
        goto failed;

      data += written;
      length -= written;
    }

  if (archive_write_finish_entry (archive) != ARCHIVE_OK)
    goto failed;

  return TRUE;

failed:
  {
    g_autofree char *name = printable_name (path);

    g_set_error (error, CD_ERROR, CD_ERROR_IO,
                 _("Could not write “%s” into the article container: %s"),
                 name, archive_detail (archive));
    return FALSE;
  }
}

/* Two hundred snapshots of a long story are tens of megabytes to
 * deflate on every save: a story with revisions is written at the
 * fastest level, for a slightly larger file. */
static gboolean
set_compression_level (struct archive *archive,
                       CdArticle      *article)
{
  if (cd_article_get_revisions (article)->len == 0)
    return TRUE;

  return archive_write_set_format_option (archive, "zip", "compression-level", "1") == ARCHIVE_OK;
}

static gboolean
write_revisions (struct archive  *archive,
                 GPtrArray       *revisions,
                 GError         **error)
{
  g_autoptr(GBytes) index = NULL;
  const guint8 *data;
  gsize length;

  if (revisions->len == 0)
    return TRUE;

  index = cd_revisions_write_index (revisions);
  data = g_bytes_get_data (index, &length);
  if (!write_entry (archive, CD_REVISIONS_INDEX, data, length, FALSE, error))
    return FALSE;

  for (guint i = 0; i < revisions->len; i++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      g_autofree char *path = cd_revision_get_path (revision);

      data = g_bytes_get_data (cd_revision_get_json (revision), &length);
      if (!write_entry (archive, path, data, length, FALSE, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_container (struct archive  *archive,
                 CdArticle       *article,
                 GByteArray      *output,
                 GError         **error)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GHashTable) referenced = NULL;
  g_auto(GStrv) media = NULL;
  const guint8 *data;
  gsize length;

  if (archive_write_set_format_zip (archive) != ARCHIVE_OK ||
      archive_write_set_format_option (archive, "zip", "hdrcharset", "UTF-8") != ARCHIVE_OK ||
      archive_write_set_bytes_per_block (archive, 0) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (archive, 1) != ARCHIVE_OK ||
      !set_compression_level (archive, article) ||
      archive_write_open (archive, output, NULL, write_to_byte_array_cb, NULL) != ARCHIVE_OK)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   _("Could not create the article container: %s"),
                   archive_detail (archive));
      return FALSE;
    }

  /* Like ODF and EPUB, an uncompressed mimetype first lets tools that
   * only look at the first bytes recognise the file. */
  if (!write_entry (archive, MIMETYPE_ENTRY,
                    (const guint8 *) CD_ARTICLE_MIME_TYPE, strlen (CD_ARTICLE_MIME_TYPE),
                    TRUE, error))
    return FALSE;

  json = cd_json_write (article);
  data = g_bytes_get_data (json, &length);
  if (!write_entry (archive, ARTICLE_ENTRY, data, length, FALSE, error))
    return FALSE;

  /* The revisions come before the media, so that a reader knows every
   * picture they show by the time it meets it. */
  if (!write_revisions (archive, cd_article_get_revisions (article), error))
    return FALSE;

  /* Only media a figure uses is written, so removed photos do not linger
   * in the file. Images are already compressed, so they are stored. */
  referenced = collect_media_paths (article);
  media = cd_article_list_media (article);
  for (guint i = 0; media != NULL && media[i] != NULL; i++)
    {
      GBytes *bytes;

      if (!g_hash_table_contains (referenced, media[i]))
        continue;

      bytes = cd_article_get_media (article, media[i]);
      if (bytes == NULL)
        continue;

      data = g_bytes_get_data (bytes, &length);
      if (!write_entry (archive, media[i], data, length, TRUE, error))
        return FALSE;
    }

  if (archive_write_close (archive) != ARCHIVE_OK)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   _("Could not finish the article container: %s"),
                   archive_detail (archive));
      return FALSE;
    }

  return TRUE;
}

GBytes *
cd_document_write_bytes (CdArticle  *article,
                         GError    **error)
{
  g_autoptr(GByteArray) output = NULL;
  struct archive *archive;
  LocaleScope scope;
  gboolean ok;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  output = g_byte_array_new ();

  locale_scope_enter (&scope);
  archive = archive_write_new ();
  ok = write_container (archive, article, output, error);
  archive_write_free (archive);
  locale_scope_leave (&scope);
  tidy_archive_error (error);

  if (!ok)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&output));
}

/* Atomic replace */

static gboolean
set_save_error (GError     **error,
                GFile       *file,
                int          saved_errno)
{
  g_autofree char *display = get_display_name (file);

  g_set_error (error, CD_ERROR, CD_ERROR_IO,
               _("Could not save “%s”: %s"),
               display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }

      data += written;
      length -= written;
    }

  return TRUE;
}

/* The rename is only durable once the directory entry reaches the disk.
 * Some file systems cannot sync a directory; by then the new file is in
 * place, so that is not a reason to report the save as failed. */
static void
sync_directory (const char *directory)
{
  int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    {
      g_debug ("Could not open %s to sync it: %s", directory, g_strerror (errno));
      return;
    }

  if (fsync (fd) != 0)
    g_debug ("Could not sync %s: %s", directory, g_strerror (errno));

  close (fd);
}

static gboolean
replace_through_gio (GFile   *file,
                     GBytes  *bytes,
                     GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (g_file_replace_contents (file, data, length, NULL, FALSE,
                               G_FILE_CREATE_NONE, NULL, NULL, &local_error))
    return TRUE;

  display = get_display_name (file);
  g_set_error (error, CD_ERROR, CD_ERROR_IO,
               _("Could not save “%s”: %s"), display, local_error->message);
  return FALSE;
}

/* A folder anyone may add to but only owners may delete from, like /tmp. */
static gboolean
folder_is_shared_sticky (const struct stat *folder)
{
  return S_ISDIR (folder->st_mode) &&
         (folder->st_mode & S_ISVTX) != 0 &&
         (folder->st_mode & S_IWOTH) != 0;
}

/* In a shared sticky folder anyone can plant a link where a user is
 * about to save, pointing at a file of the user's that the save would
 * then replace. As with the kernel's protected_symlinks, such a link is
 * followed only when the user made it. */
gboolean
_cd_save_may_follow_link (const struct stat *folder,
                          const struct stat *link,
                          uid_t              user)
{
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (link != NULL, FALSE);

  return !folder_is_shared_sticky (folder) || link->st_uid == user;
}

static gboolean
user_in_group (gid_t gid)
{
  g_autofree gid_t *groups = NULL;
  int n_groups;

  if (getegid () == gid)
    return TRUE;

  n_groups = getgroups (0, NULL);
  if (n_groups <= 0)
    return FALSE;

  groups = g_new (gid_t, n_groups);
  n_groups = getgroups (n_groups, groups);
  for (int i = 0; i < n_groups; i++)
    {
      if (groups[i] == gid)
        return TRUE;
    }

  return FALSE;
}

/* The rename that ends a save replaces a file whatever its mode says,
 * as long as the folder is writable, so the file's own permission is
 * checked first. It is read from the mode bits as for the owner, the
 * group (of the calling process) or others, not with access(), which
 * lets root write anything. */
gboolean
_cd_save_may_replace (const struct stat *target,
                      uid_t              user)
{
  g_return_val_if_fail (target != NULL, FALSE);

  if (target->st_uid == user)
    return (target->st_mode & S_IWUSR) != 0;
  if (user_in_group (target->st_gid))
    return (target->st_mode & S_IWGRP) != 0;
  return (target->st_mode & S_IWOTH) != 0;
}

/* Resolves the absolute @path the way realpath() does, one component at
 * a time, so that every symbolic link on the way is checked before it
 * is followed. Saving through a link updates the file it points to
 * rather than replacing the link with a plain file. From the first
 * component that does not exist, the rest is kept as it is: a new file
 * is created there, and a missing folder is the save's own error. */
static char *
resolve_save_target (GFile       *file,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GString) resolved = g_string_new ("");
  g_autofree char *remaining = g_strdup (path);
  guint n_hops = 0;

  g_assert (g_path_is_absolute (path));

  for (;;)
    {
      const char *start = remaining;
      const char *end;
      g_autofree char *component = NULL;
      g_autofree char *rest = NULL;
      gsize folder_length = resolved->len;
      struct stat st;

      while (*start == '/')
        start++;
      if (*start == '\0')
        break;

      end = strchr (start, '/');
      if (end == NULL)
        end = start + strlen (start);
      component = g_strndup (start, end - start);
      rest = g_strdup (end);

      if (g_str_equal (component, ".."))
        {
          const char *slash = strrchr (resolved->str, '/');

          g_string_truncate (resolved, slash != NULL ? (gsize) (slash - resolved->str) : 0);
        }
      else if (!g_str_equal (component, "."))
        {
          g_string_append_c (resolved, '/');
          g_string_append (resolved, component);

          if (lstat (resolved->str, &st) != 0)
            {
              g_string_append (resolved, rest);
              break;
            }

          if (S_ISLNK (st.st_mode))
            {
              g_autofree char *folder = NULL;
              g_autofree char *link_target = NULL;
              struct stat folder_st;

              if (++n_hops > MAX_LINK_HOPS)
                {
                  set_save_error (error, file, ELOOP);
                  return NULL;
                }

              folder = folder_length > 0 ? g_strndup (resolved->str, folder_length) : g_strdup ("/");
              if (stat (folder, &folder_st) != 0)
                {
                  set_save_error (error, file, errno);
                  return NULL;
                }

              if (!_cd_save_may_follow_link (&folder_st, &st, geteuid ()))
                {
                  g_autofree char *display = get_display_name (file);
                  g_autofree char *link_display = g_filename_display_name (component);
                  g_autofree char *folder_display = g_filename_display_name (folder);

                  g_set_error (error, CD_ERROR, CD_ERROR_IO,
                               _("Could not save “%s”: %s: “%s” is a symbolic link that another user made in the shared folder “%s”"),
                               display, g_strerror (EACCES), link_display, folder_display);
                  return NULL;
                }

              link_target = g_file_read_link (resolved->str, NULL);
              if (link_target == NULL)
                {
                  set_save_error (error, file, errno);
                  return NULL;
                }

              g_string_truncate (resolved, g_path_is_absolute (link_target) ? 0 : folder_length);
              g_free (remaining);
              remaining = g_strconcat (link_target, rest, NULL);
              continue;
            }
        }

      g_free (remaining);
      remaining = g_steal_pointer (&rest);
    }

  if (resolved->len == 0)
    g_string_append_c (resolved, '/');

  return g_string_free (g_steal_pointer (&resolved), FALSE);
}

/* The start of the temporary names a save of @basename uses. Long names
 * are cut so that the temporary name still fits NAME_MAX. */
static char *
temp_name_prefix (const char *basename)
{
  return g_strdup_printf (".%.128s-", basename);
}

/* Whether @name is what g_mkstemp() makes of @prefix and "XXXXXX". */
static gboolean
is_temp_name (const char *name,
              const char *prefix)
{
  const char *suffix;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;

  suffix = name + strlen (prefix);
  if (strlen (suffix) != 6)
    return FALSE;

  for (const char *p = suffix; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
    }

  return TRUE;
}

/* A save that is killed leaves its temporary file beside the story, as
 * large as the story. Only what is surely such a leftover goes: a
 * regular file of the user's own, named exactly as a save of
 * @basename names it, untouched for longer than a save takes. Failing
 * to clean up is no reason to fail a save or an open. */
static void
remove_stale_temp_files (const char *directory,
                         const char *basename)
{
  g_autofree char *prefix = temp_name_prefix (basename);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  uid_t user = geteuid ();
  struct dirent *child;
  DIR *dir;
  int fd;

  fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;

  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return;
    }

  while ((child = readdir (dir)) != NULL)
    {
      struct stat st;

      if (!is_temp_name (child->d_name, prefix) ||
          fstatat (fd, child->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISREG (st.st_mode) ||
          st.st_uid != user ||
          st.st_mtime > now - STALE_TEMP_AGE)
        continue;

      if (unlinkat (fd, child->d_name, 0) == 0)
        g_debug ("Removed %s/%s, left by a save that did not finish", directory, child->d_name);
      else
        g_debug ("Could not remove %s/%s: %s", directory, child->d_name, g_strerror (errno));
    }

  closedir (dir);
}

/* Opening a story is the first chance to clean up after a save of it
 * that was killed; saves go to where links at its path lead. */
static void
remove_stale_temp_files_beside (GFile *file)
{
  g_autofree char *target = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *basename = NULL;
  const char *path = g_file_peek_path (file);

  if (path == NULL)
    return;

  target = realpath (path, NULL);
  if (target == NULL)
    return;

  directory = g_path_get_dirname (target);
  basename = g_path_get_basename (target);
  remove_stale_temp_files (directory, basename);
}

static gboolean replace_atomic (GFile    *file,
                                GBytes   *bytes,
                                gboolean  durable,
                                GError  **error);

gboolean
cd_file_replace_atomic (GFile    *file,
                        GBytes   *bytes,
                        GError  **error)
{
  return replace_atomic (file, bytes, TRUE, error);
}

gboolean
_cd_file_replace_atomic_quick (GFile    *file,
                               GBytes   *bytes,
                               GError  **error)
{
  return replace_atomic (file, bytes, FALSE, error);
}

static gboolean
replace_atomic (GFile    *file,
                GBytes   *bytes,
                gboolean  durable,
                GError  **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *template = NULL;
  g_autofree char *temp_path = NULL;
  struct stat st;
  gboolean keep_mode = FALSE;
  const guint8 *data;
  gsize length;
  int saved_errno;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    return replace_through_gio (file, bytes, error);

  target = resolve_save_target (file, path, error);
  if (target == NULL)
    return FALSE;

  if (stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        return set_save_error (error, file, EISDIR);

      if (!_cd_save_may_replace (&st, geteuid ()))
        {
          g_autofree char *display = get_display_name (file);
          g_autofree char *target_display = g_filename_display_name (target);

          g_set_error (error, CD_ERROR, CD_ERROR_IO,
                       _("Could not save “%s”: %s: you have no write permission on “%s”"),
                       display, g_strerror (EACCES), target_display);
          return FALSE;
        }

      keep_mode = S_ISREG (st.st_mode);
    }
  else if (errno != ENOENT)
    return set_save_error (error, file, errno);

  directory = g_path_get_dirname (target);
  basename = g_path_get_basename (target);
  remove_stale_temp_files (directory, basename);

  prefix = temp_name_prefix (basename);
  template = g_strconcat (prefix, "XXXXXX", NULL);
  temp_path = g_build_filename (directory, template, NULL);

  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_save_error (error, file, errno);

  data = g_bytes_get_data (bytes, &length);

  if ((keep_mode && fchmod (fd, st.st_mode & 07777) != 0) ||
      !write_all (fd, data, length) ||
      (durable && fsync (fd) != 0))
    {
      saved_errno = errno;
      close (fd);
      goto failed;
    }

  if (close (fd) != 0 || rename (temp_path, target) != 0)
    {
      saved_errno = errno;
      goto failed;
    }

  if (durable)
    sync_directory (directory);

  return TRUE;

failed:
  g_unlink (temp_path);
  return set_save_error (error, file, saved_errno);
}

gboolean
cd_document_save (CdArticle  *article,
                  GFile      *file,
                  GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = cd_document_write_bytes (article, &local_error);
  if (bytes == NULL)
    {
      g_autofree char *display = get_display_name (file);

      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   _("Could not save “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  return cd_file_replace_atomic (file, bytes, error);
}

/* A bare article.json */

gboolean
cd_document_export_json (CdArticle  *article,
                         GFile      *output,
                         GError    **error)
{
  g_autoptr(CdArticle) published = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  published = cd_media_export_beside (article, output, error);
  if (published == NULL)
    return FALSE;

  bytes = cd_json_write (published);
  return cd_file_replace_atomic (output, bytes, error);
}

/* Reading files */

/* A growable byte buffer whose capacity is chosen by the reader, so that
 * data read to a known size is held without any slack. */
typedef struct
{
  guint8 *data;
  gsize   length;
  gsize   capacity;
} Buffer;

static void
buffer_clear (Buffer *buffer)
{
  g_clear_pointer (&buffer->data, g_free);
  buffer->length = 0;
  buffer->capacity = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Buffer, buffer_clear)

/* Sizes come from the file being read, so a failed allocation is the
 * file's fault and is reported against it rather than ending the
 * process and every other story open in it. */
static gboolean
buffer_grow (Buffer      *buffer,
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
      g_autofree char *size = format_limit (capacity);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("“%s” cannot be opened: there is not enough memory for %s of it"),
                   display, size);
      return FALSE;
    }

  buffer->data = data;
  buffer->capacity = capacity;
  return TRUE;
}

static GBytes *
buffer_steal_bytes (Buffer *buffer)
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
  source->display = get_display_name (file);

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
          if (!buffer_grow (buffer, MIN (capacity, want), source->display, error))
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

/* Reading the container */

static gboolean
set_damaged_error (GError         **error,
                   const char      *display,
                   struct archive  *archive)
{
  g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
               _("“%s” is damaged or incomplete and cannot be opened (%s)"),
               display, archive_detail (archive));
  return FALSE;
}

static void
set_file_too_large_error (GError     **error,
                          const char  *display,
                          guint64      limit)
{
  g_autofree char *size = format_limit (limit);

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
  g_autofree char *size = format_limit (limit);

  if (g_str_equal (path, ARTICLE_ENTRY))
    g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                 _("“%s” cannot be opened: its article.json is larger than the limit of %s"),
                 display, size);
  else
    {
      g_autofree char *name = printable_name (path);

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
  g_autofree char *size = format_limit (limit);

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

/* Reads the current entry's data, never holding more than @limit bytes
 * nor more than is left of @budget (when given), which the entry's
 * length is then taken from. The size in the header is checked first,
 * but headers can lie, so the limits are enforced on the data as well. */
static GBytes *
read_entry_data (struct archive        *archive,
                 struct archive_entry  *entry,
                 const char            *display,
                 const char            *path,
                 guint64                limit,
                 Budget                *budget,
                 GError               **error)
{
  g_auto(Buffer) buffer = { NULL, 0, 0 };
  guint64 allowed;
  gsize capacity;

  limit = MIN (limit, G_MAXSIZE / 2);
  allowed = budget != NULL ? MIN (limit, budget->left) : limit;

  if (archive_entry_is_encrypted (entry))
    {
      g_autofree char *name = printable_name (path);

      g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                   _("“%s” cannot be opened: the entry “%s” is encrypted"),
                   display, name);
      return NULL;
    }

  capacity = MIN (READ_CHUNK_SIZE, allowed);
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

  if (!buffer_grow (&buffer, capacity, display, error))
    return NULL;

  for (;;)
    {
      gboolean probing = buffer.length == buffer.capacity;
      guint8 probe = 0;
      la_ssize_t n_read;

      /* A full buffer reads one byte aside: the end of the data, or proof
       * that the entry is longer than its header said. */
      if (probing)
        n_read = archive_read_data (archive, &probe, 1);
      else
        n_read = archive_read_data (archive, buffer.data + buffer.length,
                                    buffer.capacity - buffer.length);

      if (n_read < 0)
        {
          g_autofree char *name = printable_name (path);

          g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                       _("“%s” is damaged: the entry “%s” cannot be read: %s"),
                       display, name, archive_detail (archive));
          return NULL;
        }

      if (n_read == 0)
        break;

      if (probing)
        {
          if (buffer.length >= limit)
            {
              set_entry_too_large_error (error, display, path, limit);
              return NULL;
            }

          if (buffer.length >= allowed)
            {
              set_total_too_large_error (error, display, budget->limit);
              return NULL;
            }

          if (!buffer_grow (&buffer, MIN (MAX (buffer.capacity * 2, READ_CHUNK_SIZE), allowed),
                            display, error))
            return NULL;
          buffer.data[buffer.length] = probe;
        }

      buffer.length += n_read;
    }

  if (budget != NULL)
    budget->left -= buffer.length;

  return buffer_steal_bytes (&buffer);
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

  content = read_entry_data (archive, entry, display, path, expected_length, NULL, &local_error);
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

static CdArticle *
parse_article_json (GBytes      *json,
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

      if (!entry_path_is_safe (path))
        {
          g_autofree char *name = printable_name (path);

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

          json = read_entry_data (archive, entry, display, path, limits->max_json_size,
                                  &budget, error);
          if (json == NULL)
            return NULL;

          /* Parsing as soon as the story is known lets the media that no
           * figure uses be skipped instead of read. */
          article = parse_article_json (json, display, TRUE, error);
          if (article == NULL)
            return NULL;
          referenced = collect_media_paths (article);
          for (guint i = 0; revisions != NULL && i < revisions->len; i++)
            add_revision_media (g_ptr_array_index (revisions, i), referenced);
        }
      else if (g_str_has_prefix (path, CD_REVISIONS_FOLDER))
        {
          GBytes *content;

          if (g_hash_table_contains (revision_files, path) ||
              (revisions != NULL && g_str_equal (path, CD_REVISIONS_INDEX)))
            {
              g_autofree char *name = printable_name (path);

              g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                           _("“%s” is damaged: it has more than one entry “%s”"),
                           display, name);
              return NULL;
            }

          /* Each revision is a story of its own and held to the same
           * size, and all of them to what is left of the total. */
          content = read_entry_data (archive, entry, display, path, limits->max_json_size,
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
                  add_revision_media (g_ptr_array_index (revisions, i), referenced);
            }
          else
            g_hash_table_insert (revision_files, g_strdup (path), content);
        }
      else if (cd_media_name_from_src (path) != NULL)
        {
          GBytes *content;

          if (g_hash_table_contains (media, path))
            {
              g_autofree char *name = printable_name (path);

              g_set_error (error, CD_ERROR, CD_ERROR_CONTAINER,
                           _("“%s” is damaged: it has more than one entry “%s”"),
                           display, name);
              return NULL;
            }

          if (referenced != NULL && !g_hash_table_contains (referenced, path))
            continue;

          content = read_entry_data (archive, entry, display, path, limits->max_entry_size,
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

      name = printable_name (key);
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

static CdArticle *
load_container (GBytes                  *bytes,
                const char              *display,
                const CdDocumentLimits  *limits,
                GError                 **error)
{
  CdArticle *article = NULL;
  struct archive *archive;
  LocaleScope scope;
  gboolean ok;

  locale_scope_enter (&scope);
  archive = archive_read_new ();
  ok = check_declared_total (archive, bytes, display, limits, error);
  archive_read_free (archive);

  if (ok)
    {
      archive = archive_read_new ();
      article = read_container (archive, bytes, display, limits, error);
      archive_read_free (archive);
    }
  locale_scope_leave (&scope);
  tidy_archive_error (error);

  return article;
}

/* Reads the image of one figure of a bare article.json from beneath the
 * folder beside it. A missing file leaves its figure without media, as
 * an unsaved draft may. Nothing outside the folder is reached, no link
 * is followed and only images are taken, so that a folder from an
 * untrusted archive cannot pull other files into a story that is then
 * saved and published. */
static gboolean
load_figure_beside (CdArticle               *article,
                    CdBlock                 *figure,
                    const char              *display,
                    GFile                   *folder,
                    const CdDocumentLimits  *limits,
                    GError                 **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *what = NULL;
  const char *src;

  if (figure == NULL || cd_block_get_block_type (figure) != CD_BLOCK_FIGURE)
    return TRUE;

  src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  if (cd_media_name_from_src (src) == NULL || cd_article_get_media (article, src) != NULL)
    return TRUE;

  if (cd_media_read_beneath (folder, src, limits->max_entry_size, &bytes, error) &&
      (bytes == NULL || cd_media_sniff (bytes, src, NULL, error)))
    {
      if (bytes != NULL)
        cd_article_set_media (article, src, bytes);
      else
        g_debug ("Media %s is missing", src);
      return TRUE;
    }

  what = cd_media_describe_figure (article, figure);
  g_prefix_error (error, _("“%s” cannot be opened: %s: "), display, what);
  return FALSE;
}

static gboolean
load_media_beside (CdArticle               *article,
                   const char              *display,
                   GFile                   *folder,
                   const CdDocumentLimits  *limits,
                   GError                 **error)
{
  guint n_blocks = cd_article_get_n_blocks (article);

  if (!load_figure_beside (article, cd_article_get_lead (article), display, folder, limits, error))
    return FALSE;

  for (guint i = 0; i < n_blocks; i++)
    {
      if (!load_figure_beside (article, cd_article_get_block (article, i),
                               display, folder, limits, error))
        return FALSE;
    }

  return TRUE;
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
          set_file_too_large_error (error, display, limits->max_file_size);
          return NULL;
        }

      return load_container (bytes, display, limits, error);
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
      set_file_too_large_error (error, display, limits->max_json_size);
      return NULL;
    }

  article = parse_article_json (bytes, display, FALSE, error);
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

  remove_stale_temp_files_beside (file);

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
          set_file_too_large_error (error, source.display, limits->max_file_size);
          return NULL;
        }

      if (!source_read_up_to (&source, &buffer, limit_plus_one (limits->max_file_size), error))
        return NULL;
    }
  else if (!source_read_up_to (&source, &buffer, limit_plus_one (limits->max_json_size), error))
    return NULL;

  bytes = buffer_steal_bytes (&buffer);
  folder = g_file_get_parent (file);

  return load_bytes (bytes, source.display, limits, folder, error);
}

CdArticle *
_cd_document_load_read (GFile     *file,
                        GBytes    *bytes,
                        JsonNode  *root,
                        GError   **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(CdArticle) article = NULL;
  CdDocumentLimits limits;
  const char *data;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cd_document_limits_init (&limits);
  display = get_display_name (file);
  folder = g_file_get_parent (file);
  remove_stale_temp_files_beside (file);

  if (root == NULL)
    return load_bytes (bytes, display, &limits, folder, error);

  data = g_bytes_get_data (bytes, &length);
  if (length > limits.max_json_size)
    {
      set_file_too_large_error (error, display, limits.max_json_size);
      return NULL;
    }

  article = _cd_json_read_parsed (data, length, root, display, error);
  if (article == NULL)
    return NULL;

  if (folder != NULL && !load_media_beside (article, display, folder, &limits, error))
    return NULL;

  return g_steal_pointer (&article);
}

CdArticle *
cd_document_load (GFile   *file,
                  GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cd_document_load_with_limits (file, NULL, error);
}
