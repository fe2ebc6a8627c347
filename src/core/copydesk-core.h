/* copydesk-core.h: the public headers of libcopydesk-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-error.h"
#include "cd-mark.h"
#include "cd-block.h"
#include "cd-article.h"
#include "cd-json.h"
#include "cd-document.h"
#include "cd-media.h"
#include "cd-embed.h"
#include "cd-html.h"
#include "cd-stats.h"
#include "cd-block-memo.h"
#include "cd-history.h"
#include "cd-edit.h"
#include "cd-recovery.h"
#include "cd-html-import.h"
#include "cd-nitf.h"
#include "cd-ninjs.h"
#include "cd-import.h"
#include "cd-oembed.h"
#include "cd-wp-blocks.h"
#include "cd-preflight.h"
#include "cd-diff.h"
#include "cd-compare.h"
#include "cd-revision.h"
#include "cd-typography.h"
#include "cd-find.h"
#include "cd-lead.h"
#include "cd-spell-checker.h"
#include "cd-spell-story.h"
#include "cd-spell-words.h"
#include "cd-slug.h"
#include "cd-export.h"
