/* cd-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cd-document.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html.h"
#include "cd-media.h"
#include "cd-html-private.h"
#include "cd-html-writer-private.h"

static const LangWords lang_words[] = {
  { "en", "By", "and", "on", DATE_MONTH_DAY_YEAR,
    { "January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December" } },
  { "fr", "Par", "et", "sur", DATE_DAY_MONTH_YEAR,
    { "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
      "août", "septembre", "octobre", "novembre", "décembre" } },
  { "de", "Von", "und", "auf", DATE_DAY_DOT_MONTH_YEAR,
    { "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
      "August", "September", "Oktober", "November", "Dezember" } },
  { "es", "Por", "y", "en", DATE_DAY_DE_MONTH_YEAR,
    { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
      "agosto", "septiembre", "octubre", "noviembre", "diciembre" } },
  { "it", "Di", "e", "su", DATE_DAY_MONTH_YEAR,
    { "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
      "agosto", "settembre", "ottobre", "novembre", "dicembre" } },
  { "pt", "Por", "e", "no", DATE_DAY_DE_MONTH_YEAR,
    { "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
      "agosto", "setembro", "outubro", "novembro", "dezembro" } },
  { "nl", "Door", "en", "op", DATE_DAY_MONTH_YEAR,
    { "januari", "februari", "maart", "april", "mei", "juni", "juli",
      "augustus", "september", "oktober", "november", "december" } },
};

static const LangWords no_words = { NULL, NULL, NULL, NULL, DATE_MONTH_DAY_YEAR, { NULL } };

void
cd_html_options_init (CdHtmlOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->mode = CD_HTML_PAGE;
  options->embeds = CD_EMBEDS_STATIC;
}

static const LangWords *
lang_words_for (const char *lang)
{
  if (lang == NULL)
    return &no_words;

  for (guint i = 0; i < G_N_ELEMENTS (lang_words); i++)
    {
      gsize len = strlen (lang_words[i].lang);

      if (g_ascii_strncasecmp (lang, lang_words[i].lang, len) == 0 &&
          (lang[len] == '\0' || lang[len] == '-'))
        return &lang_words[i];
    }

  return &no_words;
}

CdBlock *
cd_html_dateline_block (CdArticle *article)
{
  guint n;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  /* The first paragraph, wherever it stands: a story that opens with a
   * heading or a photo still has its dateline where the text starts. */
  n = cd_article_get_n_blocks (article);
  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_PARAGRAPH)
        return block;
    }

  return NULL;
}

void
_cd_html_writer_init (CdHtmlWriter        *w,
                      CdArticle           *article,
                      const CdHtmlOptions *options)
{
  const char *lang = cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE);

  memset (w, 0, sizeof *w);
  w->article = article;
  if (options == NULL)
    {
      cd_html_options_init (&w->defaults);
      options = &w->defaults;
    }
  w->options = options;
  w->lang = cd_language_tag_is_valid (lang) ? lang : NULL;
  w->words = lang_words_for (w->lang);
  w->first_paragraph = cd_html_dateline_block (article);
}

/* YYYY-MM-DD naming a real day, from the year 1000 on (a datetime
 * attribute takes any year; a page dated earlier is a typing slip). */
static gboolean
date_only_is_valid (const char *value)
{
  return cd_date_is_valid (value) && atoi (value) >= 1000;
}

/* Parses a story or post date: "YYYY-MM-DD" or an ISO 8601 date-time.
 * Gives the value for a datetime attribute and the calendar day as
 * written (in the value's own time zone). */
gboolean
_cd_html_parse_date (const char  *value,
                     char       **datetime,
                     int         *year,
                     int         *month,
                     int         *day)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (_cd_html_is_empty (value))
    return FALSE;

  if (date_only_is_valid (value))
    {
      int y = atoi (value);
      int m = atoi (value + 5);
      int d = atoi (value + 8);

      *datetime = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      *year = y;
      *month = m;
      *day = d;
      return TRUE;
    }

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (value, utc);
  if (dt == NULL || g_date_time_get_year (dt) < 1000)
    return FALSE;

  /* Formatted afresh: an HTML datetime takes at most three digits of
   * fractional seconds, so the stored value is not copied as is. */
  if (g_date_time_get_utc_offset (dt) == 0)
    *datetime = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  else
    *datetime = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
  g_date_time_get_ymd (dt, year, month, day);
  return *datetime != NULL;
}

