/* cd-compare.c: what changed between two versions of a story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-compare"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "cd-compare.h"
#include "cd-compare-private.h"
#include "cd-error.h"

struct _CdComparison
{
  GObject    parent_instance;

  CdArticle *old_article;
  CdArticle *new_article;
  GPtrArray *changes;   /* of CdChange */
  GArray    *places;    /* of CdComparePlace */
};

G_DEFINE_FINAL_TYPE (CdComparison, cd_comparison, G_TYPE_OBJECT)

/* The story fields compared as plain values, in the order a person
 * reads a story. */
static const CdArticleField compared_fields[] = {
  CD_ARTICLE_FIELD_SECTION,
  CD_ARTICLE_FIELD_STATUS,
  CD_ARTICLE_FIELD_SLUG,
  CD_ARTICLE_FIELD_LANGUAGE,
  CD_ARTICLE_FIELD_EMBARGO,
};

/* Block members that are attributes, not text with marks. */
static const CdBlockField attribute_fields[] = {
  CD_BLOCK_FIELD_ATTRIBUTION,
  CD_BLOCK_FIELD_SRC,
  CD_BLOCK_FIELD_ALT,
  CD_BLOCK_FIELD_CAPTION,
  CD_BLOCK_FIELD_CREDIT,
  CD_BLOCK_FIELD_PROVIDER,
  CD_BLOCK_FIELD_URL,
  CD_BLOCK_FIELD_KIND,
  CD_BLOCK_FIELD_AUTHOR,
  CD_BLOCK_FIELD_HANDLE,
  CD_BLOCK_FIELD_TITLE,
  CD_BLOCK_FIELD_DATE,
  CD_BLOCK_FIELD_LANG,
};

static void
change_free (CdChange *change)
{
  g_free (change->block_id);
  g_free (change->name);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static CdChange *
add_change (CdComparison *self,
            CdChangeKind  kind,
            const char   *block_id,
            const char   *name,
            const char   *old_value,
            const char   *new_value)
{
  CdChange *change = g_new0 (CdChange, 1);

  change->kind = kind;
  change->block_id = g_strdup (block_id);
  change->name = g_strdup (name);
  change->item = -1;
  change->old_value = g_strdup (old_value != NULL ? old_value : "");
  change->new_value = g_strdup (new_value != NULL ? new_value : "");
  change->old_position = G_MAXUINT;
  change->new_position = G_MAXUINT;
  g_ptr_array_add (self->changes, change);

  return change;
}

/* Text changes: each DELETE, INSERT or DELETE + INSERT of the word diff
 * is one change a person can step to and revert. */
static void
add_text_changes (CdComparison *self,
                  const char   *block_id,
                  const char   *name,
                  int           item,
                  const char   *old_text,
                  const char   *new_text)
{
  g_autoptr(GPtrArray) chunks = NULL;

  if (g_strcmp0 (old_text, new_text) == 0)
    return;

  chunks = cd_diff_words (old_text, new_text);
  for (guint i = 0; i < chunks->len; i++)
    {
      CdDiffChunk *chunk = g_ptr_array_index (chunks, i);
      CdDiffChunk *next = i + 1 < chunks->len ? g_ptr_array_index (chunks, i + 1) : NULL;
      CdChange *change;

      if (chunk->op == CD_DIFF_EQUAL)
        continue;

      change = add_change (self, CD_CHANGE_TEXT, block_id, name, NULL, NULL);
      change->item = item;
      change->old_start = chunk->old_start;
      change->new_start = chunk->new_start;
      change->old_end = chunk->old_end;
      change->new_end = chunk->new_end;

      if (chunk->op == CD_DIFF_DELETE)
        {
          g_free (change->old_value);
          change->old_value = g_strdup (chunk->text);
          if (next != NULL && next->op == CD_DIFF_INSERT)
            {
              g_free (change->new_value);
              change->new_value = g_strdup (next->text);
              change->new_end = next->new_end;
              i++;
            }
        }
      else
        {
          g_free (change->new_value);
          change->new_value = g_strdup (chunk->text);
        }
    }
}

static char *
describe_bylines (CdArticle *article)
{
  GPtrArray *bylines = cd_article_get_bylines (article);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);

      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, byline->name != NULL ? byline->name : "");
      if (byline->title != NULL && *byline->title != '\0')
        g_string_append_printf (out, ", %s", byline->title);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
describe_dateline (CdArticle *article)
{
  const CdDateline *dateline = cd_article_get_dateline (article);

  if (dateline == NULL)
    return g_strdup ("");

  if (dateline->source == NULL || *dateline->source == '\0')
    return g_strdup (dateline->place != NULL ? dateline->place : "");

  return g_strdup_printf ("%s (%s)", dateline->place != NULL ? dateline->place : "",
                          dateline->source);
}

