/* cd-preflight.c: the desk's checks before a story goes out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preflight"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-preflight.h"

G_DEFINE_BOXED_TYPE (CdPreflightItem, cd_preflight_item,
                     cd_preflight_item_copy, cd_preflight_item_free)

CdPreflightItem *
cd_preflight_item_copy (const CdPreflightItem *item)
{
  CdPreflightItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (CdPreflightItem, 1);
  copy->check = item->check;
  copy->severity = item->severity;
  copy->message = g_strdup (item->message);
  copy->field = g_strdup (item->field);
  copy->block_id = g_strdup (item->block_id);
  copy->block_field = g_strdup (item->block_field);

  return copy;
}

void
cd_preflight_item_free (CdPreflightItem *item)
{
  if (item == NULL)
    return;

  g_free (item->message);
  g_free (item->field);
  g_free (item->block_id);
  g_free (item->block_field);
  g_free (item);
}

/* Limits from the house style */

/* The number after "NAME:" in @css, or 0. Custom properties keep the
 * rules in the one file that is the house style, and a browser reading
 * the exported page ignores them. */
static guint
read_property (const char *css,
               const char *name)
{
  gsize name_length = strlen (name);

  for (const char *p = strstr (css, name); p != NULL; p = strstr (p + 1, name))
    {
      const char *value = p + name_length;
      guint64 number;
      char *end;

      /* "--cd-limit-dek" must not match inside "--cd-limit-dek-x". */
      while (*value == ' ' || *value == '\t')
        value++;
      if (*value != ':')
        continue;
      value++;
      while (*value == ' ' || *value == '\t')
        value++;
      if (!g_ascii_isdigit (*value))
        continue;

      number = g_ascii_strtoull (value, &end, 10);
      return (guint) MIN (number, G_MAXUINT);
    }

  return 0;
}

void
cd_preflight_limits_from_stylesheet (CdPreflightLimits *limits,
                                     const char        *stylesheet)
{
  g_return_if_fail (limits != NULL);

  memset (limits, 0, sizeof *limits);
  if (stylesheet == NULL)
    return;

  limits->headline = read_property (stylesheet, "--cd-limit-headline");
  limits->dek = read_property (stylesheet, "--cd-limit-dek");
  limits->caption = read_property (stylesheet, "--cd-limit-caption");
  limits->dateline_required = read_property (stylesheet, "--cd-require-dateline") != 0;
}

/* The checks */

typedef struct
{
  GPtrArray         *items;
  CdArticle         *article;
  const CdPreflightLimits *limits;
  GDateTime         *now;
  /* Where the text being looked at sits. */
  const char        *field;
  const char        *block_id;
} Run;

static void add_item (Run                 *run,
                      CdPreflightCheck     check,
                      CdPreflightSeverity  severity,
                      const char          *block_field,
                      const char          *format,
                      ...) G_GNUC_PRINTF (5, 6);

static void
add_item (Run                 *run,
          CdPreflightCheck     check,
          CdPreflightSeverity  severity,
          const char          *block_field,
          const char          *format,
          ...)
{
  CdPreflightItem *item = g_new0 (CdPreflightItem, 1);
  va_list args;

  va_start (args, format);
  item->message = g_strdup_vprintf (format, args);
  va_end (args);

  item->check = check;
  item->severity = severity;
  item->field = g_strdup (run->field);
  item->block_id = g_strdup (run->block_id);
  item->block_field = g_strdup (block_field);

  g_ptr_array_add (run->items, item);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_';
}

/* "TK" and "TKTK" (any number of TKs) standing as a word of their own,
 * in capitals as the desk types them: "TK" inside "ATKINS" or "tk" is
 * not a placeholder. */
static gboolean
has_placeholder (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = strstr (text, "TK"); p != NULL; p = strstr (p + 1, "TK"))
    {
      const char *end = p;

      if (p > text && is_word_char (g_utf8_get_char (g_utf8_find_prev_char (text, p))))
        continue;

      while (end[0] == 'T' && end[1] == 'K')
        end += 2;

      if (*end == '\0' || !is_word_char (g_utf8_get_char (end)))
        return TRUE;
    }

  return FALSE;
}

/* Where a message is about, for its reader: @label ("Headline",
 * "Caption") alone for the story's fields, with the block for blocks. */
