/* cd-window.c: a window showing one story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-preview.h"
#include "cd-window-private.h"

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *preview_width_button;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  CdPreview            *preview;

  GSettings            *settings;

  GFile                *file;
  CdArticle            *article;
  /* Set while a file is read; cancelled when another open supersedes it. */
  GCancellable         *load_cancellable;
  char                 *error_message;
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_title (CdWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *file_name = NULL;
  const char *headline = NULL;

  if (self->file != NULL)
    {
      basename = g_file_get_basename (self->file);
      file_name = g_filename_display_name (basename);
    }

  if (self->article != NULL)
    headline = cd_article_get_headline (self->article);

  if (headline != NULL && headline[0] != '\0')
    {
      adw_window_title_set_title (self->window_title, headline);
      adw_window_title_set_subtitle (self->window_title, file_name);
      gtk_window_set_title (GTK_WINDOW (self), headline);
    }
  else if (file_name != NULL)
    {
      adw_window_title_set_title (self->window_title, file_name);
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), file_name);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Copydesk"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Copydesk"));
    }
}

static void
update_preview_width_icon (CdWindow *self)
{
  const char *icon_name;

  switch (g_settings_get_enum (self->settings, "preview-width"))
    {
    case CD_PREVIEW_WIDTH_TABLET:
      icon_name = "computer-apple-ipad-symbolic";
      break;
    case CD_PREVIEW_WIDTH_PHONE:
      icon_name = "phone-symbolic";
      break;
    case CD_PREVIEW_WIDTH_DESKTOP:
    default:
      icon_name = "computer-symbolic";
      break;
    }

  gtk_menu_button_set_icon_name (self->preview_width_button, icon_name);
}

static void
show_error (CdWindow   *self,
            const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  g_free (self->error_message);
  self->error_message = g_strdup (message);

  /* With a story on screen the reader keeps it and learns why the other
   * file did not replace it; with nothing on screen the message is the
   * window's content. */
  if (self->article != NULL)
    {
      AdwToast *toast = adw_toast_new (markup);

      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else
    {
      adw_status_page_set_description (self->error_page, markup);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

static void
show_article (CdWindow  *self,
              GFile     *file,
              CdArticle *article)
{
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);

  g_set_object (&self->file, file);
  g_set_object (&self->article, article);
  g_clear_pointer (&self->error_message, g_free);

  g_signal_connect_object (article, "field-changed::headline",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);

  cd_preview_set_article (self->preview, article);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_width_button), TRUE);
  update_title (self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  CdArticle *article;

  article = cd_document_load (file, &error);
  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, g_object_unref);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CdWindow *self = CD_WINDOW (object);
  GTask *task = G_TASK (result);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  article = g_task_propagate_pointer (task, &error);

  /* Another open, or closing the window, made this result moot. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;

  g_clear_object (&self->load_cancellable);

  if (article == NULL)
    show_error (self, error->message);
  else
    show_article (self, g_task_get_task_data (task), article);
}

static gboolean
cd_window_close_request (GtkWindow *window)
{
  CdWindow *self = CD_WINDOW (window);
  int width;
  int height;

  /* The default size stays the unmaximized size while maximized. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 32767));
  g_settings_set_int (self->settings, "window-height", CLAMP (height, 300, 32767));
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_clear_object (&self->article);
  g_clear_object (&self->file);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_finalize (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (cd_window_parent_class)->finalize (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_window_dispose;
  object_class->finalize = cd_window_finalize;

  window_class->close_request = cd_window_close_request;

  g_type_ensure (CD_TYPE_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_width_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview);
}

static void
cd_window_init (CdWindow *self)
{
  g_autoptr(GAction) preview_width_action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "preview-width",
                   self->preview, "page-width",
                   G_SETTINGS_BIND_GET);
  preview_width_action = g_settings_create_action (self->settings, "preview-width");
  g_action_map_add_action (G_ACTION_MAP (self), preview_width_action);
  g_signal_connect_object (self->settings, "changed::preview-width",
                           G_CALLBACK (update_preview_width_icon), self, G_CONNECT_SWAPPED);
  update_preview_width_icon (self);

  update_title (self);
}

CdWindow *
cd_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
cd_window_open (CdWindow *self,
                GFile    *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* A container can hold hundreds of megabytes of media: read it off the
   * main thread so the window stays responsive. */
  task = g_task_new (self, self->load_cancellable, load_cb, NULL);
  g_task_set_source_tag (task, cd_window_open);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

GFile *
cd_window_get_file (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->file;
}

CdArticle *
cd_window_get_article (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->article;
}

gboolean
cd_window_is_empty (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->article == NULL && self->load_cancellable == NULL;
}

CdPreview *
_cd_window_get_preview (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->preview;
}

gboolean
_cd_window_is_loading (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->load_cancellable != NULL;
}

const char *
_cd_window_get_visible_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_cd_window_get_error_message (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->error_message;
}
