/* test-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-html"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "copydesk-core.h"
#include "cd-json-private.h"
#include "cd-test-utils.h"

#define PAYLOAD         "\"><script>alert(1)</script>&'"
#define PAYLOAD_ESCAPED "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;"
/* PAYLOAD as written inside a URL: what browsers would percent-encode is. */
#define PAYLOAD_IN_URL  "%22%3E%3Cscript%3Ealert(1)%3C/script%3E&'"

static const guchar png_bytes[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
  0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
};
/* SOI, then a start of frame of 1 × 1. */
static const guchar jpeg_bytes[] = {
  0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
};

static CdBlock *
text_block (CdBlockType  type,
            const char  *id,
            const char  *text)
{
  CdBlock *block = cd_block_new (type);

  cd_block_set_id (block, id);
  if (text != NULL)
    cd_block_set_text (block, text);
  return block;
}

static void
append_block (CdArticle *article,
              CdBlock   *block)
{
  cd_article_append_block (article, block);
  g_object_unref (block);
}

static void
add_mark (CdBlock    *block,
          CdMarkType  type,
          guint       start,
          guint       end,
          const char *href)
{
  g_autoptr(GPtrArray) marks = cd_marks_copy (cd_block_get_marks (block));

  g_ptr_array_add (marks, cd_mark_new (type, start, end, href));
  cd_block_set_marks (block, marks);
}

static CdBlock *
figure_block (const char *id,
              const char *src,
              const char *alt,
              const char *caption,
              const char *credit)
{
  CdBlock *block = text_block (CD_BLOCK_FIGURE, id, NULL);

  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt);
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption);
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, credit);
  return block;
}

static CdBlock *
embed_block (const char *id,
             const char *provider,
             const char *url,
             const char *author,
             const char *handle,
             const char *text,
             const char *date,
             const char *lang)
{
  CdBlock *block = text_block (CD_BLOCK_EMBED, id, NULL);

  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "post");
  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, author);
  cd_block_set_field (block, CD_BLOCK_FIELD_HANDLE, handle);
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, text);
  cd_block_set_field (block, CD_BLOCK_FIELD_DATE, date);
  if (lang != NULL)
    cd_block_set_field (block, CD_BLOCK_FIELD_LANG, lang);
  return block;
}

static void
set_bylines (CdArticle  *article,
             const char *first_name,
             ...)
{
  g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *title = va_arg (args, const char *);

      g_ptr_array_add (bylines, cd_byline_new (name, title));
      name = va_arg (args, const char *);
    }
  va_end (args);

  cd_article_set_bylines (article, bylines);
}

static void
set_dateline (CdArticle  *article,
              const char *place,
              const char *source,
              const char *date)
{
  g_autoptr(CdDateline) dateline = cd_dateline_new (place, source, date);

  cd_article_set_dateline (article, dateline);
}

static char *
write_with (CdArticle   *article,
            CdHtmlMode   mode,
            CdEmbedMode  embeds)
{
  CdHtmlOptions options;

  cd_html_options_init (&options);
  options.mode = mode;
  options.embeds = embeds;
  return cd_html_write (article, &options);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* An all-blocks story as a reporter would file it. */
static CdArticle *
make_full_story (void)
{
  CdArticle *article = cd_article_new ();
  const char * const keywords[] = { "Porthaven", "ferries", NULL };
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(CdBlock) lead = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  CdListItem *item;
  CdBlock *block;

  cd_article_set_headline (article, "Night ferry to Gull Island to sail from next month");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "Electric catamaran ends a 20-year gap");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "porthaven-night-ferry");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "Local");
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "2024-05-14T08:12:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, "Desk only");
  cd_article_set_keywords (article, keywords);
  set_bylines (article, "Maren Talbot", "Transport correspondent", "Idris Okafor", NULL, NULL);
  set_dateline (article, "PORTHAVEN", "Reuters", "2024-05-14");

  cd_article_set_media (article, "media/harbour.png", png);
  lead = figure_block ("lead", "media/harbour.png", "A ferry at dusk", "The Moonrunner on trial.", "Illustration: Copydesk");
  cd_block_set_size (lead, 640, 360);
  cd_article_set_lead (article, lead);

  block = text_block (CD_BLOCK_PARAGRAPH, "p1", "A late-night ferry will link the Old Quay with Gull Island.");
  add_mark (block, CD_MARK_STRONG, 2, 17, NULL);
  add_mark (block, CD_MARK_EM, 10, 30, NULL);
  add_mark (block, CD_MARK_LINK, 20, 40, "https://harbour.example/ferry?a=1&b=2");
  append_block (article, block);

  append_block (article, text_block (CD_BLOCK_HEADING, "h1", "Fares and times"));
  block = text_block (CD_BLOCK_HEADING, "h2", "Sundays");
  cd_block_set_level (block, 3);
  append_block (article, block);

  block = text_block (CD_BLOCK_PARAGRAPH, "p2", "قالت الهيئة إن العبارة ستبحر ليلاً.");
  append_block (article, block);

  block = text_block (CD_BLOCK_QUOTE, "q1", "We have waited twenty years for this boat.");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Ana Reyes, islander");
  add_mark (block, CD_MARK_EM, 3, 7, NULL);
  append_block (article, block);
  append_block (article, text_block (CD_BLOCK_QUOTE, "q2", "No attribution here."));

  block = text_block (CD_BLOCK_PULLQUOTE, "pq1", "The last boat home is back.");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Harbour board");
  append_block (article, block);

  item = cd_list_item_new ("Fridays: every 40 minutes");
  g_ptr_array_add (item->marks, cd_mark_new (CD_MARK_STRONG, 0, 8, NULL));
  g_ptr_array_add (items, item);
  g_ptr_array_add (items, cd_list_item_new ("Saturdays: every 40 minutes"));
  block = text_block (CD_BLOCK_LIST, "l1", NULL);
  cd_block_set_items (block, items);
  append_block (article, block);
  block = text_block (CD_BLOCK_LIST, "l2", NULL);
  cd_block_set_ordered (block, TRUE);
  cd_block_set_items (block, items);
  append_block (article, block);

  block = figure_block ("f1", "https://images.example/quay photo.jpg", "The Old Quay", "The quay.", "Photo: Jane Roe");
  cd_block_set_size (block, 1200, 800);
  append_block (article, block);
  append_block (article, figure_block ("f2", "file:///etc/passwd", "Nothing", "A caption without an image.", ""));
  append_block (article, figure_block ("f3", "media/missing one.png", "", "", "Photo: Desk"));

  append_block (article, text_block (CD_BLOCK_DIVIDER, "d1", NULL));

  append_block (article, embed_block ("e1", "x", "https://x.com/porthaven/status/1790000000000000001",
                                      "Porthaven Harbour", "@porthaven", "Trial crossing tonight!\nSee you on the quay.",
                                      "2024-05-13T19:00:00Z", "en"));
  append_block (article, embed_block ("e2", "x", "https://twitter.com/gullisland/status/1790000000000000002",
                                      "Gull Island", "@gullisland", "¡Por fin!", "2024-05-13", "es"));
  block = embed_block ("e3", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                       "Harbour TV", "", "The crossing in two minutes.", "", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "video");
  cd_block_set_field (block, CD_BLOCK_FIELD_TITLE, "Moonrunner trial crossing");
  append_block (article, block);
  append_block (article, embed_block ("e4", "instagram", "https://www.instagram.com/p/C6abcDEF123/",
                                      "Porthaven", "@porthaven.city", "Lights on the water.", "2024-05-12", NULL));
  append_block (article, embed_block ("e5", "tiktok", "https://www.tiktok.com/@porthaven/video/7368000000000000000",
                                      "Porthaven", "@porthaven", "Ride along.", "", NULL));
  append_block (article, embed_block ("e6", "bluesky", "https://bsky.app/profile/porthaven.bsky.social/post/3kabcdefghi2x",
                                      "Porthaven", "@porthaven.bsky.social", "Timetable out now.", "2024-05-14", NULL));
  append_block (article, embed_block ("e7", "mastodon", "https://mastodon.social/@porthaven/112345678901234567",
                                      "Porthaven", "@porthaven@mastodon.social", "Toot toot.", "2024-05-14", NULL));
  append_block (article, embed_block ("e8", "link", "https://harbour.example/timetable",
                                      "", "", "Full timetable", "", NULL));
  append_block (article, embed_block ("e9", "x", "http://x.com/porthaven/status/1", "Insecure", "", "Not linked.", "", NULL));
  append_block (article, embed_block ("e10", "facebook", "https://www.facebook.com/PorthavenHarbour/posts/1234567890123456",
                                      "Porthaven Harbour Board", "", "Consultation open.", "2024-05-14", "en"));
  block = embed_block ("e11", "facebook", "https://www.facebook.com/PorthavenHarbour/videos/1234567890123457/",
                       "Porthaven Harbour Board", "", "Night crossing film.", "", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "video");
  append_block (article, block);
  append_block (article, embed_block ("e12", "threads", "https://www.threads.net/@porthaven/post/C6abcDEF123",
                                      "Porthaven", "@porthaven", "Boarding from the Old Quay.", "2024-05-14", NULL));

  append_block (article, text_block (CD_BLOCK_PARAGRAPH, "p3", ""));

  return article;
}

static void
test_escape (void)
{
  struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "" },
    { "plain text", "plain text" },
    { "&<>\"'", "&amp;&lt;&gt;&quot;&#39;" },
    { PAYLOAD, PAYLOAD_ESCAPED },
    { "&amp;", "&amp;amp;" },
    { "tab\tnew\nline", "tab\tnew\nline" },
    { "a\x01" "b\x08" "c\x0b" "d\x0c" "e\r" "f\x1f" "g\x7f" "h", "abcdefgh" },
    { "c1\xc2\x80\xc2\x9f.", "c1." },
    { "nonchar\xef\xb7\x90\xef\xb7\xaf\xef\xbf\xbe\xef\xbf\xbf\xf0\x9f\xbf\xbe\xf4\x8f\xbf\xbf.", "nonchar." },
    { "bad\xff" "byte\xc3", "badbyte" },
    { "overlong\xc0\xaf.", "overlong." },
    { "surrogate\xed\xa0\x80.", "surrogate." },
    { "Zürich — 日本 😀 \xef\xbf\xbd", "Zürich — 日本 😀 \xef\xbf\xbd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = cd_html_escape (cases[i].in);
      g_autoptr(GString) appended = g_string_new ("x");

      g_assert_cmpstr (escaped, ==, cases[i].out);
      g_assert_true (g_utf8_validate (escaped, -1, NULL));

      cd_html_append_escaped (appended, cases[i].in);
      g_assert_cmpstr (appended->str + 1, ==, cases[i].out);
    }
}

static htmlDocPtr
parse_html (const char *html)
{
  htmlDocPtr doc = htmlReadMemory (html, (int) strlen (html), NULL, "UTF-8",
                                   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static xmlXPathObjectPtr
xpath (xmlDocPtr   doc,
       const char *expression)
{
  xmlXPathContextPtr context = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expression, context);

  xmlXPathFreeContext (context);
  g_assert_nonnull (result);
  return result;
}

static char *
xpath_string (xmlDocPtr   doc,
              const char *expression)
{
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expression);
  xmlXPathObjectPtr result = xpath (doc, wrapped);
  char *value = g_strdup ((const char *) result->stringval);

  xmlXPathFreeObject (result);
  return value;
}

static int
xpath_count (xmlDocPtr   doc,
             const char *expression)
{
  xmlXPathObjectPtr result = xpath (doc, expression);
  int n = result->nodesetval != NULL ? result->nodesetval->nodeNr : 0;

  xmlXPathFreeObject (result);
  return n;
}

#define assert_xpath_string(doc, expression, expected) \
  G_STMT_START { \
    g_autofree char *value_ = xpath_string (doc, expression); \
    g_assert_cmpstr (value_, ==, expected); \
  } G_STMT_END

/* No markup breaks out of a value: every attribute in the document is one
 * the writer writes. An injected attribute (onerror=…) would show here. */
static void
assert_known_attributes (xmlNodePtr node)
{
  static const char * const known[] = {
    "lang", "class", "data-block-id", "dir", "href", "rel", "src", "alt", "width",
    "height", "loading", "datetime", "cite", "charset", "name", "content", "property",
    "title", "allow", "referrerpolicy", "allowfullscreen", "async", "data-instgrm-permalink",
    "data-instgrm-version", "data-video-id", "data-bluesky-uri",
    "data-bluesky-embed-color-mode", "type", NULL
  };

  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
        {
          if (!g_strv_contains (known, (const char *) attr->name))
            g_error ("unexpected attribute %s on <%s>", attr->name, node->name);
        }
      assert_known_attributes (node->children);
    }
}

static CdArticle *
make_payload_story (void)
{
  CdArticle *article = cd_article_new ();
  const char * const keywords[] = { "kw" PAYLOAD, "second", NULL };
  g_autoptr(CdBlock) lead = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  CdBlock *block;

  cd_article_set_headline (article, "headline" PAYLOAD);
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "dek" PAYLOAD);
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "slug" PAYLOAD);
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "section" PAYLOAD);
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "en" PAYLOAD);
  cd_article_set_keywords (article, keywords);
  set_bylines (article, "name" PAYLOAD, "title" PAYLOAD, NULL);
  set_dateline (article, "place" PAYLOAD, "source" PAYLOAD, "2019-06-04");

  lead = figure_block ("lead" PAYLOAD, "https://img.example/a" PAYLOAD, "leadalt" PAYLOAD, "", "");
  cd_article_set_lead (article, lead);

  block = text_block (CD_BLOCK_PARAGRAPH, "p" PAYLOAD, "text" PAYLOAD);
  add_mark (block, CD_MARK_LINK, 0, 4, "https://e.example/?q=" PAYLOAD);
  append_block (article, block);

  block = text_block (CD_BLOCK_HEADING, "h", "heading" PAYLOAD);
  append_block (article, block);

  block = text_block (CD_BLOCK_QUOTE, "q", "quote" PAYLOAD);
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "qattr" PAYLOAD);
  append_block (article, block);

  block = text_block (CD_BLOCK_PULLQUOTE, "pq", "pull" PAYLOAD);
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "pattr" PAYLOAD);
  append_block (article, block);

  g_ptr_array_add (items, cd_list_item_new ("item" PAYLOAD));
  block = text_block (CD_BLOCK_LIST, "l", NULL);
  cd_block_set_items (block, items);
  append_block (article, block);

  /* A media name holds no "/", so the payload's closing tag is left out. */
  append_block (article, figure_block ("f", "media/x\"><script>alert(1)&'", "alt" PAYLOAD, "caption" PAYLOAD, "credit" PAYLOAD));

  block = embed_block ("e", "x" PAYLOAD, "https://x.com/a/status/1" PAYLOAD,
                       "author" PAYLOAD, "handle" PAYLOAD, "post" PAYLOAD, "date" PAYLOAD, "es" PAYLOAD);
  cd_block_set_field (block, CD_BLOCK_FIELD_TITLE, "etitle" PAYLOAD);
  append_block (article, block);

  return article;
}

