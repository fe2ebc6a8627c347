/* cd-wp-sites-page.c: the Publishing page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wp-sites-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-application.h"
#include "cd-wp-publish.h"
#include "cd-wp-sites.h"
#include "cd-wp-sites-page.h"

struct _CdWpSitesPage
{
  AdwPreferencesPage  parent_instance;

  AdwPreferencesGroup *sites_group;
  GtkWidget           *empty_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *address_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;

  GSettings           *settings;
  GPtrArray           *rows;      /* the site rows shown */
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (CdWpSitesPage, cd_wp_sites_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (CdWpSitesPage *self,
            const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
}

static void
remove_clicked_cb (GtkButton     *button,
                   CdWpSitesPage *self)
{
  const char *address = g_object_get_data (G_OBJECT (button), "address");

  cd_wp_sites_remove (self->settings, address);
}

static void
sites_changed_cb (CdWpSitesPage *self)
{
  g_autoptr(GPtrArray) sites = cd_wp_sites_list (self->settings);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->sites_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < sites->len; i++)
    {
      CdWpSite *site = g_ptr_array_index (sites, i);
      g_autofree char *subtitle = g_strdup_printf (_("%s as %s"), site->address, site->user);
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), site->name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), site->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      g_object_set_data_full (G_OBJECT (remove), "address", g_strdup (site->address), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      adw_preferences_group_add (self->sites_group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (self->empty_row, sites->len == 0);
}

typedef struct
{
  CdWpSitesPage *self;
  char          *name;
  char          *address;
  char          *user;
} AddSite;

static void
add_site_free (AddSite *add)
{
  g_clear_object (&add->self);
  g_free (add->name);
  g_free (add->address);
  g_free (add->user);
  g_free (add);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AddSite *add = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_wp_site_store_password_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The password could not be kept in the keyring: %s"),
                                                      error->message);

          show_toast (add->self, message);
        }
      add_site_free (add);
      return;
    }

  cd_wp_sites_add (add->self->settings, add->name, add->address, add->user);
  gtk_editable_set_text (GTK_EDITABLE (add->self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (add->self->address_row), "");
  gtk_editable_set_text (GTK_EDITABLE (add->self->user_row), "");
  gtk_editable_set_text (GTK_EDITABLE (add->self->password_row), "");
  add_site_free (add);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CdWpSitesPage *self = CD_WP_SITES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *address_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *address = NULL;
  AddSite *add;

  if (*address_text == '\0' || *user == '\0' || *password == '\0')
    {
      show_toast (self, _("A site needs an address, a user name and an application password"));
      return;
    }

  address = cd_wp_site_normalize (address_text, &error);
  if (address == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      show_toast (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");

  add = g_new0 (AddSite, 1);
  add->self = g_object_ref (self);
  add->name = *name != '\0' ? g_steal_pointer (&name) : g_strdup (address);
  add->address = g_steal_pointer (&address);
  add->user = g_steal_pointer (&user);
  cd_wp_site_store_password_async (add->address, add->user, password, self->cancellable, stored_cb, add);
}

static void
cd_wp_sites_page_dispose (GObject *object)
{
  CdWpSitesPage *self = CD_WP_SITES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WP_SITES_PAGE);

  G_OBJECT_CLASS (cd_wp_sites_page_parent_class)->dispose (object);
}

static void
cd_wp_sites_page_finalize (GObject *object)
{
  CdWpSitesPage *self = CD_WP_SITES_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_wp_sites_page_parent_class)->finalize (object);
}

static void
cd_wp_sites_page_class_init (CdWpSitesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_wp_sites_page_dispose;
  object_class->finalize = cd_wp_sites_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/copydesk/Copydesk/ui/cd-wp-sites-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWpSitesPage, sites_group);
  gtk_widget_class_bind_template_child (widget_class, CdWpSitesPage, empty_row);
  gtk_widget_class_bind_template_child (widget_class, CdWpSitesPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CdWpSitesPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, CdWpSitesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, CdWpSitesPage, password_row);

  gtk_widget_class_install_action (widget_class, "sites.add", NULL, add_action);
}

static void
cd_wp_sites_page_init (CdWpSitesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (self->settings, "changed::publish-sites",
                           G_CALLBACK (sites_changed_cb), self, G_CONNECT_SWAPPED);
  sites_changed_cb (self);
}

GtkWidget *
cd_wp_sites_page_new (void)
{
  return g_object_new (CD_TYPE_WP_SITES_PAGE, NULL);
}
