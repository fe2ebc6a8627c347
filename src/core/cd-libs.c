/* cd-libs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-libs"

#include "config.h"

#include <dlfcn.h>

#include "cd-libs-private.h"

/* The tables below need the libraries' own declarations, not the names
 * that stand for their entries. */
#define CD_LIBS_TABLES
#include "cd-libarchive-private.h"
#include "cd-libxml-private.h"

void
_cd_libs_open (const char         *soname,
               const char * const *names,
               gpointer           *slots,
               gsize               n_symbols)
{
  void *handle;

  g_return_if_fail (soname != NULL);
  g_return_if_fail (names != NULL);
  g_return_if_fail (slots != NULL);

  /* Never closed: the functions stay in use until the program ends. */
  handle = dlopen (soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    g_error ("Cannot load %s, which this program needs: %s", soname, dlerror ());

  for (gsize i = 0; i < n_symbols; i++)
    {
      slots[i] = dlsym (handle, names[i]);
      if (slots[i] == NULL)
        g_error ("%s has no %s, which this program needs: is it older than the one it was built with?",
                 soname, names[i]);
    }
}

/* Each table: the names as strings, the addresses in the same order, and
 * a once-only fill. The addresses are kept as data pointers, as dlsym ()
 * gives them, and read back through the struct of typed pointers that
 * has the same layout. */
#define CD_LIBS_NAME(name) #name,
#define CD_LIBS_TABLE(prefix, Type, SONAME, SYMBOLS)                        \
  G_STATIC_ASSERT (sizeof (Type) == sizeof (gpointer) *                     \
                   G_N_ELEMENTS (((const char *[]) { SYMBOLS (CD_LIBS_NAME) }))); \
  static union { Type table; gpointer slots[sizeof (Type) / sizeof (gpointer)]; } prefix##_table; \
  const Type *prefix##_loaded;                                              \
                                                                            \
  const Type *                                                              \
  prefix##_load (void)                                                      \
  {                                                                         \
    static gsize once;                                                      \
                                                                            \
    if (g_once_init_enter (&once))                                          \
      {                                                                     \
        static const char * const names[] = { SYMBOLS (CD_LIBS_NAME) };     \
                                                                            \
        _cd_libs_open (SONAME, names, prefix##_table.slots,                 \
                       G_N_ELEMENTS (names));                               \
        g_atomic_pointer_set (&prefix##_loaded, &prefix##_table.table);     \
        g_once_init_leave (&once, 1);                                       \
      }                                                                     \
    return &prefix##_table.table;                                           \
  }

CD_LIBS_TABLE (_cd_libxml, CdLibxml, CD_LIBXML_SONAME, CD_LIBXML_SYMBOLS)
CD_LIBS_TABLE (_cd_libarchive, CdLibarchive, CD_LIBARCHIVE_SONAME, CD_LIBARCHIVE_SYMBOLS)
