/* cd-html-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-libxml-private.h"

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html-clean-private.h"
#include "cd-html-import.h"
#include "cd-html-import-private.h"
#include "cd-media.h"
#include "cd-wire-private.h"
#include "cd-xml-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (htmlParserCtxt, htmlFreeParserCtxt)

/* Elements whose content is not story text. Not <source> and <track>:
 * libxml2's HTML 4 parser does not know them as empty, so what follows
 * one (the <img> of a <picture>) is read as its content. */
const char * const _cd_html_import_dropped_elements[] = {
  "script", "style", "iframe", "noscript", "template", "object", "embed",
  "svg", "math", "head", "title", "meta", "link", "base", "frameset",
  "frame", "applet", "audio", "video", "canvas", "map", "select",
  "textarea", "input", "button", "option", "datalist", "param", NULL
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
const char * const _cd_html_import_official_embed_classes[] = {
  "twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed",
  "text-post-media", "fb-xfbml-parse-ignore", NULL
};

/* The tree-reading helpers are the NITF reader's too (cd-xml.c); these
 * name the HTML importer's rules. */
static const CdXmlTextRules text_rules = { _cd_html_import_dropped_elements, block_elements, block_elements };

gboolean
_cd_html_import_is_element (xmlNode    *node,
                            const char *name)
{
  return _cd_xml_is_element (node, name);
}

gboolean
_cd_html_import_is_one_of (xmlNode            *node,
                           const char * const *names)
{
  return _cd_xml_is_one_of (node, names);
}

char *
_cd_html_import_get_attribute (xmlNode    *node,
                               const char *name)
{
  return _cd_xml_get_attribute (node, name);
}

gboolean
_cd_html_import_has_class (xmlNode    *node,
                           const char *klass)
{
  return _cd_xml_has_class (node, klass);
}

gboolean
_cd_html_import_has_any_class (xmlNode            *node,
                               const char * const *classes)
{
  return _cd_xml_has_any_class (node, classes);
}

guint
_cd_html_import_get_size_attribute (xmlNode    *node,
                                    const char *name)
{
  return _cd_xml_get_size_attribute (node, name);
}

/* The first descendant element called @name, or with class @klass when
 * @name is NULL. */
xmlNode *
_cd_html_import_find_descendant (xmlNode    *node,
                                 const char *name,
                                 const char *klass,
                                 guint       depth)
{
  return _cd_xml_find_descendant (node, name, klass, _cd_html_import_dropped_elements, depth);
}

/* Plain text of a subtree; @skip_class leaves out elements with that class. */
void
_cd_html_import_collect_text (CdWireText *builder,
                              xmlNode    *node,
                              const char *skip_class,
                              guint       depth)
{
  _cd_xml_collect_text (builder, node, &text_rules, NULL, skip_class, depth);
}

char *
_cd_html_import_finish_text (Importer   *self,
                             GPtrArray **marks)
{
  char *text = _cd_wire_text_finish (self->text, marks);

  _cd_html_trim_trailing_layout (text, *marks);
  return text;
}

char *
_cd_html_import_node_text (xmlNode    *node,
                           const char *skip_class)
{
  char *text = _cd_xml_node_text (node, &text_rules, NULL, skip_class);

  _cd_html_trim_trailing_layout (text, NULL);
  return text;
}

/* Text whose line breaks matter, as in a social post: <br> and blocks
 * become newlines, other white space collapses within each line. */
char *
_cd_html_import_node_lines (xmlNode *node)
{
  return _cd_xml_node_lines (node, &text_rules);
}

char *
_cd_html_import_strip_leading_dash (const char *text)
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
void
_cd_html_import_add_block (Importer *self,
                           CdBlock  *block,
                           xmlNode  *source)
{
  g_autofree char *id = source != NULL ? _cd_html_import_get_attribute (source, "data-block-id") : NULL;

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

/* Parts of a web page around the story: menus, related links, forms,
 * the site's footer. An aside with class pullquote is Copydesk's own. */
static const char * const page_furniture[] = {
  "nav", "aside", "form", "footer", "dialog", "menu", NULL
};

static const char * const page_furniture_roles[] = {
  "navigation", "banner", "contentinfo", "complementary", "search", "dialog", NULL
};

/* Word's comment anchors and comment texts. */
static const char * const word_comment_classes[] = {
  "msocomanchor", "msocomoff", "msocomtxt", "MsoCommentReference", "MsoCommentText", NULL
};

/* Links that only jump to a footnote, an endnote or a comment of the same
 * document (Word, Google Docs, a wiki's citations): the reference mark
 * goes, the text stays. */
static const char * const note_anchor_prefixes[] = {
  "#_ftn", "#_edn", "#ftnt", "#cmnt", "#_msocom", "#_msoanchor", "#cite_note", NULL
};

/* Class rules first, then the style attribute, as a browser cascades. */
void
_cd_html_import_read_style (Importer     *self,
                            xmlNode      *node,
                            CdStyleFacts *facts)
{
  g_autofree char *style = NULL;

  if (self->class_styles != NULL && g_hash_table_size (self->class_styles) > 0)
    {
      g_autofree char *value = _cd_html_import_get_attribute (node, "class");
      g_auto (GStrv) classes = NULL;

      if (value != NULL)
        {
          g_strdelimit (value, "\t\r\n\f", ' ');
          classes = g_strsplit (value, " ", -1);
          for (guint i = 0; classes[i] != NULL; i++)
            {
              g_autofree char *key = g_ascii_strdown (classes[i], -1);
              const CdStyleFacts *rule = g_hash_table_lookup (self->class_styles, key);

              if (rule == NULL)
                continue;
              if (rule->bold != 0)
                facts->bold = rule->bold;
              if (rule->italic != 0)
                facts->italic = rule->italic;
            }
        }
    }

  style = _cd_html_import_get_attribute (node, "style");
  if (style != NULL)
    _cd_html_style_parse (style, facts);
}

static gboolean
has_attribute_value (xmlNode            *node,
                     const char         *name,
                     const char * const *values)
{
  g_autofree char *value = _cd_html_import_get_attribute (node, name);

  if (value == NULL)
    return FALSE;

  g_strstrip (value);
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (value, values[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static xmlNode *
first_element_child (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        return child;
    }

  return NULL;
}

static xmlNode *
next_element (xmlNode *node)
{
  for (xmlNode *next = node->next; next != NULL; next = next->next)
    {
      if (next->type == XML_ELEMENT_NODE)
        return next;
    }

  return NULL;
}

/* Google Docs keeps a saved document's comments and footnotes at its
 * end, each in a div opening with a link back to where it was made
 * ("#cmnt_ref1", "#ftnt_ref1"). */
static gboolean
is_docs_note (xmlNode    *div,
              const char *back_link)
{
  xmlNode *p = div != NULL ? first_element_child (div) : NULL;
  xmlNode *link = p != NULL ? first_element_child (p) : NULL;
  g_autofree char *href = NULL;

  if (!_cd_html_import_is_element (div, "div") || !_cd_html_import_is_element (p, "p") || !_cd_html_import_is_element (link, "a"))
    return FALSE;

  href = _cd_html_import_get_attribute (link, "href");
  return href != NULL && g_str_has_prefix (href, back_link);
}

static gboolean
is_note_anchor (xmlNode *link)
{
  g_autofree char *href = _cd_html_import_get_attribute (link, "href");

  if (href == NULL)
    return FALSE;

  g_strstrip (href);
  for (guint i = 0; note_anchor_prefixes[i] != NULL; i++)
    {
      if (g_str_has_prefix (href, note_anchor_prefixes[i]))
        return TRUE;
    }

  return FALSE;
}

/* Word copies a tracked deletion as <del cite="mailto:AUTHOR"> (in a
 * span.msoDel): words the writer took out, unlike a <del> a web page
 * shows its readers. */
static gboolean
is_word_deletion (xmlNode *del)
{
  g_autofree char *cite = _cd_html_import_get_attribute (del, "cite");

  return _cd_html_import_has_class (del, "msoDel") || _cd_html_import_has_class (del->parent, "msoDel") ||
         (cite != NULL && g_ascii_strncasecmp (cite, "mailto:", 7) == 0);
}

/* Whether an element and all it holds stay out of the story: content
 * that is not text (scripts, styles, forms), the page around an article,
 * what is hidden, and what Word and Google Docs add around a document's
 * text (typed list bullets, comments, footnote marks). */
static gboolean
is_dropped (Importer           *self,
            xmlNode            *node,
            const CdStyleFacts *facts)
{
  static const char * const true_values[] = { "true", NULL };

  if (_cd_html_import_is_one_of (node, _cd_html_import_dropped_elements))
    return TRUE;

  if (self->skipped != NULL && g_hash_table_contains (self->skipped, node))
    return TRUE;

  if (_cd_html_import_is_one_of (node, page_furniture))
    return !(_cd_html_import_is_element (node, "aside") && _cd_html_import_has_class (node, "pullquote"));

  if (xmlHasProp (node, (const xmlChar *) "hidden") != NULL ||
      has_attribute_value (node, "aria-hidden", true_values) ||
      has_attribute_value (node, "role", page_furniture_roles))
    return TRUE;

  if (facts->hidden || facts->list_marker || facts->word_note || facts->word_comments)
    return TRUE;

  if (_cd_html_import_has_any_class (node, word_comment_classes))
    return TRUE;

  if (_cd_html_import_is_element (node, "a") && is_note_anchor (node))
    return TRUE;

  if (_cd_html_import_is_element (node, "del") && is_word_deletion (node))
    return TRUE;

  return is_docs_note (node, "#cmnt_ref");
}

/* Ends the paragraph being gathered; @type says what it becomes. */
void
_cd_html_import_flush_as (Importer    *self,
                          CdBlockType  type,
                          guint        level,
                          xmlNode     *source,
                          guint        depth)
{
  g_autoptr (GPtrArray) marks = NULL;
  g_autofree char *text = _cd_html_import_finish_text (self, &marks);

  self->strip_dash = FALSE;

  if (*text != '\0')
    {
      CdBlock *block = cd_block_new (type);

      cd_block_set_text_and_marks (block, text, marks);
      if (type == CD_BLOCK_HEADING)
        cd_block_set_level (block, level);
      _cd_html_import_add_block (self, block, source);

      if (type == CD_BLOCK_PARAGRAPH)
        self->had_paragraph = TRUE;
    }

  _cd_html_import_import_deferred (self, depth);
}

void
_cd_html_import_flush (Importer *self,
                       guint     depth)
{
  _cd_html_import_flush_as (self, CD_BLOCK_PARAGRAPH, 0, NULL, depth);
}

void
_cd_html_import_inline_children (Importer *self,
                                 xmlNode  *parent,
                                 guint     depth)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    _cd_html_import_inline_node (self, child, depth + 1);
}

static void
inline_text (Importer   *self,
             const char *text)
{
  if (self->strip_dash)
    {
      g_autofree char *rest = _cd_html_import_strip_leading_dash (text);
      g_autofree char *check = _cd_wire_clean_text (rest);

      _cd_wire_text_append (self->text, rest);
      if (*check != '\0')
        self->strip_dash = FALSE;
      return;
    }

  /* Word and Google Docs start notes and empty paragraphs with no-break
   * spaces; at the start of a paragraph they only lay out. */
  if (_cd_wire_text_is_empty (self->text))
    {
      while (g_str_has_prefix (text, "\u00a0") || g_ascii_isspace (*text))
        text = g_utf8_next_char (text);
    }

  _cd_wire_text_append (self->text, text);
}

/* Bold and italic come from the element (b, strong, i, em) unless its
 * style says otherwise, or from the style alone: Google Docs wraps a
 * whole copy in <b style="font-weight:normal"> and marks bold text with
 * <span style="font-weight:700">. */
static void
inline_styled (Importer           *self,
               xmlNode            *node,
               const CdStyleFacts *facts,
               guint               depth)
{
  gboolean strong = facts->bold > 0 ||
                    (facts->bold == 0 && (_cd_html_import_is_element (node, "strong") || _cd_html_import_is_element (node, "b")));
  gboolean em = facts->italic > 0 ||
                (facts->italic == 0 && (_cd_html_import_is_element (node, "em") || _cd_html_import_is_element (node, "i")));
  guint strong_mark = 0;
  guint em_mark = 0;

  if (strong)
    strong_mark = _cd_wire_text_open_mark (self->text, CD_MARK_STRONG, NULL);
  if (em)
    em_mark = _cd_wire_text_open_mark (self->text, CD_MARK_EM, NULL);

  _cd_html_import_inline_children (self, node, depth);

  if (em)
    _cd_wire_text_close_mark (self->text, em_mark);
  if (strong)
    _cd_wire_text_close_mark (self->text, strong_mark);
}

/* Browsers keep a space at the edge of an element through the clipboard
 * as <span>&nbsp;</span> (WebKit marks it class="Apple-converted-space"):
 * it was an ordinary space between words, not a no-break space. */
static gboolean
is_converted_space (xmlNode *span)
{
  xmlNode *text = span->children;
  const char *p;

  if (!_cd_html_import_is_element (span, "span") || text == NULL || text->next != NULL ||
                      text->type != XML_TEXT_NODE || text->content == NULL)
    return FALSE;

  if (span->properties != NULL &&
      (span->properties->next != NULL || !_cd_html_import_has_class (span, "Apple-converted-space")))
    return FALSE;

  for (p = (const char *) text->content; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_str_has_prefix (p, "\u00a0") && *p != ' ')
        return FALSE;
    }

  return p != (const char *) text->content;
}

void
_cd_html_import_inline_node (Importer *self,
                             xmlNode  *node,
                             guint     depth)
{
  g_auto (CdStyleFacts) facts = { 0, };

  if (depth > MAX_DEPTH)
    return;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      inline_text (self, (const char *) node->content);
      return;
    }

  if (node->type != XML_ELEMENT_NODE)
    return;

  _cd_html_import_read_style (self, node, &facts);
  if (is_dropped (self, node, &facts))
    return;

  if (_cd_html_import_is_element (node, "br"))
    {
      _cd_wire_text_break (self->text);
    }
  else if (is_converted_space (node))
    {
      _cd_wire_text_append (self->text, " ");
    }
  else if (_cd_html_import_is_element (node, "img") || _cd_html_import_is_element (node, "figure"))
    {
      g_ptr_array_add (self->deferred, node);
    }
  else if (_cd_html_import_is_element (node, "a"))
    {
      g_autofree char *attribute = _cd_html_import_get_attribute (node, "href");
      g_autofree char *href = NULL;

      if (attribute != NULL)
        href = _cd_html_unwrap_redirect (g_strstrip (attribute));

      if (href != NULL && cd_href_is_allowed (href))
        {
          guint mark = _cd_wire_text_open_mark (self->text, CD_MARK_LINK, href);

          inline_styled (self, node, &facts, depth);
          _cd_wire_text_close_mark (self->text, mark);
        }
      else
        {
          inline_styled (self, node, &facts, depth);
        }
    }
  else if (_cd_html_import_has_class (node, "dateline") && !self->had_paragraph &&
                           self->dateline == NULL && _cd_wire_text_is_empty (self->text))
    {
      self->dateline = _cd_html_import_node_text (node, NULL);
      self->strip_dash = TRUE;
    }
  else if (_cd_html_import_is_one_of (node, block_elements) && self->split)
    {
      /* libxml2's HTML 4 parser leaves elements it does not know (section,
       * article, …) inside the paragraph it opened for loose text. */
      _cd_html_import_flush (self, depth);
      _cd_html_import_import_node (self, node, depth);
    }
  else if (_cd_html_import_is_one_of (node, block_elements))
    {
      _cd_wire_text_break (self->text);
      _cd_html_import_inline_children (self, node, depth);
      _cd_wire_text_break (self->text);
    }
  else
    {
      inline_styled (self, node, &facts, depth);
    }
}

void
_cd_html_import_import_node (Importer *self,
                             xmlNode  *node,
                             guint     depth)
{
  g_auto (CdStyleFacts) facts = { 0, };

  if (depth > MAX_DEPTH)
    return;

  if (node->type != XML_ELEMENT_NODE)
    {
      _cd_html_import_inline_node (self, node, depth);
      return;
    }

  _cd_html_import_read_style (self, node, &facts);
  if (is_dropped (self, node, &facts))
    return;

  if (facts.word_notes_list)
    {
      /* Footnote texts stay, after the story; the rule Word draws above
       * them is no divider of the story. */
      _cd_html_import_flush (self, depth);
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        {
          if (!_cd_html_import_is_element (child, "hr"))
            _cd_html_import_import_node (self, child, depth + 1);
        }
      _cd_html_import_flush (self, depth);
    }
  else if (_cd_html_import_is_element (node, "p") && _cd_html_import_has_any_class (node, _cd_html_import_word_quote_classes))
    {
      gboolean split = self->split;

      _cd_html_import_flush (self, depth);
      self->split = FALSE;
      _cd_html_import_import_quote (self, node, depth);
      self->split = split;
    }
  else if (_cd_html_import_is_element (node, "p") && _cd_html_import_has_class (node, "MsoTitle"))
    {
      _cd_html_import_import_heading (self, node, 2, depth);
    }
  else if (_cd_html_import_is_element (node, "p"))
    {
      gboolean split = self->split;

      _cd_html_import_flush (self, depth);
      self->split = TRUE;
      _cd_html_import_inline_children (self, node, depth);
      self->split = split;
      _cd_html_import_flush_as (self, CD_BLOCK_PARAGRAPH, 0, node, depth);
    }
  else if (_cd_html_import_is_element (node, "h1") || _cd_html_import_is_element (node, "h2"))
    {
      /* A story's own headline is not in its body: an h1 in pasted or
       * imported text is a heading of the text, at the top level. */
      _cd_html_import_import_heading (self, node, 2, depth);
    }
  else if (_cd_html_import_is_element (node, "h3") || _cd_html_import_is_element (node, "h4") ||
                                           _cd_html_import_is_element (node, "h5") || _cd_html_import_is_element (node, "h6"))
    {
      _cd_html_import_import_heading (self, node, 3, depth);
    }
  else if (_cd_html_import_is_element (node, "blockquote") || _cd_html_import_is_element (node, "ul") || _cd_html_import_is_element (node, "ol"))
    {
      gboolean split = self->split;

      _cd_html_import_flush (self, depth);
      self->split = FALSE;
      if (_cd_html_import_is_element (node, "blockquote"))
        _cd_html_import_import_quote (self, node, depth);
      else
        _cd_html_import_import_list (self, node, depth);
      self->split = split;
    }
  else if (_cd_html_import_is_element (node, "figure"))
    {
      _cd_html_import_flush (self, depth);
      _cd_html_import_import_figure (self, node, depth);
    }
  else if (_cd_html_import_is_element (node, "img"))
    {
      _cd_html_import_flush (self, depth);
      _cd_html_import_import_image (self, node, NULL, node);
    }
  else if (_cd_html_import_is_element (node, "hr") && is_docs_note (next_element (node), "#ftnt_ref"))
    {
      /* The rule Google Docs draws above a document's footnotes. */
      _cd_html_import_flush (self, depth);
    }
  else if (_cd_html_import_is_element (node, "hr"))
    {
      _cd_html_import_flush (self, depth);
      _cd_html_import_add_block (self, cd_block_new (CD_BLOCK_DIVIDER), node);
    }
  else if (_cd_html_import_is_element (node, "aside") && _cd_html_import_has_class (node, "pullquote"))
    {
      _cd_html_import_flush (self, depth);
      _cd_html_import_import_pullquote (self, node, depth);
    }
  else if (_cd_html_import_is_one_of (node, block_elements))
    {
      _cd_html_import_flush (self, depth);
      _cd_html_import_import_children (self, node, depth);
      _cd_html_import_flush (self, depth);
    }
  else
    {
      /* Loose inline content makes a paragraph of its own. */
      gboolean split = self->split;

      self->split = TRUE;
      _cd_html_import_inline_node (self, node, depth);
      self->split = split;
    }
}

void
_cd_html_import_import_children (Importer *self,
                                 xmlNode  *parent,
                                 guint     depth)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      g_autofree char *list = _cd_html_import_word_list_of (self, child);

      if (list != NULL)
        child = _cd_html_import_import_word_list (self, child, list, depth + 1);
      else
        _cd_html_import_import_node (self, child, depth + 1);
    }
}

