/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabTap and fifolab-peer tap, with real processes on real FIFOs: the
 * bytes a reader gets through the tap are the writer's, the tap reports
 * them, stopping puts the very inode back, and a tap killed with SIGKILL
 * leaves a leftover that is found and restored. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-tap.h"
#include "fifolab-test-util.h"

#define WAIT_MS 30000

typedef struct
{
  char       *dir;
  char       *path;
  ino_t       original_ino;
  FifolabTap *tap;
  GString    *relayed;     /* every byte ::relayed gave, in order */
  GArray     *events;      /* FifolabTapEvent */
  GArray     *from_pids;
  GArray     *to_pids;
  gboolean    started;
  GError     *start_error;
} Fixture;

static ino_t
inode_of (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return 0;
  return st.st_ino;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fifolab_test_fifo_init (&f->dir, &f->path, "my_pipe");
  f->original_ino = inode_of (f->path);
  g_assert_cmpuint (f->original_ino, !=, 0);
  f->relayed = g_string_new (NULL);
  f->events = g_array_new (FALSE, FALSE, sizeof (int));
  f->from_pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->to_pids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->tap);
  g_clear_error (&f->start_error);
  g_string_free (f->relayed, TRUE);
  g_array_unref (f->events);
  g_array_unref (f->from_pids);
  g_array_unref (f->to_pids);
  fifolab_test_fifo_clear (&f->dir, &f->path);
}

static void
relayed_cb (FifolabTap *tap,
            GBytes     *bytes,
            gint64      from_pid,
            const char *from_comm,
            gint64      to_pid,
            const char *to_comm,
            Fixture    *f)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  g_string_append_len (f->relayed, data, (gssize) size);
  g_array_append_val (f->from_pids, from_pid);
  g_array_append_val (f->to_pids, to_pid);
}

static void
event_cb (FifolabTap *tap,
          int         kind,
          const char *message,
          Fixture    *f)
{
  g_assert_nonnull (message);
  g_test_message ("tap event %d: %s", kind, message);
  g_array_append_val (f->events, kind);
}

static gboolean
has_event (Fixture         *f,
           FifolabTapEvent  kind)
{
  for (guint i = 0; i < f->events->len; i++)
    if (g_array_index (f->events, int, i) == (int) kind)
      return TRUE;
  return FALSE;
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  if (!fifolab_tap_start_finish (FIFOLAB_TAP (source), result, &f->start_error))
    g_assert_nonnull (f->start_error);
  f->started = TRUE;
}

/* Starts a tap on the fixture's pipe; returns whether it runs. */
static gboolean
start_tap (Fixture            *f,
           FifolabTapArriving  arriving)
{
  f->tap = fifolab_tap_new (f->path);
  g_signal_connect (f->tap, "relayed", G_CALLBACK (relayed_cb), f);
  g_signal_connect (f->tap, "event", G_CALLBACK (event_cb), f);
  fifolab_tap_start_async (f->tap, arriving, NULL, started_cb, f);
  g_assert_true (fifolab_test_wait_for (&f->started, WAIT_MS));
  return f->start_error == NULL;
}

/* The swap as seen on disk: the relay at the path, the original at the
 * hidden name. */
static void
assert_swapped (Fixture *f)
{
  const char *hidden = fifolab_tap_get_hidden_path (f->tap);
  g_autofree char *base = NULL;
  g_autofree char *expected = NULL;
  struct stat st;

  g_assert_nonnull (hidden);
  base = g_path_get_basename (hidden);
  expected = g_strdup_printf (".my_pipe.fifolab-tap-%d", (int) getpid ());
  g_assert_cmpstr (base, ==, expected);
  g_assert_cmpuint (inode_of (hidden), ==, f->original_ino);
  g_assert_cmpuint (inode_of (f->path), !=, f->original_ino);
  g_assert_cmpint (lstat (f->path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
}

static void
stop_and_assert_restored (Fixture *f)
{
  g_autofree char *hidden = g_strdup (fifolab_tap_get_hidden_path (f->tap));
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_tap_stop (f->tap, &error));
  g_assert_no_error (error);
  g_assert_false (fifolab_tap_is_running (f->tap));
  g_assert_true (has_event (f, FIFOLAB_TAP_EVENT_STOPPED));
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);
  g_assert_false (g_file_test (hidden, G_FILE_TEST_EXISTS));
}

static void
wait_in_open (GPid pid)
{
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (pid), WAIT_MS));
}

/* Every pid the tap reported for a side is @pid or not known (-1): a
 * process may be gone before the scan looks. */
