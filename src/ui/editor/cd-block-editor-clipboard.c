/* cd-block-editor-clipboard.c: cut, copy, paste and drops in the body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-block-editor-private.h"

static void
show_message (CdBlockEditor *self,
              const char    *message)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  /* The window shows toasts for the story; a warning is the fallback
   * when the editor is used on its own. */
  if (root == NULL || !gtk_widget_activate_action (root, "win.show-toast", "s", message))
    g_warning ("%s", message);
}

static CdEditPos
caret_pos (CdBlockEditor *self)
{
  CdEditPos start = { 0, 0 };
  CdEditPos end;

  _cd_block_editor_get_selection (self, &start, &end);

  return start;
}

/* Deletes the selection; returns where the caret is then. */
static CdEditPos
clear_selection (CdBlockEditor *self)
{
  CdEditPos start = { 0, 0 };
  CdEditPos end;

  if (_cd_block_editor_get_selection (self, &start, &end))
    return cd_edit_delete (self->article, self->history, start, end);

  return start;
}

static void
insert_fragment (CdBlockEditor *self,
                 GPtrArray     *fragment)
{
  CdEditPos caret;

  if (fragment == NULL || fragment->len == 0 || self->article == NULL)
    return;

  _cd_block_editor_begin_group (self);
  caret = clear_selection (self);
  caret = cd_edit_insert (self->article, self->history, caret, fragment);
  _cd_block_editor_end_group (self);
  _cd_block_editor_place_caret (self, caret);
}

/* Copy */

/* A story holding only @fragment and the images it shows, for the
 * writers of the clipboard's HTML and plain text. */
static CdArticle *
fragment_article (CdBlockEditor *self,
                  GPtrArray     *fragment)
{
  CdArticle *article = cd_article_new ();

  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE,
                        cd_article_get_field (self->article, CD_ARTICLE_FIELD_LANGUAGE));
  for (guint i = 0; i < fragment->len; i++)
    {
      g_autoptr(CdBlock) copy = cd_block_copy (g_ptr_array_index (fragment, i));
      const char *src = cd_block_get_field (copy, CD_BLOCK_FIELD_SRC);
      GBytes *media = cd_block_get_block_type (copy) == CD_BLOCK_FIGURE ?
                      cd_article_get_media (self->article, src) : NULL;

      if (media != NULL)
        cd_article_set_media (article, src, media);
      cd_article_append_block (article, copy);
    }

  return article;
}

void
_cd_block_editor_copy (CdBlockEditor *self,
                       gboolean       cut)
{
  g_autoptr(GPtrArray) fragment = NULL;
  g_autoptr(CdArticle) holder = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) html_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  GdkContentProvider *providers[3];
  g_autoptr(GdkContentProvider) provider = NULL;
  CdEditPos start;
  CdEditPos end;
  guint n = 0;

  _cd_block_editor_finish_render (self);
  if (self->article == NULL || !_cd_block_editor_get_selection (self, &start, &end))
    return;

  fragment = cd_edit_copy (self->article, start, end);
  holder = fragment_article (self, fragment);
  json = cd_edit_fragment_write (self->article, fragment);
  html = cd_html_write_copy (holder, "copy", NULL, TRUE, &error);
  text = cd_html_write_text (holder);

  providers[n++] = gdk_content_provider_new_for_bytes (CD_EDIT_FRAGMENT_MIME_TYPE, json);
  if (html != NULL)
    {
      html_bytes = g_bytes_new (html, strlen (html));
      providers[n++] = gdk_content_provider_new_for_bytes ("text/html", html_bytes);
    }
  providers[n++] = gdk_content_provider_new_typed (G_TYPE_STRING, g_strchomp (text));
  provider = gdk_content_provider_new_union (providers, n);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (self->view), provider);

  if (cut)
    {
      CdEditPos caret = cd_edit_delete (self->article, self->history, start, end);

      _cd_block_editor_place_caret (self, caret);
    }
}

/* Paste */

