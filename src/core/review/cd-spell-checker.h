/* cd-spell-checker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A misspelled stretch of a text, in bytes from the text's start. */
typedef struct
{
  gsize start;
  gsize end;
} CdSpellSpan;

#define CD_SPELL_MAX_SUGGESTIONS 8

#define CD_TYPE_SPELL_CHECKER (cd_spell_checker_get_type ())

G_DECLARE_FINAL_TYPE (CdSpellChecker, cd_spell_checker, CD, SPELL_CHECKER, GObject)

/* Signals:
 *   changed: the language or a word list changed, so every text checked
 *            before may read differently now. */

/* A checker for @language (a BCP 47 tag such as "en-GB"; NULL for "en"),
 * with the desk dictionary of @desk_path (NULL for none). A desk
 * dictionary that cannot be read is reported through
 * cd_spell_checker_get_desk_error() and treated as empty. */
CdSpellChecker *cd_spell_checker_new             (const char      *language,
                                                  const char      *desk_path);

/* The desk dictionary shared by every story of this user:
 * $XDG_DATA_HOME/copydesk/dictionary.txt, one word per line. */
char           *cd_spell_checker_get_default_desk_path (void);

const char     *cd_spell_checker_get_language    (CdSpellChecker  *self);
/* Follows the story's language; "en-GB" falls back to "en", "de-CH" to
 * "de" when there is no dictionary for the region. */
void            cd_spell_checker_set_language    (CdSpellChecker  *self,
                                                  const char      *language);
/* Starts loading the dictionary for @language (NULL: the checker's) on a
 * thread, for a window to build and a story to be read meanwhile. The
 * first call that needs it waits for it: no check ever answers without
 * it, and nothing is checked again when it arrives. */
void            cd_spell_checker_prepare         (CdSpellChecker  *self,
                                                  const char      *language);
/* Keeps the dictionaries' answers in @dir (NULL: not at all) between
 * runs, so that a story whose words were all asked before is checked
 * without loading a dictionary. Set before the first check. */
void            cd_spell_checker_set_cache_dir   (CdSpellChecker  *self,
                                                  const char      *dir);
/* $XDG_CACHE_HOME/copydesk/spelling. */
char           *cd_spell_checker_get_default_cache_dir (void);
/* Writes the answers asked since the cache was read, if any. */
gboolean        cd_spell_checker_save_cache      (CdSpellChecker  *self,
                                                  GError         **error);
/* Whether a dictionary exists for @language (NULL: the checker's). With
 * none, every word reads as correct: one notice, not a wall of marks. */
gboolean        cd_spell_checker_has_dictionary  (CdSpellChecker  *self,
                                                  const char      *language);

/* Whether @word (UTF-8, @length bytes or -1) is spelt right in @language
 * (NULL: the checker's), the story, desk and ignore lists included. */
gboolean        cd_spell_checker_check_word      (CdSpellChecker  *self,
                                                  const char      *language,
                                                  const char      *word,
                                                  gssize           length);
/* Up to CD_SPELL_MAX_SUGGESTIONS replacements, best first; never NULL. */
char          **cd_spell_checker_suggest         (CdSpellChecker  *self,
                                                  const char      *language,
                                                  const char      *word,
                                                  gssize           length);

/* The misspelled words of @text (@length bytes or -1) that overlap the
 * bytes [@from, @to), as a GArray of CdSpellSpan in text order. Words
 * are split as cd_spell_words_foreach() splits them; a hyphenated word
 * the dictionary lacks is judged part by part, so "well-knwon" marks
 * only "knwon". */
GArray         *cd_spell_checker_check_text      (CdSpellChecker  *self,
                                                  const char      *language,
                                                  const char      *text,
                                                  gssize           length,
                                                  gsize            from,
                                                  gsize            to);

/* The story dictionary: the words of the story's "dictionary" member. */
void            cd_spell_checker_set_story_words (CdSpellChecker  *self,
                                                  const char * const *words);
/* Adds @word to the desk dictionary and appends it to its file. */
gboolean        cd_spell_checker_add_desk_word   (CdSpellChecker  *self,
                                                  const char      *word,
                                                  GError         **error);
/* Makes the checker one for another story, in @language (NULL for
 * "en") with @story_words: the ignored words are forgotten and the desk
 * dictionary is read again; the dictionaries loaded stay loaded. */
void            cd_spell_checker_start_story     (CdSpellChecker  *self,
                                                  const char      *language,
                                                  const char * const *story_words);
/* Ignores @word until cd_spell_checker_start_story (). */
void            cd_spell_checker_ignore_word     (CdSpellChecker  *self,
                                                  const char      *word);
/* Why the desk dictionary could not be read, or NULL. */
const GError   *cd_spell_checker_get_desk_error  (CdSpellChecker  *self);

G_END_DECLS
