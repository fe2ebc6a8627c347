/* cd-wp-sites.h: the WordPress sites a desk publishes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A site as the "publish-sites" setting lists it. The application
 * password is not part of it: it is kept in the keyring, looked up by
 * address and user name. */
typedef struct
{
  char *name;
  char *address;  /* normalized, cd_wp_site_normalize() */
  char *user;
} CdWpSite;

void          cd_wp_site_free              (CdWpSite            *site);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdWpSite, cd_wp_site_free)

/* The sites, in the order they were added: a GPtrArray of CdWpSite. */
GPtrArray    *cd_wp_sites_list             (GSettings           *settings);
/* Adds a site, or replaces the one with the same address. */
void          cd_wp_sites_add              (GSettings           *settings,
                                            const char          *name,
                                            const char          *address,
                                            const char          *user);
void          cd_wp_sites_remove           (GSettings           *settings,
                                            const char          *address);

/* The keyring. */
void          cd_wp_site_store_password_async  (const char          *address,
                                                const char          *user,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      cd_wp_site_store_password_finish (GAsyncResult        *result,
                                                GError             **error);
/* NULL without an error when the keyring has no password for the site. */
void          cd_wp_site_lookup_password_async (const char          *address,
                                                const char          *user,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char         *cd_wp_site_lookup_password_finish (GAsyncResult       *result,
                                                 GError            **error);
void          cd_wp_site_clear_password    (const char          *address,
                                            const char          *user);

G_END_DECLS