static char *
describe_date (CdArticle *article)
{
  const CdDateline *dateline = cd_article_get_dateline (article);

  return g_strdup (dateline != NULL && dateline->date != NULL ? dateline->date : "");
}

static char *
describe_keywords (CdArticle *article)
{
  return g_strjoinv (", ", (char **) cd_article_get_keywords (article));
}

static char *
describe_marks (const char *text,
                GPtrArray  *marks)
{
  g_autoptr(GString) out = g_string_new (NULL);
  glong n_chars = g_utf8_strlen (text, -1);

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);
      const char *start;
      const char *end;

      if (mark->start >= mark->end || mark->start >= (guint) n_chars)
        continue;

      start = g_utf8_offset_to_pointer (text, mark->start);
      end = g_utf8_offset_to_pointer (text, MIN (mark->end, (guint) n_chars));
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s “%.*s”", cd_mark_type_to_string (mark->type),
                              (int) (end - start), start);
      if (mark->type == CD_MARK_LINK)
        g_string_append_printf (out, " → %s", mark->href != NULL ? mark->href : "");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
compare_marks (CdComparison *self,
               const char   *block_id,
               int           item,
               const char   *old_text,
               GPtrArray    *old_marks,
               const char   *new_text,
               GPtrArray    *new_marks)
{
  g_autofree char *old_description = describe_marks (old_text, old_marks);
  g_autofree char *new_description = describe_marks (new_text, new_marks);
  CdChange *change;

  /* Marks are compared by what they cover, so words typed before a bold
   * word do not count as a formatting change. */
  if (g_strcmp0 (old_description, new_description) == 0)
    return;

  change = add_change (self, CD_CHANGE_MARKS, block_id, "marks", old_description, new_description);
  change->item = item;
}

gboolean
_cd_block_has_marked_text (CdBlock *block)
{
  CdBlockType type = cd_block_get_block_type (block);

  return cd_block_type_has_marks (type) && type != CD_BLOCK_LIST;
}

gboolean
_cd_block_has_text (CdBlock *block)
{
  CdBlockType type = cd_block_get_block_type (block);

  return _cd_block_has_marked_text (block) || type == CD_BLOCK_PULLQUOTE;
}

