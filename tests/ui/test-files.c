/* test-files.c: saving, opening, closing with changes, and crash recovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-files"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "cd-application.h"
#include "cd-story-fields-private.h"
#include "cd-window-private.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

typedef struct
{
  CdWindow *window;
  char     *tmp_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->window = cd_window_new (NULL);
  f->tmp_dir = cd_test_make_temp_dir ("copydesk-test-files-XXXXXX");

  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    cd_test_destroy_window (f->window);

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

static gboolean
open_done (gpointer data)
{
  return !_cd_window_is_loading (data);
}

static void
open_path (CdWindow   *window,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  cd_window_open (window, file);
  cd_test_wait_for (open_done, window, "the story to be read");
  g_assert_null (_cd_window_get_error_message (window));
  g_assert_true (g_file_equal (cd_window_get_file (window), file));
}

static gboolean
save_done (gpointer data)
{
  return !_cd_window_is_saving (data);
}

static void
save_to (CdWindow   *window,
         const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  _cd_window_save_to (window, file);
  g_assert_true (_cd_window_is_saving (window));
  cd_test_wait_for (save_done, window, "the save to finish");
}

static void
type_headline (CdWindow   *window,
               const char *text)
{
  GtkTextView *view = _cd_story_fields_get_headline (_cd_window_get_story_fields (window));

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (view), text, -1, TRUE);
}

static char *
journal_path (const char *id)
{
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *name = g_strconcat (id, ".article", NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
journal_is_current (gpointer data)
{
  return _cd_window_journal_is_current (data);
}

static void
assert_same_json (CdArticle *a,
                  CdArticle *b)
{
  g_autoptr(GBytes) json_a = cd_json_write (a);
  g_autoptr(GBytes) json_b = cd_json_write (b);

  g_assert_cmpmem (g_bytes_get_data (json_a, NULL), g_bytes_get_size (json_a),
                   g_bytes_get_data (json_b, NULL), g_bytes_get_size (json_b));
}

static void
test_save_then_open (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sample = cd_test_sample_path ();
  g_autofree char *path = g_build_filename (f->tmp_dir, "ferry.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *old_modified = NULL;
  g_auto(GStrv) media = NULL;
  g_auto(GStrv) reopened_media = NULL;
  CdArticle *article;
  CdArticle *reopened;
  CdHistory *history;
  CdWindow *second;

  open_path (f->window, sample);
  article = cd_window_get_article (f->window);
  history = _cd_window_get_history (f->window);
  old_modified = g_strdup (cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED));

  type_headline (f->window, " — and back");
  g_assert_true (cd_window_get_modified (f->window));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)), "• "));

  save_to (f->window, path);
  g_assert_null (_cd_window_get_error_message (f->window));
  g_assert_false (cd_window_get_modified (f->window));
  g_assert_true (g_file_equal (cd_window_get_file (f->window), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==,
                   "Night ferry to Gull Island to sail from next month — and back — ferry.article");

  /* Saving stamps the story; the stamp is no edit to undo. */
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED), !=, old_modified);
  g_assert_true (cd_history_can_undo (history));

  second = cd_window_new (NULL);
  gtk_window_present (GTK_WINDOW (second));
  open_path (second, path);
  reopened = cd_window_get_article (second);

  /* The same article.json, byte for byte, and the same media. */
  assert_same_json (article, reopened);
  media = cd_article_list_media (article);
  reopened_media = cd_article_list_media (reopened);
  g_assert_cmpuint (g_strv_length (media), >, 0);
  g_assert_true (g_strv_equal ((const char * const *) media, (const char * const *) reopened_media));
  for (guint i = 0; media[i] != NULL; i++)
    g_assert_true (g_bytes_equal (cd_article_get_media (article, media[i]),
                                  cd_article_get_media (reopened, media[i])));
  g_assert_false (cd_window_get_modified (second));
  cd_test_destroy_window (second);

  /* Undo reaches the edit, not the stamp. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Night ferry to Gull Island to sail from next month");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED), !=, old_modified);
  g_assert_true (cd_window_get_modified (f->window));
}

static void
test_save_failure (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->tmp_dir, "no", "such", "folder", "story.article", NULL);
  g_autofree char *folder = g_build_filename (f->tmp_dir, "folder.article", NULL);
  g_autofree char *good = g_build_filename (f->tmp_dir, "story.article", NULL);
  g_autofree char *headline = NULL;
  const char *message;

  type_headline (f->window, "Council vote delayed");

  /* Into a folder that does not exist: the message says so, the story
   * stays as typed and still unsaved. */
  save_to (f->window, missing);
  message = _cd_window_get_error_message (f->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "story.article"));
  g_assert_true (cd_window_get_modified (f->window));
  g_assert_null (cd_window_get_file (f->window));
  g_assert_cmpstr (cd_article_get_headline (cd_window_get_article (f->window)), ==, "Council vote delayed");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Onto a folder. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  save_to (f->window, folder);
  message = _cd_window_get_error_message (f->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "folder.article"));
  g_assert_true (cd_window_get_modified (f->window));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  save_to (f->window, good);
  g_assert_null (_cd_window_get_error_message (f->window));
  g_assert_false (cd_window_get_modified (f->window));
  headline = g_strdup (cd_article_get_headline (cd_window_get_article (f->window)));
  g_assert_cmpstr (headline, ==, "Council vote delayed");
}