/* Parses @html; *@doc stays NULL for input without any markup. */
static gboolean
parse_html (const char  *html,
            gsize        length,
            const char  *encoding,
            const char  *display_name,
            htmlDocPtr  *doc,
            GError     **error)
{
  g_autoptr (htmlParserCtxt) context = NULL;
  g_autoptr (GString) stripped = NULL;
  xmlNode *root;

  *doc = NULL;

  if (length > CD_WIRE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size_full (CD_WIRE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the HTML body is larger than %s"), display_name, limit);
      return FALSE;
    }

  if (length == 0)
    return TRUE;

  _cd_html_skip_clipboard_header (&html, &length);
  stripped = _cd_html_strip_office_markup (html, length);
  if (stripped != NULL)
    {
      html = stripped->str;
      length = stripped->len;
      if (length == 0)
        return TRUE;
    }

  context = htmlNewParserCtxt ();
  if (context == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("%s: out of memory"), display_name);
      return FALSE;
    }

  *doc = htmlCtxtReadMemory (context, html, (int) length, NULL, encoding,
                             HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);

  /* libxml2 stops at elements nested deeper than 256 (or when memory runs
   * out) and hands back what it read so far: the rest of the story would
   * be lost without a word. */
  if (context->disableSAX != 0)
    {
      const xmlError *xml_error = xmlCtxtGetLastError (context);

      g_clear_pointer (doc, xmlFreeDoc);
      if (xml_error != NULL && xml_error->message != NULL &&
          strstr (xml_error->message, "Excessive depth") != NULL)
        g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                     _("%s: the HTML body nests elements more than %u deep, deeper than Copydesk reads"),
                     display_name, MAX_DEPTH);
      else
        g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                     _("%s: the HTML body could not be read to its end"), display_name);
      return FALSE;
    }

  root = *doc != NULL ? xmlDocGetRootElement (*doc) : NULL;
  if (root != NULL && _cd_wire_xml_find_too_deep (root) != NULL)
    {
      g_clear_pointer (doc, xmlFreeDoc);
      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the HTML body nests elements more than %u deep, deeper than Copydesk reads"),
                   display_name, MAX_DEPTH);
      return FALSE;
    }

  return TRUE;
}

