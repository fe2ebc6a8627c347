/* test-spell.c: spell checking in the window, with the Debian dictionaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first test goes the way a person does: real X key and pointer
 * events from xdotool type a misspelled word into the headline,
 * right-click it, pick the first suggestion from the context menu and
 * save with Ctrl+S; the saved file is read back with the core reader.
 * The others drive the window through its widgets and actions: every
 * field underlined, the story dictionary, the Check Spelling panel (F7),
 * the status bar and Preferences.
 *
 * With COPYDESK_SPELL_SCREENSHOTS set to a folder, the window and the
 * panel are saved there as PNG files to look at.
 */

#define G_LOG_DOMAIN "test-spell"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <string.h>

#include "cd-application.h"
#include "cd-block-editor-private.h"
#include "cd-block-row.h"
#include "cd-details-panel-private.h"
#include "cd-preferences-window-private.h"
#include "cd-spell-panel.h"
#include "cd-story-fields-private.h"
#include "cd-test-input.h"
#include "cd-test-utils.h"
#include "cd-lead-photo-editor.h"
#include "cd-window-private.h"

static CdApplication *app;

typedef struct
{
  char          *tmp_dir;
  GFile         *file;
  CdWindow      *window;
  char          *xid;
} Fixture;

static const char story_json[] =
  "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"en\","
  " \"headline\": \"Mayor will recieve the keys\","
  " \"subheadline\": \"The goverment said so\","
  " \"bylines\": [{\"name\": \"Jane Roe\", \"title\": \"Staff reportr\"}],"
  " \"dateline\": {\"place\": \"WASHNGTON\", \"date\": \"2024-05-14\"},"
  " \"notes\": \"Check the spellling\","
  " \"lead\": {\"type\": \"figure\", \"id\": \"lead\", \"src\": \"https://example.org/l.jpg\","
  "  \"caption\": \"Crowds on the pierr\", \"alt\": \"A crowd\", \"credit\": \"Jane Roe\"},"
  " \"body\": ["
  "  {\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"See https://exampel.org/pagee about teh plan.\","
  "   \"marks\": [{\"type\": \"strong\", \"start\": 36, \"end\": 39}]},"
  "  {\"type\": \"figure\", \"id\": \"f1\", \"src\": \"https://example.org/a.jpg\","
  "   \"caption\": \"The harbor at dawwn\", \"alt\": \"A boat\", \"credit\": \"Jane Roe\"},"
  "  {\"type\": \"paragraph\", \"id\": \"p2\", \"text\": \"A second paragrah, and teh end.\"}"
  " ]}";

/* --- Waiting ------------------------------------------------------------ */

static gboolean
window_ready (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->window)) &&
         !_cd_window_is_loading (f->window) &&
         gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (_cd_block_editor_get_view (_cd_window_get_block_editor (f->window)))) > 0;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (((Fixture *) data)->window));
}

static CdSpellAttach *
spell_of (Fixture *f)
{
  return g_object_get_data (G_OBJECT (f->window), "cd-spell-window-spell");
}

/* Every field checked, the body and the rows' fields among them: they
 * are attached on an idle of their own after the story is shown. */
static gboolean
spell_idle (gpointer data)
{
  Fixture *f = data;

  return g_object_get_data (G_OBJECT (f->window), "cd-spell-window-rows-idle") == NULL &&
         cd_spell_attach_is_idle (spell_of (f));
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static gboolean
saved (gpointer data)
{
  Fixture *f = data;

  return !_cd_window_is_saving (f->window) && !cd_window_get_modified (f->window);
}

/* Whether the first occurrence of @word in @buffer is underlined, and
 * the whole of it. */
static gboolean
word_flagged (Fixture       *f,
              GtkTextBuffer *buffer,
              const char    *word)
{
  GtkTextIter start;
  GtkTextIter match_start;
  GtkTextIter match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, word, 0, &match_start, &match_end, NULL));

  for (GtkTextIter iter = match_start; !gtk_text_iter_equal (&iter, &match_end); gtk_text_iter_forward_char (&iter))
    {
      if (!cd_spell_attach_buffer_has_error_at (spell_of (f), buffer, &iter))
        return FALSE;
    }

  return TRUE;
}

/* How the first occurrence of @word in @buffer is underlined, and in
 * what colour (NULL for the default). */
