/* test-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "copydesk-core.h"

static char *
snapshot (CdArticle *article)
{
  g_autoptr (GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static CdBlock *
paragraph (const char *text)
{
  CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_block_set_text (block, text);

  return block;
}

static CdArticle *
story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (CdBlock) first = paragraph ("First paragraph.");
  g_autoptr (CdBlock) second = paragraph ("Second paragraph.");

  cd_article_set_headline (article, "Original headline");
  cd_article_append_block (article, first);
  cd_article_append_block (article, second);

  return article;
}

static void
test_typing_coalesces (void)
{
  g_autoptr (CdArticle) article = story ();
  g_autoptr (CdHistory) history = cd_history_new (article);
  g_autofree char *before = snapshot (article);
  g_autofree char *after = NULL;
  g_autofree char *redone = NULL;
  g_autofree char *undone = NULL;
  CdBlock *block = cd_article_get_block (article, 0);

  g_assert_false (cd_history_can_undo (history));

  /* A run of keystrokes into one block is one step. */
  cd_block_set_text (block, "First paragraph. A");
  cd_block_set_text (block, "First paragraph. An");
  cd_block_set_text (block, "First paragraph. And");
  after = snapshot (article);

  g_assert_true (cd_history_can_undo (history));
  g_assert_true (cd_history_undo (history));
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
  g_assert_false (cd_history_can_undo (history));
  g_assert_true (cd_history_can_redo (history));

  g_assert_true (cd_history_redo (history));
  redone = snapshot (article);
  g_assert_cmpstr (redone, ==, after);
}

static void
test_break_separates_steps (void)
{
  g_autoptr (CdArticle) article = story ();
  g_autoptr (CdHistory) history = cd_history_new (article);

  cd_article_set_headline (article, "One");
  cd_history_break (history);
  cd_article_set_headline (article, "Two");

  cd_history_undo (history);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "One");
  cd_history_undo (history);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Original headline");
}

static void
test_every_change_round_trips (void)
{
  g_autoptr (CdArticle) article = story ();
  g_autoptr (CdHistory) history = cd_history_new (article);
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CdBlock) heading = cd_block_new (CD_BLOCK_HEADING);
  g_autoptr (CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr (CdDateline) dateline = cd_dateline_new ("PORTHAVEN", "", "2024-05-14");
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr (GPtrArray) marks = cd_marks_new ();
  const char *keywords[] = { "ferry", "harbour", NULL };
  guint n_steps;

  g_ptr_array_add (states, snapshot (article));

#define STEP(code) \
  G_STMT_START { code; cd_history_break (history); g_ptr_array_add (states, snapshot (article)); } G_STMT_END

  STEP (cd_article_set_headline (article, "Night ferry to sail"));
  STEP (cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "A dek"));
  STEP (cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, "edit"));
  STEP (cd_article_set_keywords (article, keywords));
  STEP (g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", "Staff reporter"));
        cd_article_set_bylines (article, bylines));
  STEP (cd_article_set_dateline (article, dateline));
  STEP (cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/harbour.png");
        cd_article_set_lead (article, lead));
  STEP (cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "The harbour at dusk"));
  STEP (cd_block_set_text (heading, "What changes");
        cd_article_insert_block (article, 1, heading));
  STEP (g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 5, NULL));
        cd_block_set_marks (cd_article_get_block (article, 0), marks));
  STEP (cd_article_move_block (article, 2, 0));
  STEP (cd_article_remove_block (article, 1));
  STEP (cd_article_set_lead (article, NULL));

#undef STEP

  n_steps = states->len - 1;

  for (guint i = n_steps; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (cd_history_undo (history));
      now = snapshot (article);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (cd_history_undo (history));

  for (guint i = 1; i <= n_steps; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (cd_history_redo (history));
      now = snapshot (article);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
  g_assert_false (cd_history_redo (history));
}

static void
test_group_is_one_step (void)
{
  g_autoptr (CdArticle) article = story ();
  g_autoptr (CdHistory) history = cd_history_new (article);
  g_autofree char *before = snapshot (article);
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  g_autoptr (CdBlock) tail = paragraph ("paragraph.");

  /* A split: the block keeps the first half, a new block gets the rest. */
  cd_history_begin_group (history);
  cd_block_set_text (cd_article_get_block (article, 0), "First ");
  cd_article_insert_block (article, 1, tail);
  cd_history_end_group (history);
  after = snapshot (article);

  cd_history_undo (history);
  now = snapshot (article);
  g_assert_cmpstr (now, ==, before);
  g_assert_false (cd_history_can_undo (history));

  cd_history_redo (history);
  g_clear_pointer (&now, g_free);
  now = snapshot (article);
  g_assert_cmpstr (now, ==, after);
}

static void
test_new_edit_clears_redo (void)
{
  g_autoptr (CdArticle) article = story ();
  g_autoptr (CdHistory) history = cd_history_new (article);

  cd_article_set_headline (article, "Changed");
  cd_history_undo (history);
  g_assert_true (cd_history_can_redo (history));
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "changed");
  g_assert_false (cd_history_can_redo (history));
}

static void
test_modified_time_not_recorded (void)
{
  g_autoptr (CdArticle) article = story ();
  g_autoptr (CdHistory) history = cd_history_new (article);

  /* Saving stamps the modified time; that is not an edit to undo. */
  cd_article_set_headline (article, "Edited");
  cd_history_break (history);
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2030-01-01T00:00:00Z");

  g_assert_true (cd_history_undo (history));
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Original headline");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED), ==, "2030-01-01T00:00:00Z");
  g_assert_false (cd_history_can_undo (history));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/history/typing-coalesces", test_typing_coalesces);
  g_test_add_func ("/core/history/break-separates-steps", test_break_separates_steps);
  g_test_add_func ("/core/history/every-change-round-trips", test_every_change_round_trips);
  g_test_add_func ("/core/history/group-is-one-step", test_group_is_one_step);
  g_test_add_func ("/core/history/new-edit-clears-redo", test_new_edit_clears_redo);
  g_test_add_func ("/core/history/modified-time-not-recorded", test_modified_time_not_recorded);

  return g_test_run ();
}
