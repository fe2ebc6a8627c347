/* test-accessibility.c: the window as a screen reader meets it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real program on a copy of the sample story and reads it
 * through AT-SPI, from this separate process, as Orca does: every control
 * a user can reach has a name of its own words, once, and a role that
 * fits; a save is announced; a misspelling reads as one.
 */

#define G_LOG_DOMAIN "test-accessibility"

#include "config.h"

#include <atspi/atspi.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "cd-test-utils.h"

/* libatspi 2.46 declares no cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAction, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiEventListener, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiText, g_object_unref)

typedef struct
{
  char            *dir;
  char            *story;
  GPid             pid;
  AtspiAccessible *app;
} Fixture;

typedef gboolean (*Predicate) (Fixture *f,
                               gpointer data);

typedef struct
{
  Fixture   *f;
  Predicate  predicate;
  gpointer   data;
} FixtureWait;

static gboolean
fixture_wait_done (gpointer data)
{
  FixtureWait *wait = data;

  return wait->predicate (wait->f, wait->data);
}

/* Events from the program arrive through this process's main loop. */
static void
wait_for (Fixture    *f,
          Predicate   predicate,
          gpointer    data,
          const char *what)
{
  FixtureWait wait = { f, predicate, data };

  cd_test_wait_for (fixture_wait_done, &wait, what);
}

/* Walking the tree */

static gboolean
has_state (AtspiAccessible *accessible,
           AtspiStateType   state)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (accessible);

  return states != NULL && atspi_state_set_contains (states, state);
}

static gboolean
has_interface (AtspiAccessible *accessible,
               const char      *name)
{
  g_autoptr(GArray) interfaces = atspi_accessible_get_interfaces (accessible);

  for (guint i = 0; interfaces != NULL && i < interfaces->len; i++)
    {
      if (g_str_equal (g_array_index (interfaces, char *, i), name))
        return TRUE;
    }

  return FALSE;
}

static guint
n_actions (AtspiAccessible *accessible)
{
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (accessible);

  return action != NULL ? (guint) atspi_action_get_n_actions (action, NULL) : 0;
}

/* GTK 4.8 exposes "showing" on windows only: a widget on screen is one
 * that is visible and has an area (hidden stack pages and collapsed
 * revealers have none). */
static gboolean
is_showing (AtspiAccessible *accessible)
{
  g_autoptr(AtspiComponent) component = NULL;
  g_autofree AtspiRect *rect = NULL;

  if (!has_state (accessible, ATSPI_STATE_VISIBLE))
    return FALSE;

  component = atspi_accessible_get_component_iface (accessible);
  if (component == NULL)
    return FALSE;
  rect = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, NULL);

  return rect != NULL && rect->width > 0 && rect->height > 0;
}

typedef enum
{
  KIND_NONE,
  KIND_BUTTON,
  KIND_TEXT,
  KIND_COMBO,
} Kind;

static Kind
control_kind (AtspiRole role)
{
  switch (role)
    {
    case ATSPI_ROLE_PUSH_BUTTON:
    case ATSPI_ROLE_TOGGLE_BUTTON:
    case ATSPI_ROLE_CHECK_BOX:
    case ATSPI_ROLE_RADIO_BUTTON:
    case ATSPI_ROLE_MENU_ITEM:
    case ATSPI_ROLE_CHECK_MENU_ITEM:
    case ATSPI_ROLE_RADIO_MENU_ITEM:
      return KIND_BUTTON;

    case ATSPI_ROLE_TEXT:
    case ATSPI_ROLE_ENTRY:
    case ATSPI_ROLE_PASSWORD_TEXT:
    case ATSPI_ROLE_SPIN_BUTTON:
      return KIND_TEXT;

    case ATSPI_ROLE_COMBO_BOX:
      return KIND_COMBO;

    default:
      return KIND_NONE;
    }
}

