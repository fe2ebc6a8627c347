/* cd-thread.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_thread_new () for work beside the calling thread's, which goes on
 * working while another core has little to do: the new thread starts on
 * another core than the caller's when it may run on one, then may run
 * on any it could before. Linux can queue a new thread behind its
 * busy parent on the parent's core until the next load balancing,
 * milliseconds later, while another core is idle; the caller waits the
 * few microseconds the new thread takes to move. Joined with
 * g_thread_join (). */
GThread *cd_thread_new (const char  *name,
                        GThreadFunc  func,
                        gpointer     data);

G_END_DECLS
