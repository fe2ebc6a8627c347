/* cd-application.c: the Copydesk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-accessible.h"
#include "cd-application.h"
#include "cd-preferences-window.h"
#include "cd-window.h"

struct _CdApplication
{
  AdwApplication  parent_instance;

  gboolean        recovery_offered;
  /* Journals still to offer, a GPtrArray of CdRecoveryEntry. */
  GPtrArray      *recovery_entries;
  /* The ids of the journals a dialog asks about now. */
  GHashTable     *recovery_asking;
};

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

static CdWindow *
new_window (CdApplication *self)
{
  return cd_window_new (GTK_APPLICATION (self));
}

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

static CdWindow *
find_window_for_file (CdApplication *self,
                      GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      GFile *shown;

      if (!CD_IS_WINDOW (l->data))
        continue;

      shown = cd_window_get_file (l->data);
      if (shown != NULL && g_file_equal (shown, file))
        return l->data;
    }

  return NULL;
}

static void offer_recovery_for_file (CdApplication *self,
                                     CdWindow      *window,
                                     GFile         *file);

CdWindow *
cd_application_open_file (CdApplication *self,
                          GFile         *file,
                          CdWindow      *window)
{
  CdWindow *shown;

  g_return_val_if_fail (CD_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (window == NULL || CD_IS_WINDOW (window), NULL);

  /* One story in two windows would let one overwrite the other's work. */
  shown = find_window_for_file (self, file);
  if (shown != NULL)
    {
      gtk_window_present (GTK_WINDOW (shown));
      return shown;
    }

  if (window == NULL || !cd_window_is_empty (window))
    window = find_empty_window (self);
  if (window == NULL)
    window = new_window (self);

  cd_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  offer_recovery_for_file (self, window, file);

  return window;
}

/* Recovery */

static void offer_next_recovery (CdApplication *self,
                                 CdWindow      *parent);

static CdWindow *
recovery_parent (CdApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (CD_IS_WINDOW (active))
    return CD_WINDOW (active);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CD_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static gboolean
journal_is_open (CdApplication *self,
                 const char    *id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CD_IS_WINDOW (l->data) && g_strcmp0 (cd_window_get_journal_id (l->data), id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Journals left by a run that ended without saving, newest first: those
 * a window of this run writes are its own, not left behind. */
static GPtrArray *
list_pending_recoveries (CdApplication *self)
{
  GPtrArray *entries = cd_recovery_list ();

  for (guint i = entries->len; i-- > 0;)
    {
      CdRecoveryEntry *entry = g_ptr_array_index (entries, i);

      /* Nor is one offered twice at once. */
      if (journal_is_open (self, entry->id) || g_hash_table_contains (self->recovery_asking, entry->id))
        g_ptr_array_remove_index (entries, i);
    }

  return entries;
}

static void
recover (CdApplication         *self,
         const CdRecoveryEntry *entry,
         CdWindow              *window)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GFile) original = NULL;
  g_autoptr(GError) error = NULL;

  article = cd_recovery_load (entry, &error);
  if (article == NULL)
    {
      CdWindow *parent = window != NULL ? window : recovery_parent (self);
      g_autofree char *message = g_strdup_printf (_("The unsaved story could not be recovered: %s"),
                                                  error->message);

      /* The journal stays, so nothing is lost by trying again later. */
      if (parent != NULL)
        cd_window_show_error (parent, message);
      g_warning ("%s", message);
      return;
    }

  if (entry->original != NULL && entry->original[0] != '\0')
    original = g_file_new_for_commandline_arg (entry->original);

  /* The window showing the saved version takes the recovered one, unless
   * it has changes of its own to lose. */
  if (window == NULL && original != NULL)
    {
      window = find_window_for_file (self, original);
      if (window != NULL && cd_window_get_modified (window))
        window = NULL;
    }
  if (window == NULL)
    window = find_empty_window (self);
  if (window == NULL)
    window = new_window (self);

  cd_window_show_recovered (window, article, original, entry->id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
recovery_response_cb (GtkWindow     *dialog,
                      const char    *response,
                      CdApplication *self)
{
  CdRecoveryEntry *entry = g_object_get_data (G_OBJECT (dialog), "cd-recovery-entry");
  CdWindow *window = g_object_get_data (G_OBJECT (dialog), "cd-recovery-window");

  g_hash_table_remove (self->recovery_asking, entry->id);
  if (g_strcmp0 (response, "recover") == 0)
    recover (self, entry, window);
  else if (g_strcmp0 (response, "discard") == 0)
    cd_recovery_discard (entry->id);

  /* "Later" keeps the journal: File ▸ Recover Unsaved Changes offers it
   * again, and so does the next start. */
  if (g_object_get_data (G_OBJECT (dialog), "cd-recovery-queued") != NULL)
    offer_next_recovery (self, recovery_parent (self));
}

/* Asks about @entry over @parent; with @window, the recovered story
 * replaces the saved version of it that @window shows. Takes @entry. */
static GtkWidget *
offer_recovery (CdApplication   *self,
                CdWindow        *parent,
                CdRecoveryEntry *entry,
                CdWindow        *window)
{
  g_autofree char *when = cd_recovery_entry_format_written (entry);
  g_autofree char *body = NULL;
  const char *headline;
  GtkWidget *dialog;

  headline = entry->headline != NULL && entry->headline[0] != '\0' ? entry->headline : _("Untitled Story");
  if (window != NULL)
    body = g_strdup_printf (_("Copydesk stopped before the changes to “%s” from %s were saved. Recover them instead of the saved version?"),
                            headline, when);
  else
    body = g_strdup_printf (_("Copydesk stopped before “%s” was saved. Its last changes, from %s, can be recovered."),
                            headline, when);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = adw_message_dialog_new (GTK_WINDOW (parent),
                                   window != NULL ? _("Recover Unsaved Changes?") : _("Recover Unsaved Story?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_hash_table_add (self->recovery_asking, g_strdup (entry->id));
  g_object_set_data_full (G_OBJECT (dialog), "cd-recovery-entry", entry,
                          (GDestroyNotify) cd_recovery_entry_free);
  if (window != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "cd-recovery-window", g_object_ref (window), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
offer_next_recovery (CdApplication *self,
                     CdWindow      *parent)
{
  CdRecoveryEntry *entry;
  GtkWidget *dialog;

  if (self->recovery_entries == NULL || self->recovery_entries->len == 0 || parent == NULL)
    {
      g_clear_pointer (&self->recovery_entries, g_ptr_array_unref);
      return;
    }

  entry = g_ptr_array_steal_index (self->recovery_entries, 0);
  dialog = offer_recovery (self, parent, entry, NULL);
  g_object_set_data (G_OBJECT (dialog), "cd-recovery-queued", GINT_TO_POINTER (TRUE));
}

void
cd_application_offer_recovery (CdApplication *self,
                               CdWindow      *parent)
{
  g_return_if_fail (CD_IS_APPLICATION (self));
  g_return_if_fail (CD_IS_WINDOW (parent));

  /* Journals found later belong to windows of this run. */
  if (self->recovery_offered)
    return;

  self->recovery_offered = TRUE;
  g_clear_pointer (&self->recovery_entries, g_ptr_array_unref);
  self->recovery_entries = list_pending_recoveries (self);

  /* A story opened at start is asked about in its own window. */
  for (guint i = self->recovery_entries->len; i-- > 0;)
    {
      CdRecoveryEntry *entry = g_ptr_array_index (self->recovery_entries, i);
      g_autoptr(GFile) original = NULL;

      if (entry->original == NULL || entry->original[0] == '\0')
        continue;
      original = g_file_new_for_commandline_arg (entry->original);
      if (find_window_for_file (self, original) != NULL)
        g_ptr_array_remove_index (self->recovery_entries, i);
    }

  offer_next_recovery (self, parent);
}

/* Opening a story whose unsaved changes a crash left behind asks about
 * them, rather than show the saved version as if nothing were lost. */
static void
offer_recovery_for_file (CdApplication *self,
                         CdWindow      *window,
                         GFile         *file)
{
  g_autoptr(GPtrArray) entries = list_pending_recoveries (self);

  for (guint i = 0; i < entries->len; i++)
    {
      CdRecoveryEntry *entry = g_ptr_array_index (entries, i);

      if (cd_recovery_entry_is_for_file (entry, file))
        {
          offer_recovery (self, window, g_ptr_array_steal_index (entries, i), window);
          return;
        }
    }
}

/* Actions */

static void
new_window_action_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CdWindow *window = new_window (CD_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  cd_window_focus_headline (window);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Copydesk team", NULL };
  GtkWidget *about;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  about = adw_about_window_new ();
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Copydesk"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Copydesk team"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), "https://github.com/copydesk/copydesk");
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), "https://github.com/copydesk/copydesk/issues");
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), _("© The Copydesk team"));
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Write, edit and publish news stories, with a live preview of the published page."));
  /* GPL-3.0-or-later, the license GTK_LICENSE_GPL_3_0 names. */
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (application));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (cd_preferences_window_new (parent)));
}

