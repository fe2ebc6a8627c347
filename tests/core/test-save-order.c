/* test-save-order.c: a save flushes the new file, renames it over the
 * old one, then flushes the folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save that skips a flush looks the same as one that does until the
 * power fails, so no other test can see it. Here each save runs in a
 * child process with save-trace.so preloaded, which logs every open,
 * write, fsync, close and rename under the test's folder, and after
 * each of them what a reader opening the saved path would find. The
 * log must show: writes to a temporary file in the same folder, an
 * fsync of that file after its last write, a rename onto the path, an
 * fsync of the folder after the rename; and the path holding the whole
 * old file until the rename and the whole new one from then on.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "copydesk-core.h"
#include "cd-test-utils.h"

#define STORY_ID "3c1f8e2a-7b4d-4e6f-9a0b-1c2d3e4f5a6b"

typedef struct
{
  char *dir;
  char *log;
} Fixture;

/* Children */

static CdArticle *
child_story (const char *headline)
{
  CdArticle *article = cd_article_new ();

  cd_article_set_headline (article, headline);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
      g_autofree char *text = g_strdup_printf ("%s, paragraph %u.", headline, i);

      cd_block_set_text (block, text);
      cd_article_append_block (article, block);
    }

  return article;
}

/* test-save-order --save PATH HEADLINE | --journal HEADLINE */
static int
child_main (int   argc,
            char *argv[])
{
  g_autoptr (GError) error = NULL;

  if (argc == 4 && strcmp (argv[1], "--save") == 0)
    {
      g_autoptr (CdArticle) article = child_story (argv[3]);
      g_autoptr (GFile) file = g_file_new_for_path (argv[2]);

      if (!cd_document_save (article, file, &error))
        g_error ("%s", error->message);
      return 0;
    }

  if (argc == 3 && strcmp (argv[1], "--journal") == 0)
    {
      g_autoptr (CdArticle) article = child_story (argv[2]);

      if (!cd_recovery_write (STORY_ID, article, "/home/jane/story.article", &error))
        g_error ("%s", error->message);
      return 0;
    }

  g_printerr ("usage: test-save-order [--save PATH HEADLINE | --journal HEADLINE]\n");
  return 2;
}

/* Helpers */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = cd_test_make_temp_dir ("test-save-order-XXXXXX");
  /* Outside the traced folder, so that writing the log is not traced. */
  f->log = g_strconcat (f->dir, ".log", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_remove_tree (f->dir);
  g_unlink (f->log);
  g_free (f->dir);
  g_free (f->log);
}

/* What save-trace.c logs for a file: FNV-1a of its bytes, or "absent". */
static char *
watch_state (const char *path)
{
  g_autofree char *contents = NULL;
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("absent");

  for (gsize i = 0; i < length; i++)
    {
      hash ^= (guchar) contents[i];
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }

  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", hash);
}

static char *
self_path (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  return path;
}

/* Runs @argv with the trace library preloaded (when @traced) and the
 * environment the children need; fails the test when it fails. */
static void
run_child (Fixture            *f,
           const char * const *argv,
           const char         *watch,
           gboolean            traced)
{
  const char *library = g_getenv ("SAVE_TRACE_LIBRARY");
  g_auto (GStrv) env = g_get_environ ();
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (library == NULL || !g_file_test (library, G_FILE_TEST_IS_REGULAR))
    g_error ("SAVE_TRACE_LIBRARY does not name the built save-trace library (%s); "
             "run this test through meson", library != NULL ? library : "unset");

  env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
  env = g_environ_unsetenv (env, "SAVE_TRACE_LOG");
  env = g_environ_unsetenv (env, "LD_PRELOAD");
  if (traced)
    {
      env = g_environ_setenv (env, "LD_PRELOAD", library, TRUE);
      env = g_environ_setenv (env, "SAVE_TRACE_DIR", f->dir, TRUE);
      env = g_environ_setenv (env, "SAVE_TRACE_LOG", f->log, TRUE);
      env = g_environ_setenv (env, "SAVE_TRACE_WATCH", watch, TRUE);
    }

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed (%s):\n%s", argv[0], error->message, err);
}