static gboolean
date_is_valid (const char *value)
{
  g_autofree char *datetime = NULL;
  int year, month, day;

  return _cd_html_parse_date (value, &datetime, &year, &month, &day);
}

static char *
format_human_date (const LangWords *words,
                   int              year,
                   int              month,
                   int              day)
{
  const char *name;

  if (words->months[0] == NULL)
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);

  name = words->months[month - 1];
  switch (words->date_style)
    {
    case DATE_DAY_MONTH_YEAR:
      return g_strdup_printf ("%d %s %d", day, name, year);
    case DATE_DAY_DOT_MONTH_YEAR:
      return g_strdup_printf ("%d. %s %d", day, name, year);
    case DATE_DAY_DE_MONTH_YEAR:
      return g_strdup_printf ("%d de %s de %d", day, name, year);
    case DATE_MONTH_DAY_YEAR:
    default:
      return g_strdup_printf ("%s %d, %d", name, day, year);
    }
}

/* <time datetime="…">June 4, 2019</time>, or the value as plain text
 * when it is not a date. */
void
_cd_html_append_time (CdHtmlWriter *w,
                      GString      *out,
                      const char   *value)
{
  g_autofree char *datetime = NULL;
  g_autofree char *human = NULL;
  int year, month, day;

  if (!_cd_html_parse_date (value, &datetime, &year, &month, &day))
    {
      cd_html_append_escaped (out, value);
      return;
    }

  human = format_human_date (w->words, year, month, day);
  _cd_html_append_text_element (out, "time", human, "datetime", datetime, NULL);
}

static void
append_dateline (CdHtmlWriter *w,
                 GString      *out)
{
  const CdDateline *dateline = cd_article_get_dateline (w->article);
  const char *place;
  const char *source;

  if (dateline == NULL)
    return;

  place = dateline->place;
  source = dateline->source;
  if (_cd_html_is_empty (place) && _cd_html_is_empty (source))
    return;

  g_string_append (out, "<span class=\"dateline\">");
  cd_html_append_escaped (out, place);
  if (!_cd_html_is_empty (source))
    {
      if (!_cd_html_is_empty (place))
        g_string_append_c (out, ' ');
      g_string_append_c (out, '(');
      cd_html_append_escaped (out, source);
      g_string_append_c (out, ')');
    }
  g_string_append (out, "</span> — ");
}

/* The URL a figure's image is written with, or NULL when the source is
 * neither inside the container nor https: such a figure keeps its caption
 * and credit but gets no <img>. Media missing from the article, or not an
 * image, is written as a path even with inline_media. */
char *
_cd_html_figure_src (CdHtmlWriter *w,
                     const char   *src)
{
  const char *published = w->options->media_names != NULL && src != NULL ?
                          g_hash_table_lookup (w->options->media_names, src) : NULL;

  if (published != NULL)
    src = published;

  if (g_str_has_prefix (src, "media/"))
    {
      const char *name = cd_media_name_from_src (src);
      g_autofree char *escaped = NULL;
      g_autofree char *prefix = NULL;

      if (name == NULL)
        return NULL;

      if (w->options->inline_media)
        {
          /* Borrowed: the article keeps its media. */
          GBytes *bytes = cd_article_get_media (w->article, src);
          CdMediaInfo info;

          if (bytes != NULL && cd_media_sniff (bytes, src, &info, NULL))
            {
              g_autofree char *base64 = g_base64_encode (g_bytes_get_data (bytes, NULL),
                                                         g_bytes_get_size (bytes));

              return g_strconcat ("data:", info.mime_type, ";base64,", base64, NULL);
            }
        }

      escaped = g_uri_escape_string (name, "/", FALSE);
      prefix = _cd_html_normalize_url (w->options->media_prefix != NULL ? w->options->media_prefix : "media/");
      return g_strconcat (prefix, escaped, NULL);
    }

  if (_cd_html_url_is_https (src))
    return _cd_html_normalize_url (src);

  return NULL;
}

