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

typedef struct
{
  GThreadFunc func;
  gpointer    data;
  int         parent_cpu;
  GMutex      lock;
  GCond       cond;
  gboolean    started;
} Start;

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

  _cd_thread_move_off_cpu (start->parent_cpu);

  /* @start is the caller's, gone once it has been told. */
  g_mutex_lock (&start->lock);
  start->started = TRUE;
  g_cond_signal (&start->cond);
  g_mutex_unlock (&start->lock);

  return func (data);
}

GThread *
cd_thread_new (const char  *name,
               GThreadFunc  func,
               gpointer     data)
{
  Start start = { func, data, -1, };
  GThread *thread;

  g_return_val_if_fail (func != NULL, NULL);

#ifdef __linux__
  start.parent_cpu = sched_getcpu ();
#endif
  if (start.parent_cpu < 0)
    return g_thread_new (name, func, data);

  g_mutex_init (&start.lock);
  g_cond_init (&start.cond);

  thread = g_thread_new (name, start_thread, &start);
  g_mutex_lock (&start.lock);
  while (!start.started)
    g_cond_wait (&start.cond, &start.lock);
  g_mutex_unlock (&start.lock);

  g_mutex_clear (&start.lock);
  g_cond_clear (&start.cond);

  return thread;
}
