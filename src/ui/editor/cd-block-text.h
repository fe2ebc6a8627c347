/* cd-block-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* Inline formatting lives in a GtkTextBuffer as tags: "strong", "em" and
 * one tag per link address, named CD_BLOCK_TEXT_LINK_PREFIX + href. Buffer
 * character offsets are code points, the unit of the model's marks. */
#define CD_BLOCK_TEXT_LINK_PREFIX "link:"

void          cd_block_text_setup_tags       (GtkTextBuffer     *buffer);
GtkTextTag   *cd_block_text_get_tag          (GtkTextBuffer     *buffer,
                                              CdMarkType         type,
                                              const char        *href);
/* TRUE if @tag is one of the formatting tags, setting @type and @href. */
gboolean      cd_block_text_tag_to_mark_type (GtkTextTag        *tag,
                                              CdMarkType        *type,
                                              const char       **href);

/* The marks of [@start, @end), offsets relative to @start, normalized. */
GPtrArray    *cd_block_text_get_marks        (GtkTextBuffer     *buffer,
                                              const GtkTextIter *start,
                                              const GtkTextIter *end);
/* Applies @marks (offsets relative to @start, clipped to @length code
 * points) to the buffer. */
void          cd_block_text_apply_marks      (GtkTextBuffer     *buffer,
                                              const GtkTextIter *start,
                                              guint              length,
                                              GPtrArray         *marks);
/* Removes every formatting tag from [@start, @end). */
void          cd_block_text_clear_marks      (GtkTextBuffer     *buffer,
                                              const GtkTextIter *start,
                                              const GtkTextIter *end);

G_END_DECLS
