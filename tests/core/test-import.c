/* test-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "copydesk-core.h"
#include "cd-read-counts-private.h"
#include "cd-wire-private.h"
#include "cd-test-utils.h"
#include "cd-test-image.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = cd_test_make_temp_dir ("copydesk-import-XXXXXX");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const void *data,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GFile *
copy_fixture (Fixture    *f,
              const char *name)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "core", "data", "wire", name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  return write_file (f, name, contents, (gssize) length);
}

static CdArticle *
load (GFile          *file,
      CdImportFormat  expected)
{
  g_autoptr (GError) error = NULL;
  CdImportFormat format = (CdImportFormat) -1;
  CdArticle *article = cd_import_load_with_format (file, &format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (article);
  g_assert_cmpint (format, ==, expected);

  return article;
}

static GError *
load_error (GFile *file)
{
  GError *error = NULL;
  CdImportFormat format = CD_IMPORT_FORMAT_NINJS;
  g_autoptr (CdArticle) article = cd_import_load_with_format (file, &format, &error);
  g_autofree char *basename = g_file_get_basename (file);

  g_assert_null (article);
  g_assert_nonnull (error);
  /* The format is only set on success. */
  g_assert_cmpint (format, ==, CD_IMPORT_FORMAT_NINJS);
  g_assert_nonnull (strstr (error->message, basename));

  return error;
}

static CdArticle *
make_article (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_article_set_headline (article, "A Copydesk story");
  cd_block_set_text (block, "Body text.");
  cd_article_append_block (article, block);

  return article;
}

/* Sniffing */

static void
test_container (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (CdArticle) article = make_article ();
  g_autofree char *path = g_build_filename (f->dir, "story.article", NULL);
  g_autofree char *renamed = g_build_filename (f->dir, "story.xml", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) other = g_file_new_for_path (renamed);
  g_autoptr (GError) error = NULL;
  g_autoptr (CdArticle) loaded = NULL;
  g_autoptr (CdArticle) misnamed = NULL;

  cd_document_save (article, file, &error);
  g_assert_no_error (error);

  loaded = load (file, CD_IMPORT_FORMAT_ARTICLE);
  g_assert_cmpstr (cd_article_get_headline (loaded), ==, "A Copydesk story");

  /* The content decides, not the name. */
  g_assert_cmpint (g_rename (path, renamed), ==, 0);
  misnamed = load (other, CD_IMPORT_FORMAT_ARTICLE);
  g_assert_cmpstr (cd_article_get_headline (misnamed), ==, "A Copydesk story");
}

static void
test_article_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (CdArticle) article = make_article ();
  g_autoptr (GBytes) json = cd_json_write (article);
  g_autoptr (GFile) file = write_file (f, "story.ninjs", g_bytes_get_data (json, NULL),
                                       (gssize) g_bytes_get_size (json));
  g_autoptr (CdArticle) loaded = load (file, CD_IMPORT_FORMAT_ARTICLE);

  g_assert_cmpstr (cd_article_get_headline (loaded), ==, "A Copydesk story");
  g_assert_cmpstr (cd_article_get_field (loaded, CD_ARTICLE_FIELD_ID), ==,
                   cd_article_get_field (article, CD_ARTICLE_FIELD_ID));
}

/* Opening a bare article.json reads the file once and parses its JSON
 * once: the sniffing's bytes and tree go on to the document loader,
 * which also finds the pictures in media/ beside the file. A container
 * and a ninjs story are read and parsed once too. */
