/* cd-nitf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-nitf"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "cd-document.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-nitf.h"
#include "cd-wire-private.h"
#include "cd-xml-private.h"

#define NITF_VERSION     "-//IPTC//DTD NITF 3.6//EN"
#define NITF_CHANGE_DATE "September 11, 2009"
#define NITF_CHANGE_TIME "12:26"

/* Trees nested deeper are refused before they are walked (the walks
 * recurse); libxml2 itself refuses documents nested deeper than 256. */
#define MAX_DEPTH CD_WIRE_MAX_XML_DEPTH

/* The reader expands entity references itself, out of sight of libxml2's
 * amplification guards: the text they stand for may be this many times
 * the file, or this much for any file, and never more than a wire story
 * may be. */
#define ENTITY_BUDGET_FACTOR 4
#define ENTITY_BUDGET_FLOOR  (1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

/* Writing */

typedef struct
{
  CdArticle *article;
  xmlDoc    *doc;
  xmlNs     *ns;
} Writer;

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* XML 1.0 has no way to write most control characters, not even as
 * character references; they are dropped. */
static char *
xml_safe_text (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
          (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
        continue;

      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static xmlNode *
add_element (Writer     *w,
             xmlNode    *parent,
             const char *name)
{
  return xmlNewChild (parent, w->ns, (const xmlChar *) name, NULL);
}

/* xmlNewTextChild escapes the content, unlike xmlNewChild. */
static xmlNode *
add_text_element (Writer     *w,
                  xmlNode    *parent,
                  const char *name,
                  const char *text)
{
  g_autofree char *safe = xml_safe_text (text);

  return xmlNewTextChild (parent, w->ns, (const xmlChar *) name, (const xmlChar *) safe);
}

static void
add_text (xmlNode    *parent,
          const char *text,
          gssize      length)
{
  g_autofree char *chunk = g_strndup (text, length < 0 ? strlen (text) : (gsize) length);
  g_autofree char *safe = xml_safe_text (chunk);
  xmlNode *node = xmlNewDocText (parent->doc, NULL);

  /* Text content is stored as it reads and escaped when the tree is
   * written, so nothing here can turn into markup. */
  xmlNodeAddContent (node, (const xmlChar *) safe);
  xmlAddChild (parent, node);
}

static void
set_attribute (xmlNode    *node,
               const char *name,
               const char *value)
{
  g_autofree char *safe = NULL;

  if (is_empty (value))
    return;

  safe = xml_safe_text (value);
  xmlNewProp (node, (const xmlChar *) name, (const xmlChar *) safe);
}

static char *
basic_timestamp (const char *value)
{
  g_autofree char *normalized = _cd_wire_normalize_timestamp (value);
  GString *out;

  if (normalized == NULL)
    return NULL;

  /* "2024-05-14T08:12:00Z" → "20240514T081200Z", the form NITF's
   * documentation gives for norm attributes. */
  out = g_string_new (NULL);
  for (const char *p = normalized; *p != '\0'; p++)
    {
      if (*p != '-' && *p != ':')
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *
basic_date (const char *value)
{
  g_autofree char *normalized = _cd_wire_normalize_date (value);
  char *out;

  if (normalized == NULL)
    return NULL;

  out = g_strdup_printf ("%.4s%.2s%.2s", normalized, normalized + 5, normalized + 8);
  return out;
}

static int
compare_nesting (gconstpointer a,
                 gconstpointer b)
{
  const CdMark *ma = *(const CdMark * const *) a;
  const CdMark *mb = *(const CdMark * const *) b;

  /* Outer marks first: earlier start, then later end. */
  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  if (ma->end != mb->end)
    return ma->end > mb->end ? -1 : 1;
  if (ma->type != mb->type)
    return ma->type < mb->type ? -1 : 1;

  return g_strcmp0 (ma->href, mb->href);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static xmlNode *
mark_element (Writer       *w,
              const CdMark *mark)
{
  xmlNode *node;

  switch (mark->type)
    {
    case CD_MARK_STRONG:
      node = xmlNewDocNode (w->doc, w->ns, (const xmlChar *) "em", NULL);
      set_attribute (node, "class", "bold");
      return node;

    case CD_MARK_EM:
      return xmlNewDocNode (w->doc, w->ns, (const xmlChar *) "em", NULL);

    case CD_MARK_LINK:
    default:
      node = xmlNewDocNode (w->doc, w->ns, (const xmlChar *) "a", NULL);
      set_attribute (node, "href", mark->href);
      return node;
    }
}

/* Writes @text into @parent with its marks as em and a elements. Marks
 * may overlap, elements may not: the text is cut at every mark border
 * and each piece is wrapped in the marks that cover it, reusing the
 * elements still open from the piece before. */
static void
add_marked_text (Writer     *w,
                 xmlNode    *parent,
                 const char *text,
                 GPtrArray  *marks)
{
  g_autoptr (GArray) borders = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GPtrArray) usable = g_ptr_array_new ();
  g_autoptr (GPtrArray) open_marks = g_ptr_array_new ();
  g_autoptr (GPtrArray) open_nodes = g_ptr_array_new ();
  guint length = (guint) g_utf8_strlen (text, -1);
  guint zero = 0;

  g_array_append_val (borders, zero);
  g_array_append_val (borders, length);

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->start >= mark->end || mark->end > length)
        continue;
      if (mark->type == CD_MARK_LINK && !cd_href_is_allowed (mark->href))
        continue;

      g_ptr_array_add (usable, mark);
      g_array_append_val (borders, mark->start);
      g_array_append_val (borders, mark->end);
    }

  g_ptr_array_sort (usable, compare_nesting);
  g_array_sort (borders, compare_offsets);

  for (guint b = 0; b + 1 < borders->len; b++)
    {
      guint from = g_array_index (borders, guint, b);
      guint to = g_array_index (borders, guint, b + 1);
      g_autoptr (GPtrArray) active = g_ptr_array_new ();
      const char *start;
      const char *end;
      guint keep = 0;

      if (from == to)
        continue;

      for (guint i = 0; i < usable->len; i++)
        {
          CdMark *mark = g_ptr_array_index (usable, i);

          if (mark->start <= from && mark->end >= to)
            g_ptr_array_add (active, mark);
        }

      while (keep < open_marks->len && keep < active->len &&
             g_ptr_array_index (open_marks, keep) == g_ptr_array_index (active, keep))
        keep++;

      g_ptr_array_set_size (open_marks, keep);
      g_ptr_array_set_size (open_nodes, keep);

      for (guint i = keep; i < active->len; i++)
        {
          CdMark *mark = g_ptr_array_index (active, i);
          xmlNode *container = open_nodes->len > 0 ? g_ptr_array_index (open_nodes, open_nodes->len - 1) : parent;
          xmlNode *node = mark_element (w, mark);

          xmlAddChild (container, node);
          g_ptr_array_add (open_marks, mark);
          g_ptr_array_add (open_nodes, node);
        }

      start = g_utf8_offset_to_pointer (text, from);
      end = g_utf8_offset_to_pointer (start, to - from);
      add_text (open_nodes->len > 0 ? g_ptr_array_index (open_nodes, open_nodes->len - 1) : parent,
                start, end - start);
    }
}

/* Text with line breaks, as in a social post. */
static void
add_lines (Writer     *w,
           xmlNode    *parent,
           const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        add_element (w, parent, "br");
      add_text (parent, lines[i], -1);
    }
}

/* The type of a picture in the story from its bytes; a web address names
 * no type. */
static const char *
media_mime_type (Writer     *w,
                 const char *src)
{
  GBytes *bytes = cd_media_name_from_src (src) != NULL ? cd_article_get_media (w->article, src) : NULL;
  CdMediaInfo info;

  if (bytes == NULL || !cd_media_sniff (bytes, src, &info, NULL))
    return NULL;

  return info.mime_type;
}

static void
write_media (Writer     *w,
             xmlNode    *parent,
             CdBlock    *block,
             const char *klass)
{
  const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  const char *caption = cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION);
  const char *credit = cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT);
  xmlNode *media = add_element (w, parent, "media");
  xmlNode *reference;

  set_attribute (media, "class", klass);
  set_attribute (media, "media-type", "image");

  reference = add_element (w, media, "media-reference");
  if (!is_empty (src))
    {
      const char *mime = media_mime_type (w, src);

      set_attribute (reference, "source", src);
      if (mime != NULL)
        set_attribute (reference, "mime-type", mime);
    }
  set_attribute (reference, "alternate-text", cd_block_get_field (block, CD_BLOCK_FIELD_ALT));

  if (cd_block_get_width (block) > 0 && cd_block_get_height (block) > 0)
    {
      char size[16];

      g_snprintf (size, sizeof size, "%u", cd_block_get_width (block));
      set_attribute (reference, "width", size);
      g_snprintf (size, sizeof size, "%u", cd_block_get_height (block));
      set_attribute (reference, "height", size);
      set_attribute (reference, "units", "pixels");
    }

  if (!is_empty (caption))
    add_text_element (w, media, "media-caption", caption);
  if (!is_empty (credit))
    add_text_element (w, media, "media-producer", credit);
}

