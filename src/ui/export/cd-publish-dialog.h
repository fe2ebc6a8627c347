/* cd-publish-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_PUBLISH_DIALOG (cd_publish_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CdPublishDialog, cd_publish_dialog, CD, PUBLISH_DIALOG, AdwWindow)

/* A modal dialog over @parent that publishes @article to one of the
 * WordPress sites of the preferences: site, status (draft, pending
 * review, scheduled, publish now), slug, a summary of what is sent and
 * the progress per picture. It asks before creating a category or tags
 * and before overwriting a post changed on the site. The story is not
 * touched; the caller stores the record it is given.
 *
 * Signals:
 *   published (CdPublishRecord *record): the post is on the site. */
CdPublishDialog *cd_publish_dialog_new     (GtkWindow  *parent,
                                            CdArticle  *article);

G_END_DECLS
