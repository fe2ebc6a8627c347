/* cd-window-actions.c: the commands of the editor window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-accessible.h"
#include "cd-application.h"
#include "cd-block-editor-private.h"
#include "cd-details-panel-private.h"
#include "cd-export-dialog.h"
#include "cd-lead-photo-editor.h"
#include "cd-spell-window.h"
#include "cd-window-revisions.h"
#include "cd-publish-dialog.h"
#include "cd-renderer.h"
#include "cd-story-fields-private.h"
#include "cd-window-private.h"

static gboolean
file_is_article (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *folded = basename != NULL ? g_utf8_casefold (basename, -1) : NULL;

  return folded != NULL && g_str_has_suffix (folded, ".article");
}

static CdArticle *
get_article (CdWindow *self)
{
  return cd_story_session_get_article (self->session);
}

/* Opening */

static void
open_files (CdWindow   *self,
            GListModel *files)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      if (application != NULL)
        {
          cd_application_open_file (CD_APPLICATION (application), file, self);
        }
      else
        {
          CdWindow *window = cd_window_is_empty (self) ? self : cd_window_new (NULL);

          cd_window_open (window, file);
          gtk_window_present (GTK_WINDOW (window));
        }
    }
}

static void
add_story_filters (GListStore *filters,
                   gboolean    wire_stories)
{
  g_autoptr(GtkFileFilter) readable = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) stories = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) wire = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) pages = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* Opening reads wire stories too, and first shows everything it can
   * read; saving always writes a Copydesk story. */
  if (wire_stories)
    {
      gtk_file_filter_set_name (readable, _("All Stories"));
      gtk_file_filter_add_mime_type (readable, CD_ARTICLE_MIME_TYPE);
      gtk_file_filter_add_suffix (readable, "article");
      gtk_file_filter_add_suffix (readable, "json");
      gtk_file_filter_add_suffix (readable, "xml");
      gtk_file_filter_add_suffix (readable, "nitf");
      gtk_file_filter_add_suffix (readable, "ninjs");
      gtk_file_filter_add_suffix (readable, "html");
      gtk_file_filter_add_suffix (readable, "htm");
      g_list_store_append (filters, readable);
    }

  gtk_file_filter_set_name (stories, _("Stories"));
  gtk_file_filter_add_mime_type (stories, CD_ARTICLE_MIME_TYPE);
  gtk_file_filter_add_suffix (stories, "article");
  gtk_file_filter_add_suffix (stories, "json");
  g_list_store_append (filters, stories);

  if (wire_stories)
    {
      gtk_file_filter_set_name (wire, _("Wire Stories (NITF, ninjs)"));
      gtk_file_filter_add_suffix (wire, "xml");
      gtk_file_filter_add_suffix (wire, "nitf");
      gtk_file_filter_add_suffix (wire, "ninjs");
      gtk_file_filter_add_suffix (wire, "json");
      g_list_store_append (filters, wire);

      /* A saved web page, or a Google Docs or Word document saved as
       * HTML, opens as a new story. */
      gtk_file_filter_set_name (pages, _("Web Pages and HTML Documents"));
      gtk_file_filter_add_mime_type (pages, "text/html");
      gtk_file_filter_add_suffix (pages, "html");
      gtk_file_filter_add_suffix (pages, "htm");
      g_list_store_append (filters, pages);
    }

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);
}

static GFile *
current_folder (CdWindow *self)
{
  GFile *file = cd_story_session_get_file (self->session);

  return file != NULL ? g_file_get_parent (file) : NULL;
}

static char *
suggested_file_name (CdWindow *self)
{
  CdArticle *article = get_article (self);
  const char *slug = cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG);
  g_autofree char *from_headline = NULL;

  if (slug != NULL && slug[0] != '\0' && strchr (slug, '/') == NULL)
    return g_strconcat (slug, ".article", NULL);

  from_headline = cd_slug_from_headline (cd_article_get_headline (article));
  if (from_headline[0] != '\0')
    return g_strconcat (from_headline, ".article", NULL);

  return g_strconcat (_("Untitled Story"), ".article", NULL);
}

/* Saving always writes a container: a name without the suffix gets it. */
static GFile *
with_article_suffix (GFile *file)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = NULL;

  if (file_is_article (file))
    return g_object_ref (file);

  basename = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  name = g_strconcat (basename, ".article", NULL);

  return parent != NULL ? g_file_get_child (parent, name) : g_object_ref (file);
}

