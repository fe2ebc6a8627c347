/* cd-story-fields.c: headline, subheadline, bylines and dateline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-fields"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-date-picker.h"
#include "cd-smart-typing.h"
#include "cd-spell-attach.h"
#include "cd-story-fields-private.h"

typedef struct
{
  GtkWidget   *box;
  GtkEditable *name;
  GtkEditable *title;
} BylineRow;

struct _CdStoryFields
{
  GtkWidget      parent_instance;

  GtkTextView   *headline_view;
  GtkWidget     *headline_placeholder;
  GtkTextView   *subheadline_view;
  GtkWidget     *subheadline_placeholder;
  GtkBox        *bylines_box;
  GtkWidget     *add_byline_button;
  GtkEditable   *place_entry;
  GtkEditable   *source_entry;
  GtkEditable   *date_entry;
  CdDatePicker  *date_picker;

  GPtrArray     *byline_rows;

  CdArticle     *article;
  CdHistory     *history;
  CdSmartTyping *smart_typing;
  /* Checks the spelling of every field, the bylines as they are made. */
  CdSpellAttach *spell;

  GtkRoot       *root;
  gboolean       headline_focused;
  int            last_width;
  /* The headline the slug was last suggested for. */
  char          *slug_base;
  /* The dateline date last shown, so a date being typed (still invalid,
   * so not in the model) is not overwritten by an edit of the place. */
  char          *shown_date;
  /* Set while the model is copied into the widgets, so their change
   * signals are not taken for edits. */
  guint          updating;
};

G_DEFINE_FINAL_TYPE (CdStoryFields, cd_story_fields, GTK_TYPE_WIDGET)

static void
byline_row_free (BylineRow *row)
{
  g_free (row);
}

static char *
buffer_get_all_text (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
not_null (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

static void
set_editable_text (CdStoryFields *self,
                   GtkEditable   *editable,
                   const char    *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), not_null (text)) == 0)
    return;

  self->updating++;
  gtk_editable_set_text (editable, not_null (text));
  self->updating--;
}

static gboolean
queue_resize_cb (gpointer user_data)
{
  gtk_widget_queue_resize (user_data);

  return G_SOURCE_REMOVE;
}

static void
set_view_text (CdStoryFields *self,
               GtkTextView   *view,
               const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *current = buffer_get_all_text (buffer);

  if (g_strcmp0 (current, not_null (text)) == 0)
    return;

  self->updating++;
  gtk_text_buffer_set_text (buffer, not_null (text), -1);
  self->updating--;

  /* The view measures the new text only once its lines are laid out,
   * which it does when idle, without asking for a new size then. */
  g_idle_add_full (G_PRIORITY_LOW, queue_resize_cb, g_object_ref (view), g_object_unref);
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\r' || c == '\n' || c == 0x2028 || c == 0x2029;
}

/* Headlines are one paragraph: pasted lines are joined with single
 * spaces, and a break at either end of the paste adds no space where
 * there is nothing, or a space already, to separate. */
static char *
join_lines (const char *text,
            gsize       length,
            gboolean    space_before)
{
  GString *joined = g_string_sized_new (length);
  const char *end = text + length;
  gboolean pending_break = FALSE;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_break (c))
        {
          while (joined->len > 0 &&
                 (joined->str[joined->len - 1] == ' ' || joined->str[joined->len - 1] == '\t'))
            g_string_truncate (joined, joined->len - 1);
          pending_break = TRUE;
          continue;
        }

      if (pending_break)
        {
          if (c == ' ' || c == '\t')
            continue;
          if (joined->len > 0 || space_before)
            g_string_append_c (joined, ' ');
          pending_break = FALSE;
        }

      g_string_append_unichar (joined, c);
    }

  return g_string_free (joined, FALSE);
}

