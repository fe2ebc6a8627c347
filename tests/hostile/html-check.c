/* html-check.c: a strict reader of the HTML writer's output, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is not an HTML parser: it accepts only the narrow shape the writer
 * produces (every attribute double-quoted, every element closed, all text
 * escaped) and reports anything else, so that text from a story that
 * slipped through unescaped shows up as a failure instead of being
 * repaired the way a browser would.
 */

#include "config.h"

#include <string.h>

#include "cd-json-private.h"
#include "html-check.h"

typedef struct
{
  char     *name;
  gboolean  has_dir;
} OpenElement;

typedef struct
{
  const char             *html;
  gsize                   length;
  gsize                   pos;
  const HtmlCheckOptions *options;
  GArray                 *stack;
  guint                   n_styles;
  GError                **error;
} Checker;

static const char * const allowed_elements[] = {
  "html", "head", "body", "main", "title", "meta", "link", "style",
  "article", "header", "footer", "section", "aside", "nav", "div",
  "figure", "figcaption", "h1", "h2", "h3", "h4", "p", "span", "a",
  "strong", "em", "b", "i", "small", "bdi", "br", "hr", "img", "picture",
  "blockquote", "cite", "q", "time", "ul", "ol", "li", "address",
  /* Checked further below. */
  "script", "iframe",
  NULL
};

static const char * const void_elements[] = {
  "br", "hr", "img", "meta", "link", NULL
};

static const char * const allowed_attributes[] = {
  "class", "id", "lang", "dir", "title", "role", "translate",
  "rel", "href", "hreflang", "target", "src", "alt", "width", "height",
  "loading", "decoding", "fetchpriority", "datetime", "content", "name",
  "property", "charset", "type", "async", "start", "reversed", "cite",
  "allow", "allowfullscreen", "referrerpolicy", "frameborder", "sizes",
  "sandbox", "srcdoc",
  NULL
};

/* Attributes whose value a browser may load or navigate to. */
static const char * const url_attributes[] = {
  "href", "src", "cite", "poster", "action", "formaction", "data",
  "background", "srcset", "ping", "manifest", "xlink:href", NULL
};

static const char * const script_hosts[] = {
  "https://platform.twitter.com/",
  "https://www.instagram.com/",
  "https://www.tiktok.com/",
  "https://embed.bsky.app/",
  "https://www.threads.net/",
  NULL
};

/* A Mastodon instance can be any public host: its post frame, always
 * sandboxed, never its script (the story names that host). */
#define MASTODON_FRAME  "^https://([a-z0-9-]+\\.)+[a-z][a-z0-9-]*/@[A-Za-z0-9_.-]+/[0-9]+/embed$"

static const char * const frame_prefixes[] = {
  "https://www.youtube-nocookie.com/embed/",
  "https://www.youtube.com/embed/",
  NULL
};

