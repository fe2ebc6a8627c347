/* cd-details-panel.c: slug, section, keywords, status, embargo and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-details-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-block-text-view.h"
#include "cd-date-picker.h"
#include "cd-details-panel-private.h"
#include "cd-status-button.h"

/* In the order of the status row's items. */
static const char * const statuses[] = { "draft", "edit", "approved", "published" };

struct _CdDetailsPanel
{
  CdArticleWidget  parent_instance;

  AdwComboRow  *status_row;
  AdwEntryRow  *embargo_row;
  CdDatePicker *embargo_picker;
  AdwEntryRow  *slug_row;
  AdwEntryRow  *section_row;
  AdwEntryRow  *keywords_row;
  GtkTextView  *notes_view;

  /* Set while the model is copied into the widgets, so their change
   * signals are not taken for edits. */
  guint         updating;
};

G_DEFINE_FINAL_TYPE (CdDetailsPanel, cd_details_panel, CD_TYPE_ARTICLE_WIDGET)

static CdArticle *
get_article (CdDetailsPanel *self)
{
  return cd_article_widget_get_article (CD_ARTICLE_WIDGET (self));
}

static const char *
not_null (const char *text)
{
  return text != NULL ? text : "";
}

static void
set_editable_text (CdDetailsPanel *self,
                   AdwEntryRow    *row,
                   const char     *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), not_null (text)) == 0)
    return;

  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (row), not_null (text));
  self->updating--;
}

static void
show_validity (GtkWidget *widget,
               gboolean   valid)
{
  if (valid)
    gtk_widget_remove_css_class (widget, "error");
  else
    gtk_widget_add_css_class (widget, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

/* Keywords */

static GStrv
parse_keywords (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *keyword = g_strstrip (parts[i]);

      if (keyword[0] != '\0')
        g_strv_builder_add (builder, keyword);
    }

  return g_strv_builder_end (builder);
}

static void
keywords_changed_cb (CdDetailsPanel *self)
{
  const char * const *keywords = cd_article_get_keywords (get_article (self));
  g_auto(GStrv) shown = parse_keywords (gtk_editable_get_text (GTK_EDITABLE (self->keywords_row)));
  g_autofree char *text = NULL;

  /* "Harbour, " being typed already means the model's keywords. */
  if (g_strv_equal ((const char * const *) shown, keywords))
    return;

  text = g_strjoinv (", ", (char **) keywords);
  set_editable_text (self, self->keywords_row, text);
}

static void
keywords_row_changed_cb (CdDetailsPanel *self)
{
  g_auto(GStrv) keywords = NULL;

  if (self->updating > 0 || get_article (self) == NULL)
    return;

  keywords = parse_keywords (gtk_editable_get_text (GTK_EDITABLE (self->keywords_row)));
  cd_article_set_keywords (get_article (self), (const char * const *) keywords);
}

/* Plain text fields */

static CdArticleField
row_field (CdDetailsPanel *self,
           AdwEntryRow    *row)
{
  g_assert (row == self->slug_row || row == self->section_row);

  return row == self->slug_row ? CD_ARTICLE_FIELD_SLUG : CD_ARTICLE_FIELD_SECTION;
}

static void
text_row_changed_cb (CdDetailsPanel *self,
                     AdwEntryRow    *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->updating > 0 || get_article (self) == NULL)
    return;

  cd_article_set_field (get_article (self), row_field (self, row), text[0] != '\0' ? text : NULL);
}

static void
slug_changed_cb (CdDetailsPanel *self)
{
  set_editable_text (self, self->slug_row, cd_article_get_field (get_article (self), CD_ARTICLE_FIELD_SLUG));
}

static void
section_changed_cb (CdDetailsPanel *self)
{
  set_editable_text (self, self->section_row, cd_article_get_field (get_article (self), CD_ARTICLE_FIELD_SECTION));
}

/* Embargo */

