/* cd-lead-photo-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-lead-photo-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-block-media.h"
#include "cd-lead-photo-editor.h"
#include "cd-smart-typing.h"
#include "cd-story-fields-private.h"

/* The lead is shown larger than a body figure: it opens the page. */
#define THUMBNAIL_WIDTH  480
#define THUMBNAIL_HEIGHT 270

struct _CdLeadPhotoEditor
{
  GtkWidget      parent_instance;

  GtkWidget     *add_button;
  GtkWidget     *lead_box;
  GtkWidget     *picture;
  GtkWidget     *image_status;
  GtkWidget     *message;
  GtkTextView   *alt_view;
  GtkTextView   *caption_view;
  GtkTextView   *credit_view;

  CdArticle     *article;
  CdHistory     *history;
  CdSmartTyping *smart_typing;

  char          *shown_src;
  GCancellable  *thumbnail_cancellable;
  /* Set while the model is copied into the fields, so their change
   * signals are not taken for edits. */
  guint          updating;
};

G_DEFINE_FINAL_TYPE (CdLeadPhotoEditor, cd_lead_photo_editor, GTK_TYPE_WIDGET)

static const struct
{
  CdBlockField  field;
  gsize         view_offset;
} fields[] = {
  { CD_BLOCK_FIELD_ALT, G_STRUCT_OFFSET (CdLeadPhotoEditor, alt_view) },
  { CD_BLOCK_FIELD_CAPTION, G_STRUCT_OFFSET (CdLeadPhotoEditor, caption_view) },
  { CD_BLOCK_FIELD_CREDIT, G_STRUCT_OFFSET (CdLeadPhotoEditor, credit_view) },
};

#define FIELD_VIEW(self, i) (*(GtkTextView **) G_STRUCT_MEMBER_P ((self), fields[i].view_offset))

static char *
buffer_get_all_text (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_message (CdLeadPhotoEditor *self,
              const char        *message)
{
  gtk_label_set_text (GTK_LABEL (self->message), message != NULL ? message : "");
  gtk_widget_set_visible (self->message, message != NULL);
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(CdLeadPhotoEditor) self = data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = cd_block_media_load_thumbnail_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->thumbnail_cancellable);
  cd_block_media_show_thumbnail (self->picture, self->image_status, self->shown_src, texture, error);
}

/* Decoding goes through the same sniffer and worker as a body figure's
 * picture, and the picture takes its size from the header at once. */
static void
update_thumbnail (CdLeadPhotoEditor *self,
                  CdBlock           *lead)
{
  const char *src = lead != NULL ? cd_block_get_field (lead, CD_BLOCK_FIELD_SRC) : "";
  GBytes *bytes = *src != '\0' ? cd_article_get_media (self->article, src) : NULL;
  g_autofree char *status = NULL;
  gboolean shown = FALSE;
  CdMediaInfo info;
  guint thumb_width = 0;
  guint thumb_height = 0;

  if (g_strcmp0 (self->shown_src, src) == 0)
    return;

  g_free (self->shown_src);
  self->shown_src = g_strdup (src);
  if (self->thumbnail_cancellable != NULL)
    {
      g_cancellable_cancel (self->thumbnail_cancellable);
      g_clear_object (&self->thumbnail_cancellable);
    }

  if (lead == NULL)
    ;
  else if (*src == '\0')
    status = g_strdup (_("No photo chosen yet"));
  else if (g_str_has_prefix (src, "https://") || g_str_has_prefix (src, "http://"))
    /* Remote images are never fetched by the editor. */
    status = g_strdup_printf (_("Photo on the web: %s"), src);
  else if (bytes == NULL)
    status = g_strdup_printf (_("The photo “%s” is missing from this story; choose it again"), src);
  else if (!cd_media_sniff (bytes, src, &info, NULL))
    status = g_strdup_printf (_("“%s” cannot be shown here, but it is kept in the story"), src);
  else
    {
      int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

      shown = TRUE;
      cd_block_media_fit (info.width, info.height, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT,
                          &thumb_width, &thumb_height);
      self->thumbnail_cancellable = g_cancellable_new ();
      cd_block_media_load_thumbnail_async (bytes, src, thumb_width * scale, thumb_height * scale,
                                           self->thumbnail_cancellable,
                                           thumbnail_loaded_cb, g_object_ref (self));
    }

  gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  gtk_widget_set_visible (self->picture, shown);
  /* A fixed size: a picture that may shrink gets no height at all in a
   * scrolled column, which hands out minimum sizes. */
  if (shown)
    gtk_widget_set_size_request (self->picture, thumb_width, thumb_height);
  gtk_label_set_text (GTK_LABEL (self->image_status), status != NULL ? status : "");
  gtk_widget_set_visible (self->image_status, status != NULL);
}

