/* cd-html-markup.c: escaping, tags, links and inline marks, the writer's one
 * path from text to markup
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

typedef enum
{
  INLINE_LINK,
  INLINE_STRONG,
  INLINE_EM,
  INLINE_INS,
  INLINE_DEL,
} InlineKind;

#define N_INLINE_KINDS (INLINE_DEL + 1)

/* What is active over one run of text between two mark boundaries. */
typedef struct
{
  gboolean    strong;
  gboolean    em;
  gboolean    ins;
  gboolean    del;
  const char *href;
} RunState;

typedef struct
{
  InlineKind  kind;
  const char *href;
  guint       reach;  /* how many runs it stays active from here */
} InlineOpen;

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

/* ASCII a page takes as it is: printable, tab and newline, and, when
 * @escape is set, none of the markup characters. */
static inline gboolean
is_plain_byte (guchar   c,
               gboolean escape)
{
  if (c >= 0x7f)
    return FALSE;
  if (c < 0x20)
    return c == '\t' || c == '\n';
  return !escape || (c != '&' && c != '<' && c != '>' && c != '"' && c != '\'');
}

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether a byte of @word is @c. */
static inline gboolean
word_has_byte (guint64 word,
               guchar  c)
{
  guint64 x = word ^ (ONES * c);

  return ((x - ONES) & ~x & HIGHS) != 0;
}

/* Whether all eight bytes of @word are plain with @escape set: printable
 * ASCII and no markup character (tab and newline take the slow way). */
static inline gboolean
word_is_plain (guint64 word)
{
  return (word & HIGHS) == 0 &&
         ((word - ONES * 0x20) & ~word & HIGHS) == 0 &&
         !word_has_byte (word, 0x7f) &&
         !word_has_byte (word, '&') && !word_has_byte (word, '<') &&
         !word_has_byte (word, '>') && !word_has_byte (word, '"') &&
         !word_has_byte (word, '\'');
}

/* Copies @text up to @end (or its NUL) without the characters HTML
 * forbids, escaping markup characters when @escape is set. Invalid UTF-8
 * is dropped byte by byte. Stretches of plain ASCII, most of a story,
 * are copied in one append each. */
static void
append_clean_len (GString    *out,
                  const char *text,
                  const char *end,
                  gboolean    escape)
{
  const char *p = text;

  while (p < end && *p != '\0')
    {
      const char *plain = p;
      guchar c;
      gunichar ch;
      const char *next;

      if (escape)
        {
          while (end - p >= 8)
            {
              guint64 word;

              memcpy (&word, p, 8);
              if (!word_is_plain (word))
                break;
              p += 8;
            }
        }
      while (p < end && is_plain_byte ((guchar) *p, escape))
        p++;
      if (p > plain)
        _cd_html_append_len (out, plain, p - plain);
      if (p >= end || *p == '\0')
        break;

      c = (guchar) *p;

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
            case '&': _cd_html_append_literal (out, "&amp;"); break;
            case '<': _cd_html_append_literal (out, "&lt;"); break;
            case '>': _cd_html_append_literal (out, "&gt;"); break;
            case '"': _cd_html_append_literal (out, "&quot;"); break;
            case '\'': _cd_html_append_literal (out, "&#39;"); break;
            default:
              if (char_is_allowed (c))
                g_string_append_c (out, (char) c);
              break;
            }
          p++;
          continue;
        }

      ch = g_utf8_get_char_validated (p, end - p);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          /* Dropping the one bad byte resynchronises on the next
           * character, so text after a stray byte survives. */
          p++;
          continue;
        }

      next = g_utf8_next_char (p);
      if (char_is_allowed (ch))
        _cd_html_append_len (out, p, next - p);
      p = next;
    }
}

static void
append_clean (GString    *out,
              const char *text,
              gboolean    escape)
{
  append_clean_len (out, text, text + strlen (text), escape);
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
 * unescaped, since the JSON writer and _cd_html_append_json_for_script() take care of
 * the markup characters. */
char *
_cd_html_clean_text (const char *text)
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

  /* What _cd_html_append_open_tag() writes into data-block-id, as the page's
   * parser reads it back: the same characters dropped, nothing escaped. */
  out = g_string_sized_new (strlen (block_id));
  append_clean (out, block_id, FALSE);
  return g_string_free (out, FALSE);
}

gboolean
_cd_html_is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Writes <TAG name="value" …> from NULL-terminated name/value pairs; a
 * NULL value leaves the attribute out. Names are literals of this file,
 * values are always escaped. */
