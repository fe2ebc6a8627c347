/* test-chrome.c: preferences, house styles, shortcuts, About, text direction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chrome"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "cd-application.h"
#include "cd-font-stack.h"
#include "cd-house-style.h"
#include "cd-preferences-window-private.h"
#include "cd-preview-private.h"
#include "cd-window-private.h"
#include "cd-test-utils.h"
#include "cd-test-web.h"

/* One application for the whole run: its D-Bus object path stays taken
 * for as long as any window holds it. NULL when another Copydesk owns
 * the name on this bus. */
static CdApplication *
get_application (void)
{
  static CdApplication *app;
  static gboolean registered;

  if (!registered)
    {
      g_autoptr(GError) error = NULL;

      registered = TRUE;
      app = cd_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      if (g_application_get_is_remote (G_APPLICATION (app)))
        g_clear_object (&app);
    }

  return app;
}

static void
reset_settings (GSettings *settings)
{
  const char *keys[] = { "house-style", "embed-mode", "autosave-interval", "base-url" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* Preferences */

static void
test_preferences_bind (void)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  CdPreferencesWindow *window;
  AdwComboRow *house_style;
  AdwComboRow *embed_mode;
  AdwEntryRow *base_url;
  GtkSpinButton *autosave;
  g_autofree char *stored = NULL;

  reset_settings (settings);
  window = CD_PREFERENCES_WINDOW (cd_preferences_window_new (NULL));
  house_style = _cd_preferences_window_get_house_style_row (window);
  embed_mode = _cd_preferences_window_get_embed_mode_row (window);
  base_url = _cd_preferences_window_get_base_url_row (window);
  autosave = _cd_preferences_window_get_autosave_spin (window);
  gtk_window_present (GTK_WINDOW (window));

  /* The rows show the settings as they are... */
  g_assert_cmpuint (adw_combo_row_get_selected (house_style), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (embed_mode), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (autosave), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (base_url)), ==, "");

  /* ...follow them when they change elsewhere... */
  g_settings_set_enum (settings, "house-style", 1);
  g_assert_cmpuint (adw_combo_row_get_selected (house_style), ==, 1);
  g_settings_set_string (settings, "base-url", "https://news.example/world");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (base_url)), ==, "https://news.example/world");
  g_settings_set_uint (settings, "autosave-interval", 7);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (autosave), ==, 7);

  /* ...and store what the user picks. */
  adw_combo_row_set_selected (house_style, 0);
  g_assert_cmpint (g_settings_get_enum (settings, "house-style"), ==, 0);
  adw_combo_row_set_selected (embed_mode, 1);
  stored = g_settings_get_string (settings, "embed-mode");
  g_assert_cmpstr (stored, ==, "official");
  g_clear_pointer (&stored, g_free);
  gtk_spin_button_set_value (autosave, 12);
  g_assert_cmpuint (g_settings_get_uint (settings, "autosave-interval"), ==, 12);
  gtk_spin_button_set_value (autosave, 600);
  g_assert_cmpuint (g_settings_get_uint (settings, "autosave-interval"), ==, 60);

  gtk_editable_set_text (GTK_EDITABLE (base_url), "  https://copy.example/news  ");
  stored = g_settings_get_string (settings, "base-url");
  g_assert_cmpstr (stored, ==, "https://copy.example/news");
  g_clear_pointer (&stored, g_free);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (base_url), "error"));

  /* A half-typed or foreign address is flagged and never stored. */
  gtk_editable_set_text (GTK_EDITABLE (base_url), "ftp://copy.example/news");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (base_url), "error"));
  stored = g_settings_get_string (settings, "base-url");
  g_assert_cmpstr (stored, ==, "https://copy.example/news");
  g_clear_pointer (&stored, g_free);
  gtk_editable_set_text (GTK_EDITABLE (base_url), "https://");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (base_url), "error"));

  gtk_editable_set_text (GTK_EDITABLE (base_url), "");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (base_url), "error"));
  stored = g_settings_get_string (settings, "base-url");
  g_assert_cmpstr (stored, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings (settings);
}

/* Every control has a name a screen reader can read out. */
static void
test_preferences_accessible (void)
{
  CdPreferencesWindow *window = CD_PREFERENCES_WINDOW (cd_preferences_window_new (NULL));
  GtkWidget *rows[] = {
    GTK_WIDGET (_cd_preferences_window_get_house_style_row (window)),
    GTK_WIDGET (_cd_preferences_window_get_embed_mode_row (window)),
    GTK_WIDGET (_cd_preferences_window_get_base_url_row (window)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows[i]));

      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
    }

  /* The spin button's name comes from its .ui, where a missing one shows
   * as a build-time warning only; the row it sits in has a title. */
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (_cd_preferences_window_get_autosave_spin (window)),
                                          ADW_TYPE_ACTION_ROW) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* House styles */

