/* cd-spell-attach.c: spell checking for the story's text widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-attach"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cd-spell-attach-private.h"

/* How long one idle pass may check, so a frame is never late for it. */
#define CHECK_BUDGET_USEC 3000
/* The whole story is recounted once edits have paused. */
#define COUNT_DELAY_MS 700

#define STATE_KEY "cd-spell-attach-state"

typedef struct _Attached Attached;

struct _CdSpellAttach
{
  GObject         parent_instance;

  CdSpellChecker *checker;
  char           *desk_path;
  CdArticle      *article;
  CdHistory      *history;
  gboolean        enabled;

  /* Attached, of Attached (each owned by its buffer or widget). */
  GPtrArray      *attached;
  /* The words ignored, for the counting thread's own checker. */
  GPtrArray      *ignored;

  guint           check_idle_id;
  /* Where the round of checks goes on from. */
  guint           next_check;
  guint           count_timeout_id;
  gboolean        count_running;
  gboolean        count_again;
  GCancellable   *count_cancellable;
  char           *status_text;

  /* Main-thread time spent checking, for the benchmark. */
  gint64          busy_usec;
};

G_DEFINE_FINAL_TYPE (CdSpellAttach, cd_spell_attach, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One attached buffer (with its view, if any) or editable. */
struct _Attached
{
  CdSpellAttach      *self;

  /* A buffer ... */
  GtkTextBuffer      *buffer;
  GtkTextView        *view;
  GtkTextTag         *tag;
  GtkTextMark        *dirty_start;
  GtkTextMark        *dirty_end;
  char               *language;

  /* ... or an editable: the GtkText that draws it. */
  GtkEditable        *editable;
  GtkText            *text;
  GArray             *errors;
  int                 word_start;
  int                 word_end;

  gboolean            dirty;
  /* The last edit typed at the caret: the word being typed is not
   * marked until the caret leaves it. */
  gboolean            typing;
  int                 typing_offset;

  GMenu              *menu;
  GSimpleActionGroup *actions;
  /* On the view or the GtkText, taken off when this goes first. */
  GtkEventController *click;
  GtkEventController *keys;
  GtkTextMark        *menu_start;
  GtkTextMark        *menu_end;
  char               *menu_word;
};

static void schedule_check   (Attached *attached);
static void update_menu      (Attached *attached);

/* Status */

static void
set_status_text (CdSpellAttach *self,
                 const char    *text)
{
  if (g_strcmp0 (self->status_text, text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

static const char *
story_language (CdSpellAttach *self)
{
  const char *language = NULL;

  if (self->article != NULL)
    language = cd_article_get_field (self->article, CD_ARTICLE_FIELD_LANGUAGE);

  return language != NULL && *language != '\0' ? language : "en";
}

typedef struct
{
  CdArticle *article;
  /* The story it is a copy of, only compared with. */
  gpointer   source;
  char      *language;
  char      *desk_path;
  GStrv      ignored;
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_clear_object (&job->article);
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
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new (job->language, job->desk_path);
  g_autoptr(GPtrArray) found = NULL;

  if (!cd_spell_checker_has_dictionary (checker, NULL))
    {
      g_task_return_int (task, -1);
      return;
    }

  for (guint i = 0; job->ignored[i] != NULL; i++)
    cd_spell_checker_ignore_word (checker, job->ignored[i]);

  found = cd_spell_check_article (checker, job->article);
  g_task_return_int (task, found->len);
}

/* The status bar's words for @count misspellings, -1 for no dictionary. */
static void
show_count (CdSpellAttach *self,
            gssize         count)
{
  if (!self->enabled)
    set_status_text (self, "");
  else if (count < 0)
    {
      g_autofree char *text = g_strdup_printf (_("No spelling dictionary for “%s”"),
                                               story_language (self));

      set_status_text (self, text);
    }
  else if (count == 0)
    set_status_text (self, _("No misspellings"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u misspelling",
                                                            "%u misspellings",
                                                            (gulong) count),
                                               (guint) count);

      set_status_text (self, text);
    }
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
  /* A copy, so the worker reads a story nobody edits meanwhile. */
  job->article = cd_article_copy (self->article);
  job->source = self->article;
  job->language = g_strdup (story_language (self));
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

/* Buffers */

static gboolean
is_blank_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xFFFC;
}

static void
extend_dirty (Attached          *attached,
              const GtkTextIter *start,
              const GtkTextIter *end)
{
  GtkTextIter dirty_start;
  GtkTextIter dirty_end;

  if (!attached->dirty)
    {
      gtk_text_buffer_move_mark (attached->buffer, attached->dirty_start, start);
      gtk_text_buffer_move_mark (attached->buffer, attached->dirty_end, end);
      attached->dirty = TRUE;
      return;
    }

  gtk_text_buffer_get_iter_at_mark (attached->buffer, &dirty_start, attached->dirty_start);
  gtk_text_buffer_get_iter_at_mark (attached->buffer, &dirty_end, attached->dirty_end);
  if (gtk_text_iter_compare (start, &dirty_start) < 0)
    gtk_text_buffer_move_mark (attached->buffer, attached->dirty_start, start);
  if (gtk_text_iter_compare (end, &dirty_end) > 0)
    gtk_text_buffer_move_mark (attached->buffer, attached->dirty_end, end);
}

static void
mark_all_dirty (Attached *attached)
{
  if (attached->buffer != NULL)
    {
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_bounds (attached->buffer, &start, &end);
      extend_dirty (attached, &start, &end);
    }
  else
    attached->dirty = TRUE;

  schedule_check (attached);
}

static int
cursor_offset (Attached *attached)
{
  if (attached->buffer != NULL)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (attached->buffer, &iter,
                                        gtk_text_buffer_get_insert (attached->buffer));
      return gtk_text_iter_get_offset (&iter);
    }

  return gtk_editable_get_position (attached->editable);
}

static gboolean
has_focus (Attached *attached)
{
  GtkWidget *widget = attached->view != NULL ? GTK_WIDGET (attached->view)
                                             : GTK_WIDGET (attached->text);

  return widget != NULL && gtk_widget_has_focus (widget);
}

/* Checks one line's dirty part: the words overlapping [@from, @to). */
static void
check_line (Attached    *attached,
            GtkTextIter *line_start,
            int          from,
            int          to)
{
  CdSpellAttach *self = attached->self;
  GtkTextBuffer *buffer = attached->buffer;
  GtkTextIter line_end = *line_start;
  GtkTextIter clear_start;
  GtkTextIter clear_end;
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  int base = gtk_text_iter_get_offset (line_start);
  int cursor = cursor_offset (attached);
  const char *from_p;
  const char *to_p;

  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  text = gtk_text_iter_get_slice (line_start, &line_end);

  from = CLAMP (from - base, 0, (int) g_utf8_strlen (text, -1));
  to = CLAMP (to - base, from, (int) g_utf8_strlen (text, -1));

  /* The whole words around the dirty part lose their underline first. */
  from_p = g_utf8_offset_to_pointer (text, from);
  to_p = g_utf8_offset_to_pointer (from_p, to - from);
  while (from_p > text && !is_blank_char (g_utf8_get_char (g_utf8_prev_char (from_p))))
    from_p = g_utf8_prev_char (from_p);
  while (*to_p != '\0' && !is_blank_char (g_utf8_get_char (to_p)))
    to_p = g_utf8_next_char (to_p);

  gtk_text_buffer_get_iter_at_offset (buffer, &clear_start, base + g_utf8_pointer_to_offset (text, from_p));
  gtk_text_buffer_get_iter_at_offset (buffer, &clear_end, base + g_utf8_pointer_to_offset (text, to_p));
  gtk_text_buffer_remove_tag (buffer, attached->tag, &clear_start, &clear_end);

  if (!self->enabled)
    return;

  spans = cd_spell_checker_check_text (self->checker, attached->language, text, -1,
                                       from_p - text, MAX (to_p - text, from_p - text));
  for (guint i = 0; i < spans->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (spans, CdSpellSpan, i);
      int start = base + g_utf8_pointer_to_offset (text, text + span->start);
      int end = start + g_utf8_strlen (text + span->start, span->end - span->start);
      GtkTextIter start_iter;
      GtkTextIter end_iter;

      if (attached->typing && end == cursor && has_focus (attached))
        continue;

      gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, end);
      gtk_text_buffer_apply_tag (buffer, attached->tag, &start_iter, &end_iter);
    }
}

/* Checks the dirty lines of @attached's buffer until @deadline; TRUE
 * when some are left. */
static gboolean
check_buffer (Attached *attached,
              gint64    deadline)
{
  GtkTextBuffer *buffer = attached->buffer;
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter line;
  int to;

  gtk_text_buffer_get_iter_at_mark (buffer, &start, attached->dirty_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, attached->dirty_end);
  to = gtk_text_iter_get_offset (&end);

  line = start;
  gtk_text_iter_set_line_offset (&line, 0);

  for (;;)
    {
      int from = MAX (gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&line));

      check_line (attached, &line, from, to);

      if (!gtk_text_iter_forward_line (&line) || gtk_text_iter_get_offset (&line) > to)
        break;

      if (g_get_monotonic_time () > deadline)
        {
          /* The rest on the next idle, from this line on. */
          gtk_text_buffer_move_mark (buffer, attached->dirty_start, &line);
          return TRUE;
        }
    }

  attached->dirty = FALSE;
  return FALSE;
}

