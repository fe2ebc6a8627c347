/* cd-recovery.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* The recovery journal: unsaved work written to
 * $XDG_STATE_HOME/copydesk/recovery/ so a crash loses nothing. Each open
 * story has one journal, named by a journal id; a clean close discards it,
 * so any journal found at start-up was left by a crash. */

typedef struct
{
  char      *id;
  char      *journal_path;  /* the .article holding the unsaved story */
  char      *original;      /* the file the story came from, or NULL */
  char      *headline;
  GDateTime *written;
} CdRecoveryEntry;

void          cd_recovery_entry_free       (CdRecoveryEntry  *entry);

/* The journal folder (created on first write). */
char         *cd_recovery_get_dir          (void);
/* A fresh journal id for a newly opened story. */
char         *cd_recovery_new_id           (void);

/* Writes the story atomically; the previous journal stays whole if this
 * fails. @original is the story's own file, or NULL for a new story. */
gboolean      cd_recovery_write            (const char       *id,
                                            CdArticle        *article,
                                            const char       *original,
                                            GError          **error);
/* As cd_recovery_write(), without waiting for the disk (no fsync): the
 * journal survives the program's crash or kill -9, which is what it is
 * written for many times a second; a system crash may take it back to the
 * last cd_recovery_write(). */
gboolean      cd_recovery_write_quick      (const char       *id,
                                            CdArticle        *article,
                                            const char       *original,
                                            GError          **error);
void          cd_recovery_discard          (const char       *id);

/* Journals left behind, newest first: a GPtrArray of CdRecoveryEntry. */
GPtrArray    *cd_recovery_list             (void);
/* When @entry was written, in the local time zone, for a sentence such
 * as "Its last changes, from 2 December 2026, 14:05, …". */
char         *cd_recovery_entry_format_written (const CdRecoveryEntry *entry);
/* Whether @entry holds unsaved changes to @file. */
gboolean      cd_recovery_entry_is_for_file    (const CdRecoveryEntry *entry,
                                                GFile                 *file);
CdArticle    *cd_recovery_load             (const CdRecoveryEntry *entry,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRecoveryEntry, cd_recovery_entry_free)

G_END_DECLS