static void
check_payload_output (const char *html,
                      gboolean    page)
{
  htmlDocPtr doc = parse_html (html);

  g_assert_null (strstr (html, "<script>alert"));
  g_assert_null (strstr (html, PAYLOAD));
  g_assert_nonnull (strstr (html, PAYLOAD_ESCAPED));
  /* The only script is the JSON-LD data block of a page. */
  g_assert_cmpint (xpath_count (doc, "//script[not(@type='application/ld+json')]"), ==, 0);
  g_assert_cmpint (xpath_count (doc, "//script[@type='application/ld+json']"), ==, page ? 1 : 0);
  assert_known_attributes (xmlDocGetRootElement (doc));

  assert_xpath_string (doc, "//h1", "headline" PAYLOAD);
  assert_xpath_string (doc, "//p[@class='dek']", "dek" PAYLOAD);
  assert_xpath_string (doc, "//span[@class='author']", "name" PAYLOAD);
  assert_xpath_string (doc, "//span[@class='author-title']", "title" PAYLOAD);
  assert_xpath_string (doc, "//span[@class='dateline']", "place" PAYLOAD " (source" PAYLOAD ")");
  assert_xpath_string (doc, "//p[span[@class='dateline']]", "place" PAYLOAD " (source" PAYLOAD ") — text" PAYLOAD);
  assert_xpath_string (doc, "//p[span[@class='dateline']]/@data-block-id", "p" PAYLOAD);
  assert_xpath_string (doc, "//p[span[@class='dateline']]/a/@href",
                       "https://e.example/?q=" PAYLOAD_IN_URL);
  assert_xpath_string (doc, "//p[span[@class='dateline']]/a", "text");
  assert_xpath_string (doc, "//h2", "heading" PAYLOAD);
  assert_xpath_string (doc, "//blockquote[@data-block-id='q']/p", "quote" PAYLOAD);
  assert_xpath_string (doc, "//blockquote[@data-block-id='q']//cite", "qattr" PAYLOAD);
  assert_xpath_string (doc, "//*[@data-block-id='pq']/p[1]", "pull" PAYLOAD);
  assert_xpath_string (doc, "//*[@data-block-id='pq']/p[2]", "pattr" PAYLOAD);
  assert_xpath_string (doc, "//li", "item" PAYLOAD);

  assert_xpath_string (doc, "//figure[@class='lead']/@data-block-id", "lead" PAYLOAD);
  assert_xpath_string (doc, "//figure[@class='lead']/img/@src",
                       "https://img.example/a" PAYLOAD_IN_URL);
  assert_xpath_string (doc, "//figure[@class='lead']/img/@alt", "leadalt" PAYLOAD);
  assert_xpath_string (doc, "//figure[@data-block-id='f']/img/@src",
                       "media/x%22%3E%3Cscript%3Ealert%281%29%26%27");
  assert_xpath_string (doc, "//figure[@data-block-id='f']/img/@alt", "alt" PAYLOAD);
  assert_xpath_string (doc, "//figure[@data-block-id='f']/figcaption",
                       "caption" PAYLOAD " credit" PAYLOAD);
  assert_xpath_string (doc, "//figure[@data-block-id='f']//span[@class='credit']", "credit" PAYLOAD);

  /* The class names what the URL was detected as, not the stored
   * provider (this URL's path is no X post). */
  assert_xpath_string (doc, "//figure[@data-block-id='e']/@class", "embed embed-link");
  assert_xpath_string (doc, "//span[@class='embed-author']", "author" PAYLOAD);
  assert_xpath_string (doc, "//span[@class='embed-handle']", "handle" PAYLOAD);
  assert_xpath_string (doc, "//p[@class='embed-text']", "post" PAYLOAD);
  assert_xpath_string (doc, "//p[@class='embed-title']", "etitle" PAYLOAD);
  assert_xpath_string (doc, "//figure[@data-block-id='e']/blockquote/@cite",
                       "https://x.com/a/status/1" PAYLOAD_IN_URL);
  assert_xpath_string (doc, "//figure[@data-block-id='e']//a/@href",
                       "https://x.com/a/status/1" PAYLOAD_IN_URL);
  assert_xpath_string (doc, "//figure[@data-block-id='e']//a", "date" PAYLOAD);
  /* Neither value is a language tag, so neither is written. */
  g_assert_cmpint (xpath_count (doc, "//*[@lang]"), ==, 0);

  if (page)
    {
      assert_xpath_string (doc, "//title", "headline" PAYLOAD);
      assert_xpath_string (doc, "//meta[@name='description']/@content", "dek" PAYLOAD);
      assert_xpath_string (doc, "//meta[@property='og:title']/@content", "headline" PAYLOAD);
      assert_xpath_string (doc, "//meta[@property='og:description']/@content", "dek" PAYLOAD);
      assert_xpath_string (doc, "//meta[@property='article:section']/@content", "section" PAYLOAD);
      assert_xpath_string (doc, "//meta[@property='article:tag'][1]/@content", "kw" PAYLOAD);
      assert_xpath_string (doc, "//meta[@property='og:image']/@content",
                           "https://img.example/a" PAYLOAD_IN_URL);
      assert_xpath_string (doc, "//meta[@property='og:image:alt']/@content", "leadalt" PAYLOAD);
      assert_xpath_string (doc, "//meta[@name='keywords']/@content", "kw" PAYLOAD ", second");
      assert_xpath_string (doc, "//link[@rel='canonical']/@href",
                           "https://news.example/world/slug%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%26%27");
      assert_xpath_string (doc, "//meta[@property='og:url']/@content",
                           "https://news.example/world/slug%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%26%27");
    }

  xmlFreeDoc (doc);
}

static void
test_escape_fields (void)
{
  g_autoptr(CdArticle) article = make_payload_story ();
  CdHtmlOptions options;

  cd_html_options_init (&options);
  options.base_url = "https://news.example/world/";

  for (guint mode = CD_HTML_PAGE; mode <= CD_HTML_FRAGMENT; mode++)
    {
      g_autofree char *html = NULL;

      options.mode = mode;
      html = cd_html_write (article, &options);
      check_payload_output (html, mode == CD_HTML_PAGE);
    }

  /* The provider is not a real one, so official mode keeps the card. */
  options.embeds = CD_EMBEDS_OFFICIAL;
  options.mode = CD_HTML_PAGE;
  {
    g_autofree char *html = cd_html_write (article, &options);

    check_payload_output (html, TRUE);
  }
}

static void
test_escape_official (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autofree char *html = NULL;
  htmlDocPtr doc;

  append_block (article, embed_block ("x", "x", "https://x.com/jane/status/12345",
                                      "author" PAYLOAD, "handle" PAYLOAD, "post" PAYLOAD, "date" PAYLOAD, NULL));
  append_block (article, embed_block ("i", "instagram", "https://www.instagram.com/p/C6abcDEF123/",
                                      "author" PAYLOAD, "handle" PAYLOAD, "post" PAYLOAD, "", NULL));
  html = write_with (article, CD_HTML_FRAGMENT, CD_EMBEDS_OFFICIAL);

  g_assert_null (strstr (html, "<script>alert"));
  g_assert_null (strstr (html, PAYLOAD));
  doc = parse_html (html);
  assert_known_attributes (xmlDocGetRootElement (doc));
  assert_xpath_string (doc, "//blockquote[@class='twitter-tweet']/p", "post" PAYLOAD);
  assert_xpath_string (doc, "//blockquote[@class='twitter-tweet']/a", "date" PAYLOAD);
  assert_xpath_string (doc, "//blockquote[@class='instagram-media']/p", "post" PAYLOAD);
  g_assert_cmpint (xpath_count (doc, "//script"), ==, 2);
  xmlFreeDoc (doc);
}

static void
test_link_schemes (void)
{
  const char *refused[] = {
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "",
    /* A user name before the host, or a backslash: the link shows one
     * site and opens another. */
    "https://x.com@evil.example/",
    "HTTPS://X.COM@evil.example/",
    "http://user:pass@evil.example/",
    "https:x.com@evil.example/",
    "https:///x.com@evil.example/",
    "https://x.com\n@evil.example/",
    "https://evil.example\\@x.com/",
    "https://evil.example\\x.com/",
    "mailto:desk@example.org\\",
  };
  const struct
  {
    const char *href;
    const char *written;
  } kept[] = {
    { "https://ok.example/a?b=1&c=2", "href=\"https://ok.example/a?b=1&amp;c=2\" rel=\"noopener\"" },
    { "http://ok.example/", "href=\"http://ok.example/\" rel=\"noopener\"" },
    { "HTTPS://OK.example/", "href=\"HTTPS://OK.example/\" rel=\"noopener\"" },
    { "mailto:desk@example.org", "href=\"mailto:desk@example.org\" rel=\"noopener\"" },
    { "https://ok.example/a b", "href=\"https://ok.example/a%20b\" rel=\"noopener\"" },
    /* An "@" after the host is part of the path or query. */
    { "https://ok.example/@desk/1?to=a@b", "href=\"https://ok.example/@desk/1?to=a@b\" rel=\"noopener\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(CdArticle) article = cd_article_new ();
      CdBlock *block = text_block (CD_BLOCK_PARAGRAPH, "p", "Click here please");
      g_autofree char *html = NULL;
      g_autofree char *markup = NULL;

      add_mark (block, CD_MARK_LINK, 6, 10, refused[i]);
      add_mark (block, CD_MARK_STRONG, 0, 5, NULL);
      append_block (article, block);

      markup = cd_html_write_block (article, block, NULL);
      g_assert_cmpstr (markup, ==, "<p data-block-id=\"p\" dir=\"auto\"><strong>Click</strong> here please</p>");

      html = write_with (article, CD_HTML_PAGE, CD_EMBEDS_STATIC);
      g_assert_null (strstr (html, "<a "));
      g_assert_null (strstr (html, "href"));
      g_assert_null (g_strstr_len (html, -1, "script:"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autoptr(CdArticle) article = cd_article_new ();
      CdBlock *block = text_block (CD_BLOCK_PARAGRAPH, "p", "Click here please");
      g_autofree char *markup = NULL;
      g_autofree char *expected = NULL;

      add_mark (block, CD_MARK_LINK, 6, 10, kept[i].href);
      append_block (article, block);

      markup = cd_html_write_block (article, block, NULL);
      expected = g_strdup_printf ("<p data-block-id=\"p\" dir=\"auto\">Click <a %s>here</a> please</p>",
                                  kept[i].written);
      g_assert_cmpstr (markup, ==, expected);
    }
}

static void
test_private_fields (void)
{
  g_autoptr(CdArticle) article = make_full_story ();

  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, "DESK-NOTE-7f3a9c must never leave the desk");
  cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, "approved");
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2031-02-03T04:05:06Z");

  for (guint mode = CD_HTML_PAGE; mode <= CD_HTML_FRAGMENT; mode++)
    for (guint embeds = CD_EMBEDS_STATIC; embeds <= CD_EMBEDS_OFFICIAL; embeds++)
      {
        g_autofree char *html = write_with (article, mode, embeds);

        g_assert_null (strstr (html, "DESK-NOTE-7f3a9c"));
        g_assert_null (strstr (html, "approved"));
        g_assert_null (strstr (html, "2031"));
        g_assert_null (strstr (html, "Desk only"));
      }
}

static void
test_block_ids (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  guint n = cd_article_get_n_blocks (article);

  for (guint embeds = CD_EMBEDS_STATIC; embeds <= CD_EMBEDS_OFFICIAL; embeds++)
    {
      g_autofree char *html = write_with (article, CD_HTML_FRAGMENT, embeds);
      htmlDocPtr doc = parse_html (html);
      xmlXPathObjectPtr children = xpath (doc, "//article/*[not(self::script) and not(@id='fb-root')]");
      xmlNodeSetPtr nodes = children->nodesetval;

      /* header, lead, then every body block in order, one element each */
      g_assert_cmpint (nodes->nodeNr, ==, (int) n + 2);
      for (int i = 0; i < nodes->nodeNr; i++)
        {
          g_autofree char *id = (char *) xmlGetProp (nodes->nodeTab[i], (const xmlChar *) "data-block-id");
          const char *expected;

          if (i == 0)
            expected = "header";
          else if (i == 1)
            expected = "lead";
          else
            expected = cd_block_get_id (cd_article_get_block (article, i - 2));

          g_assert_cmpstr (id, ==, expected);
        }

      xmlXPathFreeObject (children);
      xmlFreeDoc (doc);
    }
}

static void
test_dateline (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *second = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *html = NULL;

  append_block (article, text_block (CD_BLOCK_HEADING, "h", "Heading first"));
  append_block (article, text_block (CD_BLOCK_PARAGRAPH, "p1", "The board said."));
  append_block (article, text_block (CD_BLOCK_PARAGRAPH, "p2", "Later text."));
  paragraph = g_object_ref (cd_article_get_block (article, 1));

  /* No dateline: nothing added. */
  markup = cd_html_write_block (article, paragraph, NULL);
  g_assert_cmpstr (markup, ==, "<p data-block-id=\"p1\" dir=\"auto\">The board said.</p>");
  g_clear_pointer (&markup, g_free);

  set_dateline (article, "WASHINGTON", "", "2019-06-04");
  markup = cd_html_write_block (article, paragraph, NULL);
  g_assert_cmpstr (markup, ==,
                   "<p data-block-id=\"p1\" dir=\"auto\"><span class=\"dateline\">WASHINGTON</span> — The board said.</p>");
  g_clear_pointer (&markup, g_free);

  set_dateline (article, "WASHINGTON", "Reuters", "2019-06-04");
  markup = cd_html_write_block (article, paragraph, NULL);
  g_assert_cmpstr (markup, ==,
                   "<p data-block-id=\"p1\" dir=\"auto\"><span class=\"dateline\">WASHINGTON (Reuters)</span> — The board said.</p>");
  g_clear_pointer (&markup, g_free);

  /* A source alone still opens the story, as wire copy does. */
  set_dateline (article, "", "AP", NULL);
  markup = cd_html_write_block (article, paragraph, NULL);
  g_assert_cmpstr (markup, ==,
                   "<p data-block-id=\"p1\" dir=\"auto\"><span class=\"dateline\">(AP)</span> — The board said.</p>");

  /* Only the first paragraph carries it, never a heading. */
  second = cd_html_write_block (article, cd_article_get_block (article, 2), NULL);
  g_assert_cmpstr (second, ==, "<p data-block-id=\"p2\" dir=\"auto\">Later text.</p>");
  heading = cd_html_write_block (article, cd_article_get_block (article, 0), NULL);
  g_assert_cmpstr (heading, ==, "<h2 data-block-id=\"h\" dir=\"auto\">Heading first</h2>");

  html = write_with (article, CD_HTML_PAGE, CD_EMBEDS_STATIC);
  g_assert_cmpuint (count_occurrences (html, "class=\"dateline\""), ==, 1);
  g_assert_nonnull (strstr (html, markup));

  /* Marks keep their offsets in the text, after the dateline. */
  add_mark (paragraph, CD_MARK_STRONG, 4, 9, NULL);
  g_clear_pointer (&markup, g_free);
  markup = cd_html_write_block (article, paragraph, NULL);
  g_assert_cmpstr (markup, ==,
                   "<p data-block-id=\"p1\" dir=\"auto\"><span class=\"dateline\">(AP)</span> — The <strong>board</strong> said.</p>");
}

/* Checks that a block's markup is well-formed XML (so its elements nest)
 * and that every character carries exactly the marks that cover it. */
typedef struct
{
  guint strong;
  guint em;
  char  href[64];
} CharMarks;

static void
collect_marks (xmlNodePtr  node,
               CharMarks   current,
               GArray     *chars)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE)
        {
          const char *text = (const char *) node->content;

          for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
            g_array_append_val (chars, current);
        }
      else if (node->type == XML_ELEMENT_NODE)
        {
          CharMarks inner = current;
          const char *name = (const char *) node->name;

          if (strcmp (name, "strong") == 0)
            inner.strong++;
          else if (strcmp (name, "em") == 0)
            inner.em++;
          else if (strcmp (name, "a") == 0)
            {
              g_autofree char *href = (char *) xmlGetProp (node, (const xmlChar *) "href");

              g_assert_cmpstr (inner.href, ==, "");
              g_strlcpy (inner.href, href, sizeof inner.href);
            }
          else
            g_error ("unexpected <%s> in marked text", name);

          collect_marks (node->children, inner, chars);
        }
    }
}