/* Editables */

static void
check_editable (Attached *attached)
{
  CdSpellAttach *self = attached->self;
  const char *text = gtk_editable_get_text (attached->editable);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(GArray) spans = NULL;
  int cursor = gtk_editable_get_position (attached->editable);

  g_array_set_size (attached->errors, 0);
  attached->dirty = FALSE;

  if (self->enabled)
    spans = cd_spell_checker_check_text (self->checker, attached->language, text, -1, 0, G_MAXSIZE);

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (spans, CdSpellSpan, i);
      PangoAttribute *attr;

      if (attached->typing && has_focus (attached) &&
          g_utf8_pointer_to_offset (text, text + span->end) == cursor)
        continue;

      g_array_append_val (attached->errors, *span);
      attr = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);
      /* The red the text views draw it in, not the text's colour. */
      attr = pango_attr_underline_color_new (0xe0e0, 0x1b1b, 0x2424);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);
    }

  gtk_text_set_attributes (attached->text, attached->errors->len > 0 ? attrs : NULL);
}

static gboolean
check_one (Attached *attached,
           gint64    deadline)
{
  if (!attached->dirty)
    return FALSE;

  if (attached->buffer != NULL)
    return check_buffer (attached, deadline);

  check_editable (attached);
  return FALSE;
}

