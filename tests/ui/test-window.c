/* test-window.c: the real window, with the real WebKit preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cd-application.h"
#include "cd-font-stack.h"
#include "cd-lead-photo-editor.h"
#include "cd-story-fields-private.h"
#include "cd-preview-private.h"
#include "cd-window-private.h"
#include "cd-test-input.h"
#include "cd-test-story.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

typedef struct
{
  CdWindow      *window;
  CdPreview     *preview;
  WebKitWebView *web_view;
  GPtrArray     *opened_links;
  char          *tmp_dir;
} Fixture;

static void
open_link_cb (CdPreview  *preview,
              const char *uri,
              Fixture    *f)
{
  g_ptr_array_add (f->opened_links, g_strdup (uri));
  /* The test records the link instead of starting a browser. */
  g_signal_stop_emission_by_name (preview, "open-link");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->window = cd_window_new (NULL);
  f->preview = _cd_window_get_preview (f->window);
  f->web_view = _cd_preview_get_web_view (f->preview);
  f->opened_links = g_ptr_array_new_with_free_func (g_free);
  f->tmp_dir = cd_test_make_temp_dir ("copydesk-test-window-XXXXXX");

  cd_test_count_loads (f->web_view);
  g_signal_connect (f->preview, "open-link", G_CALLBACK (open_link_cb), f);

  gtk_window_present (GTK_WINDOW (f->window));

  /* A window starts with a new story; its page is loaded first. */
  cd_test_wait_for_load (f->web_view, 0, "the new story's preview");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cd_test_destroy_window (f->window);

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
  g_ptr_array_unref (f->opened_links);
}

typedef struct
{
  Fixture *f;
  guint    n_loads_before;
} LoadWait;

static gboolean
open_finished (gpointer data)
{
  LoadWait *wait = data;

  if (_cd_window_is_loading (wait->f->window))
    return FALSE;

  /* A file that could not be read never reaches the web view. */
  return _cd_window_get_error_message (wait->f->window) != NULL ||
         cd_test_get_n_loads (wait->f->web_view) > wait->n_loads_before;
}

static void
open_path (Fixture    *f,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LoadWait wait = { f, cd_test_get_n_loads (f->web_view) };

  cd_window_open (f->window, file);
  g_assert_true (_cd_window_is_loading (f->window));
  cd_test_wait_for (open_finished, &wait, "the story to be read and shown");
}

static void
open_sample (Fixture *f)
{
  g_autofree char *path = cd_test_sample_path ();

  open_path (f, path);
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "editor");
  g_assert_null (_cd_window_get_error_message (f->window));
}

static void
load_html (Fixture    *f,
           const char *html)
{
  guint n_before = cd_test_get_n_loads (f->web_view);

  _cd_preview_load_html (f->preview, html);
  cd_test_wait_for_load (f->web_view, n_before, "the page to load");
}

/* Runs @script in the page and returns its value as a string. */
static char *
evaluate (Fixture    *f,
          const char *script)
{
  return cd_test_evaluate (f->web_view, script);
}

/* Runs @body as an async function (it may await) with @arguments. */
static char *
call_async (Fixture    *f,
            const char *body,
            GVariant   *arguments)
{
  return cd_test_call (f->web_view, body, arguments);
}

static int
evaluate_int (Fixture    *f,
              const char *script)
{
  return cd_test_evaluate_int (f->web_view, script);
}

