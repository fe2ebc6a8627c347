/* test-diff.c: the word diff and the compare of two stories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "copydesk-core.h"

/* The corpus: tests/diff/NAME.txt holds the text before, a line
 * "=====", and the text after an edit of real-looking news copy. */
static void
read_pair (const char  *path,
           char       **old_text,
           char       **new_text)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *separator;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  if (g_str_has_prefix (contents, "=====\n"))
    separator = contents - 1;
  else
    separator = strstr (contents, "\n=====\n");
  g_assert_nonnull (separator);

  *old_text = g_strndup (contents, MAX (separator - contents, 0));
  *new_text = g_strdup (separator + strlen ("\n=====\n"));
  g_assert_true (g_str_has_suffix (*new_text, "\n"));
  (*new_text)[strlen (*new_text) - 1] = '\0';
}

static GPtrArray *
corpus_paths (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "diff", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".txt"))
        g_ptr_array_add (paths, g_build_filename (folder, name, NULL));
    }

  return paths;
}

/* Every chunk of text joined in order, keeping only the side given. */
static char *
side_text (GPtrArray *chunks,
           gboolean   new_side)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      CdDiffChunk *chunk = g_ptr_array_index (chunks, i);

      if (chunk->op == CD_DIFF_EQUAL ||
          (chunk->op == CD_DIFF_INSERT) == new_side)
        g_string_append (out, chunk->text);
    }

  return g_string_free (out, FALSE);
}

static void
test_corpus_round_trip (void)
{
  g_autoptr(GPtrArray) paths = corpus_paths ();

  /* The issue asks for a corpus of at least thirty real edits. */
  g_assert_cmpuint (paths->len, >=, 30);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      g_autofree char *applied = NULL;
      g_autofree char *old_side = NULL;
      g_autoptr(GPtrArray) chunks = NULL;

      read_pair (path, &old_text, &new_text);
      chunks = cd_diff_words (old_text, new_text);
      applied = cd_diff_apply (old_text, chunks);
      g_test_message ("%s", path);
      g_assert_cmpstr (applied, ==, new_text);

      old_side = side_text (chunks, FALSE);
      g_assert_cmpstr (old_side, ==, old_text);

      /* Different texts always show a change; a change is never a
       * letter cut out of a word. */
      if (g_strcmp0 (old_text, new_text) != 0)
        g_assert_cmpuint (cd_diff_count_changes (chunks), >, 0);
      for (guint k = 0; k < chunks->len; k++)
        {
          CdDiffChunk *chunk = g_ptr_array_index (chunks, k);
          const char *source = chunk->op == CD_DIFF_INSERT ? new_text : old_text;
          guint start = chunk->op == CD_DIFF_INSERT ? chunk->new_start : chunk->old_start;
          guint end = chunk->op == CD_DIFF_INSERT ? chunk->new_end : chunk->old_end;
          const char *before;
          const char *after;

          if (chunk->op == CD_DIFF_EQUAL)
            continue;

          before = start > 0 ? g_utf8_offset_to_pointer (source, start - 1) : NULL;
          after = g_utf8_offset_to_pointer (source, end);
          if (before != NULL && g_unichar_isalnum (g_utf8_get_char (before)))
            g_assert_false (g_unichar_isalnum (g_utf8_get_char (g_utf8_next_char (before))));
          if (*after != '\0' && g_unichar_isalnum (g_utf8_get_char (after)) && end > start)
            g_assert_false (g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (after))));
        }
    }
}

/* Checks that @chunks are exactly EQUAL @prefix, DELETE @deleted,
 * INSERT @inserted, EQUAL @suffix. */
