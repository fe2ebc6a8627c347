/* cd-export-dialog.c: exports the story for publication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-accessible.h"
#include "cd-application.h"
#include "cd-export-dialog-private.h"
#include "cd-house-style.h"
#include "cd-story-fields.h"
#include "cd-story-snapshot.h"

struct _CdExportDialog
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkLabel          *announcer;
  GtkWidget         *export_button;
  GtkSpinner        *spinner;
  AdwComboRow       *format_row;
  AdwComboRow       *embed_row;

  GSettings         *settings;
  CdArticle         *article;
  GFile             *story_file;

  gboolean           exporting;
  gboolean           disposed;
  char              *error_message;
};

G_DEFINE_FINAL_TYPE (CdExportDialog, cd_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Indexed by CdExportFormat, which follows the order of the format row
 * and the values of the "export-format" setting. The first extension is
 * the one a name gets when it has none of them. */
static const struct
{
  const char *extension;
  const char *other_extension;
  const char *description;
} formats[] = {
  { ".html", ".htm", N_("A page for the web; its images go to a folder named after it") },
  { ".html", ".htm", N_("One page with the stylesheet and the images inside it") },
  { ".html", ".htm", N_("The story alone, for a CMS; its images go to a folder named after it") },
  { ".xml", ".nitf", N_("IPTC wire XML; its images go to the folder “media” beside it") },
  { ".ninjs.json", ".json", N_("IPTC wire JSON, with the images inside it") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == CD_EXPORT_FORMAT_NINJS + 1);

static gboolean
format_is_html (CdExportFormat format)
{
  return format == CD_EXPORT_FORMAT_HTML ||
         format == CD_EXPORT_FORMAT_HTML_SINGLE ||
         format == CD_EXPORT_FORMAT_HTML_FRAGMENT;
}

/* The export job: a copy of the story and everything the worker thread
 * needs, so it touches nothing the main thread owns. */
typedef struct
{
  CdStorySnapshot *snapshot;
  CdExportFormat   format;
  CdEmbedMode      embeds;
  char            *stylesheet;
  char            *base_url;
  GFile           *output;
  char            *display_name;
  /* Held while the thread works, so the process outlives the windows. */
  GApplication    *application;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->snapshot, cd_story_snapshot_free);
  g_free (job->stylesheet);
  g_free (job->base_url);
  g_clear_object (&job->output);
  g_free (job->display_name);
  if (job->application != NULL)
    g_application_release (job->application);
  g_clear_object (&job->application);
  g_free (job);
}

