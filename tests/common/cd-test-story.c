/* cd-test-story.c: stories the tests start from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-test-story.h"
#include "cd-test-utils.h"

CdArticle *
cd_test_load_sample (void)
{
  g_autofree char *path = cd_test_sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CdArticle *article;

  article = cd_document_load (file, &error);
  g_assert_no_error (error);

  return article;
}
