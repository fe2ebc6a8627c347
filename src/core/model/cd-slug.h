/* cd-slug.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest slug made from a headline, in characters. */
#define CD_SLUG_MAX_LENGTH 80

/* A slug for @headline: ASCII letters and digits in lower case, words
 * joined by hyphens ("Don't" stays one word), at most
 * CD_SLUG_MAX_LENGTH characters, cut at a word. The same in every
 * language, so the story's address and file names do not depend on the
 * desk's locale. "" when the headline has no letter or digit. */
char         *cd_slug_from_headline        (const char *headline);

G_END_DECLS
