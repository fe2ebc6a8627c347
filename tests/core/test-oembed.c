/* test-oembed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Fetch details" for embeds: the endpoint addresses, reading an oEmbed
 * answer into a block, and the fetch itself against an HTTP server on
 * 127.0.0.1 that the test runs and that answers like an oEmbed endpoint.
 */

#define G_LOG_DOMAIN "test-oembed"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "copydesk-core.h"
#include "cd-oembed-fetch.h"

/* The answer publish.twitter.com gives for the registry's example post
 * (the shape of the oEmbed documentation of X). */
static const char x_answer[] =
  "{\"url\":\"https://twitter.com/Interior/status/507185938620219395\","
  "\"author_name\":\"US Dept of Interior\",\"author_url\":\"https://twitter.com/Interior\","
  "\"html\":\"<blockquote class=\\\"twitter-tweet\\\"><p lang=\\\"en\\\" dir=\\\"ltr\\\">Happy 50th "
  "anniversary to the Wilderness Act! Here&#39;s a great wilderness photo from <a "
  "href=\\\"https://twitter.com/YosemiteNPS\\\">@YosemiteNPS</a>. <a "
  "href=\\\"https://twitter.com/hashtag/Wilderness50?src=hash\\\">#Wilderness50</a> <a "
  "href=\\\"http://t.co/HMhbyTg18X\\\">pic.twitter.com/HMhbyTg18X</a></p>&mdash; US Dept of "
  "Interior (@Interior) <a href=\\\"https://twitter.com/Interior/status/507185938620219395\\\">"
  "September 3, 2014</a></blockquote>\\n<script async src=\\\"https://platform.twitter.com/widgets.js\\\" "
  "charset=\\\"utf-8\\\"></script>\\n\",\"width\":550,\"height\":null,\"type\":\"rich\","
  "\"cache_age\":\"3153600000\",\"provider_name\":\"Twitter\",\"provider_url\":\"https://twitter.com\","
  "\"version\":\"1.0\"}";

static const char x_text[] =
  "Happy 50th anniversary to the Wilderness Act! Here's a great wilderness photo from "
  "@YosemiteNPS. #Wilderness50 pic.twitter.com/HMhbyTg18X";

static CdBlock *
embed_block (const char *url)
{
  CdBlock *block = cd_block_new (CD_BLOCK_EMBED);
  const char *provider = NULL;
  const char *kind = NULL;

  g_assert_true (cd_embed_detect (url, &provider, &kind, NULL));
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, kind);
  return block;
}

static void
count_changed_cb (CdBlock *block,
                  guint   *count)
{
  (*count)++;
}

/* --- endpoints ---------------------------------------------------------- */

