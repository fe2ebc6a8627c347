/* cd-block-editor-private.h: the body editor's parts, and hooks for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-block-editor.h"
#include "cd-smart-typing.h"
#include "cd-block-row.h"

G_BEGIN_DECLS

/* The body is one GtkTextView. Each block of the article is one line of
 * its buffer (a list one line per item), in story order, the lines of
 * one block after another; a photo, embed or divider is a line holding
 * one child anchor with the block's CdBlockRow. `blocks` mirrors the
 * article's blocks as the buffer shows them, so a line is found from a
 * block (and back) by counting lines, and the model's offsets (the flat
 * text of cd_edit_get_text()) are buffer offsets from the block's first
 * line.
 *
 * Edits within one block's text go to the buffer first and are written
 * to the block; every edit that crosses a line (Enter, deleting over a
 * block border, pasting blocks) is done by core's cd-edit operations on
 * the article, which the buffer then follows. */
struct _CdBlockEditor
{
  GtkWidget      parent_instance;

  CdArticle     *article;
  CdHistory     *history;
  GListModel    *model;

  GtkWidget     *box;
  GtkWidget     *view;
  GtkTextBuffer *buffer;
  CdSmartTyping *smart_typing;
  GtkWidget     *insert_button;
  /* Block Options of the block holding the caret. */
  GtkWidget     *block_button;

  /* CdBlock, as shown in the buffer, and how many lines each has there. */
  GPtrArray     *blocks;
  GArray        *line_counts;
  /* CdBlock → its CdBlockRow, for photos, embeds and dividers. */
  GHashTable    *widgets;
  /* The story column's scrolling, which tells rows far from the view
   * (left out of drawing) when they come near it. */
  GtkAdjustment *scroll_adjustment;
  /* The body view's own scrolling: the view is given only the part of
   * the body the column shows, scrolled to it, and draws and lays out
   * only that. The band is where that part starts and ends in the body. */
  GtkAdjustment *view_adjustment;
  int            band_top;
  int            band_bottom;
  gboolean       setting_band;
  guint          band_tick_id;
  /* CdBlock → the entry of a quote's attribution. */
  GHashTable    *attributions;
  /* While the model changes: the widgets of blocks taken out, for the
   * blocks put back (a move keeps the widget and its focus). */
  GHashTable    *spare;
  /* Shows why the last paste or drop was refused. */
  GtkWidget     *message;

  /* Above zero while the editor changes the buffer to show the model. */
  guint          rendering;
  /* Above zero while a buffer edit is written to its block. */
  guint          committing;

  CdBlock       *current;
  char          *focused_id;

  /* Formatting toggled with no selection, for what is typed next. */
  gboolean       typing_style_set;
  gboolean       typing_strong;
  gboolean       typing_em;
  int            typing_style_offset;

  /* Undo grouping: where the last typed text ended and when. */
  int            last_edit_offset;
  gint64         last_edit_time;

  guint          scroll_id;
  /* Scrolling again while a long story's layout comes in. */
  guint          scroll_tick_id;
  guint          scroll_frames_left;
  double         scroll_value;
  /* The next scroll to the caret happens without the focus. */
  gboolean       reveal_caret;
  guint          widths_id;
  guint          selection_words;

  /* Opening a long story: the holders of photos and posts past the first
   * few, made hidden and empty; their rows are made and shown a few a
   * frame after the story is drawn (see _cd_block_editor_render_all ()). */
  GPtrArray     *held;
  /* The holders of rows let go far from the view, kept as tall as their
   * rows were; a row is made again when it comes near (see
   * _cd_block_editor_update_let_go ()). */
  GPtrArray     *let_go;
  guint          let_go_id;
  guint          held_tick_id;
  /* While the reporter types and no held row is near the view, the
   * frames stop: this resumes them when the typing pauses. */
  guint          held_resume_id;
  gboolean       holding;
  gboolean       held_drawn;
  guint          objects_rendered;
  /* Opening a story of more than CD_BLOCK_EDITOR_RENDER_PART blocks:
   * the blocks still to go into the text, a part per turn of the main
   * loop (see _cd_block_editor_render_all ()). */
  guint          render_id;

