/* cd-html-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html-import.h"
#include "cd-wire-private.h"
#include "cd-xml-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (htmlParserCtxt, htmlFreeParserCtxt)

/* Deeper trees are refused before they are walked: no story nests this
 * far, and the walk recurses. */
#define MAX_DEPTH CD_WIRE_MAX_XML_DEPTH

typedef struct
{
  CdArticle  *article;
  GPtrArray  *blocks;
  CdWireText *text;       /* the paragraph being gathered */
  GPtrArray  *deferred;   /* of xmlNode: images met inside running text */
  GHashTable *ids;        /* block ids already given out */
  char       *dateline;
  gboolean    had_paragraph;
  gboolean    strip_dash;
  gboolean    split;          /* a block inside running text ends the paragraph */
} Importer;

/* Elements whose content is not story text. */
static const char * const dropped_elements[] = {
  "script", "style", "iframe", "noscript", "template", "object", "embed",
  "svg", "math", "head", "title", "meta", "link", "base", "frameset",
  "frame", "applet", "audio", "video", "canvas", "map", "select",
  "textarea", "input", "button", "option", "datalist", "param", "source",
  "track", NULL
};

/* Elements that end the paragraph before them and start a new one after. */
static const char * const block_elements[] = {
  "address", "article", "aside", "body", "caption", "center", "dd",
  "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
  "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
  "html", "legend", "li", "main", "menu", "nav", "p", "pre", "section",
  "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
  "blockquote", "ul", "ol", "figure", "hr", NULL
};

/* The blockquote classes of the providers' own embed markup. */
static const char * const official_embed_classes[] = {
  "twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed",
  "text-post-media", "fb-xfbml-parse-ignore", NULL
};

static void import_node     (Importer *self,
                             xmlNode  *node,
                             guint     depth);
static void import_children (Importer *self,
                             xmlNode  *parent,
                             guint     depth);
static void inline_node     (Importer *self,
                             xmlNode  *node,
                             guint     depth);

/* The tree-reading helpers are the NITF reader's too (cd-xml.c); these
 * name the HTML importer's rules. */
static const CdXmlTextRules text_rules = { dropped_elements, block_elements, block_elements };

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return _cd_xml_is_element (node, name);
}

static gboolean
is_one_of (xmlNode            *node,
           const char * const *names)
{
  return _cd_xml_is_one_of (node, names);
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  return _cd_xml_get_attribute (node, name);
}

static gboolean
has_class (xmlNode    *node,
           const char *klass)
{
  return _cd_xml_has_class (node, klass);
}

static gboolean
has_any_class (xmlNode            *node,
               const char * const *classes)
{
  return _cd_xml_has_any_class (node, classes);
}

static guint
get_size_attribute (xmlNode    *node,
                    const char *name)
{
  return _cd_xml_get_size_attribute (node, name);
}

/* The first descendant element called @name, or with class @klass when
 * @name is NULL. */
static xmlNode *
find_descendant (xmlNode    *node,
                 const char *name,
                 const char *klass,
                 guint       depth)
{
  return _cd_xml_find_descendant (node, name, klass, dropped_elements, depth);
}

/* Plain text of a subtree; @skip_class leaves out elements with that class. */
static void
collect_text (CdWireText *builder,
              xmlNode    *node,
              const char *skip_class,
              guint       depth)
{
  _cd_xml_collect_text (builder, node, &text_rules, NULL, skip_class, depth);
}

static char *
node_text (xmlNode    *node,
           const char *skip_class)
{
  return _cd_xml_node_text (node, &text_rules, NULL, skip_class);
}

/* Text whose line breaks matter, as in a social post: <br> and blocks
 * become newlines, other white space collapses within each line. */
static char *
node_lines (xmlNode *node)
{
  return _cd_xml_node_lines (node, &text_rules);
}

static char *
strip_leading_dash (const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '-' && c != 0x2013 && c != 0x2014 && c != 0x2015 && !g_unichar_isspace (c))
        break;
      p = g_utf8_next_char (p);
    }

  return g_strdup (p);
}

