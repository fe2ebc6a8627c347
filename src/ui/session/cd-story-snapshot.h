/* cd-story-snapshot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "copydesk-core.h"

G_BEGIN_DECLS

/* A copy of a story that a worker thread can turn back into an article:
 * a private copy of the model sharing the immutable media. Taken on the
 * main thread in the time of a copy, not of a serialisation, so saving,
 * exporting or journaling a large story never blocks typing for longer. */
typedef struct _CdStorySnapshot CdStorySnapshot;

CdStorySnapshot *cd_story_snapshot_new     (CdArticle        *article);

/* The copies of a story's blocks one snapshot made, kept for the next. */
typedef struct _CdStoryCopies CdStoryCopies;

CdStoryCopies   *cd_story_copies_new       (void);
void             cd_story_copies_free      (CdStoryCopies    *copies);

/* A snapshot as cd_story_snapshot_new() takes it, but sharing with the
 * snapshot @copies last saw the copy of every block that has not changed
 * since (cd_block_get_serial()); only the blocks changed since are
 * copied. The shared copies are never changed: each snapshot reads them
 * alone. @copies then holds this snapshot's copies. Main thread. */
CdStorySnapshot *cd_story_snapshot_new_reusing (CdArticle     *article,
                                                CdStoryCopies *copies);
/* A new article equal to the story when the snapshot was taken. Safe in
 * any thread; @display_name names the story in errors. */
CdArticle       *cd_story_snapshot_build   (CdStorySnapshot  *self,
                                            const char       *display_name,
                                            GError          **error);
void             cd_story_snapshot_free    (CdStorySnapshot  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStorySnapshot, cd_story_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStoryCopies, cd_story_copies_free)

G_END_DECLS
