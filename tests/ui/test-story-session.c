/* test-story-session.c: the story session, and the window following it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-application.h"
#include "cd-read-counts-private.h"
#include "cd-story-session.h"
#include "cd-test-files.h"
#include "cd-test-utils.h"
#include "cd-window-private.h"

typedef struct
{
  char           *dir;
  GSettings      *settings;
  CdStorySession *session;
  /* Notifications seen, by property name. */
  GHashTable     *notified;
  GPtrArray      *busy_states;
  guint           n_changed;
} Fixture;

typedef struct
{
  gboolean      done;
  gboolean      ok;
  GError       *error;
} Result;

static void
notify_cb (CdStorySession *session,
           GParamSpec     *pspec,
           Fixture        *f)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->notified, pspec->name));

  g_hash_table_insert (f->notified, (gpointer) g_intern_string (pspec->name), GUINT_TO_POINTER (n + 1));
  if (g_str_equal (pspec->name, "busy"))
    g_ptr_array_add (f->busy_states, GINT_TO_POINTER (cd_story_session_get_busy (session)));
}

static void
changed_cb (CdStorySession *session,
            Fixture        *f)
{
  f->n_changed++;
}

static guint
n_notified (Fixture    *f,
            const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->notified, g_intern_string (name)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("copydesk-test-session-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  f->session = cd_story_session_new (f->settings);
  f->notified = g_hash_table_new (NULL, NULL);
  f->busy_states = g_ptr_array_new ();
  g_signal_connect (f->session, "notify", G_CALLBACK (notify_cb), f);
  g_signal_connect (f->session, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cd_story_session_close (f->session);
  g_clear_object (&f->session);
  g_clear_object (&f->settings);
  g_hash_table_unref (f->notified);
  g_ptr_array_unref (f->busy_states);
  cd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
write_story (Fixture    *f,
             const char *name,
             const char *headline)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GBytes) json = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  cd_article_set_headline (article, headline);
  cd_block_set_text (paragraph, "The ferry came back on Monday.");
  cd_article_append_block (article, paragraph);
  json = cd_json_write (article);
  g_file_set_contents (path, g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json), &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->ok = cd_story_session_load_finish (CD_STORY_SESSION (object), result, &r->error);
  r->done = TRUE;
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->ok = cd_story_session_save_finish (CD_STORY_SESSION (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

/* Opening a bare article.json through the session reads it once and
 * parses it once, and shows it with its file's name. */
static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GFile) file = write_story (f, "ferry.json", "Ferry returns");
  CdArticle *before;
  CdImportCounts counts;
  Result r = { 0, };

  cd_story_session_new_story (f->session);
  before = cd_story_session_get_article (f->session);
  g_assert_true (cd_story_session_is_empty (f->session));
  g_assert_cmpstr (cd_story_session_get_title (f->session), ==, "Untitled Story");
  g_hash_table_remove_all (f->notified);

  _cd_import_counts_reset ();
  cd_story_session_load_async (f->session, file, NULL, load_done_cb, &r);
  g_assert_true (cd_story_session_get_busy (f->session));
  g_assert_true (cd_story_session_is_loading (f->session));
  g_assert_false (cd_story_session_is_empty (f->session));
  cd_test_wait_for (result_done, &r, "the story to load");

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  _cd_import_counts_get (&counts);
  g_assert_cmpuint (counts.file_reads, ==, 1);
  g_assert_cmpuint (counts.json_parses, ==, 1);

  g_assert_true (cd_story_session_get_article (f->session) != before);
  g_assert_cmpstr (cd_article_get_headline (cd_story_session_get_article (f->session)), ==, "Ferry returns");
  g_assert_true (g_file_equal (cd_story_session_get_file (f->session), file));
  g_assert_cmpstr (cd_story_session_get_title (f->session), ==, "Ferry returns");
  g_assert_cmpstr (cd_story_session_get_subtitle (f->session), ==, "ferry.json");
  g_assert_false (cd_story_session_get_modified (f->session));
  g_assert_false (cd_story_session_get_busy (f->session));
  g_assert_false (cd_story_session_is_empty (f->session));

  g_assert_cmpuint (n_notified (f, "article"), ==, 1);
  g_assert_cmpuint (n_notified (f, "file"), ==, 1);
  g_assert_cmpuint (n_notified (f, "title"), ==, 1);
  g_assert_cmpuint (n_notified (f, "subtitle"), ==, 1);
  /* Busy while reading, and no longer after. */
  g_assert_cmpuint (f->busy_states->len, ==, 2);
  g_assert_true (GPOINTER_TO_INT (f->busy_states->pdata[0]));
  g_assert_false (GPOINTER_TO_INT (f->busy_states->pdata[1]));
}

/* A file that cannot be read leaves the story shown as it was, and
 * says which file and why. */
static void
test_load_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "missing.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdArticle *before;
  Result r = { 0, };

  cd_story_session_new_story (f->session);
  before = cd_story_session_get_article (f->session);
  g_hash_table_remove_all (f->notified);

  cd_story_session_load_async (f->session, file, NULL, load_done_cb, &r);
  cd_test_wait_for (result_done, &r, "the load to fail");

  g_assert_false (r.ok);
  g_assert_error (r.error, CD_ERROR, CD_ERROR_IO);
  g_assert_nonnull (strstr (r.error->message, "missing.article"));
  g_clear_error (&r.error);
  g_assert_true (cd_story_session_get_article (f->session) == before);
  g_assert_cmpuint (n_notified (f, "article"), ==, 0);
  g_assert_false (cd_story_session_get_busy (f->session));
  g_assert_true (cd_story_session_is_empty (f->session));
}

/* A second file opened while the first is read wins; the first load
 * reports that it was superseded, and never shows its story. */
static void
test_load_superseded (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) first = write_story (f, "first.json", "First");
  g_autoptr(GFile) second = write_story (f, "second.json", "Second");
  Result r1 = { 0, };
  Result r2 = { 0, };

  cd_story_session_new_story (f->session);
  cd_story_session_load_async (f->session, first, NULL, load_done_cb, &r1);
  cd_story_session_load_async (f->session, second, NULL, load_done_cb, &r2);
  cd_test_wait_for (result_done, &r1, "the first load to end");
  cd_test_wait_for (result_done, &r2, "the second load to end");

  g_assert_error (r1.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r1.error);
  g_assert_no_error (r2.error);
  g_assert_cmpstr (cd_story_session_get_title (f->session), ==, "Second");
  g_assert_false (cd_story_session_get_busy (f->session));
}