static void
importer_init (Importer  *self,
               CdArticle *article,
               xmlNode   *root)
{
  guint depth = 0;

  self->article = article;
  self->blocks = g_ptr_array_new_with_free_func (g_object_unref);
  self->text = _cd_wire_text_new ();
  self->deferred = g_ptr_array_new ();
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->class_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->skipped = g_hash_table_new (NULL, NULL);

  for (xmlNode *node = root; node != NULL; node = _cd_wire_xml_next (root, node, &depth))
    {
      if (_cd_html_import_is_element (node, "style"))
        {
          xmlChar *css = xmlNodeGetContent (node);

          if (css != NULL)
            _cd_html_style_sheet_read (self->class_styles, (const char *) css);
          xmlFree (css);
        }
    }
}

static void
importer_clear (Importer *self)
{
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->text, _cd_wire_text_free);
  g_clear_pointer (&self->deferred, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->class_styles, g_hash_table_unref);
  g_clear_pointer (&self->skipped, g_hash_table_unref);
  g_clear_pointer (&self->dateline, g_free);
}

static void
importer_run (Importer *self,
              xmlNode  *content)
{
  _cd_html_import_import_children (self, content, 0);
  _cd_html_import_flush (self, 0);
}

static xmlNode *
body_of (xmlNode *root)
{
  xmlNode *body = _cd_html_import_is_element (root, "body") ? root : _cd_html_import_find_descendant (root, "body", NULL, 0);

  return body != NULL ? body : root;
}

