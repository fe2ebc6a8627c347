/* test-nitf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "copydesk-core.h"
#include "cd-test-utils.h"

#define NOTES "DESK-ONLY-NOTE: do not run before the board meets"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

/* Helpers */

static char *
wire_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "core", "data", "wire", name, NULL);
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = wire_path (name);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static CdArticle *
read_fixture (const char *name,
              gboolean    with_folder)
{
  g_autoptr (GBytes) bytes = load_fixture (name);
  g_autofree char *dir = wire_path ("");
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GError) error = NULL;
  CdArticle *article;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  article = cd_nitf_read (data, length, name, with_folder ? folder : NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);

  return article;
}

static CdArticle *
read_string (const char  *xml,
             GFile       *folder,
             GError     **error)
{
  return cd_nitf_read (xml, strlen (xml), "story.xml", folder, error);
}

static CdBlock *
block_at (CdArticle *article,
          guint      index)
{
  g_assert_cmpuint (index, <, cd_article_get_n_blocks (article));
  return cd_article_get_block (article, index);
}

static CdBlock *
text_block (CdBlockType  type,
            const char  *text)
{
  CdBlock *block = cd_block_new (type);

  cd_block_set_text (block, text);
  return block;
}

static void
add_mark (CdBlock    *block,
          CdMarkType  type,
          guint       start,
          guint       end,
          const char *href)
{
  g_autoptr (GPtrArray) marks = cd_marks_copy (cd_block_get_marks (block));

  g_ptr_array_add (marks, cd_mark_new (type, start, end, href));
  cd_block_set_marks (block, marks);
}

static const guint8 png_bytes[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
  0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* A story with every kind of block, and text that needs escaping. */
static CdArticle *
make_story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr (CdDateline) dateline = cd_dateline_new ("CARDIFF", "Wire", "2024-06-01");
  g_autoptr (GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  const char *keywords[] = { "Fish & chips", "<tags>", NULL };
  g_autoptr (CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  CdListItem *item;
  CdBlock *block;

  cd_article_set_field (article, CD_ARTICLE_FIELD_ID, "0b8e2f53-3d1c-4a77-9b1e-2c5d6e7f8a90");
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "en-GB");
  cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, "approved");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "fish-chips");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "Food & Drink");
  cd_article_set_headline (article, "Fish & <chips> \"prices\" rise");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "A 'dek' with ]]> in it");
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "2024-06-01T08:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2024-06-01T09:30:00+01:00");
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2024-06-02T06:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, NOTES);
  cd_article_set_keywords (article, keywords);

  g_ptr_array_add (bylines, cd_byline_new ("Siân Morgan", "Food writer"));
  g_ptr_array_add (bylines, cd_byline_new ("Dai Evans", ""));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);

  cd_article_set_media (article, "media/fish.png", png);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/fish.png");
  cd_block_set_field (lead, CD_BLOCK_FIELD_ALT, "A paper cone of chips");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "Chips at the pier & café");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CREDIT, "Photo: Copydesk");
  cd_block_set_size (lead, 1, 1);
  cd_article_set_lead (article, lead);

  /* Overlapping marks: bold 0–6, italic 3–9, a link 8–10. */
  block = text_block (CD_BLOCK_PARAGRAPH, "abcdefghij & <more>");
  add_mark (block, CD_MARK_STRONG, 0, 6, NULL);
  add_mark (block, CD_MARK_EM, 3, 9, NULL);
  add_mark (block, CD_MARK_LINK, 8, 10, "https://example.com/?a=1&b=2");
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = text_block (CD_BLOCK_HEADING, "A smaller heading");
  cd_block_set_level (block, 3);
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = text_block (CD_BLOCK_QUOTE, "Vinegar, always vinegar.");
  add_mark (block, CD_MARK_EM, 0, 7, NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "A customer");
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = text_block (CD_BLOCK_PULLQUOTE, "“Always vinegar”");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "The customer");
  cd_article_append_block (article, block);
  g_object_unref (block);

  item = cd_list_item_new ("Cod");
  g_ptr_array_add (item->marks, cd_mark_new (CD_MARK_STRONG, 0, 3, NULL));
  g_ptr_array_add (items, item);
  g_ptr_array_add (items, cd_list_item_new ("Haddock"));
  block = cd_block_new (CD_BLOCK_LIST);
  cd_block_set_ordered (block, TRUE);
  cd_block_set_items (block, items);
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = cd_block_new (CD_BLOCK_FIGURE);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "https://img.example.com/pier.jpg");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "The pier");
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, "Photo: Wire");
  cd_block_set_size (block, 1200, 800);
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = cd_block_new (CD_BLOCK_EMBED);
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, "youtube");
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "video");
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://www.youtube.com/watch?v=Xq3fP0rT9aE");
  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Chip Shop TV");
  cd_block_set_field (block, CD_BLOCK_FIELD_HANDLE, "@chipshop");
  cd_block_set_field (block, CD_BLOCK_FIELD_TITLE, "Frying & filming");
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "First line\nSecond line\n\nAfter a gap");
  cd_block_set_field (block, CD_BLOCK_FIELD_DATE, "2024-05-10");
  cd_block_set_field (block, CD_BLOCK_FIELD_LANG, "cy");
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = cd_block_new (CD_BLOCK_DIVIDER);
  cd_article_append_block (article, block);
  g_object_unref (block);

  block = text_block (CD_BLOCK_PARAGRAPH, "Last \x01paragraph.");
  cd_article_append_block (article, block);
  g_object_unref (block);

  return article;
}

static xmlDoc *
parse_output (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  xmlDoc *doc = xmlReadMemory (data, (int) length, NULL, NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static xmlXPathContext *
xpath_context (xmlDoc *doc)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);

  xmlXPathRegisterNs (context, (const xmlChar *) "n", (const xmlChar *) CD_NITF_NAMESPACE);
  return context;
}

/* The string value of an XPath expression. */
static char *
xpath_string (xmlXPathContext *context,
              const char      *expression)
{
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expression);
  g_autoptr (xmlXPathObject) result = xmlXPathEvalExpression ((const xmlChar *) wrapped, context);

  g_assert_nonnull (result);
  return g_strdup ((const char *) result->stringval);
}

static double
xpath_number (xmlXPathContext *context,
              const char      *expression)
{
  g_autoptr (xmlXPathObject) result = xmlXPathEvalExpression ((const xmlChar *) expression, context);

  g_assert_nonnull (result);
  return xmlXPathCastToNumber (result);
}

