/* test-media.c: the images of a story, and the hostile ones that must
 * never get into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "copydesk-core.h"
#include "cd-media-private.h"
#include "cd-test-files.h"
#include "cd-test-image.h"
#include "cd-test-utils.h"

/* Sniffing */

static GBytes *
png_of_size (guint width,
             guint height)
{
  guint8 data[CD_TEST_PNG_HEADER_SIZE];

  cd_test_png_header (data, width, height);
  return g_bytes_new (data, sizeof data);
}

static void
test_sniff_formats (void)
{
  static const guint8 jpeg[] = {
    0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xc0, 0, 11, 8, 0x01, 0xe0, 0x02, 0x80, 1, 1, 0x11, 0,
  };
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00, 0, 0 };
  static const guint8 webp[] = {
    'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X',
    10, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0x02, 0x00, 0xdf, 0x01, 0x00,
  };
  const struct
  {
    const guint8  *data;
    gsize          length;
    CdMediaFormat  format;
    const char    *extension;
    const char    *mime_type;
    guint          width;
    guint          height;
  } cases[] = {
    { jpeg, sizeof jpeg, CD_MEDIA_FORMAT_JPEG, "jpg", "image/jpeg", 640, 480 },
    { gif, sizeof gif, CD_MEDIA_FORMAT_GIF, "gif", "image/gif", 320, 240 },
    { webp, sizeof webp, CD_MEDIA_FORMAT_WEBP, "webp", "image/webp", 640, 480 },
  };
  g_autoptr(GBytes) png = png_of_size (10000, 10000);
  g_autoptr(GError) error = NULL;
  CdMediaInfo info;

  /* Exactly 100 megapixels is allowed. */
  g_assert_true (cd_media_sniff (png, "big.png", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, CD_MEDIA_FORMAT_PNG);
  g_assert_cmpstr (info.extension, ==, "png");
  g_assert_cmpstr (info.mime_type, ==, "image/png");
  g_assert_cmpuint (info.width, ==, 10000);
  g_assert_cmpuint (info.height, ==, 10000);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, cases[i].length);

      g_assert_true (cd_media_sniff (bytes, "photo", &info, &error));
      g_assert_no_error (error);
      g_assert_cmpint (info.format, ==, cases[i].format);
      g_assert_cmpstr (info.extension, ==, cases[i].extension);
      g_assert_cmpstr (info.mime_type, ==, cases[i].mime_type);
      g_assert_cmpuint (info.width, ==, cases[i].width);
      g_assert_cmpuint (info.height, ==, cases[i].height);
    }
}

