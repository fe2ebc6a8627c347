/* cd-block-editor-actions.c: the body's actions, menus and link popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-block-editor-private.h"
#include "cd-block-text.h"
#include "cd-link-popover.h"

static guint
active_index (CdBlockEditor *self)
{
  return _cd_block_editor_block_index (self, _cd_block_editor_active_block (self));
}

static CdBlockType
active_type (CdBlockEditor *self)
{
  CdBlock *block = _cd_block_editor_active_block (self);

  return block != NULL ? cd_block_get_block_type (block) : CD_BLOCK_DIVIDER;
}

static gboolean
is_text_at (CdBlockEditor *self,
            guint          index)
{
  return index < self->blocks->len &&
         cd_block_type_is_text (cd_block_get_block_type (g_ptr_array_index (self->blocks, index)));
}

void
_cd_block_editor_update_actions (CdBlockEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint position = active_index (self);
  gboolean active = position != G_MAXUINT;
  CdBlockType type = active_type (self);
  guint n = self->blocks->len;
  gboolean marks = active && cd_block_type_has_marks (type);
  gboolean text = active && cd_block_type_is_text (type);

  gtk_widget_action_set_enabled (widget, "editor.insert-block", self->article != NULL);
  gtk_widget_action_set_enabled (widget, "editor.move-up", active && position > 0);
  gtk_widget_action_set_enabled (widget, "editor.move-down", active && position + 1 < n);
  gtk_widget_action_set_enabled (widget, "editor.delete-block", active);
  gtk_widget_action_set_enabled (widget, "editor.bold", marks);
  gtk_widget_action_set_enabled (widget, "editor.italic", marks);
  gtk_widget_action_set_enabled (widget, "editor.link", marks);
  gtk_widget_action_set_enabled (widget, "editor.paste-plain", self->article != NULL);
  gtk_widget_action_set_enabled (widget, "editor.set-level", active && type == CD_BLOCK_HEADING);
  gtk_widget_action_set_enabled (widget, "editor.set-ordered", active && type == CD_BLOCK_LIST);
  gtk_widget_action_set_enabled (widget, "editor.turn-into", text);
  gtk_widget_action_set_enabled (widget, "editor.split-block", text);
  gtk_widget_action_set_enabled (widget, "editor.merge-previous",
                                 text && position > 0 && is_text_at (self, position - 1));
  gtk_widget_action_set_enabled (widget, "editor.merge-next",
                                 text && position + 1 < n && is_text_at (self, position + 1));
}

static CdBlock *
new_block (CdBlockType type)
{
  CdBlock *block = cd_block_new (type);

  /* A list starts with one item to type into. */
  if (type == CD_BLOCK_LIST)
    cd_edit_set_text (block, "", NULL);

  return block;
}

CdBlock *
cd_block_editor_insert_block (CdBlockEditor *self,
                              CdBlockType    type)
{
  g_autoptr(CdBlock) block = NULL;
  CdEditPos caret = { 0, 0 };
  guint position;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);
  g_return_val_if_fail (type < CD_N_BLOCK_TYPES, NULL);

  if (self->article == NULL)
    return NULL;

  position = active_index (self);
  position = position != G_MAXUINT ? position + 1 : self->blocks->len;

  block = new_block (type);
  if (self->history != NULL)
    cd_history_break (self->history);
  cd_article_insert_block (self->article, position, block);
  caret.block = position;
  _cd_block_editor_place_caret (self, caret);
  if (!cd_block_type_is_text (type))
    {
      CdBlockRow *row = _cd_block_editor_row_for_block (self, block);

      _cd_block_editor_set_current (self, block);
      if (row != NULL)
        cd_block_row_focus (row, 0);
    }
  else
    gtk_widget_grab_focus (self->view);

  /* The article holds the block now. */
  return block;
}

