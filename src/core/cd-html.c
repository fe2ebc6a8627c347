/* cd-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cd-document.h"
#include "cd-embed.h"
#include "cd-error.h"
#include "cd-html.h"
#include "cd-media.h"
#include "cd-html-private.h"

/* The few words the writer itself puts into a story ("By", "and", "on",
 * month names) follow the story's language, not the user interface's: a
 * French story exported from an English desktop still reads "Par". Stories
 * in other languages get no words at all and ISO dates. */
typedef enum
{
  DATE_MONTH_DAY_YEAR,     /* June 4, 2019 */
  DATE_DAY_MONTH_YEAR,     /* 4 juin 2019 */
  DATE_DAY_DOT_MONTH_YEAR, /* 4. Juni 2019 */
  DATE_DAY_DE_MONTH_YEAR,  /* 4 de junio de 2019 */
} DateStyle;

typedef struct
{
  const char *lang;
  const char *by;
  const char *and_word;
  const char *on;
  DateStyle   date_style;
  const char *months[12];
} LangWords;

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

struct _CdHtmlWriter
{
  CdArticle           *article;
  const CdHtmlOptions *options;
  CdHtmlOptions        defaults;
  const char          *lang;             /* valid language tag or NULL */
  const LangWords     *words;
  CdBlock             *first_paragraph;  /* carries the dateline */
  guint                scripts;          /* cd_embed_provider_nth() bits used */
};

typedef enum
{
  INLINE_LINK,
  INLINE_STRONG,
  INLINE_EM,
} InlineKind;

/* What is active over one run of text between two mark boundaries. */
typedef struct
{
  gboolean    strong;
  gboolean    em;
  const char *href;
} RunState;

typedef struct
{
  InlineKind  kind;
  const char *href;
  guint       reach;  /* how many runs it stays active from here */
} InlineOpen;

/* What the sandbox of an isolated embed's frame allows: its provider's
 * script, and opening the post in a new window. Without allow-same-origin
 * the frame's document has an origin of its own, so no script in it can
 * reach the page around it. */
#define EMBED_FRAME_SANDBOX "allow-scripts allow-popups allow-popups-to-escape-sandbox"

/* Code points HTML forbids in a document: controls other than tab and
 * newline (carriage returns are dropped too, the parser would fold them
 * anyway), C1 controls, surrogates and noncharacters. */
static gboolean
char_is_allowed (gunichar ch)
{
  if (ch < 0x20)
    return ch == '\t' || ch == '\n';
  if (ch >= 0x7f && ch <= 0x9f)
    return FALSE;
  if (ch >= 0xd800 && ch <= 0xdfff)
    return FALSE;
  if (ch >= 0xfdd0 && ch <= 0xfdef)
    return FALSE;
  if ((ch & 0xfffe) == 0xfffe)
    return FALSE;
  return ch <= 0x10ffff;
}

/* Copies @text without the characters HTML forbids, escaping markup
 * characters when @escape is set. Invalid UTF-8 is dropped byte by byte. */
static void
append_clean (GString    *out,
              const char *text,
              gboolean    escape)
{
  const char *p = text;

  while (*p != '\0')
    {
      guchar c = (guchar) *p;
      gunichar ch;
      const char *next;

      if (c < 0x80 && !escape)
        {
          if (char_is_allowed (c))
            g_string_append_c (out, (char) c);
          p++;
          continue;
        }

      if (c < 0x80)
        {
          switch (c)
            {
            case '&': g_string_append (out, "&amp;"); break;
            case '<': g_string_append (out, "&lt;"); break;
            case '>': g_string_append (out, "&gt;"); break;
            case '"': g_string_append (out, "&quot;"); break;
            case '\'': g_string_append (out, "&#39;"); break;
            default:
              if (char_is_allowed (c))
                g_string_append_c (out, (char) c);
              break;
            }
          p++;
          continue;
        }

      ch = g_utf8_get_char_validated (p, -1);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          /* Dropping the one bad byte resynchronises on the next
           * character, so text after a stray byte survives. */
          p++;
          continue;
        }

      next = g_utf8_next_char (p);
      if (char_is_allowed (ch))
        g_string_append_len (out, p, next - p);
      p = next;
    }
}

void
cd_html_append_escaped (GString    *out,
                        const char *text)
{
  g_return_if_fail (out != NULL);

  if (text != NULL)
    append_clean (out, text, TRUE);
}

/* Text for a JSON-LD value: the same characters as in the page, but
 * unescaped, since the JSON writer and append_json_for_script() take care of
 * the markup characters. */
static char *
clean_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  append_clean (out, text, FALSE);
  return g_strstrip (g_string_free (out, FALSE));
}

char *
cd_html_escape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 16);
  cd_html_append_escaped (out, text);
  return g_string_free (out, FALSE);
}

char *
cd_html_block_dom_id (const char *block_id)
{
  GString *out;

  g_return_val_if_fail (block_id != NULL, NULL);

  /* What append_open_tag() writes into data-block-id, as the page's
   * parser reads it back: the same characters dropped, nothing escaped. */
  out = g_string_sized_new (strlen (block_id));
  append_clean (out, block_id, FALSE);
  return g_string_free (out, FALSE);
}

void
cd_html_options_init (CdHtmlOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->mode = CD_HTML_PAGE;
  options->embeds = CD_EMBEDS_STATIC;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Writes <TAG name="value" …> from NULL-terminated name/value pairs; a
 * NULL value leaves the attribute out. Names are literals of this file,
 * values are always escaped. */
static void
append_open_tag_valist (GString    *out,
                        const char *tag,
                        va_list     args)
{
  const char *name;

  g_string_append_c (out, '<');
  g_string_append (out, tag);

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;

      g_string_append_c (out, ' ');
      g_string_append (out, name);
      g_string_append (out, "=\"");
      cd_html_append_escaped (out, value);
      g_string_append_c (out, '"');
    }

  g_string_append_c (out, '>');
}

static void G_GNUC_NULL_TERMINATED
append_open_tag (GString    *out,
                 const char *tag,
                 ...)
{
  va_list args;

  va_start (args, tag);
  append_open_tag_valist (out, tag, args);
  va_end (args);
}

static void
append_close_tag (GString    *out,
                  const char *tag)
{
  g_string_append (out, "</");
  g_string_append (out, tag);
  g_string_append_c (out, '>');
}

/* <TAG attrs…>escaped text</TAG> */
static void G_GNUC_NULL_TERMINATED
append_text_element (GString    *out,
                     const char *tag,
                     const char *text,
                     ...)
{
  va_list args;

  va_start (args, text);
  append_open_tag_valist (out, tag, args);
  va_end (args);

  cd_html_append_escaped (out, text);
  append_close_tag (out, tag);
}

/* Multi-line text (an embedded post) keeps its line breaks. */
static void
append_escaped_lines (GString    *out,
                      const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<br>");
      cd_html_append_escaped (out, lines[i]);
    }
}

/* Characters browsers percent-encode in a URL anyway; encoding them here
 * keeps the attribute a valid URL. The result is still HTML-escaped by
 * the caller like any other value. */
static char *
normalize_url (const char *url)
{
  GString *out = g_string_sized_new (strlen (url));
  const char *start = url;
  const char *end = url + strlen (url);

  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  for (const char *p = start; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' ||
          c == '{' || c == '}')
        g_string_append_printf (out, "%%%02X", c);
      else if (c == '\t' || c == '\n' || c == '\r')
        continue;
      else
        g_string_append_c (out, (char) c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
url_is_https (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  /* No user name before the host and no backslash, as for every link. */
  if (is_empty (url) || g_strcmp0 (g_uri_peek_scheme (url), "https") != 0 ||
      !cd_href_is_allowed (url))
    return FALSE;

  /* Spaces are percent-encoded on output; line breaks and other
   * controls mean the value is not one URL. */
  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p))
        return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && !is_empty (g_uri_get_host (uri));
}

