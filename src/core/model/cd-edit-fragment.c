/* cd-edit-fragment.c: a piece of a story on the clipboard, as our own
 * type: its blocks with their marks, and the photos they show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-edit"

#include "config.h"

#include <string.h>

#include "cd-edit.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"

/* Fragments on the clipboard */

#define FRAGMENT_FORMAT "copydesk.blocks"
/* A fragment is read whole into memory: as much as an article.json. */
#define FRAGMENT_MAX_SIZE (64 * 1024 * 1024)

GBytes *
cd_edit_fragment_write (CdArticle *source,
                        GPtrArray *fragment)
{
  g_autoptr(CdArticle) holder = cd_article_new ();
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GBytes) article_json = NULL;
  cJSON *media;
  char *text;

  g_return_val_if_fail (CD_IS_ARTICLE (source), NULL);
  g_return_val_if_fail (fragment != NULL, NULL);

  for (guint i = 0; i < fragment->len; i++)
    {
      g_autoptr(CdBlock) copy = cd_block_copy (g_ptr_array_index (fragment, i));

      cd_article_append_block (holder, copy);
    }
  article_json = cd_json_write (holder);

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "format", FRAGMENT_FORMAT);
  cJSON_AddNumberToObject (root, "version", 1);
  /* Our own writer's output always parses, and is UTF-8 and shallow. */
  cJSON_AddItemToObject (root, "article",
                         _cd_json_parse (g_bytes_get_data (article_json, NULL),
                                         g_bytes_get_size (article_json),
                                         CD_JSON_MAX_DEPTH, TRUE, "article.json", NULL));
  media = cJSON_AddObjectToObject (root, "media");
  for (guint i = 0; i < fragment->len; i++)
    {
      CdBlock *block = g_ptr_array_index (fragment, i);
      const char *src;
      GBytes *bytes;
      g_autofree char *encoded = NULL;

      if (cd_block_get_block_type (block) != CD_BLOCK_FIGURE)
        continue;
      src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
      bytes = cd_article_get_media (source, src);
      /* Two figures of one photo carry it once. */
      if (bytes == NULL || cJSON_GetObjectItemCaseSensitive (media, src) != NULL)
        continue;
      encoded = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      cJSON_AddStringToObject (media, src, encoded);
    }

  text = cJSON_PrintUnformatted (root);

  return g_bytes_new_with_free_func (text, strlen (text), cJSON_free, text);
}

GPtrArray *
cd_edit_fragment_read (GBytes      *bytes,
                       CdArticle   *target,
                       const char  *display_name,
                       GError     **error)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(CdArticle) holder = NULL;
  g_autoptr(GError) local_error = NULL;
  char *article_text;
  GPtrArray *blocks;
  const cJSON *media;
  const cJSON *article;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (target), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  /* The article sits one level down and may nest as deep as the
   * article reader allows. */
  if (g_bytes_get_size (bytes) <= FRAGMENT_MAX_SIZE)
    root = _cd_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                           CD_JSON_MAX_DEPTH + 1, FALSE, display_name, &local_error);
  if (!cJSON_IsObject (root))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   "%s: not a story fragment%s%s", display_name,
                   local_error != NULL ? ": " : "",
                   local_error != NULL ? _cd_json_error_detail (local_error, display_name) : "");
      return NULL;
    }

  article = cJSON_GetObjectItemCaseSensitive (root, "article");
  if (g_strcmp0 (_cd_json_get_string (root, "format"), FRAGMENT_FORMAT) != 0 || !cJSON_IsObject (article))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   "%s: not a story fragment (no “article” object)", display_name);
      return NULL;
    }
  media = cJSON_GetObjectItemCaseSensitive (root, "media");
  if (!cJSON_IsObject (media))
    media = NULL;

  /* The article part goes through the one reader, with all its checks. */
  article_text = cJSON_PrintUnformatted (article);
  holder = cd_json_read (article_text, strlen (article_text), display_name, error);
  cJSON_free (article_text);
  if (holder == NULL)
    return NULL;

  blocks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < cd_article_get_n_blocks (holder); i++)
    {
      CdBlock *block = cd_article_get_block (holder, i);
      const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
      const cJSON *image_item = NULL;

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        image_item = cJSON_GetObjectItemCaseSensitive (media, src);

      /* A number or a boolean is read as no image, which the sniffer
       * refuses; null, an object or an array is no entry at all. */
      if (cJSON_IsString (image_item) || cJSON_IsNumber (image_item) || cJSON_IsBool (image_item))
        {
          const char *encoded = cJSON_IsString (image_item) ? image_item->valuestring : "";
          g_autofree guchar *data = NULL;
          g_autoptr(GBytes) image = NULL;
          g_autofree char *stored = NULL;
          gsize size = 0;

          data = g_base64_decode (encoded, &size);
          image = g_bytes_new_take (g_steal_pointer (&data), size);
          stored = cd_media_store (target, image, cd_media_name_from_src (src), NULL, error);
          if (stored == NULL)
            {
              g_ptr_array_unref (blocks);
              return NULL;
            }
          cd_block_set_field (block, CD_BLOCK_FIELD_SRC, stored);
        }
      g_ptr_array_add (blocks, g_object_ref (block));
    }

  return blocks;
}
