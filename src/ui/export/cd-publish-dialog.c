/* cd-publish-dialog.c: publishes the story to a WordPress site
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-publish-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-application.h"
#include "cd-publish-dialog-private.h"
#include "cd-wp-publish.h"
#include "cd-wp-sites.h"

struct _CdPublishDialog
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkWidget         *publish_button;
  GtkSpinner        *spinner;
  AdwComboRow       *site_row;
  GtkStringList     *site_list;
  AdwComboRow       *status_row;
  AdwEntryRow       *date_row;
  AdwEntryRow       *slug_row;
  GtkLabel          *summary_label;
  GtkWidget         *progress_group;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;

  GSettings         *settings;
  GPtrArray         *sites;
  CdArticle         *article;
  CdWpPublisher     *publisher;
  GCancellable      *cancellable;

  gboolean           publishing;
  gboolean           create_terms;
  gboolean           overwrite;
};

G_DEFINE_FINAL_TYPE (CdPublishDialog, cd_publish_dialog, ADW_TYPE_WINDOW)

enum {
  PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The status row's order. */
static const char * const statuses[] = { "draft", "pending", "future", "publish" };
enum { STATUS_SCHEDULED = 2 };

static void publish_now (CdPublishDialog *self);

static CdWpSite *
selected_site (CdPublishDialog *self)
{
  guint position = adw_combo_row_get_selected (self->site_row);

  if (self->sites == NULL || position >= self->sites->len)
    return NULL;
  return g_ptr_array_index (self->sites, position);
}

static guint
count_pictures (CdArticle *article)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  CdBlock *lead = cd_article_get_lead (article);

  if (lead != NULL && g_str_has_prefix (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), "media/"))
    g_hash_table_add (seen, (gpointer) cd_block_get_field (lead, CD_BLOCK_FIELD_SRC));
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE &&
          g_str_has_prefix (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), "media/"))
        g_hash_table_add (seen, (gpointer) cd_block_get_field (block, CD_BLOCK_FIELD_SRC));
    }

  return g_hash_table_size (seen);
}

/* What the post will be made of, in words, so nothing is sent unseen. */
static void
update_summary (CdPublishDialog *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  CdWpSite *site = selected_site (self);
  const char *section = cd_article_get_field (self->article, CD_ARTICLE_FIELD_SECTION);
  const char *dek = cd_article_get_field (self->article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const char * const *keywords = cd_article_get_keywords (self->article);
  guint pictures = count_pictures (self->article);
  const CdPublishRecord *record = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->date_row),
                          adw_combo_row_get_selected (self->status_row) == STATUS_SCHEDULED);

  if (site == NULL)
    {
      gtk_label_set_text (self->summary_label,
                          _("No WordPress site yet: add one under Publishing in the preferences."));
      gtk_widget_set_sensitive (self->publish_button, FALSE);
      return;
    }
  gtk_widget_set_sensitive (self->publish_button, !self->publishing);

  g_string_append_printf (text, _("Title: %s"), cd_article_get_headline (self->article));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Excerpt: %s"), dek != NULL && *dek != '\0' ? dek : _("none"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text,
                          ngettext ("%u picture to the media library", "%u pictures to the media library", pictures),
                          pictures);
  if (cd_article_get_lead (self->article) != NULL)
    g_string_append (text, _(", the lead photo as the featured image"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Category: %s"), section != NULL && *section != '\0' ? section : _("none"));
  g_string_append_c (text, '\n');
  if (keywords[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", (char **) keywords);

      g_string_append_printf (text, _("Tags: %s"), tags);
    }
  else
    g_string_append_printf (text, _("Tags: %s"), _("none"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text,
                          ngettext ("The body as blocks (%u block); desk notes are not sent.",
                                    "The body as blocks (%u blocks); desk notes are not sent.",
                                    cd_article_get_n_blocks (self->article)),
                          cd_article_get_n_blocks (self->article));

  record = cd_article_find_publish_record (self->article, site->address);
  if (record != NULL)
    {
      g_string_append (text, "\n\n");
      g_string_append_printf (text, _("Updates the post published there before: %s"),
                              record->link != NULL ? record->link : site->address);
    }

  gtk_label_set_text (self->summary_label, text->str);
}

static void
set_publishing (CdPublishDialog *self,
                gboolean         publishing)
{
  self->publishing = publishing;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), publishing);
  gtk_spinner_set_spinning (self->spinner, publishing);
  gtk_widget_set_sensitive (self->publish_button, !publishing && selected_site (self) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->site_row), !publishing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), !publishing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->date_row), !publishing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->slug_row), !publishing);
  gtk_widget_set_visible (self->progress_group, publishing);
}

