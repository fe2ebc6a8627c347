/* test-crash-save.c: saving survives SIGKILL, read-only folders and full disks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process saves a growing story to one path in a loop and is
 * killed with SIGKILL at random moments, hundreds of times; after every
 * kill the file must open and hold either the last version the child
 * reported as saved or the one it was writing. The recovery journal gets
 * the same treatment. Failed saves (read-only folder, full disk) must say
 * so clearly and leave the old file byte for byte.
 */

/* unshare() and CLONE_NEWNS */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "copydesk-core.h"
#include "cd-test-image.h"
#include "cd-test-utils.h"

#define N_DOCUMENT_KILLS 200
#define N_JOURNAL_KILLS  150
#define STORY_ID         "0b9f4c2e-5d1a-4e8b-9a3c-7f60d2e1b4a8"
#define ORIGINAL_PATH    "/home/jane/stories/harbour.article"
#define MEDIA_PATH       "media/harbour.png"
#define NOBODY           65534

/* Helpers */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = cd_test_make_temp_dir ("copydesk-crash-save-XXXXXX");
  return dir;
}

/* Media whose size and bytes both depend on @version, so a file holding
 * the JSON of one version and the media of another cannot pass. */
static GBytes *
make_media (guint version)
{
  gsize length = 512 + (version * 97) % 6000;
  guint8 *data = g_malloc (length);
  guint32 state = version * 2654435761u + 1;

  cd_test_png_header (data, 640, 480);
  for (gsize i = CD_TEST_PNG_HEADER_SIZE; i < length; i++)
    {
      state = state * 1103515245u + 12345u;
      data[i] = (guint8) (state >> 24);
    }

  return g_bytes_new_take (data, length);
}

/* Version @version of the story: it grows by a paragraph every other
 * version and carries its number in the headline. Everything else is fixed, so two
 * stories of the same version write the same JSON. */
static CdArticle *
make_story (guint version)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) media = make_media (version);
  g_autofree char *headline = g_strdup_printf ("Version %u", version);

  cd_article_set_field (article, CD_ARTICLE_FIELD_ID, STORY_ID);
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "2024-05-14T08:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2024-05-14T08:00:00Z");
  cd_article_set_headline (article, headline);

  cd_block_set_id (lead, "lead");
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, MEDIA_PATH);
  cd_block_set_field (lead, CD_BLOCK_FIELD_ALT, "The harbour");
  cd_article_set_lead (article, lead);
  cd_article_set_media (article, MEDIA_PATH, media);

  for (guint i = 1; i <= version / 2 + 1; i++)
    {
      g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *text = g_strdup_printf ("Paragraph %u of version %u: the ferry left the "
                                               "harbour at dawn and the reporter kept typing.",
                                               i, version);

      cd_block_set_id (block, id);
      cd_block_set_text (block, text);
      cd_article_append_block (article, block);
    }

  return article;
}

static guint
story_version (CdArticle *article)
{
  const char *headline = cd_article_get_headline (article);
  guint64 version = 0;

  g_assert_true (g_str_has_prefix (headline, "Version "));
  g_assert_true (g_ascii_string_to_unsigned (headline + strlen ("Version "), 10, 1, G_MAXUINT,
                                             &version, NULL));
  return (guint) version;
}

/* Checks that @article is exactly version @version, media included. */
static void
assert_is_version (CdArticle *article,
                   guint      version)
{
  g_autoptr(CdArticle) expected = make_story (version);
  g_autoptr(GBytes) json = cd_json_write (article);
  g_autoptr(GBytes) expected_json = cd_json_write (expected);
  g_autoptr(GBytes) expected_media = make_media (version);
  GBytes *media = cd_article_get_media (article, MEDIA_PATH);

  g_assert_true (g_bytes_equal (json, expected_json));
  g_assert_nonnull (media);
  g_assert_true (g_bytes_equal (media, expected_media));
}

static CdArticle *
load_path (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cd_document_load (file, error);
}

static gboolean
save_path (CdArticle   *article,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cd_document_save (article, file, error);
}

/* A clear error: the I/O code, the file's name and the system's reason. */
static void
assert_clear_error (const GError *error,
                    const char   *path,
                    int           errsv)
{
  g_autofree char *display = g_filename_display_name (path);

  g_assert_error (error, CD_ERROR, CD_ERROR_IO);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, display) == NULL || strstr (error->message, g_strerror (errsv)) == NULL)
    g_error ("expected an error naming “%s” and saying “%s”, got: %s",
             display, g_strerror (errsv), error->message);
}

/* Kill loops */

