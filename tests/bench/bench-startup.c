/* bench-startup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up and memory of the real copydesk program, side by side with
 * GNOME Text Editor and with Apostrophe (GTK 3, a WebKit preview beside
 * the text, as Copydesk has) opening the same story as Markdown, in one
 * run: the 10,000-word story of story-gen.c with its 40 figures as real
 * photos (JPEG, 1600 × 1067) and its 20 embeds. For each program: the
 * time from exec to its first window being drawn on the display (X11:
 * the first damage of its mapped top-level window after which the window
 * holds a drawn frame, not only the background mapping it cleared), and
 * for Copydesk also to the
 * preview's page being loaded and to the first frame showing it; then,
 * 4 s after the window was shown, the resident memory of the program and
 * of every process under it. It needs a display (the dev script runs it
 * under xvfb-run and dbus-run-session), prints figures and fails only
 * when something does not work; it is not a timed test.
 */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

#include "cd-preview-private.h"
#include "cd-renderer.h"
#include "story-gen.h"
#include "cd-test-utils.h"

#define PHOTO_WIDTH  1600
#define PHOTO_HEIGHT 1067
/* Memory is read this long after the window is shown. */
#define SETTLE_USEC  (4 * G_USEC_PER_SEC)

static int n_starts = 5;
static gboolean keep = FALSE;
static char *link_gtk = NULL;
static char *link_webkit = NULL;
static char *link_webkit_ordered = NULL;

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-startup: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* "median (min–max)" of @samples, or "–" when none was taken. */
static char *
format_samples (GArray     *samples,
                const char *unit)
{
  double median;

  if (samples->len == 0)
    return g_strdup ("-");

  g_array_sort (samples, compare_double);
  median = samples->len % 2 == 1
    ? g_array_index (samples, double, samples->len / 2)
    : (g_array_index (samples, double, samples->len / 2 - 1) + g_array_index (samples, double, samples->len / 2)) / 2;

  return g_strdup_printf ("%7.0f %s (%.0f-%.0f)", median, unit,
                          g_array_index (samples, double, 0),
                          g_array_index (samples, double, samples->len - 1));
}

/* The story */

/* A photograph-like JPEG: smooth light and colour with grain, so that it
 * compresses as a photo does. */
static GBytes *
make_photo (GRand *rand)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_WIDTH, PHOTO_HEIGHT);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int hue = g_rand_int_range (rand, 0, 256);
  g_autofree char *data = NULL;
  gsize size;
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        int grain = g_rand_int_range (rand, 0, 24);

        p[0] = (guint8) (hue + x / 8 + grain);
        p[1] = (guint8) (y / 5 + grain);
        p[2] = (guint8) (255 - (x + y) / 12 + grain);
      }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "jpeg", &error, "quality", "85", NULL))
    fail ("writing a photo", error);

  return g_bytes_new_take (g_steal_pointer (&data), size);
}

static void
use_photo (CdArticle *article,
           CdBlock   *figure,
           GRand     *rand)
{
  const char *old_src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  g_autofree char *base = g_strndup (old_src, strlen (old_src) - strlen (".png"));
  g_autofree char *src = g_strdup_printf ("%s.jpg", base);
  g_autoptr(GBytes) photo = make_photo (rand);

  cd_article_set_media (article, old_src, NULL);
  cd_article_set_media (article, src, photo);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_size (figure, PHOTO_WIDTH, PHOTO_HEIGHT);
}

/* The benchmark story with photographs instead of its small PNGs. */
static CdArticle *
make_story (void)
{
  CdArticle *article = story_gen_make ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240515);

  use_photo (article, cd_article_get_lead (article), rand);
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        use_photo (article, block, rand);
    }

  return article;
}

/* Processes */

typedef struct
{
  GPid  pid;
  char *comm;
  gint64 rss_kb;
} ProcessInfo;

static void
process_info_clear (ProcessInfo *info)
{
  g_free (info->comm);
}

static void
process_info_free (ProcessInfo *info)
{
  process_info_clear (info);
  g_free (info);
}

