/* cd-wire-private.h: helpers shared by the NITF, ninjs and HTML readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include "cd-libxml-private.h"

#include "cd-article.h"

G_BEGIN_DECLS

/* Wire files are read whole; this is the article.json limit of the
 * container (docs/article-format.md), so no reader holds more than the others. */
#define CD_WIRE_MAX_SIZE (64 * 1024 * 1024)

/* Running text with inline marks, as a reader walks a tree. White space
 * collapses as in HTML: runs become one space, none at either end.
 * Characters that have no place in a story (control characters, C1
 * controls that stand for Windows-1252 punctuation, non-characters) are
 * mapped or dropped on the way in. */
typedef struct _CdWireText CdWireText;

CdWireText   *_cd_wire_text_new                (void);
void          _cd_wire_text_free               (CdWireText   *self);
void          _cd_wire_text_append             (CdWireText   *self,
                                                const char   *text);
/* A break that reads as a space (<br>, the border between two blocks
 * whose text runs together). */
void          _cd_wire_text_break              (CdWireText   *self);
/* Opens a mark at the current position; returns the handle to close it. */
guint         _cd_wire_text_open_mark          (CdWireText   *self,
                                                CdMarkType    type,
                                                const char   *href);
void          _cd_wire_text_close_mark         (CdWireText   *self,
                                                guint         handle);
gboolean      _cd_wire_text_is_empty           (CdWireText   *self);
/* Returns the text and its marks (clamped, trimmed to the words they
 * cover, same-type overlaps merged, sorted) and empties the builder.
 * Marks still open carry on into the next text, so a paragraph split by
 * a block inside it keeps its formatting on both sides. */
char         *_cd_wire_text_finish             (CdWireText   *self,
                                                GPtrArray   **marks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdWireText, _cd_wire_text_free)

/* One line of plain text: white space collapsed, controls dropped. */
char         *_cd_wire_clean_text              (const char   *text);
/* _cd_wire_clean_text() of @text, or NULL when @text is NULL or nothing
 * is left of it: a member or attribute that says nothing is absent. */
char         *_cd_wire_clean_text_or_null      (const char   *text);

/* "2024-05-14T08:12:00Z" from ISO 8601 in basic or extended form, with
 * or without a zone (UTC assumed) or a time; NULL when unreadable. */
char         *_cd_wire_normalize_timestamp     (const char   *value);
/* "2024-05-14" from the date part of ISO 8601; NULL when unreadable. */
char         *_cd_wire_normalize_date          (const char   *value);
/* A BCP 47 tag as article.json accepts it ("en", "pt-BR"), or NULL. */
char         *_cd_wire_normalize_language      (const char   *value);

/* "GROSSETO, Italy (AP) --" gives place "GROSSETO, Italy" and source
 * "AP". Both may come back NULL. */
void          _cd_wire_parse_dateline          (const char   *text,
                                                char        **place,
                                                char        **source);
/* A dateline from place and source, or NULL when there is neither. */
CdDateline   *_cd_wire_dateline_new            (const char   *text,
                                                const char   *date);

/* Decodes a base64 data: URI of a PNG, JPEG, GIF or WebP image (by its
 * bytes, see cd_media_store()) into @article's media; NULL when @uri is
 * not one. */
char         *_cd_wire_store_data_uri          (CdArticle    *article,
                                                const char   *uri);
/* The source a figure keeps: an https URL, a data: image stored in the
 * article, or NULL. */
char         *_cd_wire_figure_src              (CdArticle    *article,
                                                const char   *uri);

/* Markup trees are walked recursively by the readers, so a tree deeper
 * than this is refused before any walk; libxml2 stops at 256. */
#define CD_WIRE_MAX_XML_DEPTH 200

/* The node after @node in document order, never leaving @root, or NULL:
 * a walk without recursion. Only elements are entered; @depth goes up
 * by one for each element entered and down for each one left. */
xmlNode      *_cd_wire_xml_next                (xmlNode      *root,
                                                xmlNode      *node,
                                                guint        *depth);
/* The first element under @root nested deeper than
 * CD_WIRE_MAX_XML_DEPTH (@root's children are at depth 1), or NULL. */
xmlNode      *_cd_wire_xml_find_too_deep       (xmlNode      *root);

/* Whether a JSON object is a ninjs item: it has ninjs's own members
 * ("uri" above all) and none that only article.json has (a "body" of
 * blocks, "bylines", "lead" …). An article.json that lost its "format"
 * is not one, and is left to the article.json reader to refuse. */
gboolean      _cd_ninjs_looks_like_ninjs       (const cJSON  *root);
/* cd_ninjs_read() of a text its caller has checked (size, UTF-8, depth)
 * and parsed into @root already, so it is not parsed again. */
CdArticle    *_cd_ninjs_read_root              (const cJSON  *root,
                                                const char   *display_name,
                                                GError      **error);

/* Splits a "by" line ("By A, Title and B") into bylines. */
GPtrArray    *_cd_wire_parse_by                (const char   *text);
/* The reverse: "A, Title and B, Title"; three or more are separated by
 * semicolons, so titles with commas and "and" stay readable. */
char         *_cd_wire_format_by               (GPtrArray    *bylines);

G_END_DECLS
