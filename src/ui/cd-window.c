/* cd-window.c: the editor window of one story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-application.h"
#include "cd-block-editor.h"
#include "cd-block-editor-private.h"
#include "cd-details-panel.h"
#include "cd-details-panel-private.h"
#include "cd-embargo-banner.h"
#include "cd-export-dialog.h"
#include "cd-find-bar.h"
#include "cd-lead-photo-editor.h"
#include "cd-publish-dialog.h"
#include "cd-house-style.h"
#include "cd-length-counter.h"
#include "cd-preflight-panel.h"
#include "cd-spell-window.h"
#include "cd-journal-writer.h"
#include "cd-menu-button.h"
#include "cd-preview.h"
#include "cd-status-button.h"
#include "cd-story-fields.h"
#include "cd-story-fields-private.h"
#include "cd-story-snapshot.h"
#include "cd-window-revisions.h"
#include "cd-accessible.h"
#include "cd-window-private.h"

/* The journal is written as soon as the main loop has handled the change
 * (the keys that came with it are written together), and a change made
 * while a write is under way is written as soon as that write ends. So a
 * change is on disk at most two writes after it was made: what a crash
 * loses is the last 0.2 s of typing at most (tests/ui/test-recovery-kill.c
 * checks that; tests/bench/bench-journal.c prints the costs). These
 * writes do not wait for the disk, which a crash of the program does not
 * need; one write each "autosave-interval" seconds does, so a system
 * crash or a power cut loses at most that many seconds. */
/* The status bar is recounted at most this often while typing. */
#define STATS_DELAY_MS 250

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *announcer;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *preview_width_button;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkPaned             *paned;
  GtkRevealer          *details_revealer;
  CdDetailsPanel       *details_panel;
  CdStoryFields        *story_fields;
  CdBlockEditor        *block_editor;
  GtkWidget            *story_scroller;
  /* The story column's field that last had the caret, given back on F6. */
  GtkWidget            *story_focus;
  GtkLabel             *stats_label;
  GtkLabel             *headline_length_label;
  GtkLabel             *dek_length_label;
  GtkWidget            *preview_pane;
  CdPreview            *preview;
  GtkMenuButton        *preflight_button;
  CdPreflightPanel     *preflight_panel;
  CdStatusButton       *status_button;
  CdEmbargoBanner      *embargo_banner;
  CdLeadPhotoEditor    *lead_photo_editor;
  CdFindBar            *find_bar;

  GSettings            *settings;
  CdSpellAttach        *spell;
  gboolean              show_preview;
  gboolean              show_details;
  /* The story column's share of the width, kept as the window resizes. */
  double                paned_ratio;

  GFile                *file;
  /* The name of the wire story shown, which no file holds yet. */
  char                 *imported_name;
  CdArticle            *article;
  CdHistory            *history;
  /* Set while a file is read; cancelled when another open supersedes it. */
  GCancellable         *load_cancellable;
  char                 *error_message;

  /* Every change counts up; the story is modified while the count differs
   * from the count at the last save. */
  guint64               change_serial;
  guint64               saved_serial;
  /* article.json as last saved or opened, so undoing back to it clears
   * the modified mark; NULL when no file holds the story. */
  GBytes               *saved_json;
  gboolean              is_new;
  guint                 compare_idle_id;

  gboolean              saving;
  gboolean              close_after_save;
  gboolean              close_confirmed;
  GtkWindow            *close_dialog;

  char                 *journal_id;
  /* A journal exists on disk, or is being written. */
  gboolean              journal_exists;
  gboolean              journal_writing;
  guint64               journal_serial;
  guint                 journal_idle_id;
  gboolean              journal_error_shown;
  /* When the last write that waited for the disk began. */
  gint64                journal_durable_time;
  /* The change the newest snapshot handed to the writer holds. */
  guint64               journal_submitted_serial;
  /* Snapshots of this journal handed to the writer and not reported yet. */
  guint                 journal_jobs;
  CdJournalWriter      *journal_writer;
  CdJournalStats        journal_stats;
  /* The window has closed: journals written from now on are removed. */
  gboolean              closed;

  guint                 stats_timeout_id;
  char                 *stats_text;

  /* The action the desk confirmed with "… Anyway": it runs once
   * without asking again. */
  const char           *preflight_confirmed;
  /* When the story was last edited, for the "modified" time of an
   * export of unsaved edits; 0 before any edit. */
  gint64                last_edit_time;
  AdwToast             *last_toast;
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PREVIEW,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void save_document (CdWindow *self);
static void save_as (CdWindow *self);
static void schedule_journal (CdWindow *self);
static gboolean write_journal_cb (gpointer user_data);

/* A copy of the story that a worker thread can turn back into an article:
 * the JSON and the media, both immutable. */
typedef struct
{
  CdStorySnapshot *story;
  char         *display_name;
  /* Set as the copy's "modified" time when saving. */
  char         *modified;
  GFile        *file;
  guint64       serial;
  /* Held while the thread works, so the process outlives the window. */
  GApplication *application;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->story, cd_story_snapshot_free);
  g_free (snapshot->display_name);
  g_free (snapshot->modified);
  g_clear_object (&snapshot->file);
  g_clear_object (&snapshot->application);
  g_free (snapshot);
}

/* On the main thread, once the thread is done. */
static void
snapshot_release_application (Snapshot *snapshot)
{
  if (snapshot->application != NULL)
    g_application_release (snapshot->application);
  g_clear_object (&snapshot->application);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static Snapshot *
snapshot_new (CdWindow *self)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->story = cd_story_snapshot_new (self->article);
  snapshot->display_name = self->file != NULL ? file_display_name (self->file) : g_strdup (_("Untitled Story"));
  snapshot->serial = self->change_serial;

  /* Keeps the process alive until the journal or the save is on disk,
   * even when the last window closes meanwhile. */
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      snapshot->application = G_APPLICATION (g_object_ref (gtk_window_get_application (GTK_WINDOW (self))));
      g_application_hold (snapshot->application);
    }

  return snapshot;
}

static CdArticle *
snapshot_build_article (Snapshot  *snapshot,
                        GError   **error)
{
  g_autoptr(CdArticle) article = NULL;

  article = cd_story_snapshot_build (snapshot->story, snapshot->display_name, error);
  if (article == NULL)
    return NULL;

  if (snapshot->modified != NULL)
    cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, snapshot->modified);

  return g_steal_pointer (&article);
}

static gboolean
is_modified (CdWindow *self)
{
  return self->article != NULL && self->change_serial != self->saved_serial;
}

/* Title */

static char *
story_name (CdWindow *self)
{
  const char *headline = self->article != NULL ? cd_article_get_headline (self->article) : NULL;

  if (headline != NULL && headline[0] != '\0')
    return g_strdup (headline);
  if (self->file != NULL)
    return file_display_name (self->file);
  if (self->imported_name != NULL)
    /* Translators: the name of a wire story (NITF, ninjs) that was opened
     * and is not saved as a Copydesk story yet */
    return g_strdup_printf (_("%s (imported)"), self->imported_name);

  return g_strdup (_("Untitled Story"));
}

