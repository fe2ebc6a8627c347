/* cd-wp-sites-page.h: the Publishing page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_WP_SITES_PAGE (cd_wp_sites_page_get_type ())

G_DECLARE_FINAL_TYPE (CdWpSitesPage, cd_wp_sites_page, CD, WP_SITES_PAGE, AdwPreferencesPage)

/* Lists the WordPress sites (name, address, user) and adds and removes
 * them; the application password goes to the keyring. */
GtkWidget    *cd_wp_sites_page_new         (void);

G_END_DECLS
