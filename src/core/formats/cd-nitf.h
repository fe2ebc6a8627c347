/* cd-nitf.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

#define CD_NITF_NAMESPACE "http://iptc.org/std/NITF/2006-10-18/"

/* Writes the story as NITF 3.6 in the IPTC namespace, UTF-8, valid
 * against nitf-3-6.xsd:
 *
 *   head       title (headline); docdata with doc-id (the story id),
 *              urgency 5, date.issue (published, else modified),
 *              date.release (the embargo), du-key (the slug), key-list
 *              (keywords) and management-status (see below); pubdata with
 *              the section
 *   body.head  hedline (hl1 headline, hl2 subheadline), one byline per
 *              byline (person, byttl), dateline (location with the source
 *              in parentheses, story.date), abstract (the subheadline)
 *   body.content
 *              the lead photo as media class="lead", then the blocks: p,
 *              hl2 (class="h3" for level 3), bq with credit (class
 *              "pullquote" for pull quotes), ul / ol, media with
 *              media-reference, media-caption and media-producer (the
 *              credit), embeds as block class="embed" holding the post and
 *              a link to it, hr. Strong text is em class="bold", emphasis
 *              is em, links are a href.
 *   body.end   empty
 *
 * management-status follows ninjs pubstatus: "usable" once the desk has
 * approved or published the story, "withheld" while it is a draft or in
 * edit. Figures in the container are referenced as media/NAME, the path
 * copydesk-convert writes them to beside the file. Desk notes are never
 * written. */
GBytes       *cd_nitf_write                (CdArticle   *article,
                                            GError     **error);
/* Writes the story as NITF (see cd_nitf_write()) to @output atomically,
 * its pictures first to the folder media/ beside it under names from
 * their content (cd_media_export(), which never replaces a different
 * file), where the NITF references them and where cd_nitf_read() finds
 * them again. The GUI
 * export and copydesk-convert both write through this. */
gboolean      cd_nitf_export               (CdArticle   *article,
                                            GFile       *output,
                                            GError     **error);

/* Reads NITF 2.x or 3.x, with or without a namespace, or a NewsML 1.2
 * envelope that carries an NITF body, in any encoding the XML declares
 * (files that are not UTF-8 and say nothing are read as Windows-1252).
 * The network, external DTDs and entity expansion stay off; the HTML
 * named entities of NITF's DTD (&nbsp;, &mdash; …) are understood without
 * it. Elements Copydesk has no block for keep their text as paragraphs.
 *
 * Relative media-reference sources are looked up inside @media_folder
 * (the file's folder; NULL to skip) and stored in the story; https
 * sources are kept as links. A source that leaves the folder, goes
 * through a symbolic link or is not an image (cd_media_sniff()) stops
 * the import with an error naming it. The story comes back as a draft.
 *
 * Errors name @display_name and say what is wrong (CD_ERROR_PARSE with
 * the line for XML that is not well formed, CD_ERROR_INVALID for XML that
 * is not NITF, CD_ERROR_LIMIT over 64 MiB). */
CdArticle    *cd_nitf_read                 (const char  *data,
                                            gsize        length,
                                            const char  *display_name,
                                            GFile       *media_folder,
                                            GError     **error);

G_END_DECLS
