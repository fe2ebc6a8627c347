/* cd-json-private.h: the article.json reader's JSON parsing, shared with
 * the ninjs reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cd-json.h"

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

G_END_DECLS
