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
#include "cd-block-text.h"
#include "cd-test-image.h"
#include "cd-test-pixbuf.h"
#include "cd-test-utils.h"

typedef struct
{
  GtkWidget     *window;
  CdBlockEditor *editor;
  CdArticle     *article;
  CdHistory     *history;
  GPtrArray     *focused_ids;
} Fixture;

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

  cd_test_wait_for (is_shown, f->editor, "the editor to be shown");
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

  return gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
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
static void assert_accessible (GtkWidget            *widget,
                               GtkAccessibleProperty property,
                               const char           *expected);

static GtkTextBuffer *
body (Fixture *f)
{
  return gtk_text_view_get_buffer (_cd_block_editor_get_view (f->editor));
}

static CdBlockRow *
row_of (Fixture *f,
        guint    position)
{
  return _cd_block_editor_get_block_widget (f->editor, block_at (f, position));
}

/* The buffer line where the block at @position starts. */
static int
first_line (Fixture *f,
            guint    position)
{
  int line = 0;

  for (guint i = 0; i < position; i++)
    {
      CdBlock *block = block_at (f, i);

      line += cd_block_get_block_type (block) == CD_BLOCK_LIST ? MAX (1, cd_block_get_items (block)->len) : 1;
      /* A quote's attribution has a line of its own. */
      if (cd_block_get_block_type (block) == CD_BLOCK_QUOTE || cd_block_get_block_type (block) == CD_BLOCK_PULLQUOTE)
        line++;
    }

  return line;
}

static void
iter_at (Fixture     *f,
         guint        position,
         guint        offset,
         GtkTextIter *iter)
{
  gtk_text_buffer_get_iter_at_line (body (f), iter, first_line (f, position));
  gtk_text_iter_forward_chars (iter, offset);
}

static void
select_range (Fixture *f,
              guint    from_block,
              guint    from_offset,
              guint    to_block,
              guint    to_offset)
{
  GtkTextIter start;
  GtkTextIter end;

  iter_at (f, from_block, from_offset, &start);
  iter_at (f, to_block, to_offset, &end);
  gtk_text_buffer_select_range (body (f), &end, &start);
}

/* The caret's offset in the block holding it. */
static int
caret_offset (Fixture *f)
{
  GtkTextIter caret;
  GtkTextIter start;
  guint position;

  gtk_text_buffer_get_iter_at_mark (body (f), &caret, gtk_text_buffer_get_insert (body (f)));
  g_assert_nonnull (cd_article_find_block (f->article, cd_block_editor_get_focused_block_id (f->editor),
                                           &position));
  iter_at (f, position, 0, &start);

  return gtk_text_iter_get_offset (&caret) - gtk_text_iter_get_offset (&start);
}

static void
type_text (Fixture    *f,
           const char *text)
{
  gtk_text_buffer_begin_user_action (body (f));
  gtk_text_buffer_delete_selection (body (f), TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (body (f), text, -1, TRUE);
  gtk_text_buffer_end_user_action (body (f));
}

/* The body shows every block in the model's order: its text on its
 * lines, a photo, embed or divider as its widget at an anchor. */
static void
assert_rows_match (Fixture *f)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *text = buffer_text (body (f));
  guint n = cd_article_get_n_blocks (f->article);

  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = block_at (f, i);
      g_autofree char *flat = cd_edit_get_text (block, NULL);
      CdBlockRow *row = row_of (f, i);

      if (i > 0)
        g_string_append_c (expected, '\n');
      g_string_append (expected, flat);
      if (cd_block_get_block_type (block) == CD_BLOCK_QUOTE || cd_block_get_block_type (block) == CD_BLOCK_PULLQUOTE)
        g_string_append (expected, "\n\xef\xbf\xbc");

      if (cd_block_type_is_text (cd_block_get_block_type (block)))
        g_assert_null (row);
      else
        {
          g_assert_nonnull (row);
          g_assert_true (cd_block_row_get_block (row) == block);
          g_assert_true (gtk_widget_get_parent (GTK_WIDGET (row)) != NULL);
        }
    }

  g_assert_cmpstr (text, ==, expected->str);
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
test_follows_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CdBlock) inserted = cd_block_new (CD_BLOCK_QUOTE);
  CdBlockRow *divider;

  assert_rows_match (f);
  divider = row_of (f, 3);

  cd_block_set_text (inserted, "Quoted");
  cd_article_insert_block (f->article, 1, inserted);
  assert_rows_match (f);

  /* A move keeps the widget of a divider. */
  cd_article_move_block (f->article, 4, 0);
  assert_rows_match (f);
  g_assert_true (row_of (f, 0) == divider);

  cd_article_remove_block (f->article, 2);
  assert_rows_match (f);

  /* A change to a block from elsewhere shows in the body. */
  cd_block_set_text (block_at (f, 1), "Changed elsewhere");
  assert_rows_match (f);

  cd_block_editor_set_article (f->editor, NULL, NULL);
  {
    g_autofree char *text = buffer_text (body (f));

    g_assert_cmpstr (text, ==, "");
  }
  g_assert_null (cd_block_editor_get_article (f->editor));
}

static gboolean
has_tag_named (Fixture    *f,
               guint       position,
               guint       offset,
               const char *name)
{
  GtkTextIter iter;
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (body (f)), name);

  iter_at (f, position, offset, &iter);

  return tag != NULL && gtk_text_iter_has_tag (&iter, tag);
}

static void
test_shows_marks (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_false (has_tag_named (f, 0, 5, "strong"));
  g_assert_true (has_tag_named (f, 0, 6, "strong"));
  g_assert_true (has_tag_named (f, 0, 10, "strong"));
  g_assert_false (has_tag_named (f, 0, 11, "strong"));
  g_assert_true (has_tag_named (f, 0, 12, "em"));
  /* The block's type is the paragraph's style. */
  g_assert_true (has_tag_named (f, 2, 0, "style-heading2"));
  g_assert_true (has_tag_named (f, 0, 0, "style-paragraph"));
}

static void
test_typing (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *before = article_json (f->article);
  g_autofree char *restored = NULL;
  GPtrArray *marks;

  /* Typing inside the bold word is bold; at its end too, as in a word
   * processor; the marks after it move along. */
  focus (f, "p1", 8);
  type_text (f, "X");
  focus (f, "p1", 12);
  type_text (f, "Y");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brXaveY world");
  marks = cd_block_get_marks (block_at (f, 0));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_STRONG, 6, 13);
  assert_mark (marks, 1, CD_MARK_EM, 14, 19);
  assert_rows_match (f);

  /* Two places, two undo steps. */
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brXave world");
  g_assert_true (cd_history_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);
  assert_rows_match (f);
}

/* A run of typing at one place is one step; moving the caret, a
 * structural edit or formatting starts another. */
static void
test_undo_grouping (Fixture       *f,
                    gconstpointer  data)
{
  focus (f, "p2", 0);
  type_text (f, "O");
  type_text (f, "n");
  type_text (f, "e ");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "One Second paragraph.");
  g_assert_true (press (f, GDK_KEY_Return));
  type_text (f, "T");
  type_text (f, "wo");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "TwoSecond paragraph.");

  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Second paragraph.");
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "One Second paragraph.");
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.");
  g_assert_false (cd_history_can_undo (f->history));
}

static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *before = article_json (f->article);
  g_autofree char *restored = NULL;
  GPtrArray *marks;

  focus (f, "p1", 8);
  g_assert_true (press (f, GDK_KEY_Return));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 5);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello br");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "ave world");
  marks = cd_block_get_marks (block_at (f, 1));
  assert_mark (marks, 0, CD_MARK_STRONG, 0, 3);
  assert_mark (marks, 1, CD_MARK_EM, 4, 9);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (block_at (f, 1)));
  g_assert_cmpint (caret_offset (f), ==, 0);
  assert_rows_match (f);

  g_assert_true (cd_history_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);
  assert_rows_match (f);
}

