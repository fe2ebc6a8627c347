/* bench-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The UI benchmark, on the long story of story-gen.c in a real window:
 * the time from an edit of the model to the preview's page showing it
 * (reported by a script message from the page), against loading the
 * whole page again; the start-up time of the real copydesk program to
 * the first frame showing a story; and the resident memory of the
 * program and of its WebKit processes. It needs a display (the dev
 * script runs it under xvfb-run and dbus-run-session), prints figures
 * and fails only when something does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-preview-private.h"
#include "story-gen.h"
#include "cd-test-utils.h"

static int n_edits = 200;
static int n_loads = 10;
static int n_starts = 5;

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

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The sample at @fraction (0.5 for the median, 0.99 for the 99th
 * percentile), nearest rank, in milliseconds. */
static double
percentile_ms (GArray *samples,
               double  fraction)
{
  guint rank;

  g_assert (samples->len > 0);
  g_array_sort (samples, compare_gint64);
  rank = (guint) (fraction * samples->len + 0.999999);
  rank = CLAMP (rank, 1, samples->len);

  return g_array_index (samples, gint64, rank - 1) / 1e3;
}

static void
print_samples (const char *label,
               GArray     *samples)
{
  g_print ("  %-44s %9.1f ms %9.1f ms %9.1f ms\n", label,
           percentile_ms (samples, 0.5), percentile_ms (samples, 0.99), percentile_ms (samples, 1.0));
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

/* Returns the median time to the page's DOM, in milliseconds. */
static double
time_edits (Bench *bench)
{
  g_autoptr(GArray) dom = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) returned = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (gint64));
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

      if (i >= 0)
        {
          gint64 dom_us = bench->dom_time - start;
          gint64 frame_us = bench->frame_time - start;
          gint64 returned_us = bench->patched_time - start;

          g_array_append_val (dom, dom_us);
          g_array_append_val (frame, frame_us);
          g_array_append_val (returned, returned_us);
          g_array_append_val (work, bench->dom_work);
        }
    }

  g_print ("Edit to preview: %d edits (cd_block_set_text) of body block %u of %u, in view\n",
           n_edits, position + 1, cd_article_get_n_blocks (bench->article));
  g_print ("  %-44s %12s %12s %12s\n", "", "median", "99th pct", "max");
  print_samples ("page's DOM and layout show it (message)", dom);
  print_samples ("  of which the patch's own work in the page", work);
  print_samples ("page's next frame (message)", frame);
  print_samples ("patch call returned (\"patched\")", returned);
  g_print ("  patches sent: %u for %d edits; each waits for the next frame of the window\n\n",
           _cd_preview_get_n_flushes (bench->preview) - flushes_before, n_edits + 1);

  return percentile_ms (dom, 0.5);
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

  median = percentile_ms (loads, 0.5);
  g_print ("Whole page instead: %d loads of the %.0f KB page\n", n_loads, size / 1e3);
  g_print ("  %-44s %12s %12s %12s\n", "", "median", "99th pct", "max");
  print_samples ("cd_html_write, page with stylesheet", writes);
  print_samples ("load_html until load-changed FINISHED", loads);

  return median;
}

/* The real program */

typedef struct
{
  GPid  pid;
  char *comm;
  gint64 rss_kb;
} ProcessInfo;

static void
process_info_clear (ProcessInfo *info)
{
  g_free (info->comm);
}

static void
process_info_free (ProcessInfo *info)
{
  process_info_clear (info);
  g_free (info);
}

static gboolean
read_process (GPid         pid,
              GPid        *parent,
              ProcessInfo *info)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *stat = NULL;
  g_autofree char *status = NULL;
  const char *open_paren;
  const char *close_paren;
  const char *rss;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;

  /* "PID (COMM) STATE PPID …"; the name may hold spaces and parentheses. */
  open_paren = strchr (stat, '(');
  close_paren = strrchr (stat, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren[1] == '\0')
    return FALSE;

  *parent = (GPid) g_ascii_strtoll (close_paren + 4, NULL, 10);
  info->pid = pid;
  info->comm = g_strndup (open_paren + 1, close_paren - open_paren - 1);
  info->rss_kb = 0;

  if (g_file_get_contents (status_path, &status, NULL, NULL) &&
      (rss = strstr (status, "\nVmRSS:")) != NULL)
    info->rss_kb = g_ascii_strtoll (rss + strlen ("\nVmRSS:"), NULL, 10);

  return TRUE;
}

/* @root and every process under it (WebKit starts its processes through
 * bwrap when it sandboxes them). */
