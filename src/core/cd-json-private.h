/* cd-json-private.h: the article.json reader's JSON parsing, shared with
 * the ninjs reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cd-article.h"

G_BEGIN_DECLS

/* Loads @data (UTF-8, @length bytes) into @parser. A syntax error becomes
 * a CD_ERROR_PARSE naming @display_name with line and column, in UTF-8
 * without control characters, whatever the file held. */
gboolean      _cd_json_parser_load             (JsonParser   *parser,
                                                const char   *data,
                                                gsize         length,
                                                const char   *display_name,
                                                GError      **error);

/* @text for an error message: valid UTF-8, control characters written
 * as JSON escapes ("\\n"), so a terminal or toast shows them as text. */
char         *_cd_json_printable_text          (const char   *text);

/* cd_json_read() for text that was parsed already into @root (by a
 * JsonParser over the same @data, past any byte order mark): the same
 * checks of the text, the same errors, without parsing it again. */
CdArticle    *_cd_json_read_parsed             (const char   *data,
                                                gsize         length,
                                                JsonNode     *root,
                                                const char   *display_name,
                                                GError      **error);

G_END_DECLS
