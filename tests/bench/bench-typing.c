/* bench-typing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typing into the 10,000-word story of story-gen.c in a real window with
 * the preview shown, keys sent by xdotool through the X server as a
 * keyboard sends them (40 ms apart, a fast typist). For each key it
 * measures: key to glyph (the key event reaching the window to the end
 * of the first frame in which the text view drew itself after the
 * change; split into the wait for that frame to start and the frame's
 * own work), key to the preview's DOM
 * (the page's script reporting the patch that holds the key), and the
 * main thread's busy time for the key (wall time less the time the main
 * loop sat waiting in poll, until the next key), against one whole load
 * of the page. It needs a display and xdotool (the dev script runs it
 * under xvfb-run and dbus-run-session), prints figures and fails only
 * when something does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-typing"

#include "config.h"

#include <sys/resource.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "cd-block-editor-private.h"
#include "cd-preview-private.h"
#include "cd-window-private.h"
#include "bench-figures.h"
#include "cd-memory.h"
#include "cd-renderer.h"
#include "cd-thread.h"
#include "story-gen.h"
#include "cd-test-utils.h"

/* As the program does (src/ui/app/main.c). */
CD_THREAD_PREINIT_SLICES;

#define KEY_INTERVAL_MS 40

static int n_keys = 200;
static gboolean steady_caret = FALSE;

typedef struct
{
  gint64 key;           /* the key press reached the window */
  gint64 glyph;         /* the frame showing the changed text was painted */
  gint64 frame;         /* that frame started */
  gint64 frame_queued;  /* of the frame, the time the main thread waited for a core */
  gint64 busy_start;    /* main loop's busy time when the key came */
  gint64 busy;          /* the main thread's work until the next key */
  guint  flush_before;  /* preview patches sent before the key */
} Key;

typedef struct
{
  CdWindow      *window;
  CdPreview     *preview;
  GtkTextBuffer *buffer;
  GArray        *keys;
  /* Arrival of the page's report for each patch, by serial, and the
   * patch's own work in the page as it reports it. */
  GArray        *dom_times;
  GArray        *dom_work;
  gboolean       glyph_pending;
  /* The first key whose glyph is not painted yet: keys that come
   * between two frames are painted by the same one. */
  guint          first_unpainted;
  gint64         frame_start;
  /* The main thread's time waiting for a core so far (Linux's
   * schedstat), as the frame started; -1 where that cannot be read. */
  gint64         frame_start_queued;
  guint          n_loads_finished;
  gboolean       typing_done;
  /* Frames painted from the first key until the typing ended: the fewer
   * per key, the sooner the frame clock is free when a key comes. */
  guint          n_frames_typing;
  /* Frames that paint no key, by how long after the last key they
   * began, in steps of 5 ms (the last step holds all later ones). */
  guint          other_frames[9];
} Bench;

/* Time the main loop spent waiting in poll; the rest of the wall time
 * is the main thread's work. */
static gint64 poll_usec_total;
static GPollFunc default_poll;

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 start = g_get_monotonic_time ();
  int result = default_poll (fds, n_fds, timeout);

  poll_usec_total += g_get_monotonic_time () - start;
  return result;
}

static gint64
busy_now (void)
{
  return g_get_monotonic_time () - poll_usec_total;
}

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-typing: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static void
print_samples (const char *label,
               GArray     *samples)
{
  g_print ("  %-48s %9.2f ms %9.2f ms %9.2f ms\n", label,
           bench_percentile_us_ms (samples, 0.5), bench_percentile_us_ms (samples, 0.99), bench_percentile_us_ms (samples, 1.0));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Bench                 *bench)
{
  Key key = { 0 };

  if (bench->typing_done)
    return FALSE;

  key.key = g_get_monotonic_time ();
  key.busy_start = busy_now ();
  key.flush_before = _cd_preview_get_n_flushes (bench->preview);
  if (bench->keys->len > 0)
    {
      Key *last = &g_array_index (bench->keys, Key, bench->keys->len - 1);

      last->busy = key.busy_start - last->busy_start;
    }
  g_array_append_val (bench->keys, key);

  return FALSE;
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   Bench         *bench)
{
  bench->glyph_pending = TRUE;
}

/* The main thread's time runnable but not running, in microseconds,
 * from Linux's /proc/thread-self/schedstat; -1 where there is none. */
