/* cd-block-memo.h: what was worked out from a story's blocks, kept while
 * they do not change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block.h"

G_BEGIN_DECLS

/* Values made from blocks (a copy of one, its word count), kept from one
 * pass over a story to the next: a block whose serial has not changed
 * since (cd_block_get_serial()) keeps its value, found in the time of a
 * comparison when the story's blocks are where they were. A pass asks
 * for each block's value; cd_block_memo_end_pass() then forgets the
 * blocks the pass did not ask for. For one thread at a time. */
typedef struct _CdBlockMemo CdBlockMemo;

/* Makes the value of @block; the memo owns it. */
typedef gpointer (*CdBlockMemoMake) (CdBlock  *block,
                                     gpointer  user_data);

CdBlockMemo *cd_block_memo_new      (GDestroyNotify   value_free);
void         cd_block_memo_free     (CdBlockMemo     *memo);
/* The value of @block, the one kept if @block has not changed since the
 * last pass, else one @make makes now. Valid until the next pass ends. */
gpointer     cd_block_memo_get      (CdBlockMemo     *memo,
                                     CdBlock         *block,
                                     CdBlockMemoMake  make,
                                     gpointer         user_data);
void         cd_block_memo_end_pass (CdBlockMemo     *memo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdBlockMemo, cd_block_memo_free)

G_END_DECLS
