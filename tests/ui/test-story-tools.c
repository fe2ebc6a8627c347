/* test-story-tools.c: the lead photo editor, smart quotes and find and
 * replace, in the real window with the real WebKit preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-story-tools"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-application.h"
#include "cd-preview-private.h"
#include "cd-story-fields-private.h"
#include "cd-test-pixbuf.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"
#include "cd-window-private.h"

typedef struct
{
  CdWindow      *window;
  WebKitWebView *web_view;
  char          *tmp_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->window = cd_window_new (NULL);
  f->web_view = _cd_preview_get_web_view (_cd_window_get_preview (f->window));
  f->tmp_dir = g_dir_make_tmp ("copydesk-test-story-tools-XXXXXX", &error);
  g_assert_no_error (error);
  cd_test_count_loads (f->web_view);

  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for_load (f->web_view, 0, "the new story's preview");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer window = f->window;

  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  cd_test_wait_for (cd_test_pointer_is_null, &window, "the window to be finalized");

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

static char *
evaluate (Fixture    *f,
          const char *script)
{
  return cd_test_evaluate (f->web_view, script);
}

typedef struct
{
  Fixture    *f;
  const char *script;
  const char *expected;
  char       *last;
} PageWait;

static gboolean
page_shows (gpointer data)
{
  PageWait *wait = data;

  g_free (wait->last);
  wait->last = evaluate (wait->f, wait->script);

  return g_strcmp0 (wait->last, wait->expected) == 0;
}

/* Waits until @script gives @expected in the preview: the preview
 * patches itself at the next frame, not at once. */
static void
wait_for_page (Fixture    *f,
               const char *script,
               const char *expected)
{
  PageWait wait = { f, script, expected, NULL };

  cd_test_wait_for (page_shows, &wait, script);
  g_free (wait.last);
}

static char *
snapshot (CdArticle *article)
{
  g_autoptr(GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static CdArticle *
article_of (Fixture *f)
{
  return cd_story_fields_get_article (_cd_window_get_story_fields (f->window));
}

/* Types @text into an entry one character at a time, as its key
 * presses insert it at the caret. */
static void
type_into_entry (GtkEditable *entry,
                 const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = gtk_editable_get_position (entry);

      gtk_editable_insert_text (entry, p, g_utf8_next_char (p) - p, &position);
      gtk_editable_set_position (entry, position);
    }
}

/* Types @text one character at a time as the keyboard does: a text
 * view inserts each key press inside a user action. */
static void
type_into (GtkTextView *view,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, p, g_utf8_next_char (p) - p, TRUE);
      gtk_text_buffer_end_user_action (buffer);
    }
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
save_done (gpointer data)
{
  return !_cd_window_is_saving (data);
}

static void
undo (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
}

static void
redo (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
}

