/* test-editing.c: the story fields, the details panel and undo, in a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-editing"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-details-panel-private.h"
#include "cd-preview-private.h"
#include "cd-story-fields-private.h"
#include "cd-window-private.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

typedef struct
{
  CdWindow       *window;
  CdStoryFields  *fields;
  CdDetailsPanel *details;
  WebKitWebView  *web_view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = cd_window_new (NULL);
  f->fields = _cd_window_get_story_fields (f->window);
  f->details = _cd_window_get_details_panel (f->window);
  f->web_view = _cd_preview_get_web_view (_cd_window_get_preview (f->window));
  cd_test_count_loads (f->web_view);

  gtk_window_present (GTK_WINDOW (f->window));
  cd_test_wait_for_load (f->web_view, 0, "the new story's preview");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cd_test_destroy_window (f->window);
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Types @text at the caret, as the input method hands it to the view. */
static void
type_into_view (GtkTextView *view,
                const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (view), text, -1, TRUE);
}

static void
type_into_editable (GtkEditable *editable,
                    const char  *text)
{
  int position;

  gtk_widget_grab_focus (GTK_WIDGET (editable));
  position = (int) g_utf8_strlen (gtk_editable_get_text (editable), -1);
  gtk_editable_insert_text (editable, text, -1, &position);
}

static void
replace_editable (GtkEditable *editable,
                  const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (editable));
  gtk_editable_delete_text (editable, 0, -1);
  type_into_editable (editable, text);
}

static void
activate (CdWindow   *window,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

static CdArticle *
article (Fixture *f)
{
  return cd_window_get_article (f->window);
}

static char *
evaluate (Fixture    *f,
          const char *script)
{
  return cd_test_evaluate (f->web_view, script);
}

typedef struct
{
  Fixture    *f;
  const char *expected;
} DomWait;

static gboolean
dom_headline_is (gpointer data)
{
  DomWait *wait = data;
  g_autofree char *h1 = evaluate (wait->f, "(document.querySelector ('article h1') || {}).textContent || ''");

  return g_strcmp0 (h1, wait->expected) == 0;
}

static void
test_headline_reaches_preview (Fixture       *f,
                               gconstpointer  data)
{
  GtkTextView *headline = _cd_story_fields_get_headline (f->fields);
  DomWait wait = { f, "Harbour board backs night ferry" };
  g_autofree char *text = NULL;

  type_into_view (headline, "Harbour board ");
  type_into_view (headline, "backs night ferry");

  g_assert_cmpstr (cd_article_get_headline (article (f)), ==, "Harbour board backs night ferry");
  g_assert_true (cd_window_get_modified (f->window));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)), "• Harbour board"));

  /* The preview patches the page from the model; no reload is asked. */
  cd_test_wait_for (dom_headline_is, &wait, "the preview's headline");

  /* Pasted lines become one headline. */
  type_into_view (headline, "\ntonight\r\n");
  text = view_text (headline);
  g_assert_cmpstr (text, ==, "Harbour board backs night ferry tonight");
  g_assert_cmpstr (cd_article_get_headline (article (f)), ==, text);
}

static GtkEventController *
find_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }

  return NULL;
}

static void
test_enter_moves_on (Fixture       *f,
                     gconstpointer  data)
{
  GtkTextView *headline = _cd_story_fields_get_headline (f->fields);
  GtkTextView *subheadline = _cd_story_fields_get_subheadline (f->fields);
  GtkEventController *keys = find_key_controller (GTK_WIDGET (headline));
  g_autofree char *text = NULL;
  gboolean handled = FALSE;

  type_into_view (headline, "Ferry returns");
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 36, 0, &handled);

  g_assert_true (handled);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (subheadline)));
  text = view_text (headline);
  g_assert_cmpstr (text, ==, "Ferry returns");

  /* Enter in the subheadline goes on to the dateline of a story without
   * bylines. */
  keys = find_key_controller (GTK_WIDGET (subheadline));
  handled = FALSE;
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_KP_Enter, 104, 0, &handled);
  g_assert_true (handled);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (_cd_story_fields_get_dateline_place (f->fields))) ||
                 gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 GTK_WIDGET (_cd_story_fields_get_dateline_place (f->fields)));
}

