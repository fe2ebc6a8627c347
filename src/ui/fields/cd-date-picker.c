/* cd-date-picker.c: a calendar for the dateline date and the embargo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-date-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "copydesk-core.h"

#include "cd-date-picker.h"
#include "cd-details-panel.h"

struct _CdDatePicker
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkCalendar   *calendar;
  GtkEditable   *time_entry;
  char          *value;
  gboolean       with_time;
};

G_DEFINE_FINAL_TYPE (CdDatePicker, cd_date_picker, GTK_TYPE_WIDGET)

enum {
  PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Parsing what people type */

static gboolean
has_year (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("(^|[^0-9])[0-9]{4}([^0-9]|$)", 0, 0, NULL);

  return g_regex_match (regex, text, 0, NULL);
}

char *
cd_date_parse_user (const char *text)
{
  g_autofree char *stripped = NULL;
  GDate date;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (cd_date_is_valid (stripped))
    return g_steal_pointer (&stripped);

  /* GLib reads dates in the order of the locale's own format (%x), and
   * month names in its language. A year of four digits keeps a half
   * typed "2024-05-1" or a bare "12" from passing for a date. */
  if (!has_year (stripped) || g_regex_match_simple ("^[0-9]{4}-", stripped, 0, 0))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, stripped);
  if (!g_date_valid (&date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

static char *
format_stored (GDateTime *time)
{
  if (g_date_time_get_utc_offset (time) == 0)
    return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
cd_date_time_parse_rfc3339 (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *full = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));

  /* GLib wants seconds; people type "09:00". A space may stand for the T. */
  regex = g_regex_new ("^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}:[0-9]{2})(:[0-9]{2}(?:\\.[0-9]+)?)?"
                       "(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?$",
                       0, 0, NULL);
  if (!g_regex_match (regex, stripped, 0, &match))
    return NULL;

  date = g_match_info_fetch (match, 1);
  clock = g_match_info_fetch (match, 2);
  seconds = g_match_info_fetch (match, 3);
  offset = g_match_info_fetch (match, 4);
  full = g_strconcat (date, "T", clock,
                      seconds != NULL && seconds[0] != '\0' ? seconds : ":00",
                      offset != NULL ? offset : "",
                      NULL);

  local = g_time_zone_new_local ();
  time = g_date_time_new_from_iso8601 (full, local);
  if (time == NULL)
    return NULL;

  if (g_date_time_get_utc_offset (time) == 0)
    return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
cd_date_time_parse_user (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *day = NULL;
  g_autofree char *date = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *minutes = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  stored = cd_date_time_parse_rfc3339 (text);
  if (stored != NULL)
    return g_steal_pointer (&stored);

  regex = g_regex_new ("^\\s*(.+?)[\\s,]+([0-9]{1,2})[:.]([0-9]{2})\\s*$", 0, 0, NULL);
  if (!g_regex_match (regex, text, 0, &match))
    return NULL;

  day = g_match_info_fetch (match, 1);
  hours = g_match_info_fetch (match, 2);
  minutes = g_match_info_fetch (match, 3);
  date = cd_date_parse_user (day);
  if (date == NULL)
    return NULL;

  local = g_time_zone_new_local ();
  time = g_date_time_new (local,
                          atoi (date), atoi (date + 5), atoi (date + 8),
                          atoi (hours), atoi (minutes), 0);
  if (time == NULL)
    return NULL;

  return format_stored (time);
}

/* The picker */

static void
show_value (CdDatePicker *self)
{
  g_autoptr(GDateTime) shown = NULL;

  if (self->value != NULL)
    {
      if (self->with_time)
        {
          g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (self->value, NULL);

          if (parsed != NULL)
            shown = g_date_time_to_local (parsed);
        }
      else if (cd_date_is_valid (self->value))
        {
          g_autofree char *midnight = g_strconcat (self->value, "T00:00:00Z", NULL);

          shown = g_date_time_new_from_iso8601 (midnight, NULL);
        }
    }

  if (shown == NULL)
    shown = g_date_time_new_now_local ();

  gtk_calendar_select_day (self->calendar, shown);
  if (self->time_entry != NULL)
    {
      g_autofree char *clock = g_date_time_format (shown, "%H:%M");

      gtk_editable_set_text (self->time_entry, clock);
    }
}

void
cd_date_picker_pick (CdDatePicker *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *value = NULL;

  g_return_if_fail (CD_IS_DATE_PICKER (self));

  day = gtk_calendar_get_date (self->calendar);

  if (self->with_time)
    {
      g_autoptr(GRegex) regex = g_regex_new ("^\\s*([0-9]{1,2})[:.]([0-9]{2})\\s*$", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) time = NULL;
      g_autofree char *hours = NULL;
      g_autofree char *minutes = NULL;

      if (!g_regex_match (regex, gtk_editable_get_text (self->time_entry), 0, &match))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->time_entry), "error");
          return;
        }

      hours = g_match_info_fetch (match, 1);
      minutes = g_match_info_fetch (match, 2);
      time = g_date_time_new (local,
                              g_date_time_get_year (day), g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day),
                              atoi (hours), atoi (minutes), 0);
      if (time == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->time_entry), "error");
          return;
        }
      value = format_stored (time);
    }
  else
    {
      value = g_date_time_format (day, "%Y-%m-%d");
    }

  gtk_menu_button_popdown (self->button);
  g_signal_emit (self, signals[PICKED], 0, value);
}

