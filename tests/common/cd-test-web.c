/* cd-test-web.c: running scripts in a web view, for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-test-web"

#include "config.h"

#include "cd-test-utils.h"
#include "cd-test-web.h"

typedef struct
{
  JSCValue *value;
  GError   *error;
  gboolean  done;
} ScriptResult;

static gboolean
script_done (gpointer data)
{
  return ((ScriptResult *) data)->done;
}

static void
evaluate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ScriptResult *script = user_data;

  script->value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &script->error);
  script->done = TRUE;
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ScriptResult *script = user_data;

  script->value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object), result,
                                                                          &script->error);
  script->done = TRUE;
}

/* The value of a finished script as text. */
static char *
finish (ScriptResult *result)
{
  char *text;

  g_assert_no_error (result->error);
  text = jsc_value_to_string (result->value);
  g_object_unref (result->value);

  return text;
}

char *
cd_test_evaluate_in_world (WebKitWebView *web_view,
                           const char    *world,
                           const char    *script)
{
  ScriptResult result = { NULL, NULL, FALSE };

  webkit_web_view_evaluate_javascript (web_view, script, -1, world, NULL, NULL, evaluate_cb, &result);
  cd_test_wait_for (script_done, &result, script);

  return finish (&result);
}

char *
cd_test_evaluate (WebKitWebView *web_view,
                  const char    *script)
{
  return cd_test_evaluate_in_world (web_view, NULL, script);
}

int
cd_test_evaluate_int (WebKitWebView *web_view,
                      const char    *script)
{
  g_autofree char *text = cd_test_evaluate (web_view, script);
  gint64 value;

  g_assert_true (g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &value, NULL));

  return (int) value;
}

double
cd_test_evaluate_number (WebKitWebView *web_view,
                         const char    *script)
{
  g_autofree char *text = cd_test_evaluate (web_view, script);

  return g_ascii_strtod (text, NULL);
}

char *
cd_test_call (WebKitWebView *web_view,
              const char    *body,
              GVariant      *arguments)
{
  ScriptResult result = { NULL, NULL, FALSE };

  webkit_web_view_call_async_javascript_function (web_view, body, -1, arguments, NULL, NULL, NULL,
                                                  call_cb, &result);
  cd_test_wait_for (script_done, &result, body);

  return finish (&result);
}

void
cd_test_destroy_window (gpointer window)
{
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (window));
  cd_test_wait_for (cd_test_pointer_is_null, &window, "the window to be finalized");
}

#define LOADS_KEY "cd-test-n-loads"

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gpointer         data)
{
  if (event == WEBKIT_LOAD_FINISHED)
    g_object_set_data (G_OBJECT (web_view), LOADS_KEY,
                       GUINT_TO_POINTER (cd_test_get_n_loads (web_view) + 1));
}

void
cd_test_count_loads (WebKitWebView *web_view)
{
  if (g_object_get_data (G_OBJECT (web_view), LOADS_KEY "-counted") != NULL)
    return;

  g_object_set_data (G_OBJECT (web_view), LOADS_KEY "-counted", GINT_TO_POINTER (TRUE));
  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), NULL);
}

guint
cd_test_get_n_loads (WebKitWebView *web_view)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (web_view), LOADS_KEY));
}

typedef struct
{
  WebKitWebView *web_view;
  guint          n_before;
} LoadWait;

static gboolean
loaded_more (gpointer data)
{
  LoadWait *wait = data;

  return cd_test_get_n_loads (wait->web_view) > wait->n_before;
}

void
cd_test_wait_for_load (WebKitWebView *web_view,
                       guint          n_before,
                       const char    *what)
{
  LoadWait wait = { web_view, n_before };

  cd_test_wait_for (loaded_more, &wait, what);
}

