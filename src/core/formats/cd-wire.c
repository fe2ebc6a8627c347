/* cd-wire.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wire"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-error.h"
#include "cd-json.h"
#include "cd-media.h"
#include "cd-wire-private.h"

/* Running text */

typedef struct
{
  CdMarkType  type;
  guint       start;
  guint       end;
  char       *href;
  gboolean    open;
  gboolean    done;   /* closed and handed out by a finish */
} PendingMark;

struct _CdWireText
{
  GString  *text;
  guint     length;         /* in code points */
  gboolean  pending_space;
  GArray   *marks;          /* of PendingMark */
};

static void
pending_mark_clear (gpointer data)
{
  PendingMark *mark = data;

  g_clear_pointer (&mark->href, g_free);
}

CdWireText *
_cd_wire_text_new (void)
{
  CdWireText *self = g_new0 (CdWireText, 1);

  self->text = g_string_new (NULL);
  self->marks = g_array_new (FALSE, TRUE, sizeof (PendingMark));
  g_array_set_clear_func (self->marks, pending_mark_clear);

  return self;
}

void
_cd_wire_text_free (CdWireText *self)
{
  if (self == NULL)
    return;

  g_string_free (self->text, TRUE);
  g_array_unref (self->marks);
  g_free (self);
}

/* Windows-1252 puts typographic punctuation where ISO-8859-1 has C1
 * controls; wires labelled ISO-8859-1 routinely mean Windows-1252, as
 * browsers assume too. 0 marks the five unassigned bytes. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The character a story keeps for @c, or 0 to drop it. */
static gunichar
map_character (gunichar c)
{
  if (c >= 0x80 && c <= 0x9F)
    return cp1252_c1[c - 0x80];

  if (c < 0x20 || c == 0x7F)
    return 0;

  /* Non-characters, and the byte order mark that some systems leave at
   * the start of every field. */
  if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE || c == 0xFEFF)
    return 0;

  return c;
}

/* White space that collapses; the no-break space deliberately does not. */
static gboolean
is_collapsible_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0x2028 || c == 0x2029;
}

void
_cd_wire_text_append (CdWireText *self,
                      const char *text)
{
  const char *p;

  g_return_if_fail (self != NULL);

  if (text == NULL)
    return;

  for (p = text; *p != '\0'; )
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Callers hand over UTF-8 from libxml2 or cJSON; a bad byte
           * here is skipped rather than trusted. */
          p++;
          continue;
        }

      p = g_utf8_next_char (p);

      if (is_collapsible_space (c))
        {
          if (self->length > 0)
            self->pending_space = TRUE;
          continue;
        }

      c = map_character (c);
      if (c == 0)
        continue;

      if (self->pending_space)
        {
          g_string_append_c (self->text, ' ');
          self->length++;
          self->pending_space = FALSE;
        }

      g_string_append_unichar (self->text, c);
      self->length++;
    }
}

void
_cd_wire_text_break (CdWireText *self)
{
  g_return_if_fail (self != NULL);

  if (self->length > 0)
    self->pending_space = TRUE;
}

guint
_cd_wire_text_open_mark (CdWireText *self,
                         CdMarkType  type,
                         const char *href)
{
  PendingMark mark = { type, 0, 0, NULL, TRUE, FALSE };

  g_return_val_if_fail (self != NULL, 0);

  mark.start = self->length;
  mark.href = type == CD_MARK_LINK ? g_strdup (href) : NULL;
  g_array_append_val (self->marks, mark);

  return self->marks->len - 1;
}

void
_cd_wire_text_close_mark (CdWireText *self,
                          guint       handle)
{
  PendingMark *mark;

  g_return_if_fail (self != NULL);
  g_return_if_fail (handle < self->marks->len);

  mark = &g_array_index (self->marks, PendingMark, handle);
  if (!mark->open || mark->done)
    return;

  mark->end = self->length;
  mark->open = FALSE;
}

gboolean
_cd_wire_text_is_empty (CdWireText *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->length == 0;
}

/* Overlapping or touching marks of one kind become one mark, as
 * article.json requires; links only join when they go to the same place,
 * and a later link yields to an earlier one it overlaps. */
