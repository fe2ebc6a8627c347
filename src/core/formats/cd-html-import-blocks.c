/* cd-html-import-blocks.c: the HTML importer's images, embeds, quotes,
 * lists, figures and headings
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

void
_cd_html_import_import_deferred (Importer *self,
                                 guint     depth)
{
  g_autoptr (GPtrArray) deferred = NULL;

  if (self->deferred->len == 0)
    return;

  /* Importing them may defer more images; those wait for the next round. */
  deferred = g_ptr_array_copy (self->deferred, NULL, NULL);
  g_ptr_array_set_size (self->deferred, 0);

  for (guint i = 0; i < deferred->len; i++)
    _cd_html_import_import_node (self, g_ptr_array_index (deferred, i), depth);
}

/* A saved web page keeps its pictures beside it ("Page_files/photo.jpg"):
 * they are read from beneath the page's folder, without following links,
 * and stored in the story when they are images. */
static char *
local_image_src (Importer   *self,
                 const char *attribute)
{
  g_autofree char *scheme = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *basename = NULL;

  if (self->media_folder == NULL || self->article == NULL || attribute == NULL ||
      attribute[0] == '\0' || attribute[0] == '/')
    return NULL;

  scheme = g_uri_parse_scheme (attribute);
  if (scheme != NULL)
    return NULL;

  path = g_uri_unescape_string (attribute, "/");
  if (path == NULL ||
      !cd_media_read_beneath (self->media_folder, path, CD_WIRE_MAX_SIZE, &bytes, NULL) ||
      bytes == NULL || !cd_media_sniff (bytes, path, NULL, NULL))
    return NULL;

  basename = g_path_get_basename (path);
  return cd_media_store (self->article, bytes, basename, NULL, NULL);
}

/* Pages that load their pictures late keep a placeholder (a data: GIF of
 * one pixel) in src until the picture scrolls into view, and the picture
 * in data-src or srcset; a copy made before it loaded has only those. */
static char *
image_address (xmlNode *img)
{
  static const char * const lazy[] = { "data-src", "data-lazy-src", "data-original", NULL };
  g_autofree char *src = _cd_html_import_get_attribute (img, "src");
  g_autofree char *srcset = NULL;
  g_auto (GStrv) candidates = NULL;

  for (guint i = 0; lazy[i] != NULL; i++)
    {
      g_autofree char *value = _cd_html_import_get_attribute (img, lazy[i]);

      if (value != NULL && g_ascii_strncasecmp (g_strstrip (value), "https://", 8) == 0)
        return g_steal_pointer (&value);
    }

  if (src != NULL && *g_strstrip (src) != '\0' && g_ascii_strncasecmp (src, "data:", 5) != 0)
    return g_steal_pointer (&src);

  /* The last candidate of a srcset is its largest, as pages write them. */
  srcset = _cd_html_import_get_attribute (img, "srcset");
  if (srcset == NULL)
    srcset = _cd_html_import_get_attribute (img, "data-srcset");
  candidates = srcset != NULL ? g_strsplit (srcset, ",", -1) : NULL;
  for (guint i = candidates != NULL ? g_strv_length (candidates) : 0; i > 0; i--)
    {
      g_auto (GStrv) parts = g_strsplit (g_strstrip (candidates[i - 1]), " ", 2);

      if (parts[0] != NULL && g_ascii_strncasecmp (parts[0], "https://", 8) == 0)
        return g_strdup (parts[0]);
    }

  return g_steal_pointer (&src);
}

static gboolean
is_local_office_image (const char *src)
{
  return src != NULL &&
         (g_ascii_strncasecmp (src, "file:", 5) == 0 || g_ascii_strncasecmp (src, "cid:", 4) == 0);
}

