/* cd-test-input.c: real X events (xdotool) for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "cd-test-input.h"
#include "cd-test-utils.h"

void
cd_test_input_init (int    *argc,
                    char ***argv)
{
  /* xdotool and xclip speak X11. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    g_error ("these tests need an X display (run them under xvfb-run)");
  cd_test_require_program ("xdotool");
}

void
cd_test_xdotool (const char *first,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  cd_test_run_program ((const char * const *) argv->pdata);
}

typedef struct
{
  GtkWidget *widget;
  double     x;
  double     y;
  double     native_x;
  double     native_y;
  gint64     since_frame;
} LayoutWait;

static gboolean
layout_settled (gpointer data)
{
  LayoutWait *wait = data;
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (wait->widget));
  graphene_point_t in = GRAPHENE_POINT_INIT ((float) wait->x, (float) wait->y);
  graphene_point_t out;
  GtkWidget *picked;
  gint64 frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (native));

  /* Frames come only when something is drawn. */
  gtk_widget_queue_draw (native);

  if (!gtk_widget_compute_point (wait->widget, native, &in, &out))
    return FALSE;
  picked = gtk_widget_pick (native, out.x, out.y, GTK_PICK_DEFAULT);
  if (picked == NULL || (picked != wait->widget && !gtk_widget_is_ancestor (picked, wait->widget)) ||
      out.x != wait->native_x || out.y != wait->native_y)
    {
      wait->native_x = out.x;
      wait->native_y = out.y;
      wait->since_frame = frame;
      return FALSE;
    }

  return frame >= wait->since_frame + 2;
}

void
cd_test_native_point (GtkWidget  *widget,
                      double      x,
                      double      y,
                      char      **x_text,
                      char      **y_text)
{
  LayoutWait wait = { widget, x, y, -1, -1, 0 };
  GtkNative *native = gtk_widget_get_native (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  double surface_x;
  double surface_y;

  cd_test_wait_for (layout_settled, &wait, "the layout to settle");
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  *x_text = g_strdup_printf ("%d", (int) ((wait.native_x + surface_x) * scale));
  *y_text = g_strdup_printf ("%d", (int) ((wait.native_y + surface_y) * scale));
}

void
cd_test_click_widget (GtkWidget  *widget,
                      double      x,
                      double      y,
                      const char *button)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_autofree char *px = NULL;
  g_autofree char *py = NULL;

  cd_test_native_point (widget, x, y, &px, &py);
  cd_test_xdotool ("mousemove", "--window", xid, px, py, "click", button, NULL);
}

GdkTexture *
cd_test_widget_texture (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}
