/* cd-spell-checker.c: spelling in the story's language, through enchant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-checker"

#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cd-error.h"
#include "cd-spell-cache.h"
#include "cd-spell-checker-private.h"
#include "cd-spell-words.h"

/* A word's answer as a walk over a whole story last had it, for the
 * words short enough to keep in the slot: a story asks about the same
 * few hundred words again and again, and looking them up in the
 * answers' hash table (hash, a division, a string compared far away in
 * memory) was a third of the spelling of a story whose answers were
 * kept. */
#define MEMO_SLOTS 4096
#define MEMO_WORD_BYTES 24

typedef struct
{
  /* The word's bytes, the rest zero: compared eight at a time. */
  guint64     word[MEMO_WORD_BYTES / 8];
  /* Whose answer: the verdicts it was found in. */
  GHashTable *verdicts;
  guint8      length;
  /* Known to the dictionary or in the word lists. */
  guint8      accepted;
} MemoSlot;

G_STATIC_ASSERT (MEMO_WORD_BYTES == 3 * sizeof (guint64));

struct _CdSpellChecker
{
  GObject        parent_instance;

  EnchantBroker *broker;
  /* Dictionaries by the language tag they were asked for; a NULL value
   * remembers that there is none. */
  GHashTable    *dicts;
  char          *language;
  /* Loading the dictionary of preparing_language; it has the broker (or
   * starts one, if there is none yet) until it is joined. */
  GThread       *preparing;
  char          *preparing_language;
  /* Dictionaries loaded by the caller's thread, not prepared. */
  guint          n_loaded_by_caller;
  /* The dictionaries' answers, by dictionary and then by word (TRUE or
   * FALSE as a pointer plus one): a story repeats its words, and enchant
   * looks at its personal word list on disk for every word it checks. */
  GHashTable    *verdicts;
  guint          n_dictionary_checks;
  guint          n_texts_walked;
  guint          n_dictionaries_loaded;
  /* The answers kept between runs, by language tag, when cache_dir is
   * set: the verdicts of the dictionary the tag loads are the cache's. */
  char          *cache_dir;
  GHashTable    *caches;

  /* Each word list holds its words and the forms a dictionary would
   * accept for them: "Huawei" also as "HUAWEI", "kellum" also as
   * "Kellum" at the start of a sentence. */
  GHashTable    *story_words;
  GHashTable    *desk_words;
  GHashTable    *ignored_words;
  /* A number made from the three lists together, for the texts' keys;
   * made again after they change. */
  guint64        lists_key;
  gboolean       lists_key_known;
  char          *desk_path;
  GError        *desk_error;

  /* While _cd_spell_checker_begin_walk () is in effect: nothing changes
   * the dictionaries or their answers but the walk's own questions. */
  MemoSlot      *memo;
};

G_DEFINE_FINAL_TYPE (CdSpellChecker, cd_spell_checker, G_TYPE_OBJECT)

static void finish_preparing (CdSpellChecker *self);

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cd_spell_checker_finalize (GObject *object)
{
  CdSpellChecker *self = CD_SPELL_CHECKER (object);
  GHashTableIter iter;
  gpointer value;

  finish_preparing (self);
  g_hash_table_iter_init (&iter, self->dicts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value != NULL)
        enchant_broker_free_dict (self->broker, value);
    }
  g_clear_pointer (&self->dicts, g_hash_table_unref);
  g_clear_pointer (&self->verdicts, g_hash_table_unref);
  g_clear_pointer (&self->caches, g_hash_table_unref);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->broker, enchant_broker_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->story_words, g_hash_table_unref);
  g_clear_pointer (&self->desk_words, g_hash_table_unref);
  g_clear_pointer (&self->ignored_words, g_hash_table_unref);
  g_clear_pointer (&self->desk_path, g_free);
  g_clear_error (&self->desk_error);
  g_clear_pointer (&self->memo, g_free);

  G_OBJECT_CLASS (cd_spell_checker_parent_class)->finalize (object);
}

static void
cd_spell_checker_class_init (CdSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_spell_checker_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
cd_spell_checker_init (CdSpellChecker *self)
{
  self->dicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->verdicts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  self->caches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _cd_spell_cache_free);
  self->story_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->desk_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ignored_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->language = g_strdup ("en");
}

