/* test-proofs.c: the desk's proofs and rough edges, in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-proofs"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <string.h>

#include "cd-block-editor-private.h"
#include "cd-details-panel-private.h"
#include "cd-export-dialog-private.h"
#include "cd-preview-private.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"
#include "cd-window-private.h"

typedef struct
{
  CdWindow      *window;
  CdPreview     *preview;
  WebKitWebView *web_view;
  CdBlockEditor *editor;
  char          *tmp_dir;
} Fixture;

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
  f->tmp_dir = cd_test_make_temp_dir ("copydesk-test-desk-XXXXXX");

  cd_test_count_loads (f->web_view);
  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for_load (f->web_view, 0, "the new story's preview");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Nothing asks to save: the test closes what it changed. */
  cd_test_destroy_window (f->window);

  cd_test_remove_tree (f->tmp_dir);
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
         cd_test_get_n_loads (wait->f->web_view) > wait->n_loads_before;
}

/* Copies the media folder beside the story @source into @dir. */
static void
copy_media (const char *source,
            const char *dir)
{
  g_autofree char *story_dir = g_path_get_dirname (source);
  g_autofree char *from = g_build_filename (story_dir, "media", NULL);
  g_autofree char *to = g_build_filename (dir, "media", NULL);
  g_autoptr(GDir) media = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (media);
  g_assert_cmpint (g_mkdir (to, 0700), ==, 0);
  while ((name = g_dir_read_name (media)) != NULL)
    {
      g_autofree char *from_path = g_build_filename (from, name, NULL);
      g_autofree char *to_path = g_build_filename (to, name, NULL);
      g_autoptr(GFile) from_file = g_file_new_for_path (from_path);
      g_autoptr(GFile) to_file = g_file_new_for_path (to_path);
      g_autoptr(GError) error = NULL;

      g_file_copy (from_file, to_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

/* Opens a copy of the sample story, which the test may save. */
static void
open_sample (Fixture *f)
{
  g_autofree char *source = cd_test_sample_path ();
  g_autofree char *path = g_build_filename (f->tmp_dir, "article.json", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  LoadWait wait = { f, cd_test_get_n_loads (f->web_view) };

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  copy_media (source, f->tmp_dir);

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

static gboolean
save_finished (gpointer data)
{
  return !_cd_window_is_saving (data);
}

/* Empty paragraphs: the caret's stays while editing but is not saved;
 * an image pasted into one takes its place; Backspace removes one at
 * the top of the story. */
static void
test_empty_paragraphs (Fixture       *f,
                       gconstpointer  data)
{
  static const guint8 pixels[4 * 3 * 4] = { 0xff, 0, 0, 0xff, };
  g_autoptr(GBytes) pixel_bytes = g_bytes_new_static (pixels, sizeof pixels);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (4, 3, GDK_MEMORY_R8G8B8A8, pixel_bytes, 16);
  g_autofree char *saved_path = g_build_filename (f->tmp_dir, "saved.json", NULL);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_path);
  g_autoptr(CdArticle) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBlock) top = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autofree char *top_id = g_strdup (cd_block_get_id (top));
  g_autofree char *first_id = NULL;
  CdArticle *article;
  CdBlock *empty;
  CdBlock *figure;
  guint n;
  guint position;

  open_sample (f);
  article = window_article (f);
  n = cd_article_get_n_blocks (article);

  /* Enter at the end of the last paragraph leaves the caret in a new,
   * empty one; the story saved has no such paragraph. */
  g_assert_true (cd_block_editor_focus_block (f->editor, cd_block_get_id (cd_article_get_block (article, n - 1)), -1));
  g_assert_cmpint (cd_block_get_block_type (cd_article_get_block (article, n - 1)), ==, CD_BLOCK_PARAGRAPH);
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.split-block", NULL);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, n + 1);
  empty = cd_article_get_block (article, n);
  g_assert_true (cd_block_is_blank_paragraph (empty));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, cd_block_get_id (empty));

  _cd_window_save_to (f->window, saved_file);
  cd_test_wait_for (save_finished, f->window, "the story to be saved");
  saved = cd_document_load (saved_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (saved), ==, n);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, n + 1);

  /* A pasted image replaces the empty paragraph, in one undo step. */
  figure = _cd_block_editor_paste_texture (f->editor, texture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, n + 1);
  g_assert_true (cd_article_find_block (article, cd_block_get_id (figure), &position));
  g_assert_cmpuint (position, ==, n);
  g_assert_cmpint (cd_block_get_block_type (cd_article_get_block (article, n - 1)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_false (cd_block_is_blank_paragraph (cd_article_get_block (article, n - 1)));
  cd_history_undo (_cd_window_get_history (f->window));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, n + 1);
  g_assert_true (cd_block_is_blank_paragraph (cd_article_get_block (article, n)));

  /* Backspace in an empty first paragraph removes it. */
  first_id = g_strdup (cd_block_get_id (cd_article_get_block (article, 0)));
  cd_article_insert_block (article, 0, top);
  g_assert_true (cd_block_editor_focus_block (f->editor, top_id, 0));
  g_assert_true (_cd_block_editor_handle_key (f->editor, GDK_KEY_BackSpace, 0));
  g_assert_null (cd_article_find_block (article, top_id, NULL));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (f->editor), ==, first_id);
}

/* Proofs */

typedef struct
{
  gboolean  finished;
  GError   *error;
} PrintWait;

static void
print_failed_cb (WebKitPrintOperation *operation,
                 GError               *error,
                 PrintWait            *wait)
{
  wait->error = g_error_copy (error);
}

static void
print_finished_cb (WebKitPrintOperation *operation,
                   PrintWait            *wait)
{
  wait->finished = TRUE;
}

static gboolean
print_finished (gpointer data)
{
  return ((PrintWait *) data)->finished;
}

static char *
read_text_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* Print to File from the preview gives a PDF of the story as the page
 * shows it, on the paper chosen; the next print offers the same. */
static void
test_print_to_pdf (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->tmp_dir, "proof.pdf", NULL);
  g_autofree char *text_path = g_build_filename (f->tmp_dir, "proof.txt", NULL);
  g_autofree char *info_path = g_build_filename (f->tmp_dir, "info.txt", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autoptr(WebKitPrintOperation) operation = NULL;
  g_autoptr(WebKitPrintOperation) next = NULL;
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *flat = NULL;
  g_auto(GStrv) pieces = NULL;
  PrintWait wait = { FALSE, NULL };
  CdArticle *article;

  cd_test_require_program ("pdftotext");
  open_sample (f);
  article = window_article (f);

  /* What the system dialog hands over when Print to File is picked. */
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a5);

  operation = cd_preview_new_print_operation (f->preview);
  webkit_print_operation_set_print_settings (operation, settings);
  webkit_print_operation_set_page_setup (operation, page_setup);
  g_signal_connect (operation, "failed", G_CALLBACK (print_failed_cb), &wait);
  g_signal_connect (operation, "finished", G_CALLBACK (print_finished_cb), &wait);
  webkit_print_operation_print (operation);
  cd_test_wait_for (print_finished, &wait, "the story to be printed to PDF");
  g_assert_no_error (wait.error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  cd_test_run_program ((const char * const []) { "pdftotext", "-enc", "UTF-8", pdf, text_path, NULL });
  text = read_text_file (text_path);
  /* Lines break where the page does; words are what count. */
  pieces = g_strsplit_set (text, "\n\f", -1);
  flat = g_strjoinv (" ", pieces);
  g_test_message ("%s", flat);
  g_assert_nonnull (strstr (flat, cd_article_get_headline (article)));
  g_assert_nonnull (strstr (flat, "Night ferry to Gull Island"));
  g_assert_nonnull (strstr (flat, "MAREN TALBOT"));
  g_assert_nonnull (strstr (flat, "The Moonrunner on a trial crossing"));
  g_assert_nonnull (strstr (flat, "120-seat electric catamaran"));
  /* The desk's notes are never part of the page. */
  g_assert_null (strstr (flat, "press office at 14:20"));

  /* On the paper chosen: A5 is 420 × 595 points. */
  cd_test_run_program ((const char * const []) { "sh", "-c", "pdfinfo \"$0\" > \"$1\"", pdf, info_path, NULL });
  info = read_text_file (info_path);
  g_assert_nonnull (strstr (info, "A5"));

  /* The next print starts from the same paper. */
  next = cd_preview_new_print_operation (f->preview);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (webkit_print_operation_get_page_setup (next))),
                   ==, GTK_PAPER_NAME_A5);
}