static GtkWindow *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      gboolean is_dialog;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      is_dialog = ADW_IS_MESSAGE_DIALOG (window);
      G_GNUC_END_IGNORE_DEPRECATIONS

      if (is_dialog && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          (parent == NULL || gtk_window_get_transient_for (window) == parent))
        return window;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Answers as a click on the button would: the dialog responds and goes. */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  const char *label;
  GtkWidget *button;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  label = adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), response);
  G_GNUC_END_IGNORE_DEPRECATIONS

  button = find_button (GTK_WIDGET (dialog), label);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
dialog_is_gone (gpointer data)
{
  return find_message_dialog (data) == NULL;
}

static void
test_close_asks (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *journal = NULL;
  gpointer weak = f->window;
  GtkWindow *dialog;

  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  type_headline (f->window, "Unsaved words");
  cd_test_wait_for (journal_is_current, f->window, "the journal");
  journal = journal_path (cd_window_get_journal_id (f->window));
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));

  /* Cancel keeps the window and the changes. */
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = find_message_dialog (GTK_WINDOW (f->window));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  respond (dialog, "cancel");
  cd_test_wait_for (dialog_is_gone, f->window, "the dialog to close");
  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_assert_true (cd_window_get_modified (f->window));
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));

  /* Asking twice shows one dialog. */
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = find_message_dialog (GTK_WINDOW (f->window));
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (find_message_dialog (GTK_WINDOW (f->window)) == dialog);

  /* Discard closes it, and leaves nothing to recover. */
  respond (dialog, "discard");
  f->window = NULL;
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the window to close");
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_close_saves (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) saved = NULL;
  g_autoptr(GError) error = NULL;
  gpointer weak = f->window;
  GtkWindow *dialog;

  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  type_headline (f->window, "First words");
  save_to (f->window, path);
  type_headline (f->window, " and more");

  gtk_window_close (GTK_WINDOW (f->window));
  dialog = find_message_dialog (GTK_WINDOW (f->window));
  g_assert_nonnull (dialog);
  respond (dialog, "save");
  f->window = NULL;
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the window to save and close");

  saved = cd_document_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (saved), ==, "First words and more");
}

static void
test_close_unmodified (Fixture       *f,
                       gconstpointer  data)
{
  gpointer weak = f->window;

  /* An untouched story, or a saved one, closes without a question. */
  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the window to close");
  g_assert_null (find_message_dialog (NULL));
}

static CdRecoveryEntry *
find_journal (const char *headline)
{
  g_autoptr(GPtrArray) entries = cd_recovery_list ();

  for (guint i = 0; i < entries->len; i++)
    {
      CdRecoveryEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->headline, headline) == 0)
        return g_ptr_array_steal_index (entries, i);
    }

  return NULL;
}

