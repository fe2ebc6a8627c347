/* cd-preview-web.c: the preview's web view, its security policy and its script messages
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
#include "cd-renderer.h"

char *
_cd_preview_media_key_from_path (const char *path,
                                 guint       serial)
{
  const char *slash;
  g_autofree char *serial_text = NULL;
  g_autofree char *key = NULL;
  guint64 value;

  if (path == NULL || path[0] != '/')
    return NULL;

  slash = strchr (path + 1, '/');
  if (slash == NULL)
    return NULL;

  serial_text = g_strndup (path + 1, slash - (path + 1));
  if (!g_ascii_string_to_unsigned (serial_text, 10, 1, G_MAXUINT, &value, NULL) ||
      value != serial)
    return NULL;

  /* A NUL or a path separator hidden in an escape never names media. */
  key = g_uri_unescape_string (slash + 1, "/");
  if (key == NULL || cd_media_name_from_src (key) == NULL)
    return NULL;

  return g_steal_pointer (&key);
}

gboolean
_cd_preview_uri_opens_externally (const char *uri)
{
  g_autofree char *scheme = NULL;

  if (uri == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL))
    return FALSE;

  scheme = g_uri_parse_scheme (uri);

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "http") == 0 ||
          g_ascii_strcasecmp (scheme, "https") == 0 ||
          g_ascii_strcasecmp (scheme, "mailto") == 0);
}

static void
media_request_cb (WebKitURISchemeRequest *request,
                  gpointer                user_data)
{
  WebKitWebView *web_view;
  GtkWidget *preview;
  GBytes *bytes = NULL;
  g_autofree char *key = NULL;
  const char *mime_type = NULL;
  CdMediaInfo info;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(WebKitURISchemeResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  /* Media is looked up in the story the requesting view shows, never on
   * disk, so no URL can reach any other file. */
  web_view = webkit_uri_scheme_request_get_web_view (request);
  preview = web_view != NULL ? gtk_widget_get_ancestor (GTK_WIDGET (web_view), CD_TYPE_PREVIEW) : NULL;

  if (preview != NULL && CD_PREVIEW (preview)->article != NULL)
    key = _cd_preview_media_key_from_path (webkit_uri_scheme_request_get_path (request),
                                           CD_PREVIEW (preview)->media_serial);

  if (key != NULL)
    bytes = cd_article_get_media (CD_PREVIEW (preview)->article, key);

  /* The type is what the bytes are, never what the name says: an SVG
   * named photo.png is not served as an image. */
  if (bytes != NULL && cd_media_sniff (bytes, key, &info, NULL))
    mime_type = info.mime_type;

  if (mime_type == NULL)
    {
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "%s is not an image of this story",
                           webkit_uri_scheme_request_get_uri (request));
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  stream = g_memory_input_stream_new_from_bytes (bytes);
  response = webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  webkit_uri_scheme_response_set_content_type (response, mime_type);
  webkit_uri_scheme_request_finish_with_response (request, response);
}

static WebKitWebContext *
get_web_context (void)
{
  static WebKitWebContext *context;

  if (context == NULL)
    {
      WebKitSecurityManager *security;

      context = webkit_web_context_new ();
      /* Every page is built in memory; a cache would only keep old copies. */
      webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
      webkit_web_context_register_uri_scheme (context, CD_PREVIEW_MEDIA_SCHEME,
                                              media_request_cb, NULL, NULL);

      /* The media is the story's own, as trusted as the page, never mixed
       * content. The scheme exists in this context only, so no other web
       * view of the process can reach it. */
      security = webkit_web_context_get_security_manager (context);
      webkit_security_manager_register_uri_scheme_as_secure (security, CD_PREVIEW_MEDIA_SCHEME);
    }

  return context;
}

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  /* Nothing of a preview (cookies, storage, caches) is written to disk. */
  if (session == NULL)
    session = webkit_network_session_new_ephemeral ();

  return session;
}

static void
launch_uri_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdPreview) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                     adw_toast_new_format (_("Could not open the link: %s"), escaped));
      else
        g_warning ("Could not open the link: %s", error->message);
    }
}

