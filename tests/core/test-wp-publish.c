/* test-wp-publish.c: what the WordPress publisher decides before and
 * without a site: addresses, refusals and cancelling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Publishing itself is tested against a real WordPress in tests/wp.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "copydesk-core.h"
#include "cd-wp-publish.h"

static void
test_normalize (void)
{
  static const struct
  {
    const char *site;
    const char *normalized;
  } good[] = {
    { "https://news.example", "https://news.example" },
    { "https://news.example/", "https://news.example" },
    { "https://news.example/blog//", "https://news.example/blog" },
    { "https://news.example:8443/", "https://news.example:8443" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "http://localhost/wp", "http://localhost/wp" },
    { "http://[::1]:9000", "http://[::1]:9000" },
  };
  static const char * const bad[] = {
    "news.example",
    "ftp://news.example",
    "http://news.example",
    "http://192.168.1.10",
    "https://user:secret@news.example",
    "https://",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = cd_wp_site_normalize (good[i].site, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, good[i].normalized);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = cd_wp_site_normalize (bad[i], &error);

      g_assert_null (normalized);
      g_assert_error (error, CD_WP_ERROR, CD_WP_ERROR_ADDRESS);
      /* The password in an address must never be repeated. */
      g_assert_null (strstr (error->message, "secret"));
    }
}

typedef struct
{
  GMainLoop       *loop;
  CdPublishRecord *record;
  GError          *error;
} Wait;

static void
publish_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->record = cd_wp_publisher_publish_finish (CD_WP_PUBLISHER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
publish (CdWpPublisher            *publisher,
         CdArticle                *article,
         const CdWpPublishOptions *options,
         GCancellable             *cancellable,
         Wait                     *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  cd_wp_publisher_publish_async (publisher, article, options, cancellable, publish_cb, wait);
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

/* What the story lacks is said before anything is sent. */
static void
test_refusals (void)
{
  g_autoptr(CdWpPublisher) publisher = cd_wp_publisher_new ("http://127.0.0.1:9", "desk", "pw", NULL);
  g_autoptr(CdArticle) article = cd_article_new ();
  CdWpPublishOptions options;
  Wait wait = { 0 };

  publish (publisher, article, NULL, NULL, &wait);
  g_assert_error (wait.error, CD_WP_ERROR, CD_WP_ERROR_INVALID);
  g_assert_nonnull (strstr (wait.error->message, "no headline"));
  g_clear_error (&wait.error);

  cd_article_set_headline (article, "Ferry");
  cd_wp_publish_options_init (&options);
  options.status = "private";
  publish (publisher, article, &options, NULL, &wait);
  g_assert_error (wait.error, CD_WP_ERROR, CD_WP_ERROR_INVALID);
  g_assert_nonnull (strstr (wait.error->message, "“private” is not a post status"));
  g_clear_error (&wait.error);

  options.status = "future";
  publish (publisher, article, &options, NULL, &wait);
  g_assert_error (wait.error, CD_WP_ERROR, CD_WP_ERROR_INVALID);
  g_assert_nonnull (strstr (wait.error->message, "needs a date and time"));
  g_clear_error (&wait.error);

  options.date = "next Tuesday";
  publish (publisher, article, &options, NULL, &wait);
  g_assert_error (wait.error, CD_WP_ERROR, CD_WP_ERROR_INVALID);
  g_assert_nonnull (strstr (wait.error->message, "“next Tuesday” is not a date and time"));
  g_clear_error (&wait.error);
}

static void
assert_go_live (const CdWpPublishOptions *options,
                CdArticle                *article,
                const char               *expected)
{
  g_autoptr(GDateTime) go_live = cd_wp_publish_options_get_go_live (options, article);
  g_autofree char *formatted = NULL;

  if (expected == NULL)
    {
      g_assert_null (go_live);
      return;
    }

  g_assert_nonnull (go_live);
  formatted = g_date_time_format_iso8601 (go_live);
  g_assert_cmpstr (formatted, ==, expected);
}

/* A scheduled post goes live at its date, else at the story's embargo;
 * the pre-flight check of copydesk-publish compares the embargo with it. */
static void
test_go_live (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  CdWpPublishOptions options;

  cd_wp_publish_options_init (&options);
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, "2031-06-01T18:00:00+02:00");
  assert_go_live (&options, article, NULL);
  options.status = "publish";
  assert_go_live (&options, article, NULL);

  options.status = "future";
  assert_go_live (&options, article, "2031-06-01T16:00:00Z");
  options.date = "2031-07-02";
  assert_go_live (&options, article, "2031-07-02T00:00:00Z");
  options.date = "2031-07-02T08:30:00";
  assert_go_live (&options, article, "2031-07-02T08:30:00Z");
  options.date = "next Tuesday";
  assert_go_live (&options, article, NULL);

  options.date = NULL;
  cd_article_set_field (article, CD_ARTICLE_FIELD_EMBARGO, NULL);
  assert_go_live (&options, article, NULL);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_cb (GSocketService    *service,
           GSocketConnection *connection,
           GObject           *source,
           gpointer           user_data)
{
  /* Kept open and never answered. */
  g_ptr_array_add (user_data, g_object_ref (connection));
  return TRUE;
}

/* Cancel stops a publish that waits on a site that does not answer,
 * long before its time-out, and the story is left as it was. */
static void
test_cancel (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdWpPublisher) publisher = NULL;
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *site = NULL;
  Wait wait = { 0 };
  guint16 port;
  gint64 started;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (accept_cb), connections);
  g_socket_service_start (service);

  site = g_strdup_printf ("http://127.0.0.1:%u", port);
  publisher = cd_wp_publisher_new (site, "desk", "pw", &error);
  g_assert_no_error (error);
  cd_wp_publisher_set_timeout (publisher, 600);
  cd_article_set_headline (article, "Ferry");
  before = cd_json_write (article);

  started = g_get_monotonic_time ();
  g_timeout_add (200, cancel_cb, cancellable);
  publish (publisher, article, NULL, cancellable, &wait);

  g_assert_null (wait.record);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 60 * G_USEC_PER_SEC);

  after = cd_json_write (article);
  g_assert_true (g_bytes_equal (before, after));
  g_socket_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/wp-publish/normalize", test_normalize);
  g_test_add_func ("/net/wp-publish/refusals", test_refusals);
  g_test_add_func ("/net/wp-publish/go-live", test_go_live);
  g_test_add_func ("/net/wp-publish/cancel", test_cancel);

  return g_test_run ();
}