static void
update_title (CdWindow *self)
{
  g_autofree char *name = story_name (self);
  g_autofree char *file_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;
  const char *headline = self->article != NULL ? cd_article_get_headline (self->article) : NULL;
  gboolean has_headline = headline != NULL && headline[0] != '\0';
  gboolean modified = is_modified (self);

  if (self->file != NULL && has_headline)
    file_name = file_display_name (self->file);
  else if (self->file == NULL && self->imported_name != NULL && has_headline)
    file_name = g_strdup_printf (_("%s (imported)"), self->imported_name);

  /* The dot is the usual GNOME mark of unsaved changes. */
  title = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, file_name);

  if (file_name != NULL)
    window_title = g_strdup_printf ("%s — %s", title, file_name);
  else
    window_title = g_strdup (title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* Status bar */

static gboolean
update_stats_cb (gpointer user_data)
{
  CdWindow *self = user_data;
  g_autofree char *words = NULL;
  g_autofree char *characters = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *dek = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *house_style = NULL;
  CdPreflightLimits limits;
  const char *subheadline;
  guint dek_length;
  guint selected;
  CdStats stats = { 0, };

  self->stats_timeout_id = 0;

  if (self->article != NULL)
    cd_stats_compute (self->article, &stats);

  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", stats.words), stats.words);
  selected = cd_block_editor_get_selection_words (self->block_editor);
  if (selected > 0)
    {
      g_free (words);
      /* Translators: words selected in the story's body, of all its words */
      words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u word", "%u of %u words", stats.words),
                               selected, stats.words);
    }
  characters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", stats.characters),
                                stats.characters);
  minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min read", "%u min read", stats.reading_minutes),
                             stats.reading_minutes);
  g_free (self->stats_text);
  /* Translators: words · characters · reading time */
  self->stats_text = g_strdup_printf (_("%s · %s · %s"), words, characters, minutes);
  gtk_label_set_label (self->stats_label, self->stats_text);

  house_style = g_settings_get_string (self->settings, "house-style");
  cd_house_style_get_limits (house_style, &limits);

  /* Translators: the headline's length against the house limit */
  headline = g_strdup_printf (_("Headline %u/%u"), stats.headline_length, limits.headline);
  if (stats.headline_length > limits.headline)
    tooltip = g_strdup_printf (_("The headline is %u characters over the limit of %u"),
                               stats.headline_length - limits.headline, limits.headline);
  cd_length_counter_update (self->headline_length_label, headline, stats.headline_length, limits.headline, tooltip);
  g_clear_pointer (&tooltip, g_free);

  subheadline = self->article != NULL ? cd_article_get_field (self->article, CD_ARTICLE_FIELD_SUBHEADLINE) : NULL;
  dek_length = subheadline != NULL ? g_utf8_strlen (subheadline, -1) : 0;
  /* Translators: the dek's (subheadline's) length against the house limit */
  dek = g_strdup_printf (_("Dek %u/%u"), dek_length, limits.dek);
  if (dek_length > limits.dek)
    tooltip = g_strdup_printf (_("The dek is %u characters over the limit of %u"),
                               dek_length - limits.dek, limits.dek);
  cd_length_counter_update (self->dek_length_label, dek, dek_length, limits.dek, tooltip);

  return G_SOURCE_REMOVE;
}

static void
schedule_stats (CdWindow *self)
{
  if (self->stats_timeout_id == 0)
    self->stats_timeout_id = g_timeout_add (STATS_DELAY_MS, update_stats_cb, self);
}

/* Recovery journal */

static void
discard_journal (CdWindow *self)
{
  if (self->journal_exists && self->journal_id != NULL)
    cd_recovery_discard (self->journal_id);
  if (self->journal_id != NULL && cd_journal_writer_drop_pending (self->journal_writer, self->journal_id))
    self->journal_jobs--;
  self->journal_writing = self->journal_jobs > 0;

  /* A journal still being written is removed when it lands. */
  self->journal_exists = self->journal_writing;
  self->journal_serial = 0;
}

static void
journal_written_cb (const char   *journal_id,
                    guint64       serial,
                    gint64        write_usec,
                    const GError *error,
                    gpointer      user_data)
{
  CdWindow *self = user_data;
  gboolean current_id = g_strcmp0 (journal_id, self->journal_id) == 0;

  if (current_id)
    {
      self->journal_jobs--;
      self->journal_writing = self->journal_jobs > 0;
    }

  /* Closed, saved, or another story shown while it was written. */
  if (self->closed || !current_id || !is_modified (self))
    {
      cd_recovery_discard (journal_id);
      if (current_id && !self->journal_writing)
        self->journal_exists = FALSE;
      return;
    }

  if (error != NULL)
    {
      /* The one safety net is gone: say so once, and try again with the
       * next change. */
      if (!self->journal_error_shown)
        {
          g_autofree char *message = g_strdup_printf (_("Unsaved changes cannot be kept safe: %s"), error->message);

          self->journal_error_shown = TRUE;
          cd_window_show_error (self, message);
        }
      g_warning ("Could not write the recovery journal: %s", error->message);
      return;
    }

  self->journal_exists = TRUE;
  self->journal_serial = MAX (self->journal_serial, serial);
  self->journal_stats.n_writes++;
  self->journal_stats.write_usec_total += write_usec;
  self->journal_stats.write_usec_max = MAX (self->journal_stats.write_usec_max, write_usec);
}

static gboolean
write_journal_cb (gpointer user_data)
{
  CdWindow *self = user_data;
  g_autofree char *original = NULL;
  g_autofree char *display_name = NULL;
  CdStorySnapshot *story;
  gboolean durable = FALSE;
  gint64 start;
  gint64 interval;

  self->journal_idle_id = 0;

  if (self->closed || self->article == NULL)
    return G_SOURCE_REMOVE;

  if (!is_modified (self))
    {
      discard_journal (self);
      return G_SOURCE_REMOVE;
    }

  if (self->journal_submitted_serial == self->change_serial)
    return G_SOURCE_REMOVE;

  /* Serialising the story is the only part on the main thread; the
   * writer's thread builds and writes the container. */
  start = g_get_monotonic_time ();
  story = cd_story_snapshot_new (self->article);
  self->journal_stats.n_snapshots++;
  self->journal_stats.snapshot_usec_total += g_get_monotonic_time () - start;

  interval = g_settings_get_uint (self->settings, "autosave-interval") * G_USEC_PER_SEC;
  if (self->journal_durable_time == 0 || start - self->journal_durable_time >= interval)
    {
      durable = TRUE;
      self->journal_durable_time = start;
    }

  if (self->file != NULL)
    {
      original = g_file_get_path (self->file);
      if (original == NULL)
        original = g_file_get_uri (self->file);
    }
  display_name = self->file != NULL ? file_display_name (self->file) : g_strdup (_("Untitled Story"));

  self->journal_writing = TRUE;
  self->journal_exists = TRUE;
  self->journal_submitted_serial = self->change_serial;
  if (!cd_journal_writer_submit (self->journal_writer, story, display_name, self->journal_id, original,
                                 self->change_serial, durable,
                                 G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)))))
    self->journal_jobs++;

  return G_SOURCE_REMOVE;
}

static void
schedule_journal (CdWindow *self)
{
  if (self->closed || self->journal_idle_id != 0)
    return;

  /* Ahead of drawing and of the next events: the change is handled, and
   * the keys that came with it are in. */
  self->journal_idle_id = g_idle_add_full (G_PRIORITY_HIGH, write_journal_cb, self, NULL);
}

/* Changes */

static void schedule_compare_with_saved (CdWindow *self,
                                         guint     delay_ms);

static void
story_changed (CdWindow *self)
{
  gboolean was_modified = is_modified (self);

  self->change_serial++;
  self->last_edit_time = g_get_real_time ();
  if (!was_modified)
    update_title (self);
  schedule_compare_with_saved (self, 300);
  schedule_stats (self);
  schedule_journal (self);
}

static void
field_changed_cb (CdWindow   *self,
                  const char *name)
{
  /* The save time is bookkeeping that saving itself sets. */
  if (g_strcmp0 (name, "modified") == 0)
    return;

  story_changed (self);

  if (g_strcmp0 (name, "headline") == 0)
    update_title (self);
}

