/* cd-preview.c: the story as it will be published, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
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

/* The page the HTML is loaded at: it has no origin of any site, so the
 * story is never same-origin with anything on the network. */
#define PREVIEW_BASE_URI "about:blank"

/* The preview's stylesheet and the programs it runs in the page, kept as
 * the files src/ui/cd-preview.css, cd-preview-patch.js and
 * cd-preview-click.js. */
#define PREVIEW_RESOURCE "/io/github/copydesk/Copydesk/preview/"

/* A script of the preview's resources, as text. They are compiled into
 * the program, so a missing one is a broken build. */
static const char *
preview_script (const char *name)
{
  g_autofree char *path = g_strconcat (PREVIEW_RESOURCE, name, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  if (bytes == NULL)
    g_error ("The preview's %s is missing from the resources: %s", name, error->message);

  /* Resource data ends in a NUL byte; the bytes live as long as the
   * program, like the string literals they replace. */
  return g_bytes_get_data (bytes, NULL);
}

/* Applies one patch to the loaded story (cd-preview-patch.js). */
static const char *
patch_function (void)
{
  static const char *script;

  if (script == NULL)
    script = preview_script ("cd-preview-patch.js");
  return script;
}

/* Names the clicked block to the page world's handler
 * (cd-preview-click.js). */
static const char *
block_click_script (void)
{
  static const char *script;

  if (script == NULL)
    script = preview_script ("cd-preview-click.js");
  return script;
}

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

  guint           tick_id;
  gboolean        loading;
  gboolean        patch_running;
  /* Cancelled when the page is loaded anew: a patch for the old page
   * must not count for the new one. */
  GCancellable   *patch_cancellable;
  guint           n_flushes;
  gboolean        report_patches;

  /* The choices of the last print, offered again by the next. */
  GtkPrintSettings *print_settings;
  GtkPageSetup     *page_setup;
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
  PROP_HOUSE_STYLE,
  PROP_LIVE_EMBEDS,
  N_PROPS
};

enum {
  OPEN_LINK,
  PATCHED,
  BLOCK_ACTIVATED,
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
block_message_cb (CdPreview *self,
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
          g_signal_emit (self, signals[BLOCK_ACTIVATED], 0, id);
          return;
        }
    }
}

static void
set_media_serial (CdPreview *self,
                  guint      serial)
{
  self->media_serial = serial;
  g_clear_pointer (&self->media_prefix, g_free);
  if (serial != 0)
    self->media_prefix = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/media/", serial);
}

static void
init_html_options (CdPreview     *self,
                   CdHtmlOptions *options,
                   CdHtmlMode     mode)
{
  /* The export's own writer: what the desk sees is what is published.
   * Embeds are the static cards, which load nothing, unless the desk
   * turned live embeds on. */
  cd_html_options_init (options);
  options->mode = mode;
  options->embeds = self->live_embeds ? CD_EMBEDS_OFFICIAL : CD_EMBEDS_STATIC;
  options->isolate_embeds = TRUE;
  options->media_prefix = self->media_prefix;
  options->inline_media = FALSE;

  g_clear_pointer (&self->desk_notice, g_free);
  if (self->article != NULL)
    self->desk_notice = cd_embargo_describe (cd_article_get_field (self->article, CD_ARTICLE_FIELD_EMBARGO));
  options->desk_notice = self->desk_notice;
}

/* Notes the body blocks as the page now shows them. */
static void
remember_shown (CdPreview *self)
{
  guint n = cd_article_get_n_blocks (self->article);

  g_hash_table_remove_all (self->shown_ids);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->shown_ids,
                      cd_html_block_dom_id (cd_block_get_id (cd_article_get_block (self->article, i))));
  g_set_object (&self->first_paragraph, cd_html_dateline_block (self->article));
}

static gboolean
has_changes (CdPreview *self)
{
  return g_hash_table_size (self->dirty_blocks) > 0 ||
         self->header_dirty ||
         self->lead_dirty ||
         self->order_dirty ||
         self->story_dirty ||
         self->media_dirty ||
         self->first_paragraph_dirty ||
         self->scroll_pending;
}