/* Keeps the data-block-id of @source, as Copydesk's HTML writes it, so a
 * story that goes out and comes back keeps its block ids. */
static void
add_block (Importer *self,
           CdBlock  *block,
           xmlNode  *source)
{
  g_autofree char *id = source != NULL ? get_attribute (source, "data-block-id") : NULL;

  if (id != NULL)
    g_strstrip (id);

  if (id != NULL && *id != '\0' && strlen (id) <= 64 && g_utf8_validate (id, -1, NULL) &&
      !g_hash_table_contains (self->ids, id))
    {
      cd_block_set_id (block, id);
      g_hash_table_add (self->ids, g_steal_pointer (&id));
    }

  g_ptr_array_add (self->blocks, block);
}

static void
import_deferred (Importer *self,
                 guint     depth)
{
  g_autoptr (GPtrArray) deferred = NULL;

  if (self->deferred->len == 0)
    return;

  /* Importing them may defer more images; those wait for the next round. */
  deferred = g_ptr_array_copy (self->deferred, NULL, NULL);
  g_ptr_array_set_size (self->deferred, 0);

  for (guint i = 0; i < deferred->len; i++)
    import_node (self, g_ptr_array_index (deferred, i), depth);
}

/* Ends the paragraph being gathered; @type says what it becomes. */
static void
flush_as (Importer    *self,
          CdBlockType  type,
          guint        level,
          xmlNode     *source,
          guint        depth)
{
  g_autoptr (GPtrArray) marks = NULL;
  g_autofree char *text = _cd_wire_text_finish (self->text, &marks);

  self->strip_dash = FALSE;

  if (*text != '\0')
    {
      CdBlock *block = cd_block_new (type);

      cd_block_set_text_and_marks (block, text, marks);
      if (type == CD_BLOCK_HEADING)
        cd_block_set_level (block, level);
      add_block (self, block, source);

      if (type == CD_BLOCK_PARAGRAPH)
        self->had_paragraph = TRUE;
    }

  import_deferred (self, depth);
}

static void
flush (Importer *self,
       guint     depth)
{
  flush_as (self, CD_BLOCK_PARAGRAPH, 0, NULL, depth);
}

static void
inline_children (Importer *self,
                 xmlNode  *parent,
                 guint     depth)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    inline_node (self, child, depth + 1);
}

static void
inline_text (Importer   *self,
             const char *text)
{
  if (self->strip_dash)
    {
      g_autofree char *rest = strip_leading_dash (text);
      g_autofree char *check = _cd_wire_clean_text (rest);

      _cd_wire_text_append (self->text, rest);
      if (*check != '\0')
        self->strip_dash = FALSE;
      return;
    }

  _cd_wire_text_append (self->text, text);
}

static void
inline_node (Importer *self,
             xmlNode  *node,
             guint     depth)
{
  if (depth > MAX_DEPTH)
    return;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      inline_text (self, (const char *) node->content);
      return;
    }

  if (node->type != XML_ELEMENT_NODE || is_one_of (node, dropped_elements))
    return;

  if (is_element (node, "br"))
    {
      _cd_wire_text_break (self->text);
    }
  else if (is_element (node, "img") || is_element (node, "figure"))
    {
      g_ptr_array_add (self->deferred, node);
    }
  else if (is_element (node, "strong") || is_element (node, "b"))
    {
      guint mark = _cd_wire_text_open_mark (self->text, CD_MARK_STRONG, NULL);

      inline_children (self, node, depth);
      _cd_wire_text_close_mark (self->text, mark);
    }
  else if (is_element (node, "em") || is_element (node, "i"))
    {
      guint mark = _cd_wire_text_open_mark (self->text, CD_MARK_EM, NULL);

      inline_children (self, node, depth);
      _cd_wire_text_close_mark (self->text, mark);
    }
  else if (is_element (node, "a"))
    {
      g_autofree char *href = get_attribute (node, "href");

      if (href != NULL)
        g_strstrip (href);

      if (href != NULL && cd_href_is_allowed (href))
        {
          guint mark = _cd_wire_text_open_mark (self->text, CD_MARK_LINK, href);

          inline_children (self, node, depth);
          _cd_wire_text_close_mark (self->text, mark);
        }
      else
        {
          inline_children (self, node, depth);
        }
    }
  else if (has_class (node, "dateline") && !self->had_paragraph &&
           self->dateline == NULL && _cd_wire_text_is_empty (self->text))
    {
      self->dateline = node_text (node, NULL);
      self->strip_dash = TRUE;
    }
  else if (is_one_of (node, block_elements) && self->split)
    {
      /* libxml2's HTML 4 parser leaves elements it does not know (section,
       * article, …) inside the paragraph it opened for loose text. */
      flush (self, depth);
      import_node (self, node, depth);
    }
  else if (is_one_of (node, block_elements))
    {
      _cd_wire_text_break (self->text);
      inline_children (self, node, depth);
      _cd_wire_text_break (self->text);
    }
  else
    {
      inline_children (self, node, depth);
    }
}

