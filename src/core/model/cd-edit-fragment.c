/* cd-edit-fragment.c: a piece of a story on the clipboard, as our own
 * type: its blocks with their marks, and the photos they show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-edit"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cd-edit.h"
#include "cd-error.h"
#include "cd-json.h"
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) article_json = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (CD_IS_ARTICLE (source), NULL);
  g_return_val_if_fail (fragment != NULL, NULL);

  for (guint i = 0; i < fragment->len; i++)
    {
      g_autoptr(CdBlock) copy = cd_block_copy (g_ptr_array_index (fragment, i));

      cd_article_append_block (holder, copy);
    }
  article_json = cd_json_write (holder);
  /* Our own writer's output always parses. */
  json_parser_load_from_data (parser, g_bytes_get_data (article_json, NULL),
                              g_bytes_get_size (article_json), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FRAGMENT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "article");
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  json_builder_set_member_name (builder, "media");
  json_builder_begin_object (builder);
  for (guint i = 0; i < fragment->len; i++)
    {
      CdBlock *block = g_ptr_array_index (fragment, i);
      const char *src;
      GBytes *media;
      g_autofree char *encoded = NULL;

      if (cd_block_get_block_type (block) != CD_BLOCK_FIGURE)
        continue;
      src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
      media = cd_article_get_media (source, src);
      if (media == NULL)
        continue;
      encoded = g_base64_encode (g_bytes_get_data (media, NULL), g_bytes_get_size (media));
      json_builder_set_member_name (builder, src);
      json_builder_add_string_value (builder, encoded);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (g_steal_pointer (&text), length);
}

GPtrArray *
cd_edit_fragment_read (GBytes      *bytes,
                       CdArticle   *target,
                       const char  *display_name,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(CdArticle) holder = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *article_text = NULL;
  GPtrArray *blocks;
  JsonObject *root;
  JsonObject *media = NULL;
  JsonNode *article;
  gsize article_length;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (target), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (g_bytes_get_size (bytes) > FRAGMENT_MAX_SIZE ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   "%s: not a story fragment%s%s", display_name,
                   local_error != NULL ? ": " : "",
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  article = json_object_get_member (root, "article");
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""), FRAGMENT_FORMAT) != 0 ||
      article == NULL || !JSON_NODE_HOLDS_OBJECT (article))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   "%s: not a story fragment (no “article” object)", display_name);
      return NULL;
    }
  if (json_object_has_member (root, "media") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "media")))
    media = json_object_get_object_member (root, "media");

  /* The article part goes through the one reader, with all its checks. */
  json_generator_set_root (generator, article);
  article_text = json_generator_to_data (generator, &article_length);
  holder = cd_json_read (article_text, article_length, display_name, error);
  if (holder == NULL)
    return NULL;

  blocks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < cd_article_get_n_blocks (holder); i++)
    {
      CdBlock *block = cd_article_get_block (holder, i);
      const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE && media != NULL &&
          json_object_has_member (media, src) &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (media, src)))
        {
          const char *encoded = json_object_get_string_member_with_default (media, src, "");
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