static void
single_line_insert_text_cb (GtkTextBuffer *buffer,
                            GtkTextIter   *location,
                            const char    *text,
                            int            length,
                            gpointer       user_data)
{
  g_autofree char *joined = NULL;
  gsize n = length < 0 ? strlen (text) : (gsize) length;
  gboolean has_break = FALSE;
  gboolean space_before = FALSE;
  GtkTextIter before = *location;

  for (const char *p = text; p < text + n && !has_break; p = g_utf8_next_char (p))
    has_break = is_line_break (g_utf8_get_char (p));

  if (!has_break)
    return;

  if (gtk_text_iter_backward_char (&before))
    space_before = !g_unichar_isspace (gtk_text_iter_get_char (&before));

  joined = join_lines (text, n, space_before);
  g_signal_stop_emission_by_name (buffer, "insert-text");
  /* The nested insertion revalidates @location, as the handler must. */
  gtk_text_buffer_insert (buffer, location, joined, -1);
}

static gboolean
is_enter_key (guint keyval)
{
  return keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;
}

static GtkWidget *
field_after_subheadline (CdStoryFields *self)
{
  if (self->byline_rows->len > 0)
    return GTK_WIDGET (((BylineRow *) g_ptr_array_index (self->byline_rows, 0))->name);

  return GTK_WIDGET (self->place_entry);
}

static gboolean
headline_key_pressed_cb (CdStoryFields         *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (!is_enter_key (keyval))
    return FALSE;

  /* Enter ends the field as in a form; a headline never holds a newline. */
  if (view == GTK_WIDGET (self->headline_view))
    gtk_widget_grab_focus (GTK_WIDGET (self->subheadline_view));
  else
    gtk_widget_grab_focus (field_after_subheadline (self));

  return TRUE;
}

static void
update_placeholders (CdStoryFields *self)
{
  gtk_widget_set_visible (self->headline_placeholder,
                          gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->headline_view)) == 0);
  gtk_widget_set_visible (self->subheadline_placeholder,
                          gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->subheadline_view)) == 0);
}

static void
headline_buffer_changed_cb (CdStoryFields *self,
                            GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;

  update_placeholders (self);

  if (self->updating > 0 || self->article == NULL)
    return;

  text = buffer_get_all_text (buffer);
  cd_article_set_field (self->article, CD_ARTICLE_FIELD_HEADLINE, text);
}

static void
subheadline_buffer_changed_cb (CdStoryFields *self,
                               GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;

  update_placeholders (self);

  if (self->updating > 0 || self->article == NULL)
    return;

  text = buffer_get_all_text (buffer);
  cd_article_set_field (self->article, CD_ARTICLE_FIELD_SUBHEADLINE, text[0] != '\0' ? text : NULL);
}

static void
headline_changed_cb (CdStoryFields *self)
{
  set_view_text (self, self->headline_view, cd_article_get_headline (self->article));
}

static void
subheadline_changed_cb (CdStoryFields *self)
{
  set_view_text (self, self->subheadline_view,
                 cd_article_get_field (self->article, CD_ARTICLE_FIELD_SUBHEADLINE));
}

/* Bylines */

static GPtrArray *
copy_bylines (CdStoryFields *self)
{
  GPtrArray *bylines = cd_article_get_bylines (self->article);
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);

  for (guint i = 0; i < bylines->len; i++)
    g_ptr_array_add (copy, cd_byline_copy (g_ptr_array_index (bylines, i)));

  return copy;
}

static void
byline_entry_changed_cb (CdStoryFields *self,
                         GtkEditable   *editable)
{
  g_autoptr(GPtrArray) bylines = NULL;
  CdByline *byline;

  if (self->updating > 0 || self->article == NULL)
    return;

  bylines = copy_bylines (self);

  for (guint i = 0; i < self->byline_rows->len && i < bylines->len; i++)
    {
      BylineRow *row = g_ptr_array_index (self->byline_rows, i);

      byline = g_ptr_array_index (bylines, i);
      if (editable == row->name)
        {
          g_free (byline->name);
          byline->name = g_strdup (gtk_editable_get_text (editable));
        }
      else if (editable == row->title)
        {
          g_free (byline->title);
          byline->title = g_strdup (gtk_editable_get_text (editable));
        }
      else
        continue;

      cd_article_set_bylines (self->article, bylines);
      return;
    }
}

