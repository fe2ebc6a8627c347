/* cd-window.c: the editor window of one story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-accessible.h"
#include "cd-find-bar.h"
#include "cd-story-fields-private.h"
#include "cd-lead-photo-editor.h"
#include "cd-spell-window.h"
#include "cd-window-revisions.h"
#include "cd-application.h"
#include "cd-house-style.h"
#include "cd-length-counter.h"
#include "cd-memory.h"
#include "cd-menu-button.h"
#include "cd-window-private.h"
#include "cd-prompt-frame.h"
#include "cd-shm-pool.h"

/* The status bar is recounted once changes have stopped this long, and
 * at least this often while they keep coming (a typist's keys): each new
 * count lays the window out again, and the counts, which wrap in large
 * text, take 2-3 ms of it. */
#define STATS_QUIET_MS    250
#define STATS_MAX_WAIT_MS 1000

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PREVIEW,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Title */

/* The session names the story; the dot is the usual GNOME mark of
 * unsaved changes. */
static void
update_title (CdWindow *self)
{
  const char *name = cd_story_session_get_title (self->session);
  const char *file_name = cd_story_session_get_subtitle (self->session);
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;

  if (cd_story_session_get_modified (self->session))
    title = g_strdup_printf ("• %s", name);
  else
    title = g_strdup (name);
  adw_window_title_set_title (self->window_title, title);

  if (file_name != NULL)
    window_title = g_strdup_printf ("%s — %s", title, file_name);
  else
    window_title = g_strdup (title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* Status bar */

static gboolean
update_stats_cb (gpointer user_data)
{
  CdWindow *self = user_data;
  g_autofree char *words = NULL;
  g_autofree char *characters = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *dek = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *house_style = NULL;
  CdPreflightLimits limits;
  const char *subheadline;
  guint dek_length;
  guint selected;
  CdStats stats = { 0, };
  CdArticle *article;

  self->stats_timeout_id = 0;
  self->stats_due_since = 0;

  article = cd_story_session_get_article (self->session);
  if (article != NULL)
    cd_stats_compute_remembering (article, self->stats_memo, &stats);

  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", stats.words), stats.words);
  selected = cd_block_editor_get_selection_words (self->block_editor);
  if (selected > 0)
    {
      g_free (words);
      /* Translators: words selected in the story's body, of all its words */
      words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u word", "%u of %u words", stats.words),
                               selected, stats.words);
    }
  characters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", stats.characters),
                                stats.characters);
  minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min read", "%u min read", stats.reading_minutes),
                             stats.reading_minutes);
  g_free (self->stats_text);
  /* Translators: words · characters · reading time */
  self->stats_text = g_strdup_printf (_("%s · %s · %s"), words, characters, minutes);
  gtk_label_set_label (self->stats_label, self->stats_text);

  house_style = g_settings_get_string (self->settings, "house-style");
  cd_house_style_get_limits (house_style, &limits);

  /* Translators: the headline's length against the house limit */
  headline = g_strdup_printf (_("Headline %u/%u"), stats.headline_length, limits.headline);
  if (stats.headline_length > limits.headline)
    tooltip = g_strdup_printf (_("The headline is %u characters over the limit of %u"),
                               stats.headline_length - limits.headline, limits.headline);
  cd_length_counter_update (self->headline_length_label, headline, stats.headline_length, limits.headline, tooltip);
  g_clear_pointer (&tooltip, g_free);

  subheadline = article != NULL ? cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE) : NULL;
  dek_length = subheadline != NULL ? g_utf8_strlen (subheadline, -1) : 0;
  /* Translators: the dek's (subheadline's) length against the house limit */
  dek = g_strdup_printf (_("Dek %u/%u"), dek_length, limits.dek);
  if (dek_length > limits.dek)
    tooltip = g_strdup_printf (_("The dek is %u characters over the limit of %u"),
                               dek_length - limits.dek, limits.dek);
  cd_length_counter_update (self->dek_length_label, dek, dek_length, limits.dek, tooltip);

  return G_SOURCE_REMOVE;
}

