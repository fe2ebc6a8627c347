/* cd-oembed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-oembed"

#include "config.h"

#include <glib/gi18n.h>
#include "cd-libxml-private.h"
#include <string.h>

#include "cd-article.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json-private.h"
#include "cd-oembed.h"

/* JSON nested deeper than this is not an oEmbed answer; the parser
 * recurses, so the depth is checked before it sees the text. */
#define MAX_DEPTH 32

/* The name _cd_json_parse() gives the answer in its messages. */
#define DISPLAY_NAME "oEmbed"

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

char *
cd_oembed_endpoint_url (const char  *post_url,
                        const char  *endpoint_base_override,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *post = NULL;
  g_autofree char *escaped = NULL;
  const CdEmbedProvider *info;
  const char *provider = NULL;

  g_return_val_if_fail (post_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cd_embed_detect (post_url, &provider, NULL, error))
    return NULL;

  /* Which providers answer, and where, is in cd-embed.c's one table. */
  info = cd_embed_provider_lookup (provider);
  if (info != NULL && info->oembed_needs_app)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s only describes posts to apps registered with Meta, so Copydesk "
                     "cannot fetch this post’s details; type the author and text in yourself"),
                   info->display_name);
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (post_url));
  endpoint = cd_embed_oembed_endpoint (trimmed);
  if (info == NULL || endpoint == NULL)
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("This link is not a post of a known social network, so there "
                             "are no details to fetch"));
      return NULL;
    }

  /* Which address of the post to ask about is the table's too. */
  post = cd_embed_oembed_post_url (trimmed);

  if (endpoint_base_override != NULL)
    {
      const char *scheme = g_uri_peek_scheme (endpoint_base_override);

      if ((g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
          !g_uri_is_valid (endpoint_base_override, G_URI_FLAGS_NONE, NULL))
        {
          g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                       _("The oEmbed endpoint “%s” is not an http or https address"),
                       endpoint_base_override);
          return NULL;
        }
      g_free (endpoint);
      endpoint = g_strdup (endpoint_base_override);
    }

  escaped = g_uri_escape_string (post, NULL, FALSE);
  return g_strconcat (endpoint,
                      strchr (endpoint, '?') != NULL ? "&" : "?",
                      "url=", escaped,
                      "&format=json",
                      info->oembed_params != NULL ? "&" : "",
                      info->oembed_params != NULL ? info->oembed_params : "",
                      NULL);
}

/* A string member, NULL when absent or null; FALSE when it is something
 * else than text. */
static gboolean
get_string_member (const cJSON  *object,
                   const char   *name,
                   const char  **value)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  *value = NULL;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (!cJSON_IsString (item))
    return FALSE;

  *value = item->valuestring;
  return TRUE;
}

/* Text from a web page: runs of white space are one space, line breaks
 * are kept, and control characters go. */
static void
append_collapsed (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ' && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
        }
      else if (!g_unichar_iscntrl (ch))
        g_string_append_unichar (out, ch);
    }
}

static void
append_node_text (GString    *out,
                  xmlNodePtr  node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content != NULL)
            append_collapsed (out, (const char *) node->content);
        }
      else if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) node->name;

          if (g_ascii_strcasecmp (name, "br") == 0)
            {
              while (out->len > 0 && out->str[out->len - 1] == ' ')
                g_string_truncate (out, out->len - 1);
              g_string_append_c (out, '\n');
            }
          else if (g_ascii_strcasecmp (name, "script") != 0 &&
                   g_ascii_strcasecmp (name, "style") != 0)
            append_node_text (out, node->children);
        }
    }
}

static xmlNodePtr
find_element (xmlNodePtr  node,
              const char *name)
{
  for (; node != NULL; node = node->next)
    {
      xmlNodePtr found;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_strcasecmp ((const char *) node->name, name) == 0)
        return node;
      if ((found = find_element (node->children, name)) != NULL)
        return found;
    }

  return NULL;
}

static void
collect_paragraphs (xmlNodePtr  node,
                    GPtrArray  *paragraphs)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_strcasecmp ((const char *) node->name, "p") == 0)
        g_ptr_array_add (paragraphs, node);
      else
        collect_paragraphs (node->children, paragraphs);
    }
}

/* The post's text as the provider's own embed markup shows it: the
 * paragraphs of its blockquote, one per line. Only text is taken. */
static void
read_embed_html (const char  *html,
                 char       **text,
                 char       **lang)
{
  g_autoptr(GPtrArray) paragraphs = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  htmlDocPtr doc;
  xmlNodePtr blockquote;

  *text = NULL;
  *lang = NULL;

  doc = htmlReadMemory (html, (int) strlen (html), NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == NULL)
    return;

  blockquote = find_element (xmlDocGetRootElement (doc), "blockquote");
  if (blockquote != NULL)
    collect_paragraphs (blockquote->children, paragraphs);

  for (guint i = 0; i < paragraphs->len; i++)
    {
      xmlNodePtr p = g_ptr_array_index (paragraphs, i);
      g_autoptr(GString) paragraph = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      g_autofree char *joined = NULL;

      append_node_text (paragraph, p->children);

      /* Each line trimmed, empty lines at either end dropped. */
      lines = g_strsplit (paragraph->str, "\n", -1);
      for (guint k = 0; lines[k] != NULL; k++)
        g_strstrip (lines[k]);
      joined = g_strstrip (g_strjoinv ("\n", lines));
      if (*joined == '\0')
        continue;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, joined);

      if (*lang == NULL)
        {
          g_autofree char *value = (char *) xmlGetProp (p, (const xmlChar *) "lang");

          if (cd_language_tag_is_valid (value))
            *lang = g_steal_pointer (&value);
        }
    }

  xmlFreeDoc (doc);

  if (out->len > 0)
    *text = g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_handle_name (const char *name)
{
  if (is_empty (name) || strlen (name) > 100)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
        return FALSE;
    }

  return TRUE;
}