static void
test_endpoint (void)
{
  const struct
  {
    const char *post;
    const char *endpoint;
  } cases[] = {
    { "https://x.com/NASA/status/1782112374235156659",
      "https://publish.x.com/oembed?url=https%3A%2F%2Fx.com%2FNASA%2Fstatus%2F1782112374235156659"
      "&format=json&omit_script=1&dnt=true" },
    { "https://mobile.twitter.com/jack/status/20?lang=en",
      "https://publish.twitter.com/oembed?url=https%3A%2F%2Fmobile.twitter.com%2Fjack%2Fstatus%2F20%3Flang%3Den"
      "&format=json&omit_script=1&dnt=true" },
    { "  https://twitter.com/Interior/status/463440424141459456\n",
      "https://publish.twitter.com/oembed?url=https%3A%2F%2Ftwitter.com%2FInterior%2Fstatus%2F463440424141459456"
      "&format=json&omit_script=1&dnt=true" },
    { "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
      "https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&format=json" },
    { "https://youtu.be/dQw4w9WgXcQ?t=10",
      "https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&format=json" },
    { "https://youtube.com/shorts/a12CpYea0i4?si=abcDEF",
      "https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3Da12CpYea0i4&format=json" },
    { "https://www.youtube.com/live/jfKfPfyJRdk?si=x",
      "https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DjfKfPfyJRdk&format=json" },
    { "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      "https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&format=json" },
    { "https://www.tiktok.com/@scout2015/video/6718335390845095173",
      "https://www.tiktok.com/oembed?url=https%3A%2F%2Fwww.tiktok.com%2F%40scout2015%2Fvideo%2F6718335390845095173"
      "&format=json" },
    { "https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3jzn6g7ixgq2y",
      "https://embed.bsky.app/oembed?url=https%3A%2F%2Fbsky.app%2Fprofile%2Fdid%3Aplc%3Avjug55kidv6sye7ykr5faxxn"
      "%2Fpost%2F3jzn6g7ixgq2y&format=json" },
    { "https://Mastodon.Social/@Gargron/109358745834234765",
      "https://mastodon.social/api/oembed?url=https%3A%2F%2FMastodon.Social%2F%40Gargron%2F109358745834234765"
      "&format=json" },
    { "https://social.example.org/users/reporter/statuses/112233445566778899",
      "https://social.example.org/api/oembed?url=https%3A%2F%2Fsocial.example.org%2Fusers%2Freporter%2Fstatuses"
      "%2F112233445566778899&format=json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = cd_oembed_endpoint_url (cases[i].post, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (endpoint, ==, cases[i].endpoint);
    }
}

static void
test_endpoint_refused (void)
{
  const struct
  {
    const char *post;
    const char *words;
  } cases[] = {
    /* Meta answers registered apps only. */
    { "https://www.facebook.com/Reuters/posts/1234567890123456", "Facebook only describes posts" },
    { "https://www.facebook.com/watch/?v=1234567890123456", "Facebook only describes posts" },
    { "https://www.instagram.com/p/C5xYz12AbCd/", "Instagram only describes posts" },
    { "https://www.threads.net/@zuck/post/C5xYz12AbCd", "Threads only describes posts" },
    { "https://www.example.com/news/story.html", "not a post of a known social network" },
    /* Look-alikes are links, not posts. */
    { "https://x.com.evil.example/NASA/status/1782112374235156659", "not a post of a known social network" },
    { "http://x.com/NASA/status/1782112374235156659", "https" },
    /* A host that is no public site is never asked, whoever's post
     * shape its path has. */
    { "https://127.0.0.1/@user/109358745834234765", "numeric address or a local network name" },
    { "https://0x7f.1/@user/109358745834234765", "numeric address or a local network name" },
    { "https://[::1]/@user/109358745834234765", "numeric address or a local network name" },
    { "https://localhost/@user/109358745834234765", "numeric address or a local network name" },
    { "https://metadata.internal/@user/109358745834234765", "numeric address or a local network name" },
    { "https://mastodon.social@127.0.0.1/@user/109358745834234765", "user name" },
    { "https://evil.example\\@mastodon.social/@user/109358745834234765", "backslash" },
    { "javascript:alert(1)", "https" },
    { "", "https" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = cd_oembed_endpoint_url (cases[i].post, NULL, &error);

      g_assert_null (endpoint);
      g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
      if (strstr (error->message, cases[i].words) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].post, error->message, cases[i].words);
    }
}

static void
test_endpoint_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *query = NULL;
  g_autofree char *mastodon = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *meta = NULL;

  plain = cd_oembed_endpoint_url ("https://www.tiktok.com/@a/video/1", "http://127.0.0.1:8080/oembed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "http://127.0.0.1:8080/oembed?url=https%3A%2F%2Fwww.tiktok.com%2F%40a%2Fvideo%2F1&format=json");

  query = cd_oembed_endpoint_url ("https://x.com/a/status/1", "http://127.0.0.1:8080/oembed?key=1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (query, ==, "http://127.0.0.1:8080/oembed?key=1&url=https%3A%2F%2Fx.com%2Fa%2Fstatus%2F1"
                               "&format=json&omit_script=1&dnt=true");

  /* It replaces the instance's own endpoint too. */
  mastodon = cd_oembed_endpoint_url ("https://mastodon.social/@a/1", "https://oembed.test/api", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mastodon, ==, "https://oembed.test/api?url=https%3A%2F%2Fmastodon.social%2F%40a%2F1&format=json");

  refused = cd_oembed_endpoint_url ("https://x.com/a/status/1", "file:///etc/passwd", &error);
  g_assert_null (refused);
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_clear_error (&error);

  /* It cannot make Meta answer. */
  meta = cd_oembed_endpoint_url ("https://www.instagram.com/p/C5xYz12AbCd/", "http://127.0.0.1:1/", &error);
  g_assert_null (meta);
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
}

/* --- reading answers ------------------------------------------------------- */

static CdBlock *
apply_ok (const char *url,
          const char *json)
{
  CdBlock *block = embed_block (url);
  g_autoptr(GError) error = NULL;
  guint changed = 0;
  gboolean ok;

  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "stored text");
  cd_block_set_field (block, CD_BLOCK_FIELD_HANDLE, "@stored");
  g_signal_connect (block, "changed", G_CALLBACK (count_changed_cb), &changed);
  ok = cd_oembed_apply_response (block, json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_func (block, count_changed_cb, &changed);
  return block;
}

static void
test_apply_x (void)
{
  g_autoptr(CdBlock) block = apply_ok ("https://twitter.com/Interior/status/507185938620219395", x_answer);

  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "US Dept of Interior");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE), ==, "@Interior");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_TEXT), ==, x_text);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_LANG), ==, "en");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_TITLE), ==, "");
  /* The link, provider and kind are the block's own. */
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_URL), ==,
                   "https://twitter.com/Interior/status/507185938620219395");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER), ==, "x");
}

