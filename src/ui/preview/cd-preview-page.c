/* cd-preview-page.c: loading the story into the preview and patching it in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <cjson/cJSON.h>
#include <stdio.h>

#include "cd-embargo-banner.h"
#include "cd-house-style.h"
#include "cd-preview-private.h"
#include "cd-prompt-frame.h"
#include "cd-shm-pool.h"

static guint last_media_serial;

void
_cd_preview_set_media_serial (CdPreview *self,
                              guint      serial)
{
  self->media_serial = serial;
  g_clear_pointer (&self->media_prefix, g_free);
  if (serial != 0)
    self->media_prefix = g_strdup_printf (CD_PREVIEW_MEDIA_SCHEME ":///%u/media/", serial);
}

void
_cd_preview_init_html_options (CdPreview     *self,
                               CdHtmlOptions *options,
                               CdHtmlMode     mode)
{
  /* The export's own writer: what the desk sees is what is published.
   * Embeds are the static cards, which load nothing, unless the desk
   * turned live embeds on. */
  cd_html_options_init (options);
  options->mode = mode;
  options->embeds = self->live_embeds ? CD_EMBEDS_OFFICIAL : CD_EMBEDS_STATIC;
  options->isolate_embeds = TRUE;
  options->media_prefix = self->media_prefix;
  options->inline_media = FALSE;

  g_clear_pointer (&self->desk_notice, g_free);
  if (self->article != NULL)
    self->desk_notice = cd_embargo_describe (cd_article_get_field (self->article, CD_ARTICLE_FIELD_EMBARGO));
  options->desk_notice = self->desk_notice;
}

/* Notes the body blocks as the page now shows them. */
static void
remember_shown (CdPreview *self)
{
  guint n = cd_article_get_n_blocks (self->article);

  g_hash_table_remove_all (self->shown_ids);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->shown_ids,
                      cd_html_block_dom_id (cd_block_get_id (cd_article_get_block (self->article, i))));
  g_set_object (&self->first_paragraph, cd_html_dateline_block (self->article));
}

gboolean
_cd_preview_has_changes (CdPreview *self)
{
  return g_hash_table_size (self->dirty_blocks) > 0 ||
         self->header_dirty ||
         self->lead_dirty ||
         self->order_dirty ||
         self->story_dirty ||
         self->media_dirty ||
         self->first_paragraph_dirty ||
         self->scroll_pending;
}

static void
clear_changes (CdPreview *self)
{
  g_hash_table_remove_all (self->dirty_blocks);
  self->header_dirty = FALSE;
  self->lead_dirty = FALSE;
  self->order_dirty = FALSE;
  self->story_dirty = FALSE;
  self->media_dirty = FALSE;
  self->first_paragraph_dirty = FALSE;
  self->scroll_pending = FALSE;
}

static void
cancel_flush (CdPreview *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->flush_clock != NULL)
    {
      /* A window closed meanwhile has disposed of its frame clock and
       * the clock's handlers with it. */
      if (g_signal_handler_is_connected (self->flush_clock, self->flush_paint_id))
        g_signal_handler_disconnect (self->flush_clock, self->flush_paint_id);
      self->flush_paint_id = 0;
      g_clear_object (&self->flush_clock);
    }
}

/* A page loaded anew shows every change made so far. */
void
_cd_preview_forget_changes (CdPreview *self)
{
  clear_changes (self);

  g_clear_handle_id (&self->render_id, g_source_remove);
  cancel_flush (self);

  g_cancellable_cancel (self->patch_cancellable);
  g_clear_object (&self->patch_cancellable);
  self->patch_running = FALSE;
}

void
_cd_preview_render (CdPreview *self)
{
  g_autofree char *html = NULL;
  CdHtmlOptions options;

  _cd_preview_forget_changes (self);
  g_hash_table_remove_all (self->shown_ids);
  g_clear_object (&self->first_paragraph);
  /* Stopped, the preview starts no web process until asked to. */
  if (self->stopped != NULL)
    return;
  _cd_preview_update_web_view (self);

  if (self->article == NULL)
    {
      _cd_preview_set_media_serial (self, 0);
      _cd_preview_load_html (self, "");
      return;
    }

  _cd_preview_set_media_serial (self, ++last_media_serial);
  _cd_preview_init_html_options (self, &options, CD_HTML_PAGE);
  options.stylesheet = cd_house_style_get_preview_stylesheet (self->house_style);

  html = cd_html_write (self->article, &options);
  remember_shown (self);
  _cd_preview_load_html (self, html);
}

