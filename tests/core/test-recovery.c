/* test-recovery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "copydesk-core.h"

static char *
snapshot (CdArticle *article)
{
  g_autoptr (GBytes) bytes = cd_json_write (article);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_write_list_load_discard (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (CdArticle) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = cd_recovery_new_id ();
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  CdRecoveryEntry *entry;

  cd_article_set_headline (article, "Unsaved headline");
  cd_block_set_text (block, "Words the reporter must not lose.");
  cd_article_append_block (article, block);

  g_assert_true (cd_recovery_write (id, article, "/home/jane/story.article", &error));
  g_assert_no_error (error);

  /* A second write replaces the first journal of the same story. */
  cd_block_set_text (block, "Words the reporter must not lose, edited.");
  g_assert_true (cd_recovery_write (id, article, "/home/jane/story.article", &error));
  g_assert_no_error (error);

  entries = cd_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->id, ==, id);
  g_assert_cmpstr (entry->headline, ==, "Unsaved headline");
  g_assert_cmpstr (entry->original, ==, "/home/jane/story.article");

  loaded = cd_recovery_load (entry, &error);
  g_assert_no_error (error);
  expected = snapshot (article);
  got = snapshot (loaded);
  g_assert_cmpstr (got, ==, expected);

  cd_recovery_discard (id);
  after = cd_recovery_list ();
  g_assert_cmpuint (after->len, ==, 0);
}

static void
test_ignores_foreign_files (void)
{
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *junk = g_build_filename (dir, "not-a-uuid.article", NULL);
  g_autoptr (GPtrArray) entries = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (junk, "junk", -1, NULL));

  entries = cd_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 0);

  g_unlink (junk);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = g_dir_make_tmp ("copydesk-recovery-XXXXXX", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *parent = NULL;
  int ret;

  /* Before GLib caches the user folders. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/recovery/write-list-load-discard", test_write_list_load_discard);
  g_test_add_func ("/core/recovery/ignores-foreign-files", test_ignores_foreign_files);

  ret = g_test_run ();

  dir = cd_recovery_get_dir ();
  parent = g_path_get_dirname (dir);
  g_rmdir (dir);
  g_rmdir (parent);
  g_rmdir (state);

  return ret;
}
