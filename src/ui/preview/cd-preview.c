/* cd-preview.c: the story as it will be published, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-embargo-banner.h"
#include "cd-house-style.h"
#include "cd-preview-private.h"

/* Set as if it came in an HTTP header: it covers every page the view shows,
 * a page cannot loosen it, and it holds even where a setting or a policy
 * handler would miss a case (a CSS url(), an <iframe>, a <link>, a form).
 * Only the story's own media and inline styles load; no script from the
 * content runs. Scripts the app evaluates through
 * webkit_web_view_evaluate_javascript() are not bound by it. */
#define PREVIEW_CONTENT_SECURITY_POLICY \
  "default-src 'none'; " \
  "img-src " CD_PREVIEW_MEDIA_SCHEME ": data:; " \
  "style-src 'unsafe-inline'; " \
  "font-src data:; " \
  "script-src 'none'; " \
  "form-action 'none'; " \
  "base-uri 'none'"

/* With live embeds the page shows the providers' own embeds, each in a
 * sandboxed frame of its own (see CdHtmlOptions.isolate_embeds) that
 * inherits this policy: the providers' scripts and frames load from the
 * origins of cd-embed.c's provider table, a Mastodon post's frame from
 * its instance, and no script from a host the story names. Inline
 * scripts stay blocked, so no text of the story can ever run as script,
 * and no provider's script can read the draft around its frame. */


/* A script of the preview's resources, as text, read once. They are
 * compiled into the program, so a missing one is a broken build. */
const char *
_cd_preview_preview_script (const char *name)
{
  static GHashTable *scripts;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (scripts == NULL)
    scripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  bytes = g_hash_table_lookup (scripts, name);
  if (bytes == NULL)
    {
      path = g_strconcat (PREVIEW_RESOURCE, name, NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("The preview's %s is missing from the resources: %s", name, error->message);
      g_hash_table_insert (scripts, g_strdup (name), bytes);
    }

  /* Resource data ends in a NUL byte; the bytes live as long as the
   * program, like the string literals they replace. */
  return g_bytes_get_data (bytes, NULL);
}



G_DEFINE_ENUM_TYPE (CdPreviewWidth, cd_preview_width,
                    G_DEFINE_ENUM_VALUE (CD_PREVIEW_WIDTH_DESKTOP, "desktop"),
                    G_DEFINE_ENUM_VALUE (CD_PREVIEW_WIDTH_TABLET, "tablet"),
                    G_DEFINE_ENUM_VALUE (CD_PREVIEW_WIDTH_PHONE, "phone"))

G_DEFINE_FINAL_TYPE (CdPreview, cd_preview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_PAGE_WIDTH,
  PROP_HOUSE_STYLE,
  PROP_LIVE_EMBEDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _cd_preview_signals[PREVIEW_SIGNAL_N];

static void
print_startup_stamp (const char *what)
{
  g_print ("copydesk-bench %s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
  fflush (stdout);
}

static void
startup_after_paint_cb (CdPreview     *self,
                        GdkFrameClock *frame_clock)
{
  g_signal_handlers_disconnect_by_func (frame_clock, startup_after_paint_cb, self);
  print_startup_stamp ("first-frame");
}

static void
startup_page_frame_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CdPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *frame_clock;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (value == NULL)
    g_warning ("Could not wait for the preview's first frame: %s", error->message);

  /* The page has drawn; the window shows it at its next frame. */
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (frame_clock == NULL)
    {
      print_startup_stamp ("first-frame");
      return;
    }

  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (startup_after_paint_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* For the start-up benchmark: the time the first story is on screen. */
static void
report_startup (CdPreview *self)
{
  static gboolean reported;

  if (reported || self->article == NULL || g_getenv (CD_PREVIEW_BENCH_STARTUP_ENV) == NULL)
    return;

  reported = TRUE;
  print_startup_stamp ("page-loaded");
  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "await new Promise (resolve => requestAnimationFrame (resolve));"
                                                  "return true;",
                                                  -1, NULL, CD_PREVIEW_PATCH_WORLD, NULL, NULL,
                                                  startup_page_frame_cb, g_object_ref (self));
}

void
_cd_preview_load_changed_cb (CdPreview       *self,
                             WebKitLoadEvent  event,
                             WebKitWebView   *web_view)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  /* A load replaced by another one finishes too. */
  self->loading = webkit_web_view_is_loading (web_view);
  if (self->loading)
    return;

  _cd_preview_schedule_flush (self);
  report_startup (self);
}

/* A web process that cannot start at all (no EGL display, a library
 * missing) ends again as soon as it is started. After this many ends,
 * each within this long of the first, the preview stops starting new
 * ones until the user asks it to try again. */
#define MAX_QUICK_ENDS 3
#define QUICK_ENDS_WINDOW_US (30 * G_USEC_PER_SEC)

static void
try_again_cb (CdPreview *self)
{
  g_return_if_fail (self->stop_id == 0);

  /* A new web view takes the message's place. */
  _cd_preview_update_web_view (self);
  _cd_preview_render (self);
}

/* In place of the page, out of the signal that told of the web
 * process's end: WebKit still uses the web view after it. */
static gboolean
show_stopped_cb (gpointer data)
{
  CdPreview *self = data;

  self->stop_id = 0;
  /* A web view made meanwhile (a print) tried again already. */
  if (self->stopped == NULL)
    return G_SOURCE_REMOVE;
  /* The web view goes with its place in the clamp; the next page makes
   * a new one. */
  self->web_view = NULL;
  adw_clamp_set_child (self->clamp, self->stopped);

  return G_SOURCE_REMOVE;
}

static void
stop (CdPreview *self)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (adw_status_page_new ());
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Try Again"));

  adw_status_page_set_icon_name (page, "dialog-warning-symbolic");
  adw_status_page_set_title (page, _("The Preview Stopped"));
  adw_status_page_set_description (page,
                                   _("The program that draws the page ended each time it was "
                                     "started, so the page cannot be shown. The story is not "
                                     "affected: it can still be edited, saved and exported."));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (try_again_cb), self);
  adw_status_page_set_child (page, button);

  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->loading = FALSE;
  self->stopped = g_object_ref_sink (GTK_WIDGET (page));
  self->stop_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, show_stopped_cb, self, NULL);
}

