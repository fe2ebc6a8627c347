/* cd-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-block-private.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"
#include "cd-thread.h"

/* The blocks' paths ("body[1234]") are kept in pieces of this size. */
#define PATHS_CHUNK_SIZE 4096

typedef struct
{
  const char  *display_name;
  GError     **error;
  /* Block id (in the tree, which outlives the reading) → the JSON path
   * of the block that uses it, from @paths. */
  GHashTable   *ids;
  GStringChunk *paths;
} Reader;

static char *
join_path (const char *path,
           const char *member)
{
  if (member == NULL)
    return g_strdup (path);
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strconcat (path, ".", member, NULL);
}

/* "PATH[INDEX]" in @buffer, which one loop keeps from element to
 * element: a long story has thousands of blocks and marks, and their
 * paths are read only by an error message. */
static const char *
index_path (GString    *buffer,
            const char *path,
            guint       index)
{
  char digits[16];
  guint n = 0;

  g_string_assign (buffer, path);
  g_string_append_c (buffer, '[');
  do
    {
      digits[n++] = (char) ('0' + index % 10);
      index /= 10;
    }
  while (index > 0);
  while (n > 0)
    g_string_append_c (buffer, digits[--n]);
  g_string_append_c (buffer, ']');

  return buffer->str;
}

static gboolean invalid (Reader     *r,
                         const char *path,
                         const char *member,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

/* Always returns FALSE, so callers can "return invalid (…)". */
static gboolean
invalid (Reader     *r,
         const char *path,
         const char *member,
         const char *format,
         ...)
{
  g_autofree char *full_path = join_path (path, member);
  g_autofree char *raw = NULL;
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);
  what = _cd_json_printable_text (raw);

  if (*full_path == '\0')
    g_set_error (r->error, CD_ERROR, CD_ERROR_INVALID, "%s: %s", r->display_name, what);
  else
    g_set_error (r->error, CD_ERROR, CD_ERROR_INVALID, "%s: %s: %s",
                 r->display_name, full_path, what);

  return FALSE;
}

static const char *
describe_node (const cJSON *node)
{
  gint64 integer;

  if (cJSON_IsObject (node))
    return _("an object");
  if (cJSON_IsArray (node))
    return _("an array");
  if (cJSON_IsNull (node))
    return _("null");
  if (cJSON_IsString (node))
    return _("a string");
  if (cJSON_IsBool (node))
    return _("a boolean");
  if (_cd_json_get_integer (node, &integer))
    return _("an integer");

  return _("a number");
}

/* NULL for an absent member and for null: "Optional members may be
 * absent or null". */
static const cJSON *
lookup (const cJSON *object,
        const char  *member)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, member);

  if (node == NULL || cJSON_IsNull (node))
    return NULL;

  return node;
}

static gboolean
node_get_string (Reader      *r,
                 const cJSON *node,
                 const char  *path,
                 const char  *member,
                 const char **value)
{
  *value = NULL;
  if (node == NULL)
    return TRUE;

  /* The parser refuses a lone surrogate escape such as "\ud800", so
   * every string here is UTF-8. */
  if (!cJSON_IsString (node))
    return invalid (r, path, member, _("expected a string, found %s"), describe_node (node));

  *value = node->valuestring;
  return TRUE;
}

static gboolean
get_string (Reader      *r,
            const cJSON *object,
            const char  *path,
            const char  *member,
            const char **value)
{
  return node_get_string (r, lookup (object, member), path, member, value);
}

static gboolean
node_get_integer (Reader      *r,
                  const cJSON *node,
                  const char  *path,
                  const char  *member,
                  gboolean    *present,
                  gint64      *value)
{
  *present = FALSE;
  *value = 0;
  if (node == NULL)
    return TRUE;

  if (!_cd_json_get_integer (node, value))
    return invalid (r, path, member, _("expected an integer, found %s"), describe_node (node));

  *present = TRUE;
  return TRUE;
}

static gboolean
get_integer (Reader      *r,
             const cJSON *object,
             const char  *path,
             const char  *member,
             gboolean    *present,
             gint64      *value)
{
  return node_get_integer (r, lookup (object, member), path, member, present, value);
}

/* An integer from 0 to G_MAXUINT, as offsets and sizes are stored. */
static gboolean
node_get_unsigned (Reader      *r,
                   const cJSON *node,
                   const char  *path,
                   const char  *member,
                   gboolean    *present,
                   guint       *value)
{
  gint64 number;

  *value = 0;
  if (!node_get_integer (r, node, path, member, present, &number))
    return FALSE;

  if (number < 0)
    return invalid (r, path, member, _("must not be negative (found %lld)"), (long long) number);
  if (number > G_MAXUINT)
    return invalid (r, path, member, _("%lld is too large"), (long long) number);

  *value = (guint) number;
  return TRUE;
}

