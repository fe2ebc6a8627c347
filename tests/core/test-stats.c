/* test-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

typedef struct
{
  const char *text;
  guint       words;
  guint       characters;
} Case;

/* Every count below was made by hand. */
static const Case cases[] = {
  { "", 0, 0 },
  { "   \t\n ", 0, 6 },
  { "The quick brown fox jumps over the lazy dog.", 9, 44 },
  { "  one\ttwo\n\nthree  ", 3, 18 },
  /* Apostrophes and hyphens join; ASCII and typographic alike. */
  { "Don't stop: it's well-known, isn't it?", 6, 38 },
  { "They\u2019re here \u2014 finally.", 3, 23 },
  { "a state-of-the-art, long\u2010awaited plan", 4, 37 },
  /* Dashes that set off a clause split, even without spaces. */
  { "Yes\u2014no\u2014maybe", 3, 12 },
  { "pages 10\u201320", 3, 11 },
  { "yes--no", 2, 7 },
  { "wait...what", 1, 11 },
  { "wait\u2026what", 2, 9 },
  /* Punctuation alone, symbols and emoji are no words. */
  { " \u2014 & \u2026 \U0001F389 ", 0, 9 },
  { "Hello \U0001F44B world", 2, 13 },
  { "\U0001F468\u200D\U0001F469\u200D\U0001F467", 0, 5 },
  /* Numbers, abbreviations, brackets. */
  { "It cost $3.5 million, up 12% from 2023.", 8, 39 },
  { "(Reuters) U.S. officials", 3, 24 },
  { "100\u00A0km", 2, 6 },
  /* Other scripts. */
  { "\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", 2, 13 },
  /* قال الرئيس، إن الاتفاق «تاريخي». */
  { "\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064A\u0633\u060C \u0625\u0646 "
    "\u0627\u0644\u0627\u062A\u0641\u0627\u0642 \u00AB\u062A\u0627\u0631\u064A\u062E\u064A\u00BB.", 5, 32 },
  /* كَتَبَ الوَلَدُ: diacritics are part of the word. */
  { "\u0643\u064E\u062A\u064E\u0628\u064E \u0627\u0644\u0648\u064E\u0644\u064E\u062F\u064F", 2, 15 },
  { "\u041F\u0440\u0438\u0432\u0435\u0442, \u043C\u0438\u0440", 2, 11 },
  /* नमस्ते दुनिया */
  { "\u0928\u092E\u0938\u094D\u0924\u0947 \u0926\u0941\u0928\u093F\u092F\u093E", 2, 13 },
  /* Han, Hiragana and Katakana count one word per character. */
  /* 東京都に住んでいます。 */
  { "\u6771\u4EAC\u90FD\u306B\u4F4F\u3093\u3067\u3044\u307E\u3059\u3002", 10, 11 },
  /* コーヒーを飲む: the prolonged sound mark belongs to its syllable. */
  { "\u30B3\u30FC\u30D2\u30FC\u3092\u98F2\u3080", 5, 7 },
  /* 我爱GNOME桌面 */
  { "\u6211\u7231GNOME\u684C\u9762", 5, 9 },
  /* Thai has no spaces: a zero width space marks the word break. */
  { "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u200B\u0E04\u0E23\u0E31\u0E1A", 2, 11 },
  { "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u0E04\u0E23\u0E31\u0E1A", 1, 10 },
};

static void
test_count_words (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint words = cd_stats_count_words (cases[i].text);

      if (words != cases[i].words)
        g_test_message ("“%s”: %u words, expected %u", cases[i].text, words, cases[i].words);
      g_assert_cmpuint (words, ==, cases[i].words);
      /* The expected character counts check the test data itself. */
      g_assert_cmpint (g_utf8_strlen (cases[i].text, -1), ==, cases[i].characters);
    }
}

static CdBlock *
text_block (CdBlockType  type,
            const char  *text)
{
  CdBlock *block = cd_block_new (type);

  cd_block_set_text (block, text);

  return block;
}

static CdBlock *
figure_block (const char *caption)
{
  CdBlock *block = cd_block_new (CD_BLOCK_FIGURE);

  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "media/quay.jpg");
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, "A stone quay with moored boats");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption);
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, "Jane Roe / Agency");

  return block;
}

static void
append (CdArticle *article,
        CdBlock   *block)
{
  cd_article_append_block (article, block);
  g_object_unref (block);
}