void
_cd_preview_web_process_terminated_cb (CdPreview                         *self,
                                       WebKitWebProcessTerminationReason  reason,
                                       WebKitWebView                     *web_view)
{
  gint64 now = g_get_monotonic_time ();

  self->n_crashes++;
  self->n_pending_loads = 0;

  if (self->n_quick_ends == 0 || now - self->first_quick_end > QUICK_ENDS_WINDOW_US)
    {
      self->n_quick_ends = 0;
      self->first_quick_end = now;
    }
  if (++self->n_quick_ends >= MAX_QUICK_ENDS)
    {
      g_message ("The preview's web process ended %u times in %.1f s (reason %d); the preview stopped",
                 self->n_quick_ends, (now - self->first_quick_end) / (double) G_USEC_PER_SEC, reason);
      stop (self);
      return;
    }

  /* WebKit's web process can end on its own (a crash, memory): the
   * preview recovers by showing the story again, so this is news for
   * the log, not an error of Copydesk's. */
  g_message ("The preview's web process ended (reason %d); showing the story again", reason);
  _cd_preview_render (self);
}

/* A web view's policy and settings are fixed when it is made: turning
 * live embeds on or off, or a live story gaining an embed from another
 * host, takes a new one. */
void
_cd_preview_update_web_view (CdPreview *self)
{
  g_autofree char *policy = NULL;
  g_auto(GStrv) frame_origins = NULL;

  if (self->live_embeds)
    policy = _cd_preview_build_live_policy (self->article, self->test_script_source, &frame_origins);
  else
    policy = g_strdup (PREVIEW_CONTENT_SECURITY_POLICY);

  g_strfreev (self->frame_origins);
  self->frame_origins = g_steal_pointer (&frame_origins);

  if (self->web_view != NULL &&
      self->view_is_live == self->live_embeds &&
      g_strcmp0 (self->policy, policy) == 0)
    return;

  g_free (self->policy);
  self->policy = g_steal_pointer (&policy);
  self->view_is_live = self->live_embeds;
  _cd_preview_create_web_view (self);

  if (g_getenv (CD_PREVIEW_BENCH_STARTUP_ENV) != NULL)
    {
      static gboolean printed;

      if (!printed)
        print_startup_stamp ("preview-created");
      printed = TRUE;
    }
}

