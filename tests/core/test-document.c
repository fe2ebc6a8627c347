/* test-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "copydesk-core.h"
#include "cd-document-private.h"
#include "cd-test-image.h"
#include "cd-test-utils.h"

/* Who owns what "another user" made, when the tests can give files away. */
#define NOBODY 65534

/* Test helpers */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cd_test_make_temp_dir ("copydesk-document-XXXXXX");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
fixture_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_file_set_contents (path, data != NULL ? data : "", length, &error);
  g_assert_no_error (error);
}

static GBytes *
make_media (guint seed,
            gsize length)
{
  return cd_test_png_bytes (seed, length);
}

static CdBlock *
new_figure (const char *src,
            const char *alt)
{
  CdBlock *block = cd_block_new (CD_BLOCK_FIGURE);

  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, src);
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt);
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, "Jane Roe");
  cd_block_set_size (block, 640, 480);

  return block;
}

#define LEAD_MEDIA   "media/lead.png"
#define PHOTO_MEDIA  "media/caf\xc3\xa9 terrace.jpg"
#define ORPHAN_MEDIA "media/orphan.png"

/* A story with a lead photo, a body photo with a non-ASCII name, a
 * remote figure, and one stored image no figure uses. */
static CdArticle *
new_story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) lead = new_figure (LEAD_MEDIA, "The harbour at dawn");
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) photo = new_figure (PHOTO_MEDIA, "A caf\xc3\xa9 terrace");
  g_autoptr(CdBlock) remote = new_figure ("https://example.com/map.png", "Map");
  g_autoptr(GBytes) lead_bytes = make_media (1, 70000);
  g_autoptr(GBytes) photo_bytes = make_media (2, 3000);
  g_autoptr(GBytes) orphan_bytes = make_media (3, 500);

  cd_article_set_headline (article, "Harbour reopens after the storm");
  cd_block_set_text (paragraph, "The harbour reopened on Tuesday.");
  cd_article_set_lead (article, lead);
  cd_article_append_block (article, paragraph);
  cd_article_append_block (article, photo);
  cd_article_append_block (article, remote);
  cd_article_set_media (article, LEAD_MEDIA, lead_bytes);
  cd_article_set_media (article, PHOTO_MEDIA, photo_bytes);
  cd_article_set_media (article, ORPHAN_MEDIA, orphan_bytes);

  return article;
}

static void
assert_articles_equal (CdArticle *a,
                       CdArticle *b)
{
  g_autoptr(GBytes) json_a = cd_json_write (a);
  g_autoptr(GBytes) json_b = cd_json_write (b);
  g_autofree char *text_a = g_strndup (g_bytes_get_data (json_a, NULL), g_bytes_get_size (json_a));
  g_autofree char *text_b = g_strndup (g_bytes_get_data (json_b, NULL), g_bytes_get_size (json_b));

  g_assert_cmpstr (text_a, ==, text_b);
}

static void
assert_media (CdArticle *article,
              const char *path,
              GBytes     *expected)
{
  GBytes *actual = cd_article_get_media (article, path);

  if (expected == NULL)
    {
      g_assert_null (actual);
      return;
    }

  g_assert_nonnull (actual);
  g_assert_cmpmem (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
assert_error_names (const GError *error,
                    int           code,
                    const char   *file_name,
                    const char   *detail)
{
  g_assert_error (error, CD_ERROR, code);
  g_test_message ("error: %s", error->message);
  if (strstr (error->message, file_name) == NULL)
    g_error ("message “%s” does not name “%s”", error->message, file_name);
  if (detail != NULL && strstr (error->message, detail) == NULL)
    g_error ("message “%s” does not mention “%s”", error->message, detail);
}

/* Reading ZIP structures directly, to check what libarchive wrote. */

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static void
put_le32 (guint8  *p,
          guint32  value)
{
  p[0] = value & 0xff;
  p[1] = (value >> 8) & 0xff;
  p[2] = (value >> 16) & 0xff;
  p[3] = (value >> 24) & 0xff;
}

typedef struct
{
  char    *name;
  guint16  method;
  gsize    central_offset;
  gsize    local_offset;
} ZipRecord;

static void
zip_record_free (ZipRecord *record)
{
  g_free (record->name);
  g_free (record);
}

/* The central directory of @zip, in order, after checking that every
 * local header agrees on the compression method. */
static GPtrArray *
read_central_directory (GBytes *zip)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) zip_record_free);
  gsize length;
  const guint8 *data = g_bytes_get_data (zip, &length);
  const guint8 *end = NULL;
  const guint8 *p;
  guint n_entries;

  g_assert_cmpuint (length, >=, 22);
  for (gsize i = length - 22; end == NULL; i--)
    {
      if (memcmp (data + i, "PK\005\006", 4) == 0)
        end = data + i;
      g_assert_cmpuint (i, >, 0);
    }

  n_entries = le16 (end + 10);
  p = data + le32 (end + 16);
  for (guint i = 0; i < n_entries; i++)
    {
      ZipRecord *record = g_new0 (ZipRecord, 1);
      guint16 name_length = le16 (p + 28);

      g_assert_cmpmem (p, 4, "PK\001\002", 4);
      record->method = le16 (p + 10);
      record->name = g_strndup ((const char *) p + 46, name_length);
      record->central_offset = p - data;
      record->local_offset = le32 (p + 42);

      g_assert_cmpmem (data + record->local_offset, 4, "PK\003\004", 4);
      g_assert_cmpuint (le16 (data + record->local_offset + 8), ==, record->method);
      g_assert_cmpuint (le16 (data + record->local_offset + 26), ==, name_length);
      g_assert_cmpmem (data + record->local_offset + 30, name_length, record->name, name_length);

      g_ptr_array_add (records, record);
      p += 46 + name_length + le16 (p + 30) + le16 (p + 32);
    }

  return records;
}

/* A copy of @zip whose headers claim that entry @name is @size bytes
 * long once uncompressed, to check that reading does not trust them. */
static GBytes *
zip_with_lying_size (GBytes     *zip,
                     const char *name,
                     guint32     size)
{
  g_autoptr(GPtrArray) records = read_central_directory (zip);
  gsize length = g_bytes_get_size (zip);
  guint8 *data = g_memdup2 (g_bytes_get_data (zip, NULL), length);
  gboolean found = FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      ZipRecord *record = g_ptr_array_index (records, i);

      if (!g_str_equal (record->name, name))
        continue;

      g_assert_cmpuint (record->method, ==, 8);
      put_le32 (data + record->central_offset + 24, size);
      put_le32 (data + record->local_offset + 22, size);
      found = TRUE;
    }

  g_assert_true (found);

  return g_bytes_new_take (data, length);
}

/* Building crafted containers with libarchive. */

typedef struct
{
  struct archive *archive;
  GByteArray     *output;
} ZipBuilder;