static void
test_read_once (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (CdArticle) article = make_article ();
  g_autoptr (CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr (GBytes) png = cd_test_png_bytes (7, 64);
  g_autofree char *media = g_build_filename (f->dir, "media", NULL);
  g_autofree char *png_path = g_build_filename (media, "photo.png", NULL);
  g_autofree char *container_path = g_build_filename (f->dir, "story.article", NULL);
  g_autoptr (GFile) container = g_file_new_for_path (container_path);
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (CdArticle) loaded = NULL;
  g_autoptr (CdArticle) loaded_container = NULL;
  g_autoptr (CdArticle) loaded_ninjs = NULL;
  g_autoptr (GFile) ninjs = copy_fixture (f, "ninjs-1.x.json");
  g_autoptr (GError) error = NULL;
  CdImportCounts counts;

  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/photo.png");
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "A photo");
  cd_article_append_block (article, figure);
  json = cd_json_write (article);
  file = write_file (f, "story.json", g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json));
  g_assert_cmpint (g_mkdir (media, 0700), ==, 0);
  g_file_set_contents (png_path, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png), &error);
  g_assert_no_error (error);

  _cd_import_counts_reset ();
  loaded = load (file, CD_IMPORT_FORMAT_ARTICLE);
  _cd_import_counts_get (&counts);
  g_assert_cmpuint (counts.file_reads, ==, 1);
  g_assert_cmpuint (counts.json_parses, ==, 1);
  g_assert_cmpstr (cd_article_get_headline (loaded), ==, "A Copydesk story");
  g_assert_cmpuint (cd_article_get_n_blocks (loaded), ==, 2);
  g_assert_nonnull (cd_article_get_media (loaded, "media/photo.png"));
  g_assert_true (g_bytes_equal (cd_article_get_media (loaded, "media/photo.png"), png));

  cd_document_save (article, container, &error);
  g_assert_no_error (error);
  _cd_import_counts_reset ();
  loaded_container = load (container, CD_IMPORT_FORMAT_ARTICLE);
  _cd_import_counts_get (&counts);
  g_assert_cmpuint (counts.file_reads, ==, 1);
  g_assert_cmpuint (counts.json_parses, ==, 1);
  g_assert_cmpstr (cd_article_get_headline (loaded_container), ==, "A Copydesk story");

  _cd_import_counts_reset ();
  loaded_ninjs = load (ninjs, CD_IMPORT_FORMAT_NINJS);
  _cd_import_counts_get (&counts);
  g_assert_cmpuint (counts.file_reads, ==, 1);
  g_assert_cmpuint (counts.json_parses, ==, 1);
  g_assert_cmpuint (cd_article_get_n_blocks (loaded_ninjs), >, 0);
}

/* A story is read whole whatever its size against the pieces it is read
 * in (a few bytes, one piece and one byte either side, many pieces);
 * a file over the limit that is not a container is refused by name
 * without being taken for one. */
static void
test_read_sizes (Fixture       *f,
                 gconstpointer  data)
{
  static const gsize paddings[] = { 0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 700 * 1024 };
  g_autoptr (CdArticle) article = make_article ();
  g_autoptr (GBytes) json = cd_json_write (article);
  gsize json_length = g_bytes_get_size (json);

  for (guint i = 0; i < G_N_ELEMENTS (paddings); i++)
    {
      /* Blanks after the document are still JSON. */
      g_autofree char *contents = g_malloc (json_length + paddings[i]);
      g_autofree char *name = g_strdup_printf ("story-%u.json", i);
      g_autoptr (GFile) file = NULL;
      g_autoptr (CdArticle) loaded = NULL;

      memcpy (contents, g_bytes_get_data (json, NULL), json_length);
      memset (contents + json_length, '\n', paddings[i]);
      file = write_file (f, name, contents, (gssize) (json_length + paddings[i]));
      loaded = load (file, CD_IMPORT_FORMAT_ARTICLE);
      g_assert_cmpstr (cd_article_get_headline (loaded), ==, "A Copydesk story");
      g_assert_cmpuint (cd_article_get_n_blocks (loaded), ==, 1);
    }

  {
    g_autofree char *path = g_build_filename (f->dir, "huge.json", NULL);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (GError) error = NULL;
    FILE *stream = fopen (path, "w");

    /* Sparse: a byte past the limit, the rest a hole. */
    g_assert_nonnull (stream);
    g_assert_cmpint (fputc ('{', stream), ==, '{');
    g_assert_cmpint (fseek (stream, CD_WIRE_MAX_SIZE, SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('}', stream), ==, '}');
    g_assert_cmpint (fclose (stream), ==, 0);

    error = load_error (file);
    g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "not a .article container"));
  }
}

