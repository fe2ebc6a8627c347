/* cd-application.c: the Copydesk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-window.h"

struct _CdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action_cb },
};

/* A window with nothing in it yet, which an opened file may take over. */
static CdWindow *
find_empty_window (CdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CD_IS_WINDOW (l->data) && cd_window_is_empty (l->data))
        return l->data;
    }

  return NULL;
}

static void
cd_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (cd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close", close_accels);
}

static void
cd_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (cd_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

static void
cd_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CdApplication *self = CD_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      CdWindow *window = find_empty_window (self);

      if (window == NULL)
        window = cd_window_new (GTK_APPLICATION (application));

      cd_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
cd_application_class_init (CdApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->startup = cd_application_startup;
  application_class->activate = cd_application_activate;
  application_class->open = cd_application_open;
}

static void
cd_application_init (CdApplication *self)
{
}

CdApplication *
cd_application_new (void)
{
  /* Release and development builds share one resource path; the app ID
   * alone tells them apart. */
  return g_object_new (CD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/copydesk/Copydesk",
                       NULL);
}
