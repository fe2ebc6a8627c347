/* cd-compare-html.c: a compare as the HTML writer sets the story, and
 * as a standalone page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-compare.h"
#include "cd-compare-private.h"

static void
add_span (GHashTable *spans,
          const char *key,
          guint       start,
          guint       end,
          gboolean    inserted)
{
  GArray *array = g_hash_table_lookup (spans, key);
  CdHtmlChangeSpan span = { start, end, inserted };

  if (start >= end)
    return;

  if (array == NULL)
    {
      array = g_array_new (FALSE, FALSE, sizeof (CdHtmlChangeSpan));
      g_hash_table_insert (spans, g_strdup (key), array);
    }
  g_array_append_val (array, span);
}

/* The new text with the deleted words put back before what replaced
 * them, the new marks moved along, and the changed words as spans. */
static char *
merge_text (const char  *old_text,
            const char  *new_text,
            GPtrArray   *new_marks,
            GPtrArray  **merged_marks,
            GHashTable  *spans,
            const char  *key)
{
  g_autoptr(GPtrArray) chunks = cd_diff_words (old_text, new_text);
  g_autoptr(GString) merged = g_string_new (NULL);
  g_autoptr(GArray) deleted_at = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint position = 0;

  for (guint i = 0; i < chunks->len; i++)
    {
      CdDiffChunk *chunk = g_ptr_array_index (chunks, i);
      guint length = g_utf8_strlen (chunk->text, -1);

      if (chunk->op == CD_DIFF_DELETE)
        {
          guint pair[2] = { chunk->new_start, length };

          g_array_append_vals (deleted_at, pair, 1);
          add_span (spans, key, position, position + length, FALSE);
        }
      else if (chunk->op == CD_DIFF_INSERT)
        add_span (spans, key, position, position + length, TRUE);

      g_string_append (merged, chunk->text);
      position += length;
    }

  if (merged_marks != NULL)
    {
      *merged_marks = cd_marks_new ();
      for (guint i = 0; new_marks != NULL && i < new_marks->len; i++)
        {
          CdMark *mark = cd_mark_copy (g_ptr_array_index (new_marks, i));
          guint shift_start = 0;
          guint shift_end = 0;

          /* Deleted words at a mark's start go before it, at its end
           * after it. */
          for (guint k = 0; k < deleted_at->len; k++)
            {
              const guint *pair = &g_array_index (deleted_at, guint, 2 * k);

              if (pair[0] <= mark->start)
                shift_start += pair[1];
              if (pair[0] < mark->end)
                shift_end += pair[1];
            }
          mark->start += shift_start;
          mark->end += shift_end;
          g_ptr_array_add (*merged_marks, mark);
        }
    }

  return g_string_free (g_steal_pointer (&merged), FALSE);
}

static void
mark_whole (CdBlock    *block,
            GHashTable *spans,
            gboolean    inserted)
{
  const char *id = cd_block_get_id (block);

  if (cd_block_get_block_type (block) == CD_BLOCK_LIST)
    {
      GPtrArray *items = cd_block_get_items (block);

      for (guint i = 0; i < items->len; i++)
        {
          CdListItem *item = g_ptr_array_index (items, i);
          g_autofree char *key = g_strdup_printf ("%s:%u", id, i);

          add_span (spans, key, 0, g_utf8_strlen (item->text ? item->text : "", -1), inserted);
        }
      return;
    }

  add_span (spans, id, 0, g_utf8_strlen (cd_block_get_field (block, CD_BLOCK_FIELD_TEXT), -1),
            inserted);
}

static gboolean
block_changed (CdComparison *self,
               const char   *id)
{
  for (guint i = 0; i < cd_comparison_get_changes (self)->len; i++)
    {
      CdChange *change = g_ptr_array_index (cd_comparison_get_changes (self), i);

      if (g_strcmp0 (change->block_id, id) == 0)
        return TRUE;
    }

  return FALSE;
}