void
_cd_block_editor_turn_into (CdBlockEditor *self,
                            CdBlockType    type)
{
  CdBlock *block = _cd_block_editor_active_block (self);
  g_autoptr(GPtrArray) blocks = NULL;
  CdEditPos start;
  CdEditPos end;
  guint position;

  if (block == NULL || cd_block_get_block_type (block) == type)
    return;
  blocks = cd_block_convert (block, type);
  if (blocks == NULL)
    return;

  _cd_block_editor_get_selection (self, &start, &end);
  position = active_index (self);

  if (self->history != NULL)
    cd_history_break (self->history);
  _cd_block_editor_begin_group (self);
  cd_article_remove_block (self->article, position);
  for (guint i = 0; i < blocks->len; i++)
    cd_article_insert_block (self->article, position + i, g_ptr_array_index (blocks, i));
  _cd_block_editor_end_group (self);

  start.block = position;
  start.offset = MIN (start.offset, cd_edit_get_length (g_ptr_array_index (blocks, 0)));
  _cd_block_editor_place_caret (self, start);
}

/* Links */

/* The selection, else the whole link at the caret, else the word. */
gboolean
_cd_block_editor_link_range (CdBlockEditor *self,
                             CdEditPos     *start,
                             CdEditPos     *end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;
  GtkTextTag *tag = NULL;
  g_autoptr(GSList) tags = NULL;

  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start_iter, &end_iter))
    return _cd_block_editor_iter_to_pos (self, &start_iter, start) &&
           _cd_block_editor_iter_to_pos (self, &end_iter, end);

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start_iter, gtk_text_buffer_get_insert (self->buffer));
  end_iter = start_iter;
  tags = gtk_text_iter_get_tags (&start_iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      CdMarkType type;

      if (cd_block_text_tag_to_mark_type (l->data, &type, NULL) && type == CD_MARK_LINK)
        tag = l->data;
    }

  if (tag != NULL)
    {
      if (!gtk_text_iter_starts_tag (&start_iter, tag))
        gtk_text_iter_backward_to_tag_toggle (&start_iter, tag);
      gtk_text_iter_forward_to_tag_toggle (&end_iter, tag);
    }
  else
    {
      if (!gtk_text_iter_inside_word (&start_iter) && !gtk_text_iter_ends_word (&start_iter))
        return FALSE;
      if (!gtk_text_iter_starts_word (&start_iter))
        gtk_text_iter_backward_word_start (&start_iter);
      if (!gtk_text_iter_ends_word (&end_iter))
        gtk_text_iter_forward_word_end (&end_iter);
    }

  if (gtk_text_iter_compare (&start_iter, &end_iter) >= 0)
    return FALSE;

  return _cd_block_editor_iter_to_pos (self, &start_iter, start) &&
         _cd_block_editor_iter_to_pos (self, &end_iter, end);
}

gboolean
_cd_block_editor_apply_link (CdBlockEditor  *self,
                             CdEditPos       start,
                             CdEditPos       end,
                             const char     *href,
                             GError        **error)
{
  /* "www.example.org/page" is how addresses are read out and printed. */
  g_autofree char *address = cd_href_complete (href != NULL ? href : "");

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

  cd_edit_set_mark (self->article, self->history, start, end, CD_MARK_LINK,
                    *address != '\0' ? address : NULL, *address != '\0');

  return TRUE;
}

/* The popover's address goes on the words it was opened for. */
static void
link_apply_cb (CdBlockEditor *self,
               const char    *href,
               CdLinkPopover *popover)
{
  g_autoptr(GError) error = NULL;
  CdEditPos start;
  CdEditPos end;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, self->link_start);
  _cd_block_editor_iter_to_pos (self, &iter, &start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, self->link_end);
  _cd_block_editor_iter_to_pos (self, &iter, &end);

  if (!_cd_block_editor_apply_link (self, start, end, href, &error))
    {
      cd_link_popover_show_error (popover, error->message);
      return;
    }

  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
link_closed_cb (CdBlockEditor *self)
{
  gtk_widget_grab_focus (self->view);
}

