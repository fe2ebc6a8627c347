/* cd-block-memo.c: what was worked out from a story's blocks, kept while
 * they do not change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-memo"

#include "config.h"

#include "cd-block-memo.h"

typedef struct
{
  /* The block, not held: a block freed and another made at its address
   * has another serial. */
  CdBlock  *block;
  guint64   serial;
  gpointer  value;
} Entry;

struct _CdBlockMemo
{
  GDestroyNotify  value_free;
  /* The last pass's entries in the order it asked, and this pass's. */
  GArray         *last;
  GArray         *current;
  /* Where in last each of its blocks is, made when a block is not where
   * it was (a block added, removed or moved). */
  GHashTable     *last_index;
};

static void
clear_entries (CdBlockMemo *self,
               GArray      *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      if (entry->value != NULL && self->value_free != NULL)
        self->value_free (entry->value);
    }
  g_array_set_size (entries, 0);
}

CdBlockMemo *
cd_block_memo_new (GDestroyNotify value_free)
{
  CdBlockMemo *self = g_new0 (CdBlockMemo, 1);

  self->value_free = value_free;
  self->last = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->current = g_array_new (FALSE, FALSE, sizeof (Entry));

  return self;
}

void
cd_block_memo_free (CdBlockMemo *memo)
{
  if (memo == NULL)
    return;

  clear_entries (memo, memo->last);
  clear_entries (memo, memo->current);
  g_array_unref (memo->last);
  g_array_unref (memo->current);
  g_clear_pointer (&memo->last_index, g_hash_table_unref);
  g_free (memo);
}

/* The entry of @block in the last pass, or NULL. */
static Entry *
find_last (CdBlockMemo *self,
           CdBlock     *block)
{
  guint position = self->current->len;
  gpointer found;

  if (position < self->last->len && g_array_index (self->last, Entry, position).block == block)
    return &g_array_index (self->last, Entry, position);

  if (self->last_index == NULL)
    {
      self->last_index = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < self->last->len; i++)
        g_hash_table_insert (self->last_index, g_array_index (self->last, Entry, i).block,
                             GUINT_TO_POINTER (i + 1));
    }

  found = g_hash_table_lookup (self->last_index, block);
  return found != NULL ? &g_array_index (self->last, Entry, GPOINTER_TO_UINT (found) - 1) : NULL;
}

gpointer
cd_block_memo_get (CdBlockMemo     *memo,
                   CdBlock         *block,
                   CdBlockMemoMake  make,
                   gpointer         user_data)
{
  Entry *last;
  Entry entry;

  g_return_val_if_fail (memo != NULL, NULL);
  g_return_val_if_fail (CD_IS_BLOCK (block), NULL);
  g_return_val_if_fail (make != NULL, NULL);

  entry.block = block;
  entry.serial = cd_block_get_serial (block);
  last = find_last (memo, block);
  if (last != NULL && last->value != NULL && last->serial == entry.serial)
    {
      /* Moved to this pass, so ending it frees it only once. */
      entry.value = last->value;
      last->value = NULL;
    }
  else
    {
      entry.value = make (block, user_data);
    }
  g_array_append_val (memo->current, entry);

  return entry.value;
}

void
cd_block_memo_end_pass (CdBlockMemo *memo)
{
  GArray *ended;

  g_return_if_fail (memo != NULL);

  clear_entries (memo, memo->last);
  ended = memo->last;
  memo->last = memo->current;
  memo->current = ended;
  g_clear_pointer (&memo->last_index, g_hash_table_unref);
}