static void
compare_attributes (CdComparison *self,
                    CdBlock      *old_block,
                    CdBlock      *new_block)
{
  const char *id = cd_block_get_id (new_block);
  CdBlockType old_type = cd_block_get_block_type (old_block);
  CdBlockType new_type = cd_block_get_block_type (new_block);

  if (old_type != new_type)
    add_change (self, CD_CHANGE_ATTRIBUTE, id, "type",
                cd_block_type_to_string (old_type), cd_block_type_to_string (new_type));

  if (old_type == CD_BLOCK_HEADING && new_type == CD_BLOCK_HEADING &&
      cd_block_get_level (old_block) != cd_block_get_level (new_block))
    {
      g_autofree char *old_level = g_strdup_printf ("%u", cd_block_get_level (old_block));
      g_autofree char *new_level = g_strdup_printf ("%u", cd_block_get_level (new_block));

      add_change (self, CD_CHANGE_ATTRIBUTE, id, "level", old_level, new_level);
    }

  if (old_type == CD_BLOCK_LIST && new_type == CD_BLOCK_LIST &&
      cd_block_get_ordered (old_block) != cd_block_get_ordered (new_block))
    add_change (self, CD_CHANGE_ATTRIBUTE, id, "ordered",
                cd_block_get_ordered (old_block) ? "true" : "false",
                cd_block_get_ordered (new_block) ? "true" : "false");

  /* An embed's stored text is an attribute: it is the post's, not the
   * story's words. */
  if (old_type == CD_BLOCK_EMBED && new_type == CD_BLOCK_EMBED)
    {
      const char *old_text = cd_block_get_field (old_block, CD_BLOCK_FIELD_TEXT);
      const char *new_text = cd_block_get_field (new_block, CD_BLOCK_FIELD_TEXT);

      if (g_strcmp0 (old_text, new_text) != 0)
        add_change (self, CD_CHANGE_ATTRIBUTE, id, "text", old_text, new_text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (attribute_fields); i++)
    {
      const char *old_value = cd_block_get_field (old_block, attribute_fields[i]);
      const char *new_value = cd_block_get_field (new_block, attribute_fields[i]);

      if (g_strcmp0 (old_value, new_value) != 0)
        add_change (self, CD_CHANGE_ATTRIBUTE, id, cd_block_field_to_string (attribute_fields[i]),
                    old_value, new_value);
    }
}

static void
compare_blocks (CdComparison *self,
                CdBlock      *old_block,
                CdBlock      *new_block)
{
  const char *id = cd_block_get_id (new_block);

  compare_attributes (self, old_block, new_block);

  if (_cd_block_has_text (old_block) && _cd_block_has_text (new_block))
    {
      const char *old_text = cd_block_get_text (old_block);
      const char *new_text = cd_block_get_text (new_block);

      add_text_changes (self, id, "text", -1, old_text, new_text);
      if (_cd_block_has_marked_text (old_block) && _cd_block_has_marked_text (new_block))
        compare_marks (self, id, -1, old_text, cd_block_get_marks (old_block),
                       new_text, cd_block_get_marks (new_block));
    }

  if (cd_block_get_block_type (old_block) == CD_BLOCK_LIST &&
      cd_block_get_block_type (new_block) == CD_BLOCK_LIST)
    {
      GPtrArray *old_items = cd_block_get_items (old_block);
      GPtrArray *new_items = cd_block_get_items (new_block);
      guint n = MAX (old_items->len, new_items->len);

      for (guint i = 0; i < n; i++)
        {
          CdListItem *old_item = i < old_items->len ? g_ptr_array_index (old_items, i) : NULL;
          CdListItem *new_item = i < new_items->len ? g_ptr_array_index (new_items, i) : NULL;
          const char *old_text = old_item != NULL && old_item->text != NULL ? old_item->text : "";
          const char *new_text = new_item != NULL && new_item->text != NULL ? new_item->text : "";

          add_text_changes (self, id, "text", i, old_text, new_text);
          compare_marks (self, id, i, old_text, old_item != NULL ? old_item->marks : NULL,
                         new_text, new_item != NULL ? new_item->marks : NULL);
        }
    }
}

static void
compare_lead (CdComparison *self)
{
  CdBlock *old_lead = cd_article_get_lead (self->old_article);
  CdBlock *new_lead = cd_article_get_lead (self->new_article);
  const char *old_src = old_lead != NULL ? cd_block_get_field (old_lead, CD_BLOCK_FIELD_SRC) : "";
  const char *new_src = new_lead != NULL ? cd_block_get_field (new_lead, CD_BLOCK_FIELD_SRC) : "";

  if (old_lead == NULL && new_lead == NULL)
    return;

  /* Another photo is one change of the lead; the same one (by its block
   * id or its file) is compared member by member. */
  if (old_lead == NULL || new_lead == NULL ||
      (g_strcmp0 (cd_block_get_id (old_lead), cd_block_get_id (new_lead)) != 0 &&
       g_strcmp0 (old_src, new_src) != 0))
    {
      add_change (self, CD_CHANGE_FIELD, NULL, "lead", old_src, new_src);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (attribute_fields); i++)
    {
      const char *old_value = cd_block_get_field (old_lead, attribute_fields[i]);
      const char *new_value = cd_block_get_field (new_lead, attribute_fields[i]);

      if (g_strcmp0 (old_value, new_value) != 0)
        add_change (self, CD_CHANGE_ATTRIBUTE, cd_block_get_id (new_lead),
                    cd_block_field_to_string (attribute_fields[i]), old_value, new_value);
    }
}

typedef char *(*DescribeFunc) (CdArticle *article);

static void
compare_described (CdComparison *self,
                   const char   *name,
                   DescribeFunc  describe)
{
  g_autofree char *old_value = describe (self->old_article);
  g_autofree char *new_value = describe (self->new_article);

  if (g_strcmp0 (old_value, new_value) != 0)
    add_change (self, CD_CHANGE_FIELD, NULL, name, old_value, new_value);
}

/* Pairs the body blocks by id and orders them as the page shows them:
 * blocks in both in their new order, deleted ones where they were. A
 * block in both whose id falls out of the longest common order has
 * moved. */
static void
pair_blocks (CdComparison *self)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_old = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_new = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (guint8));
  guint n = cd_article_get_n_blocks (self->old_article);
  guint m = cd_article_get_n_blocks (self->new_article);
  g_autofree guint *a = g_new (guint, n + 1);
  g_autofree guint *b = g_new (guint, m + 1);
  guint x = 0;
  guint y = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *id = cd_block_get_id (cd_article_get_block (self->old_article, i));
      gpointer value;

      if (!g_hash_table_lookup_extended (ids, id, NULL, &value))
        {
          value = GUINT_TO_POINTER (g_hash_table_size (ids));
          g_hash_table_insert (ids, (gpointer) id, value);
        }
      a[i] = GPOINTER_TO_UINT (value);
      g_hash_table_insert (in_old, (gpointer) id, GUINT_TO_POINTER (i + 1));
    }
  for (guint j = 0; j < m; j++)
    {
      const char *id = cd_block_get_id (cd_article_get_block (self->new_article, j));
      gpointer value;

      if (!g_hash_table_lookup_extended (ids, id, NULL, &value))
        {
          value = GUINT_TO_POINTER (g_hash_table_size (ids));
          g_hash_table_insert (ids, (gpointer) id, value);
        }
      b[j] = GPOINTER_TO_UINT (value);
      g_hash_table_insert (in_new, (gpointer) id, GUINT_TO_POINTER (j + 1));
    }

  if (!cd_diff_sequence (a, n, b, m, ops))
    {
      /* Too many moves to order: every block deleted, then inserted,
       * which still pairs blocks of the same id below. */
      g_array_set_size (ops, 0);
      for (guint i = 0; i < n; i++)
        g_array_append_val (ops, ((guint8) { CD_DIFF_DELETE }));
      for (guint j = 0; j < m; j++)
        g_array_append_val (ops, ((guint8) { CD_DIFF_INSERT }));
    }

  for (guint k = 0; k < ops->len; k++)
    {
      guint8 op = g_array_index (ops, guint8, k);
      CdComparePlace place = { NULL, NULL, G_MAXUINT, G_MAXUINT, FALSE };

      if (op == CD_DIFF_EQUAL)
        {
          place.old_block = cd_article_get_block (self->old_article, x);
          place.new_block = cd_article_get_block (self->new_article, y);
          place.old_position = x++;
          place.new_position = y++;
        }
      else if (op == CD_DIFF_DELETE)
        {
          CdBlock *block = cd_article_get_block (self->old_article, x);

          place.old_position = x++;
          /* A moved block shows where it is now. */
          if (g_hash_table_contains (in_new, cd_block_get_id (block)))
            continue;
          place.old_block = block;
        }
      else
        {
          CdBlock *block = cd_article_get_block (self->new_article, y);
          gpointer old_index = g_hash_table_lookup (in_old, cd_block_get_id (block));

          place.new_block = block;
          place.new_position = y++;
          if (old_index != NULL)
            {
              place.old_position = GPOINTER_TO_UINT (old_index) - 1;
              place.old_block = cd_article_get_block (self->old_article, place.old_position);
              place.moved = TRUE;
            }
        }

      g_array_append_val (self->places, place);
    }
}