/* A name GTK made up from the widget's type, for a control that has
 * none: "GtkButton". */
static gboolean
is_type_name (const char *name)
{
  if (!g_str_has_prefix (name, "Gtk") && !g_str_has_prefix (name, "Adw") &&
      !g_str_has_prefix (name, "WebKit"))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
    }

  return TRUE;
}

static char **
name_words (const char *name)
{
  g_auto(GStrv) words = g_strsplit_set (name, " \t\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (words[i], -1);
      gsize len = strlen (folded);

      /* "Open Another…" and "Open Another" are the same words. */
      while (len > 0 && strchr (".,:;!?", folded[len - 1]) != NULL)
        folded[--len] = '\0';
      if (g_str_has_suffix (folded, "…"))
        folded[len - strlen ("…")] = '\0';
      if (*folded != '\0')
        g_strv_builder_add (builder, folded);
    }

  return g_strv_builder_end (builder);
}

static gboolean
words_equal (char  **words,
             guint   a,
             guint   b,
             guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      if (!g_str_equal (words[a + i], words[b + i]))
        return FALSE;
    }

  return TRUE;
}

/* The words said twice, one after the other ("Status Status", "Open
 * Another Open Another"), or a name ending in its own beginning, as
 * GTK 4.8 makes of a name and a label ("Dateline place Dateline"). */
static gboolean
has_doubled_phrase (const char *name)
{
  g_auto(GStrv) words = name_words (name);
  guint len = g_strv_length (words);

  for (guint n = 1; n <= len / 2; n++)
    {
      if (words_equal (words, 0, len - n, n))
        return TRUE;
      for (guint i = 0; i + 2 * n <= len; i++)
        {
          if (words_equal (words, i, i + n, n))
            return TRUE;
        }
    }

  return FALSE;
}

/* Whether a label inside @accessible says something besides @name. */
static gboolean
shows_value (AtspiAccessible *accessible,
             const char      *name)
{
  int n = atspi_accessible_get_child_count (accessible, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);
      g_autofree char *text = NULL;

      if (child == NULL)
        continue;
      text = atspi_accessible_get_name (child, NULL);
      if (atspi_accessible_get_role (child, NULL) == ATSPI_ROLE_LABEL &&
          text != NULL && *text != '\0' && g_strcmp0 (text, name) != 0)
        return TRUE;
      if (shows_value (child, name))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  GString *failures;
  guint    checked;
  guint    depth;
} Walk;

static void
fail (Walk            *walk,
      AtspiAccessible *accessible,
      const char      *name,
      const char      *why)
{
  g_autofree char *role = atspi_accessible_get_role_name (accessible, NULL);

  g_string_append_printf (walk->failures, "\n  %s “%s”: %s", role, name, why);
}

