/* cd-details-panel-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-date-picker.h"
#include "cd-details-panel.h"

G_BEGIN_DECLS

GtkEditable  *_cd_details_panel_get_slug     (CdDetailsPanel *self);
GtkEditable  *_cd_details_panel_get_section  (CdDetailsPanel *self);
GtkEditable  *_cd_details_panel_get_keywords (CdDetailsPanel *self);
GtkEditable  *_cd_details_panel_get_embargo  (CdDetailsPanel *self);
AdwComboRow  *_cd_details_panel_get_status   (CdDetailsPanel *self);
GtkTextView  *_cd_details_panel_get_notes    (CdDetailsPanel *self);

CdDatePicker *_cd_details_panel_get_embargo_picker (CdDetailsPanel *self);

G_END_DECLS