static gboolean
render_cb (gpointer user_data)
{
  CdPreview *self = user_data;

  self->render_id = 0;
  _cd_preview_render (self);

  return G_SOURCE_REMOVE;
}

/* Above GDK_PRIORITY_REDRAW: the page starts loading before the next
 * frame, as when it was rendered at once. */
#define RENDER_PRIORITY (G_PRIORITY_HIGH_IDLE + 10)

/* Another story is rendered in a turn of the main loop of its own: a
 * long story's opening is then two turns (the editor taking it in, the
 * page written and loaded), not one twice as long, and input is not
 * kept waiting behind both. Changes made meanwhile are in the page it
 * renders. */
void
_cd_preview_schedule_render (CdPreview *self)
{
  if (self->render_id == 0)
    self->render_id = g_idle_add_full (RENDER_PRIORITY, render_cb, self, NULL);
}

static void flush (CdPreview *self);

/* Above GDK_PRIORITY_REDRAW, below the text views' first validation;
 * right after a key's frame (cd-prompt-frame.c), ahead of pre-flight and
 * the counts. */
#define FLUSH_PRIORITY (G_PRIORITY_HIGH_IDLE + 10)

static gboolean
flush_cb (gpointer user_data)
{
  CdPreview *self = user_data;

  self->flush_id = 0;
  cancel_flush (self);
  flush (self);

  return G_SOURCE_REMOVE;
}

static void
flush_before_paint_cb (GdkFrameClock *frame_clock,
                       CdPreview     *self)
{
  /* A key's frame draws the key first: the page, patching on the other
   * core meanwhile (with the X server drawing the frame), slowed it
   * down, and the patch was written before the frame began. The idle
   * sends the patch as the frame ends. */
  if (cd_prompt_frame_draws_key (frame_clock))
    return;

  cancel_flush (self);
  flush (self);
}

/* Changes wait until the main loop has nothing more urgent, so a burst
 * of them (a paste, an undo of many blocks) becomes one patch; and for
 * the page: a patch is never sent to a page still loading or behind
 * another patch. Not for the next frame: GTK draws a window at most once
 * a refresh period, and a key's patch waited for the frame drawing the
 * key. Just above GTK's drawing, not below it: frames that follow each
 * other without a pause (a long story's photos coming in) would keep an
 * idle of lower priority from running for seconds. */
void
_cd_preview_schedule_flush (CdPreview *self)
{
  if (self->flush_id != 0 ||
      self->render_id != 0 ||
      self->stopped != NULL ||
      self->loading ||
      self->patch_running ||
      self->article == NULL ||
      !_cd_preview_has_changes (self))
    return;

  self->flush_id = g_idle_add_full (FLUSH_PRIORITY, flush_cb, self, NULL);

  /* GDK hands a frame the input that came since the last one as the
   * frame begins, and the frame then lays out and draws at once: a key
   * typed while the window is animating (the caret blinks by frames)
   * would wait for all of that, and the page could not patch while the
   * window draws. Such a key's change goes out before the drawing. */
  if (self->flush_clock == NULL && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    {
      self->flush_clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
      self->flush_paint_id = g_signal_connect (self->flush_clock, "before-paint",
                                               G_CALLBACK (flush_before_paint_cb), self);
    }
}

static void
mark_block (CdPreview *self,
            CdBlock   *block)
{
  if (!g_hash_table_contains (self->dirty_blocks, block))
    g_hash_table_add (self->dirty_blocks, g_object_ref (block));
}

static void
mark_figures (CdPreview *self)
{
  guint n = cd_article_get_n_blocks (self->article);

  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (self->article, i);

      if (cd_block_get_block_type (block) == CD_BLOCK_FIGURE)
        mark_block (self, block);
    }
}

static void
field_changed_cb (CdPreview  *self,
                  const char *name,
                  CdArticle  *article)
{
  static const char * const header_fields[] = {
    "headline", "subheadline", "bylines", "created", "published", "embargo",
  };

  if (g_str_equal (name, "language"))
    {
      /* The language decides the lang attribute and the writer's own
       * words ("By", month names) all through the story. */
      self->story_dirty = TRUE;
    }
  else if (g_str_equal (name, "lead"))
    {
      self->lead_dirty = TRUE;
    }
  else if (g_str_equal (name, "dateline"))
    {
      /* Its date may be the story's date; its place opens the story. */
      self->header_dirty = TRUE;
      self->first_paragraph_dirty = TRUE;
    }
  else if (g_strv_contains (header_fields, name))
    {
      self->header_dirty = TRUE;
    }
  else
    {
      return;
    }

  _cd_preview_schedule_flush (self);
}

