/* cd-shm-pool.c: the X shared memory a window's frames go through, kept
 * while a person works in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-shm-pool"

#include "config.h"

#include "cd-shm-pool.h"

#include "cd-renderer.h"

#if defined (HAVE_CAIRO_XLIB) && defined (GDK_WINDOWING_X11)
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#define CAN_HOLD 1
#endif

#ifdef CAN_HOLD

/* Let go of this long after the last key, click, scroll or patch: a
 * person typing or scrolling comes back far sooner. */
#define RELEASE_AFTER_MS 1000

/* The part of the pool held: large enough for cairo to take it from
 * shared memory (it keeps smaller images in memory of its own). */
#define SLIVER_SIZE 64

/* Rows of the image that makes the pool are this wide, 4 KiB. */
#define SIZING_WIDTH 1024

static const char pool_key[] = "cd-shm-pool";

typedef struct
{
  GdkDisplay      *display;  /* not a reference: this lives on it */
  /* A surface on the display's root window: how the pool of the
   * display's cairo device is reached. */
  cairo_surface_t *drawable;
  cairo_surface_t *sliver;
  /* The largest frame the pool held takes, and the one asked for. */
  gsize            held_bytes;
  gsize            wanted_bytes;
  gint64           last_activity;
  guint            hold_id;
  guint            release_id;
} Pool;

static void
pool_free (gpointer data)
{
  Pool *pool = data;

  g_clear_handle_id (&pool->hold_id, g_source_remove);
  g_clear_handle_id (&pool->release_id, g_source_remove);
  g_clear_pointer (&pool->sliver, cairo_surface_destroy);
  g_clear_pointer (&pool->drawable, cairo_surface_destroy);
  g_free (pool);
}

/* Let go of, cairo destroys the pool when it next takes shared memory
 * and finds nothing in it in use. */
static void
pool_let_go (Pool *pool)
{
  g_clear_pointer (&pool->sliver, cairo_surface_destroy);
  pool->held_bytes = 0;
}

/* cairo destroys the pools nothing is taken from, and their memory goes,
 * when it next takes shared memory: an image taken and let go of at
 * once has it look now. */
static void
pool_look_for_free (Pool *pool)
{
  cairo_surface_t *look = cairo_surface_create_similar_image (pool->drawable, CAIRO_FORMAT_ARGB32,
                                                              SLIVER_SIZE, SLIVER_SIZE);

  cairo_surface_destroy (look);
}

/* cairo 1.16 makes a pool eight times as large as the first image it
 * holds, rounded up to a power of two past it, and hands out blocks of
 * powers of two from it no larger than that power; it takes later
 * images from the first pool with room. An image of half the frame's
 * power of two makes a pool whose blocks take the frame, seven of them
 * free once the sliver is taken from the pool and the image let go of.
 * cairo clears an image it makes, so that half is written once here. */
static void
pool_hold (Pool  *pool,
           gsize  frame_bytes)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (pool->display);
  cairo_surface_t *sizing;
  gsize power = 1;

  if (pool->drawable == NULL)
    pool->drawable = cairo_xlib_surface_create (xdisplay, DefaultRootWindow (xdisplay),
                                                DefaultVisual (xdisplay, DefaultScreen (xdisplay)), 1, 1);

  while (power < frame_bytes)
    power <<= 1;

  /* A pool for smaller frames (the window grew) goes first. */
  if (pool->sliver != NULL)
    {
      pool_let_go (pool);
      pool_look_for_free (pool);
    }
  sizing = cairo_surface_create_similar_image (pool->drawable, CAIRO_FORMAT_ARGB32, SIZING_WIDTH,
                                               MAX (1, (int) (power / 2 / (SIZING_WIDTH * 4))));
  pool->sliver = cairo_surface_create_similar_image (pool->drawable, CAIRO_FORMAT_ARGB32,
                                                     SLIVER_SIZE, SLIVER_SIZE);
  cairo_surface_destroy (sizing);

  if (cairo_surface_status (pool->sliver) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&pool->sliver, cairo_surface_destroy);
  else
    pool->held_bytes = frame_bytes;
}

