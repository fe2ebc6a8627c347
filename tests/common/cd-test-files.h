/* cd-test-files.h: temporary folders for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* Removes @path and everything beneath it, never following a link. */
static inline void
cd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    dir = g_dir_open (path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        cd_test_remove_tree (child);
      else
        g_unlink (child);
    }

  if (g_rmdir (path) != 0)
    g_unlink (path);
}

/* Copies the folder @source to @target (regular files and folders). */
static inline void
cd_test_copy_tree (const char *source,
                   const char *target)
{
  g_autoptr(GDir) dir = g_dir_open (source, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (target, 0700), ==, 0);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (target, name, NULL);

      if (g_file_test (from, G_FILE_TEST_IS_DIR))
        cd_test_copy_tree (from, to);
      else
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
          g_assert_true (g_file_set_contents (to, contents, (gssize) length, NULL));
        }
    }
}

G_END_DECLS
