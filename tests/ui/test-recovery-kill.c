/* test-recovery-kill.c: what a kill -9 loses of the typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real program (COPYDESK_APP) again and again, types into its
 * headline with real X key events (xdotool, one key at a time, each key's
 * sending time taken when xdotool has handed it to the X server), kills
 * the program with SIGKILL at a random moment, and reads the recovery
 * journal back through the core API. Every key sent more than 0.2 s
 * before the kill must come back; nothing that was never typed may. The
 * figures (how old the lost keys were) are printed as test messages.
 *
 * Needs Xvfb with GDK_BACKEND=x11 and a session bus of its own (the suite
 * runs in dbus-run-session), and xdotool; a missing one fails the test.
 */

#define G_LOG_DOMAIN "test-recovery-kill"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "copydesk-core.h"
#include "cd-test-utils.h"

/* What a kill may lose: the keys of the last 0.2 s. */
#define LOSS_BUDGET_USEC (G_USEC_PER_SEC / 5)
#define DEFAULT_KILLS 50
/* The program is ready for the timed keys once it has a key in the
 * journal this soon after it was sent, or after this many keys. */
#define READY_USEC (G_USEC_PER_SEC / 10)
#define MAX_READY_KEYS 30

static const char phrase[] = "the quick brown fox jumps over the lazy dog ";

typedef struct
{
  /* The keys sent, and when each reached the X server. */
  GString *typed;
  GArray  *sent_at;
  gint64   killed_at;
  char    *recovered;
  /* Keys typed before the clock started, past the first. */
  guint    n_ready_keys;
  /* The window's title just before the kill: the headline as far as the
   * program had read the keys, for a failure to tell a key the program
   * never read from one the journal lost. */
  char    *title;
} Cycle;

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &owned);

  return owned;
}

static gboolean
name_is_free (gpointer data)
{
  return !name_has_owner (data, APP_ID);
}

/* The visible window of the program @pid, once it is mapped. xdotool
 * fails now and then while the window of the program killed before is
 * going away (an X error on a window it was looking at); it is asked
 * again, until the deadline. */
static char *
find_window (GPid pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  const char *argv[] = { "xdotool", "search", "--onlyvisible", "--pid", pid_text, NULL };
  gint64 deadline = g_get_monotonic_time () + CD_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *output = NULL;
      g_auto(GStrv) lines = NULL;

      process = cd_test_spawn_program (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);

      lines = g_strsplit (g_strstrip (output), "\n", -1);
      if (g_subprocess_get_successful (process) && lines[0] != NULL && lines[0][0] != '\0')
        return g_strdup (lines[0]);

      /* Not mapped yet: look again soon. */
      g_usleep (20000);
    }

  g_error ("Gave up waiting for the window of the program started");
}

/* The one story the journal holds, or NULL when there is none yet. */
static char *
journaled_headline (void)
{
  g_autoptr(GPtrArray) entries = cd_recovery_list ();
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  if (entries->len == 0)
    return NULL;

  g_assert_cmpuint (entries->len, ==, 1);
  article = cd_recovery_load (g_ptr_array_index (entries, 0), &error);
  g_assert_no_error (error);

  return g_strdup (cd_article_get_headline (article));
}

static gboolean
journal_has_headline (gpointer data)
{
  g_autofree char *headline = journaled_headline ();

  return headline != NULL && g_str_equal (headline, data);
}

