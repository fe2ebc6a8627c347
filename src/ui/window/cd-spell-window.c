/* cd-spell-window.c: spell checking in the editor window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-block-editor-private.h"
#include "cd-block-row.h"
#include "cd-details-panel-private.h"
#include "cd-lead-photo-editor.h"
#include "cd-spell-panel.h"
#include "cd-spell-window.h"
#include "cd-story-fields-private.h"
#include "cd-window-private.h"

#define PANEL_KEY "cd-spell-window-panel"
#define ROWS_IDLE_KEY "cd-spell-window-rows-idle"

/* The block fields that are prose, each an entry of its row. */
static const CdBlockField entry_fields[] = {
  CD_BLOCK_FIELD_CAPTION, CD_BLOCK_FIELD_ALT, CD_BLOCK_FIELD_CREDIT, CD_BLOCK_FIELD_ATTRIBUTION,
};

/* The lead photo's fields, each a text view of the lead photo editor. */
static const CdBlockField lead_fields[] = {
  CD_BLOCK_FIELD_ALT, CD_BLOCK_FIELD_CAPTION, CD_BLOCK_FIELD_CREDIT,
};

/* The body is one text view; its photos' and embeds' fields and the
 * quotes' attributions are widgets the block editor makes as blocks come
 * and go: each new one is attached once it exists. Attaching twice does
 * nothing. */
static gboolean
attach_rows_cb (gpointer user_data)
{
  CdWindow *window = user_data;
  CdSpellAttach *spell = g_object_get_data (G_OBJECT (window), "cd-spell-window-spell");
  CdBlockEditor *editor = _cd_window_get_block_editor (window);
  GHashTableIter iter;
  gpointer key, value;

  g_object_steal_data (G_OBJECT (window), ROWS_IDLE_KEY);
  if (spell == NULL || editor == NULL)
    return G_SOURCE_REMOVE;

  cd_spell_attach_text_view (spell, _cd_block_editor_get_view (editor));

  /* The lead photo's alt text, caption and credit are prose too. */
  for (guint f = 0; f < G_N_ELEMENTS (lead_fields); f++)
    {
      GtkTextView *view = cd_lead_photo_editor_get_view (_cd_window_get_lead_photo_editor (window),
                                                         cd_block_field_to_string (lead_fields[f]));

      if (view != NULL)
        cd_spell_attach_text_view (spell, view);
    }

  g_hash_table_iter_init (&iter, editor->widgets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CdBlockRow *row = value;

      /* An embedded post's stored text is the provider's, not ours. */
      if (cd_block_get_block_type (key) == CD_BLOCK_EMBED)
        continue;

      for (guint f = 0; f < G_N_ELEMENTS (entry_fields); f++)
        {
          GtkWidget *entry = cd_block_row_get_entry (row, entry_fields[f]);

          if (entry != NULL && GTK_IS_TEXT_VIEW (entry))
            cd_spell_attach_text_view (spell, GTK_TEXT_VIEW (entry));
          else if (entry != NULL && GTK_IS_EDITABLE (entry))
            cd_spell_attach_editable (spell, GTK_EDITABLE (entry));
        }
    }

  g_hash_table_iter_init (&iter, editor->attributions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GTK_IS_EDITABLE (value))
      cd_spell_attach_editable (spell, GTK_EDITABLE (value));

  return G_SOURCE_REMOVE;
}

static void
schedule_attach_rows (CdWindow *window)
{
  guint id;

  if (g_object_get_data (G_OBJECT (window), ROWS_IDLE_KEY) != NULL ||
      g_object_get_data (G_OBJECT (window), "cd-spell-window-spell") == NULL)
    return;

  /* After the block editor's own handler has made the rows. */
  id = g_idle_add_full (G_PRIORITY_LOW, attach_rows_cb, window, NULL);
  g_object_set_data_full (G_OBJECT (window), ROWS_IDLE_KEY, GUINT_TO_POINTER (id),
                          (GDestroyNotify) g_source_remove);
}