static void
compare (CdComparison *self)
{
  const char *old_headline = cd_article_get_field (self->old_article, CD_ARTICLE_FIELD_HEADLINE);
  const char *new_headline = cd_article_get_field (self->new_article, CD_ARTICLE_FIELD_HEADLINE);
  const char *old_dek = cd_article_get_field (self->old_article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const char *new_dek = cd_article_get_field (self->new_article, CD_ARTICLE_FIELD_SUBHEADLINE);

  add_text_changes (self, NULL, "headline", -1, old_headline ? old_headline : "",
                    new_headline ? new_headline : "");
  add_text_changes (self, NULL, "subheadline", -1, old_dek ? old_dek : "", new_dek ? new_dek : "");
  compare_described (self, "bylines", describe_bylines);
  compare_described (self, "dateline", describe_dateline);
  compare_described (self, "date", describe_date);

  for (guint i = 0; i < G_N_ELEMENTS (compared_fields); i++)
    {
      const char *old_value = cd_article_get_field (self->old_article, compared_fields[i]);
      const char *new_value = cd_article_get_field (self->new_article, compared_fields[i]);

      if (g_strcmp0 (old_value ? old_value : "", new_value ? new_value : "") != 0)
        add_change (self, CD_CHANGE_FIELD, NULL, cd_article_field_to_string (compared_fields[i]),
                    old_value, new_value);
    }
  compare_described (self, "keywords", describe_keywords);
  compare_lead (self);

  pair_blocks (self);
  for (guint i = 0; i < self->places->len; i++)
    {
      CdComparePlace *place = &g_array_index (self->places, CdComparePlace, i);
      CdChange *change;

      if (place->new_block == NULL)
        {
          change = add_change (self, CD_CHANGE_DELETED, cd_block_get_id (place->old_block),
                               cd_block_type_to_string (cd_block_get_block_type (place->old_block)),
                               cd_block_get_field (place->old_block, CD_BLOCK_FIELD_TEXT), NULL);
        }
      else if (place->old_block == NULL)
        {
          change = add_change (self, CD_CHANGE_INSERTED, cd_block_get_id (place->new_block),
                               cd_block_type_to_string (cd_block_get_block_type (place->new_block)),
                               NULL, cd_block_get_field (place->new_block, CD_BLOCK_FIELD_TEXT));
        }
      else
        {
          if (place->moved)
            {
              change = add_change (self, CD_CHANGE_MOVED, cd_block_get_id (place->new_block),
                                   cd_block_type_to_string (cd_block_get_block_type (place->new_block)),
                                   NULL, NULL);
              change->old_position = place->old_position;
              change->new_position = place->new_position;
            }
          compare_blocks (self, place->old_block, place->new_block);
          continue;
        }

      change->old_position = place->old_position;
      change->new_position = place->new_position;
    }
}

static void
cd_comparison_finalize (GObject *object)
{
  CdComparison *self = CD_COMPARISON (object);

  g_clear_object (&self->old_article);
  g_clear_object (&self->new_article);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_pointer (&self->places, g_array_unref);

  G_OBJECT_CLASS (cd_comparison_parent_class)->finalize (object);
}

static void
cd_comparison_class_init (CdComparisonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_comparison_finalize;
}

static void
cd_comparison_init (CdComparison *self)
{
  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  self->places = g_array_new (FALSE, FALSE, sizeof (CdComparePlace));
}

CdComparison *
cd_comparison_new (CdArticle *old_article,
                   CdArticle *new_article)
{
  CdComparison *self;

  g_return_val_if_fail (CD_IS_ARTICLE (old_article), NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (new_article), NULL);

  self = g_object_new (CD_TYPE_COMPARISON, NULL);
  self->old_article = g_object_ref (old_article);
  self->new_article = g_object_ref (new_article);
  compare (self);

  return self;
}

CdArticle *
cd_comparison_get_old (CdComparison *self)
{
  g_return_val_if_fail (CD_IS_COMPARISON (self), NULL);

  return self->old_article;
}

CdArticle *
cd_comparison_get_new (CdComparison *self)
{
  g_return_val_if_fail (CD_IS_COMPARISON (self), NULL);

  return self->new_article;
}

GPtrArray *
cd_comparison_get_changes (CdComparison *self)
{
  g_return_val_if_fail (CD_IS_COMPARISON (self), NULL);

  return self->changes;
}

GArray *
_cd_comparison_get_places (CdComparison *self)
{
  return self->places;
}

/* Describing */

static const char *
field_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "headline", N_("Headline") },
    { "subheadline", N_("Dek") },
    { "bylines", N_("Bylines") },
    { "dateline", N_("Dateline") },
    { "date", N_("Date") },
    { "section", N_("Section") },
    { "status", N_("Status") },
    { "slug", N_("Slug") },
    { "language", N_("Language") },
    { "embargo", N_("Embargo") },
    { "keywords", N_("Keywords") },
    { "lead", N_("Lead photo") },
    { "caption", N_("caption") },
    { "credit", N_("credit") },
    { "alt", N_("alt text") },
    { "url", N_("URL") },
    { "src", N_("picture") },
    { "level", N_("heading level") },
    { "type", N_("type") },
    { "attribution", N_("attribution") },
    { "ordered", N_("numbering") },
    { "text", N_("text") },
    { "marks", N_("formatting") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_str_equal (labels[i].name, name))
        return _(labels[i].label);
    }

  return name;
}

