/* cd-revision.c: the story's own history, kept in its .article container
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-revision"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "cd-error.h"
#include "cd-import.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-revision.h"

#define INDEX_FORMAT  "copydesk.revisions"
#define INDEX_VERSION 1
#define MAX_ID_LENGTH 64

struct _CdRevision
{
  char    *id;
  char    *parent;
  char    *time;
  char    *author;
  char    *reason;
  char    *label;
  GBytes  *json;
  GStrv    media;
  gint64   unix_time;
};

G_DEFINE_BOXED_TYPE (CdRevision, cd_revision, cd_revision_ref, cd_revision_unref)

static void
revision_clear (CdRevision *revision)
{
  g_free (revision->id);
  g_free (revision->parent);
  g_free (revision->time);
  g_free (revision->author);
  g_free (revision->reason);
  g_free (revision->label);
  g_clear_pointer (&revision->json, g_bytes_unref);
  g_strfreev (revision->media);
}

CdRevision *
cd_revision_ref (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);

  return g_atomic_rc_box_acquire (revision);
}

void
cd_revision_unref (CdRevision *revision)
{
  g_return_if_fail (revision != NULL);

  g_atomic_rc_box_release_full (revision, (GDestroyNotify) revision_clear);
}

const char *
cd_revision_get_id (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->id;
}

const char *
cd_revision_get_parent (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->parent;
}

const char *
cd_revision_get_time (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->time;
}

const char *
cd_revision_get_author (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->author != NULL ? revision->author : "";
}

const char *
cd_revision_get_reason (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->reason;
}

const char *
cd_revision_get_label (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->label != NULL ? revision->label : "";
}

GBytes *
cd_revision_get_json (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->json;
}

const char * const *
cd_revision_get_media (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return (const char * const *) revision->media;
}

char *
cd_revision_get_path (CdRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return g_strdup_printf (CD_REVISIONS_FOLDER "%s.json", revision->id);
}

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, CD_REVISION_SAVED) == 0)
    return _("Saved");
  if (g_strcmp0 (reason, CD_REVISION_EXPORTED) == 0)
    return _("Exported");
  if (g_strcmp0 (reason, CD_REVISION_PUBLISHED) == 0)
    return _("Published");
  if (g_strcmp0 (reason, CD_REVISION_RESTORED) == 0)
    return _("Restored");
  if (g_strcmp0 (reason, CD_REVISION_IMPORTED) == 0)
    return _("Imported");
  if (g_strcmp0 (reason, CD_REVISION_NAMED) == 0)
    return _("Named");
  return reason;
}

char *
cd_revision_describe (CdRevision *revision)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (revision != NULL, NULL);

  utc = g_date_time_new_from_unix_utc (revision->unix_time);
  local = g_date_time_to_local (utc);
  when = g_date_time_format (local, "%e %b %Y, %H:%M");
  out = g_string_new (g_strstrip (when));

  if (revision->label != NULL && *revision->label != '\0')
    g_string_append_printf (out, " · “%s”", revision->label);
  else
    g_string_append_printf (out, " · %s", reason_label (revision->reason));
  if (revision->author != NULL && *revision->author != '\0')
    g_string_append_printf (out, " · %s", revision->author);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Ids name files in the container, so only a safe alphabet. */
static gboolean
id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_ID_LENGTH || g_str_equal (id, "index"))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (id[i]) && id[i] != '-' && id[i] != '_')
        return FALSE;
    }

  return TRUE;
}

static void
add_figure_media (CdBlock    *block,
                  GHashTable *seen,
                  GPtrArray  *media)
{
  const char *src;

  if (block == NULL || cd_block_get_block_type (block) != CD_BLOCK_FIGURE)
    return;

  src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  if (cd_media_name_from_src (src) != NULL && g_hash_table_add (seen, (gpointer) src))
    g_ptr_array_add (media, g_strdup (src));
}

static GStrv
figure_media (CdArticle *article)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *media = g_ptr_array_new ();

  add_figure_media (cd_article_get_lead (article), seen, media);
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    add_figure_media (cd_article_get_block (article, i), seen, media);
  g_ptr_array_add (media, NULL);

  return (GStrv) g_ptr_array_free (media, FALSE);
}

