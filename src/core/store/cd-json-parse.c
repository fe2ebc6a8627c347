/* cd-json-parse.c: the JSON text below article.json, ninjs and oEmbed:
 * the structure and depth check, parsing with positions in errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-json"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-read-counts-private.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-thread.h"

/* With cd_json_keep_trees (): a JSON tree's nodes and strings come from
 * blocks that are never given back before the process ends. A long
 * story's tree has hundreds of thousands of them: allocating and freeing
 * each one took a sixth of a conversion, and walking the tree only to
 * free nothing took 0.4 ms more. Each thread takes from a block of its
 * own; the blocks stay listed, so a leak checker sees them in reach. */
#define ARENA_BLOCK_SIZE (1024 * 1024)
#define ARENA_ALIGN 16

static gboolean trees_kept;
static GMutex arena_lock;
static GSList *arena_blocks;
static __thread char *arena_next;
static __thread char *arena_end;

static void *
arena_allocate (size_t size)
{
  size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
  char *block;
  void *memory;

  if (rounded < size)
    return NULL;

  if (rounded > (size_t) (arena_end - arena_next))
    {
      size_t block_size = MAX (rounded, (size_t) ARENA_BLOCK_SIZE);

      block = malloc (block_size);
      if (block == NULL)
        return NULL;
      g_mutex_lock (&arena_lock);
      arena_blocks = g_slist_prepend (arena_blocks, block);
      g_mutex_unlock (&arena_lock);
      /* A text larger than a block has one of its own; the rest of the
       * current block stays in use. */
      if (block_size > ARENA_BLOCK_SIZE)
        return block;
      arena_next = block;
      arena_end = block + block_size;
    }

  memory = arena_next;
  arena_next += rounded;
  return memory;
}

static void
arena_free (void *memory)
{
}

void
cd_json_keep_trees (void)
{
  cJSON_Hooks hooks = { arena_allocate, arena_free };

  cJSON_InitHooks (&hooks);
  trees_kept = TRUE;
}

void
_cd_json_tree_free (cJSON *tree)
{
  if (!trees_kept)
    cJSON_Delete (tree);
}

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
 * for an error message: counted only when there is one to give. A line
 * break is at the end of its own line. */