#if GTK_CHECK_VERSION (4, 10, 0)

static GListModel *
story_filters (gboolean wire_stories)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  add_story_filters (filters, wire_stories);

  return G_LIST_MODEL (filters);
}

static void
open_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (files != NULL)
    open_files (self, files);
}

static void
run_open_dialog (CdWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = story_filters (TRUE);
  g_autoptr(GFile) folder = current_folder (self);

  gtk_file_dialog_set_title (dialog, _("Open Story"));
  gtk_file_dialog_set_filters (dialog, filters);
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (self), NULL, open_dialog_cb, g_object_ref (self));
}

static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) target = NULL;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (file == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }

  target = with_article_suffix (file);
  _cd_window_save_to (self, target);
}

static void
run_save_dialog (CdWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = story_filters (FALSE);
  g_autoptr(GFile) folder = current_folder (self);
  g_autofree char *name = suggested_file_name (self);

  gtk_file_dialog_set_title (dialog, _("Save Story"));
  gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_set_initial_name (dialog, name);
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, save_dialog_cb, g_object_ref (self));
}

#else

static GtkFileChooserNative *
chooser_new (CdWindow             *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GFile) folder = current_folder (self);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  add_story_filters (filters, action == GTK_FILE_CHOOSER_ACTION_OPEN);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);

  return chooser;
}

static void
open_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          CdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      open_files (self, files);
    }

  g_object_unref (chooser);
}

static void
run_open_dialog (CdWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = chooser_new (self, _("Open Story"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          CdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) target = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_object_unref (chooser);

  if (file == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }

  target = with_article_suffix (file);
  _cd_window_save_to (self, target);
}

static void
run_save_dialog (CdWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = suggested_file_name (self);

  chooser = chooser_new (self, _("Save Story"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#endif

/* Saving */

/* The title shows it to a sighted user; a screen reader has to be told. */
static void
announce_saved (CdWindow *self)
{
  g_autofree char *name = cd_file_get_display_basename (cd_story_session_get_file (self->session));
  /* Translators: %s is the name of the file the story was saved to */
  g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

  cd_accessible_announce (self->announcer, message);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_story_session_save_finish (CD_STORY_SESSION (object), result, &error))
    {
      /* The window closed meanwhile. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->close_after_save = FALSE;
      cd_window_show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->error_message, g_free);
  announce_saved (self);

  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      if (!cd_story_session_get_modified (self->session))
        gtk_window_close (GTK_WINDOW (self));
    }
}

void
_cd_window_save_to (CdWindow *self,
                    GFile    *file)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (get_article (self) == NULL || cd_story_session_is_saving (self->session))
    return;

  cd_story_fields_commit_slug (self->story_fields);
  _cd_window_take_revision (self, CD_REVISION_SAVED, NULL);
  cd_story_session_save_async (self->session, file, NULL, save_cb, g_object_ref (self));
}

static void
save_as (CdWindow *self)
{
  if (get_article (self) == NULL || cd_story_session_is_saving (self->session))
    return;

  run_save_dialog (self);
}

void
_cd_window_save (CdWindow *self)
{
  GFile *file = cd_story_session_get_file (self->session);

  if (get_article (self) == NULL || cd_story_session_is_saving (self->session))
    return;

  /* A bare article.json cannot hold media added here: it becomes a
   * container under a name the user picks. */
  if (file == NULL || !file_is_article (file))
    save_as (self);
  else
    _cd_window_save_to (self, file);
}

/* Closing */

static gboolean
close_confirmed_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

static void
close_dialog_response_cb (CdWindow   *self,
                          const char *response)
{
  self->close_dialog = NULL;

  if (g_strcmp0 (response, "discard") == 0)
    {
      /* The dialog, transient for this window, finishes closing first. */
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_confirmed_cb,
                       g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      _cd_window_save (self);
    }
}

void
_cd_window_ask_to_save (CdWindow *self)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (self->close_dialog);
      return;
    }

  heading = g_strdup_printf (_("Save Changes to “%s”?"), cd_story_session_get_title (self->session));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Changes that are not saved are lost for good."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_signal_connect_object (dialog, "response", G_CALLBACK (close_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->close_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_open_dialog (CD_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _cd_window_save (CD_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (CD_WINDOW (widget));
}

/* Exporting, publishing, printing */

static void
exported_cb (CdWindow *self,
             GFile    *file)
{
  g_autofree char *name = cd_file_get_display_basename (file);
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  AdwToast *toast;

  /* Translators: %s is the name of the file written */
  message = g_strdup_printf (_("Exported to %s"), name);
  _cd_window_take_revision (self, CD_REVISION_EXPORTED, NULL);
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-exported");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  cd_accessible_announce (self->announcer, message);
}

static void
open_exported_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why, as the system puts it */
      message = g_strdup_printf (_("Could not open the exported story: %s"), error->message);
      cd_window_show_message (self, message);
    }
}

