/* cd-wp-publish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Publishing to WordPress through its REST API (wp/v2) with an application
 * password. The steps run one after another on a worker thread with its
 * own SoupSession and blocking requests, so the order (check the post,
 * find the terms, upload, then write the post) reads as it happens; the
 * story is snapshotted on the caller's thread first and never touched.
 */

#define G_LOG_DOMAIN "cd-wp-publish"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cd-document.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-wp-blocks.h"
#include "cd-wp-publish.h"

#define DEFAULT_TIMEOUT 60
/* An answer larger than this is not one of the REST API's. */
#define MAX_RESPONSE (16 * 1024 * 1024)

G_DEFINE_QUARK (cd-wp-error-quark, cd_wp_error)

struct _CdWpPublisher
{
  GObject  parent_instance;

  char    *site;
  char    *user;
  char    *password;
  guint    timeout;
};

G_DEFINE_FINAL_TYPE (CdWpPublisher, cd_wp_publisher, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One picture to send: a figure whose source is inside the story. */
typedef struct
{
  char    *src;       /* "media/NAME" */
  char    *name;      /* NAME, the file name the site gets */
  GBytes  *bytes;
  char    *sha256;
  char    *alt;
  char    *caption;   /* caption and credit, as HTML */
  gboolean lead;
  gint64   id;        /* on the site, once known */
  char    *url;
} Picture;

typedef struct
{
  CdWpPublisher    *self;       /* strong ref; read-only on the worker */
  GMainContext     *context;    /* the caller's, for progress */
  SoupSession      *session;
  char             *api;        /* ".../wp-json" or ".../?rest_route=" */
  gboolean          query_style;

  /* The snapshot of the story. */
  GBytes           *json;
  GPtrArray        *pictures;
  char             *title;
  char             *excerpt;
  char             *slug;
  char             *section;
  GStrv             keywords;
  char             *status;
  char             *date_gmt;
  gboolean          create_terms;
  gboolean          overwrite;
  CdPublishRecord  *record;     /* the previous one for this site, or NULL */
} Job;

static void
picture_free (Picture *picture)
{
  g_free (picture->src);
  g_free (picture->name);
  g_clear_pointer (&picture->bytes, g_bytes_unref);
  g_free (picture->sha256);
  g_free (picture->alt);
  g_free (picture->caption);
  g_free (picture->url);
  g_free (picture);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->session);
  g_free (job->api);
  g_clear_pointer (&job->json, g_bytes_unref);
  g_clear_pointer (&job->pictures, g_ptr_array_unref);
  g_free (job->title);
  g_free (job->excerpt);
  g_free (job->slug);
  g_free (job->section);
  g_strfreev (job->keywords);
  g_free (job->status);
  g_free (job->date_gmt);
  g_clear_pointer (&job->record, cd_publish_record_free);
  g_free (job);
}

void
cd_wp_publish_options_init (CdWpPublishOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->status = "draft";
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
cd_wp_site_normalize (const char  *site,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  g_autofree char *path = NULL;

  g_return_val_if_fail (site != NULL, NULL);

  uri = g_uri_parse (site, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  /* An address with a password in it is never repeated back. */
  if (strchr (site, '@') != NULL)
    {
      g_set_error_literal (error, CD_WP_ERROR, CD_WP_ERROR_ADDRESS,
                           _("A site address must not hold a user name or password: give the address alone, such as https://news.example"));
      return NULL;
    }

  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_ADDRESS,
                   _("“%s” is not a site address: use one such as https://news.example"), site);
      return NULL;
    }

  if (g_strcmp0 (scheme, "http") == 0 && !host_is_loopback (host))
    {
      /* The application password travels in every request. */
      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_ADDRESS,
                   _("%s is not secure: publishing needs an https address (plain http is only allowed on this computer)"),
                   site);
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (path[0] != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';

  {
    g_autoptr(GUri) clean = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host,
                                         g_uri_get_port (uri), path, NULL, NULL);

    return g_uri_to_string (clean);
  }
}

