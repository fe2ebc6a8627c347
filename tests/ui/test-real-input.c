/* test-real-input.c: the window driven by real X key and pointer events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The other UI tests call the editor's handlers and actions directly;
 * these go the way a person does. A story file is opened in a window of
 * the real application (with its accelerators), the X server gives the
 * window the input focus, and xdotool, another process, sends key and
 * pointer events through XTEST: typing, Enter, Backspace, Shift+arrows,
 * a mouse drag, Ctrl+B, Ctrl+Z, Ctrl+V and Ctrl+S. Pasted text comes from
 * xclip, another process owning the clipboard. What counts is what a
 * person gets: the file Ctrl+S wrote, read back with the core reader,
 * and the preview's DOM.
 *
 * Needs an X display (xvfb-run; GDK_BACKEND=x11 is set by meson and
 * here), xdotool and xclip; a missing one fails the test.
 */

#define G_LOG_DOMAIN "test-real-input"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "cd-application.h"
#include "cd-block-editor-private.h"
#include "cd-preview-private.h"
#include "cd-story-fields-private.h"
#include "cd-test-image.h"
#include "cd-test-input.h"
#include "cd-test-utils.h"
#include "cd-window-private.h"

static CdApplication *app;

typedef struct
{
  char          *tmp_dir;
  GFile         *file;
  CdWindow      *window;
  CdBlockEditor *editor;
  char          *xid;
  GSubprocess   *clipboard_owner;
} Fixture;

/* --- Waiting for what the events did ------------------------------------ */

static gboolean
window_ready (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->window)) &&
         !_cd_window_is_loading (f->window) &&
         gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (_cd_block_editor_get_view (f->editor))) > 0;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (((Fixture *) data)->window));
}

typedef struct
{
  Fixture    *f;
  guint       n_blocks;
  const char *texts[4];
} TextsWait;

/* The story's body is @texts, one paragraph each. */
static gboolean
body_is (gpointer data)
{
  TextsWait *wait = data;
  CdArticle *article = cd_window_get_article (wait->f->window);

  if (cd_article_get_n_blocks (article) != wait->n_blocks)
    return FALSE;

  for (guint i = 0; i < wait->n_blocks; i++)
    {
      if (g_strcmp0 (cd_block_get_text (cd_article_get_block (article, i)), wait->texts[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
wait_for_body (Fixture    *f,
               const char *what,
               const char *first,
               ...)
{
  TextsWait wait = { f, 0, { NULL } };
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    {
      g_assert_cmpuint (wait.n_blocks, <, G_N_ELEMENTS (wait.texts));
      wait.texts[wait.n_blocks++] = text;
    }
  va_end (args);

  cd_test_wait_for (body_is, &wait, what);
}

typedef struct
{
  Fixture *f;
  guint    n_marks;
} MarksWait;

static gboolean
first_block_has_marks (gpointer data)
{
  MarksWait *wait = data;
  CdBlock *block = cd_article_get_block (cd_window_get_article (wait->f->window), 0);

  return cd_block_get_marks (block)->len == wait->n_marks;
}

static void
wait_for_marks (Fixture    *f,
                guint       n_marks,
                const char *what)
{
  MarksWait wait = { f, n_marks };

  cd_test_wait_for (first_block_has_marks, &wait, what);
}

static gboolean
saved (gpointer data)
{
  Fixture *f = data;

  return !_cd_window_is_saving (f->window) && !cd_window_get_modified (f->window);
}

/* --- Sending events ----------------------------------------------------- */

/* Keys as X sends them to the focused window, each pressed and let go. */
static void
press_keys (Fixture    *f,
            const char *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  g_ptr_array_add (argv, (char *) "key");
  g_ptr_array_add (argv, (char *) "--clearmodifiers");
  g_ptr_array_add (argv, (char *) "--delay");
  g_ptr_array_add (argv, (char *) "40");
  va_start (args, first);
  for (const char *key = first; key != NULL; key = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) key);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  cd_test_run_program ((const char * const *) argv->pdata);
}

static void
type_text (Fixture    *f,
           const char *text)
{
  cd_test_xdotool ("type", "--clearmodifiers", "--delay", "40", text, NULL);
}

static gboolean
widget_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 40;
}

/* The body's text view, once it has its width. */
static GtkWidget *
body_view (Fixture *f)
{
  GtkWidget *view = GTK_WIDGET (_cd_block_editor_get_view (f->editor));

  cd_test_wait_for (widget_laid_out, view, "the body to be laid out");

  return view;
}

/* The first line of block @position, in the body view's coordinates. */
static void
block_line (Fixture      *f,
            guint         position,
            GdkRectangle *rect)
{
  GtkTextView *view = GTK_TEXT_VIEW (body_view (f));
  CdEditPos pos = { position, 0 };
  GtkTextIter iter;

  _cd_block_editor_pos_to_iter (f->editor, pos, &iter);
  gtk_text_view_get_iter_location (view, &iter, rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect->x, rect->y, &rect->x, &rect->y);
}

/* Where a point in the first line of paragraph @position is in the
 * window, @x pixels from its start (negative: from the body's right
 * edge). */
static void
paragraph_point (Fixture  *f,
                 guint     position,
                 double    x,
                 char    **px,
                 char    **py)
{
  GtkWidget *view = body_view (f);
  GdkRectangle line;

  block_line (f, position, &line);
  cd_test_native_point (view, x >= 0 ? line.x + x : gtk_widget_get_width (view) + x,
                        line.y + line.height / 2.0, px, py);
}

static void
click_paragraph (Fixture *f,
                 guint    position,
                 double   x)
{
  g_autofree char *px = NULL;
  g_autofree char *py = NULL;

  paragraph_point (f, position, x, &px, &py);
  cd_test_xdotool ("mousemove", "--window", f->xid, px, py, "click", "1", NULL);
}

/* --- The window --------------------------------------------------------- */

static void
write_story (GFile      *file,
             const char *text)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GError) error = NULL;

  cd_article_set_headline (article, "Keys from another program");
  cd_block_set_text_and_marks (paragraph, text, NULL);
  cd_article_append_block (article, paragraph);
  g_assert_true (cd_document_save (article, file, &error));
  g_assert_no_error (error);
}

/* What the window holds when a wait gives up: the focus, the caret,
 * the headline and the body, the window's size and the pointer. */
static void
report_state (gpointer data)
{
  Fixture *f = data;
  CdArticle *article = cd_window_get_article (f->window);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_autofree char *pointer = NULL;
  CdEditPos start;
  CdEditPos end;

  g_printerr ("The window when the wait gave up:\n");
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (f->window); w = gtk_widget_get_parent (w))
    g_printerr ("  focus in %s%s%s\n", G_OBJECT_TYPE_NAME (w),
                gtk_widget_get_name (w) != NULL ? " " : "", gtk_widget_get_name (w));
  if (focus == NULL)
    g_printerr ("  no focus\n");
  g_printerr ("  window %s, %d x %d\n", gtk_window_is_active (GTK_WINDOW (f->window)) ? "active" : "not active",
              gtk_widget_get_width (GTK_WIDGET (f->window)), gtk_widget_get_height (GTK_WIDGET (f->window)));
  _cd_block_editor_get_selection (f->editor, &start, &end);
  g_printerr ("  selection %u:%u to %u:%u\n", start.block, start.offset, end.block, end.offset);
  g_printerr ("  headline \"%s\"\n", cd_article_get_headline (article));
  for (guint i = 0; i < cd_article_get_n_blocks (article) && i < 12; i++)
    g_printerr ("  block %u: \"%.80s\"\n", i, cd_block_get_text (cd_article_get_block (article, i)));
  if (g_spawn_command_line_sync ("xdotool getmouselocation", &pointer, NULL, NULL, NULL))
    g_printerr ("  pointer %s", pointer);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GdkSurface *surface;

  f->tmp_dir = g_dir_make_tmp ("copydesk-real-input-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->tmp_dir, "story.article", NULL);
  f->file = g_file_new_for_path (path);
  /* A test given a story's path opens a copy of it. */
  if (data != NULL)
    {
      g_autoptr(GFile) source = g_file_new_for_path (data);

      g_assert_true (g_file_copy (source, f->file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  else
    write_story (f->file, "Alpha");

  f->window = g_object_ref (cd_application_open_file (app, f->file, NULL));
  f->editor = _cd_window_get_block_editor (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for (window_ready, f, "the story to open in a window");

  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  f->xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));

  /* There is no window manager under Xvfb to give the new window the
   * focus: the X server is asked for it, as a window manager would. */
  cd_test_xdotool ("windowfocus", "--sync", f->xid, NULL);
  cd_test_wait_for (window_active, f, "the window to have the focus");
  cd_test_set_give_up_report (report_state, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer window = f->window;

  cd_test_set_give_up_report (NULL, NULL);
  if (f->clipboard_owner != NULL)
    {
      g_subprocess_force_exit (f->clipboard_owner);
      g_subprocess_wait (f->clipboard_owner, NULL, NULL);
      g_clear_object (&f->clipboard_owner);
    }

  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  cd_test_wait_for (cd_test_pointer_is_null, &window, "the window to be finalized");

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
  g_free (f->xid);
  g_object_unref (f->file);
}

/* Ctrl+S, then the file as the core reader sees it. */
static CdArticle *
save_and_read (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CdArticle *article;

  g_assert_true (cd_window_get_modified (f->window));
  press_keys (f, "ctrl+s", NULL);
  cd_test_wait_for (saved, f, "Ctrl+S to save the story");

  article = cd_document_load (f->file, &error);
  g_assert_no_error (error);

  return article;
}

/* --- Tests -------------------------------------------------------------- */

static void
test_type_enter_backspace (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CdArticle) written = NULL;

  click_paragraph (f, 0, -4);
  press_keys (f, "End", NULL);
  type_text (f, " beta");
  wait_for_body (f, "the typed words", "Alpha beta", NULL);

  /* Enter splits the paragraph at the caret. */
  press_keys (f, "Left", "Left", "Left", "Left", "Return", NULL);
  wait_for_body (f, "Enter to split the paragraph", "Alpha ", "beta", NULL);
  type_text (f, "Gamma ");
  wait_for_body (f, "typing in the new paragraph", "Alpha ", "Gamma beta", NULL);

  /* Backspace deletes a letter, and at the start of a paragraph joins it
   * to the one before. */
  press_keys (f, "BackSpace", NULL);
  wait_for_body (f, "Backspace to delete a letter", "Alpha ", "Gammabeta", NULL);
  press_keys (f, "Home", "BackSpace", NULL);
  wait_for_body (f, "Backspace to join the paragraphs", "Alpha Gammabeta", NULL);

  written = save_and_read (f);
  g_assert_cmpuint (cd_article_get_n_blocks (written), ==, 1);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (written, 0)), ==, "Alpha Gammabeta");
  g_assert_cmpstr (cd_article_get_headline (written), ==, "Keys from another program");
}

static void
assert_strong (CdBlock *block,
               guint    start,
               guint    end)
{
  GPtrArray *marks = cd_block_get_marks (block);
  CdMark *mark;

  g_assert_cmpuint (marks->len, ==, 1);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  g_assert_cmpuint (mark->start, ==, start);
  g_assert_cmpuint (mark->end, ==, end);
}

typedef struct
{
  Fixture *f;
  gboolean done;
  char    *text;
} PreviewRead;

static void
preview_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PreviewRead *read = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  g_assert_no_error (error);
  read->text = jsc_value_to_string (value);
  read->done = TRUE;
}