/* GTK 4.8 has no GtkFileLauncher: the file opens in the application
 * the desktop has for its type (a browser for a web page). */
static void
open_exported_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  cd_renderer_clean_launch_context (G_APP_LAUNCH_CONTEXT (context));
  g_app_info_launch_default_for_uri_async (g_variant_get_string (parameter, NULL),
                                           G_APP_LAUNCH_CONTEXT (context), NULL,
                                           open_exported_cb, g_object_ref (self));
}

static void
preflight_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree char *action_name = user_data;
  CdWindow *self = CD_WINDOW (source);

  if (!cd_preflight_confirm_finish (result))
    return;

  self->preflight_confirmed = g_intern_string (action_name);
  gtk_widget_activate_action (GTK_WIDGET (self), action_name, NULL);
  self->preflight_confirmed = NULL;
}

/* TRUE when @action_name may go on now; otherwise the desk is asked
 * about the open pre-flight items and the action runs again if they
 * say so. */
static gboolean
preflight_allows (CdWindow   *self,
                  const char *action_name,
                  const char *heading,
                  const char *anyway)
{
  g_autoptr(GPtrArray) items = NULL;

  if (self->preflight_confirmed == g_intern_string (action_name))
    return TRUE;

  items = cd_preflight_panel_check (self->preflight_panel);

  return cd_preflight_confirm_async (GTK_WINDOW (self), items, heading, anyway,
                                     preflight_confirmed_cb, g_strdup (action_name));
}

/* Every way the story leaves the window (export, publish, copy as
 * HTML) asks about open pre-flight items first, and carries the time
 * of its last edit. FALSE when it must not go on now. */
static gboolean
story_may_leave (CdWindow   *self,
                 const char *action_name,
                 const char *heading,
                 const char *anyway)
{
  if (get_article (self) == NULL || !preflight_allows (self, action_name, heading, anyway))
    return FALSE;

  cd_story_session_stamp_modified (self->session);

  return TRUE;
}

static void
preflight_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  gtk_menu_button_popup (self->preflight_button);
}

/* The caret goes into the block; a photo's alt text, caption or credit
 * (an embed's fields) have entries of their own, which get the focus. */
static void
focus_block_field (CdWindow   *self,
                   const char *block_id,
                   const char *block_field)
{
  CdBlockRow *row;
  CdBlock *block;

  if (!cd_block_editor_focus_block (self->block_editor, block_id, 0) || block_field == NULL)
    return;

  block = cd_article_find_block (cd_block_editor_get_article (self->block_editor), block_id, NULL);
  row = block != NULL ? _cd_block_editor_get_block_widget (self->block_editor, block) : NULL;
  if (row == NULL)
    return;

  for (CdBlockField field = 0; field < CD_N_BLOCK_FIELDS; field++)
    {
      GtkWidget *entry;

      if (g_strcmp0 (cd_block_field_to_string (field), block_field) != 0)
        continue;
      entry = cd_block_row_get_entry (row, field);
      if (entry != NULL)
        gtk_widget_grab_focus (entry);
      return;
    }
}

static void
select_in_text_view (GtkTextView *view,
                     guint        start,
                     guint        end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter from;
  GtkTextIter to;

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
  gtk_text_buffer_select_range (buffer, &from, &to);
}

/* Where a match in the body is shown: in the body's text, or in a field
 * of a photo or post. FALSE when it is not in a text view (an entry, or
 * a block gone since). */
