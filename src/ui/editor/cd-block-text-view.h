/* cd-block-text-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_BLOCK_TEXT_VIEW (cd_block_text_view_get_type ())

G_DECLARE_FINAL_TYPE (CdBlockTextView, cd_block_text_view, CD, BLOCK_TEXT_VIEW, GtkTextView)

/* The text view of a block: wraps at word boundaries, draws a placeholder
 * while it is empty and, for a list (@list), a bullet or number before
 * each line. */
GtkWidget    *cd_block_text_view_new          (const char      *placeholder,
                                               gboolean         list);
void          cd_block_text_view_set_ordered  (CdBlockTextView *self,
                                               gboolean         ordered);

/* Whether the view, as it was just allocated, asks for another height:
 * the container that allocated it then calls gtk_widget_queue_resize()
 * on it once its children are allocated, and lays them out again, to
 * show the view at its height in the same frame. */
gboolean      cd_block_text_view_take_resize  (CdBlockTextView *self);

G_END_DECLS
