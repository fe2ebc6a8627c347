/* bench-scale.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A book-length story in a real window: the 100,000-word story of
 * story-gen.c is opened from a .article, the story column is scrolled
 * from top to bottom a page at a time, and 200 characters are typed into
 * a paragraph. For each phase: how long it took and the longest time the
 * main thread did not get back to its main loop (a high-priority 1 ms
 * timer notes the gaps between its runs), which is what a user sees as
 * a freeze. It needs a display (the dev script runs it under xvfb-run
 * and dbus-run-session), prints figures and fails only when something
 * does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-scale"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cd-block-editor-private.h"
#include "cd-preview-private.h"
#include "cd-window-private.h"
#include "cd-memory.h"
#include "cd-renderer.h"
#include "cd-thread.h"
#include "story-gen.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

/* As the program does (src/ui/app/main.c). */
CD_THREAD_PREINIT_SLICES;

#define N_WORDS 100000
#define N_TYPED 200

static int n_words = N_WORDS;

typedef struct
{
  CdWindow      *window;
  WebKitWebView *web_view;
  guint          n_loads_finished;
  guint          n_frames;

  /* The main loop's gaps: the last run of the timer and the longest gap
   * since the phase began. */
  guint          meter_id;
  gint64         last_tick;
  gint64         longest_gap;
} Bench;

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-scale: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static gboolean
meter_tick_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();

  bench->longest_gap = MAX (bench->longest_gap, now - bench->last_tick);
  bench->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
meter_start (Bench *bench)
{
  bench->last_tick = g_get_monotonic_time ();
  bench->longest_gap = 0;
  if (bench->meter_id == 0)
    bench->meter_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, meter_tick_cb, bench, NULL);
}

/* The longest gap, in milliseconds, counting the one still open. */
static double
meter_read (Bench *bench)
{
  meter_tick_cb (bench);

  return bench->longest_gap / 1e3;
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Bench           *bench)
{
  if (event == WEBKIT_LOAD_FINISHED)
    bench->n_loads_finished++;
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Bench         *bench)
{
  bench->n_frames++;
}

typedef struct
{
  Bench *bench;
  guint  count;
} CountWait;

static gboolean
story_shown (gpointer data)
{
  CountWait *wait = data;

  return !_cd_window_is_loading (wait->bench->window) &&
         wait->bench->n_loads_finished > wait->count;
}

static gboolean
frame_drawn (gpointer data)
{
  CountWait *wait = data;

  return wait->bench->n_frames > wait->count;
}

static void
wait_frame (Bench *bench)
{
  CountWait wait = { bench, bench->n_frames };

  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
  cd_test_wait_for (frame_drawn, &wait, "a frame");
}

