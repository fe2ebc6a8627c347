/* test-block-editor.c: the block editor, driven in a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include <string.h>

#include "cd-block-editor-private.h"
#include "cd-block-media.h"
#include "cd-test-image.h"

/* Waits are for events, never for time; the deadline only turns a hang
 * into a failure with a message. */
#define WAIT_SECONDS 30

typedef gboolean (*Predicate) (gpointer data);

typedef struct
{
  GtkWidget     *window;
  CdBlockEditor *editor;
  CdArticle     *article;
  CdHistory     *history;
  GPtrArray     *focused_ids;
} Fixture;

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Predicate   predicate,
          gpointer    data,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (50, wake_cb, NULL);

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_id);
}

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
add_mark (CdBlock    *block,
          CdMarkType  type,
          guint       start,
          guint       end,
          const char *href)
{
  g_autoptr(GPtrArray) marks = cd_marks_copy (cd_block_get_marks (block));

  g_ptr_array_add (marks, cd_mark_new (type, start, end, href));
  cd_marks_sort (marks);
  cd_block_set_marks (block, marks);
}

static CdBlock *
append_block (CdArticle   *article,
              CdBlockType  type,
              const char  *id,
              const char  *text)
{
  g_autoptr(CdBlock) block = cd_block_new (type);

  if (id != NULL)
    cd_block_set_id (block, id);
  if (text != NULL)
    cd_block_set_text (block, text);
  cd_article_append_block (article, block);

  return block;
}

/* p1 "Hello brave world" (strong "brave", em "world"), p2, h1, d1. */
static CdArticle *
make_article (void)
{
  CdArticle *article = cd_article_new ();
  CdBlock *p1;

  p1 = append_block (article, CD_BLOCK_PARAGRAPH, "p1", "Hello brave world");
  add_mark (p1, CD_MARK_STRONG, 6, 11, NULL);
  add_mark (p1, CD_MARK_EM, 12, 17, NULL);
  append_block (article, CD_BLOCK_PARAGRAPH, "p2", "Second paragraph.");
  append_block (article, CD_BLOCK_HEADING, "h1", "A subheading");
  append_block (article, CD_BLOCK_DIVIDER, "d1", NULL);

  return article;
}

/* Mapped and laid out: text views know where their lines are. */
static gboolean
is_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 100;
}

static void
block_focused_cb (CdBlockEditor *editor,
                  const char    *id,
                  Fixture       *f)
{
  g_ptr_array_add (f->focused_ids, g_strdup (id));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *scrolled;

  f->article = make_article ();
  f->history = cd_history_new (f->article);
  f->focused_ids = g_ptr_array_new_with_free_func (g_free);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 900);
  scrolled = gtk_scrolled_window_new ();
  f->editor = CD_BLOCK_EDITOR (cd_block_editor_new ());
  g_signal_connect (f->editor, "block-focused", G_CALLBACK (block_focused_cb), f);
  cd_block_editor_set_article (f->editor, f->article, f->history);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->editor));
  gtk_window_set_child (GTK_WINDOW (f->window), scrolled);
  gtk_window_present (GTK_WINDOW (f->window));

  wait_for (is_shown, f->editor, "the editor to be shown");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  drain_main_loop ();
  g_clear_object (&f->history);
  g_clear_object (&f->article);
  g_ptr_array_unref (f->focused_ids);
}

static char *
article_json (CdArticle *article)
{
  g_autoptr(GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static CdBlock *
block_at (Fixture *f,
          guint    position)
{
  return cd_article_get_block (f->article, position);
}

static void
assert_mark (GPtrArray  *marks,
             guint       index,
             CdMarkType  type,
             guint       start,
             guint       end)
{
  CdMark *mark;

  g_assert_cmpuint (index, <, marks->len);
  mark = g_ptr_array_index (marks, index);
  g_assert_cmpint (mark->type, ==, type);
  g_assert_cmpuint (mark->start, ==, start);
  g_assert_cmpuint (mark->end, ==, end);
}

/* Every row shows its block, in the model's order. */
static void
assert_rows_match (Fixture *f)
{
  guint n = cd_article_get_n_blocks (f->article);

  g_assert_cmpuint (_cd_block_editor_get_n_rows (f->editor), ==, n);
  for (guint i = 0; i < n; i++)
    {
      CdBlockRow *row = _cd_block_editor_get_row (f->editor, i);

      g_assert_true (cd_block_row_get_block (row) == block_at (f, i));
      g_assert_true (gtk_widget_get_parent (GTK_WIDGET (row)) != NULL);
    }

  /* The rows are in story order on screen, which is the focus order. */
  for (guint i = 1; i < n; i++)
    g_assert_true (gtk_widget_get_prev_sibling (GTK_WIDGET (_cd_block_editor_get_row (f->editor, i))) ==
                   GTK_WIDGET (_cd_block_editor_get_row (f->editor, i - 1)));
}

static void
focus (Fixture    *f,
       const char *id,
       int         offset)
{
  g_assert_true (cd_block_editor_focus_block (f->editor, id, offset));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, id);
}

static gboolean
press (Fixture *f,
       guint    keyval)
{
  return _cd_block_editor_handle_key (f->editor, keyval, 0);
}

static void
test_rows_follow_model (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CdBlock) inserted = cd_block_new (CD_BLOCK_QUOTE);
  CdBlockRow *first;
  CdBlockRow *second;
  CdBlockRow *last;

  assert_rows_match (f);
  first = _cd_block_editor_get_row (f->editor, 0);
  second = _cd_block_editor_get_row (f->editor, 1);
  last = _cd_block_editor_get_row (f->editor, 3);

  g_assert_nonnull (cd_block_row_get_text_view (first));
  g_assert_null (cd_block_row_get_text_view (last));

  /* An insert creates one row; the others are the same widgets. */
  cd_article_insert_block (f->article, 1, inserted);
  assert_rows_match (f);
  g_assert_true (_cd_block_editor_get_row (f->editor, 0) == first);
  g_assert_true (_cd_block_editor_get_row (f->editor, 2) == second);
  g_assert_true (_cd_block_editor_get_row (f->editor, 4) == last);

  /* A move keeps every row and reorders them. */
  cd_article_move_block (f->article, 0, 3);
  assert_rows_match (f);
  g_assert_true (_cd_block_editor_get_row (f->editor, 3) == first);
  g_assert_true (_cd_block_editor_get_row (f->editor, 1) == second);

  cd_article_remove_block (f->article, 3);
  assert_rows_match (f);
  g_assert_true (_cd_block_editor_get_row (f->editor, 3) == last);

  /* A change to a block from elsewhere shows in its row. */
  cd_block_set_text (block_at (f, 1), "Changed elsewhere");
  {
    g_autofree char *text = buffer_text (_cd_block_editor_get_row_buffer (f->editor, 1));

    g_assert_cmpstr (text, ==, "Changed elsewhere");
  }

  cd_block_editor_set_article (f->editor, NULL, NULL);
  g_assert_cmpuint (_cd_block_editor_get_n_rows (f->editor), ==, 0);
  g_assert_null (cd_block_editor_get_article (f->editor));
}

static void
test_rows_show_marks (Fixture       *f,
                      gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_block_editor_get_row_buffer (f->editor, 0);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *strong = gtk_text_tag_table_lookup (table, "strong");
  GtkTextTag *em = gtk_text_tag_table_lookup (table, "em");
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 5);
  g_assert_false (gtk_text_iter_has_tag (&iter, strong));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 6);
  g_assert_true (gtk_text_iter_has_tag (&iter, strong));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 10);
  g_assert_true (gtk_text_iter_has_tag (&iter, strong));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 11);
  g_assert_false (gtk_text_iter_has_tag (&iter, strong));
  g_assert_false (gtk_text_iter_has_tag (&iter, em));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 16);
  g_assert_true (gtk_text_iter_has_tag (&iter, em));
}

static void
test_typing (Fixture       *f,
             gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_block_editor_get_row_buffer (f->editor, 1);
  GPtrArray *marks;

  /* The window's history gets Ctrl+Z, not the buffer. */
  g_assert_false (gtk_text_buffer_get_enable_undo (buffer));

  focus (f, "p2", -1);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, " More", -1, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, " text.", -1, TRUE);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph. More text.");
  g_assert_true (cd_history_can_undo (f->history));

  /* Typing one keystroke at a time is undone at once. */
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.");
  g_assert_false (cd_history_can_undo (f->history));

  /* Typing inside bold text continues it; offsets are code points. */
  buffer = _cd_block_editor_get_row_buffer (f->editor, 0);
  focus (f, "p1", 8);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "é✓", -1, TRUE);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello bré✓ave world");
  marks = cd_block_get_marks (block_at (f, 0));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_STRONG, 6, 13);
  assert_mark (marks, 1, CD_MARK_EM, 14, 19);

  /* A line break cannot enter a paragraph; a space keeps the offsets. */
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "\n", -1, TRUE);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello bré✓ ave world");
}

