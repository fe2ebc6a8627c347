/* cd-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

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

G_END_DECLS
