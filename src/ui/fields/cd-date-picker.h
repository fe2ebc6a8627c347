/* cd-date-picker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_DATE_PICKER (cd_date_picker_get_type ())

G_DECLARE_FINAL_TYPE (CdDatePicker, cd_date_picker, CD, DATE_PICKER, GtkWidget)

/* A calendar button for a date field: its popover holds a calendar (and,
 * with-time, an hours and minutes field) and a Set button, which emits
 *   picked (const char *value)
 * with the value in the stored form: "2024-05-14", or with a time an RFC
 * 3339 date and time in the user's time zone. */

GtkWidget    *cd_date_picker_new           (gboolean      with_time);
/* Shows @value (stored form, or NULL for today) when the popover opens. */
void          cd_date_picker_set_value     (CdDatePicker *self,
                                            const char   *value);
/* Picks the shown day and time as the Set button does; for tests. */
void          cd_date_picker_pick          (CdDatePicker *self);
GtkCalendar  *cd_date_picker_get_calendar  (CdDatePicker *self);
GtkEditable  *cd_date_picker_get_time_entry (CdDatePicker *self);

/* A date the user typed: "2024-05-14", or a date in the user's locale
 * ("14.05.2024", "5/14/2024", "14 May 2024") with a four-digit year.
 * Returns the stored form "YYYY-MM-DD", or NULL. */
char         *cd_date_parse_user           (const char   *text);
/* An RFC 3339 date and time as typed: seconds may be left out and a
 * space may stand for the T; without a zone it is the user's. Returns
 * the stored form (with seconds and a zone, "Z" for UTC), or NULL. */
char         *cd_date_time_parse_rfc3339   (const char   *text);
/* A date and time the user typed: RFC 3339, "2024-05-14 09:00", or a
 * locale date as above followed by "09:00". A time without a zone is the
 * user's. Returns the stored RFC 3339 form, or NULL. */
char         *cd_date_time_parse_user      (const char   *text);

G_END_DECLS