/* Backspace at the start of a block joins it to the one before, through
 * the text view's own key handling. */
static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  GtkTextIter iter;

  focus (f, "p2", 0);
  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  g_assert_true (gtk_text_buffer_backspace (body (f), &iter, TRUE, TRUE));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brave worldSecond paragraph.");
  g_assert_cmpint (caret_offset (f), ==, 17);
  assert_rows_match (f);

  /* Delete at the end of a heading before a divider changes nothing. */
  focus (f, "h1", -1);
  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  {
    GtkTextIter end = iter;

    gtk_text_iter_forward_char (&end);
    gtk_text_buffer_delete_interactive (body (f), &iter, &end, TRUE);
  }
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);

  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 4);
  assert_rows_match (f);
}

/* A selection across blocks deletes like a word processor: the ends
 * join, and a divider inside goes. */
static void
test_delete_across (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *before = article_json (f->article);
  g_autofree char *restored = NULL;

  select_range (f, 0, 6, 2, 2);
  g_assert_true (gtk_text_buffer_delete_selection (body (f), TRUE, TRUE));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 2);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello subheading");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 0)), ==, CD_BLOCK_PARAGRAPH);
  assert_rows_match (f);
  g_assert_true (cd_history_undo (f->history));
  restored = article_json (f->article);
  g_assert_cmpstr (restored, ==, before);
  assert_rows_match (f);

  /* From inside the heading over the divider. */
  select_range (f, 2, 1, 3, 1);
  g_assert_true (gtk_text_buffer_delete_selection (body (f), TRUE, TRUE));
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "A");
  assert_rows_match (f);
  g_assert_true (cd_history_undo (f->history));
  assert_rows_match (f);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 3)), ==, CD_BLOCK_DIVIDER);

  /* Typing over a selection across blocks replaces it. */
  select_range (f, 0, 6, 1, 7);
  type_text (f, "new ");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello new paragraph.");
  assert_rows_match (f);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Ctrl+A selects the whole body; the status bar is told how many words
 * are selected. */
static void
test_select_all (Fixture       *f,
                 gconstpointer  data)
{
  GtkTextIter start;
  GtkTextIter end;
  guint notified = 0;

  g_signal_connect (f->editor, "notify::selection-words", G_CALLBACK (notify_count_cb), &notified);
  focus (f, "p2", 3);
  g_assert_cmpuint (cd_block_editor_get_selection_words (f->editor), ==, 0);
  g_signal_emit_by_name (_cd_block_editor_get_view (f->editor), "select-all", TRUE);
  g_assert_true (gtk_text_buffer_get_selection_bounds (body (f), &start, &end));
  g_assert_true (gtk_text_iter_is_start (&start));
  g_assert_true (gtk_text_iter_is_end (&end));
  g_assert_cmpuint (cd_block_editor_get_selection_words (f->editor), ==, 3 + 2 + 2);
  g_assert_cmpuint (notified, >, 0);

  select_range (f, 0, 12, 1, 6);
  g_assert_cmpuint (cd_block_editor_get_selection_words (f->editor), ==, 2);
}

static void
test_formatting (Fixture       *f,
                 gconstpointer  data)
{
  GPtrArray *marks;

  /* Over two blocks at once. */
  select_range (f, 0, 0, 1, 6);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.italic", NULL);
  marks = cd_block_get_marks (block_at (f, 0));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 0, CD_MARK_EM, 0, 17);
  assert_mark (cd_block_get_marks (block_at (f, 1)), 0, CD_MARK_EM, 0, 6);
  g_assert_true (has_tag_named (f, 1, 3, "em"));
  /* Again: off everywhere. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.italic", NULL);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 0);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 0))->len, ==, 1);
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 1);

  /* No selection: Ctrl+B sets what is typed next, nothing else. */
  focus (f, "p2", -1);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 1);
  type_text (f, " Bold");
  type_text (f, " run");
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);
  type_text (f, " plain");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph. Bold run plain");
  marks = cd_block_get_marks (block_at (f, 1));
  g_assert_cmpuint (marks->len, ==, 2);
  assert_mark (marks, 1, CD_MARK_STRONG, 17, 26);

  /* A link over the selection; a bad address is refused. */
  {
    g_autoptr(GError) error = NULL;

    select_range (f, 1, 0, 1, 6);
    g_assert_false (_cd_block_editor_set_link (f->editor, "javascript:alert(1)", &error));
    g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
    g_assert_true (_cd_block_editor_set_link (f->editor, "example.org", NULL));
    marks = cd_block_get_marks (block_at (f, 1));
    g_assert_cmpuint (marks->len, ==, 3);
    g_assert_cmpstr (((CdMark *) g_ptr_array_index (marks, 1))->href, ==, "https://example.org");
  }
}

/* The first descendant of @widget of @type for which @label is NULL or
 * its label (a button's) is @label. */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0))
        return child;
      found = find_descendant (child, type, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Ctrl+K's popover: a refused address says why and stays up; a good one
 * links the words; opened on the link again it shows the address and
 * removes the link. */
static void
test_link_popover (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *popover = _cd_block_editor_get_link_popover (f->editor);
  GtkWidget *entry = find_descendant (popover, GTK_TYPE_ENTRY, NULL);
  GtkWidget *message = NULL;
  GPtrArray *marks;

  g_assert_nonnull (entry);
  select_range (f, 1, 0, 1, 6);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.link", NULL);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (gtk_widget_get_visible (find_descendant (popover, GTK_TYPE_BUTTON, _("_Remove Link"))));

  gtk_editable_set_text (GTK_EDITABLE (entry), "javascript:alert(1)");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_get_visible (popover));
  for (GtkWidget *w = gtk_widget_get_next_sibling (entry); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w))
      message = w;
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "cannot be a link"));
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "example.org");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (popover));
  marks = cd_block_get_marks (block_at (f, 1));
  g_assert_cmpuint (marks->len, ==, 1);
  assert_mark (marks, 0, CD_MARK_LINK, 0, 6);
  g_assert_cmpstr (((CdMark *) g_ptr_array_index (marks, 0))->href, ==, "https://example.org");

  /* The caret in the link: the popover is for the whole link. */
  select_range (f, 1, 2, 1, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.link", NULL);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "https://example.org");
  g_assert_false (gtk_widget_get_visible (message));
  g_signal_emit_by_name (find_descendant (popover, GTK_TYPE_BUTTON, _("_Remove Link")), "clicked");
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpuint (cd_block_get_marks (block_at (f, 1))->len, ==, 0);
}

static gboolean
has_n_blocks_at_least (gpointer data)
{
  Fixture *f = data;

  return cd_article_get_n_blocks (f->article) >= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->editor), "want"));
}

static void
wait_for_blocks (Fixture *f,
                 guint    n)
{
  g_object_set_data (G_OBJECT (f->editor), "want", GUINT_TO_POINTER (n));
  cd_test_wait_for (has_n_blocks_at_least, f, "the pasted blocks");
}

/* A cut across a photo and an embed, pasted back, gives the story back
 * as it was: blocks, marks, the photo with its image, the embed. */
