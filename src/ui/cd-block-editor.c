/* cd-block-editor.c: the body of a story, edited in place like a word processor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-block-editor-private.h"
#include "cd-block-media.h"
#include "cd-block-text.h"
#include "cd-block-text-view.h"
#include "cd-menu-button.h"

struct _CdBlockEditor
{
  GtkWidget   parent_instance;

  CdArticle  *article;
  CdHistory  *history;
  GListModel *blocks;

  GtkWidget  *box;
  GtkWidget  *rows_box;
  GtkWidget  *insert_button;
  /* The rows in story order, one per block; owned by rows_box. */
  GPtrArray  *rows;
  /* The row holding the caret, or the last one that did while the focus
   * is elsewhere in the editor (the + button, a block menu). */
  CdBlockRow *current;
  char       *focused_id;

  /* Asks the parent for the column's new height after a layout that
   * changed it. */
  guint       resize_id;
  /* The scrolling of the view showing the editor, while it is mapped. */
  GtkAdjustment *vadjustment;

  GtkWidget  *link_popover;
  GtkWidget  *link_entry;
  GtkWidget  *link_message;
  GtkWidget  *link_remove;
  CdBlockRow *link_row;
  int         link_start;
  int         link_end;
};

G_DEFINE_FINAL_TYPE (CdBlockEditor, cd_block_editor, GTK_TYPE_WIDGET)

enum {
  BLOCK_FOCUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char editor_css[] =
  "blockeditor { padding-bottom: 18px; }\n"
  "blockeditor .block-rows { padding: 0; }\n"
  "blockeditor blockrow { padding: 3px 0; }\n"
  "blockeditor textview.block-text, blockeditor textview.block-text > text {"
  "  background: none; }\n"
  "blockeditor textview.block-text { font-size: 1.12em; }\n"
  "blockeditor blockrow.block-heading textview.block-text {"
  "  font-size: 1.5em; font-weight: 700; }\n"
  "blockeditor blockrow.block-heading.level-3 textview.block-text {"
  "  font-size: 1.28em; }\n"
  "blockeditor blockrow.block-quote .block-content,"
  "blockeditor blockrow.block-pullquote .block-content {"
  "  border-left: 3px solid alpha(currentColor, 0.3);"
  "  padding-left: 14px; margin-left: 4px; }\n"
  "blockeditor blockrow.block-quote textview.block-text { font-style: italic; }\n"
  "blockeditor blockrow.block-pullquote textview.block-text {"
  "  font-size: 1.4em; font-weight: 600; }\n"
  "blockeditor blockrow.block-figure .block-content,"
  "blockeditor blockrow.block-embed .block-content {"
  "  border-radius: 8px; padding: 10px;"
  "  background-color: alpha(currentColor, 0.045); }\n"
  "blockeditor .block-thumbnail { border-radius: 6px; }\n"
  "blockeditor .field-label { font-size: 0.88em; }\n"
  "blockeditor entry.caption-entry, blockeditor entry.attribution-entry {"
  "  font-size: 0.92em; }\n"
  "blockeditor blockrow.block-divider .block-content { padding: 14px 0; }\n"
  "blockeditor .block-menu-button { opacity: 0.45; }\n"
  "blockeditor blockrow:hover .block-menu-button,"
  "blockeditor blockrow:focus-within .block-menu-button { opacity: 1; }\n"
  "blockeditor .block-message { font-size: 0.92em; }\n";

static const struct {
  CdBlockType  type;
  const char  *label;
} insert_labels[] = {
  { CD_BLOCK_PARAGRAPH, N_("Paragraph") },
  { CD_BLOCK_HEADING, N_("Subheading") },
  { CD_BLOCK_QUOTE, N_("Quote") },
  { CD_BLOCK_PULLQUOTE, N_("Pull Quote") },
  { CD_BLOCK_LIST, N_("List") },
  { CD_BLOCK_FIGURE, N_("Photo") },
  { CD_BLOCK_EMBED, N_("Social Post or Link") },
  { CD_BLOCK_DIVIDER, N_("Divider") },
};

/* Helpers */

static gboolean
is_text_type (CdBlockType type)
{
  return type == CD_BLOCK_PARAGRAPH || type == CD_BLOCK_HEADING ||
         type == CD_BLOCK_QUOTE || type == CD_BLOCK_PULLQUOTE;
}

static gboolean
has_text (CdBlockType type)
{
  return is_text_type (type) || type == CD_BLOCK_LIST;
}

static CdBlockType
row_type (CdBlockRow *row)
{
  return cd_block_get_block_type (cd_block_row_get_block (row));
}

static guint
text_length (const char *text)
{
  return g_utf8_strlen (text, -1);
}

static CdBlockRow *
row_at (CdBlockEditor *self,
        guint          position)
{
  return position < self->rows->len ? g_ptr_array_index (self->rows, position) : NULL;
}

static guint
row_position (CdBlockEditor *self,
              CdBlockRow    *row)
{
  guint position;

  if (row == NULL || !g_ptr_array_find (self->rows, row, &position))
    return G_MAXUINT;

  return position;
}

static CdBlockRow *
row_for_widget (CdBlockEditor *self,
                GtkWidget     *widget)
{
  GtkWidget *row;

  if (widget == NULL)
    return NULL;

  row = gtk_widget_get_ancestor (widget, CD_TYPE_BLOCK_ROW);
  if (row == NULL || !g_ptr_array_find (self->rows, row, NULL))
    return NULL;

  return CD_BLOCK_ROW (row);
}

static GtkWidget *
focus_widget (CdBlockEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL ? gtk_root_get_focus (root) : NULL;
}

/* The row the user acts on: the one holding the focus, else the one that
 * last held it. */
static CdBlockRow *
active_row (CdBlockEditor *self)
{
  CdBlockRow *row = row_for_widget (self, focus_widget (self));

  return row != NULL ? row : self->current;
}

static void
begin_group (CdBlockEditor *self)
{
  if (self->history != NULL)
    cd_history_begin_group (self->history);
}

static void
end_group (CdBlockEditor *self)
{
  if (self->history != NULL)
    cd_history_end_group (self->history);
}

static void
break_history (CdBlockEditor *self)
{
  if (self->history != NULL)
    cd_history_break (self->history);
}

static GPtrArray *
copy_items (GPtrArray *items)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (copy, cd_list_item_copy (g_ptr_array_index (items, i)));

  return copy;
}

static gboolean
block_is_empty (CdBlock *block)
{
  CdBlockType type = cd_block_get_block_type (block);

  if (is_text_type (type))
    return *cd_block_get_text (block) == '\0';

  if (type == CD_BLOCK_LIST)
    {
      GPtrArray *items = cd_block_get_items (block);

      for (guint i = 0; i < items->len; i++)
        {
          CdListItem *item = g_ptr_array_index (items, i);

          if (*item->text != '\0')
            return FALSE;
        }
      return TRUE;
    }

  return FALSE;
}

static CdBlock *
new_block (CdBlockType type)
{
  CdBlock *block = cd_block_new (type);

  /* A list starts with one item to type into. */
  if (type == CD_BLOCK_LIST)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

      g_ptr_array_add (items, cd_list_item_new (""));
      cd_block_set_items (block, items);
    }

  return block;
}

