/* cd-find.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-find"

#include "config.h"

#include <string.h>

#include "cd-find.h"

G_DEFINE_BOXED_TYPE (CdFindMatch, cd_find_match, cd_find_match_copy, cd_find_match_free)

/* The block members a person reads; sources, addresses, providers and
 * dates are not prose to search. */
static const CdBlockField searched_fields[] = {
  CD_BLOCK_FIELD_TEXT,
  CD_BLOCK_FIELD_ATTRIBUTION,
  CD_BLOCK_FIELD_ALT,
  CD_BLOCK_FIELD_CAPTION,
  CD_BLOCK_FIELD_CREDIT,
  CD_BLOCK_FIELD_AUTHOR,
  CD_BLOCK_FIELD_TITLE,
};

CdFindMatch *
cd_find_match_copy (const CdFindMatch *match)
{
  CdFindMatch *copy;

  g_return_val_if_fail (match != NULL, NULL);

  copy = g_new0 (CdFindMatch, 1);
  copy->field = g_strdup (match->field);
  copy->block_id = g_strdup (match->block_id);
  copy->member = g_strdup (match->member);
  copy->index = match->index;
  copy->start = match->start;
  copy->end = match->end;

  return copy;
}

void
cd_find_match_free (CdFindMatch *match)
{
  if (match == NULL)
    return;

  g_free (match->field);
  g_free (match->block_id);
  g_free (match->member);
  g_free (match);
}

gboolean
cd_find_match_same_text (const CdFindMatch *a,
                         const CdFindMatch *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->field, b->field) == 0 &&
         g_strcmp0 (a->block_id, b->block_id) == 0 &&
         g_strcmp0 (a->member, b->member) == 0 &&
         a->index == b->index;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '_';
}

static gboolean
same_char (gunichar    a,
           gunichar    b,
           CdFindFlags flags)
{
  if (a == b)
    return TRUE;
  if ((flags & CD_FIND_MATCH_CASE) != 0)
    return FALSE;
  return g_unichar_tolower (a) == g_unichar_tolower (b) ||
         g_unichar_toupper (a) == g_unichar_toupper (b);
}

static void
find_in_text (GPtrArray   *matches,
              const char  *text,
              const char  *needle,
              CdFindFlags  flags,
              const char  *field,
              const char  *block_id,
              const char  *member,
              guint        index)
{
  g_autofree gunichar *hay = NULL;
  g_autofree gunichar *pin = NULL;
  glong n_hay = 0;
  glong n_pin = 0;

  if (text == NULL || *text == '\0')
    return;

  hay = g_utf8_to_ucs4_fast (text, -1, &n_hay);
  pin = g_utf8_to_ucs4_fast (needle, -1, &n_pin);
  if (n_pin == 0)
    return;

  for (glong i = 0; i + n_pin <= n_hay; )
    {
      glong k = 0;

      while (k < n_pin && same_char (hay[i + k], pin[k], flags))
        k++;

      if (k == n_pin &&
          ((flags & CD_FIND_WHOLE_WORD) == 0 ||
           ((i == 0 || !is_word_char (hay[i - 1])) &&
            (i + n_pin == n_hay || !is_word_char (hay[i + n_pin])))))
        {
          CdFindMatch *match = g_new0 (CdFindMatch, 1);

          match->field = g_strdup (field);
          match->block_id = g_strdup (block_id);
          match->member = g_strdup (member);
          match->index = index;
          match->start = i;
          match->end = i + n_pin;
          g_ptr_array_add (matches, match);
          i += n_pin;
        }
      else
        i++;
    }
}

static void
find_in_block (GPtrArray   *matches,
               CdBlock     *block,
               const char  *needle,
               CdFindFlags  flags,
               const char  *field)
{
  CdBlockType type = cd_block_get_block_type (block);
  const char *id = cd_block_get_id (block);

  if (type == CD_BLOCK_LIST)
    {
      GPtrArray *items = cd_block_get_items (block);

      for (guint i = 0; i < items->len; i++)
        {
          CdListItem *item = g_ptr_array_index (items, i);

          find_in_text (matches, item->text, needle, flags, field, id, "items", i);
        }
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (searched_fields); i++)
    {
      if (cd_block_type_has_field (type, searched_fields[i]))
        find_in_text (matches, cd_block_get_field (block, searched_fields[i]), needle, flags,
                      field, id, cd_block_field_to_string (searched_fields[i]), 0);
    }
}

