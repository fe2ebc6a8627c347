/* cd-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

#define CD_TYPE_HISTORY (cd_history_get_type ())

G_DECLARE_FINAL_TYPE (CdHistory, cd_history, CD, HISTORY, GObject)

/* One undo history for everything done to a story: field edits, typing,
 * formatting, block insert, delete, move, split and merge. It watches the
 * article's signals, so every change made through the model API is
 * recorded without the editor having to describe it.
 *
 * Consecutive edits of the same field or block coalesce into one step
 * (typing a sentence is undone at once); begin_group()/end_group() make
 * several changes one step (a split is an edit plus an insert). */
CdHistory    *cd_history_new               (CdArticle  *article);
CdArticle    *cd_history_get_article       (CdHistory  *self);

gboolean      cd_history_can_undo          (CdHistory  *self);
gboolean      cd_history_can_redo          (CdHistory  *self);
gboolean      cd_history_undo              (CdHistory  *self);
gboolean      cd_history_redo              (CdHistory  *self);

void          cd_history_begin_group       (CdHistory  *self);
void          cd_history_end_group         (CdHistory  *self);
/* Ends coalescing: the next change starts a new step. */
void          cd_history_break             (CdHistory  *self);
void          cd_history_clear             (CdHistory  *self);

/* TRUE while undo or redo is changing the article, so views can tell a
 * restored state from a user's edit. */
gboolean      cd_history_is_applying       (CdHistory  *self);

G_END_DECLS