static void
popover_show_cb (CdDatePicker *self)
{
  if (self->time_entry != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_entry), "error");
  show_value (self);
}

static void
cd_date_picker_dispose (GObject *object)
{
  CdDatePicker *self = CD_DATE_PICKER (object);

  if (self->button != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->button));
  self->button = NULL;
  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (cd_date_picker_parent_class)->dispose (object);
}

static void
cd_date_picker_class_init (CdDatePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_date_picker_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[PICKED] =
    g_signal_new ("picked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cd_date_picker_init (CdDatePicker *self)
{
}

GtkWidget *
cd_date_picker_new (gboolean with_time)
{
  CdDatePicker *self = g_object_new (CD_TYPE_DATE_PICKER, NULL);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *set = gtk_button_new_with_mnemonic (_("_Set"));
  const char *label = with_time ? _("Choose the Date and Time") : _("Choose the Date");

  self->with_time = with_time;

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));

  if (with_time)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new_with_mnemonic (_("_Time"));
      GtkWidget *entry = gtk_entry_new ();

      self->time_entry = GTK_EDITABLE (entry);
      gtk_editable_set_width_chars (self->time_entry, 6);
      /* Translators: the placeholder of the embargo's time field */
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("HH:MM"));
      gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
      gtk_widget_set_hexpand (entry, TRUE);
      g_signal_connect_object (entry, "activate", G_CALLBACK (cd_date_picker_pick), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (row), title);
      gtk_box_append (GTK_BOX (row), entry);
      gtk_box_append (GTK_BOX (box), row);
    }

  gtk_widget_add_css_class (set, "suggested-action");
  g_signal_connect_object (set, "clicked", G_CALLBACK (cd_date_picker_pick), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), set);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->button, "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  return GTK_WIDGET (self);
}

void
cd_date_picker_set_value (CdDatePicker *self,
                          const char   *value)
{
  g_return_if_fail (CD_IS_DATE_PICKER (self));

  g_free (self->value);
  self->value = g_strdup (value);
  show_value (self);
}

GtkCalendar *
cd_date_picker_get_calendar (CdDatePicker *self)
{
  g_return_val_if_fail (CD_IS_DATE_PICKER (self), NULL);

  return self->calendar;
}

GtkEditable *
cd_date_picker_get_time_entry (CdDatePicker *self)
{
  g_return_val_if_fail (CD_IS_DATE_PICKER (self), NULL);

  return self->time_entry;
}
