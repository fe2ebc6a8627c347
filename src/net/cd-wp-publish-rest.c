/* cd-wp-publish-rest.c: the REST API's requests and answers, and the
 * sentences its failures become
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wp-publish"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-error.h"
#include "cd-json-private.h"
#include "cd-wp-publish-private.h"

/* An answer larger than this is not one of the REST API's. */
#define MAX_RESPONSE (16 * 1024 * 1024)

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

static gboolean
set_status_error (Job          *job,
                  guint         status,
                  const cJSON  *answer,
                  const char   *doing,
                  const char   *file,
                  GError      **error)
{
  const char *site = job->self->site;
  /* WordPress's own words for an error, from {"code", "message"}. */
  const char *code = _cd_json_get_string (answer, "code");
  const char *message = _cd_json_get_string (answer, "message");

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

char *
_cd_wp_api_url (Job        *job,
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
gboolean
_cd_wp_request (Job         *job,
                const char  *method,
                const char  *url,
                GBytes      *body,
                const char  *content_type,
                const char  *file,
                const char  *doing,
                cJSON      **answer,
                GCancellable *cancellable,
                GError     **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *token = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(cJSON) root = NULL;
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

  /* Text that is not JSON is no answer; why it is not does not matter. */
  if (g_bytes_get_size (response) <= MAX_RESPONSE &&
      type != NULL && g_str_has_suffix (type, "json"))
    root = _cd_json_parse (g_bytes_get_data (response, NULL), g_bytes_get_size (response),
                           CD_JSON_MAX_DEPTH, FALSE, job->self->site, NULL);

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
    *answer = g_steal_pointer (&root);
  return TRUE;
}

gboolean
_cd_wp_request_json (Job          *job,
                     const char   *method,
                     const char   *url,
                     const cJSON  *request,
                     const char   *doing,
                     cJSON       **answer,
                     GCancellable *cancellable,
                     GError      **error)
{
  char *data = cJSON_PrintUnformatted (request);
  g_autoptr(GBytes) body = g_bytes_new_with_free_func (data, strlen (data), cJSON_free, data);

  return _cd_wp_request (job, method, url, body, "application/json", NULL, doing, answer, cancellable, error);
}

gint64
_cd_wp_object_get_id (const cJSON *object)
{
  gint64 id;

  if (!cJSON_IsObject (object) ||
      !_cd_json_get_integer (cJSON_GetObjectItemCaseSensitive (object, "id"), &id))
    return 0;
  return id;
}

gboolean
_cd_wp_unexpected_answer (Job     *job,
                          GError **error)
{
  g_set_error (error, CD_WP_ERROR, CD_WP_ERROR_NOT_WORDPRESS,
               _("%s does not answer as WordPress: its REST API is turned off, or it is not a WordPress site."),
               job->self->site);
  return FALSE;
}
