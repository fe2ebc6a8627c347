/* cd-article.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-article"

#include "config.h"

#include <string.h>

#include "cd-article.h"
#include "cd-article-private.h"
#include "cd-block-private.h"
#include "cd-revision.h"

struct _CdArticle
{
  GObject     parent_instance;

  char       *fields[CD_N_ARTICLE_FIELDS];
  GStrv       keywords;
  GStrv       dictionary;
  GPtrArray  *bylines;
  CdDateline *dateline;
  CdBlock    *lead;
  /* The blocks, for reading by position: GListStore moves a cached
   * iterator on every read, so two threads reading the store at once
   * could each be handed the other's block. Read through this array, a
   * story nobody changes may be read by several threads
   * (copydesk-convert checks its spelling on one while pre-flight and
   * the writer read it on another). */
  GPtrArray  *block_array;
  /* The same blocks as a list model, made when first asked for: only
   * views watch it, and a story read to be converted has none. */
  GListStore *blocks;
  GHashTable *media;
  GPtrArray  *published_to;
  GPtrArray  *revisions;
};

G_DEFINE_FINAL_TYPE (CdArticle, cd_article, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CdByline, cd_byline, cd_byline_copy, cd_byline_free)
G_DEFINE_BOXED_TYPE (CdDateline, cd_dateline, cd_dateline_copy, cd_dateline_free)

enum {
  FIELD_CHANGED,
  BLOCK_CHANGED,
  MEDIA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const article_field_names[CD_N_ARTICLE_FIELDS] = {
  "id", "language", "status", "slug", "section", "headline", "subheadline",
  "created", "modified", "published", "embargo", "notes",
};

static const char * const statuses[] = { "draft", "edit", "approved", "published" };

CdByline *
cd_byline_new (const char *name,
               const char *title)
{
  CdByline *byline = g_new0 (CdByline, 1);

  byline->name = g_strdup (name != NULL ? name : "");
  byline->title = g_strdup (title != NULL ? title : "");

  return byline;
}

CdByline *
cd_byline_copy (const CdByline *byline)
{
  g_return_val_if_fail (byline != NULL, NULL);

  return cd_byline_new (byline->name, byline->title);
}

void
cd_byline_free (CdByline *byline)
{
  if (byline == NULL)
    return;

  g_free (byline->name);
  g_free (byline->title);
  g_free (byline);
}

CdDateline *
cd_dateline_new (const char *place,
                 const char *source,
                 const char *date)
{
  CdDateline *dateline = g_new0 (CdDateline, 1);

  dateline->place = g_strdup (place != NULL ? place : "");
  dateline->source = g_strdup (source != NULL ? source : "");
  dateline->date = g_strdup (date != NULL ? date : "");

  return dateline;
}

CdDateline *
cd_dateline_copy (const CdDateline *dateline)
{
  g_return_val_if_fail (dateline != NULL, NULL);

  return cd_dateline_new (dateline->place, dateline->source, dateline->date);
}

void
cd_dateline_free (CdDateline *dateline)
{
  if (dateline == NULL)
    return;

  g_free (dateline->place);
  g_free (dateline->source);
  g_free (dateline->date);
  g_free (dateline);
}

static gboolean
dateline_equal (const CdDateline *a,
                const CdDateline *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->place, b->place) == 0 &&
         g_strcmp0 (a->source, b->source) == 0 &&
         g_strcmp0 (a->date, b->date) == 0;
}

