/* test-spell.c: spell checking with the Debian dictionaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "copydesk-core.h"
#include "cd-spell-checker-private.h"

/* Every kind of text field, each with one known misspelling ("recieve",
 * "goverment", …) among correct words, and the places that are never
 * prose: addresses, link targets, embed addresses, the slug. */
static const char every_field_json[] =
  "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"en\","
  " \"slug\": \"mispeled-slug\", \"keywords\": [\"Kwordz\"],"
  " \"headline\": \"Mayor will recieve the keys\","
  " \"subheadline\": \"The goverment said so\","
  " \"bylines\": [{\"name\": \"Jane Roe\", \"title\": \"Staff reportr\"}],"
  " \"dateline\": {\"place\": \"WASHNGTON\", \"date\": \"2024-05-14\"},"
  " \"notes\": \"Check the spellling with the desk\","
  " \"lead\": {\"type\": \"figure\", \"id\": \"lead\", \"src\": \"https://example.org/a.jpg\","
  "   \"caption\": \"The harbor at dawwn\", \"alt\": \"A boat in the fogg\", \"credit\": \"Photo by Jane Roe for the Agencyy\"},"
  " \"body\": ["
  "  {\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"See https://exampel.org/pagee or mail desk@exampel.org about the 3rd plan, don't and don’t count, nor COVID19.\","
  "   \"marks\": [{\"type\": \"link\", \"start\": 0, \"end\": 3, \"href\": \"https://wrongg.example/linkk\"}]},"
  "  {\"type\": \"paragraph\", \"id\": \"p2\", \"text\": \"A well-known and well-knwon case of teh law.\","
  "   \"marks\": [{\"type\": \"link\", \"start\": 36, \"end\": 39, \"href\": \"https://example.org/\"}]},"
  "  {\"type\": \"heading\", \"id\": \"h1\", \"level\": 2, \"text\": \"The nexxt step\"},"
  "  {\"type\": \"quote\", \"id\": \"q1\", \"text\": \"We will win\", \"attribution\": \"the ministr\"},"
  "  {\"type\": \"pullquote\", \"id\": \"pq1\", \"text\": \"Never agian\", \"attribution\": \"Jane Roe\"},"
  "  {\"type\": \"list\", \"id\": \"l1\", \"ordered\": false, \"items\": [{\"text\": \"first item\"}, {\"text\": \"secnd item\"}]},"
  "  {\"type\": \"embed\", \"id\": \"e1\", \"provider\": \"link\", \"url\": \"https://exampel.org/postt\", \"kind\": \"post\","
  "   \"author\": \"Zzyzx Qwrt\", \"handle\": \"@qwrtt\", \"text\": \"\"}"
  " ]}";

static CdArticle *
read_story (const char *json)
{
  g_autoptr(GError) error = NULL;
  CdArticle *article = cd_json_read (json, strlen (json), "story.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (article);
  return article;
}

static char *
words_of (GPtrArray *found)
{
  GString *words = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    {
      const CdMisspelling *m = g_ptr_array_index (found, i);
      g_autofree char *location = cd_misspelling_location (m);

      g_string_append_printf (words, "%s%s@%s", i > 0 ? " " : "", m->word, location);
    }

  return g_string_free (words, FALSE);
}

typedef struct
{
  GString *words;
} Collect;

static gboolean
collect_cb (const char *text,
            gsize       start,
            gsize       end,
            gpointer    user_data)
{
  GString *words = user_data;

  g_string_append_printf (words, "%s%.*s", words->len > 0 ? "|" : "", (int) (end - start), text + start);
  return TRUE;
}

static char *
split (const char *text,
       const char *extra)
{
  GString *words = g_string_new (NULL);

  cd_spell_words_foreach (text, -1, extra, collect_cb, words);
  return g_string_free (words, FALSE);
}

static void
test_words (void)
{
  struct { const char *text; const char *words; } cases[] = {
    { "don't don’t rock'n'roll", "don't|don’t|rock'n'roll" },
    { "'quoted' ‘single’ “double”", "quoted|single|double" },
    { "well-known — state-of-the-art -dash-", "well-known|state-of-the-art|dash" },
    { "see https://exampel.org/pagee, (www.exampel.com) and exampel.co.uk.", "see|and" },
    { "mail desk@exampel.org or mailto:desk@exampel.org now", "mail|or|now" },
    { "@handle #hashtag 2024 3rd COVID19 4x4 12.5", "" },
    { "e.g. etc. U.S.", "e|g|etc|U|S" },
    { "الحكومة قالت", "الحكومة|قالت" },
    { "Straße Zeitung’s", "Straße|Zeitung’s" },
    { "emoji ❤️ heart", "emoji|heart" },
    /* Blanks beyond ASCII: no-break space, em space, ideographic space,
     * line separator; the vertical tab is no blank. */
    { "one\u00A0two\u2003three\u3000four\u2028five six\vseven", "one|two|three|four|five|six|seven" },
    { "\tTab\nline\r\nfeed\fform", "Tab|line|feed|form" },
    /* Addresses whatever their case or where the scheme falls. */
    { "WWW.Exampel.com MAILTO:x@y.z at (ftp://exampel.org/filee).", "at" },
    { "a@b c@ d@e.f desk@", "a|b|c|desk" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = split (cases[i].text, NULL);

      g_assert_cmpstr (words, ==, cases[i].words);
    }

  /* A dictionary's own word characters join words too: German's "."
   * keeps "z.B" whole. */
  {
    g_autofree char *words = split ("z.B. heute", "ß-.");

    g_assert_cmpstr (words, ==, "z.B|heute");
  }
}

static void
test_words_in_english (void)
{
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(CdSpellChecker) british = cd_spell_checker_new ("en-GB", NULL);
  g_autoptr(CdSpellChecker) new_zealand = cd_spell_checker_new ("en-NZ", NULL);
  g_auto(GStrv) suggestions = NULL;

  g_assert_true (cd_spell_checker_has_dictionary (checker, NULL));
  g_assert_true (cd_spell_checker_check_word (checker, NULL, "receive", -1));
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "recieve", -1));
  g_assert_true (cd_spell_checker_check_word (checker, NULL, "don't", -1));
  g_assert_true (cd_spell_checker_check_word (checker, NULL, "don’t", -1));
  g_assert_true (cd_spell_checker_check_word (checker, NULL, "color", -1));
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "colour", -1));

  g_assert_true (cd_spell_checker_check_word (british, NULL, "colour", -1));
  g_assert_false (cd_spell_checker_check_word (british, NULL, "color", -1));

  /* No en_NZ in Debian: the language's own dictionary stands in. */
  g_assert_true (cd_spell_checker_has_dictionary (new_zealand, NULL));
  g_assert_false (cd_spell_checker_check_word (new_zealand, NULL, "recieve", -1));

  suggestions = cd_spell_checker_suggest (checker, NULL, "recieve", -1);
  g_assert_cmpuint (g_strv_length (suggestions), >=, 1);
  g_assert_cmpuint (g_strv_length (suggestions), <=, CD_SPELL_MAX_SUGGESTIONS);
  g_assert_cmpstr (suggestions[0], ==, "receive");
}

