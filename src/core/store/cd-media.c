/* cd-media.c: the images a story holds for its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-media"

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#include <nettle/sha2.h>
#endif

#include "cd-article-private.h"
#include "cd-document.h"
#include "cd-error.h"
#include "cd-media.h"
#include "cd-media-private.h"

#define MEDIA_PREFIX "media/"

/* Readable stems only: the name ends up in the container and in exported
 * HTML, where odd characters would need escaping and confuse people. */
#define MAX_STEM     40
/* Hex digits of the SHA-256 in a published or pasted name: enough that
 * two different images never meet by chance, short enough to read. */
#define HASH_DIGITS  12

/* Sniffing */

static guint
read_be16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static guint
read_le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint
read_be32 (const guint8 *p)
{
  return ((guint) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static guint
read_le24 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16);
}

static gboolean
sniff_jpeg (const guint8 *data,
            gsize         size,
            guint        *width,
            guint        *height)
{
  gsize pos = 2;

  /* Walks the marker segments to the first start-of-frame, which holds
   * the size; SOF4, SOF8 and SOF12 are not frames. */
  while (pos + 4 <= size)
    {
      guint marker;
      guint length;

      if (data[pos] != 0xFF)
        return FALSE;
      marker = data[pos + 1];
      if (marker == 0xFF)
        {
          pos++;
          continue;
        }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        {
          pos += 2;
          continue;
        }

      length = read_be16 (data + pos + 2);
      if (length < 2)
        return FALSE;

      if (marker >= 0xC0 && marker <= 0xCF &&
          marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          if (pos + 9 > size)
            return FALSE;
          *height = read_be16 (data + pos + 5);
          *width = read_be16 (data + pos + 7);
          return TRUE;
        }

      pos += 2 + length;
    }

  return FALSE;
}

static gboolean
sniff_webp (const guint8 *data,
            gsize         size,
            guint        *width,
            guint        *height)
{
  if (size < 30)
    return FALSE;

  if (memcmp (data + 12, "VP8 ", 4) == 0)
    {
      /* A key frame: start code 9d 01 2a, then 14-bit sizes. */
      if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
        return FALSE;
      *width = read_le16 (data + 26) & 0x3FFF;
      *height = read_le16 (data + 28) & 0x3FFF;
      return TRUE;
    }

  if (memcmp (data + 12, "VP8L", 4) == 0)
    {
      guint32 bits;

      if (data[20] != 0x2F)
        return FALSE;
      bits = data[21] | (data[22] << 8) | (data[23] << 16) | ((guint32) data[24] << 24);
      *width = (bits & 0x3FFF) + 1;
      *height = ((bits >> 14) & 0x3FFF) + 1;
      return TRUE;
    }

  if (memcmp (data + 12, "VP8X", 4) == 0)
    {
      *width = read_le24 (data + 24) + 1;
      *height = read_le24 (data + 27) + 1;
      return TRUE;
    }

  return FALSE;
}

gboolean
cd_media_sniff (GBytes       *bytes,
                const char   *name,
                CdMediaInfo  *info,
                GError      **error)
{
  CdMediaInfo found = { 0, };
  const guint8 *data;
  gsize size;
  gboolean ok = FALSE;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name == NULL)
    name = _("The image");

  data = g_bytes_get_data (bytes, &size);

  if (size >= 24 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
      memcmp (data + 12, "IHDR", 4) == 0)
    {
      found = (CdMediaInfo) { CD_MEDIA_FORMAT_PNG, "png", "image/png", 0, 0 };
      found.width = read_be32 (data + 16);
      found.height = read_be32 (data + 20);
      ok = TRUE;
    }
  else if (size >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      found = (CdMediaInfo) { CD_MEDIA_FORMAT_JPEG, "jpg", "image/jpeg", 0, 0 };
      ok = sniff_jpeg (data, size, &found.width, &found.height);
    }
  else if (size >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      found = (CdMediaInfo) { CD_MEDIA_FORMAT_GIF, "gif", "image/gif", 0, 0 };
      found.width = read_le16 (data + 6);
      found.height = read_le16 (data + 8);
      ok = TRUE;
    }
  else if (size >= 16 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      found = (CdMediaInfo) { CD_MEDIA_FORMAT_WEBP, "webp", "image/webp", 0, 0 };
      ok = sniff_webp (data, size, &found.width, &found.height);
    }

  if (found.format == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("“%s” is not a PNG, JPEG, GIF or WebP image, the formats a photo can use"),
                   name);
      return FALSE;
    }

  if (!ok || found.width == 0 || found.height == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("“%s” looks like a %s image but is damaged: its size cannot be read"),
                   name, found.extension);
      return FALSE;
    }

  if ((guint64) found.width * found.height > CD_MEDIA_MAX_PIXELS)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("“%s” is %u × %u pixels, more than the %u megapixels a photo may have"),
                   name, found.width, found.height,
                   (guint) (CD_MEDIA_MAX_PIXELS / 1000000));
      return FALSE;
    }

  if (info != NULL)
    *info = found;

  return TRUE;
}

