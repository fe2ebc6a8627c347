/* cd-window-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block-editor.h"
#include "cd-details-panel.h"
#include "cd-preview.h"
#include "cd-story-fields.h"
#include "cd-window.h"

G_BEGIN_DECLS

CdPreview      *_cd_window_get_preview        (CdWindow   *self);
CdStoryFields  *_cd_window_get_story_fields   (CdWindow   *self);
CdDetailsPanel *_cd_window_get_details_panel  (CdWindow   *self);
CdBlockEditor  *_cd_window_get_block_editor   (CdWindow   *self);
CdHistory      *_cd_window_get_history        (CdWindow   *self);
/* Whether a file is being read. */
gboolean        _cd_window_is_loading         (CdWindow   *self);
/* The name of the page shown: "editor", "loading" or "error". */
const char     *_cd_window_get_visible_page   (CdWindow   *self);
/* The message of the last error shown (status page or toast), or NULL. */
const char     *_cd_window_get_error_message  (CdWindow   *self);
/* Saves to @file in the background, as Save As does after its dialog. */
void            _cd_window_save_to            (CdWindow   *self,
                                               GFile      *file);
gboolean        _cd_window_is_saving          (CdWindow   *self);
/* The id of the story's recovery journal. */
const char     *_cd_window_get_journal_id     (CdWindow   *self);
/* Whether the journal on disk holds the story as it is now. */
gboolean        _cd_window_journal_is_current (CdWindow   *self);
const char     *_cd_window_get_stats_text     (CdWindow   *self);
/* The last "Exported to …" notification while it is shown, or NULL. */
AdwToast       *_cd_window_get_last_toast     (CdWindow   *self);
GtkLabel       *_cd_window_get_headline_length_label (CdWindow *self);

G_END_DECLS