/* A dictionary prepared on a thread answers as one loaded when asked,
 * and the checker does not load it again. */
static void
test_prepared_dictionary (void)
{
  g_autoptr(CdSpellChecker) british = cd_spell_checker_new ("en-GB", NULL);
  g_autoptr(CdSpellChecker) german = cd_spell_checker_new ("en", NULL);
  g_autoptr(CdSpellChecker) none = cd_spell_checker_new ("qaa", NULL);
  g_autoptr(CdSpellChecker) dropped = cd_spell_checker_new ("en", NULL);
  g_autoptr(GArray) spans = NULL;
  const char *text = "The colour of the Rathaus, recieved.";

  cd_spell_checker_prepare (british, NULL);
  /* enchant's broker (which loads every provider) starts on the thread
   * too, not on the caller's. */
  g_assert_false (_cd_spell_checker_has_broker (british));
  /* A second call while the first is loading changes nothing. */
  cd_spell_checker_prepare (british, "en-GB");
  spans = cd_spell_checker_check_text (british, NULL, text, -1, 0, G_MAXSIZE);
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpuint (g_array_index (spans, CdSpellSpan, 0).start, ==, strlen ("The colour of the "));
  g_assert_cmpuint (g_array_index (spans, CdSpellSpan, 1).start, ==, strlen ("The colour of the Rathaus, "));
  g_assert_false (cd_spell_checker_check_word (british, NULL, "color", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_loaded_by_caller (british), ==, 0);
  g_assert_true (_cd_spell_checker_has_broker (british));
  /* Prepared already: not loaded again. */
  cd_spell_checker_prepare (british, NULL);
  g_assert_true (cd_spell_checker_check_word (british, "en-GB", "colour", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_loaded_by_caller (british), ==, 0);

  /* Another language than the checker's own. */
  cd_spell_checker_prepare (german, "de-DE");
  g_assert_true (cd_spell_checker_check_word (german, "de-DE", "Rathaus", -1));
  g_assert_false (cd_spell_checker_check_word (german, "de-DE", "Rathuas", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_loaded_by_caller (german), ==, 0);
  g_assert_true (cd_spell_checker_check_word (german, NULL, "receive", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_loaded_by_caller (german), ==, 1);

  /* No dictionary for the language: known as soon as it is asked. */
  cd_spell_checker_prepare (none, NULL);
  g_assert_false (cd_spell_checker_has_dictionary (none, NULL));
  g_clear_pointer (&spans, g_array_unref);
  spans = cd_spell_checker_check_text (none, NULL, "Xyzzy plugh", -1, 0, G_MAXSIZE);
  g_assert_cmpuint (spans->len, ==, 0);
  g_assert_cmpuint (_cd_spell_checker_get_n_loaded_by_caller (none), ==, 0);

  /* Text without words needs no dictionary. */
  g_clear_pointer (&spans, g_array_unref);
  spans = cd_spell_checker_check_text (dropped, NULL, "", 0, 0, G_MAXSIZE);
  g_assert_cmpuint (spans->len, ==, 0);
  g_assert_cmpuint (_cd_spell_checker_get_n_loaded_by_caller (dropped), ==, 0);

  /* A checker freed while its dictionary loads waits for it. */
  cd_spell_checker_prepare (dropped, NULL);
  g_clear_object (&dropped);
}

static void
test_text_spans (void)
{
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  const char *text = "A well-knwon fact, e.g. teh one.";
  g_autoptr(GArray) all = cd_spell_checker_check_text (checker, NULL, text, -1, 0, G_MAXSIZE);
  g_autoptr(GArray) part = NULL;
  const CdSpellSpan *span;

  /* Only the wrong half of a compound; "e.g." with its full stop. */
  g_assert_cmpuint (all->len, ==, 2);
  span = &g_array_index (all, CdSpellSpan, 0);
  g_assert_cmpuint (span->start, ==, strlen ("A well-"));
  g_assert_cmpuint (span->end, ==, strlen ("A well-knwon"));
  span = &g_array_index (all, CdSpellSpan, 1);
  g_assert_cmpuint (span->start, ==, strlen ("A well-knwon fact, e.g. "));

  /* Only the words that overlap the range asked for. */
  part = cd_spell_checker_check_text (checker, NULL, text, -1, strlen ("A well-knwon fact, e"),
                                      strlen ("A well-knwon fact, e.g. t"));
  g_assert_cmpuint (part->len, ==, 1);
  g_assert_cmpuint (g_array_index (part, CdSpellSpan, 0).start, ==, strlen ("A well-knwon fact, e.g. "));
}

/* A long story says the same words again and again; the dictionary is
 * asked about each once, and what it said still gives way to the story's
 * own words. */
static void
test_repeated_words (void)
{
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) again = NULL;
  const char * const story_words[] = { "Porthavn", NULL };

  for (guint i = 0; i < 500; i++)
    g_string_append (text, "The ferry left Porthavn at dawn. ");

  spans = cd_spell_checker_check_text (checker, NULL, text->str, -1, 0, G_MAXSIZE);
  g_assert_cmpuint (spans->len, ==, 500);
  for (guint i = 0; i < spans->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (spans, CdSpellSpan, i);

      g_assert_cmpuint (span->end - span->start, ==, strlen ("Porthavn"));
      g_assert_cmpint (strncmp (text->str + span->start, "Porthavn", span->end - span->start), ==, 0);
    }
  /* The, ferry, left, Porthavn, at, dawn. */
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionary_checks (checker), <=, 6);

  cd_spell_checker_set_story_words (checker, story_words);
  again = cd_spell_checker_check_text (checker, NULL, text->str, -1, 0, G_MAXSIZE);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "Porthavns", -1));
}

