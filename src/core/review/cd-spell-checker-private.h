/* cd-spell-checker-private.h: what tests may see of the spell checker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-spell-checker.h"

G_BEGIN_DECLS

/* How many times @self has asked a dictionary about a word: a story
 * checked whole asks once per distinct word, not once per word. */
guint _cd_spell_checker_get_n_dictionary_checks (CdSpellChecker *self);

/* How many texts @self has walked word by word: a whole text checked
 * before with the same word lists is answered from the cache. */
guint _cd_spell_checker_get_n_texts_walked (CdSpellChecker *self);

/* How many dictionaries @self loaded on the thread that asked for them,
 * rather than on the one cd_spell_checker_prepare () started. */
guint _cd_spell_checker_get_n_loaded_by_caller (CdSpellChecker *self);

/* How many dictionaries @self has loaded, on any thread. */
guint _cd_spell_checker_get_n_dictionaries_loaded (CdSpellChecker *self);

/* Whether @self has started enchant's broker, which loads every
 * provider (hunspell, aspell, ...) and its libraries. */
gboolean _cd_spell_checker_has_broker (CdSpellChecker *self);

/* Between these two, @self keeps the answers of the words it is asked
 * about in a table of its own, for a walk over a whole story; the walk
 * must not change the word lists or the dictionaries meanwhile. */
void _cd_spell_checker_begin_walk (CdSpellChecker *self);
void _cd_spell_checker_end_walk   (CdSpellChecker *self);

G_END_DECLS