/* The caller's cancellable calls a load or a save off: nothing is shown
 * or written, and the session is no longer busy. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) file = write_story (f, "ferry.json", "Ferry returns");
  g_autofree char *path = g_build_filename (f->dir, "never.article", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CdArticle *before;
  Result loaded = { 0, };
  Result saved = { 0, };

  cd_story_session_new_story (f->session);
  before = cd_story_session_get_article (f->session);
  g_cancellable_cancel (cancellable);

  cd_story_session_load_async (f->session, file, cancellable, load_done_cb, &loaded);
  cd_test_wait_for (result_done, &loaded, "the cancelled load to end");
  g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&loaded.error);
  g_assert_true (cd_story_session_get_article (f->session) == before);
  g_assert_false (cd_story_session_get_busy (f->session));

  cd_article_set_headline (before, "Bridge closes");
  cd_story_session_save_async (f->session, target, cancellable, save_done_cb, &saved);
  cd_test_wait_for (result_done, &saved, "the cancelled save to end");
  g_assert_error (saved.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&saved.error);
  g_assert_false (g_file_query_exists (target, NULL));
  g_assert_true (cd_story_session_get_modified (f->session));
  g_assert_null (cd_story_session_get_file (f->session));
  g_assert_false (cd_story_session_get_busy (f->session));
}

static gboolean
not_modified (gpointer data)
{
  return !cd_story_session_get_modified (data);
}

/* An edit marks the story modified and renames it; undoing back to the
 * story as opened clears the mark again. */
