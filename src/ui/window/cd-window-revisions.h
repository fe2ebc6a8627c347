/* cd-window-revisions.h: the window's revisions: taking them, naming a
 * version, comparing and restoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-compare-window.h"
#include "cd-window.h"

G_BEGIN_DECLS

/* Installs win.name-version and win.compare-versions. */
void             _cd_window_revisions_install      (GtkWidgetClass *widget_class);

/* Takes a revision of the story (@reason one of CD_REVISION_*, @label
 * NULL unless named), with the author from Preferences. A story saved
 * in a .article with no unsaved changes is saved again at once, so the
 * revision is on disk even if the window is closed next; otherwise it
 * goes with the next save. */
void             _cd_window_take_revision          (CdWindow       *self,
                                                    const char     *reason,
                                                    const char     *label);

/* A journal holds the story's text but not its revisions: gives
 * @article (recovered from it) the revisions of @original, the .article
 * it was saved in, so that saving the recovered story keeps them. An
 * unreadable @original leaves @article as it is. */
void             _cd_window_adopt_revisions        (CdArticle      *article,
                                                    GFile          *original);

/* Closes the compare window of the story the window showed, when it
 * shows another one. */
void             _cd_window_close_compare          (CdWindow       *self);

/* The compare window opened from this window, or NULL. */
CdCompareWindow *_cd_window_get_compare_window     (CdWindow       *self);

G_END_DECLS