static la_ssize_t
zip_builder_write_cb (struct archive *archive,
                      void           *user_data,
                      const void     *buffer,
                      size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static void
zip_builder_init (ZipBuilder *builder)
{
  builder->output = g_byte_array_new ();
  builder->archive = archive_write_new ();
  g_assert_cmpint (archive_write_set_format_zip (builder->archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_bytes_per_block (builder->archive, 0), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open (builder->archive, builder->output, NULL,
                                       zip_builder_write_cb, NULL), ==, ARCHIVE_OK);
}

static void
zip_builder_add (ZipBuilder *builder,
                 const char *path,
                 const void *data,
                 gsize       length,
                 gboolean    store)
{
  struct archive_entry *entry = archive_entry_new ();

  if (store)
    archive_write_zip_set_compression_store (builder->archive);
  else
    archive_write_zip_set_compression_deflate (builder->archive);

  archive_entry_set_pathname (entry, path);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, length);
  g_assert_cmpint (archive_write_header (builder->archive, entry), ==, ARCHIVE_OK);
  if (length > 0)
    g_assert_cmpint (archive_write_data (builder->archive, data, length), ==, (la_ssize_t) length);
  g_assert_cmpint (archive_write_finish_entry (builder->archive), ==, ARCHIVE_OK);
  archive_entry_free (entry);
}

static void
zip_builder_add_string (ZipBuilder *builder,
                        const char *path,
                        const char *text)
{
  zip_builder_add (builder, path, text, strlen (text), FALSE);
}

static void
zip_builder_add_mimetype (ZipBuilder *builder)
{
  zip_builder_add (builder, "mimetype", CD_ARTICLE_MIME_TYPE, strlen (CD_ARTICLE_MIME_TYPE), TRUE);
}

static void
zip_builder_add_article (ZipBuilder *builder)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GBytes) json = cd_json_write (article);

  zip_builder_add (builder, "article.json", g_bytes_get_data (json, NULL),
                   g_bytes_get_size (json), FALSE);
}

static GBytes *
zip_builder_finish (ZipBuilder *builder)
{
  g_assert_cmpint (archive_write_close (builder->archive), ==, ARCHIVE_OK);
  archive_write_free (builder->archive);

  return g_byte_array_free_to_bytes (builder->output);
}

/* Writes @bytes to "crafted.article" in the fixture folder and checks
 * that loading it fails with @code and a message naming the file. */
static void
assert_load_fails (Fixture                *f,
                   GBytes                 *bytes,
                   const CdDocumentLimits *limits,
                   int                     code,
                   const char             *detail)
{
  g_autofree char *path = fixture_path (f, "crafted.article");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(CdArticle) from_bytes = NULL;

  write_bytes (path, bytes);

  article = cd_document_load_with_limits (file, limits, &error);
  g_assert_null (article);
  assert_error_names (error, code, path, detail);

  from_bytes = cd_document_load_bytes (bytes, "bytes.article", limits, &bytes_error);
  g_assert_null (from_bytes);
  assert_error_names (bytes_error, code, "bytes.article", detail);
}

static CdArticle *
load_path (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cd_document_load (file, error);
}

static gboolean
save_path (CdArticle   *article,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cd_document_save (article, file, error);
}

static CdDocumentLimits
small_limits (void)
{
  CdDocumentLimits limits;

  cd_document_limits_init (&limits);
  limits.max_entries = 10;
  limits.max_json_size = 4096;
  limits.max_entry_size = 1024;

  return limits;
}

/* Writing */

static void
test_limits_defaults (void)
{
  CdDocumentLimits limits;

  cd_document_limits_init (&limits);
  g_assert_cmpuint (limits.max_entries, ==, 10000);
  g_assert_cmpuint (limits.max_json_size, ==, 64 * 1024 * 1024);
  g_assert_cmpuint (limits.max_entry_size, ==, G_GUINT64_CONSTANT (512) * 1024 * 1024);
  g_assert_cmpuint (limits.max_total_size, ==, G_GUINT64_CONSTANT (1024) * 1024 * 1024);
  g_assert_cmpuint (limits.max_file_size, ==, G_GUINT64_CONSTANT (1024) * 1024 * 1024);
}

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = fixture_path (f, "story.article");
  g_autofree char *second = fixture_path (f, "again.article");
  g_autoptr(GBytes) first_bytes = NULL;
  g_autoptr(GBytes) second_bytes = NULL;
  g_autoptr(GBytes) in_memory = NULL;
  g_auto(GStrv) media = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (save_path (story, first, &error));
  g_assert_no_error (error);

  loaded = load_path (first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_articles_equal (story, loaded);

  assert_media (loaded, LEAD_MEDIA, cd_article_get_media (story, LEAD_MEDIA));
  assert_media (loaded, PHOTO_MEDIA, cd_article_get_media (story, PHOTO_MEDIA));
  assert_media (loaded, ORPHAN_MEDIA, NULL);
  media = cd_article_list_media (loaded);
  g_assert_cmpuint (g_strv_length (media), ==, 2);

  /* Saving what was loaded gives the very same bytes. */
  g_assert_true (save_path (loaded, second, &error));
  g_assert_no_error (error);
  first_bytes = cd_test_read_bytes (first);
  second_bytes = cd_test_read_bytes (second);
  g_assert_true (g_bytes_equal (first_bytes, second_bytes));

  in_memory = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first_bytes, in_memory));

  /* Saving over the file keeps it identical and leaves no temporary
   * file behind. */
  g_assert_true (save_path (story, first, &error));
  g_assert_no_error (error);
  g_clear_pointer (&second_bytes, g_bytes_unref);
  second_bytes = cd_test_read_bytes (first);
  g_assert_true (g_bytes_equal (first_bytes, second_bytes));

  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "again.article story.article");
}

static void
test_load_bytes (void)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(CdArticle) from_json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;

  bytes = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  loaded = cd_document_load_bytes (bytes, "memory.article", NULL, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, loaded);
  assert_media (loaded, PHOTO_MEDIA, cd_article_get_media (story, PHOTO_MEDIA));

  /* Bare JSON from memory has nowhere to find media. */
  json = cd_json_write (story);
  from_json = cd_document_load_bytes (json, "memory.json", NULL, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, from_json);
  assert_media (from_json, LEAD_MEDIA, NULL);
}

