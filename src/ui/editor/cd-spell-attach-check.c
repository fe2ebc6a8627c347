/* cd-spell-attach-check.c: the underlines, checked on idle and word by
 * word as the attached buffers and editables are edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-attach"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-spell-attach-private.h"

/* How long one idle pass may check, so a frame is never late for it. */
#define CHECK_BUDGET_USEC 3000

static void schedule_check   (Attached *attached);

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

void
_cd_spell_attach_mark_all_dirty (Attached *attached)
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

int
_cd_spell_attach_cursor_offset (Attached *attached)
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

/* Whether @tag covers any of [@start, @end). */
static gboolean
has_tag_in (const GtkTextIter *start,
            const GtkTextIter *end,
            GtkTextTag        *tag)
{
  GtkTextIter iter = *start;

  if (gtk_text_iter_has_tag (&iter, tag))
    return TRUE;

  return gtk_text_iter_forward_to_tag_toggle (&iter, tag) &&
         gtk_text_iter_compare (&iter, end) < 0;
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
  int cursor = _cd_spell_attach_cursor_offset (attached);
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
  /* GtkTextView redraws the range of any removal, even of an underline
   * that is not there: after each key the line being typed was drawn
   * again in the next frame. */
  if (has_tag_in (&clear_start, &clear_end, attached->tag))
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
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (CdSpellSpan));
  int cursor = gtk_editable_get_position (attached->editable);
  const GdkRGBA *red = _cd_spell_attach_underline_rgba ();

  attached->dirty = FALSE;

  if (self->enabled)
    spans = cd_spell_checker_check_text (self->checker, attached->language, text, -1, 0, G_MAXSIZE);

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (spans, CdSpellSpan, i);

      if (attached->typing && has_focus (attached) &&
          g_utf8_pointer_to_offset (text, text + span->end) == cursor)
        continue;

      g_array_append_val (errors, *span);
    }

  /* The same underlines as before (none, for a field just made): setting
   * them again would lay the field out and draw the window once more,
   * a frame of its own while the reporter types elsewhere. */
  if (errors->len == attached->errors->len &&
      (errors->len == 0 ||
       memcmp (errors->data, attached->errors->data, errors->len * sizeof (CdSpellSpan)) == 0))
    return;

  g_array_set_size (attached->errors, 0);
  for (guint i = 0; i < errors->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (errors, CdSpellSpan, i);
      PangoAttribute *attr;

      g_array_append_val (attached->errors, *span);
      attr = pango_attr_underline_new (_cd_spell_attach_underline (self));
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);
      /* The red the text views draw it in, not the text's colour. */
      attr = pango_attr_underline_color_new (red->red * 0xffff + .5, red->green * 0xffff + .5, red->blue * 0xffff + .5);
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

void
_cd_spell_attach_check_now (Attached *attached)
{
  while (check_one (attached, G_MAXINT64))
    ;
}

void
_cd_spell_attach_check_at_cursor (Attached *attached)
{
  GtkTextIter line;
  GtkTextIter line_end;
  GtkTextIter dirty_start;
  GtkTextIter dirty_end;

  if (attached->buffer == NULL)
    {
      _cd_spell_attach_check_now (attached);
      return;
    }

  if (!attached->dirty)
    return;

  gtk_text_buffer_get_iter_at_mark (attached->buffer, &line,
                                    gtk_text_buffer_get_insert (attached->buffer));
  gtk_text_iter_set_line_offset (&line, 0);
  line_end = line;
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);

  /* Only a line the dirty range reaches; the range itself stays for
   * the idle checker, which checks this line again at no harm. */
  gtk_text_buffer_get_iter_at_mark (attached->buffer, &dirty_start, attached->dirty_start);
  gtk_text_buffer_get_iter_at_mark (attached->buffer, &dirty_end, attached->dirty_end);
  if (gtk_text_iter_compare (&line_end, &dirty_start) < 0 ||
      gtk_text_iter_compare (&line, &dirty_end) > 0)
    return;

  check_line (attached, &line, gtk_text_iter_get_offset (&line), gtk_text_iter_get_offset (&line_end));
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
  int cursor = _cd_spell_attach_cursor_offset (attached);

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

void
_cd_spell_attach_watch (Attached *attached)
{
  if (attached->buffer != NULL)
    {
      g_signal_connect_after (attached->buffer, "insert-text",
                              G_CALLBACK (buffer_insert_text_after_cb), attached);
      g_signal_connect_after (attached->buffer, "delete-range",
                              G_CALLBACK (buffer_delete_range_after_cb), attached);
      g_signal_connect (attached->buffer, "notify::cursor-position",
                        G_CALLBACK (buffer_cursor_notify_cb), attached);
    }
  else
    {
      g_signal_connect (attached->editable, "changed",
                        G_CALLBACK (editable_changed_cb), attached);
      g_signal_connect (attached->editable, "notify::cursor-position",
                        G_CALLBACK (editable_cursor_notify_cb), attached);
    }
}