static void
test_cut_paste_round_trip (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autoptr(GBytes) png = cd_test_png_bytes (3, 200);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkTextView *view = _cd_block_editor_get_view (f->editor);
  GdkContentFormats *formats;

  cd_article_set_media (f->article, "media/photo.png", png);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/photo.png");
  cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "The quay");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://x.com/a/status/1");
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "x");
  cd_article_insert_block (f->article, 1, figure);
  cd_article_insert_block (f->article, 2, embed);
  add_mark (block_at (f, 3), CD_MARK_LINK, 0, 6, "https://example.org/");
  before = article_json (f->article);
  assert_rows_match (f);

  /* From inside the bold word to inside the link. */
  select_range (f, 0, 8, 3, 3);
  g_signal_emit_by_name (view, "cut-clipboard");
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 0)), ==, "Hello brond paragraph.");
  assert_rows_match (f);

  formats = gdk_clipboard_get_formats (gtk_widget_get_clipboard (GTK_WIDGET (view)));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "application/vnd.copydesk.blocks+json"));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/html"));
  g_assert_true (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING));

  g_signal_emit_by_name (view, "paste-clipboard");
  wait_for_blocks (f, 6);
  after = article_json (f->article);
  g_assert_cmpstr (after, ==, before);
  assert_rows_match (f);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (block_at (f, 3)));
  g_assert_cmpint (caret_offset (f), ==, 3);

  /* Pasting again makes copies with ids of their own. */
  focus (f, "d1", 1);
  g_signal_emit_by_name (view, "paste-clipboard");
  wait_for_blocks (f, 10);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 7)), ==, CD_BLOCK_FIGURE);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 7)), !=, cd_block_get_id (block_at (f, 1)));
  g_assert_cmpstr (cd_block_get_field (block_at (f, 7), CD_BLOCK_FIELD_CAPTION), ==, "The quay");
  g_assert_true (g_bytes_equal (cd_article_get_media (f->article, cd_block_get_field (block_at (f, 7), CD_BLOCK_FIELD_SRC)),
                                png));
  assert_rows_match (f);
}

/* HTML from a browser keeps its headings, lists and links; Ctrl+Shift+V
 * takes only the text. */
static void
test_paste_html (Fixture       *f,
                 gconstpointer  data)
{
  static const char html[] =
    "<h2>Plan</h2><ul><li>Phase one: levee</li><li>Phase two: <b>pumps</b></li></ul>"
    "<p>See <a href=\"https://example.org/plan\">the plan</a>.</p>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (html, sizeof html - 1);
  g_autoptr(GdkContentProvider) only_html = gdk_content_provider_new_for_bytes ("text/html", bytes);
  GtkTextView *view = _cd_block_editor_get_view (f->editor);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GPtrArray *items;

  focus (f, "d1", 1);
  gdk_clipboard_set_content (clipboard, only_html);
  g_signal_emit_by_name (view, "paste-clipboard");
  wait_for_blocks (f, 7);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 4)), ==, CD_BLOCK_HEADING);
  g_assert_cmpstr (cd_block_get_text (block_at (f, 4)), ==, "Plan");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 5)), ==, CD_BLOCK_LIST);
  items = cd_block_get_items (block_at (f, 5));
  g_assert_cmpuint (items->len, ==, 2);
  assert_mark (((CdListItem *) g_ptr_array_index (items, 1))->marks, 0, CD_MARK_STRONG, 11, 16);
  g_assert_cmpstr (((CdMark *) g_ptr_array_index (cd_block_get_marks (block_at (f, 6)), 0))->href, ==,
                   "https://example.org/plan");
  assert_rows_match (f);

  {
    GdkContentProvider *parts[] = {
      gdk_content_provider_new_for_bytes ("text/html", bytes),
      gdk_content_provider_new_typed (G_TYPE_STRING, "Plan\nPhase one: levee"),
    };
    g_autoptr(GdkContentProvider) both = gdk_content_provider_new_union (parts, G_N_ELEMENTS (parts));

    focus (f, "p2", -1);
    gdk_clipboard_set_content (clipboard, both);
    gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.paste-plain", NULL);
    wait_for_blocks (f, 8);
    g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.Plan");
    g_assert_cmpint (cd_block_get_block_type (block_at (f, 2)), ==, CD_BLOCK_PARAGRAPH);
    g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Phase one: levee");
  }
}

/* "## ", "- ", "1. ", "> " at the start of a paragraph, and "---" with
 * Enter, turn it; one Ctrl+Z gives the characters back. */
static void
test_markdown_shortcuts (Fixture       *f,
                         gconstpointer  data)
{
  static const struct {
    const char *typed;
    CdBlockType type;
  } cases[] = {
    { "## ", CD_BLOCK_HEADING },
    { "### ", CD_BLOCK_HEADING },
    { "- ", CD_BLOCK_LIST },
    { "* ", CD_BLOCK_LIST },
    { "1. ", CD_BLOCK_LIST },
    { "> ", CD_BLOCK_QUOTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      focus (f, "p2", -1);
      g_assert_true (press (f, GDK_KEY_Return));
      for (const char *p = cases[i].typed; *p != '\0'; p++)
        {
          char one[2] = { *p, '\0' };

          type_text (f, one);
        }
      g_assert_cmpint (cd_block_get_block_type (block_at (f, 2)), ==, cases[i].type);
      g_assert_cmpuint (cd_edit_get_length (block_at (f, 2)), ==, 0);
      if (i == 1)
        g_assert_cmpuint (cd_block_get_level (block_at (f, 2)), ==, 3);
      if (i == 4)
        g_assert_true (cd_block_get_ordered (block_at (f, 2)));
      type_text (f, "Text");
      {
        g_autofree char *flat = cd_edit_get_text (block_at (f, 2), NULL);

        g_assert_cmpstr (flat, ==, "Text");
      }
      assert_rows_match (f);

      g_assert_true (cd_history_undo (f->history));
      g_assert_true (cd_history_undo (f->history));
      g_assert_cmpint (cd_block_get_block_type (block_at (f, 2)), ==, CD_BLOCK_PARAGRAPH);
      g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, cases[i].typed);
      cd_article_remove_block (f->article, 2);
    }

  focus (f, "p2", -1);
  g_assert_true (press (f, GDK_KEY_Return));
  type_text (f, "---");
  g_assert_true (press (f, GDK_KEY_Return));
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 2)), ==, CD_BLOCK_DIVIDER);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 3)), ==, CD_BLOCK_PARAGRAPH);
  assert_rows_match (f);

  /* Not in the middle of a paragraph. */
  focus (f, "p2", 3);
  type_text (f, "- ");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_PARAGRAPH);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GPtrArray *items;
  CdBlock *list;

  focus (f, "p2", -1);
  list = cd_block_editor_insert_block (f->editor, CD_BLOCK_LIST);
  type_text (f, "Ferries");
  g_assert_true (press (f, GDK_KEY_Return));
  type_text (f, "Buses");
  items = cd_block_get_items (list);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 1))->text, ==, "Buses");
  assert_rows_match (f);

  /* Bold in the second item has offsets within the item. */
  select_range (f, 2, 8, 2, 11);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.bold", NULL);
  items = cd_block_get_items (list);
  assert_mark (((CdListItem *) g_ptr_array_index (items, 1))->marks, 0, CD_MARK_STRONG, 0, 3);

  /* Enter on the empty last item leaves the list. */
  focus (f, cd_block_get_id (list), -1);
  g_assert_true (press (f, GDK_KEY_Return));
  g_assert_cmpuint (cd_block_get_items (list)->len, ==, 3);
  g_assert_true (press (f, GDK_KEY_Return));
  g_assert_cmpuint (cd_block_get_items (list)->len, ==, 2);
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 3)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (block_at (f, 3)));
  assert_rows_match (f);
}

/* Moving a photo while typing in its credit keeps the caret there, its
 * text unselected. */
