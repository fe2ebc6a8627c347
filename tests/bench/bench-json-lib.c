/* bench-json-lib.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One JSON library parsing one file into its tree and freeing it, timed:
 * built once per library (BENCH_JANSSON, BENCH_JSON_C, BENCH_CJSON,
 * BENCH_JSON_GLIB) and run by bench-json. Each is a program of its own
 * because jansson, json-c and json-glib export functions of the same
 * names (json_object_get_type and more), which cannot share a process.
 *
 * Usage: bench-json-lib-NAME FILE RUNS; prints "NAME\tMEDIAN_MS".
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined (BENCH_JANSSON)
#include <jansson.h>
#define LIBRARY_NAME "jansson " JANSSON_VERSION " (json_loadb)"
#elif defined (BENCH_JSON_C)
#include <json-c/json.h>
#define LIBRARY_NAME "json-c " JSON_C_VERSION " (strict, UTF-8 checked)"
#elif defined (BENCH_CJSON)
#include <cjson/cJSON.h>
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_ (x)
#define LIBRARY_NAME "cJSON " STRINGIFY (CJSON_VERSION_MAJOR) "." STRINGIFY (CJSON_VERSION_MINOR) "." \
  STRINGIFY (CJSON_VERSION_PATCH) " (cJSON_ParseWithLength)"
#elif defined (BENCH_JSON_GLIB)
#include <json-glib/json-glib.h>
#define LIBRARY_NAME "json-glib " JSON_VERSION_S " (JsonParser)"
#else
#error "build with one of BENCH_JANSSON, BENCH_JSON_C, BENCH_CJSON, BENCH_JSON_GLIB"
#endif

static int
parse (const char *data,
       size_t      length)
{
#if defined (BENCH_JANSSON)
  json_error_t error;
  json_t *root = json_loadb (data, length, 0, &error);

  if (root == NULL)
    return 0;
  json_decref (root);
#elif defined (BENCH_JSON_C)
  struct json_tokener *tokener = json_tokener_new_ex (64);
  struct json_object *root;

  json_tokener_set_flags (tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
  root = json_tokener_parse_ex (tokener, data, (int) length);
  json_tokener_free (tokener);
  if (root == NULL)
    return 0;
  json_object_put (root);
#elif defined (BENCH_JSON_GLIB)
  JsonParser *parser = json_parser_new_immutable ();
  int parsed = json_parser_load_from_data (parser, data, (gssize) length, NULL);

  g_object_unref (parser);
  if (!parsed)
    return 0;
#else
  cJSON *root = cJSON_ParseWithLength (data, length);

  if (root == NULL)
    return 0;
  cJSON_Delete (root);
#endif
  return 1;
}

static long long
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
compare_long_long (const void *a,
                   const void *b)
{
  long long x = *(const long long *) a;
  long long y = *(const long long *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  FILE *file;
  char *data;
  long length;
  int runs;
  long long *samples;

  if (argc != 3 || (runs = atoi (argv[2])) < 1)
    {
      fprintf (stderr, "usage: %s FILE RUNS\n", argv[0]);
      return 2;
    }

  file = fopen (argv[1], "rb");
  if (file == NULL || fseek (file, 0, SEEK_END) != 0 || (length = ftell (file)) < 0)
    {
      perror (argv[1]);
      return 1;
    }
  rewind (file);
  data = malloc ((size_t) length + 1);
  samples = calloc ((size_t) runs, sizeof *samples);
  if (data == NULL || samples == NULL || fread (data, 1, (size_t) length, file) != (size_t) length)
    {
      perror (argv[1]);
      return 1;
    }
  data[length] = '\0';
  fclose (file);

  /* One run to warm caches and the allocator, not counted. */
  if (!parse (data, (size_t) length))
    {
      fprintf (stderr, "%s: %s could not parse the file\n", argv[1], LIBRARY_NAME);
      return 1;
    }
  for (int i = 0; i < runs; i++)
    {
      long long start = now_ns ();

      parse (data, (size_t) length);
      samples[i] = now_ns () - start;
    }
  qsort (samples, (size_t) runs, sizeof *samples, compare_long_long);

  printf ("%s\t%.3f\n", LIBRARY_NAME, samples[runs / 2] / 1e6);
  free (samples);
  free (data);
  return 0;
}