GPtrArray *
cd_html_import_blocks (const char  *html,
                       gsize        length,
                       const char  *display_name,
                       CdArticle   *article,
                       char       **dateline,
                       GError     **error)
{
  Importer self = { 0, };
  htmlDocPtr doc = NULL;
  xmlNode *root;
  GPtrArray *blocks;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (article == NULL || CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dateline != NULL)
    *dateline = NULL;

  if (!parse_html (html, length, "UTF-8", display_name, &doc, error))
    return NULL;

  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  importer_init (&self, article, root);
  if (root != NULL)
    importer_run (&self, body_of (root));

  blocks = g_steal_pointer (&self.blocks);
  if (dateline != NULL)
    *dateline = g_steal_pointer (&self.dateline);

  importer_clear (&self);
  g_clear_pointer (&doc, xmlFreeDoc);

  return blocks;
}

GPtrArray *
cd_plain_text_import_blocks (const char *text)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) paragraph = g_string_new (NULL);
  g_autofree char *valid = NULL;
  gboolean blank_separates = FALSE;
  gboolean text_before = FALSE;
  gboolean blank_after_text = FALSE;
  const char *line;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);

  /* Lines end in LF, CRLF or a lone CR; each is cleaned on its own, so a
   * line end never joins the words on either side of it. */
  line = valid;
  for (const char *p = valid;; p++)
    {
      if (*p == '\n' || *p == '\r' || *p == '\0')
        {
          g_autofree char *raw = g_strndup (line, p - line);

          g_ptr_array_add (lines, _cd_wire_clean_text (raw));
          if (*p == '\0')
            break;
          if (*p == '\r' && p[1] == '\n')
            p++;
          line = p + 1;
        }
    }

  /* Blank lines count only between two lines of text, not at the ends. */
  for (guint i = 0; i < lines->len && !blank_separates; i++)
    {
      const char *clean = g_ptr_array_index (lines, i);

      if (*clean == '\0')
        blank_after_text = text_before;
      else if (blank_after_text)
        blank_separates = TRUE;
      else
        text_before = TRUE;
    }

  for (guint i = 0; i <= lines->len; i++)
    {
      const char *clean = i < lines->len ? g_ptr_array_index (lines, i) : "";

      if (*clean != '\0')
        {
          if (paragraph->len > 0)
            g_string_append_c (paragraph, ' ');
          g_string_append (paragraph, clean);
        }

      if (paragraph->len > 0 && (*clean == '\0' || !blank_separates))
        {
          CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

          cd_block_set_text (block, paragraph->str);
          g_ptr_array_add (blocks, block);
          g_string_truncate (paragraph, 0);
        }
    }

  return g_steal_pointer (&blocks);
}

