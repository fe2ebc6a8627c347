/* cd-spell-words.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called with the bytes [@start, @end) of a word to check; returning
 * FALSE stops the walk. */
typedef gboolean (*CdSpellWordFunc) (const char *text,
                                     gsize       start,
                                     gsize       end,
                                     gpointer    user_data);

/* Walks the words of @text (@length bytes or -1) that a spell checker
 * should look at. A word is a run of letters (any script, with their
 * combining marks) that may hold an apostrophe (' or ’), a hyphen or one
 * of @extra_chars (the dictionary's own word characters, may be NULL)
 * between two letters. Left out: web addresses (scheme://…, www.…, bare
 * host names), e-mail addresses, @handles and #tags, numbers and words
 * with digits in them. */
void      cd_spell_words_foreach   (const char      *text,
                                    gssize           length,
                                    const char      *extra_chars,
                                    CdSpellWordFunc  func,
                                    gpointer         user_data);

G_END_DECLS
