/* cd-test-web.h: running scripts in a web view, for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

/* Runs @script in the page's own world of @web_view, waits for it (the
 * main context keeps running) and returns its value as a string; fails
 * the test when the script throws. */
char    *cd_test_evaluate          (WebKitWebView      *web_view,
                                    const char         *script);
/* cd_test_evaluate() in the script world named @world. */
char    *cd_test_evaluate_in_world (WebKitWebView      *web_view,
                                    const char         *world,
                                    const char         *script);
/* cd_test_evaluate() of a script whose value is an integer. */
int      cd_test_evaluate_int      (WebKitWebView      *web_view,
                                    const char         *script);
/* cd_test_evaluate() of a script whose value is a number. */
double   cd_test_evaluate_number   (WebKitWebView      *web_view,
                                    const char         *script);
/* Runs @body as an async function of the members of @arguments (a{sv},
 * floating or NULL) in the page's world and returns its value as a
 * string, once its promise settles. */
char    *cd_test_call              (WebKitWebView      *web_view,
                                    const char         *body,
                                    GVariant           *arguments);

/* Counts the page loads @web_view finishes from now on (counting it
 * again changes nothing). */
void     cd_test_count_loads       (WebKitWebView      *web_view);
/* How many page loads @web_view has finished since it was counted. */
guint    cd_test_get_n_loads       (WebKitWebView      *web_view);
/* Waits until @web_view has finished more than @n_before page loads. */
void     cd_test_wait_for_load     (WebKitWebView      *web_view,
                                    guint               n_before,
                                    const char         *what);

/* Destroys @window (a GtkWindow) and waits until it is finalized, so a
 * test leaves nothing running behind it. */
void     cd_test_destroy_window    (gpointer            window);

G_END_DECLS