static void
position_at (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      guchar c = data[i];

      if (c == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if ((c & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

/* The position just past the last byte of @data. */
static void
position_after (const char *data,
                gsize       length,
                guint      *line,
                guint      *column)
{
  if (length == 0)
    {
      *line = 1;
      *column = 1;
      return;
    }

  position_at (data, length - 1, line, column);
  if (data[length - 1] == '\n')
    {
      (*line)++;
      *column = 1;
    }
  else
    {
      (*column)++;
    }
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

  /* A bad escape, or a lone half of a surrogate pair (\ud800). */
  if (data[offset] == '\\')
    {
      gsize escape_length = offset + 1 < length && data[offset + 1] == 'u' ? 6 : 2;

      character = g_strndup (data + offset, MIN (escape_length, length - offset));
      printable = _cd_json_printable_text (character);
      return g_strdup_printf (_("invalid escape '%s' in a string"), printable);
    }

  /* The text is UTF-8, checked before parsing: the whole character. */
  while (offset + n_bytes < length && ((guchar) data[offset + n_bytes] & 0xC0) == 0x80)
    n_bytes++;
  character = g_strndup (data + offset, n_bytes);
  printable = _cd_json_printable_text (character);

  return g_strdup_printf (_("unexpected character '%s'"), printable);
}

/* The first '"' or byte below 0x20 in @data, or NULL: where a string
 * ends, or goes wrong. Sixteen bytes are looked at together, as most of
 * a story's bytes are in its strings. */
static const char *
find_string_stop (const char *data,
                  gsize       length)
{
  typedef unsigned char Bytes16 __attribute__ ((vector_size (16)));
  const Bytes16 space = { ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' };
  const Bytes16 quote = { '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"' };
  gsize i = 0;

  for (; i + 16 <= length; i += 16)
    {
      Bytes16 chunk;
      Bytes16 stops;
      guint64 halves[2];

      memcpy (&chunk, data + i, 16);
      stops = (Bytes16) ((chunk < space) | (chunk == quote));
      memcpy (halves, &stops, 16);
      if ((halves[0] | halves[1]) != 0)
        break;
    }

  for (; i < length; i++)
    {
      if ((guchar) data[i] < 0x20 || data[i] == '"')
        return data + i;
    }

  return NULL;
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
  /* The open brackets, innermost last: a closer of the other kind is
   * where the text goes wrong, not the end of the document. */
  g_autofree char *open = g_malloc (max_depth + 1);
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
           * follows an odd number of backslashes is part of the text. */
          for (;;)
            {
              const char *quote = find_string_stop (data + i + 1, length - i - 1);
              gsize backslashes = 0;

              /* JSON allows no raw control character in a string (a
               * line break is written \n); the parser would take it. */
              if (quote != NULL && *quote != '"')
                {
                  g_autofree char *what = describe_error_at (data, length, quote - data);

                  position_at (data, quote - data, &line, &column);
                  g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: line %u, column %u: %s"),
                               display_name, line, column, what);
                  return FALSE;
                }

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
          if (depth < max_depth)
            open[depth] = c;
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
          if (strict && (depth == 0 || open[depth - 1] != (c == '}' ? '{' : '[')))
            {
              position_at (data, i, &line, &column);
              g_set_error (error, CD_ERROR, CD_ERROR_PARSE,
                           _("%s: line %u, column %u: unexpected character '%c'"),
                           display_name, line, column, c);
              return FALSE;
            }
          /* Without @strict a stray closer is left for the parser. */
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

  /* A file cut short: the parser would only point at its last byte. */
  if (strict && depth > 0)
    {
      position_after (data, length, &line, &column);
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: line %u, column %u: unexpected end of the text"),
                   display_name, line, column);
      return FALSE;
    }

  return TRUE;
}

/* Texts this long are checked on a thread of their own while the parser
 * reads them. */
#define PARALLEL_CHECK_SIZE (256 * 1024)

typedef struct
{
  const char *data;
  gsize       length;
  gsize       skipped;
  guint       max_depth;
  const char *display_name;
  GError     *error;
} Check;

/* UTF-8 and the structure: what the parser is not trusted with. */
static gboolean
check_text (Check *check)
{
  const char *invalid_byte;

  if (!cd_utf8_validate (check->data + check->skipped, check->length - check->skipped, &invalid_byte))
    {
      g_set_error (&check->error, CD_ERROR, CD_ERROR_PARSE,
                   _("%s: not UTF-8 text: invalid byte 0x%02X at offset %zu"),
                   check->display_name, (guchar) *invalid_byte, (size_t) (invalid_byte - check->data));
      return FALSE;
    }

  return _cd_json_check_structure (check->data + check->skipped, check->length - check->skipped,
                                   check->max_depth, TRUE, check->display_name, &check->error);
}

static gpointer
check_text_thread (gpointer data)
{
  return GINT_TO_POINTER (check_text (data));
}

/* cJSON's tree of the checked text @data, or an error with its line and
 * column. */
static cJSON *
parse_checked (const char  *data,
               gsize        length,
               const char  *display_name,
               GError     **error)
{
  g_autofree char *what = NULL;
  const char *end = NULL;
  cJSON *root;
  guint line;
  guint column;

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

      _cd_json_tree_free (root);
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
  if ((gsize) (end - data) >= length)
    position_after (data, length, &line, &column);
  else
    position_at (data, end - data, &line, &column);
  g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: line %u, column %u: %s"),
               display_name, line, column, what);

  return NULL;
}

cJSON *
_cd_json_parse (const char  *data,
                gsize        length,
                guint        max_depth,
                gboolean     checked,
                const char  *display_name,
                GError     **error)
{
  Check check = { data, length, 0, max_depth, display_name, NULL };
  g_autoptr(GError) parse_error = NULL;
  CdThread *thread;
  cJSON *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (checked)
    return parse_checked (data, length, display_name, error);

  /* Some editors start UTF-8 files with a byte order mark. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    check.skipped = 3;

  if (length < PARALLEL_CHECK_SIZE)
    {
      if (!check_text (&check))
        {
          g_propagate_error (error, check.error);
          return NULL;
        }
      return parse_checked (data + check.skipped, length - check.skipped, display_name, error);
    }

  /* The parser, which stops at its own nesting limit, reads a long text
   * while another core checks it; its tree is dropped when the check
   * fails, and the check's error is the one given, as it would be first. */
  thread = cd_thread_new ("json-check", check_text_thread, &check);
  root = parse_checked (data + check.skipped, length - check.skipped, display_name, &parse_error);
  if (!GPOINTER_TO_INT (cd_thread_join (thread)))
    {
      g_clear_pointer (&root, _cd_json_tree_free);
      g_propagate_error (error, check.error);
      return NULL;
    }

  if (root == NULL)
    g_propagate_error (error, g_steal_pointer (&parse_error));
  return root;
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

const char *
_cd_json_error_detail (const GError *error,
                       const char   *display_name)
{
  gsize n = strlen (display_name);

  if (strncmp (error->message, display_name, n) == 0 && g_str_has_prefix (error->message + n, ": "))
    return error->message + n + 2;

  return error->message;
}
