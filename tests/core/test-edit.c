/* test-edit.c: the body's edit operations, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "copydesk-core.h"
#include "cd-test-image.h"

/* The body in a short readable form: one line per block, marks in
 * brackets, "[figure]" for a photo. */
static char *
dump (CdArticle *article)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);
      g_autoptr(GPtrArray) marks = NULL;
      g_autofree char *text = cd_edit_get_text (block, &marks);

      g_string_append_printf (out, "%s:", cd_block_type_to_string (cd_block_get_block_type (block)));
      if (cd_block_type_is_text (cd_block_get_block_type (block)))
        {
          g_string_append (out, text);
          for (guint j = 0; j < marks->len; j++)
            {
              CdMark *mark = g_ptr_array_index (marks, j);

              g_string_append_printf (out, " [%s %u-%u%s%s]", cd_mark_type_to_string (mark->type),
                                      mark->start, mark->end, mark->href ? " " : "",
                                      mark->href ? mark->href : "");
            }
        }
      else
        g_string_append (out, cd_block_get_field (block, CD_BLOCK_FIELD_SRC));
      g_string_append_c (out, '|');
    }

  return g_string_free (out, FALSE);
}

static CdBlock *
text_block (CdBlockType  type,
            const char  *text)
{
  CdBlock *block = cd_block_new (type);

  cd_edit_set_text (block, text, NULL);

  return block;
}

static void
add_mark (CdBlock    *block,
          CdMarkType  type,
          guint       start,
          guint       end,
          const char *href)
{
  g_autoptr(GPtrArray) marks = NULL;
  g_autofree char *text = cd_edit_get_text (block, &marks);

  g_ptr_array_add (marks, cd_mark_new (type, start, end, href));
  cd_edit_set_text (block, text, marks);
}

/* "Alpha beta." with "Alpha" bold, a photo, an embed, "Gamma delta."
 * with "delta" linked, and a two-item list. */
static CdArticle *
story (void)
{
  CdArticle *article = cd_article_new ();
  g_autoptr(CdBlock) first = text_block (CD_BLOCK_PARAGRAPH, "Alpha beta.");
  g_autoptr(CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr(CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  g_autoptr(CdBlock) second = text_block (CD_BLOCK_PARAGRAPH, "Gamma delta.");
  g_autoptr(CdBlock) list = text_block (CD_BLOCK_LIST, "one\ntwo");

  add_mark (first, CD_MARK_STRONG, 0, 5, NULL);
  cd_block_set_field (figure, CD_BLOCK_FIELD_SRC, "media/a.png");
  cd_block_set_field (embed, CD_BLOCK_FIELD_URL, "https://x.com/a/status/1");
  add_mark (second, CD_MARK_LINK, 6, 11, "https://example.org/");
  cd_article_append_block (article, first);
  cd_article_append_block (article, figure);
  cd_article_append_block (article, embed);
  cd_article_append_block (article, second);
  cd_article_append_block (article, list);

  return article;
}

#define STORY "paragraph:Alpha beta. [strong 0-5]|figure:media/a.png|embed:|" \
              "paragraph:Gamma delta. [link 6-11 https://example.org/]|list:one\ntwo|"

static void
assert_body (CdArticle  *article,
             const char *expected)
{
  g_autofree char *got = dump (article);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_marks_algebra (void)
{
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GPtrArray) slice = NULL;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 4, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 4, 8, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 6, 6, NULL));
  cd_marks_normalize (marks);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpuint (((CdMark *) marks->pdata[0])->end, ==, 8);

  slice = cd_marks_slice (marks, 2, 5);
  g_assert_cmpuint (slice->len, ==, 1);
  g_assert_cmpuint (((CdMark *) slice->pdata[0])->start, ==, 0);
  g_assert_cmpuint (((CdMark *) slice->pdata[0])->end, ==, 3);

  /* Clearing the middle leaves two marks; a gap cuts a mark in two. */
  cd_marks_set_range (marks, CD_MARK_STRONG, NULL, 2, 4, FALSE);
  g_assert_cmpuint (marks->len, ==, 2);
  cd_marks_insert_gap (marks, 1, 3);
  g_assert_cmpuint (marks->len, ==, 3);
  g_assert_cmpuint (((CdMark *) marks->pdata[1])->start, ==, 4);
  g_assert_cmpuint (((CdMark *) marks->pdata[1])->end, ==, 5);

  /* A link replaces the link it overlaps. */
  cd_marks_set_range (marks, CD_MARK_LINK, "https://a.example/", 0, 10, TRUE);
  cd_marks_set_range (marks, CD_MARK_LINK, "https://b.example/", 5, 10, TRUE);
  g_assert_cmpuint (marks->len, ==, 5);

  {
    g_autofree char *sub = cd_utf8_substring ("Zürich", 1, 3);

    g_assert_cmpstr (sub, ==, "ür");
  }
}

