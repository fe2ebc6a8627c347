/* cd-ninjs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-ninjs"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cd-error.h"
#include "cd-html.h"
#include "cd-html-import.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-ninjs.h"
#include "cd-stats.h"
#include "cd-wire-private.h"

#define LEAD_ASSOCIATION "featuremedia"

/* Writing */

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* The schema checks every uri and href against RFC 3986: characters a
 * URI may not hold are percent-encoded, escapes already there are kept. */
static char *
make_uri (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));
  gboolean seen_fragment = FALSE;

  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~!$&'()*+,;=:@/?", *p) != NULL)
        {
          g_string_append_c (out, (char) *p);
        }
      else if (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, '%');
        }
      else if (*p == '#' && !seen_fragment)
        {
          g_string_append_c (out, '#');
          seen_fragment = TRUE;
        }
      else
        {
          g_string_append_printf (out, "%%%02X", *p);
        }
    }

  return g_string_free (out, FALSE);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  g_autofree char *clean = NULL;

  if (is_empty (value))
    return;

  clean = _cd_wire_clean_text (value);
  if (*clean == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, clean);
}

static void
add_timestamp (JsonBuilder *builder,
               const char  *name,
               const char  *value)
{
  g_autofree char *stamp = _cd_wire_normalize_timestamp (value);

  if (stamp == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, stamp);
}

static void
add_text_object (JsonBuilder *builder,
                 const char  *role,
                 const char  *value)
{
  g_autofree char *clean = _cd_wire_clean_text (value);

  if (*clean == '\0')
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "contenttype");
  json_builder_add_string_value (builder, "text/plain");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, clean);
  json_builder_end_object (builder);
}

static char *
story_uri (CdArticle *article)
{
  const char *id = cd_article_get_field (article, CD_ARTICLE_FIELD_ID);
  g_autofree char *escaped = NULL;

  if (g_uuid_string_is_valid (id))
    {
      g_autofree char *lower = g_ascii_strdown (id, -1);

      return g_strconcat ("urn:uuid:", lower, NULL);
    }

  if (is_empty (id))
    {
      g_autofree char *fresh = g_uuid_string_random ();

      return g_strconcat ("urn:uuid:", fresh, NULL);
    }

  escaped = g_uri_escape_string (id, NULL, FALSE);
  return g_strconcat ("urn:copydesk:", escaped, NULL);
}

static char *
parts_uri (CdArticle *article)
{
  const char *id = cd_article_get_field (article, CD_ARTICLE_FIELD_ID);
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("urn:copydesk:", escaped, NULL);
}

static char *
image_mime_type (GBytes     *bytes,
                 const char *name)
{
  g_autofree char *content_type = NULL;
  g_autofree char *mime = NULL;

  /* A picture in the story is what its bytes are; only a web address is
   * known by its name alone. */
  if (bytes != NULL)
    {
      CdMediaInfo info;

      return cd_media_sniff (bytes, name, &info, NULL) ? g_strdup (info.mime_type) : NULL;
    }

  content_type = g_content_type_guess (name, NULL, 0, NULL);
  if (content_type == NULL)
    return NULL;

  mime = g_content_type_get_mime_type (content_type);
  if (mime == NULL || !g_str_has_prefix (mime, "image/"))
    return NULL;

  return g_steal_pointer (&mime);
}

