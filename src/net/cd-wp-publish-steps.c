/* cd-wp-publish-steps.c: the steps of publishing, in their order: find
 * the API, check the user and the post, find the terms, upload the
 * pictures, write the post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wp-publish"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-document.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-wp-blocks.h"
#include "cd-wp-publish-private.h"

/* Steps */

/* Finds the REST API: /wp-json/ on sites with pretty permalinks,
 * ?rest_route= on the others. */
gboolean
_cd_wp_discover (Job          *job,
                 GCancellable *cancellable,
                 GError      **error)
{
  static const struct { const char *suffix; gboolean query; } styles[] = {
    { "/wp-json", FALSE },
    { "/?rest_route=", TRUE },
  };
  g_autoptr(GError) first_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autoptr(cJSON) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *url = NULL;
      const cJSON *namespaces;
      const cJSON *name;

      g_free (job->api);
      job->api = g_strconcat (job->self->site, styles[i].suffix, NULL);
      job->query_style = styles[i].query;
      url = _cd_wp_api_url (job, "/", NULL);

      if (!_cd_wp_request (job, "GET", url, NULL, NULL, NULL, _("read the REST API"), &answer, cancellable, &local_error))
        {
          /* Only "not WordPress here" is worth a second try. */
          if (!g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS) &&
              !g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_FAILED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }

      namespaces = cJSON_IsObject (answer) ? cJSON_GetObjectItemCaseSensitive (answer, "namespaces") : NULL;
      if (cJSON_IsArray (namespaces))
        {
          cJSON_ArrayForEach (name, namespaces)
            {
              if (g_strcmp0 (cJSON_GetStringValue (name), "wp/v2") == 0)
                return TRUE;
            }
        }
    }

  return _cd_wp_unexpected_answer (job, error);
}

gboolean
_cd_wp_check_user (Job          *job,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *url = _cd_wp_api_url (job, "/wp/v2/users/me", "context=edit");

  return _cd_wp_request (job, "GET", url, NULL, NULL, NULL, _("sign in"), &answer, cancellable, error);
}

/* The post we published before, unless it is gone; refuses when it was
 * edited on the site since, unless told to overwrite. */
gboolean
_cd_wp_check_post (Job          *job,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *route = NULL;
  g_autofree char *url = NULL;
  const char *modified;
  const char *status;

  if (job->record == NULL)
    return TRUE;

  route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, job->record->post_id);
  url = _cd_wp_api_url (job, route, "context=edit");
  if (!_cd_wp_request (job, "GET", url, NULL, NULL, NULL, _("read the post"), &answer, cancellable, &local_error))
    {
      /* Deleted on the site (or never there): publish it anew. */
      if (g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_FAILED) ||
          g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS))
        {
          job->record->post_id = 0;
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  status = _cd_json_get_string (answer, "status");
  if (g_strcmp0 (status, "trash") == 0)
    {
      job->record->post_id = 0;
      return TRUE;
    }

  modified = _cd_json_get_string (answer, "modified_gmt");
  if (!job->overwrite && job->record->modified != NULL && g_strcmp0 (modified, job->record->modified) != 0)
    {
      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_CONFLICT,
                   _("The post on %s was changed there since it was last published from Copydesk (at %s UTC); publishing now would overwrite that change."),
                   job->self->site, modified != NULL ? modified : "?");
      return FALSE;
    }

  return TRUE;
}

static char *
decode_entities (const char *text)
{
  /* WordPress returns term names HTML-escaped ("Food &amp; Drink"). */
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#039;", "'" },
  };
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; )
    {
      gboolean done = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (entities) && !done; i++)
        {
          if (g_str_has_prefix (p, entities[i].entity))
            {
              g_string_append (out, entities[i].text);
              p += strlen (entities[i].entity);
              done = TRUE;
            }
        }
      if (!done)
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* The id of the category or tag named @name, 0 when the site has none. */
static gboolean
find_term (Job          *job,
           const char   *taxonomy,
           const char   *name,
           gint64       *id,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("search=%s&per_page=100&context=edit", escaped);
  g_autofree char *route = g_strconcat ("/wp/v2/", taxonomy, NULL);
  g_autofree char *url = _cd_wp_api_url (job, route, query);
  g_autofree char *folded = g_utf8_casefold (name, -1);
  const cJSON *object;

  *id = 0;
  if (!_cd_wp_request (job, "GET", url, NULL, NULL, NULL, _("read its categories and tags"), &answer, cancellable, error))
    return FALSE;
  if (!cJSON_IsArray (answer))
    return _cd_wp_unexpected_answer (job, error);

  cJSON_ArrayForEach (object, answer)
    {
      const char *term = _cd_json_get_string (object, "name");
      g_autofree char *decoded = term != NULL ? decode_entities (term) : NULL;
      g_autofree char *term_folded = decoded != NULL ? g_utf8_casefold (decoded, -1) : NULL;

      if (term_folded != NULL && strcmp (term_folded, folded) == 0)
        {
          *id = _cd_wp_object_get_id (object);
          return TRUE;
        }
    }

  return TRUE;
}