typedef gboolean (*SaveFunc) (guint        version,
                              const char  *target,
                              GError     **error);

static gboolean
save_document (guint        version,
               const char  *target,
               GError     **error)
{
  g_autoptr(CdArticle) story = make_story (version);

  return save_path (story, target, error);
}

static gboolean
save_journal (guint        version,
              const char  *target,
              GError     **error)
{
  g_autoptr(CdArticle) story = make_story (version);

  return cd_recovery_write (target, story, ORIGINAL_PATH, error);
}

/* The child: saves version after version, reporting each one once it is
 * saved. It never returns; the parent kills it. */
static void G_GNUC_NORETURN
run_saver (SaveFunc    save,
           const char *target,
           guint       first_version,
           int         report_fd)
{
  guint ready = 0;

  /* Zero says "about to save": the parent's random delay starts here,
   * not at fork, so that the kill lands among the saves. */
  if (write (report_fd, &ready, sizeof ready) != sizeof ready)
    _exit (3);

  for (guint version = first_version;; version++)
    {
      g_autoptr(GError) error = NULL;

      if (!save (version, target, &error))
        {
          g_printerr ("# the saving child failed: %s\n", error->message);
          _exit (2);
        }

      if (write (report_fd, &version, sizeof version) != sizeof version)
        _exit (3);
    }
}

typedef struct
{
  guint last_reported;  /* 0 when the child was killed before any save */
  guint n_reports;
} KillResult;

/* Forks a saver starting at @first_version, kills it after a random delay
 * of up to @max_delay_us once it is about to save, and collects what it
 * reported. */
static KillResult
kill_saver_at_random (SaveFunc    save,
                      const char *target,
                      guint       first_version,
                      gulong      max_delay_us)
{
  KillResult result = { 0, 0 };
  int fds[2];
  pid_t pid;
  int status;
  guint value;

  g_assert_cmpint (pipe (fds), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      run_saver (save, target, first_version, fds[1]);
    }

  close (fds[1]);
  g_assert_cmpint (read (fds[0], &value, sizeof value), ==, sizeof value);
  g_assert_cmpuint (value, ==, 0);

  /* The delay is the test's random moment of the crash, not a wait for
   * anything to happen. */
  g_usleep (g_random_int_range (0, (gint32) max_delay_us + 1));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("the saving child ended on its own (status %d) before it was killed", status);

  while (read (fds[0], &value, sizeof value) == sizeof value)
    {
      g_assert_cmpuint (value, ==, first_version + result.n_reports);
      result.last_reported = value;
      result.n_reports++;
    }
  close (fds[0]);

  return result;
}

/* How long one save of a version takes here, to aim the kills inside
 * saves rather than only between them. */
static gulong
time_one_save (SaveFunc    save,
               const char *target,
               guint       version)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (save (version, target, &error));
  g_assert_no_error (error);

  return (gulong) MAX (g_get_monotonic_time () - start, 100);
}

/* Temporary files a killed save leaves are hidden and never mistaken for
 * the story; anything else in the folder is. */
static void
assert_only_story_and_temporaries (const char *dir,
                                   const char *story_name,
                                   const char *info_name)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *temp_prefix = g_strconcat (".", story_name, "-", NULL);
  g_autofree char *info_prefix = info_name != NULL ? g_strconcat (".", info_name, "-", NULL) : NULL;
  const char *name;
  guint n_temporaries = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_equal (name, story_name) || g_strcmp0 (name, info_name) == 0)
        continue;
      if (g_str_has_prefix (name, temp_prefix) ||
          (info_prefix != NULL && g_str_has_prefix (name, info_prefix)))
        {
          n_temporaries++;
          continue;
        }
      g_error ("unexpected file “%s” beside the story", name);
    }

  g_test_message ("%u temporary files left by killed saves", n_temporaries);
}

static void
test_kill_while_saving_document (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "story.article", NULL);
  guint version = 1;
  gulong max_delay;
  guint n_old = 0;
  guint n_new = 0;

  g_assert_true (save_document (version, path, NULL));
  max_delay = 3 * time_one_save (save_document, path, version);

  for (guint i = 0; i < N_DOCUMENT_KILLS; i++)
    {
      g_autoptr(CdArticle) loaded = NULL;
      g_autoptr(GError) error = NULL;
      KillResult result;
      guint before = version;
      guint found;

      result = kill_saver_at_random (save_document, path, before + 1, max_delay);
      if (result.n_reports == 0)
        result.last_reported = before;

      loaded = load_path (path, &error);
      if (loaded == NULL)
        g_error ("after kill %u the story does not open: %s", i + 1, error->message);

      found = story_version (loaded);
      if (found != result.last_reported && found != result.last_reported + 1)
        g_error ("after kill %u the file holds version %u; the child had saved %u",
                 i + 1, found, result.last_reported);
      assert_is_version (loaded, found);

      if (found == result.last_reported)
        n_old++;
      else
        n_new++;
      version = found;
    }

  g_test_message ("%d kills: %u left the last saved version, %u the one being saved; "
                  "the story reached version %u",
                  N_DOCUMENT_KILLS, n_old, n_new, version);
  assert_only_story_and_temporaries (dir, "story.article", NULL);
  cd_test_remove_tree (dir);
}