/* @base_uri names the story's parts: "urn:copydesk:ID". */
static void
add_association (JsonBuilder *builder,
                 CdArticle   *article,
                 CdBlock     *figure,
                 const char  *name,
                 const char  *base_uri)
{
  const char *src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  const char *caption = cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION);
  const char *alt = cd_block_get_field (figure, CD_BLOCK_FIELD_ALT);
  g_autofree char *uri = NULL;
  g_autofree char *href = NULL;
  g_autofree char *mime = NULL;
  guint width = cd_block_get_width (figure);
  guint height = cd_block_get_height (figure);

  if (g_str_has_prefix (src, "https://"))
    {
      uri = make_uri (src);
      href = g_strdup (uri);
      mime = image_mime_type (NULL, src);
    }
  else
    {
      g_autofree char *escaped = NULL;
      GBytes *bytes = NULL;

      if (g_str_has_prefix (src, "media/"))
        {
          escaped = g_uri_escape_string (src + strlen ("media/"), NULL, FALSE);
          uri = g_strconcat (base_uri, ":media:", escaped, NULL);
          bytes = cd_article_get_media (article, src);
        }
      else
        {
          escaped = g_uri_escape_string (cd_block_get_id (figure), NULL, FALSE);
          uri = g_strconcat (base_uri, ":figure:", escaped, NULL);
        }

      /* A self-contained file: the picture travels inside it. */
      if (bytes != NULL)
        mime = image_mime_type (bytes, src);
      if (bytes != NULL && mime != NULL)
        {
          g_autofree char *base64 = g_base64_encode (g_bytes_get_data (bytes, NULL),
                                                     g_bytes_get_size (bytes));

          href = g_strconcat ("data:", mime, ";base64,", base64, NULL);
        }
    }

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "picture");

  add_member (builder, "by", cd_block_get_field (figure, CD_BLOCK_FIELD_CREDIT));

  if (!is_empty (caption) || !is_empty (alt))
    {
      json_builder_set_member_name (builder, "descriptions");
      json_builder_begin_array (builder);
      if (!is_empty (caption))
        add_text_object (builder, "caption", caption);
      if (!is_empty (alt))
        add_text_object (builder, "alt", alt);
      json_builder_end_array (builder);
    }

  if (href != NULL)
    {
      json_builder_set_member_name (builder, "renditions");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "original");
      json_builder_set_member_name (builder, "href");
      json_builder_add_string_value (builder, href);
      if (mime != NULL)
        {
          json_builder_set_member_name (builder, "contenttype");
          json_builder_add_string_value (builder, mime);
        }
      if (width > 0 && height > 0)
        {
          json_builder_set_member_name (builder, "width");
          json_builder_add_int_value (builder, width);
          json_builder_set_member_name (builder, "height");
          json_builder_add_int_value (builder, height);
        }
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

static void
subtract_text (guint      *words,
               guint      *characters,
               const char *text)
{
  guint w;
  guint c;

  if (is_empty (text))
    return;

  w = cd_stats_count_words (text);
  c = (guint) g_utf8_strlen (text, -1);
  *words -= MIN (*words, w);
  *characters -= MIN (*characters, c);
}

/* cd_stats counts the headline, the subheadline and captions too; ninjs
 * counts the body alone, "excluding figure captions". */
static void
count_body (CdArticle *article,
            guint     *words,
            guint     *characters)
{
  CdStats stats;
  CdBlock *lead = cd_article_get_lead (article);
  guint n_blocks = cd_article_get_n_blocks (article);

  cd_stats_compute (article, &stats);
  *words = stats.words;
  *characters = stats.characters;

  subtract_text (words, characters, cd_article_get_headline (article));
  subtract_text (words, characters, cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));
  if (lead != NULL)
    subtract_text (words, characters, cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION));

  for (guint i = 0; i < n_blocks; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        subtract_text (words, characters, cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION));
    }
}

