/* cd-block.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block"

#include "config.h"

#include <string.h>

#include "cd-block.h"
#include "cd-block-private.h"

struct _CdBlock
{
  GObject      parent_instance;

  CdBlockType  type;
  char        *id;
  char        *fields[CD_N_BLOCK_FIELDS];
  GPtrArray   *marks;
  GPtrArray   *items;
  guint        level;
  guint        width;
  guint        height;
  guint        ordered : 1;
  /* Taken anew at every ::changed, from one count for the whole process. */
  guint64      serial;
  /* The first owner, and any others: see _cd_block_add_owner (). */
  CdBlockOwnerFunc owner_func;
  gpointer         owner;
  GArray          *more_owners;
};

typedef struct
{
  CdBlockOwnerFunc func;
  gpointer         owner;
} Owner;

/* A story copied for a writer shares its blocks, and the copy can be
 * dropped on another thread than the one editing the story. */
G_LOCK_DEFINE_STATIC (owners);

G_DEFINE_FINAL_TYPE (CdBlock, cd_block, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Blocks are made on worker threads too (reading a story). */
static guint64
next_serial (void)
{
  static gsize counter;

  return (guint64) g_atomic_pointer_add (&counter, 1) + 1;
}

static void
tell_owners (CdBlock *self)
{
  Owner first;
  g_autoptr(GArray) others = NULL;

  G_LOCK (owners);
  first = (Owner) { self->owner_func, self->owner };
  if (self->more_owners != NULL && self->more_owners->len > 0)
    others = g_array_copy (self->more_owners);
  G_UNLOCK (owners);

  if (first.func != NULL)
    first.func (first.owner, self);
  for (guint i = 0; others != NULL && i < others->len; i++)
    {
      Owner *other = &g_array_index (others, Owner, i);

      other->func (other->owner, self);
    }
}

static void
emit_changed (CdBlock *self)
{
  self->serial = next_serial ();
  tell_owners (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_cd_block_add_owner (CdBlock          *self,
                     CdBlockOwnerFunc  func,
                     gpointer          owner)
{
  Owner added = { func, owner };

  g_return_if_fail (CD_IS_BLOCK (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (owner != NULL);

  G_LOCK (owners);
  if (self->owner_func == NULL)
    {
      self->owner_func = func;
      self->owner = owner;
    }
  else
    {
      if (self->more_owners == NULL)
        self->more_owners = g_array_new (FALSE, FALSE, sizeof (Owner));
      g_array_append_val (self->more_owners, added);
    }
  G_UNLOCK (owners);
}

void
_cd_block_remove_owner (CdBlock  *self,
                        gpointer  owner)
{
  g_return_if_fail (CD_IS_BLOCK (self));

  G_LOCK (owners);
  if (self->owner_func != NULL && self->owner == owner)
    {
      self->owner_func = NULL;
      self->owner = NULL;
      /* The next owner takes the first place. */
      if (self->more_owners != NULL && self->more_owners->len > 0)
        {
          Owner *next = &g_array_index (self->more_owners, Owner, 0);

          self->owner_func = next->func;
          self->owner = next->owner;
          g_array_remove_index (self->more_owners, 0);
        }
    }
  else
    {
      for (guint i = 0; self->more_owners != NULL && i < self->more_owners->len; i++)
        {
          if (g_array_index (self->more_owners, Owner, i).owner == owner)
            {
              g_array_remove_index (self->more_owners, i);
              break;
            }
        }
    }
  G_UNLOCK (owners);
}

static const char * const block_type_names[CD_N_BLOCK_TYPES] = {
  "paragraph", "heading", "quote", "pullquote",
  "list", "figure", "embed", "divider",
};

static const char * const block_field_names[CD_N_BLOCK_FIELDS] = {
  "text", "attribution", "src", "alt", "caption", "credit", "provider",
  "url", "kind", "author", "handle", "title", "date", "lang",
};

#define F(field) (1u << CD_BLOCK_FIELD_##field)

/* Which string members each block type carries, as in docs/article-format.md. */
static const guint block_type_fields[CD_N_BLOCK_TYPES] = {
  [CD_BLOCK_PARAGRAPH] = F (TEXT),
  [CD_BLOCK_HEADING]   = F (TEXT),
  [CD_BLOCK_QUOTE]     = F (TEXT) | F (ATTRIBUTION),
  [CD_BLOCK_PULLQUOTE] = F (TEXT) | F (ATTRIBUTION),
  [CD_BLOCK_LIST]      = 0,
  [CD_BLOCK_FIGURE]    = F (SRC) | F (ALT) | F (CAPTION) | F (CREDIT),
  [CD_BLOCK_EMBED]     = F (PROVIDER) | F (URL) | F (KIND) | F (AUTHOR) |
                         F (HANDLE) | F (TITLE) | F (TEXT) | F (DATE) | F (LANG),
  [CD_BLOCK_DIVIDER]   = 0,
};

#undef F

const char *
cd_block_type_to_string (CdBlockType type)
{
  g_return_val_if_fail (type < CD_N_BLOCK_TYPES, NULL);

  return block_type_names[type];
}

gboolean
cd_block_type_from_string (const char  *string,
                           CdBlockType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; i < CD_N_BLOCK_TYPES; i++)
    {
      if (g_strcmp0 (string, block_type_names[i]) == 0)
        {
          *type = (CdBlockType) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
cd_block_field_to_string (CdBlockField field)
{
  g_return_val_if_fail (field < CD_N_BLOCK_FIELDS, NULL);

  return block_field_names[field];
}

gboolean
cd_block_type_has_field (CdBlockType  type,
                         CdBlockField field)
{
  g_return_val_if_fail (type < CD_N_BLOCK_TYPES, FALSE);
  g_return_val_if_fail (field < CD_N_BLOCK_FIELDS, FALSE);

  return (block_type_fields[type] & (1u << field)) != 0;
}

gboolean
cd_block_type_has_marks (CdBlockType type)
{
  return type == CD_BLOCK_PARAGRAPH ||
         type == CD_BLOCK_HEADING ||
         type == CD_BLOCK_QUOTE ||
         type == CD_BLOCK_LIST;
}

static char *
generate_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  /* Twelve hex digits keep ids short in the JSON and in data-block-id
   * while a clash inside one story stays vanishingly unlikely. */
  return g_strdup_printf ("b%.8s%.4s", uuid, uuid + 9);
}

static void
cd_block_finalize (GObject *object)
{
  CdBlock *self = (CdBlock *) object;

  g_free (self->id);
  for (guint i = 0; i < CD_N_BLOCK_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->more_owners, g_array_unref);

  G_OBJECT_CLASS (cd_block_parent_class)->finalize (object);
}

static void
cd_block_class_init (CdBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_block_finalize;

  /**
   * CdBlock::changed:
   *
   * Any member of the block changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cd_block_init (CdBlock *self)
{
  self->marks = cd_marks_new ();
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
  self->level = 2;
  self->serial = next_serial ();
}

CdBlock *
cd_block_new (CdBlockType type)
{
  CdBlock *self;

  g_return_val_if_fail (type < CD_N_BLOCK_TYPES, NULL);

  self = g_object_new (CD_TYPE_BLOCK, NULL);
  self->type = type;
  self->id = generate_id ();

  return self;
}

CdBlock *
cd_block_new_with_id (CdBlockType  type,
                      const char  *id)
{
  CdBlock *self;

  g_return_val_if_fail (type < CD_N_BLOCK_TYPES, NULL);
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_object_new (CD_TYPE_BLOCK, NULL);
  self->type = type;
  self->id = g_strdup (id);

  return self;
}

static void
copy_members (CdBlock *self,
              CdBlock *source)
{
  for (guint i = 0; i < CD_N_BLOCK_FIELDS; i++)
    {
      g_free (self->fields[i]);
      self->fields[i] = g_strdup (source->fields[i]);
    }

  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = cd_marks_copy (source->marks);

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < source->items->len; i++)
    g_ptr_array_add (self->items, cd_list_item_copy (g_ptr_array_index (source->items, i)));

  self->level = source->level;
  self->width = source->width;
  self->height = source->height;
  self->ordered = source->ordered;
}

CdBlock *
cd_block_copy (CdBlock *self)
{
  CdBlock *copy;

  g_return_val_if_fail (CD_IS_BLOCK (self), NULL);

  copy = g_object_new (CD_TYPE_BLOCK, NULL);
  copy->type = self->type;
  copy->id = g_strdup (self->id);
  copy_members (copy, self);

  return copy;
}

gboolean
cd_block_is_blank_paragraph (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), FALSE);

  if (self->type != CD_BLOCK_PARAGRAPH)
    return FALSE;

  for (const char *p = cd_block_get_text (self); *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
is_single_text_type (CdBlockType type)
{
  return type == CD_BLOCK_PARAGRAPH || type == CD_BLOCK_HEADING ||
         type == CD_BLOCK_QUOTE || type == CD_BLOCK_PULLQUOTE;
}

static CdBlock *
text_block (CdBlockType  type,
            const char  *id,
            const char  *text,
            GPtrArray   *marks)
{
  CdBlock *block = cd_block_new (type);

  if (id != NULL)
    cd_block_set_id (block, id);
  cd_block_set_text_and_marks (block, text, cd_block_type_has_marks (type) ? marks : NULL);

  return block;
}

GPtrArray *
cd_block_convert (CdBlock     *self,
                  CdBlockType  type)
{
  GPtrArray *blocks;

  g_return_val_if_fail (CD_IS_BLOCK (self), NULL);

  if ((!is_single_text_type (self->type) && self->type != CD_BLOCK_LIST) ||
      (!is_single_text_type (type) && type != CD_BLOCK_LIST))
    return NULL;

  blocks = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->type == CD_BLOCK_LIST && type == CD_BLOCK_LIST)
    {
      g_ptr_array_add (blocks, cd_block_copy (self));
    }
  else if (self->type == CD_BLOCK_LIST)
    {
      /* The id stays with the first piece, so the preview and links
       * into the story keep their place. */
      for (guint i = 0; i < self->items->len; i++)
        {
          CdListItem *item = g_ptr_array_index (self->items, i);

          g_ptr_array_add (blocks, text_block (type, i == 0 ? self->id : NULL,
                                               item->text, item->marks));
        }
      if (blocks->len == 0)
        g_ptr_array_add (blocks, text_block (type, self->id, "", NULL));
    }
  else if (type == CD_BLOCK_LIST)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
      CdListItem *item = cd_list_item_new (cd_block_get_text (self));
      CdBlock *list = cd_block_new (CD_BLOCK_LIST);

      g_ptr_array_unref (item->marks);
      item->marks = cd_marks_copy (cd_block_get_marks (self));
      g_ptr_array_add (items, item);
      cd_block_set_id (list, self->id);
      cd_block_set_items (list, items);
      g_ptr_array_add (blocks, list);
    }
  else
    {
      CdBlock *block = text_block (type, self->id, cd_block_get_text (self),
                                   cd_block_type_has_marks (self->type) ? cd_block_get_marks (self) : NULL);

      if (cd_block_type_has_field (type, CD_BLOCK_FIELD_ATTRIBUTION))
        cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION,
                            cd_block_get_field (self, CD_BLOCK_FIELD_ATTRIBUTION));
      if (type == CD_BLOCK_HEADING && self->type == CD_BLOCK_HEADING)
        cd_block_set_level (block, self->level);
      g_ptr_array_add (blocks, block);
    }

  return blocks;
}

void
cd_block_assign (CdBlock *self,
                 CdBlock *source)
{
  g_return_if_fail (CD_IS_BLOCK (self));
  g_return_if_fail (CD_IS_BLOCK (source));
  g_return_if_fail (self->type == source->type);

  if (self == source)
    return;

  copy_members (self, source);
  emit_changed (self);
}

gboolean
cd_block_equal (CdBlock *a,
                CdBlock *b)
{
  g_return_val_if_fail (CD_IS_BLOCK (a), FALSE);
  g_return_val_if_fail (CD_IS_BLOCK (b), FALSE);

  if (a->type != b->type ||
      g_strcmp0 (a->id, b->id) != 0 ||
      a->level != b->level ||
      a->width != b->width ||
      a->height != b->height ||
      a->ordered != b->ordered ||
      a->items->len != b->items->len ||
      !cd_marks_equal (a->marks, b->marks))
    return FALSE;

  for (guint i = 0; i < CD_N_BLOCK_FIELDS; i++)
    {
      if (g_strcmp0 (cd_block_get_field (a, i), cd_block_get_field (b, i)) != 0)
        return FALSE;
    }

  for (guint i = 0; i < a->items->len; i++)
    {
      if (!cd_list_item_equal (g_ptr_array_index (a->items, i),
                               g_ptr_array_index (b->items, i)))
        return FALSE;
    }

  return TRUE;
}

CdBlockType
cd_block_get_block_type (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), CD_BLOCK_PARAGRAPH);

  return self->type;
}

const char *
cd_block_get_id (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), NULL);

  return self->id;
}