/* Word lists */

static gboolean
is_all_lower (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isupper (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

/* The word lists or the language changed: what a walk kept of its
 * words' answers counts the lists in, and is forgotten. */
static void
emit_changed (CdSpellChecker *self)
{
  if (self->memo != NULL)
    memset (self->memo, 0, MEMO_SLOTS * sizeof (MemoSlot));
  self->lists_key_known = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
word_set_add (GHashTable *set,
              const char *word)
{
  g_autofree char *upper = NULL;

  if (word == NULL || *word == '\0' || !g_utf8_validate (word, -1, NULL))
    return;

  g_hash_table_add (set, g_strdup (word));
  upper = g_utf8_strup (word, -1);
  g_hash_table_add (set, g_steal_pointer (&upper));

  if (is_all_lower (word))
    {
      gunichar first = g_utf8_get_char (word);
      char buffer[8];
      int n = g_unichar_to_utf8 (g_unichar_totitle (first), buffer);

      buffer[n] = '\0';
      g_hash_table_add (set, g_strconcat (buffer, g_utf8_next_char (word), NULL));
    }
}

static gboolean
word_set_has (GHashTable *set,
              const char *word)
{
  return g_hash_table_size (set) > 0 && g_hash_table_contains (set, word);
}

static void
load_desk_words (CdSpellChecker *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length;

  if (self->desk_path == NULL)
    return;

  if (!g_file_get_contents (self->desk_path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        self->desk_error = g_error_new (CD_ERROR, CD_ERROR_IO,
                                        _("Could not read the desk dictionary %s: %s"),
                                        self->desk_path, error->message);
      return;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_autofree char *name = g_filename_display_name (self->desk_path);

      self->desk_error = g_error_new (CD_ERROR, CD_ERROR_INVALID,
                                      _("The desk dictionary %s is not UTF-8 text; its words are not used"),
                                      name);
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    word_set_add (self->desk_words, g_strstrip (lines[i]));
}

CdSpellChecker *
cd_spell_checker_new (const char *language,
                      const char *desk_path)
{
  CdSpellChecker *self = g_object_new (CD_TYPE_SPELL_CHECKER, NULL);

  if (language != NULL && *language != '\0')
    {
      g_free (self->language);
      self->language = g_strdup (language);
    }
  self->desk_path = g_strdup (desk_path);
  load_desk_words (self);

  return self;
}

char *
cd_spell_checker_get_default_desk_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "copydesk", "dictionary.txt", NULL);
}

const GError *
cd_spell_checker_get_desk_error (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), NULL);

  return self->desk_error;
}

void
cd_spell_checker_set_story_words (CdSpellChecker     *self,
                                  const char * const *words)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));

  g_hash_table_remove_all (self->story_words);
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    word_set_add (self->story_words, words[i]);

  emit_changed (self);
}

gboolean
cd_spell_checker_add_desk_word (CdSpellChecker  *self,
                                const char      *word,
                                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  if (self->desk_path == NULL)
    return TRUE;

  file = g_file_new_for_path (self->desk_path);
  parent = g_file_get_parent (file);
  if (!g_file_make_directory_with_parents (parent, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    goto failed;
  g_clear_error (&local_error);

  line = g_strconcat (word, "\n", NULL);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &local_error);
  if (stream == NULL ||
      !g_output_stream_write_all (G_OUTPUT_STREAM (stream), line, strlen (line), NULL, NULL, &local_error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    goto failed;

  word_set_add (self->desk_words, word);
  emit_changed (self);
  return TRUE;

failed:
  {
    g_autofree char *name = g_filename_display_name (self->desk_path);

    g_set_error (error, CD_ERROR, CD_ERROR_IO,
                 _("Could not add “%s” to the desk dictionary %s: %s"),
                 word, name, local_error->message);
    return FALSE;
  }
}

void
cd_spell_checker_start_story (CdSpellChecker     *self,
                              const char         *language,
                              const char * const *story_words)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));

  if (language == NULL || *language == '\0')
    language = "en";
  g_free (self->language);
  self->language = g_strdup (language);

  g_hash_table_remove_all (self->ignored_words);
  g_hash_table_remove_all (self->story_words);
  for (guint i = 0; story_words != NULL && story_words[i] != NULL; i++)
    word_set_add (self->story_words, story_words[i]);

  /* Another window may have added to the desk dictionary meanwhile. */
  g_hash_table_remove_all (self->desk_words);
  g_clear_error (&self->desk_error);
  load_desk_words (self);

  emit_changed (self);
}

