/* main.c: starts Copydesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "copydesk"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cd-application.h"
#include "cd-memory.h"
#include "cd-renderer.h"
#include "cd-thread.h"

/* A story is read, and its photos' thumbnails decoded, on threads while
 * GTK makes the window's widgets. */
CD_THREAD_PREINIT_SLICES;

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CdApplication) app = NULL;

  /* Before GTK starts, and any thread with it. */
  cd_memory_prepare ();
  cd_renderer_choose ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Copydesk"));

  app = cd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
