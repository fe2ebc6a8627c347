/* cd-media-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tests turn openat2 off to run the component walk that kernels without
 * it (or sandboxes that filter it) fall back to. */
void          _cd_media_set_use_openat2    (gboolean     use);

G_END_DECLS
