/* cd-spell-cache.c: a dictionary's answers kept between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-spell-cache.h"

#define FORMAT_LINE "copydesk-spelling-verdicts 2"

/* Whole texts kept at most: a desk converts many stories, and the file
 * is read before every check. */
#define MAX_TEXTS 16384

/* A text checked before: its misspelt words, by a key made from its
 * bytes and the word lists it was checked with. */
typedef struct
{
  guint64  key;
  guint32  length;
  guint32  n_spans;
  /* Looked up or added since the file was read. */
  gboolean used;
  /* The start and end of each misspelt word, in bytes. */
  guint32  spans[];
} TextEntry;

struct _CdSpellCache
{
  char       *path;        /* NULL: never written (no folder, or an odd name) */
  char       *dict_name;
  char       *key;
  GHashTable *verdicts;
  guint       n_read;
  GHashTable *texts;       /* of TextEntry, by key */
  gboolean    texts_changed;
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

/* The number whose digits (base 16 with @hex, else 10) start at *@p,
 * before @end; *@p moves past them. FALSE when there are none, or more
 * than @max_digits. */
static gboolean
read_number (const char **p,
             const char  *end,
             gboolean     hex,
             guint        max_digits,
             guint64     *value)
{
  guint64 number = 0;
  guint n_digits = 0;

  for (; *p < end; (*p)++)
    {
      char c = **p;
      guint digit;

      if (c >= '0' && c <= '9')
        digit = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        digit = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        digit = c - 'A' + 10;
      else
        break;
      if (++n_digits > max_digits)
        return FALSE;
      number = number * (hex ? 16 : 10) + digit;
    }

  *value = number;
  return n_digits > 0;
}

/* "=KEY LENGTH START END START END ...": a text's line, read where it
 * is (thousands of them are read before each check); NULL when it is not
 * one whole and in order. */
static TextEntry *
parse_text_line (const char *line,
                 gsize       line_length)
{
  const char *end = line + line_length;
  const char *p = line + 1;
  TextEntry *entry;
  guint64 key;
  guint64 length;
  guint64 previous_end = 0;
  guint n_fields = 0;

  if (!read_number (&p, end, TRUE, 16, &key) || p != line + 17 ||
      p == end || *p++ != ' ' ||
      !read_number (&p, end, FALSE, 10, &length) || length > G_MAXUINT32)
    return NULL;

  for (const char *q = p; q < end; q++)
    n_fields += *q == ' ';
  if (n_fields % 2 != 0)
    return NULL;

  entry = g_malloc (sizeof (TextEntry) + n_fields * sizeof (guint32));
  entry->key = key;
  entry->length = (guint32) length;
  entry->n_spans = n_fields / 2;
  entry->used = FALSE;

  for (guint i = 0; i < n_fields; i += 2)
    {
      guint64 span_start;
      guint64 span_end;

      if (*p++ != ' ' || !read_number (&p, end, FALSE, 10, &span_start) ||
          p == end || *p++ != ' ' || !read_number (&p, end, FALSE, 10, &span_end) ||
          span_start < previous_end || span_start >= span_end || span_end > length)
        {
          g_free (entry);
          return NULL;
        }
      previous_end = span_end;
      entry->spans[i] = (guint32) span_start;
      entry->spans[i + 1] = (guint32) span_end;
    }

  if (p != end)
    {
      g_free (entry);
      return NULL;
    }
  return entry;
}

/* A number's digits, without printf's parsing of a format. */
static void
append_number (GString *out,
               guint32  value)
{
  char digits[10];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);

  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_text_line (GString         *out,
                  const TextEntry *entry)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append_c (out, '=');
  for (int shift = 60; shift >= 0; shift -= 4)
    g_string_append_c (out, hex[(entry->key >> shift) & 0xF]);
  g_string_append_c (out, ' ');
  append_number (out, entry->length);
  for (guint i = 0; i < 2 * entry->n_spans; i++)
    {
      g_string_append_c (out, ' ');
      append_number (out, entry->spans[i]);
    }
  g_string_append_c (out, '\n');
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
      else if (line_length >= 2 && line[0] == '=' &&
               g_hash_table_size (cache->texts) < MAX_TEXTS)
        {
          TextEntry *entry = parse_text_line (line, line_length);

          if (entry != NULL)
            g_hash_table_replace (cache->texts, &entry->key, entry);
        }
    }

  if (extra == NULL)
    {
      g_hash_table_remove_all (cache->verdicts);
      g_hash_table_remove_all (cache->texts);
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
  cache->texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  if (dir == NULL || !is_plain_name (dict_name))
    return cache;

  {
    g_autofree char *name = g_strconcat (dict_name, ".verdicts", NULL);

    cache->path = g_build_filename (dir, name, NULL);
  }
  cache->dict_name = g_strdup (dict_name);
  cache->key = make_key (dict_name);
  cache->valid = read_file (cache);
  /* Only a hunspell dictionary's answers are ever written: answers read
   * back are kept again with what this run adds (whole texts, words),
   * even when no dictionary is loaded. */
  cache->keep = cache->valid;

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
  g_hash_table_unref (cache->texts);
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
      g_hash_table_remove_all (cache->texts);
      cache->n_read = 0;
      cache->valid = FALSE;
      g_free (cache->extra);
      cache->extra = g_strdup (extra != NULL ? extra : "");
    }
}

