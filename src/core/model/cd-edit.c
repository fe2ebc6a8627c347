/* cd-edit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-edit"

#include "config.h"

#include <string.h>

#include "cd-edit.h"

#define OBJECT_CHARACTER "\xef\xbf\xbc"

gboolean
cd_block_type_is_text (CdBlockType type)
{
  return type == CD_BLOCK_PARAGRAPH || type == CD_BLOCK_HEADING ||
         type == CD_BLOCK_QUOTE || type == CD_BLOCK_PULLQUOTE ||
         type == CD_BLOCK_LIST;
}

static guint
text_length (const char *text)
{
  return g_utf8_strlen (text, -1);
}

static gboolean
is_text (CdBlock *block)
{
  return cd_block_type_is_text (cd_block_get_block_type (block));
}

char *
cd_edit_get_text (CdBlock    *block,
                  GPtrArray **marks)
{
  CdBlockType type;

  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);

  type = cd_block_get_block_type (block);

  if (marks != NULL)
    *marks = cd_marks_new ();

  if (type == CD_BLOCK_LIST)
    {
      GPtrArray *items = cd_block_get_items (block);
      g_autoptr(GString) text = g_string_new (NULL);
      guint shift = 0;

      for (guint i = 0; i < items->len; i++)
        {
          CdListItem *item = g_ptr_array_index (items, i);

          if (i > 0)
            {
              g_string_append_c (text, '\n');
              shift++;
            }
          g_string_append (text, item->text);
          if (marks != NULL)
            cd_marks_append (*marks, item->marks, shift);
          shift += text_length (item->text);
        }

      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (!cd_block_type_is_text (type))
    return g_strdup (OBJECT_CHARACTER);

  if (marks != NULL && cd_block_type_has_marks (type))
    cd_marks_append (*marks, cd_block_get_marks (block), 0);

  return g_strdup (cd_block_get_text (block));
}

guint
cd_edit_get_length (CdBlock *block)
{
  g_autofree char *text = cd_edit_get_text (block, NULL);

  return text_length (text);
}

void
cd_edit_set_text (CdBlock    *block,
                  const char *text,
                  GPtrArray  *marks)
{
  CdBlockType type;

  g_return_if_fail (CD_IS_BLOCK (block));
  g_return_if_fail (text != NULL);

  type = cd_block_get_block_type (block);
  g_return_if_fail (cd_block_type_is_text (type));

  if (type == CD_BLOCK_LIST)
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
      guint base = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          CdListItem *item = cd_list_item_new (lines[i]);
          guint length = text_length (lines[i]);
          g_autoptr(GPtrArray) slice = cd_marks_slice (marks, base, base + length);

          cd_marks_normalize (slice);
          g_ptr_array_unref (item->marks);
          item->marks = g_steal_pointer (&slice);
          g_ptr_array_add (items, item);
          base += length + 1;
        }

      cd_block_set_items (block, items);
      return;
    }

  if (cd_block_type_has_marks (type))
    {
      g_autoptr(GPtrArray) clean = cd_marks_clean (marks, text_length (text));

      cd_block_set_text_and_marks (block, text, clean);
    }
  else
    cd_block_set_text (block, text);
}

/* Every operation is one undo step of its own: typing before it and
 * after it are separate steps. */
static void
begin (CdHistory *history)
{
  if (history == NULL)
    return;
  cd_history_break (history);
  cd_history_begin_group (history);
}

static void
end (CdHistory *history)
{
  if (history == NULL)
    return;
  cd_history_end_group (history);
  cd_history_break (history);
}

static CdEditPos
pos_make (guint block,
          guint offset)
{
  CdEditPos pos = { block, offset };

  return pos;
}

static gboolean
pos_before (CdEditPos a,
            CdEditPos b)
{
  return a.block < b.block || (a.block == b.block && a.offset < b.offset);
}

