/* test-ninjs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"
#include "cd-json-private.h"
#include "cd-test-json.h"

#define NOTES "DESK-ONLY-NOTE: call the council first"

static const guint8 png_bytes[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
  0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* Helpers */

static CdBlock *
add_text_block (CdArticle   *article,
                CdBlockType  type,
                const char  *id,
                const char  *text)
{
  g_autoptr (CdBlock) block = cd_block_new (type);

  cd_block_set_id (block, id);
  if (text != NULL)
    cd_block_set_text (block, text);
  cd_article_append_block (article, block);

  return block;
}

static CdArticle *
make_story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr (GPtrArray) marks = cd_marks_new ();
  g_autoptr (CdDateline) dateline = cd_dateline_new ("SWANSEA", "Wire", "2024-06-03");
  g_autoptr (GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr (CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  const char *keywords[] = { "Swansea", "ferries", NULL };
  CdBlock *block;

  cd_article_set_field (article, CD_ARTICLE_FIELD_ID, "5D1C0E2A-7B3F-4C8D-9E0A-1B2C3D4E5F60");
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "cy");
  cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, "edit");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "swansea-ferry");
  cd_article_set_headline (article, "Ferry <returns> & stays");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "Second season confirmed");
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "2024-06-03T07:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2024-06-03T10:15:00+02:00");
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2024-06-04T05:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, NOTES);
  cd_article_set_keywords (article, keywords);

  g_ptr_array_add (bylines, cd_byline_new ("Rhian Price", "Business editor"));
  g_ptr_array_add (bylines, cd_byline_new ("Owain Lloyd", ""));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);

  cd_article_set_media (article, "media/ferry.png", png);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/ferry.png");
  cd_block_set_field (lead, CD_BLOCK_FIELD_ALT, "A ferry at the quay");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "Lead caption words");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CREDIT, "Photo: Copydesk");
  cd_block_set_size (lead, 1, 1);
  cd_article_set_lead (article, lead);

  block = add_text_block (article, CD_BLOCK_PARAGRAPH, "p1", "One two three.");
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 3, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 4, 7, "https://example.com/two"));
  cd_block_set_marks (block, marks);

  block = add_text_block (article, CD_BLOCK_QUOTE, "q1", "Four five");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Six");

  block = add_text_block (article, CD_BLOCK_FIGURE, "f1", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "https://img.example.com/quay photo.jpg");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "Figure caption words");
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, "Photo: Wire");
  cd_block_set_size (block, 800, 600);

  g_ptr_array_add (items, cd_list_item_new ("Seven"));
  g_ptr_array_add (items, cd_list_item_new ("eight nine"));
  block = add_text_block (article, CD_BLOCK_LIST, "l1", NULL);
  cd_block_set_items (block, items);

  block = add_text_block (article, CD_BLOCK_HEADING, "h1", "Ten");
  cd_block_set_level (block, 3);

  block = add_text_block (article, CD_BLOCK_EMBED, "e1", NULL);
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, "bluesky");
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "post");
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://bsky.app/profile/example.bsky.social/post/3kabc");
  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Example");
  cd_block_set_field (block, CD_BLOCK_FIELD_HANDLE, "@example.bsky.social");
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "Embedded words do not count");
  cd_block_set_field (block, CD_BLOCK_FIELD_DATE, "2024-06-03T09:00:00Z");

  add_text_block (article, CD_BLOCK_DIVIDER, "d1", NULL);

  return article;
}

/* The written text, read as strictly as Copydesk reads any JSON. */
static cJSON *
parse_object (GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  cJSON *root = _cd_json_parse (data, length, CD_JSON_MAX_DEPTH, FALSE, "story.ninjs.json", &error);

  g_assert_no_error (error);
  g_assert_true (cJSON_IsObject (root));

  return root;
}

static gboolean
has_member (const cJSON *object,
            const char  *name)
{
  return cJSON_GetObjectItemCaseSensitive (object, name) != NULL;
}

static guint
array_length (const cJSON *object,
              const char  *member)
{
  return cd_test_json_length (cd_test_json_member (object, member));
}

static const cJSON *
array_object (const cJSON *object,
              const char  *member,
              guint        index)
{
  const cJSON *item = cd_test_json_element (cd_test_json_member (object, member), index);

  g_assert_true (cJSON_IsObject (item));
  return item;
}

