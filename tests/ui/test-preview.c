/* test-preview.c: the live preview, patched block by block in a real WebKit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-preview-private.h"
#include "cd-test-story.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

/* Paragraphs added to the sample, so the page is long enough to scroll. */
#define N_EXTRA_PARAGRAPHS 40

typedef struct
{
  GtkWindow     *window;
  CdPreview     *preview;
  WebKitWebView *web_view;
  CdArticle     *article;
  guint          n_patched;
} Fixture;

static CdBlock *
new_paragraph (const char *text)
{
  CdBlock *block = cd_block_new (CD_BLOCK_PARAGRAPH);

  cd_block_set_text (block, text);

  return block;
}

static void
patched_cb (CdPreview *preview,
            Fixture   *f)
{
  f->n_patched++;
}

typedef struct
{
  Fixture *f;
  guint    before;
} CountWait;

static gboolean
load_finished (gpointer data)
{
  CountWait *wait = data;

  return cd_test_get_n_loads (wait->f->web_view) > wait->before &&
         !_cd_preview_is_patch_pending (wait->f->preview);
}

static gboolean
patch_landed (gpointer data)
{
  CountWait *wait = data;

  return wait->f->n_patched > wait->before &&
         !_cd_preview_is_patch_pending (wait->f->preview);
}

static void
show_article (Fixture   *f,
              CdArticle *article)
{
  CountWait wait = { f, cd_test_get_n_loads (f->web_view) };

  cd_preview_set_article (f->preview, article);
  cd_test_wait_for (load_finished, &wait, "the story to load");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  f->preview = CD_PREVIEW (cd_preview_new ());
  f->web_view = _cd_preview_get_web_view (f->preview);
  gtk_window_set_child (f->window, GTK_WIDGET (f->preview));

  cd_test_count_loads (f->web_view);
  g_signal_connect (f->preview, "patched", G_CALLBACK (patched_cb), f);

  gtk_window_present (f->window);

  /* The sample, made long enough to scroll. */
  f->article = cd_test_load_sample ();
  for (guint i = 0; i < N_EXTRA_PARAGRAPHS; i++)
    {
      g_autofree char *text = g_strdup_printf ("Extra paragraph %u. The harbour board met again on "
                                               "Tuesday and heard from residents of the Old Quay, "
                                               "who asked for quieter engines at night.", i);
      g_autoptr(CdBlock) block = new_paragraph (text);

      cd_article_append_block (f->article, block);
    }

  show_article (f, f->article);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cd_test_destroy_window (f->window);

  g_clear_object (&f->article);
}

/* Runs @script in the page's own world and returns its value as a string. */
static char *
evaluate (Fixture    *f,
          const char *script)
{
  return cd_test_evaluate (f->web_view, script);
}

/* Runs @body as a function of the members of @arguments (a{sv}). */
static char *
call (Fixture    *f,
      const char *body,
      GVariant   *arguments)
{
  return cd_test_call (f->web_view, body, arguments);
}

static double
evaluate_number (Fixture    *f,
                 const char *script)
{
  return cd_test_evaluate_number (f->web_view, script);
}

/* Lets the page draw its next frame: what a patch leaves to the frame
 * (keeping the block read in place, bringing the one typed in into view)
 * is done then, before anything is drawn. */
static void
wait_for_page_frame (Fixture *f)
{
  g_autofree char *done = call (f, "return new Promise (done => requestAnimationFrame (() => done ('drawn')));", NULL);

  g_assert_cmpstr (done, ==, "drawn");
}

/* Runs the change given, then waits for the patch it causes and the
 * page's next frame; the page is never loaded again meanwhile. */
#define PATCH(f, ...) \
  G_STMT_START { \
    CountWait patch_wait_ = { (f), (f)->n_patched }; \
    guint loads_before_ = cd_test_get_n_loads ((f)->web_view); \
    __VA_ARGS__; \
    cd_test_wait_for (patch_landed, &patch_wait_, "the patch of: " #__VA_ARGS__); \
    wait_for_page_frame (f); \
    g_assert_cmpuint (cd_test_get_n_loads ((f)->web_view), ==, loads_before_); \
  } G_STMT_END

static const char *body_ids_script =
  "Array.from (document.querySelector ('article.story').children)"
  "  .filter (e => e.hasAttribute ('data-block-id') && e.localName !== 'header' && !e.classList.contains ('lead'))"
  "  .map (e => e.getAttribute ('data-block-id')).join ('\\n')";

static char *
model_ids (CdArticle *article)
{
  GString *ids = g_string_new (NULL);
  guint n = cd_article_get_n_blocks (article);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (ids, '\n');
      g_string_append (ids, cd_block_get_id (cd_article_get_block (article, i)));
    }

  return g_string_free (ids, FALSE);
}

static void
assert_order_matches (Fixture *f)
{
  g_autofree char *page = evaluate (f, body_ids_script);
  g_autofree char *model = model_ids (f->article);

  g_assert_cmpstr (page, ==, model);
}

static void
expected_options (Fixture       *f,
                  CdHtmlOptions *options,
                  char         **media_prefix)
{
  *media_prefix = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/media/",
                                   _cd_preview_get_media_serial (f->preview));
  cd_html_options_init (options);
  options->mode = CD_HTML_FRAGMENT;
  options->media_prefix = *media_prefix;
}

/* The element with @id in the page equals the writer's markup @html, as
 * the page's own parser reads it. */
static void
assert_element_is (Fixture    *f,
                   const char *id,
                   const char *html)
{
  g_autofree char *outcome = NULL;
  GVariantDict arguments;

  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "id", "s", id);
  g_variant_dict_insert (&arguments, "html", "s", html);
  outcome = call (f,
                  "const template = document.createElement ('template');"
                  "template.innerHTML = html;"
                  "const want = template.content.firstElementChild;"
                  "const got = Array.from (document.querySelector ('article.story').children)"
                  "  .find (e => e.getAttribute ('data-block-id') === id);"
                  "if (got === undefined) return 'missing';"
                  "return got.isEqualNode (want) ? 'equal' : got.outerHTML + '\\n  !=\\n' + want.outerHTML;",
                  g_variant_dict_end (&arguments));
  g_assert_cmpstr (outcome, ==, "equal");
}

static void
assert_block_rendered (Fixture *f,
                       CdBlock *block)
{
  g_autofree char *prefix = NULL;
  g_autofree char *html = NULL;
  CdHtmlOptions options;

  expected_options (f, &options, &prefix);
  html = cd_html_write_block (f->article, block, &options);
  assert_element_is (f, cd_block_get_id (block), html);
}