static CdEditPos
clamp_pos (CdArticle *article,
           CdEditPos  pos)
{
  guint n = cd_article_get_n_blocks (article);

  if (n == 0)
    return pos_make (0, 0);
  if (pos.block >= n)
    return pos_make (n - 1, cd_edit_get_length (cd_article_get_block (article, n - 1)));

  pos.offset = MIN (pos.offset, cd_edit_get_length (cd_article_get_block (article, pos.block)));

  return pos;
}

/* Text and marks of a flat text between two offsets. */
static char *
cut (const char *text,
     GPtrArray  *marks,
     guint       start,
     guint       end,
     GPtrArray **cut_marks)
{
  *cut_marks = cd_marks_slice (marks, start, end);

  return cd_utf8_substring (text, start, end);
}

/* A new block of @type holding a flat text. */
static CdBlock *
text_block_new (CdBlockType  type,
                CdBlock     *like,
                const char  *text,
                GPtrArray   *marks)
{
  CdBlock *block = cd_block_new (type);

  if (type == CD_BLOCK_LIST && like != NULL)
    cd_block_set_ordered (block, cd_block_get_ordered (like));
  if (type == CD_BLOCK_HEADING && like != NULL)
    cd_block_set_level (block, cd_block_get_level (like));
  cd_edit_set_text (block, text, marks);

  return block;
}

CdEditPos
cd_edit_split (CdArticle *article,
               CdHistory *history,
               CdEditPos  pos)
{
  CdBlock *block;
  CdBlockType type;
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GPtrArray) head_marks = NULL;
  g_autoptr(GPtrArray) tail_marks = NULL;
  g_autoptr(CdBlock) rest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  guint length;

  g_return_val_if_fail (CD_IS_ARTICLE (article), pos);
  g_return_val_if_fail (pos.block < cd_article_get_n_blocks (article), pos);

  pos = clamp_pos (article, pos);
  block = cd_article_get_block (article, pos.block);
  type = cd_block_get_block_type (block);

  begin (history);

  if (!cd_block_type_is_text (type))
    {
      /* Enter beside a photo opens a paragraph on that side of it. */
      g_autoptr(CdBlock) empty = cd_block_new (CD_BLOCK_PARAGRAPH);
      guint at = pos.offset == 0 ? pos.block : pos.block + 1;

      cd_article_insert_block (article, at, empty);
      end (history);
      return pos_make (at, 0);
    }

  text = cd_edit_get_text (block, &marks);
  length = text_length (text);

  if (pos.offset == 0 && length > 0)
    {
      g_autoptr(CdBlock) empty = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_article_insert_block (article, pos.block, empty);
      end (history);
      return pos_make (pos.block + 1, 0);
    }

  head = cut (text, marks, 0, pos.offset, &head_marks);
  tail = cut (text, marks, pos.offset, length, &tail_marks);

  if (type == CD_BLOCK_LIST)
    {
      /* Enter on an empty item leaves the list: a paragraph takes the
       * item's place, the items before and after staying lists. */
      gboolean head_open = head[0] == '\0' || g_str_has_suffix (head, "\n");
      gboolean tail_open = tail[0] == '\0' || tail[0] == '\n';

      if (head_open && tail_open)
        {
          g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
          guint at;

          if (head[0] != '\0')
            head[strlen (head) - 1] = '\0';
          if (tail[0] != '\0')
            {
              g_autoptr(GPtrArray) shifted = cd_marks_slice (tail_marks, 1, G_MAXUINT);

              rest = text_block_new (CD_BLOCK_LIST, block, tail + 1, shifted);
            }

          if (head[0] == '\0' && rest == NULL)
            {
              cd_article_remove_block (article, pos.block);
              at = pos.block;
            }
          else if (head[0] == '\0')
            {
              /* The first item: the list keeps its id below the paragraph. */
              g_autoptr(GPtrArray) shifted = cd_marks_slice (tail_marks, 1, G_MAXUINT);

              cd_edit_set_text (block, tail + 1, shifted);
              g_clear_object (&rest);
              at = pos.block;
            }
          else
            {
              cd_edit_set_text (block, head, head_marks);
              at = pos.block + 1;
            }

          cd_article_insert_block (article, at, paragraph);
          if (rest != NULL)
            cd_article_insert_block (article, at + 1, rest);
          end (history);
          return pos_make (at, 0);
        }

      /* Inside a list, Enter starts an item. */
      {
        g_autofree char *joined = g_strconcat (head, "\n", tail, NULL);

        cd_marks_insert_gap (marks, pos.offset, 1);
        cd_edit_set_text (block, joined, marks);
        end (history);
        return pos_make (pos.block, pos.offset + 1);
      }
    }

  cd_edit_set_text (block, head, head_marks);
  rest = text_block_new (CD_BLOCK_PARAGRAPH, NULL, tail,
                         cd_block_type_has_marks (type) ? tail_marks : NULL);
  cd_article_insert_block (article, pos.block + 1, rest);
  end (history);

  return pos_make (pos.block + 1, 0);
}

