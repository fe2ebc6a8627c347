/* cd-nitf-body.c: reading a NITF body into blocks
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

/* NITF's own elements that stand on their lines. */
static const char * const block_names[] = {
  "p", "hl1", "hl2", "bq", "block", "ul", "ol", "dl", "dt", "dd", "li",
  "media", "table", "nitf-table", "tr", "td", "th", "caption", "fn",
  "note", "pre", "hr", "body.content", "body.end", "tagline",
  "bibliography", "abstract", "byline", "dateline", "credit", "div",
  NULL
};

/* Elements that carry no story text. */
static const char * const skipped_names[] = {
  "tobject", "key-list", "classifier", "datasource", "nitf-table-metadata",
  "media-metadata", "media-object", "iim", "meta", "script", "style", NULL
};

/* In a post's text, paragraphs and <br> alone break lines. */
static const char * const line_names[] = { "p", NULL };

static const CdXmlTextRules text_rules = { skipped_names, block_names, line_names };

/* The plain text of @node, leaving out elements called @skip. */
char *
_cd_nitf_node_text (xmlNode    *node,
                    const char *skip)
{
  return _cd_xml_node_text (node, &text_rules, skip, NULL);
}

static char *
node_lines (xmlNode *node)
{
  return _cd_xml_node_lines (node, &text_rules);
}

static void read_block_node  (CdNitfReader *r,
                              xmlNode      *node,
                              guint         depth);
static void read_inline_node (CdNitfReader *r,
                              xmlNode      *node,
                              guint         depth);

static void
add_body_block (CdNitfReader *r,
                CdBlock      *block)
{
  CdBlockType type = cd_block_get_block_type (block);

  if (type != CD_BLOCK_FIGURE && type != CD_BLOCK_DIVIDER)
    r->had_text = TRUE;

  g_ptr_array_add (r->blocks, block);
}

static void
read_deferred (CdNitfReader *r,
               guint         depth)
{
  g_autoptr (GPtrArray) deferred = NULL;

  if (r->deferred->len == 0)
    return;

  deferred = g_ptr_array_copy (r->deferred, NULL, NULL);
  g_ptr_array_set_size (r->deferred, 0);

  for (guint i = 0; i < deferred->len; i++)
    read_block_node (r, g_ptr_array_index (deferred, i), depth);
}

static void
flush_as (CdNitfReader *r,
          CdBlockType   type,
          guint         level,
          guint         depth)
{
  g_autoptr (GPtrArray) marks = NULL;
  g_autofree char *text = _cd_wire_text_finish (r->text, &marks);

  if (*text != '\0')
    {
      CdBlock *block = cd_block_new (type);

      cd_block_set_text_and_marks (block, text, marks);
      if (type == CD_BLOCK_HEADING)
        cd_block_set_level (block, level);
      add_body_block (r, block);
    }

  read_deferred (r, depth);
}

void
_cd_nitf_flush (CdNitfReader *r,
                guint         depth)
{
  flush_as (r, CD_BLOCK_PARAGRAPH, 0, depth);
}

static void
read_inline_children (CdNitfReader *r,
                      xmlNode      *node,
                      guint         depth)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    read_inline_node (r, child, depth + 1);
}

static void
read_marked (CdNitfReader *r,
             xmlNode      *node,
             CdMarkType    type,
             const char   *href,
             guint         depth)
{
  guint mark = _cd_wire_text_open_mark (r->text, type, href);

  read_inline_children (r, node, depth);
  _cd_wire_text_close_mark (r->text, mark);
}

static void
read_inline_node (CdNitfReader *r,
                  xmlNode      *node,
                  guint         depth)
{
  if (depth > CD_WIRE_MAX_XML_DEPTH)
    return;

  switch ((int) node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      _cd_wire_text_append (r->text, (const char *) node->content);
      return;

    case XML_ENTITY_REF_NODE:
      _cd_xml_append_entity (r->text, node);
      return;

    case XML_ELEMENT_NODE:
      break;

    default:
      return;
    }

  if (_cd_xml_is_one_of (node, skipped_names))
    return;

  if (_cd_xml_is_element (node, "br"))
    {
      _cd_wire_text_break (r->text);
    }
  else if (_cd_xml_is_element (node, "media"))
    {
      g_ptr_array_add (r->deferred, node);
    }
  else if (_cd_xml_is_element (node, "em"))
    {
      gboolean strong = _cd_nitf_attribute_has_word (node, "class", "bold") ||
                        _cd_nitf_attribute_has_word (node, "class", "strong") ||
                        _cd_nitf_attribute_has_word (node, "style", "bold");

      read_marked (r, node, strong ? CD_MARK_STRONG : CD_MARK_EM, NULL, depth);
    }
  else if (_cd_xml_is_element (node, "strong") || _cd_xml_is_element (node, "b"))
    {
      read_marked (r, node, CD_MARK_STRONG, NULL, depth);
    }
  else if (_cd_xml_is_element (node, "i"))
    {
      read_marked (r, node, CD_MARK_EM, NULL, depth);
    }
  else if (_cd_xml_is_element (node, "a"))
    {
      g_autofree char *href = _cd_xml_get_attribute (node, "href");

      if (href != NULL)
        g_strstrip (href);

      if (href != NULL && cd_href_is_allowed (href))
        read_marked (r, node, CD_MARK_LINK, href, depth);
      else
        read_inline_children (r, node, depth);
    }
  else if (_cd_xml_is_one_of (node, block_names))
    {
      _cd_wire_text_break (r->text);
      read_inline_children (r, node, depth);
      _cd_wire_text_break (r->text);
    }
  else
    {
      read_inline_children (r, node, depth);
    }
}

