/* cd-media.h: the images a story holds for its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-article.h"

G_BEGIN_DECLS

/* The most pixels a figure's image may have (docs/article-format.md): a 30000 × 30000
 * PNG is a few megabytes on disk but gigabytes once decoded. */
#define CD_MEDIA_MAX_PIXELS G_GUINT64_CONSTANT (100000000)

typedef enum
{
  CD_MEDIA_FORMAT_PNG = 1,
  CD_MEDIA_FORMAT_JPEG,
  CD_MEDIA_FORMAT_GIF,
  CD_MEDIA_FORMAT_WEBP,
} CdMediaFormat;

typedef struct
{
  CdMediaFormat  format;
  const char    *extension;   /* "png", "jpg", "gif", "webp" */
  const char    *mime_type;   /* "image/png", … */
  guint          width;
  guint          height;
} CdMediaInfo;

/* The one image sniffer: accepts only bytes that are a PNG, JPEG, GIF or
 * WebP image, reads the pixel size from the header without decoding, and
 * refuses images of more than CD_MEDIA_MAX_PIXELS. Every way an image
 * enters a story goes through it, and nothing decodes an image it did
 * not accept. @name names the image in the error (CD_ERROR_INVALID, or
 * CD_ERROR_LIMIT for the pixel count). */
gboolean      cd_media_sniff               (GBytes            *bytes,
                                            const char        *name,
                                            CdMediaInfo       *info,
                                            GError           **error);

/* The NAME of a figure source "media/NAME" when NAME is a plain file name
 * a story may hold (no folders, no leading dot, no control characters),
 * or NULL. */
const char   *cd_media_name_from_src       (const char        *src);

/* The SHA-256 of @bytes in lower-case hex: the name of an image's
 * content, in exported file names and for a site that already has it.
 * Through nettle, which uses the processor's SHA instructions where it
 * has them (four times GLib's speed on a story's photos). */
char         *cd_media_sha256_hex          (GBytes            *bytes);

/* How errors name a figure: "the lead photo" or "figure “ID”". */
char         *cd_media_describe_figure     (CdArticle         *article,
                                            CdBlock           *figure);

/* Reads the regular file @relative (a "/"-separated path) beneath
 * @folder without following a symbolic link in any component, so that a
 * story folder from an archive cannot reach files elsewhere. A missing
 * file returns TRUE with *@bytes NULL. A link, anything that is not a
 * regular file or a file larger than @max_size is an error naming it. */
gboolean      cd_media_read_beneath        (GFile             *folder,
                                            const char        *relative,
                                            guint64            max_size,
                                            GBytes           **bytes,
                                            GError           **error);

/* A folder read from many times, as cd_media_read_beneath() reads it:
 * opened at the first read and kept open until freed. */
typedef struct _CdMediaFolder CdMediaFolder;

CdMediaFolder *cd_media_folder_new         (GFile             *folder);
gboolean      cd_media_folder_read         (CdMediaFolder     *self,
                                            const char        *relative,
                                            guint64            max_size,
                                            GBytes           **bytes,
                                            GError           **error);
void          cd_media_folder_free         (CdMediaFolder     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdMediaFolder, cd_media_folder_free)

/* Sniffs @bytes and stores them in @article's media under a new path
 * "media/STEM.EXT", STEM made readable and safe from @name_hint (NULL for
 * pasted data: a name from the content, so that pasted images never
 * share a name) and EXT from the bytes; identical bytes already stored
 * are reused. Returns the path, or NULL with the sniffer's error. */
char         *cd_media_store               (CdArticle         *article,
                                            GBytes            *bytes,
                                            const char        *name_hint,
                                            CdMediaInfo       *info,
                                            GError           **error);

/* Writes the images the figures of @article use into @folder (created
 * when there is one), each as STEM-HASH.EXT: a name that changes with the
 * content and ends in the sniffed extension, so that stories exported
 * into one folder, or photos already there, are never overwritten by a
 * different image (a different file of that name is an error). Returns a
 * copy of @article whose figures point at "media/" + those names, for the
 * writer of the exported file. With @folder NULL nothing is written: the
 * copy names the images as an export would. */
CdArticle    *cd_media_export              (CdArticle         *article,
                                            GFile             *folder,
                                            GError           **error);

/* cd_media_export () without the copy: writes the images as it does and
 * returns what the src of each figure whose image was exported becomes
 * ("media/STEM-HASH.EXT"), by its src in @article, for a writer that
 * renames figures as it writes them (CdHtmlOptions.media_names). */
GHashTable   *cd_media_export_names        (CdArticle         *article,
                                            GFile             *folder,
                                            GError           **error);

/* cd_media_export() into the folder "media" beside the file @output, as
 * the article.json, NITF and block-markup exports keep their pictures; a
 * CD_ERROR_IO naming @output when it has no parent folder. */
CdArticle    *cd_media_export_beside       (CdArticle         *article,
                                            GFile             *output,
                                            GError           **error);

G_END_DECLS