static void
test_article_json_errors (Fixture       *f,
                          gconstpointer  data)
{
  const char broken[] = "{\n  \"format\": \"copydesk.article\",\n  \"version\": 1,\n  \"headline\": oops\n}\n";
  const char future[] = "{\"format\": \"copydesk.article\", \"version\": 99}";
  const char commented[] = "{\n  // a comment\n  \"format\": \"copydesk.article\", \"version\": 1}";
  const char trailing[] = "{\"format\": \"copydesk.article\", \"version\": 1}\n{}";
  g_autoptr (GFile) broken_file = write_file (f, "broken.json", broken, -1);
  g_autoptr (GFile) future_file = write_file (f, "future.json", future, -1);
  g_autoptr (GFile) commented_file = write_file (f, "commented.json", commented, -1);
  g_autoptr (GFile) trailing_file = write_file (f, "trailing.json", trailing, -1);
  g_autoptr (GError) broken_error = load_error (broken_file);
  g_autoptr (GError) future_error = load_error (future_file);
  g_autoptr (GError) commented_error = load_error (commented_file);
  g_autoptr (GError) trailing_error = load_error (trailing_file);

  /* Copydesk's own JSON keeps the document reader's precise errors. */
  g_assert_error (broken_error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_nonnull (strstr (broken_error->message, "line 4"));
  g_assert_error (future_error, CD_ERROR, CD_ERROR_VERSION);

  /* What JSON does not allow is refused in an article.json opened from
   * anywhere, as cd_json_read() refuses it. */
  g_assert_error (commented_error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (commented_error->message, "line 2, column 3: unexpected character '/'"));
  g_assert_error (trailing_error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (trailing_error->message,
                                   "line 2, column 1: unexpected text after the end of the document"));
}

/* An article.json that lost its "format" is refused for that, not read
 * as ninjs into a story without body, bylines or dateline. */
static void
test_article_json_without_format (Fixture       *f,
                                  gconstpointer  data)
{
  const char *cases[] = {
    /* Copydesk's members, a body of blocks. */
    "{\"version\": 1, \"headline\": \"Lost format\", \"bylines\": [{\"name\": \"Jane Roe\"}],"
    " \"dateline\": {\"place\": \"WASHINGTON\"},"
    " \"body\": [{\"type\": \"paragraph\", \"id\": \"p1\", \"text\": \"Words.\", \"marks\": []}]}",
    /* A body of blocks alone, even beside a member ninjs has too. */
    "{\"headline\": \"Lost format\", \"body\": [{\"type\": \"paragraph\", \"text\": \"Words.\"}]}",
    /* A body of blocks wins over ninjs's own members. */
    "{\"uri\": \"urn:x\", \"body\": [{\"type\": \"paragraph\", \"text\": \"Words.\"}]}",
    /* Nothing of ninjs's own. */
    "{\"headline\": \"Lost format\", \"language\": \"en\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("story-%u.json", i);
      g_autoptr (GFile) file = write_file (f, name, cases[i], -1);
      g_autoptr (GError) error = load_error (file);

      g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "missing 'format'"));
    }

  /* ninjs is still ninjs: "uri", or its own members without one. */
  {
    const char ninjs[] = "{\"uri\": \"urn:x\", \"headline\": \"A wire story\","
                         " \"body_html\": \"<p>Words.</p>\"}";
    const char no_uri[] = "{\"headline\": \"A wire story\", \"body_text\": \"Words.\"}";
    g_autoptr (GFile) file = write_file (f, "item.json", ninjs, -1);
    g_autoptr (GFile) other = write_file (f, "other.json", no_uri, -1);
    g_autoptr (CdArticle) article = load (file, CD_IMPORT_FORMAT_NINJS);
    g_autoptr (CdArticle) without_uri = load (other, CD_IMPORT_FORMAT_NINJS);

    g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==, "Words.");
    g_assert_cmpstr (cd_block_get_text (cd_article_get_block (without_uri, 0)), ==, "Words.");
  }
}

