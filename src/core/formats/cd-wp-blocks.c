/* cd-wp-blocks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The block editor checks every block it opens by running the block's
 * save() on the attributes it parses back out of the markup and comparing
 * the result with what is stored; any difference is an "invalid block".
 * So each block below is written exactly as WordPress 6.1's block library
 * (wp-includes/js/dist/block-library.js) saves it: the same elements, the
 * same class names, nothing more. The inline content of a rich-text field
 * (a paragraph, a caption) is free HTML, which is where the story's marks,
 * the dateline and the embed cards go.
 */

#define G_LOG_DOMAIN "cd-wp-blocks"

#include "config.h"

#include <string.h>

#include "cd-html.h"
#include "cd-html-private.h"
#include "cd-json-private.h"
#include "cd-wp-blocks.h"

typedef struct
{
  CdArticle     *article;
  CdWpMediaFunc  media;
  gpointer       user_data;
  CdBlock       *first_paragraph;
  gboolean       first_block;
} Writer;

static const struct
{
  const char *provider;
  const char *slug;
  const char *type;
} wp_providers[] = {
  /* WordPress still names X by its old name. */
  { "x", "twitter", "rich" },
  { "facebook", "facebook", "rich" },
  { "instagram", "instagram", "rich" },
  { "youtube", "youtube", "video" },
  { "tiktok", "tiktok", "video" },
  { "bluesky", "bluesky", "rich" },
  { "mastodon", "mastodon", "rich" },
  { "threads", "threads", "rich" },
};

const char *
cd_wp_blocks_provider_slug (const char *provider)
{
  for (guint i = 0; i < G_N_ELEMENTS (wp_providers); i++)
    {
      if (g_strcmp0 (provider, wp_providers[i].provider) == 0)
        return wp_providers[i].slug;
    }

  return NULL;
}

static const char *
provider_type (const char *provider)
{
  for (guint i = 0; i < G_N_ELEMENTS (wp_providers); i++)
    {
      if (g_strcmp0 (provider, wp_providers[i].provider) == 0)
        return wp_providers[i].type;
    }

  return NULL;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
url_is_https (const char *url)
{
  return url != NULL &&
         g_ascii_strncasecmp (url, "https://", strlen ("https://")) == 0 &&
         g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL);
}

/* The block's attributes as WordPress's serializeAttributes() writes
 * them: JSON with "--", "<", ">", "&" and escaped quotes spelled as
 * \u escapes, so that no attribute can end the HTML comment or be read
 * as markup. */
