/* cd-diff.c: what changed between two texts, word by word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-diff"

#include "config.h"

#include <string.h>

#include "cd-diff.h"

/* Myers' search keeps one diagonal array per edit step, so its memory
 * grows with the square of the number of edits; past this many edits
 * two texts are not worth comparing word by word. */
#define MAX_EDITS 4000

/* And its time with tokens × edits: a bound that keeps a whole story's
 * compare well under a second on a slow machine. */
#define MAX_WORK G_GUINT64_CONSTANT (200000000)

typedef struct
{
  gsize byte_start;
  guint cp_start;
  guint id;
} Token;

typedef struct
{
  const char *text;
  GArray     *tokens;  /* of Token, plus one past the end */
} Tokens;

void
cd_diff_chunk_free (CdDiffChunk *chunk)
{
  if (chunk == NULL)
    return;

  g_free (chunk->text);
  g_free (chunk);
}

typedef enum
{
  CLASS_WORD,
  CLASS_SPACE,
  CLASS_OTHER,
} CharClass;

static CharClass
char_class (gunichar ch)
{
  if (g_unichar_isalnum (ch) || g_unichar_ismark (ch))
    return CLASS_WORD;
  if (g_unichar_isspace (ch) || ch == 0x00A0 || ch == 0x202F)
    return CLASS_SPACE;
  return CLASS_OTHER;
}

/* Characters that belong to a word when letters or digits stand on
 * both sides: "don't", "O’Brien", "3.5", "1,200", "well-known" stays
 * three tokens on purpose, so that a fixed hyphenation is one word. */
static gboolean
joins_word (gunichar ch)
{
  return ch == '\'' || ch == 0x2019 || ch == '.' || ch == ',' || ch == 0x066B || ch == 0x066C;
}

/* Cuts @text into words, blank runs and single other characters, each
 * given an id that is equal for equal tokens of either text. */
static void
tokenize (Tokens     *tokens,
          const char *text,
          GHashTable *ids)
{
  const char *p = text;
  guint cp = 0;
  Token end;

  tokens->text = text;
  tokens->tokens = g_array_new (FALSE, FALSE, sizeof (Token));

  while (*p != '\0')
    {
      const char *start = p;
      guint cp_start = cp;
      gunichar ch = g_utf8_get_char (p);
      CharClass klass = char_class (ch);
      g_autofree char *key = NULL;
      gpointer id;
      Token token;

      p = g_utf8_next_char (p);
      cp++;

      if (klass != CLASS_OTHER)
        {
          while (*p != '\0')
            {
              gunichar next = g_utf8_get_char (p);
              CharClass next_class = char_class (next);

              if (next_class == klass)
                {
                  p = g_utf8_next_char (p);
                  cp++;
                  continue;
                }

              if (klass == CLASS_WORD && joins_word (next))
                {
                  const char *after = g_utf8_next_char (p);

                  if (*after != '\0' && char_class (g_utf8_get_char (after)) == CLASS_WORD)
                    {
                      p = after;
                      cp++;
                      continue;
                    }
                }
              break;
            }
        }

      key = g_strndup (start, p - start);
      if (!g_hash_table_lookup_extended (ids, key, NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (ids));
          g_hash_table_insert (ids, g_steal_pointer (&key), id);
        }

      token.byte_start = start - text;
      token.cp_start = cp_start;
      token.id = GPOINTER_TO_UINT (id);
      g_array_append_val (tokens->tokens, token);
    }

  end.byte_start = p - text;
  end.cp_start = cp;
  end.id = G_MAXUINT;
  g_array_append_val (tokens->tokens, end);
}

static guint
n_tokens (const Tokens *tokens)
{
  return tokens->tokens->len - 1;
}

static const Token *
token_at (const Tokens *tokens,
          guint         index)
{
  return &g_array_index (tokens->tokens, Token, index);
}

/* Myers' greedy O(ND) search over a[0..n) and b[0..m), keeping each
 * step's diagonals to walk the path back. Writes one op per token into
 * @ops (EQUAL for a kept token, DELETE for a[i], INSERT for b[j], in
 * path order). FALSE when the texts need more than the bounded effort. */
