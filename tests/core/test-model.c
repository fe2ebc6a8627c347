/* test-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "copydesk-core.h"

typedef struct
{
  GPtrArray *fields;
  guint      block_changes;
  CdBlock   *last_block;
  guint      items_position;
  guint      items_removed;
  guint      items_added;
  guint      items_changes;
} Recorder;

static void
field_changed_cb (CdArticle  *article,
                  const char *name,
                  Recorder   *rec)
{
  g_ptr_array_add (rec->fields, g_strdup (name));
}

static void
block_changed_cb (CdArticle *article,
                  CdBlock   *block,
                  Recorder  *rec)
{
  rec->block_changes++;
  rec->last_block = block;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  rec->items_changes++;
  rec->items_position = position;
  rec->items_removed = removed;
  rec->items_added = added;
}

static void
recorder_attach (Recorder  *rec,
                 CdArticle *article)
{
  rec->fields = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (article, "field-changed", G_CALLBACK (field_changed_cb), rec);
  g_signal_connect (article, "block-changed", G_CALLBACK (block_changed_cb), rec);
  g_signal_connect (cd_article_get_blocks (article), "items-changed", G_CALLBACK (items_changed_cb), rec);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->fields, g_ptr_array_unref);
}

static void
test_new_article (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();

  g_assert_true (g_uuid_string_is_valid (cd_article_get_field (article, CD_ARTICLE_FIELD_ID)));
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_STATUS), ==, "draft");
  g_assert_cmpstr (cd_article_get_field (article, CD_ARTICLE_FIELD_LANGUAGE), ==, "en");
  g_assert_cmpstr (cd_article_get_headline (article), ==, "");
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_PUBLISHED));
  g_assert_null (cd_article_get_field (article, CD_ARTICLE_FIELD_EMBARGO));
  g_assert_null (cd_article_get_dateline (article));
  g_assert_null (cd_article_get_lead (article));
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 0);
  g_assert_nonnull (cd_article_get_keywords (article));
  g_assert_null (cd_article_get_keywords (article)[0]);
}

static void
test_field_signals (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (CdDateline) dateline = cd_dateline_new ("WASHINGTON", "", "2019-06-04");
  g_autoptr (GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  const char *keywords[] = { "Huawei", "5G", NULL };
  Recorder rec = { 0 };
  guint headline_only = 0;

  recorder_attach (&rec, article);
  g_signal_connect_swapped (article, "field-changed::headline",
                            G_CALLBACK (g_atomic_int_inc), &headline_only);

  cd_article_set_headline (article, "UK weighs Huawei advice");
  cd_article_set_headline (article, "UK weighs Huawei advice");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "uk-huawei");
  cd_article_set_dateline (article, dateline);
  cd_article_set_dateline (article, dateline);
  g_ptr_array_add (bylines, cd_byline_new ("Jane Roe", "Staff reporter"));
  cd_article_set_bylines (article, bylines);
  cd_article_set_bylines (article, bylines);
  cd_article_set_keywords (article, keywords);
  cd_article_set_keywords (article, keywords);

  /* One signal per real change, none for a value set again. */
  g_assert_cmpuint (rec.fields->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (rec.fields, 0), ==, "headline");
  g_assert_cmpstr (g_ptr_array_index (rec.fields, 1), ==, "slug");
  g_assert_cmpstr (g_ptr_array_index (rec.fields, 2), ==, "dateline");
  g_assert_cmpstr (g_ptr_array_index (rec.fields, 3), ==, "bylines");
  g_assert_cmpstr (g_ptr_array_index (rec.fields, 4), ==, "keywords");
  g_assert_cmpuint (headline_only, ==, 1);
  g_assert_cmpuint (rec.items_changes, ==, 0);
  g_assert_cmpuint (rec.block_changes, ==, 0);

  g_assert_cmpstr (cd_article_get_dateline (article)->place, ==, "WASHINGTON");
  g_assert_cmpstr (((CdByline *) g_ptr_array_index (cd_article_get_bylines (article), 0))->title, ==, "Staff reporter");
  g_assert_cmpstr (cd_article_get_keywords (article)[1], ==, "5G");

  recorder_clear (&rec);
}