static void
assert_pids (GArray *pids,
             GPid    pid)
{
  g_assert_cmpuint (pids->len, >, 0);
  for (guint i = 0; i < pids->len; i++)
    {
      gint64 seen = g_array_index (pids, gint64, i);

      if (seen != -1)
        g_assert_cmpint (seen, ==, pid);
    }
}

/* A reader waits on the pipe (cat, in open()); the seed's Python writer
 * writes through the tap. */
static void
test_writers_seed (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *script = fifolab_test_seed_script ("write_to_named_pipe.py");
  const char *cat_argv[] = { "cat", f->path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *expected = NULL;

  wait_in_open (cat->pid);
  g_assert_true (start_tap (f, FIFOLAB_TAP_ARRIVING_WRITERS));
  g_assert_cmpint (fifolab_tap_get_arriving (f->tap), ==, FIFOLAB_TAP_ARRIVING_WRITERS);
  g_assert_true (has_event (f, FIFOLAB_TAP_EVENT_STARTED));
  assert_swapped (f);

  {
    const char *writer_argv[] = { fifolab_test_python (), script, f->path, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_test_child_wait_ok (writer, WAIT_MS);
  fifolab_test_child_wait_ok (cat, WAIT_MS);

  expected = g_strdup_printf ("Hello %d", (int) writer->pid);
  g_assert_cmpstr (cat->out, ==, expected);
  g_assert_cmpstr (f->relayed->str, ==, expected);
  g_assert_cmpuint (fifolab_tap_get_bytes_relayed (f->tap), ==, strlen (expected));
  assert_pids (f->from_pids, writer->pid);
  assert_pids (f->to_pids, cat->pid);
  g_assert_true (has_event (f, FIFOLAB_TAP_EVENT_END_OF_STREAM));

  stop_and_assert_restored (f);
}

/* printf and dd in one open, more than a pipe's capacity: the tap waits
 * for the reader as the writer would, and loses nothing. */
static void
test_writers_printf_dd (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) payload = fifolab_test_bytes_sized (200 * 1024);
  g_autofree char *source = g_build_filename (f->dir, "payload.txt", NULL);
  const char *cat_argv[] = { "cat", f->path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(GString) expected = g_string_new ("one\n");
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *bytes = g_bytes_get_data (payload, &size);

  g_assert_true (g_file_set_contents (source, bytes, (gssize) size, &error));
  g_assert_no_error (error);
  g_string_append_len (expected, bytes, (gssize) size);

  wait_in_open (cat->pid);
  g_assert_true (start_tap (f, FIFOLAB_TAP_ARRIVING_WRITERS));
  {
    const char *writer_argv[] = { "sh", "-c",
                                  "{ printf 'one\\n'; dd if=\"$2\" bs=4096 2>/dev/null; } > \"$1\"",
                                  "sh", f->path, source, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_test_child_wait_ok (writer, WAIT_MS);
  fifolab_test_child_wait_ok (cat, WAIT_MS);

  g_assert_cmpuint (strlen (cat->out), ==, expected->len);
  g_assert_true (strcmp (cat->out, expected->str) == 0);
  g_assert_cmpuint (f->relayed->len, ==, expected->len);
  g_assert_true (memcmp (f->relayed->str, expected->str, expected->len) == 0);
  assert_pids (f->to_pids, cat->pid);

  stop_and_assert_restored (f);
}

/* A writer waits on the pipe (in open()); a reader that comes later reads
 * through the tap. The writer is let out of open() only once it came. */
static void
test_readers (Fixture       *f,
              gconstpointer  data)
{
  const char *writer_argv[] = { fifolab_test_peer_path (), "write", f->path, "--count", "3",
                                "--framing", "line", NULL };
  g_autoptr(FifolabTestChild) writer = fifolab_test_child_spawn (writer_argv);
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;

  wait_in_open (writer->pid);
  g_assert_true (start_tap (f, FIFOLAB_TAP_ARRIVING_READERS));
  assert_swapped (f);
  /* Nobody reads the path yet: the writer still waits in open(). */
  g_assert_true (fifolab_test_in_fifo_open (GINT_TO_POINTER (writer->pid)));

  {
    const char *cat_argv[] = { "cat", f->path, NULL };

    cat = fifolab_test_child_spawn (cat_argv);
  }
  fifolab_test_child_wait_ok (writer, WAIT_MS);
  fifolab_test_child_wait_ok (cat, WAIT_MS);

  line = g_strdup_printf ("Hello from pid [%d]\n", (int) writer->pid);
  expected = g_strconcat (line, line, line, NULL);
  g_assert_cmpstr (cat->out, ==, expected);
  g_assert_cmpstr (f->relayed->str, ==, expected);
  assert_pids (f->from_pids, writer->pid);
  assert_pids (f->to_pids, cat->pid);

  stop_and_assert_restored (f);
}

static gboolean
end_of_stream_seen (gpointer data)
{
  return has_event (data, FIFOLAB_TAP_EVENT_END_OF_STREAM);
}

static gboolean
relayed_all (gpointer data)
{
  Fixture *f = data;

  return f->relayed->len >= strlen ("through the tap");
}

/* The reader leaves after one message: the writer gets EPIPE through the
 * tap as it would without it (fifolab-peer write exits with 3), however
 * much the two pipes and the tap could hold. */
static void
test_reader_leaves (Fixture       *f,
                    gconstpointer  data)
{
  const char *reader_argv[] = { fifolab_test_peer_path (), "read", f->path, NULL };
  g_autoptr(FifolabTestChild) reader = fifolab_test_child_spawn (reader_argv);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *message = NULL;
  g_autofree char *stream = NULL;
  const char *received;

  wait_in_open (reader->pid);
  g_assert_true (start_tap (f, FIFOLAB_TAP_ARRIVING_WRITERS));
  {
    const char *writer_argv[] = { fifolab_test_peer_path (), "write", f->path,
                                  "--count", "100000", NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_test_child_wait_ok (reader, WAIT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, writer, WAIT_MS));
  g_assert_true (g_subprocess_get_if_exited (writer->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (writer->proc), ==, 3);

  /* One read of at most 22 bytes of the stream of messages, as without the
   * tap (a 4-digit pid makes a message 21 bytes). */
  prefix = g_strdup_printf ("I pid [%d] received a message => ", (int) reader->pid);
  message = g_strdup_printf ("Hello from pid [%d]", (int) writer->pid);
  stream = g_strconcat (message, message, NULL);
  g_assert_true (g_str_has_prefix (reader->out, prefix));
  g_assert_true (g_str_has_suffix (reader->out, "\n"));
  received = reader->out + strlen (prefix);
  g_assert_cmpuint (strlen (received), >, 1);
  g_assert_cmpuint (strlen (received), <=, 22 + 1);
  g_assert_true (strncmp (received, stream, strlen (received) - 1) == 0);
  g_assert_true (has_event (f, FIFOLAB_TAP_EVENT_NO_READER));

  stop_and_assert_restored (f);
}

/* Dropping the last reference to a running tap stops it: the original is
 * back at once. */
static void
test_unref_stops (Fixture       *f,
                  gconstpointer  data)
{
  const char *cat_argv[] = { "cat", f->path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autofree char *hidden = NULL;

  wait_in_open (cat->pid);
  g_assert_true (start_tap (f, FIFOLAB_TAP_ARRIVING_WRITERS));
  hidden = g_strdup (fifolab_tap_get_hidden_path (f->tap));
  assert_swapped (f);

  g_clear_object (&f->tap);
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);
  g_assert_false (g_file_test (hidden, G_FILE_TEST_EXISTS));
}

/* AUTO reads the direction from who holds the pipe: a reader (and a writer)
 * hold it, so new writers arrive. Both ends are alive while the bytes pass,
 * so the tap names both. */
static void
test_auto (Fixture       *f,
           gconstpointer  data)
{
  const char *cat_argv[] = { "cat", f->path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *holder;
  GPid holder_pid = 0;
  GPid writer_pid = 0;

  wait_in_open (cat->pid);
  holder = fifolab_test_writer_hold (f->path, &holder_pid);
  /* The holder's open() returning wakes cat's, but cat's descriptor is
   * installed only when cat runs: until then a scan sees only the writer. */
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_read, GINT_TO_POINTER (cat->pid), WAIT_MS));
  g_assert_true (start_tap (f, FIFOLAB_TAP_ARRIVING_AUTO));
  g_assert_cmpint (fifolab_tap_get_arriving (f->tap), ==, FIFOLAB_TAP_ARRIVING_WRITERS);

  /* A writer that keeps the path open until its stdin closes. */
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &writer_pid, "sh", "-c",
                               "exec 3> \"$1\"; printf 'through the tap' >&3; read _ || :",
                               "sh", f->path, NULL);
  g_assert_true (fifolab_test_wait_until (relayed_all, f, WAIT_MS));
  g_assert_cmpstr (f->relayed->str, ==, "through the tap");
  g_assert_cmpuint (f->from_pids->len, ==, 1);
  g_assert_cmpint (g_array_index (f->from_pids, gint64, 0), ==, writer_pid);
  g_assert_cmpint (g_array_index (f->to_pids, gint64, 0), ==, cat->pid);
  /* The held writer keeps cat's pipe open. */
  g_assert_false (cat->done);

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (writer), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (end_of_stream_seen, f, WAIT_MS));
  fifolab_test_writer_end (holder);
  fifolab_test_child_wait_ok (cat, WAIT_MS);
  g_assert_cmpstr (cat->out, ==, "through the tap");
  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));

  stop_and_assert_restored (f);
}

/* Nobody holds the pipe: AUTO cannot tell, says so and changes nothing. */
static void
test_auto_unknown (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_false (start_tap (f, FIFOLAB_TAP_ARRIVING_AUTO));
  g_assert_error (f->start_error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_DIRECTION_UNKNOWN);
  g_assert_false (fifolab_tap_is_running (f->tap));
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);

  dir = g_dir_open (f->dir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "my_pipe");
  g_assert_null (g_dir_read_name (dir));
}

static void
test_refuses (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "regular", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link", NULL);
  g_autofree char *hidden = g_build_filename (f->dir, ".my_pipe.fifolab-tap-1", NULL);
  const struct { const char *path; int code; } cases[] = {
    { file, FIFOLAB_TAP_ERROR_NOT_A_FIFO },
    { link, FIFOLAB_TAP_ERROR_NOT_A_FIFO },
    { f->path, FIFOLAB_TAP_ERROR_LEFTOVER },
  };

  g_assert_true (g_file_set_contents (file, "precious", -1, NULL));
  g_assert_cmpint (symlink (f->path, link), ==, 0);
  /* A leftover of pid 1's tap: this pipe is swapped already. */
  g_assert_cmpint (mkfifo (hidden, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FifolabTap) tap = fifolab_tap_new (cases[i].path);
      g_autoptr(GError) error = NULL;
      Fixture local = { 0 };

      fifolab_tap_start_async (tap, FIFOLAB_TAP_ARRIVING_WRITERS, NULL, started_cb, &local);
      g_assert_true (fifolab_test_wait_for (&local.started, WAIT_MS));
      g_assert_error (local.start_error, FIFOLAB_TAP_ERROR, cases[i].code);
      g_clear_error (&local.start_error);
      g_assert_false (fifolab_tap_is_running (tap));
    }

  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "precious");
  }
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);
}

