/* test-publish-record.c: where a story was published, in article.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

#define HASH_A "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define HASH_B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static const char published_story[] =
  "{\"format\": \"copydesk.article\", \"version\": 1, \"headline\": \"Ferry\",\n"
  " \"body\": [],\n"
  " \"published_to\": [\n"
  "  {\"site\": \"https://news.example\", \"post_id\": 17, \"link\": \"https://news.example/ferry/\",\n"
  "   \"modified\": \"2024-05-14T16:00:00\",\n"
  "   \"media\": [{\"sha256\": \"" HASH_B "\", \"id\": 9}, {\"sha256\": \"" HASH_A "\", \"id\": 8}]},\n"
  "  {\"site\": \"http://127.0.0.1:8080\", \"post_id\": 3, \"future\": \"ignored\"}\n"
  " ]}\n";

static CdArticle *
read_story (const char  *json,
            GError     **error)
{
  return cd_json_read (json, strlen (json), "story.article: article.json", error);
}

static void
test_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = read_story (published_story, &error);
  const CdPublishRecord *record;

  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_publish_records (article)->len, ==, 2);

  record = cd_article_find_publish_record (article, "https://news.example");
  g_assert_nonnull (record);
  g_assert_cmpint (record->post_id, ==, 17);
  g_assert_cmpstr (record->link, ==, "https://news.example/ferry/");
  g_assert_cmpstr (record->modified, ==, "2024-05-14T16:00:00");
  g_assert_cmpint (cd_publish_record_get_media (record, HASH_A), ==, 8);
  g_assert_cmpint (cd_publish_record_get_media (record, HASH_B), ==, 9);

  record = cd_article_find_publish_record (article, "http://127.0.0.1:8080");
  g_assert_nonnull (record);
  g_assert_cmpint (record->post_id, ==, 3);
  g_assert_null (record->link);
  g_assert_null (cd_article_find_publish_record (article, "https://other.example"));
}

/* Written back in a fixed order (media sorted by hash), so saving twice
 * gives the same bytes, and read back equal. */
static void
test_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = read_story (published_story, &error);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(CdArticle) again = NULL;
  const char *text;

  g_assert_no_error (error);
  first = cd_json_write (article);
  text = g_bytes_get_data (first, NULL);
  g_assert_nonnull (strstr (text,
                            "  \"published_to\" : [\n"
                            "    {\n"
                            "      \"site\" : \"https://news.example\",\n"
                            "      \"post_id\" : 17,\n"
                            "      \"link\" : \"https://news.example/ferry/\",\n"
                            "      \"modified\" : \"2024-05-14T16:00:00\",\n"
                            "      \"media\" : [\n"
                            "        {\n"
                            "          \"sha256\" : \"" HASH_A "\",\n"
                            "          \"id\" : 8\n"));

  again = cd_json_read (g_bytes_get_data (first, NULL), g_bytes_get_size (first), "again", &error);
  g_assert_no_error (error);
  second = cd_json_write (again);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_true (cd_publish_record_equal (cd_article_find_publish_record (article, "https://news.example"),
                                          cd_article_find_publish_record (again, "https://news.example")));
}

/* A story that was never published has no "published_to" at all: its
 * article.json stays byte for byte what it was. */
static void
test_absent_not_written (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GBytes) bytes = cd_json_write (article);

  g_assert_null (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "published_to"));
}

static void
test_set_replaces_same_site (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(CdPublishRecord) record = cd_publish_record_new ("https://news.example");
  guint changes = 0;

  g_signal_connect_swapped (article, "field-changed::published_to",
                            G_CALLBACK (g_atomic_int_inc), &changes);

  record->post_id = 5;
  cd_publish_record_set_media (record, HASH_A, 11);
  cd_article_set_publish_record (article, record);
  cd_article_set_publish_record (article, record);
  g_assert_cmpuint (changes, ==, 1);

  record->post_id = 6;
  cd_article_set_publish_record (article, record);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (cd_article_get_publish_records (article)->len, ==, 1);
  g_assert_cmpint (cd_article_find_publish_record (article, "https://news.example")->post_id, ==, 6);
}

static void
test_invalid (void)
{
  static const struct
  {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"published_to\": {}}", "story.article: article.json: published_to: expected an array, found an object" },
    { "{\"published_to\": [{\"post_id\": 1}]}", "story.article: article.json: published_to[0].site: the site's address is missing" },
    { "{\"published_to\": [{\"site\": \"https://a.example\"}]}",
      "story.article: article.json: published_to[0].post_id: expected the post's number, a positive integer" },
    { "{\"published_to\": [{\"site\": \"https://a.example\", \"post_id\": -4}]}",
      "story.article: article.json: published_to[0].post_id: expected the post's number, a positive integer" },
    { "{\"published_to\": [{\"site\": \"https://a.example\", \"post_id\": 1}, {\"site\": \"https://a.example\", \"post_id\": 2}]}",
      "story.article: article.json: published_to[1].site: the site “https://a.example” is listed twice" },
    { "{\"published_to\": [{\"site\": \"https://a.example\", \"post_id\": 1, \"media\": [{\"sha256\": \"abc\", \"id\": 1}]}]}",
      "story.article: article.json: published_to[0].media[0].sha256: expected a SHA-256 hash in 64 lower-case hexadecimal digits" },
    { "{\"published_to\": [{\"site\": \"https://a.example\", \"post_id\": 1, \"media\": [{\"sha256\": \"" HASH_A "\", \"id\": 0}]}]}",
      "story.article: article.json: published_to[0].media[0].id: expected the media item's number, a positive integer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf ("{\"format\": \"copydesk.article\", \"version\": 1, %s",
                                               cases[i].json + 1);
      g_autoptr(CdArticle) article = read_story (json, &error);

      g_assert_null (article);
      g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* The .article container keeps the record, since cd_document_save()
 * writes article.json through the same writer. */
static void
test_container_keeps_record (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = read_story (published_story, &error);
  g_autoptr(GBytes) container = NULL;
  g_autoptr(CdArticle) loaded = NULL;

  g_assert_no_error (error);
  container = cd_document_write_bytes (article, &error);
  g_assert_no_error (error);
  loaded = cd_document_load_bytes (container, "story.article", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_publish_records (loaded)->len, ==, 2);
  g_assert_cmpint (cd_publish_record_get_media (cd_article_find_publish_record (loaded, "https://news.example"), HASH_B), ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/publish-record/read", test_read);
  g_test_add_func ("/core/publish-record/roundtrip", test_roundtrip);
  g_test_add_func ("/core/publish-record/absent-not-written", test_absent_not_written);
  g_test_add_func ("/core/publish-record/set-replaces-same-site", test_set_replaces_same_site);
  g_test_add_func ("/core/publish-record/invalid", test_invalid);
  g_test_add_func ("/core/publish-record/container-keeps-record", test_container_keeps_record);

  return g_test_run ();
}
