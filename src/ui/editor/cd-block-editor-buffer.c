/* cd-block-editor-buffer.c: the body's text buffer kept in step with the story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-accessible.h"
#include "cd-block-editor-private.h"
#include "cd-block-text.h"
#include "cd-body-view.h"
#include "cd-memory.h"

/* Typing after a pause this long starts a new undo step. */
#define TYPING_PAUSE_USEC (G_USEC_PER_SEC)

/* A story opens with this many photos and posts shown at once, enough
 * for the first screen, and shows the rest this many a frame. */
#define FIRST_OBJECTS_SHOWN 4
#define HELD_SHOWN_PER_FRAME 2
/* Typing this recently holds back the rows away from the view. */
#define HELD_TYPING_PAUSE_USEC (G_USEC_PER_SEC / 2)
#define HELD_BLOCK_KEY "cd-held-block"
/* The height of a row let go, which its holder keeps. */
#define LET_GO_HEIGHT_KEY "cd-let-go-height"
/* Rows this many screens or more from the view are let go, so many a
 * turn of the main loop: a whole story's rows at once (the 100,000-word
 * story's) held it up for tens of milliseconds. */
#define ROWS_KEPT_PAGES 4
#define ROWS_LET_GO_PER_TURN 8
#define ATTRIBUTION_LINE_TAG "attribution-line"

static gboolean
is_text_block (CdBlock *block)
{
  return cd_block_type_is_text (cd_block_get_block_type (block));
}

static gboolean
has_attribution (CdBlock *block)
{
  CdBlockType type = cd_block_get_block_type (block);

  return type == CD_BLOCK_QUOTE || type == CD_BLOCK_PULLQUOTE;
}

guint
_cd_block_editor_text_lines (CdBlock *block)
{
  if (cd_block_get_block_type (block) == CD_BLOCK_LIST)
    return MAX (1, cd_block_get_items (block)->len);

  return 1;
}

/* A quote's attribution has a line of its own under the quote, holding
 * its entry. */
static guint
lines_of (CdBlock *block)
{
  return _cd_block_editor_text_lines (block) + (has_attribution (block) ? 1 : 0);
}

static guint
line_count_at (CdBlockEditor *self,
               guint          index)
{
  return g_array_index (self->line_counts, guint, index);
}

guint
_cd_block_editor_block_index (CdBlockEditor *self,
                              CdBlock       *block)
{
  guint index;

  if (block != NULL && g_ptr_array_find (self->blocks, block, &index))
    return index;

  return G_MAXUINT;
}

int
_cd_block_editor_block_line (CdBlockEditor *self,
                             guint          index)
{
  int line = 0;

  for (guint i = 0; i < index && i < self->blocks->len; i++)
    line += line_count_at (self, i);

  return line;
}

/* The block showing @line, and the line it starts at. */
static gboolean
block_at_line (CdBlockEditor *self,
               int            line,
               guint         *index,
               int           *first_line)
{
  int start = 0;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      int count = line_count_at (self, i);

      if (line < start + count)
        {
          *index = i;
          *first_line = start;
          return TRUE;
        }
      start += count;
    }

  return FALSE;
}

static void
line_start (CdBlockEditor *self,
            int            line,
            GtkTextIter   *iter)
{
  gtk_text_buffer_get_iter_at_line (self->buffer, iter, line);
}

/* The text range of block @index, without the line break after it. */
static void
block_bounds (CdBlockEditor *self,
              guint          index,
              GtkTextIter   *start,
              GtkTextIter   *end)
{
  int line = _cd_block_editor_block_line (self, index);

  line_start (self, line, start);
  line_start (self, line + _cd_block_editor_text_lines (g_ptr_array_index (self->blocks, index)) - 1, end);
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
}

gboolean
_cd_block_editor_iter_to_pos (CdBlockEditor     *self,
                              const GtkTextIter *iter,
                              CdEditPos         *pos)
{
  GtkTextIter start;
  guint index;
  int first_line;

  if (!block_at_line (self, gtk_text_iter_get_line (iter), &index, &first_line))
    return FALSE;

  line_start (self, first_line, &start);
  pos->block = index;
  pos->offset = gtk_text_iter_get_offset (iter) - gtk_text_iter_get_offset (&start);
  if (!is_text_block (g_ptr_array_index (self->blocks, index)))
    pos->offset = MIN (pos->offset, 1);
  else if (has_attribution (g_ptr_array_index (self->blocks, index)))
    pos->offset = MIN (pos->offset, cd_edit_get_length (g_ptr_array_index (self->blocks, index)));

  return TRUE;
}

/* Whether @iter is on a line of a text block that holds a widget (a
 * quote's attribution), where no text can go. */
static gboolean
on_widget_line (CdBlockEditor     *self,
                const GtkTextIter *iter)
{
  guint index;
  int first_line;

  if (!block_at_line (self, gtk_text_iter_get_line (iter), &index, &first_line))
    return FALSE;

  return gtk_text_iter_get_line (iter) >= first_line + (int) _cd_block_editor_text_lines (g_ptr_array_index (self->blocks, index));
}

void
_cd_block_editor_pos_to_iter (CdBlockEditor *self,
                              CdEditPos      pos,
                              GtkTextIter   *iter)
{
  GtkTextIter end;
  int limit;

  if (pos.block >= self->blocks->len)
    _cd_block_editor_finish_render (self);
  if (self->blocks->len == 0)
    {
      gtk_text_buffer_get_start_iter (self->buffer, iter);
      return;
    }

  pos.block = MIN (pos.block, self->blocks->len - 1);
  block_bounds (self, pos.block, iter, &end);
  limit = gtk_text_iter_get_offset (&end);
  gtk_text_iter_set_offset (iter, MIN ((int) (gtk_text_iter_get_offset (iter) + pos.offset), limit));
}

