/* cd-story-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "copydesk-core.h"
#include "cd-story-journal.h"

G_BEGIN_DECLS

#define CD_TYPE_STORY_SESSION (cd_story_session_get_type ())

G_DECLARE_FINAL_TYPE (CdStorySession, cd_story_session, CD, STORY_SESSION, GObject)

/* The story a window edits, without the window: its article, the undo
 * history, the file it came from and goes back to, whether it has
 * unsaved changes, and the recovery journal that keeps them safe until
 * they are saved. Loading and saving run on worker threads.
 *
 * Properties (all notify when they change):
 *   article (CdArticle): the story; a new object for each story shown
 *   history (CdHistory): its undo history, set before "article" notifies
 *   file (GFile): the Copydesk file that holds it, or NULL
 *   title (string): its headline, else its file's name, else
 *     "NAME (imported)" for a wire story, else "Untitled Story"
 *   subtitle (string): the file's name (or "NAME (imported)") when the
 *     headline is the title, else NULL
 *   modified (boolean): it has changes that are not saved
 *   busy (boolean): a file is being read or written
 *   can-undo, can-redo (boolean): the history's
 *
 * Signals:
 *   changed (): the story was edited (by the user, undo or redo)
 *   journal-failed (GError *error): the recovery journal could not be
 *     written; the next change tries again */
/* @settings are Copydesk's, for the journal's "autosave-interval". */
CdStorySession *cd_story_session_new              (GSettings            *settings);

/* Held while a journal or a save is written, so the process outlives
 * the window; NULL holds nothing. */
void            cd_story_session_set_application  (CdStorySession       *self,
                                                   GApplication         *application);

/* Shows a new story: today's dateline, one empty paragraph. */
void            cd_story_session_new_story        (CdStorySession       *self);
/* Reads @file (a .article, an article.json or a wire story, told by its
 * content) on a worker thread and shows it. A wire story gets no file:
 * saving it asks where. Another load, a recovered story or disposing
 * the session cancels it (G_IO_ERROR_CANCELLED), as @cancellable does. */
void            cd_story_session_load_async       (CdStorySession       *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        cd_story_session_load_finish      (CdStorySession       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* Writes the story as it is now as a .article container to @file on a
 * worker thread; on success @file is the story's file, its "modified"
 * time is the save's and the journal goes. Closing the session meanwhile,
 * or @cancellable before the write, gives G_IO_ERROR_CANCELLED. */
void            cd_story_session_save_async       (CdStorySession       *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        cd_story_session_save_finish      (CdStorySession       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* Shows @article, recovered from the journal @journal_id, as unsaved
 * changes to @original (NULL for a story never saved), and goes on
 * writing to that journal. */
void            cd_story_session_show_recovered   (CdStorySession       *self,
                                                   CdArticle            *article,
                                                   GFile                *original,
                                                   const char           *journal_id);
/* The story was closed on purpose: its journal goes, and nothing is
 * written any more. */
void            cd_story_session_close            (CdStorySession       *self);

void            cd_story_session_undo             (CdStorySession       *self);
void            cd_story_session_redo             (CdStorySession       *self);
/* Sets the story's "modified" time to its last edit when it has unsaved
 * edits, for an export of them; no edit itself. */
void            cd_story_session_stamp_modified   (CdStorySession       *self);

CdArticle      *cd_story_session_get_article      (CdStorySession       *self);
CdHistory      *cd_story_session_get_history      (CdStorySession       *self);
GFile          *cd_story_session_get_file         (CdStorySession       *self);
const char     *cd_story_session_get_title        (CdStorySession       *self);
const char     *cd_story_session_get_subtitle     (CdStorySession       *self);
gboolean        cd_story_session_get_modified     (CdStorySession       *self);
gboolean        cd_story_session_get_busy         (CdStorySession       *self);
gboolean        cd_story_session_is_loading       (CdStorySession       *self);
gboolean        cd_story_session_is_saving        (CdStorySession       *self);
/* The untouched new story, with no file being read: an opened file can
 * take its place. */
gboolean        cd_story_session_is_empty         (CdStorySession       *self);
const char     *cd_story_session_get_journal_id   (CdStorySession       *self);
/* Whether the journal on disk holds the story as it is now. */
gboolean        cd_story_session_journal_is_current (CdStorySession     *self);
const CdJournalStats *cd_story_session_get_journal_stats (CdStorySession *self);

G_END_DECLS