void
cd_spell_checker_ignore_word (CdSpellChecker *self,
                              const char     *word)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  word_set_add (self->ignored_words, word);
  emit_changed (self);
}

/* Dictionaries */

const char *
cd_spell_checker_get_language (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), NULL);

  return self->language;
}

void
cd_spell_checker_set_language (CdSpellChecker *self,
                               const char     *language)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));

  if (language == NULL || *language == '\0')
    language = "en";
  if (g_strcmp0 (language, self->language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  emit_changed (self);
}

/* enchant names dictionaries "en_GB": the tag's language and region,
 * without a script ("sr-Latn-RS" → "sr_RS"). */
static char *
tag_to_enchant (const char *tag)
{
  g_auto(GStrv) parts = g_strsplit_set (tag, "-_", -1);
  GString *name = g_string_new (NULL);

  g_string_append (name, parts[0]);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      /* A region is two letters or three digits. */
      if (strlen (parts[i]) == 2 || (strlen (parts[i]) == 3 && g_ascii_isdigit (parts[i][0])))
        {
          g_autofree char *upper = g_ascii_strup (parts[i], -1);

          g_string_append_printf (name, "_%s", upper);
          break;
        }
    }

  return g_string_free (name, FALSE);
}

static EnchantDict *
request_dict (EnchantBroker *broker,
              const char    *language)
{
  g_autofree char *name = tag_to_enchant (language);
  EnchantDict *dict;

  dict = enchant_broker_request_dict (broker, name);
  if (dict == NULL && strchr (name, '_') != NULL)
    {
      /* enchant finds "en" for "en_NZ" itself, but only when a plain
       * "en" is installed; Debian installs regional ones. */
      *strchr (name, '_') = '\0';
      dict = enchant_broker_request_dict (broker, name);
    }

  return dict;
}

/* enchant's broker loads every provider it finds (hunspell, aspell,
 * hspell, nuspell and their libraries) as it starts: only when a
 * dictionary is needed, not for answers kept from a run before. */
static EnchantBroker *
get_broker (CdSpellChecker *self)
{
  if (self->broker == NULL)
    self->broker = enchant_broker_init ();
  return self->broker;
}

typedef struct
{
  EnchantBroker *broker;    /* NULL: the thread starts one */
  char          *language;
  EnchantDict   *dict;
} Preparing;

static gpointer
prepare_thread (gpointer data)
{
  Preparing *preparing = data;

  if (preparing->broker == NULL)
    preparing->broker = enchant_broker_init ();
  preparing->dict = request_dict (preparing->broker, preparing->language);

  return preparing;
}

static void
finish_preparing (CdSpellChecker *self)
{
  Preparing *preparing;

  if (self->preparing == NULL)
    return;

  preparing = g_thread_join (g_steal_pointer (&self->preparing));
  /* The broker the thread started, if the checker had none. */
  if (self->broker == NULL)
    self->broker = preparing->broker;
  g_assert (self->broker == preparing->broker);
  self->n_dictionaries_loaded++;
  g_hash_table_insert (self->dicts, g_steal_pointer (&self->preparing_language), preparing->dict);
  g_free (preparing->language);
  g_free (preparing);
}

void
cd_spell_checker_prepare (CdSpellChecker *self,
                          const char     *language)
{
  Preparing *preparing;

  g_return_if_fail (CD_IS_SPELL_CHECKER (self));

  if (language == NULL || *language == '\0')
    language = self->language;
  if (self->preparing != NULL || g_hash_table_contains (self->dicts, language))
    return;

  /* Starting the broker loads enchant's providers: on the thread too. */
  preparing = g_new0 (Preparing, 1);
  preparing->broker = self->broker;
  preparing->language = g_strdup (language);
  self->preparing_language = g_strdup (language);
  self->preparing = g_thread_new ("dictionary", prepare_thread, preparing);
}