void
_cd_block_editor_place_caret (CdBlockEditor *self,
                              CdEditPos      pos)
{
  GtkTextIter iter;

  _cd_block_editor_pos_to_iter (self, pos, &iter);
  gtk_text_buffer_place_cursor (self->buffer, &iter);
  _cd_block_editor_scroll_to_caret (self);
}

gboolean
_cd_block_editor_get_selection (CdBlockEditor *self,
                                CdEditPos     *start,
                                CdEditPos     *end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;
  gboolean selected;

  selected = gtk_text_buffer_get_selection_bounds (self->buffer, &start_iter, &end_iter);
  if (!_cd_block_editor_iter_to_pos (self, &start_iter, start) ||
      !_cd_block_editor_iter_to_pos (self, &end_iter, end))
    return FALSE;

  return selected;
}

/* Rendering */

static const char *
style_tag_name (CdBlock *block)
{
  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_HEADING:
      return cd_block_get_level (block) == 3 ? "style-heading3" : "style-heading2";
    case CD_BLOCK_QUOTE:
      return "style-quote";
    case CD_BLOCK_PULLQUOTE:
      return "style-pullquote";
    case CD_BLOCK_LIST:
      return "style-list";
    case CD_BLOCK_FIGURE:
    case CD_BLOCK_EMBED:
    case CD_BLOCK_DIVIDER:
      return "style-object";
    case CD_BLOCK_PARAGRAPH:
    default:
      return "style-paragraph";
    }
}

static void
setup_style_tags (CdBlockEditor *self)
{
  GtkTextBuffer *buffer = self->buffer;

  cd_block_text_setup_tags (buffer);
  gtk_text_buffer_create_tag (buffer, "style-paragraph",
                              "pixels-below-lines", 10, NULL);
  gtk_text_buffer_create_tag (buffer, "style-heading2",
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.4,
                              "pixels-above-lines", 10, "pixels-below-lines", 8,
                              "accumulative-margin", TRUE, NULL);
  gtk_text_buffer_create_tag (buffer, "style-heading3",
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.2,
                              "pixels-above-lines", 8, "pixels-below-lines", 6, NULL);
  gtk_text_buffer_create_tag (buffer, "style-quote",
                              "style", PANGO_STYLE_ITALIC, "left-margin", 28,
                              "pixels-below-lines", 10, NULL);
  gtk_text_buffer_create_tag (buffer, "style-pullquote",
                              "weight", PANGO_WEIGHT_SEMIBOLD, "scale", 1.3,
                              "left-margin", 28, "pixels-below-lines", 10, NULL);
  gtk_text_buffer_create_tag (buffer, CD_BODY_VIEW_LIST_TAG,
                              "left-margin", 30, "pixels-below-lines", 4, NULL);
  gtk_text_buffer_create_tag (buffer, CD_BODY_VIEW_ORDERED_TAG, NULL);
  gtk_text_buffer_create_tag (buffer, "style-object",
                              "pixels-above-lines", 4, "pixels-below-lines", 12, NULL);
  /* On a quote's attribution: see insert_content (). */
  gtk_text_buffer_create_tag (buffer, ATTRIBUTION_LINE_TAG, "left-margin", 28, NULL);
}

static void
block_changed_cb (CdBlockEditor *self,
                  CdBlock       *block);

static void
row_focus_enter_cb (GtkEventControllerFocus *controller,
                    CdBlockEditor           *self)
{
  CdBlockRow *row = CD_BLOCK_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  _cd_block_editor_set_current (self, cd_block_row_get_block (row));
}

static void
attribution_focus_enter_cb (GtkEventControllerFocus *controller,
                            CdBlockEditor           *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  /* Typing in the attribution is a step apart from typing in the quote. */
  if (self->history != NULL)
    cd_history_break (self->history);
  _cd_block_editor_set_current (self, g_object_get_data (G_OBJECT (entry), "cd-block"));
}

static void
row_menu_opened_cb (CdBlockRow    *row,
                    CdBlockEditor *self)
{
  _cd_block_editor_set_current (self, cd_block_row_get_block (row));
}

/* The text view lays a widget out at its minimum width: a holder asks
 * for the width of the text, which the editor sets once it knows it. */
static void
holder_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int target = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), HOLDER_WIDTH_KEY));

  *minimum = *natural = 0;
  /* A held holder has no row until it comes in; one whose row was let go
   * keeps the row's height, so that nothing in the column moves. */
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  else if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), LET_GO_HEIGHT_KEY));
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (*minimum, target);
      *natural = *minimum;
    }
  *minimum_baseline = -1;
  *natural_baseline = -1;
}

static void
holder_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, -1, NULL);
}

static GtkWidget *
holder_new (GtkWidget *child)
{
  GtkWidget *holder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_layout_manager (holder, gtk_custom_layout_new (NULL, holder_measure, holder_allocate));
  if (child != NULL)
    gtk_box_append (GTK_BOX (holder), child);

  return holder;
}

static void
attribution_changed_cb (GtkEditable *entry,
                        CdBlock     *block)
{
  const char *text = gtk_editable_get_text (entry);

  if (g_strcmp0 (text, cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION)) != 0)
    cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, text);
}

static GtkWidget *
attribution_entry_new (CdBlockEditor *self,
                       CdBlock       *block)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Who said it"));
  gtk_editable_set_text (GTK_EDITABLE (entry), cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION));
  cd_accessible_set_name (entry, _("Attribution"));
  gtk_widget_add_css_class (entry, "attribution-entry");
  gtk_widget_add_css_class (entry, "body-object");
  g_signal_connect_object (entry, "changed", G_CALLBACK (attribution_changed_cb), block, 0);
  g_object_set_data_full (G_OBJECT (entry), "cd-block", g_object_ref (block), g_object_unref);
  g_signal_connect_object (focus, "enter", G_CALLBACK (attribution_focus_enter_cb), self, 0);
  gtk_widget_add_controller (entry, focus);

  return entry;
}