/* Tags every block element in the page's own world; a node replaced by a
 * patch loses the tag, one left alone keeps it. */
static void
tag_blocks (Fixture *f)
{
  g_free (evaluate (f,
                    "for (const e of document.querySelectorAll ('[data-block-id]'))"
                    "  e.__copydeskTag = e.getAttribute ('data-block-id');"
                    "'tagged'"));
}

static gboolean
block_kept_tag (Fixture    *f,
                const char *id)
{
  g_autofree char *outcome = NULL;
  GVariantDict arguments;

  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "id", "s", id);
  outcome = call (f,
                  "const e = Array.from (document.querySelectorAll ('[data-block-id]'))"
                  "  .find (e => e.getAttribute ('data-block-id') === id);"
                  "return e !== undefined && e.__copydeskTag === id;",
                  g_variant_dict_end (&arguments));

  return g_str_equal (outcome, "true");
}

static void
test_headline_patched (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *marker = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *title = NULL;
  guint flushes = _cd_preview_get_n_flushes (f->preview);

  /* A reload would lose a global of the page. */
  g_free (evaluate (f, "window.__copydeskMarker = 42; 'set'"));
  tag_blocks (f);

  PATCH (f, cd_article_set_headline (f->article, "Night ferry sails at last"));

  h1 = evaluate (f, "document.querySelector ('article.story header h1').textContent");
  g_assert_cmpstr (h1, ==, "Night ferry sails at last");
  marker = evaluate (f, "String (window.__copydeskMarker)");
  g_assert_cmpstr (marker, ==, "42");
  g_assert_cmpuint (_cd_preview_get_n_flushes (f->preview), ==, flushes + 1);

  /* Only the header was replaced. */
  g_assert_false (block_kept_tag (f, "header"));
  g_assert_true (block_kept_tag (f, "lead"));
  g_assert_true (block_kept_tag (f, "p1"));
  g_assert_true (block_kept_tag (f, "p8"));

  /* Subheadline and bylines are the header too. */
  PATCH (f, cd_article_set_field (f->article, CD_ARTICLE_FIELD_SUBHEADLINE, "From June, until 2 a.m."));
  title = evaluate (f, "document.querySelector ('article.story header .dek').textContent");
  g_assert_cmpstr (title, ==, "From June, until 2 a.m.");
  {
    g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
    g_autofree char *authors = NULL;
    g_autofree char *header = NULL;
    CdHtmlOptions options;
    g_autofree char *prefix = NULL;

    g_ptr_array_add (bylines, cd_byline_new ("Lena Brandt", "Harbour reporter"));
    PATCH (f, cd_article_set_bylines (f->article, bylines));
    authors = evaluate (f, "Array.from (document.querySelectorAll ('.author')).map (e => e.textContent).join ()");
    g_assert_cmpstr (authors, ==, "Lena Brandt");

    expected_options (f, &options, &prefix);
    header = cd_html_write_header (f->article, &options);
    assert_element_is (f, "header", header);
  }
}

/* The story's page is painted without the GL compositor, which a machine
 * without a GPU runs in software on every patch. */
static void
test_static_page_not_composited (Fixture       *f,
                                 gconstpointer  data)
{
  WebKitSettings *settings = webkit_web_view_get_settings (f->web_view);

  g_assert_cmpint (webkit_settings_get_hardware_acceleration_policy (settings), ==,
                   WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
}

static void
test_block_patched (Fixture       *f,
                    gconstpointer  data)
{
  CdBlock *block;
  guint position;
  g_autoptr(GPtrArray) marks = cd_marks_new ();
  g_autofree char *marker = NULL;

  g_free (evaluate (f, "window.__copydeskMarker = 42; 'set'"));
  tag_blocks (f);

  block = cd_article_find_block (f->article, "p5", &position);
  g_assert_nonnull (block);

  g_ptr_array_add (marks, cd_mark_new (CD_MARK_STRONG, 4, 11, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_EM, 8, 20, NULL));
  g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 25, 33, "https://porthaven.example/timetable?a=1&b=2"));
  PATCH (f, cd_block_set_text_and_marks (block, "The harbour board has posted the timetable & fares <online>.", marks));

  assert_block_rendered (f, block);
  g_assert_false (block_kept_tag (f, "p5"));

  /* The rest of the page is the same nodes as before. */
  for (guint i = 0; i < cd_article_get_n_blocks (f->article); i++)
    {
      const char *id = cd_block_get_id (cd_article_get_block (f->article, i));

      if (!g_str_equal (id, "p5"))
        g_assert_true (block_kept_tag (f, id));
    }
  g_assert_true (block_kept_tag (f, "header"));
  g_assert_true (block_kept_tag (f, "lead"));

  /* Every other kind of content change goes the same way. */
  block = cd_article_find_block (f->article, "q1", NULL);
  PATCH (f, cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Harbour master Aiko Mori"));
  assert_block_rendered (f, block);
  block = cd_article_find_block (f->article, "h1", NULL);
  PATCH (f, cd_block_set_level (block, 3));
  assert_block_rendered (f, block);
  block = cd_article_find_block (f->article, "l1", NULL);
  PATCH (f, cd_block_set_ordered (block, !cd_block_get_ordered (block)));
  assert_block_rendered (f, block);
  block = cd_article_find_block (f->article, "f1", NULL);
  PATCH (f, cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "The new timetable, posted at the quay."));
  assert_block_rendered (f, block);
  block = cd_article_find_block (f->article, "e1", NULL);
  PATCH (f, cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "Big news for night owls."));
  assert_block_rendered (f, block);

  marker = evaluate (f, "String (window.__copydeskMarker)");
  g_assert_cmpstr (marker, ==, "42");
  assert_order_matches (f);
}

