/* cd-menu-button.c: habits shared by Copydesk's menu buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-menu-button"

#include "config.h"

#include "cd-menu-button.h"

static void
popover_show_cb (GtkWidget *popover,
                 GtkWidget *button)
{
  gtk_widget_set_has_tooltip (button, FALSE);
}

static void
popover_closed_cb (GtkPopover *popover,
                   GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, TRUE);
}

static void
watch_popover (GtkMenuButton *button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  if (popover == NULL || g_object_get_data (G_OBJECT (popover), "cd-menu-button-watched") != NULL)
    return;

  g_object_set_data (G_OBJECT (popover), "cd-menu-button-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_show_cb), button, 0);
  g_signal_connect_object (popover, "closed", G_CALLBACK (popover_closed_cb), button, 0);
}

static void
notify_popover_cb (GtkMenuButton *button,
                   GParamSpec    *pspec,
                   gpointer       user_data)
{
  watch_popover (button);
}

void
cd_menu_button_hide_tooltip_while_open (GtkMenuButton *button)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  g_signal_connect (button, "notify::popover", G_CALLBACK (notify_popover_cb), NULL);
  watch_popover (button);
}