static gboolean
get_unsigned (Reader      *r,
              const cJSON *object,
              const char  *path,
              const char  *member,
              gboolean    *present,
              guint       *value)
{
  return node_get_unsigned (r, lookup (object, member), path, member, present, value);
}

static gboolean
get_boolean (Reader     *r,
             const cJSON *object,
             const char *path,
             const char *member,
             gboolean   *present,
             gboolean   *value)
{
  const cJSON *node = lookup (object, member);

  *present = FALSE;
  *value = FALSE;
  if (node == NULL)
    return TRUE;

  if (!cJSON_IsBool (node))
    return invalid (r, path, member, _("expected true or false, found %s"), describe_node (node));

  *present = TRUE;
  *value = cJSON_IsTrue (node);
  return TRUE;
}

static gboolean
get_array (Reader      *r,
           const cJSON *object,
           const char  *path,
           const char  *member,
           const cJSON **array)
{
  const cJSON *node = lookup (object, member);

  *array = NULL;
  if (node == NULL)
    return TRUE;

  if (!cJSON_IsArray (node))
    return invalid (r, path, member, _("expected an array, found %s"), describe_node (node));

  *array = node;
  return TRUE;
}

static gboolean
node_get_object (Reader      *r,
                 const cJSON  *node,
                 const char  *path,
                 const char  *member,
                 const cJSON **object)
{
  *object = NULL;
  if (node == NULL)
    return TRUE;

  if (!cJSON_IsObject (node))
    return invalid (r, path, member, _("expected an object, found %s"), describe_node (node));

  *object = node;
  return TRUE;
}

/* An array element, where null is not a stand-in for an absent member. */
static gboolean
element_get_object (Reader      *r,
                    const cJSON  *node,
                    const char  *path,
                    const cJSON **object)
{
  g_assert (node != NULL);

  return node_get_object (r, node, path, NULL, object);
}

typedef struct
{
  CdMarkType type;
  guint      start;
  guint      end;
  guint      index;
} MarkSpan;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const MarkSpan *sa = a;
  const MarkSpan *sb = b;

  if (sa->type != sb->type)
    return sa->type < sb->type ? -1 : 1;
  if (sa->start != sb->start)
    return sa->start < sb->start ? -1 : 1;
  if (sa->index != sb->index)
    return sa->index < sb->index ? -1 : 1;
  return 0;
}

/* Marks of one type must not overlap; sorting by type and start makes
 * this one pass instead of comparing every pair. */
/* Up to this many marks, a block's are compared pair by pair first,
 * with nothing to allocate and sort: most blocks have a few, and none
 * that overlap. */
#define FEW_MARKS 8

static gboolean
check_overlaps (Reader     *r,
                const char *path,
                GPtrArray  *marks)
{
  g_autoptr (GArray) spans = NULL;

  if (marks->len <= FEW_MARKS)
    {
      gboolean overlap = FALSE;

      for (guint i = 0; i < marks->len && !overlap; i++)
        {
          const CdMark *a = g_ptr_array_index (marks, i);

          for (guint j = i + 1; j < marks->len && !overlap; j++)
            {
              const CdMark *b = g_ptr_array_index (marks, j);

              overlap = a->type == b->type && a->start < b->end && b->start < a->end;
            }
        }
      /* The pair the message names is the one the sorted pass finds. */
      if (!overlap)
        return TRUE;
    }

  spans = g_array_sized_new (FALSE, FALSE, sizeof (MarkSpan), marks->len);

  for (guint i = 0; i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);
      MarkSpan span = { mark->type, mark->start, mark->end, i };

      g_array_append_val (spans, span);
    }

  g_array_sort (spans, compare_spans);

  for (guint i = 1; i < spans->len; i++)
    {
      const MarkSpan *prev = &g_array_index (spans, MarkSpan, i - 1);
      const MarkSpan *span = &g_array_index (spans, MarkSpan, i);

      if (span->type == prev->type && span->start < prev->end)
        {
          g_autofree char *mark_path = g_strdup_printf ("%s[%u]", path, MAX (span->index, prev->index));

          return invalid (r, mark_path, NULL,
                          _("overlaps marks[%u]; marks of the same type (%s) may not overlap"),
                          MIN (span->index, prev->index), cd_mark_type_to_string (span->type));
        }
    }

  return TRUE;
}

enum
{
  MARK_TYPE,
  MARK_START,
  MARK_END,
  MARK_HREF,
  N_MARK_MEMBERS
};