static gboolean
locate_body_match (CdWindow          *self,
                   const CdFindMatch *match,
                   GtkTextView      **view,
                   GtkTextIter       *start,
                   GtkTextIter       *end)
{
  CdBlockEditor *editor = self->block_editor;
  CdArticle *article = cd_block_editor_get_article (editor);
  CdBlockRow *row;
  CdBlock *block;

  if (article == NULL || g_strcmp0 (match->field, "body") != 0 || match->block_id == NULL ||
      (block = cd_article_find_block (article, match->block_id, NULL)) == NULL)
    return FALSE;

  if (cd_block_type_is_text (cd_block_get_block_type (block)) &&
      (g_strcmp0 (match->member, "text") == 0 || g_strcmp0 (match->member, "items") == 0))
    {
      guint index;
      CdEditPos from;
      CdEditPos to;

      /* A match far down a long story just opened: all of it in the body first. */
      _cd_block_editor_finish_render (editor);
      index = _cd_block_editor_block_index (editor, block);
      if (index == G_MAXUINT)
        return FALSE;
      from = (CdEditPos) { index, match->start };
      to = (CdEditPos) { index, match->end };
      /* A list's items are lines of one text. */
      if (g_strcmp0 (match->member, "items") == 0)
        {
          GPtrArray *items = cd_block_get_items (block);

          for (guint i = 0; i < match->index && i < items->len; i++)
            {
              guint length = g_utf8_strlen (((CdListItem *) g_ptr_array_index (items, i))->text, -1) + 1;

              from.offset += length;
              to.offset += length;
            }
        }
      *view = _cd_block_editor_get_view (editor);
      _cd_block_editor_pos_to_iter (editor, from, start);
      _cd_block_editor_pos_to_iter (editor, to, end);
      return TRUE;
    }

  row = _cd_block_editor_get_block_widget (editor, block);
  for (CdBlockField field = 0; row != NULL && field < CD_N_BLOCK_FIELDS; field++)
    {
      GtkWidget *entry;
      GtkTextBuffer *buffer;

      if (g_strcmp0 (cd_block_field_to_string (field), match->member) != 0)
        continue;
      entry = cd_block_row_get_entry (row, field);
      if (entry == NULL || !GTK_IS_TEXT_VIEW (entry))
        return FALSE;
      *view = GTK_TEXT_VIEW (entry);
      buffer = gtk_text_view_get_buffer (*view);
      gtk_text_buffer_get_iter_at_offset (buffer, start, match->start);
      gtk_text_buffer_get_iter_at_offset (buffer, end, match->end);
      return TRUE;
    }

  return FALSE;
}

void
_cd_window_find_highlight_cb (CdWindow  *self,
                              GPtrArray *matches,
                              int        current)
{
  GHashTableIter iter;
  gpointer row;

  cd_find_bar_clear_highlights (gtk_text_view_get_buffer (_cd_block_editor_get_view (self->block_editor)));
  /* Every row made, shown yet or not. */
  g_hash_table_iter_init (&iter, self->block_editor->widgets);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      for (CdBlockField field = 0; field < CD_N_BLOCK_FIELDS; field++)
        {
          GtkWidget *entry = cd_block_row_get_entry (row, field);

          if (entry != NULL && GTK_IS_TEXT_VIEW (entry))
            cd_find_bar_clear_highlights (gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry)));
        }
    }

  for (guint k = 0; matches != NULL && k < matches->len; k++)
    {
      GtkTextView *view;
      GtkTextIter start;
      GtkTextIter end;

      if (locate_body_match (self, g_ptr_array_index (matches, k), &view, &start, &end))
        cd_find_bar_highlight (gtk_text_view_get_buffer (view), &start, &end, (int) k == current);
    }
}