static void
check_control (Walk            *walk,
               AtspiAccessible *accessible,
               AtspiRole        role)
{
  g_autofree char *name = atspi_accessible_get_name (accessible, NULL);
  gboolean focusable = has_state (accessible, ATSPI_STATE_FOCUSABLE);

  walk->checked++;

  if (name == NULL || *name == '\0' || is_type_name (name))
    {
      fail (walk, accessible, name != NULL ? name : "", "no name");
      return;
    }
  if (strchr (name, '_') != NULL)
    fail (walk, accessible, name, "a mnemonic underscore in the name");
  if (has_doubled_phrase (name))
    fail (walk, accessible, name, "words said twice");

  /* A menu button wraps the focusable button that acts; only what a
   * user can reach has to act as its role says. */
  if (!focusable)
    return;

  switch (control_kind (role))
    {
    case KIND_BUTTON:
      if (n_actions (accessible) == 0)
        fail (walk, accessible, name, "a button or menu item that offers no action");
      break;

    case KIND_TEXT:
      if (!has_interface (accessible, "EditableText"))
        fail (walk, accessible, name, "a text field whose text cannot be edited");
      break;

    case KIND_COMBO:
      /* GTK 4.8 gives a combo row no action (the keyboard opens it);
       * what a reader needs is the choice it holds. */
      if (!shows_value (accessible, name))
        fail (walk, accessible, name, "a combo box that shows no choice");
      break;

    case KIND_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
walk_tree (Walk            *walk,
           AtspiAccessible *accessible)
{
  AtspiRole role = atspi_accessible_get_role (accessible, NULL);
  int n;

  if (walk->depth > 0 && !has_state (accessible, ATSPI_STATE_VISIBLE))
    return;

  if (control_kind (role) != KIND_NONE && is_showing (accessible))
    check_control (walk, accessible, role);
  /* Whatever takes the keyboard and edits text must say it is a text
   * field, or a screen reader user never learns they can type. */
  else if (has_state (accessible, ATSPI_STATE_FOCUSABLE) && has_state (accessible, ATSPI_STATE_EDITABLE) &&
           is_showing (accessible))
    {
      g_autofree char *name = atspi_accessible_get_name (accessible, NULL);

      fail (walk, accessible, name != NULL ? name : "", "editable, but not a text field");
    }

  n = atspi_accessible_get_child_count (accessible, NULL);
  walk->depth++;
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);

      if (child != NULL)
        walk_tree (walk, child);
    }
  walk->depth--;
}

static void
assert_names (AtspiAccessible *root,
              guint            at_least,
              const char      *what)
{
  Walk walk = { g_string_new (NULL), 0, 0 };

  walk_tree (&walk, root);
  g_test_message ("%s: %u controls", what, walk.checked);
  if (walk.failures->len > 0)
    g_error ("%s:%s", what, walk.failures->str);
  g_string_free (walk.failures, TRUE);

  /* Guards against a walk that found nothing to check. */
  g_assert_cmpuint (walk.checked, >=, at_least);
}

/* Finding things */

