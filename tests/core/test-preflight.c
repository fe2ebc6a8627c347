/* test-preflight.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

static const CdPreflightLimits limits = { 20, 30, 40, TRUE };

/* A story that passes every check: a byline, a dateline, a credited
 * photo with alt text, distinct paragraphs with https links. */
static CdArticle *
clean_story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr(CdDateline) dateline = cd_dateline_new ("BERLIN", NULL, "2024-05-14");
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_mark_free);
  g_autoptr(CdBlock) first = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) second = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_article_set_headline (article, "Short headline");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "A short dek");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "short-story");
  g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", NULL));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);

  cd_block_set_id (lead, "lead1");
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "https://example.org/a.jpg");
  cd_block_set_field (lead, CD_BLOCK_FIELD_ALT, "A harbour");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CREDIT, "Jane Roe");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "The harbour at dawn");
  cd_article_set_lead (article, lead);

  cd_block_set_id (first, "p1");
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 3, "https://example.org/other-story"));
  cd_block_set_text_and_marks (first, "The first paragraph.", marks);
  cd_article_append_block (article, first);
  cd_block_set_id (second, "p2");
  cd_block_set_text (second, "The second paragraph, ATKINS said tk.");
  cd_article_append_block (article, second);

  return article;
}

static GPtrArray *
run (CdArticle *article)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 14, 12, 0, 0);

  return cd_preflight_run (article, &limits, now);
}

/* The one item of @check, which must sit at @field / @block_id /
 * @block_field. */
static CdPreflightItem *
expect_one (GPtrArray          *items,
            CdPreflightCheck    check,
            CdPreflightSeverity severity,
            const char         *field,
            const char         *block_id,
            const char         *block_field)
{
  CdPreflightItem *found = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      CdPreflightItem *item = g_ptr_array_index (items, i);

      if (item->check != check)
        continue;
      g_assert_null (found);
      found = item;
    }

  g_assert_nonnull (found);
  g_assert_cmpint (found->severity, ==, severity);
  g_assert_cmpstr (found->field, ==, field);
  g_assert_cmpstr (found->block_id, ==, block_id);
  g_assert_cmpstr (found->block_field, ==, block_field);
  g_assert_nonnull (found->message);
  g_assert_cmpstr (found->message, !=, "");

  return found;
}

static void
test_clean (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(GPtrArray) items = run (article);

  for (guint i = 0; i < items->len; i++)
    g_printerr ("unexpected: %s\n", ((CdPreflightItem *) g_ptr_array_index (items, i))->message);
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_photo (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GPtrArray) items = NULL;

  cd_block_set_id (figure, "f1");
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/a.png");
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "  ");
  cd_article_append_block (article, figure);

  items = run (article);
  g_assert_cmpuint (items->len, ==, 2);
  expect_one (items, CD_PREFLIGHT_PHOTO_NO_ALT, CD_PREFLIGHT_ERROR, "body", "f1", "alt");
  expect_one (items, CD_PREFLIGHT_PHOTO_NO_CREDIT, CD_PREFLIGHT_WARNING, "body", "f1", "credit");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* The lead photo is checked too. */
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "A photo");
  cd_block_set_field (figure, CD_BLOCK_FIELD_CREDIT, "AP");
  cd_block_set_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CREDIT, "");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 1);
  expect_one (items, CD_PREFLIGHT_PHOTO_NO_CREDIT, CD_PREFLIGHT_WARNING, "lead", "lead1", "credit");
}

static void
test_lengths (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(GPtrArray) items = NULL;
  CdPreflightItem *item;

  /* 20 characters (not bytes) is at the limit, 21 over it. */
  cd_article_set_headline (article, "Ümlaut ümlaut ümlaut");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  cd_article_set_headline (article, "Ümlaut ümlaut ümlauts");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "A dek that runs on past thirty characters");
  cd_block_set_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION,
                      "A caption that is longer than forty characters in all");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (((CdPreflightItem *) g_ptr_array_index (items, 0))->field, ==, "headline");
  item = g_ptr_array_index (items, 0);
  g_assert_nonnull (strstr (item->message, "21"));
  g_assert_nonnull (strstr (item->message, "20"));
  g_assert_cmpstr (((CdPreflightItem *) g_ptr_array_index (items, 1))->field, ==, "subheadline");
  item = g_ptr_array_index (items, 2);
  g_assert_cmpstr (item->block_id, ==, "lead1");
  g_assert_cmpstr (item->block_field, ==, "caption");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* No limits, no length items: the numbers are the house style's. */
  items = cd_preflight_run (article, NULL, NULL);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpint (((CdPreflightItem *) g_ptr_array_index (items, i))->check, !=, CD_PREFLIGHT_TOO_LONG);
}

