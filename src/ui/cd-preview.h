/* cd-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* The page widths of the preview, matching the "preview-width" setting. */
typedef enum
{
  CD_PREVIEW_WIDTH_DESKTOP,
  CD_PREVIEW_WIDTH_TABLET,
  CD_PREVIEW_WIDTH_PHONE,
} CdPreviewWidth;

#define CD_TYPE_PREVIEW_WIDTH (cd_preview_width_get_type ())
#define CD_TYPE_PREVIEW       (cd_preview_get_type ())

GType           cd_preview_width_get_type  (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (CdPreview, cd_preview, CD, PREVIEW, AdwBin)

/* Signals:
 *   open-link (const char *uri): the reader clicked an http, https or
 *                                mailto link; the default handler opens it
 *                                in the user's browser or mail client. */

GtkWidget      *cd_preview_new             (void);
CdArticle      *cd_preview_get_article     (CdPreview      *self);
/* Renders @article with the export's HTML writer and shows it. */
void            cd_preview_set_article     (CdPreview      *self,
                                            CdArticle      *article);
CdPreviewWidth  cd_preview_get_page_width  (CdPreview      *self);
void            cd_preview_set_page_width  (CdPreview      *self,
                                            CdPreviewWidth  width);

G_END_DECLS
