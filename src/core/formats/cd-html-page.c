/* cd-html-page.c: a whole page: head, Open Graph, JSON-LD, export to files
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
#include "cd-document-private.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-media-private.h"
#include "cd-thread.h"
#include "cd-html-private.h"
#include "cd-html-writer-private.h"

void G_GNUC_NULL_TERMINATED
_cd_html_append_head_tag (GString    *out,
                          const char *tag,
                          ...)
{
  va_list args;

  va_start (args, tag);
  _cd_html_append_open_tag_valist (out, tag, args);
  va_end (args);
  g_string_append_c (out, '\n');
}

static char *
canonical_url (CdHtmlWriter *w)
{
  const char *base = w->options->base_url;
  const char *slug = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SLUG);
  g_autofree char *escaped_slug = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme;

  if (_cd_html_is_empty (base) || _cd_html_is_empty (slug))
    return NULL;

  scheme = g_uri_peek_scheme (base);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    return NULL;

  trimmed = _cd_html_normalize_url (base);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  escaped_slug = g_uri_escape_string (slug, NULL, FALSE);
  return g_strconcat (trimmed, "/", escaped_slug, NULL);
}

/* CSS cannot be HTML-escaped; the only way out of a <style> element is an
 * end tag, and "<\/" means the same as "</" to CSS. */
static void
append_stylesheet (GString    *out,
                   const char *css)
{
  g_string_append (out, "<style>\n");
  for (const char *p = css; *p != '\0'; p++)
    {
      if (p[0] == '<' && p[1] == '/')
        g_string_append (out, "<\\");
      else
        g_string_append_c (out, *p);
    }
  if (!g_str_has_suffix (css, "\n"))
    g_string_append_c (out, '\n');
  g_string_append (out, "</style>\n");
}

/* The lead image as an absolute address for link previews and search
 * engines, or NULL. An https source is used as it is; an image in the
 * container is named where the page's own <img> finds it once the page
 * is published at its canonical address. A self-contained page has no
 * image file to point at, so it names none. */
static char *
lead_image_url (CdHtmlWriter *w,
                const char   *canonical)
{
  CdBlock *lead = cd_article_get_lead (w->article);
  g_autofree char *relative = NULL;
  g_autofree char *absolute = NULL;
  const char *src;
  const char *scheme;

  if (lead == NULL || cd_block_get_block_type (lead) != CD_BLOCK_FIGURE)
    return NULL;

  src = cd_block_get_field (lead, CD_BLOCK_FIELD_SRC);
  if (_cd_html_url_is_https (src))
    return _cd_html_normalize_url (src);

  if (canonical == NULL || w->options->inline_media || !g_str_has_prefix (src, "media/"))
    return NULL;

  relative = _cd_html_figure_src (w, src);
  if (relative == NULL)
    return NULL;

  absolute = g_uri_resolve_relative (canonical, relative, G_URI_FLAGS_ENCODED, NULL);
  scheme = absolute != NULL ? g_uri_peek_scheme (absolute) : NULL;
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    return NULL;

  return g_steal_pointer (&absolute);
}

static void
json_add_string (cJSON      *object,
                 const char *name,
                 const char *value)
{
  g_autofree char *clean = NULL;

  if (_cd_html_is_empty (value))
    return;

  clean = _cd_html_clean_text (value);
  if (*clean == '\0')
    return;

  cJSON_AddStringToObject (object, name, clean);
}

/* The layout the page's JSON-LD has always had, so that pages exported
 * before and after compare equal: two spaces a level, "name" : value and
 * one element a line, where cJSON_Print() indents with tabs and puts an
 * array on one line. The values are cJSON's own text; the member names
 * are this file's, which need no escaping. No array or object here is
 * empty. */