static void
test_model_change_updates_buffer (Fixture       *f,
                                  gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_block_editor_get_row_buffer (f->editor, 0);
  g_autofree char *before = article_json (f->article);
  g_autofree char *after_undo = NULL;
  g_autofree char *text = NULL;
  GtkTextIter iter;

  focus (f, "p1", 5);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, ",", -1, TRUE);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello, brave world");

  g_assert_true (cd_history_undo (f->history));
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Hello brave world");
  after_undo = article_json (f->article);
  g_assert_cmpstr (after_undo, ==, before);

  /* Following the model wrote nothing back: the redo step survives. */
  g_assert_true (cd_history_can_redo (f->history));
  g_assert_false (cd_history_can_undo (f->history));

  /* The caret stays where the change was. */
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 5);

  g_assert_true (cd_history_redo (f->history));
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Hello, brave world");

  /* Marks changed by someone else are shown too. */
  add_mark (block_at (f, 1), CD_MARK_EM, 0, 6, NULL);
  buffer = _cd_block_editor_get_row_buffer (f->editor, 1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 3);
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "em")));
}

static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *before = article_json (f->article);
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *redone = NULL;
  GPtrArray *marks;
  CdBlock *second;

  focus (f, "p1", 8);
  g_assert_true (press (f, GDK_KEY_Return));

  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 5);
  assert_rows_match (f);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello br");
  marks = cd_block_get_marks (block_at (f, 0));
  g_assert_cmpuint (marks->len, ==, 1);
  assert_mark (marks, 0, CD_MARK_STRONG, 6, 8);

  second = block_at (f, 1);
  g_assert_cmpint (cd_block_get_block_type (second), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_get_text (second), ==, "ave world");
  marks = cd_block_get_marks (second);
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_STRONG, 0, 3);
  assert_mark (marks, 1, CD_MARK_EM, 4, 9);

  /* The caret moved to the start of the new block. */
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (second));
  g_assert_cmpint (cd_block_row_get_cursor (_cd_block_editor_get_row (f->editor, 1)), ==, 0);
  g_assert_cmpstr (g_ptr_array_index (f->focused_ids, f->focused_ids->len - 1), ==,
                   cd_block_get_id (second));

  /* One undo step restores the story exactly. */
  after = article_json (f->article);
  g_assert_true (cd_history_undo (f->history));
  g_assert_false (cd_history_can_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);
  assert_rows_match (f);
  {
    g_autofree char *text = buffer_text (_cd_block_editor_get_row_buffer (f->editor, 0));

    g_assert_cmpstr (text, ==, "Hello brave world");
  }

  g_assert_true (cd_history_redo (f->history));
  redone = article_json (f->article);
  g_assert_cmpstr (redone, ==, after);
  assert_rows_match (f);
}

static void
test_split_ends (Fixture       *f,
                 gconstpointer  data)
{
  /* Enter at the end of a heading starts a paragraph. */
  focus (f, "h1", -1);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.split-block", NULL);
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 5);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 2)), ==, CD_BLOCK_HEADING);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "A subheading");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 3)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "");
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (block_at (f, 3)));

  /* Typing goes into the new paragraph. */
  gtk_text_buffer_insert_interactive_at_cursor (_cd_block_editor_get_row_buffer (f->editor, 3),
                                                "New", -1, TRUE);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "New");

  /* Enter at the start opens an empty paragraph above. */
  focus (f, "p2", 0);
  g_assert_true (press (f, GDK_KEY_KP_Enter));
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 2)), ==, "p2");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Second paragraph.");
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p2");

  /* A selection is replaced by the split. */
  focus (f, "p2", 0);
  {
    GtkTextBuffer *buffer = _cd_block_editor_get_row_buffer (f->editor, 2);
    GtkTextIter start;
    GtkTextIter end;

    gtk_text_buffer_get_iter_at_offset (buffer, &start, 6);
    gtk_text_buffer_get_iter_at_offset (buffer, &end, 7);
    gtk_text_buffer_select_range (buffer, &start, &end);
  }
  g_assert_true (press (f, GDK_KEY_Return));
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Second");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "paragraph.");
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Second paragraph.");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "A subheading");

  /* Keys with Control are not the editor's. */
  focus (f, "p2", 3);
  g_assert_false (_cd_block_editor_handle_key (f->editor, GDK_KEY_Return, GDK_CONTROL_MASK));
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *before = article_json (f->article);
  g_autofree char *restored = NULL;
  GPtrArray *marks;

  add_mark (block_at (f, 1), CD_MARK_EM, 0, 6, NULL);
  g_free (before);
  before = article_json (f->article);

  /* Backspace in the middle is the text view's. */
  focus (f, "p2", 3);
  g_assert_false (press (f, GDK_KEY_BackSpace));

  focus (f, "p2", 0);
  g_assert_true (press (f, GDK_KEY_BackSpace));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  assert_rows_match (f);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brave worldSecond paragraph.");
  marks = cd_block_get_marks (block_at (f, 0));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_STRONG, 6, 11);
  assert_mark (marks, 1, CD_MARK_EM, 12, 23);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p1");
  g_assert_cmpint (cd_block_row_get_cursor (_cd_block_editor_get_row (f->editor, 0)), ==, 17);

  g_assert_true (cd_history_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);
  assert_rows_match (f);

  /* Delete at the end pulls the next block in: a heading into a
   * paragraph keeps the paragraph. */
  focus (f, "p2", -1);
  g_assert_true (press (f, GDK_KEY_Delete));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.A subheading");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpint (cd_block_row_get_cursor (_cd_block_editor_get_row (f->editor, 1)), ==, 17);

  /* Nothing merges into a divider; Delete at the end before it does
   * nothing, Backspace in an empty paragraph after it removes that. */
  g_assert_false (press (f, GDK_KEY_Delete));
  focus (f, "d1", 0);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.insert-block", "s", "paragraph");
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 4);
  g_assert_true (press (f, GDK_KEY_BackSpace));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "d1");
  assert_rows_match (f);
}

static void
test_insert_types (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const types[] = {
    "paragraph", "heading", "quote", "pullquote", "list", "figure", "embed", "divider",
  };

  focus (f, "p1", 0);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      guint n = cd_article_get_n_blocks (f->article);
      CdBlockType type;
      CdBlock *block;
      CdBlockRow *row;

      g_assert_true (cd_block_type_from_string (types[i], &type));
      gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.insert-block", "s", types[i]);

      /* After the focused block, which the new one becomes. */
      g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, n + 1);
      block = block_at (f, i + 1);
      g_assert_cmpint (cd_block_get_block_type (block), ==, type);
      row = _cd_block_editor_get_row (f->editor, i + 1);
      g_assert_true (cd_block_row_get_block (row) == block);
      g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (block));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
    }
  assert_rows_match (f);

  /* A new list has one item to type into. */
  g_assert_cmpuint (cd_block_get_items (block_at (f, 5))->len, ==, 1);

  /* Every insert is its own undo step. */
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 4 + G_N_ELEMENTS (types) - 1);
  assert_rows_match (f);
}

static void
test_move_delete (Fixture       *f,
                  gconstpointer  data)
{
  CdBlockRow *row;

  focus (f, "p2", 3);
  row = _cd_block_editor_get_row (f->editor, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL));
  g_assert_cmpstr (cd_block_get_id (block_at (f, 0)), ==, "p2");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "p1");
  /* The same row moved, keeping its caret. */
  g_assert_true (_cd_block_editor_get_row (f->editor, 0) == row);
  g_assert_cmpint (cd_block_row_get_cursor (row), ==, 3);
  assert_rows_match (f);

  /* At the top, moving up does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 0)), ==, "p2");

  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-down", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-down", NULL);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 0)), ==, "p1");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "h1");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 2)), ==, "p2");
  assert_rows_match (f);

  /* A move is one undo step. */
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "p2");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 2)), ==, "h1");
  assert_rows_match (f);

  focus (f, "p2", 0);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.delete-block", NULL);
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  g_assert_null (cd_article_find_block (f->article, "p2", NULL));
  assert_rows_match (f);
  /* The caret goes to the next block. */
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "h1");

  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "p2");
  assert_rows_match (f);
}

