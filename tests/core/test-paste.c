/* test-paste.c: the clipboard corpus of tests/paste
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"
#include "cd-json-private.h"
#include "cd-test-json.h"

/* Every NAME.html (clipboard HTML as Google Docs, Word, LibreOffice and
 * browsers put it there) and NAME.txt (plain text) of tests/paste has a
 * NAME.json with the blocks a paste must give:
 *
 *   {"source": "where the copy came from", "blocks": [BLOCK, …]}
 *
 * A BLOCK names its type and what that type carries: "text" (with
 * "marks" when it has any, each ["strong"|"em", "covered text"] or
 * ["link", "covered text", "href"]), "level" of a heading, "attribution"
 * of a quote when it has one, "ordered" and "items" of a list (an item
 * is its text, or {"text", "marks"}), "src", "alt", "caption" and
 * "credit" of a figure ("src" is "media/…" for a picture stored in the
 * story). The test writes the blocks it gets in the same form and
 * compares the two. */

static void
add_marks (cJSON      *object,
           const char *text,
           GPtrArray  *marks)
{
  cJSON *array;

  if (marks == NULL || marks->len == 0)
    return;

  array = cJSON_AddArrayToObject (object, "marks");
  for (guint i = 0; i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);
      const char *start = g_utf8_offset_to_pointer (text, mark->start);
      const char *end = g_utf8_offset_to_pointer (text, mark->end);
      g_autofree char *covered = g_strndup (start, end - start);
      cJSON *item = cJSON_CreateArray ();

      cJSON_AddItemToArray (array, item);
      cJSON_AddItemToArray (item, cJSON_CreateString (cd_mark_type_to_string (mark->type)));
      cJSON_AddItemToArray (item, cJSON_CreateString (covered));
      if (mark->href != NULL)
        cJSON_AddItemToArray (item, cJSON_CreateString (mark->href));
    }
}

static void
add_string (cJSON      *object,
            const char *name,
            const char *value,
            gboolean    always)
{
  if (!always && (value == NULL || *value == '\0'))
    return;

  cJSON_AddStringToObject (object, name, value);
}

static cJSON *
describe_blocks (GPtrArray *blocks)
{
  cJSON *array = cJSON_CreateArray ();

  for (guint i = 0; i < blocks->len; i++)
    {
      CdBlock *block = g_ptr_array_index (blocks, i);
      CdBlockType type = cd_block_get_block_type (block);
      cJSON *object = cJSON_CreateObject ();

      cJSON_AddItemToArray (array, object);
      add_string (object, "type", cd_block_type_to_string (type), TRUE);

      switch (type)
        {
        case CD_BLOCK_HEADING:
          cJSON_AddNumberToObject (object, "level", cd_block_get_level (block));
          G_GNUC_FALLTHROUGH;
        case CD_BLOCK_PARAGRAPH:
        case CD_BLOCK_QUOTE:
        case CD_BLOCK_PULLQUOTE:
          add_string (object, "text", cd_block_get_text (block), TRUE);
          if (cd_block_type_has_marks (type))
            add_marks (object, cd_block_get_text (block), cd_block_get_marks (block));
          add_string (object, "attribution", cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION), FALSE);
          break;

        case CD_BLOCK_LIST:
          {
            GPtrArray *items = cd_block_get_items (block);
            cJSON *list;

            cJSON_AddBoolToObject (object, "ordered", cd_block_get_ordered (block));
            list = cJSON_AddArrayToObject (object, "items");
            for (guint j = 0; j < items->len; j++)
              {
                const CdListItem *item = g_ptr_array_index (items, j);
                cJSON *described;

                if (item->marks->len == 0)
                  {
                    cJSON_AddItemToArray (list, cJSON_CreateString (item->text));
                    continue;
                  }
                described = cJSON_CreateObject ();
                cJSON_AddItemToArray (list, described);
                add_string (described, "text", item->text, TRUE);
                add_marks (described, item->text, item->marks);
              }
          }
          break;

        case CD_BLOCK_FIGURE:
          {
            const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);

            /* Stored pictures get a name from their content. */
            add_string (object, "src", g_str_has_prefix (src, "media/") ? "media/…" : src, TRUE);
            add_string (object, "alt", cd_block_get_field (block, CD_BLOCK_FIELD_ALT), TRUE);
            add_string (object, "caption", cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION), FALSE);
            add_string (object, "credit", cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT), FALSE);
          }
          break;

        case CD_BLOCK_EMBED:
          add_string (object, "url", cd_block_get_field (block, CD_BLOCK_FIELD_URL), TRUE);
          break;

        case CD_BLOCK_DIVIDER:
        default:
          break;
        }
    }

  return array;
}

