/* test-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "copydesk-core.h"
#include "cd-json-private.h"
#include "cd-test-json.h"
#include "cd-test-utils.h"

#define DISPLAY_NAME "story.json"

/* Test JSON is written with ' for " so it stays readable in C. */
static char *
dequote (const char *json)
{
  char *copy = g_strdup (json);

  g_strdelimit (copy, "'", '"');
  return copy;
}

/* A story with the two required members and @members after them. */
static char *
story (const char *members)
{
  g_autofree char *json = NULL;

  if (members == NULL || *members == '\0')
    json = g_strdup ("{'format': 'copydesk.article', 'version': 1}");
  else
    json = g_strdup_printf ("{'format': 'copydesk.article', 'version': 1, %s}", members);

  return dequote (json);
}

static CdArticle *
read_json (const char  *json,
           GError     **error)
{
  return cd_json_read (json, strlen (json), DISPLAY_NAME, error);
}

static CdArticle *
read_story (const char *members)
{
  g_autofree char *json = story (members);
  g_autoptr (GError) error = NULL;
  CdArticle *article;

  article = read_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);

  return article;
}

static char *
write_json (CdArticle *article)
{
  g_autoptr (GBytes) bytes = cd_json_write (article);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  char *json = g_strndup (data, size);

  g_assert_cmpuint (size, >, 0);
  g_assert_cmpuint (strlen (json), ==, size);
  return json;
}

static void
assert_error (const char *json,
              gint        code,
              const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;

  article = read_json (json, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_story_error (const char *members,
                    gint        code,
                    const char *message)
{
  g_autofree char *json = story (members);

  assert_error (json, code, message);
}

static void
assert_blocks_equal (CdBlock *a,
                     CdBlock *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true (a == b);
      return;
    }

  g_assert_cmpstr (cd_block_get_id (a), ==, cd_block_get_id (b));
  g_assert_cmpint (cd_block_get_block_type (a), ==, cd_block_get_block_type (b));
  for (guint i = 0; i < CD_N_BLOCK_FIELDS; i++)
    g_assert_cmpstr (cd_block_get_field (a, i), ==, cd_block_get_field (b, i));
  g_assert_true (cd_marks_equal (cd_block_get_marks (a), cd_block_get_marks (b)));
  g_assert_true (cd_block_equal (a, b));
}

static void
assert_articles_equal (CdArticle *a,
                       CdArticle *b)
{
  GPtrArray *bylines_a = cd_article_get_bylines (a);
  GPtrArray *bylines_b = cd_article_get_bylines (b);
  const CdDateline *dateline_a = cd_article_get_dateline (a);
  const CdDateline *dateline_b = cd_article_get_dateline (b);

  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    g_assert_cmpstr (cd_article_get_field (a, i), ==, cd_article_get_field (b, i));

  g_assert_true (g_strv_equal (cd_article_get_keywords (a), cd_article_get_keywords (b)));

  g_assert_cmpuint (bylines_a->len, ==, bylines_b->len);
  for (guint i = 0; i < bylines_a->len; i++)
    {
      const CdByline *ba = g_ptr_array_index (bylines_a, i);
      const CdByline *bb = g_ptr_array_index (bylines_b, i);

      g_assert_cmpstr (ba->name, ==, bb->name);
      g_assert_cmpstr (ba->title, ==, bb->title);
    }

  if (dateline_a == NULL || dateline_b == NULL)
    {
      g_assert_true (dateline_a == dateline_b);
    }
  else
    {
      g_assert_cmpstr (dateline_a->place, ==, dateline_b->place);
      g_assert_cmpstr (dateline_a->source, ==, dateline_b->source);
      g_assert_cmpstr (dateline_a->date, ==, dateline_b->date);
    }

  assert_blocks_equal (cd_article_get_lead (a), cd_article_get_lead (b));

  g_assert_cmpuint (cd_article_get_n_blocks (a), ==, cd_article_get_n_blocks (b));
  for (guint i = 0; i < cd_article_get_n_blocks (a); i++)
    assert_blocks_equal (cd_article_get_block (a, i), cd_article_get_block (b, i));
}

static CdBlock *
new_block (CdBlockType  type,
           const char  *id)
{
  CdBlock *block = cd_block_new (type);

  cd_block_set_id (block, id);
  return block;
}

static void
append (CdArticle *article,
        CdBlock   *block)
{
  cd_article_append_block (article, block);
  g_object_unref (block);
}

static CdListItem *
list_item (const char *text,
           CdMark     *mark)
{
  CdListItem *item = cd_list_item_new (text);

  if (mark != NULL)
    g_ptr_array_add (item->marks, mark);
  return item;
}

/* Every field, every block type and every mark type, with text that is
 * not ASCII so offsets in code points and bytes differ. */
static CdArticle *
build_full_article (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr (GPtrArray) marks = cd_marks_new ();
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr (CdDateline) dateline = cd_dateline_new ("PARIS", "AFP", "2024-05-14");
  g_autoptr (CdBlock) lead = new_block (CD_BLOCK_FIGURE, "lead");
  const char *keywords[] = { "Café", "5G", "night economy", NULL };
  CdBlock *block;

  cd_article_set_field (article, CD_ARTICLE_FIELD_ID, "7d5e2c1a-0b6f-4c8e-9a3d-5f1e2d3c4b5a");
  cd_article_set_field (article, CD_ARTICLE_FIELD_LANGUAGE, "fr");
  cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, "approved");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "cafe-unicode");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "Monde");
  cd_article_set_field (article, CD_ARTICLE_FIELD_HEADLINE, "Café — ünïcode in the “headline”");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, "A dek with \"quotes\", a \\ and a tab\t");
  cd_article_set_field (article, CD_ARTICLE_FIELD_CREATED, "2024-05-14T08:12:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_MODIFIED, "2024-05-14T15:47:30Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_PUBLISHED, "2024-05-15T06:00:00Z");
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2024-05-15T05:00:00+02:00");
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, "For the desk:\nline two, 日本語 and emoji 🚢");
  cd_article_set_keywords (article, keywords);

  g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", "Staff reporter"));
  g_ptr_array_add (bylines, cd_byline_new ("Zoë Ünal", ""));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);

  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/harbour.png");
  cd_block_set_field (lead, CD_BLOCK_FIELD_ALT, "A ferry at dusk");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "The Moonrunner on trial");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CREDIT, "Photo: Ünal");
  cd_block_set_size (lead, 640, 360);
  cd_article_set_lead (article, lead);

  /* Added out of order: the writer sorts them. */
  block = new_block (CD_BLOCK_PARAGRAPH, "p1");
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 14, "https://example.com/caf%C3%A9?a=1&b=2"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 7, 14, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 4, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 15, 18, NULL));
  cd_block_set_text_and_marks (block, "Café — ünïcode and 🚢 ships", marks);
  append (article, block);

  block = new_block (CD_BLOCK_HEADING, "h1");
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 0, 4, NULL));
  cd_block_set_level (block, 3);
  cd_block_set_text_and_marks (block, "Über the harbour", marks);
  append (article, block);

  block = new_block (CD_BLOCK_QUOTE, "q1");
  g_ptr_array_set_size (marks, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 3, 7, "http://example.org/"));
  cd_block_set_text_and_marks (block, "We are not building a party boat.", marks);
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Carys Penhallow");
  append (article, block);

  block = new_block (CD_BLOCK_PULLQUOTE, "pq1");
  cd_block_set_text (block, "“A way to get home.”");
  cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Carys Penhallow");
  append (article, block);

  block = new_block (CD_BLOCK_LIST, "l1");
  cd_block_set_ordered (block, TRUE);
  g_ptr_array_add (items, list_item ("Fridays: every 40 minutes", cd_mark_new (CD_MARK_STRONG, 0, 7, NULL)));
  g_ptr_array_add (items, list_item ("Write to desk@example.com", cd_mark_new (CD_MARK_LINK, 9, 25, "mailto:desk@example.com")));
  g_ptr_array_add (items, list_item ("Ça va", NULL));
  cd_block_set_items (block, items);
  append (article, block);

  block = new_block (CD_BLOCK_FIGURE, "f1");
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "https://images.example/pier.jpg");
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, "The pier");
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "Boarding moves to the pier.");
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, "Photo: desk");
  append (article, block);

  block = new_block (CD_BLOCK_EMBED, "e1");
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, "bluesky");
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://bsky.app/profile/example.bsky.social/post/3kabc");
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "post");
  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Layla Haddad");
  cd_block_set_field (block, CD_BLOCK_FIELD_HANDLE, "@example.bsky.social");
  cd_block_set_field (block, CD_BLOCK_FIELD_TITLE, "A post");
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "أخيرًا عبّارة ليلية");
  cd_block_set_field (block, CD_BLOCK_FIELD_DATE, "2024-05-14T12:40:00Z");
  cd_block_set_field (block, CD_BLOCK_FIELD_LANG, "ar");
  append (article, block);

  append (article, new_block (CD_BLOCK_DIVIDER, "d1"));
  block = new_block (CD_BLOCK_PARAGRAPH, "p2");
  cd_block_set_text (block, "Last words.");
  append (article, block);

  return article;
}

