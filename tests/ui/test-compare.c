/* test-compare.c: revisions taken by the window, the compare window,
 * reverting one change and restoring a version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <webkit/webkit.h>

#include "cd-application.h"
#include "cd-compare-window.h"
#include "cd-test-files.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"
#include "cd-window-private.h"
#include "cd-window-revisions.h"

typedef struct
{
  CdWindow *window;
  char     *tmp_dir;
} Fixture;

static char *
evaluate (CdCompareWindow *compare,
          const char      *script)
{
  return cd_test_evaluate (WEBKIT_WEB_VIEW (_cd_compare_window_get_web_view (compare)), script);
}

static gboolean
not_loading (gpointer data)
{
  return !_cd_window_is_loading (data);
}

static gboolean
not_saving (gpointer data)
{
  return !_cd_window_is_saving (data);
}

static gboolean
page_loaded (gpointer data)
{
  return _cd_compare_window_is_loaded (data);
}

static CdBlock *
first_paragraph (CdArticle *article)
{
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_PARAGRAPH &&
          !cd_block_is_blank_paragraph (block))
        return block;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  g_autofree char *sample = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"),
                                              "data", "samples", "sample", "article.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);

  g_settings_set_string (settings, "author-name", "Night Desk");
  f->tmp_dir = g_dir_make_tmp ("copydesk-test-compare-XXXXXX", &error);
  g_assert_no_error (error);

  f->window = cd_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  cd_window_open (f->window, file);
  cd_test_wait_for (not_loading, f->window, "the sample to be read");
  g_assert_null (_cd_window_get_error_message (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer weak = f->window;
  CdCompareWindow *compare = _cd_window_get_compare_window (f->window);

  if (compare != NULL)
    gtk_window_destroy (GTK_WINDOW (compare));

  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  gtk_window_destroy (GTK_WINDOW (f->window));
  cd_test_wait_for (cd_test_pointer_is_null, &weak, "the window to be finalized");

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

static void
save (Fixture    *f,
      GFile      *file)
{
  _cd_window_save_to (f->window, file);
  cd_test_wait_for (not_saving, f->window, "the story to be saved");
  g_assert_null (_cd_window_get_error_message (f->window));
  g_assert_false (cd_window_get_modified (f->window));
}

/* The list row of @compare whose text holds @words, or -1. */
static int
find_row (CdCompareWindow *compare,
          const char      *words)
{
  GtkListBox *list = _cd_compare_window_get_list (compare);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      GtkWidget *label = gtk_list_box_row_get_child (row);

      if (strstr (gtk_label_get_text (GTK_LABEL (label)), words) != NULL)
        return i;
    }

  return -1;
}

typedef struct
{
  CdCompareWindow *compare;
  const char      *script;
  const char      *expected;
} PageWait;

static gboolean
page_says (gpointer data)
{
  PageWait *wait = data;
  g_autofree char *text = evaluate (wait->compare, wait->script);

  return g_str_equal (text, wait->expected);
}