static gboolean
preview_read_done (gpointer data)
{
  return ((PreviewRead *) data)->done;
}

static gboolean
preview_settled (gpointer data)
{
  return !_cd_preview_is_patch_pending (data);
}

/* The preview's strong text in the first paragraph, once it shows the
 * story as it is now. */
static char *
preview_strong_text (Fixture *f)
{
  CdPreview *preview = _cd_window_get_preview (f->window);
  PreviewRead read = { f, FALSE, NULL };

  cd_test_wait_for (preview_settled, preview, "the preview to show the change");
  webkit_web_view_evaluate_javascript (_cd_preview_get_web_view (preview),
                                       "Array.from (document.querySelectorAll ('article p strong'))"
                                       ".map (e => e.textContent).join ('|')",
                                       -1, NULL, NULL, NULL, preview_read_cb, &read);
  cd_test_wait_for (preview_read_done, &read, "the preview's DOM");

  return read.text;
}

static void
test_shift_select_bold_undo (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CdArticle) bold = NULL;
  g_autoptr(CdArticle) plain = NULL;
  g_autofree char *shown_bold = NULL;
  g_autofree char *shown_plain = NULL;

  click_paragraph (f, 0, -4);
  press_keys (f, "End", NULL);
  type_text (f, " words");
  wait_for_body (f, "the typed words", "Alpha words", NULL);

  /* Shift+Left five times selects "words"; Ctrl+B makes it strong. */
  press_keys (f, "shift+Left", "shift+Left", "shift+Left", "shift+Left", "shift+Left", "ctrl+b", NULL);
  wait_for_marks (f, 1, "Ctrl+B to make the selection strong");
  assert_strong (cd_article_get_block (cd_window_get_article (f->window), 0), 6, 11);
  shown_bold = preview_strong_text (f);
  g_assert_cmpstr (shown_bold, ==, "words");

  bold = save_and_read (f);
  assert_strong (cd_article_get_block (bold, 0), 6, 11);

  /* Ctrl+Z takes the bold back, and only that. */
  press_keys (f, "ctrl+z", NULL);
  wait_for_marks (f, 0, "Ctrl+Z to undo the bold");
  wait_for_body (f, "the text to stay", "Alpha words", NULL);
  shown_plain = preview_strong_text (f);
  g_assert_cmpstr (shown_plain, ==, "");

  plain = save_and_read (f);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (plain, 0)), ==, "Alpha words");
  g_assert_cmpuint (cd_block_get_marks (cd_article_get_block (plain, 0))->len, ==, 0);

  /* And Ctrl+Z again takes the typing back. */
  press_keys (f, "ctrl+z", NULL);
  wait_for_body (f, "Ctrl+Z to undo the typing", "Alpha", NULL);
}

typedef struct
{
  Fixture   *f;
  CdEditPos  start;
  CdEditPos  end;
} SelectionWait;

static gboolean
selection_is (gpointer data)
{
  SelectionWait *wait = data;
  CdEditPos start;
  CdEditPos end;

  _cd_block_editor_get_selection (wait->f->editor, &start, &end);

  return start.block == wait->start.block && start.offset == wait->start.offset &&
         end.block == wait->end.block && end.offset == wait->end.offset;
}

/* A point in the first line of a paragraph, as paragraph_point () takes
 * it. */
typedef struct
{
  guint  paragraph;
  double x;
} TextPoint;

/* A mouse drag as a hand makes it: the button goes down at @points[0]
 * and the caret is awaited there, at @from; then the pointer moves
 * through the rest of @points, where the button comes up at the last,
 * and the selection from @from to @to is awaited. Each point is found in
 * the window just before it is used: the column can still move while a
 * new window's fields are laid out. Events sent all at once can reach a
 * loaded program's gestures faster than any hand. */
static void
drag_select (Fixture         *f,
             const TextPoint *points,
             guint            n_points,
             CdEditPos        from,
             CdEditPos        to)
{
  SelectionWait pressed = { f, from, from };
  SelectionWait selected = { f, from, to };

  for (guint i = 0; i < n_points; i++)
    {
      g_autofree char *x = NULL;
      g_autofree char *y = NULL;

      paragraph_point (f, points[i].paragraph, points[i].x, &x, &y);
      if (i == 0)
        {
          cd_test_xdotool ("mousemove", "--window", f->xid, x, y, "mousedown", "1", NULL);
          cd_test_wait_for (selection_is, &pressed, "the button going down to put the caret where the drag starts");
        }
      else
        cd_test_xdotool ("mousemove", "--window", f->xid, x, y, NULL);
    }
  cd_test_wait_for (selection_is, &selected, "the drag to select");
  cd_test_xdotool ("mouseup", "1", NULL);
}

static void
test_mouse_select_bold (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CdArticle) written = NULL;
  TextPoint points[3] = { { 0, 0 }, { 0, 0 }, { 0, -2 } };

  click_paragraph (f, 0, -4);
  press_keys (f, "End", NULL);
  type_text (f, " and more");
  wait_for_body (f, "the typed words", "Alpha and more", NULL);

  /* A drag from left of the first letter to past the end of the line
   * selects all of it. */
  points[1].x = gtk_widget_get_width (body_view (f)) / 2.0;
  drag_select (f, points, G_N_ELEMENTS (points), (CdEditPos) { 0, 0 }, (CdEditPos) { 0, 14 });
  press_keys (f, "ctrl+b", NULL);
  wait_for_marks (f, 1, "Ctrl+B on the text selected with the mouse");
  assert_strong (cd_article_get_block (cd_window_get_article (f->window), 0), 0, 14);

  written = save_and_read (f);
  assert_strong (cd_article_get_block (written, 0), 0, 14);
}

typedef struct
{
  Fixture    *f;
  const char *mime_type;
} ClipboardWait;

static gboolean
clipboard_offers (gpointer data)
{
  ClipboardWait *wait = data;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (wait->f->window));

  return !gdk_clipboard_is_local (clipboard) &&
         gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), wait->mime_type);
}

