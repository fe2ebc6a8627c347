/* test-hostile-preview.c: hostile stories in the real WebKit preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each story of tests/hostile that loads is shown with
 * cd_preview_set_article() in a real window, and the page's DOM is read
 * back with tests/hostile/probe.js through
 * webkit_web_view_evaluate_javascript(): no attribute set by a vector, no
 * script, handler or address of the story's, no injected style, no desk
 * notes, and the headline shown as the text it is.
 *
 * The stories are shown twice: with live embeds off (WebKit's script
 * markup off, so a <script> or on* handler would not even reach the DOM)
 * and with live embeds on, where the page's parser keeps them: there the
 * probe sees any that an escaping bug let through, and the page is also
 * checked for the effects of a story's script having run (a global set,
 * the title changed, a message posted to the application).
 */

#define G_LOG_DOMAIN "test-hostile-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-preview-private.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

/* The script message handler a story's script would post to. */
#define PWNED_MESSAGE "pwned"

static GtkWindow     *window;
static CdPreview     *preview;
static WebKitWebView *web_view;
static char          *probe_source;
static guint          n_messages;

static guint
view_loads (WebKitWebView *view)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "test-loads"));
}

static void
load_changed_cb (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  if (event == WEBKIT_LOAD_FINISHED)
    g_object_set_data (G_OBJECT (view), "test-loads", GUINT_TO_POINTER (view_loads (view) + 1));
}

static void
message_received_cb (WebKitUserContentManager *manager,
                     JSCValue                 *value,
                     gpointer                  user_data)
{
  g_autofree char *text = jsc_value_to_string (value);

  g_test_message ("a story's script posted \"%s\"", text);
  n_messages++;
}

/* Live embeds on or off take a new web view: each one the preview makes
 * is watched from its first load on, and given the message handler a
 * story's script would post to. */
static WebKitWebView *
watch_web_view (void)
{
  WebKitWebView *view = _cd_preview_get_web_view (preview);
  WebKitUserContentManager *manager;

  if (g_object_get_data (G_OBJECT (view), "test-watched") != NULL)
    return view;

  g_object_set_data (G_OBJECT (view), "test-watched", GINT_TO_POINTER (1));
  g_signal_connect (view, "load-changed", G_CALLBACK (load_changed_cb), NULL);
  manager = webkit_web_view_get_user_content_manager (view);
  g_signal_connect (manager, "script-message-received::" PWNED_MESSAGE,
                    G_CALLBACK (message_received_cb), NULL);
  webkit_user_content_manager_register_script_message_handler (manager, PWNED_MESSAGE, NULL);

  return view;
}

typedef struct
{
  WebKitWebView *view;
  guint          n_loads;
} LoadWait;

static void
load_wait_init (LoadWait *wait)
{
  wait->view = g_object_ref (watch_web_view ());
  wait->n_loads = view_loads (wait->view);
}

/* A page finished loading since load_wait_init(), in the view the
 * preview shows now, and nothing waits to be patched into it. */
static gboolean
loaded_since (gpointer data)
{
  LoadWait *wait = data;
  WebKitWebView *view = watch_web_view ();

  return view_loads (view) > (view == wait->view ? wait->n_loads : 0) &&
         !_cd_preview_is_patch_pending (preview);
}

static void
wait_for_load (LoadWait   *wait,
               const char *what)
{
  cd_test_wait_for (loaded_since, wait, what);
  g_clear_object (&wait->view);
  web_view = _cd_preview_get_web_view (preview);
}

static void
set_live_embeds (gboolean live)
{
  LoadWait wait;

  if (cd_preview_get_live_embeds (preview) == live)
    return;

  load_wait_init (&wait);
  cd_preview_set_live_embeds (preview, live);
  wait_for_load (&wait, "the preview's new web view to load");
  g_assert_cmpint (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (web_view)), ==, live);
}

static gboolean
messages_since (gpointer data)
{
  return n_messages > GPOINTER_TO_UINT (data);
}

static char *
evaluate (const char *script)
{
  return cd_test_evaluate (web_view, script);
}

static char *
run_probe (void)
{
  g_autofree char *script = g_strdup_printf ("(%s) ({ maxStyles: 1, officialEmbeds: %s })",
                                             probe_source,
                                             cd_preview_get_live_embeds (preview) ? "true" : "false");

  return evaluate (script);
}

/* What a story's script would leave behind if it ran, read in the page's
 * own world: "" when there is nothing. The handler's presence is checked
 * too, or a script could not have posted to it. */
