/* cd-mark.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CD_MARK_STRONG,
  CD_MARK_EM,
  CD_MARK_LINK,
} CdMarkType;

/* A span of inline formatting. Offsets are in Unicode code points,
 * start inclusive, end exclusive. href is only set for links. */
typedef struct
{
  CdMarkType  type;
  guint       start;
  guint       end;
  char       *href;
} CdMark;

#define CD_TYPE_MARK      (cd_mark_get_type ())
#define CD_TYPE_LIST_ITEM (cd_list_item_get_type ())

GType        cd_mark_get_type            (void) G_GNUC_CONST;
CdMark      *cd_mark_new                 (CdMarkType    type,
                                          guint         start,
                                          guint         end,
                                          const char   *href);
CdMark      *cd_mark_copy                (const CdMark *mark);
void         cd_mark_free                (CdMark       *mark);
gboolean     cd_mark_equal               (const CdMark *a,
                                          const CdMark *b);
const char  *cd_mark_type_to_string      (CdMarkType    type);
gboolean     cd_mark_type_from_string    (const char   *string,
                                          CdMarkType   *type);

/* A new GPtrArray of CdMark that frees its elements. */
GPtrArray   *cd_marks_new                (void);
GPtrArray   *cd_marks_copy               (GPtrArray    *marks);
gboolean     cd_marks_equal              (GPtrArray    *a,
                                          GPtrArray    *b);
/* Sorts by start, then end, then type, so equal sets compare equal. */
void         cd_marks_sort               (GPtrArray    *marks);
/* The marks of [@start, @end) of a text, shifted to start at 0. */
GPtrArray   *cd_marks_slice              (GPtrArray    *marks,
                                          guint         start,
                                          guint         end);
/* Appends copies of @marks shifted by @shift code points to @dest. */
void         cd_marks_append             (GPtrArray    *dest,
                                          GPtrArray    *marks,
                                          guint         shift);
/* Drops empty marks, joins overlapping or touching marks of the same kind
 * and address, and sorts: two equal formattings compare equal. */
void         cd_marks_normalize          (GPtrArray    *marks);
/* A normalized copy of @marks clipped to @length code points. */
GPtrArray   *cd_marks_clean              (GPtrArray    *marks,
                                          guint         length);
/* Shifts the marks of a text for @length code points inserted at @offset;
 * a mark around @offset is cut in two, so inserted text carries only its
 * own formatting. */
void         cd_marks_insert_gap         (GPtrArray    *marks,
                                          guint         offset,
                                          guint         length);
/* Sets (or with @on FALSE clears) formatting @type over [@start, @end);
 * a link replaces any other link there. The result is normalized. */
void         cd_marks_set_range          (GPtrArray    *marks,
                                          CdMarkType    type,
                                          const char   *href,
                                          guint         start,
                                          guint         end,
                                          gboolean      on);
/* The code points of the valid UTF-8 @text (@length bytes, or -1 up to
 * its NUL): what g_utf8_strlen() says, counted eight bytes at a time;
 * marks count in code points, and every paragraph is counted when a
 * story is read and written. */
gsize        cd_utf8_count               (const char   *text,
                                          gssize        length);
/* g_utf8_validate_len(): whether the @length bytes of @text are UTF-8
 * without a NUL, *@end (if not NULL) set to the first byte that is not;
 * ASCII, most of a story's JSON, is checked eight bytes at a time. */
gboolean     cd_utf8_validate            (const char   *text,
                                          gsize         length,
                                          const char  **end);
/* @text, valid UTF-8, past @n_chars code points (at most as many as it
 * has): g_utf8_offset_to_pointer() for an offset forward, with ASCII
 * stepped over eight bytes at a time. */
const char  *cd_utf8_skip                (const char   *text,
                                          gsize         n_chars);
/* The substring of @text between code point offsets, clamped to it. */
char        *cd_utf8_substring           (const char   *text,
                                          guint         start,
                                          guint         end);

/* Follows the text under @marks when the code points [@start, @end) are
 * replaced by @length new ones: a mark over the whole stretch stays
 * over its replacement (a bold word replaced stays bold), marks after it
 * move, and a mark left empty is dropped. */
void         cd_marks_replace_range      (GPtrArray    *marks,
                                          guint         start,
                                          guint         end,
                                          guint         length);

/* TRUE for the only link schemes kept: http, https and mailto, and
 * only for an address that does not hide where it leads: no user name
 * before the host ("https://x.com@evil.example/") and no backslash. */
gboolean     cd_href_is_allowed          (const char   *href);
/* The address a person meant by @typed: "https://" before an address
 * typed without a scheme whose host has a dot ("www.example.org/page",
 * "example.org"); any other text comes back as typed, without its
 * surrounding blanks. */
char        *cd_href_complete            (const char   *typed);

/* One item of a list block. */
typedef struct
{
  char      *text;
  GPtrArray *marks;  /* of CdMark, never NULL */
} CdListItem;

GType        cd_list_item_get_type       (void) G_GNUC_CONST;
CdListItem  *cd_list_item_new            (const char       *text);
CdListItem  *cd_list_item_copy           (const CdListItem *item);
void         cd_list_item_free           (CdListItem       *item);
gboolean     cd_list_item_equal          (const CdListItem *a,
                                          const CdListItem *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdMark, cd_mark_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdListItem, cd_list_item_free)

G_END_DECLS