static gboolean
read_process (GPid         pid,
              GPid        *parent,
              ProcessInfo *info)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *stat = NULL;
  g_autofree char *status = NULL;
  const char *open_paren;
  const char *close_paren;
  const char *rss;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;

  /* "PID (COMM) STATE PPID …"; the name may hold spaces and parentheses. */
  open_paren = strchr (stat, '(');
  close_paren = strrchr (stat, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren[1] == '\0')
    return FALSE;

  *parent = (GPid) g_ascii_strtoll (close_paren + 4, NULL, 10);
  info->pid = pid;
  info->comm = g_strndup (open_paren + 1, close_paren - open_paren - 1);
  info->rss_kb = 0;

  if (g_file_get_contents (status_path, &status, NULL, NULL) &&
      (rss = strstr (status, "\nVmRSS:")) != NULL)
    info->rss_kb = g_ascii_strtoll (rss + strlen ("\nVmRSS:"), NULL, 10);

  return TRUE;
}

/* @root and every process under it (WebKit starts its processes through
 * bwrap when it sandboxes them). */
static GArray *
process_tree (GPid root)
{
  GArray *tree = g_array_new (FALSE, TRUE, sizeof (ProcessInfo));
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) infos = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) process_info_free);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GQueue) queue = g_queue_new ();
  const char *name;

  g_array_set_clear_func (tree, (GDestroyNotify) process_info_clear);

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      guint64 pid;
      GPid parent;
      ProcessInfo *info;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL))
        continue;

      info = g_new0 (ProcessInfo, 1);
      if (!read_process ((GPid) pid, &parent, info))
        {
          process_info_free (info);
          continue;
        }

      g_hash_table_insert (parents, GINT_TO_POINTER ((int) pid), GINT_TO_POINTER (parent));
      g_hash_table_insert (infos, GINT_TO_POINTER ((int) pid), info);
    }

  g_queue_push_tail (queue, GINT_TO_POINTER (root));
  while (!g_queue_is_empty (queue))
    {
      GPid pid = GPOINTER_TO_INT (g_queue_pop_head (queue));
      ProcessInfo *info = g_hash_table_lookup (infos, GINT_TO_POINTER (pid));
      GHashTableIter iter;
      gpointer child, parent;

      if (info == NULL)
        continue;

      g_array_append_val (tree, *info);
      info->comm = NULL;

      g_hash_table_iter_init (&iter, parents);
      while (g_hash_table_iter_next (&iter, &child, &parent))
        {
          if (GPOINTER_TO_INT (parent) == pid)
            g_queue_push_tail (queue, child);
        }
    }

  return tree;
}

/* Watching the display for a program's window */

typedef struct
{
  Display *display;
  int      damage_event;
  Atom     net_wm_pid;
  guint    watch_id;

  /* The program being started, and what was seen of it. */
  GPid     pid;
  Window   window;
  Damage   damage;
  gint64   mapped;
  /* The first change to the window's pixels (mapping it counts). */
  gint64   damaged;
  /* The first change after which the window shows the program's frame. */
  gint64   drawn;
} DisplayWatch;

static GPid
window_pid (DisplayWatch *screen,
            Window  window)
{
  Atom type;
  int format;
  unsigned long n_items;
  unsigned long remaining;
  unsigned char *data = NULL;
  GPid pid = 0;

  if (XGetWindowProperty (screen->display, window, screen->net_wm_pid, 0, 1, False, XA_CARDINAL,
                          &type, &format, &n_items, &remaining, &data) == Success &&
      data != NULL && type == XA_CARDINAL && format == 32 && n_items == 1)
    pid = (GPid) *(unsigned long *) data;
  if (data != NULL)
    XFree (data);

  return pid;
}

/* Mapping a window damages it too, before the program has drawn
 * anything: a window counts as drawn once its pixels hold more than a
 * few colours (a frame's text and controls, not a cleared background),
 * sampled on a grid over the whole window. */
#define PAINTED_MIN_COLOURS 16

