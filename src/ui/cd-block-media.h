/* cd-block-media.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* Recognizes the image formats a figure may hold (PNG, JPEG, GIF, WebP)
 * from their first bytes, and reads their pixel size from the header, so
 * no image loader is needed to accept them. @name names the image in the
 * error message. */
gboolean      cd_block_media_sniff         (GBytes      *bytes,
                                            const char  *name,
                                            const char **extension,
                                            guint       *width,
                                            guint       *height,
                                            GError     **error);
/* Stores an image in @article's media under a new unique path
 * "media/NAME.EXT" derived from @name_hint, returning that path. */
char         *cd_block_media_store         (CdArticle   *article,
                                            GBytes      *bytes,
                                            const char  *name_hint,
                                            guint       *width,
                                            guint       *height,
                                            GError     **error);
/* The size a picture of @width × @height is shown at to fit in
 * @max_width × @max_height: scaled down keeping its shape, never up. */
void          cd_block_media_fit           (guint        width,
                                            guint        height,
                                            guint        max_width,
                                            guint        max_height,
                                            guint       *fit_width,
                                            guint       *fit_height);
/* Decodes the image @bytes, scaled down to fit @max_width × @max_height,
 * in a worker thread, so that decoding the photos of a long story does
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

G_END_DECLS