/* Errors */

static gboolean
set_transport_error (Job     *job,
                     GError  *cause,
                     GError **error)
{
  const char *site = job->self->site;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return FALSE;
    }
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_TIMEOUT,
                 ngettext ("%s did not answer within %u second.",
                           "%s did not answer within %u seconds.", job->self->timeout),
                 site, job->self->timeout);
  else if (cause->domain == G_TLS_ERROR)
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_CERTIFICATE,
                 _("The security certificate of %s is not valid (%s), so nothing was sent."),
                 site, cause->message);
  else
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_UNREACHABLE,
                 _("%s cannot be reached: %s."), site, cause->message);
  return FALSE;
}

/* WordPress's own words for an error, from {"code", "message"}. */
static const char *
wp_message (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "message") ||
      json_node_get_value_type (json_object_get_member (object, "message")) != G_TYPE_STRING)
    return NULL;
  return json_object_get_string_member (object, "message");
}

static const char *
wp_code (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "code") ||
      json_node_get_value_type (json_object_get_member (object, "code")) != G_TYPE_STRING)
    return NULL;
  return json_object_get_string_member (object, "code");
}

static gboolean
set_status_error (Job        *job,
                  guint       status,
                  JsonNode   *answer,
                  const char *doing,
                  const char *file,
                  GError    **error)
{
  const char *site = job->self->site;
  const char *code = wp_code (answer);
  const char *message = wp_message (answer);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_AUTH,
                 _("%s did not accept the user name “%s” with this application password."),
                 site, job->self->user);
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_FORBIDDEN,
                 _("The user “%s” has no permission to %s on %s."),
                 job->self->user, doing, site);
  else if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE ||
           (file != NULL && g_strcmp0 (code, "rest_upload_no_data") == 0) ||
           (file != NULL && g_strcmp0 (code, "rest_upload_no_content_disposition") == 0) ||
           g_strcmp0 (code, "rest_upload_file_too_big") == 0 ||
           g_strcmp0 (code, "rest_upload_limited_space") == 0 ||
           (g_strcmp0 (code, "rest_upload_unknown_error") == 0 && message != NULL &&
            strstr (message, "upload_max_filesize") != NULL))
    /* PHP drops a form over post_max_size before WordPress sees it, so
     * "no data" (or no file name) after we sent a file with its name
     * means it was too large; a file over
     * upload_max_filesize comes back as PHP's upload error. */
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_TOO_LARGE,
                 _("%s refused “%s” as larger than its upload limit."),
                 site, file != NULL ? file : "");
  else if (status == SOUP_STATUS_NOT_FOUND && answer == NULL)
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS,
                 _("%s does not answer as WordPress: its REST API is turned off, or it is not a WordPress site."),
                 site);
  else if (message != NULL)
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_FAILED,
                 _("Could not %s on %s: %s (HTTP %u)."), doing, site, message, status);
  else
    g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_FAILED,
                 _("Could not %s on %s (HTTP %u)."), doing, site, status);

  return FALSE;
}

/* Requests */

static char *
api_url (Job        *job,
         const char *route,
         const char *query)
{
  if (query == NULL)
    return g_strconcat (job->api, route, NULL);
  return g_strconcat (job->api, route, job->query_style ? "&" : "?", query, NULL);
}

/* Sends one request; *answer is the JSON of a 2xx answer. HTTP errors,
 * answers that are not JSON and network failures become the sentences
 * above; @doing says what was being done ("upload pictures"), @file the
 * picture being sent, if any. */
