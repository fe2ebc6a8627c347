/* cd-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-history"

#include "config.h"

#include <string.h>

#include "cd-history.h"

/* Typing pauses longer than this start a new undo step. */
#define COALESCE_USEC (3 * G_USEC_PER_SEC)
#define MAX_STEPS 2000

typedef enum
{
  CHANGE_FIELD,
  CHANGE_KEYWORDS,
  CHANGE_BYLINES,
  CHANGE_DATELINE,
  CHANGE_LEAD,
  CHANGE_BLOCK,
  CHANGE_ITEMS,
} ChangeKind;

typedef struct
{
  ChangeKind      kind;
  CdArticleField  field;
  char           *block_id;
  /* Values before and after: char *, GStrv, GPtrArray of CdByline,
   * CdDateline *, or CdBlock * depending on the kind. */
  gpointer        old_value;
  gpointer        new_value;
  /* CHANGE_ITEMS: copies of the blocks removed and added at position. */
  guint           position;
  GPtrArray      *removed;
  GPtrArray      *added;
} Change;

typedef struct
{
  GPtrArray *changes;
  gint64     time;
} Step;

struct _CdHistory
{
  GObject     parent_instance;

  CdArticle  *article;

  /* The article as it was after the last recorded change: each signal is
   * turned into a change by comparing against it. */
  char       *fields[CD_N_ARTICLE_FIELDS];
  GStrv       keywords;
  GPtrArray  *bylines;
  CdDateline *dateline;
  CdBlock    *lead;
  GPtrArray  *blocks;

  GQueue      undo;
  GQueue      redo;
  Step       *open_step;
  guint       group_depth;
  guint       applying;
  gboolean    coalesce_broken;
};

G_DEFINE_FINAL_TYPE (CdHistory, cd_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
free_value (ChangeKind kind,
            gpointer   value)
{
  if (value == NULL)
    return;

  switch (kind)
    {
    case CHANGE_FIELD:
      g_free (value);
      break;
    case CHANGE_KEYWORDS:
      g_strfreev (value);
      break;
    case CHANGE_BYLINES:
      g_ptr_array_unref (value);
      break;
    case CHANGE_DATELINE:
      cd_dateline_free (value);
      break;
    case CHANGE_LEAD:
    case CHANGE_BLOCK:
      g_object_unref (value);
      break;
    case CHANGE_ITEMS:
    default:
      g_assert_not_reached ();
    }
}

static void
change_free (Change *change)
{
  if (change->kind != CHANGE_ITEMS)
    {
      free_value (change->kind, change->old_value);
      free_value (change->kind, change->new_value);
    }
  g_free (change->block_id);
  g_clear_pointer (&change->removed, g_ptr_array_unref);
  g_clear_pointer (&change->added, g_ptr_array_unref);
  g_free (change);
}

static Step *
step_new (void)
{
  Step *step = g_new0 (Step, 1);

  step->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  step->time = g_get_monotonic_time ();

  return step;
}

static void
step_free (Step *step)
{
  g_ptr_array_unref (step->changes);
  g_free (step);
}

static GPtrArray *
copy_bylines (GPtrArray *bylines)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);

  for (guint i = 0; i < bylines->len; i++)
    g_ptr_array_add (copy, cd_byline_copy (g_ptr_array_index (bylines, i)));

  return copy;
}

static GPtrArray *
copy_blocks (GListModel *model,
             guint       position,
             guint       n)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CdBlock) block = g_list_model_get_item (model, position + i);

      g_ptr_array_add (copy, cd_block_copy (block));
    }

  return copy;
}