static void
update_actions (CdBlockEditor *self)
{
  CdBlockRow *row = self->current;
  guint position = row_position (self, row);
  guint n = self->rows->len;
  CdBlockType type = row != NULL ? row_type (row) : CD_BLOCK_DIVIDER;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean marks = row != NULL && cd_block_type_has_marks (type);

  gtk_widget_action_set_enabled (widget, "editor.insert-block", self->article != NULL);
  gtk_widget_action_set_enabled (widget, "editor.move-up", row != NULL && position > 0);
  gtk_widget_action_set_enabled (widget, "editor.move-down", row != NULL && position + 1 < n);
  gtk_widget_action_set_enabled (widget, "editor.delete-block", row != NULL);
  gtk_widget_action_set_enabled (widget, "editor.bold", marks);
  gtk_widget_action_set_enabled (widget, "editor.italic", marks);
  gtk_widget_action_set_enabled (widget, "editor.link", marks);
  gtk_widget_action_set_enabled (widget, "editor.set-level", row != NULL && type == CD_BLOCK_HEADING);
  gtk_widget_action_set_enabled (widget, "editor.set-ordered", row != NULL && type == CD_BLOCK_LIST);
  gtk_widget_action_set_enabled (widget, "editor.turn-into", row != NULL && has_text (type));
  gtk_widget_action_set_enabled (widget, "editor.split-block", row != NULL && has_text (type));
  gtk_widget_action_set_enabled (widget, "editor.merge-previous",
                                 row != NULL && has_text (type) && position > 0 &&
                                 has_text (row_type (row_at (self, position - 1))));
  gtk_widget_action_set_enabled (widget, "editor.merge-next",
                                 row != NULL && has_text (type) && position + 1 < n &&
                                 has_text (row_type (row_at (self, position + 1))));
}

static void
set_current (CdBlockEditor *self,
             CdBlockRow    *row)
{
  const char *id;

  if (row == self->current)
    return;

  self->current = row;
  id = row != NULL ? cd_block_get_id (cd_block_row_get_block (row)) : NULL;
  g_free (self->focused_id);
  self->focused_id = g_strdup (id);
  update_actions (self);

  if (row != NULL)
    g_signal_emit (self, signals[BLOCK_FOCUSED], 0, id);
}

static gboolean
focus_row (CdBlockEditor *self,
           CdBlockRow    *row,
           int            offset)
{
  if (row == NULL)
    return FALSE;

  set_current (self, row);

  return cd_block_row_focus (row, offset);
}

static gboolean
buffer_has_selection (GtkTextBuffer *buffer)
{
  return gtk_text_buffer_get_selection_bounds (buffer, NULL, NULL);
}

/* Typing over a selection removes it first, as the text view would. */
static void
delete_selection (CdBlockRow *row)
{
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);

  if (buffer != NULL && buffer_has_selection (buffer))
    gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
}

/* Rows follow the model */

static void paste_clipboard_cb (GtkTextView   *view,
                                CdBlockEditor *self);

static void
row_focus_enter_cb (GtkEventControllerFocus *controller,
                    CdBlockEditor           *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  set_current (self, CD_BLOCK_ROW (row));
}

/* Opening a block's menu makes it the block the menu acts on, even when
 * it was clicked without taking the focus. */
static void
block_menu_opened_cb (CdBlockRow    *row,
                      CdBlockEditor *self)
{
  if (g_ptr_array_find (self->rows, row, NULL))
    set_current (self, row);
}

static CdBlockRow *
create_row (CdBlockEditor *self,
            CdBlock       *block)
{
  CdBlockRow *row = cd_block_row_new (self->article, self->history, block);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkTextView *view = cd_block_row_get_text_view (row);

  g_signal_connect (focus, "enter", G_CALLBACK (row_focus_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
  g_signal_connect (row, "menu-opened", G_CALLBACK (block_menu_opened_cb), self);
  if (view != NULL)
    g_signal_connect (view, "paste-clipboard", G_CALLBACK (paste_clipboard_cb), self);

  return row;
}

static void
items_changed_cb (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  CdBlockEditor *self)
{
  g_autoptr(GHashTable) reusable = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer row;
  gboolean lost_focus = FALSE;

  /* A move is one splice that removes and re-adds the same blocks: their
   * rows are kept, with their caret and focus, and only reordered. */
  for (guint i = 0; i < removed; i++)
    {
      CdBlockRow *old = g_ptr_array_index (self->rows, position + i);

      g_hash_table_insert (reusable, cd_block_row_get_block (old), old);
    }
  g_ptr_array_remove_range (self->rows, position, removed);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(CdBlock) block = g_list_model_get_item (model, position + i);
      GtkWidget *previous = position + i > 0 ? g_ptr_array_index (self->rows, position + i - 1) : NULL;
      CdBlockRow *new_row = g_hash_table_lookup (reusable, block);

      if (new_row != NULL)
        {
          g_hash_table_remove (reusable, block);
          gtk_box_reorder_child_after (GTK_BOX (self->rows_box), GTK_WIDGET (new_row), previous);
        }
      else
        {
          new_row = create_row (self, block);
          gtk_box_insert_child_after (GTK_BOX (self->rows_box), GTK_WIDGET (new_row), previous);
        }

      g_ptr_array_insert (self->rows, position + i, new_row);
    }

  g_hash_table_iter_init (&iter, reusable);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      if (cd_block_row_has_focus (row))
        lost_focus = TRUE;
      if (row == self->current)
        {
          self->current = NULL;
          g_clear_pointer (&self->focused_id, g_free);
        }
      if (row == (gpointer) self->link_row)
        {
          gtk_popover_popdown (GTK_POPOVER (self->link_popover));
          g_clear_object (&self->link_row);
        }
      gtk_box_remove (GTK_BOX (self->rows_box), row);
    }

  /* The caret goes to the block before the removed ones, where an undone
   * split or insert leaves the writer. */
  if (lost_focus && self->rows->len > 0)
    {
      if (position > 0)
        focus_row (self, row_at (self, position - 1), -1);
      else
        focus_row (self, row_at (self, 0), 0);
    }

  update_actions (self);
}

/* Structure edits */

static void
focus_after_change (CdBlockEditor *self,
                    guint          position,
                    int            offset)
{
  focus_row (self, row_at (self, position), offset);
}

static gboolean
split_text_block (CdBlockEditor *self,
                  CdBlockRow    *row)
{
  CdBlock *block = cd_block_row_get_block (row);
  CdBlockType type = cd_block_get_block_type (block);
  guint position = row_position (self, row);
  g_autoptr(CdBlock) rest_block = NULL;
  g_autoptr(GPtrArray) first_marks = NULL;
  g_autoptr(GPtrArray) rest_marks = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  const char *text;
  guint length;
  guint offset;

  begin_group (self);
  delete_selection (row);

  text = cd_block_get_text (block);
  length = text_length (text);
  offset = MIN ((guint) cd_block_row_get_cursor (row), length);

  /* Enter at the start of a block opens an empty paragraph above it and
   * leaves the block as it is. */
  if (offset == 0 && length > 0)
    {
      g_autoptr(CdBlock) empty = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_article_insert_block (self->article, position, empty);
      end_group (self);
      focus_row (self, row, 0);
      return TRUE;
    }

  first = cd_utf8_substring (text, 0, offset);
  rest = cd_utf8_substring (text, offset, length);
  first_marks = cd_marks_slice (cd_block_get_marks (block), 0, offset);
  rest_marks = cd_marks_slice (cd_block_get_marks (block), offset, length);

  if (cd_block_type_has_marks (type))
    cd_block_set_text_and_marks (block, first, first_marks);
  else
    cd_block_set_text (block, first);

  rest_block = cd_block_new (CD_BLOCK_PARAGRAPH);
  cd_block_set_text_and_marks (rest_block, rest,
                               cd_block_type_has_marks (type) ? rest_marks : NULL);
  cd_article_insert_block (self->article, position + 1, rest_block);
  end_group (self);

  focus_after_change (self, position + 1, 0);

  return TRUE;
}

