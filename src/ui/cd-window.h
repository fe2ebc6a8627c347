/* cd-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_WINDOW (cd_window_get_type ())

G_DECLARE_FINAL_TYPE (CdWindow, cd_window, CD, WINDOW, AdwApplicationWindow)

CdWindow     *cd_window_new                (GtkApplication *application);
/* Reads @file in the background and shows it; a file that cannot be read
 * is reported in the window with the reader's message. */
void          cd_window_open               (CdWindow       *self,
                                            GFile          *file);
/* The story shown and its file, or NULL. */
GFile        *cd_window_get_file           (CdWindow       *self);
CdArticle    *cd_window_get_article        (CdWindow       *self);
/* Whether the window shows nothing yet and is not reading a file, so an
 * opened file can take it over. */
gboolean      cd_window_is_empty           (CdWindow       *self);

G_END_DECLS
