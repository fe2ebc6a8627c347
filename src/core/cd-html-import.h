/* cd-html-import.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* Turns an HTML fragment (a ninjs body, HTML from a CMS) into body blocks,
 * through libxml2's HTML parser with the network off. What is kept:
 * p, h2 (heading level 2) and h3–h6 (level 3), blockquote (with a footer
 * or cite as the attribution), ul / ol / li, figure / img / figcaption
 * (a span.credit in the caption is the credit), hr, and inside text
 * strong / b, em / i and a[href] with an http, https or mailto address.
 * Copydesk's own export markup (figure.embed cards, aside.pullquote) comes
 * back as the blocks it was written from. Every other element keeps its
 * text as paragraphs; the content of script, style, iframe, noscript,
 * template, object, svg and math is dropped, and no attribute but href,
 * src, alt, width, height, cite, datetime, lang and class is read.
 *
 * Images given as base64 data: URIs are stored in @article's media when
 * @article is not NULL; https images are kept as links; any other source
 * leaves the figure without an image.
 *
 * When the first paragraph opens with <span class="dateline">, its text is
 * taken out of the paragraph (with the dash after it) and returned in
 * @dateline.
 *
 * Returns a GPtrArray of CdBlock, or NULL with a CD_ERROR naming
 * @display_name when the HTML is too large to read. */
GPtrArray    *cd_html_import_blocks        (const char  *html,
                                            gsize        length,
                                            const char  *display_name,
                                            CdArticle   *article,
                                            char       **dateline,
                                            GError     **error);

G_END_DECLS