static void
append_pretty_json (GString     *out,
                    const cJSON *item,
                    guint        depth)
{
  gboolean object = cJSON_IsObject (item);
  const cJSON *child;
  char *text;

  if (!object && !cJSON_IsArray (item))
    {
      text = cJSON_PrintUnformatted (item);
      g_string_append (out, text);
      cJSON_free (text);
      return;
    }

  g_string_append_c (out, object ? '{' : '[');
  cJSON_ArrayForEach (child, item)
    {
      g_string_append_printf (out, "\n%*s", (int) (depth + 1) * 2, "");
      if (object)
        g_string_append_printf (out, "\"%s\" : ", child->string);
      append_pretty_json (out, child, depth + 1);
      if (child->next != NULL)
        g_string_append_c (out, ',');
    }
  if (item->child != NULL)
    g_string_append_printf (out, "\n%*s", (int) depth * 2, "");
  g_string_append_c (out, object ? '}' : ']');
}

/* JSON inside <script> is raw text that ends at the first "</script"
 * and changes meaning after "<!--". JSON may spell any character inside
 * a string as \uXXXX, and "<", ">" and "&" only ever occur inside
 * strings, so spelling them that way keeps the value and leaves no
 * markup at all in the element. */
void
_cd_html_append_json_for_script (GString    *out,
                                 const char *json)
{
  for (const char *p = json; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '<': g_string_append (out, "\\u003c"); break;
        case '>': g_string_append (out, "\\u003e"); break;
        case '&': g_string_append (out, "\\u0026"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* The schema.org NewsArticle description of the story, built as a JSON
 * tree and serialised by cJSON: no story text is ever pasted into JSON
 * syntax by hand. */
static void
append_json_ld (CdHtmlWriter *w,
                GString      *out,
                const char   *canonical,
                const char   *image,
                const char   *published,
                const char   *modified)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(GString) json = g_string_new (NULL);
  GPtrArray *bylines = cd_article_get_bylines (w->article);
  const char * const *keywords = cd_article_get_keywords (w->article);
  const CdDateline *dateline = cd_article_get_dateline (w->article);
  cJSON *array;
  cJSON *object;

  json_add_string (root, "@context", "https://schema.org");
  json_add_string (root, "@type", "NewsArticle");
  json_add_string (root, "headline", cd_article_get_headline (w->article));
  json_add_string (root, "description",
                   cd_article_get_field (w->article, CD_ARTICLE_FIELD_SUBHEADLINE));

  if (canonical != NULL)
    {
      json_add_string (root, "url", canonical);
      object = cJSON_AddObjectToObject (root, "mainEntityOfPage");
      json_add_string (object, "@type", "WebPage");
      json_add_string (object, "@id", canonical);
    }

  if (image != NULL)
    {
      array = cJSON_AddArrayToObject (root, "image");
      cJSON_AddItemToArray (array, cJSON_CreateString (image));
    }

  json_add_string (root, "datePublished", published);
  json_add_string (root, "dateModified", modified);

  array = NULL;
  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);
      g_autofree char *name = _cd_html_is_empty (byline->name) ? NULL : _cd_html_clean_text (byline->name);

      if (name == NULL || *name == '\0')
        continue;

      if (array == NULL)
        array = cJSON_AddArrayToObject (root, "author");
      object = cJSON_CreateObject ();
      cJSON_AddItemToArray (array, object);
      json_add_string (object, "@type", "Person");
      json_add_string (object, "name", name);
      json_add_string (object, "jobTitle", byline->title);
    }

  json_add_string (root, "articleSection",
                   cd_article_get_field (w->article, CD_ARTICLE_FIELD_SECTION));

  array = NULL;
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *keyword = _cd_html_clean_text (keywords[i]);

      if (*keyword == '\0')
        continue;

      if (array == NULL)
        array = cJSON_AddArrayToObject (root, "keywords");
      cJSON_AddItemToArray (array, cJSON_CreateString (keyword));
    }

  json_add_string (root, "inLanguage", w->lang);

  if (dateline != NULL && !_cd_html_is_empty (dateline->place))
    {
      g_autofree char *place = _cd_html_clean_text (dateline->place);

      if (*place != '\0')
        {
          object = cJSON_AddObjectToObject (root, "contentLocation");
          json_add_string (object, "@type", "Place");
          json_add_string (object, "name", place);
        }
    }

  append_pretty_json (json, root, 0);

  g_string_append (out, "<script type=\"application/ld+json\">\n");
  _cd_html_append_json_for_script (out, json->str);
  g_string_append (out, "\n</script>\n");
}

