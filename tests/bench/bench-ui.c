/* bench-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The UI benchmark, on the long story of story-gen.c in a real window:
 * the time from an edit of the model to the preview's page showing it
 * (reported by a script message from the page), for edits 40 ms apart
 * as a typist's keys come and for edits each made as soon as the page
 * began to draw the one before, against loading the whole page again (start-up and memory of the real program are
 * bench-startup's). It needs a display (the dev script runs it under
 * xvfb-run and dbus-run-session), prints figures
 * and fails only when something does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-preview-private.h"
#include "bench-figures.h"
#include "cd-memory.h"
#include "cd-renderer.h"
#include "cd-thread.h"
#include "cd-shm-pool.h"
#include "story-gen.h"
#include "cd-test-utils.h"

/* As the program does (src/ui/app/main.c). */
CD_THREAD_PREINIT_SLICES;

static int n_edits = 200;
static int n_loads = 10;

typedef struct
{
  GtkWindow     *window;
  CdPreview     *preview;
  WebKitWebView *web_view;
  CdArticle     *article;
  guint          n_loads_finished;
  guint          n_patched;
  /* The last script messages from the page: serial and arrival. */
  gint64         dom_serial;
  gint64         dom_time;
  gint64         dom_work;
  gint64         frame_serial;
  gint64         frame_time;
  gint64         patched_time;
} Bench;

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-ui: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static void
print_samples (const char *label,
               GArray     *samples)
{
  g_print ("  %-44s %9.1f ms %9.1f ms %9.1f ms\n", label,
           bench_percentile_us_ms (samples, 0.5), bench_percentile_us_ms (samples, 0.99), bench_percentile_us_ms (samples, 1.0));
}

/* The preview in a window */

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Bench           *bench)
{
  if (event == WEBKIT_LOAD_FINISHED)
    bench->n_loads_finished++;
}

static void
patched_cb (CdPreview *preview,
            Bench     *bench)
{
  bench->n_patched++;
  bench->patched_time = g_get_monotonic_time ();
}

static void
script_message_cb (WebKitUserContentManager *manager,
                   JSCValue                 *value,
                   Bench                    *bench)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *message = jsc_value_to_string (value);
  gint64 serial;

  if (g_str_has_prefix (message, "dom "))
    {
      g_auto(GStrv) parts = g_strsplit (message, " ", -1);

      if (g_strv_length (parts) == 3 &&
          g_ascii_string_to_signed (parts[1], 10, 1, G_MAXINT64, &serial, NULL))
        {
          bench->dom_serial = serial;
          bench->dom_time = now;
          bench->dom_work = (gint64) (g_ascii_strtod (parts[2], NULL) * 1e3);
        }
    }
  else if (g_str_has_prefix (message, "frame ") &&
           g_ascii_string_to_signed (message + 6, 10, 1, G_MAXINT64, &serial, NULL))
    {
      bench->frame_serial = serial;
      bench->frame_time = now;
    }
}

typedef struct
{
  Bench *bench;
  gint64 serial;
  guint  count;
} CountWait;

static gboolean
load_finished (gpointer data)
{
  CountWait *wait = data;

  return wait->bench->n_loads_finished > wait->count &&
         !_cd_preview_is_patch_pending (wait->bench->preview);
}

static gboolean
frame_reported (gpointer data)
{
  CountWait *wait = data;

  return wait->bench->frame_serial >= wait->serial &&
         wait->bench->dom_serial >= wait->serial &&
         wait->bench->n_patched > wait->count;
}

static void
bench_set_up (Bench *bench)
{
  WebKitUserContentManager *manager;

  bench->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (bench->window, 1280, 900);
  bench->preview = CD_PREVIEW (cd_preview_new ());
  bench->web_view = _cd_preview_get_web_view (bench->preview);
  gtk_window_set_child (bench->window, GTK_WIDGET (bench->preview));

  _cd_preview_set_report_patches (bench->preview, TRUE);
  manager = webkit_web_view_get_user_content_manager (bench->web_view);
  g_signal_connect (manager, "script-message-received::" CD_PREVIEW_BENCH_MESSAGE,
                    G_CALLBACK (script_message_cb), bench);
  g_signal_connect (bench->web_view, "load-changed", G_CALLBACK (load_changed_cb), bench);
  g_signal_connect (bench->preview, "patched", G_CALLBACK (patched_cb), bench);

  /* As Copydesk's window has its frames copied to the X server. */
  cd_shm_pool_follow_window (bench->window);
  gtk_window_present (bench->window);
}

