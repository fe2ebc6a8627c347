/* cd-read-counts-private.h: what opening a story costs, open to the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Opening a file reads it and parses its JSON once each; these count
 * the reads of a story file and the parses of a JSON text, in any
 * thread, so a test can tell when a second one creeps back in. */
typedef struct
{
  guint file_reads;
  guint json_parses;
} CdImportCounts;

void          _cd_import_count_read            (void);
void          _cd_import_count_parse           (void);
void          _cd_import_counts_get            (CdImportCounts *counts);
void          _cd_import_counts_reset          (void);

G_END_DECLS