static char *
body_html (CdArticle *article)
{
  CdHtmlOptions options;
  GString *out = g_string_new (NULL);
  guint n_blocks = cd_article_get_n_blocks (article);

  /* The headline, bylines and lead photo have ninjs members of their
   * own; the body is the blocks, exactly as the HTML export has them. */
  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  options.embeds = CD_EMBEDS_STATIC;
  options.inline_media = TRUE;

  for (guint i = 0; i < n_blocks; i++)
    {
      g_autofree char *html = cd_html_write_block (article, cd_article_get_block (article, i), &options);

      g_string_append (out, html);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
write_located (JsonBuilder *builder,
               CdArticle   *article)
{
  const CdDateline *dateline = cd_article_get_dateline (article);
  g_autofree char *place = NULL;
  g_autofree char *source = NULL;
  g_autofree char *date = NULL;
  g_autofree char *located = NULL;

  if (dateline == NULL)
    return;

  place = _cd_wire_clean_text (dateline->place);
  source = _cd_wire_clean_text (dateline->source);

  if (*place != '\0' && *source != '\0')
    located = g_strdup_printf ("%s (%s)", place, source);
  else if (*source != '\0')
    located = g_strdup_printf ("(%s)", source);
  else
    located = g_strdup (place);

  add_member (builder, "located", located);

  /* ninjs has no dateline date; the day the story is datelined is the
   * day its content was made. */
  date = _cd_wire_normalize_date (dateline->date);
  if (date != NULL)
    {
      g_autofree char *stamp = g_strconcat (date, "T00:00:00Z", NULL);

      json_builder_set_member_name (builder, "contentcreated");
      json_builder_add_string_value (builder, stamp);
    }
}

GBytes *
cd_ninjs_write (CdArticle  *article,
                GError    **error)
{
  g_autoptr(CdArticle) written = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *base_uri = NULL;
  g_autofree char *language = NULL;
  g_autofree char *by = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json = NULL;
  const char *status = cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS);
  const char * const *keywords;
  CdBlock *lead;
  guint n_blocks;
  guint words;
  guint characters;
  gsize length;
  gboolean has_figures = FALSE;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Empty paragraphs held the caret while editing; they are no part of
   * the story sent out. */
  written = cd_article_without_blank_paragraphs (article);
  article = written;

  uri = story_uri (article);
  base_uri = parts_uri (article);
  language = _cd_wire_normalize_language (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE));
  by = _cd_wire_format_by (cd_article_get_bylines (article));
  keywords = cd_article_get_keywords (article);
  lead = cd_article_get_lead (article);
  n_blocks = cd_article_get_n_blocks (article);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, "1");

  add_timestamp (builder, "firstcreated", cd_article_get_field (article, CD_ARTICLE_FIELD_CREATED));
  add_timestamp (builder, "versioncreated", cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED));
  add_timestamp (builder, "embargoed", cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO));

  json_builder_set_member_name (builder, "pubstatus");
  json_builder_add_string_value (builder,
                                 g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "published") == 0
                                 ? "usable" : "withheld");

  if (language != NULL)
    {
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, language);
    }

  if (!is_empty (cd_article_get_headline (article)) ||
      !is_empty (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE)))
    {
      json_builder_set_member_name (builder, "headlines");
      json_builder_begin_array (builder);
      add_text_object (builder, "main", cd_article_get_headline (article));
      add_text_object (builder, "sub", cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));
      json_builder_end_array (builder);
    }

  add_member (builder, "by", by);
  write_located (builder, article);
  add_member (builder, "slugline", cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG));

  if (keywords[0] != NULL)
    {
      json_builder_set_member_name (builder, "subjects");
      json_builder_begin_array (builder);
      for (guint i = 0; keywords[i] != NULL; i++)
        {
          g_autofree char *keyword = _cd_wire_clean_text (keywords[i]);

          if (*keyword == '\0')
            continue;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, keyword);
          json_builder_set_member_name (builder, "rel");
          json_builder_add_string_value (builder, "keyword");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  html = body_html (article);
  count_body (article, &words, &characters);

  json_builder_set_member_name (builder, "bodies");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "main");
  json_builder_set_member_name (builder, "contenttype");
  json_builder_add_string_value (builder, "text/html");
  json_builder_set_member_name (builder, "charcount");
  json_builder_add_int_value (builder, characters);
  json_builder_set_member_name (builder, "wordcount");
  json_builder_add_int_value (builder, words);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, html);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  for (guint i = 0; i < n_blocks && !has_figures; i++)
    has_figures = cd_block_get_block_type (cd_article_get_block (article, i)) == CD_BLOCK_FIGURE;

  if (lead != NULL || has_figures)
    {
      json_builder_set_member_name (builder, "associations");
      json_builder_begin_array (builder);

      if (lead != NULL)
        add_association (builder, article, lead, LEAD_ASSOCIATION, base_uri);

      for (guint i = 0; i < n_blocks; i++)
        {
          CdBlock *block = cd_article_get_block (article, i);

          if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
            add_association (builder, article, block, cd_block_get_id (block), base_uri);
        }

      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);

  /* Files end with a line break, as text files do. */
  {
    char *terminated = g_strconcat (json, "\n", NULL);

    return g_bytes_new_take (terminated, length + 1);
  }
}

/* Reading */

typedef struct
{
  const char *display_name;
  CdArticle  *article;
  GPtrArray  *blocks;
  GError     *error;        /* the first refusal met where no error is returned */
} Reader;

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static guint
get_size (JsonObject *object,
          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  gdouble value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = (gdouble) json_node_get_int (node);
      break;

    case G_TYPE_DOUBLE:
      value = json_node_get_double (node);
      break;

    default:
      return 0;
    }

  if (value < 1 || value > 100000)
    return 0;

  return (guint) value;
}

static char *
clean_string (JsonObject *object,
              const char *name)
{
  return _cd_wire_clean_text_or_null (get_string (object, name));
}