static void
assert_marks_render (const char *text,
                     GPtrArray  *marks,
                     const char *expected_markup)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  CdBlock *block = text_block (CD_BLOCK_HEADING, "b", text);
  g_autofree char *markup = NULL;
  g_autoptr(GArray) chars = g_array_new (FALSE, TRUE, sizeof (CharMarks));
  guint n_chars = g_utf8_strlen (text, -1);
  xmlDocPtr doc;

  cd_block_set_marks (block, marks);
  append_block (article, block);
  markup = cd_html_write_block (article, block, NULL);
  if (expected_markup != NULL)
    g_assert_cmpstr (markup, ==, expected_markup);

  doc = xmlReadMemory (markup, (int) strlen (markup), NULL, "UTF-8", XML_PARSE_NONET);
  g_assert_nonnull (doc);
  collect_marks (xmlDocGetRootElement (doc)->children, (CharMarks) { 0 }, chars);
  xmlFreeDoc (doc);

  g_assert_cmpuint (chars->len, ==, n_chars);
  for (guint i = 0; i < n_chars; i++)
    {
      const CharMarks *got = &g_array_index (chars, CharMarks, i);
      gboolean strong = FALSE, em = FALSE;
      const CdMark *link = NULL;
      const char *href;

      for (guint m = 0; m < marks->len; m++)
        {
          const CdMark *mark = g_ptr_array_index (marks, m);

          if (i < mark->start || i >= mark->end)
            continue;
          if (mark->type == CD_MARK_STRONG)
            strong = TRUE;
          else if (mark->type == CD_MARK_EM)
            em = TRUE;
          else if (cd_href_is_allowed (mark->href) &&
                   (link == NULL || mark->start < link->start ||
                    (mark->start == link->start && mark->end < link->end)))
            link = mark;
        }
      href = link != NULL ? link->href : "";

      g_assert_cmpuint (got->strong, ==, strong ? 1 : 0);
      g_assert_cmpuint (got->em, ==, em ? 1 : 0);
      g_assert_cmpstr (got->href, ==, href);
    }
}

static void
test_marks_overlap (void)
{
  g_autoptr(GPtrArray) marks = cd_marks_new ();

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 5, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 3, 8, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 2, 9, "https://e.example/"));
  assert_marks_render ("abcdefghij", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\"><strong>ab"
                       "<a href=\"https://e.example/\" rel=\"noopener\">c<em>de</em></a></strong>"
                       "<a href=\"https://e.example/\" rel=\"noopener\"><em>fgh</em>i</a>j</h2>");

  /* Same-type overlaps merge instead of nesting strong in strong. */
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 4, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 2, 6, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 6, 8, NULL));
  assert_marks_render ("abcdefghij", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\"><strong>abcdef</strong><em>gh</em>ij</h2>");

  /* Two links never nest: the earlier one wins where they overlap. */
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 4, 10, "https://two.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 6, "https://one.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 5, 7, NULL));
  assert_marks_render ("abcdefghij", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\">"
                       "<a href=\"https://one.example/\" rel=\"noopener\">abcde<em>f</em></a>"
                       "<a href=\"https://two.example/\" rel=\"noopener\"><em>g</em>hij</a></h2>");

  /* Marks sharing both ends nest without splitting; empty, inverted and
   * out-of-range marks are ignored or clamped. */
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 1, 3, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 1, 3, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 1, 3, "https://e.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 4, 4, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 5, 4, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 8, 500, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 600, 700, NULL));
  assert_marks_render ("abcdefghij", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\">a"
                       "<a href=\"https://e.example/\" rel=\"noopener\"><strong><em>bc</em></strong></a>"
                       "defgh<em>ij</em></h2>");
}

/* Touching, nested and colliding marks, alone and by the thousand: the
 * writer sweeps once over sorted boundaries, and every character must
 * still carry exactly its marks. */
static void
test_marks_adjacent_nested (void)
{
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  /* Touching marks of one kind stay one element; a link touching another
   * with a different address ends where it starts. */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 2, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 2, 4, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 3, "https://one.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 3, 6, "https://one.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 6, 8, "https://two.example/"));
  assert_marks_render ("abcdefghij", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\">"
                       "<a href=\"https://one.example/\" rel=\"noopener\"><strong>abcd</strong>ef</a>"
                       "<a href=\"https://two.example/\" rel=\"noopener\">gh</a>ij</h2>");

  /* Nested: em inside strong inside a link, and a mark inside one of its
   * own kind; links starting together: the shorter one wins, then the
   * longer one takes over. */
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 10, "https://long.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 3, "https://short.example/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 1, 9, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 3, 5, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 4, 6, NULL));
  assert_marks_render ("abcdefghij", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\">"
                       "<a href=\"https://short.example/\" rel=\"noopener\">a<strong>bc</strong></a>"
                       "<a href=\"https://long.example/\" rel=\"noopener\"><strong>d<em>ef</em>ghi</strong>j</a></h2>");

  /* Thousands of them: per word a strong mark, an em crossing into the
   * next word, a link over the word and a strong mark touching the first,
   * all under one em that spans the text. */
  g_ptr_array_set_size (marks, 0);
  for (guint i = 0; i < 500; i++)
    {
      guint start = (guint) text->len;
      g_autofree char *href = g_strdup_printf ("https://e.example/%u", i % 7);

      g_string_append_printf (text, "w%u ", i);
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, start, start + 2, NULL));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, start + 1, (guint) text->len + 1, NULL));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, start, (guint) text->len, href));
      g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, start + 2, (guint) text->len, NULL));
    }
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 0, (guint) text->len, NULL));
  assert_marks_render (text->str, marks, NULL);
}

static void
test_marks_random (void)
{
  const char *text = "Zürich 😀 naïve «café» 日本語 text";
  guint n_chars = g_utf8_strlen (text, -1);
  GRand *rand = g_rand_new_with_seed (20190604);

  /* Any combination of overlapping marks gives well-formed markup that
   * marks exactly the right characters. */
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GPtrArray) marks = cd_marks_new ();
      guint n_marks = g_rand_int_range (rand, 1, 7);

      for (guint i = 0; i < n_marks; i++)
        {
          CdMarkType type = g_rand_int_range (rand, 0, 3);
          guint start = g_rand_int_range (rand, 0, n_chars);
          guint end = g_rand_int_range (rand, start + 1, n_chars + 1);
          g_autofree char *href = g_strdup_printf ("https://e.example/%u", g_rand_int_range (rand, 0, 3));

          g_ptr_array_add (marks, cd_mark_new (type, start, end, type == CD_MARK_LINK ? href : NULL));
        }

      assert_marks_render (text, marks, NULL);
    }

  g_rand_free (rand);
}

static void
test_marks_code_points (void)
{
  g_autoptr(GPtrArray) marks = cd_marks_new ();

  /* Offsets count code points: 😀 is one, though four bytes and two
   * UTF-16 units. */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 7, 8, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 9, 14, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 6, "https://e.example/zürich"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 15, 18, NULL));
  assert_marks_render ("Zürich 😀 naïve 日本語 <&>", marks,
                       "<h2 data-block-id=\"b\" dir=\"auto\">"
                       "<a href=\"https://e.example/zürich\" rel=\"noopener\">Zürich</a> "
                       "<strong>😀</strong> <em>naïve</em> <strong>日本語</strong> &lt;&amp;&gt;</h2>");
}

static void
test_lists_and_quotes (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  struct
  {
    const char *id;
    const char *markup;
  } cases[] = {
    { "h2", "<h3 data-block-id=\"h2\" dir=\"auto\">Sundays</h3>" },
    { "q1", "<blockquote data-block-id=\"q1\"><p dir=\"auto\">We <em>have</em> waited twenty years for this boat.</p>"
            "<footer dir=\"auto\">— <cite>Ana Reyes, islander</cite></footer></blockquote>" },
    { "q2", "<blockquote data-block-id=\"q2\"><p dir=\"auto\">No attribution here.</p></blockquote>" },
    { "pq1", "<aside class=\"pullquote\" data-block-id=\"pq1\"><p dir=\"auto\">The last boat home is back.</p>"
             "<p class=\"attribution\" dir=\"auto\">Harbour board</p></aside>" },
    { "l1", "<ul data-block-id=\"l1\"><li dir=\"auto\"><strong>Fridays:</strong> every 40 minutes</li>"
            "<li dir=\"auto\">Saturdays: every 40 minutes</li></ul>" },
    { "l2", "<ol data-block-id=\"l2\"><li dir=\"auto\"><strong>Fridays:</strong> every 40 minutes</li>"
            "<li dir=\"auto\">Saturdays: every 40 minutes</li></ol>" },
    { "d1", "<hr data-block-id=\"d1\">" },
    { "f1", "<figure data-block-id=\"f1\"><img src=\"https://images.example/quay%20photo.jpg\" alt=\"The Old Quay\" "
            "width=\"1200\" height=\"800\" loading=\"lazy\"><figcaption dir=\"auto\">The quay. "
            "<span class=\"credit\">Photo: Jane Roe</span></figcaption></figure>" },
    { "p3", "<p data-block-id=\"p3\" dir=\"auto\"></p>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CdBlock *block = cd_article_find_block (article, cases[i].id, NULL);
      g_autofree char *markup = NULL;

      g_assert_nonnull (block);
      markup = cd_html_write_block (article, block, NULL);
      g_assert_cmpstr (markup, ==, cases[i].markup);
    }
}

static void
test_header (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autofree char *header = NULL;

  cd_article_set_headline (article, "UK to let Huawei help build 5G");
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "2019-06-04T09:00:00Z");
  header = cd_html_write_header (article, NULL);
  g_assert_cmpstr (header, ==,
                   "<header data-block-id=\"header\"><h1 dir=\"auto\">UK to let Huawei help build 5G</h1>"
                   "<p class=\"timestamp\"><time datetime=\"2019-06-04T09:00:00Z\">June 4, 2019</time></p></header>");
  g_clear_pointer (&header, g_free);

  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "Ministers back the advice");
  set_bylines (article, "Jane Roe", NULL, NULL);
  set_dateline (article, "LONDON", "", "2019-06-03");
  header = cd_html_write_header (article, NULL);
  g_assert_cmpstr (header, ==,
                   "<header data-block-id=\"header\"><h1 dir=\"auto\">UK to let Huawei help build 5G</h1>"
                   "<p class=\"dek\" dir=\"auto\">Ministers back the advice</p>"
                   "<p class=\"byline\" dir=\"auto\">By <span class=\"author\">Jane Roe</span></p>"
                   "<p class=\"timestamp\"><time datetime=\"2019-06-03\">June 3, 2019</time></p></header>");
  g_clear_pointer (&header, g_free);

  /* Publication wins over the dateline and keeps its own offset. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_PUBLISHED, "2019-06-05T23:30:00.123456+02:00");
  set_bylines (article, "Jane Roe", "Staff reporter", "John Doe", NULL, "", "", "Ann Lee", "Editor", NULL);
  header = cd_html_write_header (article, NULL);
  g_assert_nonnull (strstr (header,
                            "<p class=\"byline\" dir=\"auto\">By <span class=\"author\">Jane Roe</span>, "
                            "<span class=\"author-title\">Staff reporter</span>, <span class=\"author\">John Doe</span> "
                            "and <span class=\"author\">Ann Lee</span>, <span class=\"author-title\">Editor</span></p>"));
  g_assert_nonnull (strstr (header, "<time datetime=\"2019-06-05T23:30:00+02:00\">June 5, 2019</time>"));
  g_clear_pointer (&header, g_free);

  /* The story's language, not the desktop's, picks the words. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "fr-CA");
  set_bylines (article, "Jeanne Roy", NULL, "Jean Dupuis", NULL, NULL);
  header = cd_html_write_header (article, NULL);
  g_assert_nonnull (strstr (header, "Par <span class=\"author\">Jeanne Roy</span> et <span class=\"author\">Jean Dupuis</span>"));
  g_assert_nonnull (strstr (header, ">5 juin 2019</time>"));
  g_clear_pointer (&header, g_free);

  /* A language without a word table gets none, and ISO dates. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "fi");
  header = cd_html_write_header (article, NULL);
  g_assert_nonnull (strstr (header, "dir=\"auto\"><span class=\"author\">Jeanne Roy</span>, <span class=\"author\">Jean Dupuis</span></p>"));
  g_assert_nonnull (strstr (header, ">2019-06-05</time>"));
  g_clear_pointer (&header, g_free);

  /* An unusable date is left out rather than guessed. */
  cd_article_set_field (article, CD_ARTICLE_FIELD_PUBLISHED, "yesterday");
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "not a date");
  set_dateline (article, "HELSINKI", "", "2019-02-30");
  header = cd_html_write_header (article, NULL);
  g_assert_null (strstr (header, "<time"));
}

static void
test_figure_sources (void)
{
  const char *refused[] = {
    "javascript:alert(1)",
    "http://images.example/a.jpg",
    "file:///etc/passwd",
    "/etc/passwd",
    "data:image/png;base64,iVBORw0KGgo=",
    "media/../secret.png",
    "media/",
    "media//a.png",
    "media/a\\b.png",
    "https:///nohost.png",
    "https://images.example/a b.png\n",
    "photo.jpg",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(CdArticle) article = cd_article_new ();
      CdBlock *block = figure_block ("f", refused[i], "Alt text", "Caption stays.", "Credit");
      g_autofree char *markup = NULL;

      append_block (article, block);
      markup = cd_html_write_block (article, block, NULL);
      g_assert_cmpstr (markup, ==,
                       "<figure data-block-id=\"f\"><figcaption dir=\"auto\">Caption stays. "
                       "<span class=\"credit\">Credit</span></figcaption></figure>");
    }
}

static void
test_figure_media (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GBytes) jpeg = g_bytes_new_static (jpeg_bytes, sizeof jpeg_bytes);
  g_autoptr(GBytes) text = g_bytes_new_static ("just text", 9);
  g_autoptr(CdBlock) lead = figure_block ("lead", "media/harbour.png", "Harbour", "", "");
  CdBlock *photo = figure_block ("f1", "media/photo one.jpg", "Photo", "", "");
  CdBlock *missing = figure_block ("f2", "media/gone.png", "Gone", "", "");
  CdBlock *notimage = figure_block ("f3", "media/notes.txt", "Notes", "", "");
  g_autofree char *png64 = g_base64_encode (png_bytes, sizeof png_bytes);
  g_autofree char *jpeg64 = g_base64_encode (jpeg_bytes, sizeof jpeg_bytes);
  g_autofree char *markup = NULL;
  g_autofree char *expected = NULL;
  CdHtmlOptions options;

  cd_article_set_media (article, "media/harbour.png", png);
  cd_article_set_media (article, "media/photo one.jpg", jpeg);
  cd_article_set_media (article, "media/notes.txt", text);
  cd_article_set_lead (article, lead);
  append_block (article, photo);
  append_block (article, missing);
  append_block (article, notimage);
  cd_html_options_init (&options);

  /* The lead loads eagerly; body images lazily. */
  markup = cd_html_write_lead (article, &options);
  g_assert_cmpstr (markup, ==,
                   "<figure class=\"lead\" data-block-id=\"lead\"><img src=\"media/harbour.png\" alt=\"Harbour\"></figure>");
  g_clear_pointer (&markup, g_free);
  markup = cd_html_write_block (article, photo, &options);
  g_assert_cmpstr (markup, ==,
                   "<figure data-block-id=\"f1\"><img src=\"media/photo%20one.jpg\" alt=\"Photo\" loading=\"lazy\"></figure>");
  g_clear_pointer (&markup, g_free);

  options.media_prefix = "story_files/";
  markup = cd_html_write_block (article, photo, &options);
  g_assert_cmpstr (markup, ==,
                   "<figure data-block-id=\"f1\"><img src=\"story_files/photo%20one.jpg\" alt=\"Photo\" loading=\"lazy\"></figure>");
  g_clear_pointer (&markup, g_free);

  options.inline_media = TRUE;
  markup = cd_html_write_lead (article, &options);
  expected = g_strdup_printf ("<figure class=\"lead\" data-block-id=\"lead\"><img src=\"data:image/png;base64,%s\" "
                              "alt=\"Harbour\"></figure>", png64);
  g_assert_cmpstr (markup, ==, expected);
  g_clear_pointer (&markup, g_free);
  g_clear_pointer (&expected, g_free);

  markup = cd_html_write_block (article, photo, &options);
  expected = g_strdup_printf ("<figure data-block-id=\"f1\"><img src=\"data:image/jpeg;base64,%s\" "
                              "alt=\"Photo\" loading=\"lazy\"></figure>", jpeg64);
  g_assert_cmpstr (markup, ==, expected);
  g_clear_pointer (&markup, g_free);

  /* Media the story does not hold, or that is no image, stays a path. */
  markup = cd_html_write_block (article, missing, &options);
  g_assert_cmpstr (markup, ==,
                   "<figure data-block-id=\"f2\"><img src=\"story_files/gone.png\" alt=\"Gone\" loading=\"lazy\"></figure>");
  g_clear_pointer (&markup, g_free);
  markup = cd_html_write_block (article, notimage, &options);
  g_assert_cmpstr (markup, ==,
                   "<figure data-block-id=\"f3\"><img src=\"story_files/notes.txt\" alt=\"Notes\" loading=\"lazy\"></figure>");
}