static gboolean
release_cb (gpointer data)
{
  Pool *pool = data;
  gint64 idle_ms = (g_get_monotonic_time () - pool->last_activity) / 1000;

  pool->release_id = 0;
  if (idle_ms < RELEASE_AFTER_MS)
    {
      pool->release_id = g_timeout_add (RELEASE_AFTER_MS - idle_ms, release_cb, pool);
      return G_SOURCE_REMOVE;
    }

  pool_let_go (pool);
  pool_look_for_free (pool);
  return G_SOURCE_REMOVE;
}

/* After the frame of the input that asked for it: the input is handled
 * and drawn first. */
static gboolean
hold_cb (gpointer data)
{
  Pool *pool = data;

  pool->hold_id = 0;
  if (pool->wanted_bytes > pool->held_bytes)
    pool_hold (pool, pool->wanted_bytes);
  pool->wanted_bytes = 0;

  if (pool->sliver != NULL && pool->release_id == 0)
    pool->release_id = g_timeout_add (RELEASE_AFTER_MS, release_cb, pool);

  return G_SOURCE_REMOVE;
}

static void
hold_for_window (GtkWidget *window)
{
  GdkDisplay *display = gtk_widget_get_display (window);
  int scale = gtk_widget_get_scale_factor (window);
  gsize frame_bytes;
  Pool *pool;

  if (!cd_renderer_draws_with_cairo () || !GDK_IS_X11_DISPLAY (display))
    return;

  pool = g_object_get_data (G_OBJECT (display), pool_key);
  if (pool == NULL)
    {
      pool = g_new0 (Pool, 1);
      pool->display = display;
      g_object_set_data_full (G_OBJECT (display), pool_key, pool, pool_free);
    }

  pool->last_activity = g_get_monotonic_time ();
  frame_bytes = (gsize) MAX (1, gtk_widget_get_width (window) * scale) *
                (gsize) MAX (1, gtk_widget_get_height (window) * scale) * 4;
  if (frame_bytes <= pool->held_bytes)
    return;

  pool->wanted_bytes = MAX (pool->wanted_bytes, frame_bytes);
  if (pool->hold_id == 0)
    pool->hold_id = g_idle_add (hold_cb, pool);
}

/* What a person does in a window that redraws much of it: typing (and
 * the preview patching after it), clicking, dragging, scrolling. The
 * caret's blinking and a pointer only passing over draw little. */
static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          GtkWidget                *window)
{
  GdkModifierType buttons = GDK_BUTTON1_MASK | GDK_BUTTON2_MASK | GDK_BUTTON3_MASK;

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
      hold_for_window (window);
      break;

    case GDK_MOTION_NOTIFY:
      if ((gdk_event_get_modifier_state (event) & buttons) != 0)
        hold_for_window (window);
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

#endif

void
cd_shm_pool_follow_window (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

#ifdef CAN_HOLD
  {
    GtkEventController *events = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_name (events, "cd-shm-pool");
    gtk_event_controller_set_propagation_phase (events, GTK_PHASE_CAPTURE);
    g_signal_connect (events, "event", G_CALLBACK (event_cb), window);
    gtk_widget_add_controller (GTK_WIDGET (window), events);
  }
#endif
}

void
cd_shm_pool_hold (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

#ifdef CAN_HOLD
  {
    GtkRoot *root = gtk_widget_get_root (widget);

    if (GTK_IS_WINDOW (root))
      hold_for_window (GTK_WIDGET (root));
  }
#endif
}

gboolean
cd_shm_pool_is_held (GdkDisplay *display)
{
  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

#ifdef CAN_HOLD
  {
    Pool *pool = g_object_get_data (G_OBJECT (display), pool_key);

    return pool != NULL && pool->sliver != NULL;
  }
#else
  return FALSE;
#endif
}
