/* cd-nitf-reader.c: reading NITF 3.x and IPTC NewsML envelopes: parsing
 * with budgets, the head, the metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-nitf"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-libxml-private.h"

#include "cd-document.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-nitf.h"
#include "cd-wire-private.h"
#include "cd-xml-private.h"
#include "cd-nitf-private.h"

/* The reader expands entity references itself, out of sight of libxml2's
 * amplification guards: the text they stand for may be this many times
 * the file, or this much for any file, and never more than a wire story
 * may be. */
#define ENTITY_BUDGET_FACTOR 4
#define ENTITY_BUDGET_FLOOR  (1024 * 1024)

char *
_cd_nitf_get_clean_attribute (xmlNode    *node,
                              const char *name)
{
  g_autofree char *value = _cd_xml_get_attribute (node, name);

  return _cd_wire_clean_text_or_null (value);
}

gboolean
_cd_nitf_attribute_has_word (xmlNode    *node,
                             const char *attribute,
                             const char *word)
{
  g_autofree char *value = _cd_xml_get_attribute (node, attribute);
  g_autofree char *lower = NULL;

  if (value == NULL)
    return FALSE;

  lower = g_ascii_strdown (value, -1);
  return strstr (lower, word) != NULL;
}

static gboolean
has_marked_lead (xmlNode *node,
                 guint    depth)
{
  if (depth > CD_WIRE_MAX_XML_DEPTH)
    return FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (_cd_xml_is_element (child, "media") && _cd_nitf_attribute_has_word (child, "class", "lead"))
        return TRUE;
      if (has_marked_lead (child, depth + 1))
        return TRUE;
    }

  return FALSE;
}

static char *
first_text (xmlNode    *parent,
            const char *name)
{
  xmlNode *node = _cd_xml_find_child (parent, name);
  char *text;

  if (node == NULL)
    return NULL;

  text = _cd_nitf_node_text (node, NULL);
  if (*text == '\0')
    {
      g_free (text);
      return NULL;
    }

  return text;
}

static void
set_if_unset (CdArticle      *article,
              CdArticleField  field,
              const char     *value)
{
  const char *current = cd_article_get_field (article, field);

  if (value != NULL && *value != '\0' && (current == NULL || *current == '\0'))
    cd_article_set_field (article, field, value);
}

static void
read_docdata (CdNitfReader *r,
              xmlNode      *docdata)
{
  g_autoptr (GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = docdata->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "doc-id"))
        {
          g_autofree char *id = _cd_nitf_get_clean_attribute (child, "id-string");

          if (id != NULL && g_uuid_string_is_valid (id))
            cd_article_set_field (r->article, CD_ARTICLE_FIELD_ID, id);
        }
      else if (_cd_xml_is_element (child, "date.issue"))
        {
          g_autofree char *norm = _cd_xml_get_attribute (child, "norm");
          g_autofree char *stamp = _cd_wire_normalize_timestamp (norm);

          if (stamp != NULL)
            cd_article_set_field (r->article, CD_ARTICLE_FIELD_CREATED, stamp);
        }
      else if (_cd_xml_is_element (child, "date.release"))
        {
          g_autofree char *norm = _cd_xml_get_attribute (child, "norm");
          g_autofree char *stamp = _cd_wire_normalize_timestamp (norm);

          if (stamp != NULL)
            cd_article_set_field (r->article, CD_ARTICLE_FIELD_EMBARGO, stamp);
        }
      else if (_cd_xml_is_element (child, "du-key"))
        {
          g_autofree char *key = _cd_nitf_get_clean_attribute (child, "key");

          set_if_unset (r->article, CD_ARTICLE_FIELD_SLUG, key);
        }
      else if (_cd_xml_is_element (child, "key-list"))
        {
          for (xmlNode *keyword = child->children; keyword != NULL; keyword = keyword->next)
            {
              char *key = _cd_xml_is_element (keyword, "keyword") ? _cd_nitf_get_clean_attribute (keyword, "key") : NULL;

              if (key != NULL)
                g_ptr_array_add (keywords, key);
            }
        }
    }

  if (keywords->len > 0)
    {
      g_ptr_array_add (keywords, NULL);
      cd_article_set_keywords (r->article, (const char * const *) keywords->pdata);
    }
}