static GArray *
process_tree (GPid root)
{
  GArray *tree = g_array_new (FALSE, TRUE, sizeof (ProcessInfo));
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) infos = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) process_info_free);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GQueue) queue = g_queue_new ();
  const char *name;

  g_array_set_clear_func (tree, (GDestroyNotify) process_info_clear);

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      guint64 pid;
      GPid parent;
      ProcessInfo *info;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL))
        continue;

      info = g_new0 (ProcessInfo, 1);
      if (!read_process ((GPid) pid, &parent, info))
        {
          process_info_free (info);
          continue;
        }

      g_hash_table_insert (parents, GINT_TO_POINTER ((int) pid), GINT_TO_POINTER (parent));
      g_hash_table_insert (infos, GINT_TO_POINTER ((int) pid), info);
    }

  g_queue_push_tail (queue, GINT_TO_POINTER (root));
  while (!g_queue_is_empty (queue))
    {
      GPid pid = GPOINTER_TO_INT (g_queue_pop_head (queue));
      ProcessInfo *info = g_hash_table_lookup (infos, GINT_TO_POINTER (pid));
      GHashTableIter iter;
      gpointer child, parent;

      if (info == NULL)
        continue;

      g_array_append_val (tree, *info);
      info->comm = NULL;

      g_hash_table_iter_init (&iter, parents);
      while (g_hash_table_iter_next (&iter, &child, &parent))
        {
          if (GPOINTER_TO_INT (parent) == pid)
            g_queue_push_tail (queue, child);
        }
    }

  return tree;
}

typedef struct
{
  GDataInputStream *stdout_lines;
  char             *line;
  gboolean          done;
  GError           *error;
} LineRead;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &read->error);
  read->done = TRUE;
}

static gboolean
line_read (gpointer data)
{
  return ((LineRead *) data)->done;
}

typedef struct
{
  double  startup_ms;
  double  created_ms;
  double  loaded_ms;
  gint64  app_kb;
  gint64  web_kb;
  gint64  network_kb;
  gint64  other_kb;
  guint   n_web;
} StartInfo;

/* Starts the program on @path and waits for its report of the first
 * frame with the story; reads the memory of its processes then. */
static void
start_program (const char *program,
               const char *path,
               const char *state_dir,
               StartInfo  *info)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GArray) tree = NULL;
  g_autoptr(GError) error = NULL;
  const char *identifier;
  gint64 start;
  gint64 created = -1;
  gint64 loaded = -1;
  gint64 shown = -1;
  GPid pid;

  g_subprocess_launcher_setenv (launcher, CD_PREVIEW_BENCH_STARTUP_ENV, "1", TRUE);
  /* Nothing of a run is left for the next one: no recovery journal, no
   * settings. */
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, program, path, NULL);
  if (process == NULL)
    fail (program, error);

  identifier = g_subprocess_get_identifier (process);
  pid = (GPid) g_ascii_strtoll (identifier, NULL, 10);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  while (shown < 0)
    {
      LineRead read = { lines, NULL, FALSE, NULL };
      gint64 stamp;

      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, read_line_cb, &read);
      cd_test_wait_for (line_read, &read, "the program to show the story");
      if (read.line == NULL)
        {
          g_printerr ("bench-ui: %s %s ended before showing the story%s%s\n", program, path,
                      read.error != NULL ? ": " : "", read.error != NULL ? read.error->message : "");
          exit (EXIT_FAILURE);
        }

      if (g_str_has_prefix (read.line, "copydesk-bench ") &&
          (stamp = g_ascii_strtoll (strrchr (read.line, ' ') + 1, NULL, 10)) > 0)
        {
          if (g_str_has_prefix (read.line, "copydesk-bench preview-created "))
            created = stamp;
          else if (g_str_has_prefix (read.line, "copydesk-bench page-loaded "))
            loaded = stamp;
          else if (g_str_has_prefix (read.line, "copydesk-bench first-frame "))
            shown = stamp;
        }
      g_free (read.line);
    }

  info->created_ms = created > 0 ? (created - start) / 1e3 : -1;
  info->loaded_ms = loaded > 0 ? (loaded - start) / 1e3 : -1;
  info->startup_ms = (shown - start) / 1e3;
  info->app_kb = info->web_kb = info->network_kb = info->other_kb = 0;
  info->n_web = 0;

  tree = process_tree (pid);
  for (guint i = 0; i < tree->len; i++)
    {
      ProcessInfo *process_info = &g_array_index (tree, ProcessInfo, i);

      if (process_info->pid == pid)
        info->app_kb += process_info->rss_kb;
      else if (g_str_has_prefix (process_info->comm, "WebKitWebProces"))
        {
          info->web_kb += process_info->rss_kb;
          info->n_web++;
        }
      else if (g_str_has_prefix (process_info->comm, "WebKitNetworkPr"))
        info->network_kb += process_info->rss_kb;
      else
        info->other_kb += process_info->rss_kb;
    }

  g_subprocess_send_signal (process, SIGTERM);
  if (!g_subprocess_wait (process, NULL, &error))
    fail ("waiting for the program to end", error);
}

