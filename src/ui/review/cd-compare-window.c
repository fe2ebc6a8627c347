/* cd-compare-window.c: two versions of a story side by side, changes marked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-compare-window"

#include "config.h"

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "cd-compare-window.h"
#include "cd-application.h"
#include "cd-house-style.h"
#include "cd-shm-pool.h"

#define PAGE_URI "about:blank"

struct _CdCompareWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkDropDown     *old_dropdown;
  GtkDropDown     *new_dropdown;
  GtkLabel        *summary_label;
  GtkListBox      *change_list;
  GtkBox          *page_box;
  WebKitWebView   *web_view;

  CdArticle       *article;
  CdHistory       *history;
  char            *display_name;
  GSettings       *settings;
  /* Revision ids, newest first, as the drop-downs list them. */
  GPtrArray       *ids;
  CdComparison    *comparison;
  gboolean         new_is_current;
  gboolean         loaded;
  guint            pending_loads;
  gboolean         filling;
};

G_DEFINE_FINAL_TYPE (CdCompareWindow, cd_compare_window, ADW_TYPE_WINDOW)

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Marks the change's place in the page and scrolls to it. Story text
 * only ever reaches the page as an argument, never in the script. */
static const char scroll_script[] =
  "for (const e of document.querySelectorAll('.cd-change-current'))"
  "  e.classList.remove('cd-change-current');"
  "let el = id === '' ? document.querySelector('header')"
  "                   : document.querySelector('[data-block-id=\"' + CSS.escape(id) + '\"]');"
  "if (el) {"
  "  if (el.parentElement && el.parentElement.classList.contains('cd-change')) el = el.parentElement;"
  "  el.classList.add('cd-change-current');"
  "  el.scrollIntoView({block: 'center'});"
  "}"
  "return el !== null;";

static void
show_toast (CdCompareWindow *self,
            const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static CdRevision *
revision_at (CdCompareWindow *self,
             guint            index)
{
  if (index >= self->ids->len)
    return NULL;

  return cd_revisions_find (cd_article_get_revisions (self->article),
                            g_ptr_array_index (self->ids, index));
}

static void
scroll_to_change (CdCompareWindow *self,
                  int              index)
{
  GPtrArray *changes;
  const CdChange *change;
  GVariantDict arguments;

  if (self->comparison == NULL || !self->loaded || index < 0)
    return;

  changes = cd_comparison_get_changes (self->comparison);
  if ((guint) index >= changes->len)
    return;
  change = g_ptr_array_index (changes, index);

  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "id", "s", change->block_id != NULL ? change->block_id : "");
  webkit_web_view_call_async_javascript_function (self->web_view, scroll_script, -1,
                                                  g_variant_dict_end (&arguments),
                                                  NULL, NULL, NULL, NULL, NULL);
}

static void
update_actions (CdCompareWindow *self)
{
  GPtrArray *changes = self->comparison != NULL ? cd_comparison_get_changes (self->comparison) : NULL;
  int selected = cd_compare_window_get_selected (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.next-change",
                                 changes != NULL && changes->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.previous-change",
                                 changes != NULL && changes->len > 0);
  /* Reverting changes the story, so only against its current text. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.revert-change",
                                 self->new_is_current && selected >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.restore-version",
                                 self->ids->len > 0);
}

static void
row_selected_cb (CdCompareWindow *self,
                 GtkListBoxRow   *row)
{
  update_actions (self);
  if (row != NULL)
    scroll_to_change (self, gtk_list_box_row_get_index (row));
}

static void
load_changed_cb (CdCompareWindow *self,
                 WebKitLoadEvent  event)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  self->loaded = TRUE;
  scroll_to_change (self, cd_compare_window_get_selected (self));
}

/* The view shows only the pages this window gives it: links and any
 * other navigation are refused. */
static gboolean
decide_policy_cb (CdCompareWindow          *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type)
{
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && self->pending_loads > 0)
    {
      WebKitNavigationAction *action =
        webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));

      if (!webkit_navigation_action_is_user_gesture (action) &&
          g_strcmp0 (webkit_uri_request_get_uri (webkit_navigation_action_get_request (action)), PAGE_URI) == 0)
        {
          self->pending_loads--;
          webkit_policy_decision_use (decision);
          return TRUE;
        }
    }

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);
  return TRUE;
}