static GPtrArray *
merge_marks (GPtrArray *marks)
{
  g_autoptr (GPtrArray) result = cd_marks_new ();

  cd_marks_sort (marks);

  for (CdMarkType type = CD_MARK_STRONG; type <= CD_MARK_LINK; type++)
    {
      CdMark *last = NULL;

      for (guint i = 0; i < marks->len; i++)
        {
          CdMark *mark = g_ptr_array_index (marks, i);

          if (mark->type != type)
            continue;

          if (last != NULL && mark->start <= last->end)
            {
              if (type != CD_MARK_LINK || g_strcmp0 (mark->href, last->href) == 0)
                {
                  last->end = MAX (last->end, mark->end);
                  continue;
                }

              if (mark->end <= last->end)
                continue;
              if (mark->start < last->end)
                mark->start = last->end;
            }

          last = cd_mark_copy (mark);
          g_ptr_array_add (result, last);
        }
    }

  cd_marks_sort (result);
  return g_steal_pointer (&result);
}

char *
_cd_wire_text_finish (CdWireText  *self,
                      GPtrArray  **marks)
{
  g_autoptr (GPtrArray) collected = cd_marks_new ();
  g_autofree gunichar *chars = NULL;
  char *text;
  glong n_chars = 0;
  gboolean all_done = TRUE;

  g_return_val_if_fail (self != NULL, NULL);

  chars = g_utf8_to_ucs4_fast (self->text->str, (glong) self->text->len, &n_chars);

  for (guint i = 0; i < self->marks->len; i++)
    {
      PendingMark *pending = &g_array_index (self->marks, PendingMark, i);
      guint start = MIN (pending->start, (guint) n_chars);
      guint end = MIN (pending->open ? self->length : pending->end, (guint) n_chars);

      if (pending->done)
        continue;

      /* A mark still open goes on in the next text, from its start; its
       * handle stays valid, so marks are never dropped from the array
       * while any is open. */
      if (pending->open)
        pending->start = 0;
      else
        pending->done = TRUE;
      if (pending->open)
        all_done = FALSE;

      /* A mark covers words, not the spaces around them. */
      while (start < end && chars[start] == ' ')
        start++;
      while (end > start && chars[end - 1] == ' ')
        end--;

      if (start >= end)
        continue;
      if (pending->type == CD_MARK_LINK && !cd_href_is_allowed (pending->href))
        continue;

      g_ptr_array_add (collected, cd_mark_new (pending->type, start, end, pending->href));
    }

  text = g_string_free (self->text, FALSE);
  self->text = g_string_new (NULL);
  self->length = 0;
  self->pending_space = FALSE;
  if (all_done)
    g_array_set_size (self->marks, 0);

  if (marks != NULL)
    *marks = merge_marks (collected);

  return text;
}

char *
_cd_wire_clean_text (const char *text)
{
  g_autoptr (CdWireText) builder = _cd_wire_text_new ();

  _cd_wire_text_append (builder, text);
  return _cd_wire_text_finish (builder, NULL);
}

char *
_cd_wire_clean_text_or_null (const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL)
    return NULL;

  clean = _cd_wire_clean_text (text);
  return *clean != '\0' ? g_steal_pointer (&clean) : NULL;
}

/* Markup trees */

xmlNode *
_cd_wire_xml_next (xmlNode *root,
                   xmlNode *node,
                   guint   *depth)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (depth != NULL, NULL);

  /* An entity reference's children are the entity's declaration, shared
   * by every reference: not part of the tree. */
  if ((node->type == XML_ELEMENT_NODE || node == root) && node->children != NULL)
    {
      (*depth)++;
      return node->children;
    }

  while (node != root)
    {
      if (node->next != NULL)
        return node->next;

      node = node->parent;
      g_assert (node != NULL && *depth > 0);
      (*depth)--;
    }

  return NULL;
}

xmlNode *
_cd_wire_xml_find_too_deep (xmlNode *root)
{
  guint depth = 0;

  g_return_val_if_fail (root != NULL, NULL);

  for (xmlNode *node = _cd_wire_xml_next (root, root, &depth); node != NULL;
       node = _cd_wire_xml_next (root, node, &depth))
    {
      if (node->type == XML_ELEMENT_NODE && depth > CD_WIRE_MAX_XML_DEPTH)
        return node;
    }

  return NULL;
}

/* Dates */

/* Reads YYYY-MM-DD or YYYYMMDD at the start of @value into @date
 * (YYYY-MM-DD) when it names a real day from the year 1 on; @rest points
 * past it. Which days are real is cd_date_is_valid()'s one rule. */
