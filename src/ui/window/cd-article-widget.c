/* cd-article-widget.c: a part of the window that follows the story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-article-widget"

#include "config.h"

#include "cd-article-widget.h"

typedef struct
{
  CdArticle    *article;
  /* The subclass's handlers of the story's signals. */
  GSignalGroup *signals;
} CdArticleWidgetPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CdArticleWidget, cd_article_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CdArticle *
cd_article_widget_get_article (CdArticleWidget *self)
{
  CdArticleWidgetPrivate *priv = cd_article_widget_get_instance_private (self);

  g_return_val_if_fail (CD_IS_ARTICLE_WIDGET (self), NULL);

  return priv->article;
}

void
cd_article_widget_set_article (CdArticleWidget *self,
                               CdArticle       *article)
{
  CdArticleWidgetPrivate *priv = cd_article_widget_get_instance_private (self);

  g_return_if_fail (CD_IS_ARTICLE_WIDGET (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));

  if (!g_set_object (&priv->article, article))
    return;

  g_signal_group_set_target (priv->signals, article);
  if (CD_ARTICLE_WIDGET_GET_CLASS (self)->article_changed != NULL)
    CD_ARTICLE_WIDGET_GET_CLASS (self)->article_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

void
cd_article_widget_connect (CdArticleWidget *self,
                           const char      *detailed_signal,
                           GCallback        callback)
{
  CdArticleWidgetPrivate *priv = cd_article_widget_get_instance_private (self);

  g_return_if_fail (CD_IS_ARTICLE_WIDGET (self));

  g_signal_group_connect_object (priv->signals, detailed_signal, callback, self, G_CONNECT_SWAPPED);
}

static void
cd_article_widget_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdArticleWidget *self = CD_ARTICLE_WIDGET (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, cd_article_widget_get_article (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_article_widget_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CdArticleWidget *self = CD_ARTICLE_WIDGET (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      cd_article_widget_set_article (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_article_widget_dispose (GObject *object)
{
  CdArticleWidget *self = CD_ARTICLE_WIDGET (object);
  CdArticleWidgetPrivate *priv = cd_article_widget_get_instance_private (self);

  if (priv->signals != NULL)
    g_signal_group_set_target (priv->signals, NULL);
  g_clear_object (&priv->article);

  G_OBJECT_CLASS (cd_article_widget_parent_class)->dispose (object);
}

static void
cd_article_widget_finalize (GObject *object)
{
  CdArticleWidget *self = CD_ARTICLE_WIDGET (object);
  CdArticleWidgetPrivate *priv = cd_article_widget_get_instance_private (self);

  g_clear_object (&priv->signals);

  G_OBJECT_CLASS (cd_article_widget_parent_class)->finalize (object);
}

static void
cd_article_widget_class_init (CdArticleWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_article_widget_dispose;
  object_class->finalize = cd_article_widget_finalize;
  object_class->get_property = cd_article_widget_get_property;
  object_class->set_property = cd_article_widget_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, CD_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_article_widget_init (CdArticleWidget *self)
{
  CdArticleWidgetPrivate *priv = cd_article_widget_get_instance_private (self);

  priv->signals = g_signal_group_new (CD_TYPE_ARTICLE);
}
