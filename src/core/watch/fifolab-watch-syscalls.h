/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* The system calls a watch records, by what they do with a descriptor.
 * x86_64 only: the numbers come from its table (see the .c). */
typedef enum
{
  FIFOLAB_SC_OTHER,       /* not about the FIFO */
  FIFOLAB_SC_READ,        /* read (fd, buf, count) */
  FIFOLAB_SC_WRITE,       /* write (fd, buf, count) */
  FIFOLAB_SC_READV,       /* readv (fd, iov, iovcnt) */
  FIFOLAB_SC_WRITEV,      /* writev (fd, iov, iovcnt) */
  FIFOLAB_SC_SPLICE,      /* splice (in, off_in, out, off_out, len, flags) */
  FIFOLAB_SC_TEE,         /* tee (in, out, len, flags) */
  FIFOLAB_SC_SENDFILE,    /* sendfile (out, in, offset, count) */
  FIFOLAB_SC_CLOSE,       /* close (fd) */
  FIFOLAB_SC_CLOSE_RANGE, /* close_range (first, last, flags): forgets descriptors */
  FIFOLAB_SC_DUP,         /* dup (fd) */
  FIFOLAB_SC_DUP2,        /* dup2 (fd, newfd), dup3 (fd, newfd, flags) */
  FIFOLAB_SC_FCNTL,       /* fcntl (fd, cmd, arg): F_DUPFD and F_DUPFD_CLOEXEC */
  FIFOLAB_SC_OPEN,        /* open (path, flags, mode) */
  FIFOLAB_SC_OPENAT,      /* openat (dirfd, path, flags, mode) */
} FifolabSyscallKind;

typedef struct
{
  FifolabSyscallKind  kind;
  const char         *name;
} FifolabSyscall;

/* What system call number @nr (of the x86_64 table) is to a watch. */
FifolabSyscall fifolab_watch_syscall_lookup   (guint64       nr);
/* Whether @nr is one of open/openat (for the scan of processes waiting in one). */
gboolean       fifolab_watch_syscall_is_open  (guint64       nr,
                                               int          *out_path_arg);

/* Up to @cap bytes of the @len at @addr in thread @tid's memory (copied
 * with process_vm_readv); NULL when none could be read. */
GBytes        *fifolab_watch_read_memory      (pid_t         tid,
                                               guint64       addr,
                                               gsize         len,
                                               gsize         cap);
/* The total length of the @iovcnt iovecs at @iov_addr, or -1. */
gint64         fifolab_watch_iov_length       (pid_t         tid,
                                               guint64       iov_addr,
                                               guint64       iovcnt);
/* Up to @cap bytes of the first @len bytes that the iovecs describe. */
GBytes        *fifolab_watch_read_iov         (pid_t         tid,
                                               guint64       iov_addr,
                                               guint64       iovcnt,
                                               gsize         len,
                                               gsize         cap);
/* The NUL-terminated string at @addr (at most PATH_MAX bytes), or NULL. */
char          *fifolab_watch_read_string      (pid_t         tid,
                                               guint64       addr);
/* Whether @path, as thread @tid of @pid would resolve it relative to @dirfd
 * (AT_FDCWD: its working folder), is the file @dev/@ino. Opens nothing. */
gboolean       fifolab_watch_path_is_file     (pid_t         pid,
                                               pid_t         tid,
                                               int           dirfd,
                                               const char   *path,
                                               dev_t         dev,
                                               ino_t         ino);

G_END_DECLS