static void
test_sniff_refuses (void)
{
  const struct
  {
    const char *data;
    gsize       length;
    int         code;
    const char *message;
  } cases[] = {
    { "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", 59, CD_ERROR_INVALID,
      "“photo.png” is not a PNG, JPEG, GIF or WebP image, the formats a photo can use" },
    { "<?php system($_GET['c']); ?>", 28, CD_ERROR_INVALID,
      "“photo.png” is not a PNG, JPEG, GIF or WebP image, the formats a photo can use" },
    { "", 0, CD_ERROR_INVALID,
      "“photo.png” is not a PNG, JPEG, GIF or WebP image, the formats a photo can use" },
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\0\0\0\0\0", 24, CD_ERROR_INVALID,
      "“photo.png” looks like a png image but is damaged: its size cannot be read" },
    { "\xff\xd8\xff\xe0\0\x10JFIF", 10, CD_ERROR_INVALID,
      "“photo.png” looks like a jpg image but is damaged: its size cannot be read" },
  };
  g_autoptr(GBytes) huge = png_of_size (30000, 30000);
  g_autoptr(GBytes) wide = png_of_size (10001, 10000);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, cases[i].length);

      g_assert_false (cd_media_sniff (bytes, "photo.png", NULL, &error));
      g_assert_error (error, CD_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
    }

  /* The pixel count is refused from the header: nothing is decoded. */
  g_assert_false (cd_media_sniff (huge, "huge.png", NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "“huge.png” is 30000 × 30000 pixels, more than the 100 megapixels a photo may have");
  g_clear_error (&error);

  g_assert_false (cd_media_sniff (wide, "wide.png", NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
}

static void
test_names (void)
{
  const char *refused[] = {
    "media/.htaccess", "media/..", "media/.", "media/", "media/a/b.png", "media/a\\b.png",
    "media/a\nb.png", "photo.png", "https://example.com/a.png", NULL,
  };

  g_assert_cmpstr (cd_media_name_from_src ("media/photo.png"), ==, "photo.png");
  g_assert_cmpstr (cd_media_name_from_src ("media/caf\xc3\xa9 1.jpg"), ==, "caf\xc3\xa9 1.jpg");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_null (cd_media_name_from_src (refused[i]));
}

/* Every image stored without a name gets one from its content, so that
 * pasted pictures never share one; a name hint gives a readable name
 * with the extension of the bytes. */
static void
test_store_names (void)
{
  g_autoptr(CdArticle) first = cd_article_new ();
  g_autoptr(CdArticle) second = cd_article_new ();
  g_autoptr(GBytes) one = cd_test_png_bytes (1, 64);
  g_autoptr(GBytes) two = cd_test_png_bytes (2, 64);
  g_autoptr(GBytes) svg = g_bytes_new_static ("<svg/>", 6);
  g_autoptr(GError) error = NULL;
  g_autofree char *path_one = cd_media_store (first, one, NULL, NULL, &error);
  g_autofree char *path_two = cd_media_store (second, two, NULL, NULL, &error);
  g_autofree char *again = cd_media_store (first, one, NULL, NULL, &error);
  g_autofree char *named = cd_media_store (first, two, "Harbour at Dusk.JPEG", NULL, &error);
  g_autofree char *refused = NULL;
  g_autofree char *checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, one);
  g_autofree char *expected = g_strdup_printf ("media/image-%.12s.png", checksum);

  g_assert_no_error (error);
  g_assert_cmpstr (path_one, ==, expected);
  g_assert_cmpstr (path_two, !=, path_one);
  g_assert_true (g_str_has_prefix (path_two, "media/image-"));
  g_assert_cmpstr (again, ==, path_one);
  g_assert_cmpstr (named, ==, "media/harbour-at-dusk.png");

  refused = cd_media_store (first, svg, "drawing.png", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
}

/* Hostile story folders */

typedef struct
{
  const char *folder;       /* under tests/hostile/media */
  const char *story;        /* the file opened */
  const char *link;         /* made a symbolic link at test time, or NULL */
  const char *link_target;
  const char *words[3];     /* what the message must say */
} HostileCase;

static const HostileCase hostile_cases[] = {
  { "symlinked-folder", "article.json", "media", "/etc",
    { "the lead photo", "media/passwd", "symbolic link" } },
  { "symlinked-proc", "article.json", "media", "/proc/self",
    { "the lead photo", "media/environ", "symbolic link" } },
  { "symlinked-relative", "article.json", "media", "../../.ssh",
    { "the lead photo", "media/id_rsa", "symbolic link" } },
  { "symlinked-file", "article.json", "media/photo.png", "/etc/passwd",
    { "figure “photo2”", "media/photo.png", "symbolic link" } },
  { "svg-as-png", "article.json", NULL, NULL,
    { "the lead photo", "“media/photo.png” is not a PNG, JPEG, GIF or WebP image", NULL } },
  { "php-as-png", "article.json", NULL, NULL,
    { "the lead photo", "“media/photo.png” is not a PNG, JPEG, GIF or WebP image", NULL } },
  { "html-figure", "article.json", NULL, NULL,
    { "the lead photo", "“media/x.html” is not a PNG, JPEG, GIF or WebP image", NULL } },
  { "htaccess-figure", "article.json", NULL, NULL,
    { "lead.src", "'media/.htaccess' names a hidden file", NULL } },
  { "huge-png", "article.json", NULL, NULL,
    { "the lead photo", "“media/huge.png” is 30000 × 30000 pixels", "100 megapixels" } },
  { "nitf-symlinked", "story.xml", "photos", "/etc",
    { "the picture “photos/passwd”", "symbolic link", NULL } },
  { "nitf-svg", "story.xml", NULL, NULL,
    { "story.xml: “photos/photo.png” is not a PNG, JPEG, GIF or WebP image", NULL, NULL } },
};

/* A copy of the hostile folder @c in a fresh home/stories/NAME with its
 * link made, and a home/.ssh/id_rsa for the relative link to find. */
static char *
prepare_hostile (const HostileCase *c,
                 char             **root)
{
  g_autofree char *source = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"), "tests", "hostile",
                                              "media", c->folder, NULL);
  g_autofree char *ssh = NULL;
  g_autofree char *key = NULL;
  char *story_dir;
  g_autoptr(GError) error = NULL;

  *root = cd_test_make_temp_dir ("copydesk-media-XXXXXX");

  ssh = g_build_filename (*root, "home", ".ssh", NULL);
  key = g_build_filename (ssh, "id_rsa", NULL);
  g_assert_cmpint (g_mkdir_with_parents (ssh, 0700), ==, 0);
  g_assert_true (g_file_set_contents (key, "-----BEGIN OPENSSH PRIVATE KEY-----\n", -1, NULL));

  story_dir = g_build_filename (*root, "home", "stories", c->folder, NULL);
  cd_test_copy_tree (source, story_dir);

  if (c->link != NULL)
    {
      g_autofree char *link = g_build_filename (story_dir, c->link, NULL);
      g_autofree char *parent = g_path_get_dirname (link);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
      g_assert_cmpint (symlink (c->link_target, link), ==, 0);
    }

  return story_dir;
}

static void
check_hostile_folders (gboolean use_openat2)
{
  _cd_media_set_use_openat2 (use_openat2);

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      const HostileCase *c = &hostile_cases[i];
      g_autofree char *root = NULL;
      g_autofree char *story_dir = prepare_hostile (c, &root);
      g_autofree char *path = g_build_filename (story_dir, c->story, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdArticle) article = cd_import_load (file, &error);

      g_test_message ("%s: %s", c->folder, error != NULL ? error->message : "(loaded)");
      g_assert_null (article);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CD_ERROR);
      if (g_str_equal (c->story, "article.json"))
        g_assert_nonnull (strstr (error->message, path));
      else
        g_assert_true (g_str_has_prefix (error->message, path));
      for (guint w = 0; w < G_N_ELEMENTS (c->words) && c->words[w] != NULL; w++)
        {
          if (strstr (error->message, c->words[w]) == NULL)
            g_error ("%s: the message “%s” does not say “%s”", c->folder, error->message, c->words[w]);
        }

      cd_test_remove_tree (root);
    }

  _cd_media_set_use_openat2 (TRUE);
}

