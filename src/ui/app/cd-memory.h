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

/* Call first in main (), before any thread starts. Blocks of up to
 * 32 MiB come from the heap rather than from mappings of their own, and
 * the heap keeps up to 32 MiB free at its end, so the surfaces a frame
 * or a preview update draws into are taken from pages already in use
 * rather than from new ones. cd_memory_release_soon () still returns
 * them after the work it is called for. */
void cd_memory_prepare      (void);

G_END_DECLS
