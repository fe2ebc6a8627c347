/* bench-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core benchmark: builds a long story (about 10,000 words, 40
 * photos, 20 embeds), times reading and writing it, and sets the HTML
 * writer against cmark and pandoc converting the same text as Markdown.
 * It also times one paragraph carrying many marks, which the writer must
 * render in time linear in text and marks.
 * It prints figures and fails only when the core itself fails; it is not
 * a timed test. Run it with `meson test --benchmark` or directly.
 */

#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "copydesk-core.h"
#include "story-gen.h"

static int n_runs = 15;
static char *keep_dir = NULL;
static char *convert_program = NULL;
static gboolean convert_only = FALSE;
static char *read_once_path = NULL;

/* The long story of the convert comparison: a book-length feature. */
#define CONVERT_WORDS 100000

/* Timing */

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);

  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
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
median_ms (GArray *samples)
{
  guint n = samples->len;

  g_assert (n > 0);
  g_array_sort (samples, compare_gint64);
  if (n % 2 == 1)
    return g_array_index (samples, gint64, n / 2) / 1e6;

  return (g_array_index (samples, gint64, n / 2 - 1) + g_array_index (samples, gint64, n / 2)) / 2e6;
}

typedef struct
{
  CdArticle  *article;
  GBytes     *json;
  GBytes     *container;
  GFile      *save_file;
  CdHtmlOptions options;
  gsize       last_size;
  guint       last_count;
} Bench;

typedef void (*BenchFunc) (Bench *bench);

static void
fail_on_error (GError     *error,
               const char *what)
{
  if (error != NULL)
    {
      g_printerr ("bench-core: %s failed: %s\n", what, error->message);
      exit (EXIT_FAILURE);
    }
}

static void
check_read (Bench     *bench,
            CdArticle *article)
{
  if (cd_article_get_n_blocks (article) != cd_article_get_n_blocks (bench->article))
    {
      g_printerr ("bench-core: the story read back has %u blocks instead of %u\n",
                  cd_article_get_n_blocks (article), cd_article_get_n_blocks (bench->article));
      exit (EXIT_FAILURE);
    }
}

static void
run_json_read (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bench->json, &size);

  article = cd_json_read (data, size, "bench.article: article.json", &error);
  fail_on_error (error, "cd_json_read");
  check_read (bench, article);
  bench->last_size = size;
}

static void
run_json_write (Bench *bench)
{
  g_autoptr(GBytes) bytes = cd_json_write (bench->article);

  bench->last_size = g_bytes_get_size (bytes);
}

static void
run_document_load (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  CdDocumentLimits limits;

  cd_document_limits_init (&limits);
  article = cd_document_load_bytes (bench->container, "bench.article", &limits, &error);
  fail_on_error (error, "cd_document_load_bytes");
  check_read (bench, article);
  bench->last_size = g_bytes_get_size (bench->container);
}

/* What the find bar does on each keystroke: every field and block. */
static void
run_find_all (Bench *bench)
{
  g_autoptr(GPtrArray) matches = cd_find_all (bench->article, "the", CD_FIND_NONE);

  bench->last_size = g_bytes_get_size (bench->json);
  bench->last_count = matches->len;
}

/* Replace All on a copy, recorded as one step of a history. */
static void
run_replace_all (Bench *bench)
{
  g_autoptr(CdArticle) copy = cd_article_copy (bench->article);
  g_autoptr(CdHistory) history = cd_history_new (copy);

  bench->last_count = cd_find_replace_all (copy, history, "the", "THE", CD_FIND_WHOLE_WORD);
  bench->last_size = g_bytes_get_size (bench->json);
}

static void
run_document_write_bytes (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cd_document_write_bytes (bench->article, &error);

  fail_on_error (error, "cd_document_write_bytes");
  bench->last_size = g_bytes_get_size (bytes);
}

static void
run_document_save (Bench *bench)
{
  g_autoptr(GError) error = NULL;

  cd_document_save (bench->article, bench->save_file, &error);
  fail_on_error (error, "cd_document_save");
  bench->last_size = g_bytes_get_size (bench->container);
}