/* The row of a photo, post or divider; the caller owns it. */
static CdBlockRow *
new_row (CdBlockEditor *self,
         CdBlock       *block)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  CdBlockRow *row = g_object_ref_sink (cd_block_row_new (self->article, self->history, block));

  g_signal_connect_object (focus, "enter", G_CALLBACK (row_focus_enter_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
  g_signal_connect_object (row, "menu-opened", G_CALLBACK (row_menu_opened_cb), self, 0);
  gtk_widget_add_css_class (GTK_WIDGET (row), "body-object");

  return row;
}

/* Inserts the content of block @index at @iter: its text and formatting,
 * or the anchor of its widget. */
static void
insert_content (CdBlockEditor *self,
                guint          index,
                GtkTextIter   *iter)
{
  CdBlock *block = g_ptr_array_index (self->blocks, index);
  GtkTextTag *style = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (self->buffer),
                                                 style_tag_name (block));
  int start_offset = gtk_text_iter_get_offset (iter);
  GtkTextIter start;

  if (is_text_block (block))
    {
      g_autoptr(GPtrArray) marks = NULL;
      g_autofree char *text = cd_edit_get_text (block, &marks);

      gtk_text_buffer_insert (self->buffer, iter, text, -1);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_offset);
      cd_block_text_apply_marks (self->buffer, &start, g_utf8_strlen (text, -1), marks);

      if (has_attribution (block))
        {
          GtkTextChildAnchor *anchor;
          GtkWidget *entry = attribution_entry_new (self, block);

          gtk_text_buffer_insert (self->buffer, iter, "\n", 1);
          anchor = gtk_text_buffer_create_child_anchor (self->buffer, iter);
          gtk_text_view_add_child_at_anchor (GTK_TEXT_VIEW (self->view), holder_new (entry), anchor);
          g_hash_table_insert (self->attributions, block, entry);
          _cd_block_editor_queue_widths (self);
        }
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_offset);
      gtk_text_buffer_apply_tag (self->buffer, style, &start, iter);
      if (cd_block_get_block_type (block) == CD_BLOCK_LIST && cd_block_get_ordered (block))
        gtk_text_buffer_apply_tag_by_name (self->buffer, CD_BODY_VIEW_ORDERED_TAG, &start, iter);
      /* The attribution's line begins with a tag of its own. GTK 4.8
       * lays out a line that begins with no change of tags in the style
       * of the last line it laid out, which after an edit in the quote
       * can be a plain paragraph further up: the attribution lost its
       * indent. */
      if (has_attribution (block))
        {
          GtkTextIter anchor_start = *iter;
          GtkTextIter anchor_end = *iter;

          gtk_text_iter_backward_char (&anchor_start);
          gtk_text_buffer_apply_tag_by_name (self->buffer, ATTRIBUTION_LINE_TAG, &anchor_start, &anchor_end);
        }
    }
  else
    {
      GtkTextChildAnchor *anchor = gtk_text_buffer_create_child_anchor (self->buffer, iter);
      g_autoptr(CdBlockRow) row = NULL;
      g_autoptr(GtkWidget) holder = NULL;

      /* A block put back keeps its widget, which keeps its focus. */
      if (self->spare != NULL && g_hash_table_steal_extended (self->spare, block, NULL, (gpointer *) &holder))
        row = g_object_ref (CD_BLOCK_ROW (gtk_widget_get_first_child (holder)));
      else if (self->holding && self->objects_rendered++ >= FIRST_OBJECTS_SHOWN)
        {
          /* Hidden and empty: its row is made when it comes in. */
          holder = g_object_ref_sink (holder_new (NULL));
          gtk_widget_set_visible (holder, FALSE);
          g_object_set_data_full (G_OBJECT (holder), HELD_BLOCK_KEY, g_object_ref (block), g_object_unref);
          g_ptr_array_add (self->held, g_object_ref (holder));
        }
      else
        {
          row = new_row (self, block);
          holder = g_object_ref_sink (holder_new (GTK_WIDGET (row)));
        }
      g_object_set_data_full (G_OBJECT (holder), CD_BODY_VIEW_ANCHOR_KEY, g_object_ref (anchor), g_object_unref);
      gtk_text_view_add_child_at_anchor (GTK_TEXT_VIEW (self->view), holder, anchor);
      _cd_block_editor_queue_widths (self);
      if (row != NULL)
        g_hash_table_insert (self->widgets, block, row);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_offset);
      gtk_text_buffer_apply_tag (self->buffer, style, &start, iter);
    }
}

/* Shows block @index (already in `blocks`) at its line. */
static void
render_block (CdBlockEditor *self,
              guint          index)
{
  CdBlock *block = g_ptr_array_index (self->blocks, index);
  GtkTextIter iter;

  g_array_index (self->line_counts, guint, index) = lines_of (block);

  if (index + 1 < self->blocks->len)
    {
      int offset;

      line_start (self, _cd_block_editor_block_line (self, index), &iter);
      insert_content (self, index, &iter);
      offset = gtk_text_iter_get_offset (&iter);
      gtk_text_buffer_insert_with_tags_by_name (self->buffer, &iter, "\n", 1,
                                                style_tag_name (block), NULL);
      (void) offset;
    }
  else if (index == 0)
    {
      gtk_text_buffer_get_start_iter (self->buffer, &iter);
      insert_content (self, index, &iter);
    }
  else
    {
      /* The last block: the line break ends the block before it. */
      gtk_text_buffer_get_end_iter (self->buffer, &iter);
      gtk_text_buffer_insert_with_tags_by_name (self->buffer, &iter, "\n", 1,
                                                style_tag_name (g_ptr_array_index (self->blocks, index - 1)),
                                                NULL);
      insert_content (self, index, &iter);
    }
}

