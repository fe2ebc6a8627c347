/* cd-preview-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "cd-embargo-banner.h"
#include "cd-house-style.h"
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
/* How many times the web process ended. */
guint           _cd_preview_get_n_crashes         (CdPreview  *self);
/* Whether the preview stopped starting web processes, as each one it
 * started ended at once; it says so in place of the page. */
gboolean        _cd_preview_is_stopped            (CdPreview  *self);
/* The serial of the shown story's media URLs, 0 before the first story. */
guint           _cd_preview_get_media_serial      (CdPreview  *self);
/* Maps the path of a media URL ("/7/media/a%20b.png") to the key of the
 * media in the article ("media/a b.png"), or NULL when the path is not
 * media of the story with @serial. */
char           *_cd_preview_media_key_from_path   (const char *path,
                                                   guint       serial);
/* Patch programs sent to the page so far. */
guint           _cd_preview_get_n_flushes         (CdPreview  *self);
/* When patch @serial (counted from 1) was sent, in g_get_monotonic_time();
 * 0 when unknown. Known while patches are reported. */
gint64          _cd_preview_get_flush_time        (CdPreview  *self,
                                                   guint       serial);
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

/* Shared by cd-preview.c, cd-preview-web.c and cd-preview-page.c;
 * not for other callers. */

/* The page the HTML is loaded at: it has no origin of any site, so the
 * story is never same-origin with anything on the network. */
#define PREVIEW_BASE_URI "about:blank"

/* The preview's stylesheet and the programs it runs in the page, kept as
 * the files src/ui/cd-preview.css, cd-preview-patch.js and
 * cd-preview-click.js. */
#define PREVIEW_RESOURCE "/io/github/copydesk/Copydesk/preview/"

struct _CdPreview
{
  AdwBin          parent_instance;

  AdwClamp       *clamp;
  WebKitWebView  *web_view;

  CdArticle      *article;
  CdPreviewWidth  page_width;
  char           *house_style;
  /* "Embargoed until …" above the headline: the desk's, never exported. */
  char           *desk_notice;

  /* Whether embeds are the providers' own, and whether the web view was
   * made for them: its policy and settings are fixed when it is made. */
  gboolean        live_embeds;
  gboolean        view_is_live;
  /* The policy the web view was made with, and the origins the frames of
   * a live page may load from. */
  char           *policy;
  GStrv           frame_origins;
  /* A further script source for live pages, for tests only. */
  char           *test_script_source;

  /* Media URLs carry the serial of the story shown, so an image of an
   * earlier story (or an earlier version of the same name) is never taken
   * from a cache and requests left over from it find nothing. */
  guint           media_serial;
  char           *media_prefix;

  /* Loads started by load_html() whose navigation is still to be allowed. */
  guint           n_pending_loads;
  guint           n_refused;
  guint           n_crashes;
  /* Ends of the web process close together (see
   * _cd_preview_web_process_terminated_cb ()), and when the first of
   * them came. */
  guint           n_quick_ends;
  gint64          first_quick_end;
  /* What the preview shows in place of the page once it stopped
   * starting web processes (a reference of its own), or NULL. */
  GtkWidget      *stopped;
  guint           stop_id;

  /* What changed since the page last caught up with the article. Blocks
   * are held by reference, ids are as the page holds them. */
  GHashTable     *dirty_blocks;
  gboolean        header_dirty;
  gboolean        lead_dirty;
  gboolean        order_dirty;
  gboolean        story_dirty;
  gboolean        media_dirty;
  gboolean        first_paragraph_dirty;
  gboolean        scroll_pending;

  /* The body block ids in the page, and the paragraph shown with the
   * dateline. */
  GHashTable     *shown_ids;
  CdBlock        *first_paragraph;
  /* The block the editor works in, kept in view. */
  char           *focus_id;

  /* A story newly set waits for its own turn of the main loop to be
   * rendered, apart from the editor taking it in. */
  guint           render_id;
  guint           flush_id;
  /* A frame that begins before the idle runs sends the changes first:
   * see _cd_preview_schedule_flush (). */
  GdkFrameClock  *flush_clock;
  gulong          flush_paint_id;
  gboolean        loading;
  gboolean        patch_running;
  /* Cancelled when the page is loaded anew: a patch for the old page
   * must not count for the new one. */
  GCancellable   *patch_cancellable;
  guint           n_flushes;
  gboolean        report_patches;
  /* When each patch was sent, by serial, while patches are reported. */
  GArray         *flush_times;

  /* The choices of the last print, offered again by the next. */
  GtkPrintSettings *print_settings;
  GtkPageSetup     *page_setup;
};

enum {
  PREVIEW_SIGNAL_OPEN_LINK,
  PREVIEW_SIGNAL_PATCHED,
  PREVIEW_SIGNAL_BLOCK_ACTIVATED,
  PREVIEW_SIGNAL_N
};

extern guint _cd_preview_signals[PREVIEW_SIGNAL_N];

const char *
_cd_preview_preview_script (const char *name);

void
_cd_preview_real_open_link (CdPreview  *self,
                            const char *uri);

void
_cd_preview_set_media_serial (CdPreview *self,
                              guint      serial);

void
_cd_preview_init_html_options (CdPreview     *self,
                               CdHtmlOptions *options,
                               CdHtmlMode     mode);

gboolean
_cd_preview_has_changes (CdPreview *self);

void
_cd_preview_forget_changes (CdPreview *self);

void
_cd_preview_render (CdPreview *self);

void
_cd_preview_schedule_render (CdPreview *self);

void
_cd_preview_schedule_flush (CdPreview *self);

void
_cd_preview_connect_article (CdPreview *self);

void
_cd_preview_disconnect_article (CdPreview *self);

void
_cd_preview_load_changed_cb (CdPreview       *self,
                             WebKitLoadEvent  event,
                             WebKitWebView   *web_view);

void
_cd_preview_web_process_terminated_cb (CdPreview                         *self,
                                       WebKitWebProcessTerminationReason  reason,
                                       WebKitWebView                     *web_view);

int
_cd_preview_page_width_pixels (CdPreviewWidth width);

void
_cd_preview_ensure_style (void);

void
_cd_preview_apply_page_width (CdPreview *self);

char *
_cd_preview_build_live_policy (CdArticle   *article,
                               const char  *test_script_source,
                               GStrv       *frame_origins);

void
_cd_preview_create_web_view (CdPreview *self);

void
_cd_preview_update_web_view (CdPreview *self);

void
_cd_preview_block_message_cb (CdPreview *self,
                              JSCValue  *value);

G_END_DECLS
