/* cd-block-editor-keys.c: what keys and typing do in the body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-block-editor-private.h"
#include "cd-block-text.h"

static CdBlock *
block_at (CdBlockEditor *self,
          guint          index)
{
  return index < self->blocks->len ? g_ptr_array_index (self->blocks, index) : NULL;
}

static void
caret_iter (CdBlockEditor *self,
            GtkTextIter   *iter)
{
  gtk_text_buffer_get_iter_at_mark (self->buffer, iter, gtk_text_buffer_get_insert (self->buffer));
}

/* Typing over a selection removes it first, as the text view would. */
static gboolean
delete_selection (CdBlockEditor *self,
                  CdEditPos     *caret)
{
  CdEditPos start;
  CdEditPos end;

  if (!_cd_block_editor_get_selection (self, &start, &end))
    {
      *caret = start;
      return FALSE;
    }

  *caret = cd_edit_delete (self->article, self->history, start, end);

  return TRUE;
}

/* "---" and Enter in a paragraph makes a divider. */
static gboolean
divider_shortcut (CdBlockEditor *self,
                  CdEditPos      pos)
{
  CdBlock *block = block_at (self, pos.block);
  g_autoptr(CdBlock) divider = NULL;
  g_autoptr(CdBlock) paragraph = NULL;
  CdEditPos caret = { pos.block + 1, 0 };

  if (block == NULL || cd_block_get_block_type (block) != CD_BLOCK_PARAGRAPH ||
      g_strcmp0 (cd_block_get_text (block), "---") != 0)
    return FALSE;

  divider = cd_block_new (CD_BLOCK_DIVIDER);
  paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  if (self->history != NULL)
    cd_history_break (self->history);
  _cd_block_editor_begin_group (self);
  cd_article_remove_block (self->article, pos.block);
  cd_article_insert_block (self->article, pos.block, divider);
  cd_article_insert_block (self->article, pos.block + 1, paragraph);
  _cd_block_editor_end_group (self);
  _cd_block_editor_place_caret (self, caret);

  return TRUE;
}

static gboolean
handle_enter (CdBlockEditor *self)
{
  CdEditPos caret;

  if (self->article == NULL)
    return FALSE;

  delete_selection (self, &caret);
  if (self->blocks->len == 0)
    {
      g_autoptr(CdBlock) first = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_article_append_block (self->article, first);
      caret.block = 0;
      caret.offset = 0;
    }
  if (divider_shortcut (self, caret))
    return TRUE;

  caret = cd_edit_split (self->article, self->history, caret);
  _cd_block_editor_place_caret (self, caret);

  return TRUE;
}

/* Up on the body's first line goes to the field above it. */
static gboolean
handle_up (CdBlockEditor *self)
{
  GtkTextIter iter;

  caret_iter (self, &iter);
  if (gtk_text_view_backward_display_line (GTK_TEXT_VIEW (self->view), &iter))
    return FALSE;

  /* The window knows the field above the body (the dek); without one
   * that takes it, the focus goes back as with Shift+Tab. */
  if (gtk_widget_keynav_failed (GTK_WIDGET (self), GTK_DIR_UP))
    return TRUE;

  return gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))),
                                 GTK_DIR_TAB_BACKWARD);
}

/* Page Up and Down move the caret by the height of the story column's
 * view, which the text view, not scrolling itself, cannot know. */
static gboolean
handle_page (CdBlockEditor *self,
             int            direction,
             gboolean       extend)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_VIEWPORT);
  GtkAdjustment *adjustment;
  GdkRectangle rect;
  GtkTextIter iter;
  double page;
  int y;

  if (viewport == NULL)
    return FALSE;
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  page = gtk_adjustment_get_page_size (adjustment);

  caret_iter (self, &iter);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->view), &iter, &rect);
  y = rect.y + direction * (int) MAX (page - 2 * rect.height, rect.height);
  y = MAX (0, y);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self->view), &iter, rect.x, y);

  if (extend)
    gtk_text_buffer_move_mark (self->buffer, gtk_text_buffer_get_insert (self->buffer), &iter);
  else
    gtk_text_buffer_place_cursor (self->buffer, &iter);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + direction * page);
  _cd_block_editor_scroll_to_caret (self);

  return TRUE;
}

/* Backspace in an empty first paragraph removes it, where the text view
 * would find nothing before the caret to delete. */