/* Takes block @index out of the buffer (it stays in `blocks`). */
static void
unrender_block (CdBlockEditor *self,
                guint          index)
{
  CdBlock *block = g_ptr_array_index (self->blocks, index);
  int line = _cd_block_editor_block_line (self, index);
  GtkTextIter start;
  GtkTextIter end;

  if (index + 1 < self->blocks->len)
    {
      line_start (self, line, &start);
      line_start (self, line + line_count_at (self, index), &end);
    }
  else if (index > 0)
    {
      line_start (self, line, &start);
      gtk_text_iter_backward_char (&start);
      gtk_text_buffer_get_end_iter (self->buffer, &end);
    }
  else
    gtk_text_buffer_get_bounds (self->buffer, &start, &end);

  if (self->spare != NULL && g_hash_table_contains (self->widgets, block))
    g_hash_table_insert (self->spare, block,
                         g_object_ref (gtk_widget_get_parent (g_hash_table_lookup (self->widgets, block))));
  gtk_text_buffer_delete (self->buffer, &start, &end);
  g_hash_table_remove (self->widgets, block);
  g_hash_table_remove (self->attributions, block);
}

static void
track_block (CdBlockEditor *self,
             CdBlock       *block,
             guint          index)
{
  guint zero = 0;

  g_ptr_array_insert (self->blocks, index, g_object_ref (block));
  g_array_insert_val (self->line_counts, index, zero);
  g_signal_connect_object (block, "changed", G_CALLBACK (block_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
untrack_block (CdBlockEditor *self,
               guint          index)
{
  CdBlock *block = g_ptr_array_index (self->blocks, index);

  g_signal_handlers_disconnect_by_data (block, self);
  if (self->current == block)
    self->current = NULL;
  g_ptr_array_remove_index (self->blocks, index);
  g_array_remove_index (self->line_counts, index);
}

void
_cd_block_editor_clear (CdBlockEditor *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->held_resume_id, g_source_remove);
  if (self->held_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->held_tick_id);
  self->held_tick_id = 0;
  g_ptr_array_set_size (self->held, 0);
  g_ptr_array_set_size (self->let_go, 0);
  g_clear_handle_id (&self->let_go_id, g_source_remove);
  self->rendering++;
  while (self->blocks->len > 0)
    untrack_block (self, self->blocks->len - 1);
  g_hash_table_remove_all (self->widgets);
  g_hash_table_remove_all (self->attributions);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  self->rendering--;
  self->current = NULL;
}

void
_cd_block_editor_items_changed (CdBlockEditor *self,
                                guint          position,
                                guint          removed,
                                guint          added)
{
  CdEditPos caret = { 0, 0 };
  gboolean had_caret;
  GtkTextIter iter;

  /* While a long story is still going into the text, blocks past those
   * in it come in with their part, as the model has them then. */
  if (self->render_id != 0)
    {
      if (position > self->blocks->len)
        return;
      removed = MIN (removed, self->blocks->len - position);
    }

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  had_caret = _cd_block_editor_iter_to_pos (self, &iter, &caret);

  self->rendering++;
  self->spare = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  for (guint i = 0; i < removed; i++)
    {
      unrender_block (self, position);
      untrack_block (self, position);
    }
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(CdBlock) block = g_list_model_get_item (self->model, position + i);

      track_block (self, block, position + i);
      render_block (self, position + i);
    }
  g_clear_pointer (&self->spare, g_hash_table_unref);
  self->rendering--;

  /* Undo and redo leave the caret at what they changed; an edit made by
   * the editor places it itself afterwards. */
  if (self->history != NULL && cd_history_is_applying (self->history) && self->blocks->len > 0)
    {
      CdEditPos pos = { MIN (position, self->blocks->len - 1), 0 };

      if (added > 0)
        pos.offset = cd_edit_get_length (g_ptr_array_index (self->blocks, pos.block));
      _cd_block_editor_place_caret (self, pos);
    }
  else if (had_caret && caret.block < position)
    _cd_block_editor_place_caret (self, caret);

  _cd_block_editor_update_actions (self);
}

/* The model changed a text block (undo, a conversion, another view):
 * show it again, keeping the caret in it. */
/* The paragraph style tag the buffer shows at @iter. */
static const char *
shown_style (CdBlockEditor     *self,
             const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;

      g_object_get (l->data, "name", &name, NULL);
      if (name != NULL && g_str_has_prefix (name, "style-"))
        return g_intern_string (name);
    }

  return NULL;
}

