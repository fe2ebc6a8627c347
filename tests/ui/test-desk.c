/* test-desk.c: the desk's proofs and rough edges, in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-desk"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <string.h>

#include "cd-block-editor-private.h"
#include "cd-details-panel-private.h"
#include "cd-preview-private.h"
#include "cd-test-utils.h"
#include "cd-window-private.h"

typedef struct
{
  CdWindow      *window;
  CdPreview     *preview;
  WebKitWebView *web_view;
  CdBlockEditor *editor;
  guint          n_loads_finished;
  char          *tmp_dir;
} Fixture;

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"),
                           "data", "samples", "sample", "article.json", NULL);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Fixture         *f)
{
  if (event == WEBKIT_LOAD_FINISHED)
    f->n_loads_finished++;
}

static gboolean
first_load_finished (gpointer data)
{
  return ((Fixture *) data)->n_loads_finished > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  f->preview = _cd_window_get_preview (f->window);
  f->web_view = _cd_preview_get_web_view (f->preview);
  f->editor = _cd_window_get_block_editor (f->window);
  f->tmp_dir = g_dir_make_tmp ("copydesk-test-desk-XXXXXX", &error);
  g_assert_no_error (error);

  g_signal_connect (f->web_view, "load-changed", G_CALLBACK (load_changed_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for (first_load_finished, f, "the new story's preview");
}

static gboolean
window_is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer window = f->window;

  /* Nothing asks to save: the test closes what it changed. */
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  cd_test_wait_for (window_is_gone, &window, "the window to be finalized");

  remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
}

typedef struct
{
  Fixture *f;
  guint    n_loads_before;
} LoadWait;

static gboolean
open_finished (gpointer data)
{
  LoadWait *wait = data;

  return !_cd_window_is_loading (wait->f->window) &&
         wait->f->n_loads_finished > wait->n_loads_before;
}

/* Opens a copy of the sample story, which the test may save. */
static void
open_sample (Fixture *f)
{
  g_autofree char *source = sample_path ();
  g_autofree char *path = g_build_filename (f->tmp_dir, "article.json", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  LoadWait wait = { f, f->n_loads_finished };

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  cd_window_open (f->window, file);
  cd_test_wait_for (open_finished, &wait, "the sample story to be shown");
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "editor");
}

static gboolean
is_unmodified (gpointer data)
{
  return !cd_window_get_modified (data);
}

static CdArticle *
window_article (Fixture *f)
{
  return cd_history_get_article (_cd_window_get_history (f->window));
}

/* Rough edges */

/* A block moved down and back up leaves the story as saved: the window
 * no longer asks to save it. */
static void
test_cancelled_edits_unmodified (Fixture       *f,
                                 gconstpointer  data)
{
  CdArticle *article;
  g_autofree char *first_id = NULL;

  open_sample (f);
  article = window_article (f);
  first_id = g_strdup (cd_block_get_id (cd_article_get_block (article, 0)));
  g_assert_false (cd_window_get_modified (f->window));

  g_assert_true (cd_block_editor_focus_block (f->editor, first_id, 0));
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-down", NULL);
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 1)), ==, first_id);
  g_assert_true (cd_window_get_modified (f->window));

  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-up", NULL);
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 0)), ==, first_id);
  cd_test_wait_for (is_unmodified, f->window, "the story to read as saved again");
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)), "•"));

  /* A real change still counts. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.move-down", NULL);
  g_assert_true (cd_window_get_modified (f->window));
}

static GtkWidget *
find_menu_button (GtkWidget  *widget,
                  const char *tooltip)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child, tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* A menu's first item is not hidden under its button's tooltip. */
static void
test_menu_tooltips (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *buttons[3];

  /* A new story, whose Add Block button is in view: a popover cannot
   * open under a button scrolled off the screen. */
  buttons[0] = _cd_block_editor_get_insert_button (f->editor);
  buttons[1] = find_menu_button (GTK_WIDGET (f->window), "Block Options");
  buttons[2] = find_menu_button (GTK_WIDGET (f->window), "Preview Width");

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkPopover *popover;

      g_assert_nonnull (buttons[i]);
      cd_test_wait_for (widget_is_mapped, buttons[i], "the menu button to be shown");
      g_assert_true (gtk_widget_get_has_tooltip (buttons[i]));
      gtk_menu_button_popup (GTK_MENU_BUTTON (buttons[i]));
      popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (buttons[i]));
      cd_test_wait_for (widget_is_visible, popover, "the menu to open");
      g_assert_false (gtk_widget_get_has_tooltip (buttons[i]));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (buttons[i]));
      g_assert_true (gtk_widget_get_has_tooltip (buttons[i]));
      g_assert_nonnull (gtk_widget_get_tooltip_text (buttons[i]));
    }
}

/* Whether the notes view is as tall as its text, laid out. */
static gboolean
notes_fully_shown (gpointer data)
{
  GtkTextView *view = data;
  GtkTextIter end;
  GdkRectangle location;

  if (!gtk_widget_get_mapped (GTK_WIDGET (view)) || gtk_widget_get_width (GTK_WIDGET (view)) < 50)
    return FALSE;

  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (view), &end);
  gtk_text_view_get_iter_location (view, &end, &location);

  return location.y > 0 &&
         gtk_widget_get_height (GTK_WIDGET (view)) >=
         location.y + location.height + gtk_text_view_get_bottom_margin (view);
}

/* Long desk notes show in full when the details panel opens, without
 * anything else forcing a relayout. */
static void
test_desk_notes_not_cut_off (Fixture       *f,
                             gconstpointer  data)
{
  GtkTextView *notes = _cd_details_panel_get_notes (_cd_window_get_details_panel (f->window));
  GtkTextIter iter;
  int lines = 0;

  g_object_set (f->window, "show-details", FALSE, NULL);
  open_sample (f);
  g_assert_cmpuint (strlen (cd_article_get_field (window_article (f), CD_ARTICLE_FIELD_NOTES)), >, 200);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-details", NULL);
  cd_test_wait_for (notes_fully_shown, notes, "the desk notes to show in full");

  /* The notes wrap over several lines, all inside the box. */
  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (notes), &iter);
  while (gtk_text_view_forward_display_line (notes, &iter))
    lines++;
  g_assert_cmpint (lines, >=, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = g_dir_make_tmp ("copydesk-test-desk-state-XXXXXX", NULL);
  g_assert_nonnull (state_dir);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/desk/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("cancelled-edits-unmodified", test_cancelled_edits_unmodified);
  ADD ("menu-tooltips", test_menu_tooltips);
  ADD ("desk-notes-not-cut-off", test_desk_notes_not_cut_off);

#undef ADD

  status = g_test_run ();
  remove_tree (state_dir);

  return status;
}
