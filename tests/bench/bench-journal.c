/* bench-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recovery journal's benchmark, for the sample story and the long
 * story of story-gen.c: what one write of the journal costs (the
 * snapshot taken on the main thread, then the worker's build and atomic
 * write), and what keeping the journal within 0.2 s of typing costs the
 * main thread per keystroke in a real window (keys typed 40 ms apart, as
 * a fast typist does). It needs a display (the dev script runs it under
 * xvfb-run and dbus-run-session), prints figures and fails only when
 * something does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-journal"

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "cd-block-editor-private.h"
#include "cd-story-snapshot.h"
#include "cd-window-private.h"
#include "bench-figures.h"
#include "cd-renderer.h"
#include "story-gen.h"
#include "cd-test-utils.h"

#define KEY_INTERVAL_MS 40

static int n_writes = 30;
static int n_keys = 300;

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-journal: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

/* One journal write as the window makes it, taken apart. */
static void
time_writes (const char *name,
             CdArticle  *article,
             gboolean    durable)
{
  g_autoptr(GArray) snapshot_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) write_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *id = cd_recovery_new_id ();
  g_autofree char *what = NULL;
  /* Typed into, as the journal sees a story while the reporter types. */
  g_autoptr(CdArticle) typed = cd_article_copy (article);
  g_autoptr(CdStoryCopies) copies = cd_story_copies_new ();
  CdBlock *typed_block = cd_article_get_block (typed, cd_article_get_n_blocks (typed) / 2);

  for (int i = 0; i < n_writes; i++)
    {
      g_autoptr(CdStorySnapshot) snapshot = NULL;
      g_autoptr(CdStorySnapshot) typed_snapshot = NULL;
      g_autoptr(CdArticle) copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strconcat (cd_block_get_text (typed_block), "x", NULL);
      gint64 start = g_get_monotonic_time ();
      gint64 taken;
      double ms;

      snapshot = cd_story_snapshot_new (article);
      taken = g_get_monotonic_time ();
      ms = (taken - start) / 1000.0;
      g_array_append_val (snapshot_ms, ms);

      /* The journal's own: the copies of the blocks not typed into are
       * those of the snapshot before. */
      cd_block_set_text_and_marks (typed_block, text, cd_block_get_marks (typed_block));
      start = g_get_monotonic_time ();
      typed_snapshot = cd_story_snapshot_new_reusing (typed, copies);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i > 0)
        g_array_append_val (typed_ms, ms);

      copy = cd_story_snapshot_build (snapshot, name, &error);
      if (copy == NULL ||
          !(durable ? cd_recovery_write : cd_recovery_write_quick) (id, copy, "/bench/story.article", &error))
        fail (name, error);
      ms = (g_get_monotonic_time () - taken) / 1000.0;
      g_array_append_val (write_ms, ms);
    }

  cd_recovery_discard (id);

  g_print ("%s, %s\n", name, durable ? "waiting for the disk (fsync)" : "quick (no fsync)");
  bench_print_figures ("snapshot on the main thread, whole story", snapshot_ms);
  bench_print_figures ("snapshot on the main thread, after a key", typed_ms);
  what = g_strdup_printf ("build and write on the worker (%d writes)", n_writes);
  bench_print_figures (what, write_ms);
}

typedef struct
{
  CdWindow *window;
  gboolean  tick;
} Typing;

static gboolean
loaded (gpointer data)
{
  Typing *typing = data;

  return !_cd_window_is_loading (typing->window) && cd_window_get_article (typing->window) != NULL;
}