static void
block_changed_cb (CdBlockEditor *self,
                  CdBlock       *block)
{
  guint index = _cd_block_editor_block_index (self, block);
  CdEditPos caret;
  gboolean caret_here = FALSE;
  GtkTextIter iter;

  if (self->committing > 0 || index == G_MAXUINT || !is_text_block (block))
    return;

  /* A change the body already shows (a quote's attribution typed in its
   * entry) leaves the buffer, and the widget being typed in, alone. */
  if (_cd_block_editor_text_lines (block) + (has_attribution (block) ? 1 : 0) == line_count_at (self, index))
    {
      g_autoptr(GPtrArray) model_marks = NULL;
      g_autoptr(GPtrArray) shown_marks = NULL;
      g_autofree char *model_text = cd_edit_get_text (block, &model_marks);
      g_autofree char *shown_text = NULL;
      GtkTextIter start;
      GtkTextIter end;
      GtkWidget *entry = g_hash_table_lookup (self->attributions, block);

      block_bounds (self, index, &start, &end);
      shown_text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
      shown_marks = cd_block_text_get_marks (self->buffer, &start, &end);
      cd_marks_normalize (model_marks);
      if (g_strcmp0 (model_text, shown_text) == 0 && cd_marks_equal (model_marks, shown_marks) &&
          g_strcmp0 (style_tag_name (block), shown_style (self, &start)) == 0)
        {
          const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

          if (entry != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), attribution) != 0)
            gtk_editable_set_text (GTK_EDITABLE (entry), attribution);
          return;
        }
    }

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  if (_cd_block_editor_iter_to_pos (self, &iter, &caret))
    caret_here = caret.block == index;

  self->rendering++;
  unrender_block (self, index);
  render_block (self, index);
  self->rendering--;

  if (caret_here)
    {
      if (self->history != NULL && cd_history_is_applying (self->history))
        caret.offset = cd_edit_get_length (block);
      _cd_block_editor_place_caret (self, caret);
    }
}

/* Makes a held holder's row and shows it, unless its block has left the
 * story meanwhile. */
static void
reveal_held (CdBlockEditor *self,
             GtkWidget     *holder)
{
  GtkTextChildAnchor *anchor = g_object_get_data (G_OBJECT (holder), CD_BODY_VIEW_ANCHOR_KEY);
  CdBlock *block = g_object_get_data (G_OBJECT (holder), HELD_BLOCK_KEY);
  g_autoptr(CdBlockRow) row = NULL;

  if (gtk_text_child_anchor_get_deleted (anchor) || gtk_widget_get_first_child (holder) != NULL)
    return;

  row = new_row (self, block);
  gtk_box_append (GTK_BOX (holder), GTK_WIDGET (row));
  g_object_set_data (G_OBJECT (holder), LET_GO_HEIGHT_KEY, NULL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (holder), GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_hash_table_insert (self->widgets, block, row);
  _cd_block_editor_queue_widths (self);
  gtk_widget_set_visible (holder, TRUE);
  _cd_block_editor_emit_row_added (self, row);
}

static void
show_held (CdBlockEditor *self,
           guint          n)
{
  g_autoptr(GPtrArray) shown = NULL;

  n = MIN (n, self->held->len);
  /* Taken out first: a handler of row-added may ask for every row. */
  shown = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (shown, g_object_ref (g_ptr_array_index (self->held, i)));
  g_ptr_array_remove_range (self->held, 0, n);
  for (guint i = 0; i < shown->len; i++)
    reveal_held (self, g_ptr_array_index (shown, i));
}

/* Shows up to @n held holders near the view; how many it showed. */
static guint
show_held_near_view (CdBlockEditor *self,
                     guint          n)
{
  guint shown = 0;

  for (guint i = 0; i < self->held->len && shown < n;)
    {
      GtkWidget *holder = g_ptr_array_index (self->held, i);

      if (cd_body_view_anchor_is_near (CD_BODY_VIEW (self->view), g_object_get_data (G_OBJECT (holder), CD_BODY_VIEW_ANCHOR_KEY)))
        {
          g_object_ref (holder);
          g_ptr_array_remove_index (self->held, i);
          reveal_held (self, holder);
          g_object_unref (holder);
          shown++;
        }
      else
        i++;
    }

  return shown;
}

/* Makes the row of a holder that let go of it, taken out of `let_go`. */
static void
reveal_let_go (CdBlockEditor *self,
               guint          index)
{
  g_autoptr(GtkWidget) holder = g_object_ref (g_ptr_array_index (self->let_go, index));

  g_ptr_array_remove_index_fast (self->let_go, index);
  reveal_held (self, holder);
}

/* Whether @row can be let go: far from the view, and holding nothing but
 * its block, which makes it again as it was. The reporter's place in it
 * (the focus, a menu, the block being worked on, a selection running
 * through it) keeps it. */
static gboolean
row_can_be_let_go (CdBlockEditor *self,
                   CdBlock       *block,
                   CdBlockRow    *row)
{
  GtkWidget *holder = gtk_widget_get_parent (GTK_WIDGET (row));
  GtkTextChildAnchor *anchor = holder != NULL ? g_object_get_data (G_OBJECT (holder), CD_BODY_VIEW_ANCHOR_KEY) : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter at;

  if (anchor == NULL || gtk_text_child_anchor_get_deleted (anchor) || block == self->current)
    return FALSE;
  if (focus != NULL && (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row))))
    return FALSE;
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    {
      gtk_text_buffer_get_iter_at_child_anchor (self->buffer, &at, anchor);
      if (gtk_text_iter_in_range (&at, &start, &end))
        return FALSE;
    }
  if (cd_body_view_anchor_is_within (CD_BODY_VIEW (self->view), anchor, ROWS_KEPT_PAGES))
    return FALSE;

  return cd_block_row_shows_only_its_block (row);
}

static void
let_go_of_row (CdBlockEditor *self,
               CdBlock       *block,
               CdBlockRow    *row)
{
  GtkWidget *holder = gtk_widget_get_parent (GTK_WIDGET (row));
  g_autofree char *name = cd_block_row_dup_accessible_name (row);

  /* The holder is a group: named as the row was, it stands for it in
   * the accessibility tree until the row is back. */
  cd_accessible_set_name (holder, name);
  g_object_set_data (G_OBJECT (holder), LET_GO_HEIGHT_KEY,
                     GINT_TO_POINTER (MAX (1, gtk_widget_get_height (holder))));
  g_object_set_data_full (G_OBJECT (holder), HELD_BLOCK_KEY, g_object_ref (block), g_object_unref);
  g_hash_table_remove (self->widgets, block);
  gtk_box_remove (GTK_BOX (holder), GTK_WIDGET (row));
  g_ptr_array_add (self->let_go, g_object_ref (holder));
}