static void
test_sample_story (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CdArticle) sample = cd_test_load_sample ();
  g_autofree char *h1 = NULL;
  g_autofree char *n_loaded = NULL;
  g_autofree char *same_css = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GBytes) css = NULL;
  g_autofree char *css_text = NULL;
  g_autofree char *preview_css = NULL;
  GVariantDict arguments;
  guint n_expected;

  open_sample (f);

  /* The title names the story and its file; nothing is unsaved yet. */
  title = g_strdup_printf ("%s — article.json", cd_article_get_headline (sample));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, title);
  g_assert_false (cd_window_get_modified (f->window));
  g_assert_false (cd_window_is_empty (f->window));
  g_assert_cmpstr (webkit_web_view_get_uri (f->web_view), ==, "about:blank");

  h1 = evaluate (f, "document.querySelector('article h1').textContent");
  g_assert_cmpstr (h1, ==, cd_article_get_headline (sample));

  /* Every body block, the header and the lead can be patched by id. */
  n_expected = cd_article_get_n_blocks (sample) + 1 + (cd_article_get_lead (sample) != NULL ? 1 : 0);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('[data-block-id]').length"), ==, n_expected);

  /* The images come from the story through the media scheme, and load:
   * the body figure is lazy, so it is brought into view first. */
  g_assert_cmpint (evaluate_int (f, "document.images.length"), ==, 2);
  g_assert_cmpint (evaluate_int (f, "Array.from(document.images).filter("
                                    "i => i.src.startsWith('" CD_PREVIEW_MEDIA_SCHEME ":///')).length"), ==, 2);
  g_assert_cmpint (evaluate_int (f, "document.querySelector('figure.lead img').naturalWidth"), ==, 640);
  n_loaded = call_async (f,
                         "for (const image of document.images) {"
                         "  image.scrollIntoView ();"
                         "  await image.decode ();"
                         "}"
                         "return Array.from (document.images).filter (i => i.naturalWidth > 0).length;",
                         NULL);
  g_assert_cmpstr (n_loaded, ==, "2");

  /* Static embeds are cards: no frame and no script of any provider. */
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('figure.embed').length"), ==, 3);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe, embed, object').length"), ==, 0);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('script[src]').length"), ==, 0);

  /* The page is styled with the export's stylesheet from the resources,
   * its font lists without the families this machine has no font of. */
  css = g_resources_lookup_data ("/io/github/copydesk/Copydesk/styles/default.css",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (css);
  g_assert_cmpuint (g_bytes_get_size (css), >, 0);
  css_text = g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  preview_css = cd_font_stack_prune_stylesheet (css_text);
  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "css", "s", preview_css);
  same_css = call_async (f,
                         "return Array.from (document.querySelectorAll ('head style'))"
                         "  .some (s => s.textContent.trim () === css.trim ());",
                         g_variant_dict_end (&arguments));
  g_assert_cmpstr (same_css, ==, "true");
}


/* The heights of the story column's wrapping fields, as drawn. */
typedef struct
{
  int headline;
  int subheadline;
  int caption;
} FieldHeights;

typedef struct
{
  Fixture      *f;
  FieldHeights  first;
  gboolean      first_drawn;
  guint         frames_since;
} FirstFrame;

static void
get_field_heights (Fixture      *f,
                   FieldHeights *heights)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  CdLeadPhotoEditor *lead = _cd_window_get_lead_photo_editor (f->window);

  heights->headline = gtk_widget_get_height (GTK_WIDGET (_cd_story_fields_get_headline (fields)));
  heights->subheadline = gtk_widget_get_height (GTK_WIDGET (_cd_story_fields_get_subheadline (fields)));
  heights->caption = gtk_widget_get_height (GTK_WIDGET (cd_lead_photo_editor_get_view (lead, "caption")));
}

static void
first_frame_painted_cb (GdkFrameClock *frame_clock,
                        FirstFrame    *wait)
{
  GtkTextBuffer *headline = gtk_text_view_get_buffer (_cd_story_fields_get_headline (_cd_window_get_story_fields (wait->f->window)));

  if (wait->first_drawn)
    {
      wait->frames_since++;
      return;
    }

  if (g_strcmp0 (_cd_window_get_visible_page (wait->f->window), "editor") != 0 ||
      gtk_text_buffer_get_char_count (headline) == 0)
    return;

  get_field_heights (wait->f, &wait->first);
  wait->first_drawn = TRUE;
}

static gboolean
frames_after_first (gpointer data)
{
  FirstFrame *wait = data;

  return wait->frames_since >= 3;
}

