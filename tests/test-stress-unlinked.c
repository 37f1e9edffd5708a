/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stress and faults: pipes unlinked or replaced while FIFO Lab uses them,
 * and a swap that races the open. Real FIFOs, real separate processes. */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-folder-model.h"
#include "fifolab-framer.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"
#include "fifolab-writer.h"

#define WAIT_MS 30000

/* The FIFO unlinked while FIFO Lab's reader has it open. The pipe itself
 * lives on while anyone holds it: the reader cannot notice the unlink
 * while a writer is connected (bytes keep flowing); it notices at the end
 * of stream, when it would reopen the path. */

static void
test_stress_unlinked_reader (void)
{
  static const char script[] =
    "import os, sys\n"
    "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
    "os.write(fd, b'before\\n')\n"
    "sys.stdin.readline()\n"
    "os.write(fd, b'after unlink\\n')\n";
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "doomed");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  guint fds;
  FifolabTestRecorder rec;

  fifolab_test_recorder_init (&rec, reader);
  fds = fifolab_test_count_fds ();
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                           fifolab_test_python (), "-c", script, path, NULL);
  g_assert_no_error (error);
  g_assert_true (fifolab_test_recorder_wait_messages (&rec, 1, WAIT_MS));
  fifolab_test_recorder_assert_message (&rec, 0, "before", 0);

  g_assert_cmpint (g_unlink (path), ==, 0);
  fifolab_test_run_for (100);
  g_assert_cmpint (fifolab_test_recorder_find (&rec, FIFOLAB_EVENT_PIPE_REMOVED), ==, -1);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_RECEIVING);

  /* Still connected through the unlinked pipe. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), "\n", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, NULL);
  g_assert_true (fifolab_test_recorder_wait_messages (&rec, 2, WAIT_MS));
  fifolab_test_recorder_assert_message (&rec, 1, "after unlink", 0);

  /* End of stream: the path is gone, which the reader now reports. */
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_PIPE_REMOVED, WAIT_MS));
  g_assert_cmpint (fifolab_test_recorder_find (&rec, FIFOLAB_EVENT_END_OF_STREAM), <,
                   fifolab_test_recorder_find (&rec, FIFOLAB_EVENT_PIPE_REMOVED));
  g_assert_cmpint (fifolab_test_recorder_find (&rec, FIFOLAB_EVENT_REOPENED), ==, -1);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);
  g_assert_error (fifolab_reader_get_error (reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_FOUND);
  /* The writer's descriptors GLib holds (pidfd, the wait's context) are
   * let go of before counting: the count is then exact at once. */
  fifolab_test_subprocess_release (g_steal_pointer (&proc));
  fifolab_test_assert_fds (fds);

  fifolab_test_recorder_clear (&rec);
  g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The same name now a new FIFO: the reader's pipe was removed. */
static void
test_stress_unlinked_replaced_by_fifo (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "swapped");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  FifolabTestRecorder rec;
  int wr;

  fifolab_test_recorder_init (&rec, reader);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  wr = fifolab_fifo_open (path, O_WRONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (wr, "x\n", 2), ==, 2);
  g_assert_true (fifolab_test_recorder_wait_messages (&rec, 1, WAIT_MS));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_free (fifolab_test_make_fifo (dir, "swapped"));
  close (wr);

  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_PIPE_REMOVED, WAIT_MS));
  g_assert_error (fifolab_reader_get_error (reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_CHANGED);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);

  fifolab_test_recorder_clear (&rec);
  g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* FIFO Lab's writer on a pipe that is unlinked: it keeps writing to the
 * pipe it holds; when the reader goes, it cannot reopen, and says the pipe
 * was removed. */
static void
test_stress_unlinked_writer (void)
{
  static const char script[] =
    "import os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
    "got = b''\n"
    "while not got.endswith(b'two\\n'):\n"
    "    got += os.read(fd, 100)\n"
    "print(got.decode(), end='')\n";
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "doomed");
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabTestChild) reader_proc = NULL;
  g_autoptr(GBytes) one = g_bytes_new_static ("one\n", 4);
  g_autoptr(GBytes) two = g_bytes_new_static ("two\n", 4);
  FifolabWriter *writer = fifolab_writer_new (path);
  const char *argv[] = { fifolab_test_python (), "-c", script, path, NULL };
  FifolabTestRecorder rec;

  fifolab_test_recorder_init (&rec, writer);
  fifolab_writer_set_retry_interval (writer, 10);
  g_assert_true (fifolab_writer_start (writer, &error));
  g_assert_no_error (error);
  reader_proc = fifolab_test_child_spawn (argv);
  g_assert_cmpuint (fifolab_writer_send (writer, one, NULL), >, 0);
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_READER_CONNECTED, WAIT_MS));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpuint (fifolab_writer_send (writer, two, NULL), >, 0);
  fifolab_test_child_wait_ok (reader_proc, WAIT_MS);
  g_assert_cmpstr (reader_proc->out, ==, "one\ntwo\n");

  /* It read everything and left: a normal end of the exchange. */
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_READER_LEFT, WAIT_MS));
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_PIPE_REMOVED, WAIT_MS));
  g_assert_cmpint (fifolab_writer_get_state (writer), ==, FIFOLAB_WRITER_FAILED);
  g_assert_error (fifolab_writer_get_error (writer), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_FOUND);

  fifolab_test_recorder_clear (&rec);
  g_assert_finalize_object (writer);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* ------------------------------------------------------------------ */