static void
test_apply_providers (void)
{
  g_autoptr(CdBlock) youtube = apply_ok ("https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "{\"title\":\"Moonrunner sea trials\",\"author_name\":\"Porthaven Harbour Board\","
    "\"author_url\":\"https://www.youtube.com/@porthaven\",\"type\":\"video\",\"height\":113,"
    "\"width\":200,\"version\":\"1.0\",\"provider_name\":\"YouTube\",\"provider_url\":\"https://www.youtube.com/\","
    "\"thumbnail_url\":\"https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg\","
    "\"html\":\"<iframe width=\\\"200\\\" height=\\\"113\\\" src=\\\"https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed\\\" "
    "frameborder=\\\"0\\\" allowfullscreen title=\\\"Moonrunner sea trials\\\"></iframe>\"}");
  g_autoptr(CdBlock) channel = apply_ok ("https://youtu.be/dQw4w9WgXcQ",
    "{\"title\":\"A video\",\"author_name\":\"NASA\",\"author_url\":\"https://www.youtube.com/user/NASAtelevision\","
    "\"type\":\"video\",\"version\":\"1.0\"}");
  g_autoptr(CdBlock) bluesky = apply_ok ("https://bsky.app/profile/emilyliu.me/post/3jzn6g7ixgq2y",
    "{\"type\":\"rich\",\"version\":\"1.0\",\"author_name\":\"Emily 🦋 (@emilyliu.me)\","
    "\"author_url\":\"https://bsky.app/profile/emilyliu.me\",\"provider_name\":\"Bluesky Social\","
    "\"html\":\"<blockquote class=\\\"bluesky-embed\\\" data-bluesky-uri=\\\"at://did:plc:vjug55kidv6sye7ykr5faxxn/app.bsky.feed.post/3jzn6g7ixgq2y\\\">"
    "<p lang=\\\"en\\\">  posting   from\\nthe harbour<br><br>second line  </p>&mdash; Emily "
    "(<a href=\\\"https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn\\\">@emilyliu.me</a>) "
    "<a href=\\\"https://bsky.app/profile/emilyliu.me/post/3jzn6g7ixgq2y\\\">May 3, 2023</a></blockquote>"
    "<script async src=\\\"https://embed.bsky.app/static/embed.js\\\" charset=\\\"utf-8\\\"></script>\"}");
  g_autoptr(CdBlock) did = apply_ok ("https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3jzn6g7ixgq2y",
    "{\"type\":\"rich\",\"version\":\"1.0\",\"author_name\":\"Emily\","
    "\"author_url\":\"https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn\"}");
  g_autoptr(CdBlock) mastodon = apply_ok ("https://mastodon.social/@Gargron/109358745834234765",
    "{\"type\":\"rich\",\"version\":\"1.0\",\"author_name\":\"Eugen Rochko\","
    "\"author_url\":\"https://mastodon.social/@Gargron\",\"provider_name\":\"Mastodon\","
    "\"html\":\"<iframe src=\\\"https://mastodon.social/@Gargron/109358745834234765/embed\\\" "
    "class=\\\"mastodon-embed\\\"></iframe><script src=\\\"https://mastodon.social/embed.js\\\" async></script>\"}");
  g_autoptr(CdBlock) tiktok = apply_ok ("https://www.tiktok.com/@scout2015/video/6718335390845095173",
    "{\"version\":\"1.0\",\"type\":\"video\",\"title\":\"Scramble up ur name & I’ll try to guess it😍❤️ #foryoupage\","
    "\"author_url\":\"https://www.tiktok.com/@scout2015\",\"author_name\":\"Scout, Suki & Stella\","
    "\"html\":\"<blockquote class=\\\"tiktok-embed\\\" cite=\\\"https://www.tiktok.com/@scout2015/video/6718335390845095173\\\" "
    "data-video-id=\\\"6718335390845095173\\\"><section><a target=\\\"_blank\\\" href=\\\"https://www.tiktok.com/@scout2015\\\">@scout2015</a> "
    "<p>Scramble up ur name &amp; I’ll try to guess it😍❤️ <a href=\\\"https://www.tiktok.com/tag/foryoupage\\\">#foryoupage</a></p> "
    "<a href=\\\"https://www.tiktok.com/music/original-sound\\\">♬ original sound - tiff</a></section></blockquote>\"}");

  g_assert_cmpstr (cd_block_get_field (youtube, CD_BLOCK_FIELD_TITLE), ==, "Moonrunner sea trials");
  g_assert_cmpstr (cd_block_get_field (youtube, CD_BLOCK_FIELD_AUTHOR), ==, "Porthaven Harbour Board");
  g_assert_cmpstr (cd_block_get_field (youtube, CD_BLOCK_FIELD_HANDLE), ==, "@porthaven");
  /* A player is no text: the stored text stays. */
  g_assert_cmpstr (cd_block_get_field (youtube, CD_BLOCK_FIELD_TEXT), ==, "stored text");

  /* A legacy channel address is no handle. */
  g_assert_cmpstr (cd_block_get_field (channel, CD_BLOCK_FIELD_HANDLE), ==, "@stored");
  g_assert_cmpstr (cd_block_get_field (channel, CD_BLOCK_FIELD_AUTHOR), ==, "NASA");

  g_assert_cmpstr (cd_block_get_field (bluesky, CD_BLOCK_FIELD_AUTHOR), ==, "Emily 🦋 (@emilyliu.me)");
  g_assert_cmpstr (cd_block_get_field (bluesky, CD_BLOCK_FIELD_HANDLE), ==, "@emilyliu.me");
  g_assert_cmpstr (cd_block_get_field (bluesky, CD_BLOCK_FIELD_TEXT), ==, "posting from the harbour\n\nsecond line");
  g_assert_cmpstr (cd_block_get_field (bluesky, CD_BLOCK_FIELD_LANG), ==, "en");
  /* A DID is an account id, not a handle. */
  g_assert_cmpstr (cd_block_get_field (did, CD_BLOCK_FIELD_HANDLE), ==, "@stored");

  g_assert_cmpstr (cd_block_get_field (mastodon, CD_BLOCK_FIELD_AUTHOR), ==, "Eugen Rochko");
  g_assert_cmpstr (cd_block_get_field (mastodon, CD_BLOCK_FIELD_HANDLE), ==, "@Gargron@mastodon.social");
  g_assert_cmpstr (cd_block_get_field (mastodon, CD_BLOCK_FIELD_TEXT), ==, "stored text");

  g_assert_cmpstr (cd_block_get_field (tiktok, CD_BLOCK_FIELD_HANDLE), ==, "@scout2015");
  g_assert_cmpstr (cd_block_get_field (tiktok, CD_BLOCK_FIELD_AUTHOR), ==, "Scout, Suki & Stella");
  g_assert_cmpstr (cd_block_get_field (tiktok, CD_BLOCK_FIELD_TEXT), ==, "Scramble up ur name & I’ll try to guess it😍❤️ #foryoupage");
}

/* Whatever the provider sends, only text lands in the block. */
static void
test_apply_never_markup (void)
{
  g_autoptr(CdBlock) block = apply_ok ("https://x.com/a/status/1",
    "{\"author_name\":\"<b>Bold</b> \\u0007name\\n\",\"author_url\":\"https://x.com/<script>\","
    "\"html\":\"<blockquote><p lang=\\\"x-&quot;onload\\\">Hello <script>alert(1)</script><style>p{}</style>"
    "<b>world</b><img src=x onerror=alert(1)> &lt;script&gt;</p></blockquote>\"}");

  /* author_name is plain text by definition: kept as text, cleaned. */
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "<b>Bold</b> name");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE), ==, "@stored");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_TEXT), ==, "Hello world <script>");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_LANG), ==, "");
}

