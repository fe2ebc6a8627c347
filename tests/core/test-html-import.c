/* test-html-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

static GPtrArray *
import (const char *html)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *blocks = cd_html_import_blocks (html, strlen (html), "test.html", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (blocks);
  return blocks;
}

static CdBlock *
block_at (GPtrArray *blocks,
          guint      index)
{
  g_assert_cmpuint (index, <, blocks->len);
  return g_ptr_array_index (blocks, index);
}

static void
assert_mark (GPtrArray  *marks,
             guint       index,
             CdMarkType  type,
             guint       start,
             guint       end,
             const char *href)
{
  const CdMark *mark;

  g_assert_cmpuint (index, <, marks->len);
  mark = g_ptr_array_index (marks, index);
  g_assert_cmpint (mark->type, ==, type);
  g_assert_cmpuint (mark->start, ==, start);
  g_assert_cmpuint (mark->end, ==, end);
  g_assert_cmpstr (mark->href, ==, href);
}

static void
test_paragraphs_and_marks (void)
{
  g_autoptr (GPtrArray) blocks = import ("<p>Plain <strong>bold</strong> and <b>b</b>, "
                                         "<em>em</em> and <i>i</i>, "
                                         "<a href=\"https://example.com/x\">a link</a>.</p>"
                                         "<p>Ünïcödé <em>wörds</em> count in code points.</p>");
  CdBlock *first = block_at (blocks, 0);
  CdBlock *second = block_at (blocks, 1);
  GPtrArray *marks;

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (cd_block_get_block_type (first), ==, CD_BLOCK_PARAGRAPH);
  g_assert_cmpstr (cd_block_get_text (first), ==, "Plain bold and b, em and i, a link.");

  marks = cd_block_get_marks (first);
  g_assert_cmpuint (marks->len, ==, 5);
  assert_mark (marks, 0, CD_MARK_STRONG, 6, 10, NULL);
  assert_mark (marks, 1, CD_MARK_STRONG, 15, 16, NULL);
  assert_mark (marks, 2, CD_MARK_EM, 18, 20, NULL);
  assert_mark (marks, 3, CD_MARK_EM, 25, 26, NULL);
  assert_mark (marks, 4, CD_MARK_LINK, 28, 34, "https://example.com/x");

  g_assert_cmpstr (cd_block_get_text (second), ==, "Ünïcödé wörds count in code points.");
  assert_mark (cd_block_get_marks (second), 0, CD_MARK_EM, 8, 13, NULL);
}

static void
test_whitespace (void)
{
  g_autoptr (GPtrArray) blocks = import ("<p>\n   Lots   of\n\tspace <em> here </em>and\u00a0there  </p>"
                                         "<p>line<br>break</p><p>   </p>");
  CdBlock *first = block_at (blocks, 0);

  /* Runs collapse, the ends are trimmed, the no-break space stays, empty
   * paragraphs vanish, and a mark never covers the spaces around it. */
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpstr (cd_block_get_text (first), ==, "Lots of space here and\u00a0there");
  assert_mark (cd_block_get_marks (first), 0, CD_MARK_EM, 14, 18, NULL);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "line break");
}

static void
test_headings (void)
{
  g_autoptr (GPtrArray) blocks = import ("<h1>Title</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h6>Six</h6>");

  g_assert_cmpuint (blocks->len, ==, 5);
  /* An h1 in pasted text (Heading 1 of Google Docs, Word or LibreOffice)
   * is a heading of that text: it becomes a top-level heading. */
  g_assert_cmpint (cd_block_get_block_type (block_at (blocks, 0)), ==, CD_BLOCK_HEADING);
  g_assert_cmpuint (cd_block_get_level (block_at (blocks, 0)), ==, 2);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 0)), ==, "Title");

  g_assert_cmpint (cd_block_get_block_type (block_at (blocks, 1)), ==, CD_BLOCK_HEADING);
  g_assert_cmpuint (cd_block_get_level (block_at (blocks, 1)), ==, 2);
  g_assert_cmpuint (cd_block_get_level (block_at (blocks, 2)), ==, 3);
  g_assert_cmpuint (cd_block_get_level (block_at (blocks, 3)), ==, 3);
  g_assert_cmpuint (cd_block_get_level (block_at (blocks, 4)), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 4)), ==, "Six");
}