static void
test_heading_level_and_turn_into (Fixture       *f,
                                  gconstpointer  data)
{
  CdBlockRow *row;

  focus (f, "h1", 2);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.set-level", "i", 3);
  g_assert_cmpuint (cd_block_get_level (block_at (f, 2)), ==, 3);
  row = _cd_block_editor_get_row (f->editor, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "level-3"));
  cd_history_undo (f->history);
  g_assert_cmpuint (cd_block_get_level (block_at (f, 2)), ==, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "level-2"));

  focus (f, "p1", 2);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.turn-into", "s", "quote");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_QUOTE);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 0)), ==, "p1");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brave world");
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 0))->len, ==, 2);
  assert_rows_match (f);
  g_assert_nonnull (cd_block_row_get_entry (_cd_block_editor_get_row (f->editor, 0),
                                            CD_BLOCK_FIELD_ATTRIBUTION));
  cd_history_undo (f->history);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_PARAGRAPH);
  assert_rows_match (f);
}

static void
select_offsets (GtkTextBuffer *buffer,
                int            start,
                int            end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, end);
  gtk_text_buffer_select_range (buffer, &start_iter, &end_iter);
}

static void
test_formatting (Fixture       *f,
                 gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_block_editor_get_row_buffer (f->editor, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GPtrArray *marks;
  CdMark *link;

  focus (f, "p2", 0);
  select_offsets (buffer, 7, 16);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL));
  marks = cd_block_get_marks (block_at (f, 1));
  g_assert_cmpuint (marks->len, ==, 1);
  assert_mark (marks, 0, CD_MARK_STRONG, 7, 16);

  /* Again on the same text takes it off. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);

  /* Without a selection, the word at the caret. */
  focus (f, "p2", 2);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.italic", NULL);
  marks = cd_block_get_marks (block_at (f, 1));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_EM, 0, 6);
  assert_mark (marks, 1, CD_MARK_STRONG, 7, 16);

  /* Formatting is its own undo step, apart from typing. */
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "x", -1, TRUE);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Sexcond paragraph.");
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.");
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 2);
  cd_history_undo (f->history);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 1);

  /* Links: only web and mail addresses. */
  select_offsets (buffer, 0, 6);
  g_assert_true (_cd_block_editor_set_link (f->editor, "https://example.org/a?b=1&c=2", &error));
  g_assert_no_error (error);
  marks = cd_block_get_marks (block_at (f, 1));
  link = NULL;
  for (guint i = 0; i < marks->len; i++)
    if (((CdMark *) g_ptr_array_index (marks, i))->type == CD_MARK_LINK)
      link = g_ptr_array_index (marks, i);
  g_assert_nonnull (link);
  g_assert_cmpuint (link->start, ==, 0);
  g_assert_cmpuint (link->end, ==, 6);
  g_assert_cmpstr (link->href, ==, "https://example.org/a?b=1&c=2");

  before = article_json (f->article);
  g_assert_false (_cd_block_editor_set_link (f->editor, "javascript:alert(1)", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "javascript:alert(1)"));
  g_clear_error (&error);
  g_assert_false (_cd_block_editor_set_link (f->editor, "data:text/html,x", &error));
  g_clear_error (&error);
  /* A link that hides its host is refused, saying why. */
  g_assert_false (_cd_block_editor_set_link (f->editor, "https://x.com@evil.example/", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "user name before “@”"));
  g_clear_error (&error);
  g_assert_false (_cd_block_editor_set_link (f->editor, "https://evil.example\\@x.com/", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_clear_error (&error);
  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);

  /* With the caret in a link, the whole link is removed. */
  focus (f, "p2", 3);
  g_assert_true (_cd_block_editor_set_link (f->editor, NULL, &error));
  marks = cd_block_get_marks (block_at (f, 1));
  for (guint i = 0; i < marks->len; i++)
    g_assert_cmpint (((CdMark *) g_ptr_array_index (marks, i))->type, !=, CD_MARK_LINK);

  select_offsets (buffer, 7, 16);
  g_assert_true (_cd_block_editor_set_link (f->editor, "mailto:desk@example.org", &error));

  /* A pull quote carries no marks: formatting does nothing there. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.insert-block", "s", "pullquote");
  gtk_text_buffer_insert_interactive_at_cursor (_cd_block_editor_get_row_buffer (f->editor, 2),
                                                "Words", -1, TRUE);
  select_offsets (_cd_block_editor_get_row_buffer (f->editor, 2), 0, 5);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 2))->len, ==, 0);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Words");
}

static void
test_link_popover (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *popover = _cd_block_editor_get_link_popover (f->editor);
  GtkTextBuffer *buffer = _cd_block_editor_get_row_buffer (f->editor, 1);
  GtkWidget *entry;
  GPtrArray *marks;

  focus (f, "p2", 0);
  select_offsets (buffer, 0, 6);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.link", NULL);
  g_assert_true (gtk_widget_get_visible (popover));

  entry = gtk_widget_get_first_child (gtk_popover_get_child (GTK_POPOVER (popover)));
  entry = gtk_widget_get_next_sibling (entry);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (entry),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Link address"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp://example.org/");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 0);

  /* An address typed without its scheme gets https://. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "www.example.org/page");
  g_signal_emit_by_name (entry, "activate");
  marks = cd_block_get_marks (block_at (f, 1));
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpint (((CdMark *) g_ptr_array_index (marks, 0))->type, ==, CD_MARK_LINK);
  g_assert_cmpstr (((CdMark *) g_ptr_array_index (marks, 0))->href, ==, "https://www.example.org/page");
  g_assert_false (gtk_widget_get_visible (popover));
}

static void
test_embed_url (Fixture       *f,
                gconstpointer  data)
{
  CdBlockRow *row;
  GtkWidget *entry;
  GtkLabel *message;
  CdBlock *embed;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  focus (f, "p2", 0);
  embed = cd_block_editor_insert_block (f->editor, CD_BLOCK_EMBED);
  g_assert_nonnull (embed);
  g_assert_true (block_at (f, 2) == embed);
  row = _cd_block_editor_get_row (f->editor, 2);
  entry = cd_block_row_get_entry (row, CD_BLOCK_FIELD_URL);
  message = cd_block_row_get_message (row);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));

  before = article_json (f->article);
  gtk_editable_set_text (GTK_EDITABLE (entry), "javascript:alert(1)");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "https"));
  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);

  gtk_editable_set_text (GTK_EDITABLE (entry), "http://x.com/someone/status/1234567890");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_clear_pointer (&after, g_free);
  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);
  /* The refused address stays for the writer to fix. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "http://x.com/someone/status/1234567890");

  gtk_editable_set_text (GTK_EDITABLE (entry), " https://x.com/someone/status/1234567890 ");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_URL), ==, "https://x.com/someone/status/1234567890");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_PROVIDER), ==, "x");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_KIND), ==, "post");

  /* The fallback fields write straight through. */
  gtk_editable_set_text (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_AUTHOR)), "Someone");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "Someone");
  g_assert_false (gtk_editable_get_enable_undo (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_AUTHOR))));

  /* Setting the address is one undo step, and undo shows in the entry. */
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_AUTHOR))), ==, "");
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_PROVIDER), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

/* --- Fetch details, against an oEmbed endpoint on 127.0.0.1 ------------- */

static const char post_url[] = "https://twitter.com/Interior/status/507185938620219395";

/* Shaped like the answer of publish.twitter.com, with a title. */
static const char oembed_answer[] =
  "{\"url\":\"https://twitter.com/Interior/status/507185938620219395\","
  "\"author_name\":\"US Dept of Interior\",\"author_url\":\"https://twitter.com/Interior\","
  "\"title\":\"Wilderness Act at fifty\","
  "\"html\":\"<blockquote class=\\\"twitter-tweet\\\"><p lang=\\\"en\\\" dir=\\\"ltr\\\">Happy 50th "
  "anniversary to the Wilderness Act! Here&#39;s a great wilderness photo from <a "
  "href=\\\"https://twitter.com/YosemiteNPS\\\">@YosemiteNPS</a>.</p>&mdash; US Dept of "
  "Interior (@Interior) <a href=\\\"https://twitter.com/Interior/status/507185938620219395\\\">"
  "September 3, 2014</a></blockquote>\",\"width\":550,\"type\":\"rich\","
  "\"provider_name\":\"Twitter\",\"version\":\"1.0\"}";