/* A whole story asks about the same words again and again; each time
 * the answer is the one the word lists and the dictionary give, for
 * short words and for words longer than the checker keeps at hand. */
static void
test_repeated_words_in_story (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"copydesk.article\", \"version\": 1, "
                                          "\"language\": \"en\", \"dictionary\": [\"Kellum\"], \"body\": [");
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) again = NULL;
  guint n_checks;
  guint counts[3] = { 0, };
  const char *misspelt[] = {
    "Porthavn",
    /* Longer than the words kept at hand, and alike in their first 24
     * bytes: only the second is in the story's dictionary. */
    "Llanfairpwllgwyngyllgogerychwyrndrobwll",
    "Llanfairpwllgwyngyllgogerychwyrndrobwllx",
  };

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (json, "%s{\"type\": \"paragraph\", \"id\": \"p%u\", \"text\": "
                            "\"The ferry left Porthavn; Kellum saw %s and %s from the harbor.\"}",
                            i > 0 ? ", " : "", i, misspelt[1], misspelt[2]);
  g_string_append (json, "]}");
  article = read_story (json->str);
  /* A word in the story's dictionary is not in the dictionary's answers. */
  g_assert_true (cd_article_add_dictionary_word (article, misspelt[2]));

  found = cd_spell_check_article (checker, article);
  g_assert_cmpuint (found->len, ==, 600);
  for (guint i = 0; i < found->len; i++)
    {
      const CdMisspelling *m = g_ptr_array_index (found, i);
      g_autofree char *block_id = g_strdup_printf ("p%u", i / 2);

      g_assert_cmpstr (m->word, ==, misspelt[i % 2]);
      g_assert_cmpstr (m->block_id, ==, block_id);
      counts[i % 2]++;
    }
  g_assert_cmpuint (counts[0], ==, 300);
  g_assert_cmpuint (counts[1], ==, 300);
  /* The, ferry, left, Porthavn, saw, and, from, the harbor, the long word */
  n_checks = _cd_spell_checker_get_n_dictionary_checks (checker);
  g_assert_cmpuint (n_checks, <=, 12);

  /* Walked again: the same answers, and no question to the dictionary. */
  again = cd_spell_check_article (checker, article);
  g_assert_cmpuint (again->len, ==, found->len);
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionary_checks (checker), ==, n_checks);
}

static void
test_every_field (void)
{
  g_autoptr(CdArticle) article = read_story (every_field_json);
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(GPtrArray) found = cd_spell_check_article (checker, article);
  g_autofree char *words = words_of (found);
  const CdMisspelling *first;

  /* In document order; the notes last. Addresses, the link targets, the
   * embed's address, author and handle, the slug and keywords are not
   * checked; the words under a link are. */
  g_assert_cmpstr (words, ==,
                   "recieve@headline goverment@subheadline reportr@bylines 1 title "
                   "WASHNGTON@dateline place "
                   "dawwn@lead lead caption fogg@lead lead alt Agencyy@lead lead credit "
                   "knwon@body p2 text teh@body p2 text "
                   "nexxt@body h1 text ministr@body q1 attribution agian@body pq1 text "
                   "secnd@body l1 text 2 "
                   "spellling@notes");

  first = g_ptr_array_index (found, 0);
  g_assert_cmpuint (first->start, ==, 11);
  g_assert_cmpuint (first->end, ==, 18);
  g_assert_cmpstr (first->language, ==, "en");
  g_assert_cmpstr (first->context, ==, "Mayor will recieve the keys");
  g_assert_cmpuint (first->context_start, ==, 11);
  g_assert_cmpuint (first->context_end, ==, 18);
}

