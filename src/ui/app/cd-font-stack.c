/* cd-font-stack.c: the page's font lists as this machine draws them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-font-stack"

#include "config.h"

#include <string.h>

#include <fontconfig/fontconfig.h>

#include "cd-font-stack.h"

/* A family no one would install: what fontconfig's rules give any name
 * they do not mention. */
#define UNKNOWN_FAMILY "Copydesk No Such Family 7f3a"

/* The declarations whose values are font lists: CSS's own, and the
 * custom properties the house styles keep their lists in. */
static const char * const font_list_properties[] = {
  "font-family", "--cd-serif", "--cd-sans", "--cd-mono",
};

/* CSS's generic families and keywords, which are no family names. */
static const char * const keywords[] = {
  "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
  "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "math",
  "emoji", "fangsong", "inherit", "initial", "unset", "revert",
  "revert-layer", "default",
};

static GMutex verdicts_lock;
/* Family, lower-cased, to whether it is absent. */
static GHashTable *verdicts;
/* Family, lower-cased, to its strong aliases (strong_aliases ()). */
static GHashTable *aliases_of;

static gboolean
has_font_of_family (const char *family)
{
  FcPattern *pattern = FcPatternCreate ();
  FcObjectSet *objects = FcObjectSetBuild (FC_FAMILY, NULL);
  FcFontSet *fonts;
  gboolean found;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  /* Family names compare without case or blanks here: a font this finds
   * may still not be the one a web view takes, so it is kept. */
  fonts = FcFontList (NULL, pattern, objects);
  found = fonts != NULL && fonts->nfont > 0;

  if (fonts != NULL)
    FcFontSetDestroy (fonts);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);

  return found;
}

/* A pattern asking for @family, as fontconfig's rules make it before a
 * match. */
static FcPattern *
substituted_pattern (const char *family)
{
  FcPattern *pattern = FcPatternCreate ();

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);

  return pattern;
}

/* Whether the first family of @pattern is bound strongly: fontconfig
 * weighs a family bound so above the language when it matches, a weakly
 * bound one below it. Matched against two fonts, one of that family in
 * another language and one of another family in the pattern's, the
 * first wins only for a strong binding. */
static gboolean
first_family_is_strong (FcConfig        *empty,
                        const FcPattern *pattern)
{
  FcPattern *query = FcPatternDuplicate (pattern);
  FcLangSet *wanted = FcLangSetCreate ();
  FcLangSet *other = FcLangSetCreate ();
  FcFontSet *fonts = FcFontSetCreate ();
  FcPattern *same_family = FcPatternCreate ();
  FcPattern *same_language = FcPatternCreate ();
  FcFontSet *sets[1] = { fonts };
  FcPattern *match;
  FcChar8 *family;
  FcResult result;
  gboolean strong = FALSE;

  /* The first family alone, and nothing else to weigh. */
  while (FcPatternRemove (query, FC_FAMILY, 1))
    ;
  FcPatternDel (query, FC_LANG);
  FcLangSetAdd (wanted, (const FcChar8 *) "xx-wanted");
  FcLangSetAdd (other, (const FcChar8 *) "xx-other");
  FcPatternAddLangSet (query, FC_LANG, wanted);

  FcPatternGetString (query, FC_FAMILY, 0, &family);
  FcPatternAddString (same_family, FC_FAMILY, family);
  FcPatternAddLangSet (same_family, FC_LANG, other);
  FcPatternAddString (same_language, FC_FAMILY, (const FcChar8 *) UNKNOWN_FAMILY);
  FcPatternAddLangSet (same_language, FC_LANG, wanted);
  FcFontSetAdd (fonts, same_family);
  FcFontSetAdd (fonts, same_language);

  match = FcFontSetMatch (empty, sets, 1, query, &result);
  if (match != NULL)
    {
      FcChar8 *matched;

      strong = FcPatternGetString (match, FC_FAMILY, 0, &matched) == FcResultMatch &&
               g_ascii_strcasecmp ((const char *) matched, UNKNOWN_FAMILY) != 0;
      FcPatternDestroy (match);
    }

  FcFontSetDestroy (fonts);
  FcLangSetDestroy (other);
  FcLangSetDestroy (wanted);
  FcPatternDestroy (query);

  return strong;
}

/* The families a pattern asking for @family holds up to the last one
 * bound strongly: those fontconfig's rules make stand for it, not the
 * defaults they add behind any name. Lower-cased; asked once a family. */
static GPtrArray *
strong_aliases (FcConfig   *empty,
                const char *family)
{
  g_autofree char *key = g_ascii_strdown (family, -1);
  FcPattern *pattern;
  GPtrArray *families;
  guint n_strong = 0;
  FcChar8 *value;

  if (aliases_of == NULL)
    aliases_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  families = g_hash_table_lookup (aliases_of, key);
  if (families != NULL)
    return families;

  pattern = substituted_pattern (family);
  families = g_ptr_array_new_with_free_func (g_free);
  while (FcPatternGetString (pattern, FC_FAMILY, 0, &value) == FcResultMatch)
    {
      g_ptr_array_add (families, g_ascii_strdown ((const char *) value, -1));
      if (first_family_is_strong (empty, pattern))
        n_strong = families->len;
      FcPatternRemove (pattern, FC_FAMILY, 0);
    }
  FcPatternDestroy (pattern);

  g_ptr_array_set_size (families, n_strong);
  g_hash_table_insert (aliases_of, g_steal_pointer (&key), families);

  return families;
}