static CdArticle *
build_merged (CdComparison  *self,
              CdHtmlChanges *changes)
{
  CdArticle *merged = cd_article_copy (cd_comparison_get_new (self));
  const char *headline = cd_article_get_field (cd_comparison_get_new (self), CD_ARTICLE_FIELD_HEADLINE);
  const char *dek = cd_article_get_field (cd_comparison_get_new (self), CD_ARTICLE_FIELD_SUBHEADLINE);
  const char *old_headline = cd_article_get_field (cd_comparison_get_old (self), CD_ARTICLE_FIELD_HEADLINE);
  const char *old_dek = cd_article_get_field (cd_comparison_get_old (self), CD_ARTICLE_FIELD_SUBHEADLINE);
  g_autofree char *merged_headline = NULL;
  g_autofree char *merged_dek = NULL;
  CdBlock *lead = cd_article_get_lead (cd_comparison_get_new (self));

  changes->spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  changes->blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  merged_headline = merge_text (old_headline ? old_headline : "", headline ? headline : "",
                                NULL, NULL, changes->spans, "headline");
  cd_article_set_field (merged, CD_ARTICLE_FIELD_HEADLINE, merged_headline);
  merged_dek = merge_text (old_dek ? old_dek : "", dek ? dek : "", NULL, NULL, changes->spans,
                           "subheadline");
  cd_article_set_field (merged, CD_ARTICLE_FIELD_SUBHEADLINE, merged_dek);

  if (lead != NULL && block_changed (self, cd_block_get_id (lead)))
    g_hash_table_insert (changes->blocks, g_strdup (cd_block_get_id (lead)), (gpointer) "changed");

  while (cd_article_get_n_blocks (merged) > 0)
    cd_article_remove_block (merged, 0);

  for (guint i = 0; i < _cd_comparison_get_places (self)->len; i++)
    {
      CdComparePlace *place = &g_array_index (_cd_comparison_get_places (self), CdComparePlace, i);
      g_autoptr(CdBlock) block = NULL;
      const char *id;

      if (place->new_block == NULL)
        {
          block = cd_block_copy (place->old_block);
          mark_whole (block, changes->spans, FALSE);
          g_hash_table_insert (changes->blocks, g_strdup (cd_block_get_id (block)), (gpointer) "deleted");
          /* A deleted photo still shows, from the old story's media. */
          if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
            {
              const char *src = cd_block_get_field (block, CD_BLOCK_FIELD_SRC);
              GBytes *bytes = cd_article_get_media (cd_comparison_get_old (self), src);

              if (bytes != NULL && cd_article_get_media (merged, src) == NULL)
                cd_article_set_media (merged, src, bytes);
            }
          cd_article_append_block (merged, block);
          continue;
        }

      block = cd_block_copy (place->new_block);
      id = cd_block_get_id (block);

      if (place->old_block == NULL)
        {
          mark_whole (block, changes->spans, TRUE);
          g_hash_table_insert (changes->blocks, g_strdup (id), (gpointer) "inserted");
          cd_article_append_block (merged, block);
          continue;
        }

      if (_cd_block_has_marked_text (block) && _cd_block_has_text (place->old_block))
        {
          g_autoptr(GPtrArray) marks = NULL;
          g_autofree char *text = merge_text (cd_block_get_text (place->old_block),
                                              cd_block_get_text (block),
                                              cd_block_get_marks (block), &marks,
                                              changes->spans, id);

          cd_block_set_text_and_marks (block, text, marks);
        }
      else if (cd_block_get_block_type (block) == CD_BLOCK_LIST &&
               cd_block_get_block_type (place->old_block) == CD_BLOCK_LIST)
        {
          GPtrArray *old_items = cd_block_get_items (place->old_block);
          g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
          GPtrArray *new_items = cd_block_get_items (block);
          guint n = MAX (old_items->len, new_items->len);

          for (guint k = 0; k < n; k++)
            {
              CdListItem *old_item = k < old_items->len ? g_ptr_array_index (old_items, k) : NULL;
              CdListItem *new_item = k < new_items->len ? g_ptr_array_index (new_items, k) : NULL;
              g_autofree char *key = g_strdup_printf ("%s:%u", id, k);
              CdListItem *item = cd_list_item_new (NULL);

              /* merge_text () gives the item its text and marks. */
              g_free (item->text);
              g_clear_pointer (&item->marks, g_ptr_array_unref);
              item->text = merge_text (old_item && old_item->text ? old_item->text : "",
                                       new_item && new_item->text ? new_item->text : "",
                                       new_item ? new_item->marks : NULL, &item->marks,
                                       changes->spans, key);
              g_ptr_array_add (items, item);
            }
          cd_block_set_items (block, items);
        }

      if (place->moved)
        g_hash_table_insert (changes->blocks, g_strdup (id), (gpointer) "moved");
      else if (block_changed (self, id))
        g_hash_table_insert (changes->blocks, g_strdup (id), (gpointer) "changed");
      cd_article_append_block (merged, block);
    }

  return merged;
}