static void
test_german (void)
{
  g_autoptr(CdArticle) article = read_story (
    "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"de-DE\","
    " \"headline\": \"Der Bürgermiester tritt zurück\","
    " \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\","
    "   \"text\": \"Die Zeitung meldet heute, dass die Straße gesperrt ist, z.B. für Fußgänger; the Zeitnug.\"}]}");
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new (NULL, NULL);
  g_autoptr(GPtrArray) found = cd_spell_check_article (checker, article);
  g_autofree char *words = words_of (found);
  g_auto(GStrv) suggestions = NULL;

  /* "the" is English: wrong in a German story. */
  g_assert_cmpstr (words, ==, "Bürgermiester@headline the@body p1 text Zeitnug@body p1 text");
  g_assert_cmpstr (((CdMisspelling *) g_ptr_array_index (found, 0))->language, ==, "de-DE");

  suggestions = cd_spell_checker_suggest (checker, "de-DE", "Zeitnug", -1);
  g_assert_true (g_strv_contains ((const char * const *) suggestions, "Zeitung"));
}

static void
test_arabic (void)
{
  g_autoptr(CdArticle) article = read_story (
    "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"ar\","
    " \"headline\": \"قالت الحكومة\","
    " \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"كتب في مدرستت الحكومةة.\"}]}");
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new (NULL, NULL);
  g_autoptr(GPtrArray) found = cd_spell_check_article (checker, article);
  g_autofree char *words = words_of (found);

  g_assert_cmpstr (words, ==, "مدرستت@body p1 text الحكومةة@body p1 text");
}

static void
test_embed_language (void)
{
  g_autoptr(CdArticle) article = read_story (
    "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"en\","
    " \"body\": [{\"type\": \"embed\", \"id\": \"e1\", \"provider\": \"x\","
    "   \"url\": \"https://x.com/a/status/1\", \"kind\": \"post\", \"lang\": \"de\","
    "   \"text\": \"Die Zeitung meldet heute Neues. Zeitnug\"}]}");
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new (NULL, NULL);
  g_autoptr(GPtrArray) found = cd_spell_check_article (checker, article);
  g_autofree char *words = words_of (found);

  /* The post is checked in its own language, German. */
  g_assert_cmpstr (words, ==, "Zeitnug@body e1 text");
}

static void
test_no_dictionary (void)
{
  g_autoptr(CdArticle) article = read_story (
    "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"qaa\","
    " \"headline\": \"Xyzzy plugh\"}");
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("qaa", NULL);
  g_autoptr(GPtrArray) found = cd_spell_check_article (checker, article);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);

  g_assert_false (cd_spell_checker_has_dictionary (checker, NULL));
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_false (cd_spell_add_preflight_items (checker, article, items));
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_story_dictionary (void)
{
  g_autoptr(CdArticle) article = read_story (
    "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"en\","
    " \"headline\": \"Kellum joins Huawei\","
    " \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"KELLUM said Huawei would.\"}]}");
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(GPtrArray) before = cd_spell_check_article (checker, article);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) reloaded_found = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);
  g_autoptr(CdArticle) reloaded = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *words = words_of (before);
  const char * const *dictionary;

  g_assert_cmpstr (words, ==, "Kellum@headline Huawei@headline KELLUM@body p1 text Huawei@body p1 text");

  g_assert_true (cd_article_add_dictionary_word (article, "Kellum"));
  g_assert_true (cd_article_add_dictionary_word (article, "Huawei"));
  g_assert_false (cd_article_add_dictionary_word (article, "Huawei"));
  after = cd_spell_check_article (checker, article);
  g_assert_cmpuint (after->len, ==, 0);

  /* Saved in the container and read back: a colleague sees no flags. */
  container = cd_document_write_bytes (article, &error);
  g_assert_no_error (error);
  reloaded = cd_document_load_bytes (container, "story.article", NULL, &error);
  g_assert_no_error (error);
  dictionary = cd_article_get_dictionary (reloaded);
  g_assert_cmpuint (g_strv_length ((char **) dictionary), ==, 2);
  g_assert_cmpstr (dictionary[0], ==, "Kellum");
  g_assert_cmpstr (dictionary[1], ==, "Huawei");

  {
    g_autoptr(CdSpellChecker) colleague = cd_spell_checker_new ("en", NULL);

    reloaded_found = cd_spell_check_article (colleague, reloaded);
    g_assert_cmpuint (reloaded_found->len, ==, 0);
    g_assert_true (cd_spell_add_preflight_items (colleague, reloaded, items));
    g_assert_cmpuint (items->len, ==, 0);
  }

  /* The member is there in article.json, and absent from a story
   * without words so older stories keep their bytes. */
  json = cd_json_write (reloaded);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                                  "\"dictionary\" : [\n    \"Kellum\",\n    \"Huawei\"\n  ]"));
  {
    g_autoptr(CdArticle) plain = cd_article_new ();
    g_autoptr(GBytes) plain_json = cd_json_write (plain);

    g_assert_null (g_strstr_len (g_bytes_get_data (plain_json, NULL), g_bytes_get_size (plain_json),
                                 "dictionary"));
  }

  /* A dictionary that is not a list of strings is refused, naming it. */
  {
    const char *bad = "{\"format\": \"copydesk.article\", \"version\": 1, \"dictionary\": [\"ok\", 3]}";
    g_autoptr(CdArticle) none = cd_json_read (bad, strlen (bad), "bad.json", &error);

    g_assert_null (none);
    g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "dictionary[1]"));
  }
}

