/* fuzz-json.c: the article.json reader under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input either is refused with a CD_ERROR that names the file, or
 * loads; a story that loads is written back and must read again into the
 * same story, byte for byte.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "copydesk-core.h"
#include "fuzz-common.h"

#define DISPLAY_NAME "fuzz-story.json"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(CdArticle) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;
  const char *json;
  gsize json_length;

  article = cd_json_read (size > 0 ? (const char *) data : "", size, DISPLAY_NAME, &error);
  if (article == NULL)
    {
      fuzz_assert_clear_error (error, DISPLAY_NAME);
      return 0;
    }
  g_assert_no_error (error);

  written = cd_json_write (article);
  json = g_bytes_get_data (written, &json_length);
  again = cd_json_read (json, json_length, "written.json", &error);
  if (again == NULL)
    g_error ("the writer's output of an accepted story does not read back: %s\n%.*s",
             error->message, (int) MIN (json_length, 4096), json);

  rewritten = cd_json_write (again);
  if (!g_bytes_equal (written, rewritten))
    g_error ("an accepted story changes when written and read again");

  return 0;
}
