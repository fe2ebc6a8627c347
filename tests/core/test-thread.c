/* test-thread.c: cd_thread_new ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#ifdef __linux__
#include <sched.h>
#endif

#include "copydesk-core.h"
#include "cd-thread-private.h"

typedef struct
{
  int       value;
  gboolean  same_cores;
  GThread  *self;
#ifdef __linux__
  cpu_set_t caller_cores;
#endif
} Work;

static gpointer
work_thread (gpointer data)
{
  Work *work = data;
#ifdef __linux__
  cpu_set_t now;

  /* The caller's cores are the ones this thread may run on: moving off
   * the caller's core at the start must not have pinned it. */
  work->same_cores = sched_getaffinity (0, sizeof now, &now) == 0 &&
                     CPU_EQUAL (&now, &work->caller_cores);
#else
  work->same_cores = TRUE;
#endif
  work->self = g_thread_self ();
  work->value *= 2;

  return GINT_TO_POINTER (work->value + 1);
}

/* Whatever core it starts on, the thread does its work with its data,
 * hands back its result to g_thread_join () and keeps every core the
 * caller may use. */
static void
test_runs_and_joins (void)
{
  for (int i = 0; i < 50; i++)
    {
      Work work = { i, FALSE, NULL, };
      GThread *thread;
      GThread *ran_on;

#ifdef __linux__
      g_assert_cmpint (sched_getaffinity (0, sizeof work.caller_cores, &work.caller_cores), ==, 0);
#endif
      thread = cd_thread_new ("test-work", work_thread, &work);
      ran_on = thread;

      g_assert_nonnull (thread);
      g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (thread)), ==, 2 * i + 1);
      g_assert_cmpint (work.value, ==, 2 * i);
      g_assert_true (work.self == ran_on);
      g_assert_true (work.same_cores);
    }
}

#ifdef __linux__
typedef struct
{
  cpu_set_t cores;
  gboolean  read;
} Cores;

static gpointer
read_cores_thread (gpointer data)
{
  Cores *cores = data;

  cores->read = sched_getaffinity (0, sizeof cores->cores, &cores->cores) == 0;
  return NULL;
}
#endif

/* A caller held to one core: the thread cannot move and runs there. */
static void
test_one_core (void)
{
#ifdef __linux__
  cpu_set_t saved;
  cpu_set_t one;
  Cores cores = { { { 0 } }, FALSE };
  int cpu = sched_getcpu ();

  g_assert_cmpint (sched_getaffinity (0, sizeof saved, &saved), ==, 0);
  if (cpu < 0)
    {
      g_test_skip ("sched_getcpu () is not available");
      return;
    }
  CPU_ZERO (&one);
  CPU_SET (cpu, &one);
  if (sched_setaffinity (0, sizeof one, &one) != 0)
    {
      g_test_skip ("this process may not choose its cores");
      return;
    }

  g_thread_join (cd_thread_new ("test-one-core", read_cores_thread, &cores));
  g_assert_cmpint (sched_setaffinity (0, sizeof saved, &saved), ==, 0);

  g_assert_true (cores.read);
  g_assert_true (CPU_EQUAL (&cores.cores, &one));
#else
  g_test_skip ("Linux only");
#endif
}

/* Moving a thread off its core leaves it free to run on every core it
 * could before: a thread moved only to start elsewhere is not pinned. */
static void
test_move_off_cpu (void)
{
#ifdef __linux__
  cpu_set_t before;
  guint n_moved = 0;

  g_assert_cmpint (sched_getaffinity (0, sizeof before, &before), ==, 0);
  if (CPU_COUNT (&before) < 2 || sched_getcpu () < 0)
    {
      g_test_skip ("one core");
      return;
    }
  if (sched_setaffinity (0, sizeof before, &before) != 0)
    {
      g_test_skip ("this process may not choose its cores");
      return;
    }

  for (int i = 0; i < 100; i++)
    {
      cpu_set_t after;

      if (_cd_thread_move_off_cpu (sched_getcpu ()))
        n_moved++;
      g_assert_cmpint (sched_getaffinity (0, sizeof after, &after), ==, 0);
      g_assert_true (CPU_EQUAL (&after, &before));
    }
  /* A thread may be moved by the scheduler between asking where it is
   * and asking to move, but not a hundred times in a row. */
  g_assert_cmpuint (n_moved, >, 0);
  g_assert_false (_cd_thread_move_off_cpu (-1));
#else
  g_test_skip ("Linux only");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/thread/runs-and-joins", test_runs_and_joins);
  g_test_add_func ("/core/thread/one-core", test_one_core);
  g_test_add_func ("/core/thread/move-off-cpu", test_move_off_cpu);

  return g_test_run ();
}