static void
test_block_signals (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (CdBlock) first = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (CdBlock) second = cd_block_new (CD_BLOCK_HEADING);
  g_autoptr (CdBlock) lead = cd_block_new (CD_BLOCK_FIGURE);
  Recorder rec = { 0 };
  guint position = 0;

  recorder_attach (&rec, article);

  cd_article_append_block (article, first);
  g_assert_cmpuint (rec.items_position, ==, 0);
  g_assert_cmpuint (rec.items_added, ==, 1);
  cd_article_insert_block (article, 0, second);
  g_assert_cmpuint (rec.items_changes, ==, 2);
  g_assert_true (cd_article_get_block (article, 0) == second);

  cd_block_set_text (first, "Hello");
  g_assert_cmpuint (rec.block_changes, ==, 1);
  g_assert_true (rec.last_block == first);
  cd_block_set_text (first, "Hello");
  g_assert_cmpuint (rec.block_changes, ==, 1);

  cd_article_move_block (article, 0, 1);
  g_assert_true (cd_article_get_block (article, 0) == first);
  g_assert_true (cd_article_get_block (article, 1) == second);
  g_assert_true (cd_article_find_block (article, cd_block_get_id (second), &position) == second);
  g_assert_cmpuint (position, ==, 1);

  cd_article_set_lead (article, lead);
  g_assert_true (cd_article_find_block (article, cd_block_get_id (lead), &position) == lead);
  g_assert_cmpuint (position, ==, G_MAXUINT);
  g_ptr_array_set_size (rec.fields, 0);
  cd_block_set_field (lead, CD_BLOCK_FIELD_CAPTION, "A ferry");
  g_assert_cmpuint (rec.fields->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rec.fields, 0), ==, "lead");
  g_assert_cmpuint (rec.block_changes, ==, 1);

  cd_article_remove_block (article, 0);
  g_assert_cmpuint (rec.items_removed, ==, 1);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, 1);
  /* A removed block no longer reports into the story. */
  cd_block_set_text (first, "Gone");
  g_assert_cmpuint (rec.block_changes, ==, 1);

  recorder_clear (&rec);
}

/* A block in two stories tells both of a change, and only those still
 * holding it; the blocks a story was given before a view asked for its
 * list are in that list. */
static void
test_shared_block_changes (void)
{
  g_autoptr (CdArticle) first = cd_article_new ();
  CdArticle *second = cd_article_new ();
  g_autoptr (CdBlock) shared = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (CdBlock) own = cd_block_new (CD_BLOCK_HEADING);
  CdBlock *blocks[] = { own, shared };
  Recorder first_rec = { 0 };
  guint second_changes = 0;
  guint lead_changes = 0;
  GListModel *list;

  cd_article_append_blocks (first, blocks, G_N_ELEMENTS (blocks));
  cd_article_append_block (second, shared);
  g_signal_connect_swapped (second, "block-changed", G_CALLBACK (g_atomic_int_inc), &second_changes);

  list = cd_article_get_blocks (first);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_true (g_list_model_get_item (list, 0) == (gpointer) own);
  g_object_unref (own);
  g_assert_true (g_list_model_get_item (list, 1) == (gpointer) shared);
  g_object_unref (shared);

  recorder_attach (&first_rec, first);
  cd_block_set_text (shared, "Both stories see this.");
  g_assert_cmpuint (first_rec.block_changes, ==, 1);
  g_assert_true (first_rec.last_block == shared);
  g_assert_cmpuint (second_changes, ==, 1);

  /* Out of the first story: only the second hears of it. */
  cd_article_remove_block (first, 1);
  g_assert_cmpuint (first_rec.items_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  cd_block_set_text (shared, "Only the second.");
  g_assert_cmpuint (first_rec.block_changes, ==, 1);
  g_assert_cmpuint (second_changes, ==, 2);

  /* Back in the first, then the second story is gone. */
  cd_article_insert_block (first, 0, shared);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_clear_object (&second);
  cd_block_set_text (shared, "Only the first.");
  g_assert_cmpuint (first_rec.block_changes, ==, 2);
  g_assert_cmpuint (second_changes, ==, 2);

  /* The lead's changes are the lead field's. */
  {
    g_autoptr (CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);

    cd_article_set_lead (first, figure);
    g_signal_connect_swapped (first, "field-changed::lead", G_CALLBACK (g_atomic_int_inc), &lead_changes);
    cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "Harbour at dawn.");
    g_assert_cmpuint (lead_changes, ==, 1);
    g_assert_cmpuint (first_rec.block_changes, ==, 2);
    cd_article_set_lead (first, NULL);
    g_assert_cmpuint (lead_changes, ==, 2);
    cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "Harbour at noon.");
    g_assert_cmpuint (lead_changes, ==, 2);
    g_assert_cmpuint (first_rec.block_changes, ==, 2);
  }

  recorder_clear (&first_rec);
}

