/* cd-oembed-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-oembed-fetch"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-oembed.h"
#include "cd-oembed-fetch.h"

/* Seconds without progress before a request is given up. */
#define FETCH_TIMEOUT 20

/* Redirects followed within the endpoint's own site; a service that
 * needs more is not answering. */
#define MAX_REDIRECTS 5

typedef struct
{
  SoupSession *session;
  SoupMessage *message;
  char        *url;       /* the block's link when the request left */
  char        *display;   /* "YouTube", for messages */
  char        *service;   /* the endpoint's host[:port], for messages */
  GUri        *endpoint;  /* the only site asked: no redirect leaves it */
  guint        redirects;
  char        *buffer;
  gsize        length;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_clear_object (&fetch->session);
  g_clear_object (&fetch->message);
  g_free (fetch->url);
  g_free (fetch->display);
  g_free (fetch->service);
  g_clear_pointer (&fetch->endpoint, g_uri_unref);
  g_free (fetch->buffer);
  g_free (fetch);
}

static char *
service_name (const char *endpoint)
{
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (endpoint);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static void
return_error (GTask  *task,
              GError *error)
{
  /* Cancellation is the caller's own doing and stays recognisable. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_task_return_error (task, g_error_new_literal (CD_ERROR, CD_ERROR_IO, error->message));
      g_error_free (error);
    }
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  CdBlock *embed = g_task_get_source_object (task);
  GError *error = NULL;
  gsize length = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &length, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The answer from %s (%s) broke off: %s; "
                                                    "nothing was changed"),
                                                  fetch->display, fetch->service, error->message);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }

      g_error_free (error);
      g_task_return_new_error (task, CD_ERROR, CD_ERROR_IO, "%s", message);
      return;
    }

  if (length > CD_OEMBED_MAX_RESPONSE)
    {
      g_task_return_new_error (task, CD_ERROR, CD_ERROR_LIMIT,
                               _("The answer from %s (%s) is larger than %u KiB, which no "
                                 "description of a post needs; nothing was changed"),
                               fetch->display, fetch->service, CD_OEMBED_MAX_RESPONSE / 1024);
      return;
    }

  /* The reporter may have pasted another link meanwhile: the answer is
   * about the old one. */
  if (g_strcmp0 (cd_block_get_field (embed, CD_BLOCK_FIELD_URL), fetch->url) != 0)
    {
      g_task_return_new_error (task, CD_ERROR, CD_ERROR_INVALID,
                               _("The embed’s link changed while its details were being "
                                 "fetched; nothing was changed. Fetch the details again."));
      return;
    }

  if (!cd_oembed_apply_response (embed, fetch->buffer, length, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static int
effective_port (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* Same scheme, host and port: the site the request was meant for. */
static gboolean
same_site (GUri *a,
           GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         effective_port (a) == effective_port (b);
}

static void send_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
send_request (GTask *task,
              GUri  *uri)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_clear_object (&fetch->message);
  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  /* Redirects are followed here, and only within the endpoint's site:
   * a service (a Mastodon instance is any host a story names) must not
   * send the request on to another host, least of all one on the
   * editor's own network. */
  soup_message_add_flags (fetch->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                "Accept", "application/json");

  soup_session_send_async (fetch->session, fetch->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, g_object_ref (task));
}

/* TRUE when the answer was a redirect, which is then either followed or
 * refused. */
static gboolean
handle_redirect (GTask *task,
                 guint  status)
{
  Fetch *fetch = g_task_get_task_data (task);
  const char *location;
  g_autoptr(GUri) target = NULL;

  if (status != SOUP_STATUS_MOVED_PERMANENTLY && status != SOUP_STATUS_FOUND &&
      status != SOUP_STATUS_SEE_OTHER && status != SOUP_STATUS_TEMPORARY_REDIRECT &&
      status != SOUP_STATUS_PERMANENT_REDIRECT)
    return FALSE;

  location = soup_message_headers_get_one (soup_message_get_response_headers (fetch->message),
                                           "Location");
  if (location != NULL)
    target = g_uri_parse_relative (soup_message_get_uri (fetch->message), location,
                                   SOUP_HTTP_URI_FLAGS, NULL);

  if (target == NULL || !same_site (target, fetch->endpoint))
    {
      g_autofree char *where = target != NULL && g_uri_get_host (target) != NULL
                               ? g_strdup (g_uri_get_host (target))
                               : g_strdup (location != NULL ? location : "?");

      g_task_return_new_error (task, CD_ERROR, CD_ERROR_IO,
                               _("%s (%s) sent the request on to another site (%s), which "
                                 "Copydesk does not follow; nothing was changed"),
                               fetch->display, fetch->service, where);
      return TRUE;
    }

  if (++fetch->redirects > MAX_REDIRECTS)
    {
      g_task_return_new_error (task, CD_ERROR, CD_ERROR_IO,
                               _("%s (%s) redirected the request more than %u times; "
                                 "nothing was changed. Try again later."),
                               fetch->display, fetch->service, MAX_REDIRECTS);
      return TRUE;
    }

  send_request (task, target);
  return TRUE;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *reached = g_error_new (CD_ERROR, CD_ERROR_IO,
                                         _("Could not reach %s at %s (%s). Check that this computer "
                                           "is online; nothing was changed."),
                                         fetch->display, fetch->service, error->message);

          g_error_free (error);
          error = reached;
        }
      return_error (task, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (handle_redirect (task, status))
    return;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *phrase = soup_message_get_reason_phrase (fetch->message);

      if (phrase == NULL || *phrase == '\0')
        phrase = soup_status_get_phrase (status);

      if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
        g_task_return_new_error (task, CD_ERROR, CD_ERROR_IO,
                                 _("%s does not know this post (HTTP %u %s): check the link; the "
                                   "post may have been deleted or made private. Nothing was changed."),
                                 fetch->display, status, phrase);
      else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        g_task_return_new_error (task, CD_ERROR, CD_ERROR_IO,
                                 _("%s refused to describe this post (HTTP %u %s): it may be "
                                   "private or not allowed to be embedded. Nothing was changed."),
                                 fetch->display, status, phrase);
      else
        g_task_return_new_error (task, CD_ERROR, CD_ERROR_IO,
                                 _("%s (%s) answered HTTP %u %s; nothing was changed. "
                                   "Try again later."),
                                 fetch->display, fetch->service, status, phrase);
      return;
    }

  /* One byte more than allowed tells an answer that is too large. */
  fetch->buffer = g_malloc (CD_OEMBED_MAX_RESPONSE + 1);
  g_input_stream_read_all_async (stream, fetch->buffer, CD_OEMBED_MAX_RESPONSE + 1,
                                 G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                 read_cb, g_object_ref (task));
}

void
cd_oembed_fetch_async (CdBlock             *embed,
                       const char          *endpoint_base_override,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *endpoint = NULL;
  GError *error = NULL;
  const char *provider;
  Fetch *fetch;

  g_return_if_fail (CD_IS_BLOCK (embed));
  g_return_if_fail (cd_block_get_block_type (embed) == CD_BLOCK_EMBED);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (embed, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_oembed_fetch_async);

  fetch = g_new0 (Fetch, 1);
  fetch->url = g_strdup (cd_block_get_field (embed, CD_BLOCK_FIELD_URL));
  g_task_set_task_data (task, fetch, fetch_free);

  if (!cd_embed_detect (fetch->url, &provider, NULL, NULL))
    provider = "link";
  fetch->display = g_strdup (cd_embed_provider_display_name (provider));

  endpoint = cd_oembed_endpoint_url (fetch->url, endpoint_base_override, &error);
  if (endpoint == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  fetch->service = service_name (endpoint);

  fetch->endpoint = g_uri_parse (endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  if (fetch->endpoint == NULL || g_uri_get_host (fetch->endpoint) == NULL)
    {
      g_task_return_new_error (task, CD_ERROR, CD_ERROR_INVALID,
                               _("The oEmbed address “%s” is not usable; nothing was changed"),
                               endpoint);
      return;
    }

  fetch->session = soup_session_new_with_options ("user-agent", "Copydesk/" PACKAGE_VERSION,
                                                  "timeout", FETCH_TIMEOUT,
                                                  NULL);

  send_request (task, fetch->endpoint);
}

gboolean
cd_oembed_fetch_finish (CdBlock       *embed,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CD_IS_BLOCK (embed), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, embed), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
