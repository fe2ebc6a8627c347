/* cd-test-story.h: stories the tests start from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "copydesk-core.h"

G_BEGIN_DECLS

/* The sample story (cd_test_sample_path ()), read as the window reads
 * it; fails the test when it cannot be. */
CdArticle *cd_test_load_sample (void);

G_END_DECLS
