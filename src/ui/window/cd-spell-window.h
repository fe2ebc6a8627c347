/* cd-spell-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-spell-attach.h"
#include "cd-window.h"

G_BEGIN_DECLS

/* The window's spell checking: every story field attached, the count in
 * the status bar, checking on or off with the "spell-check" setting. */
CdSpellAttach *_cd_spell_window_setup          (CdWindow      *window,
                                                GSettings     *settings);
/* Before the window lets go of @spell. */
void           _cd_spell_window_teardown       (CdWindow      *window);
/* The story shown changed. */
void           _cd_spell_window_set_article    (CdWindow      *window,
                                                CdSpellAttach *spell,
                                                CdArticle     *article,
                                                CdHistory     *history);
/* win.check-spelling (F7): opens Check Spelling. */
void           _cd_spell_window_check_spelling (GtkWidget     *widget,
                                                const char    *action_name,
                                                GVariant      *parameter);
/* Shows @misspelling's word in its field, selected. */
void           _cd_spell_window_jump           (CdWindow            *window,
                                                const CdMisspelling *misspelling);

G_END_DECLS