static void
test_unsafe_content (void)
{
  g_autoptr (GPtrArray) blocks = import ("<script>alert('s')</script>"
                                         "<style>p { color: red }</style>"
                                         "<p onclick=\"alert(1)\">Safe <a href=\"javascript:alert(2)\">js</a> "
                                         "<a href=\" data:text/html,x\">data</a> "
                                         "<a href=\"mailto:desk@example.com\">mail</a>"
                                         "<script>alert(3)</script></p>"
                                         "<iframe src=\"https://evil.example\">frame text</iframe>"
                                         "<noscript>no script</noscript>"
                                         "<img src=\"x\" onerror=\"alert(4)\">"
                                         "<object data=\"x.swf\">obj</object>"
                                         "<svg><text>svg text</text></svg>"
                                         "<div style=\"x\">Kept <span>text</span></div>");
  CdBlock *first = block_at (blocks, 0);
  GPtrArray *marks = cd_block_get_marks (first);

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpstr (cd_block_get_text (first), ==, "Safe js data mail");
  g_assert_cmpuint (marks->len, ==, 1);
  assert_mark (marks, 0, CD_MARK_LINK, 13, 17, "mailto:desk@example.com");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "Kept text");

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *text = cd_block_get_text (block_at (blocks, i));

      g_assert_null (strstr (text, "alert"));
      g_assert_null (strstr (text, "frame text"));
      g_assert_null (strstr (text, "svg text"));
    }
}

static void
test_unknown_elements_keep_text (void)
{
  g_autoptr (GPtrArray) blocks = import ("Loose text <u>under</u>lined"
                                         "<section><article>In <mark>an</mark> article</article></section>"
                                         "<table><tr><td>Cell one</td><td>Cell two</td></tr></table>"
                                         "<custom-tag>Custom</custom-tag>");

  g_assert_cmpuint (blocks->len, ==, 5);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 0)), ==, "Loose text underlined");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "In an article");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 2)), ==, "Cell one");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 3)), ==, "Cell two");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 4)), ==, "Custom");
}

static void
test_quotes (void)
{
  g_autoptr (GPtrArray) blocks = import ("<blockquote><p>We <em>will</em> sail.</p>"
                                         "<footer>— <cite>Carys Penhallow</cite></footer></blockquote>"
                                         "<blockquote>Bare quote</blockquote>"
                                         "<aside class=\"pullquote\"><p>Pulled</p>"
                                         "<p class=\"attribution\">Someone</p></aside>");
  CdBlock *quote = block_at (blocks, 0);

  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpint (cd_block_get_block_type (quote), ==, CD_BLOCK_QUOTE);
  g_assert_cmpstr (cd_block_get_text (quote), ==, "We will sail.");
  assert_mark (cd_block_get_marks (quote), 0, CD_MARK_EM, 3, 7, NULL);
  g_assert_cmpstr (cd_block_get_field (quote, CD_BLOCK_FIELD_ATTRIBUTION), ==, "Carys Penhallow");

  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "Bare quote");
  g_assert_cmpstr (cd_block_get_field (block_at (blocks, 1), CD_BLOCK_FIELD_ATTRIBUTION), ==, "");

  g_assert_cmpint (cd_block_get_block_type (block_at (blocks, 2)), ==, CD_BLOCK_PULLQUOTE);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 2)), ==, "Pulled");
  g_assert_cmpstr (cd_block_get_field (block_at (blocks, 2), CD_BLOCK_FIELD_ATTRIBUTION), ==, "Someone");
}

