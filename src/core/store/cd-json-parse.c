/* cd-json-parse.c: the JSON text below article.json, ninjs and oEmbed:
 * the structure and depth check, parsing with positions in errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-json"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-read-counts-private.h"
#include "cd-json-private.h"
#include "cd-media.h"

/* Values from the file end up in messages; a control character in one
 * would garble the terminal or toast that shows it, so it is written as
 * the escape it has in JSON. Bytes that are not UTF-8 become U+FFFD. */
char *
_cd_json_printable_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_c (out, (char) c);
    }

  return g_string_free (out, FALSE);
}

/* The line and column (in characters, from 1) of the byte at @offset,
 * for an error message: counted only when there is one to give. */
static void
position_at (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 0;
  for (gsize i = 0; i <= offset; i++)
    {
      guchar c = data[i];

      if (c == '\n')
        {
          (*line)++;
          *column = 0;
        }
      else if ((c & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

/* The one pass over JSON text that runs before the parser, whose
 * recursive descent a deeply nested file could drive off the stack. With
 * @strict it also names what JSON does not allow and a person may have
 * typed: comments, single quoted strings and text after the top-level
 * value. */
gboolean
_cd_json_check_structure (const char  *data,
                          gsize        length,
                          guint        max_depth,
                          gboolean     strict,
                          const char  *display_name,
                          GError     **error)
{
  gboolean closed = FALSE;
  guint depth = 0;
  guint line;
  guint column;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (c == '"')
        {
          /* Past the string, to the first quote not escaped: one that
           * follows an odd number of backslashes is part of the text.
           * Strings are most of a story's bytes; memchr() reads them a
           * vector at a time. */
          for (;;)
            {
              const char *quote = memchr (data + i + 1, '"', length - i - 1);
              gsize backslashes = 0;

              if (quote == NULL)
                {
                  i = length;
                  break;
                }
              i = quote - data;
              while (data[i - 1 - backslashes] == '\\')
                backslashes++;
              if (backslashes % 2 == 0)
                break;
            }
          continue;
        }

      if (strict && closed && !(c == ' ' || c == '\t' || c == '\n' || c == '\r'))
        {
          position_at (data, i, &line, &column);
          g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                       _("%s: line %u, column %u: unexpected text after the end of the document"),
                       display_name, line, column);
          return FALSE;
        }

      switch (c)
        {
        case '{':
        case '[':
          if (++depth > max_depth)
            {
              position_at (data, i, &line, &column);
              g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                           _("%s: line %u, column %u: nested deeper than %d levels"),
                           display_name, line, column, (int) max_depth);
              return FALSE;
            }
          break;

        case '}':
        case ']':
          /* A stray closer is left for the parser to report. */
          if (depth > 0 && --depth == 0)
            closed = TRUE;
          break;

        case '\'':
        case '/':
          if (!strict)
            break;
          position_at (data, i, &line, &column);
          g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                       _("%s: line %u, column %u: unexpected character '%c'"),
                       display_name, line, column, c);
          return FALSE;

        default:
          break;
        }
    }

  return TRUE;
}

/* What the text holds at @offset, where the parser stopped, for "line
 * L, column C: WHAT". */
static char *
describe_error_at (const char *data,
                   gsize       length,
                   gsize       offset)
{
  g_autofree char *character = NULL;
  g_autofree char *printable = NULL;
  gsize n_bytes = 1;

  if (offset >= length)
    return g_strdup (_("unexpected end of the text"));

  /* The text is UTF-8, checked before parsing: the whole character. */
  while (offset + n_bytes < length && ((guchar) data[offset + n_bytes] & 0xC0) == 0x80)
    n_bytes++;
  character = g_strndup (data + offset, n_bytes);
  printable = _cd_json_printable_text (character);

  return g_strdup_printf (_("unexpected character '%s'"), printable);
}

cJSON *
_cd_json_parse (const char  *data,
                gsize        length,
                guint        max_depth,
                gboolean     checked,
                const char  *display_name,
                GError     **error)
{
  g_autofree char *what = NULL;
  const char *end = NULL;
  const char *invalid_byte;
  cJSON *root;
  gsize skipped = 0;
  guint line;
  guint column;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (!checked)
    {
      /* Some editors start UTF-8 files with a byte order mark. */
      if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        skipped = 3;

      if (!g_utf8_validate_len (data + skipped, length - skipped, &invalid_byte))
        {
          g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                       _("%s: not UTF-8 text: invalid byte 0x%02X at offset %zu"),
                       display_name, (guchar) *invalid_byte, (size_t) (invalid_byte - data));
          return NULL;
        }

      data += skipped;
      length -= skipped;

      if (!_cd_json_check_structure (data, length, max_depth, TRUE, display_name, error))
        return NULL;
    }

  while (length > 0 && (*data == ' ' || *data == '\t' || *data == '\n' || *data == '\r'))
    {
      data++;
      length--;
    }
  if (length == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the file is empty"), display_name);
      return NULL;
    }

  _cd_import_count_parse ();
  root = cJSON_ParseWithLengthOpts (data, length, &end, FALSE);

  if (root != NULL)
    {
      gsize rest = end - data;

      while (rest < length && (data[rest] == ' ' || data[rest] == '\t' ||
                               data[rest] == '\n' || data[rest] == '\r'))
        rest++;
      if (rest == length)
        return root;

      cJSON_Delete (root);
      position_at (data, rest, &line, &column);
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                   _("%s: line %u, column %u: unexpected text after the end of the document"),
                   display_name, line, column);
      return NULL;
    }

  /* cJSON says where it stopped and nothing more; the message says what
   * is there. */
  if (end == NULL || end < data || (gsize) (end - data) > length)
    end = data + length;
  what = describe_error_at (data, length, end - data);
  position_at (data, MIN ((gsize) (end - data), length - 1), &line, &column);
  if ((gsize) (end - data) >= length && data[length - 1] != '\n')
    column++;
  g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: line %u, column %u: %s"),
               display_name, line, column, what);

  return NULL;
}

