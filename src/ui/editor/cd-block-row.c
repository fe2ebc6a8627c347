/* cd-block-row.c: one block of the body, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-accessible.h"
#include "cd-block-media.h"
#include "cd-body-view.h"
#include "cd-block-row-private.h"
#include "cd-memory.h"
#include "cd-oembed-fetch.h"
#include "cd-menu-button.h"
#include "cd-house-style.h"
#include "cd-length-counter.h"
#include "cd-story-fields-private.h"

G_DEFINE_FINAL_TYPE (CdBlockRow, cd_block_row, GTK_TYPE_WIDGET)

enum {
  MENU_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Model → widgets */

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(CdBlockRow) self = data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = cd_block_media_load_thumbnail_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->thumbnail_cancellable);
  cd_block_media_show_thumbnail (self->picture, self->image_status, self->shown_src, texture, error);
}

static gboolean is_near_view (CdBlockRow *self);

/* A long story has dozens of photos and a screen shows one or two: a
 * thumbnail is decoded only once its row is drawn near the view, so that
 * opening a story neither decodes every photo nor holds every texture. */
static void
load_pending_thumbnail (CdBlockRow *self)
{
  if (self->pending_width == 0 || self->shown_media == NULL)
    return;

  self->thumbnail_cancellable = g_cancellable_new ();
  cd_block_media_load_thumbnail_async (self->shown_media, self->shown_src,
                                       self->pending_width, self->pending_height,
                                       self->thumbnail_cancellable,
                                       thumbnail_loaded_cb, g_object_ref (self));
  self->pending_width = self->pending_height = 0;
}

/* A row is drawn before the text view has laid out the lines above it,
 * at the top; it is asked again once the layout has settled. */
static gboolean
thumbnail_idle_cb (gpointer data)
{
  CdBlockRow *self = data;

  self->thumbnail_idle_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && is_near_view (self))
    load_pending_thumbnail (self);

  return G_SOURCE_REMOVE;
}

static void
queue_pending_thumbnail (CdBlockRow *self)
{
  if (self->pending_width > 0 && self->thumbnail_idle_id == 0)
    self->thumbnail_idle_id = g_idle_add_full (G_PRIORITY_LOW, thumbnail_idle_cb, self, NULL);
}

/* The picture gets its size from the image's header at once, so the
 * column does not move when the thumbnail, decoded in a worker thread,
 * arrives. */
