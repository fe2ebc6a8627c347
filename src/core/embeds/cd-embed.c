/* cd-embed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-embed"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html-private.h"

/* Which provider a URL belongs to is decided by its real host alone,
 * compared exactly, never by looking for a provider's name somewhere in
 * the string: "https://x.com.evil.example/…" and
 * "https://x.com@evil.example/…" lead to evil.example, and an embed
 * labelled "X" must never point there. The path only decides the kind
 * of post once the host is known. */

typedef struct
{
  GUri        *uri;
  char        *host;        /* lower case, without a trailing dot */
  gboolean     default_port;
  char       **segments;    /* the non-empty path segments, still %-encoded */
  guint        n_segments;
  GHashTable  *params;      /* decoded query parameters, or NULL */
} ParsedUrl;

static void
parsed_url_clear (ParsedUrl *parsed)
{
  g_clear_pointer (&parsed->uri, g_uri_unref);
  g_clear_pointer (&parsed->host, g_free);
  g_clear_pointer (&parsed->segments, g_strfreev);
  g_clear_pointer (&parsed->params, g_hash_table_unref);
  parsed->n_segments = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParsedUrl, parsed_url_clear)

static gboolean
has_unsafe_characters (const char *url)
{
  /* Browsers read a backslash as a slash and drop tabs and newlines in
   * the middle of a URL, while RFC 3986 (and GUri) do not, so the two
   * can disagree about the host: "https://evil.example\@x.com/" is
   * x.com to GUri but evil.example to a browser. Such text is not a
   * link anyone means to paste, so it is refused outright. */
  for (const char *p = url; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= 0x20 || c == 0x7f || c == '\\')
        return TRUE;
    }

  return FALSE;
}

/* Whether a browser reads @host (lower case, without a trailing dot) as
 * an IPv4 address: as in the URL Standard, a host whose last label is a
 * number, decimal, octal or "0x" hex, is one ("127.1", "0x7f.1",
 * "2130706433"), whatever the other labels hold. */