static void
cd_preview_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  CdPreview *self = CD_PREVIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->clamp), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
cd_preview_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  CdPreview *self = CD_PREVIEW (widget);
  int page_width = _cd_preview_page_width_pixels (self->page_width);
  double zoom = 1.0;

  gtk_widget_allocate (GTK_WIDGET (self->clamp), width, height, baseline, NULL);

  /* A tablet page in a preview narrower than a tablet is still laid out
   * 768 pixels wide, then scaled down to fit, so its lines break as on
   * the tablet. */
  if (page_width > 0 && width > 0 && width < page_width)
    zoom = (double) width / page_width;

  if (self->web_view != NULL &&
      !G_APPROX_VALUE (webkit_web_view_get_zoom_level (self->web_view), zoom, 1e-6))
    webkit_web_view_set_zoom_level (self->web_view, zoom);
}

static void
cd_preview_dispose (GObject *object)
{
  CdPreview *self = CD_PREVIEW (object);

  _cd_preview_forget_changes (self);
  g_clear_handle_id (&self->stop_id, g_source_remove);
  g_clear_object (&self->stopped);
  if (self->article != NULL)
    _cd_preview_disconnect_article (self);
  g_clear_object (&self->article);
  g_clear_object (&self->first_paragraph);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->page_setup);

  G_OBJECT_CLASS (cd_preview_parent_class)->dispose (object);
}

static void
cd_preview_finalize (GObject *object)
{
  CdPreview *self = CD_PREVIEW (object);

  g_clear_pointer (&self->dirty_blocks, g_hash_table_unref);
  g_clear_pointer (&self->shown_ids, g_hash_table_unref);
  g_clear_pointer (&self->media_prefix, g_free);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_pointer (&self->house_style, g_free);
  g_clear_pointer (&self->desk_notice, g_free);
  g_clear_pointer (&self->policy, g_free);
  g_clear_pointer (&self->frame_origins, g_strfreev);
  g_clear_pointer (&self->test_script_source, g_free);
  g_clear_pointer (&self->flush_times, g_array_unref);

  G_OBJECT_CLASS (cd_preview_parent_class)->finalize (object);
}

