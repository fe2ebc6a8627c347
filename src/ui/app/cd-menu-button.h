/* cd-menu-button.h: habits shared by Copydesk's menu buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Hides @button's tooltip while its menu is open: the tooltip would lie
 * over the menu's first item. Works for a popover made later, as a
 * create-popup function does. */
void cd_menu_button_hide_tooltip_while_open (GtkMenuButton *button);

G_END_DECLS