/* One idle for every attached widget, with one time budget: a story of
 * hundreds of fields must not queue hundreds of idles that all run
 * before the next key. The field being typed in goes first. */
static gboolean
check_idle_cb_untimed (gpointer user_data)
{
  CdSpellAttach *self = user_data;
  gint64 deadline = g_get_monotonic_time () + CHECK_BUDGET_USEC;
  guint n = self->attached->len;

  for (guint i = 0; i < n; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      if (has_focus (attached))
        check_one (attached, deadline);
    }

  for (guint i = 0; i < n && g_get_monotonic_time () < deadline; i++)
    {
      self->next_check = (self->next_check + 1) % n;
      check_one (g_ptr_array_index (self->attached, self->next_check), deadline);
    }

  for (guint i = 0; i < n; i++)
    {
      if (((Attached *) g_ptr_array_index (self->attached, i))->dirty)
        return G_SOURCE_CONTINUE;
    }

  self->check_idle_id = 0;
  return G_SOURCE_REMOVE;
}

/* Timed for the benchmark: what checking costs the main thread. */
static gboolean
check_idle_cb (gpointer user_data)
{
  gint64 started = g_get_monotonic_time ();
  CdSpellAttach *timed = user_data;
  gboolean result = check_idle_cb_untimed (user_data);

  if (timed != NULL)
    timed->busy_usec += g_get_monotonic_time () - started;
  return result;
}

static void
schedule_check (Attached *attached)
{
  CdSpellAttach *self = attached->self;

  /* Below redrawing and input, so checking only uses spare time. */
  if (self != NULL && self->check_idle_id == 0)
    self->check_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, check_idle_cb, self, NULL);
}

/* Edits */

static void
buffer_insert_text_after_cb_untimed (GtkTextBuffer *buffer,
                             GtkTextIter   *location,
                             const char    *text,
                             int            length,
                             Attached      *attached)
{
  GtkTextIter start = *location;

  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, length));
  extend_dirty (attached, &start, location);
  attached->typing = TRUE;
  attached->typing_offset = gtk_text_iter_get_offset (location);
  schedule_check (attached);
  cd_spell_attach_queue_count (attached->self);
}

/* Timed for the benchmark: what checking costs the main thread. */
static void
buffer_insert_text_after_cb (GtkTextBuffer *buffer,
                             GtkTextIter   *location,
                             const char    *text,
                             int            length,
                             Attached      *attached)
{
  gint64 started = g_get_monotonic_time ();
  CdSpellAttach *timed = attached->self;
  buffer_insert_text_after_cb_untimed (buffer, location, text, length, attached);

  if (timed != NULL)
    timed->busy_usec += g_get_monotonic_time () - started;
}

static void
buffer_delete_range_after_cb_untimed (GtkTextBuffer *buffer,
                              GtkTextIter   *start,
                              GtkTextIter   *end,
                              Attached      *attached)
{
  extend_dirty (attached, start, start);
  attached->typing = TRUE;
  attached->typing_offset = gtk_text_iter_get_offset (start);
  schedule_check (attached);
  cd_spell_attach_queue_count (attached->self);
}

/* Timed for the benchmark: what checking costs the main thread. */
static void
buffer_delete_range_after_cb (GtkTextBuffer *buffer,
                              GtkTextIter   *start,
                              GtkTextIter   *end,
                              Attached      *attached)
{
  gint64 started = g_get_monotonic_time ();
  CdSpellAttach *timed = attached->self;
  buffer_delete_range_after_cb_untimed (buffer, start, end, attached);

  if (timed != NULL)
    timed->busy_usec += g_get_monotonic_time () - started;
}

/* The caret left the word being typed: it is checked now. */
static void
cursor_moved (Attached *attached)
{
  int cursor = cursor_offset (attached);

  if (attached->typing && cursor != attached->typing_offset)
    {
      attached->typing = FALSE;
      if (attached->buffer != NULL)
        {
          GtkTextIter iter;

          gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, attached->typing_offset);
          extend_dirty (attached, &iter, &iter);
        }
      else
        attached->dirty = TRUE;
      schedule_check (attached);
    }

  /* Suggestions cost the dictionary a search that can take a tenth of a
   * second: they are made when the menu opens (right click, Menu key),
   * never while the caret moves. A menu for a word left behind goes. */
  if (attached->menu_word != NULL)
    {
      g_menu_remove_all (attached->menu);
      g_clear_pointer (&attached->menu_word, g_free);
    }
}

