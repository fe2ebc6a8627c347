/* cd-block-editor.c: the body of a story, edited as one text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cd-accessible.h"
#include "cd-block-editor-private.h"
#include "cd-smart-typing.h"
#include "cd-body-view.h"
#include "cd-menu-button.h"

G_DEFINE_FINAL_TYPE (CdBlockEditor, cd_block_editor, GTK_TYPE_WIDGET)

enum {
  BLOCK_FOCUSED,
  ROW_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SELECTION_WORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The text view spans the column; photos and embeds fill its width. */
#define OBJECT_MARGIN 4
/* The narrowest the body asks to be. */
#define MIN_WIDTH 240
/* The quote styles' left margin. */
#define ATTRIBUTION_INDENT 28

static const char editor_css[] =
  "blockeditor { padding-bottom: 18px; }\n"
  "blockeditor textview.story-body, blockeditor textview.story-body > text {"
  "  background: none; }\n"
  "blockeditor textview.story-body { font-size: 1.12em; }\n"
  "blockeditor .body-object { font-size: 0.893em; }\n"
  "blockeditor blockrow.block-figure .block-content,"
  "blockeditor blockrow.block-embed .block-content {"
  "  border-radius: 8px; padding: 10px;"
  "  background-color: alpha(currentColor, 0.045); }\n"
  "blockeditor .block-thumbnail { border-radius: 6px; }\n"
  "blockeditor .field-label { font-size: 0.88em; }\n"
  "blockeditor .caption-entry { font-size: 0.92em; }\n"
  "blockeditor blockrow.block-divider .block-content { padding: 14px 0; }\n"
  "blockeditor .block-menu-button { opacity: 0.45; }\n"
  "blockeditor blockrow:hover .block-menu-button,"
  "blockeditor blockrow:focus-within .block-menu-button { opacity: 1; }\n"
  "blockeditor .block-message { font-size: 0.92em; }\n";

static const struct {
  CdBlockType  type;
  const char  *label;
} insert_labels[] = {
  { CD_BLOCK_PARAGRAPH, N_("Paragraph") },
  { CD_BLOCK_HEADING, N_("Subheading") },
  { CD_BLOCK_QUOTE, N_("Quote") },
  { CD_BLOCK_PULLQUOTE, N_("Pull Quote") },
  { CD_BLOCK_LIST, N_("List") },
  { CD_BLOCK_FIGURE, N_("Photo") },
  { CD_BLOCK_EMBED, N_("Social Post or Link") },
  { CD_BLOCK_DIVIDER, N_("Divider") },
};

static void
items_changed_cb (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  CdBlockEditor *self)
{
  _cd_block_editor_items_changed (self, position, removed, added);
}

static void
disconnect_article (CdBlockEditor *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  self->model = NULL;
}

static void
set_holder_width (GtkWidget *holder,
                  int        width)
{
  if (holder == NULL ||
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (holder), HOLDER_WIDTH_KEY)) == width)
    return;

  g_object_set_data (G_OBJECT (holder), HOLDER_WIDTH_KEY, GINT_TO_POINTER (width));
  gtk_widget_queue_resize (holder);
}

/* Photos and embeds are as wide as the text. */
static void
update_object_widths (CdBlockEditor *self)
{
  GHashTableIter iter;
  gpointer row;
  int width = gtk_widget_get_width (self->view);

  if (width <= 0)
    return;
  width = MAX (1, width - gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self->view)) -
                  gtk_text_view_get_right_margin (GTK_TEXT_VIEW (self->view)) - OBJECT_MARGIN);

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    set_holder_width (gtk_widget_get_parent (row), width);
  for (guint i = 0; i < self->let_go->len; i++)
    set_holder_width (g_ptr_array_index (self->let_go, i), width);
  /* An attribution sits under its quote's indented text. */
  g_hash_table_iter_init (&iter, self->attributions);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    set_holder_width (gtk_widget_get_parent (row), MAX (1, width - ATTRIBUTION_INDENT));
}

static gboolean
update_widths_cb (gpointer data)
{
  CdBlockEditor *self = data;

  self->widths_id = 0;
  update_object_widths (self);

  return G_SOURCE_REMOVE;
}

void
_cd_block_editor_emit_row_added (CdBlockEditor *self,
                                 CdBlockRow    *row)
{
  g_signal_emit (self, signals[ROW_ADDED], 0, row);
}

