/* cd-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* The page widths of the preview, matching the "preview-width" setting:
 * desktop fills the preview; tablet and phone pages are laid out 768 and
 * 390 CSS pixels wide, scaled down when the preview is narrower. */
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

/* The story is loaded into the page once; after that every change of the
 * article patches only the changed blocks, at most once per frame.
 *
 * Signals:
 *   open-link (const char *uri): the reader clicked an http, https or
 *                                mailto link; the default handler opens it
 *                                in the user's browser or mail client.
 *   patched: a patch of the changes made so far was applied to the
 *            page. */

GtkWidget      *cd_preview_new             (void);
CdArticle      *cd_preview_get_article     (CdPreview      *self);
/* Renders @article with the export's HTML writer and shows it. */
void            cd_preview_set_article     (CdPreview      *self,
                                            CdArticle      *article);
CdPreviewWidth  cd_preview_get_page_width  (CdPreview      *self);
void            cd_preview_set_page_width  (CdPreview      *self,
                                            CdPreviewWidth  width);
/* The house style (cd-house-style.h) the page is set in, "default" at
 * first; changing it reloads the page. The "house-style" property. */
const char     *cd_preview_get_house_style (CdPreview      *self);
void            cd_preview_set_house_style (CdPreview      *self,
                                            const char     *house_style);
/* Live embeds: the story's embeds are the providers' own, with their
 * scripts and frames; the one case where the preview loads anything
 * remote, and only from the hosts of the story's embeds. Off at first:
 * embeds are cards and nothing loads. Switching reloads the page. The
 * "live-embeds" property. */
gboolean        cd_preview_get_live_embeds (CdPreview      *self);
void            cd_preview_set_live_embeds (CdPreview      *self,
                                            gboolean        live);
/* Follows the editor: brings the block with @block_id into view if it is
 * off-screen, and keeps it in view while its patches land. */
void            cd_preview_scroll_to_block (CdPreview      *self,
                                            const char     *block_id);
/* A print operation for the page as shown, with the settings and page
 * setup of the last print from this preview; run it with
 * webkit_print_operation_run_dialog() (the system dialog, with Print to
 * File for a PDF proof) or webkit_print_operation_print(). */
WebKitPrintOperation *cd_preview_new_print_operation (CdPreview *self);

G_END_DECLS