static GPtrArray *
read_log (Fixture *f)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);

  /* An empty log means the library never loaded, not a save without
   * system calls. */
  if (!g_file_get_contents (f->log, &contents, NULL, NULL) || *contents == '\0')
    g_error ("the save-trace library recorded nothing; LD_PRELOAD did not take effect");

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0')
        g_ptr_array_add (result, g_strdup (lines[i]));
    }

  return result;
}

static char *
format_log (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "\n  %s", (const char *) g_ptr_array_index (lines, i));

  return g_string_free (out, FALSE);
}

static gboolean
line_is (GPtrArray  *lines,
         guint       i,
         const char *event,
         const char *path)
{
  g_autofree char *expected = g_strconcat (event, " ", path, NULL);

  return strcmp (g_ptr_array_index (lines, i), expected) == 0;
}

/* The log shows @target replaced durably; @old_state and @new_state are
 * what the path must hold before and after the rename (NULL: not
 * watched). */
static void
assert_durable_replace (GPtrArray  *lines,
                        const char *target,
                        const char *old_state,
                        const char *new_state)
{
  g_autofree char *log = format_log (lines);
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *temp = NULL;
  g_autofree char *rename_suffix = g_strconcat (" ", target, NULL);
  guint rename_at = G_MAXUINT;
  guint last_write = G_MAXUINT;
  gboolean file_synced = FALSE;
  gboolean folder_synced = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (line_is (lines, i, "write", target))
        g_error ("%s was written in place, not replaced; log:%s", target, log);

      if (g_str_has_prefix (line, "rename ") && g_str_has_suffix (line, rename_suffix))
        {
          if (rename_at != G_MAXUINT)
            g_error ("%s was renamed onto twice; log:%s", target, log);
          rename_at = i;
          temp = g_strndup (line + strlen ("rename "),
                            strlen (line) - strlen ("rename ") - strlen (rename_suffix));
        }
    }

  if (temp == NULL)
    g_error ("nothing was renamed onto %s: the save did not replace the file; log:%s", target, log);

  {
    g_autofree char *temp_folder = g_path_get_dirname (temp);

    /* A rename across file systems would copy, which is not atomic. */
    g_assert_cmpstr (temp_folder, ==, folder);
  }

  for (guint i = 0; i < rename_at; i++)
    {
      if (line_is (lines, i, "write", temp))
        last_write = i;
    }
  if (last_write == G_MAXUINT)
    g_error ("%s reached %s without being written; log:%s", temp, target, log);

  for (guint i = last_write + 1; i < rename_at; i++)
    {
      if (line_is (lines, i, "fsync", temp))
        file_synced = TRUE;
    }
  if (!file_synced)
    g_error ("%s was renamed onto %s without an fsync after its last write: "
             "a power cut could leave an empty or partial file; log:%s", temp, target, log);

  for (guint i = rename_at + 1; i < lines->len; i++)
    {
      if (line_is (lines, i, "fsync", folder))
        folder_synced = TRUE;
    }
  if (!folder_synced)
    g_error ("the folder %s was not flushed after the rename onto %s: "
             "a power cut could bring back the old file; log:%s", folder, target, log);

  if (old_state == NULL)
    return;

  /* Every event is followed by what the path held right after it. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *expected;

      if (!g_str_has_prefix (line, "watch "))
        continue;

      expected = i < rename_at ? old_state : new_state;
      if (strcmp (line + strlen ("watch "), expected) != 0)
        g_error ("after '%s' a reader opening %s would have found %s, not the whole %s file "
                 "(%s); log:%s",
                 i > 0 ? (const char *) g_ptr_array_index (lines, i - 1) : "the start",
                 target, line + strlen ("watch "), i < rename_at ? "old" : "new", expected, log);
    }
}

/* Tests */

