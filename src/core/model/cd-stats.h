/* cd-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"
#include "cd-block-memo.h"

G_BEGIN_DECLS

/* Reading speed used for the reading time, in words per minute. */
#define CD_STATS_WORDS_PER_MINUTE 230

typedef struct
{
  guint words;            /* headline, subheadline and body text */
  guint characters;       /* the same, in code points */
  guint reading_minutes;  /* at least 1 for a story with any words */
  guint headline_length;  /* code points */
} CdStats;

guint         cd_stats_count_words         (const char *text);
void          cd_stats_compute             (CdArticle  *article,
                                            CdStats    *stats);
/* What cd_stats_compute_remembering() keeps of a story's blocks. */
CdBlockMemo  *cd_stats_memo_new            (void);
/* As cd_stats_compute(), counting again only the body blocks changed
 * since @memo last counted them: a key typed in a long story counts one
 * paragraph, not the story. */
void          cd_stats_compute_remembering (CdArticle   *article,
                                            CdBlockMemo *memo,
                                            CdStats     *stats);

G_END_DECLS