static void
test_lead_photo (Fixture       *f,
                 gconstpointer  data)
{
  CdLeadPhotoEditor *editor = _cd_window_get_lead_photo_editor (f->window);
  CdArticle *article = article_of (f);
  g_autoptr(GBytes) dawn = cd_test_solid_png (0x3465a4ff, 320, 200);
  g_autoptr(GBytes) dusk = cd_test_solid_png (0xc64600ff, 200, 320);
  g_autoptr(GBytes) junk = g_bytes_new_static ("not an image at all", 19);
  g_autoptr(GError) error = NULL;
  g_autofree char *with_dawn = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *path = g_build_filename (f->tmp_dir, "lead.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) reloaded = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *read_back = NULL;
  g_autofree char *redone = NULL;
  CdBlock *lead;

  /* A new story has none: the editor offers to add one. */
  g_assert_null (cd_article_get_lead (article));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (editor)));

  /* What the sniffer refuses never becomes the lead, and says why. */
  g_assert_false (cd_lead_photo_editor_set_image (editor, junk, "notes.txt", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_clear_error (&error);
  g_assert_null (cd_article_get_lead (article));

  /* Add: the preview shows it above the body. */
  g_assert_true (cd_lead_photo_editor_set_image (editor, dawn, "dawn.png", &error));
  g_assert_no_error (error);
  lead = cd_article_get_lead (article);
  g_assert_nonnull (lead);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "media/dawn.png");
  g_assert_cmpuint (cd_block_get_width (lead), ==, 320);
  wait_for_page (f, "document.querySelector('figure.lead img') !== null", "true");

  /* Alt text, caption and credit go through the model to the page. */
  type_into (cd_lead_photo_editor_get_view (editor, "alt"), "Sandbags on a levee");
  type_into (cd_lead_photo_editor_get_view (editor, "caption"), "The levee at dawn, still holding");
  type_into (cd_lead_photo_editor_get_view (editor, "credit"), "Jane Roe/Desk");
  lead = cd_article_get_lead (article);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_ALT), ==, "Sandbags on a levee");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION), ==, "The levee at dawn, still holding");
  wait_for_page (f, "document.querySelector('figure.lead img')?.alt", "Sandbags on a levee");
  wait_for_page (f, "document.querySelector('figure.lead .credit')?.textContent", "Jane Roe/Desk");
  with_dawn = snapshot (article);

  /* Replace keeps the words, changes the picture; one undo each way. */
  g_assert_true (cd_lead_photo_editor_set_image (editor, dusk, "dusk.png", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_SRC), ==, "media/dusk.png");
  g_assert_cmpuint (cd_block_get_width (cd_article_get_lead (article)), ==, 200);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CREDIT), ==, "Jane Roe/Desk");
  undo (f);
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, with_dawn);
  redo (f);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_SRC), ==, "media/dusk.png");

  /* Saved and read back, the lead is the same, bytes and all. */
  _cd_window_save_to (f->window, file);
  cd_test_wait_for (save_done, f->window, "the save to finish");
  g_assert_null (_cd_window_get_error_message (f->window));
  reloaded = cd_document_load (file, &error);
  g_assert_no_error (error);
  saved = snapshot (article);
  read_back = snapshot (reloaded);
  g_assert_cmpstr (read_back, ==, saved);
  g_assert_true (g_bytes_equal (cd_article_get_media (reloaded, "media/dusk.png"), dusk));

  /* Remove, and undo brings it back whole; redo removes it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "lead.remove", NULL));
  g_assert_null (cd_article_get_lead (article));
  wait_for_page (f, "document.querySelector('figure.lead') === null", "true");
  undo (f);
  g_free (undone);
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, saved);
  wait_for_page (f, "document.querySelector('figure.lead img') !== null", "true");
  g_assert_cmpstr (view_text (cd_lead_photo_editor_get_view (editor, "caption")), ==,
                   "The levee at dawn, still holding");
  redo (f);
  g_assert_null (cd_article_get_lead (article));
  redone = snapshot (article);
  g_assert_cmpstr (redone, !=, saved);

  /* Going back to before the first photo leaves no lead at all. */
  while (cd_history_can_undo (_cd_window_get_history (f->window)))
    undo (f);
  g_assert_null (cd_article_get_lead (article));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_first_child (GTK_WIDGET (editor))));
}

