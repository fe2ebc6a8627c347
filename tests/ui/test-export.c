/* test-export.c: the export dialog, Copy HTML, live embeds and opening
 * wire stories, in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "cd-application.h"
#include "cd-export-dialog-private.h"
#include "cd-house-style.h"
#include "cd-json-private.h"
#include "cd-preview-private.h"
#include "cd-window-private.h"
#include "cd-test-story.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

typedef struct
{
  CdWindow  *window;
  CdPreview *preview;
  GSettings *settings;
  guint      n_loads_finished;
  char      *tmp_dir;
} Fixture;

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Fixture         *f)
{
  if (event == WEBKIT_LOAD_FINISHED)
    f->n_loads_finished++;
}

/* Counts the page loads of the preview's web view, which live embeds
 * replace. */
static void
watch_web_view (Fixture *f)
{
  WebKitWebView *web_view = _cd_preview_get_web_view (f->preview);

  if (g_object_get_data (G_OBJECT (web_view), "test-watched") != NULL)
    return;

  g_object_set_data (G_OBJECT (web_view), "test-watched", GINT_TO_POINTER (1));
  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), f);
}

static gboolean
first_load_finished (gpointer data)
{
  return ((Fixture *) data)->n_loads_finished > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  f->window = cd_window_new (NULL);
  f->preview = _cd_window_get_preview (f->window);
  f->tmp_dir = cd_test_make_temp_dir ("copydesk-test-export-XXXXXX");

  watch_web_view (f);
  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for (first_load_finished, f, "the new story's preview");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  cd_test_destroy_window (f->window);

  /* Every test starts from the default settings. */
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
  g_clear_object (&f->settings);

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
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

  return _cd_window_get_error_message (wait->f->window) != NULL ||
         wait->f->n_loads_finished > wait->n_loads_before;
}

static void
open_path (Fixture    *f,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LoadWait wait = { f, f->n_loads_finished };

  cd_window_open (f->window, file);
  cd_test_wait_for (open_finished, &wait, "the story to be read and shown");
  g_assert_null (_cd_window_get_error_message (f->window));
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "editor");
}

static void
open_sample (Fixture *f)
{
  g_autofree char *path = cd_test_sample_path ();

  open_path (f, path);
}

/* Runs @script in the preview's page and returns its value as a string. */
static char *
evaluate (Fixture    *f,
          const char *script)
{
  return cd_test_evaluate (_cd_preview_get_web_view (f->preview), script);
}

static int
evaluate_int (Fixture    *f,
              const char *script)
{
  return cd_test_evaluate_int (_cd_preview_get_web_view (f->preview), script);
}

/* The export dialog */

static CdExportDialog *
find_export_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CD_IS_EXPORT_DIALOG (window) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (f->window))
        return CD_EXPORT_DIALOG (window);
    }

  return NULL;
}

/* Opens the dialog as Ctrl+E does. */
static CdExportDialog *
open_export_dialog (Fixture *f)
{
  CdExportDialog *dialog;

  g_assert_null (find_export_dialog (f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));

  dialog = find_export_dialog (f);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  return dialog;
}

typedef struct
{
  CdExportDialog *dialog;
  GFile          *exported;
} ExportWait;

static void
exported_cb (CdExportDialog *dialog,
             GFile          *file,
             ExportWait     *wait)
{
  g_set_object (&wait->exported, file);
}

static gboolean
export_finished (gpointer data)
{
  ExportWait *wait = data;

  /* The dialog closes once the file is written, and stays to show why
   * not when it is not. */
  return (wait->exported != NULL && wait->dialog == NULL) ||
         (wait->dialog != NULL &&
          !_cd_export_dialog_is_exporting (wait->dialog) &&
          _cd_export_dialog_get_error_message (wait->dialog) != NULL);
}

/* Exports through the dialog to @path, as after the file chooser, and
 * returns the file written, or NULL with the dialog still open on
 * failure. */
static GFile *
export_with_dialog (Fixture        *f,
                    CdExportFormat  format,
                    CdEmbedMode     embeds,
                    const char     *path)
{
  CdExportDialog *dialog = open_export_dialog (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ExportWait wait = { dialog, NULL };

  _cd_export_dialog_set_format (dialog, format);
  _cd_export_dialog_set_embed_mode (dialog, embeds);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &wait);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &wait.dialog);

  _cd_export_dialog_export_to (dialog, file);
  g_assert_true (wait.dialog == NULL || _cd_export_dialog_is_exporting (dialog) || wait.exported != NULL);
  cd_test_wait_for (export_finished, &wait, "the export to finish");

  if (wait.dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (wait.dialog, &wait);
      g_object_remove_weak_pointer (G_OBJECT (wait.dialog), (gpointer *) &wait.dialog);
    }

  return wait.exported;
}