/* A new story holding one empty block of every type, as the editor
 * creates them before anything is typed. */
static CdArticle *
build_empty_blocks_article (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);

  for (guint i = 0; i < CD_N_BLOCK_TYPES; i++)
    append (article, cd_block_new (i));
  cd_article_set_lead (article, lead);

  return article;
}

static void
test_roundtrip (void)
{
  g_autoptr (CdArticle) article = build_full_article ();
  g_autoptr (CdArticle) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = write_json (article);
  g_autofree char *second = NULL;

  again = read_json (first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  /* The writer sorted p1's marks; sort the original's to compare. */
  cd_marks_sort (cd_block_get_marks (cd_article_get_block (article, 0)));
  assert_articles_equal (article, again);

  second = write_json (again);
  g_assert_cmpstr (first, ==, second);

  /* A second write of the same object changes nothing either. */
  g_clear_pointer (&second, g_free);
  second = write_json (article);
  g_assert_cmpstr (first, ==, second);
}

static void
test_roundtrip_empty_blocks (void)
{
  g_autoptr (CdArticle) article = build_empty_blocks_article ();
  g_autoptr (CdArticle) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = write_json (article);
  g_autofree char *second = NULL;

  again = read_json (first, &error);
  g_assert_no_error (error);
  /* All but the empty paragraph, which is not written. */
  g_assert_true (cd_block_is_blank_paragraph (cd_article_get_block (article, 0)));
  cd_article_remove_block (article, 0);
  assert_articles_equal (article, again);

  second = write_json (again);
  g_assert_cmpstr (first, ==, second);
}

static cJSON *
parse_object (const char *json)
{
  cJSON *root = cJSON_Parse (json);

  g_assert_true (cJSON_IsObject (root));
  return root;
}

static void
assert_member_order (const cJSON        *object,
                     const char * const *expected)
{
  const cJSON *member = object->child;

  g_assert_true (cJSON_IsObject (object));
  for (guint i = 0; expected[i] != NULL; i++, member = member->next)
    {
      g_assert_nonnull (member);
      g_assert_cmpstr (member->string, ==, expected[i]);
    }
  g_assert_null (member);
}

static gboolean
null_member (const cJSON *object,
             const char  *name)
{
  return cJSON_IsNull (cd_test_json_member (object, name));
}

static void
test_writer_layout (void)
{
  static const char * const top[] = {
    "format", "version", "id", "language", "status", "slug", "section",
    "keywords", "headline", "subheadline", "bylines", "dateline", "created",
    "modified", "published", "embargo", "notes", "lead", "body", NULL
  };
  static const char * const paragraph[] = { "type", "id", "text", "marks", NULL };
  static const char * const heading[] = { "type", "id", "level", "text", "marks", NULL };
  static const char * const quote[] = { "type", "id", "text", "marks", "attribution", NULL };
  static const char * const pullquote[] = { "type", "id", "text", "attribution", NULL };
  static const char * const list[] = { "type", "id", "ordered", "items", NULL };
  static const char * const figure[] = { "type", "id", "src", "alt", "caption", "credit", "width", "height", NULL };
  static const char * const embed[] = {
    "type", "id", "provider", "url", "kind", "author", "handle", "title",
    "text", "date", "lang", NULL
  };
  static const char * const divider[] = { "type", "id", NULL };
  static const char * const * const blocks[] = {
    paragraph, heading, quote, pullquote, list, figure, embed, divider, paragraph
  };
  static const char * const mark[] = { "type", "start", "end", NULL };
  static const char * const link[] = { "type", "start", "end", "href", NULL };
  g_autoptr (CdArticle) article = build_full_article ();
  g_autofree char *json = write_json (article);
  g_autoptr (cJSON) root = NULL;
  const cJSON *body;
  const cJSON *marks;
  const cJSON *figure_object;

  g_assert_true (g_str_has_prefix (json, "{\n  \"format\""));
  g_assert_true (g_str_has_suffix (json, "\n}\n"));
  g_assert_true (strstr (json, "\n    {\n      \"type\"") != NULL);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  /* Non-ASCII text is written as UTF-8, not as \u escapes. */
  g_assert_nonnull (strstr (json, "Café — ünïcode"));
  g_assert_nonnull (strstr (json, "🚢"));
  g_assert_nonnull (strstr (json, "أخيرًا"));
  g_assert_null (strstr (json, "\\u00e9"));

  root = parse_object (json);
  assert_member_order (root, top);
  assert_member_order (cd_test_json_member (root, "lead"), figure);
  g_assert_cmpint (cd_test_json_int (root, "version"), ==, 1);
  g_assert_cmpstr (cd_test_json_string (root, "format"), ==, "copydesk.article");

  body = cd_test_json_member (root, "body");
  g_assert_cmpuint (cd_test_json_length (body), ==, G_N_ELEMENTS (blocks));
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    assert_member_order (cd_test_json_element (body, i), blocks[i]);

  /* Marks come out sorted by start, then end, then type. */
  marks = cd_test_json_member (cd_test_json_element (body, 0), "marks");
  g_assert_cmpuint (cd_test_json_length (marks), ==, 4);
  assert_member_order (cd_test_json_element (marks, 0), mark);
  g_assert_cmpstr (cd_test_json_string (cd_test_json_element (marks, 0), "type"), ==, "strong");
  assert_member_order (cd_test_json_element (marks, 1), link);
  g_assert_cmpstr (cd_test_json_string (cd_test_json_element (marks, 1), "href"),
                   ==, "https://example.com/caf%C3%A9?a=1&b=2");
  g_assert_cmpint (cd_test_json_int (cd_test_json_element (marks, 2), "start"), ==, 7);
  g_assert_cmpint (cd_test_json_int (cd_test_json_element (marks, 3), "start"), ==, 15);

  /* An unknown size is written as null, a known one as a number. */
  figure_object = cd_test_json_element (body, 5);
  g_assert_true (null_member (figure_object, "width"));
  g_assert_true (null_member (figure_object, "height"));
  g_assert_cmpint (cd_test_json_int (cd_test_json_member (root, "lead"), "width"), ==, 640);

  g_assert_cmpstr (cd_test_json_string (root, "embargo"), ==, "2024-05-15T05:00:00+02:00");
  g_assert_true (cJSON_IsTrue (cd_test_json_member (cd_test_json_element (body, 4), "ordered")));
  g_assert_cmpint (cd_test_json_int (cd_test_json_element (body, 1), "level"), ==, 3);
}

static void
test_writer_nulls (void)
{
  g_autoptr (CdArticle) article = build_empty_blocks_article ();
  g_autofree char *json = NULL;
  g_autoptr (cJSON) root = NULL;
  const cJSON *body;
  const cJSON *figure;
  const cJSON *embed;

  cd_article_set_lead (article, NULL);
  json = write_json (article);
  root = parse_object (json);

  g_assert_true (null_member (root, "published"));
  g_assert_true (null_member (root, "embargo"));
  g_assert_true (null_member (root, "lead"));
  g_assert_true (null_member (root, "dateline"));
  g_assert_true (null_member (root, "notes"));
  g_assert_true (null_member (root, "slug"));
  g_assert_cmpstr (cd_test_json_string (root, "headline"), ==, "");
  g_assert_cmpstr (cd_test_json_string (root, "status"), ==, "draft");
  g_assert_cmpuint (cd_test_json_length (cd_test_json_member (root, "keywords")), ==, 0);
  g_assert_cmpuint (cd_test_json_length (cd_test_json_member (root, "bylines")), ==, 0);

  /* Empty block members that have a fixed form are null, not "". The
   * empty paragraph is not written at all: it only held the caret. */
  body = cd_test_json_member (root, "body");
  g_assert_cmpuint (cd_test_json_length (body), ==, CD_N_BLOCK_TYPES - 1);
  g_assert_cmpstr (cd_test_json_string (cd_test_json_element (body, 0), "type"), ==, "heading");
  g_assert_cmpstr (cd_test_json_string (cd_test_json_element (body, 0), "text"), ==, "");
  figure = cd_test_json_element (body, CD_BLOCK_FIGURE - 1);
  g_assert_true (null_member (figure, "src"));
  g_assert_true (null_member (figure, "caption"));
  embed = cd_test_json_element (body, CD_BLOCK_EMBED - 1);
  g_assert_true (null_member (embed, "url"));
  g_assert_true (null_member (embed, "provider"));
  g_assert_cmpstr (cd_test_json_string (embed, "text"), ==, "");
}

/* JSON allows no raw control character in a string (RFC 8259): every
 * one from U+0001 to U+001F is written escaped, and reads back as it was. */
static void
test_writer_control_characters (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (CdArticle) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  char text[40];
  guint n = 0;

  for (guint c = 1; c < 0x20; c++)
    text[n++] = (char) c;
  text[n++] = 'x';
  text[n] = '\0';
  cd_block_set_id (block, "p1");
  cd_block_set_text (block, text);
  cd_article_append_block (article, block);

  json = write_json (article);
  for (const char *p = json; *p != '\0'; p++)
    {
      if (*p != '\n')
        g_assert_cmpint ((guchar) *p, >=, 0x20);
    }
  g_assert_nonnull (strstr (json, "\\u001e\\u001fx\""));

  again = cd_json_read (json, strlen (json), "story.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (again, 0)), ==, text);
}

static void
test_minimal (void)
{
  g_autoptr (CdArticle) article = read_story (NULL);

  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_HEADLINE), ==, "");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS), ==, "draft");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "en");
  g_assert_cmpuint (strlen (cd_article_get_field (article, CD_ARTICLE_FIELD_ID)), >, 0);
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_PUBLISHED));
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO));
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_NOTES));
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_CREATED));
  g_assert_null (cd_article_get_dateline (article));
  g_assert_null (cd_article_get_lead (article));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 0);
  g_assert_cmpuint (cd_article_get_bylines (article)->len, ==, 0);
  g_assert_null (cd_article_get_keywords (article)[0]);
}