#define assert_xpath(context, expression, expected) \
  G_STMT_START { \
    g_autofree char *value__ = xpath_string (context, expression); \
    g_assert_cmpstr (value__, ==, expected); \
  } G_STMT_END

static char *
node_markup (xmlXPathContext *context,
             const char      *expression)
{
  g_autoptr (xmlXPathObject) result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  xmlBuffer *buffer = xmlBufferCreate ();
  char *markup;

  g_assert_nonnull (result);
  g_assert_nonnull (result->nodesetval);
  g_assert_cmpint (result->nodesetval->nodeNr, ==, 1);

  for (xmlNode *child = result->nodesetval->nodeTab[0]->children; child != NULL; child = child->next)
    xmlNodeDump (buffer, child->doc, child, 0, 0);

  markup = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  return markup;
}

static void
assert_valid_nitf (GBytes     *bytes,
                   const char *what)
{
  const char *source_dir = g_getenv ("COPYDESK_SOURCE_DIR");
  g_autofree char *xsd = NULL;
  g_autoptr (xmlDoc) doc = parse_output (bytes);
  xmlSchemaParserCtxt *parser;
  xmlSchema *schema;
  xmlSchemaValidCtxt *validator;
  int result;

  g_assert_nonnull (source_dir);
  xsd = g_build_filename (source_dir, "data", "standards", "nitf", "nitf-3-6.xsd", NULL);
  g_assert_true (g_file_test (xsd, G_FILE_TEST_IS_REGULAR));

  parser = xmlSchemaNewParserCtxt (xsd);
  schema = xmlSchemaParse (parser);
  g_assert_nonnull (schema);
  validator = xmlSchemaNewValidCtxt (schema);

  result = xmlSchemaValidateDoc (validator, doc);
  if (result != 0)
    g_test_message ("%s is not valid NITF 3.6:\n%.*s", what,
                    (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_cmpint (result, ==, 0);

  xmlSchemaFreeValidCtxt (validator);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (parser);
}

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = cd_test_make_temp_dir ("copydesk-nitf-XXXXXX");
  return dir;
}

static void
write_file (const char *dir,
            const char *name,
            const void *data,
            gsize       length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

/* Writing */

static void
test_write_structure (void)
{
  g_autoptr (CdArticle) article = make_story ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = cd_nitf_write (article, &error);
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (xmlXPathContext) context = NULL;
  g_autofree char *paragraph = NULL;
  g_autofree char *text = NULL;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, NULL);
  g_assert_true (g_str_has_prefix (data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));

  doc = parse_output (bytes);
  context = xpath_context (doc);

  assert_xpath (context, "/n:nitf/@version", "-//IPTC//DTD NITF 3.6//EN");
  assert_xpath (context, "/n:nitf/@baselang", "en-GB");
  assert_xpath (context, "/n:nitf/n:head/n:title", "Fish & <chips> \"prices\" rise");
  assert_xpath (context, "//n:docdata/@management-status", "usable");
  assert_xpath (context, "//n:docdata/n:doc-id/@id-string", "0b8e2f53-3d1c-4a77-9b1e-2c5d6e7f8a90");
  assert_xpath (context, "//n:docdata/n:urgency/@ed-urg", "5");
  assert_xpath (context, "//n:docdata/n:date.issue/@norm", "20240601T083000Z");
  assert_xpath (context, "//n:docdata/n:date.release/@norm", "20240602T060000Z");
  assert_xpath (context, "//n:docdata/n:du-key/@key", "fish-chips");
  assert_xpath (context, "//n:key-list/n:keyword[1]/@key", "Fish & chips");
  assert_xpath (context, "//n:key-list/n:keyword[2]/@key", "<tags>");
  assert_xpath (context, "//n:pubdata/@position.section", "Food & Drink");

  assert_xpath (context, "/n:nitf/n:body/@xml:lang", "en-GB");
  assert_xpath (context, "//n:body.head/n:hedline/n:hl1", "Fish & <chips> \"prices\" rise");
  assert_xpath (context, "//n:body.head/n:hedline/n:hl2", "A 'dek' with ]]> in it");
  assert_xpath (context, "//n:body.head/n:byline[1]/n:person", "Siân Morgan");
  assert_xpath (context, "//n:body.head/n:byline[1]/n:byttl", "Food writer");
  assert_xpath (context, "//n:body.head/n:byline[2]/n:person", "Dai Evans");
  g_assert_cmpfloat (xpath_number (context, "count(//n:body.head/n:byline[2]/n:byttl)"), ==, 0);
  assert_xpath (context, "//n:body.head/n:dateline/n:location", "CARDIFF");
  assert_xpath (context, "//n:body.head/n:dateline", "CARDIFF (Wire), 2024-06-01");
  assert_xpath (context, "//n:body.head/n:dateline/n:story.date/@norm", "20240601");
  assert_xpath (context, "//n:body.head/n:abstract/n:p", "A 'dek' with ]]> in it");

  /* The lead comes first, as wires put the story's photo. */
  assert_xpath (context, "//n:body.content/*[1]/@class", "lead");
  assert_xpath (context, "//n:body.content/n:media[1]/n:media-reference/@source", "media/fish.png");
  assert_xpath (context, "//n:body.content/n:media[1]/n:media-reference/@mime-type", "image/png");
  assert_xpath (context, "//n:body.content/n:media[1]/n:media-reference/@alternate-text", "A paper cone of chips");
  assert_xpath (context, "//n:body.content/n:media[1]/n:media-caption", "Chips at the pier & café");
  assert_xpath (context, "//n:body.content/n:media[1]/n:media-producer", "Photo: Copydesk");

  /* Overlapping marks nest, split where they must. */
  paragraph = node_markup (context, "//n:body.content/n:p[1]");
  g_assert_cmpstr (paragraph, ==,
                   "<em class=\"bold\">abc<em>def</em></em><em>gh<a href=\"https://example.com/?a=1&amp;b=2\">i</a></em>"
                   "<a href=\"https://example.com/?a=1&amp;b=2\">j</a> &amp; &lt;more&gt;");

  assert_xpath (context, "//n:body.content/n:hl2/@class", "h3");
  assert_xpath (context, "//n:body.content/n:hl2", "A smaller heading");
  assert_xpath (context, "//n:body.content/n:bq[1]/n:block/n:p/n:em", "Vinegar");
  assert_xpath (context, "//n:body.content/n:bq[1]/n:credit", "A customer");
  assert_xpath (context, "//n:body.content/n:bq[2]/@class", "pullquote");
  assert_xpath (context, "//n:body.content/n:bq[2]/n:credit", "The customer");
  assert_xpath (context, "//n:body.content/n:ol/n:li[1]/n:em[@class='bold']", "Cod");
  assert_xpath (context, "//n:body.content/n:ol/n:li[2]", "Haddock");
  assert_xpath (context, "//n:body.content/n:media[2]/@class", "figure");
  assert_xpath (context, "//n:body.content/n:media[2]/n:media-reference/@source", "https://img.example.com/pier.jpg");
  assert_xpath (context, "//n:body.content/n:media[2]/n:media-reference/@width", "1200");

  assert_xpath (context, "//n:body.content/n:block/@class", "embed");
  assert_xpath (context, "//n:body.content/n:block/@xml:lang", "cy");
  assert_xpath (context, "//n:body.content/n:block/n:byline/n:person", "Chip Shop TV");
  assert_xpath (context, "//n:body.content/n:block/n:byline/n:virtloc", "@chipshop");
  assert_xpath (context, "//n:body.content/n:block/n:hl2", "Frying & filming");
  assert_xpath (context, "//n:body.content/n:block/n:p/n:a/@href", "https://www.youtube.com/watch?v=Xq3fP0rT9aE");
  g_assert_cmpfloat (xpath_number (context, "count(//n:body.content/n:block/n:p[1]/n:br)"), ==, 3);
  g_assert_cmpfloat (xpath_number (context, "count(//n:body.content/n:hr)"), ==, 1);

  /* A control character has no place in XML: it is dropped, not escaped. */
  assert_xpath (context, "//n:body.content/n:p[last()]", "Last paragraph.");
  g_assert_cmpfloat (xpath_number (context, "count(/n:nitf/n:body/n:body.end)"), ==, 1);

  text = g_strndup (data, g_bytes_get_size (bytes));
  g_assert_null (strstr (text, "DESK-ONLY-NOTE"));
  g_assert_null (strstr (text, "&#1;"));
}

static void
test_write_status (void)
{
  const struct { const char *status; const char *expected; } cases[] = {
    { "draft", "withheld" },
    { "edit", "withheld" },
    { "approved", "usable" },
    { "published", "usable" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CdArticle) article = cd_article_new ();
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (xmlDoc) doc = NULL;
      g_autoptr (xmlXPathContext) context = NULL;

      cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, cases[i].status);
      bytes = cd_nitf_write (article, NULL);
      doc = parse_output (bytes);
      context = xpath_context (doc);
      assert_xpath (context, "//n:docdata/@management-status", cases[i].expected);
    }
}