/* A picture beside the NITF file, as wires deliver them, stored in the
 * story. It is read from beneath the file's folder without following
 * links, and only an image is taken: anything else stops the import
 * with an error naming the reference, never a silent skip that could
 * hide a link to another file. A missing file leaves a figure without
 * its picture. */
static char *
load_local_media (CdNitfReader *r,
                  const char   *source)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *basename = NULL;
  char *path;

  if (r->media_folder == NULL || r->media_error != NULL)
    return NULL;

  if (cd_media_read_beneath (r->media_folder, source, r->max_media_size, &bytes, &local_error) &&
      bytes == NULL)
    return NULL;

  if (bytes == NULL)
    {
      g_autofree char *printable = g_utf8_make_valid (source, -1);

      g_prefix_error (&local_error, _("%s: the picture “%s”: "), r->display_name, printable);
      r->media_error = g_steal_pointer (&local_error);
      return NULL;
    }

  {
    g_autofree char *printable = g_utf8_make_valid (source, -1);

    basename = g_path_get_basename (source);
    if (!cd_media_sniff (bytes, printable, NULL, &local_error) ||
        (path = cd_media_store (r->article, bytes, basename, NULL, &local_error)) == NULL)
      {
        g_prefix_error (&local_error, "%s: ", r->display_name);
        r->media_error = g_steal_pointer (&local_error);
        return NULL;
      }
  }

  return path;
}

static char *
media_source (CdNitfReader *r,
              const char   *source)
{
  g_autofree char *scheme = NULL;
  g_autofree char *clean = NULL;

  if (source == NULL)
    return NULL;

  clean = g_strstrip (g_strdup (source));
  scheme = g_uri_parse_scheme (clean);
  if (scheme != NULL)
    return _cd_wire_figure_src (r->article, clean);

  return load_local_media (r, clean);
}

static gboolean
media_is_image (xmlNode *media,
                xmlNode *reference)
{
  g_autofree char *type = _cd_xml_get_attribute (media, "media-type");
  g_autofree char *mime = reference != NULL ? _cd_xml_get_attribute (reference, "mime-type") : NULL;

  if (mime != NULL && g_ascii_strncasecmp (g_strstrip (mime), "image/", 6) == 0)
    return TRUE;

  if (type == NULL)
    return mime == NULL;

  g_strstrip (type);
  return g_ascii_strcasecmp (type, "image") == 0 ||
         g_ascii_strcasecmp (type, "photo") == 0 ||
         g_ascii_strcasecmp (type, "graphic") == 0 ||
         g_ascii_strcasecmp (type, "picture") == 0;
}

