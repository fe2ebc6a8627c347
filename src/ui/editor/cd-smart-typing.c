/* cd-smart-typing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-smart-typing"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "cd-application.h"
#include "cd-house-style.h"
#include "cd-smart-typing.h"

struct _CdSmartTyping
{
  GObject     parent_instance;

  GSettings  *settings;
  CdArticle  *article;
  CdHistory  *history;
  guint       replacing;
};

G_DEFINE_FINAL_TYPE (CdSmartTyping, cd_smart_typing, G_TYPE_OBJECT)

/* How deep each buffer is in a user action, kept on the buffer: a key
 * typed into a GtkTextView is inserted inside one, text set by the
 * program is not. */
#define USER_ACTION_KEY "cd-smart-typing-user-action"

static void
begin_user_action_cb (GtkTextBuffer *buffer)
{
  guint depth = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (buffer), USER_ACTION_KEY));

  g_object_set_data (G_OBJECT (buffer), USER_ACTION_KEY, GUINT_TO_POINTER (depth + 1));
}

static void
end_user_action_cb (GtkTextBuffer *buffer)
{
  guint depth = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (buffer), USER_ACTION_KEY));

  g_object_set_data (G_OBJECT (buffer), USER_ACTION_KEY, GUINT_TO_POINTER (depth > 0 ? depth - 1 : 0));
}

/* The replacement of @c typed in a field whose text before the typed
 * character is @before, or NULL; *@n_before as cd_typography_replace(). */
static char *
replacement_for (CdSmartTyping *self,
                 const char    *before,
                 gunichar       c,
                 guint         *n_before)
{
  g_autofree char *house_style = NULL;

  if (self->replacing > 0 || self->article == NULL || self->history == NULL ||
      cd_history_is_applying (self->history) ||
      !g_settings_get_boolean (self->settings, "smart-typing"))
    return NULL;

  house_style = g_settings_get_string (self->settings, "house-style");
  return cd_typography_replace (cd_article_get_field (self->article, CD_ARTICLE_FIELD_LANGUAGE),
                                cd_dash_rule_from_stylesheet (cd_house_style_get_stylesheet (house_style)),
                                before, c, n_before);
}

static void
insert_text_after_cb (CdSmartTyping *self,
                      GtkTextIter   *location,
                      const char    *text,
                      int            length,
                      GtkTextBuffer *buffer)
{
  g_autofree char *before = NULL;
  g_autofree char *replacement = NULL;
  g_autoptr(GSList) tags = NULL;
  GtkTextMark *end_mark;
  GtkTextIter line_start;
  GtkTextIter typed_start;
  GtkTextIter start;
  gsize n = length < 0 ? strlen (text) : (gsize) length;
  guint n_before = 0;
  int start_offset;

  if (g_object_get_data (G_OBJECT (buffer), USER_ACTION_KEY) == NULL ||
      n == 0 || g_utf8_next_char (text) != text + n)
    return;

  typed_start = *location;
  if (!gtk_text_iter_backward_char (&typed_start))
    return;
  line_start = typed_start;
  gtk_text_iter_set_line_offset (&line_start, 0);
  before = gtk_text_iter_get_slice (&line_start, &typed_start);

  replacement = replacement_for (self, before, g_utf8_get_char (text), &n_before);
  if (replacement == NULL)
    return;

  start = typed_start;
  for (guint i = 0; i < n_before; i++)
    gtk_text_iter_backward_char (&start);
  start_offset = gtk_text_iter_get_offset (&start);
  /* The new marks take the formatting the typed one had. */
  tags = gtk_text_iter_get_tags (&typed_start);
  end_mark = gtk_text_buffer_create_mark (buffer, NULL, location, FALSE);

  self->replacing++;
  /* The typed character is already in the story; the replacement is a
   * step of its own, and what is typed next starts another. */
  cd_history_begin_group (self->history);
  gtk_text_buffer_delete (buffer, &start, location);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_insert (buffer, &start, replacement, -1);
  if (tags != NULL)
    {
      GtkTextIter tag_start;

      gtk_text_buffer_get_iter_at_offset (buffer, &tag_start, start_offset);
      for (GSList *l = tags; l != NULL; l = l->next)
        gtk_text_buffer_apply_tag (buffer, l->data, &tag_start, &start);
    }
  cd_history_end_group (self->history);
  self->replacing--;

  /* The handler must leave @location valid, after the new text. */
  gtk_text_buffer_get_iter_at_mark (buffer, location, end_mark);
  gtk_text_buffer_delete_mark (buffer, end_mark);
}

