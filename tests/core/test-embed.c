/* test-embed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

typedef struct
{
  const char *url;
  const char *provider;
  const char *kind;
} Case;

static const Case detected[] = {
  /* X and Twitter */
  { "https://x.com/NASA/status/1782112374235156659", "x", "post" },
  { "https://twitter.com/Interior/status/463440424141459456", "x", "post" },
  { "https://www.twitter.com/jack/status/20", "x", "post" },
  { "https://mobile.twitter.com/jack/status/20?lang=en", "x", "post" },
  { "https://mobile.x.com/jack/status/20", "x", "post" },
  { "https://www.x.com/jack/status/20/", "x", "post" },
  { "https://x.com/AP/status/1790000000000000000?s=20&t=AbCdEf", "x", "post" },
  { "https://x.com/AP/status/1790000000000000000/photo/1", "x", "post" },
  { "https://x.com/AP/status/1790000000000000000/video/1", "x", "post" },
  { "https://X.COM/AP/status/1790000000000000000", "x", "post" },
  { "https://x.com./AP/status/1790000000000000000", "x", "post" },
  { "https://x.com:443/AP/status/1790000000000000000", "x", "post" },
  { "https://twitter.com/i/web/status/1790000000000000000", "x", "post" },
  { "https://x.com/AP/status/1790000000000000000#replies", "x", "post" },
  { "  https://x.com/AP/status/1790000000000000000\n", "x", "post" },
  /* Facebook */
  { "https://www.facebook.com/Reuters/posts/pfbid02abcDEF123", "facebook", "post" },
  { "https://www.facebook.com/Reuters/posts/1234567890123456", "facebook", "post" },
  { "https://m.facebook.com/Reuters/posts/1234567890123456/", "facebook", "post" },
  { "https://web.facebook.com/Reuters/posts/1234567890123456", "facebook", "post" },
  { "https://facebook.com/Reuters/posts/1234567890123456", "facebook", "post" },
  { "https://www.facebook.com/permalink.php?story_fbid=1234567890&id=100064", "facebook", "post" },
  { "https://m.facebook.com/story.php?story_fbid=1234567890&id=100064", "facebook", "post" },
  { "https://www.facebook.com/photo.php?fbid=1234567890", "facebook", "post" },
  { "https://www.facebook.com/groups/journalists/posts/1234567890/", "facebook", "post" },
  { "https://www.facebook.com/share/p/1AbCdEfGh/", "facebook", "post" },
  { "https://www.facebook.com/Reuters/videos/1234567890123456/", "facebook", "video" },
  { "https://www.facebook.com/Reuters/videos/flood-footage/1234567890123456/", "facebook", "video" },
  { "https://www.facebook.com/watch/?v=1234567890123456", "facebook", "video" },
  { "https://www.facebook.com/watch?v=1234567890123456&ref=sharing", "facebook", "video" },
  { "https://www.facebook.com/reel/1234567890123456", "facebook", "video" },
  { "https://www.facebook.com/share/v/1AbCdEfGh/", "facebook", "video" },
  { "https://fb.watch/qR5tUvW1xY/", "facebook", "video" },
  { "https://WWW.FACEBOOK.COM/Reuters/posts/1234567890123456", "facebook", "post" },
  { "https://www.facebook.com/video.php?v=1234567890123456", "facebook", "video" },
  { "https://m.facebook.com/watch/?v=1234567890123456&ref=share", "facebook", "video" },
  { "https://www.facebook.com/Reuters/videos/1234567890123456?mibextid=abc", "facebook", "video" },
  { "https://www.facebook.com/reel/1234567890123456/?s=fb_shorts", "facebook", "video" },
  /* Instagram */
  { "https://www.instagram.com/p/C5xYz12AbCd/", "instagram", "photo" },
  { "https://instagram.com/p/C5xYz12AbCd", "instagram", "photo" },
  { "https://www.instagram.com/p/C5xYz12AbCd/?utm_source=ig_web_copy_link&igsh=MzRlODBiNWFlZA==", "instagram", "photo" },
  { "https://www.instagram.com/natgeo/p/C5xYz12AbCd/", "instagram", "photo" },
  { "https://www.instagram.com/reel/C5xYz12AbCd/", "instagram", "video" },
  { "https://www.instagram.com/tv/B8xYz12AbCd/", "instagram", "video" },
  { "https://instagr.am/p/C5xYz12AbCd/", "instagram", "photo" },
  { "https://www.instagram.com/reels/C5xYz12AbCd/?igsh=abc", "instagram", "video" },
  /* YouTube */
  { "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "video" },
  { "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "video" },
  { "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "video" },
  { "https://youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "video" },
  { "https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "video" },
  { "https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RDAMVM", "youtube", "video" },
  { "https://www.youtube.com/shorts/a12CpYea0i4", "youtube", "video" },
  { "https://youtube.com/shorts/a12CpYea0i4?si=abcDEF", "youtube", "video" },
  { "https://www.youtube.com/live/jfKfPfyJRdk?si=x", "youtube", "video" },
  { "https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "video" },
  { "https://youtu.be/dQw4w9WgXcQ", "youtube", "video" },
  { "https://youtu.be/dQw4w9WgXcQ?t=10", "youtube", "video" },
  { "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "video" },
  { "https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", "youtube", "video" },
  { "https://m.youtube.com/shorts/a12CpYea0i4/", "youtube", "video" },
  { "https://youtube.com/live/jfKfPfyJRdk", "youtube", "video" },
  { "https://m.youtube.com/live/jfKfPfyJRdk?feature=share", "youtube", "video" },
  /* TikTok */
  { "https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok", "video" },
  { "https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc", "tiktok", "video" },
  { "https://tiktok.com/@the.news_desk/video/6718335390845095173", "tiktok", "video" },
  { "https://m.tiktok.com/v/6718335390845095173.html", "tiktok", "video" },
  { "https://vm.tiktok.com/ZMeAbCdEf/", "tiktok", "video" },
  { "https://www.tiktok.com/t/ZTRabcdEf/", "tiktok", "video" },
  { "https://www.tiktok.com/@scout2015/video/6718335390845095173/", "tiktok", "video" },
  { "https://vt.tiktok.com/ZSabc123/", "tiktok", "video" },
  /* Bluesky */
  { "https://bsky.app/profile/emilyliu.me/post/3jzn6g7ixgq2y", "bluesky", "post" },
  { "https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3jzn6g7ixgq2y", "bluesky", "post" },
  { "https://bsky.app/profile/apnews.com/post/3kabc2def3ghi", "bluesky", "post" },
  { "https://bsky.app/profile/emilyliu.me/post/3jzn6g7ixgq2y?ref_src=embed", "bluesky", "post" },
  /* Mastodon, on any host */
  { "https://mastodon.social/@Gargron/109358745834234765", "mastodon", "post" },
  { "https://social.example.org/@reporter/112233445566778899/", "mastodon", "post" },
  { "https://mastodon.social/users/Gargron/statuses/109358745834234765", "mastodon", "post" },
  { "https://mastodon.social/@reporter@newsie.social/112233445566778899", "mastodon", "post" },
  { "https://mastodon.social/@Gargron/109358745834234765?utm_source=share", "mastodon", "post" },
  /* Threads */
  { "https://www.threads.net/@zuck/post/C5xYz12AbCd", "threads", "post" },
  { "https://threads.net/@zuck/post/C5xYz12AbCd/?igshid=abc", "threads", "post" },
  { "https://www.threads.com/@zuck/post/C5xYz12AbCd", "threads", "post" },
  { "https://www.threads.com/@zuck/post/C5xYz12AbCd?xmt=abc", "threads", "post" },
  { "https://twitter.com/Interior/status/463440424141459456/", "x", "post" },
  /* Any other https URL is a link card. */
  { "https://www.example.com/news/2024/05/harbour-reopens.html", "link", "post" },
  { "https://apnews.com/", "link", "post" },
  { "https://example.com", "link", "post" },
  { "https://x.com/NASA", "link", "post" },
  { "https://x.com/NASA/likes", "link", "post" },
  { "https://x.com/NASA/status/notanumber", "link", "post" },
  { "https://x.com/NASA/status/123/analytics", "link", "post" },
  { "https://x.com/@NASA/1782112374235156659", "link", "post" },
  { "https://www.tiktok.com/@scout2015/1234567", "link", "post" },
  { "https://www.facebook.com/Reuters", "link", "post" },
  { "https://www.instagram.com/natgeo/", "link", "post" },
  { "https://www.youtube.com/watch?v=tooshort", "link", "post" },
  { "https://www.youtube.com/@NASA", "link", "post" },
  { "https://bsky.app/profile/emilyliu.me", "link", "post" },
  { "https://mastodon.social/@Gargron", "link", "post" },
  { "https://medium.com/@writer/a-story-about-ports-4f2a1b", "link", "post" },
  { "https://example.com/%D9%85%D9%82%D8%A7%D9%84", "link", "post" },
  { "https://example.com/مقال", "link", "post" },
  /* A provider on another port is not the provider's site. */
  { "https://x.com:8443/NASA/status/1782112374235156659", "link", "post" },
  /* An encoded slash does not make a path segment. */
  { "https://x.com/NASA%2Fstatus%2F1782112374235156659", "link", "post" },
};

/* Look-alikes: all well-formed https links, but none is the provider. */
static const Case lookalikes[] = {
  { "https://x.com.evil.example/NASA/status/1782112374235156659", "link", "post" },
  { "https://notx.com/NASA/status/1782112374235156659", "link", "post" },
  { "https://evilx.com/NASA/status/1782112374235156659", "link", "post" },
  { "https://x.co/NASA/status/1782112374235156659", "link", "post" },
  { "https://evil.example/x.com/NASA/status/1782112374235156659", "link", "post" },
  { "https://evil.example/?u=https://x.com/NASA/status/1782112374235156659", "link", "post" },
  { "https://evil.example/#https://x.com/NASA/status/1782112374235156659", "link", "post" },
  { "https://twitter.com.evil.example/jack/status/20", "link", "post" },
  { "https://youtube.com.evil/watch?v=dQw4w9WgXcQ", "link", "post" },
  { "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "link", "post" },
  { "https://notyoutube.com/watch?v=dQw4w9WgXcQ", "link", "post" },
  { "https://youtu.be.evil.example/dQw4w9WgXcQ", "link", "post" },
  { "https://facebook.com.evil.example/Reuters/posts/1234567890123456", "link", "post" },
  { "https://fakefacebook.com/Reuters/posts/1234567890123456", "link", "post" },
  { "https://instagram.com.evil.example/p/C5xYz12AbCd/", "link", "post" },
  { "https://www.tiktok.com.evil.example/@scout2015/video/6718335390845095173", "link", "post" },
  { "https://bsky.app.evil.example/profile/emilyliu.me/post/3jzn6g7ixgq2y", "link", "post" },
  { "https://threads.net.evil.example/@zuck/post/C5xYz12AbCd", "link", "post" },
  { "https://evil.example/watch?v=dQw4w9WgXcQ", "link", "post" },
  { "https://evil.example/youtu.be/dQw4w9WgXcQ", "link", "post" },
  { "https://www.youtube.com.evil.example/live/jfKfPfyJRdk", "link", "post" },
  { "https://m.facebook.com.evil.example/watch/?v=1234567890123456", "link", "post" },
  { "https://evil-bsky.app/profile/emilyliu.me/post/3jzn6g7ixgq2y", "link", "post" },
  { "https://fb.watch.evil.example/qR5tUvW1xY/", "link", "post" },
  { "https://x.com.evil.example/i/web/status/1790000000000000000", "link", "post" },
};

static void
check_case (const Case *c)
{
  g_autoptr(GError) error = NULL;
  const char *provider = NULL;
  const char *kind = NULL;
  gboolean ok;

  ok = cd_embed_detect (c->url, &provider, &kind, &error);
  if (!ok || g_strcmp0 (provider, c->provider) != 0 || g_strcmp0 (kind, c->kind) != 0)
    g_test_message ("URL %s: got %s/%s (%s), expected %s/%s", c->url,
                    provider, kind, error != NULL ? error->message : "no error",
                    c->provider, c->kind);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (provider, ==, c->provider);
  g_assert_cmpstr (kind, ==, c->kind);
}

static void
test_detect_providers (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (detected), >=, 60);

  for (guint i = 0; i < G_N_ELEMENTS (detected); i++)
    check_case (&detected[i]);
}

static void
test_detect_lookalikes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookalikes); i++)
    check_case (&lookalikes[i]);
}

static void
check_refused (const char *url,
               const char *message)
{
  g_autoptr(GError) error = NULL;
  const char *provider = "unset";
  const char *kind = "unset";

  g_assert_false (cd_embed_detect (url, &provider, &kind, &error));
  if (error == NULL)
    g_test_message ("URL “%s” was not refused", url);
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  /* Outputs are left alone on failure. */
  g_assert_cmpstr (provider, ==, "unset");
  g_assert_cmpstr (kind, ==, "unset");
}

static void
test_detect_refuses_other_schemes (void)
{
  static const char * const urls[] = {
    "http://x.com/NASA/status/1782112374235156659",
    "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "",
    "   ",
    "x.com/a/status/1",
    "//x.com/a/status/1",
    "/NASA/status/1782112374235156659",
    "ftp://x.com/NASA/status/1",
    "file:///etc/passwd",
    "mailto:desk@example.com",
    "httpsx://x.com/a/status/1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    check_refused (urls[i], "Only https links can be embedded");
}

static void
test_detect_refuses_malformed (void)
{
  static const char * const urls[] = {
    /* A user name hides the real host. */
    "https://x.com@evil.example/NASA/status/1782112374235156659",
    "https://x.com:443@evil.example/NASA/status/1782112374235156659",
    "https://evil.example@x.com/NASA/status/1782112374235156659",
    "https://@x.com/NASA/status/1782112374235156659",
    /* Browsers and RFC 3986 disagree on these. */
    "https://evil.example\\@x.com/NASA/status/1782112374235156659",
    "https://x.com\\NASA/status/1782112374235156659",
    "https://x.com/NASA/status/178211\n2374235156659",
    "https://x.com/NASA /status/1782112374235156659",
    "https://x.com/\tNASA/status/1",
    /* Not well formed, or no host at all. */
    "https://x.com/NASA/status/%zz",
    "https://x.com:99999/NASA/status/1",
    "https://",
    "https:///NASA/status/1",
    "https:x.com/NASA/status/1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    check_refused (urls[i], NULL);
}

/* Hosts that are not a public web site are refused for every provider:
 * their script or frame would run against the editor's own machine or
 * network, and Fetch Details would ask it for a post. */
static void
test_detect_refuses_local_hosts (void)
{
  static const char * const urls[] = {
    /* Mastodon's shape on hosts that are no public instance. */
    "https://127.0.0.1/@user/109358745834234765",
    "https://127.1/@user/109358745834234765",
    "https://0x7f.1/@user/109358745834234765",
    "https://0x7f000001/@user/109358745834234765",
    "https://2130706433/@user/109358745834234765",
    "https://0177.0.0.1/@user/109358745834234765",
    "https://10.0.0.7./@user/109358745834234765",
    "https://169.254.169.254/@user/109358745834234765",
    "https://[::1]/@user/109358745834234765",
    "https://[::ffff:127.0.0.1]/@user/109358745834234765",
    "https://[fe80::1%25eth0]/@user/109358745834234765",
    "https://%31%32%37.0.0.1/@user/109358745834234765",
    "https://１２７.0.0.1/@user/109358745834234765",
    "https://127。0。0。1/@user/109358745834234765",
    "https://localhost/@user/109358745834234765",
    "https://LOCALHOST./@user/109358745834234765",
    "https://social.localhost/@user/109358745834234765",
    "https://intranet/@user/109358745834234765",
    "https://nas.local/@user/109358745834234765",
    "https://mastodon.internal/@user/109358745834234765",
    "https://router.home.arpa/@user/109358745834234765",
    "https://build.corp/@user/109358745834234765",
    "https://a..example.org/@user/109358745834234765",
    "https://-bad.example.org/@user/109358745834234765",
    "https://under_score.example.org/@user/109358745834234765",
    "https://social.example.1/@user/109358745834234765",
    /* Other providers' shapes and plain links alike. */
    "https://127.0.0.1/NASA/status/1782112374235156659",
    "https://[::1]/watch?v=dQw4w9WgXcQ",
    "https://localhost/news/story.html",
    "https://192.168.1.1/admin",
    "https://printer/status",
    "https://metadata.google.internal/computeMetadata/v1/",
    /* The user name and backslash forms, on a local host too. */
    "https://x.com@127.0.0.1/NASA/status/1782112374235156659",
    "https://x.com@evil.example/NASA/status/1782112374235156659",
    "https://evil.example\\@x.com/NASA/status/1782112374235156659",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    check_refused (urls[i], NULL);

  /* The refusal says which host, and why. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cd_embed_detect ("https://0x7f.1/@user/1", NULL, NULL, &error));
    g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "0x7f.1"));
    g_assert_nonnull (strstr (error->message, "numeric address or a local network name"));
  }
}

/* A public instance with a proper name stays a Mastodon post. */
static void
test_detect_mastodon_public_hosts (void)
{
  static const Case cases[] = {
    { "https://mastodon.social/@Gargron/109358745834234765", "mastodon", "post" },
    { "https://social.coop/@reporter/109358745834234765", "mastodon", "post" },
    { "https://mstdn.jp/@user/109358745834234765", "mastodon", "post" },
    { "https://xn--mastodn-xwa.example.org/@user/109358745834234765", "mastodon", "post" },
    { "https://social.1example.org/@user/109358745834234765", "mastodon", "post" },
    { "https://news.example.co.uk/@desk/109358745834234765", "mastodon", "post" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_case (&cases[i]);
}

static void
test_detect_optional_outputs (void)
{
  const char *kind = NULL;
  const char *provider = NULL;

  g_assert_true (cd_embed_detect ("https://youtu.be/dQw4w9WgXcQ", NULL, &kind, NULL));
  g_assert_cmpstr (kind, ==, "video");
  g_assert_true (cd_embed_detect ("https://youtu.be/dQw4w9WgXcQ", &provider, NULL, NULL));
  g_assert_cmpstr (provider, ==, "youtube");
  g_assert_false (cd_embed_detect ("javascript:alert(1)", &provider, &kind, NULL));
}

static void
test_display_names (void)
{
  static const struct {
    const char *provider;
    const char *name;
  } names[] = {
    { "x", "X" },
    { "facebook", "Facebook" },
    { "instagram", "Instagram" },
    { "youtube", "YouTube" },
    { "tiktok", "TikTok" },
    { "bluesky", "Bluesky" },
    { "mastodon", "Mastodon" },
    { "threads", "Threads" },
    { "link", "Link" },
    { "myspace", "myspace" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (cd_embed_provider_display_name (names[i].provider), ==, names[i].name);

  /* Every provider detection can return has a real display name. */
  for (guint i = 0; i < G_N_ELEMENTS (detected); i++)
    {
      const char *provider = detected[i].provider;

      g_assert_cmpstr (cd_embed_provider_display_name (provider), !=, provider);
    }
}

static void
test_youtube_id (void)
{
  static const struct {
    const char *url;
    const char *id;
  } cases[] = {
    { "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ" },
    { "https://www.youtube.com/watch?list=PL1&v=dQw4w9WgXcQ&t=42s", "dQw4w9WgXcQ" },
    { "https://m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ" },
    { "https://youtu.be/dQw4w9WgXcQ?si=abc", "dQw4w9WgXcQ" },
    { "https://www.youtube.com/shorts/a12CpYea0i4", "a12CpYea0i4" },
    { "https://www.youtube.com/live/jfKfPfyJRdk", "jfKfPfyJRdk" },
    { "https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ" },
    { "https://www.youtube-nocookie.com/embed/Ab_-9cdEFgh", "Ab_-9cdEFgh" },
    { "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E%3Cscript%3E", NULL },
    { "https://www.youtube.com/watch?v=dQw4w9WgXc", NULL },
    { "https://www.youtube.com/watch?v=dQw4w9WgXcQQ", NULL },
    { "https://www.youtube.com/watch", NULL },
    { "https://youtube.com.evil/watch?v=dQw4w9WgXcQ", NULL },
    { "https://evil.example/embed/dQw4w9WgXcQ", NULL },
    { "http://www.youtube.com/watch?v=dQw4w9WgXcQ", NULL },
    { "https://x.com/NASA/status/1782112374235156659", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = cd_embed_youtube_id (cases[i].url);

      g_assert_cmpstr (id, ==, cases[i].id);
    }
}

static void
test_provider_has_details (void)
{
  g_assert_true (cd_embed_provider_has_details ("x"));
  g_assert_true (cd_embed_provider_has_details ("youtube"));
  g_assert_true (cd_embed_provider_has_details ("mastodon"));
  g_assert_false (cd_embed_provider_has_details ("facebook"));
  g_assert_false (cd_embed_provider_has_details ("instagram"));
  g_assert_false (cd_embed_provider_has_details ("threads"));
  g_assert_false (cd_embed_provider_has_details ("link"));
  g_assert_false (cd_embed_provider_has_details ("nonesuch"));
}

/* The provider table is the one place a provider is described: every
 * entry is found by its name, detected from a URL of the cases above
 * (a new provider comes with its cases), and its script, when it has
 * one, loads from an https origin the preview can allow. */
static void
test_provider_table (void)
{
  const CdEmbedProvider *info;
  guint n = 0;

  for (guint i = 0; (info = cd_embed_provider_nth (i)) != NULL; i++, n++)
    {
      gboolean has_case = FALSE;
      g_autofree char *origin = cd_embed_script_origin (info);

      g_assert_nonnull (info->name);
      g_assert_nonnull (info->display_name);
      g_assert_true (cd_embed_provider_lookup (info->name) == info);
      g_assert_true (cd_embed_provider_is_known (info->name));
      g_assert_cmpstr (cd_embed_provider_display_name (info->name), ==, info->display_name);

      for (guint c = 0; c < G_N_ELEMENTS (detected); c++)
        has_case |= g_strcmp0 (detected[c].provider, info->name) == 0;
      g_assert_true (has_case);

      if (info->script != NULL)
        {
          g_assert_true (g_str_has_prefix (info->script, "https://"));
          g_assert_nonnull (origin);
          g_assert_true (g_str_has_prefix (info->script, origin));
          g_assert_cmpuint (info->script[strlen (origin)], ==, '/');
        }
      else
        g_assert_null (origin);
    }

  g_assert_cmpuint (n, ==, 8);
  g_assert_null (cd_embed_provider_lookup ("link"));
  g_assert_null (cd_embed_provider_nth (n));
}

static void
test_oembed_post_url (void)
{
  g_autofree char *nocookie = cd_embed_oembed_post_url ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  g_autofree char *music = cd_embed_oembed_post_url ("https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=x");
  g_autofree char *x = cd_embed_oembed_post_url (" https://x.com/AP/status/1790000000000000000\n");
  g_autofree char *link = cd_embed_oembed_post_url ("https://example.com/story");
  g_autofree char *refused = cd_embed_oembed_post_url ("http://x.com/AP/status/1");

  g_assert_cmpstr (nocookie, ==, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  g_assert_cmpstr (music, ==, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  g_assert_cmpstr (x, ==, "https://x.com/AP/status/1790000000000000000");
  g_assert_null (link);
  g_assert_null (refused);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/embed/detect/providers", test_detect_providers);
  g_test_add_func ("/core/embed/provider-has-details", test_provider_has_details);
  g_test_add_func ("/core/embed/detect/lookalikes", test_detect_lookalikes);
  g_test_add_func ("/core/embed/detect/other-schemes", test_detect_refuses_other_schemes);
  g_test_add_func ("/core/embed/detect/malformed", test_detect_refuses_malformed);
  g_test_add_func ("/core/embed/detect/local-hosts", test_detect_refuses_local_hosts);
  g_test_add_func ("/core/embed/detect/mastodon-public-hosts", test_detect_mastodon_public_hosts);
  g_test_add_func ("/core/embed/detect/optional-outputs", test_detect_optional_outputs);
  g_test_add_func ("/core/embed/display-names", test_display_names);
  g_test_add_func ("/core/embed/youtube-id", test_youtube_id);
  g_test_add_func ("/core/embed/provider-table", test_provider_table);
  g_test_add_func ("/core/embed/oembed-post-url", test_oembed_post_url);

  return g_test_run ();
}