static gboolean
share_a_family (GPtrArray *a,
                GPtrArray *b)
{
  for (guint i = 0; i < a->len; i++)
    {
      if (g_ptr_array_find_with_equal_func (b, g_ptr_array_index (a, i), g_str_equal, NULL))
        return TRUE;
    }

  return FALSE;
}

/* The families fontconfig's rules give a pattern that asks for @family,
 * @family itself left out, as one string. */
static char *
substituted_families (const char *family)
{
  FcPattern *pattern = substituted_pattern (family);
  GString *families = g_string_new (NULL);
  FcChar8 *value;

  for (int i = 0; FcPatternGetString (pattern, FC_FAMILY, i, &value) == FcResultMatch; i++)
    {
      if (g_ascii_strcasecmp ((const char *) value, family) == 0)
        continue;
      g_string_append (families, (const char *) value);
      g_string_append_c (families, '\n');
    }
  FcPatternDestroy (pattern);

  return g_string_free (families, FALSE);
}

/* Whether a rule of fontconfig's names @family (an alias, a replacement):
 * a family no rule names gets the families any unknown name gets. */
static gboolean
has_own_rules (const char *family)
{
  static char *unknown_families;
  g_autofree char *families = substituted_families (family);

  if (unknown_families == NULL)
    unknown_families = substituted_families (UNKNOWN_FAMILY);

  return !g_str_equal (families, unknown_families);
}

/* Whether a web view may take the font fontconfig finds for @family, of
 * a family by another name, for it. It takes such a font only when the
 * rules make the two strong aliases of each other, or when a rule puts
 * another family before the one asked for. The family a match finds
 * comes first in weighing, before weight and slant: a regular face
 * tells. */
static gboolean
has_stand_in (const char *family)
{
  FcPattern *pattern;
  FcConfig *empty;
  FcPattern *match;
  FcChar8 *first;
  FcChar8 *value;
  FcResult result;
  gboolean stands_in = FALSE;

  if (!has_own_rules (family))
    return FALSE;

  pattern = substituted_pattern (family);
  if (FcPatternGetString (pattern, FC_FAMILY, 0, &first) != FcResultMatch ||
      g_ascii_strcasecmp ((const char *) first, family) != 0)
    {
      FcPatternDestroy (pattern);
      return TRUE;
    }

  match = FcFontMatch (NULL, pattern, &result);
  FcPatternDestroy (pattern);
  if (match == NULL)
    return FALSE;

  empty = FcConfigCreate ();
  for (int i = 0; !stands_in && FcPatternGetString (match, FC_FAMILY, i, &value) == FcResultMatch; i++)
    {
      stands_in = g_ascii_strcasecmp ((const char *) value, family) == 0 ||
                  share_a_family (strong_aliases (empty, family),
                                  strong_aliases (empty, (const char *) value));
    }
  FcConfigDestroy (empty);
  FcPatternDestroy (match);

  return stands_in;
}

gboolean
cd_font_stack_family_is_absent (const char *family)
{
  g_autofree char *key = NULL;
  gpointer verdict;
  gboolean absent;

  g_return_val_if_fail (family != NULL, FALSE);

  key = g_ascii_strdown (family, -1);

  g_mutex_lock (&verdicts_lock);
  if (verdicts == NULL)
    verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_hash_table_lookup_extended (verdicts, key, NULL, &verdict))
    {
      absent = GPOINTER_TO_INT (verdict);
    }
  else
    {
      absent = !has_font_of_family (family) && !has_stand_in (family);
      g_hash_table_insert (verdicts, g_steal_pointer (&key), GINT_TO_POINTER (absent));
    }
  g_mutex_unlock (&verdicts_lock);

  return absent;
}

static gboolean
is_keyword (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      if (g_ascii_strcasecmp (name, keywords[i]) == 0)
        return TRUE;
    }

  return g_ascii_strncasecmp (name, "-webkit-", 8) == 0;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || (guchar) c >= 0x80;
}

/* One item of a font list, @start to @end with the blanks around it
 * taken off: the family it names in @family (a quoted string without its
 * quotes, or names separated by blanks), and whether it is a keyword.
 * FALSE for anything else, escapes included. */