/* Joins @second's flat text onto @first's (both text blocks). */
static guint
join_into (CdBlock *first,
           CdBlock *second)
{
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GPtrArray) more_marks = NULL;
  g_autofree char *text = cd_edit_get_text (first, &marks);
  g_autofree char *more = cd_edit_get_text (second, &more_marks);
  g_autofree char *joined = NULL;
  guint length = text_length (text);

  /* A list joined onto a paragraph gives its first item: the other items
   * would otherwise run together in one paragraph. */
  if (cd_block_get_block_type (first) != CD_BLOCK_LIST && strchr (more, '\n') != NULL)
    {
      char *newline = strchr (more, '\n');

      *newline = '\0';
    }

  joined = g_strconcat (text, more, NULL);
  cd_marks_append (marks, more_marks, length);
  cd_marks_normalize (marks);
  cd_edit_set_text (first, joined, marks);

  return length;
}

/* After joining the first item of a list, the rest of it stays. */
static gboolean
rest_of_list (CdBlock *first,
              CdBlock *second)
{
  g_autoptr(GPtrArray) marks = NULL;
  g_autofree char *text = NULL;
  const char *newline;

  if (cd_block_get_block_type (first) == CD_BLOCK_LIST ||
      cd_block_get_block_type (second) != CD_BLOCK_LIST)
    return FALSE;

  text = cd_edit_get_text (second, &marks);
  newline = strchr (text, '\n');
  if (newline == NULL)
    return FALSE;

  {
    guint skip = g_utf8_pointer_to_offset (text, newline) + 1;
    g_autoptr(GPtrArray) rest_marks = cd_marks_slice (marks, skip, G_MAXUINT);

    cd_edit_set_text (second, newline + 1, rest_marks);
  }

  return TRUE;
}

gboolean
cd_edit_merge (CdArticle *article,
               CdHistory *history,
               guint      position,
               CdEditPos *caret)
{
  CdBlock *first;
  CdBlock *second;
  guint length;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);

  if (position + 1 >= cd_article_get_n_blocks (article))
    return FALSE;

  first = cd_article_get_block (article, position);
  second = cd_article_get_block (article, position + 1);
  if (!is_text (first) || !is_text (second))
    return FALSE;

  begin (history);
  length = join_into (first, second);
  if (!rest_of_list (first, second))
    cd_article_remove_block (article, position + 1);
  end (history);

  if (caret != NULL)
    *caret = pos_make (position, length);

  return TRUE;
}

static void
ensure_not_empty (CdArticle *article)
{
  if (cd_article_get_n_blocks (article) == 0)
    {
      g_autoptr(CdBlock) empty = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_article_append_block (article, empty);
    }
}

/* Deletes [@start, @end) of one text block. */
static void
delete_in_block (CdBlock *block,
                 guint    start,
                 guint    end)
{
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GPtrArray) head_marks = NULL;
  g_autoptr(GPtrArray) tail_marks = NULL;
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *joined = NULL;
  guint length;

  /* Nothing to delete is no change, and no undo step. */
  if (start >= end)
    return;

  text = cd_edit_get_text (block, &marks);
  length = text_length (text);
  if (start >= length)
    return;
  head = cut (text, marks, 0, start, &head_marks);
  tail = cut (text, marks, end, length, &tail_marks);
  joined = g_strconcat (head, tail, NULL);

  cd_marks_append (head_marks, tail_marks, start);
  cd_marks_normalize (head_marks);
  cd_edit_set_text (block, joined, head_marks);
}

