/* cd-block-media.c: images stored in a story for its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-media"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "cd-block-media.h"
#include "cd-memory.h"

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
  CdMediaInfo info;
  guint width;
  guint height;
  guint fit_width;
  guint fit_height;

  /* Nothing is decoded that the sniffer has not accepted: it refuses
   * what is not an image and, from the header alone, pictures whose
   * pixels would take gigabytes. The header also tells the size, so a
   * small image is never scaled up. */
  if (!cd_media_sniff (job->bytes, job->name, &info, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  width = info.width;
  height = info.height;

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

GtkFileFilter *
cd_block_media_image_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Photos (PNG, JPEG, GIF, WebP)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/gif");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  gtk_file_filter_add_suffix (filter, "gif");
  gtk_file_filter_add_suffix (filter, "webp");

  return filter;
}

void
cd_block_media_show_thumbnail (GtkWidget    *picture,
                               GtkWidget    *status,
                               const char   *src,
                               GdkTexture   *texture,
                               const GError *error)
{
  g_autofree char *text = NULL;

  /* Decoding took a whole photo's pixels on a worker thread. */
  cd_memory_release_soon ();

  if (texture != NULL)
    {
      gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
      return;
    }

  if (error != NULL)
    g_debug ("%s", error->message);
  text = g_strdup_printf (_("“%s” cannot be shown here, but it is kept in the story"), src);
  gtk_widget_set_visible (picture, FALSE);
  gtk_label_set_text (GTK_LABEL (status), text);
  gtk_widget_set_visible (status, TRUE);
}