static void
test_write_validates (void)
{
  g_autoptr (CdArticle) story = make_story ();
  g_autoptr (CdArticle) empty = cd_article_new ();
  g_autoptr (GBytes) story_bytes = cd_nitf_write (story, NULL);
  g_autoptr (GBytes) empty_bytes = cd_nitf_write (empty, NULL);
  g_autofree char *sample_path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples",
                                                   "sample", "article.json", NULL);
  g_autoptr (GFile) sample_file = g_file_new_for_path (sample_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) sample = cd_document_load (sample_file, &error);
  g_autoptr (GBytes) sample_bytes = NULL;

  g_assert_no_error (error);
  sample_bytes = cd_nitf_write (sample, &error);
  g_assert_no_error (error);

  assert_valid_nitf (story_bytes, "the test story");
  assert_valid_nitf (empty_bytes, "an empty story");
  assert_valid_nitf (sample_bytes, "the sample story");
}

/* Reading */

static void
assert_same_blocks (CdArticle *expected,
                    CdArticle *actual)
{
  g_assert_cmpuint (cd_article_get_n_blocks (actual), ==, cd_article_get_n_blocks (expected));

  for (guint i = 0; i < cd_article_get_n_blocks (expected); i++)
    {
      CdBlock *a = cd_article_get_block (expected, i);
      CdBlock *b = cd_article_get_block (actual, i);
      CdBlockType type = cd_block_get_block_type (a);

      g_assert_cmpint (cd_block_get_block_type (b), ==, type);

      for (CdBlockField field = 0; field < CD_N_BLOCK_FIELDS; field++)
        {
          if (cd_block_type_has_field (type, field))
            g_assert_cmpstr (cd_block_get_field (b, field), ==, cd_block_get_field (a, field));
        }

      if (cd_block_type_has_marks (type))
        g_assert_true (cd_marks_equal (cd_block_get_marks (a), cd_block_get_marks (b)));

      if (type == CD_BLOCK_HEADING)
        g_assert_cmpuint (cd_block_get_level (b), ==, cd_block_get_level (a));

      if (type == CD_BLOCK_LIST)
        {
          GPtrArray *items_a = cd_block_get_items (a);
          GPtrArray *items_b = cd_block_get_items (b);

          g_assert_cmpint (cd_block_get_ordered (b), ==, cd_block_get_ordered (a));
          g_assert_cmpuint (items_b->len, ==, items_a->len);
          for (guint j = 0; j < items_a->len; j++)
            g_assert_true (cd_list_item_equal (g_ptr_array_index (items_a, j), g_ptr_array_index (items_b, j)));
        }

      if (type == CD_BLOCK_FIGURE)
        {
          g_assert_cmpuint (cd_block_get_width (b), ==, cd_block_get_width (a));
          g_assert_cmpuint (cd_block_get_height (b), ==, cd_block_get_height (a));
        }
    }
}

