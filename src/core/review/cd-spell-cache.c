/* cd-spell-cache.c: a dictionary's answers kept between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-cache"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cd-spell-cache.h"

#define FORMAT_LINE "copydesk-spelling-verdicts 1"

struct _CdSpellCache
{
  char       *path;        /* NULL: never written (no folder, or an odd name) */
  char       *dict_name;
  char       *key;
  GHashTable *verdicts;
  guint       n_read;
  gboolean    valid;
  gboolean    keep;        /* the dictionary answering is one whose files are in the key */
  char       *extra;
};

/* enchant's names are letters, digits and "_"; anything else (a story's
 * language is the story's to set) is never made into a file name. */
static gboolean
is_plain_name (const char *name)
{
  if (*name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static void
append_entry (GString    *key,
              const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    {
      g_string_append_printf (key, "%s -\n", path);
      return;
    }

  g_string_append_printf (key, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ".%09ld %" G_GUINT64_FORMAT "\n",
                          path, (gint64) st.st_size, (gint64) st.st_mtim.tv_sec,
                          (long) st.st_mtim.tv_nsec, (guint64) st.st_ino);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @folder itself and its entries whose names start with @prefix (NULL:
 * all of them). */
static void
append_folder (GString    *key,
               const char *folder,
               const char *prefix)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  append_entry (key, folder);
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (prefix == NULL || g_str_has_prefix (name, prefix))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      append_entry (key, path);
    }
}

/* Every file that decides what enchant answers for @dict_name: where its
 * hunspell provider looks for dictionaries of the language (a request
 * for "en" takes an "en_US" one), enchant's own folders (the personal
 * word lists and exclusions, the ordering of providers) and the
 * providers installed. A package update replaces files, so their sizes,
 * times and inodes change with it. */
static char *
make_key (const char *dict_name)
{
  g_autoptr(GString) key = g_string_new (FORMAT_LINE "\n");
  g_autofree char *language = g_strdup (dict_name);
  g_autofree char *config = NULL;
  const char * const *data_dirs = g_get_system_data_dirs ();
  const char *config_env = g_getenv ("ENCHANT_CONFIG_DIR");
  char *region;

  region = strchr (language, '_');
  if (region != NULL)
    *region = '\0';

  if (config_env != NULL && *config_env != '\0')
    config = g_strdup (config_env);
  else
    config = g_build_filename (g_get_user_config_dir (), "enchant", NULL);

  g_string_append_printf (key, "%s\n", dict_name);
  append_folder (key, config, NULL);
  {
    g_autofree char *hunspell = g_build_filename (config, "hunspell", NULL);

    append_folder (key, hunspell, language);
  }
  append_folder (key, "/etc/enchant", NULL);
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *hunspell = g_build_filename (data_dirs[i], "hunspell", NULL);
      g_autofree char *enchant = g_build_filename (data_dirs[i], "enchant-2", NULL);

      append_folder (key, hunspell, language);
      append_folder (key, enchant, NULL);
    }
  append_folder (key, CD_ENCHANT_DATA_DIR "/hunspell", language);
  append_folder (key, CD_ENCHANT_MODULE_DIR, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key->str, key->len);
}

static gboolean
read_file (CdSpellCache *cache)
{
  g_autofree char *contents = NULL;
  g_autofree char *extra = NULL;
  const char *line;
  const char *end;
  gsize length;
  guint n_line = 0;

  if (!g_file_get_contents (cache->path, &contents, &length, NULL) ||
      !g_utf8_validate_len (contents, length, NULL))
    return FALSE;

  for (line = contents; line < contents + length; line = end + 1)
    {
      gsize line_length;

      end = memchr (line, '\n', contents + length - line);
      if (end == NULL)
        break;  /* a file cut short: what it holds is still whole lines */
      line_length = end - line;
      n_line++;

      if (n_line == 1)
        {
          if (line_length != strlen (FORMAT_LINE) || memcmp (line, FORMAT_LINE, line_length) != 0)
            return FALSE;
        }
      else if (n_line == 2)
        {
          if (line_length != strlen (cache->key) || memcmp (line, cache->key, line_length) != 0)
            return FALSE;
        }
      else if (n_line == 3)
        {
          g_autofree char *escaped = g_strndup (line, line_length);

          extra = g_strcompress (escaped);
        }
      else if (line_length >= 2 && (line[0] == '+' || line[0] == '-'))
        {
          g_hash_table_insert (cache->verdicts, g_strndup (line + 1, line_length - 1),
                               GINT_TO_POINTER ((line[0] == '+') + 1));
        }
    }

  if (extra == NULL)
    {
      g_hash_table_remove_all (cache->verdicts);
      return FALSE;
    }

  cache->extra = g_steal_pointer (&extra);
  cache->n_read = g_hash_table_size (cache->verdicts);
  return TRUE;
}

