/* cd-xml.c: reading libxml2 trees, shared by the NITF reader and the HTML
 * importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-xml"

#include "config.h"

#include <string.h>

#include "cd-libxml-private.h"

#include "cd-xml-private.h"

/* Deeper trees are refused before they are walked: no story nests this
 * far, and the walks recurse. */
#define MAX_DEPTH CD_WIRE_MAX_XML_DEPTH

gboolean
_cd_xml_is_element (xmlNode    *node,
                    const char *name)
{
  return node != NULL &&
         node->type == XML_ELEMENT_NODE &&
         g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

gboolean
_cd_xml_is_one_of (xmlNode            *node,
                   const char * const *names)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || names == NULL)
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp ((const char *) node->name, names[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

const char *
_cd_xml_entity_text (xmlNode *node,
                     char     utf8[8])
{
  xmlEntity *entity = node->doc != NULL ? xmlGetDocEntity (node->doc, node->name) : NULL;
  const htmlEntityDesc *html;
  int length;

  if (entity != NULL && entity->etype == XML_INTERNAL_GENERAL_ENTITY && entity->content != NULL &&
      strchr ((const char *) entity->content, '&') == NULL &&
      strchr ((const char *) entity->content, '<') == NULL &&
      strlen ((const char *) entity->content) <= 1024)
    return (const char *) entity->content;

  html = htmlEntityLookup (node->name);
  if (html == NULL)
    return NULL;

  length = g_unichar_to_utf8 (html->value, utf8);
  utf8[length] = '\0';
  return utf8;
}

void
_cd_xml_append_entity (CdWireText *builder,
                       xmlNode    *node)
{
  char utf8[8];
  const char *text = _cd_xml_entity_text (node, utf8);

  if (text != NULL)
    _cd_wire_text_append (builder, text);
}

char *
_cd_xml_get_attribute (xmlNode    *node,
                       const char *name)
{
  xmlAttr *attribute;
  g_autoptr (GString) value = NULL;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;

  attribute = xmlHasProp (node, (const xmlChar *) name);
  if (attribute == NULL)
    return NULL;

  /* A default from the document's own DTD. */
  if (attribute->type == XML_ATTRIBUTE_DECL)
    {
      const xmlChar *fallback = ((xmlAttribute *) attribute)->defaultValue;

      return fallback != NULL ? g_strdup ((const char *) fallback) : NULL;
    }

  value = g_string_new (NULL);
  for (xmlNode *child = attribute->children; child != NULL; child = child->next)
    {
      char utf8[8];
      const char *text;

      if (child->type == XML_TEXT_NODE)
        g_string_append (value, (const char *) child->content);
      else if (child->type == XML_ENTITY_REF_NODE && (text = _cd_xml_entity_text (child, utf8)) != NULL)
        g_string_append (value, text);
    }

  return g_string_free (g_steal_pointer (&value), FALSE);
}

guint
_cd_xml_get_size_attribute (xmlNode    *node,
                            const char *name)
{
  g_autofree char *value = _cd_xml_get_attribute (node, name);
  guint64 size = 0;

  if (value == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (value), 10, 1, 100000, &size, NULL))
    return 0;

  return (guint) size;
}

gboolean
_cd_xml_has_class (xmlNode    *node,
                   const char *klass)
{
  g_autofree char *value = NULL;
  g_auto (GStrv) classes = NULL;

  value = _cd_xml_get_attribute (node, "class");
  if (value == NULL)
    return FALSE;

  g_strdelimit (value, "\t\r\n\f", ' ');
  classes = g_strsplit (value, " ", -1);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (classes[i], klass) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
_cd_xml_has_any_class (xmlNode            *node,
                       const char * const *classes)
{
  for (guint i = 0; classes[i] != NULL; i++)
    {
      if (_cd_xml_has_class (node, classes[i]))
        return TRUE;
    }

  return FALSE;
}

xmlNode *
_cd_xml_find_child (xmlNode    *node,
                    const char *name)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, name))
        return child;
    }

  return NULL;
}

xmlNode *
_cd_xml_find_descendant (xmlNode            *node,
                         const char         *name,
                         const char         *klass,
                         const char * const *skipped,
                         guint               depth)
{
  if (node == NULL || depth > MAX_DEPTH)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      xmlNode *found;

      if (child->type != XML_ELEMENT_NODE || _cd_xml_is_one_of (child, skipped))
        continue;

      if (name != NULL ? _cd_xml_is_element (child, name) : _cd_xml_has_class (child, klass))
        return child;

      found = _cd_xml_find_descendant (child, name, klass, skipped, depth + 1);
      if (found != NULL)
        return found;
    }

  return NULL;
}

