/* cd-html-embeds.c: embed blocks, as static cards or as each provider's
 * official markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cd-document.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html.h"
#include "cd-media.h"
#include "cd-html-private.h"
#include "cd-html-writer-private.h"

/* What the sandbox of an isolated embed's frame allows: its provider's
 * script, and opening the post in a new window. Without allow-same-origin
 * the frame's document has an origin of its own, so no script in it can
 * reach the page around it. */
#define EMBED_FRAME_SANDBOX "allow-scripts allow-popups allow-popups-to-escape-sandbox"

/* "x" → "x"; anything that would not make a tidy class name is reduced to
 * its letters, digits and dashes. */
static char *
provider_class (const char *provider)
{
  GString *out = g_string_new ("embed embed-");
  gsize base = out->len;

  for (const char *p = provider; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-')
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  if (out->len == base)
    g_string_append (out, "link");

  return g_string_free (out, FALSE);
}

static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += strlen ("www.");
  return g_strdup (host);
}

/* Author, handle, provider and date under a static card:
 * "Jane Roe @jane on X · June 4, 2019", the date linking to the post.
 * @provider is what @url was detected as, never the stored member: a
 * card must not say "on X" about a link to another site. This is the
 * inside of the card's caption. */
static void
append_card_caption_content (CdHtmlWriter *w,
                             GString      *out,
                             CdBlock      *block,
                             const char   *provider,
                             const char   *url)
{
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *handle = cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE);
  const char *date = cd_block_get_field (block, CD_BLOCK_FIELD_DATE);
  g_autofree char *host = NULL;
  const char *label;
  gboolean who = !_cd_html_is_empty (author) || !_cd_html_is_empty (handle);

  if (url == NULL)
    label = NULL;
  else if (g_strcmp0 (provider, "link") == 0)
    {
      host = url_host (url);
      label = host;
    }
  else
    label = cd_embed_provider_display_name (provider);

  if (!_cd_html_is_empty (author))
    _cd_html_append_text_element (out, "span", author, "class", "embed-author", NULL);
  if (!_cd_html_is_empty (handle))
    {
      if (!_cd_html_is_empty (author))
        g_string_append_c (out, ' ');
      _cd_html_append_text_element (out, "span", handle, "class", "embed-handle", NULL);
    }

  if (!_cd_html_is_empty (label))
    {
      if (who && w->words->on != NULL)
        {
          g_string_append_c (out, ' ');
          cd_html_append_escaped (out, w->words->on);
          g_string_append_c (out, ' ');
        }
      else if (who)
        g_string_append (out, " · ");

      _cd_html_append_open_tag (out, "span", "class", "embed-provider", NULL);
      if (_cd_html_is_empty (date) && url != NULL)
        {
          _cd_html_append_link_open (out, url);
          cd_html_append_escaped (out, label);
          g_string_append (out, "</a>");
        }
      else
        cd_html_append_escaped (out, label);
      _cd_html_append_close_tag (out, "span");
    }

  if (!_cd_html_is_empty (date))
    {
      if (who || !_cd_html_is_empty (label))
        g_string_append (out, " · ");
      if (url != NULL)
        _cd_html_append_link_open (out, url);
      _cd_html_append_time (w, out, date);
      if (url != NULL)
        g_string_append (out, "</a>");
    }
  else if (_cd_html_is_empty (label) && url != NULL)
    {
      if (who)
        g_string_append (out, " · ");
      _cd_html_append_link_open (out, url);
      cd_html_append_escaped (out, url);
      g_string_append (out, "</a>");
    }
}

static void
append_card_caption (CdHtmlWriter *w,
                     GString      *out,
                     CdBlock      *block,
                     const char   *provider,
                     const char   *url)
{
  g_autoptr (GString) content = g_string_new (NULL);

  /* A card with nothing to say under it gets no caption at all. */
  append_card_caption_content (w, content, block, provider, url);
  if (content->len == 0)
    return;

  _cd_html_append_open_tag (out, "figcaption", "dir", "auto", NULL);
  g_string_append_len (out, content->str, content->len);
  _cd_html_append_close_tag (out, "figcaption");
}