static void
test_edit_and_compare (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdArticle *article = cd_window_get_article (f->window);
  GPtrArray *revisions = cd_article_get_revisions (article);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *styles = NULL;
  CdCompareWindow *compare;
  CdRevision *saved;
  CdBlock *paragraph;
  const char *space;
  guint n_revisions;
  guint n_changes;
  int row;

  /* Saving takes a revision, with the name from Preferences. */
  save (f, file);
  g_assert_cmpuint (revisions->len, >=, 1);
  saved = g_ptr_array_index (revisions, revisions->len - 1);
  g_assert_cmpstr (cd_revision_get_reason (saved), ==, "saved");
  g_assert_cmpstr (cd_revision_get_author (saved), ==, "Night Desk");

  /* The desk changes the first word of the first paragraph. */
  paragraph = first_paragraph (article);
  old_text = g_strdup (cd_block_get_text (paragraph));
  space = strchr (old_text, ' ');
  g_assert_nonnull (space);
  new_text = g_strconcat ("Meanwhile", space, NULL);
  cd_block_set_text_and_marks (paragraph, new_text, cd_block_get_marks (paragraph));
  g_assert_true (cd_window_get_modified (f->window));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-versions", NULL);
  compare = _cd_window_get_compare_window (f->window);
  g_assert_nonnull (compare);
  cd_test_wait_for (page_loaded, compare, "the compare page to load");

  /* The change is in the list, and in the page as the exact words. */
  row = find_row (compare, "“Meanwhile”");
  g_assert_cmpint (row, >=, 0);
  marked = evaluate (compare,
                     "[...document.querySelectorAll('ins')].map(e => e.textContent).join('|') + '#' + "
                     "[...document.querySelectorAll('del')].map(e => e.textContent).join('|') + '#' + "
                     "document.querySelector('ins').title + '#' + document.querySelector('del').title");
  g_assert_nonnull (g_strstr_len (marked, -1, "Meanwhile#"));
  {
    g_autofree char *first_word = g_strndup (old_text, space - old_text);
    g_autofree char *expected = g_strconcat ("#", first_word, "#inserted#deleted", NULL);

    g_assert_true (g_str_has_suffix (marked, expected));
  }
  /* Colour and a second cue: a line through or under the words. */
  styles = evaluate (compare,
                     "getComputedStyle(document.querySelector('ins')).textDecorationLine + ' ' + "
                     "getComputedStyle(document.querySelector('del')).textDecorationLine");
  g_assert_cmpstr (styles, ==, "underline line-through");

  /* The first change is selected; F8 steps to the next one (round to
   * the first after the last) and the page shows where it is. */
  g_assert_cmpint (cd_compare_window_get_selected (compare), ==, 0);
  n_changes = cd_comparison_get_changes (cd_compare_window_get_comparison (compare))->len;
  gtk_widget_activate_action (GTK_WIDGET (compare), "compare.next-change", NULL);
  g_assert_cmpint (cd_compare_window_get_selected (compare), ==, 1 % n_changes);
  while (cd_compare_window_get_selected (compare) != row)
    gtk_widget_activate_action (GTK_WIDGET (compare), "compare.next-change", NULL);
  {
    g_autofree char *script = g_strdup_printf ("String(document.querySelector('.cd-change-current [data-block-id=\"%s\"]') !== null)",
                                               cd_block_get_id (paragraph));
    PageWait wait = { compare, script, "true" };

    cd_test_wait_for (page_says, &wait, "the page to show the selected change");
  }
  gtk_widget_activate_action (GTK_WIDGET (compare), "compare.previous-change", NULL);
  g_assert_cmpint (cd_compare_window_get_selected (compare), ==,
                   row > 0 ? row - 1 : (int) n_changes - 1);
  gtk_list_box_select_row (_cd_compare_window_get_list (compare),
                           gtk_list_box_get_row_at_index (_cd_compare_window_get_list (compare), row));

  /* Reverting the change puts the word back, as one undo step. */
  gtk_widget_activate_action (GTK_WIDGET (compare), "compare.revert-change", NULL);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, old_text);
  g_assert_cmpint (find_row (compare, "“Meanwhile”"), ==, -1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, new_text);

  /* Restoring the saved version is itself a revision. */
  cd_compare_window_select (compare, cd_revision_get_id (saved), NULL);
  cd_test_wait_for (page_loaded, compare, "the compare page to load");
  g_assert_cmpint (find_row (compare, "“Meanwhile”"), >=, 0);
  n_revisions = revisions->len;
  gtk_widget_activate_action (GTK_WIDGET (compare), "compare.restore-version", NULL);
  /* The body is the version's blocks again (the same ids, new objects). */
  paragraph = first_paragraph (article);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, old_text);
  g_assert_cmpuint (revisions->len, ==, n_revisions + 1);
  g_assert_cmpstr (cd_revision_get_reason (g_ptr_array_index (revisions, revisions->len - 1)), ==, "restored");
  cd_test_wait_for (page_loaded, compare, "the compare page to load");
  g_assert_cmpuint (cd_comparison_get_changes (cd_compare_window_get_comparison (compare))->len, ==, 0);

  /* Undo in the story's window takes the whole restore back. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (cd_block_get_text (first_paragraph (article)), ==, new_text);
}

static AdwMessageDialog *
find_name_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* The keys of @widget's own shortcut controllers, as "KEY=ACTION". */
static GPtrArray *
widget_bindings (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GPtrArray *bindings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *key = NULL;
          g_autofree char *what = NULL;

          if (!GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          key = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                      gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
          what = gtk_shortcut_action_to_string (action);
          g_ptr_array_add (bindings, g_strdup_printf ("%s=%s", key, what));
        }
    }

  return bindings;
}