static void
update_thumbnail (CdBlockRow *self)
{
  const char *src = cd_block_get_field (self->block, CD_BLOCK_FIELD_SRC);
  GBytes *bytes = *src != '\0' ? cd_article_get_media (self->article, src) : NULL;
  g_autofree char *status = NULL;
  CdMediaInfo info;
  guint width = 0;
  guint height = 0;
  guint thumb_width = 0;
  guint thumb_height = 0;

  g_free (self->shown_src);
  self->shown_src = g_strdup (src);
  g_clear_pointer (&self->shown_media, g_bytes_unref);
  self->pending_width = self->pending_height = 0;
  if (self->thumbnail_cancellable != NULL)
    {
      g_cancellable_cancel (self->thumbnail_cancellable);
      g_clear_object (&self->thumbnail_cancellable);
    }

  if (*src == '\0')
    status = g_strdup (_("No photo chosen yet"));
  else if (g_str_has_prefix (src, "https://") || g_str_has_prefix (src, "http://"))
    /* Remote images are never fetched by the editor. */
    status = g_strdup_printf (_("Photo on the web: %s"), src);
  else if (bytes == NULL)
    status = g_strdup_printf (_("The photo “%s” is missing from this story; choose it again"), src);
  else if (!cd_media_sniff (bytes, src, &info, NULL))
    status = g_strdup_printf (_("“%s” cannot be shown here, but it is kept in the story"), src);
  else
    {
      int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

      width = info.width;
      height = info.height;

      self->shown_media = g_bytes_ref (bytes);
      cd_block_media_fit (width, height, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT,
                          &thumb_width, &thumb_height);
      self->thumbnail_width = self->pending_width = thumb_width * scale;
      self->thumbnail_height = self->pending_height = thumb_height * scale;
    }

  gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  gtk_widget_set_visible (self->picture, self->shown_media != NULL);
  /* A fixed size: a picture that may shrink gets no height at all in a
   * scrolled column, which hands out minimum sizes. */
  if (self->shown_media != NULL)
    gtk_widget_set_size_request (self->picture, thumb_width, thumb_height);
  gtk_label_set_text (GTK_LABEL (self->image_status), status != NULL ? status : "");
  gtk_widget_set_visible (self->image_status, status != NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_pending_thumbnail (self);
}

/* Once the details are typed in, why the fetch failed is old news. */
static void
clear_stale_fetch_error (CdBlockRow *self)
{
  if (self->fetch_failed &&
      (*cd_block_get_field (self->block, CD_BLOCK_FIELD_AUTHOR) != '\0' ||
       *cd_block_get_field (self->block, CD_BLOCK_FIELD_TEXT) != '\0'))
    cd_block_row_show_message (self, NULL);
}

void
_cd_block_row_update_provider (CdBlockRow *self)
{
  const char *provider = cd_block_get_field (self->block, CD_BLOCK_FIELD_PROVIDER);
  const char *kind = cd_block_get_field (self->block, CD_BLOCK_FIELD_KIND);
  g_autofree char *text = NULL;

  if (*provider == '\0')
    text = g_strdup (_("Paste the address of a post or a web page, then press Enter"));
  else if (cd_embed_provider_lookup (provider) != NULL && !cd_embed_provider_has_details (provider))
    /* Translators: a provider name, "Instagram" */
    text = g_strdup_printf (_("%s does not give its posts’ details to other apps: type the author and "
                              "words of the post below"),
                            cd_embed_provider_display_name (provider));
  else if (*kind != '\0')
    /* Translators: a provider name and the kind of embed, "YouTube · video" */
    text = g_strdup_printf (_("%s · %s"), cd_embed_provider_display_name (provider), kind);
  else
    text = g_strdup (cd_embed_provider_display_name (provider));

  gtk_label_set_text (GTK_LABEL (self->provider_label), text);

  clear_stale_fetch_error (self);

  /* A button that can only fail is not offered. */
  gtk_widget_set_visible (self->fetch_button, cd_embed_provider_has_details (provider));
  gtk_widget_set_sensitive (self->fetch_button, self->fetch_cancellable == NULL);
}

/* Caption, credit, alt text and an embed's title and words are prose
 * that wraps as it grows; the other fields are one-line entries. */
static gboolean
field_wraps (CdBlockField field)
{
  return field == CD_BLOCK_FIELD_CAPTION || field == CD_BLOCK_FIELD_CREDIT ||
         field == CD_BLOCK_FIELD_ALT || field == CD_BLOCK_FIELD_TITLE ||
         field == CD_BLOCK_FIELD_TEXT;
}

static char *
field_dup_text (GtkWidget *widget)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  if (!GTK_IS_TEXT_VIEW (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
field_set_text (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static void
sync_from_block (CdBlockRow *self)
{
  self->syncing++;

  for (guint field = 0; field < CD_N_BLOCK_FIELDS; field++)
    {
      GtkWidget *entry = self->entries[field];
      const char *value = cd_block_get_field (self->block, field);
      g_autofree char *shown = NULL;

      if (entry == NULL)
        continue;

      if (field == CD_BLOCK_FIELD_URL)
        {
          if (g_strcmp0 (self->shown_url, value) == 0)
            continue;
          g_free (self->shown_url);
          self->shown_url = g_strdup (value);
        }

      shown = field_dup_text (entry);
      if (!g_str_equal (shown, value))
        field_set_text (entry, value);
    }

  if (self->type == CD_BLOCK_FIGURE &&
      g_strcmp0 (self->shown_src, cd_block_get_field (self->block, CD_BLOCK_FIELD_SRC)) != 0)
    update_thumbnail (self);

  if (self->type == CD_BLOCK_EMBED)
    _cd_block_row_update_provider (self);

  self->syncing--;
}

static void
block_changed_cb (CdBlockRow *self)
{
  /* The row's own edits change what it is called too ("Figure: …"). */
  _cd_block_row_update_accessible (self);

  if (self->writing > 0)
    return;

  sync_from_block (self);
}

/* Any image of the story may have changed; the thumbnail is only made
 * again when this figure's is another. */
static void
media_changed_cb (CdBlockRow *self)
{
  const char *src = cd_block_get_field (self->block, CD_BLOCK_FIELD_SRC);

  if (g_strcmp0 (self->shown_src, src) == 0 && self->shown_media != NULL &&
      cd_article_get_media (self->article, src) == self->shown_media)
    return;

  update_thumbnail (self);
}

static void
scale_factor_changed_cb (CdBlockRow *self)
{
  if (self->shown_media != NULL)
    update_thumbnail (self);
}

/* Widgets → model */

static void
field_changed (CdBlockRow *self,
               GtkWidget  *entry)
{
  CdBlockField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), FIELD_KEY));
  g_autofree char *text = NULL;

  if (self->syncing > 0 || field == CD_BLOCK_FIELD_URL)
    return;

  text = field_dup_text (entry);
  self->writing++;
  cd_block_set_field (self->block, field, text);
  self->writing--;

  if (self->type == CD_BLOCK_EMBED)
    clear_stale_fetch_error (self);
}

static void
entry_changed_cb (GtkEditable *entry,
                  CdBlockRow  *self)
{
  field_changed (self, GTK_WIDGET (entry));
}

static void
field_buffer_changed_cb (GtkTextBuffer *buffer,
                         CdBlockRow    *self)
{
  field_changed (self, g_object_get_data (G_OBJECT (buffer), FIELD_VIEW_KEY));
}

/* Building the widgets */

GtkWidget *
_cd_block_row_make_entry (CdBlockRow   *self,
                          CdBlockField  field,
                          const char   *label,
                          const char   *placeholder)
{
  GtkWidget *entry;
  GtkTextBuffer *buffer;

  if (field_wraps (field))
    {
      entry = gtk_text_view_new ();
      /* A post's words keep the line breaks the provider gave them. */
      if (field == CD_BLOCK_FIELD_TEXT)
        _cd_story_fields_setup_wrapping_text (GTK_TEXT_VIEW (entry));
      else
        _cd_story_fields_setup_wrapping_field (GTK_TEXT_VIEW (entry));
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry));
      g_object_set_data (G_OBJECT (buffer), FIELD_VIEW_KEY, entry);
      g_signal_connect (buffer, "changed", G_CALLBACK (field_buffer_changed_cb), self);
      /* A text view has no placeholder: the hint is its tooltip, and
       * its description for a screen reader. */
      if (placeholder != NULL)
        {
          gtk_widget_set_tooltip_text (entry, placeholder);
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, placeholder,
                                          -1);
        }
    }
  else
    {
      entry = gtk_entry_new ();
      gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
      if (placeholder != NULL)
        gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
      g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
    }
  gtk_widget_set_hexpand (entry, TRUE);
  cd_accessible_set_name (entry, label);
  g_object_set_data (G_OBJECT (entry), FIELD_KEY, GUINT_TO_POINTER (field));
  self->entries[field] = entry;

  return entry;
}