static gboolean
href_is_allowed (const char *href)
{
  return !is_empty (href) && cd_href_is_allowed (href);
}

static void
append_link_open (GString    *out,
                  const char *href)
{
  g_autofree char *url = normalize_url (href);

  append_open_tag (out, "a", "href", url, "rel", "noopener", NULL);
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

static void
writer_init (CdHtmlWriter        *w,
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
static gboolean
parse_date (const char  *value,
            char       **datetime,
            int         *year,
            int         *month,
            int         *day)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (is_empty (value))
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

  return parse_date (value, &datetime, &year, &month, &day);
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
static void
append_time (CdHtmlWriter *w,
             GString      *out,
             const char   *value)
{
  g_autofree char *datetime = NULL;
  g_autofree char *human = NULL;
  int year, month, day;

  if (!parse_date (value, &datetime, &year, &month, &day))
    {
      cd_html_append_escaped (out, value);
      return;
    }

  human = format_human_date (w->words, year, month, day);
  append_text_element (out, "time", human, "datetime", datetime, NULL);
}

static gboolean
state_has (const RunState *state,
           InlineKind      kind,
           const char     *href)
{
  switch (kind)
    {
    case INLINE_LINK:
      return state->href != NULL && g_strcmp0 (state->href, href) == 0;
    case INLINE_STRONG:
      return state->strong;
    case INLINE_EM:
      return state->em;
    default:
      break;
    }

  g_assert_not_reached ();
  return FALSE;
}

static void
append_inline_open (GString    *out,
                    InlineKind  kind,
                    const char *href)
{
  switch (kind)
    {
    case INLINE_LINK:
      append_link_open (out, href);
      break;
    case INLINE_STRONG:
      g_string_append (out, "<strong>");
      break;
    case INLINE_EM:
      g_string_append (out, "<em>");
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
append_inline_close (GString    *out,
                     InlineKind  kind)
{
  static const char * const closers[] = { "</a>", "</strong>", "</em>" };

  g_string_append (out, closers[kind]);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return (x > y) - (x < y);
}

static int
compare_mark_position (gconstpointer a,
                       gconstpointer b)
{
  const CdMark *x = *(CdMark * const *) a;
  const CdMark *y = *(CdMark * const *) b;

  if (x->start != y->start)
    return (x->start > y->start) - (x->start < y->start);
  return (x->end > y->end) - (x->end < y->end);
}

static int
compare_inline_open (gconstpointer a,
                     gconstpointer b)
{
  const InlineOpen *x = a;
  const InlineOpen *y = b;

  /* The element that stays longest goes outside, so it is split least;
   * on a tie links go outermost. */
  if (x->reach != y->reach)
    return (x->reach < y->reach) - (x->reach > y->reach);
  return (int) x->kind - (int) y->kind;
}

/* The index of @value in the sorted, distinct @bounds. */
static guint
bound_index (GArray *bounds,
             guint   value)
{
  guint low = 0;
  guint high = bounds->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (bounds, guint, middle) < value)
        low = middle + 1;
      else
        high = middle;
    }

  g_assert (low < bounds->len && g_array_index (bounds, guint, low) == value);
  return low;
}

/* Text with strong, em and link marks. Marks may overlap in any way; the
 * text is cut into runs at every mark boundary and inner elements are
 * closed and reopened where needed, so the output always nests. Links
 * never nest: where two overlap, the one starting first wins.
 *
 * A paragraph may carry a hundred thousand marks, and the preview renders
 * on the main thread: the runs are found in one sweep over the sorted
 * boundaries, linear in text and marks after the sort. */
static void
append_marked_text (GString    *out,
                    const char *text,
                    GPtrArray  *marks)
{
  g_autoptr(GPtrArray) usable = NULL;
  g_autoptr(GArray) bounds = NULL;
  g_autofree RunState *states = NULL;
  g_autofree const char **run_starts = NULL;
  g_autofree int *strong_change = NULL;
  g_autofree int *em_change = NULL;
  g_autofree CdMark **links = NULL;
  g_autofree guint *reach = NULL;
  InlineOpen stack[3];
  guint depth = 0;
  guint n_chars;
  guint n_runs;
  guint n_bounds = 0;
  guint zero = 0;
  guint n_links = 0;
  guint first_link = 0;
  guint next_mark = 0;
  int strong = 0;
  int em = 0;

  if (marks == NULL || marks->len == 0)
    {
      cd_html_append_escaped (out, text);
      return;
    }

  n_chars = g_utf8_strlen (text, -1);
  usable = g_ptr_array_new ();
  bounds = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < marks->len; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->start >= mark->end || mark->start >= n_chars)
        continue;
      if (mark->type == CD_MARK_LINK && !href_is_allowed (mark->href))
        continue;
      g_ptr_array_add (usable, mark);
    }

  if (usable->len == 0)
    {
      cd_html_append_escaped (out, text);
      return;
    }

  g_ptr_array_sort (usable, compare_mark_position);

  g_array_append_val (bounds, zero);
  g_array_append_val (bounds, n_chars);
  for (guint i = 0; i < usable->len; i++)
    {
      CdMark *mark = g_ptr_array_index (usable, i);
      guint end = MIN (mark->end, n_chars);

      g_array_append_val (bounds, mark->start);
      g_array_append_val (bounds, end);
    }
  g_array_sort (bounds, compare_guint);
  for (guint i = 0; i < bounds->len; i++)
    {
      guint b = g_array_index (bounds, guint, i);

      if (n_bounds == 0 || g_array_index (bounds, guint, n_bounds - 1) != b)
        g_array_index (bounds, guint, n_bounds++) = b;
    }
  g_array_set_size (bounds, n_bounds);

  n_runs = n_bounds - 1;
  states = g_new0 (RunState, n_runs);
  run_starts = g_new0 (const char *, n_bounds);

  /* Strong and em hold over a run while more of their marks have started
   * than ended by its start. */
  strong_change = g_new0 (int, n_bounds);
  em_change = g_new0 (int, n_bounds);
  for (guint i = 0; i < usable->len; i++)
    {
      CdMark *mark = g_ptr_array_index (usable, i);
      int *change;

      if (mark->type == CD_MARK_LINK)
        continue;
      change = mark->type == CD_MARK_STRONG ? strong_change : em_change;
      change[bound_index (bounds, mark->start)]++;
      change[bound_index (bounds, MIN (mark->end, n_chars))]--;
    }

  /* The link of a run is the first, in sorted order, of the links that
   * cover it. Links enter the queue in that order, so the first one in
   * the queue that has not ended yet is the one. */
  links = g_new (CdMark *, usable->len);
  for (guint k = 0; k < n_runs; k++)
    {
      guint run_start = g_array_index (bounds, guint, k);
      RunState *state = &states[k];

      strong += strong_change[k];
      em += em_change[k];
      state->strong = strong > 0;
      state->em = em > 0;

      for (; next_mark < usable->len; next_mark++)
        {
          CdMark *mark = g_ptr_array_index (usable, next_mark);

          if (mark->start > run_start)
            break;
          if (mark->type == CD_MARK_LINK)
            links[n_links++] = mark;
        }

      while (first_link < n_links && MIN (links[first_link]->end, n_chars) <= run_start)
        first_link++;
      if (first_link < n_links)
        state->href = links[first_link]->href;
    }

  /* How many runs from each one on an element stays: an element that
   * stays longest is opened outside the others. */
  reach = g_new0 (guint, (gsize) n_runs * 3);
  for (guint k = n_runs; k-- > 0; )
    {
      for (InlineKind kind = INLINE_LINK; kind <= INLINE_EM; kind++)
        {
          const char *href = kind == INLINE_LINK ? states[k].href : NULL;

          if (!state_has (&states[k], kind, href))
            continue;
          reach[k * 3 + kind] = 1;
          if (k + 1 < n_runs && state_has (&states[k + 1], kind, href))
            reach[k * 3 + kind] += reach[(k + 1) * 3 + kind];
        }
    }

  run_starts[0] = text;
  for (guint k = 1; k < n_bounds; k++)
    run_starts[k] = g_utf8_offset_to_pointer (run_starts[k - 1],
                                              g_array_index (bounds, guint, k) -
                                              g_array_index (bounds, guint, k - 1));

  for (guint k = 0; k < n_runs; k++)
    {
      const RunState *state = &states[k];
      InlineOpen wanted[3];
      guint n_wanted = 0;
      guint keep = 0;
      g_autofree char *run = NULL;

      while (keep < depth && state_has (state, stack[keep].kind, stack[keep].href))
        keep++;
      while (depth > keep)
        append_inline_close (out, stack[--depth].kind);

      for (InlineKind kind = INLINE_LINK; kind <= INLINE_EM; kind++)
        {
          const char *href = kind == INLINE_LINK ? state->href : NULL;
          gboolean open = FALSE;

          if (!state_has (state, kind, href))
            continue;
          for (guint s = 0; s < depth; s++)
            open |= stack[s].kind == kind;
          if (open)
            continue;

          wanted[n_wanted++] = (InlineOpen) { kind, href, reach[k * 3 + kind] };
        }

      qsort (wanted, n_wanted, sizeof (InlineOpen), compare_inline_open);
      for (guint i = 0; i < n_wanted; i++)
        {
          append_inline_open (out, wanted[i].kind, wanted[i].href);
          stack[depth++] = wanted[i];
        }

      run = g_strndup (run_starts[k], run_starts[k + 1] - run_starts[k]);
      cd_html_append_escaped (out, run);
    }

  while (depth > 0)
    append_inline_close (out, stack[--depth].kind);
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
  if (is_empty (place) && is_empty (source))
    return;

  g_string_append (out, "<span class=\"dateline\">");
  cd_html_append_escaped (out, place);
  if (!is_empty (source))
    {
      if (!is_empty (place))
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
static char *
figure_src (CdHtmlWriter *w,
            const char   *src)
{
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
      prefix = normalize_url (w->options->media_prefix != NULL ? w->options->media_prefix : "media/");
      return g_strconcat (prefix, escaped, NULL);
    }

  if (url_is_https (src))
    return normalize_url (src);

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
  if (!is_empty (caption) && !is_empty (credit))
    g_string_append_c (out, ' ');
  if (!is_empty (credit))
    append_text_element (out, "span", credit, "class", "credit", NULL);
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
  g_autofree char *src = figure_src (w, cd_block_get_field (block, CD_BLOCK_FIELD_SRC));

  append_open_tag (out, "figure",
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
      append_open_tag (out, "img",
                       "src", src,
                       "alt", cd_block_get_field (block, CD_BLOCK_FIELD_ALT),
                       "width", wd > 0 ? width : NULL,
                       "height", ht > 0 ? height : NULL,
                       "loading", is_lead ? NULL : "lazy",
                       NULL);
    }

  if (!is_empty (caption) || !is_empty (credit))
    {
      append_open_tag (out, "figcaption", "dir", "auto", NULL);
      append_caption_and_credit (out, block);
      append_close_tag (out, "figcaption");
    }

  append_close_tag (out, "figure");
}

/* "x" → "x"; anything that would not make a tidy class name is reduced to
 * its letters, digits and dashes. */
static char *
provider_class (const char *provider)
{
  GString *out = g_string_new ("embed embed-");
  gsize base = out->len;

  for (const char *p = provider; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-')
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  if (out->len == base)
    g_string_append (out, "link");

  return g_string_free (out, FALSE);
}

static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += strlen ("www.");
  return g_strdup (host);
}

/* Author, handle, provider and date under a static card:
 * "Jane Roe @jane on X · June 4, 2019", the date linking to the post.
 * @provider is what @url was detected as, never the stored member: a
 * card must not say "on X" about a link to another site. This is the
 * inside of the card's caption. */
static void
append_card_caption_content (CdHtmlWriter *w,
                             GString      *out,
                             CdBlock      *block,
                             const char   *provider,
                             const char   *url)
{
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *handle = cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE);
  const char *date = cd_block_get_field (block, CD_BLOCK_FIELD_DATE);
  g_autofree char *host = NULL;
  const char *label;
  gboolean who = !is_empty (author) || !is_empty (handle);

  if (url == NULL)
    label = NULL;
  else if (g_strcmp0 (provider, "link") == 0)
    {
      host = url_host (url);
      label = host;
    }
  else
    label = cd_embed_provider_display_name (provider);

  if (!is_empty (author))
    append_text_element (out, "span", author, "class", "embed-author", NULL);
  if (!is_empty (handle))
    {
      if (!is_empty (author))
        g_string_append_c (out, ' ');
      append_text_element (out, "span", handle, "class", "embed-handle", NULL);
    }

  if (!is_empty (label))
    {
      if (who && w->words->on != NULL)
        {
          g_string_append_c (out, ' ');
          cd_html_append_escaped (out, w->words->on);
          g_string_append_c (out, ' ');
        }
      else if (who)
        g_string_append (out, " · ");

      append_open_tag (out, "span", "class", "embed-provider", NULL);
      if (is_empty (date) && url != NULL)
        {
          append_link_open (out, url);
          cd_html_append_escaped (out, label);
          g_string_append (out, "</a>");
        }
      else
        cd_html_append_escaped (out, label);
      append_close_tag (out, "span");
    }

  if (!is_empty (date))
    {
      if (who || !is_empty (label))
        g_string_append (out, " · ");
      if (url != NULL)
        append_link_open (out, url);
      append_time (w, out, date);
      if (url != NULL)
        g_string_append (out, "</a>");
    }
  else if (is_empty (label) && url != NULL)
    {
      if (who)
        g_string_append (out, " · ");
      append_link_open (out, url);
      cd_html_append_escaped (out, url);
      g_string_append (out, "</a>");
    }
}