static void
assert_refused (const char *json,
                gssize      length,
                GQuark      domain,
                int         code,
                const char *words)
{
  g_autoptr(CdBlock) block = embed_block ("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  g_autoptr(CdBlock) before = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;
  gboolean ok;

  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Stored author");
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "Stored text");
  before = cd_block_copy (block);
  g_signal_connect (block, "changed", G_CALLBACK (count_changed_cb), &changed);

  ok = cd_oembed_apply_response (block, json, length < 0 ? strlen (json) : (gsize) length, &error);
  g_assert_false (ok);
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, "YouTube"));
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (cd_block_equal (block, before));
}

static void
test_apply_refused (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *huge = NULL;
  GString *nested = g_string_new ("{\"title\":");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  deep = g_string_free (nested, FALSE);

  huge = g_strnfill (CD_OEMBED_MAX_RESPONSE + 1, ' ');

  assert_refused ("{\"title\": \"unterminated", -1, CD_ERROR, CD_ERROR_PARSE, "not valid JSON");
  assert_refused ("<html><body>Service unavailable</body></html>", -1, CD_ERROR, CD_ERROR_PARSE, "not valid JSON");
  assert_refused ("", -1, CD_ERROR, CD_ERROR_PARSE, "empty");
  assert_refused ("{\"title\":\"\xff\xfe\"}", -1, CD_ERROR, CD_ERROR_PARSE, "not UTF-8");
  assert_refused (deep, -1, CD_ERROR, CD_ERROR_PARSE, "nested too deeply");
  assert_refused (huge, -1, CD_ERROR, CD_ERROR_LIMIT, "larger than");
  assert_refused ("[\"title\"]", -1, CD_ERROR, CD_ERROR_INVALID, "expected a JSON object");
  assert_refused ("{\"title\": 42, \"author_name\": \"A\"}", -1, CD_ERROR, CD_ERROR_INVALID, "must be text");
  assert_refused ("{\"html\": {\"p\": 1}}", -1, CD_ERROR, CD_ERROR_INVALID, "must be text");
  assert_refused ("{\"type\":\"video\",\"version\":\"1.0\"}", -1, CD_ERROR, CD_ERROR_INVALID, "no author, title or text");
  assert_refused ("{\"author_name\":\"  \",\"html\":\"<iframe></iframe>\"}", -1, CD_ERROR, CD_ERROR_INVALID,
                  "no author, title or text");
  /* A NUL inside the answer is not JSON text. */
  assert_refused ("{\"title\":\"a\0b\"}", 15, CD_ERROR, CD_ERROR_PARSE, "nothing was changed");
}