/* A label beside the entry, the words a sighted user reads, which are
 * also the entry's accessible name (given by make_entry: a labelled-by
 * relation as well would make GTK say them twice). */
void
_cd_block_row_add_field_row (CdBlockRow   *self,
                             GtkGrid      *grid,
                             int           row,
                             int           column,
                             int           span,
                             CdBlockField  field,
                             const char   *label,
                             const char   *placeholder)
{
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *entry = _cd_block_row_make_entry (self, field, label, placeholder);

  gtk_label_set_xalign (GTK_LABEL (title), 1.0);
  /* Level with the first line of a field that wraps. */
  if (field_wraps (field))
    {
      gtk_label_set_yalign (GTK_LABEL (title), 0.0);
      gtk_widget_add_css_class (title, "field-label-wraps");
    }
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_add_css_class (title, "field-label");
  gtk_widget_add_css_class (entry, "field-entry");
  gtk_grid_attach (grid, title, column, row, 1, 1);
  gtk_grid_attach (grid, entry, column + 1, row, span, 1);
}

GtkGrid *
_cd_block_row_add_field_grid (CdBlockRow *self)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  gtk_box_append (GTK_BOX (self->content), grid);

  return GTK_GRID (grid);
}

void
_cd_block_row_add_message (CdBlockRow *self)
{
  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0.0);
  gtk_widget_add_css_class (self->message, "error");
  gtk_widget_add_css_class (self->message, "block-message");
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (self->content), self->message);
}

