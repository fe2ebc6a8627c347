/* cd-spell-words.c: which words of a text a spell checker looks at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-words"

#include "config.h"

#include <string.h>

#include "cd-spell-words.h"

/* The character at @p; ASCII, most of a story, without a call. */
static inline gunichar
char_at (const char *p)
{
  return (guchar) *p < 0x80 ? (gunichar) (guchar) *p : g_utf8_get_char (p);
}

/* What an ASCII byte is to the walk, from one table: most of a story
 * is ASCII, and a byte's class is then one load, and the next character
 * one byte on, not a lookup of its length. */
enum
{
  CLASS_BLANK = 1 << 0,   /* space, tab, line feed, carriage return, form feed */
  CLASS_ADDRESS = 1 << 1, /* in every address, handle and tag: . @ # : */
  CLASS_LETTER = 1 << 2,
  CLASS_DIGIT = 1 << 3,
};

static const guint8 ascii_class[128] = {
  [' '] = CLASS_BLANK, ['\t'] = CLASS_BLANK, ['\n'] = CLASS_BLANK,
  ['\r'] = CLASS_BLANK, ['\f'] = CLASS_BLANK,
  ['.'] = CLASS_ADDRESS, ['@'] = CLASS_ADDRESS, ['#'] = CLASS_ADDRESS, [':'] = CLASS_ADDRESS,
  ['A' ... 'Z'] = CLASS_LETTER, ['a' ... 'z'] = CLASS_LETTER,
  ['0' ... '9'] = CLASS_DIGIT,
};

/* g_unichar_isspace(), g_unichar_isdigit() and g_unichar_isalpha(), with
 * ASCII answered by a comparison (the same answers: of ASCII, Unicode
 * counts only the space as a space separator, and GLib adds tab, line
 * feed, carriage return and form feed). */
static inline gboolean
is_blank_char (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  return g_unichar_isspace (c);
}

static inline gboolean
is_digit (gunichar c)
{
  return c < 0x80 ? g_ascii_isdigit (c) : g_unichar_isdigit (c);
}

static inline gboolean
is_alpha (gunichar c)
{
  return c < 0x80 ? g_ascii_isalpha (c) : g_unichar_isalpha (c);
}

/* ASCII punctuation and symbols are what GLib's Unicode classes say for
 * them, found without a table lookup. */
static inline gboolean
is_punct (gunichar c)
{
  return c < 0x80 ? g_ascii_ispunct (c) : g_unichar_ispunct (c);
}

static inline gboolean
is_letter (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c);
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

  if (extra_chars == NULL || is_digit (c))
    return FALSE;

  n = g_unichar_to_utf8 (c, buffer);
  buffer[n] = '\0';
  return strstr (extra_chars, buffer) != NULL;
}

static gboolean
is_opening (gunichar c)
{
  return is_punct (c) &&
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

/* Whether @needle is in [@start, @end). */
static gboolean
range_contains (const char *start,
                const char *end,
                const char *needle)
{
  gsize length = strlen (needle);

  for (const char *p = start; p + length <= end; p++)
    {
      if (memcmp (p, needle, length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether a stretch of text between blanks is an address, a handle or a
 * tag rather than prose. Read in place: this runs for every stretch of
 * a story. */
static gboolean
is_address (const char *start,
            const char *end)
{
  const char *trimmed_start = start;
  const char *trimmed_end = end;
  const char *nul;
  const char *at;

  while (trimmed_start < trimmed_end &&
         is_opening (char_at (trimmed_start)))
    trimmed_start = g_utf8_next_char (trimmed_start);
  while (trimmed_end > trimmed_start)
    {
      const char *prev = g_utf8_prev_char (trimmed_end);

      if (!is_punct (char_at (prev)) || *prev == '/')
        break;
      trimmed_end = prev;
    }

  if (trimmed_start == trimmed_end)
    return FALSE;

  if (*trimmed_start == '@' || *trimmed_start == '#')
    return TRUE;

  /* As a string ends: at a NUL, if the text has one. */
  nul = memchr (trimmed_start, '\0', trimmed_end - trimmed_start);
  if (nul != NULL)
    trimmed_end = nul;

  if (range_contains (trimmed_start, trimmed_end, "://") ||
      (trimmed_end - trimmed_start >= 4 && g_ascii_strncasecmp (trimmed_start, "www.", 4) == 0) ||
      (trimmed_end - trimmed_start >= 7 && g_ascii_strncasecmp (trimmed_start, "mailto:", 7) == 0))
    return TRUE;

  /* jane@example.org */
  at = memchr (trimmed_start, '@', trimmed_end - trimmed_start);
  if (at != NULL && at > trimmed_start && memchr (at, '.', trimmed_end - at) != NULL)
    return TRUE;

  return is_host_name (trimmed_start, trimmed_end);
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
      guchar byte = (guchar) *p;
      const char *word_start;
      gboolean has_digit = FALSE;

      /* A mark alone (an emoji's variation selector) starts no word. */
      if (byte < 0x80)
        {
          if ((ascii_class[byte] & (CLASS_LETTER | CLASS_DIGIT)) == 0)
            {
              p++;
              continue;
            }
        }
      else
        {
          gunichar c = g_utf8_get_char (p);

          if (!g_unichar_isalpha (c) && !g_unichar_isdigit (c))
            {
              p = g_utf8_next_char (p);
              continue;
            }
        }

      word_start = p;
      while (p < end)
        {
          const char *next;
          gunichar c;

          byte = (guchar) *p;
          if (byte < 0x80)
            {
              guint8 class = ascii_class[byte];

              if (class & CLASS_LETTER)
                {
                  p++;
                  continue;
                }
              if (class & CLASS_DIGIT)
                {
                  has_digit = TRUE;
                  p++;
                  continue;
                }
              c = byte;
              next = p + 1;
            }
          else
            {
              c = g_utf8_get_char (p);
              next = g_utf8_next_char (p);
              if (g_unichar_isalpha (c) || g_unichar_ismark (c))
                {
                  p = next;
                  continue;
                }
              if (g_unichar_isdigit (c))
                {
                  has_digit = TRUE;
                  p = next;
                  continue;
                }
            }

          /* A joiner belongs to the word only between two letters:
           * the closing quote of 'word' does not. */
          if (is_joiner (c, extra_chars) && next < end &&
              (is_letter (char_at (next)) || is_digit (char_at (next))))
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
      /* Every address, handle and tag has one of these; a stretch
       * without them is prose, and is_address() need not read it. */
      gboolean may_be_address = FALSE;

      while (p < end)
        {
          if ((guchar) *p < 0x80)
            {
              if ((ascii_class[(guchar) *p] & CLASS_BLANK) == 0)
                break;
              p++;
            }
          else
            {
              if (!g_unichar_isspace (g_utf8_get_char (p)))
                break;
              p = g_utf8_next_char (p);
            }
        }
      chunk_start = p;
      while (p < end)
        {
          if ((guchar) *p < 0x80)
            {
              guint8 class = ascii_class[(guchar) *p];

              if (class & CLASS_BLANK)
                break;
              if (class & CLASS_ADDRESS)
                may_be_address = TRUE;
              p++;
            }
          else
            {
              if (g_unichar_isspace (g_utf8_get_char (p)))
                break;
              p = g_utf8_next_char (p);
            }
        }

      if (chunk_start == p || (may_be_address && is_address (chunk_start, p)))
        continue;

      if (!walk_chunk (text, chunk_start, p, extra_chars, func, user_data))
        return;
    }
}
