/* cd-html-clean-private.h: what browsers and office programs put around
 * the HTML they copy, for the HTML importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an element's style attribute and classes say about it. Only what
 * changes the story is read: every other property (fonts, colours, the
 * mso- layout of Word) is noise and dropped. */
typedef struct
{
  gint8     bold;            /* 1 bold, -1 said not to be, 0 unsaid */
  gint8     italic;
  gboolean  hidden;          /* display:none, visibility:hidden */
  gboolean  list_marker;     /* Word's typed bullet or number (mso-list:Ignore) */
  gboolean  word_note;       /* a Word footnote or comment mark */
  gboolean  word_comments;   /* Word's comments, kept at the end of the copy */
  gboolean  word_notes_list; /* Word's footnote or endnote texts */
  char     *word_list;       /* "l0 level1 lfo1" on a Word list paragraph */
} CdStyleFacts;

void          _cd_html_style_facts_clear        (CdStyleFacts  *facts);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CdStyleFacts, _cd_html_style_facts_clear)

/* Reads "name: value; …" declarations (a style attribute, the body of a
 * style sheet rule) into @facts, over what it already says. */
void          _cd_html_style_parse              (const char    *css,
                                                 CdStyleFacts  *facts);
/* Adds the bold and italic that the rules of a style sheet give a class
 * (".c3{font-weight:700}", as Google Docs saves a document) to @rules, a
 * table of lower-cased class name to CdStyleFacts (g_free'd). Rules for
 * anything but one class of any element or of span are skipped, and so
 * are nested and @ rules. */
void          _cd_html_style_sheet_read         (GHashTable    *rules,
                                                 const char    *css);

/* Takes Word's downlevel-revealed conditional comments (<![if …]>,
 * <![endif]>) and its <o:p> tags out of @html; NULL when there are none. */
GString      *_cd_html_strip_office_markup      (const char    *html,
                                                 gsize          length);
/* Moves @html past the header Windows puts before clipboard HTML
 * ("Version:0.9 StartHTML:…"), when there is one. */
void          _cd_html_skip_clipboard_header    (const char   **html,
                                                 gsize         *length);

/* The address behind Google's https://www.google.com/url?q=ADDRESS
 * redirect when it is one a link may have, else a copy of @href. */
char         *_cd_html_unwrap_redirect          (const char    *href);
/* Whether alt text is only an image's file name ("image001.png"). */
gboolean      _cd_html_alt_is_file_name         (const char    *alt);
/* Cuts the no-break spaces and blanks that only lay out from the end of
 * @text, ending @marks (a GPtrArray of CdMark, may be NULL) with it. */
void          _cd_html_trim_trailing_layout     (char          *text,
                                                 GPtrArray     *marks);

G_END_DECLS
