/* test-desk.c: pre-flight, status and embargo in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-desk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-application.h"
#include "cd-house-style.h"
#include "cd-block-editor-private.h"
#include "cd-details-panel-private.h"
#include "cd-preview-private.h"
#include "cd-story-fields-private.h"
#include "cd-window-private.h"
#include "cd-test-files.h"
#include "cd-test-utils.h"

typedef struct
{
  CdWindow  *window;
  CdArticle *article;
} Fixture;

/* A story with nothing for the checks to find. */
static void
make_clean (CdArticle *article)
{
  g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr(CdDateline) dateline = cd_dateline_new ("BERLIN", NULL, NULL);

  cd_article_set_headline (article, "Mayor resigns");
  g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", NULL));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, NULL);
  cd_block_set_text (cd_article_get_block (article, 0), "The mayor resigned on Tuesday.");
}

static gboolean
window_ready (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->window)) && cd_window_get_article (f->window) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  g_settings_reset (settings, "house-style");
  f->window = cd_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for (window_ready, f, "the window");
  f->article = cd_window_get_article (f->window);
  make_clean (f->article);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

typedef struct
{
  CdPreflightPanel *panel;
  guint             n_items;
} Count;

static gboolean
panel_has_count (gpointer data)
{
  Count *count = data;

  return cd_preflight_panel_get_n_items (count->panel) == count->n_items;
}

static void
wait_for_items (Fixture *f,
                guint    n_items)
{
  Count count = { _cd_window_get_preflight_panel (f->window), n_items };

  cd_test_wait_for (panel_has_count, &count, "the pre-flight count");
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* The row whose title contains @text. */
static GtkListBoxRow *
find_row (GtkListBox *list,
          const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), text) != NULL)
        return GTK_LIST_BOX_ROW (child);
    }

  g_error ("No pre-flight row says “%s”", text);
}