static CdArticle *
read_bytes (GBytes     *bytes,
            const char *name)
{
  g_autoptr (GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  CdArticle *article = cd_ninjs_read (data, length, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (article);
  return article;
}

static CdArticle *
read_string (const char  *json,
             GError     **error)
{
  return cd_ninjs_read (json, strlen (json), "item.json", error);
}

static char *
wire_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "core", "data", "wire", name, NULL);
}

static CdBlock *
block_at (CdArticle *article,
          guint      index)
{
  g_assert_cmpuint (index, <, cd_article_get_n_blocks (article));
  return cd_article_get_block (article, index);
}

static const CdByline *
byline_at (CdArticle *article,
           guint      index)
{
  GPtrArray *bylines = cd_article_get_bylines (article);

  g_assert_cmpuint (index, <, bylines->len);
  return g_ptr_array_index (bylines, index);
}

/* Writing */

static void
test_write_fields (void)
{
  g_autoptr (CdArticle) article = make_story ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = cd_ninjs_write (article, &error);
  g_autoptr (cJSON) root = NULL;
  g_autofree char *text = NULL;
  const cJSON *item;
  const cJSON *body;
  const cJSON *rendition;
  const char *html;
  guint words;
  guint characters;

  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_null (strstr (text, "DESK-ONLY-NOTE"));

  root = parse_object (bytes);
  g_assert_cmpstr (cd_test_json_string (root, "uri"), ==, "urn:uuid:5d1c0e2a-7b3f-4c8d-9e0a-1b2c3d4e5f60");
  g_assert_cmpstr (cd_test_json_string (root, "type"), ==, "text");
  g_assert_cmpstr (cd_test_json_string (root, "version"), ==, "1");
  g_assert_cmpstr (cd_test_json_string (root, "firstcreated"), ==, "2024-06-03T07:00:00Z");
  g_assert_cmpstr (cd_test_json_string (root, "versioncreated"), ==, "2024-06-03T08:15:00Z");
  g_assert_cmpstr (cd_test_json_string (root, "embargoed"), ==, "2024-06-04T05:00:00Z");
  g_assert_cmpstr (cd_test_json_string (root, "pubstatus"), ==, "withheld");
  g_assert_cmpstr (cd_test_json_string (root, "language"), ==, "cy");
  g_assert_cmpstr (cd_test_json_string (root, "by"), ==,
                   "Rhian Price, Business editor and Owain Lloyd");
  g_assert_cmpstr (cd_test_json_string (root, "located"), ==, "SWANSEA (Wire)");
  g_assert_cmpstr (cd_test_json_string (root, "contentcreated"), ==, "2024-06-03T00:00:00Z");
  g_assert_cmpstr (cd_test_json_string (root, "slugline"), ==, "swansea-ferry");
  g_assert_false (has_member (root, "keywords"));
  g_assert_false (has_member (root, "ednote"));

  item = array_object (root, "headlines", 0);
  g_assert_cmpstr (cd_test_json_string (item, "role"), ==, "main");
  g_assert_cmpstr (cd_test_json_string (item, "value"), ==, "Ferry <returns> & stays");
  item = array_object (root, "headlines", 1);
  g_assert_cmpstr (cd_test_json_string (item, "role"), ==, "sub");
  g_assert_cmpstr (cd_test_json_string (item, "value"), ==, "Second season confirmed");

  item = array_object (root, "subjects", 1);
  g_assert_cmpstr (cd_test_json_string (item, "name"), ==, "ferries");
  g_assert_cmpstr (cd_test_json_string (item, "rel"), ==, "keyword");

  /* The body is the blocks as the HTML writer renders them: no header,
   * the dateline in the first paragraph, no lead. */
  body = array_object (root, "bodies", 0);
  g_assert_cmpuint (array_length (root, "bodies"), ==, 1);
  g_assert_cmpstr (cd_test_json_string (body, "contenttype"), ==, "text/html");
  html = cd_test_json_string (body, "value");
  g_assert_true (g_str_has_prefix (html, "<p data-block-id=\"p1\""));
  g_assert_nonnull (strstr (html, "<span class=\"dateline\">SWANSEA (Wire)</span>"));
  g_assert_nonnull (strstr (html, "<a href=\"https://example.com/two\""));
  g_assert_nonnull (strstr (html, "<h3 data-block-id=\"h1\""));
  g_assert_null (strstr (html, "<h1"));
  g_assert_null (strstr (html, "Ferry &lt;returns&gt;"));
  g_assert_null (strstr (html, "Lead caption words"));
  g_assert_null (strstr (html, "<script"));

  /* ninjs counts the body without captions; embeds are not the story's
   * words (cd_stats). */
  words = cd_stats_count_words ("One two three.") + cd_stats_count_words ("Four five") +
          cd_stats_count_words ("Six") + cd_stats_count_words ("Seven") +
          cd_stats_count_words ("eight nine") + cd_stats_count_words ("Ten");
  characters = (guint) g_utf8_strlen ("One two three.Four fiveSixSeveneight nineTen", -1);
  g_assert_cmpuint (words, ==, 10);
  g_assert_cmpint (cd_test_json_int (body, "wordcount"), ==, words);
  g_assert_cmpint (cd_test_json_int (body, "charcount"), ==, characters);

  item = array_object (root, "associations", 0);
  g_assert_cmpstr (cd_test_json_string (item, "name"), ==, "featuremedia");
  g_assert_cmpstr (cd_test_json_string (item, "type"), ==, "picture");
  g_assert_cmpstr (cd_test_json_string (item, "by"), ==, "Photo: Copydesk");
  g_assert_cmpstr (cd_test_json_string (item, "uri"), ==,
                   "urn:copydesk:5D1C0E2A-7B3F-4C8D-9E0A-1B2C3D4E5F60:media:ferry.png");
  g_assert_cmpstr (cd_test_json_string (array_object (item, "descriptions", 0), "role"), ==, "caption");
  g_assert_cmpstr (cd_test_json_string (array_object (item, "descriptions", 0), "value"), ==,
                   "Lead caption words");
  g_assert_cmpstr (cd_test_json_string (array_object (item, "descriptions", 1), "role"), ==, "alt");
  rendition = array_object (item, "renditions", 0);
  g_assert_true (g_str_has_prefix (cd_test_json_string (rendition, "href"), "data:image/png;base64,iVBOR"));
  g_assert_cmpstr (cd_test_json_string (rendition, "contenttype"), ==, "image/png");

  /* A figure is named by its block id; its address is made a valid URI. */
  item = array_object (root, "associations", 1);
  g_assert_cmpstr (cd_test_json_string (item, "name"), ==, "f1");
  g_assert_cmpstr (cd_test_json_string (item, "uri"), ==, "https://img.example.com/quay%20photo.jpg");
  rendition = array_object (item, "renditions", 0);
  g_assert_cmpstr (cd_test_json_string (rendition, "href"), ==, "https://img.example.com/quay%20photo.jpg");
  g_assert_cmpint (cd_test_json_int (rendition, "width"), ==, 800);
  g_assert_cmpuint (array_length (root, "associations"), ==, 2);
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
      g_autoptr (cJSON) root = NULL;

      cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, cases[i].status);
      bytes = cd_ninjs_write (article, NULL);
      root = parse_object (bytes);

      g_assert_cmpstr (cd_test_json_string (root, "pubstatus"), ==, cases[i].expected);
      g_assert_false (has_member (root, "embargoed"));
      g_assert_false (has_member (root, "associations"));
      g_assert_true (g_str_has_prefix (cd_test_json_string (root, "uri"), "urn:uuid:"));
    }
}

