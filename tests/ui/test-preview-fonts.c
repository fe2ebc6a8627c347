/* test-preview-fonts.c: the preview's font lists draw the page the house
 * style draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview sets the story in the house style with the families this
 * machine has no font of taken out of its font lists. A real web view
 * draws the sample story, with paragraphs in other scripts for the
 * fonts that stand in for missing glyphs, with the house style and with
 * the preview's stylesheet: every pixel of the two must be the same.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "cd-house-style.h"
#include "cd-test-story.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

#define VIEW_WIDTH 900
#define VIEW_HEIGHT 700

typedef struct
{
  GdkTexture *texture;
  GError     *error;
  gboolean    done;
} Snapshot;

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Snapshot *snapshot = user_data;

  snapshot->texture = webkit_web_view_get_snapshot_finish (WEBKIT_WEB_VIEW (object), result,
                                                           &snapshot->error);
  snapshot->done = TRUE;
}

static gboolean
snapshot_done (gpointer data)
{
  return ((Snapshot *) data)->done;
}

/* The whole page @html draws, once its fonts are loaded, as bytes. */
static GBytes *
draw_page (WebKitWebView *web_view,
           const char    *html,
           int           *width,
           int           *height)
{
  Snapshot snapshot = { NULL, };
  g_autofree char *ready = NULL;
  guint n_loads = cd_test_get_n_loads (web_view);
  gsize stride;
  guchar *pixels;

  webkit_web_view_load_html (web_view, html, "https://preview.invalid/");
  cd_test_wait_for_load (web_view, n_loads, "the page");
  ready = cd_test_call (web_view, "await document.fonts.ready; return document.fonts.status;", NULL);
  g_assert_cmpstr (ready, ==, "loaded");

  webkit_web_view_get_snapshot (web_view, WEBKIT_SNAPSHOT_REGION_FULL_DOCUMENT,
                                WEBKIT_SNAPSHOT_OPTIONS_NONE, NULL, snapshot_cb, &snapshot);
  cd_test_wait_for (snapshot_done, &snapshot, "the page's snapshot");
  g_assert_no_error (snapshot.error);

  *width = gdk_texture_get_width (snapshot.texture);
  *height = gdk_texture_get_height (snapshot.texture);
  stride = 4 * (gsize) *width;
  pixels = g_malloc (stride * *height);
  gdk_texture_download (snapshot.texture, pixels, stride);
  g_object_unref (snapshot.texture);

  return g_bytes_new_take (pixels, stride * *height);
}

static void
add_paragraph (CdArticle  *article,
               const char *text)
{
  CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_block_set_text (block, text);
  cd_article_append_block (article, block);
  g_object_unref (block);
}

static char *
write_page (CdArticle  *article,
            const char *stylesheet)
{
  CdHtmlOptions options;

  cd_html_options_init (&options);
  options.mode = CD_HTML_PAGE;
  options.stylesheet = stylesheet;

  return cd_html_write (article, &options);
}

static void
test_same_page (void)
{
  const char *house = cd_house_style_get_stylesheet (NULL);
  const char *preview = cd_house_style_get_preview_stylesheet (NULL);
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  g_autofree char *house_page = NULL;
  g_autofree char *preview_page = NULL;
  g_autoptr(GBytes) house_pixels = NULL;
  g_autoptr(GBytes) preview_pixels = NULL;
  GtkWidget *window;
  GtkWidget *web_view;
  int house_width, house_height;
  int preview_width, preview_height;

  if (g_str_equal (house, preview))
    {
      g_test_skip ("this machine has a font of every family the house style names");
      return;
    }

  /* Text that none of the house style's families draws: the page takes
   * other fonts for it, from its lists first. */
  add_paragraph (article, "Ελληνικά και русский текст, “quoted” — with ½ and № 5.");
  add_paragraph (article, "العربية مع हिन्दी और ქართული, 東京 and ✓ ★ ☂.");
  house_page = write_page (article, house);
  preview_page = write_page (article, preview);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), VIEW_WIDTH, VIEW_HEIGHT);
  web_view = webkit_web_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), web_view);
  cd_test_count_loads (WEBKIT_WEB_VIEW (web_view));
  gtk_window_present (GTK_WINDOW (window));

  house_pixels = draw_page (WEBKIT_WEB_VIEW (web_view), house_page, &house_width, &house_height);
  preview_pixels = draw_page (WEBKIT_WEB_VIEW (web_view), preview_page, &preview_width, &preview_height);

  g_assert_cmpint (house_width, ==, preview_width);
  g_assert_cmpint (house_height, ==, preview_height);
  g_assert_cmpint (house_height, >, VIEW_HEIGHT);
  g_assert_true (g_bytes_equal (house_pixels, preview_pixels));

  cd_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preview-fonts/same-page", test_same_page);

  return g_test_run ();
}