static gboolean
window_is_painted (DisplayWatch *screen)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  XWindowAttributes attributes;
  XImage *image;

  if (!XGetWindowAttributes (screen->display, screen->window, &attributes) ||
      attributes.width < 2 || attributes.height < 2)
    return FALSE;

  image = XGetImage (screen->display, screen->window, 0, 0, attributes.width, attributes.height,
                     AllPlanes, ZPixmap);
  if (image == NULL)
    return FALSE;

  for (int y = 0; y < attributes.height; y += 3)
    for (int x = 0; x < attributes.width; x += 3)
      g_hash_table_add (colours, GUINT_TO_POINTER ((guint) XGetPixel (image, x, y) + 1));
  XDestroyImage (image);

  return g_hash_table_size (colours) >= PAINTED_MIN_COLOURS;
}

static gboolean
x_events_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  DisplayWatch *screen = user_data;

  while (XPending (screen->display) > 0)
    {
      XEvent event;
      gint64 now;

      XNextEvent (screen->display, &event);
      now = g_get_monotonic_time ();

      if (event.type == MapNotify && screen->mapped == 0 && !event.xmap.override_redirect &&
          screen->pid != 0 && window_pid (screen, event.xmap.window) == screen->pid)
        {
          screen->window = event.xmap.window;
          screen->mapped = now;
          /* Drawing into the window, once mapped, is what makes it visible. */
          screen->damage = XDamageCreate (screen->display, screen->window, XDamageReportNonEmpty);
          XFlush (screen->display);
        }
      else if (event.type == screen->damage_event + XDamageNotify &&
               ((XDamageNotifyEvent *) &event)->drawable == screen->window &&
               screen->drawn == 0)
        {
          XDamageSubtract (screen->display, screen->damage, None, None);
          if (screen->damaged == 0)
            screen->damaged = now;
          if (window_is_painted (screen))
            screen->drawn = now;
        }
    }

  return G_SOURCE_CONTINUE;
}

/* A program's window may be gone before its damage is destroyed. */
static int
ignore_x_error_cb (Display     *display,
                   XErrorEvent *event)
{
  return 0;
}

static void
screen_open (DisplayWatch *screen)
{
  int damage_error;

  screen->display = XOpenDisplay (NULL);
  if (screen->display == NULL)
    {
      g_printerr ("bench-startup: no display; run it under xvfb-run (build-aux/dev bench does)\n");
      exit (EXIT_FAILURE);
    }
  if (!XDamageQueryExtension (screen->display, &screen->damage_event, &damage_error))
    {
      g_printerr ("bench-startup: the display has no DAMAGE extension\n");
      exit (EXIT_FAILURE);
    }
  XSetErrorHandler (ignore_x_error_cb);
  screen->net_wm_pid = XInternAtom (screen->display, "_NET_WM_PID", False);
  XSelectInput (screen->display, DefaultRootWindow (screen->display), SubstructureNotifyMask);
  XFlush (screen->display);
  screen->watch_id = g_unix_fd_add (ConnectionNumber (screen->display), G_IO_IN, x_events_cb, screen);
}

static void
screen_expect (DisplayWatch *screen,
               GPid    pid)
{
  if (screen->damage != None)
    XDamageDestroy (screen->display, screen->damage);
  screen->damage = None;
  screen->window = None;
  screen->pid = pid;
  screen->mapped = 0;
  screen->damaged = 0;
  screen->drawn = 0;
  /* Events of the last program are of no interest. */
  XSync (screen->display, False);
  x_events_cb (0, G_IO_IN, screen);
  screen->mapped = 0;
  screen->damaged = 0;
  screen->drawn = 0;
}

/* Running a program */

typedef struct
{
  double shown_ms;
  double mapped_ms;
  double created_ms;
  double loaded_ms;
  double frame_ms;
  gint64 app_kb;
  gint64 web_kb;
  gint64 network_kb;
  gint64 other_kb;
  guint  n_web;
} StartInfo;

typedef struct
{
  DisplayWatch           *screen;
  GDataInputStream *lines;
  gboolean          reading;
  gboolean          ended;
  gint64            created;
  gint64            loaded;
  gint64            frame;
  gint64            until;
} Run;

