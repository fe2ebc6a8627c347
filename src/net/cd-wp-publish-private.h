/* cd-wp-publish-private.h: what the parts of the WordPress publisher share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <libsoup/soup.h>

#include "cd-wp-publish.h"

G_BEGIN_DECLS

/* The publisher is in three parts: cd-wp-publish.c (the object, the
 * options and the worker thread that runs the steps), -rest.c (requests
 * and answers) and -steps.c (each step of publishing). */

struct _CdWpPublisher
{
  GObject  parent_instance;

  char    *site;
  char    *user;
  char    *password;
  guint    timeout;
};

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

/* cd-wp-publish.c */
void             _cd_wp_report_progress   (Job            *job,
                                           const char     *file,
                                           guint           done,
                                           guint           total);

/* cd-wp-publish-rest.c */
char            *_cd_wp_api_url           (Job            *job,
                                           const char     *route,
                                           const char     *query);
/* Sends one request; *answer is the JSON of a 2xx answer, for
 * cJSON_Delete(). */
gboolean         _cd_wp_request           (Job            *job,
                                           const char     *method,
                                           const char     *url,
                                           GBytes         *body,
                                           const char     *content_type,
                                           const char     *file,
                                           const char     *doing,
                                           cJSON         **answer,
                                           GCancellable   *cancellable,
                                           GError        **error);
/* _cd_wp_request() with @request as its JSON body. */
gboolean         _cd_wp_request_json      (Job            *job,
                                           const char     *method,
                                           const char     *url,
                                           const cJSON    *request,
                                           const char     *doing,
                                           cJSON         **answer,
                                           GCancellable   *cancellable,
                                           GError        **error);
/* The whole-number "id" of @object, 0 when it has none. */
gint64           _cd_wp_object_get_id     (const cJSON    *object);
/* Says the site does not answer as WordPress; returns FALSE. */
gboolean         _cd_wp_unexpected_answer (Job            *job,
                                           GError        **error);

/* cd-wp-publish-steps.c */
gboolean         _cd_wp_discover          (Job            *job,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean         _cd_wp_check_user        (Job            *job,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean         _cd_wp_check_post        (Job            *job,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean         _cd_wp_resolve_terms     (Job            *job,
                                           GArray         *category_ids,
                                           GArray         *tag_ids,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean         _cd_wp_upload_pictures   (Job            *job,
                                           GHashTable     *by_hash,
                                           GCancellable   *cancellable,
                                           GError        **error);
CdPublishRecord *_cd_wp_write_post        (Job            *job,
                                           GArray         *category_ids,
                                           GArray         *tag_ids,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_END_DECLS
