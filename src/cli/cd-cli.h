/* cd-cli.h: what the command-line programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "copydesk-core.h"

G_BEGIN_DECLS

/* A conversion is one process that fills a story's worth of small
 * blocks and ends, and most of its time went to page faults: one per
 * 4 KiB of new heap (6,700 for a 100,000-word story). This has the heap
 * grow in steps of 64 MiB that are kept until the end, blocks of up to
 * 8 MiB taken from it, and its first step advised for transparent huge
 * pages, so that it fills 2 MiB at a fault. JSON trees are allocated
 * from blocks that are kept until the end as well (cd_json_keep_trees ()).
 * Call first in main (), in a program that handles one story and ends. */
void        cd_cli_prepare_heap           (void);

/* The built-in house style (data/styles/default.css, compiled in). */
const char *cd_cli_get_default_stylesheet (void);

/* The stylesheet at @path as UTF-8 text, or a copy of the built-in one
 * when @path is NULL. */
char       *cd_cli_load_stylesheet        (const char  *path,
                                           GError     **error);

/* One line per pre-flight item on standard error (see
 * cd_preflight_item_format ()). */
void        cd_cli_print_preflight        (const char  *program,
                                           const char  *story,
                                           GPtrArray   *items);

/* Adds the story's misspellings to @items as pre-flight warnings,
 * checked in the story's language with the user's desk dictionary;
 * says once on standard error when that language has no dictionary. */
void        cd_cli_add_spelling           (const char  *program,
                                           const char  *story,
                                           CdArticle   *article,
                                           GPtrArray   *items);

/* Starts loading the desk dictionary and the dictionary of stories that
 * name no language on a thread of its own, while the story is read; the
 * next spelling check takes that checker and loads another dictionary
 * only when the story is in another language. */
void        cd_cli_spelling_prepare       (void);
/* Waits for that loading and drops the checker, for a program that ends
 * before it checks a story. */
void        cd_cli_spelling_discard       (void);

/* cd_cli_add_spelling () on a thread of its own, so the story can be
 * written meanwhile (the article must not change until it is finished);
 * cd_cli_spelling_finish () waits for it, adds its items to @items and
 * frees @spelling. */
typedef struct _CdCliSpelling CdCliSpelling;

CdCliSpelling *cd_cli_spelling_start     (const char    *program,
                                          const char    *story,
                                          CdArticle     *article);
void        cd_cli_spelling_finish        (CdCliSpelling *spelling,
                                           GPtrArray     *items);

/* The pre-flight checks of @article within @limits and its spelling,
 * both on a thread of their own while the story is written (the article
 * must not change until they are finished). cd_cli_checks_finish ()
 * waits for them, says the spelling notes and frees @checks; the items
 * come back with their lines, formatted on that thread. */
typedef struct
{
  GPtrArray *items;   /* of CdPreflightItem: the checks', then the misspellings */
  GString   *report;  /* one line per item, as cd_cli_print_preflight () prints them */
} CdCliChecked;

CdCliSpelling *cd_cli_checks_start       (const char              *program,
                                          const char              *story,
                                          CdArticle               *article,
                                          const CdPreflightLimits *limits);
CdCliChecked  *cd_cli_checks_finish      (CdCliSpelling           *checks);
/* Writing the story while @checks run: their thread, done with them,
 * helps write its body (CdExportOptions.help). Valid until
 * cd_cli_checks_finish (). */
CdHtmlHelp    *cd_cli_checks_get_help    (CdCliSpelling           *checks);
void        cd_cli_checked_print          (CdCliChecked  *checked);
void        cd_cli_checked_free           (CdCliChecked  *checked);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCliChecked, cd_cli_checked_free)

/* "PROGRAM: MESSAGE" and where to find the options, on standard error,
 * for a command line that cannot be carried out. */
void        cd_cli_print_usage_error      (const char  *program,
                                           const char  *format,
                                           ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