/* Enter on the empty last item leaves the list for a new paragraph. */
static gboolean
leave_list (CdBlockEditor *self,
            CdBlockRow    *row)
{
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  CdBlock *block = cd_block_row_get_block (row);
  guint position = row_position (self, row);
  g_autoptr(CdBlock) paragraph = NULL;
  GtkTextIter iter;
  int n_lines;

  if (buffer_has_selection (buffer))
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  n_lines = gtk_text_buffer_get_line_count (buffer);
  if (gtk_text_iter_get_line (&iter) != n_lines - 1 ||
      !gtk_text_iter_starts_line (&iter) || !gtk_text_iter_ends_line (&iter))
    return FALSE;

  paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);

  begin_group (self);
  if (n_lines <= 1)
    {
      cd_article_remove_block (self->article, position);
      cd_article_insert_block (self->article, position, paragraph);
    }
  else
    {
      g_autoptr(GPtrArray) items = copy_items (cd_block_get_items (block));

      if (items->len > 0)
        g_ptr_array_remove_index (items, items->len - 1);
      cd_block_set_items (block, items);
      position++;
      cd_article_insert_block (self->article, position, paragraph);
    }
  end_group (self);

  focus_after_change (self, position, 0);

  return TRUE;
}

static guint
list_offset_of_item (GPtrArray *items,
                     guint      index)
{
  guint offset = 0;

  for (guint i = 0; i < index && i < items->len; i++)
    offset += text_length (((CdListItem *) g_ptr_array_index (items, i))->text) + 1;

  return offset;
}

/* Appends @text with @marks to a text and its marks. */
static void
join_text (GString    *text,
           GPtrArray  *marks,
           const char *more_text,
           GPtrArray  *more_marks)
{
  guint shift = text_length (text->str);

  g_string_append (text, more_text);
  cd_marks_append (marks, more_marks, shift);
  cd_marks_normalize (marks);
}

/* Merges the block after @position into the block at @position, as one
 * undo step. Returns the caret offset at the join in the first block, or
 * -1 when the blocks cannot be merged. */
static int
merge_blocks (CdBlockEditor *self,
              guint          position)
{
  CdBlock *first = cd_article_get_block (self->article, position);
  CdBlock *second = cd_article_get_block (self->article, position + 1);
  CdBlockType first_type = cd_block_get_block_type (first);
  CdBlockType second_type = cd_block_get_block_type (second);
  int caret;

  if (!has_text (first_type) || !has_text (second_type))
    return -1;

  begin_group (self);

  if (first_type != CD_BLOCK_LIST)
    {
      g_autoptr(GString) text = g_string_new (cd_block_get_text (first));
      g_autoptr(GPtrArray) marks = cd_marks_copy (cd_block_get_marks (first));
      gboolean remove_second = TRUE;

      caret = text_length (text->str);

      if (second_type == CD_BLOCK_LIST)
        {
          g_autoptr(GPtrArray) items = copy_items (cd_block_get_items (second));

          if (items->len > 0)
            {
              CdListItem *item = g_ptr_array_index (items, 0);

              join_text (text, marks, item->text, item->marks);
              g_ptr_array_remove_index (items, 0);
            }
          if (items->len > 0)
            {
              remove_second = FALSE;
              cd_block_set_items (second, items);
            }
        }
      else
        join_text (text, marks, cd_block_get_text (second),
                   cd_block_type_has_marks (second_type) ? cd_block_get_marks (second) : NULL);

      if (cd_block_type_has_marks (first_type))
        cd_block_set_text_and_marks (first, text->str, marks);
      else
        cd_block_set_text (first, text->str);

      if (remove_second)
        cd_article_remove_block (self->article, position + 1);
    }
  else
    {
      g_autoptr(GPtrArray) items = copy_items (cd_block_get_items (first));
      CdListItem *last;

      if (items->len == 0)
        g_ptr_array_add (items, cd_list_item_new (""));
      last = g_ptr_array_index (items, items->len - 1);
      caret = list_offset_of_item (items, items->len - 1) + text_length (last->text);

      if (second_type == CD_BLOCK_LIST)
        {
          GPtrArray *more = cd_block_get_items (second);

          for (guint i = 0; i < more->len; i++)
            {
              CdListItem *item = g_ptr_array_index (more, i);

              if (i == 0)
                {
                  g_autoptr(GString) text = g_string_new (last->text);

                  join_text (text, last->marks, item->text, item->marks);
                  g_free (last->text);
                  last->text = g_string_free (g_steal_pointer (&text), FALSE);
                }
              else
                g_ptr_array_add (items, cd_list_item_copy (item));
            }
        }
      else
        {
          g_autoptr(GString) text = g_string_new (last->text);

          join_text (text, last->marks, cd_block_get_text (second),
                     cd_block_type_has_marks (second_type) ? cd_block_get_marks (second) : NULL);
          g_free (last->text);
          last->text = g_string_free (g_steal_pointer (&text), FALSE);
        }

      cd_block_set_items (first, items);
      cd_article_remove_block (self->article, position + 1);
    }

  end_group (self);

  return caret;
}

static gboolean
handle_enter (CdBlockEditor *self,
              CdBlockRow    *row)
{
  CdBlockType type = row_type (row);

  if (type == CD_BLOCK_LIST)
    return leave_list (self, row);

  if (is_text_type (type))
    return split_text_block (self, row);

  return FALSE;
}

static gboolean
handle_backspace (CdBlockEditor *self,
                  CdBlockRow    *row)
{
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  guint position = row_position (self, row);
  CdBlockRow *previous;
  int caret;

  if (buffer == NULL || buffer_has_selection (buffer) || cd_block_row_get_cursor (row) != 0)
    return FALSE;
  if (position == G_MAXUINT)
    return FALSE;

  /* An empty first block has nothing to join; it goes, and the caret
   * moves to the start of the next. */
  if (position == 0)
    {
      if (!block_is_empty (cd_block_row_get_block (row)) || self->rows->len < 2)
        return FALSE;
      cd_article_remove_block (self->article, 0);
      focus_after_change (self, 0, 0);
      return TRUE;
    }

  previous = row_at (self, position - 1);
  if (has_text (row_type (previous)))
    {
      caret = merge_blocks (self, position - 1);
      if (caret < 0)
        return FALSE;
      focus_after_change (self, position - 1, caret);
      return TRUE;
    }

  /* After a photo, post or divider there is nothing to merge into: an
   * empty block simply goes away. */
  if (block_is_empty (cd_block_row_get_block (row)))
    {
      cd_article_remove_block (self->article, position);
      focus_after_change (self, position - 1, -1);
      return TRUE;
    }

  return FALSE;
}

static gboolean
handle_delete (CdBlockEditor *self,
               CdBlockRow    *row)
{
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  guint position = row_position (self, row);
  CdBlockRow *next;
  int caret;

  if (buffer == NULL || buffer_has_selection (buffer) ||
      cd_block_row_get_cursor (row) != gtk_text_buffer_get_char_count (buffer))
    return FALSE;

  next = row_at (self, position + 1);
  if (next == NULL)
    return FALSE;

  if (has_text (row_type (next)))
    {
      caret = merge_blocks (self, position);
      if (caret < 0)
        return FALSE;
      focus_after_change (self, position, caret);
      return TRUE;
    }

  if (block_is_empty (cd_block_row_get_block (row)))
    {
      cd_article_remove_block (self->article, position);
      focus_after_change (self, position, 0);
      return TRUE;
    }

  return FALSE;
}

