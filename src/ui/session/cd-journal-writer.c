/* cd-journal-writer.c: the recovery journal, written on a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-journal-writer"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-journal-writer.h"

typedef struct
{
  CdStorySnapshot *story;
  char            *display_name;
  char            *journal_id;
  char            *original;
  guint64          serial;
  gboolean         durable;
  GApplication    *application;
  /* The result, for the main context. */
  gint64           write_usec;
  GError          *error;
  CdJournalWriter *writer;
} Job;

struct _CdJournalWriter
{
  gatomicrefcount       ref_count;
  GMutex                lock;
  GCond                 cond;
  /* Under lock: the newest snapshot not yet being written. */
  Job                  *pending;
  gboolean              stopping;
  GThread              *thread;
  GMainContext         *context;
  GWeakRef              object;
  CdJournalWrittenFunc  written;
  gpointer              user_data;
};

static CdJournalWriter *
writer_ref (CdJournalWriter *self)
{
  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

static void
writer_unref (CdJournalWriter *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_main_context_unref (self->context);
  g_weak_ref_clear (&self->object);
  g_free (self);
}

/* On the main context: the application may go once the job is done. */
static void
job_free (Job *job)
{
  g_clear_pointer (&job->story, cd_story_snapshot_free);
  g_free (job->display_name);
  g_free (job->journal_id);
  g_free (job->original);
  if (job->application != NULL)
    g_application_release (job->application);
  g_clear_object (&job->application);
  g_clear_error (&job->error);
  g_clear_pointer (&job->writer, writer_unref);
  g_free (job);
}

static gboolean
report_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(GObject) object = g_weak_ref_get (&job->writer->object);

  /* Its window is gone and nobody will ever clean this journal. */
  if (object == NULL)
    cd_recovery_discard (job->journal_id);
  else
    job->writer->written (job->journal_id, job->serial, job->write_usec, job->error, job->writer->user_data);

  return G_SOURCE_REMOVE;
}

static void
write_job (Job *job)
{
  g_autoptr(CdArticle) article = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean written;

  article = cd_story_snapshot_build (job->story, job->display_name, &job->error);
  /* Freed here, not with the job on the main thread: a book-length
   * story's model takes milliseconds to take apart. */
  g_clear_pointer (&job->story, cd_story_snapshot_free);
  if (article == NULL)
    return;

  if (job->durable)
    written = cd_recovery_write (job->journal_id, article, job->original, &job->error);
  else
    written = cd_recovery_write_quick (job->journal_id, article, job->original, &job->error);

  if (written)
    job->write_usec = g_get_monotonic_time () - start;
}

static gpointer
writer_thread (gpointer data)
{
  CdJournalWriter *self = data;

  for (;;)
    {
      Job *job;

      g_mutex_lock (&self->lock);
      while (self->pending == NULL && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      job = g_steal_pointer (&self->pending);
      g_mutex_unlock (&self->lock);

      if (job == NULL)
        break;

      write_job (job);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, report_cb, job, (GDestroyNotify) job_free);
    }

  writer_unref (self);

  return NULL;
}

CdJournalWriter *
cd_journal_writer_new (GObject              *object,
                       CdJournalWrittenFunc  written,
                       gpointer              user_data)
{
  CdJournalWriter *self;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);
  g_return_val_if_fail (written != NULL, NULL);

  self = g_new0 (CdJournalWriter, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->object, object);
  self->written = written;
  self->user_data = user_data;
  /* The thread's reference, given up when it ends. */
  self->thread = g_thread_new ("cd-journal", writer_thread, writer_ref (self));

  return self;
}

gboolean
cd_journal_writer_submit (CdJournalWriter *self,
                          CdStorySnapshot *story,
                          const char      *display_name,
                          const char      *journal_id,
                          const char      *original,
                          guint64          serial,
                          gboolean         durable,
                          GApplication    *application)
{
  Job *job;
  Job *replaced;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (story != NULL, FALSE);
  g_return_val_if_fail (journal_id != NULL, FALSE);

  job = g_new0 (Job, 1);
  job->story = story;
  job->display_name = g_strdup (display_name);
  job->journal_id = g_strdup (journal_id);
  job->original = g_strdup (original);
  job->serial = serial;
  job->durable = durable;
  job->writer = writer_ref (self);
  /* Keeps the process alive until the journal is on disk, even when the
   * last window closes meanwhile. */
  if (application != NULL)
    {
      job->application = g_object_ref (application);
      g_application_hold (application);
    }

  g_mutex_lock (&self->lock);
  replaced = g_steal_pointer (&self->pending);
  /* A durable write that never started still owes the disk a sync. */
  if (replaced != NULL)
    job->durable |= replaced->durable;
  self->pending = job;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (replaced == NULL)
    return FALSE;

  job_free (replaced);
  return TRUE;
}

gboolean
cd_journal_writer_drop_pending (CdJournalWriter *self,
                                const char      *journal_id)
{
  Job *dropped = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (journal_id != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (self->pending != NULL && g_str_equal (self->pending->journal_id, journal_id))
    dropped = g_steal_pointer (&self->pending);
  g_mutex_unlock (&self->lock);

  if (dropped == NULL)
    return FALSE;

  job_free (dropped);
  return TRUE;
}

void
cd_journal_writer_stop (CdJournalWriter *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  /* The thread ends by itself; nobody waits for a write in progress. */
  g_thread_unref (self->thread);
  writer_unref (self);
}