CdSpellCache *
_cd_spell_cache_open (const char *dir,
                      const char *dict_name)
{
  CdSpellCache *cache = g_new0 (CdSpellCache, 1);

  g_return_val_if_fail (dict_name != NULL, cache);

  cache->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (dir == NULL || !is_plain_name (dict_name))
    return cache;

  {
    g_autofree char *name = g_strconcat (dict_name, ".verdicts", NULL);

    cache->path = g_build_filename (dir, name, NULL);
  }
  cache->dict_name = g_strdup (dict_name);
  cache->key = make_key (dict_name);
  cache->valid = read_file (cache);

  return cache;
}

void
_cd_spell_cache_free (CdSpellCache *cache)
{
  if (cache == NULL)
    return;

  g_free (cache->path);
  g_free (cache->dict_name);
  g_free (cache->key);
  g_free (cache->extra);
  g_hash_table_unref (cache->verdicts);
  g_free (cache);
}

gboolean
_cd_spell_cache_is_valid (CdSpellCache *cache)
{
  g_return_val_if_fail (cache != NULL, FALSE);

  return cache->valid;
}

GHashTable *
_cd_spell_cache_get_verdicts (CdSpellCache *cache)
{
  g_return_val_if_fail (cache != NULL, NULL);

  return cache->verdicts;
}

const char *
_cd_spell_cache_get_extra (CdSpellCache *cache)
{
  g_return_val_if_fail (cache != NULL, NULL);

  return cache->extra;
}

void
_cd_spell_cache_set_dictionary (CdSpellCache *cache,
                                const char   *provider,
                                const char   *extra)
{
  g_return_if_fail (cache != NULL);

  cache->keep = g_strcmp0 (provider, "hunspell") == 0;
  /* The files as the dictionary found them: enchant makes the personal
   * word list of a language the first time its dictionary loads. */
  if (cache->dict_name != NULL)
    {
      g_free (cache->key);
      cache->key = make_key (cache->dict_name);
    }
  if (g_strcmp0 (cache->extra, extra) != 0)
    {
      /* Not the dictionary the answers came from after all. */
      g_hash_table_remove_all (cache->verdicts);
      cache->n_read = 0;
      cache->valid = FALSE;
      g_free (cache->extra);
      cache->extra = g_strdup (extra != NULL ? extra : "");
    }
}

gboolean
_cd_spell_cache_save (CdSpellCache *cache,
                      GError      **error)
{
  g_autoptr(GString) contents = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *dir = NULL;
  GHashTableIter iter;
  gpointer word;
  gpointer verdict;

  g_return_val_if_fail (cache != NULL, FALSE);

  if (cache->path == NULL || !cache->keep || cache->extra == NULL ||
      (cache->valid && g_hash_table_size (cache->verdicts) == cache->n_read))
    return TRUE;

  dir = g_path_get_dirname (cache->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  escaped = g_strescape (cache->extra, NULL);
  contents = g_string_new (NULL);
  g_string_append_printf (contents, FORMAT_LINE "\n%s\n%s\n", cache->key, escaped);
  g_hash_table_iter_init (&iter, cache->verdicts);
  while (g_hash_table_iter_next (&iter, &word, &verdict))
    {
      /* A word is never more than a line; one with a line break (none
       * comes from the word splitter) is left out. */
      if (strchr (word, '\n') != NULL)
        continue;
      g_string_append_c (contents, GPOINTER_TO_INT (verdict) - 1 ? '+' : '-');
      g_string_append (contents, word);
      g_string_append_c (contents, '\n');
    }

  if (!g_file_set_contents_full (cache->path, contents->str, contents->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  cache->valid = TRUE;
  cache->n_read = g_hash_table_size (cache->verdicts);
  return TRUE;
}
