/* test-prompt-frame.c: a key's change drawn without waiting out the
 * refresh period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb the display gives GDK no frame timing, so GDK spaces a
 * window's frames a refresh period apart: the case cd_prompt_frame() is
 * for. The main loop is turned without blocking, so a frame that waits
 * for its time cannot run, however fast or slow the machine is.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "cd-block-editor-private.h"
#include "cd-prompt-frame.h"
#include "cd-renderer.h"
#include "cd-test-utils.h"

/* GDK's spacing at 60 Hz, less its rounding to whole milliseconds. */
#define SPACING_USEC 16000

/* Turns of the main loop a prompted frame may take: the prompt's idle,
 * then the frame. */
#define MAX_TURNS 8

typedef struct
{
  GtkWidget *window;
  GtkWidget *label;
  GtkWidget *text_view;
  GtkWidget *entry;
  GtkWidget *editor;
  CdArticle *article;
  CdHistory *history;
  guint      frames;
  gint64     last_start;
  gboolean   last_draws_key;
} Fixture;

static void
before_paint_cb (GdkFrameClock *clock,
                 Fixture       *f)
{
  f->last_start = g_get_monotonic_time ();
  f->last_draws_key = cd_prompt_frame_draws_key (clock);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *f)
{
  f->frames++;
}

/* Text views draw themselves only when they ask to (GTK keeps what a
 * widget drew until then): a frame shows a change to a text view's text
 * only if the view drew in it. */
static void (*text_view_parent_snapshot) (GtkWidget *widget, GtkSnapshot *snapshot);
static void (*text_parent_snapshot) (GtkWidget *widget, GtkSnapshot *snapshot);
static guint n_text_view_draws;
static guint n_text_draws;

static void
text_view_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  n_text_view_draws++;
  text_view_parent_snapshot (widget, snapshot);
}

/* The same for the body's text view, a subclass. */
static void (*body_parent_snapshot) (GtkWidget *widget, GtkSnapshot *snapshot);

static void
body_snapshot (GtkWidget   *widget,
               GtkSnapshot *snapshot)
{
  n_text_view_draws++;
  body_parent_snapshot (widget, snapshot);
}

/* The same for an entry's text. */
static void
text_snapshot (GtkWidget   *widget,
               GtkSnapshot *snapshot)
{
  n_text_draws++;
  text_parent_snapshot (widget, snapshot);
}

typedef struct
{
  Fixture *f;
  guint    count;
} FrameWait;

static gboolean
frame_drawn (gpointer data)
{
  FrameWait *wait = data;

  return wait->f->frames > wait->count;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GdkFrameClock *clock;
  FrameWait wait;

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled;

  f->window = gtk_window_new ();
  f->label = gtk_label_new ("A story");
  f->text_view = gtk_text_view_new ();
  if (text_view_parent_snapshot == NULL)
    {
      GtkWidgetClass *text_view_class = GTK_WIDGET_GET_CLASS (f->text_view);
      GtkWidgetClass *text_class = g_type_class_ref (GTK_TYPE_TEXT);

      text_view_parent_snapshot = text_view_class->snapshot;
      text_view_class->snapshot = text_view_snapshot;
      text_parent_snapshot = text_class->snapshot;
      text_class->snapshot = text_snapshot;
    }
  f->entry = gtk_entry_new ();
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->text_view)), "The body", -1);
  gtk_box_append (GTK_BOX (box), f->label);
  gtk_box_append (GTK_BOX (box), f->text_view);
  gtk_box_append (GTK_BOX (box), f->entry);

  /* The story's body, as the window has it, for the tests that type in
   * it (its idles would slow the others' turns of the main loop). */
  if (data != NULL)
    {
      f->article = cd_article_new ();
      for (int i = 0; i < 300; i++)
        {
          g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);

          cd_block_set_text (block, "The ferry leaves the quay at ten, and the last one comes back at two.");
          cd_article_append_block (f->article, block);
        }
      f->history = cd_history_new (f->article);
      f->editor = cd_block_editor_new ();
      cd_block_editor_set_article (CD_BLOCK_EDITOR (f->editor), f->article, f->history);
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), f->editor);
      gtk_widget_set_size_request (scrolled, -1, 300);
      gtk_box_append (GTK_BOX (box), scrolled);
      if (body_parent_snapshot == NULL)
        {
          GtkWidgetClass *body_class = GTK_WIDGET_GET_CLASS (_cd_block_editor_get_view (CD_BLOCK_EDITOR (f->editor)));

          body_parent_snapshot = body_class->snapshot;
          body_class->snapshot = body_snapshot;
        }
    }
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  cd_prompt_frame_follow_keys (GTK_WINDOW (f->window));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 500, 600);
  gtk_window_present (GTK_WINDOW (f->window));

  g_assert_true (gtk_widget_get_realized (f->window));
  clock = gtk_widget_get_frame_clock (f->window);
  g_assert_nonnull (clock);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), f);

  wait.f = f;
  wait.count = 0;
  cd_test_wait_for (frame_drawn, &wait, "the window's first frame");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->history);
  g_clear_object (&f->article);
}

