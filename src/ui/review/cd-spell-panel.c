/* cd-spell-panel.c: Check Spelling, the whole story's misspellings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-spell-panel.h"

/* Edits are listed again once they pause. */
#define REFRESH_DELAY_MS 400

struct _CdSpellPanel
{
  AdwWindow      parent_instance;

  CdSpellAttach *spell;
  CdArticle     *article;
  GPtrArray     *found;

  GtkLabel      *summary;
  GtkListBox    *list;
  GtkEditable   *replacement;
  GtkDropDown   *suggestions;
  GtkStringList *suggestion_list;
  GtkWidget     *replace_button;
  GtkWidget     *replace_all_button;
  GtkWidget     *add_button;
  GtkWidget     *ignore_button;

  guint          refresh_id;
  /* Set while the panel itself edits, so its own edits do not wait. */
  guint          editing;
};

G_DEFINE_FINAL_TYPE (CdSpellPanel, cd_spell_panel, ADW_TYPE_WINDOW)

enum {
  JUMP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The misspelling of @row. */
static const CdMisspelling *
row_item (CdSpellPanel  *self,
          GtkListBoxRow *row)
{
  int index;

  if (row == NULL || self->found == NULL)
    return NULL;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->found->len)
    return NULL;

  return g_ptr_array_index (self->found, index);
}

static const CdMisspelling *
selected_item (CdSpellPanel *self)
{
  return row_item (self, gtk_list_box_get_selected_row (self->list));
}

/* "Headline", "Byline 2", "Caption, block f1": where a word is. */
static char *
describe_place (const CdMisspelling *m)
{
  const char *field = m->field;
  const char *part = m->block_field;

  if (g_str_equal (field, "headline"))
    return g_strdup (_("Headline"));
  if (g_str_equal (field, "subheadline"))
    return g_strdup (_("Subheadline"));
  if (g_str_equal (field, "bylines"))
    /* Translators: "Byline 2" */
    return g_strdup_printf (_("Byline %u"), m->index + 1);
  if (g_str_equal (field, "dateline"))
    return g_strdup (_("Dateline"));
  if (g_str_equal (field, "notes"))
    return g_strdup (_("Desk notes"));

  if (g_strcmp0 (part, "caption") == 0)
    part = _("Caption");
  else if (g_strcmp0 (part, "alt") == 0)
    part = _("Alt text");
  else if (g_strcmp0 (part, "credit") == 0)
    part = _("Credit");
  else if (g_strcmp0 (part, "attribution") == 0)
    part = _("Attribution");
  else if (g_strcmp0 (part, "title") == 0)
    part = _("Title");
  else
    part = _("Text");

  /* Translators: "Caption, block f1": a part of a block, the block's id */
  return g_strdup_printf (_("%s, block %s"), part, m->block_id);
}

static GtkWidget *
row_new (const CdMisspelling *m)
{
  g_autofree char *before = g_markup_escape_text (m->context, m->context_start);
  g_autofree char *word = g_markup_escape_text (m->context + m->context_start,
                                                m->context_end - m->context_start);
  g_autofree char *after = g_markup_escape_text (m->context + m->context_end, -1);
  g_autofree char *markup = g_strdup_printf ("%s<b>%s</b>%s", before, word, after);
  g_autofree char *place = describe_place (m);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *context = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (place);
  GtkWidget *row = gtk_list_box_row_new ();
  /* Translators: what a screen reader says for a row: the word, where */
  g_autofree char *name = g_strdup_printf (_("%s, in %s"), m->word, place);

  gtk_label_set_markup (GTK_LABEL (context), markup);
  gtk_label_set_xalign (GTK_LABEL (context), 0);
  gtk_label_set_wrap (GTK_LABEL (context), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (context), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_box_append (GTK_BOX (box), context);
  gtk_box_append (GTK_BOX (box), where);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  return row;
}

static void
update_buttons (CdSpellPanel *self)
{
  const CdMisspelling *m = selected_item (self);
  gboolean has_replacement = *gtk_editable_get_text (self->replacement) != '\0';

  gtk_widget_set_sensitive (self->replace_button, m != NULL && has_replacement);
  gtk_widget_set_sensitive (self->replace_all_button, m != NULL && has_replacement);
  gtk_widget_set_sensitive (self->add_button, m != NULL);
  gtk_widget_set_sensitive (self->ignore_button, m != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->suggestions), m != NULL);
}

static void
selection_changed_cb (CdSpellPanel *self)
{
  const CdMisspelling *m = selected_item (self);
  g_auto(GStrv) suggestions = NULL;

  gtk_string_list_splice (self->suggestion_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->suggestion_list)), NULL);

  if (m != NULL)
    {
      suggestions = cd_spell_checker_suggest (cd_spell_attach_get_checker (self->spell),
                                              m->language, m->word, -1);
      gtk_string_list_splice (self->suggestion_list, 0, 0, (const char * const *) suggestions);
      gtk_editable_set_text (self->replacement, suggestions[0] != NULL ? suggestions[0] : m->word);
    }
  else
    gtk_editable_set_text (self->replacement, "");

  update_buttons (self);
}

