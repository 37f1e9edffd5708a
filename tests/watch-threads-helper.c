/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A multi-threaded writer for test-watch: opens PIPE for writing, then
 * THREADS threads take turns, ROUNDS times each, writing "t<i> <round>\n"
 * with one write() each, in a fixed order (a turn passed under a mutex), so
 * that the reader's output is known exactly and every thread writes. */
#include <glib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static GMutex lock;
static GCond turn_changed;
static guint turn;
static guint n_threads;
static guint n_rounds;
static int fd = -1;

static gpointer
writer_thread (gpointer data)
{
  guint me = GPOINTER_TO_UINT (data);

  for (guint round = 0; round < n_rounds; round++)
    {
      char line[64];
      int len;

      g_mutex_lock (&lock);
      while (turn % n_threads != me)
        g_cond_wait (&turn_changed, &lock);
      len = g_snprintf (line, sizeof line, "t%u %u\n", me, round);
      if (write (fd, line, (size_t) len) != len)
        {
          perror ("write");
          exit (1);
        }
      turn++;
      g_cond_broadcast (&turn_changed);
      g_mutex_unlock (&lock);
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  GThread *threads[16];

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s PIPE THREADS ROUNDS\n", argv[0]);
      return 2;
    }
  n_threads = (guint) CLAMP (atoi (argv[2]), 1, (int) G_N_ELEMENTS (threads));
  n_rounds = (guint) MAX (atoi (argv[3]), 1);

  do
    fd = open (argv[1], O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      perror ("open");
      return 1;
    }

  for (guint i = 0; i < n_threads; i++)
    threads[i] = g_thread_new ("writer", writer_thread, GUINT_TO_POINTER (i));
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);
  close (fd);
  return 0;
}