static void
buffer_cursor_notify_cb_untimed (GtkTextBuffer *buffer,
                         GParamSpec    *pspec,
                         Attached      *attached)
{
  cursor_moved (attached);
}

/* Timed for the benchmark: what checking costs the main thread. */
static void
buffer_cursor_notify_cb (GtkTextBuffer *buffer,
                         GParamSpec    *pspec,
                         Attached      *attached)
{
  gint64 started = g_get_monotonic_time ();
  CdSpellAttach *timed = attached->self;
  buffer_cursor_notify_cb_untimed (buffer, pspec, attached);

  if (timed != NULL)
    timed->busy_usec += g_get_monotonic_time () - started;
}

static void
editable_changed_cb_untimed (GtkEditable *editable,
                     Attached    *attached)
{
  attached->dirty = TRUE;
  attached->typing = TRUE;
  /* The caret moves after "changed"; the word typed ends where it is. */
  attached->typing_offset = -1;
  schedule_check (attached);
  cd_spell_attach_queue_count (attached->self);
}

/* Timed for the benchmark: what checking costs the main thread. */
static void
editable_changed_cb (GtkEditable *editable,
                     Attached    *attached)
{
  gint64 started = g_get_monotonic_time ();
  CdSpellAttach *timed = attached->self;
  editable_changed_cb_untimed (editable, attached);

  if (timed != NULL)
    timed->busy_usec += g_get_monotonic_time () - started;
}

static void
editable_cursor_notify_cb (GtkEditable *editable,
                           GParamSpec  *pspec,
                           Attached    *attached)
{
  if (attached->typing_offset < 0)
    {
      attached->typing_offset = gtk_editable_get_position (editable);
      return;
    }
  cursor_moved (attached);
}

/* The context menu */

/* The misspelled word at the caret: [*start, *end) in characters. */
static char *
word_at_cursor (Attached *attached,
                int      *start,
                int      *end)
{
  int cursor = cursor_offset (attached);

  if (attached->buffer != NULL)
    {
      GtkTextIter iter;
      GtkTextIter word_start;
      GtkTextIter word_end;

      gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, cursor);
      if (!gtk_text_iter_has_tag (&iter, attached->tag))
        {
          /* Just after the word counts too. */
          if (!gtk_text_iter_ends_tag (&iter, attached->tag))
            return NULL;
          gtk_text_iter_backward_char (&iter);
        }

      word_start = iter;
      word_end = iter;
      if (!gtk_text_iter_starts_tag (&word_start, attached->tag))
        gtk_text_iter_backward_to_tag_toggle (&word_start, attached->tag);
      gtk_text_iter_forward_to_tag_toggle (&word_end, attached->tag);

      *start = gtk_text_iter_get_offset (&word_start);
      *end = gtk_text_iter_get_offset (&word_end);
      return gtk_text_iter_get_slice (&word_start, &word_end);
    }
  else
    {
      const char *text = gtk_editable_get_text (attached->editable);

      for (guint i = 0; i < attached->errors->len; i++)
        {
          const CdSpellSpan *span = &g_array_index (attached->errors, CdSpellSpan, i);
          int span_start = g_utf8_pointer_to_offset (text, text + span->start);
          int span_end = g_utf8_pointer_to_offset (text, text + span->end);

          if (cursor >= span_start && cursor <= span_end)
            {
              *start = span_start;
              *end = span_end;
              return g_strndup (text + span->start, span->end - span->start);
            }
        }
    }

  return NULL;
}

static void
update_menu (Attached *attached)
{
  CdSpellAttach *self = attached->self;
  g_autoptr(GMenu) suggestions_section = NULL;
  g_autoptr(GMenu) words_section = NULL;
  g_auto(GStrv) suggestions = NULL;
  g_autofree char *word = NULL;
  int start = 0;
  int end = 0;

  g_menu_remove_all (attached->menu);
  g_clear_pointer (&attached->menu_word, g_free);

  if (!self->enabled)
    return;

  /* The caret may have just come to a word not checked yet (a right
   * click on the word being typed): it is checked first. */
  if (attached->buffer != NULL)
    {
      while (attached->dirty && check_buffer (attached, G_MAXINT64))
        ;
    }
  else if (attached->dirty)
    check_editable (attached);

  word = word_at_cursor (attached, &start, &end);
  if (word == NULL)
    return;

  if (attached->buffer != NULL)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, start);
      gtk_text_buffer_move_mark (attached->buffer, attached->menu_start, &iter);
      gtk_text_buffer_get_iter_at_offset (attached->buffer, &iter, end);
      gtk_text_buffer_move_mark (attached->buffer, attached->menu_end, &iter);
    }
  else
    {
      attached->word_start = start;
      attached->word_end = end;
    }
  attached->menu_word = g_strdup (word);

  suggestions_section = g_menu_new ();
  suggestions = cd_spell_checker_suggest (self->checker, attached->language, word, -1);
  for (guint i = 0; suggestions[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

      g_menu_item_set_action_and_target (item, "spell.replace", "s", suggestions[i]);
      g_menu_append_item (suggestions_section, item);
    }
  if (suggestions[0] == NULL)
    g_menu_append (suggestions_section, _("No Suggestions"), "spell.none");

  words_section = g_menu_new ();
  g_menu_append (words_section, _("Add to _Story Dictionary"), "spell.add-to-story");
  g_menu_append (words_section, _("Add to _Desk Dictionary"), "spell.add-to-desk");
  g_menu_append (words_section, _("_Ignore"), "spell.ignore");

  g_menu_append_section (attached->menu, NULL, G_MENU_MODEL (suggestions_section));
  g_menu_append_section (attached->menu, NULL, G_MENU_MODEL (words_section));

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (attached->actions), "add-to-story")),
                               self->article != NULL);
}