static gboolean
parse_date_part (const char  *value,
                 char         date[11],
                 const char **rest)
{
  gsize length = strlen (value);
  gsize n;

  if (length < 8)
    return FALSE;
  n = value[4] == '-' ? 10 : 8;
  if (length < n)
    return FALSE;

  if (n == 10)
    memcpy (date, value, 10);
  else
    {
      memcpy (date, value, 4);
      date[4] = '-';
      memcpy (date + 5, value + 4, 2);
      date[7] = '-';
      memcpy (date + 8, value + 6, 2);
    }
  date[10] = '\0';

  if (!cd_date_is_valid (date) || strncmp (date, "0000", 4) == 0)
    return FALSE;

  *rest = value + n;
  return TRUE;
}

char *
_cd_wire_normalize_date (const char *value)
{
  g_autofree char *clean = NULL;
  const char *rest;
  char date[11];

  if (value == NULL)
    return NULL;

  clean = g_strstrip (g_strdup (value));
  if (!parse_date_part (clean, date, &rest))
    return NULL;
  if (*rest != '\0' && *rest != 'T' && *rest != 't' && *rest != ' ')
    return NULL;

  return g_strdup (date);
}

char *
_cd_wire_normalize_timestamp (const char *value)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) parsed = NULL;
  g_autoptr (GDateTime) in_utc = NULL;
  g_autofree char *clean = NULL;
  const char *rest;
  char date[11];

  if (value == NULL)
    return NULL;

  clean = g_strstrip (g_strdup (value));
  if (!parse_date_part (clean, date, &rest))
    return NULL;

  if (*rest == '\0')
    return g_strconcat (date, "T00:00:00Z", NULL);

  /* GLib wants the T; some feeds put a space there. */
  if (*rest == ' ')
    clean[rest - clean] = 'T';

  parsed = g_date_time_new_from_iso8601 (clean, utc);
  if (parsed == NULL)
    return NULL;

  in_utc = g_date_time_to_utc (parsed);
  return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
_cd_wire_normalize_language (const char *value)
{
  g_autofree char *tag = NULL;
  g_auto (GStrv) parts = NULL;

  if (value == NULL)
    return NULL;

  tag = g_strstrip (g_strdup (value));
  g_strdelimit (tag, "_", '-');
  parts = g_strsplit (tag, "-", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      if (i == 0 ? (len < 2 || len > 3) : (len < 1 || len > 8))
        return NULL;

      for (gsize j = 0; j < len; j++)
        {
          if (i == 0 ? !g_ascii_isalpha (parts[i][j]) : !g_ascii_isalnum (parts[i][j]))
            return NULL;
        }
    }

  if (parts[0] == NULL)
    return NULL;

  return g_steal_pointer (&tag);
}

/* Datelines and bylines */

static gboolean
is_trailing_separator (gunichar c)
{
  return c == ',' || c == '-' || c == ':' || c == 0x2013 || c == 0x2014 || g_unichar_isspace (c);
}

