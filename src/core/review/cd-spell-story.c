/* cd-spell-story.c: spelling over every field and block of a story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-story"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-preflight.h"
#include "cd-spell-checker-private.h"
#include "cd-spell-story.h"

/* Characters of context on each side of a word in the list. */
#define CONTEXT_CHARS 32

G_DEFINE_BOXED_TYPE (CdMisspelling, cd_misspelling, cd_misspelling_copy, cd_misspelling_free)

CdMisspelling *
cd_misspelling_copy (const CdMisspelling *misspelling)
{
  CdMisspelling *copy;

  g_return_val_if_fail (misspelling != NULL, NULL);

  copy = g_memdup2 (misspelling, sizeof *misspelling);
  copy->word = g_strdup (misspelling->word);
  copy->field = g_strdup (misspelling->field);
  copy->block_id = g_strdup (misspelling->block_id);
  copy->block_field = g_strdup (misspelling->block_field);
  copy->language = g_strdup (misspelling->language);
  copy->context = g_strdup (misspelling->context);

  return copy;
}

void
cd_misspelling_free (CdMisspelling *misspelling)
{
  if (misspelling == NULL)
    return;

  g_free (misspelling->word);
  g_free (misspelling->field);
  g_free (misspelling->block_id);
  g_free (misspelling->block_field);
  g_free (misspelling->language);
  g_free (misspelling->context);
  g_free (misspelling);
}

char *
cd_misspelling_location (const CdMisspelling *misspelling)
{
  GString *location;
  gboolean indexed;

  g_return_val_if_fail (misspelling != NULL, NULL);

  location = g_string_new (misspelling->field);
  indexed = g_str_equal (misspelling->field, "bylines");
  if (misspelling->block_id != NULL)
    g_string_append_printf (location, " %s", misspelling->block_id);
  if (indexed)
    g_string_append_printf (location, " %u", misspelling->index + 1);
  if (misspelling->block_field != NULL)
    g_string_append_printf (location, " %s", misspelling->block_field);
  if (misspelling->block_id != NULL && misspelling->index > 0)
    g_string_append_printf (location, " %u", misspelling->index + 1);

  return g_string_free (location, FALSE);
}

const char *
cd_spell_block_language (CdArticle *article,
                         CdBlock   *block)
{
  const char *lang;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);

  lang = cd_block_get_field (block, CD_BLOCK_FIELD_LANG);
  if (cd_block_type_has_field (cd_block_get_block_type (block), CD_BLOCK_FIELD_LANG) &&
      lang[0] != '\0')
    return lang;

  lang = cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE);
  return lang != NULL && lang[0] != '\0' ? lang : "en";
}

/* Checking */

typedef struct _Walk Walk;

/* What becomes of a misspelt word at @span of @text, where @walk is. */
typedef void (*FoundFunc) (Walk              *walk,
                           const char        *text,
                           const CdSpellSpan *span);

struct _Walk
{
  CdSpellChecker *checker;
  FoundFunc       found_func;
  GPtrArray      *found;
  const char     *language;
  const char     *field;
  const char     *block_id;
  const char     *block_field;
  guint           index;
  /* Where add_misspelling() counted characters to in counted_text. */
  const char     *counted_text;
  gsize           counted_bytes;
  glong           counted_chars;
  /* The place named in the last pre-flight message, and the part of the
   * story it was named for. */
  char           *place;
  /* The translations of the message and of the places it names, looked
   * up once for the walk (PLACE_HEADLINE ...). */
  const char     *misspelt_format;
  /* The format around its place and word, when it has just the two
   * "%s" in that order (NULL else): a long story has thousands of
   * misspellings, and putting the pieces together skips printf's
   * reading of the format each time. */
  char          **misspelt_pieces;
  GString        *message;
  const char     *in_block_format;
  const char     *place_names[10];
  const char     *place_field;
  const char     *place_block_id;
  const char     *place_block_field;
};

/* The start of the context: back up to @CONTEXT_CHARS characters, then
 * forward to a word's start so the list does not begin mid-word. */