/* Names */

const char *
cd_media_name_from_src (const char *src)
{
  const char *name;

  if (src == NULL || !g_str_has_prefix (src, MEDIA_PREFIX))
    return NULL;

  /* A leading dot would publish .htaccess and friends beside a page;
   * folders would let a name leave the media folder on disk. */
  name = src + strlen (MEDIA_PREFIX);
  if (name[0] == '\0' || name[0] == '.')
    return NULL;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
        return NULL;
    }

  return name;
}

char *
cd_media_describe_figure (CdArticle *article,
                          CdBlock   *figure)
{
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (CD_IS_BLOCK (figure), NULL);

  if (figure == cd_article_get_lead (article))
    return g_strdup (_("the lead photo"));

  return g_strdup_printf (_("figure “%s”"), cd_block_get_id (figure));
}

char *
cd_media_sha256_hex (GBytes *bytes)
{
  static const char hex[] = "0123456789abcdef";
  struct sha256_ctx context;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *text = g_new (char, 2 * SHA256_DIGEST_SIZE + 1);
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  sha256_init (&context);
  sha256_update (&context, length, data);
  sha256_digest (&context, sizeof digest, digest);

  for (gsize i = 0; i < sizeof digest; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * SHA256_DIGEST_SIZE] = '\0';

  return text;
}

static char *
content_hash (GBytes *bytes)
{
  g_autofree char *checksum = cd_media_sha256_hex (bytes);

  return g_strndup (checksum, HASH_DIGITS);
}

/* Lower-case ASCII letters and digits joined by dashes, from a file name
 * without its extension; "image" when nothing is left. */
static char *
make_stem (const char *name_hint)
{
  g_autofree char *base = NULL;
  g_autofree char *ascii = NULL;
  GString *stem = g_string_new (NULL);
  char *dot;

  base = g_path_get_basename (name_hint != NULL && *name_hint != '\0' ? name_hint : "image");
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  ascii = g_str_to_ascii (base, NULL);
  for (const char *p = ascii; *p != '\0' && stem->len < MAX_STEM; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (stem, g_ascii_tolower (*p));
      else if (stem->len > 0 && stem->str[stem->len - 1] != '-')
        g_string_append_c (stem, '-');
    }
  while (stem->len > 0 && stem->str[stem->len - 1] == '-')
    g_string_truncate (stem, stem->len - 1);
  if (stem->len == 0)
    g_string_append (stem, "image");

  return g_string_free (stem, FALSE);
}

char *
cd_media_store (CdArticle    *article,
                GBytes       *bytes,
                const char   *name_hint,
                CdMediaInfo  *info,
                GError      **error)
{
  g_auto(GStrv) existing = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;
  CdMediaInfo found;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cd_media_sniff (bytes, name_hint, &found, error))
    return NULL;

  if (info != NULL)
    *info = found;

  existing = cd_article_list_media (article);
  for (guint i = 0; existing[i] != NULL; i++)
    {
      GBytes *stored = cd_article_get_media (article, existing[i]);

      if (stored != NULL && g_bytes_equal (stored, bytes))
        return g_strdup (existing[i]);
    }

  if (name_hint != NULL)
    stem = make_stem (name_hint);
  else
    {
      g_autofree char *hash = content_hash (bytes);

      stem = g_strconcat ("image-", hash, NULL);
    }

  path = g_strdup_printf (MEDIA_PREFIX "%s.%s", stem, found.extension);
  for (guint n = 2; cd_article_get_media (article, path) != NULL; n++)
    {
      g_free (path);
      path = g_strdup_printf (MEDIA_PREFIX "%s-%u.%s", stem, n, found.extension);
    }

  cd_article_set_media (article, path, bytes);

  return g_steal_pointer (&path);
}