static void read_next_line (Run *run);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autofree char *line = NULL;
  const char *space;
  gint64 stamp;

  run->reading = FALSE;
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  if (line == NULL)
    {
      run->ended = TRUE;
      return;
    }

  if (g_str_has_prefix (line, "copydesk-bench ") && (space = strrchr (line, ' ')) != NULL &&
      (stamp = g_ascii_strtoll (space + 1, NULL, 10)) > 0)
    {
      if (g_str_has_prefix (line, "copydesk-bench preview-created "))
        run->created = stamp;
      else if (g_str_has_prefix (line, "copydesk-bench page-loaded "))
        run->loaded = stamp;
      else if (g_str_has_prefix (line, "copydesk-bench first-frame "))
        run->frame = stamp;
    }

  read_next_line (run);
}

static void
read_next_line (Run *run)
{
  if (run->lines == NULL || run->reading || run->ended)
    return;

  run->reading = TRUE;
  g_data_input_stream_read_line_async (run->lines, G_PRIORITY_DEFAULT, NULL, read_line_cb, run);
}

static gboolean
run_shown (gpointer data)
{
  Run *run = data;

  if (run->ended)
    return TRUE;

  return run->screen->drawn > 0 && (run->lines == NULL || run->frame > 0);
}

static gboolean
run_settled (gpointer data)
{
  Run *run = data;

  return run->ended || g_get_monotonic_time () >= run->until;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
reading_done (gpointer data)
{
  return !((Run *) data)->reading;
}

/* Apostrophe shows its preview beside the text, as Copydesk does, only
 * when its settings say so; with GLib's keyfile backend they are read
 * from this file under XDG_CONFIG_HOME. */
#define APOSTROPHE_SETTINGS \
  "[org/gnome/gitlab/somas/Apostrophe]\n" \
  "preview-active=true\n" \
  "preview-mode='half-width'\n"

static void
write_settings (const char *state_dir,
                const char *contents)
{
  g_autofree char *dir = g_build_filename (state_dir, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, contents, -1, &error))
    fail ("writing a program's settings", error);
}

static void
own_group (gpointer data)
{
  setpgid (0, 0);
}

static void
end_group (GPid group)
{
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  kill (-group, SIGKILL);
  while (kill (-group, 0) == 0 && g_get_monotonic_time () < until)
    g_usleep (10000);
}

/* @settings: NULL for settings kept in memory (the defaults), or the
 * keyfile the program starts with. */
static void
start_program (DisplayWatch             *screen,
               const char * const *argv,
               gboolean            reports,
               const char         *state_dir,
               const char         *settings,
               StartInfo          *info)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GArray) tree = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { screen };
  gint64 start;
  GPid pid;
  guint wake_id;

  /* The peers' own warnings (pandoc's, for one, at each conversion of
   * Apostrophe's preview) are not the bench's. */
  launcher = g_subprocess_launcher_new (reports ? G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                : G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  if (reports)
    g_subprocess_launcher_setenv (launcher, CD_PREVIEW_BENCH_STARTUP_ENV, "1", TRUE);
  /* A group of its own, which it and every process it starts are in. */
  g_subprocess_launcher_set_child_setup (launcher, own_group, NULL, NULL);
  /* Nothing of a run is left for the next one: no journal, no settings,
   * no session to restore. */
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", state_dir, TRUE);
  if (settings != NULL)
    {
      write_settings (state_dir, settings);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
    }
  else
    {
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
    }

  screen_expect (screen, -1);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    fail (argv[0], error);

  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
  screen->pid = pid;
  if (reports)
    {
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      run.lines = lines;
      read_next_line (&run);
    }

  cd_test_wait_for (run_shown, &run, "the program to show its window");
  if (run.ended && screen->drawn == 0)
    {
      g_printerr ("bench-startup: %s ended before showing its window\n", argv[0]);
      exit (EXIT_FAILURE);
    }

  info->mapped_ms = (screen->mapped - start) / 1e3;
  info->shown_ms = (screen->drawn - start) / 1e3;
  info->created_ms = run.created > 0 ? (run.created - start) / 1e3 : -1;
  info->loaded_ms = run.loaded > 0 ? (run.loaded - start) / 1e3 : -1;
  info->frame_ms = run.frame > 0 ? (run.frame - start) / 1e3 : -1;

  run.until = screen->drawn + SETTLE_USEC;
  wake_id = g_timeout_add (50, wake_cb, NULL);
  cd_test_wait_for (run_settled, &run, "the program to settle");
  g_source_remove (wake_id);

  info->app_kb = info->web_kb = info->network_kb = info->other_kb = 0;
  info->n_web = 0;
  tree = process_tree (pid);
  for (guint i = 0; i < tree->len; i++)
    {
      ProcessInfo *process_info = &g_array_index (tree, ProcessInfo, i);

      if (process_info->pid == pid)
        info->app_kb += process_info->rss_kb;
      else if (g_str_has_prefix (process_info->comm, "WebKitWebProces"))
        {
          info->web_kb += process_info->rss_kb;
          info->n_web++;
        }
      else if (g_str_has_prefix (process_info->comm, "WebKitNetworkPr"))
        info->network_kb += process_info->rss_kb;
      else
        info->other_kb += process_info->rss_kb;
    }

  g_subprocess_send_signal (process, SIGTERM);
  if (!g_subprocess_wait (process, NULL, &error))
    fail ("waiting for the program to end", error);
  /* Apostrophe's Python workers outlive it, and so would a pandoc one
   * of them started: the whole group ends, and is gone, before the next
   * program starts. */
  end_group (pid);
  /* A pending read ends with the pipe. */
  cd_test_wait_for (reading_done, &run, "the program's output to end");
  screen->pid = 0;
}

