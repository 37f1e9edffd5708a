/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The system calls a watch looks at, and reading a traced thread's memory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "fifolab-watch-syscalls.h"

#if !defined(__x86_64__)
# error "The watch decodes x86_64 system calls only; port fifolab-watch-syscalls.c to this architecture."
#endif

/* The x86_64 table: only the calls a watch records or must follow. */
static const struct
{
  guint64        nr;
  FifolabSyscall syscall;
} known[] = {
  { SYS_read,        { FIFOLAB_SC_READ, "read" } },
  { SYS_write,       { FIFOLAB_SC_WRITE, "write" } },
  { SYS_readv,       { FIFOLAB_SC_READV, "readv" } },
  { SYS_writev,      { FIFOLAB_SC_WRITEV, "writev" } },
  { SYS_splice,      { FIFOLAB_SC_SPLICE, "splice" } },
  { SYS_tee,         { FIFOLAB_SC_TEE, "tee" } },
  { SYS_sendfile,    { FIFOLAB_SC_SENDFILE, "sendfile" } },
  { SYS_close,       { FIFOLAB_SC_CLOSE, "close" } },
  { SYS_close_range, { FIFOLAB_SC_CLOSE_RANGE, "close_range" } },
  { SYS_dup,         { FIFOLAB_SC_DUP, "dup" } },
  { SYS_dup2,        { FIFOLAB_SC_DUP2, "dup2" } },
  { SYS_dup3,        { FIFOLAB_SC_DUP2, "dup3" } },
  { SYS_fcntl,       { FIFOLAB_SC_FCNTL, "fcntl" } },
  { SYS_open,        { FIFOLAB_SC_OPEN, "open" } },
  { SYS_openat,      { FIFOLAB_SC_OPENAT, "openat" } },
};