static void
import_image (Importer *self,
              xmlNode  *img,
              xmlNode  *figcaption,
              xmlNode  *source)
{
  g_autofree char *src_attribute = get_attribute (img, "src");
  g_autofree char *alt_attribute = get_attribute (img, "alt");
  g_autofree char *src = _cd_wire_figure_src (self->article, src_attribute);
  g_autofree char *alt = _cd_wire_clean_text (alt_attribute);
  g_autofree char *caption = NULL;
  g_autofree char *credit = NULL;
  CdBlock *block;

  if (figcaption != NULL)
    {
      xmlNode *credit_node = find_descendant (figcaption, NULL, "credit", 0);

      caption = node_text (figcaption, "credit");
      credit = node_text (credit_node, NULL);
    }

  /* An image that cannot be shown and says nothing is not worth a block. */
  if (src == NULL && (caption == NULL || *caption == '\0') && (credit == NULL || *credit == '\0'))
    return;

  block = cd_block_new (CD_BLOCK_FIGURE);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src != NULL ? src : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt);
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption != NULL ? caption : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, credit != NULL ? credit : "");
  if (src != NULL)
    cd_block_set_size (block, get_size_attribute (img, "width"), get_size_attribute (img, "height"));

  add_block (self, block, source);
}

static void
set_field_if_any (CdBlock      *block,
                  CdBlockField  field,
                  const char   *value)
{
  if (value != NULL && *value != '\0')
    cd_block_set_field (block, field, value);
}

static CdBlock *
embed_block_new (const char *url)
{
  g_autoptr (CdBlock) block = NULL;
  const char *provider;
  const char *kind;

  if (url == NULL || !cd_embed_detect (url, &provider, &kind, NULL))
    return NULL;

  block = cd_block_new (CD_BLOCK_EMBED);
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, kind);

  return g_steal_pointer (&block);
}

/* Copydesk's own card: figure.embed > blockquote.embed-card[cite] with
 * p.embed-title and p.embed-text, then a figcaption with the author,
 * handle and a dated link. */
static gboolean
import_embed_card (Importer *self,
                   xmlNode  *figure)
{
  xmlNode *quote = find_descendant (figure, "blockquote", NULL, 0);
  xmlNode *caption = find_descendant (figure, "figcaption", NULL, 0);
  xmlNode *time = find_descendant (figure, "time", NULL, 0);
  g_autofree char *url = quote != NULL ? get_attribute (quote, "cite") : NULL;
  g_autofree char *lang_attribute = quote != NULL ? get_attribute (quote, "lang") : NULL;
  g_autofree char *lang = _cd_wire_normalize_language (lang_attribute);
  g_autofree char *title = node_text (find_descendant (figure, NULL, "embed-title", 0), NULL);
  g_autofree char *text = node_lines (find_descendant (figure, NULL, "embed-text", 0));
  g_autofree char *author = node_text (find_descendant (figure, NULL, "embed-author", 0), NULL);
  g_autofree char *handle = node_text (find_descendant (figure, NULL, "embed-handle", 0), NULL);
  g_autofree char *date = time != NULL ? get_attribute (time, "datetime") : NULL;
  CdBlock *block;

  if (url == NULL && caption != NULL)
    {
      xmlNode *link = find_descendant (caption, "a", NULL, 0);

      if (link != NULL)
        url = get_attribute (link, "href");
    }

  if (url != NULL)
    g_strstrip (url);

  block = embed_block_new (url);
  if (block == NULL)
    return FALSE;

  set_field_if_any (block, CD_BLOCK_FIELD_TITLE, title);
  set_field_if_any (block, CD_BLOCK_FIELD_TEXT, text);
  set_field_if_any (block, CD_BLOCK_FIELD_AUTHOR, author);
  set_field_if_any (block, CD_BLOCK_FIELD_HANDLE, handle);
  if (date != NULL)
    {
      g_autofree char *clean = _cd_wire_clean_text (date);

      set_field_if_any (block, CD_BLOCK_FIELD_DATE, clean);
    }
  set_field_if_any (block, CD_BLOCK_FIELD_LANG, lang);

  add_block (self, block, figure);
  return TRUE;
}

