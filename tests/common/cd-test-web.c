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
cd_test_evaluate (WebKitWebView *web_view,
                  const char    *script)
{
  ScriptResult result = { NULL, NULL, FALSE };

  webkit_web_view_evaluate_javascript (web_view, script, -1, NULL, NULL, NULL, evaluate_cb, &result);
  cd_test_wait_for (script_done, &result, script);

  return finish (&result);
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
