/* cd-test-input.h: real X events (xdotool) for the UI tests, and what
 * a widget drew
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets up GTK and libadwaita for a test program of real X input, on
 * X11 (GDK_BACKEND), and fails unless the display is X and xdotool is
 * installed. In place of gtk_test_init(). */
void     cd_test_input_init     (int        *argc,
                                 char     ***argv);
/* Runs xdotool with the arguments given, NULL-terminated, to its end. */
void     cd_test_xdotool        (const char *first,
                                 ...) G_GNUC_NULL_TERMINATED;
/* Where the point (@x, @y) of @widget is in the X window of the native
 * (window or popover) showing it, in pixels, as xdotool takes it: once
 * the layout has settled, that is once the point has delivered a click
 * to @widget for two frames (rows are built and laid out after a window
 * maps, so an early position can be stale). */
void     cd_test_native_point   (GtkWidget  *widget,
                                 double      x,
                                 double      y,
                                 char      **x_text,
                                 char      **y_text);
/* Clicks @button ("1", "3") at the point (@x, @y) of @widget, in
 * whatever X window shows it. */
void     cd_test_click_widget   (GtkWidget  *widget,
                                 double      x,
                                 double      y,
                                 const char *button);

/* What @widget drew last, not drawn again for the test, as a texture of
 * its size; NULL when it has drawn nothing yet, or has a redraw queued. */
GdkTexture *cd_test_widget_texture (GtkWidget  *widget);

G_END_DECLS