static void
recover_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CdApplication *self = CD_APPLICATION (user_data);
  CdWindow *parent = recovery_parent (self);

  if (parent == NULL)
    return;

  /* Offers, one after the other, what "Later" or a closed dialog kept. */
  g_clear_pointer (&self->recovery_entries, g_ptr_array_unref);
  self->recovery_entries = list_pending_recoveries (self);
  if (self->recovery_entries->len == 0)
    {
      g_clear_pointer (&self->recovery_entries, g_ptr_array_unref);
      cd_window_show_message (parent, _("There are no unsaved changes to recover"));
      return;
    }

  offer_next_recovery (self, parent);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Each window asks about its own unsaved changes; the application ends
   * when the last one has closed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_list_free (windows);
}

static void
test_set_headline_action_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CdWindow *window = recovery_parent (CD_APPLICATION (user_data));

  if (window != NULL && cd_window_get_article (window) != NULL)
    cd_article_set_headline (cd_window_get_article (window), g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { .name = "new-window", .activate = new_window_action_cb },
  { .name = "about", .activate = about_action_cb },
  { .name = "preferences", .activate = preferences_action_cb },
  { .name = "recover-unsaved", .activate = recover_action_cb },
  { .name = "quit", .activate = quit_action_cb },
};

static const GActionEntry test_actions[] = {
  { .name = "test-set-headline", .activate = test_set_headline_action_cb, .parameter_type = "s" },
};

