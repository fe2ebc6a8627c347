/* fuzz-common.h: what every harness checks, under libFuzzer or replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

int  LLVMFuzzerInitialize    (int            *argc,
                              char         ***argv);
int  LLVMFuzzerTestOneInput  (const uint8_t  *data,
                              size_t          size);

/* A refusal must be a CD_ERROR whose message is UTF-8 without control
 * characters and names the file. */
void fuzz_assert_clear_error (const GError   *error,
                              const char     *display_name);

G_END_DECLS