static void
append_card_caption (CdHtmlWriter *w,
                     GString      *out,
                     CdBlock      *block,
                     const char   *provider,
                     const char   *url)
{
  g_autoptr (GString) content = g_string_new (NULL);

  /* A card with nothing to say under it gets no caption at all. */
  append_card_caption_content (w, content, block, provider, url);
  if (content->len == 0)
    return;

  append_open_tag (out, "figcaption", "dir", "auto", NULL);
  g_string_append_len (out, content->str, content->len);
  append_close_tag (out, "figcaption");
}

/* The privacy-first card: only the stored fields, nothing fetched. */
static void
write_static_embed (CdHtmlWriter *w,
                    GString      *out,
                    CdBlock      *block,
                    const char   *klass_extra,
                    const char   *provider,
                    const char   *url,
                    const char   *lang)
{
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  g_autofree char *base_class = provider_class (provider);
  g_autofree char *klass = klass_extra != NULL ? g_strconcat (base_class, " ", klass_extra, NULL) : NULL;
  g_autofree char *cite = url != NULL ? normalize_url (url) : NULL;

  append_open_tag (out, "figure",
                   "class", klass != NULL ? klass : base_class,
                   "data-block-id", cd_block_get_id (block),
                   NULL);

  append_open_tag (out, "blockquote",
                   "class", "embed-card",
                   "cite", cite,
                   "lang", lang,
                   NULL);
  if (!is_empty (title))
    append_text_element (out, "p", title, "class", "embed-title", "dir", "auto", NULL);
  if (!is_empty (text))
    {
      append_open_tag (out, "p", "class", "embed-text", "dir", "auto", NULL);
      append_escaped_lines (out, text);
      append_close_tag (out, "p");
    }
  append_close_tag (out, "blockquote");

  append_card_caption (w, out, block, provider, url);
  append_close_tag (out, "figure");
}