static void
load_image_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(CdBlockRow) self = data;
  GFile *file = G_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);

  bytes = g_file_load_bytes_finish (file, result, NULL, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s"),
                                                  name, error->message);

      cd_block_row_show_message (self, message);
      return;
    }

  cd_block_row_set_image (self, bytes, name, NULL);
}

static void
load_image_file (CdBlockRow *self,
                 GFile      *file)
{
  g_file_load_bytes_async (file, NULL, load_image_cb, g_object_ref (self));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_open_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(CdBlockRow) self = data;
  g_autoptr(GFile) file = NULL;

  /* Cancelling is not an error worth showing. */
  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);
  if (file != NULL)
    load_image_file (self, file);
}

static void
choose_image_clicked_cb (CdBlockRow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = cd_block_media_image_filter ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Choose a Photo"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                        NULL, file_dialog_open_cb, g_object_ref (self));
}
#else
static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         data)
{
  g_autoptr(CdBlockRow) self = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        load_image_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_image_clicked_cb (CdBlockRow *self)
{
  GtkFileChooserNative *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = gtk_file_chooser_native_new (_("Choose a Photo"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), cd_block_media_image_filter ());
  g_signal_connect (dialog, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
#endif

static void
caption_changed_cb (CdBlockRow *self)
{
  g_autofree char *caption = field_dup_text (self->entries[CD_BLOCK_FIELD_CAPTION]);
  guint length = g_utf8_strlen (caption, -1);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  CdPreflightLimits limits;

  cd_house_style_get_current_limits (&limits);
  /* Translators: a caption's length against the house limit, "120/250" */
  text = g_strdup_printf (_("%u/%u"), length, limits.caption);
  if (length > limits.caption)
    tooltip = g_strdup_printf (_("The caption is %u characters over the limit of %u"),
                               length - limits.caption, limits.caption);
  cd_length_counter_update (GTK_LABEL (self->caption_counter), text, length, limits.caption, tooltip);
}

static void
build_figure (CdBlockRow *self)
{
  GtkWidget *button;
  GtkGrid *grid;

  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_add_css_class (self->picture, "block-thumbnail");
  cd_accessible_set_name (self->picture, _("Photo"));
  gtk_widget_set_halign (self->picture, GTK_ALIGN_START);
  gtk_widget_set_overflow (self->picture, GTK_OVERFLOW_HIDDEN);
  gtk_box_append (GTK_BOX (self->content), self->picture);

  self->image_status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->image_status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->image_status), 0.0);
  gtk_widget_add_css_class (self->image_status, "dim-label");
  gtk_box_append (GTK_BOX (self->content), self->image_status);

  button = gtk_button_new_with_mnemonic (_("C_hoose Image…"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_signal_connect_object (button, "clicked", G_CALLBACK (choose_image_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->content), button);

  _cd_block_row_add_message (self);

  grid = _cd_block_row_add_field_grid (self);
  _cd_block_row_add_field_row (self, grid, 0, 0, 1, CD_BLOCK_FIELD_ALT, _("Alt text"),
                 _("What the photo shows, for people who cannot see it"));
  _cd_block_row_add_field_row (self, grid, 1, 0, 1, CD_BLOCK_FIELD_CAPTION, _("Caption"), NULL);
  _cd_block_row_add_field_row (self, grid, 2, 0, 1, CD_BLOCK_FIELD_CREDIT, _("Credit"), NULL);
  gtk_widget_add_css_class (self->entries[CD_BLOCK_FIELD_CAPTION], "caption-entry");
  gtk_widget_add_css_class (self->entries[CD_BLOCK_FIELD_CREDIT], "caption-entry");

  self->caption_counter = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->caption_counter, "numeric");
  gtk_widget_add_css_class (self->caption_counter, "caption-counter");
  gtk_grid_attach (grid, self->caption_counter, 2, 1, 1, 1);
  /* A screen reader gives the count with the caption field. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entries[CD_BLOCK_FIELD_CAPTION]),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->caption_counter, NULL,
                                  -1);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->entries[CD_BLOCK_FIELD_CAPTION])),
                           "changed", G_CALLBACK (caption_changed_cb), self, G_CONNECT_SWAPPED);
  caption_changed_cb (self);
}

/* A popover menu is dozens of widgets; a long story has hundreds of
 * rows and most menus are never opened, so each is made on first use. */
static void
create_menu_popup_cb (GtkMenuButton *button,
                      gpointer       data)
{
  CdBlockRow *self = data;

  if (gtk_menu_button_get_popover (button) == NULL)
    {
      g_autoptr(GMenuModel) menu = _cd_block_row_menu_model (self);

      gtk_menu_button_set_menu_model (button, menu);
    }

  g_signal_emit (self, signals[MENU_OPENED], 0);
}

static void
build (CdBlockRow *self)
{
  g_autofree char *type_class = g_strconcat ("block-", cd_block_type_to_string (self->type), NULL);

  gtk_widget_add_css_class (GTK_WIDGET (self), "block-row");
  gtk_widget_add_css_class (GTK_WIDGET (self), type_class);

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (self->content, TRUE);
  gtk_widget_add_css_class (self->content, "block-content");
  gtk_box_append (GTK_BOX (self->box), self->content);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button),
                                         create_menu_popup_cb, self, NULL);
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->menu_button, _("Block Options"));
  cd_menu_button_hide_tooltip_while_open (GTK_MENU_BUTTON (self->menu_button));
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_add_css_class (self->menu_button, "block-menu-button");
  cd_accessible_set_name (self->menu_button, _("Block Options"));
  gtk_box_append (GTK_BOX (self->box), self->menu_button);

  switch (self->type)
    {
    case CD_BLOCK_FIGURE:
      build_figure (self);
      break;

    case CD_BLOCK_EMBED:
      _cd_block_row_build_embed (self);
      break;

    case CD_BLOCK_DIVIDER:
    default:
      {
        GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

        gtk_widget_set_valign (separator, GTK_ALIGN_CENTER);
        gtk_widget_set_vexpand (separator, TRUE);
        cd_accessible_set_name (separator, _("Divider"));
        gtk_box_append (GTK_BOX (self->content), separator);
      }
      break;
    }

  if (self->message == NULL)
    _cd_block_row_add_message (self);
}