static gboolean
compare_with_saved_cb (gpointer user_data)
{
  CdWindow *self = user_data;
  g_autoptr(GBytes) json = NULL;

  self->compare_idle_id = 0;

  if (self->saved_json == NULL || !is_modified (self))
    return G_SOURCE_REMOVE;

  json = cd_json_write (self->article);
  if (g_bytes_equal (json, self->saved_json))
    {
      self->saved_serial = self->change_serial;
      update_title (self);
      discard_journal (self);
    }

  return G_SOURCE_REMOVE;
}

/* Edits that cancel out (a block moved down and back up, a word typed
 * and deleted) leave the story as saved; comparing costs a
 * serialisation, so it waits until the edits have settled. */
static void
schedule_compare_with_saved (CdWindow *self,
                             guint     delay_ms)
{
  if (self->saved_json == NULL)
    return;

  g_clear_handle_id (&self->compare_idle_id, g_source_remove);
  self->compare_idle_id = g_timeout_add (delay_ms, compare_with_saved_cb, self);
}

static void
update_history_actions (CdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 self->history != NULL && cd_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 self->history != NULL && cd_history_can_redo (self->history));
}

/* Showing a story */

static void
disconnect_story (CdWindow *self)
{
  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
}

static void
show_story (CdWindow  *self,
            GFile     *file,
            CdArticle *article,
            GBytes    *saved_json)
{
  disconnect_story (self);
  _cd_window_close_compare (self);
  discard_journal (self);
  g_clear_handle_id (&self->journal_idle_id, g_source_remove);
  g_clear_handle_id (&self->compare_idle_id, g_source_remove);
  g_free (self->journal_id);
  self->journal_id = cd_recovery_new_id ();
  self->journal_exists = FALSE;
  self->journal_writing = FALSE;
  self->journal_error_shown = FALSE;
  self->journal_durable_time = 0;
  self->journal_submitted_serial = 0;
  self->journal_jobs = 0;

  g_set_object (&self->file, file);
  g_clear_pointer (&self->imported_name, g_free);
  g_set_object (&self->article, article);
  g_clear_object (&self->history);
  self->history = cd_history_new (article);
  g_clear_pointer (&self->saved_json, g_bytes_unref);
  self->saved_json = saved_json != NULL ? g_bytes_ref (saved_json) : NULL;
  self->change_serial = 0;
  self->saved_serial = 0;
  self->is_new = FALSE;

  g_signal_connect_object (article, "field-changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (article, "block-changed",
                           G_CALLBACK (story_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (article, "media-changed",
                           G_CALLBACK (story_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                           G_CALLBACK (story_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-undo",
                           G_CALLBACK (update_history_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo",
                           G_CALLBACK (update_history_actions), self, G_CONNECT_SWAPPED);

  cd_story_fields_set_article (self->story_fields, article, self->history);
  cd_details_panel_set_article (self->details_panel, article);
  cd_block_editor_set_article (self->block_editor, article, self->history);
  cd_preview_set_article (self->preview, article);
  cd_preflight_panel_set_article (self->preflight_panel, article);
  _cd_spell_window_set_article (self, self->spell, article, self->history);
  cd_status_button_set_article (self->status_button, article);
  cd_embargo_banner_set_article (self->embargo_banner, article);
  cd_lead_photo_editor_set_article (self->lead_photo_editor, article, self->history);
  cd_find_bar_set_article (self->find_bar, article, self->history);

  g_clear_pointer (&self->error_message, g_free);
  gtk_stack_set_visible_child_name (self->stack, "editor");
  update_history_actions (self);
  update_title (self);
  g_clear_handle_id (&self->stats_timeout_id, g_source_remove);
  update_stats_cb (self);
}

static void
show_new_story (CdWindow *self)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(CdDateline) dateline = cd_dateline_new ("", "", today);
  g_autoptr(GBytes) json = NULL;
  g_autofree char *language = g_settings_get_string (self->settings, "default-language");

  cd_article_set_dateline (article, dateline);
  /* The language spelling is checked in, from Preferences. */
  if (cd_language_tag_is_valid (language))
    cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, language);
  cd_article_append_block (article, paragraph);
  json = cd_json_write (article);

  show_story (self, NULL, article, json);
  self->is_new = TRUE;
}

void
cd_window_show_error (CdWindow   *self,
                      const char *message)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  markup = g_markup_escape_text (message, -1);
  g_free (self->error_message);
  self->error_message = g_strdup (message);

  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  cd_accessible_announce (self->announcer, message);
}

static void
show_open_error (CdWindow   *self,
                 const char *message)
{
  g_autofree char *markup = NULL;

  /* Over a story the reader keeps it and learns why the other file did
   * not replace it; in a window that only waited for this file the
   * message is the window's content. */
  if (!cd_window_is_empty (self))
    {
      cd_window_show_error (self, message);
      return;
    }

  markup = g_markup_escape_text (message, -1);
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  adw_status_page_set_description (self->error_page, markup);
  gtk_stack_set_visible_child_name (self->stack, "error");
  cd_accessible_announce (self->announcer, message);
}

/* Opening */

typedef struct
{
  CdArticle      *article;
  GBytes         *json;
  CdImportFormat  format;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->article);
  g_clear_pointer (&loaded->json, g_bytes_unref);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  Loaded *loaded;
  CdArticle *article;
  CdImportFormat format;

  /* Wire stories (NITF, ninjs) open as well, told by their content. */
  article = cd_import_load_with_format (file, &format, &error);
  if (article == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  loaded = g_new0 (Loaded, 1);
  loaded->article = article;
  loaded->format = format;
  /* The state that undo may come back to, taken while nobody edits yet. */
  loaded->json = cd_json_write (article);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CdWindow *self = CD_WINDOW (object);
  GTask *task = G_TASK (result);
  Loaded *loaded;
  g_autoptr(GError) error = NULL;

  loaded = g_task_propagate_pointer (task, &error);

  /* Another open, or closing the window, made this result moot. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&loaded, loaded_free);
      return;
    }

  g_clear_object (&self->load_cancellable);

  if (loaded == NULL)
    {
      if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
        gtk_stack_set_visible_child_name (self->stack, "editor");
      show_open_error (self, error->message);
      return;
    }

  if (loaded->format == CD_IMPORT_FORMAT_ARTICLE)
    {
      show_story (self, g_task_get_task_data (task), loaded->article, loaded->json);
    }
  else
    {
      /* No Copydesk file holds the story yet: saving asks where to
       * keep it, rather than overwrite the wire file with a container. */
      show_story (self, NULL, loaded->article, loaded->json);
      _cd_window_take_revision (self, CD_REVISION_IMPORTED, NULL);
      self->imported_name = file_display_name (g_task_get_task_data (task));
      update_title (self);
    }
  loaded_free (loaded);
}

static gboolean
file_is_article (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *folded = basename != NULL ? g_utf8_casefold (basename, -1) : NULL;

  return folded != NULL && g_str_has_suffix (folded, ".article");
}

static void
open_files (CdWindow  *self,
            GListModel *files)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      if (application != NULL)
        {
          cd_application_open_file (CD_APPLICATION (application), file, self);
        }
      else
        {
          CdWindow *window = cd_window_is_empty (self) ? self : cd_window_new (NULL);

          cd_window_open (window, file);
          gtk_window_present (GTK_WINDOW (window));
        }
    }
}