/* Another program, xclip, owns the clipboard and offers @contents as
 * @target until the test ends. */
static void
offer_clipboard (Fixture    *f,
                 const char *target,
                 const char *mime_type,
                 const char *contents)
{
  g_autofree char *path = g_build_filename (f->tmp_dir, "clipboard", NULL);
  g_autoptr(GError) error = NULL;
  ClipboardWait wait = { f, mime_type };
  const char *argv[] = { "xclip", "-quiet", "-selection", "clipboard", "-target", target, "-in", path, NULL };

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  f->clipboard_owner = cd_test_spawn_program (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  cd_test_wait_for (clipboard_offers, &wait, "xclip to own the clipboard");
}

static void
test_paste_plain_text (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdArticle) written = NULL;

  offer_clipboard (f, "UTF8_STRING", "text/plain;charset=utf-8",
                   "pasted from elsewhere.\n\nA second paragraph, with ümlauts and عربي.\n");

  click_paragraph (f, 0, -4);
  press_keys (f, "End", "space", "ctrl+v", NULL);
  wait_for_body (f, "Ctrl+V to paste two paragraphs",
                 "Alpha pasted from elsewhere.", "A second paragraph, with ümlauts and عربي.", NULL);

  written = save_and_read (f);
  g_assert_cmpuint (cd_article_get_n_blocks (written), ==, 2);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (written, 1)), ==,
                   "A second paragraph, with ümlauts and عربي.");
}

static void
test_paste_html (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CdArticle) written = NULL;

  /* What a browser's copy holds: markup only. */
  offer_clipboard (f, "text/html", "text/html",
                   "<meta charset=\"utf-8\"><p>Copied from a <b>web page</b>.</p>"
                   "<p>Its second paragraph.</p>");

  click_paragraph (f, 0, -4);
  press_keys (f, "End", "space", "ctrl+v", NULL);
  wait_for_body (f, "Ctrl+V to paste the page's paragraphs",
                 "Alpha Copied from a web page.", "Its second paragraph.", NULL);

  written = save_and_read (f);
  g_assert_cmpuint (cd_article_get_n_blocks (written), ==, 2);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (written, 0)), ==, "Alpha Copied from a web page.");
}

/* --- One text across blocks --------------------------------------------- */

static CdBlock *
window_block (Fixture *f,
              guint    position)
{
  return cd_article_get_block (cd_window_get_article (f->window), position);
}

/* Shift+Down selects from one paragraph into the next; Delete joins
 * what is left of both, as in a word processor; Ctrl+Z brings it back. */
static void
test_shift_down_across (Fixture       *f,
                        gconstpointer  data)
{
  click_paragraph (f, 0, -4);
  press_keys (f, "End", "Return", NULL);
  type_text (f, "Beta");
  press_keys (f, "Return", NULL);
  type_text (f, "Gamma");
  wait_for_body (f, "three paragraphs typed", "Alpha", "Beta", "Gamma", NULL);

  press_keys (f, "ctrl+Home", "Right", "Right", "shift+Down", "shift+End", "Delete", NULL);
  wait_for_body (f, "Delete over the selection across paragraphs", "Al", "Gamma", NULL);

  press_keys (f, "ctrl+z", NULL);
  wait_for_body (f, "Ctrl+Z to bring the paragraphs back", "Alpha", "Beta", "Gamma", NULL);
}

typedef struct
{
  Fixture *f;
  guint    position;
  guint    n_marks;
} BlockMarksWait;

static gboolean
block_has_marks (gpointer data)
{
  BlockMarksWait *wait = data;

  return cd_block_get_marks (window_block (wait->f, wait->position))->len == wait->n_marks;
}

/* A mouse drag from one paragraph into the next selects across them. */
static void
test_mouse_drag_across (Fixture       *f,
                        gconstpointer  data)
{
  const TextPoint points[] = { { 0, 0 }, { 1, -2 } };
  BlockMarksWait wait = { f, 1, 1 };
  CdMark *mark;

  click_paragraph (f, 0, -4);
  press_keys (f, "End", "Return", NULL);
  type_text (f, "Beta words");
  wait_for_body (f, "two paragraphs typed", "Alpha", "Beta words", NULL);

  drag_select (f, points, G_N_ELEMENTS (points), (CdEditPos) { 0, 0 }, (CdEditPos) { 1, 10 });
  press_keys (f, "ctrl+b", NULL);
  cd_test_wait_for (block_has_marks, &wait, "Ctrl+B over the dragged selection");
  assert_strong (window_block (f, 0), 0, 5);
  mark = g_ptr_array_index (cd_block_get_marks (window_block (f, 1)), 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  g_assert_cmpuint (mark->start, ==, 0);
  g_assert_cmpuint (mark->end, ==, 10);
}

static char *
window_article_json (Fixture *f)
{
  g_autoptr(GBytes) bytes = cd_json_write (cd_window_get_article (f->window));

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

typedef struct
{
  Fixture    *f;
  const char *json;
} StoryWait;

static gboolean
story_is (gpointer data)
{
  StoryWait *wait = data;
  g_autofree char *json = window_article_json (wait->f);

  return g_strcmp0 (json, wait->json) == 0;
}

/* Ctrl+A selects the body; Ctrl+X and Ctrl+V give back bold, a link, a
 * photo with its image and an embed, exactly. */
static void
test_cut_paste_everything (Fixture       *f,
                           gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autoptr(CdBlock) last = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GBytes) png = cd_test_png_bytes (5, 300);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GPtrArray) link = cd_marks_new ();
  g_autofree char *before = NULL;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 5, NULL));
  cd_block_set_marks (window_block (f, 0), marks);
  cd_article_set_media (article, "media/quay.png", png);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/quay.png");
  cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "The quay");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://x.com/a/status/1");
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "x");
  g_ptr_array_add (link, cd_mark_new (CD_MARK_LINK, 0, 5, "https://example.org/"));
  cd_block_set_text_and_marks (last, "Omega linked", link);
  cd_article_append_block (article, figure);
  cd_article_append_block (article, embed);
  cd_article_append_block (article, last);
  before = window_article_json (f);

  click_paragraph (f, 0, -4);
  press_keys (f, "ctrl+a", "ctrl+x", NULL);
  wait_for_body (f, "Ctrl+A, Ctrl+X to empty the body", "", NULL);
  press_keys (f, "ctrl+v", NULL);
  {
    StoryWait wait = { f, before };

    cd_test_wait_for (story_is, &wait, "Ctrl+V to give the story back");
  }
}

/* The caret is inside the story column's view, not under its edge. */
static gboolean
caret_visible (gpointer data)
{
  Fixture *f = data;
  GtkTextView *view = _cd_block_editor_get_view (f->editor);
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_VIEWPORT);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle rect;
  GtkTextIter iter;
  graphene_point_t point;
  int x;
  int y;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &x, &y);
  if (!gtk_widget_compute_point (GTK_WIDGET (view), gtk_viewport_get_child (GTK_VIEWPORT (viewport)),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return FALSE;

  return point.y >= gtk_adjustment_get_value (adjustment) &&
         point.y + rect.height <= gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment);
}

typedef struct
{
  Fixture *f;
  guint    min_block;
  guint    max_block;
  gboolean extend;
} CaretWait;

/* The caret is in a block between min_block and max_block, in view; a
 * selection, when @extend, else none. */
static gboolean
caret_between (gpointer data)
{
  CaretWait *wait = data;
  CdEditPos start;
  CdEditPos end;
  gboolean selected;

  _cd_block_editor_get_selection (wait->f->editor, &start, &end);
  selected = start.block != end.block || start.offset != end.offset;
  if (selected != wait->extend)
    return FALSE;

  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (wait->f->editor));
    GtkTextIter iter;
    CdEditPos caret;

    gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    if (!_cd_block_editor_iter_to_pos (wait->f->editor, &iter, &caret))
      return FALSE;

    return caret.block >= wait->min_block && caret.block <= wait->max_block && caret_visible (wait->f);
  }
}

typedef struct
{
  Fixture   *f;
  GtkWidget *widget;
} FocusWait;

static gboolean
focus_inside (gpointer data)
{
  FocusWait *wait = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (wait->f->window));

  return focus != NULL && (focus == wait->widget || gtk_widget_is_ancestor (focus, wait->widget));
}

typedef struct
{
  CdArticle *article;
  guint      n_blocks;
} BlockCountWait;

static gboolean
has_block_count (gpointer data)
{
  BlockCountWait *wait = data;

  /* At least: a key held long on a loaded machine may repeat. */
  return cd_article_get_n_blocks (wait->article) >= wait->n_blocks;
}

