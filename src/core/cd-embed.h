/* cd-embed.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Detects the provider of a post URL. On success sets @provider to one of
 * "x", "facebook", "instagram", "youtube", "tiktok", "bluesky", "mastodon",
 * "threads" or "link" (any other https URL) and @kind to "post", "video"
 * or "photo" (static strings). URLs that are not https (http:, javascript:,
 * data:, …) or not well formed are refused with a CD_ERROR_INVALID. */
gboolean      cd_embed_detect              (const char   *url,
                                            const char  **provider,
                                            const char  **kind,
                                            GError      **error);

/* Whether @provider is one of the names above ("x" … "link") and @kind
 * one of "post", "video", "photo": the values article.json may store. */
gboolean      cd_embed_provider_is_known   (const char   *provider);
gboolean      cd_embed_kind_is_known       (const char   *kind);

/* "X", "YouTube", … for display; @provider as given when unknown. */
const char   *cd_embed_provider_display_name (const char *provider);

/* The 11-character video id of a YouTube link (watch, youtu.be, shorts,
 * live, embed, youtube-nocookie.com/embed), or NULL for any other URL.
 * The id only holds [A-Za-z0-9_-]. Free with g_free(). */
char         *cd_embed_youtube_id          (const char   *url);

G_END_DECLS