void
_cd_block_editor_queue_widths (CdBlockEditor *self)
{
  if (self->widths_id == 0)
    self->widths_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_widths_cb, self, NULL);
}

#define BOX_SPACING 6

static void
cd_block_editor_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  int view_minimum;
  int view_natural;

  gtk_widget_measure (self->view, orientation, for_size, &view_minimum, &view_natural, NULL, NULL);
  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* The body is as tall as its text, whatever part of it is shown. */
      *minimum += view_natural + BOX_SPACING;
      *natural += view_natural + BOX_SPACING;
    }
  else
    {
      *minimum = MAX (*minimum, view_minimum);
      *natural = MAX (*natural, view_natural);
      /* Photos and embeds are as wide as the text was when last laid
       * out; their width must not hold the column wider when it
       * narrows, so it does not count: they follow the new width
       * right after. */
      *minimum = MIN (*minimum, MIN_WIDTH);
    }
  *minimum_baseline = -1;
  *natural_baseline = -1;
}

/* The part of the editor the story column shows, in the editor's
 * coordinates, read from the column's scrolling: between a scroll and
 * the next layout that is ahead of where the column's content was put.
 * FALSE outside a scrolled column. */
static gboolean
shown_part (CdBlockEditor *self,
            int           *top,
            int           *bottom)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_VIEWPORT);
  GtkWidget *content = viewport != NULL ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
  GtkAdjustment *adjustment = viewport != NULL ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)) : NULL;
  graphene_point_t origin;

  if (content == NULL || adjustment == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self), content, &GRAPHENE_POINT_INIT (0, 0), &origin))
    return FALSE;

  *top = (int) floor (gtk_adjustment_get_value (adjustment) - origin.y);
  *bottom = *top + (int) ceil (gtk_adjustment_get_page_size (adjustment));
  return TRUE;
}

/* The body view is as tall as the story but is given only the part of
 * itself the story column shows (its band), scrolled to that part: a
 * text view lays out and draws what it is given, and GTK's text view,
 * given all of a long story, laid out and drew every line for each key
 * (its cache of laid-out lines holds 250 of them). */
static void
get_band (CdBlockEditor *self,
          int            height,
          int           *top,
          int           *bottom)
{
  if (!shown_part (self, top, bottom))
    {
      *top = 0;
      *bottom = height;
    }
  *top = CLAMP (*top, 0, MAX (0, height - 1));
  *bottom = CLAMP (*bottom, *top + 1, MAX (*top + 1, height));
}

static void
scroll_view_to_band (CdBlockEditor *self,
                     int            top)
{
  self->band_top = top;
  self->setting_band = TRUE;
  gtk_adjustment_set_value (self->view_adjustment, top);
  self->setting_band = FALSE;
}

static void
allocate_band (CdBlockEditor *self,
               int            width,
               int            height)
{
  int top;
  int bottom;

  get_band (self, height, &top, &bottom);
  /* Rows held back while the reporter types may be near the band now. */
  if (top != self->band_top || bottom != self->band_bottom)
    _cd_block_editor_wake_held (self);
  self->band_top = top;
  self->band_bottom = bottom;
  self->setting_band = TRUE;
  gtk_adjustment_configure (self->view_adjustment, top, 0, height, 40, bottom - top, bottom - top);
  self->setting_band = FALSE;
  gtk_widget_allocate (self->view, width, bottom - top, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, top)));
}

static gboolean move_band_cb (GtkWidget     *widget,
                              GdkFrameClock *clock,
                              gpointer       user_data);

/* The band is moved, and the body laid out again, in the next frame's
 * update phase: see move_band_cb (). */
static void
queue_move_band (CdBlockEditor *self)
{
  if (self->band_tick_id == 0)
    self->band_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), move_band_cb, NULL, NULL);
}

/* The text view scrolled itself (to show the caret, or a drop point
 * near its edge): it is put back at the part the column shows. The
 * column's own scrolling follows the caret and drags, as it did when
 * the view was given all of itself and had nothing to scroll. */
static void
view_scrolled_cb (CdBlockEditor *self)
{
  if (self->setting_band || gtk_adjustment_get_value (self->view_adjustment) == self->band_top)
    return;

  scroll_view_to_band (self, self->band_top);
  queue_move_band (self);
}

/* A row far from the view is left out of drawing; it is drawn again
 * only when told that it came near, whatever brought it there (a scroll,
 * Ctrl+End, a search). */