/* "caption <span class="credit">credit</span>", the inside of a
 * figure's caption. */
static void
append_caption_and_credit (GString *out,
                           CdBlock *block)
{
  const char *caption = cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION);
  const char *credit = cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT);

  cd_html_append_escaped (out, caption);
  if (!_cd_html_is_empty (caption) && !_cd_html_is_empty (credit))
    g_string_append_c (out, ' ');
  if (!_cd_html_is_empty (credit))
    _cd_html_append_text_element (out, "span", credit, "class", "credit", NULL);
}

static void
write_figure (CdHtmlWriter *w,
              GString      *out,
              CdBlock      *block,
              const char   *klass,
              gboolean      is_lead)
{
  const char *caption = cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION);
  const char *credit = cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT);
  g_autofree char *src = _cd_html_figure_src (w, cd_block_get_field (block, CD_BLOCK_FIELD_SRC));

  _cd_html_append_open_tag (out, "figure",
                   "class", klass,
                   "data-block-id", cd_block_get_id (block),
                   NULL);

  if (src != NULL)
    {
      char width[16] = "";
      char height[16] = "";
      guint wd = cd_block_get_width (block);
      guint ht = cd_block_get_height (block);

      if (wd > 0)
        g_snprintf (width, sizeof width, "%u", wd);
      if (ht > 0)
        g_snprintf (height, sizeof height, "%u", ht);

      /* The lead is above the fold: loading it lazily would only delay
       * the page's largest image. */
      _cd_html_append_open_tag (out, "img",
                       "src", src,
                       "alt", cd_block_get_field (block, CD_BLOCK_FIELD_ALT),
                       "width", wd > 0 ? width : NULL,
                       "height", ht > 0 ? height : NULL,
                       "loading", is_lead ? NULL : "lazy",
                       NULL);
    }

  if (!_cd_html_is_empty (caption) || !_cd_html_is_empty (credit))
    {
      _cd_html_append_open_tag (out, "figcaption", "dir", "auto", NULL);
      append_caption_and_credit (out, block);
      _cd_html_append_close_tag (out, "figcaption");
    }

  _cd_html_append_close_tag (out, "figure");
}

/* The words a compare marks inserted or deleted in the text @key
 * ("ID", "ID:ITEM", "headline"), or NULL. */
static GArray *
change_spans (CdHtmlWriter *w,
              const char   *key)
{
  if (w->options->changes == NULL || w->options->changes->spans == NULL)
    return NULL;

  return g_hash_table_lookup (w->options->changes->spans, key);
}

static void
append_changes_text (CdHtmlWriter *w,
                     GString      *out,
                     CdBlock      *block,
                     int           item,
                     const char   *text,
                     GPtrArray    *marks)
{
  g_autofree char *key = NULL;

  if (w->options->changes == NULL)
    {
      _cd_html_append_text_with_marks (out, text, marks);
      return;
    }

  key = item < 0 ? g_strdup (cd_block_get_id (block))
                 : g_strdup_printf ("%s:%d", cd_block_get_id (block), item);
  _cd_html_append_changed_text (out, text, marks, change_spans (w, key));
}

static void write_block_content (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 gboolean      is_lead);

/* In a compare, a block that was inserted, deleted, moved or changed
 * sits in a <div> saying so, which the page styles and the change list
 * scrolls to. */
static void
write_block (CdHtmlWriter *w,
             GString      *out,
             CdBlock      *block,
             gboolean      is_lead)
{
  const char *change = NULL;

  if (w->options->changes != NULL && w->options->changes->blocks != NULL)
    change = g_hash_table_lookup (w->options->changes->blocks, cd_block_get_id (block));

  if (change == NULL)
    {
      write_block_content (w, out, block, is_lead);
      return;
    }

  _cd_html_append_open_tag (out, "div", "class", "cd-change", "data-change", change, NULL);
  write_block_content (w, out, block, is_lead);
  _cd_html_append_close_tag (out, "div");
}

