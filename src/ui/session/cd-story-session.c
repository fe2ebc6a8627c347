/* cd-story-session.c: the story a window edits, its file and its journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-session"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-story-journal.h"
#include "cd-story-session.h"
#include "cd-story-snapshot.h"

/* Edits that cancel out are compared with the saved story once they
 * have settled for this long. */
#define COMPARE_DELAY_MS 300

struct _CdStorySession
{
  GObject           parent_instance;

  GSettings        *settings;
  GApplication     *application;

  GFile            *file;
  /* The name of the wire story shown, which no file holds yet. */
  char             *imported_name;
  CdArticle        *article;
  CdHistory        *history;
  char             *title;
  char             *subtitle;
  gboolean          modified;
  /* Set while a file is read; cancelled when another story supersedes it. */
  GCancellable     *load_cancellable;
  gboolean          saving;
  gboolean          is_new;

  /* Every change counts up; the story is modified while the count differs
   * from the count at the last save. */
  guint64           change_serial;
  guint64           saved_serial;
  /* article.json as last saved or opened, so undoing back to it clears
   * the modified mark; NULL when no file holds the story. */
  GBytes           *saved_json;
  guint             compare_id;
  /* When the story was last edited, for the "modified" time of an
   * export of unsaved edits; 0 before any edit. */
  gint64            last_edit_time;

  CdStoryJournal   *journal;
  guint             journal_source_id;
  gint64            journal_time;     /* the last snapshot, monotonic */
  /* The story was closed: nothing is written any more. */
  gboolean          closed;
};

