/* cd-story-journal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* What keeping the recovery journal has cost so far, for the benchmark. */
typedef struct
{
  /* Snapshots taken on the main thread, and the time that took. */
  guint   n_snapshots;
  gint64  snapshot_usec_total;
  /* Journals written by the worker, and the time that took. */
  guint   n_writes;
  gint64  write_usec_total;
  gint64  write_usec_max;
} CdJournalStats;

/* The recovery journal of one story at a time: which journal that is,
 * whether it is on disk and which change it holds. Snapshots are taken
 * here and written by a CdJournalWriter thread; a journal that lands
 * once its story is saved, closed or replaced is removed. */
typedef struct _CdStoryJournal CdStoryJournal;

/* Whether the story still has unsaved changes, asked as a journal lands. */
typedef gboolean (*CdStoryJournalKeepFunc)   (gpointer      user_data);
/* A journal could not be written; said once per journal. */
typedef void     (*CdStoryJournalFailedFunc) (const GError *error,
                                              gpointer      user_data);

/* @owner is held weakly by the writer (see cd_journal_writer_new());
 * @settings give the "autosave-interval". */
CdStoryJournal *cd_story_journal_new        (GObject                  *owner,
                                             GSettings                *settings,
                                             CdStoryJournalKeepFunc    keep,
                                             CdStoryJournalFailedFunc  failed,
                                             gpointer                  user_data);
/* Lets the writer finish in the background. */
void            cd_story_journal_free       (CdStoryJournal           *self);

/* Goes on with the journal @journal_id, which holds change @serial of
 * the story already (a recovered story), or with a new journal when
 * @journal_id is NULL. The previous journal is discarded first. */
void            cd_story_journal_restart    (CdStoryJournal           *self,
                                             const char               *journal_id,
                                             guint64                   serial);
/* Writes @article as it is at change @serial in the background, unless
 * that change is on its way already. Each "autosave-interval" seconds a
 * write waits for the disk; the others survive a crash of the program. */
void            cd_story_journal_write      (CdStoryJournal           *self,
                                             CdArticle                *article,
                                             GFile                    *file,
                                             guint64                   serial,
                                             GApplication             *application);
/* The story was saved or its changes undone: the journal goes (one still
 * being written goes when it lands). */
void            cd_story_journal_discard    (CdStoryJournal           *self);
/* The story was closed: journals landing from now on are removed. */
void            cd_story_journal_close      (CdStoryJournal           *self);

const char     *cd_story_journal_get_id     (CdStoryJournal           *self);
/* Whether the journal on disk holds change @serial, with no write on
 * its way. */
gboolean        cd_story_journal_is_current (CdStoryJournal           *self,
                                             guint64                   serial);
const CdJournalStats *cd_story_journal_get_stats (CdStoryJournal      *self);

G_END_DECLS