static gboolean
tick_cb (gpointer data)
{
  Typing *typing = data;

  typing->tick = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
ticked (gpointer data)
{
  Typing *typing = data;

  return typing->tick;
}

static gboolean
journal_current (gpointer data)
{
  Typing *typing = data;

  return _cd_window_journal_is_current (typing->window);
}

/* Types into the story's first paragraph, a key every KEY_INTERVAL_MS,
 * and charges each key with its own handling plus the journal snapshots
 * taken before the next key. */
static void
time_typing (const char *name,
             CdArticle  *article,
             const char *work_dir)
{
  g_autofree char *path = g_build_filename (work_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) key_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) handling_ms = g_array_new (FALSE, FALSE, sizeof (double));
  const CdJournalStats *stats;
  GtkTextBuffer *buffer;
  Typing typing = { 0 };
  guint first_paragraph = 0;

  if (!cd_document_save (article, file, &error))
    fail (path, error);

  typing.window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (typing.window), 1400, 900);
  gtk_window_present (GTK_WINDOW (typing.window));
  cd_window_open (typing.window, file);
  cd_test_wait_for (loaded, &typing, "the story to open");

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      if (cd_block_get_block_type (cd_article_get_block (article, i)) == CD_BLOCK_PARAGRAPH)
        {
          first_paragraph = i;
          break;
        }
    }
  buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (_cd_window_get_block_editor (typing.window)));
  if (!cd_block_editor_focus_block (_cd_window_get_block_editor (typing.window),
                                    cd_block_get_id (cd_article_get_block (article, first_paragraph)), -1))
    fail ("no paragraph to type into", NULL);

  stats = _cd_window_get_journal_stats (typing.window);
  for (int i = 0; i < n_keys; i++)
    {
      gint64 snapshot_before = stats->snapshot_usec_total;
      gint64 start = g_get_monotonic_time ();
      double handling;
      double ms;

      gtk_text_buffer_insert_interactive_at_cursor (buffer, i % 6 == 5 ? " " : "x", 1, TRUE);
      handling = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (handling_ms, handling);

      typing.tick = FALSE;
      g_timeout_add (KEY_INTERVAL_MS, tick_cb, &typing);
      cd_test_wait_for (ticked, &typing, "the next key");

      ms = handling + (stats->snapshot_usec_total - snapshot_before) / 1000.0;
      g_array_append_val (key_ms, ms);
    }
  cd_test_wait_for (journal_current, &typing, "the journal to catch up");

  g_print ("%s, %d keys %d ms apart\n", name, n_keys, KEY_INTERVAL_MS);
  bench_print_figures ("main thread per key: the key's own handling", handling_ms);
  bench_print_figures ("main thread per key: with the journal's snapshots", key_ms);
  g_print ("  journal: %u writes for %d keys, worker write mean %.1f ms, max %.1f ms\n\n",
           stats->n_writes, n_keys,
           stats->n_writes > 0 ? stats->write_usec_total / 1000.0 / stats->n_writes : 0.0,
           stats->write_usec_max / 1000.0);

  gtk_window_destroy (GTK_WINDOW (typing.window));
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "writes", 'w', 0, G_OPTION_ARG_INT, &n_writes, "Timed journal writes of each story (default 30)", "N" },
    { "keys", 'k', 0, G_OPTION_ARG_INT, &n_keys, "Timed keys typed into each story (default 300)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the Copydesk recovery journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) long_story = NULL;
  g_autoptr(CdArticle) sample = NULL;
  g_autoptr(GFile) sample_file = NULL;
  g_autofree char *sample_path = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *loadavg = NULL;
  g_autofree char *journals = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *story_path = NULL;
  g_autofree char *copydesk_state = NULL;
  const char *name;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_writes = CLAMP (n_writes, 1, 10000);
  n_keys = CLAMP (n_keys, 1, 100000);

  /* The journals go to a folder of this run, never the user's own. */
  work_dir = g_dir_make_tmp ("copydesk-bench-journal-XXXXXX", &error);
  if (work_dir == NULL)
    fail ("a work folder", error);
  g_setenv ("XDG_STATE_HOME", work_dir, TRUE);

  /* The renderer the copydesk program would choose here. */
  cd_renderer_choose ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-journal: no display; run it under xvfb-run (build-aux/dev bench does)\n");
      return EXIT_FAILURE;
    }
  adw_init ();

  sample_path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples", "sample", "article.json", NULL);
  sample_file = g_file_new_for_path (sample_path);
  sample = cd_document_load (sample_file, &error);
  if (sample == NULL)
    fail (sample_path, error);
  long_story = story_gen_make ();

  g_print ("Copydesk recovery journal benchmark\n\n");
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average at start: %s\n", loadavg);

  time_writes ("Journal write, sample story", sample, FALSE);
  time_writes ("Journal write, sample story", sample, TRUE);
  time_writes ("Journal write, 10,000-word story", long_story, FALSE);
  time_writes ("Journal write, 10,000-word story", long_story, TRUE);
  g_print ("\n");
  time_typing ("Typing, sample story", sample, work_dir);
  time_typing ("Typing, 10,000-word story", long_story, work_dir);

  journals = cd_recovery_get_dir ();
  dir = g_dir_open (journals, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (journals, name, NULL);
      g_unlink (child);
    }
  g_rmdir (journals);
  g_clear_pointer (&dir, g_dir_close);

  /* The story the windows opened, and the folders of this run. */
  story_path = g_build_filename (work_dir, "story.article", NULL);
  g_unlink (story_path);
  copydesk_state = g_path_get_dirname (journals);
  g_rmdir (copydesk_state);
  g_rmdir (work_dir);

  return EXIT_SUCCESS;
}