static int schedstat_fd = -2;

static gint64
queued_now (void)
{
  char buffer[128];
  ssize_t n;
  guint64 running;
  guint64 waiting;

  if (schedstat_fd == -2)
    schedstat_fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (schedstat_fd < 0)
    return -1;

  n = pread (schedstat_fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0)
    return -1;
  buffer[n] = '\0';
  if (sscanf (buffer, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &running, &waiting) != 2)
    return -1;

  return (gint64) (waiting / 1000);
}

static void
before_paint_cb (GdkFrameClock *frame_clock,
                 Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
  bench->frame_start_queued = queued_now ();
  if (!bench->glyph_pending && bench->keys->len > 0 && !bench->typing_done)
    {
      Key *last = &g_array_index (bench->keys, Key, bench->keys->len - 1);
      gint64 after = (bench->frame_start - last->key) / 5000;

      bench->other_frames[MIN (after, (gint64) G_N_ELEMENTS (bench->other_frames) - 1)]++;
    }
}

/* The text view draws itself (GTK keeps what a widget drew until it
 * asks to draw again): a frame shows a key's glyph only if the view drew
 * in it, after the change. */
static void (*view_parent_snapshot) (GtkWidget *widget, GtkSnapshot *snapshot);
static gint64 view_drawn;

static void
view_snapshot (GtkWidget   *widget,
               GtkSnapshot *snapshot)
{
  view_drawn = g_get_monotonic_time ();
  view_parent_snapshot (widget, snapshot);
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  gint64 queued = queued_now ();

  if (bench->keys->len > 0 && !bench->typing_done)
    bench->n_frames_typing++;

  if (!bench->glyph_pending || bench->keys->len == 0 || view_drawn < bench->frame_start)
    return;

  bench->glyph_pending = FALSE;
  for (guint i = bench->first_unpainted; i < bench->keys->len; i++)
    {
      Key *key = &g_array_index (bench->keys, Key, i);

      key->glyph = now;
      /* A key handled as the frame began (GDK reads events then). */
      key->frame = MAX (bench->frame_start, key->key);
      key->frame_queued = queued >= 0 && bench->frame_start_queued >= 0 ?
                          queued - bench->frame_start_queued : -1;
    }
  bench->first_unpainted = bench->keys->len;
}

static void
script_message_cb (WebKitUserContentManager *manager,
                   JSCValue                 *value,
                   Bench                    *bench)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *message = jsc_value_to_string (value);
  g_auto(GStrv) parts = NULL;
  gint64 serial;

  if (!g_str_has_prefix (message, "dom "))
    return;

  parts = g_strsplit (message, " ", -1);
  if (g_strv_length (parts) < 2 ||
      !g_ascii_string_to_signed (parts[1], 10, 1, G_MAXINT, &serial, NULL))
    return;

  if (bench->dom_times->len <= serial)
    g_array_set_size (bench->dom_times, serial + 1);
  g_array_index (bench->dom_times, gint64, serial) = now;
  if (parts[2] != NULL)
    {
      gint64 work = (gint64) (g_ascii_strtod (parts[2], NULL) * 1e3);

      g_array_append_val (bench->dom_work, work);
    }
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Bench           *bench)
{
  if (event == WEBKIT_LOAD_FINISHED)
    bench->n_loads_finished++;
}

static gboolean
loaded (gpointer data)
{
  Bench *bench = data;

  return !_cd_window_is_loading (bench->window) &&
         cd_window_get_article (bench->window) != NULL &&
         bench->n_loads_finished > 0 &&
         !_cd_preview_is_patch_pending (bench->preview);
}

static gboolean
window_active (gpointer data)
{
  Bench *bench = data;

  return gtk_window_is_active (GTK_WINDOW (bench->window));
}

static void
xdotool_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    fail ("xdotool", error);
  bench->typing_done = TRUE;
}

static gboolean
typing_settled (gpointer data)
{
  Bench *bench = data;
  guint n_flushes = _cd_preview_get_n_flushes (bench->preview);

  return bench->typing_done && !_cd_preview_is_patch_pending (bench->preview) &&
         bench->dom_times->len > n_flushes &&
         g_array_index (bench->dom_times, gint64, n_flushes) != 0;
}

typedef struct
{
  Bench *bench;
  guint  count;
} LoadWait;