static void
test_move_keeps_focus (Fixture       *f,
                       gconstpointer  data)
{
  CdBlock *figure;
  CdBlockRow *row;
  GtkWidget *credit;
  GtkWidget *alt;
  GtkTextBuffer *credit_buffer;
  GtkTextIter caret;

  focus (f, "p1", 0);
  figure = cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  cd_block_set_field (figure, CD_BLOCK_FIELD_CREDIT, "Photo desk");
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "A quay");
  row = row_of (f, 1);
  credit = cd_block_row_get_entry (row, CD_BLOCK_FIELD_CREDIT);
  alt = cd_block_row_get_entry (row, CD_BLOCK_FIELD_ALT);
  credit_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (credit));
  gtk_widget_grab_focus (credit);
  gtk_text_buffer_get_iter_at_offset (credit_buffer, &caret, 5);
  gtk_text_buffer_place_cursor (credit_buffer, &caret);
  drain_main_loop ();

  gtk_widget_activate_action (credit, "editor.move-down", NULL);
  g_assert_true (block_at (f, 2) == figure);
  g_assert_true (row_of (f, 2) == row);
  g_assert_true (gtk_widget_has_focus (credit));
  g_assert_false (gtk_widget_has_focus (alt));
  gtk_text_buffer_get_iter_at_mark (credit_buffer, &caret, gtk_text_buffer_get_insert (credit_buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&caret), ==, 5);
  g_assert_false (gtk_text_buffer_get_has_selection (credit_buffer));
  g_assert_false (gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (GTK_TEXT_VIEW (alt))));
  assert_rows_match (f);

  /* A paragraph moves with the caret in it. */
  focus (f, "p2", 4);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 0)), ==, "p2");
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, "p2");
  g_assert_cmpint (caret_offset (f), ==, 4);
}

typedef struct
{
  GtkWidget *view;
  int        height;
} Grown;

static gboolean
has_grown (gpointer data)
{
  Grown *grown = data;

  return gtk_widget_get_height (grown->view) > grown->height * 3 / 2;
}

static gboolean
press_in (GtkWidget *widget,
          guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }

  return handled;
}

/* A caption longer than the field is wide wraps onto more lines, and
 * is saved as typed, one paragraph. */
static void
test_caption_wraps (Fixture       *f,
                    gconstpointer  data)
{
  const char *words[] = { "Fishing ", "boats ", "come ", "back ", "into ", "the ", "harbour ",
                          "at ", "dusk ", "after ", "the ", "storm ", "kept ", "them ", "out ",
                          "at ", "sea ", "for ", "three ", "days ", "and ", "nights, ", "as ",
                          "families ", "wait ", "on ", "the ", "quay." };
  g_autoptr(GString) typed = g_string_new (NULL);
  g_autofree char *json = NULL;
  CdBlock *figure;
  GtkWidget *caption;
  GtkTextBuffer *buffer;
  Grown grown;

  focus (f, "p1", 0);
  figure = cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  caption = cd_block_row_get_entry (row_of (f, 1), CD_BLOCK_FIELD_CAPTION);
  g_assert_true (GTK_IS_TEXT_VIEW (caption));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (caption));
  gtk_widget_grab_focus (caption);
  drain_main_loop ();
  grown.view = caption;
  grown.height = gtk_widget_get_height (caption);
  g_assert_cmpint (grown.height, >, 0);

  /* Typed a word at a time, as a user types. */
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, words[i], -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      g_string_append (typed, words[i]);
    }
  cd_test_wait_for (has_grown, &grown, "the caption to wrap onto more lines");
  g_assert_cmpint (gtk_widget_get_width (caption), <, 800);

  /* The run of typing is one step to undo, and back. */
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, "");
  g_assert_true (block_at (f, 1) == figure);
  g_assert_true (cd_history_redo (f->history));
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, typed->str);
  g_assert_true (gtk_widget_has_focus (caption));

  /* Enter moves on instead of breaking the caption. */
  g_assert_true (press_in (caption, GDK_KEY_Return));
  g_assert_false (gtk_widget_has_focus (caption));
  g_assert_null (strchr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), '\n'));
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, typed->str);
  json = article_json (f->article);
  g_assert_nonnull (strstr (json, "families wait on the quay."));

  /* A pasted line break is a space, not a second line. */
  gtk_text_buffer_set_text (buffer, "Line one\nline two", -1);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, "Line one line two");
}

/* An embed's stored words and title wrap as a caption does, and the
 * words keep the line breaks of the post. */
static void
test_embed_text_wraps (Fixture       *f,
                       gconstpointer  data)
{
  const char *words = "Fishing boats come back into the harbour at dusk after the storm kept "
                      "them out at sea for three days and nights, as families wait on the quay.";
  const char *post = "First line of the post\nand its second line";
  CdBlock *embed;
  CdBlockRow *row;
  GtkWidget *text;
  GtkWidget *title;
  GtkTextBuffer *buffer;
  Grown grown;

  focus (f, "p1", 0);
  embed = cd_block_editor_insert_block (f->editor, CD_BLOCK_EMBED);
  row = row_of (f, 1);
  text = cd_block_row_get_entry (row, CD_BLOCK_FIELD_TEXT);
  title = cd_block_row_get_entry (row, CD_BLOCK_FIELD_TITLE);
  g_assert_true (GTK_IS_TEXT_VIEW (text));
  g_assert_true (GTK_IS_TEXT_VIEW (title));
  g_assert_cmpint (gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (text)), ==, GTK_WRAP_WORD_CHAR);
  g_assert_cmpint (gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (title)), ==, GTK_WRAP_WORD_CHAR);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));
  gtk_widget_grab_focus (text);
  drain_main_loop ();
  grown.view = text;
  grown.height = gtk_widget_get_height (text);
  g_assert_cmpint (grown.height, >, 0);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, words, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  cd_test_wait_for (has_grown, &grown, "the post's words to wrap onto more lines");
  g_assert_cmpint (gtk_widget_get_width (text), <, 800);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TEXT), ==, words);

  /* The words of a post come with its line breaks, and keep them. */
  cd_block_set_field (embed, CD_BLOCK_FIELD_TEXT, post);
  {
    g_autofree char *shown = buffer_text (buffer);

    g_assert_cmpstr (shown, ==, post);
  }
  gtk_text_buffer_insert_at_cursor (buffer, "!", -1);
  g_assert_nonnull (strchr (cd_block_get_field (embed, CD_BLOCK_FIELD_TEXT), '\n'));

  /* A title is one line of the card: Enter moves on. */
  gtk_widget_grab_focus (title);
  g_assert_true (press_in (title, GDK_KEY_Return));
  g_assert_false (gtk_widget_has_focus (title));
}