static void
add_story_filters (GListStore *filters,
                   gboolean    wire_stories)
{
  g_autoptr(GtkFileFilter) readable = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) stories = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) wire = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) pages = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* Opening reads wire stories too, and first shows everything it can
   * read; saving always writes a Copydesk story. */
  if (wire_stories)
    {
      gtk_file_filter_set_name (readable, _("All Stories"));
      gtk_file_filter_add_mime_type (readable, CD_ARTICLE_MIME_TYPE);
      gtk_file_filter_add_suffix (readable, "article");
      gtk_file_filter_add_suffix (readable, "json");
      gtk_file_filter_add_suffix (readable, "xml");
      gtk_file_filter_add_suffix (readable, "nitf");
      gtk_file_filter_add_suffix (readable, "ninjs");
      gtk_file_filter_add_suffix (readable, "html");
      gtk_file_filter_add_suffix (readable, "htm");
      g_list_store_append (filters, readable);
    }

  gtk_file_filter_set_name (stories, _("Stories"));
  gtk_file_filter_add_mime_type (stories, CD_ARTICLE_MIME_TYPE);
  gtk_file_filter_add_suffix (stories, "article");
  gtk_file_filter_add_suffix (stories, "json");
  g_list_store_append (filters, stories);

  if (wire_stories)
    {
      gtk_file_filter_set_name (wire, _("Wire Stories (NITF, ninjs)"));
      gtk_file_filter_add_suffix (wire, "xml");
      gtk_file_filter_add_suffix (wire, "nitf");
      gtk_file_filter_add_suffix (wire, "ninjs");
      gtk_file_filter_add_suffix (wire, "json");
      g_list_store_append (filters, wire);

      /* A saved web page, or a Google Docs or Word document saved as
       * HTML, opens as a new story. */
      gtk_file_filter_set_name (pages, _("Web Pages and HTML Documents"));
      gtk_file_filter_add_mime_type (pages, "text/html");
      gtk_file_filter_add_suffix (pages, "html");
      gtk_file_filter_add_suffix (pages, "htm");
      g_list_store_append (filters, pages);
    }

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);
}

static GFile *
current_folder (CdWindow *self)
{
  return self->file != NULL ? g_file_get_parent (self->file) : NULL;
}

static char *
suggested_file_name (CdWindow *self)
{
  const char *slug = cd_article_get_field (self->article, CD_ARTICLE_FIELD_SLUG);
  g_autofree char *from_headline = NULL;

  if (slug != NULL && slug[0] != '\0' && strchr (slug, '/') == NULL)
    return g_strconcat (slug, ".article", NULL);

  from_headline = cd_slug_from_headline (cd_article_get_headline (self->article));
  if (from_headline[0] != '\0')
    return g_strconcat (from_headline, ".article", NULL);

  return g_strconcat (_("Untitled Story"), ".article", NULL);
}

/* Saving always writes a container: a name without the suffix gets it. */
static GFile *
with_article_suffix (GFile *file)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = NULL;

  if (file_is_article (file))
    return g_object_ref (file);

  basename = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  name = g_strconcat (basename, ".article", NULL);

  return parent != NULL ? g_file_get_child (parent, name) : g_object_ref (file);
}

static void save_to_file (CdWindow *self,
                          GFile    *file);

#if GTK_CHECK_VERSION (4, 10, 0)

static GListModel *
story_filters (gboolean wire_stories)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  add_story_filters (filters, wire_stories);

  return G_LIST_MODEL (filters);
}

static void
open_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (files != NULL)
    open_files (self, files);
}

static void
run_open_dialog (CdWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = story_filters (TRUE);
  g_autoptr(GFile) folder = current_folder (self);

  gtk_file_dialog_set_title (dialog, _("Open Story"));
  gtk_file_dialog_set_filters (dialog, filters);
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (self), NULL, open_dialog_cb, g_object_ref (self));
}

static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) target = NULL;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (file == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }

  target = with_article_suffix (file);
  save_to_file (self, target);
}

static void
run_save_dialog (CdWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = story_filters (FALSE);
  g_autoptr(GFile) folder = current_folder (self);
  g_autofree char *name = suggested_file_name (self);

  gtk_file_dialog_set_title (dialog, _("Save Story"));
  gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_set_initial_name (dialog, name);
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, save_dialog_cb, g_object_ref (self));
}

#else

static GtkFileChooserNative *
chooser_new (CdWindow             *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GFile) folder = current_folder (self);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  add_story_filters (filters, action == GTK_FILE_CHOOSER_ACTION_OPEN);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);

  return chooser;
}

static void
open_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          CdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      open_files (self, files);
    }

  g_object_unref (chooser);
}