static void
test_new_story (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const CdDateline *dateline = cd_article_get_dateline (article (f));

  g_assert_true (cd_window_is_empty (f->window));
  g_assert_false (cd_window_get_modified (f->window));
  g_assert_null (cd_window_get_file (f->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Untitled Story");
  g_assert_cmpstr (_cd_window_get_visible_page (f->window), ==, "editor");

  g_assert_nonnull (dateline);
  g_assert_cmpstr (dateline->date, ==, today);
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_dateline_date (f->fields)), ==, today);
  g_assert_cmpuint (cd_article_get_n_blocks (article (f)), ==, 1);
  g_assert_cmpint (cd_block_get_block_type (cd_article_get_block (article (f), 0)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_STATUS), ==, "draft");
  g_assert_cmpuint (adw_combo_row_get_selected (_cd_details_panel_get_status (f->details)), ==, 0);

  /* Nothing to undo in a story nobody touched. */
  g_assert_false (cd_history_can_undo (_cd_window_get_history (f->window)));
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

static void
test_dateline (Fixture       *f,
               gconstpointer  data)
{
  GtkEditable *place = _cd_story_fields_get_dateline_place (f->fields);
  GtkEditable *source = _cd_story_fields_get_dateline_source (f->fields);
  GtkEditable *date = _cd_story_fields_get_dateline_date (f->fields);
  const CdDateline *dateline;

  type_into_editable (place, "PORTHAVEN");
  type_into_editable (source, "Reuters");
  replace_editable (date, "2024-05-14");

  dateline = cd_article_get_dateline (article (f));
  g_assert_cmpstr (dateline->place, ==, "PORTHAVEN");
  g_assert_cmpstr (dateline->source, ==, "Reuters");
  g_assert_cmpstr (dateline->date, ==, "2024-05-14");

  /* Something that is not a date stays out of the story and is marked:
   * the story has no date until the field holds one. */
  gtk_editable_set_text (date, "2024-02-30");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  g_assert_true (is_blank (cd_article_get_dateline (article (f))->date));
  g_assert_cmpstr (cd_article_get_dateline (article (f))->place, ==, "PORTHAVEN");
  gtk_editable_set_text (date, "2024-0");
  g_assert_true (is_blank (cd_article_get_dateline (article (f))->date));

  /* Editing the place keeps the unfinished date on screen. */
  type_into_editable (place, "X");
  g_assert_cmpstr (cd_article_get_dateline (article (f))->place, ==, "PORTHAVENX");
  g_assert_cmpstr (gtk_editable_get_text (date), ==, "2024-0");

  type_into_editable (date, "2-29");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  g_assert_cmpstr (cd_article_get_dateline (article (f))->date, ==, "2024-02-29");

  /* An empty dateline is no dateline. */
  gtk_editable_delete_text (place, 0, -1);
  gtk_editable_delete_text (source, 0, -1);
  gtk_editable_delete_text (date, 0, -1);
  g_assert_null (cd_article_get_dateline (article (f)));
}

static const char *
byline_name (Fixture *f,
             guint    position)
{
  return ((CdByline *) g_ptr_array_index (cd_article_get_bylines (article (f)), position))->name;
}

static void
test_bylines (Fixture       *f,
              gconstpointer  data)
{
  GPtrArray *bylines = cd_article_get_bylines (article (f));
  CdHistory *history = _cd_window_get_history (f->window);

  g_assert_cmpuint (_cd_story_fields_get_n_bylines (f->fields), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.add-byline", NULL);
  g_assert_cmpuint (bylines->len, ==, 1);
  g_assert_cmpuint (_cd_story_fields_get_n_bylines (f->fields), ==, 1);
  /* The new byline is ready for typing. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (_cd_story_fields_get_byline_name (f->fields, 0))));
  type_into_editable (_cd_story_fields_get_byline_name (f->fields, 0), "Maren Talbot");
  type_into_editable (_cd_story_fields_get_byline_title (f->fields, 0), "Transport correspondent");

  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.add-byline", NULL);
  type_into_editable (_cd_story_fields_get_byline_name (f->fields, 1), "Idris Okafor");
  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.add-byline", NULL);
  type_into_editable (_cd_story_fields_get_byline_name (f->fields, 2), "Ana Lima");

  g_assert_cmpuint (bylines->len, ==, 3);
  g_assert_cmpstr (byline_name (f, 0), ==, "Maren Talbot");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->title, ==, "Transport correspondent");
  g_assert_cmpstr (byline_name (f, 1), ==, "Idris Okafor");
  g_assert_cmpstr (byline_name (f, 2), ==, "Ana Lima");

  /* Reorder: the rows show the model's order. */
  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.move-byline-up", "u", 2);
  g_assert_cmpstr (byline_name (f, 1), ==, "Ana Lima");
  g_assert_cmpstr (byline_name (f, 2), ==, "Idris Okafor");
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_byline_name (f->fields, 1)), ==, "Ana Lima");
  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.move-byline-down", "u", 0);
  g_assert_cmpstr (byline_name (f, 0), ==, "Ana Lima");
  g_assert_cmpstr (byline_name (f, 1), ==, "Maren Talbot");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 1))->title, ==, "Transport correspondent");
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_byline_title (f->fields, 1)), ==,
                   "Transport correspondent");

  /* Moves past the ends do nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.move-byline-up", "u", 0);
  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.move-byline-down", "u", 2);
  g_assert_cmpstr (byline_name (f, 0), ==, "Ana Lima");
  g_assert_cmpstr (byline_name (f, 2), ==, "Idris Okafor");

  gtk_widget_activate_action (GTK_WIDGET (f->fields), "fields.remove-byline", "u", 0);
  g_assert_cmpuint (bylines->len, ==, 2);
  g_assert_cmpuint (_cd_story_fields_get_n_bylines (f->fields), ==, 2);
  g_assert_cmpstr (byline_name (f, 0), ==, "Maren Talbot");
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_byline_name (f->fields, 0)), ==, "Maren Talbot");

  /* Undo brings the removed byline back, as one step. */
  g_assert_true (cd_history_can_undo (history));
  activate (f->window, "win.undo");
  g_assert_cmpuint (bylines->len, ==, 3);
  g_assert_cmpuint (_cd_story_fields_get_n_bylines (f->fields), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (_cd_story_fields_get_byline_name (f->fields, 0)), ==, "Ana Lima");
  activate (f->window, "win.redo");
  g_assert_cmpuint (_cd_story_fields_get_n_bylines (f->fields), ==, 2);
}