static GtkWidget *
focus_of (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

static CdBlockRow *find_row_of (Fixture *f,
                               CdBlock *block);

/* The item list follows the story; activating an item puts the caret
 * where it points. */
static void
test_panel (Fixture       *f,
            gconstpointer  data)
{
  CdPreflightPanel *panel = _cd_window_get_preflight_panel (f->window);
  GtkListBox *list = cd_preflight_panel_get_list (panel);
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  CdBlockEditor *editor = _cd_window_get_block_editor (f->window);
  g_autoptr(CdBlock) empty = cd_block_new (CD_BLOCK_PARAGRAPH);

  wait_for_items (f, 0);

  cd_article_set_headline (f->article, "Mayor TK resigns");
  cd_article_append_block (f->article, empty);
  wait_for_items (f, 2);
  g_assert_cmpuint (cd_preflight_panel_get_n_errors (panel), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preflight", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_cmpuint (count_rows (list), ==, 2);

  g_signal_emit_by_name (list, "row-activated", find_row (list, "TK"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (is_inside (focus_of (f), GTK_WIDGET (_cd_story_fields_get_headline (fields))));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preflight", NULL);
  g_signal_emit_by_name (list, "row-activated", find_row (list, cd_block_get_id (empty)));
  g_assert_cmpstr (cd_block_editor_get_focused_block_id (editor), ==, cd_block_get_id (empty));
  g_assert_true (is_inside (focus_of (f), GTK_WIDGET (editor)));

  /* Fixing the story empties the list. */
  cd_article_set_headline (f->article, "Mayor resigns");
  cd_article_remove_block (f->article, 1);
  wait_for_items (f, 0);

  /* A photo without alt text: the alt text field gets the focus. */
  {
    g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
    GtkWidget *alt;

    cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "https://example.org/a.jpg");
    cd_block_set_field (figure, CD_BLOCK_FIELD_CREDIT, "AP");
    cd_article_append_block (f->article, figure);
    wait_for_items (f, 1);
    alt = cd_block_row_get_entry (find_row_of (f, figure), CD_BLOCK_FIELD_ALT);

    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preflight", NULL);
    g_signal_emit_by_name (list, "row-activated", find_row (list, _("alt text")));
    g_assert_true (is_inside (focus_of (f), alt));
  }
}

/* The house style of the setting gives the limits. */
static void
test_house_style_limits (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  CdPreflightLimits modern;

  cd_house_style_get_limits ("modern", &modern);
  g_assert_cmpuint (modern.headline, >, 72);

  /* Over the default style's headline limit, within the modern one's. */
  cd_article_set_headline (f->article, "Mayor resigns after a long and bruising fight over the harbour plan, aides say");
  g_assert_cmpuint (g_utf8_strlen (cd_article_get_headline (f->article), -1), <=, modern.headline);
  wait_for_items (f, 1);

  g_settings_set_string (settings, "house-style", "modern");
  /* The default style wants a dateline, the modern one does not. */
  cd_article_set_dateline (f->article, NULL);
  wait_for_items (f, 0);
  g_settings_reset (settings, "house-style");
  wait_for_items (f, 2);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  cd_test_wait_for (dialog_shown, NULL, "the question");
  return find_dialog ();
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The answer reaches the window from an idle when the question was
   * asked in the same main loop iteration. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  GdkClipboard *clipboard;
  char         *text;
  gboolean      done;
} ClipboardRead;

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
clipboard_text (GdkClipboard *clipboard)
{
  ClipboardRead read = { clipboard, NULL, FALSE };

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &read);
  cd_test_wait_for (read_done, &read, "the clipboard");

  return read.text;
}

/* Copy HTML (and Export) with open items asks first; Cancel copies
 * nothing, "Copy Anyway" copies. A clean story is copied at once. */
static void
test_copy_anyway (Fixture       *f,
                  gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  AdwMessageDialog *dialog;
  g_autofree char *text = NULL;

  cd_article_set_headline (f->article, "Mayor TKTK resigns");

  gdk_clipboard_set_text (clipboard, "before");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-html", NULL);
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "TK"));
  answer (dialog, "cancel");
  text = clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, "before");
  g_clear_pointer (&text, g_free);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-html", NULL);
  answer (wait_for_dialog (), "anyway");
  g_assert_null (find_dialog ());
  text = clipboard_text (clipboard);
  g_assert_nonnull (strstr (text, "Mayor TKTK resigns"));
  g_clear_pointer (&text, g_free);

  /* The export asks the same way. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), _("Export")));
  answer (dialog, "cancel");

  cd_article_set_headline (f->article, "Mayor resigns");
  gdk_clipboard_set_text (clipboard, "before");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-html", NULL);
  g_assert_null (find_dialog ());
  text = clipboard_text (clipboard);
  g_assert_nonnull (strstr (text, "Mayor resigns"));
}

/* The status the header bar names. */
static const char *
button_label (Fixture *f)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (_cd_window_get_status_button (f->window)));
  const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (button));
  g_autofree char *prefix = g_strdup_printf (_("Status: %s"), "");

  g_assert_true (g_str_has_prefix (label, prefix));
  return label + strlen (prefix);
}

/* The header bar names the status; publishing under embargo asks and
 * names the embargo; the details panel's row asks the same. */
static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  CdStatusButton *button = _cd_window_get_status_button (f->window);
  AdwComboRow *row = _cd_details_panel_get_status (_cd_window_get_details_panel (f->window));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autofree char *embargo = g_date_time_format_iso8601 (later);
  AdwMessageDialog *dialog;

  g_assert_cmpstr (button_label (f), ==, _("Draft"));
  gtk_widget_activate_action (GTK_WIDGET (button), "status.set", "s", "edit");
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_STATUS), ==, "edit");
  g_assert_cmpstr (button_label (f), ==, _("Edit"));
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_STATUS, "approved");
  g_assert_cmpstr (button_label (f), ==, _("Approved"));

  cd_article_set_field (f->article, CD_ARTICLE_FIELD_EMBARGO, embargo);
  gtk_widget_activate_action (GTK_WIDGET (button), "status.set", "s", "published");
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "embargo"));
  answer (dialog, "cancel");
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_STATUS), ==, "approved");
  g_assert_cmpstr (button_label (f), ==, _("Approved"));

  /* The details panel's status row asks too, and goes back when refused. */
  adw_combo_row_set_selected (row, 3);
  dialog = wait_for_dialog ();
  answer (dialog, "cancel");
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_STATUS), ==, "approved");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (button), "status.set", "s", "published");
  answer (wait_for_dialog (), "anyway");
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_STATUS), ==, "published");
  g_assert_cmpstr (button_label (f), ==, _("Published"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 3);

  /* Without an embargo or errors, publishing asks nothing. */
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_STATUS, "approved");
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_EMBARGO, NULL);
  gtk_widget_activate_action (GTK_WIDGET (button), "status.set", "s", "published");
  g_assert_null (find_dialog ());
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_STATUS), ==, "published");
}