static void
write_quote (Writer  *w,
             xmlNode *parent,
             CdBlock *block)
{
  gboolean pull = cd_block_get_block_type (block) == CD_BLOCK_PULLQUOTE;
  const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);
  xmlNode *bq = add_element (w, parent, "bq");
  xmlNode *inner = add_element (w, bq, "block");
  xmlNode *p = add_element (w, inner, "p");

  if (pull)
    set_attribute (bq, "class", "pullquote");

  add_marked_text (w, p, cd_block_get_text (block), pull ? NULL : cd_block_get_marks (block));

  if (!is_empty (attribution))
    add_text_element (w, bq, "credit", attribution);
}

static void
write_embed (Writer  *w,
             xmlNode *parent,
             CdBlock *block)
{
  const char *url = cd_block_get_field (block, CD_BLOCK_FIELD_URL);
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *handle = cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE);
  const char *date = cd_block_get_field (block, CD_BLOCK_FIELD_DATE);
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  g_autofree char *lang = _cd_wire_normalize_language (cd_block_get_field (block, CD_BLOCK_FIELD_LANG));
  xmlNode *container = add_element (w, parent, "block");

  set_attribute (container, "class", "embed");
  if (lang != NULL)
    xmlNodeSetLang (container, (const xmlChar *) lang);

  if (!is_empty (author) || !is_empty (handle))
    {
      xmlNode *byline = add_element (w, container, "byline");

      if (!is_empty (author))
        add_text_element (w, byline, "person", author);
      if (!is_empty (author) && !is_empty (handle))
        add_text (byline, " ", -1);
      if (!is_empty (handle))
        add_text_element (w, byline, "virtloc", handle);
    }

  if (!is_empty (date))
    {
      xmlNode *dateline = add_element (w, container, "dateline");
      xmlNode *story_date = add_text_element (w, dateline, "story.date", date);
      g_autofree char *norm = strchr (date, 'T') != NULL ? basic_timestamp (date) : basic_date (date);

      set_attribute (story_date, "norm", norm);
    }

  if (!is_empty (title))
    add_text_element (w, container, "hl2", title);

  if (!is_empty (text))
    add_lines (w, add_element (w, container, "p"), text);

  if (!is_empty (url))
    {
      xmlNode *p = add_element (w, container, "p");
      xmlNode *a = add_text_element (w, p, "a", url);

      set_attribute (a, "href", url);
    }
}

