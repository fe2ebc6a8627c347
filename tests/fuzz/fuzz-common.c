/* fuzz-common.c: what every harness checks, under libFuzzer or replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk-core.h"
#include "fuzz-common.h"

/* A critical or warning from core is a bug to stop on, like a crash. GLib
 * would stop with SIGTRAP, which libFuzzer does not catch; abort() makes
 * it keep the input. */
static GLogWriterOutput
abort_on_problem_cb (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return output;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (abort_on_problem_cb, NULL, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  return 0;
}

void
fuzz_assert_clear_error (const GError *error,
                         const char   *display_name)
{
  if (error == NULL)
    g_error ("a refused input came without an error");

  if (error->domain != CD_ERROR)
    g_error ("a refusal outside the CD_ERROR domain: %s", error->message);

  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("an error message that is not UTF-8");

  if (strstr (error->message, display_name) == NULL)
    g_error ("an error message that does not name the file: %s", error->message);

  /* A control character from the file would garble a terminal or toast. */
  for (const char *p = error->message; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_error ("an error message with control character 0x%02X: %s", (guchar) *p, error->message);
    }
}