static void
assert_parts_match (CdArticle           *article,
                    const CdHtmlOptions *options)
{
  g_autofree char *html = cd_html_write (article, options);
  g_autofree char *header = cd_html_write_header (article, options);
  g_autofree char *lead = cd_html_write_lead (article, options);
  guint n = cd_article_get_n_blocks (article);

  g_assert_nonnull (strstr (html, header));
  g_assert_cmpuint (count_occurrences (html, "<header"), ==, 1);
  if (cd_article_get_lead (article) != NULL)
    {
      g_assert_cmpstr (lead, !=, "");
      g_assert_nonnull (strstr (html, lead));
      g_assert_true (strstr (html, header) < strstr (html, lead));
    }
  else
    g_assert_cmpstr (lead, ==, "");

  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      g_autofree char *markup = cd_html_write_block (article, block, options);
      g_autofree char *line = g_strconcat ("\n", markup, "\n", NULL);

      g_assert_nonnull (strstr (html, line));
    }
}

static void
test_parts (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autoptr(CdArticle) bare = cd_article_new ();
  CdHtmlOptions options;

  append_block (bare, text_block (CD_BLOCK_PARAGRAPH, "only", "Text."));

  cd_html_options_init (&options);
  for (guint mode = CD_HTML_PAGE; mode <= CD_HTML_FRAGMENT; mode++)
    for (guint embeds = CD_EMBEDS_STATIC; embeds <= CD_EMBEDS_OFFICIAL; embeds++)
      for (guint inline_media = 0; inline_media <= 1; inline_media++)
        {
          options.mode = mode;
          options.embeds = embeds;
          options.inline_media = inline_media;
          options.media_prefix = inline_media ? NULL : "files/";
          assert_parts_match (article, &options);
          assert_parts_match (bare, &options);
        }

  /* NULL options mean the defaults. */
  assert_parts_match (article, NULL);
}

static void
test_page (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *html = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *untitled = NULL;
  CdHtmlOptions options;

  cd_html_options_init (&options);
  g_assert_cmpint (options.mode, ==, CD_HTML_PAGE);
  g_assert_cmpint (options.embeds, ==, CD_EMBEDS_STATIC);
  g_assert_null (options.media_prefix);
  g_assert_false (options.inline_media);

  options.base_url = "https://news.example/local//";
  options.stylesheet = "body { color: red; }\n/* </style><script>alert(1)</script> */\n";
  html = cd_html_write (article, &options);

  g_assert_true (g_str_has_prefix (html,
                                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                   "<title>Night ferry to Gull Island to sail from next month</title>\n"
                                   "<meta name=\"description\" content=\"Electric catamaran ends a 20-year gap\">\n"
                                   "<meta name=\"keywords\" content=\"Porthaven, ferries\">\n"
                                   "<link rel=\"canonical\" href=\"https://news.example/local/porthaven-night-ferry\">\n"));
  g_assert_nonnull (strstr (html, "<meta property=\"og:type\" content=\"article\">\n"));
  g_assert_nonnull (strstr (html, "<meta property=\"og:title\" content=\"Night ferry to Gull Island to sail from next month\">\n"));
  g_assert_nonnull (strstr (html, "<meta property=\"og:description\" content=\"Electric catamaran ends a 20-year gap\">\n"));
  g_assert_nonnull (strstr (html, "<meta property=\"og:url\" content=\"https://news.example/local/porthaven-night-ferry\">\n"));
  g_assert_nonnull (strstr (html, "<style>\nbody { color: red; }\n/* <\\/style><script>alert(1)<\\/script> */\n</style>\n</head>\n"));
  g_assert_cmpuint (count_occurrences (html, "</style"), ==, 1);
  g_assert_nonnull (strstr (html, "<body>\n<main>\n<article class=\"story\" lang=\"en\">\n<header data-block-id=\"header\">"));
  g_assert_true (g_str_has_suffix (html, "</article>\n</main>\n</body>\n</html>\n"));

  /* No slug, or no usable base, gives no canonical link. */
  options.base_url = "javascript:alert(1)//";
  g_clear_pointer (&html, g_free);
  html = cd_html_write (article, &options);
  g_assert_null (strstr (html, "canonical"));
  g_assert_null (strstr (html, "og:url"));
  options.base_url = "https://news.example";
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "");
  g_clear_pointer (&html, g_free);
  html = cd_html_write (article, &options);
  g_assert_null (strstr (html, "canonical"));

  options.mode = CD_HTML_FRAGMENT;
  fragment = cd_html_write (article, &options);
  g_assert_true (g_str_has_prefix (fragment, "<article class=\"story\" lang=\"en\">\n<header"));
  g_assert_true (g_str_has_suffix (fragment, "</article>\n"));
  g_assert_null (strstr (fragment, "<html"));
  g_assert_null (strstr (fragment, "<head>"));
  g_assert_null (strstr (fragment, "<style"));
  g_assert_null (strstr (fragment, "<meta"));

  /* A page title may not be empty. */
  cd_article_set_headline (article, "  ");
  options.mode = CD_HTML_PAGE;
  untitled = cd_html_write (article, &options);
  g_assert_null (strstr (untitled, "<title></title>"));
  g_assert_null (strstr (untitled, "<title>  </title>"));
}

static GPtrArray *
find_urls (const char *html)
{
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = strstr (html, "//"); p != NULL; p = strstr (p + 2, "//"))
    {
      const char *start = p;
      const char *end = p + 2;

      while (start > html && g_ascii_isalpha (start[-1]))
        start--;
      if (start > html && start[-1] == ':')
        start--;
      while (start > html && g_ascii_isalpha (start[-1]))
        start--;
      while (*end != '\0' && *end != '"' && *end != '<' && !g_ascii_isspace (*end))
        end++;

      g_ptr_array_add (urls, g_strndup (start, end - start));
    }

  return urls;
}

/* Blanks out the JSON-LD block in place: its schema.org context is an
 * identifier, not an address anything loads. */
static void
cut_json_ld (char *html)
{
  char *start = strstr (html, "<script type=\"application/ld+json\">");
  char *end = start != NULL ? strstr (start, "</script>") : NULL;

  g_assert_nonnull (end);
  memset (start, ' ', end + strlen ("</script>") - start);
}

static void
test_embed_static (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  const char *url = "https://x.com/porthaven/status/1790000000000000001";
  CdBlock *block = embed_block ("e1", "x", url, "Porthaven Harbour", "@porthaven",
                                "Trial crossing tonight!\nSee you on the quay.", "2024-05-13T19:00:00Z", "en-GB");
  g_autofree char *markup = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GPtrArray) urls = NULL;

  append_block (article, block);
  markup = cd_html_write_block (article, block, NULL);
  g_assert_cmpstr (markup, ==,
                   "<figure class=\"embed embed-x\" data-block-id=\"e1\">"
                   "<blockquote class=\"embed-card\" cite=\"https://x.com/porthaven/status/1790000000000000001\" lang=\"en-GB\">"
                   "<p class=\"embed-text\" dir=\"auto\">Trial crossing tonight!<br>See you on the quay.</p></blockquote>"
                   "<figcaption dir=\"auto\"><span class=\"embed-author\">Porthaven Harbour</span> "
                   "<span class=\"embed-handle\">@porthaven</span> on <span class=\"embed-provider\">X</span> · "
                   "<a href=\"https://x.com/porthaven/status/1790000000000000001\" rel=\"noopener\">"
                   "<time datetime=\"2024-05-13T19:00:00Z\">May 13, 2024</time></a></figcaption></figure>");

  /* No script but the JSON-LD data, and no address but the post's own. */
  page = write_with (article, CD_HTML_PAGE, CD_EMBEDS_STATIC);
  g_assert_cmpuint (count_occurrences (page, "<script"), ==, 1);
  g_assert_nonnull (strstr (page, "<script type=\"application/ld+json\">"));
  g_assert_null (strstr (page, "<iframe"));
  cut_json_ld (page);
  urls = find_urls (page);
  g_assert_cmpuint (urls->len, ==, 2);
  for (guint i = 0; i < urls->len; i++)
    g_assert_cmpstr (g_ptr_array_index (urls, i), ==, url);
}