void
_cd_html_write_head (CdHtmlWriter *w,
                     GString      *out)
{
  const char *headline = cd_article_get_headline (w->article);
  const char *subheadline = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const char *section = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SECTION);
  const char *modified = cd_article_get_field (w->article, CD_ARTICLE_FIELD_MODIFIED);
  const char * const *keywords = cd_article_get_keywords (w->article);
  GPtrArray *bylines = cd_article_get_bylines (w->article);
  CdBlock *lead = cd_article_get_lead (w->article);
  g_autofree char *title = g_strstrip (cd_html_escape (headline != NULL ? headline : ""));
  g_autofree char *canonical = canonical_url (w);
  g_autofree char *image = lead_image_url (w, canonical);
  g_autofree char *published_attr = NULL;
  g_autofree char *modified_attr = NULL;
  g_autoptr(GString) keyword_list = g_string_new (NULL);
  int y, m, d;

  _cd_html_append_head_tag (out, "meta", "charset", "utf-8", NULL);
  _cd_html_append_head_tag (out, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);

  /* A page title may not be empty. */
  g_string_append (out, "<title>");
  if (*title != '\0')
    g_string_append (out, title);
  else
    cd_html_append_escaped (out, _("Untitled story"));
  g_string_append (out, "</title>\n");

  if (!_cd_html_is_empty (subheadline))
    _cd_html_append_head_tag (out, "meta", "name", "description", "content", subheadline, NULL);

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      if (_cd_html_is_empty (keywords[i]))
        continue;
      if (keyword_list->len > 0)
        g_string_append (keyword_list, ", ");
      g_string_append (keyword_list, keywords[i]);
    }
  if (keyword_list->len > 0)
    _cd_html_append_head_tag (out, "meta", "name", "keywords", "content", keyword_list->str, NULL);

  if (canonical != NULL)
    _cd_html_append_head_tag (out, "link", "rel", "canonical", "href", canonical, NULL);

  /* The date the page shows under the byline is the one it announces. */
  if (!_cd_html_parse_date (_cd_html_story_date (w), &published_attr, &y, &m, &d))
    g_clear_pointer (&published_attr, g_free);
  if (!_cd_html_parse_date (modified, &modified_attr, &y, &m, &d))
    g_clear_pointer (&modified_attr, g_free);

  _cd_html_append_head_tag (out, "meta", "property", "og:type", "content", "article", NULL);
  if (!_cd_html_is_empty (headline))
    _cd_html_append_head_tag (out, "meta", "property", "og:title", "content", headline, NULL);
  if (!_cd_html_is_empty (subheadline))
    _cd_html_append_head_tag (out, "meta", "property", "og:description", "content", subheadline, NULL);
  if (canonical != NULL)
    _cd_html_append_head_tag (out, "meta", "property", "og:url", "content", canonical, NULL);
  if (image != NULL)
    {
      const char *alt = cd_block_get_field (lead, CD_BLOCK_FIELD_ALT);
      char width[16];
      char height[16];

      _cd_html_append_head_tag (out, "meta", "property", "og:image", "content", image, NULL);
      if (cd_block_get_width (lead) > 0 && cd_block_get_height (lead) > 0)
        {
          g_snprintf (width, sizeof width, "%u", cd_block_get_width (lead));
          g_snprintf (height, sizeof height, "%u", cd_block_get_height (lead));
          _cd_html_append_head_tag (out, "meta", "property", "og:image:width", "content", width, NULL);
          _cd_html_append_head_tag (out, "meta", "property", "og:image:height", "content", height, NULL);
        }
      if (!_cd_html_is_empty (alt))
        _cd_html_append_head_tag (out, "meta", "property", "og:image:alt", "content", alt, NULL);
    }
  if (published_attr != NULL)
    _cd_html_append_head_tag (out, "meta", "property", "article:published_time", "content", published_attr, NULL);
  if (modified_attr != NULL)
    _cd_html_append_head_tag (out, "meta", "property", "article:modified_time", "content", modified_attr, NULL);
  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);

      if (!_cd_html_is_empty (byline->name))
        _cd_html_append_head_tag (out, "meta", "property", "article:author", "content", byline->name, NULL);
    }
  if (!_cd_html_is_empty (section))
    _cd_html_append_head_tag (out, "meta", "property", "article:section", "content", section, NULL);
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      if (!_cd_html_is_empty (keywords[i]))
        _cd_html_append_head_tag (out, "meta", "property", "article:tag", "content", keywords[i], NULL);
    }

  /* X reads the Open Graph title, description and image; only the card
   * type is its own. */
  _cd_html_append_head_tag (out, "meta", "name", "twitter:card",
                   "content", image != NULL ? "summary_large_image" : "summary",
                   NULL);

  append_json_ld (w, out, canonical, image, published_attr, modified_attr);

  if (w->options->stylesheet_href != NULL)
    {
      g_autofree char *href = _cd_html_normalize_url (w->options->stylesheet_href);
      const char *scheme = g_uri_peek_scheme (href);

      if (*href != '\0' &&
          (scheme == NULL || strcmp (scheme, "https") == 0 || strcmp (scheme, "http") == 0))
        _cd_html_append_head_tag (out, "link", "rel", "stylesheet", "href", href, NULL);
    }
  else if (!_cd_html_is_empty (w->options->stylesheet))
    append_stylesheet (out, w->options->stylesheet);
}

