/* cd-compare.h: what changed between two versions of a story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"
#include "cd-diff.h"
#include "cd-html.h"

G_BEGIN_DECLS

typedef enum
{
  CD_CHANGE_FIELD,      /* a story field: @name, @old_value, @new_value */
  CD_CHANGE_TEXT,       /* words of a text: @old_value deleted, @new_value inserted */
  CD_CHANGE_INSERTED,   /* a block only in the new story */
  CD_CHANGE_DELETED,    /* a block only in the old story */
  CD_CHANGE_MOVED,      /* a block in both, in another order */
  CD_CHANGE_MARKS,      /* bold, italics or links of a text */
  CD_CHANGE_ATTRIBUTE,  /* a block's caption, credit, alt, URL, level, type… */
} CdChangeKind;

/* One change. Blocks pair by id, never by guessing. @block_id is NULL
 * for story fields; @name is the JSON member ("headline", "caption",
 * "level", "text", "lead"); @item is the list item for list text and
 * marks, -1 otherwise. For CD_CHANGE_TEXT the offsets (code points)
 * give where the words are in each text; @old_value and @new_value
 * are the deleted and inserted words ("" for none). For the other kinds
 * they are the values as a person reads them. Positions are in the
 * body (G_MAXUINT for the lead or none). */
typedef struct
{
  CdChangeKind  kind;
  char         *block_id;
  char         *name;
  int           item;
  char         *old_value;
  char         *new_value;
  guint         old_start;
  guint         old_end;
  guint         new_start;
  guint         new_end;
  guint         old_position;
  guint         new_position;
} CdChange;

#define CD_TYPE_COMPARISON (cd_comparison_get_type ())

G_DECLARE_FINAL_TYPE (CdComparison, cd_comparison, CD, COMPARISON, GObject)

/* Compares @old_article with @new_article (both are kept, and must not
 * change while the comparison is used). */
CdComparison *cd_comparison_new            (CdArticle     *old_article,
                                            CdArticle     *new_article);
CdArticle    *cd_comparison_get_old        (CdComparison  *self);
CdArticle    *cd_comparison_get_new        (CdComparison  *self);
/* The changes in story order (fields, lead, then blocks), a GPtrArray
 * of CdChange owned by the comparison. */
GPtrArray    *cd_comparison_get_changes    (CdComparison  *self);

/* A sentence for the change list: "Headline: “a” → “b”", "Paragraph
 * p3: deleted “quickly”", "Photo f1 caption changed". Translated. */
char         *cd_change_describe           (const CdChange *change);
/* A short, stable anchor for the change in the compared page
 * ("cd-change-4"). */
char         *cd_change_anchor             (guint          index);

/* The new story as the HTML writer writes it, with deleted words put
 * back at their place inside <del> and inserted ones inside <ins>,
 * deleted blocks back at their place, and each changed block marked:
 * the page of the compare view and of copydesk-convert --diff. */
char         *cd_comparison_write_html     (CdComparison        *self,
                                            const CdHtmlOptions *options);
/* The CSS that marks changes (<ins>, <del>, changed blocks), for a view
 * that sets the page in its own stylesheet. */
const char   *cd_comparison_get_style      (void);
/* A whole standalone page: a list of every change (fields and
 * attributes included), then the marked story, with its own styles. */
char         *cd_comparison_write_page     (CdComparison  *self,
                                            const char    *old_name,
                                            const char    *new_name);

/* Undoes change @index in @target (the story the comparison's new side
 * was taken from, as it still is), leaving every other change as it is:
 * deleted words or a deleted block come back at their place, inserted
 * ones go, a moved block goes back after the block it followed, a field
 * or attribute gets its old value. Returns FALSE with @error when the
 * target has changed where the change was. */
gboolean      cd_comparison_revert         (CdComparison  *self,
                                            guint          index,
                                            CdArticle     *target,
                                            GError       **error);

G_END_DECLS