static CdArticle *
build_article (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr(CdBlock) lead = figure_block ("Boats wait");
  CdBlock *block;

  /* 4 words, 27 characters */
  cd_article_set_headline (article, "Harbour reopens after storm");
  /* 5 words, 27 characters */
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "Ferries run again \u2014 on time");
  /* Not story text. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, "Check the ferry times with the port office");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "harbour-reopens");
  /* 2 words, 10 characters */
  cd_article_set_lead (article, lead);

  /* 5 words, 24 characters */
  append (article, text_block (CD_BLOCK_PARAGRAPH, "The port opened at dawn."));

  /* 2 words, 12 characters */
  block = text_block (CD_BLOCK_HEADING, "What changed");
  cd_block_set_level (block, 2);
  append (article, block);

  /* 3 + 2 words, 12 + 14 characters */
  block = text_block (CD_BLOCK_QUOTE, "We are back.");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Harbour master");
  append (article, block);

  /* 3 + 1 words, 12 + 5 characters */
  block = text_block (CD_BLOCK_PULLQUOTE, "Back to work");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Mayor");
  append (article, block);

  /* 1 + 2 words, 7 + 11 characters */
  g_ptr_array_add (items, cd_list_item_new ("Ferries"));
  g_ptr_array_add (items, cd_list_item_new ("Cargo ships"));
  block = cd_block_new (CD_BLOCK_LIST);
  cd_block_set_items (block, items);
  append (article, block);

  /* 4 words, 15 characters; alt text and credit are not counted */
  append (article, figure_block ("The quay at 6am"));

  /* Someone else's words: not counted. */
  block = cd_block_new (CD_BLOCK_EMBED);
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, "x");
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://x.com/port/status/1");
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "post");
  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Port Authority");
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "This post is not part of the story length");
  append (article, block);

  append (article, cd_block_new (CD_BLOCK_DIVIDER));

  return article;
}

static void
test_compute_article (void)
{
  g_autoptr(CdArticle) article = build_article ();
  CdStats stats;

  /* Garbage in the struct must not leak into the result. */
  memset (&stats, 0xAB, sizeof stats);
  cd_stats_compute (article, &stats);

  g_assert_cmpuint (stats.words, ==, 4 + 5 + 2 + 5 + 2 + 3 + 2 + 3 + 1 + 1 + 2 + 4);
  g_assert_cmpuint (stats.characters, ==, 27 + 27 + 10 + 24 + 12 + 12 + 14 + 12 + 5 + 7 + 11 + 15);
  g_assert_cmpuint (stats.reading_minutes, ==, 1);
  g_assert_cmpuint (stats.headline_length, ==, 27);

  /* Computing again gives the same, not a running total. */
  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.words, ==, 34);
  g_assert_cmpuint (stats.characters, ==, 176);
}

static void
test_compute_follows_edits (void)
{
  g_autoptr(CdArticle) article = build_article ();
  CdStats stats;

  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.words, ==, 34);

  /* "The port opened at dawn." becomes "The port opened." */
  cd_block_set_text (cd_article_get_block (article, 0), "The port opened.");
  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.words, ==, 32);
  g_assert_cmpuint (stats.characters, ==, 176 - 8);

  cd_article_set_lead (article, NULL);
  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.words, ==, 30);
  g_assert_cmpuint (stats.characters, ==, 176 - 8 - 10);

  cd_article_remove_block (article, 0);
  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.words, ==, 27);
  g_assert_cmpuint (stats.characters, ==, 176 - 8 - 10 - 16);
}

static void
test_compute_empty (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  CdStats stats;

  memset (&stats, 0xAB, sizeof stats);
  cd_stats_compute (article, &stats);

  g_assert_cmpuint (stats.words, ==, 0);
  g_assert_cmpuint (stats.characters, ==, 0);
  g_assert_cmpuint (stats.reading_minutes, ==, 0);
  g_assert_cmpuint (stats.headline_length, ==, 0);

  /* Characters without words: still no reading time. */
  cd_article_set_headline (article, "\u2014 \U0001F389");
  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.words, ==, 0);
  g_assert_cmpuint (stats.characters, ==, 3);
  g_assert_cmpuint (stats.reading_minutes, ==, 0);
  g_assert_cmpuint (stats.headline_length, ==, 3);
}

