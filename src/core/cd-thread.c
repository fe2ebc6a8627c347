/* cd-thread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-thread"
/* sched_getcpu () and the CPU sets. */
#define _GNU_SOURCE

#include "config.h"

#ifdef __linux__
#include <sched.h>
#endif

#include "cd-thread-private.h"

/* How long the caller waits for the new thread to move: only a few
 * microseconds, unless the core it moves to is busy; it then waits its
 * turn there while the caller goes on. */
#define START_WAIT_USEC 500

/* Shared by the caller and the new thread, freed by the last of them. */
typedef struct
{
  gint        ref_count;
  GThreadFunc func;
  gpointer    data;
  int         parent_cpu;
  GMutex      lock;
  GCond       cond;
  gboolean    started;
} Start;

static void
start_unref (Start *start)
{
  if (!g_atomic_int_dec_and_test (&start->ref_count))
    return;

  g_mutex_clear (&start->lock);
  g_cond_clear (&start->cond);
  g_free (start);
}

gboolean
_cd_thread_move_off_cpu (int cpu)
{
#ifdef __linux__
  cpu_set_t allowed;
  cpu_set_t others;

  if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getcpu () != cpu ||
      sched_getaffinity (0, sizeof allowed, &allowed) != 0)
    return FALSE;

  others = allowed;
  CPU_CLR (cpu, &others);
  if (CPU_COUNT (&others) == 0 || sched_setaffinity (0, sizeof others, &others) != 0)
    return FALSE;

  /* Moved at once; it stays where it was moved to until the scheduler
   * has a reason to move it again. */
  (void) sched_setaffinity (0, sizeof allowed, &allowed);
  return TRUE;
#else
  return FALSE;
#endif
}

static gpointer
start_thread (gpointer user_data)
{
  Start *start = user_data;
  GThreadFunc func = start->func;
  gpointer data = start->data;

  /* Moved before the caller is told: told first, the caller would run
   * again on this core and this thread would wait behind it, as it did
   * without the move. */
  _cd_thread_move_off_cpu (start->parent_cpu);

  g_mutex_lock (&start->lock);
  start->started = TRUE;
  g_cond_signal (&start->cond);
  g_mutex_unlock (&start->lock);
  start_unref (start);

  return func (data);
}

GThread *
cd_thread_new (const char  *name,
               GThreadFunc  func,
               gpointer     data)
{
  Start *start;
  GThread *thread;
  gint64 deadline;
  int parent_cpu = -1;

  g_return_val_if_fail (func != NULL, NULL);

#ifdef __linux__
  parent_cpu = sched_getcpu ();
#endif
  if (parent_cpu < 0)
    return g_thread_new (name, func, data);

  start = g_new0 (Start, 1);
  start->ref_count = 2;
  start->func = func;
  start->data = data;
  start->parent_cpu = parent_cpu;
  g_mutex_init (&start->lock);
  g_cond_init (&start->cond);

  /* Waiting lets the new thread run on this core at once if that is
   * where it was queued, and move itself off it. */
  thread = g_thread_new (name, start_thread, start);
  deadline = g_get_monotonic_time () + START_WAIT_USEC;
  g_mutex_lock (&start->lock);
  while (!start->started)
    {
      if (!g_cond_wait_until (&start->cond, &start->lock, deadline))
        break;
    }
  g_mutex_unlock (&start->lock);
  start_unref (start);

  return thread;
}
