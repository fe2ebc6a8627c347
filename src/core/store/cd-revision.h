/* cd-revision.h: the story's own history, kept in its .article container
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-article.h"

G_BEGIN_DECLS

/* Why a revision was taken. */
#define CD_REVISION_SAVED     "saved"
#define CD_REVISION_EXPORTED  "exported"
#define CD_REVISION_PUBLISHED "published"
#define CD_REVISION_RESTORED  "restored"
#define CD_REVISION_IMPORTED  "imported"
#define CD_REVISION_NAMED     "named"

/* A full snapshot of a story (its article.json, media named as in the
 * story) with who took it, when and why. Immutable and reference
 * counted, so a story's copies share their revisions. */
typedef struct _CdRevision CdRevision;

#define CD_TYPE_REVISION (cd_revision_get_type ())

GType         cd_revision_get_type         (void) G_GNUC_CONST;
CdRevision   *cd_revision_ref              (CdRevision     *revision);
void          cd_revision_unref            (CdRevision     *revision);

/* The revisions of @article, oldest first: a GPtrArray of CdRevision
 * owned by the article and shared, never in article.json. Copies of
 * the article (cd_article_copy()) carry the same revisions. */
GPtrArray    *cd_article_get_revisions     (CdArticle      *article);

/* Takes a revision of @article as it is now and adds it to the
 * article's revisions, as the child of the newest one; then thins the
 * old ones (cd_revisions_thin()). @reason is one of CD_REVISION_*;
 * @author and @label may be NULL or "" (a label names a revision: it is
 * then kept whatever its age). @now NULL means now. Returns the new
 * revision (owned by the article). */
CdRevision   *cd_article_add_revision      (CdArticle      *article,
                                            const char     *reason,
                                            const char     *author,
                                            const char     *label,
                                            GDateTime      *now);

const char   *cd_revision_get_id           (CdRevision     *revision);
/* The revision this one followed, or NULL for the first. */
const char   *cd_revision_get_parent       (CdRevision     *revision);
/* RFC 3339, UTC ("2026-12-02T10:57:35Z"). */
const char   *cd_revision_get_time         (CdRevision     *revision);
const char   *cd_revision_get_author       (CdRevision     *revision);
const char   *cd_revision_get_reason       (CdRevision     *revision);
const char   *cd_revision_get_label        (CdRevision     *revision);
/* The snapshot's article.json. */
GBytes       *cd_revision_get_json         (CdRevision     *revision);
/* The "media/NAME" paths its figures show, NULL-terminated. */
const char * const *cd_revision_get_media  (CdRevision     *revision);
/* A line for a list of revisions: "2 Dec 2026, 10:57 · Saved · Jane Roe"
 * or the label. Translated. */
char         *cd_revision_describe         (CdRevision     *revision);

/* The story as it was at @revision, its pictures taken from @story (the
 * story whose container holds the revision). Errors name @display_name
 * and the revision's file ("story.article: revisions/ID.json"). */
CdArticle    *cd_revision_load             (CdRevision     *revision,
                                            CdArticle      *story,
                                            const char     *display_name,
                                            GError        **error);

/* Loads the story in @file (anything cd_import_load() reads) or, when
 * @revision_id is not NULL, that revision of it; a revision it does
 * not have is a CD_ERROR_INVALID naming the file and the id. */
CdArticle    *cd_revision_load_from_file   (GFile          *file,
                                            const char     *revision_id,
                                            GError        **error);

/* Makes @self the story @source is (every field but its id and
 * creation and modification times, the lead, the body, with the
 * pictures they need), through the model's setters so that an undo
 * history records it; the caller groups it into one step. Revisions and
 * publishing records stay as they are. */
void          cd_article_restore_from      (CdArticle      *self,
                                            CdArticle      *source);

/* Finds a revision of @revisions (a GPtrArray of CdRevision) by id. */
CdRevision   *cd_revisions_find            (GPtrArray      *revisions,
                                            const char     *id);

/* Thins @revisions (oldest first) by age at @now: every revision of the
 * last day is kept, then the newest of each hour for a week, then the
 * newest of each day; named ones and the newest are always kept. A kept
 * revision whose parent went gets its nearest kept ancestor as parent. */
void          cd_revisions_thin            (GPtrArray      *revisions,
                                            GDateTime      *now);

/* The container's revisions/index.json and revisions/ID.json: what
 * cd-document.c writes and reads. */
#define CD_REVISIONS_FOLDER "revisions/"
#define CD_REVISIONS_INDEX  "revisions/index.json"

GBytes       *cd_revisions_write_index     (GPtrArray      *revisions);
/* Reads the index: a GPtrArray of CdRevision without their snapshots
 * yet, or NULL with a CD_ERROR naming @display_name, the index and what
 * is wrong. */
GPtrArray    *cd_revisions_read_index      (GBytes         *index,
                                            const char     *display_name,
                                            GError        **error);
/* Gives each revision read by cd_revisions_read_index() its snapshot
 * from @files ("revisions/ID.json" → GBytes); a revision without its
 * file is an error naming it. */
gboolean      cd_revisions_attach_files    (GPtrArray      *revisions,
                                            GHashTable     *files,
                                            const char     *display_name,
                                            GError        **error);
/* "revisions/ID.json" for @revision. */
char         *cd_revision_get_path         (CdRevision     *revision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRevision, cd_revision_unref)

G_END_DECLS