static EnchantDict *
get_dict (CdSpellChecker *self,
          const char     *language)
{
  EnchantDict *dict;
  gpointer value;

  if (language == NULL || *language == '\0')
    language = self->language;

  finish_preparing (self);
  if (g_hash_table_lookup_extended (self->dicts, language, NULL, &value))
    return value;

  dict = request_dict (get_broker (self), language);
  self->n_loaded_by_caller++;
  self->n_dictionaries_loaded++;
  g_hash_table_insert (self->dicts, g_strdup (language), dict);
  return dict;
}

guint
_cd_spell_checker_get_n_loaded_by_caller (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), 0);

  return self->n_loaded_by_caller;
}

guint
_cd_spell_checker_get_n_dictionaries_loaded (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), 0);

  return self->n_dictionaries_loaded;
}

gboolean
_cd_spell_checker_has_broker (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), FALSE);

  return self->broker != NULL;
}

/* Answers kept between runs */

char *
cd_spell_checker_get_default_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "copydesk", "spelling", NULL);
}

void
cd_spell_checker_set_cache_dir (CdSpellChecker *self,
                                const char     *dir)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));
  g_return_if_fail (g_hash_table_size (self->caches) == 0);

  g_free (self->cache_dir);
  self->cache_dir = g_strdup (dir);
}

/* The cache of @language, read on first use; NULL without a cache folder. */
static CdSpellCache *
get_cache (CdSpellChecker *self,
           const char     *language)
{
  CdSpellCache *cache;

  if (self->cache_dir == NULL)
    return NULL;

  cache = g_hash_table_lookup (self->caches, language);
  if (cache == NULL)
    {
      g_autofree char *name = tag_to_enchant (language);

      cache = _cd_spell_cache_open (self->cache_dir, name);
      g_hash_table_insert (self->caches, g_strdup (language), cache);
    }

  return cache;
}

gboolean
cd_spell_checker_save_cache (CdSpellChecker  *self,
                             GError         **error)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_hash_table_iter_init (&iter, self->caches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!_cd_spell_cache_save (value, error))
        return FALSE;
    }

  return TRUE;
}

/* Where the answers for a language come from: its dictionary, or, while
 * the answers kept from an earlier run suffice, only those. */
typedef struct
{
  const char   *language;
  EnchantDict  *dict;
  GHashTable   *verdicts;
  const char   *extra;
  /* Where whole texts' answers are kept, if anywhere. */
  CdSpellCache *cache;
} Source;

static void
describe_provider (const char * const lang_tag,
                   const char * const provider_name,
                   const char * const provider_desc,
                   const char * const provider_file,
                   void              *user_data)
{
  char **provider = user_data;

  g_free (*provider);
  *provider = g_strdup (provider_name);
}

/* The answers of @dict, made on first use: the cache's, for the
 * language the cache was opened for. */
static GHashTable *
get_verdicts (CdSpellChecker *self,
              EnchantDict    *dict,
              CdSpellCache   *cache)
{
  GHashTable *verdicts = g_hash_table_lookup (self->verdicts, dict);

  if (verdicts != NULL)
    return verdicts;

  if (cache != NULL)
    {
      g_autofree char *provider = NULL;

      enchant_dict_describe (dict, describe_provider, &provider);
      _cd_spell_cache_set_dictionary (cache, provider, enchant_dict_get_extra_word_characters (dict));
      verdicts = g_hash_table_ref (_cd_spell_cache_get_verdicts (cache));
    }
  else
    {
      verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  g_hash_table_insert (self->verdicts, dict, verdicts);

  return verdicts;
}

/* Whether the dictionary for @language was asked for or is being
 * loaded: then it answers, not the cache alone. */
static gboolean
dict_requested (CdSpellChecker *self,
                const char     *language)
{
  return g_hash_table_contains (self->dicts, language) ||
         (self->preparing != NULL && g_str_equal (self->preparing_language, language));
}

static gboolean
get_source (CdSpellChecker *self,
            const char     *language,
            Source         *source)
{
  CdSpellCache *cache;

  if (language == NULL || *language == '\0')
    language = self->language;

  source->language = language;
  cache = get_cache (self, language);
  source->cache = cache;
  if (cache != NULL && _cd_spell_cache_is_valid (cache) && !dict_requested (self, language))
    {
      source->dict = NULL;
      source->verdicts = _cd_spell_cache_get_verdicts (cache);
      source->extra = _cd_spell_cache_get_extra (cache);
      return TRUE;
    }

  source->dict = get_dict (self, language);
  if (source->dict == NULL)
    return FALSE;
  source->verdicts = get_verdicts (self, source->dict, cache);
  source->extra = enchant_dict_get_extra_word_characters (source->dict);
  return TRUE;
}

gboolean
cd_spell_checker_has_dictionary (CdSpellChecker *self,
                                 const char     *language)
{
  Source source;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), FALSE);

  return get_source (self, language, &source);
}

