/* test-thread.c: cd_thread_new () and cd_thread_join ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#ifdef __linux__
#include <sched.h>
#endif

#include "copydesk-core.h"

typedef struct
{
  int       value;
  gboolean  same_cores;
  GThread  *self;
  int       first_cpu;
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

  work->first_cpu = sched_getcpu ();
  /* The caller's cores are the ones this thread may run on: starting
   * away from the caller's core must not have pinned it. */
  work->same_cores = sched_getaffinity (0, sizeof now, &now) == 0 &&
                     CPU_EQUAL (&now, &work->caller_cores);
#else
  work->first_cpu = -1;
  work->same_cores = TRUE;
#endif
  work->self = g_thread_self ();
  work->value *= 2;

  return GINT_TO_POINTER (work->value + 1);
}

/* Whatever core it starts on, the thread does its work with its data on
 * a thread of its own, hands back its result to cd_thread_join () and
 * keeps every core the caller may use; with two cores or more, it
 * starts on another core than the caller's. */
static void
test_runs_and_joins (void)
{
  guint n_elsewhere = 0;
  guint n_runs = 50;
  gboolean may_start_elsewhere = FALSE;

#ifdef __linux__
  {
    cpu_set_t cores;

    may_start_elsewhere = sched_getcpu () >= 0 &&
                          sched_getaffinity (0, sizeof cores, &cores) == 0 &&
                          CPU_COUNT (&cores) > 1;
  }
#endif

  for (guint i = 0; i < n_runs; i++)
    {
      Work work = { (int) i, FALSE, NULL, -1, };
      CdThread *thread;
      int caller_cpu = -1;

#ifdef __linux__
      g_assert_cmpint (sched_getaffinity (0, sizeof work.caller_cores, &work.caller_cores), ==, 0);
      caller_cpu = sched_getcpu ();
#endif
      thread = cd_thread_new ("test-work", work_thread, &work);

      g_assert_nonnull (thread);
      g_assert_cmpint (GPOINTER_TO_INT (cd_thread_join (thread)), ==, 2 * (int) i + 1);
      g_assert_cmpint (work.value, ==, 2 * (int) i);
      g_assert_nonnull (work.self);
      g_assert_true (work.self != g_thread_self ());
      g_assert_true (work.same_cores);
      if (work.first_cpu >= 0 && work.first_cpu != caller_cpu)
        n_elsewhere++;
    }

  /* The caller may itself move between asking where it runs and making
   * the thread, but not in most of the runs. */
  if (may_start_elsewhere)
    g_assert_cmpuint (n_elsewhere, >=, n_runs * 9 / 10);
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

  cd_thread_join (cd_thread_new ("test-one-core", read_cores_thread, &cores));
  g_assert_cmpint (sched_setaffinity (0, sizeof saved, &saved), ==, 0);

  g_assert_true (cores.read);
  g_assert_true (CPU_EQUAL (&cores.cores, &one));
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

  return g_test_run ();
}