static void
notify_can (CdHistory *self,
            gboolean   could_undo,
            gboolean   could_redo)
{
  if (could_undo != cd_history_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != cd_history_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static gboolean
same_target (Change *a,
             Change *b)
{
  if (a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case CHANGE_FIELD:
      return a->field == b->field;
    case CHANGE_BLOCK:
      return g_strcmp0 (a->block_id, b->block_id) == 0;
    case CHANGE_KEYWORDS:
    case CHANGE_BYLINES:
    case CHANGE_DATELINE:
    case CHANGE_LEAD:
      return TRUE;
    case CHANGE_ITEMS:
    default:
      return FALSE;
    }
}

static void
record (CdHistory *self,
        Change    *change)
{
  gboolean could_undo = cd_history_can_undo (self);
  gboolean could_redo = cd_history_can_redo (self);
  gint64 now = g_get_monotonic_time ();
  Step *last;

  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);

  if (self->open_step != NULL)
    {
      g_ptr_array_add (self->open_step->changes, change);
      notify_can (self, could_undo, could_redo);
      return;
    }

  /* Typing into one field or block keeps extending the same step. */
  last = g_queue_peek_tail (&self->undo);
  if (last != NULL &&
      !self->coalesce_broken &&
      last->changes->len == 1 &&
      now - last->time < COALESCE_USEC &&
      same_target (g_ptr_array_index (last->changes, 0), change))
    {
      Change *previous = g_ptr_array_index (last->changes, 0);

      free_value (previous->kind, previous->new_value);
      previous->new_value = g_steal_pointer (&change->new_value);
      change_free (change);
      last->time = now;
      return;
    }

  last = step_new ();
  g_ptr_array_add (last->changes, change);
  g_queue_push_tail (&self->undo, last);
  self->coalesce_broken = FALSE;

  while (self->undo.length > MAX_STEPS)
    step_free (g_queue_pop_head (&self->undo));

  notify_can (self, could_undo, could_redo);
}

static void
field_changed_cb (CdHistory  *self,
                  const char *name,
                  CdArticle  *article)
{
  Change *change = g_new0 (Change, 1);

  if (g_str_equal (name, "keywords"))
    {
      change->kind = CHANGE_KEYWORDS;
      change->old_value = g_steal_pointer (&self->keywords);
      self->keywords = g_strdupv ((char **) cd_article_get_keywords (article));
      change->new_value = g_strdupv (self->keywords);
    }
  else if (g_str_equal (name, "bylines"))
    {
      change->kind = CHANGE_BYLINES;
      change->old_value = g_steal_pointer (&self->bylines);
      self->bylines = copy_bylines (cd_article_get_bylines (article));
      change->new_value = copy_bylines (self->bylines);
    }
  else if (g_str_equal (name, "dateline"))
    {
      const CdDateline *dateline = cd_article_get_dateline (article);

      change->kind = CHANGE_DATELINE;
      change->old_value = g_steal_pointer (&self->dateline);
      self->dateline = dateline != NULL ? cd_dateline_copy (dateline) : NULL;
      change->new_value = dateline != NULL ? cd_dateline_copy (dateline) : NULL;
    }
  else if (g_str_equal (name, "lead"))
    {
      CdBlock *lead = cd_article_get_lead (article);

      change->kind = CHANGE_LEAD;
      change->old_value = g_steal_pointer (&self->lead);
      self->lead = lead != NULL ? cd_block_copy (lead) : NULL;
      change->new_value = lead != NULL ? cd_block_copy (lead) : NULL;
    }
  else
    {
      CdArticleField field = CD_N_ARTICLE_FIELDS;

      for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
        {
          if (g_str_equal (name, cd_article_field_to_string (i)))
            field = i;
        }

      if (field == CD_N_ARTICLE_FIELDS)
        {
          g_free (change);
          return;
        }

      change->kind = CHANGE_FIELD;
      change->field = field;
      change->old_value = g_steal_pointer (&self->fields[field]);
      self->fields[field] = g_strdup (cd_article_get_field (article, field));
      change->new_value = g_strdup (self->fields[field]);
    }

  /* The modified time is bookkeeping that saving stamps, not an edit:
   * undo must never turn it back. */
  if (self->applying > 0 ||
      (change->kind == CHANGE_FIELD && change->field == CD_ARTICLE_FIELD_MODIFIED))
    change_free (change);
  else
    record (self, change);
}

static void
block_changed_cb (CdHistory *self,
                  CdBlock   *block,
                  CdArticle *article)
{
  Change *change;
  guint position;

  if (!g_list_store_find (G_LIST_STORE (cd_article_get_blocks (article)), block, &position))
    return;

  g_assert (position < self->blocks->len);

  /* Recorded against the id the block had before, which an edit of the
   * id itself may have changed, so undo can find the block again. */
  change = g_new0 (Change, 1);
  change->kind = CHANGE_BLOCK;
  change->old_value = g_ptr_array_index (self->blocks, position);
  change->block_id = g_strdup (cd_block_get_id (change->old_value));
  change->new_value = cd_block_copy (block);
  g_ptr_array_index (self->blocks, position) = cd_block_copy (block);

  if (self->applying > 0)
    change_free (change);
  else
    record (self, change);
}

static void
items_changed_cb (CdHistory  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *model)
{
  Change *change = g_new0 (Change, 1);

  change->kind = CHANGE_ITEMS;
  change->position = position;
  change->removed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (change->removed, g_object_ref (g_ptr_array_index (self->blocks, position + i)));
  g_ptr_array_remove_range (self->blocks, position, removed);

  change->added = copy_blocks (model, position, added);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->blocks, position + i, cd_block_copy (g_ptr_array_index (change->added, i)));

  if (self->applying > 0)
    change_free (change);
  else
    record (self, change);
}

