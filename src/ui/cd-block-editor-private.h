/* cd-block-editor-private.h: hooks for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block-editor.h"
#include "cd-block-row.h"

G_BEGIN_DECLS

guint          _cd_block_editor_get_n_rows       (CdBlockEditor   *self);
CdBlockRow    *_cd_block_editor_get_row          (CdBlockEditor   *self,
                                                  guint            position);
GtkTextBuffer *_cd_block_editor_get_row_buffer   (CdBlockEditor   *self,
                                                  guint            position);
GtkWidget     *_cd_block_editor_get_insert_button (CdBlockEditor  *self);
GtkWidget     *_cd_block_editor_get_link_popover (CdBlockEditor   *self);

/* What a key press does in the block holding the caret; TRUE if the
 * editor handled it (the text view never sees it then). */
gboolean       _cd_block_editor_handle_key       (CdBlockEditor   *self,
                                                  guint            keyval,
                                                  GdkModifierType  state);

/* Pasting into the block holding the caret, as the clipboard handler
 * does once it has read the clipboard. */
void           _cd_block_editor_paste_text       (CdBlockEditor   *self,
                                                  const char      *text);
CdBlock       *_cd_block_editor_paste_texture    (CdBlockEditor   *self,
                                                  GdkTexture      *texture,
                                                  GError         **error);

/* Links the selection (or the word at the caret) to @href, or removes
 * the link when @href is NULL or empty. Refuses addresses other than
 * https, http and mailto. */
gboolean       _cd_block_editor_set_link         (CdBlockEditor   *self,
                                                  const char      *href,
                                                  GError         **error);

G_END_DECLS
