/* cd-block-editor-caret.c: where the caret is in the body, and keeping it in view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-block-editor-private.h"

/* Room kept between the caret and the edge of the view. */
#define CARET_MARGIN 36

void
_cd_block_editor_set_current (CdBlockEditor *self,
                              CdBlock       *block)
{
  if (block == self->current)
    return;

  self->current = block;
  g_free (self->focused_id);
  self->focused_id = block != NULL ? g_strdup (cd_block_get_id (block)) : NULL;
  _cd_block_editor_update_actions (self);

  if (block != NULL)
    g_signal_emit_by_name (self, "block-focused", self->focused_id);
}

CdBlock *
_cd_block_editor_active_block (CdBlockEditor *self)
{
  if (self->current != NULL && _cd_block_editor_block_index (self, self->current) != G_MAXUINT)
    return self->current;

  return NULL;
}

/* A screen reader hears the body as one text; what the caret's block is
 * (a heading, an item of a list, a quote) is said as the text view's
 * description, as a browser announces the role of an HTML element. */
static void
update_description (CdBlockEditor *self,
                    CdBlock       *block,
                    guint          line_in_block)
{
  g_autofree char *description = NULL;
  const char *attribution;

  switch (block != NULL ? cd_block_get_block_type (block) : CD_BLOCK_PARAGRAPH)
    {
    case CD_BLOCK_HEADING:
      /* Translators: %u is 2 or 3, the level of the heading in the page */
      description = g_strdup_printf (_("Heading level %u"), cd_block_get_level (block));
      break;
    case CD_BLOCK_LIST:
      /* Translators: the caret's place in a list, "List item 2 of 3" */
      description = g_strdup_printf (_("List item %d of %d"), (int) line_in_block + 1,
                                     (int) _cd_block_editor_text_lines (block));
      break;
    case CD_BLOCK_QUOTE:
      attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);
      /* Translators: %s is who said the quote */
      description = *attribution != '\0' ? g_strdup_printf (_("Quote by %s"), attribution) : g_strdup (_("Quote"));
      break;
    case CD_BLOCK_PULLQUOTE:
      attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);
      /* Translators: %s is who said the pull quote */
      description = *attribution != '\0' ? g_strdup_printf (_("Pull quote by %s"), attribution)
                                         : g_strdup (_("Pull quote"));
      break;
    case CD_BLOCK_PARAGRAPH:
    case CD_BLOCK_FIGURE:
    case CD_BLOCK_EMBED:
    case CD_BLOCK_DIVIDER:
    default:
      description = g_strdup (_("Paragraph"));
      break;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
update_selection_words (CdBlockEditor *self)
{
  GtkTextIter start;
  GtkTextIter end;
  guint words = 0;

  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    {
      g_autofree char *text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);

      words = cd_stats_count_words (text);
    }

  if (words != self->selection_words)
    {
      self->selection_words = words;
      g_object_notify (G_OBJECT (self), "selection-words");
    }
}

static void
mark_set_cb (GtkTextBuffer *buffer,
             GtkTextIter   *location,
             GtkTextMark   *mark,
             CdBlockEditor *self)
{
  CdEditPos pos;

  if (mark != gtk_text_buffer_get_insert (buffer) &&
      mark != gtk_text_buffer_get_selection_bound (buffer))
    return;

  update_selection_words (self);

  if (mark != gtk_text_buffer_get_insert (buffer) || self->rendering > 0)
    return;

  /* Moving the caret ends a run of typing and drops a pending style. */
  if (gtk_text_iter_get_offset (location) != self->last_edit_offset)
    {
      self->last_edit_offset = -1;
      if (self->history != NULL && self->committing == 0)
        cd_history_break (self->history);
    }
  if (gtk_text_iter_get_offset (location) != self->typing_style_offset)
    self->typing_style_set = FALSE;

  if (_cd_block_editor_iter_to_pos (self, location, &pos))
    {
      CdBlock *block = g_ptr_array_index (self->blocks, pos.block);

      _cd_block_editor_set_current (self, block);
      update_description (self, block, gtk_text_iter_get_line (location) -
                                        _cd_block_editor_block_line (self, pos.block));
    }

  _cd_block_editor_scroll_to_caret (self);
}

