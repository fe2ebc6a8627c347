/* test-story-snapshot.c: the copies of a story the journal writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot taken while the reporter types shares the copies of the
 * blocks not changed since the snapshot before. Whatever was changed,
 * and however, a snapshot must still turn back into the story as it was
 * when it was taken: that is what a crash leaves the reporter.
 */

#define G_LOG_DOMAIN "test-story-snapshot"

#include "config.h"

#include "cd-story-snapshot.h"
#include "cd-test-story.h"

static char *
story_json (CdArticle *article)
{
  g_autoptr(GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
snapshot_json (CdStorySnapshot *snapshot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = cd_story_snapshot_build (snapshot, "snapshot", &error);

  g_assert_no_error (error);

  return story_json (article);
}

static CdBlock *
block_of_type (CdArticle   *article,
               CdBlockType  type)
{
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == type)
        return block;
    }

  g_assert_not_reached ();
}

/* Each kind of change, one after another, each followed by a snapshot. */
static void
change (CdArticle *article,
        guint      step)
{
  CdBlock *paragraph = block_of_type (article, CD_BLOCK_PARAGRAPH);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr(CdBlock) added = NULL;
  g_autofree char *text = NULL;

  switch (step)
    {
    case 0:
      text = g_strconcat (cd_block_get_text (paragraph), " More.", NULL);
      cd_block_set_text (paragraph, text);
      break;
    case 1:
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 0, 3, NULL));
      cd_block_set_marks (paragraph, marks);
      break;
    case 2:
      cd_block_set_field (block_of_type (article, CD_BLOCK_FIGURE), CD_BLOCK_FIELD_CAPTION,
                          "The ferry at the Old Quay, before the storm");
      break;
    case 3:
      g_ptr_array_add (items, cd_list_item_new ("Fares rise in May"));
      g_ptr_array_add (items, cd_list_item_new ("Night sailings end"));
      added = cd_block_new (CD_BLOCK_LIST);
      cd_block_set_items (added, items);
      cd_article_insert_block (article, 1, added);
      break;
    case 4:
      cd_block_set_ordered (block_of_type (article, CD_BLOCK_LIST), TRUE);
      break;
    case 5:
      cd_article_move_block (article, 0, cd_article_get_n_blocks (article) - 1);
      break;
    case 6:
      cd_article_remove_block (article, 2);
      break;
    case 7:
      added = cd_block_new (CD_BLOCK_PARAGRAPH);
      cd_block_set_text (added, "A paragraph typed in last.");
      cd_article_append_block (article, added);
      break;
    case 8:
      cd_article_set_field (article, CD_ARTICLE_FIELD_HEADLINE, "Harbour board delays the vote");
      break;
    default:
      g_assert_not_reached ();
    }
}

#define N_STEPS 9

/* Every snapshot turns back into the story as it was when taken, also
 * after the story changed again: the copies it shares are its own. */
static void
test_snapshots_keep_the_story (void)
{
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  g_autoptr(CdStoryCopies) copies = cd_story_copies_new ();
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_story_snapshot_free);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (snapshots, cd_story_snapshot_new_reusing (article, copies));
  g_ptr_array_add (expected, story_json (article));

  for (guint step = 0; step < N_STEPS; step++)
    {
      g_autofree char *now = NULL;

      change (article, step);
      g_ptr_array_add (snapshots, cd_story_snapshot_new_reusing (article, copies));
      g_ptr_array_add (expected, story_json (article));

      now = snapshot_json (g_ptr_array_index (snapshots, snapshots->len - 1));
      g_assert_cmpstr (now, ==, g_ptr_array_index (expected, expected->len - 1));
    }

  for (guint i = 0; i < snapshots->len; i++)
    {
      g_autofree char *then = snapshot_json (g_ptr_array_index (snapshots, i));

      g_assert_cmpstr (then, ==, g_ptr_array_index (expected, i));
    }

  /* The story as a whole copy has it, for the save and the export. */
  {
    g_autoptr(CdStorySnapshot) whole = cd_story_snapshot_new (article);
    g_autofree char *json = snapshot_json (whole);

    g_assert_cmpstr (json, ==, g_ptr_array_index (expected, expected->len - 1));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/story-snapshot/snapshots-keep-the-story", test_snapshots_keep_the_story);

  return g_test_run ();
}