static gboolean update_let_go_cb (gpointer data);

/* A story of many photos and posts read from top to bottom would end up
 * with a row for each, their fields, menus and thumbnails: rows are
 * made near the view and let go far from it. */
static void
update_let_go (CdBlockEditor *self)
{
  g_autoptr(GPtrArray) far = NULL;
  GHashTableIter iter;
  gpointer block;
  gpointer row;

  /* Made again before the frame that would show them. */
  for (guint i = 0; i < self->let_go->len;)
    {
      GtkWidget *holder = g_ptr_array_index (self->let_go, i);
      GtkTextChildAnchor *anchor = g_object_get_data (G_OBJECT (holder), CD_BODY_VIEW_ANCHOR_KEY);

      if (gtk_text_child_anchor_get_deleted (anchor))
        g_ptr_array_remove_index_fast (self->let_go, i);
      else if (cd_body_view_anchor_is_near (CD_BODY_VIEW (self->view), anchor))
        reveal_let_go (self, i);
      else
        i++;
    }

  /* Not before every row was made once (and the column knows their
   * heights), nor while the story is being put in. */
  if (self->held->len > 0 || self->rendering > 0 || self->render_id != 0)
    return;

  far = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &block, &row))
    {
      if (row_can_be_let_go (self, block, row))
        g_ptr_array_add (far, block);
      else
        cd_block_row_let_go_of_far_thumbnail (row);
    }
  for (guint i = 0; i < MIN (far->len, ROWS_LET_GO_PER_TURN); i++)
    {
      block = g_ptr_array_index (far, i);
      let_go_of_row (self, block, g_hash_table_lookup (self->widgets, block));
    }
  if (far->len > 0)
    cd_memory_release_soon ();
  /* The rest in a later turn, after what the reporter does. */
  if (far->len > ROWS_LET_GO_PER_TURN && self->let_go_id == 0)
    self->let_go_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_let_go_cb, self, NULL);
}

static gboolean
update_let_go_cb (gpointer data)
{
  CdBlockEditor *self = data;

  self->let_go_id = 0;
  update_let_go (self);

  return G_SOURCE_REMOVE;
}

void
_cd_block_editor_queue_let_go (CdBlockEditor *self)
{
  /* Before the frame clock's paint, which the next frame waits for; a
   * later turn letting go of the rest comes sooner with it. */
  g_clear_handle_id (&self->let_go_id, g_source_remove);
  self->let_go_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_let_go_cb, self, NULL);
}

static gboolean show_held_tick_cb (GtkWidget     *widget,
                                   GdkFrameClock *clock,
                                   gpointer       user_data);

static void
start_showing_held (CdBlockEditor *self)
{
  g_clear_handle_id (&self->held_resume_id, g_source_remove);
  if (self->held->len > 0 && self->held_tick_id == 0)
    self->held_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), show_held_tick_cb, NULL, NULL);
}

static gboolean
resume_held_cb (gpointer data)
{
  CdBlockEditor *self = data;

  self->held_resume_id = 0;
  start_showing_held (self);

  return G_SOURCE_REMOVE;
}

/* The body was scrolled or laid out again: a row held back while the
 * reporter types may have come near the view. */
void
_cd_block_editor_wake_held (CdBlockEditor *self)
{
  if (self->held_resume_id != 0)
    start_showing_held (self);
}

static gboolean
show_held_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  gint64 typed_ago;

  /* The frame that first draws the story lays out only what it shows. */
  if (!self->held_drawn)
    {
      self->held_drawn = TRUE;
      return G_SOURCE_CONTINUE;
    }

  /* Those the reporter can see first; while they type, only those, one a
   * frame, so their keys are not kept waiting by rows pages away. */
  if (show_held_near_view (self, 1) == 0)
    {
      typed_ago = g_get_monotonic_time () - self->last_edit_time;
      if (typed_ago > HELD_TYPING_PAUSE_USEC)
        {
          show_held (self, HELD_SHOWN_PER_FRAME);
        }
      else
        {
          /* Nothing near the view: no frame is asked for until the
           * typing pauses or the view moves. A tick callback would keep
           * the window drawing at the refresh rate, and each key would
           * wait for the next of those frames. */
          self->held_tick_id = 0;
          self->held_resume_id = g_timeout_add ((HELD_TYPING_PAUSE_USEC - typed_ago) / 1000 + 1,
                                                resume_held_cb, self);
          return G_SOURCE_REMOVE;
        }
    }
  if (self->held->len > 0)
    return G_SOURCE_CONTINUE;

  /* Every row made: those far from the view can go. */
  _cd_block_editor_queue_let_go (self);
  self->held_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Shows every held row at once, for a caller that wants one of them. */
void
_cd_block_editor_show_held (CdBlockEditor *self)
{
  if (self->held->len == 0)
    return;

  show_held (self, self->held->len);
  g_clear_handle_id (&self->held_resume_id, g_source_remove);
  if (self->held_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->held_tick_id);
  self->held_tick_id = 0;
}

/* Puts up to @max more of the model's blocks into the text, after those
 * in it; TRUE when some are left. */
static gboolean
render_part (CdBlockEditor *self,
             guint          max)
{
  guint n_items = g_list_model_get_n_items (self->model);
  guint start = self->blocks->len;
  guint end = start + MIN (max, n_items - start);

  self->rendering++;
  self->holding = TRUE;
  for (guint i = start; i < end; i++)
    {
      g_autoptr(CdBlock) block = g_list_model_get_item (self->model, i);

      track_block (self, block, i);
      render_block (self, i);
    }
  self->holding = FALSE;
  self->rendering--;

  return end < n_items;
}

