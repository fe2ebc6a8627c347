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

  /* The band of the view, in its own coordinates, that the last frame
   * drew; empty before the first. */
  int         drawn_top;
  int         drawn_bottom;
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

/* The part of the view the story column shows, in the view's own
 * coordinates: the view does not scroll itself, so its own visible
 * rectangle is all of it. FALSE when it is not in a scrolled column. */
static gboolean
shown_range (GtkWidget *widget,
             int       *top,
             int       *bottom)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  graphene_point_t point;

  if (viewport == NULL ||
      !gtk_widget_compute_point (viewport, widget, &GRAPHENE_POINT_INIT (0, 0), &point))
    return FALSE;

  *top = (int) point.y;
  *bottom = *top + gtk_widget_get_height (viewport);
  return TRUE;
}

/* What a frame draws: the part shown and a screen either side, so that
 * scrolling by less than a screen needs no new drawing of the text. */
static gboolean
drawn_band (GtkWidget *widget,
            int       *top,
            int       *bottom)
{
  int page;

  if (!shown_range (widget, top, bottom))
    return FALSE;

  page = *bottom - *top;
  *top -= page;
  *bottom += page;
  return TRUE;
}

/* @node less what lies wholly outside @band (in @node's coordinates).
 * GTK's Cairo renderer draws every node of a frame, clipped or not: a
 * long story's every line and every row were drawn for each key. */
static GskRenderNode *
cull_node (GskRenderNode         *node,
           const graphene_rect_t *band)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      {
        guint n = gsk_container_node_get_n_children (node);
        g_autoptr(GPtrArray) kept = g_ptr_array_new_full (n, (GDestroyNotify) gsk_render_node_unref);
        gboolean changed = FALSE;

        for (guint i = 0; i < n; i++)
          {
            GskRenderNode *child = gsk_container_node_get_child (node, i);
            GskRenderNode *culled;
            graphene_rect_t bounds;

            gsk_render_node_get_bounds (child, &bounds);
            if (!graphene_rect_intersection (&bounds, band, NULL))
              {
                changed = TRUE;
                continue;
              }

            culled = cull_node (child, band);
            changed = changed || culled != child;
            g_ptr_array_add (kept, culled);
          }

        if (!changed)
          return gsk_render_node_ref (node);
        return gsk_container_node_new ((GskRenderNode **) kept->pdata, kept->len);
      }

    case GSK_TRANSFORM_NODE:
      {
        GskTransform *transform = gsk_transform_node_get_transform (node);
        GskRenderNode *child = gsk_transform_node_get_child (node);
        g_autoptr(GskRenderNode) culled = NULL;
        graphene_rect_t moved;
        float dx;
        float dy;

        if (gsk_transform_get_category (transform) < GSK_TRANSFORM_CATEGORY_2D_TRANSLATE)
          return gsk_render_node_ref (node);

        gsk_transform_to_translate (transform, &dx, &dy);
        graphene_rect_offset_r (band, -dx, -dy, &moved);
        culled = cull_node (child, &moved);
        if (culled == child)
          return gsk_render_node_ref (node);
        return gsk_transform_node_new (culled, transform);
      }

    case GSK_CLIP_NODE:
      {
        GskRenderNode *child = gsk_clip_node_get_child (node);
        g_autoptr(GskRenderNode) culled = cull_node (child, band);

        if (culled == child)
          return gsk_render_node_ref (node);
        return gsk_clip_node_new (culled, gsk_clip_node_get_clip (node));
      }

    default:
      return gsk_render_node_ref (node);
    }
}

static void
cd_body_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CdBodyView *self = CD_BODY_VIEW (widget);
  GtkSnapshot *whole = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderNode) culled = NULL;
  int top;
  int bottom;

  GTK_WIDGET_CLASS (cd_body_view_parent_class)->snapshot (widget, whole);
  node = gtk_snapshot_free_to_node (whole);
  if (node == NULL)
    return;

  if (!drawn_band (widget, &top, &bottom))
    {
      self->drawn_top = self->drawn_bottom = 0;
      gtk_snapshot_append_node (snapshot, node);
      return;
    }

  self->drawn_top = top;
  self->drawn_bottom = bottom;
  /* Left and right are not culled: nothing sits beside the column. */
  culled = cull_node (node, &GRAPHENE_RECT_INIT (-G_MAXINT16, top, 2 * G_MAXINT16, bottom - top));
  gtk_snapshot_append_node (snapshot, culled);
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
  if (drawn_band (widget, &top, &bottom))
    {
      int x;

      gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_WIDGET, 0, top, &x, &top);
      gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_WIDGET, 0, bottom, &x, &bottom);
    }
  else
    {
      GdkRectangle visible;

      gtk_text_view_get_visible_rect (text_view, &visible);
      top = visible.y;
      bottom = visible.y + visible.height;
    }

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

  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = cd_body_view_snapshot;
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

void
cd_body_view_update_culling (CdBodyView *self)
{
  int top;
  int bottom;

  g_return_if_fail (CD_IS_BODY_VIEW (self));

  if (self->drawn_bottom > self->drawn_top &&
      shown_range (GTK_WIDGET (self), &top, &bottom) &&
      (top < self->drawn_top || bottom > self->drawn_bottom))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