static void
test_split (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  CdEditPos pos;

  /* Right after the bold word: the bold stays whole in the first half. */
  pos = cd_edit_split (article, history, (CdEditPos) { 0, 5 });
  g_assert_cmpuint (pos.block, ==, 1);
  g_assert_cmpuint (pos.offset, ==, 0);
  assert_body (article, "paragraph:Alpha [strong 0-5]|paragraph: beta.|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta. [link 6-11 https://example.org/]|list:one\ntwo|");
  /* Inside the link: both halves keep their part of it. */
  cd_edit_split (article, history, (CdEditPos) { 4, 8 });
  assert_body (article, "paragraph:Alpha [strong 0-5]|paragraph: beta.|figure:media/a.png|embed:|"
                        "paragraph:Gamma de [link 6-8 https://example.org/]|"
                        "paragraph:lta. [link 0-3 https://example.org/]|list:one\ntwo|");

  g_assert_true (cd_history_undo (history));
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
  g_assert_true (cd_history_redo (history));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 6);

  /* At the start of a block, an empty paragraph opens above it. */
  cd_history_undo (history);
  pos = cd_edit_split (article, history, (CdEditPos) { 0, 0 });
  g_assert_cmpuint (pos.block, ==, 1);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 1)), ==, "Alpha beta.");
  g_assert_true (cd_block_is_blank_paragraph (cd_article_get_block (article, 0)));

  /* Beside a photo, a paragraph on that side. */
  pos = cd_edit_split (article, history, (CdEditPos) { 2, 1 });
  g_assert_cmpuint (pos.block, ==, 3);
  g_assert_true (cd_block_is_blank_paragraph (cd_article_get_block (article, 3)));
}

static void
test_split_list (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  CdEditPos pos;

  /* Enter at the end of an item starts an item. */
  pos = cd_edit_split (article, history, (CdEditPos) { 4, 3 });
  g_assert_cmpuint (pos.block, ==, 4);
  g_assert_cmpuint (pos.offset, ==, 4);
  assert_body (article, "paragraph:Alpha beta. [strong 0-5]|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta. [link 6-11 https://example.org/]|list:one\n\ntwo|");
  /* Enter on the empty item leaves the list: a paragraph between two lists. */
  pos = cd_edit_split (article, history, pos);
  g_assert_cmpuint (pos.block, ==, 5);
  assert_body (article, "paragraph:Alpha beta. [strong 0-5]|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta. [link 6-11 https://example.org/]|list:one|paragraph:|list:two|");
  g_assert_true (cd_history_undo (history));
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
}

static void
test_merge (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  CdEditPos caret;

  /* A photo never merges. */
  g_assert_false (cd_edit_merge (article, history, 0, NULL));
  g_assert_true (cd_edit_merge (article, history, 3, &caret));
  g_assert_cmpuint (caret.offset, ==, 12);
  assert_body (article, "paragraph:Alpha beta. [strong 0-5]|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta.one [link 6-11 https://example.org/]|list:two|");
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
  g_assert_true (cd_history_redo (history));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 5);
}