static void
test_document_save (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *self = self_path ();
  g_autofree char *target = g_build_filename (f->dir, "story.article", NULL);
  g_autofree char *old_state = NULL;
  g_autofree char *new_state = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  const char *untraced[] = { self, "--save", target, "The old version", NULL };
  const char *traced[] = { self, "--save", target, "The new version", NULL };

  run_child (f, untraced, NULL, FALSE);
  old_state = watch_state (target);
  g_assert_cmpstr (old_state, !=, "absent");

  run_child (f, traced, target, TRUE);
  new_state = watch_state (target);
  g_assert_cmpstr (new_state, !=, old_state);

  lines = read_log (f);
  assert_durable_replace (lines, target, old_state, new_state);
}

static void
test_document_save_new (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *self = self_path ();
  g_autofree char *target = g_build_filename (f->dir, "new.article", NULL);
  g_autofree char *new_state = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  const char *traced[] = { self, "--save", target, "A new story", NULL };

  run_child (f, traced, target, TRUE);
  new_state = watch_state (target);

  lines = read_log (f);
  assert_durable_replace (lines, target, "absent", new_state);
}

static void
test_convert (Fixture       *f,
              gconstpointer  data)
{
  const char *convert = g_getenv ("COPYDESK_CONVERT");
  const char *source = g_getenv ("COPYDESK_SOURCE_DIR");
  g_autofree char *sample = NULL;
  g_autofree char *target = g_build_filename (f->dir, "sample.article", NULL);
  g_autofree char *old_state = NULL;
  g_autofree char *new_state = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (convert);
  g_assert_nonnull (source);
  sample = g_build_filename (source, "data", "samples", "sample", "article.json", NULL);

  g_file_set_contents (target, "an older file in the way\n", -1, &error);
  g_assert_no_error (error);
  old_state = watch_state (target);

  {
    const char *argv[] = { convert, sample, target, NULL };

    run_child (f, argv, target, TRUE);
  }
  new_state = watch_state (target);
  g_assert_cmpstr (new_state, !=, old_state);

  lines = read_log (f);
  assert_durable_replace (lines, target, old_state, new_state);
}

static void
test_journal (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *self = self_path ();
  g_autofree char *journal_dir = g_build_filename (f->dir, "state", "copydesk", "recovery", NULL);
  g_autofree char *journal = g_build_filename (journal_dir, STORY_ID ".article", NULL);
  g_autofree char *info = g_build_filename (journal_dir, STORY_ID ".info", NULL);
  g_autofree char *old_state = NULL;
  g_autofree char *new_state = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  const char *untraced[] = { self, "--journal", "Journal, first write", NULL };
  const char *traced[] = { self, "--journal", "Journal, second write", NULL };

  run_child (f, untraced, NULL, FALSE);
  old_state = watch_state (journal);
  g_assert_cmpstr (old_state, !=, "absent");

  run_child (f, traced, journal, TRUE);
  new_state = watch_state (journal);
  g_assert_cmpstr (new_state, !=, old_state);

  lines = read_log (f);
  assert_durable_replace (lines, journal, old_state, new_state);
  assert_durable_replace (lines, info, NULL, NULL);
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && (strcmp (argv[1], "--save") == 0 || strcmp (argv[1], "--journal") == 0))
    return child_main (argc, argv);

  g_test_init (&argc, &argv, NULL);

  ADD_FIXTURE_TEST ("/core/save-order/document", test_document_save);
  ADD_FIXTURE_TEST ("/core/save-order/document-new", test_document_save_new);
  ADD_FIXTURE_TEST ("/core/save-order/convert", test_convert);
  ADD_FIXTURE_TEST ("/core/save-order/journal", test_journal);

  return g_test_run ();
}