static char *
tmp_path (Fixture    *f,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static char *
tmp_path (Fixture    *f,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part = first;
  va_list args;

  g_ptr_array_add (parts, f->tmp_dir);
  va_start (args, first);
  while (part != NULL)
    {
      g_ptr_array_add (parts, (gpointer) part);
      part = va_arg (args, const char *);
    }
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static void
assert_same_file (const char *expected_path,
                  const char *actual_path)
{
  g_autoptr(GBytes) expected = cd_test_read_bytes (expected_path);
  g_autoptr(GBytes) actual = cd_test_read_bytes (actual_path);

  g_assert_cmpmem (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
assert_same_media (CdArticle  *article,
                   const char *folder)
{
  GBytes *png = cd_article_get_media (article, "media/harbour.png");
  g_autofree char *checksum = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) written = NULL;

  /* Exports name an image by its content (see cd_media_export()). */
  g_assert_nonnull (png);
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  name = g_strdup_printf ("harbour-%.12s.png", checksum);
  path = g_build_filename (folder, name, NULL);
  written = cd_test_read_bytes (path);

  g_assert_true (g_bytes_equal (written, png));
}

static xmlDoc *
parse_html (const char *path)
{
  g_autoptr(GBytes) bytes = cd_test_read_bytes (path);
  xmlDoc *doc;

  doc = htmlReadMemory (g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes),
                        path, "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_assert_nonnull (doc);

  return doc;
}

static int
count_nodes (xmlDoc     *doc,
             const char *xpath)
{
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) result = xmlXPathEvalExpression ((const xmlChar *) xpath, context);

  g_assert_nonnull (result);
  return result->nodesetval != NULL ? result->nodesetval->nodeNr : 0;
}

static char *
node_text (xmlDoc     *doc,
           const char *xpath)
{
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) result = xmlXPathEvalExpression ((const xmlChar *) xpath, context);
  xmlChar *content;
  char *text;

  g_assert_nonnull (result);
  g_assert_nonnull (result->nodesetval);
  g_assert_cmpint (result->nodesetval->nodeNr, >=, 1);

  content = xmlNodeGetContent (result->nodesetval->nodeTab[0]);
  text = g_strdup ((const char *) content);
  xmlFree (content);

  return text;
}

static void
test_export_html (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CdArticle) sample = cd_test_load_sample ();
  g_autofree char *page_path = tmp_path (f, "page", "story.html", NULL);
  g_autofree char *page_files = tmp_path (f, "page", "story_files", NULL);
  g_autofree char *expected_path = tmp_path (f, "expected", "story.html", NULL);
  g_autofree char *single_path = tmp_path (f, "single", "story.html", NULL);
  g_autofree char *single_files = tmp_path (f, "single", "story_files", NULL);
  g_autofree char *fragment_path = tmp_path (f, "fragment", "story.html", NULL);
  g_autofree char *fragment_files = tmp_path (f, "fragment", "story_files", NULL);
  g_autofree char *official_path = tmp_path (f, "official", "story.html", NULL);
  g_autoptr(GFile) expected_file = g_file_new_for_path (expected_path);
  g_autoptr(GFile) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) page = NULL;
  g_autoptr(xmlDoc) single = NULL;
  g_autoptr(xmlDoc) fragment = NULL;
  g_autoptr(xmlDoc) official = NULL;
  g_autoptr(GBytes) fragment_bytes = NULL;
  g_autofree char *title = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *style = NULL;
  g_autofree char *stylesheet = NULL;
  const char *folders[] = { "page", "expected", "single", "fragment", "official" };
  CdHtmlOptions options;

  open_sample (f);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = tmp_path (f, folders[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    }

  /* A web page, with its images in a folder named after it. */
  written = export_with_dialog (f, CD_EXPORT_FORMAT_HTML, CD_EMBEDS_STATIC, page_path);
  g_assert_nonnull (written);
  g_assert_cmpstr (g_file_peek_path (written), ==, page_path);
  g_assert_null (find_export_dialog (f));
  assert_same_media (sample, page_files);

  /* It is what copydesk-convert writes through the same core call, in
   * the house style of the settings. */
  cd_html_options_init (&options);
  options.mode = CD_HTML_PAGE;
  options.stylesheet = cd_house_style_get_stylesheet (CD_HOUSE_STYLE_DEFAULT);
  g_assert_true (cd_html_export (sample, expected_file, &options, &error));
  g_assert_no_error (error);
  assert_same_file (expected_path, page_path);

  page = parse_html (page_path);
  title = node_text (page, "/html/head/title");
  g_assert_cmpstr (title, ==, cd_article_get_headline (sample));
  h1 = node_text (page, "/html/body//article/header/h1");
  g_assert_cmpstr (h1, ==, cd_article_get_headline (sample));
  style = node_text (page, "/html/head/style");
  stylesheet = g_strdup (options.stylesheet);
  g_assert_cmpstr (g_strstrip (style), ==, g_strstrip (stylesheet));
  g_assert_cmpint (count_nodes (page, "//img"), ==, 2);
  g_assert_cmpint (count_nodes (page, "//img[starts-with(@src, 'story_files/')]"), ==, 2);
  g_assert_cmpint (count_nodes (page, "//figure[contains(@class, 'embed')]"), ==, 3);
  g_assert_cmpint (count_nodes (page, "//script[@src]"), ==, 0);
  g_assert_cmpint (count_nodes (page, "//blockquote[contains(@class, 'twitter-tweet')]"), ==, 0);
  g_clear_object (&written);

  /* One self-contained page: the images are inside it. */
  written = export_with_dialog (f, CD_EXPORT_FORMAT_HTML_SINGLE, CD_EMBEDS_STATIC, single_path);
  g_assert_nonnull (written);
  g_assert_false (g_file_test (single_files, G_FILE_TEST_EXISTS));
  single = parse_html (single_path);
  g_assert_cmpint (count_nodes (single, "/html/head/title"), ==, 1);
  g_assert_cmpint (count_nodes (single, "//img"), ==, 2);
  g_assert_cmpint (count_nodes (single, "//img[starts-with(@src, 'data:image/png;base64,')]"), ==, 2);
  g_clear_object (&written);

  /* The story alone, for a CMS: no document around it. */
  written = export_with_dialog (f, CD_EXPORT_FORMAT_HTML_FRAGMENT, CD_EMBEDS_STATIC, fragment_path);
  g_assert_nonnull (written);
  assert_same_media (sample, fragment_files);
  fragment_bytes = cd_test_read_bytes (fragment_path);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (fragment_bytes, NULL), "<article"));
  fragment = parse_html (fragment_path);
  g_assert_cmpint (count_nodes (fragment, "//head/title"), ==, 0);
  g_assert_cmpint (count_nodes (fragment, "//style"), ==, 0);
  g_assert_cmpint (count_nodes (fragment, "/html/body/article"), ==, 1);
  g_assert_cmpint (count_nodes (fragment, "//img[starts-with(@src, 'story_files/')]"), ==, 2);
  g_clear_object (&written);

  /* Official embeds: the providers' markup, and each script once; the
   * page is published under the base URL of the settings. */
  g_settings_set_string (f->settings, "base-url", "https://news.example.com/local");
  written = export_with_dialog (f, CD_EXPORT_FORMAT_HTML, CD_EMBEDS_OFFICIAL, official_path);
  g_assert_nonnull (written);
  official = parse_html (official_path);
  g_assert_cmpint (count_nodes (official, "/html/head/link[@rel='canonical']"
                                          "[@href='https://news.example.com/local/porthaven-night-ferry']"), ==, 1);
  g_assert_cmpint (count_nodes (page, "/html/head/link[@rel='canonical']"), ==, 0);
  g_assert_cmpint (count_nodes (official, "//blockquote[contains(@class, 'twitter-tweet')]"), ==, 1);
  g_assert_cmpint (count_nodes (official, "//script[@src='https://platform.twitter.com/widgets.js']"), ==, 1);
  g_assert_cmpint (count_nodes (official, "//iframe[starts-with(@src, 'https://www.youtube-nocookie.com/')]"), ==, 1);
}