static gboolean
in_word_lists (CdSpellChecker *self,
               const char     *word)
{
  return word_set_has (self->story_words, word) ||
         word_set_has (self->desk_words, word) ||
         word_set_has (self->ignored_words, word);
}

/* Words past this many in a dictionary's answers start them afresh: a
 * long session must not grow them without end. */
#define MAX_VERDICTS 100000

/* Words up to this many bytes are looked up from a buffer on the stack;
 * a word is copied to the heap only when the dictionary is asked. */
#define WORD_BUFFER_SIZE 128

/* The @length bytes (at most MEMO_WORD_BYTES) of @word as numbers, the
 * rest zero, read a number at a time and never past the word's end: a
 * copy into them through memory stalled the loads that read it back. */
static inline void
memo_key (const char *word,
          gsize       length,
          guint64    *key)
{
  for (guint i = 0; i < MEMO_WORD_BYTES / 8; i++)
    {
      const guchar *p = (const guchar *) word + 8 * i;
      gsize n = length > 8 * i ? MIN (length - 8 * i, 8) : 0;
      guint64 value = 0;

      if (n == 8)
        {
          memcpy (&value, p, 8);
        }
      else if (n >= 4)
        {
          guint32 low;
          guint32 high;

          /* Two reads that meet or overlap in the middle. */
          memcpy (&low, p, 4);
          memcpy (&high, p + n - 4, 4);
          value = low | ((guint64) high << (8 * (n - 4)));
        }
      else if (n > 0)
        {
          value = p[0] | ((guint64) p[n / 2] << (8 * (n / 2))) | ((guint64) p[n - 1] << (8 * (n - 1)));
        }
      key[i] = value;
    }
}

/* The slot of a word held as MEMO_WORD_BYTES / 8 numbers. */
static inline guint
memo_slot (const guint64 *key)
{
  guint64 hash = (key[0] * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) ^
                 (key[1] * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)) ^
                 (key[2] * G_GUINT64_CONSTANT (0x165667B19E3779F9));

  return (guint) (hash >> 40) & (MEMO_SLOTS - 1);
}

/* @word (@length bytes) in the word lists, else the answer of @source's
 * dictionary, remembered in its verdicts; the dictionary is loaded only
 * for a word the answers kept do not hold. */