static void
embargo_row_changed_cb (CdDetailsPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->embargo_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *embargo = NULL;

  if (stripped[0] == '\0')
    {
      show_validity (GTK_WIDGET (self->embargo_row), TRUE);
    }
  else
    {
      embargo = cd_date_time_parse_user (text);
      show_validity (GTK_WIDGET (self->embargo_row), embargo != NULL);

      /* Only a real date and time reaches the story. */
      if (embargo == NULL)
        return;
    }

  if (self->updating > 0 || get_article (self) == NULL)
    return;

  cd_article_set_field (get_article (self), CD_ARTICLE_FIELD_EMBARGO, embargo);
}

static void
embargo_picked_cb (CdDetailsPanel *self,
                   const char     *embargo)
{
  gtk_editable_set_text (GTK_EDITABLE (self->embargo_row), embargo);
}

static void
embargo_changed_cb (CdDetailsPanel *self)
{
  const char *embargo = cd_article_get_field (get_article (self), CD_ARTICLE_FIELD_EMBARGO);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->embargo_row));
  g_autofree char *shown = cd_date_time_parse_user (text);

  cd_date_picker_set_value (self->embargo_picker, embargo);

  if (g_strcmp0 (shown, embargo) == 0 || (shown == NULL && embargo == NULL && text[0] == '\0'))
    return;

  set_editable_text (self, self->embargo_row, embargo);
  show_validity (GTK_WIDGET (self->embargo_row), TRUE);
}

/* Status */

static void status_changed_cb (CdDetailsPanel *self);

static void
status_request_done_cb (gpointer user_data)
{
  /* A refused change puts the row back on the story's status. */
  status_changed_cb (user_data);
}

static void
status_row_selected_cb (CdDetailsPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (self->updating > 0 || get_article (self) == NULL || selected >= G_N_ELEMENTS (statuses))
    return;

  /* The same question as the header bar's status button. */
  cd_status_request (GTK_WIDGET (self), get_article (self), statuses[selected],
                     status_request_done_cb, self);
}

static void
status_changed_cb (CdDetailsPanel *self)
{
  CdArticle *article = get_article (self);
  const char *status = article != NULL ? cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS) : NULL;
  guint selected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_strcmp0 (status, statuses[i]) == 0)
        selected = i;
    }

  if (adw_combo_row_get_selected (self->status_row) == selected)
    return;

  self->updating++;
  adw_combo_row_set_selected (self->status_row, selected);
  self->updating--;
}

/* Notes */

static char *
notes_get_text (CdDetailsPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
notes_buffer_changed_cb (CdDetailsPanel *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0 || get_article (self) == NULL)
    return;

  text = notes_get_text (self);
  cd_article_set_field (get_article (self), CD_ARTICLE_FIELD_NOTES, text[0] != '\0' ? text : NULL);
}

static void
notes_changed_cb (CdDetailsPanel *self)
{
  const char *notes = cd_article_get_field (get_article (self), CD_ARTICLE_FIELD_NOTES);
  g_autofree char *shown = notes_get_text (self);

  if (g_strcmp0 (shown, not_null (notes)) == 0)
    return;

  self->updating++;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), not_null (notes), -1);
  self->updating--;
}

static void
cd_details_panel_article_changed (CdArticleWidget *widget)
{
  CdDetailsPanel *self = CD_DETAILS_PANEL (widget);
  CdArticle *article = get_article (self);

  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->slug_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->section_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->keywords_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->embargo_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), "", -1);
  self->updating--;
  show_validity (GTK_WIDGET (self->embargo_row), TRUE);

  gtk_widget_set_sensitive (GTK_WIDGET (self), article != NULL);
  if (article == NULL)
    return;

  slug_changed_cb (self);
  section_changed_cb (self);
  keywords_changed_cb (self);
  status_changed_cb (self);
  embargo_changed_cb (self);
  notes_changed_cb (self);
}

static void
cd_details_panel_dispose (GObject *object)
{
  CdDetailsPanel *self = CD_DETAILS_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_DETAILS_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cd_details_panel_parent_class)->dispose (object);
}