static void
read_media (CdNitfReader *r,
            xmlNode      *media)
{
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr (GString) caption = g_string_new (NULL);
  g_autoptr (GString) credit = g_string_new (NULL);
  g_autofree char *src = NULL;
  g_autofree char *alt = NULL;
  xmlNode *reference = NULL;
  gboolean is_lead;

  /* The first reference that yields an image wins; renditions follow. */
  for (xmlNode *child = media->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "media-reference"))
        {
          g_autofree char *source = _cd_xml_get_attribute (child, "source");

          if (reference == NULL)
            reference = child;

          if (src == NULL && media_is_image (media, child))
            {
              src = media_source (r, source);
              if (src != NULL)
                reference = child;
            }
        }
      else if (_cd_xml_is_element (child, "media-caption"))
        {
          g_autofree char *text = _cd_nitf_node_text (child, NULL);

          if (*text != '\0')
            g_string_append_printf (caption, "%s%s", caption->len > 0 ? " " : "", text);
        }
      else if (_cd_xml_is_element (child, "media-producer"))
        {
          g_autofree char *text = _cd_nitf_node_text (child, NULL);

          if (*text != '\0')
            g_string_append_printf (credit, "%s%s", credit->len > 0 ? "; " : "", text);
        }
    }

  if (reference != NULL)
    {
      alt = _cd_nitf_get_clean_attribute (reference, "alternate-text");

      if (credit->len == 0)
        {
          g_autofree char *source_credit = _cd_nitf_get_clean_attribute (reference, "source-credit");

          if (source_credit != NULL)
            g_string_append (credit, source_credit);
        }
    }

  if (src == NULL && caption->len == 0 && credit->len == 0)
    return;

  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src != NULL ? src : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt != NULL ? alt : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption->str);
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, credit->str);
  if (src != NULL && reference != NULL)
    cd_block_set_size (block, _cd_xml_get_size_attribute (reference, "width"), _cd_xml_get_size_attribute (reference, "height"));

  /* The lead is the media marked so; in files that mark none, a picture
   * before any text (where wires put the story's photo). */
  if (r->marked_lead)
    {
      is_lead = _cd_nitf_attribute_has_word (media, "class", "lead");
    }
  else
    {
      g_autofree char *klass = _cd_xml_get_attribute (media, "class");

      is_lead = !r->had_text && klass == NULL;
    }

  if (is_lead && r->lead == NULL)
    {
      r->lead = g_steal_pointer (&block);
      cd_block_set_id (r->lead, "lead");
      return;
    }

  add_body_block (r, g_steal_pointer (&block));
}

static void
read_quote (CdNitfReader *r,
            xmlNode      *bq,
            guint         depth)
{
  gboolean pull = _cd_nitf_attribute_has_word (bq, "class", "pullquote");
  g_autoptr (GPtrArray) marks = NULL;
  g_autoptr (GString) attribution = g_string_new (NULL);
  g_autofree char *text = NULL;
  CdBlock *block;

  for (xmlNode *child = bq->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "credit"))
        {
          g_autofree char *credit = _cd_nitf_node_text (child, NULL);

          if (*credit != '\0')
            g_string_append_printf (attribution, "%s%s", attribution->len > 0 ? " " : "", credit);
          continue;
        }

      read_inline_node (r, child, depth + 1);
      _cd_wire_text_break (r->text);
    }

  if (attribution->len == 0)
    {
      g_autofree char *source = _cd_nitf_get_clean_attribute (bq, "quote-source");

      if (source != NULL)
        g_string_append (attribution, source);
    }

  text = _cd_wire_text_finish (r->text, &marks);
  if (*text != '\0' || attribution->len > 0)
    {
      block = cd_block_new (pull ? CD_BLOCK_PULLQUOTE : CD_BLOCK_QUOTE);
      if (pull)
        cd_block_set_text (block, text);
      else
        cd_block_set_text_and_marks (block, text, marks);
      cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, attribution->str);
      add_body_block (r, block);
    }

  read_deferred (r, depth);
}

static void
list_read_inline (gpointer  data,
                  xmlNode  *node,
                  guint     depth)
{
  read_inline_node (data, node, depth);
}

static char *
list_finish_text (gpointer    data,
                  GPtrArray **marks)
{
  CdNitfReader *r = data;

  return _cd_wire_text_finish (r->text, marks);
}

static void
read_list (CdNitfReader *r,
           xmlNode      *list,
           guint         depth)
{
  static const CdXmlListReader reader = { list_read_inline, list_finish_text };
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

  _cd_xml_gather_list_items (list, &reader, r, items, depth);

  if (items->len > 0)
    {
      CdBlock *block = cd_block_new (CD_BLOCK_LIST);

      cd_block_set_ordered (block, _cd_xml_is_element (list, "ol"));
      cd_block_set_items (block, items);
      add_body_block (r, block);
    }

  read_deferred (r, depth);
}

static void
set_field_if_any (CdBlock      *block,
                  CdBlockField  field,
                  const char   *value)
{
  if (value != NULL && *value != '\0')
    cd_block_set_field (block, field, value);
}

/* block class="embed" as cd_nitf_write() makes it: the post's address is
 * its https link; byline, dateline, hl2 and the other paragraphs hold the
 * stored author, handle, date, title and text. */