static void
collect_links (xmlNode   *node,
               GPtrArray *links,
               guint      depth)
{
  if (depth > MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "a"))
        g_ptr_array_add (links, child);
      else if (child->type == XML_ELEMENT_NODE)
        collect_links (child, links, depth + 1);
    }
}

/* A provider's own blockquote (twitter-tweet, instagram-media, …): the
 * post's address is the last link that a provider claims. */
static gboolean
import_official_embed (Importer *self,
                       xmlNode  *quote)
{
  g_autoptr (GPtrArray) links = g_ptr_array_new ();
  g_autofree char *cite = get_attribute (quote, "cite");
  g_autofree char *lang_attribute = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *text = NULL;
  CdBlock *block = NULL;
  xmlNode *first_p;

  if (cite != NULL)
    block = embed_block_new (g_strstrip (cite));

  if (block == NULL)
    {
      collect_links (quote, links, 0);
      for (guint i = links->len; block == NULL && i > 0; i--)
        {
          g_autofree char *href = get_attribute (g_ptr_array_index (links, i - 1), "href");
          const char *provider;
          const char *kind;

          if (href == NULL)
            continue;
          g_strstrip (href);
          if (cd_embed_detect (href, &provider, &kind, NULL) && !g_str_equal (provider, "link"))
            block = embed_block_new (href);
        }
    }

  if (block == NULL)
    return FALSE;

  first_p = find_descendant (quote, "p", NULL, 0);
  text = node_lines (first_p);
  set_field_if_any (block, CD_BLOCK_FIELD_TEXT, text);

  lang_attribute = first_p != NULL ? get_attribute (first_p, "lang") : NULL;
  lang = _cd_wire_normalize_language (lang_attribute);
  set_field_if_any (block, CD_BLOCK_FIELD_LANG, lang);

  add_block (self, block, quote);
  return TRUE;
}

static void
import_quote (Importer *self,
              xmlNode  *quote,
              guint     depth)
{
  g_autoptr (GPtrArray) marks = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *text = NULL;
  CdBlock *block;

  if (has_any_class (quote, official_embed_classes) && import_official_embed (self, quote))
    return;

  for (xmlNode *child = quote->children; child != NULL; child = child->next)
    {
      if (attribution == NULL && (is_element (child, "footer") || is_element (child, "cite")))
        {
          g_autofree char *raw = node_text (child, NULL);

          attribution = strip_leading_dash (raw);
          continue;
        }

      inline_node (self, child, depth + 1);
    }

  text = _cd_wire_text_finish (self->text, &marks);
  self->strip_dash = FALSE;

  if (*text != '\0' || (attribution != NULL && *attribution != '\0'))
    {
      block = cd_block_new (CD_BLOCK_QUOTE);
      cd_block_set_text_and_marks (block, text, marks);
      cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, attribution != NULL ? attribution : "");
      add_block (self, block, quote);
    }

  import_deferred (self, depth);
}

