/* test-lead.c: making a figure the lead photo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

static char *
snapshot (CdArticle *article)
{
  g_autoptr(GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static CdBlock *
figure (const char *id,
        const char *caption)
{
  CdBlock *block = cd_block_new (CD_BLOCK_FIGURE);

  cd_block_set_id (block, id);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "https://example.org/photo.jpg");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption);

  return block;
}

static CdArticle *
story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) first = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) photo = figure ("f1", "The levee at dawn");
  g_autoptr(CdBlock) last = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_block_set_id (first, "p1");
  cd_block_set_text (first, "First.");
  cd_block_set_id (last, "p2");
  cd_block_set_text (last, "Last.");
  cd_article_append_block (article, first);
  cd_article_append_block (article, photo);
  cd_article_append_block (article, last);

  return article;
}

static void
test_use_figure (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autofree char *before = snapshot (article);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_lead_use_figure (article, history, "f1", &error));
  g_assert_no_error (error);
  g_assert_nonnull (cd_article_get_lead (article));
  g_assert_cmpstr (cd_block_get_id (cd_article_get_lead (article)), ==, "f1");
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_CAPTION), ==,
                   "The levee at dawn");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 1)), ==, "p2");
  after = snapshot (article);

  /* One step, both ways. */
  g_assert_true (cd_history_undo (history));
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
  g_assert_null (cd_article_get_lead (article));
  g_assert_false (cd_history_can_undo (history));
  g_assert_true (cd_history_redo (history));
  redone = snapshot (article);
  g_assert_cmpstr (redone, ==, after);
}

static void
test_swap_with_old_lead (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdBlock) old = figure ("old", "The old lead");
  g_autoptr(CdHistory) history = NULL;
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;

  cd_article_set_lead (article, old);
  history = cd_history_new (article);
  before = snapshot (article);

  g_assert_true (cd_lead_use_figure (article, history, "f1", NULL));
  g_assert_cmpstr (cd_block_get_id (cd_article_get_lead (article)), ==, "f1");
  /* The old lead is not lost: it takes the figure's place. */
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 3);
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 1)), ==, "old");
  g_assert_cmpstr (cd_block_get_field (cd_article_get_block (article, 1), CD_BLOCK_FIELD_CAPTION), ==,
                   "The old lead");

  g_assert_true (cd_history_undo (history));
  undone = snapshot (article);
  g_assert_cmpstr (undone, ==, before);
}

static void
test_refused (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autofree char *before = snapshot (article);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (cd_lead_use_figure (article, history, "p1", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "p1"));
  g_clear_error (&error);

  g_assert_false (cd_lead_use_figure (article, history, "nowhere", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nowhere"));

  after = snapshot (article);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (cd_history_can_undo (history));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/lead/use-figure", test_use_figure);
  g_test_add_func ("/core/lead/swap-with-old-lead", test_swap_with_old_lead);
  g_test_add_func ("/core/lead/refused", test_refused);

  return g_test_run ();
}