static void
time_startups (const char *program,
               const char *label,
               const char *path,
               const char *state_dir,
               StartInfo  *last)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) created = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) loaded = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *created_label = g_strdup_printf ("%s: preview created", label);
  g_autofree char *loaded_label = g_strdup_printf ("%s: page loaded", label);
  g_autofree char *shown_label = g_strdup_printf ("%s: first frame with it", label);

  for (int i = 0; i < n_starts; i++)
    {
      gint64 us;

      start_program (program, path, state_dir, last);
      us = (gint64) (last->startup_ms * 1e3);
      g_array_append_val (times, us);
      us = (gint64) (last->created_ms * 1e3);
      g_array_append_val (created, us);
      us = (gint64) (last->loaded_ms * 1e3);
      g_array_append_val (loaded, us);
    }

  print_samples (created_label, created);
  print_samples (loaded_label, loaded);
  print_samples (shown_label, times);
}

static void
bench_program (Bench *bench)
{
  const char *program = g_getenv ("COPYDESK_APP");
  g_autofree char *sample = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *story_path = NULL;
  g_autofree char *state_dir = NULL;
  g_autoptr(GFile) story_file = NULL;
  g_autoptr(GError) error = NULL;
  StartInfo info;

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("Start-up and memory: skipped, COPYDESK_APP does not name the copydesk program\n");
      return;
    }

  sample = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR") != NULL ? g_getenv ("COPYDESK_SOURCE_DIR") : ".",
                             "data", "samples", "sample", "article.json", NULL);
  work_dir = g_dir_make_tmp ("copydesk-bench-ui-XXXXXX", &error);
  if (work_dir == NULL)
    fail ("creating a temporary folder", error);
  story_path = g_build_filename (work_dir, "long-story.article", NULL);
  state_dir = g_build_filename (work_dir, "state", NULL);
  g_mkdir (state_dir, 0700);
  story_file = g_file_new_for_path (story_path);
  if (!cd_document_save (bench->article, story_file, &error))
    fail ("saving the long story", error);

  g_print ("Start-up of %s (%d runs), time from exec to each step\n", program, n_starts);
  g_print ("  %-44s %12s %12s %12s\n", "", "median", "99th pct", "max");
  time_startups (program, "sample story", sample, state_dir, &info);
  time_startups (program, "10,000-word story", story_path, state_dir, &info);

  g_print ("\nResident memory (VmRSS) with the 10,000-word story shown\n");
  g_print ("  %-44s %9.1f MB\n", "copydesk", info.app_kb / 1024.0);
  g_print ("  %-44s %9.1f MB\n", info.n_web == 1 ? "WebKitWebProcess" : "WebKitWebProcess (all)", info.web_kb / 1024.0);
  g_print ("  %-44s %9.1f MB\n", "WebKitNetworkProcess", info.network_kb / 1024.0);
  g_print ("  %-44s %9.1f MB\n", "sandbox helpers (bwrap, xdg-dbus-proxy)", info.other_kb / 1024.0);
  g_print ("  %-44s %9.1f MB\n", "all", (info.app_kb + info.web_kb + info.network_kb + info.other_kb) / 1024.0);

  cd_test_remove_tree (work_dir);
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "edits", 'e', 0, G_OPTION_ARG_INT, &n_edits, "Timed edits (default 200)", "N" },
    { "loads", 'l', 0, G_OPTION_ARG_INT, &n_loads, "Timed whole-page loads (default 10)", "N" },
    { "starts", 's', 0, G_OPTION_ARG_INT, &n_starts, "Timed program starts of each story (default 5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the Copydesk preview on a long story");
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  CdStats stats;
  double edit_ms;
  double load_ms;
  g_autofree char *loadavg = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_edits = CLAMP (n_edits, 1, 100000);
  n_loads = CLAMP (n_loads, 1, 1000);
  n_starts = CLAMP (n_starts, 1, 100);

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

  edit_ms = time_edits (&bench);
  load_ms = time_full_loads (&bench);
  g_print ("  an edit reaches the page %.0f times sooner patched than loaded whole (medians)\n\n",
           load_ms / edit_ms);

  gtk_window_destroy (bench.window);
  bench_program (&bench);

  g_clear_object (&bench.article);

  return EXIT_SUCCESS;
}