static GMenuModel *
section_with_action (GMenuModel *menu,
                     const char *wanted,
                     int        *index)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_str_equal (action, wanted))
        {
          *index = i;
          return menu;
        }
      if (section != NULL)
        {
          GMenuModel *found = section_with_action (section, wanted, index);

          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

/* The context menu formats, pastes as plain text and undoes; a photo's
 * menu offers it as the lead photo. */
static void
test_menus (Fixture       *f,
            gconstpointer  data)
{
  GMenuModel *extra = gtk_text_view_get_extra_menu (_cd_block_editor_get_view (f->editor));
  static const char * const actions[] = {
    "editor.bold", "editor.italic", "editor.link", "editor.paste-plain", "win.undo", "win.redo",
  };
  GtkMenuButton *button;
  GMenuModel *menu;
  CdBlock *figure;
  int index;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_nonnull (section_with_action (extra, actions[i], &index));

  focus (f, "p1", 0);
  figure = cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  button = GTK_MENU_BUTTON (cd_block_row_get_menu_button (row_of (f, 1)));
  gtk_menu_button_popup (button);
  menu = section_with_action (gtk_menu_button_get_menu_model (button), "win.use-as-lead-photo", &index);
  g_assert_nonnull (menu);
  {
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, index, G_MENU_ATTRIBUTE_TARGET,
                                                                       G_VARIANT_TYPE_STRING);

    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, cd_block_get_id (figure));
  }
  gtk_menu_button_popdown (button);
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (figure));
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
  row = row_of (f, 2);
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
  row = row_of (f, 2);
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

  cd_test_wait_for (author_filled, embed, "the fetched details");
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
  {
    g_autofree char *shown = buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (cd_block_row_get_entry (row, CD_BLOCK_FIELD_TEXT))));

    g_assert_cmpstr (shown, ==, oembed_text);
  }
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
  cd_test_wait_for (message_shown, row, "the failure to be shown");
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
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (cd_block_row_get_entry (row, CD_BLOCK_FIELD_TEXT))),
                            "The words", -1);
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
  cd_test_wait_for (request_arrived, NULL, "the request");

  cd_article_remove_block (f->article, 2);
  /* The fetch held the row until it was told of the cancellation. */
  cd_test_wait_for (pointer_cleared, &row, "the row to be finalized");

  /* The answer goes out late; what it could change is looked at once the
   * server is done with it, and everything it queued has run. */
  soup_server_message_unpause (oembed.held);
  cd_test_wait_for (held_answer_done, NULL, "the late answer to be sent");
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
  row = row_of (f, 1);
  g_assert_false (cd_block_row_has_thumbnail (row));

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkWidget *entry = cd_block_row_get_entry (row, entries[i].field);

      g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (entry),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                         entries[i].label));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry)), entries[i].label, -1);
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
  cd_test_wait_for (row_has_thumbnail, row, "the thumbnail");
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
  cd_test_wait_for (row_has_thumbnail, row, "the second thumbnail");

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
  row = row_of (f, 1);
  g_assert_true (cd_block_row_set_image (row, png, "wide.png", &error));
  g_assert_no_error (error);

  cd_test_wait_for (row_has_thumbnail, row, "the thumbnail");
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
  g_assert_cmpint (caret_offset (f), ==, 5);

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
  select_range (f, 1, 0, 1, 6);
  _cd_block_editor_paste_text (f->editor, "First");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "First paragraph.");
  cd_history_undo (f->history);

  /* Text from a program writing Latin-1 and old Mac line ends: the
   * stray byte is replaced, not refused, and a lone CR ends a line. */
  focus (f, "p2", -1);
  _cd_block_editor_paste_text (f->editor, " caf\xe9\rau\tlait");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.caf\xef\xbf\xbd");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "au lait");
  assert_rows_match (f);
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
  cd_test_wait_for (row_has_thumbnail, row_of (f, 1), "the pasted image's thumbnail");

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
  row = row_of (f, 1);
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
  view = _cd_block_editor_get_view (f->editor);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), " End.\n\nNext one.\n\nLast");
  g_signal_emit_by_name (view, "paste-clipboard");

  cd_test_wait_for (has_n_blocks, f, "the pasted paragraphs");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 1)), ==, "Second paragraph.End.");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 2)), ==, "Next one.");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "Last");
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

/* A screen reader hears the body as one text, and what each photo,
 * embed and divider is. */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  CdBlockRow *row;
  CdBlock *block;

  assert_accessible (GTK_WIDGET (_cd_block_editor_get_view (f->editor)), GTK_ACCESSIBLE_PROPERTY_LABEL, "Story text");
  assert_accessible (_cd_block_editor_get_insert_button (f->editor), GTK_ACCESSIBLE_PROPERTY_LABEL, "Insert Block");
  assert_accessible (cd_block_row_get_menu_button (row_of (f, 3)), GTK_ACCESSIBLE_PROPERTY_LABEL, "Block Options");

  focus (f, "p2", -1);
  block = cd_block_editor_insert_block (f->editor, CD_BLOCK_FIGURE);
  row = row_of (f, 2);
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

  /* Inserted blocks of every type show in the body. */
  focus (f, "p1", -1);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.insert-block", "s", types[i]);
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 4 + G_N_ELEMENTS (types));
  assert_rows_match (f);
}

/* Turning blocks into others, from the context menu's actions. */
/* A quote's attribution is typed in its own entry under the quote,
 * which stays while the block changes under it. */
static void
test_attribution (Fixture       *f,
                  gconstpointer  data)
{
  CdBlock *quote;
  GtkWidget *entry;
  GtkTextIter iter;

  focus (f, "p2", -1);
  quote = cd_block_editor_insert_block (f->editor, CD_BLOCK_QUOTE);
  type_text (f, "We will sail");
  g_assert_cmpstr (cd_block_get_text (quote), ==, "We will sail");
  assert_rows_match (f);

  iter_at (f, 2, 0, &iter);
  gtk_text_iter_forward_line (&iter);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&iter));
  {
    guint n = 0;
    GtkWidget **widgets = gtk_text_child_anchor_get_widgets (gtk_text_iter_get_child_anchor (&iter), &n);

    g_assert_cmpuint (n, ==, 1);
    /* The anchor holds the entry's holder, which sizes it to the text. */
    entry = gtk_widget_get_first_child (widgets[0]);
    g_assert_true (GTK_IS_ENTRY (entry));
    g_free (widgets);
  }
  assert_accessible (entry, GTK_ACCESSIBLE_PROPERTY_LABEL, "Attribution");
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "The harbour master");
  g_assert_cmpstr (cd_block_get_field (quote, CD_BLOCK_FIELD_ATTRIBUTION), ==, "The harbour master");
  g_assert_true (gtk_widget_is_ancestor (entry, GTK_WIDGET (_cd_block_editor_get_view (f->editor))));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (quote));
  /* Enter in the entry is the entry's, not a new paragraph. */
  g_assert_cmpuint (cd_article_get_n_blocks (f->article), ==, 5);

  /* Undo puts the old attribution back in the entry, and only that. */
  g_assert_true (cd_history_undo (f->history));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (cd_block_get_text (quote), ==, "We will sail");
  assert_rows_match (f);

  /* The text after the quote is a paragraph of its own. */
  focus (f, cd_block_get_id (quote), -1);
  g_assert_true (press (f, GDK_KEY_Return));
  type_text (f, "After");
  g_assert_cmpstr (cd_block_get_text (block_at (f, 3)), ==, "After");
  g_assert_cmpstr (cd_block_get_text (quote), ==, "We will sail");
  assert_rows_match (f);
}

typedef struct
{
  GtkWidget *widget;
  guint      painted;
} PaintCount;

static void
after_paint_cb (GdkFrameClock *clock,
                PaintCount    *count)
{
  count->painted++;
}

static gboolean
painted_twice (gpointer data)
{
  return ((PaintCount *) data)->painted >= 2;
}

/* The window draws two frames after now. */
static void
wait_for_two_frames (Fixture *f)
{
  PaintCount count = { GTK_WIDGET (f->editor), 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->editor));
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &count);

  gtk_widget_queue_draw (GTK_WIDGET (f->editor));
  cd_test_wait_for (painted_twice, &count, "two frames to be drawn");
  g_signal_handler_disconnect (clock, id);
}

/* Where the body's text view lays out the start of line @line. */
static int
line_x (Fixture *f,
        int      line)
{
  GtkTextView *view = _cd_block_editor_get_view (f->editor);
  GtkTextIter iter;
  GdkRectangle location;

  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (view), &iter, line);
  gtk_text_view_get_iter_location (view, &iter, &location);

  return location.x;
}

/* A quote's attribution stays under the quote's indented text while
 * the story around it is edited. */
static void
test_attribution_indent (Fixture       *f,
                         gconstpointer  data)
{
  GtkTextIter iter;
  int quote_line;

  focus (f, "p2", -1);
  cd_block_editor_insert_block (f->editor, CD_BLOCK_QUOTE);
  type_text (f, "We will sail");
  iter_at (f, 2, 0, &iter);
  quote_line = gtk_text_iter_get_line (&iter);
  g_assert_nonnull (gtk_text_iter_forward_line (&iter) ? gtk_text_iter_get_child_anchor (&iter) : NULL);
  wait_for_two_frames (f);
  g_assert_cmpint (line_x (f, quote_line), >, line_x (f, 0));
  g_assert_cmpint (line_x (f, quote_line + 1), ==, line_x (f, quote_line));

  /* Typing in a paragraph above the quote lays that paragraph out anew
   * and the attribution's line with it, not the quote's. */
  focus (f, "p1", -1);
  type_text (f, " again");
  wait_for_two_frames (f);
  g_assert_cmpint (line_x (f, quote_line + 1), ==, line_x (f, quote_line));

  focus (f, cd_block_get_id (block_at (f, 2)), -1);
  type_text (f, " at dawn");
  wait_for_two_frames (f);
  g_assert_cmpint (line_x (f, quote_line + 1), ==, line_x (f, quote_line));
}