static gboolean set_export_error (GError     **error,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_export_error (GError     **error,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CD_ERROR, CD_ERROR_IO, message);
  return FALSE;
}

static gboolean
write_file_from_string (GFile       *file,
                        char        *contents,
                        GError     **error)
{
  gsize length = strlen (contents);
  g_autoptr(GBytes) bytes = g_bytes_new_take (contents, length);

  return cd_file_replace_atomic (file, bytes, error);
}

/* The images of an HTML export, written on a thread of their own while
 * the page goes to disk: the page takes its place only once they are
 * all there. */
typedef struct
{
  CdMediaWrites *writes;
  CdThread      *thread;
  GError        *error;
} MediaJob;

static gpointer
write_media_thread (gpointer data)
{
  MediaJob *job = data;

  _cd_media_writes_run (job->writes, &job->error);
  return NULL;
}

static gboolean
join_media (MediaJob  *job,
            GError   **error)
{
  if (job->thread != NULL)
    cd_thread_join (g_steal_pointer (&job->thread));
  /* _cd_media_writes_run () sets an error whenever it fails. */
  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return FALSE;
    }
  return TRUE;
}

static void
write_to_replace (const char *data,
                  gsize       length,
                  gpointer    user_data)
{
  _cd_file_replace_write (user_data, data, length);
}

static gboolean
before_page_replaced (gpointer   data,
                      GError   **error)
{
  return join_media (data, error);
}