/* copydesk-convert writes through the same call. */
static gboolean
export_article (CdArticle  *article,
                const Job  *job,
                GError    **error)
{
  CdExportOptions options;

  cd_export_options_init (&options);
  options.embeds = job->embeds;
  options.stylesheet = job->stylesheet;
  options.base_url = job->base_url;

  return cd_export_write (article, job->format, &options, job->output, NULL, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CdArticle) article = NULL;
  GError *error = NULL;

  article = cd_story_snapshot_build (job->snapshot, job->display_name, &error);
  /* Taken apart in this thread, not with the job on the main thread. */
  g_clear_pointer (&job->snapshot, cd_story_snapshot_free);
  if (article == NULL || !export_article (article, job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_exporting (CdExportDialog *self,
               gboolean        exporting)
{
  self->exporting = exporting;

  if (self->disposed)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), exporting);
  gtk_spinner_set_spinning (self->spinner, exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-file", !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->embed_row),
                            !exporting && format_is_html (_cd_export_dialog_get_format (self)));
}

static void
show_error (CdExportDialog *self,
            const char     *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast;

  g_free (self->error_message);
  self->error_message = g_strdup (message);

  if (self->disposed)
    {
      g_warning ("%s", message);
      return;
    }

  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  cd_accessible_announce (self->announcer, message);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdExportDialog *self = CD_EXPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  set_exporting (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The dialog stays, so another place or format can be tried. */
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[EXPORTED], 0, job->output);

  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Only an http or https address names where a page is published. */
static char *
get_base_url (GSettings *settings)
{
  g_autofree char *text = g_settings_get_string (settings, "base-url");
  const char *scheme;

  g_strstrip (text);
  scheme = g_uri_peek_scheme (text);
  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      !g_uri_is_valid (text, G_URI_FLAGS_NONE, NULL))
    return NULL;

  return g_steal_pointer (&text);
}

static void
export_to (CdExportDialog *self,
           GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *house_style = NULL;
  GApplication *application;
  Job *job;

  if (self->exporting)
    return;

  g_clear_pointer (&self->error_message, g_free);

  job = g_new0 (Job, 1);
  job->snapshot = cd_story_snapshot_new (self->article);
  job->format = _cd_export_dialog_get_format (self);
  job->embeds = _cd_export_dialog_get_embed_mode (self);
  job->output = g_object_ref (file);
  job->display_name = cd_file_get_display_basename (file);
  job->base_url = get_base_url (self->settings);
  house_style = g_settings_get_string (self->settings, "house-style");
  job->stylesheet = g_strdup (cd_house_style_get_stylesheet (house_style));

  /* The choices the story was exported with are the next export's. */
  g_settings_set_enum (self->settings, "export-format", job->format);
  if (format_is_html (job->format))
    g_settings_set_enum (self->settings, "embed-mode", job->embeds);

  application = g_application_get_default ();
  if (application != NULL)
    {
      job->application = g_object_ref (application);
      g_application_hold (application);
    }

  set_exporting (self, TRUE);

  /* A page with large pictures takes a while to write: the thread works
   * on a copy of the story. */
  task = g_task_new (self, NULL, export_cb, NULL);
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

/* A name without the format's extension gets it, so the file opens in
 * the program meant for it. */
static GFile *
with_extension (GFile          *file,
                CdExportFormat  format)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *folded = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (basename == NULL || parent == NULL)
    return g_object_ref (file);

  folded = g_utf8_casefold (basename, -1);
  if (g_str_has_suffix (folded, formats[format].extension) ||
      g_str_has_suffix (folded, formats[format].other_extension))
    return g_object_ref (file);

  name = g_strconcat (basename, formats[format].extension, NULL);
  return g_file_get_child (parent, name);
}

static void
file_chosen (CdExportDialog *self,
             GFile          *file)
{
  g_autoptr(GFile) target = with_extension (file, _cd_export_dialog_get_format (self));

  export_to (self, target);
}

static GtkFileFilter *
format_filter (CdExportFormat format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (format_is_html (format))
    {
      gtk_file_filter_set_name (filter, _("Web Pages"));
      gtk_file_filter_add_mime_type (filter, "text/html");
    }
  else if (format == CD_EXPORT_FORMAT_NITF)
    {
      gtk_file_filter_set_name (filter, _("NITF Stories"));
      gtk_file_filter_add_mime_type (filter, "application/xml");
      gtk_file_filter_add_suffix (filter, "nitf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("ninjs Stories"));
      gtk_file_filter_add_mime_type (filter, "application/json");
      gtk_file_filter_add_suffix (filter, "ninjs");
    }

  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdExportDialog) self = user_data;
  g_autoptr(GFile) file = NULL;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (file != NULL && !self->disposed)
    file_chosen (self, file);
}

static void
run_file_chooser (CdExportDialog *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = format_filter (_cd_export_dialog_get_format (self));
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GFile) folder = self->story_file != NULL ? g_file_get_parent (self->story_file) : NULL;
  g_autofree char *name = _cd_export_dialog_get_suggested_name (self);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Export Story"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_initial_name (dialog, name);
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, save_dialog_cb, g_object_ref (self));
}

#else

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CdExportDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL && !self->disposed)
    file_chosen (self, file);
}

static void
run_file_chooser (CdExportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = format_filter (_cd_export_dialog_get_format (self));
  g_autoptr(GFile) folder = self->story_file != NULL ? g_file_get_parent (self->story_file) : NULL;
  g_autofree char *name = _cd_export_dialog_get_suggested_name (self);

  chooser = gtk_file_chooser_native_new (_("Export Story"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#endif

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdExportDialog *self = CD_EXPORT_DIALOG (widget);

  if (!self->exporting)
    run_file_chooser (self);
}

static void
update_rows (CdExportDialog *self)
{
  CdExportFormat format = _cd_export_dialog_get_format (self);
  gboolean html = format_is_html (format);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), _(formats[format].description));

  gtk_widget_set_sensitive (GTK_WIDGET (self->embed_row), html && !self->exporting);
  if (!html)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->embed_row),
                                 _("Wire formats carry each post as its stored text and a link"));
  else if (_cd_export_dialog_get_embed_mode (self) == CD_EMBEDS_OFFICIAL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->embed_row),
                                 _("The provider’s own embed and script, which can track readers"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->embed_row),
                                 _("A card from the stored post; nothing loads from the provider"));
}

static gboolean
cd_export_dialog_close_request (GtkWindow *window)
{
  CdExportDialog *self = CD_EXPORT_DIALOG (window);

  /* A half-written export would leave the producer guessing: the dialog
   * closes once the file is on disk. */
  if (self->exporting)
    return TRUE;

  return GTK_WINDOW_CLASS (cd_export_dialog_parent_class)->close_request (window);
}

static void
cd_export_dialog_dispose (GObject *object)
{
  CdExportDialog *self = CD_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->article);
  g_clear_object (&self->story_file);

  G_OBJECT_CLASS (cd_export_dialog_parent_class)->dispose (object);
}

static void
cd_export_dialog_finalize (GObject *object)
{
  CdExportDialog *self = CD_EXPORT_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (cd_export_dialog_parent_class)->finalize (object);
}