static void
test_null_members (void)
{
  g_autoptr (CdArticle) article = read_story (
    "'id': null, 'language': null, 'status': null, 'slug': null, 'section': null, "
    "'keywords': null, 'headline': null, 'subheadline': null, 'bylines': null, "
    "'dateline': null, 'created': null, 'modified': null, 'published': null, "
    "'embargo': null, 'notes': null, 'lead': null, 'body': ["
    "{'type': 'paragraph', 'id': 'p1', 'text': null, 'marks': null}, "
    "{'type': 'heading', 'id': 'h1', 'level': null, 'text': 'H', 'marks': null}, "
    "{'type': 'list', 'id': 'l1', 'ordered': null, 'items': [{'text': null, 'marks': null}]}, "
    "{'type': 'figure', 'id': 'f1', 'src': null, 'alt': null, 'width': null, 'height': null}, "
    "{'type': 'embed', 'id': 'e1', 'provider': null, 'url': null, 'title': null, 'lang': null}]");
  CdBlock *block;
  CdListItem *item;

  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_HEADLINE), ==, "");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS), ==, "draft");
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_PUBLISHED));
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_MODIFIED));
  g_assert_null (cd_article_get_dateline (article));
  g_assert_null (cd_article_get_lead (article));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 5);

  block = cd_article_get_block (article, 0);
  g_assert_cmpstr (cd_block_get_text (block), ==, "");
  g_assert_cmpuint (cd_block_get_marks (block)->len, ==, 0);
  g_assert_cmpuint (cd_block_get_level (cd_article_get_block (article, 1)), ==, 2);

  block = cd_article_get_block (article, 2);
  g_assert_false (cd_block_get_ordered (block));
  g_assert_cmpuint (cd_block_get_items (block)->len, ==, 1);
  item = g_ptr_array_index (cd_block_get_items (block), 0);
  g_assert_cmpstr (item->text, ==, "");
  g_assert_cmpuint (item->marks->len, ==, 0);

  block = cd_article_get_block (article, 3);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_SRC), ==, "");
  g_assert_cmpuint (cd_block_get_width (block), ==, 0);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_block (article, 4), CD_BLOCK_FIELD_URL), ==, "");
}

static void
test_unknown_members (void)
{
  g_autoptr (CdArticle) article = read_story (
    "'x-cms': {'nested': [1, 2, {'deep': true}]}, 'headline': 'Kept', "
    "'bylines': [{'name': 'Jane', 'title': 'Editor', 'email': 'j@example.com'}], "
    "'dateline': {'place': 'OSLO', 'country': 'NO'}, "
    "'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'Hello', 'style': 'big', "
    "'marks': [{'type': 'em', 'start': 0, 'end': 5, 'weight': 700}]}, "
    "{'type': 'pullquote', 'id': 'pq', 'text': 'Q', 'marks': 'pullquotes have no marks'}, "
    "{'type': 'divider', 'id': 'd1', 'text': 'dividers have no text'}]");
  CdBlock *block;
  const CdMark *mark;
  const CdByline *byline;

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Kept");
  byline = g_ptr_array_index (cd_article_get_bylines (article), 0);
  g_assert_cmpstr (byline->name, ==, "Jane");
  g_assert_cmpstr (byline->title, ==, "Editor");
  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "OSLO");
  g_assert_cmpstr (cd_article_get_dateline (article)->source, ==, "");

  block = cd_article_get_block (article, 0);
  g_assert_cmpstr (cd_block_get_text (block), ==, "Hello");
  g_assert_cmpuint (cd_block_get_marks (block)->len, ==, 1);
  mark = g_ptr_array_index (cd_block_get_marks (block), 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_EM);
  g_assert_null (mark->href);

  g_assert_cmpuint (cd_block_get_marks (cd_article_get_block (article, 1))->len, ==, 0);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 2)), ==, "");
}

static void
test_utf8_offsets (void)
{
  /* 14 code points, 19 bytes. */
  g_autoptr (CdArticle) article = read_story (
    "'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'Café — ünïcode', 'marks': ["
    "{'type': 'em', 'start': 7, 'end': 14}, {'type': 'strong', 'start': 0, 'end': 4}, "
    "{'type': 'link', 'start': 2, 'end': 9, 'href': 'https://example.com/'}]}]");
  g_autoptr (CdArticle) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  GPtrArray *marks = cd_block_get_marks (cd_article_get_block (article, 0));
  const CdMark *mark;

  /* Read in sorted order, whatever the file's order. */
  g_assert_cmpuint (marks->len, ==, 3);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  g_assert_cmpuint (mark->start, ==, 0);
  g_assert_cmpuint (mark->end, ==, 4);
  mark = g_ptr_array_index (marks, 1);
  g_assert_cmpint (mark->type, ==, CD_MARK_LINK);
  g_assert_cmpstr (mark->href, ==, "https://example.com/");
  mark = g_ptr_array_index (marks, 2);
  g_assert_cmpint (mark->type, ==, CD_MARK_EM);
  g_assert_cmpuint (mark->start, ==, 7);
  g_assert_cmpuint (mark->end, ==, 14);

  json = write_json (article);
  again = read_json (json, &error);
  g_assert_no_error (error);
  assert_articles_equal (article, again);

  /* Counted in bytes the text would be long enough; in code points not. */
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'Café — ünïcode', "
                      "'marks': [{'type': 'em', 'start': 7, 'end': 15}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].end: mark ends after the text (length 14)");
}

/* The schema requires a non-empty id on every block; a reader that made
 * one up would write back a story other tools refuse. */
static void
test_rejected_block_ids (void)
{
  assert_story_error ("'body': [{'type': 'paragraph', 'text': 'one'}]", CD_ERROR_INVALID,
                      "story.json: body[0].id: missing block id");
  assert_story_error ("'body': [{'type': 'divider', 'id': 'd1'}, {'type': 'paragraph', 'id': '', 'text': 'two'}]",
                      CD_ERROR_INVALID, "story.json: body[1].id: the block id is empty");
  assert_story_error ("'body': [{'type': 'divider', 'id': null}]", CD_ERROR_INVALID,
                      "story.json: body[0].id: missing block id");
  assert_story_error ("'lead': {'type': 'figure', 'src': 'media/a.png'}", CD_ERROR_INVALID,
                      "story.json: lead.id: missing block id");
}

