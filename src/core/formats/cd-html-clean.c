/* cd-html-clean.c: what browsers and office programs put around the
 * HTML they copy, read apart from the tree walk of cd-html-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html-clean"

#include "config.h"

#include <string.h>

#include "cd-html-clean-private.h"
#include "cd-mark.h"

void
_cd_html_style_facts_clear (CdStyleFacts *facts)
{
  g_clear_pointer (&facts->word_list, g_free);
}

static gint8
weight_from_value (const char *value)
{
  guint64 number;

  if (g_ascii_strcasecmp (value, "bold") == 0 || g_ascii_strcasecmp (value, "bolder") == 0)
    return 1;
  if (g_ascii_strcasecmp (value, "normal") == 0 || g_ascii_strcasecmp (value, "lighter") == 0)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 1, 1000, &number, NULL))
    return number >= 600 ? 1 : -1;

  return 0;
}

/* Reads "name: value; …" declarations, as in a style attribute or the
 * body of a style sheet rule. */
void
_cd_html_style_parse (const char   *css,
                      CdStyleFacts *facts)
{
  g_autofree char *copy = g_strdup (css);
  g_auto (GStrv) declarations = NULL;

  /* Word breaks long attributes over several lines. */
  g_strdelimit (copy, "\t\r\n\f", ' ');
  declarations = g_strsplit (copy, ";", -1);

  for (guint i = 0; declarations[i] != NULL; i++)
    {
      char *colon = strchr (declarations[i], ':');
      char *name;
      char *value;
      char *bang;

      if (colon == NULL)
        continue;

      *colon = '\0';
      name = g_strstrip (declarations[i]);
      value = colon + 1;
      bang = strchr (value, '!');
      if (bang != NULL)
        *bang = '\0';
      g_strstrip (value);

      if (g_ascii_strcasecmp (name, "font-weight") == 0)
        {
          facts->bold = weight_from_value (value);
        }
      else if (g_ascii_strcasecmp (name, "font-style") == 0)
        {
          if (g_ascii_strcasecmp (value, "italic") == 0 || g_ascii_strcasecmp (value, "oblique") == 0)
            facts->italic = 1;
          else if (g_ascii_strcasecmp (value, "normal") == 0)
            facts->italic = -1;
        }
      else if ((g_ascii_strcasecmp (name, "display") == 0 && g_ascii_strcasecmp (value, "none") == 0) ||
               (g_ascii_strcasecmp (name, "visibility") == 0 && g_ascii_strcasecmp (value, "hidden") == 0))
        {
          facts->hidden = TRUE;
        }
      else if (g_ascii_strcasecmp (name, "mso-list") == 0)
        {
          if (g_ascii_strcasecmp (value, "Ignore") == 0)
            facts->list_marker = TRUE;
          else if (g_ascii_strcasecmp (value, "none") != 0 && *value != '\0')
            {
              g_free (facts->word_list);
              facts->word_list = g_strdup (value);
            }
        }
      else if (g_ascii_strcasecmp (name, "mso-special-character") == 0)
        {
          if (g_ascii_strcasecmp (value, "comment") == 0 || g_ascii_strcasecmp (value, "footnote") == 0)
            facts->word_note = TRUE;
        }
      else if (g_ascii_strcasecmp (name, "mso-footnote-id") == 0 ||
               g_ascii_strcasecmp (name, "mso-endnote-id") == 0)
        {
          facts->word_note = TRUE;
        }
      else if (g_ascii_strcasecmp (name, "mso-element") == 0)
        {
          if (g_ascii_strcasecmp (value, "comment-list") == 0 || g_ascii_strcasecmp (value, "comment") == 0)
            facts->word_comments = TRUE;
          else if (g_ascii_strcasecmp (value, "footnote-list") == 0 ||
                   g_ascii_strcasecmp (value, "endnote-list") == 0)
            facts->word_notes_list = TRUE;
        }
    }
}

/* A selector that names one class of any element or of span (".c1",
 * "span.MsoFootnoteReference"), lower-cased, or NULL for any other
 * selector: the weight a LibreOffice sheet gives "h2.western" says
 * nothing about other elements of class western. */