static void
suggestion_picked_cb (CdSpellPanel *self)
{
  GtkStringObject *picked = gtk_drop_down_get_selected_item (self->suggestions);

  if (picked != NULL)
    gtk_editable_set_text (self->replacement, gtk_string_object_get_string (picked));
}

void
cd_spell_panel_refresh (CdSpellPanel *self)
{
  CdArticle *article;
  GtkWidget *child;
  int selected = -1;

  g_return_if_fail (CD_IS_SPELL_PANEL (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  article = cd_spell_attach_get_article (self->spell);

  if (gtk_list_box_get_selected_row (self->list) != NULL)
    selected = gtk_list_box_row_get_index (gtk_list_box_get_selected_row (self->list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->found, g_ptr_array_unref);

  if (article == NULL)
    return;

  if (!cd_spell_checker_has_dictionary (cd_spell_attach_get_checker (self->spell), NULL))
    {
      g_autofree char *text = g_strdup_printf (_("No spelling dictionary for “%s”"),
                                               cd_spell_checker_get_language (cd_spell_attach_get_checker (self->spell)));

      gtk_label_set_text (self->summary, text);
      selection_changed_cb (self);
      return;
    }

  self->found = cd_spell_check_article (cd_spell_attach_get_checker (self->spell), article);
  for (guint i = 0; i < self->found->len; i++)
    gtk_list_box_append (self->list, row_new (g_ptr_array_index (self->found, i)));

  if (self->found->len == 0)
    gtk_label_set_text (self->summary, _("No misspellings in the story"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u misspelling",
                                                            "%u misspellings",
                                                            self->found->len),
                                               self->found->len);

      gtk_label_set_text (self->summary, text);
    }

  /* The next one after a fix is where the last one was. */
  if (self->found->len > 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list,
                                                          CLAMP (selected, 0, (int) self->found->len - 1));

      gtk_list_box_select_row (self->list, row);
    }
  selection_changed_cb (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  CdSpellPanel *self = user_data;

  self->refresh_id = 0;
  cd_spell_panel_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
story_changed_cb (CdSpellPanel *self)
{
  if (self->editing > 0 || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
row_activated_cb (CdSpellPanel  *self,
                  GtkListBoxRow *row)
{
  const CdMisspelling *m = row_item (self, row);

  if (m != NULL)
    g_signal_emit (self, signals[JUMP], 0, m);
}

/* Actions */

static void
replace (CdSpellPanel *self,
         gboolean      all)
{
  const CdMisspelling *m = selected_item (self);
  CdArticle *article = cd_spell_attach_get_article (self->spell);
  CdHistory *history = cd_spell_attach_get_history (self->spell);
  g_autofree char *replacement = g_strdup (gtk_editable_get_text (self->replacement));
  g_autofree char *word = NULL;

  if (m == NULL || article == NULL || *replacement == '\0')
    return;

  word = g_strdup (m->word);

  /* Replace All is one undo step too. */
  if (history != NULL)
    {
      cd_history_break (history);
      cd_history_begin_group (history);
    }
  self->editing++;

  if (!all)
    cd_spell_replace (article, m, replacement);
  else
    {
      /* Last first, so the offsets of the earlier ones in the same text
       * still hold. */
      for (guint i = self->found->len; i > 0; i--)
        {
          const CdMisspelling *other = g_ptr_array_index (self->found, i - 1);

          if (g_str_equal (other->word, word))
            cd_spell_replace (article, other, replacement);
        }
    }

  self->editing--;
  if (history != NULL)
    {
      cd_history_end_group (history);
      cd_history_break (history);
    }

  cd_spell_panel_refresh (self);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  replace (CD_SPELL_PANEL (widget), FALSE);
}

static void
replace_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  replace (CD_SPELL_PANEL (widget), TRUE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CdSpellPanel *self = CD_SPELL_PANEL (widget);
  const CdMisspelling *m = selected_item (self);
  CdArticle *article = cd_spell_attach_get_article (self->spell);

  if (m == NULL || article == NULL)
    return;

  self->editing++;
  cd_article_add_dictionary_word (article, m->word);
  self->editing--;
  cd_spell_panel_refresh (self);
}

static void
ignore_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdSpellPanel *self = CD_SPELL_PANEL (widget);
  const CdMisspelling *m = selected_item (self);

  if (m == NULL)
    return;

  cd_spell_attach_ignore_word (self->spell, m->word);
  cd_spell_panel_refresh (self);
}

/* GObject */

static void
cd_spell_panel_dispose (GObject *object)
{
  CdSpellPanel *self = CD_SPELL_PANEL (object);

  /* The rows go with the list after this: no callback may follow. */
  g_signal_handlers_disconnect_by_data (self->list, self);
  g_signal_handlers_disconnect_by_data (self->suggestions, self);
  g_signal_handlers_disconnect_by_data (self->replacement, self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_clear_object (&self->article);
  if (self->spell != NULL)
    g_signal_handlers_disconnect_by_data (self->spell, self);
  g_clear_object (&self->spell);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_object (&self->suggestion_list);

  G_OBJECT_CLASS (cd_spell_panel_parent_class)->dispose (object);
}

static void
cd_spell_panel_class_init (CdSpellPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_spell_panel_dispose;

  signals[JUMP] = g_signal_new ("jump", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, CD_TYPE_MISSPELLING);

  gtk_widget_class_install_action (widget_class, "spell.replace", NULL, replace_action);
  gtk_widget_class_install_action (widget_class, "spell.replace-all", NULL, replace_all_action);
  gtk_widget_class_install_action (widget_class, "spell.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "spell.ignore", NULL, ignore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
button_new (const char *label,
            const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
cd_spell_panel_init (CdSpellPanel *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *replace_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *replace_label;

  gtk_window_set_title (GTK_WINDOW (self), _("Check Spelling"));
  gtk_window_set_default_size (GTK_WINDOW (self), 460, 520);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);

  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), content);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_vexpand (content, TRUE);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "heading");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->summary));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Misspellings"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (content), scrolled);

  replace_label = gtk_label_new_with_mnemonic (_("Replace _with"));
  self->replacement = GTK_EDITABLE (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->replacement), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (replace_label), GTK_WIDGET (self->replacement));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->replacement),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, replace_label, NULL,
                                  -1);
  self->suggestion_list = gtk_string_list_new (NULL);
  self->suggestions = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->suggestion_list)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->suggestions), _("Suggestions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestions),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"),
                                  -1);
  gtk_box_append (GTK_BOX (replace_box), replace_label);
  gtk_box_append (GTK_BOX (replace_box), GTK_WIDGET (self->replacement));
  gtk_box_append (GTK_BOX (replace_box), GTK_WIDGET (self->suggestions));
  gtk_box_append (GTK_BOX (content), replace_box);

  self->replace_button = button_new (_("_Replace"), "spell.replace");
  self->replace_all_button = button_new (_("Replace _All"), "spell.replace-all");
  self->add_button = button_new (_("A_dd to Story Dictionary"), "spell.add");
  self->ignore_button = button_new (_("_Ignore"), "spell.ignore");
  gtk_widget_add_css_class (self->replace_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), self->replace_button);
  gtk_box_append (GTK_BOX (buttons), self->replace_all_button);
  gtk_box_append (GTK_BOX (buttons), self->add_button);
  gtk_box_append (GTK_BOX (buttons), self->ignore_button);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (content), buttons);

  adw_window_set_content (ADW_WINDOW (self), toolbar);

  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "selected-rows-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->suggestions, "notify::selected", G_CALLBACK (suggestion_picked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replacement, "changed", G_CALLBACK (update_buttons),
                           self, G_CONNECT_SWAPPED);
  update_buttons (self);
}