typedef struct
{
  WebKitWebView *web_view;
  const char    *expected;
  gboolean       pending;
  char          *notice;
} NoticeProbe;

static void
notice_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  NoticeProbe *probe = user_data;
  g_autoptr(JSCValue) value = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, NULL);
  g_free (probe->notice);
  probe->notice = value != NULL && jsc_value_is_string (value) ? jsc_value_to_string (value) : NULL;
  probe->pending = FALSE;
}

/* The preview's notice line reads @expected ("" for none); asked again
 * each time the last answer came back different. */
static gboolean
notice_is (gpointer data)
{
  NoticeProbe *probe = data;
  const char *script = "(() => { const n = document.querySelector ('header .desk-notice');"
                       "  return n === null ? '' : n.textContent; }) ()";

  if (probe->pending)
    return FALSE;
  if (probe->notice != NULL && g_str_equal (probe->notice, probe->expected))
    return TRUE;

  probe->pending = TRUE;
  webkit_web_view_evaluate_javascript (probe->web_view, script, -1, NULL, NULL, NULL, notice_cb, probe);
  return FALSE;
}

static void
wait_for_notice (Fixture    *f,
                 const char *expected)
{
  NoticeProbe probe = { _cd_preview_get_web_view (_cd_window_get_preview (f->window)), expected, FALSE, NULL };

  cd_test_wait_for (notice_is, &probe, "the preview's embargo line");
  g_free (probe.notice);
}

/* The bar above the story shows an embargo to come, in local time. */
static void
test_embargo_banner (Fixture       *f,
                     gconstpointer  data)
{
  CdEmbargoBanner *banner = _cd_window_get_embargo_banner (f->window);

  g_assert_null (cd_embargo_banner_get_text (banner));

  /* 08:00 UTC is 10:00 in Berlin in summer (TZ is set in main()). */
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_EMBARGO, "2099-06-01T08:00:00Z");
  g_assert_nonnull (cd_embargo_banner_get_text (banner));
  g_assert_nonnull (strstr (cd_embargo_banner_get_text (banner), "1 June 2099, 10:00 CEST"));
  /* The preview says the same above the headline. */
  wait_for_notice (f, cd_embargo_banner_get_text (banner));

  /* A past embargo is no news. */
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_EMBARGO, "2001-06-01T08:00:00Z");
  g_assert_null (cd_embargo_banner_get_text (banner));
  wait_for_notice (f, "");
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_is (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_label (wait->label), wait->text) == 0;
}

static void
wait_for_label (GtkLabel   *label,
                const char *text)
{
  LabelWait wait = { label, text };

  cd_test_wait_for (label_is, &wait, text);
}

/* Plain well within the limit, amber (.warning) in its last tenth, red
 * (.error) past it. */
static void
assert_colour (GtkLabel   *label,
               const char *expected)
{
  GtkWidget *widget = GTK_WIDGET (label);

  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_cmpint (gtk_widget_has_css_class (widget, "warning"), ==, g_strcmp0 (expected, "warning") == 0);
  g_assert_cmpint (gtk_widget_has_css_class (widget, "error"), ==, g_strcmp0 (expected, "error") == 0);
  g_assert_cmpint (gtk_widget_has_css_class (widget, "dim-label"), ==, expected == NULL);
}

static CdBlockRow *
find_row_of (Fixture *f,
             CdBlock *block)
{
  CdBlockEditor *editor = _cd_window_get_block_editor (f->window);
  CdBlockRow *row = _cd_block_editor_get_block_widget (editor, block);

  if (row != NULL)
    return row;

  g_error ("No row for block %s", cd_block_get_id (block));
}

/* The dek and captions count against the house limits as the headline
 * does, and the limits follow the house style. */
