/* cd-preview-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "cd-preview.h"

G_BEGIN_DECLS

#define CD_PREVIEW_MEDIA_SCHEME "copydesk-media"

WebKitWebView  *_cd_preview_get_web_view          (CdPreview  *self);
/* Shows @html as the preview page, under the same settings and policies
 * as a rendered story. */
void            _cd_preview_load_html             (CdPreview  *self,
                                                   const char *html);
/* Navigations and new-window requests refused so far. */
guint           _cd_preview_get_n_refused         (CdPreview  *self);
/* The serial of the shown story's media URLs, 0 before the first story. */
guint           _cd_preview_get_media_serial      (CdPreview  *self);
/* Maps the path of a media URL ("/7/media/a%20b.png") to the key of the
 * media in the article ("media/a b.png"), or NULL when the path is not
 * media of the story with @serial. */
char           *_cd_preview_media_key_from_path   (const char *path,
                                                   guint       serial);
/* Whether a link to @uri may be handed to another application. */
gboolean        _cd_preview_uri_opens_externally  (const char *uri);

G_END_DECLS