static char *
strip_separators (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && is_trailing_separator (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trailing_separator (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (end <= start)
    return NULL;

  return g_strndup (start, (gsize) (end - start));
}

void
_cd_wire_parse_dateline (const char  *text,
                         char       **place,
                         char       **source)
{
  g_autofree char *clean = _cd_wire_clean_text (text);
  g_autofree char *trimmed = NULL;
  const char *open;

  *place = NULL;
  *source = NULL;

  trimmed = strip_separators (clean);
  if (trimmed == NULL)
    return;

  /* The source is the last parenthesised part: "CAIRO (Reuters)". */
  open = strrchr (trimmed, '(');
  if (open != NULL && g_str_has_suffix (open, ")") && strlen (open) > 2)
    {
      g_autofree char *inside = g_strndup (open + 1, strlen (open) - 2);

      *source = strip_separators (inside);
      trimmed[open - trimmed] = '\0';
    }

  *place = strip_separators (trimmed);
}

CdDateline *
_cd_wire_dateline_new (const char *text,
                       const char *date)
{
  g_autofree char *place = NULL;
  g_autofree char *source = NULL;
  g_autofree char *normalized = _cd_wire_normalize_date (date);

  _cd_wire_parse_dateline (text, &place, &source);
  if (place == NULL && source == NULL)
    return NULL;

  return cd_dateline_new (place != NULL ? place : "", source != NULL ? source : "", normalized);
}

static CdByline *
parse_one_byline (const char *segment)
{
  g_autofree char *clean = strip_separators (segment);
  const char *comma;

  if (clean == NULL)
    return NULL;

  if (g_ascii_strncasecmp (clean, "and ", 4) == 0)
    memmove (clean, clean + 4, strlen (clean + 4) + 1);

  comma = strstr (clean, ", ");
  if (comma != NULL)
    {
      g_autofree char *before = g_strndup (clean, (gsize) (comma - clean));
      g_autofree char *name = strip_separators (before);
      g_autofree char *title = strip_separators (comma + 2);

      if (name != NULL)
        return cd_byline_new (name, title != NULL ? title : "");
    }

  return cd_byline_new (clean, "");
}

static const char * const by_words[] = { "by", "von", "par", "por", "door", "av", "af", NULL };

GPtrArray *
_cd_wire_parse_by (const char *text)
{
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autofree char *clean = _cd_wire_clean_text (text);
  g_auto (GStrv) segments = NULL;
  const char *start = clean;

  /* "By" as wires in English, German, French, Spanish, Dutch and the
   * Scandinavian languages write it. */
  for (guint i = 0; by_words[i] != NULL; i++)
    {
      gsize length = strlen (by_words[i]);

      if (g_ascii_strncasecmp (start, by_words[i], length) == 0 && start[length] == ' ')
        {
          start += length + 1;
          break;
        }
    }

  if (strchr (start, ';') != NULL)
    {
      segments = g_strsplit (start, ";", -1);
    }
  else
    {
      g_autofree char *joined = NULL;
      g_auto (GStrv) ands = g_strsplit (start, " and ", -1);

      joined = g_strjoinv (" & ", ands);
      segments = g_strsplit (joined, " & ", -1);
    }

  for (guint i = 0; segments[i] != NULL; i++)
    {
      CdByline *byline = parse_one_byline (segments[i]);

      if (byline != NULL)
        g_ptr_array_add (bylines, byline);
    }

  return g_steal_pointer (&bylines);
}

char *
_cd_wire_format_by (GPtrArray *bylines)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);
      g_autofree char *name = _cd_wire_clean_text (byline->name);
      g_autofree char *title = _cd_wire_clean_text (byline->title);

      if (*name == '\0')
        continue;

      if (n > 0)
        g_string_append (out, bylines->len > 2 ? "; " : " and ");
      g_string_append (out, name);
      if (*title != '\0')
        g_string_append_printf (out, ", %s", title);
      n++;
    }

  if (n == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Media */

char *
_cd_wire_store_data_uri (CdArticle  *article,
                         const char *uri)
{
  g_autofree char *mime = NULL;
  g_autoptr (GBytes) bytes = NULL;
  const char *comma;
  const char *params;
  guchar *data;
  gsize length;

  if (article == NULL || uri == NULL || g_ascii_strncasecmp (uri, "data:", 5) != 0)
    return NULL;

  comma = strchr (uri, ',');
  if (comma == NULL)
    return NULL;

  /* Base64 grows the data by a third; anything longer decodes to more
   * than a wire file may hold. */
  if (strlen (comma + 1) > (gsize) CD_WIRE_MAX_SIZE / 3 * 4 + 4)
    return NULL;

  params = uri + 5;
  mime = g_strndup (params, strcspn (params, ";,"));
  if (g_ascii_strncasecmp (mime, "image/", 6) != 0)
    return NULL;

  {
    g_autofree char *header = g_strndup (params, (gsize) (comma - params));
    g_auto (GStrv) parts = g_strsplit (header, ";", -1);
    gboolean base64 = FALSE;

    for (guint i = 1; parts[i] != NULL; i++)
      {
        if (g_ascii_strcasecmp (g_strstrip (parts[i]), "base64") == 0)
          base64 = TRUE;
      }

    if (!base64)
      return NULL;
  }

  data = g_base64_decode (comma + 1, &length);
  if (data == NULL || length == 0)
    {
      g_free (data);
      return NULL;
    }

  /* The bytes decide, not the label: an SVG or a script labelled PNG is
   * no picture. */
  bytes = g_bytes_new_take (data, length);
  return cd_media_store (article, bytes, NULL, NULL, NULL);
}

char *
_cd_wire_figure_src (CdArticle  *article,
                     const char *uri)
{
  g_autofree char *clean = NULL;

  if (uri == NULL)
    return NULL;

  clean = g_strstrip (g_strdup (uri));

  if (g_ascii_strncasecmp (clean, "https://", 8) == 0 && clean[8] != '\0' &&
      strpbrk (clean, " \t\r\n") == NULL)
    return g_steal_pointer (&clean);

  return _cd_wire_store_data_uri (article, clean);
}