static void
progress_cb (CdPublishDialog *self,
             const char      *file,
             guint            done,
             guint            total)
{
  g_autofree char *text = NULL;

  if (file != NULL)
    text = g_strdup_printf (_("Sending %s (%u of %u)…"), file, done + 1, total);
  else
    text = g_strdup (_("Writing the post…"));

  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 CdPublishDialog  *self)
{
  if (g_str_equal (response, "overwrite"))
    self->overwrite = TRUE;
  else if (g_str_equal (response, "create"))
    self->create_terms = TRUE;
  else
    return;

  publish_now (self);
}

/* The two questions the publish can come back with. */
static void
ask (CdPublishDialog *self,
     const char      *heading,
     const char      *body,
     const char      *response,
     const char      *label,
     gboolean         destructive)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (ask_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
publish_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdPublishRecord) record = NULL;

  record = cd_wp_publisher_publish_finish (CD_WP_PUBLISHER (source), result, &error);
  set_publishing (self, FALSE);
  g_clear_object (&self->publisher);

  if (record != NULL)
    {
      g_signal_emit (self, signals[PUBLISHED], 0, record);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, CD_WP_ERROR, CD_WP_ERROR_CONFLICT))
    ask (self, _("Post Changed on the Site"), error->message, "overwrite", _("_Overwrite"), TRUE);
  else if (g_error_matches (error, CD_WP_ERROR, CD_WP_ERROR_MISSING_TERMS))
    ask (self, _("Create Category and Tags?"), error->message, "create", _("C_reate and Publish"), FALSE);
  else
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = cd_wp_site_lookup_password_finish (result, &error);
  g_autofree char *slug = NULL;
  g_autofree char *date = NULL;
  CdWpPublishOptions options;
  CdWpSite *site = selected_site (self);
  guint status = adw_combo_row_get_selected (self->status_row);

  if (site == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_publishing (self, FALSE);
      if (error != NULL)
        gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (password == NULL)
    {
      g_autofree char *message = NULL;

      if (error != NULL)
        message = g_strdup_printf (_("The keyring could not be read: %s"), error->message);
      else
        message = g_strdup_printf (_("The keyring holds no application password for %s; add the site again in the preferences."),
                                   site->name);
      set_publishing (self, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  self->publisher = cd_wp_publisher_new (site->address, site->user, password, &error);
  memset (password, 0, strlen (password));
  if (self->publisher == NULL)
    {
      set_publishing (self, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_signal_connect_object (self->publisher, "progress", G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);

  slug = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->slug_row))));
  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));

  cd_wp_publish_options_init (&options);
  options.status = statuses[MIN (status, G_N_ELEMENTS (statuses) - 1)];
  options.slug = *slug != '\0' ? slug : NULL;
  options.date = status == STATUS_SCHEDULED && *date != '\0' ? date : NULL;
  options.create_terms = self->create_terms;
  options.overwrite = self->overwrite;

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->progress_label, _("Connecting…"));
  cd_wp_publisher_publish_async (self->publisher, self->article, &options, self->cancellable,
                                 publish_cb, g_object_ref (self));
}

