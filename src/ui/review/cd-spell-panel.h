/* cd-spell-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-spell-attach.h"

G_BEGIN_DECLS

#define CD_TYPE_SPELL_PANEL (cd_spell_panel_get_type ())

G_DECLARE_FINAL_TYPE (CdSpellPanel, cd_spell_panel, CD, SPELL_PANEL, AdwWindow)

/* Check Spelling (F7): every misspelling of the story in document order
 * with its context. Enter on one emits ::jump (CdMisspelling *) for the
 * window to show it; Replace, Replace All, Add to Story Dictionary and
 * Ignore act on the selected one. */
CdSpellPanel *cd_spell_panel_new          (GtkWindow     *parent,
                                           CdSpellAttach *spell);
/* Checks the whole story again and lists what it finds. */
void          cd_spell_panel_refresh      (CdSpellPanel  *self);

/* For tests: the list, and the misspelling a row shows. */
GtkListBox   *_cd_spell_panel_get_list    (CdSpellPanel  *self);
guint         _cd_spell_panel_get_n_items (CdSpellPanel  *self);
const CdMisspelling *_cd_spell_panel_get_item (CdSpellPanel *self,
                                               guint         position);
GtkEditable  *_cd_spell_panel_get_replacement (CdSpellPanel *self);

G_END_DECLS