static void
cd_block_row_dispose (GObject *object)
{
  CdBlockRow *self = CD_BLOCK_ROW (object);

  if (self->block != NULL)
    g_signal_handlers_disconnect_by_data (self->block, self);
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);

  if (self->thumbnail_cancellable != NULL)
    g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_handle_id (&self->thumbnail_idle_id, g_source_remove);
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_clear_pointer (&self->shown_media, g_bytes_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->block);
  g_clear_object (&self->article);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (cd_block_row_parent_class)->dispose (object);
}

static void
cd_block_row_finalize (GObject *object)
{
  CdBlockRow *self = CD_BLOCK_ROW (object);

  g_free (self->shown_url);
  g_free (self->shown_src);

  G_OBJECT_CLASS (cd_block_row_parent_class)->finalize (object);
}

/* Whether the row is on screen, or less than @pages screens above or
 * below it, in the scrolled view showing it; TRUE outside one. The view
 * is read from its scrolling rather than from where the row was last
 * put, which lags behind a scroll; in the story's body, where the row is
 * is read from its line in the text (see cd_body_view_anchor_is_within ()). */
static gboolean
is_within_view (CdBlockRow *self,
                double      pages)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  GtkWidget *holder = gtk_widget_get_parent (widget);
  GtkWidget *body = gtk_widget_get_ancestor (widget, CD_TYPE_BODY_VIEW);
  GtkTextChildAnchor *anchor = holder != NULL ? g_object_get_data (G_OBJECT (holder), CD_BODY_VIEW_ANCHOR_KEY) : NULL;
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top;
  double page;

  if (viewport == NULL)
    return TRUE;
  if (body != NULL && anchor != NULL)
    return cd_body_view_anchor_is_within (CD_BODY_VIEW (body), anchor, pages);

  content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  if (content == NULL || adjustment == NULL ||
      !gtk_widget_compute_bounds (widget, content, &bounds))
    return TRUE;

  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);

  return graphene_rect_get_y (&bounds) < top + (1 + pages) * page &&
         graphene_rect_get_y (&bounds) + graphene_rect_get_height (&bounds) > top - pages * page;
}