/* Typing at the end of a long story, and Enter, keep the caret in view. */
static void
test_caret_stays_visible (Fixture       *f,
                          gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  FocusWait body = { f, body_view (f) };
  CaretWait wait = { f, 0, 0, FALSE };
  guint n;

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_block_set_text (paragraph, "A paragraph of the long story that fills the column.");
      cd_article_append_block (article, paragraph);
    }
  n = cd_article_get_n_blocks (article);

  gtk_widget_grab_focus (body.widget);
  cd_test_wait_for (focus_inside, &body, "the body to have the focus");
  press_keys (f, "ctrl+End", NULL);
  wait.min_block = wait.max_block = n - 1;
  cd_test_wait_for (caret_between, &wait, "Ctrl+End to show the end of the story");
  for (guint i = 0; i < 6; i++)
    {
      press_keys (f, "Return", NULL);
      type_text (f, "More");
    }
  {
    BlockCountWait count = { article, n + 6 };

    cd_test_wait_for (has_block_count, &count, "six paragraphs typed at the end");
  }
  cd_test_wait_for (caret_visible, f, "the caret to stay in view while typing at the end");

  press_keys (f, "ctrl+Home", NULL);
  wait.min_block = wait.max_block = 0;
  cd_test_wait_for (caret_between, &wait, "Ctrl+Home to show the start of the story");
}

/* A run of typing is one undo step; moving the caret starts another. */
static void
test_undo_grouping (Fixture       *f,
                    gconstpointer  data)
{
  click_paragraph (f, 0, -4);
  press_keys (f, "End", NULL);
  type_text (f, " one");
  press_keys (f, "Home", NULL);
  type_text (f, "two ");
  wait_for_body (f, "typing at two places", "two Alpha one", NULL);

  press_keys (f, "ctrl+z", NULL);
  wait_for_body (f, "Ctrl+Z to undo the second run", "Alpha one", NULL);
  press_keys (f, "ctrl+z", NULL);
  wait_for_body (f, "Ctrl+Z to undo the first run", "Alpha", NULL);
}

/* The caret at the body's very start, nothing selected. */
static gboolean
caret_at_start (gpointer data)
{
  Fixture *f = data;
  CdEditPos start;
  CdEditPos end;

  _cd_block_editor_get_selection (f->editor, &start, &end);

  return start.block == 0 && start.offset == 0 && end.block == 0 && end.offset == 0;
}

/* Up from the body's first line reaches the dek; Down from the dateline
 * comes back into the body; Ctrl+End and Ctrl+Home go to its ends. */
static void
test_up_down_fields (Fixture       *f,
                     gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  FocusWait dek = { f, GTK_WIDGET (_cd_story_fields_get_subheadline (fields)) };
  FocusWait body = { f, GTK_WIDGET (_cd_block_editor_get_view (f->editor)) };
  FocusWait place = { f, GTK_WIDGET (_cd_story_fields_get_dateline_place (fields)) };

  click_paragraph (f, 0, -4);
  press_keys (f, "End", "Return", NULL);
  type_text (f, "Beta");
  wait_for_body (f, "a second paragraph", "Alpha", "Beta", NULL);

  press_keys (f, "ctrl+Home", NULL);
  cd_test_wait_for (caret_at_start, f, "Ctrl+Home to put the caret at the body's start");
  cd_test_wait_for (focus_inside, &body, "the caret to stay in the body");

  press_keys (f, "Up", NULL);
  cd_test_wait_for (focus_inside, &dek, "Up to reach the dek");

  gtk_widget_grab_focus (place.widget);
  cd_test_wait_for (focus_inside, &place, "the dateline to have the focus");
  press_keys (f, "Down", NULL);
  cd_test_wait_for (focus_inside, &body, "Down to reach the body");

  press_keys (f, "ctrl+End", NULL);
  type_text (f, "!");
  wait_for_body (f, "typing at the end of the body", "Alpha", "Beta!", NULL);
}

/* Whether some of @widget is in the story column's view. */
static gboolean
widget_in_view (GtkWidget *widget)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  graphene_rect_t bounds;
  double top = gtk_adjustment_get_value (adjustment);

  if (!gtk_widget_compute_bounds (widget, gtk_viewport_get_child (GTK_VIEWPORT (viewport)), &bounds))
    return FALSE;

  return bounds.origin.y < top + gtk_adjustment_get_page_size (adjustment) &&
         bounds.origin.y + bounds.size.height > top;
}

/* Every photo, embed, divider and attribution in the body is mapped,
 * has a size, sits where its anchor is in the text, and is drawn when in
 * view. */
static gboolean
objects_in_place (gpointer data)
{
  Fixture *f = data;
  GtkTextView *view = _cd_block_editor_get_view (f->editor);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GPtrArray) anchors = g_ptr_array_new ();
  GtkTextIter iter;
  guint n_widgets = 0;

  gtk_widget_queue_draw (GTK_WIDGET (f->window));

  /* Looked at before anything asks the text view for a position, which
   * would lay the line out and so hide the fault. */
  for (gtk_text_buffer_get_start_iter (buffer, &iter); !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&iter);
      g_autofree GtkWidget **widgets = NULL;
      guint n;

      if (anchor == NULL)
        continue;

      widgets = gtk_text_child_anchor_get_widgets (anchor, &n);
      for (guint i = 0; i < n; i++)
        {
          if (!gtk_widget_get_mapped (widgets[i]) ||
              gtk_widget_get_width (widgets[i]) < 1 || gtk_widget_get_height (widgets[i]) < 1)
            return FALSE;
          n_widgets++;
        }
      g_ptr_array_add (anchors, anchor);
    }

  for (guint a = 0; a < anchors->len; a++)
    {
      GtkTextChildAnchor *anchor = g_ptr_array_index (anchors, a);
      g_autofree GtkWidget **widgets = NULL;
      GdkRectangle location;
      guint n;
      int x;
      int y;

      gtk_text_buffer_get_iter_at_child_anchor (buffer, &iter, anchor);
      gtk_text_view_get_iter_location (view, &iter, &location);
      gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, location.x, location.y, &x, &y);
      widgets = gtk_text_child_anchor_get_widgets (anchor, &n);
      for (guint i = 0; i < n; i++)
        {
          GtkWidget *row = gtk_widget_get_first_child (widgets[i]);
          graphene_rect_t bounds;

          if (!gtk_widget_compute_bounds (widgets[i], GTK_WIDGET (view), &bounds) ||
              ABS (bounds.origin.y - y) > 1 || ABS (bounds.origin.x - x) > 1)
            return FALSE;
          /* A row in view is drawn, not left out as far from it. */
          if (CD_IS_BLOCK_ROW (row) && widget_in_view (row) && cd_block_row_is_culled (CD_BLOCK_ROW (row)))
            return FALSE;
        }
    }

  /* The sample's embeds, photo, divider and quote attributions. */
  return n_widgets >= 7;
}

/* Ctrl+End in the sample story draws the objects near its end: the
 * YouTube embed and the divider were left as blank space, rows far from
 * the view when the story opened being never told they came near. */
static void
test_ctrl_end_objects (Fixture       *f,
                       gconstpointer  data)
{
  FocusWait body = { f, body_view (f) };
  guint n = cd_article_get_n_blocks (cd_window_get_article (f->window));
  CaretWait end = { f, n - 1, n - 1, FALSE };

  /* The story opens at its top, the lead photo above the body. */
  gtk_widget_grab_focus (body.widget);
  cd_test_wait_for (focus_inside, &body, "the body to have the focus");
  cd_test_wait_for (caret_visible, f, "the body's start to be shown");
  click_paragraph (f, 0, 40);
  press_keys (f, "ctrl+End", NULL);
  cd_test_wait_for (caret_between, &end, "Ctrl+End to show the end of the story");
  cd_test_wait_for (objects_in_place, f, "every object of the body to be laid out at its anchor");
}

static gboolean
column_is_long (gpointer data)
{
  return gtk_adjustment_get_upper (data) > 3 * gtk_adjustment_get_page_size (data);
}

/* Page Down and Up move the caret by about a screen of the long story,
 * not to its end or within one paragraph, and keep it in view. */
