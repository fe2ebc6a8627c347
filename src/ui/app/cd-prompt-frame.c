/* cd-prompt-frame.c: drawing a key's change at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-prompt-frame"

#include "config.h"

#include "cd-prompt-frame.h"

/* GDK 4 runs a window's frame clock from two timeouts on the default
 * main context, both with the clock as their data: one hands the frame
 * the input that came since the last one (it comes back with every
 * event), the other draws. Each is due when the spacing since the last
 * frame has passed. */
#define FLUSH_SOURCE_NAME "[gtk] gdk_frame_clock_flush_idle"
#define PAINT_SOURCE_NAME "[gtk] gdk_frame_clock_paint_idle"

/* The prompt comes after the key's own handling (GDK's events) and the
 * editor's layout idles (G_PRIORITY_HIGH_IDLE); the frame before the
 * work the change set off (G_PRIORITY_HIGH_IDLE + 10 and below). */
#define PROMPT_PRIORITY G_PRIORITY_HIGH_IDLE
#define FRAME_PRIORITY  (G_PRIORITY_HIGH_IDLE + 9)

typedef struct
{
  GdkFrameClock *clock;    /* not a reference: this lives on the clock */
  gint64         counter;  /* the clock's frame counter when the key came */
  guint          idle_id;
} Prompt;

static const char prompt_key[] = "cd-prompt-frame";

static void
prompt_free (gpointer data)
{
  Prompt *prompt = data;

  g_clear_handle_id (&prompt->idle_id, g_source_remove);
  g_free (prompt);
}

static gboolean
frame_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  return G_SOURCE_REMOVE;
}

/* The clock's drawing timeout. Sources are found in the order of their
 * priority, so the input one, which comes first, is moved out of the
 * way for the search. */
static GSource *
find_paint_source (GdkFrameClock *clock)
{
  GMainContext *context = g_main_context_default ();
  GSource *source = g_main_context_find_source_by_funcs_user_data (context, &g_timeout_funcs, clock);

  if (source != NULL && g_strcmp0 (g_source_get_name (source), FLUSH_SOURCE_NAME) == 0)
    {
      GSource *flush = source;
      int priority = g_source_get_priority (flush);

      g_source_set_priority (flush, G_MAXINT);
      source = g_main_context_find_source_by_funcs_user_data (context, &g_timeout_funcs, clock);
      g_source_set_priority (flush, priority);
    }

  if (source == NULL || g_strcmp0 (g_source_get_name (source), PAINT_SOURCE_NAME) != 0)
    return NULL;
  return source;
}

static gboolean
prompt_idle_cb (gpointer user_data)
{
  Prompt *prompt = user_data;
  GSource *paint;

  prompt->idle_id = 0;

  /* Nothing to do once the frame has begun. */
  if (gdk_frame_clock_get_frame_counter (prompt->clock) != prompt->counter)
    return G_SOURCE_REMOVE;

  paint = find_paint_source (prompt->clock);
  if (paint != NULL)
    {
      if (g_source_get_ready_time (paint) > g_get_monotonic_time ())
        g_source_set_ready_time (paint, 0);
      /* GDK makes this timeout anew for every frame. */
      g_source_set_priority (paint, FRAME_PRIORITY);
    }

  return G_SOURCE_REMOVE;
}

void
cd_prompt_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  Prompt *prompt;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return;

  prompt = g_object_get_data (G_OBJECT (clock), prompt_key);
  if (prompt == NULL)
    {
      prompt = g_new0 (Prompt, 1);
      prompt->clock = clock;
      g_object_set_data_full (G_OBJECT (clock), prompt_key, prompt, prompt_free);
    }
  prompt->counter = gdk_frame_clock_get_frame_counter (clock);

  /* A frame is then due, whatever the key changes and however the
   * widgets ask for it. */
  gtk_widget_add_tick_callback (widget, frame_tick_cb, NULL, NULL);

  if (prompt->idle_id == 0)
    prompt->idle_id = g_idle_add_full (PROMPT_PRIORITY, prompt_idle_cb, prompt, NULL);
}