/* Draws a frame and returns just after it, when GDK would hold the next
 * one back for the rest of the refresh period. FALSE, the test skipped,
 * if the machine was too slow to leave any of the period. */
static gboolean
just_after_a_frame (Fixture *f)
{
  for (int attempt = 0; attempt < 10; attempt++)
    {
      FrameWait wait = { f, f->frames };

      gtk_widget_queue_draw (f->label);
      cd_test_wait_for (frame_drawn, &wait, "a frame");
      if (g_get_monotonic_time () - f->last_start < SPACING_USEC / 2)
        return TRUE;
    }
  g_test_skip ("every frame took most of the refresh period");
  return FALSE;
}

/* Turns the main loop without blocking; whether a frame was drawn. */
static gboolean
frame_without_waiting (Fixture *f)
{
  guint count = f->frames;

  for (int turn = 0; turn < MAX_TURNS && f->frames == count; turn++)
    g_main_context_iteration (NULL, FALSE);
  return f->frames > count;
}

/* A frame comes without waiting, and the text counted by @draws, which
 * was @before as the change was made, drew in it. */
static void
assert_drawn_at_once (Fixture     *f,
                      const guint *draws,
                      guint        before)
{
  g_assert_true (frame_without_waiting (f));
  g_assert_cmpuint (*draws, >, before);
}

/* That no frame comes before GDK's spacing from the last one lets it:
 * turns the main loop without blocking, as frame_without_waiting ()
 * does. A machine so slow that the spacing passed while it turned says
 * nothing either way: the test is skipped. */
static gboolean
no_frame_within_spacing (Fixture *f)
{
  gint64 previous = f->last_start;

  if (frame_without_waiting (f) && f->last_start - previous >= SPACING_USEC)
    {
      g_test_skip ("the refresh period passed while looking");
      return FALSE;
    }
  g_assert_cmpint (f->last_start, ==, previous);
  return TRUE;
}

/* What the prompt is for: a change right after a frame waits for the
 * refresh period to pass. Should GDK stop spacing frames so, this fails
 * and the prompt has no more reason to be. */
static void
test_change_waits (Fixture       *f,
                   gconstpointer  data)
{
  if (!just_after_a_frame (f))
    return;

  gtk_label_set_text (GTK_LABEL (f->label), "A story, typed");
  no_frame_within_spacing (f);
}

/* A key's change right after a frame is drawn at once. */
static void
test_key_drawn_at_once (Fixture       *f,
                        gconstpointer  data)
{
  gint64 previous;

  if (!just_after_a_frame (f))
    return;
  previous = f->last_start;

  gtk_label_set_text (GTK_LABEL (f->label), "A story, typed");
  cd_prompt_frame (f->window);
  g_assert_true (frame_without_waiting (f));
  g_assert_cmpint (f->last_start - previous, <, SPACING_USEC);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (f->label)), ==, "A story, typed");
}

/* A key that changes nothing the window shows still gets its frame at
 * once (the caret may have moved), and only one. */
static void
test_one_frame_per_key (Fixture       *f,
                        gconstpointer  data)
{
  guint count;

  if (!just_after_a_frame (f))
    return;

  count = f->frames;
  cd_prompt_frame (f->window);
  g_assert_true (frame_without_waiting (f));
  g_assert_cmpuint (f->frames, ==, count + 1);
  /* The preview leaves its patch until after such a frame. */
  g_assert_true (f->last_draws_key);
  /* Nothing more is due: no frame follows. */
  if (!no_frame_within_spacing (f))
    return;

  /* The next frame, drawn at GDK's pace, is not one brought forward. */
  if (!just_after_a_frame (f))
    return;
  g_assert_false (f->last_draws_key);
}