static void
write_block (Writer  *w,
             xmlNode *content,
             CdBlock *block)
{
  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_PARAGRAPH:
      if (!is_empty (cd_block_get_text (block)))
        add_marked_text (w, add_element (w, content, "p"),
                         cd_block_get_text (block), cd_block_get_marks (block));
      break;

    case CD_BLOCK_HEADING:
      {
        xmlNode *heading = add_element (w, content, "hl2");

        if (cd_block_get_level (block) == 3)
          set_attribute (heading, "class", "h3");
        add_marked_text (w, heading, cd_block_get_text (block), cd_block_get_marks (block));
      }
      break;

    case CD_BLOCK_QUOTE:
    case CD_BLOCK_PULLQUOTE:
      write_quote (w, content, block);
      break;

    case CD_BLOCK_LIST:
      {
        GPtrArray *items = cd_block_get_items (block);
        xmlNode *list;

        /* ul and ol need at least one li. */
        if (items->len == 0)
          break;

        list = add_element (w, content, cd_block_get_ordered (block) ? "ol" : "ul");
        for (guint i = 0; i < items->len; i++)
          {
            const CdListItem *item = g_ptr_array_index (items, i);

            add_marked_text (w, add_element (w, list, "li"), item->text, item->marks);
          }
      }
      break;

    case CD_BLOCK_FIGURE:
      write_media (w, content, block, "figure");
      break;

    case CD_BLOCK_EMBED:
      write_embed (w, content, block);
      break;

    case CD_BLOCK_DIVIDER:
      add_element (w, content, "hr");
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
write_head (Writer  *w,
            xmlNode *root)
{
  CdArticle *article = w->article;
  const char *status = cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS);
  const char *slug = cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG);
  const char *section = cd_article_get_field (article, CD_ARTICLE_FIELD_SECTION);
  const char *published = cd_article_get_field (article, CD_ARTICLE_FIELD_PUBLISHED);
  const char * const *keywords = cd_article_get_keywords (article);
  g_autofree char *issued = basic_timestamp (!is_empty (published) ? published
                                             : cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED));
  g_autofree char *release = basic_timestamp (cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO));
  g_autofree char *publication = basic_timestamp (published);
  xmlNode *head = add_element (w, root, "head");
  xmlNode *docdata;
  xmlNode *node;

  add_text_element (w, head, "title", cd_article_get_headline (article));

  docdata = add_element (w, head, "docdata");
  set_attribute (docdata, "management-status",
                 g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "published") == 0
                 ? "usable" : "withheld");

  node = add_element (w, docdata, "doc-id");
  set_attribute (node, "regsrc", "Copydesk");
  set_attribute (node, "id-string", cd_article_get_field (article, CD_ARTICLE_FIELD_ID));

  /* Copydesk keeps no urgency; 5 is the middle of NITF's 1 (flash) to 8,
   * so receiving systems neither rush nor bury the story. */
  node = add_element (w, docdata, "urgency");
  set_attribute (node, "ed-urg", "5");

  if (issued != NULL)
    set_attribute (add_element (w, docdata, "date.issue"), "norm", issued);
  if (release != NULL)
    set_attribute (add_element (w, docdata, "date.release"), "norm", release);
  if (!is_empty (slug))
    set_attribute (add_element (w, docdata, "du-key"), "key", slug);

  if (keywords[0] != NULL)
    {
      xmlNode *list = add_element (w, docdata, "key-list");

      for (guint i = 0; keywords[i] != NULL; i++)
        set_attribute (add_element (w, list, "keyword"), "key", keywords[i]);
    }

  if (!is_empty (section) || publication != NULL)
    {
      node = add_element (w, head, "pubdata");
      set_attribute (node, "type", "web");
      set_attribute (node, "position.section", section);
      set_attribute (node, "date.publication", publication);
    }
}

