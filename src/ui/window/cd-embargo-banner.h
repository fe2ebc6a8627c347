/* cd-embargo-banner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cd-article-widget.h"

G_BEGIN_DECLS

#define CD_TYPE_EMBARGO_BANNER (cd_embargo_banner_get_type ())

G_DECLARE_FINAL_TYPE (CdEmbargoBanner, cd_embargo_banner, CD, EMBARGO_BANNER, CdArticleWidget)

/* A bar above the story, shown while the story's embargo is in the
 * future: "Embargoed until …" in the user's time zone. */

GtkWidget    *cd_embargo_banner_new          (void);
void          cd_embargo_banner_set_article  (CdEmbargoBanner *self,
                                              CdArticle       *article);
/* The banner's text, NULL while it is hidden. */
const char   *cd_embargo_banner_get_text     (CdEmbargoBanner *self);

/* "Embargoed until Tuesday 14 May 2024, 14:00 CEST" for an embargo
 * (RFC 3339) still in the future, in the user's time zone and language;
 * NULL for none, a past one or one that is not a date and time. Shared
 * by the banner and the preview. */
char         *cd_embargo_describe            (const char      *embargo);

G_END_DECLS