static void
run_html_write (Bench *bench)
{
  g_autofree char *html = cd_html_write (bench->article, &bench->options);

  bench->last_size = strlen (html);
}

/* A paragraph of @n_marks marks: per word a strong mark, an em mark
 * crossing into the next word, a link over the word and a second strong
 * mark touching the first. */
static CdArticle *
make_marked_story (guint n_marks)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_words = n_marks / 4;

  for (guint i = 0; i < n_words; i++)
    {
      guint start = (guint) text->len;
      g_autofree char *href = g_strdup_printf ("https://example.com/%u", i);

      g_string_append_printf (text, "w%u ", i);
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, start, start + 2, NULL));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, start + 1,
                                           (guint) text->len + (i + 1 < n_words ? 1 : 0), NULL));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, start, (guint) text->len, href));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, start + 2, (guint) text->len, NULL));
    }

  cd_block_set_text_and_marks (block, text->str, marks);
  cd_article_append_block (article, block);

  return g_steal_pointer (&article);
}

static void
run_html_write_marked (Bench *bench)
{
  CdBlock *block = cd_article_get_block (bench->article, 0);
  g_autofree char *html = cd_html_write_block (bench->article, block, &bench->options);

  bench->last_size = strlen (html);
}

static double
time_function (Bench     *bench,
               BenchFunc  func)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* One run to warm caches and the allocator, not counted. */
  func (bench);

  for (int i = 0; i < n_runs; i++)
    {
      gint64 start = now_ns ();
      gint64 elapsed;

      func (bench);
      elapsed = now_ns () - start;
      g_array_append_val (samples, elapsed);
    }

  return median_ms (samples);
}

/* Runs @argv once, with stdout collected; returns the wall time in ns. */
/* @cache_home: XDG_CACHE_HOME for the process, or NULL for this one's. */
static gint64
time_process_with_cache (const char * const *argv,
                         const char         *cache_home,
                         gsize              *output_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) output = NULL;
  gint64 start;
  gint64 elapsed;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  if (cache_home != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);
  start = now_ns ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_communicate (process, NULL, NULL, &output, NULL, &error))
    return -1;
  elapsed = now_ns () - start;

  if (!g_subprocess_get_successful (process))
    return -1;

  if (output_size != NULL)
    *output_size = g_bytes_get_size (output);

  return elapsed;
}

static gint64
time_process (const char * const *argv,
              gsize              *output_size)
{
  return time_process_with_cache (argv, NULL, output_size);
}

static double
time_process_median (const char * const *argv,
                     int                 runs,
                     gsize              *output_size)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (time_process (argv, output_size) < 0)
    return -1;

  for (int i = 0; i < runs; i++)
    {
      gint64 elapsed = time_process (argv, NULL);

      if (elapsed < 0)
        return -1;
      g_array_append_val (samples, elapsed);
    }

  return median_ms (samples);
}

static char *
program_version (const char *program)
{
  const char *argv[] = { program, "--version", NULL };
  g_autofree char *out = NULL;
  char *newline;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL) || out == NULL)
    return g_strdup (program);

  newline = strchr (out, '\n');
  if (newline != NULL)
    *newline = '\0';

  return g_steal_pointer (&out);
}

static void
print_row (const char *label,
           double      ms,
           gsize       size)
{
  double mb_per_s = size / 1e6 / (ms / 1e3);

  g_print ("  %-48s %10.3f ms %10.1f MB/s %10.1f KB\n", label, ms, mb_per_s, size / 1e3);
}

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, size, &error))
    fail_on_error (error, "writing a benchmark file");
}

typedef struct
{
  const char *program;
  const char *name;
  const char *args[5];  /* before the input file, NULL-terminated */
} Converter;