static AtspiAccessible *
find (AtspiAccessible *accessible,
      AtspiRole        role,
      const char      *name,
      gboolean         actionable)
{
  g_autofree char *own_name = NULL;
  int n;

  /* The application itself is never visible; its windows are. */
  if (atspi_accessible_get_role (accessible, NULL) != ATSPI_ROLE_APPLICATION &&
      !has_state (accessible, ATSPI_STATE_VISIBLE))
    return NULL;

  own_name = atspi_accessible_get_name (accessible, NULL);
  if (atspi_accessible_get_role (accessible, NULL) == role &&
      (name == NULL || g_strcmp0 (own_name, name) == 0) &&
      (!actionable || n_actions (accessible) > 0) &&
      is_showing (accessible))
    return g_object_ref (accessible);

  n = atspi_accessible_get_child_count (accessible, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);
      AtspiAccessible *found = child != NULL ? find (child, role, name, actionable) : NULL;

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AtspiAccessible *
find_frame (Fixture    *f,
            const char *prefix)
{
  int n = atspi_accessible_get_child_count (f->app, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (f->app, i, NULL);
      g_autofree char *name = child != NULL ? atspi_accessible_get_name (child, NULL) : NULL;

      if (name != NULL && g_str_has_prefix (name, prefix) &&
          has_state (child, ATSPI_STATE_VISIBLE))
        return g_steal_pointer (&child);
    }

  return NULL;
}

static gboolean
frame_shown (Fixture  *f,
             gpointer  prefix)
{
  g_autoptr(AtspiAccessible) frame = find_frame (f, prefix);

  return frame != NULL;
}

static gboolean
frame_gone (Fixture  *f,
            gpointer  prefix)
{
  return !frame_shown (f, prefix);
}

typedef struct
{
  AtspiRole        role;
  const char      *name;
  /* Where to look; the whole program when NULL. Each look asks the
   * program afresh, so a small part is much quicker. */
  AtspiAccessible *within;
} Wanted;

static gboolean
control_shown (Fixture  *f,
               gpointer  data)
{
  Wanted *wanted = data;
  g_autoptr(AtspiAccessible) found = find (wanted->within != NULL ? wanted->within : f->app,
                                           wanted->role, wanted->name, FALSE);

  return found != NULL;
}

/* Presses the control once the program shows it: on a loaded machine the
 * tree may not hold it yet when the window that has it has appeared. */
static void
click (Fixture         *f,
       AtspiAccessible *root,
       AtspiRole        role,
       const char      *name)
{
  Wanted wanted = { role, name, root };
  g_autofree char *what = g_strdup_printf ("the %s “%s”", atspi_role_get_name (role), name);
  g_autoptr(AtspiAccessible) target = NULL;
  g_autoptr(AtspiAction) action = NULL;
  g_autoptr(GError) error = NULL;

  wait_for (f, control_shown, &wanted, what);
  target = find (root, role, name, TRUE);
  if (target == NULL)
    g_error ("No %s “%s” to press", atspi_role_get_name (role), name);
  action = atspi_accessible_get_action_iface (target);
  atspi_action_do_action (action, 0, &error);
  g_assert_no_error (error);
}

/* Starting the program */

static gboolean
app_ready (Fixture  *f,
           gpointer  data)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; f->app == NULL && i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (child != NULL && atspi_accessible_get_process_id (child, NULL) == (guint) f->pid)
        {
          f->app = g_steal_pointer (&child);
          /* The program changes as the test acts on it: what it shows is
           * asked afresh each time. (No cache at all trips a critical in
           * libatspi 2.46.) */
          atspi_accessible_set_cache_mask (f->app, ATSPI_CACHE_ROLE | ATSPI_CACHE_INTERFACES);
        }
    }

  /* The story is open once the editor shows its headline. */
  return f->app != NULL && control_shown (f, &(Wanted) { ATSPI_ROLE_TEXT, "Headline", NULL });
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *program = g_getenv ("COPYDESK_APP");
  const char *sample = g_getenv ("COPYDESK_SAMPLE_ARTICLE");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *state = NULL;
  g_auto(GStrv) envp = NULL;
  gsize length;

  if (program == NULL || sample == NULL)
    {
      g_test_skip ("COPYDESK_APP and COPYDESK_SAMPLE_ARTICLE name no program and story");
      return;
    }

  f->dir = cd_test_make_temp_dir ("copydesk-a11y-XXXXXX");
  /* A story given as article.json text, or a copy of the sample. */
  if (data != NULL)
    {
      f->story = g_build_filename (f->dir, "article.json", NULL);
      g_file_set_contents (f->story, data, -1, &error);
      g_assert_no_error (error);
    }
  else
    {
      f->story = g_build_filename (f->dir, "story.article", NULL);
      g_file_get_contents (sample, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (f->story, contents, length, &error);
      g_assert_no_error (error);
    }

  /* Recovery journals of the program stay in the test's folder. */
  state = g_build_filename (f->dir, "state", NULL);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "XDG_STATE_HOME", state, TRUE);
  /* As without a GPU, where the underline of a misspelling differs. */
  if (data != NULL)
    envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", TRUE);
  g_spawn_async (NULL, (char *[]) { (char *) program, f->story, NULL }, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &f->pid, &error);
  g_assert_no_error (error);

  wait_for (f, app_ready, NULL, "the story to open in the program");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  int status;

  g_clear_object (&f->app);
  if (f->pid > 0)
    {
      kill (f->pid, SIGTERM);
      waitpid (f->pid, &status, 0);
      g_spawn_close_pid (f->pid);
    }
  if (f->dir != NULL)
    cd_test_remove_tree (f->dir);
  g_free (f->story);
  g_free (f->dir);
}

/* Tests */

/* Every control in the window, its menus and its dialogs is named by
 * its words, once, and acts as its role says. */