static gboolean
myers (const guint *a,
       guint        n,
       const guint *b,
       guint        m,
       GArray      *ops)
{
  g_autoptr(GPtrArray) trace = NULL;
  guint max_d = MIN (n + m, MAX_EDITS);
  g_autofree int *v = NULL;
  int offset = max_d + 1;
  int found_d = -1;

  if ((guint64) (n + m) * MIN (n + m, MAX_EDITS) > MAX_WORK && n + m > MAX_EDITS)
    max_d = MAX_WORK / (n + m);

  offset = max_d + 1;
  v = g_new0 (int, 2 * (gsize) offset + 1);
  trace = g_ptr_array_new_with_free_func (g_free);

  for (int d = 0; d <= (int) max_d && found_d < 0; d++)
    {
      for (int k = -d; k <= d; k += 2)
        {
          int x;
          int y;

          if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
            x = v[offset + k + 1];
          else
            x = v[offset + k - 1] + 1;
          y = x - k;

          while (x < (int) n && y < (int) m && a[x] == b[y])
            {
              x++;
              y++;
            }

          v[offset + k] = x;
          if (x >= (int) n && y >= (int) m)
            {
              found_d = d;
              break;
            }
        }

      /* Only the diagonals -d..d are live at step d. */
      g_ptr_array_add (trace, g_memdup2 (v + offset - d, sizeof (int) * (2 * (gsize) d + 1)));
    }

  if (found_d < 0)
    return FALSE;

  {
    g_autoptr(GArray) reversed = g_array_new (FALSE, FALSE, sizeof (guint8));
    int x = n;
    int y = m;

    for (int d = found_d; d > 0; d--)
      {
        const int *prev = g_ptr_array_index (trace, d - 1);
        int k = x - y;
        int prev_k;
        int prev_x;
        int prev_y;

        /* prev holds diagonals -(d-1)..(d-1) at index k + d - 1. */
        if (k == -d || (k != d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1]))
          prev_k = k + 1;
        else
          prev_k = k - 1;

        prev_x = prev[prev_k + d - 1];
        prev_y = prev_x - prev_k;

        while (x > prev_x && y > prev_y)
          {
            guint8 op = CD_DIFF_EQUAL;

            g_array_append_val (reversed, op);
            x--;
            y--;
          }

        {
          guint8 op = x == prev_x ? CD_DIFF_INSERT : CD_DIFF_DELETE;

          g_array_append_val (reversed, op);
        }
        x = prev_x;
        y = prev_y;
      }

    while (x > 0 && y > 0)
      {
        guint8 op = CD_DIFF_EQUAL;

        g_array_append_val (reversed, op);
        x--;
        y--;
      }

    for (guint i = reversed->len; i-- > 0; )
      g_array_append_val (ops, g_array_index (reversed, guint8, i));
  }

  return TRUE;
}

/* A run of equal tokens, in token indexes of both texts. */
typedef struct
{
  guint old_start;
  guint new_start;
  guint length;
} Equal;

static guint
span_chars (const Tokens *tokens,
            guint         start,
            guint         end)
{
  return token_at (tokens, end)->cp_start - token_at (tokens, start)->cp_start;
}

static gboolean
span_has_word (const Tokens *tokens,
               guint         start,
               guint         end)
{
  for (guint i = start; i < end; i++)
    {
      const Token *token = token_at (tokens, i);

      if (char_class (g_utf8_get_char (tokens->text + token->byte_start)) == CLASS_WORD)
        return TRUE;
    }

  return FALSE;
}

/* The semantic clean-up of diff-match-patch, on words: an equality
 * between two changes that is no longer than the larger side of the
 * change on each side of it is folded into them, so "the red car" →
 * "a blue bus" reads as one replaced phrase rather than three words
 * with blanks kept between them. Blanks and punctuation alone between
 * two changes are always folded. Repeats until nothing folds, because
 * each fold makes its neighbours' changes larger. */