static GMenuModel *
byline_menu_new (guint position,
                 guint n_bylines)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) moves = g_menu_new ();
  g_autoptr(GMenu) removal = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  /* Only the moves that can happen are offered. */
  if (position > 0)
    {
      item = g_menu_item_new (_("Move _Up"), NULL);
      g_menu_item_set_action_and_target (item, "fields.move-byline-up", "u", position);
      g_menu_append_item (moves, item);
      g_clear_object (&item);
    }
  if (position + 1 < n_bylines)
    {
      item = g_menu_item_new (_("Move _Down"), NULL);
      g_menu_item_set_action_and_target (item, "fields.move-byline-down", "u", position);
      g_menu_append_item (moves, item);
      g_clear_object (&item);
    }

  item = g_menu_item_new (_("_Remove Byline"), NULL);
  g_menu_item_set_action_and_target (item, "fields.remove-byline", "u", position);
  g_menu_append_item (removal, item);

  if (g_menu_model_get_n_items (G_MENU_MODEL (moves)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (moves));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (removal));

  return G_MENU_MODEL (menu);
}

static GtkEditable *
byline_entry_new (CdStoryFields *self,
                  const char    *placeholder,
                  const char    *accessible_name)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (byline_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* "O'Brien" gets its apostrophe. */
  cd_smart_typing_attach_editable (self->smart_typing, GTK_EDITABLE (entry));
  if (self->spell != NULL)
    cd_spell_attach_editable (self->spell, GTK_EDITABLE (entry));

  return GTK_EDITABLE (entry);
}

static BylineRow *
byline_row_new (CdStoryFields *self,
                guint          position,
                guint          n_bylines)
{
  BylineRow *row = g_new0 (BylineRow, 1);
  g_autoptr(GMenuModel) menu = byline_menu_new (position, n_bylines);
  GtkWidget *button;

  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (row->box, "byline-row");

  row->name = byline_entry_new (self, _("Name"), _("Byline name"));
  row->title = byline_entry_new (self, _("Title"), _("Byline title"));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Byline Options"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Byline options"),
                                  -1);

  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->name));
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (row->box), button);

  return row;
}

static void
rebuild_byline_rows (CdStoryFields *self)
{
  GPtrArray *bylines = self->article != NULL ? cd_article_get_bylines (self->article) : NULL;
  guint n = bylines != NULL ? bylines->len : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bylines_box))) != NULL)
    gtk_box_remove (self->bylines_box, child);
  g_ptr_array_set_size (self->byline_rows, 0);

  self->updating++;
  for (guint i = 0; i < n; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);
      BylineRow *row = byline_row_new (self, i, n);

      gtk_editable_set_text (row->name, not_null (byline->name));
      gtk_editable_set_text (row->title, not_null (byline->title));
      gtk_box_append (self->bylines_box, row->box);
      g_ptr_array_add (self->byline_rows, row);
    }
  self->updating--;

  gtk_widget_set_visible (GTK_WIDGET (self->bylines_box), n > 0);
}

static void
bylines_changed_cb (CdStoryFields *self)
{
  GPtrArray *bylines = cd_article_get_bylines (self->article);

  if (bylines->len != self->byline_rows->len)
    {
      rebuild_byline_rows (self);
      return;
    }

  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);
      BylineRow *row = g_ptr_array_index (self->byline_rows, i);

      set_editable_text (self, row->name, byline->name);
      set_editable_text (self, row->title, byline->title);
    }
}

static void
focus_byline (CdStoryFields *self,
              guint          position)
{
  if (position < self->byline_rows->len)
    gtk_widget_grab_focus (GTK_WIDGET (((BylineRow *) g_ptr_array_index (self->byline_rows, position))->name));
  else
    gtk_widget_grab_focus (self->add_byline_button);
}

/* Adding, removing and moving a byline are steps of their own, never
 * merged with typing in a byline just before or after. */
static void
replace_bylines (CdStoryFields *self,
                 GPtrArray     *bylines)
{
  if (self->history != NULL)
    cd_history_break (self->history);
  cd_article_set_bylines (self->article, bylines);
  if (self->history != NULL)
    cd_history_break (self->history);
}

