/* test-shm-pool.c: frames copied to the X server through memory already
 * there while a person works in the window, and the memory let go of
 * after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window drawn by GTK's cairo renderer on X11 (as Copydesk's are where
 * OpenGL runs in software, Xvfb here) changes all of itself each frame.
 * Page faults are counted with getrusage(): every page of shared memory
 * cairo writes a frame into for the first time is one.
 */

#include "config.h"

#include <sys/resource.h>

#include <stdio.h>
#include <string.h>

#include <gdk/x11/gdkx.h>

#include "cd-memory.h"
#include "cd-renderer.h"
#include "cd-shm-pool.h"
#include "cd-test-input.h"
#include "cd-test-utils.h"

#define WIDTH  800
#define HEIGHT 600
#define FRAMES 10

/* Pages of shared memory one frame of the window takes. */
#define FRAME_PAGES (WIDTH * HEIGHT * 4 / 4096)

typedef struct
{
  GtkWidget *window;
  GtkWidget *area;
  guint      frames;
  guint      shade;
} Fixture;

typedef struct
{
  Fixture *f;
  guint    count;
} FrameWait;

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        data)
{
  Fixture *f = data;

  cairo_set_source_rgb (cr, (f->shade % 7) / 7.0, (f->shade % 5) / 5.0, (f->shade % 3) / 3.0);
  cairo_paint (cr);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *f)
{
  f->frames++;
}

static gboolean
frame_drawn (gpointer data)
{
  FrameWait *wait = data;

  return wait->f->frames > wait->count;
}

/* A frame in which all of the window changed. */
static void
draw_new_frame (Fixture *f)
{
  FrameWait wait = { f, f->frames };

  f->shade++;
  gtk_widget_queue_draw (f->area);
  cd_test_wait_for (frame_drawn, &wait, "a frame");
}

static long
page_faults (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_minflt + usage.ru_majflt;
}

/* Page faults over FRAMES frames, after one to begin with. */
static long
faults_over_frames (Fixture *f)
{
  long before;

  draw_new_frame (f);
  before = page_faults ();
  for (guint i = 0; i < FRAMES; i++)
    draw_new_frame (f);

  return page_faults () - before;
}

/* The shared memory this process has mapped and written, in KiB. */
static long
shared_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;
  long kib = -1;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "RssShmem:");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "RssShmem: %ld kB", &kib), ==, 1);

  return kib;
}

static gboolean
pool_let_go (gpointer data)
{
  return !cd_shm_pool_is_held (data);
}

static gboolean
pool_held (gpointer data)
{
  return cd_shm_pool_is_held (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  FrameWait wait = { f, 0 };

  f->window = gtk_window_new ();
  f->area = gtk_drawing_area_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (f->area), draw_cb, f, NULL);
  gtk_window_set_child (GTK_WINDOW (f->window), f->area);
  gtk_window_set_default_size (GTK_WINDOW (f->window), WIDTH, HEIGHT);
  gtk_window_set_resizable (GTK_WINDOW (f->window), FALSE);
  cd_shm_pool_follow_window (GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (f->window));

  g_signal_connect (gtk_widget_get_frame_clock (f->window), "after-paint",
                    G_CALLBACK (after_paint_cb), f);
  cd_test_wait_for (frame_drawn, &wait, "the window's first frame");
  g_assert_cmpint (gtk_widget_get_width (f->area), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (f->area), ==, HEIGHT);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GdkDisplay *display = gtk_widget_get_display (f->window);

  gtk_window_destroy (GTK_WINDOW (f->window));
  /* The next test starts with nothing held. */
  cd_test_wait_for (pool_let_go, display, "the pool to be let go of");
}

/* What the pool is for: left to itself, cairo copies each frame into
 * shared memory it has not written before. Should cairo keep its memory
 * between frames one day, this fails and the pool has no more reason to
 * be held. */
static void
test_frames_fault_unheld (Fixture       *f,
                          gconstpointer  data)
{
  long faults;

  g_assert_false (cd_shm_pool_is_held (gtk_widget_get_display (f->window)));
  faults = faults_over_frames (f);
  g_test_message ("%ld page faults over %d frames of %d pages", faults, FRAMES, FRAME_PAGES);
  g_assert_cmpint (faults, >=, FRAMES / 2 * FRAME_PAGES);
}

/* Held, the frames after the first are copied into the same memory. */
static void
test_held_frames_reuse_memory (Fixture       *f,
                               gconstpointer  data)
{
  long faults;

  cd_shm_pool_hold (f->window);
  cd_test_wait_for (pool_held, gtk_widget_get_display (f->window), "the pool to be held");
  faults = faults_over_frames (f);
  g_test_message ("%ld page faults over %d frames of %d pages", faults, FRAMES, FRAME_PAGES);
  g_assert_cmpint (faults, <, FRAME_PAGES);
}

/* A click in the window holds the pool, as keys and scrolling do; a
 * second after, the pool and its memory are let go of. */
static void
test_click_holds_then_let_go (Fixture       *f,
                              gconstpointer  data)
{
  GdkDisplay *display = gtk_widget_get_display (f->window);
  long held_kib;

  g_assert_false (cd_shm_pool_is_held (display));
  cd_test_click_widget (f->area, WIDTH / 2, HEIGHT / 2, "1");
  cd_test_wait_for (pool_held, display, "the click to hold the pool");
  faults_over_frames (f);
  held_kib = shared_memory_kib ();
  g_assert_cmpint (held_kib, >=, FRAME_PAGES * 4);

  cd_test_wait_for (pool_let_go, display, "the pool to be let go of");
  g_test_message ("shared memory %ld KiB held, %ld KiB let go of", held_kib, shared_memory_kib ());
  g_assert_cmpint (shared_memory_kib (), <=, held_kib - FRAME_PAGES * 4);
}

int
main (int   argc,
      char *argv[])
{
  /* The allocator and the renderer as Copydesk sets them up: cairo,
   * OpenGL being in software under Xvfb. */
  cd_memory_prepare ();
  cd_renderer_choose ();
  cd_test_input_init (&argc, &argv);

  if (!cd_renderer_draws_with_cairo ())
    {
      g_test_skip ("GTK does not draw with cairo here");
      return g_test_run ();
    }

  g_test_add ("/shm-pool/frames-fault-unheld", Fixture, NULL,
              fixture_set_up, test_frames_fault_unheld, fixture_tear_down);
  g_test_add ("/shm-pool/held-frames-reuse-memory", Fixture, NULL,
              fixture_set_up, test_held_frames_reuse_memory, fixture_tear_down);
  g_test_add ("/shm-pool/click-holds-then-let-go", Fixture, NULL,
              fixture_set_up, test_click_holds_then_let_go, fixture_tear_down);

  return g_test_run ();
}
