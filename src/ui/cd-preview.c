/* cd-preview.c: the story as it will be published, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-preview-private.h"

#define STYLESHEET_RESOURCE "/io/github/copydesk/Copydesk/styles/default.css"

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

/* The page the HTML is loaded at: it has no origin of any site, so the
 * story is never same-origin with anything on the network. */
#define PREVIEW_BASE_URI "about:blank"

struct _CdPreview
{
  AdwBin          parent_instance;

  AdwClamp       *clamp;
  WebKitWebView  *web_view;

  CdArticle      *article;
  CdPreviewWidth  page_width;

  /* Media URLs carry the serial of the story shown, so an image of an
   * earlier story (or an earlier version of the same name) is never taken
   * from a cache and requests left over from it find nothing. */
  guint           media_serial;

  /* Loads started by load_html() whose navigation is still to be allowed. */
  guint           n_pending_loads;
  guint           n_refused;
};

G_DEFINE_ENUM_TYPE (CdPreviewWidth, cd_preview_width,
                    G_DEFINE_ENUM_VALUE (CD_PREVIEW_WIDTH_DESKTOP, "desktop"),
                    G_DEFINE_ENUM_VALUE (CD_PREVIEW_WIDTH_TABLET, "tablet"),
                    G_DEFINE_ENUM_VALUE (CD_PREVIEW_WIDTH_PHONE, "phone"))

G_DEFINE_FINAL_TYPE (CdPreview, cd_preview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_PAGE_WIDTH,
  N_PROPS
};

enum {
  OPEN_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static guint last_media_serial;

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
  if (key == NULL ||
      !g_str_has_prefix (key, "media/") ||
      key[strlen ("media/")] == '\0' ||
      strchr (key + strlen ("media/"), '/') != NULL)
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
  g_autofree char *content_type = NULL;
  g_autofree char *mime_type = NULL;
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

  if (bytes != NULL)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (bytes, &size);

      content_type = g_content_type_guess (key, data, size, NULL);
      mime_type = g_content_type_get_mime_type (content_type);
    }

  if (mime_type == NULL || !g_str_has_prefix (mime_type, "image/"))
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

static const char *
get_stylesheet (void)
{
  static char *stylesheet;

  if (stylesheet == NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      bytes = g_resources_lookup_data (STYLESHEET_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        {
          g_critical ("The preview stylesheet is missing from the resources: %s", error->message);
          stylesheet = g_strdup ("");
        }
      else
        {
          stylesheet = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        }
    }

  return stylesheet;
}

static void
cd_preview_real_open_link (CdPreview  *self,
                           const char *uri);

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

static void
cd_preview_real_open_link (CdPreview  *self,
                           const char *uri)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
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
      /* Anything the view cannot show would become a download. */
      if (webkit_response_policy_decision_is_mime_type_supported (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
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

  self->n_refused++;
  webkit_policy_decision_ignore (decision);

  if (is_link_click (action) && _cd_preview_uri_opens_externally (uri))
    g_signal_emit (self, signals[OPEN_LINK], 0, uri);
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

static void
cd_preview_render (CdPreview *self)
{
  g_autofree char *media_prefix = NULL;
  g_autofree char *html = NULL;
  CdHtmlOptions options;

  if (self->article == NULL)
    {
      self->media_serial = 0;
      _cd_preview_load_html (self, "");
      return;
    }

  self->media_serial = ++last_media_serial;
  media_prefix = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/media/", self->media_serial);

  /* The export's own writer and stylesheet: what the desk sees is what
   * is published. Embeds are the static cards, which load nothing. */
  cd_html_options_init (&options);
  options.mode = CD_HTML_PAGE;
  options.embeds = CD_EMBEDS_STATIC;
  options.media_prefix = media_prefix;
  options.inline_media = FALSE;
  options.stylesheet = get_stylesheet ();

  html = cd_html_write (self->article, &options);
  _cd_preview_load_html (self, html);
}

static void
web_process_terminated_cb (CdPreview                         *self,
                           WebKitWebProcessTerminationReason  reason,
                           WebKitWebView                     *web_view)
{
  g_warning ("The preview's web process ended (reason %d); showing the story again", reason);
  self->n_pending_loads = 0;
  cd_preview_render (self);
}

static void
apply_page_width (CdPreview *self)
{
  int width;

  switch (self->page_width)
    {
    case CD_PREVIEW_WIDTH_TABLET:
      width = 768;
      break;
    case CD_PREVIEW_WIDTH_PHONE:
      width = 390;
      break;
    case CD_PREVIEW_WIDTH_DESKTOP:
    default:
      width = G_MAXINT;
      break;
    }

  /* A threshold equal to the maximum makes the width exact, not eased. */
  adw_clamp_set_maximum_size (self->clamp, width);
  adw_clamp_set_tightening_threshold (self->clamp, width);
}

static WebKitSettings *
create_settings (void)
{
  /* NPAPI plugins and Java are gone from WebKitGTK 6.0, so there is no
   * plugin setting left to turn off. */
  return g_object_new (WEBKIT_TYPE_SETTINGS,
                       /* The app's own scripts patch the page; the page's never run. */
                       "enable-javascript", TRUE,
                       "enable-javascript-markup", FALSE,
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
                       NULL);
}

static void
cd_preview_dispose (GObject *object)
{
  CdPreview *self = CD_PREVIEW (object);

  g_clear_object (&self->article);

  G_OBJECT_CLASS (cd_preview_parent_class)->dispose (object);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_LINK] =
    g_signal_new_class_handler ("open-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (cd_preview_real_open_link),
                                NULL, NULL,
                                g_cclosure_marshal_VOID__STRING,
                                G_TYPE_NONE, 1,
                                G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_css_name (widget_class, "preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cd_preview_init (CdPreview *self)
{
  g_autoptr(WebKitSettings) settings = create_settings ();

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context", get_web_context (),
                                 "network-session", get_network_session (),
                                 "settings", settings,
                                 "default-content-security-policy", PREVIEW_CONTENT_SECURITY_POLICY,
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
                           G_CALLBACK (web_process_terminated_cb), self, G_CONNECT_SWAPPED);

  self->clamp = ADW_CLAMP (adw_clamp_new ());
  adw_clamp_set_child (self->clamp, GTK_WIDGET (self->web_view));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->clamp));

  self->page_width = CD_PREVIEW_WIDTH_DESKTOP;
  apply_page_width (self);
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

  if (g_set_object (&self->article, article))
    {
      cd_preview_render (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
    }
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
  apply_page_width (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_WIDTH]);
}

WebKitWebView *
_cd_preview_get_web_view (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), NULL);

  return self->web_view;
}

void
_cd_preview_load_html (CdPreview  *self,
                       const char *html)
{
  g_return_if_fail (CD_IS_PREVIEW (self));
  g_return_if_fail (html != NULL);

  self->n_pending_loads++;
  webkit_web_view_load_html (self->web_view, html, PREVIEW_BASE_URI);
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