static void append_official_attribution (CdHtmlWriter *w,
                                         GString      *out,
                                         CdBlock      *block,
                                         const char   *url);

/* The stored post inside a provider's blockquote, shown until (or unless)
 * the provider's script replaces it: the text, then "— Author (@handle)"
 * and a link to the post. */
static void
append_official_fallback (CdHtmlWriter *w,
                          GString      *out,
                          CdBlock      *block,
                          const char   *url,
                          const char   *lang)
{
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);

  if (!is_empty (text))
    {
      append_open_tag (out, "p", "lang", lang, "dir", "auto", NULL);
      append_escaped_lines (out, text);
      append_close_tag (out, "p");
    }

  append_official_attribution (w, out, block, url);
}

/* "— Author (@handle) <a>date</a>", the date (or the provider's name)
 * linking to the post. */
static void
append_official_attribution (CdHtmlWriter *w,
                             GString      *out,
                             CdBlock      *block,
                             const char   *url)
{
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *handle = cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE);
  const char *date = cd_block_get_field (block, CD_BLOCK_FIELD_DATE);
  const char *provider = cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER);

  /* Names may be written right to left, or carry direction marks of
   * their own: isolated, they cannot reorder the dash, the brackets or
   * the link around them. */
  g_string_append (out, "— ");
  if (!is_empty (author))
    {
      append_text_element (out, "bdi", author, NULL);
      g_string_append_c (out, ' ');
    }
  if (!is_empty (handle))
    {
      g_string_append_c (out, '(');
      append_text_element (out, "bdi", handle, NULL);
      g_string_append (out, ") ");
    }

  append_link_open (out, url);
  if (!is_empty (date))
    append_time (w, out, date);
  else
    cd_html_append_escaped (out, cd_embed_provider_display_name (provider));
  g_string_append (out, "</a>");
}

gboolean
_cd_html_write_official_x (CdHtmlWriter *w,
                           GString      *out,
                           CdBlock      *block,
                           const char   *url,
                           const char   *lang)
{
  append_open_tag (out, "blockquote", "class", "twitter-tweet", NULL);
  append_official_fallback (w, out, block, url, lang);
  append_close_tag (out, "blockquote");
  return TRUE;
}

static gboolean
id_is_clean (const char *id,
             const char *extra)
{
  if (is_empty (id) || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr (extra, *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

gboolean
_cd_html_write_official_youtube (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 const char   *url,
                                 const char   *lang)
{
  g_autofree char *id = cd_embed_youtube_id (url);
  g_autofree char *src = NULL;
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *label;

  if (id == NULL)
    return FALSE;

  label = !is_empty (title) ? title : cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  if (is_empty (label))
    label = cd_embed_provider_display_name ("youtube");

  src = g_strconcat (cd_embed_provider_lookup ("youtube")->frame_origin, "/embed/", id, NULL);
  append_open_tag (out, "iframe",
                   "src", src,
                   "title", label,
                   "width", "560",
                   "height", "315",
                   "allow", "accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share",
                   "referrerpolicy", "strict-origin-when-cross-origin",
                   "allowfullscreen", "",
                   "loading", "lazy",
                   NULL);
  append_close_tag (out, "iframe");

  append_open_tag (out, "figcaption", "dir", "auto", "lang", lang, NULL);
  append_link_open (out, url);
  cd_html_append_escaped (out, label);
  g_string_append (out, "</a>");
  append_close_tag (out, "figcaption");
  return TRUE;
}

gboolean
_cd_html_write_official_instagram (CdHtmlWriter *w,
                                   GString      *out,
                                   CdBlock      *block,
                                   const char   *url,
                                   const char   *lang)
{
  g_autofree char *permalink = normalize_url (url);

  append_open_tag (out, "blockquote",
                   "class", "instagram-media",
                   "data-instgrm-permalink", permalink,
                   "data-instgrm-version", "14",
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  append_close_tag (out, "blockquote");
  return TRUE;
}

gboolean
_cd_html_write_official_tiktok (CdHtmlWriter *w,
                                GString      *out,
                                CdBlock      *block,
                                const char   *url,
                                const char   *lang)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_auto(GStrv) segments = NULL;
  g_autofree char *cite = normalize_url (url);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  const char *id = NULL;

  if (path == NULL)
    return FALSE;

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; segments[i] != NULL && segments[i + 1] != NULL; i++)
    {
      if (strcmp (segments[i], "video") == 0)
        id = segments[i + 1];
    }
  if (!id_is_clean (id, ""))
    return FALSE;

  append_open_tag (out, "blockquote",
                   "class", "tiktok-embed",
                   "cite", cite,
                   "data-video-id", id,
                   NULL);
  g_string_append (out, "<section>");
  append_official_fallback (w, out, block, url, lang);
  g_string_append (out, "</section>");
  append_close_tag (out, "blockquote");
  return TRUE;
}

gboolean
_cd_html_write_official_bluesky (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 const char   *url,
                                 const char   *lang)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_auto(GStrv) segments = NULL;
  g_autofree char *at_uri = NULL;
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;

  if (path == NULL)
    return FALSE;

  /* /profile/ACTOR/post/RKEY, where ACTOR is a handle or a DID. */
  segments = g_strsplit (path, "/", -1);
  if (g_strv_length (segments) < 5 ||
      strcmp (segments[1], "profile") != 0 ||
      strcmp (segments[3], "post") != 0 ||
      !id_is_clean (segments[2], ".:-_") ||
      !id_is_clean (segments[4], ".:-_~"))
    return FALSE;

  at_uri = g_strconcat ("at://", segments[2], "/app.bsky.feed.post/", segments[4], NULL);
  append_open_tag (out, "blockquote",
                   "class", "bluesky-embed",
                   "data-bluesky-uri", at_uri,
                   "data-bluesky-embed-color-mode", "system",
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  append_close_tag (out, "blockquote");
  return TRUE;
}

gboolean
_cd_html_write_official_facebook (CdHtmlWriter *w,
                                  GString      *out,
                                  CdBlock      *block,
                                  const char   *url,
                                  const char   *lang)
{
  g_autofree char *href = normalize_url (url);
  const char *kind = NULL;

  if (!cd_embed_detect (url, NULL, &kind, NULL))
    return FALSE;

  /* The SDK replaces the div with its own frame; until it does, the
   * blockquote it is told to leave alone (fb-xfbml-parse-ignore) shows
   * the stored post. */
  append_open_tag (out, "div",
                   "class", g_strcmp0 (kind, "video") == 0 ? "fb-video" : "fb-post",
                   "data-href", href,
                   "data-width", "500",
                   "data-show-text", "true",
                   NULL);
  append_open_tag (out, "blockquote",
                   "class", "fb-xfbml-parse-ignore",
                   "cite", href,
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  append_close_tag (out, "blockquote");
  append_close_tag (out, "div");
  return TRUE;
}

gboolean
_cd_html_write_official_threads (CdHtmlWriter *w,
                                 GString      *out,
                                 CdBlock      *block,
                                 const char   *url,
                                 const char   *lang)
{
  g_autofree char *permalink = normalize_url (url);

  append_open_tag (out, "blockquote",
                   "class", "text-post-media",
                   "data-text-post-permalink", permalink,
                   "data-text-post-version", "0",
                   NULL);
  append_official_fallback (w, out, block, url, lang);
  append_close_tag (out, "blockquote");
  return TRUE;
}

/* Mastodon has no central embed service: each instance serves the frame
 * of its own posts at /@USER/ID/embed, and the embed.js that sizes it.
 * The instance is whatever host the story names, so its script is never
 * loaded (it would run in the published page with the page's rights):
 * the frame alone shows the post, sandboxed so that it cannot take the
 * page elsewhere either. A post of another instance's account seen
 * through this one (/@user@other.host/ID) is not embeddable here and
 * keeps the card. */
gboolean
_cd_html_write_official_mastodon (CdHtmlWriter *w,
                                  GString      *out,
                                  CdBlock      *block,
                                  const char   *url,
                                  const char   *lang)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH, NULL);
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *host = NULL;
  g_autofree char *src = NULL;
  g_autofree char *title = NULL;
  const char *author = cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR);
  const char *user;
  const char *id;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;

  parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_ptr_array_add (segments, parts[i]);
    }

  if (segments->len == 2 && ((const char *) g_ptr_array_index (segments, 0))[0] == '@')
    {
      user = (const char *) g_ptr_array_index (segments, 0) + 1;
      id = g_ptr_array_index (segments, 1);
    }
  else if (segments->len == 4 &&
           strcmp (g_ptr_array_index (segments, 0), "users") == 0 &&
           strcmp (g_ptr_array_index (segments, 2), "statuses") == 0)
    {
      user = g_ptr_array_index (segments, 1);
      id = g_ptr_array_index (segments, 3);
    }
  else
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (!id_is_clean (user, "_-.") || !id_is_clean (id, "") || !id_is_clean (host, ".-"))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  src = g_strdup_printf ("https://%s/@%s/%s/embed", host, user, id);
  title = g_strdup_printf ("Mastodon: %s", !is_empty (author) ? author : user);

  append_open_tag (out, "iframe",
                   "src", src,
                   "class", "mastodon-embed",
                   "title", title,
                   "sandbox", EMBED_FRAME_SANDBOX,
                   "width", "400",
                   "height", "400",
                   "allowfullscreen", "",
                   "loading", "lazy",
                   NULL);
  append_close_tag (out, "iframe");

  /* The frame shows the post itself; the caption keeps who wrote it and
   * the link for a reader whose browser blocks the frame. */
  append_open_tag (out, "figcaption", "dir", "auto", NULL);
  append_official_attribution (w, out, block, url);
  append_close_tag (out, "figcaption");

  return TRUE;
}