/* The same answer twice changes the block once. */
static void
test_apply_unchanged (void)
{
  g_autoptr(CdBlock) block = apply_ok ("https://twitter.com/Interior/status/507185938620219395", x_answer);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (block, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_true (cd_oembed_apply_response (block, x_answer, strlen (x_answer), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 0);
}

/* --- the fetch, against a local server --------------------------------------- */

typedef struct
{
  SoupServer *server;
  char       *base;       /* http://127.0.0.1:PORT */
  guint       port;
  char       *last_url;   /* the url= of the last request */
  char       *last_format;
  char       *user_agent;
  guint       requests;
  CdBlock    *change_during_request;  /* its link is changed before answering */
} Server;

static void
oembed_handler (SoupServer        *soup_server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  server->requests++;
  g_free (server->last_url);
  g_free (server->last_format);
  g_free (server->user_agent);
  server->last_url = g_strdup (query != NULL ? g_hash_table_lookup (query, "url") : NULL);
  server->last_format = g_strdup (query != NULL ? g_hash_table_lookup (query, "format") : NULL);
  server->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));

  if (server->change_during_request != NULL)
    cd_block_set_field (server->change_during_request, CD_BLOCK_FIELD_URL,
                        "https://x.com/someone/status/99");

  if (g_str_equal (path, "/oembed"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        x_answer, strlen (x_answer));
    }
  else if (g_str_equal (path, "/broken"))
    {
      static const char broken[] = "{\"author_name\": \"Half an answ";

      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        broken, strlen (broken));
    }
  else if (g_str_equal (path, "/moved"))
    {
      /* Within the same site: followed. */
      soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, "/oembed?url=moved&format=json");
    }
  else if (g_str_equal (path, "/away"))
    {
      /* The same server under another name is another site: an instance
       * must not send the request on to the editor's own network. */
      g_autofree char *elsewhere = g_strdup_printf ("http://localhost:%u/oembed?url=away&format=json",
                                                    server->port);

      soup_server_message_set_redirect (message, SOUP_STATUS_TEMPORARY_REDIRECT, elsewhere);
    }
  else if (g_str_equal (path, "/loop"))
    soup_server_message_set_redirect (message, SOUP_STATUS_MOVED_PERMANENTLY, "/loop");
  else if (g_str_equal (path, "/private"))
    soup_server_message_set_status (message, SOUP_STATUS_FORBIDDEN, NULL);
  else if (g_str_equal (path, "/busy"))
    soup_server_message_set_status (message, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (server, 0, sizeof *server);
  server->server = soup_server_new ("server-header", "oembed-test", NULL);
  soup_server_add_handler (server->server, NULL, oembed_handler, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);
  server->port = g_uri_get_port (uris->data);
  server->base = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
server_stop (Server *server)
{
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_free (server->base);
  g_free (server->last_url);
  g_free (server->last_format);
  g_free (server->user_agent);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} FetchResult;

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FetchResult *fetched = user_data;

  fetched->ok = cd_oembed_fetch_finish (CD_BLOCK (source), result, &fetched->error);
  g_main_loop_quit (fetched->loop);
}