static void
open_link_popover (CdBlockEditor *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  CdEditPos start;
  CdEditPos end;
  GtkTextIter start_iter;
  GtkTextIter end_iter;
  GdkRectangle location;
  graphene_point_t point;
  int window_x;
  int window_y;
  g_autoptr(GSList) tags = NULL;
  const char *href = NULL;

  if (!cd_block_type_has_marks (active_type (self)) || !_cd_block_editor_link_range (self, &start, &end))
    {
      gtk_widget_error_bell (self->view);
      return;
    }

  _cd_block_editor_pos_to_iter (self, start, &start_iter);
  _cd_block_editor_pos_to_iter (self, end, &end_iter);
  self->link_start = gtk_text_iter_get_offset (&start_iter);
  self->link_end = gtk_text_iter_get_offset (&end_iter);

  tags = gtk_text_iter_get_tags (&start_iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      CdMarkType type;
      const char *tag_href;

      if (cd_block_text_tag_to_mark_type (l->data, &type, &tag_href) && type == CD_MARK_LINK)
        href = tag_href;
    }

  gtk_text_view_get_iter_location (view, &start_iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y, &window_x, &window_y);
  if (!gtk_widget_compute_point (self->view, GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (window_x, window_y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);

  cd_link_popover_popup_at (CD_LINK_POPOVER (self->link_popover),
                            &(GdkRectangle) { point.x, point.y, MAX (location.width, 1), location.height },
                            href);
}

static void
build_link_popover (CdBlockEditor *self)
{
  self->link_popover = cd_link_popover_new ();
  gtk_widget_set_parent (self->link_popover, GTK_WIDGET (self));
  g_signal_connect_object (self->link_popover, "apply", G_CALLBACK (link_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_popover, "closed", G_CALLBACK (link_closed_cb), self, G_CONNECT_SWAPPED);
}

gboolean
_cd_block_editor_set_link (CdBlockEditor  *self,
                           const char     *href,
                           GError        **error)
{
  CdEditPos start;
  CdEditPos end;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);

  if (!cd_block_type_has_marks (active_type (self)) || !_cd_block_editor_link_range (self, &start, &end))
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("Select the words to link first"));
      return FALSE;
    }

  return _cd_block_editor_apply_link (self, start, end, href, error);
}

/* Actions */

static void
insert_block_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdBlockType type;

  if (cd_block_type_from_string (g_variant_get_string (parameter, NULL), &type))
    cd_block_editor_insert_block (CD_BLOCK_EDITOR (widget), type);
}

static void
bold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _cd_block_editor_toggle_mark (CD_BLOCK_EDITOR (widget), CD_MARK_STRONG);
}

static void
italic_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _cd_block_editor_toggle_mark (CD_BLOCK_EDITOR (widget), CD_MARK_EM);
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_link_popover (CD_BLOCK_EDITOR (widget));
}

static void
paste_plain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _cd_block_editor_paste (CD_BLOCK_EDITOR (widget), TRUE);
}

/* Where the focus was inside a photo's or embed's widget, to put it back
 * after the block moved: without selecting the entry's text, which the
 * next key would replace. */
typedef struct
{
  GtkWidget *widget;
  int        position;
} FocusSpot;

static void
save_focus (CdBlockEditor *self,
            CdBlockRow    *row,
            FocusSpot     *spot)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  spot->widget = NULL;
  if (row == NULL || focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (row)))
    return;

  /* A caption that wraps: its caret is the buffer's. */
  if (GTK_IS_TEXT_VIEW (focus))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
      GtkTextIter caret;

      gtk_text_buffer_get_iter_at_mark (buffer, &caret, gtk_text_buffer_get_insert (buffer));
      spot->widget = g_object_ref (focus);
      spot->position = gtk_text_iter_get_offset (&caret);
      return;
    }

  /* The entry's text widget holds the focus; the entry is what is given
   * it back. */
  while (focus != NULL && !GTK_IS_EDITABLE (focus) && focus != GTK_WIDGET (row))
    focus = gtk_widget_get_parent (focus);
  if (focus != NULL && GTK_IS_EDITABLE (focus))
    {
      GtkWidget *entry = gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);

      spot->widget = g_object_ref (entry != NULL ? entry : focus);
      spot->position = gtk_editable_get_position (GTK_EDITABLE (focus));
    }
}