/* Writes @path whole under another name and renames it: a reader sees
 * the old file or the new one. Not synced to disk first, which took
 * longer than writing it: after a system crash the file may be empty or
 * cut short, and its answers are then asked again. */
static gboolean
replace_file (const char  *path,
              const char  *contents,
              gsize        length,
              GError     **error)
{
  g_autofree char *temp = g_strconcat (path, ".XXXXXX", NULL);
  gsize written = 0;
  int saved_errno = 0;
  int fd;

  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      goto failed;
    }

  while (written < length)
    {
      gssize n = write (fd, contents + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved_errno = n < 0 ? errno : ENOSPC;
          break;
        }
      written += n;
    }
  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  if (saved_errno == 0 && g_rename (temp, path) != 0)
    saved_errno = errno;
  if (saved_errno == 0)
    return TRUE;

  g_unlink (temp);

failed:
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", path, g_strerror (saved_errno));
  return FALSE;
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
      (cache->valid && g_hash_table_size (cache->verdicts) == cache->n_read &&
       !cache->texts_changed))
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
  g_hash_table_iter_init (&iter, cache->texts);
  while (g_hash_table_iter_next (&iter, NULL, &verdict))
    append_text_line (contents, verdict);

  if (!replace_file (cache->path, contents->str, contents->len, error))
    return FALSE;

  cache->valid = TRUE;
  cache->n_read = g_hash_table_size (cache->verdicts);
  cache->texts_changed = FALSE;
  return TRUE;
}

gboolean
_cd_spell_cache_lookup_text (CdSpellCache *cache,
                             guint64       key,
                             gsize         length,
                             GArray       *spans)
{
  TextEntry *entry;

  g_return_val_if_fail (cache != NULL, FALSE);
  g_return_val_if_fail (spans != NULL, FALSE);

  entry = g_hash_table_lookup (cache->texts, &key);
  if (entry == NULL || entry->length != length)
    return FALSE;

  entry->used = TRUE;
  for (guint i = 0; i < entry->n_spans; i++)
    {
      CdSpellSpan span = { entry->spans[2 * i], entry->spans[2 * i + 1] };

      g_array_append_val (spans, span);
    }
  return TRUE;
}

static gboolean
is_unused (gpointer key,
           gpointer value,
           gpointer user_data)
{
  return !((TextEntry *) value)->used;
}

void
_cd_spell_cache_add_text (CdSpellCache      *cache,
                          guint64            key,
                          gsize              length,
                          const CdSpellSpan *spans,
                          guint              n_spans)
{
  TextEntry *entry;

  g_return_if_fail (cache != NULL);
  g_return_if_fail (spans != NULL || n_spans == 0);

  if (length > G_MAXUINT32)
    return;
  for (guint i = 0; i < n_spans; i++)
    {
      if (spans[i].end > length || spans[i].start >= spans[i].end ||
          (i > 0 && spans[i].start < spans[i - 1].end))
        return;
    }

  /* Full: the texts of other stories make room for this one's. */
  if (g_hash_table_size (cache->texts) >= MAX_TEXTS)
    g_hash_table_foreach_remove (cache->texts, is_unused, NULL);
  if (g_hash_table_size (cache->texts) >= MAX_TEXTS)
    return;

  entry = g_malloc (sizeof (TextEntry) + 2 * n_spans * sizeof (guint32));
  entry->key = key;
  entry->length = (guint32) length;
  entry->n_spans = n_spans;
  entry->used = TRUE;
  for (guint i = 0; i < n_spans; i++)
    {
      entry->spans[2 * i] = (guint32) spans[i].start;
      entry->spans[2 * i + 1] = (guint32) spans[i].end;
    }
  g_hash_table_replace (cache->texts, &entry->key, entry);
  cache->texts_changed = TRUE;
}