/* Dates and times as the schema's patterns and formats take them. */
static void
test_dates (void)
{
  static const char * const good_times[] = {
    "2024-05-14T08:12:00Z", "2024-02-29T23:59:59.999999+14:00", "2000-02-29T00:00:00-00:30",
  };
  static const char * const bad_times[] = {
    "2024-05-14", "2024-05-14T08:12:00", "2024-05-14 08:12:00Z", "2024-05-14t08:12:00z",
    "2023-02-29T08:12:00Z", "1900-02-29T08:12:00Z", "2024-04-31T08:12:00Z",
    "2024-05-14T24:00:00Z", "2024-05-14T08:60:00Z", "2024-05-14T08:12:60Z",
    "2024-05-14T08:12:00.Z", "2024-05-14T08:12:00+0200", "2024-05-14T08:12:00+24:00",
    "2024-05-14T08:12:00Z ", "", "yesterday",
  };
  static const char * const bad_dates[] = {
    "2024-5-14", "2024-05-14T08:12:00Z", "2023-02-29", "2024-13-01", "2024-00-10",
    "2024-05-00", "14/05/2024", "", "2024-05-14 ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good_times); i++)
    {
      g_autofree char *members = g_strdup_printf ("'embargo': '%s', 'dateline': {'date': '2024-02-29'}",
                                                  good_times[i]);
      g_autoptr (CdArticle) article = read_story (members);

      g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO), ==, good_times[i]);
      g_assert_true (cd_date_time_is_valid (good_times[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_times); i++)
    {
      g_autofree char *members = g_strdup_printf ("'created': '%s'", bad_times[i]);
      g_autofree char *message =
        g_strdup_printf ("story.json: created: '%s' is not a date and time "
                         "(expected such as 2024-05-14T08:12:00Z)", bad_times[i]);

      g_assert_false (cd_date_time_is_valid (bad_times[i]));
      assert_story_error (members, CD_ERROR_INVALID, message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *members = g_strdup_printf ("'dateline': {'place': 'OSLO', 'date': '%s'}",
                                                  bad_dates[i]);
      g_autofree char *message =
        g_strdup_printf ("story.json: dateline.date: '%s' is not a date (expected YYYY-MM-DD)",
                         bad_dates[i]);

      g_assert_false (cd_date_is_valid (bad_dates[i]));
      assert_story_error (members, CD_ERROR_INVALID, message);
    }
}

static char *
nested_story (guint depth)
{
  GString *json = g_string_new ("{\"format\": \"copydesk.article\", \"version\": 1, \"x\": ");

  /* The story object itself is the first level. */
  for (guint i = 1; i < depth; i++)
    g_string_append_c (json, '[');
  for (guint i = 1; i < depth; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');

  return g_string_free (json, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *ok63 = nested_story (63);
  g_autofree char *ok64 = nested_story (CD_JSON_MAX_DEPTH);
  g_autofree char *deep65 = nested_story (65);
  g_autofree char *hostile = nested_story (1000000);
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  article = read_json (ok63, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);
  g_clear_object (&article);

  article = read_json (ok64, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);

  /* Column 114 is where the 65th level opens. */
  assert_error (deep65, CD_ERROR_LIMIT, "story.json: line 1, column 114: nested deeper than 64 levels");
  assert_error (hostile, CD_ERROR_LIMIT, "story.json: line 1, column 114: nested deeper than 64 levels");

  /* Brackets inside strings do not count. */
  {
    g_autoptr (GString) json = g_string_new ("{\"format\": \"copydesk.article\", \"version\": 1, \"headline\": \"");
    g_autoptr (CdArticle) with_brackets = NULL;

    for (guint i = 0; i < 200; i++)
      g_string_append (json, "[{\\\"");
    g_string_append (json, "\"}");
    with_brackets = read_json (json->str, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (cd_article_get_headline (with_brackets)), ==, 200 * 3);
  }

  /* A string that ends in an escaped backslash ends at the quote after
   * it: the brackets that follow count. */
  {
    g_autoptr (GString) json = g_string_new ("{\"format\": \"copydesk.article\", \"version\": 1, "
                                             "\"headline\": \"a\\\\\", \"x\": ");
    g_autoptr (CdArticle) too_deep = NULL;

    for (guint i = 0; i < 70; i++)
      g_string_append_c (json, '[');
    for (guint i = 0; i < 70; i++)
      g_string_append_c (json, ']');
    g_string_append_c (json, '}');
    too_deep = read_json (json->str, &error);
    g_assert_null (too_deep);
    g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
    g_assert_true (g_str_has_suffix (error->message, "nested deeper than 64 levels"));
    g_clear_error (&error);
  }
}

static void
test_invalid_utf8 (void)
{
  const char json[] = "{\"format\": \"copydesk.article\", \"version\": 1, \"headline\": \"Caf\xC3\xA9 \xFF\"}";
  const char overlong[] = "{\"format\": \"copydesk.article\", \"version\": 1, \"headline\": \"\xC0\xAF\"}";
  const char with_nul[] = "{\"format\": \"copydesk.article\", \"version\": 1, \"headline\": \"a\0b\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;

  assert_error (json, CD_ERROR_PARSE, "story.json: not UTF-8 text: invalid byte 0xFF at offset 64");
  assert_error (overlong, CD_ERROR_PARSE, "story.json: not UTF-8 text: invalid byte 0xC0 at offset 58");

  article = cd_json_read (with_nul, sizeof with_nul - 1, DISPLAY_NAME, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "story.json: not UTF-8 text: invalid byte 0x00 at offset 59");
  g_clear_error (&error);

  /* A byte order mark is skipped; offsets still count from the file's start. */
  {
    const char bom[] = "\xEF\xBB\xBF{\"format\": \"copydesk.article\", \"version\": 1, \"headline\": \"Café\"}";
    const char bad_bom[] = "\xEF\xBB\xBF{\"format\": \"\xFE\"}";
    g_autoptr (CdArticle) with_bom = read_json (bom, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cd_article_get_headline (with_bom), ==, "Café");
    assert_error (bad_bom, CD_ERROR_PARSE, "story.json: not UTF-8 text: invalid byte 0xFE at offset 15");
  }

  /* An escape cannot smuggle a lone surrogate past the byte check: the
   * parser refuses it where it stands. */
  assert_story_error ("'headline': 'x\\ud800y'", CD_ERROR_PARSE,
                      "story.json: line 1, column 60: invalid escape '\\ud800' in a string");
}

/* What matters here is that the message names the file, the line and
 * the column where the text goes wrong, and says what is there. */
static void
assert_parse_error (const char *json,
                    guint       line,
                    guint       column)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autofree char *prefix = g_strdup_printf ("story.json: line %u, column %u: ", line, column);

  article = read_json (json, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_PARSE);
  if (!g_str_has_prefix (error->message, prefix) || strlen (error->message) <= strlen (prefix) + 5)
    g_error ("expected \"%s…\", got \"%s\"", prefix, error->message);
  g_assert_true (strstr (error->message, "unexpected") != NULL || strstr (error->message, "invalid") != NULL);
}

static void
test_syntax_errors (void)
{
  assert_parse_error ("{\n  \"format\": \"copydesk.article\",\n  \"version\": 1,\n  \"keywords\": [\"a\", \"b\",]\n}", 4, 25);
  /* A missing comma is found at the member after it. */
  assert_parse_error ("{\n  \"format\": \"copydesk.article\"\n  \"version\": 1\n}", 3, 3);
  /* Columns count characters, not bytes: "nope" starts at character 27, byte 28. */
  assert_parse_error ("{\"headline\": \"Café\", \"x\": nope}", 1, 27);
  assert_parse_error ("{\"format\": \"copydesk.article\", \"version\": 1, \"body\": [}", 1, 55);

  assert_error ("{\"format\": \"copydesk.article\", \"version\": 1}\n{}",
                CD_ERROR_PARSE,
                "story.json: line 2, column 1: unexpected text after the end of the document");
  assert_error ("{\n  // a comment\n  \"format\": \"copydesk.article\", \"version\": 1}",
                CD_ERROR_PARSE, "story.json: line 2, column 3: unexpected character '/'");
  assert_error ("{'format': 'copydesk.article', 'version': 1}",
                CD_ERROR_PARSE, "story.json: line 1, column 2: unexpected character '''");
  assert_error ("{\"format\": \"copydesk.article\", \"version\": 1, \"body\": [}", CD_ERROR_PARSE,
                "story.json: line 1, column 55: unexpected character '}'");
  assert_error ("{\"format\": \"copydesk.article\", \"version\": 1, \"body\": [",
                CD_ERROR_PARSE, "story.json: line 1, column 55: unexpected end of the text");
  /* JSON has no raw line break or tab in a string: it is written \n. */
  assert_error ("{\"format\": \"copydesk.article\", \"headline\": \"two\nlines\"}",
                CD_ERROR_PARSE, "story.json: line 1, column 48: unexpected character '\\n'");
  assert_error ("{\"format\": \"copydesk.article\", \"headline\": \"a\\qb\"}",
                CD_ERROR_PARSE, "story.json: line 1, column 46: invalid escape '\\q' in a string");
  assert_error ("", CD_ERROR_PARSE, "story.json: the file is empty");
  assert_error ("  \n ", CD_ERROR_PARSE, "story.json: the file is empty");
}

static void
test_rejected_top_level (void)
{
  assert_error ("[1, 2]", CD_ERROR_INVALID,
                "story.json: not a Copydesk article: the top level is an array, not an object");
  assert_error ("\"copydesk.article\"", CD_ERROR_INVALID,
                "story.json: not a Copydesk article: the top level is a string, not an object");
  assert_error ("{\"version\": 1, \"headline\": \"x\"}", CD_ERROR_INVALID,
                "story.json: missing 'format': not a Copydesk article");
  assert_error ("{\"format\": null, \"version\": 1}", CD_ERROR_INVALID,
                "story.json: missing 'format': not a Copydesk article");
  assert_error ("{\"format\": \"ninjs\", \"version\": 1}", CD_ERROR_INVALID,
                "story.json: format: 'ninjs' is not a Copydesk article (expected 'copydesk.article')");
  assert_error ("{\"format\": 1, \"version\": 1}", CD_ERROR_INVALID,
                "story.json: format: expected a string, found an integer");
  assert_error ("{\"format\": \"copydesk.article\"}", CD_ERROR_INVALID,
                "story.json: missing 'version': not a Copydesk article");
  assert_error ("{\"format\": \"copydesk.article\", \"version\": \"1\"}", CD_ERROR_INVALID,
                "story.json: version: expected an integer, found a string");
  assert_error ("{\"format\": \"copydesk.article\", \"version\": 1.5}", CD_ERROR_INVALID,
                "story.json: version: expected an integer, found a number");
  assert_error ("{\"format\": \"copydesk.article\", \"version\": 0}", CD_ERROR_INVALID,
                "story.json: version: unknown format version 0");
}

static void
test_newer_version (void)
{
  /* Refused before anything else is looked at: a newer story may use
   * members this reader would misread. */
  assert_error ("{\"format\": \"copydesk.article\", \"version\": 3, \"status\": \"a-new-status\", \"body\": {}}",
                CD_ERROR_VERSION,
                "story.json: was written by a newer Copydesk (format version 3); this version reads version 1");
}

static void
test_rejected_fields (void)
{
  assert_story_error ("'headline': 12", CD_ERROR_INVALID,
                      "story.json: headline: expected a string, found an integer");
  assert_story_error ("'notes': ['a']", CD_ERROR_INVALID,
                      "story.json: notes: expected a string, found an array");
  assert_story_error ("'status': 'killed'", CD_ERROR_INVALID,
                      "story.json: status: unknown status 'killed' (expected draft, edit, approved or published)");
  assert_story_error ("'keywords': 'a, b'", CD_ERROR_INVALID,
                      "story.json: keywords: expected an array, found a string");
  assert_story_error ("'keywords': ['a', 5]", CD_ERROR_INVALID,
                      "story.json: keywords[1]: expected a string, found an integer");
  assert_story_error ("'keywords': ['a', null]", CD_ERROR_INVALID,
                      "story.json: keywords[1]: expected a string, found null");
  assert_story_error ("'bylines': [{'name': 'A'}, {'name': true}]", CD_ERROR_INVALID,
                      "story.json: bylines[1].name: expected a string, found a boolean");
  assert_story_error ("'bylines': ['Jane Roe']", CD_ERROR_INVALID,
                      "story.json: bylines[0]: expected an object, found a string");
  assert_story_error ("'bylines': [null]", CD_ERROR_INVALID,
                      "story.json: bylines[0]: expected an object, found null");
  assert_story_error ("'dateline': 'WASHINGTON'", CD_ERROR_INVALID,
                      "story.json: dateline: expected an object, found a string");
  assert_story_error ("'dateline': {'place': 'X', 'date': 20190604}", CD_ERROR_INVALID,
                      "story.json: dateline.date: expected a string, found an integer");
  assert_story_error ("'lead': {'type': 'paragraph', 'id': 'p0', 'text': 'x'}", CD_ERROR_INVALID,
                      "story.json: lead.type: the lead must be a figure or null, not a paragraph");
  assert_story_error ("'lead': 'media/a.png'", CD_ERROR_INVALID,
                      "story.json: lead: expected an object, found a string");
  assert_story_error ("'lead': {'type': 'figure', 'id': 'lead', 'src': 'media/../secret'}", CD_ERROR_INVALID,
                      "story.json: lead.src: image source 'media/../secret' must be media/NAME "
                      "inside the document or an https:// address");
  assert_story_error ("'body': {'type': 'paragraph'}", CD_ERROR_INVALID,
                      "story.json: body: expected an array, found an object");
}

static void
test_rejected_blocks (void)
{
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1'}, 'text']", CD_ERROR_INVALID,
                      "story.json: body[1]: expected an object, found a string");
  assert_story_error ("'body': [null]", CD_ERROR_INVALID,
                      "story.json: body[0]: expected an object, found null");
  assert_story_error ("'body': [{'id': 'p1', 'text': 'x'}]", CD_ERROR_INVALID,
                      "story.json: body[0].type: missing block type");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1'}, {'type': 'video', 'id': 'v1'}]",
                      CD_ERROR_INVALID, "story.json: body[1].type: unknown block type 'video'");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 7}]", CD_ERROR_INVALID,
                      "story.json: body[0].id: expected a string, found an integer");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': ['x']}]", CD_ERROR_INVALID,
                      "story.json: body[0].text: expected a string, found an array");
  assert_story_error ("'body': [{'type': 'heading', 'id': 'h1', 'level': 4, 'text': 'x'}]", CD_ERROR_INVALID,
                      "story.json: body[0].level: heading level must be 2 or 3, not 4");
  assert_story_error ("'body': [{'type': 'heading', 'id': 'h1', 'level': 1}]", CD_ERROR_INVALID,
                      "story.json: body[0].level: heading level must be 2 or 3, not 1");
  assert_story_error ("'body': [{'type': 'heading', 'id': 'h1', 'level': '2'}]", CD_ERROR_INVALID,
                      "story.json: body[0].level: expected an integer, found a string");
  assert_story_error ("'body': [{'type': 'quote', 'id': 'q1', 'attribution': {}}]", CD_ERROR_INVALID,
                      "story.json: body[0].attribution: expected a string, found an object");
  assert_story_error ("'body': [{'type': 'list', 'id': 'l1', 'ordered': 'yes'}]", CD_ERROR_INVALID,
                      "story.json: body[0].ordered: expected true or false, found a string");
  assert_story_error ("'body': [{'type': 'list', 'id': 'l1', 'items': {'text': 'a'}}]", CD_ERROR_INVALID,
                      "story.json: body[0].items: expected an array, found an object");
  assert_story_error ("'body': [{'type': 'list', 'id': 'l1', 'items': [{'text': 'a'}, 'b']}]", CD_ERROR_INVALID,
                      "story.json: body[0].items[1]: expected an object, found a string");
  assert_story_error ("'body': [{'type': 'list', 'id': 'l1', 'items': [{'text': 'a'}, "
                      "{'text': 'bc', 'marks': [{'type': 'em', 'start': 1, 'end': 3}]}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].items[1].marks[0].end: mark ends after the text (length 2)");
  assert_story_error ("'body': [{'type': 'figure', 'id': 'f1', 'width': -1}]", CD_ERROR_INVALID,
                      "story.json: body[0].width: must not be negative (found -1)");
  assert_story_error ("'body': [{'type': 'figure', 'id': 'f1', 'height': 4294967296}]", CD_ERROR_INVALID,
                      "story.json: body[0].height: 4294967296 is too large");
  assert_story_error ("'body': [{'type': 'embed', 'id': 'e1', 'url': 'javascript:alert(1)'}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].url: embed address 'javascript:alert(1)' must start with https://");
}

