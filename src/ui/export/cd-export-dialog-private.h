/* cd-export-dialog-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-export-dialog.h"

G_BEGIN_DECLS

CdExportFormat  _cd_export_dialog_get_format         (CdExportDialog *self);
void            _cd_export_dialog_set_format         (CdExportDialog *self,
                                                      CdExportFormat  format);
CdEmbedMode     _cd_export_dialog_get_embed_mode     (CdExportDialog *self);
void            _cd_export_dialog_set_embed_mode     (CdExportDialog *self,
                                                      CdEmbedMode     embeds);
/* The name the file chooser suggests, from the slug. */
char           *_cd_export_dialog_get_suggested_name (CdExportDialog *self);
/* Exports to @file as the dialog does once the file chooser returns. */
void            _cd_export_dialog_export_to          (CdExportDialog *self,
                                                      GFile          *file);
gboolean        _cd_export_dialog_is_exporting       (CdExportDialog *self);
/* The message of the last failure shown, or NULL. */
const char     *_cd_export_dialog_get_error_message  (CdExportDialog *self);

G_END_DECLS
