/* cd-html-import.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

/* Turns plain text (a paste, an e-mail, a press release) into paragraphs.
 * When a blank line separates any two paragraphs, blank lines are the
 * paragraph breaks and the single line breaks inside a paragraph read as
 * spaces (text wrapped by a mail program); text without blank lines
 * gives one paragraph per line. CRLF and CR line ends count as line
 * breaks; white space within a line collapses, control characters and
 * invalid UTF-8 are dropped, and no line end ever joins two words.
 * Returns a GPtrArray of paragraph CdBlock, empty for text with no
 * words. */
GPtrArray    *cd_plain_text_import_blocks  (const char  *text);

/* Reads a whole HTML document (a saved web page, a Google Docs or Word
 * document saved as HTML) into a new story: the headline from Word's or
 * Google Docs' title paragraph, else the story's first h1, else
 * <title>; the dek and byline from Copydesk's own page or the document's
 * subtitle; the body from the <article> with the most text (else <main>,
 * else <body>), cleaned as cd_html_import_blocks() cleans a paste; the
 * language from <html lang> or <body lang>. Copydesk's own lead photo
 * comes back as the lead. Pictures given as relative paths are read from beneath
 * @media_folder (may be NULL) and stored in the story; a picture that
 * cannot be read leaves its figure without an image. The text is UTF-8
 * unless it is not valid UTF-8, when the page's own charset (or
 * Windows-1252) is used.
 *
 * Returns NULL with a CD_ERROR naming @display_name when the document
 * is too large or nested too deep, or has no text at all. */
CdArticle    *cd_html_import_document      (const char  *html,
                                            gsize        length,
                                            const char  *display_name,
                                            GFile       *media_folder,
                                            GError     **error);

G_END_DECLS