static void
test_rejected_figure_src (void)
{
  static const char * const bad[] = {
    "../etc/passwd", "/etc/passwd", "media/", "media/.", "media/..", "media/a/b.png",
    "media/../b.png", "http://example.com/a.png", "https://", "file:///etc/passwd",
    "photo.png", "MEDIA/a.png",
  };
  static const char * const good[] = {
    "media/a.png", "media/caf\xC3\xA9 1.jpg", "https://images.example/a.png",
  };
  /* Hidden names would publish .htaccess and the like beside a page. */
  static const char * const hidden[] = { "media/.htaccess", "media/..a.png", "media/.x.png" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *members = g_strdup_printf ("'body': [{'type': 'divider', 'id': 'd'}, "
                                                  "{'type': 'figure', 'id': 'f', 'src': '%s'}]", bad[i]);
      g_autofree char *message = g_strdup_printf ("story.json: body[1].src: image source '%s' must be "
                                                  "media/NAME inside the document or an https:// address",
                                                  bad[i]);

      assert_story_error (members, CD_ERROR_INVALID, message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autofree char *members = g_strdup_printf ("'body': [{'type': 'figure', 'id': 'f', 'src': '%s'}]", hidden[i]);
      g_autofree char *message = g_strdup_printf ("story.json: body[0].src: image source '%s' names a hidden "
                                                  "file: image names may not start with a dot", hidden[i]);

      assert_story_error (members, CD_ERROR_INVALID, message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *members = g_strdup_printf ("'body': [{'type': 'figure', 'id': 'f', 'src': '%s'}]", good[i]);
      g_autoptr (CdArticle) article = read_story (members);

      g_assert_cmpstr (cd_block_get_field (cd_article_get_block (article, 0), CD_BLOCK_FIELD_SRC), ==, good[i]);
    }
}

static void
test_rejected_marks (void)
{
  /* The message names the block, the mark and the member. */
  assert_story_error ("'body': [{'type': 'divider', 'id': 'd1'}, {'type': 'divider', 'id': 'd2'}, "
                      "{'type': 'divider', 'id': 'd3'}, {'type': 'paragraph', 'id': 'p1', "
                      "'text': 'Twelve chars', 'marks': [{'type': 'em', 'start': 2, 'end': 13}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[3].marks[0].end: mark ends after the text (length 12)");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': {'type': 'em', 'start': 0, 'end': 1}}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks: expected an array, found an object");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', 'marks': [3]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0]: expected an object, found an integer");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', 'marks': [null]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0]: expected an object, found null");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': 0, 'end': 1}, {'type': 'underline', 'start': 0, 'end': 1}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[1].type: unknown mark type 'underline' (expected strong, em or link)");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'start': 0, 'end': 1}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].type: missing mark type (strong, em or link)");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': 0.5, 'end': 1}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].start: expected an integer, found a number");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': '0', 'end': 1}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].start: expected an integer, found a string");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': -1, 'end': 1}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].start: must not be negative (found -1)");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'end': 1}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].start: missing mark start");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': 1, 'end': null}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].end: missing mark end");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': 2, 'end': 2}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].end: mark ends at 2, which is not after its start 2");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'em', 'start': 3, 'end': 1}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].end: mark ends at 1, which is not after its start 3");
  assert_story_error ("'body': [{'type': 'quote', 'id': 'q1', 'text': '', "
                      "'marks': [{'type': 'strong', 'start': 0, 'end': 1}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].end: mark ends after the text (length 0)");
}

