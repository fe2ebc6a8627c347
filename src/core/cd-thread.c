/* cd-thread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-thread"
/* sched_getcpu (), the CPU sets and pthread_attr_setaffinity_np (). */
#define _GNU_SOURCE

#include "config.h"

#include <pthread.h>
#include <string.h>
#ifdef __linux__
#include <sched.h>
#endif

#include "cd-thread.h"

/* Thread names are cut to the 15 bytes Linux keeps. */
#define NAME_SIZE 16

struct _CdThread
{
  pthread_t   handle;
  GThreadFunc func;
  gpointer    data;
  char        name[NAME_SIZE];
#ifdef __linux__
  /* The caller's cores, given back to the thread once it runs on one of
   * them that is not the caller's. */
  gboolean    started_elsewhere;
  cpu_set_t   cores;
#endif
};

static void *
run_thread (void *user_data)
{
  CdThread *self = user_data;

#ifdef __linux__
  /* Running now, it stays on this core until the scheduler has a reason
   * to move it. */
  if (self->started_elsewhere)
    (void) sched_setaffinity (0, sizeof self->cores, &self->cores);
#endif
  if (self->name[0] != '\0')
    (void) pthread_setname_np (pthread_self (), self->name);

  return self->func (self->data);
}

/* Leaves the caller's core out of @attr's cores when the caller may run
 * on others; TRUE when it did. */
static gboolean
start_elsewhere (CdThread       *self,
                 pthread_attr_t *attr)
{
#ifdef __linux__
  cpu_set_t others;
  int cpu = sched_getcpu ();

  if (cpu < 0 || cpu >= CPU_SETSIZE ||
      sched_getaffinity (0, sizeof self->cores, &self->cores) != 0 ||
      !CPU_ISSET (cpu, &self->cores))
    return FALSE;

  others = self->cores;
  CPU_CLR (cpu, &others);

  return CPU_COUNT (&others) > 0 &&
         pthread_attr_setaffinity_np (attr, sizeof others, &others) == 0;
#else
  return FALSE;
#endif
}

CdThread *
cd_thread_new (const char  *name,
               GThreadFunc  func,
               gpointer     data)
{
  CdThread *self;
  pthread_attr_t attr;
  gboolean elsewhere;
  int result;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (CdThread, 1);
  self->func = func;
  self->data = data;
  if (name != NULL)
    g_strlcpy (self->name, name, sizeof self->name);

  /* glibc sets the new thread's cores before it first runs. */
  if (pthread_attr_init (&attr) != 0)
    g_error ("Cannot create the thread “%s”: no memory for its attributes", name);
  elsewhere = start_elsewhere (self, &attr);
#ifdef __linux__
  self->started_elsewhere = elsewhere;
#endif
  result = pthread_create (&self->handle, &attr, run_thread, self);
  pthread_attr_destroy (&attr);

  /* A sandbox may refuse the cores; the thread then starts as any does. */
  if (result != 0 && elsewhere)
    {
#ifdef __linux__
      self->started_elsewhere = FALSE;
#endif
      result = pthread_create (&self->handle, NULL, run_thread, self);
    }
  if (result != 0)
    g_error ("Cannot create the thread “%s”: %s", name, g_strerror (result));

  return self;
}

gpointer
cd_thread_join (CdThread *thread)
{
  void *result = NULL;
  int error;

  g_return_val_if_fail (thread != NULL, NULL);

  error = pthread_join (thread->handle, &result);
  if (error != 0)
    g_error ("Cannot wait for the thread “%s”: %s", thread->name, g_strerror (error));
  g_free (thread);

  return result;
}

void
cd_thread_take_slices_from_malloc (int    argc,
                                   char **argv,
                                   char **envp)
{
  if (g_getenv ("G_SLICE") != NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_slice_set_config (G_SLICE_CONFIG_ALWAYS_MALLOC, TRUE);
  G_GNUC_END_IGNORE_DEPRECATIONS
}