static void
test_hostile_folders_openat2 (void)
{
  check_hostile_folders (TRUE);
}

static void
test_hostile_folders_walk (void)
{
  check_hostile_folders (FALSE);
}

/* One folder read many times, as a story's photos are: each read gives
 * its file, a missing one nothing, a link or a path out of the folder
 * an error naming it, and the reads after an error go on as before;
 * a folder made after a first read that found none is read. */
static void
check_folder_reads (gboolean use_openat2)
{
  g_autofree char *root = cd_test_make_temp_dir ("copydesk-media-XXXXXX");
  g_autofree char *media = g_build_filename (root, "story", "media", NULL);
  g_autofree char *secret = g_build_filename (root, "secret.png", NULL);
  g_autofree char *link = g_build_filename (media, "link.png", NULL);
  g_autofree char *story_path = g_build_filename (root, "story", NULL);
  g_autoptr(GFile) story = g_file_new_for_path (story_path);
  g_autoptr(CdMediaFolder) folder = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  _cd_media_set_use_openat2 (use_openat2);

  /* Nothing there yet. */
  folder = cd_media_folder_new (story);
  g_assert_true (cd_media_folder_read (folder, "media/a.png", 1024, &bytes, &error));
  g_assert_no_error (error);
  g_assert_null (bytes);

  g_assert_cmpint (g_mkdir_with_parents (media, 0700), ==, 0);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%02u.png", i);
      g_autofree char *path = g_build_filename (media, name, NULL);
      g_autofree char *content = g_strdup_printf ("picture %u", i);

      g_assert_true (g_file_set_contents (path, content, -1, NULL));
    }
  g_assert_true (g_file_set_contents (secret, "not the story's", -1, NULL));
  g_assert_cmpint (symlink (secret, link), ==, 0);

  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *relative = g_strdup_printf ("media/photo-%02u.png", i);
          g_autofree char *expected = g_strdup_printf ("picture %u", i);
          g_autoptr(GBytes) photo = NULL;

          g_assert_true (cd_media_folder_read (folder, relative, 1024, &photo, &error));
          g_assert_no_error (error);
          g_assert_nonnull (photo);
          g_assert_cmpmem (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo),
                           expected, strlen (expected));
        }

      g_assert_false (cd_media_folder_read (folder, "media/link.png", 1024, &bytes, &error));
      g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "link.png"));
      g_assert_null (bytes);
      g_clear_error (&error);

      g_assert_false (cd_media_folder_read (folder, "../secret.png", 1024, &bytes, &error));
      g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
      g_assert_null (bytes);
      g_clear_error (&error);

      g_assert_true (cd_media_folder_read (folder, "media/none.png", 1024, &bytes, &error));
      g_assert_no_error (error);
      g_assert_null (bytes);

      g_assert_false (cd_media_folder_read (folder, "media/photo-10.png", 4, &bytes, &error));
      g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
      g_assert_nonnull (strstr (error->message, "photo-10.png"));
      g_clear_error (&error);
    }

  g_clear_pointer (&folder, cd_media_folder_free);
  _cd_media_set_use_openat2 (TRUE);
  cd_test_remove_tree (root);
}