static char *
traces_of_scripts (guint n_messages_before)
{
  g_autofree char *traces = NULL;

  traces = evaluate ("[typeof window.pwned === 'undefined' ? '' : 'window.pwned is ' + window.pwned,"
                     " document.title.startsWith ('pwned') ? 'the title is ' + document.title : '',"
                     " typeof window.webkit.messageHandlers." PWNED_MESSAGE " === 'object' ? ''"
                     "   : 'the page has no message handler to post to'"
                     "].filter (Boolean).join ('; ')");
  if (n_messages > n_messages_before)
    return g_strdup_printf ("%s%s%u messages posted", traces, traces[0] != '\0' ? "; " : "",
                            n_messages - n_messages_before);

  return g_steal_pointer (&traces);
}

/* What the page should show for @text: the writer's escaping, undone. */
static char *
shown_text (const char *text)
{
  g_autofree char *escaped = cd_html_escape (text);
  GString *out = g_string_new (NULL);

  for (const char *p = escaped; *p != '\0';)
    {
      static const struct { const char *entity; char ch; } entities[] = {
        { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
      };
      gboolean replaced = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
        {
          if (g_str_has_prefix (p, entities[i].entity))
            {
              g_string_append_c (out, entities[i].ch);
              p += strlen (entities[i].entity);
              replaced = TRUE;
              break;
            }
        }

      if (!replaced)
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

static void
show_story (const char *path,
            gboolean    live)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *traces = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *expected = NULL;
  guint n_messages_before = n_messages;
  LoadWait wait;
  gint64 start;

  article = cd_document_load (file, &error);
  g_assert_no_error (error);

  set_live_embeds (live);
  start = g_get_monotonic_time ();
  load_wait_init (&wait);
  cd_preview_set_article (preview, article);
  wait_for_load (&wait, "the story to load in the preview");
  g_test_message ("shown in %.1f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  report = run_probe ();
  if (!g_str_equal (report, "clean"))
    {
      g_test_fail_printf ("%s", report);
      return;
    }

  traces = traces_of_scripts (n_messages_before);
  if (traces[0] != '\0')
    {
      g_test_fail_printf ("a script of the story ran: %s", traces);
      return;
    }

  /* The vectors are on the page as the text the reporter typed. */
  headline = evaluate ("document.querySelector ('article h1').textContent");
  expected = shown_text (cd_article_get_headline (article));
  g_assert_cmpuint (strlen (headline), ==, strlen (expected));
  g_assert_true (g_str_equal (headline, expected));
}

static void
test_story (gconstpointer data)
{
  show_story (data, FALSE);
}

static void
test_story_live (gconstpointer data)
{
  show_story (data, TRUE);
}

/* The probe must be able to fail: a page whose element carries the
 * attribute the vectors try to set, with an injected style. (Scripts,
 * handlers and javascript: links cannot be shown here: with JavaScript
 * markup off, WebKit's parser leaves them out of the DOM altogether.) */
static void
test_probe_control (void)
{
  g_autofree char *report = NULL;
  LoadWait wait;

  set_live_embeds (FALSE);
  load_wait_init (&wait);
  _cd_preview_load_html (preview,
                         "<!DOCTYPE html><html data-pwned=\"control\"><head>"
                         "<style>html { --pwned: control }</style><style>p { }</style></head>"
                         "<body><article><h1>x</h1></article></body></html>");
  wait_for_load (&wait, "the control page to load");

  report = run_probe ();
  g_test_message ("control page: %s", report);
  g_assert_true (g_str_has_prefix (report, "dirty: "));
  g_assert_nonnull (strstr (report, "data-pwned"));
  g_assert_nonnull (strstr (report, "2 style elements"));
  g_assert_nonnull (strstr (report, "injected style"));
}

/* With live embeds on, the checks must be able to fail too: a page whose
 * markup carries a script and a handler (the page's policy keeps both
 * from running, the probe must still see them), and a script run in
 * the page's own world, past the policy, doing what the hostile
 * payloads try to do. */
static void
test_live_control (void)
{
  g_autofree char *report = NULL;
  g_autofree char *traces = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *ran = NULL;
  guint n_messages_before = n_messages;
  LoadWait wait;

  set_live_embeds (TRUE);
  load_wait_init (&wait);
  _cd_preview_load_html (preview,
                         "<!DOCTYPE html><html><head><title>Control</title></head>"
                         "<body><article><h1 onclick=\"window.pwned = 1\">x</h1></article>"
                         "<script>window.pwned = 1</script></body></html>");
  wait_for_load (&wait, "the live control page to load");

  report = run_probe ();
  g_test_message ("live control page: %s", report);
  g_assert_nonnull (strstr (report, "an event handler onclick"));
  g_assert_nonnull (strstr (report, "a script: window.pwned"));

  clean = traces_of_scripts (n_messages_before);
  g_assert_cmpstr (clean, ==, "");

  ran = evaluate ("window.pwned = 'control'; document.title = 'pwned control';"
                  "window.webkit.messageHandlers." PWNED_MESSAGE ".postMessage ('control'); 'ran'");
  g_assert_cmpstr (ran, ==, "ran");
  cd_test_wait_for (messages_since, GUINT_TO_POINTER (n_messages_before), "the control message");
  traces = traces_of_scripts (n_messages_before);
  g_test_message ("live control traces: %s", traces);
  g_assert_nonnull (strstr (traces, "window.pwned is control"));
  g_assert_nonnull (strstr (traces, "the title is pwned control"));
  g_assert_nonnull (strstr (traces, "1 messages posted"));
}

/* Puts @html (a block as the writer gives it) in place of the block
 * @block_id and waits for the first message a frame posts to the page. */
static char *
replace_block_and_wait_for_message (const char *block_id,
                                    const char *html)
{
  static const char body[] =
    "return await new Promise ((resolve) => {\n"
    "  window.addEventListener ('message', (event) => resolve (String (event.data)), { once: true });\n"
    "  const template = document.createElement ('template');\n"
    "  template.innerHTML = html;\n"
    "  const old = [...document.querySelectorAll ('[data-block-id]')]\n"
    "    .find ((element) => element.getAttribute ('data-block-id') === id);\n"
    "  old.replaceWith (template.content.firstElementChild);\n"
    "});";
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", "html", g_variant_new_string (html));
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (block_id));

  return cd_test_call (web_view, body, g_variant_builder_end (&builder));
}

/* A provider's script, as hostile as can be: it reads what it can of the
 * page around its frame and posts that to the page. It stands in for
 * https://platform.twitter.com/widgets.js, the network being out of
 * reach, through a data: address the test lets the policy load. */
static const char hostile_script[] =
  "const report = {};\n"
  "const tries = {\n"
  "  parent: () => parent.document.body.textContent,\n"
  "  top: () => top.document.documentElement.outerHTML,\n"
  "  frameElement: () => window.frameElement.ownerDocument.body.textContent,\n"
  "  parentFrames: () => parent.frames[0].document.body.textContent,\n"
  "  storage: () => document.cookie + String (localStorage.length),\n"
  "};\n"
  "for (const name in tries) {\n"
  "  try { report[name] = String (tries[name] ()); }\n"
  "  catch (error) { report[name] = 'refused: ' + error.name; }\n"
  "}\n"
  "parent.postMessage (JSON.stringify (report), '*');\n";

#define DRAFT_SECRET "UNPUBLISHED-DRAFT-5c1e"

/* The X embed's block as the preview shows it, its provider's script
 * swapped for the hostile one, and its sandbox set to @sandbox. */
static char *
hostile_embed_html (CdArticle  *article,
                    CdBlock    *embed,
                    const char *sandbox)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) hostile_script, strlen (hostile_script));
  g_autofree char *data_url = g_strconcat ("data:text/javascript;base64,", base64, NULL);
  g_autofree char *html = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) sandbox_parts = NULL;
  g_autofree char *with_script = NULL;
  CdHtmlOptions options;

  cd_html_options_init (&options);
  options.embeds = CD_EMBEDS_OFFICIAL;
  options.isolate_embeds = TRUE;
  html = cd_html_write_block (article, embed, &options);

  parts = g_strsplit (html, "https://platform.twitter.com/widgets.js", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  with_script = g_strjoinv (data_url, parts);

  sandbox_parts = g_strsplit (with_script, "sandbox=\"allow-scripts allow-popups allow-popups-to-escape-sandbox\"", -1);
  g_assert_cmpuint (g_strv_length (sandbox_parts), ==, 2);
  return g_strjoinv (sandbox, sandbox_parts);
}

