/* cd-publish-dialog-private.h: for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-publish-dialog.h"

G_BEGIN_DECLS

GtkLabel     *_cd_publish_dialog_get_summary_label  (CdPublishDialog *self);
GtkWidget    *_cd_publish_dialog_get_publish_button (CdPublishDialog *self);
AdwComboRow  *_cd_publish_dialog_get_status_row     (CdPublishDialog *self);
AdwEntryRow  *_cd_publish_dialog_get_date_row       (CdPublishDialog *self);
AdwEntryRow  *_cd_publish_dialog_get_slug_row       (CdPublishDialog *self);

G_END_DECLS