static void
test_delete_across (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  CdEditPos caret;

  /* From inside the bold word to inside the link: the photo and the
   * embed go, the ends join keeping their marks. */
  caret = cd_edit_delete (article, history, (CdEditPos) { 0, 3 }, (CdEditPos) { 3, 8 });
  g_assert_cmpuint (caret.block, ==, 0);
  g_assert_cmpuint (caret.offset, ==, 3);
  assert_body (article, "paragraph:Alplta. [strong 0-3] [link 3-6 https://example.org/]|list:one\ntwo|");
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
  g_assert_true (cd_history_redo (history));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 2);
  g_assert_true (cd_history_undo (history));

  /* Backwards ranges are the same range; the photo alone goes. */
  cd_edit_delete (article, history, (CdEditPos) { 1, 1 }, (CdEditPos) { 1, 0 });
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 4);
  g_assert_cmpint (cd_block_get_block_type (cd_article_get_block (article, 1)), ==, CD_BLOCK_EMBED);
  cd_history_undo (history);

  /* Backspace at the start of the paragraph after the embed changes nothing. */
  caret = cd_edit_delete (article, history, (CdEditPos) { 2, 1 }, (CdEditPos) { 3, 0 });
  assert_body (article, STORY);
  g_assert_cmpuint (caret.block, ==, 2);

  /* Everything: one empty paragraph is left. */
  cd_edit_delete (article, history, (CdEditPos) { 0, 0 }, (CdEditPos) { 4, 7 });
  assert_body (article, "paragraph:|");
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
}

static void
test_cut_paste_round_trip (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autoptr(GPtrArray) fragment = NULL;
  CdEditPos caret;

  /* From after "Alpha " to after "Gamma ": bold edge, photo, embed, link. */
  fragment = cd_edit_copy (article, (CdEditPos) { 0, 6 }, (CdEditPos) { 3, 6 });
  g_assert_cmpuint (fragment->len, ==, 4);
  caret = cd_edit_delete (article, history, (CdEditPos) { 0, 6 }, (CdEditPos) { 3, 6 });
  assert_body (article, "paragraph:Alpha delta. [strong 0-5] [link 6-11 https://example.org/]|list:one\ntwo|");
  caret = cd_edit_insert (article, history, caret, fragment);
  assert_body (article, STORY);
  g_assert_cmpuint (caret.block, ==, 3);
  g_assert_cmpuint (caret.offset, ==, 6);
  /* The pasted blocks kept their ids: the story has no other with them. */
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 1)), ==,
                   cd_block_get_id (g_ptr_array_index (fragment, 1)));

  /* Pasting again copies them with fresh ids, after the list. */
  caret = cd_edit_insert (article, history, (CdEditPos) { 4, 7 }, fragment);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 8);
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 5)), !=,
                   cd_block_get_id (g_ptr_array_index (fragment, 1)));
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
  g_assert_true (cd_history_undo (history));
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
}

static void
test_paste_inline (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autoptr(GPtrArray) fragment = NULL;
  CdEditPos caret;

  /* One paragraph goes into the text, splitting the bold around it. */
  fragment = cd_edit_copy (article, (CdEditPos) { 3, 6 }, (CdEditPos) { 3, 11 });
  caret = cd_edit_insert (article, history, (CdEditPos) { 0, 2 }, fragment);
  g_assert_cmpuint (caret.offset, ==, 7);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==, "Aldeltapha beta.");
  {
    g_autofree char *got = dump (article);

    g_assert_true (g_str_has_prefix (got, "paragraph:Aldeltapha beta. [strong 0-2] "
                                          "[link 2-7 https://example.org/] [strong 7-10]|"));
  }
  cd_history_undo (history);
  assert_body (article, STORY);

  /* Text with a line break splits the block. */
  caret = cd_edit_insert_text (article, history, (CdEditPos) { 3, 5 }, "X\nY");
  g_assert_cmpuint (caret.block, ==, 4);
  g_assert_cmpuint (caret.offset, ==, 1);
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 3)), ==, "GammaX");
  g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 4)), ==, "Y delta.");
  cd_history_undo (history);
  assert_body (article, STORY);
}