static void
test_block_copy_equal (void)
{
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_LIST);
  g_autoptr (CdBlock) copy = NULL;
  g_autoptr (CdBlock) other = cd_block_new (CD_BLOCK_LIST);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  CdListItem *item = cd_list_item_new ("One");

  g_ptr_array_add (item->marks, cd_mark_new (CD_MARK_EM, 0, 3, NULL));
  g_ptr_array_add (items, item);
  g_ptr_array_add (items, cd_list_item_new ("Two"));
  cd_block_set_items (block, items);
  cd_block_set_ordered (block, TRUE);

  copy = cd_block_copy (block);
  g_assert_true (cd_block_equal (block, copy));
  g_assert_cmpstr (cd_block_get_id (copy), ==, cd_block_get_id (block));

  ((CdListItem *) g_ptr_array_index (cd_block_get_items (copy), 0))->text[0] = 'o';
  g_assert_false (cd_block_equal (block, copy));

  /* assign() is how undo puts an old state back. */
  cd_block_assign (copy, block);
  g_assert_true (cd_block_equal (block, copy));

  g_assert_cmpstr (cd_block_get_id (block), !=, cd_block_get_id (other));
  g_assert_false (cd_block_equal (block, other));
}

static void
test_block_fields (void)
{
  g_autoptr (CdBlock) embed = cd_block_new (CD_BLOCK_EMBED);
  CdBlockType type;

  g_assert_true (cd_block_type_has_field (CD_BLOCK_EMBED, CD_BLOCK_FIELD_LANG));
  g_assert_true (cd_block_type_has_field (CD_BLOCK_QUOTE, CD_BLOCK_FIELD_ATTRIBUTION));
  g_assert_false (cd_block_type_has_field (CD_BLOCK_PARAGRAPH, CD_BLOCK_FIELD_CAPTION));
  g_assert_false (cd_block_type_has_field (CD_BLOCK_DIVIDER, CD_BLOCK_FIELD_TEXT));
  g_assert_true (cd_block_type_has_marks (CD_BLOCK_QUOTE));
  g_assert_false (cd_block_type_has_marks (CD_BLOCK_PULLQUOTE));

  for (guint i = 0; i < CD_N_BLOCK_TYPES; i++)
    {
      g_assert_true (cd_block_type_from_string (cd_block_type_to_string (i), &type));
      g_assert_cmpuint (type, ==, i);
    }
  g_assert_false (cd_block_type_from_string ("marquee", &type));

  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "");
  cd_block_set_field (embed, CD_BLOCK_FIELD_AUTHOR, "Porthaven Ferries");
  g_assert_cmpstr (cd_block_get_field (embed, CD_BLOCK_FIELD_AUTHOR), ==, "Porthaven Ferries");
}

static void
test_marks (void)
{
  g_autoptr (GPtrArray) marks = cd_marks_new ();
  g_autoptr (GPtrArray) copy = NULL;
  CdMarkType type;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 5, 9, "https://example.org/"));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 4, "ignored"));
  cd_marks_sort (marks);
  g_assert_cmpuint (((CdMark *) g_ptr_array_index (marks, 0))->type, ==, CD_MARK_STRONG);
  g_assert_null (((CdMark *) g_ptr_array_index (marks, 0))->href);

  copy = cd_marks_copy (marks);
  g_assert_true (cd_marks_equal (marks, copy));
  ((CdMark *) g_ptr_array_index (copy, 1))->end = 10;
  g_assert_false (cd_marks_equal (marks, copy));

  g_assert_true (cd_mark_type_from_string ("em", &type));
  g_assert_cmpuint (type, ==, CD_MARK_EM);
  g_assert_false (cd_mark_type_from_string ("underline", &type));
}