/* Each figure a paste makes is listed by pre-flight until it has a
 * picture and alt text: "alt text missing" is pre-flight's error for a
 * photo without alt, and a figure whose picture could not be taken from
 * the clipboard is listed as a photo without an image. */
static void
assert_figures_flagged (GPtrArray *blocks)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (GPtrArray) items = NULL;
  CdPreflightLimits limits = { 0, };

  for (guint i = 0; i < blocks->len; i++)
    cd_article_append_block (article, g_ptr_array_index (blocks, i));

  items = cd_preflight_run (article, &limits, NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      CdBlock *block = g_ptr_array_index (blocks, i);
      const char *src;
      const char *alt;
      gboolean flagged = FALSE;

      if (cd_block_get_block_type (block) != CD_BLOCK_FIGURE)
        continue;

      src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
      alt = cd_block_get_field (block, CD_BLOCK_FIELD_ALT);
      if (*src != '\0' && *alt != '\0')
        continue;

      for (guint j = 0; j < items->len; j++)
        {
          const CdPreflightItem *item = g_ptr_array_index (items, j);

          if (g_strcmp0 (item->block_id, cd_block_get_id (block)) != 0)
            continue;
          if (*src == '\0' ? item->check == CD_PREFLIGHT_EMPTY_BLOCK
                           : item->check == CD_PREFLIGHT_PHOTO_NO_ALT)
            flagged = TRUE;
        }

      g_assert_true (flagged);
    }
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "paste", NULL);
  g_autofree char *json_path = g_strconcat (dir, G_DIR_SEPARATOR_S, name, ".json", NULL);
  g_autofree char *html_path = g_strconcat (dir, G_DIR_SEPARATOR_S, name, ".html", NULL);
  g_autofree char *txt_path = g_strconcat (dir, G_DIR_SEPARATOR_S, name, ".txt", NULL);
  g_autoptr (cJSON) expected = NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  g_autoptr (cJSON) actual = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected_json = NULL;
  g_autofree char *input = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *actual_text = NULL;
  gsize length;

  g_file_get_contents (json_path, &expected_json, &length, &error);
  g_assert_no_error (error);
  expected = _cd_json_parse (expected_json, length, CD_JSON_MAX_DEPTH, FALSE, json_path, &error);
  g_assert_no_error (error);
  g_assert_true (cJSON_IsObject (expected));
  g_assert_nonnull (_cd_json_get_string (expected, "source"));

  if (g_file_get_contents (html_path, &input, &length, NULL))
    {
      g_autoptr (CdArticle) holder = cd_article_new ();

      blocks = cd_html_import_blocks (input, length, name, holder, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_file_get_contents (txt_path, &input, &length, &error);
      g_assert_no_error (error);
      blocks = cd_plain_text_import_blocks (input);
    }
  g_assert_nonnull (blocks);

  actual = describe_blocks (blocks);
  actual_text = cd_test_json_print (actual, TRUE);
  expected_text = cd_test_json_print (cJSON_GetObjectItemCaseSensitive (expected, "blocks"), TRUE);
  if (g_strcmp0 (actual_text, expected_text) != 0)
    g_test_message ("%s gives:\n%s", name, actual_text);
  g_assert_cmpstr (actual_text, ==, expected_text);

  assert_figures_flagged (blocks);
}

static GPtrArray *
paste_html (const char *html,
            gsize       length)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *blocks = cd_html_import_blocks (html, length, "clipboard", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (blocks);
  return blocks;
}

static const char *
text_at (GPtrArray *blocks,
         guint      index)
{
  g_assert_cmpuint (index, <, blocks->len);
  return cd_block_get_text (g_ptr_array_index (blocks, index));
}

/* Nesting no document has, as a hostile page or a runaway generator
 * writes it: refused with an error, never a crash or a cut-off story. */
