/* cd-find-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-find-bar"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "cd-find-bar.h"

#define MATCH_TAG   "cd-find-match"
#define CURRENT_TAG "cd-find-current"

typedef struct
{
  GtkTextView *view;
  char        *field;
  char        *member;
} View;

struct _CdFindBar
{
  GtkWidget       parent_instance;

  GtkEditable    *find_entry;
  GtkLabel       *count_label;
  GtkToggleButton *replace_toggle;
  GtkEditable    *replace_entry;
  GtkCheckButton *case_check;
  GtkCheckButton *word_check;

  CdArticle      *article;
  CdHistory      *history;
  GPtrArray      *views;
  GPtrArray      *matches;
  int             current;
  guint           refresh_id;
};

G_DEFINE_FINAL_TYPE (CdFindBar, cd_find_bar, GTK_TYPE_WIDGET)

enum {
  SHOW_MATCH,
  HIGHLIGHT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
view_free (View *view)
{
  g_clear_object (&view->view);
  g_free (view->field);
  g_free (view->member);
  g_free (view);
}

static CdFindFlags
get_flags (CdFindBar *self)
{
  CdFindFlags flags = CD_FIND_NONE;

  if (gtk_check_button_get_active (self->case_check))
    flags |= CD_FIND_MATCH_CASE;
  if (gtk_check_button_get_active (self->word_check))
    flags |= CD_FIND_WHOLE_WORD;

  return flags;
}

static GtkTextTag *
ensure_tag (GtkTextBuffer *buffer,
            const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GdkRGBA color;

  if (tag != NULL)
    return tag;

  /* The highlight of the current match is the stronger one, and it wins
   * over the others, being created after them. */
  gdk_rgba_parse (&color, g_str_equal (name, CURRENT_TAG) ? "rgba(245,194,17,0.85)" : "rgba(249,240,107,0.55)");
  return gtk_text_buffer_create_tag (buffer, name, "background-rgba", &color, NULL);
}

void
cd_find_bar_clear_highlights (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, ensure_tag (buffer, MATCH_TAG), &start, &end);
  gtk_text_buffer_remove_tag (buffer, ensure_tag (buffer, CURRENT_TAG), &start, &end);
}

void
cd_find_bar_highlight (GtkTextBuffer     *buffer,
                       const GtkTextIter *start,
                       const GtkTextIter *end,
                       gboolean           current)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (start != NULL && end != NULL);

  gtk_text_buffer_apply_tag (buffer, ensure_tag (buffer, current ? CURRENT_TAG : MATCH_TAG), start, end);
}

static gboolean
view_shows (View              *view,
            const CdFindMatch *match)
{
  return g_strcmp0 (view->field, match->field) == 0 &&
         g_strcmp0 (view->member, match->member) == 0;
}

static void
update_highlights (CdFindBar *self)
{
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self));

  for (guint i = 0; i < self->views->len; i++)
    {
      View *view = g_ptr_array_index (self->views, i);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view->view);
      GtkTextIter start;
      GtkTextIter end;

      cd_find_bar_clear_highlights (buffer);

      for (guint k = 0; shown && self->matches != NULL && k < self->matches->len; k++)
        {
          CdFindMatch *match = g_ptr_array_index (self->matches, k);

          if (!view_shows (view, match))
            continue;

          gtk_text_buffer_get_iter_at_offset (buffer, &start, match->start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, match->end);
          cd_find_bar_highlight (buffer, &start, &end, (int) k == self->current);
        }
    }

  /* The body and its photos and posts show the rest. */
  g_signal_emit (self, signals[HIGHLIGHT], 0, shown ? self->matches : NULL, self->current);
}

static void
update_count (CdFindBar *self)
{
  const char *needle = gtk_editable_get_text (self->find_entry);
  guint n = self->matches != NULL ? self->matches->len : 0;
  g_autofree char *text = NULL;

  if (*needle == '\0')
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (_("No matches"));
  else
    /* Translators: the current match and how many there are, "3 of 12" */
    text = g_strdup_printf (_("%d of %u"), self->current + 1, n);

  gtk_label_set_text (self->count_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->find_entry), "error");
  if (*needle != '\0' && n == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->find_entry), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.next", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.previous", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.replace", n > 0 && self->current >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "find.replace-all", n > 0);
}