static gboolean
file_is_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_journal (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "story.article", NULL);
  g_autofree char *journal = NULL;
  g_autoptr(CdRecoveryEntry) entry = NULL;
  g_autoptr(CdArticle) recovered = NULL;
  g_autoptr(GError) error = NULL;

  /* An untouched story has no journal. */
  g_assert_false (_cd_window_journal_is_current (f->window));

  /* Typing alone writes the journal: no save, no other event. */
  type_headline (f->window, "Words worth keeping");
  cd_test_wait_for (journal_is_current, f->window, "the journal");

  entry = find_journal ("Words worth keeping");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->id, ==, cd_window_get_journal_id (f->window));
  g_assert_null (entry->original);
  recovered = cd_recovery_load (entry, &error);
  g_assert_no_error (error);
  assert_same_json (recovered, cd_window_get_article (f->window));

  /* A later change reaches the journal too. */
  type_headline (f->window, ", twice");
  cd_test_wait_for (journal_is_current, f->window, "the journal to follow");
  g_clear_pointer (&entry, cd_recovery_entry_free);
  entry = find_journal ("Words worth keeping, twice");
  g_assert_nonnull (entry);

  /* Once the file holds the story, the journal goes: at once, or when a
   * write still under way lands. */
  journal = g_strdup (entry->journal_path);
  save_to (f->window, path);
  cd_test_wait_for (file_is_gone, journal, "the journal to go");
  g_assert_false (_cd_window_journal_is_current (f->window));
}

/* A fast typist: a key every 5 ms, the main loop running between them
 * as it does between a person's keys. */
typedef struct
{
  CdWindow   *window;
  const char *text;
  guint       typed;
} Typist;

static gboolean
type_next_cb (gpointer data)
{
  Typist *typist = data;
  char key[2] = { typist->text[typist->typed], '\0' };

  type_headline (typist->window, key);
  typist->typed++;
  return typist->text[typist->typed] != '\0' ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
typist_done (gpointer data)
{
  Typist *typist = data;

  return typist->text[typist->typed] == '\0';
}

/* The journal follows fast typing in steps (at most one snapshot every
 * 0.1 s, DESIGN: a kill loses at most 0.2 s of typing), not a snapshot
 * and a compressed write for every key; the last step holds every key. */
static void
test_journal_steps (Fixture       *f,
                    gconstpointer  data)
{
  Typist typist = { f->window, "Council votes to keep ferry", 0 };
  g_autofree char *path = g_build_filename (f->tmp_dir, "ferry.article", NULL);
  g_autofree char *journal = NULL;
  g_autoptr(CdRecoveryEntry) entry = NULL;
  guint snapshots_before;
  guint n_keys = strlen (typist.text);

  type_headline (f->window, "First: ");
  cd_test_wait_for (journal_is_current, f->window, "the journal");
  snapshots_before = _cd_window_get_journal_stats (f->window)->n_snapshots;

  g_timeout_add (5, type_next_cb, &typist);
  cd_test_wait_for (typist_done, &typist, "the typing");
  cd_test_wait_for (journal_is_current, f->window, "the journal to follow");

  g_assert_cmpuint (_cd_window_get_journal_stats (f->window)->n_snapshots - snapshots_before, <, n_keys / 2);
  entry = find_journal ("First: Council votes to keep ferry");
  g_assert_nonnull (entry);

  /* Saved, the story leaves no journal for the recovery tests. */
  journal = g_strdup (entry->journal_path);
  save_to (f->window, path);
  cd_test_wait_for (file_is_gone, journal, "the journal to go");
}

/* Crash recovery, with the real program killed. */

typedef struct
{
  GDBusConnection *bus;
  const char      *headline;
  char            *object_path;
  gint64           next_try;
} HookWait;

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &owned);

  return owned;
}

/* Sets the headline through the test hook until the journal holds it:
 * the program may not have its bus name or its window yet. */
static gboolean
edit_reached_journal (gpointer data)
{
  HookWait *wait = data;
  g_autoptr(CdRecoveryEntry) entry = find_journal (wait->headline);
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder parameters;

  if (entry != NULL)
    return TRUE;

  if (g_get_monotonic_time () < wait->next_try || !name_has_owner (wait->bus, APP_ID))
    return FALSE;

  /* Once a second: each call is a change, which restarts no timer. */
  wait->next_try = g_get_monotonic_time () + G_USEC_PER_SEC;
  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameters, "v", g_variant_new_string (wait->headline));
  reply = g_dbus_connection_call_sync (wait->bus, APP_ID, wait->object_path,
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "test-set-headline", &parameters, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);

  return FALSE;
}

