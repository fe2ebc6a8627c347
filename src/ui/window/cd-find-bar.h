/* cd-find-bar.h: find and replace over the whole story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_FIND_BAR (cd_find_bar_get_type ())

G_DECLARE_FINAL_TYPE (CdFindBar, cd_find_bar, CD, FIND_BAR, GtkWidget)

/* The search bar over the story column: what to find, match case and
 * whole words, the count of matches, previous and next, and (when open
 * for replacing) Replace and Replace All. It searches the story with
 * cd_find_all(), so every field and block is searched, and replaces
 * through the model, Replace All as one step of the history.
 *
 * Matches are highlighted in the text views given to
 * cd_find_bar_add_view(); going to a match emits ::show-match, whose
 * handler puts the caret there.
 *
 * Actions (group "find"): find.next, find.previous, find.replace,
 * find.replace-all, find.close.
 *
 * Signals:
 *   show-match (CdFindMatch *match): go to @match in the editor.
 *   highlight (GPtrArray *matches, int current): the matches (NULL when
 *     the bar is closed) for the views not given to the bar to highlight
 *     with cd_find_bar_highlight(), after cd_find_bar_clear_highlights(). */

GtkWidget    *cd_find_bar_new              (void);
void          cd_find_bar_set_article      (CdFindBar     *self,
                                            CdArticle     *article,
                                            CdHistory     *history);
/* Shows the bar with the find field focused, @replace showing the
 * replace row too; @text (may be NULL) becomes what is looked for. */
void          cd_find_bar_open             (CdFindBar     *self,
                                            gboolean       replace,
                                            const char    *text);
void          cd_find_bar_close            (CdFindBar     *self);
/* Highlights the matches in @field (and @member, may be NULL) of the
 * story in @view, for as long as both live. */
void          cd_find_bar_add_view         (CdFindBar     *self,
                                            GtkTextView   *view,
                                            const char    *field,
                                            const char    *member);
/* The matches found, and the position of the current one (-1: none). */
GPtrArray    *cd_find_bar_get_matches      (CdFindBar     *self);
int           cd_find_bar_get_current      (CdFindBar     *self);
GtkEditable  *cd_find_bar_get_find_entry   (CdFindBar     *self);
GtkEditable  *cd_find_bar_get_replace_entry (CdFindBar    *self);
/* The find bar's highlight of a match (@current: the one gone to) in
 * any text buffer, and its removal from all of @buffer. */
void          cd_find_bar_highlight        (GtkTextBuffer     *buffer,
                                            const GtkTextIter *start,
                                            const GtkTextIter *end,
                                            gboolean           current);
void          cd_find_bar_clear_highlights (GtkTextBuffer     *buffer);

G_END_DECLS
