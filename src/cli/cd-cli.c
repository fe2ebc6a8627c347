/* cd-cli.c: what the command-line programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "copydesk-cli"

#include "config.h"

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cd-cli.h"
#include "cd-cli-stylesheet.h"

#define HUGE_PAGE_SIZE (2 * 1024 * 1024)

/* Room left for malloc's own bookkeeping before the first whole page. */
#define HEAP_HEAD_SLACK 64

/* Kept where a leak checker sees it in reach; volatile, or the
 * compiler would drop the allocation no one reads. */
static void *volatile heap_head;

static void
grow_heap_in_steps (void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  guintptr start, end;
  void *block;

  if (mallopt (M_MMAP_THRESHOLD, 8 * 1024 * 1024) != 1 ||
      mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024) != 1 ||
      mallopt (M_TOP_PAD, 64 * 1024 * 1024) != 1)
    return;

  /* Taking a block larger than what is left of the heap grows it by the
   * new step at once; the step is then advised, whole 2 MiB pages of it. */
  block = malloc (HUGE_PAGE_SIZE);
  if (block == NULL)
    return;
  /* Taking the block wrote the heap's top header just past its end, in
   * the 2 MiB page that holds it; a page written to before the advice
   * stays in small pages, so the advice starts after that one. */
  start = ((guintptr) block + HUGE_PAGE_SIZE + HEAP_HEAD_SLACK + HUGE_PAGE_SIZE - 1) &
          ~(guintptr) (HUGE_PAGE_SIZE - 1);
  end = (guintptr) sbrk (0) & ~(guintptr) (HUGE_PAGE_SIZE - 1);
  free (block);

  /* Only advice; a heap that is not where brk ends is left as it is. */
  if ((guintptr) block < end && end > start)
    {
      (void) madvise ((void *) start, end - start, MADV_HUGEPAGE);
      /* The heap up to the first whole page is taken and never written:
       * what the program allocates next comes from whole pages. */
      if (start - (guintptr) block > HEAP_HEAD_SLACK)
        heap_head = malloc (start - (guintptr) block - HEAP_HEAD_SLACK);
    }
#endif
}

void
cd_cli_prepare_heap (void)
{
  cd_json_keep_trees ();
  grow_heap_in_steps ();
}

const char *
cd_cli_get_default_stylesheet (void)
{
  return cd_cli_default_stylesheet;
}

char *
cd_cli_load_stylesheet (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (path == NULL)
    return g_strdup (cd_cli_default_stylesheet);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("%s: the stylesheet is not valid UTF-8 text"), display);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* Appends the lines of @items from @first on to @lines. */
static GString *
format_preflight (GString    *lines,
                  const char *program,
                  const char *story,
                  GPtrArray  *items,
                  guint       first)
{
  cd_preflight_items_append_lines (lines, items, first, program, story);

  return lines;
}

/* One write: a long story can have thousands of items, and standard
 * error is not buffered. */
static void
print_lines (GString *lines)
{
  if (lines->len == 0)
    return;

  /* Handed over as it is where the console takes UTF-8: formatting a
   * long story's lines through "%s" copied them once more. */
  if (g_get_console_charset (NULL))
    {
      fwrite (lines->str, 1, lines->len, stderr);
      fflush (stderr);
    }
  else
    {
      g_printerr ("%s", lines->str);
    }
}

void
cd_cli_print_preflight (const char *program,
                        const char *story,
                        GPtrArray  *items)
{
  g_autoptr(GString) lines = NULL;

  g_return_if_fail (program != NULL);
  g_return_if_fail (story != NULL);
  g_return_if_fail (items != NULL);

  lines = format_preflight (g_string_new (NULL), program, story, items, 0);
  print_lines (lines);
}

struct _CdCliSpelling
{
  char      *program;
  char      *story;
  CdArticle *article;
  GPtrArray *items;
  /* What it has to say on standard error, said when it is finished so
   * the lines come in the order they always did. */
  GString   *notes;
  CdThread  *thread;
  /* Once its own work is done, the spelling's thread helps write the
   * story's body, if it is still being written. */
  CdHtmlHelp *help;
  /* With cd_cli_checks_start (): the pre-flight checks run on a thread
   * of their own beside the spelling, their items before the
   * misspellings, and all of them are formatted there, ready to be
   * printed. */
  gboolean           run_preflight;
  CdPreflightLimits  limits;
  GPtrArray         *preflight;
  GString           *report;
};

/* The checker stays loaded until the program ends: taking a dictionary
 * of 50,000 words apart again costs more than converting a long story,
 * and the process ends right after. */
