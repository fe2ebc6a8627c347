/* cd-test-image.h: image bytes for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* The signature and IHDR chunk of a PNG of @width × @height. */
#define CD_TEST_PNG_HEADER_SIZE 33

static inline void
cd_test_png_header (guint8 *data,
                    guint   width,
                    guint   height)
{
  static const guint8 start[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
  };

  memcpy (data, start, sizeof start);
  for (guint i = 0; i < 4; i++)
    {
      data[16 + i] = (guint8) (width >> (24 - 8 * i));
      data[20 + i] = (guint8) (height >> (24 - 8 * i));
    }
  /* 8-bit RGBA, no interlace; the CRC is not checked by the sniffer. */
  memcpy (data + 24, "\x08\x06\x00\x00\x00\x00\x00\x00\x00", 9);
}

/* @length bytes (at least CD_TEST_PNG_HEADER_SIZE) that a PNG header of
 * 640 × 480 opens and a pattern from @seed fills: an image to the
 * sniffer, with content that differs between seeds. */
static inline GBytes *
cd_test_png_bytes (guint seed,
                   gsize length)
{
  guint8 *data;

  g_assert (length >= CD_TEST_PNG_HEADER_SIZE);

  data = g_malloc (length);
  cd_test_png_header (data, 640, 480);
  for (gsize i = CD_TEST_PNG_HEADER_SIZE; i < length; i++)
    data[i] = (guint8) ((i * 7 + seed * 13 + (i >> 8)) & 0xff);

  return g_bytes_new_take (data, length);
}

G_END_DECLS
