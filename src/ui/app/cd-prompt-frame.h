/* cd-prompt-frame.h: drawing a key's change at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Where the display gives GDK no frame timing (X11 without a compositing
 * window manager, Xvfb), GDK starts a window's frames at least a refresh
 * period (16.7 ms) apart, counted from the start of the last one: a key
 * typed just after the preview drew waited for the rest of that period
 * before its glyph was drawn. That spacing keeps animations from drawing
 * as fast as the processor allows; a person's keys are not an animation.
 *
 * Has the next frame of @widget's window, which draws what the key now
 * being handled changed, start as soon as the main loop has handled the
 * key and the input that came with it, ahead of the idle work the change
 * set off (pre-flight, the counts). Call it when a
 * key has changed what the window shows. Where the display paces the
 * frames (a compositor's frame callbacks) GDK has no such wait and this
 * changes nothing; it also changes nothing if GDK schedules its frames
 * another way. */
void     cd_prompt_frame             (GtkWidget     *widget);

/* Whether the frame @clock is in (or last drew) is the one that draws
 * the change of the last key cd_prompt_frame() was called for, brought
 * forward or due anyway (GDK runs a frame whose time has come as soon
 * as it has handed it the input): work that could wait until after it
 * should. */
gboolean cd_prompt_frame_draws_key   (GdkFrameClock *clock);

/* Calls cd_prompt_frame() for @window when a key pressed in it changes
 * the text or moves the caret of the text view or editable that has the
 * focus: once per key, whether the change comes while the key is
 * handled or later from an input method (IBus and Wayland's text input
 * hand over their text after the key). A key that changes nothing asks
 * for no frame. */
void     cd_prompt_frame_follow_keys (GtkWindow     *window);

G_END_DECLS
