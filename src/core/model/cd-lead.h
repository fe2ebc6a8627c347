/* cd-lead.h: the lead photo of a story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-history.h"

G_BEGIN_DECLS

/* Makes the body's figure @block_id the story's lead photo, as one step
 * of @history (may be NULL): the figure leaves the body, and the lead
 * photo it replaces, if any, takes its place there, so no photo is lost.
 * An id that names no figure of the body is a CD_ERROR_INVALID error. */
gboolean      cd_lead_use_figure           (CdArticle   *article,
                                            CdHistory   *history,
                                            const char  *block_id,
                                            GError     **error);

G_END_DECLS