/* A mark's members are read as a lookup by name reads them: the first
 * of a name counts, and a null one is one that is not there. */
static void
test_mark_members (void)
{
  g_autoptr (CdArticle) article = NULL;
  const CdMark *mark;

  article = read_story ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdef', 'marks': ["
                        "{'href': null, 'type': 'em', 'end': 3, 'start': 1, 'type': 'underline', 'end': 9}]}]");
  mark = g_ptr_array_index (cd_block_get_marks (cd_article_get_block (article, 0)), 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_EM);
  g_assert_cmpuint (mark->start, ==, 1);
  g_assert_cmpuint (mark->end, ==, 3);
  g_assert_null (mark->href);
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdef', 'marks': ["
                      "{'type': 'link', 'start': 0, 'end': 2, 'href': null, 'href': 'https://a.example/'}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].href: a link needs an address");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdef', 'marks': ["
                      "{'type': 'em', 'start': null, 'start': 0, 'end': 2}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].start: missing mark start");
}

static void
test_mark_overlaps (void)
{
  g_autoptr (CdArticle) article = NULL;

  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdefgh', 'marks': ["
                      "{'type': 'strong', 'start': 4, 'end': 8}, {'type': 'em', 'start': 0, 'end': 8}, "
                      "{'type': 'strong', 'start': 0, 'end': 5}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[2]: overlaps marks[0]; marks of the same type (strong) may not overlap");
  assert_story_error ("'body': [{'type': 'heading', 'id': 'h1', 'text': 'abcdefgh', 'marks': ["
                      "{'type': 'link', 'start': 0, 'end': 8, 'href': 'https://a.example/'}, "
                      "{'type': 'link', 'start': 2, 'end': 3, 'href': 'https://b.example/'}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[1]: overlaps marks[0]; marks of the same type (link) may not overlap");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdefgh', 'marks': ["
                      "{'type': 'em', 'start': 1, 'end': 3}, {'type': 'em', 'start': 1, 'end': 3}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[1]: overlaps marks[0]; marks of the same type (em) may not overlap");

  /* Past eight marks in a block, the same: the pair named is the first
   * in the order of type and start. */
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdefghijklmnop', 'marks': ["
                      "{'type': 'em', 'start': 0, 'end': 1}, {'type': 'em', 'start': 1, 'end': 2}, "
                      "{'type': 'em', 'start': 2, 'end': 3}, {'type': 'em', 'start': 3, 'end': 4}, "
                      "{'type': 'em', 'start': 4, 'end': 5}, {'type': 'strong', 'start': 9, 'end': 12}, "
                      "{'type': 'em', 'start': 6, 'end': 7}, {'type': 'strong', 'start': 0, 'end': 9}, "
                      "{'type': 'em', 'start': 7, 'end': 8}, {'type': 'em', 'start': 4, 'end': 6}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[9]: overlaps marks[4]; marks of the same type (em) may not overlap");
  article = read_story ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdefghijklmnop', 'marks': ["
                        "{'type': 'em', 'start': 0, 'end': 1}, {'type': 'em', 'start': 1, 'end': 2}, "
                        "{'type': 'em', 'start': 2, 'end': 3}, {'type': 'em', 'start': 3, 'end': 4}, "
                        "{'type': 'em', 'start': 4, 'end': 5}, {'type': 'strong', 'start': 9, 'end': 12}, "
                        "{'type': 'em', 'start': 6, 'end': 7}, {'type': 'strong', 'start': 0, 'end': 9}, "
                        "{'type': 'em', 'start': 7, 'end': 8}, {'type': 'em', 'start': 8, 'end': 16}]}]");
  g_assert_cmpuint (cd_block_get_marks (cd_article_get_block (article, 0))->len, ==, 10);
  g_clear_object (&article);

  /* Touching marks of one type and overlapping marks of different types are fine. */
  article = read_story ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abcdefgh', 'marks': ["
                        "{'type': 'em', 'start': 4, 'end': 8}, {'type': 'em', 'start': 0, 'end': 4}, "
                        "{'type': 'strong', 'start': 2, 'end': 6}, "
                        "{'type': 'link', 'start': 1, 'end': 7, 'href': 'mailto:a@example.com'}]}]");
  g_assert_cmpuint (cd_block_get_marks (cd_article_get_block (article, 0))->len, ==, 4);
}