static void
test_roundtrip (void)
{
  g_autoptr (CdArticle) article = make_story ();
  g_autoptr (CdArticle) back = NULL;
  g_autoptr (GBytes) bytes = cd_nitf_write (article, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  const CdDateline *dateline;
  GPtrArray *bylines;
  CdBlock *lead;
  CdBlock *last;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  /* copydesk-convert puts the pictures in media/ beside the file. */
  write_file (dir, "media/fish.png", png_bytes, sizeof png_bytes);

  back = cd_nitf_read (data, length, "story.nitf", folder, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_ID), ==, "0b8e2f53-3d1c-4a77-9b1e-2c5d6e7f8a90");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_LANGUAGE), ==, "en-GB");
  g_assert_cmpstr (cd_article_get_headline (back), ==, cd_article_get_headline (article));
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_SUBHEADLINE), ==, "A 'dek' with ]]> in it");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_SLUG), ==, "fish-chips");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_SECTION), ==, "Food & Drink");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_EMBARGO), ==, "2024-06-02T06:00:00Z");
  g_assert_null (cd_article_get_field (back, CD_ARTICLE_FIELD_NOTES));
  g_assert_true (g_strv_equal (cd_article_get_keywords (back), cd_article_get_keywords (article)));

  bylines = cd_article_get_bylines (back);
  g_assert_cmpuint (bylines->len, ==, 2);
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->name, ==, "Siân Morgan");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->title, ==, "Food writer");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 1))->name, ==, "Dai Evans");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 1))->title, ==, "");

  dateline = cd_article_get_dateline (back);
  g_assert_nonnull (dateline);
  g_assert_cmpstr (dateline->place, ==, "CARDIFF");
  g_assert_cmpstr (dateline->source, ==, "Wire");
  g_assert_cmpstr (dateline->date, ==, "2024-06-01");

  lead = cd_article_get_lead (back);
  g_assert_nonnull (lead);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION), ==, "Chips at the pier & café");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CREDIT), ==, "Photo: Copydesk");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_ALT), ==, "A paper cone of chips");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "media/fish.png");
  g_assert_true (g_bytes_equal (cd_article_get_media (back, "media/fish.png"),
                                cd_article_get_media (article, "media/fish.png")));

  /* The control character was dropped on the way out. */
  last = cd_article_get_block (article, cd_article_get_n_blocks (article) - 1);
  cd_block_set_text (last, "Last paragraph.");
  assert_same_blocks (article, back);

  cd_test_remove_tree (dir);
}

static void
test_read_nitf_36 (void)
{
  g_autoptr (CdArticle) article = read_fixture ("nitf-3.6.xml", TRUE);
  g_autoptr (GBytes) photo = load_fixture ("photo.png");
  const CdDateline *dateline = cd_article_get_dateline (article);
  GPtrArray *bylines = cd_article_get_bylines (article);
  const char *keywords[] = { "Porthaven", "tunnels", "floods", NULL };
  CdBlock *lead = cd_article_get_lead (article);
  CdBlock *block;
  const CdMark *mark;

  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_ID), ==, "8e0f6c4a-2b1d-4c3e-9f70-5a6b7c8d9e01");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "en-GB");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS), ==, "draft");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG), ==, "harbour-tunnel-reopens");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SECTION), ==, "Transport");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_CREATED), ==, "2024-06-11T05:45:00Z");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO), ==, "2024-06-11T09:00:00Z");
  g_assert_true (g_strv_equal (cd_article_get_keywords (article), keywords));
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Harbour tunnel reopens after flood repairs");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), ==,
                   "Drivers face a 30 mph limit until the end of the month");

  g_assert_cmpuint (bylines->len, ==, 2);
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->name, ==, "Nia Prosser");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->title, ==, "Transport reporter");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 1))->name, ==, "Tomas Rhee");

  g_assert_cmpstr (dateline->place, ==, "PORTHAVEN");
  g_assert_cmpstr (dateline->source, ==, "Example Wire");
  g_assert_cmpstr (dateline->date, ==, "2024-06-11");

  /* The photo before the text is the lead, read from beside the file. */
  g_assert_nonnull (lead);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "media/photo.png");
  g_assert_true (g_bytes_equal (cd_article_get_media (article, "media/photo.png"), photo));
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION), ==,
                   "The first cars through the reopened tunnel on Tuesday.");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CREDIT), ==, "Photo: Ana Ruiz / Example Wire");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_ALT), ==, "Cars queue at the tunnel mouth at dawn.");
  g_assert_cmpuint (cd_block_get_width (lead), ==, 4);

  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 12);

  block = block_at (article, 0);
  g_assert_cmpstr (cd_block_get_text (block), ==,
                   "The harbour tunnel reopened on Tuesday, six weeks after a spring tide flooded its "
                   "southern approach, the roads department said.");
  g_assert_cmpuint (cd_block_get_marks (block)->len, ==, 2);
  mark = g_ptr_array_index (cd_block_get_marks (block), 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  g_assert_cmpuint (mark->start, ==, 40);
  g_assert_cmpuint (mark->end, ==, 49);
  mark = g_ptr_array_index (cd_block_get_marks (block), 1);
  g_assert_cmpint (mark->type, ==, CD_MARK_LINK);
  g_assert_cmpstr (mark->href, ==, "https://porthaven.example/roads");

  /* Enriched text (location, num, money, chron) keeps its words. */
  g_assert_cmpstr (cd_block_get_text (block_at (article, 1)), ==,
                   "Engineers replaced every pump in the southern sump and raised the flood wall by 40 centimetres.");
  g_assert_cmpint (cd_block_get_block_type (block_at (article, 2)), ==, CD_BLOCK_HEADING);
  g_assert_cmpint (cd_block_get_block_type (block_at (article, 3)), ==, CD_BLOCK_LIST);
  g_assert_false (cd_block_get_ordered (block_at (article, 3)));

  block = block_at (article, 4);
  g_assert_cmpint (cd_block_get_block_type (block), ==, CD_BLOCK_QUOTE);
  g_assert_cmpstr (cd_block_get_text (block), ==, "We have built it to take a worse storm than the one in April.");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION), ==, "Gwen Alder, roads director");

  g_assert_true (cd_block_get_ordered (block_at (article, 5)));

  /* A javascript: link keeps its words and loses the link. */
  block = block_at (article, 6);
  g_assert_cmpstr (cd_block_get_text (block), ==, "Tolls are suspended until July; details are on the council site.");
  g_assert_cmpuint (cd_block_get_marks (block)->len, ==, 0);

  g_assert_cmpstr (cd_block_get_text (block_at (article, 7)), ==, "Northbound");
  g_assert_cmpstr (cd_block_get_text (block_at (article, 8)), ==, "Open");

  block = block_at (article, 9);
  g_assert_cmpint (cd_block_get_block_type (block), ==, CD_BLOCK_FIGURE);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), ==, "https://images.example.com/tunnel/pumps.jpg");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT), ==, "Photo: Example Wire");

  g_assert_cmpstr (cd_block_get_text (block_at (article, 11)), ==, "Reporting by Example Wire; editing by the desk.");
}

static void
test_read_without_folder (void)
{
  g_autoptr (CdArticle) article = read_fixture ("nitf-3.6.xml", FALSE);
  g_auto (GStrv) media = cd_article_list_media (article);
  CdBlock *lead = cd_article_get_lead (article);

  /* Without a folder no file is read; the photo keeps its words. */
  g_assert_cmpuint (g_strv_length (media), ==, 0);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CREDIT), ==, "Photo: Ana Ruiz / Example Wire");
}

