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
  GBytes     *json;
  /* Media path to GBytes, shared with the article: bytes never change. */
  GHashTable *media;
  /* The story's revisions, shared: they never change once taken. */
  GPtrArray  *revisions;
};

CdStorySnapshot *
cd_story_snapshot_new (CdArticle *article)
{
  CdStorySnapshot *self;
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  self = g_new0 (CdStorySnapshot, 1);
  self->json = cd_json_write (article);
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  self->revisions = g_ptr_array_copy (cd_article_get_revisions (article),
                                      (GCopyFunc) cd_revision_ref, NULL);
  g_ptr_array_set_free_func (self->revisions, (GDestroyNotify) cd_revision_unref);

  paths = cd_article_list_media (article);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      GBytes *bytes = cd_article_get_media (article, paths[i]);

      if (bytes != NULL)
        g_hash_table_insert (self->media, g_strdup (paths[i]), g_bytes_ref (bytes));
    }

  return self;
}

CdArticle *
cd_story_snapshot_build (CdStorySnapshot  *self,
                         const char       *display_name,
                         GError          **error)
{
  g_autoptr(CdArticle) article = NULL;
  GHashTableIter iter;
  gpointer path;
  gpointer bytes;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  article = cd_json_read (g_bytes_get_data (self->json, NULL),
                          g_bytes_get_size (self->json),
                          display_name, error);
  if (article == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, self->media);
  while (g_hash_table_iter_next (&iter, &path, &bytes))
    cd_article_set_media (article, path, bytes);

  for (guint i = 0; i < self->revisions->len; i++)
    g_ptr_array_add (cd_article_get_revisions (article),
                     cd_revision_ref (g_ptr_array_index (self->revisions, i)));

  return g_steal_pointer (&article);
}

void
cd_story_snapshot_free (CdStorySnapshot *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->json, g_bytes_unref);
  g_clear_pointer (&self->media, g_hash_table_unref);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_free (self);
}