GPtrArray *
cd_find_all (CdArticle   *article,
             const char  *needle,
             CdFindFlags  flags)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_find_match_free);
  GPtrArray *bylines;
  const CdDateline *dateline;

  g_return_val_if_fail (CD_IS_ARTICLE (article), matches);

  if (needle == NULL || *needle == '\0' || !g_utf8_validate (needle, -1, NULL))
    return matches;

  find_in_text (matches, cd_article_get_field (article, CD_ARTICLE_FIELD_HEADLINE), needle, flags,
                "headline", NULL, NULL, 0);
  find_in_text (matches, cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), needle, flags,
                "subheadline", NULL, NULL, 0);

  bylines = cd_article_get_bylines (article);
  for (guint i = 0; i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);

      find_in_text (matches, byline->name, needle, flags, "bylines", NULL, "name", i);
      find_in_text (matches, byline->title, needle, flags, "bylines", NULL, "title", i);
    }

  dateline = cd_article_get_dateline (article);
  if (dateline != NULL)
    {
      find_in_text (matches, dateline->place, needle, flags, "dateline", NULL, "place", 0);
      find_in_text (matches, dateline->source, needle, flags, "dateline", NULL, "source", 0);
    }

  if (cd_article_get_lead (article) != NULL)
    find_in_block (matches, cd_article_get_lead (article), needle, flags, "lead");

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    find_in_block (matches, cd_article_get_block (article, i), needle, flags, "body");

  return matches;
}

static gboolean
block_field_from_string (const char   *member,
                         CdBlockField *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (searched_fields); i++)
    {
      if (g_strcmp0 (member, cd_block_field_to_string (searched_fields[i])) == 0)
        {
          *field = searched_fields[i];
          return TRUE;
        }
    }

  return FALSE;
}

static CdBlock *
match_block (CdArticle         *article,
             const CdFindMatch *match)
{
  guint position = 0;
  CdBlock *block;

  if (match->block_id == NULL)
    return NULL;

  block = cd_article_find_block (article, match->block_id, &position);
  if (block == NULL)
    return NULL;

  /* A lead and a body block never share an id, but a match must still
   * name the part of the story its block is in. */
  if ((position == G_MAXUINT) != (g_strcmp0 (match->field, "lead") == 0))
    return NULL;

  return block;
}

const char *
cd_find_match_get_text (CdArticle         *article,
                        const CdFindMatch *match)
{
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (match != NULL, NULL);

  if (g_strcmp0 (match->field, "headline") == 0)
    return cd_article_get_field (article, CD_ARTICLE_FIELD_HEADLINE);
  if (g_strcmp0 (match->field, "subheadline") == 0)
    return cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE);

  if (g_strcmp0 (match->field, "bylines") == 0)
    {
      GPtrArray *bylines = cd_article_get_bylines (article);
      CdByline *byline;

      if (match->index >= bylines->len)
        return NULL;
      byline = g_ptr_array_index (bylines, match->index);
      if (g_strcmp0 (match->member, "name") == 0)
        return byline->name;
      if (g_strcmp0 (match->member, "title") == 0)
        return byline->title;
      return NULL;
    }

  if (g_strcmp0 (match->field, "dateline") == 0)
    {
      const CdDateline *dateline = cd_article_get_dateline (article);

      if (dateline == NULL)
        return NULL;
      if (g_strcmp0 (match->member, "place") == 0)
        return dateline->place;
      if (g_strcmp0 (match->member, "source") == 0)
        return dateline->source;
      return NULL;
    }

  if (g_strcmp0 (match->field, "lead") == 0 || g_strcmp0 (match->field, "body") == 0)
    {
      CdBlock *block = match_block (article, match);
      CdBlockField field;

      if (block == NULL)
        return NULL;

      if (g_strcmp0 (match->member, "items") == 0)
        {
          GPtrArray *items;

          if (cd_block_get_block_type (block) != CD_BLOCK_LIST)
            return NULL;
          items = cd_block_get_items (block);
          if (match->index >= items->len)
            return NULL;
          return ((CdListItem *) g_ptr_array_index (items, match->index))->text;
        }

      if (!block_field_from_string (match->member, &field) ||
          !cd_block_type_has_field (cd_block_get_block_type (block), field))
        return NULL;

      return cd_block_get_field (block, field);
    }

  return NULL;
}

/* Where an offset of the old text lands in the new one, @start..@end
 * having become @length characters long. Inside the replaced span it
 * stays inside the replacement, so a mark over the old words covers the
 * new ones. */
static guint
map_offset (guint offset,
            guint start,
            guint end,
            guint length)
{
  if (offset <= start)
    return offset;
  if (offset >= end)
    return offset - (end - start) + length;
  return start + MIN (offset - start, length);
}

static GPtrArray *
splice_marks (GPtrArray *marks,
              guint      start,
              guint      end,
              guint      length)
{
  GPtrArray *result = cd_marks_new ();

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);
      guint mark_start = map_offset (mark->start, start, end, length);
      guint mark_end = map_offset (mark->end, start, end, length);

      if (mark_end > mark_start)
        g_ptr_array_add (result, cd_mark_new (mark->type, mark_start, mark_end, mark->href));
    }

  return result;
}

