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
/* A new article equal to the story when the snapshot was taken. Safe in
 * any thread; @display_name names the story in errors. */
CdArticle       *cd_story_snapshot_build   (CdStorySnapshot  *self,
                                            const char       *display_name,
                                            GError          **error);
void             cd_story_snapshot_free    (CdStorySnapshot  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStorySnapshot, cd_story_snapshot_free)

G_END_DECLS
