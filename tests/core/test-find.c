/* test-find.c: find and replace over a whole story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "copydesk-core.h"

static char *
snapshot (CdArticle *article)
{
  g_autoptr(GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* A story with the word "levee" in every kind of place. */
static CdArticle *
story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) quote = cd_block_new (CD_BLOCK_QUOTE);
  g_autoptr(CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr(CdDateline) dateline = cd_dateline_new ("LEVEE TOWN", "", "2024-05-14");
  CdListItem *item;

  cd_article_set_headline (article, "The levee held");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "Levees and pumps");
  g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", "Levee reporter"));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);

  cd_block_set_id (lead, "lead1");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "The levee at dawn");
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "https://example.org/levee.jpg");
  cd_article_set_lead (article, lead);

  /* "The old levee, the new levee." with the first levee bold and a
   * link over "the new levee". */
  cd_block_set_id (paragraph, "p1");
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 8, 13, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 15, 28, "https://example.org/"));
  cd_block_set_text_and_marks (paragraph, "The old levee, the new levee. Leveed.", marks);
  cd_article_append_block (article, paragraph);

  cd_block_set_id (quote, "q1");
  cd_block_set_text (quote, "No levee lasts");
  cd_block_set_field (quote, CD_BLOCK_FIELD_ATTRIBUTION, "A levee engineer");
  cd_article_append_block (article, quote);

  cd_block_set_id (list, "l1");
  item = cd_list_item_new ("Phase one: pumps");
  g_ptr_array_add (items, item);
  item = cd_list_item_new ("Phase two: levee");
  g_ptr_array_add (item->marks, cd_mark_new (CD_MARK_EM, 11, 16, NULL));
  g_ptr_array_add (items, item);
  cd_block_set_items (list, items);
  cd_article_append_block (article, list);

  cd_block_set_id (figure, "f1");
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "https://example.org/levee.jpg");
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "A levee");
  cd_article_append_block (article, figure);

  return article;
}

static void
assert_match (GPtrArray  *matches,
              guint       i,
              const char *field,
              const char *block_id,
              const char *member,
              guint       index,
              guint       start,
              guint       end)
{
  CdFindMatch *match;

  g_assert_cmpuint (i, <, matches->len);
  match = g_ptr_array_index (matches, i);
  g_assert_cmpstr (match->field, ==, field);
  g_assert_cmpstr (match->block_id, ==, block_id);
  g_assert_cmpstr (match->member, ==, member);
  g_assert_cmpuint (match->index, ==, index);
  g_assert_cmpuint (match->start, ==, start);
  g_assert_cmpuint (match->end, ==, end);
}

static void
test_every_place (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(GPtrArray) matches = cd_find_all (article, "levee", CD_FIND_NONE);

  /* Story order, ignoring case, words inside longer words included. */
  assert_match (matches, 0, "headline", NULL, NULL, 0, 4, 9);
  assert_match (matches, 1, "subheadline", NULL, NULL, 0, 0, 5);
  assert_match (matches, 2, "bylines", NULL, "title", 0, 0, 5);
  assert_match (matches, 3, "dateline", NULL, "place", 0, 0, 5);
  assert_match (matches, 4, "lead", "lead1", "caption", 0, 4, 9);
  assert_match (matches, 5, "body", "p1", "text", 0, 8, 13);
  assert_match (matches, 6, "body", "p1", "text", 0, 23, 28);
  assert_match (matches, 7, "body", "p1", "text", 0, 30, 35);
  assert_match (matches, 8, "body", "q1", "text", 0, 3, 8);
  assert_match (matches, 9, "body", "q1", "attribution", 0, 2, 7);
  assert_match (matches, 10, "body", "l1", "items", 1, 11, 16);
  assert_match (matches, 11, "body", "f1", "alt", 0, 2, 7);
  g_assert_cmpuint (matches->len, ==, 12);

  /* Sources and addresses are not searched. */
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = cd_find_all (article, "example.org", CD_FIND_NONE);
  g_assert_cmpuint (matches->len, ==, 0);

  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = cd_find_all (article, "", CD_FIND_NONE);
  g_assert_cmpuint (matches->len, ==, 0);
}

