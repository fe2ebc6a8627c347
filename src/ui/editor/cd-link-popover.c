/* cd-link-popover.c: the body editor's popover for a link's address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-link-popover"

#include "config.h"

#include "cd-link-popover.h"

struct _CdLinkPopover
{
  GtkPopover  parent_instance;

  GtkWidget  *entry;
  GtkWidget  *message;
  GtkWidget  *remove_button;
};

G_DEFINE_FINAL_TYPE (CdLinkPopover, cd_link_popover, GTK_TYPE_POPOVER)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
apply_cb (CdLinkPopover *self)
{
  g_signal_emit (self, signals[APPLY], 0, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
remove_cb (CdLinkPopover *self)
{
  g_signal_emit (self, signals[APPLY], 0, NULL);
}

GtkWidget *
cd_link_popover_new (void)
{
  return g_object_new (CD_TYPE_LINK_POPOVER, NULL);
}

void
cd_link_popover_popup_at (CdLinkPopover      *self,
                          const GdkRectangle *area,
                          const char         *href)
{
  g_return_if_fail (CD_IS_LINK_POPOVER (self));
  g_return_if_fail (area != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), href != NULL ? href : "");
  gtk_widget_set_visible (self->remove_button, href != NULL);
  gtk_widget_set_visible (self->message, FALSE);

  gtk_popover_set_pointing_to (GTK_POPOVER (self), area);
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (self->entry);
}

void
cd_link_popover_show_error (CdLinkPopover *self,
                            const char    *message)
{
  g_return_if_fail (CD_IS_LINK_POPOVER (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_text (GTK_LABEL (self->message), message);
  gtk_widget_set_visible (self->message, TRUE);
}

static void
cd_link_popover_class_init (CdLinkPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[APPLY] =
    g_signal_new ("apply",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-link-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, CdLinkPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, CdLinkPopover, message);
  gtk_widget_class_bind_template_child (widget_class, CdLinkPopover, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_cb);
}

static void
cd_link_popover_init (CdLinkPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