  /* Drag and drop of selected text: what is dragged, while it is, and
   * where it would land, drawn as a second caret. */
  GtkTextMark   *drag_start;
  GtkTextMark   *drag_end;
  GtkTextMark   *drop_mark;

  /* The CdLinkPopover, and the buffer offsets of the words it is for. */
  GtkWidget     *link_popover;
  int            link_start;
  int            link_end;
};

/* A story of more blocks than this goes into the text this many blocks
 * at a time. */
#define CD_BLOCK_EDITOR_RENDER_PART 400

/* The natural width of a widget's holder in the text, set by the editor. */
#define HOLDER_WIDTH_KEY "cd-holder-width"

/* cd-block-editor.c */
void           _cd_block_editor_queue_widths     (CdBlockEditor   *self);
void           _cd_block_editor_queue_allocate_column (CdBlockEditor *self);
void           _cd_block_editor_emit_row_added   (CdBlockEditor   *self,
                                                  CdBlockRow      *row);

/* cd-block-editor-buffer.c */
void           _cd_block_editor_buffer_init      (CdBlockEditor   *self);
void           _cd_block_editor_render_all       (CdBlockEditor   *self);
/* TRUE while a long story's blocks are still going into the text. */
gboolean       _cd_block_editor_is_rendering     (CdBlockEditor   *self);
/* Puts the rest of the story into the text now, for a caller about to
 * use the body as a whole. */
void           _cd_block_editor_finish_render    (CdBlockEditor   *self);
void           _cd_block_editor_items_changed    (CdBlockEditor   *self,
                                                  guint            position,
                                                  guint            removed,
                                                  guint            added);
void           _cd_block_editor_clear            (CdBlockEditor   *self);
void           _cd_block_editor_show_held        (CdBlockEditor   *self);
/* The view moved: rows let go that came near are made again, and rows
 * that went far from it are let go, before the next frame (not during
 * a layout, which a scroll can come in). */
void           _cd_block_editor_queue_let_go     (CdBlockEditor   *self);
void           _cd_block_editor_wake_held        (CdBlockEditor   *self);
guint          _cd_block_editor_block_index      (CdBlockEditor   *self,
                                                  CdBlock         *block);
int            _cd_block_editor_block_line       (CdBlockEditor   *self,
                                                  guint            index);
/* The model position of @iter, FALSE when the body shows no block. */
gboolean       _cd_block_editor_iter_to_pos      (CdBlockEditor   *self,
                                                  const GtkTextIter *iter,
                                                  CdEditPos       *pos);
void           _cd_block_editor_pos_to_iter      (CdBlockEditor   *self,
                                                  CdEditPos        pos,
                                                  GtkTextIter     *iter);
void           _cd_block_editor_place_caret      (CdBlockEditor   *self,
                                                  CdEditPos        pos);
/* The selection (or the caret twice) as model positions. */
gboolean       _cd_block_editor_get_selection    (CdBlockEditor   *self,
                                                  CdEditPos       *start,
                                                  CdEditPos       *end);
/* The lines of a block's text: one per list item, else one. */
guint          _cd_block_editor_text_lines       (CdBlock         *block);

/* cd-block-editor-caret.c */
void           _cd_block_editor_caret_init       (CdBlockEditor   *self);
void           _cd_block_editor_scroll_to_caret  (CdBlockEditor   *self);
void           _cd_block_editor_stop_scrolling   (CdBlockEditor   *self);
/* Scrolls the caret into view even when the body has not the focus (a
 * match shown while the find bar keeps it). */
void           _cd_block_editor_reveal_caret     (CdBlockEditor   *self);
void           _cd_block_editor_set_current      (CdBlockEditor   *self,
                                                  CdBlock         *block);
/* The block holding the caret, or whose widget holds the focus. */
CdBlock       *_cd_block_editor_active_block     (CdBlockEditor   *self);
CdBlockRow    *_cd_block_editor_row_for_block    (CdBlockEditor   *self,
                                                  CdBlock         *block);
void           _cd_block_editor_begin_group      (CdBlockEditor   *self);
void           _cd_block_editor_end_group        (CdBlockEditor   *self);