static PangoUnderline
underline_of (GtkTextBuffer  *buffer,
              const char     *word,
              GdkRGBA       **color)
{
  GtkTextIter start;
  GtkTextIter match_start;
  GtkTextIter match_end;
  g_autoptr(GSList) tags = NULL;
  PangoUnderline style = PANGO_UNDERLINE_NONE;

  *color = NULL;
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, word, 0, &match_start, &match_end, NULL));
  tags = gtk_text_iter_get_tags (&match_start);
  for (GSList *l = tags; l != NULL && style == PANGO_UNDERLINE_NONE; l = l->next)
    {
      gboolean color_set;

      g_clear_pointer (color, gdk_rgba_free);
      g_object_get (l->data, "underline", &style, "underline-rgba", color, "underline-rgba-set", &color_set, NULL);
      if (!color_set)
        g_clear_pointer (color, gdk_rgba_free);
    }

  return style;
}

typedef struct
{
  GtkTextBuffer  *buffer;
  const char     *word;
  PangoUnderline  style;
} UnderlineWait;

static gboolean
underline_is (gpointer data)
{
  UnderlineWait *wait = data;
  g_autoptr(GdkRGBA) color = NULL;

  return underline_of (wait->buffer, wait->word, &color) == wait->style;
}

/* How @word in @buffer is underlined: GTK's red dots where it draws with
 * OpenGL; where it draws with cairo (its dots are a surface of their own
 * per word and frame there) a plain red line below the descenders, and
 * the dots again while a screen reader is on, which tells a misspelling
 * by the dotted kind. */
static void
assert_underline_style (GtkTextBuffer *buffer,
                        const char    *word)
{
  g_autoptr(GdkRGBA) color = NULL;
  PangoUnderline style = underline_of (buffer, word, &color);

  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0)
    {
      UnderlineWait dots = { buffer, word, PANGO_UNDERLINE_ERROR };
      UnderlineWait line = { buffer, word, PANGO_UNDERLINE_LOW };

      g_assert_cmpint (style, ==, PANGO_UNDERLINE_LOW);
      g_assert_nonnull (color);
      g_assert_cmpint ((int) (color->red * 255 + .5), ==, 0xe0);
      g_assert_cmpint ((int) (color->green * 255 + .5), ==, 0x1b);
      g_assert_cmpint ((int) (color->blue * 255 + .5), ==, 0x24);

      cd_test_set_screen_reader (TRUE);
      cd_test_wait_for (underline_is, &dots, "the dots for a screen reader");
      g_clear_pointer (&color, gdk_rgba_free);
      underline_of (buffer, word, &color);
      /* The text view's own red. */
      g_assert_null (color);
      cd_test_set_screen_reader (FALSE);
      cd_test_wait_for (underline_is, &line, "the line again");
    }
  else
    {
      g_assert_cmpint (style, ==, PANGO_UNDERLINE_ERROR);
    }
}

/* The misspelled words @editable shows underlined, space-separated. */
static char *
editable_flags (Fixture     *f,
                GtkEditable *editable)
{
  GArray *errors = cd_spell_attach_editable_errors (spell_of (f), editable);
  const char *text = gtk_editable_get_text (editable);
  GString *words = g_string_new (NULL);

  g_assert_nonnull (errors);
  for (guint i = 0; i < errors->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (errors, CdSpellSpan, i);

      g_string_append_printf (words, "%s%.*s", i > 0 ? " " : "",
                              (int) (span->end - span->start), text + span->start);
    }

  return g_string_free (words, FALSE);
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_says (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

static GtkLabel *
status_label (Fixture *f)
{
  GtkWidget *anchor = GTK_WIDGET (_cd_window_get_headline_length_label (f->window));

  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (anchor));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_name (child), "spell-status") == 0)
        return GTK_LABEL (child);
    }

  g_assert_not_reached ();
}

/* --- Screenshots -------------------------------------------------------- */

typedef struct
{
  GtkWidget  *widget;
  GdkTexture *texture;
} DrawWait;

/* The widget as last drawn; a window not drawn yet has nothing. */
static gboolean
drawn (gpointer data)
{
  DrawWait *wait = data;

  wait->texture = cd_test_widget_texture (wait->widget);
  if (wait->texture == NULL)
    gtk_widget_queue_draw (wait->widget);

  return wait->texture != NULL;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("COPYDESK_SPELL_SCREENSHOTS");
  g_autofree char *path = NULL;
  DrawWait wait = { widget, NULL };

  if (dir == NULL)
    return;

  cd_test_wait_for (drawn, &wait, "the widget to be drawn");
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (wait.texture, path));
  g_object_unref (wait.texture);
  g_test_message ("screenshot: %s", path);
}

/* --- Real events -------------------------------------------------------- */

/* The visible context menu popover of @view. */
static GtkWidget *
open_menu (GtkWidget *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER_MENU (child) && gtk_widget_get_mapped (child))
        return child;
    }

  return NULL;
}

