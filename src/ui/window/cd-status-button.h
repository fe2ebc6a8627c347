/* cd-status-button.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cd-article-widget.h"

G_BEGIN_DECLS

#define CD_TYPE_STATUS_BUTTON (cd_status_button_get_type ())

G_DECLARE_FINAL_TYPE (CdStatusButton, cd_status_button, CD, STATUS_BUTTON, CdArticleWidget)

/* The story's status (draft, edit, approved, published) in the header
 * bar: a menu button naming it, whose menu changes it through the
 * stateful action status.set (s). The "status" property follows the
 * story; setting it asks first when the story would be published under
 * embargo or with pre-flight errors (cd_status_request()). */

GtkWidget    *cd_status_button_new          (void);
void          cd_status_button_set_article  (CdStatusButton *self,
                                             CdArticle      *article);
const char   *cd_status_button_get_status   (CdStatusButton *self);
void          cd_status_button_set_status   (CdStatusButton *self,
                                             const char     *status);

/* The name a reader sees for @status ("Draft"…), translated. */
const char   *cd_status_get_label           (const char     *status);

typedef void (*CdStatusDone) (gpointer user_data);

/* Sets @article's status to @status, asking first (a dialog above
 * @widget's window that names the reasons) when @status is "published"
 * and the story is under embargo or has pre-flight errors. @done, if
 * set, runs once the story has its final status, changed or not; it
 * holds a reference on @user_data, a GObject, until then. */
void          cd_status_request             (GtkWidget      *widget,
                                             CdArticle      *article,
                                             const char     *status,
                                             CdStatusDone    done,
                                             gpointer        user_data);

G_END_DECLS
