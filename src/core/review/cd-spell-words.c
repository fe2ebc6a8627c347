/* cd-spell-words.c: which words of a text a spell checker looks at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-words"

#include "config.h"

#include <string.h>

#include "cd-spell-words.h"

static gboolean
is_letter (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* Characters that join two letters into one word: "don't", "don’t",
 * "well-known", and the zero-width (non-)joiners of Persian and Urdu. */
static gboolean
is_joiner (gunichar    c,
           const char *extra_chars)
{
  char buffer[8];
  int n;

  if (c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x200C || c == 0x200D)
    return TRUE;

  if (extra_chars == NULL || g_unichar_isdigit (c))
    return FALSE;

  n = g_unichar_to_utf8 (c, buffer);
  buffer[n] = '\0';
  return strstr (extra_chars, buffer) != NULL;
}

static gboolean
is_opening (gunichar c)
{
  return g_unichar_ispunct (c) &&
         c != '@' && c != '#' && c != '/' && c != '\\';
}

/* "example.com", "bbc.co.uk": a host name written without its scheme. */
static gboolean
is_host_name (const char *start,
              const char *end)
{
  const char *last_dot = NULL;
  guint labels = 1;

  for (const char *p = start; p < end; p++)
    {
      if (*p == '.')
        {
          if (p == start || p + 1 == end || p[-1] == '.')
            return FALSE;
          last_dot = p;
          labels++;
        }
      else if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  if (labels < 2 || last_dot == NULL || end - last_dot - 1 < 2)
    return FALSE;

  for (const char *p = last_dot + 1; p < end; p++)
    {
      if (!g_ascii_isalpha (*p))
        return FALSE;
    }

  return TRUE;
}

/* Whether a stretch of text between blanks is an address, a handle or a
 * tag rather than prose. */
static gboolean
is_address (const char *start,
            const char *end)
{
  g_autofree char *chunk = NULL;
  const char *trimmed_start = start;
  const char *trimmed_end = end;
  const char *at;

  while (trimmed_start < trimmed_end &&
         is_opening (g_utf8_get_char (trimmed_start)))
    trimmed_start = g_utf8_next_char (trimmed_start);
  while (trimmed_end > trimmed_start)
    {
      const char *prev = g_utf8_prev_char (trimmed_end);

      if (!g_unichar_ispunct (g_utf8_get_char (prev)) || *prev == '/')
        break;
      trimmed_end = prev;
    }

  if (trimmed_start == trimmed_end)
    return FALSE;

  if (*trimmed_start == '@' || *trimmed_start == '#')
    return TRUE;

  chunk = g_strndup (trimmed_start, trimmed_end - trimmed_start);
  if (strstr (chunk, "://") != NULL ||
      g_ascii_strncasecmp (chunk, "www.", 4) == 0 ||
      g_ascii_strncasecmp (chunk, "mailto:", 7) == 0)
    return TRUE;

  /* jane@example.org */
  at = strchr (chunk, '@');
  if (at != NULL && at > chunk && strchr (at, '.') != NULL)
    return TRUE;

  return is_host_name (chunk, chunk + strlen (chunk));
}

/* Walks the words of one stretch of text without blanks. */
static gboolean
walk_chunk (const char      *text,
            const char      *start,
            const char      *end,
            const char      *extra_chars,
            CdSpellWordFunc  func,
            gpointer         user_data)
{
  const char *p = start;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *word_start;
      gboolean has_digit = FALSE;

      /* A mark alone (an emoji's variation selector) starts no word. */
      if (!g_unichar_isalpha (c) && !g_unichar_isdigit (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      word_start = p;
      while (p < end)
        {
          const char *next;

          c = g_utf8_get_char (p);
          if (is_letter (c))
            {
              p = g_utf8_next_char (p);
              continue;
            }
          if (g_unichar_isdigit (c))
            {
              has_digit = TRUE;
              p = g_utf8_next_char (p);
              continue;
            }

          /* A joiner belongs to the word only between two letters:
           * the closing quote of 'word' does not. */
          next = g_utf8_next_char (p);
          if (is_joiner (c, extra_chars) && next < end &&
              (is_letter (g_utf8_get_char (next)) || g_unichar_isdigit (g_utf8_get_char (next))))
            {
              p = next;
              continue;
            }
          break;
        }

      if (!has_digit &&
          !func (text, word_start - text, p - text, user_data))
        return FALSE;
    }

  return TRUE;
}

void
cd_spell_words_foreach (const char      *text,
                        gssize           length,
                        const char      *extra_chars,
                        CdSpellWordFunc  func,
                        gpointer         user_data)
{
  const char *end;
  const char *p;

  g_return_if_fail (text != NULL || length == 0);
  g_return_if_fail (func != NULL);

  if (length < 0)
    length = strlen (text);
  end = text + length;
  p = text;

  while (p < end)
    {
      const char *chunk_start;

      while (p < end && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      chunk_start = p;
      while (p < end && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      if (chunk_start == p || is_address (chunk_start, p))
        continue;

      if (!walk_chunk (text, chunk_start, p, extra_chars, func, user_data))
        return;
    }
}
