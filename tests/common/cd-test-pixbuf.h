/* cd-test-pixbuf.h: real images for the UI tests, made with gdk-pixbuf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

/* A PNG of @width × @height filled with @rgba, which the editor can
 * decode into a thumbnail. */
static inline GBytes *
cd_test_solid_png (guint32 rgba,
                   int     width,
                   int     height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", &error, NULL));
  g_assert_no_error (error);

  return g_bytes_new_take (data, size);
}
