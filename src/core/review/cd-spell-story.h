/* cd-spell-story.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"
#include "cd-spell-checker.h"

G_BEGIN_DECLS

/* One misspelled word of a story, and where it is. The places are named
 * as the pre-flight items name them. */
typedef struct
{
  char  *word;
  /* The story member: "headline", "subheadline", "bylines", "dateline",
   * "notes"; "lead" or "body" for a block. */
  char  *field;
  /* The block's id, NULL for the story's own fields. */
  char  *block_id;
  /* The part: "name" or "title" of a byline, "place" of the dateline,
   * "text", "attribution", "caption", "alt", "credit", "title" of a
   * block; NULL for the headline, subheadline and notes. */
  char  *block_field;
  /* Which byline or list item, 0 for the rest. */
  guint  index;
  /* The language it was checked in. */
  char  *language;
  /* The word in its text, in code points (the unit of marks and of
   * GtkTextIter offsets). */
  guint  start;
  guint  end;
  /* The words around it for a list: @context holds the word at the
   * bytes [@context_start, @context_end). */
  char  *context;
  gsize  context_start;
  gsize  context_end;
} CdMisspelling;

#define CD_TYPE_MISSPELLING (cd_misspelling_get_type ())

GType          cd_misspelling_get_type    (void) G_GNUC_CONST;
CdMisspelling *cd_misspelling_copy        (const CdMisspelling *misspelling);
void           cd_misspelling_free        (CdMisspelling       *misspelling);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdMisspelling, cd_misspelling_free)

/* The language @block is written in: an embedded post's own "lang",
 * else the story's. */
const char    *cd_spell_block_language    (CdArticle           *article,
                                           CdBlock             *block);

/* Every misspelling of @article in document order (headline,
 * subheadline, bylines, dateline, lead, body, notes), each block in its
 * language; a GPtrArray of CdMisspelling. The story dictionary is the
 * article's own, whatever @checker held before. Addresses, link targets,
 * embed addresses, the slug and the keywords are never checked. */
GPtrArray     *cd_spell_check_article     (CdSpellChecker      *checker,
                                           CdArticle           *article);

/* "headline", "bylines 2 name", "body p3 text", "body l1 text 2". */
char          *cd_misspelling_location    (const CdMisspelling *misspelling);

/* Replaces the word of @misspelling with @replacement in @article,
 * keeping the marks over it (a bold or linked word stays bold or
 * linked). FALSE, changing nothing, when the text there is no longer
 * the word (it was edited since the check). */
gboolean       cd_spell_replace           (CdArticle           *article,
                                           const CdMisspelling *misspelling,
                                           const char          *replacement);

/* Appends a pre-flight warning for every misspelling of @article to
 * @items (a GPtrArray of CdPreflightItem). Returns FALSE, adding
 * nothing, when there is no dictionary for the story's language. */
gboolean       cd_spell_add_preflight_items (CdSpellChecker    *checker,
                                             CdArticle         *article,
                                             GPtrArray         *items);

G_END_DECLS