static void
test_folder_reads_openat2 (void)
{
  check_folder_reads (TRUE);
}

static void
test_folder_reads_walk (void)
{
  check_folder_reads (FALSE);
}

/* A bare article.json with a lead photo and eleven figures, the last
 * showing the first body figure's picture again, with its pictures in
 * media/ beside it; @bad names a picture written as text, @linked one
 * that is a link to a file outside, @missing one left out. */
static char *
write_many_figures (const char *root,
                    const char *bad,
                    const char *linked,
                    const char *missing)
{
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(GBytes) json = NULL;
  g_autofree char *media = g_build_filename (root, "media", NULL);
  g_autofree char *outside = g_build_filename (root, "outside.png", NULL);
  char *path = g_build_filename (root, "article.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (media, 0700), ==, 0);
  g_assert_true (g_file_set_contents (outside, "not the story's", -1, NULL));
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%02u.png", i);
      g_autofree char *src = g_strdup_printf ("media/p%02u.png", i == 11 ? 1 : i);
      g_autofree char *file = g_build_filename (media, name, NULL);
      g_autofree char *id = g_strdup_printf ("figure-%02u", i);
      g_autoptr(CdBlock) figure = cd_block_new_with_id (CD_BLOCK_FIGURE, id);
      g_autoptr(GBytes) png = cd_test_png_bytes (i, 200);

      cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, src);
      cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "A picture");
      if (i == 0)
        cd_article_set_lead (story, figure);
      else
        cd_article_append_block (story, figure);

      if (i == 11 || g_strcmp0 (name, missing) == 0)
        continue;
      if (g_strcmp0 (name, linked) == 0)
        g_assert_cmpint (symlink (outside, file), ==, 0);
      else if (g_strcmp0 (name, bad) == 0)
        g_assert_true (g_file_set_contents (file, "<html>not a picture</html>", -1, NULL));
      else
        g_assert_true (g_file_set_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
    }

  json = cd_json_write (story);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (json, NULL), g_bytes_get_size (json), NULL));

  return path;
}

static CdArticle *
load_many_figures (const char  *bad,
                   const char  *linked,
                   const char  *missing,
                   GError     **error)
{
  g_autofree char *root = cd_test_make_temp_dir ("copydesk-media-XXXXXX");
  g_autofree char *path = write_many_figures (root, bad, linked, missing);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdArticle *article = cd_document_load (file, error);

  cd_test_remove_tree (root);
  return article;
}

/* Many pictures are read on two cores at once, as one reading them in
 * order would: each figure's own bytes, a missing one left out, and of
 * two that cannot be read the one that comes first in the story named,
 * whichever core read it. */
static void
test_many_figures_beside (void)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  article = load_many_figures (NULL, NULL, "p05.png", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *src = g_strdup_printf ("media/p%02u.png", i);
      g_autoptr(GBytes) expected = cd_test_png_bytes (i, 200);
      GBytes *bytes = cd_article_get_media (article, src);

      if (i == 5)
        {
          g_assert_null (bytes);
          continue;
        }
      g_assert_nonnull (bytes);
      g_assert_true (g_bytes_equal (bytes, expected));
    }
  g_clear_object (&article);

  article = load_many_figures ("p09.png", NULL, NULL, &error);
  g_assert_null (article);
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "figure “figure-09”"));
  g_assert_nonnull (strstr (error->message, "not a PNG"));
  g_clear_error (&error);

  article = load_many_figures ("p02.png", "p09.png", NULL, &error);
  g_assert_null (article);
  g_assert_nonnull (strstr (error->message, "figure “figure-02”"));
  g_clear_error (&error);

  article = load_many_figures ("p09.png", "p02.png", NULL, &error);
  g_assert_null (article);
  g_assert_nonnull (strstr (error->message, "figure “figure-02”"));
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_clear_error (&error);

  article = load_many_figures ("p00.png", NULL, NULL, &error);
  g_assert_null (article);
  g_assert_nonnull (strstr (error->message, "the lead photo"));
}