static gboolean
check_word_in (CdSpellChecker *self,
               Source         *source,
               const char     *word,
               gsize           length)
{
  char buffer[WORD_BUFFER_SIZE];
  g_autofree char *long_word = NULL;
  MemoSlot *slot = NULL;
  char *terminated;
  gpointer verdict;
  gboolean known;

  if (self->memo != NULL && length <= MEMO_WORD_BYTES)
    {
      guint64 key[MEMO_WORD_BYTES / 8];

      memo_key (word, length, key);
      slot = &self->memo[memo_slot (key)];
      if (slot->verdicts == source->verdicts && slot->verdicts != NULL &&
          slot->length == length && slot->word[0] == key[0] &&
          slot->word[1] == key[1] && slot->word[2] == key[2])
        return slot->accepted;

      slot->verdicts = NULL;
      memcpy (slot->word, key, sizeof key);
    }

  if (length < sizeof buffer)
    {
      memcpy (buffer, word, length);
      buffer[length] = '\0';
      terminated = buffer;
    }
  else
    {
      long_word = g_strndup (word, length);
      terminated = long_word;
    }

  /* The dictionary's answer first: most words of a story are in it, and
   * were asked before. */
  verdict = g_hash_table_lookup (source->verdicts, terminated);
  if (verdict != NULL)
    {
      known = GPOINTER_TO_INT (verdict) - 1;
      goto answered;
    }

  if (in_word_lists (self, terminated))
    {
      known = TRUE;
      goto answered;
    }

  if (source->dict == NULL)
    {
      source->dict = get_dict (self, source->language);
      if (source->dict == NULL)
        return TRUE;
      /* The same table: the cache's. */
      source->verdicts = get_verdicts (self, source->dict, get_cache (self, source->language));
    }

  self->n_dictionary_checks++;
  known = enchant_dict_check (source->dict, terminated, length) == 0;
  if (g_hash_table_size (source->verdicts) >= MAX_VERDICTS)
    g_hash_table_remove_all (source->verdicts);
  g_hash_table_insert (source->verdicts,
                       long_word != NULL ? g_steal_pointer (&long_word) : g_strndup (word, length),
                       GINT_TO_POINTER (known + 1));

answered:
  known = known || in_word_lists (self, terminated);
  if (slot != NULL && source->verdicts != NULL)
    {
      slot->verdicts = source->verdicts;
      slot->length = length;
      slot->accepted = known;
    }

  return known;
}

guint
_cd_spell_checker_get_n_texts_walked (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), 0);

  return self->n_texts_walked;
}

void
_cd_spell_checker_begin_walk (CdSpellChecker *self)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));
  g_return_if_fail (self->memo == NULL);

  self->memo = g_new0 (MemoSlot, MEMO_SLOTS);
}

void
_cd_spell_checker_end_walk (CdSpellChecker *self)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));

  g_clear_pointer (&self->memo, g_free);
}

guint
_cd_spell_checker_get_n_dictionary_checks (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), 0);

  return self->n_dictionary_checks;
}

gboolean
cd_spell_checker_check_word (CdSpellChecker *self,
                             const char     *language,
                             const char     *word,
                             gssize          length)
{
  Source source;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  if (length < 0)
    length = strlen (word);
  if (length == 0)
    return TRUE;

  if (!get_source (self, language, &source))
    return TRUE;

  return check_word_in (self, &source, word, length);
}

char **
cd_spell_checker_suggest (CdSpellChecker *self,
                          const char     *language,
                          const char     *word,
                          gssize          length)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  EnchantDict *dict;
  char **suggestions;
  size_t n = 0;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (length < 0)
    length = strlen (word);

  dict = get_dict (self, language);
  if (dict == NULL || length == 0)
    return g_strv_builder_end (builder);

  suggestions = enchant_dict_suggest (dict, word, length, &n);
  for (size_t i = 0; i < n && i < CD_SPELL_MAX_SUGGESTIONS; i++)
    g_strv_builder_add (builder, suggestions[i]);
  if (suggestions != NULL)
    enchant_dict_free_string_list (dict, suggestions);

  return g_strv_builder_end (builder);
}

/* Whole texts */

/* The last step of MurmurHash3's 64-bit hash: every bit of @h moves
 * every bit of the result. */
static inline guint64
mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

/* A 64-bit number from @length bytes at @data, eight at a time. Not a
 * digest: a text another happens to share it with would only be given
 * that text's misspellings, each still checked against the text. */
static guint64
hash_bytes (const char *data,
            gsize       length,
            guint64     seed)
{
  guint64 h = seed ^ (length * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  guint64 tail = 0;
  gsize i;

  for (i = 0; i + 8 <= length; i += 8)
    {
      guint64 value;

      memcpy (&value, data + i, 8);
      h = (h ^ value) * G_GUINT64_CONSTANT (0x87C37B91114253D5);
      h ^= h >> 29;
    }
  if (i < length)
    {
      memcpy (&tail, data + i, length - i);
      h = (h ^ tail) * G_GUINT64_CONSTANT (0x4CF5AD432745937F);
    }

  return mix64 (h);
}

static guint64
word_set_key (GHashTable *set)
{
  GHashTableIter iter;
  gpointer word;
  guint64 key = 0;

  /* A sum: the same words in any order give the same number. */
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &word, NULL))
    key += hash_bytes (word, strlen (word), 0);

  return key;
}

