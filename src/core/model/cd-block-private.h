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

G_END_DECLS
