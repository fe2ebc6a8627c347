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

/* A block's copy, and the block's serial when it was made. */
typedef struct
{
  guint64  serial;
  CdBlock *copy;
} Copy;

static void
copy_free (Copy *copy)
{
  g_object_unref (copy->copy);
  g_free (copy);
}

struct _CdStoryCopies
{
  /* By the story's block (not held: a block freed and another made at
   * its address has another serial). */
  GHashTable *by_block;
  GHashTable *next;
  /* The blocks of the snapshot being taken. */
  GPtrArray  *taking;
};

CdStoryCopies *
cd_story_copies_new (void)
{
  CdStoryCopies *self = g_new0 (CdStoryCopies, 1);

  self->by_block = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) copy_free);
  self->next = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) copy_free);

  return self;
}

void
cd_story_copies_free (CdStoryCopies *copies)
{
  if (copies == NULL)
    return;

  g_hash_table_unref (copies->by_block);
  g_hash_table_unref (copies->next);
  g_free (copies);
}

static CdBlock *
reuse_block (CdBlock  *block,
             gpointer  user_data)
{
  CdStoryCopies *copies = user_data;
  Copy *before = g_hash_table_lookup (copies->by_block, block);
  Copy *copy = g_new (Copy, 1);

  copy->serial = cd_block_get_serial (block);
  if (before != NULL && before->serial == copy->serial)
    copy->copy = g_object_ref (before->copy);
  else
    copy->copy = cd_block_copy (block);
  g_hash_table_replace (copies->next, block, copy);
  g_ptr_array_add (copies->taking, g_object_ref (copy->copy));

  /* Put in the story by the thread that builds it, not here. */
  return NULL;
}

CdStorySnapshot *
cd_story_snapshot_new_reusing (CdArticle     *article,
                               CdStoryCopies *copies)
{
  CdStorySnapshot *self;
  GHashTable *seen;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (copies != NULL, NULL);

  self = g_new0 (CdStorySnapshot, 1);
  self->blocks = g_ptr_array_new_full (cd_article_get_n_blocks (article), g_object_unref);
  copies->taking = self->blocks;
  self->article = cd_article_copy_with_blocks (article, reuse_block, copies);
  copies->taking = NULL;

  /* Blocks no longer in the story are forgotten with their copies. */
  seen = copies->next;
  copies->next = copies->by_block;
  copies->by_block = seen;
  g_hash_table_remove_all (copies->next);

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
