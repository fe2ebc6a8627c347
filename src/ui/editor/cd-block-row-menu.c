/* cd-block-row-menu.c: what a row is called and the menu of its Block
 * Options button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-block-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-accessible.h"
#include "cd-block-row-private.h"

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             GVariant   *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_append_item (menu, item);
}

static GMenuModel *
build_menu (CdBlockType type)
{
  static const struct {
    const char *type;
    const char *label;
  } insert_types[] = {
    { "paragraph", N_("Paragraph") },
    { "heading", N_("Subheading") },
    { "quote", N_("Quote") },
    { "pullquote", N_("Pull Quote") },
    { "list", N_("List") },
    { "figure", N_("Photo") },
    { "embed", N_("Social Post or Link") },
    { "divider", N_("Divider") },
  };
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();
  g_autoptr(GMenu) insert = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (insert_types); i++)
    append_item (insert, _(insert_types[i].label), "editor.insert-block",
                 g_variant_new_string (insert_types[i].type));
  g_menu_append_submenu (menu, _("Insert Below"), G_MENU_MODEL (insert));

  g_menu_append (move, _("Move Up"), "editor.move-up");
  g_menu_append (move, _("Move Down"), "editor.move-down");
  g_menu_append (move, _("Delete"), "editor.delete-block");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (move));

  return G_MENU_MODEL (menu);
}

static const char *
type_label (CdBlockType type)
{
  switch (type)
    {
    case CD_BLOCK_PARAGRAPH:
      return _("Paragraph");
    case CD_BLOCK_HEADING:
      return _("Subheading");
    case CD_BLOCK_QUOTE:
      return _("Quote");
    case CD_BLOCK_PULLQUOTE:
      return _("Pull quote");
    case CD_BLOCK_LIST:
      return _("List");
    case CD_BLOCK_FIGURE:
      return _("Photo");
    case CD_BLOCK_EMBED:
      return _("Social post or link");
    case CD_BLOCK_DIVIDER:
      return _("Divider");
    default:
      return "";
    }
}

/* What a screen reader calls the block: what a sighted reader tells
 * from its look (a heading's size, a list's bullets, a photo's caption,
 * an embed's card). */
static char *
accessible_name (CdBlockRow *self)
{
  const char *caption = cd_block_get_field (self->block, CD_BLOCK_FIELD_CAPTION);
  const char *provider = cd_block_get_field (self->block, CD_BLOCK_FIELD_PROVIDER);
  const char *kind = cd_block_get_field (self->block, CD_BLOCK_FIELD_KIND);
  const char *author = cd_block_get_field (self->block, CD_BLOCK_FIELD_AUTHOR);
  const char *site;

  switch (self->type)
    {
    case CD_BLOCK_FIGURE:
      if (*caption != '\0')
        /* Translators: %s is the caption of the photo */
        return g_strdup_printf (_("Figure: %s"), caption);
      return g_strdup (_("Figure without a caption"));

    case CD_BLOCK_EMBED:
      if (*provider == '\0')
        return g_strdup (_("Embed without an address"));
      site = cd_embed_provider_display_name (provider);
      if (*author == '\0')
        /* Translators: %s is the site, "X" or "YouTube" */
        return g_strdup_printf (_("Embedded post on %s"), site);
      if (g_str_equal (kind, "video"))
        /* Translators: the first %s is the author, the second the site, "YouTube" */
        return g_strdup_printf (_("Embedded video by %s on %s"), author, site);
      if (g_str_equal (kind, "photo"))
        /* Translators: the first %s is the author, the second the site, "Instagram" */
        return g_strdup_printf (_("Embedded photo by %s on %s"), author, site);
      /* Translators: the first %s is the author, the second the site, "X" */
      return g_strdup_printf (_("Embedded post by %s on %s"), author, site);

    case CD_BLOCK_PARAGRAPH:
    case CD_BLOCK_DIVIDER:
    default:
      return g_strdup (type_label (self->type));
    }
}

char *
cd_block_row_dup_accessible_name (CdBlockRow *self)
{
  g_return_val_if_fail (CD_IS_BLOCK_ROW (self), NULL);

  return accessible_name (self);
}

void
_cd_block_row_update_accessible (CdBlockRow *self)
{
  g_autofree char *name = accessible_name (self);
  const char *alt;

  cd_accessible_set_name (GTK_WIDGET (self), name);


  if (self->picture != NULL)
    {
      g_autofree char *photo = NULL;

      alt = cd_block_get_field (self->block, CD_BLOCK_FIELD_ALT);
      if (*alt != '\0')
        /* Translators: %s is the photo's alt text */
        photo = g_strdup_printf (_("Photo: %s"), alt);
      else
        photo = g_strdup (_("Photo without alt text"));
      cd_accessible_set_name (self->picture, photo);
    }
}

/* One menu per block type, shared by every row of that type: the menus
 * only name actions, which act on the block the menu was opened from. */
static GMenuModel *
menu_for_type (CdBlockType type)
{
  static GMenuModel *menus[CD_N_BLOCK_TYPES];

  if (menus[type] == NULL)
    menus[type] = build_menu (type);

  return menus[type];
}

/* The menu of the row's Block Options button: the menu of its type,
 * with "Use as Lead Photo" naming the photo for a photo. */
GMenuModel *
_cd_block_row_menu_model (CdBlockRow *self)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) lead = NULL;

  if (self->type != CD_BLOCK_FIGURE)
    return g_object_ref (menu_for_type (self->type));

  menu = g_menu_new ();
  lead = g_menu_new ();
  append_item (lead, _("Use as Lead Photo"), "win.use-as-lead-photo",
               g_variant_new_string (cd_block_get_id (self->block)));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (lead));
  g_menu_append_section (menu, NULL, menu_for_type (self->type));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}
