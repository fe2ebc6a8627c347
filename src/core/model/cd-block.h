/* cd-block.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cd-mark.h"

G_BEGIN_DECLS

typedef enum
{
  CD_BLOCK_PARAGRAPH,
  CD_BLOCK_HEADING,
  CD_BLOCK_QUOTE,
  CD_BLOCK_PULLQUOTE,
  CD_BLOCK_LIST,
  CD_BLOCK_FIGURE,
  CD_BLOCK_EMBED,
  CD_BLOCK_DIVIDER,
} CdBlockType;

#define CD_N_BLOCK_TYPES (CD_BLOCK_DIVIDER + 1)

/* The string members a block may carry. Which ones a block type uses is
 * given by cd_block_type_has_field(). */
typedef enum
{
  CD_BLOCK_FIELD_TEXT,
  CD_BLOCK_FIELD_ATTRIBUTION,
  CD_BLOCK_FIELD_SRC,
  CD_BLOCK_FIELD_ALT,
  CD_BLOCK_FIELD_CAPTION,
  CD_BLOCK_FIELD_CREDIT,
  CD_BLOCK_FIELD_PROVIDER,
  CD_BLOCK_FIELD_URL,
  CD_BLOCK_FIELD_KIND,
  CD_BLOCK_FIELD_AUTHOR,
  CD_BLOCK_FIELD_HANDLE,
  CD_BLOCK_FIELD_TITLE,
  CD_BLOCK_FIELD_DATE,
  CD_BLOCK_FIELD_LANG,
} CdBlockField;

#define CD_N_BLOCK_FIELDS (CD_BLOCK_FIELD_LANG + 1)

#define CD_TYPE_BLOCK (cd_block_get_type ())

G_DECLARE_FINAL_TYPE (CdBlock, cd_block, CD, BLOCK, GObject)

const char   *cd_block_type_to_string      (CdBlockType   type);
gboolean      cd_block_type_from_string    (const char   *string,
                                            CdBlockType  *type);
/* The JSON member name of a field ("text", "attribution", …). */
const char   *cd_block_field_to_string     (CdBlockField  field);
gboolean      cd_block_type_has_field      (CdBlockType   type,
                                            CdBlockField  field);
/* Paragraph, heading, quote and list items carry marks. */
gboolean      cd_block_type_has_marks      (CdBlockType   type);

/* A new block with a fresh unique id. */
CdBlock      *cd_block_new                 (CdBlockType   type);
/* A new block with the id @id (not empty), as a story read from a file
 * gives it. */
CdBlock      *cd_block_new_with_id         (CdBlockType   type,
                                            const char   *id);
/* A deep copy that keeps the id. */
CdBlock      *cd_block_copy                (CdBlock      *self);
/* Taken anew at every ::changed, and never the same for two blocks of the
 * process (a copy has its own): a copy made of @self while its serial was
 * N is still equal to it while the serial is N. */
guint64       cd_block_get_serial          (CdBlock      *self);
gboolean      cd_block_equal               (CdBlock      *a,
                                            CdBlock      *b);
/* Copies every member of @source into @self (ids and types must match),
 * emitting ::changed once. Used by undo. */
void          cd_block_assign              (CdBlock      *self,
                                            CdBlock      *source);

CdBlockType   cd_block_get_block_type      (CdBlock      *self);
const char   *cd_block_get_id              (CdBlock      *self);
void          cd_block_set_id              (CdBlock      *self,
                                            const char   *id);

/* Never NULL: an absent member reads as "". */
const char   *cd_block_get_field           (CdBlock      *self,
                                            CdBlockField  field);
void          cd_block_set_field           (CdBlock      *self,
                                            CdBlockField  field,
                                            const char   *value);
const char   *cd_block_get_text            (CdBlock      *self);
void          cd_block_set_text            (CdBlock      *self,
                                            const char   *text);

/* Marks of the block's text, a GPtrArray of CdMark, owned by the block. */
GPtrArray    *cd_block_get_marks           (CdBlock      *self);
/* Replaces the marks with a copy of @marks (NULL clears them). */
void          cd_block_set_marks           (CdBlock      *self,
                                            GPtrArray    *marks);
/* Sets text and marks together with one ::changed. */
void          cd_block_set_text_and_marks  (CdBlock      *self,
                                            const char   *text,
                                            GPtrArray    *marks);

/* Heading level, 2 or 3. */
guint         cd_block_get_level           (CdBlock      *self);
void          cd_block_set_level           (CdBlock      *self,
                                            guint         level);

gboolean      cd_block_get_ordered         (CdBlock      *self);
void          cd_block_set_ordered         (CdBlock      *self,
                                            gboolean      ordered);
/* List items, a GPtrArray of CdListItem, owned by the block. */
GPtrArray    *cd_block_get_items           (CdBlock      *self);
/* Replaces the items with a copy of @items. */
void          cd_block_set_items           (CdBlock      *self,
                                            GPtrArray    *items);

/* A paragraph with no words (empty or only blanks): where the caret
 * waited while editing, never part of a saved or exported story. */
gboolean      cd_block_is_blank_paragraph  (CdBlock      *self);

/* The blocks that "Turn into" @type makes of @self, a new GPtrArray of
 * new CdBlock, the first keeping @self's id: one block between
 * paragraph, heading, quote and pull quote (marks and attribution kept
 * where the new type has them); a list of one item from a text block;
 * one block per item from a list. NULL when either type carries no
 * text (photo, embed, divider). */
GPtrArray    *cd_block_convert             (CdBlock      *self,
                                            CdBlockType   type);
/* Figure pixel size, 0 when unknown. */
guint         cd_block_get_width           (CdBlock      *self);
guint         cd_block_get_height          (CdBlock      *self);
void          cd_block_set_size            (CdBlock      *self,
                                            guint         width,
                                            guint         height);

G_END_DECLS