static void
test_flags (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(GPtrArray) matches = NULL;

  matches = cd_find_all (article, "Levee", CD_FIND_MATCH_CASE);
  g_assert_cmpuint (matches->len, ==, 3);
  assert_match (matches, 0, "subheadline", NULL, NULL, 0, 0, 5);
  assert_match (matches, 1, "bylines", NULL, "title", 0, 0, 5);
  assert_match (matches, 2, "body", "p1", "text", 0, 30, 35);

  /* "Levees", "Leveed" and "LEVEE TOWN"'s neighbour are not the word. */
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = cd_find_all (article, "levee", CD_FIND_WHOLE_WORD);
  g_assert_cmpuint (matches->len, ==, 10);
  for (guint i = 0; i < matches->len; i++)
    {
      CdFindMatch *match = g_ptr_array_index (matches, i);

      g_assert_false (g_strcmp0 (match->field, "subheadline") == 0);
      g_assert_false (match->start == 30);
    }

  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = cd_find_all (article, "LEVEE", CD_FIND_MATCH_CASE | CD_FIND_WHOLE_WORD);
  g_assert_cmpuint (matches->len, ==, 1);
  assert_match (matches, 0, "dateline", NULL, "place", 0, 0, 5);

  /* Case folding beyond ASCII, offsets in characters. */
  cd_article_set_headline (article, "Ärger über ÄRGER");
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = cd_find_all (article, "ärger", CD_FIND_NONE);
  assert_match (matches, 0, "headline", NULL, NULL, 0, 0, 5);
  assert_match (matches, 1, "headline", NULL, NULL, 0, 11, 16);
}

static void
test_replace_one (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(GPtrArray) matches = cd_find_all (article, "levee", CD_FIND_WHOLE_WORD);
  CdBlock *paragraph = cd_article_find_block (article, "p1", NULL);
  GPtrArray *marks;
  CdMark *mark;

  /* The bold "levee" becomes a bold "flood wall". */
  g_assert_true (cd_find_replace (article, g_ptr_array_index (matches, 4), "flood wall"));
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "The old flood wall, the new levee. Leveed.");
  marks = cd_block_get_marks (paragraph);
  g_assert_cmpuint (marks->len, ==, 2);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  g_assert_cmpuint (mark->start, ==, 8);
  g_assert_cmpuint (mark->end, ==, 18);
  mark = g_ptr_array_index (marks, 1);
  g_assert_cmpuint (mark->start, ==, 20);
  g_assert_cmpuint (mark->end, ==, 33);

  /* The place of a stale match is checked, not trusted. */
  {
    CdFindMatch stale = { (char *) "body", (char *) "gone", (char *) "text", 0, 0, 1 };
    CdFindMatch beyond = { (char *) "headline", NULL, NULL, 0, 10, 400 };

    g_assert_false (cd_find_replace (article, &stale, "x"));
    g_assert_false (cd_find_replace (article, &beyond, "x"));
  }
}

static void
test_replace_all_one_step (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autofree char *before = snapshot (article);
  g_autofree char *after = NULL;
  g_autofree char *redone = NULL;
  g_autofree char *undone = NULL;
  g_autoptr(GPtrArray) left = NULL;
  CdListItem *item;
  CdMark *mark;

  cd_article_set_headline (article, "The levee held firm");
  cd_history_break (history);
  g_free (before);
  before = snapshot (article);

  g_assert_cmpuint (cd_find_replace_all (article, history, "levee", "dike", CD_FIND_WHOLE_WORD), ==, 10);
  after = snapshot (article);
  left = cd_find_all (article, "levee", CD_FIND_WHOLE_WORD);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "The dike held firm");
  g_assert_cmpstr (cd_block_get_text (cd_article_find_block (article, "p1", NULL)), ==,
                   "The old dike, the new dike. Leveed.");
  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "dike TOWN");
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION), ==,
                   "The dike at dawn");
  item = g_ptr_array_index (cd_block_get_items (cd_article_find_block (article, "l1", NULL)), 1);
  g_assert_cmpstr (item->text, ==, "Phase two: dike");
  mark = g_ptr_array_index (item->marks, 0);
  g_assert_cmpuint (mark->start, ==, 11);
  g_assert_cmpuint (mark->end, ==, 15);
  /* The link over "the new levee" now ends after "dike". */
  mark = g_ptr_array_index (cd_block_get_marks (cd_article_find_block (article, "p1", NULL)), 1);
  g_assert_cmpuint (mark->start, ==, 14);
  g_assert_cmpuint (mark->end, ==, 26);

  /* One undo puts back every one of them, the typing before stays. */
  g_assert_true (cd_history_undo (history));
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "The levee held firm");

  g_assert_true (cd_history_redo (history));
  redone = snapshot (article);
  g_assert_cmpstr (redone, ==, after);

  g_assert_cmpuint (cd_find_replace_all (article, history, "nothing like it", "x", CD_FIND_NONE), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/find/every-place", test_every_place);
  g_test_add_func ("/core/find/flags", test_flags);
  g_test_add_func ("/core/find/replace-one", test_replace_one);
  g_test_add_func ("/core/find/replace-all-one-step", test_replace_all_one_step);

  return g_test_run ();
}