static void
write_body_head (Writer  *w,
                 xmlNode *body)
{
  CdArticle *article = w->article;
  const char *headline = cd_article_get_headline (article);
  const char *subheadline = cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const CdDateline *dateline = cd_article_get_dateline (article);
  GPtrArray *bylines = cd_article_get_bylines (article);
  xmlNode *head = add_element (w, body, "body.head");

  if (!is_empty (headline) || !is_empty (subheadline))
    {
      xmlNode *hedline = add_element (w, head, "hedline");

      add_text_element (w, hedline, "hl1", headline);
      if (!is_empty (subheadline))
        add_text_element (w, hedline, "hl2", subheadline);
    }

  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);
      xmlNode *node;

      if (is_empty (byline->name))
        continue;

      node = add_element (w, head, "byline");
      add_text (node, "By ", -1);
      add_text_element (w, node, "person", byline->name);
      if (!is_empty (byline->title))
        {
          add_text (node, ", ", -1);
          add_text_element (w, node, "byttl", byline->title);
        }
    }

  if (dateline != NULL &&
      (!is_empty (dateline->place) || !is_empty (dateline->source) || !is_empty (dateline->date)))
    {
      xmlNode *node = add_element (w, head, "dateline");
      g_autofree char *norm = basic_date (dateline->date);

      if (!is_empty (dateline->place))
        add_text_element (w, node, "location", dateline->place);
      if (!is_empty (dateline->source))
        {
          g_autofree char *source = g_strdup_printf ("%s(%s)", is_empty (dateline->place) ? "" : " ",
                                                     dateline->source);

          add_text (node, source, -1);
        }
      if (norm != NULL)
        {
          xmlNode *date;

          if (!is_empty (dateline->place) || !is_empty (dateline->source))
            add_text (node, ", ", -1);
          date = add_text_element (w, node, "story.date", dateline->date);
          set_attribute (date, "norm", norm);
        }
    }

  if (!is_empty (subheadline))
    add_text_element (w, add_element (w, head, "abstract"), "p", subheadline);
}