static CdSpellChecker *kept_checker;

/* The checker cd_cli_spelling_prepare () is loading, if it was called. */
static CdThread *prepare_thread;

/* A checker with the desk dictionary and the answers kept from earlier
 * runs: each run is a process of its own, and loading a dictionary takes
 * longer than reading and writing a long story. */
static CdSpellChecker *
new_checker (const char *language)
{
  g_autofree char *desk_path = cd_spell_checker_get_default_desk_path ();
  g_autofree char *cache_dir = cd_spell_checker_get_default_cache_dir ();
  CdSpellChecker *checker = cd_spell_checker_new (language, desk_path);

  cd_spell_checker_set_cache_dir (checker, cache_dir);

  return checker;
}

static gpointer
prepare_checker_thread (gpointer data)
{
  CdSpellChecker *checker = new_checker (NULL);

  /* The kept answers, or else the dictionary itself. */
  cd_spell_checker_has_dictionary (checker, NULL);

  return checker;
}

void
cd_cli_spelling_prepare (void)
{
  g_return_if_fail (prepare_thread == NULL);

  prepare_thread = cd_thread_new ("dictionary", prepare_checker_thread, NULL);
}

void
cd_cli_spelling_discard (void)
{
  if (prepare_thread != NULL)
    g_object_unref (cd_thread_join (g_steal_pointer (&prepare_thread)));
}

/* What a misspelling's line takes beside the program's and the story's
 * names: the place ("body b4527192c1dde text"), the word and the
 * message. */
#define LINE_ROOM 96

static gpointer
preflight_thread (gpointer data)
{
  CdCliSpelling *spelling = data;

  spelling->preflight = cd_preflight_run (spelling->article, &spelling->limits, NULL);
  spelling->report = format_preflight (g_string_new (NULL), spelling->program, spelling->story,
                                       spelling->preflight, 0);

  return NULL;
}

static gpointer
check_spelling_thread (gpointer data)
{
  CdCliSpelling *spelling = data;
  const char *language = cd_article_get_field (spelling->article, CD_ARTICLE_FIELD_LANGUAGE);
  CdSpellChecker *checker;
  const GError *desk_error;
  g_autoptr(GError) cache_error = NULL;
  CdThread *checks = NULL;

  /* The checks beside the spelling, which takes longer: with the story
   * being written on the main thread, the two cores of a laptop share
   * three pieces of work rather than one waiting for two in a row. On
   * the writer's core, not this one: the spelling, the longest of the
   * three, then has a core to itself, and the checks take turns with
   * the write, which has time to spare (a plain thread stayed queued
   * behind this one for 2.5 ms). */
  if (spelling->run_preflight)
    checks = cd_thread_new ("preflight", preflight_thread, spelling);

  if (prepare_thread != NULL)
    {
      checker = cd_thread_join (g_steal_pointer (&prepare_thread));
      cd_spell_checker_set_language (checker, language);
    }
  else
    {
      checker = new_checker (language);
    }
  desk_error = cd_spell_checker_get_desk_error (checker);
  if (desk_error != NULL)
    g_string_append_printf (spelling->notes, "%s: %s\n", spelling->program, desk_error->message);

  /* Not a pre-flight item: --strict cannot hold a story back for a
   * dictionary this machine lacks. */
  if (!cd_spell_add_preflight_items (checker, spelling->article, spelling->items))
    g_string_append_printf (spelling->notes,
                            _("%s: %s: language: note: no spelling dictionary for “%s”; spelling was not checked\n"),
                            spelling->program, spelling->story, language != NULL && *language != '\0' ? language : "en");

  if (spelling->run_preflight)
    {
      /* The checks ended long ago; the misspellings' lines go after
       * theirs in one string made large enough for them at once. A long
       * story has thousands, and strings that grew to hold them (and
       * were copied into another) had their memory's fresh pages cleared
       * again and again. */
      g_autoptr(GString) checked_lines = NULL;
      gsize line_length = strlen (spelling->program) + strlen (spelling->story) + LINE_ROOM;

      cd_thread_join (checks);
      checked_lines = g_steal_pointer (&spelling->report);
      spelling->report = g_string_sized_new (checked_lines->len + spelling->items->len * line_length);
      g_string_append_len (spelling->report, checked_lines->str, checked_lines->len);
      format_preflight (spelling->report, spelling->program, spelling->story, spelling->items, 0);
      g_ptr_array_extend_and_steal (spelling->preflight, g_steal_pointer (&spelling->items));
    }

  cd_html_help_run (spelling->help);

  /* A cache that cannot be written costs only time, the next run's. */
  if (!cd_spell_checker_save_cache (checker, &cache_error))
    g_debug ("Spelling answers not kept: %s", cache_error->message);

  return checker;
}