static char *
describe_place (Run        *run,
                const char *label)
{
  if (run->block_id == NULL)
    return g_strdup (label);

  /* Translators: "Caption in block p3": a part of a block, the block's id */
  return g_strdup_printf (_("%s in block %s"), label, run->block_id);
}

static void
check_placeholder (Run        *run,
                   const char *text,
                   const char *block_field,
                   const char *label)
{
  g_autofree char *place = NULL;

  if (!has_placeholder (text))
    return;

  place = describe_place (run, _(label));
  add_item (run, CD_PREFLIGHT_PLACEHOLDER, CD_PREFLIGHT_ERROR, block_field,
            /* Translators: %s is where ("Headline", "Caption in block p3") */
            _("%s: a “TK” placeholder is left"), place);
}

static void
check_length (Run        *run,
              const char *text,
              guint       limit,
              const char *block_field,
              const char *label)
{
  g_autofree char *place = NULL;
  glong length;

  if (limit == 0 || text == NULL)
    return;

  length = g_utf8_strlen (text, -1);
  if (length <= (glong) limit)
    return;

  place = describe_place (run, _(label));
  add_item (run, CD_PREFLIGHT_TOO_LONG, CD_PREFLIGHT_WARNING, block_field,
            /* Translators: %s is where ("Headline", "Caption in block p3") */
            _("%s: %ld characters, over the house limit of %u"),
            place, length, limit);
}

/* A story links to itself when a link's last path segment (without
 * ".html") is the story's slug. */
static gboolean
href_is_story (const char *href,
               const char *slug)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *last = NULL;
  char *slash;

  if (slug == NULL || slug[0] == '\0')
    return FALSE;

  /* Without an escape in it, a link whose last segment is the slug has
   * the slug in it as it is: most links are told apart without being
   * parsed. */
  if (strchr (href, '%') == NULL && strstr (href, slug) == NULL)
    return FALSE;

  uri = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_path (uri) == NULL)
    return FALSE;

  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (path == NULL)
    return FALSE;

  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  slash = strrchr (path, '/');
  last = g_strdup (slash != NULL ? slash + 1 : path);
  if (g_str_has_suffix (last, ".html"))
    last[strlen (last) - 5] = '\0';
  else if (g_str_has_suffix (last, ".htm"))
    last[strlen (last) - 4] = '\0';

  return g_str_equal (last, slug);
}

static void
check_links (Run       *run,
             GPtrArray *marks)
{
  const char *slug = cd_article_get_field (run->article, CD_ARTICLE_FIELD_SLUG);

  if (marks == NULL)
    return;

  for (guint i = 0; i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->type != CD_MARK_LINK || mark->href == NULL)
        continue;

      if (g_ascii_strncasecmp (mark->href, "http:", 5) == 0)
        add_item (run, CD_PREFLIGHT_INSECURE_LINK, CD_PREFLIGHT_WARNING, "text",
                  _("Block %s links to %s without https"), run->block_id, mark->href);

      if (href_is_story (mark->href, slug))
        add_item (run, CD_PREFLIGHT_SELF_LINK, CD_PREFLIGHT_WARNING, "text",
                  _("Block %s links to this story itself (%s)"), run->block_id, mark->href);
    }
}

