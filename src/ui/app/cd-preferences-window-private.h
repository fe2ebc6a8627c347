/* cd-preferences-window-private.h: for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-preferences-window.h"

G_BEGIN_DECLS

AdwComboRow  *_cd_preferences_window_get_house_style_row (CdPreferencesWindow *self);
AdwComboRow  *_cd_preferences_window_get_embed_mode_row  (CdPreferencesWindow *self);
AdwEntryRow  *_cd_preferences_window_get_base_url_row    (CdPreferencesWindow *self);
GtkSpinButton *_cd_preferences_window_get_autosave_spin  (CdPreferencesWindow *self);
GtkSwitch     *_cd_preferences_window_get_spell_check_switch (CdPreferencesWindow *self);
AdwComboRow   *_cd_preferences_window_get_language_row    (CdPreferencesWindow *self);

G_END_DECLS