static const char oembed_text[] =
  "Happy 50th anniversary to the Wilderness Act! Here's a great wilderness photo from @YosemiteNPS.";

/* The endpoint's address is read once by the editor, so one server,
 * started before anything else, serves the whole run; the offline case
 * stops it. */
typedef struct
{
  SoupServer        *server;
  guint              requests;
  char              *last_url;
  /* Holds the answer back until the test lets it go. */
  gboolean           hold;
  SoupServerMessage *held;
  /* The held answer is written, or its client has gone. */
  gboolean           held_done;
} OEmbedServer;

static OEmbedServer oembed;

static void
held_done_cb (SoupServerMessage *message,
              gpointer           user_data)
{
  oembed.held_done = TRUE;
}

static void
oembed_handler (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  oembed.requests++;
  g_free (oembed.last_url);
  oembed.last_url = g_strdup (query != NULL ? g_hash_table_lookup (query, "url") : NULL);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    oembed_answer, strlen (oembed_answer));
  if (oembed.hold)
    {
      soup_server_message_pause (message);
      oembed.held = g_object_ref (message);
      oembed.held_done = FALSE;
      g_signal_connect (message, "finished", G_CALLBACK (held_done_cb), NULL);
      g_signal_connect (message, "disconnected", G_CALLBACK (held_done_cb), NULL);
    }
}

static void
oembed_server_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  GSList *uris;

  oembed.server = soup_server_new ("server-header", "oembed-test", NULL);
  soup_server_add_handler (oembed.server, NULL, oembed_handler, NULL, NULL);
  soup_server_listen_local (oembed.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (oembed.server);
  g_assert_nonnull (uris);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d/oembed", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_setenv ("COPYDESK_OEMBED_ENDPOINT", endpoint, TRUE);
}

static CdBlockRow *
insert_embed (Fixture    *f,
              const char *url)
{
  CdBlockRow *row;

  focus (f, "p2", 0);
  cd_block_editor_insert_block (f->editor, CD_BLOCK_EMBED);
  row = _cd_block_editor_get_row (f->editor, 2);
  g_assert_true (cd_block_row_set_embed_url (row, url, NULL));

  return row;
}

static gboolean
author_filled (gpointer data)
{
  return *cd_block_get_field (data, CD_BLOCK_FIELD_AUTHOR) != '\0';
}

static GtkWidget *
fetch_spinner (GtkWidget *button)
{
  GtkWidget *spinner = gtk_widget_get_prev_sibling (button);

  g_assert_true (GTK_IS_SPINNER (spinner));

  return spinner;
}

static void
test_fetch_details (Fixture       *f,
                    gconstpointer  data)
{
  CdBlockRow *row;
  CdBlock *embed;
  GtkWidget *button;
  GtkWidget *spinner;

  oembed.requests = 0;
  row = insert_embed (f, post_url);
  embed = cd_block_row_get_block (row);
  button = cd_block_row_get_fetch_button (row);
  spinner = fetch_spinner (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_get_visible (spinner));

  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  wait_for (author_filled, embed, "the fetched details");
  g_assert_cmpuint (oembed.requests, ==, 1);
  g_assert_cmpstr (oembed.last_url, ==, post_url);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "US Dept of Interior");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_HANDLE), ==, "@Interior");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TITLE), ==, "Wilderness Act at fifty");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TEXT), ==, oembed_text);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_LANG), ==, "en");

  /* The entries show the details, and the button is back. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_AUTHOR))), ==,
                   "US Dept of Interior");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_TEXT))), ==,
                   oembed_text);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_message (row))));

  /* One change, one undo step. */
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TITLE), ==, "");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TEXT), ==, "");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_URL), ==, post_url);
}

static gboolean
message_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_message (data)));
}

/* Off the network the fetch says so and changes nothing. */
static void
test_fetch_details_offline (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdBlockRow *row;
  GtkWidget *button;
  const char *message;

  soup_server_disconnect (oembed.server);

  row = insert_embed (f, post_url);
  gtk_editable_set_text (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_AUTHOR)), "Stored author");
  button = cd_block_row_get_fetch_button (row);
  before = article_json (f->article);

  g_signal_emit_by_name (button, "clicked");
  wait_for (message_shown, row, "the failure to be shown");
  message = gtk_label_get_text (cd_block_row_get_message (row));
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "Check that this computer is online"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cd_block_row_get_message (row)), "error"));

  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (cd_block_get_field (cd_block_row_get_block (row), CD_BLOCK_FIELD_AUTHOR), ==, "Stored author");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_get_visible (fetch_spinner (button)));

  /* Typing the details in makes the failure old news. */
  gtk_editable_set_text (GTK_EDITABLE (cd_block_row_get_entry (row, CD_BLOCK_FIELD_TEXT)), "The words");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_message (row))));
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *part)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, part);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Facebook and Instagram describe posts only to apps registered with
 * Meta: Fetch Details, which could only fail, is not offered there, and
 * the row says to type the details in. */
static void
test_fetch_details_not_offered (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const urls[] = {
    "https://www.facebook.com/Reuters/posts/1234567890123456",
    "https://www.instagram.com/p/C1a2b3c4d5e/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      CdBlockRow *row = insert_embed (f, urls[i]);

      g_assert_false (gtk_widget_get_visible (cd_block_row_get_fetch_button (row)));
      g_assert_nonnull (find_label_with (GTK_WIDGET (row), "does not give its posts’ details to other apps"));
    }

  /* Where details can be fetched the button is there. */
  g_assert_true (gtk_widget_get_visible (cd_block_row_get_fetch_button (insert_embed (f, post_url))));
}

static gboolean
request_arrived (gpointer data)
{
  return oembed.held != NULL;
}

static gboolean
held_answer_done (gpointer data)
{
  return oembed.held_done;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A row that goes away while its fetch is on its way cancels it: the
 * answer changes nothing. */
static void
test_fetch_details_row_destroyed (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CdBlock) embed = NULL;
  CdBlockRow *row;

  oembed.hold = TRUE;
  row = insert_embed (f, post_url);
  embed = g_object_ref (cd_block_row_get_block (row));
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);

  g_signal_emit_by_name (cd_block_row_get_fetch_button (row), "clicked");
  wait_for (request_arrived, NULL, "the request");

  cd_article_remove_block (f->article, 2);
  /* The fetch held the row until it was told of the cancellation. */
  wait_for (pointer_cleared, &row, "the row to be finalized");

  /* The answer goes out late; what it could change is looked at once the
   * server is done with it, and everything it queued has run. */
  soup_server_message_unpause (oembed.held);
  wait_for (held_answer_done, NULL, "the late answer to be sent");
  g_clear_object (&oembed.held);
  oembed.hold = FALSE;
  drain_main_loop ();
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "");
}

static GBytes *
sample_image (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples",
                                            "sample", "media", "harbour.png", NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize size;

  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (data, size);
}

static gboolean
row_has_thumbnail (gpointer data)
{
  return cd_block_row_has_thumbnail (data);
}

/* Shown at @width × @height, decoded no larger. */
static void
assert_thumbnail_size (CdBlockRow *row,
                       int         width,
                       int         height)
{
  GtkPicture *picture = cd_block_row_get_picture (row);
  GdkPaintable *paintable = gtk_picture_get_paintable (picture);
  int request_width;
  int request_height;

  gtk_widget_get_size_request (GTK_WIDGET (picture), &request_width, &request_height);
  g_assert_cmpint (request_width, ==, width);
  g_assert_cmpint (request_height, ==, height);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==,
                   width * gtk_widget_get_scale_factor (GTK_WIDGET (picture)));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==,
                   height * gtk_widget_get_scale_factor (GTK_WIDGET (picture)));
}