/* cd-block-editor-keys.c */
void           _cd_block_editor_keys_init        (CdBlockEditor   *self);
void           _cd_block_editor_toggle_mark      (CdBlockEditor   *self,
                                                  CdMarkType       type);
/* Gives text typed between buffer offsets the formatting it should
 * have: the style toggled for it, else that of the text before. */
void           _cd_block_editor_style_typed      (CdBlockEditor   *self,
                                                  int              start,
                                                  int              end);
/* After @text was typed in block @pos: markdown shortcuts ("## ", "- ",
 * "> "…) at the start of a paragraph. TRUE when one turned the block. */
gboolean       _cd_block_editor_markdown_typed   (CdBlockEditor   *self,
                                                  CdEditPos        pos,
                                                  const char      *text);

/* cd-block-editor-clipboard.c */
void           _cd_block_editor_clipboard_init   (CdBlockEditor   *self);
void           _cd_block_editor_copy             (CdBlockEditor   *self,
                                                  gboolean         cut);
void           _cd_block_editor_paste            (CdBlockEditor   *self,
                                                  gboolean         plain);
/* Loads the images among @files (GFile) into figures at @position, in
 * their order; FALSE when there is none. */
gboolean       _cd_block_editor_drop_files       (CdBlockEditor   *self,
                                                  GSList          *files,
                                                  guint            position);
/* Makes an embed of a known provider's post at @url at @pos: in place
 * of an empty paragraph, else (when @anywhere) before or after the
 * block. FALSE for any other address, or text that is not one. */
gboolean       _cd_block_editor_insert_embed     (CdBlockEditor   *self,
                                                  CdEditPos        pos,
                                                  const char      *url,
                                                  gboolean         anywhere);
CdBlock       *_cd_block_editor_insert_figure    (CdBlockEditor   *self,
                                                  guint            position,
                                                  GBytes          *bytes,
                                                  const char      *name,
                                                  GError         **error);

/* cd-block-editor-dnd.c */
void           _cd_block_editor_dnd_init         (CdBlockEditor   *self);

/* cd-block-editor-actions.c */
void           _cd_block_editor_actions_class_init (GtkWidgetClass *widget_class);
void           _cd_block_editor_actions_init     (CdBlockEditor   *self);
void           _cd_block_editor_update_actions   (CdBlockEditor   *self);
void           _cd_block_editor_turn_into        (CdBlockEditor   *self,
                                                  CdBlockType      type);
gboolean       _cd_block_editor_apply_link       (CdBlockEditor   *self,
                                                  CdEditPos        start,
                                                  CdEditPos        end,
                                                  const char      *href,
                                                  GError         **error);
gboolean       _cd_block_editor_link_range       (CdBlockEditor   *self,
                                                  CdEditPos       *start,
                                                  CdEditPos       *end);

/* Hooks for the tests */

GtkTextView   *_cd_block_editor_get_view         (CdBlockEditor   *self);
/* The widget of a photo, embed or divider, NULL for text blocks. */
CdBlockRow    *_cd_block_editor_get_block_widget (CdBlockEditor   *self,
                                                  CdBlock         *block);
GtkWidget     *_cd_block_editor_get_insert_button (CdBlockEditor  *self);
GtkWidget     *_cd_block_editor_get_link_popover (CdBlockEditor   *self);

/* What a key press does at the caret; TRUE if the editor handled it
 * (the text view never sees it then). */
gboolean       _cd_block_editor_handle_key       (CdBlockEditor   *self,
                                                  guint            keyval,
                                                  GdkModifierType  state);

/* Pasting at the caret, as the clipboard handler does once it has read
 * the clipboard. */
void           _cd_block_editor_paste_text       (CdBlockEditor   *self,
                                                  const char      *text);
CdBlock       *_cd_block_editor_paste_texture    (CdBlockEditor   *self,
                                                  GdkTexture      *texture,
                                                  GError         **error);

/* Links the selection (or the word at the caret) to @href, or removes
 * the link when @href is NULL or empty. Refuses addresses other than
 * https, http and mailto. */
gboolean       _cd_block_editor_set_link         (CdBlockEditor   *self,
                                                  const char      *href,
                                                  GError         **error);

G_END_DECLS
