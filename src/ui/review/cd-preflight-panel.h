/* cd-preflight-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_PREFLIGHT_PANEL (cd_preflight_panel_get_type ())

G_DECLARE_FINAL_TYPE (CdPreflightPanel, cd_preflight_panel, CD, PREFLIGHT_PANEL, GtkPopover)

/* The Pre-flight popover: the desk's checks (cd-preflight.h) for the
 * story, in the house style of the "house-style" setting, kept current
 * as the story changes. Activating an item emits
 *   item-activated (CdPreflightItem *item)
 * so the window can move the caret there.
 *
 * Properties: "article", "n-items" and "n-errors" (read-only). */

GtkWidget    *cd_preflight_panel_new          (void);
void          cd_preflight_panel_set_article  (CdPreflightPanel *self,
                                               CdArticle        *article);
/* The items now, checked afresh. A new reference. */
GPtrArray    *cd_preflight_panel_check        (CdPreflightPanel *self);
guint         cd_preflight_panel_get_n_items  (CdPreflightPanel *self);
guint         cd_preflight_panel_get_n_errors (CdPreflightPanel *self);
/* The list's rows, for tests: one per item. */
GtkListBox   *cd_preflight_panel_get_list     (CdPreflightPanel *self);

/* The items for @article (NULL: none) in the house style of the
 * "house-style" setting. A new reference. */
GPtrArray    *cd_preflight_check_story        (CdArticle           *article);

/* Asks, above @parent, whether to go on with @items open: @heading is
 * the question ("Export with open pre-flight items?"), @anyway the label
 * of the button that goes on ("Export Anyway"). Returns at once with
 * TRUE when @items is empty; otherwise @callback gets TRUE from
 * cd_preflight_confirm_finish() if the user goes on. */
gboolean      cd_preflight_confirm_async      (GtkWindow           *parent,
                                               GPtrArray           *items,
                                               const char          *heading,
                                               const char          *anyway,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      cd_preflight_confirm_finish     (GAsyncResult        *result);

G_END_DECLS