static gboolean
read_mark (Reader     *r,
           const cJSON *node,
           const char *path,
           glong       text_length,
           CdMark    **mark)
{
  const cJSON *object;
  const cJSON *type_node = NULL;
  const cJSON *start_node = NULL;
  const cJSON *end_node = NULL;
  const cJSON *href_node = NULL;
  const cJSON *members[N_MARK_MEMBERS] = { NULL, };
  guint seen = 0;
  const char *type_name;
  const char *href = NULL;
  CdMarkType type;
  gboolean present;
  guint start;
  guint end;

  if (!element_get_object (r, node, path, &object))
    return FALSE;

  /* The members a mark has, found in one pass over them (the first of
   * each name, as a lookup by name finds it) rather than a pass each. */
  for (const cJSON *member = object->child; member != NULL; member = member->next)
    {
      int which = -1;

      if (member->string == NULL)
        continue;
      if (strcmp (member->string, "type") == 0)
        which = MARK_TYPE;
      else if (strcmp (member->string, "start") == 0)
        which = MARK_START;
      else if (strcmp (member->string, "end") == 0)
        which = MARK_END;
      else if (strcmp (member->string, "href") == 0)
        which = MARK_HREF;
      if (which < 0 || (seen & (1u << which)) != 0)
        continue;
      seen |= 1u << which;
      /* A null member is one that is not there, as lookup () says. */
      members[which] = cJSON_IsNull (member) ? NULL : member;
    }
  type_node = members[MARK_TYPE];
  start_node = members[MARK_START];
  end_node = members[MARK_END];
  href_node = members[MARK_HREF];

  if (!node_get_string (r, type_node, path, "type", &type_name))
    return FALSE;
  if (type_name == NULL)
    return invalid (r, path, "type", _("missing mark type (strong, em or link)"));
  if (!cd_mark_type_from_string (type_name, &type))
    return invalid (r, path, "type", _("unknown mark type '%s' (expected strong, em or link)"), type_name);

  if (!node_get_unsigned (r, start_node, path, "start", &present, &start))
    return FALSE;
  if (!present)
    return invalid (r, path, "start", _("missing mark start"));

  if (!node_get_unsigned (r, end_node, path, "end", &present, &end))
    return FALSE;
  if (!present)
    return invalid (r, path, "end", _("missing mark end"));

  if (start >= end)
    return invalid (r, path, "end", _("mark ends at %u, which is not after its start %u"), end, start);
  if (end > text_length)
    return invalid (r, path, "end", _("mark ends after the text (length %ld)"), text_length);

  if (type == CD_MARK_LINK)
    {
      g_autofree char *scheme = NULL;

      if (!node_get_string (r, href_node, path, "href", &href))
        return FALSE;
      if (href == NULL || *href == '\0')
        return invalid (r, path, "href", _("a link needs an address"));

      if (!cd_href_is_allowed (href))
        {
          scheme = g_uri_parse_scheme (href);
          if (scheme == NULL)
            return invalid (r, path, "href",
                            _("link address '%s' has no scheme (use http, https or mailto)"), href);
          if (g_ascii_strcasecmp (scheme, "http") == 0 ||
              g_ascii_strcasecmp (scheme, "https") == 0 ||
              g_ascii_strcasecmp (scheme, "mailto") == 0)
            return invalid (r, path, "href",
                            _("link address '%s' hides the site it opens behind a user name "
                              "before '@' or a backslash"), href);
          return invalid (r, path, "href",
                          _("unsupported link scheme '%s' (use http, https or mailto)"), scheme);
        }
    }
  else
    {
      if (href_node != NULL)
        return invalid (r, path, "href", _("only link marks have an address; this is a %s mark"),
                        type_name);
    }

  *mark = cd_mark_new (type, start, end, href);
  return TRUE;
}

/* Reads @object's "marks" for @text, sorted as cd_marks_sort() does. */
static gboolean
read_marks (Reader      *r,
            const cJSON *object,
            const char  *path,
            const char  *text,
            GPtrArray  **marks)
{
  g_autoptr (GPtrArray) result = NULL;
  g_autofree char *marks_path = NULL;
  g_autoptr (GString) mark_path = NULL;
  glong text_length;
  const cJSON *array;
  const cJSON *element;
  guint i;

  if (!get_array (r, object, path, "marks", &array))
    return FALSE;

  /* Most blocks have none: nothing to make for them. */
  result = cd_marks_new ();
  if (array == NULL || array->child == NULL)
    {
      *marks = g_steal_pointer (&result);
      return TRUE;
    }
  marks_path = join_path (path, "marks");
  mark_path = g_string_new (NULL);

  /* Counted only for a text that has marks to check against it. */
  text_length = (glong) cd_utf8_count (text != NULL ? text : "", -1);
  for (element = array->child, i = 0; element != NULL; element = element->next, i++)
    {
      CdMark *mark = NULL;

      if (!read_mark (r, element, index_path (mark_path, marks_path, i), text_length, &mark))
        return FALSE;

      g_ptr_array_add (result, mark);
    }

  if (!check_overlaps (r, marks_path, result))
    return FALSE;

  cd_marks_sort (result);
  *marks = g_steal_pointer (&result);
  return TRUE;
}

