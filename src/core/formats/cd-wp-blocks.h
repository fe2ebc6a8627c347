/* cd-wp-blocks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* Where a figure's picture lives on the site: the URL to show and the
 * media library id, for a figure source ("media/NAME" or an https URL).
 * Returns NULL when the picture was not uploaded; then "media/NAME" stays
 * a relative path and an https source is used as it is. */
typedef char *(*CdWpMediaFunc) (const char *src,
                                gint64     *id,
                                gpointer    user_data);

typedef enum
{
  CD_WP_BLOCKS_NONE         = 0,
  /* The lead figure as the first image block: for pasting, where there
   * is no featured image to carry it. */
  CD_WP_BLOCKS_INCLUDE_LEAD = 1 << 0,
} CdWpBlocksFlags;

/* The story's body as the block markup WordPress 6.1's block editor
 * saves (core/paragraph, heading, quote, pullquote, list, image,
 * separator, embed), so the editor opens it without "invalid block"
 * warnings. The byline line comes first and the dateline opens the first
 * paragraph, as in the HTML export; the headline, dek and desk notes are
 * not part of it. @media may be NULL. */
char         *cd_wp_blocks_write           (CdArticle       *article,
                                            CdWpBlocksFlags  flags,
                                            CdWpMediaFunc    media,
                                            gpointer         user_data);

/* The provider slug WordPress knows an embed by ("x" is "twitter"), or
 * NULL for a plain link. */
const char   *cd_wp_blocks_provider_slug   (const char      *provider);

G_END_DECLS