static gboolean
host_ends_in_number (const char *host)
{
  const char *last = strrchr (host, '.');

  last = last != NULL ? last + 1 : host;
  if (*last == '\0')
    return FALSE;

  if (last[0] == '0' && last[1] == 'x')
    {
      for (const char *p = last + 2; *p != '\0'; p++)
        {
          if (!g_ascii_isxdigit (*p))
            return FALSE;
        }
      return TRUE;
    }

  for (const char *p = last; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Names that only mean something inside one machine or one network. */
static gboolean
host_is_local_name (const char *host)
{
  static const char * const local_suffixes[] = {
    "localhost", "local", "internal", "intranet", "localdomain", "lan",
    "home", "corp", "private", "home.arpa",
  };

  for (guint i = 0; i < G_N_ELEMENTS (local_suffixes); i++)
    {
      const char *suffix = local_suffixes[i];
      gsize host_len = strlen (host);
      gsize suffix_len = strlen (suffix);

      if (strcmp (host, suffix) == 0 ||
          (host_len > suffix_len &&
           host[host_len - suffix_len - 1] == '.' &&
           strcmp (host + host_len - suffix_len, suffix) == 0))
        return TRUE;
    }

  return FALSE;
}

/* A name that can only be a public web site: at least two labels of
 * letters, digits and inner hyphens (after IDNA), none longer than 63,
 * and not an address in disguise. A story names the hosts of its
 * embeds, and those hosts get to run script in an editor's preview and
 * in a published page, or are asked for a post's details: a numeric
 * address or a name like "localhost" or "printer.local" would point
 * that at the editor's own machine or network. */
static gboolean
host_is_public_name (const char *host)
{
  g_auto(GStrv) labels = NULL;
  guint n_labels;

  if (strlen (host) > 253 || host_ends_in_number (host) || host_is_local_name (host))
    return FALSE;

  labels = g_strsplit (host, ".", -1);
  n_labels = g_strv_length (labels);
  if (n_labels < 2)
    return FALSE;

  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      for (const char *p = label; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_url (const char  *url,
           ParsedUrl   *parsed,
           GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  const char *query;
  gsize host_len;
  int port;

  g_assert (url != NULL);
  g_assert (parsed != NULL);

  /* A pasted link often carries a newline or spaces around it. */
  trimmed = g_strstrip (g_strdup (url));

  scheme = g_uri_peek_scheme (trimmed);
  if (g_strcmp0 (scheme, "https") != 0)
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("Only https links can be embedded"));
      return FALSE;
    }

  if (has_unsafe_characters (trimmed))
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("This link contains spaces, control characters or backslashes; "
                             "copy the address again from the browser"));
      return FALSE;
    }

  /* Strict parsing, not G_URI_FLAGS_PARSE_RELAXED: relaxed mode repairs
   * broken %-escapes and stray characters, which is exactly where our
   * reading of a URL and the browser's could drift apart. The path and
   * query stay %-encoded so an encoded "/" (%2F) cannot fake a path
   * segment; the host is decoded and converted to ASCII (IDNA), as a
   * browser does, so "x%2Ecom" and full-width letters compare as the
   * host they really name. */
  parsed->uri = g_uri_parse (trimmed,
                             G_URI_FLAGS_ENCODED_PATH |
                             G_URI_FLAGS_ENCODED_QUERY |
                             G_URI_FLAGS_ENCODED_FRAGMENT,
                             &local_error);
  if (parsed->uri == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("This link is not a well-formed https address: %s"),
                   local_error->message);
      return FALSE;
    }

  host = g_uri_get_host (parsed->uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("This link has no site name after “https://”"));
      return FALSE;
    }

  /* "https://x.com@evil.example/" shows one site and opens another. */
  if (g_uri_get_userinfo (parsed->uri) != NULL)
    {
      g_set_error_literal (error, CD_ERROR, CD_ERROR_INVALID,
                           _("Links with a user name before “@” cannot be embedded, "
                             "because they hide which site they lead to"));
      return FALSE;
    }

  parsed->host = g_ascii_strdown (host, -1);
  host_len = strlen (parsed->host);
  if (host_len > 1 && parsed->host[host_len - 1] == '.')
    parsed->host[host_len - 1] = '\0';

  /* An IPv6 literal ("[::1]") is the only host with a colon. */
  if (strchr (parsed->host, ':') != NULL || !host_is_public_name (parsed->host))
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("“%s” is a numeric address or a local network name, not the name "
                     "of a public web site"),
                   parsed->host);
      return FALSE;
    }

  port = g_uri_get_port (parsed->uri);
  parsed->default_port = (port == -1 || port == 443);

  path = g_uri_get_path (parsed->uri);
  {
    g_auto(GStrv) parts = g_strsplit (path, "/", -1);
    GPtrArray *segments = g_ptr_array_new ();

    for (guint i = 0; parts[i] != NULL; i++)
      {
        if (parts[i][0] != '\0')
          g_ptr_array_add (segments, g_strdup (parts[i]));
      }

    parsed->n_segments = segments->len;
    g_ptr_array_add (segments, NULL);
    parsed->segments = (char **) g_ptr_array_free (segments, FALSE);
  }

  /* A query that does not split into parameters simply has none we use. */
  query = g_uri_get_query (parsed->uri);
  if (query != NULL)
    parsed->params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);

  return TRUE;
}

static const char *
segment (const ParsedUrl *parsed,
         guint            index)
{
  if (index >= parsed->n_segments)
    return NULL;

  return parsed->segments[index];
}

static gboolean
segment_is (const ParsedUrl *parsed,
            guint            index,
            const char      *value)
{
  return g_strcmp0 (segment (parsed, index), value) == 0;
}

static const char *
param (const ParsedUrl *parsed,
       const char      *name)
{
  if (parsed->params == NULL)
    return NULL;

  return g_hash_table_lookup (parsed->params, name);
}