static gboolean
menu_is_open (gpointer data)
{
  return open_menu (data) != NULL;
}

static gboolean
menu_is_closed (gpointer data)
{
  return open_menu (data) == NULL;
}

/* The menu item of @popover showing @label. */
static GtkWidget *
find_item (GtkWidget  *widget,
           const char *label)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), label) == 0 &&
      gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_item (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *view;
  const char *label;
} ItemWait;

static gboolean
item_shown (gpointer data)
{
  ItemWait *wait = data;
  GtkWidget *popover = open_menu (wait->view);

  return popover != NULL && find_item (popover, wait->label) != NULL;
}

typedef struct
{
  CdArticle  *article;
  const char *headline;
} HeadlineWait;

static gboolean
headline_is (gpointer data)
{
  HeadlineWait *wait = data;

  return g_strcmp0 (cd_article_get_headline (wait->article), wait->headline) == 0;
}

/* --- The window --------------------------------------------------------- */

/* What the window holds when a wait gives up: the focus, the menu, and
 * whether the story is saved or saving. */
static void
report_state (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkTextView *headline = _cd_story_fields_get_headline (_cd_window_get_story_fields (f->window));
  g_autofree char *x_focus = NULL;

  g_printerr ("The window when the wait gave up:\n");
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (f->window); w = gtk_widget_get_parent (w))
    g_printerr ("  focus in %s\n", G_OBJECT_TYPE_NAME (w));
  if (focus == NULL)
    g_printerr ("  no focus\n");
  g_printerr ("  window %s (X id %s), %s, %s\n",
              gtk_window_is_active (GTK_WINDOW (f->window)) ? "active" : "not active", f->xid,
              cd_window_get_modified (f->window) ? "modified" : "not modified",
              _cd_window_is_saving (f->window) ? "saving" : "not saving");
  g_printerr ("  headline menu %s\n", open_menu (GTK_WIDGET (headline)) != NULL ? "open" : "closed");
  if (g_spawn_command_line_sync ("xdotool getwindowfocus", &x_focus, NULL, NULL, NULL))
    g_printerr ("  X focus %s", x_focus);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *json = data != NULL ? data : story_json;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  GdkSurface *surface;

  f->tmp_dir = g_dir_make_tmp ("copydesk-spell-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->tmp_dir, "story.article", NULL);
  f->file = g_file_new_for_path (path);
  article = cd_json_read (json, strlen (json), "story.json", &error);
  g_assert_no_error (error);
  g_assert_true (cd_document_save (article, f->file, &error));
  g_assert_no_error (error);

  f->window = g_object_ref (cd_application_open_file (app, f->file, NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for (window_ready, f, "the story to open in a window");
  cd_test_wait_for (spell_idle, f, "the first check of every field");

  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  f->xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  cd_test_set_give_up_report (report_state, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer window = f->window;

  cd_test_set_give_up_report (NULL, NULL);
  /* Nothing unsaved to ask about. */
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  cd_test_wait_for (cd_test_pointer_is_null, &window, "the window to be finalized");

  cd_test_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
  g_free (f->xid);
  g_object_unref (f->file);
}

static CdArticle *
save_and_read (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CdArticle *article;

  /* The keys go to the window with the focus: this one, with no menu
   * of it still holding the keyboard. */
  g_assert_true (cd_window_get_modified (f->window));
  cd_test_xdotool ("windowfocus", "--sync", f->xid, NULL);
  cd_test_wait_for (window_active, f, "the window to have the focus");
  cd_test_xdotool ("key", "--clearmodifiers", "ctrl+s", NULL);
  cd_test_wait_for (saved, f, "Ctrl+S to save the story");

  article = cd_document_load (f->file, &error);
  g_assert_no_error (error);

  return article;
}

/* --- Tests -------------------------------------------------------------- */

/* Typed, right-clicked, corrected from the menu and saved, all through
 * the X server. */
static void
test_headline_menu (Fixture       *f,
                    gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  GtkTextView *view = _cd_story_fields_get_headline (fields);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  CdArticle *article = cd_window_get_article (f->window);
  HeadlineWait typed = { article, "Mayor will recieve the keys tomorow" };
  HeadlineWait fixed = { article, "Mayor will recieve the keys tomorrow" };
  ItemWait item = { GTK_WIDGET (view), "tomorrow" };
  g_autoptr(CdArticle) written = NULL;
  GtkTextIter iter;
  GdkRectangle location;
  int x;
  int y;

  cd_test_xdotool ("windowfocus", "--sync", f->xid, NULL);
  cd_test_wait_for (window_active, f, "the window to have the focus");

  /* A click after the headline's end, then the word typed key by key. */
  cd_test_click_widget (GTK_WIDGET (view), gtk_widget_get_width (GTK_WIDGET (view)) - 4, 10, "1");
  cd_test_xdotool ("key", "--clearmodifiers", "End", NULL);
  cd_test_xdotool ("type", "--clearmodifiers", "--delay", "40", " tomorow", NULL);
  cd_test_wait_for (headline_is, &typed, "the word typed into the headline");

  /* The word at the caret is left alone while it is being typed. */
  cd_test_wait_for (spell_idle, f, "the headline checked");
  g_assert_false (word_flagged (f, buffer, "tomorow"));
  g_assert_true (word_flagged (f, buffer, "recieve"));

  /* Right-click on it: the menu offers the dictionary's suggestion. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, strlen ("Mayor will recieve the keys tomo"));
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, location.x, location.y + location.height / 2, &x, &y);
  cd_test_click_widget (GTK_WIDGET (view), x, y, "3");
  cd_test_wait_for (menu_is_open, view, "the context menu to open");
  cd_test_wait_for (item_shown, &item, "the suggestion “tomorrow” in the menu");
  g_assert_true (word_flagged (f, buffer, "tomorow"));
  screenshot (GTK_WIDGET (f->window), "spell-menu-window.png");
  screenshot (open_menu (GTK_WIDGET (view)), "spell-menu.png");

  /* The first suggestion is "tomorrow". */
  {
    GMenuModel *menu = gtk_text_view_get_extra_menu (view);
    GMenuModel *section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, 0, G_MENU_ATTRIBUTE_TARGET, NULL);

    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "tomorrow");
    g_assert_cmpint (g_menu_model_get_n_items (section), <=, 8);
    g_object_unref (section);
  }

  cd_test_click_widget (find_item (open_menu (GTK_WIDGET (view)), "tomorrow"), 4, 4, "1");
  cd_test_wait_for (headline_is, &fixed, "the suggestion to replace the word");
  cd_test_wait_for (menu_is_closed, view, "the context menu to close");

  /* One undo step takes the replacement back, and only it. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Mayor will recieve the keys tomorow");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Mayor will recieve the keys tomorrow");

  /* Saved as corrected; the underline is not in the file. */
  written = save_and_read (f);
  g_assert_cmpstr (cd_article_get_headline (written), ==, "Mayor will recieve the keys tomorrow");
}

static void
test_every_field (Fixture       *f,
                  gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  CdBlockEditor *editor = _cd_window_get_block_editor (f->window);
  GtkTextBuffer *headline = gtk_text_view_get_buffer (_cd_story_fields_get_headline (fields));
  GtkTextBuffer *subheadline = gtk_text_view_get_buffer (_cd_story_fields_get_subheadline (fields));
  GtkTextBuffer *notes = gtk_text_view_get_buffer (_cd_details_panel_get_notes (_cd_window_get_details_panel (f->window)));
  GtkTextBuffer *body = gtk_text_view_get_buffer (_cd_block_editor_get_view (editor));
  CdBlockRow *figure = _cd_block_editor_row_for_block (editor, cd_article_get_block (cd_window_get_article (f->window), 1));
  g_autofree char *name = editable_flags (f, _cd_story_fields_get_byline_name (fields, 0));
  g_autofree char *title = editable_flags (f, _cd_story_fields_get_byline_title (fields, 0));
  g_autofree char *place = editable_flags (f, _cd_story_fields_get_dateline_place (fields));
  LabelWait count = { status_label (f), "10 misspellings" };

  g_assert_true (word_flagged (f, headline, "recieve"));
  g_assert_false (word_flagged (f, headline, "Mayor"));
  assert_underline_style (headline, "recieve");
  g_assert_true (word_flagged (f, subheadline, "goverment"));
  g_assert_false (word_flagged (f, subheadline, "said"));
  g_assert_cmpstr (name, ==, "");
  g_assert_cmpstr (title, ==, "reportr");
  g_assert_cmpstr (place, ==, "WASHNGTON");
  g_assert_true (word_flagged (f, notes, "spellling"));
  g_assert_false (word_flagged (f, notes, "Check"));
  /* The lead photo's caption, in the lead photo editor. */
  {
    GtkTextView *lead_caption = cd_lead_photo_editor_get_view (_cd_window_get_lead_photo_editor (f->window), "caption");

    g_assert_true (word_flagged (f, gtk_text_view_get_buffer (lead_caption), "pierr"));
    g_assert_false (word_flagged (f, gtk_text_view_get_buffer (lead_caption), "Crowds"));
  }

  /* The body's per-block views, the address in it left alone, the bold
   * word underlined too. */
  g_assert_true (word_flagged (f, body, "teh"));
  g_assert_false (word_flagged (f, body, "exampel"));
  g_assert_false (word_flagged (f, body, "pagee"));
  g_assert_false (word_flagged (f, body, "plan"));

  {
    GtkTextView *caption_view = GTK_TEXT_VIEW (cd_block_row_get_entry (figure, CD_BLOCK_FIELD_CAPTION));

    g_assert_true (word_flagged (f, gtk_text_view_get_buffer (caption_view), "dawwn"));
    g_assert_false (word_flagged (f, gtk_text_view_get_buffer (caption_view), "harbor"));
  }

  /* The whole story's count, counted off the main thread: recieve,
   * goverment, reportr, WASHNGTON, teh, dawwn, paragrah, teh, spellling. */
  cd_test_wait_for (label_says, &count, "the status bar's count");
  screenshot (GTK_WIDGET (f->window), "spell-window.png");

  /* Counted again after an edit, from copies of the blocks changed
   * since (one here) and the copies the last count made of the rest. */
  {
    CdBlock *first = cd_article_get_block (cd_window_get_article (f->window), 0);
    g_autofree char *before = g_strdup (cd_block_get_text (first));
    g_autofree char *after = g_strconcat (before, " It was mispeled.", NULL);
    LabelWait more = { status_label (f), "11 misspellings" };

    cd_block_set_text (first, after);
    cd_test_wait_for (label_says, &more, "the count after an edit");
    cd_block_set_text (first, before);
    cd_test_wait_for (label_says, &count, "the count after the edit was undone");
  }

  /* Spell checking never changes what is saved or exported. */
  {
    CdArticle *article = cd_window_get_article (f->window);
    g_autoptr(GBytes) json = cd_json_write (article);

    g_assert_null (g_strstr_len (g_bytes_get_data (json, NULL), g_bytes_get_size (json), "underline"));
    g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==,
                     "See https://exampel.org/pagee about teh plan.");
  }
}

