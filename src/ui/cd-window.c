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
#include "cd-details-panel.h"
#include "cd-export-dialog.h"
#include "cd-menu-button.h"
#include "cd-preview.h"
#include "cd-story-fields.h"
#include "cd-story-snapshot.h"
#include "cd-window-private.h"

/* The first change waits the "autosave-interval" setting (a second by
 * default) for more before the journal is written, so by default the
 * journal is at most about two seconds behind. */
/* A change made while the journal was being written follows sooner. */
#define JOURNAL_FOLLOW_UP_MS 400
/* The status bar is recounted at most this often while typing. */
#define STATS_DELAY_MS 250
#define HEADLINE_LIMIT 70

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *preview_width_button;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkPaned             *paned;
  GtkRevealer          *details_revealer;
  CdDetailsPanel       *details_panel;
  CdStoryFields        *story_fields;
  CdBlockEditor        *block_editor;
  GtkLabel             *stats_label;
  GtkLabel             *headline_length_label;
  GtkWidget            *preview_pane;
  CdPreview            *preview;

  GSettings            *settings;
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
  guint                 journal_timeout_id;
  gboolean              journal_error_shown;
  /* The window has closed: journals written from now on are removed. */
  gboolean              closed;

  guint                 stats_timeout_id;
  char                 *stats_text;

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
static void schedule_journal (CdWindow *self,
                              guint     delay_ms);

/* A copy of the story that a worker thread can turn back into an article:
 * the JSON and the media, both immutable. */
typedef struct
{
  CdStorySnapshot *story;
  char         *display_name;
  /* Set as the copy's "modified" time when saving. */
  char         *modified;
  GFile        *file;
  char         *journal_id;
  char         *original;
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
  g_free (snapshot->journal_id);
  g_free (snapshot->original);
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
  CdStats stats = { 0, };

  self->stats_timeout_id = 0;

  if (self->article != NULL)
    cd_stats_compute (self->article, &stats);

  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", stats.words), stats.words);
  characters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", stats.characters),
                                stats.characters);
  minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min read", "%u min read", stats.reading_minutes),
                             stats.reading_minutes);
  g_free (self->stats_text);
  /* Translators: words · characters · reading time */
  self->stats_text = g_strdup_printf (_("%s · %s · %s"), words, characters, minutes);
  gtk_label_set_label (self->stats_label, self->stats_text);

  /* Translators: the headline's length against the house limit */
  headline = g_strdup_printf (_("Headline %u/%u"), stats.headline_length, HEADLINE_LIMIT);
  gtk_label_set_label (self->headline_length_label, headline);

  if (stats.headline_length > HEADLINE_LIMIT)
    {
      g_autofree char *tooltip = g_strdup_printf (_("The headline is %u characters over the limit of %u"),
                                                  stats.headline_length - HEADLINE_LIMIT, HEADLINE_LIMIT);

      gtk_widget_add_css_class (GTK_WIDGET (self->headline_length_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->headline_length_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->headline_length_label), tooltip);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->headline_length_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->headline_length_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->headline_length_label), NULL);
    }

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

  /* A journal still being written is removed when it lands. */
  self->journal_exists = self->journal_writing;
  self->journal_serial = 0;
}

