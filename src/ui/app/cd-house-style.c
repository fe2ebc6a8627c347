/* cd-house-style.c: the page stylesheets of the preview and the export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-house-style"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-font-stack.h"
#include "cd-house-style.h"

#define STYLES_RESOURCE_PATH "/io/github/copydesk/Copydesk/styles/"

static char *
load_stylesheet (const char *id)
{
  g_autofree char *path = g_strconcat (STYLES_RESOURCE_PATH, id, ".css", NULL);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

const char *
cd_house_style_get_stylesheet (const char *id)
{
  static GHashTable *stylesheets;
  const char *stylesheet;
  char *loaded;

  if (id == NULL || id[0] == '\0')
    id = CD_HOUSE_STYLE_DEFAULT;

  if (stylesheets == NULL)
    stylesheets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  stylesheet = g_hash_table_lookup (stylesheets, id);
  if (stylesheet != NULL)
    return stylesheet;

  loaded = load_stylesheet (id);
  if (loaded == NULL)
    {
      /* A setting from a newer Copydesk may name a style this one lacks;
       * the page still needs a stylesheet. */
      if (!g_str_equal (id, CD_HOUSE_STYLE_DEFAULT))
        return cd_house_style_get_stylesheet (CD_HOUSE_STYLE_DEFAULT);

      g_critical ("The default page stylesheet is missing from the resources");
      loaded = g_strdup ("");
    }

  g_hash_table_insert (stylesheets, g_strdup (id), loaded);

  return loaded;
}

const char *
cd_house_style_get_preview_stylesheet (const char *id)
{
  static GHashTable *stylesheets;
  const char *stylesheet = cd_house_style_get_stylesheet (id);
  char *pruned;

  /* Keyed by the text: an unknown ID has the default style's. */
  if (stylesheets == NULL)
    stylesheets = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

  pruned = g_hash_table_lookup (stylesheets, stylesheet);
  if (pruned == NULL)
    {
      pruned = cd_font_stack_prune_stylesheet (stylesheet);
      g_hash_table_insert (stylesheets, (gpointer) stylesheet, pruned);
    }

  return pruned;
}

static gpointer
prepare_thread (gpointer data)
{
  /* The verdicts stay with cd-font-stack.c; the text is made again, in
   * no time, when the preview asks for it. */
  g_free (cd_font_stack_prune_stylesheet (data));

  return NULL;
}

void
cd_house_style_prepare_preview_stylesheet (const char *id)
{
  static GHashTable *prepared;
  const char *stylesheet = cd_house_style_get_stylesheet (id);

  if (prepared == NULL)
    prepared = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (!g_hash_table_add (prepared, (gpointer) stylesheet))
    return;

  g_thread_unref (g_thread_new ("font-lists", prepare_thread, (gpointer) stylesheet));
}

void
cd_house_style_get_limits (const char        *id,
                           CdPreflightLimits *limits)
{
  g_return_if_fail (limits != NULL);

  cd_preflight_limits_from_stylesheet (limits, cd_house_style_get_stylesheet (id));
}

void
cd_house_style_get_current_limits (CdPreflightLimits *limits)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  g_autofree char *id = g_settings_get_string (settings, "house-style");

  cd_house_style_get_limits (id, limits);
}