static gboolean
role_is (JsonObject *object,
         const char *role)
{
  const char *value = get_string (object, "role");

  return value != NULL && g_ascii_strcasecmp (value, role) == 0;
}

static gboolean
content_is_html (JsonObject *object)
{
  const char *type = get_string (object, "contenttype");
  g_autofree char *lower = type != NULL ? g_ascii_strdown (type, -1) : NULL;

  return lower != NULL && strstr (lower, "html") != NULL;
}

static void
read_headlines (Reader     *r,
                JsonObject *root)
{
  JsonArray *headlines = get_array (root, "headlines");
  g_autofree char *headline = NULL;
  g_autofree char *subheadline = NULL;
  guint n = headlines != NULL ? json_array_get_length (headlines) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = array_object (headlines, i);
      g_autofree char *value = clean_string (item, "value");

      if (value == NULL)
        continue;

      if (role_is (item, "main") && headline == NULL)
        headline = g_steal_pointer (&value);
      else if (subheadline == NULL &&
               (role_is (item, "sub") || role_is (item, "subheadline") ||
                role_is (item, "subtitle") || role_is (item, "subhead")))
        subheadline = g_steal_pointer (&value);
    }

  /* Without a main role, the first headline is the headline. */
  for (guint i = 0; headline == NULL && i < n; i++)
    {
      JsonObject *item = array_object (headlines, i);
      g_autofree char *value = clean_string (item, "value");

      if (value != NULL && g_strcmp0 (value, subheadline) != 0)
        headline = g_steal_pointer (&value);
    }

  if (headline == NULL)
    headline = clean_string (root, "headline");
  if (subheadline == NULL)
    subheadline = clean_string (root, "subheadline");

  if (headline != NULL)
    cd_article_set_headline (r->article, headline);
  if (subheadline != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_SUBHEADLINE, subheadline);
}

static void
read_keywords (Reader     *r,
               JsonObject *root)
{
  g_autoptr (GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = get_array (root, "keywords");
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          char *keyword = _cd_wire_clean_text (json_node_get_string (node));

          if (*keyword != '\0')
            g_ptr_array_add (keywords, keyword);
          else
            g_free (keyword);
        }
    }

  array = get_array (root, "subjects");
  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      const char *rel = get_string (array_object (array, i), "rel");
      char *name;

      if (rel == NULL || g_ascii_strcasecmp (rel, "keyword") != 0)
        continue;

      name = clean_string (array_object (array, i), "name");
      if (name != NULL)
        g_ptr_array_add (keywords, name);
    }

  if (keywords->len > 0)
    {
      g_ptr_array_add (keywords, NULL);
      cd_article_set_keywords (r->article, (const char * const *) keywords->pdata);
    }
}

static void
read_metadata (Reader     *r,
               JsonObject *root)
{
  const char *uri = get_string (root, "uri");
  g_autofree char *language = _cd_wire_normalize_language (get_string (root, "language"));
  g_autofree char *created = _cd_wire_normalize_timestamp (get_string (root, "firstcreated"));
  g_autofree char *modified = _cd_wire_normalize_timestamp (get_string (root, "versioncreated"));
  g_autofree char *embargo = _cd_wire_normalize_timestamp (get_string (root, "embargoed"));
  g_autofree char *slug = clean_string (root, "slugline");

  if (uri != NULL && g_ascii_strncasecmp (uri, "urn:uuid:", 9) == 0 &&
      g_uuid_string_is_valid (uri + 9))
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_ID, uri + 9);

  if (language != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_LANGUAGE, language);
  if (created != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_CREATED, created);
  if (modified != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_MODIFIED, modified);
  if (embargo != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_EMBARGO, embargo);
  if (slug != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_SLUG, slug);

  read_headlines (r, root);
  read_keywords (r, root);
}

static gboolean
item_is_picture (JsonObject *item)
{
  const char *type = get_string (item, "type");

  return type != NULL &&
         (g_ascii_strcasecmp (type, "picture") == 0 || g_ascii_strcasecmp (type, "graphic") == 0);
}

/* How much a rendition is worth as the figure's image: NULL when it
 * cannot be used at all. */
