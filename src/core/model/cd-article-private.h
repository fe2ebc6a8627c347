/* cd-article-private.h: what core's exporters use of CdArticle beyond its
 * public calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* A copy of @self for a writer that only reads it: its blocks of
 * @copied_type are copies, free to change; every other body block is
 * the same object as in @self, so neither story may change those while
 * the copy is in use. An export renames its figures' images this way
 * without copying every paragraph of a long story. */
CdArticle    *_cd_article_copy_sharing_blocks (CdArticle   *self,
                                               CdBlockType  copied_type);

G_END_DECLS