static CdBlock *
new_block_of_type (CdBlockType type)
{
  CdBlock *block = cd_block_new (type);

  switch (type)
    {
    case CD_BLOCK_PARAGRAPH:
      cd_block_set_text (block, "A new paragraph.");
      break;
    case CD_BLOCK_HEADING:
      cd_block_set_text (block, "A new heading");
      break;
    case CD_BLOCK_QUOTE:
      cd_block_set_text (block, "A new quote.");
      cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, "Somebody");
      break;
    case CD_BLOCK_PULLQUOTE:
      cd_block_set_text (block, "A new pull quote.");
      break;
    case CD_BLOCK_LIST:
      {
        g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);

        g_ptr_array_add (items, cd_list_item_new ("First"));
        g_ptr_array_add (items, cd_list_item_new ("Second"));
        cd_block_set_items (block, items);
      }
      break;
    case CD_BLOCK_FIGURE:
      cd_block_set_field (block, CD_BLOCK_FIELD_SRC, "media/harbour.png");
      cd_block_set_field (block, CD_BLOCK_FIELD_ALT, "The harbour again.");
      cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, "Again.");
      cd_block_set_size (block, 640, 360);
      break;
    case CD_BLOCK_EMBED:
      cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, "mastodon");
      cd_block_set_field (block, CD_BLOCK_FIELD_URL, "https://mastodon.social/@porthaven/1122");
      cd_block_set_field (block, CD_BLOCK_FIELD_KIND, "post");
      cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, "Porthaven Port");
      cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, "Sailing tonight.");
      break;
    case CD_BLOCK_DIVIDER:
    default:
      break;
    }

  return block;
}

static void
test_insert_each_type (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) inserted = g_ptr_array_new_with_free_func (g_object_unref);

  tag_blocks (f);

  for (guint type = 0; type < CD_N_BLOCK_TYPES; type++)
    {
      g_autoptr(CdBlock) block = new_block_of_type (type);
      /* At the start, at the end and in between. */
      guint position = type % 3 == 0 ? 0 :
                       type % 3 == 1 ? cd_article_get_n_blocks (f->article) :
                       cd_article_get_n_blocks (f->article) / 2;

      PATCH (f, cd_article_insert_block (f->article, position, block));
      g_ptr_array_add (inserted, g_object_ref (block));

      assert_order_matches (f);
      assert_block_rendered (f, block);
    }

  /* Blocks already in the page stayed, apart from the paragraphs whose
   * dateline came and went. */
  g_assert_true (block_kept_tag (f, "p2"));
  g_assert_true (block_kept_tag (f, "q1"));
  g_assert_true (block_kept_tag (f, "f1"));
  g_assert_true (block_kept_tag (f, "d1"));
  for (guint i = 0; i < inserted->len; i++)
    assert_block_rendered (f, g_ptr_array_index (inserted, i));
}

static void
test_remove_blocks (Fixture       *f,
                    gconstpointer  data)
{
  guint position;
  g_autofree char *gone = NULL;

  tag_blocks (f);

  g_assert_nonnull (cd_article_find_block (f->article, "e3", &position));
  PATCH (f, cd_article_remove_block (f->article, position));
  assert_order_matches (f);
  gone = evaluate (f, "String (document.querySelector ('[data-block-id=\"e3\"]'))");
  g_assert_cmpstr (gone, ==, "null");

  /* Several in one go, the last block included. */
  PATCH (f,
         cd_article_remove_block (f->article, cd_article_get_n_blocks (f->article) - 1);
         cd_article_remove_block (f->article, 3);
         cd_article_remove_block (f->article, 3));
  assert_order_matches (f);
  g_assert_true (block_kept_tag (f, "p2"));
  g_assert_true (block_kept_tag (f, "d1"));

  /* Down to nothing, and back. */
  PATCH (f,
         while (cd_article_get_n_blocks (f->article) > 0)
           cd_article_remove_block (f->article, 0));
  assert_order_matches (f);
  g_assert_cmpfloat (evaluate_number (f, "document.querySelectorAll ('article.story > [data-block-id]').length"), ==, 2);
  {
    g_autoptr(CdBlock) block = new_paragraph ("Alone.");

    PATCH (f, cd_article_append_block (f->article, block));
    assert_order_matches (f);
    assert_block_rendered (f, block);
  }
}

static void
test_move_blocks (Fixture       *f,
                  gconstpointer  data)
{
  guint n = cd_article_get_n_blocks (f->article);

  tag_blocks (f);

  PATCH (f, cd_article_move_block (f->article, 1, n - 1));
  assert_order_matches (f);
  PATCH (f, cd_article_move_block (f->article, n - 2, 2));
  assert_order_matches (f);
  PATCH (f, cd_article_move_block (f->article, 5, 6));
  assert_order_matches (f);

  /* Moving the first paragraph away hands the dateline on. */
  PATCH (f, cd_article_move_block (f->article, 0, 4));
  assert_order_matches (f);
  assert_block_rendered (f, cd_article_find_block (f->article, "p1", NULL));
  assert_block_rendered (f, cd_article_get_block (f->article, 0));

  /* Moved blocks are moved nodes, not new ones. */
  g_assert_true (block_kept_tag (f, "q1"));
  g_assert_true (block_kept_tag (f, "f1"));
  g_assert_true (block_kept_tag (f, "e2"));
}

static void
test_coalesced (Fixture       *f,
                gconstpointer  data)
{
  guint flushes = _cd_preview_get_n_flushes (f->preview);
  CdBlock *block = cd_article_find_block (f->article, "p6", NULL);
  g_autofree char *text = NULL;

  /* Fifty changes in one turn of the main loop, as a paste or an undo of
   * many steps makes them: one patch. */
  PATCH (f,
         for (guint i = 0; i < 50; i++)
           {
             g_autofree char *words = g_strdup_printf ("Typed %u characters so far.", i + 1);

             switch (i % 5)
               {
               case 0:
                 cd_block_set_text (block, words);
                 break;
               case 1:
                 cd_article_set_headline (f->article, words);
                 break;
               case 2:
                 {
                   g_autoptr(CdBlock) extra = new_paragraph (words);

                   cd_article_insert_block (f->article, 10, extra);
                 }
                 break;
               case 3:
                 cd_article_move_block (f->article, 10, 12);
                 break;
               default:
                 cd_block_set_text (cd_article_get_block (f->article, 12), words);
                 break;
               }
           });

  g_assert_cmpuint (_cd_preview_get_n_flushes (f->preview), ==, flushes + 1);

  assert_order_matches (f);
  text = evaluate (f, "document.querySelector ('article.story h1').textContent");
  g_assert_cmpstr (text, ==, "Typed 47 characters so far.");
  assert_block_rendered (f, block);
  for (guint i = 8; i < 16; i++)
    assert_block_rendered (f, cd_article_get_block (f->article, i));
}

/* Work that GTK's text view does in the background while it lays out a
 * long text, a little at a time at its own priority, for as long as
 * there is text to lay out. */
static gboolean
background_layout_cb (gpointer user_data)
{
  gint64 until = g_get_monotonic_time () + 5 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    ;

  return G_SOURCE_CONTINUE;
}

/* An edit reaches the page while the window is busy with background
 * work of its own, never waiting for that work to end. */