static CdArticle *
load_side (CdCompareWindow  *self,
           CdRevision       *revision,
           GError          **error)
{
  /* Blank paragraphs wait for the caret; revisions never hold them. */
  if (revision == NULL)
    {
      g_autoptr(CdArticle) copy = cd_article_copy (self->article);

      return cd_article_without_blank_paragraphs (copy);
    }

  return cd_revision_load (revision, self->article, self->display_name, error);
}

static void
fill_list (CdCompareWindow *self)
{
  GPtrArray *changes = cd_comparison_get_changes (self->comparison);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->change_list))) != NULL)
    gtk_list_box_remove (self->change_list, child);

  for (guint i = 0; i < changes->len; i++)
    {
      g_autofree char *text = cd_change_describe (g_ptr_array_index (changes, i));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_end (label, 8);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (self->change_list, label);
    }

  if (changes->len == 0)
    gtk_label_set_text (self->summary_label, _("No changes"));
  else
    {
      g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change", "%u changes",
                                                               changes->len),
                                                  changes->len);

      gtk_label_set_text (self->summary_label, summary);
    }
}

/* Compares the two sides chosen and shows the result, keeping the
 * selected change's place in the list. */
static void
refresh (CdCompareWindow *self)
{
  g_autoptr(CdArticle) old_article = NULL;
  g_autoptr(CdArticle) new_article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *style = NULL;
  g_autofree char *house_style = NULL;
  guint old_index = gtk_drop_down_get_selected (self->old_dropdown);
  guint new_index = gtk_drop_down_get_selected (self->new_dropdown);
  int selected = cd_compare_window_get_selected (self);
  CdHtmlOptions options;
  GtkListBoxRow *row;

  if (self->ids->len == 0)
    {
      gtk_label_set_text (self->summary_label,
                          _("This story has no revisions yet: save it, or name this version, to take one"));
      g_clear_object (&self->comparison);
      update_actions (self);
      return;
    }

  /* The new side lists the current text first, then the revisions. */
  self->new_is_current = new_index == 0 || new_index == GTK_INVALID_LIST_POSITION;
  old_article = load_side (self, revision_at (self, old_index), &error);
  if (old_article != NULL)
    new_article = load_side (self, self->new_is_current ? NULL : revision_at (self, new_index - 1), &error);
  if (new_article == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  g_clear_object (&self->comparison);
  self->comparison = cd_comparison_new (old_article, new_article);

  self->filling = TRUE;
  fill_list (self);
  self->filling = FALSE;

  house_style = g_settings_get_string (self->settings, "house-style");
  style = g_strconcat (cd_house_style_get_stylesheet (house_style), "\n", cd_comparison_get_style (), NULL);
  cd_html_options_init (&options);
  options.mode = CD_HTML_PAGE;
  options.inline_media = TRUE;
  options.stylesheet = style;
  html = cd_comparison_write_html (self->comparison, &options);

  self->loaded = FALSE;
  self->pending_loads++;
  webkit_web_view_load_html (self->web_view, html, PAGE_URI);

  row = gtk_list_box_get_row_at_index (self->change_list, MAX (selected, 0));
  if (row == NULL && selected > 0)
    row = gtk_list_box_get_row_at_index (self->change_list,
                                         cd_comparison_get_changes (self->comparison)->len - 1);
  if (row != NULL)
    gtk_list_box_select_row (self->change_list, row);
  update_actions (self);
}

static void
dropdown_changed_cb (CdCompareWindow *self)
{
  refresh (self);
}

static void
step_change_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdCompareWindow *self = CD_COMPARE_WINDOW (widget);
  int n = self->comparison != NULL ? (int) cd_comparison_get_changes (self->comparison)->len : 0;
  int selected = cd_compare_window_get_selected (self);
  GtkListBoxRow *row;

  if (n == 0)
    return;

  /* Past the last change comes the first again, as in a search. */
  if (g_str_equal (action_name, "compare.next-change"))
    selected = selected < 0 ? 0 : (selected + 1) % n;
  else
    selected = selected <= 0 ? n - 1 : selected - 1;

  row = gtk_list_box_get_row_at_index (self->change_list, selected);
  gtk_list_box_select_row (self->change_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
revert_change_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdCompareWindow *self = CD_COMPARE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  int selected = cd_compare_window_get_selected (self);
  gboolean reverted;

  if (self->comparison == NULL || selected < 0 || !self->new_is_current)
    return;

  /* One undo step in the story's window, whatever the change touches. */
  cd_history_break (self->history);
  cd_history_begin_group (self->history);
  reverted = cd_comparison_revert (self->comparison, selected, self->article, &error);
  cd_history_end_group (self->history);
  cd_history_break (self->history);

  if (!reverted)
    show_toast (self, error->message);

  refresh (self);
}

static void
restore_version_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CdCompareWindow *self = CD_COMPARE_WINDOW (widget);
  g_autoptr(CdArticle) old_article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  CdRevision *revision = revision_at (self, gtk_drop_down_get_selected (self->old_dropdown));

  if (revision == NULL)
    return;

  old_article = cd_revision_load (revision, self->article, self->display_name, &error);
  if (old_article == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  cd_history_break (self->history);
  cd_history_begin_group (self->history);
  cd_article_restore_from (self->article, old_article);
  cd_history_end_group (self->history);
  cd_history_break (self->history);

  /* Taking the restore's revision may thin older ones away. */
  id = g_strdup (cd_revision_get_id (revision));
  g_signal_emit (self, signals[RESTORED], 0, revision);
  show_toast (self, _("Restored the older version; Undo in the story’s window takes it back"));

  /* The list of revisions now has the restore at its top. */
  cd_compare_window_select (self, id, NULL);
}

static void
fill_dropdowns (CdCompareWindow *self)
{
  GPtrArray *revisions = cd_article_get_revisions (self->article);
  g_autoptr(GtkStringList) old_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) new_model = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->ids, 0);
  gtk_string_list_append (new_model, _("Current Text"));
  for (guint i = revisions->len; i-- > 0; )
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      g_autofree char *text = cd_revision_describe (revision);

      g_ptr_array_add (self->ids, g_strdup (cd_revision_get_id (revision)));
      gtk_string_list_append (old_model, text);
      gtk_string_list_append (new_model, text);
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->old_dropdown, G_LIST_MODEL (old_model));
  gtk_drop_down_set_model (self->new_dropdown, G_LIST_MODEL (new_model));
  self->filling = FALSE;
}