static gboolean
run_fetch (CdBlock       *block,
           const char    *endpoint,
           GCancellable  *cancellable,
           GError       **error)
{
  FetchResult fetched = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  cd_oembed_fetch_async (block, endpoint, cancellable, fetch_cb, &fetched);
  g_main_loop_run (fetched.loop);
  g_main_loop_unref (fetched.loop);

  g_assert_true (fetched.ok == (fetched.error == NULL));
  if (fetched.error != NULL)
    g_propagate_error (error, fetched.error);
  return fetched.ok;
}

static void
test_fetch (void)
{
  g_autoptr(CdBlock) block = embed_block ("https://twitter.com/Interior/status/507185938620219395");
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  guint changed = 0;
  Server server;

  server_start (&server);
  endpoint = g_strconcat (server.base, "/oembed", NULL);
  g_signal_connect (block, "changed", G_CALLBACK (count_changed_cb), &changed);

  g_assert_true (run_fetch (block, endpoint, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (server.requests, ==, 1);
  g_assert_cmpstr (server.last_url, ==, "https://twitter.com/Interior/status/507185938620219395");
  g_assert_cmpstr (server.last_format, ==, "json");
  g_assert_true (g_str_has_prefix (server.user_agent, "Copydesk/"));

  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "US Dept of Interior");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE), ==, "@Interior");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_TEXT), ==, x_text);

  server_stop (&server);
}