static gboolean
bylines_equal (GPtrArray *a,
               GPtrArray *b)
{
  guint b_len = b != NULL ? b->len : 0;

  if (a->len != b_len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const CdByline *ba = g_ptr_array_index (a, i);
      const CdByline *bb = g_ptr_array_index (b, i);

      if (g_strcmp0 (ba->name, bb->name) != 0 ||
          g_strcmp0 (ba->title, bb->title) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
emit_field_changed (CdArticle  *self,
                    const char *name)
{
  g_signal_emit (self, signals[FIELD_CHANGED], g_quark_from_static_string (name), name);
}

static void
block_changed_cb (gpointer  owner,
                  CdBlock  *block)
{
  CdArticle *self = owner;

  if (block == self->lead)
    emit_field_changed (self, "lead");
  else
    g_signal_emit (self, signals[BLOCK_CHANGED], 0, block);
}

static void
cd_article_dispose (GObject *object)
{
  CdArticle *self = (CdArticle *) object;

  for (guint i = 0; i < self->block_array->len; i++)
    _cd_block_remove_owner (g_ptr_array_index (self->block_array, i), self);
  g_ptr_array_set_size (self->block_array, 0);

  if (self->lead != NULL)
    _cd_block_remove_owner (self->lead, self);

  g_clear_object (&self->lead);
  g_clear_object (&self->blocks);

  G_OBJECT_CLASS (cd_article_parent_class)->dispose (object);
}

static void
cd_article_finalize (GObject *object)
{
  CdArticle *self = (CdArticle *) object;

  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_pointer (&self->keywords, g_strfreev);
  g_clear_pointer (&self->dictionary, g_strfreev);
  g_clear_pointer (&self->bylines, g_ptr_array_unref);
  g_clear_pointer (&self->dateline, cd_dateline_free);
  g_clear_pointer (&self->media, g_hash_table_unref);
  g_clear_pointer (&self->published_to, g_ptr_array_unref);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->block_array, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_article_parent_class)->finalize (object);
}

static void
cd_article_class_init (CdArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_article_dispose;
  object_class->finalize = cd_article_finalize;

  /**
   * CdArticle::field-changed:
   * @name: the JSON member name of the field
   *
   * A story field changed; detailed by the member name so a view can
   * listen to "field-changed::headline" alone.
   */
  signals[FIELD_CHANGED] =
    g_signal_new ("field-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * CdArticle::block-changed:
   * @block: the body block whose content changed
   */
  signals[BLOCK_CHANGED] =
    g_signal_new ("block-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_BLOCK);

  signals[MEDIA_CHANGED] =
    g_signal_new ("media-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cd_article_init (CdArticle *self)
{
  self->keywords = g_new0 (char *, 1);
  self->dictionary = g_new0 (char *, 1);
  self->bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  self->block_array = g_ptr_array_new_with_free_func (g_object_unref);
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_bytes_unref);
  self->published_to = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_publish_record_free);
  self->revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_revision_unref);
}

CdArticle *
cd_article_new (void)
{
  CdArticle *self = g_object_new (CD_TYPE_ARTICLE, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  self->fields[CD_ARTICLE_FIELD_ID] = g_uuid_string_random ();
  self->fields[CD_ARTICLE_FIELD_LANGUAGE] = g_strdup ("en");
  self->fields[CD_ARTICLE_FIELD_STATUS] = g_strdup ("draft");
  self->fields[CD_ARTICLE_FIELD_CREATED] = g_strdup (stamp);
  self->fields[CD_ARTICLE_FIELD_MODIFIED] = g_strdup (stamp);

  return self;
}

const char *
cd_article_field_to_string (CdArticleField field)
{
  g_return_val_if_fail (field < CD_N_ARTICLE_FIELDS, NULL);

  return article_field_names[field];
}

gboolean
cd_article_field_is_optional (CdArticleField field)
{
  return field == CD_ARTICLE_FIELD_PUBLISHED ||
         field == CD_ARTICLE_FIELD_EMBARGO ||
         field == CD_ARTICLE_FIELD_SUBHEADLINE ||
         field == CD_ARTICLE_FIELD_SLUG ||
         field == CD_ARTICLE_FIELD_SECTION ||
         field == CD_ARTICLE_FIELD_NOTES ||
         field == CD_ARTICLE_FIELD_CREATED ||
         field == CD_ARTICLE_FIELD_MODIFIED;
}

gboolean
cd_article_status_is_valid (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_strcmp0 (status, statuses[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* @n digits at @p, as a number. */
static gboolean
read_digits (const char *p,
             guint       n,
             guint      *value)
{
  guint result = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      result = result * 10 + (guint) (p[i] - '0');
    }

  *value = result;
  return TRUE;
}

/* YYYY-MM-DD at @p naming a real day of the proleptic Gregorian
 * calendar, as RFC 3339 (and so the schema's "date" format) counts. */
static gboolean
date_part_is_valid (const char *p)
{
  static const guint8 days_in_month[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  guint year, month, day;
  gboolean leap;

  if (!read_digits (p, 4, &year) || p[4] != '-' ||
      !read_digits (p + 5, 2, &month) || p[7] != '-' ||
      !read_digits (p + 8, 2, &day))
    return FALSE;

  if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1])
    return FALSE;

  leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month != 2 || day < 29 || leap;
}

gboolean
cd_date_is_valid (const char *value)
{
  return value != NULL && strlen (value) == 10 && date_part_is_valid (value);
}

gboolean
cd_date_time_is_valid (const char *value)
{
  const char *p;
  guint hour, minute, second;

  if (value == NULL || strlen (value) < 20 || !date_part_is_valid (value) || value[10] != 'T')
    return FALSE;

  p = value + 11;
  if (!read_digits (p, 2, &hour) || p[2] != ':' ||
      !read_digits (p + 3, 2, &minute) || p[5] != ':' ||
      !read_digits (p + 6, 2, &second) ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  p += 8;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }

  if (*p == 'Z')
    return p[1] == '\0';

  if (*p != '+' && *p != '-')
    return FALSE;

  return read_digits (p + 1, 2, &hour) && p[3] == ':' && read_digits (p + 4, 2, &minute) &&
         p[6] == '\0' && hour <= 23 && minute <= 59;
}

gboolean
cd_language_tag_is_valid (const char *tag)
{
  gsize length = 0;
  gboolean first = TRUE;

  if (tag == NULL)
    return FALSE;

  /* A primary subtag of 2 or 3 letters, then subtags of 1 to 8 letters
   * or digits: the shape the schema's pattern describes. */
  for (const char *p = tag;; p++)
    {
      if (*p == '-' || *p == '\0')
        {
          if (first ? (length < 2 || length > 3) : (length < 1 || length > 8))
            return FALSE;
          if (*p == '\0')
            return TRUE;
          first = FALSE;
          length = 0;
        }
      else if (first ? g_ascii_isalpha (*p) : g_ascii_isalnum (*p))
        {
          length++;
        }
      else
        {
          return FALSE;
        }
    }
}

const char *
cd_article_get_field (CdArticle      *self,
                      CdArticleField  field)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (field < CD_N_ARTICLE_FIELDS, NULL);

  if (self->fields[field] == NULL && !cd_article_field_is_optional (field))
    return "";

  return self->fields[field];
}

void
cd_article_set_field (CdArticle      *self,
                      CdArticleField  field,
                      const char     *value)
{
  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (field < CD_N_ARTICLE_FIELDS);
  g_return_if_fail (field != CD_ARTICLE_FIELD_STATUS || value == NULL || cd_article_status_is_valid (value));

  if (g_strcmp0 (self->fields[field], value) == 0)
    return;

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
  emit_field_changed (self, article_field_names[field]);
}

const char *
cd_article_get_headline (CdArticle *self)
{
  return cd_article_get_field (self, CD_ARTICLE_FIELD_HEADLINE);
}

void
cd_article_set_headline (CdArticle  *self,
                         const char *headline)
{
  cd_article_set_field (self, CD_ARTICLE_FIELD_HEADLINE, headline);
}

const char * const *
cd_article_get_keywords (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return (const char * const *) self->keywords;
}

void
cd_article_set_keywords (CdArticle          *self,
                         const char * const *keywords)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (CD_IS_ARTICLE (self));

  if (keywords == NULL)
    keywords = empty;

  if (g_strv_equal ((const char * const *) self->keywords, keywords))
    return;

  g_strfreev (self->keywords);
  self->keywords = g_strdupv ((char **) keywords);
  emit_field_changed (self, "keywords");
}

const char * const *
cd_article_get_dictionary (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return (const char * const *) self->dictionary;
}

void
cd_article_set_dictionary (CdArticle          *self,
                           const char * const *words)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (CD_IS_ARTICLE (self));

  if (words == NULL)
    words = empty;

  if (g_strv_equal ((const char * const *) self->dictionary, words))
    return;

  g_strfreev (self->dictionary);
  self->dictionary = g_strdupv ((char **) words);
  emit_field_changed (self, "dictionary");
}

gboolean
cd_article_add_dictionary_word (CdArticle  *self,
                                const char *word)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  if (*word == '\0' || g_strv_contains ((const char * const *) self->dictionary, word))
    return FALSE;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->dictionary);
  g_strv_builder_add (builder, word);
  words = g_strv_builder_end (builder);
  cd_article_set_dictionary (self, (const char * const *) words);

  return TRUE;
}

