/* test-libs.c: libxml2 and libarchive opened on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "copydesk-core.h"
#include "cd-libarchive-private.h"
#include "cd-libxml-private.h"

/* The names of the core's calls reach the libraries: a document parsed,
 * read and freed through the table, an archive handle made and freed. */
static void
test_calls_reach_libraries (void)
{
  static const char xml[] = "<story xml:lang=\"fr\"><p>Bonjour</p></story>";
  xmlParserCtxt *context = xmlNewParserCtxt ();
  xmlDoc *doc;
  xmlNode *root;
  xmlChar *lang;
  struct archive *archive;

  g_assert_nonnull (context);
  doc = xmlCtxtReadMemory (context, xml, sizeof xml - 1, "story.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "story");
  lang = xmlNodeGetLang (root);
  g_assert_cmpstr ((const char *) lang, ==, "fr");
  xmlFree (lang);
  xmlFreeDoc (doc);
  xmlFreeParserCtxt (context);

  archive = archive_read_new ();
  g_assert_nonnull (archive);
  g_assert_cmpint (archive_read_support_format_zip_seekable (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_read_free (archive), ==, ARCHIVE_OK);
}

/* A library that is not installed ends the program with its name. */
static void
test_missing_library (void)
{
  if (g_test_subprocess ())
    {
      static const char * const names[] = { "xmlNewDoc" };
      gpointer slots[1];

      _cd_libs_open ("libcopydesk-missing.so.0", names, slots, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Cannot load libcopydesk-missing.so.0*");
}

/* A library without a function the program calls ends it with both
 * names, before the program calls anything through the table. */
static void
test_missing_symbol (void)
{
  if (g_test_subprocess ())
    {
      static const char * const names[] = { "malloc", "cd_no_such_function" };
      gpointer slots[2];

      _cd_libs_open ("libc.so.6", names, slots, 2);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*libc.so.6 has no cd_no_such_function*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/libs/calls-reach-libraries", test_calls_reach_libraries);
  g_test_add_func ("/libs/missing-library", test_missing_library);
  g_test_add_func ("/libs/missing-symbol", test_missing_symbol);

  return g_test_run ();
}