static void
test_desk_dictionary (void)
{
  g_autofree char *dir = g_dir_make_tmp ("copydesk-spell-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "copydesk", "dictionary.txt", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  {
    g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", path);

    g_assert_null (cd_spell_checker_get_desk_error (checker));
    g_assert_false (cd_spell_checker_check_word (checker, NULL, "Okafor", -1));
    g_assert_true (cd_spell_checker_add_desk_word (checker, "Okafor", &error));
    g_assert_no_error (error);
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Okafor", -1));
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "OKAFOR", -1));
  }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Okafor\n");

  /* Every story of this user, in any language, knows the word. */
  {
    g_autoptr(CdSpellChecker) later = cd_spell_checker_new ("de", path);

    g_assert_true (cd_spell_checker_check_word (later, NULL, "Okafor", -1));
  }

  /* Ignore lasts as long as the checker. */
  {
    g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", path);
    g_autoptr(CdSpellChecker) other = cd_spell_checker_new ("en", path);

    cd_spell_checker_ignore_word (checker, "Zzyzx");
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Zzyzx", -1));
    g_assert_false (cd_spell_checker_check_word (other, NULL, "Zzyzx", -1));
  }

  /* The next story a window shows starts afresh: what was ignored is
   * misspelt again, its own dictionary replaces the last one's, it is
   * checked in its language, and a word another window added to the desk
   * dictionary meanwhile is known. */
  {
    g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", path);
    g_autoptr(CdSpellChecker) other = cd_spell_checker_new ("en", path);
    const char *first_words[] = { "Talbot", NULL };
    const char *next_words[] = { "Haddad", NULL };

    cd_spell_checker_start_story (checker, "en", first_words);
    cd_spell_checker_ignore_word (checker, "Zzyzx");
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Talbot", -1));
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Zzyzx", -1));
    g_assert_true (cd_spell_checker_add_desk_word (other, "Qwyrm", &error));
    g_assert_no_error (error);

    cd_spell_checker_start_story (checker, "de", next_words);
    g_assert_cmpstr (cd_spell_checker_get_language (checker), ==, "de");
    g_assert_false (cd_spell_checker_check_word (checker, NULL, "Zzyzx", -1));
    g_assert_false (cd_spell_checker_check_word (checker, NULL, "Talbot", -1));
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Haddad", -1));
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Qwyrm", -1));
    g_assert_true (cd_spell_checker_check_word (checker, NULL, "Straße", -1));

    cd_spell_checker_start_story (checker, NULL, NULL);
    g_assert_cmpstr (cd_spell_checker_get_language (checker), ==, "en");
    g_assert_false (cd_spell_checker_check_word (checker, NULL, "Haddad", -1));
  }

  /* A desk dictionary that is not text is named, and not used. */
  g_assert_true (g_file_set_contents (bad_path, "Okafor\n\xff\xfe\n", -1, NULL));
  {
    g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", bad_path);
    const GError *desk_error = cd_spell_checker_get_desk_error (checker);

    g_assert_nonnull (desk_error);
    g_assert_nonnull (strstr (desk_error->message, "bad.txt"));
    g_assert_false (cd_spell_checker_check_word (checker, NULL, "Okafor", -1));
  }

  g_unlink (path);
  g_unlink (bad_path);
  {
    g_autofree char *sub = g_path_get_dirname (path);

    g_rmdir (sub);
  }
  g_rmdir (dir);
}

static void
test_replace_keeps_marks (void)
{
  g_autoptr(CdArticle) article = read_story (
    "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"en\","
    " \"headline\": \"They recieve it\","
    " \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"We recieve teh goverment plan.\","
    "   \"marks\": [{\"type\": \"strong\", \"start\": 3, \"end\": 10},"
    "               {\"type\": \"link\", \"start\": 15, \"end\": 24, \"href\": \"https://example.org/\"},"
    "               {\"type\": \"em\", \"start\": 25, \"end\": 29}]},"
    "  {\"type\": \"list\", \"id\": \"l1\", \"ordered\": true, \"items\": [{\"text\": \"one\"}, {\"text\": \"a secnd one\","
    "   \"marks\": [{\"type\": \"em\", \"start\": 2, \"end\": 7}]}]}]}");
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(GPtrArray) found = cd_spell_check_article (checker, article);
  CdBlock *paragraph = cd_article_get_block (article, 0);
  CdBlock *list = cd_article_get_block (article, 1);
  const CdMisspelling *government = NULL;
  const CdMisspelling *second = NULL;
  const CdMark *mark;
  GPtrArray *marks;
  const CdListItem *item;

  for (guint i = 0; i < found->len; i++)
    {
      const CdMisspelling *m = g_ptr_array_index (found, i);

      if (g_str_equal (m->word, "goverment"))
        government = m;
      if (g_str_equal (m->word, "secnd"))
        second = m;
    }
  g_assert_nonnull (government);
  g_assert_nonnull (second);

  /* The linked word, replaced by a longer one, stays linked; the marks
   * after it move with the text. */
  g_assert_true (cd_spell_replace (article, government, "government"));
  /* As the window does: a replacement is never merged with typing. */
  cd_history_break (history);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "We recieve teh government plan.");
  marks = cd_block_get_marks (paragraph);
  g_assert_cmpuint (marks->len, ==, 3);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpuint (mark->start, ==, 3);
  g_assert_cmpuint (mark->end, ==, 10);
  mark = g_ptr_array_index (marks, 1);
  g_assert_cmpint (mark->type, ==, CD_MARK_LINK);
  g_assert_cmpuint (mark->start, ==, 15);
  g_assert_cmpuint (mark->end, ==, 25);
  mark = g_ptr_array_index (marks, 2);
  g_assert_cmpuint (mark->start, ==, 26);
  g_assert_cmpuint (mark->end, ==, 30);

  /* The check is stale now for a word that moved: refused, unchanged. */
  g_assert_false (cd_spell_replace (article, government, "government"));

  /* A bold word replaced by a shorter one stays bold. */
  {
    g_autoptr(GPtrArray) again = cd_spell_check_article (checker, article);
    const CdMisspelling *receive = NULL;

    for (guint i = 0; i < again->len; i++)
      if (g_strcmp0 (((CdMisspelling *) g_ptr_array_index (again, i))->block_id, "p1") == 0 &&
          g_str_equal (((CdMisspelling *) g_ptr_array_index (again, i))->word, "recieve"))
        receive = g_ptr_array_index (again, i);
    g_assert_nonnull (receive);
    g_assert_true (cd_spell_replace (article, receive, "get"));
    cd_history_break (history);
    g_assert_cmpstr (cd_block_get_text (paragraph), ==, "We get teh government plan.");
    mark = g_ptr_array_index (cd_block_get_marks (paragraph), 0);
    g_assert_cmpuint (mark->start, ==, 3);
    g_assert_cmpuint (mark->end, ==, 6);
  }

  /* List items too. */
  g_assert_true (cd_spell_replace (article, second, "second"));
  item = g_ptr_array_index (cd_block_get_items (list), 1);
  g_assert_cmpstr (item->text, ==, "a second one");
  mark = g_ptr_array_index (item->marks, 0);
  g_assert_cmpuint (mark->start, ==, 2);
  g_assert_cmpuint (mark->end, ==, 8);

  /* Each replacement is one undo step, marks and all. */
  g_assert_true (cd_history_can_undo (history));
  cd_history_undo (history);
  item = g_ptr_array_index (cd_block_get_items (list), 1);
  g_assert_cmpstr (item->text, ==, "a secnd one");
  cd_history_undo (history);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "We recieve teh government plan.");
  cd_history_undo (history);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "We recieve teh goverment plan.");
  mark = g_ptr_array_index (cd_block_get_marks (paragraph), 1);
  g_assert_cmpuint (mark->end, ==, 24);
}

