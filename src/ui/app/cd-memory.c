/* cd-memory.c: handing freed memory back to the system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-memory"

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cd-memory.h"

/* glibc's own ceiling for the threshold it adjusts by itself. */
#define LARGE_BLOCK_SIZE (32 * 1024 * 1024)

/* Long enough for a story's photos near the view to finish decoding,
 * short enough to be done before the user looks at the figures. */
#define QUIET_SECONDS 1

static guint release_id;

static gboolean
release_cb (gpointer data)
{
  release_id = 0;

#ifdef __GLIBC__
  {
    gint64 started = g_get_monotonic_time ();

    /* Every heap, the worker threads' too, and the free pages between
     * the blocks in use, not only the end of the main heap. */
    malloc_trim (0);
    g_debug ("Freed pages returned in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  }
#endif

  return G_SOURCE_REMOVE;
}

void
cd_memory_release_soon (void)
{
  g_clear_handle_id (&release_id, g_source_remove);
  release_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, QUIET_SECONDS, release_cb, NULL, NULL);
}

void
cd_memory_prepare (void)
{
#ifdef __GLIBC__
  /* Each frame that draws a large region (GTK's cairo renderer) and each
   * update of the preview's page (WebKit's copy of it) takes a cairo
   * surface of a few MB and frees it. Left to itself, glibc mapped such
   * a block on its own, or, once it had raised its threshold, took it
   * from the heap and gave the heap's end back after the next free:
   * either way every surface was new pages, faulted in and cleared
   * (about 1,500 heap resizes in one run of bench-ui). Setting the
   * thresholds stops glibc adjusting them. */
  if (mallopt (M_MMAP_THRESHOLD, LARGE_BLOCK_SIZE) != 1 ||
      mallopt (M_TRIM_THRESHOLD, LARGE_BLOCK_SIZE) != 1)
    g_debug ("The allocator's thresholds were left as they were");
#endif
}
