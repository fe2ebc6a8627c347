/* cd-diff.h: what changed between two texts, word by word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_DIFF_EQUAL,
  CD_DIFF_DELETE,
  CD_DIFF_INSERT,
} CdDiffOp;

/* One run of a diff. Offsets are in Unicode code points (the unit of
 * marks), end exclusive. An EQUAL chunk covers the same text in both;
 * a DELETE chunk an empty range of the new text and an INSERT chunk an
 * empty range of the old text, at the place where they happen. @text is
 * the chunk's words: from the old text for EQUAL and DELETE, from the
 * new one for INSERT. */
typedef struct
{
  CdDiffOp  op;
  guint     old_start;
  guint     old_end;
  guint     new_start;
  guint     new_end;
  char     *text;
} CdDiffChunk;

void          cd_diff_chunk_free           (CdDiffChunk *chunk);

/* The changes from @old_text to @new_text as a new GPtrArray of
 * CdDiffChunk in text order. The texts are cut into words (letters,
 * digits and combining marks in any script, with the apostrophes,
 * points and commas inside a word or number), runs of blanks and single
 * punctuation characters, compared with Myers' O(ND) algorithm, and
 * cleaned up so that each change reads as whole words: a changed word
 * is one DELETE followed by one INSERT, never letters; blanks left
 * between two changes are folded into them. Every DELETE that has an
 * INSERT at the same place comes first. Texts too different to compare
 * within a bounded effort come back as one DELETE and one INSERT
 * between their common start and end. */
GPtrArray    *cd_diff_words                (const char  *old_text,
                                            const char  *new_text);

/* The shortest edit from the sequence @a to @b (ids compared as
 * numbers), appended to @ops as one CdDiffOp per step (as guint8):
 * EQUAL takes one of each, DELETE one of @a, INSERT one of @b. FALSE
 * (and @ops as it was) when they are too different to compare within
 * a bounded effort. */
gboolean      cd_diff_sequence             (const guint *a,
                                            guint        n,
                                            const guint *b,
                                            guint        m,
                                            GArray      *ops);

/* The text @chunks turn @old_text into, or NULL when they do not fit
 * @old_text (they do not cover it in order, or an EQUAL or DELETE chunk
 * does not hold the old text at its place). */
char         *cd_diff_apply                (const char  *old_text,
                                            GPtrArray   *chunks);

/* The number of changes in @chunks: a DELETE and the INSERT after it
 * count once. */
guint         cd_diff_count_changes        (GPtrArray   *chunks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDiffChunk, cd_diff_chunk_free)

G_END_DECLS
