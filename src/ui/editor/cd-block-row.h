/* cd-block-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_BLOCK_ROW (cd_block_row_get_type ())

G_DECLARE_FINAL_TYPE (CdBlockRow, cd_block_row, CD, BLOCK_ROW, GtkWidget)

/* A photo, embed or divider in the body, with its own fields. The row writes every edit to
 * its block at once and follows changes made to the block by anyone
 * else (undo, other views) without writing them back.
 *
 * Signals:
 *   menu-opened (): the block's menu is about to open; its popover is
 *                   only made then. */
CdBlockRow    *cd_block_row_new             (CdArticle   *article,
                                             CdHistory   *history,
                                             CdBlock     *block);
CdBlock       *cd_block_row_get_block       (CdBlockRow  *self);

/* Moves the keyboard focus into the row's first field (@offset is kept
 * for the callers that give one; a row has no text of its own). */
gboolean       cd_block_row_focus           (CdBlockRow  *self,
                                             int          offset);
/* Whether the focus is somewhere inside the row. */
gboolean       cd_block_row_has_focus       (CdBlockRow  *self);

/* A row far from the view of the scrolled window showing it is left out
 * of the frame; its container calls this when the view moves or the
 * rows are laid out again, to draw the row once it comes near. */
void           cd_block_row_update_culling  (CdBlockRow  *self);
gboolean       cd_block_row_is_culled       (CdBlockRow  *self);
/* Whether the row shows nothing but its block: no message, no fetch
 * under way, every field as the model has it. Such a row can be let go
 * and made again from its block without the reporter losing anything. */
gboolean       cd_block_row_shows_only_its_block (CdBlockRow *self);
/* The row's accessible name ("Figure: the caption", "Embedded post by
 * … on …"), which names its place while it is let go. */
char          *cd_block_row_dup_accessible_name (CdBlockRow *self);
/* Whether the photo's thumbnail was decoded or is being decoded: it is
 * not while the row is far from the view. */
gboolean       cd_block_row_thumbnail_requested (CdBlockRow *self);
/* Lets go of the photo's thumbnail when the row is four screens or more
 * from the view; it is decoded again when the row comes near. Not
 * during a layout: the picture asks for one. */
void           cd_block_row_let_go_of_far_thumbnail (CdBlockRow *self);

/* The entry editing @field (alt, caption, credit, attribution, the embed
 * url and fields), or NULL. */
GtkWidget     *cd_block_row_get_entry       (CdBlockRow  *self,
                                             CdBlockField field);
GtkWidget     *cd_block_row_get_menu_button (CdBlockRow  *self);
/* A figure's caption length against the house limit, NULL for others. */
GtkWidget     *cd_block_row_get_caption_counter (CdBlockRow *self);
/* The label showing why the last action in the row was refused. */
GtkLabel      *cd_block_row_get_message     (CdBlockRow  *self);
void           cd_block_row_show_message    (CdBlockRow  *self,
                                             const char  *message);

/* Embed rows: detects the provider of @url and stores it, or shows why
 * the address is refused and leaves the block unchanged. */
gboolean       cd_block_row_set_embed_url   (CdBlockRow  *self,
                                             const char  *url,
                                             GError     **error);
/* Embed rows: the button that asks the provider for the post's author,
 * title and text (oEmbed), insensitive while it does; the address of the
 * provider's endpoint can be replaced with the environment variable
 * COPYDESK_OEMBED_ENDPOINT, read once. Failures are shown in the row's
 * message. NULL for the other types. */
GtkWidget     *cd_block_row_get_fetch_button (CdBlockRow *self);
/* Figure rows: stores the image in the story's media and points the
 * figure at it, or shows why it is refused. */
gboolean       cd_block_row_set_image       (CdBlockRow  *self,
                                             GBytes      *bytes,
                                             const char  *name,
                                             GError     **error);
/* Figure rows: the picture showing the thumbnail, and whether it shows
 * one (it is decoded in a worker thread); NULL and FALSE for the other
 * types. */
GtkPicture    *cd_block_row_get_picture     (CdBlockRow  *self);
gboolean       cd_block_row_has_thumbnail   (CdBlockRow  *self);

G_END_DECLS