static void
assert_one_replacement (const char *old_text,
                        const char *new_text,
                        const char *prefix,
                        const char *deleted,
                        const char *inserted,
                        const char *suffix)
{
  g_autoptr(GPtrArray) chunks = cd_diff_words (old_text, new_text);
  guint i = 0;
  CdDiffChunk *chunk;

  if (*prefix != '\0')
    {
      chunk = g_ptr_array_index (chunks, i++);
      g_assert_cmpint (chunk->op, ==, CD_DIFF_EQUAL);
      g_assert_cmpstr (chunk->text, ==, prefix);
    }

  chunk = g_ptr_array_index (chunks, i++);
  g_assert_cmpint (chunk->op, ==, CD_DIFF_DELETE);
  g_assert_cmpstr (chunk->text, ==, deleted);
  g_assert_cmpuint (chunk->old_start, ==, g_utf8_strlen (prefix, -1));
  g_assert_cmpuint (chunk->old_end - chunk->old_start, ==, g_utf8_strlen (deleted, -1));

  chunk = g_ptr_array_index (chunks, i++);
  g_assert_cmpint (chunk->op, ==, CD_DIFF_INSERT);
  g_assert_cmpstr (chunk->text, ==, inserted);
  g_assert_cmpuint (chunk->new_start, ==, g_utf8_strlen (prefix, -1));

  if (*suffix != '\0')
    {
      chunk = g_ptr_array_index (chunks, i++);
      g_assert_cmpint (chunk->op, ==, CD_DIFF_EQUAL);
      g_assert_cmpstr (chunk->text, ==, suffix);
    }

  g_assert_cmpuint (chunks->len, ==, i);
  g_assert_cmpuint (cd_diff_count_changes (chunks), ==, 1);
}

static void
test_changed_word (void)
{
  assert_one_replacement ("The fire destroyed 12 homes.", "The fire destroyed 14 homes.",
                          "The fire destroyed ", "12", "14", " homes.");
  /* Letters in common do not split a word. */
  assert_one_replacement ("The goverment said so.", "The government said so.",
                          "The ", "goverment", "government", " said so.");
  assert_one_replacement ("Unemployment fell to 3.5% in March.", "Unemployment fell to 3.6% in March.",
                          "Unemployment fell to ", "3.5", "3.6", "% in March.");
  assert_one_replacement ("The minister's office", "The minister’s office",
                          "The ", "minister's", "minister’s", " office");
  /* Two neighbouring changed words read as one phrase. */
  assert_one_replacement ("Mayor Jon Smyth told reporters", "Mayor John Smith told reporters",
                          "Mayor ", "Jon Smyth", "John Smith", " told reporters");
}

static void
test_rtl (void)
{
  /* قال المتحدث إن 12 شخصا أصيبوا → 15 */
  assert_one_replacement ("قال المتحدث إن 12 شخصا أصيبوا.", "قال المتحدث إن 15 شخصا أصيبوا.",
                          "قال المتحدث إن ", "12", "15", " شخصا أصيبوا.");
  /* A word with its diacritics is one word. */
  assert_one_replacement ("كَتَبَ الوَلَدُ الدرس", "كَتَبَ البِنتُ الدرس",
                          "كَتَبَ ", "الوَلَدُ", "البِنتُ", " الدرس");
}

static void
test_insert_delete (void)
{
  g_autoptr(GPtrArray) inserted = cd_diff_words ("The museum reopened.", "The museum reopened on Saturday.");
  g_autoptr(GPtrArray) deleted = cd_diff_words ("A, B and C.", "A and C.");
  g_autoptr(GPtrArray) same = cd_diff_words ("Nothing changed.", "Nothing changed.");
  g_autoptr(GPtrArray) empty = cd_diff_words ("", "");
  CdDiffChunk *chunk;

  g_assert_cmpuint (inserted->len, ==, 3);
  chunk = g_ptr_array_index (inserted, 1);
  g_assert_cmpint (chunk->op, ==, CD_DIFF_INSERT);
  g_assert_cmpstr (chunk->text, ==, " on Saturday");

  g_assert_cmpuint (cd_diff_count_changes (deleted), ==, 1);
  chunk = g_ptr_array_index (deleted, 1);
  g_assert_cmpint (chunk->op, ==, CD_DIFF_DELETE);
  g_assert_cmpstr (chunk->text, ==, ", B");

  g_assert_cmpuint (same->len, ==, 1);
  g_assert_cmpuint (cd_diff_count_changes (same), ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);

  /* Chunks that do not fit the old text are refused. */
  g_assert_null (cd_diff_apply ("Something else.", inserted));
}

static void
test_large_texts_are_bounded (void)
{
  GString *a = g_string_new (NULL);
  GString *b = g_string_new (NULL);
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *applied = NULL;

  /* Two long texts with nothing in common: too many edits for the
   * search, still a correct diff. */
  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (a, "a%u ", i);
      g_string_append_printf (b, "b%u ", i);
    }

  chunks = cd_diff_words (a->str, b->str);
  applied = cd_diff_apply (a->str, chunks);
  g_assert_cmpstr (applied, ==, b->str);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
}