static void
run_open_dialog (CdWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = chooser_new (self, _("Open Story"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          CdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) target = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_object_unref (chooser);

  if (file == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }

  target = with_article_suffix (file);
  save_to_file (self, target);
}

static void
run_save_dialog (CdWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = suggested_file_name (self);

  chooser = chooser_new (self, _("Save Story"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#endif

/* Saving */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Snapshot *snapshot = task_data;
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  article = snapshot_build_article (snapshot, &error);
  if (article != NULL)
    bytes = cd_document_write_bytes (article, &error);

  if (bytes == NULL || !cd_file_replace_atomic (snapshot->file, bytes, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, cd_json_write (article), (GDestroyNotify) g_bytes_unref);
}

/* The title shows it to a sighted user; a screen reader has to be told. */
static void
announce_saved (CdWindow *self)
{
  g_autofree char *name = file_display_name (self->file);
  /* Translators: %s is the name of the file the story was saved to */
  g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

  cd_accessible_announce (self->announcer, message);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CdWindow *self = CD_WINDOW (object);
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) saved_json = NULL;
  g_autoptr(GError) error = NULL;

  saved_json = g_task_propagate_pointer (G_TASK (result), &error);
  snapshot_release_application (snapshot);
  self->saving = FALSE;

  if (self->closed || self->article == NULL)
    return;

  if (saved_json == NULL)
    {
      self->close_after_save = FALSE;
      cd_window_show_error (self, error->message);
      return;
    }

  g_set_object (&self->file, snapshot->file);
  /* CdHistory does not record the modified time, so undo keeps it. */
  cd_article_set_field (self->article, CD_ARTICLE_FIELD_MODIFIED, snapshot->modified);
  g_clear_pointer (&self->saved_json, g_bytes_unref);
  self->saved_json = g_steal_pointer (&saved_json);
  self->saved_serial = snapshot->serial;
  self->is_new = FALSE;
  g_clear_pointer (&self->error_message, g_free);

  /* The file holds what the journal held. */
  if (!is_modified (self))
    discard_journal (self);

  update_title (self);
  announce_saved (self);

  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      if (!is_modified (self))
        gtk_window_close (GTK_WINDOW (self));
    }
}

static void
save_to_file (CdWindow *self,
              GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Snapshot *snapshot;

  if (self->article == NULL || self->saving)
    return;

  cd_story_fields_commit_slug (self->story_fields);
  _cd_window_take_revision (self, CD_REVISION_SAVED, NULL);

  snapshot = snapshot_new (self);
  snapshot->file = g_object_ref (file);
  g_free (snapshot->display_name);
  snapshot->display_name = file_display_name (file);
  snapshot->modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  self->saving = TRUE;

  task = g_task_new (self, NULL, save_cb, NULL);
  g_task_set_source_tag (task, save_to_file);
  g_task_set_task_data (task, snapshot, (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_as (CdWindow *self)
{
  if (self->article == NULL || self->saving)
    return;

  run_save_dialog (self);
}

static void
save_document (CdWindow *self)
{
  if (self->article == NULL || self->saving)
    return;

  /* A bare article.json cannot hold media added here: it becomes a
   * container under a name the user picks. */
  if (self->file == NULL || !file_is_article (self->file))
    save_as (self);
  else
    save_to_file (self, self->file);
}

/* Closing */

static gboolean
close_confirmed_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

static void
close_dialog_response_cb (CdWindow   *self,
                          const char *response)
{
  self->close_dialog = NULL;

  if (g_strcmp0 (response, "discard") == 0)
    {
      /* The dialog, transient for this window, finishes closing first. */
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_confirmed_cb,
                       g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      save_document (self);
    }
}

static void
ask_to_save (CdWindow *self)
{
  g_autofree char *name = story_name (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (self->close_dialog);
      return;
    }

  heading = g_strdup_printf (_("Save Changes to “%s”?"), name);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Changes that are not saved are lost for good."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_signal_connect_object (dialog, "response", G_CALLBACK (close_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->close_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
cd_window_close_request (GtkWindow *window)
{
  CdWindow *self = CD_WINDOW (window);
  int width;
  int height;

  if (is_modified (self) && !self->close_confirmed)
    {
      /* Closes once the save in progress is on disk. */
      if (self->saving)
        {
          self->close_after_save = TRUE;
          return TRUE;
        }

      ask_to_save (self);
      return TRUE;
    }

  /* The default size stays the unmaximized size while maximized. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 32767));
  g_settings_set_int (self->settings, "window-height", CLAMP (height, 300, 32767));
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* A clean close leaves nothing to recover. */
  self->closed = TRUE;
  g_clear_handle_id (&self->journal_idle_id, g_source_remove);
  discard_journal (self);

  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

/* Actions */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_open_dialog (CD_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save_document (CD_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (CD_WINDOW (widget));
}

static void
show_toast (CdWindow   *self,
            const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
  cd_accessible_announce (self->announcer, message);
}

static void
exported_cb (CdWindow *self,
             GFile    *file)
{
  g_autofree char *name = file_display_name (file);
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  AdwToast *toast;

  /* Translators: %s is the name of the file written */
  message = g_strdup_printf (_("Exported to %s"), name);
  _cd_window_take_revision (self, CD_REVISION_EXPORTED, NULL);
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-exported");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  cd_accessible_announce (self->announcer, message);
}

static void
open_exported_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why, as the system puts it */
      message = g_strdup_printf (_("Could not open the exported story: %s"), error->message);
      show_toast (self, message);
    }
}

/* GTK 4.8 has no GtkFileLauncher: the file opens in the application
 * the desktop has for its type (a browser for a web page). */
static void
open_exported_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  g_app_info_launch_default_for_uri_async (g_variant_get_string (parameter, NULL),
                                           G_APP_LAUNCH_CONTEXT (context), NULL,
                                           open_exported_cb, g_object_ref (self));
}

/* Pre-flight */

static void
preflight_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree char *action_name = user_data;
  CdWindow *self = CD_WINDOW (source);

  if (!cd_preflight_confirm_finish (result))
    return;

  self->preflight_confirmed = g_intern_string (action_name);
  gtk_widget_activate_action (GTK_WIDGET (self), action_name, NULL);
  self->preflight_confirmed = NULL;
}

/* An export of unsaved edits carries the time of the last edit, not of
 * the last save. Like the save's stamp it is no edit itself. */
static void
stamp_modified (CdWindow *self)
{
  g_autoptr(GDateTime) edited = NULL;
  g_autofree char *modified = NULL;

  if (!is_modified (self) || self->last_edit_time == 0)
    return;

  edited = g_date_time_new_from_unix_utc (self->last_edit_time / G_USEC_PER_SEC);
  modified = g_date_time_format (edited, "%Y-%m-%dT%H:%M:%SZ");
  cd_article_set_field (self->article, CD_ARTICLE_FIELD_MODIFIED, modified);
}

/* TRUE when @action_name may go on now; otherwise the desk is asked
 * about the open pre-flight items and the action runs again if they
 * say so. */
static gboolean
preflight_allows (CdWindow   *self,
                  const char *action_name,
                  const char *heading,
                  const char *anyway)
{
  g_autoptr(GPtrArray) items = NULL;

  if (self->preflight_confirmed == g_intern_string (action_name))
    return TRUE;

  items = cd_preflight_panel_check (self->preflight_panel);

  return cd_preflight_confirm_async (GTK_WINDOW (self), items, heading, anyway,
                                     preflight_confirmed_cb, g_strdup (action_name));
}

static void
preflight_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  gtk_menu_button_popup (self->preflight_button);
}

static void
update_preflight_button (CdWindow *self)
{
  guint n_items = cd_preflight_panel_get_n_items (self->preflight_panel);
  guint n_errors = cd_preflight_panel_get_n_errors (self->preflight_panel);
  g_autofree char *tooltip = NULL;

  gtk_menu_button_set_icon_name (self->preflight_button,
                                 n_errors > 0 ? "dialog-error-symbolic" :
                                 n_items > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (n_items > 0)
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Pre-flight: %u item to check (F8)",
                                            "Pre-flight: %u items to check (F8)",
                                            n_items),
                               n_items);
  else
    tooltip = g_strdup (_("Pre-flight: nothing to check (F8)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preflight_button), tooltip);
}

/* The caret goes into the block; a photo's alt text, caption or credit
 * (an embed's fields) have entries of their own, which get the focus. */
/* Up from the body's first line goes to the dek, as from the last line
 * of one paragraph to the one above. */
static gboolean
body_keynav_failed_cb (CdWindow         *self,
                       GtkDirectionType  direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_subheadline (self->story_fields)));
}

/* Down from the dateline goes into the body, to its start. */
static gboolean
story_fields_key_cb (CdWindow              *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state)
{
  GtkWidget *dateline[3];
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  CdArticle *article = cd_block_editor_get_article (self->block_editor);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) != 0 || focus == NULL)
    return FALSE;

  dateline[0] = GTK_WIDGET (_cd_story_fields_get_dateline_place (self->story_fields));
  dateline[1] = GTK_WIDGET (_cd_story_fields_get_dateline_source (self->story_fields));
  dateline[2] = GTK_WIDGET (_cd_story_fields_get_dateline_date (self->story_fields));
  for (guint i = 0; i < G_N_ELEMENTS (dateline); i++)
    {
      if (focus != dateline[i] && !gtk_widget_is_ancestor (focus, dateline[i]))
        continue;
      if (article != NULL && cd_article_get_n_blocks (article) > 0)
        return cd_block_editor_focus_block (self->block_editor,
                                            cd_block_get_id (cd_article_get_block (article, 0)), 0);
      return gtk_widget_grab_focus (GTK_WIDGET (self->block_editor));
    }

  return FALSE;
}

static void
focus_block_field (CdWindow   *self,
                   const char *block_id,
                   const char *block_field)
{
  CdBlockRow *row;
  CdBlock *block;

  if (!cd_block_editor_focus_block (self->block_editor, block_id, 0) || block_field == NULL)
    return;

  block = cd_article_find_block (cd_block_editor_get_article (self->block_editor), block_id, NULL);
  row = block != NULL ? _cd_block_editor_get_block_widget (self->block_editor, block) : NULL;
  if (row == NULL)
    return;

  for (CdBlockField field = 0; field < CD_N_BLOCK_FIELDS; field++)
    {
      GtkWidget *entry;

      if (g_strcmp0 (cd_block_field_to_string (field), block_field) != 0)
        continue;
      entry = cd_block_row_get_entry (row, field);
      if (entry != NULL)
        gtk_widget_grab_focus (entry);
      return;
    }
}