static void
write_block_content (CdHtmlWriter *w,
                     GString      *out,
                     CdBlock      *block,
                     gboolean      is_lead)
{
  const char *id = cd_block_get_id (block);
  const char *lead_class = is_lead ? "lead" : NULL;

  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_PARAGRAPH:
      _cd_html_append_open_tag (out, "p", "class", lead_class, "data-block-id", id, "dir", "auto", NULL);
      if (block == w->first_paragraph)
        append_dateline (w, out);
      append_changes_text (w, out, block, -1, cd_block_get_text (block), cd_block_get_marks (block));
      _cd_html_append_close_tag (out, "p");
      break;

    case CD_BLOCK_HEADING:
      {
        const char *tag = cd_block_get_level (block) == 3 ? "h3" : "h2";

        _cd_html_append_open_tag (out, tag, "class", lead_class, "data-block-id", id, "dir", "auto", NULL);
        append_changes_text (w, out, block, -1, cd_block_get_text (block), cd_block_get_marks (block));
        _cd_html_append_close_tag (out, tag);
      }
      break;

    case CD_BLOCK_QUOTE:
      {
        const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

        _cd_html_append_open_tag (out, "blockquote", "class", lead_class, "data-block-id", id, NULL);
        _cd_html_append_open_tag (out, "p", "dir", "auto", NULL);
        append_changes_text (w, out, block, -1, cd_block_get_text (block), cd_block_get_marks (block));
        _cd_html_append_close_tag (out, "p");
        if (!_cd_html_is_empty (attribution))
          {
            _cd_html_append_open_tag (out, "footer", "dir", "auto", NULL);
            g_string_append (out, "— ");
            _cd_html_append_text_element (out, "cite", attribution, NULL);
            _cd_html_append_close_tag (out, "footer");
          }
        _cd_html_append_close_tag (out, "blockquote");
      }
      break;

    case CD_BLOCK_PULLQUOTE:
      {
        const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

        _cd_html_append_open_tag (out, "aside",
                         "class", is_lead ? "pullquote lead" : "pullquote",
                         "data-block-id", id,
                         NULL);
        _cd_html_append_text_element (out, "p", cd_block_get_text (block), "dir", "auto", NULL);
        if (!_cd_html_is_empty (attribution))
          _cd_html_append_text_element (out, "p", attribution, "class", "attribution", "dir", "auto", NULL);
        _cd_html_append_close_tag (out, "aside");
      }
      break;

    case CD_BLOCK_LIST:
      {
        const char *tag = cd_block_get_ordered (block) ? "ol" : "ul";
        GPtrArray *items = cd_block_get_items (block);

        _cd_html_append_open_tag (out, tag, "class", lead_class, "data-block-id", id, NULL);
        for (guint i = 0; items != NULL && i < items->len; i++)
          {
            CdListItem *item = g_ptr_array_index (items, i);

            _cd_html_append_open_tag (out, "li", "dir", "auto", NULL);
            append_changes_text (w, out, block, i, item->text != NULL ? item->text : "", item->marks);
            _cd_html_append_close_tag (out, "li");
          }
        _cd_html_append_close_tag (out, tag);
      }
      break;

    case CD_BLOCK_FIGURE:
      write_figure (w, out, block, lead_class, is_lead);
      break;

    case CD_BLOCK_EMBED:
      _cd_html_write_embed (w, out, block, lead_class);
      break;

    case CD_BLOCK_DIVIDER:
      _cd_html_append_open_tag (out, "hr", "class", lead_class, "data-block-id", id, NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* "By Jane Roe, Staff reporter and …", the inside of the byline line;
 * FALSE (and nothing written) when no byline has a name. */
static gboolean
append_byline_names (CdHtmlWriter *w,
                     GString      *out)
{
  GPtrArray *bylines = cd_article_get_bylines (w->article);
  g_autoptr(GPtrArray) named = g_ptr_array_new ();

  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);

      if (!_cd_html_is_empty (byline->name))
        g_ptr_array_add (named, byline);
    }

  if (named->len == 0)
    return FALSE;

  if (w->words->by != NULL)
    {
      cd_html_append_escaped (out, w->words->by);
      g_string_append_c (out, ' ');
    }

  for (guint i = 0; i < named->len; i++)
    {
      CdByline *byline = g_ptr_array_index (named, i);

      if (i > 0 && i == named->len - 1 && w->words->and_word != NULL)
        {
          g_string_append_c (out, ' ');
          cd_html_append_escaped (out, w->words->and_word);
          g_string_append_c (out, ' ');
        }
      else if (i > 0)
        g_string_append (out, ", ");

      _cd_html_append_text_element (out, "span", byline->name, "class", "author", NULL);
      if (!_cd_html_is_empty (byline->title))
        {
          g_string_append (out, ", ");
          _cd_html_append_text_element (out, "span", byline->title, "class", "author-title", NULL);
        }
    }

  return TRUE;
}