static const char *
context_start (const char *text,
               const char *word)
{
  const char *p = word;

  for (guint i = 0; i < CONTEXT_CHARS && p > text; i++)
    p = g_utf8_prev_char (p);
  if (p == text)
    return p;
  while (p < word && !g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

static const char *
context_end (const char *word_end)
{
  const char *p = word_end;

  for (guint i = 0; i < CONTEXT_CHARS && *p != '\0'; i++)
    p = g_utf8_next_char (p);
  if (*p == '\0')
    return p;
  while (p > word_end && !g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_prev_char (p);
  return p;
}

/* A CdMisspelling for the list: the word, its offset in characters and
 * a line of context around it. */
static void
add_misspelling (Walk              *walk,
                 const char        *text,
                 const CdSpellSpan *span)
{
  CdMisspelling *found = g_new0 (CdMisspelling, 1);
  const char *before = context_start (text, text + span->start);
  const char *after = context_end (text + span->end);
  g_autofree char *context = g_strndup (before, after - before);

  found->word = g_strndup (text + span->start, span->end - span->start);
  found->field = g_strdup (walk->field);
  found->block_id = g_strdup (walk->block_id);
  found->block_field = g_strdup (walk->block_field);
  found->index = walk->index;
  found->language = g_strdup (walk->language);
  /* The spans of a text come in order: each one's offset in characters
   * is counted on from the one before, not from the start of the text. */
  if (walk->counted_text != text || span->start < walk->counted_bytes)
    {
      walk->counted_text = text;
      walk->counted_bytes = 0;
      walk->counted_chars = 0;
    }
  walk->counted_chars += g_utf8_pointer_to_offset (text + walk->counted_bytes, text + span->start);
  walk->counted_bytes = span->start;
  found->start = walk->counted_chars;
  found->end = found->start + g_utf8_strlen (found->word, -1);

  /* One line in a list, whatever line breaks the text holds. */
  g_strdelimit (context, "\r\n\t", ' ');
  found->context = g_strdup (g_strstrip (context));
  found->context_start = (text + span->start) - before;
  /* g_strstrip() took the leading blanks off. */
  while (before < text + span->start && g_ascii_isspace (*before))
    {
      before++;
      found->context_start--;
    }
  found->context_end = found->context_start + (span->end - span->start);

  g_ptr_array_add (walk->found, found);
}

static void
check_text (Walk       *walk,
            const char *text)
{
  g_autoptr(GArray) spans = NULL;

  if (text == NULL || text[0] == '\0')
    return;

  spans = cd_spell_checker_check_text (walk->checker, walk->language, text, -1, 0, G_MAXSIZE);
  for (guint i = 0; i < spans->len; i++)
    walk->found_func (walk, text, &g_array_index (spans, CdSpellSpan, i));
}

static void
check_block (Walk      *walk,
             CdArticle *article,
             CdBlock   *block)
{
  CdBlockType type = cd_block_get_block_type (block);
  static const CdBlockField fields[] = {
    CD_BLOCK_FIELD_TEXT, CD_BLOCK_FIELD_ATTRIBUTION, CD_BLOCK_FIELD_TITLE,
    CD_BLOCK_FIELD_CAPTION, CD_BLOCK_FIELD_ALT, CD_BLOCK_FIELD_CREDIT,
  };

  walk->block_id = cd_block_get_id (block);
  walk->language = cd_spell_block_language (article, block);
  walk->index = 0;

  if (type == CD_BLOCK_LIST)
    {
      GPtrArray *items = cd_block_get_items (block);

      walk->block_field = "text";
      for (guint i = 0; i < items->len; i++)
        {
          const CdListItem *item = g_ptr_array_index (items, i);

          walk->index = i;
          check_text (walk, item->text);
        }
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          /* An embed's address, author and handle are not prose. */
          if (!cd_block_type_has_field (type, fields[i]))
            continue;
          walk->block_field = cd_block_field_to_string (fields[i]);
          check_text (walk, cd_block_get_field (block, fields[i]));
        }
    }

  walk->block_id = NULL;
  walk->block_field = NULL;
  walk->index = 0;
}

/* Walks every field and block of @article in the order of the story,
 * handing each misspelt word to @walk's found_func. */
static void
walk_article (Walk      *walk_in,
              CdArticle *article)
{
  Walk walk = *walk_in;
  const char *story_language;
  const CdDateline *dateline;
  GPtrArray *bylines;
  CdBlock *lead;

  cd_spell_checker_set_story_words (walk.checker, cd_article_get_dictionary (article));

  story_language = cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE);
  if (story_language == NULL || story_language[0] == '\0')
    story_language = "en";

  walk.language = story_language;

  _cd_spell_checker_begin_walk (walk.checker);

  walk.field = "headline";
  check_text (&walk, cd_article_get_headline (article));
  walk.field = "subheadline";
  check_text (&walk, cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));

  walk.field = "bylines";
  bylines = cd_article_get_bylines (article);
  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);

      walk.index = i;
      walk.block_field = "name";
      check_text (&walk, byline->name);
      walk.block_field = "title";
      check_text (&walk, byline->title);
    }
  walk.index = 0;

  walk.field = "dateline";
  dateline = cd_article_get_dateline (article);
  if (dateline != NULL)
    {
      walk.block_field = "place";
      check_text (&walk, dateline->place);
    }
  walk.block_field = NULL;

  lead = cd_article_get_lead (article);
  if (lead != NULL)
    {
      walk.field = "lead";
      check_block (&walk, article, lead);
    }

  walk.field = "body";
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    check_block (&walk, article, cd_article_get_block (article, i));

  walk.language = story_language;
  walk.field = "notes";
  check_text (&walk, cd_article_get_field (article, CD_ARTICLE_FIELD_NOTES));

  _cd_spell_checker_end_walk (walk.checker);

  walk_in->place = walk.place;
}