static void
dropdown_selected_cb (CdCompareWindow *self)
{
  if (!self->filling)
    dropdown_changed_cb (self);
}

static void
cd_compare_window_dispose (GObject *object)
{
  CdCompareWindow *self = CD_COMPARE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_COMPARE_WINDOW);

  G_OBJECT_CLASS (cd_compare_window_parent_class)->dispose (object);
}

static void
cd_compare_window_finalize (GObject *object)
{
  CdCompareWindow *self = CD_COMPARE_WINDOW (object);

  g_clear_object (&self->article);
  g_clear_object (&self->history);
  g_clear_object (&self->comparison);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_free (self->display_name);

  G_OBJECT_CLASS (cd_compare_window_parent_class)->finalize (object);
}

static void
cd_compare_window_class_init (CdCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_compare_window_dispose;
  object_class->finalize = cd_compare_window_finalize;

  /**
   * CdCompareWindow::restored:
   * @revision: the revision the story was restored from
   *
   * The story was made the older version again.
   */
  signals[RESTORED] =
    g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CD_TYPE_REVISION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/copydesk/Copydesk/ui/cd-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdCompareWindow, old_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdCompareWindow, new_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdCompareWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CdCompareWindow, change_list);
  gtk_widget_class_bind_template_child (widget_class, CdCompareWindow, page_box);

  gtk_widget_class_install_action (widget_class, "compare.next-change", NULL, step_change_action);
  gtk_widget_class_install_action (widget_class, "compare.previous-change", NULL, step_change_action);
  gtk_widget_class_install_action (widget_class, "compare.revert-change", NULL, revert_change_action);
  gtk_widget_class_install_action (widget_class, "compare.restore-version", NULL, restore_version_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "compare.next-change", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK,
                                       "compare.previous-change", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_compare_window_init (CdCompareWindow *self)
{
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(WebKitNetworkSession) network = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);

  /* Like the preview: the app's own script may run, the page's never,
   * nothing loads from anywhere (pictures are inside the page) and
   * nothing of it is written to disk. */
  settings = g_object_new (WEBKIT_TYPE_SETTINGS,
                           "enable-javascript", TRUE,
                           "enable-javascript-markup", FALSE,
                           "allow-file-access-from-file-urls", FALSE,
                           "allow-universal-access-from-file-urls", FALSE,
                           "enable-html5-local-storage", FALSE,
                           "enable-html5-database", FALSE,
                           "enable-page-cache", FALSE,
                           "enable-media", FALSE,
                           "enable-webgl", FALSE,
                           NULL);
  network = webkit_network_session_new_ephemeral ();
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", network,
                                 "settings", settings,
                                 "default-content-security-policy",
                                 "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                                 "font-src data:; form-action 'none'; base-uri 'none'",
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The story with its changes marked"),
                                  -1);
  gtk_box_append (self->page_box, GTK_WIDGET (self->web_view));

  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->change_list, "row-selected",
                           G_CALLBACK (row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->old_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);
}