static void
test_nitf (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (CdArticle) article = NULL;
  CdBlock *lead;

  /* The picture the NITF references, beside it. */
  g_object_unref (copy_fixture (f, "photo.png"));
  file = copy_fixture (f, "nitf-3.6.xml");
  article = load (file, CD_IMPORT_FORMAT_NITF);

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Harbour tunnel reopens after flood repairs");

  /* The picture comes from the file's folder. */
  lead = cd_article_get_lead (article);
  g_assert_cmpstr (cd_block_get_field (lead, CD_BLOCK_FIELD_SRC), ==, "media/photo.png");
  g_assert_nonnull (cd_article_get_media (article, "media/photo.png"));
}

static void
test_newsml_and_latin1 (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GFile) newsml = copy_fixture (f, "newsml-1.2.xml");
  g_autoptr (GFile) latin1 = copy_fixture (f, "nitf-latin1.xml");
  g_autoptr (CdArticle) from_newsml = load (newsml, CD_IMPORT_FORMAT_NITF);
  g_autoptr (CdArticle) from_latin1 = load (latin1, CD_IMPORT_FORMAT_NITF);

  g_assert_cmpstr (cd_article_get_headline (from_newsml), ==, "Ferry strike called off after late-night talks");
  g_assert_cmpstr (cd_article_get_headline (from_latin1), ==, "Zürich cafés «open late»");
}

static void
test_utf16_nitf (Fixture       *f,
                 gconstpointer  data)
{
  const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                    "<nitf><body><body.head><hedline><hl1>Wide héadline</hl1></hedline></body.head></body></nitf>";
  g_autofree gunichar2 *utf16 = NULL;
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autoptr (GFile) file = NULL;
  g_autoptr (CdArticle) article = NULL;
  glong n = 0;
  const guint8 bom[] = { 0xFF, 0xFE };

  utf16 = g_utf8_to_utf16 (xml, -1, NULL, &n, NULL);
  g_byte_array_append (bytes, bom, 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 pair[2] = { utf16[i] & 0xFF, utf16[i] >> 8 };

      g_byte_array_append (bytes, pair, 2);
    }

  file = write_file (f, "wide.xml", bytes->data, bytes->len);
  article = load (file, CD_IMPORT_FORMAT_NITF);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Wide héadline");
}

static void
test_ninjs (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GFile) file = copy_fixture (f, "ninjs-1.x.json");
  g_autoptr (CdArticle) article = load (file, CD_IMPORT_FORMAT_NINJS);
  const char ninjs2[] = "\xEF\xBB\xBF  {\"uri\": \"urn:uuid:11111111-2222-4333-8444-555555555555\", "
                        "\"headlines\": [{\"role\": \"main\", \"value\": \"With a BOM\"}]}";
  g_autoptr (GFile) bom_file = write_file (f, "bom.json", ninjs2, -1);
  g_autoptr (CdArticle) with_bom = load (bom_file, CD_IMPORT_FORMAT_NINJS);

  g_assert_cmpstr (cd_article_get_headline (article), ==, "Neue Fähre für die Insel");
  g_assert_cmpstr (cd_article_get_headline (with_bom), ==, "With a BOM");
  g_assert_cmpstr (cd_article_get_field (with_bom, CD_ARTICLE_FIELD_ID), ==, "11111111-2222-4333-8444-555555555555");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GFile) text = write_file (f, "notes.txt", "Just some text.\n", -1);
  g_autoptr (GFile) empty = write_file (f, "empty.xml", "  \n", -1);
  g_autoptr (GFile) fake = write_file (f, "fake.article", "This is not a ZIP file.\n", -1);
  g_autofree char *missing_path = g_build_filename (f->dir, "missing.json", NULL);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr (GFile) folder = g_file_new_for_path (f->dir);
  g_autoptr (GError) text_error = load_error (text);
  g_autoptr (GError) empty_error = load_error (empty);
  g_autoptr (GError) fake_error = load_error (fake);
  g_autoptr (GError) missing_error = load_error (missing);
  g_autoptr (GError) folder_error = load_error (folder);

  g_assert_error (text_error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (text_error->message, "ninjs or an HTML page"));
  g_assert_error (empty_error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_nonnull (strstr (empty_error->message, "empty"));
  g_assert_error (fake_error, CD_ERROR, CD_ERROR_CONTAINER);
  g_assert_error (missing_error, CD_ERROR, CD_ERROR_IO);
  g_assert_true (folder_error->domain == CD_ERROR);
}