static void
set_accels (GtkApplication *application,
            const char     *action,
            const char     *first_accel,
            ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) accels = NULL;
  const char *accel = first_accel;
  va_list args;

  va_start (args, first_accel);
  while (accel != NULL)
    {
      g_strv_builder_add (builder, accel);
      accel = va_arg (args, const char *);
    }
  va_end (args);

  accels = g_strv_builder_end (builder);
  gtk_application_set_accels_for_action (application, action, (const char * const *) accels);
}

static void
cd_application_startup (GApplication *application)
{
  GtkApplication *gtk_application = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (cd_application_parent_class)->startup (application);

  cd_accessible_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);

  /* Lets a test edit a story in a separate process, then kill it. */
  if (g_strcmp0 (g_getenv ("COPYDESK_TEST_HOOKS"), "1") == 0)
    g_action_map_add_action_entries (G_ACTION_MAP (application),
                                     test_actions, G_N_ELEMENTS (test_actions),
                                     application);

  set_accels (gtk_application, "app.new-window", "<Control>n", NULL);
  set_accels (gtk_application, "app.preferences", "<Control>comma", NULL);
  set_accels (gtk_application, "app.quit", "<Control>q", NULL);
  set_accels (gtk_application, "window.close", "<Control>w", NULL);
  set_accels (gtk_application, "win.open", "<Control>o", NULL);
  set_accels (gtk_application, "win.save", "<Control>s", NULL);
  set_accels (gtk_application, "win.save-as", "<Control><Shift>s", NULL);
  set_accels (gtk_application, "win.export", "<Control>e", NULL);
  set_accels (gtk_application, "win.copy-html", "<Control><Shift>c", NULL);
  set_accels (gtk_application, "win.publish", "<Control><Shift>p", NULL);
  set_accels (gtk_application, "win.preflight", "F8", NULL);
  set_accels (gtk_application, "win.check-spelling", "F7", NULL);
  set_accels (gtk_application, "win.print", "<Control>p", NULL);
  set_accels (gtk_application, "win.find", "<Control>f", NULL);
  set_accels (gtk_application, "win.find-replace", "<Control>h", NULL);
  set_accels (gtk_application, "win.undo", "<Control>z", NULL);
  set_accels (gtk_application, "win.redo", "<Control><Shift>z", "<Control>y", NULL);
  set_accels (gtk_application, "win.toggle-preview", "F9", NULL);
  set_accels (gtk_application, "win.toggle-details", "F4", NULL);
  set_accels (gtk_application, "win.next-pane", "F6", NULL);
  set_accels (gtk_application, "win.previous-pane", "<Shift>F6", NULL);
}

static void
cd_application_activate (GApplication *application)
{
  CdApplication *self = CD_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (new_window (self));
      gtk_window_present (window);
      cd_window_focus_headline (CD_WINDOW (window));
    }
  else
    {
      gtk_window_present (window);
    }

  if (CD_IS_WINDOW (window))
    cd_application_offer_recovery (self, CD_WINDOW (window));
}

static void
cd_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CdApplication *self = CD_APPLICATION (application);
  CdWindow *window = NULL;

  for (int i = 0; i < n_files; i++)
    window = cd_application_open_file (self, files[i], NULL);

  if (window != NULL)
    cd_application_offer_recovery (self, window);
}

static void
cd_application_dispose (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_clear_pointer (&self->recovery_entries, g_ptr_array_unref);
  g_clear_pointer (&self->recovery_asking, g_hash_table_unref);

  G_OBJECT_CLASS (cd_application_parent_class)->dispose (object);
}

static void
cd_application_class_init (CdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cd_application_dispose;

  application_class->startup = cd_application_startup;
  application_class->activate = cd_application_activate;
  application_class->open = cd_application_open;
}

static void
cd_application_init (CdApplication *self)
{
  self->recovery_asking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
