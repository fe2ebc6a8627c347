/* test-memory.c: freed memory handed back to the system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-memory"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "cd-memory.h"
#include "cd-test-utils.h"

#define BLOCK_SIZE    4000
#define N_BLOCKS      16384
/* One block in this many stays in use, spread over the whole heap, as a
 * story's objects stay among the freed scratch of decoding a photo. */
#define KEPT_EVERY    256
#define MIN_RETURNED  (32 * 1024 * 1024)

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  fields = g_strsplit (statm, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);

  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

/* As a worker thread decoding a photo leaves its heap: 64 MB written and
 * freed, with a few blocks still in use all through it. */
static gpointer
fragment_thread (gpointer data)
{
  GPtrArray *kept = data;
  char **blocks = g_new (char *, N_BLOCKS);

  for (guint i = 0; i < N_BLOCKS; i++)
    {
      blocks[i] = g_malloc (BLOCK_SIZE);
      memset (blocks[i], 0x5a, BLOCK_SIZE);
    }
  for (guint i = 0; i < N_BLOCKS; i++)
    {
      if (i % KEPT_EVERY == KEPT_EVERY - 1)
        g_ptr_array_add (kept, blocks[i]);
      else
        g_free (blocks[i]);
    }
  g_free (blocks);

  return NULL;
}

typedef struct
{
  gsize before;
} ReleaseWait;

static gboolean
memory_returned (gpointer data)
{
  ReleaseWait *wait = data;

  return resident_bytes () + MIN_RETURNED <= wait->before;
}

/* The pages freed between blocks still in use, on another thread's heap,
 * go back to the system once the program is quiet. */
static void
test_freed_pages_returned (void)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  ReleaseWait wait;

#ifndef __GLIBC__
  g_test_skip ("the heap is only trimmed with glibc's allocator");
  return;
#endif

  g_thread_join (g_thread_new ("fragment", fragment_thread, kept));
  wait.before = resident_bytes ();
  g_test_message ("resident after the thread: %" G_GSIZE_FORMAT " KB", wait.before / 1024);

  cd_memory_release_soon ();
  cd_test_wait_for (memory_returned, &wait, "the freed pages to be returned");
  g_test_message ("resident after the release: %" G_GSIZE_FORMAT " KB", resident_bytes () / 1024);

  /* The blocks in use are untouched. */
  for (guint i = 0; i < kept->len; i++)
    g_assert_cmpint (((char *) g_ptr_array_index (kept, i))[BLOCK_SIZE - 1], ==, 0x5a);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memory/freed-pages-returned", test_freed_pages_returned);

  return g_test_run ();
}