static void
compare_converter (const Converter *converter,
                   const char      *markdown_path,
                   const char      *trivial_path,
                   double           html_ms)
{
  g_autofree char *path = g_find_program_in_path (converter->program);
  g_autofree char *version = NULL;
  const char *argv[8];
  guint n = 0;
  double whole_ms;
  double startup_ms;
  gsize output_size = 0;

  if (path == NULL)
    {
      g_print ("  %s: not installed (looked for “%s” in PATH), skipped\n",
               converter->name, converter->program);
      return;
    }

  version = program_version (path);
  argv[n++] = path;
  for (guint i = 0; converter->args[i] != NULL; i++)
    argv[n++] = converter->args[i];
  argv[n + 1] = NULL;

  argv[n] = trivial_path;
  startup_ms = time_process_median (argv, n_runs, NULL);
  argv[n] = markdown_path;
  whole_ms = time_process_median (argv, n_runs, &output_size);

  if (whole_ms < 0 || startup_ms < 0)
    {
      g_print ("  %s: failed to run, skipped\n", version);
      return;
    }

  g_print ("  %s\n", version);
  g_print ("    %-46s %10.3f ms\n", "start-up (trivial input)", startup_ms);
  g_print ("    %-46s %10.3f ms %10.1f KB of HTML\n", "whole conversion (process)", whole_ms, output_size / 1e3);
  g_print ("    %-46s %10.3f ms\n", "conversion less start-up", MAX (whole_ms - startup_ms, 0.0));
  g_print ("    cd_html_write / %s: %.3f of the whole process",
           converter->name, html_ms / whole_ms);
  if (whole_ms - startup_ms > 0)
    g_print (", %.3f of the conversion less start-up", html_ms / (whole_ms - startup_ms));
  g_print ("\n");
}

/* Writes @article as a bare article.json with its media/ folder in
 * @dir, the way a script hands a story to copydesk-convert. */