/* Stories */

static CdBlock *
paragraph (const char *id,
           const char *text)
{
  CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_block_set_id (block, id);
  cd_block_set_text (block, text);
  return block;
}

static CdArticle *
story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) p1 = paragraph ("p1", "The fire destroyed 12 homes.");
  g_autoptr(CdBlock) p2 = paragraph ("p2", "Police closed the road.");
  g_autoptr(CdBlock) p3 = paragraph ("p3", "A witness heard three shots.");
  g_autoptr(CdBlock) h = cd_block_new (CD_BLOCK_HEADING);
  g_autoptr(CdBlock) f = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdBlock) e = cd_block_new (CD_BLOCK_EMBED);

  cd_article_set_headline (article, "Fire destroys homes");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "Local");
  cd_block_set_id (h, "h1");
  cd_block_set_text (h, "What happened");
  cd_block_set_level (h, 2);
  cd_block_set_id (f, "f1");
  cd_block_set_field (f, CD_BLOCK_FIELD_SRC, "https://example.org/fire.jpg");
  cd_block_set_field (f, CD_BLOCK_FIELD_CAPTION, "The warehouse on fire");
  cd_block_set_field (f, CD_BLOCK_FIELD_CREDIT, "Jane Roe");
  cd_block_set_field (f, CD_BLOCK_FIELD_ALT, "Flames over a roof");
  cd_block_set_id (e, "e1");
  cd_block_set_field (e, CD_BLOCK_FIELD_PROVIDER, "youtube");
  cd_block_set_field (e, CD_BLOCK_FIELD_URL, "https://www.youtube.com/watch?v=aaaaaaaaaaa");

  cd_article_append_block (article, p1);
  cd_article_append_block (article, h);
  cd_article_append_block (article, p2);
  cd_article_append_block (article, f);
  cd_article_append_block (article, p3);
  cd_article_append_block (article, e);
  return article;
}

static guint
count_kind (CdComparison *comparison,
            CdChangeKind  kind)
{
  GPtrArray *changes = cd_comparison_get_changes (comparison);
  guint count = 0;

  for (guint i = 0; i < changes->len; i++)
    count += ((CdChange *) g_ptr_array_index (changes, i))->kind == kind;
  return count;
}

static const CdChange *
find_change (CdComparison *comparison,
             CdChangeKind  kind,
             const char   *block_id,
             const char   *name,
             guint        *index)
{
  GPtrArray *changes = cd_comparison_get_changes (comparison);

  for (guint i = 0; i < changes->len; i++)
    {
      CdChange *change = g_ptr_array_index (changes, i);

      if (change->kind == kind && g_strcmp0 (change->block_id, block_id) == 0 &&
          g_strcmp0 (change->name, name) == 0)
        {
          if (index != NULL)
            *index = i;
          return change;
        }
    }

  return NULL;
}

static void
test_same_story (void)
{
  g_autoptr(CdArticle) a = story ();
  g_autoptr(CdArticle) b = cd_article_copy (a);
  g_autoptr(CdComparison) comparison = cd_comparison_new (a, b);

  g_assert_cmpuint (cd_comparison_get_changes (comparison)->len, ==, 0);
}