void
_cd_html_import_import_image (Importer *self,
                              xmlNode  *img,
                              xmlNode  *figcaption,
                              xmlNode  *source)
{
  g_autofree char *src_attribute = image_address (img);
  g_autofree char *alt_attribute = _cd_html_import_get_attribute (img, "alt");
  g_autofree char *src = _cd_wire_figure_src (self->article, src_attribute);
  g_autofree char *alt = _cd_wire_clean_text (alt_attribute);
  g_autofree char *caption = NULL;
  g_autofree char *credit = NULL;
  CdBlock *block;

  /* A counting pixel is no picture of the story. */
  if (_cd_html_import_get_size_attribute (img, "width") == 1 && _cd_html_import_get_size_attribute (img, "height") == 1)
    return;

  if (src == NULL)
    src = local_image_src (self, src_attribute);

  if (_cd_html_alt_is_file_name (alt))
    {
      g_free (alt);
      alt = g_strdup ("");
    }

  if (figcaption != NULL)
    {
      xmlNode *credit_node = _cd_html_import_find_descendant (figcaption, NULL, "credit", 0);

      caption = _cd_html_import_node_text (figcaption, "credit");
      credit = _cd_html_import_node_text (credit_node, NULL);
    }

  /* An image that cannot be shown and says nothing is not worth a block,
   * unless it is a picture of the copied document that the clipboard
   * only points to (Word's and Outlook's file: and cid: copies): its
   * figure keeps its place, for the picture to be added. */
  if (src == NULL && (caption == NULL || *caption == '\0') && (credit == NULL || *credit == '\0') &&
      !is_local_office_image (src_attribute))
    return;

  block = cd_block_new (CD_BLOCK_FIGURE);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src != NULL ? src : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt);
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption != NULL ? caption : "");
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, credit != NULL ? credit : "");
  if (src != NULL)
    cd_block_set_size (block, _cd_html_import_get_size_attribute (img, "width"), _cd_html_import_get_size_attribute (img, "height"));

  _cd_html_import_add_block (self, block, source);
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
  xmlNode *quote = _cd_html_import_find_descendant (figure, "blockquote", NULL, 0);
  xmlNode *caption = _cd_html_import_find_descendant (figure, "figcaption", NULL, 0);
  xmlNode *time = _cd_html_import_find_descendant (figure, "time", NULL, 0);
  g_autofree char *url = quote != NULL ? _cd_html_import_get_attribute (quote, "cite") : NULL;
  g_autofree char *lang_attribute = quote != NULL ? _cd_html_import_get_attribute (quote, "lang") : NULL;
  g_autofree char *lang = _cd_wire_normalize_language (lang_attribute);
  g_autofree char *title = _cd_html_import_node_text (_cd_html_import_find_descendant (figure, NULL, "embed-title", 0), NULL);
  g_autofree char *text = _cd_html_import_node_lines (_cd_html_import_find_descendant (figure, NULL, "embed-text", 0));
  g_autofree char *author = _cd_html_import_node_text (_cd_html_import_find_descendant (figure, NULL, "embed-author", 0), NULL);
  g_autofree char *handle = _cd_html_import_node_text (_cd_html_import_find_descendant (figure, NULL, "embed-handle", 0), NULL);
  g_autofree char *date = time != NULL ? _cd_html_import_get_attribute (time, "datetime") : NULL;
  CdBlock *block;

  if (url == NULL && caption != NULL)
    {
      xmlNode *link = _cd_html_import_find_descendant (caption, "a", NULL, 0);

      if (link != NULL)
        url = _cd_html_import_get_attribute (link, "href");
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

  _cd_html_import_add_block (self, block, figure);
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
      if (_cd_html_import_is_element (child, "a"))
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
  g_autofree char *cite = _cd_html_import_get_attribute (quote, "cite");
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
          g_autofree char *href = _cd_html_import_get_attribute (g_ptr_array_index (links, i - 1), "href");
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

  first_p = _cd_html_import_find_descendant (quote, "p", NULL, 0);
  text = _cd_html_import_node_lines (first_p);
  set_field_if_any (block, CD_BLOCK_FIELD_TEXT, text);

  lang_attribute = first_p != NULL ? _cd_html_import_get_attribute (first_p, "lang") : NULL;
  lang = _cd_wire_normalize_language (lang_attribute);
  set_field_if_any (block, CD_BLOCK_FIELD_LANG, lang);

  _cd_html_import_add_block (self, block, quote);
  return TRUE;
}

