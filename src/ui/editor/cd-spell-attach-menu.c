/* cd-spell-attach-menu.c: a misspelled word's context menu (suggestions,
 * the dictionaries, Ignore)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-attach"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cd-spell-attach-private.h"

/* The context menu */

/* The misspelled word at the caret: [*start, *end) in characters. */
static char *
word_at_cursor (Attached *attached,
                int      *start,
                int      *end)
{
  int cursor = _cd_spell_attach_cursor_offset (attached);

  if (attached->buffer != NULL)
    {
      GtkTextIter iter;
      GtkTextIter word_start;
      GtkTextIter word_end;

      gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, cursor);
      if (!gtk_text_iter_has_tag (&iter, attached->tag))
        {
          /* Just after the word counts too. */
          if (!gtk_text_iter_ends_tag (&iter, attached->tag))
            return NULL;
          gtk_text_iter_backward_char (&iter);
        }

      word_start = iter;
      word_end = iter;
      if (!gtk_text_iter_starts_tag (&word_start, attached->tag))
        gtk_text_iter_backward_to_tag_toggle (&word_start, attached->tag);
      gtk_text_iter_forward_to_tag_toggle (&word_end, attached->tag);

      *start = gtk_text_iter_get_offset (&word_start);
      *end = gtk_text_iter_get_offset (&word_end);
      return gtk_text_iter_get_slice (&word_start, &word_end);
    }
  else
    {
      const char *text = gtk_editable_get_text (attached->editable);

      for (guint i = 0; i < attached->errors->len; i++)
        {
          const CdSpellSpan *span = &g_array_index (attached->errors, CdSpellSpan, i);
          int span_start = g_utf8_pointer_to_offset (text, text + span->start);
          int span_end = g_utf8_pointer_to_offset (text, text + span->end);

          if (cursor >= span_start && cursor <= span_end)
            {
              *start = span_start;
              *end = span_end;
              return g_strndup (text + span->start, span->end - span->start);
            }
        }
    }

  return NULL;
}

void
_cd_spell_attach_update_menu (Attached *attached)
{
  _cd_spell_attach_update_menu_full (attached, TRUE);
}

void
_cd_spell_attach_update_menu_full (Attached *attached,
                                   gboolean  suggest)
{
  CdSpellAttach *self = attached->self;
  g_autoptr(GMenu) suggestions_section = NULL;
  g_autoptr(GMenu) words_section = NULL;
  g_auto(GStrv) suggestions = NULL;
  g_autofree char *word = NULL;
  int start = 0;
  int end = 0;

  g_menu_remove_all (attached->menu);
  g_clear_pointer (&attached->menu_word, g_free);

  if (!self->enabled)
    return;

  /* The caret may have just come to a word not checked yet (a right
   * click on the word being typed): its line is checked first, the
   * rest of a long story is left to the idle checker. */
  _cd_spell_attach_check_at_cursor (attached);

  word = word_at_cursor (attached, &start, &end);
  if (word == NULL)
    return;

  if (attached->buffer != NULL)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, start);
      gtk_text_buffer_move_mark (attached->buffer, attached->menu_start, &iter);
      gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, end);
      gtk_text_buffer_move_mark (attached->buffer, attached->menu_end, &iter);
    }
  else
    {
      attached->word_start = start;
      attached->word_end = end;
    }
  attached->menu_word = g_strdup (word);

  suggestions_section = g_menu_new ();
  if (suggest)
    suggestions = cd_spell_checker_suggest (self->checker, attached->language, word, -1);
  for (guint i = 0; suggestions != NULL && suggestions[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

      g_menu_item_set_action_and_target (item, "spell.replace", "s", suggestions[i]);
      g_menu_append_item (suggestions_section, item);
    }
  if (suggestions != NULL && suggestions[0] == NULL)
    g_menu_append (suggestions_section, _("No Suggestions"), "spell.none");

  words_section = g_menu_new ();
  g_menu_append (words_section, _("Add to _Story Dictionary"), "spell.add-to-story");
  g_menu_append (words_section, _("Add to _Desk Dictionary"), "spell.add-to-desk");
  g_menu_append (words_section, _("_Ignore"), "spell.ignore");

  g_menu_append_section (attached->menu, NULL, G_MENU_MODEL (suggestions_section));
  g_menu_append_section (attached->menu, NULL, G_MENU_MODEL (words_section));

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (attached->actions), "add-to-story")),
                               self->article != NULL);
}