static void
test_pairing (void)
{
  g_autoptr(CdArticle) old = story ();
  g_autoptr(CdArticle) new = cd_article_copy (old);
  g_autoptr(CdBlock) inserted = paragraph ("p9", "Tickets sold out.");
  g_autoptr(CdComparison) comparison = NULL;
  const CdChange *change;

  /* p3 deleted, p9 inserted at the top, p2 moved to the end, p1 edited:
   * each by its id, none guessed from its text. */
  cd_article_remove_block (new, 4);
  cd_article_insert_block (new, 0, inserted);
  cd_article_move_block (new, 3, cd_article_get_n_blocks (new) - 1);
  cd_block_set_text (cd_article_get_block (new, 1), "The fire destroyed 14 homes.");

  comparison = cd_comparison_new (old, new);
  g_assert_cmpuint (count_kind (comparison, CD_CHANGE_DELETED), ==, 1);
  g_assert_cmpuint (count_kind (comparison, CD_CHANGE_INSERTED), ==, 1);
  g_assert_cmpuint (count_kind (comparison, CD_CHANGE_MOVED), ==, 1);
  g_assert_cmpuint (count_kind (comparison, CD_CHANGE_TEXT), ==, 1);

  change = find_change (comparison, CD_CHANGE_DELETED, "p3", "paragraph", NULL);
  g_assert_nonnull (change);
  g_assert_cmpstr (change->old_value, ==, "A witness heard three shots.");
  g_assert_nonnull (find_change (comparison, CD_CHANGE_INSERTED, "p9", "paragraph", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_MOVED, "p2", "paragraph", NULL));
  change = find_change (comparison, CD_CHANGE_TEXT, "p1", "text", NULL);
  g_assert_cmpstr (change->old_value, ==, "12");
  g_assert_cmpstr (change->new_value, ==, "14");

  /* Same text under another id is another block. */
  {
    g_autoptr(CdArticle) renamed = cd_article_copy (old);
    g_autoptr(CdComparison) c2 = NULL;

    cd_block_set_id (cd_article_get_block (renamed, 0), "p1b");
    c2 = cd_comparison_new (old, renamed);
    g_assert_nonnull (find_change (c2, CD_CHANGE_DELETED, "p1", "paragraph", NULL));
    g_assert_nonnull (find_change (c2, CD_CHANGE_INSERTED, "p1b", "paragraph", NULL));
  }
}

static void
test_marks_and_attributes (void)
{
  g_autoptr(CdArticle) old = story ();
  g_autoptr(CdArticle) new = cd_article_copy (old);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GPtrArray) old_marks = cd_marks_new ();
  g_autoptr(CdComparison) comparison = NULL;
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(GPtrArray) keywords = NULL;
  const char *new_keywords[] = { "fire", NULL };
  const CdChange *change;
  CdBlock *f1;

  /* Bold added to p2, a link's target changed in p3: text unchanged. */
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 6, NULL));
  cd_block_set_marks (cd_article_get_block (new, 2), marks);
  g_ptr_array_add (old_marks, cd_mark_new (CD_MARK_LINK, 2, 9, "https://a.example/"));
  cd_block_set_marks (cd_article_get_block (old, 4), old_marks);
  g_ptr_array_set_size (old_marks, 0);
  g_ptr_array_add (old_marks, cd_mark_new (CD_MARK_LINK, 2, 9, "https://b.example/"));
  cd_block_set_marks (cd_article_get_block (new, 4), old_marks);

  f1 = cd_article_find_block (new, "f1", NULL);
  cd_block_set_field (f1, CD_BLOCK_FIELD_CAPTION, "The warehouse burning");
  cd_block_set_field (f1, CD_BLOCK_FIELD_CREDIT, "John Doe");
  cd_block_set_field (f1, CD_BLOCK_FIELD_ALT, "Flames over a warehouse roof");
  cd_block_set_level (cd_article_find_block (new, "h1", NULL), 3);
  cd_block_set_field (cd_article_find_block (new, "e1", NULL), CD_BLOCK_FIELD_URL,
                      "https://www.youtube.com/watch?v=bbbbbbbbbbb");
  cd_article_set_field (new, CD_ARTICLE_FIELD_STATUS, "edit");
  cd_article_set_field (new, CD_ARTICLE_FIELD_SECTION, "Metro");
  cd_article_set_keywords (new, new_keywords);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "https://example.org/lead.jpg");
  cd_article_set_lead (new, lead);
  {
    g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
    g_autoptr(CdDateline) dateline = cd_dateline_new ("PORTHAVEN", "Reuters", "2024-05-15");

    g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", "Staff reporter"));
    cd_article_set_bylines (new, bylines);
    cd_article_set_dateline (new, dateline);
    cd_article_set_field (new, CD_ARTICLE_FIELD_SUBHEADLINE, "Twelve families lost their homes");
  }

  comparison = cd_comparison_new (old, new);
  /* The dek's words are the only text change: formatting is not. */
  g_assert_cmpuint (count_kind (comparison, CD_CHANGE_TEXT), ==, 1);
  g_assert_cmpuint (count_kind (comparison, CD_CHANGE_MARKS), ==, 2);
  change = find_change (comparison, CD_CHANGE_MARKS, "p2", "marks", NULL);
  g_assert_nonnull (change);
  g_assert_cmpstr (change->new_value, ==, "strong “Police”");
  change = find_change (comparison, CD_CHANGE_MARKS, "p3", "marks", NULL);
  g_assert_nonnull (strstr (change->old_value, "https://a.example/"));
  g_assert_nonnull (strstr (change->new_value, "https://b.example/"));

  g_assert_nonnull (find_change (comparison, CD_CHANGE_ATTRIBUTE, "f1", "caption", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_ATTRIBUTE, "f1", "credit", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_ATTRIBUTE, "f1", "alt", NULL));
  change = find_change (comparison, CD_CHANGE_ATTRIBUTE, "h1", "level", NULL);
  g_assert_cmpstr (change->old_value, ==, "2");
  g_assert_cmpstr (change->new_value, ==, "3");
  g_assert_nonnull (find_change (comparison, CD_CHANGE_ATTRIBUTE, "e1", "url", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_FIELD, NULL, "status", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_FIELD, NULL, "section", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_FIELD, NULL, "keywords", NULL));
  change = find_change (comparison, CD_CHANGE_FIELD, NULL, "bylines", NULL);
  g_assert_cmpstr (change->new_value, ==, "Jane Roe, Staff reporter");
  change = find_change (comparison, CD_CHANGE_FIELD, NULL, "dateline", NULL);
  g_assert_cmpstr (change->new_value, ==, "PORTHAVEN (Reuters)");
  g_assert_nonnull (find_change (comparison, CD_CHANGE_FIELD, NULL, "date", NULL));
  change = find_change (comparison, CD_CHANGE_TEXT, NULL, "subheadline", NULL);
  g_assert_cmpstr (change->new_value, ==, "Twelve families lost their homes");
  change = find_change (comparison, CD_CHANGE_FIELD, NULL, "lead", NULL);
  g_assert_cmpstr (change->new_value, ==, "https://example.org/lead.jpg");
  (void) keywords;
}