static void
schedule_stats (CdWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 waited_ms;

  if (self->stats_due_since == 0)
    self->stats_due_since = now;
  waited_ms = (now - self->stats_due_since) / 1000;

  g_clear_handle_id (&self->stats_timeout_id, g_source_remove);
  self->stats_timeout_id = g_timeout_add (CLAMP (STATS_MAX_WAIT_MS - waited_ms, 0, STATS_QUIET_MS),
                                          update_stats_cb, self);
}

/* Following the session */

/* The story column's two editors take the history with the article;
 * the other children follow the session's "article" by binding. */
static void
story_fields_follow_cb (CdWindow *self)
{
  cd_story_fields_set_article (self->story_fields,
                               cd_story_session_get_article (self->session),
                               cd_story_session_get_history (self->session));
}

static void
block_editor_follow_cb (CdWindow *self)
{
  cd_block_editor_set_article (self->block_editor,
                               cd_story_session_get_article (self->session),
                               cd_story_session_get_history (self->session));
}

/* The story's tools (compare, spelling, lead photo, find) follow the
 * session's story too. */
static void
tools_follow_cb (CdWindow *self)
{
  CdArticle *article = cd_story_session_get_article (self->session);
  CdHistory *history = cd_story_session_get_history (self->session);

  _cd_window_close_compare (self);
  _cd_spell_window_set_article (self, self->spell, article, history);
  cd_lead_photo_editor_set_article (self->lead_photo_editor, article, history);
  cd_find_bar_set_article (self->find_bar, article, history);
}

#define SETTLE_HEIGHT_KEY "cd-window-settle-height"

static int
measure_height (GtkWidget *widget)
{
  int height;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  return height;
}

/* Notes the height each text view under @widget asks for, or, with
 * @relayout, has those whose request changed since laid out again. */
static void
settle_text_views (GtkWidget *widget,
                   gboolean   relayout)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_TEXT_VIEW (child))
        settle_text_views (child, relayout);
      else if (!relayout)
        g_object_set_data (G_OBJECT (child), SETTLE_HEIGHT_KEY, GINT_TO_POINTER (measure_height (child)));
      else if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), SETTLE_HEIGHT_KEY)) != measure_height (child))
        gtk_widget_queue_resize (child);
    }
}

static void
settle_fields_before_cb (GdkFrameClock *frame_clock,
                         CdWindow      *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, settle_fields_before_cb, self);
  settle_text_views (GTK_WIDGET (self->story_fields), FALSE);
  settle_text_views (GTK_WIDGET (self->lead_photo_editor), FALSE);
}

/* A wrapping text view learns how tall its lines are when it is first
 * given a width, which in GTK 4.8 comes after its height for the frame
 * was settled: the headline, the dek and the lead photo's fields of a
 * story opened with the window were drawn squashed in its first frame,
 * and the column jumped down in the next. After that frame's layout,
 * those whose height changed in it are measured and laid out again
 * before the frame is drawn (GDK lays out again, in the same frame,
 * what is asked for during layout). */
static void
settle_fields_cb (GdkFrameClock *frame_clock,
                  CdWindow      *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, settle_fields_cb, self);
  settle_text_views (GTK_WIDGET (self->story_fields), TRUE);
  settle_text_views (GTK_WIDGET (self->lead_photo_editor), TRUE);
}

/* Another story is shown: the window starts over on it. */
static void
story_shown_cb (CdWindow *self)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (frame_clock != NULL)
    {
      g_signal_handlers_disconnect_by_func (frame_clock, settle_fields_before_cb, self);
      g_signal_handlers_disconnect_by_func (frame_clock, settle_fields_cb, self);
      g_signal_connect_object (frame_clock, "before-paint", G_CALLBACK (settle_fields_before_cb), self, 0);
      g_signal_connect_object (frame_clock, "layout", G_CALLBACK (settle_fields_cb), self, 0);
    }
  g_clear_pointer (&self->error_message, g_free);
  gtk_stack_set_visible_child_name (self->stack, "editor");
  _cd_window_actions_update (self);
  update_title (self);
  /* The counts of another story are made in a turn of the main loop of
   * their own, before the next frame (GDK_PRIORITY_REDRAW is
   * G_PRIORITY_HIGH_IDLE + 20) and after the preview's rendering and
   * pre-flight's check of it (+ 10, + 11): not in the one that shows it. */
  g_clear_handle_id (&self->stats_timeout_id, g_source_remove);
  self->stats_timeout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 12, update_stats_cb, self, NULL);
}