static void
assert_fetch_fails (const char *path,
                    gboolean    closed_port,
                    GQuark      domain,
                    int         code,
                    const char *words)
{
  g_autoptr(CdBlock) block = embed_block ("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  g_autoptr(CdBlock) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  guint changed = 0;
  Server server;

  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Stored author");
  before = cd_block_copy (block);
  g_signal_connect (block, "changed", G_CALLBACK (count_changed_cb), &changed);

  server_start (&server);
  endpoint = g_strconcat (server.base, path, NULL);
  if (closed_port)
    server_stop (&server);

  g_assert_false (run_fetch (block, endpoint, NULL, &error));
  g_test_message ("%s: %s", path, error->message);
  g_assert_error (error, domain, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_nonnull (strstr (error->message, "YouTube"));
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (cd_block_equal (block, before));

  if (!closed_port)
    {
      g_assert_cmpuint (server.requests, ==, 1);
      server_stop (&server);
    }
}

static void
test_fetch_failures (void)
{
  assert_fetch_fails ("/missing", FALSE, CD_ERROR, CD_ERROR_IO, "does not know this post (HTTP 404");
  assert_fetch_fails ("/private", FALSE, CD_ERROR, CD_ERROR_IO, "refused to describe this post (HTTP 403");
  assert_fetch_fails ("/busy", FALSE, CD_ERROR, CD_ERROR_IO, "answered HTTP 503");
  assert_fetch_fails ("/broken", FALSE, CD_ERROR, CD_ERROR_PARSE, "not valid JSON");
  /* Off the network: nobody listens on the port any more. */
  assert_fetch_fails ("/oembed", TRUE, CD_ERROR, CD_ERROR_IO, "Check that this computer is online");
}

static void
test_fetch_link_changed (void)
{
  g_autoptr(CdBlock) block = embed_block ("https://twitter.com/Interior/status/507185938620219395");
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  Server server;

  server_start (&server);
  server.change_during_request = block;
  endpoint = g_strconcat (server.base, "/oembed", NULL);

  g_assert_false (run_fetch (block, endpoint, NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "link changed"));
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "");
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_TEXT), ==, "");

  server_stop (&server);
}