static void
test_page_up_down (Fixture       *f,
                   gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  GtkWidget *viewport = gtk_widget_get_ancestor (body_view (f), GTK_TYPE_VIEWPORT);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  CaretWait wait = { f, 0, 1, FALSE };
  FocusWait body = { f, body_view (f) };
  guint n;

  for (guint i = 0; i < 150; i++)
    {
      g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_block_set_text (paragraph, "A paragraph of the long story that fills the column.");
      cd_article_append_block (article, paragraph);
    }
  n = cd_article_get_n_blocks (article);
  /* A screen shows far fewer than the story's paragraphs. */
  cd_test_wait_for (column_is_long, adjustment, "the long story to be laid out");

  /* Ctrl+Home, not a click: where the story's start is on screen moves
   * while the long story is still being laid out. */
  gtk_widget_grab_focus (body.widget);
  cd_test_wait_for (focus_inside, &body, "the body to have the focus");
  press_keys (f, "ctrl+Home", NULL);
  cd_test_wait_for (caret_between, &wait, "Ctrl+Home to put the caret at the story's start");

  press_keys (f, "Next", NULL);
  wait.min_block = 3;
  wait.max_block = n / 2;
  cd_test_wait_for (caret_between, &wait, "Page Down to move the caret a screen down");

  press_keys (f, "Next", NULL);
  wait.min_block = 6;
  wait.max_block = n - 2;
  cd_test_wait_for (caret_between, &wait, "a second Page Down to move it further");

  press_keys (f, "Prior", NULL);
  wait.min_block = 3;
  wait.max_block = n / 2;
  cd_test_wait_for (caret_between, &wait, "Page Up to move it a screen back up");

  press_keys (f, "shift+Prior", NULL);
  wait.min_block = 0;
  wait.max_block = 3;
  wait.extend = TRUE;
  cd_test_wait_for (caret_between, &wait, "Shift+Page Up to select up to the first screen");
}

typedef struct
{
  Fixture *f;
  guint    position;
} LineWait;

/* Block @position's first line, as the window last drew it, shows
 * something other than the column's background. */
static gboolean
line_drawn (gpointer data)
{
  LineWait *wait = data;
  GtkWidget *window = GTK_WIDGET (wait->f->window);
  GtkWidget *view = body_view (wait->f);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GdkRectangle line;
  graphene_point_t point;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  gsize stride = 4 * (gsize) width;
  guint inked = 0;

  block_line (wait->f, wait->position, &line);
  if (!gtk_widget_compute_point (view, window, &GRAPHENE_POINT_INIT (0, line.y), &point) ||
      point.y < 0 || point.y + line.height > height)
    return FALSE;

  texture = cd_test_widget_texture (window);
  if (texture == NULL)
    return FALSE;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  for (int y = (int) point.y; y < (int) point.y + line.height; y++)
    {
      const guchar *row = pixels + y * stride;
      int left = MAX (0, (int) point.x);
      int right = MIN (width, (int) point.x + gtk_widget_get_width (view));

      for (int x = left + 1; x < right; x++)
        {
          const guchar *a = row + 4 * left;
          const guchar *b = row + 4 * x;

          if (ABS (a[0] - b[0]) + ABS (a[1] - b[1]) + ABS (a[2] - b[2]) > 96)
            inked++;
        }
    }

  return inked > 20;
}

static double
scroll_value (Fixture *f)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (body_view (f), GTK_TYPE_VIEWPORT);

  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)));
}

typedef struct
{
  Fixture *f;
  double   from;
} ScrollWait;

static gboolean
scrolled_from (gpointer data)
{
  ScrollWait *wait = data;

  return scroll_value (wait->f) != wait->from;
}

static gboolean
scrolled_to_end (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1;
}

/* Every photo row in the story column's view sits on its anchor's line
 * as the text's own line heights place it; judged without asking the
 * view for a position, which would lay the line out anew. */
static gboolean
rows_on_their_lines (gpointer data)
{
  Fixture *f = data;
  GtkTextView *view = _cd_block_editor_get_view (f->editor);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  guint n_in_view = 0;
  GtkTextIter iter;

  for (gtk_text_buffer_get_start_iter (buffer, &iter); !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&iter);
      g_autofree GtkWidget **widgets = NULL;
      guint n;
      int line_y;
      int line_height;
      int top;
      int bottom;

      if (anchor == NULL)
        continue;

      widgets = gtk_text_child_anchor_get_widgets (anchor, &n);
      gtk_text_view_get_line_yrange (view, &iter, &line_y, &line_height);
      gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, line_y, NULL, &top);
      bottom = top + line_height;
      for (guint i = 0; i < n; i++)
        {
          graphene_rect_t bounds;

          if (!widget_in_view (widgets[i]))
            continue;
          if (!gtk_widget_compute_bounds (widgets[i], GTK_WIDGET (view), &bounds) ||
              bounds.origin.y < top - 1 || bounds.origin.y + bounds.size.height > bottom + 1)
            return FALSE;
          n_in_view++;
        }
    }

  return n_in_view > 0;
}

/* The wheel scrolls a long story to its end with the caret left at the
 * top: the body draws only what is near the view, and draws the end of
 * the story once the view has got there, with its photos where they
 * belong. */
static void
test_wheel_draws_text (Fixture       *f,
                       gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  GtkWidget *viewport = gtk_widget_get_ancestor (body_view (f), GTK_TYPE_VIEWPORT);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  g_autoptr(GBytes) png = cd_test_png_bytes (7, 300);
  LineWait first = { f, 0 };
  LineWait last = { f, 0 };
  g_autofree char *px = NULL;
  g_autofree char *py = NULL;

  cd_article_set_media (article, "media/quay.png", png);
  for (guint i = 1; i <= 300; i++)
    {
      g_autoptr(CdBlock) block = NULL;

      if (i % 25 == 0)
        {
          block = cd_block_new (CD_BLOCK_FIGURE);
          cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "media/quay.png");
          cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "The quay at dawn");
        }
      else
        {
          g_autoptr(GString) text = g_string_new (NULL);

          /* Paragraphs of one to six lines, as a story has them. */
          for (guint words = 0; words < 8 + (i * 37) % 60; words++)
            g_string_append (text, words == 0 ? "Paragraph" : " of the long story");
          g_string_append_c (text, '.');
          block = cd_block_new (CD_BLOCK_PARAGRAPH);
          cd_block_set_text (block, text->str);
        }
      cd_article_append_block (article, block);
    }
  last.position = cd_article_get_n_blocks (article) - 1;
  cd_test_wait_for (column_is_long, adjustment, "the long story to be laid out");
  cd_test_wait_for (line_drawn, &first, "the story's first paragraph to be drawn");

  paragraph_point (f, 0, 40, &px, &py);
  cd_test_xdotool ("mousemove", "--window", f->xid, px, py, NULL);
  for (guint turns = 0; !scrolled_to_end (adjustment); turns++)
    {
      ScrollWait wait = { f, scroll_value (f) };

      g_assert_cmpuint (turns, <, 400);
      cd_test_xdotool ("click", "--repeat", "5", "--delay", "20", "5", NULL);
      cd_test_wait_for (scrolled_from, &wait, "the wheel to scroll the story column");
    }

  cd_test_wait_for (line_drawn, &last, "the story's last paragraph to be drawn once scrolled to");
  cd_test_wait_for (rows_on_their_lines, f, "the photos in view to sit on their lines");
}

/* "## " at the start of a new paragraph makes a subheading. */
static void
test_markdown_heading (Fixture       *f,
                       gconstpointer  data)
{
  click_paragraph (f, 0, -4);
  press_keys (f, "End", "Return", NULL);
  type_text (f, "## Harbour");
  wait_for_body (f, "the subheading's words", "Alpha", "Harbour", NULL);
  g_assert_cmpint (cd_block_get_block_type (window_block (f, 1)), ==, CD_BLOCK_HEADING);
  g_assert_cmpuint (cd_block_get_level (window_block (f, 1)), ==, 2);
}

/* --- Drag and drop ------------------------------------------------------ */

/* Where offset @offset of block @position is in the window, halfway
 * down its line. */
static void
offset_point (Fixture  *f,
              guint     position,
              guint     offset,
              char    **px,
              char    **py)
{
  GtkTextView *view = GTK_TEXT_VIEW (body_view (f));
  CdEditPos pos = { position, offset };
  GdkRectangle rect;
  GtkTextIter iter;

  _cd_block_editor_pos_to_iter (f->editor, pos, &iter);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &rect.x, &rect.y);
  cd_test_native_point (GTK_WIDGET (view), rect.x + 1, rect.y + rect.height / 2.0, px, py);
}

/* The one caret drawn in the body is the caret: no drop caret is left
 * behind. */
static gboolean
one_caret_drawn (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (f->editor));
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      g_autoptr(GSList) marks = gtk_text_iter_get_marks (&iter);

      for (GSList *l = marks; l != NULL; l = l->next)
        if (gtk_text_mark_get_visible (l->data) && l->data != gtk_text_buffer_get_insert (buffer))
          return FALSE;
    }
  while (gtk_text_iter_forward_char (&iter));

  return TRUE;
}

typedef struct
{
  CdTestPredicate  predicate;
  gpointer         data;
  gint64           until;
} SoonWait;