static void
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_phase (const char *label,
             double      total_ms,
             double      stall_ms,
             const char *detail)
{
  g_print ("  %-34s %9.0f ms %9.1f ms   %s\n", label, total_ms, stall_ms, detail);
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "words", 'w', 0, G_OPTION_ARG_INT, &n_words, "Words in the story (default 100,000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— open, scroll and type in a book-length story");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *work_dir = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *loadavg = NULL;
  g_autofree char *detail = NULL;
  Bench bench = { 0 };
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  CdStats stats;
  gint64 start;
  double total_ms;
  double stall_ms;
  guint n_steps = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_words = CLAMP (n_words, 1000, 1000000);

  state_dir = cd_test_isolate_state ("copydesk-bench-scale-state-XXXXXX");
  /* The allocator settings and renderer the copydesk program would choose here. */
  cd_memory_prepare ();
  cd_renderer_choose ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-scale: no display; run it under xvfb-run (build-aux/dev bench does)\n");
      return EXIT_FAILURE;
    }
  adw_init ();

  article = story_gen_make_words (n_words);
  cd_stats_compute (article, &stats);
  work_dir = cd_test_make_temp_dir ("copydesk-bench-scale-XXXXXX");
  path = g_build_filename (work_dir, "book-length.article", NULL);
  file = g_file_new_for_path (path);
  if (!cd_document_save (article, file, &error))
    fail ("saving the story", error);

  g_print ("A book-length story: open, scroll, type\n\n");
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average at start: %s", loadavg);
  g_print ("  story: %u words, %u body blocks; the longest main-thread stall is the longest\n"
           "  gap between runs of a 1 ms timer of high priority\n\n",
           stats.words, cd_article_get_n_blocks (article));
  g_print ("  drawn by GTK's %s renderer\n", g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");
  g_print ("  %-34s %12s %12s\n", "phase", "time", "longest stall");

  bench.window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 900);
  bench.web_view = _cd_preview_get_web_view (_cd_window_get_preview (bench.window));
  g_signal_connect (bench.web_view, "load-changed", G_CALLBACK (load_changed_cb), &bench);
  gtk_window_present (GTK_WINDOW (bench.window));
  {
    CountWait wait = { &bench, 0 };

    /* The new story's page first. */
    cd_test_wait_for (story_shown, &wait, "the new story's preview");
  }
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);

  /* Opening: from the call to the preview showing the story. */
  {
    CountWait wait = { &bench, bench.n_loads_finished };

    meter_start (&bench);
    start = g_get_monotonic_time ();
    cd_window_open (bench.window, file);
    cd_test_wait_for (story_shown, &wait, "the story to open");
    wait_frame (&bench);
    total_ms = (g_get_monotonic_time () - start) / 1e3;
    stall_ms = meter_read (&bench);
    print_phase ("open, to the preview showing it", total_ms, stall_ms, "");
  }

  /* Scrolling: a page at a time, each step drawn. */
  view = _cd_block_editor_get_view (_cd_window_get_block_editor (bench.window));
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    fail ("finding the story column's scrolling", NULL);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* The text view lays out the story's lines in the background after
   * it is shown; the column has its full height once half a second
   * passes without it growing. */
  meter_start (&bench);
  start = g_get_monotonic_time ();
  for (double upper = -1; upper != gtk_adjustment_get_upper (adjustment);)
    {
      gboolean waited = FALSE;

      upper = gtk_adjustment_get_upper (adjustment);
      g_timeout_add_once (500, (GSourceOnceFunc) set_true_cb, &waited);
      cd_test_wait_for (is_true, &waited, "half a second");
    }
  total_ms = (g_get_monotonic_time () - start) / 1e3;
  stall_ms = meter_read (&bench);
  detail = g_strdup_printf ("%.0f px", gtk_adjustment_get_upper (adjustment));
  print_phase ("whole story laid out, after open", total_ms, stall_ms, detail);
  g_clear_pointer (&detail, g_free);

  meter_start (&bench);
  start = g_get_monotonic_time ();
  /* The text view lays out its lines as they come into view, and the
   * column grows: the bottom is where a few more frames add nothing. */
  for (double upper = -1; upper != gtk_adjustment_get_upper (adjustment);)
    {
      upper = gtk_adjustment_get_upper (adjustment);
      while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
             gtk_adjustment_get_upper (adjustment) - 1)
        {
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                gtk_adjustment_get_page_size (adjustment));
          wait_frame (&bench);
          n_steps++;
        }
      for (int i = 0; i < 3; i++)
        wait_frame (&bench);
    }
  total_ms = (g_get_monotonic_time () - start) / 1e3;
  stall_ms = meter_read (&bench);
  detail = g_strdup_printf ("%u pages of %.0f px, %.0f px in all", n_steps,
                            gtk_adjustment_get_page_size (adjustment), gtk_adjustment_get_upper (adjustment));
  print_phase ("scroll top to bottom", total_ms, stall_ms, detail);

  /* Typing at the end of the last paragraph shown, each key drawn. */
  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  while (gtk_text_iter_get_child_anchor (&iter) != NULL || gtk_text_iter_starts_line (&iter))
    if (!gtk_text_iter_backward_char (&iter))
      break;
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  wait_frame (&bench);

  meter_start (&bench);
  start = g_get_monotonic_time ();
  for (int i = 0; i < N_TYPED; i++)
    {
      gint64 key_start = g_get_monotonic_time ();
      gint64 key_us;

      g_signal_emit_by_name (view, "insert-at-cursor", i % 6 == 5 ? " " : "e");
      key_us = g_get_monotonic_time () - key_start;
      g_array_append_val (keys, key_us);
      wait_frame (&bench);
    }
  total_ms = (g_get_monotonic_time () - start) / 1e3;
  stall_ms = meter_read (&bench);
  g_array_sort (keys, compare_gint64);
  g_clear_pointer (&detail, g_free);
  detail = g_strdup_printf ("each key drawn; a key's own handling %.2f ms median, %.2f ms max",
                            g_array_index (keys, gint64, keys->len / 2) / 1e3,
                            g_array_index (keys, gint64, keys->len - 1) / 1e3);
  print_phase ("type 200 characters", total_ms, stall_ms, detail);

  g_source_remove (bench.meter_id);
  cd_test_destroy_window (bench.window);
  cd_test_remove_tree (work_dir);
  cd_test_remove_tree (state_dir);

  return EXIT_SUCCESS;
}