static void
clear_changes (CdPreview *self)
{
  g_hash_table_remove_all (self->dirty_blocks);
  self->header_dirty = FALSE;
  self->lead_dirty = FALSE;
  self->order_dirty = FALSE;
  self->story_dirty = FALSE;
  self->media_dirty = FALSE;
  self->first_paragraph_dirty = FALSE;
  self->scroll_pending = FALSE;
}

/* A page loaded anew shows every change made so far. */
static void
forget_changes (CdPreview *self)
{
  clear_changes (self);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  g_cancellable_cancel (self->patch_cancellable);
  g_clear_object (&self->patch_cancellable);
  self->patch_running = FALSE;
}

static void update_web_view (CdPreview *self);

static void
cd_preview_render (CdPreview *self)
{
  g_autofree char *html = NULL;
  CdHtmlOptions options;

  forget_changes (self);
  g_hash_table_remove_all (self->shown_ids);
  g_clear_object (&self->first_paragraph);
  update_web_view (self);

  if (self->article == NULL)
    {
      set_media_serial (self, 0);
      _cd_preview_load_html (self, "");
      return;
    }

  set_media_serial (self, ++last_media_serial);
  init_html_options (self, &options, CD_HTML_PAGE);
  options.stylesheet = cd_house_style_get_stylesheet (self->house_style);

  html = cd_html_write (self->article, &options);
  remember_shown (self);
  _cd_preview_load_html (self, html);
}

static void flush (CdPreview *self);

static gboolean
flush_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  CdPreview *self = CD_PREVIEW (widget);

  self->tick_id = 0;
  flush (self);

  return G_SOURCE_REMOVE;
}

/* Changes wait for the next frame, so a burst of them (a paste, an undo
 * of many blocks, fast typing) becomes one patch; and for the page: a
 * patch is never sent to a page still loading or behind another patch. */
static void
schedule_flush (CdPreview *self)
{
  if (self->tick_id != 0 ||
      self->loading ||
      self->patch_running ||
      self->article == NULL ||
      !has_changes (self))
    return;

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), flush_tick_cb, NULL, NULL);
}

static void
mark_block (CdPreview *self,
            CdBlock   *block)
{
  if (!g_hash_table_contains (self->dirty_blocks, block))
    g_hash_table_add (self->dirty_blocks, g_object_ref (block));
}

static void
mark_figures (CdPreview *self)
{
  guint n = cd_article_get_n_blocks (self->article);

  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (self->article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        mark_block (self, block);
    }
}

static void
field_changed_cb (CdPreview  *self,
                  const char *name,
                  CdArticle  *article)
{
  static const char * const header_fields[] = {
    "headline", "subheadline", "bylines", "created", "published", "embargo",
  };

  if (g_str_equal (name, "language"))
    {
      /* The language decides the lang attribute and the writer's own
       * words ("By", month names) all through the story. */
      self->story_dirty = TRUE;
    }
  else if (g_str_equal (name, "lead"))
    {
      self->lead_dirty = TRUE;
    }
  else if (g_str_equal (name, "dateline"))
    {
      /* Its date may be the story's date; its place opens the story. */
      self->header_dirty = TRUE;
      self->first_paragraph_dirty = TRUE;
    }
  else if (g_strv_contains (header_fields, name))
    {
      self->header_dirty = TRUE;
    }
  else
    {
      return;
    }

  schedule_flush (self);
}

static void
block_changed_cb (CdPreview *self,
                  CdBlock   *block,
                  CdArticle *article)
{
  mark_block (self, block);
  schedule_flush (self);
}

static void
media_changed_cb (CdPreview *self,
                  CdArticle *article)
{
  self->media_dirty = TRUE;
  schedule_flush (self);
}

static void
items_changed_cb (CdPreview  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *blocks)
{
  self->order_dirty = TRUE;
  schedule_flush (self);
}