static void
test_read_nitf_25 (void)
{
  g_autoptr (CdArticle) article = read_fixture ("nitf-2.5.xml", TRUE);
  const CdDateline *dateline = cd_article_get_dateline (article);
  GPtrArray *bylines = cd_article_get_bylines (article);
  CdBlock *block;

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Café owners fight\u00a0new\u00a0rules");
  g_assert_cmpuint (bylines->len, ==, 2);
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->name, ==, "JANE ROE");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 1))->name, ==, "JOHN DOE");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 1))->title, ==, "Associated Press Writers");
  g_assert_cmpstr (dateline->place, ==, "CAIRO");
  g_assert_cmpstr (dateline->source, ==, "AP");
  g_assert_cmpstr (dateline->date, ==, "");
  g_assert_null (cd_article_get_lead (article));

  block = block_at (article, 0);
  g_assert_cmpstr (cd_block_get_text (block), ==,
                   "Owners of street cafés said on Tuesday they would challenge the rules — “all of them.”");
  g_assert_cmpuint (cd_block_get_marks (block)->len, ==, 2);

  g_assert_cmpstr (cd_block_get_text (block_at (article, 1)), ==, "Text in an element no standard knows.");
  g_assert_cmpstr (cd_block_get_text (block_at (article, 2)), ==, "Second paragraph, wrapped over lines.");
  block = block_at (article, 3);
  g_assert_cmpint (cd_block_get_block_type (block), ==, CD_BLOCK_FIGURE);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), ==, "https://images.example.com/cafe.jpg");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION), ==, "A café terrace in Cairo.");
  g_assert_cmpstr (cd_block_get_text (block_at (article, 4)), ==, "Preformatted text keeps its words.");
  g_assert_cmpstr (cd_block_get_text (block_at (article, 5)), ==, "Inside a plain block.");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 6);
}

static void
test_read_latin1 (void)
{
  g_autoptr (CdArticle) article = read_fixture ("nitf-latin1.xml", FALSE);
  GPtrArray *bylines = cd_article_get_bylines (article);

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Zürich cafés «open late»");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->name, ==, "Renée Fischer");
  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "ZÜRICH");
  /* 0x93, 0x94 and 0x96 are Windows-1252 quotes and dash. */
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==,
                   "“We stay open,” said the owner of the café – for now.");
}

static void
test_read_undeclared_encoding (void)
{
  const char xml[] = "<nitf><body><body.content><p>Caf\xe9 cr\xe8me \x84quoted\x93</p></body.content></body></nitf>";
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = cd_nitf_read (xml, sizeof xml - 1, "old.xml", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==, "Café crème „quoted“");
}

static void
test_read_newsml (void)
{
  g_autoptr (CdArticle) article = read_fixture ("newsml-1.2.xml", FALSE);
  GPtrArray *bylines = cd_article_get_bylines (article);
  const CdDateline *dateline = cd_article_get_dateline (article);

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Ferry strike called off after late-night talks");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), ==, "Crews accept a 6 per cent rise");
  g_assert_cmpuint (bylines->len, ==, 1);
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->name, ==, "Owen Marsh");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->title, ==, "Labour correspondent");
  g_assert_cmpstr (dateline->place, ==, "PORTHAVEN");
  g_assert_cmpstr (dateline->source, ==, "Example Wire");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_cmpstr (cd_block_get_text (block_at (article, 1)), ==,
                   "Union leaders said members would vote on the offer next week.");
}

/* IPTC's own sample (NewsML-G2 specification, listing 22): a NewsML-G2
 * newsItem carrying an NITF 3.6 story in its inlineXML, as a wire sends
 * it, with its hedline, abstract and paragraphs broken across lines. */
static void
test_read_iptc_newsml_g2 (void)
{
  g_autoptr (CdArticle) article = read_fixture ("iptc-newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml", FALSE);

  g_assert_cmpstr (cd_article_get_headline (article), ==,
                   "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE), ==,
                   "A pair of teams coming off big weekend sweeps will square off tonight at Citizens Bank "
                   "Park, where the Philadelphia Phillies welcome the Arizona Diamondbacks for the start "
                   "of a three-game series.");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "en-US");
  g_assert_null (cd_article_get_lead (article));

  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (cd_block_get_block_type (block_at (article, i)), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==,
                   "(Sports Network) - A pair of teams coming off big weekend sweeps will square off "
                   "tonight at Citizens Bank Park, where the Philadelphia Phillies welcome the Arizona "
                   "Diamondbacks for the start of a three-game series.");
  g_assert_cmpstr (cd_block_get_text (block_at (article, 4)), ==,
                   "The Phillies, meanwhile, notched their first sweep of the year that culminated with "
                   "Sunday's 13-6 pounding of the Braves. Ryan Howard flashed some of the power that won "
                   "him the NL MVP last season, jacking a pair of two-run homers in the win.");
  g_assert_true (g_str_has_suffix (cd_block_get_text (block_at (article, 5)),
                                   "Garcia has gone 0-2 over his last six starts."));
}

static void
test_read_errors (void)
{
  const struct
  {
    const char *xml;
    int         code;
    const char *words;
  } cases[] = {
    { "<nitf><body><p>unclosed</body></nitf>", CD_ERROR_PARSE, "line 1" },
    { "<?xml version=\"1.0\"?>\n<html><body/></html>", CD_ERROR_INVALID, "<html>" },
    { "<NewsML><NewsItem/></NewsML>", CD_ERROR_INVALID, "no NITF" },
    { "", CD_ERROR_PARSE, "empty" },
    { "not xml at all", CD_ERROR_PARSE, "story.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CdArticle) article = read_string (cases[i].xml, NULL, &error);

      g_assert_null (article);
      g_assert_error (error, CD_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "story.xml: "));
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_read_too_large (void)
{
  gsize length = 64 * 1024 * 1024 + 1;
  g_autofree char *data = g_malloc (length);
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;

  memset (data, ' ', length);
  memcpy (data, "<nitf>", 6);

  article = cd_nitf_read (data, length, "huge.xml", NULL, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "huge.xml"));
}

static void
test_no_entity_expansion (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;

  write_file (dir, "secret.txt", "TOP-SECRET", 10);

  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE nitf [\n<!ENTITY xxe SYSTEM \"file://%s\">\n"
                         "<!ENTITY word \"inner\">\n]>\n"
                         "<nitf><body><body.content><p>A&xxe;B&word;C&mdash;D</p></body.content></body></nitf>",
                         secret);

  article = read_string (xml, NULL, &error);
  g_assert_no_error (error);

  /* The file never comes in; a short entity of text does, and &mdash;,
   * which NITF's DTD would declare, is still a dash. */
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==, "ABinnerC—D");

  cd_test_remove_tree (dir);
}