static void
show_article (Bench *bench)
{
  CountWait wait = { bench, 0, bench->n_loads_finished };

  cd_preview_set_article (bench->preview, bench->article);
  cd_test_wait_for (load_finished, &wait, "the story to load");
}

/* The paragraph nearest the middle of the body. */
static CdBlock *
middle_paragraph (CdArticle *article,
                  guint     *position)
{
  guint n = cd_article_get_n_blocks (article);

  for (guint i = n / 2; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_PARAGRAPH)
        {
          *position = i;
          return block;
        }
    }

  g_printerr ("bench-ui: the story has no paragraph in its second half\n");
  exit (EXIT_FAILURE);
}

static gboolean
deadline_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run until the time given. */
static void
run_until (gint64 when)
{
  gint64 left = when - g_get_monotonic_time ();

  if (left <= 0)
    return;
  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((left + 999) / 1000), wake_cb, NULL, NULL);
  cd_test_wait_for (deadline_passed, &when, "the next edit's time");
}

/* Returns the median time to the page's DOM, in milliseconds. Edits come
 * interval_ms apart (from one edit to the next), or with interval_ms 0,
 * each as soon as the page has begun to draw the one before: then an
 * edit often waits for the page to finish drawing that one. */
static double
time_edits (Bench *bench,
            int    interval_ms)
{
  g_autoptr(GArray) dom = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) returned = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *original = NULL;
  guint position;
  CdBlock *block = middle_paragraph (bench->article, &position);
  guint flushes_before;

  original = g_strdup (cd_block_get_text (block));

  /* The editor follows the block typed in, and so does the preview. */
  {
    CountWait wait = { bench, bench->frame_serial + 1, bench->n_patched };

    cd_preview_scroll_to_block (bench->preview, cd_block_get_id (block));
    cd_test_wait_for (frame_reported, &wait, "the preview to scroll to the block");
  }

  flushes_before = _cd_preview_get_n_flushes (bench->preview);

  /* One warm-up edit, not counted. */
  for (int i = -1; i < n_edits; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s Edit %d.", original, i);
      CountWait wait = { bench, bench->frame_serial + 1, bench->n_patched };
      gint64 start;

      start = g_get_monotonic_time ();
      cd_block_set_text (block, text);
      cd_test_wait_for (frame_reported, &wait, "the edit to reach the page");
      run_until (start + interval_ms * G_TIME_SPAN_MILLISECOND);

      if (i >= 0)
        {
          gint64 dom_us = bench->dom_time - start;
          gint64 frame_us = bench->frame_time - start;
          gint64 returned_us = bench->patched_time - start;
          gint64 sent_us = _cd_preview_get_flush_time (bench->preview, bench->dom_serial) - start;

          g_array_append_val (dom, dom_us);
          g_array_append_val (sent, sent_us);
          g_array_append_val (frame, frame_us);
          g_array_append_val (returned, returned_us);
          g_array_append_val (work, bench->dom_work);
        }
    }

  if (interval_ms > 0)
    g_print ("Edit to preview: %d edits (cd_block_set_text) of body block %u of %u, in view, %d ms apart as a typist's keys\n",
             n_edits, position + 1, cd_article_get_n_blocks (bench->article), interval_ms);
  else
    g_print ("Edit to preview: %d edits (cd_block_set_text) of body block %u of %u, in view, each as the page began to draw the one before\n",
             n_edits, position + 1, cd_article_get_n_blocks (bench->article));
  g_print ("  %-44s %12s %12s %12s\n", "", "median", "99th pct", "max");
  print_samples ("page's DOM shows it (message)", dom);
  print_samples ("  of which the wait for the patch to be sent", sent);
  print_samples ("  of which the patch's own work (whole ms)", work);
  print_samples ("page's next frame (message)", frame);
  print_samples ("patch call returned (\"patched\")", returned);
  g_print ("  patches sent: %u for %d edits\n\n",
           _cd_preview_get_n_flushes (bench->preview) - flushes_before, n_edits + 1);

  return bench_percentile_us_ms (dom, 0.5);
}

