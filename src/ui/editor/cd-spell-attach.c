/* cd-spell-attach.c: spell checking for the story's text widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-attach"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-renderer.h"
#include "cd-spell-attach-private.h"

#define STATE_KEY "cd-spell-attach-state"

G_DEFINE_FINAL_TYPE (CdSpellAttach, cd_spell_attach, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The underline */

/* GTK draws its dotted error underline as a dot on a small surface of its
 * own, repeated along the word. With GTK's cairo renderer (no GPU
 * beneath) that surface is made again for every underlined word on
 * screen in every frame, and the paragraph being typed in has all of its
 * underlines drawn again with each key, however far from the caret.
 * There a red line below the descenders stands in for the dots: a
 * rectangle, drawn again only where it moved. But a screen reader tells
 * a misspelled word by that underline's kind ("error" in the text's
 * attributes), so while one is on the dots stay. */
PangoUnderline
_cd_spell_attach_underline (CdSpellAttach *self)
{
  if (!cd_renderer_draws_with_cairo () || self->screen_reader)
    return PANGO_UNDERLINE_ERROR;

  return PANGO_UNDERLINE_LOW;
}

static void
set_tag_underline (CdSpellAttach *self,
                   GtkTextTag    *tag)
{
  PangoUnderline underline = _cd_spell_attach_underline (self);

  /* A text view draws its dots in red, and any other underline in the
   * text's colour. */
  if (underline == PANGO_UNDERLINE_ERROR)
    g_object_set (tag, "underline", underline, "underline-rgba-set", FALSE, NULL);
  else
    g_object_set (tag, "underline", underline, "underline-rgba", _cd_spell_attach_underline_rgba (), NULL);
}

static void
update_screen_reader (CdSpellAttach *self)
{
  g_autoptr(GVariant) value = g_dbus_proxy_get_cached_property (self->a11y_status, "ScreenReaderEnabled");
  gboolean screen_reader = value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
                           g_variant_get_boolean (value);

  if (screen_reader == self->screen_reader)
    return;

  self->screen_reader = screen_reader;
  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      if (attached->buffer != NULL)
        {
          set_tag_underline (self, attached->tag);
        }
      else
        {
          /* Its attributes are set anew at the next check. */
          g_array_set_size (attached->errors, 0);
          _cd_spell_attach_mark_all_dirty (attached);
        }
    }
}

static void
a11y_status_ready_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);
  CdSpellAttach *self;

  /* No accessibility bus, no screen reader that could read the story. */
  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No accessibility bus status: %s", error->message);
      return;
    }

  self = user_data;
  self->a11y_status = proxy;
  g_signal_connect_object (proxy, "g-properties-changed",
                           G_CALLBACK (update_screen_reader), self, G_CONNECT_SWAPPED);
  update_screen_reader (self);
}

/* Follows whether a screen reader is on, where that decides the
 * underline. */
static void
watch_screen_reader (CdSpellAttach *self)
{
  if (!cd_renderer_draws_with_cairo ())
    return;

  self->a11y_cancellable = g_cancellable_new ();
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION,
                            G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                            NULL, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Status",
                            self->a11y_cancellable, a11y_status_ready_cb, self);
}

/* GNOME's red for errors (#e01b24), on light and dark backgrounds
 * alike. */
const GdkRGBA *
_cd_spell_attach_underline_rgba (void)
{
  static const GdkRGBA red = { 0xe0 / 255.f, 0x1b / 255.f, 0x24 / 255.f, 1.f };

  return &red;
}

/* Status */