static void
show_error (Attached     *attached,
            const GError *error)
{
  GtkWidget *widget = attached->view != NULL ? GTK_WIDGET (attached->view) : GTK_WIDGET (attached->text);
  GtkWidget *overlay = widget != NULL ? gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* The word the menu was made for, if the text still holds it there. */
static gboolean
menu_word_bounds (Attached    *attached,
                  GtkTextIter *start,
                  GtkTextIter *end)
{
  g_autofree char *now = NULL;

  if (attached->menu_word == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (attached->buffer, start, attached->menu_start);
  gtk_text_buffer_get_iter_at_mark (attached->buffer, end, attached->menu_end);
  now = gtk_text_iter_get_slice (start, end);

  return g_str_equal (now, attached->menu_word);
}

static void
replace_in_buffer (Attached   *attached,
                   const char *replacement)
{
  GtkTextBuffer *buffer = attached->buffer;
  GtkTextIter start;
  GtkTextIter end;
  GSList *tags;
  int offset;
  int length;
  int new_length = g_utf8_strlen (replacement, -1);

  if (!menu_word_bounds (attached, &start, &end))
    return;

  tags = gtk_text_iter_get_tags (&start);
  tags = g_slist_remove (tags, attached->tag);
  offset = gtk_text_iter_get_offset (&start);
  length = gtk_text_iter_get_offset (&end) - offset;

  gtk_text_buffer_begin_user_action (buffer);

  /* Text inserted inside a tagged stretch takes its tags, so the
   * replacement goes in after the word's first character before the old
   * characters go: a bold or linked word stays so at every step, for a
   * view that writes its marks to the story on each change. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + 1);
  gtk_text_buffer_insert (buffer, &start, replacement, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + 1);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + new_length);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + new_length + length - 1);
  gtk_text_buffer_delete (buffer, &start, &end);

  /* A one-letter word has no inside: its tags are put back. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + new_length);
  for (GSList *l = tags; l != NULL; l = l->next)
    gtk_text_buffer_apply_tag (buffer, l->data, &start, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_end_user_action (buffer);

  g_slist_free (tags);
}

static void
replace_in_editable (Attached   *attached,
                     const char *replacement)
{
  g_autofree char *now = gtk_editable_get_chars (attached->editable, attached->word_start, attached->word_end);
  int position = attached->word_start;

  if (attached->menu_word == NULL || !g_str_equal (now, attached->menu_word))
    return;

  gtk_editable_delete_text (attached->editable, attached->word_start, attached->word_end);
  gtk_editable_insert_text (attached->editable, replacement, -1, &position);
  gtk_editable_set_position (attached->editable, position);
}

static void
replace_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  Attached *attached = user_data;
  CdHistory *history = attached->self->history;
  const char *replacement = g_variant_get_string (parameter, NULL);

  /* One undo step, never merged with the typing before or after. */
  if (history != NULL)
    {
      cd_history_break (history);
      cd_history_begin_group (history);
    }

  attached->typing = FALSE;
  if (attached->buffer != NULL)
    replace_in_buffer (attached, replacement);
  else
    replace_in_editable (attached, replacement);

  if (history != NULL)
    {
      cd_history_end_group (history);
      cd_history_break (history);
    }

  update_menu (attached);
}

static void
add_to_story_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  Attached *attached = user_data;

  if (attached->menu_word != NULL && attached->self->article != NULL)
    cd_article_add_dictionary_word (attached->self->article, attached->menu_word);
}

static void
add_to_desk_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Attached *attached = user_data;
  g_autoptr(GError) error = NULL;

  if (attached->menu_word == NULL)
    return;

  if (!cd_spell_checker_add_desk_word (attached->self->checker, attached->menu_word, &error))
    show_error (attached, error);
}

void
cd_spell_attach_ignore_word (CdSpellAttach *self,
                             const char    *word)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (word != NULL);

  g_ptr_array_add (self->ignored, g_strdup (word));
  cd_spell_checker_ignore_word (self->checker, word);
}

static void
ignore_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  Attached *attached = user_data;

  if (attached->menu_word != NULL)
    cd_spell_attach_ignore_word (attached->self, attached->menu_word);
}

