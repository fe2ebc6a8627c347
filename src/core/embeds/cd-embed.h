/* cd-embed.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cd-block.h"

G_BEGIN_DECLS

/* Detects the provider of a post URL. On success sets @provider to one of
 * "x", "facebook", "instagram", "youtube", "tiktok", "bluesky", "mastodon",
 * "threads" or "link" (any other https URL) and @kind to "post", "video"
 * or "photo" (static strings). URLs that are not https (http:, javascript:,
 * data:, …), not well formed, with a user name before the host or a
 * backslash, or whose host is not a public name (an IP address in any
 * form, a single label, localhost, *.local, *.internal and the like) are
 * refused with a CD_ERROR_INVALID, for every provider. */
gboolean      cd_embed_detect              (const char   *url,
                                            const char  **provider,
                                            const char  **kind,
                                            GError      **error);

/* Whether @provider is one of the names above ("x" … "link") and @kind
 * one of "post", "video", "photo": the values article.json may store. */
gboolean      cd_embed_provider_is_known   (const char   *provider);
gboolean      cd_embed_kind_is_known       (const char   *kind);

/* The HTML writer's state while it writes a story (cd-html-private.h). */
typedef struct _CdHtmlWriter CdHtmlWriter;

/* Writes a provider's official markup for the post at @url into @out;
 * FALSE when @url is not one the markup can use, and the writer falls
 * back to the static card. */
typedef gboolean (*CdEmbedOfficialFunc) (CdHtmlWriter *writer,
                                         GString      *out,
                                         CdBlock      *block,
                                         const char   *url,
                                         const char   *lang);

/* Everything Copydesk knows of one provider, in one table in cd-embed.c
 * that every part asks: URL detection (hosts and id patterns), the HTML
 * writer's official markup and scripts, the preview's live origins and
 * oEmbed. Adding a provider is adding an entry there. */
typedef struct
{
  const char *name;             /* "x", as in an embed block's provider */
  const char *display_name;     /* "X": a brand, not translated */
  /* The script of the official markup (https), loaded once per page, or
   * NULL when the markup is a frame alone. */
  const char *script;
  /* The charset attribute the provider's own snippet gives its script,
   * or NULL. */
  const char *script_charset;
  /* Markup the script needs in the page before it runs, or NULL. */
  const char *script_prelude;
  /* The origin the official markup's frames load from, or NULL: for
   * Mastodon, see cd_embed_frame_origin(). */
  const char *frame_origin;
  /* The oEmbed endpoint, NULL when there is none (see
   * cd_embed_oembed_endpoint()); parameters appended after format=json. */
  const char *oembed_endpoint;
  const char *oembed_params;
  /* Describes posts only to apps registered with Meta. */
  gboolean    oembed_needs_app;
  /* An author's handle is only the last segment of the author's address
   * when that starts with "@" (YouTube: otherwise it is a channel id). */
  gboolean    handle_needs_at;
  /* An author's handle names the host too ("@user@host"): Mastodon. */
  gboolean    handle_names_host;
  /* The official markup, or NULL: the static card in official mode too. */
  CdEmbedOfficialFunc write_official;
} CdEmbedProvider;

/* The providers in the table's order, @index from 0; NULL past the last
 * one. */
const CdEmbedProvider *cd_embed_provider_nth (guint index);

/* The origin ("https://HOST") @provider's script loads from, or NULL
 * when it has none. */
char         *cd_embed_script_origin       (const CdEmbedProvider *provider);

/* For a post URL that cd_embed_detect() accepts: the address of the post
 * to ask its oEmbed endpoint about (the provider's own canonical form
 * where the endpoint knows no other), or NULL. */
char         *cd_embed_oembed_post_url     (const char   *url);

/* The provider named @name ("x", "mastodon", …), or NULL for "link" and
 * any name Copydesk does not know. */
const CdEmbedProvider *cd_embed_provider_lookup (const char *name);

/* For a post URL that cd_embed_detect() accepts: the origin
 * ("https://HOST") its official markup's frame loads from, which for
 * Mastodon is the post's own instance; NULL for a link, a provider
 * without a frame, or a URL that is refused. */
char         *cd_embed_frame_origin        (const char   *url);

/* For a post URL that cd_embed_detect() accepts: the oEmbed endpoint
 * that describes it (https), or NULL when its provider has none. */
char         *cd_embed_oembed_endpoint     (const char   *url);

/* Whether Copydesk can fetch the details (author, text) of a post of
 * @provider ("x", "facebook", …): FALSE for a link, an unknown name and
 * the providers whose oEmbed only answers apps registered with Meta. */
gboolean      cd_embed_provider_has_details (const char *provider);

/* "X", "YouTube", … for display; @provider as given when unknown. */
const char   *cd_embed_provider_display_name (const char *provider);

/* The 11-character video id of a YouTube link (watch, youtu.be, shorts,
 * live, embed, youtube-nocookie.com/embed), or NULL for any other URL.
 * The id only holds [A-Za-z0-9_-]. Free with g_free(). */
char         *cd_embed_youtube_id          (const char   *url);

G_END_DECLS
