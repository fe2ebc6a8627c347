/* cd-cli.c: what the command-line programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "copydesk-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-cli.h"
#include "cd-cli-stylesheet.h"

const char *
cd_cli_get_default_stylesheet (void)
{
  return cd_cli_default_stylesheet;
}

char *
cd_cli_load_stylesheet (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (path == NULL)
    return g_strdup (cd_cli_default_stylesheet);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: the stylesheet is not valid UTF-8 text"), display);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

void
cd_cli_print_preflight (const char *program,
                        const char *story,
                        GPtrArray  *items)
{
  g_return_if_fail (program != NULL);
  g_return_if_fail (story != NULL);
  g_return_if_fail (items != NULL);

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = cd_preflight_item_format (g_ptr_array_index (items, i), program, story);

      g_printerr ("%s\n", line);
    }
}

void
cd_cli_add_spelling (const char *program,
                     const char *story,
                     CdArticle  *article,
                     GPtrArray  *items)
{
  g_autofree char *desk_path = cd_spell_checker_get_default_desk_path ();
  const char *language = cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE);
  g_autoptr(CdSpellChecker) checker = NULL;
  const GError *desk_error;

  g_return_if_fail (program != NULL);
  g_return_if_fail (story != NULL);
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (items != NULL);

  checker = cd_spell_checker_new (language, desk_path);
  desk_error = cd_spell_checker_get_desk_error (checker);
  if (desk_error != NULL)
    g_printerr ("%s: %s\n", program, desk_error->message);

  /* Not a pre-flight item: --strict cannot hold a story back for a
   * dictionary this machine lacks. */
  if (!cd_spell_add_preflight_items (checker, article, items))
    g_printerr (_("%s: %s: language: note: no spelling dictionary for “%s”; spelling was not checked\n"),
                program, story, language != NULL && *language != '\0' ? language : "en");
}

void
cd_cli_print_usage_error (const char *program,
                          const char *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", program, message);
  g_printerr (_("Run “%s --help” to see the options.\n"), program);
}