static void
test_step_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) bindings = NULL;
  CdCompareWindow *compare;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-versions", NULL);
  compare = _cd_window_get_compare_window (f->window);
  bindings = widget_bindings (GTK_WIDGET (compare));
  for (guint i = 0; i < bindings->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (bindings, i));
  g_assert_true (g_ptr_array_find_with_equal_func (bindings, "F8=action(compare.next-change)",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (bindings, "<Shift>F8=action(compare.previous-change)",
                                                   g_str_equal, NULL));
}

static void
test_named_version_survives (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *revisions;
  CdRevision *named;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  save (f, file);

  /* File ▸ Name This Version… asks for the name; naming a version of a
   * saved story writes it to the file at once. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.name-version", NULL);
  dialog = find_name_dialog ();
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "name"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Legal read ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "name"));
  adw_message_dialog_response (dialog, "name");
  cd_test_wait_for (not_saving, f->window, "the story to be saved");

  loaded = cd_document_load (file, &error);
  g_assert_no_error (error);
  revisions = cd_article_get_revisions (loaded);
  named = g_ptr_array_index (revisions, revisions->len - 1);
  g_assert_cmpstr (cd_revision_get_reason (named), ==, "named");
  g_assert_cmpstr (cd_revision_get_label (named), ==, "Legal read");
  g_assert_cmpstr (cd_revision_get_author (named), ==, "Night Desk");
}

static void
test_recovered_story_keeps_revisions (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) recovered = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  guint n_revisions;

  save (f, file);
  _cd_window_take_revision (f->window, CD_REVISION_NAMED, "Filed by reporter");
  cd_test_wait_for (not_saving, f->window, "the story to be saved");
  n_revisions = cd_article_get_revisions (cd_window_get_article (f->window))->len;

  /* What a journal gives back after a crash: the text, no revisions. */
  recovered = cd_article_copy (cd_window_get_article (f->window));
  g_ptr_array_set_size (cd_article_get_revisions (recovered), 0);
  cd_article_set_headline (recovered, "Recovered headline");
  {
    g_autofree char *journal_id = cd_recovery_new_id ();

    cd_window_show_recovered (f->window, recovered, file, journal_id);
  }
  save (f, file);

  loaded = cd_document_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (loaded), ==, "Recovered headline");
  /* The revisions the file had, and the save's own. */
  g_assert_cmpuint (cd_article_get_revisions (loaded)->len, ==, n_revisions + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = g_dir_make_tmp ("copydesk-test-compare-state-XXXXXX", NULL);

  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/compare/edit-and-compare", Fixture, NULL,
              fixture_set_up, test_edit_and_compare, fixture_tear_down);
  g_test_add ("/ui/compare/named-version-survives", Fixture, NULL,
              fixture_set_up, test_named_version_survives, fixture_tear_down);
  g_test_add ("/ui/compare/step-keys", Fixture, NULL,
              fixture_set_up, test_step_keys, fixture_tear_down);
  g_test_add ("/ui/compare/recovered-story-keeps-revisions", Fixture, NULL,
              fixture_set_up, test_recovered_story_keeps_revisions, fixture_tear_down);

  return g_test_run ();
}