static void
test_details (Fixture       *f,
              gconstpointer  data)
{
  GtkTextView *notes = _cd_details_panel_get_notes (f->details);
  GtkEditable *embargo = _cd_details_panel_get_embargo (f->details);
  const char * const *keywords;
  g_autofree char *expected_embargo = NULL;

  type_into_editable (_cd_details_panel_get_section (f->details), "Local");
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SECTION), ==, "Local");

  type_into_editable (_cd_details_panel_get_keywords (f->details), "Porthaven, ferries, ");
  keywords = cd_article_get_keywords (article (f));
  g_assert_cmpuint (g_strv_length ((char **) keywords), ==, 2);
  g_assert_cmpstr (keywords[0], ==, "Porthaven");
  g_assert_cmpstr (keywords[1], ==, "ferries");
  /* The trailing comma being typed stays. */
  g_assert_cmpstr (gtk_editable_get_text (_cd_details_panel_get_keywords (f->details)), ==, "Porthaven, ferries, ");
  type_into_editable (_cd_details_panel_get_keywords (f->details), " Gull Island");
  keywords = cd_article_get_keywords (article (f));
  g_assert_cmpstr (keywords[2], ==, "Gull Island");

  adw_combo_row_set_selected (_cd_details_panel_get_status (f->details), 2);
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_STATUS), ==, "approved");
  adw_combo_row_set_selected (_cd_details_panel_get_status (f->details), 3);
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_STATUS), ==, "published");

  type_into_view (notes, "Check the fares.\nCall the harbour board.");
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_NOTES), ==,
                   "Check the fares.\nCall the harbour board.");

  /* Embargo: only a real date and time, stored in full. */
  replace_editable (embargo, "2024-06-01T09:00Z");
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_EMBARGO), ==, "2024-06-01T09:00:00Z");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (embargo), "error"));
  type_into_editable (embargo, " or so");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (embargo), "error"));
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_EMBARGO), ==, "2024-06-01T09:00:00Z");
  g_assert_cmpstr (gtk_editable_get_text (embargo), ==, "2024-06-01T09:00Z or so");
  replace_editable (embargo, "2024-06-01 18:30:00+02:00");
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_EMBARGO), ==, "2024-06-01T18:30:00+02:00");
  gtk_editable_delete_text (embargo, 0, -1);
  g_assert_null (cd_article_get_field (article (f), CD_ARTICLE_FIELD_EMBARGO));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (embargo), "error"));

  /* Without an offset the time is the user's own. */
  {
    g_autoptr(GTimeZone) local = g_time_zone_new_local ();
    g_autoptr(GDateTime) time = g_date_time_new (local, 2024, 6, 1, 9, 0, 0);
    g_autofree char *parsed = cd_date_time_parse_rfc3339 ("2024-06-01T09:00");

    if (g_date_time_get_utc_offset (time) == 0)
      expected_embargo = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
    else
      expected_embargo = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
    g_assert_cmpstr (parsed, ==, expected_embargo);
  }
  g_assert_null (cd_date_time_parse_rfc3339 ("2024-06-01"));
  g_assert_null (cd_date_time_parse_rfc3339 ("2024-13-01T09:00"));
  g_assert_null (cd_date_time_parse_rfc3339 (""));
}