static void
test_turn_into (Fixture       *f,
                gconstpointer  data)
{
  focus (f, "p2", 3);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.turn-into", "s", "list");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_LIST);
  g_assert_cmpstr (cd_block_get_id (block_at (f, 1)), ==, "p2");
  assert_rows_match (f);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.turn-into", "s", "paragraph");
  g_assert_cmpint (cd_block_get_block_type (block_at (f, 1)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_true (has_tag_named (f, 1, 0, "style-paragraph"));

  focus (f, "h1", 0);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.set-level", "i", 3);
  g_assert_cmpuint (cd_block_get_level (block_at (f, 2)), ==, 3);
  g_assert_true (has_tag_named (f, 2, 0, "style-heading3"));
  g_assert_true (cd_history_undo (f->history));
  g_assert_true (has_tag_named (f, 2, 0, "style-heading2"));
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
  Fixture f = { 0 };

  g_assert_no_error (error);
  history = cd_history_new (article);
  before = article_json (article);

  window = gtk_window_new ();
  editor = cd_block_editor_new ();
  cd_block_editor_set_article (CD_BLOCK_EDITOR (editor), article, history);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  cd_test_wait_for (is_shown, editor, "the editor to be shown");

  f.editor = CD_BLOCK_EDITOR (editor);
  f.article = article;
  assert_rows_match (&f);
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        {
          cd_test_wait_for (row_has_thumbnail, row_of (&f, i), "the figure's thumbnail");
          saw_thumbnail = TRUE;
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

static CdBlock *
photo_block (CdArticle  *article,
             const char *src,
             GBytes     *png)
{
  CdBlock *block = cd_block_new (CD_BLOCK_FIGURE);

  cd_article_set_media (article, src, png);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, "A ferry at the quay");

  return block;
}

/* A window of 800 × 600 showing @article in a block editor, in a
 * scrolled column as the story column holds it. */
static GtkWidget *
column_window_new (CdArticle  *article,
                   CdHistory  *history,
                   GtkWidget **editor)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  *editor = cd_block_editor_new ();
  cd_block_editor_set_article (CD_BLOCK_EDITOR (*editor), article, history);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), *editor);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);

  return window;
}

static gboolean
row_let_go_of_thumbnail (gpointer data)
{
  return !cd_block_row_has_thumbnail (data);
}

typedef struct
{
  CdBlockEditor *editor;
  CdBlock       *block;
  GtkAdjustment *adjustment;
  double         value;
} RowWait;

/* The block's row was let go: the editor has none for it. */
static gboolean
row_let_go (gpointer data)
{
  RowWait *wait = data;

  return g_hash_table_lookup (wait->editor->widgets, wait->block) == NULL;
}

/* Scrolled to @value (the end for a negative one, which moves down as
 * the text view lays a long story out), the block's row is made again
 * and its thumbnail decoded. */
static gboolean
row_back_with_thumbnail (gpointer data)
{
  RowWait *wait = data;
  double value = wait->value;
  CdBlockRow *row;

  if (value < 0)
    value = gtk_adjustment_get_upper (wait->adjustment) - gtk_adjustment_get_page_size (wait->adjustment);
  if (gtk_adjustment_get_value (wait->adjustment) != value)
    gtk_adjustment_set_value (wait->adjustment, value);
  row = g_hash_table_lookup (wait->editor->widgets, wait->block);

  return row != NULL && cd_block_row_has_thumbnail (row);
}

static int
measured_height (GtkWidget *widget)
{
  int height;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);

  return height;
}

/* A long story's photos are decoded as they come near the view, not all
 * when it opens: the one far below waits until the column is scrolled
 * down to it, and gets its thumbnail then. The first one, screens above
 * by then, is let go, its place in the column kept at its height, and
 * made again with its thumbnail when the column is scrolled back up.
 * A row the reporter is in stays, and lets go only of its thumbnail. */
static void
test_far_thumbnail_waits (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdHistory) history = NULL;
  g_autoptr(GBytes) png = cd_test_solid_png (0x2ec27eff, 800, 600);
  g_autoptr(GtkWidget) holder = NULL;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *editor;
  GtkAdjustment *adjustment;
  CdBlockRow *near_row;
  CdBlockRow *far_row;
  CdBlock *first;
  CdBlock *last;
  int height;

  cd_article_append_block (article, photo_block (article, "media/near.png", png));
  for (guint i = 0; i < 150; i++)
    {
      CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_block_set_text (block, "The harbour board met on Tuesday to talk about the ferry timetable "
                                "for the winter, and agreed on nothing at all.");
      cd_article_append_block (article, block);
    }
  cd_article_append_block (article, photo_block (article, "media/far.png", png));
  history = cd_history_new (article);
  first = cd_article_get_block (article, 0);
  last = cd_article_get_block (article, 151);

  window = column_window_new (article, history, &editor);
  scrolled = gtk_window_get_child (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  cd_test_wait_for (is_shown, editor, "the editor to be shown");

  near_row = _cd_block_editor_get_block_widget (CD_BLOCK_EDITOR (editor), first);
  cd_test_wait_for (row_has_thumbnail, near_row, "the first photo's thumbnail");
  /* The caret in the first paragraph: the photo above is not the block
   * being worked on. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (CD_BLOCK_EDITOR (editor)));
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_line (buffer, &iter, 1);
    gtk_text_buffer_place_cursor (buffer, &iter);
  }
  /* Far below, the last one has a row not yet made, or let go, or made
   * without its thumbnail. */
  far_row = g_hash_table_lookup (CD_BLOCK_EDITOR (editor)->widgets, last);
  g_assert_true (far_row == NULL || !cd_block_row_thumbnail_requested (far_row));
  holder = g_object_ref (gtk_widget_get_parent (GTK_WIDGET (near_row)));
  height = measured_height (holder);
  g_assert_cmpint (height, >, 220);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  {
    RowWait wait = { CD_BLOCK_EDITOR (editor), last, adjustment, -1 };

    cd_test_wait_for (row_back_with_thumbnail, &wait, "the last photo's thumbnail once scrolled to");
  }
  {
    RowWait wait = { CD_BLOCK_EDITOR (editor), first, adjustment, 0 };

    cd_test_wait_for (row_let_go, &wait, "the first photo's row to be let go");
    g_assert_null (gtk_widget_get_first_child (holder));
    g_assert_cmpint (measured_height (holder), ==, height);
    g_assert_true (gtk_widget_get_visible (holder));
    /* Its place is named as the row was. */
    g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (holder), GTK_ACCESSIBLE_ROLE_GROUP));
    g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (holder), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                       "Figure without a caption"));

    cd_test_wait_for (row_back_with_thumbnail, &wait, "the first photo's row once scrolled back");
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (holder), GTK_ACCESSIBLE_PROPERTY_LABEL));
    wait.block = last;
    cd_test_wait_for (row_let_go, &wait, "the last photo's row to be let go");
  }

  /* In the caption, the reporter keeps the row wherever the column goes. */
  near_row = g_hash_table_lookup (CD_BLOCK_EDITOR (editor)->widgets, first);
  gtk_widget_grab_focus (cd_block_row_get_entry (near_row, CD_BLOCK_FIELD_CAPTION));
  {
    RowWait wait = { CD_BLOCK_EDITOR (editor), last, adjustment, -1 };

    cd_test_wait_for (row_back_with_thumbnail, &wait, "the last photo's row once scrolled to again");
  }
  cd_test_wait_for (row_let_go_of_thumbnail, near_row, "the first photo to let go of its thumbnail");
  g_assert_true (g_hash_table_lookup (CD_BLOCK_EDITOR (editor)->widgets, first) == near_row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_block_row_get_picture (near_row))));
  {
    RowWait wait = { CD_BLOCK_EDITOR (editor), first, adjustment, 0 };

    cd_test_wait_for (row_back_with_thumbnail, &wait, "the first photo's thumbnail once scrolled back");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

/* How many of the story's photos show their rows. */
static guint
count_shown_rows (CdBlockEditor *editor,
                  CdArticle     *article)
{
  guint shown = 0;

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlockRow *row = g_hash_table_lookup (editor->widgets, cd_article_get_block (article, i));

      if (row != NULL && gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (row))))
        shown++;
    }

  return shown;
}