/* Live embeds: each provider's script runs in a sandboxed frame of its
 * own and cannot read the draft around it. */
static void
test_embed_frame_isolation (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autofree char *isolated = NULL;
  g_autofree char *control = NULL;
  g_autofree char *report = NULL;
  g_autofree char *leaked = NULL;
  g_autofree char *n_frames = NULL;
  LoadWait wait;

  cd_article_set_headline (article, "Draft " DRAFT_SECRET);
  cd_block_set_id (paragraph, "p1");
  cd_block_set_text (paragraph, "Not for anyone's eyes yet: " DRAFT_SECRET);
  cd_article_append_block (article, paragraph);
  cd_block_set_id (embed, "e1");
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "x");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://x.com/desk/status/1790000000000000001");
  cd_block_set_field (embed, CD_BLOCK_FIELD_KIND, "post");
  cd_block_set_field (embed, CD_BLOCK_FIELD_TEXT, "A post");
  cd_article_append_block (article, embed);

  set_live_embeds (TRUE);
  load_wait_init (&wait);
  _cd_preview_set_test_script_source (preview, "data:");
  cd_preview_set_article (preview, article);
  wait_for_load (&wait, "the live story to load");

  /* Every embed is in a frame without the page's origin. */
  n_frames = evaluate ("String (document.querySelectorAll ('iframe[srcdoc]').length) + ' ' + "
                       "String (document.querySelectorAll ('iframe[srcdoc]:not([sandbox=\"allow-scripts "
                       "allow-popups allow-popups-to-escape-sandbox\"])').length) + ' ' + "
                       "String (document.querySelectorAll ('script:not([type=\"application/ld+json\"])').length)");
  g_assert_cmpstr (n_frames, ==, "1 0 0");

  /* The control: the same frame given the page's origin reads the draft,
   * so the check below can fail. */
  control = hostile_embed_html (article, embed, "sandbox=\"allow-scripts allow-same-origin\"");
  leaked = replace_block_and_wait_for_message ("e1", control);
  g_test_message ("with allow-same-origin: %.200s", leaked);
  g_assert_nonnull (strstr (leaked, DRAFT_SECRET));

  /* The frame as the writer makes it: its script runs, and gets nothing. */
  isolated = hostile_embed_html (article, embed,
                                 "sandbox=\"allow-scripts allow-popups allow-popups-to-escape-sandbox\"");
  report = replace_block_and_wait_for_message ("e1", isolated);
  g_test_message ("as written: %s", report);
  g_assert_null (strstr (report, DRAFT_SECRET));
  g_assert_nonnull (strstr (report, "\"parent\":\"refused: SecurityError\""));
  g_assert_nonnull (strstr (report, "\"top\":\"refused: SecurityError\""));

  _cd_preview_set_test_script_source (preview, NULL);
  set_live_embeds (FALSE);
}