typedef struct
{
  const char *label;
  GArray     *shown;
  GArray     *mapped;
  GArray     *created;
  GArray     *loaded;
  GArray     *frame;
  GArray     *app_mb;
  GArray     *all_mb;
  StartInfo   last;
} Series;

static void
series_init (Series     *series,
             const char *label)
{
  series->label = label;
  series->shown = g_array_new (FALSE, FALSE, sizeof (double));
  series->mapped = g_array_new (FALSE, FALSE, sizeof (double));
  series->created = g_array_new (FALSE, FALSE, sizeof (double));
  series->loaded = g_array_new (FALSE, FALSE, sizeof (double));
  series->frame = g_array_new (FALSE, FALSE, sizeof (double));
  series->app_mb = g_array_new (FALSE, FALSE, sizeof (double));
  series->all_mb = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
series_add (Series    *series,
            StartInfo *info)
{
  double app_mb = info->app_kb / 1024.0;
  double all_mb = (info->app_kb + info->web_kb + info->network_kb + info->other_kb) / 1024.0;

  g_array_append_val (series->shown, info->shown_ms);
  g_array_append_val (series->mapped, info->mapped_ms);
  if (info->created_ms >= 0)
    g_array_append_val (series->created, info->created_ms);
  if (info->loaded_ms >= 0)
    g_array_append_val (series->loaded, info->loaded_ms);
  if (info->frame_ms >= 0)
    g_array_append_val (series->frame, info->frame_ms);
  g_array_append_val (series->app_mb, app_mb);
  g_array_append_val (series->all_mb, all_mb);
  series->last = *info;
}

static void
series_print (Series *series)
{
  g_autofree char *shown = format_samples (series->shown, "ms");
  g_autofree char *mapped = format_samples (series->mapped, "ms");
  g_autofree char *created = format_samples (series->created, "ms");
  g_autofree char *loaded = format_samples (series->loaded, "ms");
  g_autofree char *frame = format_samples (series->frame, "ms");
  g_autofree char *app_mb = format_samples (series->app_mb, "MB");
  g_autofree char *all_mb = format_samples (series->all_mb, "MB");

  g_print ("%s\n", series->label);
  g_print ("  %-46s %s\n", "exec to window mapped", mapped);
  g_print ("  %-46s %s\n", "exec to first frame drawn in the window", shown);
  if (series->created->len > 0)
    g_print ("  %-46s %s\n", "exec to preview created", created);
  if (series->loaded->len > 0)
    g_print ("  %-46s %s\n", "exec to preview page with the story loaded", loaded);
  if (series->frame->len > 0)
    g_print ("  %-46s %s\n", "exec to first frame showing the page", frame);
  g_print ("  %-46s %s\n", "RSS of the program, 4 s after shown", app_mb);
  g_print ("  %-46s %s\n", "RSS of it and all its processes", all_mb);
}

static void
series_clear (Series *series)
{
  g_array_unref (series->shown);
  g_array_unref (series->mapped);
  g_array_unref (series->created);
  g_array_unref (series->loaded);
  g_array_unref (series->frame);
  g_array_unref (series->app_mb);
  g_array_unref (series->all_mb);
}

/* The time from exec to the exit of @program, which does nothing, as
 * "median (min-max)": what loading the libraries it links costs before
 * main() runs (every library mapped and relocated). */
static char *
time_program_load (const char *program)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < n_starts * 2; i++)
    {
      const char *argv[] = { program, NULL };
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, NULL, &error))
        fail ("running a program that only links libraries", error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }

  return format_samples (samples, "ms");
}