static void
journal_failed_cb (CdWindow     *self,
                   const GError *error)
{
  g_autofree char *message = g_strdup_printf (_("Unsaved changes cannot be kept safe: %s"), error->message);

  cd_window_show_error (self, message);
}

static void
application_changed_cb (CdWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  cd_story_session_set_application (self->session, application != NULL ? G_APPLICATION (application) : NULL);
}

static void
follow_session (CdWindow *self)
{
  g_signal_connect_object (self->session, "notify::article",
                           G_CALLBACK (story_fields_follow_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->session, "article", self->details_panel, "article", G_BINDING_DEFAULT);
  g_signal_connect_object (self->session, "notify::article",
                           G_CALLBACK (block_editor_follow_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->session, "article", self->preview, "article", G_BINDING_DEFAULT);
  g_object_bind_property (self->session, "article", self->preflight_panel, "article", G_BINDING_DEFAULT);
  g_object_bind_property (self->session, "article", self->status_button, "article", G_BINDING_DEFAULT);
  g_object_bind_property (self->session, "article", self->embargo_banner, "article", G_BINDING_DEFAULT);
  g_signal_connect_object (self->session, "notify::article",
                           G_CALLBACK (tools_follow_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::article",
                           G_CALLBACK (story_shown_cb), self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->session, "subtitle", self->window_title, "subtitle", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->session, "notify::title",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::modified",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::can-undo",
                           G_CALLBACK (_cd_window_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::can-redo",
                           G_CALLBACK (_cd_window_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed",
                           G_CALLBACK (schedule_stats), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "journal-failed",
                           G_CALLBACK (journal_failed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self, "notify::application",
                           G_CALLBACK (application_changed_cb), self, G_CONNECT_SWAPPED);
  application_changed_cb (self);
}

void
cd_window_show_error (CdWindow   *self,
                      const char *message)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  markup = g_markup_escape_text (message, -1);
  g_free (self->error_message);
  self->error_message = g_strdup (message);

  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  cd_accessible_announce (self->announcer, message);
}

static void
show_open_error (CdWindow   *self,
                 const char *message)
{
  g_autofree char *markup = NULL;

  /* Over a story the reader keeps it and learns why the other file did
   * not replace it; in a window that only waited for this file the
   * message is the window's content. */
  if (!cd_window_is_empty (self))
    {
      cd_window_show_error (self, message);
      return;
    }

  markup = g_markup_escape_text (message, -1);
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  adw_status_page_set_description (self->error_page, markup);
  /* Set here rather than in the template: the window's stack measures
   * its hidden pages too, and the icon at 128 px exists only as SVG,
   * which would load librsvg (7 MB) into every window at start-up. */
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  gtk_stack_set_visible_child_name (self->stack, "error");
  cd_accessible_announce (self->announcer, message);
}

/* Opening */

/* The spinner of "Opening…" turns only while that page is shown. A
 * spinning spinner's style is an animation, and GTK restyles an
 * animated widget in the frame after each time it restyles it, shown
 * or not: left spinning behind the editor, it made GTK draw the window
 * a second time after most keys, and the next key then waited for a
 * frame. */
static void
stack_page_changed_cb (CdWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  gtk_spinner_set_spinning (self->loading_spinner, g_strcmp0 (page, "loading") == 0);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A story shown follows the session's "article"; one read from a wire
   * file or a web page, which no Copydesk file holds yet, is an import. */
  /* Reading the story parsed all of it on a worker thread. */
  cd_memory_release_soon ();

  if (cd_story_session_load_finish (CD_STORY_SESSION (object), result, &error))
    {
      if (cd_story_session_get_file (self->session) == NULL)
        _cd_window_take_revision (self, CD_REVISION_IMPORTED, NULL);
      return;
    }

  /* Another open, or closing the window, made this result moot. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
    gtk_stack_set_visible_child_name (self->stack, "editor");
  show_open_error (self, error->message);
}

/* Closing */

static gboolean
cd_window_close_request (GtkWindow *window)
{
  CdWindow *self = CD_WINDOW (window);
  int width;
  int height;

  if (cd_story_session_get_modified (self->session) && !self->close_confirmed)
    {
      /* Closes once the save in progress is on disk. */
      if (cd_story_session_is_saving (self->session))
        {
          self->close_after_save = TRUE;
          return TRUE;
        }

      _cd_window_ask_to_save (self);
      return TRUE;
    }

  /* The default size stays the unmaximized size while maximized. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 32767));
  g_settings_set_int (self->settings, "window-height", CLAMP (height, 300, 32767));
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  cd_story_session_close (self->session);

  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

/* Pre-flight, preview and details */

static void
update_preflight_button (CdWindow *self)
{
  guint n_items = cd_preflight_panel_get_n_items (self->preflight_panel);
  guint n_errors = cd_preflight_panel_get_n_errors (self->preflight_panel);
  g_autofree char *tooltip = NULL;

  gtk_menu_button_set_icon_name (self->preflight_button,
                                 n_errors > 0 ? "dialog-error-symbolic" :
                                 n_items > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (n_items > 0)
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Pre-flight: %u item to check (F8)",
                                            "Pre-flight: %u items to check (F8)",
                                            n_items),
                               n_items);
  else
    tooltip = g_strdup (_("Pre-flight: nothing to check (F8)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preflight_button), tooltip);
}

static void
preflight_item_activated_cb (CdWindow        *self,
                             CdPreflightItem *item)
{
  _cd_window_focus_preflight_item (self, item);
}

/* Up from the body's first line goes to the dek, as from the last line
 * of one paragraph to the one above. */
static gboolean
body_keynav_failed_cb (CdWindow         *self,
                       GtkDirectionType  direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (_cd_story_fields_get_subheadline (self->story_fields)));
}

/* Down from the dateline goes into the body, to its start. */
static gboolean
story_fields_key_cb (CdWindow              *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state)
{
  GtkWidget *dateline[3];
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  CdArticle *article = cd_block_editor_get_article (self->block_editor);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) != 0 || focus == NULL)
    return FALSE;

  dateline[0] = GTK_WIDGET (_cd_story_fields_get_dateline_place (self->story_fields));
  dateline[1] = GTK_WIDGET (_cd_story_fields_get_dateline_source (self->story_fields));
  dateline[2] = GTK_WIDGET (_cd_story_fields_get_dateline_date (self->story_fields));
  for (guint i = 0; i < G_N_ELEMENTS (dateline); i++)
    {
      if (focus != dateline[i] && !gtk_widget_is_ancestor (focus, dateline[i]))
        continue;
      if (article != NULL && cd_article_get_n_blocks (article) > 0)
        return cd_block_editor_focus_block (self->block_editor,
                                            cd_block_get_id (cd_article_get_block (article, 0)), 0);
      return gtk_widget_grab_focus (GTK_WIDGET (self->block_editor));
    }

  return FALSE;
}

/* A click on a block in the preview puts the caret there, at its start. */
static void
preview_block_activated_cb (CdWindow   *self,
                            const char *block_id)
{
  cd_block_editor_focus_block (self->block_editor, block_id, 0);
}

/* WebKit keeps Tab inside the page (GTK 4.8 gives it no way back out),
 * so in the preview Tab and Shift+Tab move on as F6 and Shift+F6 do. */
static gboolean
preview_key_pressed_cb (CdWindow              *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  gboolean backward;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  backward = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  gtk_widget_activate_action (GTK_WIDGET (self),
                              backward ? "win.previous-pane" : "win.next-pane", NULL);

  return GDK_EVENT_STOP;
}

static void
focus_widget_changed_cb (CdWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, self->story_scroller))
    g_set_weak_pointer (&self->story_focus, focus);
}

static void
update_preview_width_icon (CdWindow *self)
{
  const char *icon_name;

  switch (g_settings_get_enum (self->settings, "preview-width"))
    {
    case CD_PREVIEW_WIDTH_TABLET:
      icon_name = "computer-apple-ipad-symbolic";
      break;
    case CD_PREVIEW_WIDTH_PHONE:
      icon_name = "phone-symbolic";
      break;
    case CD_PREVIEW_WIDTH_DESKTOP:
    default:
      icon_name = "computer-symbolic";
      break;
    }

  gtk_menu_button_set_icon_name (self->preview_width_button, icon_name);
}

/* The story column and the preview share the width in the proportion the
 * user last dragged the divider to, half and half at first. */
static void
place_paned (CdWindow *self)
{
  int max_position;

  g_object_get (self->paned, "max-position", &max_position, NULL);
  if (max_position <= 0 || max_position >= G_MAXINT / 2)
    return;

  gtk_paned_set_position (self->paned, (int) (self->paned_ratio * max_position + 0.5));
}

static void
paned_drag_end_cb (CdWindow *self)
{
  int max_position;

  g_object_get (self->paned, "max-position", &max_position, NULL);
  if (max_position > 0 && max_position < G_MAXINT / 2)
    self->paned_ratio = CLAMP ((double) gtk_paned_get_position (self->paned) / max_position, 0.0, 1.0);
}

static void
set_show_preview (CdWindow *self,
                  gboolean  show)
{
  show = !!show;
  if (self->show_preview == show)
    return;

  self->show_preview = show;
  gtk_widget_set_visible (self->preview_pane, show);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_width_button), show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PREVIEW]);
}

