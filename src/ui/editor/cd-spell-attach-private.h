/* cd-spell-attach-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-spell-attach.h"

G_BEGIN_DECLS

/* The main thread's time spent in checking so far (idle checks, edit
 * and caret handlers, the menu, starting a count), in microseconds. */
gint64 _cd_spell_attach_get_busy_usec (CdSpellAttach *self);

G_END_DECLS
