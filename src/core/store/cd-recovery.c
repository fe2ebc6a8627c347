/* cd-recovery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-recovery"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-document.h"
#include "cd-document-private.h"
#include "cd-error.h"
#include "cd-recovery.h"

#define JOURNAL_SUFFIX ".article"
#define INFO_SUFFIX    ".info"
#define INFO_GROUP     "Journal"

void
cd_recovery_entry_free (CdRecoveryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->journal_path);
  g_free (entry->original);
  g_free (entry->headline);
  g_clear_pointer (&entry->written, g_date_time_unref);
  g_free (entry);
}

char *
cd_recovery_get_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "copydesk", "recovery", NULL);
}

char *
cd_recovery_new_id (void)
{
  return g_uuid_string_random ();
}

static gboolean
id_is_valid (const char *id)
{
  /* Ids become file names: only accept what cd_recovery_new_id() makes. */
  return id != NULL && g_uuid_string_is_valid (id);
}

static char *
journal_path (const char *dir,
              const char *id,
              const char *suffix)
{
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
write_journal (const char  *id,
               CdArticle   *article,
               const char  *original,
               gboolean     durable,
               GError     **error);

gboolean
cd_recovery_write (const char  *id,
                   CdArticle   *article,
                   const char  *original,
                   GError     **error)
{
  g_return_val_if_fail (id_is_valid (id), FALSE);
  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_journal (id, article, original, TRUE, error);
}

gboolean
cd_recovery_write_quick (const char  *id,
                         CdArticle   *article,
                         const char  *original,
                         GError     **error)
{
  g_return_val_if_fail (id_is_valid (id), FALSE);
  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_journal (id, article, original, FALSE, error);
}

static gboolean
write_journal (const char  *id,
               CdArticle   *article,
               const char  *original,
               gboolean     durable,
               GError     **error)
{
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *path = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *info_data = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) info_file = NULL;
  g_autoptr (GKeyFile) info = g_key_file_new ();
  g_autoptr (GBytes) info_bytes = NULL;
  g_autoptr (GBytes) journal_bytes = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  gsize info_len = 0;

  g_assert (id_is_valid (id));
  g_assert (CD_IS_ARTICLE (article));

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, CD_ERROR, CD_ERROR_IO,
                   "Could not create the recovery folder “%s”: %s",
                   dir, g_strerror (errsv));
      return FALSE;
    }

  path = journal_path (dir, id, JOURNAL_SUFFIX);
  file = g_file_new_for_path (path);
  /* Written after every change while typing, on a processor that the
   * window and the preview share: deflating it each time cost more than
   * anything else the journal does. */
  journal_bytes = _cd_document_write_bytes_stored (article, error);
  if (journal_bytes == NULL)
    {
      g_prefix_error (error, "Could not write the recovery journal “%s”: ", path);
      return FALSE;
    }
  if (!(durable ? cd_file_replace_atomic : _cd_file_replace_atomic_quick) (file, journal_bytes, error))
    return FALSE;

  g_key_file_set_string (info, INFO_GROUP, "Written", stamp);
  g_key_file_set_string (info, INFO_GROUP, "Headline", cd_article_get_headline (article));
  if (original != NULL)
    g_key_file_set_string (info, INFO_GROUP, "Original", original);
  info_data = g_key_file_to_data (info, &info_len, NULL);
  info_bytes = g_bytes_new_take (g_steal_pointer (&info_data), info_len);

  info_path = journal_path (dir, id, INFO_SUFFIX);
  info_file = g_file_new_for_path (info_path);

  if (durable)
    return cd_file_replace_atomic (info_file, info_bytes, error);

  return _cd_file_replace_atomic_quick (info_file, info_bytes, error);
}

void
cd_recovery_discard (const char *id)
{
  g_autofree char *dir = cd_recovery_get_dir ();
  g_autofree char *path = NULL;
  g_autofree char *info_path = NULL;

  g_return_if_fail (id_is_valid (id));

  path = journal_path (dir, id, JOURNAL_SUFFIX);
  info_path = journal_path (dir, id, INFO_SUFFIX);
  g_unlink (path);
  g_unlink (info_path);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CdRecoveryEntry *ea = *(const CdRecoveryEntry * const *) a;
  const CdRecoveryEntry *eb = *(const CdRecoveryEntry * const *) b;
  int order = g_date_time_compare (eb->written, ea->written);

  /* The same order on every start, even for journals written together. */
  return order != 0 ? order : strcmp (ea->id, eb->id);
}

/* When the journal was last written, from the file itself. */
static GDateTime *
journal_modified (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) info = g_file_query_info (file,
                                                  G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GDateTime *modified = info != NULL ? g_file_info_get_modification_date_time (info) : NULL;

  return modified != NULL ? modified : g_date_time_new_now_utc ();
}

/* The headline stored in the journal itself, or "". */
static char *
journal_headline (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CdArticle) article = cd_document_load (file, NULL);

  return g_strdup (article != NULL ? cd_article_get_headline (article) : "");
}

GPtrArray *
cd_recovery_list (void)
{
  g_autofree char *dir_path = cd_recovery_get_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_recovery_entry_free);
  const char *name;

  if (dir == NULL)
    return entries;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autofree char *info_path = NULL;
      g_autofree char *written = NULL;
      g_autoptr (GKeyFile) info = g_key_file_new ();
      CdRecoveryEntry *entry;

      if (!g_str_has_suffix (name, JOURNAL_SUFFIX))
        continue;

      id = g_strndup (name, strlen (name) - strlen (JOURNAL_SUFFIX));
      if (!id_is_valid (id))
        continue;

      entry = g_new0 (CdRecoveryEntry, 1);
      entry->journal_path = g_build_filename (dir_path, name, NULL);
      info_path = journal_path (dir_path, id, INFO_SUFFIX);

      /* A journal whose info file was lost still holds the story. */
      if (g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL))
        {
          written = g_key_file_get_string (info, INFO_GROUP, "Written", NULL);
          entry->headline = g_key_file_get_string (info, INFO_GROUP, "Headline", NULL);
          entry->original = g_key_file_get_string (info, INFO_GROUP, "Original", NULL);
        }

      /* Without its info file a journal is dated by the file, not by
       * now: dated now, an old crash would be offered before the last. */
      if (written != NULL)
        entry->written = g_date_time_new_from_iso8601 (written, NULL);
      if (entry->written == NULL)
        entry->written = journal_modified (entry->journal_path);
      if (entry->headline == NULL)
        entry->headline = journal_headline (entry->journal_path);

      entry->id = g_steal_pointer (&id);
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_entries);

  return entries;
}

CdArticle *
cd_recovery_load (const CdRecoveryEntry  *entry,
                  GError                **error)
{
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  file = g_file_new_for_path (entry->journal_path);

  return cd_document_load (file, error);
}

char *
cd_recovery_entry_format_written (const CdRecoveryEntry *entry)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (entry->written != NULL, NULL);

  local = g_date_time_to_local (entry->written);

  /* "%e" pads a day before the 10th with a figure space, which stripping
   * does not remove and which shows as a gap in a sentence: "%-d" does
   * not pad. Translators: a date and time, see the GDateTime format
   * docs; keep "%-d" for the day, without padding */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

gboolean
cd_recovery_entry_is_for_file (const CdRecoveryEntry *entry,
                               GFile                 *file)
{
  g_autoptr(GFile) original = NULL;

  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (entry->original == NULL || entry->original[0] == '\0')
    return FALSE;

  /* The journal names the file by its path, or by its URI when it has
   * no path. */
  original = g_file_new_for_commandline_arg (entry->original);

  return g_file_equal (original, file);
}