/* Whether the awaited thing holds, or it is time to look again. */
static gboolean
holds_or_time_is_up (gpointer data)
{
  SoonWait *wait = data;

  return wait->predicate (wait->data) || g_get_monotonic_time () > wait->until;
}

/* Moves the pointer to @x,@y in window @xid and keeps nudging it there,
 * a pixel down and back, until @predicate holds. A drag only sees the
 * positions that come after it has started, and when it starts depends
 * on how busy the machine is: the drag is walked on as its own events
 * say, not after fixed pauses. */
static void
move_until (const char      *xid,
            const char      *x,
            const char      *y,
            CdTestPredicate  predicate,
            gpointer         data,
            const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + CD_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  for (guint i = 0; !predicate (data) && g_get_monotonic_time () < deadline; i++)
    {
      g_autofree char *nudged = g_strdup_printf ("%d", atoi (y) + (int) (i % 2));
      SoonWait wait = { predicate, data, g_get_monotonic_time () + G_USEC_PER_SEC / 5 };

      cd_test_xdotool ("mousemove", "--window", xid, x, nudged, NULL);
      cd_test_wait_for (holds_or_time_is_up, &wait, what);
    }
  cd_test_wait_for (predicate, data, what);
}

/* The body is dragging its own selection: its drop target has seen it. */
static gboolean
own_drag_seen (gpointer data)
{
  return ((Fixture *) data)->editor->drag_start != NULL;
}

typedef struct
{
  Fixture   *f;
  CdEditPos  pos;
} DropWait;

/* The drop caret is drawn at the awaited place: a release now drops
 * there. */
static gboolean
drop_caret_at (gpointer data)
{
  DropWait *wait = data;
  CdBlockEditor *editor = wait->f->editor;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (editor));
  GtkTextIter iter;
  CdEditPos pos;

  if (editor->drop_mark == NULL || !gtk_text_mark_get_visible (editor->drop_mark))
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, editor->drop_mark);

  return _cd_block_editor_iter_to_pos (editor, &iter, &pos) &&
         pos.block == wait->pos.block && pos.offset == wait->pos.offset;
}

/* Presses the pointer at @x1,@y1, drags the selection under it to
 * @x2,@y2 (Ctrl held on the way when @copy) and lets go once the drop
 * caret shows at @to. */
static void
drag_pointer (Fixture    *f,
              const char *x1,
              const char *y1,
              const char *x2,
              const char *y2,
              CdEditPos   to,
              gboolean    copy)
{
  g_autofree char *xm = g_strdup_printf ("%d", (atoi (x1) + atoi (x2)) / 2);
  DropWait over = { f, to };

  cd_test_xdotool ("mousemove", "--window", f->xid, x1, y1, "mousedown", "1", NULL);
  move_until (f->xid, xm, y1, own_drag_seen, f, "the drag of the selection to start");
  if (copy)
    cd_test_xdotool ("keydown", "ctrl", NULL);
  move_until (f->xid, x2, y2, drop_caret_at, &over, "the drop caret at the drag's end");
  cd_test_xdotool ("mouseup", "1", NULL);
  if (copy)
    cd_test_xdotool ("keyup", "ctrl", NULL);
}

/* " beta" of the first paragraph is selected. */
static gboolean
word_selected (gpointer data)
{
  Fixture *f = data;
  CdEditPos start;
  CdEditPos end;

  return _cd_block_editor_get_selection (f->editor, &start, &end) &&
         start.block == 0 && start.offset == 5 && end.block == 0 && end.offset == 10;
}

/* Selects " beta" in the first paragraph, as the keys would: what is
 * tested is the drag. */
static void
select_word (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_cd_block_editor_get_view (f->editor));
  CdEditPos from = { 0, 5 };
  CdEditPos to = { 0, 10 };
  GtkTextIter start;
  GtkTextIter end;

  _cd_block_editor_pos_to_iter (f->editor, from, &start);
  _cd_block_editor_pos_to_iter (f->editor, to, &end);
  gtk_text_buffer_select_range (buffer, &end, &start);
  cd_test_wait_for (word_selected, f, "\" beta\" to be selected");
}

static void
assert_block_mark (CdBlock    *block,
                   CdMarkType  type,
                   guint       start,
                   guint       end)
{
  GPtrArray *marks = cd_block_get_marks (block);
  CdMark *mark;

  g_assert_cmpuint (marks->len, ==, 1);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpint (mark->type, ==, type);
  g_assert_cmpuint (mark->start, ==, start);
  g_assert_cmpuint (mark->end, ==, end);
}

/* A selected bold word dragged to the end of the next paragraph moves
 * there, bold, with a space before it and none left twice behind; no
 * drop caret is left drawn; one Ctrl+Z puts it back. With Ctrl held the
 * drag copies. */
static void
test_drag_moves_text (Fixture       *f,
                      gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  g_autoptr(CdBlock) second = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autofree char *x1 = NULL;
  g_autofree char *y1 = NULL;
  g_autofree char *x2 = NULL;
  g_autofree char *y2 = NULL;
  g_autoptr(CdArticle) written = NULL;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 6, 10, NULL));
  cd_block_set_text_and_marks (window_block (f, 0), "Alpha beta gamma.", marks);
  cd_block_set_text (second, "Delta epsilon.");
  cd_article_append_block (article, second);

  click_paragraph (f, 0, -4);
  select_word (f);
  /* From inside the selected word to the end of the second paragraph. */
  offset_point (f, 0, 8, &x1, &y1);
  paragraph_point (f, 1, -4, &x2, &y2);
  drag_pointer (f, x1, y1, x2, y2, (CdEditPos) { 1, strlen ("Delta epsilon.") }, FALSE);
  wait_for_body (f, "the drag to move the word", "Alpha gamma.", "Delta epsilon. beta", NULL);
  assert_block_mark (window_block (f, 1), CD_MARK_STRONG, 15, 19);
  g_assert_cmpuint (cd_block_get_marks (window_block (f, 0))->len, ==, 0);
  g_assert_true (one_caret_drawn (f));

  written = save_and_read (f);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (written, 1)), ==, "Delta epsilon. beta");

  press_keys (f, "ctrl+z", NULL);
  wait_for_body (f, "one Ctrl+Z to undo the move", "Alpha beta gamma.", "Delta epsilon.", NULL);
  assert_block_mark (window_block (f, 0), CD_MARK_STRONG, 6, 10);

  /* The first click after a drag puts the caret where it is (the drag's
   * press used to swallow it). */
  click_paragraph (f, 0, -4);
  {
    CaretWait wait = { f, 0, 0, FALSE };

    cd_test_wait_for (caret_between, &wait, "the click after the drag to place the caret");
  }

  /* Ctrl held: the word is copied to the start of the second paragraph. */
  select_word (f);
  g_clear_pointer (&x2, g_free);
  g_clear_pointer (&y2, g_free);
  offset_point (f, 1, 0, &x2, &y2);
  drag_pointer (f, x1, y1, x2, y2, (CdEditPos) { 1, 0 }, TRUE);
  wait_for_body (f, "the Ctrl drag to copy the word", "Alpha beta gamma.", "beta Delta epsilon.", NULL);
  assert_block_mark (window_block (f, 0), CD_MARK_STRONG, 6, 10);
  assert_block_mark (window_block (f, 1), CD_MARK_STRONG, 0, 4);
  g_assert_true (one_caret_drawn (f));
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *label;
  char      *xid;
} DragSource;

/* A small window of its own (another place on the screen, as another
 * program's would be) from which the pointer drags @content. */
static void
drag_source_show (Fixture            *f,
                  DragSource         *source,
                  GdkContentProvider *content)
{
  GtkDragSource *drag = gtk_drag_source_new ();

  source->window = gtk_window_new ();
  source->label = gtk_label_new ("Drag this");
  gtk_widget_set_size_request (source->label, 160, 80);
  gtk_drag_source_set_content (drag, content);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  gtk_widget_add_controller (source->label, GTK_EVENT_CONTROLLER (drag));
  gtk_window_set_child (GTK_WINDOW (source->window), source->label);
  gtk_window_present (GTK_WINDOW (source->window));
  cd_test_wait_for (widget_laid_out, source->label, "the drag source to show");
  source->xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
                                   gtk_native_get_surface (GTK_NATIVE (source->window))));
  /* Beside the story's column, above the window. */
  cd_test_xdotool ("windowmove", "--sync", source->xid, "1700", "900", "windowraise", source->xid, NULL);
}

static void
drag_source_close (DragSource *source)
{
  gtk_window_destroy (GTK_WINDOW (source->window));
  g_free (source->xid);
}

/* Drags @content from a window of its own onto the body at offset
 * @offset of block @position. */
