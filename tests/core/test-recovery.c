/* test-recovery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

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

static void
write_journal (const char *id,
               const char *headline)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (GError) error = NULL;

  cd_article_set_headline (article, headline);
  g_assert_true (cd_recovery_write (id, article, NULL, &error));
  g_assert_no_error (error);
}

/* Dates a journal as written at @stamp, as a write at that time would. */
static void
set_written (const char *id,
             const char *stamp)
{
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *name = g_strconcat (id, ".info", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GKeyFile) info = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_key_file_load_from_file (info, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_key_file_set_string (info, "Journal", "Written", stamp);
  g_key_file_save_to_file (info, path, &error);
  g_assert_no_error (error);
}

static void
set_journal_mtime (const char *id,
                   const char *stamp)
{
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *name = g_strconcat (id, ".article", NULL);
  g_autoptr (GFile) file = g_file_new_build_filename (dir, name, NULL);
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (stamp, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (time);
  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                               (guint64) g_date_time_to_unix (time),
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
assert_entries (GPtrArray          *entries,
                const char * const *headlines)
{
  g_autoptr (GString) got = g_string_new (NULL);
  g_autofree char *expected = g_strjoinv (" | ", (char **) headlines);

  for (guint i = 0; i < entries->len; i++)
    {
      const CdRecoveryEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (got, "%s%s", i > 0 ? " | " : "", entry->headline);
    }

  g_assert_cmpstr (got->str, ==, expected);
}

static void
discard_all (void)
{
  g_autoptr (GPtrArray) entries = cd_recovery_list ();

  for (guint i = 0; i < entries->len; i++)
    cd_recovery_discard (((CdRecoveryEntry *) g_ptr_array_index (entries, i))->id);
}

/* The newest journal comes first, whatever order the folder lists them
 * in and whatever order they were written in. */
static void
test_newest_first (void)
{
  static const char * const ids[] = {
    "00000000-0000-4000-8000-000000000001",
    "ffffffff-ffff-4fff-bfff-ffffffffffff",
    "80000000-0000-4000-8000-000000000000",
    "40000000-0000-4000-8000-000000000000",
  };
  static const char * const newest_first[] = {
    "Written in June", "Written in May", "Written on 1 May, later", "Written on 1 May", NULL
  };
  g_autoptr (GPtrArray) entries = NULL;
  const CdRecoveryEntry *entry;

  write_journal (ids[0], "Written on 1 May");
  write_journal (ids[1], "Written in June");
  write_journal (ids[2], "Written in May");
  write_journal (ids[3], "Written on 1 May, later");
  set_written (ids[0], "2024-05-01T08:00:00Z");
  set_written (ids[1], "2024-06-01T08:00:00Z");
  set_written (ids[2], "2024-05-20T08:00:00+02:00");
  /* The same day, a second later in another zone. */
  set_written (ids[3], "2024-05-01T10:00:01+02:00");

  entries = cd_recovery_list ();
  assert_entries (entries, newest_first);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->id, ==, ids[1]);

  discard_all ();
}

/* A journal whose info file is gone still holds the story: it is listed
 * with the story's headline, dated by the journal file, and loads. */
static void
test_lost_info (void)
{
  static const char * const newest_first[] = {
    "Info kept, June", "Info lost, May", "Info kept, April", NULL
  };
  const char *lost_id = "5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a";
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *info = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (CdArticle) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) expected = g_date_time_new_from_iso8601 ("2024-05-15T12:00:00Z", NULL);
  CdRecoveryEntry *entry;

  write_journal ("11111111-1111-4111-8111-111111111111", "Info kept, April");
  set_written ("11111111-1111-4111-8111-111111111111", "2024-04-01T08:00:00Z");
  write_journal ("22222222-2222-4222-8222-222222222222", "Info kept, June");
  set_written ("22222222-2222-4222-8222-222222222222", "2024-06-01T08:00:00Z");
  write_journal (lost_id, "Info lost, May");
  set_journal_mtime (lost_id, "2024-05-15T12:00:00Z");

  info = g_build_filename (dir, "5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a.info", NULL);
  g_assert_cmpint (g_unlink (info), ==, 0);

  entries = cd_recovery_list ();
  assert_entries (entries, newest_first);

  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->id, ==, lost_id);
  g_assert_null (entry->original);
  g_assert_true (g_date_time_equal (entry->written, expected));

  loaded = cd_recovery_load (entry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (loaded), ==, "Info lost, May");

  discard_all ();
}