static void
test_use_as_lead_photo (Fixture       *f,
                        gconstpointer  data)
{
  CdArticle *article = article_of (f);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) photo = cd_test_solid_png (0x4e9a06ff, 300, 200);
  g_autofree char *src = NULL;
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  guint n_blocks;

  src = cd_media_store (article, photo, "crews.png", NULL, NULL);
  g_assert_nonnull (src);
  cd_block_set_id (figure, "f-crews");
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "Crews at work");
  cd_article_append_block (article, figure);
  cd_history_break (_cd_window_get_history (f->window));
  n_blocks = cd_article_get_n_blocks (article);
  before = snapshot (article);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.use-as-lead-photo", "s", "f-crews"));
  g_assert_nonnull (cd_article_get_lead (article));
  g_assert_cmpstr (cd_block_get_id (cd_article_get_lead (article)), ==, "f-crews");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, n_blocks - 1);
  g_assert_cmpstr (view_text (cd_lead_photo_editor_get_view (_cd_window_get_lead_photo_editor (f->window), "caption")),
                   ==, "Crews at work");
  wait_for_page (f, "document.querySelector('figure.lead figcaption')?.textContent.trim()", "Crews at work");

  undo (f);
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
  g_assert_null (cd_article_get_lead (article));

  /* A block that is not a photo is refused, and nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.use-as-lead-photo", "s",
                                             cd_block_get_id (cd_article_get_block (article, 0))));
  g_assert_null (cd_article_get_lead (article));
  g_free (undone);
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
}

static void
test_smart_quotes (Fixture       *f,
                   gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  GtkTextView *headline = _cd_story_fields_get_headline (fields);
  GtkTextView *dek = _cd_story_fields_get_subheadline (fields);
  CdArticle *article = article_of (f);
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  type_into (headline, "Mayor says \"no\" -- it's final");
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Mayor says “no” — it’s final");
  g_assert_cmpstr (view_text (headline), ==, "Mayor says “no” — it’s final");
  wait_for_page (f, "document.querySelector('article h1').textContent", "Mayor says “no” — it’s final");

  /* One Ctrl+Z right after a replacement gives back what was typed. */
  type_into (headline, " \"");
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Mayor says “no” — it’s final “");
  undo (f);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Mayor says “no” — it’s final \"");
  g_assert_cmpstr (view_text (headline), ==, "Mayor says “no” — it’s final \"");
  redo (f);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Mayor says “no” — it’s final “");

  /* Bylines and the dateline are entries, and get them too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fields), "fields.add-byline", NULL));
  type_into_entry (_cd_story_fields_get_byline_name (fields, 0), "Siobhan O'Brien");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (cd_article_get_bylines (article), 0))->name, ==,
                   "Siobhan O’Brien");
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_byline_name (fields, 0)), ==, "Siobhan O’Brien");
  undo (f);
  undo (f);
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (cd_article_get_bylines (article), 0))->name, ==,
                   "Siobhan O'");
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_byline_name (fields, 0)), ==, "Siobhan O'");
  type_into_entry (_cd_story_fields_get_dateline_place (fields), "ST. JOHN'S");
  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "ST. JOHN’S");

  /* The story's language chooses the marks. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "de");
  type_into (dek, "\"Nein\", sagt er");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), ==, "„Nein“, sagt er");

  /* Text set by the program (as undo and opening do) is left alone. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (dek), "\"raw\"", -1);
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), ==, "\"raw\"");

  /* The Preferences switch turns it off. */
  g_settings_set_boolean (settings, "smart-typing", FALSE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (dek), "", -1);
  type_into (dek, "\"off\" -- it's");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), ==, "\"off\" -- it's");
  g_settings_reset (settings, "smart-typing");
}

typedef struct
{
  CdFindBar *bar;
  guint      n;
} MatchWait;

static gboolean
bar_has_matches (gpointer data)
{
  MatchWait *wait = data;
  GPtrArray *matches = cd_find_bar_get_matches (wait->bar);

  return matches != NULL && matches->len == wait->n;
}

static gboolean
has_tag_at (GtkTextView *view,
            const char  *name,
            int          offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return tag != NULL && gtk_text_iter_has_tag (&iter, tag);
}

static void
block_focused_cb (CdBlockEditor *editor,
                  const char    *block_id,
                  char         **last)
{
  g_free (*last);
  *last = g_strdup (block_id);
}

