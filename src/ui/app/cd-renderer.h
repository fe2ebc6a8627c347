/* cd-renderer.h: which of GTK's renderers draws Copydesk's windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether OpenGL on this display would run without a GPU beneath it
 * (Mesa's software rasterizer): no GPU render node, an X server without
 * DRI (Xvfb, most VNC servers), or LIBGL_ALWAYS_SOFTWARE set. */
gboolean cd_renderer_gl_is_software (void);

/* Where OpenGL would run in software, has GTK draw with its cairo
 * renderer, which draws the same frames there several times faster and
 * without compiling shaders at start-up; a GSK_RENDERER the user set is
 * kept. Call before GTK is initialised and before any other thread
 * starts (it sets the environment). Returns whether cairo was chosen. */
gboolean cd_renderer_choose (void);

G_END_DECLS