/* The date reads as a person writes it: no padding before a day under
 * 10, neither spaces nor the figure space "%e" puts there. */
static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle,
               gsize       needle_length)
{
  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The journal is rewritten after every change while the reporter types:
 * its story is stored, not deflated, so writing it costs the processor
 * next to nothing, and it reads back whole. */
static void
test_journal_stored (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (CdArticle) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autofree char *id = cd_recovery_new_id ();
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *name = g_strconcat (id, ".article", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  gsize length;

  cd_article_set_headline (article, "Stored, not deflated");
  cd_block_set_text (block, "A paragraph said again and again. A paragraph said again and again. "
                            "A paragraph said again and again. A paragraph said again and again.");
  cd_article_append_block (article, block);

  g_assert_true (cd_recovery_write_quick (id, article, NULL, &error));
  g_assert_no_error (error);

  json = cd_json_write (article);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (bytes_contain (contents, length, g_bytes_get_data (json, NULL), g_bytes_get_size (json)));

  entries = cd_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  loaded = cd_recovery_load (g_ptr_array_index (entries, 0), &error);
  g_assert_no_error (error);
  expected = snapshot (article);
  got = snapshot (loaded);
  g_assert_cmpstr (got, ==, expected);

  cd_recovery_discard (id);
}

static void
test_format_written (void)
{
  CdRecoveryEntry entry = { 0, };
  g_autofree char *written = NULL;
  g_autofree char *late = NULL;

  entry.written = g_date_time_new_utc (2026, 12, 2, 14, 5, 0);
  written = cd_recovery_entry_format_written (&entry);
  g_assert_cmpstr (written, ==, "2 December 2026, 14:05");
  g_date_time_unref (entry.written);

  entry.written = g_date_time_new_utc (2026, 12, 24, 9, 30, 0);
  late = cd_recovery_entry_format_written (&entry);
  g_assert_cmpstr (late, ==, "24 December 2026, 09:30");
  g_date_time_unref (entry.written);
}

/* A journal knows its story's file by path or by URI, never by a look-alike. */
static void
test_is_for_file (void)
{
  CdRecoveryEntry entry = { 0, };
  g_autoptr(GFile) story = g_file_new_for_path ("/home/jane/story.article");
  g_autoptr(GFile) other = g_file_new_for_path ("/home/jane/story.article.bak");

  g_assert_false (cd_recovery_entry_is_for_file (&entry, story));

  entry.original = (char *) "/home/jane/story.article";
  g_assert_true (cd_recovery_entry_is_for_file (&entry, story));
  g_assert_false (cd_recovery_entry_is_for_file (&entry, other));

  entry.original = (char *) "file:///home/jane/story.article";
  g_assert_true (cd_recovery_entry_is_for_file (&entry, story));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = g_dir_make_tmp ("copydesk-recovery-XXXXXX", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *parent = NULL;
  int ret;

  /* Before GLib caches the user folders; dates read in one known zone. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/recovery/write-list-load-discard", test_write_list_load_discard);
  g_test_add_func ("/core/recovery/ignores-foreign-files", test_ignores_foreign_files);
  g_test_add_func ("/core/recovery/newest-first", test_newest_first);
  g_test_add_func ("/core/recovery/lost-info", test_lost_info);
  g_test_add_func ("/core/recovery/journal-stored", test_journal_stored);
  g_test_add_func ("/core/recovery/format-written", test_format_written);
  g_test_add_func ("/core/recovery/is-for-file", test_is_for_file);

  ret = g_test_run ();

  dir = cd_recovery_get_dir ();
  parent = g_path_get_dirname (dir);
  g_rmdir (dir);
  g_rmdir (parent);
  g_rmdir (state);

  return ret;
}
