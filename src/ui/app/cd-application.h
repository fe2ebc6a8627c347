/* cd-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-window.h"

G_BEGIN_DECLS

/* One schema for release and development builds alike. */
#define CD_SETTINGS_SCHEMA_ID "io.github.copydesk.Copydesk"

#define CD_TYPE_APPLICATION (cd_application_get_type ())

G_DECLARE_FINAL_TYPE (CdApplication, cd_application, CD, APPLICATION, AdwApplication)

/* With COPYDESK_TEST_HOOKS=1 in the environment the application also has
 * app.test-set-headline (s), which sets the headline of the active
 * window's story as typing would; tests reach it over D-Bus
 * (org.gtk.Actions on the application's object path). */

CdApplication *cd_application_new          (void);
/* Shows @file: in the window that has it open already, else in @window
 * when that holds only an untouched new story, else in such a window or a
 * new one. Returns the window. */
CdWindow      *cd_application_open_file    (CdApplication *self,
                                            GFile         *file,
                                            CdWindow      *window);
/* Offers back, once per run, the stories that a crash left in the
 * recovery journal, in dialogs over @parent. */
void           cd_application_offer_recovery (CdApplication *self,
                                              CdWindow      *parent);

G_END_DECLS