static void
test_rejected_links (void)
{
  g_autoptr (CdArticle) article = NULL;
  const CdMark *mark;

  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].href: a link needs an address");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1, 'href': ''}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].href: a link needs an address");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1, 'href': 42}]}]",
                      CD_ERROR_INVALID, "story.json: body[0].marks[0].href: expected a string, found an integer");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1, 'href': 'javascript:alert(1)'}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].href: unsupported link scheme 'javascript' (use http, https or mailto)");
  assert_story_error ("'body': [{'type': 'list', 'id': 'l1', 'items': [{'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1, 'href': 'data:text/html,hi'}]}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].items[0].marks[0].href: unsupported link scheme 'data' (use http, https or mailto)");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1, 'href': 'www.example.com'}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].href: link address 'www.example.com' has no scheme (use http, https or mailto)");
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                      "'marks': [{'type': 'link', 'start': 0, 'end': 1, 'href': ' javascript:x'}]}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].marks[0].href: link address ' javascript:x' has no scheme (use http, https or mailto)");

  article = read_story ("'body': [{'type': 'paragraph', 'id': 'p1', 'text': 'abc', "
                        "'marks': [{'type': 'link', 'start': 0, 'end': 3, 'href': 'HTTPS://Example.com/'}]}]");
  mark = g_ptr_array_index (cd_block_get_marks (cd_article_get_block (article, 0)), 0);
  g_assert_cmpstr (mark->href, ==, "HTTPS://Example.com/");
}

static void
test_duplicate_ids (void)
{
  assert_story_error ("'body': [{'type': 'paragraph', 'id': 'p1'}, {'type': 'divider', 'id': 'd1'}, "
                      "{'type': 'paragraph', 'id': 'p1'}]",
                      CD_ERROR_INVALID,
                      "story.json: body[2].id: duplicate block id 'p1' (also used by body[0])");
  assert_story_error ("'lead': {'type': 'figure', 'id': 'x'}, 'body': [{'type': 'divider', 'id': 'x'}]",
                      CD_ERROR_INVALID,
                      "story.json: body[0].id: duplicate block id 'x' (also used by lead)");
}

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("COPYDESK_SOURCE_DIR");
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

/* tests/schema/refusals.txt: file name → what its refusal must name. */
static GHashTable *
read_refusals (void)
{
  g_autofree char *path = source_path ("tests", "schema", "refusals.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *space;

      if (*line == '\0' || *line == '#')
        continue;

      space = strpbrk (line, " \t");
      g_assert_nonnull (space);
      *space = '\0';
      g_hash_table_insert (refusals, g_strdup (line), g_strdup (g_strstrip (space + 1)));
    }

  return refusals;
}

static GPtrArray *
list_json_files (const char *dir_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

/* Every document the schema refuses, the reader refuses too, and its
 * message names the file and the member at fault. */
static void
test_schema_bad (void)
{
  g_autofree char *dir = source_path ("tests", "schema", "bad", NULL);
  g_autoptr (GHashTable) refusals = read_refusals ();
  g_autoptr (GPtrArray) names = list_json_files (dir);
  g_autoptr (GString) failures = g_string_new (NULL);

  g_assert_cmpuint (names->len, >=, 27);
  g_assert_cmpuint (names->len, ==, g_hash_table_size (refusals));

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *named = g_hash_table_lookup (refusals, name);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *prefix = g_strconcat (name, ": ", NULL);
      g_autofree char *member = NULL;
      g_autoptr (CdArticle) article = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;

      if (named == NULL)
        {
          g_string_append_printf (failures, "\n  %s is not in tests/schema/refusals.txt", name);
          continue;
        }

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);

      article = cd_json_read (contents, length, name, &error);
      if (article != NULL)
        {
          g_string_append_printf (failures, "\n  %s was accepted", name);
          continue;
        }

      g_test_message ("%s", error->message);
      member = g_str_has_suffix (named, ":") ? g_strconcat (": ", named, " ", NULL) : g_strdup (named);
      if (!g_str_has_prefix (error->message, prefix) ||
          (strcmp (named, "-") != 0 && strstr (error->message, member) == NULL))
        g_string_append_printf (failures, "\n  %s: the message does not name '%s': %s",
                                name, named, error->message);
    }

  if (failures->len > 0)
    g_error ("the reader and data/article.schema.json disagree:%s", failures->str);
}

/* Every document the schema accepts, the reader accepts, and writes back
 * what it read. */
static void
test_schema_good (void)
{
  g_autofree char *dir = source_path ("tests", "schema", "good", NULL);
  g_autoptr (GPtrArray) names = list_json_files (dir);

  g_assert_cmpuint (names->len, >=, 5);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *written = NULL;
      g_autoptr (CdArticle) article = NULL;
      g_autoptr (CdArticle) again = NULL;
      g_autoptr (CdArticle) kept = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);

      article = cd_json_read (contents, length, name, &error);
      if (article == NULL)
        g_error ("the reader refuses %s, which the schema accepts: %s", name, error->message);

      /* What comes back is the story but its blank paragraphs, which
       * only held the caret and are not written. */
      written = write_json (article);
      again = read_json (written, &error);
      g_assert_no_error (error);
      kept = cd_article_without_blank_paragraphs (article);
      assert_articles_equal (kept, again);
    }
}

static void
test_sample (void)
{
  g_autofree char *path = source_path ("data", "samples", "sample", "article.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *written = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (CdArticle) again = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the sample story data/samples/sample/article.json is missing");
      return;
    }

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  article = cd_json_read (contents, length, "sample/article.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);
  g_assert_cmpuint (cd_article_get_n_blocks (article), >, 0);
  g_assert_nonnull (cd_article_get_lead (article));
  g_assert_cmpstr (cd_article_get_headline (article), !=, "");

  written = write_json (article);
  again = read_json (written, &error);
  g_assert_no_error (error);
  assert_articles_equal (article, again);
}

static char *
find_ajv (void)
{
  g_autofree char *ajv = source_path ("build-aux", "node", "node_modules", ".bin", "ajv", NULL);

  if (!g_file_test (ajv, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  return g_steal_pointer (&ajv);
}

static void
assert_schema_valid (const char *ajv,
                     const char *dir,
                     const char *name,
                     const char *json)
{
  g_autofree char *schema = source_path ("data", "article.schema.json", NULL);
  g_autofree char *file = g_build_filename (dir, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;
  const char *argv[] = {
    ajv, "validate", "--spec=draft2020", "-c", "ajv-formats",
    "-s", schema, "-d", file, NULL
  };

  g_file_set_contents (file, json, -1, &error);
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ajv refused %s:\n%s%s", name, out, err);

  g_remove (file);
}

static void
test_schema (void)
{
  g_autofree char *ajv = find_ajv ();
  g_autoptr (CdArticle) full = NULL;
  g_autoptr (CdArticle) empty = NULL;
  g_autofree char *full_json = NULL;
  g_autofree char *empty_json = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;

  /* A missing validator fails, as the validate suite does: a skip counts
   * as passed, and these documents are validated nowhere else. */
  if (ajv == NULL)
    {
      g_test_fail_printf ("ajv is not installed (npm ci in build-aux/node)");
      return;
    }

  dir = cd_test_make_temp_dir ("test-json-XXXXXX");

  full = build_full_article ();
  full_json = write_json (full);
  assert_schema_valid (ajv, dir, "full.json", full_json);

  empty = build_empty_blocks_article ();
  empty_json = write_json (empty);
  assert_schema_valid (ajv, dir, "empty-blocks.json", empty_json);

  g_rmdir (dir);
}

/* A long story is checked while it is parsed; what is wrong with it is
 * said as for a short one: the first bad byte, a nesting too deep, a
 * text cut short; a good one reads whole. */
static void
test_long_text_checked (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"copydesk.article\", \"version\": 1, "
                                          "\"headline\": \"Long\", \"body\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = NULL;
  g_autofree char *bad = NULL;
  gsize bad_at;
  guint n_blocks = 0;

  while (json->len < 600 * 1024)
    {
      g_string_append_printf (json, "%s{\"type\": \"paragraph\", \"id\": \"p%u\", "
                              "\"text\": \"Paragraph %u of a book-length feature, café and all.\"}",
                              n_blocks > 0 ? ", " : "", n_blocks, n_blocks);
      n_blocks++;
    }
  g_string_append (json, "]}");

  article = cd_json_read (json->str, json->len, DISPLAY_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, n_blocks);
  g_clear_object (&article);

  /* A byte that is not UTF-8 far into the text. */
  bad = g_strndup (json->str, json->len);
  bad_at = json->len - 1000;
  while (bad[bad_at] != 'P')
    bad_at++;
  bad[bad_at] = (char) 0xFF;
  article = cd_json_read (bad, json->len, DISPLAY_NAME, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_PARSE);
  {
    g_autofree char *expected = g_strdup_printf ("invalid byte 0xFF at offset %zu", bad_at);

    g_assert_nonnull (strstr (error->message, expected));
  }
  g_clear_error (&error);

  /* Cut short. */
  article = cd_json_read (json->str, json->len - 10, DISPLAY_NAME, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "unexpected end of the text"));
  g_clear_error (&error);

  /* Nested deeper than a story may be, near its end. */
  g_string_truncate (json, json->len - 2);
  g_string_append (json, ", {\"type\": \"paragraph\", \"id\": \"deep\", \"text\": \"x\", \"extra\": ");
  for (guint i = 0; i < 100; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}]}");
  article = cd_json_read (json->str, json->len, DISPLAY_NAME, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "nested deeper than"));
  g_clear_error (&error);

}