GPtrArray *
cd_spell_check_article (CdSpellChecker *checker,
                        CdArticle      *article)
{
  Walk walk = { 0, };

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (checker), NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  walk.checker = checker;
  walk.found_func = add_misspelling;
  walk.found = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_misspelling_free);
  walk_article (&walk, article);

  return walk.found;
}

/* Replacing */

/* @text with the code points [@start, @end) replaced, or NULL when they
 * do not hold @word. */
static char *
replace_word (const char *text,
              guint       start,
              guint       end,
              const char *word,
              const char *replacement)
{
  const char *from;
  const char *to;
  glong length;

  if (text == NULL)
    return NULL;

  length = g_utf8_strlen (text, -1);
  if (end > length || start > end)
    return NULL;

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (text, end);
  if ((gsize) (to - from) != strlen (word) || strncmp (from, word, to - from) != 0)
    return NULL;

  return g_strdup_printf ("%.*s%s%s", (int) (from - text), text, replacement, to);
}

static gboolean
replace_in_block (CdBlock             *block,
                  const CdMisspelling *m,
                  const char          *replacement)
{
  CdBlockType type = cd_block_get_block_type (block);
  guint length = g_utf8_strlen (replacement, -1);

  if (type == CD_BLOCK_LIST)
    {
      g_autoptr(GPtrArray) items = NULL;
      CdListItem *item;
      char *text;

      if (g_strcmp0 (m->block_field, "text") != 0 || m->index >= cd_block_get_items (block)->len)
        return FALSE;

      items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
      for (guint i = 0; i < cd_block_get_items (block)->len; i++)
        g_ptr_array_add (items, cd_list_item_copy (g_ptr_array_index (cd_block_get_items (block), i)));

      item = g_ptr_array_index (items, m->index);
      text = replace_word (item->text, m->start, m->end, m->word, replacement);
      if (text == NULL)
        return FALSE;
      g_free (item->text);
      item->text = text;
      cd_marks_replace_range (item->marks, m->start, m->end, length);
      cd_block_set_items (block, items);
      return TRUE;
    }

  for (guint field = 0; field < CD_N_BLOCK_FIELDS; field++)
    {
      g_autofree char *text = NULL;

      if (g_strcmp0 (m->block_field, cd_block_field_to_string (field)) != 0 ||
          !cd_block_type_has_field (type, field))
        continue;

      text = replace_word (cd_block_get_field (block, field), m->start, m->end, m->word, replacement);
      if (text == NULL)
        return FALSE;

      if (field == CD_BLOCK_FIELD_TEXT && cd_block_type_has_marks (type))
        {
          g_autoptr(GPtrArray) marks = cd_marks_copy (cd_block_get_marks (block));

          cd_marks_replace_range (marks, m->start, m->end, length);
          cd_block_set_text_and_marks (block, text, marks);
        }
      else
        cd_block_set_field (block, field, text);
      return TRUE;
    }

  return FALSE;
}