GPtrArray *
cd_article_get_bylines (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return self->bylines;
}

void
cd_article_set_bylines (CdArticle *self,
                        GPtrArray *bylines)
{
  g_return_if_fail (CD_IS_ARTICLE (self));

  if (bylines == self->bylines || bylines_equal (self->bylines, bylines))
    return;

  g_ptr_array_set_size (self->bylines, 0);
  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    g_ptr_array_add (self->bylines, cd_byline_copy (g_ptr_array_index (bylines, i)));

  emit_field_changed (self, "bylines");
}

const CdDateline *
cd_article_get_dateline (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return self->dateline;
}

void
cd_article_set_dateline (CdArticle        *self,
                         const CdDateline *dateline)
{
  g_return_if_fail (CD_IS_ARTICLE (self));

  if (dateline_equal (self->dateline, dateline))
    return;

  g_clear_pointer (&self->dateline, cd_dateline_free);
  if (dateline != NULL)
    self->dateline = cd_dateline_copy (dateline);

  emit_field_changed (self, "dateline");
}

CdBlock *
cd_article_get_lead (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return self->lead;
}

void
cd_article_set_lead (CdArticle *self,
                     CdBlock   *lead)
{
  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (lead == NULL || CD_IS_BLOCK (lead));
  g_return_if_fail (lead == NULL || cd_block_get_block_type (lead) == CD_BLOCK_FIGURE);

  if (self->lead == lead)
    return;

  if (self->lead != NULL)
    _cd_block_remove_owner (self->lead, self);

  g_set_object (&self->lead, lead);

  if (lead != NULL)
    _cd_block_add_owner (lead, block_changed_cb, self);

  emit_field_changed (self, "lead");
}

