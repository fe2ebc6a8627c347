/* cd-article-widget.h: a part of the window that follows the story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

#define CD_TYPE_ARTICLE_WIDGET (cd_article_widget_get_type ())

G_DECLARE_DERIVABLE_TYPE (CdArticleWidget, cd_article_widget, CD, ARTICLE_WIDGET, GtkWidget)

/* The one way the window's panels follow its story: the window binds
 * their "article" property to its story session's, and each connects
 * to the story's signals once, in its init, with
 * cd_article_widget_connect (); those handlers move with the property
 * from one story to the next. Its "article-changed" vfunc then shows the
 * story now given (NULL: none). */
struct _CdArticleWidgetClass
{
  GtkWidgetClass parent_class;

  void (*article_changed) (CdArticleWidget *self);
};

CdArticle  *cd_article_widget_get_article  (CdArticleWidget *self);
void        cd_article_widget_set_article  (CdArticleWidget *self,
                                            CdArticle       *article);
/* Calls @callback with the widget (swapped) for @detailed_signal of
 * whichever story the widget shows. */
void        cd_article_widget_connect      (CdArticleWidget *self,
                                            const char      *detailed_signal,
                                            GCallback        callback);

G_END_DECLS
