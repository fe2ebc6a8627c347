/* cd-edit.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"
#include "cd-history.h"

G_BEGIN_DECLS

/* Editing the body as one text, as a word processor does, without a
 * display: every operation changes the article through its model API and
 * is one undo step of @history (which may be NULL).
 *
 * A position is a block and an offset in that block's flat text: the
 * text of a paragraph, heading, quote or pull quote; the items of a list
 * joined by "\n"; one character (offsets 0 and 1, before and after) for
 * a photo, embed or divider. */
typedef struct
{
  guint block;
  guint offset;
} CdEditPos;

/* Paragraph, heading, quote, pull quote and list: the blocks whose text
 * is edited in the body. */
gboolean      cd_block_type_is_text        (CdBlockType  type);

/* The flat text of @block and, when @marks is not NULL, its marks in flat
 * offsets; "\uFFFC" for a block without text. */
char         *cd_edit_get_text             (CdBlock     *block,
                                            GPtrArray  **marks);
/* Length of the flat text in code points. */
guint         cd_edit_get_length           (CdBlock     *block);
/* Replaces the flat text of a text block (a list gets one item per
 * line), with one ::changed. */
void          cd_edit_set_text             (CdBlock     *block,
                                            const char  *text,
                                            GPtrArray   *marks);

/* Enter: splits the text block at @pos in two; the second half is a new
 * paragraph (a list keeps its kind and the items after the caret). At
 * the start of a non-empty block an empty paragraph opens above instead
 * and the block keeps its id. Returns the position of the caret after
 * the split. */
CdEditPos     cd_edit_split                (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    pos);
/* Joins the block after @position into the block at @position (both
 * text blocks); returns FALSE and changes nothing otherwise. @caret (may
 * be NULL) gets the position of the join. */
gboolean      cd_edit_merge                (CdArticle   *article,
                                            CdHistory   *history,
                                            guint        position,
                                            CdEditPos   *caret);
/* Deletes [@start, @end) across blocks: the blocks between go, photos,
 * embeds and dividers inside the range go wholly, and the text before
 * @start joins the text after @end in the first block. A body left
 * empty gets one empty paragraph. Returns where the caret goes. */
CdEditPos     cd_edit_delete               (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    start,
                                            CdEditPos    end);
/* Copies of the blocks of [@start, @end), the first and last cut at the
 * range (a GPtrArray of CdBlock, keeping ids). */
GPtrArray    *cd_edit_copy                 (CdArticle   *article,
                                            CdEditPos    start,
                                            CdEditPos    end);
/* Pastes @fragment (a GPtrArray of CdBlock, not changed) at @pos: one
 * paragraph, or one block of the kind of the block at @pos, goes into
 * the text; more blocks split it, the first joining the text before
 * and the last the text after. A pasted block keeps its id unless the
 * story already has a block with it. Returns the caret after the paste. */
CdEditPos     cd_edit_insert               (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    pos,
                                            GPtrArray   *fragment);
/* Inserts @text without marks at @pos of a text block (a "\n" in a
 * list starts an item; anywhere else it splits the block). */
CdEditPos     cd_edit_insert_text          (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    pos,
                                            const char  *text);
/* cd_edit_insert() for words dropped into a text: one paragraph of
 * words landing against another word (or after a full stop) gets a
 * space between them, so they are not glued together. */
CdEditPos     cd_edit_insert_spaced        (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    pos,
                                            GPtrArray   *fragment);
/* Drag and drop of a selection: moves [@start, @end) to @to (copies it
 * when @copy), keeping blocks and marks, as one undo step. A whole word
 * moved from between two spaces leaves one; a word dropped against
 * another gets a space between them. FALSE, changing nothing, when the
 * range is empty or @to is inside it (or at its edge, for a move).
 * @caret (may be NULL) gets the position after the dropped text. */
gboolean      cd_edit_move                 (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    start,
                                            CdEditPos    end,
                                            CdEditPos    to,
                                            gboolean     copy,
                                            CdEditPos   *caret);
/* Sets or clears formatting over [@start, @end) in every text block of
 * the range that carries marks. */
void          cd_edit_set_mark             (CdArticle   *article,
                                            CdHistory   *history,
                                            CdEditPos    start,
                                            CdEditPos    end,
                                            CdMarkType   type,
                                            const char  *href,
                                            gboolean     on);
/* Whether every character of [@start, @end) in blocks with marks has
 * formatting @type (what Ctrl+B toggles). */
gboolean      cd_edit_range_has_mark       (CdArticle   *article,
                                            CdEditPos    start,
                                            CdEditPos    end,
                                            CdMarkType   type);

/* The MIME type of a fragment of a story on the clipboard. */
#define CD_EDIT_FRAGMENT_MIME_TYPE "application/vnd.copydesk.blocks+json"

/* @fragment (blocks of @source) as JSON: the blocks as article.json
 * writes them, with the images their photos use from @source's media. */
GBytes       *cd_edit_fragment_write       (CdArticle   *source,
                                            GPtrArray   *fragment);
/* Reads what cd_edit_fragment_write() wrote: the blocks, their images
 * stored in @target's media (each through the image sniffer). NULL with
 * an error naming @display_name when it is not such a fragment. */
GPtrArray    *cd_edit_fragment_read        (GBytes      *bytes,
                                            CdArticle   *target,
                                            const char  *display_name,
                                            GError     **error);

G_END_DECLS