static void
apply_blocks (CdHistory *self,
              guint      position,
              GPtrArray *remove,
              GPtrArray *insert)
{
  for (guint i = 0; i < remove->len; i++)
    cd_article_remove_block (self->article, position);

  for (guint i = 0; i < insert->len; i++)
    {
      g_autoptr (CdBlock) copy = cd_block_copy (g_ptr_array_index (insert, i));

      cd_article_insert_block (self->article, position + i, copy);
    }
}

static void
apply_change (CdHistory *self,
              Change    *change,
              gboolean   forward)
{
  gpointer value = forward ? change->new_value : change->old_value;

  switch (change->kind)
    {
    case CHANGE_FIELD:
      cd_article_set_field (self->article, change->field, value);
      break;

    case CHANGE_KEYWORDS:
      cd_article_set_keywords (self->article, value);
      break;

    case CHANGE_BYLINES:
      cd_article_set_bylines (self->article, value);
      break;

    case CHANGE_DATELINE:
      cd_article_set_dateline (self->article, value);
      break;

    case CHANGE_LEAD:
      {
        CdBlock *lead = cd_article_get_lead (self->article);

        if (value == NULL)
          cd_article_set_lead (self->article, NULL);
        else if (lead != NULL && g_strcmp0 (cd_block_get_id (lead), cd_block_get_id (value)) == 0)
          cd_block_assign (lead, value);
        else
          {
            g_autoptr (CdBlock) copy = cd_block_copy (value);

            cd_article_set_lead (self->article, copy);
          }
      }
      break;

    case CHANGE_BLOCK:
      {
        CdBlock *block = cd_article_find_block (self->article, change->block_id, NULL);

        if (block == NULL && !forward)
          block = cd_article_find_block (self->article, cd_block_get_id (change->new_value), NULL);

        if (block != NULL)
          {
            g_autoptr (CdBlock) copy = cd_block_copy (value);

            cd_block_set_id (block, cd_block_get_id (copy));
            cd_block_assign (block, copy);
          }
      }
      break;

    case CHANGE_ITEMS:
      if (forward)
        apply_blocks (self, change->position, change->removed, change->added);
      else
        apply_blocks (self, change->position, change->added, change->removed);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
cd_history_dispose (GObject *object)
{
  CdHistory *self = (CdHistory *) object;

  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_clear_object (&self->article);

  G_OBJECT_CLASS (cd_history_parent_class)->dispose (object);
}

static void
cd_history_finalize (GObject *object)
{
  CdHistory *self = (CdHistory *) object;

  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_pointer (&self->keywords, g_strfreev);
  g_clear_pointer (&self->bylines, g_ptr_array_unref);
  g_clear_pointer (&self->dateline, cd_dateline_free);
  g_clear_object (&self->lead);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  g_clear_pointer (&self->open_step, step_free);

  G_OBJECT_CLASS (cd_history_parent_class)->finalize (object);
}

static void
cd_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CdHistory *self = CD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, cd_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, cd_history_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_history_class_init (CdHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_history_dispose;
  object_class->finalize = cd_history_finalize;
  object_class->get_property = cd_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_history_init (CdHistory *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

CdHistory *
cd_history_new (CdArticle *article)
{
  CdHistory *self;
  const CdDateline *dateline;
  GListModel *blocks;

  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  self = g_object_new (CD_TYPE_HISTORY, NULL);
  self->article = g_object_ref (article);

  for (guint i = 0; i < CD_N_ARTICLE_FIELDS; i++)
    self->fields[i] = g_strdup (cd_article_get_field (article, i));
  self->keywords = g_strdupv ((char **) cd_article_get_keywords (article));
  self->bylines = copy_bylines (cd_article_get_bylines (article));
  dateline = cd_article_get_dateline (article);
  self->dateline = dateline != NULL ? cd_dateline_copy (dateline) : NULL;
  self->lead = cd_article_get_lead (article) != NULL ? cd_block_copy (cd_article_get_lead (article)) : NULL;
  blocks = cd_article_get_blocks (article);
  self->blocks = copy_blocks (blocks, 0, g_list_model_get_n_items (blocks));

  g_signal_connect_object (article, "field-changed", G_CALLBACK (field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (article, "block-changed", G_CALLBACK (block_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (blocks, "items-changed", G_CALLBACK (items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

CdArticle *
cd_history_get_article (CdHistory *self)
{
  g_return_val_if_fail (CD_IS_HISTORY (self), NULL);

  return self->article;
}

gboolean
cd_history_can_undo (CdHistory *self)
{
  g_return_val_if_fail (CD_IS_HISTORY (self), FALSE);

  return self->undo.length > 0;
}

gboolean
cd_history_can_redo (CdHistory *self)
{
  g_return_val_if_fail (CD_IS_HISTORY (self), FALSE);

  return self->redo.length > 0;
}

static gboolean
move_step (CdHistory *self,
           GQueue    *from,
           GQueue    *to,
           gboolean   forward)
{
  gboolean could_undo = cd_history_can_undo (self);
  gboolean could_redo = cd_history_can_redo (self);
  Step *step;

  g_return_val_if_fail (self->open_step == NULL, FALSE);

  step = g_queue_pop_tail (from);
  if (step == NULL)
    return FALSE;

  self->applying++;
  if (forward)
    {
      for (guint i = 0; i < step->changes->len; i++)
        apply_change (self, g_ptr_array_index (step->changes, i), TRUE);
    }
  else
    {
      for (guint i = step->changes->len; i > 0; i--)
        apply_change (self, g_ptr_array_index (step->changes, i - 1), FALSE);
    }
  self->applying--;

  g_queue_push_tail (to, step);
  self->coalesce_broken = TRUE;
  notify_can (self, could_undo, could_redo);

  return TRUE;
}

gboolean
cd_history_undo (CdHistory *self)
{
  g_return_val_if_fail (CD_IS_HISTORY (self), FALSE);

  return move_step (self, &self->undo, &self->redo, FALSE);
}

gboolean
cd_history_redo (CdHistory *self)
{
  g_return_val_if_fail (CD_IS_HISTORY (self), FALSE);

  return move_step (self, &self->redo, &self->undo, TRUE);
}

void
cd_history_begin_group (CdHistory *self)
{
  g_return_if_fail (CD_IS_HISTORY (self));

  if (self->group_depth++ == 0)
    self->open_step = step_new ();
}

void
cd_history_end_group (CdHistory *self)
{
  gboolean could_undo;
  gboolean could_redo;
  Step *step;

  g_return_if_fail (CD_IS_HISTORY (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;

  could_undo = cd_history_can_undo (self);
  could_redo = cd_history_can_redo (self);
  step = g_steal_pointer (&self->open_step);

  if (step->changes->len == 0)
    {
      step_free (step);
      return;
    }

  g_queue_push_tail (&self->undo, step);
  self->coalesce_broken = TRUE;
  notify_can (self, could_undo, could_redo);
}

void
cd_history_break (CdHistory *self)
{
  g_return_if_fail (CD_IS_HISTORY (self));

  self->coalesce_broken = TRUE;
}

void
cd_history_clear (CdHistory *self)
{
  gboolean could_undo;
  gboolean could_redo;

  g_return_if_fail (CD_IS_HISTORY (self));

  could_undo = cd_history_can_undo (self);
  could_redo = cd_history_can_redo (self);
  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  notify_can (self, could_undo, could_redo);
}

gboolean
cd_history_is_applying (CdHistory *self)
{
  g_return_val_if_fail (CD_IS_HISTORY (self), FALSE);

  return self->applying > 0;
}