static void
test_byline_dateline (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr(GPtrArray) items = NULL;
  CdPreflightLimits no_dateline = limits;

  g_ptr_array_add (bylines, cd_byline_new (" ", "Staff"));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, NULL);

  items = run (article);
  g_assert_cmpuint (items->len, ==, 2);
  expect_one (items, CD_PREFLIGHT_NO_BYLINE, CD_PREFLIGHT_WARNING, "bylines", NULL, NULL);
  expect_one (items, CD_PREFLIGHT_NO_DATELINE, CD_PREFLIGHT_WARNING, "dateline", NULL, NULL);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A house style without datelines does not ask for one. */
  no_dateline.dateline_required = FALSE;
  items = cd_preflight_run (article, &no_dateline, NULL);
  g_assert_cmpuint (items->len, ==, 1);
  expect_one (items, CD_PREFLIGHT_NO_BYLINE, CD_PREFLIGHT_WARNING, "bylines", NULL, NULL);
}

static void
test_embargo (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(GPtrArray) items = NULL;
  CdPreflightItem *item;

  /* 14:00 in Berlin is 12:00 UTC: the moment "now" is no longer embargoed. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2024-05-14T14:00:00+02:00");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2024-05-14T14:00:01+02:00");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 1);
  item = expect_one (items, CD_PREFLIGHT_EMBARGO, CD_PREFLIGHT_ERROR, "embargo", NULL, NULL);
  g_assert_nonnull (strstr (item->message, "2024-05-14 12:00 UTC"));
}

static void
test_placeholders (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(CdBlock) quote = cd_block_new (CD_BLOCK_QUOTE);
  g_autoptr(GPtrArray) items = NULL;
  const char *words[] = { "TK", "TKTK", "TKTKTK", "(TK)", "TK." };
  const char *not_words[] = { "ATKINS", "TKO", "tk", "TKs", "UTK", "ÄTK" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *headline = g_strdup_printf ("Mayor %s resigns", words[i]);

      cd_article_set_headline (article, headline);
      items = run (article);
      g_assert_cmpuint (items->len, ==, 1);
      expect_one (items, CD_PREFLIGHT_PLACEHOLDER, CD_PREFLIGHT_ERROR, "headline", NULL, NULL);
      g_clear_pointer (&items, g_ptr_array_unref);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_words); i++)
    {
      g_autofree char *headline = g_strdup_printf ("%s", not_words[i]);

      cd_article_set_headline (article, headline);
      items = run (article);
      g_assert_cmpuint (items->len, ==, 0);
      g_clear_pointer (&items, g_ptr_array_unref);
    }

  /* Any field: a caption, a quote's attribution, the dateline. */
  cd_block_set_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION, "TKTK");
  items = run (article);
  expect_one (items, CD_PREFLIGHT_PLACEHOLDER, CD_PREFLIGHT_ERROR, "lead", "lead1", "caption");
  g_clear_pointer (&items, g_ptr_array_unref);
  cd_block_set_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION, "");

  cd_block_set_id (quote, "q1");
  cd_block_set_text (quote, "We will see.");
  cd_block_set_field (quote, CD_BLOCK_FIELD_ATTRIBUTION, "TK, spokesman");
  cd_article_append_block (article, quote);
  items = run (article);
  expect_one (items, CD_PREFLIGHT_PLACEHOLDER, CD_PREFLIGHT_ERROR, "body", "q1", "attribution");
  g_clear_pointer (&items, g_ptr_array_unref);
  cd_block_set_field (quote, CD_BLOCK_FIELD_ATTRIBUTION, "A spokesman");

  {
    g_autoptr(CdDateline) dateline = cd_dateline_new ("TK", NULL, NULL);

    cd_article_set_dateline (article, dateline);
    items = run (article);
    expect_one (items, CD_PREFLIGHT_PLACEHOLDER, CD_PREFLIGHT_ERROR, "dateline", NULL, NULL);
  }
}