GBytes *
cd_nitf_write (CdArticle  *article,
               GError    **error)
{
  g_autoptr(CdArticle) written = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  g_autofree char *language = NULL;
  xmlChar *buffer = NULL;
  xmlNode *root;
  xmlNode *body;
  xmlNode *content;
  CdBlock *lead;
  guint n_blocks;
  int size = 0;
  Writer w;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Empty paragraphs held the caret while editing; they are no part of
   * the story sent out. */
  written = cd_article_without_blank_paragraphs (article);
  article = written;

  doc = xmlNewDoc ((const xmlChar *) "1.0");
  root = xmlNewDocNode (doc, NULL, (const xmlChar *) "nitf", NULL);
  xmlDocSetRootElement (doc, root);

  w.article = article;
  w.doc = doc;
  w.ns = xmlNewNs (root, (const xmlChar *) CD_NITF_NAMESPACE, NULL);
  xmlSetNs (root, w.ns);

  language = _cd_wire_normalize_language (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE));

  set_attribute (root, "version", NITF_VERSION);
  set_attribute (root, "change.date", NITF_CHANGE_DATE);
  set_attribute (root, "change.time", NITF_CHANGE_TIME);
  set_attribute (root, "baselang", language);

  write_head (&w, root);

  body = add_element (&w, root, "body");
  if (language != NULL)
    xmlNodeSetLang (body, (const xmlChar *) language);

  write_body_head (&w, body);

  content = add_element (&w, body, "body.content");
  lead = cd_article_get_lead (article);
  if (lead != NULL)
    write_media (&w, content, lead, "lead");

  n_blocks = cd_article_get_n_blocks (article);
  for (guint i = 0; i < n_blocks; i++)
    write_block (&w, content, cd_article_get_block (article, i));

  add_element (&w, body, "body.end");

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &size, "UTF-8", 1);
  if (buffer == NULL || size <= 0)
    {
      if (buffer != NULL)
        xmlFree (buffer);
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not write the story as NITF: out of memory"));
      return NULL;
    }

  {
    GBytes *bytes = g_bytes_new (buffer, (gsize) size);

    xmlFree (buffer);
    return bytes;
  }
}

gboolean
cd_nitf_export (CdArticle  *article,
                GFile      *output,
                GError    **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (CdArticle) published = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  published = cd_media_export_beside (article, output, error);
  if (published == NULL)
    return FALSE;

  bytes = cd_nitf_write (published, error);
  if (bytes == NULL)
    return FALSE;

  return cd_file_replace_atomic (output, bytes, error);
}

/* Reading */