static void
test_figure (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) image = sample_image ();
  g_autoptr(GBytes) junk = g_bytes_new_static ("GIF89a", 6);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdBlockRow *row;
  CdBlock *figure;
  static const struct {
    CdBlockField field;
    const char *label;
  } entries[] = {
    { CD_BLOCK_FIELD_ALT, "Alt text" },
    { CD_BLOCK_FIELD_CAPTION, "Caption" },
    { CD_BLOCK_FIELD_CREDIT, "Credit" },
  };

  focus (f, "p1", 0);
  figure = cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  row = _cd_block_editor_get_row (f->editor, 1);
  g_assert_false (cd_block_row_has_thumbnail (row));

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkWidget *entry = cd_block_row_get_entry (row, entries[i].field);

      g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (entry),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                         entries[i].label));
      gtk_editable_set_text (GTK_EDITABLE (entry), entries[i].label);
      g_assert_cmpstr (cd_block_get_field (figure, entries[i].field), ==, entries[i].label);
    }

  before = article_json (f->article);
  g_assert_false (cd_block_row_set_image (row, junk, "broken.gif", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "broken.gif"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_message (row))));
  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);
  g_clear_error (&error);

  g_assert_true (cd_block_row_set_image (row, image, "Harbour at dusk.PNG", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "media/harbour-at-dusk.png");
  g_assert_cmpuint (cd_block_get_width (figure), ==, 640);
  g_assert_cmpuint (cd_block_get_height (figure), ==, 360);
  g_assert_true (g_bytes_equal (cd_article_get_media (f->article, "media/harbour-at-dusk.png"), image));
  /* The thumbnail is decoded in a worker thread; its place is kept. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_picture (row))));
  wait_for (row_has_thumbnail, row, "the thumbnail");
  assert_thumbnail_size (row, 360, 202);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_message (row))));

  /* Another image under the same name gets a name of its own. */
  {
    g_autoptr(GByteArray) other = g_byte_array_new ();

    g_byte_array_append (other, g_bytes_get_data (image, NULL), g_bytes_get_size (image));
    g_byte_array_append (other, (const guint8 *) "", 1);
    g_clear_pointer (&image, g_bytes_unref);
    image = g_byte_array_free_to_bytes (g_steal_pointer (&other));
  }
  g_assert_true (cd_block_row_set_image (row, image, "harbour at dusk.png", NULL));
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "media/harbour-at-dusk-2.png");
  wait_for (row_has_thumbnail, row, "the second thumbnail");

  /* Choosing an image is one undo step. */
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "media/harbour-at-dusk.png");
  cd_history_undo (f->history);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "");
  g_assert_cmpuint (cd_block_get_width (figure), ==, 0);
  g_assert_false (cd_block_row_has_thumbnail (row));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_picture (row))));
}

/* A large photo is decoded at the size of its thumbnail, not whole. */
static void
test_figure_thumbnail_scaled (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 2000, 1000);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize size;
  CdBlockRow *row;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  g_assert_no_error (error);
  png = g_bytes_new (buffer, size);

  focus (f, "p1", 0);
  cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  row = _cd_block_editor_get_row (f->editor, 1);
  g_assert_true (cd_block_row_set_image (row, png, "wide.png", &error));
  g_assert_no_error (error);

  wait_for (row_has_thumbnail, row, "the thumbnail");
  assert_thumbnail_size (row, 360, 180);
}

static void
test_paste_text (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *restored = NULL;
  GPtrArray *marks;

  before = article_json (f->article);

  /* Paragraphs separated by blank lines; lines inside are joined. */
  focus (f, "p1", 6);
  _cd_block_editor_paste_text (f->editor, "First piece\r\n\r\nSecond piece\nstill second\n\n\nThird ");
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 6);
  assert_rows_match (f);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello First piece");
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 0))->len, ==, 0);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second piece still second");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Thirdbrave world");
  marks = cd_block_get_marks (block_at (f, 2));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_STRONG, 5, 10);
  assert_mark (marks, 1, CD_MARK_EM, 11, 16);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (block_at (f, 2)));
  g_assert_cmpint (cd_block_row_get_cursor (_cd_block_editor_get_row (f->editor, 2)), ==, 5);

  g_assert_true (cd_history_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);

  /* Without blank lines, each line is a paragraph. */
  focus (f, "p2", -1);
  _cd_block_editor_paste_text (f->editor, " one\ntwo\nthree");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.one");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "two");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "three");
  cd_history_undo (f->history);

  /* One line is inserted as it is, replacing the selection. */
  select_offsets (_cd_block_editor_get_row_buffer (f->editor, 1), 0, 6);
  _cd_block_editor_paste_text (f->editor, "First");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "First paragraph.");
}

static void
test_paste_embed (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *restored = NULL;
  guint n;
  CdBlock *embed;

  focus (f, "p2", -1);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.split-block", NULL);
  n = cd_article_get_n_blocks (f->article);
  before = article_json (f->article);

  _cd_block_editor_paste_text (f->editor, "  https://www.youtube.com/watch?v=dQw4w9WgXcQ\n");
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, n);
  embed = block_at (f, 2);
  g_assert_cmpint (cd_block_get_block_type (embed), ==, CD_BLOCK_EMBED);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_URL), ==, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_PROVIDER), ==, "youtube");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_KIND), ==, "video");
  assert_rows_match (f);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (embed));

  g_assert_true (cd_history_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);
  assert_rows_match (f);

  /* A plain web page, or a post in a paragraph with text, stays text. */
  focus (f, cd_block_get_id (block_at (f, 2)), 0);
  _cd_block_editor_paste_text (f->editor, "https://example.org/story");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 2)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "https://example.org/story");

  focus (f, "p2", -1);
  _cd_block_editor_paste_text (f->editor, "https://x.com/a/status/1");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.https://x.com/a/status/1");
}

static void
test_paste_texture (Fixture       *f,
                    gconstpointer  data)
{
  static const guint8 pixels[4 * 3 * 4] = { 0xff, 0, 0, 0xff, };
  g_autoptr(GBytes) bytes = g_bytes_new_static (pixels, sizeof pixels);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (4, 3, GDK_MEMORY_R8G8B8A8, bytes, 16);
  g_autoptr(GError) error = NULL;
  CdBlock *figure;
  const char *src;
  GBytes *stored;

  focus (f, "p1", 3);
  figure = _cd_block_editor_paste_texture (f->editor, texture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (figure);
  g_assert_true (block_at (f, 1) == figure);
  g_assert_cmpint (cd_block_get_block_type (figure), ==, CD_BLOCK_FIGURE);
  src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  g_assert_true (g_str_has_prefix (src, "media/"));
  g_assert_true (g_str_has_suffix (src, ".png"));
  g_assert_cmpuint (cd_block_get_width (figure), ==, 4);
  g_assert_cmpuint (cd_block_get_height (figure), ==, 3);
  stored = cd_article_get_media (f->article, src);
  g_assert_nonnull (stored);
  g_assert_true (memcmp (g_bytes_get_data (stored, NULL), "\x89PNG", 4) == 0);
  assert_rows_match (f);
  wait_for (row_has_thumbnail, _cd_block_editor_get_row (f->editor, 1), "the pasted image's thumbnail");

  /* Another pasted image gets a name of its own, from its content, so
   * that pasted images never share a name, in this story or in a folder
   * that stories are exported to. */
  {
    static const guint8 other_pixels[4 * 3 * 4] = { 0, 0xff, 0, 0xff, };
    g_autoptr(GBytes) other_bytes = g_bytes_new_static (other_pixels, sizeof other_pixels);
    g_autoptr(GdkTexture) other = gdk_memory_texture_new (4, 3, GDK_MEMORY_R8G8B8A8, other_bytes, 16);
    CdBlock *second;

    focus (f, "p1", 0);
    second = _cd_block_editor_paste_texture (f->editor, other, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (cd_block_get_field (second, CD_BLOCK_FIELD_SRC), "media/image-"));
    g_assert_true (g_str_has_prefix (src, "media/image-"));
    g_assert_cmpstr (cd_block_get_field (second, CD_BLOCK_FIELD_SRC), !=, src);
  }
}

/* A photo of 30000 × 30000 pixels is refused from its header, before
 * anything decodes it: decoding would take gigabytes. */
static void
test_figure_refuses_huge (Fixture       *f,
                          gconstpointer  data)
{
  guint8 header[CD_TEST_PNG_HEADER_SIZE];
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdBlockRow *row;

  cd_test_png_header (header, 30000, 30000);
  huge = g_bytes_new (header, sizeof header);

  focus (f, "p1", 0);
  cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  row = _cd_block_editor_get_row (f->editor, 1);
  before = article_json (f->article);
  g_assert_false (cd_block_row_set_image (row, huge, "huge.png", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "“huge.png” is 30000 × 30000 pixels, more than the 100 megapixels a photo may have");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_message (row))));
  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (cd_block_row_has_thumbnail (row));
}

static gboolean
has_n_blocks (gpointer data)
{
  Fixture *f = data;

  return cd_article_get_n_blocks (f->article) == 6;
}