static void
publish_now (CdPublishDialog *self)
{
  CdWpSite *site = selected_site (self);

  if (site == NULL || self->publishing)
    return;

  set_publishing (self, TRUE);
  cd_wp_site_lookup_password_async (site->address, site->user, self->cancellable,
                                    password_cb, g_object_ref (self));
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdPublishDialog *self = CD_PUBLISH_DIALOG (widget);

  /* A fresh start asks again about terms and conflicts. */
  self->create_terms = FALSE;
  self->overwrite = FALSE;
  publish_now (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdPublishDialog *self = CD_PUBLISH_DIALOG (widget);

  /* The dialog closes once the publish has stopped. */
  if (self->publishing)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
load_sites (CdPublishDialog *self)
{
  g_clear_pointer (&self->sites, g_ptr_array_unref);
  self->sites = cd_wp_sites_list (self->settings);

  gtk_string_list_splice (self->site_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->site_list)), NULL);
  for (guint i = 0; i < self->sites->len; i++)
    {
      CdWpSite *site = g_ptr_array_index (self->sites, i);

      gtk_string_list_append (self->site_list, site->name);
    }
}

static void
cd_publish_dialog_dispose (GObject *object)
{
  CdPublishDialog *self = CD_PUBLISH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PUBLISH_DIALOG);

  G_OBJECT_CLASS (cd_publish_dialog_parent_class)->dispose (object);
}

static void
cd_publish_dialog_finalize (GObject *object)
{
  CdPublishDialog *self = CD_PUBLISH_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->sites, g_ptr_array_unref);
  g_clear_object (&self->article);
  g_clear_object (&self->publisher);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_publish_dialog_parent_class)->finalize (object);
}

static void
cd_publish_dialog_class_init (CdPublishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_publish_dialog_dispose;
  object_class->finalize = cd_publish_dialog_finalize;

  signals[PUBLISHED] =
    g_signal_new ("published",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_PUBLISH_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/copydesk/Copydesk/ui/cd-publish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, publish_button);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, site_list);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, slug_row);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CdPublishDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "publish.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "publish.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "publish.cancel", NULL);
}

static void
cd_publish_dialog_init (CdPublishDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  self->cancellable = g_cancellable_new ();
}

CdPublishDialog *
cd_publish_dialog_new (GtkWindow *parent,
                       CdArticle *article)
{
  CdPublishDialog *self;
  const char *embargo;
  const char *slug;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  self = g_object_new (CD_TYPE_PUBLISH_DIALOG, "transient-for", parent, NULL);
  self->article = g_object_ref (article);

  load_sites (self);

  /* A story under embargo goes out when it lifts. */
  embargo = cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO);
  if (embargo != NULL && *embargo != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->date_row), embargo);
  slug = cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG);
  if (slug != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->slug_row), slug);

  g_signal_connect_object (self->site_row, "notify::selected",
                           G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  update_summary (self);

  return self;
}

GtkLabel *
_cd_publish_dialog_get_summary_label (CdPublishDialog *self)
{
  g_return_val_if_fail (CD_IS_PUBLISH_DIALOG (self), NULL);

  return self->summary_label;
}

GtkWidget *
_cd_publish_dialog_get_publish_button (CdPublishDialog *self)
{
  g_return_val_if_fail (CD_IS_PUBLISH_DIALOG (self), NULL);

  return self->publish_button;
}

AdwComboRow *
_cd_publish_dialog_get_status_row (CdPublishDialog *self)
{
  g_return_val_if_fail (CD_IS_PUBLISH_DIALOG (self), NULL);

  return self->status_row;
}

AdwEntryRow *
_cd_publish_dialog_get_date_row (CdPublishDialog *self)
{
  g_return_val_if_fail (CD_IS_PUBLISH_DIALOG (self), NULL);

  return self->date_row;
}

AdwEntryRow *
_cd_publish_dialog_get_slug_row (CdPublishDialog *self)
{
  g_return_val_if_fail (CD_IS_PUBLISH_DIALOG (self), NULL);

  return self->slug_row;
}
