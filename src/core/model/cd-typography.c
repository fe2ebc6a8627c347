/* cd-typography.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-typography"

#include "config.h"

#include <string.h>

#include "cd-typography.h"

#define NBSP        "\xc2\xa0"      /* U+00A0 NO-BREAK SPACE */
#define NNBSP       "\xe2\x80\xaf"  /* U+202F NARROW NO-BREAK SPACE */
#define APOSTROPHE  "\xe2\x80\x99"  /* U+2019 */

typedef struct
{
  const char *language;     /* a full tag, or a primary language subtag */
  const char *open_double;
  const char *close_double;
  const char *open_single;
  const char *close_single;
  /* French: a no-break space inside « », a thin one before ; ! ? */
  gboolean    spaced;
} Quotes;

/* The quotation marks each language's press uses; a full tag ("de-CH")
 * is looked up before its primary subtag ("de"), English is the rest. */
static const Quotes quotes[] = {
  { "en", "“", "”", "‘", "’", FALSE },
  { "de", "„", "“", "‚", "‘", FALSE },
  { "de-CH", "«", "»", "‹", "›", FALSE },
  { "de-LI", "«", "»", "‹", "›", FALSE },
  { "cs", "„", "“", "‚", "‘", FALSE },
  { "fr", "«", "»", "“", "”", TRUE },
  { "ar", "«", "»", "“", "”", FALSE },
  { "fa", "«", "»", "“", "”", FALSE },
  { "ru", "«", "»", "„", "“", FALSE },
  { "uk", "«", "»", "„", "“", FALSE },
  { "es", "«", "»", "“", "”", FALSE },
  { "it", "«", "»", "“", "”", FALSE },
  { "pt", "«", "»", "“", "”", FALSE },
  { "pt-BR", "“", "”", "‘", "’", FALSE },
  { "pl", "„", "”", "‚", "’", FALSE },
  { "nl", "“", "”", "‘", "’", FALSE },
  { "sv", "”", "”", "’", "’", FALSE },
  { "fi", "”", "”", "’", "’", FALSE },
};

static const Quotes *
lookup_quotes (const char *language)
{
  g_autofree char *primary = NULL;
  const char *dash;

  if (language == NULL || *language == '\0')
    return &quotes[0];

  for (guint i = 0; i < G_N_ELEMENTS (quotes); i++)
    {
      if (g_ascii_strcasecmp (quotes[i].language, language) == 0)
        return &quotes[i];
    }

  dash = strchr (language, '-');
  primary = dash != NULL ? g_strndup (language, dash - language) : g_strdup (language);
  for (guint i = 0; i < G_N_ELEMENTS (quotes); i++)
    {
      if (g_ascii_strcasecmp (quotes[i].language, primary) == 0)
        return &quotes[i];
    }

  return &quotes[0];
}

CdDashRule
cd_dash_rule_from_stylesheet (const char *stylesheet)
{
  const char *property;
  const char *value;

  if (stylesheet == NULL)
    return CD_DASH_EM;

  property = strstr (stylesheet, "--cd-dash:");
  if (property == NULL)
    return CD_DASH_EM;

  value = property + strlen ("--cd-dash:");
  while (*value == ' ' || *value == '\t')
    value++;

  return g_str_has_prefix (value, "en") ? CD_DASH_EN : CD_DASH_EM;
}

static gunichar
last_char (const char *text,
           gsize       length,
           guint       back)
{
  const char *p = text + length;

  for (guint i = 0; i <= back; i++)
    {
      if (p == text)
        return 0;
      p = g_utf8_prev_char (p);
    }

  return g_utf8_get_char (p);
}

static gboolean
ends_with (const char *text,
           gsize       length,
           const char *suffix)
{
  gsize n = strlen (suffix);

  return length >= n && memcmp (text + length - n, suffix, n) == 0;
}

/* Whether a quote typed after @text opens one: at the start, after a
 * blank, an opening bracket, a dash or another opening quote. */
static gboolean
opens_here (const Quotes *q,
            const char   *text,
            gsize         length)
{
  gunichar c = last_char (text, length, 0);

  if (c == 0 || g_unichar_isspace (c))
    return TRUE;
  if (strchr ("([{</", (int) c) != NULL && c < 0x80)
    return TRUE;
  if (c == 0x2014 || c == 0x2013 || c == '-')
    return TRUE;
  /* A quote inside a quote: “‘ and „‚; Swedish and Finnish close with
   * the mark they open with, so theirs says nothing. */
  return (ends_with (text, length, q->open_double) ||
          ends_with (text, length, q->open_single)) &&
         g_strcmp0 (q->open_double, q->close_double) != 0;
}

/* Whether @text has an opening quote that no closing one follows: then
 * a straight single quote after a letter closes it rather than being an
 * apostrophe (German „Er sagte: ‚Nein‘“ against „geht’s“), and a double
 * one after a blank closes it (French « oui » typed with blanks). */
static gboolean
is_open (const char *text,
         const char *open_mark,
         const char *close_mark)
{
  const char *open = g_strrstr (text, open_mark);
  const char *close = g_strrstr (text, close_mark);

  return g_strcmp0 (open_mark, close_mark) != 0 && open != NULL && (close == NULL || close < open);
}

char *
cd_typography_replace (const char *language,
                       CdDashRule  dash_rule,
                       const char *before,
                       gunichar    typed,
                       guint      *n_before)
{
  const Quotes *q = lookup_quotes (language);
  gsize length;

  g_return_val_if_fail (n_before != NULL, NULL);

  *n_before = 0;
  if (before == NULL)
    before = "";
  length = strlen (before);

  switch (typed)
    {
    case '"':
      if (opens_here (q, before, length) &&
          !(g_unichar_isspace (last_char (before, length, 0)) &&
            is_open (before, q->open_double, q->close_double)))
        return g_strconcat (q->open_double, q->spaced ? NBSP : "", NULL);
      if (!q->spaced)
        return g_strdup (q->close_double);
      /* « mot » keeps its quote on the word's line. */
      if (ends_with (before, length, NBSP))
        return g_strdup (q->close_double);
      if (ends_with (before, length, " "))
        *n_before = 1;
      return g_strconcat (NBSP, q->close_double, NULL);

    case '\'':
      if (opens_here (q, before, length))
        return g_strdup (q->open_single);
      if (g_strcmp0 (q->close_single, APOSTROPHE) != 0 && is_open (before, q->open_single, q->close_single))
        return g_strdup (q->close_single);
      return g_strdup (APOSTROPHE);

    case '-':
      /* A paragraph opening with hyphens may become a divider ("---"),
       * and a third hyphen is somebody drawing a line. */
      if (!ends_with (before, length, "-") || length == 1 || ends_with (before, length, "--"))
        return NULL;
      *n_before = 1;
      return g_strdup (dash_rule == CD_DASH_EN ? "–" : "—");

    case ' ':
      /* The blank typed after « is the one the quote already brought. */
      if (q->spaced)
        {
          g_autofree char *opened = g_strconcat (q->open_double, NBSP, NULL);

          if (ends_with (before, length, opened))
            return g_strdup ("");
        }
      return NULL;

    case ';':
    case '!':
    case '?':
    case ':':
      if (!q->spaced || !ends_with (before, length, " "))
        return NULL;
      *n_before = 1;
      return g_strdup_printf ("%s%c", typed == ':' ? NBSP : NNBSP, (char) typed);

    default:
      return NULL;
    }
}