void
_cd_html_append_open_tag_valist (GString    *out,
                                 const char *tag,
                                 va_list     args)
{
  const char *name;

  g_string_append_c (out, '<');
  _cd_html_append_len (out, tag, strlen (tag));

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;

      g_string_append_c (out, ' ');
      _cd_html_append_len (out, name, strlen (name));
      _cd_html_append_literal (out, "=\"");
      cd_html_append_escaped (out, value);
      g_string_append_c (out, '"');
    }

  g_string_append_c (out, '>');
}

void G_GNUC_NULL_TERMINATED
_cd_html_append_open_tag (GString    *out,
                          const char *tag,
                          ...)
{
  va_list args;

  va_start (args, tag);
  _cd_html_append_open_tag_valist (out, tag, args);
  va_end (args);
}

void
_cd_html_append_close_tag (GString    *out,
                           const char *tag)
{
  _cd_html_append_literal (out, "</");
  _cd_html_append_len (out, tag, strlen (tag));
  g_string_append_c (out, '>');
}

/* <TAG attrs…>escaped text</TAG> */
void G_GNUC_NULL_TERMINATED
_cd_html_append_text_element (GString    *out,
                              const char *tag,
                              const char *text,
                              ...)
{
  va_list args;

  va_start (args, text);
  _cd_html_append_open_tag_valist (out, tag, args);
  va_end (args);

  cd_html_append_escaped (out, text);
  _cd_html_append_close_tag (out, tag);
}

/* Multi-line text (an embedded post) keeps its line breaks. */
void
_cd_html_append_escaped_lines (GString    *out,
                               const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        _cd_html_append_literal (out, "<br>");
      cd_html_append_escaped (out, lines[i]);
    }
}

/* Characters browsers percent-encode in a URL anyway; encoding them here
 * keeps the attribute a valid URL. The result is still HTML-escaped by
 * the caller like any other value. */
char *
_cd_html_normalize_url (const char *url)
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

