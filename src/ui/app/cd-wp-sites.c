/* cd-wp-sites.c: the WordPress sites a desk publishes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wp-sites"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "cd-wp-sites.h"

#define SITES_KEY "publish-sites"

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.copydesk.Copydesk.WordPress", SECRET_SCHEMA_NONE,
    {
      { "site", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

void
cd_wp_site_free (CdWpSite *site)
{
  if (site == NULL)
    return;

  g_free (site->name);
  g_free (site->address);
  g_free (site->user);
  g_free (site);
}

GPtrArray *
cd_wp_sites_list (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, SITES_KEY);
  GPtrArray *sites = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_wp_site_free);
  GVariantIter iter;
  const char *name, *address, *user;

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &name, &address, &user))
    {
      CdWpSite *site = g_new0 (CdWpSite, 1);

      site->name = g_strdup (name);
      site->address = g_strdup (address);
      site->user = g_strdup (user);
      g_ptr_array_add (sites, site);
    }

  return sites;
}

static void
store_sites (GSettings *settings,
             GPtrArray *sites)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < sites->len; i++)
    {
      CdWpSite *site = g_ptr_array_index (sites, i);

      g_variant_builder_add (&builder, "(sss)", site->name, site->address, site->user);
    }
  g_settings_set_value (settings, SITES_KEY, g_variant_builder_end (&builder));
}

void
cd_wp_sites_add (GSettings  *settings,
                 const char *name,
                 const char *address,
                 const char *user)
{
  g_autoptr(GPtrArray) sites = cd_wp_sites_list (settings);
  CdWpSite *site = NULL;

  for (guint i = 0; i < sites->len && site == NULL; i++)
    {
      CdWpSite *other = g_ptr_array_index (sites, i);

      if (g_str_equal (other->address, address))
        site = other;
    }

  if (site == NULL)
    {
      site = g_new0 (CdWpSite, 1);
      g_ptr_array_add (sites, site);
    }

  g_free (site->name);
  g_free (site->address);
  g_free (site->user);
  site->name = g_strdup (name);
  site->address = g_strdup (address);
  site->user = g_strdup (user);

  store_sites (settings, sites);
}

void
cd_wp_sites_remove (GSettings  *settings,
                    const char *address)
{
  g_autoptr(GPtrArray) sites = cd_wp_sites_list (settings);

  for (guint i = 0; i < sites->len; i++)
    {
      CdWpSite *site = g_ptr_array_index (sites, i);

      if (g_str_equal (site->address, address))
        {
          cd_wp_site_clear_password (site->address, site->user);
          g_ptr_array_remove_index (sites, i);
          break;
        }
    }

  store_sites (settings, sites);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_wp_site_store_password_async (const char          *address,
                                 const char          *user,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("WordPress application password for %s on %s"), user, address);

  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, task,
                         "site", address,
                         "user", user,
                         NULL);
}

gboolean
cd_wp_site_store_password_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      /* Ours to free with g_free(); the keyring's copy is wiped now. */
      g_task_return_pointer (task, g_strdup (password), g_free);
      secret_password_free (password);
    }
}

void
cd_wp_site_lookup_password_async (const char          *address,
                                  const char          *user,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  secret_password_lookup (password_schema (), cancellable, lookup_cb, task,
                          "site", address,
                          "user", user,
                          NULL);
}

char *
cd_wp_site_lookup_password_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cd_wp_site_clear_password (const char *address,
                           const char *user)
{
  /* Nothing waits for it: a site removed from the list is gone for the
   * user whether or not the keyring answers. */
  secret_password_clear (password_schema (), NULL, NULL, NULL,
                         "site", address,
                         "user", user,
                         NULL);
}
