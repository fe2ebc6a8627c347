/* cd-libs-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libxml2 and libarchive are opened the first time the core calls them,
 * not when a program starts: with them the loader would map and relocate
 * ICU and libstdc++ too (a few milliseconds), which a program that only
 * reads article.json and writes HTML never uses. The core calls them
 * through a table of their functions (cd-libxml-private.h,
 * cd-libarchive-private.h); the table is filled from the library opened
 * by its soname, the one the core was built against.
 *
 * Opens @soname and stores the address of each of the @n_symbols
 * functions or variables named in @names in @slots; a library or symbol
 * that cannot be found ends the program with a message naming it, as the
 * loader would at start-up had the program been linked to it. */
void _cd_libs_open (const char         *soname,
                    const char * const *names,
                    gpointer           *slots,
                    gsize               n_symbols);

/* The table of the functions @SYMBOLS (X) lists, as the struct @Type,
 * and @prefix (), which gives it filled, opening the library the first
 * time; cd-libs.c defines @prefix_load () with CD_LIBS_TABLE (). */
#define CD_LIBS_SLOT(name) __typeof__ (name) *name;
#define CD_LIBS_DECLARE_TABLE(Type, prefix, SYMBOLS)                      \
  typedef struct                                                          \
  {                                                                       \
    SYMBOLS (CD_LIBS_SLOT)                                                \
  } Type;                                                                 \
                                                                          \
  extern const Type *prefix##_loaded;                                     \
  const Type *prefix##_load (void);                                       \
                                                                          \
  static inline const Type *                                              \
  prefix (void)                                                           \
  {                                                                       \
    const Type *lib = g_atomic_pointer_get (&prefix##_loaded);            \
                                                                          \
    return G_LIKELY (lib != NULL) ? lib : prefix##_load ();               \
  }

G_END_DECLS
