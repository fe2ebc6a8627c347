/* bench-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON libraries Debian ships, side by side on our own article.json:
 * cJSON (what core reads with), json-glib, jansson and json-c, each
 * parsing the 10,000- and the 100,000-word story into its tree and
 * freeing it, against one pass of cd_json_read() over the same text.
 * Each library runs in a program of its own (bench-json-lib.c, named on
 * the command line); those not installed at build time are left out. It
 * prints figures; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-json"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "copydesk-core.h"
#include "story-gen.h"

static int n_runs = 15;

typedef gboolean (*ParseFunc) (const char *data,
                               gsize       length);

static gboolean
read_copydesk (const char *data,
               gsize       length)
{
  g_autoptr(CdArticle) article = cd_json_read (data, length, "article.json", NULL);

  return article != NULL;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
time_parse (ParseFunc   func,
            const char *data,
            gsize       length)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!func (data, length))
    return -1;

  for (int i = 0; i < n_runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;

      func (data, length);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (samples, elapsed);
    }

  g_array_sort (samples, compare_gint64);
  return g_array_index (samples, gint64, samples->len / 2) / 1e3;
}

typedef struct
{
  const char *name;
  ParseFunc   func;
} Parser;

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs, "Timed runs of each parse (default 15)", "N" },
    { NULL }
  };
  static const Parser parsers[] = {
    { "cd_json_read: parse, check, build the story", read_copydesk },
  };
  static const guint sizes[] = { STORY_GEN_TARGET_WORDS, 100000 };
  g_autoptr(GOptionContext) context = g_option_context_new ("[LIBRARY-PROGRAM…] — JSON libraries on article.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *runs = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-json: %s\n", error->message);
      return EXIT_FAILURE;
    }
  n_runs = CLAMP (n_runs, 1, 1000);
  runs = g_strdup_printf ("%d", n_runs);
  work_dir = g_dir_make_tmp ("copydesk-bench-json-XXXXXX", &error);
  if (work_dir == NULL)
    {
      g_printerr ("bench-json: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("JSON libraries on article.json (parse into a tree and free it; median of %d runs)\n", n_runs);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CdArticle) article = story_gen_make_words (sizes[s]);
      g_autoptr(GBytes) json = cd_json_write (article);
      g_autofree char *json_path = g_build_filename (work_dir, "article.json", NULL);
      gsize length;
      const char *data = g_bytes_get_data (json, &length);

      g_print ("\n  %u-word story, article.json %.1f KB\n", sizes[s], length / 1e3);
      g_print ("  %-48s %10s %12s\n", "library", "median", "throughput");
      for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
        {
          double ms = time_parse (parsers[i].func, data, length);

          if (ms < 0)
            {
              g_printerr ("bench-json: %s could not parse the story\n", parsers[i].name);
              return EXIT_FAILURE;
            }
          g_print ("  %-48s %7.2f ms %7.1f MB/s\n", parsers[i].name, ms, length / 1e3 / ms);
        }

      g_file_set_contents (json_path, data, (gssize) length, &error);
      if (error != NULL)
        {
          g_printerr ("bench-json: %s\n", error->message);
          return EXIT_FAILURE;
        }
      for (int i = 1; i < argc; i++)
        {
          const char *lib_argv[] = { argv[i], json_path, runs, NULL };
          g_autofree char *out = NULL;
          g_auto(GStrv) fields = NULL;
          int status = 0;
          double ms;

          if (!g_spawn_sync (NULL, (char **) lib_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             &out, NULL, &status, &error) ||
              !g_spawn_check_wait_status (status, &error))
            {
              g_printerr ("bench-json: %s: %s\n", argv[i], error->message);
              return EXIT_FAILURE;
            }
          fields = g_strsplit (g_strchomp (out), "\t", 2);
          if (g_strv_length (fields) != 2)
            {
              g_printerr ("bench-json: %s printed no figure\n", argv[i]);
              return EXIT_FAILURE;
            }
          ms = g_ascii_strtod (fields[1], NULL);
          g_print ("  %-48s %7.2f ms %7.1f MB/s\n", fields[0], ms, length / 1e3 / ms);
        }
      g_unlink (json_path);
    }

  g_rmdir (work_dir);

  return EXIT_SUCCESS;
}
