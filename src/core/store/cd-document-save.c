/* cd-document-save.c: writing the container and replacing a file atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-document"
/* sync_file_range () */
#define _GNU_SOURCE

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

/* As many links as the kernel follows in one path. */
#define MAX_LINK_HOPS          40
/* Longer than any save takes: a temporary file untouched for this many
 * seconds was left by a save that was killed. */
#define STALE_TEMP_AGE         (10 * 60)

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
    g_autofree char *name = _cd_document_printable_name (path);

    g_set_error (error, CD_ERROR, CD_ERROR_IO,
                 _("Could not write “%s” into the article container: %s"),
                 name, _cd_document_archive_detail (archive));
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
                 gboolean         store,
                 GError         **error)
{
  g_autoptr(GBytes) index = NULL;
  const guint8 *data;
  gsize length;

  if (revisions->len == 0)
    return TRUE;

  index = cd_revisions_write_index (revisions);
  data = g_bytes_get_data (index, &length);
  if (!write_entry (archive, CD_REVISIONS_INDEX, data, length, store, error))
    return FALSE;

  for (guint i = 0; i < revisions->len; i++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      g_autofree char *path = cd_revision_get_path (revision);

      data = g_bytes_get_data (cd_revision_get_json (revision), &length);
      if (!write_entry (archive, path, data, length, store, error))
        return FALSE;
    }

  return TRUE;
}

/* With @store, nothing is compressed. */
static gboolean
write_container (struct archive  *archive,
                 CdArticle       *article,
                 GByteArray      *output,
                 gboolean         store,
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
                   _cd_document_archive_detail (archive));
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
  if (!write_entry (archive, ARTICLE_ENTRY, data, length, store, error))
    return FALSE;

  /* The revisions come before the media, so that a reader knows every
   * picture they show by the time it meets it. */
  if (!write_revisions (archive, cd_article_get_revisions (article), store, error))
    return FALSE;

  /* Only media a figure uses is written, so removed photos do not linger
   * in the file. Images are already compressed, so they are stored. */
  referenced = _cd_document_collect_media_paths (article);
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
                   _cd_document_archive_detail (archive));
      return FALSE;
    }

  return TRUE;
}

static GBytes *
write_bytes (CdArticle  *article,
             gboolean    store,
             GError    **error)
{
  g_autoptr(GByteArray) output = g_byte_array_new ();
  struct archive *archive;
  LocaleScope scope;
  gboolean ok;

  _cd_document_locale_scope_enter (&scope);
  archive = archive_write_new ();
  ok = write_container (archive, article, output, store, error);
  archive_write_free (archive);
  _cd_document_locale_scope_leave (&scope);
  _cd_document_tidy_archive_error (error);

  if (!ok)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&output));
}

GBytes *
cd_document_write_bytes (CdArticle  *article,
                         GError    **error)
{
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return write_bytes (article, FALSE, error);
}

GBytes *
_cd_document_write_bytes_stored (CdArticle  *article,
                                 GError    **error)
{
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return write_bytes (article, TRUE, error);
}

/* Atomic replace */

