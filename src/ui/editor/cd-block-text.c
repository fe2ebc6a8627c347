/* cd-block-text.c: inline formatting between text buffers and marks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-text"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-block-text.h"

#define LINK_COLOR "#3584e4"
#define TAG_TYPE_KEY "cd-mark-type"
#define TAG_HREF_KEY "cd-href"

static GtkTextTag *
create_tag (GtkTextBuffer *buffer,
            const char    *name,
            CdMarkType     type,
            const char    *href)
{
  GtkTextTag *tag;

  if (type == CD_MARK_LINK)
    tag = gtk_text_buffer_create_tag (buffer, name,
                                      "underline", PANGO_UNDERLINE_SINGLE,
                                      "foreground", LINK_COLOR,
                                      NULL);
  else if (type == CD_MARK_STRONG)
    tag = gtk_text_buffer_create_tag (buffer, name, "weight", PANGO_WEIGHT_BOLD, NULL);
  else
    tag = gtk_text_buffer_create_tag (buffer, name, "style", PANGO_STYLE_ITALIC, NULL);

  /* Stored with an offset so CD_MARK_STRONG (0) is told from "not ours". */
  g_object_set_data (G_OBJECT (tag), TAG_TYPE_KEY, GUINT_TO_POINTER (type + 1));
  if (href != NULL)
    g_object_set_data_full (G_OBJECT (tag), TAG_HREF_KEY, g_strdup (href), g_free);

  return tag;
}

void
cd_block_text_setup_tags (GtkTextBuffer *buffer)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  create_tag (buffer, "strong", CD_MARK_STRONG, NULL);
  create_tag (buffer, "em", CD_MARK_EM, NULL);
}

GtkTextTag *
cd_block_text_get_tag (GtkTextBuffer *buffer,
                       CdMarkType     type,
                       const char    *href)
{
  GtkTextTagTable *table;
  g_autofree char *name = NULL;
  GtkTextTag *tag;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  table = gtk_text_buffer_get_tag_table (buffer);

  if (type == CD_MARK_STRONG || type == CD_MARK_EM)
    {
      const char *fixed = type == CD_MARK_STRONG ? "strong" : "em";

      tag = gtk_text_tag_table_lookup (table, fixed);
      if (tag == NULL)
        tag = create_tag (buffer, fixed, type, NULL);

      return tag;
    }

  g_return_val_if_fail (href != NULL, NULL);

  name = g_strconcat (CD_BLOCK_TEXT_LINK_PREFIX, href, NULL);
  tag = gtk_text_tag_table_lookup (table, name);
  if (tag == NULL)
    tag = create_tag (buffer, name, CD_MARK_LINK, href);

  return tag;
}

gboolean
cd_block_text_tag_to_mark_type (GtkTextTag  *tag,
                                CdMarkType  *type,
                                const char **href)
{
  guint stored = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (tag), TAG_TYPE_KEY));

  if (stored == 0)
    return FALSE;

  if (type != NULL)
    *type = stored - 1;
  if (href != NULL)
    *href = g_object_get_data (G_OBJECT (tag), TAG_HREF_KEY);

  return TRUE;
}

/* Calls @func for each run of a mark's tag within [@start, @end): one walk
 * over the tags toggled in the range, however many tags the buffer has
 * (a long story has one per link address). */
typedef void (*TagRunFunc) (GtkTextTag *tag,
                            int         run_start,
                            int         run_end,
                            gpointer    user_data);