/* The whole story is in the text. */
static void
end_render (CdBlockEditor *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), TRUE);
  start_showing_held (self);
  _cd_block_editor_update_actions (self);
}

static gboolean
render_part_cb (gpointer user_data)
{
  CdBlockEditor *self = user_data;

  if (render_part (self, CD_BLOCK_EDITOR_RENDER_PART))
    return G_SOURCE_CONTINUE;

  self->render_id = 0;
  end_render (self);

  return G_SOURCE_REMOVE;
}

void
_cd_block_editor_render_all (CdBlockEditor *self)
{
  _cd_block_editor_clear (self);
  if (self->model == NULL)
    return;

  /* Laying out a photo's or a post's row costs more than pages of text:
   * a story opens with the first few and the rest come a few a frame,
   * from the top, once it is drawn. Their blocks are in the text all
   * along, so the caret, the selection and undo do not wait for them. */
  self->held_drawn = FALSE;
  self->objects_rendered = 0;
  if (!render_part (self, CD_BLOCK_EDITOR_RENDER_PART))
    {
      end_render (self);
      return;
    }

  /* A book-length story takes the main thread for longer than a frame
   * to go into the text: it goes in a part per turn of the main loop,
   * before the window draws again, so input and the preview's messages
   * are heard in between. Until it is all in, the body takes no typing;
   * a key, a click or a caller that needs the whole body puts the rest
   * in at once (_cd_block_editor_finish_render ()). */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), FALSE);
  self->render_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, render_part_cb, self, NULL);
}

gboolean
_cd_block_editor_is_rendering (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);

  return self->render_id != 0;
}

void
_cd_block_editor_finish_render (CdBlockEditor *self)
{
  g_return_if_fail (CD_IS_BLOCK_EDITOR (self));

  if (self->render_id == 0)
    return;

  render_part (self, G_MAXUINT);
  end_render (self);
}

/* Writing buffer edits to the blocks */

static void
commit_block (CdBlockEditor *self,
              guint          index)
{
  CdBlock *block = g_ptr_array_index (self->blocks, index);
  g_autoptr(GPtrArray) marks = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;

  if (!is_text_block (block))
    return;

  block_bounds (self, index, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  marks = cd_block_text_get_marks (self->buffer, &start, &end);

  self->committing++;
  cd_edit_set_text (block, text, marks);
  self->committing--;
}

/* A run of typing at one place is one undo step: an edit elsewhere or
 * after a pause starts a new one. */
static void
group_typing (CdBlockEditor *self,
              int            start,
              int            end)
{
  gint64 now = g_get_monotonic_time ();

  if (self->history != NULL &&
      ((start != self->last_edit_offset && end != self->last_edit_offset) ||
       now - self->last_edit_time > TYPING_PAUSE_USEC))
    cd_history_break (self->history);

  self->last_edit_time = now;
}

static gboolean
range_has_object (const GtkTextIter *start,
                  const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  while (gtk_text_iter_compare (&iter, end) < 0)
    {
      if (gtk_text_iter_get_child_anchor (&iter) != NULL)
        return TRUE;
      gtk_text_iter_forward_char (&iter);
    }

  return FALSE;
}

static void
insert_text_cb (GtkTextBuffer *buffer,
                GtkTextIter   *location,
                const char    *text,
                int            length,
                CdBlockEditor *self)
{
  g_autofree char *copy = NULL;
  CdEditPos pos = { 0, 0 };
  CdEditPos caret;
  gboolean in_text;

  if (self->rendering > 0)
    return;

  if (self->article == NULL)
    {
      g_signal_stop_emission_by_name (buffer, "insert-text");
      return;
    }

  in_text = _cd_block_editor_iter_to_pos (self, location, &pos) &&
            is_text_block (g_ptr_array_index (self->blocks, pos.block)) &&
            !on_widget_line (self, location);
  if (in_text && memchr (text, '\n', length) == NULL && memchr (text, '\r', length) == NULL)
    {
      int offset = gtk_text_iter_get_offset (location);

      group_typing (self, offset, offset);
      return;
    }

  /* A line break, or text beside a photo: the story's structure
   * changes, so the model does it and the buffer follows. */
  g_signal_stop_emission_by_name (buffer, "insert-text");
  copy = g_strndup (text, length);
  g_strdelimit (copy, "\r", '\n');
  caret = cd_edit_insert_text (self->article, self->history, pos, copy);
  _cd_block_editor_place_caret (self, caret);
}

static void
insert_text_after_cb (GtkTextBuffer *buffer,
                      GtkTextIter   *location,
                      const char    *text,
                      int            length,
                      CdBlockEditor *self)
{
  CdEditPos pos;
  int end = gtk_text_iter_get_offset (location);
  int start = end - g_utf8_strlen (text, length);

  if (self->rendering > 0 || !_cd_block_editor_iter_to_pos (self, location, &pos))
    return;

  _cd_block_editor_style_typed (self, start, end);
  {
    /* Text typed into an empty line does not take the paragraph's style
     * from the line break after it. */
    GtkTextTag *style = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                   style_tag_name (g_ptr_array_index (self->blocks, pos.block)));
    GtkTextIter from;

    gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
    self->rendering++;
    gtk_text_buffer_apply_tag (buffer, style, &from, location);
    self->rendering--;
  }
  commit_block (self, pos.block);
  self->last_edit_offset = end;
  _cd_block_editor_markdown_typed (self, pos, text);
  gtk_text_buffer_get_iter_at_mark (buffer, location, gtk_text_buffer_get_insert (buffer));
}