/* The pictures of a story in a folder below a link the user chose (a
 * home folder on another disk) are the story's own: only links beneath
 * the story's folder are refused. */
static void
test_folder_itself_may_be_a_link (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("copydesk-media-XXXXXX", &error);
  g_autofree char *real = g_build_filename (root, "real", NULL);
  g_autofree char *linked = g_build_filename (root, "linked", NULL);
  g_autofree char *media = g_build_filename (real, "media", NULL);
  g_autofree char *png_path = g_build_filename (media, "photo.png", NULL);
  g_autofree char *json_path = g_build_filename (linked, "article.json", NULL);
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) png = cd_test_png_bytes (7, 100);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CdArticle) loaded = NULL;

  g_assert_no_error (error);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/photo.png");
  cd_article_set_lead (story, lead);
  json = cd_json_write (story);

  g_assert_cmpint (g_mkdir_with_parents (media, 0700), ==, 0);
  g_assert_true (g_file_set_contents (png_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  g_assert_cmpint (symlink (real, linked), ==, 0);
  g_assert_true (g_file_set_contents (json_path, g_bytes_get_data (json, NULL), g_bytes_get_size (json), NULL));

  file = g_file_new_for_path (json_path);
  loaded = cd_document_load (file, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cd_article_get_media (loaded, "media/photo.png"), png));

  cd_test_remove_tree (root);
}

/* A container may hold anything under an image's name: what a figure
 * shows must still be an image. */
static void
test_container_non_image (void)
{
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) svg = g_bytes_new_static ("<svg onload=\"alert(1)\"/>", 24);
  g_autoptr(GBytes) container = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  cd_block_set_id (figure, "f1");
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/photo.png");
  cd_article_append_block (story, figure);
  cd_article_set_media (story, "media/photo.png", svg);
  container = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  loaded = cd_document_load_bytes (container, "evil.article", NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“evil.article” cannot be opened: “media/photo.png” is not a PNG, JPEG, GIF or "
                   "WebP image, the formats a photo can use");
}

/* Exports */

static CdArticle *
story_with_picture (guint  seed,
                    const char *src)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) png = cd_test_png_bytes (seed, 100);

  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, src);
  cd_article_set_lead (article, lead);
  cd_article_set_media (article, src, png);

  return article;
}

static GBytes *
lead_media (CdArticle *article)
{
  return cd_article_get_media (article, cd_block_get_field (cd_article_get_lead (article),
                                                            CD_BLOCK_FIELD_SRC));
}

/* Two stories whose pasted photos share a name, exported as article.json
 * into one folder that already holds a photo of that name: every file
 * keeps its bytes, and each story reads back with its own photo. */
static void
test_json_export_never_overwrites (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("copydesk-media-XXXXXX", &error);
  g_autofree char *first_path = g_build_filename (root, "first.json", NULL);
  g_autofree char *second_path = g_build_filename (root, "second.json", NULL);
  g_autofree char *media = g_build_filename (root, "media", NULL);
  g_autofree char *original = g_build_filename (media, "image.png", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first_path);
  g_autoptr(GFile) second_file = g_file_new_for_path (second_path);
  g_autoptr(CdArticle) first = story_with_picture (1, "media/image.png");
  g_autoptr(CdArticle) second = story_with_picture (2, "media/image.png");
  g_autoptr(CdArticle) first_back = NULL;
  g_autoptr(CdArticle) second_back = NULL;
  g_autofree char *kept = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (media, 0700), ==, 0);
  g_assert_true (g_file_set_contents (original, "the user's photo", -1, NULL));

  g_assert_true (cd_document_export_json (first, first_file, &error));
  g_assert_no_error (error);
  g_assert_true (cd_document_export_json (second, second_file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (original, &kept, &length, NULL));
  g_assert_cmpstr (kept, ==, "the user's photo");

  first_back = cd_document_load (first_file, &error);
  g_assert_no_error (error);
  second_back = cd_document_load (second_file, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (lead_media (first_back), lead_media (first)));
  g_assert_true (g_bytes_equal (lead_media (second_back), lead_media (second)));
  /* The story itself keeps its own names. */
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (first), CD_BLOCK_FIELD_SRC), ==,
                   "media/image.png");

  cd_test_remove_tree (root);
}