/* The members of a long body: 1,000 paragraphs p0 ... p999, block @bad
 * (if below 1,000) written as @bad_block instead, and block @twin (if
 * below 1,000) with the id of block @twin_of. */
static char *
long_body (guint       bad,
           const char *bad_block,
           guint       twin,
           guint       twin_of)
{
  GString *members = g_string_new ("'body': [");

  for (guint i = 0; i < 1000; i++)
    {
      if (i > 0)
        g_string_append (members, ", ");
      if (i == bad)
        g_string_append (members, bad_block);
      else
        g_string_append_printf (members, "{'type': 'paragraph', 'id': 'p%u', 'text': 'Paragraph %u.', "
                                "'marks': [{'type': 'strong', 'start': 0, 'end': 9}]}",
                                i == twin ? twin_of : i, i);
    }
  g_string_append_c (members, ']');

  return g_string_free (members, FALSE);
}

/* A long body is read by two threads at once; a story read so is the
 * story, and what is wrong with one is said as a reading from the start
 * says it: the first error in the text, a repeated id named at its
 * second use wherever the first is. */
static void
test_long_body (void)
{
  const char *bad_mark = "{'type': 'paragraph', 'id': 'bad', 'text': 'Short', "
                         "'marks': [{'type': 'em', 'start': 0, 'end': 50}]}";
  g_autofree char *good = long_body (G_MAXUINT, NULL, G_MAXUINT, 0);
  g_autofree char *late_error = long_body (900, bad_mark, G_MAXUINT, 0);
  g_autofree char *both = long_body (900, bad_mark, 700, 100);
  g_autofree char *early_twin = long_body (G_MAXUINT, NULL, 300, 100);
  g_autofree char *across = long_body (G_MAXUINT, NULL, 800, 100);
  g_autofree char *late_twin = long_body (G_MAXUINT, NULL, 900, 800);
  g_autofree char *first_then_second = long_body (200, bad_mark, 800, 100);
  g_autofree char *lead_twin = g_strconcat ("'lead': {'type': 'figure', 'id': 'p700'}, ", good, NULL);
  g_autoptr (CdArticle) article = read_story (good);

  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 1000);
  for (guint i = 0; i < 1000; i += 111)
    {
      CdBlock *block = cd_article_get_block (article, i);
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *text = g_strdup_printf ("Paragraph %u.", i);

      g_assert_cmpstr (cd_block_get_id (block), ==, id);
      g_assert_cmpstr (cd_block_get_text (block), ==, text);
      g_assert_cmpuint (cd_block_get_marks (block)->len, ==, 1);
    }

  assert_story_error (late_error, CD_ERROR_INVALID,
                      "story.json: body[900].marks[0].end: mark ends after the text (length 5)");
  assert_story_error (both, CD_ERROR_INVALID,
                      "story.json: body[700].id: duplicate block id 'p100' (also used by body[100])");
  assert_story_error (early_twin, CD_ERROR_INVALID,
                      "story.json: body[300].id: duplicate block id 'p100' (also used by body[100])");
  assert_story_error (across, CD_ERROR_INVALID,
                      "story.json: body[800].id: duplicate block id 'p100' (also used by body[100])");
  assert_story_error (late_twin, CD_ERROR_INVALID,
                      "story.json: body[900].id: duplicate block id 'p800' (also used by body[800])");
  assert_story_error (first_then_second, CD_ERROR_INVALID,
                      "story.json: body[200].marks[0].end: mark ends after the text (length 5)");
  assert_story_error (lead_twin, CD_ERROR_INVALID,
                      "story.json: body[700].id: duplicate block id 'p700' (also used by lead)");
}

/* With the trees kept (the command-line programs), a long body read by
 * two threads, and one refused, read as they do with trees freed. */
static void
test_kept_trees (void)
{
  const char *bad_mark = "{'type': 'paragraph', 'id': 'bad', 'text': 'Short', "
                         "'marks': [{'type': 'em', 'start': 0, 'end': 50}]}";
  g_autofree char *good = NULL;
  g_autofree char *late_error = NULL;
  g_autoptr (CdArticle) freed = NULL;
  g_autoptr (CdArticle) kept = NULL;
  g_autoptr (CdArticle) again = NULL;
  g_autofree char *written = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_test_subprocess ())
    {
      /* The hooks stay for the rest of the process. */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  good = long_body (G_MAXUINT, NULL, G_MAXUINT, 0);
  late_error = long_body (900, bad_mark, G_MAXUINT, 0);
  freed = read_story (good);
  cd_json_keep_trees ();
  kept = read_story (good);
  /* A story without an id is given a new one at each reading. */
  cd_article_set_field (kept, CD_ARTICLE_FIELD_ID, cd_article_get_field (freed, CD_ARTICLE_FIELD_ID));
  assert_articles_equal (freed, kept);
  assert_story_error (late_error, CD_ERROR_INVALID,
                      "story.json: body[900].marks[0].end: mark ends after the text (length 5)");

  written = write_json (kept);
  again = read_json (written, &error);
  g_assert_no_error (error);
  assert_articles_equal (freed, again);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/roundtrip", test_roundtrip);
  g_test_add_func ("/core/json/kept-trees", test_kept_trees);
  g_test_add_func ("/core/json/roundtrip-empty-blocks", test_roundtrip_empty_blocks);
  g_test_add_func ("/core/json/writer-layout", test_writer_layout);
  g_test_add_func ("/core/json/writer-nulls", test_writer_nulls);
  g_test_add_func ("/core/json/writer-control-characters", test_writer_control_characters);
  g_test_add_func ("/core/json/minimal", test_minimal);
  g_test_add_func ("/core/json/null-members", test_null_members);
  g_test_add_func ("/core/json/unknown-members", test_unknown_members);
  g_test_add_func ("/core/json/utf8-offsets", test_utf8_offsets);
  g_test_add_func ("/core/json/rejected/block-ids", test_rejected_block_ids);
  g_test_add_func ("/core/json/dates", test_dates);
  g_test_add_func ("/core/json/depth", test_depth);
  g_test_add_func ("/core/json/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/json/syntax-errors", test_syntax_errors);
  g_test_add_func ("/core/json/rejected/top-level", test_rejected_top_level);
  g_test_add_func ("/core/json/rejected/newer-version", test_newer_version);
  g_test_add_func ("/core/json/rejected/fields", test_rejected_fields);
  g_test_add_func ("/core/json/rejected/blocks", test_rejected_blocks);
  g_test_add_func ("/core/json/rejected/figure-src", test_rejected_figure_src);
  g_test_add_func ("/core/json/rejected/marks", test_rejected_marks);
  g_test_add_func ("/core/json/rejected/mark-overlaps", test_mark_overlaps);
  g_test_add_func ("/core/json/mark-members", test_mark_members);
  g_test_add_func ("/core/json/rejected/links", test_rejected_links);
  g_test_add_func ("/core/json/rejected/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/core/json/schema/bad", test_schema_bad);
  g_test_add_func ("/core/json/schema/good", test_schema_good);
  g_test_add_func ("/core/json/sample", test_sample);
  g_test_add_func ("/core/json/long-text-checked", test_long_text_checked);
  g_test_add_func ("/core/json/long-body", test_long_body);
  g_test_add_func ("/core/json/schema", test_schema);

  return g_test_run ();
}