static void
test_undo_restores_fields (Fixture       *f,
                           gconstpointer  data)
{
  GtkTextView *headline = _cd_story_fields_get_headline (f->fields);
  GtkTextView *subheadline = _cd_story_fields_get_subheadline (f->fields);
  CdHistory *history = _cd_window_get_history (f->window);
  AdwComboRow *status = _cd_details_panel_get_status (f->details);
  GtkEditable *section = _cd_details_panel_get_section (f->details);
  g_autofree char *text = NULL;

  type_into_view (headline, "Ferry ");
  type_into_view (headline, "returns");
  cd_history_break (history);
  type_into_view (subheadline, "Late sailings are back");
  adw_combo_row_set_selected (status, 1);
  type_into_editable (section, "Local");

  activate (f->window, "win.undo");
  g_assert_cmpstr (gtk_editable_get_text (section), ==, "");
  g_assert_null (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SECTION));

  activate (f->window, "win.undo");
  g_assert_cmpuint (adw_combo_row_get_selected (status), ==, 0);
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_STATUS), ==, "draft");

  activate (f->window, "win.undo");
  text = view_text (subheadline);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* Leaving the headline set the slug, a step of its own. */
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG), ==, "ferry-returns");
  activate (f->window, "win.undo");
  g_assert_null (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG));
  g_assert_cmpstr (gtk_editable_get_text (_cd_details_panel_get_slug (f->details)), ==, "");

  /* Typing one field is one step. */
  activate (f->window, "win.undo");
  text = view_text (headline);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (cd_article_get_headline (article (f)), ==, "");
  g_assert_false (cd_history_can_undo (history));

  activate (f->window, "win.redo");
  activate (f->window, "win.redo");
  activate (f->window, "win.redo");
  text = view_text (headline);
  g_assert_cmpstr (text, ==, "Ferry returns");
  g_clear_pointer (&text, g_free);
  text = view_text (subheadline);
  g_assert_cmpstr (text, ==, "Late sailings are back");

  /* The fields kept their own undo off, so Ctrl+Z reaches the story. */
  g_assert_false (gtk_text_buffer_get_enable_undo (gtk_text_view_get_buffer (headline)));
  g_assert_false (gtk_editable_get_enable_undo (section));
  g_assert_false (gtk_editable_get_enable_undo (_cd_story_fields_get_dateline_place (f->fields)));
}

