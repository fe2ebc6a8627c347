/* test-revisions.c: revisions in the .article container
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <string.h>

#include "copydesk-core.h"
#include "cd-test-image.h"

/* The entries of a container, name → bytes, in order in @names. */
static GHashTable *
read_entries (GBytes    *container,
              GPtrArray *names)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_bytes_unref);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  gsize length;
  const void *data = g_bytes_get_data (container, &length);

  archive_read_support_format_zip_seekable (archive);
  g_assert_cmpint (archive_read_open_memory (archive, data, length), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      GByteArray *content = g_byte_array_new ();
      guint8 buffer[8192];
      la_ssize_t n;

      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_byte_array_append (content, buffer, n);
      g_ptr_array_add (names, g_strdup (archive_entry_pathname (entry)));
      g_hash_table_insert (entries, g_strdup (archive_entry_pathname (entry)),
                           g_byte_array_free_to_bytes (content));
    }
  archive_read_free (archive);

  return entries;
}

static la_ssize_t
append_cb (struct archive *archive,
           void           *user_data,
           const void     *buffer,
           size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

/* A container of the entries given as NULL-terminated name, text pairs. */
static GBytes * G_GNUC_NULL_TERMINATED
craft_container (const char *first_name,
                 ...)
{
  GByteArray *output = g_byte_array_new ();
  struct archive *archive = archive_write_new ();
  const char *name = first_name;
  va_list args;

  archive_write_set_format_zip (archive);
  archive_write_set_bytes_per_block (archive, 0);
  g_assert_cmpint (archive_write_open (archive, output, NULL, append_cb, NULL), ==, ARCHIVE_OK);

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *text = va_arg (args, const char *);
      struct archive_entry *entry = archive_entry_new ();

      archive_entry_set_pathname (entry, name);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, strlen (text));
      g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
      archive_write_data (archive, text, strlen (text));
      archive_write_finish_entry (archive);
      archive_entry_free (entry);
      name = va_arg (args, const char *);
    }
  va_end (args);

  archive_write_close (archive);
  archive_write_free (archive);
  return g_byte_array_free_to_bytes (output);
}

static CdBlock *
paragraph (const char *id,
           const char *text)
{
  CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_block_set_id (block, id);
  cd_block_set_text (block, text);
  return block;
}

static CdArticle *
story_with_photo (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) p1 = paragraph ("p1", "The fire destroyed 12 homes.");
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GBytes) png = cd_test_png_bytes (1, 4096);

  cd_article_set_headline (article, "Fire destroys homes");
  cd_block_set_id (figure, "f1");
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/fire.png");
  cd_block_set_field (figure, CD_BLOCK_FIELD_ALT, "A burning roof");
  cd_article_set_media (article, "media/fire.png", png);
  cd_article_append_block (article, p1);
  cd_article_append_block (article, figure);
  return article;
}

