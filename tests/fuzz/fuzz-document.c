/* fuzz-document.c: the .article container reader under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The limits are scaled down from the defaults so that the fuzzer, run
 * with -malloc_limit_mb just above them (build-aux/dev fuzz), stops on any
 * allocation a hostile header could force past what the limits allow. A
 * story that loads is saved again and must load into the same story.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "copydesk-core.h"
#include "fuzz-common.h"

#define DISPLAY_NAME "fuzz-story.article"

static void
assert_same_media (CdArticle *a,
                   CdArticle *b)
{
  g_auto(GStrv) paths_a = cd_article_list_media (a);
  g_auto(GStrv) paths_b = cd_article_list_media (b);

  if (!g_strv_equal ((const char * const *) paths_a, (const char * const *) paths_b))
    g_error ("the media of a story change when it is saved and loaded again");

  for (guint i = 0; paths_a[i] != NULL; i++)
    {
      if (!g_bytes_equal (cd_article_get_media (a, paths_a[i]), cd_article_get_media (b, paths_a[i])))
        g_error ("media %s changes when the story is saved and loaded again", paths_a[i]);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(CdArticle) again = NULL;
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) json_again = NULL;
  g_autoptr(GError) error = NULL;
  CdDocumentLimits limits;

  cd_document_limits_init (&limits);
  limits.max_entries = 64;
  limits.max_json_size = 1024 * 1024;
  limits.max_entry_size = 1024 * 1024;
  limits.max_total_size = 4 * 1024 * 1024;
  limits.max_file_size = 4 * 1024 * 1024;

  article = cd_document_load_bytes (input, DISPLAY_NAME, &limits, &error);
  if (article == NULL)
    {
      fuzz_assert_clear_error (error, DISPLAY_NAME);
      return 0;
    }
  g_assert_no_error (error);

  container = cd_document_write_bytes (article, &error);
  if (container == NULL)
    g_error ("an accepted story cannot be saved: %s", error->message);

  again = cd_document_load_bytes (container, "saved.article", NULL, &error);
  if (again == NULL)
    g_error ("a saved story does not load again: %s", error->message);

  json = cd_json_write (article);
  json_again = cd_json_write (again);
  if (!g_bytes_equal (json, json_again))
    g_error ("a story changes when it is saved and loaded again");
  assert_same_media (article, again);

  return 0;
}
