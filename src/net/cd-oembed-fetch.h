/* cd-oembed-fetch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-block.h"

G_BEGIN_DECLS

/* Asks the provider of the embed block @embed (its url field) to describe
 * the post, through the provider's oEmbed endpoint (see
 * cd_oembed_endpoint_url(); @endpoint_base_override, normally NULL,
 * replaces it), and fills the block's author, handle, title, text and
 * language from the answer with cd_oembed_apply_response().
 *
 * Nothing changes unless everything worked: off the network, on an HTTP
 * error, on an answer that is not oEmbed, or when the block's link was
 * changed while the answer was on its way, the block is left as it was
 * and cd_oembed_fetch_finish() gives a CD_ERROR a person can act on
 * (G_IO_ERROR_CANCELLED when @cancellable was cancelled). The block is
 * held until @callback runs, in the thread-default main context of the
 * caller. */
void          cd_oembed_fetch_async        (CdBlock              *embed,
                                            const char           *endpoint_base_override,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      cd_oembed_fetch_finish       (CdBlock              *embed,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
