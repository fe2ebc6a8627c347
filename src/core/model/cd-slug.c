/* cd-slug.c: slugs made from headlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-slug"

#include "config.h"

#include <string.h>

#include "cd-slug.h"

char *
cd_slug_from_headline (const char *headline)
{
  g_autofree char *ascii = NULL;
  GString *slug;
  gboolean pending_hyphen = FALSE;

  g_return_val_if_fail (headline != NULL, NULL);

  /* The C locale gives the same slug whatever the user's language. */
  ascii = g_str_to_ascii (headline, "C");
  slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending_hyphen && slug->len > 0)
            g_string_append_c (slug, '-');
          pending_hyphen = FALSE;
          g_string_append_c (slug, g_ascii_tolower (*p));
        }
      else if (*p != '\'')
        {
          /* "Don't" is one word, "5G-ready" and "U.S. aid" are several. */
          pending_hyphen = TRUE;
        }
    }

  if (slug->len > CD_SLUG_MAX_LENGTH)
    {
      const char *cut;

      g_string_truncate (slug, CD_SLUG_MAX_LENGTH + 1);
      cut = strrchr (slug->str, '-');
      g_string_truncate (slug, cut != NULL ? (gsize) (cut - slug->str) : CD_SLUG_MAX_LENGTH);
    }

  return g_string_free (slug, FALSE);
}