void
cd_block_set_id (CdBlock    *self,
                 const char *id)
{
  g_return_if_fail (CD_IS_BLOCK (self));
  g_return_if_fail (id != NULL && *id != '\0');

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  emit_changed (self);
}

const char *
cd_block_get_field (CdBlock      *self,
                    CdBlockField  field)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), "");
  g_return_val_if_fail (field < CD_N_BLOCK_FIELDS, "");

  return self->fields[field] != NULL ? self->fields[field] : "";
}

void
cd_block_set_field (CdBlock      *self,
                    CdBlockField  field,
                    const char   *value)
{
  g_return_if_fail (CD_IS_BLOCK (self));
  g_return_if_fail (field < CD_N_BLOCK_FIELDS);

  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (self->fields[field], value) == 0)
    return;

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
  emit_changed (self);
}

const char *
cd_block_get_text (CdBlock *self)
{
  return cd_block_get_field (self, CD_BLOCK_FIELD_TEXT);
}

void
cd_block_set_text (CdBlock    *self,
                   const char *text)
{
  cd_block_set_field (self, CD_BLOCK_FIELD_TEXT, text);
}

GPtrArray *
cd_block_get_marks (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), NULL);

  return self->marks;
}

void
cd_block_set_marks (CdBlock   *self,
                    GPtrArray *marks)
{
  g_return_if_fail (CD_IS_BLOCK (self));

  if (cd_marks_equal (self->marks, marks))
    return;

  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = cd_marks_copy (marks);
  emit_changed (self);
}