static void
test_href_schemes (void)
{
  g_assert_true (cd_href_is_allowed ("https://example.org/"));
  g_assert_true (cd_href_is_allowed ("HTTP://example.org/"));
  g_assert_true (cd_href_is_allowed ("mailto:desk@example.org"));
  g_assert_false (cd_href_is_allowed ("javascript:alert(1)"));
  g_assert_false (cd_href_is_allowed ("JaVaScRiPt:alert(1)"));
  g_assert_false (cd_href_is_allowed (" javascript:alert(1)"));
  g_assert_false (cd_href_is_allowed ("data:text/html,<script>"));
  g_assert_false (cd_href_is_allowed ("vbscript:msgbox"));
  g_assert_false (cd_href_is_allowed ("/relative/path"));
  g_assert_false (cd_href_is_allowed (""));
  g_assert_false (cd_href_is_allowed (NULL));
}

static void
assert_completed (const char *typed,
                  const char *expected)
{
  g_autofree char *href = cd_href_complete (typed);

  g_assert_cmpstr (href, ==, expected);
}

static void
test_href_complete (void)
{
  assert_completed ("www.example.org/page", "https://www.example.org/page");
  assert_completed ("  example.org ", "https://example.org");
  assert_completed ("example.org:8080/a?b=1", "https://example.org:8080/a?b=1");
  assert_completed ("https://example.org/", "https://example.org/");
  assert_completed ("http://example.org/", "http://example.org/");
  assert_completed ("mailto:desk@example.org", "mailto:desk@example.org");
  /* Not a host: left for the check to refuse with its message. */
  assert_completed ("javascript:alert(1)", "javascript:alert(1)");
  assert_completed ("desk@example.org", "desk@example.org");
  assert_completed ("/relative/path", "/relative/path");
  assert_completed ("see the page", "see the page");
  assert_completed ("page.", "page.");
  assert_completed ("", "");
}

static void
test_block_convert (void)
{
  g_autoptr(CdBlock) paragraph = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr(CdBlock) divider = cd_block_new (CD_BLOCK_DIVIDER);
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr(CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  CdListItem *item;

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 0, 3, NULL));
  cd_block_set_text_and_marks (paragraph, "One two", marks);

  blocks = cd_block_convert (paragraph, CD_BLOCK_LIST);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (cd_block_get_block_type (blocks->pdata[0]), ==, CD_BLOCK_LIST);
  g_assert_cmpstr (cd_block_get_id (blocks->pdata[0]), ==, cd_block_get_id (paragraph));
  item = g_ptr_array_index (cd_block_get_items (blocks->pdata[0]), 0);
  g_assert_cmpstr (item->text, ==, "One two");
  g_assert_true (cd_marks_equal (item->marks, marks));
  back = cd_block_convert (blocks->pdata[0], CD_BLOCK_PARAGRAPH);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_true (cd_block_equal (back->pdata[0], paragraph));
  g_clear_pointer (&blocks, g_ptr_array_unref);
  g_clear_pointer (&back, g_ptr_array_unref);

  /* Each item of a list becomes a block; the first keeps the id. */
  g_ptr_array_add (items, cd_list_item_new ("First"));
  g_ptr_array_add (items, cd_list_item_new ("Second"));
  cd_block_set_items (list, items);
  blocks = cd_block_convert (list, CD_BLOCK_HEADING);
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpstr (cd_block_get_id (blocks->pdata[0]), ==, cd_block_get_id (list));
  g_assert_cmpstr (cd_block_get_id (blocks->pdata[1]), !=, cd_block_get_id (list));
  g_assert_cmpstr (cd_block_get_text (blocks->pdata[1]), ==, "Second");
  g_assert_cmpint (cd_block_get_block_type (blocks->pdata[1]), ==, CD_BLOCK_HEADING);
  g_clear_pointer (&blocks, g_ptr_array_unref);

  /* A pull quote carries no marks. */
  blocks = cd_block_convert (paragraph, CD_BLOCK_PULLQUOTE);
  g_assert_cmpuint (cd_block_get_marks (blocks->pdata[0])->len, ==, 0);
  g_assert_cmpstr (cd_block_get_text (blocks->pdata[0]), ==, "One two");

  g_assert_null (cd_block_convert (divider, CD_BLOCK_PARAGRAPH));
  g_assert_null (cd_block_convert (paragraph, CD_BLOCK_FIGURE));
}

