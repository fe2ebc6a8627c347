/* test-software-preview.c: the preview where OpenGL runs in software
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chooses the renderer as the program does before GTK starts. On the
 * suite's display (Xvfb, no DRI) that is cairo, and this process keeps
 * EGL without a driver: the preview's page must still be drawn in the
 * window, by the web process, and Mesa's software driver (and LLVM with
 * it) must not be in this process. Where OpenGL has a GPU the case is
 * skipped.
 */

#define G_LOG_DOMAIN "test-software-preview"

#include "config.h"

#include <string.h>

#include "cd-preview-private.h"
#include "cd-renderer.h"
#include "cd-test-input.h"
#include "cd-test-story.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

static gboolean software_chosen;

typedef struct
{
  GtkWindow     *window;
  CdPreview     *preview;
  WebKitWebView *web_view;
  guint          n_loads_before;
} Fixture;

static gboolean
page_loaded (gpointer data)
{
  Fixture *f = data;

  return cd_test_get_n_loads (f->web_view) > f->n_loads_before &&
         !_cd_preview_is_patch_pending (f->preview);
}

/* Pixels of the web view, as the window last drew it, dark enough to be
 * the headline's ink on the page's light paper. */
static guint
count_inked_pixels (Fixture *f)
{
  g_autoptr(GdkTexture) texture = cd_test_widget_texture (GTK_WIDGET (f->web_view));
  g_autofree guchar *pixels = NULL;
  int width;
  int height;
  gsize stride;
  guint inked = 0;

  if (texture == NULL)
    return 0;

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = 4 * (gsize) width;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  for (int y = 0; y < height; y++)
    {
      for (int x = 0; x < width; x++)
        {
          const guchar *p = pixels + y * stride + 4 * x;

          /* Opaque and dark: a blank or unpainted view is neither. */
          if (p[3] == 0xff && p[0] + p[1] + p[2] < 3 * 80)
            inked++;
        }
    }

  return inked;
}

/* The headline's glyphs cover thousands of pixels at the preview's size. */
#define MIN_INKED_PIXELS 2000

static gboolean
page_drawn (gpointer data)
{
  return count_inked_pixels (data) >= MIN_INKED_PIXELS;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CdArticle) article = NULL;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  f->preview = CD_PREVIEW (cd_preview_new ());
  f->web_view = _cd_preview_get_web_view (f->preview);
  gtk_window_set_child (f->window, GTK_WIDGET (f->preview));
  cd_test_count_loads (f->web_view);
  gtk_window_present (f->window);

  article = cd_test_load_sample ();
  f->n_loads_before = cd_test_get_n_loads (f->web_view);
  cd_preview_set_article (f->preview, article);
  cd_test_wait_for (page_loaded, f, "the story to load");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cd_test_destroy_window (f->window);
}

/* The page is in the window, drawn by the web process into memory this
 * process shows; this process set up no OpenGL driver for it. */
static void
test_page_drawn_without_gl (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *headline = NULL;

  if (!software_chosen)
    {
      g_test_skip ("OpenGL has a GPU here: the windows draw with it");
      return;
    }

  headline = cd_test_evaluate (f->web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (headline, !=, "");
  cd_test_wait_for (page_drawn, f, "the preview's page to be drawn in the window");

  g_assert_false (cd_test_maps_file ("libLLVM"));
  g_assert_false (cd_test_maps_file ("_dri.so"));
  /* Not handed on to the web process, which needs its driver. */
  g_assert_null (g_getenv ("__EGL_VENDOR_LIBRARY_FILENAMES"));
}

int
main (int   argc,
      char *argv[])
{
  /* As the program does, before GTK and its threads start; a renderer
   * given in the environment would skip the choice. */
  software_chosen = g_getenv ("GSK_RENDERER") == NULL && cd_renderer_gl_is_software ();
  cd_renderer_choose ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/software-preview/page-drawn-without-gl", Fixture, NULL,
              fixture_set_up, test_page_drawn_without_gl, fixture_tear_down);

  return g_test_run ();
}