static void
lead_changed_cb (CdLeadPhotoEditor *self)
{
  CdBlock *lead = self->article != NULL ? cd_article_get_lead (self->article) : NULL;

  gtk_widget_set_visible (self->add_button, self->article != NULL && lead == NULL);
  gtk_widget_set_visible (self->lead_box, lead != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lead.choose", self->article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lead.remove", lead != NULL);

  self->updating++;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (FIELD_VIEW (self, i));
      const char *value = lead != NULL ? cd_block_get_field (lead, fields[i].field) : "";
      g_autofree char *current = buffer_get_all_text (buffer);

      /* Setting the same text would move the caret to the end. */
      if (g_strcmp0 (current, value) != 0)
        gtk_text_buffer_set_text (buffer, value, -1);
    }
  self->updating--;

  update_thumbnail (self, lead);
}

static void
field_buffer_changed_cb (CdLeadPhotoEditor *self,
                         GtkTextBuffer     *buffer)
{
  CdBlock *lead;
  g_autofree char *text = NULL;

  if (self->updating > 0 || self->article == NULL)
    return;

  lead = cd_article_get_lead (self->article);
  if (lead == NULL)
    return;

  text = buffer_get_all_text (buffer);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (gtk_text_view_get_buffer (FIELD_VIEW (self, i)) == buffer)
        cd_block_set_field (lead, fields[i].field, text);
    }
}

static void
media_changed_cb (CdLeadPhotoEditor *self)
{
  /* A photo missing from the story may have arrived with the media. */
  g_clear_pointer (&self->shown_src, g_free);
  lead_changed_cb (self);
}

/* Typing the caption and then the credit are two steps to undo. */
static void
field_focus_changed_cb (CdLeadPhotoEditor *self)
{
  if (self->history != NULL)
    cd_history_break (self->history);
}

gboolean
cd_lead_photo_editor_set_image (CdLeadPhotoEditor  *self,
                                GBytes             *bytes,
                                const char         *name,
                                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *src = NULL;
  CdMediaInfo info;
  CdBlock *lead;

  g_return_val_if_fail (CD_IS_LEAD_PHOTO_EDITOR (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (self->article != NULL, FALSE);

  src = cd_media_store (self->article, bytes, name, &info, &local_error);
  if (src == NULL)
    {
      show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  show_message (self, NULL);

  lead = cd_article_get_lead (self->article);
  if (lead == NULL)
    {
      g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);

      cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, src);
      cd_block_set_size (figure, info.width, info.height);
      cd_article_set_lead (self->article, figure);
      gtk_widget_grab_focus (GTK_WIDGET (self->alt_view));
    }
  else
    {
      /* One step to undo: the picture and its size go together. */
      if (self->history != NULL)
        cd_history_begin_group (self->history);
      cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, src);
      cd_block_set_size (lead, info.width, info.height);
      if (self->history != NULL)
        cd_history_end_group (self->history);
    }

  return TRUE;
}

static void
load_image_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(CdLeadPhotoEditor) self = data;
  GFile *file = G_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);

  bytes = g_file_load_bytes_finish (file, result, NULL, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);

      show_message (self, message);
      return;
    }

  if (self->article == NULL)
    return;

  /* An image the sniffer refuses is named in the message it shows. */
  cd_lead_photo_editor_set_image (self, bytes, name, NULL);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_open_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(CdLeadPhotoEditor) self = data;
  g_autoptr(GFile) file = NULL;

  /* Cancelling is not an error worth showing. */
  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);
  if (file != NULL)
    g_file_load_bytes_async (file, NULL, load_image_cb, g_object_ref (self));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdLeadPhotoEditor *self = CD_LEAD_PHOTO_EDITOR (widget);
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = cd_block_media_image_filter ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Choose the Lead Photo"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open (dialog, GTK_WINDOW (gtk_widget_get_root (widget)),
                        NULL, file_dialog_open_cb, g_object_ref (self));
}
#else
static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         data)
{
  g_autoptr(CdLeadPhotoEditor) self = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        g_file_load_bytes_async (file, NULL, load_image_cb, g_object_ref (self));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  dialog = gtk_file_chooser_native_new (_("Choose the Lead Photo"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), cd_block_media_image_filter ());
  g_signal_connect (dialog, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
#endif

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdLeadPhotoEditor *self = CD_LEAD_PHOTO_EDITOR (widget);

  if (self->article == NULL || cd_article_get_lead (self->article) == NULL)
    return;

  show_message (self, NULL);
  if (self->history != NULL)
    cd_history_break (self->history);
  cd_article_set_lead (self->article, NULL);
  /* The focus was on the button that is now hidden. */
  gtk_widget_grab_focus (self->add_button);
}

static void
disconnect_article (CdLeadPhotoEditor *self)
{
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_clear_object (&self->article);
  g_clear_object (&self->history);
}

static void
cd_lead_photo_editor_dispose (GObject *object)
{
  CdLeadPhotoEditor *self = CD_LEAD_PHOTO_EDITOR (object);
  GtkWidget *child;

  disconnect_article (self);
  if (self->thumbnail_cancellable != NULL)
    g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_object (&self->smart_typing);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_LEAD_PHOTO_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cd_lead_photo_editor_parent_class)->dispose (object);
}

