/* cd-story-fields.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"
#include "cd-spell-attach.h"

G_BEGIN_DECLS

#define CD_TYPE_STORY_FIELDS (cd_story_fields_get_type ())

G_DECLARE_FINAL_TYPE (CdStoryFields, cd_story_fields, CD, STORY_FIELDS, GtkWidget)

/* The top of a story: headline, subheadline, bylines and dateline. Every
 * edit goes through the model, so the history records it, and the fields
 * follow the model when undo changes it.
 *
 * Actions (group "fields"): fields.add-byline, fields.remove-byline (u),
 * fields.move-byline-up (u), fields.move-byline-down (u); the parameter
 * is the byline's position.
 *
 * The slug follows the headline: when the caret leaves the headline, a
 * slug that is empty or still the suggestion for the previous headline
 * becomes the suggestion for the new one. Once edited it stays. */

GtkWidget    *cd_story_fields_new          (void);
void          cd_story_fields_set_article  (CdStoryFields *self,
                                            CdArticle     *article,
                                            CdHistory     *history);
CdArticle    *cd_story_fields_get_article  (CdStoryFields *self);
void          cd_story_fields_focus_headline (CdStoryFields *self);
/* Checks the spelling of the headline, subheadline, bylines and
 * dateline place with @spell. */
void          cd_story_fields_set_spell    (CdStoryFields *self,
                                            CdSpellAttach *spell);
/* Applies the slug suggestion now, as leaving the headline does. */
void          cd_story_fields_commit_slug  (CdStoryFields *self);

G_END_DECLS