static void
article_changed_cb (CdSpellPanel *self)
{
  CdArticle *article = cd_spell_attach_get_article (self->spell);

  if (self->article == article)
    return;

  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_set_object (&self->article, article);
  if (article != NULL)
    {
      g_signal_connect_object (article, "field-changed", G_CALLBACK (story_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "block-changed", G_CALLBACK (story_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                               G_CALLBACK (story_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
shown_cb (CdSpellPanel *self)
{
  article_changed_cb (self);
  cd_spell_panel_refresh (self);
}

CdSpellPanel *
cd_spell_panel_new (GtkWindow     *parent,
                    CdSpellAttach *spell)
{
  CdSpellPanel *self;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (spell), NULL);

  self = g_object_new (CD_TYPE_SPELL_PANEL,
                       "transient-for", parent,
                       NULL);
  self->spell = g_object_ref (spell);
  /* The list is made when the panel opens, for the story shown then. */
  g_signal_connect (self, "show", G_CALLBACK (shown_cb), NULL);

  return self;
}

GtkListBox *
_cd_spell_panel_get_list (CdSpellPanel *self)
{
  g_return_val_if_fail (CD_IS_SPELL_PANEL (self), NULL);

  return self->list;
}

guint
_cd_spell_panel_get_n_items (CdSpellPanel *self)
{
  g_return_val_if_fail (CD_IS_SPELL_PANEL (self), 0);

  return self->found != NULL ? self->found->len : 0;
}

const CdMisspelling *
_cd_spell_panel_get_item (CdSpellPanel *self,
                          guint         position)
{
  g_return_val_if_fail (CD_IS_SPELL_PANEL (self), NULL);

  if (self->found == NULL || position >= self->found->len)
    return NULL;

  return g_ptr_array_index (self->found, position);
}

GtkEditable *
_cd_spell_panel_get_replacement (CdSpellPanel *self)
{
  g_return_val_if_fail (CD_IS_SPELL_PANEL (self), NULL);

  return self->replacement;
}