static void
test_round_trip (void)
{
  g_autoptr(CdArticle) article = story_with_photo ();
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(CdArticle) reloaded = NULL;
  g_autoptr(CdArticle) first = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdComparison) comparison = NULL;
  CdRevision *r1;
  CdRevision *r2;
  GPtrArray *revisions;
  guint n_media = 0;
  const char *article_json;

  r1 = cd_article_add_revision (article, CD_REVISION_NAMED, "Jane Roe", "Filed by reporter", NULL);
  /* The desk edits and drops the photo. */
  cd_block_set_text (cd_article_get_block (article, 0), "The fire destroyed 14 homes.");
  cd_article_remove_block (article, 1);
  r2 = cd_article_add_revision (article, CD_REVISION_SAVED, "Desk", NULL, NULL);
  g_assert_cmpstr (cd_revision_get_parent (r2), ==, cd_revision_get_id (r1));
  g_assert_null (cd_revision_get_parent (r1));

  container = cd_document_write_bytes (article, &error);
  g_assert_no_error (error);

  entries = read_entries (container, names);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "mimetype");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "article.json");
  g_assert_true (g_hash_table_contains (entries, "revisions/index.json"));
  for (guint i = 0; i < names->len; i++)
    n_media += g_str_has_prefix (g_ptr_array_index (names, i), "media/");
  /* The photo only the first revision shows is kept, once. */
  g_assert_cmpuint (n_media, ==, 1);
  g_assert_true (g_hash_table_contains (entries, "media/fire.png"));
  article_json = g_bytes_get_data (g_hash_table_lookup (entries, "article.json"), NULL);
  g_assert_null (g_strstr_len (article_json, g_bytes_get_size (g_hash_table_lookup (entries, "article.json")),
                               "revisions"));

  loaded = cd_document_load_bytes (container, "story.article", NULL, &error);
  g_assert_no_error (error);
  revisions = cd_article_get_revisions (loaded);
  g_assert_cmpuint (revisions->len, ==, 2);
  r1 = g_ptr_array_index (revisions, 0);
  r2 = g_ptr_array_index (revisions, 1);
  g_assert_cmpstr (cd_revision_get_reason (r1), ==, "named");
  g_assert_cmpstr (cd_revision_get_label (r1), ==, "Filed by reporter");
  g_assert_cmpstr (cd_revision_get_author (r1), ==, "Jane Roe");
  g_assert_cmpstr (cd_revision_get_reason (r2), ==, "saved");
  g_assert_cmpstr (cd_revision_get_parent (r2), ==, cd_revision_get_id (r1));
  g_assert_true (cd_date_time_is_valid (cd_revision_get_time (r1)));

  /* The first revision comes back whole, photo included. */
  first = cd_revision_load (r1, loaded, "story.article", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_n_blocks (first), ==, 2);
  g_assert_nonnull (cd_article_get_media (first, "media/fire.png"));
  comparison = cd_comparison_new (first, loaded);
  g_assert_cmpuint (cd_comparison_get_changes (comparison)->len, ==, 2);

  /* Saving again (as convert and the window do) keeps them. */
  again = cd_document_write_bytes (loaded, &error);
  g_assert_no_error (error);
  reloaded = cd_document_load_bytes (again, "story.article", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_revisions (reloaded)->len, ==, 2);
  g_assert_nonnull (cd_article_get_media (reloaded, "media/fire.png"));

  /* A copy, what saves and exports write from, shares them. */
  {
    g_autoptr(CdArticle) copy = cd_article_copy (reloaded);

    g_assert_cmpuint (cd_article_get_revisions (copy)->len, ==, 2);
  }
}

static void
test_without_revisions (void)
{
  g_autoptr(CdArticle) article = story_with_photo ();
  g_autoptr(GBytes) container = NULL;
  g_autoptr(CdArticle) loaded = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  container = cd_document_write_bytes (article, &error);
  g_assert_no_error (error);
  entries = read_entries (container, names);
  for (guint i = 0; i < names->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (names, i), "revisions/"));

  loaded = cd_document_load_bytes (container, "story.article", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_revisions (loaded)->len, ==, 0);
}

static GDateTime *
ago (GDateTime *now,
     gint64     seconds)
{
  return g_date_time_add_seconds (now, (gdouble) -seconds);
}