/* Scrolling the caret into view. The text view sits in the story
 * column's scrolled window with the headline above it, so it cannot
 * scroll itself: the column's adjustment is moved instead, only as far
 * as needed, which keeps structural edits from jumping the view.
 *
 * The text view lays out a long story a piece at a time, and until it
 * has reached the caret, both where the caret is and how tall the column
 * is are estimates: the first move can fall short. So when the caret is
 * not in view after the move, the move is made again on the next frames,
 * as the layout comes in, for as long as nobody else has scrolled. */
#define SCROLL_RETRY_FRAMES 120

static void
stop_scroll_retry (CdBlockEditor *self)
{
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (self->view, self->scroll_tick_id);
  self->scroll_tick_id = 0;
  self->reveal_caret = FALSE;
}

/* Moves the column so the caret is in view; whether it now is. */
static gboolean
scroll_caret_into_view (CdBlockEditor *self)
{
  GtkWidget *viewport;
  GtkWidget *content;
  GtkAdjustment *adjustment;
  GdkRectangle rect;
  GtkTextIter iter;
  graphene_point_t point;
  int x;
  int y;
  double value;
  double page;
  double wanted;

  viewport = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_VIEWPORT);
  if (viewport == NULL || (!gtk_widget_has_focus (self->view) && !self->reveal_caret))
    return TRUE;
  content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  if (content == NULL || adjustment == NULL)
    return TRUE;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->view), &iter, &rect);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->view), GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &x, &y);
  if (!gtk_widget_compute_point (self->view, content, &GRAPHENE_POINT_INIT (x, y), &point))
    return TRUE;

  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  wanted = value;

  if (point.y - CARET_MARGIN < value)
    wanted = MAX (0, point.y - CARET_MARGIN);
  else if (point.y + rect.height + CARET_MARGIN > value + page)
    wanted = point.y + rect.height + CARET_MARGIN - page;

  if (wanted != value)
    {
      gtk_adjustment_set_value (adjustment, wanted);
      _cd_block_editor_queue_allocate_column (self);
    }
  self->scroll_value = gtk_adjustment_get_value (adjustment);

  /* Set as asked, or the caret is in view within the column's bounds. */
  return self->scroll_value == wanted ||
         (point.y >= self->scroll_value && point.y + rect.height <= self->scroll_value + page);
}

static gboolean
scroll_retry_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  CdBlockEditor *self = data;
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_VIEWPORT);
  GtkAdjustment *adjustment = viewport != NULL ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)) : NULL;

  /* The reader scrolled, or the layout has had its time. */
  if (adjustment == NULL || gtk_adjustment_get_value (adjustment) != self->scroll_value ||
      self->scroll_frames_left == 0)
    {
      self->scroll_tick_id = 0;
      self->reveal_caret = FALSE;
      return G_SOURCE_REMOVE;
    }
  self->scroll_frames_left--;

  if (scroll_caret_into_view (self))
    {
      self->scroll_tick_id = 0;
      self->reveal_caret = FALSE;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
scroll_to_caret_cb (gpointer data)
{
  CdBlockEditor *self = data;

  self->scroll_id = 0;
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (self->view, self->scroll_tick_id);
  self->scroll_tick_id = 0;

  if (scroll_caret_into_view (self))
    self->reveal_caret = FALSE;
  else
    {
      self->scroll_frames_left = SCROLL_RETRY_FRAMES;
      self->scroll_tick_id = gtk_widget_add_tick_callback (self->view, scroll_retry_cb, self, NULL);
    }

  return G_SOURCE_REMOVE;
}

void
_cd_block_editor_scroll_to_caret (CdBlockEditor *self)
{
  /* After the text view has laid out the change. */
  if (self->scroll_id == 0)
    self->scroll_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE + 10, scroll_to_caret_cb, self, NULL);
}

void
_cd_block_editor_stop_scrolling (CdBlockEditor *self)
{
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  stop_scroll_retry (self);
}

void
_cd_block_editor_reveal_caret (CdBlockEditor *self)
{
  g_return_if_fail (CD_IS_BLOCK_EDITOR (self));

  self->reveal_caret = TRUE;
  _cd_block_editor_scroll_to_caret (self);
}

void
_cd_block_editor_caret_init (CdBlockEditor *self)
{
  g_signal_connect (self->buffer, "mark-set", G_CALLBACK (mark_set_cb), self);
}