/* Puts the caret on a match of the find bar, wherever in the story. */
void
_cd_window_find_show_match_cb (CdWindow    *self,
                               CdFindMatch *match)
{
  GtkEditable *editable = NULL;

  if (g_strcmp0 (match->field, "headline") == 0)
    select_in_text_view (_cd_story_fields_get_headline (self->story_fields), match->start, match->end);
  else if (g_strcmp0 (match->field, "subheadline") == 0)
    select_in_text_view (_cd_story_fields_get_subheadline (self->story_fields), match->start, match->end);
  else if (g_strcmp0 (match->field, "lead") == 0)
    cd_lead_photo_editor_focus_field (self->lead_photo_editor, match->member, match->start, match->end);
  else if (g_strcmp0 (match->field, "bylines") == 0 &&
           match->index < _cd_story_fields_get_n_bylines (self->story_fields))
    editable = g_strcmp0 (match->member, "name") == 0
      ? _cd_story_fields_get_byline_name (self->story_fields, match->index)
      : _cd_story_fields_get_byline_title (self->story_fields, match->index);
  else if (g_strcmp0 (match->field, "dateline") == 0)
    editable = g_strcmp0 (match->member, "place") == 0
      ? _cd_story_fields_get_dateline_place (self->story_fields)
      : _cd_story_fields_get_dateline_source (self->story_fields);
  else if (g_strcmp0 (match->field, "body") == 0 && match->block_id != NULL)
    {
      GtkTextView *view;
      GtkTextIter start;
      GtkTextIter end;

      /* The match is selected where it is, and so scrolled into view. */
      focus_block_field (self, match->block_id, match->member);
      if (locate_body_match (self, match, &view, &start, &end))
        {
          gtk_widget_grab_focus (GTK_WIDGET (view));
          gtk_text_buffer_select_range (gtk_text_view_get_buffer (view), &start, &end);
          if (view == _cd_block_editor_get_view (self->block_editor))
            _cd_block_editor_reveal_caret (self->block_editor);
        }
      else
        {
          GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

          if (focus != NULL && GTK_IS_TEXT (focus))
            focus = gtk_widget_get_parent (focus);
          if (focus != NULL && GTK_IS_EDITABLE (focus))
            editable = GTK_EDITABLE (focus);
        }
    }

  if (editable != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (editable));
      gtk_editable_select_region (editable, match->start, match->end);
    }
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autofree char *selected = NULL;

  /* What is selected is what is looked for, as in a word processor. */
  if (GTK_IS_TEXT_VIEW (focus))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
      GtkTextIter start;
      GtkTextIter end;

      if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
        selected = gtk_text_iter_get_slice (&start, &end);
    }

  cd_find_bar_open (self->find_bar, g_str_equal (action_name, "win.find-replace"), selected);
}

static void
use_as_lead_photo_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (get_article (self) == NULL)
    return;

  if (!cd_lead_use_figure (get_article (self), cd_story_session_get_history (self->session),
                           g_variant_get_string (parameter, NULL), &error))
    {
      cd_window_show_message (self, error->message);
      return;
    }

  cd_lead_photo_editor_focus_field (self->lead_photo_editor, "caption", 0, 0);
}

void
_cd_window_focus_preflight_item (CdWindow        *self,
                                 CdPreflightItem *item)
{
  const char *field = item->field;

  if (g_strcmp0 (field, "lead") == 0)
    {
      cd_lead_photo_editor_focus_field (self->lead_photo_editor, item->block_field, 0, 0);
    }
  else if (item->block_id != NULL)
    {
      focus_block_field (self, item->block_id, item->block_field);
    }
  else if (g_strcmp0 (field, "headline") == 0)
    {
      cd_story_fields_focus_headline (self->story_fields);
    }
  else if (g_strcmp0 (field, "subheadline") == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_subheadline (self->story_fields)));
    }
  else if (g_strcmp0 (field, "bylines") == 0)
    {
      /* With no byline there is no field yet: adding one is the fix. */
      if (_cd_story_fields_get_n_bylines (self->story_fields) == 0)
        gtk_widget_activate_action (GTK_WIDGET (self->story_fields), "fields.add-byline", NULL);
      else
        gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_byline_name (self->story_fields, 0)));
    }
  else if (g_strcmp0 (field, "dateline") == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_dateline_place (self->story_fields)));
    }
  else
    {
      GtkEditable *editable = NULL;

      /* The rest sit in the details panel, which may be hidden. */
      g_object_set (self, "show-details", TRUE, NULL);
      if (g_strcmp0 (field, "embargo") == 0)
        editable = _cd_details_panel_get_embargo (self->details_panel);
      else if (g_strcmp0 (field, "slug") == 0)
        editable = _cd_details_panel_get_slug (self->details_panel);
      else if (g_strcmp0 (field, "section") == 0)
        editable = _cd_details_panel_get_section (self->details_panel);
      else if (g_strcmp0 (field, "keywords") == 0)
        editable = _cd_details_panel_get_keywords (self->details_panel);
      if (editable != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (editable));
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdExportDialog *dialog;

  if (!story_may_leave (self, action_name, _("Export with Open Pre-flight Items?"), _("_Export Anyway")))
    return;

  /* The file name comes from the slug, as the save's does. */
  cd_story_fields_commit_slug (self->story_fields);

  dialog = cd_export_dialog_new (GTK_WINDOW (self), get_article (self), cd_story_session_get_file (self->session));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
published_cb (CdWindow        *self,
              CdPublishRecord *record)
{
  g_autofree char *message = NULL;
  GFile *file = cd_story_session_get_file (self->session);

  if (get_article (self) == NULL)
    return;

  /* The story remembers the post, so publishing again updates it; a
   * .article is saved at once so that a closed window cannot lose that. */
  cd_article_set_publish_record (get_article (self), record);
  _cd_window_take_revision (self, CD_REVISION_PUBLISHED, NULL);
  if (file != NULL && file_is_article (file))
    _cd_window_save (self);

  /* Translators: %s is the address of the post on the site */
  message = g_strdup_printf (_("Published: %s"), record->link != NULL ? record->link : record->site);
  cd_window_show_message (self, message);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdPublishDialog *dialog;

  if (!story_may_leave (self, action_name, _("Publish with Open Pre-flight Items?"), _("_Publish Anyway")))
    return;

  cd_story_fields_commit_slug (self->story_fields);

  dialog = cd_publish_dialog_new (GTK_WINDOW (self), get_article (self));
  g_signal_connect_object (dialog, "published", G_CALLBACK (published_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_html_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean single_file = g_str_equal (action_name, "win.copy-html-single");

  if (!story_may_leave (self, action_name, _("Copy HTML with Open Pre-flight Items?"), _("_Copy Anyway")))
    return;

  if (!cd_export_copy_html (get_article (self), gtk_widget_get_clipboard (widget), single_file, &error))
    cd_window_show_message (self, error->message);
  else
    cd_window_show_message (self, single_file ? _("HTML copied with the images inside") : _("HTML copied"));
}

static void
print_failed_cb (CdWindow *self,
                 GError   *error)
{
  g_autofree char *message = NULL;

  /* Translators: %s says why, from the printing system */
  message = g_strdup_printf (_("Could not print the story: %s"), error->message);
  cd_window_show_message (self, message);
}

/* The preview is the page as it will look: printing it, or printing it
 * to a PDF file from the system dialog, is the proof. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(WebKitPrintOperation) operation = NULL;

  if (get_article (self) == NULL)
    return;

  operation = cd_preview_new_print_operation (self->preview);
  g_signal_connect_object (operation, "failed", G_CALLBACK (print_failed_cb), self, G_CONNECT_SWAPPED);
  webkit_print_operation_run_dialog (operation, GTK_WINDOW (self));
}

/* Editing and moving around */

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  if (g_str_equal (action_name, "win.undo"))
    cd_story_session_undo (self->session);
  else
    cd_story_session_redo (self->session);
}

static void
show_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "editor");
  cd_window_focus_headline (self);
}