GListModel *
cd_article_get_blocks (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  if (self->blocks == NULL)
    {
      self->blocks = g_list_store_new (CD_TYPE_BLOCK);
      g_list_store_splice (self->blocks, 0, 0, self->block_array->pdata, self->block_array->len);
    }

  return G_LIST_MODEL (self->blocks);
}

guint
cd_article_get_n_blocks (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), 0);

  return self->block_array->len;
}

CdBlock *
cd_article_get_block (CdArticle *self,
                      guint      position)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  /* The array keeps a reference, so the borrowed pointer stays valid
   * as long as the block is in the story. */
  if (position >= self->block_array->len)
    return NULL;

  return g_ptr_array_index (self->block_array, position);
}

CdBlock *
cd_article_find_block (CdArticle  *self,
                       const char *id,
                       guint      *position)
{
  guint n;

  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (self->lead != NULL && g_strcmp0 (cd_block_get_id (self->lead), id) == 0)
    {
      if (position != NULL)
        *position = G_MAXUINT;
      return self->lead;
    }

  n = cd_article_get_n_blocks (self);
  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (self, i);

      if (g_strcmp0 (cd_block_get_id (block), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return block;
        }
    }

  return NULL;
}

void
cd_article_insert_block (CdArticle *self,
                         guint      position,
                         CdBlock   *block)
{
  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (CD_IS_BLOCK (block));
  g_return_if_fail (position <= cd_article_get_n_blocks (self));

  /* The article stops owning the block itself, on remove and in
   * dispose. */
  _cd_block_add_owner (block, block_changed_cb, self);
  /* The array first: the store tells its watchers, who read the story. */
  g_ptr_array_insert (self->block_array, position, g_object_ref (block));
  if (self->blocks != NULL)
    g_list_store_insert (self->blocks, position, block);
}

void
cd_article_append_block (CdArticle *self,
                         CdBlock   *block)
{
  g_return_if_fail (CD_IS_ARTICLE (self));

  cd_article_insert_block (self, cd_article_get_n_blocks (self), block);
}