static void
test_billion_laughs (void)
{
  GString *laughs = g_string_new ("<!ENTITY lol0 \"lol\">");
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;

  /* Each level ten times the one before: 10^9 "lol"s if expanded. */
  for (guint i = 1; i < 10; i++)
    g_string_append_printf (laughs, "<!ENTITY lol%u \"&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;"
                            "&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;\">",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);

  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [\n%s\n]>\n"
                         "<nitf><body><body.content><p>A&lol9;B</p></body.content></body></nitf>",
                         laughs->str);
  g_string_free (laughs, TRUE);

  /* libxml2 may refuse the file outright; if it reads it, nothing is
   * expanded. Either way the reader returns at once. */
  article = read_string (xml, NULL, &error);
  if (article == NULL)
    {
      g_assert_error (error, CD_ERROR, CD_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, "story.xml: "));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==, "AB");
    }
}

/* libxml2 quotes names from the file in its messages; a message must be
 * UTF-8 without control characters whatever the bytes were. */
static void
test_read_error_printable (void)
{
  /* Found by fuzz-wire: an undefined entity whose name is not UTF-8. */
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions", "wire",
                                                 "nitf-parse-error-invalid-utf8-entity-name.xml", NULL);
  g_autofree char *xml = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;

  g_assert_true (g_file_get_contents (path, &xml, &length, NULL));
  article = cd_nitf_read (xml, length, "story.xml", NULL, &error);

  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "story.xml: line 4: not well-formed XML: Entity 'e"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
}

/* A story of @n references to a 1 KiB entity, in text or in an
 * attribute. */
static char *
entity_story (guint    n,
              gboolean in_attribute)
{
  g_autoptr (GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY e \"");

  for (guint i = 0; i < 1024; i++)
    g_string_append_c (xml, 'A');
  g_string_append (xml, "\">]>\n<nitf><body><body.content><p>");
  g_string_append (xml, in_attribute ? "<em class=\"" : "");
  for (guint i = 0; i < n; i++)
    g_string_append (xml, "&e;");
  g_string_append (xml, in_attribute ? "\">x</em>" : "");
  g_string_append (xml, "</p></body.content></body></nitf>");

  return g_string_free (g_steal_pointer (&xml), FALSE);
}

static void
test_entity_budget (void)
{
  /* The reader expands entities itself, where libxml2's guards do not
   * look: 200,000 references in 600 KB would be 200 MB of text. */
  for (guint attribute = 0; attribute < 2; attribute++)
    {
      g_autofree char *xml = entity_story (200000, attribute);
      g_autoptr (GError) error = NULL;
      g_autoptr (CdArticle) article = read_string (xml, NULL, &error);

      g_assert_null (article);
      g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
      g_assert_true (g_str_has_prefix (error->message,
                                       "story.xml: entity references stand for more than 2.3"));
      g_assert_nonnull (strstr (error->message, "MiB of text, the most a file of 587"));
    }

  /* Just past the floor of 1 MiB that every file may expand to. */
  {
    g_autofree char *xml = entity_story (1025, FALSE);
    g_autoptr (GError) error = NULL;
    g_autoptr (CdArticle) article = read_string (xml, NULL, &error);

    g_assert_null (article);
    g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "more than 1.0"));
  }

  /* A story that uses its entities as wires do reads whole. */
  {
    g_autofree char *xml = entity_story (1000, FALSE);
    g_autoptr (GError) error = NULL;
    g_autoptr (CdArticle) article = read_string (xml, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (cd_block_get_text (block_at (article, 0))), ==, 1000 * 1024);
  }
}

/* Nesting deeper than the reader walks is refused, never cut off with
 * the rest of the story lost. */
static void
test_deep_markup (void)
{
  const guint depths[] = { 230, 300 };
  g_autoptr (GString) xml = g_string_new (NULL);
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      g_autoptr (GError) refusal = NULL;
      g_autoptr (CdArticle) refused = NULL;

      g_string_assign (xml, "<nitf><body><body.content>\n<p>");
      for (guint i = 0; i < depths[d]; i++)
        g_string_append (xml, "<em>");
      g_string_append (xml, "deep");
      for (guint i = 0; i < depths[d]; i++)
        g_string_append (xml, "</em>");
      g_string_append (xml, "</p><p>The last paragraph.</p></body.content></body></nitf>");

      refused = read_string (xml->str, NULL, &refusal);
      g_assert_null (refused);
      g_assert_error (refusal, CD_ERROR, CD_ERROR_LIMIT);
      g_assert_cmpstr (refusal->message, ==,
                       "story.xml: line 2: elements are nested more than 200 deep, deeper than Copydesk reads");
    }

  /* Deep within bounds: every word is kept. */
  g_string_assign (xml, "<nitf><body><body.content><p>");
  for (guint i = 0; i < 190; i++)
    g_string_append (xml, "<em>");
  g_string_append (xml, "deep");
  for (guint i = 0; i < 190; i++)
    g_string_append (xml, "</em>");
  g_string_append (xml, "</p><p>The last paragraph.</p></body.content></body></nitf>");

  article = read_string (xml->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==, "deep");
  g_assert_cmpstr (cd_block_get_text (block_at (article, 1)), ==, "The last paragraph.");
}

static char *
media_story (const char *source)
{
  return g_strdup_printf ("<nitf><body><body.content><p>Text first.</p>"
                          "<media media-type=\"image\"><media-reference source=\"%s\"/>"
                          "<media-caption>Caption</media-caption></media>"
                          "</body.content></body></nitf>", source);
}

