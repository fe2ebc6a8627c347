/* cd-block-row-embed.c: a social post's row: its address, fetching its
 * details from the site, and its fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-accessible.h"
#include "cd-block-row-private.h"
#include "cd-oembed-fetch.h"

static void
url_activate_cb (CdBlockRow *self)
{
  GtkEditable *entry = GTK_EDITABLE (self->entries[CD_BLOCK_FIELD_URL]);

  cd_block_row_set_embed_url (self, gtk_editable_get_text (entry), NULL);
}

/* Tests point the fetch at a server of their own. */
static const char *
oembed_endpoint_override (void)
{
  static const char *endpoint;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      const char *value = g_getenv ("COPYDESK_OEMBED_ENDPOINT");

      endpoint = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
      g_once_init_leave (&initialized, 1);
    }

  return endpoint;
}

static void
show_fetching (CdBlockRow *self,
               gboolean    fetching)
{
  gtk_spinner_set_spinning (GTK_SPINNER (self->fetch_spinner), fetching);
  gtk_widget_set_visible (self->fetch_spinner, fetching);
  _cd_block_row_update_provider (self);
}

static void
fetch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(CdBlockRow) self = data;
  g_autoptr(GError) error = NULL;

  /* Cancelled: the row is gone, and the block was left as it was. */
  if (!cd_oembed_fetch_finish (CD_BLOCK (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->fetch_cancellable);
  show_fetching (self, FALSE);
  cd_block_row_show_message (self, error != NULL ? error->message : NULL);
  self->fetch_failed = error != NULL;
}

/* The fetch fills the block in one change, which is one undo step; on
 * any failure it changes nothing and says why. */
static void
fetch_clicked_cb (CdBlockRow *self)
{
  if (self->fetch_cancellable != NULL)
    return;

  cd_block_row_show_message (self, NULL);
  self->fetch_cancellable = g_cancellable_new ();
  show_fetching (self, TRUE);
  cd_oembed_fetch_async (self->block, oembed_endpoint_override (), self->fetch_cancellable,
                         fetch_done_cb, g_object_ref (self));
}

void
_cd_block_row_build_embed (CdBlockRow *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry;
  GtkWidget *button;
  GtkGrid *grid;

  entry = _cd_block_row_make_entry (self, CD_BLOCK_FIELD_URL, _("Post address"), "https://");
  g_signal_connect_object (entry, "activate", G_CALLBACK (url_activate_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), entry);

  button = gtk_button_new_with_label (_("Embed"));
  cd_accessible_set_name (button, _("Embed Post"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (url_activate_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), button);

  self->fetch_spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->fetch_spinner, FALSE);
  cd_accessible_set_name (self->fetch_spinner, _("Fetching details"));
  gtk_box_append (GTK_BOX (line), self->fetch_spinner);

  self->fetch_button = gtk_button_new_with_mnemonic (_("_Fetch Details"));
  gtk_widget_set_valign (self->fetch_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->fetch_button,
                               _("Ask the site for the author, title and words of the post"));
  g_signal_connect_object (self->fetch_button, "clicked", G_CALLBACK (fetch_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), self->fetch_button);
  gtk_box_append (GTK_BOX (self->content), line);

  /* A line of its own, sized in characters: a wrapping label beside
   * buttons, with nothing to go on, is laid out again at every width GTK
   * tries, which made measuring a post's row cost 50 to 130 ms. */
  self->provider_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->provider_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->provider_label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (self->provider_label), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (self->provider_label), 60);
  gtk_widget_add_css_class (self->provider_label, "dim-label");
  gtk_box_append (GTK_BOX (self->content), self->provider_label);

  _cd_block_row_add_message (self);

  grid = _cd_block_row_add_field_grid (self);
  /* Short fields share a line, so the card stays compact. */
  _cd_block_row_add_field_row (self, grid, 0, 0, 1, CD_BLOCK_FIELD_AUTHOR, _("Author"), NULL);
  _cd_block_row_add_field_row (self, grid, 0, 2, 1, CD_BLOCK_FIELD_HANDLE, _("Handle"), "@");
  _cd_block_row_add_field_row (self, grid, 1, 0, 3, CD_BLOCK_FIELD_TITLE, _("Title"), NULL);
  _cd_block_row_add_field_row (self, grid, 2, 0, 3, CD_BLOCK_FIELD_TEXT, _("Text"),
                 _("The words of the post, shown when the live post is not loaded"));
  _cd_block_row_add_field_row (self, grid, 3, 0, 1, CD_BLOCK_FIELD_DATE, _("Date"), "2024-05-14");
  _cd_block_row_add_field_row (self, grid, 3, 2, 1, CD_BLOCK_FIELD_LANG, _("Language"), "en");
}

gboolean
cd_block_row_set_embed_url (CdBlockRow  *self,
                            const char  *url,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = NULL;
  const char *provider;
  const char *kind;

  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), FALSE);
  g_return_val_if_fail (self->type == CD_BLOCK_EMBED, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (url));
  if (!cd_embed_detect (trimmed, &provider, &kind, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("This address cannot be embedded. %s."),
                                                  local_error->message);

      cd_block_row_show_message (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  cd_block_row_show_message (self, NULL);

  _cd_block_row_begin_group (self);
  cd_block_set_field (self->block, CD_BLOCK_FIELD_URL, trimmed);
  cd_block_set_field (self->block, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (self->block, CD_BLOCK_FIELD_KIND, kind);
  _cd_block_row_end_group (self);

  return TRUE;
}