static void
test_export_wire (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CdArticle) sample = cd_test_load_sample ();
  g_autofree char *nitf_path = tmp_path (f, "nitf", "story.xml", NULL);
  g_autofree char *nitf_media = tmp_path (f, "nitf", "media", NULL);
  g_autofree char *ninjs_path = tmp_path (f, "ninjs", "story.ninjs.json", NULL);
  g_autofree char *nitf_dir = tmp_path (f, "nitf", NULL);
  g_autofree char *ninjs_dir = tmp_path (f, "ninjs", NULL);
  g_autoptr(GFile) written = NULL;
  g_autoptr(GBytes) expected_nitf = NULL;
  g_autoptr(GBytes) expected_ninjs = NULL;
  g_autoptr(GBytes) nitf = NULL;
  g_autoptr(GBytes) ninjs = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) back = NULL;
  g_autoptr(GFile) nitf_file = g_file_new_for_path (nitf_path);
  g_autofree char *hl1 = NULL;
  CdImportFormat format;
  const cJSON *headlines;
  xmlNode *nitf_root;

  open_sample (f);
  g_assert_cmpint (g_mkdir (nitf_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (ninjs_dir, 0700), ==, 0);

  /* NITF, with the pictures in media/ beside it, as copydesk-convert
   * writes it. */
  written = export_with_dialog (f, CD_EXPORT_FORMAT_NITF, CD_EMBEDS_STATIC, nitf_path);
  g_assert_nonnull (written);
  assert_same_media (sample, nitf_media);
  nitf = cd_test_read_bytes (nitf_path);
  {
    g_autofree char *convert_dir = tmp_path (f, "nitf-convert", NULL);
    g_autofree char *convert_path = g_build_filename (convert_dir, "story.xml", NULL);
    g_autoptr(GFile) convert_file = g_file_new_for_path (convert_path);

    g_assert_cmpint (g_mkdir (convert_dir, 0700), ==, 0);
    g_assert_true (cd_nitf_export (sample, convert_file, &error));
    g_assert_no_error (error);
    expected_nitf = cd_test_read_bytes (convert_path);
  }
  g_assert_true (g_bytes_equal (nitf, expected_nitf));

  doc = xmlReadMemory (g_bytes_get_data (nitf, NULL), (int) g_bytes_get_size (nitf), nitf_path, NULL,
                       XML_PARSE_NONET);
  g_assert_nonnull (doc);
  nitf_root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) nitf_root->name, ==, "nitf");
  g_assert_nonnull (nitf_root->ns);
  g_assert_cmpstr ((const char *) nitf_root->ns->href, ==, CD_NITF_NAMESPACE);
  {
    g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
    g_autoptr(xmlXPathObject) result = NULL;
    xmlChar *content;

    xmlXPathRegisterNs (context, (const xmlChar *) "n", (const xmlChar *) CD_NITF_NAMESPACE);
    result = xmlXPathEvalExpression ((const xmlChar *) "//n:hedline/n:hl1", context);
    g_assert_nonnull (result->nodesetval);
    g_assert_cmpint (result->nodesetval->nodeNr, ==, 1);
    content = xmlNodeGetContent (result->nodesetval->nodeTab[0]);
    hl1 = g_strdup ((const char *) content);
    xmlFree (content);
  }
  g_assert_cmpstr (hl1, ==, cd_article_get_headline (sample));

  /* Opening it again finds the pictures beside it. */
  back = cd_import_load_with_format (nitf_file, &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, CD_IMPORT_FORMAT_NITF);
  g_assert_true (g_bytes_equal (cd_article_get_media (back, cd_block_get_field (cd_article_get_lead (back),
                                                                              CD_BLOCK_FIELD_SRC)),
                               cd_article_get_media (sample, "media/harbour.png")));
  g_clear_object (&written);

  /* ninjs, self-contained. */
  written = export_with_dialog (f, CD_EXPORT_FORMAT_NINJS, CD_EMBEDS_STATIC, ninjs_path);
  g_assert_nonnull (written);
  ninjs = cd_test_read_bytes (ninjs_path);
  expected_ninjs = cd_ninjs_write (sample, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ninjs, expected_ninjs));

  root = _cd_json_parse (g_bytes_get_data (ninjs, NULL), g_bytes_get_size (ninjs), CD_JSON_MAX_DEPTH, FALSE,
                         ninjs_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (_cd_json_get_string (root, "uri"), "urn:uuid:"));
  headlines = cJSON_GetObjectItemCaseSensitive (root, "headlines");
  g_assert_true (cJSON_IsArray (headlines));
  g_assert_cmpstr (_cd_json_get_string (cJSON_GetArrayItem (headlines, 0), "value"),
                   ==, cd_article_get_headline (sample));
}