static void
block_changed_cb (CdPreview *self,
                  CdBlock   *block,
                  CdArticle *article)
{
  mark_block (self, block);
  _cd_preview_schedule_flush (self);
}

static void
media_changed_cb (CdPreview *self,
                  CdArticle *article)
{
  self->media_dirty = TRUE;
  _cd_preview_schedule_flush (self);
}

static void
items_changed_cb (CdPreview  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *blocks)
{
  self->order_dirty = TRUE;
  _cd_preview_schedule_flush (self);
}

void
_cd_preview_connect_article (CdPreview *self)
{
  g_signal_connect_object (self->article, "field-changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article, "block-changed",
                           G_CALLBACK (block_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article, "media-changed",
                           G_CALLBACK (media_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cd_article_get_blocks (self->article), "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_cd_preview_disconnect_article (CdPreview *self)
{
  g_signal_handlers_disconnect_by_data (self->article, self);
  g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
}

/* The body's order as the page is to show it. Blocks new to the page are
 * rendered, and so are both paragraphs when the one opening the story
 * (with the dateline) is another now. */
static void
add_order (CdPreview *self,
           cJSON     *message)
{
  guint n = cd_article_get_n_blocks (self->article);
  CdBlock *first = cd_html_dateline_block (self->article);
  GHashTable *shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cJSON *order = cJSON_AddArrayToObject (message, "order");

  for (guint i = 0; i < n; i++)
    {
      CdBlock *block = cd_article_get_block (self->article, i);
      char *id = cd_html_block_dom_id (cd_block_get_id (block));

      cJSON_AddItemToArray (order, cJSON_CreateString (id));
      if (!g_hash_table_contains (self->shown_ids, id))
        mark_block (self, block);
      g_hash_table_add (shown, id);
    }

  g_hash_table_unref (self->shown_ids);
  self->shown_ids = shown;

  if (first != self->first_paragraph)
    {
      if (self->first_paragraph != NULL)
        mark_block (self, self->first_paragraph);
      if (first != NULL)
        mark_block (self, first);
      g_set_object (&self->first_paragraph, first);
    }
}

/* Adds the changed blocks still in the story; returns whether the one the
 * editor works in is among them. */
static gboolean
add_blocks (CdPreview           *self,
            cJSON               *message,
            const CdHtmlOptions *options)
{
  cJSON *blocks = cJSON_AddArrayToObject (message, "blocks");
  GHashTableIter iter;
  CdBlock *block;
  gboolean has_focus = FALSE;

  g_hash_table_iter_init (&iter, self->dirty_blocks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &block, NULL))
    {
      guint position;
      g_autofree char *id = NULL;
      g_autofree char *html = NULL;
      cJSON *pair;

      /* A block removed (or replaced by a copy, as undo does) since it
       * changed is not the page's business any more. */
      if (cd_article_find_block (self->article, cd_block_get_id (block), &position) != block ||
          position == G_MAXUINT)
        continue;

      id = cd_html_block_dom_id (cd_block_get_id (block));
      html = cd_html_write_block (self->article, block, options);

      pair = cJSON_CreateArray ();
      cJSON_AddItemToArray (pair, cJSON_CreateString (id));
      cJSON_AddItemToArray (pair, cJSON_CreateString (html));
      cJSON_AddItemToArray (blocks, pair);

      has_focus |= g_strcmp0 (id, self->focus_id) == 0;
    }

  return has_focus;
}

/* JSON is JavaScript, but for two line terminators JavaScript engines
 * before ES2019 refuse inside strings; written as escapes they are safe
 * in every engine. */
static void
append_json_as_script (GString    *script,
                       const char *json)
{
  for (const char *p = json; *p != '\0'; p++)
    {
      if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
          ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9))
        {
          g_string_append (script, (guchar) p[2] == 0xa8 ? "\\u2028" : "\\u2029");
          p += 2;
        }
      else
        {
          g_string_append_c (script, *p);
        }
    }
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CdPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  /* The page was loaded anew meanwhile, with every change in it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->patch_running = FALSE;

  if (value != NULL)
    outcome = jsc_value_to_string (value);

  if (g_strcmp0 (outcome, "ok") != 0)
    {
      /* Something else changed the page (a test's own page, a reload by
       * the web process); the whole story puts it right. */
      g_debug ("The preview page is out of step with the story (%s); loading it again",
               error != NULL ? error->message : outcome);
      _cd_preview_render (self);
      return;
    }

  g_signal_emit (self, _cd_preview_signals[PREVIEW_SIGNAL_PATCHED], 0);
  _cd_preview_schedule_flush (self);
}