static void
test_layout (void)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  struct archive *archive;
  struct archive_entry *entry;
  const guint8 *data;
  char content[64];
  la_ssize_t n_read;
  ZipRecord *record;

  bytes = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  /* The first local header, at offset 0, is an uncompressed "mimetype". */
  data = g_bytes_get_data (bytes, NULL);
  g_assert_cmpmem (data, 4, "PK\003\004", 4);
  g_assert_cmpuint (le16 (data + 8), ==, 0);
  g_assert_cmpuint (le16 (data + 26), ==, 8);
  g_assert_cmpmem (data + 30, 8, "mimetype", 8);

  records = read_central_directory (bytes);
  g_assert_cmpuint (records->len, ==, 4);

  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->name, ==, "mimetype");
  g_assert_cmpuint (record->method, ==, 0);
  g_assert_cmpuint (record->local_offset, ==, 0);

  record = g_ptr_array_index (records, 1);
  g_assert_cmpstr (record->name, ==, "article.json");
  g_assert_cmpuint (record->method, ==, 8);

  /* Media is stored, in sorted order; the orphan is not written. */
  record = g_ptr_array_index (records, 2);
  g_assert_cmpstr (record->name, ==, PHOTO_MEDIA);
  g_assert_cmpuint (record->method, ==, 0);
  record = g_ptr_array_index (records, 3);
  g_assert_cmpstr (record->name, ==, LEAD_MEDIA);
  g_assert_cmpuint (record->method, ==, 0);

  /* And libarchive reads "mimetype" first with the exact MIME type,
   * without a newline. */
  archive = archive_read_new ();
  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_memory (archive, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes)), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_read_next_header (archive, &entry), ==, ARCHIVE_OK);
  g_assert_cmpstr (archive_entry_pathname (entry), ==, "mimetype");
  n_read = archive_read_data (archive, content, sizeof content);
  g_assert_cmpmem (content, n_read, CD_ARTICLE_MIME_TYPE, strlen (CD_ARTICLE_MIME_TYPE));
  g_assert_cmpint (archive_read_next_header (archive, &entry), ==, ARCHIVE_OK);
  g_assert_cmpstr (archive_entry_pathname (entry), ==, "article.json");
  archive_read_free (archive);
}

static void
test_deterministic_across_time_zones (void)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  first = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  g_setenv ("TZ", "<+14>-14", TRUE);
  tzset ();
  second = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  if (old_tz != NULL)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
  tzset ();

  g_assert_true (g_bytes_equal (first, second));
}

/* Bare article.json */

static void
test_bare_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(CdArticle) reloaded = NULL;
  g_autoptr(GBytes) json = cd_json_write (story);
  g_autoptr(GBytes) secret = g_bytes_new_static ("secret", 6);
  g_autoptr(GError) error = NULL;
  g_autofree char *story_dir = fixture_path (f, "story");
  g_autofree char *media_dir = g_build_filename (story_dir, "media", NULL);
  g_autofree char *json_path = g_build_filename (story_dir, "article.json", NULL);
  g_autofree char *lead_path = g_build_filename (story_dir, LEAD_MEDIA, NULL);
  g_autofree char *photo_path = g_build_filename (story_dir, PHOTO_MEDIA, NULL);
  g_autofree char *secret_path = fixture_path (f, "secret.txt");
  g_autofree char *saved_path = fixture_path (f, "saved.article");
  g_autoptr(GString) padded = g_string_new (" \n\t");

  g_assert_cmpint (g_mkdir_with_parents (media_dir, 0755), ==, 0);
  write_bytes (json_path, json);
  write_bytes (lead_path, cd_article_get_media (story, LEAD_MEDIA));

  /* The body photo is missing: the story still loads, without it. */
  loaded = load_path (json_path, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, loaded);
  assert_media (loaded, LEAD_MEDIA, cd_article_get_media (story, LEAD_MEDIA));
  assert_media (loaded, PHOTO_MEDIA, NULL);
  assert_media (loaded, ORPHAN_MEDIA, NULL);

  /* Saved as a container, it keeps the media it found. */
  g_assert_true (save_path (loaded, saved_path, &error));
  g_assert_no_error (error);
  reloaded = load_path (saved_path, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, reloaded);
  assert_media (reloaded, LEAD_MEDIA, cd_article_get_media (story, LEAD_MEDIA));
  g_clear_object (&loaded);

  /* A symbolic link in the media folder is not followed, so a folder
   * unpacked from elsewhere cannot pull in other files: the story is
   * refused with the figure and the file named. */
  write_bytes (secret_path, secret);
  g_assert_cmpint (symlink (secret_path, photo_path), ==, 0);
  loaded = load_path (json_path, &error);
  g_assert_null (loaded);
  assert_error_names (error, CD_ERROR_INVALID, json_path, photo_path);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (photo_path), ==, 0);

  /* Leading white space is still JSON, under any file name. */
  g_string_append_len (padded, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_file_set_contents (json_path, padded->str, padded->len, &error);
  g_assert_no_error (error);
  loaded = load_path (json_path, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, loaded);
}

static void
test_bare_json_limits (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GBytes) json = cd_json_write (story);
  g_autoptr(GBytes) big = make_media (4, 2048);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *json_path = fixture_path (f, "article.json");
  g_autofree char *media_dir = fixture_path (f, "media");
  g_autofree char *lead_path = fixture_path (f, LEAD_MEDIA);
  CdDocumentLimits limits;

  g_assert_cmpint (g_mkdir (media_dir, 0755), ==, 0);
  write_bytes (json_path, json);
  write_bytes (lead_path, big);
  file = g_file_new_for_path (json_path);

  cd_document_limits_init (&limits);
  limits.max_json_size = g_bytes_get_size (json) - 1;
  loaded = cd_document_load_with_limits (file, &limits, &error);
  g_assert_null (loaded);
  assert_error_names (error, CD_ERROR_LIMIT, json_path, NULL);
  g_clear_error (&error);

  cd_document_limits_init (&limits);
  limits.max_entry_size = g_bytes_get_size (big) - 1;
  loaded = cd_document_load_with_limits (file, &limits, &error);
  g_assert_null (loaded);
  assert_error_names (error, CD_ERROR_LIMIT, json_path, lead_path);
  g_clear_error (&error);

  limits.max_entry_size = g_bytes_get_size (big);
  loaded = cd_document_load_with_limits (file, &limits, &error);
  g_assert_no_error (error);
  assert_media (loaded, LEAD_MEDIA, big);
}

static void
test_bare_json_invalid (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = fixture_path (f, "broken.json");
  g_autoptr(GBytes) broken = g_bytes_new_static ("{\n  \"format\": ", 14);
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  write_bytes (path, broken);
  loaded = load_path (path, &error);
  g_assert_null (loaded);
  assert_error_names (error, CD_ERROR_PARSE, path, NULL);
}

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"),
                                              "data", "samples", "sample", NULL);
  g_autofree char *json_path = g_build_filename (sample, "article.json", NULL);
  g_autofree char *png_path = g_build_filename (sample, "media", "harbour.png", NULL);
  g_autofree char *saved = fixture_path (f, "sample.article");
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(CdArticle) reloaded = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("COPYDESK_SOURCE_DIR"));
  png = cd_test_read_bytes (png_path);

  loaded = load_path (json_path, &error);
  g_assert_no_error (error);
  assert_media (loaded, "media/harbour.png", png);

  g_assert_true (save_path (loaded, saved, &error));
  g_assert_no_error (error);
  reloaded = load_path (saved, &error);
  g_assert_no_error (error);
  assert_articles_equal (loaded, reloaded);
  assert_media (reloaded, "media/harbour.png", png);
}

