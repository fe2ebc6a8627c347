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
  /* When taken reusing copies: the body's blocks, which @article then
   * lacks; copies shared with other snapshots, which only read them. */
  GPtrArray *blocks;
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

struct _CdStoryCopies
{
  /* Each block's copy, kept while the block does not change. */
  CdBlockMemo *memo;
  /* The blocks of the snapshot being taken. */
  GPtrArray   *taking;
};

CdStoryCopies *
cd_story_copies_new (void)
{
  CdStoryCopies *self = g_new0 (CdStoryCopies, 1);

  self->memo = cd_block_memo_new (g_object_unref);

  return self;
}

void
cd_story_copies_free (CdStoryCopies *copies)
{
  if (copies == NULL)
    return;

  cd_block_memo_free (copies->memo);
  g_free (copies);
}

static gpointer
copy_block (CdBlock  *block,
            gpointer  user_data)
{
  return cd_block_copy (block);
}

static CdBlock *
reuse_block (CdBlock  *block,
             gpointer  user_data)
{
  CdStoryCopies *copies = user_data;
  CdBlock *copy = cd_block_memo_get (copies->memo, block, copy_block, NULL);

  g_ptr_array_add (copies->taking, g_object_ref (copy));

  /* Put in the story by the thread that builds it, not here. */
  return NULL;
}

CdStorySnapshot *
cd_story_snapshot_new_reusing (CdArticle     *article,
                               CdStoryCopies *copies)
{
  CdStorySnapshot *self;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (copies != NULL, NULL);

  self = g_new0 (CdStorySnapshot, 1);
  self->blocks = g_ptr_array_new_full (cd_article_get_n_blocks (article), g_object_unref);
  copies->taking = self->blocks;
  self->article = cd_article_copy_with_blocks (article, reuse_block, copies);
  copies->taking = NULL;
  /* Blocks no longer in the story are forgotten with their copies. */
  cd_block_memo_end_pass (copies->memo);

  return self;
}

CdArticle *
cd_story_snapshot_build (CdStorySnapshot  *self,
                         const char       *display_name,
                         GError          **error)
{
  CdArticle *article;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A new article each time: the caller may change it (a save adds its
   * revision). */
  article = cd_article_copy (self->article);
  for (guint i = 0; self->blocks != NULL && i < self->blocks->len; i++)
    {
      g_autoptr(CdBlock) block = cd_block_copy (g_ptr_array_index (self->blocks, i));

      cd_article_append_block (article, block);
    }

  return article;
}

void
cd_story_snapshot_free (CdStorySnapshot *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->article);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_free (self);
}