CdEditPos
cd_edit_delete (CdArticle *article,
                CdHistory *history,
                CdEditPos  start,
                CdEditPos  end_pos)
{
  CdBlock *first;
  CdBlock *last;
  gboolean keep_first;
  gboolean keep_last;
  CdEditPos caret;

  g_return_val_if_fail (CD_IS_ARTICLE (article), start);

  if (cd_article_get_n_blocks (article) == 0)
    return pos_make (0, 0);

  start = clamp_pos (article, start);
  end_pos = clamp_pos (article, end_pos);
  if (pos_before (end_pos, start))
    {
      CdEditPos swap = start;

      start = end_pos;
      end_pos = swap;
    }
  if (start.block == end_pos.block && start.offset == end_pos.offset)
    return start;

  first = cd_article_get_block (article, start.block);
  last = cd_article_get_block (article, end_pos.block);

  begin (history);

  if (start.block == end_pos.block)
    {
      if (is_text (first))
        delete_in_block (first, start.offset, end_pos.offset);
      else
        {
          cd_article_remove_block (article, start.block);
          ensure_not_empty (article);
          start = clamp_pos (article, pos_make (start.block, 0));
        }
      end (history);
      return start;
    }

  /* A photo, embed or divider stays only when the range starts after it
   * or ends before it. */
  keep_first = is_text (first) || start.offset > 0;
  keep_last = is_text (last) || end_pos.offset == 0;

  if (is_text (last))
    delete_in_block (last, 0, end_pos.offset);
  if (is_text (first))
    {
      guint length = cd_edit_get_length (first);

      delete_in_block (first, start.offset, length);
    }

  for (guint i = end_pos.block - 1; i > start.block; i--)
    cd_article_remove_block (article, i);
  /* The last block is now right after the first. */
  if (!keep_last)
    cd_article_remove_block (article, start.block + 1);
  if (!keep_first)
    cd_article_remove_block (article, start.block);

  caret = pos_make (start.block, keep_first ? start.offset : 0);

  if (keep_first && keep_last && is_text (first) && is_text (last))
    cd_edit_merge (article, NULL, start.block, NULL);
  else if (keep_first && !is_text (first) && keep_last && is_text (last) &&
           cd_block_is_blank_paragraph (last) && start.block + 1 < cd_article_get_n_blocks (article))
    /* Backspace on an empty paragraph after a photo removes the paragraph. */
    cd_article_remove_block (article, start.block + 1);
  else if (keep_first && !is_text (first))
    caret = pos_make (start.block, 1);

  ensure_not_empty (article);
  end (history);

  return clamp_pos (article, caret);
}

GPtrArray *
cd_edit_copy (CdArticle *article,
              CdEditPos  start,
              CdEditPos  end_pos)
{
  GPtrArray *fragment = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CD_IS_ARTICLE (article), fragment);

  if (cd_article_get_n_blocks (article) == 0)
    return fragment;

  start = clamp_pos (article, start);
  end_pos = clamp_pos (article, end_pos);
  if (pos_before (end_pos, start))
    {
      CdEditPos swap = start;

      start = end_pos;
      end_pos = swap;
    }

  for (guint i = start.block; i <= end_pos.block; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      guint from = i == start.block ? start.offset : 0;
      guint to = i == end_pos.block ? end_pos.offset : G_MAXUINT;
      g_autoptr(CdBlock) copy = cd_block_copy (block);

      if (!is_text (block))
        {
          if (from == 0 && to >= 1)
            g_ptr_array_add (fragment, g_steal_pointer (&copy));
          continue;
        }

      if (from > 0 || to < cd_edit_get_length (block))
        {
          g_autoptr(GPtrArray) marks = NULL;
          g_autoptr(GPtrArray) part_marks = NULL;
          g_autofree char *text = cd_edit_get_text (block, &marks);
          g_autofree char *part = cut (text, marks, from, MIN (to, text_length (text)), &part_marks);

          /* Nothing of the last block is in the range. */
          if (i == end_pos.block && i != start.block && to == 0)
            continue;
          cd_edit_set_text (copy, part, part_marks);
        }
      g_ptr_array_add (fragment, g_steal_pointer (&copy));
    }

  return fragment;
}

