/* cd-ninjs.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

#define CD_NINJS_SCHEMA "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#"

/* Writes the story as IPTC ninjs 2.2, valid against ninjs-schema_2.2.json:
 *
 *   uri             urn:uuid:ID
 *   type, version   "text", "1"
 *   firstcreated, versioncreated, embargoed
 *                   created, modified and the embargo (UTC)
 *   pubstatus       "usable" once the desk has approved or published the
 *                   story, "withheld" while it is a draft or in edit
 *   language, slugline
 *   headlines       role "main" (headline) and "sub" (subheadline)
 *   by              the bylines: "Name, Title and Name, Title" (three or
 *                   more are separated by semicolons)
 *   located         the dateline place, with the source in parentheses;
 *                   contentcreated carries the dateline's date
 *   subjects        the keywords, rel "keyword" (ninjs 2 has no keywords)
 *   bodies          one text/html body: the body blocks as Copydesk's HTML
 *                   writer renders them (static embeds, images inline as
 *                   data: URIs), with charcount and wordcount of the body
 *                   text (without captions, as ninjs defines them)
 *   associations    the lead photo ("featuremedia") and each figure (named
 *                   by its block id): type picture, descriptions with the
 *                   caption (role "caption") and alt text (role "alt"), by
 *                   with the credit, and an "original" rendition
 *
 * Desk notes are never written. */
GBytes       *cd_ninjs_write               (CdArticle   *article,
                                            GError     **error);

/* Reads ninjs 1.x or 2.x: headline(s), by / byline, located, slugline,
 * keywords (1.x) or keyword subjects, the HTML body (sanitised by
 * cd_html_import_blocks()) or else the plain text body, and picture
 * associations as the lead photo and figures. A picture item becomes a
 * story with that photo as its lead. The story comes back as a draft.
 *
 * Errors name @display_name and say what is wrong. */
CdArticle    *cd_ninjs_read                (const char  *data,
                                            gsize        length,
                                            const char  *display_name,
                                            GError     **error);

G_END_DECLS
