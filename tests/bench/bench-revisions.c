/* bench-revisions.c: what revisions and the compare cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints: the compare of two versions of the 10,000-word story with 5%
 * of its words changed (median and 99th percentile), and saving and
 * opening the story with 200 revisions against none (time and size).
 */

#include "config.h"

#include <string.h>

#include "story-gen.h"

#define DIFF_RUNS  200
#define SAVE_RUNS  15
#define REVISIONS  200

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The sample at @fraction of the sorted samples, in milliseconds. */
static double
percentile_ms (GArray *samples,
               double  fraction)
{
  guint index;

  g_array_sort (samples, compare_gint64);
  index = (guint) (fraction * (samples->len - 1) + 0.5);
  return g_array_index (samples, gint64, index) / 1e6;
}

static gint64
now_ns (void)
{
  return g_get_monotonic_time () * 1000;
}

/* Turns every @every-th word of the story's text blocks around ("homes"
 * → "semoh"): the same length, so marks stay where they were. Returns
 * how many words changed out of how many. */
static void
change_words (CdArticle *article,
              guint      every,
              guint      seed,
              guint     *changed,
              guint     *total)
{
  guint n = 0;

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      g_autoptr(GString) text = NULL;
      gboolean in_word = FALSE;
      gsize word_start = 0;

      if (!cd_block_type_has_field (cd_block_get_block_type (block), CD_BLOCK_FIELD_TEXT) ||
          cd_block_get_block_type (block) == CD_BLOCK_EMBED)
        continue;

      text = g_string_new (cd_block_get_text (block));
      for (gsize k = 0; k <= text->len; k++)
        {
          gboolean letter = k < text->len && g_ascii_isalpha (text->str[k]);

          if (letter && !in_word)
            word_start = k;
          else if (!letter && in_word)
            {
              n++;
              if ((n + seed) % every == 0 && k - word_start > 1)
                {
                  for (gsize a = word_start, b = k - 1; a < b; a++, b--)
                    {
                      char c = text->str[a];

                      text->str[a] = text->str[b];
                      text->str[b] = c;
                    }
                  (*changed)++;
                }
            }
          in_word = letter;
        }
      cd_block_set_text_and_marks (block, text->str, cd_block_get_marks (block));
    }

  *total = n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CdArticle) old = story_gen_make ();
  g_autoptr(CdArticle) new = cd_article_copy (old);
  g_autoptr(GArray) compare_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) page_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  guint changed = 0;
  guint total = 0;
  guint n_changes = 0;
  CdHtmlOptions options;
  CdStats stats;

  change_words (new, 19, 0, &changed, &total);
  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;

  g_print ("Copydesk revisions benchmark\n\n");
  cd_stats_compute (old, &stats);
  g_print ("Compare: the benchmark story (%u words; %u in the text blocks) against a copy with %u of\n"
           "those changed (%.1f%%), %d runs\n",
           stats.words, total, changed, 100.0 * changed / total, DIFF_RUNS);

  for (guint run = 0; run < DIFF_RUNS; run++)
    {
      g_autoptr(CdComparison) comparison = NULL;
      g_autofree char *html = NULL;
      gint64 t0 = now_ns ();
      gint64 t1;

      comparison = cd_comparison_new (old, new);
      t1 = now_ns ();
      html = cd_comparison_write_html (comparison, &options);
      g_array_append_val (compare_samples, ((gint64) { t1 - t0 }));
      g_array_append_val (page_samples, ((gint64) { now_ns () - t0 }));
      n_changes = cd_comparison_get_changes (comparison)->len;
    }

  g_print ("  %-44s median %8.2f ms   p99 %8.2f ms   (%u changes)\n", "word diff of every field and block",
           percentile_ms (compare_samples, 0.5), percentile_ms (compare_samples, 0.99), n_changes);
  g_print ("  %-44s median %8.2f ms   p99 %8.2f ms\n", "diff + the marked page (HTML writer)",
           percentile_ms (page_samples, 0.5), percentile_ms (page_samples, 0.99));

  /* Saving: the same story with no revisions and with 200, taken five
   * minutes apart today (so thinning keeps them all), each after a few
   * more words changed. */
  {
    g_autoptr(CdArticle) story = story_gen_make ();
    g_autoptr(GArray) bare_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) full_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) bare_load = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) full_load = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) take_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GBytes) bare = NULL;
    g_autoptr(GBytes) full = NULL;
    g_autoptr(GError) error = NULL;
    gsize revision_bytes = 0;
    GPtrArray *revisions;

    for (guint run = 0; run < SAVE_RUNS; run++)
      {
        gint64 t0 = now_ns ();
        g_autoptr(CdArticle) loaded = NULL;

        g_clear_pointer (&bare, g_bytes_unref);
        bare = cd_document_write_bytes (story, &error);
        g_assert_no_error (error);
        g_array_append_val (bare_samples, ((gint64) { now_ns () - t0 }));
        t0 = now_ns ();
        loaded = cd_document_load_bytes (bare, "bench.article", NULL, &error);
        g_assert_no_error (error);
        g_array_append_val (bare_load, ((gint64) { now_ns () - t0 }));
      }

    for (guint i = 0; i < REVISIONS; i++)
      {
        g_autoptr(GDateTime) when = g_date_time_add_minutes (start, -5 * (REVISIONS - i));
        guint c = 0;
        guint t = 0;
        gint64 t0;

        change_words (story, 997, i, &c, &t);
        t0 = now_ns ();
        cd_article_add_revision (story, i % 50 == 0 ? CD_REVISION_NAMED : CD_REVISION_SAVED,
                                 "Bench", i % 50 == 0 ? "Checkpoint" : NULL, when);
        g_array_append_val (take_samples, ((gint64) { now_ns () - t0 }));
      }
    revisions = cd_article_get_revisions (story);
    g_assert_cmpuint (revisions->len, ==, REVISIONS);
    for (guint i = 0; i < revisions->len; i++)
      revision_bytes += g_bytes_get_size (cd_revision_get_json (g_ptr_array_index (revisions, i)));

    for (guint run = 0; run < SAVE_RUNS; run++)
      {
        gint64 t0 = now_ns ();
        g_autoptr(CdArticle) loaded = NULL;

        g_clear_pointer (&full, g_bytes_unref);
        full = cd_document_write_bytes (story, &error);
        g_assert_no_error (error);
        g_array_append_val (full_samples, ((gint64) { now_ns () - t0 }));
        t0 = now_ns ();
        loaded = cd_document_load_bytes (full, "bench.article", NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (cd_article_get_revisions (loaded)->len, ==, REVISIONS);
        g_array_append_val (full_load, ((gint64) { now_ns () - t0 }));
      }

    g_print ("\nThe .article container of the benchmark story (%u photos), median of %d runs\n",
             STORY_GEN_N_FIGURES, SAVE_RUNS);
    g_print ("  %-28s write %8.1f ms   open %8.1f ms   %8.1f KiB\n", "no revisions",
             percentile_ms (bare_samples, 0.5), percentile_ms (bare_load, 0.5),
             g_bytes_get_size (bare) / 1024.0);
    g_print ("  %-28s write %8.1f ms   open %8.1f ms   %8.1f KiB\n", "200 revisions",
             percentile_ms (full_samples, 0.5), percentile_ms (full_load, 0.5),
             g_bytes_get_size (full) / 1024.0);
    g_print ("  taking a revision (on the main thread, before a save): median %.1f ms, p99 %.1f ms\n",
             percentile_ms (take_samples, 0.5), percentile_ms (take_samples, 0.99));
    g_print ("  200 revisions hold %.1f MiB of article.json in memory (%.1f KiB each), %.1f KiB on disk each\n",
             revision_bytes / 1048576.0, revision_bytes / 1024.0 / REVISIONS,
             (g_bytes_get_size (full) - g_bytes_get_size (bare)) / 1024.0 / REVISIONS);
  }

  return 0;
}
