/* test-wp-blocks.c: the WordPress block markup writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

static CdArticle *
load_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "data", "samples", "sample",
                                            "article.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  CdArticle *article;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  article = cd_json_read (contents, length, "article.json", &error);
  g_assert_no_error (error);
  return article;
}

/* The names of the top-level blocks, space-separated, checking on the
 * way that every block comment is closed in order. */
static char *
top_level_blocks (const char *markup)
{
  g_autoptr(GRegex) regex = g_regex_new ("<!-- (/?)wp:([a-z-]+)(?: (\\{[^\\n]*?\\}))? -->", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) names = g_string_new (NULL);

  g_regex_match (regex, markup, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *closing = g_match_info_fetch (match, 1);
      g_autofree char *name = g_match_info_fetch (match, 2);

      if (*closing == '\0')
        {
          if (stack->len == 0)
            {
              if (names->len > 0)
                g_string_append_c (names, ' ');
              g_string_append (names, name);
            }
          g_ptr_array_add (stack, g_steal_pointer (&name));
        }
      else
        {
          g_assert_cmpuint (stack->len, >, 0);
          g_assert_cmpstr (g_ptr_array_index (stack, stack->len - 1), ==, name);
          g_ptr_array_remove_index (stack, stack->len - 1);
        }
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (stack->len, ==, 0);

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_sample_blocks (void)
{
  g_autoptr(CdArticle) article = load_sample ();
  g_autofree char *markup = cd_wp_blocks_write (article, CD_WP_BLOCKS_NONE, NULL, NULL);
  g_autofree char *names = top_level_blocks (markup);

  g_assert_cmpstr (names, ==,
                   "paragraph paragraph paragraph paragraph embed paragraph embed quote heading "
                   "paragraph list image paragraph pullquote embed separator paragraph paragraph");

  /* Desk notes, the headline and the dek travel elsewhere or not at all. */
  g_assert_null (strstr (markup, "press office"));
  g_assert_null (strstr (markup, cd_article_get_headline (article)));
  g_assert_null (strstr (markup, "Electric catamaran will cross"));

  /* The byline line first, the dateline opening the first paragraph. */
  g_assert_true (g_str_has_prefix (markup,
                                   "<!-- wp:paragraph {\"className\":\"byline\"} -->\n"
                                   "<p class=\"byline\">By <span class=\"author\">Maren Talbot</span>"));
  g_assert_nonnull (strstr (markup,
                            "<!-- wp:paragraph -->\n<p><span class=\"dateline\">PORTHAVEN</span> — "
                            "A late-night ferry"));

  /* The exact shapes WordPress 6.1 saves. */
  g_assert_nonnull (strstr (markup,
                            "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>We are <em>not</em>"));
  g_assert_nonnull (strstr (markup,
                            "<!-- /wp:paragraph --><cite>Carys Penhallow, chair of the Porthaven Harbour Board</cite></blockquote>\n<!-- /wp:quote -->"));
  g_assert_nonnull (strstr (markup,
                            "<figure class=\"wp-block-pullquote\"><blockquote><p>“We are giving"));
  g_assert_nonnull (strstr (markup,
                            "<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->"));
  g_assert_nonnull (strstr (markup,
                            "<!-- wp:embed {\"url\":\"https://x.com/porthavenferries/status/1790000000000000000\","
                            "\"type\":\"rich\",\"providerNameSlug\":\"twitter\",\"responsive\":true} -->\n"
                            "<figure class=\"wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter\">"
                            "<div class=\"wp-block-embed__wrapper\">\nhttps://x.com/porthavenferries/status/1790000000000000000\n</div>"
                            "<figcaption class=\"wp-element-caption\"><span class=\"embed-text\">Big news"));
  g_assert_nonnull (strstr (markup,
                            "<figure class=\"wp-block-image size-full\"><img src=\"media/harbour.png\" alt=\"The Old Quay pier"));
  g_assert_nonnull (strstr (markup,
                            "<figcaption class=\"wp-element-caption\">Boarding will move to the end of the Old Quay pier, "
                            "where new lighting is being installed. <span class=\"credit\">Illustration: Copydesk</span></figcaption>"));
  g_assert_nonnull (strstr (markup, "<ul><!-- wp:list-item -->\n<li>Fridays and Saturdays: <strong>every 40 minutes</strong>"));
}

static void
test_include_lead (void)
{
  g_autoptr(CdArticle) article = load_sample ();
  g_autofree char *markup = cd_wp_blocks_write (article, CD_WP_BLOCKS_INCLUDE_LEAD, NULL, NULL);
  g_autofree char *names = top_level_blocks (markup);

  g_assert_true (g_str_has_prefix (names, "paragraph image paragraph"));
  g_assert_nonnull (strstr (markup, "alt=\"A ferry with lit windows"));
}

static char *
media_cb (const char *src,
          gint64     *id,
          gpointer    user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (g_strcmp0 (src, "media/harbour.png") != 0)
    return NULL;

  *id = 42;
  return g_strdup ("https://news.example/wp-content/uploads/2024/05/harbour.png?a=1&b=2");
}

static void
test_uploaded_media (void)
{
  g_autoptr(CdArticle) article = load_sample ();
  guint calls = 0;
  g_autofree char *markup = cd_wp_blocks_write (article, CD_WP_BLOCKS_NONE, media_cb, &calls);

  g_assert_cmpuint (calls, ==, 1);
  g_assert_nonnull (strstr (markup,
                            "<!-- wp:image {\"id\":42,\"sizeSlug\":\"full\",\"linkDestination\":\"none\"} -->\n"
                            "<figure class=\"wp-block-image size-full\">"
                            "<img src=\"https://news.example/wp-content/uploads/2024/05/harbour.png?a=1&amp;b=2\" "
                            "alt=\"The Old Quay pier and harbour lights at dusk, with the catamaran moored mid-harbour.\" "
                            "class=\"wp-image-42\"/>"));
  g_assert_null (strstr (markup, "media/harbour.png"));
}

static void
test_levels_and_order (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) heading = cd_block_new (CD_BLOCK_HEADING);
  g_autoptr(CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autofree char *markup = NULL;
  g_autofree char *names = NULL;

  cd_block_set_text (heading, "Timetable");
  cd_block_set_level (heading, 3);
  cd_article_append_block (article, heading);
  g_ptr_array_add (items, cd_list_item_new ("one"));
  g_ptr_array_add (items, cd_list_item_new ("two"));
  cd_block_set_items (list, items);
  cd_block_set_ordered (list, TRUE);
  cd_article_append_block (article, list);

  markup = cd_wp_blocks_write (article, CD_WP_BLOCKS_NONE, NULL, NULL);
  names = top_level_blocks (markup);
  g_assert_cmpstr (names, ==, "heading list");
  g_assert_cmpstr (markup, ==,
                   "<!-- wp:heading {\"level\":3} -->\n<h3>Timetable</h3>\n<!-- /wp:heading -->\n\n"
                   "<!-- wp:list {\"ordered\":true} -->\n<ol><!-- wp:list-item -->\n<li>one</li>\n<!-- /wp:list-item -->\n\n"
                   "<!-- wp:list-item -->\n<li>two</li>\n<!-- /wp:list-item --></ol>\n<!-- /wp:list -->\n");
}

/* Story text can never end a block comment or become markup: text is
 * HTML-escaped, and attribute JSON spells "--", "<", ">", "&" and quotes
 * as \u escapes, as WordPress's own serializer does. */
static void
test_hostile_text (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autofree char *markup = NULL;
  g_autofree char *names = NULL;

  cd_block_set_text (paragraph, "<!-- /wp:paragraph --><script>alert(1)</script>");
  cd_article_append_block (article, paragraph);
  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "link");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://example.com/a--b?c=\"d\"&e=%3E");
  cd_block_set_field (embed, CD_BLOCK_FIELD_AUTHOR, "\"><img src=x onerror=alert(1)>");
  cd_article_append_block (article, embed);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "javascript:alert(1)");
  cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "kept");
  cd_article_append_block (article, figure);

  markup = cd_wp_blocks_write (article, CD_WP_BLOCKS_NONE, NULL, NULL);
  names = top_level_blocks (markup);

  g_assert_null (strstr (markup, "<script"));
  g_assert_null (strstr (markup, "<img src=x"));
  g_assert_null (strstr (markup, "javascript:"));
  g_assert_nonnull (strstr (markup, "&lt;!-- /wp:paragraph --&gt;&lt;script&gt;"));

  g_assert_cmpstr (names, ==, "paragraph embed paragraph");
  g_assert_nonnull (strstr (markup, "\"url\":\"https://example.com/a\\u002d\\u002db?c=\\u0022d\\u0022\\u0026e=%3E\""));
  g_assert_nonnull (strstr (markup, "\nhttps://example.com/a--b?c=&quot;d&quot;&amp;e=%3E\n"));
  g_assert_nonnull (strstr (markup, "<span class=\"embed-author\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</span>"));
  g_assert_nonnull (strstr (markup, "<p>kept</p>"));
}

static void
test_attribute_escaping (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autofree char *markup = NULL;

  cd_block_set_field (embed, CD_BLOCK_FIELD_PROVIDER, "link");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://example.com/a--b?c=1&d=%3C-->");
  cd_article_append_block (article, embed);

  markup = cd_wp_blocks_write (article, CD_WP_BLOCKS_NONE, NULL, NULL);
  g_assert_true (g_str_has_prefix (markup,
                                   "<!-- wp:embed {\"url\":\"https://example.com/a\\u002d\\u002db?c=1\\u0026d=%3C\\u002d\\u002d\\u003e\","
                                   "\"responsive\":true} -->\n<figure class=\"wp-block-embed\">"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/wp-blocks/sample", test_sample_blocks);
  g_test_add_func ("/core/wp-blocks/include-lead", test_include_lead);
  g_test_add_func ("/core/wp-blocks/uploaded-media", test_uploaded_media);
  g_test_add_func ("/core/wp-blocks/levels-and-order", test_levels_and_order);
  g_test_add_func ("/core/wp-blocks/hostile-text", test_hostile_text);
  g_test_add_func ("/core/wp-blocks/attribute-escaping", test_attribute_escaping);

  return g_test_run ();
}
