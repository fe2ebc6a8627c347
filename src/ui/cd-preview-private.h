/* cd-preview-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "cd-preview.h"

G_BEGIN_DECLS

#define CD_PREVIEW_MEDIA_SCHEME "copydesk-media"
/* The script world the patches run in, apart from the page's own. */
#define CD_PREVIEW_PATCH_WORLD  "copydesk-preview"
/* The script message handler patches report to, see
 * _cd_preview_set_report_patches(). */
#define CD_PREVIEW_BENCH_MESSAGE "copydeskBench"
/* The script message handler a click on a block posts its
 * data-block-id to (world CD_PREVIEW_PATCH_WORLD). */
#define CD_PREVIEW_BLOCK_MESSAGE "copydeskBlock"
/* When this variable is set in the environment, the previews print on
 * stdout "copydesk-bench STEP USEC", USEC being g_get_monotonic_time(),
 * for three steps of start-up: "preview-created" (the first preview),
 * "page-loaded" (the first story's page) and "first-frame" (the first
 * frame of the window drawn after that page painted). The program goes
 * on running. */
#define CD_PREVIEW_BENCH_STARTUP_ENV "COPYDESK_BENCH_STARTUP"

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
/* Patch programs sent to the page so far. */
guint           _cd_preview_get_n_flushes         (CdPreview  *self);
/* Whether changes wait for a frame, for a page load or for a patch
 * running in the page. */
gboolean        _cd_preview_is_patch_pending      (CdPreview  *self);
/* Makes each patch post "dom SERIAL MS" to the CD_PREVIEW_BENCH_MESSAGE
 * handler (world CD_PREVIEW_PATCH_WORLD) as soon as the page's DOM and
 * layout show it, MS being the time the patch took in the page, and
 * "frame SERIAL" on the page's next animation frame; SERIAL counts the
 * patches. Listen with
 * "script-message-received::copydeskBench" on the view's user content
 * manager. */
void            _cd_preview_set_report_patches    (CdPreview  *self,
                                                   gboolean    report);
/* Lets live pages also load scripts from @source (a CSP source such as
 * "data:"), or no further source with NULL: a test stands in for a
 * provider's script with it, the network being out of reach. */
void            _cd_preview_set_test_script_source (CdPreview  *self,
                                                    const char *source);
/* Whether a link to @uri may be handed to another application. */
gboolean        _cd_preview_uri_opens_externally  (const char *uri);

G_END_DECLS