CdRevision *
cd_article_add_revision (CdArticle  *article,
                         const char *reason,
                         const char *author,
                         const char *label,
                         GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(CdArticle) snapshot = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autofree char *stamp = NULL;
  GPtrArray *revisions;
  CdRevision *revision;
  CdRevision *last;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  when = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (when);
  revisions = cd_article_get_revisions (article);
  last = revisions->len > 0 ? g_ptr_array_index (revisions, revisions->len - 1) : NULL;

  /* What a save or an export writes: no blank paragraphs. */
  snapshot = cd_article_without_blank_paragraphs (article);
  json = cd_json_write (snapshot);

  /* Saving twice, or exporting what was just saved, adds nothing: the
   * newest revision already holds the story as it is. */
  if (last != NULL && (label == NULL || *label == '\0') &&
      (g_str_equal (reason, CD_REVISION_SAVED) || g_str_equal (reason, CD_REVISION_EXPORTED)) &&
      last->json != NULL && g_bytes_equal (json, last->json))
    return last;

  revision = g_atomic_rc_box_new0 (CdRevision);
  stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  do
    {
      g_autofree char *random = g_uuid_string_random ();

      g_free (revision->id);
      revision->id = g_strdup_printf ("%s-%.8s", stamp, random);
    }
  while (cd_revisions_find (revisions, revision->id) != NULL);

  revision->parent = last != NULL ? g_strdup (last->id) : NULL;
  revision->time = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  revision->unix_time = g_date_time_to_unix (utc);
  revision->author = author != NULL && *author != '\0' ? g_strdup (author) : NULL;
  revision->reason = g_strdup (reason);
  revision->label = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
  revision->json = g_steal_pointer (&json);
  revision->media = figure_media (snapshot);

  g_ptr_array_add (revisions, revision);
  cd_revisions_thin (revisions, utc);

  return revision;
}

CdArticle *
cd_revision_load (CdRevision  *revision,
                  CdArticle   *story,
                  const char  *display_name,
                  GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  CdArticle *article;
  gsize length;
  const char *data;

  g_return_val_if_fail (revision != NULL, NULL);
  g_return_val_if_fail (story == NULL || CD_IS_ARTICLE (story), NULL);

  path = cd_revision_get_path (revision);
  display = g_strdup_printf ("%s: %s", display_name != NULL ? display_name : "", path);
  data = g_bytes_get_data (revision->json, &length);
  article = cd_json_read (data != NULL ? data : "", length, display, error);
  if (article == NULL)
    return NULL;

  for (guint i = 0; story != NULL && revision->media[i] != NULL; i++)
    {
      GBytes *bytes = cd_article_get_media (story, revision->media[i]);

      if (bytes != NULL)
        cd_article_set_media (article, revision->media[i], bytes);
    }

  return article;
}

CdArticle *
cd_revision_load_from_file (GFile       *file,
                            const char  *revision_id,
                            GError     **error)
{
  g_autoptr(CdArticle) story = NULL;
  g_autofree char *display = NULL;
  CdRevision *revision;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  story = cd_import_load (file, error);
  if (story == NULL || revision_id == NULL)
    return g_steal_pointer (&story);

  display = g_file_get_parse_name (file);
  revision = cd_revisions_find (cd_article_get_revisions (story), revision_id);
  if (revision == NULL)
    {
      GPtrArray *revisions = cd_article_get_revisions (story);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < revisions->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                cd_revision_get_id (g_ptr_array_index (revisions, i)));

      if (revisions->len == 0)
        g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                     _("“%s” has no revision “%s”: it has no revisions"), display, revision_id);
      else
        g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                     _("“%s” has no revision “%s”; its revisions are %s"),
                     display, revision_id, ids->str);
      return NULL;
    }

  return cd_revision_load (revision, story, display, error);
}