static CdCliSpelling *
start_checks (const char              *program,
              const char              *story,
              CdArticle               *article,
              const CdPreflightLimits *limits)
{
  CdCliSpelling *spelling;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (story != NULL, NULL);
  g_return_val_if_fail (CD_IS_ARTICLE (article), NULL);

  spelling = g_new0 (CdCliSpelling, 1);
  spelling->program = g_strdup (program);
  spelling->story = g_strdup (story);
  spelling->article = g_object_ref (article);
  spelling->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_preflight_item_free);
  spelling->notes = g_string_new (NULL);
  spelling->help = cd_html_help_new ();
  if (limits != NULL)
    {
      spelling->run_preflight = TRUE;
      spelling->limits = *limits;
    }
  spelling->thread = cd_thread_new ("spelling", check_spelling_thread, spelling);

  return spelling;
}

CdCliSpelling *
cd_cli_spelling_start (const char *program,
                       const char *story,
                       CdArticle  *article)
{
  return start_checks (program, story, article, NULL);
}

CdCliSpelling *
cd_cli_checks_start (const char              *program,
                     const char              *story,
                     CdArticle               *article,
                     const CdPreflightLimits *limits)
{
  g_return_val_if_fail (limits != NULL, NULL);

  return start_checks (program, story, article, limits);
}

/* Joins the thread and says its notes; the spelling items stay in it. */
static void
join_checks (CdCliSpelling *spelling)
{
  CdSpellChecker *checker;

  cd_html_help_close (spelling->help);
  checker = cd_thread_join (spelling->thread);

  if (kept_checker != NULL)
    g_object_unref (kept_checker);
  kept_checker = checker;

  if (spelling->notes->len > 0)
    g_printerr ("%s", spelling->notes->str);
}

static void
free_checks (CdCliSpelling *spelling)
{
  g_string_free (spelling->notes, TRUE);
  cd_html_help_free (spelling->help);
  if (spelling->items != NULL)
    g_ptr_array_unref (spelling->items);
  if (spelling->preflight != NULL)
    g_ptr_array_unref (spelling->preflight);
  if (spelling->report != NULL)
    g_string_free (spelling->report, TRUE);
  g_object_unref (spelling->article);
  g_free (spelling->program);
  g_free (spelling->story);
  g_free (spelling);
}

void
cd_cli_spelling_finish (CdCliSpelling *spelling,
                        GPtrArray     *items)
{
  g_return_if_fail (spelling != NULL);
  g_return_if_fail (!spelling->run_preflight);
  g_return_if_fail (items != NULL);

  join_checks (spelling);
  g_ptr_array_extend_and_steal (items, g_steal_pointer (&spelling->items));
  free_checks (spelling);
}

CdHtmlHelp *
cd_cli_checks_get_help (CdCliSpelling *spelling)
{
  g_return_val_if_fail (spelling != NULL, NULL);

  return spelling->help;
}

CdCliChecked *
cd_cli_checks_finish (CdCliSpelling *spelling)
{
  CdCliChecked *checked;

  g_return_val_if_fail (spelling != NULL, NULL);
  g_return_val_if_fail (spelling->run_preflight, NULL);

  join_checks (spelling);
  checked = g_new0 (CdCliChecked, 1);
  checked->items = g_steal_pointer (&spelling->preflight);
  checked->report = g_steal_pointer (&spelling->report);
  free_checks (spelling);

  return checked;
}

void
cd_cli_checked_print (CdCliChecked *checked)
{
  g_return_if_fail (checked != NULL);

  print_lines (checked->report);
}

void
cd_cli_checked_free (CdCliChecked *checked)
{
  if (checked == NULL)
    return;

  g_ptr_array_unref (checked->items);
  g_string_free (checked->report, TRUE);
  g_free (checked);
}

void
cd_cli_add_spelling (const char *program,
                     const char *story,
                     CdArticle  *article,
                     GPtrArray  *items)
{
  g_return_if_fail (items != NULL);

  cd_cli_spelling_finish (cd_cli_spelling_start (program, story, article), items);
}

void
cd_cli_print_usage_error (const char *program,
                          const char *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", program, message);
  g_printerr (_("Run “%s --help” to see the options.\n"), program);
}