static void
test_find_replace (Fixture       *f,
                   gconstpointer  data)
{
  CdFindBar *bar = _cd_window_get_find_bar (f->window);
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  GtkTextView *headline = _cd_story_fields_get_headline (fields);
  CdArticle *article = article_of (f);
  g_autoptr(CdBlock) second = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GBytes) photo = cd_test_solid_png (0x75507bff, 120, 80);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *focused_block = NULL;
  MatchWait wait = { bar, 5 };
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (headline);
  GtkTextIter start;
  GtkTextIter end;
  CdMark *mark;

  cd_article_set_headline (article, "Levee holds as levee crews rest");
  cd_block_set_text (cd_article_get_block (article, 0), "The levees held.");
  cd_block_set_id (second, "p-second");
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 4, 9, NULL));
  cd_block_set_text_and_marks (second, "The levee is fine.", marks);
  cd_article_append_block (article, second);
  g_assert_true (cd_lead_photo_editor_set_image (_cd_window_get_lead_photo_editor (f->window), photo,
                                                 "levee.png", NULL));
  cd_block_set_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION, "A levee");
  cd_history_break (_cd_window_get_history (f->window));

  /* Ctrl+H opens the bar with its replace row, the find field focused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find-replace", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (cd_find_bar_get_find_entry (bar))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (cd_find_bar_get_find_entry (bar))));

  /* Every field and block is searched, the headline's matches lit. */
  gtk_editable_set_text (cd_find_bar_get_find_entry (bar), "levee");
  cd_test_wait_for (bar_has_matches, &wait, "five matches of “levee”");
  g_assert_true (has_tag_at (headline, "cd-find-current", 0));
  g_assert_true (has_tag_at (headline, "cd-find-match", 15));
  g_assert_false (has_tag_at (headline, "cd-find-match", 10));
  g_assert_true (has_tag_at (cd_lead_photo_editor_get_view (_cd_window_get_lead_photo_editor (f->window), "caption"),
                             "cd-find-match", 3));

  /* Next goes to the second match, selected in the headline. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.next", NULL));
  g_assert_cmpint (cd_find_bar_get_current (bar), ==, 1);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 15);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, 20);

  /* Whole words leaves out "levees". */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_last_child (gtk_widget_get_last_child (GTK_WIDGET (bar)))),
                               TRUE);
  wait.n = 4;
  cd_test_wait_for (bar_has_matches, &wait, "four whole-word matches");

  /* The fourth is in the body: the caret goes to its block. */
  g_signal_connect (_cd_window_get_block_editor (f->window), "block-focused",
                    G_CALLBACK (block_focused_cb), &focused_block);
  for (int i = cd_find_bar_get_current (bar); i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.next", NULL));
  g_assert_cmpint (cd_find_bar_get_current (bar), ==, 3);
  g_assert_cmpstr (focused_block, ==, "p-second");
  g_signal_handlers_disconnect_by_func (_cd_window_get_block_editor (f->window), block_focused_cb, &focused_block);

  /* Replace All is one step: one undo puts every one back. */
  before = snapshot (article);
  gtk_editable_set_text (cd_find_bar_get_replace_entry (bar), "dike");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.replace-all", NULL));
  g_assert_cmpstr (cd_article_get_headline (article), ==, "dike holds as dike crews rest");
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==, "The levees held.");
  g_assert_cmpstr (cd_block_get_text (second), ==, "The dike is fine.");
  mark = g_ptr_array_index (cd_block_get_marks (second), 0);
  g_assert_cmpuint (mark->start, ==, 4);
  g_assert_cmpuint (mark->end, ==, 8);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION), ==, "A dike");
  wait.n = 0;
  cd_test_wait_for (bar_has_matches, &wait, "no match left");
  wait_for_page (f, "document.querySelector('article h1').textContent", "dike holds as dike crews rest");
  after = snapshot (article);

  undo (f);
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
  wait_for_page (f, "document.querySelector('article h1').textContent", "Levee holds as levee crews rest");
  redo (f);
  g_free (undone);
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, after);

  /* Escape closes the bar and takes the highlights away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.close", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_false (has_tag_at (headline, "cd-find-match", 0));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = g_dir_make_tmp ("copydesk-test-story-tools-state-XXXXXX", NULL);
  g_assert_nonnull (state_dir);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/lead/add-replace-remove", Fixture, NULL,
              fixture_set_up, test_lead_photo, fixture_tear_down);
  g_test_add ("/ui/lead/use-as-lead-photo", Fixture, NULL,
              fixture_set_up, test_use_as_lead_photo, fixture_tear_down);
  g_test_add ("/ui/smart-typing/headline", Fixture, NULL,
              fixture_set_up, test_smart_quotes, fixture_tear_down);
  g_test_add ("/ui/find/replace-all", Fixture, NULL,
              fixture_set_up, test_find_replace, fixture_tear_down);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
