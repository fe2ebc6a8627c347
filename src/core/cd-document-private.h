/* cd-document-private.h: the save rules, open to the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean _cd_save_may_follow_link (const struct stat *folder,
                                   const struct stat *link,
                                   uid_t              user);
gboolean _cd_save_may_replace     (const struct stat *target,
                                   uid_t              user);

/* As cd_file_replace_atomic(), without waiting for the disk: the file is
 * whole whatever happens to the program, but a system crash may lose it.
 * For the recovery journal, written many times a second. */
gboolean _cd_file_replace_atomic_quick (GFile             *file,
                                        GBytes            *bytes,
                                        GError           **error);

G_END_DECLS