static void
write_markdown (CdArticle  *article,
                const char *path)
{
  g_autofree char *markdown = story_gen_to_markdown (article);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, markdown, -1, &error))
    fail ("writing the story as Markdown", error);
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "starts", 's', 0, G_OPTION_ARG_INT, &n_starts, "Timed starts of each program (default 5)", "N" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the story files (for profiling) and print where", NULL },
    { "link-gtk", 0, 0, G_OPTION_ARG_FILENAME, &link_gtk, "A program that only links GTK and libadwaita (bench-link-gtk)", "PATH" },
    { "link-webkit", 0, 0, G_OPTION_ARG_FILENAME, &link_webkit, "A program that also links WebKitGTK (bench-link-webkit)", "PATH" },
    { "link-webkit-ordered", 0, 0, G_OPTION_ARG_FILENAME, &link_webkit_ordered,
      "The same, its libraries in the load order copydesk has (bench-link-webkit-ordered)", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— start-up and memory of Copydesk beside GNOME Text Editor and Apostrophe");
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("COPYDESK_APP");
  g_autofree char *peer = g_find_program_in_path ("gnome-text-editor");
  g_autofree char *apostrophe = g_find_program_in_path ("apostrophe");
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GFile) story_file = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *story_path = NULL;
  g_autofree char *markdown_path = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *loadavg = NULL;
  DisplayWatch screen = { 0 };
  Series copydesk;
  Series editor;
  Series markdown_preview;
  CdStats stats;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    fail ("options", error);
  n_starts = CLAMP (n_starts, 1, 100);

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-startup: COPYDESK_APP does not name the copydesk program\n");
      return EXIT_FAILURE;
    }

  screen_open (&screen);

  article = make_story ();
  cd_stats_compute (article, &stats);
  work_dir = g_dir_make_tmp ("copydesk-bench-startup-XXXXXX", &error);
  if (work_dir == NULL)
    fail ("creating a temporary folder", error);
  story_path = g_build_filename (work_dir, "long-story.article", NULL);
  markdown_path = g_build_filename (work_dir, "long-story.md", NULL);
  state_dir = g_build_filename (work_dir, "state", NULL);
  g_mkdir (state_dir, 0700);
  story_file = g_file_new_for_path (story_path);
  if (!cd_document_save (article, story_file, &error))
    fail ("saving the long story", error);
  write_markdown (article, markdown_path);

  g_print ("Start-up and memory, side by side\n\n");
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average at start: %s", loadavg);
  /* Copydesk draws with GTK's cairo renderer where OpenGL would run in
   * software (cd-renderer.c); GNOME Text Editor keeps GTK's default. */
  g_print ("  OpenGL here runs %s: Copydesk draws with %s\n",
           cd_renderer_gl_is_software () ? "in software" : "on a GPU",
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER")
           : cd_renderer_gl_is_software () ? "cairo" : "GTK's default renderer");
  {
    GStatBuf article_stat, markdown_stat;

    g_stat (story_path, &article_stat);
    g_stat (markdown_path, &markdown_stat);
    g_print ("  story: %u words, %u body blocks, %u photos %u x %u (JPEG) + lead, %u embeds;\n"
             "  .article %.1f MB, as Markdown %.0f KB; %d starts of each, alternating;\n"
             "  times: median (min-max)\n\n",
             stats.words, cd_article_get_n_blocks (article), STORY_GEN_N_FIGURES, PHOTO_WIDTH, PHOTO_HEIGHT,
             STORY_GEN_N_EMBEDS, article_stat.st_size / 1e6, markdown_stat.st_size / 1e3, n_starts);
  }

  series_init (&copydesk, "Copydesk, the 10,000-word story (.article)");
  series_init (&editor, peer != NULL ? "GNOME Text Editor, the same story as Markdown"
                                     : "GNOME Text Editor: not installed (build-aux/dev bench installs it)");
  series_init (&markdown_preview, apostrophe != NULL ? "Apostrophe, the same story as Markdown, its preview beside it"
                                                     : "Apostrophe: not installed (build-aux/dev bench installs it)");

  for (int i = 0; i < n_starts; i++)
    {
      const char *copydesk_argv[] = { program, story_path, NULL };
      const char *editor_argv[] = { peer, "--standalone", markdown_path, NULL };
      const char *apostrophe_argv[] = { apostrophe, markdown_path, NULL };
      StartInfo info;

      start_program (&screen, copydesk_argv, TRUE, state_dir, NULL, &info);
      series_add (&copydesk, &info);

      if (peer != NULL)
        {
          start_program (&screen, editor_argv, FALSE, state_dir, NULL, &info);
          series_add (&editor, &info);
        }

      if (apostrophe != NULL)
        {
          start_program (&screen, apostrophe_argv, FALSE, state_dir, APOSTROPHE_SETTINGS, &info);
          series_add (&markdown_preview, &info);
        }
    }

  series_print (&copydesk);
  g_print ("  %-46s %9.1f MB\n", "  of which WebKitWebProcess (last run)", copydesk.last.web_kb / 1024.0);
  g_print ("  %-46s %9.1f MB\n", "  of which WebKitNetworkProcess", copydesk.last.network_kb / 1024.0);
  g_print ("  %-46s %9.1f MB\n", "  of which sandbox helpers (bwrap, dbus proxy)", copydesk.last.other_kb / 1024.0);
  g_print ("\n");
  if (peer != NULL)
    series_print (&editor);
  else
    g_print ("%s\n", editor.label);
  g_print ("\n");
  if (apostrophe != NULL)
    {
      series_print (&markdown_preview);
      g_print ("  %-46s %9.1f MB\n", "  of which WebKitWebProcess (last run)", markdown_preview.last.web_kb / 1024.0);
      g_print ("  %-46s %9.1f MB\n", "  of which WebKitNetworkProcess", markdown_preview.last.network_kb / 1024.0);
      g_print ("  %-46s %9.1f MB\n", "  of which its other processes (Python workers)", markdown_preview.last.other_kb / 1024.0);
    }
  else
    {
      g_print ("%s\n", markdown_preview.label);
    }

  if (link_gtk != NULL && link_webkit != NULL)
    {
      g_autofree char *gtk_ms = time_program_load (link_gtk);
      g_autofree char *webkit_ms = time_program_load (link_webkit);

      g_print ("\nLoading the libraries alone: exec to exit of a program that links them and does nothing\n");
      g_print ("  %-46s %s\n", "GTK 4 + libadwaita (as GNOME Text Editor)", gtk_ms);
      g_print ("  %-46s %s\n", "+ WebKitGTK 6, in the order they name them", webkit_ms);
      if (link_webkit_ordered != NULL)
        {
          g_autofree char *ordered_ms = time_program_load (link_webkit_ordered);

          g_print ("  %-46s %s\n", "+ WebKitGTK 6, in copydesk's order", ordered_ms);
        }
    }

  series_clear (&copydesk);
  series_clear (&editor);
  series_clear (&markdown_preview);
  g_source_remove (screen.watch_id);
  XCloseDisplay (screen.display);
  if (keep)
    g_print ("\nThe story files are kept in %s\n", work_dir);
  else
    cd_test_remove_tree (work_dir);

  return EXIT_SUCCESS;
}