void
cd_block_set_text_and_marks (CdBlock    *self,
                             const char *text,
                             GPtrArray  *marks)
{
  gboolean changed = FALSE;

  g_return_if_fail (CD_IS_BLOCK (self));

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (self->fields[CD_BLOCK_FIELD_TEXT], text) != 0)
    {
      g_free (self->fields[CD_BLOCK_FIELD_TEXT]);
      self->fields[CD_BLOCK_FIELD_TEXT] = g_strdup (text);
      changed = TRUE;
    }

  if (!cd_marks_equal (self->marks, marks))
    {
      g_clear_pointer (&self->marks, g_ptr_array_unref);
      self->marks = cd_marks_copy (marks);
      changed = TRUE;
    }

  if (changed)
    emit_changed (self);
}

void
_cd_block_take_text_and_marks (CdBlock    *self,
                               const char *text,
                               GPtrArray  *marks)
{
  g_return_if_fail (CD_IS_BLOCK (self));
  g_return_if_fail (marks != NULL);

  if (text != NULL && *text == '\0')
    text = NULL;

  g_free (self->fields[CD_BLOCK_FIELD_TEXT]);
  self->fields[CD_BLOCK_FIELD_TEXT] = g_strdup (text);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = marks;

  emit_changed (self);
}

guint64
cd_block_get_serial (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), 0);

  return self->serial;
}