static gboolean
page_loaded (gpointer data)
{
  LoadWait *wait = data;

  return wait->bench->n_loads_finished > wait->count &&
         !_cd_preview_is_patch_pending (wait->bench->preview);
}

/* The whole page loaded again, as the preview did before it patched. */
static double
time_full_loads (Bench     *bench,
                 CdArticle *article)
{
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GBytes) css = g_resources_lookup_data ("/io/github/copydesk/Copydesk/styles/default.css",
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *stylesheet = NULL;
  g_autofree char *prefix = NULL;
  CdHtmlOptions options;

  if (css != NULL)
    stylesheet = g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  prefix = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/media/",
                            _cd_preview_get_media_serial (bench->preview));
  cd_html_options_init (&options);
  options.mode = CD_HTML_PAGE;
  options.media_prefix = prefix;
  options.stylesheet = stylesheet;

  for (int i = -1; i < 10; i++)
    {
      LoadWait wait = { bench, bench->n_loads_finished };
      gint64 start = g_get_monotonic_time ();
      g_autofree char *html = cd_html_write (article, &options);
      gint64 elapsed;

      _cd_preview_load_html (bench->preview, html);
      cd_test_wait_for (page_loaded, &wait, "the page to load");
      elapsed = g_get_monotonic_time () - start;
      if (i >= 0)
        g_array_append_val (loads, elapsed);
    }

  print_samples ("whole page: cd_html_write + load_html", loads);
  return bench_percentile_us_ms (loads, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "keys", 'k', 0, G_OPTION_ARG_INT, &n_keys, "Keys typed (default 200)", "N" },
    { "steady-caret", 0, 0, G_OPTION_ARG_NONE, &steady_caret,
      "Turn the caret's blinking off, as a reporter may in the desktop's settings", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time typing into a long story");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) glyph = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) frame_wait = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) frame_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) frame_queued = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) spacing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) dom = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) waited = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) round_trip = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GSubprocess) typist = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *work_dir = NULL;
  struct rusage usage_before;
  struct rusage usage_after;
  g_autofree char *path = NULL;
  g_autofree char *xid = NULL;
  g_autofree char *loadavg = NULL;
  /* xdotool waits half its delay after a key's press and half after
   * its release: keys KEY_INTERVAL_MS apart need twice that. */
  g_autofree char *delay = g_strdup_printf ("%d", 2 * KEY_INTERVAL_MS);
  GtkEventController *controller;
  WebKitUserContentManager *manager;
  Bench bench = { 0 };
  CdBlockEditor *editor;
  CdBlock *block = NULL;
  guint position = 0;
  guint loads_before;
  double dom_median;
  double load_median;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_keys = CLAMP (n_keys, 10, 5000);

  /* The allocator and the renderer as the copydesk program sets them
   * up. */
  cd_memory_prepare ();
  cd_renderer_choose ();
  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_printerr ("bench-typing: needs an X11 display; run it under xvfb-run (build-aux/dev bench does)\n");
      return EXIT_FAILURE;
    }
  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_print ("Typing: skipped, xdotool is not installed\n");
      return EXIT_SUCCESS;
    }
  adw_init ();
  /* GTK 4.8 blinks the caret with a tick callback, added again at every
   * key: while it blinks the window draws at the refresh rate, and each
   * of those frames does the caret's work too. */
  if (steady_caret)
    g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  /* Journals go to a folder of this run, never the user's own. */
  work_dir = cd_test_isolate_state ("copydesk-bench-typing-XXXXXX");
  path = g_build_filename (work_dir, "story.article", NULL);
  file = g_file_new_for_path (path);
  article = story_gen_make ();
  if (!cd_document_save (article, file, &error))
    fail (path, error);

  bench.keys = g_array_new (FALSE, TRUE, sizeof (Key));
  bench.dom_times = g_array_new (FALSE, TRUE, sizeof (gint64));
  bench.dom_work = g_array_new (FALSE, TRUE, sizeof (gint64));
  bench.window = cd_window_new (NULL);
  bench.preview = _cd_window_get_preview (bench.window);
  _cd_preview_set_report_patches (bench.preview, TRUE);
  manager = webkit_web_view_get_user_content_manager (_cd_preview_get_web_view (bench.preview));
  g_signal_connect (manager, "script-message-received::" CD_PREVIEW_BENCH_MESSAGE,
                    G_CALLBACK (script_message_cb), &bench);
  g_signal_connect (_cd_preview_get_web_view (bench.preview), "load-changed",
                    G_CALLBACK (load_changed_cb), &bench);

  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (bench.window));
  cd_window_open (bench.window, file);
  cd_test_wait_for (loaded, &bench, "the story and its preview to load");
  if (!gtk_widget_is_visible (GTK_WIDGET (bench.preview)) || !gtk_widget_get_mapped (GTK_WIDGET (bench.preview)))
    fail ("the preview is not shown", NULL);

  /* The paragraph nearest the middle: the story above and below it. */
  for (guint i = cd_article_get_n_blocks (article) / 2; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *candidate = cd_article_get_block (cd_window_get_article (bench.window), i);

      if (cd_block_get_block_type (candidate) == CD_BLOCK_PARAGRAPH)
        {
          block = candidate;
          position = i;
          break;
        }
    }
  if (block == NULL)
    fail ("no paragraph in the second half", NULL);

  editor = _cd_window_get_block_editor (bench.window);
  bench.buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (editor));
  {
    GtkWidgetClass *view_class = GTK_WIDGET_GET_CLASS (_cd_block_editor_get_view (editor));

    view_parent_snapshot = view_class->snapshot;
    view_class->snapshot = view_snapshot;
  }
  if (!cd_block_editor_focus_block (editor, cd_block_get_id (block), -1))
    fail ("could not put the caret in the paragraph", NULL);

  /* No window manager under Xvfb gives the window the focus. */
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (bench.window))));
  {
    const char *focus_argv[] = { "xdotool", "windowfocus", "--sync", xid, NULL };

    cd_test_run_program (focus_argv);
  }
  cd_test_wait_for (window_active, &bench, "the window to have the focus");
  cd_test_wait_for (loaded, &bench, "the preview to follow the caret");

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), &bench);
  gtk_widget_add_controller (GTK_WIDGET (bench.window), controller);
  g_signal_connect (bench.buffer, "changed", G_CALLBACK (buffer_changed_cb), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.window)), "before-paint",
                    G_CALLBACK (before_paint_cb), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);

  for (int i = 0; i < n_keys; i++)
    g_string_append_c (text, i % 6 == 5 ? ' ' : "typing"[i % 6]);

  loads_before = bench.n_loads_finished;
  getrusage (RUSAGE_SELF, &usage_before);
  typist = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             "xdotool", "type", "--clearmodifiers", "--delay", delay, text->str, NULL);
  if (typist == NULL)
    fail ("xdotool", error);
  g_subprocess_wait_check_async (typist, NULL, xdotool_done_cb, &bench);
  cd_test_wait_for (typing_settled, &bench, "the typing to reach the preview");
  getrusage (RUSAGE_SELF, &usage_after);

  if (bench.keys->len > 0)
    {
      Key *last = &g_array_index (bench.keys, Key, bench.keys->len - 1);

      last->busy = busy_now () - last->busy_start;
    }

  /* The first keys warm the caches; they are not counted. */
  for (guint i = 5; i < bench.keys->len; i++)
    {
      Key *key = &g_array_index (bench.keys, Key, i);
      guint serial = key->flush_before + 1;
      gint64 value;

      if (key->glyph != 0)
        {
          value = key->glyph - key->key;
          g_array_append_val (glyph, value);
          value = key->frame - key->key;
          g_array_append_val (frame_wait, value);
          value = key->glyph - key->frame;
          g_array_append_val (frame_work, value);
          if (key->frame_queued >= 0)
            g_array_append_val (frame_queued, key->frame_queued);
        }
      value = key->key - g_array_index (bench.keys, Key, i - 1).key;
      g_array_append_val (spacing, value);
      if (serial < bench.dom_times->len && g_array_index (bench.dom_times, gint64, serial) != 0)
        {
          gint64 sent = _cd_preview_get_flush_time (bench.preview, serial);

          value = g_array_index (bench.dom_times, gint64, serial) - key->key;
          g_array_append_val (dom, value);
          if (sent != 0)
            {
              value = sent - key->key;
              g_array_append_val (waited, value);
              value = g_array_index (bench.dom_times, gint64, serial) - sent;
              g_array_append_val (round_trip, value);
            }
        }
      if (i + 1 < bench.keys->len)
        g_array_append_val (busy, key->busy);
    }

  if (glyph->len == 0 || dom->len == 0 || busy->len == 0)
    fail ("no keys were measured", NULL);

  g_print ("Copydesk typing benchmark\n\n");
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average at start: %s", loadavg);
  g_print ("  story: 10,000 words, %u body blocks; typing into block %u, preview shown\n",
           cd_article_get_n_blocks (article), position + 1);
  /* Under Xvfb GTK's GL renderer draws in software (llvmpipe), which is
   * most of a frame's time there; the figures say which one drew. */
  g_print ("  drawn by %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench.window))));
  {
    gboolean blinks;

    g_object_get (gtk_settings_get_default (), "gtk-cursor-blink", &blinks, NULL);
    g_print ("  caret: %s\n", blinks ? "blinking (GTK's setting)" : "steady (gtk-cursor-blink off)");
  }
  g_print ("  %u keys from xdotool, sent %d ms apart, came %.1f ms apart (median) (%u in the figures)\n\n",
           bench.keys->len, KEY_INTERVAL_MS, bench_percentile_us_ms (spacing, 0.5), glyph->len);
  g_print ("  %-48s %12s %12s %12s\n", "", "median", "99th pct", "max");
  print_samples ("key to glyph painted (goal p99 ≤ 8 ms)", glyph);
  /* Without a compositor GDK starts frames at least a refresh period
   * (16.7 ms at 60 Hz) apart; the window has a key's frame start at once
   * (cd-prompt-frame.c), after the key's own handling. */
  print_samples ("  key to the start of its frame", frame_wait);
  print_samples ("  the frame's own work", frame_work);
  /* Two cores for the window, the web process and the X server: a
   * frame can be ready to run and wait for one. */
  if (frame_queued->len > 0)
    print_samples ("    of it, waiting for a core", frame_queued);
  print_samples ("main thread busy per key", busy);
  print_samples ("key to the preview's DOM (goal p99 ≤ 16 ms)", dom);
  if (waited->len > 0)
    {
      print_samples ("  key to its patch sent", waited);
      print_samples ("  patch sent to the page's report", round_trip);
    }
  if (bench.dom_work->len > 0)
    print_samples ("  the patch's own work (page's clock, whole ms)", bench.dom_work);
  dom_median = bench_percentile_us_ms (dom, 0.5);
  /* Each a page of memory the system had to find and clear: in the
   * machine's slow spells, those of a frame add up. */
  g_print ("  page faults of this process while typing: %ld (%.1f per key)\n",
           usage_after.ru_minflt - usage_before.ru_minflt,
           bench.keys->len > 0 ? (double) (usage_after.ru_minflt - usage_before.ru_minflt) / bench.keys->len : 0.0);
  g_print ("  frames painted while typing: %u for %u keys (%.2f per key)\n",
           bench.n_frames_typing, bench.keys->len,
           bench.keys->len > 0 ? (double) bench.n_frames_typing / bench.keys->len : 0.0);
  g_print ("  frames painting no key, by time after the last key:");
  for (guint i = 0; i < G_N_ELEMENTS (bench.other_frames); i++)
    {
      if (i + 1 < G_N_ELEMENTS (bench.other_frames))
        g_print (" %u-%u ms: %u;", i * 5, i * 5 + 5, bench.other_frames[i]);
      else
        g_print (" later: %u\n", bench.other_frames[i]);
    }
  g_print ("  patches sent: %u for %u keys; whole loads of the page while typing: %u\n",
           _cd_preview_get_n_flushes (bench.preview), bench.keys->len, bench.n_loads_finished - loads_before);
  load_median = time_full_loads (&bench, cd_window_get_article (bench.window));
  /* The goal of 20× is an edit's, from the story to the page (bench-ui);
   * a key's time here also holds its own handling and the frame drawn
   * before its patch is sent. */
  g_print ("  a key reaches the page %.0f× sooner patched than loaded whole (medians; the key's handling and "
           "frame come first; an edit's own figure against the goal of 20× is bench-ui's)\n",
           load_median / dom_median);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  cd_test_remove_tree (work_dir);
  g_array_unref (bench.keys);
  g_array_unref (bench.dom_times);
  g_array_unref (bench.dom_work);

  return EXIT_SUCCESS;
}