static void
fold_equalities (GArray       *equals,
                 const Tokens *old_tokens,
                 const Tokens *new_tokens)
{
  gboolean folded = TRUE;

  while (folded)
    {
      folded = FALSE;

      for (guint i = 0; i < equals->len; )
        {
          Equal *e = &g_array_index (equals, Equal, i);
          guint before_old = i > 0 ? g_array_index (equals, Equal, i - 1).old_start +
                                     g_array_index (equals, Equal, i - 1).length : 0;
          guint before_new = i > 0 ? g_array_index (equals, Equal, i - 1).new_start +
                                     g_array_index (equals, Equal, i - 1).length : 0;
          guint after_old;
          guint after_new;
          guint len_before;
          guint len_after;
          guint len;

          if (i + 1 < equals->len)
            {
              after_old = g_array_index (equals, Equal, i + 1).old_start;
              after_new = g_array_index (equals, Equal, i + 1).new_start;
            }
          else
            {
              after_old = n_tokens (old_tokens);
              after_new = n_tokens (new_tokens);
            }

          /* Only equalities with changes on both sides. */
          if ((before_old == e->old_start && before_new == e->new_start) ||
              (after_old == e->old_start + e->length && after_new == e->new_start + e->length))
            {
              i++;
              continue;
            }

          len = span_chars (old_tokens, e->old_start, e->old_start + e->length);
          len_before = MAX (span_chars (old_tokens, before_old, e->old_start),
                            span_chars (new_tokens, before_new, e->new_start));
          len_after = MAX (span_chars (old_tokens, e->old_start + e->length, after_old),
                           span_chars (new_tokens, e->new_start + e->length, after_new));

          if (!span_has_word (old_tokens, e->old_start, e->old_start + e->length) ||
              (len <= len_before && len <= len_after))
            {
              /* Only the neighbours' changes grew: look at the one
               * before again, then go on. */
              g_array_remove_index (equals, i);
              folded = TRUE;
              i = i > 0 ? i - 1 : 0;
              continue;
            }
          i++;
        }
    }
}

static void
add_chunk (GPtrArray    *chunks,
           CdDiffOp      op,
           const Tokens *old_tokens,
           guint         old_start,
           guint         old_end,
           const Tokens *new_tokens,
           guint         new_start,
           guint         new_end)
{
  CdDiffChunk *chunk;
  const Tokens *source = op == CD_DIFF_INSERT ? new_tokens : old_tokens;
  guint start = op == CD_DIFF_INSERT ? new_start : old_start;
  guint end = op == CD_DIFF_INSERT ? new_end : old_end;

  if (start == end)
    return;

  chunk = g_new0 (CdDiffChunk, 1);
  chunk->op = op;
  chunk->old_start = token_at (old_tokens, old_start)->cp_start;
  chunk->old_end = token_at (old_tokens, old_end)->cp_start;
  chunk->new_start = token_at (new_tokens, new_start)->cp_start;
  chunk->new_end = token_at (new_tokens, new_end)->cp_start;
  chunk->text = g_strndup (source->text + token_at (source, start)->byte_start,
                           token_at (source, end)->byte_start - token_at (source, start)->byte_start);
  g_ptr_array_add (chunks, chunk);
}

