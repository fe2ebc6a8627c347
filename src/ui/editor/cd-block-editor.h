/* cd-block-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_BLOCK_EDITOR (cd_block_editor_get_type ())

G_DECLARE_FINAL_TYPE (CdBlockEditor, cd_block_editor, CD, BLOCK_EDITOR, GtkWidget)

/* The body of a story, edited as one text like a word processor: one
 * text view whose paragraphs are the blocks of the article's GListModel,
 * kept in step with it; photos, embeds and dividers are widgets in the
 * text.
 *
 * Actions (group "editor"): editor.insert-block (s: block type name),
 * editor.bold, editor.italic, editor.link, editor.paste-plain, editor.move-up,
 * editor.move-down, editor.delete-block; and for the block holding the
 * caret: editor.set-level (i: 2 or 3, headings), editor.set-ordered
 * (b, lists), editor.turn-into (s: paragraph, heading, quote or
 * pullquote), editor.split-block (what Enter does), editor.merge-previous
 * and editor.merge-next (what Backspace at the start and Delete at the
 * end do).
 *
 * Signals:
 *   block-focused (const char *block_id): the caret moved into a block,
 *                 so the preview can scroll it into view.
 *   row-added (CdBlockRow *row): a photo's, post's or divider's row was
 *             made after the story was shown (a long story makes the rows
 *             of those far down as they come in). */

GtkWidget    *cd_block_editor_new          (void);
/* Shows @article's body; every change goes through the model, so @history
 * records it. Either may be NULL to show nothing. */
void          cd_block_editor_set_article  (CdBlockEditor *self,
                                            CdArticle     *article,
                                            CdHistory     *history);
CdArticle    *cd_block_editor_get_article  (CdBlockEditor *self);
/* The id of the block holding the caret, or NULL. */
const char   *cd_block_editor_get_focused_block_id (CdBlockEditor *self);
/* Puts the caret in block @id at @offset code points (-1 for the end). */
gboolean      cd_block_editor_focus_block  (CdBlockEditor *self,
                                            const char    *id,
                                            int            offset);
/* Inserts a new block of @type after the focused one (at the end when
 * none is focused) and focuses it. */
CdBlock      *cd_block_editor_insert_block (CdBlockEditor *self,
                                            CdBlockType    type);
/* How many words the selection holds (0 without one); notified as the
 * "selection-words" property, for the status bar. */
guint         cd_block_editor_get_selection_words (CdBlockEditor *self);

G_END_DECLS