typedef struct
{
  const char *display_name;
  CdArticle  *article;
  GFile      *media_folder;
  guint64     max_media_size;
  GError     *media_error;  /* the first picture refused */
  GPtrArray  *blocks;       /* of CdBlock, the body */
  CdWireText *text;         /* the paragraph being gathered */
  GPtrArray  *deferred;     /* of xmlNode: media met inside running text */
  CdBlock    *lead;
  gboolean    marked_lead;  /* some media says class="lead" */
  gboolean    had_text;     /* a text block was made */
} Reader;

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
static char *
node_text (xmlNode    *node,
           const char *skip)
{
  return _cd_xml_node_text (node, &text_rules, skip, NULL);
}

static char *
node_lines (xmlNode *node)
{
  return _cd_xml_node_lines (node, &text_rules);
}

static char *
get_clean_attribute (xmlNode    *node,
                     const char *name)
{
  g_autofree char *value = _cd_xml_get_attribute (node, name);
  char *clean;

  if (value == NULL)
    return NULL;

  clean = _cd_wire_clean_text (value);
  if (*clean == '\0')
    {
      g_free (clean);
      return NULL;
    }

  return clean;
}

static gboolean
attribute_has_word (xmlNode    *node,
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

static void read_block_node    (Reader  *r,
                                xmlNode *node,
                                guint    depth);
static void read_block_children (Reader  *r,
                                 xmlNode *node,
                                 guint    depth);
static void read_inline_node   (Reader  *r,
                                xmlNode *node,
                                guint    depth);

static void
add_body_block (Reader  *r,
                CdBlock *block)
{
  CdBlockType type = cd_block_get_block_type (block);

  if (type != CD_BLOCK_FIGURE && type != CD_BLOCK_DIVIDER)
    r->had_text = TRUE;

  g_ptr_array_add (r->blocks, block);
}

static void
read_deferred (Reader *r,
               guint   depth)
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
flush_as (Reader      *r,
          CdBlockType  type,
          guint        level,
          guint        depth)
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

static void
flush (Reader *r,
       guint   depth)
{
  flush_as (r, CD_BLOCK_PARAGRAPH, 0, depth);
}

static void
read_inline_children (Reader  *r,
                      xmlNode *node,
                      guint    depth)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    read_inline_node (r, child, depth + 1);
}

static void
read_marked (Reader     *r,
             xmlNode    *node,
             CdMarkType  type,
             const char *href,
             guint       depth)
{
  guint mark = _cd_wire_text_open_mark (r->text, type, href);

  read_inline_children (r, node, depth);
  _cd_wire_text_close_mark (r->text, mark);
}

static void
read_inline_node (Reader  *r,
                  xmlNode *node,
                  guint    depth)
{
  if (depth > MAX_DEPTH)
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
      gboolean strong = attribute_has_word (node, "class", "bold") ||
                        attribute_has_word (node, "class", "strong") ||
                        attribute_has_word (node, "style", "bold");

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
load_local_media (Reader     *r,
                  const char *source)
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
media_source (Reader     *r,
              const char *source)
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
read_media (Reader  *r,
            xmlNode *media)
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
          g_autofree char *text = node_text (child, NULL);

          if (*text != '\0')
            g_string_append_printf (caption, "%s%s", caption->len > 0 ? " " : "", text);
        }
      else if (_cd_xml_is_element (child, "media-producer"))
        {
          g_autofree char *text = node_text (child, NULL);

          if (*text != '\0')
            g_string_append_printf (credit, "%s%s", credit->len > 0 ? "; " : "", text);
        }
    }

  if (reference != NULL)
    {
      alt = get_clean_attribute (reference, "alternate-text");

      if (credit->len == 0)
        {
          g_autofree char *source_credit = get_clean_attribute (reference, "source-credit");

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
      is_lead = attribute_has_word (media, "class", "lead");
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
read_quote (Reader  *r,
            xmlNode *bq,
            guint    depth)
{
  gboolean pull = attribute_has_word (bq, "class", "pullquote");
  g_autoptr (GPtrArray) marks = NULL;
  g_autoptr (GString) attribution = g_string_new (NULL);
  g_autofree char *text = NULL;
  CdBlock *block;

  for (xmlNode *child = bq->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "credit"))
        {
          g_autofree char *credit = node_text (child, NULL);

          if (*credit != '\0')
            g_string_append_printf (attribution, "%s%s", attribution->len > 0 ? " " : "", credit);
          continue;
        }

      read_inline_node (r, child, depth + 1);
      _cd_wire_text_break (r->text);
    }

  if (attribution->len == 0)
    {
      g_autofree char *source = get_clean_attribute (bq, "quote-source");

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
gather_items (Reader    *r,
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

      if (_cd_xml_is_element (child, "ul") || _cd_xml_is_element (child, "ol"))
        {
          gather_items (r, child, items, depth + 1);
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
                read_inline_node (r, part, depth + 1);
            }
        }
      else
        {
          read_inline_node (r, child, depth + 1);
        }

      text = _cd_wire_text_finish (r->text, &marks);
      if (*text != '\0')
        {
          CdListItem *item = cd_list_item_new (text);

          g_ptr_array_unref (item->marks);
          item->marks = g_steal_pointer (&marks);
          g_ptr_array_add (items, item);
        }

      for (guint i = 0; i < nested->len; i++)
        gather_items (r, g_ptr_array_index (nested, i), items, depth + 1);
    }
}

