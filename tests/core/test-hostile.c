/* test-hostile.c: hostile stories through the reader and the HTML writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every story in tests/hostile/stories (and the huge ones generated at
 * build time) is named for what must happen to it: refuse-* must be
 * refused with a clear error, load-* must load, survive a save, and give
 * HTML that html_check() finds to be the writer's own markup with every
 * vector left as escaped text and the desk notes nowhere. The wire files
 * of tests/hostile/wire (and the big ones generated beside the huge
 * stories) go through the importer, which sniffs NITF, ninjs and
 * article.json alike. What a browser
 * makes of that HTML is tested in tests/ui/test-hostile-preview.c (the
 * real WebKit preview) and tests/cli/test-hostile-chromium.sh.
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"
#include "html-check.h"

#define DESK_NOTE_MARKER  "HOSTILE-DESK-NOTE"
#define MAX_BLOCK_PATCHES 100
/* A message longer than this is not one a person reads. */
#define MAX_MESSAGE_LENGTH 1000

static const char stylesheet[] =
  "body { font-family: serif }\n"
  "/* A stylesheet may hold anything; </style> must not end it. */\n";

static void
assert_clear_refusal (const GError *error,
                      const char   *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_assert_nonnull (error);
  g_assert_true (error->domain == CD_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("refused: %s", error->message);

  if (strstr (error->message, display) == NULL)
    {
      g_test_fail_printf ("the error does not name the file “%s”: %s", display, error->message);
      return;
    }
  if (strlen (error->message) > MAX_MESSAGE_LENGTH)
    {
      g_test_fail_printf ("an error message of %zu bytes", strlen (error->message));
      return;
    }

  /* Control characters from the file would garble a terminal or a
   * toast; a message shows them as something a person can read. */
  for (const char *p = error->message; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          g_test_fail_printf ("the error message holds control character 0x%02x: %s",
                              (guchar) *p, error->message);
          return;
        }
    }
}

/* A failed check fails the story's test and lets the other stories run. */
static gboolean
check_html (const char             *html,
            const HtmlCheckOptions *check,
            const char             *what)
{
  g_autoptr(GError) error = NULL;

  if (html_check (html, strlen (html), check, &error))
    return TRUE;

  g_test_fail_printf ("%s: %s", what, error->message);
  return FALSE;
}

static void
check_writer (CdArticle   *article,
              CdHtmlMode   mode,
              CdEmbedMode  embeds,
              gboolean     isolated)
{
  g_autofree char *html = NULL;
  g_autofree char *header = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *escaped_headline = NULL;
  HtmlCheckOptions check = { 0 };
  CdHtmlOptions options;
  guint n_blocks;

  cd_html_options_init (&options);
  options.mode = mode;
  options.embeds = embeds;
  options.isolate_embeds = isolated;
  options.stylesheet = mode == CD_HTML_PAGE ? stylesheet : NULL;
  options.base_url = "https://news.example.com/";

  check.stylesheet = options.stylesheet;
  check.official_embeds = embeds == CD_EMBEDS_OFFICIAL;
  check.isolated_embeds = isolated;
  check.forbidden = DESK_NOTE_MARKER;
  check.require_bidi_isolation = TRUE;

  html = cd_html_write (article, &options);
  if (!check_html (html, &check, mode == CD_HTML_PAGE ? "page" : "fragment"))
    return;

  /* The vectors are shown, as text: the headline is in the page. */
  escaped_headline = cd_html_escape (cd_article_get_headline (article));
  if (*escaped_headline != '\0')
    g_assert_nonnull (strstr (html, escaped_headline));

  check.stylesheet = NULL;
  header = cd_html_write_header (article, &options);
  lead = cd_html_write_lead (article, &options);
  if (!check_html (header, &check, "header patch") ||
      !check_html (lead, &check, "lead patch"))
    return;

  n_blocks = MIN (cd_article_get_n_blocks (article), MAX_BLOCK_PATCHES);
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autofree char *block = cd_html_write_block (article, cd_article_get_block (article, i), &options);

      if (!check_html (block, &check, "block patch"))
        return;
    }
}

static void
assert_survives_save (CdArticle *article)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) container = cd_document_write_bytes (article, &error);
  g_autoptr(CdArticle) again = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) json_again = NULL;

  g_assert_no_error (error);
  again = cd_document_load_bytes (container, "saved.article", NULL, &error);
  g_assert_no_error (error);

  json = cd_json_write (article);
  json_again = cd_json_write (again);
  g_assert_true (g_bytes_equal (json, json_again));
}

static void
test_story (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Stories in article.json go to the document reader, as they always
   * have; wire files to the importer that opens them in the window. */
  if (g_str_has_suffix (name, ".xml") || g_strrstr (path, "/wire/") != NULL)
    article = cd_import_load (file, &error);
  else
    article = cd_document_load (file, &error);

  if (g_str_has_prefix (name, "refuse-"))
    {
      if (article != NULL)
        {
          g_test_fail_printf ("%s loaded; it must be refused", name);
          return;
        }
      assert_clear_refusal (error, path);
      return;
    }

  g_assert_true (g_str_has_prefix (name, "load-"));
  if (article == NULL)
    {
      g_test_fail_printf ("%s was refused; it must load: %s", name, error->message);
      return;
    }
  g_assert_no_error (error);

  assert_survives_save (article);
  check_writer (article, CD_HTML_PAGE, CD_EMBEDS_STATIC, FALSE);
  check_writer (article, CD_HTML_PAGE, CD_EMBEDS_OFFICIAL, FALSE);
  check_writer (article, CD_HTML_FRAGMENT, CD_EMBEDS_STATIC, FALSE);
  check_writer (article, CD_HTML_FRAGMENT, CD_EMBEDS_OFFICIAL, FALSE);
  /* As the live preview shows it: each embed in its sandboxed frame. */
  check_writer (article, CD_HTML_PAGE, CD_EMBEDS_OFFICIAL, TRUE);

  g_test_message ("%s: %u blocks, headline of %zu bytes, checked in %.2f s",
                  name, cd_article_get_n_blocks (article), strlen (cd_article_get_headline (article)),
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_stories (const char *env_name,
             GPtrArray  *paths)
{
  const char *dir_path = g_getenv (env_name);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir_path == NULL)
    g_error ("%s is not set (tests/hostile/meson.build sets it)", env_name);

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if ((g_str_has_prefix (name, "load-") || g_str_has_prefix (name, "refuse-")) &&
          (g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".xml")))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (dir_path, g_ptr_array_index (names, i), NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  add_stories ("HOSTILE_STORIES_DIR", paths);
  add_stories ("HOSTILE_GENERATED_DIR", paths);
  add_stories ("HOSTILE_WIRE_DIR", paths);
  g_assert_cmpuint (paths->len, >=, 30);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *test_path = NULL;

      *strrchr (name, '.') = '\0';
      test_path = g_strconcat ("/core/hostile/", name, NULL);
      g_test_add_data_func (test_path, path, test_story);
    }

  return g_test_run ();
}