void
_cd_html_import_import_quote (Importer *self,
                              xmlNode  *quote,
                              guint     depth)
{
  g_autoptr (GPtrArray) marks = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *text = NULL;
  CdBlock *block;

  if (_cd_html_import_has_any_class (quote, _cd_html_import_official_embed_classes) && import_official_embed (self, quote))
    return;

  for (xmlNode *child = quote->children; child != NULL; child = child->next)
    {
      if (attribution == NULL && (_cd_html_import_is_element (child, "footer") || _cd_html_import_is_element (child, "cite")))
        {
          g_autofree char *raw = _cd_html_import_node_text (child, NULL);

          attribution = _cd_html_import_strip_leading_dash (raw);
          continue;
        }

      _cd_html_import_inline_node (self, child, depth + 1);
    }

  text = _cd_html_import_finish_text (self, &marks);
  self->strip_dash = FALSE;

  if (*text != '\0' || (attribution != NULL && *attribution != '\0'))
    {
      block = cd_block_new (CD_BLOCK_QUOTE);
      cd_block_set_text_and_marks (block, text, marks);
      cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, attribution != NULL ? attribution : "");
      _cd_html_import_add_block (self, block, quote);
    }

  _cd_html_import_import_deferred (self, depth);
}

void
_cd_html_import_import_pullquote (Importer *self,
                                  xmlNode  *aside,
                                  guint     depth)
{
  g_autoptr (CdWireText) builder = _cd_wire_text_new ();
  g_autofree char *attribution = NULL;
  g_autofree char *text = NULL;
  CdBlock *block;

  for (xmlNode *child = aside->children; child != NULL; child = child->next)
    {
      if (attribution == NULL && _cd_html_import_has_class (child, "attribution"))
        {
          attribution = _cd_html_import_node_text (child, NULL);
          continue;
        }

      if (child->type == XML_TEXT_NODE)
        _cd_wire_text_append (builder, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE && !_cd_html_import_is_one_of (child, _cd_html_import_dropped_elements))
        {
          _cd_wire_text_break (builder);
          _cd_html_import_collect_text (builder, child, NULL, depth + 1);
        }
    }

  text = _cd_wire_text_finish (builder, NULL);
  if (*text == '\0')
    return;

  block = cd_block_new (CD_BLOCK_PULLQUOTE);
  cd_block_set_text (block, text);
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, attribution != NULL ? attribution : "");
  _cd_html_import_add_block (self, block, aside);
}

static void
list_read_inline (gpointer  data,
                  xmlNode  *node,
                  guint     depth)
{
  _cd_html_import_inline_node (data, node, depth);
}

static char *
list_finish_text (gpointer    data,
                  GPtrArray **marks)
{
  return _cd_html_import_finish_text (data, marks);
}

void
_cd_html_import_import_list (Importer *self,
                             xmlNode  *list,
                             guint     depth)
{
  static const CdXmlListReader reader = { list_read_inline, list_finish_text };
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

  _cd_xml_gather_list_items (list, &reader, self, items, depth);
  self->strip_dash = FALSE;

  if (items->len > 0)
    {
      CdBlock *block = cd_block_new (CD_BLOCK_LIST);

      cd_block_set_ordered (block, _cd_html_import_is_element (list, "ol"));
      cd_block_set_items (block, items);
      _cd_html_import_add_block (self, block, list);
    }

  _cd_html_import_import_deferred (self, depth);
}

void
_cd_html_import_import_figure (Importer *self,
                               xmlNode  *figure,
                               guint     depth)
{
  xmlNode *img;

  if (_cd_html_import_has_class (figure, "embed") && import_embed_card (self, figure))
    return;

  img = _cd_html_import_find_descendant (figure, "img", NULL, 0);
  if (img == NULL)
    {
      xmlNode *caption = _cd_html_import_find_descendant (figure, "figcaption", NULL, 0);
      xmlNode *quote = _cd_html_import_find_descendant (figure, "blockquote", NULL, 0);
      guint before = self->blocks->len;

      /* A quotation as HTML 5 marks it up: <figure><blockquote> with the
       * speaker in <figcaption>. */
      if (quote != NULL && caption != NULL)
        g_hash_table_add (self->skipped, caption);

      _cd_html_import_import_children (self, figure, depth);
      _cd_html_import_flush (self, depth);

      if (quote != NULL && caption != NULL && self->blocks->len == before + 1 &&
          cd_block_get_block_type (g_ptr_array_index (self->blocks, before)) == CD_BLOCK_QUOTE &&
          *cd_block_get_field (g_ptr_array_index (self->blocks, before), CD_BLOCK_FIELD_ATTRIBUTION) == '\0')
        {
          g_autofree char *raw = _cd_html_import_node_text (caption, NULL);
          g_autofree char *attribution = _cd_html_import_strip_leading_dash (raw);

          cd_block_set_field (g_ptr_array_index (self->blocks, before), CD_BLOCK_FIELD_ATTRIBUTION, attribution);
        }
      else if (quote != NULL && caption != NULL)
        {
          /* Not one quotation after all: the caption keeps its words. */
          g_hash_table_remove (self->skipped, caption);
          _cd_html_import_import_node (self, caption, depth + 1);
          _cd_html_import_flush (self, depth);
        }
      return;
    }

  _cd_html_import_import_image (self, img, _cd_html_import_find_descendant (figure, "figcaption", NULL, 0), figure);
}