static void
test_modified_and_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *headline = NULL;
  CdArticle *article;

  cd_story_session_new_story (f->session);
  article = cd_story_session_get_article (f->session);
  headline = g_strdup (cd_article_get_headline (article));
  g_hash_table_remove_all (f->notified);
  g_assert_false (cd_story_session_get_modified (f->session));

  cd_article_set_headline (article, "Bridge closes");
  g_assert_true (cd_story_session_get_modified (f->session));
  g_assert_cmpuint (n_notified (f, "modified"), ==, 1);
  g_assert_cmpuint (f->n_changed, >=, 1);
  g_assert_cmpstr (cd_story_session_get_title (f->session), ==, "Bridge closes");
  g_assert_false (cd_story_session_is_empty (f->session));

  cd_story_session_undo (f->session);
  g_assert_cmpstr (cd_article_get_headline (article), ==, headline);
  cd_test_wait_for (not_modified, f->session, "undo to reach the story as it was");
  g_assert_cmpuint (n_notified (f, "modified"), ==, 2);
  g_assert_cmpstr (cd_story_session_get_title (f->session), ==, "Untitled Story");
}

/* Saving writes a container the story reads back from, makes it the
 * story's file and clears the modified mark. */
static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "bridge.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) saved = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0, };

  cd_story_session_new_story (f->session);
  cd_article_set_headline (cd_story_session_get_article (f->session), "Bridge closes");
  g_assert_true (cd_story_session_get_modified (f->session));

  cd_story_session_save_async (f->session, file, NULL, save_done_cb, &r);
  g_assert_true (cd_story_session_is_saving (f->session));
  g_assert_true (cd_story_session_get_busy (f->session));
  cd_test_wait_for (result_done, &r, "the save to end");

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_false (cd_story_session_get_modified (f->session));
  g_assert_false (cd_story_session_get_busy (f->session));
  g_assert_true (g_file_equal (cd_story_session_get_file (f->session), file));
  g_assert_cmpstr (cd_story_session_get_subtitle (f->session), ==, "bridge.article");
  g_assert_nonnull (cd_article_get_field (cd_story_session_get_article (f->session),
                                          CD_ARTICLE_FIELD_MODIFIED));

  saved = cd_document_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (saved), ==, "Bridge closes");
}

/* The window's children show the session's article, each time another
 * story is shown, and the window's title follows the session's. */
static gboolean
window_loaded (gpointer data)
{
  return !_cd_window_is_loading (data);
}

static gboolean
shows (gpointer   widget,
       CdArticle *article)
{
  g_autoptr(CdArticle) shown = NULL;

  g_object_get (widget, "article", &shown, NULL);

  return shown == article;
}

static void
test_window_follows_session (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GFile) file = write_story (f, "ferry.json", "Ferry returns");
  CdWindow *window = cd_window_new (NULL);
  CdStorySession *session = cd_window_get_session (window);
  CdArticle *article;

  gtk_window_present (GTK_WINDOW (window));

  for (guint round = 0; round < 2; round++)
    {
      article = cd_story_session_get_article (session);
      g_assert_true (cd_window_get_article (window) == article);
      g_assert_true (shows (_cd_window_get_preview (window), article));
      g_assert_true (shows (_cd_window_get_details_panel (window), article));
      g_assert_true (shows (_cd_window_get_preflight_panel (window), article));
      g_assert_true (shows (_cd_window_get_status_button (window), article));
      g_assert_true (shows (_cd_window_get_embargo_banner (window), article));
      g_assert_true (_cd_window_get_history (window) == cd_story_session_get_history (session));

      if (round == 0)
        {
          cd_window_open (window, file);
          cd_test_wait_for (window_loaded, window, "the window to open the story");
          g_assert_true (cd_story_session_get_article (session) != article);
        }
    }

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ferry returns — ferry.json");

  cd_article_set_headline (cd_story_session_get_article (session), "Ferry is back");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Ferry is back — ferry.json");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = g_dir_make_tmp ("copydesk-test-session-state-XXXXXX", NULL);
  g_assert_nonnull (state_dir);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/session/load", Fixture, NULL, fixture_set_up, test_load, fixture_tear_down);
  g_test_add ("/ui/session/load-error", Fixture, NULL, fixture_set_up, test_load_error, fixture_tear_down);
  g_test_add ("/ui/session/load-superseded", Fixture, NULL,
              fixture_set_up, test_load_superseded, fixture_tear_down);
  g_test_add ("/ui/session/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add ("/ui/session/modified-and-undo", Fixture, NULL,
              fixture_set_up, test_modified_and_undo, fixture_tear_down);
  g_test_add ("/ui/session/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/ui/session/window-follows", Fixture, NULL,
              fixture_set_up, test_window_follows_session, fixture_tear_down);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