static void
test_media (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  g_autoptr (GBytes) bytes = g_bytes_new_static ("PNG", 3);
  g_auto (GStrv) paths = NULL;

  cd_article_set_media (article, "media/b.png", bytes);
  cd_article_set_media (article, "media/a.png", bytes);
  paths = cd_article_list_media (article);
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, "media/a.png");
  g_assert_true (cd_article_get_media (article, "media/b.png") == bytes);
  cd_article_set_media (article, "media/b.png", NULL);
  g_assert_null (cd_article_get_media (article, "media/b.png"));
}

/* Two threads reading one story by position, as copydesk-convert's
 * spelling check and its pre-flight do: each is handed the block at the
 * position it asked for, and the model's list follows the moves and
 * removals made before. */
#define READ_BLOCKS 2000
#define READ_PASSES 200

typedef struct
{
  CdArticle *article;
  CdBlock  **expected;
  guint      wrong;
} ReadJob;

static gpointer
read_blocks_thread (gpointer data)
{
  ReadJob *job = data;

  for (guint pass = 0; pass < READ_PASSES; pass++)
    {
      for (guint i = 0; i < READ_BLOCKS; i++)
        {
          if (cd_article_get_block (job->article, i) != job->expected[i])
            job->wrong++;
        }
    }

  return NULL;
}

static void
test_blocks_read_by_threads (void)
{
  g_autoptr(CdArticle) article = cd_article_new ();
  g_autofree CdBlock **expected = g_new0 (CdBlock *, READ_BLOCKS);
  GListModel *blocks = cd_article_get_blocks (article);
  ReadJob jobs[2];
  GThread *threads[2];

  for (guint i = 0; i < READ_BLOCKS + 2; i++)
    {
      g_autoptr(CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);

      cd_article_append_block (article, block);
    }
  /* Moved and removed, so the reading is of a list that changed. */
  cd_article_move_block (article, 0, 10);
  cd_article_move_block (article, 20, 5);
  cd_article_remove_block (article, 7);
  cd_article_remove_block (article, READ_BLOCKS);
  g_assert_cmpuint (cd_article_get_n_blocks (article), ==, READ_BLOCKS);
  g_assert_cmpuint (g_list_model_get_n_items (blocks), ==, READ_BLOCKS);
  for (guint i = 0; i < READ_BLOCKS; i++)
    {
      g_autoptr(CdBlock) listed = g_list_model_get_item (blocks, i);

      expected[i] = listed;
      g_assert_true (cd_article_get_block (article, i) == listed);
    }
  g_assert_null (cd_article_get_block (article, READ_BLOCKS));

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      jobs[t] = (ReadJob) { article, expected, 0 };
      threads[t] = g_thread_new ("reader", read_blocks_thread, &jobs[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpuint (jobs[t].wrong, ==, 0);
    }
}

/* Whether @block's serial is one no block had before; remembers it. */
static gboolean
serial_is_new (GHashTable *seen,
               CdBlock    *block)
{
  guint64 serial = cd_block_get_serial (block);

  return g_hash_table_add (seen, g_memdup2 (&serial, sizeof serial));
}

/* A block's serial changes with each change of it, only then, and no
 * other block ever has it: what a snapshot checks before it shares the
 * copy it made of the block the time before. */
static void
test_block_serial (void)
{
  g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
  g_autoptr (CdBlock) list = cd_block_new (CD_BLOCK_LIST);
  g_autoptr (CdBlock) figure = cd_block_new (CD_BLOCK_FIGURE);
  g_autoptr (CdBlock) copy = NULL;
  g_autoptr (GPtrArray) marks = cd_marks_new ();
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint64 serial;

  g_assert_true (serial_is_new (seen, block));
  g_assert_true (serial_is_new (seen, list));
  g_assert_true (serial_is_new (seen, figure));

  cd_block_set_text (block, "The ferry ran late.");
  g_assert_true (serial_is_new (seen, block));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 4, 9, NULL));
  cd_block_set_marks (block, marks);
  g_assert_true (serial_is_new (seen, block));
  cd_block_set_text_and_marks (block, "The ferry ran on time.", marks);
  g_assert_true (serial_is_new (seen, block));
  cd_block_set_id (block, "b0123456789ab");
  g_assert_true (serial_is_new (seen, block));
  cd_block_set_field (figure, CD_BLOCK_FIELD_CAPTION, "The quay at dawn");
  g_assert_true (serial_is_new (seen, figure));
  cd_block_set_size (figure, 1600, 1067);
  g_assert_true (serial_is_new (seen, figure));
  g_ptr_array_add (items, cd_list_item_new ("Timetables"));
  cd_block_set_items (list, items);
  g_assert_true (serial_is_new (seen, list));
  cd_block_set_ordered (list, TRUE);
  g_assert_true (serial_is_new (seen, list));

  /* A copy is another block, with a serial of its own. */
  copy = cd_block_copy (block);
  g_assert_true (serial_is_new (seen, copy));
  cd_block_set_text (copy, "Changed in the copy.");
  g_assert_true (serial_is_new (seen, copy));
  cd_block_assign (block, copy);
  g_assert_true (serial_is_new (seen, block));

  /* Setting what is already there is no change. */
  serial = cd_block_get_serial (block);
  cd_block_set_text (block, "Changed in the copy.");
  g_assert_cmpuint (cd_block_get_serial (block), ==, serial);
}

