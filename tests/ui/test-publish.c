/* test-publish.c: the Publish dialog and the window's win.publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What reaches the site is tested against a real WordPress in tests/wp;
 * here, what the dialog shows and offers before anything is sent.
 */

#define G_LOG_DOMAIN "test-publish"

#include "config.h"

#include <string.h>

#include "cd-application.h"
#include "cd-test-story.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"
#include "cd-publish-dialog-private.h"
#include "cd-window.h"

static void
set_sites (const char *value)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  g_settings_set_value (settings, "publish-sites", g_variant_new_parsed (value));
}

/* Without a site there is nothing to publish to, and the dialog says
 * where to add one. */
static void
test_no_site (void)
{
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  CdPublishDialog *dialog;

  set_sites ("@a(sss) []");
  dialog = cd_publish_dialog_new (NULL, article);
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_false (gtk_widget_get_sensitive (_cd_publish_dialog_get_publish_button (dialog)));
  g_assert_nonnull (strstr (gtk_label_get_text (_cd_publish_dialog_get_summary_label (dialog)),
                            "add one under Publishing in the preferences"));

  cd_test_destroy_window (dialog);
}

/* The summary names what will be sent, and never the desk notes. */
static void
test_summary (void)
{
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  g_autoptr(CdPublishRecord) record = cd_publish_record_new ("https://news.example");
  CdPublishDialog *dialog;
  const char *summary;

  set_sites ("[('Porthaven News', 'https://news.example', 'desk')]");
  dialog = cd_publish_dialog_new (NULL, article);
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_get_sensitive (_cd_publish_dialog_get_publish_button (dialog)));
  summary = gtk_label_get_text (_cd_publish_dialog_get_summary_label (dialog));
  g_assert_nonnull (strstr (summary, "Title: Night ferry to Gull Island to sail from next month"));
  g_assert_nonnull (strstr (summary, "Excerpt: Electric catamaran"));
  g_assert_nonnull (strstr (summary, "1 picture to the media library, the lead photo as the featured image"));
  g_assert_nonnull (strstr (summary, "Category: Local"));
  g_assert_nonnull (strstr (summary, "Tags: Porthaven, ferries, Gull Island, transport, night economy"));
  g_assert_nonnull (strstr (summary, "desk notes are not sent"));
  g_assert_null (strstr (summary, "press office"));
  g_assert_null (strstr (summary, "Updates the post"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_cd_publish_dialog_get_slug_row (dialog))), ==,
                   "porthaven-night-ferry");
  cd_test_destroy_window (dialog);

  /* A story published there before updates its post, and says so. */
  record->post_id = 7;
  record->link = g_strdup ("https://news.example/porthaven-night-ferry/");
  cd_article_set_publish_record (article, record);
  dialog = cd_publish_dialog_new (NULL, article);
  gtk_window_present (GTK_WINDOW (dialog));
  summary = gtk_label_get_text (_cd_publish_dialog_get_summary_label (dialog));
  g_assert_nonnull (strstr (summary, "Updates the post published there before: https://news.example/porthaven-night-ferry/"));
  cd_test_destroy_window (dialog);
}

/* The date is asked for a scheduled post only, pre-filled from the
 * embargo. */
static void
test_scheduled_date (void)
{
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  CdPublishDialog *dialog;
  AdwEntryRow *date_row;

  set_sites ("[('Porthaven News', 'https://news.example', 'desk')]");
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2024-05-14T18:00:00Z");
  dialog = cd_publish_dialog_new (NULL, article);
  gtk_window_present (GTK_WINDOW (dialog));
  date_row = _cd_publish_dialog_get_date_row (dialog);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (date_row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date_row)), ==, "2024-05-14T18:00:00Z");

  /* Draft, Pending Review, Scheduled, Publish Now. */
  adw_combo_row_set_selected (_cd_publish_dialog_get_status_row (dialog), 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (date_row)));
  adw_combo_row_set_selected (_cd_publish_dialog_get_status_row (dialog), 3);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (date_row)));

  cd_test_destroy_window (dialog);
}

static CdPublishDialog *
find_publish_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CD_IS_PUBLISH_DIALOG (window))
        return CD_PUBLISH_DIALOG (window);
    }

  return NULL;
}

static AdwMessageDialog *
find_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
question_shown (gpointer data)
{
  return find_question () != NULL;
}

static gboolean
publish_dialog_shown (gpointer data)
{
  return find_publish_dialog () != NULL;
}

/* win.publish (Ctrl+Shift+P) opens the dialog over the window, after
 * asking about the open pre-flight items as Export does: a new story
 * has no byline. */
static void
test_window_action (void)
{
  CdWindow *window = cd_window_new (NULL);
  CdPublishDialog *dialog;
  AdwMessageDialog *question;

  set_sites ("@a(sss) []");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (find_publish_dialog ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.publish", NULL));
  cd_test_wait_for (question_shown, NULL, "the pre-flight question");
  question = find_question ();
  g_assert_null (find_publish_dialog ());
  adw_message_dialog_response (question, "cancel");
  gtk_window_destroy (GTK_WINDOW (question));
  g_assert_null (find_publish_dialog ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.publish", NULL));
  cd_test_wait_for (question_shown, NULL, "the pre-flight question");
  question = find_question ();
  adw_message_dialog_response (question, "anyway");
  gtk_window_destroy (GTK_WINDOW (question));
  cd_test_wait_for (publish_dialog_shown, NULL, "the publish dialog");
  dialog = find_publish_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  cd_test_destroy_window (dialog);
  cd_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;

  /* Journals of the window go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-publish-state-XXXXXX");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/publish/no-site", test_no_site);
  g_test_add_func ("/ui/publish/summary", test_summary);
  g_test_add_func ("/ui/publish/scheduled-date", test_scheduled_date);
  g_test_add_func ("/ui/publish/window-action", test_window_action);

  return g_test_run ();
}