/* The provider's script tag, and what it needs before it runs. */
static void
append_provider_script (GString               *out,
                        const CdEmbedProvider *info)
{
  g_assert (info != NULL && info->script != NULL);

  if (info->script_prelude != NULL)
    g_string_append (out, info->script_prelude);

  append_open_tag (out, "script",
                   "async", "",
                   "src", info->script,
                   "charset", info->script_charset,
                   NULL);
  append_close_tag (out, "script");
  g_string_append_c (out, '\n');
}

/* The official markup in a sandboxed frame of its own, with its
 * provider's script inside: what the script sees is that one embed,
 * never the story around it. */
static void
append_isolated_embed (CdHtmlWriter          *w,
                       GString               *out,
                       const CdEmbedProvider *info,
                       const char            *klass,
                       const char            *markup)
{
  g_autoptr(GString) doc = g_string_new ("<!DOCTYPE html>\n");

  append_open_tag (doc, "html", "lang", w->lang, NULL);
  g_string_append (doc, "<head><meta charset=\"utf-8\"></head><body>");
  append_open_tag (doc, "figure", "class", klass, NULL);
  g_string_append (doc, markup);
  append_close_tag (doc, "figure");
  g_string_append_c (doc, '\n');
  if (info->script != NULL)
    append_provider_script (doc, info);
  g_string_append (doc, "</body></html>\n");

  append_open_tag (out, "iframe",
                   "class", "embed-frame",
                   "title", info->display_name,
                   "sandbox", EMBED_FRAME_SANDBOX,
                   "srcdoc", doc->str,
                   "width", "560",
                   "height", "640",
                   NULL);
  append_close_tag (out, "iframe");
}

/* The embed's URL when the writer links to it, setting @provider to what
 * its real host earns; NULL (and "link") for a URL detection refuses (a
 * user name before the host, a backslash, a numeric or local host),
 * whatever the stored members claim. */
static const char *
embed_url (CdBlock     *block,
           const char **provider)
{
  const char *stored_url = cd_block_get_field (block, CD_BLOCK_FIELD_URL);

  if (url_is_https (stored_url) && cd_embed_detect (stored_url, provider, NULL, NULL))
    return stored_url;

  *provider = "link";
  return NULL;
}

const CdEmbedProvider *
cd_html_embed_official_provider (CdBlock *block)
{
  const CdEmbedProvider *info;
  const char *provider = "link";

  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);

  if (cd_block_get_block_type (block) != CD_BLOCK_EMBED ||
      embed_url (block, &provider) == NULL)
    return NULL;

  /* A stored provider that disagrees with its URL gets the card. */
  if (g_strcmp0 (cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER), provider) != 0)
    return NULL;

  info = cd_embed_provider_lookup (provider);
  return info != NULL && info->write_official != NULL ? info : NULL;
}

static void
write_embed (CdHtmlWriter *w,
             GString      *out,
             CdBlock      *block,
             const char   *klass_extra)
{
  const char *stored_lang = cd_block_get_field (block, CD_BLOCK_FIELD_LANG);
  const char *lang = cd_language_tag_is_valid (stored_lang) ? stored_lang : NULL;
  const char *provider = "link";
  const char *url = embed_url (block, &provider);
  const CdEmbedProvider *info = NULL;

  if (w->options->embeds == CD_EMBEDS_OFFICIAL)
    info = cd_html_embed_official_provider (block);

  if (info != NULL)
    {
      g_autoptr(GString) markup = g_string_new (NULL);

      /* Written aside first so a URL the provider's markup cannot use
       * falls back to the card without leaving half an element. */
      if (info->write_official (w, markup, block, url, lang))
        {
          g_autofree char *base_class = provider_class (provider);
          g_autofree char *klass = g_strjoin (" ", base_class, "embed-official", klass_extra, NULL);

          append_open_tag (out, "figure",
                           "class", klass,
                           "data-block-id", cd_block_get_id (block),
                           NULL);
          if (w->options->isolate_embeds)
            {
              g_autofree char *inner_class = g_strjoin (" ", base_class, "embed-official", NULL);

              append_isolated_embed (w, out, info, inner_class, markup->str);
            }
          else
            {
              g_string_append_len (out, markup->str, markup->len);
              for (guint i = 0; info->script != NULL && cd_embed_provider_nth (i) != NULL; i++)
                {
                  if (cd_embed_provider_nth (i) == info)
                    w->scripts |= 1u << i;
                }
            }
          append_close_tag (out, "figure");
          return;
        }
    }

  write_static_embed (w, out, block, klass_extra, provider, url, lang);
}