typedef struct
{
  guint made;
  guint freed;
} MemoCounts;

static MemoCounts memo_counts;

static gpointer
make_text_copy (CdBlock  *block,
                gpointer  user_data)
{
  memo_counts.made++;
  return g_strdup (cd_block_get_text (block));
}

static void
free_text_copy (gpointer value)
{
  memo_counts.freed++;
  g_free (value);
}

/* One pass of @memo over @article; whether each value is the block's
 * text as it is now. */
static void
memo_pass (CdBlockMemo *memo,
           CdArticle   *article)
{
  for (guint i = 0; i < cd_article_get_n_blocks (article); i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      g_assert_cmpstr (cd_block_memo_get (memo, block, make_text_copy, NULL), ==, cd_block_get_text (block));
    }
  cd_block_memo_end_pass (memo);
}

/* A memo makes a block's value again only when the block changed, finds
 * blocks that moved, and frees the values of blocks gone. */
static void
test_block_memo (void)
{
  g_autoptr (CdArticle) article = cd_article_new ();
  CdBlockMemo *memo = cd_block_memo_new (free_text_copy);

  memo_counts = (MemoCounts) { 0, 0 };
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (CdBlock) block = cd_block_new (CD_BLOCK_PARAGRAPH);
      g_autofree char *text = g_strdup_printf ("Paragraph %u.", i);

      cd_block_set_text (block, text);
      cd_article_append_block (article, block);
    }

  memo_pass (memo, article);
  g_assert_cmpuint (memo_counts.made, ==, 5);
  memo_pass (memo, article);
  g_assert_cmpuint (memo_counts.made, ==, 5);
  g_assert_cmpuint (memo_counts.freed, ==, 0);

  cd_block_set_text (cd_article_get_block (article, 2), "Paragraph 2, longer.");
  memo_pass (memo, article);
  g_assert_cmpuint (memo_counts.made, ==, 6);
  g_assert_cmpuint (memo_counts.freed, ==, 1);

  /* Moved, not changed: found where it went. */
  cd_article_move_block (article, 0, 4);
  memo_pass (memo, article);
  g_assert_cmpuint (memo_counts.made, ==, 6);

  cd_article_remove_block (article, 1);
  memo_pass (memo, article);
  g_assert_cmpuint (memo_counts.made, ==, 6);
  g_assert_cmpuint (memo_counts.freed, ==, 2);

  cd_block_memo_free (memo);
  g_assert_cmpuint (memo_counts.freed, ==, 6);
}