static char *
class_of_selector (const char *selector)
{
  const char *dot = strrchr (selector, '.');

  if (dot == NULL || dot[1] == '\0')
    return NULL;

  if (dot != selector && !(dot - selector == 4 && g_ascii_strncasecmp (selector, "span", 4) == 0))
    return NULL;
  for (const char *p = dot + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return NULL;
    }

  return g_ascii_strdown (dot + 1, -1);
}

/* Google Docs' saved documents carry bold and italic in class rules
 * (".c3{font-weight:700}"): those are read; nested and @ rules
 * (@font-face, @page, @media) are skipped whole. */
void
_cd_html_style_sheet_read (GHashTable *rules,
                           const char *css)
{
  g_autoptr (GString) clean = g_string_new (NULL);
  const char *p = css;

  /* Without comments, and without the <!-- --> that hides a sheet from
   * old browsers (Word writes it). */
  while (*p != '\0')
    {
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          if (end == NULL)
            break;
          p = end + 2;
        }
      else if (g_str_has_prefix (p, "<!--"))
        p += 4;
      else if (g_str_has_prefix (p, "-->"))
        p += 3;
      else
        g_string_append_c (clean, *p++);
    }

  p = clean->str;
  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      g_autofree char *selectors = NULL;
      g_autofree char *body = NULL;
      const char *close;

      if (open == NULL)
        break;

      selectors = g_strstrip (g_strndup (p, open - p));
      if (selectors[0] == '@')
        {
          guint level = 0;

          for (close = open; *close != '\0'; close++)
            {
              if (*close == '{')
                level++;
              else if (*close == '}' && --level == 0)
                break;
            }
          if (*close == '\0')
            break;
          p = close + 1;
          continue;
        }

      close = strchr (open, '}');
      if (close == NULL)
        break;

      body = g_strndup (open + 1, close - open - 1);
      p = close + 1;

      {
        g_auto (CdStyleFacts) facts = { 0, };
        g_auto (GStrv) names = g_strsplit (selectors, ",", -1);

        _cd_html_style_parse (body, &facts);
        if (facts.bold == 0 && facts.italic == 0)
          continue;

        for (guint i = 0; names[i] != NULL; i++)
          {
            g_autofree char *klass = class_of_selector (g_strstrip (names[i]));
            CdStyleFacts *known;

            if (klass == NULL)
              continue;

            known = g_hash_table_lookup (rules, klass);
            if (known == NULL)
              {
                known = g_new0 (CdStyleFacts, 1);
                g_hash_table_insert (rules, g_steal_pointer (&klass), known);
              }
            if (facts.bold != 0)
              known->bold = facts.bold;
            if (facts.italic != 0)
              known->italic = facts.italic;
          }
      }
    }
}

/* Browsers and office programs end copied text with no-break spaces that
 * only lay it out (Chrome's <span>&nbsp;</span> before the next
 * element); they go, and marks stop at the last word. */
void
_cd_html_trim_trailing_layout (char      *text,
                               GPtrArray *marks)
{
  gsize length = strlen (text);
  glong characters;

  while (length > 0)
    {
      if (length >= 2 && (guchar) text[length - 2] == 0xC2 && (guchar) text[length - 1] == 0xA0)
        length -= 2;
      else if (g_ascii_isspace (text[length - 1]))
        length--;
      else
        break;
    }

  if (text[length] == '\0')
    return;

  text[length] = '\0';
  characters = g_utf8_strlen (text, -1);

  for (guint i = marks != NULL ? marks->len : 0; i > 0; i--)
    {
      CdMark *mark = g_ptr_array_index (marks, i - 1);

      if (mark->end > (guint) characters)
        mark->end = characters;
      if (mark->start >= mark->end)
        g_ptr_array_remove_index (marks, i - 1);
    }
}

/* Google Docs' saved documents send every link through
 * https://www.google.com/url?q=ADDRESS&sa=…: the address is what the
 * writer linked to. */