static void
test_lists (void)
{
  g_autoptr (GPtrArray) blocks = import ("<ol><li>One <strong>bold</strong></li>"
                                         "<li>Two<ul><li>Two a</li><li>Two b</li></ul></li>"
                                         "<li>   </li></ol><ul><li>Only</li></ul><ul></ul>");
  CdBlock *list = block_at (blocks, 0);
  GPtrArray *items = cd_block_get_items (list);
  const CdListItem *item;

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (cd_block_get_block_type (list), ==, CD_BLOCK_LIST);
  g_assert_true (cd_block_get_ordered (list));

  /* Nested items are flattened after their parent; empty ones go. */
  g_assert_cmpuint (items->len, ==, 4);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->text, ==, "One bold");
  assert_mark (item->marks, 0, CD_MARK_STRONG, 4, 8, NULL);
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 1))->text, ==, "Two");
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 2))->text, ==, "Two a");
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 3))->text, ==, "Two b");

  g_assert_false (cd_block_get_ordered (block_at (blocks, 1)));
}

static void
test_figures (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  /* A 1×1 transparent GIF. */
  const char *html =
    "<figure><img src=\"https://img.example.com/a.jpg\" alt=\"Alt &amp; text\" width=\"800\" height=\"600\">"
    "<figcaption>A caption. <span class=\"credit\">Photo: Ana</span></figcaption></figure>"
    "<p>Text <img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\" alt=\"dot\"> after</p>"
    "<img src=\"http://insecure.example.com/b.jpg\" alt=\"insecure\">"
    "<figure><img src=\"javascript:alert(1)\"><figcaption>Caption kept</figcaption></figure>"
    "<img src=\"data:text/html;base64,PHNjcmlwdD4=\">";
  CdBlock *figure;
  g_auto (GStrv) media = NULL;

  blocks = cd_html_import_blocks (html, strlen (html), "test.html", article, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (blocks->len, ==, 4);

  figure = block_at (blocks, 0);
  g_assert_cmpint (cd_block_get_block_type (figure), ==, CD_BLOCK_FIGURE);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "https://img.example.com/a.jpg");
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_ALT), ==, "Alt & text");
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, "A caption.");
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CREDIT), ==, "Photo: Ana");
  g_assert_cmpuint (cd_block_get_width (figure), ==, 800);
  g_assert_cmpuint (cd_block_get_height (figure), ==, 600);

  /* An image inside text follows its paragraph, stored in the story. */
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "Text after");
  figure = block_at (blocks, 2);
  g_assert_true (g_str_has_prefix (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), "media/image-"));
  g_assert_true (g_str_has_suffix (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ".gif"));
  g_assert_nonnull (cd_article_get_media (article, cd_block_get_field (figure, CD_BLOCK_FIELD_SRC)));

  /* http and javascript: images are not shown; one with a caption keeps
   * it, one without anything to say is dropped, and a data: URI that is
   * not an image is never stored. */
  figure = block_at (blocks, 3);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "");
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), ==, "Caption kept");

  media = cd_article_list_media (article);
  g_assert_cmpuint (g_strv_length (media), ==, 1);
}

