/* cd-nitf.c
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

#define NITF_VERSION     "-//IPTC//DTD NITF 3.6//EN"
#define NITF_CHANGE_DATE "September 11, 2009"
#define NITF_CHANGE_TIME "12:26"

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