static void
cd_export_dialog_class_init (CdExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_export_dialog_dispose;
  object_class->finalize = cd_export_dialog_finalize;
  window_class->close_request = cd_export_dialog_close_request;

  signals[EXPORTED] =
    g_signal_new ("exported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/copydesk/Copydesk/ui/cd-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdExportDialog, announcer);
  gtk_widget_class_bind_template_child (widget_class, CdExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CdExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CdExportDialog, embed_row);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_export_dialog_init (CdExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  adw_combo_row_set_selected (self->format_row, g_settings_get_enum (self->settings, "export-format"));
  adw_combo_row_set_selected (self->embed_row, g_settings_get_enum (self->settings, "embed-mode"));

  g_signal_connect_object (self->format_row, "notify::selected",
                           G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->embed_row, "notify::selected",
                           G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
  update_rows (self);

  gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
}

CdExportDialog *
cd_export_dialog_new (GtkWindow *parent,
                      CdArticle *article,
                      GFile     *story_file)
{
  CdExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (story_file == NULL || G_IS_FILE (story_file), NULL);

  self = g_object_new (CD_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->article = g_object_ref (article);
  g_set_object (&self->story_file, story_file);

  return self;
}

/* The name an export of @article is offered under, without extension:
 * its slug, else one made from its headline. */
static char *
suggested_stem (CdArticle *article)
{
  const char *slug = cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG);
  g_autofree char *from_headline = NULL;

  if (slug != NULL && slug[0] != '\0' && strchr (slug, '/') == NULL)
    return g_strdup (slug);

  from_headline = cd_slug_from_headline (cd_article_get_headline (article));
  if (from_headline != NULL && from_headline[0] != '\0')
    return g_steal_pointer (&from_headline);

  /* Translators: the file name of an exported story without a headline */
  return g_strdup (_("story"));
}

gboolean
cd_export_copy_html (CdArticle     *article,
                     GdkClipboard  *clipboard,
                     gboolean       single_file,
                     GError       **error)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GBytes) html_bytes = NULL;
  g_autoptr(GBytes) text_bytes = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *base_url = NULL;
  GdkContentProvider *providers[2];
  char *html;
  char *text;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);

  /* The images are where an export of the story puts them, under the
   * address stories are published at when the preferences name one. */
  stem = suggested_stem (article);
  base_url = get_base_url (settings);
  html = cd_html_write_copy (article, stem, base_url, single_file, error);
  if (html == NULL)
    return FALSE;
  html_bytes = g_bytes_new_take (html, strlen (html));
  text = cd_html_write_text (article);
  text_bytes = g_bytes_new_take (text, strlen (text));

  /* Rich editors take the markup; a plain text field takes the words. */
  providers[0] = gdk_content_provider_new_for_bytes ("text/html", html_bytes);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", text_bytes);
  content = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));

  gdk_clipboard_set_content (clipboard, content);

  return TRUE;
}

CdExportFormat
_cd_export_dialog_get_format (CdExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (CD_IS_EXPORT_DIALOG (self), CD_EXPORT_FORMAT_HTML);

  selected = adw_combo_row_get_selected (self->format_row);
  if (selected > CD_EXPORT_FORMAT_NINJS)
    return CD_EXPORT_FORMAT_HTML;

  return (CdExportFormat) selected;
}

void
_cd_export_dialog_set_format (CdExportDialog *self,
                              CdExportFormat  format)
{
  g_return_if_fail (CD_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format <= CD_EXPORT_FORMAT_NINJS);

  adw_combo_row_set_selected (self->format_row, format);
}

CdEmbedMode
_cd_export_dialog_get_embed_mode (CdExportDialog *self)
{
  g_return_val_if_fail (CD_IS_EXPORT_DIALOG (self), CD_EMBEDS_STATIC);

  return adw_combo_row_get_selected (self->embed_row) == CD_EMBEDS_OFFICIAL ? CD_EMBEDS_OFFICIAL : CD_EMBEDS_STATIC;
}

void
_cd_export_dialog_set_embed_mode (CdExportDialog *self,
                                  CdEmbedMode     embeds)
{
  g_return_if_fail (CD_IS_EXPORT_DIALOG (self));
  g_return_if_fail (embeds == CD_EMBEDS_STATIC || embeds == CD_EMBEDS_OFFICIAL);

  adw_combo_row_set_selected (self->embed_row, embeds);
}

char *
_cd_export_dialog_get_suggested_name (CdExportDialog *self)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (CD_IS_EXPORT_DIALOG (self), NULL);

  stem = suggested_stem (self->article);

  return g_strconcat (stem, formats[_cd_export_dialog_get_format (self)].extension, NULL);
}

void
_cd_export_dialog_export_to (CdExportDialog *self,
                             GFile          *file)
{
  g_return_if_fail (CD_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  file_chosen (self, file);
}

gboolean
_cd_export_dialog_is_exporting (CdExportDialog *self)
{
  g_return_val_if_fail (CD_IS_EXPORT_DIALOG (self), FALSE);

  return self->exporting;
}

const char *
_cd_export_dialog_get_error_message (CdExportDialog *self)
{
  g_return_val_if_fail (CD_IS_EXPORT_DIALOG (self), NULL);

  return self->error_message;
}