static void
set_paragraph_words (CdArticle *article,
                     guint      n_words)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);

  for (guint i = 0; i < n_words; i++)
    g_string_append (text, i == 0 ? "word" : " word");

  cd_block_set_text (block, text->str);
  while (cd_article_get_n_blocks (article) > 0)
    cd_article_remove_block (article, 0);
  cd_article_append_block (article, block);
}

static void
test_reading_minutes (void)
{
  static const struct {
    guint words;
    guint minutes;
  } steps[] = {
    { 0, 0 },
    { 1, 1 },
    { CD_STATS_WORDS_PER_MINUTE - 1, 1 },
    { CD_STATS_WORDS_PER_MINUTE, 1 },
    { CD_STATS_WORDS_PER_MINUTE + 1, 2 },
    { 2 * CD_STATS_WORDS_PER_MINUTE, 2 },
    { 2 * CD_STATS_WORDS_PER_MINUTE + 1, 3 },
    { 10000, 44 },
  };
  g_autoptr(CdArticle) article = cd_article_new ();

  g_assert_cmpuint (CD_STATS_WORDS_PER_MINUTE, ==, 230);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      CdStats stats;

      set_paragraph_words (article, steps[i].words);
      cd_stats_compute (article, &stats);
      g_assert_cmpuint (stats.words, ==, steps[i].words);
      g_assert_cmpuint (stats.reading_minutes, ==, steps[i].minutes);
    }
}

static void
test_headline_length (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  /* "Émile’s café reopens 🎉": 22 code points in 29 bytes. */
  const char *headline = "\u00C9mile\u2019s caf\u00E9 reopens \U0001F389";
  CdStats stats;

  g_assert_cmpuint (strlen (headline), ==, 29);

  cd_article_set_headline (article, headline);
  cd_stats_compute (article, &stats);
  g_assert_cmpuint (stats.headline_length, ==, 22);
  g_assert_cmpuint (stats.characters, ==, 22);
  g_assert_cmpuint (stats.words, ==, 3);
}

/* Counting with a memo follows every edit as counting afresh does,
 * counting again only what changed. */
static void
test_compute_remembering (void)
{
  g_autoptr(CdArticle) article = build_article ();
  g_autoptr(CdBlockMemo) memo = cd_stats_memo_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr(CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  CdStats fresh;
  CdStats kept;

#define SAME_AS_FRESH()                                          \
  G_STMT_START {                                                 \
    cd_stats_compute (article, &fresh);                          \
    cd_stats_compute_remembering (article, memo, &kept);         \
    g_assert_cmpuint (kept.words, ==, fresh.words);              \
    g_assert_cmpuint (kept.characters, ==, fresh.characters);    \
    g_assert_cmpuint (kept.reading_minutes, ==, fresh.reading_minutes); \
    g_assert_cmpuint (kept.headline_length, ==, fresh.headline_length); \
  } G_STMT_END

  SAME_AS_FRESH ();
  g_assert_cmpuint (kept.words, ==, 34);
  SAME_AS_FRESH ();

  cd_block_set_text (cd_article_get_block (article, 0), "The port opened.");
  SAME_AS_FRESH ();
  g_assert_cmpuint (kept.words, ==, 32);

  g_ptr_array_add (items, cd_list_item_new ("Three new berths"));
  cd_block_set_items (list, items);
  cd_article_insert_block (article, 0, list);
  SAME_AS_FRESH ();
  g_assert_cmpuint (kept.words, ==, 35);

  cd_article_move_block (article, 0, cd_article_get_n_blocks (article) - 1);
  SAME_AS_FRESH ();
  g_ptr_array_add (items, cd_list_item_new ("and a crane"));
  cd_block_set_items (list, items);
  SAME_AS_FRESH ();
  g_assert_cmpuint (kept.words, ==, 38);

  cd_article_remove_block (article, 0);
  SAME_AS_FRESH ();
  cd_article_set_headline (article, "Port reopens");
  SAME_AS_FRESH ();

#undef SAME_AS_FRESH
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/stats/count-words", test_count_words);
  g_test_add_func ("/core/stats/compute/article", test_compute_article);
  g_test_add_func ("/core/stats/compute/edits", test_compute_follows_edits);
  g_test_add_func ("/core/stats/compute/empty", test_compute_empty);
  g_test_add_func ("/core/stats/compute/remembering", test_compute_remembering);
  g_test_add_func ("/core/stats/reading-minutes", test_reading_minutes);
  g_test_add_func ("/core/stats/headline-length", test_headline_length);

  return g_test_run ();
}