/* The first element called @name anywhere under @root, head included. */
static xmlNode *
find_element (xmlNode    *root,
              const char *name)
{
  guint depth = 0;

  for (xmlNode *node = root; node != NULL; node = _cd_wire_xml_next (root, node, &depth))
    {
      if (_cd_html_import_is_element (node, name))
        return node;
    }

  return NULL;
}

/* The story in a web page: its <article> with the most text (a page may
 * list teasers of other stories as articles too), else <main>, else the
 * body. */
static xmlNode *
find_story (xmlNode *body)
{
  xmlNode *best = NULL;
  gsize best_length = 0;
  guint depth = 0;

  for (xmlNode *node = body; node != NULL; node = _cd_wire_xml_next (body, node, &depth))
    {
      if (_cd_html_import_is_element (node, "article"))
        {
          xmlChar *content = xmlNodeGetContent (node);
          gsize length = content != NULL ? strlen ((const char *) content) : 0;

          xmlFree (content);
          if (best == NULL || length > best_length)
            {
              best = node;
              best_length = length;
            }
        }
    }

  if (best == NULL)
    best = find_element (body, "main");

  return best != NULL ? best : body;
}

/* The first element under @root with one of @classes, in document order. */
static xmlNode *
find_with_class (xmlNode            *root,
                 const char * const *classes)
{
  guint depth = 0;

  for (xmlNode *node = root; node != NULL; node = _cd_wire_xml_next (root, node, &depth))
    {
      if (node->type == XML_ELEMENT_NODE && _cd_html_import_has_any_class (node, classes))
        return node;
    }

  return NULL;
}

