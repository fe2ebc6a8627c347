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

/* GLib before 2.76 hands out small blocks (every GObject, array and
 * hash table) from per-thread magazines traded under one lock, which
 * threads making objects at once then wait on in turn. GLib 2.76 and
 * later take such blocks from malloc, as G_SLICE=always-malloc makes the
 * older one do. GLib settles this at its first allocation, before
 * main (), so a program asks for it from its .preinit_array, before any
 * library's initializers run, by naming CD_THREAD_PREINIT_SLICES once at
 * file scope; a G_SLICE the user set is left to decide. */
void      cd_thread_take_slices_from_malloc (int    argc,
                                             char **argv,
                                             char **envp);

#define CD_THREAD_PREINIT_SLICES \
  __attribute__ ((section (".preinit_array"), used)) \
  static void (*const cd_thread_preinit_slices) (int, char **, char **) = cd_thread_take_slices_from_malloc

G_END_DECLS