gboolean
_cd_block_editor_insert_embed (CdBlockEditor *self,
                               CdEditPos      pos,
                               const char    *text,
                               gboolean       anywhere)
{
  g_autofree char *url = g_strstrip (g_strdup (text));
  g_autoptr(CdBlock) embed = NULL;
  const char *provider;
  const char *kind;
  CdEditPos caret;
  CdBlock *block;
  gboolean blank;
  guint at;

  if (self->blocks->len == 0)
    return FALSE;
  pos.block = MIN (pos.block, self->blocks->len - 1);
  block = g_ptr_array_index (self->blocks, pos.block);
  blank = cd_block_is_blank_paragraph (block);
  if ((!blank && !anywhere) || *url == '\0' || strpbrk (url, " \t\n") != NULL)
    return FALSE;

  if (!cd_embed_detect (url, &provider, &kind, NULL) || g_str_equal (provider, "link"))
    return FALSE;

  embed = cd_block_new (CD_BLOCK_EMBED);
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (embed, CD_BLOCK_FIELD_KIND, kind);

  /* An empty paragraph only held the caret: the post takes its place.
   * Elsewhere it goes before the block when at its start, else after. */
  if (blank)
    at = pos.block;
  else if (pos.offset == 0 && cd_block_type_is_text (cd_block_get_block_type (block)))
    at = pos.block;
  else
    at = pos.block + 1;

  if (self->history != NULL)
    cd_history_break (self->history);
  _cd_block_editor_begin_group (self);
  if (blank)
    cd_article_remove_block (self->article, pos.block);
  cd_article_insert_block (self->article, at, embed);
  _cd_block_editor_end_group (self);
  caret.block = at;
  caret.offset = 1;
  _cd_block_editor_place_caret (self, caret);

  return TRUE;
}

void
_cd_block_editor_paste_text (CdBlockEditor *self,
                             const char    *pasted)
{
  g_autoptr(GPtrArray) fragment = NULL;

  g_return_if_fail (CD_IS_BLOCK_EDITOR (self));
  g_return_if_fail (pasted != NULL);

  if (self->article == NULL)
    return;

  /* A post's address pasted alone into an empty paragraph makes an embed. */
  if (g_utf8_validate (pasted, -1, NULL) &&
      _cd_block_editor_insert_embed (self, caret_pos (self), pasted, FALSE))
    return;

  /* Core splits and cleans it as File ▸ Open and the converter do. */
  fragment = cd_plain_text_import_blocks (pasted);
  insert_fragment (self, fragment);
}

CdBlock *
_cd_block_editor_insert_figure (CdBlockEditor  *self,
                                guint           position,
                                GBytes         *bytes,
                                const char     *name,
                                GError        **error)
{
  g_autoptr(CdBlock) figure = NULL;
  g_autofree char *src = NULL;
  CdMediaInfo info;
  CdEditPos caret;

  src = cd_media_store (self->article, bytes, name, &info, error);
  if (src == NULL)
    return NULL;

  figure = cd_block_new (CD_BLOCK_FIGURE);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_size (figure, info.width, info.height);
  position = MIN (position, cd_article_get_n_blocks (self->article));

  /* An image pasted into an empty paragraph takes its place: the
   * paragraph only held the caret. One undo step brings it back. */
  if (self->history != NULL)
    cd_history_break (self->history);
  _cd_block_editor_begin_group (self);
  if (position > 0)
    {
      CdBlock *before = cd_article_get_block (self->article, position - 1);

      if (cd_block_is_blank_paragraph (before) && cd_article_get_n_blocks (self->article) > 0)
        cd_article_remove_block (self->article, --position);
    }
  cd_article_insert_block (self->article, position, figure);
  _cd_block_editor_end_group (self);

  caret.block = position;
  caret.offset = 1;
  _cd_block_editor_place_caret (self, caret);

  return figure;
}

CdBlock *
_cd_block_editor_paste_texture (CdBlockEditor  *self,
                                GdkTexture     *texture,
                                GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (CD_IS_BLOCK_EDITOR (self), NULL);
  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);
  g_return_val_if_fail (self->article != NULL, NULL);

  bytes = gdk_texture_save_to_png_bytes (texture);

  return _cd_block_editor_insert_figure (self, caret_pos (self).block + 1, bytes, NULL, error);
}

