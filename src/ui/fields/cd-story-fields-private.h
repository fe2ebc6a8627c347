/* cd-story-fields-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-date-picker.h"
#include "cd-story-fields.h"

G_BEGIN_DECLS

GtkTextView  *_cd_story_fields_get_headline      (CdStoryFields *self);
GtkTextView  *_cd_story_fields_get_subheadline   (CdStoryFields *self);
guint         _cd_story_fields_get_n_bylines     (CdStoryFields *self);
GtkEditable  *_cd_story_fields_get_byline_name   (CdStoryFields *self,
                                                  guint          position);
GtkEditable  *_cd_story_fields_get_byline_title  (CdStoryFields *self,
                                                  guint          position);
GtkEditable  *_cd_story_fields_get_dateline_place  (CdStoryFields *self);
GtkEditable  *_cd_story_fields_get_dateline_source (CdStoryFields *self);
GtkEditable  *_cd_story_fields_get_dateline_date   (CdStoryFields *self);

CdDatePicker *_cd_story_fields_get_date_picker  (CdStoryFields *self);

/* Keeps @buffer one paragraph as the headline is: pasted line breaks
 * become single spaces. */
void          _cd_story_fields_keep_single_line (GtkTextBuffer *buffer);
/* Makes @view a form field that wraps its one paragraph as it grows:
 * single line, no undo of its own, Enter moves on to the next field. */
void          _cd_story_fields_setup_wrapping_field (GtkTextView *view);
/* Makes @view a form field that wraps as it grows and keeps the line
 * breaks typed in it (an embedded post's words): no undo of its own,
 * Tab moves on. */
void          _cd_story_fields_setup_wrapping_text  (GtkTextView *view);

G_END_DECLS