/* On screen or within a screen of it: drawn, and its thumbnail decoded. */
static gboolean
is_near_view (CdBlockRow *self)
{
  return is_within_view (self, 1);
}

/* A long story has hundreds of rows and a screen shows a few: drawing
 * only those near the view keeps the text of the others from being laid
 * out for nothing. cd_block_row_update_culling() draws a left-out row
 * once it comes near. */
static void
cd_block_row_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CdBlockRow *self = CD_BLOCK_ROW (widget);

  self->culled = !is_near_view (self);
  if (!self->culled)
    {
      queue_pending_thumbnail (self);
      GTK_WIDGET_CLASS (cd_block_row_parent_class)->snapshot (widget, snapshot);
    }
}

static void
cd_block_row_class_init (CdBlockRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_block_row_dispose;
  object_class->finalize = cd_block_row_finalize;
  widget_class->snapshot = cd_block_row_snapshot;

  /**
   * CdBlockRow::menu-opened:
   *
   * The block's menu is about to open: the row becomes the one the
   * menu's actions act on.
   */
  signals[MENU_OPENED] =
    g_signal_new ("menu-opened",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "blockrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cd_block_row_init (CdBlockRow *self)
{
}

CdBlockRow *
cd_block_row_new (CdArticle *article,
                  CdHistory *history,
                  CdBlock   *block)
{
  CdBlockRow *self;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (history == NULL || CD_IS_HISTORY (history), NULL);
  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);
  /* The text of a block is edited in the body's text view. */
  g_return_val_if_fail (!cd_block_type_is_text (cd_block_get_block_type (block)), NULL);

  self = g_object_new (CD_TYPE_BLOCK_ROW, NULL);
  self->article = g_object_ref (article);
  self->history = history != NULL ? g_object_ref (history) : NULL;
  self->block = g_object_ref (block);
  self->type = cd_block_get_block_type (block);

  build (self);
  sync_from_block (self);
  _cd_block_row_update_accessible (self);

  g_signal_connect_object (block, "changed", G_CALLBACK (block_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->type == CD_BLOCK_FIGURE)
    {
      g_signal_connect_object (article, "media-changed", G_CALLBACK (media_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);
    }

  return self;
}

CdBlock *
cd_block_row_get_block (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return self->block;
}

gboolean
cd_block_row_focus (CdBlockRow *self,
                    int         offset)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);

  switch (self->type)
    {
    case CD_BLOCK_FIGURE:
      return gtk_widget_grab_focus (self->entries[CD_BLOCK_FIELD_ALT]);
    case CD_BLOCK_EMBED:
      return gtk_widget_grab_focus (self->entries[CD_BLOCK_FIELD_URL]);
    default:
      return gtk_widget_grab_focus (self->menu_button);
    }
}

gboolean
cd_block_row_has_focus (CdBlockRow *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root == NULL)
    return FALSE;

  focus = gtk_root_get_focus (root);

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

GtkWidget *
cd_block_row_get_entry (CdBlockRow   *self,
                        CdBlockField  field)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);
  g_return_val_if_fail (field < CD_N_BLOCK_FIELDS, NULL);

  return self->entries[field];
}