typedef struct
{
  CdBlockEditor *self;
  CdArticle     *article;
  GSList        *files;
  guint          position;
  gboolean       plain;
} PasteData;

static PasteData *
paste_data_new (CdBlockEditor *self)
{
  PasteData *data = g_new0 (PasteData, 1);

  data->self = g_object_ref (self);
  data->article = g_object_ref (self->article);

  return data;
}

static void
paste_data_free (PasteData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->article);
  g_slist_free_full (data->files, g_object_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PasteData, paste_data_free)

/* The story may have been closed or replaced while the clipboard was read. */
static gboolean
paste_target_alive (PasteData *data)
{
  return data->self->article == data->article;
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL && paste_target_alive (data))
    _cd_block_editor_paste_text (data->self, text);
}

typedef GPtrArray *(*ReadBlocksFunc) (PasteData  *data,
                                      GBytes     *bytes,
                                      GError    **error);

static GPtrArray *
read_fragment (PasteData  *data,
               GBytes     *bytes,
               GError    **error)
{
  return cd_edit_fragment_read (bytes, data->article, _("Pasted blocks"), error);
}

/* Markup from a browser, a word processor or another story: core's HTML
 * reader makes blocks of it. */
static GPtrArray *
read_html (PasteData  *data,
           GBytes     *bytes,
           GError    **error)
{
  return cd_html_import_blocks (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                _("Pasted text"), data->article, NULL, error);
}

typedef struct
{
  PasteData      *data;
  ReadBlocksFunc  func;
} SpliceData;

static void
spliced_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpliceData *splice = user_data;
  g_autoptr(PasteData) data = splice->data;
  ReadBlocksFunc func = splice->func;
  GMemoryOutputStream *stream = G_MEMORY_OUTPUT_STREAM (source);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_free (splice);

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (stream), result, &error) < 0 ||
      !paste_target_alive (data))
    return;

  bytes = g_memory_output_stream_steal_as_bytes (stream);
  blocks = func (data, bytes, &error);
  if (blocks == NULL)
    {
      show_message (data->self, error->message);
      return;
    }

  insert_fragment (data->self, blocks);
}

static void
read_stream_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SpliceData *splice = user_data;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  input = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, NULL);
  if (input == NULL)
    {
      paste_data_free (splice->data);
      g_free (splice);
      return;
    }

  output = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (output, input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, spliced_cb, splice);
}

static void
read_blocks (GdkClipboard   *clipboard,
             const char     *mime_type,
             ReadBlocksFunc  func,
             PasteData      *data)
{
  SpliceData *splice = g_new0 (SpliceData, 1);

  splice->data = data;
  splice->func = func;
  gdk_clipboard_read_async (clipboard, (const char *[]) { mime_type, NULL }, G_PRIORITY_DEFAULT,
                            NULL, read_stream_cb, splice);
}

static void
read_texture_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL || !paste_target_alive (data))
    return;

  /* No name: the image gets one from its content, so that pasted images
   * never share one, in this story or in a folder it is exported to. */
  if (_cd_block_editor_paste_texture (data->self, texture, &error) == NULL)
    show_message (data->self, error->message);
}

static void load_next_file (PasteData *data);

static void
load_file_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PasteData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  CdBlock *figure;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (!paste_target_alive (data))
    {
      paste_data_free (data);
      return;
    }

  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);

      show_message (data->self, message);
    }
  else if ((figure = _cd_block_editor_insert_figure (data->self, data->position, bytes, name, &error)) != NULL)
    {
      /* The first image may have taken an empty paragraph's place. */
      cd_article_find_block (data->article, cd_block_get_id (figure), &data->position);
      data->position++;
    }
  else
    show_message (data->self, error->message);

  load_next_file (data);
}

/* Images load one after the other, so they land in the order pasted. */
static void
load_next_file (PasteData *data)
{
  GFile *file;

  if (data->files == NULL)
    {
      paste_data_free (data);
      return;
    }

  file = data->files->data;
  data->files = g_slist_delete_link (data->files, data->files);
  g_file_load_bytes_async (file, NULL, load_file_cb, data);
  g_object_unref (file);
}