static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;

  if (g_test_failed () || f->app == NULL)
    return;

  window = find_frame (f, "Night ferry");
  g_assert_nonnull (window);
  /* The header bar, the story fields and the controls of every block. */
  assert_names (window, 60, "the window");

  click (f, window, ATSPI_ROLE_PUSH_BUTTON, "Story Details");
  wait_for (f, control_shown, &(Wanted) { ATSPI_ROLE_COMBO_BOX, "Status", NULL }, "the details panel");
  assert_names (window, 65, "the window with its details panel");

  /* The header bar's Export, while the window is all there is (GTK 4.8
   * leaves some of its states behind once another window has closed). */
  click (f, window, ATSPI_ROLE_PUSH_BUTTON, "Export");
  wait_for (f, frame_shown, "Export Story", "the export dialog");
  dialog = find_frame (f, "Export Story");
  assert_names (dialog, 4, "the export dialog");
  click (f, dialog, ATSPI_ROLE_PUSH_BUTTON, "Cancel");
  wait_for (f, frame_gone, "Export Story", "the export dialog to close");
}

/* The main menu and the preferences, in a program of their own: GTK 4.8
 * can drop header bar controls from the tree once a dialog has closed. */
static void
test_menu_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) menu_button = NULL;

  if (g_test_failed () || f->app == NULL)
    return;

  window = find_frame (f, "Night ferry");
  g_assert_nonnull (window);

  /* The menu opens inside its button. */
  wait_for (f, control_shown, &(Wanted) { ATSPI_ROLE_PUSH_BUTTON, "Main Menu", window }, "the main menu button");
  menu_button = find (window, ATSPI_ROLE_PUSH_BUTTON, "Main Menu", FALSE);
  g_assert_nonnull (menu_button);
  click (f, menu_button, ATSPI_ROLE_PUSH_BUTTON, "Main Menu");
  wait_for (f, control_shown, &(Wanted) { ATSPI_ROLE_MENU_ITEM, "Preferences", menu_button }, "the main menu");
  assert_names (menu_button, 10, "the main menu");
  click (f, menu_button, ATSPI_ROLE_MENU_ITEM, "Preferences");
  wait_for (f, frame_shown, "Preferences", "the preferences");
  dialog = find_frame (f, "Preferences");
  assert_names (dialog, 4, "the preferences");
  click (f, dialog, ATSPI_ROLE_PUSH_BUTTON, "Close");
  wait_for (f, frame_gone, "Preferences", "the preferences to close");
}

typedef struct
{
  char    *expected;
  gboolean heard;
} Announcement;

static void
announcement_cb (AtspiEvent *event,
                 gpointer    user_data)
{
  Announcement *announcement = user_data;
  AtspiAccessible *alert = event->source;
  g_autofree char *name = NULL;

  /* An alert added afresh comes as its parent's new child. */
  if (g_str_has_prefix (event->type, "object:children-changed") &&
      G_VALUE_HOLDS (&event->any_data, ATSPI_TYPE_ACCESSIBLE))
    alert = g_value_get_object (&event->any_data);

  if (alert != NULL && atspi_accessible_get_role (alert, NULL) == ATSPI_ROLE_ALERT)
    {
      name = atspi_accessible_get_name (alert, NULL);
      announcement->heard |= g_strcmp0 (name, announcement->expected) == 0;
    }

  g_boxed_free (ATSPI_TYPE_EVENT, event);
}

static gboolean
heard (Fixture  *f,
       gpointer  data)
{
  return ((Announcement *) data)->heard;
}

/* A save shows nothing but the title losing its mark; a screen reader
 * is told. */
