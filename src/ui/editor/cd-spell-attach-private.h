/* cd-spell-attach-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-spell-attach.h"
#include "cd-story-snapshot.h"

G_BEGIN_DECLS

/* The attacher's parts share its state: cd-spell-attach.c (the object,
 * attaching and the story), -check.c (the underlines), -count.c (the
 * whole story's count) and -menu.c (the context menu). */

typedef struct _Attached Attached;

struct _CdSpellAttach
{
  GObject         parent_instance;

  CdSpellChecker *checker;
  char           *desk_path;
  CdArticle      *article;
  CdHistory      *history;
  gboolean        enabled;

  /* Attached, of Attached (each owned by its buffer or widget). */
  GPtrArray      *attached;
  /* The words ignored, for the counting thread's own checker. */
  GPtrArray      *ignored;

  guint           check_idle_id;
  /* Where the round of checks goes on from. */
  guint           next_check;
  guint           count_timeout_id;
  gboolean        count_running;
  gboolean        count_again;
  GCancellable   *count_cancellable;
  /* The copies of the blocks the last count read: the next one copies
   * only the blocks changed since. */
  CdStoryCopies  *count_copies;
  /* The counting thread's checker, kept between the counts of a story
   * being edited (see cd-spell-attach-count.c), and the counts made of
   * the story shown. */
  CdSpellChecker *count_checker;
  guint           count_checker_drop_id;
  guint           n_counts;
  char           *status_text;

  /* Main-thread time spent checking, for the benchmark. */
  gint64          busy_usec;

  /* The accessibility bus's status, where GTK draws with cairo: whether
   * a screen reader is on (see _cd_spell_attach_underline ()). */
  GDBusProxy     *a11y_status;
  GCancellable   *a11y_cancellable;
  gboolean        screen_reader;
};

/* One attached buffer (with its view, if any) or editable. */
struct _Attached
{
  CdSpellAttach      *self;

  /* A buffer ... */
  GtkTextBuffer      *buffer;
  GtkTextView        *view;
  GtkTextTag         *tag;
  GtkTextMark        *dirty_start;
  GtkTextMark        *dirty_end;
  char               *language;

  /* ... or an editable: the GtkText that draws it. */
  GtkEditable        *editable;
  GtkText            *text;
  GArray             *errors;
  int                 word_start;
  int                 word_end;

  gboolean            dirty;
  /* The last edit typed at the caret: the word being typed is not
   * marked until the caret leaves it. */
  gboolean            typing;
  int                 typing_offset;

  GMenu              *menu;
  GSimpleActionGroup *actions;
  /* On the view or the GtkText, taken off when this goes first. */
  GtkEventController *click;
  GtkEventController *keys;
  GtkTextMark        *menu_start;
  GtkTextMark        *menu_end;
  char               *menu_word;
};

/* cd-spell-attach.c */
void        _cd_spell_attach_set_status_text (CdSpellAttach *self,
                                              const char    *text);
const char *_cd_spell_attach_story_language  (CdSpellAttach *self);
PangoUnderline _cd_spell_attach_underline    (CdSpellAttach *self);
const GdkRGBA *_cd_spell_attach_underline_rgba (void);

/* cd-spell-attach-check.c */
void        _cd_spell_attach_mark_all_dirty  (Attached      *attached);
int         _cd_spell_attach_cursor_offset   (Attached      *attached);
/* Checks all of @attached at once, for a menu that cannot wait. */
void        _cd_spell_attach_check_now       (Attached      *attached);
/* Checks only the line of @attached's caret, if it is not checked yet:
 * all a menu needs to know the word there. */
void        _cd_spell_attach_check_at_cursor (Attached      *attached);
/* Rechecks @attached's buffer or editable as it is edited. */
void        _cd_spell_attach_watch           (Attached      *attached);

/* cd-spell-attach-menu.c */
void        _cd_spell_attach_update_menu     (Attached      *attached);
/* Without @suggest, the menu has no suggestions yet: they are found
 * when it is opened (right click, Menu key). */
void        _cd_spell_attach_update_menu_full (Attached     *attached,
                                               gboolean      suggest);
void        _cd_spell_attach_show_error      (Attached      *attached,
                                              const GError  *error);
/* Gives @attached's view or GtkText the menu, its actions and the
 * right click and Menu key that open it. */
void        _cd_spell_attach_add_menu        (Attached      *attached);

/* The main thread's time spent in checking so far (idle checks, edit
 * and caret handlers, the menu, starting a count), in microseconds. */
gint64 _cd_spell_attach_get_busy_usec (CdSpellAttach *self);

/* Lets go of the counting thread's checker, if it is kept. */
void _cd_spell_attach_drop_count_checker (CdSpellAttach *self);

G_END_DECLS