static void
check_fields (Run *run)
{
  CdArticle *article = run->article;
  const char *headline = cd_article_get_headline (article);
  const char *dek = cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const char *embargo = cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO);
  const CdDateline *dateline = cd_article_get_dateline (article);
  GPtrArray *bylines = cd_article_get_bylines (article);
  const char * const *keywords = cd_article_get_keywords (article);
  gboolean has_byline = FALSE;

  run->field = "headline";
  check_length (run, headline, run->limits->headline, NULL, N_("Headline"));
  check_placeholder (run, headline, NULL, N_("Headline"));

  run->field = "subheadline";
  check_length (run, dek, run->limits->dek, NULL, N_("Dek"));
  check_placeholder (run, dek, NULL, N_("Dek"));

  run->field = "bylines";
  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);

      if (!is_blank (byline->name))
        has_byline = TRUE;
      check_placeholder (run, byline->name, NULL, N_("Byline"));
      check_placeholder (run, byline->title, NULL, N_("Byline"));
    }
  if (!has_byline)
    add_item (run, CD_PREFLIGHT_NO_BYLINE, CD_PREFLIGHT_WARNING, NULL,
              _("The story has no byline"));

  run->field = "dateline";
  if (dateline != NULL)
    {
      check_placeholder (run, dateline->place, NULL, N_("Dateline"));
      check_placeholder (run, dateline->source, NULL, N_("Dateline"));
    }
  if (run->limits->dateline_required && (dateline == NULL || is_blank (dateline->place)))
    add_item (run, CD_PREFLIGHT_NO_DATELINE, CD_PREFLIGHT_WARNING, NULL,
              _("The story has no dateline, which the house style asks for"));

  run->field = "embargo";
  if (embargo != NULL && embargo[0] != '\0')
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (embargo, NULL);

      if (until != NULL && g_date_time_compare (until, run->now) > 0)
        {
          g_autoptr(GDateTime) utc = g_date_time_to_utc (until);
          g_autofree char *when = g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");

          add_item (run, CD_PREFLIGHT_EMBARGO, CD_PREFLIGHT_ERROR, NULL,
                    _("The story is under embargo until %s"), when);
        }
    }

  run->field = "slug";
  check_placeholder (run, cd_article_get_field (article, CD_ARTICLE_FIELD_SLUG), NULL, N_("Slug"));
  run->field = "section";
  check_placeholder (run, cd_article_get_field (article, CD_ARTICLE_FIELD_SECTION), NULL, N_("Section"));
  run->field = "keywords";
  for (guint i = 0; keywords[i] != NULL; i++)
    check_placeholder (run, keywords[i], NULL, N_("Keywords"));

  run->field = NULL;
}

static void
check_figure (Run     *run,
              CdBlock *block)
{
  const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
  const char *caption = cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION);

  if (is_blank (src))
    {
      add_item (run, CD_PREFLIGHT_EMPTY_BLOCK, CD_PREFLIGHT_WARNING, NULL,
                _("Block %s is a photo without an image"), run->block_id);
      return;
    }

  if (is_blank (cd_block_get_field (block, CD_BLOCK_FIELD_ALT)))
    add_item (run, CD_PREFLIGHT_PHOTO_NO_ALT, CD_PREFLIGHT_ERROR, "alt",
              _("The photo in block %s has no alt text"), run->block_id);
  if (is_blank (cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT)))
    add_item (run, CD_PREFLIGHT_PHOTO_NO_CREDIT, CD_PREFLIGHT_WARNING, "credit",
              _("The photo in block %s has no credit"), run->block_id);

  check_length (run, caption, run->limits->caption, "caption", N_("Caption"));
  check_placeholder (run, caption, "caption", N_("Caption"));
  check_placeholder (run, cd_block_get_field (block, CD_BLOCK_FIELD_ALT), "alt", N_("Alt text"));
  check_placeholder (run, cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT), "credit", N_("Credit"));
}

static void
check_embed (Run     *run,
             CdBlock *block)
{
  if (is_blank (cd_block_get_field (block, CD_BLOCK_FIELD_URL)))
    {
      add_item (run, CD_PREFLIGHT_EMPTY_BLOCK, CD_PREFLIGHT_WARNING, NULL,
                _("Block %s is an embed without an address"), run->block_id);
      return;
    }

  /* The static card, the default export, shows only the stored title
   * and text: without them it is an empty box with a link. */
  if (is_blank (cd_block_get_field (block, CD_BLOCK_FIELD_TEXT)) &&
      is_blank (cd_block_get_field (block, CD_BLOCK_FIELD_TITLE)))
    add_item (run, CD_PREFLIGHT_EMBED_NO_TEXT, CD_PREFLIGHT_ERROR, "text",
              _("The embed in block %s has no stored text for its card"), run->block_id);

  check_placeholder (run, cd_block_get_field (block, CD_BLOCK_FIELD_TEXT), "text", N_("Text"));
  check_placeholder (run, cd_block_get_field (block, CD_BLOCK_FIELD_TITLE), "title", N_("Title"));
  check_placeholder (run, cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR), "author", N_("Author"));
}

/* A paragraph's text without the ASCII blanks around it (as
 * g_strstrip () takes them off), read in place, for finding repeats. */
typedef struct
{
  const char *text;
  gsize       length;
  guint       hash;
  const char *block_id;
} Paragraph;

/* The paragraphs seen so far, in a set that hashes each text once:
 * g_str_hash () on a copy, once to look and once to add, was half of
 * the checks of a long story. */
typedef struct
{
  GHashTable *set;
  Paragraph  *seen;
  guint       n_seen;
  guint       n_allocated;
} Paragraphs;