/* Reading */

static void
test_roundtrip (void)
{
  g_autoptr (CdArticle) article = make_story ();
  g_autoptr (GBytes) bytes = cd_ninjs_write (article, NULL);
  g_autoptr (CdArticle) back = read_bytes (bytes, "story.ninjs.json");
  const CdDateline *dateline = cd_article_get_dateline (back);
  CdBlock *lead = cd_article_get_lead (back);
  const char *keywords[] = { "Swansea", "ferries", NULL };

  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_ID), ==, "5d1c0e2a-7b3f-4c8d-9e0a-1b2c3d4e5f60");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_LANGUAGE), ==, "cy");
  g_assert_cmpstr (cd_article_get_headline (back), ==, "Ferry <returns> & stays");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_SUBHEADLINE), ==, "Second season confirmed");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_SLUG), ==, "swansea-ferry");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_EMBARGO), ==, "2024-06-04T05:00:00Z");
  g_assert_cmpstr (cd_article_get_field (back, CD_ARTICLE_FIELD_STATUS), ==, "draft");
  g_assert_null (cd_article_get_field (back, CD_ARTICLE_FIELD_NOTES));
  g_assert_true (g_strv_equal (cd_article_get_keywords (back), keywords));

  g_assert_cmpuint (cd_article_get_bylines (back)->len, ==, 2);
  g_assert_cmpstr (byline_at (back, 0)->name, ==, "Rhian Price");
  g_assert_cmpstr (byline_at (back, 0)->title, ==, "Business editor");
  g_assert_cmpstr (byline_at (back, 1)->name, ==, "Owain Lloyd");
  g_assert_cmpstr (byline_at (back, 1)->title, ==, "");

  g_assert_cmpstr (dateline->place, ==, "SWANSEA");
  g_assert_cmpstr (dateline->source, ==, "Wire");
  g_assert_cmpstr (dateline->date, ==, "2024-06-03");

  g_assert_nonnull (lead);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION), ==, "Lead caption words");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CREDIT), ==, "Photo: Copydesk");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_ALT), ==, "A ferry at the quay");
  g_assert_true (g_bytes_equal (cd_article_get_media (back, cd_block_get_field (lead, CD_BLOCK_FIELD_SRC)),
                                cd_article_get_media (article, "media/ferry.png")));

  /* Every block comes back, with its id, text, marks and fields; the
   * figure is not repeated from its association. */
  g_assert_cmpuint (cd_article_get_n_blocks (back), ==, cd_article_get_n_blocks (article));
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *a = cd_article_get_block (article, i);
      CdBlock *b = cd_article_get_block (back, i);
      CdBlockType type = cd_block_get_block_type (a);

      g_assert_cmpint (cd_block_get_block_type (b), ==, type);
      g_assert_cmpstr (cd_block_get_id (b), ==, cd_block_get_id (a));

      for (CdBlockField field = 0; field < CD_N_BLOCK_FIELDS; field++)
        {
          if (cd_block_type_has_field (type, field) && field != CD_BLOCK_FIELD_SRC)
            g_assert_cmpstr (cd_block_get_field (b, field), ==, cd_block_get_field (a, field));
        }

      if (cd_block_type_has_marks (type))
        g_assert_true (cd_marks_equal (cd_block_get_marks (a), cd_block_get_marks (b)));
    }

  g_assert_cmpstr (cd_block_get_field (block_at (back, 2), CD_BLOCK_FIELD_SRC), ==,
                   "https://img.example.com/quay%20photo.jpg");
  g_assert_cmpuint (cd_block_get_level (block_at (back, 4)), ==, 3);
  g_assert_cmpuint (cd_block_get_items (block_at (back, 3))->len, ==, 2);
}