static void
test_set_mark (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);

  g_assert_false (cd_edit_range_has_mark (article, (CdEditPos) { 0, 0 }, (CdEditPos) { 3, 5 },
                                          CD_MARK_EM));
  cd_edit_set_mark (article, history, (CdEditPos) { 0, 3 }, (CdEditPos) { 3, 5 }, CD_MARK_EM, NULL, TRUE);
  assert_body (article, "paragraph:Alpha beta. [strong 0-5] [em 3-11]|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta. [em 0-5] [link 6-11 https://example.org/]|list:one\ntwo|");
  g_assert_true (cd_edit_range_has_mark (article, (CdEditPos) { 0, 3 }, (CdEditPos) { 3, 5 },
                                         CD_MARK_EM));
  cd_edit_set_mark (article, history, (CdEditPos) { 3, 8 }, (CdEditPos) { 4, 5 }, CD_MARK_STRONG, NULL, TRUE);
  assert_body (article, "paragraph:Alpha beta. [strong 0-5] [em 3-11]|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta. [em 0-5] [link 6-11 https://example.org/] [strong 8-12]|"
                        "list:one\ntwo [strong 0-3] [strong 4-5]|");
  g_assert_true (cd_history_undo (history));
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);
}

static void
test_fragment_round_trip (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdArticle) other = cd_article_new ();
  g_autoptr(GBytes) png = cd_test_png_bytes (7, 64);
  g_autoptr(GPtrArray) fragment = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("{\"format\": \"x\"}", 15);
  g_autoptr(GError) error = NULL;
  CdBlock *figure;

  cd_article_set_media (article, "media/a.png", png);
  fragment = cd_edit_copy (article, (CdEditPos) { 0, 6 }, (CdEditPos) { 3, 6 });
  bytes = cd_edit_fragment_write (article, fragment);
  read = cd_edit_fragment_read (bytes, other, "clipboard", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 4);
  for (guint i = 0; i < read->len; i++)
    g_assert_true (cd_block_equal (g_ptr_array_index (read, i), g_ptr_array_index (fragment, i)));
  /* The photo's image came along into the other story. */
  figure = g_ptr_array_index (read, 1);
  g_assert_true (g_bytes_equal (cd_article_get_media (other, cd_block_get_field (figure, CD_BLOCK_FIELD_SRC)),
                                png));

  g_assert_null (cd_edit_fragment_read (garbage, other, "clipboard", &error));
  g_assert_error (error, CD_ERROR, CD_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "clipboard: "));
}

/* Drag and drop of a selection: a move keeps marks and ids, leaves one
 * space where a word was and puts one where it lands against another;
 * each drop is one undo step. */
