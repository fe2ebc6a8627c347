/* cd-json-private.h: what the article.json reader (cd-json.c) and writer
 * (cd-json-writer.c) share, and the JSON parsing (cd-json-parse.c) every
 * JSON reader uses. Every JSON text Copydesk reads or writes goes through
 * cJSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>

#include "cd-article.h"
#include "cd-json.h"

G_BEGIN_DECLS

/* The members of each block type after "type" and "id", in the order of
 * docs/article-format.md; the writer follows it and the reader reads the
 * same set. */
typedef enum
{
  MEMBER_END,
  MEMBER_FIELD,
  MEMBER_MARKS,
  MEMBER_LEVEL,
  MEMBER_ORDERED,
  MEMBER_ITEMS,
  MEMBER_WIDTH,
  MEMBER_HEIGHT,
} CdJsonMemberKind;

typedef struct
{
  CdJsonMemberKind kind;
  CdBlockField     field;
} CdJsonMember;

/* The members of each block type in order, ending in MEMBER_END. */
extern const CdJsonMember * const _cd_json_block_members[CD_N_BLOCK_TYPES];

/* Frees a tree, unless cd_json_keep_trees () was called. */
void          _cd_json_tree_free               (cJSON        *tree);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, _cd_json_tree_free)

/* Parses @data (@length bytes) into a tree, freed with _cd_json_tree_free().
 * Unless @checked (the caller has done so already) it skips a byte order
 * mark and refuses text that is not UTF-8 ("NAME: not UTF-8 text: ...")
 * or nested deeper than @max_depth, or with comments or single quotes
 * (_cd_json_check_structure(), strict). Empty text, a syntax error and
 * text after the top-level value become CD_ERROR_PARSE naming
 * @display_name with line and column ("NAME: line L, column C: WHAT"),
 * in UTF-8 without control characters, whatever the file held. */
cJSON        *_cd_json_parse                   (const char   *data,
                                                gsize         length,
                                                guint         max_depth,
                                                gboolean      checked,
                                                const char   *display_name,
                                                GError      **error);

/* _cd_json_parse()'s message in @error without the "NAME: " it starts
 * with, for a message around it that names the text already. */
const char   *_cd_json_error_detail            (const GError *error,
                                                const char   *display_name);

/* The string member @name of @object; NULL when @object is not an
 * object, or has no such member, or it is not a string. */
const char   *_cd_json_get_string              (const cJSON  *object,
                                                const char   *name);

/* TRUE when @item is a number with a whole value that a double holds
 * exactly (|value| <= 2^53), stored in @value. JSON has one kind of
 * number; 3, 3.0 and 3e0 are the same integer. */
gboolean      _cd_json_get_integer             (const cJSON  *item,
                                                gint64       *value);

/* @text for an error message: valid UTF-8, control characters written
 * as JSON escapes ("\\n"), so a terminal or toast shows them as text. */
char         *_cd_json_printable_text          (const char   *text);

/* Refuses JSON text nested deeper than @max_depth ("NAME: line L, column
 * C: nested deeper than N levels"), strings skipped, before any parser
 * recurses into it; with @strict also comments, single quotes and text
 * after the top-level value. The one depth scan of every JSON reader. */
gboolean      _cd_json_check_structure         (const char   *data,
                                                gsize         length,
                                                guint         max_depth,
                                                gboolean      strict,
                                                const char   *display_name,
                                                GError      **error);

/* cd_json_read() for a tree _cd_json_parse() made of the text: the
 * same checks, the same errors, without parsing it again. */
CdArticle    *_cd_json_read_tree               (const cJSON  *root,
                                                const char   *display_name,
                                                GError      **error);

G_END_DECLS