gboolean
cd_spell_replace (CdArticle           *article,
                  const CdMisspelling *m,
                  const char          *replacement)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (m != NULL, FALSE);
  g_return_val_if_fail (replacement != NULL, FALSE);

  if (m->block_id != NULL)
    {
      CdBlock *block = cd_article_find_block (article, m->block_id, NULL);

      return block != NULL && replace_in_block (block, m, replacement);
    }

  if (g_str_equal (m->field, "bylines"))
    {
      GPtrArray *bylines = cd_article_get_bylines (article);
      g_autoptr(GPtrArray) copy = NULL;
      CdByline *byline;
      char **member;

      if (m->index >= bylines->len)
        return FALSE;
      copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
      for (guint i = 0; i < bylines->len; i++)
        g_ptr_array_add (copy, cd_byline_copy (g_ptr_array_index (bylines, i)));

      byline = g_ptr_array_index (copy, m->index);
      member = g_strcmp0 (m->block_field, "title") == 0 ? &byline->title : &byline->name;
      text = replace_word (*member, m->start, m->end, m->word, replacement);
      if (text == NULL)
        return FALSE;
      g_free (*member);
      *member = g_steal_pointer (&text);
      cd_article_set_bylines (article, copy);
      return TRUE;
    }

  if (g_str_equal (m->field, "dateline"))
    {
      const CdDateline *dateline = cd_article_get_dateline (article);
      g_autoptr(CdDateline) copy = NULL;

      if (dateline == NULL)
        return FALSE;
      text = replace_word (dateline->place, m->start, m->end, m->word, replacement);
      if (text == NULL)
        return FALSE;
      copy = cd_dateline_new (text, dateline->source, dateline->date);
      cd_article_set_dateline (article, copy);
      return TRUE;
    }

  for (guint field = 0; field < CD_N_ARTICLE_FIELDS; field++)
    {
      if (!g_str_equal (m->field, cd_article_field_to_string (field)))
        continue;

      text = replace_word (cd_article_get_field (article, field), m->start, m->end,
                           m->word, replacement);
      if (text == NULL)
        return FALSE;
      cd_article_set_field (article, field, text);
      return TRUE;
    }

  return FALSE;
}

/* Pre-flight */

enum
{
  PLACE_HEADLINE,
  PLACE_DEK,
  PLACE_BYLINE,
  PLACE_DATELINE,
  PLACE_CAPTION,
  PLACE_ALT,
  PLACE_CREDIT,
  PLACE_ATTRIBUTION,
  PLACE_TITLE,
  PLACE_TEXT
};