static void
import_pullquote (Importer *self,
                  xmlNode  *aside,
                  guint     depth)
{
  g_autoptr (CdWireText) builder = _cd_wire_text_new ();
  g_autofree char *attribution = NULL;
  g_autofree char *text = NULL;
  CdBlock *block;

  for (xmlNode *child = aside->children; child != NULL; child = child->next)
    {
      if (attribution == NULL && has_class (child, "attribution"))
        {
          attribution = node_text (child, NULL);
          continue;
        }

      if (child->type == XML_TEXT_NODE)
        _cd_wire_text_append (builder, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE && !is_one_of (child, dropped_elements))
        {
          _cd_wire_text_break (builder);
          collect_text (builder, child, NULL, depth + 1);
        }
    }

  text = _cd_wire_text_finish (builder, NULL);
  if (*text == '\0')
    return;

  block = cd_block_new (CD_BLOCK_PULLQUOTE);
  cd_block_set_text (block, text);
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, attribution != NULL ? attribution : "");
  add_block (self, block, aside);
}

static void
gather_list_items (Importer  *self,
                   xmlNode   *list,
                   GPtrArray *items,
                   guint      depth)
{
  if (depth > MAX_DEPTH)
    return;

  for (xmlNode *child = list->children; child != NULL; child = child->next)
    {
      g_autoptr (GPtrArray) nested = g_ptr_array_new ();
      g_autoptr (GPtrArray) marks = NULL;
      g_autofree char *text = NULL;

      if (is_element (child, "ul") || is_element (child, "ol"))
        {
          gather_list_items (self, child, items, depth + 1);
          continue;
        }

      if (is_element (child, "li"))
        {
          /* Nested lists are flattened: their items follow this one. */
          for (xmlNode *part = child->children; part != NULL; part = part->next)
            {
              if (is_element (part, "ul") || is_element (part, "ol"))
                g_ptr_array_add (nested, part);
              else
                inline_node (self, part, depth + 1);
            }
        }
      else
        {
          inline_node (self, child, depth + 1);
        }

      text = _cd_wire_text_finish (self->text, &marks);
      if (*text != '\0')
        {
          CdListItem *item = cd_list_item_new (text);

          g_ptr_array_unref (item->marks);
          item->marks = g_steal_pointer (&marks);
          g_ptr_array_add (items, item);
        }

      for (guint i = 0; i < nested->len; i++)
        gather_list_items (self, g_ptr_array_index (nested, i), items, depth + 1);
    }
}

static void
import_list (Importer *self,
             xmlNode  *list,
             guint     depth)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

  gather_list_items (self, list, items, depth);
  self->strip_dash = FALSE;

  if (items->len > 0)
    {
      CdBlock *block = cd_block_new (CD_BLOCK_LIST);

      cd_block_set_ordered (block, is_element (list, "ol"));
      cd_block_set_items (block, items);
      add_block (self, block, list);
    }

  import_deferred (self, depth);
}

static void
import_figure (Importer *self,
               xmlNode  *figure,
               guint     depth)
{
  xmlNode *img;

  if (has_class (figure, "embed") && import_embed_card (self, figure))
    return;

  img = find_descendant (figure, "img", NULL, 0);
  if (img == NULL)
    {
      import_children (self, figure, depth);
      flush (self, depth);
      return;
    }

  import_image (self, img, find_descendant (figure, "figcaption", NULL, 0), figure);
}