static void
test_counters (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  GtkLabel *dek = _cd_window_get_dek_length_label (f->window);
  GtkLabel *headline = _cd_window_get_headline_length_label (f->window);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  CdPreflightLimits limits;
  CdPreflightLimits modern;
  GtkLabel *caption;
  GtkTextBuffer *caption_buffer;
  g_autofree char *text = NULL;
  g_autofree char *near_dek = NULL;
  g_autofree char *over_dek = NULL;
  g_autofree char *expected = NULL;

  cd_house_style_get_limits ("default", &limits);
  cd_house_style_get_limits ("modern", &modern);
  g_assert_cmpuint (limits.dek, >, 10);
  g_assert_cmpuint (modern.headline, !=, limits.headline);

  /* One short of the limit is near it; one past it is over. */
  near_dek = g_strnfill (limits.dek - 1, 'x');
  over_dek = g_strnfill (limits.dek + 1, 'x');

  cd_article_set_field (f->article, CD_ARTICLE_FIELD_SUBHEADLINE, "A dek");
  expected = g_strdup_printf ("Dek 5/%u", limits.dek);
  wait_for_label (dek, expected);
  assert_colour (dek, NULL);
  g_clear_pointer (&expected, g_free);

  cd_article_set_field (f->article, CD_ARTICLE_FIELD_SUBHEADLINE, near_dek);
  expected = g_strdup_printf ("Dek %u/%u", limits.dek - 1, limits.dek);
  wait_for_label (dek, expected);
  assert_colour (dek, "warning");
  g_clear_pointer (&expected, g_free);

  cd_article_set_field (f->article, CD_ARTICLE_FIELD_SUBHEADLINE, over_dek);
  expected = g_strdup_printf ("Dek %u/%u", limits.dek + 1, limits.dek);
  wait_for_label (dek, expected);
  assert_colour (dek, "error");
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (dek)));
  g_clear_pointer (&expected, g_free);

  /* The headline's limit is the house style's. */
  g_settings_set_string (settings, "house-style", "modern");
  expected = g_strdup_printf ("Headline 13/%u", modern.headline);
  wait_for_label (headline, expected);
  g_clear_pointer (&expected, g_free);
  g_settings_reset (settings, "house-style");

  /* A photo's caption has its own counter beside the field. */
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "https://example.org/a.jpg");
  cd_article_append_block (f->article, figure);
  caption = GTK_LABEL (cd_block_row_get_caption_counter (find_row_of (f, figure)));
  caption_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (cd_block_row_get_entry (find_row_of (f, figure), CD_BLOCK_FIELD_CAPTION)));
  expected = g_strdup_printf ("0/%u", limits.caption);
  g_assert_cmpstr (gtk_label_get_label (caption), ==, expected);
  assert_colour (caption, NULL);
  g_clear_pointer (&expected, g_free);

  text = g_strnfill (limits.caption + 3, 'c');
  gtk_text_buffer_set_text (caption_buffer, text, -1);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, text);
  expected = g_strdup_printf ("%u/%u", limits.caption + 3, limits.caption);
  g_assert_cmpstr (gtk_label_get_label (caption), ==, expected);
  assert_colour (caption, "error");
}

/* An export of unsaved edits carries the time of the edit, not of the
 * last save. */
static void
test_modified (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) modified = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  g_autofree char *html = NULL;

  /* As if last saved long ago: bookkeeping, no edit. */
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_MODIFIED, "2001-01-01T00:00:00Z");
  before = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
  cd_article_set_headline (f->article, "Mayor resigns, aides say");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-html", NULL);
  g_assert_null (find_dialog ());
  modified = g_date_time_new_from_iso8601 (cd_article_get_field (f->article, CD_ARTICLE_FIELD_MODIFIED), NULL);
  g_assert_nonnull (modified);
  g_assert_cmpint (g_date_time_compare (modified, before), >=, 0);
  /* The copy itself is the edited story. */
  html = clipboard_text (clipboard);
  g_assert_nonnull (strstr (html, "Mayor resigns, aides say"));
}

/* Typed dates: ISO, or as the locale writes them (C here: month first,
 * English month names); the story keeps ISO 8601. */