static void
append_attributes (GString     *out,
                   const cJSON *attributes)
{
  char *json = cJSON_PrintUnformatted (attributes);

  g_string_append_c (out, ' ');
  for (const char *p = json; *p != '\0'; p++)
    {
      if (p[0] == '-' && p[1] == '-')
        {
          g_string_append (out, "\\u002d\\u002d");
          p++;
        }
      else if (*p == '<')
        g_string_append (out, "\\u003c");
      else if (*p == '>')
        g_string_append (out, "\\u003e");
      else if (*p == '&')
        g_string_append (out, "\\u0026");
      else if (p[0] == '\\' && p[1] == '"')
        {
          g_string_append (out, "\\u0022");
          p++;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        {
          /* Any other escape is copied whole, so its backslash is never
           * taken for the start of an escaped quote. */
          g_string_append_len (out, p, 2);
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  cJSON_free (json);
}

static void
block_open (Writer      *w,
            GString     *out,
            const char  *name,
            const cJSON *attributes)
{
  if (!w->first_block)
    g_string_append (out, "\n\n");
  w->first_block = FALSE;

  g_string_append (out, "<!-- wp:");
  g_string_append (out, name);
  if (attributes != NULL && attributes->child != NULL)
    append_attributes (out, attributes);
  g_string_append (out, " -->\n");
}

static void
block_close (GString    *out,
             const char *name)
{
  g_string_append (out, "\n<!-- /wp:");
  g_string_append (out, name);
  g_string_append (out, " -->");
}

/* Inner blocks (a quote's paragraph, a list's items) follow each other
 * with a blank line, as WordPress's serializer joins them. */
static void
inner_open (GString    *out,
            const char *name,
            gboolean    first)
{
  if (!first)
    g_string_append (out, "\n\n");
  g_string_append (out, "<!-- wp:");
  g_string_append (out, name);
  g_string_append (out, " -->\n");
}

static void
write_paragraph (Writer     *w,
                 GString    *out,
                 CdBlock    *block)
{
  block_open (w, out, "paragraph", NULL);
  g_string_append (out, "<p>");
  if (block == w->first_paragraph)
    _cd_html_append_dateline (w->article, out);
  _cd_html_append_marked_text (out, cd_block_get_text (block), cd_block_get_marks (block));
  g_string_append (out, "</p>");
  block_close (out, "paragraph");
}

static void
write_heading (Writer  *w,
               GString *out,
               CdBlock *block)
{
  g_autoptr(cJSON) attributes = cJSON_CreateObject ();
  guint level = cd_block_get_level (block) == 3 ? 3 : 2;

  /* Level 2 is the block's default and is then left out. */
  if (level != 2)
    cJSON_AddNumberToObject (attributes, "level", level);

  block_open (w, out, "heading", attributes);
  g_string_append_printf (out, "<h%u>", level);
  _cd_html_append_marked_text (out, cd_block_get_text (block), cd_block_get_marks (block));
  g_string_append_printf (out, "</h%u>", level);
  block_close (out, "heading");
}

static void
write_quote (Writer  *w,
             GString *out,
             CdBlock *block)
{
  const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

  block_open (w, out, "quote", NULL);
  g_string_append (out, "<blockquote class=\"wp-block-quote\">");
  inner_open (out, "paragraph", TRUE);
  g_string_append (out, "<p>");
  _cd_html_append_marked_text (out, cd_block_get_text (block), cd_block_get_marks (block));
  g_string_append (out, "</p>");
  block_close (out, "paragraph");
  if (!is_empty (attribution))
    {
      g_string_append (out, "<cite>");
      cd_html_append_escaped (out, attribution);
      g_string_append (out, "</cite>");
    }
  g_string_append (out, "</blockquote>");
  block_close (out, "quote");
}

static void
write_pullquote (Writer  *w,
                 GString *out,
                 CdBlock *block)
{
  const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

  block_open (w, out, "pullquote", NULL);
  g_string_append (out, "<figure class=\"wp-block-pullquote\"><blockquote><p>");
  cd_html_append_escaped (out, cd_block_get_text (block));
  g_string_append (out, "</p>");
  if (!is_empty (attribution))
    {
      g_string_append (out, "<cite>");
      cd_html_append_escaped (out, attribution);
      g_string_append (out, "</cite>");
    }
  g_string_append (out, "</blockquote></figure>");
  block_close (out, "pullquote");
}

static void
write_list (Writer  *w,
            GString *out,
            CdBlock *block)
{
  g_autoptr(cJSON) attributes = cJSON_CreateObject ();
  gboolean ordered = cd_block_get_ordered (block);
  GPtrArray *items = cd_block_get_items (block);

  if (ordered)
    cJSON_AddTrueToObject (attributes, "ordered");

  block_open (w, out, "list", attributes);
  g_string_append (out, ordered ? "<ol>" : "<ul>");
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CdListItem *item = g_ptr_array_index (items, i);

      inner_open (out, "list-item", i == 0);
      g_string_append (out, "<li>");
      _cd_html_append_marked_text (out, item->text, item->marks);
      g_string_append (out, "</li>");
      block_close (out, "list-item");
    }
  g_string_append (out, ordered ? "</ol>" : "</ul>");
  block_close (out, "list");
}

/* The picture's address when it was not uploaded: a relative
 * "media/NAME" (escaped as a URL path) or the https source. */
static char *
fallback_src (const char *src)
{
  if (g_str_has_prefix (src, "media/") && strstr (src, "..") == NULL)
    return g_uri_escape_string (src, "/", FALSE);
  if (url_is_https (src))
    return g_strdup (src);
  return NULL;
}

static void
write_figure (Writer  *w,
              GString *out,
              CdBlock *block)
{
  g_autoptr(cJSON) attributes = cJSON_CreateObject ();
  const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  const char *caption = cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION);
  const char *credit = cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT);
  g_autofree char *url = NULL;
  gint64 id = 0;

  if (w->media != NULL)
    url = w->media (src, &id, w->user_data);
  if (url == NULL)
    {
      id = 0;
      url = fallback_src (src);
    }

  /* A picture with no address WordPress could show keeps its words. */
  if (url == NULL)
    {
      if (is_empty (caption) && is_empty (credit))
        return;
      block_open (w, out, "paragraph", NULL);
      g_string_append (out, "<p>");
      _cd_html_append_figure_caption (out, block);
      g_string_append (out, "</p>");
      block_close (out, "paragraph");
      return;
    }

  if (id > 0)
    {
      /* As digits: a double would round an id past 2^53, and cJSON
       * writes one of 10^15 or more with an exponent. */
      g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      cJSON_AddRawToObject (attributes, "id", digits);
    }
  cJSON_AddStringToObject (attributes, "sizeSlug", "full");
  cJSON_AddStringToObject (attributes, "linkDestination", "none");

  block_open (w, out, "image", attributes);
  g_string_append (out, "<figure class=\"wp-block-image size-full\"><img src=\"");
  cd_html_append_escaped (out, url);
  g_string_append (out, "\" alt=\"");
  cd_html_append_escaped (out, cd_block_get_field (block, CD_BLOCK_FIELD_ALT));
  g_string_append_c (out, '"');
  if (id > 0)
    g_string_append_printf (out, " class=\"wp-image-%" G_GINT64_FORMAT "\"", id);
  g_string_append (out, "/>");
  if (!is_empty (caption) || !is_empty (credit))
    {
      g_string_append (out, "<figcaption class=\"wp-element-caption\">");
      _cd_html_append_figure_caption (out, block);
      g_string_append (out, "</figcaption>");
    }
  g_string_append (out, "</figure>");
  block_close (out, "image");
}