/* A copy of @block to paste, with a fresh id when @article has its id. */
static CdBlock *
paste_copy (CdArticle *article,
            CdBlock   *block)
{
  CdBlock *copy = cd_block_copy (block);

  if (cd_article_find_block (article, cd_block_get_id (block), NULL) != NULL)
    {
      g_autoptr(CdBlock) fresh = cd_block_new (cd_block_get_block_type (block));

      cd_block_set_id (copy, cd_block_get_id (fresh));
    }

  return copy;
}

/* Inserts a flat text with marks into a text block at @offset. */
static void
insert_in_block (CdBlock    *block,
                 guint       offset,
                 const char *more,
                 GPtrArray  *more_marks)
{
  g_autoptr(GPtrArray) marks = NULL;
  g_autofree char *text = cd_edit_get_text (block, &marks);
  const char *at = g_utf8_offset_to_pointer (text, MIN (offset, text_length (text)));
  g_autoptr(GString) joined = g_string_new_len (text, at - text);

  g_string_append (joined, more);
  g_string_append (joined, at);
  cd_marks_insert_gap (marks, offset, text_length (more));
  cd_marks_append (marks, more_marks, offset);
  cd_marks_normalize (marks);
  cd_edit_set_text (block, joined->str, marks);
}

/* Whether @piece can go into the text of @target rather than beside it. */
static gboolean
goes_inline (CdBlock *target,
             CdBlock *piece)
{
  CdBlockType type = cd_block_get_block_type (piece);

  if (!is_text (target) || !is_text (piece))
    return FALSE;

  return type == CD_BLOCK_PARAGRAPH || type == cd_block_get_block_type (target);
}

CdEditPos
cd_edit_insert (CdArticle *article,
                CdHistory *history,
                CdEditPos  pos,
                GPtrArray *fragment)
{
  CdBlock *target;
  CdBlock *first_piece;
  CdBlock *last_piece;
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GPtrArray) tail_marks = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tail = NULL;
  CdEditPos caret;
  guint at;

  g_return_val_if_fail (CD_IS_ARTICLE (article), pos);
  g_return_val_if_fail (fragment != NULL, pos);

  if (fragment->len == 0)
    return pos;

  begin (history);
  ensure_not_empty (article);
  pos = clamp_pos (article, pos);
  target = cd_article_get_block (article, pos.block);
  first_piece = g_ptr_array_index (fragment, 0);
  last_piece = g_ptr_array_index (fragment, fragment->len - 1);

  if (!is_text (target))
    {
      at = pos.offset == 0 ? pos.block : pos.block + 1;
      for (guint i = 0; i < fragment->len; i++)
        {
          g_autoptr(CdBlock) copy = paste_copy (article, g_ptr_array_index (fragment, i));

          cd_article_insert_block (article, at + i, copy);
        }
      end (history);
      return pos_make (at + fragment->len - 1, cd_edit_get_length (last_piece));
    }

  if (fragment->len == 1 && goes_inline (target, first_piece))
    {
      g_autoptr(GPtrArray) piece_marks = NULL;
      g_autofree char *piece = cd_edit_get_text (first_piece, &piece_marks);

      insert_in_block (target, pos.offset, piece, piece_marks);
      end (history);
      return pos_make (pos.block, pos.offset + text_length (piece));
    }

  /* Several blocks: cut the target at the caret. */
  text = cd_edit_get_text (target, &marks);
  tail = cut (text, marks, pos.offset, text_length (text), &tail_marks);
  delete_in_block (target, pos.offset, text_length (text));
  at = pos.block + 1;

  for (guint i = 0; i < fragment->len; i++)
    {
      CdBlock *piece = g_ptr_array_index (fragment, i);

      if (i == 0 && goes_inline (target, piece))
        {
          g_autoptr(GPtrArray) piece_marks = NULL;
          g_autofree char *piece_text = cd_edit_get_text (piece, &piece_marks);

          insert_in_block (target, pos.offset, piece_text, piece_marks);
          caret = pos_make (pos.block, pos.offset + text_length (piece_text));
        }
      else
        {
          g_autoptr(CdBlock) copy = paste_copy (article, piece);

          cd_article_insert_block (article, at, copy);
          caret = pos_make (at, cd_edit_get_length (copy));
          at++;
        }
    }

  /* The text after the caret joins the last pasted block, or follows it
   * as a block of the target's kind. */
  if (caret.block != pos.block && is_text (last_piece) && tail[0] != '\0')
    insert_in_block (cd_article_get_block (article, caret.block), caret.offset, tail, tail_marks);
  else if (tail[0] != '\0')
    {
      CdBlockType type = cd_block_get_block_type (target);
      g_autoptr(CdBlock) rest = text_block_new (type, target, tail, tail_marks);

      if (caret.block == pos.block)
        caret = pos_make (pos.block, caret.offset);
      cd_article_insert_block (article, at, rest);
    }

  /* A target left empty by a paste that did not go into it goes. */
  if (pos.offset == 0 && !goes_inline (target, first_piece) &&
      cd_edit_get_length (target) == 0 && cd_article_get_n_blocks (article) > 1)
    {
      cd_article_remove_block (article, pos.block);
      if (caret.block > pos.block)
        caret.block--;
    }

  end (history);

  return clamp_pos (article, caret);
}

