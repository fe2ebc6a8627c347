/* cd-block-media.c: images stored in a story for its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-media"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "cd-block-media.h"

/* Readable stems only: the name ends up in the container and in exported
 * HTML, where odd characters would need escaping and confuse people. */
#define MAX_STEM 40

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
cd_block_media_sniff (GBytes      *bytes,
                      const char  *name,
                      const char **extension,
                      guint       *width,
                      guint       *height,
                      GError     **error)
{
  const guint8 *data;
  gsize size;
  const char *ext = NULL;
  guint w = 0;
  guint h = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (name == NULL)
    name = _("The pasted image");

  data = g_bytes_get_data (bytes, &size);

  if (size >= 24 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
      memcmp (data + 12, "IHDR", 4) == 0)
    {
      ext = "png";
      w = read_be32 (data + 16);
      h = read_be32 (data + 20);
      ok = TRUE;
    }
  else if (size >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      ext = "jpg";
      ok = sniff_jpeg (data, size, &w, &h);
    }
  else if (size >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      ext = "gif";
      w = read_le16 (data + 6);
      h = read_le16 (data + 8);
      ok = TRUE;
    }
  else if (size >= 16 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      ext = "webp";
      ok = sniff_webp (data, size, &w, &h);
    }

  if (ext == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("“%s” is not a PNG, JPEG, GIF or WebP image, the formats a photo can use"),
                   name);
      return FALSE;
    }

  if (!ok || w == 0 || h == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("“%s” looks like a %s image but is damaged: its size cannot be read"),
                   name, ext);
      return FALSE;
    }

  if (extension != NULL)
    *extension = ext;
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;

  return TRUE;
}

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
cd_block_media_store (CdArticle   *article,
                      GBytes      *bytes,
                      const char  *name_hint,
                      guint       *width,
                      guint       *height,
                      GError     **error)
{
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;
  const char *extension;
  guint w;
  guint h;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (!cd_block_media_sniff (bytes, name_hint, &extension, &w, &h, error))
    return NULL;

  stem = make_stem (name_hint);
  path = g_strdup_printf ("media/%s.%s", stem, extension);
  for (guint n = 2; cd_article_get_media (article, path) != NULL; n++)
    {
      g_free (path);
      path = g_strdup_printf ("media/%s-%u.%s", stem, n, extension);
    }

  cd_article_set_media (article, path, bytes);

  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;

  return g_steal_pointer (&path);
}

void
cd_block_media_fit (guint  width,
                    guint  height,
                    guint  max_width,
                    guint  max_height,
                    guint *fit_width,
                    guint *fit_height)
{
  guint64 w = MAX (width, 1);
  guint64 h = MAX (height, 1);

  if (w > max_width)
    {
      h = MAX (1, h * max_width / w);
      w = max_width;
    }
  if (h > max_height)
    {
      w = MAX (1, w * max_height / h);
      h = max_height;
    }

  *fit_width = w;
  *fit_height = h;
}

typedef struct
{
  GBytes *bytes;
  char   *name;
  guint   max_width;
  guint   max_height;
} ThumbnailJob;

static void
thumbnail_job_free (gpointer data)
{
  ThumbnailJob *job = data;

  g_bytes_unref (job->bytes);
  g_free (job->name);
  g_free (job);
}

static void
load_thumbnail_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ThumbnailJob *job = task_data;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (job->bytes);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GError) error = NULL;
  guint width;
  guint height;
  guint fit_width;
  guint fit_height;

  /* The header tells the size, so a small image is never scaled up. */
  if (!cd_block_media_sniff (job->bytes, job->name, NULL, &width, &height, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cd_block_media_fit (width, height, job->max_width, job->max_height, &fit_width, &fit_height);
  if (fit_width == width && fit_height == height)
    pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, &error);
  else
    /* The size already keeps the shape; letting GdkPixbuf keep it again
     * could round a pixel off. */
    pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, fit_width, fit_height, FALSE,
                                                  cancellable, &error);
  if (pixbuf == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CD_ERROR, CD_ERROR_INVALID,
                                 _("“%s” cannot be decoded: %s"), job->name, error->message);
      return;
    }

  /* Phones store the way up of a JPEG apart from its pixels. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (oriented == NULL)
    oriented = g_object_ref (pixbuf);

  pixels = gdk_pixbuf_read_pixel_bytes (oriented);
  g_task_return_pointer (task,
                         gdk_memory_texture_new (gdk_pixbuf_get_width (oriented),
                                                 gdk_pixbuf_get_height (oriented),
                                                 gdk_pixbuf_get_has_alpha (oriented)
                                                   ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8,
                                                 pixels,
                                                 gdk_pixbuf_get_rowstride (oriented)),
                         g_object_unref);
}

void
cd_block_media_load_thumbnail_async (GBytes              *bytes,
                                     const char          *name,
                                     guint                max_width,
                                     guint                max_height,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbnailJob *job;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (max_width > 0 && max_height > 0);

  job = g_new0 (ThumbnailJob, 1);
  job->bytes = g_bytes_ref (bytes);
  job->name = g_strdup (name != NULL ? name : "image");
  job->max_width = max_width;
  job->max_height = max_height;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_block_media_load_thumbnail_async);
  g_task_set_task_data (task, job, thumbnail_job_free);
  g_task_run_in_thread (task, load_thumbnail_thread);
}

GdkTexture *
cd_block_media_load_thumbnail_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