/* Long values are cut for the list; the page shows them whole. */
static char *
shorten (const char *value)
{
  if (g_utf8_strlen (value, -1) <= 60)
    return g_strdup (value);

  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (value, 59) - value), value);
}

char *
cd_change_describe (const CdChange *change)
{
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (change != NULL, NULL);

  old_value = shorten (change->old_value);
  new_value = shorten (change->new_value);

  if (change->block_id == NULL)
    where = g_strdup (field_label (change->name));
  else if (change->item >= 0)
    /* Translators: "Block p3, item 2" */
    where = g_strdup_printf (_("Block %s, item %d"), change->block_id, change->item + 1);
  else
    /* Translators: "Block p3" */
    where = g_strdup_printf (_("Block %s"), change->block_id);

  switch (change->kind)
    {
    case CD_CHANGE_TEXT:
      if (*change->old_value == '\0')
        /* Translators: "Block p3: inserted “words”" */
        return g_strdup_printf (_("%s: inserted “%s”"), where, new_value);
      if (*change->new_value == '\0')
        return g_strdup_printf (_("%s: deleted “%s”"), where, old_value);
      return g_strdup_printf (_("%s: “%s” → “%s”"), where, old_value, new_value);

    case CD_CHANGE_FIELD:
      return g_strdup_printf (_("%s changed: “%s” → “%s”"), where, old_value, new_value);

    case CD_CHANGE_INSERTED:
      if (*change->new_value != '\0')
        /* Translators: "Block p3 inserted (paragraph): “words”" */
        return g_strdup_printf (_("%s inserted (%s): “%s”"), where, field_label (change->name), new_value);
      return g_strdup_printf (_("%s inserted (%s)"), where, field_label (change->name));

    case CD_CHANGE_DELETED:
      if (*change->old_value != '\0')
        return g_strdup_printf (_("%s deleted (%s): “%s”"), where, field_label (change->name), old_value);
      return g_strdup_printf (_("%s deleted (%s)"), where, field_label (change->name));

    case CD_CHANGE_MOVED:
      return g_strdup_printf (_("%s moved from position %u to %u"), where,
                              change->old_position + 1, change->new_position + 1);

    case CD_CHANGE_MARKS:
      return g_strdup_printf (_("%s: formatting changed: “%s” → “%s”"), where, old_value, new_value);

    case CD_CHANGE_ATTRIBUTE:
      return g_strdup_printf (_("%s: %s changed: “%s” → “%s”"), where,
                              field_label (change->name), old_value, new_value);

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

char *
cd_change_anchor (guint index)
{
  return g_strdup_printf ("cd-change-%u", index + 1);
}

/* Reverting */

/* Marks after a replacement of [start, start + old_length) by
 * new_length code points: later ones move, ones over it stretch or
 * shrink with it, ones that vanish with it go. */
static GPtrArray *
marks_after_replace (GPtrArray *marks,
                     guint      start,
                     guint      old_length,
                     guint      new_length)
{
  GPtrArray *result = cd_marks_new ();
  guint old_end = start + old_length;

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      CdMark *mark = cd_mark_copy (g_ptr_array_index (marks, i));

      if (mark->start >= old_end)
        mark->start = mark->start - old_length + new_length;
      else if (mark->start > start)
        mark->start = start + new_length;

      if (mark->end >= old_end)
        mark->end = mark->end - old_length + new_length;
      else if (mark->end > start)
        mark->end = start + new_length;

      if (mark->start < mark->end)
        g_ptr_array_add (result, mark);
      else
        cd_mark_free (mark);
    }

  return result;
}

static char *
replace_text (const char      *text,
              const CdChange  *change,
              GError         **error)
{
  g_autoptr(GString) out = NULL;
  const char *start;
  const char *end;
  glong n_chars = g_utf8_strlen (text, -1);

  if (change->new_end > (guint) n_chars)
    goto changed;

  start = g_utf8_offset_to_pointer (text, change->new_start);
  end = g_utf8_offset_to_pointer (text, change->new_end);
  if ((gsize) (end - start) != strlen (change->new_value) ||
      strncmp (start, change->new_value, end - start) != 0)
    goto changed;

  out = g_string_new_len (text, start - text);
  g_string_append (out, change->old_value);
  g_string_append (out, end);
  return g_string_free (g_steal_pointer (&out), FALSE);

changed:
  g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
               _("The text has changed since it was compared: “%s” is no longer there"),
               change->new_value);
  return NULL;
}