static void
setup_menu (Attached  *attached,
            GtkWidget *widget)
{
  static const GActionEntry entries[] = {
    { "replace", replace_action_cb, "s" },
    { "add-to-story", add_to_story_action_cb },
    { "add-to-desk", add_to_desk_action_cb },
    { "ignore", ignore_action_cb },
    { "none", NULL },
  };

  attached->menu = g_menu_new ();
  attached->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (attached->actions), entries,
                                   G_N_ELEMENTS (entries), attached);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (attached->actions), "none")),
                               FALSE);
  gtk_widget_insert_action_group (widget, "spell", G_ACTION_GROUP (attached->actions));
}

/* A right click puts the caret on the word clicked, so the menu is for
 * that word; the view's own handler then opens the menu. */
static void
view_right_click_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     Attached        *attached)
{
  GtkTextIter iter;
  GtkTextIter selection_start;
  GtkTextIter selection_end;
  int buffer_x;
  int buffer_y;

  if (attached->view == NULL)
    return;

  gtk_text_view_window_to_buffer_coords (attached->view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &buffer_x, &buffer_y);
  gtk_text_view_get_iter_at_location (attached->view, &iter, buffer_x, buffer_y);

  if (!gtk_text_buffer_get_selection_bounds (attached->buffer, &selection_start, &selection_end) ||
      !gtk_text_iter_in_range (&iter, &selection_start, &selection_end))
    gtk_text_buffer_place_cursor (attached->buffer, &iter);

  update_menu (attached);
}

static void
text_right_click_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     Attached        *attached)
{
  const char *text = gtk_editable_get_text (attached->editable);
  g_autoptr(PangoLayout) layout = NULL;
  int start;
  int end;
  int index;
  int trailing;

  /* GtkText has no call for the position under the pointer: a layout of
   * the same text in the same font finds it (fields this short do not
   * scroll). */
  if (!gtk_editable_get_selection_bounds (attached->editable, &start, &end))
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (attached->text), text);
      pango_layout_xy_to_index (layout, (int) (x * PANGO_SCALE), 0, &index, &trailing);
      gtk_editable_set_position (attached->editable,
                                 g_utf8_pointer_to_offset (text, text + index) + trailing);
    }

  update_menu (attached);
}

/* The Menu key and Shift+F10: the menu is made for the word at the
 * caret, and the key goes on to the widget, which opens it. */
static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  update_menu (user_data);

  return FALSE;
}

static void
add_menu_controllers (Attached  *attached,
                      GtkWidget *widget,
                      GCallback  right_click_cb)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", right_click_cb, attached);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  attached->click = GTK_EVENT_CONTROLLER (click);

  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Menu|<Shift>F10"),
                               gtk_callback_action_new (menu_key_cb, attached, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (widget, keys);
  attached->keys = keys;
}

/* Attaching */

static void
attached_free (Attached *attached)
{
  CdSpellAttach *self = attached->self;

  if (self != NULL)
    g_ptr_array_remove_fast (self->attached, attached);

  /* The widget may outlive its buffer or this object: nothing of ours
   * may stay on it. */
  if (attached->view != NULL || attached->text != NULL)
    {
      GtkWidget *widget = attached->view != NULL ? GTK_WIDGET (attached->view) : GTK_WIDGET (attached->text);

      if (attached->click != NULL)
        gtk_widget_remove_controller (widget, attached->click);
      if (attached->keys != NULL)
        gtk_widget_remove_controller (widget, attached->keys);
      gtk_widget_insert_action_group (widget, "spell", NULL);
      if (attached->view != NULL)
        gtk_text_view_set_extra_menu (attached->view, NULL);
      else
        {
          gtk_text_set_extra_menu (attached->text, NULL);
          gtk_text_set_attributes (attached->text, NULL);
        }
      g_object_remove_weak_pointer (G_OBJECT (widget),
                                    attached->view != NULL ? (gpointer *) &attached->view
                                                           : (gpointer *) &attached->text);
    }

  g_clear_object (&attached->menu);
  g_clear_object (&attached->actions);
  g_clear_pointer (&attached->errors, g_array_unref);
  g_free (attached->language);
  g_free (attached->menu_word);
  g_free (attached);
}

/* Undoes what attaching did to a widget that outlives this object. */
static void
detach (Attached *attached)
{
  g_ptr_array_remove_fast (attached->self->attached, attached);

  if (attached->buffer != NULL)
    {
      GtkTextIter start;
      GtkTextIter end;

      g_signal_handlers_disconnect_by_data (attached->buffer, attached);
      gtk_text_buffer_get_bounds (attached->buffer, &start, &end);
      gtk_text_buffer_remove_tag (attached->buffer, attached->tag, &start, &end);
      if (attached->view != NULL)
        gtk_text_view_set_extra_menu (attached->view, NULL);
      attached->self = NULL;
      g_object_set_data (G_OBJECT (attached->buffer), STATE_KEY, NULL);
    }
  else
    {
      g_signal_handlers_disconnect_by_data (attached->editable, attached);
      if (attached->text != NULL)
        {
          gtk_text_set_attributes (attached->text, NULL);
          gtk_text_set_extra_menu (attached->text, NULL);
        }
      attached->self = NULL;
      g_object_set_data (G_OBJECT (attached->editable), STATE_KEY, NULL);
    }
}