/* The privacy-first card: only the stored fields, nothing fetched. */
static void
write_static_embed (CdHtmlWriter *w,
                    GString      *out,
                    CdBlock      *block,
                    const char   *klass_extra,
                    const char   *provider,
                    const char   *url,
                    const char   *lang)
{
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  g_autofree char *base_class = provider_class (provider);
  g_autofree char *klass = klass_extra != NULL ? g_strconcat (base_class, " ", klass_extra, NULL) : NULL;
  g_autofree char *cite = url != NULL ? _cd_html_normalize_url (url) : NULL;

  _cd_html_append_open_tag (out, "figure",
                   "class", klass != NULL ? klass : base_class,
                   "data-block-id", cd_block_get_id (block),
                   NULL);

  _cd_html_append_open_tag (out, "blockquote",
                   "class", "embed-card",
                   "cite", cite,
                   "lang", lang,
                   NULL);
  if (!_cd_html_is_empty (title))
    _cd_html_append_text_element (out, "p", title, "class", "embed-title", "dir", "auto", NULL);
  if (!_cd_html_is_empty (text))
    {
      _cd_html_append_open_tag (out, "p", "class", "embed-text", "dir", "auto", NULL);
      _cd_html_append_escaped_lines (out, text);
      _cd_html_append_close_tag (out, "p");
    }
  _cd_html_append_close_tag (out, "blockquote");

  append_card_caption (w, out, block, provider, url);
  _cd_html_append_close_tag (out, "figure");
}

static void append_official_attribution (CdHtmlWriter *w,
                                         GString      *out,
                                         CdBlock      *block,
                                         const char   *url);

/* The stored post inside a provider's blockquote, shown until (or unless)
 * the provider's script replaces it: the text, then "— Author (@handle)"
 * and a link to the post. */
static void
append_official_fallback (CdHtmlWriter *w,
                          GString      *out,
                          CdBlock      *block,
                          const char   *url,
                          const char   *lang)
{
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);

  if (!_cd_html_is_empty (text))
    {
      _cd_html_append_open_tag (out, "p", "lang", lang, "dir", "auto", NULL);
      _cd_html_append_escaped_lines (out, text);
      _cd_html_append_close_tag (out, "p");
    }

  append_official_attribution (w, out, block, url);
}

/* "— Author (@handle) <a>date</a>", the date (or the provider's name)
 * linking to the post. */
static void
append_official_attribution (CdHtmlWriter *w,
                             GString      *out,
                             CdBlock      *block,
                             const char   *url)
{
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *handle = cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE);
  const char *date = cd_block_get_field (block, CD_BLOCK_FIELD_DATE);
  const char *provider = cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER);

  /* Names may be written right to left, or carry direction marks of
   * their own: isolated, they cannot reorder the dash, the brackets or
   * the link around them. */
  g_string_append (out, "— ");
  if (!_cd_html_is_empty (author))
    {
      _cd_html_append_text_element (out, "bdi", author, NULL);
      g_string_append_c (out, ' ');
    }
  if (!_cd_html_is_empty (handle))
    {
      g_string_append_c (out, '(');
      _cd_html_append_text_element (out, "bdi", handle, NULL);
      g_string_append (out, ") ");
    }

  _cd_html_append_link_open (out, url);
  if (!_cd_html_is_empty (date))
    _cd_html_append_time (w, out, date);
  else
    cd_html_append_escaped (out, cd_embed_provider_display_name (provider));
  g_string_append (out, "</a>");
}

gboolean
_cd_html_write_official_x (CdHtmlWriter *w,
                           GString      *out,
                           CdBlock      *block,
                           const char   *url,
                           const char   *lang)
{
  _cd_html_append_open_tag (out, "blockquote", "class", "twitter-tweet", NULL);
  append_official_fallback (w, out, block, url, lang);
  _cd_html_append_close_tag (out, "blockquote");
  return TRUE;
}

