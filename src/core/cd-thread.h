/* cd-thread.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CdThread CdThread;

/* A thread for work beside the calling thread's, which goes on working
 * while another core has little to do: the new thread starts on another
 * core than the caller's when it may run on one, then may run on any it
 * could before. Linux can queue a new thread behind its busy parent on
 * the parent's core until the next load balancing, milliseconds later,
 * while another core is idle; the new thread is created with the
 * caller's core left out of its cores, so the caller never waits for
 * it. Ends the program, as g_thread_new () does, when no thread can be
 * made. */
CdThread *cd_thread_new  (const char  *name,
                          GThreadFunc  func,
                          gpointer     data);

/* Waits for @thread to end, frees it and returns what its function
 * returned. Every thread is joined once. */
gpointer  cd_thread_join (CdThread    *thread);

G_END_DECLS