CdEditPos
cd_edit_insert_text (CdArticle  *article,
                     CdHistory  *history,
                     CdEditPos   pos,
                     const char *text)
{
  g_autoptr(GPtrArray) fragment = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) lines = NULL;
  CdBlock *target;

  g_return_val_if_fail (CD_IS_ARTICLE (article), pos);
  g_return_val_if_fail (text != NULL, pos);

  ensure_not_empty (article);
  pos = clamp_pos (article, pos);
  target = cd_article_get_block (article, pos.block);

  if (cd_block_get_block_type (target) == CD_BLOCK_LIST)
    {
      g_autoptr(CdBlock) piece = cd_block_new (CD_BLOCK_LIST);

      cd_edit_set_text (piece, text, NULL);
      g_ptr_array_add (fragment, g_steal_pointer (&piece));
    }
  else
    {
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          CdBlock *piece = cd_block_new (CD_BLOCK_PARAGRAPH);

          cd_block_set_text (piece, lines[i]);
          g_ptr_array_add (fragment, piece);
        }
    }

  return cd_edit_insert (article, history, pos, fragment);
}

/* The character at @offset of a text block's flat text; 0 outside it
 * or in a block without text. */
static gunichar
char_at (CdBlock *block,
         int      offset)
{
  g_autofree char *text = NULL;

  if (!is_text (block) || offset < 0)
    return 0;

  text = cd_edit_get_text (block, NULL);
  if ((guint) offset >= text_length (text))
    return 0;

  return g_utf8_get_char (g_utf8_offset_to_pointer (text, offset));
}

static gboolean
is_word_char (gunichar c)
{
  return c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));
}

/* Punctuation that ends a word and is written without a space before. */
static gboolean
is_closing (gunichar c)
{
  return c != 0 && c < 0x80 && strchr (".,;:!?)]}", (int) c) != NULL;
}

/* Removing a whole word from between two spaces leaves one, and none
 * before the punctuation or the end after it: the range of [@start,
 * @end) in one text block grows over the space that would be left. */
static void
widen_over_space (CdBlock *block,
                  guint   *start,
                  guint   *end_offset)
{
  gunichar before = char_at (block, (int) *start - 1);
  gunichar after = char_at (block, *end_offset);

  if (!is_word_char (char_at (block, *start)) || !is_word_char (char_at (block, *end_offset - 1)))
    return;

  if (before == ' ' && (after == ' ' || after == 0 || is_closing (after)))
    (*start)--;
  else if (*start == 0 && after == ' ')
    (*end_offset)++;
}

