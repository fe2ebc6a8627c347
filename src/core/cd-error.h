/* cd-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_ERROR (cd_error_quark ())

/* Errors a user can cause with a file: every message names the file and
 * says what is wrong in words a person can act on. */
typedef enum
{
  CD_ERROR_PARSE,      /* not JSON at all: syntax error with line:column */
  CD_ERROR_INVALID,    /* well-formed JSON that is not a valid article */
  CD_ERROR_VERSION,    /* a format version newer than this reader */
  CD_ERROR_CONTAINER,  /* not a usable .article ZIP container */
  CD_ERROR_LIMIT,      /* a reading limit was exceeded */
  CD_ERROR_IO,         /* reading or writing failed */
} CdError;

GQuark cd_error_quark (void);

G_END_DECLS