void
_cd_preview_real_open_link (CdPreview  *self,
                            const char *uri)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  cd_renderer_clean_launch_context (G_APP_LAUNCH_CONTEXT (context));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launch_uri_cb, g_object_ref (self));
}

/* Whether the navigation is a reader's click on a link in the story. */
static gboolean
is_link_click (WebKitNavigationAction *action)
{
  return webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
         webkit_navigation_action_is_user_gesture (action);
}

/* In a live page, the frames of the embeds load from their providers;
 * the policy (frame-src) holds them to the same origins. */
static gboolean
is_embed_frame_load (CdPreview              *self,
                     WebKitNavigationAction *action,
                     const char             *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *host = NULL;
  g_autofree char *origin = NULL;

  if (!self->view_is_live ||
      self->frame_origins == NULL ||
      webkit_navigation_action_is_user_gesture (action))
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (parsed), "https") != 0 ||
      g_uri_get_host (parsed) == NULL ||
      (g_uri_get_port (parsed) != -1 && g_uri_get_port (parsed) != 443))
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (parsed), -1);
  origin = g_strconcat ("https://", host, NULL);

  return g_strv_contains ((const char * const *) self->frame_origins, origin);
}

/* A provider's script may try to take the whole view to its site; only
 * the preview's own page is ever shown there. */
static gboolean
is_foreign_page (CdPreview                    *self,
                 WebKitResponsePolicyDecision *response)
{
  WebKitURIRequest *request = webkit_response_policy_decision_get_request (response);

  return self->view_is_live &&
         webkit_response_policy_decision_is_main_frame_main_resource (response) &&
         g_strcmp0 (webkit_uri_request_get_uri (request), PREVIEW_BASE_URI) != 0;
}

static gboolean
decide_policy_cb (CdPreview                *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      WebKitResponsePolicyDecision *response = WEBKIT_RESPONSE_POLICY_DECISION (decision);

      /* Anything the view cannot show would become a download. */
      if (!webkit_response_policy_decision_is_mime_type_supported (response) ||
          is_foreign_page (self, response))
        webkit_policy_decision_ignore (decision);
      else
        webkit_policy_decision_use (decision);
      return TRUE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  /* The preview's own pages are the only thing it ever navigates to. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      self->n_pending_loads > 0 &&
      g_strcmp0 (uri, PREVIEW_BASE_URI) == 0 &&
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER &&
      !webkit_navigation_action_is_user_gesture (action))
    {
      g_debug ("Allowed own load of %s", uri);
      self->n_pending_loads--;
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  /* The frame each live embed sits in: its document is the srcdoc the
   * writer gave it, never a page from anywhere. (WebKit reports these
   * loads as user gestures when the page is shown after a click, so the
   * kind of navigation tells them apart from a reader's.) */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && self->view_is_live &&
      g_strcmp0 (uri, "about:srcdoc") == 0 &&
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && is_embed_frame_load (self, action, uri))
    {
      g_debug ("Allowed embed frame %s", uri);
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  self->n_refused++;
  webkit_policy_decision_ignore (decision);

  if (is_link_click (action) && _cd_preview_uri_opens_externally (uri))
    g_signal_emit (self, _cd_preview_signals[PREVIEW_SIGNAL_OPEN_LINK], 0, uri);
  else
    g_debug ("Refused navigation to %s", uri);

  return TRUE;
}

static gboolean
keeps_context_menu_item (WebKitContextMenuItem *item)
{
  switch (webkit_context_menu_item_get_stock_action (item))
    {
    case WEBKIT_CONTEXT_MENU_ACTION_COPY:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
    case WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT:
      return !webkit_context_menu_item_is_separator (item);
    default:
      return FALSE;
    }
}

static gboolean
context_menu_cb (CdPreview           *self,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test_result,
                 WebKitWebView       *web_view)
{
  g_autoptr(GList) items = g_list_copy (webkit_context_menu_get_items (menu));

  /* Back, reload, "open in new window", downloads and the like would only
   * be refused; offer what works on a preview. */
  for (const GList *l = items; l != NULL; l = l->next)
    {
      if (!keeps_context_menu_item (l->data))
        webkit_context_menu_remove (menu, l->data);
    }

  return webkit_context_menu_get_n_items (menu) == 0;
}