/* F6 and Shift+F6 move between the parts of the window, in the order
 * they are read: the story column, the preview, the details panel. A
 * part that is hidden is passed over, and keyboard users never depend
 * on the page inside the preview letting Tab out. */
static void
cycle_pane_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *panes[] = {
    self->story_scroller,
    GTK_WIDGET (self->preview),
    GTK_WIDGET (self->details_panel),
  };
  int n = G_N_ELEMENTS (panes);
  int step = g_str_equal (action_name, "win.next-pane") ? 1 : n - 1;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int current = 0;

  for (int i = 0; i < n; i++)
    {
      if (focus != NULL && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
        current = i;
    }

  for (int k = 1; k <= n; k++)
    {
      GtkWidget *pane = panes[(current + step * k) % n];

      if (!gtk_widget_get_mapped (pane))
        continue;
      if (pane == self->story_scroller && self->story_focus != NULL &&
          gtk_widget_get_mapped (self->story_focus) &&
          gtk_widget_grab_focus (self->story_focus))
        return;
      if (gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD))
        return;
    }
}

void
_cd_window_actions_update (CdWindow *self)
{
  CdHistory *history = cd_story_session_get_history (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 history != NULL && cd_history_can_undo (history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 history != NULL && cd_history_can_redo (history));
}

void
_cd_window_class_actions_init (CdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-html", NULL, copy_html_action);
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "win.preflight", NULL, preflight_action);
  gtk_widget_class_install_action (widget_class, "win.copy-html-single", NULL, copy_html_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.open-exported", "s", open_exported_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.show-editor", NULL, show_editor_action);
  gtk_widget_class_install_action (widget_class, "win.next-pane", NULL, cycle_pane_action);
  gtk_widget_class_install_action (widget_class, "win.previous-pane", NULL, cycle_pane_action);
  gtk_widget_class_install_action (widget_class, "win.check-spelling", NULL, _cd_spell_window_check_spelling);
  gtk_widget_class_install_action (widget_class, "win.use-as-lead-photo", "s", use_as_lead_photo_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-replace", NULL, find_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-preview", "show-preview");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-details", "show-details");
}