/* Puts the caret in @row on its first or last display line, as near to
 * @x (buffer coordinates) as the text allows. */
static void
focus_row_at_x (CdBlockEditor *self,
                CdBlockRow    *row,
                int            x,
                gboolean       last_line)
{
  GtkTextView *view = cd_block_row_get_text_view (row);
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  GdkRectangle location;
  GtkTextIter iter;

  if (view == NULL)
    {
      focus_row (self, row, last_line ? -1 : 0);
      return;
    }

  if (last_line)
    gtk_text_buffer_get_end_iter (buffer, &iter);
  else
    gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_get_iter_at_location (view, &iter, x, location.y + location.height / 2);

  focus_row (self, row, gtk_text_iter_get_offset (&iter));
}

static gboolean
handle_vertical (CdBlockEditor *self,
                 CdBlockRow    *row,
                 gboolean       up)
{
  GtkTextView *view = cd_block_row_get_text_view (row);
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  guint position = row_position (self, row);
  GdkRectangle caret;
  GdkRectangle edge;
  GtkTextIter iter;
  CdBlockRow *target;

  if (view == NULL || position == G_MAXUINT)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (view, &iter, &caret);
  if (up)
    gtk_text_buffer_get_start_iter (buffer, &iter);
  else
    gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_view_get_iter_location (view, &iter, &edge);

  /* Only from the first or last display line does the caret leave. */
  if (caret.y != edge.y)
    return FALSE;

  if (up && position == 0)
    return FALSE;
  target = row_at (self, up ? position - 1 : position + 1);
  if (target == NULL)
    return FALSE;

  focus_row_at_x (self, target, caret.x, up);

  return TRUE;
}

static gboolean
handle_key (CdBlockEditor   *self,
            CdBlockRow      *row,
            guint            keyval,
            GdkModifierType  state)
{
  if (row == NULL || cd_block_row_get_text_view (row) == NULL || self->article == NULL)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      /* Paragraph text holds no line breaks, so Shift+Enter splits too;
       * in a list it starts a new item like Enter. */
      if ((state & ~GDK_SHIFT_MASK) != 0)
        return FALSE;
      return handle_enter (self, row);

    case GDK_KEY_BackSpace:
      return state == 0 && handle_backspace (self, row);

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      return state == 0 && handle_delete (self, row);

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return state == 0 && handle_vertical (self, row, TRUE);

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return state == 0 && handle_vertical (self, row, FALSE);

    default:
      return FALSE;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CdBlockEditor         *self)
{
  GtkWidget *focus = focus_widget (self);
  CdBlockRow *row = row_for_widget (self, focus);

  /* Only keys typed into a block's text; entries keep theirs. */
  if (row == NULL || focus != (GtkWidget *) cd_block_row_get_text_view (row))
    return FALSE;

  return handle_key (self, row, keyval, state & gtk_accelerator_get_default_mod_mask ());
}

/* Formatting */

static gboolean
word_range (GtkTextBuffer *buffer,
            GtkTextIter   *start,
            GtkTextIter   *end)
{
  gtk_text_buffer_get_iter_at_mark (buffer, start, gtk_text_buffer_get_insert (buffer));
  *end = *start;

  if (!gtk_text_iter_inside_word (start) && !gtk_text_iter_ends_word (start))
    return FALSE;

  if (!gtk_text_iter_starts_word (start))
    gtk_text_iter_backward_word_start (start);
  if (!gtk_text_iter_ends_word (end))
    gtk_text_iter_forward_word_end (end);

  return gtk_text_iter_compare (start, end) < 0;
}

/* The text formatting acts on: the selection, else the word at the
 * caret. */
static gboolean
format_range (GtkTextBuffer *buffer,
              GtkTextIter   *start,
              GtkTextIter   *end)
{
  if (gtk_text_buffer_get_selection_bounds (buffer, start, end))
    return TRUE;

  return word_range (buffer, start, end);
}

static gboolean
range_has_tag (GtkTextTag        *tag,
               const GtkTextIter *start,
               const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  if (!gtk_text_iter_has_tag (&iter, tag))
    return FALSE;

  gtk_text_iter_forward_to_tag_toggle (&iter, tag);

  return gtk_text_iter_compare (&iter, end) >= 0;
}

/* Formatting is its own undo step, never merged with the typing around
 * it. */
static void
commit_formatting (CdBlockEditor *self,
                   CdBlockRow    *row)
{
  break_history (self);
  cd_block_row_commit (row);
  break_history (self);
}

static void
toggle_mark (CdBlockEditor *self,
             CdMarkType     type)
{
  CdBlockRow *row = active_row (self);
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  GtkTextTag *tag;

  if (row == NULL || !cd_block_type_has_marks (row_type (row)))
    return;

  buffer = cd_block_row_get_buffer (row);
  if (!format_range (buffer, &start, &end))
    return;

  tag = cd_block_text_get_tag (buffer, type, NULL);
  if (range_has_tag (tag, &start, &end))
    gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  else
    gtk_text_buffer_apply_tag (buffer, tag, &start, &end);

  commit_formatting (self, row);
}

static GtkTextTag *
link_tag_at (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      CdMarkType type;

      if (cd_block_text_tag_to_mark_type (l->data, &type, NULL) && type == CD_MARK_LINK)
        return l->data;
    }

  return NULL;
}

/* The selection, else the whole link at the caret, else the word. */
static gboolean
link_range (GtkTextBuffer *buffer,
            GtkTextIter   *start,
            GtkTextIter   *end)
{
  GtkTextTag *tag;

  if (gtk_text_buffer_get_selection_bounds (buffer, start, end))
    return TRUE;

  gtk_text_buffer_get_iter_at_mark (buffer, start, gtk_text_buffer_get_insert (buffer));
  tag = link_tag_at (start);
  if (tag != NULL)
    {
      *end = *start;
      if (!gtk_text_iter_starts_tag (start, tag))
        gtk_text_iter_backward_to_tag_toggle (start, tag);
      gtk_text_iter_forward_to_tag_toggle (end, tag);
      return TRUE;
    }

  return word_range (buffer, start, end);
}

static void
remove_link_tags (GtkTextBuffer     *buffer,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  g_autoptr(GPtrArray) marks = cd_block_text_get_marks (buffer, start, end);

  for (guint i = 0; i < marks->len; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->type == CD_MARK_LINK)
        gtk_text_buffer_remove_tag (buffer, cd_block_text_get_tag (buffer, CD_MARK_LINK, mark->href),
                                    start, end);
    }
}

static gboolean
apply_link (CdBlockEditor  *self,
            CdBlockRow     *row,
            int             start_offset,
            int             end_offset,
            const char     *href,
            GError        **error)
{
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  /* "www.example.org/page" is how addresses are read out and printed. */
  g_autofree char *address = cd_href_complete (href);
  GtkTextIter start;
  GtkTextIter end;

  if (*address != '\0' && !cd_href_is_allowed (address))
    {
      g_autofree char *scheme = g_uri_parse_scheme (address);

      if (scheme != NULL &&
          (g_ascii_strcasecmp (scheme, "http") == 0 ||
           g_ascii_strcasecmp (scheme, "https") == 0 ||
           g_ascii_strcasecmp (scheme, "mailto") == 0))
        g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                     _("“%s” cannot be a link: a user name before “@” or a backslash "
                       "hides which site it opens. Copy the address again from the browser"),
                     address);
      else
        g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                     _("“%s” cannot be a link: only web addresses (https:// or http://) "
                       "and email addresses (mailto:) can be linked"),
                     address);
      return FALSE;
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, end_offset);
  remove_link_tags (buffer, &start, &end);
  if (*address != '\0')
    gtk_text_buffer_apply_tag (buffer, cd_block_text_get_tag (buffer, CD_MARK_LINK, address),
                               &start, &end);

  commit_formatting (self, row);

  return TRUE;
}