static void
read_head (CdNitfReader *r,
           xmlNode      *head)
{
  g_autofree char *title = first_text (head, "title");

  for (xmlNode *child = head->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "docdata"))
        read_docdata (r, child);
      else if (_cd_xml_is_element (child, "pubdata"))
        {
          g_autofree char *section = _cd_nitf_get_clean_attribute (child, "position.section");

          set_if_unset (r->article, CD_ARTICLE_FIELD_SECTION, section);
        }
    }

  /* The hedline, read later, takes precedence over the document title. */
  set_if_unset (r->article, CD_ARTICLE_FIELD_HEADLINE, title);
}

static void
read_bylines (CdNitfReader *r,
              xmlNode      *node,
              GPtrArray    *bylines)
{
  CdByline *last = NULL;
  gboolean has_person = _cd_xml_find_child (node, "person") != NULL;

  if (!has_person)
    {
      g_autofree char *text = _cd_nitf_node_text (node, "byttl");
      g_autofree char *title = first_text (node, "byttl");
      g_autoptr (GPtrArray) parsed = _cd_wire_parse_by (text);

      for (guint i = 0; i < parsed->len; i++)
        {
          last = cd_byline_copy (g_ptr_array_index (parsed, i));
          g_ptr_array_add (bylines, last);
        }

      if (last != NULL && title != NULL && (last->title == NULL || *last->title == '\0'))
        {
          g_free (last->title);
          last->title = g_steal_pointer (&title);
        }
      return;
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "person"))
        {
          g_autofree char *name = _cd_nitf_node_text (child, NULL);

          if (*name != '\0')
            {
              last = cd_byline_new (name, "");
              g_ptr_array_add (bylines, last);
            }
        }
      else if (_cd_xml_is_element (child, "byttl") && last != NULL)
        {
          g_autofree char *title = _cd_nitf_node_text (child, NULL);

          g_free (last->title);
          last->title = g_steal_pointer (&title);
        }
    }
}

static void
read_dateline (CdNitfReader *r,
               xmlNode      *node)
{
  g_autoptr (CdDateline) dateline = NULL;
  g_autofree char *text = _cd_nitf_node_text (node, "story.date");
  g_autofree char *location = first_text (node, "location");
  g_autofree char *date = NULL;
  xmlNode *story_date = _cd_xml_find_child (node, "story.date");

  if (story_date != NULL)
    {
      g_autofree char *norm = _cd_xml_get_attribute (story_date, "norm");
      g_autofree char *shown = _cd_nitf_node_text (story_date, NULL);

      date = _cd_wire_normalize_date (norm);
      if (date == NULL)
        date = _cd_wire_normalize_date (shown);
    }

  dateline = _cd_wire_dateline_new (text, date);
  if (dateline == NULL && date == NULL)
    return;
  if (dateline == NULL)
    dateline = cd_dateline_new ("", "", date);

  /* The location element names the place exactly; what is around it
   * ("(Reuters)") is the source. */
  if (location != NULL)
    {
      g_free (dateline->place);
      dateline->place = g_steal_pointer (&location);
    }

  cd_article_set_dateline (r->article, dateline);
}