/* What a place is called in a message, as the pre-flight checks call it. */
static char *
describe_place (Walk       *walk,
                const char *field,
                const char *block_id,
                const char *block_field)
{
  const char *label;

  if (walk->in_block_format == NULL)
    {
      /* Translators: "Caption in block p3": a part of a block, the block's id */
      walk->in_block_format = _("%s in block %s");
      walk->place_names[PLACE_HEADLINE] = _("Headline");
      walk->place_names[PLACE_DEK] = _("Dek");
      walk->place_names[PLACE_BYLINE] = _("Byline");
      walk->place_names[PLACE_DATELINE] = _("Dateline");
      walk->place_names[PLACE_CAPTION] = _("Caption");
      walk->place_names[PLACE_ALT] = _("Alt text");
      walk->place_names[PLACE_CREDIT] = _("Credit");
      walk->place_names[PLACE_ATTRIBUTION] = _("Attribution");
      walk->place_names[PLACE_TITLE] = _("Title");
      walk->place_names[PLACE_TEXT] = _("Text");
    }

  if (g_str_equal (field, "headline"))
    return g_strdup (walk->place_names[PLACE_HEADLINE]);
  if (g_str_equal (field, "subheadline"))
    return g_strdup (walk->place_names[PLACE_DEK]);
  if (g_str_equal (field, "bylines"))
    return g_strdup (walk->place_names[PLACE_BYLINE]);
  if (g_str_equal (field, "dateline"))
    return g_strdup (walk->place_names[PLACE_DATELINE]);

  if (g_strcmp0 (block_field, "caption") == 0)
    label = walk->place_names[PLACE_CAPTION];
  else if (g_strcmp0 (block_field, "alt") == 0)
    label = walk->place_names[PLACE_ALT];
  else if (g_strcmp0 (block_field, "credit") == 0)
    label = walk->place_names[PLACE_CREDIT];
  else if (g_strcmp0 (block_field, "attribution") == 0)
    label = walk->place_names[PLACE_ATTRIBUTION];
  else if (g_strcmp0 (block_field, "title") == 0)
    label = walk->place_names[PLACE_TITLE];
  else
    label = walk->place_names[PLACE_TEXT];

  /* The format is the translation of a literal, looked up once. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (walk->in_block_format, label, block_id);
#pragma GCC diagnostic pop
}

/* @format's text before, between and after its two "%s", or NULL when
 * it has other conversions (a translation that puts the word first
 * writes "%2$s"). */
static char **
split_format (const char *format)
{
  g_auto(GStrv) pieces = g_strsplit (format, "%s", -1);

  if (g_strv_length (pieces) != 3)
    return NULL;
  for (guint i = 0; i < 3; i++)
    {
      if (strchr (pieces[i], '%') != NULL)
        return NULL;
    }

  return g_steal_pointer (&pieces);
}

/* A pre-flight item for a misspelt word, made straight from the walk:
 * the list's context and offsets are not needed for it. */
static void
add_preflight_item (Walk              *walk,
                    const char        *text,
                    const CdSpellSpan *span)
{
  CdPreflightItem *item;
  g_autofree char *word = NULL;

  /* The desk's notes never go out with the story. */
  if (g_str_equal (walk->field, "notes"))
    return;

  /* A block's words share one place; the walk's strings stay put while
   * it is in that block. */
  if (walk->place == NULL ||
      walk->place_field != walk->field ||
      walk->place_block_id != walk->block_id ||
      walk->place_block_field != walk->block_field)
    {
      g_free (walk->place);
      walk->place = describe_place (walk, walk->field, walk->block_id, walk->block_field);
      walk->place_field = walk->field;
      walk->place_block_id = walk->block_id;
      walk->place_block_field = walk->block_field;
    }

  item = g_new0 (CdPreflightItem, 1);
  item->check = CD_PREFLIGHT_MISSPELLING;
  item->severity = CD_PREFLIGHT_WARNING;
  if (walk->misspelt_pieces != NULL)
    {
      GString *message = walk->message;

      g_string_assign (message, walk->misspelt_pieces[0]);
      g_string_append (message, walk->place);
      g_string_append (message, walk->misspelt_pieces[1]);
      g_string_append_len (message, text + span->start, span->end - span->start);
      g_string_append (message, walk->misspelt_pieces[2]);
      item->message = g_strndup (message->str, message->len);
    }
  else
    {
      word = g_strndup (text + span->start, span->end - span->start);
      /* The format is the translation of a literal, looked up once. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      item->message = g_strdup_printf (walk->misspelt_format, walk->place, word);
#pragma GCC diagnostic pop
    }
  item->field = g_strdup (walk->field);
  item->block_id = g_strdup (walk->block_id);
  item->block_field = g_strdup (walk->block_field);
  g_ptr_array_add (walk->found, item);
}

gboolean
cd_spell_add_preflight_items (CdSpellChecker *checker,
                              CdArticle      *article,
                              GPtrArray      *items)
{
  const char *language;
  Walk walk = { 0, };

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (checker), FALSE);
  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  language = cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE);
  if (!cd_spell_checker_has_dictionary (checker, language))
    return FALSE;

  walk.checker = checker;
  walk.found_func = add_preflight_item;
  walk.found = items;
  /* Translators: %s is where ("Headline", "Caption in block p3"),
   * then the word as it is spelt in the story */
  walk.misspelt_format = _("%s: “%s” may be misspelt");
  walk.misspelt_pieces = split_format (walk.misspelt_format);
  walk.message = g_string_new (NULL);
  walk_article (&walk, article);
  g_free (walk.place);
  g_strfreev (walk.misspelt_pieces);
  g_string_free (walk.message, TRUE);

  return TRUE;
}
