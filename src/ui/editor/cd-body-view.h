/* cd-body-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_BODY_VIEW (cd_body_view_get_type ())

G_DECLARE_FINAL_TYPE (CdBodyView, cd_body_view, CD, BODY_VIEW, GtkTextView)

/* The text view of a story's body: draws a bullet before each line
 * tagged CD_BODY_VIEW_LIST_TAG, or its number in a run of lines tagged
 * CD_BODY_VIEW_ORDERED_TAG as well. */
#define CD_BODY_VIEW_LIST_TAG    "style-list"
#define CD_BODY_VIEW_ORDERED_TAG "style-ordered"

/* The child anchor of a widget's holder in the body's text. */
#define CD_BODY_VIEW_ANCHOR_KEY "cd-body-anchor"

GtkWidget    *cd_body_view_new             (void);
gboolean      cd_body_view_anchor_is_near  (CdBodyView         *self,
                                            GtkTextChildAnchor *anchor);
gboolean      cd_body_view_anchor_is_within (CdBodyView         *self,
                                             GtkTextChildAnchor *anchor,
                                             double              pages);

G_END_DECLS
