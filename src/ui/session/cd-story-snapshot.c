/* cd-story-snapshot.c: a copy of a story for a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-snapshot"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-story-snapshot.h"

struct _CdStorySnapshot
{
  /* A copy no one else holds: the worker thread reads it alone. Its
   * media bytes and revisions are shared with the story, being never
   * changed once stored. */
  CdArticle *article;
};

/* Copying the model takes a few milliseconds where writing article.json
 * of a book-length story took the main thread a tenth of a second, five
 * times a second while the journal followed the typing; the worker
 * thread writes the JSON itself. */
CdStorySnapshot *
cd_story_snapshot_new (CdArticle *article)
{
  CdStorySnapshot *self;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  self = g_new0 (CdStorySnapshot, 1);
  self->article = cd_article_copy (article);

  return self;
}

CdArticle *
cd_story_snapshot_build (CdStorySnapshot  *self,
                         const char       *display_name,
                         GError          **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A new article each time: the caller may change it (a save adds its
   * revision). */
  return cd_article_copy (self->article);
}

void
cd_story_snapshot_free (CdStorySnapshot *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->article);
  g_free (self);
}