static void
append_bylines (CdHtmlWriter *w,
                GString      *out)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (!append_byline_names (w, names))
    return;

  _cd_html_append_open_tag (out, "p", "class", "byline", "dir", "auto", NULL);
  g_string_append_len (out, names->str, names->len);
  _cd_html_append_close_tag (out, "p");
}

/* The date shown under the byline: publication, else the dateline's
 * day, else creation. */
const char *
_cd_html_story_date (CdHtmlWriter *w)
{
  const char *published = cd_article_get_field (w->article, CD_ARTICLE_FIELD_PUBLISHED);
  const CdDateline *dateline = cd_article_get_dateline (w->article);

  if (date_is_valid (published))
    return published;
  if (dateline != NULL && date_is_valid (dateline->date))
    return dateline->date;
  return cd_article_get_field (w->article, CD_ARTICLE_FIELD_CREATED);
}

static void
write_header (CdHtmlWriter *w,
              GString      *out)
{
  const char *subheadline = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const char *date = _cd_html_story_date (w);

  _cd_html_append_open_tag (out, "header", "data-block-id", "header", NULL);
  if (!_cd_html_is_empty (w->options->desk_notice))
    _cd_html_append_text_element (out, "p", w->options->desk_notice,
                         "class", "desk-notice", "role", "note", "dir", "auto", NULL);
  _cd_html_append_open_tag (out, "h1", "dir", "auto", NULL);
  _cd_html_append_changed_text (out, cd_article_get_headline (w->article), NULL,
                                change_spans (w, "headline"));
  _cd_html_append_close_tag (out, "h1");
  if (!_cd_html_is_empty (subheadline))
    {
      _cd_html_append_open_tag (out, "p", "class", "dek", "dir", "auto", NULL);
      _cd_html_append_changed_text (out, subheadline, NULL, change_spans (w, "subheadline"));
      _cd_html_append_close_tag (out, "p");
    }
  append_bylines (w, out);
  if (date_is_valid (date))
    {
      _cd_html_append_open_tag (out, "p", "class", "timestamp", NULL);
      _cd_html_append_time (w, out, date);
      _cd_html_append_close_tag (out, "p");
    }
  _cd_html_append_close_tag (out, "header");
}

static void
write_lead (CdHtmlWriter *w,
            GString      *out)
{
  CdBlock *lead = cd_article_get_lead (w->article);

  if (lead != NULL)
    write_block (w, out, lead, TRUE);
}

static void
write_blocks (CdHtmlWriter *w,
              GString      *out,
              guint         first,
              guint         end)
{
  for (guint i = first; i < end; i++)
    {
      write_block (w, out, cd_article_get_block (w->article, i), FALSE);
      g_string_append_c (out, '\n');
    }
}

/* With a sink, what is written goes to it whenever this much of it is
 * waiting, between blocks. */
#define SINK_PIECE_SIZE (128 * 1024)
/* The blocks written between looks at how much is waiting. */
#define SINK_BLOCKS 64

static void
hand_to_sink (CdHtmlWriter *w,
              GString      *out)
{
  if (w->sink == NULL || out->len < SINK_PIECE_SIZE)
    return;

  w->sink (out->str, out->len, w->sink_data);
  g_string_truncate (out, 0);
}

/* From this many blocks on, a body can be shared with a helper. */
#define SHARED_BLOCKS 256
/* In this many parts: the writer, at the end, waits at most for the
 * one part a helper is still writing. */