static gboolean
read_list_items (Reader     *r,
                 const cJSON *object,
                 const char *path,
                 CdBlock    *block)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autofree char *items_path = join_path (path, "items");
  g_autoptr (GString) item_path_buffer = g_string_new (NULL);
  const cJSON *array;
  const cJSON *element;
  guint i;

  if (!get_array (r, object, path, "items", &array))
    return FALSE;

  for (element = array != NULL ? array->child : NULL, i = 0; element != NULL; element = element->next, i++)
    {
      const char *item_path = index_path (item_path_buffer, items_path, i);
      g_autoptr (CdListItem) item = NULL;
      const cJSON *item_object;
      const char *text;
      GPtrArray *marks = NULL;

      if (!element_get_object (r, element, item_path, &item_object))
        return FALSE;

      if (!get_string (r, item_object, item_path, "text", &text) ||
          !read_marks (r, item_object, item_path, text, &marks))
        return FALSE;

      item = cd_list_item_new (text);
      g_ptr_array_unref (item->marks);
      item->marks = marks;
      g_ptr_array_add (items, g_steal_pointer (&item));
    }

  cd_block_set_items (block, items);
  return TRUE;
}

/* media/NAME inside the container, or an https URL. A figure whose image
 * is not chosen yet has null, as the writer puts it. */
static gboolean
figure_src_is_valid (const char *src)
{
  if (g_str_has_prefix (src, "https://"))
    return src[strlen ("https://")] != '\0';

  return cd_media_name_from_src (src) != NULL;
}

static gboolean
check_block_field (Reader       *r,
                   const char   *path,
                   CdBlockType   type,
                   CdBlockField  field,
                   const char   *value)
{
  const char *member = cd_block_field_to_string (field);

  /* A hidden name is how .htaccess would get published beside a page. */
  if (type == CD_BLOCK_FIGURE && field == CD_BLOCK_FIELD_SRC && g_str_has_prefix (value, "media/.") &&
      strcmp (value, "media/.") != 0 && strcmp (value, "media/..") != 0 &&
      strchr (value + strlen ("media/"), '/') == NULL)
    return invalid (r, path, member,
                    _("image source '%s' names a hidden file: image names may not start with a dot"),
                    value);

  if (type == CD_BLOCK_FIGURE && field == CD_BLOCK_FIELD_SRC && !figure_src_is_valid (value))
    return invalid (r, path, member,
                    _("image source '%s' must be media/NAME inside the document or an https:// address"),
                    value);

  /* An embed is only ever loaded from https; anything else could run
   * script or leak the reader's address. */
  if (type == CD_BLOCK_EMBED && field == CD_BLOCK_FIELD_URL && !g_str_has_prefix (value, "https://"))
    return invalid (r, path, member, _("embed address '%s' must start with https://"), value);
  if (type == CD_BLOCK_EMBED && field == CD_BLOCK_FIELD_URL && value[strlen ("https://")] == '\0')
    return invalid (r, path, member, _("embed address 'https://' names no site"));

  if (type == CD_BLOCK_EMBED && field == CD_BLOCK_FIELD_PROVIDER &&
      !cd_embed_provider_is_known (value))
    return invalid (r, path, member,
                    _("unknown provider '%s' (expected x, facebook, instagram, youtube, "
                      "tiktok, bluesky, mastodon, threads or link)"),
                    value);

  if (type == CD_BLOCK_EMBED && field == CD_BLOCK_FIELD_KIND && !cd_embed_kind_is_known (value))
    return invalid (r, path, member, _("unknown embed kind '%s' (expected post, video or photo)"),
                    value);

  if (type == CD_BLOCK_EMBED && field == CD_BLOCK_FIELD_LANG && !cd_language_tag_is_valid (value))
    return invalid (r, path, member, _("'%s' is not a language tag (such as en, ar or pt-BR)"),
                    value);

  return TRUE;
}

/* The block's id in @id, checked and taken into r->ids. */
static gboolean
read_block_id (Reader      *r,
               const cJSON *object,
               const char  *path,
               const char **block_id)
{
  const char *id;
  const char *other;

  if (!get_string (r, object, path, "id", &id))
    return FALSE;

  /* The schema requires an id on every block, and exports and the
   * preview address blocks by it; making one up would write back a
   * different story from the one in the file. */
  if (id == NULL)
    return invalid (r, path, "id", _("missing block id"));
  if (*id == '\0')
    return invalid (r, path, "id", _("the block id is empty"));

  other = g_hash_table_lookup (r->ids, id);
  if (other != NULL)
    return invalid (r, path, "id", _("duplicate block id '%s' (also used by %s)"), id, other);

  /* Neither copied on the heap: a long story has thousands of blocks,
   * and the paths are read only by the message above. */
  g_hash_table_insert (r->ids, (gpointer) id, g_string_chunk_insert (r->paths, path));
  *block_id = id;
  return TRUE;
}

