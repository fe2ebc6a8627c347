/* cd-find.h: find and replace over a whole story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-history.h"

G_BEGIN_DECLS

typedef enum
{
  CD_FIND_NONE       = 0,
  CD_FIND_MATCH_CASE = 1 << 0,
  /* Only where neither side of the match touches a letter or digit. */
  CD_FIND_WHOLE_WORD = 1 << 1,
} CdFindFlags;

/* Where a match is. @field is the story member: "headline",
 * "subheadline", "bylines" (@member "name" or "title", @index the
 * byline), "dateline" (@member "place" or "source"), "lead" or "body"
 * (@block_id the block, @member the block's member: "text", "caption",
 * "alt", "credit", "attribution", "author", "title", or "items" with
 * @index the list item). Offsets are in code points of that text,
 * @end exclusive. */
typedef struct
{
  char  *field;
  char  *block_id;
  char  *member;
  guint  index;
  guint  start;
  guint  end;
} CdFindMatch;

#define CD_TYPE_FIND_MATCH (cd_find_match_get_type ())

GType         cd_find_match_get_type       (void) G_GNUC_CONST;
CdFindMatch  *cd_find_match_copy           (const CdFindMatch *match);
void          cd_find_match_free           (CdFindMatch       *match);
/* Whether @a and @b are the same text (not offsets). */
gboolean      cd_find_match_same_text      (const CdFindMatch *a,
                                            const CdFindMatch *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdFindMatch, cd_find_match_free)

/* Every match of @needle in @article's text, in story order: headline,
 * subheadline, bylines, dateline, lead photo, then the body's blocks.
 * Matches do not overlap. A new GPtrArray of CdFindMatch (empty for an
 * empty @needle). */
GPtrArray    *cd_find_all                  (CdArticle         *article,
                                            const char        *needle,
                                            CdFindFlags        flags);

/* The text @match points into, or NULL when that place is gone. */
const char   *cd_find_match_get_text       (CdArticle         *article,
                                            const CdFindMatch *match);

/* Replaces the text of @match with @replacement through the model
 * (so a history records it); marks around the match stretch over the
 * replacement. FALSE when the place is gone or the offsets are out of
 * its text. */
gboolean      cd_find_replace              (CdArticle         *article,
                                            const CdFindMatch *match,
                                            const char        *replacement);

/* Replaces every match of @needle with @replacement, as one step of
 * @history (may be NULL). Returns how many were replaced. */
guint         cd_find_replace_all          (CdArticle         *article,
                                            CdHistory         *history,
                                            const char        *needle,
                                            const char        *replacement,
                                            CdFindFlags        flags);

G_END_DECLS