void
cd_article_restore_from (CdArticle *self,
                         CdArticle *source)
{
  g_auto(GStrv) media = NULL;
  CdBlock *lead;

  g_return_if_fail (CD_IS_ARTICLE (self));
  g_return_if_fail (CD_IS_ARTICLE (source));

  /* Pictures first, so that no figure ever points at a missing one. */
  media = cd_article_list_media (source);
  for (guint i = 0; media[i] != NULL; i++)
    {
      if (cd_article_get_media (self, media[i]) == NULL)
        cd_article_set_media (self, media[i], cd_article_get_media (source, media[i]));
    }

  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    {
      if (i == CD_ARTICLE_FIELD_ID || i == CD_ARTICLE_FIELD_CREATED || i == CD_ARTICLE_FIELD_MODIFIED)
        continue;
      cd_article_set_field (self, i, cd_article_get_field (source, i));
    }
  cd_article_set_keywords (self, cd_article_get_keywords (source));
  cd_article_set_bylines (self, cd_article_get_bylines (source));
  cd_article_set_dateline (self, cd_article_get_dateline (source));

  lead = cd_article_get_lead (source);
  if (lead == NULL)
    cd_article_set_lead (self, NULL);
  else
    {
      g_autoptr(CdBlock) copy = cd_block_copy (lead);

      cd_article_set_lead (self, copy);
    }

  while (cd_article_get_n_blocks (self) > 0)
    cd_article_remove_block (self, cd_article_get_n_blocks (self) - 1);
  for (guint i = 0; i < cd_article_get_n_blocks (source); i++)
    {
      g_autoptr(CdBlock) copy = cd_block_copy (cd_article_get_block (source, i));

      cd_article_append_block (self, copy);
    }
}

CdRevision *
cd_revisions_find (GPtrArray  *revisions,
                   const char *id)
{
  g_return_val_if_fail (revisions != NULL, NULL);

  for (guint i = 0; id != NULL && i < revisions->len; i++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);

      if (g_str_equal (revision->id, id))
        return revision;
    }

  return NULL;
}

/* A revision taken from @source with another parent. */
static CdRevision *
revision_with_parent (CdRevision *source,
                      const char *parent)
{
  CdRevision *revision = g_atomic_rc_box_new0 (CdRevision);

  revision->id = g_strdup (source->id);
  revision->parent = g_strdup (parent);
  revision->time = g_strdup (source->time);
  revision->unix_time = source->unix_time;
  revision->author = g_strdup (source->author);
  revision->reason = g_strdup (source->reason);
  revision->label = g_strdup (source->label);
  revision->json = g_bytes_ref (source->json);
  revision->media = g_strdupv (source->media);

  return revision;
}

void
cd_revisions_thin (GPtrArray *revisions,
                   GDateTime *now)
{
  g_autoptr(GHashTable) parents = NULL;
  g_autoptr(GHashTable) buckets = NULL;
  g_autofree gboolean *keep = NULL;
  gint64 now_unix;

  g_return_if_fail (revisions != NULL);
  g_return_if_fail (now != NULL);

  if (revisions->len == 0)
    return;

  now_unix = g_date_time_to_unix (now);
  keep = g_new0 (gboolean, revisions->len);
  buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Newest first, so that the first revision met in a bucket is the
   * newest of its hour or day. */
  for (guint i = revisions->len; i-- > 0; )
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      gint64 age = now_unix - revision->unix_time;
      char *bucket;

      if (i == revisions->len - 1 || (revision->label != NULL && *revision->label != '\0') ||
          age < 24 * 3600)
        {
          keep[i] = TRUE;
          continue;
        }

      if (age < 7 * 24 * 3600)
        bucket = g_strdup_printf ("h%" G_GINT64_FORMAT, revision->unix_time / 3600);
      else
        bucket = g_strdup_printf ("d%" G_GINT64_FORMAT, revision->unix_time / (24 * 3600));

      keep[i] = g_hash_table_add (buckets, bucket);
    }

  /* Each gone revision's parent, to give its children a kept one. */
  parents = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < revisions->len; i++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);

      if (!keep[i])
        g_hash_table_insert (parents, revision->id, revision->parent);
    }

  if (g_hash_table_size (parents) == 0)
    return;

  {
    g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_revision_unref);

    for (guint i = 0; i < revisions->len; i++)
      {
        CdRevision *revision = g_ptr_array_index (revisions, i);
        const char *parent = revision->parent;
        guint steps = 0;

        if (!keep[i])
          continue;

        while (parent != NULL && g_hash_table_contains (parents, parent) && steps++ < revisions->len)
          parent = g_hash_table_lookup (parents, parent);

        if (g_strcmp0 (parent, revision->parent) == 0)
          g_ptr_array_add (kept, cd_revision_ref (revision));
        else
          g_ptr_array_add (kept, revision_with_parent (revision, parent));
      }

    g_ptr_array_set_size (revisions, 0);
    for (guint i = 0; i < kept->len; i++)
      g_ptr_array_add (revisions, cd_revision_ref (g_ptr_array_index (kept, i)));
  }
}