static gboolean
handle_backspace (CdBlockEditor *self)
{
  CdEditPos start;
  CdEditPos end;
  CdEditPos caret = { 0, 0 };

  if (self->article == NULL || _cd_block_editor_get_selection (self, &start, &end) ||
      start.block != 0 || start.offset != 0 || self->blocks->len < 2 ||
      !cd_block_is_blank_paragraph (block_at (self, 0)))
    return FALSE;

  if (self->history != NULL)
    cd_history_break (self->history);
  cd_article_remove_block (self->article, 0);
  _cd_block_editor_place_caret (self, caret);

  return TRUE;
}

static gboolean
handle_key (CdBlockEditor   *self,
            guint            keyval,
            GdkModifierType  state)
{
  GdkModifierType modifiers = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK);

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if ((modifiers & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
        return FALSE;
      return handle_enter (self);

    case GDK_KEY_BackSpace:
      return modifiers == 0 && handle_backspace (self);

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return modifiers == 0 && handle_up (self);

    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      if ((modifiers & ~GDK_SHIFT_MASK) != 0)
        return FALSE;
      return handle_page (self,
                          keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up ? -1 : 1,
                          (modifiers & GDK_SHIFT_MASK) != 0);

    case GDK_KEY_v:
    case GDK_KEY_V:
      if (modifiers != (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
        return FALSE;
      _cd_block_editor_paste (self, TRUE);
      return TRUE;

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
  /* A key pressed while a long story is still going into the text acts
   * on all of it. */
  _cd_block_editor_finish_render (self);

  /* Keys typed in a photo's caption or a quote's attribution, widgets
   * inside the text view, are theirs. */
  if (!gtk_widget_has_focus (self->view))
    return FALSE;

  return handle_key (self, keyval, state);
}

gboolean
_cd_block_editor_handle_key (CdBlockEditor   *self,
                             guint            keyval,
                             GdkModifierType  state)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);

  return handle_key (self, keyval, state);
}

/* Formatting */

static gboolean
iter_has_mark (const GtkTextIter *iter,
               CdMarkType         wanted)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      CdMarkType type;

      if (cd_block_text_tag_to_mark_type (l->data, &type, NULL) && type == wanted)
        return TRUE;
    }

  return FALSE;
}

/* The formatting text typed at @iter gets from the text before it (or,
 * at the start of a line, after it). */
static gboolean
inherited_mark (const GtkTextIter *iter,
                CdMarkType         type)
{
  GtkTextIter before = *iter;

  if (gtk_text_iter_starts_line (iter))
    return !gtk_text_iter_ends_line (iter) && iter_has_mark (iter, type);

  gtk_text_iter_backward_char (&before);

  return iter_has_mark (&before, type);
}

void
_cd_block_editor_toggle_mark (CdBlockEditor *self,
                              CdMarkType     type)
{
  CdEditPos start;
  CdEditPos end;
  GtkTextIter iter;
  CdBlock *block;

  if (self->article == NULL || self->blocks->len == 0)
    return;

  if (_cd_block_editor_get_selection (self, &start, &end))
    {
      GtkTextIter start_iter;
      GtkTextIter end_iter;
      int from;
      int to;
      gboolean on = !cd_edit_range_has_mark (self->article, start, end, type);

      gtk_text_buffer_get_selection_bounds (self->buffer, &start_iter, &end_iter);
      from = gtk_text_iter_get_offset (&start_iter);
      to = gtk_text_iter_get_offset (&end_iter);
      cd_edit_set_mark (self->article, self->history, start, end, type, NULL, on);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start_iter, from);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end_iter, to);
      gtk_text_buffer_select_range (self->buffer, &end_iter, &start_iter);
      return;
    }

  block = block_at (self, start.block);
  if (block == NULL || !cd_block_type_has_marks (cd_block_get_block_type (block)))
    return;

  /* No selection: the style applies to what is typed next here. */
  caret_iter (self, &iter);
  if (!self->typing_style_set || self->typing_style_offset != gtk_text_iter_get_offset (&iter))
    {
      self->typing_strong = inherited_mark (&iter, CD_MARK_STRONG);
      self->typing_em = inherited_mark (&iter, CD_MARK_EM);
    }
  if (type == CD_MARK_STRONG)
    self->typing_strong = !self->typing_strong;
  else if (type == CD_MARK_EM)
    self->typing_em = !self->typing_em;
  self->typing_style_set = TRUE;
  self->typing_style_offset = gtk_text_iter_get_offset (&iter);
  if (self->history != NULL)
    cd_history_break (self->history);
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