static void
test_marks_replace_range (void)
{
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  const CdMark *mark;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 4, NULL));   /* ends where the word starts */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 4, 8, NULL));       /* the word exactly */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 2, 12, NULL));  /* around it */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 5, 7, NULL));       /* inside it */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 8, 10, NULL));  /* right after it */

  cd_marks_replace_range (marks, 4, 8, 2);

  g_assert_cmpuint (marks->len, ==, 5);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpuint (mark->start, ==, 0);
  g_assert_cmpuint (mark->end, ==, 4);
  mark = g_ptr_array_index (marks, 1);
  g_assert_cmpuint (mark->start, ==, 4);
  g_assert_cmpuint (mark->end, ==, 6);
  mark = g_ptr_array_index (marks, 2);
  g_assert_cmpuint (mark->start, ==, 2);
  g_assert_cmpuint (mark->end, ==, 10);
  /* Part of the word marked: the whole replacement is. */
  mark = g_ptr_array_index (marks, 3);
  g_assert_cmpuint (mark->start, ==, 4);
  g_assert_cmpuint (mark->end, ==, 6);
  mark = g_ptr_array_index (marks, 4);
  g_assert_cmpuint (mark->start, ==, 6);
  g_assert_cmpuint (mark->end, ==, 8);

  /* The word deleted: a mark over it alone goes. */
  cd_marks_replace_range (marks, 4, 6, 0);
  g_assert_cmpuint (marks->len, ==, 3);
}

static void
test_preflight_items (void)
{
  g_autoptr(CdArticle) article = read_story (every_field_json);
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en", NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);
  const CdPreflightItem *item;
  g_autofree char *line = NULL;

  g_assert_true (cd_spell_add_preflight_items (checker, article, items));
  /* Every misspelling but the desk's notes, which are never published. */
  g_assert_cmpuint (items->len, ==, 13);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->check, ==, CD_PREFLIGHT_MISSPELLING);
  g_assert_cmpint (item->severity, ==, CD_PREFLIGHT_WARNING);
  line = cd_preflight_item_format (item, "copydesk-convert", "story.json");
  g_assert_cmpstr (line, ==, "copydesk-convert: story.json: headline: warning: Headline: “recieve” may be misspelt");

  item = g_ptr_array_index (items, 7);
  g_clear_pointer (&line, g_free);
  line = cd_preflight_item_format (item, "copydesk-convert", "story.json");
  g_assert_cmpstr (line, ==, "copydesk-convert: story.json: body p2 text: warning: Text in block p2: “knwon” may be misspelt");
}

/* The dictionary's answers are kept between runs: a second checker
 * answers a text whose words were all asked before without loading a
 * dictionary, and the same way; an answer the files would now give
 * differently, or a damaged cache, is not used. */