static void
test_kill_while_writing_journal (void)
{
  g_autofree char *id = g_strdup (STORY_ID);
  g_autofree char *journal_dir = NULL;
  g_autofree char *journal_name = g_strconcat (id, ".article", NULL);
  g_autofree char *info_name = g_strconcat (id, ".info", NULL);
  guint version = 1;
  guint last_info_version = 1;
  gulong max_delay;

  /* The state folder is read once per process, so the whole test binary
   * runs with this one; see main(). */
  journal_dir = cd_recovery_get_dir ();
  g_assert_true (g_str_has_prefix (journal_dir, g_get_user_state_dir ()));

  g_assert_true (save_journal (version, id, NULL));
  max_delay = 3 * time_one_save (save_journal, id, version);

  for (guint i = 0; i < N_JOURNAL_KILLS; i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(CdArticle) loaded = NULL;
      g_autoptr(GError) error = NULL;
      CdRecoveryEntry *entry;
      KillResult result;
      guint before = version;
      guint found;
      guint info_version;

      result = kill_saver_at_random (save_journal, id, before + 1, max_delay);
      if (result.n_reports == 0)
        result.last_reported = before;

      entries = cd_recovery_list ();
      g_assert_cmpuint (entries->len, ==, 1);
      entry = g_ptr_array_index (entries, 0);
      g_assert_cmpstr (entry->id, ==, id);
      g_assert_cmpstr (entry->original, ==, ORIGINAL_PATH);

      loaded = cd_recovery_load (entry, &error);
      if (loaded == NULL)
        g_error ("after kill %u the journal does not open: %s", i + 1, error->message);

      found = story_version (loaded);
      if (found != result.last_reported && found != result.last_reported + 1)
        g_error ("after kill %u the journal holds version %u; the child had written %u",
                 i + 1, found, result.last_reported);
      assert_is_version (loaded, found);

      /* The headline beside the journal is written after the story: it
       * may lag behind it (by more than one version when several writes
       * in a row are killed between the two), never runs ahead, never
       * goes back, and is current whenever the child finished a write. */
      g_assert_true (g_str_has_prefix (entry->headline, "Version "));
      info_version = (guint) g_ascii_strtoull (entry->headline + strlen ("Version "), NULL, 10);
      g_assert_cmpuint (info_version, <=, found);
      g_assert_cmpuint (info_version, >=, last_info_version);
      if (result.n_reports > 0)
        g_assert_cmpuint (info_version, >=, result.last_reported);

      last_info_version = info_version;
      version = found;
    }

  assert_only_story_and_temporaries (journal_dir, journal_name, info_name);
  cd_recovery_discard (id);
}

/* Failed saves */

/* Runs @func in a child process and returns its wait status. */
static int
run_in_child (int    (*func) (gpointer),
              gpointer data)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (func (data));

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return status;
}

static int
try_mount_cb (gpointer data)
{
  const char *dir = data;

  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=64k") != 0)
    return 1;

  return 0;
}

/* Whether this process may mount a tmpfs in a mount namespace of its own
 * (root with CAP_SYS_ADMIN, outside most containers). */
