/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-pipe-end.h"
#include "fifolab-test-util.h"

/* FifolabPipeEnd, the part the reader and the writer share, on real FIFOs:
 * the safe open, the stream and its source, which FIFO it is on, the last
 * error, and dropping it all. */

static gboolean
readable_cb (GObject  *pollable,
             gpointer  user_data)
{
  gboolean *woken = user_data;

  *woken = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Opened, watched and dropped: the watch fires once a writer writes, and the
 * descriptor is gone after the drop. */
static void
test_pipe_end_open_watch_drop (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "end");
  g_autoptr(GError) error = NULL;
  FifolabPipeEnd end;
  gboolean woken = FALSE;
  guint fds;
  int fd, writer;

  _fifolab_pipe_end_init (&end);
  end.path = g_strdup (path);
  g_assert_false (_fifolab_pipe_end_is_open (&end));
  g_assert_false (_fifolab_pipe_end_drop (&end));

  fds = fifolab_test_count_fds ();
  fd = _fifolab_pipe_end_open_fd (&end, O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  _fifolab_pipe_end_adopt (&end, fd, O_RDONLY);
  g_assert_true (_fifolab_pipe_end_is_open (&end));
  g_assert_true (G_IS_POLLABLE_INPUT_STREAM (end.stream));
  g_assert_true (_fifolab_pipe_end_is_current (&end, end.stream));
  g_assert_cmpint (end.fd, ==, fd);
  g_assert_cmpint (fifolab_fifo_get_capacity (end.fd), ==, 65536);

  _fifolab_pipe_end_watch (&end, G_CALLBACK (readable_cb), &woken, "[test] pipe end",
                           G_PRIORITY_DEFAULT);
  g_assert_nonnull (end.source);
  g_assert_cmpint (g_source_get_priority (end.source), ==, G_PRIORITY_DEFAULT);
  /* No writer yet: nothing to read, the source stays quiet. */
  fifolab_test_run_for (50);
  g_assert_false (woken);

  writer = fifolab_fifo_open (path, O_WRONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (writer, "x", 1), ==, 1);
  g_assert_true (fifolab_test_wait_for (&woken, 10000));

  g_assert_true (_fifolab_pipe_end_drop (&end));
  g_assert_null (end.source);
  g_assert_null (end.stream);
  g_assert_cmpint (end.fd, ==, -1);
  g_assert_false (_fifolab_pipe_end_is_current (&end, NULL));
  close (writer);
  fifolab_test_assert_fds (fds);

  _fifolab_pipe_end_clear (&end);
  g_assert_null (end.path);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A write end gets an output stream; with no reader the open is refused as
 * NO_READER, and a path that is no FIFO is refused without being opened. */
static void
test_pipe_end_write_and_refuse (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "end");
  g_autofree char *file = g_build_filename (dir, "plain", NULL);
  g_autoptr(GError) error = NULL;
  FifolabPipeEnd end;
  int reader, fd;

  _fifolab_pipe_end_init (&end);
  end.path = g_strdup (path);
  g_assert_cmpint (_fifolab_pipe_end_open_fd (&end, O_WRONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NO_READER);
  g_clear_error (&error);

  reader = fifolab_fifo_open (path, O_RDONLY, &error);
  g_assert_no_error (error);
  fd = _fifolab_pipe_end_open_fd (&end, O_WRONLY, &error);
  g_assert_no_error (error);
  _fifolab_pipe_end_adopt (&end, fd, O_WRONLY);
  g_assert_true (G_IS_POLLABLE_OUTPUT_STREAM (end.stream));
  g_assert_true (_fifolab_pipe_end_drop (&end));
  close (reader);
  _fifolab_pipe_end_clear (&end);

  g_assert_true (g_file_set_contents (file, "keep", -1, NULL));
  _fifolab_pipe_end_init (&end);
  end.path = g_strdup (file);
  g_assert_cmpint (_fifolab_pipe_end_open_fd (&end, O_RDONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  _fifolab_pipe_end_clear (&end);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Which FIFO the end is on: the same path, removed (NOT_FOUND), or replaced
 * by another FIFO under that name (CHANGED), by path and by a new fd. */
static void
test_pipe_end_still_ours (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "end");
  g_autoptr(GError) error = NULL;
  FifolabPipeEnd end;
  int fd, other;

  _fifolab_pipe_end_init (&end);
  end.path = g_strdup (path);
  fd = _fifolab_pipe_end_open_fd (&end, O_RDONLY, &error);
  g_assert_no_error (error);
  _fifolab_pipe_end_adopt (&end, fd, O_RDONLY);
  g_assert_true (_fifolab_pipe_end_still_ours (&end, -1, &error));
  g_assert_no_error (error);

  other = fifolab_fifo_open (path, O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_true (_fifolab_pipe_end_still_ours (&end, other, &error));
  g_assert_no_error (error);
  close (other);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (_fifolab_pipe_end_still_ours (&end, -1, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  g_assert_false (_fifolab_pipe_end_still_ours (&end, -1, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_CHANGED);
  g_clear_error (&error);

  other = fifolab_fifo_open (path, O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_false (_fifolab_pipe_end_still_ours (&end, other, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_CHANGED);
  close (other);

  _fifolab_pipe_end_clear (&end);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The last error is copied, replaced and cleared; setting none over none
 * is no change (the endpoints notify "error" only on a change). */
static void
test_pipe_end_error (void)
{
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "first");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "second");
  FifolabPipeEnd end;

  _fifolab_pipe_end_init (&end);
  g_assert_false (_fifolab_pipe_end_set_error (&end, NULL));
  g_assert_true (_fifolab_pipe_end_set_error (&end, failure));
  g_assert_true (end.error != failure);
  g_assert_error (end.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_true (_fifolab_pipe_end_set_error (&end, other));
  g_assert_error (end.error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_assert_true (_fifolab_pipe_end_set_error (&end, NULL));
  g_assert_null (end.error);
  g_assert_true (_fifolab_pipe_end_set_error (&end, failure));
  _fifolab_pipe_end_clear (&end);
  g_assert_null (end.error);
}

/* A competing reader or writer: another process's end of the same FIFO that
 * takes the bytes (fills the room) at any moment, here from a signal handler
 * run every 50 µs in the middle of FIFO Lab's own calls. */
static int competitor_fd = -1;
static gboolean competitor_writes;
static volatile sig_atomic_t competing;

static void
compete (int signum)
{
  int saved = errno;
  char buf[4096];

  if (!competing)
    return;
  if (competitor_writes)
    {
      memset (buf, 'c', sizeof buf);
      while (write (competitor_fd, buf, sizeof buf) > 0)
        ;
    }
  else
    while (read (competitor_fd, buf, sizeof buf) > 0)
      ;
  errno = saved;
}

typedef struct
{
  gint   progress;   /* atomic: calls made by the test's thread */
  gint   done;       /* atomic */
  gint   stalled;    /* atomic: the watchdog had to free the test's thread */
  int    release_fd; /* what frees it: a byte in (reader), room made (writer) */
  gboolean release_by_reading;
} Watchdog;

/* Frees the test's thread if it makes no call for half a second: a stream
 * call that blocked in poll() for bytes (room) a competitor took. */
static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *dog = data;
  sigset_t set;
  int last = -1;
  guint still = 0;

  sigemptyset (&set);
  sigaddset (&set, SIGALRM);
  pthread_sigmask (SIG_BLOCK, &set, NULL);

  while (!g_atomic_int_get (&dog->done))
    {
      int now = g_atomic_int_get (&dog->progress);

      g_usleep (50 * 1000);
      if (now != last)
        {
          last = now;
          still = 0;
          continue;
        }
      if (++still < 10)
        continue;
      g_atomic_int_set (&dog->stalled, 1);
      competing = 0;
      if (dog->release_by_reading)
        {
          char buf[65536];

          while (read (dog->release_fd, buf, sizeof buf) > 0)
            ;
        }
      else if (write (dog->release_fd, "r", 1) < 0)
        g_assert_not_reached ();
      still = 0;
    }
  return NULL;
}

static void
compete_for (FifolabPipeEnd *end,
             int             other_fd,
             int             competitor,
             gboolean        writes)
{
  struct sigaction action = { 0 };
  struct itimerval every = { { 0, 50 }, { 0, 50 } };
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  Watchdog dog = { 0 };
  g_autoptr(GThread) thread = NULL;
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
  guint calls = 0, moved = 0;

  competitor_fd = competitor;
  competitor_writes = writes;
  /* The watchdog frees a stuck reader by writing a byte, a stuck writer by
   * draining the pipe. */
  dog.release_fd = other_fd;
  dog.release_by_reading = writes;
  thread = g_thread_new ("watchdog", watchdog_thread, &dog);

  competing = 1;
  action.sa_handler = compete;
  sigemptyset (&action.sa_mask);
  action.sa_flags = SA_RESTART;
  g_assert_cmpint (sigaction (SIGALRM, &action, NULL), ==, 0);
  g_assert_cmpint (setitimer (ITIMER_REAL, &every, NULL), ==, 0);

  while (g_get_monotonic_time () < until)
    {
      g_autoptr(GError) error = NULL;
      char buf[65536];
      gssize n;

      if (writes)
        {
          /* Room for our write (one read: the competitor refills as fast
           * as it is drained), then the competitor may fill it. */
          if (read (other_fd, buf, sizeof buf) < 0)
            g_assert_cmpint (errno, ==, EAGAIN);
          n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (end->stream),
                                                          "w", 1, NULL, &error);
        }
      else
        {
          /* A byte for us, unless the competitor takes it first. */
          if (write (other_fd, "x", 1) != 1)
            g_assert_not_reached ();
          n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (end->stream),
                                                        buf, sizeof buf, NULL, &error);
        }
      if (n < 0)
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
      else
        moved++;
      calls++;
      g_atomic_int_inc (&dog.progress);
    }

  g_assert_cmpint (setitimer (ITIMER_REAL, &off, NULL), ==, 0);
  signal (SIGALRM, SIG_DFL);
  g_atomic_int_set (&dog.done, 1);
  g_thread_join (g_steal_pointer (&thread));

  g_test_message ("%u calls, %u moved bytes", calls, moved);
  /* Never blocked: a non-blocking call returns "would block" when the bytes
   * (the room) went to the competitor, it does not wait for more. */
  g_assert_false (g_atomic_int_get (&dog.stalled));
  g_assert_cmpuint (calls, >, 1000);
}

/* FIFO Lab's end of a new FIFO (@access_mode), the other end and a second
 * end like FIFO Lab's (the competitor), racing as compete_for() says. */
static void
compete_on_new_fifo (const char *name,
                     int         access_mode)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, name);
  int other_mode = access_mode == O_RDONLY ? O_WRONLY : O_RDONLY;
  g_autoptr(GError) error = NULL;
  FifolabPipeEnd end;
  int fd, other = -1, competitor;

  /* A FIFO opened for writing without blocking needs a reader first. */
  if (access_mode == O_WRONLY)
    other = open (path, other_mode | O_NONBLOCK | O_CLOEXEC);
  _fifolab_pipe_end_init (&end);
  end.path = g_strdup (path);
  fd = _fifolab_pipe_end_open_fd (&end, access_mode, &error);
  g_assert_no_error (error);
  _fifolab_pipe_end_adopt (&end, fd, access_mode);
  competitor = open (path, access_mode | O_NONBLOCK | O_CLOEXEC);
  if (access_mode == O_RDONLY)
    other = open (path, other_mode | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (other, >=, 0);
  g_assert_cmpint (competitor, >=, 0);

  compete_for (&end, other, competitor, access_mode == O_WRONLY);

  _fifolab_pipe_end_clear (&end);
  close (competitor);
  close (other);
}

/* Two readers: FIFO Lab's read never waits for bytes another reader took
 * (GLib 2.74's GUnixInputStream polls once to see bytes, then blocks in a
 * second poll() before its read(): a reader taking them in between froze
 * the main loop until the next write). */
static void
test_pipe_end_competing_reader (void)
{
  compete_on_new_fifo ("two-readers", O_RDONLY);
}

/* Two writers: FIFO Lab's write never waits for room another writer filled
 * (the same two polls in GUnixOutputStream). */
static void
test_pipe_end_competing_writer (void)
{
  compete_on_new_fifo ("two-writers", O_WRONLY);
}

/* The write end's vectored non-blocking write: the vectors in order, and
 * "would block" at once on a full pipe. */
static void
test_pipe_end_writev (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "writev");
  g_autoptr(GError) error = NULL;
  GOutputVector vectors[] = { { "Hello ", 6 }, { "from pid [1]\n", 13 } };
  g_autofree char *fill = g_malloc0 (65536);
  FifolabPipeEnd end;
  char buf[64];
  gsize written = 0;
  int fd, reader;

  reader = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (reader, >=, 0);
  _fifolab_pipe_end_init (&end);
  end.path = g_strdup (path);
  fd = _fifolab_pipe_end_open_fd (&end, O_WRONLY, &error);
  g_assert_no_error (error);
  _fifolab_pipe_end_adopt (&end, fd, O_WRONLY);

  g_assert_cmpint (g_pollable_output_stream_writev_nonblocking (G_POLLABLE_OUTPUT_STREAM (end.stream),
                                                                 vectors, G_N_ELEMENTS (vectors),
                                                                 &written, NULL, &error),
                   ==, G_POLLABLE_RETURN_OK);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 19);
  g_assert_cmpint (read (reader, buf, sizeof buf), ==, 19);
  g_assert_cmpmem (buf, 19, "Hello from pid [1]\n", 19);

  /* Full: no wait, nothing written. */
  while (write (fd, fill, 65536) > 0)
    ;
  g_assert_cmpint (errno, ==, EAGAIN);
  g_assert_cmpint (g_pollable_output_stream_writev_nonblocking (G_POLLABLE_OUTPUT_STREAM (end.stream),
                                                                 vectors, G_N_ELEMENTS (vectors),
                                                                 &written, NULL, &error),
                   ==, G_POLLABLE_RETURN_WOULD_BLOCK);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 0);

  _fifolab_pipe_end_clear (&end);
  close (reader);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  /* What GLib opens once (the main context's wakeup) is open before any
   * test counts descriptors, so counts are exact. */
  fifolab_test_warm_up ();

  g_test_add_func ("/pipe-end/open-watch-drop", test_pipe_end_open_watch_drop);
  g_test_add_func ("/pipe-end/write-and-refuse", test_pipe_end_write_and_refuse);
  g_test_add_func ("/pipe-end/still-ours", test_pipe_end_still_ours);
  g_test_add_func ("/pipe-end/error", test_pipe_end_error);
  g_test_add_func ("/pipe-end/competing-reader", test_pipe_end_competing_reader);
  g_test_add_func ("/pipe-end/competing-writer", test_pipe_end_competing_writer);
  g_test_add_func ("/pipe-end/writev", test_pipe_end_writev);

  return g_test_run ();
}
