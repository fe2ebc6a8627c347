/* cd-block-editor-dnd.c: drags of selected text within the body, and drops onto it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-block-editor-private.h"

/* The body takes every drop itself: the text view's own handling would
 * insert a dragged selection as loose text, copy where a move was meant
 * and know nothing of blocks, photos and posts. The text view still
 * starts the drag of a selection; the drop is the story's edit. */

/* Whether @drop is a drag of this body's own selection. */
static gboolean
is_own_drag (CdBlockEditor *self,
             GdkDrop       *drop)
{
  GdkDrag *drag = gdk_drop_get_drag (drop);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkTextBuffer *dragged;

  if (drag == NULL)
    return FALSE;

  g_value_init (&value, GTK_TYPE_TEXT_BUFFER);
  if (!gdk_content_provider_get_value (gdk_drag_get_content (drag), &value, NULL))
    return FALSE;
  dragged = g_value_get_object (&value);

  return dragged != NULL &&
         (dragged == self->buffer ||
          gtk_text_buffer_get_tag_table (dragged) == gtk_text_buffer_get_tag_table (self->buffer));
}

/* Ctrl held at the drop copies, as in a word processor; otherwise the
 * text moves. */
static gboolean
copy_held (CdBlockEditor *self)
{
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (GTK_WIDGET (self)));
  GdkDevice *keyboard = seat != NULL ? gdk_seat_get_keyboard (seat) : NULL;

  return keyboard != NULL && (gdk_device_get_modifier_state (keyboard) & GDK_CONTROL_MASK) != 0;
}

static void
iter_at_point (CdBlockEditor *self,
               double         x,
               double         y,
               GtkTextIter   *iter)
{
  int bx;
  int by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self->view), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self->view), iter, bx, by);
}

static void
hide_drop_mark (CdBlockEditor *self)
{
  if (self->drop_mark != NULL)
    gtk_text_mark_set_visible (self->drop_mark, FALSE);
}

static void
forget_drag (CdBlockEditor *self)
{
  hide_drop_mark (self);
  if (self->drag_start != NULL)
    gtk_text_buffer_delete_mark (self->buffer, self->drag_start);
  if (self->drag_end != NULL)
    gtk_text_buffer_delete_mark (self->buffer, self->drag_end);
  self->drag_start = NULL;
  self->drag_end = NULL;
}

/* The pointer's release ends the drag, not the press that started it:
 * the text view's gestures never see it, and would take the next click
 * for the end of the old press (the caret would not move). */
static void
reset_gestures (CdBlockEditor *self)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (self->view);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE (controller))
        gtk_event_controller_reset (GTK_EVENT_CONTROLLER (controller));
    }
}

static GdkDragAction
drag_motion_cb (GtkDropTargetAsync *target,
                GdkDrop            *drop,
                double              x,
                double              y,
                CdBlockEditor      *self)
{
  GdkDragAction offered = gdk_drop_get_actions (drop);
  GtkTextIter iter;

  if (self->article == NULL)
    return 0;

  iter_at_point (self, x, y, &iter);
  if (self->drop_mark == NULL)
    self->drop_mark = gtk_text_buffer_create_mark (self->buffer, NULL, &iter, FALSE);
  else
    gtk_text_buffer_move_mark (self->buffer, self->drop_mark, &iter);
  gtk_text_mark_set_visible (self->drop_mark, TRUE);

  if (is_own_drag (self, drop))
    {
      GtkTextIter start;
      GtkTextIter end;

      /* The text being dragged, held while the pointer moves. */
      if (self->drag_start == NULL && gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
        {
          self->drag_start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
          self->drag_end = gtk_text_buffer_create_mark (self->buffer, NULL, &end, FALSE);
          reset_gestures (self);
        }
      if (!copy_held (self) && (offered & GDK_ACTION_MOVE) != 0)
        return GDK_ACTION_MOVE;
    }

  return (offered & GDK_ACTION_COPY) != 0 ? GDK_ACTION_COPY : offered & GDK_ACTION_MOVE;
}

static void
drag_leave_cb (GtkDropTargetAsync *target,
               GdkDrop            *drop,
               CdBlockEditor      *self)
{
  forget_drag (self);
}

/* The dragged selection moves (or is copied) to @to through core, as
 * one undo step. */
static gboolean
drop_own_text (CdBlockEditor *self,
               CdEditPos      to)
{
  GtkTextIter start;
  GtkTextIter end;
  CdEditPos from;
  CdEditPos until;
  CdEditPos caret;

  if (self->drag_start != NULL)
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->drag_start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->drag_end);
    }
  else if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    return FALSE;

  if (!_cd_block_editor_iter_to_pos (self, &start, &from) ||
      !_cd_block_editor_iter_to_pos (self, &end, &until))
    return FALSE;

  /* Typing before the drop is a step of its own. */
  if (self->history != NULL)
    cd_history_break (self->history);
  if (!cd_edit_move (self->article, self->history, from, until, to, copy_held (self), &caret))
    return FALSE;

  /* The caret after the dropped text, and no selection: a drag the
   * source side still takes for a move deletes only a selection. */
  _cd_block_editor_place_caret (self, caret);
  gtk_widget_grab_focus (self->view);

  return TRUE;
}