static void
refresh (CdFindBar *self)
{
  const char *needle = gtk_editable_get_text (self->find_entry);
  guint n;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  if (self->article != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    self->matches = cd_find_all (self->article, needle, get_flags (self));

  n = self->matches != NULL ? self->matches->len : 0;
  if (n == 0)
    self->current = -1;
  else
    self->current = CLAMP (self->current, 0, (int) n - 1);

  update_count (self);
  update_highlights (self);
}

static gboolean
refresh_cb (gpointer data)
{
  CdFindBar *self = data;

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* Edits come in bursts (a Replace All is dozens of signals): the
 * matches are found again once, when they are over. */
static void
story_changed_cb (CdFindBar *self)
{
  if (self->refresh_id == 0 && gtk_widget_get_visible (GTK_WIDGET (self)))
    self->refresh_id = g_idle_add (refresh_cb, self);
}

static void
show_current (CdFindBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
  g_autoptr(CdFindMatch) match = NULL;

  if (self->matches == NULL || self->current < 0)
    return;

  update_count (self);
  update_highlights (self);

  /* A copy: the handler may edit the story, which finds again. */
  match = cd_find_match_copy (g_ptr_array_index (self->matches, self->current));
  g_signal_emit (self, signals[SHOW_MATCH], 0, match);

  /* The caret waits at the match while the next one is looked for.
   * Selecting the find field's text would take the primary selection,
   * and with it the selection of the match. */
  if (had_focus && GTK_IS_TEXT (focus))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (focus));
  else if (had_focus)
    gtk_widget_grab_focus (focus);
}

static void
go (CdFindBar *self,
    int        step)
{
  int n;

  if (self->refresh_id != 0 || self->matches == NULL)
    refresh (self);
  if (self->matches == NULL || self->matches->len == 0)
    return;

  n = self->matches->len;
  self->current = ((self->current < 0 ? (step > 0 ? -1 : 0) : self->current) + step + n) % n;
  show_current (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go (CD_FIND_BAR (widget), g_str_equal (action_name, "find.previous") ? -1 : 1);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdFindBar *self = CD_FIND_BAR (widget);
  const char *replacement = gtk_editable_get_text (self->replace_entry);
  g_autoptr(CdFindMatch) match = NULL;

  if (self->refresh_id != 0)
    refresh (self);
  if (self->article == NULL || self->matches == NULL || self->current < 0)
    return;

  match = cd_find_match_copy (g_ptr_array_index (self->matches, self->current));
  if (self->history != NULL)
    cd_history_begin_group (self->history);
  cd_find_replace (self->article, match, replacement);
  if (self->history != NULL)
    cd_history_end_group (self->history);

  /* The match after the replaced one now has its place in the list. */
  refresh (self);
  show_current (self);
}

static void
replace_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdFindBar *self = CD_FIND_BAR (widget);
  g_autofree char *message = NULL;
  guint n;

  if (self->article == NULL)
    return;

  n = cd_find_replace_all (self->article, self->history,
                           gtk_editable_get_text (self->find_entry),
                           gtk_editable_get_text (self->replace_entry),
                           get_flags (self));
  refresh (self);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u replaced", "%u replaced", n), n);
  gtk_label_set_text (self->count_label, message);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  cd_find_bar_close (CD_FIND_BAR (widget));
}

static void
search_changed_cb (CdFindBar *self)
{
  self->current = 0;
  refresh (self);
}

static gboolean
find_key_pressed_cb (CdFindBar       *self,
                     guint            keyval,
                     guint            keycode,
                     GdkModifierType  state)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK) != 0)
    {
      go (self, -1);
      return TRUE;
    }

  return FALSE;
}

static void
find_activate_cb (CdFindBar *self)
{
  go (self, 1);
}

static void
previous_match_cb (CdFindBar *self)
{
  go (self, -1);
}

static void
replace_activate_cb (CdFindBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "find.replace", NULL);
}

static void
disconnect_article (CdFindBar *self)
{
  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_clear_object (&self->article);
  g_clear_object (&self->history);
}

static void
cd_find_bar_dispose (GObject *object)
{
  CdFindBar *self = CD_FIND_BAR (object);
  GtkWidget *child;

  disconnect_article (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_FIND_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cd_find_bar_parent_class)->dispose (object);
}