static void
test_links (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_mark_free);
  CdBlock *first = cd_article_get_block (article, 0);
  g_autoptr(GPtrArray) items = NULL;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 3, "http://example.org/page"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 4, 9, "https://news.example.org/world/short-story.html#top"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 10, 12, "https://news.example.org/short-story-2"));
  cd_block_set_marks (first, marks);

  items = run (article);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_nonnull (strstr (expect_one (items, CD_PREFLIGHT_INSECURE_LINK, CD_PREFLIGHT_WARNING,
                                        "body", "p1", "text")->message,
                            "http://example.org/page"));
  expect_one (items, CD_PREFLIGHT_SELF_LINK, CD_PREFLIGHT_WARNING, "body", "p1", "text");

  /* The slug written with escapes is the story too. */
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 3, "https://news.example.org/world/short%2Dstor%79/"));
  cd_block_set_marks (first, marks);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = run (article);
  g_assert_cmpuint (items->len, ==, 1);
  expect_one (items, CD_PREFLIGHT_SELF_LINK, CD_PREFLIGHT_WARNING, "body", "p1", "text");
}

static void
test_blocks (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(CdBlock) empty = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) repeat = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) divider = cd_block_new (CD_BLOCK_DIVIDER);
  g_autoptr(GPtrArray) items = NULL;

  cd_block_set_id (empty, "e1");
  cd_block_set_text (empty, " \n ");
  cd_article_append_block (article, empty);
  cd_block_set_id (repeat, "r1");
  /* The same paragraph, only with space around it. */
  cd_block_set_text (repeat, " The first paragraph. ");
  cd_article_append_block (article, repeat);
  cd_article_append_block (article, divider);

  items = run (article);
  g_assert_cmpuint (items->len, ==, 2);
  expect_one (items, CD_PREFLIGHT_EMPTY_BLOCK, CD_PREFLIGHT_WARNING, "body", "e1", "text");
  g_assert_nonnull (strstr (expect_one (items, CD_PREFLIGHT_DUPLICATE_PARAGRAPH, CD_PREFLIGHT_WARNING,
                                        "body", "r1", "text")->message,
                            "p1"));
}

/* Many paragraphs that differ only in one byte, at the start, in the
 * middle or in the last few (lengths 1 to 40), each told apart; the
 * repeats among them, with blanks around or not, found and named. */
static void
test_many_paragraphs (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_repeats = 0;

  for (guint length = 1; length <= 40; length++)
    {
      for (guint place = 0; place < length; place += MAX (1u, length / 3))
        {
          for (char letter = 'b'; letter <= 'd'; letter++)
            {
              g_autofree char *text = g_strnfill (length, 'a');
              g_autofree char *id = g_strdup_printf ("n%u-%u-%c", length, place, letter);
              g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);

              text[place] = letter;
              cd_block_set_id (block, id);
              cd_block_set_text (block, text);
              cd_article_append_block (article, block);

              /* Every third one again, with a blank before it. */
              if ((length + place + letter) % 3 == 0)
                {
                  g_autofree char *again_text = g_strconcat (" ", text, NULL);
                  g_autofree char *again_id = g_strconcat (id, "-again", NULL);
                  g_autoptr(CdBlock) again = cd_block_new (CD_BLOCK_PARAGRAPH);

                  cd_block_set_id (again, again_id);
                  cd_block_set_text (again, again_text);
                  cd_article_append_block (article, again);
                  g_hash_table_insert (repeats, g_steal_pointer (&again_id), g_steal_pointer (&id));
                  n_repeats++;
                }
            }
        }
    }

  items = run (article);
  g_assert_cmpuint (n_repeats, >, 50);
  g_assert_cmpuint (items->len, ==, n_repeats);
  for (guint i = 0; i < items->len; i++)
    {
      CdPreflightItem *item = g_ptr_array_index (items, i);
      const char *first = g_hash_table_lookup (repeats, item->block_id);
      g_autofree char *named = NULL;

      g_assert_cmpint (item->check, ==, CD_PREFLIGHT_DUPLICATE_PARAGRAPH);
      g_assert_nonnull (first);
      named = g_strdup_printf ("paragraph %s", first);
      g_assert_nonnull (strstr (item->message, named));
    }
}