static void
copy_figure_media (CdArticle *from,
                   CdArticle *to,
                   CdBlock   *block)
{
  const char *src;
  GBytes *bytes;

  if (block == NULL || cd_block_get_block_type (block) != CD_BLOCK_FIGURE)
    return;

  src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  bytes = cd_article_get_media (from, src);
  if (bytes != NULL && cd_article_get_media (to, src) == NULL)
    cd_article_set_media (to, src, bytes);
}

static gboolean
find_in_target (CdArticle   *target,
                const char  *id,
                CdBlock    **block,
                guint       *position,
                GError     **error)
{
  *block = cd_article_find_block (target, id, position);
  if (*block != NULL)
    return TRUE;

  g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
               _("Block %s is no longer in the story"), id);
  return FALSE;
}

/* Where a block of the old story goes back: after the nearest block
 * before it in the old story that the target still has. */
static guint
old_place_in_target (CdComparison *self,
                     CdArticle    *target,
                     guint         old_position,
                     const char   *skip_id)
{
  for (guint i = old_position; i-- > 0; )
    {
      const char *id = cd_block_get_id (cd_article_get_block (self->old_article, i));
      guint position;

      if (g_strcmp0 (id, skip_id) != 0 && cd_article_find_block (target, id, &position) != NULL &&
          position != G_MAXUINT)
        return position + 1;
    }

  return 0;
}