/* A name without the format's extension gets it. */
static void
test_export_adds_extension (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = tmp_path (f, "story", NULL);
  g_autofree char *with_extension = tmp_path (f, "story.ninjs.json", NULL);
  g_autoptr(GFile) written = NULL;

  open_sample (f);

  written = export_with_dialog (f, CD_EXPORT_FORMAT_NINJS, CD_EMBEDS_STATIC, path);
  g_assert_nonnull (written);
  g_assert_cmpstr (g_file_peek_path (written), ==, with_extension);
  g_assert_true (g_file_test (with_extension, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_export_remembers (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *page_path = tmp_path (f, "story.html", NULL);
  g_autofree char *nitf_path = tmp_path (f, "story.xml", NULL);
  g_autoptr(GFile) written = NULL;
  CdExportDialog *dialog;
  gpointer weak;
  g_autofree char *name = NULL;

  open_sample (f);

  /* The first export offers a web page with cards. */
  dialog = open_export_dialog (f);
  g_assert_cmpint (_cd_export_dialog_get_format (dialog), ==, CD_EXPORT_FORMAT_HTML);
  g_assert_cmpint (_cd_export_dialog_get_embed_mode (dialog), ==, CD_EMBEDS_STATIC);
  name = _cd_export_dialog_get_suggested_name (dialog);
  g_assert_cmpstr (name, ==, "porthaven-night-ferry.html");
  _cd_export_dialog_set_format (dialog, CD_EXPORT_FORMAT_NITF);
  g_clear_pointer (&name, g_free);
  name = _cd_export_dialog_get_suggested_name (dialog);
  g_assert_cmpstr (name, ==, "porthaven-night-ferry.xml");

  /* Choices left without exporting are not remembered. */
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the dialog to close");
  g_assert_cmpstr (g_settings_get_string (f->settings, "export-format"), ==, "html");

  written = export_with_dialog (f, CD_EXPORT_FORMAT_HTML, CD_EMBEDS_OFFICIAL, page_path);
  g_assert_nonnull (written);
  g_assert_cmpstr (g_settings_get_string (f->settings, "export-format"), ==, "html");
  g_assert_cmpstr (g_settings_get_string (f->settings, "embed-mode"), ==, "official");
  g_clear_object (&written);

  written = export_with_dialog (f, CD_EXPORT_FORMAT_NITF, CD_EMBEDS_STATIC, nitf_path);
  g_assert_nonnull (written);
  g_assert_cmpstr (g_settings_get_string (f->settings, "export-format"), ==, "nitf");
  /* Wire formats have no embed mode: the one chosen for pages stays. */
  g_assert_cmpstr (g_settings_get_string (f->settings, "embed-mode"), ==, "official");

  /* The next export starts from the last one's choices. */
  dialog = open_export_dialog (f);
  g_assert_cmpint (_cd_export_dialog_get_format (dialog), ==, CD_EXPORT_FORMAT_NITF);
  g_assert_cmpint (_cd_export_dialog_get_embed_mode (dialog), ==, CD_EMBEDS_OFFICIAL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_export_failure (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = tmp_path (f, "missing", "story.ninjs.json", NULL);
  g_autoptr(GFile) written = NULL;
  CdExportDialog *dialog;

  open_sample (f);

  written = export_with_dialog (f, CD_EXPORT_FORMAT_NINJS, CD_EMBEDS_STATIC, path);
  g_assert_null (written);

  /* The dialog stays with the reason, naming the file, so the producer
   * can pick another place. */
  dialog = find_export_dialog (f);
  g_assert_nonnull (dialog);
  g_assert_false (_cd_export_dialog_is_exporting (dialog));
  g_assert_nonnull (strstr (_cd_export_dialog_get_error_message (dialog), "story.ninjs.json"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Copy HTML */

typedef struct
{
  GBytes   *bytes;
  char     *text;
  char     *mime_type;
  GError   *error;
  gboolean  done;
} ClipboardRead;

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
splice_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ClipboardRead *read = user_data;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &read->error) >= 0)
    read->bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (object));
  read->done = TRUE;
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  const char *mime_type = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, &mime_type, &read->error);
  if (stream == NULL)
    {
      read->done = TRUE;
      return;
    }

  read->mime_type = g_strdup (mime_type);
  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, splice_cb, read);
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &read->error);
  read->done = TRUE;
}

/* Copies with @action and returns the clipboard's HTML; its text
 * flavour goes to @text. */
static char *
copy_html (Fixture     *f,
           const char  *action,
           char       **text)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  const char *html_types[] = { "text/html", NULL };
  ClipboardRead html = { NULL, };
  ClipboardRead plain = { NULL, };
  GdkContentFormats *formats;
  char *markup;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));

  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/html"));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));

  gdk_clipboard_read_async (clipboard, html_types, G_PRIORITY_DEFAULT, NULL, clipboard_read_cb, &html);
  cd_test_wait_for (clipboard_read_done, &html, "the clipboard's HTML");
  g_assert_no_error (html.error);
  g_assert_cmpstr (html.mime_type, ==, "text/html");
  markup = g_strndup (g_bytes_get_data (html.bytes, NULL), g_bytes_get_size (html.bytes));

  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_text_cb, &plain);
  cd_test_wait_for (clipboard_read_done, &plain, "the clipboard's text");
  g_assert_no_error (plain.error);
  *text = plain.text;

  g_bytes_unref (html.bytes);
  g_free (html.mime_type);

  return markup;
}