void
cd_spell_attach_buffer (CdSpellAttach *self,
                        GtkTextBuffer *buffer,
                        const char    *language)
{
  Attached *attached;
  GtkTextIter start;

  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  if (g_object_get_data (G_OBJECT (buffer), STATE_KEY) != NULL)
    return;

  attached = g_new0 (Attached, 1);
  attached->self = self;
  attached->buffer = buffer;
  attached->language = g_strdup (language);
  attached->tag = gtk_text_buffer_create_tag (buffer, NULL,
                                              "underline", PANGO_UNDERLINE_ERROR,
                                              NULL);
  gtk_text_buffer_get_start_iter (buffer, &start);
  attached->dirty_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  attached->dirty_end = gtk_text_buffer_create_mark (buffer, NULL, &start, FALSE);
  attached->menu_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  attached->menu_end = gtk_text_buffer_create_mark (buffer, NULL, &start, FALSE);

  g_object_set_data_full (G_OBJECT (buffer), STATE_KEY, attached, (GDestroyNotify) attached_free);
  g_ptr_array_add (self->attached, attached);

  g_signal_connect_after (buffer, "insert-text", G_CALLBACK (buffer_insert_text_after_cb), attached);
  g_signal_connect_after (buffer, "delete-range", G_CALLBACK (buffer_delete_range_after_cb), attached);
  g_signal_connect (buffer, "notify::cursor-position", G_CALLBACK (buffer_cursor_notify_cb), attached);

  /* Set-up is no typing: the text already there is checked whole. */
  mark_all_dirty (attached);
  attached->typing = FALSE;
}

void
cd_spell_attach_text_view (CdSpellAttach *self,
                           GtkTextView   *view)
{
  GtkTextBuffer *buffer;
  Attached *attached;

  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  cd_spell_attach_buffer (self, buffer, NULL);
  attached = g_object_get_data (G_OBJECT (buffer), STATE_KEY);
  if (attached->view != NULL)
    return;

  attached->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &attached->view);
  setup_menu (attached, GTK_WIDGET (view));
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (attached->menu));
  add_menu_controllers (attached, GTK_WIDGET (view), G_CALLBACK (view_right_click_cb));
}

void
cd_spell_attach_editable (CdSpellAttach *self,
                          GtkEditable   *editable)
{
  GtkEditable *delegate;
  Attached *attached;

  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  if (g_object_get_data (G_OBJECT (editable), STATE_KEY) != NULL)
    return;

  /* A GtkEntry draws its text with a GtkText inside. */
  delegate = editable;
  while (!GTK_IS_TEXT (delegate) && gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);
  g_return_if_fail (GTK_IS_TEXT (delegate));

  attached = g_new0 (Attached, 1);
  attached->self = self;
  attached->editable = editable;
  attached->text = GTK_TEXT (delegate);
  attached->errors = g_array_new (FALSE, FALSE, sizeof (CdSpellSpan));
  g_object_add_weak_pointer (G_OBJECT (attached->text), (gpointer *) &attached->text);

  g_object_set_data_full (G_OBJECT (editable), STATE_KEY, attached, (GDestroyNotify) attached_free);
  g_ptr_array_add (self->attached, attached);

  g_signal_connect (editable, "changed", G_CALLBACK (editable_changed_cb), attached);
  g_signal_connect (editable, "notify::cursor-position", G_CALLBACK (editable_cursor_notify_cb), attached);

  setup_menu (attached, GTK_WIDGET (attached->text));
  gtk_text_set_extra_menu (attached->text, G_MENU_MODEL (attached->menu));
  add_menu_controllers (attached, GTK_WIDGET (attached->text), G_CALLBACK (text_right_click_cb));

  mark_all_dirty (attached);
}

/* Queries */

static Attached *
find_attached (CdSpellAttach *self,
               GtkWidget     *widget)
{
  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      if ((attached->view != NULL && GTK_WIDGET (attached->view) == widget) ||
          (attached->editable != NULL && GTK_WIDGET (attached->editable) == widget) ||
          (attached->text != NULL && GTK_WIDGET (attached->text) == widget))
        return attached;
    }

  return NULL;
}

gboolean
cd_spell_attach_buffer_has_error_at (CdSpellAttach     *self,
                                     GtkTextBuffer     *buffer,
                                     const GtkTextIter *iter)
{
  Attached *attached;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), FALSE);
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), FALSE);

  attached = g_object_get_data (G_OBJECT (buffer), STATE_KEY);
  return attached != NULL && gtk_text_iter_has_tag (iter, attached->tag);
}

GArray *
cd_spell_attach_editable_errors (CdSpellAttach *self,
                                 GtkEditable   *editable)
{
  Attached *attached;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  attached = g_object_get_data (G_OBJECT (editable), STATE_KEY);
  return attached != NULL ? attached->errors : NULL;
}

gboolean
cd_spell_attach_is_idle (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), TRUE);

  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      if (attached->dirty)
        return FALSE;
    }

  return self->check_idle_id == 0 && !self->count_running && self->count_timeout_id == 0;
}

