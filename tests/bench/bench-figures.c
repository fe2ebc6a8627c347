/* bench-figures.c: how the benchmarks print what they measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-figures.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

double
bench_percentile (GArray *values,
                  double  fraction)
{
  guint index;

  g_array_sort (values, compare_doubles);
  index = MIN ((guint) (fraction * values->len), values->len - 1);

  return g_array_index (values, double, index);
}

void
bench_print_figures (const char *what,
                     GArray     *ms)
{
  g_print ("  %-56s median %8.3f ms   p99 %8.3f ms   max %8.3f ms\n",
           what, bench_percentile (ms, 0.5), bench_percentile (ms, 0.99), bench_percentile (ms, 1.0));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

double
bench_percentile_us_ms (GArray *samples,
                        double  fraction)
{
  guint rank;

  g_assert (samples->len > 0);
  g_array_sort (samples, compare_gint64);
  rank = (guint) (fraction * samples->len + 0.999999);
  rank = CLAMP (rank, 1, samples->len);

  return g_array_index (samples, gint64, rank - 1) / 1e3;
}
