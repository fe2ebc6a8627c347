/* fuzz-html.c: the HTML writer under libFuzzer, fed by stories the
 * article.json reader accepted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every page, fragment and patch the writer makes of a story must pass
 * html_check(): the writer's own vocabulary, text escaped, no script, no
 * event handler, no address that runs code, and never the desk notes.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "copydesk-core.h"
#include "fuzz-common.h"
#include "html-check.h"

/* A stylesheet that tries to end its own element. */
#define STYLESHEET "p { color: #222 } /* </style><script>document.documentElement.setAttribute('data-pwned','css')</script> */\n"
#define DESK_NOTE  "FUZZ-DESK-NOTE-only-for-the-desk"
/* Patching every block of a long story is quadratic in nothing but
 * time; the first ones cover every path. */
#define MAX_BLOCK_PATCHES 16

static void
check_or_die (const char             *html,
              const HtmlCheckOptions *check,
              const char             *what)
{
  g_autoptr(GError) error = NULL;

  if (!html_check (html, strlen (html), check, &error))
    g_error ("%s: %s", what, error->message);
}

static void
write_and_check (CdArticle   *article,
                 CdHtmlMode   mode,
                 CdEmbedMode  embeds,
                 gboolean     inline_media,
                 gboolean     forbid_note)
{
  g_autofree char *html = NULL;
  g_autofree char *header = NULL;
  g_autofree char *lead = NULL;
  HtmlCheckOptions check = { 0 };
  CdHtmlOptions options;
  guint n_blocks;

  cd_html_options_init (&options);
  options.mode = mode;
  options.embeds = embeds;
  options.inline_media = inline_media;
  options.stylesheet = mode == CD_HTML_PAGE ? STYLESHEET : NULL;
  options.base_url = "https://news.example.com/stories/";

  check.stylesheet = options.stylesheet;
  check.official_embeds = embeds == CD_EMBEDS_OFFICIAL;
  check.inline_media = inline_media;
  check.forbidden = forbid_note ? DESK_NOTE : NULL;

  html = cd_html_write (article, &options);
  check_or_die (html, &check, mode == CD_HTML_PAGE ? "page" : "fragment");

  check.stylesheet = NULL;
  header = cd_html_write_header (article, &options);
  check_or_die (header, &check, "header");
  lead = cd_html_write_lead (article, &options);
  check_or_die (lead, &check, "lead");

  n_blocks = MIN (cd_article_get_n_blocks (article), MAX_BLOCK_PATCHES);
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autofree char *block = cd_html_write_block (article, cd_article_get_block (article, i), &options);

      check_or_die (block, &check, "block");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  gboolean forbid_note;

  article = cd_json_read (size > 0 ? (const char *) data : "", size, "fuzz-story.json", &error);
  if (article == NULL)
    return 0;

  /* The fuzzer could learn the note from the check and type it into a
   * headline; only an input that does not hold it can be held to it. */
  forbid_note = g_strstr_len ((const char *) data, size, DESK_NOTE) == NULL;
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, DESK_NOTE);

  write_and_check (article, CD_HTML_PAGE, CD_EMBEDS_STATIC, FALSE, forbid_note);
  write_and_check (article, CD_HTML_PAGE, CD_EMBEDS_OFFICIAL, TRUE, forbid_note);
  write_and_check (article, CD_HTML_FRAGMENT, CD_EMBEDS_STATIC, TRUE, forbid_note);
  write_and_check (article, CD_HTML_FRAGMENT, CD_EMBEDS_OFFICIAL, FALSE, forbid_note);

  return 0;
}