/* "@name" from the author's profile address: the last path segment on
 * most networks, "@name@instance" on Mastodon, and only a real handle
 * (not a channel or account id) on YouTube and Bluesky. */
static char *
handle_from_author_url (const char *provider,
                        const char *author_url)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) parts = NULL;
  const CdEmbedProvider *info = provider != NULL ? cd_embed_provider_lookup (provider) : NULL;
  const char *last = NULL;
  const char *name;

  if (is_empty (author_url))
    return NULL;

  uri = g_uri_parse (author_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        last = parts[i];
    }
  if (last == NULL)
    return NULL;

  if (info != NULL && info->handle_needs_at && last[0] != '@')
    return NULL;

  name = last[0] == '@' ? last + 1 : last;
  if (!is_handle_name (name))
    return NULL;

  if (info != NULL && info->handle_names_host)
    {
      g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);

      return g_strconcat ("@", name, "@", host, NULL);
    }

  return g_strconcat ("@", name, NULL);
}

/* A value from the answer for a one-line field. */
static char *
clean_line (const char *value)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (value == NULL)
    return NULL;

  append_collapsed (out, value);
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    return NULL;

  return g_strdup (out->str);
}

gboolean
cd_oembed_apply_response (CdBlock     *embed,
                          const char  *json,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(CdBlock) filled = NULL;
  g_autofree char *author = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lang = NULL;
  const char *provider;
  const char *display;
  const char *author_name;
  const char *author_url;
  const char *title_value;
  const char *html;

  g_return_val_if_fail (CD_IS_BLOCK (embed), FALSE);
  g_return_val_if_fail (cd_block_get_block_type (embed) == CD_BLOCK_EMBED, FALSE);
  g_return_val_if_fail (json != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  provider = cd_block_get_field (embed, CD_BLOCK_FIELD_PROVIDER);
  display = cd_embed_provider_display_name (is_empty (provider) ? "link" : provider);

  if (length > CD_OEMBED_MAX_RESPONSE)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("The answer from %s is larger than %u KiB, which no description "
                     "of a post needs; nothing was changed"),
                   display, CD_OEMBED_MAX_RESPONSE / 1024);
      return FALSE;
    }

  /* Some servers start their answer with a byte order mark. */
  if (length >= 3 && memcmp (json, "\xEF\xBB\xBF", 3) == 0)
    {
      json += 3;
      length -= 3;
    }

  if (length == 0 || !g_utf8_validate_len (json, length, NULL) || !_cd_json_check_structure (json, length, MAX_DEPTH, FALSE, DISPLAY_NAME, NULL))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                   _("The answer from %s is not an oEmbed description (empty, not UTF-8 "
                     "or nested too deeply); nothing was changed"),
                   display);
      return FALSE;
    }

  /* UTF-8 and depth are checked above; the parser itself then names the
   * first character that is not JSON (an HTML error page's '<'). */
  root = _cd_json_parse (json, length, MAX_DEPTH, TRUE, DISPLAY_NAME, &parse_error);
  if (root == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                   _("The answer from %s is not valid JSON (%s); nothing was changed"),
                   display, _cd_json_error_detail (parse_error, DISPLAY_NAME));
      return FALSE;
    }

  if (!cJSON_IsObject (root))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("The answer from %s is not an oEmbed description (expected a JSON "
                     "object); nothing was changed"),
                   display);
      return FALSE;
    }

  if (!get_string_member (root, "author_name", &author_name) ||
      !get_string_member (root, "author_url", &author_url) ||
      !get_string_member (root, "title", &title_value) ||
      !get_string_member (root, "html", &html))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("The answer from %s is not a valid oEmbed description: author_name, "
                     "author_url, title and html must be text; nothing was changed"),
                   display);
      return FALSE;
    }

  author = clean_line (author_name);
  handle = handle_from_author_url (provider, author_url);
  title = clean_line (title_value);
  if (html != NULL)
    read_embed_html (html, &text, &lang);

  if (author == NULL && handle == NULL && title == NULL && text == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("The answer from %s names no author, title or text for this post; "
                     "nothing was changed"),
                   display);
      return FALSE;
    }

  /* Filled on a copy and assigned at once: one ::changed, one undo step. */
  filled = cd_block_copy (embed);
  if (author != NULL)
    cd_block_set_field (filled, CD_BLOCK_FIELD_AUTHOR, author);
  if (handle != NULL)
    cd_block_set_field (filled, CD_BLOCK_FIELD_HANDLE, handle);
  if (title != NULL)
    cd_block_set_field (filled, CD_BLOCK_FIELD_TITLE, title);
  if (text != NULL)
    cd_block_set_field (filled, CD_BLOCK_FIELD_TEXT, text);
  if (lang != NULL)
    cd_block_set_field (filled, CD_BLOCK_FIELD_LANG, lang);

  if (!cd_block_equal (filled, embed))
    cd_block_assign (embed, filled);

  return TRUE;
}