static gboolean
is_image_file (GFile *file)
{
  static const char * const suffixes[] = { ".png", ".jpg", ".jpeg", ".gif", ".webp" };
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lower = NULL;

  if (path == NULL)
    return FALSE;

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (lower, suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

/* Takes the image files of @files; TRUE when there were any. */
static gboolean
take_images (PasteData *data,
             GSList    *files)
{
  for (GSList *l = files; l != NULL; l = l->next)
    {
      if (is_image_file (l->data))
        data->files = g_slist_append (data->files, g_object_ref (l->data));
    }

  return data->files != NULL;
}

static void
read_files_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PasteData) data = user_data;
  GdkClipboard *clipboard = GDK_CLIPBOARD (source);
  const GValue *value;
  GSList *files = NULL;
  gboolean images;

  value = gdk_clipboard_read_value_finish (clipboard, result, NULL);
  if (!paste_target_alive (data))
    return;

  if (value != NULL)
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  images = take_images (data, files);
  g_slist_free (files);

  /* Files that are not images paste as their names, like any text. */
  if (!images)
    {
      gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, g_steal_pointer (&data));
      return;
    }

  data->position = caret_pos (data->self).block + 1;
  load_next_file (g_steal_pointer (&data));
}

void
_cd_block_editor_paste (CdBlockEditor *self,
                        gboolean       plain)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (self->view);
  g_autoptr(GdkContentFormats) formats = NULL;

  _cd_block_editor_finish_render (self);
  if (self->article == NULL)
    return;

  formats = gdk_content_formats_union_deserialize_gtypes (
    gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  if (plain)
    gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, paste_data_new (self));
  else if (gdk_content_formats_contain_mime_type (formats, CD_EDIT_FRAGMENT_MIME_TYPE))
    read_blocks (clipboard, CD_EDIT_FRAGMENT_MIME_TYPE, read_fragment, paste_data_new (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    read_files_cb, paste_data_new (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
           !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_texture_async (clipboard, NULL, read_texture_cb, paste_data_new (self));
  else if (gdk_content_formats_contain_mime_type (formats, "text/html"))
    read_blocks (clipboard, "text/html", read_html, paste_data_new (self));
  else
    gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, paste_data_new (self));
}

static void
copy_clipboard_cb (GtkTextView   *view,
                   CdBlockEditor *self)
{
  g_signal_stop_emission_by_name (view, "copy-clipboard");
  _cd_block_editor_copy (self, FALSE);
}

static void
cut_clipboard_cb (GtkTextView   *view,
                  CdBlockEditor *self)
{
  g_signal_stop_emission_by_name (view, "cut-clipboard");
  _cd_block_editor_copy (self, TRUE);
}

/* The text view would paste line breaks as text and know nothing of
 * blocks, posts and images. */
static void
paste_clipboard_cb (GtkTextView   *view,
                    CdBlockEditor *self)
{
  g_signal_stop_emission_by_name (view, "paste-clipboard");
  _cd_block_editor_paste (self, FALSE);
}

/* Drops */

gboolean
_cd_block_editor_drop_files (CdBlockEditor *self,
                             GSList        *files,
                             guint          position)
{
  g_autoptr(PasteData) data = NULL;

  _cd_block_editor_finish_render (self);
  if (self->article == NULL)
    return FALSE;

  data = paste_data_new (self);
  if (!take_images (data, files))
    return FALSE;

  data->position = position;
  load_next_file (g_steal_pointer (&data));

  return TRUE;
}

void
_cd_block_editor_clipboard_init (CdBlockEditor *self)
{
  g_signal_connect (self->view, "copy-clipboard", G_CALLBACK (copy_clipboard_cb), self);
  g_signal_connect (self->view, "cut-clipboard", G_CALLBACK (cut_clipboard_cb), self);
  g_signal_connect (self->view, "paste-clipboard", G_CALLBACK (paste_clipboard_cb), self);
}