static void
test_patched_while_busy (Fixture       *f,
                         gconstpointer  data)
{
  CdBlock *block = cd_article_find_block (f->article, "p5", NULL);
  guint busy = g_idle_add_full (GTK_TEXT_VIEW_PRIORITY_VALIDATE, background_layout_cb, NULL, NULL);

  PATCH (f, cd_block_set_text (block, "Edited while the window was busy."));
  g_source_remove (busy);
  assert_block_rendered (f, block);
}

typedef struct
{
  Fixture *f;
  CdBlock *block;
  gboolean edited;
  guint    flushes_at_edit;
  gboolean painted;
  guint    flushes_at_paint;
} FrameEdit;

/* GDK hands the window the input that came since the last frame as the
 * frame begins, and goes on to lay out and draw it at once: a key is
 * typed here. */
static void
key_typed_cb (GdkFrameClock *frame_clock,
              FrameEdit     *edit)
{
  if (edit->edited)
    return;

  edit->edited = TRUE;
  edit->flushes_at_edit = _cd_preview_get_n_flushes (edit->f->preview);
  cd_block_set_text (edit->block, "Typed as the window began a frame.");
}

static void
frame_paint_cb (GdkFrameClock *frame_clock,
                FrameEdit     *edit)
{
  if (!edit->edited || edit->painted)
    return;

  edit->painted = TRUE;
  edit->flushes_at_paint = _cd_preview_get_n_flushes (edit->f->preview);
}

static gboolean
frame_painted (gpointer data)
{
  FrameEdit *edit = data;

  return edit->painted;
}

/* A key handled as a frame begins goes to the page before the window
 * lays out and draws that frame, not after it: the page patches while
 * the window draws. */
static void
test_sent_before_drawing (Fixture       *f,
                          gconstpointer  data)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  FrameEdit edit = { f, cd_article_find_block (f->article, "p5", NULL) };

  g_assert_nonnull (frame_clock);
  g_signal_connect (frame_clock, "flush-events", G_CALLBACK (key_typed_cb), &edit);
  g_signal_connect (frame_clock, "paint", G_CALLBACK (frame_paint_cb), &edit);

  PATCH (f,
         gdk_frame_clock_request_phase (frame_clock, GDK_FRAME_CLOCK_PHASE_FLUSH_EVENTS);
         gtk_widget_queue_draw (GTK_WIDGET (f->window));
         cd_test_wait_for (frame_painted, &edit, "a frame of the window"));

  g_signal_handlers_disconnect_by_data (frame_clock, &edit);
  g_assert_cmpuint (edit.flushes_at_paint, ==, edit.flushes_at_edit + 1);
  g_assert_cmpuint (_cd_preview_get_n_flushes (f->preview), ==, edit.flushes_at_edit + 1);
  assert_block_rendered (f, edit.block);
}

static char *
dateline_holder (Fixture *f)
{
  return evaluate (f,
                   "Array.from (document.querySelectorAll ('.dateline'))"
                   "  .map (e => e.parentElement.getAttribute ('data-block-id') + ':' + e.textContent).join ()");
}

static void
test_dateline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CdDateline) dateline = cd_dateline_new ("GULL ISLAND", "Porthaven Post", "2024-05-15");
  g_autofree char *holder = NULL;
  g_autofree char *time = NULL;
  g_autoptr(CdBlock) first = new_paragraph ("A new opening paragraph.");
  g_autoptr(CdBlock) heading = cd_block_new (CD_BLOCK_HEADING);

  holder = dateline_holder (f);
  g_assert_cmpstr (holder, ==, "p1:PORTHAVEN");

  /* The dateline is the first paragraph's and, by its date, the header's. */
  PATCH (f, cd_article_set_dateline (f->article, dateline));
  g_clear_pointer (&holder, g_free);
  holder = dateline_holder (f);
  g_assert_true (g_str_has_prefix (holder, "p1:GULL ISLAND"));
  assert_block_rendered (f, cd_article_find_block (f->article, "p1", NULL));
  time = evaluate (f, "document.querySelector ('header time').getAttribute ('datetime')");
  g_assert_cmpstr (time, ==, "2024-05-15");

  /* A paragraph put before it takes the dateline over. */
  PATCH (f, cd_article_insert_block (f->article, 0, first));
  g_clear_pointer (&holder, g_free);
  holder = dateline_holder (f);
  g_assert_true (g_str_has_prefix (holder, cd_block_get_id (first)));
  assert_block_rendered (f, first);
  assert_block_rendered (f, cd_article_find_block (f->article, "p1", NULL));

  /* A heading before it does not. */
  cd_block_set_text (heading, "Opening heading");
  PATCH (f, cd_article_insert_block (f->article, 0, heading));
  g_clear_pointer (&holder, g_free);
  holder = dateline_holder (f);
  g_assert_true (g_str_has_prefix (holder, cd_block_get_id (first)));

  /* Removed, it hands the dateline back. */
  PATCH (f, cd_article_remove_block (f->article, 1));
  g_clear_pointer (&holder, g_free);
  holder = dateline_holder (f);
  g_assert_true (g_str_has_prefix (holder, "p1:GULL ISLAND"));
  assert_block_rendered (f, cd_article_find_block (f->article, "p1", NULL));

  /* No dateline at all. */
  PATCH (f, cd_article_set_dateline (f->article, NULL));
  g_clear_pointer (&holder, g_free);
  holder = dateline_holder (f);
  g_assert_cmpstr (holder, ==, "");
}

