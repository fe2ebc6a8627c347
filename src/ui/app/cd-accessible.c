/* cd-accessible.c: what assistive technology hears, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-accessible"

#include "config.h"

#include "cd-accessible.h"

/* GTK 4.8 names a button with a mnemonic twice over: once from the raw
 * label ("_Open") and once from the label widget that points at it
 * ("Open"), so a screen reader says "underscore Open Open". The label
 * widget alone gives the words a sighted user reads, so the raw one is
 * dropped as each button is realized, before anyone can reach it,
 * wherever it was built: our templates, libadwaita's dialogs, GTK's own.
 * ("notify" takes no emission hooks; "realize" does.) */
static gboolean
button_realize_hook_cb (GSignalInvocationHint *hint,
                        guint                  n_values,
                        const GValue          *values,
                        gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (GTK_IS_BUTTON (object) &&
      gtk_button_get_use_underline (GTK_BUTTON (object)) &&
      gtk_button_get_label (GTK_BUTTON (object)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL);

  return TRUE;
}

void
cd_accessible_init (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      /* The signal exists once the class does, which stays for good. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                                  button_realize_hook_cb, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

void
cd_accessible_set_name (GtkWidget  *widget,
                        const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  /* GTK 4.8 adds the names of every labelled-by label to the name, which
   * would repeat the words ("Caption Caption"). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

void
cd_accessible_announce (GtkLabel   *announcer,
                        const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (announcer));
  g_return_if_fail (message != NULL);

  /* GTK 4.8 has no gtk_accessible_announce (), and tells AT-SPI nothing
   * when a widget it has not shown to a reader appears. So the alert
   * stays in the tree, empty and transparent, and a message changes its
   * name (object:property-change:accessible-name) and adds it afresh to
   * its parent (object:children-changed:add of an alert), which is
   * heard even when the message repeats. */
  gtk_widget_set_visible (GTK_WIDGET (announcer), FALSE);
  gtk_label_set_text (announcer, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (announcer),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (announcer), TRUE);
}
