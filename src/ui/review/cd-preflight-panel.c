/* cd-preflight-panel.c: the Pre-flight popover and the "anyway" question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preflight-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-house-style.h"
#include "cd-preflight-panel.h"

/* Checking walks the whole story (about 12 ms for 5,000 paragraphs), so
 * the count in the header bar follows once typing pauses this long. */
#define RECHECK_DELAY_MS 300
/* The question before an export names this many items, then a count. */
#define CONFIRM_MAX_LISTED 5

struct _CdPreflightPanel
{
  GtkPopover    parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GSettings    *settings;
  CdArticle    *article;
  GPtrArray    *items;
  guint         n_errors;
  guint         recheck_id;
};

G_DEFINE_FINAL_TYPE (CdPreflightPanel, cd_preflight_panel, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_N_ITEMS,
  PROP_N_ERRORS,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GPtrArray *
cd_preflight_check_story (CdArticle *article)
{
  CdPreflightLimits limits;

  g_return_val_if_fail (article == NULL || CD_IS_ARTICLE (article), NULL);

  if (article == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);

  cd_house_style_get_current_limits (&limits);

  return cd_preflight_run (article, &limits, NULL);
}

GPtrArray *
cd_preflight_panel_check (CdPreflightPanel *self)
{
  g_return_val_if_fail (CD_IS_PREFLIGHT_PANEL (self), NULL);

  return cd_preflight_check_story (self->article);
}

static GtkWidget *
create_row (CdPreflightItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->message);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  icon = gtk_image_new_from_icon_name (item->severity == CD_PREFLIGHT_ERROR
                                       ? "dialog-error-symbolic"
                                       : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, item->severity == CD_PREFLIGHT_ERROR ? "error" : "warning");
  /* The icon is the only sign of the severity: a screen reader says it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  item->severity == CD_PREFLIGHT_ERROR ? _("Error") : _("Warning"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
recheck (CdPreflightPanel *self)
{
  guint old_n_items = self->items != NULL ? self->items->len : 0;
  guint old_n_errors = self->n_errors;
  GtkWidget *child;

  g_clear_handle_id (&self->recheck_id, g_source_remove);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = cd_preflight_panel_check (self);

  self->n_errors = 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < self->items->len; i++)
    {
      CdPreflightItem *item = g_ptr_array_index (self->items, i);

      if (item->severity == CD_PREFLIGHT_ERROR)
        self->n_errors++;
      gtk_list_box_append (self->list, create_row (item));
    }

  gtk_stack_set_visible_child_name (self->stack, self->items->len > 0 ? "items" : "clear");

  if (old_n_items != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (old_n_errors != self->n_errors)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
}

static gboolean
recheck_cb (gpointer user_data)
{
  CdPreflightPanel *self = user_data;

  self->recheck_id = 0;
  recheck (self);

  return G_SOURCE_REMOVE;
}

/* Above GDK_PRIORITY_REDRAW, below the preview's rendering of the
 * story (a turn of its own each). */
#define FIRST_CHECK_PRIORITY (G_PRIORITY_HIGH_IDLE + 11)

static void
story_changed_cb (CdPreflightPanel *self)
{
  /* Each change restarts the wait: the check runs when typing pauses,
   * never between two keys. */
  g_clear_handle_id (&self->recheck_id, g_source_remove);
  self->recheck_id = g_timeout_add (RECHECK_DELAY_MS, recheck_cb, self);
}

static void
row_activated_cb (CdPreflightPanel *self,
                  GtkListBoxRow    *row)
{
  int index = gtk_list_box_row_get_index (row);
  g_autoptr(CdPreflightItem) item = NULL;

  if (self->items == NULL || index < 0 || (guint) index >= self->items->len)
    return;

  /* Popping down moves the focus back to the button: the jump comes
   * after, and a handler may recheck meanwhile. */
  item = cd_preflight_item_copy (g_ptr_array_index (self->items, index));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item);
}

static void
cd_preflight_panel_show (GtkWidget *widget)
{
  CdPreflightPanel *self = CD_PREFLIGHT_PANEL (widget);

  /* What the panel lists is checked as it opens, not 300 ms ago. */
  recheck (self);

  GTK_WIDGET_CLASS (cd_preflight_panel_parent_class)->show (widget);
}