static void
update_culling (CdBlockEditor *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    cd_block_row_update_culling (row);
}

/* How tall the body view is, in an editor @height tall: as its text,
 * or down to the buttons when the editor is given more (a click below
 * the last paragraph puts the caret in it). */
static int
get_view_height (CdBlockEditor *self,
                 int            width,
                 int            height)
{
  int text;
  int buttons;

  gtk_widget_measure (self->view, GTK_ORIENTATION_VERTICAL, width, NULL, &text, NULL, NULL);
  gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL, width, NULL, &buttons, NULL, NULL);

  return MAX (text, height - buttons - BOX_SPACING);
}

static void
cd_block_editor_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  int view_height = get_view_height (self, width, height);

  allocate_band (self, width, view_height);
  gtk_widget_allocate (self->box, width, MAX (0, height - view_height - BOX_SPACING), -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, view_height + BOX_SPACING)));
  /* The column above it (a headline, the lead photo) can have grown and
   * moved the body without scrolling it, and rows the band came to are
   * only now put in their places. */
  update_culling (self);
  /* A size request changed during allocation would not be laid out
   * until something else asks for a frame. */
  if (self->widths_id == 0)
    self->widths_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_widths_cb, self, NULL);
  gtk_popover_present (GTK_POPOVER (self->link_popover));
}

/* Asks for the body and every widget around it, up to the window, to
 * be laid out again in this frame.
 *
 * Laying out the body can make the text view measure its new lines and
 * ask for a new size. GTK 4.8 loses that request when the body is laid
 * out on its own (only it needing a new allocation, its parents merely
 * passing the layout down) inside a parent laid out anew in the same
 * frame (say, the status bar's counts changed): the parents between
 * them keep a pending allocation nobody comes back to, and GTK then
 * refuses to draw them ("Trying to snapshot GtkScrolledWindow without a
 * current allocation"): the story column is not drawn that frame. Laid
 * out as part of its parents' layout, the request is taken in time. */
void
_cd_block_editor_queue_allocate_column (CdBlockEditor *self)
{
  for (GtkWidget *widget = GTK_WIDGET (self); widget != NULL; widget = gtk_widget_get_parent (widget))
    gtk_widget_queue_allocate (widget);
}

/* The column scrolled, or its view changed size: the body view is given
 * the part now shown, in the frame about to be drawn. Not at once: the
 * column's own layout scrolls it too. */
static gboolean
move_band_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  int height;
  int top;
  int bottom;

  self->band_tick_id = 0;
  /* The column, or the text view, scrolled: the body is laid out again
   * this frame whether or not the band moves. */
  _cd_block_editor_queue_allocate_column (self);
  height = get_view_height (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  get_band (self, height, &top, &bottom);
  if (top == self->band_top && bottom == self->band_bottom)
    return G_SOURCE_REMOVE;

  /* Scrolled there before the frame's layout, the view lays out the
   * lines coming into view now: done while the column is being laid
   * out, a change in their height would come too late for this frame. */
  scroll_view_to_band (self, top);

  return G_SOURCE_REMOVE;
}

static void
update_culling_cb (CdBlockEditor *self)
{
  queue_move_band (self);
  update_culling (self);
  _cd_block_editor_queue_let_go (self);
}

static void
disconnect_scrolling (CdBlockEditor *self)
{
  if (self->scroll_adjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->scroll_adjustment, update_culling_cb, self);
  g_clear_object (&self->scroll_adjustment);
}

static void
cd_block_editor_map (GtkWidget *widget)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);

  GTK_WIDGET_CLASS (cd_block_editor_parent_class)->map (widget);

  disconnect_scrolling (self);
  if (viewport == NULL)
    return;
  self->scroll_adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  if (self->scroll_adjustment == NULL)
    return;
  g_object_ref (self->scroll_adjustment);
  g_signal_connect_object (self->scroll_adjustment, "value-changed",
                           G_CALLBACK (update_culling_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scroll_adjustment, "notify::page-size",
                           G_CALLBACK (update_culling_cb), self, G_CONNECT_SWAPPED);
}

static void
cd_block_editor_unmap (GtkWidget *widget)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (widget);

  disconnect_scrolling (self);
  if (self->band_tick_id != 0)
    gtk_widget_remove_tick_callback (widget, self->band_tick_id);
  self->band_tick_id = 0;

  GTK_WIDGET_CLASS (cd_block_editor_parent_class)->unmap (widget);
}