static void
test_typed_dates (Fixture       *f,
                  gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  CdDetailsPanel *details = _cd_window_get_details_panel (f->window);
  struct { const char *typed; const char *stored; } dates[] = {
    { "2024-05-14", "2024-05-14" },
    { " 05/14/2024 ", "2024-05-14" },
    { "14 May 2024", "2024-05-14" },
    { "May 14, 2024", "2024-05-14" },
    /* Half typed, or no year: not a date yet. */
    { "2024-05-1", NULL },
    { "12", NULL },
    { "05/14", NULL },
    { "2024-02-30", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *stored = cd_date_parse_user (dates[i].typed);

      g_assert_cmpstr (stored, ==, dates[i].stored);
    }

  {
    g_autofree char *iso = cd_date_time_parse_user ("2024-05-14 09:30");
    g_autofree char *typed = cd_date_time_parse_user ("05/14/2024 9:30");
    g_autofree char *named = cd_date_time_parse_user ("14 May 2024, 09.30");
    g_autofree char *utc = cd_date_time_parse_user ("2024-05-14T07:30Z");
    g_autofree char *no_time = cd_date_time_parse_user ("05/14/2024");

    /* Berlin in May is two hours ahead of UTC. */
    g_assert_cmpstr (iso, ==, "2024-05-14T09:30:00+02:00");
    g_assert_cmpstr (typed, ==, "2024-05-14T09:30:00+02:00");
    g_assert_cmpstr (named, ==, "2024-05-14T09:30:00+02:00");
    g_assert_cmpstr (utc, ==, "2024-05-14T07:30:00Z");
    g_assert_null (no_time);
  }

  /* In the fields. */
  gtk_editable_set_text (_cd_story_fields_get_dateline_date (fields), "05/14/2024");
  g_assert_cmpstr (cd_article_get_dateline (f->article)->date, ==, "2024-05-14");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (_cd_story_fields_get_dateline_date (fields)), "error"));
  /* Deleting the year leaves no date: the field says so, the story
   * keeps the last one. */
  gtk_editable_delete_text (_cd_story_fields_get_dateline_date (fields), 6, -1);
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_dateline_date (fields)), ==, "05/14/");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_cd_story_fields_get_dateline_date (fields)), "error"));
  g_assert_cmpstr (cd_article_get_dateline (f->article)->date, ==, "2024-05-14");

  gtk_editable_set_text (_cd_details_panel_get_embargo (details), "06/01/2099 10:00");
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_EMBARGO), ==, "2099-06-01T10:00:00+02:00");
}

/* The calendar buttons beside the dateline date and the embargo. */
static void
test_date_pickers (Fixture       *f,
                   gconstpointer  data)
{
  CdStoryFields *fields = _cd_window_get_story_fields (f->window);
  CdDatePicker *date = _cd_story_fields_get_date_picker (fields);
  CdDatePicker *embargo = _cd_details_panel_get_embargo_picker (_cd_window_get_details_panel (f->window));
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) day = g_date_time_new (local, 2031, 3, 9, 0, 0, 0);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (date)));

  gtk_calendar_select_day (cd_date_picker_get_calendar (date), day);
  cd_date_picker_pick (date);
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_dateline_date (fields)), ==, "2031-03-09");
  g_assert_cmpstr (cd_article_get_dateline (f->article)->date, ==, "2031-03-09");

  /* The picker opens on the story's date. */
  cd_article_set_field (f->article, CD_ARTICLE_FIELD_EMBARGO, "2032-07-04T06:15:00Z");
  g_assert_cmpint (gtk_calendar_get_date (cd_date_picker_get_calendar (embargo)) != NULL, ==, TRUE);
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (cd_date_picker_get_calendar (embargo));

    g_assert_cmpint (g_date_time_get_year (shown), ==, 2032);
    g_assert_cmpint (g_date_time_get_month (shown), ==, 7);
    g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 4);
    /* 06:15 UTC is 08:15 in Berlin. */
    g_assert_cmpstr (gtk_editable_get_text (cd_date_picker_get_time_entry (embargo)), ==, "08:15");
  }

  gtk_calendar_select_day (cd_date_picker_get_calendar (embargo), day);
  gtk_editable_set_text (cd_date_picker_get_time_entry (embargo), "7:45");
  cd_date_picker_pick (embargo);
  /* March 9 is still winter time: one hour ahead. */
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_EMBARGO), ==, "2031-03-09T07:45:00+01:00");

  /* A time that is none is refused, and the story keeps its embargo. */
  gtk_editable_set_text (cd_date_picker_get_time_entry (embargo), "25:99");
  cd_date_picker_pick (embargo);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cd_date_picker_get_time_entry (embargo)), "error"));
  g_assert_cmpstr (cd_article_get_field (f->article, CD_ARTICLE_FIELD_EMBARGO), ==, "2031-03-09T07:45:00+01:00");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-desk-state-XXXXXX");
  /* A fixed zone, so the banner's local time is known. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/desk/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("preflight-panel", test_panel);
  ADD ("house-style-limits", test_house_style_limits);
  ADD ("copy-anyway", test_copy_anyway);
  ADD ("status", test_status);
  ADD ("embargo-banner", test_embargo_banner);
  ADD ("counters", test_counters);
  ADD ("modified", test_modified);
  ADD ("typed-dates", test_typed_dates);
  ADD ("date-pickers", test_date_pickers);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
