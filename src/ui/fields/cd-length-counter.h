/* cd-length-counter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @text ("Dek 120/160") on @label, coloured for @length against
 * the house limit @limit: dim well within it, amber (.warning) in its
 * last tenth, red (.error) past it, when @over_tooltip is its tooltip.
 * A @limit of 0 (the house style sets none) hides the label. */
void          cd_length_counter_update     (GtkLabel   *label,
                                            const char *text,
                                            guint       length,
                                            guint       limit,
                                            const char *over_tooltip);

G_END_DECLS
