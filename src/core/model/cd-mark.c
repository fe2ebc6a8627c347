/* cd-mark.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-mark"

#include "config.h"

#include <string.h>

#include "cd-mark.h"

G_DEFINE_BOXED_TYPE (CdMark, cd_mark, cd_mark_copy, cd_mark_free)
G_DEFINE_BOXED_TYPE (CdListItem, cd_list_item, cd_list_item_copy, cd_list_item_free)

static const char * const mark_type_names[] = { "strong", "em", "link" };

CdMark *
cd_mark_new (CdMarkType  type,
             guint       start,
             guint       end,
             const char *href)
{
  CdMark *mark;

  g_return_val_if_fail (type <= CD_MARK_LINK, NULL);

  mark = g_new0 (CdMark, 1);
  mark->type = type;
  mark->start = start;
  mark->end = end;
  mark->href = type == CD_MARK_LINK ? g_strdup (href) : NULL;

  return mark;
}

CdMark *
cd_mark_copy (const CdMark *mark)
{
  g_return_val_if_fail (mark != NULL, NULL);

  return cd_mark_new (mark->type, mark->start, mark->end, mark->href);
}

void
cd_mark_free (CdMark *mark)
{
  if (mark == NULL)
    return;

  g_free (mark->href);
  g_free (mark);
}

gboolean
cd_mark_equal (const CdMark *a,
               const CdMark *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->type == b->type &&
         a->start == b->start &&
         a->end == b->end &&
         g_strcmp0 (a->href, b->href) == 0;
}

const char *
cd_mark_type_to_string (CdMarkType type)
{
  g_return_val_if_fail (type <= CD_MARK_LINK, NULL);

  return mark_type_names[type];
}

gboolean
cd_mark_type_from_string (const char *string,
                          CdMarkType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (mark_type_names); i++)
    {
      if (g_strcmp0 (string, mark_type_names[i]) == 0)
        {
          *type = (CdMarkType) i;
          return TRUE;
        }
    }

  return FALSE;
}

GPtrArray *
cd_marks_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cd_mark_free);
}

GPtrArray *
cd_marks_copy (GPtrArray *marks)
{
  GPtrArray *copy = cd_marks_new ();

  if (marks == NULL)
    return copy;

  for (guint i = 0; i < marks->len; i++)
    g_ptr_array_add (copy, cd_mark_copy (g_ptr_array_index (marks, i)));

  return copy;
}

gboolean
cd_marks_equal (GPtrArray *a,
                GPtrArray *b)
{
  guint a_len = a != NULL ? a->len : 0;
  guint b_len = b != NULL ? b->len : 0;

  if (a_len != b_len)
    return FALSE;

  for (guint i = 0; i < a_len; i++)
    {
      if (!cd_mark_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        return FALSE;
    }

  return TRUE;
}

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const CdMark *ma = *(const CdMark * const *) a;
  const CdMark *mb = *(const CdMark * const *) b;

  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  if (ma->end != mb->end)
    return ma->end < mb->end ? -1 : 1;
  if (ma->type != mb->type)
    return ma->type < mb->type ? -1 : 1;

  return g_strcmp0 (ma->href, mb->href);
}

void
cd_marks_sort (GPtrArray *marks)
{
  g_return_if_fail (marks != NULL);

  g_ptr_array_sort (marks, compare_marks);
}

GPtrArray *
cd_marks_slice (GPtrArray *marks,
                guint      start,
                guint      end)
{
  GPtrArray *slice = cd_marks_new ();

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);
      guint mark_start = MAX (mark->start, start);
      guint mark_end = MIN (mark->end, end);

      if (mark_start < mark_end)
        g_ptr_array_add (slice, cd_mark_new (mark->type, mark_start - start,
                                             mark_end - start, mark->href));
    }

  return slice;
}

void
cd_marks_append (GPtrArray *dest,
                 GPtrArray *marks,
                 guint      shift)
{
  g_return_if_fail (dest != NULL);

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);

      g_ptr_array_add (dest, cd_mark_new (mark->type, mark->start + shift,
                                          mark->end + shift, mark->href));
    }
}

static int
compare_for_join (gconstpointer a,
                  gconstpointer b)
{
  const CdMark *ma = *(const CdMark * const *) a;
  const CdMark *mb = *(const CdMark * const *) b;
  int cmp;

  if (ma->type != mb->type)
    return ma->type < mb->type ? -1 : 1;
  cmp = g_strcmp0 (ma->href, mb->href);
  if (cmp != 0)
    return cmp;
  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;

  return ma->end < mb->end ? -1 : ma->end > mb->end;
}

void
cd_marks_normalize (GPtrArray *marks)
{
  guint i = 0;

  g_return_if_fail (marks != NULL);

  g_ptr_array_sort (marks, compare_for_join);

  while (i < marks->len)
    {
      CdMark *mark = g_ptr_array_index (marks, i);
      CdMark *previous = i > 0 ? g_ptr_array_index (marks, i - 1) : NULL;

      if (mark->start >= mark->end)
        g_ptr_array_remove_index (marks, i);
      else if (previous != NULL &&
               previous->type == mark->type &&
               g_strcmp0 (previous->href, mark->href) == 0 &&
               mark->start <= previous->end)
        {
          previous->end = MAX (previous->end, mark->end);
          g_ptr_array_remove_index (marks, i);
        }
      else
        i++;
    }

  cd_marks_sort (marks);
}

GPtrArray *
cd_marks_clean (GPtrArray *marks,
                guint      length)
{
  GPtrArray *clean = cd_marks_slice (marks, 0, length);

  cd_marks_normalize (clean);

  return clean;
}

void
cd_marks_insert_gap (GPtrArray *marks,
                     guint      offset,
                     guint      length)
{
  guint n;

  g_return_if_fail (marks != NULL);

  n = marks->len;
  for (guint i = 0; i < n; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->start >= offset)
        {
          mark->start += length;
          mark->end += length;
        }
      else if (mark->end > offset)
        {
          g_ptr_array_add (marks, cd_mark_new (mark->type, offset + length,
                                               mark->end + length, mark->href));
          mark->end = offset;
        }
    }

  cd_marks_sort (marks);
}

void
cd_marks_set_range (GPtrArray  *marks,
                    CdMarkType  type,
                    const char *href,
                    guint       start,
                    guint       end,
                    gboolean    on)
{
  g_autoptr(GPtrArray) kept = NULL;

  g_return_if_fail (marks != NULL);
  g_return_if_fail (type != CD_MARK_LINK || !on || href != NULL);

  if (start >= end)
    return;

  /* Cut the range out of every mark of the kind (every link, since one
   * character links to one address at most), then add it back when on. */
  kept = cd_marks_new ();
  for (guint i = 0; i < marks->len; i++)
    {
      CdMark *mark = g_ptr_array_index (marks, i);

      if (mark->type != type || mark->end <= start || mark->start >= end)
        {
          g_ptr_array_add (kept, cd_mark_copy (mark));
          continue;
        }
      if (mark->start < start)
        g_ptr_array_add (kept, cd_mark_new (type, mark->start, start, mark->href));
      if (mark->end > end)
        g_ptr_array_add (kept, cd_mark_new (type, end, mark->end, mark->href));
    }
  if (on)
    g_ptr_array_add (kept, cd_mark_new (type, start, end, href));

  g_ptr_array_set_size (marks, 0);
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (marks, cd_mark_copy (g_ptr_array_index (kept, i)));
  cd_marks_normalize (marks);
}