/* Reading beneath a folder */

static gboolean use_openat2 = TRUE;

void
_cd_media_set_use_openat2 (gboolean use)
{
  use_openat2 = use;
}

static gboolean
relative_path_is_plain (const char *relative)
{
  const char *segment = relative;

  if (relative[0] == '\0' || relative[0] == '/' || strchr (relative, '\\') != NULL)
    return FALSE;

  /* Each "/"-separated segment: not empty, not "." and not "..". */
  for (;;)
    {
      const char *slash = strchr (segment, '/');
      gsize length = slash != NULL ? (gsize) (slash - segment) : strlen (segment);

      if (length == 0 ||
          (length == 1 && segment[0] == '.') ||
          (length == 2 && segment[0] == '.' && segment[1] == '.'))
        return FALSE;
      if (slash == NULL)
        return TRUE;
      segment = slash + 1;
    }
}

/* Opens @relative beneath @dir_fd one component at a time, each without
 * following a link, for kernels (and sandboxes) without openat2. */
static int
open_walking (int         dir_fd,
              const char *relative)
{
  g_auto(GStrv) segments = g_strsplit (relative, "/", -1);
  int current = dir_fd;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      gboolean last = segments[i + 1] == NULL;
      int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? O_NONBLOCK : O_DIRECTORY);
      int next = openat (current, segments[i], flags);
      int saved_errno = errno;

      /* A link opened as a folder may report "not a folder": say what it
       * is, so that the caller refuses it as a link. */
      if (next < 0 && saved_errno == ENOTDIR)
        {
          struct stat st;

          if (fstatat (current, segments[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
            saved_errno = ELOOP;
        }

      if (current != dir_fd)
        close (current);
      if (next < 0)
        {
          errno = saved_errno;
          return -1;
        }
      current = next;
    }

  return current;
}

static int
open_beneath (int         dir_fd,
              const char *relative)
{
#ifdef SYS_openat2
  if (use_openat2)
    {
      struct open_how how = { 0, };
      long fd;

      how.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
      how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
      fd = syscall (SYS_openat2, dir_fd, relative, &how, sizeof how);
      /* ENOSYS on kernels before 5.6; sandboxes may filter the call. */
      if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != E2BIG))
        return (int) fd;
    }
#endif

  return open_walking (dir_fd, relative);
}

/* The name a message gives @relative beneath @folder; made only for a
 * message, as a story's photos are read by the dozen. */
static char *
describe_beneath (GFile      *folder,
                  const char *relative)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (folder, relative);

  return g_file_get_parse_name (file);
}

static gboolean
read_fd (int           fd,
         GFile        *folder,
         const char   *relative,
         guint64       max_size,
         GBytes      **bytes,
         GError      **error)
{
  g_autofree char *display = NULL;
  struct stat st;
  guint8 *data;
  gsize length = 0;
  gsize capacity;
  int saved_errno;

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      display = describe_beneath (folder, relative);
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not read “%s”: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      display = describe_beneath (folder, relative);
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("“%s” is not a regular file"), display);
      return FALSE;
    }

  if ((guint64) st.st_size > max_size)
    goto too_large;

  /* One byte more than the file claims shows whether it grew. */
  capacity = (gsize) st.st_size + 1;
  data = g_try_malloc (capacity);
  if (data == NULL)
    goto too_large;

  for (;;)
    {
      gssize n_read = read (fd, data + length, capacity - length);

      if (n_read < 0 && errno == EINTR)
        continue;
      if (n_read < 0)
        {
          saved_errno = errno;
          display = describe_beneath (folder, relative);
          g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not read “%s”: %s"),
                       display, g_strerror (saved_errno));
          g_free (data);
          return FALSE;
        }
      if (n_read == 0)
        break;

      length += n_read;
      if (length == capacity)
        {
          g_free (data);
          display = describe_beneath (folder, relative);
          g_set_error (error, CD_ERROR, CD_ERROR_IO,
                       _("Could not read “%s”: the file changed while it was read"), display);
          return FALSE;
        }
    }

  *bytes = g_bytes_new_take (data, length);
  return TRUE;

too_large:
  {
    g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

    display = describe_beneath (folder, relative);
    g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                 _("“%s” is larger than the limit of %s"), display, limit);
    return FALSE;
  }
}