gboolean
_cd_html_url_is_https (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  /* No user name before the host and no backslash, as for every link. */
  if (_cd_html_is_empty (url) || g_strcmp0 (g_uri_peek_scheme (url), "https") != 0 ||
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
  return uri != NULL && !_cd_html_is_empty (g_uri_get_host (uri));
}

static gboolean
href_is_allowed (const char *href)
{
  return !_cd_html_is_empty (href) && cd_href_is_allowed (href);
}

void
_cd_html_append_link_open (GString    *out,
                           const char *href)
{
  g_autofree char *url = _cd_html_normalize_url (href);

  _cd_html_append_open_tag (out, "a", "href", url, "rel", "noopener", NULL);
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
    case INLINE_INS:
      return state->ins;
    case INLINE_DEL:
      return state->del;
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
      _cd_html_append_link_open (out, href);
      break;
    case INLINE_STRONG:
      _cd_html_append_literal (out, "<strong>");
      break;
    case INLINE_EM:
      _cd_html_append_literal (out, "<em>");
      break;
    case INLINE_INS:
      _cd_html_append_literal (out, "<ins title=\"inserted\">");
      break;
    case INLINE_DEL:
      _cd_html_append_literal (out, "<del title=\"deleted\">");
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
append_inline_close (GString    *out,
                     InlineKind  kind)
{
  static const char * const closers[] = { "</a>", "</strong>", "</em>", "</ins>", "</del>" };

  _cd_html_append_len (out, closers[kind], strlen (closers[kind]));
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
bound_index (const guint *bounds,
             guint        n_bounds,
             guint        value)
{
  guint low = 0;
  guint high = n_bounds;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (bounds[middle] < value)
        low = middle + 1;
      else
        high = middle;
    }

  g_assert (low < n_bounds && bounds[low] == value);
  return low;
}

static int
compare_with_data (gconstpointer a,
                   gconstpointer b,
                   gpointer      compare)
{
  return ((GCompareFunc) compare) (a, b);
}

/* Sorts @n items of @size with @compare as a stable sort: in place by
 * insertion when there are a few, as a paragraph's marks and bounds
 * mostly are, else with g_qsort_with_data (). */
static void
sort_items (gpointer     items,
            guint        n,
            gsize        size,
            GCompareFunc compare)
{
  char *base = items;
  char held[MAX (sizeof (InlineOpen), sizeof (gpointer))];

  g_assert (size <= sizeof held);

  if (n > 16)
    {
      g_qsort_with_data (items, n, size, compare_with_data, (gpointer) compare);
      return;
    }

  for (guint i = 1; i < n; i++)
    {
      guint j = i;

      memcpy (held, base + i * size, size);
      while (j > 0 && compare (base + (j - 1) * size, held) > 0)
        {
          memcpy (base + j * size, base + (j - 1) * size, size);
          j--;
        }
      memcpy (base + j * size, held, size);
    }
}

/* Room for the working arrays of a paragraph with a few dozen marks;
 * a paragraph with more takes them from the heap. */
#define SCRATCH_BYTES 4096

/* @size bytes from @scratch at @used, aligned for any of the arrays. */
static gpointer
scratch_take (char  *scratch,
              gsize *used,
              gsize  size)
{
  gpointer taken = scratch + *used;

  *used += (size + 7) & ~(gsize) 7;
  return taken;
}

/* Text with strong, em and link marks. Marks may overlap in any way; the
 * text is cut into runs at every mark boundary and inner elements are
 * closed and reopened where needed, so the output always nests. Links
 * never nest: where two overlap, the one starting first wins.
 *
 * A paragraph may carry a hundred thousand marks, and the preview renders
 * on the main thread: the runs are found in one sweep over the sorted
 * boundaries, linear in text and marks after the sort. */
void
_cd_html_append_changed_text (GString    *out,
                              const char *text,
                              GPtrArray  *marks,
                              GArray     *spans)
{
  guint64 scratch_small[SCRATCH_BYTES / sizeof (guint64)];
  g_autofree char *scratch_large = NULL;
  char *scratch;
  gsize scratch_size;
  gsize used = 0;
  CdMark **usable;
  CdMark **links;
  const char **run_starts;
  RunState *states;
  guint *bounds;
  int *strong_change;
  int *em_change;
  int *ins_change;
  int *del_change;
  guint *reach;
  InlineOpen stack[N_INLINE_KINDS];
  guint n_marks = marks != NULL ? marks->len : 0;
  guint n_spans = spans != NULL ? spans->len : 0;
  guint n_usable = 0;
  guint n_all_bounds = 0;
  guint depth = 0;
  guint n_chars;
  guint n_runs;
  guint n_bounds = 0;
  guint capacity;
  guint n_links = 0;
  guint first_link = 0;
  guint next_mark = 0;
  int strong = 0;
  int em = 0;
  int ins = 0;
  int del = 0;

  if (n_marks == 0 && n_spans == 0)
    {
      cd_html_append_escaped (out, text);
      return;
    }

  /* Every array at once: on the stack for most paragraphs, which
   * spared a dozen allocations each. */
  capacity = 2 + 2 * (n_marks + n_spans);
  scratch_size = 2 * ((gsize) n_marks * sizeof (CdMark *) + 8) +
                 (gsize) capacity * (sizeof (const char *) + sizeof (RunState) + sizeof (guint) +
                                     4 * sizeof (int) + N_INLINE_KINDS * sizeof (guint)) + 7 * 8;
  if (scratch_size <= sizeof scratch_small)
    scratch = (char *) scratch_small;
  else
    scratch = scratch_large = g_malloc (scratch_size);

  usable = scratch_take (scratch, &used, n_marks * sizeof (CdMark *));
  links = scratch_take (scratch, &used, n_marks * sizeof (CdMark *));
  run_starts = scratch_take (scratch, &used, capacity * sizeof (const char *));
  states = scratch_take (scratch, &used, capacity * sizeof (RunState));
  bounds = scratch_take (scratch, &used, capacity * sizeof (guint));
  strong_change = scratch_take (scratch, &used, 4 * capacity * sizeof (int));
  em_change = strong_change + capacity;
  ins_change = em_change + capacity;
  del_change = ins_change + capacity;
  reach = scratch_take (scratch, &used, (gsize) capacity * N_INLINE_KINDS * sizeof (guint));
  g_assert (used <= scratch_size);

  n_chars = cd_utf8_count (text, -1);

  for (guint i = 0; i < n_marks; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->start >= mark->end || mark->start >= n_chars)
        continue;
      if (mark->type == CD_MARK_LINK && !href_is_allowed (mark->href))
        continue;
      usable[n_usable++] = mark;
    }

  if (n_usable == 0 && n_spans == 0)
    {
      cd_html_append_escaped (out, text);
      return;
    }

  sort_items (usable, n_usable, sizeof (CdMark *), compare_mark_position);

  bounds[n_all_bounds++] = 0;
  bounds[n_all_bounds++] = n_chars;
  for (guint i = 0; i < n_usable; i++)
    {
      bounds[n_all_bounds++] = usable[i]->start;
      bounds[n_all_bounds++] = MIN (usable[i]->end, n_chars);
    }
  for (guint i = 0; i < n_spans; i++)
    {
      const CdHtmlChangeSpan *span = &g_array_index (spans, CdHtmlChangeSpan, i);

      bounds[n_all_bounds++] = MIN (span->start, n_chars);
      bounds[n_all_bounds++] = MIN (span->end, n_chars);
    }
  sort_items (bounds, n_all_bounds, sizeof (guint), compare_guint);
  for (guint i = 0; i < n_all_bounds; i++)
    {
      if (n_bounds == 0 || bounds[n_bounds - 1] != bounds[i])
        bounds[n_bounds++] = bounds[i];
    }

  n_runs = n_bounds - 1;
  memset (states, 0, n_runs * sizeof (RunState));
  memset (strong_change, 0, 4 * capacity * sizeof (int));
  memset (reach, 0, (gsize) n_runs * N_INLINE_KINDS * sizeof (guint));

  /* Strong and em hold over a run while more of their marks have started
   * than ended by its start. */
  for (guint i = 0; i < n_spans; i++)
    {
      const CdHtmlChangeSpan *span = &g_array_index (spans, CdHtmlChangeSpan, i);
      int *change = span->inserted ? ins_change : del_change;

      if (MIN (span->start, n_chars) >= MIN (span->end, n_chars))
        continue;
      change[bound_index (bounds, n_bounds, MIN (span->start, n_chars))]++;
      change[bound_index (bounds, n_bounds, MIN (span->end, n_chars))]--;
    }
  for (guint i = 0; i < n_usable; i++)
    {
      CdMark *mark = usable[i];
      int *change;

      if (mark->type == CD_MARK_LINK)
        continue;
      change = mark->type == CD_MARK_STRONG ? strong_change : em_change;
      change[bound_index (bounds, n_bounds, mark->start)]++;
      change[bound_index (bounds, n_bounds, MIN (mark->end, n_chars))]--;
    }

  /* The link of a run is the first, in sorted order, of the links that
   * cover it. Links enter the queue in that order, so the first one in
   * the queue that has not ended yet is the one. */
  for (guint k = 0; k < n_runs; k++)
    {
      guint run_start = bounds[k];
      RunState *state = &states[k];

      strong += strong_change[k];
      em += em_change[k];
      ins += ins_change[k];
      del += del_change[k];
      state->strong = strong > 0;
      state->em = em > 0;
      state->ins = ins > 0;
      state->del = del > 0;

      for (; next_mark < n_usable; next_mark++)
        {
          CdMark *mark = usable[next_mark];

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
  for (guint k = n_runs; k-- > 0; )
    {
      for (InlineKind kind = INLINE_LINK; kind < N_INLINE_KINDS; kind++)
        {
          const char *href = kind == INLINE_LINK ? states[k].href : NULL;

          if (!state_has (&states[k], kind, href))
            continue;
          reach[k * N_INLINE_KINDS + kind] = 1;
          if (k + 1 < n_runs && state_has (&states[k + 1], kind, href))
            reach[k * N_INLINE_KINDS + kind] += reach[(k + 1) * N_INLINE_KINDS + kind];
        }
    }

  run_starts[0] = text;
  for (guint k = 1; k < n_bounds; k++)
    run_starts[k] = cd_utf8_skip (run_starts[k - 1], bounds[k] - bounds[k - 1]);

  for (guint k = 0; k < n_runs; k++)
    {
      const RunState *state = &states[k];
      InlineOpen wanted[N_INLINE_KINDS];
      guint n_wanted = 0;
      guint keep = 0;

      while (keep < depth && state_has (state, stack[keep].kind, stack[keep].href))
        keep++;
      while (depth > keep)
        append_inline_close (out, stack[--depth].kind);

      for (InlineKind kind = INLINE_LINK; kind < N_INLINE_KINDS; kind++)
        {
          const char *href = kind == INLINE_LINK ? state->href : NULL;
          gboolean open = FALSE;

          if (!state_has (state, kind, href))
            continue;
          for (guint s = 0; s < depth; s++)
            open |= stack[s].kind == kind;
          if (open)
            continue;

          wanted[n_wanted++] = (InlineOpen) { kind, href, reach[k * N_INLINE_KINDS + kind] };
        }

      sort_items (wanted, n_wanted, sizeof (InlineOpen), compare_inline_open);
      for (guint i = 0; i < n_wanted; i++)
        {
          append_inline_open (out, wanted[i].kind, wanted[i].href);
          stack[depth++] = wanted[i];
        }

      append_clean_len (out, run_starts[k], run_starts[k + 1], TRUE);
    }

  while (depth > 0)
    append_inline_close (out, stack[--depth].kind);
}

void
_cd_html_append_text_with_marks (GString    *out,
                                 const char *text,
                                 GPtrArray  *marks)
{
  _cd_html_append_changed_text (out, text, marks, NULL);
}

void
_cd_html_append_marked_text (GString    *out,
                             const char *text,
                             GPtrArray  *marks)
{
  _cd_html_append_text_with_marks (out, text != NULL ? text : "", marks);
}
