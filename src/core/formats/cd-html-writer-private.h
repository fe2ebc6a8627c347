/* cd-html-writer-private.h: the HTML writer's state and the helpers its
 * files share: cd-html.c (the story), cd-html-markup.c (escaping, tags,
 * inline marks), cd-html-embeds.c (embeds) and cd-html-page.c (the page
 * around the story, export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdarg.h>
#include <string.h>

#include "cd-html-private.h"

G_BEGIN_DECLS

/* g_string_append_len () without a call when @out has room: the writer
 * appends a few bytes at a time, hundreds of thousands of times for a
 * long story. (GString's fields are public.) */
static inline void
_cd_html_append_len (GString    *out,
                     const char *text,
                     gsize       length)
{
  if (length < out->allocated_len - out->len)
    {
      memcpy (out->str + out->len, text, length);
      out->len += length;
      out->str[out->len] = '\0';
    }
  else
    {
      g_string_append_len (out, text, length);
    }
}

/* The same for a string literal. */
#define _cd_html_append_literal(out, literal) \
  _cd_html_append_len ((out), "" literal "", sizeof (literal) - 1)

/* The few words the writer itself puts into a story ("By", "and", "on",
 * month names) follow the story's language, not the user interface's: a
 * French story exported from an English desktop still reads "Par". Stories
 * in other languages get no words at all and ISO dates. */
typedef enum
{
  DATE_MONTH_DAY_YEAR,     /* June 4, 2019 */
  DATE_DAY_MONTH_YEAR,     /* 4 juin 2019 */
  DATE_DAY_DOT_MONTH_YEAR, /* 4. Juni 2019 */
  DATE_DAY_DE_MONTH_YEAR,  /* 4 de junio de 2019 */
} DateStyle;

typedef struct
{
  const char *lang;
  const char *by;
  const char *and_word;
  const char *on;
  DateStyle   date_style;
  const char *months[12];
} LangWords;

typedef struct _BodyJob BodyJob;

/* Takes the next @length bytes of what a writer writes. */
typedef void (*CdHtmlSink) (const char *data,
                            gsize       length,
                            gpointer    user_data);

struct _CdHtmlWriter
{
  CdArticle           *article;
  const CdHtmlOptions *options;
  CdHtmlOptions        defaults;
  const char          *lang;             /* valid language tag or NULL */
  const LangWords     *words;
  CdBlock             *first_paragraph;  /* carries the dateline */
  guint                scripts;          /* cd_embed_provider_nth() bits used */
  /* With _cd_html_write_through (): where what is written goes, a piece
   * at a time, as the body is written. */
  CdHtmlSink           sink;
  gpointer             sink_data;
};

/* cd-html.c */
void          _cd_html_writer_init (CdHtmlWriter        *w,
                                    CdArticle           *article,
                                    const CdHtmlOptions *options);
/* What cd_html_write () gives, handed to @sink in pieces as it is
 * written rather than returned whole. */
void          _cd_html_write_through (CdArticle           *article,
                                      const CdHtmlOptions *options,
                                      CdHtmlSink           sink,
                                      gpointer             sink_data);
gboolean      _cd_html_parse_date  (const char  *value,
                                    char       **datetime,
                                    int         *year,
                                    int         *month,
                                    int         *day);
void          _cd_html_append_time (CdHtmlWriter *w,
                                    GString      *out,
                                    const char   *value);
char         *_cd_html_figure_src  (CdHtmlWriter *w,
                                    const char   *src);
const char   *_cd_html_story_date  (CdHtmlWriter *w);

/* cd-html-markup.c */
char         *_cd_html_clean_text             (const char *text);
gboolean      _cd_html_is_empty               (const char *text);
void          _cd_html_append_open_tag_valist (GString    *out,
                                               const char *tag,
                                               va_list     args);
void          _cd_html_append_open_tag        (GString    *out,
                                               const char *tag,
                                               ...) G_GNUC_NULL_TERMINATED;
void          _cd_html_append_close_tag       (GString    *out,
                                               const char *tag);
void          _cd_html_append_text_element    (GString    *out,
                                               const char *tag,
                                               const char *text,
                                               ...) G_GNUC_NULL_TERMINATED;
void          _cd_html_append_escaped_lines   (GString    *out,
                                               const char *text);
char         *_cd_html_normalize_url          (const char *url);
gboolean      _cd_html_url_is_https           (const char *url);
void          _cd_html_append_link_open       (GString    *out,
                                               const char *href);
void          _cd_html_append_changed_text (GString    *out,
                                            const char *text,
                                            GPtrArray  *marks,
                                            GArray     *spans);
void          _cd_html_append_text_with_marks (GString    *out,
                                               const char *text,
                                               GPtrArray  *marks);

/* cd-html-embeds.c */
void          _cd_html_append_provider_script (GString               *out,
                                               const CdEmbedProvider *info);
void          _cd_html_write_embed            (CdHtmlWriter *w,
                                               GString      *out,
                                               CdBlock      *block,
                                               const char   *klass_extra);

/* cd-html-page.c */
void          _cd_html_append_head_tag        (GString    *out,
                                               const char *tag,
                                               ...) G_GNUC_NULL_TERMINATED;
void          _cd_html_append_json_for_script (GString    *out,
                                               const char *json);
void          _cd_html_write_head             (CdHtmlWriter *w,
                                               GString      *out);

G_END_DECLS