/* A web address dropped on the body: a known provider's post becomes an
 * embed there; any other is its text, linked. */
static void
drop_url (CdBlockEditor *self,
          CdEditPos      pos,
          const char    *url)
{
  g_autoptr(GPtrArray) fragment = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  CdEditPos caret;

  if (_cd_block_editor_insert_embed (self, pos, url, TRUE))
    return;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, g_utf8_strlen (url, -1), url));
  cd_block_set_text_and_marks (paragraph, url, marks);
  g_ptr_array_add (fragment, g_steal_pointer (&paragraph));
  if (self->history != NULL)
    cd_history_break (self->history);
  caret = cd_edit_insert_spaced (self->article, self->history, pos, fragment);
  _cd_block_editor_place_caret (self, caret);
}

static gboolean
is_web_address (const char *text)
{
  return (g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "http://")) &&
         strpbrk (text, " \t\r\n") == NULL;
}

static void
drop_text (CdBlockEditor *self,
           CdEditPos      pos,
           const char    *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GPtrArray) fragment = NULL;
  CdEditPos caret;

  if (is_web_address (trimmed))
    {
      drop_url (self, pos, trimmed);
      return;
    }

  /* Core splits and cleans it as a paste does. */
  fragment = cd_plain_text_import_blocks (text);
  if (fragment == NULL || fragment->len == 0)
    return;
  if (self->history != NULL)
    cd_history_break (self->history);
  caret = cd_edit_insert_spaced (self->article, self->history, pos, fragment);
  _cd_block_editor_place_caret (self, caret);
}

typedef struct
{
  CdBlockEditor *self;
  CdArticle     *article;
  GdkDrop       *drop;
  CdEditPos      pos;
} DropData;

static DropData *
drop_data_new (CdBlockEditor *self,
               GdkDrop       *drop,
               CdEditPos      pos)
{
  DropData *data = g_new0 (DropData, 1);

  data->self = g_object_ref (self);
  data->article = g_object_ref (self->article);
  data->drop = g_object_ref (drop);
  data->pos = pos;

  return data;
}

static void
drop_data_free (DropData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->article);
  g_object_unref (data->drop);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DropData, drop_data_free)

/* The story may have been closed or replaced while the drop was read. */
static gboolean
drop_target_alive (DropData *data)
{
  return data->self->article == data->article;
}

/* Files among @uris go in as figures (the images among them); else the
 * first web address is dropped. */
static gboolean
drop_uris (DropData    *data,
           char       **uris)
{
  GSList *files = NULL;
  gboolean done = FALSE;

  for (guint i = 0; uris[i] != NULL; i++)
    if (g_str_has_prefix (uris[i], "file:"))
      files = g_slist_append (files, g_file_new_for_uri (uris[i]));

  if (files != NULL)
    done = _cd_block_editor_drop_files (data->self, files, data->pos.block + 1);
  else
    for (guint i = 0; uris[i] != NULL && !done; i++)
      if (is_web_address (uris[i]))
        {
          drop_url (data->self, data->pos, uris[i]);
          done = TRUE;
        }

  g_slist_free_full (files, g_object_unref);

  return done;
}