static void
test_story_dictionary (Fixture       *f,
                       gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  GtkTextView *view = _cd_story_fields_get_headline (fields);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  CdArticle *article = cd_window_get_article (f->window);
  CdBlockEditor *editor = _cd_window_get_block_editor (f->window);
  GtkTextBuffer *body = gtk_text_view_get_buffer (_cd_block_editor_get_view (editor));
  GtkEditable *title = _cd_story_fields_get_byline_title (fields, 0);
  g_autoptr(CdArticle) written = NULL;
  g_autoptr(GPtrArray) found = NULL;
  guint title_attributes_set = 0;
  GMenuModel *menu;
  GtkTextIter iter;
  /* The status bar's count follows each list; from the second count on,
   * the counting thread's checker is the one of the count before. */
  LabelWait count = { status_label (f), "10 misspellings" };

  cd_test_wait_for (label_says, &count, "the first count");

  /* The caret on the word, then the menu's Add to Story Dictionary. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, strlen ("Mayor will rec"));
  gtk_text_buffer_place_cursor (buffer, &iter);
  menu = cd_spell_attach_get_menu (spell_of (f), GTK_WIDGET (view));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "spell.add-to-story", NULL);

  g_assert_true (g_strv_contains (cd_article_get_dictionary (article), "recieve"));
  cd_test_wait_for (spell_idle, f, "the fields checked again");
  g_assert_false (word_flagged (f, buffer, "recieve"));
  count.text = "9 misspellings";
  cd_test_wait_for (label_says, &count, "the count with the story's word");

  /* Ignore, from an entry's menu: this story only, never saved. */
  gtk_editable_set_position (title, 8);
  menu = cd_spell_attach_get_menu (spell_of (f), GTK_WIDGET (title));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (gtk_editable_get_delegate (title)), "spell.ignore", NULL);
  cd_test_wait_for (spell_idle, f, "the fields checked again");
  {
    g_autofree char *flags = editable_flags (f, title);

    g_assert_cmpstr (flags, ==, "");
  }
  count.text = "8 misspellings";
  cd_test_wait_for (label_says, &count, "the count with the word ignored");

  /* Add to Desk Dictionary writes the user's word list. Every field is
   * checked again; the title's underlines (none now) are not set again,
   * which would lay it out and draw the window once more. */
  g_signal_connect_swapped (gtk_editable_get_delegate (title), "notify::attributes",
                            G_CALLBACK (count_notify), &title_attributes_set);
  gtk_text_buffer_get_start_iter (body, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "teh", 0, &iter, NULL, NULL));
  gtk_text_buffer_place_cursor (body, &iter);
  {
    GtkWidget *body_view = GTK_WIDGET (_cd_block_editor_get_view (editor));
    g_autofree char *desk_path = cd_spell_checker_get_default_desk_path ();
    g_autofree char *contents = NULL;

    menu = cd_spell_attach_get_menu (spell_of (f), body_view);
    g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
    gtk_widget_activate_action (body_view, "spell.add-to-desk", NULL);
    g_assert_true (g_file_get_contents (desk_path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "teh\n");
    /* Both of the body's. */
    count.text = "6 misspellings";
    cd_test_wait_for (label_says, &count, "the count with the desk's word");
    g_unlink (desk_path);
  }
  cd_test_wait_for (spell_idle, f, "the fields checked again");
  g_assert_cmpuint (title_attributes_set, ==, 0);
  g_signal_handlers_disconnect_by_data (gtk_editable_get_delegate (title), &title_attributes_set);

  /* Saved in the story: a colleague's copy does not flag it. */
  written = save_and_read (f);
  g_assert_true (g_strv_contains (cd_article_get_dictionary (written), "recieve"));
  {
    g_autoptr(CdSpellChecker) colleague = cd_spell_checker_new ("en", NULL);

    found = cd_spell_check_article (colleague, written);
    for (guint i = 0; i < found->len; i++)
      g_assert_cmpstr (((CdMisspelling *) g_ptr_array_index (found, i))->word, !=, "recieve");
  }
}