static gboolean
revert_field (CdComparison  *self,
              const CdChange *change,
              CdArticle     *target,
              GError       **error)
{
  CdArticle *old = self->old_article;

  if (g_str_equal (change->name, "bylines"))
    cd_article_set_bylines (target, cd_article_get_bylines (old));
  else if (g_str_equal (change->name, "dateline") || g_str_equal (change->name, "date"))
    cd_article_set_dateline (target, cd_article_get_dateline (old));
  else if (g_str_equal (change->name, "keywords"))
    cd_article_set_keywords (target, cd_article_get_keywords (old));
  else if (g_str_equal (change->name, "lead"))
    {
      CdBlock *lead = cd_article_get_lead (old);
      g_autoptr(CdBlock) copy = lead != NULL ? cd_block_copy (lead) : NULL;

      copy_figure_media (old, target, lead);
      cd_article_set_lead (target, copy);
    }
  else
    {
      for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
        {
          if (g_str_equal (cd_article_field_to_string (i), change->name))
            {
              cd_article_set_field (target, i, cd_article_get_field (old, i));
              return TRUE;
            }
        }

      g_set_error (error, CD_ERROR, CD_ERROR_INVALID, _("“%s” cannot be reverted"), change->name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
revert_text (const CdChange *change,
             CdArticle      *target,
             GError        **error)
{
  g_autofree char *text = NULL;
  guint old_length = change->new_end - change->new_start;
  guint new_length = g_utf8_strlen (change->old_value, -1);
  CdBlock *block;
  guint position;

  if (change->block_id == NULL)
    {
      CdArticleField field = g_str_equal (change->name, "headline") ? CD_ARTICLE_FIELD_HEADLINE
                                                                    : CD_ARTICLE_FIELD_SUBHEADLINE;
      const char *current = cd_article_get_field (target, field);

      text = replace_text (current != NULL ? current : "", change, error);
      if (text == NULL)
        return FALSE;
      cd_article_set_field (target, field, text);
      return TRUE;
    }

  if (!find_in_target (target, change->block_id, &block, &position, error))
    return FALSE;

  if (change->item >= 0)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
      GPtrArray *current = cd_block_get_items (block);
      CdListItem *item;

      if (cd_block_get_block_type (block) != CD_BLOCK_LIST)
        return find_in_target (target, "", &block, &position, error);

      for (guint i = 0; i < current->len; i++)
        g_ptr_array_add (items, cd_list_item_copy (g_ptr_array_index (current, i)));
      while (items->len <= (guint) change->item)
        g_ptr_array_add (items, cd_list_item_new (""));

      item = g_ptr_array_index (items, change->item);
      text = replace_text (item->text != NULL ? item->text : "", change, error);
      if (text == NULL)
        return FALSE;

      {
        GPtrArray *marks = marks_after_replace (item->marks, change->new_start, old_length, new_length);

        g_free (item->text);
        item->text = g_steal_pointer (&text);
        g_ptr_array_unref (item->marks);
        item->marks = marks;
      }

      /* An item that only the new story had goes with its words. */
      while (items->len > 0)
        {
          CdListItem *last = g_ptr_array_index (items, items->len - 1);

          if (last->text != NULL && *last->text != '\0')
            break;
          g_ptr_array_remove_index (items, items->len - 1);
        }
      cd_block_set_items (block, items);
      return TRUE;
    }

  text = replace_text (cd_block_get_text (block), change, error);
  if (text == NULL)
    return FALSE;

  {
    g_autoptr(GPtrArray) marks = marks_after_replace (cd_block_get_marks (block), change->new_start,
                                                      old_length, new_length);

    cd_block_set_text_and_marks (block, text, marks);
  }

  return TRUE;
}

static gboolean
revert_attribute (CdComparison   *self,
                  const CdChange *change,
                  CdArticle      *target,
                  GError        **error)
{
  CdBlock *block;
  CdBlock *old_block;
  guint position;

  if (!find_in_target (target, change->block_id, &block, &position, error))
    return FALSE;

  old_block = cd_article_find_block (self->old_article, change->block_id, NULL);
  if (old_block == NULL)
    old_block = cd_article_get_lead (self->old_article);
  g_assert (old_block != NULL);

  if (g_str_equal (change->name, "level"))
    cd_block_set_level (block, cd_block_get_level (old_block));
  else if (g_str_equal (change->name, "ordered"))
    cd_block_set_ordered (block, cd_block_get_ordered (old_block));
  else if (g_str_equal (change->name, "type"))
    {
      g_autoptr(GPtrArray) converted = cd_block_convert (block, cd_block_get_block_type (old_block));

      if (converted == NULL || converted->len != 1 || position == G_MAXUINT)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                       _("Block %s cannot be turned back into a %s"),
                       change->block_id, change->old_value);
          return FALSE;
        }
      cd_article_remove_block (target, position);
      cd_article_insert_block (target, position, g_ptr_array_index (converted, 0));
    }
  else
    {
      for (guint i = 0; i < CD_N_BLOCK_FIELDS; i++)
        {
          if (g_str_equal (cd_block_field_to_string (i), change->name))
            {
              cd_block_set_field (block, i, cd_block_get_field (old_block, i));
              if (i == CD_BLOCK_FIELD_SRC)
                copy_figure_media (self->old_article, target, old_block);
              return TRUE;
            }
        }
    }

  return TRUE;
}