static void
read_body_head (CdNitfReader *r,
                xmlNode      *body_head)
{
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  gboolean has_dateline = FALSE;

  for (xmlNode *child = body_head->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "hedline"))
        {
          g_autofree char *headline = first_text (child, "hl1");
          g_autofree char *subheadline = first_text (child, "hl2");

          if (headline != NULL)
            cd_article_set_headline (r->article, headline);
          set_if_unset (r->article, CD_ARTICLE_FIELD_SUBHEADLINE, subheadline);
        }
      else if (_cd_xml_is_element (child, "byline"))
        {
          read_bylines (r, child, bylines);
        }
      else if (_cd_xml_is_element (child, "dateline") && !has_dateline)
        {
          read_dateline (r, child);
          has_dateline = TRUE;
        }
      else if (_cd_xml_is_element (child, "abstract"))
        {
          g_autofree char *abstract = _cd_nitf_node_text (child, NULL);

          set_if_unset (r->article, CD_ARTICLE_FIELD_SUBHEADLINE, abstract);
        }
    }

  if (bylines->len > 0)
    cd_article_set_bylines (r->article, bylines);
}

/* NewsML 1.2 says what NITF may leave out: the headline, byline and
 * dateline in NewsLines. */
static void
read_news_lines (CdNitfReader *r,
                 xmlNode      *envelope)
{
  xmlNode *lines = _cd_xml_find_descendant (envelope, "NewsLines", NULL, NULL, 0);
  g_autofree char *headline = NULL;
  g_autofree char *subheadline = NULL;
  g_autofree char *by = NULL;
  g_autofree char *dateline = NULL;

  if (lines == NULL)
    return;

  headline = first_text (lines, "HeadLine");
  subheadline = first_text (lines, "SubHeadLine");
  by = first_text (lines, "ByLine");
  dateline = first_text (lines, "DateLine");

  set_if_unset (r->article, CD_ARTICLE_FIELD_HEADLINE, headline);
  set_if_unset (r->article, CD_ARTICLE_FIELD_SUBHEADLINE, subheadline);

  if (by != NULL && cd_article_get_bylines (r->article)->len == 0)
    {
      g_autoptr (GPtrArray) bylines = _cd_wire_parse_by (by);

      cd_article_set_bylines (r->article, bylines);
    }

  if (dateline != NULL && cd_article_get_dateline (r->article) == NULL)
    {
      g_autoptr (CdDateline) parsed = _cd_wire_dateline_new (dateline, NULL);

      if (parsed != NULL)
        cd_article_set_dateline (r->article, parsed);
    }
}

static void
read_language (CdNitfReader *r,
               xmlNode      *nitf,
               xmlNode      *body)
{
  g_autofree char *baselang = _cd_xml_get_attribute (nitf, "baselang");
  g_autofree char *language = NULL;
  xmlChar *lang = NULL;

  if (body != NULL)
    lang = xmlNodeGetLang (body);
  if (lang == NULL)
    lang = xmlNodeGetLang (nitf);

  if (lang != NULL)
    {
      language = _cd_wire_normalize_language ((const char *) lang);
      xmlFree (lang);
    }
  if (language == NULL)
    language = _cd_wire_normalize_language (baselang);

  if (language != NULL)
    cd_article_set_field (r->article, CD_ARTICLE_FIELD_LANGUAGE, language);
}

static void
read_nitf (CdNitfReader *r,
           xmlNode      *nitf)
{
  xmlNode *head = _cd_xml_find_child (nitf, "head");
  xmlNode *body = _cd_xml_find_child (nitf, "body");

  r->marked_lead = has_marked_lead (nitf, 0);

  read_language (r, nitf, body);

  if (head != NULL)
    read_head (r, head);

  if (body == NULL)
    return;

  for (xmlNode *child = body->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "body.head"))
        read_body_head (r, child);
      else if (_cd_xml_is_element (child, "body.content") || _cd_xml_is_element (child, "body.end"))
        {
          _cd_nitf_read_block_children (r, child, 1);
          _cd_nitf_flush (r, 1);
        }
    }
}

/* Refuses what the recursive walks cannot read whole: elements nested
 * deeper than they go, and entity references that stand for more text
 * than the budget. Every reference, in text or attribute, is counted once
 * for the text it stands for. */