/* Runs @script in the page's own world, as a reader's click would act. */
static void
run_in_page (Fixture    *f,
             const char *script)
{
  g_free (cd_test_evaluate (f->web_view, script));
}

typedef struct
{
  CdBlockEditor *editor;
  const char    *id;
} FocusWait;

static gboolean
block_focused (gpointer data)
{
  FocusWait *wait = data;

  return g_strcmp0 (cd_block_editor_get_focused_block_id (wait->editor), wait->id) == 0;
}

/* A click on a block in the preview puts the editor's caret in it. */
static void
test_preview_click_moves_caret (Fixture       *f,
                                gconstpointer  data)
{
  CdArticle *article;
  const char *first;
  const char *third;
  const char *heading = NULL;
  g_autofree char *click = NULL;
  FocusWait wait;

  open_sample (f);
  article = window_article (f);
  first = cd_block_get_id (cd_article_get_block (article, 0));
  third = cd_block_get_id (cd_article_get_block (article, 2));
  for (guint i = 0; i < cd_article_get_n_blocks (article) && heading == NULL; i++)
    if (cd_block_get_block_type (cd_article_get_block (article, i)) == CD_BLOCK_HEADING)
      heading = cd_block_get_id (cd_article_get_block (article, i));
  g_assert_nonnull (heading);
  g_assert_true (cd_block_editor_focus_block (f->editor, first, 0));

  click = g_strdup_printf ("document.querySelector ('[data-block-id=\"%s\"]').click ()", third);
  run_in_page (f, click);
  wait = (FocusWait) { f->editor, third };
  cd_test_wait_for (block_focused, &wait, "the caret to move to the clicked block");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (_cd_block_editor_get_view (f->editor))));
  {
    CdEditPos start;
    CdEditPos end;

    g_assert_false (_cd_block_editor_get_selection (f->editor, &start, &end));
    g_assert_cmpuint (start.block, ==, 2);
    g_assert_cmpuint (start.offset, ==, 0);
  }

  /* Inside a block too: a click lands on the words, not the block. */
  g_clear_pointer (&click, g_free);
  click = g_strdup_printf ("document.querySelector ('[data-block-id=\"%s\"]').firstChild.parentElement"
                           ".dispatchEvent (new MouseEvent ('click', { bubbles: true }))", heading);
  run_in_page (f, click);
  wait = (FocusWait) { f->editor, heading };
  cd_test_wait_for (block_focused, &wait, "the caret to move to the clicked subheading");
}