static void
test_hostile_nesting (void)
{
  const struct
  {
    const char *opener;
    gboolean    nests;
  } cases[] = {
    { "<b style=\"font-weight:normal\">", TRUE },
    { "<span style=\"font-weight:700\">", TRUE },
    { "<ul><li>", TRUE },
    { "<blockquote>", TRUE },
    /* A paragraph ends the one before it: these follow each other. */
    { "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.</span>", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) html = g_string_new ("<p>Before.</p>");
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) blocks = NULL;

      for (guint d = 0; d < 20000; d++)
        g_string_append (html, cases[i].opener);
      g_string_append (html, "deep");

      blocks = cd_html_import_blocks (html->str, html->len, "clipboard", NULL, NULL, &error);
      if (cases[i].nests)
        {
          g_assert_null (blocks);
          g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
          g_assert_nonnull (strstr (error->message, "clipboard"));
        }
      else
        {
          /* One Word list of 20,000 items, the last one "deep". */
          GPtrArray *items;

          g_assert_no_error (error);
          g_assert_cmpuint (blocks->len, ==, 2);
          g_assert_cmpstr (text_at (blocks, 0), ==, "Before.");
          items = cd_block_get_items (g_ptr_array_index (blocks, 1));
          g_assert_cmpuint (items->len, ==, 1);
          g_assert_cmpstr (((CdListItem *) g_ptr_array_index (items, 0))->text, ==, "deep");
        }
    }
}

/* Scripts, styles and event handlers never become text, links other than
 * http, https and mailto keep their words but not their address, and
 * Google's redirect is only unwrapped to an address that is allowed. */
static void
test_hostile_scripts_and_links (void)
{
  const char *html =
    "<meta charset=\"utf-8\"><b style=\"font-weight:normal\" id=\"docs-internal-guid-1\">"
    "<p><span style=\"font-weight:700\" onmouseover=\"steal()\">Bold</span>"
    "<script>document.cookie</script><style>p{}</style>"
    " <a href=\"javascript:alert(1)\">js</a>"
    " <a href=\"JaVaScRiPt&#58;alert(2)\">entity</a>"
    " <a href=\"vbscript:msgbox\">vb</a>"
    " <a href=\"data:text/html,&lt;script&gt;\">data</a>"
    " <a href=\"https://www.google.com/url?q=javascript:alert(3)&amp;sa=D\">redirect</a>"
    " <a href=\"https://x.example@evil.example/\">userinfo</a>"
    " <a href=\"https://www.google.com/url?q=https://news.example/a&amp;sa=D\">kept</a></p></b>"
    "<p style=\"mso-list:l0 level1 lfo1\"><span style=\"mso-list:Ignore\"><script>x()</script>1.</span>Item</p>"
    "<p><img src=\"javascript:alert(4)\" onerror=\"alert(5)\"><svg onload=\"alert(6)\"><text>svg</text></svg></p>";
  g_autoptr (GPtrArray) blocks = paste_html (html, strlen (html));
  GPtrArray *marks;
  const CdMark *mark;

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpstr (text_at (blocks, 0), ==, "Bold js entity vb data redirect userinfo kept");

  marks = cd_block_get_marks (g_ptr_array_index (blocks, 0));
  g_assert_cmpuint (marks->len, ==, 3);
  mark = g_ptr_array_index (marks, 0);
  g_assert_cmpint (mark->type, ==, CD_MARK_STRONG);
  /* The redirect to javascript: stays a link to Google, never to the
   * script; the one to an allowed address becomes that address. */
  mark = g_ptr_array_index (marks, 1);
  g_assert_cmpint (mark->type, ==, CD_MARK_LINK);
  g_assert_true (g_str_has_prefix (mark->href, "https://www.google.com/url?"));
  mark = g_ptr_array_index (marks, 2);
  g_assert_cmpstr (mark->href, ==, "https://news.example/a");

  g_assert_cmpint (cd_block_get_block_type (g_ptr_array_index (blocks, 1)), ==, CD_BLOCK_LIST);
  g_assert_cmpstr (((CdListItem *) g_ptr_array_index (cd_block_get_items (g_ptr_array_index (blocks, 1)), 0))->text,
                   ==, "Item");
}

/* Markup that stops half-way: an unclosed style sheet, conditional
 * comment, style attribute or Windows clipboard header. */
static void
test_hostile_broken_markup (void)
{
  const char *cases[] = {
    "<style>.c1{font-weight:700",
    "<style>@media print { .c1 { font-weight:700 }",
    "<style>/* never closed",
    "<style>.c1{font-weight:700}</style><p><span class=\"c1 c1 C1\">Bold</span></p><![if !supportLists]",
    "<p style=\";;;:::font-weight:;font-weight:99999999999999;mso-list:;\">Text</p>",
    "<p style='mso-list:l0 level1'>One</p><p style='mso-list:l0'>Two</p><![endif]>",
    "Version:0.9\r\nStartHTML:9999999999\r\n<p>Header</p>",
    "Version:0.9\r\nStartHTML:-1\r\n",
    "Version:0.9",
    "<![if",
    "<o:p",
    "<a href=\"https://www.google.com/url?q=%ZZ&q=&q\">x</a>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) blocks = paste_html (cases[i], strlen (cases[i]));

      for (guint j = 0; j < blocks->len; j++)
        {
          CdBlock *block = g_ptr_array_index (blocks, j);

          if (cd_block_type_has_marks (cd_block_get_block_type (block)))
            g_assert_true (g_utf8_validate (cd_block_get_text (block), -1, NULL));
        }
    }
}