/* Refused containers */

static void
test_refuse_unsafe_paths (Fixture       *f,
                          gconstpointer  data)
{
  /* libarchive turns backslashes into slashes when it reads, so those
   * names are refused for their '..'. */
  const struct {
    const char *entry;
    const char *named;
  } paths[] = {
    { "../evil", "../evil" },
    { "media/../../evil.png", "media/../../evil.png" },
    { "/etc/x", "/etc/x" },
    { "..\\evil.png", "evil.png" },
    { "media\\..\\..\\evil.png", "evil.png" },
    { "C:/evil", "C:/evil" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) zip = NULL;
      ZipBuilder builder;

      zip_builder_init (&builder);
      zip_builder_add_mimetype (&builder);
      zip_builder_add_article (&builder);
      zip_builder_add_string (&builder, paths[i].entry, "evil");
      zip = zip_builder_finish (&builder);

      g_test_message ("entry %s", paths[i].entry);
      assert_load_fails (f, zip, NULL, CD_ERROR_CONTAINER, paths[i].named);
    }
}

static GBytes *
zip_with_entries (guint n_entries)
{
  ZipBuilder builder;

  g_assert_cmpuint (n_entries, >=, 2);

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add_article (&builder);
  for (guint i = 2; i < n_entries; i++)
    {
      g_autofree char *name = g_strdup_printf ("media/%u.png", i);

      zip_builder_add (&builder, name, "x", 1, TRUE);
    }

  return zip_builder_finish (&builder);
}

static void
test_refuse_too_many_entries (Fixture       *f,
                              gconstpointer  data)
{
  CdDocumentLimits limits = small_limits ();
  g_autoptr(GBytes) ten = zip_with_entries (10);
  g_autoptr(GBytes) eleven = zip_with_entries (11);
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = cd_document_load_bytes (ten, "ten.article", &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  assert_load_fails (f, eleven, &limits, CD_ERROR_LIMIT, "10 entries");
}

static void
test_refuse_too_many_entries_default (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GBytes) at_limit = zip_with_entries (10000);
  g_autoptr(GBytes) over_limit = zip_with_entries (10001);
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = cd_document_load_bytes (at_limit, "limit.article", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  assert_load_fails (f, over_limit, NULL, CD_ERROR_LIMIT, "10000 entries");
}

static void
test_refuse_large_json (Fixture       *f,
                        gconstpointer  data)
{
  CdDocumentLimits limits = small_limits ();
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) lying = NULL;
  g_autoptr(GString) json = NULL;
  g_autoptr(GBytes) written = NULL;
  ZipBuilder builder;

  /* Pad a valid article.json past the limit with white space, which
   * deflates to almost nothing. It is far larger than libarchive's own
   * buffer, so that only the reader's limit can catch a lying header. */
  written = cd_json_write (story);
  json = g_string_new_len (g_bytes_get_data (written, NULL), g_bytes_get_size (written));
  while (json->len <= 2 * 1024 * 1024)
    g_string_append (json, "          ");

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add_string (&builder, "article.json", json->str);
  zip = zip_builder_finish (&builder);

  assert_load_fails (f, zip, &limits, CD_ERROR_LIMIT, "article.json");

  /* Headers that claim a small size do not get it past the limit. */
  lying = zip_with_lying_size (zip, "article.json", 100);
  assert_load_fails (f, lying, &limits, CD_ERROR_LIMIT, "article.json");
}

static void
test_refuse_large_entry (Fixture       *f,
                         gconstpointer  data)
{
  CdDocumentLimits limits = small_limits ();
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GBytes) json = cd_json_write (story);
  g_autoptr(GBytes) small = make_media (5, limits.max_entry_size);
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) lying = NULL;
  g_autoptr(GBytes) at_limit = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (2 * 1024 * 1024, 'a');
  ZipBuilder builder;

  /* Exactly at the limit is fine. */
  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add (&builder, "article.json", g_bytes_get_data (json, NULL), g_bytes_get_size (json), FALSE);
  zip_builder_add (&builder, LEAD_MEDIA, g_bytes_get_data (small, NULL), g_bytes_get_size (small), TRUE);
  at_limit = zip_builder_finish (&builder);
  loaded = cd_document_load_bytes (at_limit, "at-limit.article", &limits, &error);
  g_assert_no_error (error);
  assert_media (loaded, LEAD_MEDIA, small);

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add (&builder, "article.json", g_bytes_get_data (json, NULL), g_bytes_get_size (json), FALSE);
  zip_builder_add_string (&builder, LEAD_MEDIA, big);
  zip = zip_builder_finish (&builder);

  assert_load_fails (f, zip, &limits, CD_ERROR_LIMIT, LEAD_MEDIA);

  lying = zip_with_lying_size (zip, LEAD_MEDIA, 10);
  assert_load_fails (f, lying, &limits, CD_ERROR_LIMIT, LEAD_MEDIA);
}

#define N_TOTAL_MEDIA 3

/* A story with N_TOTAL_MEDIA photos of @photo_size bytes each, deflated,
 * so that headers can be made to lie about their sizes. */
static GBytes *
zip_with_photos (gsize   photo_size,
                 gsize  *json_size)
{
  g_autoptr(CdArticle) story = cd_article_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) photo = make_media (7, photo_size);
  ZipBuilder builder;

  for (guint i = 0; i < N_TOTAL_MEDIA; i++)
    {
      g_autofree char *src = g_strdup_printf ("media/photo-%u.png", i);
      g_autoptr(CdBlock) figure = new_figure (src, "A photo");

      cd_article_append_block (story, figure);
    }

  json = cd_json_write (story);
  *json_size = g_bytes_get_size (json);

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add (&builder, "article.json", g_bytes_get_data (json, NULL), *json_size, FALSE);
  for (guint i = 0; i < N_TOTAL_MEDIA; i++)
    {
      g_autofree char *src = g_strdup_printf ("media/photo-%u.png", i);

      zip_builder_add (&builder, src, g_bytes_get_data (photo, NULL), photo_size, FALSE);
    }

  return zip_builder_finish (&builder);
}

/* Entries each under the entry limit must not add up to more than the
 * total limit, whatever their headers say. */