static void
connect_article (CdPreview *self)
{
  g_signal_connect_object (self->article, "field-changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article, "block-changed",
                           G_CALLBACK (block_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article, "media-changed",
                           G_CALLBACK (media_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cd_article_get_blocks (self->article), "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
disconnect_article (CdPreview *self)
{
  g_signal_handlers_disconnect_by_data (self->article, self);
  g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* The body's order as the page is to show it. Blocks new to the page are
 * rendered, and so are both paragraphs when the one opening the story
 * (with the dateline) is another now. */
static void
add_order (CdPreview   *self,
           JsonBuilder *builder)
{
  guint n = cd_article_get_n_blocks (self->article);
  CdBlock *first = cd_html_dateline_block (self->article);
  GHashTable *shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  json_builder_set_member_name (builder, "order");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (self->article, i);
      char *id = cd_html_block_dom_id (cd_block_get_id (block));

      json_builder_add_string_value (builder, id);
      if (!g_hash_table_contains (self->shown_ids, id))
        mark_block (self, block);
      g_hash_table_add (shown, id);
    }
  json_builder_end_array (builder);

  g_hash_table_unref (self->shown_ids);
  self->shown_ids = shown;

  if (first != self->first_paragraph)
    {
      if (self->first_paragraph != NULL)
        mark_block (self, self->first_paragraph);
      if (first != NULL)
        mark_block (self, first);
      g_set_object (&self->first_paragraph, first);
    }
}

/* Adds the changed blocks still in the story; returns whether the one the
 * editor works in is among them. */
static gboolean
add_blocks (CdPreview           *self,
            JsonBuilder         *builder,
            const CdHtmlOptions *options)
{
  GHashTableIter iter;
  CdBlock *block;
  gboolean has_focus = FALSE;

  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);

  g_hash_table_iter_init (&iter, self->dirty_blocks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &block, NULL))
    {
      guint position;
      g_autofree char *id = NULL;
      g_autofree char *html = NULL;

      /* A block removed (or replaced by a copy, as undo does) since it
       * changed is not the page's business any more. */
      if (cd_article_find_block (self->article, cd_block_get_id (block), &position) != block ||
          position == G_MAXUINT)
        continue;

      id = cd_html_block_dom_id (cd_block_get_id (block));
      html = cd_html_write_block (self->article, block, options);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, id);
      json_builder_add_string_value (builder, html);
      json_builder_end_array (builder);

      has_focus |= g_strcmp0 (id, self->focus_id) == 0;
    }

  json_builder_end_array (builder);

  return has_focus;
}

/* JSON is JavaScript, but for two line terminators JavaScript engines
 * before ES2019 refuse inside strings; written as escapes they are safe
 * in every engine. */
static void
append_json_as_script (GString    *script,
                       const char *json)
{
  for (const char *p = json; *p != '\0'; p++)
    {
      if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
          ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9))
        {
          g_string_append (script, (guchar) p[2] == 0xa8 ? "\\u2028" : "\\u2029");
          p += 2;
        }
      else
        {
          g_string_append_c (script, *p);
        }
    }
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CdPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  /* The page was loaded anew meanwhile, with every change in it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->patch_running = FALSE;

  if (value != NULL)
    outcome = jsc_value_to_string (value);

  if (g_strcmp0 (outcome, "ok") != 0)
    {
      /* Something else changed the page (a test's own page, a reload by
       * the web process); the whole story puts it right. */
      g_debug ("The preview page is out of step with the story (%s); loading it again",
               error != NULL ? error->message : outcome);
      cd_preview_render (self);
      return;
    }

  g_signal_emit (self, signals[PATCHED], 0);
  schedule_flush (self);
}

/* Provider scripts run once, as the page loads: in a live page an embed
 * that is new or changed takes the whole page again, and so does the
 * whole story changing under embeds. */