/* WordPress's embed block holds only the URL (its oEmbed is fetched when
 * the post is shown) and a caption; the caption is where our static card
 * goes, so that the author, the text and the date are still there when
 * the provider's embed does not load. */
static void
write_embed (Writer  *w,
             GString *out,
             CdBlock *block)
{
  g_autoptr(cJSON) attributes = cJSON_CreateObject ();
  g_autoptr(GString) klass = g_string_new ("wp-block-embed");
  const char *provider = cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER);
  const char *url = cd_block_get_field (block, CD_BLOCK_FIELD_URL);
  const char *slug = cd_wp_blocks_provider_slug (provider);
  const char *type = provider_type (provider);
  gboolean video = g_strcmp0 (type, "video") == 0;

  /* Without a URL there is nothing to embed; the card alone remains. */
  if (!url_is_https (url))
    {
      block_open (w, out, "paragraph", NULL);
      g_string_append (out, "<p>");
      _cd_html_append_embed_card_inline (w->article, out, block);
      g_string_append (out, "</p>");
      block_close (out, "paragraph");
      return;
    }

  cJSON_AddStringToObject (attributes, "url", url);
  if (type != NULL)
    {
      cJSON_AddStringToObject (attributes, "type", type);
      g_string_append_printf (klass, " is-type-%s", type);
    }
  if (slug != NULL)
    {
      cJSON_AddStringToObject (attributes, "providerNameSlug", slug);
      g_string_append_printf (klass, " is-provider-%s wp-block-embed-%s", slug, slug);
    }
  cJSON_AddTrueToObject (attributes, "responsive");
  if (video)
    {
      /* What the editor sets for a 16:9 player, so the theme keeps its
       * aspect ratio. */
      cJSON_AddStringToObject (attributes, "className", "wp-embed-aspect-16-9 wp-has-aspect-ratio");
      g_string_append (klass, " wp-embed-aspect-16-9 wp-has-aspect-ratio");
    }

  block_open (w, out, "embed", attributes);
  g_string_append (out, "<figure class=\"");
  g_string_append (out, klass->str);
  g_string_append (out, "\"><div class=\"wp-block-embed__wrapper\">\n");
  cd_html_append_escaped (out, url);
  g_string_append (out, "\n</div><figcaption class=\"wp-element-caption\">");
  _cd_html_append_embed_card_inline (w->article, out, block);
  g_string_append (out, "</figcaption></figure>");
  block_close (out, "embed");
}

static void
write_separator (Writer  *w,
                 GString *out)
{
  block_open (w, out, "separator", NULL);
  g_string_append (out, "<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>");
  block_close (out, "separator");
}

static void
write_block (Writer  *w,
             GString *out,
             CdBlock *block)
{
  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_PARAGRAPH:
      write_paragraph (w, out, block);
      break;
    case CD_BLOCK_HEADING:
      write_heading (w, out, block);
      break;
    case CD_BLOCK_QUOTE:
      write_quote (w, out, block);
      break;
    case CD_BLOCK_PULLQUOTE:
      write_pullquote (w, out, block);
      break;
    case CD_BLOCK_LIST:
      write_list (w, out, block);
      break;
    case CD_BLOCK_FIGURE:
      write_figure (w, out, block);
      break;
    case CD_BLOCK_EMBED:
      write_embed (w, out, block);
      break;
    case CD_BLOCK_DIVIDER:
      write_separator (w, out);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
write_byline (Writer  *w,
              GString *out)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(cJSON) attributes = NULL;

  if (!_cd_html_append_byline_names (w->article, names))
    return;

  /* The house class, so a theme can style it as the HTML export's. */
  attributes = cJSON_CreateObject ();
  cJSON_AddStringToObject (attributes, "className", "byline");
  block_open (w, out, "paragraph", attributes);
  g_string_append (out, "<p class=\"byline\">");
  g_string_append_len (out, names->str, names->len);
  g_string_append (out, "</p>");
  block_close (out, "paragraph");
}

char *
cd_wp_blocks_write (CdArticle       *article,
                    CdWpBlocksFlags  flags,
                    CdWpMediaFunc    media,
                    gpointer         user_data)
{
  GString *out;
  Writer w = { 0 };
  guint n;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  w.article = article;
  w.media = media;
  w.user_data = user_data;
  w.first_block = TRUE;

  n = cd_article_get_n_blocks (article);
  for (guint i = 0; i < n && w.first_paragraph == NULL; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_PARAGRAPH)
        w.first_paragraph = block;
    }

  out = g_string_sized_new (16 * 1024);

  write_byline (&w, out);
  if ((flags & CD_WP_BLOCKS_INCLUDE_LEAD) != 0 && cd_article_get_lead (article) != NULL)
    write_block (&w, out, cd_article_get_lead (article));
  for (guint i = 0; i < n; i++)
    write_block (&w, out, cd_article_get_block (article, i));

  if (out->len > 0)
    g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}