/* The index */

GBytes *
cd_revisions_write_index (GPtrArray *revisions)
{
  g_autoptr(cJSON) root = NULL;
  cJSON *array;
  char *text;

  g_return_val_if_fail (revisions != NULL, NULL);

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "format", INDEX_FORMAT);
  cJSON_AddNumberToObject (root, "version", INDEX_VERSION);
  array = cJSON_AddArrayToObject (root, "revisions");
  for (guint i = 0; i < revisions->len; i++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      cJSON *entry = cJSON_CreateObject ();
      cJSON *media;

      cJSON_AddItemToArray (array, entry);
      cJSON_AddStringToObject (entry, "id", revision->id);
      if (revision->parent != NULL)
        cJSON_AddStringToObject (entry, "parent", revision->parent);
      else
        cJSON_AddNullToObject (entry, "parent");
      cJSON_AddStringToObject (entry, "time", revision->time);
      cJSON_AddStringToObject (entry, "author", cd_revision_get_author (revision));
      cJSON_AddStringToObject (entry, "reason", revision->reason);
      cJSON_AddStringToObject (entry, "label", cd_revision_get_label (revision));
      media = cJSON_AddArrayToObject (entry, "media");
      for (guint k = 0; revision->media[k] != NULL; k++)
        cJSON_AddItemToArray (media, cJSON_CreateString (revision->media[k]));
    }

  text = cJSON_Print (root);

  return g_bytes_new_with_free_func (text, strlen (text), cJSON_free, text);
}

static gboolean G_GNUC_PRINTF (3, 4)
index_error (GError     **error,
             const char  *display_name,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CD_ERROR, CD_ERROR_INVALID, "%s: %s: %s",
               display_name, CD_REVISIONS_INDEX, message);
  return FALSE;
}

/* A string member, NULL when absent or null; FALSE for another type. */
static gboolean
optional_string (const cJSON  *object,
                 const char   *member,
                 const char  **value)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, member);

  *value = NULL;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (!cJSON_IsString (item))
    return FALSE;

  *value = item->valuestring;
  return g_utf8_validate (*value, -1, NULL);
}

static CdRevision *
read_entry (const cJSON  *object,
            guint         index,
            const char   *display_name,
            GError      **error)
{
  g_autoptr(CdRevision) revision = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GPtrArray) media = NULL;
  const cJSON *media_item;
  const char *id;
  const char *parent;
  const char *when;
  const char *author;
  const char *reason;
  const char *label;

  if (!cJSON_IsObject (object))
    {
      index_error (error, display_name, _("revisions[%u] must be an object"), index);
      return NULL;
    }

  if (!optional_string (object, "id", &id) || id == NULL || !id_is_valid (id))
    {
      index_error (error, display_name,
                   _("revisions[%u].id must be letters, digits, '-' or '_' (at most %u)"),
                   index, MAX_ID_LENGTH);
      return NULL;
    }

  if (!optional_string (object, "parent", &parent) || (parent != NULL && !id_is_valid (parent)))
    {
      index_error (error, display_name, _("revisions[%u].parent must be a revision id or null"), index);
      return NULL;
    }

  if (!optional_string (object, "time", &when) || when == NULL ||
      !cd_date_time_is_valid (when) || (time = g_date_time_new_from_iso8601 (when, NULL)) == NULL)
    {
      index_error (error, display_name, _("revisions[%u].time must be a date and time like 2024-05-14T08:12:00Z"), index);
      return NULL;
    }

  if (!optional_string (object, "reason", &reason) || reason == NULL || *reason == '\0')
    {
      index_error (error, display_name, _("revisions[%u].reason must be a string"), index);
      return NULL;
    }

  if (!optional_string (object, "author", &author) || !optional_string (object, "label", &label))
    {
      index_error (error, display_name, _("revisions[%u].author and .label must be strings"), index);
      return NULL;
    }

  media = g_ptr_array_new_with_free_func (g_free);
  media_item = cJSON_GetObjectItemCaseSensitive (object, "media");
  if (media_item != NULL && !cJSON_IsNull (media_item))
    {
      const cJSON *element;
      guint k = 0;

      if (!cJSON_IsArray (media_item))
        {
          index_error (error, display_name, _("revisions[%u].media must be an array"), index);
          return NULL;
        }

      cJSON_ArrayForEach (element, media_item)
        {
          const char *src = cJSON_GetStringValue (element);

          if (cd_media_name_from_src (src) == NULL)
            {
              index_error (error, display_name,
                           _("revisions[%u].media[%u] must name a picture as media/NAME"), index, k);
              return NULL;
            }
          g_ptr_array_add (media, g_strdup (src));
          k++;
        }
    }
  g_ptr_array_add (media, NULL);

  revision = g_atomic_rc_box_new0 (CdRevision);
  revision->id = g_strdup (id);
  revision->parent = g_strdup (parent);
  revision->time = g_strdup (when);
  revision->unix_time = g_date_time_to_unix (time);
  revision->author = author != NULL && *author != '\0' ? g_strdup (author) : NULL;
  revision->reason = g_strdup (reason);
  revision->label = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
  revision->media = (GStrv) g_ptr_array_free (g_steal_pointer (&media), FALSE);

  return g_steal_pointer (&revision);
}