static void
add_byline_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdStoryFields *self = CD_STORY_FIELDS (widget);
  g_autoptr(GPtrArray) bylines = NULL;

  if (self->article == NULL)
    return;

  bylines = copy_bylines (self);
  g_ptr_array_add (bylines, cd_byline_new ("", ""));
  replace_bylines (self, bylines);
  focus_byline (self, bylines->len - 1);
}

static void
remove_byline_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdStoryFields *self = CD_STORY_FIELDS (widget);
  g_autoptr(GPtrArray) bylines = NULL;
  guint position = g_variant_get_uint32 (parameter);

  if (self->article == NULL)
    return;

  bylines = copy_bylines (self);
  if (position >= bylines->len)
    return;

  g_ptr_array_remove_index (bylines, position);
  replace_bylines (self, bylines);
  focus_byline (self, bylines->len > 0 ? MIN (position, bylines->len - 1) : 0);
}

static void
move_byline (CdStoryFields *self,
             guint          from,
             guint          to)
{
  g_autoptr(GPtrArray) bylines = NULL;
  gpointer moved;

  if (self->article == NULL)
    return;

  bylines = copy_bylines (self);
  if (from >= bylines->len || to >= bylines->len)
    return;

  moved = g_ptr_array_index (bylines, from);
  g_ptr_array_index (bylines, from) = g_ptr_array_index (bylines, to);
  g_ptr_array_index (bylines, to) = moved;
  replace_bylines (self, bylines);
  focus_byline (self, to);
}

static void
move_byline_up_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  guint position = g_variant_get_uint32 (parameter);

  if (position > 0)
    move_byline (CD_STORY_FIELDS (widget), position, position - 1);
}

static void
move_byline_down_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  guint position = g_variant_get_uint32 (parameter);

  move_byline (CD_STORY_FIELDS (widget), position, position + 1);
}

/* Dateline */

static void
show_date_validity (CdStoryFields *self,
                    gboolean       valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->date_entry), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->date_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

static void
dateline_entry_changed_cb (CdStoryFields *self,
                           GtkEditable   *editable)
{
  const CdDateline *current;
  g_autoptr(CdDateline) dateline = NULL;
  const char *text = gtk_editable_get_text (editable);

  if (editable == self->date_entry)
    {
      g_autofree char *date = cd_date_parse_user (text);

      show_date_validity (self, text[0] == '\0' || date != NULL);
    }

  if (self->updating > 0 || self->article == NULL)
    return;

  current = cd_article_get_dateline (self->article);
  dateline = current != NULL ? cd_dateline_copy (current) : cd_dateline_new ("", "", NULL);

  if (editable == self->place_entry)
    {
      g_free (dateline->place);
      dateline->place = g_strdup (text);
    }
  else if (editable == self->source_entry)
    {
      g_free (dateline->source);
      dateline->source = g_strdup (text);
    }
  else
    {
      /* Only a real date reaches the story, always as YYYY-MM-DD; the
       * field shows the error. */
      g_autofree char *date = cd_date_parse_user (text);

      if (text[0] != '\0' && date == NULL)
        return;

      g_free (dateline->date);
      dateline->date = g_steal_pointer (&date);
      g_free (self->shown_date);
      self->shown_date = g_strdup (dateline->date);
    }

  if (is_blank (dateline->place) && is_blank (dateline->source) && is_blank (dateline->date))
    cd_article_set_dateline (self->article, NULL);
  else
    cd_article_set_dateline (self->article, dateline);
}

static void
date_picked_cb (CdStoryFields *self,
                const char    *date)
{
  /* Typed into the field, the date goes the way a typed one does. */
  gtk_editable_set_text (self->date_entry, date);
}

static void
dateline_changed_cb (CdStoryFields *self)
{
  const CdDateline *dateline = self->article != NULL ? cd_article_get_dateline (self->article) : NULL;
  const char *date = dateline != NULL ? dateline->date : NULL;

  set_editable_text (self, self->place_entry, dateline != NULL ? dateline->place : NULL);
  set_editable_text (self, self->source_entry, dateline != NULL ? dateline->source : NULL);

  cd_date_picker_set_value (self->date_picker, date);

  if (is_blank (date) && is_blank (self->shown_date))
    return;

  if (g_strcmp0 (date, self->shown_date) != 0)
    {
      set_editable_text (self, self->date_entry, date);
      show_date_validity (self, TRUE);
      g_free (self->shown_date);
      self->shown_date = g_strdup (date);
    }
}