void
_cd_xml_collect_text (CdWireText           *builder,
                      xmlNode              *node,
                      const CdXmlTextRules *rules,
                      const char           *skip_name,
                      const char           *skip_class,
                      guint                 depth)
{
  if (depth > MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      switch ((int) child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          _cd_wire_text_append (builder, (const char *) child->content);
          break;

        case XML_ENTITY_REF_NODE:
          _cd_xml_append_entity (builder, child);
          break;

        case XML_ELEMENT_NODE:
          if (_cd_xml_is_one_of (child, rules->skipped) ||
              (skip_name != NULL && _cd_xml_is_element (child, skip_name)) ||
              (skip_class != NULL && _cd_xml_has_class (child, skip_class)))
            break;
          if (_cd_xml_is_element (child, "br") || _cd_xml_is_one_of (child, rules->blocks))
            _cd_wire_text_break (builder);
          _cd_xml_collect_text (builder, child, rules, skip_name, skip_class, depth + 1);
          if (_cd_xml_is_one_of (child, rules->blocks))
            _cd_wire_text_break (builder);
          break;

        default:
          break;
        }
    }
}

char *
_cd_xml_node_text (xmlNode              *node,
                   const CdXmlTextRules *rules,
                   const char           *skip_name,
                   const char           *skip_class)
{
  g_autoptr (CdWireText) builder = _cd_wire_text_new ();

  if (node == NULL)
    return g_strdup ("");

  _cd_xml_collect_text (builder, node, rules, skip_name, skip_class, 0);
  return _cd_wire_text_finish (builder, NULL);
}

static void
collect_lines (GPtrArray            *lines,
               CdWireText           *line,
               xmlNode              *node,
               const CdXmlTextRules *rules,
               guint                 depth)
{
  if (depth > MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        _cd_wire_text_append (line, (const char *) child->content);
      else if (child->type == XML_ENTITY_REF_NODE)
        _cd_xml_append_entity (line, child);
      else if (child->type == XML_ELEMENT_NODE && !_cd_xml_is_one_of (child, rules->skipped))
        {
          gboolean block = _cd_xml_is_one_of (child, rules->line_blocks);

          if (block || _cd_xml_is_element (child, "br"))
            g_ptr_array_add (lines, _cd_wire_text_finish (line, NULL));
          collect_lines (lines, line, child, rules, depth + 1);
          if (block)
            g_ptr_array_add (lines, _cd_wire_text_finish (line, NULL));
        }
    }
}

char *
_cd_xml_node_lines (xmlNode              *node,
                    const CdXmlTextRules *rules)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CdWireText) line = _cd_wire_text_new ();
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean blank = FALSE;

  if (node == NULL)
    return g_strdup ("");

  collect_lines (lines, line, node, rules, 0);
  g_ptr_array_add (lines, _cd_wire_text_finish (line, NULL));

  /* Keeps single empty lines between paragraphs of a post, never at
   * either end. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *text = g_ptr_array_index (lines, i);

      if (*text == '\0')
        {
          blank = out->len > 0;
          continue;
        }

      if (out->len > 0)
        g_string_append (out, blank ? "\n\n" : "\n");
      g_string_append (out, text);
      blank = FALSE;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
_cd_xml_gather_list_items (xmlNode                 *list,
                           const CdXmlListReader   *reader,
                           gpointer                 data,
                           GPtrArray               *items,
                           guint                    depth)
{
  if (depth > CD_WIRE_MAX_XML_DEPTH)
    return;

  for (xmlNode *child = list->children; child != NULL; child = child->next)
    {
      g_autoptr (GPtrArray) nested = g_ptr_array_new ();
      g_autoptr (GPtrArray) marks = NULL;
      g_autofree char *text = NULL;

      if (_cd_xml_is_element (child, "ul") || _cd_xml_is_element (child, "ol"))
        {
          _cd_xml_gather_list_items (child, reader, data, items, depth + 1);
          continue;
        }

      if (_cd_xml_is_element (child, "li"))
        {
          /* Nested lists are flattened: their items follow this one. */
          for (xmlNode *part = child->children; part != NULL; part = part->next)
            {
              if (_cd_xml_is_element (part, "ul") || _cd_xml_is_element (part, "ol"))
                g_ptr_array_add (nested, part);
              else
                reader->read_inline (data, part, depth + 1);
            }
        }
      else
        {
          reader->read_inline (data, child, depth + 1);
        }

      text = reader->finish_text (data, &marks);
      if (*text != '\0')
        {
          CdListItem *item = cd_list_item_new (text);

          g_ptr_array_unref (item->marks);
          item->marks = g_steal_pointer (&marks);
          g_ptr_array_add (items, item);
        }

      for (guint i = 0; i < nested->len; i++)
        _cd_xml_gather_list_items (g_ptr_array_index (nested, i), reader, data, items, depth + 1);
    }
}