static gboolean
period_passed (gpointer data)
{
  Fixture *f = data;

  return g_get_monotonic_time () - f->last_start >= SPACING_USEC + 1000;
}

/* A key that comes when the refresh period has passed finds its frame
 * due: GDK runs it as soon as it has handed it the input (the frame
 * clock's input phase, which GDK asks for as input comes, draws too when
 * the frame is due), before the prompt could bring it forward. It is the
 * key's frame all the same, and the preview leaves its patch until
 * after it. */
static void
test_due_frame_draws_key (Fixture       *f,
                          gconstpointer  data)
{
  FrameWait wait = { f, 0 };

  wait.count = f->frames;
  gtk_widget_queue_draw (f->label);
  cd_test_wait_for (frame_drawn, &wait, "a frame");
  cd_test_wait_for (period_passed, f, "the refresh period to pass");
  g_assert_false (f->last_draws_key);

  gdk_frame_clock_request_phase (gtk_widget_get_frame_clock (f->window), GDK_FRAME_CLOCK_PHASE_FLUSH_EVENTS);
  gtk_label_set_text (GTK_LABEL (f->label), "A story, typed");
  cd_prompt_frame (f->window);
  wait.count = f->frames;
  cd_test_wait_for (frame_drawn, &wait, "the key's frame");
  g_assert_true (f->last_draws_key);
  g_assert_cmpuint (f->frames, ==, wait.count + 1);
}

/* A key pressed in the window, as GTK hands it to the prompt's key
 * controller (capturing, so before the focused widget sees it) (GTK 4 has no way to
 * make an event); its change is made by the caller, as the text widget
 * or an input method would. */
static void
press_key (Fixture *f)
{
  GListModel *controllers = gtk_widget_observe_controllers (f->window);
  guint n_key_controllers = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (controller)), "cd-prompt-frame") != 0)
        continue;
      g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)), ==,
                       GTK_PHASE_CAPTURE);
      g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_a, 38, (GdkModifierType) 0, &handled);
      g_assert_false (handled);
      n_key_controllers++;
    }
  g_object_unref (controllers);
  g_assert_cmpuint (n_key_controllers, ==, 1);
}

static GtkTextBuffer *
body (Fixture *f)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->text_view));
}

/* A key typed in a text view is drawn at once. */
static void
test_typed_key_drawn_at_once (Fixture       *f,
                              gconstpointer  data)
{
  GtkTextIter end;
  guint draws;

  gtk_widget_grab_focus (f->text_view);
  if (!just_after_a_frame (f))
    return;

  press_key (f);
  draws = n_text_view_draws;
  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_insert (body (f), &end, "a", -1);
  /* That frame drew the text. */
  assert_drawn_at_once (f, &n_text_view_draws, draws);
}

/* An input method hands over the text after the key: the frame waits
 * for the text, not for the key. */
static void
test_input_method_text_drawn_at_once (Fixture       *f,
                                      gconstpointer  data)
{
  GtkTextIter end;
  guint draws;

  gtk_widget_grab_focus (f->text_view);
  if (!just_after_a_frame (f))
    return;

  press_key (f);
  /* The key alone changes nothing: no frame for it. */
  if (!no_frame_within_spacing (f))
    return;

  draws = n_text_view_draws;
  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_insert (body (f), &end, "é", -1);
  assert_drawn_at_once (f, &n_text_view_draws, draws);
}

/* A caret moved by a key is drawn at once. */
static void
test_caret_move_drawn_at_once (Fixture       *f,
                               gconstpointer  data)
{
  GtkTextIter start;
  guint draws;

  gtk_widget_grab_focus (f->text_view);
  if (!just_after_a_frame (f))
    return;

  press_key (f);
  draws = n_text_view_draws;
  gtk_text_buffer_get_start_iter (body (f), &start);
  gtk_text_buffer_place_cursor (body (f), &start);
  assert_drawn_at_once (f, &n_text_view_draws, draws);
}