#define N_PARTS 32

struct _CdHtmlHelp
{
  GMutex    lock;
  GCond     cond;
  /* The body being written, while it is. */
  BodyJob  *job;
  gboolean  closed;
};

struct _BodyJob
{
  /* What a helper starts from: the writer with no scripts seen yet. */
  CdHtmlWriter  w;
  guint         n_blocks;
  /* The writer takes parts from the front, helpers from the back. */
  guint         front;
  guint         back;
  guint         n_writing;
  /* The parts helpers wrote; the writer writes its own in place. */
  GString      *parts[N_PARTS];
  guint         scripts;
};

CdHtmlHelp *
cd_html_help_new (void)
{
  CdHtmlHelp *help = g_new0 (CdHtmlHelp, 1);

  g_mutex_init (&help->lock);
  g_cond_init (&help->cond);

  return help;
}

void
cd_html_help_close (CdHtmlHelp *help)
{
  g_return_if_fail (help != NULL);

  g_mutex_lock (&help->lock);
  help->closed = TRUE;
  g_cond_broadcast (&help->cond);
  g_mutex_unlock (&help->lock);
}

void
cd_html_help_free (CdHtmlHelp *help)
{
  if (help == NULL)
    return;

  g_return_if_fail (help->job == NULL);

  g_mutex_clear (&help->lock);
  g_cond_clear (&help->cond);
  g_free (help);
}

static void
part_range (BodyJob *job,
            guint    part,
            guint   *first,
            guint   *end)
{
  *first = (guint) ((guint64) job->n_blocks * part / N_PARTS);
  *end = (guint) ((guint64) job->n_blocks * (part + 1) / N_PARTS);
}

guint
cd_html_help_run (CdHtmlHelp *help)
{
  BodyJob *job;
  guint n_written = 0;

  g_return_val_if_fail (help != NULL, 0);

  g_mutex_lock (&help->lock);
  while (help->job == NULL && !help->closed)
    g_cond_wait (&help->cond, &help->lock);

  job = help->job;
  while (job != NULL && job->front < job->back)
    {
      CdHtmlWriter w = job->w;
      guint part = --job->back;
      guint first;
      guint end;
      GString *out;

      job->n_writing++;
      g_mutex_unlock (&help->lock);

      part_range (job, part, &first, &end);
      out = g_string_sized_new (16 * 1024);
      write_blocks (&w, out, first, end);

      g_mutex_lock (&help->lock);
      job->parts[part] = out;
      job->scripts |= w.scripts;
      job->n_writing--;
      n_written++;
      g_cond_broadcast (&help->cond);
    }
  g_mutex_unlock (&help->lock);

  return n_written;
}

/* The body, with the help of whoever calls cd_html_help_run () on
 * @help while it is written: the caller's thread writes the parts from
 * the front into @out while a helper writes others from the back, so a
 * helper with nothing else to do halves the time, and the writer never
 * waits for one that is busy elsewhere. */
static void
write_body (CdHtmlWriter *w,
            GString      *out)
{
  guint n = cd_article_get_n_blocks (w->article);
  CdHtmlHelp *help = w->options->help;
  BodyJob job = { 0, };

  if (help == NULL || n < SHARED_BLOCKS)
    {
      for (guint first = 0; first < n; first += SINK_BLOCKS)
        {
          write_blocks (w, out, first, MIN (first + SINK_BLOCKS, n));
          hand_to_sink (w, out);
        }
      return;
    }

  job.w = *w;
  job.w.scripts = 0;
  /* A helper writes its parts where the writer takes them from. */
  job.w.sink = NULL;
  job.n_blocks = n;
  job.back = N_PARTS;

  g_mutex_lock (&help->lock);
  help->job = &job;
  g_cond_broadcast (&help->cond);
  while (job.front < job.back)
    {
      guint part = job.front++;
      guint first;
      guint end;

      g_mutex_unlock (&help->lock);
      part_range (&job, part, &first, &end);
      write_blocks (w, out, first, end);
      hand_to_sink (w, out);
      g_mutex_lock (&help->lock);
    }
  /* The last parts a helper took, written or being written. */
  help->job = NULL;
  while (job.n_writing > 0)
    g_cond_wait (&help->cond, &help->lock);
  g_mutex_unlock (&help->lock);

  for (guint i = job.front; i < N_PARTS; i++)
    {
      _cd_html_append_len (out, job.parts[i]->str, job.parts[i]->len);
      g_string_free (job.parts[i], TRUE);
    }
  w->scripts |= job.scripts;
}