static gboolean
is_unmodified (gpointer data)
{
  return !cd_window_get_modified (data);
}

static void
test_undo_to_saved_state (Fixture       *f,
                          gconstpointer  data)
{
  GtkTextView *headline = _cd_story_fields_get_headline (f->fields);

  type_into_view (headline, "Ferry returns");
  g_assert_true (cd_window_get_modified (f->window));

  /* Back where the story started: nothing to save. */
  activate (f->window, "win.undo");
  cd_test_wait_for (is_unmodified, f->window, "the story to read as unmodified");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Untitled Story");

  activate (f->window, "win.redo");
  g_assert_true (cd_window_get_modified (f->window));
}

static void
test_slug_follows_headline (Fixture       *f,
                            gconstpointer  data)
{
  GtkTextView *headline = _cd_story_fields_get_headline (f->fields);
  GtkTextView *subheadline = _cd_story_fields_get_subheadline (f->fields);
  GtkEditable *slug = _cd_details_panel_get_slug (f->details);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (headline);

  type_into_view (headline, "Café owners’ strike ends");
  /* Typing the headline is one undo step; the slug follows on leaving. */
  g_assert_null (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG));
  gtk_widget_grab_focus (GTK_WIDGET (subheadline));
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG), ==, "cafe-owners-strike-ends");
  g_assert_cmpstr (gtk_editable_get_text (slug), ==, "cafe-owners-strike-ends");

  /* Still the suggestion: it follows the next headline too. */
  gtk_text_buffer_set_text (buffer, "", -1);
  type_into_view (headline, "Strike at 5 cafés ends — for now");
  gtk_widget_grab_focus (GTK_WIDGET (subheadline));
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG), ==, "strike-at-5-cafes-ends-for-now");

  /* Edited by hand, it stays. */
  replace_editable (slug, "cafe-strike");
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG), ==, "cafe-strike");
  type_into_view (headline, " and later");
  gtk_widget_grab_focus (GTK_WIDGET (subheadline));
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG), ==, "cafe-strike");

  /* Emptied, it follows again. */
  gtk_editable_delete_text (slug, 0, -1);
  g_assert_null (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG));
  type_into_view (headline, "!");
  gtk_widget_grab_focus (GTK_WIDGET (subheadline));
  g_assert_cmpstr (cd_article_get_field (article (f), CD_ARTICLE_FIELD_SLUG), ==,
                   "strike-at-5-cafes-ends-for-now-and-later");
}