static void
test_embed_static_variants (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  struct
  {
    CdBlock    *block;
    const char *markup;
  } cases[] = {
    /* Not https: shown, never linked, and no provider is named for a
     * URL that was not detected as the provider's. */
    { embed_block ("a", "x", "http://x.com/a/status/1", "A", "", "Text", "2024-05-13", NULL),
      "<figure class=\"embed embed-link\" data-block-id=\"a\"><blockquote class=\"embed-card\">"
      "<p class=\"embed-text\" dir=\"auto\">Text</p></blockquote><figcaption dir=\"auto\">"
      "<span class=\"embed-author\">A</span> · "
      "<time datetime=\"2024-05-13\">May 13, 2024</time></figcaption></figure>" },
    { embed_block ("b", "x", "javascript:alert(1)", "", "", "", "", NULL),
      "<figure class=\"embed embed-link\" data-block-id=\"b\"><blockquote class=\"embed-card\"></blockquote>"
      "</figure>" },
    /* No date: the provider name links to the post. */
    { embed_block ("c", "mastodon", "https://mastodon.social/@a/1", "", "@a@mastodon.social", "Toot", "", NULL),
      "<figure class=\"embed embed-mastodon\" data-block-id=\"c\"><blockquote class=\"embed-card\" "
      "cite=\"https://mastodon.social/@a/1\"><p class=\"embed-text\" dir=\"auto\">Toot</p></blockquote>"
      "<figcaption dir=\"auto\"><span class=\"embed-handle\">@a@mastodon.social</span> on "
      "<span class=\"embed-provider\"><a href=\"https://mastodon.social/@a/1\" rel=\"noopener\">Mastodon</a>"
      "</span></figcaption></figure>" },
    /* A plain link card names the site; a date that is no date is text. */
    { embed_block ("d", "link", "https://www.harbour.example/timetable", "", "", "Timetable", "last week", NULL),
      "<figure class=\"embed embed-link\" data-block-id=\"d\"><blockquote class=\"embed-card\" "
      "cite=\"https://www.harbour.example/timetable\"><p class=\"embed-text\" dir=\"auto\">Timetable</p></blockquote>"
      "<figcaption dir=\"auto\"><span class=\"embed-provider\">harbour.example</span> · "
      "<a href=\"https://www.harbour.example/timetable\" rel=\"noopener\">last week</a></figcaption></figure>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = NULL;

      append_block (article, cases[i].block);
      markup = cd_html_write_block (article, cases[i].block, NULL);
      g_assert_cmpstr (markup, ==, cases[i].markup);
    }
}

/* The provider's name on a card comes from detecting its URL: a stored
 * provider of "x" does not make a link to another site say "on X", and
 * a URL that hides its host is never written at all. */
static void
test_embed_card_label_from_url (void)
{
  static const struct
  {
    const char *url;
    const char *klass;
    const char *label;  /* NULL: no provider named */
    const char *href;   /* NULL: no link */
  } cases[] = {
    { "https://twitter.com.evil.example/jack/status/20", "embed embed-link",
      "twitter.com.evil.example", "https://twitter.com.evil.example/jack/status/20" },
    { "https://x.com.evil.example/jack/status/20", "embed embed-link",
      "x.com.evil.example", "https://x.com.evil.example/jack/status/20" },
    { "https://x.com@evil.example/jack/status/20", "embed embed-link", NULL, NULL },
    { "https://evil.example\\@x.com/jack/status/20", "embed embed-link", NULL, NULL },
    { "https://127.0.0.1/jack/status/20", "embed embed-link", NULL, NULL },
    { "https://x.com/jack/status/20", "embed embed-x", "X", "https://x.com/jack/status/20" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (guint mode = 0; mode < 2; mode++)
        {
          g_autoptr(CdArticle) article = cd_article_new ();
          CdBlock *block = embed_block ("e", "x", cases[i].url, "Jack", "@jack", "just setting up", "", NULL);
          g_autofree char *html = NULL;
          g_autofree char *klass = NULL;
          g_autofree char *label = NULL;
          htmlDocPtr doc;

          append_block (article, block);
          html = write_with (article, CD_HTML_FRAGMENT, mode == 0 ? CD_EMBEDS_STATIC : CD_EMBEDS_OFFICIAL);
          doc = parse_html (html);

          g_test_message ("%s (%s): %s", cases[i].url, mode == 0 ? "static" : "official", html);
          klass = xpath_string (doc, "//figure[@data-block-id='e']/@class");
          if (mode == 1 && g_str_equal (cases[i].klass, "embed embed-x"))
            g_assert_cmpstr (klass, ==, "embed embed-x embed-official");
          else
            g_assert_cmpstr (klass, ==, cases[i].klass);

          if (mode == 0)
            {
              label = xpath_string (doc, "//span[@class='embed-provider']");
              g_assert_cmpstr (label, ==, cases[i].label != NULL ? cases[i].label : "");
            }

          if (cases[i].href == NULL)
            {
              g_assert_cmpint (xpath_count (doc, "//*[@href or @cite or @src]"), ==, 0);
              g_assert_null (strstr (html, "evil.example"));
              g_assert_null (strstr (html, "127.0.0.1"));
            }
          else
            {
              g_autofree char *same = g_strdup_printf ("//a[@href='%s']", cases[i].href);

              g_assert_cmpint (xpath_count (doc, "//a"), >, 0);
              g_assert_cmpint (xpath_count (doc, "//a"), ==, xpath_count (doc, same));
            }

          g_assert_null (strstr (html, "\\"));
          xmlFreeDoc (doc);
        }
    }
}

static void
test_embed_official (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *html = write_with (article, CD_HTML_FRAGMENT, CD_EMBEDS_OFFICIAL);
  g_autofree char *youtube = NULL;
  g_autofree char *mismatch = NULL;
  CdBlock *block;
  htmlDocPtr doc;
  CdHtmlOptions options;

  /* Each provider's script once, after the blocks; none from the host of
   * the Mastodon post, which the story names. */
  g_assert_cmpuint (count_occurrences (html, "<script"), ==, 6);
  g_assert_null (strstr (html, "https://mastodon.social/embed.js"));
  g_assert_cmpuint (count_occurrences (html,
                                       "<script async=\"\" src=\"https://platform.twitter.com/widgets.js\" "
                                       "charset=\"utf-8\"></script>"), ==, 1);
  g_assert_cmpuint (count_occurrences (html, "src=\"https://www.instagram.com/embed.js\""), ==, 1);
  g_assert_cmpuint (count_occurrences (html, "src=\"https://www.tiktok.com/embed.js\""), ==, 1);
  g_assert_cmpuint (count_occurrences (html, "src=\"https://embed.bsky.app/static/embed.js\""), ==, 1);
  g_assert_true (strstr (html, "<script") > strstr (html, "data-block-id=\"p3\""));

  doc = parse_html (html);
  g_assert_cmpint (xpath_count (doc, "//blockquote[@class='twitter-tweet']"), ==, 2);
  assert_xpath_string (doc, "//figure[@data-block-id='e1']/@class", "embed embed-x embed-official");
  assert_xpath_string (doc, "//figure[@data-block-id='e1']/blockquote/p", "Trial crossing tonight!See you on the quay.");
  assert_xpath_string (doc, "//figure[@data-block-id='e1']/blockquote/a/@href",
                       "https://x.com/porthaven/status/1790000000000000001");
  assert_xpath_string (doc, "//figure[@data-block-id='e2']/blockquote/p/@lang", "es");
  assert_xpath_string (doc, "//figure[@data-block-id='e4']/blockquote/@data-instgrm-permalink",
                       "https://www.instagram.com/p/C6abcDEF123/");
  assert_xpath_string (doc, "//figure[@data-block-id='e4']/blockquote/p", "Lights on the water.");
  assert_xpath_string (doc, "//figure[@data-block-id='e5']/blockquote/@data-video-id", "7368000000000000000");
  assert_xpath_string (doc, "//figure[@data-block-id='e5']/blockquote/@cite",
                       "https://www.tiktok.com/@porthaven/video/7368000000000000000");
  assert_xpath_string (doc, "//figure[@data-block-id='e5']/blockquote/section/p", "Ride along.");
  assert_xpath_string (doc, "//figure[@data-block-id='e6']/blockquote/@data-bluesky-uri",
                       "at://porthaven.bsky.social/app.bsky.feed.post/3kabcdefghi2x");
  assert_xpath_string (doc, "//figure[@data-block-id='e7']/@class", "embed embed-mastodon embed-official");
  assert_xpath_string (doc, "//figure[@data-block-id='e7']/iframe/@sandbox",
                       "allow-scripts allow-popups allow-popups-to-escape-sandbox");
  g_assert_cmpint (xpath_count (doc, "//script[contains(@src, 'mastodon')]"), ==, 0);
  /* Plain links and an http URL keep the card, which names no provider
   * the URL was not detected as. */
  assert_xpath_string (doc, "//figure[@data-block-id='e8']/@class", "embed embed-link");
  assert_xpath_string (doc, "//figure[@data-block-id='e9']/@class", "embed embed-link");
  xmlFreeDoc (doc);

  cd_html_options_init (&options);
  options.embeds = CD_EMBEDS_OFFICIAL;
  block = cd_article_find_block (article, "e3", NULL);
  youtube = cd_html_write_block (article, block, &options);
  g_assert_cmpstr (youtube, ==,
                   "<figure class=\"embed embed-youtube embed-official\" data-block-id=\"e3\">"
                   "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"Moonrunner trial crossing\" "
                   "width=\"560\" height=\"315\" allow=\"accelerometer; clipboard-write; encrypted-media; gyroscope; "
                   "picture-in-picture; web-share\" referrerpolicy=\"strict-origin-when-cross-origin\" "
                   "allowfullscreen=\"\" loading=\"lazy\"></iframe><figcaption dir=\"auto\">"
                   "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" rel=\"noopener\">Moonrunner trial crossing</a>"
                   "</figcaption></figure>");

  /* A stored provider its URL does not match gets the card. */
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://evil.example/watch?v=dQw4w9WgXcQ");
  mismatch = cd_html_write_block (article, block, &options);
  g_assert_true (g_str_has_prefix (mismatch, "<figure class=\"embed embed-link\" data-block-id=\"e3\"><blockquote class=\"embed-card\""));
  g_assert_null (strstr (mismatch, "<iframe"));
}

static void
test_embed_static_page (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *html = write_with (article, CD_HTML_PAGE, CD_EMBEDS_STATIC);

  g_assert_cmpuint (count_occurrences (html, "<script"), ==, 1);
  g_assert_nonnull (strstr (html, "<script type=\"application/ld+json\">"));
  g_assert_null (strstr (html, "<iframe"));
  g_assert_null (strstr (html, "fb-root"));
  g_assert_null (strstr (html, "text-post-media"));
  g_assert_null (strstr (html, "mastodon-embed"));
  g_assert_null (strstr (html, "twitter-tweet"));
  g_assert_null (strstr (html, "youtube-nocookie"));
}

/* The page's JSON-LD block, parsed. */
static cJSON *
read_json_ld (const char *html)
{
  htmlDocPtr doc = parse_html (html);
  g_autofree char *json = xpath_string (doc, "//script[@type='application/ld+json']");
  g_autoptr(GError) error = NULL;
  cJSON *object;

  g_assert_cmpint (xpath_count (doc, "//head/script[@type='application/ld+json']"), ==, 1);
  xmlFreeDoc (doc);
  object = _cd_json_parse (json, strlen (json), CD_JSON_MAX_DEPTH, FALSE, "JSON-LD", &error);
  g_assert_no_error (error);
  g_assert_true (cJSON_IsObject (object));
  return object;
}

static void
assert_member (const cJSON *object,
               const char  *name,
               const char  *expected)
{
  if (expected == NULL)
    {
      g_assert_null (cJSON_GetObjectItemCaseSensitive (object, name));
      return;
    }

  g_assert_nonnull (cJSON_GetObjectItemCaseSensitive (object, name));
  g_assert_cmpstr (_cd_json_get_string (object, name), ==, expected);
}

/* The member @name of @object, which must be of @type (cJSON_Array,
 * cJSON_Object, ...). */
static const cJSON *
get_member (const cJSON *object,
            const char  *name,
            int          type)
{
  const cJSON *member = cJSON_GetObjectItemCaseSensitive (object, name);

  g_assert_nonnull (member);
  g_assert_cmpint (member->type & 0xFF, ==, type);
  return member;
}

/* The element @index of @array, which must be of @type. */
static const cJSON *
get_element (const cJSON *array,
             int          index,
             int          type)
{
  const cJSON *element = cJSON_GetArrayItem (array, index);

  g_assert_nonnull (element);
  g_assert_cmpint (element->type & 0xFF, ==, type);
  return element;
}

static void
test_head (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  CdHtmlOptions options;
  struct
  {
    const char *base_url;
    const char *media_prefix;
    gboolean    inline_media;
    const char *image;  /* NULL: no og:image */
  } cases[] = {
    { "https://news.example/local/", NULL, FALSE, "https://news.example/local/media/harbour.png" },
    { "https://news.example/local", "story files/", FALSE, "https://news.example/local/story%20files/harbour.png" },
    { "https://news.example/local", "https://cdn.example/img/", FALSE, "https://cdn.example/img/harbour.png" },
    /* A self-contained page has no image file anyone could fetch. */
    { "https://news.example/local", NULL, TRUE, NULL },
    /* Without an address the page's own image has none either. */
    { NULL, NULL, FALSE, NULL },
  };

  cd_article_set_field (article, CD_ARTICLE_FIELD_PUBLISHED, "2024-05-15T06:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2024-05-15T07:30:00.250+01:00");
  cd_html_options_init (&options);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = NULL;
      htmlDocPtr doc;

      options.base_url = cases[i].base_url;
      options.media_prefix = cases[i].media_prefix;
      options.inline_media = cases[i].inline_media;
      html = cd_html_write (article, &options);
      doc = parse_html (html);

      assert_xpath_string (doc, "//meta[@name='description']/@content", "Electric catamaran ends a 20-year gap");
      assert_xpath_string (doc, "//meta[@property='og:type']/@content", "article");
      assert_xpath_string (doc, "//meta[@property='og:title']/@content",
                           "Night ferry to Gull Island to sail from next month");
      assert_xpath_string (doc, "//meta[@property='og:description']/@content", "Electric catamaran ends a 20-year gap");
      assert_xpath_string (doc, "//meta[@property='article:published_time']/@content", "2024-05-15T06:00:00Z");
      assert_xpath_string (doc, "//meta[@property='article:modified_time']/@content", "2024-05-15T07:30:00+01:00");
      g_assert_cmpint (xpath_count (doc, "//meta[@property='article:author']"), ==, 2);
      assert_xpath_string (doc, "//meta[@property='article:author'][1]/@content", "Maren Talbot");
      assert_xpath_string (doc, "//meta[@property='article:author'][2]/@content", "Idris Okafor");
      assert_xpath_string (doc, "//meta[@property='article:section']/@content", "Local");
      g_assert_cmpint (xpath_count (doc, "//meta[@property='article:tag']"), ==, 2);
      assert_xpath_string (doc, "//meta[@property='article:tag'][2]/@content", "ferries");

      if (cases[i].base_url != NULL)
        {
          assert_xpath_string (doc, "//link[@rel='canonical']/@href", "https://news.example/local/porthaven-night-ferry");
          assert_xpath_string (doc, "//meta[@property='og:url']/@content", "https://news.example/local/porthaven-night-ferry");
        }
      else
        {
          g_assert_cmpint (xpath_count (doc, "//link[@rel='canonical']"), ==, 0);
          g_assert_cmpint (xpath_count (doc, "//meta[@property='og:url']"), ==, 0);
        }

      if (cases[i].image != NULL)
        {
          assert_xpath_string (doc, "//meta[@property='og:image']/@content", cases[i].image);
          assert_xpath_string (doc, "//meta[@property='og:image:width']/@content", "640");
          assert_xpath_string (doc, "//meta[@property='og:image:height']/@content", "360");
          assert_xpath_string (doc, "//meta[@property='og:image:alt']/@content", "A ferry at dusk");
          assert_xpath_string (doc, "//meta[@name='twitter:card']/@content", "summary_large_image");
        }
      else
        {
          g_assert_cmpint (xpath_count (doc, "//meta[starts-with(@property, 'og:image')]"), ==, 0);
          assert_xpath_string (doc, "//meta[@name='twitter:card']/@content", "summary");
        }

      /* Nothing of the head leaks into the body. */
      g_assert_cmpint (xpath_count (doc, "//body//meta | //body//link"), ==, 0);
      xmlFreeDoc (doc);
    }

  /* An https lead image is named as it is, even without a base URL. */
  {
    g_autoptr(CdBlock) lead = figure_block ("lead", "https://images.example/ferry one.jpg", "Ferry", "", "");
    g_autofree char *html = NULL;
    htmlDocPtr doc;

    cd_article_set_lead (article, lead);
    options.base_url = NULL;
    options.inline_media = TRUE;
    html = cd_html_write (article, &options);
    doc = parse_html (html);
    assert_xpath_string (doc, "//meta[@property='og:image']/@content", "https://images.example/ferry%20one.jpg");
    assert_xpath_string (doc, "//meta[@name='twitter:card']/@content", "summary_large_image");
    g_assert_cmpint (xpath_count (doc, "//meta[@property='og:image:width']"), ==, 0);
    xmlFreeDoc (doc);
  }

  /* Without a publication time the page announces the day it shows. */
  {
    g_autofree char *html = NULL;
    htmlDocPtr doc;

    cd_article_set_field (article, CD_ARTICLE_FIELD_PUBLISHED, NULL);
    html = cd_html_write (article, &options);
    doc = parse_html (html);
    assert_xpath_string (doc, "//meta[@property='article:published_time']/@content", "2024-05-14");
    assert_xpath_string (doc, "//header//time/@datetime", "2024-05-14");
    xmlFreeDoc (doc);
  }
}

static void
test_json_ld (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autoptr(cJSON) ld = NULL;
  g_autofree char *html = NULL;
  const cJSON *array;
  const cJSON *object;
  CdHtmlOptions options;

  cd_article_set_field (article, CD_ARTICLE_FIELD_PUBLISHED, "2024-05-15T06:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2024-05-15T07:30:00Z");
  cd_html_options_init (&options);
  options.base_url = "https://news.example/local";
  html = cd_html_write (article, &options);
  ld = read_json_ld (html);

  assert_member (ld, "@context", "https://schema.org");
  assert_member (ld, "@type", "NewsArticle");
  assert_member (ld, "headline", "Night ferry to Gull Island to sail from next month");
  assert_member (ld, "description", "Electric catamaran ends a 20-year gap");
  assert_member (ld, "url", "https://news.example/local/porthaven-night-ferry");
  assert_member (ld, "datePublished", "2024-05-15T06:00:00Z");
  assert_member (ld, "dateModified", "2024-05-15T07:30:00Z");
  assert_member (ld, "articleSection", "Local");
  assert_member (ld, "inLanguage", "en");

  object = get_member (ld, "mainEntityOfPage", cJSON_Object);
  assert_member (object, "@type", "WebPage");
  assert_member (object, "@id", "https://news.example/local/porthaven-night-ferry");

  array = get_member (ld, "image", cJSON_Array);
  g_assert_cmpint (cJSON_GetArraySize (array), ==, 1);
  g_assert_cmpstr (get_element (array, 0, cJSON_String)->valuestring, ==, "https://news.example/local/media/harbour.png");

  array = get_member (ld, "author", cJSON_Array);
  g_assert_cmpint (cJSON_GetArraySize (array), ==, 2);
  object = get_element (array, 0, cJSON_Object);
  assert_member (object, "@type", "Person");
  assert_member (object, "name", "Maren Talbot");
  assert_member (object, "jobTitle", "Transport correspondent");
  object = get_element (array, 1, cJSON_Object);
  assert_member (object, "name", "Idris Okafor");
  assert_member (object, "jobTitle", NULL);

  array = get_member (ld, "keywords", cJSON_Array);
  g_assert_cmpint (cJSON_GetArraySize (array), ==, 2);
  g_assert_cmpstr (get_element (array, 0, cJSON_String)->valuestring, ==, "Porthaven");
  g_assert_cmpstr (get_element (array, 1, cJSON_String)->valuestring, ==, "ferries");

  object = get_member (ld, "contentLocation", cJSON_Object);
  assert_member (object, "@type", "Place");
  assert_member (object, "name", "PORTHAVEN");

  /* The desk's own fields never reach it. */
  g_assert_null (strstr (html, "Desk only"));

  /* A bare story has only what it holds: no empty members. */
  {
    g_autoptr(CdArticle) bare = cd_article_new ();
    g_autoptr(cJSON) bare_ld = NULL;
    g_autofree char *bare_html = NULL;

    cd_article_set_field (bare, CD_ARTICLE_FIELD_CREATED, "not a date");
    cd_article_set_field (bare, CD_ARTICLE_FIELD_MODIFIED, "");
    bare_html = cd_html_write (bare, NULL);
    bare_ld = read_json_ld (bare_html);
    g_assert_cmpint (cJSON_GetArraySize (bare_ld), ==, 3);
    assert_member (bare_ld, "@type", "NewsArticle");
    assert_member (bare_ld, "inLanguage", "en");
  }

  /* A fragment goes into someone else's page: it carries no head data. */
  {
    g_autofree char *fragment = write_with (article, CD_HTML_FRAGMENT, CD_EMBEDS_STATIC);

    g_assert_null (strstr (fragment, "ld+json"));
  }
}

#define BREAKOUT "</script><script>alert(1)</script><!--<script>"

/* Text that tries to end the JSON-LD script element, or to turn it into a
 * comment that swallows the rest of the page, stays text. */
static void
test_json_ld_breakout (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  const char * const keywords[] = { "kw" BREAKOUT, "</SCRIPT >", "a & b > c", NULL };
  g_autoptr(cJSON) ld = NULL;
  g_autofree char *html = NULL;
  const char *start;
  const char *end;
  const cJSON *array;
  CdHtmlOptions options;

  cd_article_set_headline (article, "headline" BREAKOUT);
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "<!-- dek");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "section</script");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "slug</script>");
  cd_article_set_keywords (article, keywords);
  set_bylines (article, "name" BREAKOUT, "title" BREAKOUT, NULL);
  set_dateline (article, "place" BREAKOUT, "", "2024-05-14");
  append_block (article, text_block (CD_BLOCK_PARAGRAPH, "p1", "Body."));

  cd_html_options_init (&options);
  options.base_url = "https://news.example/";
  html = cd_html_write (article, &options);

  /* The element holds no markup character at all, so nothing in it can
   * end it early or open a comment. */
  start = strstr (html, "<script type=\"application/ld+json\">");
  g_assert_nonnull (start);
  start += strlen ("<script type=\"application/ld+json\">");
  end = strstr (start, "</script>");
  g_assert_nonnull (end);
  for (const char *p = start; p < end; p++)
    g_assert_true (*p != '<' && *p != '>' && *p != '&');
  g_assert_null (strstr (html, "<script>alert"));
  g_assert_null (g_strstr_len (start, end - start, "<!--"));
  g_assert_cmpuint (count_occurrences (html, "</script"), ==, 1);
  g_assert_cmpuint (count_occurrences (html, "<script"), ==, 1);

  /* … and the values read back exactly as written. */
  ld = read_json_ld (html);
  assert_member (ld, "headline", "headline" BREAKOUT);
  assert_member (ld, "description", "<!-- dek");
  assert_member (ld, "articleSection", "section</script");
  assert_member (ld, "url", "https://news.example/slug%3C%2Fscript%3E");
  array = get_member (ld, "keywords", cJSON_Array);
  g_assert_cmpstr (get_element (array, 0, cJSON_String)->valuestring, ==, "kw" BREAKOUT);
  g_assert_cmpstr (get_element (array, 1, cJSON_String)->valuestring, ==, "</SCRIPT >");
  g_assert_cmpstr (get_element (array, 2, cJSON_String)->valuestring, ==, "a & b > c");
  array = get_member (ld, "author", cJSON_Array);
  assert_member (get_element (array, 0, cJSON_Object), "name", "name" BREAKOUT);
  assert_member (get_element (array, 0, cJSON_Object), "jobTitle", "title" BREAKOUT);
  assert_member (get_member (ld, "contentLocation", cJSON_Object), "name", "place" BREAKOUT);
}