/* A suggestion picked in a paragraph keeps the bold over the word, and
 * is one undo step. */
static void
test_body_menu (Fixture       *f,
                gconstpointer  data)
{
  CdBlockEditor *editor = _cd_window_get_block_editor (f->window);
  GtkWidget *view = GTK_WIDGET (_cd_block_editor_get_view (editor));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  CdBlock *paragraph = cd_article_get_block (cd_window_get_article (f->window), 0);
  GMenuModel *menu;
  GMenuModel *section;
  const CdMark *mark;
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "teh", 0, &iter, NULL, NULL));
  gtk_text_iter_forward_char (&iter);
  gtk_widget_grab_focus (view);
  gtk_text_buffer_place_cursor (buffer, &iter);
  menu = cd_spell_attach_get_menu (spell_of (f), view);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), >=, 1);
  g_assert_cmpint (g_menu_model_get_n_items (section), <=, 8);
  g_object_unref (section);

  /* With everything to check again (spelling turned off and on), the
   * menu finds the word at the caret before the idle checker has come
   * to it. */
  cd_spell_attach_set_enabled (spell_of (f), FALSE);
  cd_spell_attach_set_enabled (spell_of (f), TRUE);
  g_assert_false (cd_spell_attach_is_idle (spell_of (f)));
  menu = cd_spell_attach_get_menu (spell_of (f), view);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  g_assert_cmpint (g_menu_model_get_n_items (section), >=, 1);
  g_object_unref (section);

  gtk_widget_activate_action (view, "spell.replace", "s", "the");
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "See https://exampel.org/pagee about the plan.");
  g_assert_cmpuint (cd_block_get_marks (paragraph)->len, ==, 1);
  mark = g_ptr_array_index (cd_block_get_marks (paragraph), 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  g_assert_cmpuint (mark->start, ==, 36);
  g_assert_cmpuint (mark->end, ==, 39);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "See https://exampel.org/pagee about teh plan.");
  mark = g_ptr_array_index (cd_block_get_marks (paragraph), 0);
  g_assert_cmpuint (mark->start, ==, 36);
  g_assert_cmpuint (mark->end, ==, 39);
}