/* Counting and stepping over code points eight bytes at a time gives
 * what GLib gives, for ASCII, accented Latin, CJK, emoji and mixes, at
 * every length and from every start. */
static void
test_utf8_count_and_skip (void)
{
  const char *texts[] = {
    "",
    "a",
    "The council voted 7-2 on Tuesday night.",
    "Café crème, naïve façade — “quoted” ’tis…",
    "東京都の人口は約1400万人です。",
    "Fans 🎉🎉 cheered; 👩‍👩‍👧 family of three 🇳🇿.",
    "abcdefgh\xc3\xa9ijklmnop\xe2\x80\x94qrstuvwx\xf0\x9f\x8e\x89yz0123456789",
  };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      const char *text = texts[t];
      gsize n_bytes = strlen (text);

      g_assert_cmpuint (cd_utf8_count (text, -1), ==, (gsize) g_utf8_strlen (text, -1));
      for (const char *start = text; *start != '\0'; start = g_utf8_next_char (start))
        {
          glong n_chars = g_utf8_strlen (start, -1);

          g_assert_cmpuint (cd_utf8_count (start, text + n_bytes - start), ==, (gsize) n_chars);
          for (glong n = 0; n <= n_chars; n++)
            g_assert_true (cd_utf8_skip (start, n) == g_utf8_offset_to_pointer (start, n));
        }
    }
}

/* The validator that reads ASCII eight bytes at a time says what GLib
 * says, and stops at the same byte, for valid text, bad sequences and
 * NULs at every offset. */
static void
test_utf8_validate (void)
{
  const char *texts[] = {
    "plain ASCII text that is longer than a word or two",
    "Café “quoted” — 東京 🎉 done",
    "overlong \xc0\xaf slash",
    "lone continuation \x80 byte in the middle of a long line",
    "cut short at the end \xe2\x80",
    "surrogate \xed\xa0\x80 here",
    "past the last code point \xf4\x90\x80\x80",
  };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      gsize length = strlen (texts[t]);

      for (gsize start = 0; start <= length; start++)
        {
          const char *text = texts[t] + start;
          gsize n = length - start;
          const char *ours = NULL;
          const char *glib = NULL;
          char *with_nul;

          g_assert_cmpint (cd_utf8_validate (text, n, &ours), ==, g_utf8_validate_len (text, n, &glib));
          g_assert_true (ours == glib);

          /* A NUL anywhere is where the text stops being valid. */
          with_nul = g_memdup2 (text, n + 1);
          for (gsize at = 0; at < n; at++)
            {
              char saved = with_nul[at];

              with_nul[at] = '\0';
              g_assert_cmpint (cd_utf8_validate (with_nul, n, &ours), ==, g_utf8_validate_len (with_nul, n, &glib));
              g_assert_true (ours == glib);
              with_nul[at] = saved;
            }
          g_free (with_nul);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model/new-article", test_new_article);
  g_test_add_func ("/core/model/field-signals", test_field_signals);
  g_test_add_func ("/core/model/block-signals", test_block_signals);
  g_test_add_func ("/core/model/shared-block-changes", test_shared_block_changes);
  g_test_add_func ("/core/model/block-copy-equal", test_block_copy_equal);
  g_test_add_func ("/core/model/block-serial", test_block_serial);
  g_test_add_func ("/core/model/block-memo", test_block_memo);
  g_test_add_func ("/core/model/block-fields", test_block_fields);
  g_test_add_func ("/core/model/marks", test_marks);
  g_test_add_func ("/core/model/href-schemes", test_href_schemes);
  g_test_add_func ("/core/model/href-complete", test_href_complete);
  g_test_add_func ("/core/model/block-convert", test_block_convert);
  g_test_add_func ("/core/model/media", test_media);
  g_test_add_func ("/core/model/blocks-read-by-threads", test_blocks_read_by_threads);
  g_test_add_func ("/core/model/utf8-count-and-skip", test_utf8_count_and_skip);
  g_test_add_func ("/core/model/utf8-validate", test_utf8_validate);

  return g_test_run ();
}