/* The web page opener of this run's desktop (see set_up_opener()):
 * it writes the address it is given to this file. */
static char *opened_marker;

static CdExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (CD_IS_EXPORT_DIALOG (window))
        return CD_EXPORT_DIALOG (window);
    }

  return NULL;
}

static gboolean
toast_shown (gpointer data)
{
  return _cd_window_get_last_toast (data) != NULL;
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* "Exported to …" has an Open button that opens the page written in
 * the desktop's application for it. */
static void
test_exported_toast_opens (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *page = g_build_filename (f->tmp_dir, "story.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (page);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *opened = NULL;
  CdExportDialog *dialog;
  AdwToast *toast;
  GVariant *target;

  open_sample (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  _cd_export_dialog_set_format (dialog, CD_EXPORT_FORMAT_HTML);
  _cd_export_dialog_export_to (dialog, file);
  cd_test_wait_for (toast_shown, f->window, "the export's notification");

  toast = _cd_window_get_last_toast (f->window);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Exported to story.html");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Open");
  target = adw_toast_get_action_target_value (toast);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);

  /* What the button does. */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), adw_toast_get_action_name (toast),
                                                     target));
  cd_test_wait_for (file_written, opened_marker, "the page to be opened");
  g_file_get_contents (opened_marker, &opened, NULL, NULL);
  /* A local file is handed over as its path. */
  g_assert_cmpstr (g_strstrip (opened), ==, page);
  g_remove (opened_marker);
}

/* A desktop of this run's own, whose application for web pages writes
 * the address it opens to opened_marker. */
static void
set_up_opener (const char *dir)
{
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *apps = g_build_filename (data_dir, "applications", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *script = g_build_filename (dir, "opener.sh", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_path = g_build_filename (apps, "copydesk-test-opener.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autoptr(GError) error = NULL;

  opened_marker = g_build_filename (dir, "opened.txt", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" > '%s'\n", opened_marker);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test opener\n"
                             "Exec=%s %%u\nMimeType=text/html;\nNoDisplay=true\n", script);
  g_file_set_contents (desktop_path, desktop, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps, "[Default Applications]\ntext/html=copydesk-test-opener.desktop\n", -1, &error);
  g_assert_no_error (error);

  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-desk-state-XXXXXX");
  set_up_opener (state_dir);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/proofs/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("cancelled-edits-unmodified", test_cancelled_edits_unmodified);
  ADD ("menu-tooltips", test_menu_tooltips);
  ADD ("desk-notes-not-cut-off", test_desk_notes_not_cut_off);
  ADD ("empty-paragraphs", test_empty_paragraphs);
  ADD ("print-to-pdf", test_print_to_pdf);
  ADD ("exported-toast-opens", test_exported_toast_opens);
  ADD ("preview-click-moves-caret", test_preview_click_moves_caret);

#undef ADD

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