/* A story opened with the window, as from the command line, is drawn
 * in its first frame with its headline, dek and lead caption as tall as
 * they stay: the column does not jump once it is shown. */
static void
test_first_frame_settled (void)
{
  g_autofree char *path = cd_test_sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Fixture fixture = { NULL, };
  FirstFrame wait = { &fixture, { 0, 0, 0 }, FALSE, 0 };
  FieldHeights settled;
  GdkFrameClock *frame_clock;

  fixture.window = cd_window_new (NULL);
  cd_window_open (fixture.window, file);
  gtk_window_present (GTK_WINDOW (fixture.window));
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture.window));
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_painted_cb), &wait);

  /* Frames come only when something changes: a redraw asks for them. */
  while (!frames_after_first (&wait))
    {
      gtk_widget_queue_draw (GTK_WIDGET (fixture.window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, &wait);

  get_field_heights (&fixture, &settled);
  /* The sample's headline and dek wrap in the column's width. */
  g_assert_cmpint (settled.headline, >, 0);
  g_assert_cmpint (settled.subheadline, >, 0);
  g_assert_cmpint (settled.caption, >, 0);
  g_assert_cmpint (wait.first.headline, ==, settled.headline);
  g_assert_cmpint (wait.first.subheadline, ==, settled.subheadline);
  g_assert_cmpint (wait.first.caption, ==, settled.caption);

  cd_test_destroy_window (fixture.window);
}

static void
test_page_scripts_do_not_run (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autofree char *z = NULL;
  g_autofree char *app = NULL;

  load_html (f,
             "<p id=x></p><script>document.getElementById('x').textContent='ran'</script>"
             "<p id=y></p><img src='data:,' onerror=\"document.getElementById('y').textContent='ran'\">"
             "<p id=z></p><iframe srcdoc=\"<script>parent.document.getElementById('z').textContent='ran'</script>\"></iframe>");

  x = evaluate (f, "document.getElementById('x').textContent");
  g_assert_cmpstr (x, ==, "");
  y = evaluate (f, "document.getElementById('y').textContent");
  g_assert_cmpstr (y, ==, "");
  z = evaluate (f, "document.getElementById('z').textContent");
  g_assert_cmpstr (z, ==, "");

  /* The app's own scripts do run: the empty text above is not merely
   * JavaScript being off altogether. */
  app = evaluate (f, "document.getElementById('x').textContent = 'app'; document.getElementById('x').textContent");
  g_assert_cmpstr (app, ==, "app");
}

typedef struct
{
  Fixture *f;
  guint    n_refused_before;
} RefusalWait;

static gboolean
navigation_refused (gpointer data)
{
  RefusalWait *wait = data;

  return _cd_preview_get_n_refused (wait->f->preview) > wait->n_refused_before;
}

static void
test_navigation_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CdArticle) sample = cd_test_load_sample ();
  g_autofree char *h1 = NULL;
  g_autofree char *opened = NULL;
  RefusalWait wait = { f, 0 };

  open_sample (f);

  /* A script moving the page elsewhere is refused. */
  wait.n_refused_before = _cd_preview_get_n_refused (f->preview);
  g_free (evaluate (f, "location.href = 'https://example.org/'; 'moved'"));
  cd_test_wait_for (navigation_refused, &wait, "the navigation to be refused");
  g_assert_cmpuint (f->opened_links->len, ==, 0);

  /* So is a new window. */
  opened = evaluate (f, "String (window.open ('https://example.org/popup'))");
  g_assert_cmpstr (opened, ==, "null");
  g_assert_cmpuint (f->opened_links->len, ==, 0);

  g_assert_cmpstr (webkit_web_view_get_uri (f->web_view), ==, "about:blank");
  h1 = evaluate (f, "document.querySelector('article h1').textContent");
  g_assert_cmpstr (h1, ==, cd_article_get_headline (sample));
}

