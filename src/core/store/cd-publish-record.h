/* cd-publish-record.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a story was published: one per site, kept in article.json's
 * "published_to" so that publishing again updates the same post and
 * re-uses the pictures already in the site's media library. */
typedef struct
{
  char       *site;      /* the site's address, "https://news.example" */
  gint64      post_id;
  char       *link;      /* the post's address */
  char       *modified;  /* the post's modified_gmt after our last publish */
  GHashTable *media;     /* SHA-256 (hex) of a picture's bytes → gint64 * media id */
} CdPublishRecord;

#define CD_TYPE_PUBLISH_RECORD (cd_publish_record_get_type ())

GType             cd_publish_record_get_type   (void) G_GNUC_CONST;
CdPublishRecord  *cd_publish_record_new        (const char            *site);
CdPublishRecord  *cd_publish_record_copy       (const CdPublishRecord *record);
void              cd_publish_record_free       (CdPublishRecord       *record);
gboolean          cd_publish_record_equal      (const CdPublishRecord *a,
                                                const CdPublishRecord *b);
/* The media id of a picture by its hash, 0 when not uploaded. */
gint64            cd_publish_record_get_media  (const CdPublishRecord *record,
                                                const char            *sha256);
void              cd_publish_record_set_media  (CdPublishRecord       *record,
                                                const char            *sha256,
                                                gint64                 id);
/* The hashes, sorted (so the JSON writer's output is stable); free the
 * array only, with g_free(). */
const char      **cd_publish_record_list_media (const CdPublishRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPublishRecord, cd_publish_record_free)

G_END_DECLS
