/* bench-spell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spell checking's benchmark, on the long story of story-gen.c (about
 * 10,000 words) with the Debian dictionaries: the time to check the whole
 * story (as Check Spelling, copydesk-convert and the status bar's count
 * do), and the main-thread time checking adds to each keystroke while
 * typing a key every 40 ms, in the real window (every field and block
 * attached) and in one text view holding the whole body as one buffer
 * (the one-text-flow body). It needs a display (the dev script runs it
 * under xvfb-run and dbus-run-session), prints figures and fails only
 * when something does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-spell"

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "cd-block-editor-private.h"
#include "cd-spell-attach-private.h"
#include "cd-window-private.h"
#include "bench-figures.h"
#include "cd-renderer.h"
#include "story-gen.h"
#include "cd-test-utils.h"

#define KEY_INTERVAL_MS 40

static int n_checks = 10;
static int n_keys = 300;

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-spell: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static guint
count_words (CdArticle *article)
{
  CdStats stats;

  cd_stats_compute (article, &stats);
  return stats.words;
}

/* The whole story, with a checker made for each run (the dictionary
 * loaded, as the status bar's worker does) and with one kept. */
static void
time_whole_story (CdArticle *article)
{
  g_autoptr(GArray) cold_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) warm_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) copy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CdSpellChecker) kept = cd_spell_checker_new ("en", NULL);
  guint found = 0;

  for (int i = 0; i < n_checks; i++)
    {
      g_autoptr(CdSpellChecker) checker = NULL;
      g_autoptr(GPtrArray) cold = NULL;
      g_autoptr(GPtrArray) warm = NULL;
      g_autoptr(CdArticle) copy = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      checker = cd_spell_checker_new ("en", NULL);
      cold = cd_spell_check_article (checker, article);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (cold_ms, ms);

      start = g_get_monotonic_time ();
      warm = cd_spell_check_article (kept, article);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (warm_ms, ms);
      found = warm->len;

      /* What the main thread pays to hand the count to the worker. */
      start = g_get_monotonic_time ();
      copy = cd_article_copy (article);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (copy_ms, ms);
    }

  g_print ("Whole story: %u words, %u flagged (en, en_US dictionary)\n", count_words (article), found);
  bench_print_figures ("check, a new checker (dictionary loaded)", cold_ms);
  bench_print_figures ("check, the checker kept (Check Spelling, F7)", warm_ms);
  bench_print_figures ("main thread: the copy the counting worker reads", copy_ms);
}

typedef struct
{
  CdWindow      *window;
  CdSpellAttach *spell;
  gboolean       tick;
} Typing;

static gboolean
loaded (gpointer data)
{
  Typing *typing = data;

  return !_cd_window_is_loading (typing->window) && cd_window_get_article (typing->window) != NULL &&
         gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (_cd_block_editor_get_view (_cd_window_get_block_editor (typing->window)))) > 0;
}

static gboolean
spell_idle (gpointer data)
{
  return cd_spell_attach_is_idle (data);
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
  return ((Typing *) data)->tick;
}

/* Types "a word " key by key into @buffer at @offset, a key every
 * KEY_INTERVAL_MS, and charges each key with the main-thread time the
 * spell checking spent until the next one. */
static void
type_into (const char    *what,
           CdSpellAttach *spell,
           GtkTextBuffer *buffer,
           int            offset,
           Typing        *typing)
{
  static const char keys[] = "a wrod typed ";
  g_autoptr(GArray) added_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);

  for (int i = 0; i < n_keys; i++)
    {
      gint64 busy = _cd_spell_attach_get_busy_usec (spell);
      char key[2] = { keys[i % (sizeof keys - 1)], '\0' };
      double ms;

      gtk_text_buffer_insert_interactive_at_cursor (buffer, key, 1, TRUE);
      typing->tick = FALSE;
      g_timeout_add (KEY_INTERVAL_MS, tick_cb, typing);
      cd_test_wait_for (ticked, typing, "the next key");

      ms = (_cd_spell_attach_get_busy_usec (spell) - busy) / 1000.0;
      g_array_append_val (added_ms, ms);
    }

  cd_test_wait_for (spell_idle, spell, "the checking to catch up");
  bench_print_figures (what, added_ms);
}