/* Provider scripts run once, as the page loads: in a live page an embed
 * that is new or changed takes the whole page again, and so does the
 * whole story changing under embeds. */
static gboolean
changes_need_reload (CdPreview *self)
{
  GHashTableIter iter;
  CdBlock *block;
  guint n;

  if (!self->live_embeds)
    return FALSE;

  g_hash_table_iter_init (&iter, self->dirty_blocks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &block, NULL))
    {
      if (cd_block_get_block_type (block) == CD_BLOCK_EMBED)
        return TRUE;
    }

  if (!self->story_dirty && !self->order_dirty)
    return FALSE;

  n = cd_article_get_n_blocks (self->article);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = NULL;

      block = cd_article_get_block (self->article, i);
      if (cd_block_get_block_type (block) != CD_BLOCK_EMBED)
        continue;

      if (self->story_dirty)
        return TRUE;

      id = cd_html_block_dom_id (cd_block_get_id (block));
      if (!g_hash_table_contains (self->shown_ids, id))
        return TRUE;
    }

  return FALSE;
}

/* Sends everything changed since the last patch to the page as one
 * program. */
static void
flush (CdPreview *self)
{
  g_autoptr(GString) script = NULL;
  CdHtmlOptions options;
  cJSON *message;
  char *json;
  gboolean scroll;

  if (self->article == NULL || !_cd_preview_has_changes (self))
    return;

  if (changes_need_reload (self))
    {
      _cd_preview_render (self);
      return;
    }

  /* The page's next frame is copied to the window whole. */
  cd_shm_pool_hold (GTK_WIDGET (self));

  message = cJSON_CreateObject ();

  if (self->media_dirty)
    {
      /* New addresses: the page would keep showing an old image of the
       * same name from its memory cache. */
      _cd_preview_set_media_serial (self, ++last_media_serial);
      self->lead_dirty = TRUE;
      mark_figures (self);
    }

  _cd_preview_init_html_options (self, &options, CD_HTML_FRAGMENT);
  scroll = self->scroll_pending;

  if (self->story_dirty)
    {
      g_autofree char *html = cd_html_write (self->article, &options);

      cJSON_AddStringToObject (message, "story", g_strchomp (html));
      remember_shown (self);
    }
  else
    {
      if (self->order_dirty)
        add_order (self, message);

      if (self->first_paragraph_dirty && self->first_paragraph != NULL)
        mark_block (self, self->first_paragraph);

      if (self->header_dirty)
        {
          g_autofree char *html = cd_html_write_header (self->article, &options);

          cJSON_AddStringToObject (message, "header", html);
          scroll |= g_strcmp0 (self->focus_id, "header") == 0;
        }

      if (self->lead_dirty)
        {
          g_autofree char *html = cd_html_write_lead (self->article, &options);

          cJSON_AddStringToObject (message, "lead", html);
        }

      if (g_hash_table_size (self->dirty_blocks) > 0)
        scroll |= add_blocks (self, message, &options);
    }

  if (scroll && self->focus_id != NULL)
    cJSON_AddStringToObject (message, "scroll", self->focus_id);

  if (self->report_patches)
    cJSON_AddNumberToObject (message, "report", self->n_flushes + 1);

  clear_changes (self);

  json = cJSON_PrintUnformatted (message);
  cJSON_Delete (message);

  /* The page's patch world defines the function (cd-preview-web.c). */
  script = g_string_sized_new (strlen (json) + 32);
  g_string_append (script, "copydeskPatch(");
  append_json_as_script (script, json);
  g_string_append (script, ");");
  cJSON_free (json);

  if (self->patch_cancellable == NULL)
    self->patch_cancellable = g_cancellable_new ();

  self->patch_running = TRUE;
  self->n_flushes++;
  if (self->report_patches)
    {
      gint64 now = g_get_monotonic_time ();

      g_array_set_size (self->flush_times, self->n_flushes + 1);
      g_array_index (self->flush_times, gint64, self->n_flushes) = now;
    }

  /* A world of its own: the program sees the page's DOM, but nothing a
   * page could define in its globals. */
  webkit_web_view_evaluate_javascript (self->web_view, script->str, script->len,
                                       CD_PREVIEW_PATCH_WORLD, NULL,
                                       self->patch_cancellable,
                                       patch_cb, g_object_ref (self));
}
