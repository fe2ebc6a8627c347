/* cd-thread-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-thread.h"

G_BEGIN_DECLS

/* Moves the calling thread off @cpu if it is running there and may run
 * on another core, then lets it run on every core it could before; TRUE
 * when it moved. */
gboolean _cd_thread_move_off_cpu (int cpu);

G_END_DECLS