static char *
page_html (Bench *bench)
{
  g_autoptr(GBytes) css = NULL;
  g_autofree char *stylesheet = NULL;
  g_autofree char *prefix = NULL;
  CdHtmlOptions options;

  css = g_resources_lookup_data ("/io/github/copydesk/Copydesk/styles/default.css",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (css != NULL)
    stylesheet = g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  prefix = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/media/",
                            _cd_preview_get_media_serial (bench->preview));

  /* The same page as the preview's own. */
  cd_html_options_init (&options);
  options.mode = CD_HTML_PAGE;
  options.media_prefix = prefix;
  options.stylesheet = stylesheet;

  return cd_html_write (bench->article, &options);
}

static double
time_full_loads (Bench *bench)
{
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) writes = g_array_new (FALSE, FALSE, sizeof (gint64));
  double median;
  gsize size = 0;

  for (int i = -1; i < n_loads; i++)
    {
      CountWait wait = { bench, 0, bench->n_loads_finished };
      g_autofree char *html = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 written;

      html = page_html (bench);
      written = g_get_monotonic_time ();
      size = strlen (html);
      _cd_preview_load_html (bench->preview, html);
      cd_test_wait_for (load_finished, &wait, "the page to load");

      if (i >= 0)
        {
          gint64 load_us = g_get_monotonic_time () - written;
          gint64 write_us = written - start;

          g_array_append_val (loads, load_us);
          g_array_append_val (writes, write_us);
        }
    }

  median = bench_percentile_us_ms (loads, 0.5);
  g_print ("Whole page instead: %d loads of the %.0f KB page\n", n_loads, size / 1e3);
  g_print ("  %-44s %12s %12s %12s\n", "", "median", "99th pct", "max");
  print_samples ("cd_html_write, page with stylesheet", writes);
  print_samples ("load_html until load-changed FINISHED", loads);

  return median;
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "edits", 'e', 0, G_OPTION_ARG_INT, &n_edits, "Timed edits (default 200)", "N" },
    { "loads", 'l', 0, G_OPTION_ARG_INT, &n_loads, "Timed whole-page loads (default 10)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the Copydesk preview on a long story");
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  CdStats stats;
  double typed_ms;
  double drawn_ms;
  double load_ms;
  g_autofree char *loadavg = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_edits = CLAMP (n_edits, 1, 100000);
  n_loads = CLAMP (n_loads, 1, 1000);

  /* The allocator settings and renderer the copydesk program would choose here. */
  cd_memory_prepare ();
  cd_renderer_choose ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-ui: no display; run it under xvfb-run (build-aux/dev bench does)\n");
      return EXIT_FAILURE;
    }
  adw_init ();

  bench.article = story_gen_make ();
  cd_stats_compute (bench.article, &stats);

  g_print ("Copydesk UI benchmark\n\n");
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average at start: %s", loadavg);
  g_print ("  story: %u words, %u body blocks, %u figures + lead, %u embeds\n\n",
           stats.words, cd_article_get_n_blocks (bench.article), STORY_GEN_N_FIGURES, STORY_GEN_N_EMBEDS);

  bench_set_up (&bench);
  show_article (&bench);

  typed_ms = time_edits (&bench, 40);
  drawn_ms = time_edits (&bench, 0);
  load_ms = time_full_loads (&bench);
  g_print ("  an edit reaches the page's DOM %.0f× sooner patched than loaded whole (medians; goal ≥ 20×), "
           "%.0f× when it waits for the page to draw the edit before\n\n",
           load_ms / typed_ms, load_ms / drawn_ms);

  gtk_window_destroy (bench.window);

  g_clear_object (&bench.article);

  return EXIT_SUCCESS;
}
