/* cd-block-media.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* The size a picture of @width × @height is shown at to fit in
 * @max_width × @max_height: scaled down keeping its shape, never up. */
void          cd_block_media_fit           (guint        width,
                                            guint        height,
                                            guint        max_width,
                                            guint        max_height,
                                            guint       *fit_width,
                                            guint       *fit_height);
/* Decodes the image @bytes, scaled down to fit @max_width × @max_height,
 * in a worker thread, once cd_media_sniff() has accepted it, so that decoding the photos of a long story does
 * not hold up the window; @name names it in the error. */
void          cd_block_media_load_thumbnail_async  (GBytes              *bytes,
                                                    const char          *name,
                                                    guint                max_width,
                                                    guint                max_height,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GdkTexture   *cd_block_media_load_thumbnail_finish (GAsyncResult        *result,
                                                    GError             **error);
/* Shows a loaded thumbnail in @picture, or, when @texture is NULL, says
 * in @status that the image @src cannot be shown here but is kept. */
void          cd_block_media_show_thumbnail        (GtkWidget           *picture,
                                                    GtkWidget           *status,
                                                    const char          *src,
                                                    GdkTexture          *texture,
                                                    const GError        *error);

/* The file chooser's filter for the pictures a story takes (PNG, JPEG,
 * GIF, WebP), by type and by file name extension; the one filter of the
 * lead photo and a body photo. */
GtkFileFilter *cd_block_media_image_filter (void);

G_END_DECLS