static void
test_roundtrip_many_bylines (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (cJSON) root = NULL;
  g_autoptr (CdArticle) back = NULL;

  g_ptr_array_add (bylines, cd_byline_new ("Ana Lima", "Editor, Politics and Business"));
  g_ptr_array_add (bylines, cd_byline_new ("Ben Ode", ""));
  g_ptr_array_add (bylines, cd_byline_new ("Cai Wen", "Data"));
  cd_article_set_bylines (article, bylines);

  bytes = cd_ninjs_write (article, NULL);
  root = parse_object (bytes);
  g_assert_cmpstr (cd_test_json_string (root, "by"), ==,
                   "Ana Lima, Editor, Politics and Business; Ben Ode; Cai Wen, Data");

  back = read_bytes (bytes, "three.json");
  g_assert_cmpuint (cd_article_get_bylines (back)->len, ==, 3);
  g_assert_cmpstr (byline_at (back, 0)->name, ==, "Ana Lima");
  g_assert_cmpstr (byline_at (back, 0)->title, ==, "Editor, Politics and Business");
  g_assert_cmpstr (byline_at (back, 1)->name, ==, "Ben Ode");
  g_assert_cmpstr (byline_at (back, 2)->title, ==, "Data");
}

static void
test_read_1x (void)
{
  g_autofree char *path = wire_path ("ninjs-1.x.json");
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (CdArticle) article = NULL;
  const char *keywords[] = { "Fähre", "Verkehr", NULL };
  CdBlock *lead;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new (contents, length);
  article = read_bytes (bytes, "ninjs-1.x.json");

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Neue Fähre für die Insel");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "de");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED), ==, "2024-06-11T13:20:00Z");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG), ==, "faehre-insel");
  g_assert_true (g_strv_equal (cd_article_get_keywords (article), keywords));
  /* "Von" is German for "By". */
  g_assert_cmpstr (byline_at (article, 0)->name, ==, "Lena Brandt");
  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "HAMBURG");

  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==, "Die neue Fähre fährt ab Juli.");
  g_assert_cmpuint (cd_block_get_marks (block_at (article, 0))->len, ==, 1);

  /* The original, not the thumbnail. */
  lead = cd_article_get_lead (article);
  g_assert_nonnull (lead);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "https://images.example.com/faehre.jpg");
  g_assert_cmpuint (cd_block_get_width (lead), ==, 1600);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION), ==, "Die Fähre bei der Probefahrt.");
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CREDIT), ==, "Foto: Max Kuhn");
}

