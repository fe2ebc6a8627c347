/* cd-test-utils.h: helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a wait may last before it is a failure: long enough for a
 * loaded machine, so that only a hang reaches it. */
#define CD_TEST_WAIT_SECONDS 120

typedef gboolean (*CdTestPredicate) (gpointer data);

/* Iterates the default main context until @predicate holds. Waits are
 * for events, never for time: the deadline only turns a hang into a
 * failure naming @what. */
void     cd_test_wait_for          (CdTestPredicate     predicate,
                                    gpointer            data,
                                    const char         *what);
/* Called, when set, just before a wait gives up: a test prints there
 * what it sees (where the focus is, what the story holds), so that a
 * failure on a loaded machine says more than what was awaited. */
typedef void (*CdTestReport) (gpointer data);
void     cd_test_set_give_up_report (CdTestReport       report,
                                     gpointer           data);
/* A CdTestPredicate for a weak pointer (g_object_add_weak_pointer()):
 * whether the object at *@location is gone. */
gboolean cd_test_pointer_is_null   (gpointer            location);
/* Runs @argv (searched in PATH) to its end while the main context keeps
 * running, so that a program talking to this one (a display client, a
 * clipboard owner) is answered; fails the test when it cannot start or
 * exits unsuccessfully, with its error output. */
void     cd_test_run_program       (const char * const *argv);
/* Starts @argv and leaves it running; the caller ends it with
 * g_subprocess_force_exit(). */
GSubprocess *cd_test_spawn_program (const char * const *argv,
                                    GSubprocessFlags    flags);
/* Fails the test, naming @program, when it is not in PATH: a missing
 * tool never turns into a passing test. */
void     cd_test_require_program   (const char         *program);
/* Says on the session's accessibility bus whether a screen reader is on
 * (org.a11y.Status ScreenReaderEnabled), as Orca does when it starts and
 * stops; fails the test when the bus does not take it. */
void     cd_test_set_screen_reader (gboolean            on);

/* A new folder from g_dir_make_tmp() @template ("copydesk-NAME-XXXXXX");
 * fails the test when it cannot be made. Free with g_free() after
 * cd_test_remove_tree(). */
char    *cd_test_make_temp_dir     (const char         *template_name);
/* A new temporary folder set as XDG_STATE_HOME, so that journals and
 * other state of this run never touch the user's own; remove it with
 * cd_test_remove_tree() when the run ends. */
char    *cd_test_isolate_state     (const char         *template_name);
/* Removes @path and, for a folder, everything beneath it, without
 * following symbolic links, making read-only folders writable first (a
 * test may have made them so). A missing @path is no error. */
void     cd_test_remove_tree       (const char         *path);
/* Writes @length bytes of @data (-1: a NUL-terminated string) to @name
 * beneath @dir, making the folders on the way; fails the test on error.
 * Returns the file's path. */
char    *cd_test_write_file        (const char         *dir,
                                    const char         *name,
                                    const void         *data,
                                    gssize              length);
/* The whole file at @path; fails the test when it cannot be read. */
GBytes  *cd_test_read_bytes        (const char         *path);
/* A GCompareFunc for g_ptr_array_sort() of strings. */
int      cd_test_compare_names     (gconstpointer       a,
                                    gconstpointer       b);
/* The names in the folder @path, sorted and joined with spaces, to
 * compare what a save leaves behind. */
char    *cd_test_list_dir          (const char         *path);
/* The sample story's article.json in the source tree. */
char    *cd_test_sample_path       (void);
/* Whether a file whose path holds @name (a library) is mapped into
 * this process. */
gboolean cd_test_maps_file         (const char         *name);

G_END_DECLS