static void
restore_focus (FocusSpot *spot)
{
  if (spot->widget == NULL)
    return;

  if (GTK_IS_TEXT_VIEW (spot->widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (spot->widget));
      GtkTextIter caret;

      gtk_widget_grab_focus (spot->widget);
      gtk_text_buffer_get_iter_at_offset (buffer, &caret, spot->position);
      gtk_text_buffer_place_cursor (buffer, &caret);
      g_clear_object (&spot->widget);
      return;
    }

  if (GTK_IS_ENTRY (spot->widget))
    gtk_entry_grab_focus_without_selecting (GTK_ENTRY (spot->widget));
  else if (GTK_IS_TEXT (spot->widget))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (spot->widget));
  else
    gtk_widget_grab_focus (spot->widget);
  gtk_editable_set_position (GTK_EDITABLE (spot->widget), spot->position);
  g_clear_object (&spot->widget);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlock *block = _cd_block_editor_active_block (self);
  guint position = active_index (self);
  gboolean up = g_str_equal (action_name, "editor.move-up");
  CdBlockRow *row;
  FocusSpot spot;
  CdEditPos caret;
  CdEditPos end;
  gboolean in_text = gtk_widget_has_focus (self->view);

  if (position == G_MAXUINT || (up ? position == 0 : position + 1 >= self->blocks->len))
    return;

  row = _cd_block_editor_row_for_block (self, block);
  save_focus (self, row, &spot);
  _cd_block_editor_get_selection (self, &caret, &end);

  if (self->history != NULL)
    cd_history_break (self->history);
  cd_article_move_block (self->article, position, up ? position - 1 : position + 1);

  _cd_block_editor_set_current (self, block);
  if (spot.widget != NULL && _cd_block_editor_row_for_block (self, block) == row)
    restore_focus (&spot);
  else
    {
      g_clear_object (&spot.widget);
      if (in_text || row == NULL)
        {
          caret.block = _cd_block_editor_block_index (self, block);
          _cd_block_editor_place_caret (self, caret);
          gtk_widget_grab_focus (self->view);
        }
      else if ((row = _cd_block_editor_row_for_block (self, block)) != NULL)
        cd_block_row_focus (row, 0);
    }
  _cd_block_editor_update_actions (self);
}

static void
delete_block_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  guint position = active_index (self);
  CdEditPos caret = { 0, 0 };

  if (position == G_MAXUINT)
    return;

  if (self->history != NULL)
    cd_history_break (self->history);
  cd_article_remove_block (self->article, position);

  if (self->blocks->len == 0)
    {
      gtk_widget_grab_focus (self->insert_button);
      return;
    }
  caret.block = MIN (position, self->blocks->len - 1);
  _cd_block_editor_place_caret (self, caret);
  gtk_widget_grab_focus (self->view);
}

static void
set_level_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlock *block = _cd_block_editor_active_block (self);
  int level = g_variant_get_int32 (parameter);

  if (block == NULL || cd_block_get_block_type (block) != CD_BLOCK_HEADING || (level != 2 && level != 3))
    return;

  cd_block_set_level (block, level);
}

static void
set_ordered_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  CdBlock *block = _cd_block_editor_active_block (self);

  if (block == NULL || cd_block_get_block_type (block) != CD_BLOCK_LIST)
    return;

  cd_block_set_ordered (block, g_variant_get_boolean (parameter));
}

static void
turn_into_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdBlockType type;

  if (cd_block_type_from_string (g_variant_get_string (parameter, NULL), &type))
    _cd_block_editor_turn_into (CD_BLOCK_EDITOR (widget), type);
}