static gboolean
request (Job         *job,
         const char  *method,
         const char  *url,
         GBytes      *body,
         const char  *content_type,
         const char  *file,
         const char  *doing,
         JsonNode   **answer,
         GCancellable *cancellable,
         GError     **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *credentials = NULL;
  g_autofree char *token = NULL;
  g_autofree char *authorization = NULL;
  JsonNode *root = NULL;
  const char *type;
  guint status;

  if (answer != NULL)
    *answer = NULL;

  if (message == NULL)
    {
      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_ADDRESS,
                   _("“%s” is not a site address: use one such as https://news.example"), job->self->site);
      return FALSE;
    }

  /* A site that moved says so instead of being followed with the password. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  credentials = g_strconcat (job->self->user, ":", job->self->password, NULL);
  token = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strconcat ("Basic ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  memset (credentials, 0, strlen (credentials));

  if (body != NULL && file != NULL)
    {
      /* A form upload rather than the raw bytes: PHP applies its upload
       * limits to forms only, so a file over them is refused with a
       * reason instead of being half read. */
      g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
      g_autoptr(GBytes) form = NULL;

      soup_multipart_append_form_file (multipart, "file", file, content_type, body);
      soup_multipart_to_message (multipart, soup_message_get_request_headers (message), &form);
      soup_message_set_request_body_from_bytes (message, NULL, form);
    }
  else if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);

  response = soup_session_send_and_read (job->session, message, cancellable, &local_error);
  if (response == NULL)
    return set_transport_error (job, local_error, error);

  status = soup_message_get_status (message);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");

      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS,
                   _("%s sends its visitors to %s: use that address for the site."),
                   job->self->site, location != NULL ? location : "?");
      return FALSE;
    }

  if (g_bytes_get_size (response) <= MAX_RESPONSE &&
      type != NULL && g_str_has_suffix (type, "json") &&
      json_parser_load_from_data (parser, g_bytes_get_data (response, NULL), g_bytes_get_size (response), NULL))
    root = json_parser_get_root (parser);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return set_status_error (job, status, root, doing, file, error);

  if (root == NULL)
    {
      g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS,
                   _("%s does not answer as WordPress: its REST API is turned off, or it is not a WordPress site."),
                   job->self->site);
      return FALSE;
    }

  if (answer != NULL)
    *answer = json_node_copy (root);
  return TRUE;
}

static gboolean
request_json (Job          *job,
              const char   *method,
              const char   *url,
              JsonBuilder  *builder,
              const char   *doing,
              JsonNode    **answer,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) body = NULL;
  gsize length;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (data, length);

  return request (job, method, url, body, "application/json", NULL, doing, answer, cancellable, error);
}

static JsonObject *
answer_object (JsonNode *answer)
{
  return answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
}

static gint64
object_get_id (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "id") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
unexpected_answer (Job     *job,
                   GError **error)
{
  g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS,
               _("%s does not answer as WordPress: its REST API is turned off, or it is not a WordPress site."),
               job->self->site);
  return FALSE;
}

/* Steps */

/* Finds the REST API: /wp-json/ on sites with pretty permalinks,
 * ?rest_route= on the others. */
static gboolean
discover (Job          *job,
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
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *url = NULL;
      JsonObject *object;
      JsonNode *namespaces;

      g_free (job->api);
      job->api = g_strconcat (job->self->site, styles[i].suffix, NULL);
      job->query_style = styles[i].query;
      url = api_url (job, "/", NULL);

      if (!request (job, "GET", url, NULL, NULL, NULL, _("read the REST API"), &answer, cancellable, &local_error))
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

      object = answer_object (answer);
      namespaces = object != NULL ? json_object_get_member (object, "namespaces") : NULL;
      if (namespaces != NULL && JSON_NODE_HOLDS_ARRAY (namespaces))
        {
          JsonArray *array = json_node_get_array (namespaces);

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *node = json_array_get_element (array, j);

              if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
                  g_strcmp0 (json_node_get_string (node), "wp/v2") == 0)
                return TRUE;
            }
        }
    }

  return unexpected_answer (job, error);
}

