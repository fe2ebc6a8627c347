/* cd-house-style.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "copydesk-core.h"

G_BEGIN_DECLS

/* A house style is a page stylesheet in the resources, styles/ID.css,
 * named by the nick of the "house-style" setting. The preview and the
 * HTML export set a story in the same one. */
#define CD_HOUSE_STYLE_DEFAULT "default"

/* The stylesheet of the house style @id; the default style's for NULL or
 * an unknown ID. Loaded once, owned by Copydesk for the whole run. */
const char *cd_house_style_get_stylesheet (const char        *id);

/* The stylesheet of @id for the preview: the same page on this machine,
 * with the families it has no font of taken out of the font lists
 * (cd_font_stack_prune_stylesheet ()). Each family left out of a list
 * cost the preview's web process a search of the fonts for every size
 * and weight of text on the page: a tenth of a second, with the house
 * style's lists, before the first page showed. */
const char *cd_house_style_get_preview_stylesheet (const char *id);
/* Starts asking fontconfig for the families of @id's font lists on a
 * worker thread (some milliseconds), so that the preview's first page
 * need not wait for it; once per style. */
void        cd_house_style_prepare_preview_stylesheet (const char *id);

/* The pre-flight limits the house style @id sets in its stylesheet. */
void        cd_house_style_get_limits     (const char        *id,
                                           CdPreflightLimits *limits);

/* The limits of the house style the "house-style" setting names. */
void        cd_house_style_get_current_limits (CdPreflightLimits *limits);

G_END_DECLS