static void
link_apply (CdBlockEditor *self,
            const char    *href)
{
  g_autoptr(GError) error = NULL;

  if (self->link_row == NULL)
    return;

  if (!apply_link (self, self->link_row, self->link_start, self->link_end, href, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->link_message), error->message);
      gtk_widget_set_visible (self->link_message, TRUE);
      return;
    }

  gtk_popover_popdown (GTK_POPOVER (self->link_popover));
}

static void
link_apply_cb (CdBlockEditor *self)
{
  link_apply (self, gtk_editable_get_text (GTK_EDITABLE (self->link_entry)));
}

static void
link_remove_cb (CdBlockEditor *self)
{
  link_apply (self, NULL);
}

static void
link_closed_cb (CdBlockEditor *self)
{
  g_autoptr(CdBlockRow) row = g_steal_pointer (&self->link_row);

  if (row != NULL && row_position (self, row) != G_MAXUINT)
    gtk_widget_grab_focus (GTK_WIDGET (cd_block_row_get_text_view (row)));
}

static void
open_link_popover (CdBlockEditor *self)
{
  CdBlockRow *row = active_row (self);
  GtkTextBuffer *buffer;
  GtkTextView *view;
  GtkTextTag *tag;
  GtkTextIter start;
  GtkTextIter end;
  GdkRectangle location;
  graphene_point_t point;
  int window_x;
  int window_y;
  const char *href = NULL;

  if (row == NULL || !cd_block_type_has_marks (row_type (row)))
    return;

  view = cd_block_row_get_text_view (row);
  buffer = cd_block_row_get_buffer (row);
  if (!link_range (buffer, &start, &end))
    {
      gtk_widget_error_bell (GTK_WIDGET (view));
      return;
    }

  g_set_object (&self->link_row, row);
  self->link_start = gtk_text_iter_get_offset (&start);
  self->link_end = gtk_text_iter_get_offset (&end);

  tag = link_tag_at (&start);
  if (tag != NULL)
    cd_block_text_tag_to_mark_type (tag, NULL, &href);
  gtk_editable_set_text (GTK_EDITABLE (self->link_entry), href != NULL ? href : "");
  gtk_widget_set_visible (self->link_remove, href != NULL);
  gtk_widget_set_visible (self->link_message, FALSE);

  gtk_text_view_get_iter_location (view, &start, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y, &window_x, &window_y);
  if (!gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (window_x, window_y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);

  gtk_popover_set_pointing_to (GTK_POPOVER (self->link_popover),
                               &(GdkRectangle) { point.x, point.y, MAX (location.width, 1), location.height });
  gtk_popover_popup (GTK_POPOVER (self->link_popover));
  gtk_widget_grab_focus (self->link_entry);
}

static void
build_link_popover (CdBlockEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (_("Link address"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  self->link_entry = gtk_entry_new ();
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->link_entry), FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->link_entry), "https://");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->link_entry), 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->link_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link address"), -1);
  g_signal_connect_swapped (self->link_entry, "activate", G_CALLBACK (link_apply_cb), self);
  gtk_box_append (GTK_BOX (box), self->link_entry);

  self->link_message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->link_message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->link_message), 40);
  gtk_label_set_xalign (GTK_LABEL (self->link_message), 0.0);
  gtk_widget_add_css_class (self->link_message, "error");
  gtk_widget_set_visible (self->link_message, FALSE);
  gtk_box_append (GTK_BOX (box), self->link_message);

  self->link_remove = gtk_button_new_with_mnemonic (_("_Remove Link"));
  gtk_widget_add_css_class (self->link_remove, "destructive-action");
  g_signal_connect_swapped (self->link_remove, "clicked", G_CALLBACK (link_remove_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->link_remove);

  gtk_widget_set_hexpand (apply, TRUE);
  gtk_widget_set_halign (apply, GTK_ALIGN_END);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (link_apply_cb), self);
  gtk_box_append (GTK_BOX (buttons), apply);
  gtk_box_append (GTK_BOX (box), buttons);

  self->link_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->link_popover), box);
  gtk_popover_set_position (GTK_POPOVER (self->link_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->link_popover, GTK_WIDGET (self));
  g_signal_connect_swapped (self->link_popover, "closed", G_CALLBACK (link_closed_cb), self);
}

/* Block type changes */

static void
turn_into (CdBlockEditor *self,
           CdBlockType    type)
{
  CdBlockRow *row = active_row (self);
  CdBlock *block;
  g_autoptr(GPtrArray) blocks = NULL;
  guint position;
  int cursor;

  if (row == NULL)
    return;

  block = cd_block_row_get_block (row);
  if (cd_block_get_block_type (block) == type)
    return;
  blocks = cd_block_convert (block, type);
  if (blocks == NULL)
    return;

  position = row_position (self, row);
  /* A list's caret counts through all its items; the first piece is
   * where the caret lands. */
  cursor = MIN (cd_block_row_get_cursor (row),
                (int) g_utf8_strlen (cd_block_get_text (g_ptr_array_index (blocks, 0)), -1));

  begin_group (self);
  cd_article_remove_block (self->article, position);
  for (guint i = 0; i < blocks->len; i++)
    cd_article_insert_block (self->article, position + i, g_ptr_array_index (blocks, i));
  end_group (self);

  focus_after_change (self, position, cursor);
}

/* Pasting */

/* Splits pasted text into paragraphs: at blank lines when it has any
 * (lines inside a paragraph are joined), else at every line. */
static GPtrArray *
split_paragraphs (const char *text)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean blank_separated = FALSE;
  GString *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' && i > 0 && lines[i + 1] != NULL)
        blank_separated = TRUE;
    }

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || !blank_separated)
        {
          if (current != NULL)
            g_ptr_array_add (pieces, g_string_free (g_steal_pointer (&current), FALSE));
          if (*line != '\0')
            g_ptr_array_add (pieces, g_strdup (line));
          continue;
        }

      if (current == NULL)
        current = g_string_new (line);
      else
        {
          g_string_append_c (current, ' ');
          g_string_append (current, line);
        }
    }
  if (current != NULL)
    g_ptr_array_add (pieces, g_string_free (current, FALSE));

  return pieces;
}

static gboolean
paste_embed (CdBlockEditor *self,
             CdBlockRow    *row,
             const char    *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text));
  g_autoptr(CdBlock) embed = NULL;
  const char *provider;
  const char *kind;
  guint position;

  if (row_type (row) != CD_BLOCK_PARAGRAPH ||
      !block_is_empty (cd_block_row_get_block (row)) ||
      *url == '\0' || strpbrk (url, " \t\n") != NULL)
    return FALSE;

  if (!cd_embed_detect (url, &provider, &kind, NULL) || g_str_equal (provider, "link"))
    return FALSE;

  embed = cd_block_new (CD_BLOCK_EMBED);
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (embed, CD_BLOCK_FIELD_KIND, kind);

  position = row_position (self, row);
  begin_group (self);
  cd_article_remove_block (self->article, position);
  cd_article_insert_block (self->article, position, embed);
  end_group (self);

  focus_after_change (self, position, 0);

  return TRUE;
}