static void
update_status_label (GtkLabel      *label,
                     GParamSpec    *pspec,
                     CdSpellAttach *spell)
{
  g_autofree char *text = NULL;

  g_object_get (spell, "status-text", &text, NULL);
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
spell_status_notify_cb (CdSpellAttach *spell,
                        GParamSpec    *pspec,
                        GtkLabel      *label)
{
  update_status_label (label, pspec, spell);
}

static void
status_label_clicked_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         GtkWidget       *label)
{
  gtk_widget_activate_action (label, "win.check-spelling", NULL);
}

CdSpellAttach *
_cd_spell_window_setup (CdWindow  *window,
                        GSettings *settings)
{
  g_autofree char *desk_path = cd_spell_checker_get_default_desk_path ();
  CdSpellAttach *spell = cd_spell_attach_new (desk_path);
  GtkWidget *anchor = GTK_WIDGET (_cd_window_get_headline_length_label (window));
  GtkWidget *label = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  g_settings_bind (settings, "spell-check", spell, "enabled", G_SETTINGS_BIND_GET);
  /* While the window is built and the story read, on a thread. */
  if (cd_spell_attach_get_enabled (spell))
    cd_spell_checker_prepare (cd_spell_attach_get_checker (spell), NULL);
  g_object_set_data (G_OBJECT (window), "cd-spell-window-spell", spell);

  cd_story_fields_set_spell (_cd_window_get_story_fields (window), spell);
  /* A long story's rows far down are made after it is shown. */
  g_signal_connect_object (_cd_window_get_block_editor (window), "row-added",
                           G_CALLBACK (schedule_attach_rows), window, G_CONNECT_SWAPPED);
  cd_spell_attach_text_view (spell, _cd_details_panel_get_notes (_cd_window_get_details_panel (window)));

  /* The count sits in the status bar, before the length counters. */
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_name (label, "spell-status");
  gtk_widget_set_tooltip_text (label, _("Check Spelling (F7)"));
  gtk_widget_insert_before (label, gtk_widget_get_parent (anchor), anchor);
  g_signal_connect_object (spell, "notify::status-text", G_CALLBACK (spell_status_notify_cb),
                           label, 0);
  g_signal_connect (click, "released", G_CALLBACK (status_label_clicked_cb), label);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
  update_status_label (GTK_LABEL (label), NULL, spell);

  return spell;
}

void
_cd_spell_window_teardown (CdWindow *window)
{
  /* Nothing of spelling may run on a window going away. */
  g_object_set_data (G_OBJECT (window), ROWS_IDLE_KEY, NULL);
  g_object_set_data (G_OBJECT (window), PANEL_KEY, NULL);
  g_object_set_data (G_OBJECT (window), "cd-spell-window-spell", NULL);
}

void
_cd_spell_window_set_article (CdWindow      *window,
                              CdSpellAttach *spell,
                              CdArticle     *article,
                              CdHistory     *history)
{
  CdSpellPanel *panel = g_object_get_data (G_OBJECT (window), PANEL_KEY);

  cd_spell_attach_set_article (spell, article, history);
  g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                           G_CALLBACK (schedule_attach_rows), window, G_CONNECT_SWAPPED);
  schedule_attach_rows (window);

  if (panel != NULL && gtk_widget_get_visible (GTK_WIDGET (panel)))
    cd_spell_panel_refresh (panel);
}

static void
panel_jump_cb (CdSpellPanel        *panel,
               const CdMisspelling *misspelling,
               CdWindow            *window)
{
  _cd_spell_window_jump (window, misspelling);
}

void
_cd_spell_window_check_spelling (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  CdWindow *window = CD_WINDOW (widget);
  CdSpellAttach *spell = g_object_get_data (G_OBJECT (window), "cd-spell-window-spell");
  CdSpellPanel *panel = g_object_get_data (G_OBJECT (window), PANEL_KEY);

  if (spell == NULL)
    return;

  if (panel == NULL)
    {
      panel = cd_spell_panel_new (GTK_WINDOW (window), spell);
      g_signal_connect_object (panel, "jump", G_CALLBACK (panel_jump_cb), window, 0);
      g_object_set_data_full (G_OBJECT (window), PANEL_KEY, panel, (GDestroyNotify) gtk_window_destroy);
    }

  gtk_window_present (GTK_WINDOW (panel));
}

