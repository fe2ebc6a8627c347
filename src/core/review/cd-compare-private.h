/* cd-compare-private.h: what the compare shares with its HTML writing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-compare.h"

G_BEGIN_DECLS

/* One place of the compared body, in the order the page shows it. */
typedef struct
{
  CdBlock *old_block;  /* NULL for an inserted block */
  CdBlock *new_block;  /* NULL for a deleted block */
  guint    old_position;
  guint    new_position;
  gboolean moved;
} CdComparePlace;

/* The places of the compared body in page order, a GArray of CdComparePlace. */
GArray       *_cd_comparison_get_places    (CdComparison *self);
/* A paragraph, heading or quote: text with marks. */
gboolean      _cd_block_has_marked_text    (CdBlock      *block);
/* Those and a pull quote: words the story compares as text. */
gboolean      _cd_block_has_text           (CdBlock      *block);

G_END_DECLS