static CdBlock *
read_block (Reader     *r,
            const cJSON *node,
            const char *path)
{
  g_autoptr (CdBlock) block = NULL;
  g_autoptr (GPtrArray) marks = NULL;
  const cJSON *object;
  const char *type_name;
  const char *id = NULL;
  const char *text = NULL;
  const CdJsonMember *members;
  CdBlockType type;

  if (!element_get_object (r, node, path, &object))
    return NULL;

  if (!get_string (r, object, path, "type", &type_name))
    return NULL;
  if (type_name == NULL)
    {
      invalid (r, path, "type", _("missing block type"));
      return NULL;
    }
  if (!cd_block_type_from_string (type_name, &type))
    {
      invalid (r, path, "type", _("unknown block type '%s'"), type_name);
      return NULL;
    }

  if (!read_block_id (r, object, path, &id))
    return NULL;
  block = cd_block_new_with_id (type, id);

  members = _cd_json_block_members[type];
  for (guint i = 0; members[i].kind != MEMBER_END; i++)
    {
      const CdJsonMember *m = &members[i];
      gboolean present;

      switch (m->kind)
        {
        case MEMBER_FIELD:
          {
            const char *value;

            if (!get_string (r, object, path, cd_block_field_to_string (m->field), &value))
              return NULL;
            if (value != NULL && !check_block_field (r, path, type, m->field, value))
              return NULL;

            /* Text is set together with its marks below. */
            if (m->field == CD_BLOCK_FIELD_TEXT)
              text = value;
            else
              cd_block_set_field (block, m->field, value);
          }
          break;

        case MEMBER_MARKS:
          if (!read_marks (r, object, path, text, &marks))
            return NULL;
          break;

        case MEMBER_LEVEL:
          {
            gint64 level;

            if (!get_integer (r, object, path, "level", &present, &level))
              return NULL;
            if (present && level != 2 && level != 3)
              {
                invalid (r, path, "level",
                         _("heading level must be 2 or 3, not %lld"), (long long) level);
                return NULL;
              }
            if (present)
              cd_block_set_level (block, (guint) level);
          }
          break;

        case MEMBER_ORDERED:
          {
            gboolean ordered;

            if (!get_boolean (r, object, path, "ordered", &present, &ordered))
              return NULL;
            cd_block_set_ordered (block, ordered);
          }
          break;

        case MEMBER_ITEMS:
          if (!read_list_items (r, object, path, block))
            return NULL;
          break;

        case MEMBER_WIDTH:
        case MEMBER_HEIGHT:
          {
            const char *member = m->kind == MEMBER_WIDTH ? "width" : "height";
            guint size;

            if (!get_unsigned (r, object, path, member, &present, &size))
              return NULL;
            if (m->kind == MEMBER_WIDTH)
              cd_block_set_size (block, size, cd_block_get_height (block));
            else
              cd_block_set_size (block, cd_block_get_width (block), size);
          }
          break;

        case MEMBER_END:
        default:
          g_assert_not_reached ();
        }
    }

  /* The marks were read for this block alone: it takes them. */
  if (marks != NULL)
    _cd_block_take_text_and_marks (block, text, g_steal_pointer (&marks));
  else if (text != NULL)
    cd_block_set_text_and_marks (block, text, NULL);

  return g_steal_pointer (&block);
}

/* An array of strings under @member: "keywords", "dictionary". */
static gboolean
read_string_list (Reader      *r,
                  const cJSON *root,
                  const char  *member,
                  GStrv       *result)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const cJSON *array;
  const cJSON *element;
  guint i;

  if (!get_array (r, root, "", member, &array))
    return FALSE;

  for (element = array != NULL ? array->child : NULL, i = 0; element != NULL; element = element->next, i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);
      const char *value;

      if (cJSON_IsNull (element))
        return invalid (r, path, NULL, _("expected a string, found null"));
      if (!node_get_string (r, element, path, NULL, &value))
        return FALSE;

      g_strv_builder_add (builder, value);
    }

  *result = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_keywords (Reader     *r,
               const cJSON *root,
               CdArticle  *article)
{
  g_auto (GStrv) keywords = NULL;

  if (!read_string_list (r, root, "keywords", &keywords))
    return FALSE;

  cd_article_set_keywords (article, (const char * const *) keywords);
  return TRUE;
}

static gboolean
read_dictionary (Reader     *r,
                 const cJSON *root,
                 CdArticle  *article)
{
  g_auto (GStrv) words = NULL;

  if (!read_string_list (r, root, "dictionary", &words))
    return FALSE;

  cd_article_set_dictionary (article, (const char * const *) words);
  return TRUE;
}

static gboolean
read_bylines (Reader     *r,
              const cJSON *root,
              CdArticle  *article)
{
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  const cJSON *array;
  const cJSON *element;
  guint i;

  if (!get_array (r, root, "", "bylines", &array))
    return FALSE;

  for (element = array != NULL ? array->child : NULL, i = 0; element != NULL; element = element->next, i++)
    {
      g_autofree char *path = g_strdup_printf ("bylines[%u]", i);
      const cJSON *object;
      const char *name;
      const char *title;

      if (!element_get_object (r, element, path, &object))
        return FALSE;

      if (!get_string (r, object, path, "name", &name) ||
          !get_string (r, object, path, "title", &title))
        return FALSE;
      if (name == NULL)
        return invalid (r, path, "name", _("missing byline name"));

      g_ptr_array_add (bylines, cd_byline_new (name, title));
    }

  cd_article_set_bylines (article, bylines);
  return TRUE;
}