/* The image source of @html's first figure, unescaped. */
static char *
first_image_src (const char *html)
{
  const char *start = strstr (html, "<img src=\"");
  const char *end;

  g_assert_nonnull (start);
  start += strlen ("<img src=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

static void
test_copy_html (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CdArticle) sample = cd_test_load_sample ();
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  g_autofree char *src = NULL;
  g_autofree char *page = tmp_path (f, "porthaven-night-ferry.html", NULL);
  g_autofree char *image = NULL;
  g_autofree char *unescaped = NULL;
  g_autoptr(GFile) page_file = g_file_new_for_path (page);
  g_autoptr(GError) error = NULL;
  CdHtmlOptions options;

  open_sample (f);
  g_assert_cmpstr (cd_article_get_field (sample, CD_ARTICLE_FIELD_SLUG), ==, "porthaven-night-ferry");

  /* The fragment for a CMS links the images where an export of the
   * story puts them, not as pages of base64. */
  html = copy_html (f, "win.copy-html", &text);
  g_assert_null (strstr (html, "data:image"));
  src = first_image_src (html);
  g_assert_true (g_str_has_prefix (src, "porthaven-night-ferry_files/"));
  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  g_assert_true (cd_html_export (sample, page_file, &options, &error));
  g_assert_no_error (error);
  unescaped = g_uri_unescape_string (src, NULL);
  image = tmp_path (f, unescaped, NULL);
  g_assert_true (g_file_test (image, G_FILE_TEST_IS_REGULAR));

  /* Its text is the story's words, not the markup. */
  g_assert_null (strstr (text, "<"));
  g_assert_true (g_str_has_prefix (text, "Night ferry to Gull Island to sail from next month\n\n"));
  g_assert_nonnull (strstr (text, "PORTHAVEN — A late-night ferry will link the Old Quay with Gull Island"));
  g_assert_null (strstr (text, "press office at 14:20"));
  g_clear_pointer (&html, g_free);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&src, g_free);

  /* Under the address stories are published at, when there is one. */
  g_settings_set_string (f->settings, "base-url", "https://news.example/local");
  html = copy_html (f, "win.copy-html", &text);
  src = first_image_src (html);
  g_assert_true (g_str_has_prefix (src, "https://news.example/local/porthaven-night-ferry_files/"));
  g_clear_pointer (&html, g_free);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&src, g_free);

  /* A single-file copy carries the images inside. */
  html = copy_html (f, "win.copy-html-single", &text);
  src = first_image_src (html);
  g_assert_true (g_str_has_prefix (src, "data:image/png;base64,"));
  g_assert_null (strstr (text, "<"));
}