static void
write_block (CdHtmlWriter *w,
             GString      *out,
             CdBlock      *block,
             gboolean      is_lead)
{
  const char *id = cd_block_get_id (block);
  const char *lead_class = is_lead ? "lead" : NULL;

  switch (cd_block_get_block_type (block))
    {
    case CD_BLOCK_PARAGRAPH:
      append_open_tag (out, "p", "class", lead_class, "data-block-id", id, "dir", "auto", NULL);
      if (block == w->first_paragraph)
        append_dateline (w, out);
      append_marked_text (out, cd_block_get_text (block), cd_block_get_marks (block));
      append_close_tag (out, "p");
      break;

    case CD_BLOCK_HEADING:
      {
        const char *tag = cd_block_get_level (block) == 3 ? "h3" : "h2";

        append_open_tag (out, tag, "class", lead_class, "data-block-id", id, "dir", "auto", NULL);
        append_marked_text (out, cd_block_get_text (block), cd_block_get_marks (block));
        append_close_tag (out, tag);
      }
      break;

    case CD_BLOCK_QUOTE:
      {
        const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

        append_open_tag (out, "blockquote", "class", lead_class, "data-block-id", id, NULL);
        append_open_tag (out, "p", "dir", "auto", NULL);
        append_marked_text (out, cd_block_get_text (block), cd_block_get_marks (block));
        append_close_tag (out, "p");
        if (!is_empty (attribution))
          {
            append_open_tag (out, "footer", "dir", "auto", NULL);
            g_string_append (out, "— ");
            append_text_element (out, "cite", attribution, NULL);
            append_close_tag (out, "footer");
          }
        append_close_tag (out, "blockquote");
      }
      break;

    case CD_BLOCK_PULLQUOTE:
      {
        const char *attribution = cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION);

        append_open_tag (out, "aside",
                         "class", is_lead ? "pullquote lead" : "pullquote",
                         "data-block-id", id,
                         NULL);
        append_text_element (out, "p", cd_block_get_text (block), "dir", "auto", NULL);
        if (!is_empty (attribution))
          append_text_element (out, "p", attribution, "class", "attribution", "dir", "auto", NULL);
        append_close_tag (out, "aside");
      }
      break;

    case CD_BLOCK_LIST:
      {
        const char *tag = cd_block_get_ordered (block) ? "ol" : "ul";
        GPtrArray *items = cd_block_get_items (block);

        append_open_tag (out, tag, "class", lead_class, "data-block-id", id, NULL);
        for (guint i = 0; items != NULL && i < items->len; i++)
          {
            CdListItem *item = g_ptr_array_index (items, i);

            append_open_tag (out, "li", "dir", "auto", NULL);
            append_marked_text (out, item->text != NULL ? item->text : "", item->marks);
            append_close_tag (out, "li");
          }
        append_close_tag (out, tag);
      }
      break;

    case CD_BLOCK_FIGURE:
      write_figure (w, out, block, lead_class, is_lead);
      break;

    case CD_BLOCK_EMBED:
      write_embed (w, out, block, lead_class);
      break;

    case CD_BLOCK_DIVIDER:
      append_open_tag (out, "hr", "class", lead_class, "data-block-id", id, NULL);
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

      if (!is_empty (byline->name))
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

      append_text_element (out, "span", byline->name, "class", "author", NULL);
      if (!is_empty (byline->title))
        {
          g_string_append (out, ", ");
          append_text_element (out, "span", byline->title, "class", "author-title", NULL);
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

  append_open_tag (out, "p", "class", "byline", "dir", "auto", NULL);
  g_string_append_len (out, names->str, names->len);
  append_close_tag (out, "p");
}

/* The date shown under the byline: publication, else the dateline's
 * day, else creation. */
static const char *
story_date (CdHtmlWriter *w)
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
  const char *date = story_date (w);

  append_open_tag (out, "header", "data-block-id", "header", NULL);
  if (!is_empty (w->options->desk_notice))
    append_text_element (out, "p", w->options->desk_notice,
                         "class", "desk-notice", "role", "note", "dir", "auto", NULL);
  append_text_element (out, "h1", cd_article_get_headline (w->article), "dir", "auto", NULL);
  if (!is_empty (subheadline))
    append_text_element (out, "p", subheadline, "class", "dek", "dir", "auto", NULL);
  append_bylines (w, out);
  if (date_is_valid (date))
    {
      append_open_tag (out, "p", "class", "timestamp", NULL);
      append_time (w, out, date);
      append_close_tag (out, "p");
    }
  append_close_tag (out, "header");
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
write_article (CdHtmlWriter *w,
               GString      *out)
{
  guint n = cd_article_get_n_blocks (w->article);

  append_open_tag (out, "article", "class", "story", "lang", w->lang, NULL);
  g_string_append_c (out, '\n');

  write_header (w, out);
  g_string_append_c (out, '\n');

  if (cd_article_get_lead (w->article) != NULL)
    {
      write_lead (w, out);
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < n; i++)
    {
      write_block (w, out, cd_article_get_block (w->article, i), FALSE);
      g_string_append_c (out, '\n');
    }

  /* After the last block, so every block's markup stays the same as
   * cd_html_write_block() gives the preview. */
  for (guint i = 0; cd_embed_provider_nth (i) != NULL; i++)
    {
      if ((w->scripts & (1u << i)) != 0)
        append_provider_script (out, cd_embed_provider_nth (i));
    }

  append_close_tag (out, "article");
}

static void G_GNUC_NULL_TERMINATED
append_head_tag (GString    *out,
                 const char *tag,
                 ...)
{
  va_list args;

  va_start (args, tag);
  append_open_tag_valist (out, tag, args);
  va_end (args);
  g_string_append_c (out, '\n');
}

static char *
canonical_url (CdHtmlWriter *w)
{
  const char *base = w->options->base_url;
  const char *slug = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SLUG);
  g_autofree char *escaped_slug = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme;

  if (is_empty (base) || is_empty (slug))
    return NULL;

  scheme = g_uri_peek_scheme (base);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    return NULL;

  trimmed = normalize_url (base);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  escaped_slug = g_uri_escape_string (slug, NULL, FALSE);
  return g_strconcat (trimmed, "/", escaped_slug, NULL);
}

/* CSS cannot be HTML-escaped; the only way out of a <style> element is an
 * end tag, and "<\/" means the same as "</" to CSS. */
static void
append_stylesheet (GString    *out,
                   const char *css)
{
  g_string_append (out, "<style>\n");
  for (const char *p = css; *p != '\0'; p++)
    {
      if (p[0] == '<' && p[1] == '/')
        g_string_append (out, "<\\");
      else
        g_string_append_c (out, *p);
    }
  if (!g_str_has_suffix (css, "\n"))
    g_string_append_c (out, '\n');
  g_string_append (out, "</style>\n");
}

/* The lead image as an absolute address for link previews and search
 * engines, or NULL. An https source is used as it is; an image in the
 * container is named where the page's own <img> finds it once the page
 * is published at its canonical address. A self-contained page has no
 * image file to point at, so it names none. */
static char *
lead_image_url (CdHtmlWriter *w,
                const char   *canonical)
{
  CdBlock *lead = cd_article_get_lead (w->article);
  g_autofree char *relative = NULL;
  g_autofree char *absolute = NULL;
  const char *src;
  const char *scheme;

  if (lead == NULL || cd_block_get_block_type (lead) != CD_BLOCK_FIGURE)
    return NULL;

  src = cd_block_get_field (lead, CD_BLOCK_FIELD_SRC);
  if (url_is_https (src))
    return normalize_url (src);

  if (canonical == NULL || w->options->inline_media || !g_str_has_prefix (src, "media/"))
    return NULL;

  relative = figure_src (w, src);
  if (relative == NULL)
    return NULL;

  absolute = g_uri_resolve_relative (canonical, relative, G_URI_FLAGS_ENCODED, NULL);
  scheme = absolute != NULL ? g_uri_peek_scheme (absolute) : NULL;
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    return NULL;

  return g_steal_pointer (&absolute);
}

static void
json_add_string (JsonBuilder *builder,
                 const char  *name,
                 const char  *value)
{
  g_autofree char *clean = NULL;

  if (is_empty (value))
    return;

  clean = clean_text (value);
  if (*clean == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, clean);
}

/* JSON inside <script> is raw text that ends at the first "</script"
 * and changes meaning after "<!--". JSON may spell any character inside
 * a string as \uXXXX, and "<", ">" and "&" only ever occur inside
 * strings, so spelling them that way keeps the value and leaves no
 * markup at all in the element. */
