/* cd-json-writer.c: writing article.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-embed.h"
#include "cd-error.h"
#include "cd-json.h"
#include "cd-json-private.h"
#include "cd-media.h"

/* The members of each block type, in the order of docs/article-format.md:
 * what the writer writes and the reader (cd-json.c) reads. */
#define FIELD(name) { MEMBER_FIELD, CD_BLOCK_FIELD_##name }
#define OTHER(kind) { MEMBER_##kind, 0 }

static const CdJsonMember paragraph_members[] = { FIELD (TEXT), OTHER (MARKS), OTHER (END) };
static const CdJsonMember heading_members[] = { OTHER (LEVEL), FIELD (TEXT), OTHER (MARKS), OTHER (END) };
static const CdJsonMember quote_members[] = { FIELD (TEXT), OTHER (MARKS), FIELD (ATTRIBUTION), OTHER (END) };
static const CdJsonMember pullquote_members[] = { FIELD (TEXT), FIELD (ATTRIBUTION), OTHER (END) };
static const CdJsonMember list_members[] = { OTHER (ORDERED), OTHER (ITEMS), OTHER (END) };
static const CdJsonMember figure_members[] = {
  FIELD (SRC), FIELD (ALT), FIELD (CAPTION), FIELD (CREDIT),
  OTHER (WIDTH), OTHER (HEIGHT), OTHER (END)
};
static const CdJsonMember embed_members[] = {
  FIELD (PROVIDER), FIELD (URL), FIELD (KIND), FIELD (AUTHOR), FIELD (HANDLE),
  FIELD (TITLE), FIELD (TEXT), FIELD (DATE), FIELD (LANG), OTHER (END)
};
static const CdJsonMember divider_members[] = { OTHER (END) };

#undef FIELD
#undef OTHER

const CdJsonMember * const _cd_json_block_members[CD_N_BLOCK_TYPES] = {
  [CD_BLOCK_PARAGRAPH] = paragraph_members,
  [CD_BLOCK_HEADING]   = heading_members,
  [CD_BLOCK_QUOTE]     = quote_members,
  [CD_BLOCK_PULLQUOTE] = pullquote_members,
  [CD_BLOCK_LIST]      = list_members,
  [CD_BLOCK_FIGURE]    = figure_members,
  [CD_BLOCK_EMBED]     = embed_members,
  [CD_BLOCK_DIVIDER]   = divider_members,
};

/* article.json is written straight into a string (pretty, two spaces,
 * "name" : value) without building a tree first: the recovery journal
 * takes a snapshot of the whole story after every change, on the main
 * thread, and a tree's allocations would be most of its cost. */
typedef struct
{
  GString *out;
  guint    level;
  /* Whether the object or array open at each level has a member yet. */
  guint64  filled;
} Writer;

static void
append_indent (Writer *w)
{
  for (guint i = 0; i < w->level; i++)
    g_string_append (w->out, "  ");
}

/* Escapes quote and backslash, control characters as \b \f \n \r \t
 * or \u00XX, and DEL; everything else is written as it is. */
static void
append_quoted (GString    *out,
               const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
        case '\\':
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u00%02x", c);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Starts the next value: after a comma when its container has one
 * already, on a line of its own, with its name inside an object. */
static void
begin_value (Writer     *w,
             const char *member)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << MIN (w->level, 63);

  if (w->level > 0)
    {
      if (w->filled & bit)
        g_string_append_c (w->out, ',');
      w->filled |= bit;
      g_string_append_c (w->out, '\n');
    }
  append_indent (w);
  if (member != NULL)
    {
      append_quoted (w->out, member);
      g_string_append (w->out, " : ");
    }
}

static void
open_container (Writer     *w,
                const char *member,
                char        bracket)
{
  begin_value (w, member);
  g_string_append_c (w->out, bracket);
  w->level++;
  w->filled &= ~(G_GUINT64_CONSTANT (1) << MIN (w->level, 63));
}

/* An empty container closes on its own line: "[]". */
static void
close_container (Writer *w,
                 char    bracket)
{
  gboolean filled = (w->filled & (G_GUINT64_CONSTANT (1) << MIN (w->level, 63))) != 0;

  w->level--;
  if (filled)
    {
      g_string_append_c (w->out, '\n');
      append_indent (w);
    }
  g_string_append_c (w->out, bracket);
}

