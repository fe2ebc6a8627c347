/* cd-ninjs-reader.c: the ninjs reader, 1.x and 2.x, into a story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-ninjs"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-error.h"
#include "cd-html.h"
#include "cd-html-import.h"
#include "cd-json-private.h"
#include "cd-ninjs-private.h"
#include "cd-wire-private.h"

typedef struct
{
  const char *display_name;
  CdArticle  *article;
  GPtrArray  *blocks;
  GError     *error;        /* the first refusal met where no error is returned */
} Reader;

/* The array member @name of @object; NULL when @object is not an object
 * (a ninjs file may hold anything where an object belongs), or has no
 * such member, or it is not an array. */
static const cJSON *
get_array (const cJSON *object,
           const char  *name)
{
  const cJSON *item = cJSON_IsObject (object) ? cJSON_GetObjectItemCaseSensitive (object, name) : NULL;

  return cJSON_IsArray (item) ? item : NULL;
}

/* Whether @member is the first of its name in the object being walked:
 * a name given twice counts once, with its first value, as every lookup
 * by name reads it. */
static gboolean
first_of_name (GHashTable  *seen,
               const cJSON *member)
{
  return g_hash_table_add (seen, member->string);
}

static guint
get_size (const cJSON *object,
          const char  *name)
{
  const cJSON *item = cJSON_IsObject (object) ? cJSON_GetObjectItemCaseSensitive (object, name) : NULL;
  double value;

  /* Other systems write sizes as they like (800.0, 800.5): any number
   * is read, down to the whole pixel. */
  if (!cJSON_IsNumber (item))
    return 0;

  value = item->valuedouble;
  if (value < 1 || value > 100000)
    return 0;

  return (guint) value;
}

static char *
clean_string (const cJSON *object,
              const char  *name)
{
  return _cd_wire_clean_text_or_null (_cd_json_get_string (object, name));
}

static gboolean
role_is (const cJSON *object,
         const char  *role)
{
  const char *value = _cd_json_get_string (object, "role");

  return value != NULL && g_ascii_strcasecmp (value, role) == 0;
}

static gboolean
content_is_html (const cJSON *object)
{
  const char *type = _cd_json_get_string (object, "contenttype");
  g_autofree char *lower = type != NULL ? g_ascii_strdown (type, -1) : NULL;

  return lower != NULL && strstr (lower, "html") != NULL;
}