/* Word's own paragraph classes for quotations and the title. */
const char * const _cd_html_import_word_quote_classes[] = { "MsoQuote", "MsoIntenseQuote", NULL };

/* The list a Word list paragraph belongs to ("l0" of "mso-list:l0 level1
 * lfo1"), or NULL when @node is not one. Word writes lists as
 * paragraphs with a typed bullet, not as <ul>. */
char *
_cd_html_import_word_list_of (Importer *self,
                              xmlNode  *node)
{
  g_auto (CdStyleFacts) facts = { 0, };
  char *space;

  if (!_cd_html_import_is_element (node, "p"))
    return NULL;

  _cd_html_import_read_style (self, node, &facts);
  if (facts.word_list == NULL)
    return NULL;

  space = strchr (facts.word_list, ' ');
  if (space != NULL)
    *space = '\0';

  return g_steal_pointer (&facts.word_list);
}

static xmlNode *
find_list_marker (Importer *self,
                  xmlNode  *node,
                  guint     depth)
{
  if (depth > MAX_DEPTH)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_auto (CdStyleFacts) facts = { 0, };
      xmlNode *found;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      _cd_html_import_read_style (self, child, &facts);
      if (facts.list_marker)
        return child;

      found = find_list_marker (self, child, depth + 1);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A typed number ("1.", "a)", "iv.", "(2)") makes a numbered list; a
 * bullet of any font ("·", "o", "§", "•", "-") a bulleted one. */
static gboolean
word_list_is_ordered (Importer *self,
                      xmlNode  *paragraph)
{
  g_autofree char *marker = _cd_html_import_node_text (find_list_marker (self, paragraph, 0), NULL);
  gsize length;

  /* The marker is followed by no-break spaces that lay it out. */
  for (char *p = marker; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)) || g_str_has_prefix (p, "\u00a0"))
        {
          *p = '\0';
          break;
        }
    }
  g_strstrip (marker);
  length = strlen (marker);

  return length >= 2 &&
         (marker[length - 1] == '.' || marker[length - 1] == ')') &&
         (g_ascii_isalnum (marker[0]) || marker[0] == '(');
}

xmlNode *
_cd_html_import_import_word_list (Importer   *self,
                                  xmlNode    *first,
                                  const char *list,
                                  guint       depth)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  gboolean ordered = word_list_is_ordered (self, first);
  gboolean split = self->split;
  xmlNode *last = first;

  _cd_html_import_flush (self, depth);
  self->split = FALSE;

  for (xmlNode *node = first; node != NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autoptr (GPtrArray) marks = NULL;
      g_autofree char *text = NULL;

      if (node->type == XML_COMMENT_NODE || (node->type == XML_TEXT_NODE && xmlIsBlankNode (node)))
        continue;

      id = _cd_html_import_word_list_of (self, node);
      if (id == NULL || strcmp (id, list) != 0)
        break;

      last = node;
      _cd_html_import_inline_children (self, node, depth);
      text = _cd_html_import_finish_text (self, &marks);
      if (*text != '\0')
        {
          CdListItem *item = cd_list_item_new (text);

          g_ptr_array_unref (item->marks);
          item->marks = g_steal_pointer (&marks);
          g_ptr_array_add (items, item);
        }
    }

  self->split = split;
  self->strip_dash = FALSE;

  if (items->len > 0)
    {
      CdBlock *block = cd_block_new (CD_BLOCK_LIST);

      cd_block_set_ordered (block, ordered);
      cd_block_set_items (block, items);
      _cd_html_import_add_block (self, block, first);
    }

  _cd_html_import_import_deferred (self, depth);
  return last;
}

void
_cd_html_import_import_heading (Importer *self,
                                xmlNode  *node,
                                guint     level,
                                guint     depth)
{
  gboolean split = self->split;

  _cd_html_import_flush (self, depth);
  self->split = FALSE;
  _cd_html_import_inline_children (self, node, depth);
  self->split = split;
  _cd_html_import_flush_as (self, CD_BLOCK_HEADING, level, node, depth);
}
