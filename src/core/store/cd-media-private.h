/* cd-media-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* Tests turn openat2 off to run the component walk that kernels without
 * it (or sandboxes that filter it) fall back to. */
void          _cd_media_set_use_openat2    (gboolean     use);

/* cd_media_export_names () in two steps: the names, with the images to
 * write (NULL when @folder is), then the writing, which may go on on
 * another thread while the story is written. Nothing is written when a
 * picture cannot be exported. */
typedef struct _CdMediaWrites CdMediaWrites;

GHashTable   *_cd_media_export_plan        (CdArticle      *article,
                                            GFile          *folder,
                                            CdMediaWrites **writes,
                                            GError        **error);
gboolean      _cd_media_writes_run         (CdMediaWrites  *writes,
                                            GError        **error);
void          _cd_media_writes_free        (CdMediaWrites  *writes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdMediaWrites, _cd_media_writes_free)

G_END_DECLS