typedef struct
{
  CdBlockEditor *editor;
  CdArticle     *article;
  guint          n_photos;
} RowsWait;

static gboolean
all_rows_shown (gpointer data)
{
  RowsWait *wait = data;

  return count_shown_rows (wait->editor, wait->article) == wait->n_photos;
}

static void
row_added_cb (CdBlockEditor *editor,
              CdBlockRow    *row,
              guint         *n_added)
{
  g_assert_true (CD_IS_BLOCK_ROW (row));
  (*n_added)++;
}

/* Adds @n_photos photos to @article, each followed by three paragraphs. */
static void
append_photo_story (CdArticle *article,
                    guint      n_photos)
{
  g_autoptr(GBytes) png = cd_test_solid_png (0x1c71d8ff, 400, 300);

  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *media = g_strdup_printf ("media/photo-%02u.png", i);

      cd_article_append_block (article, photo_block (article, media, png));
      for (guint p = 0; p < 3; p++)
        {
          CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

          cd_block_set_text (block, "The ferry left the quay at dawn with the council on board.");
          cd_article_append_block (article, block);
        }
    }
}

/* A long story opens with its first photos' rows and the rest are made
 * and come in a few a frame once it is drawn, those near the view first:
 * making and laying out every row would keep the window from showing the
 * story for seconds.
 * Its text is all there from the start, so the caret can go to the end
 * and type at once. A caller that asks for a row not shown yet gets
 * every row shown. */
static void
test_long_story_rows_come_in (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdHistory) history = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *editor;
  RowsWait wait;
  CdBlock *last;
  guint n_blocks;
  guint shown;
  guint n_added = 0;

  wait.n_photos = 16;
  append_photo_story (article, wait.n_photos);
  n_blocks = cd_article_get_n_blocks (article);
  last = cd_article_get_block (article, n_blocks - 1);
  history = cd_history_new (article);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  scrolled = gtk_scrolled_window_new ();
  editor = cd_block_editor_new ();
  /* Spelling attaches to the rows made later when it hears of them. */
  g_signal_connect (editor, "row-added", G_CALLBACK (row_added_cb), &n_added);
  cd_block_editor_set_article (CD_BLOCK_EDITOR (editor), article, history);
  wait.editor = CD_BLOCK_EDITOR (editor);
  wait.article = article;

  shown = count_shown_rows (wait.editor, article);
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, wait.n_photos);
  /* The rows still to come are not made yet, hidden or not. */
  g_assert_cmpuint (g_hash_table_size (wait.editor->widgets), ==, shown);

  /* The caret goes to the end of the story and types there before the
   * rows above have come in. */
  buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (wait.editor));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, " Late.", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  g_assert_true (g_str_has_suffix (cd_block_get_text (last), "on board. Late."));
  g_assert_cmpuint (count_shown_rows (wait.editor, article), <, wait.n_photos);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), editor);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  cd_test_wait_for (all_rows_shown, &wait, "every photo's row to come in");
  g_assert_cmpuint (g_hash_table_size (wait.editor->widgets), ==, wait.n_photos);
  g_assert_cmpuint (n_added, ==, wait.n_photos - shown);
  g_assert_true (cd_history_undo (history));
  g_assert_true (g_str_has_suffix (cd_block_get_text (last), "on board."));

  /* Shown again: a row asked for is there at once, with all the others. */
  cd_block_editor_set_article (CD_BLOCK_EDITOR (editor), article, history);
  g_assert_cmpuint (count_shown_rows (wait.editor, article), <, wait.n_photos);
  g_assert_nonnull (_cd_block_editor_get_block_widget (wait.editor, cd_article_get_block (article, n_blocks - 4)));
  g_assert_cmpuint (count_shown_rows (wait.editor, article), ==, wait.n_photos);

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

typedef struct
{
  CdBlockEditor *editor;
  GtkTextBuffer *buffer;
} TypingWait;

/* A key at the caret, as a fast typist's come. */
static gboolean
type_key_cb (gpointer data)
{
  TypingWait *wait = data;

  gtk_text_buffer_begin_user_action (wait->buffer);
  gtk_text_buffer_insert_interactive_at_cursor (wait->buffer, "a", -1, TRUE);
  gtk_text_buffer_end_user_action (wait->buffer);

  return G_SOURCE_CONTINUE;
}

static gboolean
held_rows_wait_for_pause (gpointer data)
{
  TypingWait *wait = data;

  return wait->editor->held->len > 0 &&
         wait->editor->held_tick_id == 0 &&
         wait->editor->held_resume_id != 0;
}

/* While the reporter types, rows far from the view wait for a pause; the
 * editor does not ask for a frame meanwhile (a tick callback would keep
 * the window drawing at the refresh rate, and each key would wait for the
 * next of those frames). Once the typing pauses, the rows come in. */
static void
test_held_rows_no_frames_while_typing (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdHistory) history = NULL;
  GtkTextIter start;
  GtkWidget *window;
  GtkWidget *editor;
  TypingWait typing;
  RowsWait wait;
  guint typist;

  wait.n_photos = 30;
  append_photo_story (article, wait.n_photos);
  history = cd_history_new (article);

  window = column_window_new (article, history, &editor);
  wait.editor = CD_BLOCK_EDITOR (editor);
  wait.article = article;
  typing.editor = CD_BLOCK_EDITOR (editor);
  typing.buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (typing.editor));
  gtk_text_buffer_get_start_iter (typing.buffer, &start);
  gtk_text_iter_forward_line (&start);
  gtk_text_buffer_place_cursor (typing.buffer, &start);
  gtk_window_present (GTK_WINDOW (window));

  typist = g_timeout_add (30, type_key_cb, &typing);
  cd_test_wait_for (held_rows_wait_for_pause, &typing, "the editor to stop its frames while typing");
  g_assert_cmpuint (count_shown_rows (wait.editor, article), <, wait.n_photos);
  g_source_remove (typist);

  cd_test_wait_for (all_rows_shown, &wait, "every photo's row to come in after the typing");
  g_assert_cmpuint (typing.editor->held->len, ==, 0);
  g_assert_cmpuint (typing.editor->held_tick_id, ==, 0);
  g_assert_cmpuint (typing.editor->held_resume_id, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

static void
count_cb (GtkTextBuffer *buffer,
          GtkTextTag    *tag,
          GtkTextIter   *start,
          GtkTextIter   *end,
          guint         *count)
{
  (*count)++;
}

/* Each link is a tag of its own: a key typed in one paragraph of a story
 * with hundreds of links touches the tags of that paragraph, not every
 * link of the story (which made typing in a book-length story slow). */
static void
test_typing_touches_near_tags (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdHistory) history = NULL;
  GtkWidget *window;
  GtkWidget *editor;
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint n_removed = 0;
  GPtrArray *marks;

  for (guint i = 0; i < 300; i++)
    {
      CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);
      g_autoptr(GPtrArray) links = cd_marks_new ();
      g_autofree char *href = g_strdup_printf ("https://example.com/story-%u", i);

      g_ptr_array_add (links, cd_mark_new (CD_MARK_LINK, 4, 11, href));
      cd_block_set_text_and_marks (block, "The harbour board met on Tuesday.", links);
      cd_article_append_block (article, block);
    }
  history = cd_history_new (article);

  window = gtk_window_new ();
  editor = cd_block_editor_new ();
  cd_block_editor_set_article (CD_BLOCK_EDITOR (editor), article, history);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  cd_test_wait_for (is_shown, editor, "the editor to be shown");

  view = _cd_block_editor_get_view (CD_BLOCK_EDITOR (editor));
  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 2);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_signal_connect (buffer, "remove-tag", G_CALLBACK (count_cb), &n_removed);
  g_signal_emit_by_name (view, "insert-at-cursor", "e");
  g_signal_handlers_disconnect_by_func (buffer, count_cb, &n_removed);

  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==, "Thee harbour board met on Tuesday.");
  marks = cd_block_get_marks (cd_article_get_block (article, 0));
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpuint (((CdMark *) g_ptr_array_index (marks, 0))->start, ==, 5);
  g_assert_cmpuint (n_removed, <, 10);

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