/* Slug */

void
cd_story_fields_commit_slug (CdStoryFields *self)
{
  g_autofree char *previous = NULL;
  const char *headline;
  const char *slug;

  g_return_if_fail (CD_IS_STORY_FIELDS (self));

  if (self->article == NULL)
    return;

  headline = cd_article_get_headline (self->article);
  if (g_strcmp0 (headline, self->slug_base) == 0)
    return;

  slug = cd_article_get_field (self->article, CD_ARTICLE_FIELD_SLUG);
  previous = cd_slug_from_headline (not_null (self->slug_base));

  if (is_blank (slug) || g_str_equal (slug, previous))
    {
      g_autofree char *suggestion = cd_slug_from_headline (headline);

      cd_article_set_field (self->article, CD_ARTICLE_FIELD_SLUG,
                            suggestion[0] != '\0' ? suggestion : NULL);
    }

  g_free (self->slug_base);
  self->slug_base = g_strdup (headline);
}

static void
focus_widget_changed_cb (CdStoryFields *self)
{
  GtkWidget *focus = gtk_root_get_focus (self->root);
  gboolean in_headline = focus != NULL &&
                         (focus == GTK_WIDGET (self->headline_view) ||
                          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->headline_view)));

  /* Leaving the headline, not each keystroke, updates the slug, so typing
   * the headline stays one undo step. */
  if (self->headline_focused && !in_headline)
    cd_story_fields_commit_slug (self);

  self->headline_focused = in_headline;
}

static void
cd_story_fields_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CdStoryFields *self = CD_STORY_FIELDS (widget);

  GTK_WIDGET_CLASS (cd_story_fields_parent_class)->size_allocate (widget, width, height, baseline);

  /* A text view measures its height at the width it last had: at a new
   * width it wraps anew, when idle, and then needs measuring again. */
  if (width != self->last_width)
    {
      self->last_width = width;
      g_idle_add_full (G_PRIORITY_LOW, queue_resize_cb, g_object_ref (self->headline_view), g_object_unref);
      g_idle_add_full (G_PRIORITY_LOW, queue_resize_cb, g_object_ref (self->subheadline_view), g_object_unref);
    }
}

static void
cd_story_fields_root (GtkWidget *widget)
{
  CdStoryFields *self = CD_STORY_FIELDS (widget);

  GTK_WIDGET_CLASS (cd_story_fields_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  g_signal_connect_object (self->root, "notify::focus-widget",
                           G_CALLBACK (focus_widget_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
cd_story_fields_unroot (GtkWidget *widget)
{
  CdStoryFields *self = CD_STORY_FIELDS (widget);

  if (self->root != NULL)
    g_signal_handlers_disconnect_by_func (self->root, focus_widget_changed_cb, self);
  self->root = NULL;
  self->headline_focused = FALSE;

  GTK_WIDGET_CLASS (cd_story_fields_parent_class)->unroot (widget);
}

static void
disconnect_article (CdStoryFields *self)
{
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_clear_object (&self->article);
  g_clear_object (&self->history);
}

static void
cd_story_fields_dispose (GObject *object)
{
  CdStoryFields *self = CD_STORY_FIELDS (object);
  GtkWidget *child;

  disconnect_article (self);
  g_clear_object (&self->spell);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_STORY_FIELDS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cd_story_fields_parent_class)->dispose (object);
}

static void
cd_story_fields_finalize (GObject *object)
{
  CdStoryFields *self = CD_STORY_FIELDS (object);

  g_clear_pointer (&self->byline_rows, g_ptr_array_unref);
  g_clear_pointer (&self->slug_base, g_free);
  g_clear_pointer (&self->shown_date, g_free);
  g_clear_object (&self->smart_typing);

  G_OBJECT_CLASS (cd_story_fields_parent_class)->finalize (object);
}

static void
cd_story_fields_class_init (CdStoryFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_story_fields_dispose;
  object_class->finalize = cd_story_fields_finalize;

  widget_class->size_allocate = cd_story_fields_size_allocate;
  widget_class->root = cd_story_fields_root;
  widget_class->unroot = cd_story_fields_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-story-fields.ui");
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, headline_view);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, headline_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, subheadline_view);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, subheadline_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, bylines_box);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, add_byline_button);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, place_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, source_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStoryFields, date_entry);

  gtk_widget_class_install_action (widget_class, "fields.add-byline", NULL, add_byline_action);
  gtk_widget_class_install_action (widget_class, "fields.remove-byline", "u", remove_byline_action);
  gtk_widget_class_install_action (widget_class, "fields.move-byline-up", "u", move_byline_up_action);
  gtk_widget_class_install_action (widget_class, "fields.move-byline-down", "u", move_byline_down_action);

  gtk_widget_class_set_css_name (widget_class, "storyfields");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

