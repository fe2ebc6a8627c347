/* test-renderer.c: the renderer Copydesk chooses for its windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cd_renderer_choose() sets the environment, so each case runs in a
 * subprocess with the environment it needs.
 */

#include "config.h"

#include <gio/gio.h>

#include "cd-renderer.h"

static void
run_case (const char *name)
{
  g_autofree char *path = g_strdup_printf ("/renderer/%s/subprocess", name);

  g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A renderer the user chose is kept, whatever OpenGL would do. */
static void
test_user_choice_kept_subprocess (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);

  g_assert_false (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_assert_false (cd_renderer_draws_with_cairo ());
}

static void
test_user_choice_kept (void)
{
  run_case ("user-choice-kept");
}

/* Mesa told to draw in software: cairo. */
static void
test_software_gl_subprocess (void)
{
  g_unsetenv ("GSK_RENDERER");
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "true", TRUE);

  g_assert_true (cd_renderer_gl_is_software ());
  g_assert_true (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_true (cd_renderer_draws_with_cairo ());
}

static void
test_software_gl (void)
{
  run_case ("software-gl");
}

/* The environment a program launched by Copydesk gets. */
static GStrv
launch_environment (void)
{
  g_autoptr(GAppLaunchContext) context = g_app_launch_context_new ();

  cd_renderer_clean_launch_context (context);

  return g_app_launch_context_get_environment (context);
}

/* With cairo chosen, GDK sets up no OpenGL and WebKit no compositor; the
 * programs Copydesk launches (a browser for a link) get none of it. */
static void
test_gl_left_unset_subprocess (void)
{
  g_auto(GStrv) environment = NULL;

  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("WEBKIT_DISABLE_COMPOSITING_MODE");
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);

  g_assert_true (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
  g_assert_cmpstr (g_getenv ("WEBKIT_DISABLE_COMPOSITING_MODE"), ==, "1");
  /* EGL here was left without a driver; the web process keeps its own. */
  g_assert_null (g_getenv ("__EGL_VENDOR_LIBRARY_FILENAMES"));

  environment = launch_environment ();
  g_assert_null (g_environ_getenv (environment, "__EGL_VENDOR_LIBRARY_FILENAMES"));
  g_assert_null (g_environ_getenv (environment, "GSK_RENDERER"));
  g_assert_null (g_environ_getenv (environment, "GDK_DEBUG"));
  g_assert_null (g_environ_getenv (environment, "WEBKIT_DISABLE_COMPOSITING_MODE"));
  g_assert_cmpstr (g_environ_getenv (environment, "LIBGL_ALWAYS_SOFTWARE"), ==, "1");
}

static void
test_gl_left_unset (void)
{
  run_case ("gl-left-unset");
}

/* The user's own GDK_DEBUG is theirs: kept, in Copydesk and in what it
 * launches. */
static void
test_user_gdk_debug_kept_subprocess (void)
{
  g_auto(GStrv) environment = NULL;

  g_unsetenv ("GSK_RENDERER");
  g_setenv ("GDK_DEBUG", "interactive", TRUE);
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);

  g_assert_true (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive");

  environment = launch_environment ();
  g_assert_cmpstr (g_environ_getenv (environment, "GDK_DEBUG"), ==, "interactive");
  g_assert_null (g_environ_getenv (environment, "GSK_RENDERER"));
}

static void
test_user_gdk_debug_kept (void)
{
  run_case ("user-gdk-debug-kept");
}

/* A list of EGL drivers the user gave is theirs: kept as it was. */
static void
test_user_egl_drivers_kept_subprocess (void)
{
  g_unsetenv ("GSK_RENDERER");
  g_setenv ("__EGL_VENDOR_LIBRARY_FILENAMES", "/usr/share/glvnd/egl_vendor.d/50_mesa.json", TRUE);
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);

  g_assert_true (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("__EGL_VENDOR_LIBRARY_FILENAMES"), ==,
                   "/usr/share/glvnd/egl_vendor.d/50_mesa.json");
}

static void
test_user_egl_drivers_kept (void)
{
  run_case ("user-egl-drivers-kept");
}

/* "0" and "false" do not ask for software. */
static void
test_software_off_subprocess (void)
{
  g_setenv ("GSK_RENDERER", "ngl", TRUE);
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "0", TRUE);

  g_unsetenv ("GDK_DEBUG");

  g_assert_false (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");
  g_assert_null (g_getenv ("GDK_DEBUG"));
}

static void
test_software_off (void)
{
  run_case ("software-off");
}

/* The suite's display is Xvfb, whose X server has no DRI: OpenGL on it
 * runs in software, so the windows draw with cairo. */
static void
test_xvfb_subprocess (void)
{
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  g_assert_true (cd_renderer_gl_is_software ());
  g_assert_true (cd_renderer_choose ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
}

static void
test_xvfb (void)
{
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no X display (build-aux/dev runs the suite under xvfb-run)");
      return;
    }

  run_case ("xvfb");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renderer/user-choice-kept", test_user_choice_kept);
  g_test_add_func ("/renderer/user-choice-kept/subprocess", test_user_choice_kept_subprocess);
  g_test_add_func ("/renderer/software-gl", test_software_gl);
  g_test_add_func ("/renderer/software-gl/subprocess", test_software_gl_subprocess);
  g_test_add_func ("/renderer/gl-left-unset", test_gl_left_unset);
  g_test_add_func ("/renderer/gl-left-unset/subprocess", test_gl_left_unset_subprocess);
  g_test_add_func ("/renderer/user-gdk-debug-kept", test_user_gdk_debug_kept);
  g_test_add_func ("/renderer/user-gdk-debug-kept/subprocess", test_user_gdk_debug_kept_subprocess);
  g_test_add_func ("/renderer/user-egl-drivers-kept", test_user_egl_drivers_kept);
  g_test_add_func ("/renderer/user-egl-drivers-kept/subprocess", test_user_egl_drivers_kept_subprocess);
  g_test_add_func ("/renderer/software-off", test_software_off);
  g_test_add_func ("/renderer/software-off/subprocess", test_software_off_subprocess);
  g_test_add_func ("/renderer/xvfb", test_xvfb);
  g_test_add_func ("/renderer/xvfb/subprocess", test_xvfb_subprocess);

  return g_test_run ();
}