static void
test_lead_and_media (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CdBlock) lead = NULL;
  g_autofree char *n_leads = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *lead_html = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GBytes) png = NULL;
  CdHtmlOptions options;
  guint serial;

  tag_blocks (f);

  PATCH (f, cd_block_set_field (cd_article_get_lead (f->article), CD_BLOCK_FIELD_CAPTION, "A new caption."));
  expected_options (f, &options, &prefix);
  lead_html = cd_html_write_lead (f->article, &options);
  assert_element_is (f, "lead", lead_html);
  g_assert_true (block_kept_tag (f, "header"));
  g_assert_true (block_kept_tag (f, "p1"));

  PATCH (f, cd_article_set_lead (f->article, NULL));
  n_leads = evaluate (f, "String (document.querySelectorAll ('article.story > .lead').length)");
  g_assert_cmpstr (n_leads, ==, "0");
  assert_order_matches (f);

  lead = cd_block_new (CD_BLOCK_FIGURE);
  cd_block_set_field (lead, CD_BLOCK_FIELD_SRC, "media/harbour.png");
  cd_block_set_field (lead, CD_BLOCK_FIELD_ALT, "The harbour.");
  cd_block_set_size (lead, 640, 360);
  PATCH (f, cd_article_set_lead (f->article, lead));
  g_clear_pointer (&n_leads, g_free);
  n_leads = evaluate (f, "document.querySelector ('article.story > header').nextElementSibling.getAttribute ('data-block-id')");
  g_assert_cmpstr (n_leads, ==, cd_block_get_id (lead));
  assert_order_matches (f);

  /* New media: the figures ask for their images again, at new addresses. */
  serial = _cd_preview_get_media_serial (f->preview);
  png = g_bytes_ref (cd_article_get_media (f->article, "media/harbour.png"));
  PATCH (f, cd_article_set_media (f->article, "media/other.png", png));
  g_assert_cmpuint (_cd_preview_get_media_serial (f->preview), >, serial);
  assert_block_rendered (f, cd_article_find_block (f->article, "f1", NULL));
  g_clear_pointer (&lead_html, g_free);
  g_clear_pointer (&prefix, g_free);
  expected_options (f, &options, &prefix);
  lead_html = cd_html_write_lead (f->article, &options);
  assert_element_is (f, cd_block_get_id (lead), lead_html);
  loaded = call (f,
                 "for (const image of document.images) {"
                 "  image.scrollIntoView ();"
                 "  await image.decode ();"
                 "}"
                 "return Array.from (document.images).filter (i => i.naturalWidth > 0).length;",
                 NULL);
  g_assert_cmpstr (loaded, ==, "2");
}

static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *lang = NULL;
  g_autofree char *html_lang = NULL;
  g_autofree char *byline = NULL;
  g_autofree char *marker = NULL;

  g_free (evaluate (f, "window.__copydeskMarker = 42; 'set'"));

  PATCH (f, cd_article_set_field (f->article, CD_ARTICLE_FIELD_LANGUAGE, "fr"));
  lang = evaluate (f, "document.querySelector ('article.story').lang");
  html_lang = evaluate (f, "document.documentElement.lang");
  byline = evaluate (f, "document.querySelector ('.byline').textContent");
  marker = evaluate (f, "String (window.__copydeskMarker)");
  g_assert_cmpstr (lang, ==, "fr");
  g_assert_cmpstr (html_lang, ==, "fr");
  g_assert_true (g_str_has_prefix (byline, "Par "));
  g_assert_cmpstr (marker, ==, "42");
  assert_order_matches (f);

  /* Not a language tag: no lang at all, as the writer does it. */
  PATCH (f, cd_article_set_field (f->article, CD_ARTICLE_FIELD_LANGUAGE, "not a tag!"));
  g_clear_pointer (&lang, g_free);
  lang = evaluate (f, "String (document.querySelector ('article.story').getAttribute ('lang'))");
  g_assert_cmpstr (lang, ==, "null");

  /* Patches go on working on the new article element. */
  PATCH (f, cd_block_set_text (cd_article_find_block (f->article, "p3", NULL), "Still patched."));
  assert_block_rendered (f, cd_article_find_block (f->article, "p3", NULL));
}

static double
block_top (Fixture    *f,
           const char *id)
{
  g_autofree char *script = g_strdup_printf ("document.querySelector ('[data-block-id=\"%s\"]')"
                                             ".getBoundingClientRect ().top", id);

  return evaluate_number (f, script);
}

/* The first block at least partly on screen, and where its top is. */
static char *
top_block (Fixture *f,
           double  *top)
{
  g_autofree char *found = evaluate (f,
                                     "(() => {"
                                     "  const found = Array.from (document.querySelectorAll ('[data-block-id]'))"
                                     "    .find (e => e.getBoundingClientRect ().bottom > 0);"
                                     "  return found.getAttribute ('data-block-id') + '\\n' + found.getBoundingClientRect ().top;"
                                     "}) ()");
  char *newline = strchr (found, '\n');

  g_assert_nonnull (newline);
  *newline = '\0';
  *top = g_ascii_strtod (newline + 1, NULL);

  return g_strdup (found);
}

