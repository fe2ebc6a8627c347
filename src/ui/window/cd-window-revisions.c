/* cd-window-revisions.c: the window's revisions: taking them, naming a
 * version, comparing and restoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window-revisions"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-window-private.h"
#include "cd-window-revisions.h"

#define COMPARE_WINDOW_KEY "cd-compare-window"

static gboolean
file_is_container (GFile *file)
{
  g_autofree char *basename = file != NULL ? g_file_get_basename (file) : NULL;
  g_autofree char *folded = basename != NULL ? g_utf8_casefold (basename, -1) : NULL;

  return folded != NULL && g_str_has_suffix (folded, ".article");
}

void
_cd_window_take_revision (CdWindow   *self,
                          const char *reason,
                          const char *label)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *author = NULL;
  CdArticle *article;
  GFile *file;

  g_return_if_fail (CD_IS_WINDOW (self));

  article = cd_window_get_article (self);
  if (article == NULL)
    return;

  settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  author = g_settings_get_string (settings, "author-name");
  cd_article_add_revision (article, reason, g_strstrip (author), label, NULL);

  /* A save takes its own revision just before writing. */
  file = cd_window_get_file (self);
  if (g_strcmp0 (reason, CD_REVISION_SAVED) != 0 && file_is_container (file) &&
      !cd_window_get_modified (self) && !_cd_window_is_saving (self))
    _cd_window_save_to (self, file);
}

void
_cd_window_adopt_revisions (CdArticle *article,
                            GFile     *original)
{
  g_autoptr(CdArticle) saved = NULL;
  GPtrArray *revisions;

  g_return_if_fail (CD_IS_ARTICLE (article));

  if (!file_is_container (original) || cd_article_get_revisions (article)->len > 0)
    return;

  saved = cd_document_load (original, NULL);
  if (saved == NULL)
    return;

  revisions = cd_article_get_revisions (saved);
  for (guint i = 0; i < revisions->len; i++)
    g_ptr_array_add (cd_article_get_revisions (article),
                     cd_revision_ref (g_ptr_array_index (revisions, i)));

  /* The pictures only the revisions show live in that file too. */
  for (guint i = 0; i < revisions->len; i++)
    {
      const char * const *media = cd_revision_get_media (g_ptr_array_index (revisions, i));

      for (guint k = 0; media[k] != NULL; k++)
        {
          GBytes *bytes = cd_article_get_media (saved, media[k]);

          if (bytes != NULL && cd_article_get_media (article, media[k]) == NULL)
            cd_article_set_media (article, media[k], bytes);
        }
    }
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  CdWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *label = g_strdup (gtk_editable_get_text (entry));

  if (!g_str_equal (response, "name") || *g_strstrip (label) == '\0')
    return;

  _cd_window_take_revision (self, CD_REVISION_NAMED, label);
  /* Translators: %s is the name a person gave a version of the story */
  {
    g_autofree char *message = g_strdup_printf (_("Named this version “%s”"), label);

    cd_window_show_message (self, message);
  }
}

static void
entry_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "name", *g_strstrip (text) != '\0');
}

static void
entry_activate_cb (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "name"))
    adw_message_dialog_response (dialog, "name");
}

static void
name_version_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (cd_window_get_article (self) == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Name This Version"),
                                                       _("A named version is kept whatever its age, "
                                                         "for comparing and restoring later.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Filed by reporter, Legal read…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Version name"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "name", _("_Name"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "name", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "name", FALSE);
  adw_message_dialog_set_default_response (dialog, "name");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);

  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (entry_activate_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
restored_cb (CdWindow   *self,
             CdRevision *revision)
{
  _cd_window_take_revision (self, CD_REVISION_RESTORED, NULL);
}

static void
compare_destroy_cb (CdWindow *self)
{
  g_object_set_data (G_OBJECT (self), COMPARE_WINDOW_KEY, NULL);
}

static void
compare_versions_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdCompareWindow *compare = _cd_window_get_compare_window (self);
  CdArticle *article = cd_window_get_article (self);
  GFile *file = cd_window_get_file (self);
  g_autofree char *name = NULL;

  if (article == NULL)
    return;

  /* One compare window per story: asking again brings it up to date. */
  if (compare != NULL)
    {
      cd_compare_window_select (compare, NULL, NULL);
      gtk_window_present (GTK_WINDOW (compare));
      return;
    }

  name = file != NULL ? g_file_get_basename (file) : g_strdup (_("Untitled Story"));
  compare = cd_compare_window_new (GTK_WINDOW (self), article, _cd_window_get_history (self), name);
  g_object_set_data (G_OBJECT (self), COMPARE_WINDOW_KEY, compare);
  g_signal_connect_object (compare, "restored", G_CALLBACK (restored_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (compare, "destroy", G_CALLBACK (compare_destroy_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (compare));
}

void
_cd_window_close_compare (CdWindow *self)
{
  CdCompareWindow *compare = _cd_window_get_compare_window (self);

  if (compare != NULL)
    gtk_window_destroy (GTK_WINDOW (compare));
}

void
_cd_window_revisions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.name-version", NULL, name_version_action);
  gtk_widget_class_install_action (widget_class, "win.compare-versions", NULL, compare_versions_action);
}

CdCompareWindow *
_cd_window_get_compare_window (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return g_object_get_data (G_OBJECT (self), COMPARE_WINDOW_KEY);
}