static void
test_lead_caption (void)
{
  g_autoptr(CdArticle) old = story ();
  g_autoptr(CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdArticle) new = NULL;
  g_autoptr(CdComparison) comparison = NULL;

  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "https://example.org/lead.jpg");
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "Smoke");
  cd_article_set_lead (old, lead);
  new = cd_article_copy (old);
  cd_block_set_field (cd_article_get_lead (new), CD_BLOCK_FIELD_CAPTION, "Smoke over the port");
  cd_block_set_field (cd_article_get_lead (new), CD_BLOCK_FIELD_CREDIT, "AP");

  comparison = cd_comparison_new (old, new);
  g_assert_cmpuint (cd_comparison_get_changes (comparison)->len, ==, 2);
  g_assert_nonnull (find_change (comparison, CD_CHANGE_ATTRIBUTE, cd_block_get_id (lead), "caption", NULL));
  g_assert_nonnull (find_change (comparison, CD_CHANGE_ATTRIBUTE, cd_block_get_id (lead), "credit", NULL));
}

static void
test_revert (void)
{
  g_autoptr(CdArticle) old = story ();
  g_autoptr(CdArticle) new = cd_article_copy (old);
  g_autoptr(CdComparison) comparison = NULL;
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GError) error = NULL;
  guint index;
  CdBlock *p1;

  /* Two edits in one paragraph, a deleted paragraph, a moved one. */
  p1 = cd_article_get_block (new, 0);
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 26, 31, NULL));
  cd_block_set_text_and_marks (p1, "The big fire destroyed 14 homes.", marks);
  cd_article_remove_block (new, 4);
  cd_article_move_block (new, 2, 0);
  cd_article_set_headline (new, "Fire destroys 14 homes");

  comparison = cd_comparison_new (old, new);
  g_assert_nonnull (find_change (comparison, CD_CHANGE_TEXT, "p1", "text", &index));
  g_assert_true (cd_comparison_revert (comparison, index, new, &error));
  g_assert_no_error (error);
  /* Only the first edit went back; the italic "homes" stays on its word. */
  p1 = cd_article_find_block (new, "p1", NULL);
  g_assert_cmpstr (cd_block_get_text (p1), ==, "The fire destroyed 14 homes.");
  marks = cd_block_get_marks (p1);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpuint (((CdMark *) g_ptr_array_index (marks, 0))->start, ==, 22);
  g_assert_cmpuint (((CdMark *) g_ptr_array_index (marks, 0))->end, ==, 27);
  marks = NULL;

  /* A stale comparison does not revert over different text. */
  g_assert_false (cd_comparison_revert (comparison, index, new, &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_nonnull (find_change (comparison, CD_CHANGE_DELETED, "p3", "paragraph", &index));
  g_assert_true (cd_comparison_revert (comparison, index, new, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_change (comparison, CD_CHANGE_MOVED, "p2", "paragraph", &index));
  g_assert_true (cd_comparison_revert (comparison, index, new, &error));
  g_assert_no_error (error);
  g_assert_nonnull (find_change (comparison, CD_CHANGE_TEXT, NULL, "headline", &index));
  g_assert_true (cd_comparison_revert (comparison, index, new, &error));

  /* Everything but the "14" and the italics is back; the italics go
   * back once the words are the old ones again. */
  {
    g_autoptr(CdComparison) after = cd_comparison_new (old, new);
    GPtrArray *left = cd_comparison_get_changes (after);
    const CdChange *change;

    g_assert_cmpuint (left->len, ==, 2);
    change = find_change (after, CD_CHANGE_TEXT, "p1", "text", &index);
    g_assert_cmpstr (change->old_value, ==, "12");
    g_assert_cmpstr (change->new_value, ==, "14");
    g_assert_nonnull (find_change (after, CD_CHANGE_MARKS, "p1", "marks", NULL));
    g_assert_true (cd_comparison_revert (after, index, new, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(CdComparison) after = cd_comparison_new (old, new);

    g_assert_cmpuint (cd_comparison_get_changes (after)->len, ==, 1);
    g_assert_nonnull (find_change (after, CD_CHANGE_MARKS, "p1", "marks", &index));
    g_assert_true (cd_comparison_revert (after, index, new, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(CdComparison) none = cd_comparison_new (old, new);

    g_assert_cmpuint (cd_comparison_get_changes (none)->len, ==, 0);
  }
}

static void
test_html (void)
{
  g_autoptr(CdArticle) old = story ();
  g_autoptr(CdArticle) new = cd_article_copy (old);
  g_autoptr(CdComparison) comparison = NULL;
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autofree char *html = NULL;
  g_autofree char *page = NULL;
  CdHtmlOptions options;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 4, 8, NULL));
  cd_block_set_text_and_marks (cd_article_get_block (new, 0), "The fire destroyed 14 homes.", marks);
  cd_article_remove_block (new, 4);
  cd_block_set_field (cd_article_find_block (new, "f1", NULL), CD_BLOCK_FIELD_CAPTION, "Burning");

  comparison = cd_comparison_new (old, new);
  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  html = cd_comparison_write_html (comparison, &options);

  /* The exact words, bold kept, nesting intact. */
  g_assert_nonnull (strstr (html, "The <strong>fire</strong> destroyed <del title=\"deleted\">12</del>"
                                  "<ins title=\"inserted\">14</ins> homes."));
  g_assert_nonnull (strstr (html, "<div class=\"cd-change\" data-change=\"deleted\">"));
  g_assert_nonnull (strstr (html, "<del title=\"deleted\">A witness heard three shots.</del>"));
  g_assert_nonnull (strstr (html, "data-change=\"changed\"><figure"));

  page = cd_comparison_write_page (comparison, "old.article", "new.article");
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (page, "caption"));
  g_assert_nonnull (strstr (page, "Burning"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/diff/corpus-round-trip", test_corpus_round_trip);
  g_test_add_func ("/core/diff/changed-word", test_changed_word);
  g_test_add_func ("/core/diff/rtl", test_rtl);
  g_test_add_func ("/core/diff/insert-delete", test_insert_delete);
  g_test_add_func ("/core/diff/large-texts-bounded", test_large_texts_are_bounded);
  g_test_add_func ("/core/compare/same-story", test_same_story);
  g_test_add_func ("/core/compare/pairing", test_pairing);
  g_test_add_func ("/core/compare/marks-and-attributes", test_marks_and_attributes);
  g_test_add_func ("/core/compare/lead-caption", test_lead_caption);
  g_test_add_func ("/core/compare/revert", test_revert);
  g_test_add_func ("/core/compare/html", test_html);

  return g_test_run ();
}