static void
test_scroll_kept (Fixture       *f,
                  gconstpointer  data)
{
  guint n = cd_article_get_n_blocks (f->article);
  CdBlock *last = cd_article_get_block (f->article, n - 1);
  g_autofree char *last_id = g_strdup (cd_block_get_id (last));
  g_autofree char *anchor = NULL;
  g_autofree char *anchor_after = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  double height;
  double top;
  double top_after;

  height = evaluate_number (f, "document.documentElement.scrollHeight");
  g_assert_cmpfloat (height, >, 5000);
  g_assert_cmpfloat (evaluate_number (f, "window.scrollTo (0, 3000); window.scrollY"), ==, 3000);

  /* A change far below the window leaves it where it is. */
  PATCH (f, cd_block_set_text (last, "The last paragraph, changed."));
  g_assert_cmpfloat (evaluate_number (f, "window.scrollY"), ==, 3000);
  assert_block_rendered (f, last);

  /* So does one far above it that keeps its height: a link changes the
   * colour of the words, not their width. */
  {
    CdBlock *p2 = cd_article_find_block (f->article, "p2", NULL);
    g_autoptr(GPtrArray) marks = cd_marks_copy (cd_block_get_marks (p2));

    g_ptr_array_add (marks, cd_mark_new (CD_MARK_LINK, 0, 4, "https://porthaven.example/"));
    PATCH (f, cd_block_set_marks (p2, marks));
    g_assert_cmpfloat (evaluate_number (f, "window.scrollY"), ==, 3000);
    assert_block_rendered (f, p2);
  }

  /* One above that makes the page taller keeps what is read on screen
   * where it was. */
  anchor = top_block (f, &top);
  for (guint i = 0; i < 30; i++)
    g_string_append (long_text, "The night ferry will cross every hour. ");
  PATCH (f, cd_block_set_text (cd_article_find_block (f->article, "p1", NULL), long_text->str));
  g_assert_cmpfloat (evaluate_number (f, "window.scrollY"), >, 3000);
  anchor_after = top_block (f, &top_after);
  g_assert_cmpstr (anchor_after, ==, anchor);
  g_assert_cmpfloat (ABS (top_after - top), <, 1);

  /* So it does when the block read at the top changes in the same patch
   * as one above it grows, whichever of the two the page replaces
   * first. */
  {
    CdBlock *read = cd_article_find_block (f->article, anchor, NULL);
    g_autofree char *longer = g_strconcat (cd_block_get_text (read), " More.", NULL);
    double scrolled = evaluate_number (f, "window.scrollY");

    g_assert_nonnull (read);
    for (guint i = 0; i < 10; i++)
      g_string_append (long_text, "The last crossing leaves at midnight. ");
    PATCH (f,
           cd_block_set_text (read, longer);
           cd_block_set_text (cd_article_find_block (f->article, "p1", NULL), long_text->str));
    g_assert_cmpfloat (evaluate_number (f, "window.scrollY"), >, scrolled);
    g_clear_pointer (&anchor_after, g_free);
    anchor_after = top_block (f, &top_after);
    g_assert_cmpstr (anchor_after, ==, anchor);
    g_assert_cmpfloat (ABS (top_after - top), <, 1);
    assert_block_rendered (f, read);
  }

  /* Two patches before one frame (the page busy, keys coming fast): the
   * frame keeps the block read where it was before the first. */
  {
    g_autofree char *outcome = NULL;

    g_free (anchor);
    anchor = top_block (f, &top);
    outcome = cd_test_evaluate_in_world (f->web_view, CD_PREVIEW_PATCH_WORLD,
                                         "(() => {"
                                         "  const grown = id => {"
                                         "    const old = document.querySelector ('[data-block-id=\"' + id + '\"]');"
                                         "    return [id, old.outerHTML.replace ('</p>', ' The ferry ran late.'.repeat (20) + '</p>')];"
                                         "  };"
                                         "  return copydeskPatch ({ blocks: [grown ('p1')] }) + ' ' +"
                                         "         copydeskPatch ({ blocks: [grown ('p2')] });"
                                         "}) ()");
    g_assert_cmpstr (outcome, ==, "ok ok");
    wait_for_page_frame (f);
    g_clear_pointer (&anchor_after, g_free);
    anchor_after = top_block (f, &top_after);
    g_assert_cmpstr (anchor_after, ==, anchor);
    g_assert_cmpfloat (ABS (top_after - top), <, 1);
    /* The story's own text comes back with the next patch of the two. */
    PATCH (f,
           cd_block_set_text (cd_article_find_block (f->article, "p1", NULL), "The first paragraph, back.");
           cd_block_set_text (cd_article_find_block (f->article, "p2", NULL), "The second paragraph, back."));
  }

  /* Elements with no box among the blocks (a script, something hidden)
   * measure as if at the window's top wherever they are; they do not
   * mislead the search for the block read: a block on screen below it
   * that grows leaves the window where it is. */
  {
    g_autofree char *outcome = NULL;
    guint position = 0;
    CdBlock *next;
    double scrolled;

    outcome = evaluate (f,
                        "(() => {"
                        "  const story = document.querySelector ('article.story');"
                        "  for (const e of Array.from (story.querySelectorAll (':scope > p[data-block-id]'))) {"
                        "    const hidden = document.createElement ('div');"
                        "    hidden.style.display = 'none';"
                        "    e.after (hidden);"
                        "  }"
                        "  return 'hidden';"
                        "}) ()");
    g_assert_cmpstr (outcome, ==, "hidden");
    wait_for_page_frame (f);
    g_free (anchor);
    anchor = top_block (f, &top);
    g_assert_nonnull (cd_article_find_block (f->article, anchor, &position));
    next = cd_article_get_block (f->article, position + 1);
    g_assert_cmpint (cd_block_get_block_type (next), ==, CD_BLOCK_PARAGRAPH);
    g_assert_cmpfloat (block_top (f, cd_block_get_id (next)), <, evaluate_number (f, "window.innerHeight"));
    scrolled = evaluate_number (f, "window.scrollY");
    PATCH (f, cd_block_set_text (next, long_text->str));
    g_assert_cmpfloat (evaluate_number (f, "window.scrollY"), ==, scrolled);
    g_clear_pointer (&anchor_after, g_free);
    anchor_after = top_block (f, &top_after);
    g_assert_cmpstr (anchor_after, ==, anchor);
    g_assert_cmpfloat (ABS (top_after - top), <, 1);
  }

  /* Following the editor into a block off-screen brings it into view. */
  PATCH (f, cd_preview_scroll_to_block (f->preview, last_id));
  top = block_top (f, last_id);
  g_assert_cmpfloat (top, >=, 0);
  g_assert_cmpfloat (top, <, evaluate_number (f, "window.innerHeight"));

  /* So does typing in it once the editor follows it... */
  PATCH (f, cd_preview_scroll_to_block (f->preview, "p2"));
  g_assert_cmpfloat (block_top (f, "p2"), >=, 0);
  g_assert_cmpfloat (evaluate_number (f, "window.scrollTo (0, 2500); window.scrollY"), ==, 2500);
  PATCH (f, cd_block_set_text (cd_article_find_block (f->article, "p2", NULL), "Typing here."));
  top = block_top (f, "p2");
  g_assert_cmpfloat (top, >=, 0);
  g_assert_cmpfloat (top, <, evaluate_number (f, "window.innerHeight"));

  /* ...while a block on screen is left where it is. */
  top = evaluate_number (f, "window.scrollY");
  PATCH (f, cd_block_set_text (cd_article_find_block (f->article, "p2", NULL), "Typing here, more."));
  g_assert_cmpfloat (evaluate_number (f, "window.scrollY"), ==, top);

  /* A block inserted and followed in one go is in view too. */
  {
    g_autoptr(CdBlock) block = new_paragraph ("Inserted at the end.");

    g_assert_cmpfloat (evaluate_number (f, "window.scrollTo (0, 0); window.scrollY"), ==, 0);
    PATCH (f,
           cd_article_append_block (f->article, block);
           cd_preview_scroll_to_block (f->preview, cd_block_get_id (block)));
    top = block_top (f, cd_block_get_id (block));
    g_assert_cmpfloat (top, >=, 0);
    g_assert_cmpfloat (top, <, evaluate_number (f, "window.innerHeight"));
  }
}