static void
append_json_for_script (GString    *out,
                        const char *json)
{
  for (const char *p = json; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '<': g_string_append (out, "\\u003c"); break;
        case '>': g_string_append (out, "\\u003e"); break;
        case '&': g_string_append (out, "\\u0026"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* The schema.org NewsArticle description of the story, built as a JSON
 * tree and serialised by json-glib: no story text is ever pasted into
 * JSON syntax by hand. */
static void
append_json_ld (CdHtmlWriter *w,
                GString      *out,
                const char   *canonical,
                const char   *image,
                const char   *published,
                const char   *modified)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  GPtrArray *bylines = cd_article_get_bylines (w->article);
  const char * const *keywords = cd_article_get_keywords (w->article);
  const CdDateline *dateline = cd_article_get_dateline (w->article);
  gboolean any;

  json_builder_begin_object (builder);
  json_add_string (builder, "@context", "https://schema.org");
  json_add_string (builder, "@type", "NewsArticle");
  json_add_string (builder, "headline", cd_article_get_headline (w->article));
  json_add_string (builder, "description",
                   cd_article_get_field (w->article, CD_ARTICLE_FIELD_SUBHEADLINE));

  if (canonical != NULL)
    {
      json_add_string (builder, "url", canonical);
      json_builder_set_member_name (builder, "mainEntityOfPage");
      json_builder_begin_object (builder);
      json_add_string (builder, "@type", "WebPage");
      json_add_string (builder, "@id", canonical);
      json_builder_end_object (builder);
    }

  if (image != NULL)
    {
      json_builder_set_member_name (builder, "image");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, image);
      json_builder_end_array (builder);
    }

  json_add_string (builder, "datePublished", published);
  json_add_string (builder, "dateModified", modified);

  any = FALSE;
  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);
      g_autofree char *name = is_empty (byline->name) ? NULL : clean_text (byline->name);

      if (name == NULL || *name == '\0')
        continue;

      if (!any)
        {
          json_builder_set_member_name (builder, "author");
          json_builder_begin_array (builder);
          any = TRUE;
        }
      json_builder_begin_object (builder);
      json_add_string (builder, "@type", "Person");
      json_add_string (builder, "name", name);
      json_add_string (builder, "jobTitle", byline->title);
      json_builder_end_object (builder);
    }
  if (any)
    json_builder_end_array (builder);

  json_add_string (builder, "articleSection",
                   cd_article_get_field (w->article, CD_ARTICLE_FIELD_SECTION));

  any = FALSE;
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *keyword = clean_text (keywords[i]);

      if (*keyword == '\0')
        continue;

      if (!any)
        {
          json_builder_set_member_name (builder, "keywords");
          json_builder_begin_array (builder);
          any = TRUE;
        }
      json_builder_add_string_value (builder, keyword);
    }
  if (any)
    json_builder_end_array (builder);

  json_add_string (builder, "inLanguage", w->lang);

  if (dateline != NULL && !is_empty (dateline->place))
    {
      g_autofree char *place = clean_text (dateline->place);

      if (*place != '\0')
        {
          json_builder_set_member_name (builder, "contentLocation");
          json_builder_begin_object (builder);
          json_add_string (builder, "@type", "Place");
          json_add_string (builder, "name", place);
          json_builder_end_object (builder);
        }
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json = json_generator_to_data (generator, NULL);

  g_string_append (out, "<script type=\"application/ld+json\">\n");
  append_json_for_script (out, json);
  g_string_append (out, "\n</script>\n");
}

static void
write_head (CdHtmlWriter *w,
            GString      *out)
{
  const char *headline = cd_article_get_headline (w->article);
  const char *subheadline = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SUBHEADLINE);
  const char *section = cd_article_get_field (w->article, CD_ARTICLE_FIELD_SECTION);
  const char *modified = cd_article_get_field (w->article, CD_ARTICLE_FIELD_MODIFIED);
  const char * const *keywords = cd_article_get_keywords (w->article);
  GPtrArray *bylines = cd_article_get_bylines (w->article);
  CdBlock *lead = cd_article_get_lead (w->article);
  g_autofree char *title = g_strstrip (cd_html_escape (headline != NULL ? headline : ""));
  g_autofree char *canonical = canonical_url (w);
  g_autofree char *image = lead_image_url (w, canonical);
  g_autofree char *published_attr = NULL;
  g_autofree char *modified_attr = NULL;
  g_autoptr(GString) keyword_list = g_string_new (NULL);
  int y, m, d;

  append_head_tag (out, "meta", "charset", "utf-8", NULL);
  append_head_tag (out, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);

  /* A page title may not be empty. */
  g_string_append (out, "<title>");
  if (*title != '\0')
    g_string_append (out, title);
  else
    cd_html_append_escaped (out, _("Untitled story"));
  g_string_append (out, "</title>\n");

  if (!is_empty (subheadline))
    append_head_tag (out, "meta", "name", "description", "content", subheadline, NULL);

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      if (is_empty (keywords[i]))
        continue;
      if (keyword_list->len > 0)
        g_string_append (keyword_list, ", ");
      g_string_append (keyword_list, keywords[i]);
    }
  if (keyword_list->len > 0)
    append_head_tag (out, "meta", "name", "keywords", "content", keyword_list->str, NULL);

  if (canonical != NULL)
    append_head_tag (out, "link", "rel", "canonical", "href", canonical, NULL);

  /* The date the page shows under the byline is the one it announces. */
  if (!parse_date (story_date (w), &published_attr, &y, &m, &d))
    g_clear_pointer (&published_attr, g_free);
  if (!parse_date (modified, &modified_attr, &y, &m, &d))
    g_clear_pointer (&modified_attr, g_free);

  append_head_tag (out, "meta", "property", "og:type", "content", "article", NULL);
  if (!is_empty (headline))
    append_head_tag (out, "meta", "property", "og:title", "content", headline, NULL);
  if (!is_empty (subheadline))
    append_head_tag (out, "meta", "property", "og:description", "content", subheadline, NULL);
  if (canonical != NULL)
    append_head_tag (out, "meta", "property", "og:url", "content", canonical, NULL);
  if (image != NULL)
    {
      const char *alt = cd_block_get_field (lead, CD_BLOCK_FIELD_ALT);
      char width[16];
      char height[16];

      append_head_tag (out, "meta", "property", "og:image", "content", image, NULL);
      if (cd_block_get_width (lead) > 0 && cd_block_get_height (lead) > 0)
        {
          g_snprintf (width, sizeof width, "%u", cd_block_get_width (lead));
          g_snprintf (height, sizeof height, "%u", cd_block_get_height (lead));
          append_head_tag (out, "meta", "property", "og:image:width", "content", width, NULL);
          append_head_tag (out, "meta", "property", "og:image:height", "content", height, NULL);
        }
      if (!is_empty (alt))
        append_head_tag (out, "meta", "property", "og:image:alt", "content", alt, NULL);
    }
  if (published_attr != NULL)
    append_head_tag (out, "meta", "property", "article:published_time", "content", published_attr, NULL);
  if (modified_attr != NULL)
    append_head_tag (out, "meta", "property", "article:modified_time", "content", modified_attr, NULL);
  for (guint i = 0; bylines != NULL && i < bylines->len; i++)
    {
      CdByline *byline = g_ptr_array_index (bylines, i);

      if (!is_empty (byline->name))
        append_head_tag (out, "meta", "property", "article:author", "content", byline->name, NULL);
    }
  if (!is_empty (section))
    append_head_tag (out, "meta", "property", "article:section", "content", section, NULL);
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      if (!is_empty (keywords[i]))
        append_head_tag (out, "meta", "property", "article:tag", "content", keywords[i], NULL);
    }

  /* X reads the Open Graph title, description and image; only the card
   * type is its own. */
  append_head_tag (out, "meta", "name", "twitter:card",
                   "content", image != NULL ? "summary_large_image" : "summary",
                   NULL);

  append_json_ld (w, out, canonical, image, published_attr, modified_attr);

  if (w->options->stylesheet_href != NULL)
    {
      g_autofree char *href = normalize_url (w->options->stylesheet_href);
      const char *scheme = g_uri_peek_scheme (href);

      if (*href != '\0' &&
          (scheme == NULL || strcmp (scheme, "https") == 0 || strcmp (scheme, "http") == 0))
        append_head_tag (out, "link", "rel", "stylesheet", "href", href, NULL);
    }
  else if (!is_empty (w->options->stylesheet))
    append_stylesheet (out, w->options->stylesheet);
}

