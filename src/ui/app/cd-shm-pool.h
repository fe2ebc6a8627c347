/* cd-shm-pool.h: the X shared memory a window's frames go through, kept
 * while the window draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With GTK's cairo renderer on X11, each frame reaches the window
 * through MIT-SHM: cairo copies it into a shared memory segment from a
 * pool of its own and has the X server take it from there. cairo 1.16
 * destroys a pool as soon as nothing in it is in use, which is after
 * every frame, so each frame was copied into a segment never written
 * before: a page fault for every 4 KiB of it, each page cleared by the
 * kernel first (a preview frame of 800 by 1,000 pixels is 782 of them).
 *
 * Holds a sliver of a pool as large as the largest monitor's frame
 * while a person works in @window (keys, clicks, drags, scrolls), so the
 * frames that follow are copied into memory already there; lets go of it
 * a second after, and the pool's memory goes with it: a window left
 * alone, its caret blinking, holds none. Nothing where GTK draws
 * otherwise (OpenGL, Wayland) or cairo has no MIT-SHM. Windows of one
 * display share the pool. */
void     cd_shm_pool_follow_window (GtkWindow  *window);

/* Holds the pool of @widget's display for the next second, as its
 * input does: for a widget about to redraw much of itself without
 * input (the preview patching its page). */
void     cd_shm_pool_hold          (GtkWidget  *widget);

/* Whether the pool of @display is held now. */
gboolean cd_shm_pool_is_held       (GdkDisplay *display);

G_END_DECLS