static void
test_stylesheet_link (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  CdHtmlOptions options;
  g_autofree char *html = NULL;
  g_autofree char *refused = NULL;

  cd_html_options_init (&options);
  options.stylesheet = "body { color: red; }";
  options.stylesheet_href = "house style.css";
  html = cd_html_write (article, &options);
  g_assert_nonnull (strstr (html, "<link rel=\"stylesheet\" href=\"house%20style.css\">\n</head>"));
  g_assert_null (strstr (html, "<style"));
  g_assert_null (strstr (html, "color: red"));

  /* Only a stylesheet address a browser loads as one. */
  options.stylesheet_href = "javascript:alert(1)";
  refused = cd_html_write (article, &options);
  g_assert_null (strstr (refused, "stylesheet"));
  g_assert_null (strstr (refused, "javascript"));

  /* stylesheet_external is for cd_html_export(); alone it changes nothing. */
  {
    g_autofree char *inlined = NULL;

    options.stylesheet_href = NULL;
    options.stylesheet_external = TRUE;
    inlined = cd_html_write (article, &options);
    g_assert_nonnull (strstr (inlined, "<style>\nbody { color: red; }\n</style>\n</head>"));
  }
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_file_bytes (const char *path,
                   const guchar *data,
                   gsize         length)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize read_length;

  g_file_get_contents (path, &contents, &read_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, read_length, data, length);
}

/* The name an export gives an image: its stem, the start of its SHA-256
 * and the extension of its bytes. */
static char *
published_name (const char   *stem,
                const guchar *data,
                gsize         length,
                const char   *extension)
{
  g_autofree char *checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);

  return g_strdup_printf ("%s-%.12s.%s", stem, checksum, extension);
}

/* Figures that share an image point at one published file, written
 * once; a figure whose image the story lacks is named beside the page
 * as before, and the story itself keeps its own names. */
static void
test_export_shared_and_missing_images (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *harbour = published_name ("harbour", png_bytes, sizeof png_bytes, "png");
  g_autofree char *shared_img = g_strdup_printf ("src=\"shared_files/%s\"", harbour);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("copydesk-export-XXXXXX", &error);
  g_autofree char *files = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *page_path = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GDir) listing = NULL;
  CdHtmlOptions options;
  const char *at;
  guint n_shared = 0;
  guint n_files = 0;

  g_assert_no_error (error);
  append_block (article, figure_block ("again", "media/harbour.png", "The same ferry", "Again.", "Copydesk"));
  append_block (article, figure_block ("gone", "media/gone.png", "Lost", "No image.", "Copydesk"));

  files = g_build_filename (dir, "names", NULL);
  folder = g_file_new_for_path (files);
  names = cd_media_export_names (article, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 1);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (names, "media/harbour.png"), "media/"));
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (names, "media/harbour.png"), harbour));
  g_assert_false (g_hash_table_contains (names, "media/gone.png"));

  cd_html_options_init (&options);
  page_path = g_build_filename (dir, "shared.html", NULL);
  output = g_file_new_for_path (page_path);
  g_assert_true (cd_html_export (article, output, &options, &error));
  g_assert_no_error (error);

  page = read_text (dir, "shared.html");
  for (at = strstr (page, shared_img); at != NULL; at = strstr (at + 1, shared_img))
    n_shared++;
  /* The lead and the body's figure with the same image. */
  g_assert_cmpuint (n_shared, ==, 2);
  g_assert_nonnull (strstr (page, "src=\"shared_files/gone.png\""));
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (article), CD_BLOCK_FIELD_SRC), ==, "media/harbour.png");

  {
    g_autofree char *shared_files = g_build_filename (dir, "shared_files", NULL);

    listing = g_dir_open (shared_files, 0, &error);
    g_assert_no_error (error);
    while (g_dir_read_name (listing) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 1);
  }
}

/* A story whose page is over 500 KB. */
static CdArticle *
make_long_story (void)
{
  CdArticle *article = cd_article_new ();

  cd_article_set_headline (article, "A long feature");
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *text = g_strdup_printf ("Paragraph %u of the feature, long enough that three "
                                               "thousand of them make a page of hundreds of kilobytes "
                                               "& a <tag> or two to escape.", i);

      append_block (article, text_block (CD_BLOCK_PARAGRAPH, id, text));
    }

  return article;
}

static gpointer
help_write_thread (gpointer data)
{
  return GUINT_TO_POINTER (cd_html_help_run (data));
}

/* A long page goes to disk in pieces as it is written, with a helper
 * thread free to write some of its body or without one: the file is the
 * page cd_html_write () gives, byte for byte. */
static void
test_export_long_page (void)
{
  g_autoptr(CdArticle) article = make_long_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cd_test_make_temp_dir ("copydesk-long-XXXXXX");
  g_autofree char *page_path = g_build_filename (dir, "long.html", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (page_path);
  g_autofree char *expected = NULL;
  CdHtmlOptions options;

  cd_html_options_init (&options);
  options.stylesheet = "body { color: #222; }\n";
  expected = cd_html_write (article, &options);
  g_assert_cmpuint (strlen (expected), >, 500 * 1024);

  for (guint with_help = 0; with_help < 2; with_help++)
    {
      CdHtmlHelp *help = with_help ? cd_html_help_new () : NULL;
      GThread *helper = help != NULL ? g_thread_new ("help", help_write_thread, help) : NULL;
      g_autofree char *page = NULL;
      g_autofree char *listing = NULL;

      options.help = help;
      g_assert_true (cd_html_export (article, output, &options, &error));
      g_assert_no_error (error);
      if (help != NULL)
        {
          cd_html_help_close (help);
          g_thread_join (helper);
          cd_html_help_free (help);
        }

      page = read_text (dir, "long.html");
      g_assert_cmpstr (page, ==, expected);
      listing = cd_test_list_dir (dir);
      g_assert_cmpstr (listing, ==, "long.html");
    }

  cd_test_remove_tree (dir);
}

/* A write that fails half-way through a long page (here the file size
 * limit, which binds root too; in a subprocess, to keep it from the
 * test's own output) leaves the page there before whole, and no
 * temporary file beside it. */
static void
test_export_long_page_fails (void)
{
  const char *old_page = "<!DOCTYPE html>\n<title>The page before</title>\n";
  g_autofree char *dir = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *page = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(CdArticle) article = make_long_story ();
      g_autoptr(GFile) output = g_file_new_for_path (g_getenv ("COPYDESK_TEST_PAGE"));
      struct rlimit limit;

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      limit.rlim_cur = 300 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (cd_html_export (article, output, NULL, &error));
      g_assert_error (error, CD_ERROR, CD_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "long.html"));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      return;
    }

  dir = cd_test_make_temp_dir ("copydesk-long-XXXXXX");
  page_path = g_build_filename (dir, "long.html", NULL);
  g_file_set_contents (page_path, old_page, -1, &error);
  g_assert_no_error (error);
  g_setenv ("COPYDESK_TEST_PAGE", page_path, TRUE);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  page = read_text (dir, "long.html");
  g_assert_cmpstr (page, ==, old_page);
  listing = cd_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "long.html");
  cd_test_remove_tree (dir);
}

