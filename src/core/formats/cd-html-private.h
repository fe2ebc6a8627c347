/* cd-html-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-embed.h"
#include "cd-html.h"

G_BEGIN_DECLS

/* Text with its strong, em and link marks as inline HTML. */
void          _cd_html_append_marked_text       (GString    *out,
                                                 const char *text,
                                                 GPtrArray  *marks);
/* <span class="dateline">PLACE (SOURCE)</span> — , or nothing. */
void          _cd_html_append_dateline          (CdArticle  *article,
                                                 GString    *out);
/* The inside of the byline line ("By <span class="author">…"); FALSE and
 * nothing written when no byline has a name. */
gboolean      _cd_html_append_byline_names      (CdArticle  *article,
                                                 GString    *out);
/* The inside of a figure's caption: caption and credit. */
void          _cd_html_append_figure_caption    (GString    *out,
                                                 CdBlock    *block);
/* An embed's static card as inline HTML (title, text, then author,
 * provider and date), for a caption. */
void          _cd_html_append_embed_card_inline (CdArticle  *article,
                                                 GString    *out,
                                                 CdBlock    *block);


/* The official markup of each provider, named by cd-embed.c's provider
 * table (see CdEmbedOfficialFunc). */
gboolean      _cd_html_write_official_x         (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_youtube   (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_instagram (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_tiktok    (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_bluesky   (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_facebook  (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_threads   (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);
gboolean      _cd_html_write_official_mastodon  (CdHtmlWriter *writer,
                                                 GString      *out,
                                                 CdBlock      *block,
                                                 const char   *url,
                                                 const char   *lang);

G_END_DECLS