static void
test_slug_from_headline (void)
{
  struct {
    const char *headline;
    const char *slug;
  } cases[] = {
    { "UK halts Huawei advice", "uk-halts-huawei-advice" },
    { "  Don’t panic: 5G-ready U.S. aid  ", "dont-panic-5g-ready-u-s-aid" },
    { "Zürich’s Ærø café — naïve façade", "zurichs-aeroe-cafe-naive-facade" },
    { "Ελλάδα", "" },
    { "", "" },
    { "---", "" },
  };
  g_autofree char *long_slug = NULL;
  GString *long_headline = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = cd_slug_from_headline (cases[i].headline);

      g_assert_cmpstr (slug, ==, cases[i].slug);
    }

  /* Long headlines are cut at a word, never mid-word. */
  for (guint i = 0; i < 20; i++)
    g_string_append (long_headline, "harbour ");
  long_slug = cd_slug_from_headline (long_headline->str);
  g_assert_cmpuint (strlen (long_slug), <=, 80);
  g_assert_true (g_str_has_suffix (long_slug, "-harbour"));
  g_string_free (long_headline, TRUE);
}

typedef struct
{
  CdWindow   *window;
  const char *needle;
} StatsWait;

static gboolean
stats_contain (gpointer data)
{
  StatsWait *wait = data;
  const char *text = _cd_window_get_stats_text (wait->window);

  return text != NULL && strstr (text, wait->needle) != NULL;
}

static void
test_status_bar (Fixture       *f,
                 gconstpointer  data)
{
  GtkTextView *headline = _cd_story_fields_get_headline (f->fields);
  GtkLabel *length = _cd_window_get_headline_length_label (f->window);
  StatsWait wait = { f->window, "4 words" };

  g_assert_nonnull (strstr (_cd_window_get_stats_text (f->window), "0 words"));
  g_assert_cmpstr (gtk_label_get_label (length), ==, "Headline 0/70");

  type_into_view (headline, "Night ferry sails again");
  cd_test_wait_for (stats_contain, &wait, "the word count");
  g_assert_nonnull (strstr (_cd_window_get_stats_text (f->window), "23 characters"));
  g_assert_nonnull (strstr (_cd_window_get_stats_text (f->window), "1 min read"));
  g_assert_cmpstr (gtk_label_get_label (length), ==, "Headline 23/70");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (length), "error"));

  /* Over 70 characters the length turns red. */
  type_into_view (headline, " after twenty years as the harbour board backs a new bo");
  wait.needle = "78 characters";
  cd_test_wait_for (stats_contain, &wait, "the character count");
  g_assert_cmpstr (gtk_label_get_label (length), ==, "Headline 78/70");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (length), "error"));
}

/* Keys 50 ms apart, far more of them than a second's worth. */
#define STREAM_MAX_KEYS 200

typedef struct
{
  CdWindow    *window;
  GtkTextView *view;
  char        *counts_before;
  guint        typed;
  guint        typed_when_counted;
  gboolean     done;
} KeyStream;