static void
select_in_text_view (GtkTextView *view,
                     guint        start,
                     guint        end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter from;
  GtkTextIter to;

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
  gtk_text_buffer_select_range (buffer, &from, &to);
}

/* Puts the caret on a match of the find bar, wherever in the story. */
static void
find_show_match_cb (CdWindow    *self,
                    CdFindMatch *match)
{
  GtkEditable *editable = NULL;

  if (g_strcmp0 (match->field, "headline") == 0)
    select_in_text_view (_cd_story_fields_get_headline (self->story_fields), match->start, match->end);
  else if (g_strcmp0 (match->field, "subheadline") == 0)
    select_in_text_view (_cd_story_fields_get_subheadline (self->story_fields), match->start, match->end);
  else if (g_strcmp0 (match->field, "lead") == 0)
    cd_lead_photo_editor_focus_field (self->lead_photo_editor, match->member, match->start, match->end);
  else if (g_strcmp0 (match->field, "bylines") == 0 &&
           match->index < _cd_story_fields_get_n_bylines (self->story_fields))
    editable = g_strcmp0 (match->member, "name") == 0
      ? _cd_story_fields_get_byline_name (self->story_fields, match->index)
      : _cd_story_fields_get_byline_title (self->story_fields, match->index);
  else if (g_strcmp0 (match->field, "dateline") == 0)
    editable = g_strcmp0 (match->member, "place") == 0
      ? _cd_story_fields_get_dateline_place (self->story_fields)
      : _cd_story_fields_get_dateline_source (self->story_fields);
  else if (g_strcmp0 (match->member, "text") == 0)
    cd_block_editor_focus_block (self->block_editor, match->block_id, match->start);
  else if (match->block_id != NULL)
    focus_block_field (self, match->block_id, match->member);

  if (editable != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (editable));
      gtk_editable_select_region (editable, match->start, match->end);
    }
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autofree char *selected = NULL;

  /* What is selected is what is looked for, as in a word processor. */
  if (GTK_IS_TEXT_VIEW (focus))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
      GtkTextIter start;
      GtkTextIter end;

      if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
        selected = gtk_text_iter_get_slice (&start, &end);
    }

  cd_find_bar_open (self->find_bar, g_str_equal (action_name, "win.find-replace"), selected);
}

static void
use_as_lead_photo_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->article == NULL)
    return;

  if (!cd_lead_use_figure (self->article, self->history, g_variant_get_string (parameter, NULL), &error))
    {
      show_toast (self, error->message);
      return;
    }

  cd_lead_photo_editor_focus_field (self->lead_photo_editor, "caption", 0, 0);
}

static void
preflight_item_activated_cb (CdWindow        *self,
                             CdPreflightItem *item)
{
  const char *field = item->field;

  if (g_strcmp0 (field, "lead") == 0)
    {
      cd_lead_photo_editor_focus_field (self->lead_photo_editor, item->block_field, 0, 0);
    }
  else if (item->block_id != NULL)
    {
      focus_block_field (self, item->block_id, item->block_field);
    }
  else if (g_strcmp0 (field, "headline") == 0)
    {
      cd_story_fields_focus_headline (self->story_fields);
    }
  else if (g_strcmp0 (field, "subheadline") == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_subheadline (self->story_fields)));
    }
  else if (g_strcmp0 (field, "bylines") == 0)
    {
      /* With no byline there is no field yet: adding one is the fix. */
      if (_cd_story_fields_get_n_bylines (self->story_fields) == 0)
        gtk_widget_activate_action (GTK_WIDGET (self->story_fields), "fields.add-byline", NULL);
      else
        gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_byline_name (self->story_fields, 0)));
    }
  else if (g_strcmp0 (field, "dateline") == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_dateline_place (self->story_fields)));
    }
  else
    {
      GtkEditable *editable = NULL;

      /* The rest sit in the details panel, which may be hidden. */
      g_object_set (self, "show-details", TRUE, NULL);
      if (g_strcmp0 (field, "embargo") == 0)
        editable = _cd_details_panel_get_embargo (self->details_panel);
      else if (g_strcmp0 (field, "slug") == 0)
        editable = _cd_details_panel_get_slug (self->details_panel);
      else if (g_strcmp0 (field, "section") == 0)
        editable = _cd_details_panel_get_section (self->details_panel);
      else if (g_strcmp0 (field, "keywords") == 0)
        editable = _cd_details_panel_get_keywords (self->details_panel);
      if (editable != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (editable));
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdExportDialog *dialog;

  if (self->article == NULL)
    return;

  if (!preflight_allows (self, action_name, _("Export with Open Pre-flight Items?"), _("_Export Anyway")))
    return;

  stamp_modified (self);

  /* The file name comes from the slug, as the save's does. */
  cd_story_fields_commit_slug (self->story_fields);

  dialog = cd_export_dialog_new (GTK_WINDOW (self), self->article, self->file);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
published_cb (CdWindow        *self,
              CdPublishRecord *record)
{
  g_autofree char *message = NULL;

  if (self->article == NULL)
    return;

  /* The story remembers the post, so publishing again updates it; a
   * .article is saved at once so that a closed window cannot lose that. */
  cd_article_set_publish_record (self->article, record);
  _cd_window_take_revision (self, CD_REVISION_PUBLISHED, NULL);
  if (self->file != NULL && file_is_article (self->file))
    save_document (self);

  /* Translators: %s is the address of the post on the site */
  message = g_strdup_printf (_("Published: %s"), record->link != NULL ? record->link : record->site);
  show_toast (self, message);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdPublishDialog *dialog;

  if (self->article == NULL)
    return;

  if (!preflight_allows (self, action_name, _("Publish with Open Pre-flight Items?"), _("_Publish Anyway")))
    return;

  stamp_modified (self);
  cd_story_fields_commit_slug (self->story_fields);

  dialog = cd_publish_dialog_new (GTK_WINDOW (self), self->article);
  g_signal_connect_object (dialog, "published", G_CALLBACK (published_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_html_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean single_file = g_str_equal (action_name, "win.copy-html-single");

  if (self->article == NULL)
    return;

  if (!preflight_allows (self, action_name, _("Copy HTML with Open Pre-flight Items?"), _("_Copy Anyway")))
    return;

  stamp_modified (self);

  if (!cd_export_copy_html (self->article, gtk_widget_get_clipboard (widget), single_file, &error))
    show_toast (self, error->message);
  else
    show_toast (self, single_file ? _("HTML copied with the images inside") : _("HTML copied"));
}

/* A click on a block in the preview puts the caret there, at its start. */
static void
preview_block_activated_cb (CdWindow   *self,
                            const char *block_id)
{
  cd_block_editor_focus_block (self->block_editor, block_id, 0);
}

static void
print_failed_cb (CdWindow *self,
                 GError   *error)
{
  g_autofree char *message = NULL;

  /* Translators: %s says why, from the printing system */
  message = g_strdup_printf (_("Could not print the story: %s"), error->message);
  show_toast (self, message);
}

/* The preview is the page as it will look: printing it, or printing it
 * to a PDF file from the system dialog, is the proof. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(WebKitPrintOperation) operation = NULL;

  if (self->article == NULL)
    return;

  operation = cd_preview_new_print_operation (self->preview);
  g_signal_connect_object (operation, "failed", G_CALLBACK (print_failed_cb), self, G_CONNECT_SWAPPED);
  webkit_print_operation_run_dialog (operation, GTK_WINDOW (self));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  if (self->history == NULL)
    return;

  if (g_str_equal (action_name, "win.undo"))
    cd_history_undo (self->history);
  else
    cd_history_redo (self->history);

  /* Undoing back to the saved story clears the mark. */
  schedule_compare_with_saved (self, 0);
}

static void
show_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "editor");
  cd_window_focus_headline (self);
}