static void
cd_preview_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CdPreview *self = CD_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    case PROP_PAGE_WIDTH:
      g_value_set_enum (value, self->page_width);
      break;
    case PROP_HOUSE_STYLE:
      g_value_set_string (value, cd_preview_get_house_style (self));
      break;
    case PROP_LIVE_EMBEDS:
      g_value_set_boolean (value, self->live_embeds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_preview_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CdPreview *self = CD_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      cd_preview_set_article (self, g_value_get_object (value));
      break;
    case PROP_PAGE_WIDTH:
      cd_preview_set_page_width (self, g_value_get_enum (value));
      break;
    case PROP_HOUSE_STYLE:
      cd_preview_set_house_style (self, g_value_get_string (value));
      break;
    case PROP_LIVE_EMBEDS:
      cd_preview_set_live_embeds (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_preview_class_init (CdPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_preview_dispose;
  object_class->finalize = cd_preview_finalize;
  object_class->get_property = cd_preview_get_property;
  object_class->set_property = cd_preview_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         CD_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PAGE_WIDTH] =
    g_param_spec_enum ("page-width", NULL, NULL,
                       CD_TYPE_PREVIEW_WIDTH,
                       CD_PREVIEW_WIDTH_DESKTOP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HOUSE_STYLE] =
    g_param_spec_string ("house-style", NULL, NULL,
                         CD_HOUSE_STYLE_DEFAULT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LIVE_EMBEDS] =
    g_param_spec_boolean ("live-embeds", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _cd_preview_signals[PREVIEW_SIGNAL_OPEN_LINK] =
    g_signal_new_class_handler ("open-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (_cd_preview_real_open_link),
                                NULL, NULL,
                                g_cclosure_marshal_VOID__STRING,
                                G_TYPE_NONE, 1,
                                G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* A block of the page was clicked: the editor goes there. */
  _cd_preview_signals[PREVIEW_SIGNAL_BLOCK_ACTIVATED] =
    g_signal_new ("block-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__STRING,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  _cd_preview_signals[PREVIEW_SIGNAL_PATCHED] =
    g_signal_new ("patched",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  widget_class->measure = cd_preview_measure;
  widget_class->size_allocate = cd_preview_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cd_preview_init (CdPreview *self)
{
  /* The preview lays its child out itself, to learn its width. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  self->dirty_blocks = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->shown_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  _cd_preview_ensure_style ();
  cd_house_style_prepare_preview_stylesheet (cd_preview_get_house_style (self));

  /* The web view comes with the first page (_cd_preview_update_web_view ()). */
  self->clamp = ADW_CLAMP (adw_clamp_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->clamp));

  self->page_width = CD_PREVIEW_WIDTH_DESKTOP;
  _cd_preview_apply_page_width (self);
}

GtkWidget *
cd_preview_new (void)
{
  return g_object_new (CD_TYPE_PREVIEW, NULL);
}

CdArticle *
cd_preview_get_article (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), NULL);

  return self->article;
}

void
cd_preview_set_article (CdPreview *self,
                        CdArticle *article)
{
  g_return_if_fail (CD_IS_PREVIEW (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    _cd_preview_disconnect_article (self);

  g_set_object (&self->article, article);
  g_clear_pointer (&self->focus_id, g_free);

  if (self->article != NULL)
    _cd_preview_connect_article (self);

  _cd_preview_schedule_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

CdPreviewWidth
cd_preview_get_page_width (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), CD_PREVIEW_WIDTH_DESKTOP);

  return self->page_width;
}

void
cd_preview_set_page_width (CdPreview      *self,
                           CdPreviewWidth  width)
{
  g_return_if_fail (CD_IS_PREVIEW (self));
  g_return_if_fail (width <= CD_PREVIEW_WIDTH_PHONE);

  if (self->page_width == width)
    return;

  self->page_width = width;
  _cd_preview_apply_page_width (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_WIDTH]);
}

const char *
cd_preview_get_house_style (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), NULL);

  return self->house_style != NULL ? self->house_style : CD_HOUSE_STYLE_DEFAULT;
}

void
cd_preview_set_house_style (CdPreview  *self,
                            const char *house_style)
{
  g_return_if_fail (CD_IS_PREVIEW (self));

  if (house_style == NULL || house_style[0] == '\0')
    house_style = CD_HOUSE_STYLE_DEFAULT;

  if (g_strcmp0 (cd_preview_get_house_style (self), house_style) == 0)
    return;

  g_free (self->house_style);
  self->house_style = g_strdup (house_style);
  cd_house_style_prepare_preview_stylesheet (house_style);

  /* The stylesheet is in the page's head, which patches never touch. */
  if (self->article != NULL)
    _cd_preview_render (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOUSE_STYLE]);
}

gboolean
cd_preview_get_live_embeds (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), FALSE);

  return self->live_embeds;
}

void
cd_preview_set_live_embeds (CdPreview *self,
                            gboolean   live)
{
  g_return_if_fail (CD_IS_PREVIEW (self));

  live = !!live;
  if (self->live_embeds == live)
    return;

  self->live_embeds = live;
  _cd_preview_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_EMBEDS]);
}

void
cd_preview_scroll_to_block (CdPreview  *self,
                            const char *block_id)
{
  g_return_if_fail (CD_IS_PREVIEW (self));

  g_clear_pointer (&self->focus_id, g_free);
  if (block_id != NULL)
    self->focus_id = cd_html_block_dom_id (block_id);

  /* Through the patch queue, so a block inserted a moment ago is in the
   * page by the time it is looked for. */
  self->scroll_pending = self->focus_id != NULL;
  _cd_preview_schedule_flush (self);
}

