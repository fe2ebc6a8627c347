/* cd-window-private.h: the window's struct, shared by cd-window.c and
 * cd-window-actions.c, and internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block-editor.h"
#include "cd-details-panel.h"
#include "cd-embargo-banner.h"
#include "cd-find-bar.h"
#include "cd-spell-attach.h"
#include "cd-lead-photo-editor.h"
#include "cd-preflight-panel.h"
#include "cd-status-button.h"
#include "cd-preview.h"
#include "cd-story-fields.h"
#include "cd-story-session.h"
#include "cd-window.h"

G_BEGIN_DECLS

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *announcer;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *preview_width_button;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkPaned             *paned;
  GtkRevealer          *details_revealer;
  CdDetailsPanel       *details_panel;
  CdStoryFields        *story_fields;
  CdBlockEditor        *block_editor;
  GtkWidget            *story_scroller;
  /* The story column's field that last had the caret, given back on F6. */
  GtkWidget            *story_focus;
  GtkLabel             *stats_label;
  GtkLabel             *headline_length_label;
  GtkLabel             *dek_length_label;
  GtkWidget            *preview_pane;
  CdPreview            *preview;
  GtkMenuButton        *preflight_button;
  CdPreflightPanel     *preflight_panel;
  CdStatusButton       *status_button;
  CdEmbargoBanner      *embargo_banner;
  CdLeadPhotoEditor    *lead_photo_editor;
  CdFindBar            *find_bar;

  /* The story, its file, history, journal and saved state. */
  CdStorySession       *session;

  GSettings            *settings;
  CdSpellAttach        *spell;
  gboolean              show_preview;
  gboolean              show_details;
  /* The story column's share of the width, kept as the window resizes. */
  double                paned_ratio;

  char                 *error_message;

  gboolean              close_after_save;
  gboolean              close_confirmed;
  GtkWindow            *close_dialog;

  guint                 stats_timeout_id;
  /* When the first change the counts do not show yet came; 0 if none. */
  gint64                stats_due_since;
  char                 *stats_text;
  /* Each body block's counts, kept while the block does not change. */
  CdBlockMemo          *stats_memo;

  /* The action the desk confirmed with "… Anyway": it runs once
   * without asking again. */
  const char           *preflight_confirmed;
  AdwToast             *last_toast;
};

/* cd-window-actions.c: the win.* actions and what they share. */
void            _cd_window_class_actions_init (CdWindowClass *klass);
/* Enables the actions that depend on the story's state. */
void            _cd_window_actions_update     (CdWindow   *self);
/* Saves to the story's file, or asks for one first. */
void            _cd_window_save               (CdWindow   *self);
/* Asks whether to save the unsaved changes before the window closes. */
void            _cd_window_ask_to_save        (CdWindow   *self);
/* Puts the caret on the field or block a pre-flight item is about. */
void            _cd_window_focus_preflight_item (CdWindow        *self,
                                                 CdPreflightItem *item);

/* For the tests. */
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
/* The status page that says why a file could not be opened. */
AdwStatusPage  *_cd_window_get_error_page     (CdWindow   *self);
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

/* cd-window-actions.c */
void             _cd_window_find_show_match_cb   (CdWindow    *self,
                                                  CdFindMatch *match);
/* Highlights the find bar's matches in the body and in its photos' and
 * posts' fields. */
void             _cd_window_find_highlight_cb    (CdWindow    *self,
                                                  GPtrArray   *matches,
                                                  int          current);

G_END_DECLS