static void
paste_text_into (CdBlockEditor *self,
                 CdBlockRow    *row,
                 const char    *pasted)
{
  g_autoptr(GString) text = g_string_new (pasted);
  g_autoptr(GPtrArray) pieces = NULL;
  GtkTextBuffer *buffer = cd_block_row_get_buffer (row);
  CdBlock *block = cd_block_row_get_block (row);
  CdBlockType type = row_type (row);
  g_autoptr(GPtrArray) head_marks = NULL;
  g_autoptr(GPtrArray) tail_marks = NULL;
  g_autoptr(GString) head = NULL;
  g_autofree char *tail = NULL;
  const char *block_text;
  guint position;
  guint offset;
  guint length;
  const char *last;

  if (buffer == NULL || pasted == NULL)
    return;

  g_string_replace (text, "\r\n", "\n", 0);
  g_string_replace (text, "\r", "\n", 0);

  if (paste_embed (self, row, text->str))
    return;

  if (type == CD_BLOCK_LIST)
    {
      g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);
      g_autoptr(GString) joined = g_string_new (NULL);

      /* One item per non-blank line. */
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (*g_strstrip (lines[i]) == '\0')
            continue;
          if (joined->len > 0)
            g_string_append_c (joined, '\n');
          g_string_append (joined, lines[i]);
        }

      delete_selection (row);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, joined->str, -1, TRUE);
      return;
    }

  if (strchr (text->str, '\n') == NULL)
    {
      delete_selection (row);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text->str, -1, TRUE);
      return;
    }

  pieces = split_paragraphs (text->str);
  if (pieces->len == 0)
    return;
  if (pieces->len == 1)
    {
      delete_selection (row);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, g_ptr_array_index (pieces, 0), -1, TRUE);
      return;
    }

  /* The first piece joins the text before the caret, the last one the
   * text after it, and the others become paragraphs in between. */
  begin_group (self);
  delete_selection (row);

  position = row_position (self, row);
  block_text = cd_block_get_text (block);
  length = text_length (block_text);
  offset = MIN ((guint) cd_block_row_get_cursor (row), length);

  {
    g_autofree char *before = cd_utf8_substring (block_text, 0, offset);

    head = g_string_new (before);
  }
  g_string_append (head, g_ptr_array_index (pieces, 0));
  tail = cd_utf8_substring (block_text, offset, length);
  head_marks = cd_marks_slice (cd_block_get_marks (block), 0, offset);
  last = g_ptr_array_index (pieces, pieces->len - 1);
  tail_marks = cd_marks_new ();
  {
    g_autoptr(GPtrArray) after = cd_marks_slice (cd_block_get_marks (block), offset, length);

    cd_marks_append (tail_marks, after, text_length (last));
  }

  if (cd_block_type_has_marks (type))
    cd_block_set_text_and_marks (block, head->str, head_marks);
  else
    cd_block_set_text (block, head->str);

  for (guint i = 1; i < pieces->len; i++)
    {
      g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);

      if (i + 1 < pieces->len)
        cd_block_set_text (paragraph, g_ptr_array_index (pieces, i));
      else
        {
          g_autofree char *joined = g_strconcat (last, tail, NULL);

          cd_block_set_text_and_marks (paragraph, joined,
                                       cd_block_type_has_marks (type) ? tail_marks : NULL);
        }
      cd_article_insert_block (self->article, position + i, paragraph);
    }
  end_group (self);

  focus_after_change (self, position + pieces->len - 1, text_length (last));
}

static CdBlock *
insert_figure (CdBlockEditor  *self,
               guint           position,
               GBytes         *bytes,
               const char     *name,
               GError        **error)
{
  g_autoptr(CdBlock) figure = NULL;
  g_autofree char *src = NULL;
  CdMediaInfo info;

  src = cd_media_store (self->article, bytes, name, &info, error);
  if (src == NULL)
    return NULL;

  figure = cd_block_new (CD_BLOCK_FIGURE);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_size (figure, info.width, info.height);
  position = MIN (position, cd_article_get_n_blocks (self->article));

  /* An image pasted into an empty paragraph takes its place: the
   * paragraph only held the caret. One undo step brings it back. */
  begin_group (self);
  if (position > 0)
    {
      CdBlock *before = cd_article_get_block (self->article, position - 1);

      if (cd_block_get_block_type (before) == CD_BLOCK_PARAGRAPH && block_is_empty (before))
        cd_article_remove_block (self->article, --position);
    }
  cd_article_insert_block (self->article, position, figure);
  end_group (self);

  focus_after_change (self, position, 0);

  return figure;
}

typedef struct
{
  CdBlockEditor *self;
  CdBlockRow    *row;
  GSList        *files;
  guint          position;
} PasteData;

static PasteData *
paste_data_new (CdBlockEditor *self,
                CdBlockRow    *row)
{
  PasteData *data = g_new0 (PasteData, 1);

  data->self = g_object_ref (self);
  data->row = g_object_ref (row);

  return data;
}

static void
paste_data_free (PasteData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->row);
  g_slist_free_full (data->files, g_object_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PasteData, paste_data_free)

static gboolean
paste_target_alive (PasteData *data)
{
  return data->self->article != NULL && row_position (data->self, data->row) != G_MAXUINT;
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL && paste_target_alive (data))
    paste_text_into (data->self, data->row, text);
}

/* The text of HTML pasted from a program that offers only markup, as
 * paragraphs: core's HTML reader finds them, as it does for wire copy. */
static void
html_spliced_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  GMemoryOutputStream *stream = G_MEMORY_OUTPUT_STREAM (source);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (stream), result, &error) < 0 ||
      !paste_target_alive (data))
    return;

  blocks = cd_html_import_blocks (g_memory_output_stream_get_data (stream),
                                  g_memory_output_stream_get_data_size (stream),
                                  _("Pasted text"), NULL, NULL, &error);
  if (blocks == NULL)
    {
      cd_block_row_show_message (data->row, error->message);
      return;
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *block_text = cd_block_get_text (g_ptr_array_index (blocks, i));

      if (block_text == NULL || *block_text == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, block_text);
    }

  if (text->len > 0)
    paste_text_into (data->self, data->row, text->str);
}

static void
read_html_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  input = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, NULL);
  if (input == NULL)
    return;

  output = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (output, input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, html_spliced_cb, g_steal_pointer (&data));
}

static void
read_texture_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL || !paste_target_alive (data))
    return;

  /* No name: the image gets one from its content, so that pasted images
   * never share one, in this story or in a folder it is exported to. */
  bytes = gdk_texture_save_to_png_bytes (texture);
  if (insert_figure (data->self, row_position (data->self, data->row) + 1,
                     bytes, NULL, &error) == NULL)
    cd_block_row_show_message (data->row, error->message);
}

static void load_next_file (PasteData *data);

static void
load_file_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PasteData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  CdBlock *figure;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (!paste_target_alive (data))
    {
      paste_data_free (data);
      return;
    }

  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);

      cd_block_row_show_message (data->row, message);
    }
  else if ((figure = insert_figure (data->self, data->position, bytes, name, &error)) != NULL)
    {
      /* The first image may have taken an empty paragraph's place. */
      cd_article_find_block (data->self->article, cd_block_get_id (figure), &data->position);
      data->position++;
    }
  else
    cd_block_row_show_message (data->row, error->message);

  load_next_file (data);
}

/* Images load one after the other, so they land in the order pasted. */
static void
load_next_file (PasteData *data)
{
  GFile *file;

  if (data->files == NULL)
    {
      paste_data_free (data);
      return;
    }

  file = data->files->data;
  data->files = g_slist_delete_link (data->files, data->files);
  g_file_load_bytes_async (file, NULL, load_file_cb, data);
  g_object_unref (file);
}