static void
test_save_announced (Fixture       *f,
                     gconstpointer  data)
{
  Announcement announcement = { (char *) "Saved “story.article”", FALSE };
  g_autoptr(AtspiEventListener) listener = NULL;
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_failed () || f->app == NULL)
    return;

  listener = atspi_event_listener_new (announcement_cb, &announcement, NULL);
  atspi_event_listener_register (listener, "object:property-change:accessible-name", &error);
  g_assert_no_error (error);
  atspi_event_listener_register (listener, "object:children-changed:add", &error);
  g_assert_no_error (error);

  window = find_frame (f, "Night ferry");
  g_assert_nonnull (window);
  /* GTK 4.8 reports changes only of what a reader has looked at; a
   * screen reader reads the window when it opens, and so does the test. */
  assert_names (window, 60, "the window");
  click (f, window, ATSPI_ROLE_PUSH_BUTTON, "Save");
  wait_for (f, heard, &announcement, "the save to be announced");

  atspi_event_listener_deregister (listener, "object:property-change:accessible-name", NULL);
  atspi_event_listener_deregister (listener, "object:children-changed:add", NULL);
}

/* A misspelling as Orca looks for it */

#define MISSPELLED_STORY \
  "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"en\"," \
  " \"headline\": \"Ferry timetabel changes on Friday\"," \
  " \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"The board said so.\"}]}"

typedef struct
{
  AtspiText  *text;
  int         offset;
  const char *underline;
} UnderlineWanted;

static gboolean
underline_reads (Fixture  *f,
                 gpointer  data)
{
  UnderlineWanted *wanted = data;
  g_autofree char *value = atspi_text_get_text_attribute_value (wanted->text, wanted->offset,
                                                                 (char *) "underline", NULL);

  return g_strcmp0 (value, wanted->underline) == 0;
}

/* Orca tells a misspelled word by its "error" underline among the
 * text's attributes. Without a GPU the program draws a plain line
 * instead ("low"), but not while a screen reader is on. */
static void
test_misspelling_read (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AtspiAccessible) headline = NULL;
  g_autoptr(AtspiText) text = NULL;
  g_autofree char *contents = NULL;
  const char *word;
  UnderlineWanted wanted;

  if (g_test_failed () || f->app == NULL)
    return;

  headline = find (f->app, ATSPI_ROLE_TEXT, "Headline", FALSE);
  g_assert_nonnull (headline);
  text = atspi_accessible_get_text_iface (headline);
  g_assert_nonnull (text);
  contents = atspi_text_get_text (text, 0, -1, NULL);
  word = strstr (contents, "timetabel");
  g_assert_nonnull (word);
  wanted = (UnderlineWanted) { text, (int) g_utf8_pointer_to_offset (contents, word) + 2, "low" };

  wait_for (f, underline_reads, &wanted, "the misspelling underlined");
  cd_test_set_screen_reader (TRUE);
  wanted.underline = "error";
  wait_for (f, underline_reads, &wanted, "the misspelling's underline for a screen reader");
  cd_test_set_screen_reader (FALSE);
  wanted.underline = "low";
  wait_for (f, underline_reads, &wanted, "the plain underline again");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* libatspi asks the registry for a cache that at-spi2-core 2.46's
   * registry does not have, and warns (structured, which no fatal
   * handler filters); the answer is not needed. Failures here are
   * g_error ()s. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  /* The program must not learn it is tested through this process's
   * accessibility: only the bus connects the two. */
  if (atspi_init () < 0)
    g_error ("Could not reach the accessibility bus");

  g_test_add ("/ui/accessibility/names", Fixture, NULL,
              fixture_set_up, test_names, fixture_tear_down);
  g_test_add ("/ui/accessibility/menu-names", Fixture, NULL,
              fixture_set_up, test_menu_names, fixture_tear_down);
  g_test_add ("/ui/accessibility/save-announced", Fixture, NULL,
              fixture_set_up, test_save_announced, fixture_tear_down);
  g_test_add ("/ui/accessibility/misspelling-read", Fixture, MISSPELLED_STORY,
              fixture_set_up, test_misspelling_read, fixture_tear_down);

  return g_test_run ();
}