static void
foreach_mark_run (const GtkTextIter *start,
                  const GtkTextIter *end,
                  TagRunFunc         func,
                  gpointer           user_data)
{
  g_autoptr(GHashTable) open = g_hash_table_new (NULL, NULL);
  g_autoptr(GSList) at_start = gtk_text_iter_get_tags (start);
  int limit = gtk_text_iter_get_offset (end);
  GtkTextIter iter = *start;
  GHashTableIter open_iter;
  gpointer tag;
  gpointer run_start;

  for (GSList *l = at_start; l != NULL; l = l->next)
    {
      if (cd_block_text_tag_to_mark_type (l->data, NULL, NULL))
        g_hash_table_insert (open, l->data, GINT_TO_POINTER (gtk_text_iter_get_offset (start)));
    }

  while (gtk_text_iter_forward_to_tag_toggle (&iter, NULL) && gtk_text_iter_get_offset (&iter) < limit)
    {
      int offset = gtk_text_iter_get_offset (&iter);
      g_autoptr(GSList) off = gtk_text_iter_get_toggled_tags (&iter, FALSE);
      g_autoptr(GSList) on = gtk_text_iter_get_toggled_tags (&iter, TRUE);

      for (GSList *l = off; l != NULL; l = l->next)
        {
          if (g_hash_table_lookup_extended (open, l->data, NULL, &run_start))
            {
              func (l->data, GPOINTER_TO_INT (run_start), offset, user_data);
              g_hash_table_remove (open, l->data);
            }
        }
      for (GSList *l = on; l != NULL; l = l->next)
        {
          if (cd_block_text_tag_to_mark_type (l->data, NULL, NULL))
            g_hash_table_insert (open, l->data, GINT_TO_POINTER (offset));
        }
    }

  g_hash_table_iter_init (&open_iter, open);
  while (g_hash_table_iter_next (&open_iter, &tag, &run_start))
    func (tag, GPOINTER_TO_INT (run_start), limit, user_data);
}

typedef struct
{
  GPtrArray *marks;
  int        base;
} MarkRuns;

static void
add_mark_run_cb (GtkTextTag *tag,
                 int         run_start,
                 int         run_end,
                 gpointer    user_data)
{
  MarkRuns *runs = user_data;
  CdMarkType type;
  const char *href;

  cd_block_text_tag_to_mark_type (tag, &type, &href);
  if (run_end > run_start)
    g_ptr_array_add (runs->marks, cd_mark_new (type, run_start - runs->base, run_end - runs->base,
                                               type == CD_MARK_LINK ? href : NULL));
}

GPtrArray *
cd_block_text_get_marks (GtkTextBuffer     *buffer,
                         const GtkTextIter *start,
                         const GtkTextIter *end)
{
  MarkRuns runs = { cd_marks_new (), gtk_text_iter_get_offset (start) };

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), runs.marks);

  foreach_mark_run (start, end, add_mark_run_cb, &runs);
  cd_marks_normalize (runs.marks);

  return runs.marks;
}

static void
collect_run_tag_cb (GtkTextTag *tag,
                    int         run_start,
                    int         run_end,
                    gpointer    user_data)
{
  g_ptr_array_add (user_data, tag);
}

void
cd_block_text_clear_marks (GtkTextBuffer     *buffer,
                           const GtkTextIter *start,
                           const GtkTextIter *end)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  /* Only the tags in the range: typing clears the marks of each key's
   * character, and the story may have hundreds of tags. */
  foreach_mark_run (start, end, collect_run_tag_cb, tags);
  for (guint i = 0; i < tags->len; i++)
    gtk_text_buffer_remove_tag (buffer, g_ptr_array_index (tags, i), start, end);
}

void
cd_block_text_apply_marks (GtkTextBuffer     *buffer,
                           const GtkTextIter *start,
                           guint              length,
                           GPtrArray         *marks)
{
  int base;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  if (marks == NULL)
    return;

  base = gtk_text_iter_get_offset (start);

  for (guint i = 0; i < marks->len; i++)
    {
      const CdMark *mark = g_ptr_array_index (marks, i);
      guint mark_end = MIN (mark->end, length);
      GtkTextIter mark_start_iter;
      GtkTextIter mark_end_iter;
      GtkTextTag *tag;

      if (mark->start >= mark_end)
        continue;
      if (mark->type == CD_MARK_LINK && !cd_href_is_allowed (mark->href))
        continue;

      tag = cd_block_text_get_tag (buffer, mark->type, mark->href);
      gtk_text_buffer_get_iter_at_offset (buffer, &mark_start_iter, base + mark->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &mark_end_iter, base + mark_end);
      gtk_text_buffer_apply_tag (buffer, tag, &mark_start_iter, &mark_end_iter);
    }
}
