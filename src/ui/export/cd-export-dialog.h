/* cd-export-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_EXPORT_DIALOG (cd_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CdExportDialog, cd_export_dialog, CD, EXPORT_DIALOG, AdwWindow)

/* A modal dialog over @parent that exports @article: the format and how
 * social posts are shown, remembered in the settings, then a file
 * chooser. The story is copied when the export starts and written in the
 * background; the dialog closes once the file is on disk.
 *
 * Signals:
 *   exported (GFile *file): the story was written to @file. */
CdExportDialog *cd_export_dialog_new       (GtkWindow     *parent,
                                            CdArticle     *article,
                                            GFile         *story_file);

/* Puts the story on @clipboard as an HTML fragment for a CMS (static
 * embeds; see cd_html_write_copy()): the images as links to where an
 * export puts them, under the base URL of the preferences, or inside
 * as data: URIs with @single_file; and its words as text/plain. */
gboolean        cd_export_copy_html        (CdArticle     *article,
                                            GdkClipboard  *clipboard,
                                            gboolean       single_file,
                                            GError       **error);

G_END_DECLS