static void
write_article (CdHtmlWriter *w,
               GString      *out)
{
  _cd_html_append_open_tag (out, "article", "class", "story", "lang", w->lang, NULL);
  g_string_append_c (out, '\n');

  write_header (w, out);
  g_string_append_c (out, '\n');

  if (cd_article_get_lead (w->article) != NULL)
    {
      write_lead (w, out);
      g_string_append_c (out, '\n');
    }

  write_body (w, out);

  /* After the last block, so every block's markup stays the same as
   * cd_html_write_block() gives the preview. */
  for (guint i = 0; cd_embed_provider_nth (i) != NULL; i++)
    {
      if ((w->scripts & (1u << i)) != 0)
        _cd_html_append_provider_script (out, cd_embed_provider_nth (i));
    }

  _cd_html_append_close_tag (out, "article");
}

static void
write_document (CdHtmlWriter *w,
                GString      *out)
{
  if (w->options->mode == CD_HTML_PAGE)
    {
      g_string_append (out, "<!DOCTYPE html>\n");
      _cd_html_append_head_tag (out, "html", "lang", w->lang, NULL);
      g_string_append (out, "<head>\n");
      _cd_html_write_head (w, out);
      g_string_append (out, "</head>\n<body>\n<main>\n");
      write_article (w, out);
      g_string_append (out, "\n</main>\n</body>\n</html>\n");
    }
  else
    {
      write_article (w, out);
      g_string_append_c (out, '\n');
    }
}

char *
cd_html_write (CdArticle           *article,
               const CdHtmlOptions *options)
{
  GString *out;
  CdHtmlWriter w;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  _cd_html_writer_init (&w, article, options);
  out = g_string_sized_new (16 * 1024);
  write_document (&w, out);

  return g_string_free (out, FALSE);
}

void
_cd_html_write_through (CdArticle           *article,
                        const CdHtmlOptions *options,
                        CdHtmlSink           sink,
                        gpointer             sink_data)
{
  g_autoptr(GString) out = NULL;
  CdHtmlWriter w;

  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (sink != NULL);

  _cd_html_writer_init (&w, article, options);
  w.sink = sink;
  w.sink_data = sink_data;
  /* A piece and the block that took it past the size. */
  out = g_string_sized_new (2 * SINK_PIECE_SIZE);
  write_document (&w, out);
  if (out->len > 0)
    sink (out->str, out->len, sink_data);
}

static void
append_paragraph (GString    *out,
                  const char *prefix,
                  const char *text)
{
  if (text == NULL || *text == '\0')
    return;

  if (out->len > 0)
    g_string_append (out, "\n\n");
  g_string_append (out, prefix);
  g_string_append (out, text);
}

static void
append_block_text (GString    *out,
                   CdBlock    *block,
                   const char *dateline)
{
  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_PARAGRAPH:
    case CD_BLOCK_HEADING:
      append_paragraph (out, dateline, cd_block_get_text (block));
      break;
    case CD_BLOCK_QUOTE:
    case CD_BLOCK_PULLQUOTE:
      {
        const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

        append_paragraph (out, "", cd_block_get_text (block));
        if (*attribution != '\0')
          g_string_append_printf (out, "\n— %s", attribution);
      }
      break;
    case CD_BLOCK_LIST:
      {
        GPtrArray *items = cd_block_get_items (block);

        for (guint i = 0; i < items->len; i++)
          {
            CdListItem *item = g_ptr_array_index (items, i);

            if (*item->text == '\0')
              continue;
            if (i == 0)
              append_paragraph (out, "• ", item->text);
            else
              g_string_append_printf (out, "\n• %s", item->text);
          }
      }
      break;
    case CD_BLOCK_FIGURE:
      {
        const char *caption = cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION);
        const char *credit = cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT);

        if (*caption != '\0' && *credit != '\0')
          {
            g_autofree char *both = g_strdup_printf ("%s (%s)", caption, credit);

            append_paragraph (out, "", both);
          }
        else
          append_paragraph (out, "", *caption != '\0' ? caption : credit);
      }
      break;
    case CD_BLOCK_EMBED:
      {
        const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
        const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);

        append_paragraph (out, "", *text != '\0' ? text : cd_block_get_field (block, CD_BLOCK_FIELD_URL));
        if (*text != '\0' && *author != '\0')
          g_string_append_printf (out, "\n— %s", author);
      }
      break;
    case CD_BLOCK_DIVIDER:
    default:
      break;
    }
}