static char *
evaluate (WebKitWebView *web_view,
          const char    *script)
{
  return cd_test_evaluate (web_view, script);
}

typedef struct
{
  CdWindow      *window;
  WebKitWebView *web_view;
  guint          n_loads;
} StyleFixture;

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 StyleFixture    *f)
{
  if (event == WEBKIT_LOAD_FINISHED)
    f->n_loads++;
}

typedef struct
{
  StyleFixture *f;
  guint         n_loads;
} LoadWait;

static gboolean
loaded_since (gpointer data)
{
  LoadWait *wait = data;

  return wait->f->n_loads > wait->n_loads && !_cd_window_is_loading (wait->f->window);
}

static gboolean
story_shown (gpointer data)
{
  StyleFixture *f = data;

  return !_cd_window_is_loading (f->window) && cd_window_get_article (f->window) != NULL && f->n_loads > 0;
}

/* The house style's own rule: the modern header sits under an accent bar. */
#define HEADER_BAR_SCRIPT \
  "getComputedStyle(document.querySelector('article.story header')).borderTopWidth"

static void
test_house_style_preview (void)
{
  g_autoptr(GSettings) settings = g_settings_new (CD_SETTINGS_SCHEMA_ID);
  g_autofree char *path = g_build_filename (g_getenv ("COPYDESK_SOURCE_DIR"),
                                            "data", "samples", "sample", "article.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  StyleFixture f = { NULL, NULL, 0 };
  LoadWait wait = { &f, 0 };
  CdPreview *preview;
  g_autofree char *border = NULL;
  g_autofree char *head = NULL;

  reset_settings (settings);
  f.window = cd_window_new (NULL);
  preview = _cd_window_get_preview (f.window);
  f.web_view = _cd_preview_get_web_view (preview);
  g_signal_connect (f.web_view, "load-changed", G_CALLBACK (load_changed_cb), &f);
  gtk_window_present (GTK_WINDOW (f.window));

  cd_window_open (f.window, file);
  cd_test_wait_for (story_shown, &f, "the sample story in the preview");
  g_assert_cmpstr (cd_preview_get_house_style (preview), ==, "default");
  border = evaluate (f.web_view, HEADER_BAR_SCRIPT);
  g_assert_cmpstr (border, !=, "6px");
  g_clear_pointer (&border, g_free);

  /* The setting reaches the open window's preview, which reloads. */
  wait.n_loads = f.n_loads;
  g_settings_set_string (settings, "house-style", "modern");
  g_assert_cmpstr (cd_preview_get_house_style (preview), ==, "modern");
  cd_test_wait_for (loaded_since, &wait, "the preview in the modern house style");
  border = evaluate (f.web_view, HEADER_BAR_SCRIPT);
  g_assert_cmpstr (border, ==, "6px");
  g_clear_pointer (&border, g_free);
  /* The page carries the whole stylesheet, as an export would, its font
   * lists without the families this machine has no font of. */
  head = evaluate (f.web_view, "document.head.querySelector('style').textContent.trim()");
  {
    g_autofree char *modern = cd_font_stack_prune_stylesheet (cd_house_style_get_stylesheet ("modern"));

    g_assert_true (g_str_equal (head, g_strstrip (modern)));
  }

  wait.n_loads = f.n_loads;
  g_settings_set_string (settings, "house-style", "default");
  cd_test_wait_for (loaded_since, &wait, "the preview in the default house style");
  border = evaluate (f.web_view, HEADER_BAR_SCRIPT);
  g_assert_cmpstr (border, !=, "6px");

  gtk_window_destroy (GTK_WINDOW (f.window));
  reset_settings (settings);
}

static void
test_house_style_stylesheets (void)
{
  const char *modern = cd_house_style_get_stylesheet ("modern");
  const char *fallback = cd_house_style_get_stylesheet ("no-such-style");

  g_assert_nonnull (strstr (cd_house_style_get_stylesheet ("default"), "default.css"));
  g_assert_nonnull (strstr (modern, "modern.css"));
  g_assert_true (cd_house_style_get_stylesheet (NULL) == cd_house_style_get_stylesheet ("default"));
  /* A style a newer Copydesk stored still gives the page a stylesheet. */
  g_assert_true (fallback == cd_house_style_get_stylesheet ("default"));
}

/* Keyboard shortcuts */

static char *
normalize_accelerator (const char *accelerator)
{
  guint keyval;
  GdkModifierType modifiers;

  if (!gtk_accelerator_parse (accelerator, &keyval, &modifiers))
    g_error ("“%s” is not an accelerator", accelerator);

  return gtk_accelerator_name (keyval, modifiers);
}

static void
collect_listed (GtkWidget  *widget,
                GHashTable *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) parts = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      parts = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (parts[i][0] != '\0')
            g_hash_table_add (listed, normalize_accelerator (parts[i]));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_listed (child, listed);
}

