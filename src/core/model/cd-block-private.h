/* cd-block-private.h: what core's readers use of CdBlock beyond its
 * public calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block.h"

G_BEGIN_DECLS

/* cd_block_set_text_and_marks() for a reader that made @marks (from
 * cd_marks_new(), sorted by cd_marks_sort()) for this block alone: the
 * block takes them instead of copying each mark. */
void          _cd_block_take_text_and_marks (CdBlock    *self,
                                             const char *text,
                                             GPtrArray  *marks);

/* Called on each change of the block, before its ::changed handlers. */
typedef void (*CdBlockOwnerFunc) (gpointer  owner,
                                  CdBlock  *block);

/* An article holding the block is told of its changes through these
 * rather than a ::changed handler: connecting a handler to each block
 * was a third of the time taking a long story's blocks in took. A block
 * shared by several articles has several owners. */
void          _cd_block_add_owner           (CdBlock          *self,
                                             CdBlockOwnerFunc  func,
                                             gpointer          owner);
void          _cd_block_remove_owner        (CdBlock          *self,
                                             gpointer          owner);

G_END_DECLS
