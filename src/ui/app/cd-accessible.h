/* cd-accessible.h: what assistive technology hears, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void cd_accessible_init     (void);
/* Sets @widget's accessible name to @name alone, dropping the names of
 * labels that point at it. */
void cd_accessible_set_name (GtkWidget  *widget,
                             const char *name);
/* Has assistive technology read @message out: @announcer is an empty,
 * transparent label whose accessible role is alert. */
void cd_accessible_announce (GtkLabel   *announcer,
                             const char *message);

G_END_DECLS