static void
drop_on_body (Fixture            *f,
              GdkContentProvider *content,
              guint               position,
              guint               offset)
{
  DragSource source = { NULL };
  g_autofree char *x2 = NULL;
  g_autofree char *y2 = NULL;
  g_autofree char *xm = NULL;

  CdEditPos pos = { position, offset };

  /* The drop point in view. */
  gtk_widget_grab_focus (GTK_WIDGET (_cd_block_editor_get_view (f->editor)));
  _cd_block_editor_place_caret (f->editor, pos);
  cd_test_wait_for (caret_visible, f, "the drop point to be in view");
  offset_point (f, position, offset, &x2, &y2);
  drag_source_show (f, &source, content);
  xm = g_strdup_printf ("%d", atoi (x2) + 30);
  cd_test_xdotool ("mousemove", "--window", source.xid, "80", "40", "mousedown", "1",
           "sleep", "0.2", "mousemove", "--window", source.xid, "60", "30",
           "sleep", "0.2", "mousemove", "--window", f->xid, xm, y2,
           "sleep", "0.2", "mousemove", "--window", f->xid, x2, y2,
           "sleep", "0.3", "mouseup", "1", "sleep", "0.2", NULL);
  drag_source_close (&source);
  cd_test_xdotool ("windowfocus", "--sync", f->xid, NULL);
  cd_test_wait_for (window_active, f, "the window to have the focus again");
}

typedef struct
{
  Fixture     *f;
  guint        position;
  CdBlockType  type;
} TypeWait;

static gboolean
block_has_type (gpointer data)
{
  TypeWait *wait = data;
  CdArticle *article = cd_window_get_article (wait->f->window);

  return wait->position < cd_article_get_n_blocks (article) &&
         cd_block_get_block_type (cd_article_get_block (article, wait->position)) == wait->type;
}

/* Dropped on the body from another window: a post's address (as
 * text/uri-list, and as plain text) makes an embed at the drop point,
 * any other address goes into the text as a link, an image file makes
 * a photo. */
static void
test_drop_urls (Fixture       *f,
                gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  g_autoptr(CdBlock) second = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GBytes) uris = g_bytes_new_static ("https://x.com/desk/status/12345\r\n", 33);
  g_autoptr(GdkContentProvider) post = gdk_content_provider_new_for_bytes ("text/uri-list", uris);
  g_autoptr(GdkContentProvider) video = gdk_content_provider_new_typed (G_TYPE_STRING,
                                                                         "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  g_autoptr(GdkContentProvider) page = gdk_content_provider_new_typed (G_TYPE_STRING, "https://example.org/report");
  g_autoptr(GdkContentProvider) image = NULL;
  g_autoptr(GBytes) png = cd_test_png_bytes (40, 300);
  g_autofree char *png_path = g_build_filename (f->tmp_dir, "harbour.png", NULL);
  g_autofree char *png_uri = NULL;
  g_autofree char *png_list = NULL;
  g_autoptr(GBytes) png_uris = NULL;
  g_autoptr(GError) error = NULL;
  TypeWait wait = { f, 1, CD_BLOCK_EMBED };
  CdBlock *block;

  cd_block_set_text (second, "Delta epsilon.");
  cd_article_append_block (article, second);
  click_paragraph (f, 0, -4);

  /* A post's address on "Alpha" goes in after it, as an embed. */
  drop_on_body (f, post, 0, 3);
  cd_test_wait_for (block_has_type, &wait, "the dropped post to become an embed");
  block = window_block (f, 1);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER), ==, "x");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_URL), ==, "https://x.com/desk/status/12345");
  g_assert_cmpstr (cd_block_get_text (window_block (f, 0)), ==, "Alpha");
  g_assert_cmpstr (cd_block_get_text (window_block (f, 2)), ==, "Delta epsilon.");
  g_assert_true (one_caret_drawn (f));

  /* A video's address as plain text, at the start of "Delta": before it. */
  wait.position = 2;
  drop_on_body (f, video, 2, 0);
  cd_test_wait_for (block_has_type, &wait, "the dropped video address to become an embed");
  g_assert_cmpstr (cd_block_get_field (window_block (f, 2), CD_BLOCK_FIELD_PROVIDER), ==, "youtube");
  g_assert_cmpstr (cd_block_get_text (window_block (f, 3)), ==, "Delta epsilon.");

  /* Any other address is linked text, not glued to the word before. */
  drop_on_body (f, page, 3, 5);
  wait_for_body (f, "the dropped address to be linked text",
                 "Alpha", "", "", "Delta https://example.org/report epsilon.", NULL);
  assert_block_mark (window_block (f, 3), CD_MARK_LINK, 6, 32);
  g_assert_cmpstr (((CdMark *) g_ptr_array_index (cd_block_get_marks (window_block (f, 3)), 0))->href, ==,
                   "https://example.org/report");

  /* An image file makes a photo after the block it is dropped on. */
  g_assert_true (g_file_set_contents (png_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error));
  g_assert_no_error (error);
  png_uri = g_filename_to_uri (png_path, NULL, &error);
  g_assert_no_error (error);
  png_list = g_strconcat (png_uri, "\r\n", NULL);
  png_uris = g_bytes_new (png_list, strlen (png_list));
  image = gdk_content_provider_new_for_bytes ("text/uri-list", png_uris);
  wait.position = 1;
  wait.type = CD_BLOCK_FIGURE;
  drop_on_body (f, image, 0, 2);
  cd_test_wait_for (block_has_type, &wait, "the dropped image to become a photo");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 5);
}

/* --- Find ---------------------------------------------------------------- */

#define FIND_MATCH_TAG   "cd-find-match"
#define FIND_CURRENT_TAG "cd-find-current"

/* The text of @buffer under the find bar's highlights, "|" between. */
static char *
highlighted (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *match = gtk_text_tag_table_lookup (table, FIND_MATCH_TAG);
  GtkTextTag *current = gtk_text_tag_table_lookup (table, FIND_CURRENT_TAG);
  GString *out = g_string_new (NULL);
  GtkTextIter iter;
  gboolean inside = FALSE;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      gboolean lit = (match != NULL && gtk_text_iter_has_tag (&iter, match)) ||
                     (current != NULL && gtk_text_iter_has_tag (&iter, current));

      if (lit && !inside && out->len > 0)
        g_string_append_c (out, '|');
      if (lit && !gtk_text_iter_is_end (&iter))
        g_string_append_unichar (out, gtk_text_iter_get_char (&iter));
      inside = lit;
    }
  while (gtk_text_iter_forward_char (&iter));

  return g_string_free (out, FALSE);
}

typedef struct
{
  GtkTextBuffer *buffer;
  const char    *expected;
} HighlightWait;

static gboolean
highlights_are (gpointer data)
{
  HighlightWait *wait = data;
  g_autofree char *got = highlighted (wait->buffer);

  return g_strcmp0 (got, wait->expected) == 0;
}

static void
wait_for_highlights (GtkTextBuffer *buffer,
                     const char    *expected,
                     const char    *what)
{
  HighlightWait wait = { buffer, expected };

  cd_test_wait_for (highlights_are, &wait, what);
}

static gboolean
selected_text_is (gpointer data)
{
  HighlightWait *wait = data;
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  if (!gtk_text_buffer_get_selection_bounds (wait->buffer, &start, &end))
    return FALSE;
  text = gtk_text_iter_get_slice (&start, &end);

  return g_strcmp0 (text, wait->expected) == 0;
}

static gboolean
row_in_view (gpointer data)
{
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (data)));

  return widget_in_view (data);
}

/* Ctrl+F highlights the matches in the body's text, a list, a photo's
 * caption and a post's words, not only in the headline; Enter steps to
 * each, selecting it where it is and scrolling it into view. */