static gboolean
story_in_body (gpointer data)
{
  return !_cd_block_editor_is_rendering (data);
}

/* The body's text as the model has it: the blocks one a line. */
static char *
model_text (CdArticle *article)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      g_autofree char *block_text = cd_edit_get_text (cd_article_get_block (article, i), NULL);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, block_text);
    }

  return g_string_free (text, FALSE);
}

static char *
body_text (CdBlockEditor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (editor));
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
}

/* Sends a key to the editor's own key handlers on its view, as GTK does
 * for a key pressed there; how many heard it. */
static guint
press_editor_key (CdBlockEditor   *editor,
                  guint            keyval,
                  GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (_cd_block_editor_get_view (editor)));
  guint heard = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          g_signal_handler_find (controller, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, editor) == 0)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
      heard++;
    }

  return heard;
}

/* A book-length story goes into the body a part at a time, the main
 * loop free in between; the story the body ends up with is the model's,
 * with what changed meanwhile, and a caller that needs a block far down
 * gets it at once. */
static void
test_long_story_in_parts (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdHistory) history = NULL;
  g_autoptr(GBytes) png = cd_test_solid_png (0x1c71d8ff, 40, 30);
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  guint n_blocks = 2 * CD_BLOCK_EDITOR_RENDER_PART + 150;
  CdBlockEditor *editor;
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkWidget *window;
  CdBlock *linked;
  CdBlock *block;
  CdEditPos pos;
  GtkTextIter start;
  GtkTextIter end;
  g_autoptr(GPtrArray) shown_marks = NULL;

  for (guint i = 0; i < n_blocks; i++)
    {
      g_autofree char *text = g_strdup_printf ("Paragraph %u of the council's budget story.", i);
      g_autofree char *href = g_strdup_printf ("https://example.com/budget-%u", i);
      g_autoptr(GPtrArray) marks = cd_marks_new ();

      if (i == n_blocks - 40)
        {
          cd_article_append_block (article, photo_block (article, "media/quay.png", png));
          continue;
        }
      block = cd_block_new (CD_BLOCK_PARAGRAPH);
      if (i % 3 == 0)
        g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 9, href));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 10, 14, NULL));
      cd_block_set_text_and_marks (block, text, marks);
      cd_article_append_block (article, block);
    }
  history = cd_history_new (article);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  editor = CD_BLOCK_EDITOR (cd_block_editor_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));
  view = _cd_block_editor_get_view (editor);
  buffer = gtk_text_view_get_buffer (view);

  cd_block_editor_set_article (editor, article, history);
  g_assert_true (_cd_block_editor_is_rendering (editor));
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, CD_BLOCK_EDITOR_RENDER_PART);
  /* Nothing is typed into half a story. */
  g_assert_false (gtk_text_view_get_editable (view));

  /* The story changes while it goes in: a paragraph added at the top,
   * one far down taken out and another far down rewritten. */
  block = cd_block_new (CD_BLOCK_PARAGRAPH);
  cd_block_set_text (block, "Added at the top while the story opened.");
  cd_article_insert_block (article, 0, block);
  cd_article_remove_block (article, n_blocks - 20);
  cd_block_set_text (cd_article_get_block (article, n_blocks - 5), "Rewritten far down.");

  cd_test_wait_for (story_in_body, editor, "the whole story to go into the body");
  g_assert_true (gtk_text_view_get_editable (view));
  expected = model_text (article);
  shown = body_text (editor);
  g_assert_cmpstr (shown, ==, expected);

  /* A link far down keeps its address. */
  pos = (CdEditPos) { n_blocks - 9, 0 };
  while (cd_block_get_marks (cd_article_get_block (article, pos.block))->len < 2)
    pos.block--;
  linked = cd_article_get_block (article, pos.block);
  g_assert_cmpuint (pos.block, >, 2 * CD_BLOCK_EDITOR_RENDER_PART);
  _cd_block_editor_pos_to_iter (editor, pos, &start);
  pos.offset = cd_edit_get_length (linked);
  _cd_block_editor_pos_to_iter (editor, pos, &end);
  shown_marks = cd_block_text_get_marks (buffer, &start, &end);
  g_assert_true (cd_marks_equal (shown_marks, cd_block_get_marks (linked)));

  /* Shown again, and the last paragraph asked for before it is in: the
   * rest goes in at once and the caret is at its end. */
  cd_block_editor_set_article (editor, article, history);
  g_assert_true (_cd_block_editor_is_rendering (editor));
  block = cd_article_get_block (article, cd_article_get_n_blocks (article) - 1);
  g_assert_true (cd_block_editor_focus_block (editor, cd_block_get_id (block), -1));
  g_assert_false (_cd_block_editor_is_rendering (editor));
  g_assert_true (gtk_text_view_get_editable (view));
  gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
  g_assert_true (gtk_text_iter_is_end (&start));
  g_free (shown);
  shown = body_text (editor);
  g_assert_cmpstr (shown, ==, expected);

  /* A key pressed before the rest is in acts on the whole story. */
  cd_block_editor_set_article (editor, article, history);
  g_assert_true (_cd_block_editor_is_rendering (editor));
  g_assert_true (press_editor_key (editor, GDK_KEY_End, GDK_CONTROL_MASK) >= 1);
  g_assert_false (_cd_block_editor_is_rendering (editor));
  g_assert_true (gtk_text_view_get_editable (view));
  g_free (shown);
  shown = body_text (editor);
  g_assert_cmpstr (shown, ==, expected);

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

  ADD ("follows-model", test_follows_model);
  ADD ("shows-marks", test_shows_marks);
  ADD ("typing", test_typing);
  ADD ("undo-grouping", test_undo_grouping);
  ADD ("split", test_split);
  ADD ("merge", test_merge);
  ADD ("delete-across", test_delete_across);
  ADD ("select-all", test_select_all);
  ADD ("formatting", test_formatting);
  ADD ("link-popover", test_link_popover);
  ADD ("cut-paste-round-trip", test_cut_paste_round_trip);
  ADD ("paste-html", test_paste_html);
  ADD ("markdown-shortcuts", test_markdown_shortcuts);
  ADD ("list", test_list);
  ADD ("move-keeps-focus", test_move_keeps_focus);
  ADD ("caption-wraps", test_caption_wraps);
  ADD ("embed-text-wraps", test_embed_text_wraps);
  ADD ("menus", test_menus);
  ADD ("turn-into", test_turn_into);
  ADD ("attribution", test_attribution);
  ADD ("attribution-indent", test_attribution_indent);
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
  ADD ("accessible-names", test_accessible_names);
  ADD ("insert-menu", test_insert_menu);
  g_test_add_func ("/ui/block-editor/sample-story", test_sample_story);
  g_test_add_func ("/ui/block-editor/far-thumbnail-waits", test_far_thumbnail_waits);
  g_test_add_func ("/ui/block-editor/long-story-rows-come-in", test_long_story_rows_come_in);
  g_test_add_func ("/ui/block-editor/held-rows-no-frames-while-typing", test_held_rows_no_frames_while_typing);
  g_test_add_func ("/ui/block-editor/typing-touches-near-tags", test_typing_touches_near_tags);
  g_test_add_func ("/ui/block-editor/long-story-in-parts", test_long_story_in_parts);

#undef ADD

  return g_test_run ();
}