static void
read_list (Reader  *r,
           xmlNode *list,
           guint    depth)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

  gather_items (r, list, items, depth);

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
read_embed (Reader  *r,
            xmlNode *container)
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
      g_autofree char *author = node_text (_cd_xml_find_child (byline, "person"), NULL);
      g_autofree char *handle = node_text (_cd_xml_find_child (byline, "virtloc"), NULL);

      set_field_if_any (block, CD_BLOCK_FIELD_AUTHOR, author);
      set_field_if_any (block, CD_BLOCK_FIELD_HANDLE, handle);
    }

  if (dateline != NULL)
    {
      g_autofree char *date = node_text (_cd_xml_find_child (dateline, "story.date"), NULL);

      set_field_if_any (block, CD_BLOCK_FIELD_DATE, date);
    }

  if (title != NULL)
    {
      g_autofree char *value = node_text (title, NULL);

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
read_block_node (Reader  *r,
                 xmlNode *node,
                 guint    depth)
{
  if (depth > MAX_DEPTH)
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
      flush (r, depth);
      read_inline_children (r, node, depth);
      flush (r, depth);
    }
  else if (_cd_xml_is_element (node, "hl1") || _cd_xml_is_element (node, "hl2"))
    {
      flush (r, depth);
      read_inline_children (r, node, depth);
      flush_as (r, CD_BLOCK_HEADING, attribute_has_word (node, "class", "h3") ? 3 : 2, depth);
    }
  else if (_cd_xml_is_element (node, "bq"))
    {
      flush (r, depth);
      read_quote (r, node, depth);
    }
  else if (_cd_xml_is_element (node, "ul") || _cd_xml_is_element (node, "ol"))
    {
      flush (r, depth);
      read_list (r, node, depth);
    }
  else if (_cd_xml_is_element (node, "media"))
    {
      flush (r, depth);
      read_media (r, node);
    }
  else if (_cd_xml_is_element (node, "hr"))
    {
      flush (r, depth);
      add_body_block (r, cd_block_new (CD_BLOCK_DIVIDER));
    }
  else if (_cd_xml_is_element (node, "block") && attribute_has_word (node, "class", "embed"))
    {
      flush (r, depth);
      if (!read_embed (r, node))
        {
          read_block_children (r, node, depth);
          flush (r, depth);
        }
    }
  else if (_cd_xml_is_one_of (node, block_names))
    {
      flush (r, depth);
      read_block_children (r, node, depth);
      flush (r, depth);
    }
  else
    {
      read_inline_node (r, node, depth);
    }
}

static void
read_block_children (Reader  *r,
                     xmlNode *node,
                     guint    depth)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    read_block_node (r, child, depth + 1);
}