guint
cd_block_get_level (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), 2);

  return self->level;
}

void
cd_block_set_level (CdBlock *self,
                    guint    level)
{
  g_return_if_fail (CD_IS_BLOCK (self));
  g_return_if_fail (level == 2 || level == 3);

  if (self->level == level)
    return;

  self->level = level;
  emit_changed (self);
}

gboolean
cd_block_get_ordered (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), FALSE);

  return self->ordered;
}

void
cd_block_set_ordered (CdBlock  *self,
                      gboolean  ordered)
{
  g_return_if_fail (CD_IS_BLOCK (self));

  ordered = !!ordered;
  if (self->ordered == (guint) ordered)
    return;

  self->ordered = ordered;
  emit_changed (self);
}

GPtrArray *
cd_block_get_items (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), NULL);

  return self->items;
}

void
cd_block_set_items (CdBlock   *self,
                    GPtrArray *items)
{
  g_return_if_fail (CD_IS_BLOCK (self));

  if (items == self->items)
    return;

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (self->items, cd_list_item_copy (g_ptr_array_index (items, i)));

  emit_changed (self);
}

guint
cd_block_get_width (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), 0);

  return self->width;
}

guint
cd_block_get_height (CdBlock *self)
{
  g_return_val_if_fail (CD_IS_BLOCK (self), 0);

  return self->height;
}

void
cd_block_set_size (CdBlock *self,
                   guint    width,
                   guint    height)
{
  g_return_if_fail (CD_IS_BLOCK (self));

  if (self->width == width && self->height == height)
    return;

  self->width = width;
  self->height = height;
  emit_changed (self);
}
