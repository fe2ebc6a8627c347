/* cd-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-document.h"
#include "cd-document-private.h"
#include "cd-error.h"
#include "cd-html-import.h"
#include "cd-import.h"
#include "cd-read-counts-private.h"
#include "cd-nitf.h"
#include "cd-ninjs.h"
#include "cd-json-private.h"
#include "cd-wire-private.h"

static char *
display_name_for (GFile *file)
{
  const char *path = g_file_peek_path (file);

  if (path != NULL)
    return g_filename_display_name (path);

  return g_file_get_parse_name (file);
}

/* Past the size a file said it had, it is read in pieces of this size. */
#define READ_CHUNK_SIZE (64 * 1024)

/* Reads at most @limit + 1 bytes, so a file over the limit is known to be
 * one without reading it all. The bytes go straight into a buffer of the
 * size the file has: a long story read through a small buffer was copied
 * twice and its buffer grown and moved again and again. */
static GBytes *
read_limited (GFile       *file,
              gsize        limit,
              const char  *display_name,
              GError     **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GByteArray) buffer = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize hint = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not open “%s”: %s"),
                   display_name, local_error->message);
      return NULL;
    }
  _cd_import_count_read ();

  /* Only a hint: the file may change while it is read. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    hint = (gsize) MIN ((guint64) MAX (g_file_info_get_size (info), 0), (guint64) limit);
  buffer = g_byte_array_sized_new ((guint) MIN (hint + 1, (gsize) G_MAXUINT));

  while (buffer->len <= limit)
    {
      guint length = buffer->len;
      /* The rest of the size it said, and one byte more to see its end. */
      gsize wanted = length <= hint ? hint + 1 - length : READ_CHUNK_SIZE;
      gssize n;

      wanted = MIN (wanted, limit + 1 - length);
      g_byte_array_set_size (buffer, length + (guint) wanted);
      n = g_input_stream_read (G_INPUT_STREAM (stream), buffer->data + length, wanted, NULL, &local_error);
      g_byte_array_set_size (buffer, length + (guint) MAX (n, 0));

      if (n < 0)
        {
          g_set_error (error, CD_ERROR, CD_ERROR_IO, _("Could not read “%s”: %s"),
                       display_name, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static gboolean
is_regular_file (GFile *file)
{
  g_autoptr (GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR;
}

static gboolean
name_ends_with (GFile      *file,
                const char *suffix)
{
  g_autofree char *basename = g_file_get_basename (file);
  gsize length = basename != NULL ? strlen (basename) : 0;
  gsize suffix_length = strlen (suffix);

  return length > suffix_length &&
         g_ascii_strcasecmp (basename + length - suffix_length, suffix) == 0;
}

/* Copydesk's own JSON says so in "format"; a file that does not parse is
 * left to the document loader too, whose errors give line and column. An
 * object is read as ninjs only when it looks like ninjs: an article.json
 * that lost its "format" would come out of the ninjs reader empty, so it
 * goes to the document loader, which says what is missing. The tree
 * parsed here, in @root, is the one the document loader or the ninjs
 * reader reads. */
static gboolean
json_is_copydesk (const char  *data,
                  gsize        length,
                  const char  *display_name,
                  cJSON      **root,
                  GError     **error,
                  gboolean    *refused)
{
  g_autoptr (GError) parse_error = NULL;

  *refused = FALSE;

  *root = _cd_json_parse (data, length, CD_JSON_MAX_DEPTH, FALSE, display_name, &parse_error);
  if (*root == NULL)
    {
      /* Too deep for any reader: said once, here. */
      if (g_error_matches (parse_error, CD_ERROR, CD_ERROR_LIMIT))
        {
          g_propagate_error (error, g_steal_pointer (&parse_error));
          *refused = TRUE;
          return FALSE;
        }
      return TRUE;
    }

  if (!cJSON_IsObject (*root))
    return FALSE;

  return cJSON_HasObjectItem (*root, "format") || !_cd_ninjs_looks_like_ninjs (*root);
}

/* The name of the first element in markup, past an XML declaration,
 * comments and processing instructions, lower-cased and without a
 * namespace prefix; "!doctype html" for an HTML doctype. NULL when there
 * is none to read. */
static char *
first_markup_name (const char *data,
                   gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      const char *name;
      const char *colon;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p != '<')
        return NULL;

      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (p + 4, end - p - 4, "-->");

          if (close == NULL)
            return NULL;
          p = close + 3;
          continue;
        }

      if (end - p >= 2 && p[1] == '?')
        {
          const char *close = g_strstr_len (p + 2, end - p - 2, "?>");

          if (close == NULL)
            return NULL;
          p = close + 2;
          continue;
        }

      if (end - p >= 9 && g_ascii_strncasecmp (p, "<!doctype", 9) == 0)
        {
          const char *q = p + 9;
          const char *close = memchr (p, '>', end - p);

          while (q < end && g_ascii_isspace (*q))
            q++;
          if (end - q >= 4 && g_ascii_strncasecmp (q, "html", 4) == 0 &&
              (end - q == 4 || !g_ascii_isalnum (q[4])))
            return g_strdup ("!doctype html");
          if (close == NULL)
            return NULL;
          p = close + 1;
          continue;
        }

      name = ++p;
      while (p < end && (g_ascii_isalnum (*p) || *p == ':' || *p == '-' || *p == '_' || *p == '.'))
        p++;
      if (p == name)
        return NULL;

      colon = memchr (name, ':', p - name);
      if (colon != NULL)
        name = colon + 1;

      return g_ascii_strdown (name, p - name);
    }

  return NULL;
}