char *
cd_comparison_write_html (CdComparison        *self,
                          const CdHtmlOptions *options)
{
  g_autoptr(CdArticle) merged = NULL;
  CdHtmlChanges changes = { NULL, NULL };
  CdHtmlOptions with_changes;
  char *html;

  g_return_val_if_fail (CD_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  merged = build_merged (self, &changes);
  with_changes = *options;
  with_changes.changes = &changes;
  html = cd_html_write (merged, &with_changes);

  g_hash_table_unref (changes.spans);
  g_hash_table_unref (changes.blocks);

  return html;
}

/* How a compare marks changes, in the page and in the compare view:
 * colour and a second cue (underline, strike-through, a line style at
 * the block's edge, a hidden word for screen readers) for every change. */
static const char change_style[] =
  "ins{color:#0a6b2b;background:#e3f6e8;text-decoration:underline 2px}"
  "del{color:#a01b1b;background:#fbe5e5;text-decoration:line-through 2px}"
  "ins,del{padding:0 .1em;border-radius:2px}"
  "ins::before,del::before{position:absolute;width:1px;height:1px;overflow:hidden;"
  "clip-path:inset(50%);white-space:nowrap}"
  "ins::before{content:\"[inserted] \"}del::before{content:\"[deleted] \"}"
  ".cd-change{border-inline-start:4px solid #888;padding-inline-start:.6em;margin:.5em 0}"
  ".cd-change[data-change=inserted]{border-color:#0a6b2b;border-style:double}"
  ".cd-change[data-change=deleted]{border-color:#a01b1b;border-style:dashed}"
  ".cd-change[data-change=moved]{border-style:dotted}"
  ".cd-change-current{outline:3px solid #1c71d8;outline-offset:4px}";

static const char page_style[] =
  "body{font-family:serif;max-width:42em;margin:2em auto;padding:0 1em;line-height:1.5}"
  ".cd-changes{font-family:sans-serif;border:1px solid #ccc;padding:1em;margin-bottom:2em}"
  "figure img{max-width:100%;height:auto}";

const char *
cd_comparison_get_style (void)
{
  return change_style;
}

char *
cd_comparison_write_page (CdComparison *self,
                          const char   *old_name,
                          const char   *new_name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *fragment = NULL;
  CdHtmlOptions options;
  const char *lang;

  g_return_val_if_fail (CD_IS_COMPARISON (self), NULL);

  cd_html_options_init (&options);
  options.mode = CD_HTML_FRAGMENT;
  options.inline_media = TRUE;
  fragment = cd_comparison_write_html (self, &options);

  lang = cd_article_get_field (cd_comparison_get_new (self), CD_ARTICLE_FIELD_LANGUAGE);
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  cd_html_append_escaped (out, cd_language_tag_is_valid (lang) ? lang : "en");
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  /* Translators: the title of a page of changes, "Changes: HEADLINE" */
  g_string_append (out, _("Changes: "));
  cd_html_append_escaped (out, cd_article_get_headline (cd_comparison_get_new (self)));
  g_string_append (out, "</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n<style>");
  g_string_append (out, page_style);
  g_string_append (out, change_style);
  g_string_append (out, "</style>\n</head>\n<body>\n<section class=\"cd-changes\" dir=\"auto\">\n<h2>");
  cd_html_append_escaped (out, _("Changes"));
  g_string_append (out, "</h2>\n<p>");
  cd_html_append_escaped (out, old_name != NULL ? old_name : "");
  g_string_append (out, " → ");
  cd_html_append_escaped (out, new_name != NULL ? new_name : "");
  g_string_append (out, "</p>\n");

  if (cd_comparison_get_changes (self)->len == 0)
    {
      g_string_append (out, "<p>");
      cd_html_append_escaped (out, _("No changes."));
      g_string_append (out, "</p>\n");
    }
  else
    {
      g_string_append (out, "<ol>\n");
      for (guint i = 0; i < cd_comparison_get_changes (self)->len; i++)
        {
          g_autofree char *description = cd_change_describe (g_ptr_array_index (cd_comparison_get_changes (self), i));
          g_autofree char *anchor = cd_change_anchor (i);

          g_string_append (out, "<li id=\"");
          cd_html_append_escaped (out, anchor);
          g_string_append (out, "\" dir=\"auto\">");
          cd_html_append_escaped (out, description);
          g_string_append (out, "</li>\n");
        }
      g_string_append (out, "</ol>\n");
    }

  g_string_append (out, "</section>\n");
  g_string_append (out, fragment);
  g_string_append (out, "\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}
