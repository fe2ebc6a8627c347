/* story-gen.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "copydesk-core.h"

G_BEGIN_DECLS

#define STORY_GEN_TARGET_WORDS 10000
#define STORY_GEN_N_FIGURES    40
#define STORY_GEN_N_EMBEDS     20

/* The benchmark story: headline, bylines, dateline, a lead photo and a
 * body of about STORY_GEN_TARGET_WORDS words with every block type,
 * STORY_GEN_N_FIGURES photos (real PNGs in the media) and
 * STORY_GEN_N_EMBEDS embeds. Built from a fixed seed: always the same. */
CdArticle *story_gen_make       (void);

/* The same story at about @target_words words (the 100,000-word one of
 * a book-length feature), with the same figures and embeds. */
CdArticle *story_gen_make_words (guint target_words);

/* The story as Markdown: the same text for cmark, pandoc and GNOME Text
 * Editor. */
char      *story_gen_to_markdown (CdArticle *article);

G_END_DECLS