static void
test_thinning (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 2, 12, 0, 0);
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *revisions = cd_article_get_revisions (article);
  /* Seconds before now, and whether the revision is named. */
  static const struct { gint64 age; gboolean named; gboolean expected; } cases[] = {
    { 40 * 86400 + 300, FALSE, FALSE },  /* same day as the next, older */
    { 40 * 86400 + 200, TRUE, TRUE },    /* named: always kept */
    { 40 * 86400 + 100, FALSE, TRUE },   /* newest of its day */
    { 3 * 86400 + 1800, FALSE, FALSE },  /* same hour as the next, older */
    { 3 * 86400 + 1700, FALSE, TRUE },   /* newest of its hour */
    { 2 * 86400, FALSE, TRUE },          /* alone in its hour */
    { 20 * 3600 + 50, FALSE, TRUE },     /* the last day: all kept */
    { 20 * 3600 + 40, FALSE, TRUE },
    { 600, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = ago (now, cases[i].age);
      g_autofree char *text = g_strdup_printf ("Version %u.", i);
      g_autoptr(CdBlock) block = paragraph ("p1", text);
      CdRevision *revision;

      while (cd_article_get_n_blocks (article) > 0)
        cd_article_remove_block (article, 0);
      cd_article_append_block (article, block);
      revision = cd_article_add_revision (article, cases[i].named ? CD_REVISION_NAMED : CD_REVISION_SAVED,
                                          NULL, cases[i].named ? "Legal read" : NULL, when);
      g_hash_table_insert (kept, g_strdup (cd_revision_get_id (revision)), GUINT_TO_POINTER (i));
    }

  /* Thinning happened as each was added; once more at the end. */
  cd_revisions_thin (revisions, now);

  {
    g_autofree gboolean *present = g_new0 (gboolean, G_N_ELEMENTS (cases));
    CdRevision *previous = NULL;

    for (guint i = 0; i < revisions->len; i++)
      {
        CdRevision *revision = g_ptr_array_index (revisions, i);
        gpointer index;

        g_assert_true (g_hash_table_lookup_extended (kept, cd_revision_get_id (revision), NULL, &index));
        present[GPOINTER_TO_UINT (index)] = TRUE;
        /* Parents skip the revisions that went. */
        if (previous != NULL)
          g_assert_cmpstr (cd_revision_get_parent (revision), ==, cd_revision_get_id (previous));
        previous = revision;
      }

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_test_message ("revision %u", i);
        g_assert_cmpint (present[i], ==, cases[i].expected);
      }
  }
}

static const char index_head[] =
  "{\"format\": \"copydesk.revisions\", \"version\": 1, \"revisions\": [";

static void
assert_refused (GBytes     *container,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArticle) article = cd_document_load_bytes (container, "crafted.article", NULL, &error);

  g_assert_null (article);
  g_assert_error (error, CD_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "crafted.article"));
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_hostile (void)
{
  g_autoptr(CdArticle) empty = cd_article_new ();
  g_autoptr(GBytes) json = cd_json_write (empty);
  g_autofree char *article = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_autofree char *traversal = g_strconcat (index_head, "{\"id\": \"../../x\", \"time\": \"2026-12-01T10:00:00Z\", \"reason\": \"saved\"}]}", NULL);
  g_autofree char *missing = g_strconcat (index_head, "{\"id\": \"r1\", \"time\": \"2026-12-01T10:00:00Z\", \"reason\": \"saved\"}]}", NULL);
  g_autofree char *bad_time = g_strconcat (index_head, "{\"id\": \"r1\", \"time\": \"yesterday\", \"reason\": \"saved\"}]}", NULL);
  g_autofree char *twice = g_strconcat (index_head,
                                        "{\"id\": \"r1\", \"time\": \"2026-12-01T10:00:00Z\", \"reason\": \"saved\"},"
                                        "{\"id\": \"r1\", \"time\": \"2026-12-01T10:00:00Z\", \"reason\": \"saved\"}]}", NULL);
  g_autofree char *deep = NULL;
  g_autoptr(GString) nested = g_string_new ("{\"format\": \"copydesk.revisions\", \"version\": 1, \"x\": ");
  g_autoptr(GBytes) c1 = NULL;
  g_autoptr(GBytes) c2 = NULL;
  g_autoptr(GBytes) c3 = NULL;
  g_autoptr(GBytes) c4 = NULL;
  g_autoptr(GBytes) c5 = NULL;
  g_autoptr(GBytes) c6 = NULL;
  g_autoptr(GBytes) c7 = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nested, ']');
  g_string_append_c (nested, '}');
  deep = g_string_free (g_steal_pointer (&nested), FALSE);

  c1 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                        "revisions/index.json", traversal, NULL);
  assert_refused (c1, CD_ERROR_INVALID, "revisions[0].id");
  c2 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                        "revisions/index.json", missing, NULL);
  assert_refused (c2, CD_ERROR_INVALID, "revisions/r1.json");
  c3 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                        "revisions/index.json", bad_time, NULL);
  assert_refused (c3, CD_ERROR_INVALID, "revisions[0].time");
  c4 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                        "revisions/index.json", twice, "revisions/r1.json", article, NULL);
  assert_refused (c4, CD_ERROR_INVALID, "twice");
  c5 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                        "revisions/index.json",
                        "{\"format\": \"copydesk.revisions\", \"version\": 2, \"revisions\": []}", NULL);
  assert_refused (c5, CD_ERROR_VERSION, "revisions/index.json");
  c6 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                        "revisions/index.json", deep, NULL);
  assert_refused (c6, CD_ERROR_LIMIT, "revisions/index.json");

  /* A revision file over the article size limit is refused before it
   * is read whole. */
  {
    CdDocumentLimits limits;
    g_autoptr(GError) error = NULL;
    g_autoptr(CdArticle) loaded = NULL;
    g_autofree char *big = g_strnfill (4096, ' ');

    c7 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                          "revisions/index.json", missing, "revisions/r1.json", big, NULL);
    cd_document_limits_init (&limits);
    limits.max_json_size = 2048;
    loaded = cd_document_load_bytes (c7, "crafted.article", &limits, &error);
    g_assert_null (loaded);
    g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "crafted.article"));
  }

  /* A damaged revision file does not stop the story from opening; it is
   * refused, named, when that revision is asked for. */
  {
    g_autoptr(GBytes) c8 = craft_container ("mimetype", CD_ARTICLE_MIME_TYPE, "article.json", article,
                                            "revisions/index.json", missing,
                                            "revisions/r1.json", "{\"format\": 12", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(CdArticle) loaded = cd_document_load_bytes (c8, "crafted.article", NULL, &error);
    g_autoptr(CdArticle) old = NULL;

    g_assert_no_error (error);
    old = cd_revision_load (g_ptr_array_index (cd_article_get_revisions (loaded), 0), loaded,
                            "crafted.article", &error);
    g_assert_null (old);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "crafted.article: revisions/r1.json"));
  }
}