static void
cd_lead_photo_editor_finalize (GObject *object)
{
  CdLeadPhotoEditor *self = CD_LEAD_PHOTO_EDITOR (object);

  g_clear_pointer (&self->shown_src, g_free);

  G_OBJECT_CLASS (cd_lead_photo_editor_parent_class)->finalize (object);
}

static void
cd_lead_photo_editor_class_init (CdLeadPhotoEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_lead_photo_editor_dispose;
  object_class->finalize = cd_lead_photo_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/copydesk/Copydesk/ui/cd-lead-photo-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, lead_box);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, picture);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, image_status);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, message);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, alt_view);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, caption_view);
  gtk_widget_class_bind_template_child (widget_class, CdLeadPhotoEditor, credit_view);

  gtk_widget_class_install_action (widget_class, "lead.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "lead.remove", NULL, remove_action);

  gtk_widget_class_set_css_name (widget_class, "leadphoto");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cd_lead_photo_editor_init (CdLeadPhotoEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Lead photo"),
                                  -1);

  self->smart_typing = cd_smart_typing_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkTextView *view = FIELD_VIEW (self, i);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkEventController *focus = gtk_event_controller_focus_new ();

      _cd_story_fields_setup_wrapping_field (view);
      g_signal_connect_object (buffer, "changed", G_CALLBACK (field_buffer_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (focus, "enter", G_CALLBACK (field_focus_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (GTK_WIDGET (view), focus);
      /* Alt text is read aloud, not set: only caption and credit get
       * typographic quotes. */
      if (fields[i].field != CD_BLOCK_FIELD_ALT)
        cd_smart_typing_attach (self->smart_typing, buffer);
    }

  lead_changed_cb (self);
}

GtkWidget *
cd_lead_photo_editor_new (void)
{
  return g_object_new (CD_TYPE_LEAD_PHOTO_EDITOR, NULL);
}

void
cd_lead_photo_editor_set_article (CdLeadPhotoEditor *self,
                                  CdArticle         *article,
                                  CdHistory         *history)
{
  g_return_if_fail (CD_IS_LEAD_PHOTO_EDITOR (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  disconnect_article (self);
  cd_smart_typing_set_article (self->smart_typing, article, history);
  show_message (self, NULL);
  g_clear_pointer (&self->shown_src, g_free);

  if (article != NULL)
    {
      self->article = g_object_ref (article);
      self->history = history != NULL ? g_object_ref (history) : NULL;
      g_signal_connect_object (article, "field-changed::lead",
                               G_CALLBACK (lead_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "media-changed",
                               G_CALLBACK (media_changed_cb), self, G_CONNECT_SWAPPED);
    }

  lead_changed_cb (self);
}

GtkTextView *
cd_lead_photo_editor_get_view (CdLeadPhotoEditor *self,
                               const char        *member)
{
  g_return_val_if_fail (CD_IS_LEAD_PHOTO_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_strcmp0 (member, cd_block_field_to_string (fields[i].field)) == 0)
        return FIELD_VIEW (self, i);
    }

  return NULL;
}

gboolean
cd_lead_photo_editor_focus_field (CdLeadPhotoEditor *self,
                                  const char        *member,
                                  guint              start,
                                  guint              end)
{
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkTextIter from;
  GtkTextIter to;

  g_return_val_if_fail (CD_IS_LEAD_PHOTO_EDITOR (self), FALSE);

  if (self->article == NULL || cd_article_get_lead (self->article) == NULL)
    return gtk_widget_grab_focus (self->add_button);

  view = cd_lead_photo_editor_get_view (self, member);
  if (view == NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (self->alt_view));

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, MAX (start, end));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_select_range (buffer, &from, &to);
  gtk_text_view_scroll_to_iter (view, &from, 0.0, FALSE, 0, 0);

  return TRUE;
}