static gboolean
changes_need_reload (CdPreview *self)
{
  GHashTableIter iter;
  CdBlock *block;
  guint n;

  if (!self->live_embeds)
    return FALSE;

  g_hash_table_iter_init (&iter, self->dirty_blocks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &block, NULL))
    {
      if (cd_block_get_block_type (block) == CD_BLOCK_EMBED)
        return TRUE;
    }

  if (!self->story_dirty && !self->order_dirty)
    return FALSE;

  n = cd_article_get_n_blocks (self->article);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = NULL;

      block = cd_article_get_block (self->article, i);
      if (cd_block_get_block_type (block) != CD_BLOCK_EMBED)
        continue;

      if (self->story_dirty)
        return TRUE;

      id = cd_html_block_dom_id (cd_block_get_id (block));
      if (!g_hash_table_contains (self->shown_ids, id))
        return TRUE;
    }

  return FALSE;
}

/* Sends everything changed since the last patch to the page as one
 * program. */
static void
flush (CdPreview *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) script = NULL;
  g_autofree char *json = NULL;
  CdHtmlOptions options;
  gboolean scroll;

  if (self->article == NULL || !has_changes (self))
    return;

  if (changes_need_reload (self))
    {
      cd_preview_render (self);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  if (self->media_dirty)
    {
      /* New addresses: the page would keep showing an old image of the
       * same name from its memory cache. */
      set_media_serial (self, ++last_media_serial);
      self->lead_dirty = TRUE;
      mark_figures (self);
    }

  init_html_options (self, &options, CD_HTML_FRAGMENT);
  scroll = self->scroll_pending;

  if (self->story_dirty)
    {
      g_autofree char *html = cd_html_write (self->article, &options);

      add_string_member (builder, "story", g_strchomp (html));
      remember_shown (self);
    }
  else
    {
      if (self->order_dirty)
        add_order (self, builder);

      if (self->first_paragraph_dirty && self->first_paragraph != NULL)
        mark_block (self, self->first_paragraph);

      if (self->header_dirty)
        {
          g_autofree char *html = cd_html_write_header (self->article, &options);

          add_string_member (builder, "header", html);
          scroll |= g_strcmp0 (self->focus_id, "header") == 0;
        }

      if (self->lead_dirty)
        {
          g_autofree char *html = cd_html_write_lead (self->article, &options);

          add_string_member (builder, "lead", html);
        }

      if (g_hash_table_size (self->dirty_blocks) > 0)
        scroll |= add_blocks (self, builder, &options);
    }

  if (scroll && self->focus_id != NULL)
    add_string_member (builder, "scroll", self->focus_id);

  if (self->report_patches)
    {
      json_builder_set_member_name (builder, "report");
      json_builder_add_int_value (builder, self->n_flushes + 1);
    }

  json_builder_end_object (builder);
  clear_changes (self);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  script = g_string_sized_new (strlen (patch_function ()) + strlen (json) + 8);
  g_string_append (script, patch_function ());
  g_string_append_c (script, '(');
  append_json_as_script (script, json);
  g_string_append (script, ");");

  if (self->patch_cancellable == NULL)
    self->patch_cancellable = g_cancellable_new ();

  self->patch_running = TRUE;
  self->n_flushes++;

  /* A world of its own: the program sees the page's DOM, but nothing a
   * page could define in its globals. */
  webkit_web_view_evaluate_javascript (self->web_view, script->str, script->len,
                                       CD_PREVIEW_PATCH_WORLD, NULL,
                                       self->patch_cancellable,
                                       patch_cb, g_object_ref (self));
}

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

static void
load_changed_cb (CdPreview       *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *web_view)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  /* A load replaced by another one finishes too. */
  self->loading = webkit_web_view_is_loading (web_view);
  if (self->loading)
    return;

  schedule_flush (self);
  report_startup (self);
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

/* The CSS pixel width the page is laid out at, or 0 for the preview's. */
static int
page_width_pixels (CdPreviewWidth width)
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

static void
ensure_style (void)
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

