/* test-export-formats.c: the one export entry point and headline slugs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "copydesk-core.h"
#include "cd-test-files.h"
#include "cd-test-image.h"

/* The same slug in every language: ASCII letters and digits, words
 * joined by one hyphen, apostrophes dropped, at most 80 characters. */
static void
test_slug_from_headline (void)
{
  struct {
    const char *headline;
    const char *slug;
  } cases[] = {
    { "Mayor's plan: 3 new bridges", "mayors-plan-3-new-bridges" },
    { "Ça va? Très bien.", "ca-va-tres-bien" },
    { "\tTabs,\n  and   gaps ", "tabs-and-gaps" },
    { "日本", "" },
  };
  g_autofree char *word_slug = NULL;
  g_autofree char *long_word = g_strnfill (100, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = cd_slug_from_headline (cases[i].headline);

      g_assert_cmpstr (slug, ==, cases[i].slug);
    }

  /* One word longer than the limit has no hyphen to cut at. */
  word_slug = cd_slug_from_headline (long_word);
  g_assert_cmpuint (strlen (word_slug), ==, CD_SLUG_MAX_LENGTH);
}

static void
test_format_names (void)
{
  CdExportFormat format = CD_EXPORT_FORMAT_HTML;

  g_assert_true (cd_export_format_from_name ("wp-blocks", &format));
  g_assert_cmpint (format, ==, CD_EXPORT_FORMAT_WP_BLOCKS);
  g_assert_false (cd_export_format_from_name ("docx", &format));

  g_assert_true (cd_export_format_from_file_name ("/tmp/Story.NINJS.json", &format));
  g_assert_cmpint (format, ==, CD_EXPORT_FORMAT_NINJS);
  g_assert_true (cd_export_format_from_file_name ("story.json", &format));
  g_assert_cmpint (format, ==, CD_EXPORT_FORMAT_JSON);
  g_assert_true (cd_export_format_from_file_name ("story.htm", &format));
  g_assert_cmpint (format, ==, CD_EXPORT_FORMAT_HTML);
  /* ".json" alone names a hidden file. */
  g_assert_false (cd_export_format_from_file_name ("/tmp/.json", &format));
  g_assert_false (cd_export_format_from_file_name ("story.txt", &format));
}

static CdArticle *
make_article (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr (GBytes) png = cd_test_png_bytes (3, 64);

  cd_article_set_headline (article, "Harbour reopens");
  cd_block_set_text (paragraph, "The harbour reopened on Monday.");
  cd_article_append_block (article, paragraph);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/quay.png");
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "The quay");
  cd_article_append_block (article, figure);
  cd_article_set_media (article, "media/quay.png", png);

  return article;
}

/* Each format through the one call: the file (and its pictures where the
 * format keeps them beside it) reads back as the story. */
static void
test_write_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("copydesk-export-XXXXXX", &error);
  g_autoptr (CdArticle) article = make_article ();
  struct {
    CdExportFormat  format;
    const char     *name;
    /* The folder beside the output the format puts its pictures in, or
     * NULL. */
    const char     *beside;
    gboolean        reads_back;
  } cases[] = {
    { CD_EXPORT_FORMAT_HTML, "story.html", "story_files", FALSE },
    { CD_EXPORT_FORMAT_HTML_SINGLE, "single.html", NULL, FALSE },
    { CD_EXPORT_FORMAT_HTML_FRAGMENT, "fragment.html", "fragment_files", FALSE },
    { CD_EXPORT_FORMAT_NITF, "story.xml", "media", TRUE },
    { CD_EXPORT_FORMAT_NINJS, "story.ninjs.json", NULL, TRUE },
    { CD_EXPORT_FORMAT_ARTICLE, "story.article", NULL, TRUE },
    { CD_EXPORT_FORMAT_JSON, "story.json", "media", TRUE },
    { CD_EXPORT_FORMAT_WP_BLOCKS, "story.wp.html", "media", FALSE },
  };

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* A folder each, so no format finds another's pictures. */
      g_autofree char *subdir = g_strdup_printf ("%s/%u", dir, i);
      g_autofree char *path = g_build_filename (subdir, cases[i].name, NULL);
      g_autoptr (GFile) output = g_file_new_for_path (path);
      g_autofree char *contents = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
      g_assert_true (cd_export_write (article, cases[i].format, NULL, output, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

      if (cases[i].beside != NULL)
        {
          g_autofree char *beside = g_build_filename (subdir, cases[i].beside, NULL);
          g_autoptr (GDir) folder = g_dir_open (beside, 0, NULL);

          g_assert_nonnull (folder);
          g_assert_nonnull (g_dir_read_name (folder));
        }

      if (cases[i].reads_back)
        {
          g_autoptr (CdArticle) loaded = cd_import_load (output, &error);
          g_auto (GStrv) media = NULL;

          g_assert_no_error (error);
          g_assert_cmpstr (cd_article_get_headline (loaded), ==, "Harbour reopens");
          /* Under a name of its own, with the same bytes. */
          media = cd_article_list_media (loaded);
          g_assert_cmpuint (g_strv_length (media), ==, 1);
          g_assert_true (g_bytes_equal (cd_article_get_media (loaded, media[0]),
                                        cd_article_get_media (article, "media/quay.png")));
        }
      else
        {
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          g_assert_nonnull (strstr (contents, "The harbour reopened on Monday."));
        }

      /* The single page carries its picture inside. */
      if (cases[i].format == CD_EXPORT_FORMAT_HTML_SINGLE)
        g_assert_nonnull (strstr (contents, "data:image/png;base64,"));
    }

  cd_test_remove_tree (dir);
}

/* Without a file the text comes back whole, pictures inside. */
static void
test_write_bytes (void)
{
  g_autoptr (CdArticle) article = make_article ();
  g_autoptr (GBytes) html = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  CdExportOptions options;

  cd_export_options_init (&options);
  options.stylesheet = "body { color: #123456; }";

  g_assert_true (cd_export_write (article, CD_EXPORT_FORMAT_HTML, &options, NULL, &html, &error));
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));
  g_assert_nonnull (strstr (text, "#123456"));
  g_assert_nonnull (strstr (text, "data:image/png;base64,"));

  g_assert_true (cd_export_write (article, CD_EXPORT_FORMAT_JSON, NULL, NULL, &json, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GBytes) expected = cd_json_write (article);

    g_assert_true (g_bytes_equal (json, expected));
  }
}

/* An unwritable place is an error naming the file, never a crash. */
static void
test_write_error (void)
{
  g_autoptr (CdArticle) article = make_article ();
  g_autoptr (GFile) output = g_file_new_for_path ("/nonexistent-folder/story.ninjs.json");
  g_autoptr (GError) error = NULL;

  g_assert_false (cd_export_write (article, CD_EXPORT_FORMAT_NINJS, NULL, output, NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "story.ninjs.json"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/slug/from-headline", test_slug_from_headline);
  g_test_add_func ("/core/export/format-names", test_format_names);
  g_test_add_func ("/core/export/write-files", test_write_files);
  g_test_add_func ("/core/export/write-bytes", test_write_bytes);
  g_test_add_func ("/core/export/write-error", test_write_error);

  return g_test_run ();
}