/* Live embeds */

typedef struct
{
  Fixture       *f;
  WebKitWebView *old;
  guint          n_loads_before;
} ViewWait;

static gboolean
new_view_loaded (gpointer data)
{
  ViewWait *wait = data;

  watch_web_view (wait->f);
  return _cd_preview_get_web_view (wait->f->preview) != wait->old &&
         wait->f->n_loads_finished > wait->n_loads_before;
}

static gboolean
page_loaded (gpointer data)
{
  ViewWait *wait = data;

  return wait->f->n_loads_finished > wait->n_loads_before;
}

static void
toggle_live_embeds (Fixture  *f,
                    gboolean  expected)
{
  ViewWait wait = { f, _cd_preview_get_web_view (f->preview), f->n_loads_finished };
  g_autoptr(GVariant) state = NULL;

  /* The header bar's toggle button and the menu item run this action. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "live-embeds", NULL);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "live-embeds");
  g_assert_cmpint (g_variant_get_boolean (state), ==, expected);
  g_assert_cmpint (cd_preview_get_live_embeds (f->preview), ==, expected);

  /* The policy of a web view is fixed when it is made. */
  cd_test_wait_for (new_view_loaded, &wait, "the preview's new web view to load the story");
}

static gboolean
patched (gpointer data)
{
  return !_cd_preview_is_patch_pending (data);
}

static CdBlock *
find_embed (CdArticle  *article,
            const char *provider)
{
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_EMBED &&
          g_strcmp0 (cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER), provider) == 0)
        return block;
    }

  return NULL;
}

static char *
policy_directive (WebKitWebView *web_view,
                  const char    *name)
{
  g_auto(GStrv) directives = g_strsplit (webkit_web_view_get_default_content_security_policy (web_view), ";", -1);

  for (guint i = 0; directives[i] != NULL; i++)
    {
      char *directive = g_strstrip (directives[i]);

      if (g_str_has_prefix (directive, name) && directive[strlen (name)] == ' ')
        return g_strdup (directive);
    }

  return NULL;
}

