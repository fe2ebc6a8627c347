/* cd-json-writer.c: writing article.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-json"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* For members whose empty value means "not set" and whose schema pattern
 * ("media/…", "https://…", a date) an empty string would not match. */
static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  add_string (builder, member, value != NULL && *value != '\0' ? value : NULL);
}

static void
add_marks (JsonBuilder *builder,
           GPtrArray   *marks)
{
  g_autoptr (GPtrArray) sorted = cd_marks_copy (marks);

  cd_marks_sort (sorted);

  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (sorted, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, cd_mark_type_to_string (mark->type));
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, mark->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, mark->end);
      if (mark->type == CD_MARK_LINK)
        add_string (builder, "href", mark->href != NULL ? mark->href : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_size (JsonBuilder *builder,
          const char  *member,
          guint        size)
{
  json_builder_set_member_name (builder, member);
  if (size > 0)
    json_builder_add_int_value (builder, size);
  else
    json_builder_add_null_value (builder);
}

static void
add_block (JsonBuilder *builder,
           CdBlock     *block)
{
  CdBlockType type = cd_block_get_block_type (block);
  const CdJsonMember *members = _cd_json_block_members[type];

  json_builder_begin_object (builder);
  add_string (builder, "type", cd_block_type_to_string (type));
  add_string (builder, "id", cd_block_get_id (block));

  for (guint i = 0; members[i].kind != MEMBER_END; i++)
    {
      const CdJsonMember *m = &members[i];

      switch (m->kind)
        {
        case MEMBER_FIELD:
          if (m->field == CD_BLOCK_FIELD_TEXT)
            add_string (builder, "text", cd_block_get_text (block));
          else
            add_string_or_null (builder, cd_block_field_to_string (m->field),
                                cd_block_get_field (block, m->field));
          break;

        case MEMBER_MARKS:
          add_marks (builder, cd_block_get_marks (block));
          break;

        case MEMBER_LEVEL:
          json_builder_set_member_name (builder, "level");
          json_builder_add_int_value (builder, cd_block_get_level (block));
          break;

        case MEMBER_ORDERED:
          json_builder_set_member_name (builder, "ordered");
          json_builder_add_boolean_value (builder, cd_block_get_ordered (block));
          break;

        case MEMBER_ITEMS:
          {
            GPtrArray *items = cd_block_get_items (block);

            json_builder_set_member_name (builder, "items");
            json_builder_begin_array (builder);
            for (guint j = 0; j < items->len; j++)
              {
                const CdListItem *item = g_ptr_array_index (items, j);

                json_builder_begin_object (builder);
                add_string (builder, "text", item->text != NULL ? item->text : "");
                add_marks (builder, item->marks);
                json_builder_end_object (builder);
              }
            json_builder_end_array (builder);
          }
          break;

        case MEMBER_WIDTH:
          add_size (builder, "width", cd_block_get_width (block));
          break;

        case MEMBER_HEIGHT:
          add_size (builder, "height", cd_block_get_height (block));
          break;

        case MEMBER_END:
        default:
          g_assert_not_reached ();
        }
    }

  json_builder_end_object (builder);
}

static void
add_field (JsonBuilder    *builder,
           CdArticle      *article,
           CdArticleField  field)
{
  add_string (builder, cd_article_field_to_string (field), cd_article_get_field (article, field));
}

GBytes *
cd_json_write (CdArticle *article)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;
  const char * const *keywords;
  const char * const *dictionary;
  const CdDateline *dateline;
  GPtrArray *bylines;
  GPtrArray *records;
  CdBlock *lead;
  GString *out;
  guint n_blocks;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_string (builder, "format", CD_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CD_FORMAT_VERSION);

  add_field (builder, article, CD_ARTICLE_FIELD_ID);
  add_field (builder, article, CD_ARTICLE_FIELD_LANGUAGE);
  add_field (builder, article, CD_ARTICLE_FIELD_STATUS);
  add_field (builder, article, CD_ARTICLE_FIELD_SLUG);
  add_field (builder, article, CD_ARTICLE_FIELD_SECTION);

  keywords = cd_article_get_keywords (article);
  json_builder_set_member_name (builder, "keywords");
  json_builder_begin_array (builder);
  for (guint i = 0; keywords[i] != NULL; i++)
    json_builder_add_string_value (builder, keywords[i]);
  json_builder_end_array (builder);

  add_field (builder, article, CD_ARTICLE_FIELD_HEADLINE);
  add_field (builder, article, CD_ARTICLE_FIELD_SUBHEADLINE);

  bylines = cd_article_get_bylines (article);
  json_builder_set_member_name (builder, "bylines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", byline->name != NULL ? byline->name : "");
      add_string (builder, "title", byline->title != NULL ? byline->title : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  dateline = cd_article_get_dateline (article);
  json_builder_set_member_name (builder, "dateline");
  if (dateline != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "place", dateline->place != NULL ? dateline->place : "");
      add_string (builder, "source", dateline->source != NULL ? dateline->source : "");
      add_string_or_null (builder, "date", dateline->date);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  add_field (builder, article, CD_ARTICLE_FIELD_CREATED);
  add_field (builder, article, CD_ARTICLE_FIELD_MODIFIED);
  add_field (builder, article, CD_ARTICLE_FIELD_PUBLISHED);
  add_field (builder, article, CD_ARTICLE_FIELD_EMBARGO);
  add_field (builder, article, CD_ARTICLE_FIELD_NOTES);

  lead = cd_article_get_lead (article);
  json_builder_set_member_name (builder, "lead");
  if (lead != NULL)
    add_block (builder, lead);
  else
    json_builder_add_null_value (builder);

  n_blocks = cd_article_get_n_blocks (article);
  json_builder_set_member_name (builder, "body");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_blocks; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      /* The paragraph the caret waits in is the editor's, not the story's. */
      if (!cd_block_is_blank_paragraph (block))
        add_block (builder, block);
    }
  json_builder_end_array (builder);

  /* Only when words were added, so older stories keep their bytes. */
  dictionary = cd_article_get_dictionary (article);
  if (dictionary[0] != NULL)
    {
      json_builder_set_member_name (builder, "dictionary");
      json_builder_begin_array (builder);
      for (guint i = 0; dictionary[i] != NULL; i++)
        json_builder_add_string_value (builder, dictionary[i]);
      json_builder_end_array (builder);
    }

  /* Only once published, so a story that never was keeps the bytes it
   * always had. */
  records = cd_article_get_publish_records (article);
  if (records->len > 0)
    {
      json_builder_set_member_name (builder, "published_to");
      json_builder_begin_array (builder);
      for (guint i = 0; i < records->len; i++)
        {
          const CdPublishRecord *record = g_ptr_array_index (records, i);
          g_autofree const char **hashes = cd_publish_record_list_media (record);

          json_builder_begin_object (builder);
          add_string (builder, "site", record->site);
          json_builder_set_member_name (builder, "post_id");
          json_builder_add_int_value (builder, record->post_id);
          add_string (builder, "link", record->link);
          add_string (builder, "modified", record->modified);
          json_builder_set_member_name (builder, "media");
          json_builder_begin_array (builder);
          for (guint j = 0; hashes[j] != NULL; j++)
            {
              json_builder_begin_object (builder);
              add_string (builder, "sha256", hashes[j]);
              json_builder_set_member_name (builder, "id");
              json_builder_add_int_value (builder, cd_publish_record_get_media (record, hashes[j]));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_indent_char (generator, ' ');
  json_generator_set_root (generator, root);

  out = g_string_new (NULL);
  json_generator_to_gstring (generator, out);
  g_string_append_c (out, '\n');

  return g_string_free_to_bytes (out);
}
