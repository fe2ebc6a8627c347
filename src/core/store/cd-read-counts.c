/* cd-read-counts.c: how often story files are read and JSON parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-read-counts-private.h"

static gint counted_reads;
static gint counted_parses;

void
_cd_import_count_read (void)
{
  g_atomic_int_inc (&counted_reads);
}

void
_cd_import_count_parse (void)
{
  g_atomic_int_inc (&counted_parses);
}

void
_cd_import_counts_get (CdImportCounts *counts)
{
  counts->file_reads = (guint) g_atomic_int_get (&counted_reads);
  counts->json_parses = (guint) g_atomic_int_get (&counted_parses);
}

void
_cd_import_counts_reset (void)
{
  g_atomic_int_set (&counted_reads, 0);
  g_atomic_int_set (&counted_parses, 0);
}