static void
test_paste_clipboard (Fixture       *f,
                      gconstpointer  data)
{
  GtkTextView *view;

  focus (f, "p2", -1);
  view = cd_block_row_get_text_view (_cd_block_editor_get_row (f->editor, 1));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), " End.\n\nNext one.\n\nLast");
  g_signal_emit_by_name (view, "paste-clipboard");

  wait_for (has_n_blocks, f, "the pasted paragraphs");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.End.");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Next one.");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "Last");
  assert_rows_match (f);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GtkTextBuffer *buffer;
  GPtrArray *items;
  CdBlock *list;
  guint position;

  focus (f, "p2", -1);
  list = cd_block_editor_insert_block (f->editor, CD_BLOCK_LIST);
  position = 2;
  buffer = _cd_block_editor_get_row_buffer (f->editor, position);

  gtk_text_buffer_insert_interactive_at_cursor (buffer, "Ferries", -1, TRUE);
  /* Enter in a filled item is the text view's: a new line, a new item. */
  g_assert_false (press (f, GDK_KEY_Return));
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "\nBuses", -1, TRUE);
  items = cd_block_get_items (list);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 0))->text, ==, "Ferries");
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 1))->text, ==, "Buses");

  /* Bold in the second item has offsets within the item. */
  select_offsets (buffer, 8, 11);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);
  items = cd_block_get_items (list);
  assert_mark (((CdListItem *) g_ptr_array_index (items, 1))->marks, 0, CD_MARK_STRONG, 0, 3);
  g_assert_cmpuint (((CdListItem *) g_ptr_array_index (items, 0))->marks->len, ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.set-ordered", "b", TRUE);
  g_assert_true (cd_block_get_ordered (list));

  /* Enter on the empty last item leaves the list. */
  cd_block_editor_focus_block (f->editor, cd_block_get_id (list), -1);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "\n", -1, TRUE);
  g_assert_cmpuint (cd_block_get_items (list)->len, ==, 3);
  g_assert_true (press (f, GDK_KEY_Return));
  g_assert_cmpuint (cd_block_get_items (list)->len, ==, 2);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, position + 1)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==,
                   cd_block_get_id (block_at (f, position + 1)));
  assert_rows_match (f);

  /* Backspace at the start of the paragraph joins it to the last item. */
  gtk_text_buffer_insert_interactive_at_cursor (_cd_block_editor_get_row_buffer (f->editor, position + 1),
                                                " and trams", -1, TRUE);
  cd_block_editor_focus_block (f->editor, cd_block_get_id (block_at (f, position + 1)), 0);
  g_assert_true (press (f, GDK_KEY_BackSpace));
  items = cd_block_get_items (list);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 1))->text, ==, "Buses and trams");
  g_assert_cmpint (cd_block_row_get_cursor (_cd_block_editor_get_row (f->editor, position)), ==, 13);
}

static void
test_up_down (Fixture       *f,
              gconstpointer  data)
{
  focus (f, "p2", 2);
  g_assert_true (press (f, GDK_KEY_Up));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p1");
  g_assert_true (press (f, GDK_KEY_Down));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p2");
  g_assert_true (press (f, GDK_KEY_Down));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "h1");
  g_assert_true (press (f, GDK_KEY_Down));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "d1");

  /* At the top of the story there is nowhere to go. */
  focus (f, "p1", 0);
  g_assert_false (press (f, GDK_KEY_Up));
}

static void
test_up_down_wrapped (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int n_lines;

  for (guint i = 0; i < 60; i++)
    g_string_append (text, "word ");
  cd_block_set_text (block_at (f, 1), text->str);
  drain_main_loop ();

  /* On a wrapped paragraph, Up from the last display line stays in it. */
  n_lines = 0;
  {
    GtkTextView *view = cd_block_row_get_text_view (_cd_block_editor_get_row (f->editor, 1));
    GtkTextIter iter;

    gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &iter);
    do
      n_lines++;
    while (gtk_text_view_forward_display_line (view, &iter));
  }
  g_assert_cmpint (n_lines, >, 1);

  focus (f, "p2", -1);
  g_assert_false (press (f, GDK_KEY_Up));
  focus (f, "p2", 0);
  g_assert_false (press (f, GDK_KEY_Down));
  g_assert_true (press (f, GDK_KEY_Up));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p1");
}

static GtkEventController *
find_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }

  return NULL;
}

/* The key controller sees keys before the text view, but only keys
 * typed into a block's text. */
static void
test_key_controller (Fixture       *f,
                     gconstpointer  data)
{
  GtkEventController *keys = find_key_controller (GTK_WIDGET (f->editor));
  GtkWidget *author;
  gboolean handled = FALSE;

  g_assert_nonnull (keys);

  focus (f, "p1", 5);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 36, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 5);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello");

  handled = FALSE;
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_BackSpace, 22, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 4);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brave world");

  /* A key in the middle of the text goes on to the text view. */
  focus (f, "p1", 3);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_BackSpace, 22, 0, &handled);
  g_assert_false (handled);

  /* Enter in an entry is the entry's. */
  cd_block_editor_insert_block (f->editor, CD_BLOCK_EMBED);
  author = cd_block_row_get_entry (_cd_block_editor_get_row (f->editor, 1), CD_BLOCK_FIELD_AUTHOR);
  gtk_widget_grab_focus (author);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 36, 0, &handled);
  g_assert_false (handled);
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 5);
}

/* Focus moved by GTK itself (a click, Tab) also tells which block has
 * the caret. */
static void
test_focus_signal (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *heading = GTK_WIDGET (cd_block_row_get_text_view (_cd_block_editor_get_row (f->editor, 2)));
  guint n;

  focus (f, "p1", 0);
  n = f->focused_ids->len;
  g_assert_cmpstr (g_ptr_array_index (f->focused_ids, n - 1), ==, "p1");

  gtk_widget_grab_focus (heading);
  g_assert_cmpuint (f->focused_ids->len, ==, n + 1);
  g_assert_cmpstr (g_ptr_array_index (f->focused_ids, n), ==, "h1");
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "h1");

  /* Tab goes on in story order: the heading's menu, then the divider. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 cd_block_row_get_menu_button (_cd_block_editor_get_row (f->editor, 2)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         cd_block_row_get_menu_button (_cd_block_editor_get_row (f->editor, 2))));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "d1");
}

/* A one-line block gets its height once its line is laid out. */
static gboolean
heading_has_height (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_height (GTK_WIDGET (cd_block_row_get_text_view (_cd_block_editor_get_row (f->editor, 2)))) > 10;
}

static void
test_one_line_height (Fixture       *f,
                      gconstpointer  data)
{
  wait_for (heading_has_height, f, "the heading to be laid out");
}

/* A window showing @article in a scrolled editor, noting the state of
 * the rows in the first frame it paints. */
typedef struct
{
  GtkWidget     *window;
  GtkWidget     *scrolled;
  CdBlockEditor *editor;
  GdkFrameClock *clock;
  guint          frames;
  guint          first_frame_wrong;
  guint          first_frame_culled;
} Shown;

/* Text views whose height is not the one they ask for, or less than a
 * line. */
static guint
count_wrong_heights (CdBlockEditor *editor)
{
  guint wrong = 0;

  for (guint i = 0; i < _cd_block_editor_get_n_rows (editor); i++)
    {
      GtkWidget *view = (GtkWidget *) cd_block_row_get_text_view (_cd_block_editor_get_row (editor, i));
      int minimum;

      if (view == NULL)
        continue;

      gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (view),
                          &minimum, NULL, NULL, NULL);
      if (gtk_widget_get_height (view) != minimum || minimum < 20)
        wrong++;
    }

  return wrong;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Shown         *shown)
{
  if (shown->frames++ > 0)
    return;

  shown->first_frame_wrong = count_wrong_heights (shown->editor);
  for (guint i = 0; i < _cd_block_editor_get_n_rows (shown->editor); i++)
    shown->first_frame_culled += cd_block_row_is_culled (_cd_block_editor_get_row (shown->editor, i));
}

static void
shown_realize_cb (GtkWidget *window,
                  Shown     *shown)
{
  shown->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (shown->clock, "after-paint", G_CALLBACK (after_paint_cb), shown);
}

static gboolean
first_frame_painted (gpointer data)
{
  return ((Shown *) data)->frames > 0;
}

