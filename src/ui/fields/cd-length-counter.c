/* cd-length-counter.c: a length against the house limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-length-counter"

#include "config.h"

#include "cd-length-counter.h"

void
cd_length_counter_update (GtkLabel   *label,
                          const char *text,
                          guint       length,
                          guint       limit,
                          const char *over_tooltip)
{
  GtkWidget *widget = GTK_WIDGET (label);
  /* The last tenth of the limit warns before the line is crossed. */
  guint near = limit - limit / 10;
  gboolean over = length > limit;
  gboolean close = !over && length >= near;

  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_visible (widget, limit > 0);
  if (limit == 0)
    return;

  gtk_label_set_label (label, text);
  if (over)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  if (close)
    gtk_widget_add_css_class (widget, "warning");
  else
    gtk_widget_remove_css_class (widget, "warning");
  if (over || close)
    gtk_widget_remove_css_class (widget, "dim-label");
  else
    gtk_widget_add_css_class (widget, "dim-label");
  gtk_widget_set_tooltip_text (widget, over ? over_tooltip : NULL);
}
