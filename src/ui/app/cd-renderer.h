/* cd-renderer.h: which of GTK's renderers draws Copydesk's windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether OpenGL on this display would run without a GPU beneath it
 * (Mesa's software rasterizer): no GPU render node, an X server without
 * DRI (Xvfb, most VNC servers), or LIBGL_ALWAYS_SOFTWARE set. */
gboolean cd_renderer_gl_is_software        (void);

/* Where OpenGL would run in software, has GTK draw with its cairo
 * renderer, which draws the same frames there several times faster and
 * without compiling shaders at start-up, and leaves OpenGL unset up: GDK
 * does not load Mesa for a renderer that will not use it (GDK_DEBUG
 * gl-disable) and WebKit draws the preview without its compositor. A
 * GSK_RENDERER the user set is kept, and so is the user's own GDK_DEBUG
 * or WEBKIT_DISABLE_COMPOSITING_MODE. Call before GTK is initialised and
 * before any other thread starts (it sets the environment). Returns
 * whether cairo was chosen. */
gboolean cd_renderer_choose               (void);

/* Whether GTK draws this process's windows with its cairo renderer: the
 * one cd_renderer_choose() chose, or the one the user named. */
gboolean cd_renderer_draws_with_cairo     (void);

/* Keeps what cd_renderer_choose() set out of the environment of the
 * programs launched with @context: a browser opened on a link draws as
 * it would have without Copydesk. */
void     cd_renderer_clean_launch_context (GAppLaunchContext *context);

G_END_DECLS