static char *
write_bare_story (CdArticle  *article,
                  const char *dir,
                  gsize      *json_size)
{
  g_autoptr(GBytes) json = cd_json_write (article);
  g_autofree char *media_dir = g_build_filename (dir, "media", NULL);
  g_auto(GStrv) media = cd_article_list_media (article);

  if (g_mkdir_with_parents (media_dir, 0755) != 0)
    {
      g_printerr ("bench-core: cannot create %s\n", media_dir);
      exit (EXIT_FAILURE);
    }
  for (guint i = 0; media[i] != NULL; i++)
    {
      GBytes *bytes = cd_article_get_media (article, media[i]);

      /* Media names are "media/NAME". */
      write_file (dir, media[i], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  write_file (dir, "article.json", g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  *json_size = g_bytes_get_size (json);

  return g_build_filename (dir, "article.json", NULL);
}

/* Before each run with a cache of its own: what that cache holds. */
typedef void (*PrepareCache) (const char *cache_home,
                              gpointer    data);

static void
write_word_lines (const char *cache_home,
                  gpointer    data)
{
  GString *lines = data;
  g_autofree char *spelling_dir = g_build_filename (cache_home, "copydesk", "spelling", NULL);

  write_file (spelling_dir, "en.verdicts", lines->str, lines->len);
}

static void
remove_answers (const char *cache_home,
                gpointer    data)
{
  g_remove (data);
}

/* The median of a third of the runs (at least one) of @argv with
 * @cache_home as its cache, @prepare called before each. */
static double
time_with_cache (const char * const *argv,
                 const char         *cache_home,
                 PrepareCache        prepare,
                 gpointer            data)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int i = 0; i < MAX (n_runs / 3, 1); i++)
    {
      gint64 elapsed;

      prepare (cache_home, data);
      elapsed = time_process_with_cache (argv, cache_home, NULL);
      if (elapsed < 0)
        {
          g_printerr ("bench-core: copydesk-convert failed on the long story\n");
          exit (EXIT_FAILURE);
        }
      g_array_append_val (times, elapsed);
    }

  return median_ms (times);
}

/* copydesk-convert and cmark as a script runs them, side by side in one
 * run, on the 100,000-word story: article.json to an HTML page against
 * the same text as Markdown to HTML. */
static void
compare_convert (const char *work_dir)
{
  g_autoptr(CdArticle) article = story_gen_make_words (CONVERT_WORDS);
  g_autofree char *dir = g_build_filename (work_dir, "convert", NULL);
  g_autofree char *json_path = NULL;
  g_autofree char *markdown = story_gen_to_markdown (article);
  g_autofree char *markdown_path = g_build_filename (dir, "story.md", NULL);
  g_autofree char *page_path = g_build_filename (dir, "story.html", NULL);
  g_autofree char *cmark = g_find_program_in_path ("cmark");
  const char *convert_argv[] = { convert_program, json_path, page_path, NULL };
  const char *stdout_argv[] = { convert_program, "--to", "html-fragment", json_path, "-", NULL };
  const char *cmark_argv[] = { cmark, "--to", "html", markdown_path, NULL };
  CdStats stats;
  double convert_ms;
  double words_ms;
  double cold_ms;
  double fragment_ms;
  double cmark_ms = -1;
  gsize html_size = 0;
  gsize fragment_size = 0;
  gsize cmark_size = 0;
  gsize json_size = 0;

  json_path = write_bare_story (article, dir, &json_size);
  convert_argv[1] = json_path;
  stdout_argv[3] = json_path;
  write_file (dir, "story.md", markdown, strlen (markdown));
  cd_stats_compute (article, &stats);

  g_print ("copydesk-convert against cmark, whole process (median of %d runs, one run, side by side)\n", n_runs);
  g_print ("  story: %u words, %u body blocks; article.json %.1f KB, Markdown %.1f KB\n",
           stats.words, cd_article_get_n_blocks (article), json_size / 1e3,
           strlen (markdown) / 1e3);

  if (convert_program == NULL)
    {
      g_print ("  skipped: --convert does not name the copydesk-convert program\n");
      return;
    }

  /* Alternated, so both see the same load on the machine. */
  {
    g_autoptr(GArray) convert = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) fragment = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) other = g_array_new (FALSE, FALSE, sizeof (gint64));

    for (int i = -1; i < n_runs; i++)
      {
        gint64 a = time_process (convert_argv, NULL);
        gint64 b = time_process (stdout_argv, &fragment_size);
        gint64 c = cmark != NULL ? time_process (cmark_argv, &cmark_size) : 0;

        if (a < 0 || b < 0 || c < 0)
          {
            g_printerr ("bench-core: copydesk-convert or cmark failed on the long story\n");
            exit (EXIT_FAILURE);
          }
        if (i < 0)
          continue;
        g_array_append_val (convert, a);
        g_array_append_val (fragment, b);
        g_array_append_val (other, c);
      }

    convert_ms = median_ms (convert);
    fragment_ms = median_ms (fragment);
    if (cmark != NULL)
      cmark_ms = median_ms (other);
  }

  /* A run with the answers for the story's words kept, but none for its
   * paragraphs, as for a story converted for the first time on a desk
   * that converted others: the text lines of the cache the runs above
   * wrote are left out of a copy of it, before each run. */
  {
    g_autofree char *cache_home = g_build_filename (dir, "words-cache", NULL);
    g_autofree char *spelling_dir = g_build_filename (cache_home, "copydesk", "spelling", NULL);
    g_autofree char *kept = g_build_filename (g_get_user_cache_dir (), "copydesk", "spelling", "en.verdicts", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GString) word_lines = g_string_new (NULL);

    if (!g_file_get_contents (kept, &contents, NULL, NULL) ||
        g_mkdir_with_parents (spelling_dir, 0700) != 0)
      {
        g_printerr ("bench-core: the spelling answers of the runs above are not in %s\n", kept);
        exit (EXIT_FAILURE);
      }
    for (const char *line = contents; *line != '\0';)
      {
        const char *end = strchr (line, '\n');
        gsize length = end != NULL ? (gsize) (end - line) + 1 : strlen (line);

        if (line[0] != '=')
          g_string_append_len (word_lines, line, length);
        line += length;
      }

    words_ms = time_with_cache (convert_argv, cache_home, write_word_lines, word_lines);
  }

  /* A run with no spelling answers kept from an earlier one: the
   * dictionary is loaded, as on the first conversion after an update of
   * the dictionaries. */
  {
    g_autofree char *cache_home = g_build_filename (dir, "empty-cache", NULL);
    g_autofree char *verdicts = g_build_filename (cache_home, "copydesk", "spelling", "en.verdicts", NULL);

    cold_ms = time_with_cache (convert_argv, cache_home, remove_answers, verdicts);
  }

  {
    g_autofree char *page = NULL;

    if (g_file_get_contents (page_path, &page, &html_size, NULL))
      html_size = strlen (page);
  }

  g_print ("  %-56s %10.3f ms %10.1f KB\n", "copydesk-convert article.json story.html (page)", convert_ms, html_size / 1e3);
  g_print ("  %-56s %10.3f ms\n", "  the same, its paragraphs new (answers for words kept)", words_ms);
  g_print ("  %-56s %10.3f ms\n", "  the same, no spelling answers kept from a run before", cold_ms);
  g_print ("  %-56s %10.3f ms %10.1f KB\n", "copydesk-convert --to html-fragment article.json -", fragment_ms, fragment_size / 1e3);
  if (cmark_ms < 0)
    {
      g_print ("  cmark: not installed, skipped (build-aux/dev bench installs it)\n");
      return;
    }
  g_print ("  %-56s %10.3f ms %10.1f KB\n", "cmark --to html story.md", cmark_ms, cmark_size / 1e3);
  g_print ("  copydesk-convert / cmark: %.2fx (page), %.2fx (fragment to stdout), %.2fx (page, paragraphs new), "
           "%.2fx (page, no answers kept); goal <= 1.5x, 1.0x\n",
           convert_ms / cmark_ms, fragment_ms / cmark_ms, words_ms / cmark_ms, cold_ms / cmark_ms);
}

