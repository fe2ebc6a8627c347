/* cd-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* JSON nested deeper than this is refused. */
#define CD_JSON_MAX_DEPTH 64

/* Reads article.json. @display_name names the file in error messages
 * ("story.article: article.json"); errors say where (line:column, or the
 * JSON path like body[3].marks[0].end) and what is wrong. */
CdArticle    *cd_json_read                 (const char  *data,
                                            gsize        length,
                                            const char  *display_name,
                                            GError     **error);

/* Writes article.json: pretty-printed UTF-8 with a fixed member order, so
 * the same story always gives byte-identical output. */
GBytes       *cd_json_write                (CdArticle   *article);

/* For a program that reads one story and ends: from here on JSON trees
 * take their memory from blocks never given back, and dropping a tree
 * costs nothing. Call before any JSON is parsed or built; it cannot be
 * undone. */
void          cd_json_keep_trees           (void);

G_END_DECLS
