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

/* Normalises an embargo as typed ("2024-06-01T09:00", with or without
 * seconds and offset; local time when no offset is given) to the stored
 * form "2024-06-01T09:00:00+02:00" or "…Z". NULL when @text is not a
 * date and time. */
char         *cd_details_panel_parse_embargo (const char   *text);

G_END_DECLS