static void
test_link_click_opens_externally (Fixture       *f,
                                  gconstpointer  data)
{
  RefusalWait wait = { f, 0 };
  g_autofree char *href = NULL;

  open_sample (f);

  /* A click on a story link goes to the browser; the preview stays. */
  href = evaluate (f, "document.querySelector('a[href^=\"https://porthaven\"]').href");
  wait.n_refused_before = _cd_preview_get_n_refused (f->preview);
  g_free (evaluate (f, "document.querySelector('a[href^=\"https://porthaven\"]').click (); 'clicked'"));
  cd_test_wait_for (navigation_refused, &wait, "the click to be handled");

  g_assert_cmpuint (f->opened_links->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->opened_links, 0), ==, href);
  g_assert_cmpstr (webkit_web_view_get_uri (f->web_view), ==, "about:blank");
}

static void
test_media_scheme (Fixture       *f,
                   gconstpointer  data)
{
  static const char *probe =
    "const image = new Image ();"
    "const result = new Promise (resolve => {"
    "  image.onload = () => resolve ('loaded');"
    "  image.onerror = () => resolve ('refused');"
    "});"
    "image.src = src;"
    "return await result;";
  struct {
    guint       serial_offset;
    const char *path;
    const char *expected;
  } cases[] = {
    { 0, "media/harbour.png", "loaded" },
    /* Only the story's media, only of the story shown now. */
    { 0, "media/missing.png", "refused" },
    { 1, "media/harbour.png", "refused" },
    { 0, "media/..%2F..%2Farticle.json", "refused" },
    { 0, "media/../article.json", "refused" },
    { 0, "../../../../etc/passwd", "refused" },
  };
  guint serial;

  open_sample (f);
  serial = _cd_preview_get_media_serial (f->preview);
  g_assert_cmpuint (serial, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *src = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/%s",
                                               serial + cases[i].serial_offset,
                                               cases[i].path);
      g_autofree char *outcome = NULL;
      GVariantDict arguments;

      g_variant_dict_init (&arguments, NULL);
      g_variant_dict_insert (&arguments, "src", "s", src);
      outcome = call_async (f, probe, g_variant_dict_end (&arguments));
      g_assert_cmpstr (outcome, ==, cases[i].expected);
    }
}

static void
test_remote_content_blocked (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *outcome = NULL;

  open_sample (f);

  /* Nothing remote loads, and it is the preview's policy that stops it,
   * not a missing network: the page sees the policy violation. */
  g_assert_nonnull (strstr (webkit_web_view_get_default_content_security_policy (f->web_view),
                            "default-src 'none'"));
  outcome = call_async (f,
                        "const image = new Image ();"
                        "const result = new Promise (resolve => {"
                        "  document.addEventListener ('securitypolicyviolation',"
                        "    event => resolve ('blocked ' + event.blockedURI));"
                        "  image.onload = () => resolve ('loaded');"
                        "});"
                        "image.src = 'https://example.org/pixel.png';"
                        "return await result;",
                        NULL);
  g_assert_cmpstr (outcome, ==, "blocked https://example.org/pixel.png");
}

static void
test_error_missing_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "no-such-story.article", NULL);
  const char *message;

  open_path (f, path);

  /* A window that only waited for the file shows why it could not open;
   * its new story stays ready underneath. */
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "error");
  message = _cd_window_get_error_message (f->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "no-such-story.article"));
  g_assert_cmpstr (adw_status_page_get_icon_name (_cd_window_get_error_page (f->window)), ==,
                   "dialog-error-symbolic");
  g_assert_null (cd_window_get_file (f->window));
  g_assert_true (cd_window_is_empty (f->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-editor", NULL));
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "editor");
}

static void
test_error_keeps_story (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "broken.json", NULL);
  g_autoptr(GError) error = NULL;
  CdArticle *shown;
  const char *message;

  open_sample (f);
  shown = cd_window_get_article (f->window);

  g_file_set_contents (path, "{ \"format\": \"copydesk.article\", \"version\": ", -1, &error);
  g_assert_no_error (error);
  open_path (f, path);

  /* The story stays on screen; the reader's message says what failed. */
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "editor");
  g_assert_true (cd_window_get_article (f->window) == shown);
  message = _cd_window_get_error_message (f->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "broken.json"));
}