static void
test_fetch_cancelled (void)
{
  g_autoptr(CdBlock) block = embed_block ("https://twitter.com/Interior/status/507185938620219395");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  Server server;

  server_start (&server);
  endpoint = g_strconcat (server.base, "/oembed", NULL);
  g_cancellable_cancel (cancellable);

  g_assert_false (run_fetch (block, endpoint, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "");

  server_stop (&server);
}

/* A redirect is followed only within the endpoint's own site. */
static void
test_fetch_redirects (void)
{
  Server server;

  server_start (&server);

  {
    g_autoptr(CdBlock) block = embed_block ("https://twitter.com/Interior/status/507185938620219395");
    g_autoptr(GError) error = NULL;
    g_autofree char *endpoint = g_strconcat (server.base, "/moved", NULL);

    g_assert_true (run_fetch (block, endpoint, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (server.requests, ==, 2);
    g_assert_cmpstr (server.last_url, ==, "moved");
    g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "US Dept of Interior");
  }

  {
    g_autoptr(CdBlock) block = embed_block ("https://twitter.com/Interior/status/507185938620219395");
    g_autoptr(GError) error = NULL;
    g_autofree char *endpoint = g_strconcat (server.base, "/away", NULL);

    server.requests = 0;
    g_assert_false (run_fetch (block, endpoint, NULL, &error));
    g_test_message ("%s", error->message);
    g_assert_error (error, CD_ERROR, CD_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "another site (localhost)"));
    /* The second site was never asked. */
    g_assert_cmpuint (server.requests, ==, 1);
    g_assert_cmpstr (server.last_url, !=, "away");
    g_assert_cmpstr (cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), ==, "");
  }

  {
    g_autoptr(CdBlock) block = embed_block ("https://twitter.com/Interior/status/507185938620219395");
    g_autoptr(GError) error = NULL;
    g_autofree char *endpoint = g_strconcat (server.base, "/loop", NULL);

    server.requests = 0;
    g_assert_false (run_fetch (block, endpoint, NULL, &error));
    g_assert_error (error, CD_ERROR, CD_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "more than 5 times"));
    g_assert_cmpuint (server.requests, ==, 6);
  }

  server_stop (&server);
}

/* A post on a host that is no public site: no request at all. */
static void
test_fetch_local_host (void)
{
  g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_EMBED);
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  Server server;

  /* As a story file may hold it: the stored provider claims Mastodon. */
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://127.0.0.1/@user/109358745834234765");
  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, "mastodon");
  server_start (&server);
  endpoint = g_strconcat (server.base, "/oembed", NULL);

  g_assert_false (run_fetch (block, endpoint, NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (server.requests, ==, 0);

  server_stop (&server);
}

/* Posts no endpoint answers for fail at once, without a request. */
static void
test_fetch_refused (void)
{
  g_autoptr(CdBlock) block = embed_block ("https://www.facebook.com/Reuters/posts/1234567890123456");
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  Server server;

  server_start (&server);
  endpoint = g_strconcat (server.base, "/oembed", NULL);

  g_assert_false (run_fetch (block, endpoint, NULL, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Facebook"));
  g_assert_cmpuint (server.requests, ==, 0);

  server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  /* The local server is reached directly, whatever the machine's proxy. */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/oembed/endpoint", test_endpoint);
  g_test_add_func ("/core/oembed/endpoint/refused", test_endpoint_refused);
  g_test_add_func ("/core/oembed/endpoint/override", test_endpoint_override);
  g_test_add_func ("/core/oembed/apply/x", test_apply_x);
  g_test_add_func ("/core/oembed/apply/providers", test_apply_providers);
  g_test_add_func ("/core/oembed/apply/never-markup", test_apply_never_markup);
  g_test_add_func ("/core/oembed/apply/refused", test_apply_refused);
  g_test_add_func ("/core/oembed/apply/unchanged", test_apply_unchanged);
  g_test_add_func ("/net/oembed/fetch", test_fetch);
  g_test_add_func ("/net/oembed/fetch/failures", test_fetch_failures);
  g_test_add_func ("/net/oembed/fetch/link-changed", test_fetch_link_changed);
  g_test_add_func ("/net/oembed/fetch/cancelled", test_fetch_cancelled);
  g_test_add_func ("/net/oembed/fetch/refused", test_fetch_refused);
  g_test_add_func ("/net/oembed/fetch/redirects", test_fetch_redirects);
  g_test_add_func ("/net/oembed/fetch/local-host", test_fetch_local_host);

  return g_test_run ();
}