static void
split_block_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _cd_block_editor_handle_key (CD_BLOCK_EDITOR (widget), GDK_KEY_Return, 0);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  guint position = active_index (self);
  gboolean previous = g_str_equal (action_name, "editor.merge-previous");
  CdEditPos caret;

  if (position == G_MAXUINT || (previous && position == 0) ||
      (!previous && position + 1 >= self->blocks->len))
    return;

  if (cd_edit_merge (self->article, self->history, previous ? position - 1 : position, &caret))
    _cd_block_editor_place_caret (self, caret);
}

void
_cd_block_editor_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "editor.insert-block", "s", insert_block_action);
  gtk_widget_class_install_action (widget_class, "editor.bold", NULL, bold_action);
  gtk_widget_class_install_action (widget_class, "editor.italic", NULL, italic_action);
  gtk_widget_class_install_action (widget_class, "editor.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "editor.paste-plain", NULL, paste_plain_action);
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
}

/* The text view's context menu gains the formatting and the story's
 * undo, whose actions are enabled only when they can act. */
static GMenuModel *build_block_menu (void);

static GMenuModel *
build_context_menu (void)
{
  g_autoptr(GMenuModel) block_menu = build_block_menu ();
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) format = g_menu_new ();
  g_autoptr(GMenu) paste = g_menu_new ();
  g_autoptr(GMenu) history = g_menu_new ();

  g_menu_append (format, _("Bold"), "editor.bold");
  g_menu_append (format, _("Italic"), "editor.italic");
  g_menu_append (format, _("Link"), "editor.link");
  g_menu_append (paste, _("Paste as Plain Text"), "editor.paste-plain");
  g_menu_append (history, _("Undo"), "win.undo");
  g_menu_append (history, _("Redo"), "win.redo");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (format));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (paste));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (history));
  g_menu_append_submenu (menu, _("Block Options"), block_menu);

  return G_MENU_MODEL (menu);
}

static void
append_target (GMenu      *menu,
               const char *label,
               const char *action,
               GVariant   *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_append_item (menu, item);
}

/* The options of the block holding the caret; items that do not apply
 * to its type are insensitive, their actions disabled. */
static GMenuModel *
build_block_menu (void)
{
  static const struct {
    const char *type;
    const char *label;
  } types[] = {
    { "paragraph", N_("Paragraph") },
    { "heading", N_("Subheading") },
    { "quote", N_("Quote") },
    { "pullquote", N_("Pull Quote") },
    { "list", N_("List") },
  };
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) kind = g_menu_new ();
  g_autoptr(GMenu) turn_into = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();

  append_target (kind, _("Subheading Level 2"), "editor.set-level", g_variant_new_int32 (2));
  append_target (kind, _("Subheading Level 3"), "editor.set-level", g_variant_new_int32 (3));
  append_target (kind, _("Bulleted List"), "editor.set-ordered", g_variant_new_boolean (FALSE));
  append_target (kind, _("Numbered List"), "editor.set-ordered", g_variant_new_boolean (TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    append_target (turn_into, _(types[i].label), "editor.turn-into", g_variant_new_string (types[i].type));
  g_menu_append_submenu (kind, _("Turn Into"), G_MENU_MODEL (turn_into));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (kind));

  g_menu_append (move, _("Move Up"), "editor.move-up");
  g_menu_append (move, _("Move Down"), "editor.move-down");
  g_menu_append (move, _("Delete"), "editor.delete-block");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (move));

  return G_MENU_MODEL (menu);
}

void
_cd_block_editor_actions_init (CdBlockEditor *self)
{
  g_autoptr(GMenuModel) menu = build_context_menu ();
  g_autoptr(GMenuModel) block_menu = build_block_menu ();

  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (self->view), menu);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->block_button), block_menu);
  build_link_popover (self);
  _cd_block_editor_update_actions (self);
}