static void
cd_details_panel_class_init (CdDetailsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_details_panel_dispose;
  CD_ARTICLE_WIDGET_CLASS (klass)->article_changed = cd_details_panel_article_changed;

  /* The notes view: a GtkTextView would keep the height it measured
   * before its lines were laid out, cutting long notes off. */
  g_type_ensure (CD_TYPE_BLOCK_TEXT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-details-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CdDetailsPanel, status_row);
  gtk_widget_class_bind_template_child (widget_class, CdDetailsPanel, embargo_row);
  gtk_widget_class_bind_template_child (widget_class, CdDetailsPanel, slug_row);
  gtk_widget_class_bind_template_child (widget_class, CdDetailsPanel, section_row);
  gtk_widget_class_bind_template_child (widget_class, CdDetailsPanel, keywords_row);
  gtk_widget_class_bind_template_child (widget_class, CdDetailsPanel, notes_view);

  gtk_widget_class_set_css_name (widget_class, "detailspanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
setup_entry_row (CdDetailsPanel *self,
                 AdwEntryRow    *row,
                 const char     *accessible_name,
                 GCallback       changed_cb)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  /* Ctrl+Z belongs to the story's history, not to one field. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (row), FALSE);
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                    -1);
  g_signal_connect_object (row, "changed", changed_cb, self, G_CONNECT_SWAPPED);
}

static void
cd_details_panel_init (CdDetailsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_entry_row (self, self->embargo_row, _("Embargo"), G_CALLBACK (embargo_row_changed_cb));
  self->embargo_picker = CD_DATE_PICKER (cd_date_picker_new (TRUE));
  adw_entry_row_add_suffix (self->embargo_row, GTK_WIDGET (self->embargo_picker));
  g_signal_connect_object (self->embargo_picker, "picked",
                           G_CALLBACK (embargo_picked_cb), self, G_CONNECT_SWAPPED);
  setup_entry_row (self, self->slug_row, _("Slug"), G_CALLBACK (text_row_changed_cb));
  setup_entry_row (self, self->section_row, _("Section"), G_CALLBACK (text_row_changed_cb));
  setup_entry_row (self, self->keywords_row, _("Keywords"), G_CALLBACK (keywords_row_changed_cb));

  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (status_row_selected_cb), self, G_CONNECT_SWAPPED);

  gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (self->notes_view), FALSE);
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (notes_buffer_changed_cb), self, G_CONNECT_SWAPPED);

  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::slug", G_CALLBACK (slug_changed_cb));
  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::section", G_CALLBACK (section_changed_cb));
  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::keywords", G_CALLBACK (keywords_changed_cb));
  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::status", G_CALLBACK (status_changed_cb));
  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::embargo", G_CALLBACK (embargo_changed_cb));
  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::notes", G_CALLBACK (notes_changed_cb));

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
cd_details_panel_new (void)
{
  return g_object_new (CD_TYPE_DETAILS_PANEL, NULL);
}

void
cd_details_panel_set_article (CdDetailsPanel *self,
                              CdArticle      *article)
{
  g_return_if_fail (CD_IS_DETAILS_PANEL (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));

  cd_article_widget_set_article (CD_ARTICLE_WIDGET (self), article);
}

CdArticle *
cd_details_panel_get_article (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return get_article (self);
}

GtkEditable *
_cd_details_panel_get_slug (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return GTK_EDITABLE (self->slug_row);
}

GtkEditable *
_cd_details_panel_get_section (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return GTK_EDITABLE (self->section_row);
}

GtkEditable *
_cd_details_panel_get_keywords (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return GTK_EDITABLE (self->keywords_row);
}

GtkEditable *
_cd_details_panel_get_embargo (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return GTK_EDITABLE (self->embargo_row);
}

CdDatePicker *
_cd_details_panel_get_embargo_picker (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return self->embargo_picker;
}

AdwComboRow *
_cd_details_panel_get_status (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return self->status_row;
}

GtkTextView *
_cd_details_panel_get_notes (CdDetailsPanel *self)
{
  g_return_val_if_fail (CD_IS_DETAILS_PANEL (self), NULL);

  return self->notes_view;
}
