/* cd-html.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"
#include "cd-embed.h"

G_BEGIN_DECLS

typedef enum
{
  CD_HTML_PAGE,      /* a whole document with <head> */
  CD_HTML_FRAGMENT,  /* the <article> alone, for pasting into a CMS */
} CdHtmlMode;

typedef enum
{
  CD_EMBEDS_STATIC,    /* a card from the stored fields, no third-party script */
  CD_EMBEDS_OFFICIAL,  /* the provider's own markup and script */
} CdEmbedMode;

/* Words of a text a compare marks (cd-compare.h), in code points. */
typedef struct
{
  guint    start;
  guint    end;
  gboolean inserted;  /* inside <ins>, else <del> */
} CdHtmlChangeSpan;

typedef struct
{
  /* "ID" (a block's text), "ID:N" (item N of a list), "headline",
   * "subheadline" → GArray of CdHtmlChangeSpan. */
  GHashTable *spans;
  /* Block id → "inserted", "deleted", "moved" or "changed". */
  GHashTable *blocks;
} CdHtmlChanges;

/* Another thread's help with writing a long story's body: while a
 * writer given it in CdHtmlOptions writes a body, a thread in
 * cd_html_help_run () writes some of it. */
typedef struct _CdHtmlHelp CdHtmlHelp;

typedef struct
{
  CdHtmlMode   mode;
  CdEmbedMode  embeds;
  /* Replaces the "media/" prefix of figure sources, e.g. "story_files/";
   * NULL keeps "media/". */
  const char  *media_prefix;
  /* What a figure's src is written as instead, by its src in the story
   * ("media/photo.jpg" → "media/photo-HASH.jpg"; cd_media_export_names ()),
   * before @media_prefix replaces "media/"; NULL, or a src it does not
   * hold, keeps the src. */
  GHashTable  *media_names;
  /* Writes media as data: URIs from the article's media instead. */
  gboolean     inline_media;
  /* CSS text inlined in a page's <head>, or NULL. */
  const char  *stylesheet;
  /* Base URL for the canonical link, or NULL. The page's address is
   * BASE/SLUG; og:image and the JSON-LD image of a lead figure stored in
   * the container are resolved against it (without a base URL, or with
   * inline_media, only an https lead image is named there). */
  const char  *base_url;
  /* A page links this stylesheet (<link rel="stylesheet">) instead of
   * inlining @stylesheet, or NULL. */
  const char  *stylesheet_href;
  /* For cd_html_export(): writes @stylesheet to NAME.css beside the page
   * and links it, instead of inlining it. Ignored by cd_html_write(). */
  gboolean     stylesheet_external;
  /* With CD_EMBEDS_OFFICIAL: each official embed sits in a sandboxed
   * frame of its own (srcdoc, scripts allowed, never the page's origin)
   * with its provider's script inside, so that script cannot read the
   * rest of the page. For the preview, where the rest is the draft. */
  gboolean     isolate_embeds;
  /* A line for the desk at the top of the header ("Embargoed until …"),
   * or NULL. The preview sets it; an export never does. */
  const char  *desk_notice;
  /* What a compare marks in the story, or NULL (every other use). */
  const CdHtmlChanges *changes;
  /* A thread that may help write the body, or NULL. */
  CdHtmlHelp  *help;
} CdHtmlOptions;

CdHtmlHelp   *cd_html_help_new             (void);
/* Waits until a writer given @help starts a body, writes parts of it
 * from its end until none is left, and returns how many it wrote;
 * returns at once once @help is closed and no body is being written. */
guint         cd_html_help_run             (CdHtmlHelp          *help);
/* No body is coming: a thread waiting in cd_html_help_run () returns. */
void          cd_html_help_close           (CdHtmlHelp          *help);
void          cd_html_help_free            (CdHtmlHelp          *help);

void          cd_html_options_init         (CdHtmlOptions       *options);

/* The whole story as HTML (page or fragment). */
char         *cd_html_write                (CdArticle           *article,
                                            const CdHtmlOptions *options);
/* Writes the story (page or fragment) to @output atomically, with what
 * it needs beside it: unless @options->inline_media, the images its
 * figures show go to the folder NAME_files/ next to @output (NAME is the
 * file name without its extension, the folder browsers use when saving a
 * page), named by cd_media_export() from their content and bytes, and
 * the figures point there (@options->media_prefix is ignored); with
 * @options->stylesheet_external a page's stylesheet goes to NAME.css.
 * The files beside the page are written first, so the page never points
 * at a file that is not there yet. The GUI export and copydesk-convert
 * both write through this. */
gboolean      cd_html_export               (CdArticle           *article,
                                            GFile               *output,
                                            const CdHtmlOptions *options,
                                            GError             **error);
/* The story as an HTML fragment to paste into a CMS (static embeds):
 * the figures point where an export to NAME.html puts the images,
 * "NAME_files/IMAGE", under @base_url ("BASE/NAME_files/IMAGE") when it
 * is not NULL; with @single_file the images are inside, as data: URIs,
 * for a paste with no folder beside it. NULL with @error when an image
 * cannot be read. */
char         *cd_html_write_copy           (CdArticle           *article,
                                            const char          *name,
                                            const char          *base_url,
                                            gboolean             single_file,
                                            GError             **error);
/* The story's words as plain text, as a person would type them out:
 * headline, dek, bylines, then the body with the dateline, paragraphs
 * apart, list items starting with "• ", quotes with their attribution,
 * captions and credits of photos, the stored text of embeds. Desk notes
 * and metadata are left out. */
char         *cd_html_write_text           (CdArticle           *article);

/* The <header> element alone (headline, dek, bylines, time), for the
 * preview to patch. */
char         *cd_html_write_header         (CdArticle           *article,
                                            const CdHtmlOptions *options);
/* The lead figure alone ("" when there is none). */
char         *cd_html_write_lead           (CdArticle           *article,
                                            const CdHtmlOptions *options);
/* One body block, as it appears in cd_html_write(): the first paragraph
 * carries the dateline. */
char         *cd_html_write_block          (CdArticle           *article,
                                            CdBlock             *block,
                                            const CdHtmlOptions *options);

/* The one escaping helper: every text and attribute value goes through it.
 * Escapes & < > " and ', and drops characters not allowed in HTML. */
/* The provider whose official markup (and script) the writer gives
 * @block with CD_EMBEDS_OFFICIAL: the one its URL is detected as, when the
 * stored provider agrees and the provider has official markup; NULL for
 * the static card. */
const CdEmbedProvider *cd_html_embed_official_provider (CdBlock *block);

/* The value of the data-block-id attribute the writer gives the block
 * with id @block_id, as a page's DOM holds it: the preview finds and
 * names blocks by it. Free with g_free(). */
char         *cd_html_block_dom_id         (const char          *block_id);
/* The paragraph the writer opens with the dateline, or NULL. */
CdBlock      *cd_html_dateline_block       (CdArticle           *article);

void          cd_html_append_escaped       (GString             *out,
                                            const char          *text);
char         *cd_html_escape               (const char          *text);

G_END_DECLS