void
cd_article_append_blocks (CdArticle  *self,
                          CdBlock   **blocks,
                          guint       n_blocks)
{
  guint position;

  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (blocks != NULL || n_blocks == 0);

  if (n_blocks == 0)
    return;

  position = self->block_array->len;
  for (guint i = 0; i < n_blocks; i++)
    {
      g_return_if_fail (CD_IS_BLOCK (blocks[i]));
    }
  for (guint i = 0; i < n_blocks; i++)
    {
      /* As cd_article_insert_block () does, block by block. */
      _cd_block_add_owner (blocks[i], block_changed_cb, self);
      g_ptr_array_add (self->block_array, g_object_ref (blocks[i]));
    }
  if (self->blocks != NULL)
    g_list_store_splice (self->blocks, position, 0, (gpointer *) blocks, n_blocks);
}

void
cd_article_remove_block (CdArticle *self,
                         guint      position)
{
  CdBlock *block;

  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (position < cd_article_get_n_blocks (self));

  block = cd_article_get_block (self, position);
  _cd_block_remove_owner (block, self);
  g_ptr_array_remove_index (self->block_array, position);
  if (self->blocks != NULL)
    g_list_store_remove (self->blocks, position);
}

void
cd_article_move_block (CdArticle *self,
                       guint      from,
                       guint      to)
{
  g_autoptr (GPtrArray) range = NULL;
  guint first;
  guint n_range;
  guint n;

  g_return_if_fail (CD_IS_ARTICLE (self));

  n = cd_article_get_n_blocks (self);
  g_return_if_fail (from < n);
  g_return_if_fail (to < n);

  if (from == to)
    return;

  /* One splice over the affected range gives one items-changed, so a
   * move is a single change for views and for the undo history. */
  first = MIN (from, to);
  n_range = MAX (from, to) - first + 1;
  range = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_range; i++)
    g_ptr_array_add (range, g_object_ref (g_ptr_array_index (self->block_array, first + i)));

  if (from < to)
    {
      gpointer moved = range->pdata[0];

      memmove (range->pdata, range->pdata + 1, (n_range - 1) * sizeof (gpointer));
      range->pdata[n_range - 1] = moved;
    }
  else
    {
      gpointer moved = range->pdata[n_range - 1];

      memmove (range->pdata + 1, range->pdata, (n_range - 1) * sizeof (gpointer));
      range->pdata[0] = moved;
    }

  memcpy (self->block_array->pdata + first, range->pdata, n_range * sizeof (gpointer));
  if (self->blocks != NULL)
    g_list_store_splice (self->blocks, first, n_range, range->pdata, n_range);
}

GBytes *
cd_article_get_media (CdArticle  *self,
                      const char *path)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_hash_table_lookup (self->media, path);
}

void
cd_article_set_media (CdArticle  *self,
                      const char *path,
                      GBytes     *bytes)
{
  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (path != NULL);

  if (bytes != NULL)
    g_hash_table_insert (self->media, g_strdup (path), g_bytes_ref (bytes));
  else if (!g_hash_table_remove (self->media, path))
    return;

  g_signal_emit (self, signals[MEDIA_CHANGED], 0);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
cd_article_list_media (CdArticle *self)
{
  g_autofree const char **keys = NULL;
  guint n = 0;
  char **paths;

  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->media, &n);
  paths = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    paths[i] = g_strdup (keys[i]);

  g_qsort_with_data (paths, n, sizeof (char *), compare_paths, NULL);

  return paths;
}

CdArticle *
cd_article_without_blank_paragraphs (CdArticle *self)
{
  CdArticle *copy = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  for (guint i = cd_article_get_n_blocks (self); i > 0; i--)
    {
      if (!cd_block_is_blank_paragraph (cd_article_get_block (self, i - 1)))
        continue;
      if (copy == NULL)
        copy = cd_article_copy (self);
      cd_article_remove_block (copy, i - 1);
    }

  return copy != NULL ? copy : g_object_ref (self);
}