char *
cd_html_write_text (CdArticle *article)
{
  GString *out;
  GPtrArray *bylines;
  const CdDateline *dateline;
  g_autofree char *dateline_prefix = NULL;
  gboolean dateline_used = FALSE;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  out = g_string_new (NULL);
  append_paragraph (out, "", cd_article_get_headline (article));
  append_paragraph (out, "", cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));

  bylines = cd_article_get_bylines (article);
  for (guint i = 0; i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);
      g_autofree char *line = NULL;

      if (byline->title != NULL && *byline->title != '\0')
        line = g_strdup_printf ("%s, %s", byline->name, byline->title);
      else
        line = g_strdup (byline->name);
      if (i == 0)
        append_paragraph (out, "", line);
      else
        g_string_append_printf (out, "\n%s", line);
    }

  if (cd_article_get_lead (article) != NULL)
    append_block_text (out, cd_article_get_lead (article), "");

  dateline = cd_article_get_dateline (article);
  if (dateline != NULL && dateline->place != NULL && *dateline->place != '\0')
    dateline_prefix = g_strdup_printf ("%s — ", dateline->place);

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      gboolean first_paragraph = !dateline_used && cd_block_get_block_type (block) == CD_BLOCK_PARAGRAPH &&
                                 *cd_block_get_text (block) != '\0';

      append_block_text (out, block, first_paragraph && dateline_prefix != NULL ? dateline_prefix : "");
      if (first_paragraph)
        dateline_used = TRUE;
    }

  if (out->len > 0)
    g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

char *
cd_html_write_header (CdArticle           *article,
                      const CdHtmlOptions *options)
{
  GString *out;
  CdHtmlWriter w;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  _cd_html_writer_init (&w, article, options);
  out = g_string_new (NULL);
  write_header (&w, out);
  return g_string_free (out, FALSE);
}

char *
cd_html_write_lead (CdArticle           *article,
                    const CdHtmlOptions *options)
{
  GString *out;
  CdHtmlWriter w;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  _cd_html_writer_init (&w, article, options);
  out = g_string_new (NULL);
  write_lead (&w, out);
  return g_string_free (out, FALSE);
}

char *
cd_html_write_block (CdArticle           *article,
                     CdBlock             *block,
                     const CdHtmlOptions *options)
{
  GString *out;
  CdHtmlWriter w;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);

  _cd_html_writer_init (&w, article, options);
  out = g_string_new (NULL);
  write_block (&w, out, block, block == cd_article_get_lead (article));
  return g_string_free (out, FALSE);
}

/* Pieces of the story's markup for the other writers that put it into
 * their own wrappers (WordPress blocks), so that inline text, the
 * dateline, the byline and captions are escaped and worded in one place. */

void
_cd_html_append_dateline (CdArticle *article,
                          GString   *out)
{
  CdHtmlWriter w;

  _cd_html_writer_init (&w, article, NULL);
  append_dateline (&w, out);
}

gboolean
_cd_html_append_byline_names (CdArticle *article,
                              GString   *out)
{
  gboolean written;
  CdHtmlWriter w;

  _cd_html_writer_init (&w, article, NULL);
  written = append_byline_names (&w, out);
  return written;
}

void
_cd_html_append_figure_caption (GString *out,
                                CdBlock *block)
{
  append_caption_and_credit (out, block);
}
