/* cd-article.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-block.h"
#include "cd-publish-record.h"

G_BEGIN_DECLS

#define CD_FORMAT_NAME    "copydesk.article"
#define CD_FORMAT_VERSION 1

/* The string members of a story. Optional ones may be NULL (absent or
 * null in article.json); the rest read as "" when unset. */
typedef enum
{
  CD_ARTICLE_FIELD_ID,
  CD_ARTICLE_FIELD_LANGUAGE,
  CD_ARTICLE_FIELD_STATUS,
  CD_ARTICLE_FIELD_SLUG,
  CD_ARTICLE_FIELD_SECTION,
  CD_ARTICLE_FIELD_HEADLINE,
  CD_ARTICLE_FIELD_SUBHEADLINE,
  CD_ARTICLE_FIELD_CREATED,
  CD_ARTICLE_FIELD_MODIFIED,
  CD_ARTICLE_FIELD_PUBLISHED,
  CD_ARTICLE_FIELD_EMBARGO,
  CD_ARTICLE_FIELD_NOTES,
} CdArticleField;

#define CD_N_ARTICLE_FIELDS (CD_ARTICLE_FIELD_NOTES + 1)

typedef struct
{
  char *name;
  char *title;
} CdByline;

typedef struct
{
  char *place;
  char *source;
  char *date;  /* YYYY-MM-DD */
} CdDateline;

#define CD_TYPE_BYLINE   (cd_byline_get_type ())
#define CD_TYPE_DATELINE (cd_dateline_get_type ())
#define CD_TYPE_ARTICLE  (cd_article_get_type ())

GType         cd_byline_get_type           (void) G_GNUC_CONST;
CdByline     *cd_byline_new                (const char       *name,
                                            const char       *title);
CdByline     *cd_byline_copy               (const CdByline   *byline);
void          cd_byline_free               (CdByline         *byline);

GType         cd_dateline_get_type         (void) G_GNUC_CONST;
CdDateline   *cd_dateline_new              (const char       *place,
                                            const char       *source,
                                            const char       *date);
CdDateline   *cd_dateline_copy             (const CdDateline *dateline);
void          cd_dateline_free             (CdDateline       *dateline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdByline, cd_byline_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDateline, cd_dateline_free)

G_DECLARE_FINAL_TYPE (CdArticle, cd_article, CD, ARTICLE, GObject)

/* Signals:
 *   field-changed (detailed by the JSON member name: "headline", "bylines",
 *                  "dateline", "keywords", "lead", …), one per change.
 *   block-changed (CdBlock *block): a body block's content changed.
 *   The GListModel of blocks emits items-changed for insert, remove, move.
 *   media-changed: media was added or removed. */

/* An empty story: fresh id, language "en", status "draft", created and
 * modified now, no blocks. */
CdArticle    *cd_article_new               (void);
/* A deep copy (blocks keep their ids; media bytes are shared). */
CdArticle    *cd_article_copy              (CdArticle      *self);
/* What a copy of a story holds in place of @block: a new reference to a
 * copy of it, or to @block itself, or to a copy made before that is
 * still equal to it; or NULL, for a copy without it. */
typedef CdBlock *(*CdArticleBlockFunc) (CdBlock  *block,
                                        gpointer  user_data);
/* A copy of @self (fields, bylines, dateline, lead, revisions, media)
 * whose body blocks are those @block_func gives for @self's, in order. */
CdArticle    *cd_article_copy_with_blocks  (CdArticle          *self,
                                            CdArticleBlockFunc  block_func,
                                            gpointer            user_data);
/* @self, or a copy of it without its blank paragraphs when it has some
 * (see cd_block_is_blank_paragraph()): what the exports write. */
CdArticle    *cd_article_without_blank_paragraphs (CdArticle *self);

const char   *cd_article_field_to_string   (CdArticleField  field);
gboolean      cd_article_field_is_optional (CdArticleField  field);
gboolean      cd_article_status_is_valid   (const char     *status);

/* The shapes article.json gives its values (data/article.schema.json),
 * shared by the reader, the writers and the editor's fields:
 * "2024-05-14", a date naming a real day; "2024-05-14T08:12:00Z", an
 * RFC 3339 date and time (fractional seconds and a "+02:00" offset are
 * allowed); "en", "pt-BR", a BCP 47 language tag. */