void
_cd_spell_attach_set_status_text (CdSpellAttach *self,
                                  const char    *text)
{
  if (g_strcmp0 (self->status_text, text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

const char *
_cd_spell_attach_story_language (CdSpellAttach *self)
{
  const char *language = NULL;

  if (self->article != NULL)
    language = cd_article_get_field (self->article, CD_ARTICLE_FIELD_LANGUAGE);

  return language != NULL && *language != '\0' ? language : "en";
}

/* Attaching */

static void
attached_free (Attached *attached)
{
  CdSpellAttach *self = attached->self;

  if (self != NULL)
    g_ptr_array_remove_fast (self->attached, attached);

  /* The widget may outlive its buffer or this object: nothing of ours
   * may stay on it. */
  if (attached->view != NULL || attached->text != NULL)
    {
      GtkWidget *widget = attached->view != NULL ? GTK_WIDGET (attached->view) : GTK_WIDGET (attached->text);

      if (attached->click != NULL)
        gtk_widget_remove_controller (widget, attached->click);
      if (attached->keys != NULL)
        gtk_widget_remove_controller (widget, attached->keys);
      gtk_widget_insert_action_group (widget, "spell", NULL);
      if (attached->view != NULL)
        gtk_text_view_set_extra_menu (attached->view, NULL);
      else
        {
          gtk_text_set_extra_menu (attached->text, NULL);
          gtk_text_set_attributes (attached->text, NULL);
        }
      g_object_remove_weak_pointer (G_OBJECT (widget),
                                    attached->view != NULL ? (gpointer *) &attached->view
                                                           : (gpointer *) &attached->text);
    }

  g_clear_object (&attached->menu);
  g_clear_object (&attached->actions);
  g_clear_pointer (&attached->errors, g_array_unref);
  g_free (attached->language);
  g_free (attached->menu_word);
  g_free (attached);
}

/* Undoes what attaching did to a widget that outlives this object. */
static void
detach (Attached *attached)
{
  g_ptr_array_remove_fast (attached->self->attached, attached);

  if (attached->buffer != NULL)
    {
      GtkTextIter start;
      GtkTextIter end;

      g_signal_handlers_disconnect_by_data (attached->buffer, attached);
      gtk_text_buffer_get_bounds (attached->buffer, &start, &end);
      gtk_text_buffer_remove_tag (attached->buffer, attached->tag, &start, &end);
      if (attached->view != NULL)
        gtk_text_view_set_extra_menu (attached->view, NULL);
      attached->self = NULL;
      g_object_set_data (G_OBJECT (attached->buffer), STATE_KEY, NULL);
    }
  else
    {
      g_signal_handlers_disconnect_by_data (attached->editable, attached);
      if (attached->text != NULL)
        {
          gtk_text_set_attributes (attached->text, NULL);
          gtk_text_set_extra_menu (attached->text, NULL);
        }
      attached->self = NULL;
      g_object_set_data (G_OBJECT (attached->editable), STATE_KEY, NULL);
    }
}

void
cd_spell_attach_buffer (CdSpellAttach *self,
                        GtkTextBuffer *buffer,
                        const char    *language)
{
  Attached *attached;
  GtkTextIter start;

  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  if (g_object_get_data (G_OBJECT (buffer), STATE_KEY) != NULL)
    return;

  attached = g_new0 (Attached, 1);
  attached->self = self;
  attached->buffer = buffer;
  attached->language = g_strdup (language);
  attached->tag = gtk_text_buffer_create_tag (buffer, NULL, NULL);
  set_tag_underline (self, attached->tag);
  gtk_text_buffer_get_start_iter (buffer, &start);
  attached->dirty_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  attached->dirty_end = gtk_text_buffer_create_mark (buffer, NULL, &start, FALSE);
  attached->menu_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  attached->menu_end = gtk_text_buffer_create_mark (buffer, NULL, &start, FALSE);

  g_object_set_data_full (G_OBJECT (buffer), STATE_KEY, attached, (GDestroyNotify) attached_free);
  g_ptr_array_add (self->attached, attached);

  _cd_spell_attach_watch (attached);

  /* Set-up is no typing: the text already there is checked whole. */
  _cd_spell_attach_mark_all_dirty (attached);
  attached->typing = FALSE;
}

void
cd_spell_attach_text_view (CdSpellAttach *self,
                           GtkTextView   *view)
{
  GtkTextBuffer *buffer;
  Attached *attached;

  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  cd_spell_attach_buffer (self, buffer, NULL);
  attached = g_object_get_data (G_OBJECT (buffer), STATE_KEY);
  if (attached->view != NULL)
    return;

  attached->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &attached->view);
  _cd_spell_attach_add_menu (attached);
}

void
cd_spell_attach_editable (CdSpellAttach *self,
                          GtkEditable   *editable)
{
  GtkEditable *delegate;
  Attached *attached;

  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  if (g_object_get_data (G_OBJECT (editable), STATE_KEY) != NULL)
    return;

  /* A GtkEntry draws its text with a GtkText inside. */
  delegate = editable;
  while (!GTK_IS_TEXT (delegate) && gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);
  g_return_if_fail (GTK_IS_TEXT (delegate));

  attached = g_new0 (Attached, 1);
  attached->self = self;
  attached->editable = editable;
  attached->text = GTK_TEXT (delegate);
  attached->errors = g_array_new (FALSE, FALSE, sizeof (CdSpellSpan));
  g_object_add_weak_pointer (G_OBJECT (attached->text), (gpointer *) &attached->text);

  g_object_set_data_full (G_OBJECT (editable), STATE_KEY, attached, (GDestroyNotify) attached_free);
  g_ptr_array_add (self->attached, attached);

  _cd_spell_attach_watch (attached);

  _cd_spell_attach_add_menu (attached);

  _cd_spell_attach_mark_all_dirty (attached);
}

/* Queries */

static Attached *
find_attached (CdSpellAttach *self,
               GtkWidget     *widget)
{
  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      if ((attached->view != NULL && GTK_WIDGET (attached->view) == widget) ||
          (attached->editable != NULL && GTK_WIDGET (attached->editable) == widget) ||
          (attached->text != NULL && GTK_WIDGET (attached->text) == widget))
        return attached;
    }

  return NULL;
}

gboolean
cd_spell_attach_buffer_has_error_at (CdSpellAttach     *self,
                                     GtkTextBuffer     *buffer,
                                     const GtkTextIter *iter)
{
  Attached *attached;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), FALSE);
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), FALSE);

  attached = g_object_get_data (G_OBJECT (buffer), STATE_KEY);
  return attached != NULL && gtk_text_iter_has_tag (iter, attached->tag);
}

