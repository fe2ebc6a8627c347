/* cd-story-journal.c: the recovery journal of the story a session shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-journal-writer.h"
#include "cd-story-journal.h"

/* The journal is written as soon as the main loop has handled the change
 * (the keys that came with it are written together), and a change made
 * while a write is under way is written as soon as that write ends. So a
 * change is on disk at most two writes after it was made: what a crash
 * loses is the last 0.2 s of typing at most (tests/ui/test-recovery-kill.c
 * checks that; tests/bench/bench-journal.c prints the costs). These
 * writes do not wait for the disk, which a crash of the program does not
 * need; one write each "autosave-interval" seconds does, so a system
 * crash or a power cut loses at most that many seconds. */

struct _CdStoryJournal
{
  GSettings                *settings;
  CdStoryJournalKeepFunc    keep;
  CdStoryJournalFailedFunc  failed;
  gpointer                  user_data;

  char                     *id;
  /* A journal exists on disk, or is being written. */
  gboolean                  exists;
  gboolean                  writing;
  /* The newest change on disk. */
  guint64                   serial;
  gboolean                  error_reported;
  /* When the last write that waited for the disk began. */
  gint64                    durable_time;
  /* The change the newest snapshot handed to the writer holds. */
  guint64                   submitted_serial;
  /* Snapshots of this journal handed to the writer and not reported yet. */
  guint                     jobs;
  CdJournalWriter          *writer;
  /* The last snapshot's copies of the blocks: while the reporter types,
   * a snapshot copies the block being typed in, not the whole story. */
  CdStoryCopies            *copies;
  CdJournalStats            stats;
  /* The story was closed: journals written from now on are removed. */
  gboolean                  closed;
};

static void
written_cb (const char   *journal_id,
            guint64       serial,
            gint64        write_usec,
            const GError *error,
            gpointer      user_data)
{
  CdStoryJournal *self = user_data;
  gboolean current_id = g_strcmp0 (journal_id, self->id) == 0;

  if (current_id)
    {
      self->jobs--;
      self->writing = self->jobs > 0;
    }

  /* Closed, saved, or another story shown while it was written. */
  if (self->closed || !current_id || !self->keep (self->user_data))
    {
      cd_recovery_discard (journal_id);
      if (current_id && !self->writing)
        self->exists = FALSE;
      return;
    }

  if (error != NULL)
    {
      /* The one safety net is gone: say so once, and try again with the
       * next change. */
      if (!self->error_reported)
        {
          self->error_reported = TRUE;
          self->failed (error, self->user_data);
        }
      g_warning ("Could not write the recovery journal: %s", error->message);
      return;
    }

  self->exists = TRUE;
  self->serial = MAX (self->serial, serial);
  self->stats.n_writes++;
  self->stats.write_usec_total += write_usec;
  self->stats.write_usec_max = MAX (self->stats.write_usec_max, write_usec);
}

CdStoryJournal *
cd_story_journal_new (GObject                  *owner,
                      GSettings                *settings,
                      CdStoryJournalKeepFunc    keep,
                      CdStoryJournalFailedFunc  failed,
                      gpointer                  user_data)
{
  CdStoryJournal *self;

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (keep != NULL && failed != NULL, NULL);

  self = g_new0 (CdStoryJournal, 1);
  self->settings = g_object_ref (settings);
  self->keep = keep;
  self->failed = failed;
  self->user_data = user_data;
  self->id = cd_recovery_new_id ();
  self->writer = cd_journal_writer_new (owner, written_cb, self);
  self->copies = cd_story_copies_new ();

  return self;
}

void
cd_story_journal_free (CdStoryJournal *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->writer, cd_journal_writer_stop);
  g_clear_pointer (&self->copies, cd_story_copies_free);
  g_clear_object (&self->settings);
  g_free (self->id);
  g_free (self);
}

void
cd_story_journal_discard (CdStoryJournal *self)
{
  g_return_if_fail (self != NULL);

  if (self->exists)
    cd_recovery_discard (self->id);
  if (cd_journal_writer_drop_pending (self->writer, self->id))
    self->jobs--;
  self->writing = self->jobs > 0;

  /* A journal still being written is removed when it lands. */
  self->exists = self->writing;
  self->serial = 0;
}

void
cd_story_journal_restart (CdStoryJournal *self,
                          const char     *journal_id,
                          guint64         serial)
{
  g_return_if_fail (self != NULL);

  cd_story_journal_discard (self);

  g_free (self->id);
  self->id = journal_id != NULL ? g_strdup (journal_id) : cd_recovery_new_id ();
  self->exists = journal_id != NULL;
  self->writing = FALSE;
  self->serial = serial;
  self->submitted_serial = serial;
  self->error_reported = FALSE;
  self->durable_time = 0;
  self->jobs = 0;
  /* Another story, or the same one read again: nothing to share. */
  cd_story_copies_free (self->copies);
  self->copies = cd_story_copies_new ();
}

void
cd_story_journal_write (CdStoryJournal *self,
                        CdArticle      *article,
                        GFile          *file,
                        guint64         serial,
                        GApplication   *application)
{
  g_autofree char *original = NULL;
  g_autofree char *display_name = NULL;
  CdStorySnapshot *story;
  gboolean durable = FALSE;
  gint64 start;
  gint64 interval;

  g_return_if_fail (self != NULL);
  g_return_if_fail (CD_IS_ARTICLE (article));

  if (self->closed || self->submitted_serial == serial)
    return;

  /* Serialising the story is the only part on the main thread; the
   * writer's thread builds and writes the container. */
  start = g_get_monotonic_time ();
  story = cd_story_snapshot_new_reusing (article, self->copies);
  self->stats.n_snapshots++;
  self->stats.snapshot_usec_total += g_get_monotonic_time () - start;

  interval = g_settings_get_uint (self->settings, "autosave-interval") * G_USEC_PER_SEC;
  if (self->durable_time == 0 || start - self->durable_time >= interval)
    {
      durable = TRUE;
      self->durable_time = start;
    }

  if (file != NULL)
    {
      original = g_file_get_path (file);
      if (original == NULL)
        original = g_file_get_uri (file);
    }
  display_name = file != NULL ? cd_file_get_display_basename (file) : g_strdup (_("Untitled Story"));

  self->writing = TRUE;
  self->exists = TRUE;
  self->submitted_serial = serial;
  if (!cd_journal_writer_submit (self->writer, story, display_name, self->id, original,
                                 serial, durable, application))
    self->jobs++;
}

void
cd_story_journal_close (CdStoryJournal *self)
{
  g_return_if_fail (self != NULL);

  self->closed = TRUE;
}

const char *
cd_story_journal_get_id (CdStoryJournal *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

gboolean
cd_story_journal_is_current (CdStoryJournal *self,
                             guint64         serial)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->exists && !self->writing && self->serial == serial;
}

const CdJournalStats *
cd_story_journal_get_stats (CdStoryJournal *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->stats;
}