static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  static const char *headline = "</script><img src=x onerror=alert(1)> \"quoted\" 'single' \\ \u2028\u2029 end";
  /* An id no selector or script text could hold unescaped. */
  static const char *odd_id = "a\"b'</script>\\\u2028<!--";
  g_autofree char *h1 = NULL;
  g_autofree char *n_images = NULL;
  g_autofree char *n_in_header = NULL;
  g_autoptr(CdBlock) block = new_paragraph ("<b>not bold</b> ${1 + 1} `tick` \u2028 line");
  guint loads = cd_test_get_n_loads (f->web_view);

  n_images = evaluate (f, "String (document.images.length)");

  PATCH (f, cd_article_set_headline (f->article, headline));
  h1 = evaluate (f, "document.querySelector ('article.story h1').textContent");
  g_assert_cmpstr (h1, ==, headline);
  n_in_header = evaluate (f, "String (document.querySelectorAll ('header img, header script').length)");
  g_assert_cmpstr (n_in_header, ==, "0");
  g_clear_pointer (&h1, g_free);
  h1 = evaluate (f, "String (document.images.length)");
  g_assert_cmpstr (h1, ==, n_images);

  cd_block_set_id (block, odd_id);
  PATCH (f, cd_article_insert_block (f->article, 2, block));
  assert_order_matches (f);
  assert_block_rendered (f, block);
  PATCH (f, cd_block_set_text (block, "</p><script>window.__ran = 1</script>"));
  assert_block_rendered (f, block);
  g_clear_pointer (&h1, g_free);
  h1 = evaluate (f, "String (window.__ran)");
  g_assert_cmpstr (h1, ==, "undefined");

  /* None of it made the page load again. */
  g_assert_cmpuint (cd_test_get_n_loads (f->web_view), ==, loads);
}

static void
test_patches_under_csp (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *outcome = NULL;

  /* The page forbids every script of its own; the preview's patches are
   * the app's, run in a world of their own, and still land. */
  g_assert_nonnull (strstr (webkit_web_view_get_default_content_security_policy (f->web_view),
                            "script-src 'none'"));
  outcome = call (f,
                  "const result = new Promise (resolve => {"
                  "  document.addEventListener ('securitypolicyviolation', e => resolve ('blocked ' + e.violatedDirective));"
                  "});"
                  "const s = document.createElement ('script');"
                  "s.textContent = 'window.__pageScript = 1';"
                  "document.body.append (s);"
                  "return await result;",
                  NULL);
  g_assert_true (g_str_has_prefix (outcome, "blocked script-src"));

  PATCH (f, cd_article_set_headline (f->article, "Patched under the policy"));
  g_clear_pointer (&outcome, g_free);
  outcome = evaluate (f, "document.querySelector ('h1').textContent + ' ' + String (window.__pageScript)");
  g_assert_cmpstr (outcome, ==, "Patched under the policy undefined");
}

static void
test_other_article (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CdArticle) other = cd_article_new ();
  g_autoptr(CdBlock) block = new_paragraph ("The other story.");
  guint flushes;
  g_autofree char *h1 = NULL;
  CdArticle *first = g_object_ref (f->article);

  cd_article_set_headline (other, "Another story");
  cd_article_append_block (other, block);
  show_article (f, other);

  /* The first story no longer reaches the page. */
  flushes = _cd_preview_get_n_flushes (f->preview);
  cd_article_set_headline (first, "Not shown");
  cd_block_set_text (cd_article_get_block (first, 0), "Not shown");
  g_assert_false (_cd_preview_is_patch_pending (f->preview));
  g_object_unref (first);

  g_clear_object (&f->article);
  f->article = g_object_ref (other);
  PATCH (f, cd_block_set_text (block, "The other story, edited."));
  g_assert_cmpuint (_cd_preview_get_n_flushes (f->preview), ==, flushes + 1);
  assert_block_rendered (f, block);
  h1 = evaluate (f, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (h1, ==, "Another story");

  /* A story set is rendered in a later turn of the main loop: changes
   * made in the same turn are in the page it loads, not a patch after. */
  {
    CountWait wait = { f, cd_test_get_n_loads (f->web_view) };

    flushes = _cd_preview_get_n_flushes (f->preview);
    cd_preview_set_article (f->preview, NULL);
    cd_preview_set_article (f->preview, other);
    cd_block_set_text (block, "Changed before it was rendered.");
    g_assert_true (_cd_preview_is_patch_pending (f->preview));
    cd_test_wait_for (load_finished, &wait, "the story to load");
    assert_block_rendered (f, block);
    g_assert_cmpuint (_cd_preview_get_n_flushes (f->preview), ==, flushes);
  }

  /* Changes made while the page loads are in it once it has loaded. */
  {
    CountWait wait = { f, cd_test_get_n_loads (f->web_view) };

    cd_preview_set_article (f->preview, NULL);
    cd_preview_set_article (f->preview, other);
    while (cd_test_get_n_loads (f->web_view) == wait.before && !webkit_web_view_is_loading (f->web_view))
      g_main_context_iteration (NULL, TRUE);
    cd_block_set_text (block, "Changed while loading.");
    cd_test_wait_for (load_finished, &wait, "the story to load");
    assert_block_rendered (f, block);
  }
}

typedef struct
{
  Fixture *f;
  double   width;
} WidthWait;

static gboolean
page_has_width (gpointer data)
{
  WidthWait *wait = data;
  g_autofree char *width = evaluate (wait->f, "String (window.innerWidth)");

  return g_ascii_strtod (width, NULL) == wait->width;
}

static gboolean
view_is_narrow (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_width (GTK_WIDGET (f->web_view)) == 600;
}

static void
test_page_width (Fixture       *f,
                 gconstpointer  data)
{
  WidthWait wait = { f, 390 };

  cd_preview_set_page_width (f->preview, CD_PREVIEW_WIDTH_PHONE);
  cd_test_wait_for (page_has_width, &wait, "a page laid out 390 pixels wide");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->web_view)), ==, 390);

  wait.width = 768;
  cd_preview_set_page_width (f->preview, CD_PREVIEW_WIDTH_TABLET);
  cd_test_wait_for (page_has_width, &wait, "a page laid out 768 pixels wide");

  /* Narrower than a tablet, the preview still lays the page out as wide
   * as one, and shows it scaled down. */
  gtk_window_set_default_size (f->window, 600, 700);
  cd_test_wait_for (view_is_narrow, f, "the window to narrow");
  cd_test_wait_for (page_has_width, &wait, "a tablet page in a narrow preview");

  wait.width = 600;
  cd_preview_set_page_width (f->preview, CD_PREVIEW_WIDTH_DESKTOP);
  cd_test_wait_for (page_has_width, &wait, "a page as wide as the preview");
}

/* The preview's programs are resources of their own; the handlers they
 * post to are the ones the widget registers. */
static void
test_resources (void)
{
  static const struct
  {
    const char *path;
    const char *needs;
  } resources[] = {
    { "/io/github/copydesk/Copydesk/preview/cd-preview-patch.js", "messageHandlers." CD_PREVIEW_BENCH_MESSAGE },
    { "/io/github/copydesk/Copydesk/preview/cd-preview-click.js", "messageHandlers." CD_PREVIEW_BLOCK_MESSAGE },
    { "/io/github/copydesk/Copydesk/preview/cd-preview.css", "preview.framed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resources[i].path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

      g_assert_no_error (error);
      g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), resources[i].needs));
    }
}