static void
set_link_error (GError     **error,
                const char  *display)
{
  g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
               _("“%s” is reached through a symbolic link or lies outside the story folder"),
               display);
}

/* Folders without a local path (GVfs) have no openat; each component is
 * checked not to be a link before the file is read. */
static gboolean
read_beneath_gio (GFile        *folder,
                  const char   *relative,
                  const char   *display,
                  guint64       max_size,
                  GBytes      **bytes,
                  GError      **error)
{
  g_auto(GStrv) segments = g_strsplit (relative, "/", -1);
  g_autoptr(GFile) current = g_object_ref (folder);
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (current, segments[i]);
      g_autoptr(GFileInfo) info = NULL;
      GFileType type;

      info = g_file_query_info (child,
                                G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &local_error);
      if (info == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            return TRUE;
          g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not open “%s”: %s"),
                       display, local_error->message);
          return FALSE;
        }

      type = g_file_info_get_file_type (info);
      if (type == G_FILE_TYPE_SYMBOLIC_LINK || type == G_FILE_TYPE_SHORTCUT)
        {
          set_link_error (error, display);
          return FALSE;
        }

      if (segments[i + 1] == NULL)
        {
          if (type != G_FILE_TYPE_REGULAR)
            {
              g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                           _("“%s” is not a regular file"), display);
              return FALSE;
            }
          if ((guint64) g_file_info_get_size (info) > max_size)
            {
              g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

              g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                           _("“%s” is larger than the limit of %s"), display, limit);
              return FALSE;
            }
        }
      else if (type != G_FILE_TYPE_DIRECTORY)
        return TRUE;

      g_set_object (&current, child);
    }

  *bytes = g_file_load_bytes (current, NULL, NULL, &local_error);
  if (*bytes == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not read “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }

  if (g_bytes_get_size (*bytes) > max_size)
    {
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_clear_pointer (bytes, g_bytes_unref);
      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("“%s” is larger than the limit of %s"), display, limit);
      return FALSE;
    }

  return TRUE;
}

struct _CdMediaFolder
{
  GFile *folder;
  /* Opened at the first read from a local folder, -1 until then. */
  int    dir_fd;
};

CdMediaFolder *
cd_media_folder_new (GFile *folder)
{
  CdMediaFolder *self;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_new (CdMediaFolder, 1);
  self->folder = g_object_ref (folder);
  self->dir_fd = -1;

  return self;
}

void
cd_media_folder_free (CdMediaFolder *self)
{
  if (self == NULL)
    return;

  if (self->dir_fd >= 0)
    close (self->dir_fd);
  g_object_unref (self->folder);
  g_free (self);
}

gboolean
cd_media_folder_read (CdMediaFolder  *self,
                      const char     *relative,
                      guint64         max_size,
                      GBytes        **bytes,
                      GError        **error)
{
  g_autofree char *display = NULL;
  const char *folder_path;
  int fd;
  int saved_errno;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (relative != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *bytes = NULL;

  if (!relative_path_is_plain (relative))
    {
      display = describe_beneath (self->folder, relative);
      set_link_error (error, display);
      return FALSE;
    }

  folder_path = g_file_peek_path (self->folder);
  if (folder_path == NULL)
    {
      display = describe_beneath (self->folder, relative);
      return read_beneath_gio (self->folder, relative, display, max_size, bytes, error);
    }

  /* The folder itself is the one the user opened the story from, link
   * or not; only what lies beneath it comes from the story. It stays
   * open for the next read: a story's photos are read one after the
   * other from the same folder. */
  if (self->dir_fd < 0)
    {
      self->dir_fd = open (folder_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (self->dir_fd < 0)
        {
          saved_errno = errno;
          if (saved_errno == ENOENT)
            return TRUE;
          display = describe_beneath (self->folder, relative);
          g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not open “%s”: %s"),
                       display, g_strerror (saved_errno));
          return FALSE;
        }
    }

  fd = open_beneath (self->dir_fd, relative);
  saved_errno = errno;

  if (fd < 0)
    {
      if (saved_errno == ENOENT)
        return TRUE;

      display = describe_beneath (self->folder, relative);
      switch (saved_errno)
        {
        case ELOOP:
        case EXDEV:
          set_link_error (error, display);
          return FALSE;

        default:
          g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not open “%s”: %s"),
                       display, g_strerror (saved_errno));
          return FALSE;
        }
    }

  ok = read_fd (fd, self->folder, relative, max_size, bytes, error);
  close (fd);

  return ok;
}