static void
collect_json_files (const char *dir,
                    GPtrArray  *files)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_json_files (path, files);
      else if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

static void
test_read_iptc_examples (void)
{
  g_autofree char *dir = wire_path ("iptc-ninjs");
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  collect_json_files (dir, files);
  g_assert_cmpuint (files->len, >=, 20);

  /* Every example and test file reads (even those the schema rejects)
   * and writes out again. */
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (CdArticle) article = NULL;
      g_autoptr (GBytes) again = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;

      g_test_message ("%s", path);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      bytes = g_bytes_new (contents, length);
      article = read_bytes (bytes, path);
      again = cd_ninjs_write (article, &error);
      g_assert_no_error (error);
      g_assert_nonnull (again);
    }
}

static CdArticle *
read_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "data", "wire", "iptc-ninjs",
                                                 "doc-2.2", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new (contents, length);
  return read_bytes (bytes, name);
}

static void
test_read_iptc_text (void)
{
  g_autoptr (CdArticle) article = read_example ("005_complex_text_article.json");

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Captain of wrecked cruise ship on trial in Italy");
  g_assert_cmpuint (cd_article_get_bylines (article)->len, ==, 2);
  g_assert_cmpstr (byline_at (article, 1)->name, ==, "Frances d'Emilio");
  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "Grossetto, Italy");

  /* The XHTML body wins over the plain one. */
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 4);
  g_assert_true (g_str_has_prefix (cd_block_get_text (block_at (article, 0)), "GROSSETO, Italy (AP) -- The trial"));
  g_assert_true (g_str_has_suffix (cd_block_get_text (block_at (article, 3)), "Schettino has denied wrongdoing."));
}

static void
test_read_iptc_pictures (void)
{
  g_autoptr (CdArticle) photo = read_example ("006_photo_only.json");
  g_autoptr (CdArticle) multimedia = read_example ("007_multimedia.json");
  CdBlock *lead = cd_article_get_lead (photo);
  CdBlock *figure;

  /* A picture item is its own lead; its "by" is the photographer. */
  g_assert_cmpstr (cd_article_get_headline (photo), ==, "Costa Concordia cruise ship");
  g_assert_nonnull (lead);
  g_assert_true (g_str_has_prefix (cd_block_get_field (lead, CD_BLOCK_FIELD_CAPTION),
                                   "The Costa Concordia cruise ship lies on its side"));
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_CREDIT), ==, "Paulo Santalucia");
  g_assert_cmpuint (cd_article_get_bylines (photo)->len, ==, 0);
  /* Its renditions are plain http, which a story never loads. */
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "");

  /* The first picture association is the lead, the next follows the body. */
  lead = cd_article_get_lead (multimedia);
  g_assert_nonnull (lead);
  g_assert_cmpuint (cd_article_get_n_blocks (multimedia), ==, 5);
  figure = block_at (multimedia, 4);
  g_assert_cmpint (cd_block_get_block_type (figure), ==, CD_BLOCK_FIGURE);
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_CAPTION), !=, "");
}