const char *
_cd_json_get_string (const cJSON *object,
                     const char  *name)
{
  if (!cJSON_IsObject (object))
    return NULL;

  return cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (object, name));
}

gboolean
_cd_json_get_integer (const cJSON *item,
                      gint64      *value)
{
  double number;

  if (!cJSON_IsNumber (item))
    return FALSE;

  number = item->valuedouble;
  if (!(number >= -9007199254740992.0 && number <= 9007199254740992.0) || number != floor (number))
    return FALSE;

  *value = (gint64) number;
  return TRUE;
}

/* json-glib loading, until every reader is on cJSON */
/* The column of a byte position on a line, counted in characters as a
 * person (and a text editor) counts them. */
static guint
count_columns (const char *line_start,
               gsize       n_bytes)
{
  guint column = 0;

  for (gsize i = 0; i < n_bytes; i++)
    {
      if (((guchar) line_start[i] & 0xC0) != 0x80)
        column++;
    }

  return column;
}

static guint
byte_column_to_column (const char *data,
                       gsize       length,
                       guint       line,
                       guint       byte_column)
{
  const char *p = data;
  const char *end = data + length;
  const char *line_end;

  for (guint i = 1; i < line && p < end; i++)
    {
      const char *newline = memchr (p, '\n', end - p);

      if (newline == NULL)
        return byte_column;
      p = newline + 1;
    }

  line_end = memchr (p, '\n', end - p);
  if (line_end == NULL)
    line_end = end;

  return count_columns (p, MIN ((gsize) byte_column, (gsize) (line_end - p)));
}

typedef struct
{
  guint line;
  guint byte_column;
} ParsePosition;

static void
parser_error_cb (JsonParser *parser,
                 gpointer    error,
                 gpointer    user_data)
{
  ParsePosition *position = user_data;

  position->line = json_parser_get_current_line (parser);
  position->byte_column = json_parser_get_current_pos (parser);
}

/* json-glib's message reads "<data>:LINE:COLUMN: Parse error: WHAT"; only
 * WHAT is kept, with the column counted in characters. */
static void
set_parse_error (GError               **error,
                 const GError          *parser_error,
                 const ParsePosition   *position,
                 const char            *data,
                 gsize                  length,
                 const char            *display_name)
{
  g_autofree char *prefix = NULL;
  g_autofree char *what = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *message = NULL;
  const char *found;

  /* json-glib quotes the offending token, and a lone surrogate escape in
   * it decodes to bytes that are not UTF-8; a message must be. */
  valid = g_utf8_make_valid (parser_error->message, -1);
  message = _cd_json_printable_text (valid);

  if (position->line == 0)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, "%s: %s", display_name, message);
      return;
    }

  prefix = g_strdup_printf (":%u:%u: ", position->line, position->byte_column);
  found = strstr (message, prefix);
  what = g_strdup (found != NULL ? found + strlen (prefix) : message);
  if (g_str_has_prefix (what, "Parse error: "))
    memmove (what, what + strlen ("Parse error: "), strlen (what) - strlen ("Parse error: ") + 1);
  g_strdelimit (what, "`", '\'');

  g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: line %u, column %u: %s"),
               display_name, position->line,
               byte_column_to_column (data, length, position->line, position->byte_column),
               what);
}

gboolean
_cd_json_parser_load (JsonParser  *parser,
                      const char  *data,
                      gsize        length,
                      const char  *display_name,
                      GError     **error)
{
  g_autoptr (GError) parser_error = NULL;
  ParsePosition position = { 0, 0 };
  gulong handler;
  gboolean loaded;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (length <= G_MAXSSIZE, FALSE);

  _cd_import_count_parse ();
  handler = g_signal_connect (parser, "error", G_CALLBACK (parser_error_cb), &position);
  loaded = json_parser_load_from_data (parser, data, (gssize) length, &parser_error);
  g_signal_handler_disconnect (parser, handler);

  if (!loaded)
    set_parse_error (error, parser_error, &position, data, length, display_name);

  return loaded;
}
