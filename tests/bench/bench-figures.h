/* bench-figures.h: how the benchmarks print what they measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sorts @values (doubles) and returns the one at @fraction of the way. */
double  bench_percentile     (GArray     *values,
                              double      fraction);
/* The sample at @fraction (0.5 for the median, 0.99 for the 99th
 * percentile) of @samples (gint64 microseconds), nearest rank, in
 * milliseconds. Sorts @samples. */
double  bench_percentile_us_ms (GArray   *samples,
                                double    fraction);
/* One line: @what, then the median, 99th percentile and maximum of @ms. */
void    bench_print_figures  (const char *what,
                              GArray     *ms);

G_END_DECLS