void
_cd_spell_attach_show_error (Attached     *attached,
                             const GError *error)
{
  GtkWidget *widget = attached->view != NULL ? GTK_WIDGET (attached->view) : GTK_WIDGET (attached->text);
  GtkWidget *overlay = widget != NULL ? gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* The word the menu was made for, if the text still holds it there. */
static gboolean
menu_word_bounds (Attached    *attached,
                  GtkTextIter *start,
                  GtkTextIter *end)
{
  g_autofree char *now = NULL;

  if (attached->menu_word == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (attached->buffer, start, attached->menu_start);
  gtk_text_buffer_get_iter_at_mark (attached->buffer, end, attached->menu_end);
  now = gtk_text_iter_get_slice (start, end);

  return g_str_equal (now, attached->menu_word);
}

static void
replace_in_buffer (Attached   *attached,
                   const char *replacement)
{
  GtkTextBuffer *buffer = attached->buffer;
  GtkTextIter start;
  GtkTextIter end;
  GSList *tags;
  int offset;
  int length;
  int new_length = g_utf8_strlen (replacement, -1);

  if (!menu_word_bounds (attached, &start, &end))
    return;

  tags = gtk_text_iter_get_tags (&start);
  tags = g_slist_remove (tags, attached->tag);
  offset = gtk_text_iter_get_offset (&start);
  length = gtk_text_iter_get_offset (&end) - offset;

  gtk_text_buffer_begin_user_action (buffer);

  /* Text inserted inside a tagged stretch takes its tags, so the
   * replacement goes in after the word's first character before the old
   * characters go: a bold or linked word stays so at every step, for a
   * view that writes its marks to the story on each change. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + 1);
  gtk_text_buffer_insert (buffer, &start, replacement, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + 1);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + new_length);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + new_length + length - 1);
  gtk_text_buffer_delete (buffer, &start, &end);

  /* A one-letter word has no inside: its tags are put back. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + new_length);
  for (GSList *l = tags; l != NULL; l = l->next)
    gtk_text_buffer_apply_tag (buffer, l->data, &start, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_end_user_action (buffer);

  g_slist_free (tags);
}

static void
replace_in_editable (Attached   *attached,
                     const char *replacement)
{
  g_autofree char *now = gtk_editable_get_chars (attached->editable, attached->word_start, attached->word_end);
  int position = attached->word_start;

  if (attached->menu_word == NULL || !g_str_equal (now, attached->menu_word))
    return;

  gtk_editable_delete_text (attached->editable, attached->word_start, attached->word_end);
  gtk_editable_insert_text (attached->editable, replacement, -1, &position);
  gtk_editable_set_position (attached->editable, position);
}

static void
replace_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  Attached *attached = user_data;
  CdHistory *history = attached->self->history;
  const char *replacement = g_variant_get_string (parameter, NULL);

  /* One undo step, never merged with the typing before or after. */
  if (history != NULL)
    {
      cd_history_break (history);
      cd_history_begin_group (history);
    }

  attached->typing = FALSE;
  if (attached->buffer != NULL)
    replace_in_buffer (attached, replacement);
  else
    replace_in_editable (attached, replacement);

  if (history != NULL)
    {
      cd_history_end_group (history);
      cd_history_break (history);
    }

  _cd_spell_attach_update_menu (attached);
}

static void
add_to_story_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  Attached *attached = user_data;

  if (attached->menu_word != NULL && attached->self->article != NULL)
    cd_article_add_dictionary_word (attached->self->article, attached->menu_word);
}

static void
add_to_desk_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Attached *attached = user_data;
  g_autoptr(GError) error = NULL;

  if (attached->menu_word == NULL)
    return;

  if (!cd_spell_checker_add_desk_word (attached->self->checker, attached->menu_word, &error))
    _cd_spell_attach_show_error (attached, error);
}