static gboolean
check_user (Job          *job,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *url = api_url (job, "/wp/v2/users/me", "context=edit");

  return request (job, "GET", url, NULL, NULL, NULL, _("sign in"), &answer, cancellable, error);
}

/* The post we published before, unless it is gone; refuses when it was
 * edited on the site since, unless told to overwrite. */
static gboolean
check_post (Job          *job,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *route = NULL;
  g_autofree char *url = NULL;
  const char *modified;
  const char *status;

  if (job->record == NULL)
    return TRUE;

  route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, job->record->post_id);
  url = api_url (job, route, "context=edit");
  if (!request (job, "GET", url, NULL, NULL, NULL, _("read the post"), &answer, cancellable, &local_error))
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

  status = object_get_string (answer_object (answer), "status");
  if (g_strcmp0 (status, "trash") == 0)
    {
      job->record->post_id = 0;
      return TRUE;
    }

  modified = object_get_string (answer_object (answer), "modified_gmt");
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
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("search=%s&per_page=100&context=edit", escaped);
  g_autofree char *route = g_strconcat ("/wp/v2/", taxonomy, NULL);
  g_autofree char *url = api_url (job, route, query);
  g_autofree char *folded = g_utf8_casefold (name, -1);

  *id = 0;
  if (!request (job, "GET", url, NULL, NULL, NULL, _("read its categories and tags"), &answer, cancellable, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (answer))
    return unexpected_answer (job, error);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (answer)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (answer), i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *term = object_get_string (object, "name");
      g_autofree char *decoded = term != NULL ? decode_entities (term) : NULL;
      g_autofree char *term_folded = decoded != NULL ? g_utf8_casefold (decoded, -1) : NULL;

      if (term_folded != NULL && strcmp (term_folded, folded) == 0)
        {
          *id = object_get_id (object);
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *route = g_strconcat ("/wp/v2/", taxonomy, NULL);
  g_autofree char *url = api_url (job, route, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);

  if (!request_json (job, "POST", url, builder,
                     g_str_equal (taxonomy, "categories") ? _("create categories") : _("create tags"),
                     &answer, cancellable, error))
    return FALSE;

  *id = object_get_id (answer_object (answer));
  return *id > 0 || unexpected_answer (job, error);
}

/* Finds the story's category (its section) and tags (its keywords); the
 * missing ones are created when allowed, else the publish stops before
 * anything was sent, naming them. */
static gboolean
resolve_terms (Job          *job,
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

typedef struct
{
  CdWpPublisher *self;
  char          *file;
  guint          done;
  guint          total;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *progress = data;

  g_signal_emit (progress->self, signals[PROGRESS], 0, progress->file, progress->done, progress->total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress->file);
  g_free (progress);
}

static void
report_progress (Job        *job,
                 const char *file,
                 guint       done,
                 guint       total)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (job->self);
  progress->file = g_strdup (file);
  progress->done = done;
  progress->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, emit_progress_cb, progress, progress_free);
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT, picture->id);
  g_autofree char *url = api_url (job, route, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alt_text");
  json_builder_add_string_value (builder, picture->alt);
  json_builder_set_member_name (builder, "caption");
  json_builder_add_string_value (builder, picture->caption);
  json_builder_end_object (builder);

  return request_json (job, "POST", url, builder, _("upload pictures"), &answer, cancellable, error);
}

/* Sends the pictures the site does not have yet; re-uses (and checks)
 * those it has, by the SHA-256 of their bytes. */