static void
add_trigger (GtkShortcutTrigger *trigger,
             GHashTable         *keys)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      g_hash_table_add (keys,
                        gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))));
    }
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keys);
      add_trigger (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keys);
    }
}

static void
add_widget_shortcuts (GtkWidget  *widget,
                      GHashTable *keys)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          add_trigger (gtk_shortcut_get_trigger (shortcut), keys);
        }
    }
}

/* The keys a Copydesk widget class binds itself, without the ones it
 * inherits from GTK and libadwaita (GtkWindow's inspector key, say). */
static void
collect_bound (GtkWidget  *widget,
               GHashTable *bound)
{
  GType type = G_OBJECT_TYPE (widget);

  if (g_str_has_prefix (g_type_name (type), "Cd"))
    {
      g_autoptr(GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) inherited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GType parent = type;
      GHashTableIter iter;
      const char *key;

      while (g_str_has_prefix (g_type_name (parent), "Cd"))
        parent = g_type_parent (parent);

      add_widget_shortcuts (widget, own);
      if (!G_TYPE_IS_ABSTRACT (parent))
        {
          GtkWidget *plain = g_object_ref_sink (g_object_new (parent, NULL));

          add_widget_shortcuts (plain, inherited);
          if (GTK_IS_WINDOW (plain))
            gtk_window_destroy (GTK_WINDOW (plain));
          g_object_unref (plain);
        }

      g_hash_table_iter_init (&iter, own);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
        {
          if (!g_hash_table_contains (inherited, key))
            g_hash_table_add (bound, g_strdup (key));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_bound (child, bound);
}

static void
collect_titles (GtkWidget  *widget,
                GPtrArray  *titles)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget) || GTK_IS_SHORTCUTS_GROUP (widget))
    {
      char *title = NULL;

      g_object_get (widget, "title", &title, NULL);
      g_ptr_array_add (titles, title);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_titles (child, titles);
}

static GtkStack *
find_stack (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget))
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *stack = find_stack (child);

      if (stack != NULL)
        return stack;
    }

  return NULL;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* What a person sees on opening the list: its first page, General,
 * and no line twice. */
static void
test_shortcuts_window_pages (void)
{
  CdApplication *app = get_application ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  GtkShortcutsWindow *overlay;
  GtkWidget *page;
  GtkStack *stack;
  GtkWidget *section;
  CdWindow *window;
  GLogLevelFlags old_fatal;

  if (app == NULL)
    {
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      return;
    }

  /* GTK 4.8's shortcuts window warns about a label of its own that
   * measures below zero under Adwaita; that warning is not Copydesk's. */
  old_fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  window = cd_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_object_ref (overlay);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  cd_test_wait_for (widget_is_mapped, overlay, "the keyboard shortcuts window");

  /* The section is the window's only stack of pages below its own. */
  section = GTK_WIDGET (find_stack (GTK_WIDGET (overlay)));
  g_assert_nonnull (section);
  section = gtk_stack_get_visible_child (GTK_STACK (section));
  g_assert_true (GTK_IS_SHORTCUTS_SECTION (section));

  /* The window keeps copies for its search; the section is the list. */
  collect_titles (section, titles);
  g_assert_cmpuint (titles->len, >, 20);
  for (guint i = 0; i < titles->len; i++)
    for (guint j = i + 1; j < titles->len; j++)
      if (g_strcmp0 (g_ptr_array_index (titles, i), g_ptr_array_index (titles, j)) == 0 &&
          g_strcmp0 (g_ptr_array_index (titles, i), "Return") != 0)
        g_error ("The keyboard shortcuts window lists “%s” twice",
                 (char *) g_ptr_array_index (titles, i));

  stack = find_stack (gtk_widget_get_first_child (section));
  g_assert_nonnull (stack);
  page = gtk_stack_get_visible_child (stack);
  g_assert_true (page == gtk_widget_get_first_child (GTK_WIDGET (stack)));
  collect_titles (page, shown);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, "General");

  gtk_window_destroy (GTK_WINDOW (overlay));
  g_object_unref (overlay);
  gtk_window_destroy (GTK_WINDOW (window));
  g_log_set_always_fatal (old_fatal);
}