/* Preview and details */

/* F6 and Shift+F6 move between the parts of the window, in the order
 * they are read: the story column, the preview, the details panel. A
 * part that is hidden is passed over, and keyboard users never depend
 * on the page inside the preview letting Tab out. */
static void
cycle_pane_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *panes[] = {
    self->story_scroller,
    GTK_WIDGET (self->preview),
    GTK_WIDGET (self->details_panel),
  };
  int n = G_N_ELEMENTS (panes);
  int step = g_str_equal (action_name, "win.next-pane") ? 1 : n - 1;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int current = 0;

  for (int i = 0; i < n; i++)
    {
      if (focus != NULL && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
        current = i;
    }

  for (int k = 1; k <= n; k++)
    {
      GtkWidget *pane = panes[(current + step * k) % n];

      if (!gtk_widget_get_mapped (pane))
        continue;
      if (pane == self->story_scroller && self->story_focus != NULL &&
          gtk_widget_get_mapped (self->story_focus) &&
          gtk_widget_grab_focus (self->story_focus))
        return;
      if (gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD))
        return;
    }
}

/* WebKit keeps Tab inside the page (GTK 4.8 gives it no way back out),
 * so in the preview Tab and Shift+Tab move on as F6 and Shift+F6 do. */
static gboolean
preview_key_pressed_cb (CdWindow              *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  gboolean backward;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  backward = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  gtk_widget_activate_action (GTK_WIDGET (self),
                              backward ? "win.previous-pane" : "win.next-pane", NULL);

  return GDK_EVENT_STOP;
}

static void
focus_widget_changed_cb (CdWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, self->story_scroller))
    g_set_weak_pointer (&self->story_focus, focus);
}

static void
update_preview_width_icon (CdWindow *self)
{
  const char *icon_name;

  switch (g_settings_get_enum (self->settings, "preview-width"))
    {
    case CD_PREVIEW_WIDTH_TABLET:
      icon_name = "computer-apple-ipad-symbolic";
      break;
    case CD_PREVIEW_WIDTH_PHONE:
      icon_name = "phone-symbolic";
      break;
    case CD_PREVIEW_WIDTH_DESKTOP:
    default:
      icon_name = "computer-symbolic";
      break;
    }

  gtk_menu_button_set_icon_name (self->preview_width_button, icon_name);
}

/* The story column and the preview share the width in the proportion the
 * user last dragged the divider to, half and half at first. */
static void
place_paned (CdWindow *self)
{
  int max_position;

  g_object_get (self->paned, "max-position", &max_position, NULL);
  if (max_position <= 0 || max_position >= G_MAXINT / 2)
    return;

  gtk_paned_set_position (self->paned, (int) (self->paned_ratio * max_position + 0.5));
}

static void
paned_drag_end_cb (CdWindow *self)
{
  int max_position;

  g_object_get (self->paned, "max-position", &max_position, NULL);
  if (max_position > 0 && max_position < G_MAXINT / 2)
    self->paned_ratio = CLAMP ((double) gtk_paned_get_position (self->paned) / max_position, 0.0, 1.0);
}

static void
set_show_preview (CdWindow *self,
                  gboolean  show)
{
  show = !!show;
  if (self->show_preview == show)
    return;

  self->show_preview = show;
  gtk_widget_set_visible (self->preview_pane, show);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_width_button), show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PREVIEW]);
}