G_DEFINE_FINAL_TYPE (CdStorySession, cd_story_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_HISTORY,
  PROP_FILE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_MODIFIED,
  PROP_BUSY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  JOURNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_modified (CdStorySession *self)
{
  return self->article != NULL && self->change_serial != self->saved_serial;
}

static void
set_string (CdStorySession  *self,
            char           **field,
            char            *value,
            int              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_title (CdStorySession *self)
{
  const char *headline = self->article != NULL ? cd_article_get_headline (self->article) : NULL;
  gboolean has_headline = headline != NULL && headline[0] != '\0';
  char *title;
  char *subtitle = NULL;

  if (has_headline)
    title = g_strdup (headline);
  else if (self->file != NULL)
    title = cd_file_get_display_basename (self->file);
  else if (self->imported_name != NULL)
    /* Translators: the name of a wire story (NITF, ninjs) that was opened
     * and is not saved as a Copydesk story yet */
    title = g_strdup_printf (_("%s (imported)"), self->imported_name);
  else
    title = g_strdup (_("Untitled Story"));

  if (self->file != NULL && has_headline)
    subtitle = cd_file_get_display_basename (self->file);
  else if (self->file == NULL && self->imported_name != NULL && has_headline)
    subtitle = g_strdup_printf (_("%s (imported)"), self->imported_name);

  set_string (self, &self->title, title, PROP_TITLE);
  set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
}

static void
update_modified (CdStorySession *self)
{
  gboolean modified = is_modified (self);

  if (self->modified == modified)
    return;

  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
set_busy (CdStorySession *self,
          GCancellable   *load_cancellable,
          gboolean        saving)
{
  gboolean was_busy = cd_story_session_get_busy (self);

  g_set_object (&self->load_cancellable, load_cancellable);
  self->saving = saving;

  if (was_busy != cd_story_session_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
cancel_load (CdStorySession *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  set_busy (self, NULL, self->saving);
}

/* Recovery journal */

static gboolean
journal_keep_cb (gpointer user_data)
{
  return is_modified (user_data);
}

static void
journal_failed_cb (const GError *error,
                   gpointer      user_data)
{
  g_signal_emit (user_data, signals[JOURNAL_FAILED], 0, error);
}

static gboolean
write_journal_cb (gpointer user_data)
{
  CdStorySession *self = user_data;

  self->journal_source_id = 0;
  self->journal_time = g_get_monotonic_time ();

  if (self->closed || self->article == NULL)
    return G_SOURCE_REMOVE;

  if (!is_modified (self))
    cd_story_journal_discard (self->journal);
  else
    cd_story_journal_write (self->journal, self->article, self->file, self->change_serial, self->application);

  return G_SOURCE_REMOVE;
}

#define JOURNAL_PRIORITY (G_PRIORITY_HIGH_IDLE + 13)

/* A kill -9 may lose at most 0.2 s of typing: the journal takes a
 * snapshot at most this often, so a change waits no longer than this
 * and the writer's few milliseconds for its snapshot. A fast typist's
 * every key (40 ms apart) had the writer compress the story on the other
 * core, beside the preview's page. */
#define JOURNAL_SPACING_USEC (100 * G_TIME_SPAN_MILLISECOND)

static void
schedule_journal (CdStorySession *self)
{
  gint64 since;

  if (self->closed || self->journal_source_id != 0)
    return;

  /* Once the change is handled, the keys that came with it are in and
   * the window has drawn the frame that shows it (a key's frame runs at
   * G_PRIORITY_HIGH_IDLE + 9, see cd-prompt-frame.c); ahead of GTK's
   * other drawing, so frames that follow each other without a pause
   * never hold the journal back. */
  since = g_get_monotonic_time () - self->journal_time;
  if (self->journal_time != 0 && since < JOURNAL_SPACING_USEC)
    {
      guint wait_ms = (guint) ((JOURNAL_SPACING_USEC - since + 999) / 1000);

      self->journal_source_id = g_timeout_add_full (JOURNAL_PRIORITY, wait_ms, write_journal_cb, self, NULL);
    }
  else
    {
      self->journal_source_id = g_idle_add_full (JOURNAL_PRIORITY, write_journal_cb, self, NULL);
    }
}

/* Changes */

static gboolean
compare_with_saved_cb (gpointer user_data)
{
  CdStorySession *self = user_data;
  g_autoptr(GBytes) json = NULL;

  self->compare_id = 0;

  if (self->saved_json == NULL || !is_modified (self))
    return G_SOURCE_REMOVE;

  json = cd_json_write (self->article);
  if (g_bytes_equal (json, self->saved_json))
    {
      self->saved_serial = self->change_serial;
      update_modified (self);
      cd_story_journal_discard (self->journal);
    }

  return G_SOURCE_REMOVE;
}

/* Edits that cancel out (a block moved down and back up, a word typed
 * and deleted) leave the story as saved; comparing costs a
 * serialisation, so it waits until the edits have settled. */
static void
schedule_compare_with_saved (CdStorySession *self,
                             guint           delay_ms)
{
  if (self->saved_json == NULL)
    return;

  g_clear_handle_id (&self->compare_id, g_source_remove);
  self->compare_id = g_timeout_add (delay_ms, compare_with_saved_cb, self);
}

static void
story_changed (CdStorySession *self)
{
  self->change_serial++;
  self->last_edit_time = g_get_real_time ();
  update_modified (self);
  schedule_compare_with_saved (self, COMPARE_DELAY_MS);
  schedule_journal (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
field_changed_cb (CdStorySession *self,
                  const char     *name)
{
  /* The save time is bookkeeping that saving itself sets. */
  if (g_strcmp0 (name, "modified") == 0)
    return;

  story_changed (self);

  if (g_strcmp0 (name, "headline") == 0)
    update_title (self);
}

static void
history_notify_cb (CdStorySession *self,
                   GParamSpec     *pspec)
{
  if (g_str_equal (pspec->name, "can-undo"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Showing a story */

static void
disconnect_story (CdStorySession *self)
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
show_story (CdStorySession *self,
            GFile          *file,
            const char     *imported_name,
            CdArticle      *article,
            GBytes         *saved_json)
{
  g_object_freeze_notify (G_OBJECT (self));

  disconnect_story (self);
  g_clear_handle_id (&self->journal_source_id, g_source_remove);
  g_clear_handle_id (&self->compare_id, g_source_remove);
  cd_story_journal_restart (self->journal, NULL, 0);

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_free (self->imported_name);
  self->imported_name = g_strdup (imported_name);
  g_clear_object (&self->history);
  self->history = cd_history_new (article);
  g_set_object (&self->article, article);
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
                           G_CALLBACK (history_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo",
                           G_CALLBACK (history_notify_cb), self, G_CONNECT_SWAPPED);

  update_modified (self);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);

  g_object_thaw_notify (G_OBJECT (self));

  /* Last and on its own, so whoever follows the article finds the rest
   * of the session in place. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

void
cd_story_session_new_story (CdStorySession *self)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(CdDateline) dateline = cd_dateline_new ("", "", today);
  g_autoptr(GBytes) json = NULL;
  g_autofree char *language = NULL;

  g_return_if_fail (CD_IS_STORY_SESSION (self));

  cd_article_set_dateline (article, dateline);
  /* The language spelling is checked in, from Preferences. */
  language = g_settings_get_string (self->settings, "default-language");
  if (cd_language_tag_is_valid (language))
    cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, language);
  cd_article_append_block (article, paragraph);
  json = cd_json_write (article);

  cancel_load (self);
  show_story (self, NULL, NULL, article, json);
  self->is_new = TRUE;
}

/* Loading */

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

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
  CdStorySession *self = CD_STORY_SESSION (object);
  g_autoptr(GTask) task = user_data;
  GTask *thread_task = G_TASK (result);
  GFile *file = g_task_get_task_data (thread_task);
  g_autoptr(Loaded) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = g_task_propagate_pointer (thread_task, &error);

  /* Another story, closing or the caller made this result moot. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (thread_task)))
    {
      if (self->load_cancellable == g_task_get_cancellable (thread_task))
        set_busy (self, NULL, self->saving);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               "The story being read was not shown");
      return;
    }

  set_busy (self, NULL, self->saving);

  if (loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (loaded->format == CD_IMPORT_FORMAT_ARTICLE)
    {
      show_story (self, file, NULL, loaded->article, loaded->json);
    }
  else
    {
      g_autofree char *name = cd_file_get_display_basename (file);

      /* No Copydesk file holds the story yet: saving asks where to
       * keep it, rather than overwrite the wire file with a container. */
      show_story (self, NULL, name, loaded->article, loaded->json);
    }

  g_task_return_boolean (task, TRUE);
}

/* The caller's cancellable, tied to the load's own for as long as the
 * load runs. */
typedef struct
{
  GCancellable *cancellable;
  gulong        handler;
} CallerCancellable;

static void
caller_cancellable_free (CallerCancellable *caller)
{
  g_cancellable_disconnect (caller->cancellable, caller->handler);
  g_object_unref (caller->cancellable);
  g_free (caller);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *load)
{
  g_cancellable_cancel (load);
}

void
cd_story_session_load_async (CdStorySession      *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GCancellable) load_cancellable = NULL;
  g_autoptr(GTask) thread_task = NULL;
  GTask *task;

  g_return_if_fail (CD_IS_STORY_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_story_session_load_async);
  /* The result says what happened: a story shown was not cancelled. */
  g_task_set_check_cancellable (task, FALSE);

  /* The load has a cancellable of its own, which the next story shown
   * cancels; the caller's cancels it too. */
  cancel_load (self);
  load_cancellable = g_cancellable_new ();
  set_busy (self, load_cancellable, self->saving);
  if (cancellable != NULL)
    {
      CallerCancellable *caller = g_new0 (CallerCancellable, 1);

      caller->cancellable = g_object_ref (cancellable);
      caller->handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                               g_object_ref (load_cancellable), g_object_unref);
      g_task_set_task_data (task, caller, (GDestroyNotify) caller_cancellable_free);
    }

  /* A container can hold hundreds of megabytes of media: read it off the
   * main thread so the window stays responsive. */
  thread_task = g_task_new (self, load_cancellable, load_cb, task);
  g_task_set_source_tag (thread_task, load_thread);
  g_task_set_task_data (thread_task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (thread_task, load_thread);
}

gboolean
cd_story_session_load_finish (CdStorySession  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saving */

/* A copy of the story that the worker thread turns back into an article
 * and writes: immutable, so the user types on meanwhile. */
typedef struct
{
  CdStorySnapshot *story;
  char            *display_name;
  /* Set as the copy's "modified" time. */
  char            *modified;
  GFile           *file;
  guint64          serial;
  /* Held while the thread works, so the process outlives the window. */
  GApplication    *application;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_pointer (&job->story, cd_story_snapshot_free);
  g_free (job->display_name);
  g_free (job->modified);
  g_clear_object (&job->file);
  if (job->application != NULL)
    g_application_release (job->application);
  g_clear_object (&job->application);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  /* Up to the write, a save can still be called off. */
  if (g_task_return_error_if_cancelled (task))
    return;

  article = cd_story_snapshot_build (job->story, job->display_name, &error);
  /* Taken apart in this thread, not with the job on the main thread. */
  g_clear_pointer (&job->story, cd_story_snapshot_free);
  if (article != NULL)
    {
      cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, job->modified);
      bytes = cd_document_write_bytes (article, &error);
    }

  if (bytes == NULL || !cd_file_replace_atomic (job->file, bytes, &error))
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
  CdStorySession *self = CD_STORY_SESSION (object);
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) saved_json = NULL;
  g_autoptr(GError) error = NULL;

  saved_json = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->application != NULL)
    g_application_release (job->application);
  g_clear_object (&job->application);
  set_busy (self, self->load_cancellable, FALSE);

  if (self->closed || self->article == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               "The story was closed while it was saved");
      return;
    }

  if (saved_json == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->file, job->file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  /* CdHistory does not record the modified time, so undo keeps it. */
  cd_article_set_field (self->article, CD_ARTICLE_FIELD_MODIFIED, job->modified);
  g_clear_pointer (&self->saved_json, g_bytes_unref);
  self->saved_json = g_steal_pointer (&saved_json);
  self->saved_serial = job->serial;
  self->is_new = FALSE;

  /* The file holds what the journal held. */
  if (!is_modified (self))
    cd_story_journal_discard (self->journal);

  update_modified (self);
  update_title (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_boolean (task, TRUE);
}

void
cd_story_session_save_async (CdStorySession      *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) thread_task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTask *task;
  SaveJob *job;

  g_return_if_fail (CD_IS_STORY_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_story_session_save_async);
  /* The result says what happened: a story on disk was not cancelled. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->article == NULL || self->saving)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               "The story is being saved already");
      g_object_unref (task);
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->story = cd_story_snapshot_new (self->article);
  job->display_name = cd_file_get_display_basename (file);
  job->modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  job->file = g_object_ref (file);
  job->serial = self->change_serial;
  /* Keeps the process alive until the save is on disk, even when the
   * last window closes meanwhile. */
  if (self->application != NULL)
    {
      job->application = g_object_ref (self->application);
      g_application_hold (job->application);
    }

  set_busy (self, self->load_cancellable, TRUE);

  thread_task = g_task_new (self, cancellable, save_cb, task);
  g_task_set_source_tag (thread_task, save_thread);
  g_task_set_task_data (thread_task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (thread_task, save_thread);
}

gboolean
cd_story_session_save_finish (CdStorySession  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cd_story_session_show_recovered (CdStorySession *self,
                                 CdArticle      *article,
                                 GFile          *original,
                                 const char     *journal_id)
{
  g_return_if_fail (CD_IS_STORY_SESSION (self));
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (original == NULL || G_IS_FILE (original));
  g_return_if_fail (journal_id != NULL);

  /* The saved version still being read must not replace the recovered one. */
  cancel_load (self);

  show_story (self, original, NULL, article, NULL);

  /* The journal already holds this story; it stays until the story is
   * saved or discarded. */
  cd_story_journal_restart (self->journal, journal_id, 1);
  self->change_serial = 1;
  self->saved_serial = 0;
  update_modified (self);
}

void
cd_story_session_close (CdStorySession *self)
{
  g_return_if_fail (CD_IS_STORY_SESSION (self));

  /* A clean close leaves nothing to recover. */
  self->closed = TRUE;
  g_clear_handle_id (&self->journal_source_id, g_source_remove);
  cd_story_journal_close (self->journal);
  cd_story_journal_discard (self->journal);
}

void
cd_story_session_undo (CdStorySession *self)
{
  g_return_if_fail (CD_IS_STORY_SESSION (self));

  if (self->history == NULL)
    return;

  cd_history_undo (self->history);
  /* Undoing back to the saved story clears the mark. */
  schedule_compare_with_saved (self, 0);
}

void
cd_story_session_redo (CdStorySession *self)
{
  g_return_if_fail (CD_IS_STORY_SESSION (self));

  if (self->history == NULL)
    return;

  cd_history_redo (self->history);
  schedule_compare_with_saved (self, 0);
}

/* An export of unsaved edits carries the time of the last edit, not of
 * the last save. Like the save's stamp it is no edit itself. */
void
cd_story_session_stamp_modified (CdStorySession *self)
{
  g_autoptr(GDateTime) edited = NULL;
  g_autofree char *modified = NULL;

  g_return_if_fail (CD_IS_STORY_SESSION (self));

  if (!is_modified (self) || self->last_edit_time == 0)
    return;

  edited = g_date_time_new_from_unix_utc (self->last_edit_time / G_USEC_PER_SEC);
  modified = g_date_time_format (edited, "%Y-%m-%dT%H:%M:%SZ");
  cd_article_set_field (self->article, CD_ARTICLE_FIELD_MODIFIED, modified);
}

void
cd_story_session_set_application (CdStorySession *self,
                                  GApplication   *application)
{
  g_return_if_fail (CD_IS_STORY_SESSION (self));
  g_return_if_fail (application == NULL || G_IS_APPLICATION (application));

  g_set_object (&self->application, application);
}

CdArticle *
cd_story_session_get_article (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return self->article;
}

CdHistory *
cd_story_session_get_history (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return self->history;
}

GFile *
cd_story_session_get_file (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return self->file;
}

const char *
cd_story_session_get_title (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return self->title;
}

const char *
cd_story_session_get_subtitle (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return self->subtitle;
}

gboolean
cd_story_session_get_modified (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);

  return is_modified (self);
}

gboolean
cd_story_session_get_busy (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);

  return self->load_cancellable != NULL || self->saving;
}

gboolean
cd_story_session_is_loading (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);

  return self->load_cancellable != NULL;
}

gboolean
cd_story_session_is_saving (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);

  return self->saving;
}

gboolean
cd_story_session_is_empty (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);

  return self->is_new && !is_modified (self) && self->load_cancellable == NULL;
}

