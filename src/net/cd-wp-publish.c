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
#include <libsoup/soup.h>
#include <string.h>

#include "cd-document.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-media.h"
#include "cd-wp-blocks.h"
#include "cd-wp-publish-private.h"

#define DEFAULT_TIMEOUT 60

G_DEFINE_QUARK (cd-wp-error-quark, cd_wp_error)

G_DEFINE_FINAL_TYPE (CdWpPublisher, cd_wp_publisher, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* Progress */

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

void
_cd_wp_report_progress (Job        *job,
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

  if (_cd_wp_discover (job, cancellable, &error) &&
      _cd_wp_check_user (job, cancellable, &error) &&
      _cd_wp_check_post (job, cancellable, &error) &&
      _cd_wp_resolve_terms (job, category_ids, tag_ids, cancellable, &error) &&
      _cd_wp_upload_pictures (job, by_hash, cancellable, &error))
    record = _cd_wp_write_post (job, category_ids, tag_ids, cancellable, &error);

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
  picture->sha256 = cd_media_sha256_hex (bytes);
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