GPtrArray *
cd_diff_words (const char *old_text,
               const char *new_text)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GArray) equals = NULL;
  g_autoptr(GArray) ops = NULL;
  g_autofree guint *a = NULL;
  g_autofree guint *b = NULL;
  GPtrArray *chunks;
  Tokens old_tokens;
  Tokens new_tokens;
  guint n;
  guint m;
  guint prefix = 0;
  guint suffix = 0;
  guint old_pos = 0;
  guint new_pos = 0;

  g_return_val_if_fail (old_text != NULL, NULL);
  g_return_val_if_fail (new_text != NULL, NULL);

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tokenize (&old_tokens, old_text, ids);
  tokenize (&new_tokens, new_text, ids);
  n = n_tokens (&old_tokens);
  m = n_tokens (&new_tokens);

  a = g_new (guint, n + 1);
  b = g_new (guint, m + 1);
  for (guint i = 0; i < n; i++)
    a[i] = token_at (&old_tokens, i)->id;
  for (guint j = 0; j < m; j++)
    b[j] = token_at (&new_tokens, j)->id;

  while (prefix < n && prefix < m && a[prefix] == b[prefix])
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] == b[m - 1 - suffix])
    suffix++;

  equals = g_array_new (FALSE, FALSE, sizeof (Equal));
  if (prefix > 0)
    g_array_append_val (equals, ((Equal) { 0, 0, prefix }));

  ops = g_array_new (FALSE, FALSE, sizeof (guint8));
  if (myers (a + prefix, n - prefix - suffix, b + prefix, m - prefix - suffix, ops))
    {
      guint x = prefix;
      guint y = prefix;

      for (guint i = 0; i < ops->len; i++)
        {
          guint8 op = g_array_index (ops, guint8, i);

          if (op == CD_DIFF_EQUAL)
            {
              Equal *last = equals->len > 0 ? &g_array_index (equals, Equal, equals->len - 1) : NULL;

              if (last != NULL && last->old_start + last->length == x &&
                  last->new_start + last->length == y)
                last->length++;
              else
                g_array_append_val (equals, ((Equal) { x, y, 1 }));
              x++;
              y++;
            }
          else if (op == CD_DIFF_DELETE)
            x++;
          else
            y++;
        }
    }

  if (suffix > 0)
    {
      Equal *last = equals->len > 0 ? &g_array_index (equals, Equal, equals->len - 1) : NULL;

      if (last != NULL && last->old_start + last->length == n - suffix &&
          last->new_start + last->length == m - suffix)
        last->length += suffix;
      else
        g_array_append_val (equals, ((Equal) { n - suffix, m - suffix, suffix }));
    }

  fold_equalities (equals, &old_tokens, &new_tokens);

  /* Between kept equalities the old tokens are one deletion and the new
   * ones one insertion. */
  chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_diff_chunk_free);
  for (guint i = 0; i <= equals->len; i++)
    {
      Equal e = i < equals->len ? g_array_index (equals, Equal, i) : (Equal) { n, m, 0 };

      add_chunk (chunks, CD_DIFF_DELETE, &old_tokens, old_pos, e.old_start,
                 &new_tokens, new_pos, new_pos);
      add_chunk (chunks, CD_DIFF_INSERT, &old_tokens, e.old_start, e.old_start,
                 &new_tokens, new_pos, e.new_start);
      add_chunk (chunks, CD_DIFF_EQUAL, &old_tokens, e.old_start, e.old_start + e.length,
                 &new_tokens, e.new_start, e.new_start + e.length);
      old_pos = e.old_start + e.length;
      new_pos = e.new_start + e.length;
    }

  g_array_unref (old_tokens.tokens);
  g_array_unref (new_tokens.tokens);

  return chunks;
}

gboolean
cd_diff_sequence (const guint *a,
                  guint        n,
                  const guint *b,
                  guint        m,
                  GArray      *ops)
{
  g_return_val_if_fail (a != NULL && b != NULL && ops != NULL, FALSE);

  return myers (a, n, b, m, ops);
}

char *
cd_diff_apply (const char *old_text,
               GPtrArray  *chunks)
{
  g_autoptr(GString) out = NULL;
  const char *p = old_text;
  guint cp = 0;

  g_return_val_if_fail (old_text != NULL, NULL);
  g_return_val_if_fail (chunks != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < chunks->len; i++)
    {
      const CdDiffChunk *chunk = g_ptr_array_index (chunks, i);
      gsize length;

      if (chunk->old_start != cp)
        return NULL;

      if (chunk->op == CD_DIFF_INSERT)
        {
          g_string_append (out, chunk->text);
          continue;
        }

      length = strlen (chunk->text);
      if (strncmp (p, chunk->text, length) != 0 ||
          g_utf8_strlen (chunk->text, length) != chunk->old_end - chunk->old_start)
        return NULL;

      if (chunk->op == CD_DIFF_EQUAL)
        g_string_append_len (out, p, length);
      p += length;
      cp = chunk->old_end;
    }

  if (*p != '\0')
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

guint
cd_diff_count_changes (GPtrArray *chunks)
{
  guint count = 0;

  g_return_val_if_fail (chunks != NULL, 0);

  for (guint i = 0; i < chunks->len; i++)
    {
      const CdDiffChunk *chunk = g_ptr_array_index (chunks, i);

      if (chunk->op == CD_DIFF_EQUAL)
        continue;
      if (chunk->op == CD_DIFF_INSERT && i > 0 &&
          ((const CdDiffChunk *) g_ptr_array_index (chunks, i - 1))->op == CD_DIFF_DELETE)
        continue;
      count++;
    }

  return count;
}
