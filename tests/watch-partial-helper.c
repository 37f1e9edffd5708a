/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call on a FIFO, for test-watch-partial: opens PIPE (for writing, or
 * for reading with "read"), makes that one call with SIZE bytes and prints
 * on its stdout what the call returned ("100001", or "error EINTR"), and
 * after a read the bytes it got. A write sends SIZE bytes of the pattern
 * fifolab_test_pattern() makes: byte i is (i * 7 + i / 251) & 0xff; writev
 * sends them in three iovecs (30000 bytes, 40000, the rest). */
#include <glib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int
main (int    argc,
      char **argv)
{
  const char *mode;
  gsize size;
  guint8 *buf;
  ssize_t n;
  int fd;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s PIPE write|writev|read SIZE\n", argv[0]);
      return 2;
    }
  mode = argv[2];
  size = (gsize) g_ascii_strtoull (argv[3], NULL, 10);
  buf = g_malloc0 (MAX (size, 1));

  do
    fd = open (argv[1], (strcmp (mode, "read") == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      perror ("open");
      return 1;
    }

  for (gsize i = 0; i < size; i++)
    buf[i] = (guint8) ((i * 7 + i / 251) & 0xff);

  /* One call, whatever it returns: what a program sees is the point. */
  if (strcmp (mode, "write") == 0)
    n = write (fd, buf, size);
  else if (strcmp (mode, "writev") == 0)
    {
      struct iovec iov[3];
      gsize a = MIN (size, 30000);
      gsize b = MIN (size - a, 40000);

      iov[0].iov_base = buf;
      iov[0].iov_len = a;
      iov[1].iov_base = buf + a;
      iov[1].iov_len = b;
      iov[2].iov_base = buf + a + b;
      iov[2].iov_len = size - a - b;
      n = writev (fd, iov, 3);
    }
  else if (strcmp (mode, "read") == 0)
    n = read (fd, buf, size);
  else
    {
      fprintf (stderr, "%s: unknown call %s\n", argv[0], mode);
      return 2;
    }

  if (n < 0)
    {
      const char *name = strerrorname_np (errno);

      printf ("error %s\n", name != NULL ? name : "?");
    }
  else
    printf ("%zd\n", n);
  if (n > 0 && strcmp (mode, "read") == 0)
    fwrite (buf, 1, (size_t) n, stdout);
  fflush (stdout);
  close (fd);
  g_free (buf);
  return 0;
}
