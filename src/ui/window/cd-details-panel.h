/* cd-details-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-article-widget.h"

G_BEGIN_DECLS

#define CD_TYPE_DETAILS_PANEL (cd_details_panel_get_type ())

G_DECLARE_FINAL_TYPE (CdDetailsPanel, cd_details_panel, CD, DETAILS_PANEL, CdArticleWidget)

/* What the desk needs about a story besides its text: slug, section,
 * keywords, status, embargo and desk notes. Edits go through the model;
 * the fields follow the model when undo changes it. */

GtkWidget    *cd_details_panel_new         (void);
void          cd_details_panel_set_article (CdDetailsPanel *self,
                                            CdArticle      *article);
CdArticle    *cd_details_panel_get_article (CdDetailsPanel *self);

G_END_DECLS