static void
test_live_embeds (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *strict_policy = NULL;
  g_autofree char *scripts = NULL;
  g_autofree char *frames = NULL;
  g_autofree char *inline_script = NULL;
  g_autofree char *first_paragraph = NULL;
  g_autofree char *page_text = NULL;
  g_autofree char *script = NULL;
  WebKitWebView *web_view;
  CdArticle *article;
  CdBlock *x_post;
  CdBlock *paragraph = NULL;
  ViewWait wait;
  guint n_flushes;

  open_sample (f);
  article = cd_window_get_article (f->window);

  /* Locked down at first: cards, no page script, nothing remote. */
  web_view = _cd_preview_get_web_view (f->preview);
  strict_policy = g_strdup (webkit_web_view_get_default_content_security_policy (web_view));
  g_assert_nonnull (strstr (strict_policy, "script-src 'none'"));
  g_assert_null (strstr (strict_policy, "https:"));
  g_assert_false (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (web_view)));
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('blockquote.twitter-tweet').length"), ==, 0);

  toggle_live_embeds (f, TRUE);
  web_view = _cd_preview_get_web_view (f->preview);

  /* The providers' own markup, and each one's script, in a sandboxed
   * frame per embed that never has the draft's origin. */
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[srcdoc*=\"twitter-tweet\"]').length"), ==, 1);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[srcdoc*=\"bluesky-embed\"]').length"), ==, 1);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[srcdoc*="
                                    "\"https://platform.twitter.com/widgets.js\"]').length"), ==, 1);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[srcdoc*="
                                    "\"https://www.youtube-nocookie.com/embed/\"]').length"), ==, 1);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame').length"), ==,
                   evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[sandbox=\"allow-scripts "
                                    "allow-popups allow-popups-to-escape-sandbox\"]').length"));
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('script[src]').length"), ==, 0);
  g_assert_true (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (web_view)));

  /* The policy lets in the hosts of the story's embeds, and no others. */
  scripts = policy_directive (web_view, "script-src");
  frames = policy_directive (web_view, "frame-src");
  g_assert_cmpstr (scripts, ==, "script-src https://platform.twitter.com https://embed.bsky.app");
  g_assert_cmpstr (frames, ==, "frame-src https://platform.twitter.com https://embed.bsky.app "
                               "https://www.youtube-nocookie.com");
  g_assert_nonnull (strstr (webkit_web_view_get_default_content_security_policy (web_view), "default-src 'none'"));

  wait = (ViewWait) { f, web_view, f->n_loads_finished };

  /* Text edits still patch the page in place... */
  for (guint i = 0; i < cd_article_get_n_blocks (article) && paragraph == NULL; i++)
    {
      if (cd_block_get_block_type (cd_article_get_block (article, i)) == CD_BLOCK_PARAGRAPH)
        paragraph = cd_article_get_block (article, i);
    }
  g_assert_nonnull (paragraph);
  n_flushes = _cd_preview_get_n_flushes (f->preview);
  cd_block_set_text_and_marks (paragraph, "Edited while live.", NULL);
  cd_test_wait_for (patched, f->preview, "the paragraph's patch");
  g_assert_cmpuint (_cd_preview_get_n_flushes (f->preview), >, n_flushes);
  g_assert_cmpuint (f->n_loads_finished, ==, wait.n_loads_before);
  script = g_strdup_printf ("document.querySelector('[data-block-id=\"%s\"]').textContent",
                            cd_block_get_id (paragraph));
  first_paragraph = evaluate (f, script);
  g_assert_nonnull (strstr (first_paragraph, "Edited while live."));

  /* ...but a changed embed loads the whole page, so the provider's
   * script runs on it. */
  x_post = find_embed (article, "x");
  g_assert_nonnull (x_post);
  cd_block_set_field (x_post, CD_BLOCK_FIELD_TEXT, "The changed post");
  cd_test_wait_for (page_loaded, &wait, "the page to load again");
  page_text = evaluate (f, "document.querySelector('iframe.embed-frame[srcdoc*=\"twitter-tweet\"]')"
                          ".getAttribute('srcdoc')");
  g_assert_nonnull (strstr (page_text, "The changed post"));
  g_assert_true (_cd_preview_get_web_view (f->preview) == web_view);

  /* Inline script is still refused, so no text could ever run. */
  wait = (ViewWait) { f, web_view, f->n_loads_finished };
  _cd_preview_load_html (f->preview,
                         "<p id=x></p><script>document.getElementById('x').textContent='ran'</script>");
  cd_test_wait_for (page_loaded, &wait, "the test page");
  inline_script = evaluate (f, "document.getElementById('x').textContent");
  g_assert_cmpstr (inline_script, ==, "");

  /* Off: the cards and the strict policy again. */
  toggle_live_embeds (f, FALSE);
  web_view = _cd_preview_get_web_view (f->preview);
  g_assert_cmpstr (webkit_web_view_get_default_content_security_policy (web_view), ==, strict_policy);
  g_assert_false (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (web_view)));
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('blockquote.twitter-tweet').length"), ==, 0);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('figure.embed').length"), ==, 3);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('script[src], iframe').length"), ==, 0);
}