CdEditPos
cd_edit_insert_spaced (CdArticle *article,
                       CdHistory *history,
                       CdEditPos  pos,
                       GPtrArray *fragment)
{
  CdBlock *target;
  CdBlock *piece;
  gboolean space_before = FALSE;
  gboolean space_after = FALSE;
  CdEditPos done;

  g_return_val_if_fail (CD_IS_ARTICLE (article), pos);
  g_return_val_if_fail (fragment != NULL, pos);

  if (fragment->len == 0)
    return pos;

  begin (history);
  ensure_not_empty (article);
  pos = clamp_pos (article, pos);
  target = cd_article_get_block (article, pos.block);
  piece = g_ptr_array_index (fragment, 0);
  if (fragment->len == 1 && goes_inline (target, piece))
    {
      g_autofree char *text = cd_edit_get_text (piece, NULL);
      gunichar first = g_utf8_get_char (text);
      gunichar last = *text != '\0' ? g_utf8_get_char (g_utf8_prev_char (text + strlen (text))) : 0;
      gunichar before = char_at (target, (int) pos.offset - 1);
      gunichar after = char_at (target, pos.offset);

      space_before = is_word_char (first) && (is_word_char (before) || is_closing (before));
      space_after = is_word_char (last) && is_word_char (after);
    }

  if (space_before)
    pos = cd_edit_insert_text (article, history, pos, " ");
  done = cd_edit_insert (article, history, pos, fragment);
  if (space_after)
    cd_edit_insert_text (article, history, done, " ");

  end (history);

  return done;
}

gboolean
cd_edit_move (CdArticle *article,
              CdHistory *history,
              CdEditPos  start,
              CdEditPos  end_pos,
              CdEditPos  to,
              gboolean   copy,
              CdEditPos *caret)
{
  g_autoptr(GPtrArray) fragment = NULL;
  CdEditPos done;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);

  if (cd_article_get_n_blocks (article) == 0)
    return FALSE;

  start = clamp_pos (article, start);
  end_pos = clamp_pos (article, end_pos);
  to = clamp_pos (article, to);
  if (pos_before (end_pos, start))
    {
      CdEditPos swap = start;

      start = end_pos;
      end_pos = swap;
    }
  /* Nothing to move, or a drop into the text being moved. */
  if (!pos_before (start, end_pos) ||
      (pos_before (start, to) && pos_before (to, end_pos)) ||
      (!copy && (to.block == start.block && to.offset == start.offset)) ||
      (!copy && (to.block == end_pos.block && to.offset == end_pos.offset)))
    return FALSE;

  begin (history);

  if (!copy && start.block == end_pos.block && is_text (cd_article_get_block (article, start.block)))
    {
      CdBlock *block = cd_article_get_block (article, start.block);
      guint from = start.offset;
      guint until = end_pos.offset;

      widen_over_space (block, &from, &until);
      /* The space stays when the text lands right beside it. */
      if (!(to.block == start.block && to.offset >= from && to.offset <= until))
        {
          start.offset = from;
          end_pos.offset = until;
        }
    }

  fragment = cd_edit_copy (article, start, end_pos);
  /* The space a whole word took with it is not moved. */
  if (fragment->len == 1 && is_text (g_ptr_array_index (fragment, 0)))
    {
      CdBlock *only = g_ptr_array_index (fragment, 0);
      g_autoptr(GPtrArray) marks = NULL;
      g_autofree char *text = cd_edit_get_text (only, &marks);
      guint length = text_length (text);
      guint from = text[0] == ' ' ? 1 : 0;
      guint until = length > from && text[strlen (text) - 1] == ' ' ? length - 1 : length;

      if (from > 0 || until < length)
        {
          g_autoptr(GPtrArray) part_marks = NULL;
          g_autofree char *part = cut (text, marks, from, until, &part_marks);

          cd_edit_set_text (only, part, part_marks);
        }
    }

  if (!copy)
    {
      if (pos_before (to, start))
        cd_edit_delete (article, history, start, end_pos);
      else
        {
          /* Everything after @to stays as it is: it is found again by
           * its distance from the end of the body. */
          guint n = cd_article_get_n_blocks (article);
          guint blocks_after = n - 1 - to.block;
          guint offset_after = cd_edit_get_length (cd_article_get_block (article, to.block)) - to.offset;
          guint length;

          cd_edit_delete (article, history, start, end_pos);
          n = cd_article_get_n_blocks (article);
          to.block = n - 1 - MIN (blocks_after, n - 1);
          length = cd_edit_get_length (cd_article_get_block (article, to.block));
          to.offset = length - MIN (offset_after, length);
        }
    }

  done = cd_edit_insert_spaced (article, history, to, fragment);

  end (history);

  if (caret != NULL)
    *caret = done;

  return TRUE;
}