static CdBlock *
body_block (CdArticle *article,
            guint      index)
{
  g_assert_cmpuint (index, <, cd_article_get_n_blocks (article));
  return cd_article_get_block (article, index);
}

/* A saved web page, a Word or Google Docs document saved as HTML, or a
 * fragment saved as .html is a story; it used to be taken for NITF and
 * refused as XML that is not NITF. */
static void
test_html (Fixture       *f,
           gconstpointer  data)
{
  /* A 1×1 PNG, as a browser saves a page's pictures beside it. */
  static const char png[] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  const char *page =
    "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Harbour wall to rise | The Coast Courier</title><script>track()</script></head>"
    "<body><header><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<h1 class=\"logo\">The Coast Courier</h1></header><main>"
    "<article><h1>Harbour wall to rise by a metre</h1><p class=\"byline\">By Anna Berg</p>"
    "<p>The council <b>approved</b> the plan.</p>"
    "<figure><img src=\"page_files/wall.png\" alt=\"The old wall at high tide\"><figcaption>The wall.</figcaption></figure>"
    "<aside class=\"related\"><p>Read more: ferries</p></aside><p>Work starts in May.</p></article>"
    "<article><h2>Other story</h2></article></main><footer>© The Coast Courier</footer></body></html>";
  /* Word's "Web Page, Filtered" in Windows-1252, with its curly quotes. */
  const char *word =
    "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns=\"http://www.w3.org/TR/REC-html40\">\r\n"
    "<head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">\r\n"
    "<meta name=Generator content=\"Microsoft Word 15 (filtered)\"><style>\r\n<!--\r\np.MsoNormal {margin:0cm;}\r\n-->\r\n</style></head>\r\n"
    "<body lang=EN-US><div class=WordSection1><p class=MsoTitle>Council votes</p>\r\n"
    "<h1>Agenda</h1><p class=MsoNormal>\x93We are ready,\x94 she said.<o:p></o:p></p></div></body></html>";
  const char *xhtml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Title only</title></head><body><p>Body.</p></body></html>";
  g_autofree char *folder = g_build_filename (f->dir, "page_files", NULL);
  g_autofree char *png_path = g_build_filename (folder, "wall.png", NULL);
  g_autofree guchar *png_bytes = NULL;
  gsize png_length;
  g_autoptr (GFile) page_file = NULL;
  g_autoptr (GFile) word_file = NULL;
  g_autoptr (GFile) fragment_file = NULL;
  g_autoptr (GFile) xhtml_file = NULL;
  g_autoptr (GFile) empty_file = NULL;
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GError) empty_error = NULL;
  g_autoptr (GError) error = NULL;
  CdBlock *figure;
  GPtrArray *bylines;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  png_bytes = g_base64_decode (png, &png_length);
  g_file_set_contents (png_path, (const char *) png_bytes, png_length, &error);
  g_assert_no_error (error);

  page_file = write_file (f, "page.html", page, -1);
  article = load (page_file, CD_IMPORT_FORMAT_HTML);

  /* The story's own h1 is the headline, not the site's logo nor <title>;
   * the menu, the related links, the other article and the footer stay
   * out. */
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Harbour wall to rise by a metre");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "en-GB");
  bylines = cd_article_get_bylines (article);
  g_assert_cmpuint (bylines->len, ==, 1);
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (bylines, 0))->name, ==, "Anna Berg");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 3);
  g_assert_cmpstr (cd_block_get_text (body_block (article, 0)), ==, "The council approved the plan.");
  g_assert_cmpuint (cd_block_get_marks (body_block (article, 0))->len, ==, 1);

  /* The picture beside the page is stored in the story. */
  figure = body_block (article, 1);
  g_assert_cmpint (cd_block_get_block_type (figure), ==, CD_BLOCK_FIGURE);
  g_assert_true (g_str_has_prefix (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), "media/"));
  g_assert_nonnull (cd_article_get_media (article, cd_block_get_field (figure, CD_BLOCK_FIELD_SRC)));
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_ALT), ==, "The old wall at high tide");
  g_assert_cmpstr (cd_block_get_text (body_block (article, 2)), ==, "Work starts in May.");
  g_clear_object (&article);

  /* Word's title paragraph is the headline, its Heading 1 a heading of
   * the body; its Windows-1252 quotes are read as the page's charset
   * says. */
  word_file = write_file (f, "minutes.htm", word, -1);
  article = load (word_file, CD_IMPORT_FORMAT_HTML);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Council votes");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "en-US");
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_cmpint (cd_block_get_block_type (body_block (article, 0)), ==, CD_BLOCK_HEADING);
  g_assert_cmpstr (cd_block_get_text (body_block (article, 0)), ==, "Agenda");
  g_assert_cmpstr (cd_block_get_text (body_block (article, 1)), ==, "\u201cWe are ready,\u201d she said.");
  g_clear_object (&article);

  /* A fragment is HTML by its name; an XHTML page by its doctype, with
   * <title> as the headline when there is no h1. */
  fragment_file = write_file (f, "notes.html", "<p>Just a <em>fragment</em>.</p>\n", -1);
  article = load (fragment_file, CD_IMPORT_FORMAT_HTML);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 1);
  g_assert_cmpstr (cd_block_get_text (body_block (article, 0)), ==, "Just a fragment.");
  g_clear_object (&article);

  xhtml_file = write_file (f, "page.xml", xhtml, -1);
  article = load (xhtml_file, CD_IMPORT_FORMAT_HTML);
  g_assert_cmpstr (cd_article_get_headline (article), ==, "Title only");
  g_assert_cmpstr (cd_block_get_text (body_block (article, 0)), ==, "Body.");
  g_clear_object (&article);

  /* A page without a word of text is refused, naming the file. */
  empty_file = write_file (f, "empty.html", "<!DOCTYPE html><html><head><script>x()</script></head><body> </body></html>", -1);
  empty_error = load_error (empty_file);
  g_assert_error (empty_error, CD_ERROR, CD_ERROR_PARSE);
  g_assert_nonnull (strstr (empty_error->message, "has no text"));
}