static guint
paragraph_hash (gconstpointer key)
{
  return ((const Paragraph *) key)->hash;
}

static gboolean
paragraph_equal (gconstpointer a,
                 gconstpointer b)
{
  const Paragraph *pa = a;
  const Paragraph *pb = b;

  return pa->length == pb->length && memcmp (pa->text, pb->text, pa->length) == 0;
}

/* Eight bytes at a time, each mixed in by a multiplication. */
static guint
hash_text (const char *text,
           gsize       length)
{
  const guint64 k = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  guint64 hash = length * k;
  guint64 last = 0;
  gsize i;

  for (i = 0; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      hash = (hash ^ word) * k;
      hash ^= hash >> 29;
    }
  for (; i < length; i++)
    last = (last << 8) | (guchar) text[i];
  hash = (hash ^ last) * k;

  return (guint) (hash ^ (hash >> 32));
}

static void
paragraphs_init (Paragraphs *paragraphs,
                 guint       n_blocks)
{
  paragraphs->set = g_hash_table_new (paragraph_hash, paragraph_equal);
  paragraphs->n_allocated = n_blocks;
  paragraphs->seen = g_new (Paragraph, n_blocks);
  paragraphs->n_seen = 0;
}

static void
paragraphs_clear (Paragraphs *paragraphs)
{
  g_clear_pointer (&paragraphs->set, g_hash_table_unref);
  g_clear_pointer (&paragraphs->seen, g_free);
}

/* The block that had @text first, or NULL when it is the first. */
static const char *
paragraphs_find_or_add (Paragraphs *paragraphs,
                        const char *text,
                        const char *block_id)
{
  const char *end = text + strlen (text);
  Paragraph key;
  const Paragraph *found;

  while (text < end && g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;

  key.text = text;
  key.length = end - text;
  key.hash = hash_text (text, end - text);
  key.block_id = block_id;

  found = g_hash_table_lookup (paragraphs->set, &key);
  if (found != NULL)
    return found->block_id;

  /* A place for the lead and one for each block of the body. */
  g_assert (paragraphs->n_seen < paragraphs->n_allocated);
  paragraphs->seen[paragraphs->n_seen] = key;
  g_hash_table_add (paragraphs->set, &paragraphs->seen[paragraphs->n_seen++]);
  return NULL;
}

static void
check_block (Run        *run,
             CdBlock    *block,
             Paragraphs *paragraphs)
{
  CdBlockType type = cd_block_get_block_type (block);
  const char *text = cd_block_get_text (block);

  run->block_id = cd_block_get_id (block);

  switch (type)
    {
    case CD_BLOCK_PARAGRAPH:
    case CD_BLOCK_HEADING:
    case CD_BLOCK_QUOTE:
    case CD_BLOCK_PULLQUOTE:
      if (is_blank (text))
        {
          add_item (run, CD_PREFLIGHT_EMPTY_BLOCK, CD_PREFLIGHT_WARNING, "text",
                    _("Block %s is empty"), run->block_id);
          break;
        }
      check_placeholder (run, text, "text", N_("Text"));
      if (cd_block_type_has_field (type, CD_BLOCK_FIELD_ATTRIBUTION))
        check_placeholder (run, cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION),
                           "attribution", N_("Attribution"));
      if (cd_block_type_has_marks (type))
        check_links (run, cd_block_get_marks (block));

      if (type == CD_BLOCK_PARAGRAPH)
        {
          const char *first = paragraphs_find_or_add (paragraphs, text, run->block_id);

          if (first != NULL)
            add_item (run, CD_PREFLIGHT_DUPLICATE_PARAGRAPH, CD_PREFLIGHT_WARNING, "text",
                      _("Block %s repeats paragraph %s"), run->block_id, first);
        }
      break;

    case CD_BLOCK_LIST:
      {
        GPtrArray *items = cd_block_get_items (block);
        gboolean empty = TRUE;

        for (guint i = 0; i < items->len; i++)
          {
            const CdListItem *item = g_ptr_array_index (items, i);

            if (!is_blank (item->text))
              empty = FALSE;
            check_placeholder (run, item->text, "text", N_("List item"));
            check_links (run, item->marks);
          }
        if (empty)
          add_item (run, CD_PREFLIGHT_EMPTY_BLOCK, CD_PREFLIGHT_WARNING, "text",
                    _("Block %s is an empty list"), run->block_id);
      }
      break;

    case CD_BLOCK_FIGURE:
      check_figure (run, block);
      break;

    case CD_BLOCK_EMBED:
      check_embed (run, block);
      break;

    case CD_BLOCK_DIVIDER:
    default:
      break;
    }

  run->block_id = NULL;
}

