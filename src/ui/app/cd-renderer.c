/* cd-renderer.c: which of GTK's renderers draws Copydesk's windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-renderer"

#include "config.h"

#include "cd-renderer.h"

#ifdef HAVE_EGL
#include <EGL/egl.h>
#endif
#ifdef HAVE_X11
#include <X11/Xlib.h>
#endif

static gboolean
env_is_true (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' &&
         g_strcmp0 (value, "0") != 0 && g_ascii_strcasecmp (value, "false") != 0;
}

/* A GPU's render node (/dev/dri/renderD128, …) is what Mesa's hardware
 * drivers open. */
static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dri = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    {
      if (g_str_has_prefix (name, "renderD"))
        return TRUE;
    }

  return FALSE;
}

/* GDK's choice of backend, as far as the environment tells it: X11 when
 * asked for, or when there is no Wayland display to prefer. */
static gboolean
uses_x11 (void)
{
  const char *backend = g_getenv ("GDK_BACKEND");

  if (backend != NULL && *backend != '\0' && !g_str_equal (backend, "*"))
    return g_str_has_prefix (backend, "x11");

  return g_getenv ("WAYLAND_DISPLAY") == NULL && g_getenv ("DISPLAY") != NULL;
}

/* An X server hands GPU buffers to its clients through DRI3 (or the older
 * DRI2); without either, Mesa draws on the CPU. */
static gboolean
x_server_has_dri (void)
{
#ifdef HAVE_X11
  Display *display = XOpenDisplay (NULL);
  int opcode, event, error;
  gboolean dri;

  /* GTK will say why it cannot open the display. */
  if (display == NULL)
    return TRUE;

  dri = XQueryExtension (display, "DRI3", &opcode, &event, &error) ||
        XQueryExtension (display, "DRI2", &opcode, &event, &error);
  XCloseDisplay (display);

  return dri;
#else
  return TRUE;
#endif
}

gboolean
cd_renderer_gl_is_software (void)
{
  if (env_is_true ("LIBGL_ALWAYS_SOFTWARE"))
    return TRUE;

  if (!has_render_node ())
    return TRUE;

  return uses_x11 () && !x_server_has_dri ();
}

/* The variables cd_renderer_choose () put in the environment, which the
 * programs Copydesk starts should not inherit from it. */
static const char *set_names[3];
static guint n_set;

/* Sets @name for this process unless the user already set it. */
static void
set_unless_given (const char *name,
                  const char *value)
{
  if (g_getenv (name) != NULL)
    return;

  g_setenv (name, value, TRUE);
  g_assert (n_set < G_N_ELEMENTS (set_names));
  set_names[n_set++] = name;
}

/* libglvnd's variable naming the EGL drivers it may load. */
#define EGL_DRIVERS_VARIABLE "__EGL_VENDOR_LIBRARY_FILENAMES"

/* With GTK drawing with cairo and the preview's page drawn without the
 * compositor, nothing in this process draws with OpenGL, yet WebKit sets
 * up EGL here when the preview loads its first page, and Mesa's software
 * driver brings LLVM with it: 43 MB resident of the 221 MB the process
 * held with a 10,000-word story open. libglvnd reads the list of drivers
 * once, at the first EGL call; making that call here with an empty list
 * leaves EGL in this process without a driver, and WebKit shows the
 * pages the web process draws into shared memory. The variable is gone
 * again before any other process starts: the web process needs its EGL.
 * A list the user gave is kept. */
static void
leave_egl_without_driver (void)
{
#ifdef HAVE_EGL
  if (g_getenv (EGL_DRIVERS_VARIABLE) != NULL || g_getenv ("__EGL_VENDOR_LIBRARY_DIRS") != NULL)
    return;

  g_setenv (EGL_DRIVERS_VARIABLE, "", TRUE);
  (void) eglQueryString (EGL_NO_DISPLAY, EGL_EXTENSIONS);
  g_unsetenv (EGL_DRIVERS_VARIABLE);
#endif
}

gboolean
cd_renderer_choose (void)
{
  const char *chosen = g_getenv ("GSK_RENDERER");

  if (chosen != NULL && *chosen != '\0')
    return g_str_equal (chosen, "cairo");

  if (!cd_renderer_gl_is_software ())
    return FALSE;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  set_names[n_set++] = "GSK_RENDERER";
  /* GDK 4.8 on X11 sets up OpenGL when it opens the display (to choose
   * the windows' visual), loading Mesa's software driver twice, EGL then
   * GLX, for a renderer that will never draw with it. */
  set_unless_given ("GDK_DEBUG", "gl-disable");
  /* Without GDK's OpenGL, WebKit draws the preview's page without its
   * compositor; said here, it does so without a warning. */
  set_unless_given ("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
  leave_egl_without_driver ();

  return TRUE;
}

gboolean
cd_renderer_draws_with_cairo (void)
{
  return g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0;
}

void
cd_renderer_clean_launch_context (GAppLaunchContext *context)
{
  g_return_if_fail (G_IS_APP_LAUNCH_CONTEXT (context));

  for (guint i = 0; i < n_set; i++)
    g_app_launch_context_unsetenv (context, set_names[i]);
}
