/* cd-spell-attach-count.c: the whole story's misspellings for the status
 * bar, counted off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-attach"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-memory.h"
#include "cd-spell-attach-private.h"

/* The whole story is recounted once edits have paused. */
#define COUNT_DELAY_MS 700
/* Loading a dictionary takes longer than checking a long story with it,
 * and holds four times the memory it keeps for as long: while the story
 * is being edited the counting thread keeps its checker from one count
 * to the next, and lets it go once edits have stopped this long. The
 * count made when a story is shown keeps nothing. */
#define KEEP_CHECKER_SECONDS 30

typedef struct
{
  /* The checker kept from the count before, if any; the checker this
   * count used, when it is done. */
  CdSpellChecker  *checker;
  CdStorySnapshot *snapshot;
  /* The story it is a copy of, only compared with. */
  gpointer   source;
  char      *language;
  char      *desk_path;
  GStrv      ignored;
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_clear_object (&job->checker);
  g_clear_pointer (&job->snapshot, cd_story_snapshot_free);
  g_free (job->language);
  g_free (job->desk_path);
  g_strfreev (job->ignored);
  g_free (job);
}

/* On a worker: a checker of its own, since an enchant dictionary is not
 * to be shared between threads. */
static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  CdSpellChecker *checker;
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GPtrArray) found = NULL;

  /* A kept checker starts over as a new one would: the story's language,
   * no words ignored, the desk dictionary read again. */
  if (job->checker != NULL)
    cd_spell_checker_start_story (job->checker, job->language, NULL);
  else
    job->checker = cd_spell_checker_new (job->language, job->desk_path);
  checker = job->checker;

  if (!cd_spell_checker_has_dictionary (checker, NULL))
    {
      g_task_return_int (task, -1);
      return;
    }

  for (guint i = 0; job->ignored[i] != NULL; i++)
    cd_spell_checker_ignore_word (checker, job->ignored[i]);

  article = cd_story_snapshot_build (job->snapshot, "count", NULL);
  found = cd_spell_check_article (checker, article);
  g_task_return_int (task, found->len);
}

/* The status bar's words for @count misspellings, -1 for no dictionary. */
static void
show_count (CdSpellAttach *self,
            gssize         count)
{
  if (!self->enabled)
    _cd_spell_attach_set_status_text (self, "");
  else if (count < 0)
    {
      g_autofree char *text = g_strdup_printf (_("No spelling dictionary for “%s”"),
                                               _cd_spell_attach_story_language (self));

      _cd_spell_attach_set_status_text (self, text);
    }
  else if (count == 0)
    _cd_spell_attach_set_status_text (self, _("No misspellings"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u misspelling",
                                                            "%u misspellings",
                                                            (gulong) count),
                                               (guint) count);

      _cd_spell_attach_set_status_text (self, text);
    }
}

void
_cd_spell_attach_drop_count_checker (CdSpellAttach *self)
{
  g_clear_handle_id (&self->count_checker_drop_id, g_source_remove);
  if (self->count_checker == NULL)
    return;

  g_clear_object (&self->count_checker);
  cd_memory_release_soon ();
}

static gboolean
drop_count_checker_cb (gpointer user_data)
{
  CdSpellAttach *self = user_data;

  self->count_checker_drop_id = 0;
  _cd_spell_attach_drop_count_checker (self);

  return G_SOURCE_REMOVE;
}

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdSpellAttach) self = user_data;
  g_autoptr(GError) error = NULL;
  CountJob *job = g_task_get_task_data (G_TASK (result));
  gssize count = g_task_propagate_int (G_TASK (result), &error);

  self->count_running = FALSE;
  /* Kept while the story is being edited: a count before this one. */
  if (job->source == (gpointer) self->article && error == NULL && count >= 0 && self->n_counts++ > 0)
    {
      g_set_object (&self->count_checker, job->checker);
      g_clear_handle_id (&self->count_checker_drop_id, g_source_remove);
      self->count_checker_drop_id = g_timeout_add_seconds (KEEP_CHECKER_SECONDS, drop_count_checker_cb, self);
    }
  /* Checking went through a copy of the whole story on a worker thread. */
  cd_memory_release_soon ();

  /* A count of the story shown before says nothing of this one. */
  if (error == NULL && job->source == (gpointer) self->article)
    show_count (self, count);

  if (self->count_again)
    {
      self->count_again = FALSE;
      cd_spell_attach_queue_count (self);
    }
}

static gboolean
count_timeout_cb_untimed (gpointer user_data)
{
  CdSpellAttach *self = user_data;
  g_autoptr(GTask) task = NULL;
  CountJob *job;

  self->count_timeout_id = 0;

  if (self->article == NULL || !self->enabled)
    return G_SOURCE_REMOVE;

  if (self->count_running)
    {
      self->count_again = TRUE;
      return G_SOURCE_REMOVE;
    }

  job = g_new0 (CountJob, 1);
  /* A copy, so the worker reads a story nobody edits meanwhile; of the
   * blocks changed since the last count only, here. */
  job->snapshot = cd_story_snapshot_new_reusing (self->article, self->count_copies);
  /* The counting thread has it alone until the count is done. */
  job->checker = g_steal_pointer (&self->count_checker);
  job->source = self->article;
  job->language = g_strdup (_cd_spell_attach_story_language (self));
  job->desk_path = g_strdup (self->desk_path);
  g_ptr_array_add (self->ignored, NULL);
  job->ignored = g_strdupv ((char **) self->ignored->pdata);
  g_ptr_array_remove_index (self->ignored, self->ignored->len - 1);

  self->count_running = TRUE;
  task = g_task_new (NULL, self->count_cancellable, count_done_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_thread);

  return G_SOURCE_REMOVE;
}

/* Timed for the benchmark: what checking costs the main thread. */
static gboolean
count_timeout_cb (gpointer user_data)
{
  gint64 started = g_get_monotonic_time ();
  CdSpellAttach *timed = user_data;
  gboolean result = count_timeout_cb_untimed (user_data);

  if (timed != NULL)
    timed->busy_usec += g_get_monotonic_time () - started;
  return result;
}

void
cd_spell_attach_queue_count (CdSpellAttach *self)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));

  if (self->article == NULL || !self->enabled)
    return;

  g_clear_handle_id (&self->count_timeout_id, g_source_remove);
  self->count_timeout_id = g_timeout_add (COUNT_DELAY_MS, count_timeout_cb, self);
}