GArray *
cd_spell_attach_editable_errors (CdSpellAttach *self,
                                 GtkEditable   *editable)
{
  Attached *attached;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  attached = g_object_get_data (G_OBJECT (editable), STATE_KEY);
  return attached != NULL ? attached->errors : NULL;
}

gboolean
cd_spell_attach_is_idle (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), TRUE);

  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      if (attached->dirty)
        return FALSE;
    }

  return self->check_idle_id == 0 && !self->count_running && self->count_timeout_id == 0;
}

GMenuModel *
cd_spell_attach_get_menu (CdSpellAttach *self,
                          GtkWidget     *widget)
{
  Attached *attached;

  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  attached = find_attached (self, widget);
  if (attached == NULL)
    return NULL;

  _cd_spell_attach_update_menu (attached);
  return G_MENU_MODEL (attached->menu);
}

/* The story */

static void
recheck_all (CdSpellAttach *self)
{
  for (guint i = 0; i < self->attached->len; i++)
    {
      Attached *attached = g_ptr_array_index (self->attached, i);

      _cd_spell_attach_mark_all_dirty (attached);
      /* Suggestions wait until a menu opens (right click, Menu key),
       * which makes it again: finding them for the word at every caret
       * here took a tenth of a second of a story just opened. */
      if (attached->menu != NULL)
        _cd_spell_attach_update_menu_full (attached, FALSE);
    }
  cd_spell_attach_queue_count (self);
}

static void
checker_changed_cb (CdSpellAttach *self)
{
  recheck_all (self);
}

static void
language_changed_cb (CdSpellAttach *self)
{
  cd_spell_checker_set_language (self->checker, _cd_spell_attach_story_language (self));
}

static void
dictionary_changed_cb (CdSpellAttach *self)
{
  cd_spell_checker_set_story_words (self->checker, cd_article_get_dictionary (self->article));
}

