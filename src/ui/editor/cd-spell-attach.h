/* cd-spell-attach.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_SPELL_ATTACH (cd_spell_attach_get_type ())

G_DECLARE_FINAL_TYPE (CdSpellAttach, cd_spell_attach, CD, SPELL_ATTACH, GObject)

/* Spell checking for the text widgets of one story. Attached text views
 * and entries get the error underline on misspelled words (rechecked on
 * idle, word by word as they are edited, so typing never waits) and a
 * context menu with suggestions, Add to Story Dictionary, Add to Desk
 * Dictionary and Ignore. The checker follows the story's language and
 * its dictionary member.
 *
 * Properties:
 *   enabled (gboolean): off removes every underline and checks nothing.
 *   status-text (string): what the status bar says: the count of the
 *     whole story's misspellings, counted off the main thread, or that
 *     the story's language has no dictionary; "" when off. */

CdSpellAttach  *cd_spell_attach_new           (const char     *desk_path);

CdSpellChecker *cd_spell_attach_get_checker   (CdSpellAttach  *self);

/* The story whose language and dictionary the checking follows, and the
 * history a replacement is one step of (may be NULL). */
void            cd_spell_attach_set_article   (CdSpellAttach  *self,
                                               CdArticle      *article,
                                               CdHistory      *history);
CdArticle      *cd_spell_attach_get_article   (CdSpellAttach  *self);
CdHistory      *cd_spell_attach_get_history   (CdSpellAttach  *self);

gboolean        cd_spell_attach_get_enabled   (CdSpellAttach  *self);
void            cd_spell_attach_set_enabled   (CdSpellAttach  *self,
                                               gboolean        enabled);

/* Ignores @word in this story until another is shown. */
void            cd_spell_attach_ignore_word   (CdSpellAttach  *self,
                                               const char     *word);

/* Checks @buffer (any GtkTextBuffer: a field, the body) until it is
 * finalized, in @language (NULL: the story's). Text marks and tags of
 * the buffer are kept; the underline is a tag of its own. */
void            cd_spell_attach_buffer        (CdSpellAttach  *self,
                                               GtkTextBuffer  *buffer,
                                               const char     *language);
/* Checks @view's buffer and gives @view the context menu. */
void            cd_spell_attach_text_view     (CdSpellAttach  *self,
                                               GtkTextView    *view);
/* Checks a GtkEntry or GtkText (underlines as Pango attributes) and
 * gives it the context menu. */
void            cd_spell_attach_editable      (CdSpellAttach  *self,
                                               GtkEditable    *editable);

/* Whether @buffer is marked misspelled at @iter (for tests and the
 * panel). */
gboolean        cd_spell_attach_buffer_has_error_at (CdSpellAttach     *self,
                                                     GtkTextBuffer     *buffer,
                                                     const GtkTextIter *iter);
/* The misspelled stretches an editable shows, a GArray of CdSpellSpan
 * in bytes; NULL when it is not attached. */
GArray         *cd_spell_attach_editable_errors (CdSpellAttach *self,
                                                 GtkEditable   *editable);
/* Whether every attached widget is checked up to its last edit. */
gboolean        cd_spell_attach_is_idle       (CdSpellAttach  *self);
/* The context menu @widget (an attached view or editable) shows for the
 * word at its cursor now, computed at once. */
GMenuModel     *cd_spell_attach_get_menu      (CdSpellAttach  *self,
                                               GtkWidget      *widget);

/* Says the whole story's misspellings are being recounted soon. */
void            cd_spell_attach_queue_count   (CdSpellAttach  *self);

G_END_DECLS