static const char *
newest_different (CdCompareWindow *self)
{
  GPtrArray *revisions = cd_article_get_revisions (self->article);
  g_autoptr(CdArticle) current = load_side (self, NULL, NULL);

  /* A bounded look back: each is a whole compare. */
  for (guint i = revisions->len, n = 0; i-- > 0 && n < 20; n++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      g_autoptr(CdArticle) old_article = cd_revision_load (revision, self->article, self->display_name, NULL);
      g_autoptr(CdComparison) comparison = NULL;

      if (old_article == NULL)
        continue;
      comparison = cd_comparison_new (old_article, current);
      if (cd_comparison_get_changes (comparison)->len > 0)
        return cd_revision_get_id (revision);
    }

  return NULL;
}

CdCompareWindow *
cd_compare_window_new (GtkWindow  *parent,
                       CdArticle  *article,
                       CdHistory  *history,
                       const char *display_name)
{
  CdCompareWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (CD_IS_HISTORY (history), NULL);

  self = g_object_new (CD_TYPE_COMPARE_WINDOW, "transient-for", parent, NULL);
  self->article = g_object_ref (article);
  self->history = g_object_ref (history);
  self->display_name = g_strdup (display_name != NULL ? display_name : "");

  /* What changed since the newest revision that differs from the
   * current text (a save just taken holds the text as it is). */
  cd_compare_window_select (self, NULL, NULL);

  return self;
}

void
cd_compare_window_select (CdCompareWindow *self,
                          const char      *old_id,
                          const char      *new_id)
{
  guint old_index = 0;
  guint new_index = 0;

  g_return_if_fail (CD_IS_COMPARE_WINDOW (self));

  if (old_id == NULL)
    old_id = newest_different (self);

  fill_dropdowns (self);
  for (guint i = 0; i < self->ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->ids, i), old_id) == 0)
        old_index = i;
      if (g_strcmp0 (g_ptr_array_index (self->ids, i), new_id) == 0)
        new_index = i + 1;
    }

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->old_dropdown, old_index);
  gtk_drop_down_set_selected (self->new_dropdown, new_index);
  self->filling = FALSE;
  refresh (self);
}

CdComparison *
cd_compare_window_get_comparison (CdCompareWindow *self)
{
  g_return_val_if_fail (CD_IS_COMPARE_WINDOW (self), NULL);

  return self->comparison;
}

int
cd_compare_window_get_selected (CdCompareWindow *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CD_IS_COMPARE_WINDOW (self), -1);

  row = gtk_list_box_get_selected_row (self->change_list);
  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

GtkListBox *
_cd_compare_window_get_list (CdCompareWindow *self)
{
  return self->change_list;
}

GtkWidget *
_cd_compare_window_get_web_view (CdCompareWindow *self)
{
  return GTK_WIDGET (self->web_view);
}

gboolean
_cd_compare_window_is_loaded (CdCompareWindow *self)
{
  return self->loaded;
}