static GtkSizeRequestMode
cd_block_editor_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static gboolean
cd_block_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (CD_BLOCK_EDITOR (widget)->view);
}

static void
cd_block_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SELECTION_WORDS:
      g_value_set_uint (value, self->selection_words);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_block_editor_dispose (GObject *object)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (object);

  disconnect_article (self);
  disconnect_scrolling (self);
  _cd_block_editor_stop_scrolling (self);
  g_clear_handle_id (&self->widths_id, g_source_remove);
  g_clear_handle_id (&self->let_go_id, g_source_remove);
  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      _cd_block_editor_clear (self);
    }
  g_clear_pointer (&self->link_popover, gtk_widget_unparent);
  g_clear_pointer (&self->view, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->view_adjustment);
  g_clear_object (&self->article);
  g_clear_object (&self->history);
  g_clear_object (&self->smart_typing);

  G_OBJECT_CLASS (cd_block_editor_parent_class)->dispose (object);
}

static void
cd_block_editor_finalize (GObject *object)
{
  CdBlockEditor *self = CD_BLOCK_EDITOR (object);

  g_ptr_array_unref (self->blocks);
  g_array_unref (self->line_counts);
  g_hash_table_unref (self->widgets);
  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->let_go);
  g_hash_table_unref (self->attributions);
  g_free (self->focused_id);

  G_OBJECT_CLASS (cd_block_editor_parent_class)->finalize (object);
}

