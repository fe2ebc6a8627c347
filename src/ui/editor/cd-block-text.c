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

static void
add_our_tags (GPtrArray *tags,
              GSList    *list)
{
  for (GSList *l = list; l != NULL; l = l->next)
    if (cd_block_text_tag_to_mark_type (l->data, NULL, NULL) &&
        !g_ptr_array_find (tags, l->data, NULL))
      g_ptr_array_add (tags, l->data);
  g_slist_free (list);
}

/* The mark tags present between @start and @end. A link is a tag of its
 * own, and a book-length story has thousands: walking only the toggles
 * in the range keeps a keystroke from visiting every link of the story. */
static GPtrArray *
list_tags (const GtkTextIter *start,
           const GtkTextIter *end)
{
  GPtrArray *tags = g_ptr_array_new ();
  GtkTextIter iter = *start;

  add_our_tags (tags, gtk_text_iter_get_tags (&iter));
  while (gtk_text_iter_forward_to_tag_toggle (&iter, NULL) && gtk_text_iter_compare (&iter, end) < 0)
    add_our_tags (tags, gtk_text_iter_get_toggled_tags (&iter, TRUE));

  return tags;
}

GPtrArray *
cd_block_text_get_marks (GtkTextBuffer     *buffer,
                         const GtkTextIter *start,
                         const GtkTextIter *end)
{
  g_autoptr(GPtrArray) tags = NULL;
  GPtrArray *marks = cd_marks_new ();
  int base = gtk_text_iter_get_offset (start);
  int limit = gtk_text_iter_get_offset (end);

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), marks);

  tags = list_tags (start, end);

  for (guint i = 0; i < tags->len; i++)
    {
      GtkTextTag *tag = g_ptr_array_index (tags, i);
      GtkTextIter iter = *start;
      CdMarkType type;
      const char *href;

      cd_block_text_tag_to_mark_type (tag, &type, &href);

      while (gtk_text_iter_get_offset (&iter) < limit)
        {
          int run_start;
          int run_end;

          if (!gtk_text_iter_has_tag (&iter, tag))
            {
              if (!gtk_text_iter_forward_to_tag_toggle (&iter, tag))
                break;
              if (gtk_text_iter_get_offset (&iter) >= limit)
                break;
            }

          run_start = gtk_text_iter_get_offset (&iter);
          gtk_text_iter_forward_to_tag_toggle (&iter, tag);
          run_end = MIN (gtk_text_iter_get_offset (&iter), limit);

          if (run_end > run_start)
            g_ptr_array_add (marks, cd_mark_new (type, run_start - base, run_end - base,
                                                 type == CD_MARK_LINK ? href : NULL));
        }
    }

  cd_marks_normalize (marks);

  return marks;
}

void
cd_block_text_clear_marks (GtkTextBuffer     *buffer,
                           const GtkTextIter *start,
                           const GtkTextIter *end)
{
  g_autoptr(GPtrArray) tags = NULL;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  tags = list_tags (start, end);
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
