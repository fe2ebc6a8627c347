/* cd-window-private.h: internals exposed to tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-preview.h"
#include "cd-window.h"

G_BEGIN_DECLS

CdPreview    *_cd_window_get_preview       (CdWindow       *self);
/* Whether a file is being read. */
gboolean      _cd_window_is_loading        (CdWindow       *self);
/* The name of the page shown: "empty", "error" or "preview". */
const char   *_cd_window_get_visible_page  (CdWindow       *self);
/* The message of the last error shown (status page or toast), or NULL. */
const char   *_cd_window_get_error_message (CdWindow       *self);

G_END_DECLS