static void
add_stories (const char *env_name,
             GPtrArray  *paths)
{
  const char *dir_path = g_getenv (env_name);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir_path == NULL)
    g_error ("%s is not set (tests/hostile/meson.build sets it)", env_name);

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "load-") && g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, cd_test_compare_names);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (dir_path, g_ptr_array_index (names, i), NULL));
}

static void
test_web_process_never_ended (void)
{
  g_assert_cmpuint (_cd_preview_get_n_crashes (preview), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *probe_path = NULL;
  guint n_kept;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  probe_path = g_test_build_filename (G_TEST_DIST, "hostile", "probe.js", NULL);
  g_file_get_contents (probe_path, &probe_source, NULL, &error);
  g_assert_no_error (error);

  add_stories ("HOSTILE_STORIES_DIR", paths);
  n_kept = paths->len;
  add_stories ("HOSTILE_GENERATED_DIR", paths);
  g_assert_cmpuint (paths->len, >=, 10);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 800);
  preview = CD_PREVIEW (cd_preview_new ());
  gtk_window_set_child (window, GTK_WIDGET (preview));
  web_view = watch_web_view ();
  gtk_window_present (window);

  g_test_add_func ("/ui/hostile-preview/probe-control", test_probe_control);
  g_test_add_func ("/ui/hostile-preview/embed-frame-isolation", test_embed_frame_isolation);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *test_path = NULL;

      *strrchr (name, '.') = '\0';
      test_path = g_strconcat ("/ui/hostile-preview/", name, NULL);
      g_test_add_data_func (test_path, path, test_story);
    }

  /* Live, the stories kept in git: the generated ones only test size. */
  g_test_add_func ("/ui/hostile-preview/live/control", test_live_control);
  for (guint i = 0; i < n_kept; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *test_path = NULL;

      *strrchr (name, '.') = '\0';
      test_path = g_strconcat ("/ui/hostile-preview/live/", name, NULL);
      g_test_add_data_func (test_path, path, test_story_live);
    }

  /* Last: no hostile story took the web process down. */
  g_test_add_func ("/ui/hostile-preview/live/web-process-never-ended", test_web_process_never_ended);

  status = g_test_run ();

  gtk_window_destroy (window);
  g_free (probe_source);
  return status;
}
