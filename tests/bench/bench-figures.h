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
/* One line: @what, then the median, 99th percentile and maximum of @ms. */
void    bench_print_figures  (const char *what,
                              GArray     *ms);

G_END_DECLS