static gboolean
host_is_one_of (const ParsedUrl    *parsed,
                const char * const *hosts)
{
  for (guint i = 0; hosts[i] != NULL; i++)
    {
      if (strcmp (parsed->host, hosts[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;

  for (; *s != '\0'; s++)
    {
      if (!g_ascii_isdigit (*s))
        return FALSE;
    }

  return TRUE;
}

/* User names, post codes and ids: letters, digits, "_", "-" and ".". */
static gboolean
is_token (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;

  for (; *s != '\0'; s++)
    {
      if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-' && *s != '.')
        return FALSE;
    }

  return TRUE;
}

/* "@user" (or "@user@other.host" for a remote account). */
static gboolean
is_at_handle (const char *s)
{
  if (s == NULL || s[0] != '@' || s[1] == '\0')
    return FALSE;

  for (s++; *s != '\0'; s++)
    {
      if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-' && *s != '.' && *s != '@')
        return FALSE;
    }

  return TRUE;
}

/* YouTube video ids are always 11 characters of [A-Za-z0-9_-]; checking
 * that exactly also makes the id safe to place in an iframe address. */
static gboolean
is_youtube_id (const char *s)
{
  gsize i;

  if (s == NULL)
    return FALSE;

  for (i = 0; s[i] != '\0'; i++)
    {
      if (!g_ascii_isalnum (s[i]) && s[i] != '_' && s[i] != '-')
        return FALSE;
    }

  return i == 11;
}

static const char * const x_hosts[] = {
  "x.com", "www.x.com", "mobile.x.com",
  NULL
};

static const char * const twitter_hosts[] = {
  "twitter.com", "www.twitter.com", "mobile.twitter.com",
  NULL
};

static gboolean
match_x (const ParsedUrl  *parsed,
         const char      **kind)
{
  guint n = parsed->n_segments;
  guint id;

  if (!host_is_one_of (parsed, x_hosts) && !host_is_one_of (parsed, twitter_hosts))
    return FALSE;

  /* /USER/status/ID and the older /i/web/status/ID, optionally followed
   * by /photo/N or /video/N which still name the same post. */
  if (segment_is (parsed, 0, "i") && segment_is (parsed, 1, "web"))
    id = 3;
  else
    id = 2;

  if (!is_token (segment (parsed, id - 2)) ||
      !(segment_is (parsed, id - 1, "status") || segment_is (parsed, id - 1, "statuses")) ||
      !is_digits (segment (parsed, id)))
    return FALSE;

  if (n != id + 1 &&
      !(n == id + 3 &&
        (segment_is (parsed, id + 1, "photo") || segment_is (parsed, id + 1, "video")) &&
        is_digits (segment (parsed, id + 2))))
    return FALSE;

  *kind = "post";
  return TRUE;
}

static const char * const facebook_hosts[] = {
  "facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com",
  "mbasic.facebook.com", "touch.facebook.com",
  NULL
};

static const char * const fb_watch_hosts[] = { "fb.watch", NULL };

static gboolean
match_facebook (const ParsedUrl  *parsed,
                const char      **kind)
{
  guint n = parsed->n_segments;
  const char *first = segment (parsed, 0);

  if (host_is_one_of (parsed, fb_watch_hosts))
    {
      if (n != 1 || !is_token (first))
        return FALSE;
      *kind = "video";
      return TRUE;
    }

  if (!host_is_one_of (parsed, facebook_hosts) || n == 0)
    return FALSE;

  /* /watch?v=ID and /watch/?v=ID look the same once empty segments go. */
  if (n == 1 && strcmp (first, "watch") == 0 && is_token (param (parsed, "v")))
    {
      *kind = "video";
      return TRUE;
    }

  if (n == 1 && strcmp (first, "video.php") == 0 &&
      (is_token (param (parsed, "v")) || is_token (param (parsed, "id"))))
    {
      *kind = "video";
      return TRUE;
    }

  if (n == 1 &&
      (strcmp (first, "permalink.php") == 0 || strcmp (first, "story.php") == 0) &&
      is_token (param (parsed, "story_fbid")))
    {
      *kind = "post";
      return TRUE;
    }

  /* Facebook embeds a photo through its post embed, so it is a post. */
  if (n == 1 && strcmp (first, "photo.php") == 0 && is_token (param (parsed, "fbid")))
    {
      *kind = "post";
      return TRUE;
    }

  if (n == 2 && strcmp (first, "reel") == 0 && is_token (segment (parsed, 1)))
    {
      *kind = "video";
      return TRUE;
    }

  /* The share links the app copies: /share/p/CODE, /share/v/CODE, /share/r/CODE. */
  if (n == 3 && strcmp (first, "share") == 0 && is_token (segment (parsed, 2)))
    {
      if (segment_is (parsed, 1, "p"))
        *kind = "post";
      else if (segment_is (parsed, 1, "v") || segment_is (parsed, 1, "r"))
        *kind = "video";
      else
        return FALSE;
      return TRUE;
    }

  if (n == 4 && strcmp (first, "groups") == 0 && is_token (segment (parsed, 1)) &&
      (segment_is (parsed, 2, "posts") || segment_is (parsed, 2, "permalink")) &&
      is_token (segment (parsed, 3)))
    {
      *kind = "post";
      return TRUE;
    }

  if (n >= 3 && is_token (first))
    {
      /* /USER/posts/ID and /USER/photos/ALBUM/ID */
      if ((segment_is (parsed, 1, "posts") && n == 3) ||
          segment_is (parsed, 1, "photos"))
        {
          if (!is_token (segment (parsed, n - 1)))
            return FALSE;
          *kind = "post";
          return TRUE;
        }

      /* /USER/videos/ID, and /USER/videos/TITLE/ID */
      if (segment_is (parsed, 1, "videos") && n <= 4 &&
          is_digits (segment (parsed, n - 1)))
        {
          *kind = "video";
          return TRUE;
        }
    }

  return FALSE;
}

static const char * const instagram_hosts[] = {
  "instagram.com", "www.instagram.com", "instagr.am", "www.instagr.am",
  NULL
};

static gboolean
match_instagram (const ParsedUrl  *parsed,
                 const char      **kind)
{
  guint first;

  if (!host_is_one_of (parsed, instagram_hosts))
    return FALSE;

  /* /p/CODE or /USER/p/CODE, the same for reel and tv. */
  if (parsed->n_segments == 2)
    first = 0;
  else if (parsed->n_segments == 3 && is_token (segment (parsed, 0)))
    first = 1;
  else
    return FALSE;

  if (!is_token (segment (parsed, first + 1)))
    return FALSE;

  if (segment_is (parsed, first, "p"))
    *kind = "photo";
  else if (segment_is (parsed, first, "reel") ||
           segment_is (parsed, first, "reels") ||
           segment_is (parsed, first, "tv"))
    *kind = "video";
  else
    return FALSE;

  return TRUE;
}

static const char * const youtube_hosts[] = {
  "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
  NULL
};

static const char * const youtube_nocookie_hosts[] = {
  "youtube-nocookie.com", "www.youtube-nocookie.com",
  NULL
};

static const char * const youtu_be_hosts[] = { "youtu.be", NULL };

/* The video id of a YouTube link (not a copy), or NULL. */
static const char *
youtube_video_id (const ParsedUrl *parsed)
{
  guint n = parsed->n_segments;
  const char *id = NULL;

  if (host_is_one_of (parsed, youtu_be_hosts))
    {
      if (n == 1)
        id = segment (parsed, 0);
    }
  else if (host_is_one_of (parsed, youtube_hosts))
    {
      if (n == 1 && segment_is (parsed, 0, "watch"))
        id = param (parsed, "v");
      else if (n == 2 &&
               (segment_is (parsed, 0, "shorts") ||
                segment_is (parsed, 0, "live") ||
                segment_is (parsed, 0, "embed") ||
                segment_is (parsed, 0, "v")))
        id = segment (parsed, 1);
    }
  else if (host_is_one_of (parsed, youtube_nocookie_hosts))
    {
      if (n == 2 && segment_is (parsed, 0, "embed"))
        id = segment (parsed, 1);
    }

  return is_youtube_id (id) ? id : NULL;
}

static gboolean
match_youtube (const ParsedUrl  *parsed,
               const char      **kind)
{
  if (youtube_video_id (parsed) == NULL)
    return FALSE;

  *kind = "video";
  return TRUE;
}

static const char * const tiktok_hosts[] = {
  "tiktok.com", "www.tiktok.com", "m.tiktok.com",
  NULL
};

static const char * const tiktok_short_hosts[] = {
  "vm.tiktok.com", "vt.tiktok.com",
  NULL
};

static gboolean
match_tiktok (const ParsedUrl  *parsed,
              const char      **kind)
{
  guint n = parsed->n_segments;

  if (host_is_one_of (parsed, tiktok_short_hosts))
    {
      if (n != 1 || !is_token (segment (parsed, 0)))
        return FALSE;
    }
  else if (host_is_one_of (parsed, tiktok_hosts))
    {
      const char *last = segment (parsed, n - 1);

      if (n == 3 && is_at_handle (segment (parsed, 0)) && segment_is (parsed, 1, "video"))
        {
          if (!is_digits (last))
            return FALSE;
        }
      else if (n == 2 && segment_is (parsed, 0, "v"))
        {
          /* m.tiktok.com/v/ID.html */
          g_autofree char *id = NULL;

          if (!g_str_has_suffix (last, ".html"))
            return FALSE;
          id = g_strndup (last, strlen (last) - strlen (".html"));
          if (!is_digits (id))
            return FALSE;
        }
      else if (n == 2 && segment_is (parsed, 0, "t"))
        {
          if (!is_token (last))
            return FALSE;
        }
      else
        return FALSE;
    }
  else
    return FALSE;

  *kind = "video";
  return TRUE;
}

static const char * const bluesky_hosts[] = { "bsky.app", NULL };

static gboolean
match_bluesky (const ParsedUrl  *parsed,
               const char      **kind)
{
  const char *handle;

  if (!host_is_one_of (parsed, bluesky_hosts) ||
      parsed->n_segments != 4 ||
      !segment_is (parsed, 0, "profile") ||
      !segment_is (parsed, 2, "post") ||
      !is_token (segment (parsed, 3)))
    return FALSE;

  /* A handle (name.bsky.social) or a DID, whose ":" may arrive encoded. */
  handle = segment (parsed, 1);
  for (const char *p = handle; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("_-.:%", *p) == NULL)
        return FALSE;
    }

  *kind = "post";
  return TRUE;
}

static const char * const threads_hosts[] = {
  "threads.net", "www.threads.net", "threads.com", "www.threads.com",
  NULL
};

static gboolean
match_threads (const ParsedUrl  *parsed,
               const char      **kind)
{
  if (!host_is_one_of (parsed, threads_hosts) ||
      parsed->n_segments != 3 ||
      !is_at_handle (segment (parsed, 0)) ||
      !segment_is (parsed, 1, "post") ||
      !is_token (segment (parsed, 2)))
    return FALSE;

  *kind = "post";
  return TRUE;
}

static gboolean host_is_named_provider (const ParsedUrl *parsed);

static gboolean
match_mastodon (const ParsedUrl  *parsed,
                const char      **kind)
{
  guint n = parsed->n_segments;

  /* Mastodon runs on any host, so it is recognised by the shape of its
   * post addresses alone, and only after every named provider has had
   * its turn: a path like /@user/123 on x.com is not a Mastodon post.
   * parse_url() only lets public names through, so the host is fit to
   * serve the post's frame and its details. */
  if (host_is_named_provider (parsed))
    return FALSE;

  if (n == 2 && is_at_handle (segment (parsed, 0)) && is_digits (segment (parsed, 1)))
    {
      *kind = "post";
      return TRUE;
    }

  if (n == 4 && segment_is (parsed, 0, "users") && is_token (segment (parsed, 1)) &&
      segment_is (parsed, 2, "statuses") && is_digits (segment (parsed, 3)))
    {
      *kind = "post";
      return TRUE;
    }

  return FALSE;
}

/* The post address to ask YouTube's endpoint about: its registry entry
 * does not list every address YouTube itself hands out
 * (youtube-nocookie.com, music.youtube.com), its own watch address always
 * works. */
static char *
youtube_oembed_post (const ParsedUrl *parsed)
{
  return g_strconcat ("https://www.youtube.com/watch?v=", youtube_video_id (parsed), NULL);
}

/* The endpoints come from the oEmbed provider registry (github.com/iamcal/oembed,
 * its providers folder, the list behind oembed.com): x.yml and twitter.yml,
 * youtube.yml, TikTok.yml, bluesky.yml. Mastodon is not in the registry
 * because every instance answers for its own posts at /api/oembed (the
 * oembed#show route of Mastodon's API). The scripts and frames are the
 * ones each provider's own "embed" button hands out. */
typedef struct
{
  CdEmbedProvider     info;
  /* The hosts the provider's posts live on (NULL-terminated lists). */
  const char * const *hosts[4];
  gboolean          (*match) (const ParsedUrl *parsed, const char **kind);
  /* The post address for oEmbed, when it is not the URL as given. */
  char          *(*oembed_post) (const ParsedUrl *parsed);
} Provider;

static const Provider providers[] = {
  /* The oEmbed answer is only read, never shown: no script, no tracking. */
  { { .name = "x", .display_name = "X",
      .script = "https://platform.twitter.com/widgets.js", .script_charset = "utf-8",
      .frame_origin = "https://platform.twitter.com",
      .oembed_endpoint = "https://publish.x.com/oembed", .oembed_params = "omit_script=1&dnt=true",
      .write_official = _cd_html_write_official_x },
    { x_hosts, twitter_hosts }, match_x, NULL },
  /* The Facebook SDK reads its options from the fragment of its own
   * address: xfbml=1 makes it render the fb-post and fb-video elements,
   * and it needs the fb-root element to exist before it runs. */
  { { .name = "facebook", .display_name = "Facebook",
      .script = "https://connect.facebook.net/en_US/sdk.js#xfbml=1&version=v19.0",
      .script_prelude = "<div id=\"fb-root\"></div>\n",
      .frame_origin = "https://www.facebook.com",
      .oembed_needs_app = TRUE,
      .write_official = _cd_html_write_official_facebook },
    { facebook_hosts, fb_watch_hosts }, match_facebook, NULL },
  { { .name = "instagram", .display_name = "Instagram",
      .script = "https://www.instagram.com/embed.js",
      .frame_origin = "https://www.instagram.com",
      .oembed_needs_app = TRUE,
      .write_official = _cd_html_write_official_instagram },
    { instagram_hosts }, match_instagram, NULL },
  { { .name = "youtube", .display_name = "YouTube",
      .frame_origin = "https://www.youtube-nocookie.com",
      .oembed_endpoint = "https://www.youtube.com/oembed",
      .handle_needs_at = TRUE,
      .write_official = _cd_html_write_official_youtube },
    { youtube_hosts, youtube_nocookie_hosts, youtu_be_hosts }, match_youtube, youtube_oembed_post },
  { { .name = "tiktok", .display_name = "TikTok",
      .script = "https://www.tiktok.com/embed.js",
      .frame_origin = "https://www.tiktok.com",
      .oembed_endpoint = "https://www.tiktok.com/oembed",
      .write_official = _cd_html_write_official_tiktok },
    { tiktok_hosts, tiktok_short_hosts }, match_tiktok, NULL },
  { { .name = "bluesky", .display_name = "Bluesky",
      .script = "https://embed.bsky.app/static/embed.js",
      .frame_origin = "https://embed.bsky.app",
      .oembed_endpoint = "https://embed.bsky.app/oembed",
      .write_official = _cd_html_write_official_bluesky },
    { bluesky_hosts }, match_bluesky, NULL },
  { { .name = "threads", .display_name = "Threads",
      .script = "https://www.threads.net/embed.js",
      .frame_origin = "https://www.threads.net",
      .oembed_needs_app = TRUE,
      .write_official = _cd_html_write_official_threads },
    { threads_hosts }, match_threads, NULL },
  /* No script and no fixed origin: an instance is any host a story names,
   * and its frame, or its oEmbed answer, comes from there. Its own
   * embed.js is never loaded: that would be script from a host the
   * story picked, in the published page and beside the draft. */
  { { .name = "mastodon", .display_name = "Mastodon",
      .handle_names_host = TRUE,
      .write_official = _cd_html_write_official_mastodon },
    { NULL }, match_mastodon, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (providers) <= sizeof (guint) * 8);

/* Whether the host belongs to a provider of the table. */
static gboolean
host_is_named_provider (const ParsedUrl *parsed)
{
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (providers[i].hosts) && providers[i].hosts[j] != NULL; j++)
        {
          if (host_is_one_of (parsed, providers[i].hosts[j]))
            return TRUE;
        }
    }

  return FALSE;
}

gboolean
cd_embed_detect (const char   *url,
                 const char  **provider,
                 const char  **kind,
                 GError      **error)
{
  g_auto(ParsedUrl) parsed = { 0 };
  const char *found_kind = "post";
  const char *found_provider = "link";

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_url (url, &parsed, error))
    return FALSE;

  /* On another port the host is not the provider's web site. */
  if (parsed.default_port)
    {
      for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
        {
          const char *k = NULL;

          if (providers[i].match (&parsed, &k))
            {
              found_provider = providers[i].info.name;
              found_kind = k;
              break;
            }
        }
    }

  if (provider != NULL)
    *provider = found_provider;
  if (kind != NULL)
    *kind = found_kind;

  return TRUE;
}

gboolean
cd_embed_provider_is_known (const char *provider)
{
  return g_strcmp0 (provider, "link") == 0 ||
         (provider != NULL && cd_embed_provider_lookup (provider) != NULL);
}

gboolean
cd_embed_kind_is_known (const char *kind)
{
  return g_strcmp0 (kind, "post") == 0 ||
         g_strcmp0 (kind, "video") == 0 ||
         g_strcmp0 (kind, "photo") == 0;
}

const CdEmbedProvider *
cd_embed_provider_nth (guint index)
{
  return index < G_N_ELEMENTS (providers) ? &providers[index].info : NULL;
}

const CdEmbedProvider *
cd_embed_provider_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (strcmp (providers[i].info.name, name) == 0)
        return &providers[i].info;
    }

  return NULL;
}