static gint
rendition_score (JsonObject *rendition,
                 const char *name)
{
  static const char * const preferred[] = { "original", "baseImage", "main", "viewImage", "highres", NULL };
  const char *href = get_string (rendition, "href");
  const char *type = get_string (rendition, "contenttype");
  gint score;

  if (type == NULL)
    type = get_string (rendition, "mimetype");

  if (href == NULL ||
      (g_ascii_strncasecmp (href, "https://", 8) != 0 && g_ascii_strncasecmp (href, "data:image/", 11) != 0))
    return -1;
  if (type != NULL && g_ascii_strncasecmp (type, "image/", 6) != 0)
    return -1;

  score = (gint) MIN (get_size (rendition, "width"), 20000u);
  for (guint i = 0; preferred[i] != NULL; i++)
    {
      if (name != NULL && g_ascii_strcasecmp (name, preferred[i]) == 0)
        score += 100000 * (gint) (G_N_ELEMENTS (preferred) - i);
    }

  return score;
}

/* The best usable rendition of @item (2.x array or 1.x object). */
static JsonObject *
best_rendition (JsonObject *item)
{
  JsonNode *node = json_object_get_member (item, "renditions");
  JsonObject *best = NULL;
  gint best_score = -1;

  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *rendition = array_object (array, i);
          gint score = rendition != NULL ? rendition_score (rendition, get_string (rendition, "name")) : -1;

          if (score > best_score)
            {
              best = rendition;
              best_score = score;
            }
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *rendition = get_object (object, l->data);
          gint score = rendition != NULL ? rendition_score (rendition, l->data) : -1;

          if (score > best_score)
            {
              best = rendition;
              best_score = score;
            }
        }
    }

  return best;
}

static char *
description (JsonObject *item,
             const char *role)
{
  JsonArray *descriptions = get_array (item, "descriptions");
  guint n = descriptions != NULL ? json_array_get_length (descriptions) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = array_object (descriptions, i);

      if (entry != NULL && role_is (entry, role))
        return clean_string (entry, "value");
    }

  return NULL;
}

/* The caption of a picture: a description that is not the alt text,
 * preferring the plain-text one. */
static char *
picture_caption (Reader     *r,
                 JsonObject *item)
{
  JsonArray *descriptions = get_array (item, "descriptions");
  guint n = descriptions != NULL ? json_array_get_length (descriptions) : 0;
  char *caption = description (item, "caption");

  for (guint pass = 0; caption == NULL && pass < 2; pass++)
    {
      for (guint i = 0; caption == NULL && i < n; i++)
        {
          JsonObject *entry = array_object (descriptions, i);

          if (entry == NULL || role_is (entry, "alt"))
            continue;
          if (pass == 0 && content_is_html (entry))
            continue;

          caption = clean_string (entry, "value");
          if (caption != NULL && pass == 1)
            {
              /* HTML in a caption keeps only its text. */
              g_autoptr (GError) local_error = NULL;
              g_autoptr (GPtrArray) blocks = cd_html_import_blocks (caption, strlen (caption),
                                                                    r->display_name, NULL, NULL,
                                                                    &local_error);
              g_autoptr (GString) text = g_string_new (NULL);

              /* A caption that cannot be read whole refuses the story,
               * rather than leaving the picture without it. */
              if (blocks == NULL && r->error == NULL)
                r->error = g_steal_pointer (&local_error);

              for (guint b = 0; blocks != NULL && b < blocks->len; b++)
                {
                  const char *part = cd_block_get_text (g_ptr_array_index (blocks, b));

                  if (*part != '\0')
                    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", part);
                }

              g_free (caption);
              caption = text->len > 0 ? g_strdup (text->str) : NULL;
            }
        }
    }

  if (caption == NULL)
    caption = clean_string (item, "description_text");

  return caption;
}

static CdBlock *
picture_block (Reader     *r,
               JsonObject *item)
{
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_FIGURE);
  JsonObject *rendition = best_rendition (item);
  g_autofree char *src = rendition != NULL ? _cd_wire_figure_src (r->article, get_string (rendition, "href")) : NULL;
  g_autofree char *caption = picture_caption (r, item);
  g_autofree char *alt = description (item, "alt");
  g_autofree char *credit = clean_string (item, "by");

  if (alt == NULL)
    alt = clean_string (item, "alt_text");
  if (credit == NULL)
    credit = clean_string (item, "byline");

  if (src == NULL && caption == NULL && credit == NULL)
    return NULL;

  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src != NULL ? src : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt != NULL ? alt : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption != NULL ? caption : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, credit != NULL ? credit : "");
  if (src != NULL)
    cd_block_set_size (block, get_size (rendition, "width"), get_size (rendition, "height"));

  return g_steal_pointer (&block);
}