gboolean
cd_html_export (CdArticle           *article,
                GFile               *output,
                const CdHtmlOptions *options,
                GError             **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GHashTable) media_names = NULL;
  g_autofree char *base = NULL;
  g_autofree char *media_prefix = NULL;
  g_autofree char *stylesheet_href = NULL;
  CdHtmlOptions export_options;
  char *dot;
  g_autoptr(CdArticle) written = NULL;
  g_autoptr(CdMediaWrites) writes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  MediaJob media = { NULL, };
  CdReplace *replace = NULL;
  gboolean replaced;
  char *html;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Empty paragraphs held the caret while editing; they are no part of
   * the story sent out. */
  written = cd_article_without_blank_paragraphs (article);
  article = written;

  if (options != NULL)
    export_options = *options;
  else
    cd_html_options_init (&export_options);
  export_options.media_prefix = NULL;

  parent = g_file_get_parent (output);
  base = g_file_get_basename (output);
  if (parent == NULL || base == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (output);

      return set_export_error (error, _("Could not export to “%s”: choose a file name, not a folder"),
                               display);
    }

  /* "story.html" gives "story_files" and "story.css". */
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  if (!export_options.inline_media)
    {
      g_autofree char *folder_name = g_strconcat (base, "_files", NULL);
      g_autoptr(GFile) folder = g_file_get_child (parent, folder_name);

      /* Each image under a name from its content with the extension of
       * its bytes, whatever the story called it; the writer renames the
       * figures as it goes, rather than write a copy of the story. */
      media_names = _cd_media_export_plan (article, folder, &writes, error);
      if (media_names == NULL)
        return FALSE;
      media.writes = writes;
      export_options.media_names = media_names;

      if (g_hash_table_size (media_names) > 0)
        {
          g_autofree char *escaped = g_uri_escape_string (folder_name, NULL, TRUE);

          media_prefix = g_strconcat (escaped, "/", NULL);
          export_options.media_prefix = media_prefix;
        }
    }

  if (export_options.mode == CD_HTML_PAGE &&
      export_options.stylesheet_external &&
      export_options.stylesheet_href == NULL &&
      !_cd_html_is_empty (export_options.stylesheet))
    {
      g_autofree char *css_name = g_strconcat (base, ".css", NULL);
      g_autoptr(GFile) css_file = g_file_get_child (parent, css_name);

      if (!write_file_from_string (css_file, g_strdup (export_options.stylesheet), error))
        return FALSE;

      stylesheet_href = g_uri_escape_string (css_name, NULL, TRUE);
      export_options.stylesheet_href = stylesheet_href;
    }

  /* A local page goes to disk as it is written. */
  if (g_file_peek_path (output) != NULL)
    {
      replace = _cd_file_replace_begin (output, error);
      if (replace == NULL)
        return FALSE;
      _cd_html_write_through (article, &export_options, write_to_replace, replace);
    }
  else
    {
      html = cd_html_write (article, &export_options);
      bytes = g_bytes_new_take (html, strlen (html));
    }

  if (media.writes == NULL)
    return replace != NULL ? _cd_file_replace_commit (replace, NULL, NULL, error)
                           : cd_file_replace_atomic (output, bytes, error);

  /* Started once the page is written: until then the other core helps
   * write it (CdHtmlOptions.help). */
  media.thread = cd_thread_new ("media", write_media_thread, &media);
  if (replace != NULL)
    replaced = _cd_file_replace_commit (replace, before_page_replaced, &media, &local_error);
  else
    replaced = _cd_file_replace_atomic_after (output, bytes, before_page_replaced, &media, &local_error);
  /* When the page itself could not be written, its error is the one
   * given; the images are waited for all the same. */
  if (!join_media (&media, replaced ? &local_error : NULL))
    replaced = FALSE;
  if (!replaced)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return replaced;
}

char *
cd_html_write_copy (CdArticle   *article,
                    const char  *name,
                    const char  *base_url,
                    gboolean     single_file,
                    GError     **error)
{
  g_autoptr(CdArticle) written = NULL;
  g_autoptr(CdArticle) published = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *prefix = NULL;
  CdHtmlOptions options;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Empty paragraphs held the caret while editing; they are no part of
   * the story sent out. */
  written = cd_article_without_blank_paragraphs (article);
  article = written;

  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  options.embeds = CD_EMBEDS_STATIC;

  if (single_file)
    {
      options.inline_media = TRUE;
      return cd_html_write (article, &options);
    }

  published = cd_media_export (article, NULL, error);
  if (published == NULL)
    return NULL;

  folder_name = g_strconcat (name, "_files", NULL);
  folder = g_uri_escape_string (folder_name, NULL, TRUE);
  if (base_url != NULL && *base_url != '\0')
    prefix = g_strconcat (base_url, g_str_has_suffix (base_url, "/") ? "" : "/", folder, "/", NULL);
  else
    prefix = g_strconcat (folder, "/", NULL);
  options.media_prefix = prefix;

  return cd_html_write (published, &options);
}