GtkWidget *
cd_block_row_get_menu_button (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return self->menu_button;
}

/* The text @entry shows, a text view's or an editable's. */
static char *
get_entry_text (GtkWidget *entry)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  if (GTK_IS_EDITABLE (entry))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (!GTK_IS_TEXT_VIEW (entry))
    return NULL;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
cd_block_row_shows_only_its_block (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);

  if (gtk_widget_get_visible (self->message) || self->fetch_cancellable != NULL)
    return FALSE;

  for (CdBlockField field = 0; field < CD_N_BLOCK_FIELDS; field++)
    {
      g_autofree char *text = NULL;

      if (self->entries[field] == NULL)
        continue;
      text = get_entry_text (self->entries[field]);
      if (g_strcmp0 (text, cd_block_get_field (self->block, field)) != 0)
        return FALSE;
    }

  return TRUE;
}

GtkLabel *
cd_block_row_get_message (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return GTK_LABEL (self->message);
}

void
cd_block_row_show_message (CdBlockRow *self,
                           const char *message)
{
  g_return_if_fail (CD_IS_BLOCK_ROW (self));

  gtk_label_set_text (GTK_LABEL (self->message), message != NULL ? message : "");
  gtk_widget_set_visible (self->message, message != NULL && *message != '\0');
  self->fetch_failed = FALSE;
}

void
_cd_block_row_begin_group (CdBlockRow *self)
{
  if (self->history != NULL)
    cd_history_begin_group (self->history);
}

void
_cd_block_row_end_group (CdBlockRow *self)
{
  if (self->history != NULL)
    cd_history_end_group (self->history);
}

gboolean
cd_block_row_set_image (CdBlockRow  *self,
                        GBytes      *bytes,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *src = NULL;
  CdMediaInfo info;

  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);
  g_return_val_if_fail (self->type == CD_BLOCK_FIGURE, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  src = cd_media_store (self->article, bytes, name, &info, &local_error);
  if (src == NULL)
    {
      cd_block_row_show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  cd_block_row_show_message (self, NULL);

  _cd_block_row_begin_group (self);
  cd_block_set_field (self->block, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_size (self->block, info.width, info.height);
  _cd_block_row_end_group (self);

  return TRUE;
}

/* A thumbnail is let go once its row is this many screens from the view,
 * and decoded again when the row comes near: a story of many photos read
 * from top to bottom would otherwise end up holding all of them. Between
 * one screen and this many, it is kept, so a reporter scrolling back and
 * forth does not have it decoded over and over. */
#define THUMBNAIL_KEPT_PAGES 4

void
cd_block_row_let_go_of_far_thumbnail (CdBlockRow *self)
{
  g_return_if_fail (CD_IS_BLOCK_ROW (self));

  if (!cd_block_row_has_thumbnail (self) || self->shown_media == NULL ||
      is_within_view (self, THUMBNAIL_KEPT_PAGES))
    return;

  /* The picture keeps its size request: nothing in the column moves. */
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  self->pending_width = self->thumbnail_width;
  self->pending_height = self->thumbnail_height;
  cd_memory_release_soon ();
}

void
cd_block_row_update_culling (CdBlockRow *self)
{
  g_return_if_fail (CD_IS_BLOCK_ROW (self));

  if ((self->culled || self->pending_width > 0) && is_near_view (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cd_block_row_thumbnail_requested (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);

  return self->thumbnail_cancellable != NULL || cd_block_row_has_thumbnail (self);
}

gboolean
cd_block_row_is_culled (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);

  return self->culled;
}

GtkWidget *
cd_block_row_get_fetch_button (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return self->fetch_button;
}

GtkPicture *
cd_block_row_get_picture (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return (GtkPicture *) self->picture;
}

gboolean
cd_block_row_has_thumbnail (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);

  return self->picture != NULL &&
         gtk_picture_get_paintable (GTK_PICTURE (self->picture)) != NULL &&
         gtk_widget_get_visible (self->picture);
}

GtkWidget *
cd_block_row_get_caption_counter (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return self->caption_counter;
}