static void
cd_preflight_panel_dispose (GObject *object)
{
  CdPreflightPanel *self = CD_PREFLIGHT_PANEL (object);

  cd_preflight_panel_set_article (self, NULL);
  g_clear_handle_id (&self->recheck_id, g_source_remove);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cd_preflight_panel_parent_class)->dispose (object);
}

static void
cd_preflight_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CdPreflightPanel *self = CD_PREFLIGHT_PANEL (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, cd_preflight_panel_get_n_items (self));
      break;

    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_preflight_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CdPreflightPanel *self = CD_PREFLIGHT_PANEL (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      cd_preflight_panel_set_article (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_preflight_panel_class_init (CdPreflightPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_preflight_panel_dispose;
  object_class->get_property = cd_preflight_panel_get_property;
  object_class->set_property = cd_preflight_panel_set_property;
  widget_class->show = cd_preflight_panel_show;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, CD_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_PREFLIGHT_ITEM | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
cd_preflight_panel_init (CdPreflightPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Pre-flight"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clear = adw_status_page_new ();

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::house-style",
                           G_CALLBACK (story_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_margin_start (title, 6);
  gtk_box_append (GTK_BOX (box), title);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pre-flight items"),
                                  -1);
  g_signal_connect_object (self->list, "row-activated",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 480);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (clear), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (clear), _("Ready to Go"));
  adw_status_page_set_description (ADW_STATUS_PAGE (clear), _("The pre-flight checks found nothing."));
  gtk_widget_add_css_class (clear, "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_add_named (self->stack, scroller, "items");
  gtk_stack_add_named (self->stack, clear, "clear");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  gtk_widget_set_size_request (box, 420, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);
}

GtkWidget *
cd_preflight_panel_new (void)
{
  return g_object_new (CD_TYPE_PREFLIGHT_PANEL, NULL);
}

void
cd_preflight_panel_set_article (CdPreflightPanel *self,
                                CdArticle        *article)
{
  g_return_if_fail (CD_IS_PREFLIGHT_PANEL (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_set_object (&self->article, article);

  if (article != NULL)
    {
      g_signal_connect_object (article, "field-changed", G_CALLBACK (story_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "block-changed", G_CALLBACK (story_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                               G_CALLBACK (story_changed_cb), self, G_CONNECT_SWAPPED);
    }

  /* Another story is checked in a turn of the main loop of its own,
   * before the next frame: not in the one that shows it. */
  g_clear_handle_id (&self->recheck_id, g_source_remove);
  self->recheck_id = g_idle_add_full (FIRST_CHECK_PRIORITY, recheck_cb, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

guint
cd_preflight_panel_get_n_items (CdPreflightPanel *self)
{
  g_return_val_if_fail (CD_IS_PREFLIGHT_PANEL (self), 0);

  return self->items != NULL ? self->items->len : 0;
}

guint
cd_preflight_panel_get_n_errors (CdPreflightPanel *self)
{
  g_return_val_if_fail (CD_IS_PREFLIGHT_PANEL (self), 0);

  return self->n_errors;
}

GtkListBox *
cd_preflight_panel_get_list (CdPreflightPanel *self)
{
  g_return_val_if_fail (CD_IS_PREFLIGHT_PANEL (self), NULL);

  return self->list;
}

/* The question */

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_boolean (task, g_str_equal (response, "anyway"));
}

gboolean
cd_preflight_confirm_async (GtkWindow           *parent,
                            GPtrArray           *items,
                            const char          *heading,
                            const char          *anyway,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GTask *task;
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (items->len == 0)
    return TRUE;

  for (guint i = 0; i < items->len && i < CONFIRM_MAX_LISTED; i++)
    {
      CdPreflightItem *item = g_ptr_array_index (items, i);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append_printf (body, "• %s", item->message);
    }
  if (items->len > CONFIRM_MAX_LISTED)
    {
      guint more = items->len - CONFIRM_MAX_LISTED;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more), more);
    }

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, cd_preflight_confirm_async);

  dialog = adw_message_dialog_new (parent, heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "anyway", anyway,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "anyway",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));

  return FALSE;
}

gboolean
cd_preflight_confirm_finish (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), NULL);
}
