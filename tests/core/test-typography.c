/* test-typography.c: quotes, apostrophes and dashes as typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

/* Types @keys one character at a time into an empty field, applying
 * each replacement as the editor does, and returns the field's text. */
static char *
type_text (const char *language,
           CdDashRule  rule,
           const char *keys)
{
  GString *text = g_string_new (NULL);

  for (const char *p = keys; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint n_before = 0;
      g_autofree char *replacement = cd_typography_replace (language, rule, text->str, c, &n_before);

      if (replacement == NULL)
        {
          g_string_append_unichar (text, c);
          continue;
        }

      for (guint i = 0; i < n_before; i++)
        {
          const char *last = g_utf8_prev_char (text->str + text->len);

          g_string_truncate (text, last - text->str);
        }
      g_string_append (text, replacement);
    }

  return g_string_free (text, FALSE);
}

static void
check (const char *language,
       CdDashRule  rule,
       const char *keys,
       const char *expected)
{
  g_autofree char *typed = type_text (language, rule, keys);

  g_assert_cmpstr (typed, ==, expected);
}

static void
test_english (void)
{
  check ("en", CD_DASH_EM, "\"Don't,\" she said.", "“Don’t,” she said.");
  check ("en", CD_DASH_EM, "He called it 'the plan'.", "He called it ‘the plan’.");
  check ("en-GB", CD_DASH_EM, "(\"quoted\")", "(“quoted”)");
  check ("en", CD_DASH_EM, "\"'Nested,' he said\"", "“‘Nested,’ he said”");
  /* An unknown language is set as English. */
  check ("xx", CD_DASH_EM, "\"a\"", "“a”");
  check (NULL, CD_DASH_EM, "it's", "it’s");
}

static void
test_german (void)
{
  check ("de", CD_DASH_EM, "\"Nein\", sagte er.", "„Nein“, sagte er.");
  check ("de", CD_DASH_EM, "Er sagte: \"Das geht's nicht.\"", "Er sagte: „Das geht’s nicht.“");
  check ("de", CD_DASH_EM, "\"Er rief 'Halt' laut\"", "„Er rief ‚Halt‘ laut“");
  check ("de-CH", CD_DASH_EM, "\"Grüezi\"", "«Grüezi»");
}

static void
test_french (void)
{
  /* A no-break space inside the guillemets, whether the blank is typed
   * or not; a thin one before ! and ?, a full one before a colon. */
  check ("fr", CD_DASH_EM, "Il a dit \"oui\".", "Il a dit «\u00a0oui\u00a0».");
  check ("fr", CD_DASH_EM, "Il a dit \" oui \".", "Il a dit «\u00a0oui\u00a0».");
  check ("fr", CD_DASH_EM, "Vraiment ? Oui ! Note : bien ; l'été",
         "Vraiment\u202f? Oui\u202f! Note\u00a0: bien\u202f; l’été");
  /* Without a blank before it a colon is left alone: times, addresses. */
  check ("fr", CD_DASH_EM, "à 10:30 sur https://x.fr", "à 10:30 sur https://x.fr");
  check ("fr-CA", CD_DASH_EM, "\"a\"", "«\u00a0a\u00a0»");
}

static void
test_arabic_and_others (void)
{
  check ("ar", CD_DASH_EM, "قال \"نعم\"", "قال «نعم»");
  check ("ru", CD_DASH_EM, "\"Да\"", "«Да»");
  check ("pl", CD_DASH_EM, "\"Tak\"", "„Tak”");
  check ("sv", CD_DASH_EM, "\"Ja\"", "”Ja”");
}

static void
test_dashes (void)
{
  check ("en", CD_DASH_EM, "then--now", "then—now");
  check ("en", CD_DASH_EN, "then -- now", "then – now");
  check ("de", CD_DASH_EN, "1990--2000", "1990–2000");
  /* A paragraph opening with hyphens may become a divider, and three
   * hyphens stay three. */
  check ("en", CD_DASH_EM, "---", "---");
  check ("en", CD_DASH_EM, "a - b", "a - b");

  g_assert_cmpint (cd_dash_rule_from_stylesheet (NULL), ==, CD_DASH_EM);
  g_assert_cmpint (cd_dash_rule_from_stylesheet (":root { --cd-dash: en; }"), ==, CD_DASH_EN);
  g_assert_cmpint (cd_dash_rule_from_stylesheet (":root { --cd-dash:em; }"), ==, CD_DASH_EM);
  g_assert_cmpint (cd_dash_rule_from_stylesheet (":root { --cd-limit-dek: 10; }"), ==, CD_DASH_EM);
}

static void
test_plain_keys (void)
{
  guint n_before = 99;

  g_assert_null (cd_typography_replace ("en", CD_DASH_EM, "word", 'a', &n_before));
  g_assert_cmpuint (n_before, ==, 0);
  g_assert_null (cd_typography_replace ("en", CD_DASH_EM, "word", ' ', &n_before));
  g_assert_null (cd_typography_replace ("en", CD_DASH_EM, "word", '?', &n_before));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/typography/english", test_english);
  g_test_add_func ("/core/typography/german", test_german);
  g_test_add_func ("/core/typography/french", test_french);
  g_test_add_func ("/core/typography/arabic-and-others", test_arabic_and_others);
  g_test_add_func ("/core/typography/dashes", test_dashes);
  g_test_add_func ("/core/typography/plain-keys", test_plain_keys);

  return g_test_run ();
}