/* The provider of an accepted URL, with the URL parsed, or NULL. */
static const CdEmbedProvider *
detect_parsed (const char *url,
               ParsedUrl  *parsed)
{
  const char *provider = NULL;

  if (!cd_embed_detect (url, &provider, NULL, NULL) ||
      !parse_url (url, parsed, NULL))
    return NULL;

  return cd_embed_provider_lookup (provider);
}

char *
cd_embed_frame_origin (const char *url)
{
  g_auto(ParsedUrl) parsed = { 0 };
  const CdEmbedProvider *provider;

  g_return_val_if_fail (url != NULL, NULL);

  provider = detect_parsed (url, &parsed);
  if (provider == NULL)
    return NULL;

  /* The host passed host_is_public_name(), so it is a plain name. */
  if (strcmp (provider->name, "mastodon") == 0)
    return g_strconcat ("https://", parsed.host, NULL);

  return g_strdup (provider->frame_origin);
}

char *
cd_embed_oembed_endpoint (const char *url)
{
  g_auto(ParsedUrl) parsed = { 0 };
  const CdEmbedProvider *provider;

  g_return_val_if_fail (url != NULL, NULL);

  provider = detect_parsed (url, &parsed);
  if (provider == NULL)
    return NULL;

  if (strcmp (provider->name, "mastodon") == 0)
    return g_strconcat ("https://", parsed.host, "/api/oembed", NULL);

  /* The registry lists publish.twitter.com for twitter.com posts. */
  if (strcmp (provider->name, "x") == 0 && host_is_one_of (&parsed, twitter_hosts))
    return g_strdup ("https://publish.twitter.com/oembed");

  return g_strdup (provider->oembed_endpoint);
}