static gboolean
set_save_error (GError     **error,
                GFile       *file,
                int          saved_errno)
{
  g_autofree char *display = _cd_document_get_display_name (file);

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

  display = _cd_document_get_display_name (file);
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
                  g_autofree char *display = _cd_document_get_display_name (file);
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
void
_cd_document_remove_stale_temp_files_beside (GFile *file)
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

static gboolean replace_atomic (GFile           *file,
                                GBytes          *bytes,
                                gboolean         durable,
                                CdBeforeReplace  before,
                                gpointer         before_data,
                                GError         **error);

gboolean
cd_file_replace_atomic (GFile    *file,
                        GBytes   *bytes,
                        GError  **error)
{
  return replace_atomic (file, bytes, TRUE, NULL, NULL, error);
}

gboolean
_cd_file_replace_atomic_quick (GFile    *file,
                               GBytes   *bytes,
                               GError  **error)
{
  return replace_atomic (file, bytes, FALSE, NULL, NULL, error);
}

gboolean
_cd_file_replace_atomic_after (GFile            *file,
                               GBytes           *bytes,
                               CdBeforeReplace   before,
                               gpointer          before_data,
                               GError          **error)
{
  g_return_val_if_fail (before != NULL, FALSE);

  return replace_atomic (file, bytes, TRUE, before, before_data, error);
}

/* Written this far ahead of what was last handed to the disk, a file
 * being replaced in pieces has the new part handed on. */
#define WRITEBACK_STEP (256 * 1024)

struct _CdReplace
{
  GFile   *file;
  char    *target;
  char    *directory;
  char    *temp_path;
  int      fd;
  gboolean durable;
  /* The bytes written, and those of them handed to the disk already. */
  goffset  written;
  goffset  handed_on;
  /* The first write's errno that failed, or 0. */
  int      saved_errno;
};

static void
replace_free (CdReplace *replace)
{
  if (replace->fd >= 0)
    close (replace->fd);
  g_object_unref (replace->file);
  g_free (replace->target);
  g_free (replace->directory);
  g_free (replace->temp_path);
  g_free (replace);
}

static CdReplace *
replace_begin (GFile    *file,
               gboolean  durable,
               GError  **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *template = NULL;
  g_autofree char *target = NULL;
  struct stat st;
  gboolean keep_mode = FALSE;
  CdReplace *replace;
  int saved_errno;

  target = resolve_save_target (file, g_file_peek_path (file), error);
  if (target == NULL)
    return NULL;

  if (stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          set_save_error (error, file, EISDIR);
          return NULL;
        }

      if (!_cd_save_may_replace (&st, geteuid ()))
        {
          g_autofree char *display = _cd_document_get_display_name (file);
          g_autofree char *target_display = g_filename_display_name (target);

          g_set_error (error, CD_ERROR, CD_ERROR_IO,
                       _("Could not save “%s”: %s: you have no write permission on “%s”"),
                       display, g_strerror (EACCES), target_display);
          return NULL;
        }

      keep_mode = S_ISREG (st.st_mode);
    }
  else if (errno != ENOENT)
    {
      set_save_error (error, file, errno);
      return NULL;
    }

  replace = g_new0 (CdReplace, 1);
  replace->file = g_object_ref (file);
  replace->target = g_steal_pointer (&target);
  replace->durable = durable;
  replace->directory = g_path_get_dirname (replace->target);
  basename = g_path_get_basename (replace->target);
  remove_stale_temp_files (replace->directory, basename);

  prefix = temp_name_prefix (basename);
  template = g_strconcat (prefix, "XXXXXX", NULL);
  replace->temp_path = g_build_filename (replace->directory, template, NULL);

  replace->fd = g_mkstemp_full (replace->temp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (replace->fd < 0)
    {
      set_save_error (error, file, errno);
      replace_free (replace);
      return NULL;
    }

  if (keep_mode && fchmod (replace->fd, st.st_mode & 07777) != 0)
    {
      saved_errno = errno;
      g_unlink (replace->temp_path);
      set_save_error (error, file, saved_errno);
      replace_free (replace);
      return NULL;
    }

  return replace;
}

static void
replace_write (CdReplace    *replace,
               const guint8 *data,
               gsize         length)
{
  if (replace->saved_errno != 0)
    return;

  if (!write_all (replace->fd, data, length))
    {
      replace->saved_errno = errno;
      return;
    }
  replace->written += length;

#ifdef HAVE_SYNC_FILE_RANGE
  /* The disk takes the file's first part while the rest is made: the
   * fsync at the end then has little left to wait for. Only a start;
   * whether it happened is the fsync's to say. */
  if (replace->durable && replace->written - replace->handed_on >= WRITEBACK_STEP)
    {
      (void) sync_file_range (replace->fd, replace->handed_on, replace->written - replace->handed_on,
                              SYNC_FILE_RANGE_WRITE);
      replace->handed_on = replace->written;
    }
#endif
}

static gboolean
replace_commit (CdReplace        *replace,
                CdBeforeReplace   before,
                gpointer          before_data,
                GError          **error)
{
  int saved_errno = replace->saved_errno;
  int fd = replace->fd;

  replace->fd = -1;
  if (saved_errno == 0 && replace->durable && fsync (fd) != 0)
    saved_errno = errno;
  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  if (saved_errno != 0)
    goto failed;

  if (before != NULL && !before (before_data, error))
    {
      g_unlink (replace->temp_path);
      replace_free (replace);
      return FALSE;
    }

  if (rename (replace->temp_path, replace->target) != 0)
    {
      saved_errno = errno;
      goto failed;
    }

  if (replace->durable)
    sync_directory (replace->directory);

  replace_free (replace);
  return TRUE;

failed:
  g_unlink (replace->temp_path);
  set_save_error (error, replace->file, saved_errno);
  replace_free (replace);
  return FALSE;
}

CdReplace *
_cd_file_replace_begin (GFile   *file,
                        GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (g_file_peek_path (file) != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return replace_begin (file, TRUE, error);
}

void
_cd_file_replace_write (CdReplace  *replace,
                        const char *data,
                        gsize       length)
{
  g_return_if_fail (replace != NULL);
  g_return_if_fail (data != NULL || length == 0);

  replace_write (replace, (const guint8 *) data, length);
}

gboolean
_cd_file_replace_commit (CdReplace        *replace,
                         CdBeforeReplace   before,
                         gpointer          before_data,
                         GError          **error)
{
  g_return_val_if_fail (replace != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return replace_commit (replace, before, before_data, error);
}

void
_cd_file_replace_abort (CdReplace *replace)
{
  if (replace == NULL)
    return;

  close (replace->fd);
  replace->fd = -1;
  g_unlink (replace->temp_path);
  replace_free (replace);
}

static gboolean
replace_atomic (GFile           *file,
                GBytes          *bytes,
                gboolean         durable,
                CdBeforeReplace  before,
                gpointer         before_data,
                GError         **error)
{
  CdReplace *replace;
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_peek_path (file) == NULL)
    return (before == NULL || before (before_data, error)) &&
           replace_through_gio (file, bytes, error);

  replace = replace_begin (file, durable, error);
  if (replace == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  replace_write (replace, data, length);

  return replace_commit (replace, before, before_data, error);
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
      g_autofree char *display = _cd_document_get_display_name (file);

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