static void
test_kept_answers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("copydesk-spell-cache-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "en.verdicts", NULL);
  g_autofree char *personal = g_build_filename (g_get_user_config_dir (), "enchant", "en.dic", NULL);
  g_autofree char *personal_before = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "The quick brwon fox, e.g. a well-knwon one.";
  CdSpellChecker *checker;
  GArray *first;
  GArray *spans;
  g_autofree char *contents = NULL;
  g_autofree char *escape = g_build_filename (dir, "..", "evil.verdicts", NULL);

  /* First run: the dictionary answers and its answers are written. */
  checker = cd_spell_checker_new ("en", NULL);
  cd_spell_checker_set_cache_dir (checker, dir);
  first = cd_spell_checker_check_text (checker, NULL, text, -1, 0, G_MAXSIZE);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpuint (g_array_index (first, CdSpellSpan, 0).start, ==, strlen ("The quick "));
  g_assert_cmpuint (g_array_index (first, CdSpellSpan, 1).start, ==, strlen ("The quick brwon fox, e.g. a well-"));
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 1);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (cd_spell_checker_save_cache (checker, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  g_object_unref (checker);

  /* Second run: the same spans, no dictionary loaded. */
  checker = cd_spell_checker_new ("en", NULL);
  cd_spell_checker_set_cache_dir (checker, dir);
  g_assert_true (cd_spell_checker_has_dictionary (checker, NULL));
  spans = cd_spell_checker_check_text (checker, NULL, text, -1, 0, G_MAXSIZE);
  g_assert_cmpuint (spans->len, ==, first->len);
  for (guint i = 0; i < spans->len; i++)
    {
      g_assert_cmpuint (g_array_index (spans, CdSpellSpan, i).start, ==, g_array_index (first, CdSpellSpan, i).start);
      g_assert_cmpuint (g_array_index (spans, CdSpellSpan, i).end, ==, g_array_index (first, CdSpellSpan, i).end);
    }
  g_array_unref (spans);
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "brwon", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 0);
  /* Nor enchant's providers, which its broker loads as it starts. */
  g_assert_false (_cd_spell_checker_has_broker (checker));
  /* A word not asked before: the dictionary after all, and it is kept. */
  g_assert_true (cd_spell_checker_check_word (checker, NULL, "harbour", -1) ||
                 cd_spell_checker_check_word (checker, NULL, "harbor", -1));
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "harbr", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 1);
  g_assert_true (_cd_spell_checker_has_broker (checker));
  g_assert_true (cd_spell_checker_save_cache (checker, &error));
  g_assert_no_error (error);
  g_object_unref (checker);
  checker = cd_spell_checker_new ("en", NULL);
  cd_spell_checker_set_cache_dir (checker, dir);
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "harbr", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 0);
  g_object_unref (checker);

  /* The user adds "brwon" to enchant's personal word list: the files
   * the answers came from changed, and the dictionary answers anew. */
  g_file_get_contents (personal, &personal_before, NULL, NULL);
  g_assert_true (g_file_set_contents (personal, "brwon\n", -1, &error));
  g_assert_no_error (error);
  checker = cd_spell_checker_new ("en", NULL);
  cd_spell_checker_set_cache_dir (checker, dir);
  spans = cd_spell_checker_check_text (checker, NULL, text, -1, 0, G_MAXSIZE);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpuint (g_array_index (spans, CdSpellSpan, 0).start, ==, strlen ("The quick brwon fox, e.g. a well-"));
  g_array_unref (spans);
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 1);
  g_object_unref (checker);
  g_assert_true (g_file_set_contents (personal, personal_before != NULL ? personal_before : "", -1, &error));
  g_assert_no_error (error);

  /* A damaged cache is passed over. */
  g_assert_true (g_file_set_contents (file, "copydesk-spelling-verdicts 2\n+brwon\n\xff\n", -1, &error));
  g_assert_no_error (error);
  checker = cd_spell_checker_new ("en", NULL);
  cd_spell_checker_set_cache_dir (checker, dir);
  g_assert_false (cd_spell_checker_check_word (checker, NULL, "brwon", -1));
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 1);
  g_assert_true (cd_spell_checker_save_cache (checker, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "copydesk-spelling-verdicts 2\n"));
  g_assert_nonnull (strstr (contents, "\n-brwon\n"));

  /* A story's language never names a file outside the folder. */
  g_array_unref (cd_spell_checker_check_text (checker, "../evil", text, -1, 0, G_MAXSIZE));
  g_assert_true (cd_spell_checker_save_cache (checker, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (escape, G_FILE_TEST_EXISTS));
  g_object_unref (checker);

  g_array_unref (first);
  g_remove (file);
  g_rmdir (dir);
}

static void
assert_spans (GArray      *spans,
              const char  *text,
              const char **words)
{
  guint n = g_strv_length ((char **) words);

  g_assert_cmpuint (spans->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const CdSpellSpan *span = &g_array_index (spans, CdSpellSpan, i);
      g_autofree char *word = g_strndup (text + span->start, span->end - span->start);

      g_assert_cmpstr (word, ==, words[i]);
    }
}

/* Checks @text whole and asserts its misspelt words are @words. */
static void
assert_checked (CdSpellChecker  *checker,
                const char      *text,
                const char     **words)
{
  g_autoptr(GArray) spans = cd_spell_checker_check_text (checker, NULL, text, -1, 0, G_MAXSIZE);

  assert_spans (spans, text, words);
}

static CdSpellChecker *
new_cached_checker (const char *dir)
{
  CdSpellChecker *checker = cd_spell_checker_new ("en", NULL);

  cd_spell_checker_set_cache_dir (checker, dir);
  return checker;
}

/* The misspelt words of whole texts are kept with the answers: a text
 * checked before is not walked again, with the same result, unless the
 * word lists changed or it was only part of the text; a kept line that
 * is damaged, or whose words would not fall on the text's characters,
 * is passed over. */