static gboolean
check_tree (xmlNode     *root,
            gsize        length,
            const char  *display_name,
            GError     **error)
{
  guint64 budget = MIN ((guint64) CD_WIRE_MAX_SIZE,
                        MAX ((guint64) ENTITY_BUDGET_FLOOR, (guint64) length * ENTITY_BUDGET_FACTOR));
  guint64 expanded = 0;
  guint depth = 0;

  for (xmlNode *node = root; node != NULL; node = _cd_wire_xml_next (root, node, &depth))
    {
      char utf8[8];
      const char *text;

      if (node->type == XML_ELEMENT_NODE && depth > CD_WIRE_MAX_XML_DEPTH)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                       _("%s: line %ld: elements are nested more than %u deep, deeper than Copydesk reads"),
                       display_name, xmlGetLineNo (node), CD_WIRE_MAX_XML_DEPTH);
          return FALSE;
        }

      if (node->type == XML_ENTITY_REF_NODE && (text = _cd_xml_entity_text (node, utf8)) != NULL)
        expanded += strlen (text);

      if (node->type == XML_ELEMENT_NODE)
        {
          for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
            {
              for (xmlNode *child = attribute->children; child != NULL; child = child->next)
                {
                  if (child->type == XML_ENTITY_REF_NODE && (text = _cd_xml_entity_text (child, utf8)) != NULL)
                    expanded += strlen (text);
                }
            }
        }

      if (expanded > budget)
        {
          g_autofree char *limit = g_format_size_full (budget, G_FORMAT_SIZE_IEC_UNITS);
          g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                       _("%s: entity references stand for more than %s of text, "
                         "the most a file of %s may expand to"),
                       display_name, limit, size);
          return FALSE;
        }
    }

  return TRUE;
}

static void
set_xml_error (GError       **error,
               const char    *display_name,
               const xmlError *xml_error)
{
  g_autofree char *raw = NULL;
  g_autofree char *message = NULL;

  if (xml_error == NULL || xml_error->message == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                   _("%s: not well-formed XML"), display_name);
      return;
    }

  /* libxml2 quotes names from the file, whatever their bytes. */
  raw = g_strstrip (g_strdup (xml_error->message));
  g_strdelimit (raw, "\r\n", ' ');
  message = _cd_json_printable_text (raw);

  /* libxml2's own words advise a parser option. */
  if (xml_error->code == XML_ERR_INTERNAL_ERROR && strstr (message, "Excessive depth") != NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: line %d: elements are nested more than %u deep, deeper than Copydesk reads"),
                   display_name, xml_error->line, CD_WIRE_MAX_XML_DEPTH);
      return;
    }

  if (xml_error->line > 0)
    g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                 _("%s: line %d: not well-formed XML: %s"),
                 display_name, xml_error->line, message);
  else
    g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                 _("%s: not well-formed XML: %s"), display_name, message);
}

/* NITF 2.x declares the HTML entities (&nbsp;, &mdash; …) in its DTD,
 * which is never loaded; wires use them with or without a DOCTYPE. An
 * entity the document does not declare is looked up among HTML's and
 * declared on the spot, as a plain character. */
static xmlEntity *
get_entity_cb (void          *user_data,
               const xmlChar *name)
{
  xmlParserCtxt *context = user_data;
  xmlEntity *entity = xmlSAX2GetEntity (user_data, name);
  const htmlEntityDesc *html;
  char utf8[8];
  int length;

  if (entity != NULL || context->myDoc == NULL || context->inSubset != 0)
    return entity;

  html = htmlEntityLookup (name);
  if (html == NULL)
    return NULL;

  length = g_unichar_to_utf8 (html->value, utf8);
  utf8[length] = '\0';

  if (context->myDoc->intSubset == NULL)
    xmlCreateIntSubset (context->myDoc, (const xmlChar *) "nitf", NULL, NULL);

  return xmlAddDocEntity (context->myDoc, name, XML_INTERNAL_GENERAL_ENTITY,
                          NULL, NULL, (const xmlChar *) utf8);
}