static gboolean
upload_pictures (Job          *job,
                 GHashTable   *by_hash,
                 GCancellable *cancellable,
                 GError      **error)
{
  guint total = job->pictures->len;

  for (guint i = 0; i < total; i++)
    {
      Picture *picture = g_ptr_array_index (job->pictures, i);
      Picture *same = g_hash_table_lookup (by_hash, picture->sha256);
      g_autoptr(JsonNode) answer = NULL;
      gint64 known;

      report_progress (job, picture->name, i, total);

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
          g_autofree char *url = api_url (job, route, "context=edit");

          if (request (job, "GET", url, NULL, NULL, NULL, _("upload pictures"), &answer, cancellable, &local_error) &&
              object_get_string (answer_object (answer), "source_url") != NULL)
            {
              picture->id = known;
              picture->url = g_strdup (object_get_string (answer_object (answer), "source_url"));
            }
          else if (local_error != NULL &&
                   !g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_FAILED) &&
                   !g_error_matches (local_error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_clear_pointer (&answer, json_node_unref);
        }

      if (picture->id == 0)
        {
          g_autofree char *mime = sniff_mime (picture->bytes);
          g_autofree char *url = api_url (job, "/wp/v2/media", NULL);
          JsonObject *object;

          if (mime == NULL)
            continue;

          if (!request (job, "POST", url, picture->bytes, mime, picture->name, _("upload pictures"),
                        &answer, cancellable, error))
            return FALSE;

          object = answer_object (answer);
          picture->id = object_get_id (object);
          if (picture->id <= 0 || object_get_string (object, "source_url") == NULL)
            return unexpected_answer (job, error);
          picture->url = g_strdup (object_get_string (object, "source_url"));
        }

      if (!set_media_text (job, picture, cancellable, error))
        return FALSE;

      g_hash_table_insert (by_hash, picture->sha256, picture);
    }

  report_progress (job, NULL, total, total);
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

static void
add_ids (JsonBuilder *builder,
         const char  *member,
         GArray      *ids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
}

static CdPublishRecord *
write_post (Job          *job,
            GArray       *category_ids,
            GArray       *tag_ids,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CdPublishRecord) record = cd_publish_record_new (job->self->site);
  g_autofree char *content = NULL;
  g_autofree char *url = NULL;
  gboolean update = job->record != NULL && job->record->post_id > 0;
  gint64 featured = 0;
  JsonObject *object;

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

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, job->title);
  json_builder_set_member_name (builder, "excerpt");
  json_builder_add_string_value (builder, job->excerpt);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, job->status);
  if (job->date_gmt != NULL)
    {
      json_builder_set_member_name (builder, "date_gmt");
      json_builder_add_string_value (builder, job->date_gmt);
    }
  if (job->slug != NULL && *job->slug != '\0')
    {
      json_builder_set_member_name (builder, "slug");
      json_builder_add_string_value (builder, job->slug);
    }
  add_ids (builder, "categories", category_ids);
  add_ids (builder, "tags", tag_ids);
  json_builder_set_member_name (builder, "featured_media");
  json_builder_add_int_value (builder, featured);
  json_builder_end_object (builder);

  if (update)
    {
      g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, job->record->post_id);

      url = api_url (job, route, NULL);
    }
  else
    url = api_url (job, "/wp/v2/posts", NULL);

  if (!request_json (job, "POST", url, builder, update ? _("update posts") : _("create posts"),
                     &answer, cancellable, error))
    return NULL;

  object = answer_object (answer);
  record->post_id = object_get_id (object);
  record->link = g_strdup (object_get_string (object, "link"));
  record->modified = g_strdup (object_get_string (object, "modified_gmt"));
  if (record->post_id <= 0)
    {
      unexpected_answer (job, error);
      return NULL;
    }

  return g_steal_pointer (&record);
}

static void
publish_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) by_hash = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GMainContext) context = g_main_context_new ();
  CdPublishRecord *record = NULL;

  /* libsoup's blocking calls run their I/O in this thread's context. */
  g_main_context_push_thread_default (context);
  job->session = soup_session_new_with_options ("timeout", job->self->timeout,
                                                 "idle-timeout", job->self->timeout,
                                                 "user-agent", "Copydesk/" PACKAGE_VERSION,
                                                 NULL);

  if (discover (job, cancellable, &error) &&
      check_user (job, cancellable, &error) &&
      check_post (job, cancellable, &error) &&
      resolve_terms (job, category_ids, tag_ids, cancellable, &error) &&
      upload_pictures (job, by_hash, cancellable, &error))
    record = write_post (job, category_ids, tag_ids, cancellable, &error);

  g_clear_object (&job->session);
  g_main_context_pop_thread_default (context);

  if (record == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, record, (GDestroyNotify) cd_publish_record_free);
}