static void
test_dedupe_and_restore (void)
{
  g_autoptr(CdArticle) article = story_with_photo ();
  g_autoptr(CdArticle) old = NULL;
  g_autoptr(CdComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  CdRevision *first;

  first = cd_article_add_revision (article, CD_REVISION_SAVED, NULL, NULL, NULL);
  /* Saving or exporting again without a change adds nothing. */
  g_assert_true (cd_article_add_revision (article, CD_REVISION_SAVED, NULL, NULL, NULL) == first);
  g_assert_true (cd_article_add_revision (article, CD_REVISION_EXPORTED, NULL, NULL, NULL) == first);
  /* Naming one always does. */
  g_assert_false (cd_article_add_revision (article, CD_REVISION_NAMED, NULL, "Legal read", NULL) == first);
  g_assert_cmpuint (cd_article_get_revisions (article)->len, ==, 2);

  cd_article_set_headline (article, "Something else");
  cd_article_remove_block (article, 1);
  cd_article_set_field (article, CD_ARTICLE_FIELD_STATUS, "approved");
  old = cd_revision_load (first, article, "story.article", &error);
  g_assert_no_error (error);
  cd_article_restore_from (article, old);
  comparison = cd_comparison_new (old, article);
  g_assert_cmpuint (cd_comparison_get_changes (comparison)->len, ==, 0);
  g_assert_nonnull (cd_article_get_media (article, "media/fire.png"));
  g_assert_cmpuint (cd_article_get_revisions (article)->len, ==, 2);
}

static void
test_save_to_file (void)
{
  g_autoptr(CdArticle) article = story_with_photo ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("cd-revisions-XXXXXX", &error);
  g_autofree char *path = g_build_filename (folder, "story.article", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) loaded = NULL;

  g_assert_no_error (error);
  cd_article_add_revision (article, CD_REVISION_SAVED, NULL, NULL, NULL);
  g_assert_true (cd_document_save (article, file, &error));
  g_assert_no_error (error);
  loaded = cd_document_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_article_get_revisions (loaded)->len, ==, 1);
  g_unlink (path);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/revisions/round-trip", test_round_trip);
  g_test_add_func ("/core/revisions/without-revisions", test_without_revisions);
  g_test_add_func ("/core/revisions/thinning", test_thinning);
  g_test_add_func ("/core/revisions/hostile", test_hostile);
  g_test_add_func ("/core/revisions/dedupe-and-restore", test_dedupe_and_restore);
  g_test_add_func ("/core/revisions/save-to-file", test_save_to_file);

  return g_test_run ();
}
