/* cd-ninjs.c: the ninjs writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-ninjs"

#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "cd-html.h"
#include "cd-media.h"
#include "cd-ninjs-private.h"
#include "cd-stats.h"
#include "cd-wire-private.h"

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
add_member (cJSON      *object,
            const char *name,
            const char *value)
{
  g_autofree char *clean = NULL;

  if (is_empty (value))
    return;

  clean = _cd_wire_clean_text (value);
  if (*clean == '\0')
    return;

  cJSON_AddStringToObject (object, name, clean);
}

static void
add_timestamp (cJSON      *object,
               const char *name,
               const char *value)
{
  g_autofree char *stamp = _cd_wire_normalize_timestamp (value);

  if (stamp == NULL)
    return;

  cJSON_AddStringToObject (object, name, stamp);
}

static void
add_text_object (cJSON      *array,
                 const char *role,
                 const char *value)
{
  g_autofree char *clean = _cd_wire_clean_text (value);
  cJSON *text;

  if (*clean == '\0')
    return;

  text = cJSON_CreateObject ();
  cJSON_AddStringToObject (text, "role", role);
  cJSON_AddStringToObject (text, "contenttype", "text/plain");
  cJSON_AddStringToObject (text, "value", clean);
  cJSON_AddItemToArray (array, text);
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
add_association (cJSON      *associations,
                 CdArticle  *article,
                 CdBlock    *figure,
                 const char *name,
                 const char *base_uri)
{
  const char *src = cd_block_get_field (figure, CD_BLOCK_FIELD_SRC);
  const char *caption = cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION);
  const char *alt = cd_block_get_field (figure, CD_BLOCK_FIELD_ALT);
  g_autofree char *uri = NULL;
  g_autofree char *href = NULL;
  g_autofree char *mime = NULL;
  guint width = cd_block_get_width (figure);
  guint height = cd_block_get_height (figure);
  cJSON *association;

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

  association = cJSON_CreateObject ();
  cJSON_AddItemToArray (associations, association);

  cJSON_AddStringToObject (association, "name", name);
  cJSON_AddStringToObject (association, "uri", uri);
  cJSON_AddStringToObject (association, "type", "picture");

  add_member (association, "by", cd_block_get_field (figure, CD_BLOCK_FIELD_CREDIT));

  if (!is_empty (caption) || !is_empty (alt))
    {
      cJSON *descriptions = cJSON_AddArrayToObject (association, "descriptions");

      if (!is_empty (caption))
        add_text_object (descriptions, "caption", caption);
      if (!is_empty (alt))
        add_text_object (descriptions, "alt", alt);
    }

  if (href != NULL)
    {
      cJSON *renditions = cJSON_AddArrayToObject (association, "renditions");
      cJSON *original = cJSON_CreateObject ();

      cJSON_AddItemToArray (renditions, original);
      cJSON_AddStringToObject (original, "name", "original");
      cJSON_AddStringToObject (original, "href", href);
      if (mime != NULL)
        cJSON_AddStringToObject (original, "contenttype", mime);
      if (width > 0 && height > 0)
        {
          cJSON_AddNumberToObject (original, "width", width);
          cJSON_AddNumberToObject (original, "height", height);
        }
    }
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
write_located (cJSON     *root,
               CdArticle *article)
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

  add_member (root, "located", located);

  /* ninjs has no dateline date; the day the story is datelined is the
   * day its content was made. */
  date = _cd_wire_normalize_date (dateline->date);
  if (date != NULL)
    {
      g_autofree char *stamp = g_strconcat (date, "T00:00:00Z", NULL);

      cJSON_AddStringToObject (root, "contentcreated", stamp);
    }
}

GBytes *
cd_ninjs_write (CdArticle  *article,
                GError    **error)
{
  g_autoptr(CdArticle) written = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *base_uri = NULL;
  g_autofree char *language = NULL;
  g_autofree char *by = NULL;
  g_autofree char *html = NULL;
  const char *status = cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS);
  const char * const *keywords;
  CdBlock *lead;
  cJSON *root;
  cJSON *body;
  char *json;
  char *terminated;
  guint n_blocks;
  guint words;
  guint characters;
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

  root = cJSON_CreateObject ();

  cJSON_AddStringToObject (root, "uri", uri);
  cJSON_AddStringToObject (root, "type", "text");
  cJSON_AddStringToObject (root, "version", "1");

  add_timestamp (root, "firstcreated", cd_article_get_field (article, CD_ARTICLE_FIELD_CREATED));
  add_timestamp (root, "versioncreated", cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED));
  add_timestamp (root, "embargoed", cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO));

  cJSON_AddStringToObject (root, "pubstatus",
                           g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "published") == 0
                           ? "usable" : "withheld");

  if (language != NULL)
    cJSON_AddStringToObject (root, "language", language);

  if (!is_empty (cd_article_get_headline (article)) ||
      !is_empty (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE)))
    {
      cJSON *headlines = cJSON_AddArrayToObject (root, "headlines");

      add_text_object (headlines, "main", cd_article_get_headline (article));
      add_text_object (headlines, "sub", cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));
    }

  add_member (root, "by", by);
  write_located (root, article);
  add_member (root, "slugline", cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG));

  if (keywords[0] != NULL)
    {
      cJSON *subjects = cJSON_AddArrayToObject (root, "subjects");

      for (guint i = 0; keywords[i] != NULL; i++)
        {
          g_autofree char *keyword = _cd_wire_clean_text (keywords[i]);
          cJSON *subject;

          if (*keyword == '\0')
            continue;

          subject = cJSON_CreateObject ();
          cJSON_AddStringToObject (subject, "name", keyword);
          cJSON_AddStringToObject (subject, "rel", "keyword");
          cJSON_AddItemToArray (subjects, subject);
        }
    }

  html = body_html (article);
  count_body (article, &words, &characters);

  body = cJSON_CreateObject ();
  cJSON_AddStringToObject (body, "role", "main");
  cJSON_AddStringToObject (body, "contenttype", "text/html");
  cJSON_AddNumberToObject (body, "charcount", characters);
  cJSON_AddNumberToObject (body, "wordcount", words);
  cJSON_AddStringToObject (body, "value", html);
  cJSON_AddItemToArray (cJSON_AddArrayToObject (root, "bodies"), body);

  for (guint i = 0; i < n_blocks && !has_figures; i++)
    has_figures = cd_block_get_block_type (cd_article_get_block (article, i)) == CD_BLOCK_FIGURE;

  if (lead != NULL || has_figures)
    {
      cJSON *associations = cJSON_AddArrayToObject (root, "associations");

      if (lead != NULL)
        add_association (associations, article, lead, CD_NINJS_LEAD_ASSOCIATION, base_uri);

      for (guint i = 0; i < n_blocks; i++)
        {
          CdBlock *block = cd_article_get_block (article, i);

          if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
            add_association (associations, article, block, cd_block_get_id (block), base_uri);
        }
    }

  json = cJSON_Print (root);
  cJSON_Delete (root);

  /* Files end with a line break, as text files do. */
  terminated = g_strconcat (json, "\n", NULL);
  cJSON_free (json);

  return g_bytes_new_take (terminated, strlen (terminated));
}