#define HIGH_BITS G_GUINT64_CONSTANT (0x8080808080808080)

/* The bytes of @word that continue a character (10xxxxxx), as 0x80 each. */
static inline guint64
continuation_bytes (guint64 word)
{
  return word & HIGH_BITS & ~(word << 1);
}

gsize
cd_utf8_count (const char *text,
               gssize      length)
{
  gsize n_bytes;
  gsize n_continuing = 0;
  gsize i = 0;

  g_return_val_if_fail (text != NULL || length == 0, 0);

  n_bytes = length < 0 ? strlen (text) : (gsize) length;
  for (; i + 8 <= n_bytes; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      /* One bit a byte; summed by the multiplication into the top byte. */
      n_continuing += (((continuation_bytes (word) >> 7) * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
    }
  for (; i < n_bytes; i++)
    n_continuing += ((guchar) text[i] & 0xC0) == 0x80;

  return n_bytes - n_continuing;
}

/* Whether @word has a zero byte. */
static inline gboolean
has_zero_byte (guint64 word)
{
  return ((word - G_GUINT64_CONSTANT (0x0101010101010101)) & ~word & HIGH_BITS) != 0;
}

gboolean
cd_utf8_validate (const char  *text,
                  gsize        length,
                  const char **end)
{
  const char *p = text;
  const char *stop = text + length;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  while (p < stop)
    {
      const char *run;
      const char *invalid;

      /* ASCII without a NUL, a word at a time, then byte by byte. */
      while (stop - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, 8);
          if ((word & HIGH_BITS) != 0 || has_zero_byte (word))
            break;
          p += 8;
        }
      while (p < stop && (guchar) *p < 0x80 && *p != '\0')
        p++;
      if (p == stop)
        break;
      if (*p == '\0')
        {
          if (end != NULL)
            *end = p;
          return FALSE;
        }

      /* A character of more than one byte has no ASCII byte in it: the
       * stretch up to the next ASCII byte is whole characters, or
       * invalid. */
      run = p;
      while (p < stop && (guchar) *p >= 0x80)
        p++;
      if (!g_utf8_validate_len (run, p - run, &invalid))
        {
          if (end != NULL)
            *end = invalid;
          return FALSE;
        }
    }

  if (end != NULL)
    *end = stop;
  return TRUE;
}

const char *
cd_utf8_skip (const char *text,
              gsize       n_chars)
{
  g_return_val_if_fail (text != NULL, NULL);

  while (n_chars > 0 && *text != '\0')
    {
      if (n_chars >= 8)
        {
          guint64 word;

          /* Eight ASCII bytes (none is NUL) are eight characters. */
          memcpy (&word, text, 8);
          if ((word & HIGH_BITS) == 0 && !has_zero_byte (word))
            {
              text += 8;
              n_chars -= 8;
              continue;
            }
        }
      text = g_utf8_next_char (text);
      n_chars--;
    }

  return text;
}

char *
cd_utf8_substring (const char *text,
                   guint       start,
                   guint       end)
{
  glong length;

  g_return_val_if_fail (text != NULL, NULL);

  length = g_utf8_strlen (text, -1);
  start = MIN (start, (guint) length);
  end = CLAMP (end, start, (guint) length);

  return g_utf8_substring (text, start, end);
}

/* A browser drops tabs and line breaks anywhere in an address. */
static gboolean
is_dropped (char c)
{
  return c == '\t' || c == '\n' || c == '\r';
}

/* Whether a browser would find a user name before the host of @href:
 * "https://x.com@evil.example/" shows one site and opens another. A
 * browser drops tabs and line breaks anywhere in the address, and for
 * http and https skips any number of slashes after the scheme (even
 * none), so the authority is looked for the way it does. Read in place:
 * a story's links are checked as it is read, written and checked. */
static gboolean
has_userinfo (const char *href)
{
  const char *p = strchr (href, ':');

  if (p == NULL)
    return FALSE;

  for (p++; *p == '/' || is_dropped (*p); p++)
    ;
  for (; *p != '\0'; p++)
    {
      if (*p == '/' || *p == '?' || *p == '#')
        return FALSE;
      if (*p == '@')
        return TRUE;
    }

  return FALSE;
}

/* The length of @href's scheme, the way g_uri_parse_scheme () reads
 * one (RFC 3986: a letter, then letters, digits, '+', '-' or '.', then
 * ':'); 0 when it has none. */
static gsize
scheme_length (const char *href)
{
  gsize n;

  if (!g_ascii_isalpha (href[0]))
    return 0;
  for (n = 1; g_ascii_isalnum (href[n]) || href[n] == '+' || href[n] == '-' || href[n] == '.'; n++)
    ;

  return href[n] == ':' ? n : 0;
}

static gboolean
scheme_is (const char *href,
           gsize       length,
           const char *name)
{
  return length == strlen (name) && g_ascii_strncasecmp (href, name, length) == 0;
}

gboolean
cd_href_is_allowed (const char *href)
{
  gsize length;

  if (href == NULL)
    return FALSE;

  /* No scheme where a blank or a control character comes first, which
   * browsers would strip before acting on the link. */
  length = scheme_length (href);
  if (length == 0)
    return FALSE;

  /* Browsers read a backslash as a slash where RFC 3986 does not, so
   * "https://evil.example\@x.com/" would open evil.example. */
  if (strchr (href, '\\') != NULL)
    return FALSE;

  if (scheme_is (href, length, "mailto"))
    return TRUE;

  return (scheme_is (href, length, "http") || scheme_is (href, length, "https")) &&
         !has_userinfo (href);
}

char *
cd_href_complete (const char *typed)
{
  g_autofree char *address = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  g_autofree char *scheme = g_uri_parse_scheme (address);
  size_t host_length;
  const char *dot;

  /* "example.org:8080/x" parses with the scheme "example.org", so a
   * scheme with a dot is a host. */
  if (scheme != NULL && strchr (scheme, '.') == NULL)
    return g_steal_pointer (&address);

  host_length = strcspn (address, "/?#");
  dot = memchr (address, '.', host_length);
  /* A host is letters, digits, dots, dashes and a port: "www.example.org"
   * but neither "desk@example.org" (a mail address, which wants
   * mailto:) nor a sentence. */
  if (host_length == 0 || dot == NULL || dot == address ||
      address[host_length - 1] == '.' ||
      strspn (address, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
        < host_length ||
      strpbrk (address, " \t\n") != NULL)
    return g_steal_pointer (&address);

  return g_strconcat ("https://", address, NULL);
}

CdListItem *
cd_list_item_new (const char *text)
{
  CdListItem *item = g_new0 (CdListItem, 1);

  item->text = g_strdup (text != NULL ? text : "");
  item->marks = cd_marks_new ();

  return item;
}

CdListItem *
cd_list_item_copy (const CdListItem *item)
{
  CdListItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (CdListItem, 1);
  copy->text = g_strdup (item->text);
  copy->marks = cd_marks_copy (item->marks);

  return copy;
}

void
cd_list_item_free (CdListItem *item)
{
  if (item == NULL)
    return;

  g_free (item->text);
  g_clear_pointer (&item->marks, g_ptr_array_unref);
  g_free (item);
}

gboolean
cd_list_item_equal (const CdListItem *a,
                    const CdListItem *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return g_strcmp0 (a->text, b->text) == 0 &&
         cd_marks_equal (a->marks, b->marks);
}

/* A position in the old text, moved to where it is in the new one: a
 * position inside the replaced stretch goes to the stretch's end when
 * @at_end (a mark's end), to its start otherwise. */
static guint
map_position (guint    position,
              guint    start,
              guint    end,
              guint    length,
              gboolean at_end)
{
  if (position <= start)
    return position;
  if (position >= end)
    return position - (end - start) + length;
  return at_end ? start + length : start;
}

void
cd_marks_replace_range (GPtrArray *marks,
                        guint      start,
                        guint      end,
                        guint      length)
{
  g_return_if_fail (marks != NULL);
  g_return_if_fail (start <= end);

  for (guint i = marks->len; i > 0; i--)
    {
      CdMark *mark = g_ptr_array_index (marks, i - 1);
      guint new_start = map_position (mark->start, start, end, length, FALSE);
      guint new_end = map_position (mark->end, start, end, length, TRUE);

      /* A mark that ended where the stretch began does not grow over it. */
      if (mark->end == start && start != end)
        new_end = start;

      if (new_end <= new_start)
        g_ptr_array_remove_index (marks, i - 1);
      else
        {
          mark->start = new_start;
          mark->end = new_end;
        }
    }
}
