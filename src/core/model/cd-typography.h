/* cd-typography.h: quotation marks, apostrophes and dashes as typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The house rule for a dash typed as two hyphens: an em dash ("word—word",
 * as typed around it) or an en dash ("word – word"). */
typedef enum
{
  CD_DASH_EM,
  CD_DASH_EN,
} CdDashRule;

/* The dash rule a house style's stylesheet sets with "--cd-dash: em" or
 * "--cd-dash: en"; em when it sets none (or for NULL). */
CdDashRule    cd_dash_rule_from_stylesheet (const char  *stylesheet);

/* What typing @typed after @before (the text of the field before the
 * caret, UTF-8, may be NULL) should give in a story in @language (a BCP
 * 47 tag, NULL for English), or NULL when the character stays as typed.
 *
 * On a replacement, *@n_before is how many characters (code points) at
 * the end of @before the returned text replaces together with the typed
 * one: the text before the caret becomes @before minus those characters,
 * plus the returned text. It may be "" (a typed blank swallowed).
 *
 * Straight quotes become the language's quotation marks, opening after a
 * blank, an opening bracket or quote and at the start, closing elsewhere:
 * “ ” ‘ ’ in English, „ “ ‚ ‘ in German, « » with no-break spaces in
 * French, « » in Arabic, Russian, Italian and Spanish…; an apostrophe
 * inside a word is ’ in every language. A second hyphen becomes the
 * dash of @dash_rule. In French a blank typed before ; ! ? becomes a
 * narrow no-break space and before : a no-break space, as French
 * typography wants. */
char         *cd_typography_replace        (const char  *language,
                                            CdDashRule   dash_rule,
                                            const char  *before,
                                            gunichar     typed,
                                            guint       *n_before);

G_END_DECLS