static void
apply_page_width (CdPreview *self)
{
  int width = page_width_pixels (self->page_width);

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
static char *
build_live_policy (CdArticle   *article,
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

static void
create_web_view (CdPreview *self)
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
                           G_CALLBACK (web_process_terminated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (GTK_WIDGET (self->web_view), "preview-page");

  {
    WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (self->web_view);
    g_autoptr(WebKitUserScript) script = NULL;

    script = webkit_user_script_new_for_world (block_click_script (),
                                               WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                               WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                               CD_PREVIEW_PATCH_WORLD, NULL, NULL);
    webkit_user_content_manager_add_script (manager, script);
    webkit_user_content_manager_register_script_message_handler (manager, CD_PREVIEW_BLOCK_MESSAGE,
                                                                 CD_PREVIEW_PATCH_WORLD);
    g_signal_connect_object (manager, "script-message-received::" CD_PREVIEW_BLOCK_MESSAGE,
                             G_CALLBACK (block_message_cb), self, G_CONNECT_SWAPPED);
  }

  if (self->report_patches)
    webkit_user_content_manager_register_script_message_handler (webkit_web_view_get_user_content_manager (self->web_view),
                                                                 CD_PREVIEW_BENCH_MESSAGE,
                                                                 CD_PREVIEW_PATCH_WORLD);

  self->n_pending_loads = 0;
  self->loading = FALSE;

  /* Replaces the old view, which goes with its page. */
  adw_clamp_set_child (self->clamp, GTK_WIDGET (self->web_view));
}

/* A web view's policy and settings are fixed when it is made: turning
 * live embeds on or off, or a live story gaining an embed from another
 * host, takes a new one. */
static void
update_web_view (CdPreview *self)
{
  g_autofree char *policy = NULL;
  g_auto(GStrv) frame_origins = NULL;

  if (self->live_embeds)
    policy = build_live_policy (self->article, self->test_script_source, &frame_origins);
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
  create_web_view (self);
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
  int page_width = page_width_pixels (self->page_width);
  double zoom = 1.0;

  gtk_widget_allocate (GTK_WIDGET (self->clamp), width, height, baseline, NULL);

  /* A tablet page in a preview narrower than a tablet is still laid out
   * 768 pixels wide, then scaled down to fit, so its lines break as on
   * the tablet. */
  if (page_width > 0 && width > 0 && width < page_width)
    zoom = (double) width / page_width;

  if (!G_APPROX_VALUE (webkit_web_view_get_zoom_level (self->web_view), zoom, 1e-6))
    webkit_web_view_set_zoom_level (self->web_view, zoom);
}

static void
cd_preview_dispose (GObject *object)
{
  CdPreview *self = CD_PREVIEW (object);

  forget_changes (self);
  if (self->article != NULL)
    disconnect_article (self);
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

  signals[OPEN_LINK] =
    g_signal_new_class_handler ("open-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (cd_preview_real_open_link),
                                NULL, NULL,
                                g_cclosure_marshal_VOID__STRING,
                                G_TYPE_NONE, 1,
                                G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* A block of the page was clicked: the editor goes there. */
  signals[BLOCK_ACTIVATED] =
    g_signal_new ("block-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__STRING,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals[PATCHED] =
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

  ensure_style ();

  self->clamp = ADW_CLAMP (adw_clamp_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->clamp));
  update_web_view (self);

  self->page_width = CD_PREVIEW_WIDTH_DESKTOP;
  apply_page_width (self);

  if (g_getenv (CD_PREVIEW_BENCH_STARTUP_ENV) != NULL)
    {
      static gboolean printed;

      if (!printed)
        print_startup_stamp ("preview-created");
      printed = TRUE;
    }
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
    disconnect_article (self);

  g_set_object (&self->article, article);
  g_clear_pointer (&self->focus_id, g_free);

  if (self->article != NULL)
    connect_article (self);

  cd_preview_render (self);
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
  apply_page_width (self);
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

  /* The stylesheet is in the page's head, which patches never touch. */
  if (self->article != NULL)
    cd_preview_render (self);

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
  cd_preview_render (self);
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
  schedule_flush (self);
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
  self->loading = TRUE;
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

guint
_cd_preview_get_n_flushes (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), 0);

  return self->n_flushes;
}

gboolean
_cd_preview_is_patch_pending (CdPreview *self)
{
  g_return_val_if_fail (CD_IS_PREVIEW (self), FALSE);

  return self->patch_running || (self->article != NULL && has_changes (self));
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

  operation = webkit_print_operation_new (self->web_view);
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
  update_web_view (self);
}