static void
show_article (Shown     *shown,
              CdArticle *article,
              int        width,
              int        height)
{
  memset (shown, 0, sizeof *shown);
  shown->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (shown->window), width, height);
  shown->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (shown->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  shown->editor = CD_BLOCK_EDITOR (cd_block_editor_new ());
  cd_block_editor_set_article (shown->editor, article, NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (shown->scrolled), GTK_WIDGET (shown->editor));
  gtk_window_set_child (GTK_WINDOW (shown->window), shown->scrolled);
  g_signal_connect_after (shown->window, "realize", G_CALLBACK (shown_realize_cb), shown);
  gtk_window_present (GTK_WINDOW (shown->window));
  wait_for (first_frame_painted, shown, "the first frame");
}

static void
shown_destroy (Shown *shown)
{
  g_signal_handlers_disconnect_by_data (shown->clock, shown);
  gtk_window_destroy (GTK_WINDOW (shown->window));
  drain_main_loop ();
}

static const char long_text[] =
  "The harbour board met on Tuesday evening to discuss the future of the old fish "
  "market, which has stood empty since the autumn storms damaged its roof and flooded "
  "the cold stores beneath the quay. Councillors heard from traders, residents and the "
  "owners of the boatyard next door, who said the building could be saved if the work "
  "began before winter.";

static gboolean
frames_after (gpointer data)
{
  Shown *shown = data;

  return shown->frames > GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (shown->window), "frames"));
}

static void
wait_for_next_frame (Shown *shown)
{
  g_object_set_data (G_OBJECT (shown->window), "frames", GUINT_TO_POINTER (shown->frames));
  gtk_widget_queue_draw (shown->window);
  wait_for (frames_after, shown, "the next frame");
}

/* GTK 4.8 text views only know their height once laid out at their
 * width; the editor lays them out again in the same frame, so a story
 * opens with every block at its height, and keeps it at a new width. */
static void
test_first_frame_heights (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr(CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  CdBlock *quote;
  GtkWidget *short_view;
  GtkWidget *long_view;
  GtkWidget *list_view;
  int short_height;
  int long_height;
  Shown shown;

  append_block (article, CD_BLOCK_HEADING, "h", "One line");
  append_block (article, CD_BLOCK_PARAGRAPH, "short", "Short.");
  append_block (article, CD_BLOCK_PARAGRAPH, "long", long_text);
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (items, cd_list_item_new ("An item of the list"));
  cd_block_set_items (list, items);
  cd_article_append_block (article, list);
  quote = append_block (article, CD_BLOCK_QUOTE, "q", long_text);
  cd_block_set_field (quote, CD_BLOCK_FIELD_ATTRIBUTION, "A trader");
  for (guint i = 0; i < 20; i++)
    append_block (article, CD_BLOCK_PARAGRAPH, NULL, long_text);

  show_article (&shown, article, 700, 600);
  g_assert_cmpuint (shown.first_frame_wrong, ==, 0);

  short_view = GTK_WIDGET (cd_block_row_get_text_view (_cd_block_editor_get_row (shown.editor, 1)));
  long_view = GTK_WIDGET (cd_block_row_get_text_view (_cd_block_editor_get_row (shown.editor, 2)));
  list_view = GTK_WIDGET (cd_block_row_get_text_view (_cd_block_editor_get_row (shown.editor, 3)));
  short_height = gtk_widget_get_height (short_view);
  long_height = gtk_widget_get_height (long_view);
  g_assert_cmpint (long_height, >, 2 * short_height);
  g_assert_cmpint (gtk_widget_get_height (list_view), >, 3 * short_height);

  /* Narrower: the long paragraph wraps into more lines at once. */
  gtk_widget_set_margin_end (GTK_WIDGET (shown.editor), 300);
  wait_for_next_frame (&shown);
  g_assert_cmpuint (count_wrong_heights (shown.editor), ==, 0);
  g_assert_cmpint (gtk_widget_get_height (long_view), >, long_height);
  g_assert_cmpint (gtk_widget_get_height (short_view), ==, short_height);

  shown_destroy (&shown);
}

static gboolean
row_drawn (gpointer data)
{
  return !cd_block_row_is_culled (data);
}

/* Rows far from the view are left out of the frame, and drawn as the
 * view comes near them. */
static void
test_culling (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  GtkAdjustment *adjustment;
  CdBlockRow *first;
  CdBlockRow *last;
  Shown shown;

  for (guint i = 0; i < 80; i++)
    append_block (article, CD_BLOCK_PARAGRAPH, NULL, long_text);

  show_article (&shown, article, 600, 400);
  first = _cd_block_editor_get_row (shown.editor, 0);
  last = _cd_block_editor_get_row (shown.editor, 79);
  g_assert_cmpuint (shown.first_frame_culled, >, 60);
  g_assert_false (cd_block_row_is_culled (first));
  g_assert_true (cd_block_row_is_culled (last));

  /* The column has its full height from the second frame on. */
  wait_for_next_frame (&shown);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (shown.scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >=,
                     gtk_widget_get_height (GTK_WIDGET (shown.editor)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (shown.editor)), >, 80 * 100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  wait_for (row_drawn, last, "the last row to be drawn");
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (last)), >, 50);

  shown_destroy (&shown);
}

static GtkWidget *
find_model_button (GtkWidget  *widget,
                   const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkModelButton"))
        {
          g_autofree char *label = NULL;

          g_object_get (child, "text", &label, NULL);
          if (g_strcmp0 (label, text) == 0)
            return child;
        }

      found = find_model_button (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
popover_is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
click_block_menu_item (Fixture    *f,
                       guint       position,
                       const char *label)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (cd_block_row_get_menu_button (_cd_block_editor_get_row (f->editor, position)));
  GtkPopover *popover;
  GtkWidget *item;

  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (popover);
  wait_for (popover_is_visible, popover, "the block menu");
  item = find_model_button (GTK_WIDGET (popover), label);
  g_assert_nonnull (item);
  g_signal_emit_by_name (item, "clicked");
  drain_main_loop ();
}

/* Opens the block's "Turn Into" submenu and picks @label there (the
 * same labels name the Insert Below submenu's items). */
static void
click_turn_into (Fixture    *f,
                 guint       position,
                 const char *label)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (cd_block_row_get_menu_button (_cd_block_editor_get_row (f->editor, position)));
  GtkWidget *submenu_button;
  GtkWidget *page;
  GtkWidget *item;

  gtk_menu_button_popup (button);
  wait_for (popover_is_visible, gtk_menu_button_get_popover (button), "the block menu");
  submenu_button = find_model_button (GTK_WIDGET (gtk_menu_button_get_popover (button)), "Turn Into");
  g_assert_nonnull (submenu_button);
  /* The submenu is the stack page the button leads to; picking its item
   * straight away spares the menu's hover timers a row about to go. */
  page = gtk_widget_get_ancestor (submenu_button, GTK_TYPE_STACK);
  g_assert_nonnull (page);
  page = gtk_stack_get_child_by_name (GTK_STACK (page), "Turn Into");
  g_assert_nonnull (page);
  g_assert_false (gtk_widget_is_ancestor (submenu_button, page));
  item = find_model_button (page, label);
  g_assert_nonnull (item);
  /* The block's own type is not offered. */
  g_assert_null (find_model_button (page, cd_block_get_block_type (block_at (f, position)) == CD_BLOCK_PARAGRAPH
                                          ? "Paragraph" : "-"));
  g_signal_emit_by_name (item, "clicked");
  drain_main_loop ();
}

/* Block Options ▸ Turn Into reaches every text type, lists both ways. */
static void
test_turn_into_menu (Fixture       *f,
                     gconstpointer  data)
{
  GPtrArray *items;
  CdListItem *item;

  focus (f, "p2", 0);
  click_turn_into (f, 1, "List");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_LIST);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "p2");
  items = cd_block_get_items (block_at (f, 1));
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->text, ==, "Second paragraph.");
  assert_rows_match (f);

  click_turn_into (f, 0, "Subheading");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_HEADING);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brave world");
  click_turn_into (f, 0, "Quote");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_QUOTE);
  click_turn_into (f, 0, "Paragraph");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 0))->len, ==, 2);

  click_turn_into (f, 1, "Paragraph");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "p2");
  assert_rows_match (f);

  /* One undo step each. */
  cd_history_undo (f->history);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_LIST);
  assert_rows_match (f);
}

/* A block's menu is only made when it is first opened, and makes its
 * block the one it acts on. */
