/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-fifo.h"
#include "fifolab-inspector.h"
#include "fifolab-test-util.h"

#define TIMEOUT_MS 10000

static guint
inspect_claim (FifolabInspector *inspector,
               const char       *path,
               gint64            pid)
{
  g_autofree char *message = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]\n", pid);

  return fifolab_inspector_inspect (inspector, path, (const guint8 *) message, strlen (message), NULL) &
         FIFOLAB_MESSAGE_PID_UNSEEN;
}

/* A claimed pid found not writing is taken as such for the recheck interval:
 * a flood of messages claiming it does not look at /proc for each one. The
 * process is a real shell that opens the pipe for writing when told. */
static void
test_recheck_interval (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *input;
  guint interval = 0;
  gint64 pid;
  GPid child_pid = 0;
  int read_fd;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  /* A read end, so that the shell's open for writing does not wait. */
  read_fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (read_fd, >=, 0);

  g_assert_cmpuint (fifolab_inspector_get_recheck_interval (inspector), ==, 250);
  /* Long enough that the steps below all fall within it, on any machine. */
  g_object_set (inspector, "recheck-interval", 600000, NULL);
  g_object_get (inspector, "recheck-interval", &interval, NULL);
  g_assert_cmpuint (interval, ==, 600000);

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &child_pid, "sh", "-c",
                             "read _; exec 3> \"$1\"; read _ || :", "sh", path, NULL);
  pid = child_pid;
  input = g_subprocess_get_stdin_pipe (proc);

  /* Not writing: unseen, and remembered as such. */
  g_assert_false (fifolab_pid_holds_for_writing (pid, path));
  g_assert_cmpuint (inspect_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);

  /* Now it writes; within the interval it is still taken as not writing. */
  g_assert_true (g_output_stream_write_all (input, "open\n", 5, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < TIMEOUT_MS && !fifolab_pid_holds_for_writing (pid, path); i++)
    g_usleep (1000);
  g_assert_true (fifolab_pid_holds_for_writing (pid, path));
  g_assert_cmpuint (inspect_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_false (fifolab_inspector_writer_seen (inspector, path, pid));
  /* Another pipe has its own record. */
  g_assert_cmpuint (inspect_claim (inspector, "/nonexistent/pipe", pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);

  /* Once the interval is over, /proc is looked at again and it is seen. */
  fifolab_inspector_set_recheck_interval (inspector, 0);
  g_assert_cmpuint (inspect_claim (inspector, path, pid), ==, 0);
  g_assert_true (fifolab_inspector_writer_seen (inspector, path, pid));

  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  close (read_fd);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A writer noted (by a scan, or as a peer FIFO Lab started) is seen at once,
 * even if it was found not writing a moment before. */
static void
test_note_writer_clears (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  FifolabInspector *inspector = fifolab_inspector_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 pid = getpid ();

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inspect_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_cmpuint (inspect_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  fifolab_inspector_note_writer (inspector, path, pid);
  g_assert_cmpuint (inspect_claim (inspector, path, pid), ==, 0);

  g_assert_finalize_object (inspector);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspector/recheck-interval", test_recheck_interval);
  g_test_add_func ("/inspector/note-writer-clears", test_note_writer_clears);

  return g_test_run ();
}
