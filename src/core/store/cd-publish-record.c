/* cd-publish-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-publish-record"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cd-publish-record.h"

G_DEFINE_BOXED_TYPE (CdPublishRecord, cd_publish_record, cd_publish_record_copy, cd_publish_record_free)

static GHashTable *
media_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

CdPublishRecord *
cd_publish_record_new (const char *site)
{
  CdPublishRecord *record = g_new0 (CdPublishRecord, 1);

  record->site = g_strdup (site != NULL ? site : "");
  record->media = media_table_new ();

  return record;
}

CdPublishRecord *
cd_publish_record_copy (const CdPublishRecord *record)
{
  CdPublishRecord *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (record != NULL, NULL);

  copy = cd_publish_record_new (record->site);
  copy->post_id = record->post_id;
  copy->link = g_strdup (record->link);
  copy->modified = g_strdup (record->modified);

  g_hash_table_iter_init (&iter, record->media);
  while (g_hash_table_iter_next (&iter, &key, &value))
    cd_publish_record_set_media (copy, key, *(gint64 *) value);

  return copy;
}

void
cd_publish_record_free (CdPublishRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->site);
  g_free (record->link);
  g_free (record->modified);
  g_clear_pointer (&record->media, g_hash_table_unref);
  g_free (record);
}

gboolean
cd_publish_record_equal (const CdPublishRecord *a,
                         const CdPublishRecord *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (g_strcmp0 (a->site, b->site) != 0 ||
      a->post_id != b->post_id ||
      g_strcmp0 (a->link, b->link) != 0 ||
      g_strcmp0 (a->modified, b->modified) != 0 ||
      g_hash_table_size (a->media) != g_hash_table_size (b->media))
    return FALSE;

  g_hash_table_iter_init (&iter, a->media);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (cd_publish_record_get_media (b, key) != *(gint64 *) value)
        return FALSE;
    }

  return TRUE;
}

gint64
cd_publish_record_get_media (const CdPublishRecord *record,
                             const char            *sha256)
{
  const gint64 *id;

  g_return_val_if_fail (record != NULL, 0);

  id = sha256 != NULL ? g_hash_table_lookup (record->media, sha256) : NULL;
  return id != NULL ? *id : 0;
}

void
cd_publish_record_set_media (CdPublishRecord *record,
                             const char      *sha256,
                             gint64           id)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (sha256 != NULL);

  if (id <= 0)
    {
      g_hash_table_remove (record->media, sha256);
      return;
    }

  g_hash_table_insert (record->media, g_strdup (sha256), g_memdup2 (&id, sizeof id));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

const char **
cd_publish_record_list_media (const CdPublishRecord *record)
{
  const char **keys;
  guint n;

  g_return_val_if_fail (record != NULL, NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (record->media, &n);
  qsort (keys, n, sizeof (char *), compare_strings);
  return keys;
}