static char *
window_title (const char *xid)
{
  const char *argv[] = { "xdotool", "getwindowname", xid, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = cd_test_spawn_program (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (output != NULL ? g_strstrip (output) : "");
}

static void
press_key (char character)
{
  char name[2] = { character, '\0' };
  const char *argv[] = { "xdotool", "key", character == ' ' ? "space" : name, NULL };

  cd_test_run_program (argv);
}

static void
clear_journals (void)
{
  g_autofree char *dir_path = cd_recovery_get_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_unlink (path);
    }
}

static void
run_cycle (GDBusConnection *bus,
           GRand           *rand,
           Cycle           *cycle)
{
  const char *argv[] = { g_getenv ("COPYDESK_APP"), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *xid = NULL;
  gint64 typing_until;
  gulong pause_usec;
  GPid pid;
  int status;

  clear_journals ();
  /* The bus name of the program killed before goes with its connection. */
  cd_test_wait_for (name_is_free, bus, "the last program's bus name to be free");

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* There is no window manager under Xvfb: the X server is asked for
   * the focus, as a window manager would. The new story's headline has
   * the keyboard focus. */
  xid = find_window (pid);
  cd_test_run_program ((const char *[]) { "xdotool", "windowfocus", "--sync", xid, NULL });

  /* The first key is typed before the clock starts and waited for in the
   * journal: the program is up and has the focus. */
  press_key (phrase[0]);
  g_string_append_c (cycle->typed, phrase[0]);
  cd_test_wait_for (journal_has_headline, (gpointer) cycle->typed->str, "the first key in the journal");

  /* Starting up (the preview's web process, the first frames) keeps a
   * loaded machine busy for a while, and a key typed then waits for the
   * program to read it, whatever the journal does. More keys are typed
   * before the clock starts until one is in the journal within
   * READY_USEC: from then on the program reads keys as they come, and a
   * key lost is the journal's loss. */
  for (guint i = 0; i < MAX_READY_KEYS; i++)
    {
      gint64 sent;
      gint64 deadline;
      gboolean ready;

      press_key (phrase[cycle->typed->len % (sizeof phrase - 1)]);
      sent = g_get_monotonic_time ();
      g_string_append_c (cycle->typed, phrase[cycle->typed->len % (sizeof phrase - 1)]);
      deadline = sent + CD_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
      while (!journal_has_headline (cycle->typed->str))
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("Gave up waiting for a key in the journal");
          g_usleep (2000);
        }
      ready = g_get_monotonic_time () - sent < READY_USEC;
      cycle->n_ready_keys++;
      if (ready)
        break;
    }

  /* A random moment: typing for up to a second, then a pause of up to
   * 0.35 s, so the kill falls both mid-typing and after it. */
  typing_until = g_get_monotonic_time () + g_rand_int_range (rand, 0, G_USEC_PER_SEC);
  pause_usec = g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 0, 350000);
  for (guint i = cycle->typed->len; g_get_monotonic_time () < typing_until; i++)
    {
      char character = phrase[i % (sizeof phrase - 1)];
      gint64 now;

      press_key (character);
      now = g_get_monotonic_time ();
      g_string_append_c (cycle->typed, character);
      g_array_append_val (cycle->sent_at, now);
    }
  if (pause_usec > 0)
    g_usleep (pause_usec);
  cycle->title = window_title (xid);

  cycle->killed_at = g_get_monotonic_time ();
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_spawn_close_pid (pid);

  cycle->recovered = journaled_headline ();
  g_assert_nonnull (cycle->recovered);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 ia = *(const gint64 *) a;
  gint64 ib = *(const gint64 *) b;

  return (ia > ib) - (ia < ib);
}