static gboolean
panel_listed (gpointer data)
{
  return _cd_spell_panel_get_n_items (data) > 0;
}

static CdSpellPanel *
open_panel (Fixture *f)
{
  CdSpellPanel *panel;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.check-spelling", NULL);
  panel = g_object_get_data (G_OBJECT (f->window), "cd-spell-window-panel");
  g_assert_nonnull (panel);
  cd_test_wait_for (panel_listed, panel, "the panel to list the misspellings");

  return panel;
}

static void
test_panel (Fixture       *f,
            gconstpointer  data)
{
  CdArticle *article = cd_window_get_article (f->window);
  CdSpellPanel *panel = open_panel (f);
  GtkListBox *list = _cd_spell_panel_get_list (panel);
  CdBlock *paragraph = cd_article_get_block (article, 0);
  const char *order[] = { "recieve", "goverment", "reportr", "WASHNGTON", "pierr", "teh", "dawwn", "paragrah", "teh", "spellling" };
  const CdMisspelling *m;
  GtkWidget *focus;
  const CdMark *mark;

  /* Every misspelling, in the order of the story, with its context. */
  g_assert_cmpuint (_cd_spell_panel_get_n_items (panel), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (_cd_spell_panel_get_item (panel, i)->word, ==, order[i]);
  screenshot (GTK_WIDGET (panel), "spell-panel.png");

  /* Enter on a row shows the word, selected, in its field: the lead
   * photo's caption, then the body. */
  for (guint row = 4; row <= 5; row++)
    {
      GtkTextBuffer *buffer;
      GtkTextIter start;
      GtkTextIter end;
      g_autofree char *selected = NULL;

      gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (list, row)));
      g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, row), "activate");
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_true (GTK_IS_TEXT_VIEW (focus));
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
      g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
      selected = gtk_text_iter_get_slice (&start, &end);
      g_assert_cmpstr (selected, ==, order[row]);
    }

  /* Replace: the bold word stays bold, one undo step. */
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 5));
  m = _cd_spell_panel_get_item (panel, 5);
  g_assert_cmpstr (m->block_id, ==, "p1");
  gtk_editable_set_text (_cd_spell_panel_get_replacement (panel), "the");
  gtk_widget_activate_action (GTK_WIDGET (panel), "spell.replace", NULL);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "See https://exampel.org/pagee about the plan.");
  mark = g_ptr_array_index (cd_block_get_marks (paragraph), 0);
  g_assert_cmpuint (mark->start, ==, 36);
  g_assert_cmpuint (mark->end, ==, 39);
  g_assert_cmpuint (_cd_spell_panel_get_n_items (panel), ==, G_N_ELEMENTS (order) - 1);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (cd_block_get_text (paragraph), ==, "See https://exampel.org/pagee about teh plan.");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);

  /* Replace All: the other "teh" too, as one step. */
  cd_spell_panel_refresh (panel);
  for (guint i = 0; i < _cd_spell_panel_get_n_items (panel); i++)
    if (g_str_equal (_cd_spell_panel_get_item (panel, i)->word, "teh"))
      gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, i));
  gtk_editable_set_text (_cd_spell_panel_get_replacement (panel), "the");
  gtk_widget_activate_action (GTK_WIDGET (panel), "spell.replace-all", NULL);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 2)), ==, "A second paragrah, and the end.");

  /* Add and Ignore take words off the list. */
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (_cd_spell_panel_get_item (panel, 0)->word, ==, "recieve");
  gtk_widget_activate_action (GTK_WIDGET (panel), "spell.add", NULL);
  g_assert_true (g_strv_contains (cd_article_get_dictionary (article), "recieve"));
  g_assert_cmpstr (_cd_spell_panel_get_item (panel, 0)->word, ==, "goverment");
  gtk_widget_activate_action (GTK_WIDGET (panel), "spell.ignore", NULL);
  g_assert_cmpstr (_cd_spell_panel_get_item (panel, 0)->word, ==, "reportr");
}