static void
test_find_highlights_body (Fixture       *f,
                           gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  GtkTextBuffer *body = gtk_text_view_get_buffer (_cd_block_editor_get_view (f->editor));
  g_autoptr(CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  GtkWidget *caption;
  GtkWidget *words;
  HighlightWait wait;

  cd_block_set_text (window_block (f, 0), "The Harbour wall held.");
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_block_set_text (paragraph, "A paragraph of the long story that fills the column.");
      cd_article_append_block (article, paragraph);
    }
  cd_edit_set_text (list, "Pumps\nThe harbour master", NULL);
  cd_article_append_block (article, list);
  cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "Boats in the harbour at dusk");
  cd_article_append_block (article, figure);
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://x.com/a/status/1");
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "x");
  cd_block_set_field (embed, CD_BLOCK_FIELD_TEXT, "Harbour closed\nuntil Monday");
  cd_article_append_block (article, embed);
  caption = cd_block_row_get_entry (_cd_block_editor_get_block_widget (f->editor, figure), CD_BLOCK_FIELD_CAPTION);
  words = cd_block_row_get_entry (_cd_block_editor_get_block_widget (f->editor, embed), CD_BLOCK_FIELD_TEXT);

  click_paragraph (f, 0, -4);
  press_keys (f, "ctrl+f", NULL);
  type_text (f, "harbour");
  wait_for_highlights (body, "Harbour|harbour", "the body's matches to be highlighted");
  wait_for_highlights (gtk_text_view_get_buffer (GTK_TEXT_VIEW (caption)), "harbour",
                       "the caption's match to be highlighted");
  wait_for_highlights (gtk_text_view_get_buffer (GTK_TEXT_VIEW (words)), "Harbour",
                       "the post's match to be highlighted");

  /* Enter: the next match, the list item's far down the story, selected
   * and in view. */
  press_keys (f, "Return", NULL);
  wait = (HighlightWait) { body, "harbour" };
  cd_test_wait_for (selected_text_is, &wait, "Enter to select the list's match");
  {
    GtkTextIter start;
    CdEditPos pos;

    gtk_text_buffer_get_iter_at_mark (body, &start, gtk_text_buffer_get_selection_bound (body));
    g_assert_true (_cd_block_editor_iter_to_pos (f->editor, &start, &pos));
    g_assert_cmpuint (pos.block, ==, 41);
  }
  cd_test_wait_for (caret_visible, f, "the list's match to be scrolled into view");

  /* Then the caption's, selected in the caption. */
  press_keys (f, "Return", NULL);
  wait = (HighlightWait) { gtk_text_view_get_buffer (GTK_TEXT_VIEW (caption)), "harbour" };
  cd_test_wait_for (selected_text_is, &wait, "Enter to select the caption's match");
  cd_test_wait_for (row_in_view, caption, "the caption to be scrolled into view");

  /* Then the post's words, and round to the top of the body. */
  press_keys (f, "Return", NULL);
  wait = (HighlightWait) { gtk_text_view_get_buffer (GTK_TEXT_VIEW (words)), "Harbour" };
  cd_test_wait_for (selected_text_is, &wait, "Enter to select the post's match");
  press_keys (f, "Return", NULL);
  wait = (HighlightWait) { body, "Harbour" };
  cd_test_wait_for (selected_text_is, &wait, "Enter to come round to the first match");
  cd_test_wait_for (caret_visible, f, "the first match to be scrolled into view");

  /* Escape: no highlight is left. */
  press_keys (f, "Escape", NULL);
  wait_for_highlights (body, "", "closing the bar to take the highlights away");
  wait_for_highlights (gtk_text_view_get_buffer (GTK_TEXT_VIEW (caption)), "",
                       "closing the bar to take the caption's highlight away");
}

/* --- The preview's focus ------------------------------------------------ */

static gboolean
focus_in_preview (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *preview = GTK_WIDGET (_cd_window_get_preview (f->window));

  return focus != NULL && (focus == preview || gtk_widget_is_ancestor (focus, preview));
}

/* The screen's pixels along the inside of the preview's top edge, as X
 * shows them, read with another program. */
static GBytes *
preview_edge_pixels (Fixture *f)
{
  GtkWidget *preview = GTK_WIDGET (_cd_window_get_preview (f->window));
  g_autofree char *path = g_build_filename (f->tmp_dir, "screen.png", NULL);
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "import", "-window", "root", path, NULL };
  int width = gtk_widget_get_width (preview);
  guchar *pixels;
  gsize stride;
  int x;
  int y;

  cd_test_native_point (preview, 0, 1, &x_text, &y_text);
  x = atoi (x_text);
  y = atoi (y_text);
  cd_test_run_program (argv);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);

  stride = gdk_texture_get_width (texture) * 4;
  pixels = g_malloc (stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, pixels, stride);
  {
    GBytes *row = g_bytes_new (pixels + y * stride + x * 4, (width - 40) * 4);

    g_free (pixels);
    return row;
  }
}

/* F6 from the body moves the focus into the preview, and the preview
 * then shows it: its edge is drawn with the focus ring. */
static void
test_preview_focus_ring (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  click_paragraph (f, 0, -4);
  /* The story's preview is loaded and drawn before it is looked at. */
  cd_test_wait_for (preview_settled, _cd_window_get_preview (f->window), "the preview to show the story");
  /* Once the page has stopped changing. */
  before = preview_edge_pixels (f);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GBytes) again = NULL;

      g_usleep (G_USEC_PER_SEC / 4);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      again = preview_edge_pixels (f);
      if (g_bytes_equal (again, before))
        break;
      g_bytes_unref (before);
      before = g_steal_pointer (&again);
    }

  press_keys (f, "F6", NULL);
  cd_test_wait_for (focus_in_preview, f, "F6 to move the focus into the preview");
  /* A frame for the ring. */
  {
    g_autofree char *x = NULL;
    g_autofree char *y = NULL;

    cd_test_native_point (GTK_WIDGET (_cd_window_get_preview (f->window)), 0, 1, &x, &y);
  }
  after = preview_edge_pixels (f);
  g_assert_false (g_bytes_equal (before, after));

}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  state_dir = cd_test_isolate_state ("copydesk-real-input-state-XXXXXX");
  cd_test_input_init (&argc, &argv);
  cd_test_require_program ("xclip");

  /* The real application, for its accelerators; off the bus name, which
   * a registered application never gives back. */
  app = cd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  /* The drags come first. After a dozen windows have come and gone in
   * this process, a drag of the editor's own selection under Xvfb has
   * at times never reached its drop target (the pointer over no window
   * by X's account), and so has a drag from another window after that
   * one: meson runs drop-urls in a process of its own. */
  g_test_add ("/ui/real-input/drag-moves-text", Fixture, NULL,
              fixture_set_up, test_drag_moves_text, fixture_tear_down);
  g_test_add ("/ui/real-input/drop-urls", Fixture, NULL,
              fixture_set_up, test_drop_urls, fixture_tear_down);
  g_test_add ("/ui/real-input/type-enter-backspace", Fixture, NULL,
              fixture_set_up, test_type_enter_backspace, fixture_tear_down);
  g_test_add ("/ui/real-input/shift-select-bold-undo", Fixture, NULL,
              fixture_set_up, test_shift_select_bold_undo, fixture_tear_down);
  g_test_add ("/ui/real-input/mouse-select-bold", Fixture, NULL,
              fixture_set_up, test_mouse_select_bold, fixture_tear_down);
  g_test_add ("/ui/real-input/paste-plain-text", Fixture, NULL,
              fixture_set_up, test_paste_plain_text, fixture_tear_down);
  g_test_add ("/ui/real-input/paste-html", Fixture, NULL,
              fixture_set_up, test_paste_html, fixture_tear_down);
  g_test_add ("/ui/real-input/shift-down-across", Fixture, NULL,
              fixture_set_up, test_shift_down_across, fixture_tear_down);
  g_test_add ("/ui/real-input/mouse-drag-across", Fixture, NULL,
              fixture_set_up, test_mouse_drag_across, fixture_tear_down);
  g_test_add ("/ui/real-input/cut-paste-everything", Fixture, NULL,
              fixture_set_up, test_cut_paste_everything, fixture_tear_down);
  g_test_add ("/ui/real-input/caret-stays-visible", Fixture, NULL,
              fixture_set_up, test_caret_stays_visible, fixture_tear_down);
  g_test_add ("/ui/real-input/undo-grouping", Fixture, NULL,
              fixture_set_up, test_undo_grouping, fixture_tear_down);
  g_test_add ("/ui/real-input/up-down-fields", Fixture, NULL,
              fixture_set_up, test_up_down_fields, fixture_tear_down);
  g_test_add ("/ui/real-input/markdown-heading", Fixture, NULL,
              fixture_set_up, test_markdown_heading, fixture_tear_down);
  g_test_add ("/ui/real-input/page-up-down", Fixture, NULL,
              fixture_set_up, test_page_up_down, fixture_tear_down);
  g_test_add ("/ui/real-input/wheel-draws-text", Fixture, NULL,
              fixture_set_up, test_wheel_draws_text, fixture_tear_down);
  g_test_add ("/ui/real-input/find-highlights-body", Fixture, NULL,
              fixture_set_up, test_find_highlights_body, fixture_tear_down);
  g_test_add ("/ui/real-input/preview-focus-ring", Fixture, NULL,
              fixture_set_up, test_preview_focus_ring, fixture_tear_down);
  g_test_add ("/ui/real-input/ctrl-end-objects", Fixture, g_getenv ("COPYDESK_SAMPLE_ARTICLE"),
              fixture_set_up, test_ctrl_end_objects, fixture_tear_down);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_rmdir (state_dir);

  return status;
}