/* The word lists as one number: a word in any of them is accepted, so
 * a word's place in one list or another makes no difference to the
 * answers, only the words do; the sets' sums stay apart all the same. */
static guint64
get_lists_key (CdSpellChecker *self)
{
  if (!self->lists_key_known)
    {
      self->lists_key = mix64 (word_set_key (self->story_words)) ^
                        mix64 (word_set_key (self->desk_words) + 1) ^
                        mix64 (word_set_key (self->ignored_words) + 2);
      self->lists_key_known = TRUE;
    }

  return self->lists_key;
}

/* Whether @spans, kept for a text of that length, start and end where
 * characters of @text do. */
static gboolean
spans_fit (const char *text,
           gsize       length,
           GArray     *spans)
{
  for (guint i = 0; i < spans->len; i++)
    {
      const CdSpellSpan *span = &g_array_index (spans, CdSpellSpan, i);

      if (span->end > length || span->start >= span->end ||
          ((guchar) text[span->start] & 0xC0) == 0x80 ||
          (span->end < length && ((guchar) text[span->end] & 0xC0) == 0x80))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  CdSpellChecker *self;
  /* Looked up once for the whole text, not for each word. */
  Source          source;
  gsize           from;
  gsize           to;
  gsize           length;
  GArray         *spans;
} CheckText;

static void
add_span (CheckText *check,
          gsize      start,
          gsize      end)
{
  CdSpellSpan span = { start, end };

  g_array_append_val (check->spans, span);
}

static gboolean
check_word_cb (const char *text,
               gsize       start,
               gsize       end,
               gpointer    user_data)
{
  CheckText *check = user_data;
  const char *word = text + start;
  gsize part_start;

  if (start >= check->to)
    return FALSE;
  if (end <= check->from && !(check->from == check->to && end == check->from))
    return TRUE;

  if (check_word_in (check->self, &check->source, word, end - start))
    return TRUE;

  /* "e.g." and "etc.": the dictionary knows abbreviations with their
   * full stop, which the word itself leaves out. */
  if (end < check->length && text[end] == '.' &&
      check_word_in (check->self, &check->source, word, end - start + 1))
    return TRUE;

  if (memchr (word, '-', end - start) == NULL)
    {
      add_span (check, start, end);
      return TRUE;
    }

  /* A compound the dictionary lacks: each part on its own. */
  part_start = start;
  for (gsize i = start; i <= end; i++)
    {
      if (i < end && text[i] != '-')
        continue;
      if (i > part_start &&
          !check_word_in (check->self, &check->source, text + part_start, i - part_start))
        add_span (check, part_start, i);
      part_start = i + 1;
    }

  return TRUE;
}

GArray *
cd_spell_checker_check_text (CdSpellChecker *self,
                             const char     *language,
                             const char     *text,
                             gssize          length,
                             gsize           from,
                             gsize           to)
{
  CheckText check = { 0, };
  guint64 text_key = 0;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);

  check.self = self;
  check.from = MIN (from, (gsize) length);
  check.to = MIN (to, (gsize) length);
  check.length = length;
  check.spans = g_array_new (FALSE, FALSE, sizeof (CdSpellSpan));

  /* Nothing to check needs no dictionary, which may still be loading. */
  if (length == 0)
    return check.spans;

  if (!get_source (self, language, &check.source) || check.from > check.to)
    return check.spans;

  /* A whole text checked before with the same lists is not walked again. */
  if (check.source.cache != NULL && check.from == 0 && check.to == (gsize) length)
    {
      text_key = hash_bytes (text, length, get_lists_key (self));
      if (_cd_spell_cache_lookup_text (check.source.cache, text_key, length, check.spans) &&
          spans_fit (text, length, check.spans))
        return check.spans;
      g_array_set_size (check.spans, 0);
    }

  self->n_texts_walked++;
  cd_spell_words_foreach (text, length, check.source.extra, check_word_cb, &check);

  if (check.source.cache != NULL && check.from == 0 && check.to == (gsize) length)
    _cd_spell_cache_add_text (check.source.cache, text_key, length,
                              (const CdSpellSpan *) (gpointer) check.spans->data, check.spans->len);

  return check.spans;
}