static gboolean
swapped_by_other (gpointer data)
{
  Fixture *f = data;
  struct stat st;

  /* The relay is at the path with the original's mode: the swap is done. */
  return lstat (f->path, &st) == 0 && st.st_ino != f->original_ino &&
         (st.st_mode & 07777) == 0600;
}

static FifolabTestChild *
spawn_peer_tap (Fixture *f)
{
  const char *argv[] = { fifolab_test_peer_path (), "tap", f->path, "--json",
                         "--arriving", "writers", NULL };
  FifolabTestChild *child = fifolab_test_child_spawn (argv);

  g_assert_true (fifolab_test_wait_until (swapped_by_other, f, WAIT_MS));
  return child;
}

/* fifolab-peer tap killed with SIGKILL: the leftover is found, refused
 * while its process ran, and restored. */
static void
test_crash_leftover (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FifolabTestChild) tap = spawn_peer_tap (f);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) leftovers = NULL;
  g_auto(GStrv) none = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *base = NULL;
  gint64 owner_pid = 0;
  GPid pid = tap->pid;

  hidden = g_strdup_printf ("%s/.my_pipe.fifolab-tap-%d", f->dir, (int) pid);
  g_assert_cmpuint (inode_of (hidden), ==, f->original_ino);

  /* While the tap runs it is no leftover, and it is not restored. */
  leftovers = fifolab_tap_find_leftovers (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (leftovers), ==, 0);
  g_clear_pointer (&leftovers, g_strfreev);
  g_assert_false (fifolab_tap_restore_leftover (hidden, &error));
  g_assert_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_IN_USE);
  g_clear_error (&error);

  g_subprocess_send_signal (tap->proc, SIGKILL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, tap, WAIT_MS));
  g_assert_true (g_subprocess_get_if_signaled (tap->proc));
  g_assert_cmpuint (inode_of (f->path), !=, f->original_ino);

  leftovers = fifolab_tap_find_leftovers (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (leftovers), ==, 1);
  g_assert_cmpstr (leftovers[0], ==, hidden);
  owner = fifolab_tap_leftover_get_path (leftovers[0], &owner_pid);
  base = g_path_get_basename (owner);
  g_assert_cmpstr (base, ==, "my_pipe");
  g_assert_cmpint (owner_pid, ==, pid);

  g_assert_true (fifolab_tap_restore_leftover (leftovers[0], &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);
  g_assert_false (g_file_test (hidden, G_FILE_TEST_EXISTS));
  none = fifolab_tap_find_leftovers (f->dir, &error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

/* fifolab-peer tap --restore puts back what a killed fifolab-peer tap left;
 * a second time there is nothing to restore. Without --arriving, nobody
 * holding the pipe is bad usage (2), and nothing is changed. */
static void
test_peer_restore (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FifolabTestChild) tap = spawn_peer_tap (f);
  const char *restore[] = { "tap", "--restore", f->path, NULL };
  const char *auto_args[] = { "tap", f->path, NULL };
  g_autofree char *err = NULL;
  g_autofree char *again = NULL;
  g_autofree char *refused = NULL;

  g_subprocess_send_signal (tap->proc, SIGKILL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, tap, WAIT_MS));
  g_assert_cmpuint (inode_of (f->path), !=, f->original_ino);

  g_assert_cmpint (fifolab_test_run_peer (NULL, restore, NULL, &err), ==, 0);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "is the original pipe again"));
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);

  g_assert_cmpint (fifolab_test_run_peer (NULL, restore, NULL, &again), ==, 0);
  g_assert_nonnull (strstr (again, "Nothing to restore"));

  g_assert_cmpint (fifolab_test_run_peer (NULL, auto_args, NULL, &refused), ==, 2);
  g_assert_nonnull (strstr (refused, "Nobody holds"));
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);
}