/* The real window with the long story, and its first paragraph. */
static void
time_window (CdArticle  *article,
             const char *work_dir)
{
  g_autofree char *path = g_build_filename (work_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Typing typing = { 0 };
  CdBlockEditor *editor;
  GtkTextBuffer *buffer = NULL;
  gint64 start;

  if (!cd_document_save (article, file, &error))
    fail (path, error);

  typing.window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (typing.window), 1400, 900);
  gtk_window_present (GTK_WINDOW (typing.window));
  start = g_get_monotonic_time ();
  cd_window_open (typing.window, file);
  cd_test_wait_for (loaded, &typing, "the story to open");
  typing.spell = g_object_get_data (G_OBJECT (typing.window), "cd-spell-window-spell");
  /* The body's rows are attached on an idle of their own after they are
   * made: a second of quiet, then everything checked. */
  cd_test_wait_for (spell_idle, typing.spell, "the first check of every field and block");
  typing.tick = FALSE;
  g_timeout_add (1000, tick_cb, &typing);
  cd_test_wait_for (ticked, &typing, "a second of quiet");
  cd_test_wait_for (spell_idle, typing.spell, "the first check of every field and block");
  g_print ("\nIn the window (every field and the body attached)\n");
  g_print ("  opened and fully checked in %.0f ms; checking's share of the main thread: %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0,
           _cd_spell_attach_get_busy_usec (typing.spell) / 1000.0);

  editor = _cd_window_get_block_editor (typing.window);
  buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (editor));
  if (g_object_get_data (G_OBJECT (buffer), "cd-spell-attach-state") == NULL)
    fail ("an attached body to type into", NULL);

  type_into ("added main-thread time per key, the body's first paragraph", typing.spell, buffer, 0, &typing);

  gtk_window_destroy (GTK_WINDOW (typing.window));
  g_unlink (path);
}

/* The whole body as one buffer in one view, as the one-text-flow body
 * will be, attached the way it will be. */
static void
time_one_buffer (CdArticle *article)
{
  g_autoptr(CdSpellAttach) spell = cd_spell_attach_new (NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr(GString) text = g_string_new (NULL);
  Typing typing = { 0 };
  gint64 start;

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_type_has_field (cd_block_get_block_type (block), CD_BLOCK_FIELD_TEXT) &&
          cd_block_get_block_type (block) != CD_BLOCK_EMBED)
        g_string_append_printf (text, "%s\n", cd_block_get_text (block));
    }
  gtk_text_buffer_set_text (buffer, text->str, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  gtk_window_present (GTK_WINDOW (window));

  cd_spell_attach_set_article (spell, article, NULL);
  start = g_get_monotonic_time ();
  cd_spell_attach_text_view (spell, GTK_TEXT_VIEW (view));
  cd_test_wait_for (spell_idle, spell, "the first check of the body");
  g_print ("\nOne text view holding the whole body (%d lines)\n", gtk_text_buffer_get_line_count (buffer));
  g_print ("  fully checked on idle in %.0f ms; checking's share of the main thread: %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0,
           _cd_spell_attach_get_busy_usec (spell) / 1000.0);

  type_into ("added main-thread time per key, middle of the body", spell, buffer,
             gtk_text_buffer_get_char_count (buffer) / 2, &typing);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "checks", 'c', 0, G_OPTION_ARG_INT, &n_checks, "Timed checks of the whole story (default 10)", "N" },
    { "keys", 'k', 0, G_OPTION_ARG_INT, &n_keys, "Timed keys typed (default 300)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time Copydesk's spell checking");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) long_story = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *loadavg = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_checks = CLAMP (n_checks, 1, 1000);
  n_keys = CLAMP (n_keys, 1, 100000);

  /* Journals and the desk dictionary go to folders of this run. */
  work_dir = g_dir_make_tmp ("copydesk-bench-spell-XXXXXX", &error);
  if (work_dir == NULL)
    fail ("a work folder", error);
  g_setenv ("XDG_STATE_HOME", work_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", work_dir, TRUE);

  /* The renderer the copydesk program would choose here. */
  cd_renderer_choose ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-spell: no display; run it under xvfb-run (build-aux/dev bench does)\n");
      return EXIT_FAILURE;
    }
  adw_init ();

  long_story = story_gen_make ();

  g_print ("Copydesk spell checking benchmark\n\n");
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average at start: %s\n", loadavg);

  time_whole_story (long_story);
  time_window (long_story, work_dir);
  time_one_buffer (long_story);

  g_rmdir (work_dir);
  return EXIT_SUCCESS;
}