static void
journal_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Snapshot *snapshot = task_data;
  g_autoptr(CdArticle) article = NULL;
  GError *error = NULL;

  article = snapshot_build_article (snapshot, &error);
  if (article == NULL ||
      !cd_recovery_write (snapshot->journal_id, article, snapshot->original, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
journal_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CdWindow *self = CD_WINDOW (object);
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean written;

  written = g_task_propagate_boolean (G_TASK (result), &error);
  snapshot_release_application (snapshot);
  self->journal_writing = FALSE;

  /* Closed, saved, or another story shown while it was written. */
  if (self->closed || g_strcmp0 (snapshot->journal_id, self->journal_id) != 0 || !is_modified (self))
    {
      cd_recovery_discard (snapshot->journal_id);
      if (g_strcmp0 (snapshot->journal_id, self->journal_id) == 0)
        self->journal_exists = FALSE;
      return;
    }

  if (!written)
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
  self->journal_serial = snapshot->serial;

  if (self->journal_serial != self->change_serial)
    schedule_journal (self, JOURNAL_FOLLOW_UP_MS);
}

static gboolean
write_journal_cb (gpointer user_data)
{
  CdWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  Snapshot *snapshot;

  self->journal_timeout_id = 0;

  if (self->closed || self->article == NULL || self->journal_writing)
    return G_SOURCE_REMOVE;

  if (!is_modified (self))
    {
      discard_journal (self);
      return G_SOURCE_REMOVE;
    }

  if (self->journal_exists && self->journal_serial == self->change_serial)
    return G_SOURCE_REMOVE;

  snapshot = snapshot_new (self);
  snapshot->journal_id = g_strdup (self->journal_id);
  if (self->file != NULL)
    snapshot->original = g_file_get_path (self->file);
  if (self->file != NULL && snapshot->original == NULL)
    snapshot->original = g_file_get_uri (self->file);

  self->journal_writing = TRUE;
  self->journal_exists = TRUE;

  /* Writing a container with its media can take a while: the thread
   * works on a copy, so typing goes on meanwhile. */
  task = g_task_new (self, NULL, journal_written_cb, NULL);
  g_task_set_source_tag (task, write_journal_cb);
  g_task_set_task_data (task, snapshot, (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, journal_thread);

  return G_SOURCE_REMOVE;
}

static void
schedule_journal (CdWindow *self,
                  guint     delay_ms)
{
  if (self->closed || self->journal_timeout_id != 0 || self->journal_writing)
    return;

  self->journal_timeout_id = g_timeout_add (delay_ms, write_journal_cb, self);
}

/* Changes */

static void schedule_compare_with_saved (CdWindow *self,
                                         guint     delay_ms);

static void
story_changed (CdWindow *self)
{
  gboolean was_modified = is_modified (self);

  self->change_serial++;
  if (!was_modified)
    update_title (self);
  schedule_compare_with_saved (self, 300);
  schedule_stats (self);
  if (self->journal_timeout_id == 0)
    schedule_journal (self, g_settings_get_uint (self->settings, "autosave-interval") * 1000);
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
  discard_journal (self);
  g_clear_handle_id (&self->journal_timeout_id, g_source_remove);
  g_clear_handle_id (&self->compare_idle_id, g_source_remove);
  g_free (self->journal_id);
  self->journal_id = cd_recovery_new_id ();
  self->journal_exists = FALSE;
  self->journal_error_shown = FALSE;

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

  cd_article_set_dateline (article, dateline);
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
  g_clear_handle_id (&self->journal_timeout_id, g_source_remove);
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
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-exported");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdExportDialog *dialog;

  if (self->article == NULL)
    return;

  /* The file name comes from the slug, as the save's does. */
  cd_story_fields_commit_slug (self->story_fields);

  dialog = cd_export_dialog_new (GTK_WINDOW (self), self->article, self->file);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
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

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  g_clear_handle_id (&self->journal_timeout_id, g_source_remove);
  g_clear_handle_id (&self->compare_idle_id, g_source_remove);
  g_clear_handle_id (&self->stats_timeout_id, g_source_remove);

  if (self->close_dialog != NULL)
    gtk_window_destroy (self->close_dialog);
  self->close_dialog = NULL;

  disconnect_story (self);
  g_clear_object (&self->history);
  g_clear_object (&self->article);
  g_clear_object (&self->file);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_width_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, details_panel);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, story_fields);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, block_editor);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, headline_length_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_pane);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-html", NULL, copy_html_action);
  gtk_widget_class_install_action (widget_class, "win.copy-html-single", NULL, copy_html_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.open-exported", "s", open_exported_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.show-editor", NULL, show_editor_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-preview", "show-preview");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-details", "show-details");
}

static void
cd_window_init (CdWindow *self)
{
  g_autoptr(GAction) preview_width_action = NULL;
  g_autoptr(GPropertyAction) live_embeds_action = NULL;
  GtkGesture *drag;

  self->show_preview = TRUE;
  self->paned_ratio = 0.5;

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

  /* The preview follows the caret through the story. */
  g_signal_connect_object (self->block_editor, "block-focused",
                           G_CALLBACK (cd_preview_scroll_to_block), self->preview, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "block-activated",
                           G_CALLBACK (preview_block_activated_cb), self, G_CONNECT_SWAPPED);

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

  show_story (self, original, article, NULL);

  /* The journal already holds this story; it stays until the story is
   * saved or discarded. */
  g_free (self->journal_id);
  self->journal_id = g_strdup (journal_id);
  self->journal_exists = TRUE;
  self->change_serial = 1;
  self->journal_serial = 1;
  self->saved_serial = 0;
  update_title (self);
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

const char *
_cd_window_get_journal_id (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->journal_id;
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
_cd_window_get_headline_length_label (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->headline_length_label;
}