static gboolean
is_image_file (GFile *file)
{
  static const char * const suffixes[] = { ".png", ".jpg", ".jpeg", ".gif", ".webp" };
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lower = NULL;

  if (path == NULL)
    return FALSE;

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (lower, suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

static void
read_files_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  GdkClipboard *clipboard = GDK_CLIPBOARD (source);
  const GValue *value;
  GSList *files = NULL;

  value = gdk_clipboard_read_value_finish (clipboard, result, NULL);
  if (!paste_target_alive (data))
    return;

  if (value != NULL)
    files = gdk_file_list_get_files (g_value_get_boxed (value));

  for (GSList *l = files; l != NULL; l = l->next)
    {
      if (is_image_file (l->data))
        data->files = g_slist_append (data->files, g_object_ref (l->data));
    }
  g_slist_free (files);

  /* Files that are not images paste as their names, like any text. */
  if (data->files == NULL)
    {
      gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, g_steal_pointer (&data));
      return;
    }

  data->position = row_position (data->self, data->row) + 1;
  load_next_file (g_steal_pointer (&data));
}

static void
paste_clipboard_cb (GtkTextView   *view,
                    CdBlockEditor *self)
{
  CdBlockRow *row = row_for_widget (self, GTK_WIDGET (view));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  g_autoptr(GdkContentFormats) formats = NULL;

  /* The text view would paste line breaks into a paragraph and know
   * nothing of posts and images. */
  g_signal_stop_emission_by_name (view, "paste-clipboard");

  if (row == NULL || self->article == NULL)
    return;

  formats = gdk_content_formats_union_deserialize_gtypes (
    gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    read_files_cb, paste_data_new (self, row));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
           !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_texture_async (clipboard, NULL, read_texture_cb, paste_data_new (self, row));
  else if (gdk_content_formats_contain_mime_type (formats, "text/html") &&
           !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_async (clipboard, (const char *[]) { "text/html", NULL }, G_PRIORITY_DEFAULT, NULL,
                              read_html_cb, paste_data_new (self, row));
  else
    gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, paste_data_new (self, row));
}

/* Actions */

static void
insert_block_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdBlockType type;

  if (!cd_block_type_from_string (g_variant_get_string (parameter, NULL), &type))
    return;

  cd_block_editor_insert_block (CD_BLOCK_EDITOR (widget), type);
}

static void
bold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  toggle_mark (CD_BLOCK_EDITOR (widget), CD_MARK_STRONG);
}

static void
italic_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  toggle_mark (CD_BLOCK_EDITOR (widget), CD_MARK_EM);
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_link_popover (CD_BLOCK_EDITOR (widget));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlockRow *row = active_row (self);
  guint position = row_position (self, row);
  gboolean up = g_str_equal (action_name, "editor.move-up");
  int cursor;

  if (position == G_MAXUINT)
    return;
  if (up ? position == 0 : position + 1 >= self->rows->len)
    return;

  cursor = cd_block_row_get_cursor (row);
  cd_article_move_block (self->article, position, up ? position - 1 : position + 1);
  focus_row (self, row, cursor);
  update_actions (self);
}

static void
delete_block_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlockRow *row = active_row (self);
  guint position = row_position (self, row);

  if (position == G_MAXUINT)
    return;

  cd_article_remove_block (self->article, position);

  if (position < self->rows->len)
    focus_after_change (self, position, 0);
  else if (position > 0)
    focus_after_change (self, position - 1, -1);
  else
    gtk_widget_grab_focus (self->insert_button);
}

static void
set_level_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlockRow *row = active_row (self);
  int level = g_variant_get_int32 (parameter);

  if (row == NULL || row_type (row) != CD_BLOCK_HEADING || (level != 2 && level != 3))
    return;

  cd_block_set_level (cd_block_row_get_block (row), level);
}

static void
set_ordered_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlockRow *row = active_row (self);

  if (row == NULL || row_type (row) != CD_BLOCK_LIST)
    return;

  cd_block_set_ordered (cd_block_row_get_block (row), g_variant_get_boolean (parameter));
}

static void
turn_into_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdBlockType type;

  if (cd_block_type_from_string (g_variant_get_string (parameter, NULL), &type))
    turn_into (CD_BLOCK_EDITOR (widget), type);
}

static void
split_block_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlockRow *row = active_row (self);

  if (row != NULL)
    handle_enter (self, row);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlockRow *row = active_row (self);
  guint position = row_position (self, row);
  gboolean previous = g_str_equal (action_name, "editor.merge-previous");
  guint first;
  int caret;

  if (position == G_MAXUINT || (previous && position == 0) ||
      (!previous && position + 1 >= self->rows->len))
    return;

  first = previous ? position - 1 : position;
  caret = merge_blocks (self, first);
  if (caret >= 0)
    focus_after_change (self, first, caret);
}

/* GtkWidget */

static void
cd_block_editor_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);

  gtk_widget_measure (self->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
update_culling (CdBlockEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    cd_block_row_update_culling (g_ptr_array_index (self->rows, i));
}

/* Rows left out of the frame are drawn as the view comes near them. */
static void
cd_block_editor_map (GtkWidget *widget)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  GtkWidget *viewport;

  GTK_WIDGET_CLASS (cd_block_editor_parent_class)->map (widget);

  viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  if (viewport != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));

      if (adjustment != NULL)
        {
          g_set_object (&self->vadjustment, adjustment);
          g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (update_culling),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  update_culling (self);
}

static void
cd_block_editor_unmap (GtkWidget *widget)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, update_culling, self);
  g_clear_object (&self->vadjustment);

  GTK_WIDGET_CLASS (cd_block_editor_parent_class)->unmap (widget);
}

static gboolean
resize_cb (gpointer data)
{
  CdBlockEditor *self = data;

  self->resize_id = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
cd_block_editor_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  gboolean changed = FALSE;

  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkTextView *view = cd_block_row_get_text_view (g_ptr_array_index (self->rows, i));

      if (view != NULL && cd_block_text_view_take_resize (CD_BLOCK_TEXT_VIEW (view)))
        {
          gtk_widget_queue_resize (GTK_WIDGET (view));
          changed = TRUE;
        }
    }

  /* Blocks shown for the first time, or at a new width, now know their
   * height: they are laid out again at once, so the frame shows them
   * right. The column's own height follows in the next frame; until then
   * it may reach past the end of the editor. */
  if (changed)
    {
      int minimum;

      gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);
      gtk_widget_allocate (self->box, width, MAX (height, minimum), baseline, NULL);
      if (self->resize_id == 0)
        self->resize_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, resize_cb, self, NULL);
    }

  update_culling (self);
  gtk_popover_present (GTK_POPOVER (self->link_popover));
}

static GtkSizeRequestMode
cd_block_editor_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
disconnect_article (CdBlockEditor *self)
{
  if (self->blocks != NULL)
    g_signal_handlers_disconnect_by_func (self->blocks, items_changed_cb, self);
  self->blocks = NULL;
}

static void
cd_block_editor_dispose (GObject *object)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (object);

  disconnect_article (self);
  g_clear_handle_id (&self->resize_id, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, update_culling, self);
  g_clear_object (&self->vadjustment);
  self->current = NULL;
  g_clear_object (&self->link_row);
  g_clear_pointer (&self->link_popover, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->article);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (cd_block_editor_parent_class)->dispose (object);
}

static void
cd_block_editor_finalize (GObject *object)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (object);

  g_ptr_array_unref (self->rows);
  g_free (self->focused_id);

  G_OBJECT_CLASS (cd_block_editor_parent_class)->finalize (object);
}