/* A crash before the swap leaves only the relay (mode 0) at the hidden
 * name: restoring removes it and leaves the pipe alone. */
static void
test_leftover_unswapped (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) gone = NULL;
  g_autofree char *hidden = NULL;
  g_auto(GStrv) leftovers = NULL;
  GPid pid = 0;

  /* A pid that is no longer running. */
  gone = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &pid, "true", NULL);
  g_assert_true (g_subprocess_wait (gone, NULL, &error));
  hidden = g_strdup_printf ("%s/.my_pipe.fifolab-tap-%d", f->dir, (int) pid);
  g_assert_cmpint (mkfifo (hidden, 0), ==, 0);

  leftovers = fifolab_tap_find_leftovers (f->dir, &error);
  g_assert_cmpuint (g_strv_length (leftovers), ==, 1);
  g_assert_true (fifolab_tap_restore_leftover (leftovers[0], &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (hidden, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);

  /* A name that is no tap's is refused. */
  g_assert_false (fifolab_tap_restore_leftover (f->path, &error));
  g_assert_error (error, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_NOT_A_LEFTOVER);
}

/* fifolab-peer tap prints what passes (--json) and puts the original back
 * on SIGTERM. */
static void
test_peer (Fixture       *f,
           gconstpointer  data)
{
  const char *cat_argv[] = { "cat", f->path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestChild) tap = NULL;

  wait_in_open (cat->pid);
  tap = spawn_peer_tap (f);
  {
    const char *writer_argv[] = { "sh", "-c", "printf 'hi\\n' > \"$1\"", "sh", f->path, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_test_child_wait_ok (writer, WAIT_MS);
  fifolab_test_child_wait_ok (cat, WAIT_MS);
  g_assert_cmpstr (cat->out, ==, "hi\n");

  g_subprocess_send_signal (tap->proc, SIGTERM);
  fifolab_test_child_wait_ok (tap, WAIT_MS);
  g_assert_cmpuint (inode_of (f->path), ==, f->original_ino);

  g_test_message ("fifolab-peer tap printed:\n%s", tap->out);
  g_assert_nonnull (strstr (tap->out, "\"event\":\"started\""));
  g_assert_nonnull (strstr (tap->out, "\"type\":\"data\""));
  g_assert_nonnull (strstr (tap->out, "\"size\":3,\"text\":\"hi\\n\""));
  g_assert_nonnull (strstr (tap->out, "\"event\":\"stopped\""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/tap/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("writers/seed", test_writers_seed);
  ADD ("writers/printf-dd", test_writers_printf_dd);
  ADD ("readers", test_readers);
  ADD ("reader-leaves", test_reader_leaves);
  ADD ("unref-stops", test_unref_stops);
  ADD ("auto", test_auto);
  ADD ("auto-unknown", test_auto_unknown);
  ADD ("refuses", test_refuses);
  ADD ("crash-leftover", test_crash_leftover);
  ADD ("leftover-unswapped", test_leftover_unswapped);
  ADD ("peer-restore", test_peer_restore);
  ADD ("peer", test_peer);
#undef ADD

  return g_test_run ();
}