static void
test_read_sanitises_body (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = read_string (
    "{\"uri\": \"urn:x\", \"bodies\": [{\"contenttype\": \"text/html\", \"value\": "
    "\"<p onclick='steal()'>Hello <a href='javascript:steal()'>there</a>"
    "<script>steal()</script></p><iframe src='https://evil.example'>x</iframe>"
    "<img src='https://evil.example/pixel.gif' onerror='steal()'>"
    "<p><a href='https://example.com'>safe</a> <style>p{}</style>words</p>\"}]}", &error);
  CdBlock *block;
  GPtrArray *marks;

  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (article, 0)), ==, "Hello there");
  g_assert_cmpuint (cd_block_get_marks (block_at (article, 0))->len, ==, 0);

  block = block_at (article, 1);
  g_assert_cmpint (cd_block_get_block_type (block), ==, CD_BLOCK_FIGURE);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), ==, "https://evil.example/pixel.gif");

  block = block_at (article, 2);
  g_assert_cmpstr (cd_block_get_text (block), ==, "safe words");
  marks = cd_block_get_marks (block);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpstr (((CdMark *) g_ptr_array_index (marks, 0))->href, ==, "https://example.com");
}

static void
test_read_plain_body (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) blank_lines = read_string (
    "{\"uri\": \"urn:x\", \"headlines\": [{\"value\": \"Only\"}], \"bodies\": [{\"value\": "
    "\"First  paragraph\\nstill first.\\n\\nSecond.\\r\\n\\r\\n\\n\\nThird.\"}]}", &error);
  g_autoptr (CdArticle) single_lines = read_string (
    "{\"uri\": \"urn:x\", \"body_text\": \"One\\nTwo\\n\\u0007Three\"}", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (blank_lines), ==, "Only");
  g_assert_cmpuint (cd_article_get_n_blocks (blank_lines), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (blank_lines, 0)), ==, "First paragraph still first.");
  g_assert_cmpstr (cd_block_get_text (block_at (blank_lines, 2)), ==, "Third.");

  g_assert_cmpuint (cd_article_get_n_blocks (single_lines), ==, 3);
  g_assert_cmpstr (cd_block_get_text (block_at (single_lines, 2)), ==, "Three");
}

/* A name given twice counts once, with its first value: in an object of
 * associations (1.x) as in every other member. */
static void
test_read_duplicate_names (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = read_string (
    "{\"uri\": \"urn:x\", \"headline\": \"First\", \"headline\": \"Second\", \"body_text\": \"Words.\","
    " \"associations\": {"
    "\"featuremedia\": {\"type\": \"picture\","
    " \"renditions\": {\"original\": {\"href\": \"https://img.example.com/1.jpg\"}}},"
    " \"featuremedia\": {\"type\": \"picture\","
    " \"renditions\": {\"original\": {\"href\": \"https://img.example.com/2.jpg\"}}}}}", &error);
  CdBlock *lead;

  g_assert_no_error (error);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "First");
  lead = cd_article_get_lead (article);
  g_assert_nonnull (lead);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "https://img.example.com/1.jpg");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 1);
  g_assert_cmpint (cd_block_get_block_type (block_at (article, 0)), ==, CD_BLOCK_PARAGRAPH);
}