/* Shared wire helpers */

static void
test_parse_by (void)
{
  const struct
  {
    const char *by;
    const char *names[4];
    const char *titles[4];
  } cases[] = {
    { "By Jane Roe", { "Jane Roe" }, { "" } },
    { "by Jane Roe and John Doe", { "Jane Roe", "John Doe" }, { "", "" } },
    { "Von Lena Brandt, dpa", { "Lena Brandt" }, { "dpa" } },
    { "A, Editor and B, Reporter", { "A", "B" }, { "Editor", "Reporter" } },
    { "A, One; B; and C, Three", { "A", "B", "C" }, { "One", "", "Three" } },
    { "Jane & John", { "Jane", "John" }, { "", "" } },
    { "   ", { NULL }, { NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) bylines = _cd_wire_parse_by (cases[i].by);
      guint n = 0;

      while (n < G_N_ELEMENTS (cases[i].names) && cases[i].names[n] != NULL)
        n++;

      g_assert_cmpuint (bylines->len, ==, n);
      for (guint j = 0; j < n; j++)
        {
          const CdByline *byline = g_ptr_array_index (bylines, j);

          g_assert_cmpstr (byline->name, ==, cases[i].names[j]);
          g_assert_cmpstr (byline->title, ==, cases[i].titles[j]);
        }
    }
}

static void
test_parse_dateline (void)
{
  const struct
  {
    const char *text;
    const char *place;
    const char *source;
  } cases[] = {
    { "CAIRO (AP) —", "CAIRO", "AP" },
    { "GROSSETO, Italy (AP) --", "GROSSETO, Italy", "AP" },
    { "  LONDON,  ", "LONDON", NULL },
    { "(Reuters)", NULL, "Reuters" },
    { "PARIS ()", "PARIS ()", NULL },
    { "—", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *place = NULL;
      g_autofree char *source = NULL;

      _cd_wire_parse_dateline (cases[i].text, &place, &source);
      g_assert_cmpstr (place, ==, cases[i].place);
      g_assert_cmpstr (source, ==, cases[i].source);
    }
}

static void
test_normalize (void)
{
  const struct { const char *in; const char *out; } stamps[] = {
    { "20240514T081200Z", "2024-05-14T08:12:00Z" },
    { "20240514T081200+0100", "2024-05-14T07:12:00Z" },
    { "2024-05-14T08:12:00-05:00", "2024-05-14T13:12:00Z" },
    { "2024-05-14 08:12:00", "2024-05-14T08:12:00Z" },
    { "2024-05-14", "2024-05-14T00:00:00Z" },
    { "20240514", "2024-05-14T00:00:00Z" },
    { "2024-02-30", NULL },
    { "May 14, 2024", NULL },
    { "", NULL },
  };
  const struct { const char *in; const char *out; } dates[] = {
    { "20240514", "2024-05-14" },
    { "2024-05-14T23:00:00-05:00", "2024-05-14" },
    { "2024-13-01", NULL },
    { "14.05.2024", NULL },
  };
  const struct { const char *in; const char *out; } languages[] = {
    { "en", "en" },
    { "pt_BR", "pt-BR" },
    { " de-CH-1996 ", "de-CH-1996" },
    { "english", NULL },
    { "e", NULL },
    { "en-", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    {
      g_autofree char *value = _cd_wire_normalize_timestamp (stamps[i].in);

      g_assert_cmpstr (value, ==, stamps[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *value = _cd_wire_normalize_date (dates[i].in);

      g_assert_cmpstr (value, ==, dates[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *value = _cd_wire_normalize_language (languages[i].in);

      g_assert_cmpstr (value, ==, languages[i].out);
    }
}

static void
test_clean_text (void)
{
  g_autofree char *clean = _cd_wire_clean_text ("\t  Tab\x01 and\r\n\x7f  newline \xc2\x93quoted\xc2\x94\xef\xbb\xbf  ");

  g_assert_cmpstr (clean, ==, "Tab and newline “quoted”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/import/container", Fixture, NULL, fixture_setup, test_container, fixture_teardown);
  g_test_add ("/core/import/article-json", Fixture, NULL, fixture_setup, test_article_json, fixture_teardown);
  g_test_add ("/core/import/read-once", Fixture, NULL, fixture_setup, test_read_once, fixture_teardown);
  g_test_add ("/core/import/read-sizes", Fixture, NULL, fixture_setup, test_read_sizes, fixture_teardown);
  g_test_add ("/core/import/article-json-errors", Fixture, NULL, fixture_setup, test_article_json_errors, fixture_teardown);
  g_test_add ("/core/import/article-json-without-format", Fixture, NULL, fixture_setup, test_article_json_without_format, fixture_teardown);
  g_test_add ("/core/import/nitf", Fixture, NULL, fixture_setup, test_nitf, fixture_teardown);
  g_test_add ("/core/import/newsml-and-latin1", Fixture, NULL, fixture_setup, test_newsml_and_latin1, fixture_teardown);
  g_test_add ("/core/import/utf16-nitf", Fixture, NULL, fixture_setup, test_utf16_nitf, fixture_teardown);
  g_test_add ("/core/import/ninjs", Fixture, NULL, fixture_setup, test_ninjs, fixture_teardown);
  g_test_add ("/core/import/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/core/import/html", Fixture, NULL, fixture_setup, test_html, fixture_teardown);
  g_test_add_func ("/core/wire/parse-by", test_parse_by);
  g_test_add_func ("/core/wire/parse-dateline", test_parse_dateline);
  g_test_add_func ("/core/wire/normalize", test_normalize);
  g_test_add_func ("/core/wire/clean-text", test_clean_text);

  return g_test_run ();
}