static gboolean
read_embed (CdNitfReader *r,
            xmlNode      *container)
{
  g_autoptr (CdBlock) block = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *lang = NULL;
  xmlNode *byline = _cd_xml_find_child (container, "byline");
  xmlNode *dateline = _cd_xml_find_child (container, "dateline");
  xmlNode *title = _cd_xml_find_child (container, "hl2");
  xmlNode *link = NULL;
  xmlChar *lang_attribute;
  const char *provider;
  const char *kind;

  for (xmlNode *child = container->children; child != NULL && link == NULL; child = child->next)
    {
      xmlNode *a = _cd_xml_is_element (child, "p") ? _cd_xml_find_descendant (child, "a", NULL, NULL, 0) : NULL;
      g_autofree char *href = a != NULL ? _cd_xml_get_attribute (a, "href") : NULL;

      if (href != NULL && cd_embed_detect (g_strstrip (href), &provider, &kind, NULL))
        {
          link = child;
          url = g_steal_pointer (&href);
        }
    }

  if (url == NULL)
    return FALSE;

  block = cd_block_new (CD_BLOCK_EMBED);
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, kind);

  if (byline != NULL)
    {
      g_autofree char *author = _cd_nitf_node_text (_cd_xml_find_child (byline, "person"), NULL);
      g_autofree char *handle = _cd_nitf_node_text (_cd_xml_find_child (byline, "virtloc"), NULL);

      set_field_if_any (block, CD_BLOCK_FIELD_AUTHOR, author);
      set_field_if_any (block, CD_BLOCK_FIELD_HANDLE, handle);
    }

  if (dateline != NULL)
    {
      g_autofree char *date = _cd_nitf_node_text (_cd_xml_find_child (dateline, "story.date"), NULL);

      set_field_if_any (block, CD_BLOCK_FIELD_DATE, date);
    }

  if (title != NULL)
    {
      g_autofree char *value = _cd_nitf_node_text (title, NULL);

      set_field_if_any (block, CD_BLOCK_FIELD_TITLE, value);
    }

  for (xmlNode *child = container->children; child != NULL; child = child->next)
    {
      g_autofree char *lines = NULL;

      if (!_cd_xml_is_element (child, "p") || child == link)
        continue;

      lines = node_lines (child);
      if (*lines != '\0')
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n\n" : "", lines);
    }
  set_field_if_any (block, CD_BLOCK_FIELD_TEXT, text->str);

  lang_attribute = xmlGetNsProp (container, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  if (lang_attribute != NULL)
    {
      lang = _cd_wire_normalize_language ((const char *) lang_attribute);
      xmlFree (lang_attribute);
    }
  set_field_if_any (block, CD_BLOCK_FIELD_LANG, lang);

  add_body_block (r, g_steal_pointer (&block));
  return TRUE;
}

static void
read_block_node (CdNitfReader *r,
                 xmlNode      *node,
                 guint         depth)
{
  if (depth > CD_WIRE_MAX_XML_DEPTH)
    return;

  if (node->type != XML_ELEMENT_NODE)
    {
      read_inline_node (r, node, depth);
      return;
    }

  if (_cd_xml_is_one_of (node, skipped_names))
    return;

  if (_cd_xml_is_element (node, "p"))
    {
      _cd_nitf_flush (r, depth);
      read_inline_children (r, node, depth);
      _cd_nitf_flush (r, depth);
    }
  else if (_cd_xml_is_element (node, "hl1") || _cd_xml_is_element (node, "hl2"))
    {
      _cd_nitf_flush (r, depth);
      read_inline_children (r, node, depth);
      flush_as (r, CD_BLOCK_HEADING, _cd_nitf_attribute_has_word (node, "class", "h3") ? 3 : 2, depth);
    }
  else if (_cd_xml_is_element (node, "bq"))
    {
      _cd_nitf_flush (r, depth);
      read_quote (r, node, depth);
    }
  else if (_cd_xml_is_element (node, "ul") || _cd_xml_is_element (node, "ol"))
    {
      _cd_nitf_flush (r, depth);
      read_list (r, node, depth);
    }
  else if (_cd_xml_is_element (node, "media"))
    {
      _cd_nitf_flush (r, depth);
      read_media (r, node);
    }
  else if (_cd_xml_is_element (node, "hr"))
    {
      _cd_nitf_flush (r, depth);
      add_body_block (r, cd_block_new (CD_BLOCK_DIVIDER));
    }
  else if (_cd_xml_is_element (node, "block") && _cd_nitf_attribute_has_word (node, "class", "embed"))
    {
      _cd_nitf_flush (r, depth);
      if (!read_embed (r, node))
        {
          _cd_nitf_read_block_children (r, node, depth);
          _cd_nitf_flush (r, depth);
        }
    }
  else if (_cd_xml_is_one_of (node, block_names))
    {
      _cd_nitf_flush (r, depth);
      _cd_nitf_read_block_children (r, node, depth);
      _cd_nitf_flush (r, depth);
    }
  else
    {
      read_inline_node (r, node, depth);
    }
}

void
_cd_nitf_read_block_children (CdNitfReader *r,
                              xmlNode      *node,
                              guint         depth)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    read_block_node (r, child, depth + 1);
}