static void
test_refuse_total_size (Fixture       *f,
                        gconstpointer  data)
{
  CdDocumentLimits limits;
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) lying = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  /* Larger than libarchive's own buffer, so that it cannot find a lying
   * header out before the reader's limit does. */
  gsize photo_size = 2 * 1024 * 1024;
  gsize json_size;

  cd_document_limits_init (&limits);
  limits.max_entry_size = 2 * photo_size;

  zip = zip_with_photos (photo_size, &json_size);

  /* Exactly at the total limit is fine. */
  limits.max_total_size = json_size + N_TOTAL_MEDIA * photo_size;
  loaded = cd_document_load_bytes (zip, "at-limit.article", &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cd_article_get_media (loaded, "media/photo-2.png"));

  limits.max_total_size--;
  assert_load_fails (f, zip, &limits, CD_ERROR_LIMIT, "total limit");

  /* Headers that make each photo ten bytes do not get them past it:
   * the first photo is already more than is left. */
  lying = g_bytes_ref (zip);
  for (guint i = 0; i < N_TOTAL_MEDIA; i++)
    {
      g_autofree char *src = g_strdup_printf ("media/photo-%u.png", i);
      GBytes *next = zip_with_lying_size (lying, src, 10);

      g_bytes_unref (lying);
      lying = next;
    }
  limits.max_total_size = json_size + photo_size / 2;
  assert_load_fails (f, lying, &limits, CD_ERROR_LIMIT, "total limit");
}

/* Peak memory of this process so far, in bytes. */
static guint64
peak_rss (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return (guint64) usage.ru_maxrss * 1024;
}

/* tests/hostile/generate-bomb.py: six photos of 500 MiB each, every one
 * under the entry limit, 3 GiB together, 3 MB on disk. With the default
 * limits it is refused before any photo is inflated; it runs in a
 * subprocess so that the peak memory measured is its own. */
static void
test_refuse_total_size_bomb (void)
{
  const char *path = g_test_get_filename (G_TEST_BUILT, "hostile", "refuse-total-size.article", NULL);

  if (g_test_subprocess ())
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(CdArticle) article = NULL;
      g_autoptr(GError) error = NULL;

      article = cd_document_load (file, &error);
      g_assert_null (article);
      assert_error_names (error, CD_ERROR_LIMIT, path, "total limit of 1.0\xc2\xa0GiB");
      g_assert_cmpuint (peak_rss (), <, 256 * 1024 * 1024);
      return;
    }

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* tests/hostile/containers/refuse-total-size-scaled.article: the same
 * shape in three photos of 64 KiB, for limits scaled down to match. */
static void
test_refuse_total_size_scaled (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "hostile", "containers",
                                          "refuse-total-size-scaled.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  CdDocumentLimits limits;

  /* Each photo is within the limits; only the total is over. */
  cd_document_limits_init (&limits);
  limits.max_entry_size = 100 * 1024;
  article = cd_document_load_with_limits (file, &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cd_article_get_media (article, "media/photo-3.png"));
  g_clear_object (&article);

  limits.max_total_size = 128 * 1024;
  article = cd_document_load_with_limits (file, &limits, &error);
  g_assert_null (article);
  assert_error_names (error, CD_ERROR_LIMIT, path, "total limit of 128.0\xc2\xa0KiB");
}

/* A photo within every limit, read where there is less memory than it
 * takes, is refused with an error instead of ending the process (and
 * every other story open in it). */
static void
test_refuse_out_of_memory (void)
{
  const char *path = g_test_get_filename (G_TEST_BUILT, "hostile", "big-entry.article", NULL);

#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("the address sanitizer cannot run under an address space limit");
  return;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  g_test_skip ("the address sanitizer cannot run under an address space limit");
  return;
#endif
#endif

  if (g_test_subprocess ())
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(CdArticle) article = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *statm = NULL;
      struct rlimit limit;
      guint64 pages;

      /* What the process maps now, and 128 MiB more: less than the
       * photo's 400 MiB. */
      g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
      pages = g_ascii_strtoull (statm, NULL, 10);
      limit.rlim_cur = limit.rlim_max = pages * sysconf (_SC_PAGESIZE) + 128 * 1024 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);

      article = cd_document_load (file, &error);
      g_assert_null (article);
      assert_error_names (error, CD_ERROR_LIMIT, path, "not enough memory");
      return;
    }

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_refuse_large_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GBytes) container = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  CdDocumentLimits limits;

  container = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  cd_document_limits_init (&limits);
  limits.max_file_size = g_bytes_get_size (container);
  loaded = cd_document_load_bytes (container, "at-limit.article", &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  limits.max_file_size--;
  assert_load_fails (f, container, &limits, CD_ERROR_LIMIT, "larger than the limit");
}

static void
test_refuse_missing_mimetype (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GBytes) without = NULL;
  g_autoptr(GBytes) second = NULL;
  ZipBuilder builder;

  zip_builder_init (&builder);
  zip_builder_add_article (&builder);
  without = zip_builder_finish (&builder);
  assert_load_fails (f, without, NULL, CD_ERROR_CONTAINER, "the first entry must be 'mimetype'");

  zip_builder_init (&builder);
  zip_builder_add_article (&builder);
  zip_builder_add_mimetype (&builder);
  second = zip_builder_finish (&builder);
  assert_load_fails (f, second, NULL, CD_ERROR_CONTAINER, "the first entry must be 'mimetype'");
}

static void
test_refuse_wrong_mimetype (Fixture       *f,
                            gconstpointer  data)
{
  const char *wrong[] = {
    "application/epub+zip",
    CD_ARTICLE_MIME_TYPE "\n",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GBytes) zip = NULL;
      ZipBuilder builder;

      zip_builder_init (&builder);
      zip_builder_add (&builder, "mimetype", wrong[i], strlen (wrong[i]), TRUE);
      zip_builder_add_article (&builder);
      zip = zip_builder_finish (&builder);

      assert_load_fails (f, zip, NULL, CD_ERROR_CONTAINER, "mimetype");
    }
}

static void
test_refuse_missing_article (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) photo = make_media (6, 100);
  ZipBuilder builder;

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add (&builder, LEAD_MEDIA, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), TRUE);
  zip_builder_add_string (&builder, "media/article.json", "{}");
  zip = zip_builder_finish (&builder);

  assert_load_fails (f, zip, NULL, CD_ERROR_CONTAINER, "article.json");
}

static void
test_refuse_invalid_article (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GBytes) not_json = NULL;
  g_autoptr(GBytes) not_utf8 = NULL;
  ZipBuilder builder;

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add_string (&builder, "article.json", "{ \"format\": ");
  not_json = zip_builder_finish (&builder);
  assert_load_fails (f, not_json, NULL, CD_ERROR_PARSE, "article.json");

  zip_builder_init (&builder);
  zip_builder_add_mimetype (&builder);
  zip_builder_add_string (&builder, "article.json", "{ \"headline\": \"\xff\" }");
  not_utf8 = zip_builder_finish (&builder);
  assert_load_fails (f, not_utf8, NULL, CD_ERROR_PARSE, "article.json");
}