static void
test_move (void)
{
  g_autoptr(CdArticle) article = story ();
  g_autoptr(CdHistory) history = cd_history_new (article);
  g_autofree char *figure_id = g_strdup (cd_block_get_id (cd_article_get_block (article, 1)));
  CdEditPos caret = { 0, 0 };

  /* The bold "Alpha" to the end of "Gamma delta.". */
  g_assert_true (cd_edit_move (article, history, (CdEditPos) { 0, 0 }, (CdEditPos) { 0, 5 },
                               (CdEditPos) { 3, 12 }, FALSE, &caret));
  assert_body (article, "paragraph:beta.|figure:media/a.png|embed:|"
                        "paragraph:Gamma delta. Alpha [link 6-11 https://example.org/] [strong 13-18]|"
                        "list:one\ntwo|");
  g_assert_cmpuint (caret.block, ==, 3);
  g_assert_cmpuint (caret.offset, ==, 18);
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);

  /* The linked "delta" back over the photo, between "Alpha" and " beta". */
  g_assert_true (cd_edit_move (article, history, (CdEditPos) { 3, 6 }, (CdEditPos) { 3, 11 },
                               (CdEditPos) { 0, 5 }, FALSE, &caret));
  assert_body (article, "paragraph:Alpha delta beta. [strong 0-5] [link 6-11 https://example.org/]|"
                        "figure:media/a.png|embed:|paragraph:Gamma.|list:one\ntwo|");
  g_assert_cmpuint (caret.block, ==, 0);
  g_assert_cmpuint (caret.offset, ==, 11);
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);

  /* Ctrl copies: the source stays. */
  g_assert_true (cd_edit_move (article, history, (CdEditPos) { 0, 6 }, (CdEditPos) { 0, 10 },
                               (CdEditPos) { 3, 0 }, TRUE, &caret));
  assert_body (article, "paragraph:Alpha beta. [strong 0-5]|figure:media/a.png|embed:|"
                        "paragraph:beta Gamma delta. [link 11-16 https://example.org/]|list:one\ntwo|");
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);

  /* A photo moves whole, with its id, after the embed. */
  g_assert_true (cd_edit_move (article, history, (CdEditPos) { 1, 0 }, (CdEditPos) { 1, 1 },
                               (CdEditPos) { 2, 1 }, FALSE, &caret));
  assert_body (article, "paragraph:Alpha beta. [strong 0-5]|embed:|figure:media/a.png|"
                        "paragraph:Gamma delta. [link 6-11 https://example.org/]|list:one\ntwo|");
  g_assert_cmpstr (cd_block_get_id (cd_article_get_block (article, 2)), ==, figure_id);
  g_assert_true (cd_history_undo (history));
  assert_body (article, STORY);

  /* A drop into the text being moved, or onto its edge, does nothing. */
  g_assert_false (cd_edit_move (article, history, (CdEditPos) { 0, 0 }, (CdEditPos) { 0, 10 },
                                (CdEditPos) { 0, 4 }, FALSE, NULL));
  g_assert_false (cd_edit_move (article, history, (CdEditPos) { 0, 0 }, (CdEditPos) { 0, 10 },
                                (CdEditPos) { 0, 10 }, FALSE, NULL));
  g_assert_false (cd_edit_move (article, history, (CdEditPos) { 0, 3 }, (CdEditPos) { 0, 3 },
                                (CdEditPos) { 3, 0 }, FALSE, NULL));
  assert_body (article, STORY);
  g_assert_false (cd_history_undo (history));

  /* Words dropped against a word or after a full stop get their space. */
  {
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (words, text_block (CD_BLOCK_PARAGRAPH, "word"));
    caret = cd_edit_insert_spaced (article, history, (CdEditPos) { 0, 11 }, words);
    caret = cd_edit_insert_spaced (article, history, (CdEditPos) { 0, 2 }, words);
    g_assert_cmpstr (cd_block_get_text (cd_article_get_block (article, 0)), ==, "Al word pha beta. word");
    g_assert_cmpuint (caret.offset, ==, 7);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/edit/marks-algebra", test_marks_algebra);
  g_test_add_func ("/core/edit/split", test_split);
  g_test_add_func ("/core/edit/split-list", test_split_list);
  g_test_add_func ("/core/edit/merge", test_merge);
  g_test_add_func ("/core/edit/delete-across", test_delete_across);
  g_test_add_func ("/core/edit/cut-paste-round-trip", test_cut_paste_round_trip);
  g_test_add_func ("/core/edit/paste-inline", test_paste_inline);
  g_test_add_func ("/core/edit/set-mark", test_set_mark);
  g_test_add_func ("/core/edit/fragment-round-trip", test_fragment_round_trip);
  g_test_add_func ("/core/edit/move", test_move);

  return g_test_run ();
}