static void
test_embed_cards (void)
{
  g_autoptr (GPtrArray) blocks = import (
    "<figure class=\"embed embed-x\" data-block-id=\"e1\"><blockquote class=\"embed-card\" "
    "cite=\"https://x.com/someone/status/123\" lang=\"en\"><p class=\"embed-text\">Line one<br>Line two</p>"
    "</blockquote><figcaption><span class=\"embed-author\">Some One</span> "
    "<span class=\"embed-handle\">@someone</span> on <span class=\"embed-provider\">X</span> · "
    "<a href=\"https://x.com/someone/status/123\"><time datetime=\"2024-05-14T11:03:00Z\">May 14</time></a>"
    "</figcaption></figure>"
    "<blockquote class=\"twitter-tweet\"><p lang=\"fr\">Un post</p>— Quelqu'un "
    "<a href=\"https://twitter.com/quelquun/status/456\">14 mai</a></blockquote>"
    "<script async src=\"https://platform.twitter.com/widgets.js\"></script>"
    "<figure class=\"embed\"><blockquote cite=\"javascript:alert(1)\"><p>Not an embed</p></blockquote></figure>");
  CdBlock *embed = block_at (blocks, 0);

  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpint (cd_block_get_block_type (embed), ==, CD_BLOCK_EMBED);
  g_assert_cmpstr (cd_block_get_id (embed), ==, "e1");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_PROVIDER), ==, "x");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_KIND), ==, "post");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_URL), ==, "https://x.com/someone/status/123");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TEXT), ==, "Line one\nLine two");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "Some One");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_HANDLE), ==, "@someone");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_DATE), ==, "2024-05-14T11:03:00Z");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_LANG), ==, "en");

  /* A provider's own markup becomes the same kind of block. */
  embed = block_at (blocks, 1);
  g_assert_cmpint (cd_block_get_block_type (embed), ==, CD_BLOCK_EMBED);
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_URL), ==, "https://twitter.com/quelquun/status/456");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_TEXT), ==, "Un post");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_LANG), ==, "fr");

  /* A card whose address is not https is no embed; its text stays. */
  g_assert_cmpint (cd_block_get_block_type (block_at (blocks, 2)), ==, CD_BLOCK_QUOTE);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 2)), ==, "Not an embed");
}

static void
test_dateline_and_ids (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  g_autofree char *dateline = NULL;
  const char *html = "<h2 data-block-id=\"h1\">Heading</h2>"
                     "<p data-block-id=\"p1\"><span class=\"dateline\">PORTHAVEN (Wire)</span> — First.</p>"
                     "<p data-block-id=\"p1\"><span class=\"dateline\">NOT</span> — Second.</p>"
                     "<hr data-block-id=\"d1\">";

  blocks = cd_html_import_blocks (html, strlen (html), "test.html", NULL, &dateline, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (dateline, ==, "PORTHAVEN (Wire)");
  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpstr (cd_block_get_id (block_at (blocks, 0)), ==, "h1");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "First.");
  g_assert_cmpstr (cd_block_get_id (block_at (blocks, 1)), ==, "p1");

  /* Only the first paragraph has a dateline, and ids stay unique. */
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 2)), ==, "NOT — Second.");
  g_assert_cmpstr (cd_block_get_id (block_at (blocks, 2)), !=, "p1");
  g_assert_cmpint (cd_block_get_block_type (block_at (blocks, 3)), ==, CD_BLOCK_DIVIDER);
  g_assert_cmpstr (cd_block_get_id (block_at (blocks, 3)), ==, "d1");
}

static void
test_overlapping_marks_merge (void)
{
  g_autoptr (GPtrArray) blocks = import ("<p><em>one <em>two</em></em><em> three</em> "
                                         "<a href=\"https://a.example\">a <a href=\"https://b.example\">b</a></a></p>");
  GPtrArray *marks = cd_block_get_marks (block_at (blocks, 0));

  /* Same-type marks may not overlap in article.json: nested emphasis
   * becomes one mark; neighbours apart by a space stay two. */
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 0)), ==, "one two three a b");
  g_assert_cmpuint (marks->len, ==, 4);
  assert_mark (marks, 0, CD_MARK_EM, 0, 7, NULL);
  assert_mark (marks, 1, CD_MARK_EM, 8, 13, NULL);
  assert_mark (marks, 2, CD_MARK_LINK, 14, 15, "https://a.example");
  assert_mark (marks, 3, CD_MARK_LINK, 16, 17, "https://b.example");
}