GPtrArray *
cd_preflight_run (CdArticle               *article,
                  const CdPreflightLimits *limits,
                  GDateTime               *now)
{
  Paragraphs paragraphs;
  g_autoptr(GDateTime) current = NULL;
  CdPreflightLimits no_limits = { 0, };
  CdBlock *lead;
  Run run = { 0, };

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  run.items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);
  run.article = article;
  run.limits = limits != NULL ? limits : &no_limits;
  run.now = now;

  check_fields (&run);

  /* The lead and each block of the body. */
  paragraphs_init (&paragraphs, cd_article_get_n_blocks (article) + 1);

  lead = cd_article_get_lead (article);
  if (lead != NULL)
    {
      run.field = "lead";
      check_block (&run, lead, &paragraphs);
    }

  run.field = "body";
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    check_block (&run, cd_article_get_block (article, i), &paragraphs);

  paragraphs_clear (&paragraphs);

  return run.items;
}

CdPreflightItem *
cd_preflight_find_severity (GPtrArray           *items,
                            CdPreflightSeverity  severity)
{
  g_return_val_if_fail (items != NULL, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      CdPreflightItem *item = g_ptr_array_index (items, i);

      if (item->severity == severity)
        return item;
    }

  return NULL;
}

char *
cd_preflight_item_location (const CdPreflightItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);

  if (item->block_id != NULL)
    return g_strdup_printf ("%s %s%s%s", item->field, item->block_id,
                            item->block_field != NULL ? " " : "",
                            item->block_field != NULL ? item->block_field : "");

  return g_strdup (item->field);
}

/* Scripts grep and log standard error line by line, so an item is exactly
 * one line even if its message (which quotes the story) has a line break.
 * Naming the story and the place lets an editor find it. */
/* g_string_append () without a call where @out has room: a long
 * story's thousands of lines are a dozen appends each. */
static inline void
append_text (GString    *out,
             const char *text)
{
  gsize length = strlen (text);

  if (length < out->allocated_len - out->len)
    {
      memcpy (out->str + out->len, text, length + 1);
      out->len += length;
    }
  else
    {
      g_string_append_len (out, text, length);
    }
}

static void
append_line (GString               *out,
             const CdPreflightItem *item,
             const char            *program,
             const char            *story,
             const char            *error_word,
             const char            *warning_word)
{
  gsize message_start;

  append_text (out, program);
  append_text (out, ": ");
  append_text (out, story);
  append_text (out, ": ");
  append_text (out, item->field != NULL ? item->field : "");
  if (item->block_id != NULL)
    {
      append_text (out, " ");
      append_text (out, item->block_id);
      if (item->block_field != NULL)
        {
          append_text (out, " ");
          append_text (out, item->block_field);
        }
    }
  append_text (out, ": ");
  append_text (out, item->severity == CD_PREFLIGHT_ERROR ? error_word : warning_word);
  append_text (out, ": ");
  message_start = out->len;
  append_text (out, item->message);
  for (gsize i = message_start; i < out->len; i++)
    {
      if (out->str[i] == '\r' || out->str[i] == '\n')
        out->str[i] = ' ';
    }
}

char *
cd_preflight_item_format (const CdPreflightItem *item,
                          const char            *program,
                          const char            *story)
{
  GString *line;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (story != NULL, NULL);

  line = g_string_new (NULL);
  append_line (line, item, program, story, _("error"), _("warning"));
  return g_string_free (line, FALSE);
}

void
cd_preflight_items_append_lines (GString    *out,
                                 GPtrArray  *items,
                                 guint       first,
                                 const char *program,
                                 const char *story)
{
  /* Translated once for all the lines. */
  const char *error_word = _("error");
  const char *warning_word = _("warning");

  g_return_if_fail (out != NULL);
  g_return_if_fail (items != NULL);
  g_return_if_fail (program != NULL);
  g_return_if_fail (story != NULL);

  for (guint i = first; i < items->len; i++)
    {
      append_line (out, g_ptr_array_index (items, i), program, story, error_word, warning_word);
      g_string_append_c (out, '\n');
    }
}