static gboolean
stream_key_cb (gpointer data)
{
  KeyStream *stream = data;

  if (g_strcmp0 (_cd_window_get_stats_text (stream->window), stream->counts_before) != 0)
    stream->typed_when_counted = stream->typed;
  if (stream->typed_when_counted != 0 || stream->typed == STREAM_MAX_KEYS)
    {
      stream->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  type_into_view (stream->view, "x");
  stream->typed++;
  return G_SOURCE_CONTINUE;
}

static gboolean
stream_done (gpointer data)
{
  return ((KeyStream *) data)->done;
}

/* The counts wait for a pause in the typing, but not for ever: keys
 * that keep coming see them follow. */
static void
test_status_bar_while_typing (Fixture       *f,
                              gconstpointer  data)
{
  KeyStream stream = { f->window, _cd_story_fields_get_headline (f->fields), NULL, 0, 0, FALSE };
  StatsWait wait = { f->window, NULL };
  g_autofree char *needle = NULL;

  stream.counts_before = g_strdup (_cd_window_get_stats_text (f->window));
  g_timeout_add (50, stream_key_cb, &stream);
  cd_test_wait_for (stream_done, &stream, "the counts to follow the typing");
  g_assert_cmpuint (stream.typed_when_counted, >, 0);
  g_assert_cmpuint (stream.typed_when_counted, <, STREAM_MAX_KEYS);
  g_free (stream.counts_before);

  /* And once it stops, they show every key. */
  needle = g_strdup_printf ("%u characters", stream.typed);
  wait.needle = needle;
  cd_test_wait_for (stats_contain, &wait, "the counts after the typing");
}

static void
test_toggle_panels (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.copydesk.Copydesk");
  GtkWidget *preview = GTK_WIDGET (_cd_window_get_preview (f->window));
  gboolean shown;

  g_assert_true (gtk_widget_is_visible (preview));
  activate (f->window, "win.toggle-preview");
  g_assert_false (gtk_widget_is_visible (preview));
  g_assert_false (g_settings_get_boolean (settings, "show-preview"));
  activate (f->window, "win.toggle-preview");
  g_assert_true (gtk_widget_is_visible (preview));
  g_assert_true (g_settings_get_boolean (settings, "show-preview"));

  g_object_get (f->window, "show-details", &shown, NULL);
  g_assert_false (shown);
  activate (f->window, "win.toggle-details");
  g_object_get (f->window, "show-details", &shown, NULL);
  g_assert_true (shown);
  g_assert_true (g_settings_get_boolean (settings, "show-details"));
  activate (f->window, "win.toggle-details");
  g_assert_false (g_settings_get_boolean (settings, "show-details"));

  g_settings_reset (settings, "show-preview");
  g_settings_reset (settings, "show-details");
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_export_button (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *export = find_actionable (GTK_WIDGET (f->window), "win.export");
  GtkWidget *save = find_actionable (GTK_WIDGET (f->window), "win.save");

  /* tests/ui/test-export.c drives the dialog the button opens. */
  g_assert_nonnull (export);
  g_assert_true (gtk_widget_get_sensitive (export));
  g_assert_nonnull (save);
  g_assert_true (gtk_widget_get_sensitive (save));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-editing-XXXXXX");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/editing/new-story", Fixture, NULL,
              fixture_set_up, test_new_story, fixture_tear_down);
  g_test_add ("/ui/editing/headline-reaches-preview", Fixture, NULL,
              fixture_set_up, test_headline_reaches_preview, fixture_tear_down);
  g_test_add ("/ui/editing/enter-moves-on", Fixture, NULL,
              fixture_set_up, test_enter_moves_on, fixture_tear_down);
  g_test_add ("/ui/editing/dateline", Fixture, NULL,
              fixture_set_up, test_dateline, fixture_tear_down);
  g_test_add ("/ui/editing/bylines", Fixture, NULL,
              fixture_set_up, test_bylines, fixture_tear_down);
  g_test_add ("/ui/editing/details", Fixture, NULL,
              fixture_set_up, test_details, fixture_tear_down);
  g_test_add ("/ui/editing/undo-restores-fields", Fixture, NULL,
              fixture_set_up, test_undo_restores_fields, fixture_tear_down);
  g_test_add ("/ui/editing/undo-to-saved-state", Fixture, NULL,
              fixture_set_up, test_undo_to_saved_state, fixture_tear_down);
  g_test_add ("/ui/editing/slug-follows-headline", Fixture, NULL,
              fixture_set_up, test_slug_follows_headline, fixture_tear_down);
  g_test_add ("/ui/editing/status-bar", Fixture, NULL,
              fixture_set_up, test_status_bar, fixture_tear_down);
  g_test_add ("/ui/editing/status-bar-while-typing", Fixture, NULL,
              fixture_set_up, test_status_bar_while_typing, fixture_tear_down);
  g_test_add ("/ui/editing/toggle-panels", Fixture, NULL,
              fixture_set_up, test_toggle_panels, fixture_tear_down);
  g_test_add ("/ui/editing/export-button", Fixture, NULL,
              fixture_set_up, test_export_button, fixture_tear_down);
  g_test_add_func ("/ui/editing/slug-from-headline", test_slug_from_headline);

  status = g_test_run ();

  g_rmdir (state_dir);

  return status;
}
