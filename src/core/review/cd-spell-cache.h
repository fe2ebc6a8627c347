/* cd-spell-cache.h: a dictionary's answers kept between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cd-spell-checker.h"

G_BEGIN_DECLS

/* Loading a hunspell dictionary takes longer than reading and writing a
 * long story; its answers for the words already asked are kept in a file
 * beside the user's other caches, with a key made from every file that
 * decides them (the dictionaries enchant may choose for the language,
 * enchant's personal word lists, its ordering and providers). A file
 * whose key differs is not read: the dictionary answers afresh. The
 * misspelt words of whole texts checked before are kept there too, so a
 * story converted again walks only the paragraphs that changed. */
typedef struct _CdSpellCache CdSpellCache;

/* The cache of @dict_name (enchant's name, "en_US") in @dir; empty
 * unless its file holds the answers of the dictionary files as they are
 * now. Never NULL. */
CdSpellCache *_cd_spell_cache_open            (const char   *dir,
                                               const char   *dict_name);
void          _cd_spell_cache_free            (CdSpellCache *cache);

/* Whether the answers came from the file, so the dictionary itself is
 * needed only for words not asked before. */
gboolean      _cd_spell_cache_is_valid        (CdSpellCache *cache);
/* Word to verdict: TRUE or FALSE as a pointer, plus one. */
GHashTable   *_cd_spell_cache_get_verdicts    (CdSpellCache *cache);
/* The dictionary's extra word characters, as it gave them; NULL until
 * known. */
const char   *_cd_spell_cache_get_extra       (CdSpellCache *cache);

/* Records the dictionary that answers from now on: its provider (only a
 * hunspell dictionary's files are known, so only its answers are kept)
 * and extra word characters. */
void          _cd_spell_cache_set_dictionary  (CdSpellCache *cache,
                                               const char   *provider,
                                               const char   *extra);

/* Writes the answers when there are new ones; a cache that cannot be
 * written only costs time, so the caller may ignore the error. */
gboolean      _cd_spell_cache_save            (CdSpellCache *cache,
                                               GError      **error);

/* The misspelt words of a text checked whole before, appended to @spans
 * (of CdSpellSpan); FALSE when no text of @length bytes under @key was
 * (a key made from the text and the word lists it was checked with). */
gboolean      _cd_spell_cache_lookup_text     (CdSpellCache *cache,
                                               guint64       key,
                                               gsize         length,
                                               GArray       *spans);
/* Keeps the @n_spans misspelt words of a text checked whole. */
void          _cd_spell_cache_add_text        (CdSpellCache      *cache,
                                               guint64            key,
                                               gsize              length,
                                               const CdSpellSpan *spans,
                                               guint              n_spans);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdSpellCache, _cd_spell_cache_free)

G_END_DECLS