/* One registered instance for the tests that need the application: it
 * keeps off the bus name, which a registered application never gives
 * back, and its object path stays exported until the process ends. */
static CdApplication *
registered_app (void)
{
  static CdApplication *app;
  g_autoptr(GError) error = NULL;

  if (app != NULL)
    return app;

  app = cd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  return app;
}

static CdWindow *
find_app_window (CdApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (CD_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
test_recovery_after_kill (void)
{
  const char *program = g_getenv ("COPYDESK_APP");
  const char *headline = "Words the crash did not take";
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRecoveryEntry) entry = NULL;
  g_autoptr(CdArticle) journaled = NULL;
  CdApplication *app;
  g_auto(GStrv) envp = NULL;
  g_autofree char *journal = NULL;
  g_autoptr(CdArticle) other = cd_article_new ();
  g_autofree char *other_id = cd_recovery_new_id ();
  g_autofree char *other_journal = journal_path (other_id);
  const char *argv[] = { program, NULL };
  HookWait wait = { NULL, headline, NULL, 0 };
  GtkWindow *dialog;
  CdWindow *window;
  gpointer weak;
  GPid pid;
  int status;

  if (program == NULL)
    {
      g_test_skip ("COPYDESK_APP names no program to start");
      return;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  if (name_has_owner (bus, APP_ID))
    {
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      return;
    }

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "COPYDESK_TEST_HOOKS", "1", TRUE);
  g_spawn_async (NULL, (char **) argv, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  wait.bus = bus;
  wait.object_path = g_strconcat ("/", APP_ID, NULL);
  g_strdelimit (wait.object_path, ".", '/');
  cd_test_wait_for (edit_reached_journal, &wait, "the edit to reach the journal");
  g_free (wait.object_path);

  /* No chance to clean up. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_spawn_close_pid (pid);

  entry = find_journal (headline);
  g_assert_nonnull (entry);
  journaled = cd_recovery_load (entry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (journaled), ==, headline);
  journal = g_strdup (entry->journal_path);

  /* Another crash, later, left a second story, one with a file. */
  cd_article_set_headline (other, "Left behind");
  g_assert_true (cd_recovery_write (other_id, other, "/nonexistent/left.article", &error));
  g_assert_no_error (error);

  /* The next start offers the stories back, the newest first. */
  app = registered_app ();
  g_application_activate (G_APPLICATION (app));

  window = find_app_window (app);
  g_assert_nonnull (window);
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Left behind"));
  G_GNUC_END_IGNORE_DEPRECATIONS
  respond (dialog, "discard");
  g_assert_false (g_file_test (other_journal, G_FILE_TEST_EXISTS));
  g_assert_true (cd_window_is_empty (window));

  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), headline));
  G_GNUC_END_IGNORE_DEPRECATIONS
  respond (dialog, "recover");

  /* Recovered into the window's new story: unsaved, never saved, and
   * still kept by the same journal. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_cmpstr (cd_article_get_headline (cd_window_get_article (window)), ==, headline);
  assert_same_json (cd_window_get_article (window), journaled);
  g_assert_true (cd_window_get_modified (window));
  g_assert_null (cd_window_get_file (window));
  g_assert_cmpstr (cd_window_get_journal_id (window), ==, entry->id);
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  g_assert_null (find_message_dialog (NULL));

  /* Quitting closes what has nothing to lose and asks about the rest. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);
  weak = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_true (weak != window);
  g_object_add_weak_pointer (G_OBJECT (weak), &weak);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the new window to close");
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  respond (dialog, "cancel");
  cd_test_wait_for (dialog_is_gone, window, "the dialog to close");
  g_assert_true (gtk_application_get_windows (GTK_APPLICATION (app))->data == window);

  /* Discarding it on close removes the journal. */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  respond (dialog, "discard");
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the recovered window to close");
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_null (find_journal (headline));
}

/* Recovery offered again: on opening the story, and from the menu. */

/* Journals earlier tests left (their windows were destroyed, as a crash
 * would) would be offered too. */