static void
read_uris_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DropData) data = user_data;
  GMemoryOutputStream *stream = G_MEMORY_OUTPUT_STREAM (source);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) uris = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (stream), result, NULL) < 0 ||
      !drop_target_alive (data))
    {
      gdk_drop_finish (data->drop, 0);
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (stream);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  uris = g_uri_list_extract_uris (text);
  gdk_drop_finish (data->drop, drop_uris (data, uris) ? GDK_ACTION_COPY : 0);
}

static void
read_stream_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DropData *data = user_data;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  input = gdk_drop_read_finish (GDK_DROP (source), result, NULL, NULL);
  if (input == NULL)
    {
      gdk_drop_finish (data->drop, 0);
      drop_data_free (data);
      return;
    }

  output = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (output, input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, read_uris_cb, data);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DropData) data = user_data;
  const GValue *value = gdk_drop_read_value_finish (GDK_DROP (source), result, NULL);
  const char *text = value != NULL ? g_value_get_string (value) : NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || !drop_target_alive (data))
    {
      gdk_drop_finish (data->drop, 0);
      return;
    }

  drop_text (data->self, data->pos, text);
  gdk_drop_finish (data->drop, GDK_ACTION_COPY);
}

static gboolean
drop_cb (GtkDropTargetAsync *target,
         GdkDrop            *drop,
         double              x,
         double              y,
         CdBlockEditor      *self)
{
  GdkContentFormats *formats = gdk_drop_get_formats (drop);
  GtkTextIter iter;
  CdEditPos pos = { 0, 0 };

  _cd_block_editor_finish_render (self);
  if (self->article == NULL)
    {
      forget_drag (self);
      return FALSE;
    }

  iter_at_point (self, x, y, &iter);
  _cd_block_editor_iter_to_pos (self, &iter, &pos);

  if (is_own_drag (self, drop))
    {
      gboolean moved = drop_own_text (self, pos);

      forget_drag (self);
      /* Finished as a copy: the story has already moved the text, and
       * the text view must not delete anything on its side. */
      gdk_drop_finish (drop, moved ? GDK_ACTION_COPY : 0);
      return TRUE;
    }

  forget_drag (self);

  if (gdk_content_formats_contain_mime_type (formats, "text/uri-list"))
    gdk_drop_read_async (drop, (const char *[]) { "text/uri-list", NULL }, G_PRIORITY_DEFAULT,
                         NULL, read_stream_cb, drop_data_new (self, drop, pos));
  else
    gdk_drop_read_value_async (drop, G_TYPE_STRING, G_PRIORITY_DEFAULT, NULL,
                               read_text_cb, drop_data_new (self, drop, pos));

  return TRUE;
}

void
_cd_block_editor_dnd_init (CdBlockEditor *self)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (self->view);
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_object_unref);
  GdkContentFormatsBuilder *builder = gdk_content_formats_builder_new ();
  GtkDropTargetAsync *target;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      GObject *controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller) || GTK_IS_DROP_TARGET_ASYNC (controller))
        g_ptr_array_add (own, controller);
      else
        g_object_unref (controller);
    }
  for (guint i = 0; i < own->len; i++)
    gtk_widget_remove_controller (self->view, g_ptr_array_index (own, i));

  gdk_content_formats_builder_add_gtype (builder, GTK_TYPE_TEXT_BUFFER);
  gdk_content_formats_builder_add_mime_type (builder, "text/uri-list");
  gdk_content_formats_builder_add_gtype (builder, G_TYPE_STRING);
  target = gtk_drop_target_async_new (gdk_content_formats_builder_free_to_formats (builder),
                                      GDK_ACTION_COPY | GDK_ACTION_MOVE);
  g_signal_connect (target, "drag-enter", G_CALLBACK (drag_motion_cb), self);
  g_signal_connect (target, "drag-motion", G_CALLBACK (drag_motion_cb), self);
  g_signal_connect (target, "drag-leave", G_CALLBACK (drag_leave_cb), self);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (target));
}