static void
delete_range_cb (GtkTextBuffer *buffer,
                 GtkTextIter   *start,
                 GtkTextIter   *end,
                 CdBlockEditor *self)
{
  CdEditPos from;
  CdEditPos to;
  CdEditPos caret;

  if (self->rendering > 0)
    return;

  if (self->article == NULL ||
      !_cd_block_editor_iter_to_pos (self, start, &from) ||
      !_cd_block_editor_iter_to_pos (self, end, &to))
    {
      g_signal_stop_emission_by_name (buffer, "delete-range");
      return;
    }

  if (from.block == to.block && is_text_block (g_ptr_array_index (self->blocks, from.block)) &&
      !range_has_object (start, end))
    {
      group_typing (self, gtk_text_iter_get_offset (start), gtk_text_iter_get_offset (end));
      return;
    }

  g_signal_stop_emission_by_name (buffer, "delete-range");
  caret = cd_edit_delete (self->article, self->history, from, to);
  _cd_block_editor_place_caret (self, caret);
}

static void
delete_range_after_cb (GtkTextBuffer *buffer,
                       GtkTextIter   *start,
                       GtkTextIter   *end,
                       CdBlockEditor *self)
{
  CdEditPos pos;

  if (self->rendering > 0 || !_cd_block_editor_iter_to_pos (self, start, &pos))
    return;

  commit_block (self, pos.block);
  self->last_edit_offset = gtk_text_iter_get_offset (start);
}

/* Formatting the text view applies itself (text dragged within the body
 * keeps its bold and links) reaches the blocks it covers. */
static void
tag_changed_after_cb (GtkTextBuffer *buffer,
                      GtkTextTag    *tag,
                      GtkTextIter   *start,
                      GtkTextIter   *end,
                      CdBlockEditor *self)
{
  CdEditPos from;
  CdEditPos to;

  if (self->rendering > 0 || self->committing > 0 ||
      !cd_block_text_tag_to_mark_type (tag, NULL, NULL) ||
      !_cd_block_editor_iter_to_pos (self, start, &from) ||
      !_cd_block_editor_iter_to_pos (self, end, &to))
    return;

  for (guint i = from.block; i <= to.block && i < self->blocks->len; i++)
    commit_block (self, i);
}

/* Objects inserted by the text view itself (a drop of rich text) would
 * not reach the story; only the editor's own are kept. */
static void
insert_object_cb (GtkTextBuffer *buffer,
                  GtkTextIter   *location,
                  gpointer       object,
                  CdBlockEditor *self)
{
  if (self->rendering == 0)
    g_signal_stop_emission_by_name (buffer, "insert-child-anchor");
}

static void
insert_paintable_cb (GtkTextBuffer *buffer,
                     GtkTextIter   *location,
                     gpointer       paintable,
                     CdBlockEditor *self)
{
  if (self->rendering == 0)
    g_signal_stop_emission_by_name (buffer, "insert-paintable");
}

CdBlockRow *
_cd_block_editor_row_for_block (CdBlockEditor *self,
                                CdBlock       *block)
{
  CdBlockRow *row = g_hash_table_lookup (self->widgets, block);

  if (row != NULL)
    return row;

  /* Let go far from the view: this one is made again. */
  for (guint i = 0; i < self->let_go->len; i++)
    {
      if (g_object_get_data (g_ptr_array_index (self->let_go, i), HELD_BLOCK_KEY) == block)
        {
          reveal_let_go (self, i);
          return g_hash_table_lookup (self->widgets, block);
        }
    }

  if (self->held->len == 0)
    return NULL;

  /* Held, so not made yet: every held row is made and shown at once. */
  for (guint i = 0; i < self->held->len; i++)
    {
      if (g_object_get_data (g_ptr_array_index (self->held, i), HELD_BLOCK_KEY) == block)
        {
          _cd_block_editor_show_held (self);
          return g_hash_table_lookup (self->widgets, block);
        }
    }

  return NULL;
}

void
_cd_block_editor_begin_group (CdBlockEditor *self)
{
  if (self->history != NULL)
    cd_history_begin_group (self->history);
}

void
_cd_block_editor_end_group (CdBlockEditor *self)
{
  if (self->history != NULL)
    cd_history_end_group (self->history);
}

static void
changed_cb (CdBlockEditor *self)
{
  if (self->rendering == 0)
    _cd_block_editor_scroll_to_caret (self);
}

void
_cd_block_editor_buffer_init (CdBlockEditor *self)
{
  self->blocks = g_ptr_array_new_with_free_func (g_object_unref);
  self->line_counts = g_array_new (FALSE, TRUE, sizeof (guint));
  self->widgets = g_hash_table_new (NULL, NULL);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->let_go = g_ptr_array_new_with_free_func (g_object_unref);
  self->attributions = g_hash_table_new (NULL, NULL);
  self->last_edit_offset = -1;
  self->typing_style_offset = -1;

  /* Ctrl+Z must reach the story's history, which undoes every kind of
   * edit; the buffer's own would only know its text. */
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  setup_style_tags (self);

  g_signal_connect (self->buffer, "insert-text", G_CALLBACK (insert_text_cb), self);
  g_signal_connect_after (self->buffer, "insert-text", G_CALLBACK (insert_text_after_cb), self);
  g_signal_connect (self->buffer, "delete-range", G_CALLBACK (delete_range_cb), self);
  g_signal_connect_after (self->buffer, "delete-range", G_CALLBACK (delete_range_after_cb), self);
  g_signal_connect (self->buffer, "insert-child-anchor", G_CALLBACK (insert_object_cb), self);
  g_signal_connect_after (self->buffer, "apply-tag", G_CALLBACK (tag_changed_after_cb), self);
  g_signal_connect_after (self->buffer, "remove-tag", G_CALLBACK (tag_changed_after_cb), self);
  g_signal_connect (self->buffer, "insert-paintable", G_CALLBACK (insert_paintable_cb), self);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (changed_cb), self);
}