/* NITF and NewsML are XML with their own root; a web page, a Google Docs
 * or Word document saved as HTML, or an HTML fragment saved as .html is
 * HTML. Anything else that opens with markup is left to the NITF reader,
 * whose errors say what is wrong with the XML. */
static gboolean
markup_is_html (GFile      *file,
                const char *data,
                gsize       length)
{
  static const char * const html_roots[] = {
    "!doctype html", "html", "head", "body", "meta", "title", "style", NULL
  };
  static const char * const wire_roots[] = { "nitf", "newsml", "newsmessage", NULL };
  g_autofree char *name = first_markup_name (data, length);

  if (name == NULL)
    return FALSE;

  if (g_strv_contains (html_roots, name))
    return TRUE;

  if (g_strv_contains (wire_roots, name))
    return FALSE;

  return name_ends_with (file, ".html") || name_ends_with (file, ".htm") ||
         name_ends_with (file, ".xhtml");
}

CdArticle *
cd_import_load_with_format (GFile           *file,
                            CdImportFormat  *format,
                            GError         **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (cJSON) root = NULL;
  CdImportFormat kind = CD_IMPORT_FORMAT_ARTICLE;
  CdArticle *article = NULL;
  const char *data = NULL;
  gsize length = 0;
  gsize skip = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Missing files, folders and pipes get the document loader's errors;
   * a .article is always a container, and says so when it is not one. */
  if (!is_regular_file (file) || name_ends_with (file, ".article"))
    goto document;

  display_name = display_name_for (file);
  bytes = read_limited (file, CD_WIRE_MAX_SIZE, display_name, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);

  /* A local file header, or the end record of an empty archive: a
   * container read whole already goes to the loader as it is. */
  if (length >= 4 && data[0] == 'P' && data[1] == 'K' &&
      ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6)))
    {
      if (length > CD_WIRE_MAX_SIZE)
        goto document;

      kind = CD_IMPORT_FORMAT_ARTICLE;
      article = _cd_document_load_read (file, bytes, NULL, error);
      goto done;
    }

  if (length > CD_WIRE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size_full (CD_WIRE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CD_ERROR, CD_ERROR_LIMIT,
                   _("%s: the file is larger than %s and is not a .article container"),
                   display_name, limit);
      return NULL;
    }

  /* UTF-16 XML announces itself with a byte order mark. */
  if (length >= 2 && ((guchar) data[0] == 0xFF || (guchar) data[0] == 0xFE) &&
      ((guchar) data[1] == 0xFE || (guchar) data[1] == 0xFF))
    goto nitf;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  while (skip < length && g_ascii_isspace (data[skip]))
    skip++;

  if (skip == length)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the file is empty"), display_name);
      return NULL;
    }

  if (data[skip] == '{')
    {
      gboolean refused;

      if (json_is_copydesk (data, length, display_name, &root, error, &refused))
        {
          /* The tree parsed goes on to the loader; only a file that
           * does not parse is parsed again there, for its error. */
          kind = CD_IMPORT_FORMAT_ARTICLE;
          if (root == NULL)
            {
              article = _cd_document_load_read (file, bytes, NULL, error);
              goto done;
            }
          /* The text is not read again: the story read from the tree
           * takes its memory, rather than memory the process has not
           * touched yet (a long story's text is megabytes). */
          g_clear_pointer (&bytes, g_bytes_unref);
          article = _cd_document_load_tree (file, length, root, error);
          goto done;
        }
      if (refused)
        return NULL;

      /* Only a text that parsed is told to be ninjs. */
      g_assert (root != NULL);
      kind = CD_IMPORT_FORMAT_NINJS;
      article = _cd_ninjs_read_root (root, display_name, error);
      goto done;
    }

  if (data[skip] == '<' && markup_is_html (file, data + skip, length - skip))
    {
      kind = CD_IMPORT_FORMAT_HTML;
      folder = g_file_get_parent (file);
      article = cd_html_import_document (data, length, display_name, folder, error);
      goto done;
    }

  if (data[skip] == '<')
    goto nitf;

  g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
               _("%s: not a story Copydesk can open: expected a .article container, "
                 "article.json, NITF, ninjs or an HTML page"),
               display_name);
  return NULL;

nitf:
  kind = CD_IMPORT_FORMAT_NITF;
  folder = g_file_get_parent (file);
  article = cd_nitf_read (data, length, display_name, folder, error);
  goto done;

document:
  kind = CD_IMPORT_FORMAT_ARTICLE;
  article = cd_document_load (file, error);

done:
  if (article != NULL && format != NULL)
    *format = kind;

  return article;
}

CdArticle *
cd_import_load (GFile   *file,
                GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cd_import_load_with_format (file, NULL, error);
}