void
cd_spell_attach_ignore_word (CdSpellAttach *self,
                             const char    *word)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (word != NULL);

  g_ptr_array_add (self->ignored, g_strdup (word));
  cd_spell_checker_ignore_word (self->checker, word);
}

static void
ignore_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  Attached *attached = user_data;

  if (attached->menu_word != NULL)
    cd_spell_attach_ignore_word (attached->self, attached->menu_word);
}

static void
setup_menu (Attached  *attached,
            GtkWidget *widget)
{
  static const GActionEntry entries[] = {
    { "replace", replace_action_cb, "s" },
    { "add-to-story", add_to_story_action_cb },
    { "add-to-desk", add_to_desk_action_cb },
    { "ignore", ignore_action_cb },
    { "none", NULL },
  };

  attached->menu = g_menu_new ();
  attached->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (attached->actions), entries,
                                   G_N_ELEMENTS (entries), attached);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (attached->actions), "none")),
                               FALSE);
  gtk_widget_insert_action_group (widget, "spell", G_ACTION_GROUP (attached->actions));
}

/* A right click puts the caret on the word clicked, so the menu is for
 * that word; the view's own handler then opens the menu. */
static void
view_right_click_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     Attached        *attached)
{
  GtkTextIter iter;
  GtkTextIter selection_start;
  GtkTextIter selection_end;
  int buffer_x;
  int buffer_y;

  if (attached->view == NULL)
    return;

  gtk_text_view_window_to_buffer_coords (attached->view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &buffer_x, &buffer_y);
  gtk_text_view_get_iter_at_location (attached->view, &iter, buffer_x, buffer_y);

  if (!gtk_text_buffer_get_selection_bounds (attached->buffer, &selection_start, &selection_end) ||
      !gtk_text_iter_in_range (&iter, &selection_start, &selection_end))
    gtk_text_buffer_place_cursor (attached->buffer, &iter);

  _cd_spell_attach_update_menu (attached);
}

static void
text_right_click_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     Attached        *attached)
{
  const char *text = gtk_editable_get_text (attached->editable);
  g_autoptr(PangoLayout) layout = NULL;
  int start;
  int end;
  int index;
  int trailing;

  /* GtkText has no call for the position under the pointer: a layout of
   * the same text in the same font finds it (fields this short do not
   * scroll). */
  if (!gtk_editable_get_selection_bounds (attached->editable, &start, &end))
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (attached->text), text);
      pango_layout_xy_to_index (layout, (int) (x * PANGO_SCALE), 0, &index, &trailing);
      gtk_editable_set_position (attached->editable,
                                 g_utf8_pointer_to_offset (text, text + index) + trailing);
    }

  _cd_spell_attach_update_menu (attached);
}

/* The Menu key and Shift+F10: the menu is made for the word at the
 * caret, and the key goes on to the widget, which opens it. */
static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  _cd_spell_attach_update_menu (user_data);

  return FALSE;
}

static void
add_menu_controllers (Attached  *attached,
                      GtkWidget *widget,
                      GCallback  right_click_cb)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", right_click_cb, attached);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  attached->click = GTK_EVENT_CONTROLLER (click);

  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Menu|<Shift>F10"),
                               gtk_callback_action_new (menu_key_cb, attached, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (widget, keys);
  attached->keys = keys;
}

void
_cd_spell_attach_add_menu (Attached *attached)
{
  if (attached->view != NULL)
    {
      setup_menu (attached, GTK_WIDGET (attached->view));
      gtk_text_view_set_extra_menu (attached->view, G_MENU_MODEL (attached->menu));
      add_menu_controllers (attached, GTK_WIDGET (attached->view), G_CALLBACK (view_right_click_cb));
    }
  else
    {
      setup_menu (attached, GTK_WIDGET (attached->text));
      gtk_text_set_extra_menu (attached->text, G_MENU_MODEL (attached->menu));
      add_menu_controllers (attached, GTK_WIDGET (attached->text), G_CALLBACK (text_right_click_cb));
    }
}
