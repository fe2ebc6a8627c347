/* cd-smart-typing.h: quotes and dashes set as they are typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_SMART_TYPING (cd_smart_typing_get_type ())

G_DECLARE_FINAL_TYPE (CdSmartTyping, cd_smart_typing, CD, SMART_TYPING, GObject)

/* Turns straight quotes and double hyphens typed into the text buffers
 * it is attached to into the marks of the story's language
 * (cd_typography_replace()), unless the "smart-typing" setting is off.
 * The typed character goes into the story first and the replacement is
 * a step of its own in the story's history, so one Ctrl+Z right after
 * brings back what was typed. Only typing is changed: pasted text,
 * undo and text set by the program stay as they are. */
CdSmartTyping *cd_smart_typing_new         (void);
/* The story whose language counts and whose history records the
 * replacements (either may be NULL: then nothing is replaced). */
void           cd_smart_typing_set_article (CdSmartTyping *self,
                                            CdArticle     *article,
                                            CdHistory     *history);
/* Watches @buffer's typing for as long as both live. */
void           cd_smart_typing_attach      (CdSmartTyping *self,
                                            GtkTextBuffer *buffer);
/* Watches the typing into @editable (an entry) for as long as both live. */
void           cd_smart_typing_attach_editable (CdSmartTyping *self,
                                                GtkEditable   *editable);

G_END_DECLS
