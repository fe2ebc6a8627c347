/* cd-block-row-private.h: what the parts of CdBlockRow share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block-row.h"

G_BEGIN_DECLS

#define FIELD_KEY "cd-block-field"
#define FIELD_VIEW_KEY "cd-block-field-view"
#define THUMBNAIL_WIDTH 360
#define THUMBNAIL_HEIGHT 220

struct _CdBlockRow
{
  GtkWidget      parent_instance;

  CdArticle     *article;
  CdHistory     *history;
  CdBlock       *block;
  CdBlockType    type;

  GtkWidget     *box;
  GtkWidget     *content;
  GtkWidget     *menu_button;
  GtkWidget     *entries[CD_N_BLOCK_FIELDS];
  GtkWidget     *message;
  GtkWidget     *picture;
  GtkWidget     *image_status;
  GtkWidget     *caption_counter;
  GtkWidget     *provider_label;
  GtkWidget     *fetch_button;
  GtkWidget     *fetch_spinner;
  /* While the details of the embed are being fetched. */
  GCancellable  *fetch_cancellable;
  /* The message shown is why the last fetch failed. */
  gboolean       fetch_failed;

  /* The url last shown from the model, so a refused address the user
   * typed stays in the entry while other fields change. */
  char          *shown_url;
  char          *shown_src;
  GBytes        *shown_media;
  GCancellable  *thumbnail_cancellable;
  /* The thumbnail's size in pixels, while it waits for the row to come
   * near the view to be decoded. */
  guint          pending_width;
  guint          pending_height;
  /* Its size in pixels when decoded, to decode it again after it was
   * let go far from the view. */
  guint          thumbnail_width;
  guint          thumbnail_height;
  guint          thumbnail_idle_id;

  /* Whether the last snapshot left the row out, being far from view. */
  gboolean       culled;

  /* Guards against loops: syncing while the widgets follow the model,
   * writing while the row changes its own block. */
  guint          syncing;
  guint          writing;
};

/* cd-block-row.c */
void        _cd_block_row_update_provider   (CdBlockRow   *self);
GtkWidget  *_cd_block_row_make_entry        (CdBlockRow   *self,
                                             CdBlockField  field,
                                             const char   *label,
                                             const char   *placeholder);
void        _cd_block_row_add_field_row     (CdBlockRow   *self,
                                             GtkGrid      *grid,
                                             int           row,
                                             int           column,
                                             int           span,
                                             CdBlockField  field,
                                             const char   *label,
                                             const char   *placeholder);
GtkGrid    *_cd_block_row_add_field_grid    (CdBlockRow   *self);
void        _cd_block_row_add_message       (CdBlockRow   *self);
void        _cd_block_row_begin_group       (CdBlockRow   *self);
void        _cd_block_row_end_group         (CdBlockRow   *self);

/* cd-block-row-embed.c */
void        _cd_block_row_build_embed       (CdBlockRow   *self);

/* cd-block-row-menu.c */
void        _cd_block_row_update_accessible (CdBlockRow   *self);
GMenuModel *_cd_block_row_menu_model        (CdBlockRow   *self);

G_END_DECLS