static gboolean
create_term (Job          *job,
             const char   *taxonomy,
             const char   *name,
             gint64       *id,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr(cJSON) request = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *route = g_strconcat ("/wp/v2/", taxonomy, NULL);
  g_autofree char *url = _cd_wp_api_url (job, route, NULL);

  cJSON_AddStringToObject (request, "name", name);

  if (!_cd_wp_request_json (job, "POST", url, request,
                            g_str_equal (taxonomy, "categories") ? _("create categories") : _("create tags"),
                            &answer, cancellable, error))
    return FALSE;

  *id = _cd_wp_object_get_id (answer);
  return *id > 0 || _cd_wp_unexpected_answer (job, error);
}

/* Finds the story's category (its section) and tags (its keywords); the
 * missing ones are created when allowed, else the publish stops before
 * anything was sent, naming them. */
gboolean
_cd_wp_resolve_terms (Job          *job,
                      GArray       *category_ids,
                      GArray       *tag_ids,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GArray) missing_kind = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autofree char *list = NULL;

  if (job->section != NULL && *job->section != '\0')
    {
      gint64 id;

      if (!find_term (job, "categories", job->section, &id, cancellable, error))
        return FALSE;
      if (id > 0)
        g_array_append_val (category_ids, id);
      else
        {
          gboolean is_category = TRUE;

          g_ptr_array_add (missing, job->section);
          g_array_append_val (missing_kind, is_category);
        }
    }

  for (guint i = 0; job->keywords[i] != NULL; i++)
    {
      gint64 id;

      if (*job->keywords[i] == '\0')
        continue;
      if (!find_term (job, "tags", job->keywords[i], &id, cancellable, error))
        return FALSE;
      if (id > 0)
        g_array_append_val (tag_ids, id);
      else
        {
          gboolean is_category = FALSE;

          g_ptr_array_add (missing, job->keywords[i]);
          g_array_append_val (missing_kind, is_category);
        }
    }

  if (missing->len == 0)
    return TRUE;

  if (!job->create_terms)
    {
      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (", ", (char **) missing->pdata);
      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_MISSING_TERMS,
                   _("%s has no category or tag named %s yet; allow creating them to publish."),
                   job->self->site, list);
      return FALSE;
    }

  for (guint i = 0; i < missing_kind->len; i++)
    {
      gboolean is_category = g_array_index (missing_kind, gboolean, i);
      gint64 id;

      if (!create_term (job, is_category ? "categories" : "tags", g_ptr_array_index (missing, i),
                        &id, cancellable, error))
        return FALSE;
      g_array_append_val (is_category ? category_ids : tag_ids, id);
    }

  return TRUE;
}

static char *
sniff_mime (GBytes *bytes)
{
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return g_strdup ("image/png");
  if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return g_strdup ("image/jpeg");
  if (len >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return g_strdup ("image/gif");
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return g_strdup ("image/webp");
  return NULL;
}

static gboolean
set_media_text (Job          *job,
                Picture      *picture,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr(cJSON) request = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT, picture->id);
  g_autofree char *url = _cd_wp_api_url (job, route, NULL);

  cJSON_AddStringToObject (request, "alt_text", picture->alt);
  cJSON_AddStringToObject (request, "caption", picture->caption);

  return _cd_wp_request_json (job, "POST", url, request, _("upload pictures"), &answer, cancellable, error);
}

/* Sends the pictures the site does not have yet; re-uses (and checks)
 * those it has, by the SHA-256 of their bytes. */