void
_cd_block_editor_style_typed (CdBlockEditor *self,
                              int            start,
                              int            end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;
  GtkTextIter before;
  gboolean strong;
  gboolean em;
  GtkTextTag *link = NULL;
  GtkTextTag *after_link;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start_iter, start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end_iter, end);

  if (self->typing_style_set && self->typing_style_offset == start)
    {
      strong = self->typing_strong;
      em = self->typing_em;
      /* The style holds for the rest of this run of typing. */
      self->typing_style_offset = end;
    }
  else
    {
      strong = inherited_mark (&start_iter, CD_MARK_STRONG);
      em = inherited_mark (&start_iter, CD_MARK_EM);
    }

  /* Typing inside a link extends it; at its end it does not. */
  before = start_iter;
  if (!gtk_text_iter_starts_line (&before) && gtk_text_iter_backward_char (&before))
    {
      link = link_tag_at (&before);
      after_link = link_tag_at (&end_iter);
      if (link != after_link)
        link = NULL;
    }

  self->rendering++;
  cd_block_text_clear_marks (self->buffer, &start_iter, &end_iter);
  if (strong)
    gtk_text_buffer_apply_tag (self->buffer, cd_block_text_get_tag (self->buffer, CD_MARK_STRONG, NULL),
                               &start_iter, &end_iter);
  if (em)
    gtk_text_buffer_apply_tag (self->buffer, cd_block_text_get_tag (self->buffer, CD_MARK_EM, NULL),
                               &start_iter, &end_iter);
  if (link != NULL)
    gtk_text_buffer_apply_tag (self->buffer, link, &start_iter, &end_iter);
  self->rendering--;
}

/* Markdown shortcuts */

typedef struct
{
  const char  *prefix;
  CdBlockType  type;
  int          level_or_ordered;
} Shortcut;

static const Shortcut shortcuts[] = {
  { "## ", CD_BLOCK_HEADING, 2 },
  { "### ", CD_BLOCK_HEADING, 3 },
  { "- ", CD_BLOCK_LIST, FALSE },
  { "* ", CD_BLOCK_LIST, FALSE },
  { "1. ", CD_BLOCK_LIST, TRUE },
  { "> ", CD_BLOCK_QUOTE, 0 },
};

gboolean
_cd_block_editor_markdown_typed (CdBlockEditor *self,
                                 CdEditPos      pos,
                                 const char    *text)
{
  CdBlock *block = block_at (self, pos.block);
  const char *block_text;

  if (block == NULL || g_strcmp0 (text, " ") != 0 ||
      cd_block_get_block_type (block) != CD_BLOCK_PARAGRAPH)
    return FALSE;

  block_text = cd_block_get_text (block);

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      const Shortcut *shortcut = &shortcuts[i];
      g_autoptr(GPtrArray) marks = NULL;
      g_autoptr(GPtrArray) rest_marks = NULL;
      g_autoptr(GPtrArray) converted = NULL;
      g_autoptr(CdBlock) stripped = NULL;
      g_autofree char *full = NULL;
      g_autofree char *rest = NULL;
      guint length = strlen (shortcut->prefix);
      CdEditPos caret = { pos.block, 0 };

      if (pos.offset != length || !g_str_has_prefix (block_text, shortcut->prefix))
        continue;

      full = cd_edit_get_text (block, &marks);
      rest = cd_utf8_substring (full, length, G_MAXUINT);
      rest_marks = cd_marks_slice (marks, length, G_MAXUINT);
      stripped = cd_block_copy (block);
      cd_edit_set_text (stripped, rest, rest_marks);
      converted = cd_block_convert (stripped, shortcut->type);
      if (converted == NULL || converted->len == 0)
        return FALSE;

      if (shortcut->type == CD_BLOCK_HEADING)
        cd_block_set_level (g_ptr_array_index (converted, 0), shortcut->level_or_ordered);
      else if (shortcut->type == CD_BLOCK_LIST)
        cd_block_set_ordered (g_ptr_array_index (converted, 0), shortcut->level_or_ordered);

      /* The shortcut is a step of its own: one Ctrl+Z gives back the
       * characters typed. */
      if (self->history != NULL)
        cd_history_break (self->history);
      _cd_block_editor_begin_group (self);
      cd_article_remove_block (self->article, pos.block);
      for (guint j = 0; j < converted->len; j++)
        cd_article_insert_block (self->article, pos.block + j, g_ptr_array_index (converted, j));
      _cd_block_editor_end_group (self);
      if (self->history != NULL)
        cd_history_break (self->history);
      _cd_block_editor_place_caret (self, caret);

      return TRUE;
    }

  return FALSE;
}

/* A click while a long story is still going into the text: where it
 * lands, a selection it starts or a menu it opens is for all of it. */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            CdBlockEditor   *self)
{
  _cd_block_editor_finish_render (self);
}

void
_cd_block_editor_keys_init (CdBlockEditor *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->view, keys);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (click));
}