/* Selects @m's word in @widget, which shows its text: the occurrence
 * nearest where the check found it. */
static void
select_word (GtkWidget           *widget,
             const CdMisspelling *m)
{
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextView *view = GTK_TEXT_VIEW (widget);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter from;
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_iter_at_offset (buffer, &from, m->start);
      gtk_text_iter_set_line_offset (&from, 0);
      if (!gtk_text_iter_forward_search (&from, m->word, GTK_TEXT_SEARCH_TEXT_ONLY, &start, &end, NULL))
        {
          gtk_text_buffer_get_start_iter (buffer, &from);
          if (!gtk_text_iter_forward_search (&from, m->word, GTK_TEXT_SEARCH_TEXT_ONLY, &start, &end, NULL))
            return;
        }
      gtk_text_buffer_select_range (buffer, &start, &end);
      gtk_text_view_scroll_to_iter (view, &start, 0.1, FALSE, 0, 0);
    }
  else if (GTK_IS_EDITABLE (widget))
    {
      GtkEditable *editable = GTK_EDITABLE (widget);

      while (gtk_editable_get_delegate (editable) != NULL && !GTK_IS_TEXT (editable))
        editable = gtk_editable_get_delegate (editable);
      gtk_editable_select_region (editable, m->start, m->end);
    }
}

void
_cd_spell_window_jump (CdWindow            *window,
                       const CdMisspelling *m)
{
  CdStoryFields *fields = _cd_window_get_story_fields (window);
  GtkWidget *target = NULL;

  g_return_if_fail (CD_IS_WINDOW (window));
  g_return_if_fail (m != NULL);

  if (g_strcmp0 (m->field, "lead") == 0)
    target = GTK_WIDGET (cd_lead_photo_editor_get_view (_cd_window_get_lead_photo_editor (window), m->block_field));
  else if (m->block_id != NULL)
    {
      CdBlockEditor *editor = _cd_window_get_block_editor (window);
      CdBlock *block = cd_article_find_block (cd_block_editor_get_article (editor), m->block_id, NULL);
      gboolean in_text = g_strcmp0 (m->block_field, "text") == 0;
      CdBlockRow *row = NULL;

      cd_block_editor_focus_block (editor, m->block_id, in_text ? (int) m->start : 0);
      if (block == NULL)
        ;
      else if (in_text)
        target = GTK_WIDGET (_cd_block_editor_get_view (editor));
      else if (g_strcmp0 (m->block_field, "attribution") == 0 &&
               g_hash_table_contains (editor->attributions, block))
        target = g_hash_table_lookup (editor->attributions, block);
      else if ((row = _cd_block_editor_row_for_block (editor, block)) != NULL)
        for (CdBlockField f = 0; f < CD_N_BLOCK_FIELDS; f++)
          if (g_strcmp0 (cd_block_field_to_string (f), m->block_field) == 0)
            target = cd_block_row_get_entry (row, f);
    }
  else if (g_str_equal (m->field, "headline"))
    target = GTK_WIDGET (_cd_story_fields_get_headline (fields));
  else if (g_str_equal (m->field, "subheadline"))
    target = GTK_WIDGET (_cd_story_fields_get_subheadline (fields));
  else if (g_str_equal (m->field, "bylines") && m->index < _cd_story_fields_get_n_bylines (fields))
    target = g_strcmp0 (m->block_field, "title") == 0
             ? GTK_WIDGET (_cd_story_fields_get_byline_title (fields, m->index))
             : GTK_WIDGET (_cd_story_fields_get_byline_name (fields, m->index));
  else if (g_str_equal (m->field, "dateline"))
    target = GTK_WIDGET (_cd_story_fields_get_dateline_place (fields));
  else if (g_str_equal (m->field, "notes"))
    {
      g_object_set (window, "show-details", TRUE, NULL);
      target = GTK_WIDGET (_cd_details_panel_get_notes (_cd_window_get_details_panel (window)));
    }

  if (target == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (target);
  select_word (target, m);
}