static void
test_read_errors (void)
{
  const struct
  {
    const char *json;
    int         code;
    const char *words;
  } cases[] = {
    { "{\"uri\": ", CD_ERROR_PARSE, "line 1, column 9: unexpected end of the text" },
    /* A line break in a string: the message never carries one. */
    { "{\n  \"headline\": \"{\n  \"uri\": \"x\"\n}", CD_ERROR_PARSE, "line 2, column 17: unexpected character '\\n'" },
    { "[1, 2, 3]", CD_ERROR_INVALID, "not a JSON object" },
    { "{\"colour\": \"blue\"}", CD_ERROR_INVALID, "not a ninjs story" },
    { "\"just a string\"", CD_ERROR_INVALID, "not a ninjs story" },
    { "", CD_ERROR_PARSE, "item.json" },
    { "{\"uri\": \"\xff\"}", CD_ERROR_PARSE, "UTF-8" },
    /* What JSON does not allow, as article.json refuses it. */
    { "{\"uri\": \"x\" /* a note */}", CD_ERROR_PARSE, "line 1, column 13: unexpected character '/'" },
    { "{\"uri\": \"x\"}\n{}", CD_ERROR_PARSE, "line 2, column 1: unexpected text after the end of the document" },
  };
  g_autoptr (GString) deep = g_string_new ("{\"uri\": ");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CdArticle) article = read_string (cases[i].json, &error);

      g_assert_null (article);
      g_assert_error (error, CD_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "item.json: "));
      g_assert_nonnull (strstr (error->message, cases[i].words));
      for (const char *p = error->message; *p != '\0'; p++)
        g_assert_cmpint ((guchar) *p, >=, 0x20);
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CdArticle) article = read_string (deep->str, &error);

    g_assert_null (article);
    g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
    /* The scan every JSON reader shares names where the 65th level opens. */
    g_assert_cmpstr (error->message, ==, "item.json: line 1, column 72: nested deeper than 64 levels");
  }
}

/* Markup nested deeper than the reader walks, in the body or in a
 * caption, refuses the item instead of losing what follows it. */
static void
test_read_deep_html (void)
{
  g_autoptr (GString) html = g_string_new ("<p>Before.</p>");
  g_autoptr (GString) caption = g_string_new ("Harbour ");
  g_autoptr (cJSON) item = cJSON_CreateObject ();
  g_autoptr (cJSON) picture_item = cJSON_CreateObject ();
  cJSON *description;
  g_autofree char *json = NULL;
  g_autofree char *picture = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) caption_error = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (CdArticle) pictured = NULL;

  for (guint i = 0; i < 230; i++)
    {
      g_string_append (html, "<div>");
      g_string_append (caption, "<b>");
    }
  g_string_append (html, "deep<p>The last paragraph.</p>");
  g_string_append (caption, "at dusk");

  cJSON_AddStringToObject (item, "uri", "urn:example:deep");
  cJSON_AddStringToObject (item, "body_html", html->str);
  json = cd_test_json_print (item, FALSE);

  article = read_string (json, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "item.json: the HTML body nests elements more than 200 deep, deeper than Copydesk reads");

  /* An HTML caption of a picture item. */
  cJSON_AddStringToObject (picture_item, "uri", "urn:example:picture");
  cJSON_AddStringToObject (picture_item, "type", "picture");
  description = cJSON_CreateObject ();
  cJSON_AddStringToObject (description, "contenttype", "text/html");
  cJSON_AddStringToObject (description, "value", caption->str);
  cJSON_AddItemToArray (cJSON_AddArrayToObject (picture_item, "descriptions"), description);
  picture = cd_test_json_print (picture_item, FALSE);

  pictured = read_string (picture, &caption_error);
  g_assert_null (pictured);
  g_assert_error (caption_error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (caption_error->message, "item.json: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ninjs/write-fields", test_write_fields);
  g_test_add_func ("/core/ninjs/write-status", test_write_status);
  g_test_add_func ("/core/ninjs/roundtrip", test_roundtrip);
  g_test_add_func ("/core/ninjs/roundtrip-many-bylines", test_roundtrip_many_bylines);
  g_test_add_func ("/core/ninjs/read-1.x", test_read_1x);
  g_test_add_func ("/core/ninjs/read-iptc-examples", test_read_iptc_examples);
  g_test_add_func ("/core/ninjs/read-iptc-text", test_read_iptc_text);
  g_test_add_func ("/core/ninjs/read-iptc-pictures", test_read_iptc_pictures);
  g_test_add_func ("/core/ninjs/read-sanitises-body", test_read_sanitises_body);
  g_test_add_func ("/core/ninjs/read-plain-body", test_read_plain_body);
  g_test_add_func ("/core/ninjs/read-duplicate-names", test_read_duplicate_names);
  g_test_add_func ("/core/ninjs/read-errors", test_read_errors);
  g_test_add_func ("/core/ninjs/read-deep-html", test_read_deep_html);

  return g_test_run ();
}