static void
test_kept_texts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("copydesk-spell-texts-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "en.verdicts", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) edited = NULL;
  const char *text = "The quick brwon fox met a well-knwon owner — at last.";
  const char *other = "A differnt paragraph.";
  const char *both[] = { "brwon", "knwon", NULL };
  const char *second[] = { "knwon", NULL };
  const char *differnt[] = { "differnt", NULL };
  const char *none[] = { NULL };
  const char *story_words[] = { "brwon", NULL };
  CdSpellChecker *checker;
  GArray *spans;
  guint moved = 0;
  char *line;

  checker = new_cached_checker (dir);
  assert_checked (checker, text, both);
  assert_checked (checker, other, differnt);
  /* Checked again in the same run: from what was kept. */
  assert_checked (checker, text, both);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 2);
  /* Only part of a text is always walked. */
  spans = cd_spell_checker_check_text (checker, NULL, text, -1, 0, strlen ("The quick brwon"));
  assert_spans (spans, text, (const char *[]) { "brwon", NULL });
  g_array_unref (spans);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 3);
  g_assert_true (cd_spell_checker_save_cache (checker, &error));
  g_assert_no_error (error);
  g_object_unref (checker);

  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\n="));

  /* The next run walks neither text, and finds the same words. */
  checker = new_cached_checker (dir);
  assert_checked (checker, text, both);
  assert_checked (checker, other, differnt);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 0);
  /* A text one letter longer is another text. */
  assert_checked (checker, "The quick brwon fox met a well-knwon owner — at last!", both);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 1);
  /* Its words were all known: no dictionary was loaded, and the new
   * text is kept all the same. */
  g_assert_cmpuint (_cd_spell_checker_get_n_dictionaries_loaded (checker), ==, 0);
  g_assert_true (cd_spell_checker_save_cache (checker, &error));
  g_assert_no_error (error);
  g_object_unref (checker);
  checker = new_cached_checker (dir);
  assert_checked (checker, "The quick brwon fox met a well-knwon owner — at last!", both);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_no_error (error);

  /* The story's own dictionary accepts "brwon": the text kept with
   * other lists is walked again, and so is it after "knwon" is
   * ignored. */
  cd_spell_checker_set_story_words (checker, story_words);
  assert_checked (checker, text, second);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 1);
  cd_spell_checker_ignore_word (checker, "knwon");
  assert_checked (checker, text, none);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 2);
  /* Back to no story words: the first answers again, from the cache. */
  cd_spell_checker_start_story (checker, "en", NULL);
  assert_checked (checker, text, both);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 2);
  g_object_unref (checker);

  /* The lines of the texts of 55 bytes with their word moved into the
   * dash, which is three bytes: a word never starts inside a
   * character. The other's with a word past its end. */
  edited = g_string_new (NULL);
  for (line = contents; *line != '\0'; line = strchr (line, '\n') + 1)
    {
      gsize length = strchr (line, '\n') - line;
      g_auto(GStrv) fields = NULL;
      g_autofree char *whole = g_strndup (line, length);

      if (line[0] != '=')
        {
          g_string_append_len (edited, line, length + 1);
          continue;
        }
      fields = g_strsplit (whole, " ", -1);
      if (g_str_equal (fields[1], "55"))
        {
          g_string_append_printf (edited, "%s %s %zu %zu\n", fields[0], fields[1],
                                  strlen ("The quick brwon fox met a well-knwon owner ") + 1,
                                  strlen ("The quick brwon fox met a well-knwon owner —"));
          moved++;
        }
      else
        {
          g_string_append_printf (edited, "%s %s 2 30\n", fields[0], fields[1]);
        }
    }
  g_assert_cmpuint (strlen (text), ==, 55);
  /* The text and the one ending in "!", of the same length. */
  g_assert_cmpuint (moved, ==, 2);
  /* Lines no save writes are passed over. */
  g_string_append (edited, "=\n=0123456789abcdef\n=zz23456789abcdef 5\n=0123456789abcdef 99999999999\n"
                           "=0123456789abcdef 5 1\n=0123456789abcdef 5 1 2 3\n=0123456789abcdef 5 2 1\n"
                           "=0123456789abcdef0 5\n=0123456789abcdef 5 1 2 \n=0123456789abcdef 5 1  2\n");
  g_assert_true (g_file_set_contents (file, edited->str, edited->len, &error));
  g_assert_no_error (error);
  checker = new_cached_checker (dir);
  assert_checked (checker, text, both);
  assert_checked (checker, other, differnt);
  g_assert_cmpuint (_cd_spell_checker_get_n_texts_walked (checker), ==, 2);
  g_object_unref (checker);

  g_remove (file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("copydesk-test-spell-XXXXXX", NULL);
  int status;

  /* Nothing of the user's: enchant's personal word lists live in
   * XDG_CONFIG_HOME, the desk dictionary in XDG_DATA_HOME. */
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/spell/words", test_words);
  g_test_add_func ("/core/spell/english", test_words_in_english);
  g_test_add_func ("/core/spell/prepared-dictionary", test_prepared_dictionary);
  g_test_add_func ("/core/spell/text-spans", test_text_spans);
  g_test_add_func ("/core/spell/repeated-words", test_repeated_words);
  g_test_add_func ("/core/spell/repeated-words-in-story", test_repeated_words_in_story);
  g_test_add_func ("/core/spell/every-field", test_every_field);
  g_test_add_func ("/core/spell/german", test_german);
  g_test_add_func ("/core/spell/arabic", test_arabic);
  g_test_add_func ("/core/spell/embed-language", test_embed_language);
  g_test_add_func ("/core/spell/no-dictionary", test_no_dictionary);
  g_test_add_func ("/core/spell/story-dictionary", test_story_dictionary);
  g_test_add_func ("/core/spell/desk-dictionary", test_desk_dictionary);
  g_test_add_func ("/core/spell/replace-keeps-marks", test_replace_keeps_marks);
  g_test_add_func ("/core/spell/marks-replace-range", test_marks_replace_range);
  g_test_add_func ("/core/spell/preflight", test_preflight_items);
  g_test_add_func ("/core/spell/kept-answers", test_kept_answers);
  g_test_add_func ("/core/spell/kept-texts", test_kept_texts);

  status = g_test_run ();
  g_rmdir (home);
  return status;
}