static void
test_kill_loses_at_most_last_keys (void)
{
  const char *program = g_getenv ("COPYDESK_APP");
  const char *kills_text = g_getenv ("COPYDESK_TEST_KILLS");
  guint n_kills = kills_text != NULL ? (guint) g_ascii_strtoull (kills_text, NULL, 10) : DEFAULT_KILLS;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) lost_ages = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint32 seed = g_test_rand_int ();
  guint n_keys = 0;
  guint n_lost_keys = 0;
  guint n_lossless = 0;
  guint n_ready_keys = 0;

  if (program == NULL)
    {
      g_test_skip ("COPYDESK_APP names no program to start");
      return;
    }
  cd_test_require_program ("xdotool");
  g_assert_cmpstr (g_getenv ("GDK_BACKEND"), ==, "x11");

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  if (name_has_owner (bus, APP_ID))
    {
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      return;
    }

  /* The seed is printed, so a failing order of kills can be replayed. */
  g_test_message ("seed %u, %u kills", seed, n_kills);
  rand = g_rand_new_with_seed (seed);

  for (guint k = 0; k < MAX (n_kills, 1); k++)
    {
      Cycle cycle = { g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (gint64)), 0, NULL, 0, NULL };
      gsize kept;
      gsize untimed;

      run_cycle (bus, rand, &cycle);

      /* Only what was typed comes back, in order, and all of it that was
       * sent more than 0.2 s before the kill. */
      g_assert_true (g_str_has_prefix (cycle.typed->str, cycle.recovered));
      kept = strlen (cycle.recovered);
      /* The keys typed before the clock started are all in the journal. */
      untimed = cycle.typed->len - cycle.sent_at->len;
      g_assert_cmpuint (kept, >=, untimed);
      for (guint i = 0; i < cycle.sent_at->len; i++)
        {
          gint64 age = cycle.killed_at - g_array_index (cycle.sent_at, gint64, i);

          if (untimed + i < kept)
            continue;
          if (age > LOSS_BUDGET_USEC)
            g_error ("Kill %u: “%c”, typed %.3f s before the kill, was lost (journal: “%s”, typed: “%s”, "
                     "window title just before the kill: “%s”)",
                     k, cycle.typed->str[untimed + i], age / (double) G_USEC_PER_SEC, cycle.recovered, cycle.typed->str,
                     cycle.title);
          if (untimed + i == kept)
            g_array_append_val (lost_ages, age);
          n_lost_keys++;
        }
      n_ready_keys += cycle.n_ready_keys;
      if (kept == cycle.typed->len)
        {
          gint64 none = 0;

          n_lossless++;
          g_array_append_val (lost_ages, none);
        }

      g_test_message ("kill %u: %u keys timed (%u before), %u lost%s", k, (guint) cycle.sent_at->len,
                      (guint) untimed,
                      (guint) (cycle.typed->len - kept),
                      kept < cycle.typed->len ? "" : " (none)");
      n_keys += cycle.sent_at->len;
      g_string_free (cycle.typed, TRUE);
      g_array_unref (cycle.sent_at);
      g_free (cycle.recovered);
      g_free (cycle.title);
    }

  /* A kill that lost nothing counts as a loss of age 0. */
  g_array_sort (lost_ages, compare_int64);
  g_test_message ("%u kills, %u keys timed: %u kills lost nothing, %u keys lost in all; "
                  "%u keys typed to wait for the program to be ready",
                  MAX (n_kills, 1), n_keys, n_lossless, n_lost_keys, n_ready_keys);
  g_test_message ("age of the oldest key a kill lost: median %.1f ms, median of the kills that lost keys %.1f ms, "
                  "max %.1f ms (budget %.0f ms)",
                  g_array_index (lost_ages, gint64, lost_ages->len / 2) / 1000.0,
                  n_lossless < lost_ages->len
                  ? g_array_index (lost_ages, gint64, n_lossless + (lost_ages->len - n_lossless) / 2) / 1000.0
                  : 0.0,
                  g_array_index (lost_ages, gint64, lost_ages->len - 1) / 1000.0,
                  LOSS_BUDGET_USEC / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  g_autofree char *journals = NULL;
  g_autofree char *copydesk_state = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own; each
   * program started here inherits it, as does the core API reading it. */
  state_dir = cd_test_isolate_state ("copydesk-test-kill-state-XXXXXX");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/recovery/kill-loses-at-most-last-keys", test_kill_loses_at_most_last_keys);

  status = g_test_run ();

  clear_journals ();
  journals = cd_recovery_get_dir ();
  g_rmdir (journals);
  copydesk_state = g_path_get_dirname (journals);
  g_rmdir (copydesk_state);
  g_rmdir (state_dir);

  return status;
}