static void
import_node (Importer *self,
             xmlNode  *node,
             guint     depth)
{
  if (depth > MAX_DEPTH)
    return;

  if (node->type != XML_ELEMENT_NODE)
    {
      inline_node (self, node, depth);
      return;
    }

  if (is_one_of (node, dropped_elements))
    return;

  if (is_element (node, "p"))
    {
      gboolean split = self->split;

      flush (self, depth);
      self->split = TRUE;
      inline_children (self, node, depth);
      self->split = split;
      flush_as (self, CD_BLOCK_PARAGRAPH, 0, node, depth);
    }
  else if (is_element (node, "h2") || is_element (node, "h3") || is_element (node, "h4") ||
           is_element (node, "h5") || is_element (node, "h6"))
    {
      gboolean split = self->split;

      flush (self, depth);
      self->split = FALSE;
      inline_children (self, node, depth);
      self->split = split;
      flush_as (self, CD_BLOCK_HEADING, is_element (node, "h2") ? 2 : 3, node, depth);
    }
  else if (is_element (node, "blockquote") || is_element (node, "ul") || is_element (node, "ol"))
    {
      gboolean split = self->split;

      flush (self, depth);
      self->split = FALSE;
      if (is_element (node, "blockquote"))
        import_quote (self, node, depth);
      else
        import_list (self, node, depth);
      self->split = split;
    }
  else if (is_element (node, "figure"))
    {
      flush (self, depth);
      import_figure (self, node, depth);
    }
  else if (is_element (node, "img"))
    {
      flush (self, depth);
      import_image (self, node, NULL, node);
    }
  else if (is_element (node, "hr"))
    {
      flush (self, depth);
      add_block (self, cd_block_new (CD_BLOCK_DIVIDER), node);
    }
  else if (is_element (node, "aside") && has_class (node, "pullquote"))
    {
      flush (self, depth);
      import_pullquote (self, node, depth);
    }
  else if (is_one_of (node, block_elements))
    {
      flush (self, depth);
      import_children (self, node, depth);
      flush (self, depth);
    }
  else
    {
      /* Loose inline content makes a paragraph of its own. */
      gboolean split = self->split;

      self->split = TRUE;
      inline_node (self, node, depth);
      self->split = split;
    }
}

static void
import_children (Importer *self,
                 xmlNode  *parent,
                 guint     depth)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    import_node (self, child, depth + 1);
}

GPtrArray *
cd_html_import_blocks (const char  *html,
                       gsize        length,
                       const char  *display_name,
                       CdArticle   *article,
                       char       **dateline,
                       GError     **error)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (CdWireText) text = _cd_wire_text_new ();
  g_autoptr (GPtrArray) deferred = g_ptr_array_new ();
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *found_dateline = NULL;
  g_autoptr (htmlParserCtxt) context = NULL;
  htmlDocPtr doc;
  xmlNode *root;
  Importer self = { 0, };

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (article == NULL || CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dateline != NULL)
    *dateline = NULL;

  if (length > CD_WIRE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size_full (CD_WIRE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the HTML body is larger than %s"), display_name, limit);
      return NULL;
    }

  if (length == 0)
    return g_steal_pointer (&blocks);

  context = htmlNewParserCtxt ();
  if (context == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("%s: out of memory"), display_name);
      return NULL;
    }

  doc = htmlCtxtReadMemory (context, html, (int) length, NULL, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);

  /* libxml2 stops at elements nested deeper than 256 (or when memory runs
   * out) and hands back what it read so far: the rest of the story would
   * be lost without a word. */
  if (context->disableSAX != 0)
    {
      const xmlError *xml_error = xmlCtxtGetLastError (context);

      g_clear_pointer (&doc, xmlFreeDoc);
      if (xml_error != NULL && xml_error->message != NULL &&
          strstr (xml_error->message, "Excessive depth") != NULL)
        g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                     _("%s: the HTML body nests elements more than %u deep, deeper than Copydesk reads"),
                     display_name, MAX_DEPTH);
      else
        g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                     _("%s: the HTML body could not be read to its end"), display_name);
      return NULL;
    }

  if (doc == NULL)
    return g_steal_pointer (&blocks);

  root = xmlDocGetRootElement (doc);
  if (root != NULL && _cd_wire_xml_find_too_deep (root) != NULL)
    {
      xmlFreeDoc (doc);
      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the HTML body nests elements more than %u deep, deeper than Copydesk reads"),
                   display_name, MAX_DEPTH);
      return NULL;
    }

  self.article = article;
  self.blocks = blocks;
  self.text = text;
  self.deferred = deferred;
  self.ids = ids;

  if (root != NULL)
    {
      xmlNode *body = is_element (root, "body") ? root : find_descendant (root, "body", NULL, 0);

      import_children (&self, body != NULL ? body : root, 0);
      flush (&self, 0);
    }

  found_dateline = self.dateline;
  xmlFreeDoc (doc);

  if (dateline != NULL)
    *dateline = g_steal_pointer (&found_dateline);

  return g_steal_pointer (&blocks);
}