static void
set_show_details (CdWindow *self,
                  gboolean  show)
{
  show = !!show;
  if (self->show_details == show)
    return;

  self->show_details = show;
  gtk_revealer_set_reveal_child (self->details_revealer, show);

  /* The panel takes its room from the preview, not from the story. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->paned)))
    {
      GtkWidget *panel = gtk_revealer_get_child (self->details_revealer);
      int panel_width;

      gtk_widget_measure (panel, GTK_ORIENTATION_HORIZONTAL, -1, &panel_width, NULL, NULL, NULL);
      gtk_paned_set_position (self->paned,
                              gtk_paned_get_position (self->paned) + (show ? panel_width : -panel_width));
      paned_drag_end_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
}

static void
cd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      g_value_set_boolean (value, self->show_preview);
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PREVIEW:
      set_show_preview (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_DETAILS:
      set_show_details (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_weak_pointer (&self->story_focus);
  g_clear_handle_id (&self->stats_timeout_id, g_source_remove);

  if (self->close_dialog != NULL)
    gtk_window_destroy (self->close_dialog);
  self->close_dialog = NULL;

  /* A load or a save still under way holds the session: it finds it
   * closed, as the window is, and keeps its result to itself. */
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_object_run_dispose (G_OBJECT (self->session));
    }
  g_clear_object (&self->session);
  /* The story, its rows and its thumbnails are freed with the window. */
  cd_memory_release_soon ();
  _cd_spell_window_teardown (self);
  g_clear_object (&self->spell);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_finalize (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->stats_text, g_free);
  g_clear_pointer (&self->stats_memo, cd_block_memo_free);
  g_clear_weak_pointer (&self->last_toast);

  G_OBJECT_CLASS (cd_window_parent_class)->finalize (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_window_dispose;
  object_class->finalize = cd_window_finalize;
  object_class->get_property = cd_window_get_property;
  object_class->set_property = cd_window_set_property;

  window_class->close_request = cd_window_close_request;

  properties[PROP_SHOW_PREVIEW] =
    g_param_spec_boolean ("show-preview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CD_TYPE_STORY_SESSION);
  g_type_ensure (CD_TYPE_PREVIEW);
  g_type_ensure (CD_TYPE_STORY_FIELDS);
  g_type_ensure (CD_TYPE_DETAILS_PANEL);
  g_type_ensure (CD_TYPE_BLOCK_EDITOR);
  g_type_ensure (CD_TYPE_PREFLIGHT_PANEL);
  g_type_ensure (CD_TYPE_STATUS_BUTTON);
  g_type_ensure (CD_TYPE_EMBARGO_BANNER);
  g_type_ensure (CD_TYPE_LEAD_PHOTO_EDITOR);
  g_type_ensure (CD_TYPE_FIND_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/copydesk/Copydesk/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, announcer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_width_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, details_panel);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, story_fields);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, block_editor);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, story_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, headline_length_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, dek_length_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview_pane);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preflight_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, preflight_panel);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, embargo_banner);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, lead_photo_editor);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, find_bar);

  _cd_window_class_actions_init (klass);
  _cd_window_revisions_install (widget_class);
}

