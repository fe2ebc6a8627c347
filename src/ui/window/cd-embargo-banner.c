/* cd-embargo-banner.c: the embargo, above the story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-embargo-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-embargo-banner.h"

struct _CdEmbargoBanner
{
  CdArticleWidget  parent_instance;

  GtkRevealer     *revealer;
  GtkLabel        *label;
  char            *text;
  /* Hides the banner when the embargo ends with the story open. */
  guint            end_id;
};

G_DEFINE_FINAL_TYPE (CdEmbargoBanner, cd_embargo_banner, CD_TYPE_ARTICLE_WIDGET)

char *
cd_embargo_describe (const char *embargo)
{
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (embargo == NULL || embargo[0] == '\0')
    return NULL;

  until = g_date_time_new_from_iso8601 (embargo, NULL);
  now = g_date_time_new_now_utc ();
  if (until == NULL || g_date_time_compare (until, now) <= 0)
    return NULL;

  local = g_date_time_to_local (until);
  /* Translators: the embargo's date and time in the user's time zone, a
   * g_date_time_format() format: "Tuesday 14 May 2024, 14:00 CEST" */
  when = g_date_time_format (local, C_("embargo", "%A %-d %B %Y, %H:%M %Z"));

  /* Translators: %s is a date and time */
  return g_strdup_printf (_("Embargoed until %s"), when);
}

static void update (CdEmbargoBanner *self);

static gboolean
end_cb (gpointer user_data)
{
  CdEmbargoBanner *self = user_data;

  self->end_id = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

static void
update (CdEmbargoBanner *self)
{
  CdArticle *article = cd_article_widget_get_article (CD_ARTICLE_WIDGET (self));
  const char *embargo = article != NULL ? cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO) : NULL;

  g_clear_pointer (&self->text, g_free);
  g_clear_handle_id (&self->end_id, g_source_remove);

  self->text = cd_embargo_describe (embargo);
  if (self->text != NULL)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (embargo, NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan left = g_date_time_difference (until, now) / G_TIME_SPAN_SECOND + 1;

      gtk_label_set_label (self->label, self->text);
      if (left < G_MAXUINT)
        self->end_id = g_timeout_add_seconds ((guint) left, end_cb, self);
    }

  gtk_revealer_set_reveal_child (self->revealer, self->text != NULL);
}

static void
cd_embargo_banner_article_changed (CdArticleWidget *widget)
{
  update (CD_EMBARGO_BANNER (widget));
}

static void
cd_embargo_banner_dispose (GObject *object)
{
  CdEmbargoBanner *self = CD_EMBARGO_BANNER (object);

  cd_embargo_banner_set_article (self, NULL);
  g_clear_handle_id (&self->end_id, g_source_remove);
  g_clear_pointer (&self->text, g_free);
  if (self->revealer != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->revealer));
  self->revealer = NULL;

  G_OBJECT_CLASS (cd_embargo_banner_parent_class)->dispose (object);
}

static void
cd_embargo_banner_class_init (CdEmbargoBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_embargo_banner_dispose;
  CD_ARTICLE_WIDGET_CLASS (klass)->article_changed = cd_embargo_banner_article_changed;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "embargobanner");
}

static void
cd_embargo_banner_init (CdEmbargoBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Embargo"),
                                  -1);

  gtk_widget_add_css_class (box, "embargo-banner");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->revealer, box);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  cd_article_widget_connect (CD_ARTICLE_WIDGET (self), "field-changed::embargo", G_CALLBACK (update));
}

GtkWidget *
cd_embargo_banner_new (void)
{
  return g_object_new (CD_TYPE_EMBARGO_BANNER, NULL);
}

void
cd_embargo_banner_set_article (CdEmbargoBanner *self,
                               CdArticle       *article)
{
  g_return_if_fail (CD_IS_EMBARGO_BANNER (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));

  cd_article_widget_set_article (CD_ARTICLE_WIDGET (self), article);
}

const char *
cd_embargo_banner_get_text (CdEmbargoBanner *self)
{
  g_return_val_if_fail (CD_IS_EMBARGO_BANNER (self), NULL);

  return self->text;
}
