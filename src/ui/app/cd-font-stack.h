/* cd-font-stack.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether this machine has no font of the family @family and no
 * fontconfig rule that names it: a web view then never draws with it,
 * for any text, size or weight, and goes on to the next family of the
 * list. Asked of fontconfig once per family and remembered. */
gboolean cd_font_stack_family_is_absent   (const char *family);

/* @stylesheet with the families cd_font_stack_family_is_absent () finds
 * taken out of its font lists (the values of font-family and of the
 * house styles' --cd-serif, --cd-sans and --cd-mono): it draws the same
 * page on this machine. A list that would be left empty, or that holds
 * anything but family names (var (), a keyword such as inherit), is
 * kept whole. */
char    *cd_font_stack_prune_stylesheet   (const char *stylesheet);

G_END_DECLS