static void
test_export (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *harbour = published_name ("harbour", png_bytes, sizeof png_bytes, "png");
  g_autofree char *page_img = g_strdup_printf ("<img src=\"night%%20ferry_files/%s\"", harbour);
  g_autofree char *cms_img = g_strdup_printf ("src=\"cms_files/%s\"", harbour);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("copydesk-export-XXXXXX", &error);
  g_autofree char *page_path = NULL;
  g_autofree char *page = NULL;
  g_autofree char *css = NULL;
  g_autoptr(GFile) output = NULL;
  CdHtmlOptions options;
  gboolean ok;

  g_assert_no_error (error);

  /* A page with its images in NAME_files/ and its stylesheet in NAME.css. */
  cd_html_options_init (&options);
  options.stylesheet = "body { color: #222; }\n";
  options.stylesheet_external = TRUE;
  options.media_prefix = "ignored/";
  page_path = g_build_filename (dir, "night ferry.html", NULL);
  output = g_file_new_for_path (page_path);
  ok = cd_html_export (article, output, &options, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  page = read_text (dir, "night ferry.html");
  css = read_text (dir, "night ferry.css");
  g_assert_cmpstr (css, ==, "body { color: #222; }\n");
  g_assert_nonnull (strstr (page, "<link rel=\"stylesheet\" href=\"night%20ferry.css\">"));
  g_assert_null (strstr (page, "<style"));
  g_assert_nonnull (strstr (page, page_img));
  g_assert_null (strstr (page, "ignored/"));
  {
    g_autofree char *image = g_build_filename (dir, "night ferry_files", harbour, NULL);

    assert_file_bytes (image, png_bytes, sizeof png_bytes);
  }
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&css, g_free);

  /* One self-contained page: nothing beside it. */
  {
    g_autofree char *single_dir = g_dir_make_tmp ("copydesk-export-XXXXXX", &error);
    g_autofree char *single_path = g_build_filename (single_dir, "single.html", NULL);
    g_autoptr(GFile) single = g_file_new_for_path (single_path);
    g_autofree char *png64 = g_base64_encode (png_bytes, sizeof png_bytes);
    g_autofree char *data_uri = g_strconcat ("src=\"data:image/png;base64,", png64, "\"", NULL);
    g_autoptr(GDir) listing = NULL;

    g_assert_no_error (error);
    options.inline_media = TRUE;
    options.stylesheet_external = FALSE;
    ok = cd_html_export (article, single, &options, &error);
    g_assert_no_error (error);
    g_assert_true (ok);

    page = read_text (single_dir, "single.html");
    g_assert_nonnull (strstr (page, data_uri));
    g_assert_nonnull (strstr (page, "<style>\nbody { color: #222; }\n</style>"));
    listing = g_dir_open (single_dir, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (g_dir_read_name (listing), ==, "single.html");
    g_assert_null (g_dir_read_name (listing));
    g_clear_pointer (&page, g_free);
    cd_test_remove_tree (single_dir);
  }

  /* A fragment gets its images beside it too, and no stylesheet. */
  {
    g_autofree char *fragment_path = g_build_filename (dir, "cms.part", NULL);
    g_autoptr(GFile) fragment = g_file_new_for_path (fragment_path);
    g_autofree char *image = g_build_filename (dir, "cms_files", harbour, NULL);

    options.mode = CD_HTML_FRAGMENT;
    options.inline_media = FALSE;
    options.stylesheet_external = TRUE;
    ok = cd_html_export (article, fragment, &options, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    page = read_text (dir, "cms.part");
    g_assert_true (g_str_has_prefix (page, "<article"));
    g_assert_nonnull (strstr (page, cms_img));
    g_assert_false (g_file_test (fragment_path, G_FILE_TEST_IS_DIR));
    assert_file_bytes (image, png_bytes, sizeof png_bytes);
    {
      g_autofree char *no_css = g_build_filename (dir, "cms.css", NULL);

      g_assert_false (g_file_test (no_css, G_FILE_TEST_EXISTS));
    }
  }

  /* A folder that cannot be made: a clear error naming it, and no page. */
  {
    g_autofree char *blocker = g_build_filename (dir, "blocked_files", NULL);
    g_autofree char *blocked_path = g_build_filename (dir, "blocked.html", NULL);
    g_autoptr(GFile) blocked = g_file_new_for_path (blocked_path);

    g_file_set_contents (blocker, "a file where the folder should go", -1, &error);
    g_assert_no_error (error);
    options.mode = CD_HTML_PAGE;
    ok = cd_html_export (article, blocked, &options, &error);
    g_assert_false (ok);
    g_assert_error (error, CD_ERROR, CD_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "blocked_files"));
    g_assert_false (g_file_test (blocked_path, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }

  /* Only what a figure shows with a plain name is published: an image
   * name that would leave the folder, or a hidden one, is not written. */
  {
    g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
    g_autofree char *evil_path = g_build_filename (dir, "evil.html", NULL);
    g_autoptr(GFile) evil = g_file_new_for_path (evil_path);
    g_autoptr(CdBlock) escape = figure_block ("escape", "media/../escape.png", "", "", "");
    g_autoptr(CdBlock) hidden = figure_block ("hidden", "media/.htaccess", "", "", "");
    g_autofree char *escaped = g_build_filename (dir, "escape.png", NULL);
    g_autofree char *htaccess = g_build_filename (dir, "evil_files", ".htaccess", NULL);

    cd_article_set_media (article, "media/../escape.png", png);
    cd_article_set_media (article, "media/.htaccess", png);
    append_block (article, g_object_ref (escape));
    append_block (article, g_object_ref (hidden));
    ok = cd_html_export (article, evil, &options, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (htaccess, G_FILE_TEST_EXISTS));
  }

  /* Bytes that are no image are not published under an image's name:
   * the export stops, naming the figure. */
  {
    g_autoptr(GBytes) svg = g_bytes_new_static ("<svg onload=\"alert(1)\"/>", 24);
    g_autofree char *svg_path = g_build_filename (dir, "svg.html", NULL);
    g_autoptr(GFile) svg_page = g_file_new_for_path (svg_path);

    cd_article_set_media (article, "media/harbour.png", svg);
    ok = cd_html_export (article, svg_page, &options, &error);
    g_assert_false (ok);
    g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "the lead photo"));
    g_assert_nonnull (strstr (error->message, "media/harbour.png"));
    g_assert_false (g_file_test (svg_path, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }

  cd_test_remove_tree (dir);
}

/* A story with one post of every provider, each in its URL shapes. */
static CdArticle *
make_provider_story (void)
{
  CdArticle *article = cd_article_new ();
  CdBlock *block;

  append_block (article, embed_block ("fb1", "facebook", "https://www.facebook.com/Reuters/posts/pfbid02abcDEF123",
                                      "Reuters", "", "Post text.", "2024-05-14", "en"));
  block = embed_block ("fb2", "facebook", "https://www.facebook.com/watch/?v=1234567890123456",
                       "Reuters", "", "Video text.", "", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "video");
  append_block (article, block);
  append_block (article, embed_block ("th1", "threads", "https://www.threads.net/@zuck/post/C5xYz12AbCd/?igshid=abc",
                                      "Mark", "@zuck", "Threads text.", "", NULL));
  append_block (article, embed_block ("m1", "mastodon", "https://Mastodon.Social/@Gargron/109358745834234765/",
                                      "Eugen", "@Gargron", "Toot one.", "2024-05-14", "de"));
  append_block (article, embed_block ("m2", "mastodon", "https://mastodon.social/users/Gargron/statuses/109358745834234766",
                                      "", "@Gargron", "Toot two.", "", NULL));
  append_block (article, embed_block ("m3", "mastodon", "https://social.example.org/@reporter/112233445566778899",
                                      "Reporter", "", "Toot three.", "", NULL));
  /* Another instance's account seen through this one: not embeddable here. */
  append_block (article, embed_block ("m4", "mastodon", "https://mastodon.social/@reporter@newsie.social/112233445566778899",
                                      "Remote", "", "Toot four.", "", NULL));
  append_block (article, embed_block ("x1", "x", "https://mobile.twitter.com/jack/status/20?lang=en",
                                      "jack", "@jack", "just setting up my twttr", "2006-03-21", "en"));
  block = embed_block ("y1", "youtube", "https://youtu.be/dQw4w9WgXcQ?t=10", "", "", "", "", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "video");
  append_block (article, block);
  block = embed_block ("y2", "youtube", "https://www.youtube.com/live/jfKfPfyJRdk?si=x", "", "", "", "", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_TITLE, "Live from the quay");
  append_block (article, block);
  append_block (article, embed_block ("i1", "instagram", "https://www.instagram.com/reel/C5xYz12AbCd/",
                                      "NatGeo", "@natgeo", "Reel text.", "", NULL));
  append_block (article, embed_block ("t1", "tiktok", "https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1",
                                      "Scout", "@scout2015", "TikTok text.", "", NULL));
  append_block (article, embed_block ("b1", "bluesky", "https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3jzn6g7ixgq2y",
                                      "Emily", "@emilyliu.me", "Bluesky text.", "", NULL));
  append_block (article, embed_block ("l1", "link", "https://harbour.example/timetable", "", "", "Timetable", "", NULL));
  return article;
}

/* For the preview: every official embed in its own sandboxed frame, its
 * provider's script inside, nothing of it in the page around. */
static void
test_embed_isolated (void)
{
  g_autoptr(CdArticle) article = make_provider_story ();
  g_autofree char *html = NULL;
  CdHtmlOptions options;
  htmlDocPtr doc;
  xmlXPathObjectPtr frames;
  guint n_official = 0;

  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  options.embeds = CD_EMBEDS_OFFICIAL;
  options.isolate_embeds = TRUE;
  html = cd_html_write (article, &options);
  doc = parse_html (html);

  /* No script in the page itself: each one sits in its frame. */
  g_assert_cmpint (xpath_count (doc, "//script"), ==, 0);
  g_assert_cmpint (xpath_count (doc, "//figure[contains(@class, 'embed-official')]/*"), ==,
                   xpath_count (doc, "//figure[contains(@class, 'embed-official')]/iframe[@srcdoc]"));
  /* Never the page's origin: without allow-same-origin the frame's
   * script cannot read the document around it. */
  g_assert_cmpint (xpath_count (doc, "//iframe[@srcdoc and "
                                     "@sandbox!='allow-scripts allow-popups allow-popups-to-escape-sandbox']"), ==, 0);
  g_assert_cmpint (xpath_count (doc, "//iframe[contains(@sandbox, 'same-origin')]"), ==, 0);

  frames = xpath (doc, "//iframe[@srcdoc]");
  for (int i = 0; frames->nodesetval != NULL && i < frames->nodesetval->nodeNr; i++)
    {
      xmlNodePtr frame = frames->nodesetval->nodeTab[i];
      g_autofree char *srcdoc = (char *) xmlGetProp (frame, (const xmlChar *) "srcdoc");
      g_autofree char *block_id = (char *) xmlGetProp (frame->parent, (const xmlChar *) "data-block-id");
      htmlDocPtr inner = parse_html (srcdoc);

      n_official++;
      /* Only the provider's own script, from cd-embed.c's table. */
      g_assert_cmpint (xpath_count (inner, "//script[not(starts-with(@src, 'https://platform.twitter.com/') or "
                                           "starts-with(@src, 'https://connect.facebook.net/') or "
                                           "starts-with(@src, 'https://www.instagram.com/') or "
                                           "starts-with(@src, 'https://www.tiktok.com/') or "
                                           "starts-with(@src, 'https://embed.bsky.app/') or "
                                           "starts-with(@src, 'https://www.threads.net/'))]"), ==, 0);
      g_assert_cmpint (xpath_count (inner, "//script"), <=, 1);
      if (g_str_equal (block_id, "fb1"))
        g_assert_cmpint (xpath_count (inner, "//div[@class='fb-post']"), ==, 1);
      if (g_str_has_prefix (block_id, "m"))
        g_assert_cmpint (xpath_count (inner, "//script"), ==, 0);
      /* The post's own text is in the frame, the story's is not. */
      g_assert_null (strstr (srcdoc, "data-block-id"));
      xmlFreeDoc (inner);
    }
  xmlXPathFreeObject (frames);
  g_assert_cmpuint (n_official, >=, 10);

  xmlFreeDoc (doc);
}

static void
test_embed_official_providers (void)
{
  g_autoptr(CdArticle) article = make_provider_story ();
  g_autofree char *html = write_with (article, CD_HTML_FRAGMENT, CD_EMBEDS_OFFICIAL);
  htmlDocPtr doc = parse_html (html);

  /* Facebook: the plugin elements, Facebook's own fallback inside. */
  assert_xpath_string (doc, "//figure[@data-block-id='fb1']/@class", "embed embed-facebook embed-official");
  assert_xpath_string (doc, "//figure[@data-block-id='fb1']/div[@class='fb-post']/@data-href",
                       "https://www.facebook.com/Reuters/posts/pfbid02abcDEF123");
  assert_xpath_string (doc, "//div[@class='fb-post']/blockquote[@class='fb-xfbml-parse-ignore']/@cite",
                       "https://www.facebook.com/Reuters/posts/pfbid02abcDEF123");
  assert_xpath_string (doc, "//div[@class='fb-post']/blockquote/p", "Post text.");
  assert_xpath_string (doc, "//div[@class='fb-post']/blockquote/p/@lang", "en");
  assert_xpath_string (doc, "//figure[@data-block-id='fb2']/div[@class='fb-video']/@data-href",
                       "https://www.facebook.com/watch/?v=1234567890123456");
  assert_xpath_string (doc, "//div[@class='fb-video']/blockquote/p", "Video text.");
  g_assert_cmpint (xpath_count (doc, "//div[@id='fb-root']"), ==, 1);
  g_assert_cmpuint (count_occurrences (html, "<div id=\"fb-root\"></div>\n<script async=\"\" "
                                             "src=\"https://connect.facebook.net/en_US/sdk.js#xfbml=1&amp;version=v19.0\">"
                                             "</script>"), ==, 1);

  /* Threads */
  assert_xpath_string (doc, "//figure[@data-block-id='th1']/blockquote[@class='text-post-media']/@data-text-post-permalink",
                       "https://www.threads.net/@zuck/post/C5xYz12AbCd/?igshid=abc");
  assert_xpath_string (doc, "//figure[@data-block-id='th1']/blockquote/@data-text-post-version", "0");
  assert_xpath_string (doc, "//figure[@data-block-id='th1']/blockquote/p", "Threads text.");
  g_assert_cmpuint (count_occurrences (html, "src=\"https://www.threads.net/embed.js\""), ==, 1);

  /* Mastodon: the instance's own frame alone, sandboxed; the instance is
   * a host the story names, so its script is never loaded. */
  assert_xpath_string (doc, "//figure[@data-block-id='m1']/iframe[@class='mastodon-embed']/@src",
                       "https://mastodon.social/@Gargron/109358745834234765/embed");
  assert_xpath_string (doc, "//figure[@data-block-id='m1']/iframe/@title", "Mastodon: Eugen");
  assert_xpath_string (doc, "//figure[@data-block-id='m1']/figcaption/a/@href",
                       "https://Mastodon.Social/@Gargron/109358745834234765/");
  assert_xpath_string (doc, "//figure[@data-block-id='m2']/iframe/@src",
                       "https://mastodon.social/@Gargron/109358745834234766/embed");
  assert_xpath_string (doc, "//figure[@data-block-id='m2']/iframe/@title", "Mastodon: Gargron");
  assert_xpath_string (doc, "//figure[@data-block-id='m3']/iframe/@src",
                       "https://social.example.org/@reporter/112233445566778899/embed");
  assert_xpath_string (doc, "//figure[@data-block-id='m4']/@class", "embed embed-mastodon");
  g_assert_cmpint (xpath_count (doc, "//figure[@data-block-id='m4']//iframe"), ==, 0);
  g_assert_cmpint (xpath_count (doc, "//iframe[@class='mastodon-embed' and "
                                     "@sandbox='allow-scripts allow-popups allow-popups-to-escape-sandbox']"), ==, 3);
  g_assert_cmpint (xpath_count (doc, "//script[contains(@src, 'mastodon.social') or "
                                     "contains(@src, 'social.example.org')]"), ==, 0);

  /* The rest, in their other URL shapes. */
  assert_xpath_string (doc, "//figure[@data-block-id='x1']/blockquote[@class='twitter-tweet']/a/@href",
                       "https://mobile.twitter.com/jack/status/20?lang=en");
  assert_xpath_string (doc, "//figure[@data-block-id='y1']/iframe/@src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  assert_xpath_string (doc, "//figure[@data-block-id='y1']/iframe/@title", "YouTube");
  assert_xpath_string (doc, "//figure[@data-block-id='y2']/iframe/@src", "https://www.youtube-nocookie.com/embed/jfKfPfyJRdk");
  assert_xpath_string (doc, "//figure[@data-block-id='i1']/blockquote[@class='instagram-media']/@data-instgrm-permalink",
                       "https://www.instagram.com/reel/C5xYz12AbCd/");
  assert_xpath_string (doc, "//figure[@data-block-id='t1']/blockquote[@class='tiktok-embed']/@data-video-id",
                       "6718335390845095173");
  assert_xpath_string (doc, "//figure[@data-block-id='b1']/blockquote[@class='bluesky-embed']/@data-bluesky-uri",
                       "at://did:plc:vjug55kidv6sye7ykr5faxxn/app.bsky.feed.post/3jzn6g7ixgq2y");
  assert_xpath_string (doc, "//figure[@data-block-id='l1']/@class", "embed embed-link");

  /* Every provider's script exactly once, and nothing else loads code. */
  g_assert_cmpint (xpath_count (doc, "//script"), ==, 6);
  g_assert_cmpint (xpath_count (doc, "//script[not(@async) or not(starts-with(@src, 'https://'))]"), ==, 0);
  xmlFreeDoc (doc);
}

/* In static mode the page loads nothing from anywhere: no element takes
 * an address from another host, and the only absolute addresses are the
 * links to the posts and the page's own canonical and Open Graph
 * addresses. */
static void
test_embed_static_no_third_party (void)
{
  g_autoptr(CdArticle) article = make_provider_story ();
  g_autoptr(CdArticle) full = make_full_story ();
  g_autoptr(GHashTable) post_urls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CdBlock) lead = NULL;
  CdHtmlOptions options;
  guint n;

  /* The full story's https photo is the story's own picture, not an
   * embed; it is left out here so the page is all embeds and media. */
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (full, 9)), ==, "f1");
  cd_article_remove_block (full, 9);
  n = cd_article_get_n_blocks (full);
  for (guint i = 0; i < n; i++)
    append_block (article, cd_block_copy (cd_article_get_block (full, i)));
  lead = cd_block_copy (cd_article_get_lead (full));
  cd_article_set_lead (article, lead);
  cd_article_set_media (article, "media/harbour.png", cd_article_get_media (full, "media/harbour.png"));
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "porthaven-night-ferry");

  n = cd_article_get_n_blocks (article);
  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_EMBED)
        g_hash_table_add (post_urls, (gpointer) cd_block_get_field (block, CD_BLOCK_FIELD_URL));
    }

  cd_html_options_init (&options);
  options.base_url = "https://news.example/local";
  for (guint inline_media = 0; inline_media <= 1; inline_media++)
    {
      g_autofree char *html = NULL;
      htmlDocPtr doc;
      xmlXPathObjectPtr nodes;

      options.inline_media = inline_media;
      html = cd_html_write (article, &options);
      doc = parse_html (html);

      g_assert_cmpint (xpath_count (doc, "//iframe | //object | //embed | //video | //audio | //source"), ==, 0);
      g_assert_cmpint (xpath_count (doc, "//script[@src] | //link[@rel='stylesheet'] | //link[@rel='preload']"), ==, 0);
      g_assert_cmpint (xpath_count (doc, "//script[not(@type='application/ld+json')]"), ==, 0);
      g_assert_cmpint (xpath_count (doc, "//*[@srcset or @poster or @data or @background or @ping]"), ==, 0);

      /* Every src is the story's own image, beside the page or inline. */
      nodes = xpath (doc, "//*[@src]");
      for (int i = 0; nodes->nodesetval != NULL && i < nodes->nodesetval->nodeNr; i++)
        {
          g_autofree char *src = (char *) xmlGetProp (nodes->nodesetval->nodeTab[i], (const xmlChar *) "src");

          g_assert_cmpstr ((const char *) nodes->nodesetval->nodeTab[i]->name, ==, "img");
          g_assert_null (strstr (src, "://"));
          g_assert_true (g_str_has_prefix (src, "data:image/png;base64,") || g_str_has_prefix (src, "media/"));
          if (!inline_media)
            g_assert_false (g_str_has_prefix (src, "data:"));
        }
      xmlXPathFreeObject (nodes);

      /* Absolute addresses: links to posts (and the story's own links),
       * the post a card quotes, and the page's own metadata. */
      nodes = xpath (doc, "//@*[contains(., '://')]");
      for (int i = 0; nodes->nodesetval != NULL && i < nodes->nodesetval->nodeNr; i++)
        {
          xmlNodePtr attr = nodes->nodesetval->nodeTab[i];
          xmlNodePtr element = attr->parent;
          g_autofree char *value = (char *) xmlNodeGetContent (attr);
          const char *name = (const char *) attr->name;
          const char *tag = (const char *) element->name;

          if (strcmp (tag, "a") == 0 && strcmp (name, "href") == 0)
            g_assert_true (g_hash_table_contains (post_urls, value) ||
                           g_str_has_prefix (value, "https://harbour.example/"));
          else if (strcmp (tag, "blockquote") == 0 && strcmp (name, "cite") == 0)
            g_assert_true (g_hash_table_contains (post_urls, value));
          else if (strcmp (tag, "link") == 0)
            g_assert_cmpstr (value, ==, "https://news.example/local/porthaven-night-ferry");
          else if (strcmp (tag, "meta") == 0 && strcmp (name, "content") == 0)
            g_assert_true (g_str_has_prefix (value, "https://news.example/local/"));
          else
            g_error ("<%s %s=\"%s\"> names another host in static mode", tag, name, value);
        }
      xmlXPathFreeObject (nodes);

      g_assert_null (strstr (html, "<script async"));
      g_assert_null (strstr (html, "embed.js"));
      g_assert_null (strstr (html, "connect.facebook.net"));
      g_assert_null (strstr (html, "youtube-nocookie"));
      xmlFreeDoc (doc);
    }
}

static char *
vnu_jar_path (void)
{
  const char *source_dir = g_getenv ("COPYDESK_SOURCE_DIR");

  if (source_dir == NULL)
    return NULL;
  return g_build_filename (source_dir, "build-aux", "node", "node_modules", "vnu-jar",
                           "build", "dist", "vnu.jar", NULL);
}

static char *
read_stylesheet (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "styles", "default.css", NULL);
  g_autoptr(GError) error = NULL;
  char *css = NULL;

  g_file_get_contents (path, &css, NULL, &error);
  g_assert_no_error (error);
  return css;
}

/* Runs the W3C Nu checker over @files; it exits 0 only when none has an
 * error. */
static void
assert_vnu_valid (GPtrArray *files)
{
  g_autofree char *java = g_find_program_in_path ("java");
  g_autofree char *jar = vnu_jar_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, java);
  g_ptr_array_add (argv, (char *) "-jar");
  g_ptr_array_add (argv, jar);
  g_ptr_array_add (argv, (char *) "--errors-only");
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (files, i));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("vnu found errors:\n%s%s", out, err);
}

static gboolean
vnu_available (void)
{
  g_autofree char *java = g_find_program_in_path ("java");
  g_autofree char *jar = vnu_jar_path ();

  /* A missing checker fails, as the validate suite does: a skip counts
   * as passed, and these pages are validated nowhere else. */
  if (java == NULL)
    {
      g_test_fail_printf ("java is not installed (the dev script installs default-jre-headless)");
      return FALSE;
    }
  if (jar == NULL || !g_file_test (jar, G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("vnu.jar is not installed (npm ci in build-aux/node)");
      return FALSE;
    }
  return TRUE;
}

static void
remove_files (const char *dir,
              GPtrArray  *files)
{
  for (guint i = 0; i < files->len; i++)
    g_remove (g_ptr_array_index (files, i));
  g_rmdir (dir);
}

/* The sample story shipped with the app, read from its article.json,
 * in both embed modes. */
static void
add_sample_pages (const char *dir,
                  GPtrArray  *files,
                  const char *css)
{
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples", "sample",
                                            "article.json", NULL);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  CdHtmlOptions options;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  article = cd_json_read (contents, length, "article.json", &error);
  g_assert_no_error (error);

  cd_html_options_init (&options);
  options.stylesheet = css;
  options.base_url = "https://news.example/local";
  for (guint embeds = CD_EMBEDS_STATIC; embeds <= CD_EMBEDS_OFFICIAL; embeds++)
    {
      g_autofree char *html = NULL;

      options.embeds = embeds;
      html = cd_html_write (article, &options);
      g_ptr_array_add (files, cd_test_write_file (dir, embeds == CD_EMBEDS_STATIC ? "sample-static.html" : "sample-official.html",
                                                  html, -1));
    }
}

