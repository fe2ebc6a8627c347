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
