/* cd-body-view.c: the text view of a story's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-body-view"

#include "config.h"

#include "cd-body-view.h"

#define BULLET_GAP 10

struct _CdBodyView
{
  GtkTextView parent_instance;
};

G_DEFINE_FINAL_TYPE (CdBodyView, cd_body_view, GTK_TYPE_TEXT_VIEW)

static void
get_foreground (GtkWidget *widget,
                GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static void
draw_marker (GtkWidget     *widget,
             GtkSnapshot   *snapshot,
             const char    *text,
             int            right,
             int            y,
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (right - width, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
cd_body_view_snapshot_layer (GtkTextView      *text_view,
                             GtkTextViewLayer  layer,
                             GtkSnapshot      *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (text_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *list = gtk_text_tag_table_lookup (table, CD_BODY_VIEW_LIST_TAG);
  GtkTextTag *ordered = gtk_text_tag_table_lookup (table, CD_BODY_VIEW_ORDERED_TAG);
  GdkRGBA color;
  GdkRectangle visible;
  GtkTextIter iter;
  int line_top;

  if (GTK_TEXT_VIEW_CLASS (cd_body_view_parent_class)->snapshot_layer != NULL)
    GTK_TEXT_VIEW_CLASS (cd_body_view_parent_class)->snapshot_layer (text_view, layer, snapshot);

  if (layer != GTK_TEXT_VIEW_LAYER_BELOW_TEXT || list == NULL)
    return;

  get_foreground (widget, &color);
  color.alpha *= 0.75;
  /* The view is given the part of the story shown, and only that. */
  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_line_at_y (text_view, &iter, visible.y, &line_top);
  do
    {
      GdkRectangle location;
      g_autofree char *marker = NULL;

      if (!gtk_text_iter_has_tag (&iter, list))
        continue;

      gtk_text_view_get_iter_location (text_view, &iter, &location);
      if (location.y > visible.y + visible.height)
        break;

      if (ordered != NULL && gtk_text_iter_has_tag (&iter, ordered))
        {
          GtkTextIter previous = iter;
          int number = 1;

          /* Counted back to the start of the run of numbered lines. */
          while (gtk_text_iter_backward_line (&previous) && gtk_text_iter_has_tag (&previous, ordered))
            number++;
          marker = g_strdup_printf ("%d.", number);
        }
      else
        marker = g_strdup ("•");

      draw_marker (widget, snapshot, marker, location.x - BULLET_GAP, location.y, &color);
    }
  while (gtk_text_iter_forward_line (&iter));
}

static void
cd_body_view_class_init (CdBodyViewClass *klass)
{
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  text_view_class->snapshot_layer = cd_body_view_snapshot_layer;
}

static void
cd_body_view_init (CdBodyView *self)
{
}

GtkWidget *
cd_body_view_new (void)
{
  return g_object_new (CD_TYPE_BODY_VIEW, NULL);
}

/* Whether @anchor's line is on screen or within a screen of it in the
 * story column. */
gboolean
cd_body_view_anchor_is_near (CdBodyView         *self,
                             GtkTextChildAnchor *anchor)
{
  return cd_body_view_anchor_is_within (self, anchor, 1);
}

/* Whether @anchor's line is on screen or less than @pages screens above
 * or below it in the story column, by the text's own line heights: a
 * widget anchored far from the part of the body the view is given keeps
 * the place it was last put in until its line is laid out again. TRUE
 * when the view is not in a scrolled column. */
gboolean
cd_body_view_anchor_is_within (CdBodyView         *self,
                               GtkTextChildAnchor *anchor,
                               double              pages)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_VIEWPORT);
  GtkWidget *content = viewport != NULL ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
  GtkAdjustment *adjustment = viewport != NULL ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)) : NULL;
  GtkTextIter iter;
  graphene_point_t point;
  double top;
  double page;
  int y;
  int height;

  g_return_val_if_fail (CD_IS_BODY_VIEW (self), FALSE);
  g_return_val_if_fail (GTK_IS_TEXT_CHILD_ANCHOR (anchor), FALSE);

  if (gtk_text_child_anchor_get_deleted (anchor))
    return FALSE;
  if (content == NULL || adjustment == NULL)
    return TRUE;

  gtk_text_buffer_get_iter_at_child_anchor (gtk_text_view_get_buffer (view), &iter, anchor);
  gtk_text_view_get_line_yrange (view, &iter, &y, &height);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, y, NULL, &y);
  if (!gtk_widget_compute_point (GTK_WIDGET (self), content, &GRAPHENE_POINT_INIT (0, y), &point))
    return FALSE;

  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);

  return point.y < top + (1 + pages) * page && point.y + height > top - pages * page;
}
