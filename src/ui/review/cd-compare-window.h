/* cd-compare-window.h: two versions of a story side by side, changes marked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_COMPARE_WINDOW (cd_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (CdCompareWindow, cd_compare_window, CD, COMPARE_WINDOW, AdwWindow)

/* Compares the revisions of @article (the story open in @parent, whose
 * undo history is @history) with each other or with its current text.
 * Reverting a change or restoring a revision changes @article as one
 * step of @history; @restored is called after a restore, so the window
 * records it as a revision. */
CdCompareWindow *cd_compare_window_new       (GtkWindow      *parent,
                                              CdArticle      *article,
                                              CdHistory      *history,
                                              const char     *display_name);

/* Which revision is the old side (NULL: the newest that differs from
 * the current text), and the new side (NULL: the current text). */
void             cd_compare_window_select    (CdCompareWindow *self,
                                              const char      *old_id,
                                              const char      *new_id);
CdComparison    *cd_compare_window_get_comparison (CdCompareWindow *self);
/* The change selected in the list, or -1. */
int              cd_compare_window_get_selected   (CdCompareWindow *self);
/* The change list and the page, for tests. */
GtkListBox      *_cd_compare_window_get_list      (CdCompareWindow *self);
GtkWidget       *_cd_compare_window_get_web_view  (CdCompareWindow *self);
/* Whether the page of the current comparison has finished loading. */
gboolean         _cd_compare_window_is_loaded     (CdCompareWindow *self);

G_END_DECLS