static void
cd_window_init (CdWindow *self)
{
  g_autoptr(GAction) preview_width_action = NULL;
  g_autoptr(GPropertyAction) live_embeds_action = NULL;
  GtkEventController *key;
  GtkEventController *fields_keys;
  GtkGesture *drag;

  self->show_preview = TRUE;
  self->stats_memo = cd_stats_memo_new ();
  self->paned_ratio = 0.5;

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_menu_button_hide_tooltip_while_open (self->preview_width_button);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  self->session = cd_story_session_new (self->settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "preview-width",
                   self->preview, "page-width",
                   G_SETTINGS_BIND_GET);
  preview_width_action = g_settings_create_action (self->settings, "preview-width");
  g_action_map_add_action (G_ACTION_MAP (self), preview_width_action);
  g_signal_connect_object (self->settings, "changed::preview-width",
                           G_CALLBACK (update_preview_width_icon), self, G_CONNECT_SWAPPED);
  update_preview_width_icon (self);

  g_settings_bind (self->settings, "house-style",
                   self->preview, "house-style",
                   G_SETTINGS_BIND_GET);

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (stack_page_changed_cb), self, G_CONNECT_SWAPPED);
  stack_page_changed_cb (self);

  g_settings_bind (self->settings, "show-preview", self, "show-preview", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-details", self, "show-details", G_SETTINGS_BIND_DEFAULT);

  /* The counters follow the house style's limits. */
  g_signal_connect_object (self->settings, "changed::house-style",
                           G_CALLBACK (schedule_stats), self, G_CONNECT_SWAPPED);

  self->spell = _cd_spell_window_setup (self, self->settings);

  g_signal_connect_object (self->preflight_panel, "item-activated",
                           G_CALLBACK (preflight_item_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preflight_panel, "notify::n-items",
                           G_CALLBACK (update_preflight_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preflight_panel, "notify::n-errors",
                           G_CALLBACK (update_preflight_button), self, G_CONNECT_SWAPPED);
  update_preflight_button (self);

  /* Up and Down cross between the story's fields and its body. */
  g_signal_connect_object (self->block_editor, "keynav-failed",
                           G_CALLBACK (body_keynav_failed_cb), self, G_CONNECT_SWAPPED);
  fields_keys = gtk_event_controller_key_new ();
  g_signal_connect_object (fields_keys, "key-pressed", G_CALLBACK (story_fields_key_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->story_fields), fields_keys);

  /* The status bar counts the words of a selection in the body. */
  g_signal_connect_object (self->block_editor, "notify::selection-words",
                           G_CALLBACK (schedule_stats), self, G_CONNECT_SWAPPED);

  /* The preview follows the caret through the story. */
  g_signal_connect_object (self->block_editor, "block-focused",
                           G_CALLBACK (cd_preview_scroll_to_block), self->preview, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "block-activated",
                           G_CALLBACK (preview_block_activated_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->find_bar, "show-match",
                           G_CALLBACK (_cd_window_find_show_match_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_bar, "highlight",
                           G_CALLBACK (_cd_window_find_highlight_cb), self, G_CONNECT_SWAPPED);
  cd_find_bar_add_view (self->find_bar, _cd_story_fields_get_headline (self->story_fields), "headline", NULL);
  cd_find_bar_add_view (self->find_bar, _cd_story_fields_get_subheadline (self->story_fields),
                        "subheadline", NULL);
  for (CdBlockField field = CD_BLOCK_FIELD_ALT; field <= CD_BLOCK_FIELD_CREDIT; field++)
    cd_find_bar_add_view (self->find_bar,
                          cd_lead_photo_editor_get_view (self->lead_photo_editor, cd_block_field_to_string (field)),
                          "lead", cd_block_field_to_string (field));

  g_signal_connect_object (self->paned, "notify::max-position",
                           G_CALLBACK (place_paned), self, G_CONNECT_SWAPPED);
  /* Watches drags of the divider without taking them from the paned. */
  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (paned_drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->paned), GTK_EVENT_CONTROLLER (drag));

  /* Each window starts with the embeds as cards: loading the providers'
   * scripts is a choice made for the story at hand. */
  live_embeds_action = g_property_action_new ("live-embeds", self->preview, "live-embeds");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (live_embeds_action));

  g_signal_connect_object (self, "notify::focus-widget",
                           G_CALLBACK (focus_widget_changed_cb), self, G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (preview_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->preview_pane, key);
  /* A key's change is drawn as soon as it is handled. */
  cd_prompt_frame_follow_keys (GTK_WINDOW (self));
  /* Frames, the preview's most of all, are copied to the X server
   * through memory already there. */
  cd_shm_pool_follow_window (GTK_WINDOW (self));

  follow_session (self);
  cd_story_session_new_story (self->session);
}

CdWindow *
cd_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
cd_window_open (CdWindow *self,
                GFile    *file)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (cd_window_is_empty (self))
    gtk_stack_set_visible_child_name (self->stack, "loading");

  cd_story_session_load_async (self->session, file, NULL, open_cb, g_object_ref (self));
}

void
cd_window_show_recovered (CdWindow   *self,
                          CdArticle  *article,
                          GFile      *original,
                          const char *journal_id)
{
  g_autofree char *message = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (CD_IS_ARTICLE (article));
  g_return_if_fail (original == NULL || G_IS_FILE (original));
  g_return_if_fail (journal_id != NULL);

  _cd_window_adopt_revisions (article, original);
  cd_story_session_show_recovered (self->session, article, original, journal_id);

  /* Translators: %s is the story's headline or file name */
  message = g_strdup_printf (_("Recovered the unsaved changes to “%s”"),
                             cd_story_session_get_title (self->session));
  cd_accessible_announce (self->announcer, message);
}

CdStorySession *
cd_window_get_session (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->session;
}

GFile *
cd_window_get_file (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return cd_story_session_get_file (self->session);
}

CdArticle *
cd_window_get_article (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return cd_story_session_get_article (self->session);
}

gboolean
cd_window_get_modified (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return cd_story_session_get_modified (self->session);
}

gboolean
cd_window_is_empty (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return cd_story_session_is_empty (self->session);
}

void
cd_window_focus_headline (CdWindow *self)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  cd_story_fields_focus_headline (self->story_fields);
}

CdPreview *
_cd_window_get_preview (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->preview;
}

CdStoryFields *
_cd_window_get_story_fields (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->story_fields;
}

CdDetailsPanel *
_cd_window_get_details_panel (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->details_panel;
}

CdBlockEditor *
_cd_window_get_block_editor (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->block_editor;
}

CdHistory *
_cd_window_get_history (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return cd_story_session_get_history (self->session);
}

gboolean
_cd_window_is_loading (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return cd_story_session_is_loading (self->session);
}

const char *
_cd_window_get_visible_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_cd_window_get_error_message (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->error_message;
}

AdwStatusPage *
_cd_window_get_error_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->error_page;
}