/* @text with code points @start..@end replaced, or NULL when they are
 * not within it. */
static char *
splice_text (const char *text,
             guint       start,
             guint       end,
             const char *replacement)
{
  glong length = g_utf8_strlen (text, -1);
  const char *from;
  const char *to;

  if (start > end || end > (guint) length)
    return NULL;

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (from, end - start);

  return g_strdup_printf ("%.*s%s%s", (int) (from - text), text, replacement, to);
}

gboolean
cd_find_replace (CdArticle         *article,
                 const CdFindMatch *match,
                 const char        *replacement)
{
  const char *text;
  g_autofree char *spliced = NULL;
  guint length;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (match != NULL, FALSE);
  g_return_val_if_fail (replacement != NULL && g_utf8_validate (replacement, -1, NULL), FALSE);

  text = cd_find_match_get_text (article, match);
  if (text == NULL)
    return FALSE;

  spliced = splice_text (text, match->start, match->end, replacement);
  if (spliced == NULL)
    return FALSE;
  length = g_utf8_strlen (replacement, -1);

  if (g_strcmp0 (match->field, "headline") == 0)
    cd_article_set_field (article, CD_ARTICLE_FIELD_HEADLINE, spliced);
  else if (g_strcmp0 (match->field, "subheadline") == 0)
    cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, *spliced != '\0' ? spliced : NULL);
  else if (g_strcmp0 (match->field, "bylines") == 0)
    {
      GPtrArray *bylines = cd_article_get_bylines (article);
      g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
      CdByline *byline;

      for (guint i = 0; i < bylines->len; i++)
        g_ptr_array_add (copy, cd_byline_copy (g_ptr_array_index (bylines, i)));
      byline = g_ptr_array_index (copy, match->index);
      if (g_strcmp0 (match->member, "name") == 0)
        {
          g_free (byline->name);
          byline->name = g_strdup (spliced);
        }
      else
        {
          g_free (byline->title);
          byline->title = g_strdup (spliced);
        }
      cd_article_set_bylines (article, copy);
    }
  else if (g_strcmp0 (match->field, "dateline") == 0)
    {
      g_autoptr(CdDateline) copy = cd_dateline_copy (cd_article_get_dateline (article));

      if (g_strcmp0 (match->member, "place") == 0)
        {
          g_free (copy->place);
          copy->place = g_strdup (spliced);
        }
      else
        {
          g_free (copy->source);
          copy->source = g_strdup (spliced);
        }
      cd_article_set_dateline (article, copy);
    }
  else
    {
      CdBlock *block = match_block (article, match);
      CdBlockField field;

      g_assert (block != NULL);

      if (g_strcmp0 (match->member, "items") == 0)
        {
          GPtrArray *items = cd_block_get_items (block);
          g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
          CdListItem *item;

          for (guint i = 0; i < items->len; i++)
            g_ptr_array_add (copy, cd_list_item_copy (g_ptr_array_index (items, i)));
          item = g_ptr_array_index (copy, match->index);
          {
            g_free (item->text);
            item->text = g_strdup (spliced);
          }
          g_ptr_array_unref (item->marks);
          item->marks = splice_marks (((CdListItem *) g_ptr_array_index (items, match->index))->marks,
                                      match->start, match->end, length);
          cd_block_set_items (block, copy);
        }
      else
        {
          if (!block_field_from_string (match->member, &field))
            g_assert_not_reached ();

          if (field == CD_BLOCK_FIELD_TEXT && cd_block_type_has_marks (cd_block_get_block_type (block)))
            {
              g_autoptr(GPtrArray) marks = splice_marks (cd_block_get_marks (block),
                                                         match->start, match->end, length);

              cd_block_set_text_and_marks (block, spliced, marks);
            }
          else
            cd_block_set_field (block, field, spliced);
        }
    }

  return TRUE;
}

guint
cd_find_replace_all (CdArticle   *article,
                     CdHistory   *history,
                     const char  *needle,
                     const char  *replacement,
                     CdFindFlags  flags)
{
  g_autoptr(GPtrArray) matches = NULL;
  guint replaced = 0;

  g_return_val_if_fail (CD_IS_ARTICLE (article), 0);
  g_return_val_if_fail (history == NULL || CD_IS_HISTORY (history), 0);
  g_return_val_if_fail (replacement != NULL, 0);

  matches = cd_find_all (article, needle, flags);
  if (matches->len == 0)
    return 0;

  if (history != NULL)
    cd_history_begin_group (history);

  /* From the last match back, so the offsets of those before it still
   * point at their text. */
  for (guint i = matches->len; i > 0; i--)
    {
      if (cd_find_replace (article, g_ptr_array_index (matches, i - 1), replacement))
        replaced++;
    }

  if (history != NULL)
    cd_history_end_group (history);

  return replaced;
}