static void
test_menu_made_on_open (Fixture       *f,
                        gconstpointer  data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (cd_block_row_get_menu_button (_cd_block_editor_get_row (f->editor, 3)));

  focus (f, "p1", 0);
  for (guint i = 0; i < _cd_block_editor_get_n_rows (f->editor); i++)
    g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (cd_block_row_get_menu_button (_cd_block_editor_get_row (f->editor, i)))));

  gtk_menu_button_popup (button);
  g_assert_nonnull (gtk_menu_button_get_popover (button));
  wait_for (popover_is_visible, gtk_menu_button_get_popover (button), "the block menu");
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "d1");
  gtk_menu_button_popdown (button);
}

/* The block menu acts on its own block, even when another one had the
 * caret, and may delete the row it belongs to. */
static void
test_block_menu (Fixture       *f,
                 gconstpointer  data)
{
  focus (f, "p1", 0);
  click_block_menu_item (f, 2, "Subheading Level 3");
  g_assert_cmpuint (cd_block_get_level (block_at (f, 2)), ==, 3);

  click_block_menu_item (f, 2, "Move Up");
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "h1");
  assert_rows_match (f);

  click_block_menu_item (f, 1, "Delete");
  g_assert_null (cd_article_find_block (f->article, "h1", NULL));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  assert_rows_match (f);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p2");

  click_turn_into (f, 0, "Subheading");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_HEADING);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 0)), ==, "p1");
  assert_rows_match (f);
}

static void
assert_accessible (GtkWidget           *widget,
                   GtkAccessibleProperty property,
                   const char          *expected)
{
  g_autofree char *message = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, expected);

  if (message != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), message);
}

/* A screen reader hears what each block is, as a sighted reader sees it,
 * and follows the model as it changes. */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  CdBlockRow *row = _cd_block_editor_get_row (f->editor, 0);
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  CdBlock *block;

  assert_accessible (cd_block_row_get_menu_button (row), GTK_ACCESSIBLE_PROPERTY_LABEL, "Block Options");
  assert_accessible (GTK_WIDGET (cd_block_row_get_text_view (row)), GTK_ACCESSIBLE_PROPERTY_LABEL, "Paragraph");
  assert_accessible (_cd_block_editor_get_insert_button (f->editor), GTK_ACCESSIBLE_PROPERTY_LABEL, "Insert Block");

  row = _cd_block_editor_get_row (f->editor, 2);
  assert_accessible (GTK_WIDGET (row), GTK_ACCESSIBLE_PROPERTY_LABEL, "Heading level 2");
  assert_accessible (GTK_WIDGET (cd_block_row_get_text_view (row)), GTK_ACCESSIBLE_PROPERTY_LABEL, "Heading level 2");
  click_block_menu_item (f, 2, "Subheading Level 3");
  assert_accessible (GTK_WIDGET (_cd_block_editor_get_row (f->editor, 2)),
                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Heading level 3");

  /* A list is one text view, a line per item: the caret's line is the
   * item the reader is in. */
  focus (f, "p2", -1);
  block = cd_block_editor_insert_block (f->editor, CD_BLOCK_LIST);
  row = _cd_block_editor_get_row (f->editor, 2);
  g_assert_true (cd_block_row_get_block (row) == block);
  buffer = gtk_text_view_get_buffer (cd_block_row_get_text_view (row));
  gtk_text_buffer_set_text (buffer, "One\nTwo\nThree", -1);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  assert_accessible (GTK_WIDGET (row), GTK_ACCESSIBLE_PROPERTY_LABEL, "Bulleted list, 3 items");
  assert_accessible (GTK_WIDGET (cd_block_row_get_text_view (row)),
                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "List item 2 of 3");

  focus (f, "p2", -1);
  block = cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  row = _cd_block_editor_get_row (f->editor, 2);
  g_assert_true (cd_block_row_get_block (row) == block);
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "The quay at dusk");
  assert_accessible (GTK_WIDGET (row), GTK_ACCESSIBLE_PROPERTY_LABEL, "Figure: The quay at dusk");

  row = insert_embed (f, post_url);
  cd_block_set_field (cd_block_row_get_block (row), CD_BLOCK_FIELD_AUTHOR, "US Department of the Interior");
  assert_accessible (GTK_WIDGET (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                     "Embedded post by US Department of the Interior on X");
}

static void
test_insert_menu (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const labels[] = {
    "Paragraph", "Subheading", "Quote", "Pull Quote", "List", "Photo", "Social Post or Link", "Divider",
  };
  static const char * const types[] = {
    "paragraph", "heading", "quote", "pullquote", "list", "figure", "embed", "divider",
  };
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (_cd_block_editor_get_insert_button (f->editor)));

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (labels));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (label, ==, labels[i]);
      g_assert_cmpstr (action, ==, "editor.insert-block");
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, types[i]);
    }
}

static void
test_sample_story (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples",
                                            "sample", "article.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = cd_document_load (file, &error);
  g_autoptr(CdHistory) history = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window;
  GtkWidget *editor;
  gboolean saw_thumbnail = FALSE;

  g_assert_no_error (error);
  history = cd_history_new (article);
  before = article_json (article);

  window = gtk_window_new ();
  editor = cd_block_editor_new ();
  cd_block_editor_set_article (CD_BLOCK_EDITOR (editor), article, history);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_shown, editor, "the editor to be shown");

  g_assert_cmpuint (_cd_block_editor_get_n_rows (CD_BLOCK_EDITOR (editor)), ==,
                    cd_article_get_n_blocks (article));
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlockRow *row = _cd_block_editor_get_row (CD_BLOCK_EDITOR (editor), i);
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        {
          wait_for (row_has_thumbnail, row, "the figure's thumbnail");
          saw_thumbnail = TRUE;
        }
      if (cd_block_type_has_marks (cd_block_get_block_type (block)) &&
          cd_block_get_block_type (block) != CD_BLOCK_LIST)
        {
          g_autofree char *text = buffer_text (cd_block_row_get_buffer (row));

          g_assert_cmpstr (text, ==, cd_block_get_text (block));
        }
    }
  g_assert_true (saw_thumbnail);

  /* Showing a story changes nothing in it. */
  after = article_json (article);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (cd_history_can_undo (history));

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

int
main (int   argc,
      char *argv[])
{
  oembed_server_start ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/block-editor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rows-follow-model", test_rows_follow_model);
  ADD ("rows-show-marks", test_rows_show_marks);
  ADD ("typing", test_typing);
  ADD ("model-change-updates-buffer", test_model_change_updates_buffer);
  ADD ("split", test_split);
  ADD ("split-ends", test_split_ends);
  ADD ("merge", test_merge);
  ADD ("insert-types", test_insert_types);
  ADD ("move-delete", test_move_delete);
  ADD ("heading-level-turn-into", test_heading_level_and_turn_into);
  ADD ("turn-into-menu", test_turn_into_menu);
  ADD ("formatting", test_formatting);
  ADD ("link-popover", test_link_popover);
  ADD ("embed-url", test_embed_url);
  ADD ("fetch-details", test_fetch_details);
  ADD ("fetch-details-row-destroyed", test_fetch_details_row_destroyed);
  /* Stops the endpoint: after the others. */
  ADD ("fetch-details-offline", test_fetch_details_offline);
  ADD ("fetch-details-not-offered", test_fetch_details_not_offered);
  ADD ("figure", test_figure);
  ADD ("figure-thumbnail-scaled", test_figure_thumbnail_scaled);
  ADD ("paste-text", test_paste_text);
  ADD ("paste-embed", test_paste_embed);
  ADD ("paste-texture", test_paste_texture);
  ADD ("figure-refuses-huge", test_figure_refuses_huge);
  ADD ("paste-clipboard", test_paste_clipboard);
  ADD ("list", test_list);
  ADD ("up-down", test_up_down);
  ADD ("up-down-wrapped", test_up_down_wrapped);
  ADD ("key-controller", test_key_controller);
  ADD ("focus-signal", test_focus_signal);
  ADD ("block-menu", test_block_menu);
  ADD ("menu-made-on-open", test_menu_made_on_open);
  ADD ("one-line-height", test_one_line_height);
  ADD ("accessible-names", test_accessible_names);
  ADD ("insert-menu", test_insert_menu);
  g_test_add_func ("/ui/block-editor/sample-story", test_sample_story);
  g_test_add_func ("/ui/block-editor/first-frame-heights", test_first_frame_heights);
  g_test_add_func ("/ui/block-editor/culling", test_culling);

#undef ADD

  return g_test_run ();
}