static void
cd_find_bar_class_init (CdFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_find_bar_dispose;

  signals[SHOW_MATCH] =
    g_signal_new ("show-match",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_FIND_MATCH);

  signals[HIGHLIGHT] =
    g_signal_new ("highlight",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_PTR_ARRAY, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CdFindBar, find_entry);
  gtk_widget_class_bind_template_child (widget_class, CdFindBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, CdFindBar, replace_toggle);
  gtk_widget_class_bind_template_child (widget_class, CdFindBar, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, CdFindBar, case_check);
  gtk_widget_class_bind_template_child (widget_class, CdFindBar, word_check);

  gtk_widget_class_install_action (widget_class, "find.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "find.previous", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "find.replace", NULL, replace_action);
  gtk_widget_class_install_action (widget_class, "find.replace-all", NULL, replace_all_action);
  gtk_widget_class_install_action (widget_class, "find.close", NULL, close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "find.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "find.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "find.previous", NULL);

  gtk_widget_class_set_css_name (widget_class, "findbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SEARCH);
}

static void
cd_find_bar_init (CdFindBar *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) view_free);
  self->current = -1;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find and Replace"),
                                  -1);

  g_signal_connect_object (self->find_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "activate", G_CALLBACK (find_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "next-match", G_CALLBACK (find_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "previous-match", G_CALLBACK (previous_match_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "stop-search", G_CALLBACK (cd_find_bar_close),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replace_entry, "activate", G_CALLBACK (replace_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_check, "toggled", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->word_check, "toggled", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* Before the entry, which takes Enter for ::activate. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (find_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->find_entry), keys);

  update_count (self);
}

GtkWidget *
cd_find_bar_new (void)
{
  return g_object_new (CD_TYPE_FIND_BAR, NULL);
}

void
cd_find_bar_set_article (CdFindBar *self,
                         CdArticle *article,
                         CdHistory *history)
{
  g_return_if_fail (CD_IS_FIND_BAR (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  disconnect_article (self);

  if (article != NULL)
    {
      self->article = g_object_ref (article);
      self->history = history != NULL ? g_object_ref (history) : NULL;
      g_signal_connect_object (article, "field-changed", G_CALLBACK (story_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "block-changed", G_CALLBACK (story_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                               G_CALLBACK (story_changed_cb), self, G_CONNECT_SWAPPED);
    }

  self->current = 0;
  refresh (self);
}

void
cd_find_bar_open (CdFindBar  *self,
                  gboolean    replace,
                  const char *text)
{
  g_return_if_fail (CD_IS_FIND_BAR (self));

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_toggle_button_set_active (self->replace_toggle, replace);
  if (text != NULL && *text != '\0' && strchr (text, '\n') == NULL)
    gtk_editable_set_text (self->find_entry, text);

  refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (self->find_entry, 0, -1);
}

void
cd_find_bar_close (CdFindBar *self)
{
  g_autoptr(CdFindMatch) match = NULL;

  g_return_if_fail (CD_IS_FIND_BAR (self));

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  if (self->matches != NULL && self->current >= 0)
    match = cd_find_match_copy (g_ptr_array_index (self->matches, self->current));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  refresh (self);

  /* The caret goes back to the story, at the match last shown. */
  if (match != NULL)
    g_signal_emit (self, signals[SHOW_MATCH], 0, match);
}

void
cd_find_bar_add_view (CdFindBar   *self,
                      GtkTextView *view,
                      const char  *field,
                      const char  *member)
{
  View *entry;

  g_return_if_fail (CD_IS_FIND_BAR (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));
  g_return_if_fail (field != NULL);

  entry = g_new0 (View, 1);
  entry->view = g_object_ref (view);
  entry->field = g_strdup (field);
  entry->member = g_strdup (member);
  g_ptr_array_add (self->views, entry);
}

GPtrArray *
cd_find_bar_get_matches (CdFindBar *self)
{
  g_return_val_if_fail (CD_IS_FIND_BAR (self), NULL);

  if (self->refresh_id != 0)
    refresh (self);

  return self->matches;
}

int
cd_find_bar_get_current (CdFindBar *self)
{
  g_return_val_if_fail (CD_IS_FIND_BAR (self), -1);

  return self->current;
}

GtkEditable *
cd_find_bar_get_find_entry (CdFindBar *self)
{
  g_return_val_if_fail (CD_IS_FIND_BAR (self), NULL);

  return self->find_entry;
}

GtkEditable *
cd_find_bar_get_replace_entry (CdFindBar *self)
{
  g_return_val_if_fail (CD_IS_FIND_BAR (self), NULL);

  return self->replace_entry;
}