void
_cd_preview_block_message_cb (CdPreview *self,
                              JSCValue  *value)
{
  g_autofree char *page_id = NULL;
  guint n_blocks;

  if (self->article == NULL || !jsc_value_is_string (value))
    return;

  /* The page holds ids as the writer escaped them; the message names
   * one of the story's blocks or nothing. */
  page_id = jsc_value_to_string (value);
  n_blocks = cd_article_get_n_blocks (self->article);
  for (guint i = 0; i < n_blocks; i++)
    {
      const char *id = cd_block_get_id (cd_article_get_block (self->article, i));
      g_autofree char *shown = cd_html_block_dom_id (id);

      if (g_strcmp0 (shown, page_id) == 0)
        {
          g_signal_emit (self, _cd_preview_signals[PREVIEW_SIGNAL_BLOCK_ACTIVATED], 0, id);
          return;
        }
    }
}

/* The CSS pixel width the page is laid out at, or 0 for the preview's. */
int
_cd_preview_page_width_pixels (CdPreviewWidth width)
{
  switch (width)
    {
    case CD_PREVIEW_WIDTH_TABLET:
      return 768;
    case CD_PREVIEW_WIDTH_PHONE:
      return 390;
    case CD_PREVIEW_WIDTH_DESKTOP:
    default:
      return 0;
    }
}

void
_cd_preview_ensure_style (void)
{
  static gboolean installed;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (installed || display == NULL)
    return;

  installed = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, PREVIEW_RESOURCE "cd-preview.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
_cd_preview_apply_page_width (CdPreview *self)
{
  int width = _cd_preview_page_width_pixels (self->page_width);

  if (width == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "framed");
      width = G_MAXINT;
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "framed");
    }

  /* A threshold equal to the maximum makes the width exact, not eased. */
  adw_clamp_set_maximum_size (self->clamp, width);
  adw_clamp_set_tightening_threshold (self->clamp, width);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static WebKitSettings *
create_settings (gboolean live)
{
  /* NPAPI plugins and Java are gone from WebKitGTK 6.0, so there is no
   * plugin setting left to turn off. */
  return g_object_new (WEBKIT_TYPE_SETTINGS,
                       /* The app's own scripts patch the page; the page's never
                        * run, but for the providers' scripts of live embeds,
                        * which the policy restricts to their hosts. */
                       "enable-javascript", TRUE,
                       "enable-javascript-markup", live,
                       "enable-developer-extras", g_str_equal (PROFILE, "development"),
                       "allow-file-access-from-file-urls", FALSE,
                       "allow-universal-access-from-file-urls", FALSE,
                       "allow-top-navigation-to-data-urls", FALSE,
                       "javascript-can-open-windows-automatically", FALSE,
                       "javascript-can-access-clipboard", FALSE,
                       "enable-html5-local-storage", FALSE,
                       "enable-html5-database", FALSE,
                       "enable-page-cache", FALSE,
                       "enable-back-forward-navigation-gestures", FALSE,
                       "enable-fullscreen", FALSE,
                       "enable-media", FALSE,
                       "enable-media-stream", FALSE,
                       "enable-webrtc", FALSE,
                       "enable-webaudio", FALSE,
                       "enable-webgl", FALSE,
                       "enable-encrypted-media", FALSE,
                       /* A page of text and photos paints faster on the
                        * CPU than through the compositor's GL layers, and
                        * where there is no GPU (a virtual machine, a thin
                        * client) that GL is two threads of software
                        * rendering after every patch, taking the processor
                        * from typing. The providers' players of live embeds
                        * keep the compositor. */
                       "hardware-acceleration-policy",
                       live ? WEBKIT_HARDWARE_ACCELERATION_POLICY_ALWAYS
                            : WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER,
                       NULL);
}

static void
add_origin (GPtrArray  *origins,
            const char *origin)
{
  if (origin != NULL && !g_ptr_array_find_with_equal_func (origins, origin, g_str_equal, NULL))
    g_ptr_array_add (origins, g_strdup (origin));
}

static void
append_sources (GString    *policy,
                const char *directive,
                GPtrArray  *origins)
{
  g_string_append_printf (policy, "; %s", directive);
  if (origins->len == 0)
    g_string_append (policy, " 'none'");
  for (guint i = 0; i < origins->len; i++)
    g_string_append_printf (policy, " %s", (const char *) g_ptr_array_index (origins, i));
}