char *
_cd_html_unwrap_redirect (const char *href)
{
  g_autoptr (GUri) uri = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GHashTable) params = NULL;
  const char *host;
  const char *target;

  if (uri == NULL)
    return g_strdup (href);

  host = g_uri_get_host (uri);
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 || host == NULL ||
      (g_ascii_strcasecmp (host, "www.google.com") != 0 && g_ascii_strcasecmp (host, "google.com") != 0) ||
      g_strcmp0 (g_uri_get_path (uri), "/url") != 0 || g_uri_get_query (uri) == NULL)
    return g_strdup (href);

  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  target = params != NULL ? g_hash_table_lookup (params, "q") : NULL;
  if (target == NULL || !cd_href_is_allowed (target))
    return g_strdup (href);

  return g_strdup (target);
}

/* Word and Google Docs fill an image's alt with its file name
 * ("image001.png") when the writer gave none: that describes nothing, so
 * the figure is left without alt text and pre-flight asks for it. */
gboolean
_cd_html_alt_is_file_name (const char *alt)
{
  static const char * const extensions[] = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".heic", NULL
  };
  g_autofree char *lower = g_ascii_strdown (alt, -1);

  if (strchr (alt, ' ') != NULL)
    return FALSE;

  for (guint i = 0; extensions[i] != NULL; i++)
    {
      if (g_str_has_suffix (lower, extensions[i]))
        return TRUE;
    }

  return FALSE;
}

/* Word's "downlevel-revealed" conditional comments (<![if !supportLists]>
 * … <![endif]>) wrap text meant for every reader but Word; libxml2 would
 * keep the markers as text. Word's empty <o:p></o:p> would be read as a
 * paragraph. Both are taken out before parsing. Returns NULL when there
 * is nothing to take out. */
GString *
_cd_html_strip_office_markup (const char *html,
                              gsize       length)
{
  /* "<![endif]-->" closes a comment Word hides from other readers, and
   * stays; "<![endif]>" is the revealed kind. */
  static const char * const removed[] = { "<![if", "<![endif]>", "<o:p>", "</o:p>", NULL };
  GString *out = NULL;
  const char *end = html + length;
  const char *copied = html;
  const char *p = html;

  while (p < end && (p = memchr (p, '<', end - p)) != NULL)
    {
      const char *close = NULL;

      for (guint i = 0; removed[i] != NULL; i++)
        {
          gsize n = strlen (removed[i]);

          if ((gsize) (end - p) >= n && g_ascii_strncasecmp (p, removed[i], n) == 0)
            {
              close = memchr (p, '>', end - p);
              break;
            }
        }

      if (close == NULL)
        {
          p++;
          continue;
        }

      if (out == NULL)
        out = g_string_sized_new (length);
      g_string_append_len (out, copied, p - copied);
      p = copied = close + 1;
    }

  if (out != NULL)
    g_string_append_len (out, copied, end - copied);

  return out;
}

/* Windows' clipboard puts a header before the HTML ("Version:0.9
 * StartHTML:0000000105 …"), and programs that pass it on keep it: the
 * HTML starts at the offset it gives, or else at the first tag. */
void
_cd_html_skip_clipboard_header (const char **html,
                                gsize       *length)
{
  const char *data = *html;
  gsize n = *length;
  const char *field;
  const char *tag;
  guint64 start = 0;

  if (n < 8 || strncmp (data, "Version:", 8) != 0)
    return;

  field = g_strstr_len (data, MIN (n, 1024), "StartHTML:");
  if (field != NULL)
    {
      g_autofree char *digits = g_strndup (field + 10, MIN ((gsize) 10, n - (field + 10 - data)));

      if (!g_ascii_string_to_unsigned (g_strchomp (digits), 10, 0, n, &start, NULL) ||
          start == 0 || start >= n || data[start] != '<')
        start = 0;
    }

  if (start == 0)
    {
      tag = memchr (data, '<', n);
      start = tag != NULL ? (guint64) (tag - data) : n;
    }

  *html = data + start;
  *length = n - start;
}