static void
test_paragraph_split_keeps_marks (void)
{
  g_autoptr (GPtrArray) blocks = import ("Loose <em>before<section>inside</section>after</em> end");

  /* The parser opens a paragraph for the loose text and leaves the
   * section in it; the section becomes a paragraph of its own and the
   * emphasis runs on in all three. */
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 0)), ==, "Loose before");
  assert_mark (cd_block_get_marks (block_at (blocks, 0)), 0, CD_MARK_EM, 6, 12, NULL);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "inside");
  assert_mark (cd_block_get_marks (block_at (blocks, 1)), 0, CD_MARK_EM, 0, 6, NULL);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 2)), ==, "after end");
  g_assert_cmpuint (cd_block_get_marks (block_at (blocks, 2))->len, ==, 1);
  assert_mark (cd_block_get_marks (block_at (blocks, 2)), 0, CD_MARK_EM, 0, 5, NULL);
}

static void
test_deep_nesting (void)
{
  const guint depths[] = { 230, 300, 5000 };
  g_autoptr (GString) html = g_string_new (NULL);
  g_autoptr (GPtrArray) blocks = NULL;

  /* Nesting that no story has is refused, never cut off: the text after
   * it would be lost without a word. Neither libxml2 nor the walk may
   * recurse without bound. */
  for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) refused = NULL;

      g_string_assign (html, "<p>Before.</p>");
      for (guint i = 0; i < depths[d]; i++)
        g_string_append (html, "<div><span>");
      g_string_append (html, "deep<p>The last paragraph.</p>");

      refused = cd_html_import_blocks (html->str, html->len, "deep.html", NULL, NULL, &error);
      g_assert_null (refused);
      g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
      g_assert_cmpstr (error->message, ==,
                       "deep.html: the HTML body nests elements more than 200 deep, deeper than Copydesk reads");
    }

  /* Deep but within bounds: every word is kept. */
  g_string_assign (html, "<p>Before.</p>");
  for (guint i = 0; i < 90; i++)
    g_string_append (html, "<div><span>");
  g_string_append (html, "deep");
  for (guint i = 0; i < 90; i++)
    g_string_append (html, "</span></div>");
  g_string_append (html, "<p>The last paragraph.</p>");

  blocks = import (html->str);
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 0)), ==, "Before.");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 1)), ==, "deep");
  g_assert_cmpstr (cd_block_get_text (block_at (blocks, 2)), ==, "The last paragraph.");
}

static void
test_empty_and_garbage (void)
{
  g_autoptr (GPtrArray) empty = import ("");
  g_autoptr (GPtrArray) garbage = NULL;
  const char bytes[] = "<p>\xff\xfe broken \x01 bytes</p>";
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (empty->len, ==, 0);

  garbage = cd_html_import_blocks (bytes, sizeof bytes - 1, "test.html", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (garbage->len, ==, 1);
  g_assert_true (g_utf8_validate (cd_block_get_text (block_at (garbage, 0)), -1, NULL));
  g_assert_nonnull (strstr (cd_block_get_text (block_at (garbage, 0)), "broken"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/html-import/paragraphs-and-marks", test_paragraphs_and_marks);
  g_test_add_func ("/core/html-import/whitespace", test_whitespace);
  g_test_add_func ("/core/html-import/headings", test_headings);
  g_test_add_func ("/core/html-import/unsafe-content", test_unsafe_content);
  g_test_add_func ("/core/html-import/unknown-elements-keep-text", test_unknown_elements_keep_text);
  g_test_add_func ("/core/html-import/quotes", test_quotes);
  g_test_add_func ("/core/html-import/lists", test_lists);
  g_test_add_func ("/core/html-import/figures", test_figures);
  g_test_add_func ("/core/html-import/embed-cards", test_embed_cards);
  g_test_add_func ("/core/html-import/dateline-and-ids", test_dateline_and_ids);
  g_test_add_func ("/core/html-import/overlapping-marks-merge", test_overlapping_marks_merge);
  g_test_add_func ("/core/html-import/paragraph-split-keeps-marks", test_paragraph_split_keeps_marks);
  g_test_add_func ("/core/html-import/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/html-import/empty-and-garbage", test_empty_and_garbage);

  return g_test_run ();
}