static gboolean
id_is_clean (const char *id,
             const char *extra)
{
  if (_cd_html_is_empty (id) || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr (extra, *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

gboolean
_cd_html_write_official_youtube (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 const char   *url,
                                 const char   *lang)
{
  g_autofree char *id = cd_embed_youtube_id (url);
  g_autofree char *src = NULL;
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *label;

  if (id == NULL)
    return FALSE;

  label = !_cd_html_is_empty (title) ? title : cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  if (_cd_html_is_empty (label))
    label = cd_embed_provider_display_name ("youtube");

  src = g_strconcat (cd_embed_provider_lookup ("youtube")->frame_origin, "/embed/", id, NULL);
  _cd_html_append_open_tag (out, "iframe",
                   "src", src,
                   "title", label,
                   "width", "560",
                   "height", "315",
                   "allow", "accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share",
                   "referrerpolicy", "strict-origin-when-cross-origin",
                   "allowfullscreen", "",
                   "loading", "lazy",
                   NULL);
  _cd_html_append_close_tag (out, "iframe");

  _cd_html_append_open_tag (out, "figcaption", "dir", "auto", "lang", lang, NULL);
  _cd_html_append_link_open (out, url);
  cd_html_append_escaped (out, label);
  g_string_append (out, "</a>");
  _cd_html_append_close_tag (out, "figcaption");
  return TRUE;
}

gboolean
_cd_html_write_official_instagram (CdHtmlWriter *w,
                                   GString      *out,
                                   CdBlock      *block,
                                   const char   *url,
                                   const char   *lang)
{
  g_autofree char *permalink = _cd_html_normalize_url (url);

  _cd_html_append_open_tag (out, "blockquote",
                   "class", "instagram-media",
                   "data-instgrm-permalink", permalink,
                   "data-instgrm-version", "14",
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  _cd_html_append_close_tag (out, "blockquote");
  return TRUE;
}

gboolean
_cd_html_write_official_tiktok (CdHtmlWriter *w,
                                GString      *out,
                                CdBlock      *block,
                                const char   *url,
                                const char   *lang)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_auto(GStrv) segments = NULL;
  g_autofree char *cite = _cd_html_normalize_url (url);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  const char *id = NULL;

  if (path == NULL)
    return FALSE;

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL && segments[i + 1] != NULL; i++)
    {
      if (strcmp (segments[i], "video") == 0)
        id = segments[i + 1];
    }
  if (!id_is_clean (id, ""))
    return FALSE;

  _cd_html_append_open_tag (out, "blockquote",
                   "class", "tiktok-embed",
                   "cite", cite,
                   "data-video-id", id,
                   NULL);
  g_string_append (out, "<section>");
  append_official_fallback (w, out, block, url, lang);
  g_string_append (out, "</section>");
  _cd_html_append_close_tag (out, "blockquote");
  return TRUE;
}

gboolean
_cd_html_write_official_bluesky (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 const char   *url,
                                 const char   *lang)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_auto(GStrv) segments = NULL;
  g_autofree char *at_uri = NULL;
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;

  if (path == NULL)
    return FALSE;

  /* /profile/ACTOR/post/RKEY, where ACTOR is a handle or a DID. */
  segments = g_strsplit (path, "/", -1);
  if (g_strv_length (segments) < 5 ||
      strcmp (segments[1], "profile") != 0 ||
      strcmp (segments[3], "post") != 0 ||
      !id_is_clean (segments[2], ".:-_") ||
      !id_is_clean (segments[4], ".:-_~"))
    return FALSE;

  at_uri = g_strconcat ("at://", segments[2], "/app.bsky.feed.post/", segments[4], NULL);
  _cd_html_append_open_tag (out, "blockquote",
                   "class", "bluesky-embed",
                   "data-bluesky-uri", at_uri,
                   "data-bluesky-embed-color-mode", "system",
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  _cd_html_append_close_tag (out, "blockquote");
  return TRUE;
}

gboolean
_cd_html_write_official_facebook (CdHtmlWriter *w,
                                  GString      *out,
                                  CdBlock      *block,
                                  const char   *url,
                                  const char   *lang)
{
  g_autofree char *href = _cd_html_normalize_url (url);
  const char *kind = NULL;

  if (!cd_embed_detect (url, NULL, &kind, NULL))
    return FALSE;

  /* The SDK replaces the div with its own frame; until it does, the
   * blockquote it is told to leave alone (fb-xfbml-parse-ignore) shows
   * the stored post. */
  _cd_html_append_open_tag (out, "div",
                   "class", g_strcmp0 (kind, "video") == 0 ? "fb-video" : "fb-post",
                   "data-href", href,
                   "data-width", "500",
                   "data-show-text", "true",
                   NULL);
  _cd_html_append_open_tag (out, "blockquote",
                   "class", "fb-xfbml-parse-ignore",
                   "cite", href,
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  _cd_html_append_close_tag (out, "blockquote");
  _cd_html_append_close_tag (out, "div");
  return TRUE;
}

gboolean
_cd_html_write_official_threads (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 const char   *url,
                                 const char   *lang)
{
  g_autofree char *permalink = _cd_html_normalize_url (url);

  _cd_html_append_open_tag (out, "blockquote",
                   "class", "text-post-media",
                   "data-text-post-permalink", permalink,
                   "data-text-post-version", "0",
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  _cd_html_append_close_tag (out, "blockquote");
  return TRUE;
}

/* Mastodon has no central embed service: each instance serves the frame
 * of its own posts at /@USER/ID/embed, and the embed.js that sizes it.
 * The instance is whatever host the story names, so its script is never
 * loaded (it would run in the published page with the page's rights):
 * the frame alone shows the post, sandboxed so that it cannot take the
 * page elsewhere either. A post of another instance's account seen
 * through this one (/@user@other.host/ID) is not embeddable here and
 * keeps the card. */
gboolean
_cd_html_write_official_mastodon (CdHtmlWriter *w,
                                  GString      *out,
                                  CdBlock      *block,
                                  const char   *url,
                                  const char   *lang)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH, NULL);
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *host = NULL;
  g_autofree char *src = NULL;
  g_autofree char *title = NULL;
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *user;
  const char *id;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;

  parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_ptr_array_add (segments, parts[i]);
    }

  if (segments->len == 2 && ((const char *) g_ptr_array_index (segments, 0))[0] == '@')
    {
      user = (const char *) g_ptr_array_index (segments, 0) + 1;
      id = g_ptr_array_index (segments, 1);
    }
  else if (segments->len == 4 &&
           strcmp (g_ptr_array_index (segments, 0), "users") == 0 &&
           strcmp (g_ptr_array_index (segments, 2), "statuses") == 0)
    {
      user = g_ptr_array_index (segments, 1);
      id = g_ptr_array_index (segments, 3);
    }
  else
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (!id_is_clean (user, "_-.") || !id_is_clean (id, "") || !id_is_clean (host, ".-"))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  src = g_strdup_printf ("https://%s/@%s/%s/embed", host, user, id);
  title = g_strdup_printf ("Mastodon: %s", !_cd_html_is_empty (author) ? author : user);

  _cd_html_append_open_tag (out, "iframe",
                   "src", src,
                   "class", "mastodon-embed",
                   "title", title,
                   "sandbox", EMBED_FRAME_SANDBOX,
                   "width", "400",
                   "height", "400",
                   "allowfullscreen", "",
                   "loading", "lazy",
                   NULL);
  _cd_html_append_close_tag (out, "iframe");

  /* The frame shows the post itself; the caption keeps who wrote it and
   * the link for a reader whose browser blocks the frame. */
  _cd_html_append_open_tag (out, "figcaption", "dir", "auto", NULL);
  append_official_attribution (w, out, block, url);
  _cd_html_append_close_tag (out, "figcaption");

  return TRUE;
}

/* The provider's script tag, and what it needs before it runs. */
void
_cd_html_append_provider_script (GString               *out,
                                 const CdEmbedProvider *info)
{
  g_assert (info != NULL && info->script != NULL);

  if (info->script_prelude != NULL)
    g_string_append (out, info->script_prelude);

  _cd_html_append_open_tag (out, "script",
                   "async", "",
                   "src", info->script,
                   "charset", info->script_charset,
                   NULL);
  _cd_html_append_close_tag (out, "script");
  g_string_append_c (out, '\n');
}

/* The official markup in a sandboxed frame of its own, with its
 * provider's script inside: what the script sees is that one embed,
 * never the story around it. */
static void
append_isolated_embed (CdHtmlWriter          *w,
                       GString               *out,
                       const CdEmbedProvider *info,
                       const char            *klass,
                       const char            *markup)
{
  g_autoptr(GString) doc = g_string_new ("<!DOCTYPE html>\n");

  _cd_html_append_open_tag (doc, "html", "lang", w->lang, NULL);
  g_string_append (doc, "<head><meta charset=\"utf-8\"></head><body>");
  _cd_html_append_open_tag (doc, "figure", "class", klass, NULL);
  g_string_append (doc, markup);
  _cd_html_append_close_tag (doc, "figure");
  g_string_append_c (doc, '\n');
  if (info->script != NULL)
    _cd_html_append_provider_script (doc, info);
  g_string_append (doc, "</body></html>\n");

  _cd_html_append_open_tag (out, "iframe",
                   "class", "embed-frame",
                   "title", info->display_name,
                   "sandbox", EMBED_FRAME_SANDBOX,
                   "srcdoc", doc->str,
                   "width", "560",
                   "height", "640",
                   NULL);
  _cd_html_append_close_tag (out, "iframe");
}

/* The embed's URL when the writer links to it, setting @provider to what
 * its real host earns; NULL (and "link") for a URL detection refuses (a
 * user name before the host, a backslash, a numeric or local host),
 * whatever the stored members claim. */
static const char *
embed_url (CdBlock     *block,
           const char **provider)
{
  const char *stored_url = cd_block_get_field (block, CD_BLOCK_FIELD_URL);

  if (_cd_html_url_is_https (stored_url) && cd_embed_detect (stored_url, provider, NULL, NULL))
    return stored_url;

  *provider = "link";
  return NULL;
}

const CdEmbedProvider *
cd_html_embed_official_provider (CdBlock *block)
{
  const CdEmbedProvider *info;
  const char *provider = "link";

  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);

  if (cd_block_get_block_type (block) != CD_BLOCK_EMBED ||
      embed_url (block, &provider) == NULL)
    return NULL;

  /* A stored provider that disagrees with its URL gets the card. */
  if (g_strcmp0 (cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER), provider) != 0)
    return NULL;

  info = cd_embed_provider_lookup (provider);
  return info != NULL && info->write_official != NULL ? info : NULL;
}