static gboolean
sha256_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }
  return TRUE;
}

/* "published_to": where the story was published, one record per site. */
static gboolean
read_published_to (Reader     *r,
                   const cJSON *root,
                   CdArticle  *article)
{
  const cJSON *array;
  const cJSON *element;
  guint i;

  if (!get_array (r, root, "", "published_to", &array))
    return FALSE;

  for (element = array != NULL ? array->child : NULL, i = 0; element != NULL; element = element->next, i++)
    {
      g_autofree char *path = g_strdup_printf ("published_to[%u]", i);
      g_autoptr (CdPublishRecord) record = NULL;
      const cJSON *object;
      const cJSON *media;
      const cJSON *entry_node;
      guint j;
      const char *site;
      const char *link;
      const char *modified;
      gboolean present;
      gint64 post_id;

      if (!element_get_object (r, element, path, &object))
        return FALSE;

      if (!get_string (r, object, path, "site", &site) ||
          !get_string (r, object, path, "link", &link) ||
          !get_string (r, object, path, "modified", &modified) ||
          !get_integer (r, object, path, "post_id", &present, &post_id) ||
          !get_array (r, object, path, "media", &media))
        return FALSE;

      if (site == NULL || *site == '\0')
        return invalid (r, path, "site", _("the site's address is missing"));
      if (cd_article_find_publish_record (article, site) != NULL)
        return invalid (r, path, "site", _("the site “%s” is listed twice"), site);
      if (!present || post_id <= 0)
        return invalid (r, path, "post_id", _("expected the post's number, a positive integer"));

      record = cd_publish_record_new (site);
      record->post_id = post_id;
      record->link = g_strdup (link);
      record->modified = g_strdup (modified);

      for (entry_node = media != NULL ? media->child : NULL, j = 0; entry_node != NULL;
           entry_node = entry_node->next, j++)
        {
          g_autofree char *media_path = g_strdup_printf ("%s.media[%u]", path, j);
          const cJSON *entry;
          const char *sha256;
          gint64 id;

          if (!element_get_object (r, entry_node, media_path, &entry) ||
              !get_string (r, entry, media_path, "sha256", &sha256) ||
              !get_integer (r, entry, media_path, "id", &present, &id))
            return FALSE;

          if (!sha256_is_valid (sha256))
            return invalid (r, media_path, "sha256", _("expected a SHA-256 hash in 64 lower-case hexadecimal digits"));
          if (!present || id <= 0)
            return invalid (r, media_path, "id", _("expected the media item's number, a positive integer"));

          cd_publish_record_set_media (record, sha256, id);
        }

      cd_article_set_publish_record (article, record);
    }

  return TRUE;
}

static gboolean
read_dateline (Reader     *r,
               const cJSON *root,
               CdArticle  *article)
{
  g_autoptr (CdDateline) dateline = NULL;
  const cJSON *object;
  const char *place;
  const char *source;
  const char *date;

  if (!node_get_object (r, lookup (root, "dateline"), "", "dateline", &object))
    return FALSE;

  if (object == NULL)
    {
      cd_article_set_dateline (article, NULL);
      return TRUE;
    }

  if (!get_string (r, object, "dateline", "place", &place) ||
      !get_string (r, object, "dateline", "source", &source) ||
      !get_string (r, object, "dateline", "date", &date))
    return FALSE;

  if (date != NULL && !cd_date_is_valid (date))
    return invalid (r, "dateline", "date", _("'%s' is not a date (expected YYYY-MM-DD)"), date);

  dateline = cd_dateline_new (place, source, date);
  cd_article_set_dateline (article, dateline);
  return TRUE;
}

static gboolean
read_fields (Reader     *r,
             const cJSON *root,
             CdArticle  *article)
{
  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    {
      const char *member = cd_article_field_to_string (i);
      const char *value;

      if (!get_string (r, root, "", member, &value))
        return FALSE;

      if (i == CD_ARTICLE_FIELD_STATUS && value != NULL && !cd_article_status_is_valid (value))
        return invalid (r, "", member,
                        _("unknown status '%s' (expected draft, edit, approved or published)"),
                        value);

      if (i == CD_ARTICLE_FIELD_LANGUAGE && value != NULL && !cd_language_tag_is_valid (value))
        return invalid (r, "", member, _("'%s' is not a language tag (such as en, ar or pt-BR)"),
                        value);

      if ((i == CD_ARTICLE_FIELD_CREATED || i == CD_ARTICLE_FIELD_MODIFIED ||
           i == CD_ARTICLE_FIELD_PUBLISHED || i == CD_ARTICLE_FIELD_EMBARGO) &&
          value != NULL && !cd_date_time_is_valid (value))
        return invalid (r, "", member,
                        _("'%s' is not a date and time (expected such as 2024-05-14T08:12:00Z)"),
                        value);

      /* A required member that is missing keeps the default of a new
       * story (a fresh id, "en", "draft", no headline). */
      if (value != NULL || cd_article_field_is_optional (i))
        cd_article_set_field (article, i, value);
    }

  return TRUE;
}

