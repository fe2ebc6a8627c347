/* cd-memory.h: handing freed memory back to the system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* After work that allocated a lot and freed most of it again (reading a
 * story, decoding a photo's thumbnail on a worker thread, closing a
 * window), the allocator keeps the freed pages resident for the next
 * allocation: between the blocks still in use and in the worker threads'
 * own heaps, none of it goes back by itself. Asks, once the program has
 * been quiet for a second, that the pages no block uses be returned.
 * Calls made in a burst ask once. */
void cd_memory_release_soon (void);

G_END_DECLS