static void
for_each_text_block (CdArticle *article,
                     CdEditPos  start,
                     CdEditPos  end_pos,
                     gboolean (*func) (CdBlock *, guint, guint, gpointer),
                     gpointer   data)
{
  start = clamp_pos (article, start);
  end_pos = clamp_pos (article, end_pos);
  if (pos_before (end_pos, start))
    {
      CdEditPos swap = start;

      start = end_pos;
      end_pos = swap;
    }

  for (guint i = start.block; i <= end_pos.block && i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      guint from = i == start.block ? start.offset : 0;
      guint to = i == end_pos.block ? end_pos.offset : cd_edit_get_length (block);

      if (!cd_block_type_has_marks (cd_block_get_block_type (block)) || from >= to)
        continue;
      if (!func (block, from, to, data))
        return;
    }
}

typedef struct
{
  CdMarkType  type;
  const char *href;
  gboolean    on;
  gboolean    result;
} MarkData;

static gboolean
set_mark_cb (CdBlock *block,
             guint    from,
             guint    to,
             gpointer user_data)
{
  MarkData *data = user_data;
  g_autoptr(GPtrArray) marks = NULL;
  g_autofree char *text = cd_edit_get_text (block, &marks);

  cd_marks_set_range (marks, data->type, data->href, from, to, data->on);
  cd_edit_set_text (block, text, marks);

  return TRUE;
}

void
cd_edit_set_mark (CdArticle  *article,
                  CdHistory  *history,
                  CdEditPos   start,
                  CdEditPos   end_pos,
                  CdMarkType  type,
                  const char *href,
                  gboolean    on)
{
  MarkData data = { type, href, on, TRUE };

  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (type != CD_MARK_LINK || !on || href != NULL);

  begin (history);
  for_each_text_block (article, start, end_pos, set_mark_cb, &data);
  end (history);
}

static gboolean
has_mark_cb (CdBlock *block,
             guint    from,
             guint    to,
             gpointer user_data)
{
  MarkData *data = user_data;
  g_autoptr(GPtrArray) marks = NULL;
  g_autofree char *text = cd_edit_get_text (block, &marks);
  g_autoptr(GPtrArray) slice = cd_marks_slice (marks, from, to);
  guint covered = 0;

  cd_marks_normalize (slice);
  for (guint i = 0; i < slice->len; i++)
    {
      CdMark *mark = g_ptr_array_index (slice, i);

      if (mark->type == data->type)
        covered += mark->end - mark->start;
    }

  /* Line breaks between list items carry no formatting. */
  for (guint i = from; i < to; i++)
    if (g_utf8_get_char (g_utf8_offset_to_pointer (text, i)) == '\n')
      covered++;

  data->result = covered >= to - from;

  return data->result;
}

gboolean
cd_edit_range_has_mark (CdArticle  *article,
                        CdEditPos   start,
                        CdEditPos   end_pos,
                        CdMarkType  type)
{
  MarkData data = { type, NULL, TRUE, TRUE };

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);

  for_each_text_block (article, start, end_pos, has_mark_cb, &data);

  return data.result;
}