static gboolean fail (Checker    *c,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (Checker    *c,
      const char *format,
      ...)
{
  g_autofree char *what = NULL;
  g_autofree char *context = NULL;
  gsize start = c->pos > 40 ? c->pos - 40 : 0;
  gsize end = MIN (c->pos + 40, c->length);
  guint line = 1;
  va_list args;

  for (gsize i = 0; i < c->pos && i < c->length; i++)
    {
      if (c->html[i] == '\n')
        line++;
    }

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  context = g_utf8_make_valid (c->html + start, end - start);
  g_set_error (c->error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
               "line %u, offset %zu: %s (near “%s”)", line, (size_t) c->pos, what, context);
  return FALSE;
}

static gboolean
in_list (const char * const *list,
         const char         *name)
{
  for (guint i = 0; list[i] != NULL; i++)
    {
      if (g_str_equal (list[i], name))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_prefix_in_list (const char * const *list,
                    const char         *value)
{
  for (guint i = 0; list[i] != NULL; i++)
    {
      if (g_str_has_prefix (value, list[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
char_is_allowed (gunichar ch)
{
  if (ch < 0x20)
    return ch == '\t' || ch == '\n';
  if (ch >= 0x7f && ch <= 0x9f)
    return FALSE;
  if (ch >= 0xfdd0 && ch <= 0xfdef)
    return FALSE;
  if ((ch & 0xfffe) == 0xfffe)
    return FALSE;
  return TRUE;
}

static gboolean
char_is_bidi_control (gunichar ch)
{
  return (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069);
}

/* The length of the character reference at @p ("&amp;", "&#39;"…), or 0
 * when '&' does not start one. */
static gsize
entity_length (const char *p,
               const char *end)
{
  const char *q = p + 1;

  if (q < end && *q == '#')
    {
      gboolean hex;

      q++;
      hex = q < end && (*q == 'x' || *q == 'X');
      if (hex)
        q++;
      if (q >= end || !(hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        return 0;
      while (q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        q++;
    }
  else
    {
      if (q >= end || !g_ascii_isalpha (*q))
        return 0;
      while (q < end && g_ascii_isalnum (*q))
        q++;
    }

  if (q >= end || *q != ';')
    return 0;

  return (gsize) (q + 1 - p);
}

/* Decodes the references the writer produces; anything else is kept as
 * it is, as a browser keeps an unknown one. */
static char *
decode_entities (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *end = value + strlen (value);

  for (const char *p = value; *p != '\0';)
    {
      gsize n = *p == '&' ? entity_length (p, end) : 0;

      if (n == 0)
        {
          g_string_append_c (out, *p++);
          continue;
        }

      if (p[1] == '#')
        {
          gboolean hex = p[2] == 'x' || p[2] == 'X';
          guint64 ch = g_ascii_strtoull (p + (hex ? 3 : 2), NULL, hex ? 16 : 10);

          if (ch > 0 && ch <= 0x10ffff)
            g_string_append_unichar (out, (gunichar) ch);
          else
            g_string_append_unichar (out, 0xfffd);
        }
      else if (strncmp (p, "&amp;", n) == 0)
        g_string_append_c (out, '&');
      else if (strncmp (p, "&lt;", n) == 0)
        g_string_append_c (out, '<');
      else if (strncmp (p, "&gt;", n) == 0)
        g_string_append_c (out, '>');
      else if (strncmp (p, "&quot;", n) == 0)
        g_string_append_c (out, '"');
      else if (strncmp (p, "&apos;", n) == 0)
        g_string_append_c (out, '\'');
      else
        g_string_append_len (out, p, n);
      p += n;
    }

  return g_string_free (out, FALSE);
}

/* The scheme of @url as a browser sees it: tabs and line breaks anywhere
 * are ignored, leading controls and spaces are stripped, case folds. NULL
 * for a relative URL. */
static char *
url_scheme (const char *url)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p;

  for (p = url; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\n' || *p == '\r')
        continue;
      if (clean->len == 0 && (guchar) *p <= 0x20)
        continue;
      g_string_append_c (clean, *p);
    }

  for (p = clean->str; *p != '\0'; p++)
    {
      if (*p == ':')
        {
          if (p == clean->str)
            return NULL;
          return g_ascii_strdown (clean->str, p - clean->str);
        }
      if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.'))
        return NULL;
      if (p == clean->str && !g_ascii_isalpha (*p))
        return NULL;
    }

  return NULL;
}

static gboolean
check_url (Checker    *c,
           const char *tag,
           const char *attribute,
           const char *value)
{
  g_autofree char *scheme = url_scheme (value);

  /* A backslash, or a user name before the host, makes an address show
   * one site and open another. */
  if (strchr (value, '\\') != NULL)
    return fail (c, "<%s %s> holds a backslash", tag, attribute);
  if (scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")))
    {
      const char *authority = strchr (value, ':') + 1;

      authority += strspn (authority, "/\t\n\r");
      if (memchr (authority, '@', strcspn (authority, "/?#")) != NULL)
        return fail (c, "<%s %s> names a user before the host", tag, attribute);
    }

  if (scheme == NULL ||
      g_str_equal (scheme, "http") ||
      g_str_equal (scheme, "https") ||
      g_str_equal (scheme, "mailto"))
    return TRUE;

  if (g_str_equal (scheme, "data") && c->options->inline_media &&
      g_str_equal (tag, "img") && g_str_equal (attribute, "src") &&
      (g_str_has_prefix (value, "data:image/png;") ||
       g_str_has_prefix (value, "data:image/jpeg;") ||
       g_str_has_prefix (value, "data:image/gif;") ||
       g_str_has_prefix (value, "data:image/webp;")))
    return TRUE;

  return fail (c, "<%s %s> has a %s: address", tag, attribute, scheme);
}

/* Checks the characters of the whole document once, up front. */
static gboolean
check_characters (Checker *c)
{
  const char *end;

  if (!g_utf8_validate_len (c->html, c->length, &end))
    {
      c->pos = end - c->html;
      return fail (c, "not valid UTF-8 (or a NUL byte)");
    }

  for (const char *p = c->html; p < c->html + c->length; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (!char_is_allowed (ch))
        {
          c->pos = p - c->html;
          return fail (c, "character U+%04X is not allowed in HTML", ch);
        }
    }

  return TRUE;
}

static gboolean
inside_dir (Checker *c)
{
  for (guint i = 0; i < c->stack->len; i++)
    {
      const OpenElement *open = &g_array_index (c->stack, OpenElement, i);

      if (open->has_dir || g_str_equal (open->name, "bdi"))
        return TRUE;
    }

  return FALSE;
}

static gboolean
inside (Checker    *c,
        const char *name)
{
  for (guint i = 0; i < c->stack->len; i++)
    {
      if (g_str_equal (g_array_index (c->stack, OpenElement, i).name, name))
        return TRUE;
    }

  return FALSE;
}

static gboolean
check_text (Checker *c,
            gsize    end)
{
  gboolean needs_isolation = c->options->require_bidi_isolation && !inside (c, "head");

  while (c->pos < end)
    {
      const char *p = c->html + c->pos;

      switch (*p)
        {
        case '>':
          return fail (c, "an unescaped '>' in text");
        case '"':
          return fail (c, "an unescaped '\"' in text");
        case '&':
          if (entity_length (p, c->html + end) == 0)
            return fail (c, "a bare '&' in text");
          break;
        default:
          if (needs_isolation && (guchar) *p >= 0x80 &&
              char_is_bidi_control (g_utf8_get_char (p)) && !inside_dir (c))
            return fail (c, "a bidi control character outside any element with dir");
          break;
        }

      c->pos += g_utf8_next_char (p) - p;
    }

  return TRUE;
}

static gboolean
name_char (char ch,
           gboolean first)
{
  if (first)
    return g_ascii_islower (ch);
  return g_ascii_islower (ch) || g_ascii_isdigit (ch) || ch == '-' || ch == ':';
}

static char *
read_name (Checker *c)
{
  gsize start = c->pos;

  while (c->pos < c->length && name_char (c->html[c->pos], c->pos == start))
    c->pos++;

  if (c->pos == start)
    return NULL;

  return g_strndup (c->html + start, c->pos - start);
}

static gboolean
attribute_is_allowed (const char *name)
{
  if (g_str_has_prefix (name, "data-") && name[5] != '\0')
    return TRUE;
  if (g_str_has_prefix (name, "aria-") && name[5] != '\0')
    return TRUE;
  return in_list (allowed_attributes, name);
}

/* Finds the end tag that closes a raw-text element: the only way out. */
static gboolean
find_raw_text_end (Checker    *c,
                   const char *tag,
                   gsize      *content_end)
{
  g_autofree char *closer = g_strconcat ("</", tag, NULL);
  gsize n = strlen (closer);

  for (gsize i = c->pos; i + n <= c->length; i++)
    {
      if (g_ascii_strncasecmp (c->html + i, closer, n) == 0)
        {
          *content_end = i;
          return TRUE;
        }
    }

  return fail (c, "<%s> is never closed", tag);
}

static gboolean
check_json_ld (Checker *c,
               gsize    end)
{
  g_autofree char *content = g_strndup (c->html + c->pos, end - c->pos);
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *lower = g_ascii_strdown (content, -1);

  if (strstr (lower, "<!--") != NULL || strstr (lower, "<script") != NULL)
    return fail (c, "JSON-LD holds '<!--' or '<script', which change how the script element ends");

  root = _cd_json_parse (content, strlen (content), CD_JSON_MAX_DEPTH, FALSE, "JSON-LD", &parse_error);
  if (root == NULL)
    return fail (c, "JSON-LD does not parse: %s", parse_error->message);

  if (!cJSON_IsObject (root))
    return fail (c, "JSON-LD is not an object");

  return TRUE;
}

static gboolean
check_style (Checker *c,
             gsize    end)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *content = NULL;
  const char *css = c->options->stylesheet;

  if (css == NULL)
    return fail (c, "a <style> element, but the page was written without a stylesheet");
  if (++c->n_styles > 1)
    return fail (c, "more than one <style> element");

  for (const char *p = css; *p != '\0'; p++)
    {
      if (p[0] == '<' && p[1] == '/')
        g_string_append (expected, "<\\");
      else
        g_string_append_c (expected, *p);
    }

  content = g_strndup (c->html + c->pos, end - c->pos);
  if (!g_str_equal (g_strstrip (content), g_strstrip (expected->str)))
    return fail (c, "the <style> element does not hold the page's stylesheet");

  return TRUE;
}

typedef struct
{
  char     *tag;
  gboolean  has_dir;
  char     *type;
  char     *src;
  gboolean  has_other;
  char     *srcdoc;
  char     *sandbox;
} TagInfo;

static void
tag_info_clear (TagInfo *info)
{
  g_clear_pointer (&info->tag, g_free);
  g_clear_pointer (&info->type, g_free);
  g_clear_pointer (&info->src, g_free);
  g_clear_pointer (&info->srcdoc, g_free);
  g_clear_pointer (&info->sandbox, g_free);
}

/* The only sandbox the writer gives a frame: scripts, but never the
 * page's origin. */
#define EMBED_FRAME_SANDBOX "allow-scripts allow-popups allow-popups-to-escape-sandbox"

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TagInfo, tag_info_clear)

static gboolean
read_attributes (Checker *c,
                 TagInfo *info)
{
  for (;;)
    {
      g_autofree char *name = NULL;
      g_autofree char *raw = NULL;
      g_autofree char *value = NULL;
      gsize value_start;

      if (c->pos >= c->length)
        return fail (c, "the document ends inside <%s>", info->tag);

      if (c->html[c->pos] == '>')
        {
          c->pos++;
          return TRUE;
        }

      if (c->html[c->pos] == '/' && c->pos + 1 < c->length && c->html[c->pos + 1] == '>' &&
          in_list (void_elements, info->tag))
        {
          c->pos += 2;
          return TRUE;
        }

      if (c->html[c->pos] != ' ')
        return fail (c, "unexpected character '%c' in <%s>", c->html[c->pos], info->tag);
      c->pos++;

      name = read_name (c);
      if (name == NULL)
        return fail (c, "an attribute name of <%s> is not lower-case letters", info->tag);

      if (g_str_has_prefix (name, "on"))
        return fail (c, "<%s> has an event handler attribute '%s'", info->tag, name);
      if (!attribute_is_allowed (name))
        return fail (c, "<%s> has an attribute '%s' that the writer never writes", info->tag, name);

      if (c->pos < c->length && c->html[c->pos] == '=')
        {
          const char *close;

          c->pos++;
          if (c->pos >= c->length || c->html[c->pos] != '"')
            return fail (c, "the value of %s in <%s> is not double-quoted", name, info->tag);
          c->pos++;
          value_start = c->pos;

          close = memchr (c->html + c->pos, '"', c->length - c->pos);
          if (close == NULL)
            return fail (c, "the value of %s in <%s> never ends", name, info->tag);

          for (const char *p = c->html + value_start; p < close; p++)
            {
              c->pos = p - c->html;
              if (*p == '<' || *p == '>')
                return fail (c, "an unescaped '%c' in the value of %s", *p, name);
              if (*p == '&' && entity_length (p, close) == 0)
                return fail (c, "a bare '&' in the value of %s", name);
            }
          raw = g_strndup (c->html + value_start, close - (c->html + value_start));
          c->pos = close + 1 - c->html;
          value = decode_entities (raw);
        }
      else
        {
          value = g_strdup ("");
        }

      if (in_list (url_attributes, name) && !check_url (c, info->tag, name, value))
        return FALSE;

      if (g_str_equal (name, "dir"))
        info->has_dir = TRUE;
      if (g_str_equal (name, "type"))
        {
          g_free (info->type);
          info->type = g_strdup (value);
        }
      else if (g_str_equal (name, "src"))
        {
          g_free (info->src);
          info->src = g_strdup (value);
        }
      else if (g_str_equal (name, "srcdoc") || g_str_equal (name, "sandbox"))
        {
          char **slot = g_str_equal (name, "srcdoc") ? &info->srcdoc : &info->sandbox;

          if (!g_str_equal (info->tag, "iframe"))
            return fail (c, "<%s> has a %s attribute", info->tag, name);
          g_free (*slot);
          *slot = g_strdup (value);
          info->has_other = TRUE;
        }
      else if (!g_str_equal (name, "async") && !g_str_equal (name, "charset"))
        info->has_other = TRUE;
    }
}

static gboolean
check_end_tag (Checker *c)
{
  g_autofree char *name = NULL;
  OpenElement *top;

  c->pos += 2;
  name = read_name (c);
  if (name == NULL || c->pos >= c->length || c->html[c->pos] != '>')
    return fail (c, "a malformed end tag");
  c->pos++;

  if (c->stack->len == 0)
    return fail (c, "</%s> closes nothing", name);

  top = &g_array_index (c->stack, OpenElement, c->stack->len - 1);
  if (!g_str_equal (top->name, name))
    return fail (c, "</%s> closes <%s>", name, top->name);

  g_array_set_size (c->stack, c->stack->len - 1);
  return TRUE;
}

static gboolean
expect_end_tag (Checker    *c,
                const char *tag)
{
  g_autofree char *closer = g_strdup_printf ("</%s>", tag);

  if (c->pos + strlen (closer) > c->length ||
      strncmp (c->html + c->pos, closer, strlen (closer)) != 0)
    return fail (c, "<%s> is not closed by %s", tag, closer);

  c->pos += strlen (closer);
  return TRUE;
}

/* script, style and iframe hold raw text up to their end tag. */
static gboolean
check_raw_text_element (Checker *c,
                        TagInfo *info)
{
  gsize end = 0;

  if (!find_raw_text_end (c, info->tag, &end))
    return FALSE;

  if (g_str_equal (info->tag, "style"))
    {
      if (!check_style (c, end))
        return FALSE;
    }
  else if (g_str_equal (info->tag, "script") && info->src == NULL)
    {
      if (g_strcmp0 (info->type, "application/ld+json") != 0 || info->has_other)
        return fail (c, "a <script> element that is not JSON-LD");
      if (!check_json_ld (c, end))
        return FALSE;
    }
  else if (g_str_equal (info->tag, "script"))
    {
      if (!c->options->official_embeds)
        return fail (c, "a provider <script> although embeds are static");
      if (info->type != NULL || info->has_other ||
          !has_prefix_in_list (script_hosts, info->src))
        return fail (c, "a <script src> that is not a provider's embed script");
      if (end != c->pos)
        return fail (c, "a provider <script> with content");
    }
  else
    {
      if (!c->options->official_embeds)
        return fail (c, "an <iframe> although embeds are static");
      if (info->sandbox != NULL && !g_str_equal (info->sandbox, EMBED_FRAME_SANDBOX))
        return fail (c, "an <iframe> sandbox other than the writer's: %s", info->sandbox);
      if (info->srcdoc != NULL)
        {
          HtmlCheckOptions inner = *c->options;
          g_autoptr(GError) inner_error = NULL;

          if (!c->options->isolated_embeds)
            return fail (c, "an <iframe srcdoc> although embeds are not isolated");
          if (info->src != NULL || info->sandbox == NULL)
            return fail (c, "an <iframe srcdoc> with a src or without the sandbox");

          /* The frame's document is official markup, one level deep. */
          inner.isolated_embeds = FALSE;
          inner.stylesheet = NULL;
          if (!html_check (info->srcdoc, strlen (info->srcdoc), &inner, &inner_error))
            return fail (c, "in the frame's document: %s", inner_error->message);
        }
      else if (info->src == NULL ||
          !(has_prefix_in_list (frame_prefixes, info->src) ||
            g_regex_match_simple (MASTODON_FRAME, info->src, 0, 0)))
        return fail (c, "an <iframe> that is not a YouTube player or a Mastodon post");
      else if (g_regex_match_simple (MASTODON_FRAME, info->src, 0, 0) &&
               g_strcmp0 (info->sandbox, EMBED_FRAME_SANDBOX) != 0)
        return fail (c, "a Mastodon frame without the sandbox");
      if (end != c->pos)
        return fail (c, "an <iframe> with content");
    }

  c->pos = end;
  return expect_end_tag (c, info->tag);
}

static gboolean
check_start_tag (Checker *c)
{
  g_auto(TagInfo) info = { NULL, FALSE, NULL, NULL, FALSE, NULL, NULL };
  OpenElement open;

  c->pos++;
  info.tag = read_name (c);
  if (info.tag == NULL)
    return fail (c, "a '<' that starts no tag: text was not escaped");

  if (!in_list (allowed_elements, info.tag))
    return fail (c, "a <%s> element, which the writer never writes", info.tag);

  if (c->stack->len > 0 &&
      g_str_equal (g_array_index (c->stack, OpenElement, c->stack->len - 1).name, "title"))
    return fail (c, "markup inside <title>");

  if (!read_attributes (c, &info))
    return FALSE;

  if (g_str_equal (info.tag, "script") || g_str_equal (info.tag, "style") ||
      g_str_equal (info.tag, "iframe"))
    return check_raw_text_element (c, &info);

  if (in_list (void_elements, info.tag))
    return TRUE;

  open.name = g_steal_pointer (&info.tag);
  open.has_dir = info.has_dir;
  g_array_append_val (c->stack, open);
  return TRUE;
}

static void
open_element_clear (gpointer data)
{
  g_free (((OpenElement *) data)->name);
}

static gboolean
check_forbidden (Checker *c)
{
  const char *forbidden = c->options->forbidden;
  const char *found;

  if (forbidden == NULL || *forbidden == '\0')
    return TRUE;

  found = g_strstr_len (c->html, c->length, forbidden);
  if (found != NULL)
    {
      c->pos = found - c->html;
      return fail (c, "the output holds “%s”, which must never be written", forbidden);
    }

  return TRUE;
}

gboolean
html_check (const char              *html,
            gsize                    length,
            const HtmlCheckOptions  *options,
            GError                 **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (OpenElement));
  static const char doctype[] = "<!DOCTYPE html>";
  Checker c = { html, length, 0, options, stack, 0, error };

  g_array_set_clear_func (stack, open_element_clear);

  if (!check_characters (&c) || !check_forbidden (&c))
    return FALSE;

  c.pos = 0;
  if (length >= strlen (doctype) && strncmp (html, doctype, strlen (doctype)) == 0)
    c.pos = strlen (doctype);

  while (c.pos < length)
    {
      const char *lt = memchr (html + c.pos, '<', length - c.pos);
      gsize text_end = lt != NULL ? (gsize) (lt - html) : length;

      if (!check_text (&c, text_end))
        return FALSE;
      if (lt == NULL)
        break;

      if (c.pos + 1 < length && html[c.pos + 1] == '/')
        {
          if (!check_end_tag (&c))
            return FALSE;
        }
      else if (c.pos + 1 < length && html[c.pos + 1] == '!')
        {
          return fail (&c, "a comment or declaration inside the document");
        }
      else if (!check_start_tag (&c))
        {
          return FALSE;
        }
    }

  if (stack->len > 0)
    return fail (&c, "<%s> is never closed", g_array_index (stack, OpenElement, stack->len - 1).name);

  return TRUE;
}