/* The same in an entry (the bylines, the dateline). */
static void
test_entry_key_drawn_at_once (Fixture       *f,
                              gconstpointer  data)
{
  int position = 0;
  guint draws;

  gtk_widget_grab_focus (f->entry);
  if (!just_after_a_frame (f))
    return;

  press_key (f);
  draws = n_text_draws;
  gtk_editable_insert_text (GTK_EDITABLE (f->entry), "M", -1, &position);
  assert_drawn_at_once (f, &n_text_draws, draws);
}

/* A change with no key (the story loading, a preview's update) keeps
 * GDK's pace; so does a change in a text without the focus. */
static void
test_change_without_key_waits (Fixture       *f,
                               gconstpointer  data)
{
  GtkTextIter end;
  int position = 0;

  gtk_widget_grab_focus (f->text_view);
  if (!just_after_a_frame (f))
    return;

  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_insert (body (f), &end, " grows", -1);
  press_key (f);
  gtk_editable_insert_text (GTK_EDITABLE (f->entry), "elsewhere", -1, &position);
  no_frame_within_spacing (f);
}

/* The body's editor, as a key types in it: its text view lays out the
 * changed lines in an idle of its own, and the frame must draw them. */
static void
test_body_key_drawn_at_once (Fixture       *f,
                             gconstpointer  data)
{
  GtkTextView *view = _cd_block_editor_get_view (CD_BLOCK_EDITOR (f->editor));
  CdBlock *block = cd_article_get_block (f->article, 150);
  static const char typed[] = "ferry";

  g_assert_true (cd_block_editor_focus_block (CD_BLOCK_EDITOR (f->editor), cd_block_get_id (block), 0));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  /* A few keys: when the view lays the line out comes and goes. */
  for (guint i = 0; typed[i] != '\0'; i++)
    {
      char key[2] = { typed[i], '\0' };
      guint draws;

      if (!just_after_a_frame (f))
        return;

      press_key (f);
      draws = n_text_view_draws;
      /* As the view takes a typed character: inserted, then the caret
       * kept on screen. */
      g_signal_emit_by_name (view, "insert-at-cursor", key);
      assert_drawn_at_once (f, &n_text_view_draws, draws);
    }
  g_assert_true (g_str_has_prefix (cd_block_get_text (block), "ferryThe ferry leaves"));
}

/* A widget not in a shown window has no frame clock: nothing happens. */
static void
test_no_window (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("Alone"));

  cd_prompt_frame (label);
  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  /* The spacing is X11's (GDK's Wayland backend waits for the
   * compositor instead); the suite's display is Xvfb. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  cd_renderer_choose ();
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/prompt-frame/change-waits", Fixture, NULL,
              fixture_set_up, test_change_waits, fixture_tear_down);
  g_test_add ("/prompt-frame/key-drawn-at-once", Fixture, NULL,
              fixture_set_up, test_key_drawn_at_once, fixture_tear_down);
  g_test_add ("/prompt-frame/one-frame-per-key", Fixture, NULL,
              fixture_set_up, test_one_frame_per_key, fixture_tear_down);
  g_test_add ("/prompt-frame/due-frame-draws-key", Fixture, NULL,
              fixture_set_up, test_due_frame_draws_key, fixture_tear_down);
  g_test_add ("/prompt-frame/typed-key-drawn-at-once", Fixture, NULL,
              fixture_set_up, test_typed_key_drawn_at_once, fixture_tear_down);
  g_test_add ("/prompt-frame/input-method-text-drawn-at-once", Fixture, NULL,
              fixture_set_up, test_input_method_text_drawn_at_once, fixture_tear_down);
  g_test_add ("/prompt-frame/caret-move-drawn-at-once", Fixture, NULL,
              fixture_set_up, test_caret_move_drawn_at_once, fixture_tear_down);
  g_test_add ("/prompt-frame/entry-key-drawn-at-once", Fixture, NULL,
              fixture_set_up, test_entry_key_drawn_at_once, fixture_tear_down);
  g_test_add ("/prompt-frame/body-key-drawn-at-once", Fixture, "with the body",
              fixture_set_up, test_body_key_drawn_at_once, fixture_tear_down);
  g_test_add ("/prompt-frame/change-without-key-waits", Fixture, NULL,
              fixture_set_up, test_change_without_key_waits, fixture_tear_down);
  g_test_add_func ("/prompt-frame/no-window", test_no_window);

  return g_test_run ();
}