static void
discard_all_journals (void)
{
  g_autoptr(GPtrArray) entries = cd_recovery_list ();

  for (guint i = 0; i < entries->len; i++)
    cd_recovery_discard (((CdRecoveryEntry *) g_ptr_array_index (entries, i))->id);
}

static void
write_saved_and_journal (const char  *path,
                         const char  *saved_headline,
                         const char  *unsaved_headline,
                         char       **id)
{
  g_autoptr(CdArticle) saved = cd_article_new ();
  g_autoptr(CdArticle) unsaved = cd_article_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  cd_article_set_headline (saved, saved_headline);
  g_assert_true (cd_document_save (saved, file, &error));
  g_assert_no_error (error);

  *id = cd_recovery_new_id ();
  cd_article_set_headline (unsaved, unsaved_headline);
  g_assert_true (cd_recovery_write (*id, unsaved, path, &error));
  g_assert_no_error (error);
}

static const char *
dialog_body (GtkWindow *dialog)
{
  const char *body;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  G_GNUC_END_IGNORE_DEPRECATIONS

  return body;
}

/* The date in the sentence reads "from 2 December 2026, 14:05": one
 * space before the day, whatever the day. */
static void
assert_date_without_gaps (const char *body)
{
  const char *from = strstr (body, "from ");

  g_assert_nonnull (from);
  g_assert_true (g_ascii_isdigit (from[strlen ("from ")]));
  g_assert_null (strstr (body, "  "));
  g_assert_null (strstr (body, "\u2007"));
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }

  return FALSE;
}

static GtkMenuButton *
find_main_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) &&
      g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), "open-menu-symbolic") == 0)
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_main_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The dialogs shown that ask about the story with @headline. */
static guint
count_dialogs_about (const char *headline)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      gboolean is_dialog;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      is_dialog = ADW_IS_MESSAGE_DIALOG (window);
      G_GNUC_END_IGNORE_DEPRECATIONS

      if (is_dialog && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          strstr (dialog_body (window), headline) != NULL)
        n++;
    }

  return n;
}

static void
destroy_app_windows (CdApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    cd_test_destroy_window (windows->data);
}

static void
test_recovery_on_open_and_from_menu (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("copydesk-test-reopen-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdApplication *app = registered_app ();
  g_autofree char *id = NULL;
  g_autofree char *journal = NULL;
  GtkMenuButton *menu_button;
  GtkWindow *dialog;
  CdWindow *window;

  g_assert_no_error (error);
  discard_all_journals ();
  write_saved_and_journal (path, "The saved version", "The unsaved version", &id);
  journal = journal_path (id);

  /* Opening the story (Ctrl+O, the command line and the file manager all
   * come here) asks about the unsaved changes in the story's window. */
  window = cd_application_open_file (app, file, NULL);
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Recover Unsaved Changes?");
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_nonnull (strstr (dialog_body (dialog), "The unsaved version"));
  assert_date_without_gaps (dialog_body (dialog));

  /* Later shows the saved version and keeps the journal. */
  respond (dialog, "later");
  cd_test_wait_for (dialog_is_gone, window, "the dialog to close");
  cd_test_wait_for (open_done, window, "the story to be read");
  g_assert_cmpstr (cd_article_get_headline (cd_window_get_article (window)), ==, "The saved version");
  g_assert_false (cd_window_get_modified (window));
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));

  /* File ▸ Recover Unsaved Changes brings it back, into that window. */
  menu_button = find_main_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (menu_button), "app.recover-unsaved"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "recover-unsaved", NULL);
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (dialog_body (dialog), "The unsaved version"));
  assert_date_without_gaps (dialog_body (dialog));
  respond (dialog, "recover");
  cd_test_wait_for (dialog_is_gone, window, "the dialog to close");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_cmpstr (cd_article_get_headline (cd_window_get_article (window)), ==, "The unsaved version");
  g_assert_true (cd_window_get_modified (window));
  g_assert_true (g_file_equal (cd_window_get_file (window), file));
  g_assert_cmpstr (cd_window_get_journal_id (window), ==, id);

  /* The window's own journal is not offered back to it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "recover-unsaved", NULL);
  g_assert_null (find_message_dialog (NULL));

  destroy_app_windows (app);
  cd_test_remove_tree (tmp_dir);
}

/* Recover, answered while the saved version is still being read, keeps
 * the recovered story. */