static gboolean
read_lead (Reader     *r,
           const cJSON *root,
           CdArticle  *article)
{
  g_autoptr (CdBlock) lead = NULL;
  const cJSON *node = lookup (root, "lead");

  if (node == NULL)
    {
      cd_article_set_lead (article, NULL);
      return TRUE;
    }

  lead = read_block (r, node, "lead");
  if (lead == NULL)
    return FALSE;

  if (cd_block_get_block_type (lead) != CD_BLOCK_FIGURE)
    return invalid (r, "lead", "type", _("the lead must be a figure or null, not a %s"),
                    cd_block_type_to_string (cd_block_get_block_type (lead)));

  cd_article_set_lead (article, lead);
  return TRUE;
}

/* Reads the body's elements from @element (index @first) up to @stop
 * into @blocks; FALSE at the first that is wrong. */
static gboolean
read_blocks (Reader      *r,
             const cJSON *element,
             guint        first,
             const cJSON *stop,
             GPtrArray   *blocks)
{
  g_autoptr (GString) path = g_string_new (NULL);

  for (guint i = first; element != stop; element = element->next, i++)
    {
      CdBlock *block = read_block (r, element, index_path (path, "body", i));

      if (block == NULL)
        return FALSE;

      g_ptr_array_add (blocks, block);
    }

  return TRUE;
}

/* Bodies this long are read by two threads at once: this one and one of
 * its own. */
#define PARALLEL_BODY_BLOCKS 512
/* How many blocks a reader takes at a time: few enough that the two
 * finish together, whichever core is the faster, and enough that taking
 * them costs nothing. */
#define BODY_RUN_BLOCKS 32

typedef struct
{
  Reader        reader;
  GError       *error;
  const cJSON **elements;
  CdBlock     **slots;
  guint         n;
  /* The next run not taken, shared by both readers. */
  gint         *next_run;
} BodyPart;

static void
body_part_init (BodyPart     *part,
                Reader       *r,
                const cJSON **elements,
                CdBlock     **slots,
                guint         n,
                gint         *next_run)
{
  part->reader.display_name = r->display_name;
  part->reader.error = &part->error;
  part->reader.ids = g_hash_table_new (g_str_hash, g_str_equal);
  part->reader.paths = g_string_chunk_new (PATHS_CHUNK_SIZE);
  part->error = NULL;
  part->elements = elements;
  part->slots = slots;
  part->n = n;
  part->next_run = next_run;
}

static void
body_part_clear (BodyPart *part)
{
  g_clear_error (&part->error);
  g_hash_table_unref (part->reader.ids);
  g_string_chunk_free (part->reader.paths);
}

/* Reads runs of the body into their slots until none is left. FALSE at
 * the first block that is wrong; the other reader then stops too. */
static gboolean
read_runs (BodyPart *part)
{
  g_autoptr (GString) path = g_string_new (NULL);
  guint n_runs = (part->n + BODY_RUN_BLOCKS - 1) / BODY_RUN_BLOCKS;

  for (;;)
    {
      guint run = (guint) g_atomic_int_add (part->next_run, 1);
      guint end;

      if (run >= n_runs)
        return TRUE;

      end = MIN ((run + 1) * BODY_RUN_BLOCKS, part->n);
      for (guint i = run * BODY_RUN_BLOCKS; i < end; i++)
        {
          part->slots[i] = read_block (&part->reader, part->elements[i], index_path (path, "body", i));
          if (part->slots[i] == NULL)
            {
              g_atomic_int_set (part->next_run, (gint) n_runs);
              return FALSE;
            }
        }
    }
}

static gpointer
read_runs_thread (gpointer data)
{
  return GINT_TO_POINTER (read_runs (data));
}

/* Whether an id is in both sets. */
static gboolean
ids_meet (GHashTable *a,
          GHashTable *b)
{
  GHashTableIter iter;
  gpointer id;

  if (g_hash_table_size (a) > g_hash_table_size (b))
    return ids_meet (b, a);

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      if (g_hash_table_contains (b, id))
        return TRUE;
    }

  return FALSE;
}

/* A long body, read by this thread and another at once, each taking
 * runs of blocks in turn with ids of its own; FALSE when a block is
 * wrong or an id is used twice, which a reading in order then names. */
