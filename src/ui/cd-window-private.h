/* cd-window-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block-editor.h"
#include "cd-details-panel.h"
#include "cd-embargo-banner.h"
#include "cd-find-bar.h"
#include "cd-lead-photo-editor.h"
#include "cd-preflight-panel.h"
#include "cd-status-button.h"
#include "cd-preview.h"
#include "cd-story-fields.h"
#include "cd-window.h"

G_BEGIN_DECLS

/* What keeping the recovery journal has cost so far, for the benchmark. */
typedef struct
{
  /* Snapshots taken on the main thread, and the time that took. */
  guint   n_snapshots;
  gint64  snapshot_usec_total;
  /* Journals written by the worker, and the time that took. */
  guint   n_writes;
  gint64  write_usec_total;
  gint64  write_usec_max;
} CdJournalStats;

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
/* Whether the journal on disk holds the story as it is now. */
gboolean        _cd_window_journal_is_current (CdWindow   *self);
const CdJournalStats *_cd_window_get_journal_stats (CdWindow *self);
const char     *_cd_window_get_stats_text     (CdWindow   *self);
/* The last "Exported to …" notification while it is shown, or NULL. */
AdwToast       *_cd_window_get_last_toast     (CdWindow   *self);
GtkLabel       *_cd_window_get_headline_length_label (CdWindow *self);
GtkLabel       *_cd_window_get_dek_length_label (CdWindow *self);

CdPreflightPanel *_cd_window_get_preflight_panel (CdWindow *self);
CdStatusButton  *_cd_window_get_status_button   (CdWindow *self);
CdEmbargoBanner *_cd_window_get_embargo_banner  (CdWindow *self);
CdLeadPhotoEditor *_cd_window_get_lead_photo_editor (CdWindow *self);
CdFindBar       *_cd_window_get_find_bar         (CdWindow *self);

G_END_DECLS