static void
read_headlines (Reader      *r,
                const cJSON *root)
{
  const cJSON *headlines = get_array (root, "headlines");
  const cJSON *item;
  g_autofree char *headline = NULL;
  g_autofree char *subheadline = NULL;

  cJSON_ArrayForEach (item, headlines)
    {
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
  cJSON_ArrayForEach (item, headlines)
    {
      g_autofree char *value = NULL;

      if (headline != NULL)
        break;

      value = clean_string (item, "value");
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
read_keywords (Reader      *r,
               const cJSON *root)
{
  g_autoptr (GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
  const cJSON *array = get_array (root, "keywords");
  const cJSON *item;

  cJSON_ArrayForEach (item, array)
    {
      if (cJSON_IsString (item))
        {
          char *keyword = _cd_wire_clean_text (item->valuestring);

          if (*keyword != '\0')
            g_ptr_array_add (keywords, keyword);
          else
            g_free (keyword);
        }
    }

  array = get_array (root, "subjects");
  cJSON_ArrayForEach (item, array)
    {
      const char *rel = _cd_json_get_string (item, "rel");
      char *name;

      if (rel == NULL || g_ascii_strcasecmp (rel, "keyword") != 0)
        continue;

      name = clean_string (item, "name");
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
read_metadata (Reader      *r,
               const cJSON *root)
{
  const char *uri = _cd_json_get_string (root, "uri");
  g_autofree char *language = _cd_wire_normalize_language (_cd_json_get_string (root, "language"));
  g_autofree char *created = _cd_wire_normalize_timestamp (_cd_json_get_string (root, "firstcreated"));
  g_autofree char *modified = _cd_wire_normalize_timestamp (_cd_json_get_string (root, "versioncreated"));
  g_autofree char *embargo = _cd_wire_normalize_timestamp (_cd_json_get_string (root, "embargoed"));
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
item_is_picture (const cJSON *item)
{
  const char *type = _cd_json_get_string (item, "type");

  return type != NULL &&
         (g_ascii_strcasecmp (type, "picture") == 0 || g_ascii_strcasecmp (type, "graphic") == 0);
}

/* How much a rendition is worth as the figure's image: NULL when it
 * cannot be used at all. */
static gint
rendition_score (const cJSON *rendition,
                 const char  *name)
{
  static const char * const preferred[] = { "original", "baseImage", "main", "viewImage", "highres", NULL };
  const char *href = _cd_json_get_string (rendition, "href");
  const char *type = _cd_json_get_string (rendition, "contenttype");
  gint score;

  if (type == NULL)
    type = _cd_json_get_string (rendition, "mimetype");

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
static const cJSON *
best_rendition (const cJSON *item)
{
  const cJSON *renditions = cJSON_GetObjectItemCaseSensitive (item, "renditions");
  const cJSON *rendition;
  const cJSON *best = NULL;
  gint best_score = -1;

  if (cJSON_IsArray (renditions))
    {
      cJSON_ArrayForEach (rendition, renditions)
        {
          gint score = cJSON_IsObject (rendition)
                       ? rendition_score (rendition, _cd_json_get_string (rendition, "name")) : -1;

          if (score > best_score)
            {
              best = rendition;
              best_score = score;
            }
        }
    }
  else if (cJSON_IsObject (renditions))
    {
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      cJSON_ArrayForEach (rendition, renditions)
        {
          gint score = first_of_name (seen, rendition) && cJSON_IsObject (rendition)
                       ? rendition_score (rendition, rendition->string) : -1;

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
description (const cJSON *item,
             const char  *role)
{
  const cJSON *descriptions = get_array (item, "descriptions");
  const cJSON *entry;

  cJSON_ArrayForEach (entry, descriptions)
    {
      if (role_is (entry, role))
        return clean_string (entry, "value");
    }

  return NULL;
}

/* The caption of a picture: a description that is not the alt text,
 * preferring the plain-text one. */
static char *
picture_caption (Reader      *r,
                 const cJSON *item)
{
  const cJSON *descriptions = get_array (item, "descriptions");
  const cJSON *entry;
  char *caption = description (item, "caption");

  for (guint pass = 0; caption == NULL && pass < 2; pass++)
    {
      cJSON_ArrayForEach (entry, descriptions)
        {
          if (caption != NULL)
            break;
          if (!cJSON_IsObject (entry) || role_is (entry, "alt"))
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
picture_block (Reader      *r,
               const cJSON *item)
{
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_FIGURE);
  const cJSON *rendition = best_rendition (item);
  g_autofree char *src = rendition != NULL
                         ? _cd_wire_figure_src (r->article, _cd_json_get_string (rendition, "href")) : NULL;
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
read_association (Reader       *r,
                  const char   *name,
                  const cJSON  *item,
                  CdBlock     **lead,
                  GPtrArray    *extra)
{
  g_autoptr (CdBlock) block = NULL;
  gboolean named_lead = name != NULL &&
                        (g_ascii_strcasecmp (name, CD_NINJS_LEAD_ASSOCIATION) == 0 ||
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
read_associations (Reader      *r,
                   const cJSON *root)
{
  g_autoptr (GPtrArray) extra = g_ptr_array_new_with_free_func (g_object_unref);
  const cJSON *associations = cJSON_GetObjectItemCaseSensitive (root, "associations");
  const cJSON *item;
  CdBlock *lead = NULL;

  if (cJSON_IsArray (associations))
    {
      cJSON_ArrayForEach (item, associations)
        {
          if (cJSON_IsObject (item))
            read_association (r, _cd_json_get_string (item, "name"), item, &lead, extra);
        }
    }
  else if (cJSON_IsObject (associations))
    {
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      cJSON_ArrayForEach (item, associations)
        {
          if (first_of_name (seen, item) && cJSON_IsObject (item))
            read_association (r, item->string, item, &lead, extra);
        }
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
read_body (Reader       *r,
           const cJSON  *root,
           char        **dateline,
           GError      **error)
{
  const cJSON *bodies = get_array (root, "bodies");
  const cJSON *body;
  const char *html = NULL;
  const char *plain = NULL;

  cJSON_ArrayForEach (body, bodies)
    {
      const char *value = _cd_json_get_string (body, "value");

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
      html = _cd_json_get_string (root, "body_html");
      plain = _cd_json_get_string (root, "body_text");
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
read_people (Reader      *r,
             const cJSON *root,
             gboolean     picture)
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
read_located (Reader      *r,
              const cJSON *root,
              const char  *body_dateline)
{
  g_autofree char *located = clean_string (root, "located");
  const char *date = _cd_json_get_string (root, "contentcreated");
  g_autoptr (CdDateline) dateline = NULL;

  dateline = _cd_wire_dateline_new (located != NULL ? located : body_dateline, date);
  if (dateline != NULL)
    cd_article_set_dateline (r->article, dateline);
}

gboolean
_cd_ninjs_looks_like_ninjs (const cJSON *root)
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

  g_return_val_if_fail (cJSON_IsObject (root), FALSE);

  /* A body of blocks is Copydesk's, whatever else the object holds. */
  if (cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (root, "body")))
    return FALSE;

  for (guint i = 0; article_members[i] != NULL; i++)
    {
      if (cJSON_GetObjectItemCaseSensitive (root, article_members[i]) != NULL)
        return FALSE;
    }

  for (guint i = 0; ninjs_members[i] != NULL; i++)
    {
      if (cJSON_GetObjectItemCaseSensitive (root, ninjs_members[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

CdArticle *
_cd_ninjs_read_root (const cJSON  *root,
                     const char   *display_name,
                     GError      **error)
{
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *body_dateline = NULL;
  gboolean picture;
  Reader r;

  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the file is empty"), display_name);
      return NULL;
    }

  if (!cJSON_IsObject (root))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: not a ninjs story: the top level is not a JSON object"), display_name);
      return NULL;
    }

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
  g_autoptr (cJSON) root = NULL;

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

  root = _cd_json_parse (data, length, CD_JSON_MAX_DEPTH, FALSE, display_name, error);
  if (root == NULL)
    return NULL;

  return _cd_ninjs_read_root (root, display_name, error);
}
