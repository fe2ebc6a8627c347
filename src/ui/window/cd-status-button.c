/* cd-status-button.c: the story's status in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-status-button"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-preflight-panel.h"
#include "cd-status-button.h"

#define PUBLISHED "published"

struct _CdStatusButton
{
  CdArticleWidget  parent_instance;

  GtkMenuButton   *button;
};

G_DEFINE_FINAL_TYPE (CdStatusButton, cd_status_button, CD_TYPE_ARTICLE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *status;
  const char *label;
} statuses[] = {
  /* Translators: Story status */
  { "draft", N_("Draft") },
  /* Translators: Story status: with the editors */
  { "edit", N_("Edit") },
  /* Translators: Story status */
  { "approved", N_("Approved") },
  /* Translators: Story status */
  { PUBLISHED, N_("Published") },
};

const char *
cd_status_get_label (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_strcmp0 (status, statuses[i].status) == 0)
        return _(statuses[i].label);
    }

  return _(statuses[0].label);
}

/* Asking before publishing */

typedef struct
{
  CdArticle    *article;
  char         *status;
  CdStatusDone  done;
  GObject      *data;
} Request;

static void
request_finish (Request  *request,
                gboolean  apply)
{
  if (apply)
    cd_article_set_field (request->article, CD_ARTICLE_FIELD_STATUS, request->status);
  if (request->done != NULL)
    request->done (request->data);

  g_clear_object (&request->article);
  g_clear_object (&request->data);
  g_free (request->status);
  g_free (request);
}

static void
publish_confirmed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  request_finish (user_data, cd_preflight_confirm_finish (result));
}

void
cd_status_request (GtkWidget    *widget,
                   CdArticle    *article,
                   const char   *status,
                   CdStatusDone  done,
                   gpointer      user_data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  Request *request;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (cd_article_status_is_valid (status));
  g_return_if_fail (user_data == NULL || G_IS_OBJECT (user_data));

  request = g_new0 (Request, 1);
  request->article = g_object_ref (article);
  request->status = g_strdup (status);
  request->done = done;
  request->data = user_data != NULL ? g_object_ref (user_data) : NULL;

  root = gtk_widget_get_root (widget);
  if (!g_str_equal (status, PUBLISHED) ||
      g_strcmp0 (cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS), PUBLISHED) == 0 ||
      !GTK_IS_WINDOW (root))
    {
      request_finish (request, TRUE);
      return;
    }

  /* Only errors stop a story going out: an embargo still running, a
   * placeholder, a photo without alt text. The question names them. */
  items = cd_preflight_check_story (article);
  errors = g_ptr_array_new ();
  for (guint i = 0; i < items->len; i++)
    {
      CdPreflightItem *item = g_ptr_array_index (items, i);

      if (item->severity == CD_PREFLIGHT_ERROR)
        g_ptr_array_add (errors, item);
    }

  if (cd_preflight_confirm_async (GTK_WINDOW (root), errors,
                                  _("Publish Despite Pre-flight Errors?"),
                                  _("_Publish Anyway"),
                                  publish_confirmed_cb, request))
    request_finish (request, TRUE);
}

/* The button */

static void
update_label (CdStatusButton *self)
{
  const char *status = cd_status_button_get_status (self);
  g_autofree char *label = NULL;

  /* "Edit" alone would read as an Edit menu. */
  /* Translators: the status button in the header bar; %s is the status */
  label = g_strdup_printf (_("Status: %s"), cd_status_get_label (status));
  gtk_menu_button_set_label (self->button, label);

  if (g_strcmp0 (status, PUBLISHED) == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "success");
}

static void
status_changed_cb (CdStatusButton *self)
{
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
cd_status_button_article_changed (CdArticleWidget *widget)
{
  CdStatusButton *self = CD_STATUS_BUTTON (widget);

  gtk_widget_set_sensitive (GTK_WIDGET (self), cd_article_widget_get_article (widget) != NULL);
  status_changed_cb (self);
}

static void
cd_status_button_dispose (GObject *object)
{
  CdStatusButton *self = CD_STATUS_BUTTON (object);

  cd_status_button_set_article (self, NULL);
  if (self->button != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->button));
  self->button = NULL;

  G_OBJECT_CLASS (cd_status_button_parent_class)->dispose (object);
}

static void
cd_status_button_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdStatusButton *self = CD_STATUS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, cd_status_button_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_status_button_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CdStatusButton *self = CD_STATUS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      cd_status_button_set_status (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_status_button_class_init (CdStatusButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_status_button_dispose;
  object_class->get_property = cd_status_button_get_property;
  object_class->set_property = cd_status_button_set_property;
  CD_ARTICLE_WIDGET_CLASS (klass)->article_changed = cd_status_button_article_changed;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "draft",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "status.set", "status");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cd_status_button_init (CdStatusButton *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(statuses[i].label), NULL);

      g_menu_item_set_action_and_target (item, "status.set", "s", statuses[i].status);
      g_menu_append_item (menu, item);
    }

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_menu_model (self->button, G_MENU_MODEL (menu));
  gtk_menu_button_set_always_show_arrow (self->button, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status"),
                                  -1);
  update_label (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);

  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::status", G_CALLBACK (status_changed_cb));
}

GtkWidget *
cd_status_button_new (void)
{
  return g_object_new (CD_TYPE_STATUS_BUTTON, NULL);
}

void
cd_status_button_set_article (CdStatusButton *self,
                              CdArticle      *article)
{
  g_return_if_fail (CD_IS_STATUS_BUTTON (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));

  cd_article_widget_set_article (CD_ARTICLE_WIDGET (self), article);
}

const char *
cd_status_button_get_status (CdStatusButton *self)
{
  CdArticle *article;
  const char *status;

  g_return_val_if_fail (CD_IS_STATUS_BUTTON (self), NULL);

  article = cd_article_widget_get_article (CD_ARTICLE_WIDGET (self));
  status = article != NULL ? cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS) : NULL;

  return cd_article_status_is_valid (status) ? status : "draft";
}

static void
request_done_cb (gpointer user_data)
{
  CdStatusButton *self = user_data;

  /* A refused change leaves the menu's radio item where it was. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
cd_status_button_set_status (CdStatusButton *self,
                             const char     *status)
{
  CdArticle *article;

  g_return_if_fail (CD_IS_STATUS_BUTTON (self));

  article = cd_article_widget_get_article (CD_ARTICLE_WIDGET (self));
  if (article == NULL || !cd_article_status_is_valid (status) ||
      g_strcmp0 (status, cd_status_button_get_status (self)) == 0)
    return;

  cd_status_request (GTK_WIDGET (self), article, status, request_done_cb, self);
}