GMenuModel *
cd_spell_attach_get_menu (CdSpellAttach *self,
                          GtkWidget     *widget)
{
  Attached *attached;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  attached = find_attached (self, widget);
  if (attached == NULL)
    return NULL;

  update_menu (attached);
  return G_MENU_MODEL (attached->menu);
}

/* The story */

static void
recheck_all (CdSpellAttach *self)
{
  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      mark_all_dirty (attached);
      if (attached->menu != NULL)
        update_menu (attached);
    }
  cd_spell_attach_queue_count (self);
}

static void
checker_changed_cb (CdSpellAttach *self)
{
  recheck_all (self);
}

static void
language_changed_cb (CdSpellAttach *self)
{
  cd_spell_checker_set_language (self->checker, story_language (self));
}

static void
dictionary_changed_cb (CdSpellAttach *self)
{
  cd_spell_checker_set_story_words (self->checker, cd_article_get_dictionary (self->article));
}

void
cd_spell_attach_set_article (CdSpellAttach *self,
                             CdArticle     *article,
                             CdHistory     *history)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_set_object (&self->article, article);
  g_set_object (&self->history, history);

  /* Ignoring is for the story at hand; a count still running is of the
   * story before. */
  g_ptr_array_set_size (self->ignored, 0);
  if (self->count_running)
    self->count_again = TRUE;
  g_clear_object (&self->checker);

  if (article != NULL)
    {
      g_signal_connect_object (article, "field-changed::language",
                               G_CALLBACK (language_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed::dictionary",
                               G_CALLBACK (dictionary_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed",
                               G_CALLBACK (cd_spell_attach_queue_count), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "block-changed",
                               G_CALLBACK (cd_spell_attach_queue_count), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                               G_CALLBACK (cd_spell_attach_queue_count), self, G_CONNECT_SWAPPED);
    }

  self->checker = cd_spell_checker_new (story_language (self), self->desk_path);
  if (article != NULL)
    cd_spell_checker_set_story_words (self->checker, cd_article_get_dictionary (article));
  g_signal_connect_object (self->checker, "changed",
                           G_CALLBACK (checker_changed_cb), self, G_CONNECT_SWAPPED);

  if (cd_spell_checker_get_desk_error (self->checker) != NULL && self->attached->len > 0)
    show_error (g_ptr_array_index (self->attached, 0), cd_spell_checker_get_desk_error (self->checker));

  recheck_all (self);
  if (article == NULL || !self->enabled)
    set_status_text (self, "");
}

CdArticle *
cd_spell_attach_get_article (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  return self->article;
}

CdHistory *
cd_spell_attach_get_history (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  return self->history;
}

CdSpellChecker *
cd_spell_attach_get_checker (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  return self->checker;
}

gboolean
cd_spell_attach_get_enabled (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), FALSE);

  return self->enabled;
}

void
cd_spell_attach_set_enabled (CdSpellAttach *self,
                             gboolean       enabled)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  recheck_all (self);
  if (!enabled)
    set_status_text (self, "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/* GObject */

CdSpellAttach *
cd_spell_attach_new (const char *desk_path)
{
  CdSpellAttach *self = g_object_new (CD_TYPE_SPELL_ATTACH, NULL);

  self->desk_path = g_strdup (desk_path);
  self->checker = cd_spell_checker_new (NULL, desk_path);
  g_signal_connect_object (self->checker, "changed",
                           G_CALLBACK (checker_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

static void
cd_spell_attach_dispose (GObject *object)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  while (self->attached->len > 0)
    detach (g_ptr_array_index (self->attached, 0));

  g_clear_handle_id (&self->count_timeout_id, g_source_remove);
  g_clear_handle_id (&self->check_idle_id, g_source_remove);
  g_cancellable_cancel (self->count_cancellable);
  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_clear_object (&self->article);
  g_clear_object (&self->history);
  g_clear_object (&self->checker);

  G_OBJECT_CLASS (cd_spell_attach_parent_class)->dispose (object);
}

static void
cd_spell_attach_finalize (GObject *object)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  g_clear_pointer (&self->attached, g_ptr_array_unref);
  g_clear_pointer (&self->ignored, g_ptr_array_unref);
  g_clear_object (&self->count_cancellable);
  g_free (self->desk_path);
  g_free (self->status_text);

  G_OBJECT_CLASS (cd_spell_attach_parent_class)->finalize (object);
}

static void
cd_spell_attach_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_attach_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      cd_spell_attach_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_attach_class_init (CdSpellAttachClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_spell_attach_dispose;
  object_class->finalize = cd_spell_attach_finalize;
  object_class->get_property = cd_spell_attach_get_property;
  object_class->set_property = cd_spell_attach_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_spell_attach_init (CdSpellAttach *self)
{
  self->enabled = TRUE;
  self->attached = g_ptr_array_new ();
  self->ignored = g_ptr_array_new_with_free_func (g_free);
  self->count_cancellable = g_cancellable_new ();
  self->status_text = g_strdup ("");
}

gint64
_cd_spell_attach_get_busy_usec (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), 0);

  return self->busy_usec;
}
