/* cd-block-text-view.c: the text view of a block
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-text-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-block-text-view.h"

#define BULLET_GAP 10
#define LIST_MARGIN 30
#define PIXELS_INSIDE_WRAP 5
#define LIST_PIXELS_BELOW 5
#define TEXT_MARGIN 3

struct _CdBlockTextView
{
  GtkTextView  parent_instance;

  char        *placeholder;
  /* The width the lines were last laid out for, -1 before that. */
  int          laid_out_width;
  int          asked_height;
  guint        resize_idle;
  gboolean     needs_resize;
  guint        list : 1;
  guint        ordered : 1;
};

G_DEFINE_FINAL_TYPE (CdBlockTextView, cd_block_text_view, GTK_TYPE_TEXT_VIEW)

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
draw_text_at (GtkWidget     *widget,
              GtkSnapshot   *snapshot,
              const char    *text,
              int            right_or_left,
              int            y,
              gboolean       align_right,
              const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;
  int x = right_or_left;

  if (align_right)
    {
      pango_layout_get_pixel_size (layout, &width, NULL);
      x -= width;
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
cd_block_text_view_snapshot_layer (GtkTextView      *text_view,
                                   GtkTextViewLayer  layer,
                                   GtkSnapshot      *snapshot)
{
  CdBlockTextView *self = CD_BLOCK_TEXT_VIEW (text_view);
  GtkWidget *widget = GTK_WIDGET (text_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GdkRGBA color;
  GtkTextIter iter;
  GdkRectangle location;

  if (GTK_TEXT_VIEW_CLASS (cd_block_text_view_parent_class)->snapshot_layer != NULL)
    GTK_TEXT_VIEW_CLASS (cd_block_text_view_parent_class)->snapshot_layer (text_view, layer, snapshot);

  if (layer != GTK_TEXT_VIEW_LAYER_BELOW_TEXT)
    return;

  get_foreground (widget, &color);

  if (self->placeholder != NULL && gtk_text_buffer_get_char_count (buffer) == 0)
    {
      GdkRGBA dim = color;

      dim.alpha *= 0.45;
      gtk_text_buffer_get_start_iter (buffer, &iter);
      gtk_text_view_get_iter_location (text_view, &iter, &location);
      draw_text_at (widget, snapshot, self->placeholder, location.x, location.y, FALSE, &dim);
    }

  if (self->list)
    {
      int n_lines = gtk_text_buffer_get_line_count (buffer);
      GdkRGBA dim = color;

      dim.alpha *= 0.75;
      for (int line = 0; line < n_lines; line++)
        {
          g_autofree char *marker = NULL;

          gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
          gtk_text_view_get_iter_location (text_view, &iter, &location);
          marker = self->ordered ? g_strdup_printf ("%d.", line + 1) : g_strdup ("•");
          draw_text_at (widget, snapshot, marker, location.x - BULLET_GAP, location.y, TRUE, &dim);
        }
    }
}

/* GtkTextView sizes itself by the lines it has laid out, which it does
 * when it is allocated a new width; its request for the new size is lost
 * then, as it comes while the window is being laid out, so a long story
 * would open with its blocks squashed, to grow block by block over many
 * frames, the whole column laid out again each time. The view lays out
 * all its lines at once when its width changes (a paragraph is one line
 * of the buffer, a list one line per item) and tells whoever allocated
 * it, through cd_block_text_view_take_resize(), that it needs another
 * size; an idle asks for it should nobody take it. */
#define LAY_OUT_ALL_LINES (1 << 20)

static gboolean
resize_cb (gpointer data)
{
  CdBlockTextView *self = data;

  self->resize_idle = 0;
  if (cd_block_text_view_take_resize (self))
    gtk_widget_queue_resize (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
cd_block_text_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  CdBlockTextView *self = CD_BLOCK_TEXT_VIEW (widget);
  GtkWidgetClass *parent_class = GTK_WIDGET_CLASS (cd_block_text_view_parent_class);
  int minimum;
  int natural;
  int minimum_baseline;
  int natural_baseline;

  if (width != self->laid_out_width)
    {
      parent_class->size_allocate (widget, width, LAY_OUT_ALL_LINES, baseline);
      self->laid_out_width = width;
    }
  parent_class->size_allocate (widget, width, height, baseline);

  parent_class->measure (widget, GTK_ORIENTATION_VERTICAL, -1,
                         &minimum, &natural, &minimum_baseline, &natural_baseline);
  /* Asked once for each height, so a parent that gives another height
   * anyway is not asked again and again. */
  if (minimum == height)
    self->asked_height = -1;
  else if (minimum != self->asked_height)
    {
      self->asked_height = minimum;
      self->needs_resize = TRUE;
      if (self->resize_idle == 0)
        self->resize_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, resize_cb, self, NULL);
    }
}

static void
cd_block_text_view_dispose (GObject *object)
{
  CdBlockTextView *self = CD_BLOCK_TEXT_VIEW (object);

  g_clear_handle_id (&self->resize_idle, g_source_remove);

  G_OBJECT_CLASS (cd_block_text_view_parent_class)->dispose (object);
}

/* A GTK 4.8 text view places the input method's caret spot as it is
 * realized, laying out the caret's paragraph before the view has a width
 * and so breaking it after every character: in a long story that was
 * most of the start-up time. The view is realized showing an empty
 * buffer with the same tags, then gets its own buffer back, to be laid
 * out once, at its width. */
static void
cd_block_text_view_realize (GtkWidget *widget)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  g_autoptr(GtkTextBuffer) buffer = g_object_ref (gtk_text_view_get_buffer (view));
  g_autoptr(GtkTextBuffer) empty = gtk_text_buffer_new (gtk_text_buffer_get_tag_table (buffer));

  gtk_text_view_set_buffer (view, empty);
  GTK_WIDGET_CLASS (cd_block_text_view_parent_class)->realize (widget);
  gtk_text_view_set_buffer (view, buffer);
}

static void
cd_block_text_view_finalize (GObject *object)
{
  CdBlockTextView *self = CD_BLOCK_TEXT_VIEW (object);

  g_free (self->placeholder);

  G_OBJECT_CLASS (cd_block_text_view_parent_class)->finalize (object);
}

static void
cd_block_text_view_class_init (CdBlockTextViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = cd_block_text_view_dispose;
  object_class->finalize = cd_block_text_view_finalize;
  widget_class->realize = cd_block_text_view_realize;
  widget_class->size_allocate = cd_block_text_view_size_allocate;
  text_view_class->snapshot_layer = cd_block_text_view_snapshot_layer;
}

static void
cd_block_text_view_init (CdBlockTextView *self)
{
  self->laid_out_width = -1;
  self->asked_height = -1;
}

GtkWidget *
cd_block_text_view_new (const char *placeholder,
                        gboolean    list)
{
  CdBlockTextView *self = g_object_new (CD_TYPE_BLOCK_TEXT_VIEW, NULL);
  GtkTextView *view = GTK_TEXT_VIEW (self);

  self->placeholder = g_strdup (placeholder);
  self->list = list;

  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (view, FALSE);
  gtk_text_view_set_pixels_inside_wrap (view, PIXELS_INSIDE_WRAP);
  gtk_text_view_set_top_margin (view, TEXT_MARGIN);
  gtk_text_view_set_bottom_margin (view, TEXT_MARGIN);
  if (list)
    {
      gtk_text_view_set_left_margin (view, LIST_MARGIN);
      gtk_text_view_set_pixels_below_lines (view, LIST_PIXELS_BELOW);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self), "block-text");
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  return GTK_WIDGET (self);
}

gboolean
cd_block_text_view_take_resize (CdBlockTextView *self)
{
  gboolean needs_resize;

  g_return_val_if_fail (CD_IS_BLOCK_TEXT_VIEW (self), FALSE);

  needs_resize = self->needs_resize;
  self->needs_resize = FALSE;

  return needs_resize;
}

void
cd_block_text_view_set_ordered (CdBlockTextView *self,
                                gboolean         ordered)
{
  g_return_if_fail (CD_IS_BLOCK_TEXT_VIEW (self));

  if (self->ordered == !!ordered)
    return;

  self->ordered = !!ordered;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