static gboolean
parse_item (const char  *start,
            const char  *end,
            GString     *family,
            gboolean    *keyword)
{
  g_string_truncate (family, 0);
  *keyword = FALSE;

  if (start == end)
    return FALSE;

  if (*start == '"' || *start == '\'')
    {
      if (end - start < 2 || end[-1] != *start)
        return FALSE;
      for (const char *p = start + 1; p < end - 1; p++)
        {
          if (*p == *start || *p == '\\')
            return FALSE;
        }
      g_string_append_len (family, start + 1, end - start - 2);
      return family->len > 0;
    }

  for (const char *p = start; p < end; p++)
    {
      if (g_ascii_isspace (*p))
        {
          /* Names separated by blanks are one family, with one space. */
          if (family->len > 0 && family->str[family->len - 1] != ' ')
            g_string_append_c (family, ' ');
          continue;
        }
      if (!is_name_char (*p))
        return FALSE;
      g_string_append_c (family, *p);
    }

  *keyword = strchr (family->str, ' ') == NULL && is_keyword (family->str);
  return TRUE;
}

/* The font list @start to @end without its absent families, or NULL to
 * keep it as it is: nothing to take out, all of it absent, or not a
 * plain list of families. */
static char *
prune_list (const char *start,
            const char *end)
{
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(GString) family = g_string_new (NULL);
  const char *item = start;
  gboolean dropped = FALSE;
  guint n_kept = 0;

  while (item < end)
    {
      const char *comma = item;
      const char *first;
      const char *last;
      gboolean keyword;

      while (comma < end && *comma != ',')
        {
          /* A comma in a quoted name is part of the name. */
          if (*comma == '"' || *comma == '\'')
            {
              const char *close = memchr (comma + 1, *comma, end - comma - 1);

              if (close == NULL)
                return NULL;
              comma = close;
            }
          comma++;
        }

      first = item;
      last = comma;
      while (first < last && g_ascii_isspace (*first))
        first++;
      while (last > first && g_ascii_isspace (last[-1]))
        last--;

      if (!parse_item (first, last, family, &keyword))
        return NULL;

      /* A keyword alone is the whole value (inherit), not a list. */
      if (keyword || !cd_font_stack_family_is_absent (family->str))
        {
          if (n_kept++ > 0)
            g_string_append (kept, ", ");
          g_string_append_len (kept, first, last - first);
        }
      else
        {
          dropped = TRUE;
        }

      item = comma < end ? comma + 1 : end;
    }

  if (!dropped || n_kept == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&kept), FALSE);
}

/* The length of the property name at @p, or 0. */
static gsize
property_length (const char *p)
{
  gsize n = 0;

  while (is_name_char (p[n]))
    n++;

  return n;
}

static gboolean
is_font_list_property (const char *name,
                       gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (font_list_properties); i++)
    {
      if (strlen (font_list_properties[i]) == length &&
          g_ascii_strncasecmp (name, font_list_properties[i], length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Past the string that starts at @p, or at the end of the text when it
 * is not closed. */
static const char *
skip_string (const char *p)
{
  char quote = *p++;

  while (*p != '\0' && *p != quote)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      p++;
    }

  return *p == quote ? p + 1 : p;
}

/* The end of the declaration value that starts at @p: its ';' or the
 * '}' of its block, outside strings, or the end of the text. */
static const char *
value_end (const char *p)
{
  while (*p != '\0' && *p != ';' && *p != '}')
    {
      if (*p == '"' || *p == '\'')
        p = skip_string (p);
      else
        p++;
    }

  return p;
}

char *
cd_font_stack_prune_stylesheet (const char *stylesheet)
{
  GString *out;
  const char *p;
  const char *copied;
  gboolean declaration_start = TRUE;

  g_return_val_if_fail (stylesheet != NULL, NULL);

  out = g_string_sized_new (strlen (stylesheet));
  p = copied = stylesheet;

  while (*p != '\0')
    {
      gsize length;
      const char *colon;
      const char *start;
      const char *end;
      g_autofree char *pruned = NULL;

      if (p[0] == '/' && p[1] == '*')
        {
          const char *close = strstr (p + 2, "*/");

          p = close != NULL ? close + 2 : p + strlen (p);
          continue;
        }
      if (*p == '"' || *p == '\'')
        {
          p = skip_string (p);
          declaration_start = FALSE;
          continue;
        }
      if (*p == '{' || *p == ';' || *p == '}')
        {
          declaration_start = TRUE;
          p++;
          continue;
        }
      if (g_ascii_isspace (*p) || !declaration_start)
        {
          p++;
          continue;
        }

      declaration_start = FALSE;
      length = property_length (p);
      if (length == 0 || !is_font_list_property (p, length))
        {
          p += MAX (length, 1);
          continue;
        }

      colon = p + length;
      while (g_ascii_isspace (*colon))
        colon++;
      if (*colon != ':')
        {
          p = colon;
          continue;
        }

      start = colon + 1;
      while (g_ascii_isspace (*start))
        start++;
      end = value_end (start);
      p = end;

      pruned = prune_list (start, end);
      if (pruned == NULL)
        continue;

      /* The blanks after the list stay where they were. */
      while (end > start && g_ascii_isspace (end[-1]))
        end--;
      g_string_append_len (out, copied, start - copied);
      g_string_append (out, pruned);
      copied = end;
    }

  g_string_append (out, copied);

  return g_string_free (out, FALSE);
}