static void
test_no_dictionary (Fixture       *f,
                    gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  GtkTextBuffer *headline = gtk_text_view_get_buffer (_cd_story_fields_get_headline (fields));
  LabelWait said = { status_label (f), "No spelling dictionary for “qaa”" };

  g_assert_false (word_flagged (f, headline, "Xyzzy"));
  cd_test_wait_for (label_says, &said, "the status bar to say there is no dictionary");
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  GtkTextBuffer *headline = gtk_text_view_get_buffer (_cd_story_fields_get_headline (fields));
  LabelWait quiet = { status_label (f), "" };

  g_assert_true (word_flagged (f, headline, "recieve"));

  /* The switch in Preferences is the setting. */
  {
    GtkWidget *preferences = cd_preferences_window_new (GTK_WINDOW (f->window));
    GtkSwitch *check = _cd_preferences_window_get_spell_check_switch (CD_PREFERENCES_WINDOW (preferences));
    AdwComboRow *language = _cd_preferences_window_get_language_row (CD_PREFERENCES_WINDOW (preferences));

    g_assert_true (gtk_switch_get_active (check));
    gtk_switch_set_active (check, FALSE);
    g_assert_false (g_settings_get_boolean (settings, "spell-check"));
    gtk_switch_set_active (check, TRUE);

    /* Third in the list: English (United States). */
    adw_combo_row_set_selected (language, 2);
    {
      g_autofree char *tag = g_settings_get_string (settings, "default-language");

      g_assert_cmpstr (tag, ==, "en-US");
    }
    g_settings_reset (settings, "default-language");
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  g_settings_set_boolean (settings, "spell-check", FALSE);
  cd_test_wait_for (spell_idle, f, "the underlines to go");
  g_assert_false (word_flagged (f, headline, "recieve"));
  cd_test_wait_for (label_says, &quiet, "the status bar to say nothing");

  g_settings_set_boolean (settings, "spell-check", TRUE);
  cd_test_wait_for (spell_idle, f, "the fields checked again");
  g_assert_true (word_flagged (f, headline, "recieve"));

  /* A new story is in the default language. */
  g_settings_set_string (settings, "default-language", "de");
  {
    CdWindow *window = cd_window_new (GTK_APPLICATION (app));
    gpointer weak = window;

    g_assert_cmpstr (cd_article_get_field (cd_window_get_article (window), CD_ARTICLE_FIELD_LANGUAGE), ==, "de");
    g_object_add_weak_pointer (G_OBJECT (window), &weak);
    gtk_window_destroy (GTK_WINDOW (window));
    cd_test_wait_for (cd_test_pointer_is_null, &weak, "the new window to be finalized");
  }
  g_settings_reset (settings, "default-language");
}

/* The sample story, every block type in it, is checked through and the
 * checking then rests: nothing keeps the idle going. */
/* The same under GTK's cairo renderer, where the underline differs. */
static void
test_every_field_cairo (void)
{
  g_autofree char *renderer = g_strdup (g_getenv ("GSK_RENDERER"));

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_test_trap_subprocess ("/ui/spell/every-field", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (renderer != NULL)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  g_test_trap_assert_passed ();
}

static void
test_sample_settles (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples",
                                            "sample", "article.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Fixture f = { 0, };
  LabelWait count = { NULL, NULL };
  gpointer window;

  f.window = g_object_ref (cd_application_open_file (app, file, NULL));
  gtk_window_present (GTK_WINDOW (f.window));
  cd_test_wait_for (window_ready, &f, "the sample story to open");
  cd_test_wait_for (spell_idle, &f, "the sample story checked");

  /* Still at rest a while later, with the body's rows attached. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  cd_test_wait_for (spell_idle, &f, "the sample story checked");
  g_assert_true (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (_cd_block_editor_get_view (_cd_window_get_block_editor (f.window)))) > 0);

  count.label = status_label (&f);
  count.text = gtk_label_get_text (count.label);
  g_assert_true (g_str_has_suffix (count.text, "misspellings"));
  screenshot (GTK_WIDGET (f.window), "spell-sample.png");

  window = f.window;
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f.window));
  g_object_unref (f.window);
  cd_test_wait_for (cd_test_pointer_is_null, &window, "the window to be finalized");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  state_dir = cd_test_isolate_state ("copydesk-spell-state-XXXXXX");
  /* The desk dictionary is this test's own. */
  data_dir = cd_test_make_temp_dir ("copydesk-spell-data-XXXXXX");
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);

  cd_test_input_init (&argc, &argv);

  app = cd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add ("/ui/spell/headline-menu", Fixture, NULL,
              fixture_set_up, test_headline_menu, fixture_tear_down);
  g_test_add ("/ui/spell/every-field", Fixture, NULL,
              fixture_set_up, test_every_field, fixture_tear_down);
  g_test_add_func ("/ui/spell/every-field-cairo", test_every_field_cairo);
  g_test_add ("/ui/spell/story-dictionary", Fixture, NULL,
              fixture_set_up, test_story_dictionary, fixture_tear_down);
  g_test_add ("/ui/spell/body-menu", Fixture, NULL,
              fixture_set_up, test_body_menu, fixture_tear_down);
  g_test_add ("/ui/spell/panel", Fixture, NULL,
              fixture_set_up, test_panel, fixture_tear_down);
  g_test_add ("/ui/spell/no-dictionary", Fixture,
              "{\"format\": \"copydesk.article\", \"version\": 1, \"language\": \"qaa\","
              " \"headline\": \"Xyzzy plugh\", \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"Qwrt\"}]}",
              fixture_set_up, test_no_dictionary, fixture_tear_down);
  g_test_add ("/ui/spell/preferences", Fixture, NULL,
              fixture_set_up, test_preferences, fixture_tear_down);

  g_test_add_func ("/ui/spell/sample-settles", test_sample_settles);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  cd_test_remove_tree (data_dir);
  g_rmdir (state_dir);

  return status;
}
