/* fuzz-wire.c: the wire readers (NITF, ninjs) and the HTML importer under
 * libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input goes to the reader copydesk-convert would pick for it
 * ('{' ninjs, anything else NITF), to the HTML importer as a ninjs body
 * and a clipboard would, as a whole .html page, and as plain text. A refusal must be a clear error; a story a reader accepts
 * must be one article.json takes back unchanged, so nothing a wire file
 * holds can make a story Copydesk itself would refuse to open.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "copydesk-core.h"
#include "fuzz-common.h"

#define DISPLAY_NAME "fuzz-wire-story"

static void
check_story (CdArticle *article)
{
  g_autoptr(GBytes) json = cd_json_write (article);
  g_autoptr(GBytes) json_again = NULL;
  g_autoptr(CdArticle) again = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (json, &length);

  again = cd_json_read (data, length, "fuzz-wire-story.json", &error);
  if (again == NULL)
    g_error ("a story read from a wire file is refused as article.json: %s", error->message);

  json_again = cd_json_write (again);
  if (!g_bytes_equal (json, json_again))
    g_error ("a story read from a wire file changes when written and read again");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = size > 0 ? (const char *) data : "";
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(CdArticle) holder = cd_article_new ();
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) html_error = NULL;
  g_autofree char *dateline = NULL;
  gsize skip = 0;

  while (skip < size && g_ascii_isspace (text[skip]))
    skip++;

  if (skip < size && text[skip] == '{')
    article = cd_ninjs_read (text, size, DISPLAY_NAME, &error);
  else
    article = cd_nitf_read (text, size, DISPLAY_NAME, NULL, &error);

  if (article == NULL)
    fuzz_assert_clear_error (error, DISPLAY_NAME);
  else
    check_story (article);

  /* The same bytes as an .html file, as File > Open reads a web page. */
  g_clear_object (&article);
  g_clear_error (&error);
  article = cd_html_import_document (text, size, DISPLAY_NAME, NULL, &error);
  if (article == NULL)
    fuzz_assert_clear_error (error, DISPLAY_NAME);
  else
    check_story (article);

  /* And as plain text on the clipboard. */
  if (memchr (text, '\0', size) == NULL)
    {
      g_autofree char *string = g_strndup (text, size);
      g_autoptr(GPtrArray) paragraphs = cd_plain_text_import_blocks (string);
      g_autoptr(CdArticle) pasted = cd_article_new ();

      for (guint i = 0; i < paragraphs->len; i++)
        cd_article_append_block (pasted, g_ptr_array_index (paragraphs, i));
      check_story (pasted);
    }

  /* The HTML importer takes a string, as the JSON parser hands it over. */
  if (memchr (text, '\0', size) == NULL && g_utf8_validate_len (text, size, NULL))
    {
      blocks = cd_html_import_blocks (text, size, DISPLAY_NAME, holder, &dateline, &html_error);
      if (blocks == NULL)
        {
          fuzz_assert_clear_error (html_error, DISPLAY_NAME);
        }
      else
        {
          for (guint i = 0; i < blocks->len; i++)
            cd_article_append_block (holder, g_ptr_array_index (blocks, i));
          check_story (holder);
        }
    }

  return 0;
}