static void
test_vnu (void)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *css = NULL;
  CdHtmlOptions options;

  if (!vnu_available ())
    return;

  dir = cd_test_make_temp_dir ("copydesk-html-XXXXXX");
  article = make_full_story ();
  css = read_stylesheet ();

  cd_html_options_init (&options);
  options.stylesheet = css;
  options.base_url = "https://news.example/local";

  for (guint mode = CD_HTML_PAGE; mode <= CD_HTML_FRAGMENT; mode++)
    for (guint embeds = CD_EMBEDS_STATIC; embeds <= CD_EMBEDS_OFFICIAL; embeds++)
      {
        g_autofree char *html = NULL;
        g_autofree char *name = g_strdup_printf ("%s-%s.html", mode == CD_HTML_PAGE ? "page" : "fragment",
                                                 embeds == CD_EMBEDS_STATIC ? "static" : "official");

        options.mode = mode;
        options.embeds = embeds;
        options.inline_media = embeds == CD_EMBEDS_STATIC;
        options.media_prefix = embeds == CD_EMBEDS_STATIC ? NULL : "story files/";
        html = cd_html_write (article, &options);

        if (mode == CD_HTML_FRAGMENT)
          {
            g_autofree char *page = g_strconcat ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                                 "<meta charset=\"utf-8\">\n<title>Fragment</title>\n"
                                                 "</head>\n<body>\n", html, "</body>\n</html>\n", NULL);

            g_ptr_array_add (files, cd_test_write_file (dir, name, page, -1));
          }
        else
          g_ptr_array_add (files, cd_test_write_file (dir, name, html, -1));
      }

  /* A page that links its stylesheet, and one for a story with an https
   * lead image and the JSON-LD hostile text. */
  {
    g_autoptr(CdArticle) hostile = cd_article_new ();
    g_autoptr(CdBlock) lead = figure_block ("lead", "https://images.example/ferry.jpg", "Ferry", "", "");
    g_autofree char *linked = NULL;
    g_autofree char *breakout = NULL;

    options.mode = CD_HTML_PAGE;
    options.embeds = CD_EMBEDS_OFFICIAL;
    options.stylesheet_href = "story.css";
    linked = cd_html_write (article, &options);
    g_ptr_array_add (files, cd_test_write_file (dir, "page-linked.html", linked, -1));

    cd_article_set_headline (hostile, "headline" BREAKOUT);
    cd_article_set_field (hostile, CD_ARTICLE_FIELD_SLUG, "slug");
    set_bylines (hostile, "name" BREAKOUT, NULL, NULL);
    cd_article_set_lead (hostile, lead);
    options.stylesheet_href = NULL;
    breakout = cd_html_write (hostile, &options);
    g_ptr_array_add (files, cd_test_write_file (dir, "page-breakout.html", breakout, -1));
  }

  /* One Java start for every page: the JVM start is most of the time. */
  add_sample_pages (dir, files, css);

  assert_vnu_valid (files);
  remove_files (dir, files);
}

/* The preview's embargo line sits in the header, escaped; an export
 * (no desk_notice) has none. */
static void
test_desk_notice (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *page = NULL;
  g_autofree char *exported = NULL;
  CdHtmlOptions options;

  cd_html_options_init (&options);
  exported = cd_html_write (article, &options);
  g_assert_null (strstr (exported, "desk-notice"));

  options.desk_notice = "Embargoed until <Tuesday>";
  page = cd_html_write (article, &options);
  g_assert_nonnull (strstr (page, "<header data-block-id=\"header\"><p class=\"desk-notice\" role=\"note\" dir=\"auto\">"
                                  "Embargoed until &lt;Tuesday&gt;</p>"));
}

/* Copy HTML: images linked where an export puts them, or inside. */
static void
test_write_copy (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *linked = cd_html_write_copy (article, "night ferry", NULL, FALSE, &error);
  g_autofree char *based = cd_html_write_copy (article, "night ferry", "https://news.example/local/", FALSE, &error);
  g_autofree char *single = cd_html_write_copy (article, "night ferry", NULL, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (linked, "src=\"night%20ferry_files/harbour-"));
  g_assert_null (strstr (linked, "data:"));
  g_assert_null (strstr (linked, "<html"));
  g_assert_nonnull (strstr (based, "src=\"https://news.example/local/night%20ferry_files/harbour-"));
  g_assert_nonnull (strstr (single, "src=\"data:image/png;base64,"));
}

/* The text flavour: the words, in reading order, no markup, no notes. */
static void
test_write_text (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *text = NULL;

  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, "Desk only");
  text = cd_html_write_text (article);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, cd_article_get_headline (article)));
  g_assert_null (strchr (text, '<'));
  g_assert_null (strstr (text, "Desk only"));
  g_assert_nonnull (strstr (text, "\n\n"));
  g_assert_true (g_str_has_suffix (text, "\n"));
}

/* The writer names the embeds that get official markup, for the preview
 * to allow their origins: only when the URL really is the stored
 * provider's, and the provider has markup of its own. */
static void
test_official_provider (void)
{
  g_autoptr(CdBlock) x = embed_block ("e1", "x", "https://x.com/AP/status/1790000000000000000",
                                      NULL, NULL, NULL, NULL, NULL);
  g_autoptr(CdBlock) disguised = embed_block ("e2", "youtube", "https://x.com/AP/status/1790000000000000000",
                                              NULL, NULL, NULL, NULL, NULL);
  g_autoptr(CdBlock) mastodon = embed_block ("e3", "mastodon", "https://mastodon.social/@ap/111",
                                             NULL, NULL, NULL, NULL, NULL);
  g_autoptr(CdBlock) link = embed_block ("e4", "link", "https://example.com/story",
                                         NULL, NULL, NULL, NULL, NULL);
  g_autoptr(CdBlock) paragraph = text_block (CD_BLOCK_PARAGRAPH, "p1", "https://x.com/AP/status/1");

  g_assert_true (cd_html_embed_official_provider (x) == cd_embed_provider_lookup ("x"));
  g_assert_true (cd_html_embed_official_provider (mastodon) == cd_embed_provider_lookup ("mastodon"));
  g_assert_null (cd_html_embed_official_provider (disguised));
  g_assert_null (cd_html_embed_official_provider (link));
  g_assert_null (cd_html_embed_official_provider (paragraph));
}

/* The preview finds a block by the id the writer put in the page: the
 * writer's answer matches its own attribute, with the characters HTML
 * forbids dropped and the escaping undone as a parser would. */
static void
test_block_dom_id (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) block = text_block (CD_BLOCK_PARAGRAPH, "p\001<1>&\"'", "Text");
  g_autofree char *html = NULL;
  g_autofree char *dom_id = cd_html_block_dom_id (cd_block_get_id (block));
  g_autofree char *plain = cd_html_block_dom_id ("p1");

  html = cd_html_write_block (article, block, NULL);
  g_assert_nonnull (strstr (html, "data-block-id=\"p&lt;1&gt;&amp;&quot;&#39;\""));
  g_assert_cmpstr (dom_id, ==, "p<1>&\"'");
  g_assert_cmpstr (plain, ==, "p1");
}

/* The dateline opens the first paragraph, even below a heading and a
 * photo; a story without paragraphs has no block for it. */
static void
test_dateline_block (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  CdBlock *heading = text_block (CD_BLOCK_HEADING, "h1", "Heading");
  CdBlock *first = text_block (CD_BLOCK_PARAGRAPH, "p1", "First");
  CdBlock *second = text_block (CD_BLOCK_PARAGRAPH, "p2", "Second");

  g_assert_null (cd_html_dateline_block (article));
  append_block (article, heading);
  g_assert_null (cd_html_dateline_block (article));
  append_block (article, first);
  append_block (article, second);
  g_assert_true (cd_html_dateline_block (article) == first);
}

/* Escaping reads plain ASCII eight bytes at a time: every ASCII
 * character, at every position in a word, comes out as it would one
 * character at a time. */
static void
test_escape_every_position (void)
{
  for (guint c = 1; c < 0x80; c++)
    {
      const char *expected_char;
      char one[2] = { (char) c, '\0' };

      switch (c)
        {
        case '&': expected_char = "&amp;"; break;
        case '<': expected_char = "&lt;"; break;
        case '>': expected_char = "&gt;"; break;
        case '"': expected_char = "&quot;"; break;
        case '\'': expected_char = "&#39;"; break;
        default:
          expected_char = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? "" : one;
          break;
        }

      for (guint at = 0; at < 24; at++)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GString) expected = g_string_new (NULL);
          g_autofree char *escaped = NULL;

          for (guint i = 0; i < 24; i++)
            {
              if (i == at)
                {
                  g_string_append_c (text, (char) c);
                  g_string_append (expected, expected_char);
                }
              else
                {
                  g_string_append_c (text, (char) ('a' + i));
                  g_string_append_c (expected, (char) ('a' + i));
                }
            }
          g_string_append (text, "é");
          g_string_append (expected, "é");

          escaped = cd_html_escape (text->str);
          g_assert_cmpstr (escaped, ==, expected->str);
        }
    }
}

/* The images of a page are written beside it while the page goes to
 * disk; an image that cannot be written (another file of its name is
 * there) leaves the page as it was, and nothing of the new one. */
static void
test_export_image_refused (void)
{
  g_autoptr(CdArticle) article = make_full_story ();
  g_autofree char *harbour = published_name ("harbour", png_bytes, sizeof png_bytes, "png");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("copydesk-export-XXXXXX", &error);
  g_autofree char *page_path = g_build_filename (dir, "story.html", NULL);
  g_autofree char *image_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GFile) output = g_file_new_for_path (page_path);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_names = 0;

  g_assert_no_error (error);
  g_assert_true (cd_html_export (article, output, NULL, &error));
  g_assert_no_error (error);
  first = read_text (dir, "story.html");

  image_path = g_build_filename (dir, "story_files", harbour, NULL);
  g_assert_true (g_file_set_contents (image_path, "not the photo", -1, &error));
  g_assert_no_error (error);
  cd_article_set_headline (article, "A headline the page does not have");
  g_assert_false (cd_html_export (article, output, NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "a different file of that name is already there"));

  again = read_text (dir, "story.html");
  g_assert_cmpstr (again, ==, first);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_true (g_str_equal (name, "story.html") || g_str_equal (name, "story_files"));
      n_names++;
    }
  g_assert_cmpuint (n_names, ==, 2);

  cd_test_remove_tree (dir);
}

static gpointer
help_thread (gpointer data)
{
  return GUINT_TO_POINTER (cd_html_help_run (data));
}

/* A long body written with another thread's help is the one written
 * alone, to the byte: parts in order, and the scripts of the embeds in
 * the part the helper wrote (the last block is one) still at the end.
 * A helper that never comes, or comes after the body, changes nothing. */
static void
test_help (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autofree char *alone = NULL;
  CdHtmlOptions options;
  guint n_helped = 0;

  cd_article_set_headline (article, "Harbour report");
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *text = g_strdup_printf ("Paragraph %u of the story, with a link & a <tag>.", i);
      CdBlock *block;

      if (i == 10)
        {
          append_block (article, embed_block (id, "instagram", "https://www.instagram.com/p/C6abcDEF123/",
                                              "Jane", "jane", "A post", "", NULL));
          continue;
        }
      if (i == 599)
        {
          append_block (article, embed_block (id, "x", "https://x.com/jane/status/12345",
                                              "Jane", "jane", "A post", "June 4, 2024", NULL));
          continue;
        }
      block = text_block (i % 7 == 0 ? CD_BLOCK_HEADING : CD_BLOCK_PARAGRAPH, id, text);
      if (i % 3 == 0)
        add_mark (block, CD_MARK_LINK, 0, 9, "https://example.com/");
      append_block (article, block);
    }

  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  options.embeds = CD_EMBEDS_OFFICIAL;
  alone = cd_html_write (article, &options);
  g_assert_cmpuint (count_occurrences (alone, "<script"), ==, 2);

  /* Whether the helper wakes in time to take a part (it takes the last
   * first, with the embed whose script must come at the end) is the
   * system's to say: the body is written until it has, on a busy
   * machine many times over. */
  for (guint run = 0; run < 5000 && n_helped == 0; run++)
    {
      g_autofree char *html = NULL;
      CdHtmlHelp *help = cd_html_help_new ();
      GThread *thread = g_thread_new ("help", help_thread, help);

      options.help = help;
      html = cd_html_write (article, &options);
      cd_html_help_close (help);
      n_helped += GPOINTER_TO_UINT (g_thread_join (thread));
      cd_html_help_free (help);
      g_assert_cmpstr (html, ==, alone);
    }
  g_assert_cmpuint (n_helped, >, 0);

  /* No one helps; then a helper after the body and the close. */
  {
    g_autofree char *html = NULL;
    CdHtmlHelp *help = cd_html_help_new ();

    options.help = help;
    html = cd_html_write (article, &options);
    g_assert_cmpstr (html, ==, alone);
    cd_html_help_close (help);
    g_assert_cmpuint (cd_html_help_run (help), ==, 0);
    g_clear_pointer (&html, g_free);
    html = cd_html_write (article, &options);
    g_assert_cmpstr (html, ==, alone);
    cd_html_help_free (help);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/html/escape", test_escape);
  g_test_add_func ("/core/html/official-provider", test_official_provider);
  g_test_add_func ("/core/html/block-dom-id", test_block_dom_id);
  g_test_add_func ("/core/html/dateline-block", test_dateline_block);
  g_test_add_func ("/core/html/write-copy", test_write_copy);
  g_test_add_func ("/core/html/write-text", test_write_text);
  g_test_add_func ("/core/html/escape/fields", test_escape_fields);
  g_test_add_func ("/core/html/escape/official", test_escape_official);
  g_test_add_func ("/core/html/links/schemes", test_link_schemes);
  g_test_add_func ("/core/html/private-fields", test_private_fields);
  g_test_add_func ("/core/html/block-ids", test_block_ids);
  g_test_add_func ("/core/html/dateline", test_dateline);
  g_test_add_func ("/core/html/marks/overlap", test_marks_overlap);
  g_test_add_func ("/core/html/marks/adjacent-nested", test_marks_adjacent_nested);
  g_test_add_func ("/core/html/marks/random", test_marks_random);
  g_test_add_func ("/core/html/marks/code-points", test_marks_code_points);
  g_test_add_func ("/core/html/blocks", test_lists_and_quotes);
  g_test_add_func ("/core/html/header", test_header);
  g_test_add_func ("/core/html/figure/sources", test_figure_sources);
  g_test_add_func ("/core/html/figure/media", test_figure_media);
  g_test_add_func ("/core/html/parts", test_parts);
  g_test_add_func ("/core/html/page", test_page);
  g_test_add_func ("/core/html/embed/static", test_embed_static);
  g_test_add_func ("/core/html/embed/static-variants", test_embed_static_variants);
  g_test_add_func ("/core/html/embed/static-page", test_embed_static_page);
  g_test_add_func ("/core/html/embed/official", test_embed_official);
  g_test_add_func ("/core/html/embed/card-label-from-url", test_embed_card_label_from_url);
  g_test_add_func ("/core/html/embed/isolated", test_embed_isolated);
  g_test_add_func ("/core/html/embed/official/providers", test_embed_official_providers);
  g_test_add_func ("/core/html/embed/static/no-third-party", test_embed_static_no_third_party);
  g_test_add_func ("/core/html/head", test_head);
  g_test_add_func ("/core/html/json-ld", test_json_ld);
  g_test_add_func ("/core/html/json-ld/breakout", test_json_ld_breakout);
  g_test_add_func ("/core/html/stylesheet/link", test_stylesheet_link);
  g_test_add_func ("/core/html/export", test_export);
  g_test_add_func ("/core/html/export-long-page", test_export_long_page);
  g_test_add_func ("/core/html/export-long-page-fails", test_export_long_page_fails);
  g_test_add_func ("/core/html/help", test_help);
  g_test_add_func ("/core/html/export-image-refused", test_export_image_refused);
  g_test_add_func ("/core/html/export-shared-and-missing-images", test_export_shared_and_missing_images);
  g_test_add_func ("/core/html/desk-notice", test_desk_notice);
  g_test_add_func ("/core/html/vnu", test_vnu);
  g_test_add_func ("/core/html/escape-every-position", test_escape_every_position);

  return g_test_run ();
}
