/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
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

  return g_test_run ();
}
