/* cd-link-popover.h: the body editor's popover for a link's address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_LINK_POPOVER (cd_link_popover_get_type ())

G_DECLARE_FINAL_TYPE (CdLinkPopover, cd_link_popover, CD, LINK_POPOVER, GtkPopover)

/* Asks for a link's address: an entry ("Link address"), Apply, and
 * Remove Link when the words are a link already. It changes nothing
 * itself: Apply (or Enter) and Remove Link emit "apply" with the address
 * typed, or NULL to remove the link; the owner applies it, then pops the
 * popover down or shows why the address was refused with
 * cd_link_popover_show_error().
 *
 * Signals:
 *   apply (const char *href): the address to link to, NULL to remove. */

GtkWidget  *cd_link_popover_new         (void);

/* Pops up pointing at @area (in the parent's coordinates) with @href in
 * the entry (NULL: empty, and no Remove Link), and focuses the entry. */
void        cd_link_popover_popup_at    (CdLinkPopover      *self,
                                         const GdkRectangle *area,
                                         const char         *href);
/* Shows @message under the entry; the popover stays up. */
void        cd_link_popover_show_error  (CdLinkPopover      *self,
                                         const char         *message);

G_END_DECLS