static void
test_media_stays_in_folder (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *story_dir = g_build_filename (root, "story", NULL);
  g_autofree char *outside = g_build_filename (root, "outside.png", NULL);
  g_autofree char *outside_dir = g_build_filename (root, "elsewhere", NULL);
  g_autofree char *link = g_build_filename (story_dir, "link.png", NULL);
  g_autofree char *link_dir = g_build_filename (story_dir, "photos", NULL);
  g_autofree char *file_uri = g_strconcat ("file://", outside, NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GFile) folder = g_file_new_for_path (story_dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_auto (GStrv) media = NULL;
  /* Sources that reach outside the folder, through a link, or at a file
   * that is not an image: the import stops and names the reference. */
  const char *refused[] = {
    "../outside.png", "sub/../../outside.png", outside, "notes.txt", "link.png",
    "photos/inside.png", "sub/fake.png",
  };
  /* Sources that are no file here: the figure keeps its caption. */
  const char *skipped[] = { file_uri, "http://example.com/x.png", "missing.png" };

  write_file (root, "outside.png", png_bytes, sizeof png_bytes);
  write_file (outside_dir, "inside.png", png_bytes, sizeof png_bytes);
  write_file (story_dir, "notes.txt", "not an image", 12);
  write_file (story_dir, "sub/fake.png", "<?php system($_GET['c']); ?>", 28);
  write_file (story_dir, "sub/inside.png", png_bytes, sizeof png_bytes);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_cmpint (symlink (outside_dir, link_dir), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *story = media_story (refused[i]);
      g_autofree char *named = g_strdup_printf ("“%s”", refused[i]);

      article = read_string (story, folder, &error);
      g_assert_null (article);
      g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
      g_test_message ("%s: %s", refused[i], error->message);
      g_assert_true (g_str_has_prefix (error->message, "story.xml: "));
      g_assert_nonnull (strstr (error->message, named));
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    {
      g_autofree char *story = media_story (skipped[i]);

      article = read_string (story, folder, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cd_block_get_field (block_at (article, 1), CD_BLOCK_FIELD_CAPTION), ==, "Caption");
      g_assert_cmpstr (cd_block_get_field (block_at (article, 1), CD_BLOCK_FIELD_SRC), ==, "");
      g_clear_object (&article);
    }

  /* The picture inside the folder is read. */
  xml = media_story ("sub/inside.png");
  article = read_string (xml, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_field (block_at (article, 1), CD_BLOCK_FIELD_SRC), ==, "media/inside.png");
  media = cd_article_list_media (article);
  g_assert_cmpuint (g_strv_length (media), ==, 1);

  cd_test_remove_tree (root);
}

/* A story whose lead is a picture named as pasted pictures are, with
 * bytes that differ by @seed. */
static CdArticle *
story_with_picture (guint seed)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr (GByteArray) data = g_byte_array_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *headline = g_strdup_printf ("Story %u", seed);

  g_byte_array_append (data, png_bytes, sizeof png_bytes);
  g_byte_array_append (data, (const guint8 *) &seed, sizeof seed);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));

  cd_article_set_headline (article, headline);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/image.png");
  cd_article_set_lead (article, lead);
  cd_article_set_media (article, "media/image.png", bytes);

  return article;
}

/* Every picture of @expected is in @actual's figures in the same order,
 * with the same bytes (the names may differ). */
static void
assert_same_pictures (CdArticle *expected,
                      CdArticle *actual)
{
  g_autoptr (GPtrArray) want = g_ptr_array_new ();
  g_autoptr (GPtrArray) got = g_ptr_array_new ();
  CdArticle *articles[] = { expected, actual };
  GPtrArray *lists[] = { want, got };

  for (guint a = 0; a < 2; a++)
    {
      CdBlock *lead = cd_article_get_lead (articles[a]);

      if (lead != NULL)
        g_ptr_array_add (lists[a], cd_article_get_media (articles[a], cd_block_get_field (lead, CD_BLOCK_FIELD_SRC)));
      for (guint i = 0; i < cd_article_get_n_blocks (articles[a]); i++)
        {
          CdBlock *block = cd_article_get_block (articles[a], i);

          if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE &&
              g_str_has_prefix (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), "media/"))
            g_ptr_array_add (lists[a], cd_article_get_media (articles[a], cd_block_get_field (block, CD_BLOCK_FIELD_SRC)));
        }
    }

  g_assert_cmpuint (want->len, ==, got->len);
  for (guint i = 0; i < want->len; i++)
    {
      g_assert_nonnull (g_ptr_array_index (got, i));
      g_assert_true (g_bytes_equal (g_ptr_array_index (want, i), g_ptr_array_index (got, i)));
    }
}

/* cd_nitf_export() writes the pictures to media/ beside the file, where
 * reading the file finds them again. */