const char *
cd_story_session_get_journal_id (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return cd_story_journal_get_id (self->journal);
}

gboolean
cd_story_session_journal_is_current (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), FALSE);

  return cd_story_journal_is_current (self->journal, self->change_serial);
}

const CdJournalStats *
cd_story_session_get_journal_stats (CdStorySession *self)
{
  g_return_val_if_fail (CD_IS_STORY_SESSION (self), NULL);

  return cd_story_journal_get_stats (self->journal);
}

static void
cd_story_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdStorySession *self = CD_STORY_SESSION (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, is_modified (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, cd_story_session_get_busy (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->history != NULL && cd_history_can_undo (self->history));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->history != NULL && cd_history_can_redo (self->history));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_session_dispose (GObject *object)
{
  CdStorySession *self = CD_STORY_SESSION (object);

  self->closed = TRUE;
  if (self->journal != NULL)
    cd_story_journal_close (self->journal);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  g_clear_handle_id (&self->journal_source_id, g_source_remove);
  g_clear_handle_id (&self->compare_id, g_source_remove);

  disconnect_story (self);
  g_clear_object (&self->history);
  g_clear_object (&self->article);
  g_clear_object (&self->file);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (cd_story_session_parent_class)->dispose (object);
}

static void
cd_story_session_finalize (GObject *object)
{
  CdStorySession *self = CD_STORY_SESSION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->saved_json, g_bytes_unref);
  g_clear_pointer (&self->journal, cd_story_journal_free);
  g_clear_pointer (&self->imported_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (cd_story_session_parent_class)->finalize (object);
}

static void
cd_story_session_class_init (CdStorySessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_story_session_dispose;
  object_class->finalize = cd_story_session_finalize;
  object_class->get_property = cd_story_session_get_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, CD_TYPE_ARTICLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, CD_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[JOURNAL_FAILED] =
    g_signal_new ("journal-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
cd_story_session_init (CdStorySession *self)
{
}

CdStorySession *
cd_story_session_new (GSettings *settings)
{
  CdStorySession *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CD_TYPE_STORY_SESSION, NULL);
  self->settings = g_object_ref (settings);
  self->journal = cd_story_journal_new (G_OBJECT (self), settings, journal_keep_cb, journal_failed_cb, self);

  return self;
}
