/* cd-test-json.h: reading back the JSON a test wrote, every step asserted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* The member @name of @object; fails the test when there is none. */
const cJSON *cd_test_json_member  (const cJSON *object,
                                   const char  *name);
/* The string member @name of @object. */
const char  *cd_test_json_string  (const cJSON *object,
                                   const char  *name);
/* The whole-number member @name of @object. */
gint64       cd_test_json_int     (const cJSON *object,
                                   const char  *name);
/* The number of elements of @array, which must be an array. */
guint        cd_test_json_length  (const cJSON *array);
/* Element @index of @array; fails the test when there is none. */
const cJSON *cd_test_json_element (const cJSON *array,
                                   guint        index);
/* @item as JSON text (with @pretty laid out on lines), freed with
 * g_free(). */
char        *cd_test_json_print   (const cJSON *item,
                                   gboolean     pretty);

G_END_DECLS