gboolean
cd_revisions_attach_files (GPtrArray   *revisions,
                           GHashTable  *files,
                           const char  *display_name,
                           GError     **error)
{
  g_return_val_if_fail (revisions != NULL, FALSE);
  g_return_val_if_fail (files != NULL, FALSE);

  for (guint i = 0; i < revisions->len; i++)
    {
      CdRevision *revision = g_ptr_array_index (revisions, i);
      g_autofree char *path = cd_revision_get_path (revision);
      GBytes *json = g_hash_table_lookup (files, path);

      if (json == NULL)
        return index_error (error, display_name, _("the revision “%s” has no file %s"),
                            revision->id, path);

      g_clear_pointer (&revision->json, g_bytes_unref);
      revision->json = g_bytes_ref (json);
    }

  return TRUE;
}

GPtrArray *
cd_revisions_read_index (GBytes      *index,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *display = NULL;
  const cJSON *array;
  const cJSON *entry;
  const char *format;
  const char *data;
  gint64 version;
  gsize length;
  guint i = 0;

  g_return_val_if_fail (index != NULL, NULL);

  data = g_bytes_get_data (index, &length);
  display = g_strdup_printf ("%s: %s", display_name, CD_REVISIONS_INDEX);
  /* Said in the index's own words, before the parser's checks. */
  if (data == NULL || !g_utf8_validate_len (data, length, NULL))
    {
      index_error (error, display_name, _("the file is not UTF-8 text"));
      return NULL;
    }

  root = _cd_json_parse (data, length, CD_JSON_MAX_DEPTH, FALSE, display, error);
  if (root == NULL)
    return NULL;

  if (!cJSON_IsObject (root))
    {
      index_error (error, display_name, _("the index must be a JSON object"));
      return NULL;
    }

  if (!optional_string (root, "format", &format) || g_strcmp0 (format, INDEX_FORMAT) != 0)
    {
      index_error (error, display_name, _("'format' must be \"%s\""), INDEX_FORMAT);
      return NULL;
    }

  if (!_cd_json_get_integer (cJSON_GetObjectItemCaseSensitive (root, "version"), &version))
    {
      index_error (error, display_name, _("'version' must be a whole number"));
      return NULL;
    }
  if (version > INDEX_VERSION)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_VERSION,
                   _("%s: %s: version %d is newer than this Copydesk reads (%d)"),
                   display_name, CD_REVISIONS_INDEX, (int) MIN (version, G_MAXINT),
                   INDEX_VERSION);
      return NULL;
    }

  array = cJSON_GetObjectItemCaseSensitive (root, "revisions");
  if (!cJSON_IsArray (array))
    {
      index_error (error, display_name, _("'revisions' must be an array"));
      return NULL;
    }

  revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_revision_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  cJSON_ArrayForEach (entry, array)
    {
      CdRevision *revision = read_entry (entry, i++, display_name, error);

      if (revision == NULL)
        return NULL;

      g_ptr_array_add (revisions, revision);
      if (!g_hash_table_add (ids, revision->id))
        {
          index_error (error, display_name, _("the revision “%s” is listed twice"), revision->id);
          return NULL;
        }
    }

  return g_steal_pointer (&revisions);
}
