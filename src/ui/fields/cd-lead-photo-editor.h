/* cd-lead-photo-editor.h: the lead photo at the top of the story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_LEAD_PHOTO_EDITOR (cd_lead_photo_editor_get_type ())

G_DECLARE_FINAL_TYPE (CdLeadPhotoEditor, cd_lead_photo_editor, CD, LEAD_PHOTO_EDITOR, GtkWidget)

/* The story's lead photo: its picture, alt text, caption and credit,
 * with Replace and Remove; "Add Lead Photo…" when the story has none.
 * Every edit goes through the model, so the history records it and the
 * preview shows it, and the fields follow the model on undo.
 *
 * Actions (group "lead"): lead.choose (a file chooser, to add or
 * replace the photo), lead.remove. */

GtkWidget    *cd_lead_photo_editor_new          (void);
void          cd_lead_photo_editor_set_article  (CdLeadPhotoEditor *self,
                                                 CdArticle         *article,
                                                 CdHistory         *history);
/* Makes the image @bytes the lead photo (adding one when there is
 * none), through the one image sniffer; @name names it in the story's
 * media and in the error, which is also shown under the photo. */
gboolean      cd_lead_photo_editor_set_image    (CdLeadPhotoEditor *self,
                                                 GBytes            *bytes,
                                                 const char        *name,
                                                 GError           **error);
/* Focuses the field of the lead photo's @member ("alt", "caption",
 * "credit"; NULL or another for the first control) and selects the
 * code points @start to @end in it when @end > @start. */
gboolean      cd_lead_photo_editor_focus_field  (CdLeadPhotoEditor *self,
                                                 const char        *member,
                                                 guint              start,
                                                 guint              end);
/* The text view of @member ("alt", "caption", "credit"), or NULL. */
GtkTextView  *cd_lead_photo_editor_get_view     (CdLeadPhotoEditor *self,
                                                 const char        *member);

G_END_DECLS