static void
test_refuse_not_a_zip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) random = NULL;
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GError) error = NULL;
  guint8 noise[1024];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_test_rand_int_range (0, 256);
  noise[0] = 0x89;
  random = g_bytes_new (noise, sizeof noise);

  assert_load_fails (f, empty, NULL, CD_ERROR_CONTAINER, "empty");
  assert_load_fails (f, random, NULL, CD_ERROR_CONTAINER, "not a Copydesk article");

  container = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);

  /* Cut inside the first entry, in article.json, and just before the
   * end of the central directory. */
  {
    gsize cuts[] = { 10, 120, g_bytes_get_size (container) - 10 };

    for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
      {
        g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (container, 0, cuts[i]);

        assert_load_fails (f, truncated, NULL, CD_ERROR_CONTAINER, NULL);
      }
  }
}

/* A photo is kept as it is stored, without a copy; a byte of it damaged
 * on disk is still caught by the entry's CRC-32, and the story refused
 * with the entry named rather than opened with a broken picture. */
static void
test_refuse_damaged_photo (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *photo = cd_article_get_media (story, LEAD_MEDIA);
  gsize photo_length, length;
  const guint8 *photo_data = g_bytes_get_data (photo, &photo_length);
  const guint8 *stored;
  guint8 *bytes;

  container = cd_document_write_bytes (story, &error);
  g_assert_no_error (error);
  bytes = g_bytes_unref_to_data (g_steal_pointer (&container), &length);

  stored = NULL;
  for (gsize at = 0; stored == NULL && at + photo_length <= length; at++)
    {
      if (memcmp (bytes + at, photo_data, photo_length) == 0)
        stored = bytes + at;
    }
  g_assert_nonnull (stored);
  bytes[stored - bytes + photo_length / 2] ^= 0x40;
  damaged = g_bytes_new_take (bytes, length);

  assert_load_fails (f, damaged, NULL, CD_ERROR_CONTAINER, "lead.png");
}

static void
test_refuse_unreadable_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *missing = fixture_path (f, "missing.article");
  g_autofree char *folder = fixture_path (f, "folder.article");
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = load_path (missing, &error);
  g_assert_null (loaded);
  assert_error_names (error, CD_ERROR_IO, missing, g_strerror (ENOENT));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  loaded = load_path (folder, &error);
  g_assert_null (loaded);
  assert_error_names (error, CD_ERROR_IO, folder, g_strerror (EISDIR));
}

/* Atomic save */

static void
write_old_file (const char *path)
{
  g_autoptr(GBytes) old = g_bytes_new_static ("the old story, which must survive", 33);

  write_bytes (path, old);
}

static void
assert_old_file (const char *path)
{
  g_autoptr(GBytes) bytes = cd_test_read_bytes (path);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "the old story, which must survive", 33);
}

static void
test_save_keeps_mode (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *existing = fixture_path (f, "private.article");
  g_autofree char *created = fixture_path (f, "new.article");
  GStatBuf st;
  mode_t mask = umask (022);

  umask (mask);

  write_old_file (existing);
  g_assert_cmpint (g_chmod (existing, 0640), ==, 0);
  g_assert_true (save_path (story, existing, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (existing, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);

  /* A new file gets the usual permissions, not a temporary file's. */
  g_assert_true (save_path (story, created, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (created, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0666 & ~mask);
}

static void
test_save_through_symlink (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *real = fixture_path (f, "real.article");
  g_autofree char *link = fixture_path (f, "link.article");
  GStatBuf st;

  write_old_file (real);
  g_assert_cmpint (symlink (real, link), ==, 0);

  g_assert_true (save_path (story, link, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  loaded = load_path (real, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, loaded);
}

static void
test_save_into_read_only_folder (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (f, "story.article");

  if (geteuid () == 0)
    {
      g_test_skip ("permissions do not apply to root; the file-size-limit test covers a failed write");
      return;
    }

  write_old_file (path);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  g_assert_false (save_path (story, path, &error));
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);

  assert_error_names (error, CD_ERROR_IO, path, g_strerror (EACCES));
  assert_old_file (path);
}

/* RLIMIT_FSIZE applies to root too, so it makes a save fail half-way
 * through writing whoever runs the tests. It runs in a subprocess to keep
 * the limit away from the test's own output. */
static void
test_save_fails_while_writing (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(CdArticle) story = new_story ();
      g_autoptr(GError) error = NULL;
      const char *target = g_getenv ("COPYDESK_TEST_SAVE_PATH");
      struct rlimit limit;

      g_assert_nonnull (target);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      limit.rlim_cur = 100;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (save_path (story, target, &error));
      assert_error_names (error, CD_ERROR_IO, target, g_strerror (EFBIG));
      return;
    }

  path = fixture_path (f, "story.article");
  write_old_file (path);
  g_setenv ("COPYDESK_TEST_SAVE_PATH", path, TRUE);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  assert_old_file (path);
  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "story.article");
}

static void
test_save_onto_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (f, "story.article");
  g_autofree char *inside = g_build_filename (path, "keep", NULL);
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  write_old_file (inside);

  g_assert_false (save_path (story, path, &error));
  assert_error_names (error, CD_ERROR_IO, path, g_strerror (EISDIR));

  assert_old_file (inside);
  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "story.article");
}

static void
test_save_into_missing_folder (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "missing", "story.article", NULL);
  g_autofree char *listing = NULL;

  g_assert_false (save_path (story, path, &error));
  assert_error_names (error, CD_ERROR_IO, path, g_strerror (ENOENT));

  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");
}

/* cd_file_replace_atomic() replaces any file's bytes, down to none. That
 * a reader never sees a mix of the two, and that both flushes happen, is
 * for save-order (test-save-order.c), which watches the save's calls. */