static gboolean
has_marked_lead (xmlNode *node,
                 guint    depth)
{
  if (depth > MAX_DEPTH)
    return FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (_cd_xml_is_element (child, "media") && attribute_has_word (child, "class", "lead"))
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

  text = node_text (node, NULL);
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
read_docdata (Reader  *r,
              xmlNode *docdata)
{
  g_autoptr (GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = docdata->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "doc-id"))
        {
          g_autofree char *id = get_clean_attribute (child, "id-string");

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
          g_autofree char *key = get_clean_attribute (child, "key");

          set_if_unset (r->article, CD_ARTICLE_FIELD_SLUG, key);
        }
      else if (_cd_xml_is_element (child, "key-list"))
        {
          for (xmlNode *keyword = child->children; keyword != NULL; keyword = keyword->next)
            {
              char *key = _cd_xml_is_element (keyword, "keyword") ? get_clean_attribute (keyword, "key") : NULL;

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
read_head (Reader  *r,
           xmlNode *head)
{
  g_autofree char *title = first_text (head, "title");

  for (xmlNode *child = head->children; child != NULL; child = child->next)
    {
      if (_cd_xml_is_element (child, "docdata"))
        read_docdata (r, child);
      else if (_cd_xml_is_element (child, "pubdata"))
        {
          g_autofree char *section = get_clean_attribute (child, "position.section");

          set_if_unset (r->article, CD_ARTICLE_FIELD_SECTION, section);
        }
    }

  /* The hedline, read later, takes precedence over the document title. */
  set_if_unset (r->article, CD_ARTICLE_FIELD_HEADLINE, title);
}

static void
read_bylines (Reader    *r,
              xmlNode   *node,
              GPtrArray *bylines)
{
  CdByline *last = NULL;
  gboolean has_person = _cd_xml_find_child (node, "person") != NULL;

  if (!has_person)
    {
      g_autofree char *text = node_text (node, "byttl");
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
          g_autofree char *name = node_text (child, NULL);

          if (*name != '\0')
            {
              last = cd_byline_new (name, "");
              g_ptr_array_add (bylines, last);
            }
        }
      else if (_cd_xml_is_element (child, "byttl") && last != NULL)
        {
          g_autofree char *title = node_text (child, NULL);

          g_free (last->title);
          last->title = g_steal_pointer (&title);
        }
    }
}

static void
read_dateline (Reader  *r,
               xmlNode *node)
{
  g_autoptr (CdDateline) dateline = NULL;
  g_autofree char *text = node_text (node, "story.date");
  g_autofree char *location = first_text (node, "location");
  g_autofree char *date = NULL;
  xmlNode *story_date = _cd_xml_find_child (node, "story.date");

  if (story_date != NULL)
    {
      g_autofree char *norm = _cd_xml_get_attribute (story_date, "norm");
      g_autofree char *shown = node_text (story_date, NULL);

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
read_body_head (Reader  *r,
                xmlNode *body_head)
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
          g_autofree char *abstract = node_text (child, NULL);

          set_if_unset (r->article, CD_ARTICLE_FIELD_SUBHEADLINE, abstract);
        }
    }

  if (bylines->len > 0)
    cd_article_set_bylines (r->article, bylines);
}

/* NewsML 1.2 says what NITF may leave out: the headline, byline and
 * dateline in NewsLines. */
static void
read_news_lines (Reader  *r,
                 xmlNode *envelope)
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
read_language (Reader  *r,
               xmlNode *nitf,
               xmlNode *body)
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
read_nitf (Reader  *r,
           xmlNode *nitf)
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
          read_block_children (r, child, 1);
          flush (r, 1);
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

      if (node->type == XML_ELEMENT_NODE && depth > MAX_DEPTH)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                       _("%s: line %ld: elements are nested more than %u deep, deeper than Copydesk reads"),
                       display_name, xmlGetLineNo (node), MAX_DEPTH);
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
                   display_name, xml_error->line, MAX_DEPTH);
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
  Reader r = { 0, };

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
