/* fuzz-replay.c: runs a harness over its corpus and past findings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same harness code that libFuzzer drives (build-aux/dev fuzz) runs
 * here in the ordinary build, with gcc and under the sanitizers of
 * build-aux/dev test, so every finding kept in tests/fuzz stays a test.
 * Arguments are files or folders of inputs; the output is TAP.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
collect (const char *path,
         GPtrArray  *inputs)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (inputs, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    g_error ("%s", error->message);

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* README files describe a folder of findings. */
      if (name[0] != '.' && !g_str_has_prefix (name, "README"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      collect (child, inputs);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    collect (argv[i], inputs);

  if (inputs->len == 0)
    {
      g_printerr ("no inputs to replay\n");
      return 1;
    }

  /* A failing input aborts the program, so the plan comes first and
   * the TAP reader counts what was never reached as failed. */
  g_print ("1..%u\n", inputs->len);
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *path = g_ptr_array_index (inputs, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize length;

      if (!g_file_get_contents (path, &data, &length, &error))
        g_error ("%s", error->message);

      LLVMFuzzerTestOneInput ((const guint8 *) data, length);
      g_print ("ok %u - %s\n", i + 1, path);
    }

  return 0;
}