static void
cd_block_editor_class_init (CdBlockEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_block_editor_dispose;
  object_class->finalize = cd_block_editor_finalize;

  widget_class->measure = cd_block_editor_measure;
  widget_class->size_allocate = cd_block_editor_size_allocate;
  widget_class->map = cd_block_editor_map;
  widget_class->unmap = cd_block_editor_unmap;
  widget_class->get_request_mode = cd_block_editor_get_request_mode;

  /**
   * CdBlockEditor::block-focused:
   * @block_id: the id of the block now holding the caret
   */
  signals[BLOCK_FOCUSED] =
    g_signal_new ("block-focused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "editor.insert-block", "s", insert_block_action);
  gtk_widget_class_install_action (widget_class, "editor.bold", NULL, bold_action);
  gtk_widget_class_install_action (widget_class, "editor.italic", NULL, italic_action);
  gtk_widget_class_install_action (widget_class, "editor.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "editor.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.delete-block", NULL, delete_block_action);
  gtk_widget_class_install_action (widget_class, "editor.set-level", "i", set_level_action);
  gtk_widget_class_install_action (widget_class, "editor.set-ordered", "b", set_ordered_action);
  gtk_widget_class_install_action (widget_class, "editor.turn-into", "s", turn_into_action);
  gtk_widget_class_install_action (widget_class, "editor.split-block", NULL, split_block_action);
  gtk_widget_class_install_action (widget_class, "editor.merge-previous", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "editor.merge-next", NULL, merge_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "editor.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "editor.italic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "editor.link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "editor.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "editor.move-down", NULL);

  gtk_widget_class_set_css_name (widget_class, "blockeditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;

  provider = gtk_css_provider_new ();
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (provider, editor_css);
#else
  gtk_css_provider_load_from_data (provider, editor_css, -1);
#endif
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

static GMenuModel *
build_insert_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (insert_labels); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(insert_labels[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "editor.insert-block",
                                               g_variant_new_string (cd_block_type_to_string (insert_labels[i].type)));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
cd_block_editor_init (CdBlockEditor *self)
{
  g_autoptr(GMenuModel) menu = build_insert_menu ();
  GtkEventController *keys;
  GtkWidget *button_box;
  GtkWidget *label;

  ensure_css ();

  self->rows = g_ptr_array_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->rows_box, "block-rows");
  gtk_box_append (GTK_BOX (self->box), self->rows_box);

  button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (button_box), gtk_image_new_from_icon_name ("list-add-symbolic"));
  label = gtk_label_new_with_mnemonic (_("A_dd Block"));
  gtk_box_append (GTK_BOX (button_box), label);

  self->insert_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->insert_button), button_box);
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->insert_button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->insert_button), menu);
  gtk_widget_set_halign (self->insert_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->insert_button, _("Insert a block after the one being edited"));
  cd_menu_button_hide_tooltip_while_open (GTK_MENU_BUTTON (self->insert_button));
  gtk_widget_add_css_class (self->insert_button, "flat");
  gtk_widget_add_css_class (self->insert_button, "block-insert-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->insert_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Insert Block"), -1);
  gtk_box_append (GTK_BOX (self->box), self->insert_button);

  build_link_popover (self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Story text"), -1);

  update_actions (self);
}

GtkWidget *
cd_block_editor_new (void)
{
  return g_object_new (CD_TYPE_BLOCK_EDITOR, NULL);
}

void
cd_block_editor_set_article (CdBlockEditor *self,
                             CdArticle     *article,
                             CdHistory     *history)
{
  g_return_if_fail (CD_IS_BLOCK_EDITOR (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  disconnect_article (self);
  gtk_popover_popdown (GTK_POPOVER (self->link_popover));
  g_clear_object (&self->link_row);
  set_current (self, NULL);
  g_clear_pointer (&self->focused_id, g_free);

  for (guint i = 0; i < self->rows->len; i++)
    gtk_box_remove (GTK_BOX (self->rows_box), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  g_set_object (&self->article, article);
  g_set_object (&self->history, history);

  if (article != NULL)
    {
      self->blocks = cd_article_get_blocks (article);
      g_signal_connect (self->blocks, "items-changed", G_CALLBACK (items_changed_cb), self);
      items_changed_cb (self->blocks, 0, 0, g_list_model_get_n_items (self->blocks), self);
    }

  update_actions (self);
}

CdArticle *
cd_block_editor_get_article (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->article;
}

const char *
cd_block_editor_get_focused_block_id (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->focused_id;
}

gboolean
cd_block_editor_focus_block (CdBlockEditor *self,
                             const char    *id,
                             int            offset)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      CdBlockRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (cd_block_get_id (cd_block_row_get_block (row)), id) == 0)
        return focus_row (self, row, offset);
    }

  return FALSE;
}

CdBlock *
cd_block_editor_insert_block (CdBlockEditor *self,
                              CdBlockType    type)
{
  g_autoptr(CdBlock) block = NULL;
  CdBlockRow *row;
  guint position;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);
  g_return_val_if_fail (type < CD_N_BLOCK_TYPES, NULL);

  if (self->article == NULL)
    return NULL;

  row = active_row (self);
  position = row != NULL ? row_position (self, row) + 1 : self->rows->len;

  block = new_block (type);
  cd_article_insert_block (self->article, position, block);
  focus_after_change (self, position, 0);

  /* The article holds the block now. */
  return block;
}

/* Test hooks */

guint
_cd_block_editor_get_n_rows (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), 0);

  return self->rows->len;
}

CdBlockRow *
_cd_block_editor_get_row (CdBlockEditor *self,
                          guint          position)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return row_at (self, position);
}

GtkTextBuffer *
_cd_block_editor_get_row_buffer (CdBlockEditor *self,
                                 guint          position)
{
  CdBlockRow *row;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  row = row_at (self, position);

  return row != NULL ? cd_block_row_get_buffer (row) : NULL;
}

GtkWidget *
_cd_block_editor_get_insert_button (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->insert_button;
}

GtkWidget *
_cd_block_editor_get_link_popover (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->link_popover;
}

gboolean
_cd_block_editor_handle_key (CdBlockEditor   *self,
                             guint            keyval,
                             GdkModifierType  state)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);

  return handle_key (self, active_row (self), keyval, state);
}

void
_cd_block_editor_paste_text (CdBlockEditor *self,
                             const char    *text)
{
  CdBlockRow *row;

  g_return_if_fail (CD_IS_BLOCK_EDITOR (self));
  g_return_if_fail (text != NULL);

  row = active_row (self);
  if (row != NULL)
    paste_text_into (self, row, text);
}

CdBlock *
_cd_block_editor_paste_texture (CdBlockEditor  *self,
                                GdkTexture     *texture,
                                GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  CdBlockRow *row;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);
  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);
  g_return_val_if_fail (self->article != NULL, NULL);

  row = active_row (self);
  bytes = gdk_texture_save_to_png_bytes (texture);

  return insert_figure (self, row != NULL ? row_position (self, row) + 1 : self->rows->len,
                        bytes, NULL, error);
}

gboolean
_cd_block_editor_set_link (CdBlockEditor  *self,
                           const char     *href,
                           GError        **error)
{
  CdBlockRow *row;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);

  row = active_row (self);
  if (row == NULL || !cd_block_type_has_marks (row_type (row)) ||
      !link_range (cd_block_row_get_buffer (row), &start, &end))
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("Select the words to link first"));
      return FALSE;
    }

  return apply_link (self, row, gtk_text_iter_get_offset (&start),
                     gtk_text_iter_get_offset (&end), href, error);
}