/* A JPEG a story calls photo.png is published as .jpg. */
static void
test_export_sniffed_extension (void)
{
  static const guint8 jpeg[] = {
    0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("copydesk-media-XXXXXX", &error);
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) bytes = g_bytes_new_static (jpeg, sizeof jpeg);
  g_autoptr(CdArticle) published = NULL;
  g_autofree char *checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *expected = g_strdup_printf ("media/photo-%.12s.jpg", checksum);
  g_autofree char *on_disk = g_strdup_printf ("%s/photo-%.12s.jpg", root, checksum);

  g_assert_no_error (error);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/photo.png");
  cd_article_set_lead (story, lead);
  cd_article_set_media (story, "media/photo.png", bytes);

  published = cd_media_export (story, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_block_get_field (cd_article_get_lead (published), CD_BLOCK_FIELD_SRC), ==, expected);
  g_assert_true (g_file_test (on_disk, G_FILE_TEST_IS_REGULAR));

  cd_test_remove_tree (root);
}

static void
count_changes_cb (CdArticle *article,
                  CdBlock   *block,
                  gpointer   user_data)
{
  (*(guint *) user_data)++;
}

/* An export renames the images of its own copy of the figures; the
 * paragraphs it only reads, and the story keeps hearing about them. */
static void
test_export_copies_only_figures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("copydesk-media-XXXXXX", &error);
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) png = cd_test_png_bytes (3, 100);
  g_autoptr(CdArticle) published = NULL;
  guint changes = 0;

  g_assert_no_error (error);
  cd_block_set_text (paragraph, "The ferry ran late.");
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/photo.png");
  cd_article_append_block (story, paragraph);
  cd_article_append_block (story, figure);
  cd_article_set_media (story, "media/photo.png", png);
  g_signal_connect (story, "block-changed", G_CALLBACK (count_changes_cb), &changes);

  published = cd_media_export (story, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (published), ==, 2);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (published, 0)), ==, "The ferry ran late.");
  g_assert_true (g_str_has_prefix (cd_block_get_field (cd_article_get_block (published, 1), CD_BLOCK_FIELD_SRC),
                                   "media/photo-"));
  g_assert_cmpstr (cd_block_get_field (figure, CD_BLOCK_FIELD_SRC), ==, "media/photo.png");
  g_assert_true (cd_article_get_block (published, 1) != figure);
  g_assert_cmpuint (changes, ==, 0);

  /* With the copy gone, an edit reaches the story once. */
  g_clear_object (&published);
  cd_block_set_text (paragraph, "The ferry ran on time.");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (story, 0)), ==, "The ferry ran on time.");

  cd_test_remove_tree (root);
}

/* A data: URI from a wire story is an image only if its bytes are. */
static void
test_wire_data_uri (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *svg64 = g_base64_encode ((const guchar *) "<svg onload=\"alert(1)\"/>", 24);
  g_autofree char *html = g_strdup_printf ("<p>Text</p><figure><img src=\"data:image/png;base64,%s\">"
                                           "<figcaption>Cap</figcaption></figure>", svg64);
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GPtrArray) blocks = NULL;
  g_auto(GStrv) media = NULL;

  blocks = cd_html_import_blocks (html, strlen (html), "body", article, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (blocks);
  media = cd_article_list_media (article);
  g_assert_cmpuint (g_strv_length (media), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/media/sniff-formats", test_sniff_formats);
  g_test_add_func ("/core/media/sniff-refuses", test_sniff_refuses);
  g_test_add_func ("/core/media/names", test_names);
  g_test_add_func ("/core/media/store-names", test_store_names);
  g_test_add_func ("/core/media/hostile-folders-openat2", test_hostile_folders_openat2);
  g_test_add_func ("/core/media/hostile-folders-walk", test_hostile_folders_walk);
  g_test_add_func ("/core/media/folder-itself-may-be-a-link", test_folder_itself_may_be_a_link);
  g_test_add_func ("/core/media/folder-reads-openat2", test_folder_reads_openat2);
  g_test_add_func ("/core/media/folder-reads-walk", test_folder_reads_walk);
  g_test_add_func ("/core/media/many-figures-beside", test_many_figures_beside);
  g_test_add_func ("/core/media/container-non-image", test_container_non_image);
  g_test_add_func ("/core/media/json-export-never-overwrites", test_json_export_never_overwrites);
  g_test_add_func ("/core/media/export-sniffed-extension", test_export_sniffed_extension);
  g_test_add_func ("/core/media/export-copies-only-figures", test_export_copies_only_figures);
  g_test_add_func ("/core/media/wire-data-uri", test_wire_data_uri);

  return g_test_run ();
}
