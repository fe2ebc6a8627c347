/* cd-document-private.h: the save rules, open to the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

gboolean _cd_save_may_follow_link (const struct stat *folder,
                                   const struct stat *link,
                                   uid_t              user);
gboolean _cd_save_may_replace     (const struct stat *target,
                                   uid_t              user);

G_END_DECLS