/* A big paste (a long document, 8 MB of Google Docs markup) is read
 * whole, in about linear time; one over the readers' limit is refused
 * with an error, not read in part. */
static void
test_hostile_huge_input (void)
{
  g_autoptr (GString) html = g_string_new ("<meta charset=\"utf-8\"><b style=\"font-weight:normal\" id=\"docs-internal-guid-2\">");
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) blocks = NULL;
  g_autoptr (GPtrArray) paragraphs = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *too_big = NULL;
  g_autofree char *last = NULL;
  gsize limit = 64 * 1024 * 1024;
  guint n = 0;

  while (html->len < 8 * 1024 * 1024)
    {
      g_string_append_printf (html,
                              "<p dir=\"ltr\" style=\"line-height:1.38;margin-top:0pt;margin-bottom:0pt;\">"
                              "<span style=\"font-size:11pt;font-family:Arial,sans-serif;font-weight:400;"
                              "white-space:pre-wrap;\">Paragraph %u of the long story, </span>"
                              "<span style=\"font-weight:700\">bold</span></p>",
                              n++);
      g_string_append_printf (text, "Line %u of the long text\r\n", n);
    }
  g_string_append (html, "</b>");

  blocks = paste_html (html->str, html->len);
  g_assert_cmpuint (blocks->len, ==, n);
  last = g_strdup_printf ("Paragraph %u of the long story, bold", n - 1);
  g_assert_cmpstr (text_at (blocks, n - 1), ==, last);

  paragraphs = cd_plain_text_import_blocks (text->str);
  g_assert_cmpuint (paragraphs->len, ==, n);

  too_big = g_malloc (limit + 1);
  memset (too_big, 'a', limit + 1);
  g_assert_null (cd_html_import_blocks (too_big, limit + 1, "clipboard", NULL, NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "clipboard"));
}

/* Plain text that is not text: invalid UTF-8, control characters, only
 * line ends, nothing. */
static void
test_hostile_plain_text (void)
{
  g_autoptr (GPtrArray) empty = cd_plain_text_import_blocks ("");
  g_autoptr (GPtrArray) blank = cd_plain_text_import_blocks ("\r\n\n\r \t\n\r\n");
  g_autoptr (GPtrArray) broken = cd_plain_text_import_blocks ("ok \xff\xfe bytes\x01\x1b[31m\nnext\x7f line");

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_cmpuint (broken->len, ==, 2);
  for (guint i = 0; i < broken->len; i++)
    {
      const char *line = text_at (broken, i);

      g_assert_true (g_utf8_validate (line, -1, NULL));
      for (const char *p = line; *p != '\0'; p++)
        g_assert_false (g_ascii_iscntrl (*p));
    }
  g_assert_true (g_str_has_prefix (text_at (broken, 0), "ok "));
  g_assert_true (g_str_has_prefix (text_at (broken, 1), "next"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Each fixture is its own test case, so one failure names its file and
 * the others still run. */
static void
add_fixtures (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "paste", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (entry, ".json"))
        g_ptr_array_add (names, g_strndup (entry, strlen (entry) - 5));
    }

  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 13);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat ("/core/paste/corpus/", g_ptr_array_index (names, i), NULL);

      g_test_add_data_func_full (path, g_strdup (g_ptr_array_index (names, i)), test_fixture, g_free);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* One fixture that fails does not hide the others. */
  g_test_set_nonfatal_assertions ();

  add_fixtures ();
  g_test_add_func ("/core/paste/hostile/nesting", test_hostile_nesting);
  g_test_add_func ("/core/paste/hostile/scripts-and-links", test_hostile_scripts_and_links);
  g_test_add_func ("/core/paste/hostile/broken-markup", test_hostile_broken_markup);
  g_test_add_func ("/core/paste/hostile/huge-input", test_hostile_huge_input);
  g_test_add_func ("/core/paste/hostile/plain-text", test_hostile_plain_text);

  return g_test_run ();
}