static gboolean
can_mount_tmpfs (void)
{
  g_autofree char *dir = make_tmp_dir ();
  int status = run_in_child (try_mount_cb, dir);

  cd_test_remove_tree (dir);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* In a child of its own: a private mount namespace with a tmpfs of
 * @size bytes on @dir, gone with the child. */
static void
mount_private_tmpfs (const char *dir,
                     const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0755", size);

  g_assert_cmpint (unshare (CLONE_NEWNS), ==, 0);
  g_assert_cmpint (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", 0, options), ==, 0);
}

/* A story bigger than a small disk: its media is random and stored as it
 * is, so it cannot shrink. */
static CdArticle *
make_big_story (gsize media_size)
{
  CdArticle *article = make_story (3);
  g_autoptr(GBytes) media = NULL;
  guint8 *data = g_malloc (media_size);

  cd_test_png_header (data, 640, 480);
  for (gsize i = CD_TEST_PNG_HEADER_SIZE; i < media_size; i++)
    data[i] = (guint8) g_random_int ();
  media = g_bytes_new_take (data, media_size);
  cd_article_set_media (article, MEDIA_PATH, media);

  return article;
}

static void
test_read_only_mount (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *journal = NULL;

  if (!g_test_subprocess ())
    {
      if (!can_mount_tmpfs ())
        {
          g_test_skip ("cannot mount a tmpfs here; read-only-permissions covers a read-only folder");
          return;
        }
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "story.article", NULL);
  mount_private_tmpfs (dir, "1m");

  {
    g_autoptr(CdArticle) old_story = make_story (1);
    g_autoptr(CdArticle) new_story = make_story (2);
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *listing = NULL;

    g_assert_true (save_path (old_story, path, &error));
    g_assert_no_error (error);
    before = cd_test_read_bytes (path);

    g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);

    g_assert_false (save_path (new_story, path, &error));
    assert_clear_error (error, path, EROFS);

    after = cd_test_read_bytes (path);
    g_assert_true (g_bytes_equal (before, after));
    listing = cd_test_list_dir (dir);
    g_assert_cmpstr (listing, ==, "story.article");
  }

  g_assert_cmpint (umount (dir), ==, 0);
  cd_test_remove_tree (dir);
}

static void
test_read_only_permissions (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *listing = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(CdArticle) new_story = make_story (2);
      g_autoptr(GError) error = NULL;
      const char *target = g_getenv ("COPYDESK_TEST_SAVE_PATH");

      g_assert_nonnull (target);
      /* Permissions do not bind root; nobody is who a read-only folder
       * is read-only for. */
      if (geteuid () == 0)
        {
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setgid (NOBODY), ==, 0);
          g_assert_cmpint (setuid (NOBODY), ==, 0);
        }

      g_assert_false (save_path (new_story, target, &error));
      assert_clear_error (error, target, EACCES);
      return;
    }

  dir = make_tmp_dir ();
  folder = g_build_filename (dir, "read-only", NULL);
  path = g_build_filename (folder, "story.article", NULL);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);

  {
    g_autoptr(CdArticle) old_story = make_story (1);
    g_autoptr(GError) error = NULL;

    g_assert_true (save_path (old_story, path, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  before = cd_test_read_bytes (path);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  g_setenv ("COPYDESK_TEST_SAVE_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  after = cd_test_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  listing = cd_test_list_dir (folder);
  g_assert_cmpstr (listing, ==, "story.article");
  cd_test_remove_tree (dir);
}

static void
test_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!g_test_subprocess ())
    {
      if (!can_mount_tmpfs ())
        {
          g_test_skip ("cannot mount a tmpfs here; disk-full-file-size-limit stands in for it");
          return;
        }
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "story.article", NULL);
  mount_private_tmpfs (dir, "64k");

  {
    g_autoptr(CdArticle) old_story = make_story (1);
    g_autoptr(CdArticle) big_story = make_big_story (200 * 1024);
    g_autoptr(CdArticle) fitting_story = make_story (2);
    g_autoptr(CdArticle) loaded = NULL;
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *listing = NULL;

    g_assert_true (save_path (old_story, path, &error));
    g_assert_no_error (error);
    before = cd_test_read_bytes (path);

    g_assert_false (save_path (big_story, path, &error));
    assert_clear_error (error, path, ENOSPC);
    g_clear_error (&error);

    after = cd_test_read_bytes (path);
    g_assert_true (g_bytes_equal (before, after));
    listing = cd_test_list_dir (dir);
    g_assert_cmpstr (listing, ==, "story.article");

    /* The space the failed save took is given back: a story that fits
     * saves at once. */
    g_assert_true (save_path (fitting_story, path, &error));
    g_assert_no_error (error);
    loaded = load_path (path, &error);
    g_assert_no_error (error);
    assert_is_version (loaded, 2);
  }

  g_assert_cmpint (umount (dir), ==, 0);
  cd_test_remove_tree (dir);
}

/* Where no tmpfs can be mounted, a file-size limit makes the kernel fail
 * the write part-way through, after some of the new file is on disk, as a
 * full disk would. (test-document's fails-while-writing stops the very
 * first write.) */
static void
test_disk_full_file_size_limit (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *listing = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(CdArticle) big_story = make_big_story (200 * 1024);
      g_autoptr(GError) error = NULL;
      const char *target = g_getenv ("COPYDESK_TEST_SAVE_PATH");
      struct rlimit limit;

      g_assert_nonnull (target);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      limit.rlim_cur = 64 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (save_path (big_story, target, &error));
      assert_clear_error (error, target, EFBIG);
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "story.article", NULL);

  {
    g_autoptr(CdArticle) old_story = make_story (1);
    g_autoptr(GError) error = NULL;

    g_assert_true (save_path (old_story, path, &error));
    g_assert_no_error (error);
  }
  before = cd_test_read_bytes (path);

  g_setenv ("COPYDESK_TEST_SAVE_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  after = cd_test_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  listing = cd_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "story.article");
  cd_test_remove_tree (dir);
}

/* The journal on a full disk: the recovery write fails clearly and the
 * previous journal stays whole, so a crash right after still recovers. */
static void
test_journal_disk_full (void)
{
  g_autofree char *journal_dir = cd_recovery_get_dir ();
  g_autofree char *id = g_strdup ("6c1d8e7a-2b3f-4c5d-8e9f-0a1b2c3d4e5f");

  if (!g_test_subprocess ())
    {
      if (!can_mount_tmpfs ())
        {
          g_test_skip ("cannot mount a tmpfs here");
          return;
        }
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (journal_dir, 0700), ==, 0);
  mount_private_tmpfs (journal_dir, "64k");

  {
    g_autoptr(CdArticle) old_story = make_story (1);
    g_autoptr(CdArticle) big_story = make_big_story (200 * 1024);
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(CdArticle) loaded = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *journal_name = g_strconcat (id, ".article", NULL);
    g_autofree char *journal_path = g_build_filename (journal_dir, journal_name, NULL);

    g_assert_true (cd_recovery_write (id, old_story, NULL, &error));
    g_assert_no_error (error);

    g_assert_false (cd_recovery_write (id, big_story, NULL, &error));
    assert_clear_error (error, journal_path, ENOSPC);
    g_clear_error (&error);

    entries = cd_recovery_list ();
    g_assert_cmpuint (entries->len, ==, 1);
    loaded = cd_recovery_load (g_ptr_array_index (entries, 0), &error);
    g_assert_no_error (error);
    assert_is_version (loaded, 1);
  }

  g_assert_cmpint (umount (journal_dir), ==, 0);
}

/* Where the journal should be there is a folder: a clear error, and the
 * folder is left alone. */
static void
test_journal_path_is_folder (void)
{
  g_autofree char *journal_dir = cd_recovery_get_dir ();
  g_autofree char *id = g_strdup ("1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b");
  g_autofree char *journal_name = g_strconcat (id, ".article", NULL);
  g_autofree char *journal_path = g_build_filename (journal_dir, journal_name, NULL);
  g_autofree char *inside = g_build_filename (journal_path, "keep", NULL);
  g_autoptr(CdArticle) story = make_story (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) kept = NULL;

  g_assert_cmpint (g_mkdir_with_parents (journal_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "keep me", -1, NULL));

  g_assert_false (cd_recovery_write (id, story, NULL, &error));
  assert_clear_error (error, journal_path, EISDIR);

  kept = cd_test_read_bytes (inside);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "keep me", 7);
  cd_test_remove_tree (journal_path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = NULL;
  int status;

  /* Children are forked while the test runs: no GVfs daemon threads, and
   * a journal folder of the test's own before anything reads it, shared
   * with the subprocesses the test starts. */
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  if (g_getenv ("COPYDESK_TEST_STATE_HOME") != NULL)
    {
      state_dir = g_strdup (g_getenv ("COPYDESK_TEST_STATE_HOME"));
    }
  else
    {
      state_dir = cd_test_make_temp_dir ("copydesk-crash-state-XXXXXX");
      g_setenv ("COPYDESK_TEST_STATE_HOME", state_dir, TRUE);
    }
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/crash-save/kill-while-saving", test_kill_while_saving_document);
  g_test_add_func ("/core/crash-save/kill-while-writing-journal", test_kill_while_writing_journal);
  g_test_add_func ("/core/crash-save/read-only-mount", test_read_only_mount);
  g_test_add_func ("/core/crash-save/read-only-permissions", test_read_only_permissions);
  g_test_add_func ("/core/crash-save/disk-full", test_disk_full);
  g_test_add_func ("/core/crash-save/disk-full-file-size-limit", test_disk_full_file_size_limit);
  g_test_add_func ("/core/crash-save/journal-disk-full", test_journal_disk_full);
  g_test_add_func ("/core/crash-save/journal-path-is-folder", test_journal_path_is_folder);

  status = g_test_run ();

  /* Subprocesses leave the shared folder to the parent. */
  if (!g_test_subprocess ())
    cd_test_remove_tree (state_dir);
  return status;
}