/* A Mastodon post's frame is served by its own instance, which the
 * policy names for frames only: the instance is a host the story names,
 * and no script of its runs. */
static void
test_live_embeds_mastodon (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autofree char *scripts = NULL;
  g_autofree char *frames = NULL;
  CdArticle *article;
  ViewWait wait;
  WebKitWebView *web_view;

  toggle_live_embeds (f, TRUE);
  article = cd_window_get_article (f->window);
  scripts = policy_directive (_cd_preview_get_web_view (f->preview), "script-src");
  g_assert_cmpstr (scripts, ==, "script-src 'none'");
  g_clear_pointer (&scripts, g_free);

  /* A new host needs a new policy, so a new view. */
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "mastodon");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://Social.Example.org/@desk/112233445566778899");
  cd_block_set_field (embed, CD_BLOCK_FIELD_AUTHOR, "The Desk");
  wait = (ViewWait) { f, _cd_preview_get_web_view (f->preview), f->n_loads_finished };
  cd_article_append_block (article, embed);
  cd_test_wait_for (new_view_loaded, &wait, "the view with the instance's policy");

  web_view = _cd_preview_get_web_view (f->preview);
  scripts = policy_directive (web_view, "script-src");
  frames = policy_directive (web_view, "frame-src");
  g_assert_cmpstr (scripts, ==, "script-src 'none'");
  g_assert_cmpstr (frames, ==, "frame-src https://social.example.org");
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[srcdoc*="
                                    "\"https://social.example.org/@desk/112233445566778899/embed\"]')"
                                    ".length"), ==, 1);
  g_assert_cmpint (evaluate_int (f, "document.querySelectorAll('iframe.embed-frame[srcdoc*=\"embed.js\"]').length"), ==, 0);

  toggle_live_embeds (f, FALSE);
}

/* Opening wire stories */

static char *
wire_path (const char *name)
{
  return g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "tests", "core", "data", "wire", name, NULL);
}

static void
assert_opens_imported (Fixture    *f,
                       const char *name)
{
  g_autofree char *path = wire_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) expected = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *title = NULL;

  expected = cd_import_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (expected), !=, "");

  open_path (f, path);

  h1 = evaluate (f, "document.querySelector('article h1').textContent");
  g_assert_cmpstr (h1, ==, cd_article_get_headline (expected));

  /* No Copydesk file holds it yet: Save asks where to keep it. */
  g_assert_null (cd_window_get_file (f->window));
  g_assert_false (cd_window_get_modified (f->window));
  title = g_strdup_printf ("%s — %s (imported)", cd_article_get_headline (expected), name);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, title);
}

static void
test_open_nitf (Fixture       *f,
                gconstpointer  data)
{
  assert_opens_imported (f, "nitf-3.6.xml");
  assert_opens_imported (f, "ninjs-1.x.json");

  /* An article.json is a story of its own again. */
  open_sample (f);
  g_assert_nonnull (cd_window_get_file (f->window));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), "(imported)"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-export-state-XXXXXX");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/export/html", Fixture, NULL, fixture_set_up, test_export_html, fixture_tear_down);
  g_test_add ("/ui/export/wire", Fixture, NULL, fixture_set_up, test_export_wire, fixture_tear_down);
  g_test_add ("/ui/export/adds-extension", Fixture, NULL,
              fixture_set_up, test_export_adds_extension, fixture_tear_down);
  g_test_add ("/ui/export/remembers", Fixture, NULL, fixture_set_up, test_export_remembers, fixture_tear_down);
  g_test_add ("/ui/export/failure", Fixture, NULL, fixture_set_up, test_export_failure, fixture_tear_down);
  g_test_add ("/ui/export/copy-html", Fixture, NULL, fixture_set_up, test_copy_html, fixture_tear_down);
  g_test_add ("/ui/export/live-embeds", Fixture, NULL, fixture_set_up, test_live_embeds, fixture_tear_down);
  g_test_add ("/ui/export/live-embeds-mastodon", Fixture, NULL,
              fixture_set_up, test_live_embeds_mastodon, fixture_tear_down);
  g_test_add ("/ui/export/open-wire-story", Fixture, NULL, fixture_set_up, test_open_nitf, fixture_tear_down);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
