/* test-font-stack.c: the preview's font lists, without the families this
 * machine cannot draw with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fontconfig reads a configuration of the test's own: the system's and
 * aliases of three kinds for families no font has.
 * DejaVu Serif and Sans come with the packages the suite installs.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cd-font-stack.h"
#include "cd-house-style.h"
#include "cd-test-utils.h"

#define ALIASED "Copydesk Aliased Family"
#define WEAKLY_ALIASED "Copydesk Weakly Aliased Family"
#define PREFERRED "Copydesk Family With A Preference"

static void
test_absent_families (void)
{
  g_assert_true (cd_font_stack_family_is_absent ("Copydesk Absent One"));
  g_assert_false (cd_font_stack_family_is_absent ("DejaVu Serif"));
  /* Family names compare without case, as in CSS. */
  g_assert_false (cd_font_stack_family_is_absent ("dejavu sans"));
  /* No font is called so, but a rule stands it for one: a web view may
   * draw with it. */
  g_assert_false (cd_font_stack_family_is_absent (ALIASED));
  /* A rule that only puts a family behind it, weakly, as rules put
   * families behind any name: a web view takes a font of that family
   * for the next family of the list, never for this one. */
  g_assert_true (cd_font_stack_family_is_absent (WEAKLY_ALIASED));
  /* A rule that puts a family before it: that is the family asked for. */
  g_assert_false (cd_font_stack_family_is_absent (PREFERRED));
}

static void
test_lists_pruned (void)
{
  const char *stylesheet =
    "/* font-family: \"Copydesk Absent One\", serif; in a comment stays */\n"
    ":root {\n"
    "  --cd-serif: \"Copydesk Absent One\", \"DejaVu Serif\", serif;\n"
    "  --cd-sans: \"" ALIASED "\", 'Copydesk Absent Two', sans-serif;\n"
    "  --cd-other: \"Copydesk Absent One\", serif;\n"
    "}\n"
    "h1 { font-family: Copydesk Absent Three, \"DejaVu Sans\" }\n"
    "h2 { font-family: var(--cd-serif); }\n"
    "h3 { font-family: \"Copydesk Absent One\"; }\n"
    "p { font-family: 'Copydesk Absent Two', DejaVu Sans !important; }\n"
    "blockquote { font-family : inherit }\n"
    "[title=\"font-family: Copydesk Absent One\"] { color: red; }\n";
  const char *expected =
    "/* font-family: \"Copydesk Absent One\", serif; in a comment stays */\n"
    ":root {\n"
    "  --cd-serif: \"DejaVu Serif\", serif;\n"
    "  --cd-sans: \"" ALIASED "\", sans-serif;\n"
    "  --cd-other: \"Copydesk Absent One\", serif;\n"
    "}\n"
    "h1 { font-family: \"DejaVu Sans\" }\n"
    "h2 { font-family: var(--cd-serif); }\n"
    "h3 { font-family: \"Copydesk Absent One\"; }\n"
    "p { font-family: 'Copydesk Absent Two', DejaVu Sans !important; }\n"
    "blockquote { font-family : inherit }\n"
    "[title=\"font-family: Copydesk Absent One\"] { color: red; }\n";
  g_autofree char *pruned = cd_font_stack_prune_stylesheet (stylesheet);

  g_assert_cmpstr (pruned, ==, expected);
}

/* The house style's own lists: what is left still ends in the generic
 * family, and names only families this machine has or may stand in. */
static void
test_house_style (void)
{
  const char *original = cd_house_style_get_stylesheet (NULL);
  const char *preview = cd_house_style_get_preview_stylesheet (NULL);

  g_assert_nonnull (strstr (preview, "--cd-serif:"));
  g_assert_nonnull (strstr (preview, "--cd-sans:"));
  /* Asked again: the same text, made once. */
  g_assert_true (cd_house_style_get_preview_stylesheet (CD_HOUSE_STYLE_DEFAULT) == preview);
  g_assert_cmpuint (strlen (preview), <=, strlen (original));

  for (guint k = 0; k < 2; k++)
    {
      const char *name = strstr (preview, k == 0 ? "--cd-serif:" : "--cd-sans:");
      g_autofree char *value = g_strndup (name, strcspn (name, ";"));
      g_auto(GStrv) families = g_strsplit (strchr (value, ':') + 1, ",", -1);
      guint n = g_strv_length (families);

      g_assert_cmpuint (n, >, 0);
      g_assert_true (g_str_has_suffix (g_strstrip (families[n - 1]), "serif"));
      for (guint i = 0; i + 1 < n; i++)
        {
          g_autofree char *family = g_strdup (g_strstrip (families[i]));

          if (family[0] == '"')
            {
              memmove (family, family + 1, strlen (family));
              family[strlen (family) - 1] = '\0';
            }
          g_assert_false (cd_font_stack_family_is_absent (family));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = cd_test_make_temp_dir ("copydesk-font-stack-XXXXXX");
  g_autofree char *config = NULL;
  int status;

  config = cd_test_write_file (dir, "fonts.conf",
                               "<?xml version=\"1.0\"?>\n"
                               "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
                               "<fontconfig>\n"
                               "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
                               "  <alias binding=\"same\">\n"
                               "    <family>" ALIASED "</family>\n"
                               "    <accept><family>DejaVu Serif</family></accept>\n"
                               "  </alias>\n"
                               "  <alias>\n"
                               "    <family>" WEAKLY_ALIASED "</family>\n"
                               "    <accept><family>DejaVu Sans</family></accept>\n"
                               "  </alias>\n"
                               "  <alias>\n"
                               "    <family>" PREFERRED "</family>\n"
                               "    <prefer><family>DejaVu Sans</family></prefer>\n"
                               "  </alias>\n"
                               "</fontconfig>\n", -1);

  g_setenv ("FONTCONFIG_FILE", config, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/font-stack/absent-families", test_absent_families);
  g_test_add_func ("/font-stack/lists-pruned", test_lists_pruned);
  g_test_add_func ("/font-stack/house-style", test_house_style);

  status = g_test_run ();
  cd_test_remove_tree (dir);

  return status;
}