FifolabSyscall
fifolab_watch_syscall_lookup (guint64 nr)
{
  static const FifolabSyscall other = { FIFOLAB_SC_OTHER, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (known[i].nr == nr)
      return known[i].syscall;
  return other;
}

gboolean
fifolab_watch_syscall_is_open (guint64  nr,
                               int     *out_path_arg)
{
  if (nr == SYS_open)
    {
      *out_path_arg = 0;
      return TRUE;
    }
  if (nr == SYS_openat)
    {
      *out_path_arg = 1;
      return TRUE;
    }
  return FALSE;
}

GBytes *
fifolab_watch_read_memory (pid_t   tid,
                           guint64 addr,
                           gsize   len,
                           gsize   cap)
{
  struct iovec local;
  struct iovec remote;
  gsize want = MIN (len, cap);
  guint8 *buf;
  gssize n;

  if (want == 0)
    return g_bytes_new (NULL, 0);

  buf = g_malloc (want);
  local.iov_base = buf;
  local.iov_len = want;
  remote.iov_base = (void *) (guintptr) addr;
  remote.iov_len = want;
  n = process_vm_readv (tid, &local, 1, &remote, 1, 0);
  if (n <= 0)
    {
      g_free (buf);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (buf, (gsize) n), (gsize) n);
}

/* The iovecs themselves, at most IOV_MAX of them. */
static struct iovec *
read_iovecs (pid_t    tid,
             guint64  iov_addr,
             guint64  iovcnt,
             gsize   *out_n)
{
  g_autoptr(GBytes) raw = NULL;
  gsize count = (gsize) MIN (iovcnt, (guint64) IOV_MAX);
  gsize len;
  struct iovec *iov;

  *out_n = 0;
  if (count == 0)
    return NULL;
  raw = fifolab_watch_read_memory (tid, iov_addr, count * sizeof (struct iovec),
                                   count * sizeof (struct iovec));
  if (raw == NULL)
    return NULL;
  len = g_bytes_get_size (raw) / sizeof (struct iovec);
  iov = g_new (struct iovec, MAX (len, 1));
  memcpy (iov, g_bytes_get_data (raw, NULL), len * sizeof (struct iovec));
  *out_n = len;
  return iov;
}

gint64
fifolab_watch_iov_length (pid_t   tid,
                          guint64 iov_addr,
                          guint64 iovcnt)
{
  struct iovec *iov;
  gint64 total = 0;
  gsize n;

  iov = read_iovecs (tid, iov_addr, iovcnt, &n);
  if (iov == NULL)
    return -1;
  for (gsize i = 0; i < n; i++)
    total += (gint64) iov[i].iov_len;
  g_free (iov);
  return total;
}

GBytes *
fifolab_watch_read_iov (pid_t   tid,
                        guint64 iov_addr,
                        guint64 iovcnt,
                        gsize   len,
                        gsize   cap)
{
  struct iovec *iov;
  struct iovec local;
  gsize want = MIN (len, cap);
  guint8 *buf;
  gssize got;
  gsize n;

  if (want == 0)
    return g_bytes_new (NULL, 0);
  iov = read_iovecs (tid, iov_addr, iovcnt, &n);
  if (iov == NULL)
    return NULL;

  /* The remote iovecs as they are; the copy stops when @want bytes came. */
  buf = g_malloc (want);
  local.iov_base = buf;
  local.iov_len = want;
  got = process_vm_readv (tid, &local, 1, iov, (unsigned long) n, 0);
  g_free (iov);
  if (got <= 0)
    {
      g_free (buf);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (buf, (gsize) got), (gsize) got);
}

char *
fifolab_watch_read_string (pid_t   tid,
                           guint64 addr)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char chunk[256];

  /* Page by page: a string near the end of a mapping must still be read. */
  while (text->len < PATH_MAX)
    {
      struct iovec local = { chunk, sizeof chunk };
      struct iovec remote;
      gsize to_page_end = 4096 - ((addr + text->len) % 4096);
      gssize n;
      char *nul;

      remote.iov_base = (void *) (guintptr) (addr + text->len);
      remote.iov_len = MIN (sizeof chunk, to_page_end);
      local.iov_len = remote.iov_len;
      n = process_vm_readv (tid, &local, 1, &remote, 1, 0);
      if (n <= 0)
        return NULL;
      /* process_vm_readv() filled @n bytes of chunk, which cppcheck cannot know. */
      // cppcheck-suppress legacyUninitvar
      nul = memchr (chunk, '\0', (gsize) n);
      if (nul != NULL)
        {
          g_string_append_len (text, chunk, nul - chunk);
          return g_string_free (g_steal_pointer (&text), FALSE);
        }
      g_string_append_len (text, chunk, n);
    }
  return NULL;
}

gboolean
fifolab_watch_path_is_file (pid_t       pid,
                            pid_t       tid,
                            int         dirfd,
                            const char *path,
                            dev_t       dev,
                            ino_t       ino)
{
  g_autofree char *where = NULL;
  struct stat st;

  if (path == NULL || *path == '\0')
    return FALSE;
  /* Through /proc: the folder the process itself resolves against. The
   * stat follows the path as open() would and opens nothing. Its own
   * /proc/self (as fifolab-peer reopens a checked descriptor) is not ours. */
  if (g_str_has_prefix (path, "/proc/self/"))
    where = g_strdup_printf ("/proc/%d/%s", (int) pid, path + strlen ("/proc/self/"));
  else if (g_str_has_prefix (path, "/proc/thread-self/"))
    where = g_strdup_printf ("/proc/%d/task/%d/%s", (int) pid, (int) tid,
                             path + strlen ("/proc/thread-self/"));
  else if (path[0] == '/')
    where = g_strdup_printf ("/proc/%d/root%s", (int) pid, path);
  else if (dirfd == AT_FDCWD)
    where = g_strdup_printf ("/proc/%d/cwd/%s", (int) pid, path);
  else
    where = g_strdup_printf ("/proc/%d/fd/%d/%s", (int) pid, dirfd, path);

  if (stat (where, &st) != 0)
    return FALSE;
  return S_ISFIFO (st.st_mode) && st.st_dev == dev && st.st_ino == ino;
}