static void
test_replace_contents (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = fixture_path (f, "notes.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) contents = g_bytes_new_static ("new contents\n", 13);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;

  write_old_file (path);
  g_assert_true (cd_file_replace_atomic (file, contents, &error));
  g_assert_no_error (error);
  read_back = cd_test_read_bytes (path);
  g_assert_true (g_bytes_equal (read_back, contents));

  g_assert_true (cd_file_replace_atomic (file, empty, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read_back, g_bytes_unref);
  read_back = cd_test_read_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (read_back), ==, 0);
}

/* Saving beside other users */

/* Gives @path (not what it links to) to another user; only root can. */
static gboolean
give_away (const char *path)
{
  if (lchown (path, NOBODY, NOBODY) == 0)
    return TRUE;

  g_assert_cmpint (errno, ==, EPERM);
  return FALSE;
}

static void
assert_is_link (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
}

/* The rule itself, with the owners a test cannot make as any user. */
static void
test_save_rule_follow_link (void)
{
  struct stat folder = { 0 };
  struct stat link = { 0 };
  const uid_t user = 1000;

  link.st_mode = S_IFLNK | 0777;
  link.st_uid = 1001;

  /* /tmp: drwxrwxrwt */
  folder.st_mode = S_IFDIR | 01777;
  g_assert_false (_cd_save_may_follow_link (&folder, &link, user));
  link.st_uid = user;
  g_assert_true (_cd_save_may_follow_link (&folder, &link, user));

  /* Without the sticky bit anyone could replace the story itself, so a
   * link there is no new danger; a sticky folder only its members can
   * write to is not shared with strangers. */
  link.st_uid = 1001;
  folder.st_mode = S_IFDIR | 0777;
  g_assert_true (_cd_save_may_follow_link (&folder, &link, user));
  folder.st_mode = S_IFDIR | 01775;
  g_assert_true (_cd_save_may_follow_link (&folder, &link, user));
}

static void
test_save_rule_replace (void)
{
  struct stat target = { 0 };
  const uid_t user = 1000;
  gid_t foreign_group = getegid () + 1;
  gid_t groups[256];
  int n_groups = getgroups (G_N_ELEMENTS (groups), groups);

  /* A group the process is not in. */
  for (int i = 0; i < n_groups; i++)
    {
      if (groups[i] == foreign_group)
        {
          foreign_group++;
          i = -1;
        }
    }

  target.st_mode = S_IFREG | 0644;
  target.st_uid = user;
  target.st_gid = foreign_group;
  g_assert_true (_cd_save_may_replace (&target, user));
  target.st_mode = S_IFREG | 0444;
  g_assert_false (_cd_save_may_replace (&target, user));
  /* The owner's bits decide for the owner, whatever others may do. */
  target.st_mode = S_IFREG | 0466;
  g_assert_false (_cd_save_may_replace (&target, user));

  target.st_uid = 1001;
  target.st_mode = S_IFREG | 0644;
  g_assert_false (_cd_save_may_replace (&target, user));
  target.st_mode = S_IFREG | 0646;
  g_assert_true (_cd_save_may_replace (&target, user));

  target.st_gid = getegid ();
  target.st_mode = S_IFREG | 0664;
  g_assert_true (_cd_save_may_replace (&target, user));
  target.st_mode = S_IFREG | 0646;
  g_assert_false (_cd_save_may_replace (&target, user));
}

/* A link another user planted in a sticky folder such as /tmp, where the
 * user is about to save, must not make the save replace the file it
 * points to. */
static void
test_save_link_in_shared_folder (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shared = fixture_path (f, "shared");
  g_autofree char *victim = fixture_path (f, "victim.article");
  g_autofree char *private = fixture_path (f, "private");
  g_autofree char *own_link = g_build_filename (shared, "mine.article", NULL);
  g_autofree char *planted = g_build_filename (shared, "story.article", NULL);
  g_autofree char *planted_folder = g_build_filename (shared, "stories", NULL);
  g_autofree char *through_folder = g_build_filename (planted_folder, "victim.article", NULL);
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir (shared, 0755), ==, 0);
  g_assert_cmpint (g_chmod (shared, 01777), ==, 0);
  g_assert_cmpint (g_mkdir (private, 0755), ==, 0);
  write_old_file (victim);

  /* The user's own link there is followed. */
  g_assert_cmpint (symlink (victim, own_link), ==, 0);
  g_assert_true (save_path (story, own_link, &error));
  g_assert_no_error (error);
  assert_is_link (own_link);
  loaded = load_path (victim, &error);
  g_assert_no_error (error);
  assert_articles_equal (story, loaded);
  write_old_file (victim);

  g_assert_cmpint (symlink (victim, planted), ==, 0);
  g_assert_cmpint (symlink (f->dir, planted_folder), ==, 0);
  if (!give_away (planted) || !give_away (planted_folder))
    {
      g_test_skip ("only root can make a link owned by another user; save/rule-follow-link tests the rule");
      return;
    }

  g_assert_false (save_path (story, planted, &error));
  assert_error_names (error, CD_ERROR_IO, planted, "another user");
  assert_error_names (error, CD_ERROR_IO, shared, g_strerror (EACCES));
  g_clear_error (&error);
  assert_old_file (victim);
  assert_is_link (planted);

  /* A planted link to a folder on the way is no way round. */
  g_assert_false (save_path (story, through_folder, &error));
  assert_error_names (error, CD_ERROR_IO, through_folder, "another user");
  g_clear_error (&error);
  assert_old_file (victim);

  listing = cd_test_list_dir (shared);
  g_assert_cmpstr (listing, ==, "mine.article stories story.article");

  /* Outside a sticky folder the same link is followed: anyone who could
   * plant it could replace the story as well. */
  g_assert_cmpint (g_chmod (shared, 0777), ==, 0);
  g_assert_true (save_path (story, planted, &error));
  g_assert_no_error (error);
  assert_is_link (planted);
}

/* The rename that ends a save would replace a file the user may not
 * write, in a folder the user may write to; such a file is refused and
 * kept. Root is held to the file's mode too. */
static void
test_save_refuses_read_only_file (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *read_only = fixture_path (f, "read-only.article");
  g_autofree char *link = fixture_path (f, "link.article");
  g_autofree char *foreign = fixture_path (f, "foreign.article");
  g_autofree char *listing = NULL;

  write_old_file (read_only);
  g_assert_cmpint (g_chmod (read_only, 0444), ==, 0);
  g_assert_false (save_path (story, read_only, &error));
  assert_error_names (error, CD_ERROR_IO, read_only, g_strerror (EACCES));
  g_clear_error (&error);
  assert_old_file (read_only);

  /* Through a link, the message names both. */
  g_assert_cmpint (symlink (read_only, link), ==, 0);
  g_assert_false (save_path (story, link, &error));
  assert_error_names (error, CD_ERROR_IO, link, read_only);
  g_clear_error (&error);
  assert_old_file (read_only);

  write_old_file (foreign);
  if (!give_away (foreign))
    {
      g_test_skip ("only root can make a file owned by another user; save/rule-replace tests the rule");
      return;
    }

  g_assert_false (save_path (story, foreign, &error));
  assert_error_names (error, CD_ERROR_IO, foreign, g_strerror (EACCES));
  g_clear_error (&error);
  assert_old_file (foreign);

  /* Writable for others, it may be replaced. */
  g_assert_cmpint (g_chmod (foreign, 0666), ==, 0);
  g_assert_true (save_path (story, foreign, &error));
  g_assert_no_error (error);

  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "foreign.article link.article read-only.article");
}

/* Killed saves */