/* An entry has no user actions to tell typing from text the program
 * sets; a single character inserted while the entry has the focus is a
 * key press (the program sets whole texts). */
static void
editable_insert_text_after_cb (CdSmartTyping *self,
                               const char    *text,
                               int            length,
                               int           *position,
                               GtkEditable   *editable)
{
  g_autofree char *before = NULL;
  g_autofree char *replacement = NULL;
  gsize n = length < 0 ? strlen (text) : (gsize) length;
  guint n_before = 0;
  int typed_start = *position - 1;
  int start;

  if (n == 0 || g_utf8_next_char (text) != text + n || typed_start < 0 ||
      !gtk_widget_has_focus (GTK_WIDGET (editable)))
    return;

  before = gtk_editable_get_chars (editable, 0, typed_start);
  replacement = replacement_for (self, before, g_utf8_get_char (text), &n_before);
  if (replacement == NULL)
    return;

  start = typed_start - (int) MIN (n_before, (guint) typed_start);

  self->replacing++;
  cd_history_begin_group (self->history);
  gtk_editable_delete_text (editable, start, *position);
  gtk_editable_insert_text (editable, replacement, -1, &start);
  cd_history_end_group (self->history);
  self->replacing--;

  /* The caller puts the caret at @position, after the new text. */
  *position = start;
}

static void
cd_smart_typing_dispose (GObject *object)
{
  CdSmartTyping *self = CD_SMART_TYPING (object);

  g_clear_object (&self->article);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cd_smart_typing_parent_class)->dispose (object);
}

static void
cd_smart_typing_class_init (CdSmartTypingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_smart_typing_dispose;
}

static void
cd_smart_typing_init (CdSmartTyping *self)
{
  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
}

CdSmartTyping *
cd_smart_typing_new (void)
{
  return g_object_new (CD_TYPE_SMART_TYPING, NULL);
}

void
cd_smart_typing_set_article (CdSmartTyping *self,
                             CdArticle     *article,
                             CdHistory     *history)
{
  g_return_if_fail (CD_IS_SMART_TYPING (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  g_set_object (&self->article, article);
  g_set_object (&self->history, history);
}

void
cd_smart_typing_attach (CdSmartTyping *self,
                        GtkTextBuffer *buffer)
{
  g_return_if_fail (CD_IS_SMART_TYPING (self));
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  if (g_object_get_data (G_OBJECT (buffer), "cd-smart-typing-watched") == NULL)
    {
      g_object_set_data (G_OBJECT (buffer), "cd-smart-typing-watched", GINT_TO_POINTER (1));
      g_signal_connect (buffer, "begin-user-action", G_CALLBACK (begin_user_action_cb), NULL);
      g_signal_connect (buffer, "end-user-action", G_CALLBACK (end_user_action_cb), NULL);
    }
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
cd_smart_typing_attach_editable (CdSmartTyping *self,
                                 GtkEditable   *editable)
{
  GtkEditable *delegate;

  g_return_if_fail (CD_IS_SMART_TYPING (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  /* An entry's text is its GtkText's, which emits the insertions. */
  delegate = editable;
  while (gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);

  g_signal_connect_object (delegate, "insert-text", G_CALLBACK (editable_insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}