static gboolean
body_has_block (Reader     *r,
                const char *id,
                const char *src)
{
  for (guint i = 0; i < r->blocks->len; i++)
    {
      CdBlock *block = g_ptr_array_index (r->blocks, i);

      if (id != NULL && g_strcmp0 (cd_block_get_id (block), id) == 0)
        return TRUE;
      if (src != NULL && *src != '\0' && cd_block_get_block_type (block) == CD_BLOCK_FIGURE &&
          g_strcmp0 (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), src) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
read_association (Reader     *r,
                  const char *name,
                  JsonObject *item,
                  CdBlock   **lead,
                  GPtrArray  *extra)
{
  g_autoptr (CdBlock) block = NULL;
  gboolean named_lead = name != NULL &&
                        (g_ascii_strcasecmp (name, LEAD_ASSOCIATION) == 0 ||
                         g_ascii_strcasecmp (name, "featureimage") == 0);

  if (item == NULL || (!item_is_picture (item) && !named_lead && best_rendition (item) == NULL))
    return;

  block = picture_block (r, item);
  if (block == NULL)
    return;

  /* Figures already in the body (by block id or by image) stay there. */
  if (!named_lead && body_has_block (r, name, cd_block_get_field (block, CD_BLOCK_FIELD_SRC)))
    return;

  if (named_lead && *lead == NULL)
    *lead = g_steal_pointer (&block);
  else
    g_ptr_array_add (extra, g_steal_pointer (&block));
}

/* Pictures associated with the story: the one named featuremedia is the
 * lead, else the first picture; the others follow the body. */
static void
read_associations (Reader     *r,
                   JsonObject *root)
{
  g_autoptr (GPtrArray) extra = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *node = json_object_get_member (root, "associations");
  CdBlock *lead = NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = array_object (array, i);

          read_association (r, item != NULL ? get_string (item, "name") : NULL, item, &lead, extra);
        }
    }
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        read_association (r, l->data, get_object (object, l->data), &lead, extra);
    }

  if (lead == NULL && extra->len > 0 && cd_article_get_lead (r->article) == NULL)
    lead = g_ptr_array_steal_index (extra, 0);

  if (lead != NULL && cd_article_get_lead (r->article) == NULL)
    cd_article_set_lead (r->article, lead);
  g_clear_object (&lead);

  for (guint i = 0; i < extra->len; i++)
    g_ptr_array_add (r->blocks, g_object_ref (g_ptr_array_index (extra, i)));
}

static void
read_plain_body (Reader     *r,
                 const char *text)
{
  g_autofree char *normalized = g_strdup (text);
  g_auto (GStrv) paragraphs = NULL;

  /* Paragraphs are separated by blank lines, or, in text without any, by
   * single line breaks. */
  g_strdelimit (normalized, "\r", '\n');
  paragraphs = strstr (normalized, "\n\n") != NULL
               ? g_strsplit (normalized, "\n\n", -1)
               : g_strsplit (normalized, "\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *clean = _cd_wire_clean_text (paragraphs[i]);
      CdBlock *block;

      if (*clean == '\0')
        continue;

      block = cd_block_new (CD_BLOCK_PARAGRAPH);
      cd_block_set_text (block, clean);
      g_ptr_array_add (r->blocks, block);
    }
}

static gboolean
read_body (Reader      *r,
           JsonObject  *root,
           char       **dateline,
           GError     **error)
{
  JsonArray *bodies = get_array (root, "bodies");
  guint n = bodies != NULL ? json_array_get_length (bodies) : 0;
  const char *html = NULL;
  const char *plain = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *body = array_object (bodies, i);
      const char *value = get_string (body, "value");

      if (value == NULL)
        continue;

      if (content_is_html (body))
        {
          if (html == NULL)
            html = value;
        }
      else if (plain == NULL)
        {
          plain = value;
        }
    }

  if (html == NULL && plain == NULL)
    {
      html = get_string (root, "body_html");
      plain = get_string (root, "body_text");
    }

  if (html != NULL)
    {
      g_autoptr (GPtrArray) blocks = cd_html_import_blocks (html, strlen (html), r->display_name,
                                                            r->article, dateline, error);

      if (blocks == NULL)
        return FALSE;

      g_ptr_array_extend_and_steal (r->blocks, g_steal_pointer (&blocks));
    }
  else if (plain != NULL)
    {
      read_plain_body (r, plain);
    }

  return TRUE;
}