static void
add_string (Writer     *w,
            const char *member,
            const char *value)
{
  begin_value (w, member);
  if (value != NULL)
    append_quoted (w->out, value);
  else
    g_string_append (w->out, "null");
}

static void
add_int (Writer     *w,
         const char *member,
         gint64      value)
{
  begin_value (w, member);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

static void
add_null (Writer     *w,
          const char *member)
{
  begin_value (w, member);
  g_string_append (w->out, "null");
}

/* For members whose empty value means "not set" and whose schema pattern
 * ("media/…", "https://…", a date) an empty string would not match. */
static void
add_string_or_null (Writer     *w,
                    const char *member,
                    const char *value)
{
  add_string (w, member, value != NULL && *value != '\0' ? value : NULL);
}

static void
add_marks (Writer    *w,
           GPtrArray *marks)
{
  g_autoptr (GPtrArray) sorted = cd_marks_copy (marks);

  cd_marks_sort (sorted);

  open_container (w, "marks", '[');
  for (guint i = 0; i < sorted->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (sorted, i);

      open_container (w, NULL, '{');
      add_string (w, "type", cd_mark_type_to_string (mark->type));
      add_int (w, "start", mark->start);
      add_int (w, "end", mark->end);
      if (mark->type == CD_MARK_LINK)
        add_string (w, "href", mark->href != NULL ? mark->href : "");
      close_container (w, '}');
    }
  close_container (w, ']');
}

static void
add_size (Writer     *w,
          const char *member,
          guint       size)
{
  if (size > 0)
    add_int (w, member, size);
  else
    add_null (w, member);
}

static void
add_block (Writer     *w,
           const char *member,
           CdBlock    *block)
{
  CdBlockType type = cd_block_get_block_type (block);
  const CdJsonMember *members = _cd_json_block_members[type];

  open_container (w, member, '{');
  add_string (w, "type", cd_block_type_to_string (type));
  add_string (w, "id", cd_block_get_id (block));

  for (guint i = 0; members[i].kind != MEMBER_END; i++)
    {
      const CdJsonMember *m = &members[i];

      switch (m->kind)
        {
        case MEMBER_FIELD:
          if (m->field == CD_BLOCK_FIELD_TEXT)
            add_string (w, "text", cd_block_get_text (block));
          else
            add_string_or_null (w, cd_block_field_to_string (m->field),
                                cd_block_get_field (block, m->field));
          break;

        case MEMBER_MARKS:
          add_marks (w, cd_block_get_marks (block));
          break;

        case MEMBER_LEVEL:
          add_int (w, "level", cd_block_get_level (block));
          break;

        case MEMBER_ORDERED:
          begin_value (w, "ordered");
          g_string_append (w->out, cd_block_get_ordered (block) ? "true" : "false");
          break;

        case MEMBER_ITEMS:
          {
            GPtrArray *items = cd_block_get_items (block);

            open_container (w, "items", '[');
            for (guint j = 0; j < items->len; j++)
              {
                const CdListItem *item = g_ptr_array_index (items, j);

                open_container (w, NULL, '{');
                add_string (w, "text", item->text != NULL ? item->text : "");
                add_marks (w, item->marks);
                close_container (w, '}');
              }
            close_container (w, ']');
          }
          break;

        case MEMBER_WIDTH:
          add_size (w, "width", cd_block_get_width (block));
          break;

        case MEMBER_HEIGHT:
          add_size (w, "height", cd_block_get_height (block));
          break;

        case MEMBER_END:
        default:
          g_assert_not_reached ();
        }
    }

  close_container (w, '}');
}

static void
add_field (Writer         *w,
           CdArticle      *article,
           CdArticleField  field)
{
  add_string (w, cd_article_field_to_string (field), cd_article_get_field (article, field));
}

static void
add_strings (Writer             *w,
             const char         *member,
             const char * const *strings)
{
  open_container (w, member, '[');
  for (guint i = 0; strings[i] != NULL; i++)
    add_string (w, NULL, strings[i]);
  close_container (w, ']');
}

GBytes *
cd_json_write (CdArticle *article)
{
  const char * const *dictionary;
  const CdDateline *dateline;
  GPtrArray *bylines;
  GPtrArray *records;
  CdBlock *lead;
  Writer writer = { NULL, 0, 0 };
  Writer *w = &writer;
  guint n_blocks;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  /* Most of the file is the body's text. */
  w->out = g_string_sized_new (4096 + cd_article_get_n_blocks (article) * 512);
  open_container (w, NULL, '{');

  add_string (w, "format", CD_FORMAT_NAME);
  add_int (w, "version", CD_FORMAT_VERSION);

  add_field (w, article, CD_ARTICLE_FIELD_ID);
  add_field (w, article, CD_ARTICLE_FIELD_LANGUAGE);
  add_field (w, article, CD_ARTICLE_FIELD_STATUS);
  add_field (w, article, CD_ARTICLE_FIELD_SLUG);
  add_field (w, article, CD_ARTICLE_FIELD_SECTION);
  add_strings (w, "keywords", cd_article_get_keywords (article));
  add_field (w, article, CD_ARTICLE_FIELD_HEADLINE);
  add_field (w, article, CD_ARTICLE_FIELD_SUBHEADLINE);

  bylines = cd_article_get_bylines (article);
  open_container (w, "bylines", '[');
  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);

      open_container (w, NULL, '{');
      add_string (w, "name", byline->name != NULL ? byline->name : "");
      add_string (w, "title", byline->title != NULL ? byline->title : "");
      close_container (w, '}');
    }
  close_container (w, ']');

  dateline = cd_article_get_dateline (article);
  if (dateline != NULL)
    {
      open_container (w, "dateline", '{');
      add_string (w, "place", dateline->place != NULL ? dateline->place : "");
      add_string (w, "source", dateline->source != NULL ? dateline->source : "");
      add_string_or_null (w, "date", dateline->date);
      close_container (w, '}');
    }
  else
    {
      add_null (w, "dateline");
    }

  add_field (w, article, CD_ARTICLE_FIELD_CREATED);
  add_field (w, article, CD_ARTICLE_FIELD_MODIFIED);
  add_field (w, article, CD_ARTICLE_FIELD_PUBLISHED);
  add_field (w, article, CD_ARTICLE_FIELD_EMBARGO);
  add_field (w, article, CD_ARTICLE_FIELD_NOTES);

  lead = cd_article_get_lead (article);
  if (lead != NULL)
    add_block (w, "lead", lead);
  else
    add_null (w, "lead");

  n_blocks = cd_article_get_n_blocks (article);
  open_container (w, "body", '[');
  for (guint i = 0; i < n_blocks; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      /* The paragraph the caret waits in is the editor's, not the story's. */
      if (!cd_block_is_blank_paragraph (block))
        add_block (w, NULL, block);
    }
  close_container (w, ']');

  /* Only when words were added, so older stories keep their bytes. */
  dictionary = cd_article_get_dictionary (article);
  if (dictionary[0] != NULL)
    add_strings (w, "dictionary", dictionary);

  /* Only once published, so a story that never was keeps the bytes it
   * always had. */
  records = cd_article_get_publish_records (article);
  if (records->len > 0)
    {
      open_container (w, "published_to", '[');
      for (guint i = 0; i < records->len; i++)
        {
          const CdPublishRecord *record = g_ptr_array_index (records, i);
          g_autofree const char **hashes = cd_publish_record_list_media (record);

          open_container (w, NULL, '{');
          add_string (w, "site", record->site);
          add_int (w, "post_id", record->post_id);
          add_string (w, "link", record->link);
          add_string (w, "modified", record->modified);
          open_container (w, "media", '[');
          for (guint j = 0; hashes[j] != NULL; j++)
            {
              open_container (w, NULL, '{');
              add_string (w, "sha256", hashes[j]);
              add_int (w, "id", cd_publish_record_get_media (record, hashes[j]));
              close_container (w, '}');
            }
          close_container (w, ']');
          close_container (w, '}');
        }
      close_container (w, ']');
    }

  close_container (w, '}');
  g_string_append_c (w->out, '\n');

  return g_string_free_to_bytes (w->out);
}
