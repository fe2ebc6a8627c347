/* cd-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_PREFERENCES_WINDOW (cd_preferences_window_get_type ())

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
G_DECLARE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, CD, PREFERENCES_WINDOW, AdwPreferencesWindow)
G_GNUC_END_IGNORE_DEPRECATIONS

/* The preferences, bound to the application's settings: every change
 * applies at once, to every window. */
GtkWidget *cd_preferences_window_new (GtkWindow *parent);

G_END_DECLS