static void
set_age (const char *path,
         time_t      seconds)
{
  struct timespec times[2];

  times[0].tv_sec = times[1].tv_sec = time (NULL) - seconds;
  times[0].tv_nsec = times[1].tv_nsec = 0;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

#define HOUR (60 * 60)

/* Plants what killed saves of story.article leave beside it, and files
 * only named like them; returns the listing once the leftovers are gone. */
static char *
plant_temp_files (Fixture *f)
{
  const struct {
    const char *name;
    time_t      age;
  } files[] = {
    { ".story.article-A1b2C3", HOUR },     /* stale: goes */
    { ".story.article-ZZZZZZ", 11 * 60 },  /* stale: goes */
    { ".story.article-F7e5h9", 0 },        /* a save under way */
    { ".story.article-q8w7e6", 9 * 60 },   /* a save under way */
    { ".story.article-A1b2C3.bak", HOUR }, /* not our pattern */
    { ".story.article-A1b2C", HOUR },
    { ".story.article-A1b2C3D", HOUR },
    { ".story.article-A1b.C3", HOUR },
    { ".other.article-A1b2C3", HOUR },     /* another story's */
    { "story.article-A1b2C3", HOUR },
  };
  g_autofree char *folder = fixture_path (f, ".story.article-D1r000");
  g_autofree char *link = fixture_path (f, ".story.article-L1nk00");
  g_autofree char *foreign = fixture_path (f, ".story.article-N0b0dy");
  g_autofree char *story = fixture_path (f, "story.article");
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (f, files[i].name);

      write_old_file (path);
      set_age (path, files[i].age);
      if (i >= 2)
        g_ptr_array_add (kept, (gpointer) files[i].name);
    }

  /* Only regular files are a save's. */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  set_age (folder, HOUR);
  g_ptr_array_add (kept, ".story.article-D1r000");
  g_assert_cmpint (symlink (story, link), ==, 0);
  set_age (link, HOUR);
  g_ptr_array_add (kept, ".story.article-L1nk00");

  /* Only the user's own. */
  write_old_file (foreign);
  set_age (foreign, HOUR);
  if (give_away (foreign))
    g_ptr_array_add (kept, ".story.article-N0b0dy");
  else
    g_remove (foreign);

  g_ptr_array_add (kept, "story.article");
  g_ptr_array_sort (kept, cd_test_compare_names);
  g_ptr_array_add (kept, NULL);

  return g_strjoinv (" ", (char **) kept->pdata);
}

static void
test_stale_temp_files_go_on_open (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (f, "story.article");
  g_autofree char *expected = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (save_path (story, path, &error));
  g_assert_no_error (error);
  expected = plant_temp_files (f);

  loaded = load_path (path, &error);
  g_assert_no_error (error);
  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, expected);
}

static void
test_stale_temp_files_go_on_save (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CdArticle) story = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (f, "story.article");
  g_autofree char *expected = NULL;
  g_autofree char *listing = NULL;

  expected = plant_temp_files (f);
  g_assert_true (save_path (story, path, &error));
  g_assert_no_error (error);
  listing = cd_test_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, expected);
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/document/limits-defaults", test_limits_defaults);
  ADD_FIXTURE_TEST ("/core/document/roundtrip", test_roundtrip);
  g_test_add_func ("/core/document/load-bytes", test_load_bytes);
  g_test_add_func ("/core/document/layout", test_layout);
  g_test_add_func ("/core/document/deterministic-across-time-zones",
                   test_deterministic_across_time_zones);
  ADD_FIXTURE_TEST ("/core/document/bare-json", test_bare_json);
  ADD_FIXTURE_TEST ("/core/document/bare-json-limits", test_bare_json_limits);
  ADD_FIXTURE_TEST ("/core/document/bare-json-invalid", test_bare_json_invalid);
  ADD_FIXTURE_TEST ("/core/document/sample", test_sample);
  ADD_FIXTURE_TEST ("/core/document/refuse/unsafe-paths", test_refuse_unsafe_paths);
  ADD_FIXTURE_TEST ("/core/document/refuse/too-many-entries", test_refuse_too_many_entries);
  ADD_FIXTURE_TEST ("/core/document/refuse/too-many-entries-default",
                    test_refuse_too_many_entries_default);
  ADD_FIXTURE_TEST ("/core/document/refuse/large-json", test_refuse_large_json);
  ADD_FIXTURE_TEST ("/core/document/refuse/large-entry", test_refuse_large_entry);
  ADD_FIXTURE_TEST ("/core/document/refuse/total-size", test_refuse_total_size);
  g_test_add_func ("/core/document/refuse/total-size-bomb", test_refuse_total_size_bomb);
  g_test_add_func ("/core/document/refuse/total-size-scaled", test_refuse_total_size_scaled);
  g_test_add_func ("/core/document/refuse/out-of-memory", test_refuse_out_of_memory);
  ADD_FIXTURE_TEST ("/core/document/refuse/large-file", test_refuse_large_file);
  ADD_FIXTURE_TEST ("/core/document/refuse/missing-mimetype", test_refuse_missing_mimetype);
  ADD_FIXTURE_TEST ("/core/document/refuse/wrong-mimetype", test_refuse_wrong_mimetype);
  ADD_FIXTURE_TEST ("/core/document/refuse/missing-article", test_refuse_missing_article);
  ADD_FIXTURE_TEST ("/core/document/refuse/invalid-article", test_refuse_invalid_article);
  ADD_FIXTURE_TEST ("/core/document/refuse/not-a-zip", test_refuse_not_a_zip);
  ADD_FIXTURE_TEST ("/core/document/refuse/damaged-photo", test_refuse_damaged_photo);
  ADD_FIXTURE_TEST ("/core/document/refuse/unreadable-file", test_refuse_unreadable_file);
  ADD_FIXTURE_TEST ("/core/document/save/keeps-mode", test_save_keeps_mode);
  ADD_FIXTURE_TEST ("/core/document/save/through-symlink", test_save_through_symlink);
  ADD_FIXTURE_TEST ("/core/document/save/read-only-folder", test_save_into_read_only_folder);
  ADD_FIXTURE_TEST ("/core/document/save/fails-while-writing", test_save_fails_while_writing);
  ADD_FIXTURE_TEST ("/core/document/save/onto-folder", test_save_onto_folder);
  ADD_FIXTURE_TEST ("/core/document/save/missing-folder", test_save_into_missing_folder);
  ADD_FIXTURE_TEST ("/core/document/save/replace-contents", test_replace_contents);
  g_test_add_func ("/core/document/save/rule-follow-link", test_save_rule_follow_link);
  g_test_add_func ("/core/document/save/rule-replace", test_save_rule_replace);
  ADD_FIXTURE_TEST ("/core/document/save/link-in-shared-folder", test_save_link_in_shared_folder);
  ADD_FIXTURE_TEST ("/core/document/save/read-only-file", test_save_refuses_read_only_file);
  ADD_FIXTURE_TEST ("/core/document/save/stale-temp-files-on-open", test_stale_temp_files_go_on_open);
  ADD_FIXTURE_TEST ("/core/document/save/stale-temp-files-on-save", test_stale_temp_files_go_on_save);

  return g_test_run ();
}