static void
read_people (Reader     *r,
             JsonObject *root,
             gboolean    picture)
{
  g_autofree char *by = clean_string (root, "by");

  if (by == NULL)
    by = clean_string (root, "byline");

  /* A picture's "by" is its photographer, the lead's credit. */
  if (by != NULL && !picture)
    {
      g_autoptr (GPtrArray) bylines = _cd_wire_parse_by (by);

      cd_article_set_bylines (r->article, bylines);
    }
}

static void
read_located (Reader     *r,
              JsonObject *root,
              const char *body_dateline)
{
  g_autofree char *located = clean_string (root, "located");
  const char *date = get_string (root, "contentcreated");
  g_autoptr (CdDateline) dateline = NULL;

  dateline = _cd_wire_dateline_new (located != NULL ? located : body_dateline, date);
  if (dateline != NULL)
    cd_article_set_dateline (r->article, dateline);
}

gboolean
_cd_ninjs_looks_like_ninjs (JsonObject *root)
{
  /* Members only article.json has; ninjs has "bodies", "byline",
   * "located" and "descriptions" for these. */
  static const char * const article_members[] = {
    "bylines", "dateline", "lead", "notes", "subheadline", NULL
  };
  /* Members only ninjs has; every version requires "uri". */
  static const char * const ninjs_members[] = {
    "uri", "headlines", "bodies", "body_html", "body_text", "renditions",
    "associations", "descriptions", NULL
  };
  JsonNode *body = json_object_get_member (root, "body");

  g_return_val_if_fail (root != NULL, FALSE);

  /* A body of blocks is Copydesk's, whatever else the object holds. */
  if (body != NULL && JSON_NODE_HOLDS_ARRAY (body))
    return FALSE;

  for (guint i = 0; article_members[i] != NULL; i++)
    {
      if (json_object_has_member (root, article_members[i]))
        return FALSE;
    }

  for (guint i = 0; ninjs_members[i] != NULL; i++)
    {
      if (json_object_has_member (root, ninjs_members[i]))
        return TRUE;
    }

  return FALSE;
}

CdArticle *
_cd_ninjs_read_root (JsonNode    *root_node,
                     const char  *display_name,
                     GError     **error)
{
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *body_dateline = NULL;
  JsonObject *root;
  gboolean picture;
  Reader r;

  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root_node == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the file is empty"), display_name);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: not a ninjs story: the top level is not a JSON object"), display_name);
      return NULL;
    }

  root = json_node_get_object (root_node);
  if (!_cd_ninjs_looks_like_ninjs (root))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: not a ninjs story: it has none of uri, headlines, bodies or associations, "
                     "or has members of article.json"),
                   display_name);
      return NULL;
    }

  article = cd_article_new ();
  r.error = NULL;
  r.display_name = display_name;
  r.article = article;
  r.blocks = blocks;

  picture = item_is_picture (root);

  read_metadata (&r, root);
  read_people (&r, root, picture);

  if (!read_body (&r, root, &body_dateline, error))
    return NULL;

  read_located (&r, root, body_dateline);

  /* A picture item is its own lead photo. */
  if (picture)
    {
      g_autoptr (CdBlock) lead = picture_block (&r, root);

      if (lead != NULL)
        cd_article_set_lead (article, lead);
    }

  read_associations (&r, root);

  if (r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      return NULL;
    }

  for (guint i = 0; i < blocks->len; i++)
    cd_article_append_block (article, g_ptr_array_index (blocks, i));

  return g_steal_pointer (&article);
}

CdArticle *
cd_ninjs_read (const char  *data,
               gsize        length,
               const char  *display_name,
               GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  const char *invalid_byte;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > CD_WIRE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size_full (CD_WIRE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the file is larger than %s, the most a wire story may be"),
                   display_name, limit);
      return NULL;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!g_utf8_validate_len (data, length, &invalid_byte))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                   _("%s: not UTF-8 text: invalid byte 0x%02X at offset %zu"),
                   display_name, (guchar) *invalid_byte, (size_t) (invalid_byte - data));
      return NULL;
    }

  if (!_cd_json_check_structure (data, length, CD_JSON_MAX_DEPTH, FALSE, display_name, error))
    return NULL;

  parser = json_parser_new ();
  if (!_cd_json_parser_load (parser, data, length, display_name, error))
    return NULL;

  return _cd_ninjs_read_root (json_parser_get_root (parser), display_name, error);
}