static void
set_show_details (CdWindow *self,
                  gboolean  show)
{
  show = !!show;
  if (self->show_details == show)
    return;

  self->show_details = show;
  gtk_revealer_set_reveal_child (self->details_revealer, show);

  /* The panel takes its room from the preview, not from the story. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->paned)))
    {
      GtkWidget *panel = gtk_revealer_get_child (self->details_revealer);
      int panel_width;

      gtk_widget_measure (panel, GTK_ORIENTATION_HORIZONTAL, -1, &panel_width, NULL, NULL, NULL);
      gtk_paned_set_position (self->paned,
                              gtk_paned_get_position (self->paned) + (show ? panel_width : -panel_width));
      paned_drag_end_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
}

static void
cd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      g_value_set_boolean (value, self->show_preview);
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      set_show_preview (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_DETAILS:
      set_show_details (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  self->closed = TRUE;
  g_clear_weak_pointer (&self->story_focus);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  g_clear_handle_id (&self->journal_idle_id, g_source_remove);
  g_clear_handle_id (&self->compare_idle_id, g_source_remove);
  g_clear_handle_id (&self->stats_timeout_id, g_source_remove);

  if (self->close_dialog != NULL)
    gtk_window_destroy (self->close_dialog);
  self->close_dialog = NULL;

  disconnect_story (self);
  g_clear_object (&self->history);
  g_clear_object (&self->article);
  g_clear_object (&self->file);
  _cd_spell_window_teardown (self);
  g_clear_object (&self->spell);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_finalize (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->saved_json, g_bytes_unref);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->journal_writer, cd_journal_writer_stop);
  g_clear_pointer (&self->journal_id, g_free);
  g_clear_pointer (&self->stats_text, g_free);
  g_clear_weak_pointer (&self->last_toast);
  g_clear_pointer (&self->imported_name, g_free);

  G_OBJECT_CLASS (cd_window_parent_class)->finalize (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_window_dispose;
  object_class->finalize = cd_window_finalize;
  object_class->get_property = cd_window_get_property;
  object_class->set_property = cd_window_set_property;

  window_class->close_request = cd_window_close_request;

  properties[PROP_SHOW_PREVIEW] =
    g_param_spec_boolean ("show-preview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CD_TYPE_PREVIEW);
  g_type_ensure (CD_TYPE_STORY_FIELDS);
  g_type_ensure (CD_TYPE_DETAILS_PANEL);
  g_type_ensure (CD_TYPE_BLOCK_EDITOR);
  g_type_ensure (CD_TYPE_PREFLIGHT_PANEL);
  g_type_ensure (CD_TYPE_STATUS_BUTTON);
  g_type_ensure (CD_TYPE_EMBARGO_BANNER);
  g_type_ensure (CD_TYPE_LEAD_PHOTO_EDITOR);
  g_type_ensure (CD_TYPE_FIND_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, announcer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_width_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, details_panel);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, story_fields);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, block_editor);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, story_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, headline_length_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, dek_length_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_pane);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preflight_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preflight_panel);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, embargo_banner);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, lead_photo_editor);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, find_bar);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-html", NULL, copy_html_action);
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "win.preflight", NULL, preflight_action);
  gtk_widget_class_install_action (widget_class, "win.check-spelling", NULL, _cd_spell_window_check_spelling);
  gtk_widget_class_install_action (widget_class, "win.copy-html-single", NULL, copy_html_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.open-exported", "s", open_exported_action);
  gtk_widget_class_install_action (widget_class, "win.use-as-lead-photo", "s", use_as_lead_photo_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.show-editor", NULL, show_editor_action);
  gtk_widget_class_install_action (widget_class, "win.next-pane", NULL, cycle_pane_action);
  gtk_widget_class_install_action (widget_class, "win.previous-pane", NULL, cycle_pane_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-preview", "show-preview");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-details", "show-details");
  _cd_window_revisions_install (widget_class);
}

static void
cd_window_init (CdWindow *self)
{
  g_autoptr(GAction) preview_width_action = NULL;
  g_autoptr(GPropertyAction) live_embeds_action = NULL;
  GtkEventController *key;
  GtkEventController *fields_keys;
  GtkGesture *drag;

  self->show_preview = TRUE;
  self->paned_ratio = 0.5;
  self->journal_writer = cd_journal_writer_new (G_OBJECT (self), journal_written_cb, self);

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_menu_button_hide_tooltip_while_open (self->preview_width_button);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "preview-width",
                   self->preview, "page-width",
                   G_SETTINGS_BIND_GET);
  preview_width_action = g_settings_create_action (self->settings, "preview-width");
  g_action_map_add_action (G_ACTION_MAP (self), preview_width_action);
  g_signal_connect_object (self->settings, "changed::preview-width",
                           G_CALLBACK (update_preview_width_icon), self, G_CONNECT_SWAPPED);
  update_preview_width_icon (self);

  g_settings_bind (self->settings, "house-style",
                   self->preview, "house-style",
                   G_SETTINGS_BIND_GET);

  g_settings_bind (self->settings, "show-preview", self, "show-preview", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-details", self, "show-details", G_SETTINGS_BIND_DEFAULT);

  /* The counters follow the house style's limits. */
  g_signal_connect_object (self->settings, "changed::house-style",
                           G_CALLBACK (schedule_stats), self, G_CONNECT_SWAPPED);

  self->spell = _cd_spell_window_setup (self, self->settings);

  g_signal_connect_object (self->preflight_panel, "item-activated",
                           G_CALLBACK (preflight_item_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preflight_panel, "notify::n-items",
                           G_CALLBACK (update_preflight_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preflight_panel, "notify::n-errors",
                           G_CALLBACK (update_preflight_button), self, G_CONNECT_SWAPPED);
  update_preflight_button (self);

  /* Up and Down cross between the story's fields and its body. */
  g_signal_connect_object (self->block_editor, "keynav-failed",
                           G_CALLBACK (body_keynav_failed_cb), self, G_CONNECT_SWAPPED);
  fields_keys = gtk_event_controller_key_new ();
  g_signal_connect_object (fields_keys, "key-pressed", G_CALLBACK (story_fields_key_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->story_fields), fields_keys);

  /* The status bar counts the words of a selection in the body. */
  g_signal_connect_object (self->block_editor, "notify::selection-words",
                           G_CALLBACK (schedule_stats), self, G_CONNECT_SWAPPED);

  /* The preview follows the caret through the story. */
  g_signal_connect_object (self->block_editor, "block-focused",
                           G_CALLBACK (cd_preview_scroll_to_block), self->preview, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "block-activated",
                           G_CALLBACK (preview_block_activated_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->find_bar, "show-match",
                           G_CALLBACK (find_show_match_cb), self, G_CONNECT_SWAPPED);
  cd_find_bar_add_view (self->find_bar, _cd_story_fields_get_headline (self->story_fields), "headline", NULL);
  cd_find_bar_add_view (self->find_bar, _cd_story_fields_get_subheadline (self->story_fields),
                        "subheadline", NULL);
  for (CdBlockField field = CD_BLOCK_FIELD_ALT; field <= CD_BLOCK_FIELD_CREDIT; field++)
    cd_find_bar_add_view (self->find_bar,
                          cd_lead_photo_editor_get_view (self->lead_photo_editor, cd_block_field_to_string (field)),
                          "lead", cd_block_field_to_string (field));

  g_signal_connect_object (self->paned, "notify::max-position",
                           G_CALLBACK (place_paned), self, G_CONNECT_SWAPPED);
  /* Watches drags of the divider without taking them from the paned. */
  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (paned_drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->paned), GTK_EVENT_CONTROLLER (drag));

  /* Each window starts with the embeds as cards: loading the providers'
   * scripts is a choice made for the story at hand. */
  live_embeds_action = g_property_action_new ("live-embeds", self->preview, "live-embeds");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (live_embeds_action));

  g_signal_connect_object (self, "notify::focus-widget",
                           G_CALLBACK (focus_widget_changed_cb), self, G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (preview_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->preview_pane, key);

  show_new_story (self);
}

CdWindow *
cd_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
cd_window_open (CdWindow *self,
                GFile    *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (cd_window_is_empty (self))
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->load_cancellable = g_cancellable_new ();

  /* A container can hold hundreds of megabytes of media: read it off the
   * main thread so the window stays responsive. */
  task = g_task_new (self, self->load_cancellable, load_cb, NULL);
  g_task_set_source_tag (task, cd_window_open);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

static void
announce_recovered (CdWindow *self)
{
  g_autofree char *name = story_name (self);
  /* Translators: %s is the story's headline or file name */
  g_autofree char *message = g_strdup_printf (_("Recovered the unsaved changes to “%s”"), name);

  cd_accessible_announce (self->announcer, message);
}

void
cd_window_show_recovered (CdWindow   *self,
                          CdArticle  *article,
                          GFile      *original,
                          const char *journal_id)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (original == NULL || G_IS_FILE (original));
  g_return_if_fail (journal_id != NULL);

  /* The saved version still being read must not replace the recovered one. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  _cd_window_adopt_revisions (article, original);
  show_story (self, original, article, NULL);

  /* The journal already holds this story; it stays until the story is
   * saved or discarded. */
  g_free (self->journal_id);
  self->journal_id = g_strdup (journal_id);
  self->journal_exists = TRUE;
  self->change_serial = 1;
  self->journal_serial = 1;
  self->journal_submitted_serial = 1;
  self->saved_serial = 0;
  update_title (self);
  announce_recovered (self);
}

GFile *
cd_window_get_file (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->file;
}

CdArticle *
cd_window_get_article (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->article;
}

gboolean
cd_window_get_modified (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return is_modified (self);
}

gboolean
cd_window_is_empty (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->is_new && !is_modified (self) && self->load_cancellable == NULL;
}

void
cd_window_focus_headline (CdWindow *self)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  cd_story_fields_focus_headline (self->story_fields);
}

CdPreview *
_cd_window_get_preview (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->preview;
}

CdStoryFields *
_cd_window_get_story_fields (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->story_fields;
}

CdDetailsPanel *
_cd_window_get_details_panel (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->details_panel;
}

CdBlockEditor *
_cd_window_get_block_editor (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->block_editor;
}

CdHistory *
_cd_window_get_history (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->history;
}

gboolean
_cd_window_is_loading (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->load_cancellable != NULL;
}

const char *
_cd_window_get_visible_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_cd_window_get_error_message (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->error_message;
}

void
_cd_window_save_to (CdWindow *self,
                    GFile    *file)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  save_to_file (self, file);
}

gboolean
_cd_window_is_saving (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->saving;
}

void
cd_window_show_message (CdWindow   *self,
                        const char *message)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_toast (self, message);
}

const char *
cd_window_get_journal_id (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->journal_id;
}

const CdJournalStats *
_cd_window_get_journal_stats (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return &self->journal_stats;
}

gboolean
_cd_window_journal_is_current (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->journal_exists && !self->journal_writing && self->journal_serial == self->change_serial;
}

AdwToast *
_cd_window_get_last_toast (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->last_toast;
}

const char *
_cd_window_get_stats_text (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->stats_text;
}

GtkLabel *
_cd_window_get_dek_length_label (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->dek_length_label;
}

GtkLabel *
_cd_window_get_headline_length_label (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->headline_length_label;
}

CdPreflightPanel *
_cd_window_get_preflight_panel (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->preflight_panel;
}

CdStatusButton *
_cd_window_get_status_button (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->status_button;
}

CdEmbargoBanner *
_cd_window_get_embargo_banner (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->embargo_banner;
}

CdLeadPhotoEditor *
_cd_window_get_lead_photo_editor (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->lead_photo_editor;
}

CdFindBar *
_cd_window_get_find_bar (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->find_bar;
}
