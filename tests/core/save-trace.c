/* save-trace.c: an LD_PRELOAD library that records how a program saves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loaded into a program with LD_PRELOAD, it appends one line to the file
 * named by SAVE_TRACE_LOG for each open, write, fsync, fdatasync, close
 * and rename of a path under SAVE_TRACE_DIR:
 *
 *   open PATH | write PATH | fsync PATH | close PATH | rename FROM TO
 *
 * When SAVE_TRACE_WATCH names a file, each of those lines is followed by
 * "watch HASH" (FNV-1a of the file's bytes, or "watch absent"): what a
 * reader opening that path at that moment would find. test-save-order
 * reads the log. The calls pass through unchanged.
 */

/* The real open and open64 are separate symbols; with 64-bit offsets
 * the headers would fold one into the other. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FDS 1024

typedef int (*OpenFunc) (const char *, int, ...);
typedef int (*OpenatFunc) (int, const char *, int, ...);
typedef ssize_t (*WriteFunc) (int, const void *, size_t);
typedef int (*FdFunc) (int);
typedef int (*RenameFunc) (const char *, const char *);
typedef int (*RenameatFunc) (int, const char *, int, const char *);
typedef int (*Renameat2Func) (int, const char *, int, const char *, unsigned int);

static char *fd_paths[MAX_FDS];
static __thread int busy;

static void *
next (const char *name)
{
  void *func = dlsym (RTLD_NEXT, name);

  if (func == NULL)
    {
      fprintf (stderr, "save-trace: no %s in the next library\n", name);
      abort ();
    }
  return func;
}

static int
real_open (const char *path,
           int         flags)
{
  static OpenFunc func;

  if (func == NULL)
    func = (OpenFunc) next ("open");
  return func (path, flags, 0644);
}

static int
real_close (int fd)
{
  static FdFunc func;

  if (func == NULL)
    func = (FdFunc) next ("close");
  return func (fd);
}

static ssize_t
real_write (int         fd,
            const void *data,
            size_t      length)
{
  static WriteFunc func;

  if (func == NULL)
    func = (WriteFunc) next ("write");
  return func (fd, data, length);
}

/* The absolute form of @path as the program named it, or NULL when it
 * is outside SAVE_TRACE_DIR. */
static char *
traced_path (int         dirfd,
             const char *path)
{
  const char *dir = getenv ("SAVE_TRACE_DIR");
  char cwd[PATH_MAX];
  char *full;
  size_t dir_length;

  if (dir == NULL || path == NULL)
    return NULL;

  if (path[0] == '/')
    full = strdup (path);
  else if (dirfd == AT_FDCWD && getcwd (cwd, sizeof cwd) != NULL)
    full = asprintf (&full, "%s/%s", cwd, path) >= 0 ? full : NULL;
  else if (dirfd >= 0 && dirfd < MAX_FDS && fd_paths[dirfd] != NULL)
    full = asprintf (&full, "%s/%s", fd_paths[dirfd], path) >= 0 ? full : NULL;
  else
    return NULL;

  dir_length = strlen (dir);
  if (full != NULL &&
      (strncmp (full, dir, dir_length) != 0 || (full[dir_length] != '/' && full[dir_length] != '\0')))
    {
      free (full);
      return NULL;
    }

  return full;
}

static void
append_hash (char       *line,
             size_t      size)
{
  const char *watch = getenv ("SAVE_TRACE_WATCH");
  uint64_t hash = 14695981039346656037ULL;
  unsigned char buffer[65536];
  ssize_t n;
  int fd;

  if (watch == NULL)
    return;

  fd = real_open (watch, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      strncat (line, "watch absent\n", size - strlen (line) - 1);
      return;
    }

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    {
      for (ssize_t i = 0; i < n; i++)
        {
          hash ^= buffer[i];
          hash *= 1099511628211ULL;
        }
    }
  real_close (fd);

  snprintf (line + strlen (line), size - strlen (line), "watch %016llx\n", (unsigned long long) hash);
}

static void
record (const char *event,
        const char *path,
        const char *other)
{
  const char *log_path = getenv ("SAVE_TRACE_LOG");
  char line[3 * PATH_MAX];
  int saved_errno = errno;
  int fd;

  if (log_path == NULL || path == NULL)
    return;

  busy++;
  snprintf (line, sizeof line, "%s %s%s%s\n", event, path, other != NULL ? " " : "",
            other != NULL ? other : "");
  append_hash (line, sizeof line);

  fd = real_open (log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC);
  if (fd >= 0)
    {
      if (real_write (fd, line, strlen (line)) < 0)
        perror ("save-trace");
      real_close (fd);
    }
  busy--;
  errno = saved_errno;
}

static void
remember (int   fd,
          char *path)
{
  if (fd < 0 || fd >= MAX_FDS)
    {
      free (path);
      return;
    }

  free (fd_paths[fd]);
  fd_paths[fd] = path;
  record ("open", path, NULL);
}

