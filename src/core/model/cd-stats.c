/* cd-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-stats"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-stats.h"

/* How words are counted:
 *
 * - A word is a run of characters between separators that holds at least
 *   one letter or digit, so "don't", "well-known", "3.5%" and "(Reuters)"
 *   are one word each, while a lone "&", "—" or emoji is none.
 * - Separators are white space (including no-break spaces), the zero
 *   width space that Thai and Khmer text uses between words, the dashes
 *   that set off a clause (figure dash, en dash, em dash, horizontal bar,
 *   two- and three-em dashes), a double hyphen typed for a dash, and the
 *   ellipsis character. Hyphens and apostrophes join.
 * - Chinese and Japanese are written without spaces, so each Han,
 *   Hiragana or Katakana character counts as one word, the usual measure
 *   for those languages; a combining mark or a modifier letter such as
 *   the prolonged sound mark "ー" belongs to the character before it.
 *   Thai, Lao, Khmer and Burmese without zero width spaces count a whole
 *   run as one word: splitting them needs a dictionary. */

typedef enum
{
  STATE_BETWEEN,  /* after a separator, or at the start */
  STATE_RUN,      /* inside a run of ordinary characters */
  STATE_IDEOGRAPH,  /* just after a Han, Hiragana or Katakana character */
} WordState;

static gboolean
is_separator (gunichar c,
              gunichar next)
{
  if (g_unichar_isspace (c))
    return TRUE;

  switch (c)
    {
    case 0x200B:  /* zero width space */
    case 0x2012:  /* figure dash */
    case 0x2013:  /* en dash */
    case 0x2014:  /* em dash */
    case 0x2015:  /* horizontal bar */
    case 0x2026:  /* horizontal ellipsis */
    case 0x2E3A:  /* two-em dash */
    case 0x2E3B:  /* three-em dash */
      return TRUE;

    case '-':
      return next == '-';

    default:
      return FALSE;
    }
}

static gboolean
is_ideograph (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
      return g_unichar_isalnum (c);

    default:
      return FALSE;
    }
}

/* Marks and modifier letters that extend the ideograph before them. */
static gboolean
extends_ideograph (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_FORMAT:
      return TRUE;

    default:
      return FALSE;
    }
}

guint
cd_stats_count_words (const char *text)
{
  WordState state = STATE_BETWEEN;
  gboolean run_has_alnum = FALSE;
  guint words = 0;
  const char *p;

  g_return_val_if_fail (text != NULL, 0);

  p = text;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next_p = g_utf8_next_char (p);
      gunichar next = g_utf8_get_char (next_p);

      if (is_separator (c, next))
        {
          if (state == STATE_RUN && run_has_alnum)
            words++;
          state = STATE_BETWEEN;
        }
      else if (is_ideograph (c))
        {
          if (state == STATE_RUN && run_has_alnum)
            words++;
          words++;
          state = STATE_IDEOGRAPH;
        }
      else if (state == STATE_IDEOGRAPH && extends_ideograph (c))
        {
          /* Stays part of the ideograph already counted. */
        }
      else
        {
          if (state != STATE_RUN)
            {
              state = STATE_RUN;
              run_has_alnum = FALSE;
            }
          if (g_unichar_isalnum (c))
            run_has_alnum = TRUE;
        }

      p = next_p;
    }

  if (state == STATE_RUN && run_has_alnum)
    words++;

  return words;
}

static void
add_text (CdStats    *stats,
          const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;

  stats->words += cd_stats_count_words (text);
  stats->characters += cd_utf8_count (text, -1);
}

static void
add_block (CdStats *stats,
           CdBlock *block)
{
  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_PARAGRAPH:
    case CD_BLOCK_HEADING:
      add_text (stats, cd_block_get_text (block));
      break;

    case CD_BLOCK_QUOTE:
    case CD_BLOCK_PULLQUOTE:
      add_text (stats, cd_block_get_text (block));
      add_text (stats, cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION));
      break;

    case CD_BLOCK_LIST:
      {
        GPtrArray *items = cd_block_get_items (block);

        for (guint i = 0; i < items->len; i++)
          {
            const CdListItem *item = g_ptr_array_index (items, i);

            add_text (stats, item->text);
          }
      }
      break;

    case CD_BLOCK_FIGURE:
      /* The caption is the desk's writing; alt text is not shown and the
       * credit is a name. */
      add_text (stats, cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION));
      break;

    case CD_BLOCK_EMBED:
      /* An embed quotes someone else's post: its words are not the
       * story's length, and editors trimming copy cannot change them. */
    case CD_BLOCK_DIVIDER:
    default:
      break;
    }
}

/* The words and characters of one body block. */
typedef struct
{
  guint words;
  guint characters;
} BlockCount;

static gpointer
count_block (CdBlock  *block,
             gpointer  user_data)
{
  CdStats stats = { 0, };
  BlockCount *count = g_new (BlockCount, 1);

  add_block (&stats, block);
  count->words = stats.words;
  count->characters = stats.characters;

  return count;
}

static void
compute (CdArticle   *article,
         CdBlockMemo *memo,
         CdStats     *stats)
{
  const char *headline;
  CdBlock *lead;
  guint n_blocks;

  stats->words = 0;
  stats->characters = 0;

  headline = cd_article_get_headline (article);
  add_text (stats, headline);
  add_text (stats, cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));

  /* The lead photo's caption is read like any body caption. */
  lead = cd_article_get_lead (article);
  if (lead != NULL)
    add_block (stats, lead);

  n_blocks = cd_article_get_n_blocks (article);
  for (guint i = 0; i < n_blocks; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (memo != NULL)
        {
          const BlockCount *count = cd_block_memo_get (memo, block, count_block, NULL);

          stats->words += count->words;
          stats->characters += count->characters;
        }
      else
        {
          add_block (stats, block);
        }
    }
  if (memo != NULL)
    cd_block_memo_end_pass (memo);

  /* Rounded up, so any story with words takes at least a minute. */
  stats->reading_minutes = (stats->words + CD_STATS_WORDS_PER_MINUTE - 1) / CD_STATS_WORDS_PER_MINUTE;
  stats->headline_length = headline != NULL ? g_utf8_strlen (headline, -1) : 0;
}

void
cd_stats_compute (CdArticle *article,
                  CdStats   *stats)
{
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (stats != NULL);

  compute (article, NULL, stats);
}

CdBlockMemo *
cd_stats_memo_new (void)
{
  return cd_block_memo_new (g_free);
}

void
cd_stats_compute_remembering (CdArticle   *article,
                              CdBlockMemo *memo,
                              CdStats     *stats)
{
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (memo != NULL);
  g_return_if_fail (stats != NULL);

  compute (article, memo, stats);
}
