/* cd-preferences-window.c: house style, embeds, base URL and autosave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-preferences-window-private.h"
#include "cd-wp-sites-page.h"

struct _CdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *house_style_row;
  AdwComboRow          *embed_mode_row;
  AdwEntryRow          *base_url_row;
  AdwEntryRow          *author_name_row;
  GtkSpinButton        *autosave_spin;
  GtkAdjustment        *autosave_adjustment;
  GtkSwitch            *smart_typing_switch;
  GtkSwitch            *spell_check_switch;
  AdwComboRow          *language_row;

  GSettings            *settings;
};

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
G_DEFINE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
G_GNUC_END_IGNORE_DEPRECATIONS

/* The combo rows list the nicks of the settings' enums in this order. */
static const char * const house_style_nicks[] = { "default", "modern", NULL };
static const char * const embed_mode_nicks[] = { "static", "official", NULL };
/* The language tags of the default-language row, in its order. */
static const char * const language_tags[] = { "en", "en-GB", "en-US", "de", "ar", "fr", "es", "ur", NULL };

static gboolean
nick_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_str_equal (nicks[i], nick))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[position]);
}

static void
bind_combo_row (CdPreferencesWindow *self,
                const char          *key,
                AdwComboRow         *row,
                const char * const  *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick,
                                (gpointer) nicks, NULL);
}

/* Empty (no canonical link), or an http or https address with a host. */
static gboolean
base_url_is_valid (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (text[0] == '\0')
    return TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static void
base_url_changed_cb (CdPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->base_url_row));
  g_autofree char *stored = g_settings_get_string (self->settings, "base-url");
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  /* Half-typed addresses are not stored; the row says why. */
  if (!base_url_is_valid (stripped))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->base_url_row),
                                   _("Enter a web address starting with https://, or nothing"));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->base_url_row), NULL);

  if (!g_str_equal (stored, stripped))
    g_settings_set_string (self->settings, "base-url", stripped);
}

static void
base_url_setting_changed_cb (CdPreferencesWindow *self)
{
  g_autofree char *stored = g_settings_get_string (self->settings, "base-url");
  g_autofree char *shown = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));

  if (!g_str_equal (stored, shown))
    gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), stored);
}

static void
cd_preferences_window_dispose (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->dispose (object);
}

static void
cd_preferences_window_finalize (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->finalize (object);
}

static void
cd_preferences_window_class_init (CdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_preferences_window_dispose;
  object_class->finalize = cd_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/copydesk/Copydesk/ui/cd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, house_style_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, embed_mode_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, author_name_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, autosave_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, autosave_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, smart_typing_switch);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, spell_check_switch);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, language_row);
}

static void
cd_preferences_window_init (CdPreferencesWindow *self)
{
  g_autofree char *base_url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (cd_wp_sites_page_new ()));

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  bind_combo_row (self, "house-style", self->house_style_row, house_style_nicks);
  bind_combo_row (self, "embed-mode", self->embed_mode_row, embed_mode_nicks);
  bind_combo_row (self, "default-language", self->language_row, language_tags);
  g_settings_bind (self->settings, "spell-check", self->spell_check_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autosave-interval",
                   self->autosave_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smart-typing",
                   self->smart_typing_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  /* Revisions this person takes carry the name. */
  g_settings_bind (self->settings, "author-name", self->author_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  base_url = g_settings_get_string (self->settings, "base-url");
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url);
  g_signal_connect_object (self->base_url_row, "notify::text",
                           G_CALLBACK (base_url_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::base-url",
                           G_CALLBACK (base_url_setting_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
cd_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

AdwComboRow *
_cd_preferences_window_get_house_style_row (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->house_style_row;
}

AdwComboRow *
_cd_preferences_window_get_embed_mode_row (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->embed_mode_row;
}

AdwEntryRow *
_cd_preferences_window_get_base_url_row (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->base_url_row;
}

GtkSwitch *
_cd_preferences_window_get_spell_check_switch (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->spell_check_switch;
}

AdwComboRow *
_cd_preferences_window_get_language_row (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->language_row;
}

GtkSpinButton *
_cd_preferences_window_get_autosave_spin (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->autosave_spin;
}