CdArticle *
cd_article_copy_with_blocks (CdArticle           *self,
                             CdArticleBlockFunc   block_func,
                             gpointer             user_data)
{
  CdArticle *copy;
  GHashTableIter iter;
  gpointer path;
  gpointer bytes;
  guint n_blocks;

  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (block_func != NULL, NULL);

  copy = g_object_new (CD_TYPE_ARTICLE, NULL);

  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  g_strfreev (copy->keywords);
  copy->keywords = g_strdupv (self->keywords);
  g_strfreev (copy->dictionary);
  copy->dictionary = g_strdupv (self->dictionary);
  for (guint i = 0; i < self->bylines->len; i++)
    g_ptr_array_add (copy->bylines, cd_byline_copy (g_ptr_array_index (self->bylines, i)));
  copy->dateline = self->dateline != NULL ? cd_dateline_copy (self->dateline) : NULL;
  if (self->lead != NULL)
    {
      g_autoptr (CdBlock) lead = cd_block_copy (self->lead);

      cd_article_set_lead (copy, lead);
    }

  n_blocks = self->block_array->len;
  {
    g_autoptr (GPtrArray) blocks = g_ptr_array_new_full (n_blocks, g_object_unref);

    for (guint i = 0; i < n_blocks; i++)
      {
        CdBlock *block = block_func (g_ptr_array_index (self->block_array, i), user_data);

        if (block != NULL)
          g_ptr_array_add (blocks, block);
      }
    cd_article_append_blocks (copy, (CdBlock **) blocks->pdata, blocks->len);
  }

  for (guint i = 0; i < self->published_to->len; i++)
    g_ptr_array_add (copy->published_to, cd_publish_record_copy (g_ptr_array_index (self->published_to, i)));

  /* Revisions never change once taken. */
  for (guint i = 0; i < self->revisions->len; i++)
    g_ptr_array_add (copy->revisions, cd_revision_ref (g_ptr_array_index (self->revisions, i)));

  /* The bytes are shared: media never change once stored. */
  g_hash_table_iter_init (&iter, self->media);
  while (g_hash_table_iter_next (&iter, &path, &bytes))
    g_hash_table_insert (copy->media, g_strdup (path), g_bytes_ref (bytes));

  return copy;
}

static CdBlock *
copy_block (CdBlock  *block,
            gpointer  user_data)
{
  return cd_block_copy (block);
}

/* The block itself, unless it is of the type given as @user_data. */
static CdBlock *
share_block (CdBlock  *block,
             gpointer  user_data)
{
  if (cd_block_get_block_type (block) == (CdBlockType) GPOINTER_TO_UINT (user_data))
    return cd_block_copy (block);

  return g_object_ref (block);
}

CdArticle *
cd_article_copy (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return cd_article_copy_with_blocks (self, copy_block, NULL);
}

CdArticle *
_cd_article_copy_sharing_blocks (CdArticle   *self,
                                 CdBlockType  copied_type)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return cd_article_copy_with_blocks (self, share_block, GUINT_TO_POINTER (copied_type));
}

GPtrArray *
cd_article_get_revisions (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return self->revisions;
}

GPtrArray *
cd_article_get_publish_records (CdArticle *self)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  return self->published_to;
}

const CdPublishRecord *
cd_article_find_publish_record (CdArticle  *self,
                                const char *site)
{
  g_return_val_if_fail (CD_IS_ARTICLE (self), NULL);

  for (guint i = 0; i < self->published_to->len; i++)
    {
      const CdPublishRecord *record = g_ptr_array_index (self->published_to, i);

      if (g_strcmp0 (record->site, site) == 0)
        return record;
    }

  return NULL;
}

void
cd_article_set_publish_record (CdArticle             *self,
                               const CdPublishRecord *record)
{
  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (record != NULL);

  for (guint i = 0; i < self->published_to->len; i++)
    {
      CdPublishRecord *old = g_ptr_array_index (self->published_to, i);

      if (g_strcmp0 (old->site, record->site) != 0)
        continue;
      if (cd_publish_record_equal (old, record))
        return;

      /* In place, so the sites keep the order they were first published in. */
      cd_publish_record_free (old);
      g_ptr_array_index (self->published_to, i) = cd_publish_record_copy (record);
      emit_field_changed (self, "published_to");
      return;
    }

  g_ptr_array_add (self->published_to, cd_publish_record_copy (record));
  emit_field_changed (self, "published_to");
}