static void
test_shortcuts_window (void)
{
  CdApplication *app = get_application ();
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) real = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) actions = NULL;
  GtkShortcutsWindow *overlay;
  CdWindow *window;
  GHashTableIter iter;
  const char *key;
  const char *origin;

  if (app == NULL)
    {
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      return;
    }

  window = cd_window_new (GTK_APPLICATION (app));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  collect_listed (GTK_WIDGET (overlay), listed);

  /* Ctrl+? opens the list itself. */
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>question");
  g_assert_true (g_strv_contains ((const char * const *) actions, "win.show-help-overlay"));
  g_clear_pointer (&actions, g_strfreev);

  /* Every accelerator of the application... */
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        g_hash_table_insert (real, normalize_accelerator (accels[j]), g_strdup (actions[i]));
    }
  g_assert_cmpuint (g_hash_table_size (real), >=, 12);

  /* ...and of every Copydesk widget in the window (formatting, moving
   * blocks) is in the list. */
  {
    g_autoptr(GHashTable) bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    collect_bound (GTK_WIDGET (window), bound);
    g_assert_true (g_hash_table_contains (bound, "<Control>b"));
    g_hash_table_iter_init (&iter, bound);
    while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
      g_hash_table_insert (real, g_strdup (key), g_strdup ("a Copydesk widget"));
  }

  g_hash_table_iter_init (&iter, real);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &origin))
    {
      if (!g_hash_table_contains (listed, key))
        g_error ("The keyboard shortcuts window (src/ui/app/help-overlay.ui) lacks %s, of %s", key, origin);
    }

  /* And nothing with a modifier is listed that does not exist. */
  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      guint keyval;
      GdkModifierType modifiers;

      gtk_accelerator_parse (key, &keyval, &modifiers);
      if (modifiers != 0 && !g_hash_table_contains (real, key))
        g_error ("The keyboard shortcuts window lists %s, which nothing in Copydesk answers to", key);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* About */

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static void
test_about (void)
{
  CdApplication *app = get_application ();
  GtkWindow *about;
  GtkIconTheme *theme;
  const char * const *developers;
  CdWindow *window;

  if (app == NULL)
    {
      g_test_skip ("Another Copydesk runs on this session bus; run the suite in dbus-run-session");
      return;
    }

  window = cd_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), "https://"));
  developers = adw_about_window_get_developers (ADW_ABOUT_WINDOW (about));
  g_assert_true (g_strv_contains (developers, "The Copydesk team"));
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* The icon is found before Copydesk is installed: it is in the
   * resources, which the icon theme searches. */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  {
    g_autofree char *symbolic = g_strconcat (APP_ID, "-symbolic", NULL);

    g_assert_true (gtk_icon_theme_has_icon (theme, symbolic));
  }

  /* The preferences open from the application too. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_nonnull (find_toplevel (CD_TYPE_PREFERENCES_WINDOW));
  gtk_window_destroy (find_toplevel (CD_TYPE_PREFERENCES_WINDOW));

  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Text direction: run with LANGUAGE set by tests/ui/meson.build. */

static void
test_locale (void)
{
  const char *expected = g_getenv ("COPYDESK_TEST_DIRECTION");
  const char *language = g_getenv ("LANGUAGE");
  CdWindow *window;
  GtkTextDirection direction;

  if (expected == NULL || language == NULL)
    {
      g_test_skip ("Runs from the locale-LANG tests, which set LANGUAGE and COPYDESK_TEST_DIRECTION");
      return;
    }

  direction = g_str_equal (expected, "rtl") ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, direction);

  /* Copydesk's own catalogue answers in the language. */
  g_assert_cmpstr (_("Preferences"), !=, "Preferences");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", 5), !=, "%u words");

  window = cd_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, direction);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (_cd_window_get_block_editor (window))), ==, direction);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  const char *locale_dir = g_getenv ("COPYDESK_LOCALE_DIR");
  int status;

  /* Journals go to a folder of this run, never the user's own. */
  state_dir = cd_test_isolate_state ("copydesk-test-chrome-state-XXXXXX");

  /* The catalogues just built, as main.c binds the installed ones. */
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (g_getenv ("COPYDESK_TEST_DIRECTION") != NULL)
    {
      /* gtk_test_init() would pin the locale to C; the locale tests need
       * the one their environment names, as main.c takes it. */
      setlocale (LC_ALL, "");
      g_test_init (&argc, &argv, NULL);
      gtk_init ();
    }
  else
    {
      gtk_test_init (&argc, &argv, NULL);
    }
  adw_init ();

  g_test_add_func ("/ui/chrome/preferences/bind", test_preferences_bind);
  g_test_add_func ("/ui/chrome/preferences/accessible", test_preferences_accessible);
  g_test_add_func ("/ui/chrome/house-style/stylesheets", test_house_style_stylesheets);
  g_test_add_func ("/ui/chrome/house-style/preview", test_house_style_preview);
  g_test_add_func ("/ui/chrome/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/chrome/shortcuts-window/pages", test_shortcuts_window_pages);
  g_test_add_func ("/ui/chrome/about", test_about);
  g_test_add_func ("/ui/chrome/locale", test_locale);

  status = g_test_run ();
  cd_test_remove_tree (state_dir);

  return status;
}
