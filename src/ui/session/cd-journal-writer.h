/* cd-journal-writer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-story-snapshot.h"

G_BEGIN_DECLS

/* Writes a story's recovery journal on a thread of its own, one snapshot
 * after the other: a snapshot handed in while a write is under way is
 * written the moment that write ends, without a turn of the main loop in
 * between, and a newer snapshot handed in before then replaces it. So a
 * change is on disk at most two writes after its snapshot was taken. */
typedef struct _CdJournalWriter CdJournalWriter;

/* Called in the main context of the creator, once per snapshot written
 * (or failed); @error is NULL on success. Replaced snapshots are not
 * reported. */
typedef void (*CdJournalWrittenFunc) (const char   *journal_id,
                                      guint64       serial,
                                      gint64        write_usec,
                                      const GError *error,
                                      gpointer      user_data);

/* @object is held weakly: once it is finalized, journals still landing
 * are discarded instead of reported, since nobody will ever clean them. */
CdJournalWriter *cd_journal_writer_new    (GObject              *object,
                                           CdJournalWrittenFunc  written,
                                           gpointer              user_data);
/* Takes @story; returns whether it replaced a snapshot still waiting
 * (which is then never reported). @durable waits for the disk (cd_recovery_write()), else
 * the write survives a crash of the program only (cd_recovery_write_quick()).
 * Keeps @application held until the snapshot is written. */
gboolean         cd_journal_writer_submit (CdJournalWriter      *self,
                                           CdStorySnapshot      *story,
                                           const char           *display_name,
                                           const char           *journal_id,
                                           const char           *original,
                                           guint64               serial,
                                           gboolean              durable,
                                           GApplication         *application);
/* Drops the snapshot of @journal_id still waiting for its turn, if any
 * (it is then never reported): its story was saved or closed. One being
 * written lands and is reported. */
gboolean         cd_journal_writer_drop_pending (CdJournalWriter *self,
                                                 const char      *journal_id);
/* Lets the thread finish what it has, then end; the writer is freed by
 * the thread. */
void             cd_journal_writer_stop   (CdJournalWriter      *self);

G_END_DECLS
