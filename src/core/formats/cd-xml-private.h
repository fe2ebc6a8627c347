/* cd-xml-private.h: reading libxml2 trees, shared by the NITF reader and
 * the HTML importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-libxml-private.h"

#include "cd-wire-private.h"

G_BEGIN_DECLS

/* How a tree's text reads: elements that carry no story text, elements
 * that stand on lines of their own (a break before and after), and the
 * ones that do so in text whose line breaks matter (node_lines). */
typedef struct
{
  const char * const *skipped;
  const char * const *blocks;
  const char * const *line_blocks;
} CdXmlTextRules;

/* How a reader reads the inline content of a list item: @read_inline
 * adds @node's text and marks to the text being built, @finish_text
 * returns that text (and its marks) and starts anew. */
typedef struct
{
  void  (*read_inline) (gpointer   data,
                        xmlNode   *node,
                        guint      depth);
  char *(*finish_text) (gpointer    data,
                        GPtrArray **marks);
} CdXmlListReader;

/* Whether @node is an element called @name (ASCII, any case). */
gboolean      _cd_xml_is_element               (xmlNode              *node,
                                                const char           *name);
/* Whether @node is an element called one of @names (NULL-terminated). */
gboolean      _cd_xml_is_one_of                (xmlNode              *node,
                                                const char * const   *names);
/* The value of attribute @name, or NULL; entity references read as in
 * text (libxml2's xmlGetProp() would expand nested entities, unbudgeted),
 * and a default from the document's own DTD. */
char         *_cd_xml_get_attribute            (xmlNode              *node,
                                                const char           *name);
/* A whole number from 1 to 100000 in attribute @name, else 0. */
guint         _cd_xml_get_size_attribute       (xmlNode              *node,
                                                const char           *name);
/* Whether @node's class attribute lists @klass (ASCII, any case). */
gboolean      _cd_xml_has_class                (xmlNode              *node,
                                                const char           *klass);
gboolean      _cd_xml_has_any_class            (xmlNode              *node,
                                                const char * const   *classes);
/* The first child element called @name, or NULL. */
xmlNode      *_cd_xml_find_child               (xmlNode              *node,
                                                const char           *name);
/* The first descendant element called @name, or with class @klass when
 * @name is NULL, not looking inside elements of @skipped (or NULL), nor
 * deeper than CD_WIRE_MAX_XML_DEPTH below @depth. */
xmlNode      *_cd_xml_find_descendant          (xmlNode              *node,
                                                const char           *name,
                                                const char           *klass,
                                                const char * const   *skipped,
                                                guint                 depth);
/* Appends the plain text of @node's children to @builder as @rules read
 * it, leaving out elements called @skip_name or with class @skip_class
 * (either NULL); @depth is @node's, for the depth limit. */
void          _cd_xml_collect_text             (CdWireText           *builder,
                                                xmlNode              *node,
                                                const CdXmlTextRules *rules,
                                                const char           *skip_name,
                                                const char           *skip_class,
                                                guint                 depth);
/* The plain text of @node ("" for NULL) as @rules read it, leaving out
 * elements called @skip_name or with class @skip_class (either NULL). */
char         *_cd_xml_node_text                (xmlNode              *node,
                                                const CdXmlTextRules *rules,
                                                const char           *skip_name,
                                                const char           *skip_class);
/* Text whose line breaks matter, as in a social post: <br> and
 * @rules->line_blocks become newlines, other white space collapses within
 * each line, and single empty lines are kept between paragraphs. */
char         *_cd_xml_node_lines               (xmlNode              *node,
                                                const CdXmlTextRules *rules);
/* What an entity reference left in the tree (entities are never
 * substituted while parsing) stands for in a story: the text of a short
 * internal entity of plain text, or the character of an HTML entity (the
 * ones NITF's DTD declares); NULL for any other, external entities above
 * all, which are never read. @utf8 holds the character. */
const char   *_cd_xml_entity_text              (xmlNode              *node,
                                                char                  utf8[8]);
/* Appends _cd_xml_entity_text() of @node, if any, to @builder. */
void          _cd_xml_append_entity            (CdWireText           *builder,
                                                xmlNode              *node);
/* Appends the items of the list @list (ul or ol) to @items, as
 * CdListItem, read by @reader with @data. Lists nested in an item are
 * flattened, their items following it; nothing deeper than
 * CD_WIRE_MAX_XML_DEPTH below @depth is read. */
void          _cd_xml_gather_list_items        (xmlNode               *list,
                                                const CdXmlListReader *reader,
                                                gpointer               data,
                                                GPtrArray             *items,
                                                guint                  depth);

G_END_DECLS
