/* cd-preflight.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* What the desk checks before a story goes out. The window lists the
 * items, Export, Copy HTML and Publish ask about them, copydesk-convert
 * and copydesk-publish print them (and refuse on them with --strict). */

typedef enum
{
  CD_PREFLIGHT_WARNING,
  /* The story must not go out like this: publishing asks with the reason. */
  CD_PREFLIGHT_ERROR,
} CdPreflightSeverity;

typedef enum
{
  CD_PREFLIGHT_PHOTO_NO_ALT,
  CD_PREFLIGHT_PHOTO_NO_CREDIT,
  CD_PREFLIGHT_TOO_LONG,
  CD_PREFLIGHT_NO_BYLINE,
  CD_PREFLIGHT_NO_DATELINE,
  CD_PREFLIGHT_EMBARGO,
  CD_PREFLIGHT_PLACEHOLDER,
  CD_PREFLIGHT_INSECURE_LINK,
  CD_PREFLIGHT_SELF_LINK,
  CD_PREFLIGHT_EMPTY_BLOCK,
  CD_PREFLIGHT_DUPLICATE_PARAGRAPH,
  CD_PREFLIGHT_EMBED_NO_TEXT,
  /* Added by cd_spell_add_preflight_items(), not by cd_preflight_run(). */
  CD_PREFLIGHT_MISSPELLING,
} CdPreflightCheck;

typedef struct
{
  CdPreflightCheck     check;
  CdPreflightSeverity  severity;
  /* One translated sentence, naming the field or block. */
  char                *message;
  /* Where to go: the story member ("headline", "subheadline", "bylines",
   * "dateline", "embargo", "slug", "section", "keywords") for the story's
   * fields; "lead" or "body" for a block, with @block_id set. */
  char                *field;
  /* The block's id, NULL for the story's fields. */
  char                *block_id;
  /* The block's member ("caption", "alt", "credit", "text", …) or NULL. */
  char                *block_field;
} CdPreflightItem;

/* The house style's rules, read from its stylesheet's custom properties
 * (--cd-limit-headline, --cd-limit-dek, --cd-limit-caption in characters,
 * --cd-require-dateline 1 or 0). A limit of 0 means none. */
typedef struct
{
  guint    headline;
  guint    dek;
  guint    caption;
  gboolean dateline_required;
} CdPreflightLimits;

#define CD_TYPE_PREFLIGHT_ITEM (cd_preflight_item_get_type ())

GType            cd_preflight_item_get_type   (void) G_GNUC_CONST;
CdPreflightItem *cd_preflight_item_copy       (const CdPreflightItem   *item);
void             cd_preflight_item_free       (CdPreflightItem         *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPreflightItem, cd_preflight_item_free)

/* Fills @limits from @stylesheet (CSS text, may be NULL): properties it
 * does not set mean no limit. */
void             cd_preflight_limits_from_stylesheet (CdPreflightLimits *limits,
                                                      const char        *stylesheet);

/* The items for @article, in story order (fields, lead, body). @now is
 * the time an embargo is compared with, NULL for the current time.
 * Returns a GPtrArray of CdPreflightItem, empty when all is well. */
GPtrArray       *cd_preflight_run             (CdArticle               *article,
                                               const CdPreflightLimits *limits,
                                               GDateTime               *now);

/* The first item of @items with @severity, or NULL. */
CdPreflightItem *cd_preflight_find_severity   (GPtrArray               *items,
                                               CdPreflightSeverity      severity);

/* "field" or "block BLOCK_ID field", for the command line. */
char            *cd_preflight_item_location   (const CdPreflightItem   *item);

/* The line (without its line break) the command-line programs print for
 * @item: "PROGRAM: STORY: LOCATION: error|warning: MESSAGE". */
char            *cd_preflight_item_format     (const CdPreflightItem   *item,
                                               const char              *program,
                                               const char              *story);
/* Those lines, each with its line break, for @items from @first on,
 * appended to @out: a long story has thousands of items. */
void             cd_preflight_items_append_lines (GString              *out,
                                                  GPtrArray            *items,
                                                  guint                 first,
                                                  const char           *program,
                                                  const char           *story);

G_END_DECLS
