/* cd-ninjs-private.h: what the ninjs writer and reader share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-ninjs.h"

G_BEGIN_DECLS

/* The association that carries the lead photo: written for it, and read
 * back as the lead rather than a figure of the body. */
#define CD_NINJS_LEAD_ASSOCIATION "featuremedia"

G_END_DECLS