gboolean
cd_media_read_beneath (GFile       *folder,
                       const char  *relative,
                       guint64      max_size,
                       GBytes     **bytes,
                       GError     **error)
{
  g_autoptr(CdMediaFolder) media_folder = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (relative != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  media_folder = cd_media_folder_new (folder);

  return cd_media_folder_read (media_folder, relative, max_size, bytes, error);
}

/* Exporting */

/* STEM-HASH.EXT; a name that already ends in its own hash (a story
 * exported before) keeps it, so exporting again gives the same name. */
static char *
published_name (const char        *name,
                GBytes            *bytes,
                const CdMediaInfo *info)
{
  g_autofree char *stem = make_stem (name);
  g_autofree char *hash = content_hash (bytes);
  g_autofree char *suffix = g_strconcat ("-", hash, NULL);

  if (g_str_has_suffix (stem, suffix))
    return g_strdup_printf ("%s.%s", stem, info->extension);

  return g_strdup_printf ("%s-%s.%s", stem, hash, info->extension);
}

static gboolean
ensure_folder (GFile   *folder,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  if (g_file_make_directory_with_parents (folder, NULL, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;

  display = g_file_get_parse_name (folder);
  g_set_error (error, CD_ERROR, CD_ERROR_IO,
               _("Could not create the folder “%s”: %s"),
               display, local_error->message);
  return FALSE;
}

/* Writes @bytes to @folder/@name unless that file already holds them;
 * any other file there (or a link) is left alone and is an error. */
static gboolean
write_unless_different (CdMediaFolder  *folder,
                        const char     *name,
                        GBytes         *bytes,
                        GError        **error)
{
  g_autoptr(GFile) target = g_file_get_child (folder->folder, name);
  g_autoptr(GBytes) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!cd_media_folder_read (folder, name, g_bytes_get_size (bytes), &existing, &local_error) ||
      existing != NULL)
    {
      g_autofree char *display = NULL;

      if (existing != NULL && g_bytes_equal (existing, bytes))
        return TRUE;

      /* Larger than ours, a link or a folder: something else is there. */
      if (local_error != NULL && local_error->code == CD_ERROR_IO)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      display = g_file_get_parse_name (target);
      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   _("Could not write the picture “%s”: a different file of that name is "
                     "already there, and it is left as it is"),
                   display);
      return FALSE;
    }

  return cd_file_replace_atomic (target, bytes, error);
}

/* The images an export writes, each once, in the story's order. */
struct _CdMediaWrites
{
  GFile     *folder;
  GPtrArray *names;   /* published names */
  GPtrArray *bytes;   /* of GBytes, for each name */
};

void
_cd_media_writes_free (CdMediaWrites *writes)
{
  if (writes == NULL)
    return;

  g_clear_object (&writes->folder);
  g_ptr_array_unref (writes->names);
  g_ptr_array_unref (writes->bytes);
  g_free (writes);
}

gboolean
_cd_media_writes_run (CdMediaWrites  *writes,
                      GError        **error)
{
  g_autoptr(CdMediaFolder) media_folder = NULL;

  g_return_val_if_fail (writes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (writes->names->len == 0)
    return TRUE;

  /* Once for the story: it is there from the first image on. */
  if (!ensure_folder (writes->folder, error))
    return FALSE;
  media_folder = cd_media_folder_new (writes->folder);

  for (guint i = 0; i < writes->names->len; i++)
    {
      if (!write_unless_different (media_folder, g_ptr_array_index (writes->names, i),
                                   g_ptr_array_index (writes->bytes, i), error))
        return FALSE;
    }

  return TRUE;
}

/* Adds to @names what @figure's src becomes when its image is
 * exported, and to @writes the image to write, once. */
static gboolean
plan_figure (CdArticle      *article,
             CdBlock        *figure,
             GHashTable     *names,
             GHashTable     *written,
             CdMediaWrites  *writes,
             GError        **error)
{
  const char *src;
  const char *name;
  GBytes *bytes;
  g_autofree char *published = NULL;
  CdMediaInfo info;

  if (figure == NULL || cd_block_get_block_type (figure) != CD_BLOCK_FIGURE)
    return TRUE;

  src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  name = cd_media_name_from_src (src);
  bytes = name != NULL ? cd_article_get_media (article, src) : NULL;
  if (bytes == NULL || g_hash_table_contains (names, src))
    return TRUE;

  if (!cd_media_sniff (bytes, src, &info, error))
    {
      g_autofree char *what = cd_media_describe_figure (article, figure);

      g_prefix_error (error, _("Could not export %s: "), what);
      return FALSE;
    }

  published = published_name (name, bytes, &info);
  if (writes != NULL && !g_hash_table_contains (written, published))
    {
      g_hash_table_add (written, g_strdup (published));
      g_ptr_array_add (writes->names, g_strdup (published));
      g_ptr_array_add (writes->bytes, g_bytes_ref (bytes));
    }

  g_hash_table_insert (names, g_strdup (src), g_strconcat (MEDIA_PREFIX, published, NULL));

  return TRUE;
}

GHashTable *
_cd_media_export_plan (CdArticle      *article,
                       GFile          *folder,
                       CdMediaWrites **writes,
                       GError        **error)
{
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) written = NULL;
  g_autoptr(CdMediaWrites) planned = NULL;
  guint n_blocks;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);
  g_return_val_if_fail ((folder == NULL) == (writes == NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (folder != NULL)
    {
      planned = g_new0 (CdMediaWrites, 1);
      planned->folder = g_object_ref (folder);
      planned->names = g_ptr_array_new_with_free_func (g_free);
      planned->bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    }

  if (!plan_figure (article, cd_article_get_lead (article), names, written, planned, error))
    return NULL;

  n_blocks = cd_article_get_n_blocks (article);
  for (guint i = 0; i < n_blocks; i++)
    {
      if (!plan_figure (article, cd_article_get_block (article, i), names, written, planned, error))
        return NULL;
    }

  if (writes != NULL)
    *writes = g_steal_pointer (&planned);
  return g_steal_pointer (&names);
}

GHashTable *
cd_media_export_names (CdArticle  *article,
                       GFile      *folder,
                       GError    **error)
{
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(CdMediaWrites) writes = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = _cd_media_export_plan (article, folder, folder != NULL ? &writes : NULL, error);
  if (names == NULL)
    return NULL;
  if (writes != NULL && !_cd_media_writes_run (writes, error))
    return NULL;

  return g_steal_pointer (&names);
}

/* Points @figure of @copy at its published name, with its bytes. */
static void
rename_figure (CdArticle  *article,
               CdArticle  *copy,
               CdBlock    *figure,
               GHashTable *names)
{
  const char *src;
  const char *published;

  if (figure == NULL || cd_block_get_block_type (figure) != CD_BLOCK_FIGURE)
    return;

  src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  published = g_hash_table_lookup (names, src);
  if (published == NULL)
    return;

  cd_article_set_media (copy, published, cd_article_get_media (article, src));
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, published);
}

CdArticle *
cd_media_export (CdArticle  *article,
                 GFile      *folder,
                 GError    **error)
{
  g_autoptr(CdArticle) copy = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_auto(GStrv) media = NULL;
  guint n_blocks;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = cd_media_export_names (article, folder, error);
  if (names == NULL)
    return NULL;

  /* The copy's figures point at the published names; the user's story
   * keeps its own. Only what the figures use is published. The writers
   * only read the other blocks, which are shared, not copied. */
  copy = _cd_article_copy_sharing_blocks (article, CD_BLOCK_FIGURE);
  media = cd_article_list_media (copy);
  for (guint i = 0; media[i] != NULL; i++)
    cd_article_set_media (copy, media[i], NULL);

  rename_figure (article, copy, cd_article_get_lead (copy), names);
  n_blocks = cd_article_get_n_blocks (copy);
  for (guint i = 0; i < n_blocks; i++)
    rename_figure (article, copy, cd_article_get_block (copy, i), names);

  return g_steal_pointer (&copy);
}

CdArticle *
cd_media_export_beside (CdArticle  *article,
                        GFile      *output,
                        GError    **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parent = g_file_get_parent (output);
  if (parent == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (output);

      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   _("Could not export to “%s”: choose a file name, not a folder"), display);
      return NULL;
    }

  /* The pictures first, so the file never references one that is not
   * there yet; under names from their content, so that another story's
   * pictures in the same media/ are never replaced. */
  folder = g_file_get_child (parent, "media");
  return cd_media_export (article, folder, error);
}