gboolean      cd_date_is_valid             (const char     *value);
gboolean      cd_date_time_is_valid        (const char     *value);
gboolean      cd_language_tag_is_valid     (const char     *tag);

/* May return NULL for optional fields, "" otherwise. */
const char   *cd_article_get_field         (CdArticle      *self,
                                            CdArticleField  field);
void          cd_article_set_field         (CdArticle      *self,
                                            CdArticleField  field,
                                            const char     *value);
const char   *cd_article_get_headline      (CdArticle      *self);
void          cd_article_set_headline      (CdArticle      *self,
                                            const char     *headline);

/* NULL-terminated, owned by the article, never NULL. */
const char * const *cd_article_get_keywords (CdArticle     *self);
void          cd_article_set_keywords      (CdArticle      *self,
                                            const char * const *keywords);

/* The story dictionary ("dictionary"): words spelt right in this story
 * alone, such as the names in it. NULL-terminated, owned by the
 * article, never NULL. */
const char * const *cd_article_get_dictionary (CdArticle   *self);
void          cd_article_set_dictionary    (CdArticle      *self,
                                            const char * const *words);
/* Appends @word unless it is there already; returns whether it was added. */
gboolean      cd_article_add_dictionary_word (CdArticle    *self,
                                              const char   *word);

/* GPtrArray of CdByline, owned by the article. */
GPtrArray    *cd_article_get_bylines       (CdArticle      *self);
/* Replaces the bylines with a copy of @bylines. */
void          cd_article_set_bylines       (CdArticle      *self,
                                            GPtrArray      *bylines);

/* NULL when the story has no dateline. */
const CdDateline *cd_article_get_dateline  (CdArticle      *self);
void          cd_article_set_dateline      (CdArticle      *self,
                                            const CdDateline *dateline);

/* The lead figure block, or NULL. */
CdBlock      *cd_article_get_lead          (CdArticle      *self);
void          cd_article_set_lead          (CdArticle      *self,
                                            CdBlock        *lead);

/* The body: a GListModel of CdBlock, owned by the article. */
GListModel   *cd_article_get_blocks        (CdArticle      *self);
guint         cd_article_get_n_blocks      (CdArticle      *self);
/* Borrowed reference. */
CdBlock      *cd_article_get_block         (CdArticle      *self,
                                            guint           position);
/* Finds a body block (or the lead) by id; position is G_MAXUINT for the lead. */
CdBlock      *cd_article_find_block        (CdArticle      *self,
                                            const char     *id,
                                            guint          *position);
void          cd_article_insert_block      (CdArticle      *self,
                                            guint           position,
                                            CdBlock        *block);
void          cd_article_append_block      (CdArticle      *self,
                                            CdBlock        *block);
/* Appends the @n_blocks @blocks (taking refs) as one change: one
 * items-changed for a whole story read or copied. */
void          cd_article_append_blocks     (CdArticle      *self,
                                            CdBlock       **blocks,
                                            guint           n_blocks);
void          cd_article_remove_block      (CdArticle      *self,
                                            guint           position);
void          cd_article_move_block        (CdArticle      *self,
                                            guint           from,
                                            guint           to);

/* Media stored in the document, keyed by its path inside the container
 * ("media/photo.jpg"). */
GBytes       *cd_article_get_media         (CdArticle      *self,
                                            const char     *path);
void          cd_article_set_media         (CdArticle      *self,
                                            const char     *path,
                                            GBytes         *bytes);
/* Sorted list of media paths, free with g_strfreev(). */
char        **cd_article_list_media        (CdArticle      *self);

/* Where the story was published ("published_to"): a GPtrArray of
 * CdPublishRecord, one per site, owned by the article. */
GPtrArray    *cd_article_get_publish_records (CdArticle    *self);
/* The record for @site, or NULL. */
const CdPublishRecord *cd_article_find_publish_record (CdArticle  *self,
                                                       const char *site);
/* Adds a copy of @record, replacing the one of the same site. */
void          cd_article_set_publish_record (CdArticle     *self,
                                             const CdPublishRecord *record);

G_END_DECLS