/* The strict policy, but for the scripts and frames of the story's own
 * embeds, which may load from their providers: the writer names the
 * embeds that get official markup, and the provider table their origins. */
char *
_cd_preview_build_live_policy (CdArticle   *article,
                               const char  *test_script_source,
                               GStrv       *frame_origins)
{
  g_autoptr(GPtrArray) scripts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);
  guint n = article != NULL ? cd_article_get_n_blocks (article) : 0;
  GString *policy;

  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      const CdEmbedProvider *info = cd_html_embed_official_provider (block);
      g_autofree char *script = NULL;
      g_autofree char *frame = NULL;

      if (info == NULL)
        continue;

      script = cd_embed_script_origin (info);
      frame = cd_embed_frame_origin (cd_block_get_field (block, CD_BLOCK_FIELD_URL));
      add_origin (scripts, script);
      add_origin (frames, frame);
    }

  add_origin (scripts, test_script_source);

  policy = g_string_new ("default-src 'none'; "
                         "img-src " CD_PREVIEW_MEDIA_SCHEME ": data:; "
                         "style-src 'unsafe-inline'; "
                         "font-src data:");
  append_sources (policy, "script-src", scripts);
  append_sources (policy, "frame-src", frames);
  g_string_append (policy, "; form-action 'none'; base-uri 'none'");

  g_ptr_array_add (frames, NULL);
  *frame_origins = (GStrv) g_ptr_array_steal (frames, NULL);

  return g_string_free (policy, FALSE);
}

void
_cd_preview_create_web_view (CdPreview *self)
{
  g_autoptr(WebKitSettings) settings = create_settings (self->view_is_live);

  /* The old view may outlive this moment in a script call still running;
   * nothing it reports is the preview's business any more. */
  if (self->web_view != NULL)
    g_signal_handlers_disconnect_by_data (self->web_view, self);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context", get_web_context (),
                                 "network-session", get_network_session (),
                                 "settings", settings,
                                 "default-content-security-policy", self->policy,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"),
                                  -1);

  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "context-menu",
                           G_CALLBACK (context_menu_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (_cd_preview_web_process_terminated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (_cd_preview_load_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (GTK_WIDGET (self->web_view), "preview-page");

  {
    WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (self->web_view);
    g_autoptr(WebKitUserScript) script = NULL;

    /* A click on a block names it to the page world's handler. */
    script = webkit_user_script_new_for_world (_cd_preview_preview_script ("cd-preview-click.js"),
                                               WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                               WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                               CD_PREVIEW_PATCH_WORLD, NULL, NULL);
    webkit_user_content_manager_add_script (manager, script);
    webkit_user_script_unref (script);
    /* copydeskPatch (), defined in the page world as each page starts. */
    script = webkit_user_script_new_for_world (_cd_preview_preview_script ("cd-preview-patch.js"),
                                               WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                               WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
                                               CD_PREVIEW_PATCH_WORLD, NULL, NULL);
    webkit_user_content_manager_add_script (manager, script);
    webkit_user_content_manager_register_script_message_handler (manager, CD_PREVIEW_BLOCK_MESSAGE,
                                                                 CD_PREVIEW_PATCH_WORLD);
    g_signal_connect_object (manager, "script-message-received::" CD_PREVIEW_BLOCK_MESSAGE,
                             G_CALLBACK (_cd_preview_block_message_cb), self, G_CONNECT_SWAPPED);
  }

  if (self->report_patches)
    webkit_user_content_manager_register_script_message_handler (webkit_web_view_get_user_content_manager (self->web_view),
                                                                 CD_PREVIEW_BENCH_MESSAGE,
                                                                 CD_PREVIEW_PATCH_WORLD);

  self->n_pending_loads = 0;
  self->loading = FALSE;

  /* Replaces the old view, which goes with its page, or the message of
   * a stopped preview, which has tried again. */
  g_clear_object (&self->stopped);
  self->n_quick_ends = 0;
  adw_clamp_set_child (self->clamp, GTK_WIDGET (self->web_view));
}
