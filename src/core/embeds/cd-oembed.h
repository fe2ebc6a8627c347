/* cd-oembed.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block.h"

G_BEGIN_DECLS

/* The largest oEmbed answer that is read, in bytes. */
#define CD_OEMBED_MAX_RESPONSE (1024 * 1024)

/* The address that asks the provider of @post_url to describe it:
 * ENDPOINT?url=POST&format=json, with the endpoint of the oEmbed provider
 * registry (oembed.com) for X, YouTube, TikTok and Bluesky, and the
 * post's own instance for Mastodon. Facebook, Instagram and Threads only
 * answer apps registered with Meta, and other links have no endpoint:
 * those are refused with a CD_ERROR_INVALID that says so.
 * @endpoint_base_override, when not NULL, replaces every provider's
 * endpoint (an http or https address; tests point it at a local server). */
char         *cd_oembed_endpoint_url       (const char  *post_url,
                                            const char  *endpoint_base_override,
                                            GError     **error);

/* Fills the embed block @embed from an oEmbed JSON answer: author_name
 * gives the author, author_url the handle, title the title, and the
 * text (and its language) is read from the paragraphs of the blockquote
 * in the "html" member; markup is never stored. Members the answer lacks
 * leave the block's own values. All or nothing: on error the block is
 * not touched; on success it changes with one ::changed. */
gboolean      cd_oembed_apply_response     (CdBlock     *embed,
                                            const char  *json,
                                            gsize        length,
                                            GError     **error);

G_END_DECLS