static void
cd_block_editor_class_init (CdBlockEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_block_editor_dispose;
  object_class->finalize = cd_block_editor_finalize;
  object_class->get_property = cd_block_editor_get_property;

  widget_class->measure = cd_block_editor_measure;
  widget_class->size_allocate = cd_block_editor_size_allocate;
  widget_class->get_request_mode = cd_block_editor_get_request_mode;
  widget_class->grab_focus = cd_block_editor_grab_focus;
  widget_class->map = cd_block_editor_map;
  widget_class->unmap = cd_block_editor_unmap;

  /**
   * CdBlockEditor:selection-words:
   *
   * How many words the selection holds, 0 without one.
   */
  properties[PROP_SELECTION_WORDS] =
    g_param_spec_uint ("selection-words", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdBlockEditor::block-focused:
   * @block_id: the id of the block now holding the caret
   */
  signals[BLOCK_FOCUSED] =
    g_signal_new ("block-focused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * CdBlockEditor::row-added:
   * @row: the CdBlockRow made
   */
  signals[ROW_ADDED] =
    g_signal_new ("row-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_BLOCK_ROW);

  _cd_block_editor_actions_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "blockeditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;

  provider = gtk_css_provider_new ();
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (provider, editor_css);
#else
  gtk_css_provider_load_from_data (provider, editor_css, -1);
#endif
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

static GMenuModel *
build_insert_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (insert_labels); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(insert_labels[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "editor.insert-block",
                                               g_variant_new_string (cd_block_type_to_string (insert_labels[i].type)));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
cd_block_editor_init (CdBlockEditor *self)
{
  g_autoptr(GMenuModel) menu = build_insert_menu ();
  GtkWidget *button_box;
  GtkWidget *label;
  GtkWidget *bar;

  ensure_css ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->view = cd_body_view_new ();
  self->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  /* Tab leaves the body for the next control, as in any form. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (self->view), 0);
  gtk_widget_add_css_class (self->view, "story-body");
  gtk_widget_set_vexpand (self->view, TRUE);
  self->view_adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 0, 0, 0, 0));
  gtk_scrollable_set_vadjustment (GTK_SCROLLABLE (self->view), self->view_adjustment);
  g_signal_connect_object (self->view_adjustment, "value-changed",
                           G_CALLBACK (view_scrolled_cb), self, G_CONNECT_SWAPPED);
  cd_accessible_set_name (self->view, _("Story text"));
  gtk_widget_insert_before (self->view, GTK_WIDGET (self), self->box);

  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0.0);
  gtk_widget_add_css_class (self->message, "error");
  gtk_widget_add_css_class (self->message, "block-message");
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->message);

  button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (button_box), gtk_image_new_from_icon_name ("list-add-symbolic"));
  label = gtk_label_new_with_mnemonic (_("A_dd Block"));
  gtk_box_append (GTK_BOX (button_box), label);

  self->insert_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->insert_button), button_box);
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->insert_button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->insert_button), menu);
  gtk_widget_set_halign (self->insert_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->insert_button, _("Insert a block after the one being edited"));
  cd_menu_button_hide_tooltip_while_open (GTK_MENU_BUTTON (self->insert_button));
  gtk_widget_add_css_class (self->insert_button, "flat");
  gtk_widget_add_css_class (self->insert_button, "block-insert-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->insert_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Insert Block"), -1);
  self->block_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->block_button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (self->block_button, _("Block Options"));
  cd_menu_button_hide_tooltip_while_open (GTK_MENU_BUTTON (self->block_button));
  gtk_widget_add_css_class (self->block_button, "flat");
  cd_accessible_set_name (self->block_button, _("Block Options"));

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (bar), self->insert_button);
  gtk_box_append (GTK_BOX (bar), self->block_button);
  gtk_box_append (GTK_BOX (self->box), bar);

  _cd_block_editor_buffer_init (self);
  /* Quotes, apostrophes and dashes as the story's language writes them. */
  self->smart_typing = cd_smart_typing_new ();
  cd_smart_typing_attach (self->smart_typing, self->buffer);
  _cd_block_editor_caret_init (self);
  _cd_block_editor_keys_init (self);
  _cd_block_editor_clipboard_init (self);
  _cd_block_editor_dnd_init (self);
  _cd_block_editor_actions_init (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Story text"), -1);
}

GtkWidget *
cd_block_editor_new (void)
{
  return g_object_new (CD_TYPE_BLOCK_EDITOR, NULL);
}

void
cd_block_editor_set_article (CdBlockEditor *self,
                             CdArticle     *article,
                             CdHistory     *history)
{
  g_return_if_fail (CD_IS_BLOCK_EDITOR (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  disconnect_article (self);
  gtk_popover_popdown (GTK_POPOVER (self->link_popover));
  _cd_block_editor_set_current (self, NULL);
  _cd_block_editor_clear (self);
  gtk_widget_set_visible (self->message, FALSE);

  g_set_object (&self->article, article);
  g_set_object (&self->history, history);
  cd_smart_typing_set_article (self->smart_typing, article, history);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), article != NULL);

  if (article != NULL)
    {
      self->model = cd_article_get_blocks (article);
      g_signal_connect (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);
      _cd_block_editor_render_all (self);
      {
        GtkTextIter start;

        gtk_text_buffer_get_start_iter (self->buffer, &start);
        gtk_text_buffer_place_cursor (self->buffer, &start);
      }
    }

  _cd_block_editor_update_actions (self);
}

CdArticle *
cd_block_editor_get_article (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->article;
}

const char *
cd_block_editor_get_focused_block_id (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->focused_id;
}

gboolean
cd_block_editor_focus_block (CdBlockEditor *self,
                             const char    *id,
                             int            offset)
{
  CdEditPos pos = { 0, 0 };
  CdBlock *block;
  CdBlockRow *row;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  _cd_block_editor_finish_render (self);
  for (pos.block = 0; pos.block < self->blocks->len; pos.block++)
    if (g_strcmp0 (cd_block_get_id (g_ptr_array_index (self->blocks, pos.block)), id) == 0)
      break;
  if (pos.block >= self->blocks->len)
    return FALSE;

  block = g_ptr_array_index (self->blocks, pos.block);
  pos.offset = offset < 0 ? cd_edit_get_length (block) : (guint) offset;
  _cd_block_editor_place_caret (self, pos);
  _cd_block_editor_set_current (self, block);

  row = _cd_block_editor_row_for_block (self, block);
  if (row != NULL)
    return cd_block_row_focus (row, 0);

  return gtk_widget_grab_focus (self->view);
}

guint
cd_block_editor_get_selection_words (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), 0);

  return self->selection_words;
}

/* Test hooks */

GtkTextView *
_cd_block_editor_get_view (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return GTK_TEXT_VIEW (self->view);
}

CdBlockRow *
_cd_block_editor_get_block_widget (CdBlockEditor *self,
                                   CdBlock       *block)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  _cd_block_editor_finish_render (self);

  return _cd_block_editor_row_for_block (self, block);
}

GtkWidget *
_cd_block_editor_get_insert_button (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->insert_button;
}

GtkWidget *
_cd_block_editor_get_link_popover (CdBlockEditor *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);

  return self->link_popover;
}