/* "2024-06-01T18:00:00Z" or with an offset; a time without a zone is
 * taken as UTC, a day alone as its midnight UTC. */
static GDateTime *
parse_date (const char *date)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (date, utc);

  if (parsed == NULL)
    {
      g_autofree char *midnight = g_strconcat (date, "T00:00:00Z", NULL);

      parsed = g_date_time_new_from_iso8601 (midnight, utc);
      if (parsed == NULL)
        return NULL;
    }

  return g_date_time_to_utc (parsed);
}

/* WordPress wants date_gmt without a zone. */
static char *
date_to_gmt (const char *date)
{
  g_autoptr(GDateTime) parsed = parse_date (date);

  if (parsed == NULL)
    return NULL;

  return g_date_time_format (parsed, "%Y-%m-%dT%H:%M:%S");
}

/* The post's date: the one given, or for a scheduled post the story's
 * embargo, so the post goes live when the embargo ends. */
static const char *
options_date (const CdWpPublishOptions *options,
              CdArticle                *article,
              const char               *status)
{
  if (options->date == NULL && g_str_equal (status, "future"))
    return cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO);

  return options->date;
}

GDateTime *
cd_wp_publish_options_get_go_live (const CdWpPublishOptions *options,
                                   CdArticle                *article)
{
  const char *date;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  if (g_strcmp0 (options->status, "future") != 0)
    return NULL;

  date = options_date (options, article, options->status);
  if (date == NULL || *date == '\0')
    return NULL;

  return parse_date (date);
}

static void
collect_picture (Job       *job,
                 CdArticle *article,
                 CdBlock   *block,
                 gboolean   lead)
{
  const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  GBytes *bytes;
  Picture *picture;
  GString *caption;

  if (!g_str_has_prefix (src, "media/"))
    return;
  bytes = cd_article_get_media (article, src);
  if (bytes == NULL)
    return;

  for (guint i = 0; i < job->pictures->len; i++)
    {
      Picture *other = g_ptr_array_index (job->pictures, i);

      if (g_strcmp0 (other->src, src) == 0)
        return;
    }

  caption = g_string_new (cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION));
  if (*cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT) != '\0')
    {
      if (caption->len > 0)
        g_string_append_c (caption, ' ');
      g_string_append (caption, cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT));
    }

  picture = g_new0 (Picture, 1);
  picture->src = g_strdup (src);
  picture->name = g_path_get_basename (src);
  picture->bytes = g_bytes_ref (bytes);
  picture->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  picture->alt = g_strdup (cd_block_get_field (block, CD_BLOCK_FIELD_ALT));
  picture->caption = g_string_free (caption, FALSE);
  picture->lead = lead;
  g_ptr_array_add (job->pictures, picture);
}