static void
test_recovery_on_open_recover (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("copydesk-test-reopen-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdApplication *app = registered_app ();
  g_autofree char *id = NULL;
  GtkWindow *dialog;
  CdWindow *window;

  g_assert_no_error (error);
  discard_all_journals ();
  write_saved_and_journal (path, "Saved on disk", "Typed before the crash", &id);

  window = cd_application_open_file (app, file, NULL);
  g_assert_true (_cd_window_is_loading (window));
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);

  /* What one dialog asks about, no other asks too. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "recover-unsaved", NULL);
  g_assert_cmpuint (count_dialogs_about ("Typed before the crash"), ==, 1);

  respond (dialog, "recover");
  cd_test_wait_for (dialog_is_gone, window, "the dialog to close");
  cd_test_wait_for (open_done, window, "the story to be read");
  g_assert_cmpstr (cd_article_get_headline (cd_window_get_article (window)), ==, "Typed before the crash");
  g_assert_true (cd_window_get_modified (window));
  g_assert_true (g_file_equal (cd_window_get_file (window), file));
  g_assert_cmpstr (cd_window_get_journal_id (window), ==, id);

  destroy_app_windows (app);
  cd_test_remove_tree (tmp_dir);
}

/* File > Open of a saved web page makes a story of it (it used to be
 * taken for NITF and refused); no Copydesk file holds it yet, so saving
 * will ask where. */
static void
test_open_html (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "harbour.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CdArticle *article;
  CdBlock *list;

  g_file_set_contents (path,
                       "<!DOCTYPE html><html lang=\"en\"><head><title>Harbour | Courier</title></head>"
                       "<body><nav><a href=\"/\">Home</a></nav><article><h1>Harbour wall to rise</h1>"
                       "<p>The council <b>approved</b> it.</p><ul><li>Phase one: levee</li>"
                       "<li>Phase two: pumps</li></ul></article></body></html>",
                       -1, &error);
  g_assert_no_error (error);

  cd_window_open (f->window, file);
  cd_test_wait_for (open_done, f->window, "the page to be read");
  g_assert_null (_cd_window_get_error_message (f->window));
  g_assert_null (cd_window_get_file (f->window));

  article = cd_window_get_article (f->window);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Harbour wall to rise");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==, "The council approved it.");
  list = cd_article_get_block (article, 1);
  g_assert_cmpint (cd_block_get_block_type (list), ==, CD_BLOCK_LIST);
  g_assert_cmpuint (cd_block_get_items (list)->len, ==, 2);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), "harbour.html"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own; the
   * program started for the crash test inherits it. */
  state_dir = cd_test_isolate_state ("copydesk-test-files-state-XXXXXX");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/files/save-then-open", Fixture, NULL,
              fixture_set_up, test_save_then_open, fixture_tear_down);
  g_test_add ("/ui/files/open-html", Fixture, NULL,
              fixture_set_up, test_open_html, fixture_tear_down);
  g_test_add ("/ui/files/save-failure", Fixture, NULL,
              fixture_set_up, test_save_failure, fixture_tear_down);
  g_test_add ("/ui/files/close-asks", Fixture, NULL,
              fixture_set_up, test_close_asks, fixture_tear_down);
  g_test_add ("/ui/files/close-saves", Fixture, NULL,
              fixture_set_up, test_close_saves, fixture_tear_down);
  g_test_add ("/ui/files/close-unmodified", Fixture, NULL,
              fixture_set_up, test_close_unmodified, fixture_tear_down);
  g_test_add ("/ui/files/journal", Fixture, NULL,
              fixture_set_up, test_journal, fixture_tear_down);
  g_test_add ("/ui/files/journal-steps", Fixture, NULL,
              fixture_set_up, test_journal_steps, fixture_tear_down);
  g_test_add_func ("/ui/recovery/after-kill", test_recovery_after_kill);
  g_test_add_func ("/ui/recovery/on-open-and-from-menu", test_recovery_on_open_and_from_menu);
  g_test_add_func ("/ui/recovery/on-open-recover", test_recovery_on_open_recover);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
