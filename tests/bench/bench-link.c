/* bench-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program that links GTK 4 and libadwaita (with BENCH_LINK_WEBKIT,
 * WebKitGTK 6 as well) and does nothing: the time from its exec to its
 * exit is what loading those libraries costs before main() runs, which
 * bench-startup prints for both.
 */

#include <adwaita.h>
#ifdef BENCH_LINK_WEBKIT
#include <webkit/webkit.h>
#endif

int
main (void)
{
  /* One call into each library, so that the linker keeps it. */
  guint version = gtk_get_major_version () + adw_get_major_version ();

#ifdef BENCH_LINK_WEBKIT
  version += webkit_get_major_version ();
#endif

  return version > 0 ? 0 : 1;
}