WebKitWebView *
_cd_preview_get_web_view (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), NULL);

  if (self->web_view == NULL)
    {
      gboolean stopped = self->stopped != NULL;

      _cd_preview_update_web_view (self);
      /* A stopped preview asked for its view (to print) tries again. */
      if (stopped)
        _cd_preview_render (self);
    }

  return self->web_view;
}

void
_cd_preview_load_html (CdPreview  *self,
                       const char *html)
{
  g_return_if_fail (CD_IS_PREVIEW (self));
  g_return_if_fail (html != NULL);

  if (self->web_view == NULL)
    _cd_preview_update_web_view (self);
  self->n_pending_loads++;
  self->loading = TRUE;
  webkit_web_view_load_html (self->web_view, html, PREVIEW_BASE_URI);
}

guint
_cd_preview_get_n_crashes (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), 0);

  return self->n_crashes;
}

gboolean
_cd_preview_is_stopped (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), FALSE);

  return self->stopped != NULL;
}

guint
_cd_preview_get_n_refused (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), 0);

  return self->n_refused;
}

guint
_cd_preview_get_media_serial (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), 0);

  return self->media_serial;
}

guint
_cd_preview_get_n_flushes (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), 0);

  return self->n_flushes;
}

gint64
_cd_preview_get_flush_time (CdPreview *self,
                            guint      serial)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), 0);

  if (self->flush_times == NULL || serial >= self->flush_times->len)
    return 0;

  return g_array_index (self->flush_times, gint64, serial);
}

gboolean
_cd_preview_is_patch_pending (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), FALSE);

  return self->patch_running ||
         self->render_id != 0 ||
         (self->article != NULL && _cd_preview_has_changes (self));
}

void
_cd_preview_set_report_patches (CdPreview *self,
                                gboolean   report)
{
  WebKitUserContentManager *manager;

  g_return_if_fail (CD_IS_PREVIEW (self));

  report = !!report;
  if (self->report_patches == report)
    return;

  self->report_patches = report;
  if (report && self->flush_times == NULL)
    self->flush_times = g_array_new (FALSE, TRUE, sizeof (gint64));
  /* A web view still to come registers the handler as it is made. */
  if (self->web_view == NULL)
    return;
  manager = webkit_web_view_get_user_content_manager (self->web_view);
  if (report)
    webkit_user_content_manager_register_script_message_handler (manager, CD_PREVIEW_BENCH_MESSAGE,
                                                                 CD_PREVIEW_PATCH_WORLD);
  else
    webkit_user_content_manager_unregister_script_message_handler (manager, CD_PREVIEW_BENCH_MESSAGE,
                                                                   CD_PREVIEW_PATCH_WORLD);
}

static void
print_finished_cb (WebKitPrintOperation *operation,
                   CdPreview            *self)
{
  g_set_object (&self->print_settings, webkit_print_operation_get_print_settings (operation));
  g_set_object (&self->page_setup, webkit_print_operation_get_page_setup (operation));
}

WebKitPrintOperation *
cd_preview_new_print_operation (CdPreview *self)
{
  WebKitPrintOperation *operation;

  g_return_val_if_fail (CD_IS_PREVIEW (self), NULL);

  operation = webkit_print_operation_new (_cd_preview_get_web_view (self));
  if (self->print_settings != NULL)
    webkit_print_operation_set_print_settings (operation, self->print_settings);
  if (self->page_setup != NULL)
    webkit_print_operation_set_page_setup (operation, self->page_setup);
  g_signal_connect_object (operation, "finished", G_CALLBACK (print_finished_cb), self, 0);

  return operation;
}

void
_cd_preview_set_test_script_source (CdPreview  *self,
                                    const char *source)
{
  g_return_if_fail (CD_IS_PREVIEW (self));

  g_free (self->test_script_source);
  self->test_script_source = g_strdup (source);
  _cd_preview_update_web_view (self);
}