static xmlParserCtxt *
new_parser_context (void)
{
  xmlParserCtxt *context = xmlNewParserCtxt ();

  if (context != NULL && context->sax != NULL)
    context->sax->getEntity = get_entity_cb;

  return context;
}

static xmlDoc *
parse_xml (const char  *data,
           gsize        length,
           const char  *display_name,
           GError     **error)
{
  /* No XML_PARSE_NOENT (entities stay references, so nothing from
   * outside is pulled in), no DTD loading, no network. */
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  g_autoptr (xmlParserCtxt) context = new_parser_context ();
  xmlDoc *doc;

  if (context == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("%s: out of memory"), display_name);
      return NULL;
    }

  doc = xmlCtxtReadMemory (context, data, (int) length, NULL, NULL, options);
  if (doc != NULL)
    return doc;

  /* Files that say nothing, or claim UTF-8, and are not: wires that do
   * that send Windows-1252 (read as ISO-8859-1; the C1 range is mapped
   * when the text is taken). */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_autoptr (xmlParserCtxt) retry = new_parser_context ();

      if (retry != NULL)
        {
          doc = xmlCtxtReadMemory (retry, data, (int) length, NULL, "ISO-8859-1", options);
          if (doc != NULL)
            return doc;
        }
    }

  set_xml_error (error, display_name, xmlCtxtGetLastError (context));
  return NULL;
}

CdArticle *
cd_nitf_read (const char  *data,
              gsize        length,
              const char  *display_name,
              GFile       *media_folder,
              GError     **error)
{
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) deferred = g_ptr_array_new ();
  g_autoptr (CdWireText) text = _cd_wire_text_new ();
  CdDocumentLimits limits;
  xmlNode *root;
  xmlNode *nitf;
  CdNitfReader r = { 0, };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (media_folder == NULL || G_IS_FILE (media_folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > CD_WIRE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size_full (CD_WIRE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the file is larger than %s, the most a wire story may be"),
                   display_name, limit);
      return NULL;
    }

  if (length == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the file is empty"), display_name);
      return NULL;
    }

  doc = parse_xml (data, length, display_name, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the XML has no root element"), display_name);
      return NULL;
    }

  if (!check_tree (root, length, display_name, error))
    return NULL;

  if (_cd_xml_is_element (root, "nitf"))
    nitf = root;
  else if (_cd_xml_is_element (root, "NewsML") || _cd_xml_is_element (root, "NewsItem"))
    nitf = _cd_xml_find_descendant (root, "nitf", NULL, NULL, 0);
  else
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: not a NITF or NewsML story: the document is <%s>, expected <nitf>"),
                   display_name, (const char *) root->name);
      return NULL;
    }

  if (nitf == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: the NewsML envelope carries no NITF story (no <nitf> element)"),
                   display_name);
      return NULL;
    }

  cd_document_limits_init (&limits);

  article = cd_article_new ();
  r.display_name = display_name;
  r.article = article;
  r.media_folder = media_folder;
  r.max_media_size = limits.max_entry_size;
  r.blocks = blocks;
  r.text = text;
  r.deferred = deferred;

  read_nitf (&r, nitf);
  if (nitf != root)
    read_news_lines (&r, root);

  if (r.media_error != NULL)
    {
      g_clear_object (&r.lead);
      g_propagate_error (error, r.media_error);
      return NULL;
    }

  if (r.lead != NULL)
    {
      cd_article_set_lead (article, r.lead);
      g_clear_object (&r.lead);
    }

  for (guint i = 0; i < blocks->len; i++)
    cd_article_append_block (article, g_ptr_array_index (blocks, i));

  return g_steal_pointer (&article);
}