void
_cd_story_fields_keep_single_line (GtkTextBuffer *buffer)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  g_signal_connect (buffer, "insert-text", G_CALLBACK (single_line_insert_text_cb), NULL);
}

/* Enter in a wrapping field ends it, as in a form, and moves on. */
static gboolean
wrapping_field_key_pressed_cb (GtkEventControllerKey *controller,
                               guint                  keyval,
                               guint                  keycode,
                               GdkModifierType        state)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (!is_enter_key (keyval))
    return FALSE;

  gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (view)), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

void
_cd_story_fields_setup_wrapping_text (GtkTextView *view)
{
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (view), "lead-field");
  /* Ctrl+Z belongs to the story's history, not to one field. */
  gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (view), FALSE);
}

void
_cd_story_fields_setup_wrapping_field (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  keys = gtk_event_controller_key_new ();
  _cd_story_fields_setup_wrapping_text (view);
  /* A caption is one paragraph of the page. */
  _cd_story_fields_keep_single_line (buffer);
  /* Before the view's own handler, which would insert a newline. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (wrapping_field_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (view), keys);
}

static void
setup_single_line_view (CdStoryFields *self,
                        GtkTextView   *view,
                        GCallback      changed_cb)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* Ctrl+Z belongs to the story's history, not to one field. */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  _cd_story_fields_keep_single_line (buffer);
  g_signal_connect_object (buffer, "changed", changed_cb, self, G_CONNECT_SWAPPED);

  /* Before the view's own handler, which would insert a newline. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (headline_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), keys);
}

static void
cd_story_fields_init (CdStoryFields *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->byline_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_row_free);

  setup_single_line_view (self, self->headline_view, G_CALLBACK (headline_buffer_changed_cb));
  setup_single_line_view (self, self->subheadline_view, G_CALLBACK (subheadline_buffer_changed_cb));

  self->smart_typing = cd_smart_typing_new ();
  cd_smart_typing_attach (self->smart_typing, gtk_text_view_get_buffer (self->headline_view));
  cd_smart_typing_attach (self->smart_typing, gtk_text_view_get_buffer (self->subheadline_view));
  cd_smart_typing_attach_editable (self->smart_typing, self->place_entry);
  cd_smart_typing_attach_editable (self->smart_typing, self->source_entry);

  g_signal_connect_object (self->place_entry, "changed",
                           G_CALLBACK (dateline_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_entry, "changed",
                           G_CALLBACK (dateline_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_entry, "changed",
                           G_CALLBACK (dateline_entry_changed_cb), self, G_CONNECT_SWAPPED);

  self->date_picker = CD_DATE_PICKER (cd_date_picker_new (FALSE));
  gtk_widget_insert_after (GTK_WIDGET (self->date_picker),
                           gtk_widget_get_parent (GTK_WIDGET (self->date_entry)),
                           GTK_WIDGET (self->date_entry));
  g_signal_connect_object (self->date_picker, "picked",
                           G_CALLBACK (date_picked_cb), self, G_CONNECT_SWAPPED);

  rebuild_byline_rows (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.add-byline", FALSE);
}

GtkWidget *
cd_story_fields_new (void)
{
  return g_object_new (CD_TYPE_STORY_FIELDS, NULL);
}

void
cd_story_fields_set_article (CdStoryFields *self,
                             CdArticle     *article,
                             CdHistory     *history)
{
  g_return_if_fail (CD_IS_STORY_FIELDS (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  disconnect_article (self);
  cd_smart_typing_set_article (self->smart_typing, article, history);

  if (article != NULL)
    {
      self->article = g_object_ref (article);
      self->history = history != NULL ? g_object_ref (history) : NULL;

      g_signal_connect_object (article, "field-changed::headline",
                               G_CALLBACK (headline_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed::subheadline",
                               G_CALLBACK (subheadline_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed::bylines",
                               G_CALLBACK (bylines_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed::dateline",
                               G_CALLBACK (dateline_changed_cb), self, G_CONNECT_SWAPPED);
    }

  g_free (self->slug_base);
  self->slug_base = article != NULL ? g_strdup (cd_article_get_headline (article)) : NULL;
  g_clear_pointer (&self->shown_date, g_free);

  set_view_text (self, self->headline_view, article != NULL ? cd_article_get_headline (article) : NULL);
  set_view_text (self, self->subheadline_view,
                 article != NULL ? cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE) : NULL);
  rebuild_byline_rows (self);

  /* The date entry is set even when it shows an unfinished date. */
  self->updating++;
  gtk_editable_set_text (self->date_entry, "");
  self->updating--;
  show_date_validity (self, TRUE);
  dateline_changed_cb (self);
  update_placeholders (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.add-byline", article != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), article != NULL);
}

void
cd_story_fields_set_spell (CdStoryFields *self,
                           CdSpellAttach *spell)
{
  g_return_if_fail (CD_IS_STORY_FIELDS (self));
  g_return_if_fail (CD_IS_SPELL_ATTACH (spell));

  g_set_object (&self->spell, spell);
  cd_spell_attach_text_view (spell, self->headline_view);
  cd_spell_attach_text_view (spell, self->subheadline_view);
  cd_spell_attach_editable (spell, self->place_entry);
  for (guint i = 0; i < self->byline_rows->len; i++)
    {
      BylineRow *row = g_ptr_array_index (self->byline_rows, i);

      cd_spell_attach_editable (spell, row->name);
      cd_spell_attach_editable (spell, row->title);
    }
}

CdDatePicker *
_cd_story_fields_get_date_picker (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->date_picker;
}

CdArticle *
cd_story_fields_get_article (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->article;
}

void
cd_story_fields_focus_headline (CdStoryFields *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (CD_IS_STORY_FIELDS (self));

  buffer = gtk_text_view_get_buffer (self->headline_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->headline_view));
}

GtkTextView *
_cd_story_fields_get_headline (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->headline_view;
}

GtkTextView *
_cd_story_fields_get_subheadline (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->subheadline_view;
}

guint
_cd_story_fields_get_n_bylines (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), 0);

  return self->byline_rows->len;
}

GtkEditable *
_cd_story_fields_get_byline_name (CdStoryFields *self,
                                  guint          position)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);
  g_return_val_if_fail (position < self->byline_rows->len, NULL);

  return ((BylineRow *) g_ptr_array_index (self->byline_rows, position))->name;
}

GtkEditable *
_cd_story_fields_get_byline_title (CdStoryFields *self,
                                   guint          position)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);
  g_return_val_if_fail (position < self->byline_rows->len, NULL);

  return ((BylineRow *) g_ptr_array_index (self->byline_rows, position))->title;
}

GtkEditable *
_cd_story_fields_get_dateline_place (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->place_entry;
}

GtkEditable *
_cd_story_fields_get_dateline_source (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->source_entry;
}

GtkEditable *
_cd_story_fields_get_dateline_date (CdStoryFields *self)
{
  g_return_val_if_fail (CD_IS_STORY_FIELDS (self), NULL);

  return self->date_entry;
}