static gboolean
revert_marks (const CdChange *change,
              CdComparison   *self,
              CdArticle      *target,
              GError        **error)
{
  CdBlock *old_block = cd_article_find_block (self->old_article, change->block_id, NULL);
  CdBlock *block;
  guint position;

  if (!find_in_target (target, change->block_id, &block, &position, error))
    return FALSE;
  g_assert (old_block != NULL);

  if (change->item >= 0)
    {
      GPtrArray *old_items = cd_block_get_items (old_block);
      GPtrArray *current = cd_block_get_items (block);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
      CdListItem *old_item;
      CdListItem *item;

      if ((guint) change->item >= old_items->len || (guint) change->item >= current->len)
        goto text_differs;
      old_item = g_ptr_array_index (old_items, change->item);
      item = g_ptr_array_index (current, change->item);
      if (g_strcmp0 (old_item->text, item->text) != 0)
        goto text_differs;

      for (guint i = 0; i < current->len; i++)
        g_ptr_array_add (items, cd_list_item_copy (g_ptr_array_index (current, i)));
      cd_list_item_free (g_ptr_array_index (items, change->item));
      g_ptr_array_index (items, change->item) = cd_list_item_copy (old_item);
      cd_block_set_items (block, items);
      return TRUE;
    }

  if (g_strcmp0 (cd_block_get_text (old_block), cd_block_get_text (block)) != 0)
    goto text_differs;
  cd_block_set_marks (block, cd_block_get_marks (old_block));
  return TRUE;

text_differs:
  g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
               _("The formatting of block %s cannot be reverted while its words differ: revert the words first"),
               change->block_id);
  return FALSE;
}

gboolean
cd_comparison_revert (CdComparison  *self,
                      guint          index,
                      CdArticle     *target,
                      GError       **error)
{
  const CdChange *change;
  CdBlock *block;
  guint position;

  g_return_val_if_fail (CD_IS_COMPARISON (self), FALSE);
  g_return_val_if_fail (index < self->changes->len, FALSE);
  g_return_val_if_fail (CD_IS_ARTICLE (target), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  change = g_ptr_array_index (self->changes, index);

  switch (change->kind)
    {
    case CD_CHANGE_FIELD:
      return revert_field (self, change, target, error);

    case CD_CHANGE_TEXT:
      return revert_text (change, target, error);

    case CD_CHANGE_ATTRIBUTE:
      return revert_attribute (self, change, target, error);

    case CD_CHANGE_MARKS:
      return revert_marks (change, self, target, error);

    case CD_CHANGE_INSERTED:
      if (!find_in_target (target, change->block_id, &block, &position, error))
        return FALSE;
      cd_article_remove_block (target, position);
      return TRUE;

    case CD_CHANGE_DELETED:
      {
        CdBlock *old_block = cd_article_get_block (self->old_article, change->old_position);
        g_autoptr(CdBlock) copy = NULL;

        if (cd_article_find_block (target, change->block_id, NULL) != NULL)
          {
            g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                         _("Block %s is already back in the story"), change->block_id);
            return FALSE;
          }

        copy = cd_block_copy (old_block);
        copy_figure_media (self->old_article, target, old_block);
        cd_article_insert_block (target,
                                 old_place_in_target (self, target, change->old_position, NULL),
                                 copy);
        return TRUE;
      }

    case CD_CHANGE_MOVED:
      {
        guint to;

        if (!find_in_target (target, change->block_id, &block, &position, error))
          return FALSE;
        to = old_place_in_target (self, target, change->old_position, change->block_id);
        if (to > position)
          to--;
        cd_article_move_block (target, position, to);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}
