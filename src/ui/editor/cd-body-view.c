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

/* The part of the view the story column shows: the view does not scroll
 * itself, so its own visible rectangle is all of it. */
static void
shown_range (GtkTextView *view,
             int         *top,
             int         *bottom)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_VIEWPORT);
  GdkRectangle visible;
  graphene_point_t point;

  gtk_text_view_get_visible_rect (view, &visible);
  *top = visible.y;
  *bottom = visible.y + visible.height;

  if (viewport != NULL &&
      gtk_widget_compute_point (viewport, GTK_WIDGET (view), &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      int x;
      int y;

      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, point.y, &x, &y);
      *top = MAX (*top, y);
      *bottom = MIN (*bottom, y + gtk_widget_get_height (viewport));
    }
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
  GtkTextIter iter;
  int top;
  int bottom;
  int line_top;

  if (GTK_TEXT_VIEW_CLASS (cd_body_view_parent_class)->snapshot_layer != NULL)
    GTK_TEXT_VIEW_CLASS (cd_body_view_parent_class)->snapshot_layer (text_view, layer, snapshot);

  if (layer != GTK_TEXT_VIEW_LAYER_BELOW_TEXT || list == NULL)
    return;

  get_foreground (widget, &color);
  color.alpha *= 0.75;
  shown_range (text_view, &top, &bottom);

  gtk_text_view_get_line_at_y (text_view, &iter, top, &line_top);
  do
    {
      GdkRectangle location;
      g_autofree char *marker = NULL;

      if (!gtk_text_iter_has_tag (&iter, list))
        continue;

      gtk_text_view_get_iter_location (text_view, &iter, &location);
      if (location.y > bottom)
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