static const char *
fd_path (int fd)
{
  if (busy > 0 || fd < 0 || fd >= MAX_FDS)
    return NULL;
  return fd_paths[fd];
}

static mode_t
mode_argument (int     flags,
               va_list args)
{
  if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE)
    return va_arg (args, mode_t);
  return 0;
}

#define DEFINE_OPEN(name)                                               \
  int name (const char *path, int flags, ...);                          \
  int                                                                   \
  name (const char *path, int flags, ...)                               \
  {                                                                     \
    static OpenFunc func;                                               \
    va_list args;                                                       \
    mode_t mode;                                                        \
    int fd;                                                             \
                                                                        \
    if (func == NULL)                                                   \
      func = (OpenFunc) next (#name);                                   \
    va_start (args, flags);                                             \
    mode = mode_argument (flags, args);                                 \
    va_end (args);                                                      \
    fd = func (path, flags, mode);                                      \
    if (fd >= 0 && busy == 0)                                           \
      remember (fd, traced_path (AT_FDCWD, path));                      \
    return fd;                                                          \
  }

#define DEFINE_OPENAT(name)                                             \
  int name (int dirfd, const char *path, int flags, ...);               \
  int                                                                   \
  name (int dirfd, const char *path, int flags, ...)                    \
  {                                                                     \
    static OpenatFunc func;                                             \
    va_list args;                                                       \
    mode_t mode;                                                        \
    int fd;                                                             \
                                                                        \
    if (func == NULL)                                                   \
      func = (OpenatFunc) next (#name);                                 \
    va_start (args, flags);                                             \
    mode = mode_argument (flags, args);                                 \
    va_end (args);                                                      \
    fd = func (dirfd, path, flags, mode);                               \
    if (fd >= 0 && busy == 0)                                           \
      remember (fd, traced_path (dirfd, path));                         \
    return fd;                                                          \
  }

DEFINE_OPEN (open)
DEFINE_OPEN (open64)
DEFINE_OPENAT (openat)
DEFINE_OPENAT (openat64)

/* What fortified callers use instead of open. */
int __open_2 (const char *path, int flags);
int
__open_2 (const char *path,
          int         flags)
{
  return open (path, flags);
}

int __open64_2 (const char *path, int flags);
int
__open64_2 (const char *path,
            int         flags)
{
  return open64 (path, flags);
}

ssize_t
write (int         fd,
       const void *data,
       size_t      length)
{
  ssize_t written = real_write (fd, data, length);

  if (written > 0)
    record ("write", fd_path (fd), NULL);
  return written;
}

int
fsync (int fd)
{
  static FdFunc func;
  int result;

  if (func == NULL)
    func = (FdFunc) next ("fsync");
  result = func (fd);
  if (result == 0)
    record ("fsync", fd_path (fd), NULL);
  return result;
}

/* A data-only flush is enough for the file's bytes; the log calls it
 * fsync as well. */
int
fdatasync (int fd)
{
  static FdFunc func;
  int result;

  if (func == NULL)
    func = (FdFunc) next ("fdatasync");
  result = func (fd);
  if (result == 0)
    record ("fsync", fd_path (fd), NULL);
  return result;
}

int
close (int fd)
{
  const char *path = fd_path (fd);
  int result;

  if (path != NULL)
    record ("close", path, NULL);
  if (fd >= 0 && fd < MAX_FDS && busy == 0)
    {
      free (fd_paths[fd]);
      fd_paths[fd] = NULL;
    }
  result = real_close (fd);
  return result;
}

static void
record_rename (int         olddirfd,
               const char *from,
               int         newdirfd,
               const char *to)
{
  char *full_from = traced_path (olddirfd, from);
  char *full_to = traced_path (newdirfd, to);

  if (busy == 0 && full_from != NULL && full_to != NULL)
    record ("rename", full_from, full_to);
  free (full_from);
  free (full_to);
}

int
rename (const char *from,
        const char *to)
{
  static RenameFunc func;
  int result;

  if (func == NULL)
    func = (RenameFunc) next ("rename");
  result = func (from, to);
  if (result == 0)
    record_rename (AT_FDCWD, from, AT_FDCWD, to);
  return result;
}

int
renameat (int         olddirfd,
          const char *from,
          int         newdirfd,
          const char *to)
{
  static RenameatFunc func;
  int result;

  if (func == NULL)
    func = (RenameatFunc) next ("renameat");
  result = func (olddirfd, from, newdirfd, to);
  if (result == 0)
    record_rename (olddirfd, from, newdirfd, to);
  return result;
}

int
renameat2 (int          olddirfd,
           const char  *from,
           int          newdirfd,
           const char  *to,
           unsigned int flags)
{
  static Renameat2Func func;
  int result;

  if (func == NULL)
    func = (Renameat2Func) next ("renameat2");
  result = func (olddirfd, from, newdirfd, to, flags);
  if (result == 0)
    record_rename (olddirfd, from, newdirfd, to);
  return result;
}