gboolean
_cd_wp_upload_pictures (Job          *job,
                        GHashTable   *by_hash,
                        GCancellable *cancellable,
                        GError      **error)
{
  guint total = job->pictures->len;

  for (guint i = 0; i < total; i++)
    {
      Picture *picture = g_ptr_array_index (job->pictures, i);
      Picture *same = g_hash_table_lookup (by_hash, picture->sha256);
      g_autoptr(cJSON) answer = NULL;
      gint64 known;

      _cd_wp_report_progress (job, picture->name, i, total);

      if (same != NULL)
        {
          /* The same bytes twice in one story (a lead shown again in the
           * body) are one media item. */
          picture->id = same->id;
          picture->url = g_strdup (same->url);
          continue;
        }

      known = job->record != NULL ? cd_publish_record_get_media (job->record, picture->sha256) : 0;
      if (known > 0)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT, known);
          g_autofree char *url = _cd_wp_api_url (job, route, "context=edit");

          if (_cd_wp_request (job, "GET", url, NULL, NULL, NULL, _("upload pictures"), &answer, cancellable, &local_error) &&
              _cd_json_get_string (answer, "source_url") != NULL)
            {
              picture->id = known;
              picture->url = g_strdup (_cd_json_get_string (answer, "source_url"));
            }
          else if (local_error != NULL &&
                   !g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_FAILED) &&
                   !g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_clear_pointer (&answer, cJSON_Delete);
        }

      if (picture->id == 0)
        {
          g_autofree char *mime = sniff_mime (picture->bytes);
          g_autofree char *url = _cd_wp_api_url (job, "/wp/v2/media", NULL);

          if (mime == NULL)
            continue;

          if (!_cd_wp_request (job, "POST", url, picture->bytes, mime, picture->name, _("upload pictures"),
                               &answer, cancellable, error))
            return FALSE;

          picture->id = _cd_wp_object_get_id (answer);
          if (picture->id <= 0 || _cd_json_get_string (answer, "source_url") == NULL)
            return _cd_wp_unexpected_answer (job, error);
          picture->url = g_strdup (_cd_json_get_string (answer, "source_url"));
        }

      if (!set_media_text (job, picture, cancellable, error))
        return FALSE;

      g_hash_table_insert (by_hash, picture->sha256, picture);
    }

  _cd_wp_report_progress (job, NULL, total, total);
  return TRUE;
}

static char *
media_url_cb (const char *src,
              gint64     *id,
              gpointer    user_data)
{
  Job *job = user_data;

  for (guint i = 0; i < job->pictures->len; i++)
    {
      Picture *picture = g_ptr_array_index (job->pictures, i);

      if (g_strcmp0 (picture->src, src) == 0 && picture->url != NULL)
        {
          *id = picture->id;
          return g_strdup (picture->url);
        }
    }

  return NULL;
}

/* cJSON prints a number of more than 15 digits rounded to 15; an id is
 * sent with all of its digits. */
static cJSON *
create_id (gint64 id)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, id);
  return cJSON_CreateRaw (digits);
}

static void
add_ids (cJSON      *object,
         const char *member,
         GArray     *ids)
{
  cJSON *array = cJSON_AddArrayToObject (object, member);

  for (guint i = 0; i < ids->len; i++)
    cJSON_AddItemToArray (array, create_id (g_array_index (ids, gint64, i)));
}

CdPublishRecord *
_cd_wp_write_post (Job          *job,
                   GArray       *category_ids,
                   GArray       *tag_ids,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(cJSON) request = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(CdPublishRecord) record = cd_publish_record_new (job->self->site);
  g_autofree char *content = NULL;
  g_autofree char *url = NULL;
  gboolean update = job->record != NULL && job->record->post_id > 0;
  gint64 featured = 0;

  /* The worker's own copy of the story for the block writer. */
  article = cd_json_read (g_bytes_get_data (job->json, NULL), g_bytes_get_size (job->json), "article.json", error);
  if (article == NULL)
    return NULL;
  content = cd_wp_blocks_write (article, CD_WP_BLOCKS_NONE, media_url_cb, job);

  for (guint i = 0; i < job->pictures->len; i++)
    {
      Picture *picture = g_ptr_array_index (job->pictures, i);

      if (picture->lead)
        featured = picture->id;
      if (picture->id > 0)
        cd_publish_record_set_media (record, picture->sha256, picture->id);
    }

  cJSON_AddStringToObject (request, "title", job->title);
  cJSON_AddStringToObject (request, "excerpt", job->excerpt);
  cJSON_AddStringToObject (request, "content", content);
  cJSON_AddStringToObject (request, "status", job->status);
  if (job->date_gmt != NULL)
    cJSON_AddStringToObject (request, "date_gmt", job->date_gmt);
  if (job->slug != NULL && *job->slug != '\0')
    cJSON_AddStringToObject (request, "slug", job->slug);
  add_ids (request, "categories", category_ids);
  add_ids (request, "tags", tag_ids);
  cJSON_AddItemToObject (request, "featured_media", create_id (featured));

  if (update)
    {
      g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, job->record->post_id);

      url = _cd_wp_api_url (job, route, NULL);
    }
  else
    url = _cd_wp_api_url (job, "/wp/v2/posts", NULL);

  if (!_cd_wp_request_json (job, "POST", url, request, update ? _("update posts") : _("create posts"),
                            &answer, cancellable, error))
    return NULL;

  record->post_id = _cd_wp_object_get_id (answer);
  record->link = g_strdup (_cd_json_get_string (answer, "link"));
  record->modified = g_strdup (_cd_json_get_string (answer, "modified_gmt"));
  if (record->post_id <= 0)
    {
      _cd_wp_unexpected_answer (job, error);
      return NULL;
    }

  return g_steal_pointer (&record);
}
