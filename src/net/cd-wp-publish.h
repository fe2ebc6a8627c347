/* cd-wp-publish.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-article.h"

G_BEGIN_DECLS

#define CD_WP_ERROR (cd_wp_error_quark ())

/* Why a publish failed. Each comes with one sentence a person can act on,
 * naming the site (never the password). */
typedef enum
{
  CD_WP_ERROR_ADDRESS,      /* not an http(s) address, or http to a host that is not loopback */
  CD_WP_ERROR_AUTH,         /* 401: wrong user name or application password */
  CD_WP_ERROR_FORBIDDEN,    /* 403: the user may not do this */
  CD_WP_ERROR_NOT_WORDPRESS,/* 404 or not JSON: REST API off, or not WordPress */
  CD_WP_ERROR_TOO_LARGE,    /* 413: a file is over the site's upload limit */
  CD_WP_ERROR_UNREACHABLE,  /* no connection */
  CD_WP_ERROR_TIMEOUT,      /* no answer in time */
  CD_WP_ERROR_CERTIFICATE,  /* TLS certificate not valid */
  CD_WP_ERROR_CONFLICT,     /* the post was changed on the site since our last publish */
  CD_WP_ERROR_MISSING_TERMS,/* the category or tags do not exist and may not be created */
  CD_WP_ERROR_INVALID,      /* the story cannot be published as it is (no headline, bad date) */
  CD_WP_ERROR_FAILED,       /* anything else the site said */
} CdWpError;

GQuark        cd_wp_error_quark            (void);

typedef struct
{
  const char *status;        /* "draft" (default), "pending", "publish" or "future" */
  const char *date;          /* ISO 8601, for "future" (the embargo when NULL) */
  const char *slug;          /* NULL: the story's slug */
  gboolean    create_terms;  /* create the category and tags the site lacks */
  gboolean    overwrite;     /* replace a post changed on the site since */
} CdWpPublishOptions;

void          cd_wp_publish_options_init   (CdWpPublishOptions *options);

/* When a scheduled ("future") post goes live, in UTC: @options's date or
 * else @article's embargo. NULL for any other status, or when there is no
 * valid date (publishing then fails with the reason). */
GDateTime    *cd_wp_publish_options_get_go_live (const CdWpPublishOptions *options,
                                                 CdArticle                *article);

/* The address a site is remembered by: scheme, host, port and path
 * without a trailing slash, or NULL with a CD_WP_ERROR_ADDRESS when it is
 * not https (plain http is allowed for loopback addresses only). */
char         *cd_wp_site_normalize         (const char         *site,
                                            GError            **error);

#define CD_TYPE_WP_PUBLISHER (cd_wp_publisher_get_type ())

G_DECLARE_FINAL_TYPE (CdWpPublisher, cd_wp_publisher, CD, WP_PUBLISHER, GObject)

/* Signals:
 *   progress (const char *file, guint done, guint total): before each
 *            picture is sent (done = pictures sent so far), and once more
 *            with done == total; emitted in the caller's main context. */

CdWpPublisher *cd_wp_publisher_new         (const char         *site,
                                            const char         *user,
                                            const char         *password,
                                            GError            **error);
const char   *cd_wp_publisher_get_site     (CdWpPublisher      *self);
/* Seconds without an answer before a request fails (default 60). */
void          cd_wp_publisher_set_timeout  (CdWpPublisher      *self,
                                            guint               seconds);

/* Publishes @article: its pictures to the media library (those already
 * there, by content hash, are re-used), its category and tags, then the
 * post (created, or updated when the story remembers a post on this
 * site). The story is not changed: on success
 * cd_wp_publisher_publish_finish() gives the new record, which the
 * caller stores with cd_article_set_publish_record() and saves. The
 * article must not change while the publish runs (it is read on a worker
 * thread); @cancellable stops it between and during requests. */
void          cd_wp_publisher_publish_async (CdWpPublisher           *self,
                                             CdArticle               *article,
                                             const CdWpPublishOptions *options,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
CdPublishRecord *cd_wp_publisher_publish_finish (CdWpPublisher   *self,
                                                 GAsyncResult    *result,
                                                 GError         **error);

G_END_DECLS