/* Listed as a FIFO, replaced by a regular file before FIFO Lab opens it:
 * refused, and the file is not opened (content, atime, fd count). */

static void
test_stress_replaced_by_file (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "pipe");
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabFolderModel) model = fifolab_folder_model_new (folder);
  g_autoptr(FifolabPipeInfo) info = NULL;
  g_autofree char *contents = NULL;
  FifolabReader *reader;
  FifolabWriter *writer;
  FifolabSession *session;
  struct stat before, after;
  guint fds;

  g_assert_true (fifolab_test_wait_until (model_has_items, model, WAIT_MS));
  info = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (fifolab_pipe_info_is_fifo (info));

  /* Replaced atomically, as an attacker would. The file is old, so that
   * any read would move its atime even under relatime. */
  g_assert_true (g_file_set_contents (other, "secret", -1, NULL));
  {
    struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    g_assert_cmpint (utimensat (AT_FDCWD, other, times, 0), ==, 0);
  }
  g_assert_cmpint (g_rename (other, path), ==, 0);
  g_assert_cmpint (stat (path, &before), ==, 0);
  fds = fifolab_test_count_fds ();

  g_assert_cmpint (fifolab_fifo_open (fifolab_pipe_info_get_path (info), O_RDONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_cmpint (fifolab_fifo_open (path, O_WRONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);

  reader = fifolab_reader_new (path, NULL);
  g_assert_false (fifolab_reader_start (reader, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);
  g_assert_finalize_object (reader);

  writer = fifolab_writer_new (path);
  g_assert_false (fifolab_writer_start (writer, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_finalize_object (writer);

  session = fifolab_session_new ();
  g_assert_false (fifolab_session_send_template (session, path, "%d", NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_finalize_object (session);

  /* No descriptor left open (another thread of GLib may close one of its own meanwhile). */
  g_assert_cmpuint (fifolab_test_count_fds (), <=, fds);
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_atim.tv_sec, ==, before.st_atim.tv_sec);
  g_assert_cmpint (after.st_atim.tv_nsec, ==, before.st_atim.tv_nsec);
  g_assert_cmpint (after.st_size, ==, 6);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "secret");

  g_assert_finalize_object (g_steal_pointer (&model));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The swap races the open: a thread renames a FIFO and a regular file
 * over the same name as fast as it can while fifolab_fifo_open() is
 * called over and over. Every descriptor it returns is a FIFO. */
typedef struct
{
  char          *dir;
  gint           stop;
  guint          swaps;
} Swapper;

static gpointer
swapper_thread (gpointer data)
{
  Swapper *s = data;
  g_autofree char *path = g_build_filename (s->dir, "pipe", NULL);
  g_autofree char *fifo = g_build_filename (s->dir, "spare-fifo", NULL);
  g_autofree char *file = g_build_filename (s->dir, "spare-file", NULL);

  while (!g_atomic_int_get (&s->stop))
    {
      /* pipe is the FIFO; put the file there, the FIFO aside, and back. */
      g_assert_cmpint (link (path, fifo), ==, 0);
      g_assert_cmpint (rename (file, path), ==, 0);
      g_assert_cmpint (link (path, file), ==, 0);
      g_assert_cmpint (rename (fifo, path), ==, 0);
      s->swaps++;
    }
  return NULL;
}

static void
test_stress_replaced_race (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "pipe");
  g_autofree char *file = g_build_filename (dir, "spare-file", NULL);
  g_autoptr(GThread) thread = NULL;
  Swapper s = { dir, 0, 0 };
  guint opened = 0, refused = 0, changed = 0;
  gint64 end;
  int keep_reader;
  guint fds;

  g_assert_true (g_file_set_contents (file, "secret", -1, NULL));
  /* A reader held open, so write opens succeed too. */
  keep_reader = fifolab_fifo_open (path, O_RDONLY, NULL);
  g_assert_cmpint (keep_reader, >=, 0);
  fds = fifolab_test_count_fds ();

  thread = g_thread_new ("swapper", swapper_thread, &s);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      int fd = fifolab_fifo_open (path, (opened + refused) % 2 ? O_WRONLY : O_RDONLY, &error);

      if (fd >= 0)
        {
          struct stat st;

          g_assert_cmpint (fstat (fd, &st), ==, 0);
          g_assert_true (S_ISFIFO (st.st_mode));
          close (fd);
          opened++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == FIFOLAB_FIFO_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          if (error->code == FIFOLAB_FIFO_ERROR_CHANGED)
            changed++;
          refused++;
        }
    }
  g_atomic_int_set (&s.stop, 1);
  g_thread_join (g_steal_pointer (&thread));

  g_test_message ("%u swaps: %u opened (all FIFOs), %u refused (%u as changed mid-open)",
                  s.swaps, opened, refused, changed);
  g_assert_cmpuint (opened, >, 0);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);
  close (keep_reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  fifolab_test_warm_up ();

  g_test_add_func ("/stress/unlinked/reader", test_stress_unlinked_reader);
  g_test_add_func ("/stress/unlinked/replaced-by-fifo", test_stress_unlinked_replaced_by_fifo);
  g_test_add_func ("/stress/unlinked/writer", test_stress_unlinked_writer);
  g_test_add_func ("/stress/replaced/by-file", test_stress_replaced_by_file);
  g_test_add_func ("/stress/replaced/race", test_stress_replaced_race);

  return g_test_run ();
}
