/* cd-test-json.c: reading back the JSON a test wrote, every step asserted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-json-private.h"
#include "cd-test-json.h"

const cJSON *
cd_test_json_member (const cJSON *object,
                     const char  *name)
{
  const cJSON *member;

  g_assert_true (cJSON_IsObject (object));
  member = cJSON_GetObjectItemCaseSensitive (object, name);
  if (member == NULL)
    g_error ("no member \"%s\"", name);

  return member;
}

const char *
cd_test_json_string (const cJSON *object,
                     const char  *name)
{
  const cJSON *member = cd_test_json_member (object, name);

  g_assert_true (cJSON_IsString (member));
  return member->valuestring;
}

gint64
cd_test_json_int (const cJSON *object,
                  const char  *name)
{
  gint64 value = 0;

  g_assert_true (_cd_json_get_integer (cd_test_json_member (object, name), &value));
  return value;
}

guint
cd_test_json_length (const cJSON *array)
{
  g_assert_true (cJSON_IsArray (array));
  return (guint) cJSON_GetArraySize (array);
}

const cJSON *
cd_test_json_element (const cJSON *array,
                      guint        index)
{
  const cJSON *element;

  g_assert_cmpuint (index, <, cd_test_json_length (array));
  element = cJSON_GetArrayItem (array, (int) index);
  g_assert_nonnull (element);
  return element;
}

char *
cd_test_json_print (const cJSON *item,
                    gboolean     pretty)
{
  char *printed = pretty ? cJSON_Print (item) : cJSON_PrintUnformatted (item);
  char *text = g_strdup (printed);

  cJSON_free (printed);
  return text;
}
