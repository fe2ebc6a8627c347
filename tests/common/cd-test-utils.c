/* cd-test-utils.c: helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-test-utils"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cd-test-utils.h"

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static CdTestReport give_up_report;
static gpointer give_up_data;

void
cd_test_set_give_up_report (CdTestReport report,
                            gpointer     data)
{
  give_up_report = report;
  give_up_data = data;
}

void
cd_test_wait_for (CdTestPredicate  predicate,
                  gpointer         data,
                  const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + CD_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  /* A predicate may depend on something that wakes no main context (a
   * file, another process): look again now and then. */
  guint wake_id = g_timeout_add (50, wake_cb, NULL);

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          if (give_up_report != NULL)
            give_up_report (give_up_data);
          g_error ("Gave up waiting for %s", what);
        }
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_id);
}

gboolean
cd_test_pointer_is_null (gpointer location)
{
  return *(gpointer *) location == NULL;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} ProgramWait;

static void
program_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProgramWait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
program_done (gpointer data)
{
  return ((ProgramWait *) data)->done;
}

GSubprocess *
cd_test_spawn_program (const char * const *argv,
                       GSubprocessFlags    flags)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  cd_test_require_program (argv[0]);
  process = g_subprocess_newv (argv, flags, &error);
  g_assert_no_error (error);

  return process;
}

void
cd_test_run_program (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GInputStream) stderr_pipe = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  ProgramWait wait = { FALSE, NULL };
  char output[4096];
  gssize n_read;

  process = cd_test_spawn_program (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_wait_async (process, NULL, program_done_cb, &wait);
  cd_test_wait_for (program_done, &wait, command);
  g_assert_no_error (wait.error);

  if (!g_subprocess_get_successful (process))
    {
      stderr_pipe = g_object_ref (g_subprocess_get_stderr_pipe (process));
      n_read = g_input_stream_read (stderr_pipe, output, sizeof output - 1, NULL, NULL);
      output[MAX (n_read, 0)] = '\0';
      g_error ("%s failed: %s", command, output);
    }
}

void
cd_test_require_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path == NULL)
    g_error ("%s is not installed (build-aux/dev installs it)", program);
}

void
cd_test_set_screen_reader (gboolean on)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.a11y.Bus", "/org/a11y/bus",
                                       "org.freedesktop.DBus.Properties", "Set",
                                       g_variant_new ("(ssv)", "org.a11y.Status", "ScreenReaderEnabled",
                                                      g_variant_new_boolean (on)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

char *
cd_test_make_temp_dir (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template_name, &error);

  g_assert_no_error (error);
  return dir;
}

char *
cd_test_isolate_state (const char *template_name)
{
  char *dir = cd_test_make_temp_dir (template_name);

  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  return dir;
}

void
cd_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          cd_test_remove_tree (child);
        }
    }

  g_remove (path);
}

char *
cd_test_write_file (const char *dir,
                    const char *name,
                    const void *data,
                    gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

GBytes *
cd_test_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

int
cd_test_compare_names (gconstpointer a,
                       gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
cd_test_list_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cd_test_compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

char *
cd_test_sample_path (void)
{
  return g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"),
                           "data", "samples", "sample", "article.json", NULL);
}

gboolean
cd_test_maps_file (const char *name)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));

  return strstr (maps, name) != NULL;
}