void
cd_wp_publisher_publish_async (CdWpPublisher            *self,
                               CdArticle                *article,
                               const CdWpPublishOptions *options,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  CdWpPublishOptions defaults;
  const CdPublishRecord *record;
  const char *status;
  const char *date;
  Job *job;

  g_return_if_fail (CD_IS_WP_PUBLISHER (self));
  g_return_if_fail (CD_IS_ARTICLE (article));

  if (options == NULL)
    {
      cd_wp_publish_options_init (&defaults);
      options = &defaults;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_wp_publisher_publish_async);

  status = options->status != NULL ? options->status : "draft";
  if (!g_str_equal (status, "draft") && !g_str_equal (status, "pending") &&
      !g_str_equal (status, "publish") && !g_str_equal (status, "future"))
    {
      g_task_return_new_error (task, CD_WP_ERROR, CD_WP_ERROR_INVALID,
                               _("“%s” is not a post status: use draft, pending, publish or future."), status);
      return;
    }

  if (*cd_article_get_headline (article) == '\0')
    {
      g_task_return_new_error (task, CD_WP_ERROR, CD_WP_ERROR_INVALID,
                               _("The story has no headline, which WordPress needs as the post's title."));
      return;
    }

  job = g_new0 (Job, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job->self = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();
  job->json = cd_json_write (article);
  job->pictures = g_ptr_array_new_with_free_func ((GDestroyNotify) picture_free);
  job->title = g_strdup (cd_article_get_headline (article));
  job->excerpt = g_strdup (cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));
  if (job->excerpt == NULL)
    job->excerpt = g_strdup ("");
  job->slug = g_strdup (options->slug != NULL ? options->slug
                                              : cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG));
  job->section = g_strdup (cd_article_get_field (article, CD_ARTICLE_FIELD_SECTION));
  job->keywords = g_strdupv ((char **) cd_article_get_keywords (article));
  job->status = g_strdup (status);
  job->create_terms = options->create_terms;
  job->overwrite = options->overwrite;

  date = options_date (options, article, status);
  if (date != NULL && *date != '\0')
    {
      job->date_gmt = date_to_gmt (date);
      if (job->date_gmt == NULL)
        {
          g_task_return_new_error (task, CD_WP_ERROR, CD_WP_ERROR_INVALID,
                                   _("“%s” is not a date and time such as 2024-06-01T18:00:00Z."), date);
          return;
        }
    }
  else if (g_str_equal (status, "future"))
    {
      g_task_return_new_error (task, CD_WP_ERROR, CD_WP_ERROR_INVALID,
                               _("A scheduled post needs a date and time, and the story has no embargo."));
      return;
    }

  record = cd_article_find_publish_record (article, self->site);
  if (record != NULL)
    job->record = cd_publish_record_copy (record);

  if (cd_article_get_lead (article) != NULL)
    collect_picture (job, article, cd_article_get_lead (article), TRUE);
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        collect_picture (job, article, block, FALSE);
    }

  g_task_run_in_thread (task, publish_thread);
}

CdPublishRecord *
cd_wp_publisher_publish_finish (CdWpPublisher  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (CD_IS_WP_PUBLISHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The object */

static void
cd_wp_publisher_finalize (GObject *object)
{
  CdWpPublisher *self = (CdWpPublisher *) object;

  g_free (self->site);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (cd_wp_publisher_parent_class)->finalize (object);
}

static void
cd_wp_publisher_class_init (CdWpPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_wp_publisher_finalize;

  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cd_wp_publisher_init (CdWpPublisher *self)
{
  self->timeout = DEFAULT_TIMEOUT;
}

CdWpPublisher *
cd_wp_publisher_new (const char  *site,
                     const char  *user,
                     const char  *password,
                     GError     **error)
{
  g_autofree char *normalized = NULL;
  CdWpPublisher *self;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  normalized = cd_wp_site_normalize (site, error);
  if (normalized == NULL)
    return NULL;

  self = g_object_new (CD_TYPE_WP_PUBLISHER, NULL);
  self->site = g_steal_pointer (&normalized);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  return self;
}

const char *
cd_wp_publisher_get_site (CdWpPublisher *self)
{
  g_return_val_if_fail (CD_IS_WP_PUBLISHER (self), NULL);

  return self->site;
}

void
cd_wp_publisher_set_timeout (CdWpPublisher *self,
                             guint          seconds)
{
  g_return_if_fail (CD_IS_WP_PUBLISHER (self));

  self->timeout = seconds > 0 ? seconds : DEFAULT_TIMEOUT;
}