/* GDK counts a frame as it begins, after the input it hands the frame:
 * a key handled before the frame or in it is drawn by the frame one past
 * the count the key found. */
gboolean
cd_prompt_frame_draws_key (GdkFrameClock *clock)
{
  Prompt *prompt;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (clock), FALSE);

  prompt = g_object_get_data (G_OBJECT (clock), prompt_key);
  return prompt != NULL && gdk_frame_clock_get_frame_counter (clock) == prompt->counter + 1;
}

/* Following a window's keys */

typedef struct
{
  GtkWidget *window;       /* not a reference: this lives on the window */
  GObject   *watched;      /* the focused text's buffer or editable */
  GtkWidget *focus;        /* the focused text view or editable */
  gulong     changed_id;
  gulong     caret_id;
  gboolean   key_pending;
} Follow;

static const char follow_key[] = "cd-prompt-frame-follow";

static void
unwatch (Follow *follow)
{
  if (follow->watched != NULL)
    {
      g_clear_signal_handler (&follow->changed_id, follow->watched);
      g_clear_signal_handler (&follow->caret_id, follow->watched);
    }
  g_clear_weak_pointer (&follow->watched);
  g_clear_weak_pointer (&follow->focus);
}

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  unwatch (follow);
  g_free (follow);
}

static void
text_changed (Follow *follow)
{
  if (!follow->key_pending)
    return;

  follow->key_pending = FALSE;
  /* A text view asks to draw a change only once it has laid out the
   * lines on screen again, in an idle that may come after the frame;
   * drawing, it lays them out first. */
  if (follow->focus != NULL)
    gtk_widget_queue_draw (follow->focus);
  cd_prompt_frame (follow->window);
}

static void
buffer_mark_set_cb (GtkTextBuffer     *buffer,
                    const GtkTextIter *location,
                    GtkTextMark       *mark,
                    Follow            *follow)
{
  if (mark == gtk_text_buffer_get_insert (buffer))
    text_changed (follow);
}

static void
focus_changed_cb (GtkWindow  *window,
                  GParamSpec *pspec,
                  Follow     *follow)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  unwatch (follow);

  if (GTK_IS_TEXT_VIEW (focus))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));

      g_set_weak_pointer (&follow->watched, G_OBJECT (buffer));
      g_set_weak_pointer (&follow->focus, focus);
      follow->changed_id = g_signal_connect_swapped (buffer, "changed", G_CALLBACK (text_changed), follow);
      follow->caret_id = g_signal_connect (buffer, "mark-set", G_CALLBACK (buffer_mark_set_cb), follow);
    }
  else if (GTK_IS_EDITABLE (focus))
    {
      g_set_weak_pointer (&follow->watched, G_OBJECT (focus));
      g_set_weak_pointer (&follow->focus, focus);
      follow->changed_id = g_signal_connect_swapped (focus, "changed", G_CALLBACK (text_changed), follow);
      follow->caret_id = g_signal_connect_swapped (focus, "notify::cursor-position",
                                                   G_CALLBACK (text_changed), follow);
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Follow                *follow)
{
  follow->key_pending = TRUE;
  return GDK_EVENT_PROPAGATE;
}

void
cd_prompt_frame_follow_keys (GtkWindow *window)
{
  GtkEventController *keys;
  Follow *follow;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (g_object_get_data (G_OBJECT (window), follow_key) == NULL);

  follow = g_new0 (Follow, 1);
  follow->window = GTK_WIDGET (window);
  g_object_set_data_full (G_OBJECT (window), follow_key, follow, follow_free);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "cd-prompt-frame");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), follow);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (focus_changed_cb), follow);
  focus_changed_cb (window, NULL, follow);
}