gboolean
_cd_window_is_saving (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return cd_story_session_is_saving (self->session);
}

void
cd_window_show_message (CdWindow   *self,
                        const char *message)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  markup = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
  cd_accessible_announce (self->announcer, message);
}

const char *
cd_window_get_journal_id (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return cd_story_session_get_journal_id (self->session);
}

const CdJournalStats *
_cd_window_get_journal_stats (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return cd_story_session_get_journal_stats (self->session);
}

gboolean
_cd_window_journal_is_current (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return cd_story_session_journal_is_current (self->session);
}

AdwToast *
_cd_window_get_last_toast (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->last_toast;
}

const char *
_cd_window_get_stats_text (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->stats_text;
}

GtkLabel *
_cd_window_get_dek_length_label (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->dek_length_label;
}

GtkLabel *
_cd_window_get_headline_length_label (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->headline_length_label;
}

CdPreflightPanel *
_cd_window_get_preflight_panel (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->preflight_panel;
}

CdStatusButton *
_cd_window_get_status_button (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->status_button;
}

CdEmbargoBanner *
_cd_window_get_embargo_banner (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->embargo_banner;
}

CdLeadPhotoEditor *
_cd_window_get_lead_photo_editor (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->lead_photo_editor;
}

CdFindBar *
_cd_window_get_find_bar (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->find_bar;
}