char *
cd_html_write (CdArticle           *article,
               const CdHtmlOptions *options)
{
  GString *out;
  CdHtmlWriter w;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  writer_init (&w, article, options);
  out = g_string_sized_new (16 * 1024);

  if (w.options->mode == CD_HTML_PAGE)
    {
      g_string_append (out, "<!DOCTYPE html>\n");
      append_head_tag (out, "html", "lang", w.lang, NULL);
      g_string_append (out, "<head>\n");
      write_head (&w, out);
      g_string_append (out, "</head>\n<body>\n<main>\n");
      write_article (&w, out);
      g_string_append (out, "\n</main>\n</body>\n</html>\n");
    }
  else
    {
      write_article (&w, out);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static gboolean set_export_error (GError     **error,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_export_error (GError     **error,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CD_ERROR, CD_ERROR_IO, message);
  return FALSE;
}

static gboolean
write_file_from_string (GFile       *file,
                        char        *contents,
                        GError     **error)
{
  gsize length = strlen (contents);
  g_autoptr(GBytes) bytes = g_bytes_new_take (contents, length);

  return cd_file_replace_atomic (file, bytes, error);
}

gboolean
cd_html_export (CdArticle           *article,
                GFile               *output,
                const CdHtmlOptions *options,
                GError             **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(CdArticle) published = NULL;
  g_autofree char *base = NULL;
  g_autofree char *media_prefix = NULL;
  g_autofree char *stylesheet_href = NULL;
  CdHtmlOptions export_options;
  char *dot;
  g_autoptr(CdArticle) written = NULL;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Empty paragraphs held the caret while editing; they are no part of
   * the story sent out. */
  written = cd_article_without_blank_paragraphs (article);
  article = written;

  if (options != NULL)
    export_options = *options;
  else
    cd_html_options_init (&export_options);
  export_options.media_prefix = NULL;

  parent = g_file_get_parent (output);
  base = g_file_get_basename (output);
  if (parent == NULL || base == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (output);

      return set_export_error (error, _("Could not export to “%s”: choose a file name, not a folder"),
                               display);
    }

  /* "story.html" gives "story_files" and "story.css". */
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  if (!export_options.inline_media)
    {
      g_autofree char *folder_name = g_strconcat (base, "_files", NULL);
      g_autoptr(GFile) folder = g_file_get_child (parent, folder_name);
      g_auto(GStrv) media = NULL;

      /* Each image under a name from its content with the extension of
       * its bytes, whatever the story called it. */
      published = cd_media_export (article, folder, error);
      if (published == NULL)
        return FALSE;

      media = cd_article_list_media (published);
      if (media[0] != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (folder_name, NULL, TRUE);

          media_prefix = g_strconcat (escaped, "/", NULL);
          export_options.media_prefix = media_prefix;
        }
    }
  else
    published = g_object_ref (article);

  if (export_options.mode == CD_HTML_PAGE &&
      export_options.stylesheet_external &&
      export_options.stylesheet_href == NULL &&
      !is_empty (export_options.stylesheet))
    {
      g_autofree char *css_name = g_strconcat (base, ".css", NULL);
      g_autoptr(GFile) css_file = g_file_get_child (parent, css_name);

      if (!write_file_from_string (css_file, g_strdup (export_options.stylesheet), error))
        return FALSE;

      stylesheet_href = g_uri_escape_string (css_name, NULL, TRUE);
      export_options.stylesheet_href = stylesheet_href;
    }

  return write_file_from_string (output, cd_html_write (published, &export_options), error);
}

char *
cd_html_write_copy (CdArticle   *article,
                    const char  *name,
                    const char  *base_url,
                    gboolean     single_file,
                    GError     **error)
{
  g_autoptr(CdArticle) written = NULL;
  g_autoptr(CdArticle) published = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *prefix = NULL;
  CdHtmlOptions options;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Empty paragraphs held the caret while editing; they are no part of
   * the story sent out. */
  written = cd_article_without_blank_paragraphs (article);
  article = written;

  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  options.embeds = CD_EMBEDS_STATIC;

  if (single_file)
    {
      options.inline_media = TRUE;
      return cd_html_write (article, &options);
    }

  published = cd_media_export (article, NULL, error);
  if (published == NULL)
    return NULL;

  folder_name = g_strconcat (name, "_files", NULL);
  folder = g_uri_escape_string (folder_name, NULL, TRUE);
  if (base_url != NULL && *base_url != '\0')
    prefix = g_strconcat (base_url, g_str_has_suffix (base_url, "/") ? "" : "/", folder, "/", NULL);
  else
    prefix = g_strconcat (folder, "/", NULL);
  options.media_prefix = prefix;

  return cd_html_write (published, &options);
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

  writer_init (&w, article, options);
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

  writer_init (&w, article, options);
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

  writer_init (&w, article, options);
  out = g_string_new (NULL);
  write_block (&w, out, block, block == cd_article_get_lead (article));
  return g_string_free (out, FALSE);
}

/* Pieces of the story's markup for the other writers that put it into
 * their own wrappers (WordPress blocks), so that inline text, the
 * dateline, the byline and captions are escaped and worded in one place. */

void
_cd_html_append_marked_text (GString    *out,
                             const char *text,
                             GPtrArray  *marks)
{
  append_marked_text (out, text != NULL ? text : "", marks);
}

void
_cd_html_append_dateline (CdArticle *article,
                          GString   *out)
{
  CdHtmlWriter w;

  writer_init (&w, article, NULL);
  append_dateline (&w, out);
}

gboolean
_cd_html_append_byline_names (CdArticle *article,
                              GString   *out)
{
  gboolean written;
  CdHtmlWriter w;

  writer_init (&w, article, NULL);
  written = append_byline_names (&w, out);
  return written;
}

void
_cd_html_append_figure_caption (GString *out,
                                CdBlock *block)
{
  append_caption_and_credit (out, block);
}

void
_cd_html_append_embed_card_inline (CdArticle *article,
                                   GString   *out,
                                   CdBlock   *block)
{
  const char *title = cd_block_get_field (block, CD_BLOCK_FIELD_TITLE);
  const char *text = cd_block_get_field (block, CD_BLOCK_FIELD_TEXT);
  const char *provider = "link";
  const char *stored_url = embed_url (block, &provider);
  g_autofree char *url = stored_url != NULL ? normalize_url (stored_url) : NULL;
  CdHtmlWriter w;

  writer_init (&w, article, NULL);
  if (!is_empty (title))
    {
      append_text_element (out, "strong", title, "class", "embed-title", NULL);
      g_string_append (out, "<br>");
    }
  if (!is_empty (text))
    {
      append_open_tag (out, "span", "class", "embed-text", NULL);
      append_escaped_lines (out, text);
      append_close_tag (out, "span");
      g_string_append (out, "<br>");
    }
  append_card_caption_content (&w, out, block, provider, url);
}