/* A story with photos, read as the app reads one: once in a process,
 * into memory that process has not touched yet. The photos are padded
 * to the size of a reporter's JPEG (1600 x 1067, ~460 KB); the reader
 * only sniffs their headers. */
#define PHOTO_BYTES (460 * 1000)

/* --read-once FILE: reads FILE and prints the microseconds and the page
 * faults the read took and the process's peak resident size in KB. */
static int
read_once (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  struct rusage before, after;
  gint64 start;

  getrusage (RUSAGE_SELF, &before);
  start = now_ns ();
  article = cd_document_load (file, &error);
  fail_on_error (error, "reading the story with photos");
  getrusage (RUSAGE_SELF, &after);
  /* Microseconds, page faults, peak size in KB. */
  g_print ("%" G_GINT64_FORMAT " %ld %ld\n", (now_ns () - start) / 1000,
           after.ru_minflt - before.ru_minflt, after.ru_maxrss);

  return EXIT_SUCCESS;
}

/* The median of gint64 @values. */
static gint64
median_of (GArray *values)
{
  g_array_sort (values, compare_gint64);

  return g_array_index (values, gint64, values->len / 2);
}

static void
time_read_with_photos (CdArticle  *article,
                       const char *work_dir)
{
  g_autoptr(CdArticle) copy = cd_article_copy (article);
  g_autofree char *path = g_build_filename (work_dir, "photos.article", NULL);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) faults = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) media = cd_article_list_media (copy);
  GStatBuf info;

  for (guint i = 0; media[i] != NULL; i++)
    {
      gsize length;
      const guint8 *header = g_bytes_get_data (cd_article_get_media (copy, media[i]), &length);
      guint8 *padded = g_malloc (PHOTO_BYTES);

      memcpy (padded, header, MIN (length, 64));
      for (gsize at = MIN (length, 64); at < PHOTO_BYTES; at++)
        padded[at] = (guint8) ((at * 7 + i * 13 + (at >> 9)) & 0xff);
      cd_article_set_media (copy, media[i], g_bytes_new_take (padded, PHOTO_BYTES));
    }
  if (!cd_document_save (copy, file, &error))
    fail_on_error (error, "saving the story with photos");
  g_stat (path, &info);

  for (int run = 0; run < n_runs; run++)
    {
      const char *argv[] = { self, "--read-once", path, NULL };
      g_autofree char *out = NULL;
      gint64 us, n_faults, peak_kb;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error) ||
          sscanf (out, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                  &us, &n_faults, &peak_kb) != 3)
        fail_on_error (error != NULL ? error : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, out),
                       "reading the story with photos in a process of its own");
      g_array_append_val (times, us);
      g_array_append_val (faults, n_faults);
      g_array_append_val (peaks, peak_kb);
    }

  g_print ("A story with photos, read once in a fresh process as the app reads it (median of %d processes):\n", n_runs);
  g_print ("  .article of %.1f MB, %u photos of %u KB stored\n", info.st_size / 1e6,
           g_strv_length (media), PHOTO_BYTES / 1000);
  g_print ("  %-48s %10.1f ms\n", "read (cd_document_load)", median_of (times) / 1e3);
  g_print ("  %-48s %10" G_GINT64_FORMAT "\n", "page faults while reading", median_of (faults));
  g_print ("  %-48s %10.1f MB\n\n", "peak resident size of the process", median_of (peaks) / 1024.0);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_dir (path);
      else
        g_unlink (path);
    }

  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs, "Timed runs of each operation (default 15)", "N" },
    { "keep", 'k', 0, G_OPTION_ARG_FILENAME, &keep_dir, "Write the generated story and outputs into DIR and keep them", "DIR" },
    { "convert", 0, 0, G_OPTION_ARG_FILENAME, &convert_program, "The copydesk-convert program to set against cmark", "PATH" },
    { "convert-only", 0, 0, G_OPTION_ARG_NONE, &convert_only, "Only the copydesk-convert comparison", NULL },
    { "read-once", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &read_once_path, "Read FILE once and print the time, page faults and peak size", "FILE" },
    { NULL }
  };
  static const Converter converters[] = {
    { "cmark", "cmark", { "--to", "html", NULL } },
    { "pandoc", "pandoc", { "-f", "markdown", "-t", "html" } },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the Copydesk core on a long story");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *markdown_path = NULL;
  g_autofree char *trivial_path = NULL;
  g_autofree char *save_path = NULL;
  g_autofree char *html = NULL;
  g_auto(GStrv) media = NULL;
  Bench bench = { 0 };
  CdStats stats;
  gsize media_size = 0;
  double ms;
  double html_ms;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-core: %s\n", error->message);
      return EXIT_FAILURE;
    }
  n_runs = CLAMP (n_runs, 1, 1000);
  if (read_once_path != NULL)
    return read_once (read_once_path);

  if (keep_dir != NULL)
    {
      if (g_mkdir_with_parents (keep_dir, 0755) != 0)
        {
          g_printerr ("bench-core: cannot create %s\n", keep_dir);
          return EXIT_FAILURE;
        }
      work_dir = g_strdup (keep_dir);
    }
  else
    {
      work_dir = g_dir_make_tmp ("copydesk-bench-XXXXXX", &error);
      fail_on_error (error, "creating a temporary folder");
    }

  article = story_gen_make ();
  cd_stats_compute (article, &stats);
  media = cd_article_list_media (article);
  for (guint i = 0; media[i] != NULL; i++)
    media_size += g_bytes_get_size (cd_article_get_media (article, media[i]));

  bench.article = article;
  bench.json = cd_json_write (article);
  bench.container = cd_document_write_bytes (article, &error);
  fail_on_error (error, "cd_document_write_bytes");
  save_path = g_build_filename (work_dir, "story.article", NULL);
  bench.save_file = g_file_new_for_path (save_path);
  cd_html_options_init (&bench.options);
  html = cd_html_write (article, &bench.options);
  markdown = story_gen_to_markdown (article);

  markdown_path = g_build_filename (work_dir, "story.md", NULL);
  trivial_path = g_build_filename (work_dir, "trivial.md", NULL);
  write_file (work_dir, "story.md", markdown, strlen (markdown));
  write_file (work_dir, "trivial.md", "x\n", 2);
  if (keep_dir != NULL)
    {
      write_file (work_dir, "article.json", g_bytes_get_data (bench.json, NULL), g_bytes_get_size (bench.json));
      write_file (work_dir, "story.html", html, strlen (html));
    }

  if (convert_only)
    {
      compare_convert (work_dir);
      if (keep_dir == NULL)
        remove_dir (work_dir);
      return EXIT_SUCCESS;
    }

  g_print ("Copydesk core benchmark (median of %d runs after one warm-up)\n\n", n_runs);
  /* Other work on the machine skews every figure; say how busy it was. */
  {
    g_autofree char *loadavg = NULL;

    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      g_print ("  load average at start: %s", loadavg);
  }
  g_print ("  story: %u words, %u characters, %u body blocks, %u figures + lead, %u embeds\n",
           stats.words, stats.characters, cd_article_get_n_blocks (article), STORY_GEN_N_FIGURES, STORY_GEN_N_EMBEDS);
  g_print ("  media: %u PNG files, %.1f KB in all\n", g_strv_length (media), media_size / 1e3);
  g_print ("  article.json %.1f KB, .article %.1f KB, HTML page %.1f KB, Markdown %.1f KB\n\n",
           g_bytes_get_size (bench.json) / 1e3, g_bytes_get_size (bench.container) / 1e3,
           strlen (html) / 1e3, strlen (markdown) / 1e3);

  g_print ("  %-48s %13s %15s %13s\n", "operation", "median", "throughput", "size");
  ms = time_function (&bench, run_json_read);
  print_row ("read article.json (cd_json_read)", ms, bench.last_size);
  ms = time_function (&bench, run_json_write);
  print_row ("write article.json (cd_json_write)", ms, bench.last_size);
  ms = time_function (&bench, run_document_load);
  print_row ("read .article (cd_document_load_bytes)", ms, bench.last_size);
  ms = time_function (&bench, run_document_write_bytes);
  print_row ("write .article bytes (cd_document_write_bytes)", ms, bench.last_size);
  ms = time_function (&bench, run_document_save);
  print_row ("save .article with fsync (cd_document_save)", ms, bench.last_size);
  html_ms = time_function (&bench, run_html_write);
  print_row ("write HTML page (cd_html_write)", html_ms, bench.last_size);
  ms = time_function (&bench, run_find_all);
  print_row ("find \"the\" in every field (cd_find_all)", ms, bench.last_size);
  g_print ("    (%u matches)\n", bench.last_count);
  ms = time_function (&bench, run_replace_all);
  print_row ("copy + replace all \"the\" (cd_find_replace_all)", ms, bench.last_size);
  g_print ("    (%u replaced, one undo step)\n", bench.last_count);
  g_print ("  (throughput is of the file read or written; MB = 10^6 bytes)\n\n");

  time_read_with_photos (article, work_dir);

  g_print ("One paragraph with many marks (strong, em and links crossing and touching):\n");
  for (guint n_marks = 5000; n_marks <= 100000; n_marks *= 20)
    {
      Bench marked = { 0 };
      g_autoptr(CdArticle) story = make_marked_story (n_marks);
      g_autofree char *label = g_strdup_printf ("render %u marks (cd_html_write_block)", n_marks);

      marked.article = story;
      marked.options = bench.options;
      ms = time_function (&marked, run_html_write_marked);
      print_row (label, ms, marked.last_size);
    }
  g_print ("\n");

  g_print ("The same story as Markdown through other converters (whole process, median of %d runs):\n", n_runs);
  for (guint i = 0; i < G_N_ELEMENTS (converters); i++)
    compare_converter (&converters[i], markdown_path, trivial_path, html_ms);

  g_print ("\n");
  compare_convert (work_dir);

  g_clear_pointer (&bench.json, g_bytes_unref);
  g_clear_pointer (&bench.container, g_bytes_unref);
  g_clear_object (&bench.save_file);

  if (keep_dir != NULL)
    g_print ("\nGenerated files kept in %s\n", keep_dir);
  else
    remove_dir (work_dir);

  return EXIT_SUCCESS;
}