static void
test_embed (void)
{
  g_autoptr(CdArticle) article = clean_story ();
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autoptr(GPtrArray) items = NULL;

  cd_block_set_id (embed, "x1");
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "x");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://x.com/user/status/1");
  cd_block_set_field (embed, CD_BLOCK_FIELD_AUTHOR, "User");
  cd_article_append_block (article, embed);

  items = run (article);
  g_assert_cmpuint (items->len, ==, 1);
  expect_one (items, CD_PREFLIGHT_EMBED_NO_TEXT, CD_PREFLIGHT_ERROR, "body", "x1", "text");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A title alone gives the card something to show (videos have one). */
  cd_block_set_field (embed, CD_BLOCK_FIELD_TITLE, "The video");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_limits_from_stylesheet (void)
{
  CdPreflightLimits read;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "styles", "default.css", NULL);
  g_autofree char *contents = NULL;

  cd_preflight_limits_from_stylesheet (&read,
                                       ":root { --cd-limit-headline-x: 5; --cd-limit-headline : 64;"
                                       " --cd-limit-dek:120; --cd-require-dateline: 0 }");
  g_assert_cmpuint (read.headline, ==, 64);
  g_assert_cmpuint (read.dek, ==, 120);
  g_assert_cmpuint (read.caption, ==, 0);
  g_assert_false (read.dateline_required);

  cd_preflight_limits_from_stylesheet (&read, NULL);
  g_assert_cmpuint (read.headline, ==, 0);

  /* The shipped house style sets every rule. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  cd_preflight_limits_from_stylesheet (&read, contents);
  g_assert_cmpuint (read.headline, >, 0);
  g_assert_cmpuint (read.dek, >, read.headline);
  g_assert_cmpuint (read.caption, >, 0);
  g_assert_true (read.dateline_required);
}

/* The command-line programs print these lines; scripts read them one
 * item per line, so a line break in the story must not start another. */
static void
test_item_format (void)
{
  CdPreflightItem field = {
    .check = CD_PREFLIGHT_PLACEHOLDER,
    .severity = CD_PREFLIGHT_ERROR,
    .message = (char *) "The headline holds a placeholder:\n“TK”",
    .field = (char *) "headline",
  };
  CdPreflightItem block = {
    .check = CD_PREFLIGHT_PHOTO_NO_CREDIT,
    .severity = CD_PREFLIGHT_WARNING,
    .message = (char *) "A photo has no credit.",
    .field = (char *) "body",
    .block_id = (char *) "f1",
    .block_field = (char *) "credit",
  };
  g_autofree char *field_line = cd_preflight_item_format (&field, "copydesk-publish", "story.article");
  g_autofree char *block_line = cd_preflight_item_format (&block, "copydesk-convert", "desk.json");

  g_assert_cmpstr (field_line, ==,
                   "copydesk-publish: story.article: headline: error: "
                   "The headline holds a placeholder: “TK”");
  g_assert_cmpstr (block_line, ==,
                   "copydesk-convert: desk.json: body f1 credit: warning: A photo has no credit.");
}

/* A thousand lines at once are the lines of the items one by one,
 * whatever the string's room as it grows. */
static void
test_item_lines (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < 1000; i++)
    {
      CdPreflightItem *item = g_new0 (CdPreflightItem, 1);
      g_autofree char *line = NULL;

      item->check = CD_PREFLIGHT_MISSPELLING;
      item->severity = i % 3 == 0 ? CD_PREFLIGHT_ERROR : CD_PREFLIGHT_WARNING;
      /* Messages of every length up to a few hundred bytes. */
      item->message = g_strnfill (i % 300 + 1, (char) ('a' + i % 26));
      item->field = g_strdup (i % 2 == 0 ? "body" : "headline");
      item->block_id = i % 2 == 0 ? g_strdup_printf ("p%u", i) : NULL;
      item->block_field = i % 4 == 0 ? g_strdup ("text") : NULL;
      g_ptr_array_add (items, item);

      line = cd_preflight_item_format (item, "copydesk-convert", "long story.json");
      g_string_append (expected, line);
      g_string_append_c (expected, '\n');
    }

  cd_preflight_items_append_lines (lines, items, 0, "copydesk-convert", "long story.json");
  g_assert_cmpuint (lines->len, ==, expected->len);
  g_assert_cmpstr (lines->str, ==, expected->str);
  g_assert_cmpuint (strlen (lines->str), ==, lines->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/preflight/clean", test_clean);
  g_test_add_func ("/core/preflight/photo", test_photo);
  g_test_add_func ("/core/preflight/lengths", test_lengths);
  g_test_add_func ("/core/preflight/byline-dateline", test_byline_dateline);
  g_test_add_func ("/core/preflight/embargo", test_embargo);
  g_test_add_func ("/core/preflight/placeholders", test_placeholders);
  g_test_add_func ("/core/preflight/links", test_links);
  g_test_add_func ("/core/preflight/blocks", test_blocks);
  g_test_add_func ("/core/preflight/many-paragraphs", test_many_paragraphs);
  g_test_add_func ("/core/preflight/embed", test_embed);
  g_test_add_func ("/core/preflight/limits-from-stylesheet", test_limits_from_stylesheet);
  g_test_add_func ("/core/preflight/item-format", test_item_format);
  g_test_add_func ("/core/preflight/item-lines", test_item_lines);

  return g_test_run ();
}