typedef struct
{
  Fixture *f;
  int      width;
} WidthWait;

static gboolean
page_has_width (gpointer data)
{
  WidthWait *wait = data;

  return gtk_widget_get_width (GTK_WIDGET (wait->f->web_view)) == wait->width;
}

static void
test_preview_width (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  WidthWait wait = { f, 390 };

  open_sample (f);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "preview-width",
                                  g_variant_new_string ("phone"));
  g_assert_cmpint (g_settings_get_enum (settings, "preview-width"), ==, CD_PREVIEW_WIDTH_PHONE);
  g_assert_cmpint (cd_preview_get_page_width (f->preview), ==, CD_PREVIEW_WIDTH_PHONE);
  cd_test_wait_for (page_has_width, &wait, "the preview to be phone wide");

  g_settings_reset (settings, "preview-width");
  g_assert_cmpint (cd_preview_get_page_width (f->preview), ==, CD_PREVIEW_WIDTH_DESKTOP);
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  CdWindow *window;
  gpointer weak;
  int width;
  int height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = cd_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the window to close");

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_media_key_from_path (void)
{
  struct {
    const char *path;
    guint       serial;
    const char *key;
  } cases[] = {
    { "/7/media/harbour.png", 7, "media/harbour.png" },
    { "/7/media/two%20words.png", 7, "media/two words.png" },
    { "/7/media/caf%C3%A9.jpg", 7, "media/café.jpg" },
    { "/7/media/harbour.png", 8, NULL },
    { "/0/media/harbour.png", 0, NULL },
    { "/07x/media/harbour.png", 7, NULL },
    { "/7/harbour.png", 7, NULL },
    { "/7/media/", 7, NULL },
    { "/7/media/a/b.png", 7, NULL },
    { "/7/media/..%2Farticle.json", 7, NULL },
    { "/7/media/a%00.png", 7, NULL },
    { "/7/media/a%zz.png", 7, NULL },
    { "7/media/harbour.png", 7, NULL },
    { "", 7, NULL },
    { NULL, 7, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = _cd_preview_media_key_from_path (cases[i].path, cases[i].serial);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

static void
test_external_uris (void)
{
  const char *opened[] = {
    "https://example.org/story",
    "http://example.org/",
    "HTTPS://EXAMPLE.ORG/",
    "mailto:desk@example.org",
  };
  const char *kept[] = {
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<p>x</p>",
    "about:blank",
    CD_PREVIEW_MEDIA_SCHEME ":///1/media/harbour.png",
    "ftp://example.org/",
    "not a uri",
    "",
    NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (opened); i++)
    g_assert_true (_cd_preview_uri_opens_externally (opened[i]));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_false (_cd_preview_uri_opens_externally (kept[i]));
}

typedef struct
{
  CdApplication *app;
  guint          n_windows;
} AppWait;

static gboolean
app_windows_loaded (gpointer data)
{
  AppWait *wait = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (wait->app));

  if (g_list_length (windows) != wait->n_windows)
    return FALSE;

  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (_cd_window_is_loading (l->data) || cd_window_get_file (l->data) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
test_application_open (void)
{
  g_autoptr(CdApplication) app = cd_application_new ();
  g_autofree char *path = cd_test_sample_path ();
  g_autofree char *tmp_dir = g_dir_make_tmp ("copydesk-test-open-XXXXXX", NULL);
  g_autofree char *copy_path = g_build_filename (tmp_dir, "copy.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;
  AppWait wait = { app, 1 };
  GList *windows;
  CdWindow *first;

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==, APP_ID);
  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);
  g_assert_false (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_NON_UNIQUE);

  g_file_copy (file, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  if (g_application_get_is_remote (G_APPLICATION (app)))
    {
      /* Files would go to that instance, outside this test. */
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      cd_test_remove_tree (tmp_dir);
      return;
    }

  /* Activating without a file shows one window with a new story, which
   * the first opened file takes over; the next file gets a window of its
   * own; a file already open brings its window forward. */
  g_application_activate (G_APPLICATION (app));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (cd_window_is_empty (windows->data));
  first = windows->data;

  g_application_open (G_APPLICATION (app), &file, 1, "");
  cd_test_wait_for (app_windows_loaded, &wait, "the opened story");
  g_assert_true (g_file_equal (cd_window_get_file (first), file));

  wait.n_windows = 2;
  g_application_open (G_APPLICATION (app), &copy, 1, "");
  cd_test_wait_for (app_windows_loaded, &wait, "the second window");

  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);
  g_assert_false (_cd_window_is_loading (first));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);

  cd_test_remove_tree (tmp_dir);
}

static gboolean
window_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

/* A story opened as from the command line is drawn without an SVG being
 * rendered: librsvg (7 MB resident) would come into the program for the
 * development build's header bar bands, which a CSS gradient paints, and
 * for the error page's icon, set only when that page shows. Run in a
 * process of its own, where nothing before has loaded an SVG. */
static void
test_drawn_without_svg (void)
{
  g_autoptr(CdApplication) app = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  AppWait wait = { NULL, 1 };
  GList *windows;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  app = cd_application_new ();
  wait.app = app;
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  if (g_application_get_is_remote (G_APPLICATION (app)))
    {
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      return;
    }

  path = cd_test_sample_path ();
  file = g_file_new_for_path (path);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  cd_test_wait_for (app_windows_loaded, &wait, "the opened story");
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpint (gtk_widget_has_css_class (windows->data, "devel"), ==,
                   g_str_equal (PROFILE, "development"));

  cd_test_wait_for (window_allocated, windows->data, "the window to be laid out");
  texture = cd_test_widget_texture (windows->data);
  g_assert_nonnull (texture);
  g_assert_false (cd_test_maps_file ("librsvg"));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-window-state-XXXXXX");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/window/sample-story", Fixture, NULL,
              fixture_set_up, test_sample_story, fixture_tear_down);
  g_test_add_func ("/ui/window/first-frame-settled", test_first_frame_settled);
  g_test_add ("/ui/window/page-scripts-do-not-run", Fixture, NULL,
              fixture_set_up, test_page_scripts_do_not_run, fixture_tear_down);
  g_test_add ("/ui/window/navigation-refused", Fixture, NULL,
              fixture_set_up, test_navigation_refused, fixture_tear_down);
  g_test_add ("/ui/window/link-click-opens-externally", Fixture, NULL,
              fixture_set_up, test_link_click_opens_externally, fixture_tear_down);
  g_test_add ("/ui/window/media-scheme", Fixture, NULL,
              fixture_set_up, test_media_scheme, fixture_tear_down);
  g_test_add ("/ui/window/remote-content-blocked", Fixture, NULL,
              fixture_set_up, test_remote_content_blocked, fixture_tear_down);
  g_test_add ("/ui/window/error-missing-file", Fixture, NULL,
              fixture_set_up, test_error_missing_file, fixture_tear_down);
  g_test_add ("/ui/window/error-keeps-story", Fixture, NULL,
              fixture_set_up, test_error_keeps_story, fixture_tear_down);
  g_test_add ("/ui/window/preview-width", Fixture, NULL,
              fixture_set_up, test_preview_width, fixture_tear_down);
  g_test_add_func ("/ui/window/size-saved", test_window_size_saved);
  g_test_add_func ("/ui/preview/media-key-from-path", test_media_key_from_path);
  g_test_add_func ("/ui/preview/external-uris", test_external_uris);
  g_test_add_func ("/ui/application/open", test_application_open);
  g_test_add_func ("/ui/window/drawn-without-svg", test_drawn_without_svg);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