static gboolean
read_body_in_parts (Reader      *r,
                    const cJSON *array,
                    guint        n,
                    CdArticle   *article)
{
  g_autofree const cJSON **elements = g_new (const cJSON *, n);
  g_autofree CdBlock **slots = g_new0 (CdBlock *, n);
  BodyPart mine;
  BodyPart other;
  CdThread *thread;
  gint next_run = 0;
  gboolean read_all;
  guint i = 0;

  for (const cJSON *element = array->child; element != NULL; element = element->next)
    elements[i++] = element;

  body_part_init (&mine, r, elements, slots, n, &next_run);
  body_part_init (&other, r, elements, slots, n, &next_run);
  thread = cd_thread_new ("json-body", read_runs_thread, &other);
  read_all = read_runs (&mine);
  read_all = GPOINTER_TO_INT (cd_thread_join (thread)) && read_all &&
             !ids_meet (mine.reader.ids, other.reader.ids) &&
             !ids_meet (r->ids, mine.reader.ids) &&
             !ids_meet (r->ids, other.reader.ids);

  /* The body is the last member with block ids: the parts' need not
   * join the story's. */
  if (read_all)
    cd_article_append_blocks (article, slots, n);

  for (i = 0; i < n; i++)
    g_clear_object (&slots[i]);
  body_part_clear (&mine);
  body_part_clear (&other);

  return read_all;
}

static gboolean
read_body (Reader     *r,
           const cJSON *root,
           CdArticle  *article)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  const cJSON *array;
  guint n = 0;

  if (!get_array (r, root, "", "body", &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (const cJSON *element = array->child; element != NULL; element = element->next)
    n++;

  if (n >= PARALLEL_BODY_BLOCKS && read_body_in_parts (r, array, n, article))
    return TRUE;

  /* A short body, or a long one that is wrong: read in order, what is
   * wrong is said as a reading from the start finds it. */
  if (!read_blocks (r, array->child, 0, NULL, blocks))
    return FALSE;
  cd_article_append_blocks (article, (CdBlock **) blocks->pdata, blocks->len);
  return TRUE;
}

static gboolean
read_version (Reader     *r,
              const cJSON *root)
{
  gboolean present;
  gint64 version;

  if (!get_integer (r, root, "", "version", &present, &version))
    return FALSE;
  if (!present)
    return invalid (r, "", NULL, _("missing 'version': not a Copydesk article"));

  if (version > CD_FORMAT_VERSION)
    {
      g_set_error (r->error, CD_ERROR, CD_ERROR_VERSION,
                   _("%s: was written by a newer Copydesk (format version %lld); "
                     "this version reads version %d"),
                   r->display_name, (long long) version, CD_FORMAT_VERSION);
      return FALSE;
    }

  if (version < 1)
    return invalid (r, "", "version", _("unknown format version %lld"), (long long) version);

  return TRUE;
}

static gboolean
read_format (Reader     *r,
             const cJSON *root)
{
  const cJSON *node = lookup (root, "format");
  const char *format;

  if (node == NULL)
    return invalid (r, "", NULL, _("missing 'format': not a Copydesk article"));

  if (!node_get_string (r, node, "", "format", &format))
    return FALSE;

  if (g_strcmp0 (format, CD_FORMAT_NAME) != 0)
    return invalid (r, "", "format", _("'%s' is not a Copydesk article (expected '%s')"),
                    format, CD_FORMAT_NAME);

  return TRUE;
}

static gboolean
read_article (Reader      *r,
              const cJSON *root,
              CdArticle   *article)
{
  if (!cJSON_IsObject (root))
    return invalid (r, "", NULL, _("not a Copydesk article: the top level is %s, not an object"),
                    describe_node (root));

  if (!read_format (r, root) ||
      !read_version (r, root) ||
      !read_fields (r, root, article) ||
      !read_keywords (r, root, article) ||
      !read_dictionary (r, root, article) ||
      !read_bylines (r, root, article) ||
      !read_dateline (r, root, article) ||
      !read_lead (r, root, article) ||
      !read_body (r, root, article) ||
      !read_published_to (r, root, article))
    return FALSE;

  return TRUE;
}

static CdArticle *
read_root (const cJSON  *root,
           const char  *display_name,
           GError     **error)
{
  g_autoptr (CdArticle) article = NULL;
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GStringChunk) paths = NULL;
  Reader r;

  if (root == NULL)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_PARSE, _("%s: the file is empty"), display_name);
      return NULL;
    }

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  paths = g_string_chunk_new (PATHS_CHUNK_SIZE);
  r.display_name = display_name;
  r.error = error;
  r.ids = ids;
  r.paths = paths;

  article = cd_article_new ();
  if (!read_article (&r, root, article))
    return NULL;

  return g_steal_pointer (&article);
}

CdArticle *
cd_json_read (const char  *data,
              gsize        length,
              const char  *display_name,
              GError     **error)
{
  g_autoptr (cJSON) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = _cd_json_parse (data, length, CD_JSON_MAX_DEPTH, FALSE, display_name, error);
  if (root == NULL)
    return NULL;

  return read_root (root, display_name, error);
}

CdArticle *
_cd_json_read_tree (const cJSON  *root,
                    const char   *display_name,
                    GError      **error)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_root (root, display_name, error);
}