void
cd_spell_attach_set_article (CdSpellAttach *self,
                             CdArticle     *article,
                             CdHistory     *history)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));
  g_return_if_fail (article == NULL || CD_IS_ARTICLE (article));
  g_return_if_fail (history == NULL || CD_IS_HISTORY (history));

  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_set_object (&self->article, article);
  g_set_object (&self->history, history);

  /* Ignoring is for the story at hand; a count still running is of the
   * story before. */
  g_ptr_array_set_size (self->ignored, 0);
  if (self->count_running)
    self->count_again = TRUE;
  self->n_counts = 0;
  _cd_spell_attach_drop_count_checker (self);

  if (article != NULL)
    {
      g_signal_connect_object (article, "field-changed::language",
                               G_CALLBACK (language_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed::dictionary",
                               G_CALLBACK (dictionary_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "field-changed",
                               G_CALLBACK (cd_spell_attach_queue_count), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "block-changed",
                               G_CALLBACK (cd_spell_attach_queue_count), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (cd_article_get_blocks (article), "items-changed",
                               G_CALLBACK (cd_spell_attach_queue_count), self, G_CONNECT_SWAPPED);
    }

  /* One checker for the stories the window shows: loading a dictionary
   * again for each would cost more than checking a long story. */
  if (self->checker == NULL)
    {
      self->checker = cd_spell_checker_new (_cd_spell_attach_story_language (self), self->desk_path);
      g_signal_connect_object (self->checker, "changed",
                               G_CALLBACK (checker_changed_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_handlers_block_by_func (self->checker, checker_changed_cb, self);
  cd_spell_checker_start_story (self->checker, _cd_spell_attach_story_language (self),
                                article != NULL ? cd_article_get_dictionary (article) : NULL);
  g_signal_handlers_unblock_by_func (self->checker, checker_changed_cb, self);

  if (cd_spell_checker_get_desk_error (self->checker) != NULL && self->attached->len > 0)
    _cd_spell_attach_show_error (g_ptr_array_index (self->attached, 0), cd_spell_checker_get_desk_error (self->checker));

  recheck_all (self);
  if (article == NULL || !self->enabled)
    _cd_spell_attach_set_status_text (self, "");
}

CdArticle *
cd_spell_attach_get_article (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  return self->article;
}

CdHistory *
cd_spell_attach_get_history (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  return self->history;
}

CdSpellChecker *
cd_spell_attach_get_checker (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), NULL);

  return self->checker;
}

gboolean
cd_spell_attach_get_enabled (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), FALSE);

  return self->enabled;
}

void
cd_spell_attach_set_enabled (CdSpellAttach *self,
                             gboolean       enabled)
{
  g_return_if_fail (CD_IS_SPELL_ATTACH (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  recheck_all (self);
  if (!enabled)
    _cd_spell_attach_set_status_text (self, "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/* GObject */

CdSpellAttach *
cd_spell_attach_new (const char *desk_path)
{
  CdSpellAttach *self = g_object_new (CD_TYPE_SPELL_ATTACH, NULL);

  self->desk_path = g_strdup (desk_path);
  self->checker = cd_spell_checker_new (NULL, desk_path);
  g_signal_connect_object (self->checker, "changed",
                           G_CALLBACK (checker_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

static void
cd_spell_attach_dispose (GObject *object)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  while (self->attached->len > 0)
    detach (g_ptr_array_index (self->attached, 0));

  g_cancellable_cancel (self->a11y_cancellable);
  if (self->a11y_status != NULL)
    g_signal_handlers_disconnect_by_data (self->a11y_status, self);
  g_clear_object (&self->a11y_status);
  g_clear_handle_id (&self->count_timeout_id, g_source_remove);
  g_clear_handle_id (&self->check_idle_id, g_source_remove);
  g_cancellable_cancel (self->count_cancellable);
  _cd_spell_attach_drop_count_checker (self);
  if (self->article != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article, self);
      g_signal_handlers_disconnect_by_data (cd_article_get_blocks (self->article), self);
    }
  g_clear_object (&self->article);
  g_clear_object (&self->history);
  g_clear_object (&self->checker);

  G_OBJECT_CLASS (cd_spell_attach_parent_class)->dispose (object);
}

static void
cd_spell_attach_finalize (GObject *object)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  g_clear_pointer (&self->attached, g_ptr_array_unref);
  g_clear_pointer (&self->ignored, g_ptr_array_unref);
  g_clear_object (&self->count_cancellable);
  g_clear_object (&self->a11y_cancellable);
  g_clear_pointer (&self->count_copies, cd_story_copies_free);
  /* A count done after dispose keeps nothing (it is of no story), but
   * let go of the checker here too. */
  _cd_spell_attach_drop_count_checker (self);
  g_free (self->desk_path);
  g_free (self->status_text);

  G_OBJECT_CLASS (cd_spell_attach_parent_class)->finalize (object);
}

static void
cd_spell_attach_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_attach_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CdSpellAttach *self = CD_SPELL_ATTACH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      cd_spell_attach_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_attach_class_init (CdSpellAttachClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_spell_attach_dispose;
  object_class->finalize = cd_spell_attach_finalize;
  object_class->get_property = cd_spell_attach_get_property;
  object_class->set_property = cd_spell_attach_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_spell_attach_init (CdSpellAttach *self)
{
  self->enabled = TRUE;
  self->attached = g_ptr_array_new ();
  self->ignored = g_ptr_array_new_with_free_func (g_free);
  self->count_cancellable = g_cancellable_new ();
  self->count_copies = cd_story_copies_new ();
  self->status_text = g_strdup ("");
  watch_screen_reader (self);
}

gint64
_cd_spell_attach_get_busy_usec (CdSpellAttach *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ATTACH (self), 0);

  return self->busy_usec;
}