static void
test_export (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *sample_path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples",
                                                   "sample", "article.json", NULL);
  g_autofree char *out_dir = g_build_filename (root, "out", NULL);
  g_autofree char *output_path = g_build_filename (out_dir, "story.xml", NULL);
  g_autofree char *outside_path = g_build_filename (root, "out", "evil.png", NULL);
  g_autoptr (GFile) sample_file = g_file_new_for_path (sample_path);
  g_autoptr (GFile) output = g_file_new_for_path (output_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) sample = NULL;
  g_autoptr (CdArticle) back = NULL;
  g_autoptr (CdArticle) hostile = NULL;
  g_autoptr (GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_auto (GStrv) media = NULL;
  CdImportFormat format;

  sample = cd_document_load (sample_file, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_assert_true (cd_nitf_export (sample, output, &error));
  g_assert_no_error (error);

  /* The pictures come back from media/ beside the file, byte for byte. */
  media = cd_article_list_media (sample);
  g_assert_cmpuint (g_strv_length (media), >, 0);
  back = cd_import_load_with_format (output, &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, CD_IMPORT_FORMAT_NITF);
  g_assert_cmpstr (cd_article_get_headline (back), ==, cd_article_get_headline (sample));
  assert_same_pictures (sample, back);

  /* A media name from the story never leaves the folder: only figures
   * with plain names are published. */
  hostile = cd_article_new ();
  cd_article_set_media (hostile, "media/../evil.png", png);
  {
    g_autoptr (CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);

    cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/../evil.png");
    cd_article_append_block (hostile, figure);
  }
  g_assert_true (cd_nitf_export (hostile, output, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (outside_path, G_FILE_TEST_EXISTS));

  cd_test_remove_tree (root);
}

/* Two stories exported into one folder, and a photo already there with
 * a story's own name for it: nothing is overwritten, and each file
 * reads back with its own pictures. */
static void
test_export_never_overwrites (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *first_path = g_build_filename (root, "first.xml", NULL);
  g_autofree char *second_path = g_build_filename (root, "second.xml", NULL);
  g_autofree char *original_path = g_build_filename (root, "media", "image.png", NULL);
  g_autoptr (GFile) first_file = g_file_new_for_path (first_path);
  g_autoptr (GFile) second_file = g_file_new_for_path (second_path);
  g_autoptr (CdArticle) first = story_with_picture (1);
  g_autoptr (CdArticle) second = story_with_picture (2);
  g_autoptr (CdArticle) first_back = NULL;
  g_autoptr (CdArticle) second_back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *published = NULL;
  g_autofree char *planted = NULL;
  gsize length;

  /* The photo the user keeps beside the stories, under the very name
   * both stories use inside. */
  write_file (root, "media/image.png", "the user's own photo", 20);

  g_assert_true (cd_nitf_export (first, first_file, &error));
  g_assert_no_error (error);
  g_assert_true (cd_nitf_export (second, second_file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (original_path, &original, &length, NULL));
  g_assert_cmpmem (original, length, "the user's own photo", 20);

  first_back = cd_import_load (first_file, &error);
  g_assert_no_error (error);
  second_back = cd_import_load (second_file, &error);
  g_assert_no_error (error);
  assert_same_pictures (first, first_back);
  assert_same_pictures (second, second_back);

  /* Exporting again writes the same names and changes nothing. */
  g_assert_true (cd_nitf_export (first, first_file, &error));
  g_assert_no_error (error);

  /* A different file under the published name is left alone, and the
   * export fails saying so. */
  published = g_strdup (cd_block_get_field (cd_article_get_lead (first_back), CD_BLOCK_FIELD_SRC));
  planted = g_build_filename (root, published, NULL);
  g_assert_true (g_file_set_contents (planted, "someone else's", 14, NULL));
  g_assert_false (cd_nitf_export (first, first_file, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "a different file of that name is already there"));
  {
    g_autofree char *kept = NULL;

    g_assert_true (g_file_get_contents (planted, &kept, &length, NULL));
    g_assert_cmpmem (kept, length, "someone else's", 14);
  }

  cd_test_remove_tree (root);
}

static void
test_lead_detection (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) first = read_string ("<nitf><body><body.content>"
                                             "<media media-type=\"image\"><media-caption>Top</media-caption></media>"
                                             "<p>Text</p>"
                                             "<media media-type=\"image\"><media-caption>Later</media-caption></media>"
                                             "</body.content></body></nitf>", NULL, &error);
  g_autoptr (CdArticle) marked = read_string ("<nitf><body><body.content>"
                                              "<media class=\"figure\" media-type=\"image\"><media-caption>Body</media-caption></media>"
                                              "<p>Text</p>"
                                              "<media class=\"lead\" media-type=\"image\"><media-caption>Lead</media-caption></media>"
                                              "</body.content></body></nitf>", NULL, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (first), CD_BLOCK_FIELD_CAPTION), ==, "Top");
  g_assert_cmpuint (cd_article_get_n_blocks (first), ==, 2);
  g_assert_cmpstr (cd_block_get_field (block_at (first, 1), CD_BLOCK_FIELD_CAPTION), ==, "Later");

  /* When a file marks its lead, only that one is. */
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (marked), CD_BLOCK_FIELD_CAPTION), ==, "Lead");
  g_assert_cmpuint (cd_article_get_n_blocks (marked), ==, 2);
  g_assert_cmpstr (cd_block_get_field (block_at (marked, 0), CD_BLOCK_FIELD_CAPTION), ==, "Body");
}

/* A dateline's date is kept only when it names a real day, by the same
 * rule article.json's reader applies: 29 February in a leap year only,
 * and no year 0. */
static void
test_read_story_date (void)
{
  static const struct
  {
    const char *norm;
    const char *expected;
  } cases[] = {
    { "20240229", "2024-02-29" },
    { "2024-02-29T10:00:00Z", "2024-02-29" },
    { "20230229", NULL },
    { "2023-02-29", NULL },
    { "20231301", NULL },
    { "00000101", NULL },
    { "2023", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *xml = g_strdup_printf ("<nitf><body><body.head><dateline>"
                                              "<location>CARDIFF</location>, "
                                              "<story.date norm=\"%s\"></story.date>"
                                              "</dateline></body.head><body.content><p>Text</p>"
                                              "</body.content></body></nitf>",
                                              cases[i].norm);
      g_autoptr (CdArticle) article = read_string (xml, NULL, &error);
      const CdDateline *dateline;

      g_assert_no_error (error);
      dateline = cd_article_get_dateline (article);
      g_assert_nonnull (dateline);
      g_assert_cmpstr (dateline->date != NULL && *dateline->date != '\0' ? dateline->date : NULL,
                       ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/nitf/write-structure", test_write_structure);
  g_test_add_func ("/core/nitf/write-status", test_write_status);
  g_test_add_func ("/core/nitf/write-validates", test_write_validates);
  g_test_add_func ("/core/nitf/roundtrip", test_roundtrip);
  g_test_add_func ("/core/nitf/read-3.6-namespace", test_read_nitf_36);
  g_test_add_func ("/core/nitf/read-without-folder", test_read_without_folder);
  g_test_add_func ("/core/nitf/read-2.5-no-namespace", test_read_nitf_25);
  g_test_add_func ("/core/nitf/read-latin1", test_read_latin1);
  g_test_add_func ("/core/nitf/read-undeclared-encoding", test_read_undeclared_encoding);
  g_test_add_func ("/core/nitf/read-newsml", test_read_newsml);
  g_test_add_func ("/core/nitf/read-iptc-newsml-g2", test_read_iptc_newsml_g2);
  g_test_add_func ("/core/nitf/read-errors", test_read_errors);
  g_test_add_func ("/core/nitf/read-story-date", test_read_story_date);
  g_test_add_func ("/core/nitf/read-too-large", test_read_too_large);
  g_test_add_func ("/core/nitf/no-entity-expansion", test_no_entity_expansion);
  g_test_add_func ("/core/nitf/billion-laughs", test_billion_laughs);
  g_test_add_func ("/core/nitf/read-error-printable", test_read_error_printable);
  g_test_add_func ("/core/nitf/entity-budget", test_entity_budget);
  g_test_add_func ("/core/nitf/deep-markup", test_deep_markup);
  g_test_add_func ("/core/nitf/media-stays-in-folder", test_media_stays_in_folder);
  g_test_add_func ("/core/nitf/export", test_export);
  g_test_add_func ("/core/nitf/export-never-overwrites", test_export_never_overwrites);
  g_test_add_func ("/core/nitf/lead-detection", test_lead_detection);

  return g_test_run ();
}