void
_cd_html_write_embed (CdHtmlWriter *w,
                      GString      *out,
                      CdBlock      *block,
                      const char   *klass_extra)
{
  const char *stored_lang = cd_block_get_field (block, CD_BLOCK_FIELD_LANG);
  const char *lang = cd_language_tag_is_valid (stored_lang) ? stored_lang : NULL;
  const char *provider = "link";
  const char *url = embed_url (block, &provider);
  const CdEmbedProvider *info = NULL;

  if (w->options->embeds == CD_EMBEDS_OFFICIAL)
    info = cd_html_embed_official_provider (block);

  if (info != NULL)
    {
      g_autoptr(GString) markup = g_string_new (NULL);

      /* Written aside first so a URL the provider's markup cannot use
       * falls back to the card without leaving half an element. */
      if (info->write_official (w, markup, block, url, lang))
        {
          g_autofree char *base_class = provider_class (provider);
          g_autofree char *klass = g_strjoin (" ", base_class, "embed-official", klass_extra, NULL);

          _cd_html_append_open_tag (out, "figure",
                           "class", klass,
                           "data-block-id", cd_block_get_id (block),
                           NULL);
          if (w->options->isolate_embeds)
            {
              g_autofree char *inner_class = g_strjoin (" ", base_class, "embed-official", NULL);

              append_isolated_embed (w, out, info, inner_class, markup->str);
            }
          else
            {
              g_string_append_len (out, markup->str, markup->len);
              for (guint i = 0; info->script != NULL && cd_embed_provider_nth (i) != NULL; i++)
                {
                  if (cd_embed_provider_nth (i) == info)
                    w->scripts |= 1u << i;
                }
            }
          _cd_html_append_close_tag (out, "figure");
          return;
        }
    }

  write_static_embed (w, out, block, klass_extra, provider, url, lang);
}

void
_cd_html_append_embed_card_inline (CdArticle *article,
                                   GString   *out,
                                   CdBlock   *block)
{
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  const char *provider = "link";
  const char *stored_url = embed_url (block, &provider);
  g_autofree char *url = stored_url != NULL ? _cd_html_normalize_url (stored_url) : NULL;
  CdHtmlWriter w;

  _cd_html_writer_init (&w, article, NULL);
  if (!_cd_html_is_empty (title))
    {
      _cd_html_append_text_element (out, "strong", title, "class", "embed-title", NULL);
      g_string_append (out, "<br>");
    }
  if (!_cd_html_is_empty (text))
    {
      _cd_html_append_open_tag (out, "span", "class", "embed-text", NULL);
      _cd_html_append_escaped_lines (out, text);
      _cd_html_append_close_tag (out, "span");
      g_string_append (out, "<br>");
    }
  append_card_caption_content (&w, out, block, provider, url);
}
