/* cd-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "copydesk-core.h"
#include "cd-story-session.h"

G_BEGIN_DECLS

#define CD_TYPE_WINDOW (cd_window_get_type ())

G_DECLARE_FINAL_TYPE (CdWindow, cd_window, CD, WINDOW, AdwApplicationWindow)

/* The editor window of one story. A new window holds a new, empty story
 * (today's dateline, one empty paragraph), which an opened file replaces. */
CdWindow     *cd_window_new                (GtkApplication *application);
/* Reads @file in the background and shows it; a file that cannot be read
 * is reported in the window with the reader's message, and the story
 * shown before stays. */
void          cd_window_open               (CdWindow       *self,
                                            GFile          *file);
/* Shows @article, recovered from the journal @journal_id, as unsaved
 * changes to @original (NULL for a story never saved). The window goes on
 * writing to that journal. */
void          cd_window_show_recovered     (CdWindow       *self,
                                            CdArticle      *article,
                                            GFile          *original,
                                            const char     *journal_id);
/* The story shown and its file, or NULL. */
GFile        *cd_window_get_file           (CdWindow       *self);
CdArticle    *cd_window_get_article        (CdWindow       *self);
/* Whether the story has changes that are not saved. */
gboolean      cd_window_get_modified       (CdWindow       *self);
/* Whether the window holds only its untouched new story and is not
 * reading a file, so an opened file can take it over. */
gboolean      cd_window_is_empty           (CdWindow       *self);
void          cd_window_focus_headline     (CdWindow       *self);
/* Shows @message in a toast that stays until dismissed. */
void          cd_window_show_error         (CdWindow       *self,
                                            const char     *message);
/* Shows @message briefly, for news that needs no answer. */
void          cd_window_show_message       (CdWindow       *self,
                                            const char     *message);
/* The story the window shows, with its file, history and journal. */
CdStorySession *cd_window_get_session      (CdWindow       *self);
/* The id of the recovery journal that keeps the story's unsaved changes. */
const char   *cd_window_get_journal_id     (CdWindow       *self);

G_END_DECLS
