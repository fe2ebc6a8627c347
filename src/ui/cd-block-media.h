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
/* A texture of the media at @src, or NULL if it is missing or cannot be
 * decoded. */
GdkTexture   *cd_block_media_load_texture  (CdArticle   *article,
                                            const char  *src);

G_END_DECLS