gboolean
cd_embed_provider_has_details (const char *provider)
{
  const CdEmbedProvider *info;

  g_return_val_if_fail (provider != NULL, FALSE);

  info = cd_embed_provider_lookup (provider);

  return info != NULL && !info->oembed_needs_app;
}

const char *
cd_embed_provider_display_name (const char *provider)
{
  const CdEmbedProvider *info;

  g_return_val_if_fail (provider != NULL, NULL);

  if (strcmp (provider, "link") == 0)
    return _("Link");

  info = cd_embed_provider_lookup (provider);
  return info != NULL ? info->display_name : provider;
}

char *
cd_embed_youtube_id (const char *url)
{
  g_auto(ParsedUrl) parsed = { 0 };

  g_return_val_if_fail (url != NULL, NULL);

  if (!parse_url (url, &parsed, NULL) || !parsed.default_port)
    return NULL;

  return g_strdup (youtube_video_id (&parsed));
}

char *
cd_embed_script_origin (const CdEmbedProvider *provider)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (provider != NULL, NULL);

  if (provider->script == NULL)
    return NULL;

  uri = g_uri_parse (provider->script, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_strconcat ("https://", g_uri_get_host (uri), NULL);
}

char *
cd_embed_oembed_post_url (const char *url)
{
  g_auto(ParsedUrl) parsed = { 0 };
  const CdEmbedProvider *provider;

  g_return_val_if_fail (url != NULL, NULL);

  provider = detect_parsed (url, &parsed);
  if (provider == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (&providers[i].info == provider && providers[i].oembed_post != NULL)
        return providers[i].oembed_post (&parsed);
    }

  return g_strstrip (g_strdup (url));
}