CdArticle *
cd_html_import_document (const char  *html,
                         gsize        length,
                         const char  *display_name,
                         GFile       *media_folder,
                         GError     **error)
{
  /* Word's Title and Subtitle styles; Google Docs' too, in a document
   * it saved (body.doc-content), where no web page's classes can be
   * taken for them. */
  static const char * const word_title_classes[] = { "MsoTitle", NULL };
  static const char * const docs_title_classes[] = { "MsoTitle", "title", NULL };
  static const char * const word_dek_classes[] = { "dek", "MsoSubtitle", NULL };
  static const char * const docs_dek_classes[] = { "dek", "MsoSubtitle", "subtitle", NULL };
  gboolean docs;
  static const char * const byline_classes[] = { "byline", NULL };
  static const char * const page_note_classes[] = { "timestamp", "desk-notice", NULL };
  g_autoptr (GPtrArray) bylines = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *dek = NULL;
  g_autofree char *language = NULL;
  g_autofree char *lang_attribute = NULL;
  Importer self = { 0, };
  htmlDocPtr doc = NULL;
  xmlNode *root;
  xmlNode *body;
  xmlNode *story;
  xmlNode *node;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (media_folder == NULL || G_IS_FILE (media_folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Saved pages are UTF-8 nearly always; one that is not says its
   * charset in a meta element, which libxml2 then follows. */
  if (!parse_html (html, length, g_utf8_validate_len (html, length, NULL) ? "UTF-8" : NULL,
                   display_name, &doc, error))
    return NULL;

  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the HTML document has no text"), display_name);
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }

  article = cd_article_new ();
  importer_init (&self, article, root);
  self.media_folder = media_folder;

  body = body_of (root);
  story = find_story (body);

  docs = _cd_html_import_has_class (body, "doc-content");

  /* The headline: the title paragraph of a Word or Google Docs document
   * (whose h1 are its section headings), else the story's h1, else the
   * page's, else <title>. */
  node = find_with_class (story, docs ? docs_title_classes : word_title_classes);
  if (node != NULL && !_cd_html_import_is_element (node, "p"))
    node = NULL;
  if (node == NULL)
    node = _cd_html_import_find_descendant (story, "h1", NULL, 0);
  if (node == NULL)
    node = _cd_html_import_find_descendant (body, "h1", NULL, 0);
  if (node != NULL)
    {
      headline = _cd_html_import_node_text (node, NULL);
      g_hash_table_add (self.skipped, node);
    }
  if (headline == NULL || *headline == '\0')
    {
      g_free (headline);
      headline = _cd_html_import_node_text (find_element (root, "title"), NULL);
    }

  node = find_with_class (story, docs ? docs_dek_classes : word_dek_classes);
  if (node != NULL && _cd_html_import_is_element (node, "p"))
    {
      dek = _cd_html_import_node_text (node, NULL);
      g_hash_table_add (self.skipped, node);
    }

  node = find_with_class (story, byline_classes);
  if (node != NULL && _cd_html_import_is_element (node, "p"))
    {
      g_autofree char *by = _cd_html_import_node_text (node, NULL);

      bylines = _cd_wire_parse_by (by);
      g_hash_table_add (self.skipped, node);
    }

  /* Copydesk's own pages say when and for whom; neither is story text. */
  {
    guint depth = 0;

    for (node = story; node != NULL; node = _cd_wire_xml_next (story, node, &depth))
      {
        if (_cd_html_import_is_element (node, "p") && _cd_html_import_has_any_class (node, page_note_classes))
          g_hash_table_add (self.skipped, node);
      }
  }

  lang_attribute = _cd_html_import_get_attribute (root, "lang");
  if (lang_attribute == NULL)
    lang_attribute = _cd_html_import_get_attribute (body, "lang");
  language = _cd_wire_normalize_language (lang_attribute);
  if (language != NULL)
    {
      /* Word writes lang=EN-GB; stories say en-GB, as BCP 47 spells it. */
      char *dash = strchr (language, '-');

      for (char *p = language; *p != '\0' && p != dash; p++)
        *p = g_ascii_tolower (*p);
      if (dash != NULL && strlen (dash + 1) == 2)
        {
          dash[1] = g_ascii_toupper (dash[1]);
          dash[2] = g_ascii_toupper (dash[2]);
        }
    }

  importer_run (&self, story);

  if (*headline == '\0' && self.blocks->len == 0)
    {
      importer_clear (&self);
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the HTML document has no text"), display_name);
      return NULL;
    }

  cd_article_set_headline (article, headline);
  if (dek != NULL && *dek != '\0')
    cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, dek);
  if (language != NULL)
    cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, language);
  if (bylines != NULL && bylines->len > 0)
    cd_article_set_bylines (article, bylines);
  if (self.dateline != NULL)
    {
      g_autoptr (CdDateline) dateline = _cd_wire_dateline_new (self.dateline, NULL);

      if (dateline != NULL)
        cd_article_set_dateline (article, dateline);
    }

  for (guint i = 0; i < self.blocks->len; i++)
    {
      CdBlock *block = g_ptr_array_index (self.blocks, i);

      /* Copydesk's own pages mark the lead photo data-block-id="lead". */
      if (i == 0 && cd_block_get_block_type (block) == CD_BLOCK_FIGURE &&
          g_str_equal (cd_block_get_id (block), "lead"))
        cd_article_set_lead (article, block);
      else
        cd_article_append_block (article, block);
    }

  importer_clear (&self);
  g_clear_pointer (&doc, xmlFreeDoc);

  return g_steal_pointer (&article);
}