typedef struct
{
  CdPreview *preview;
  gboolean   painted;
  gboolean   web_view_at_paint;
} FirstFrame;

static void
first_frame_cb (GdkFrameClock *clock,
                FirstFrame    *first)
{
  if (first->painted)
    return;

  first->painted = TRUE;
  first->web_view_at_paint = first->preview->web_view != NULL;
}

static gboolean
first_frame_painted (gpointer data)
{
  FirstFrame *first = data;

  return first->painted;
}

static gboolean
page_loaded (gpointer data)
{
  CdPreview *preview = data;

  return preview->web_view != NULL && !_cd_preview_is_patch_pending (preview) && !preview->loading;
}

/* A window opening with its story draws its first frame without the
 * preview's web view, which its first page makes (15-20 ms of the main
 * thread, and the work WebKit does after); the page comes after that
 * frame and shows the story. */
static void
test_web_view_with_first_page (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CdPreview *preview = CD_PREVIEW (cd_preview_new ());
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  FirstFrame first = { preview, FALSE, FALSE };
  g_autofree char *headline = NULL;
  GdkFrameClock *frame_clock;

  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_set_child (window, GTK_WIDGET (preview));
  cd_preview_set_article (preview, article);
  gtk_window_present (window);
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_cb), &first);

  cd_test_wait_for (first_frame_painted, &first, "the window's first frame");
  g_signal_handlers_disconnect_by_data (frame_clock, &first);
  g_assert_false (first.web_view_at_paint);

  cd_test_wait_for (page_loaded, preview, "the story's page");
  headline = cd_test_evaluate (_cd_preview_get_web_view (preview), "document.querySelector ('h1').textContent");
  g_assert_cmpstr (headline, ==, cd_article_get_field (article, CD_ARTICLE_FIELD_HEADLINE));

  cd_test_destroy_window (window);
}

typedef struct
{
  CdPreview *preview;
  guint      n_ends;
} EndsWait;

static gboolean
web_process_ended (gpointer data)
{
  EndsWait *wait = data;

  return _cd_preview_get_n_crashes (wait->preview) >= wait->n_ends;
}

static gboolean
web_view_gone (gpointer data)
{
  CdPreview *preview = data;

  return preview->web_view == NULL;
}

static gboolean
preview_started (gpointer data)
{
  return !_cd_preview_is_stopped (data);
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_BUTTON (child) ? child : find_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
assert_headline_shown (CdPreview  *preview,
                       const char *expected)
{
  g_autofree char *headline = NULL;

  cd_test_wait_for (page_loaded, preview, "the story's page");
  headline = cd_test_evaluate (preview->web_view, "document.querySelector ('h1').textContent");
  g_assert_cmpstr (headline, ==, expected);
}

/* A web process that ends is replaced and the story shown again. When
 * each one ends at once (three within 30 s: a driver that fails, a
 * library missing), the preview stops: it says so in place of the page
 * and starts no more web processes, whatever the story does, until the
 * user asks it to try again. */
static void
test_web_process_ends (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CdPreview *preview = CD_PREVIEW (cd_preview_new ());
  g_autoptr(CdArticle) article = cd_test_load_sample ();
  GtkWidget *button;

  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_set_child (window, GTK_WIDGET (preview));
  cd_preview_set_article (preview, article);
  gtk_window_present (window);
  assert_headline_shown (preview, cd_article_get_headline (article));

  for (guint i = 1; i <= 3; i++)
    {
      EndsWait wait = { preview, i };

      g_assert_false (_cd_preview_is_stopped (preview));
      webkit_web_view_terminate_web_process (preview->web_view);
      cd_test_wait_for (web_process_ended, &wait, "the web process to end");
      if (i < 3)
        assert_headline_shown (preview, cd_article_get_headline (article));
    }

  g_assert_true (_cd_preview_is_stopped (preview));
  cd_test_wait_for (web_view_gone, preview, "the preview's message");
  button = find_button (GTK_WIDGET (preview));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, _("_Try Again"));

  /* An edit changes nothing there. */
  cd_article_set_headline (article, "Ferries run again after the storm");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (_cd_preview_is_stopped (preview));
  g_assert_null (preview->web_view);

  /* A button activated shows its press, then is clicked. */
  gtk_widget_activate (button);
  cd_test_wait_for (preview_started, preview, "the preview to try again");
  assert_headline_shown (preview, "Ferries run again after the storm");
  g_assert_cmpuint (_cd_preview_get_n_crashes (preview), ==, 3);

  /* Stopped again, a print asks for the page: the preview tries again. */
  for (guint i = 4; i <= 6; i++)
    {
      EndsWait wait = { preview, i };

      webkit_web_view_terminate_web_process (preview->web_view);
      cd_test_wait_for (web_process_ended, &wait, "the web process to end");
      if (i < 6)
        cd_test_wait_for (page_loaded, preview, "the story's page");
    }
  cd_test_wait_for (web_view_gone, preview, "the preview's message");
  g_assert_nonnull (_cd_preview_get_web_view (preview));
  g_assert_false (_cd_preview_is_stopped (preview));
  assert_headline_shown (preview, "Ferries run again after the storm");

  cd_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/preview/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/ui/preview/resources", test_resources);
  g_test_add_func ("/ui/preview/web-view-with-first-page", test_web_view_with_first_page);
  g_test_add_func ("/ui/preview/web-process-ends", test_web_process_ends);
  ADD ("headline-patched", test_headline_patched);
  ADD ("block-patched", test_block_patched);
  ADD ("static-page-not-composited", test_static_page_not_composited);
  ADD ("insert-each-type", test_insert_each_type);
  ADD ("remove-blocks", test_remove_blocks);
  ADD ("move-blocks", test_move_blocks);
  ADD ("coalesced", test_coalesced);
  ADD ("patched-while-busy", test_patched_while_busy);
  ADD ("sent-before-drawing", test_sent_before_drawing);
  ADD ("dateline", test_dateline);
  ADD ("lead-and-media", test_lead_and_media);
  ADD ("language", test_language);
  ADD ("scroll-kept", test_scroll_kept);
  ADD ("escaping", test_escaping);
  ADD ("patches-under-csp", test_patches_under_csp);
  ADD ("other-article", test_other_article);
  ADD ("page-width", test_page_width);

#undef ADD

  return g_test_run ();
}
