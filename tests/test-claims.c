/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-inspector.h"
#include "fifolab-log-entry.h"
#include "fifolab-peer-process.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"

/* Issue 14: the textbook example is correct by default. What the pid in a
 * message claims is confirmed when FIFO Lab saw that pid hold the pipe for
 * writing, not checked (no flag, no event) when the writer was gone before
 * FIFO Lab could look, and flagged only when contradicted. A reader that
 * leaves after reading is a normal end. Bytes read after their writer exited
 * say so. Real FIFOs, real processes (the seed's Python programs). */

#define WAIT_MS 20000
#define SEED_RUNS 20

/* A writer that opens the pipe, writes argv[2] ("PID" replaced by its own
 * pid), then closes it when a line comes on stdin (and says "closed"), and
 * exits at the end of stdin: alive after it closed the pipe. */
static const char holder_script[] =
  "import os, sys\n"
  "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
  "os.write(fd, sys.argv[2].replace('PID', str(os.getpid())).encode())\n"
  "sys.stdin.readline()\n"
  "os.close(fd)\n"
  "sys.stdout.write('closed\\n')\n"
  "sys.stdout.flush()\n"
  "sys.stdin.read()\n";

typedef struct
{
  char           *dir;
  char           *path;
  FifolabSession *session;
  FifolabLog     *log;
  FifolabInspector *inspector;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fifolab_test_fifo_init (&f->dir, &f->path, "my_pipe");
  f->session = fifolab_session_new ();
  f->log = fifolab_session_get_log (f->session);
  f->inspector = fifolab_inspector_new (f->log);
  fifolab_session_set_inspector (f->session, f->inspector);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fifolab_session_disconnect_all (f->session);
  fifolab_session_set_inspector (f->session, NULL);
  g_assert_finalize_object (f->inspector);
  g_assert_finalize_object (f->session);
  fifolab_test_fifo_clear (&f->dir, &f->path);
}

static guint
count_kind (FifolabLog       *log,
            FifolabEventKind  kind)
{
  g_autoptr(GPtrArray) events = fifolab_test_log_entries (log, FIFOLAB_DIRECTION_EVENT);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (fifolab_log_entry_get_kind (events->pdata[i]) == kind)
      n++;
  return n;
}

/* The events a student reads as "something went wrong". */
static void
assert_no_warning (FifolabLog *log)
{
  static const FifolabEventKind bad[] = {
    FIFOLAB_EVENT_NO_READER, FIFOLAB_EVENT_PIPE_FULL, FIFOLAB_EVENT_PIPE_REMOVED,
    FIFOLAB_EVENT_OVERLONG, FIFOLAB_EVENT_NOT_ATOMIC, FIFOLAB_EVENT_TORN,
    FIFOLAB_EVENT_ERROR, FIFOLAB_EVENT_PID_UNSEEN,
  };
  g_autoptr(GPtrArray) received = fifolab_test_log_entries (log, FIFOLAB_DIRECTION_RECEIVED);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpuint (count_kind (log, bad[i]), ==, 0);
  for (guint i = 0; i < received->len; i++)
    g_assert_cmpuint (fifolab_log_entry_get_flags (received->pdata[i]) & FIFOLAB_MESSAGE_PID_UNSEEN, ==, 0);
}

typedef struct
{
  Fixture *f;
  guint    n_received;
  guint    n_eof;
} Logged;

/* @n_received messages are logged (none held back for a verdict), and
 * @n_eof ends of stream. */
static gboolean
logged (gpointer data)
{
  Logged *l = data;
  g_autoptr(GPtrArray) received = fifolab_test_log_entries (l->f->log, FIFOLAB_DIRECTION_RECEIVED);

  return received->len >= l->n_received && fifolab_session_get_n_held (l->f->session) == 0 &&
         count_kind (l->f->log, FIFOLAB_EVENT_END_OF_STREAM) >= l->n_eof;
}

static void
wait_logged (Fixture *f,
             guint    n_received,
             guint    n_eof)
{
  Logged l = { f, n_received, n_eof };

  g_assert_true (fifolab_test_wait_until (logged, &l, WAIT_MS));
}

/* The received message @index, and the entry after it in the log. */
static FifolabLogEntry *
received_at (Fixture          *f,
             guint             index,
             FifolabLogEntry **next)
{
  g_autoptr(GPtrArray) received = fifolab_test_log_entries (f->log, FIFOLAB_DIRECTION_RECEIVED);
  FifolabLogEntry *entry;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->log));

  g_assert_cmpuint (index, <, received->len);
  entry = g_object_ref (received->pdata[index]);
  *next = NULL;
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(FifolabLogEntry) item = g_list_model_get_item (G_LIST_MODEL (f->log), i);

      if (fifolab_log_entry_get_serial (item) == fifolab_log_entry_get_serial (entry))
        *next = g_list_model_get_item (G_LIST_MODEL (f->log), i + 1);
    }
  return entry;
}

/* A one-shot writer run 20 times against the session: @argv0 @arg1 PIPE,
 * each writing "Hello <pid>" (@seed) or "Hello from pid [<pid>]" and
 * exiting at once, gone
 * before FIFO Lab can look: each claim is read byte for byte, and none is
 * flagged or warned about. */
static void
run_one_shot_writers (Fixture    *f,
                      const char *argv0,
                      const char *arg1,
                      gboolean    seed)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (fifolab_session_open_reader (f->session, f->path, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < SEED_RUNS; i++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(FifolabLogEntry) entry = NULL;
      g_autoptr(FifolabLogEntry) next = NULL;
      g_autofree char *expected = NULL;
      GPid pid = 0;

      proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &pid, argv0, arg1, f->path, NULL);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (proc));
      wait_logged (f, i + 1, i + 1);

      entry = received_at (f, i, &next);
      expected = seed ? g_strdup_printf ("Hello %d", (int) pid) : g_strdup_printf ("Hello from pid [%d]", (int) pid);
      fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (entry), expected, strlen (expected));
      g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, pid);
      g_assert_cmpuint (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_PID_UNSEEN, ==, 0);
    }
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (f->inspector), ==, 0);
  assert_no_warning (f->log);
}

/* The seed's own writer, as it is: "Hello <pid>", 11 bytes for 5 digits. */
static void
test_seed_writer (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *script = fifolab_test_seed_script ("write_to_named_pipe.py");

  if (fifolab_test_python () == NULL)
    {
      g_test_skip ("python3 is needed for the seed's programs");
      return;
    }
  run_one_shot_writers (f, fifolab_test_python (), script, TRUE);
}

/* fifolab-peer write from a terminal (not started by FIFO Lab): one message,
 * the text's "Hello from pid [<pid>]". */
static void
test_peer_writer (Fixture       *f,
                  gconstpointer  data)
{
  run_one_shot_writers (f, fifolab_test_peer_path (), "write", FALSE);
}

typedef struct
{
  FifolabLog *log;
  guint       n;
} KindWait;

static gboolean
has_reader_left (gpointer data)
{
  KindWait *w = data;

  return count_kind (w->log, FIFOLAB_EVENT_READER_LEFT) >= w->n;
}

/* The seed's one-shot reader, 20 times, reading what FIFO Lab sends the way
 * the compose bar does: it reads its 22 bytes and leaves, a normal end of
 * the exchange ("Reader left"), never the red "No reader". */
static void
test_seed_reader (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *script = fifolab_test_seed_script ("read_from_named_pipe.py");
  g_autoptr(GBytes) stamped = fifolab_stamp_expand (FIFOLAB_DEFAULT_TEMPLATE, getpid (), NULL);
  /* The reader reads 22 bytes: the textbook's message from a 5-digit pid. */
  const char *text = g_bytes_get_size (stamped) == FIFOLAB_SEED_MESSAGE_SIZE ?
                     g_bytes_get_data (stamped, NULL) : "Hello from pid [12345]";
  g_autofree char *message = g_strndup (text, FIFOLAB_SEED_MESSAGE_SIZE);
  g_autoptr(GError) error = NULL;

  if (fifolab_test_python () == NULL)
    {
      g_test_skip ("python3 is needed for the seed's programs");
      return;
    }

  for (guint i = 0; i < SEED_RUNS; i++)
    {
      const char *argv[] = { fifolab_test_python (), script, f->path, NULL };
      g_autoptr(FifolabTestChild) reader = fifolab_test_child_spawn (argv);
      g_autofree char *expected = NULL;
      KindWait w = { f->log, i + 1 };

      g_assert_true (fifolab_session_send (f->session, f->path, message, FALSE, NULL, &error));
      g_assert_no_error (error);
      fifolab_test_child_wait_ok (reader, WAIT_MS);
      expected = g_strdup_printf ("I pid [%d] received a message => %s\n", (int) reader->pid, message);
      g_assert_cmpstr (reader->out, ==, expected);
      g_assert_true (fifolab_test_wait_until (has_reader_left, &w, WAIT_MS));
    }
  g_assert_cmpuint (count_kind (f->log, FIFOLAB_EVENT_READER_LEFT), ==, SEED_RUNS);
  assert_no_warning (f->log);
}

/* A writer of holder_script writing @message, holding the pipe till told. */
static GSubprocess *
start_holder (Fixture    *f,
              const char *message,
              GPid       *pid)
{
  return fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, pid,
                             fifolab_test_python (), "-c", holder_script, f->path, message, NULL);
}

/* Has it close the pipe (it stays alive), and waits until it has. */
static void
holder_close (GSubprocess *proc)
{
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), "close\n", 6,
                                            NULL, NULL, &error));
  g_assert_no_error (error);
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "closed");
}

/* Message @index is flagged as a contradicted claim of @pid, explained by the
 * event after it. */
static void
assert_contradicted (Fixture *f,
                     guint    index,
                     gint64   pid)
{
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) next = NULL;
  g_autofree char *pid_text = g_strdup_printf ("pid %" G_GINT64_FORMAT, pid);

  entry = received_at (f, index, &next);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, pid);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_nonnull (next);
  g_assert_cmpint (fifolab_log_entry_get_kind (next), ==, FIFOLAB_EVENT_PID_UNSEEN);
  g_assert_nonnull (strstr (fifolab_log_entry_get_display_text (next), pid_text));
}

/* An impostor writes @message (which claims @pid) and holds the pipe: the
 * message, the log's @index-th, is flagged; then it closes the pipe and
 * exits, the log's @index-th end of stream. */
static void
impostor_round (Fixture    *f,
                const char *message,
                gint64      pid,
                guint       index)
{
  GSubprocess *impostor = start_holder (f, message, NULL);

  wait_logged (f, index + 1, index);
  assert_contradicted (f, index, pid);
  holder_close (impostor);
  fifolab_test_writer_end (impostor);
  wait_logged (f, index + 1, index + 1);
}

/* A writer seen holding the pipe is confirmed; once every writer has closed
 * it, an impostor claiming that (live) writer's pid is flagged, and so are
 * one claiming pid 0 and one claiming FIFO Lab's own pid (after FIFO Lab's
 * own message, which is confirmed, and its writer closed). */
static void
test_impostors (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  GSubprocess *honest;
  g_autoptr(GError) error = NULL;
  g_autofree char *claim = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) next = NULL;
  GPid honest_pid = 0;
  gint64 self = getpid ();

  if (fifolab_test_python () == NULL)
    {
      g_test_skip ("python3 is needed for the writers");
      return;
    }
  g_assert_nonnull (fifolab_session_open_reader (f->session, f->path, framer, &error));
  g_assert_no_error (error);

  /* Seen holding the pipe (it holds it until told): confirmed. */
  honest = start_holder (f, "Hello from pid [PID]\n", &honest_pid);
  wait_logged (f, 1, 0);
  entry = received_at (f, 0, &next);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, honest_pid);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==, FIFOLAB_MESSAGE_PID_CONFIRMED);
  g_assert_true (fifolab_inspector_writer_seen (f->inspector, f->path, honest_pid));
  holder_close (honest);
  wait_logged (f, 1, 1);
  g_assert_false (fifolab_inspector_writer_seen (f->inspector, f->path, honest_pid));

  /* It is alive, and no longer a writer: claiming its pid is a lie. */
  claim = g_strdup_printf ("Hello from pid [%d]\n", (int) honest_pid);
  impostor_round (f, claim, honest_pid, 1);
  /* No process has pid 0. */
  impostor_round (f, "Hello from pid [0]\n", 0, 2);

  /* FIFO Lab's own message, sent to the pipe it reads: confirmed. */
  g_assert_true (fifolab_session_send_template (f->session, f->path, FIFOLAB_DEFAULT_TEMPLATE, framer, &error));
  g_assert_no_error (error);
  wait_logged (f, 4, 3);
  g_clear_object (&entry);
  g_clear_object (&next);
  entry = received_at (f, 3, &next);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, self);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==, FIFOLAB_MESSAGE_PID_CONFIRMED);
  fifolab_session_disconnect (f->session, f->path, FIFOLAB_ACCESS_WRITE);
  wait_logged (f, 4, 4);

  /* FIFO Lab no longer writes to it: a message claiming its pid lies. */
  g_clear_pointer (&claim, g_free);
  claim = g_strdup_printf ("Hello from pid [%d]\n", (int) self);
  impostor_round (f, claim, self, 4);

  fifolab_test_writer_end (honest);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (f->inspector), ==, 3);
}

static gboolean
peer_exited (gpointer data)
{
  return fifolab_peer_process_get_state (data) == FIFOLAB_PEER_STATE_EXITED;
}

/* The story in order: a peer writes three lines, closes and exits before
 * FIFO Lab reads (its exit is in the log first); each message says it was
 * written by that pid before it exited, and the event after the first that
 * the bytes waited in the pipe (once, not after each). */
static void
test_written_before_exit (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FifolabPeerProcess) peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, f->path, f->log);
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autoptr(FifolabLogEntry) next = NULL;
  g_autofree char *pid_text = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 pid;
  int held;

  /* A read end that reads nothing: the peer's open does not wait, and its
   * bytes stay in the pipe after it exits. */
  held = open (f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (held, >=, 0);
  fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_LINE);
  fifolab_peer_process_set_count (peer, 3);
  g_assert_true (fifolab_peer_process_start (peer, &error));
  g_assert_no_error (error);
  pid = fifolab_peer_process_get_pid (peer);
  /* As the application does for the writers it starts. */
  fifolab_inspector_note_writer (f->inspector, f->path, pid);
  g_assert_true (fifolab_test_wait_until (peer_exited, peer, WAIT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_code (peer), ==, 0);
  g_assert_cmpuint (count_kind (f->log, FIFOLAB_EVENT_PEER_EXITED), ==, 1);

  g_assert_nonnull (fifolab_session_open_reader (f->session, f->path, framer, &error));
  g_assert_no_error (error);
  wait_logged (f, 3, 0);
  close (held);

  entry = received_at (f, 0, &next);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, pid);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==,
                    FIFOLAB_MESSAGE_PID_CONFIRMED | FIFOLAB_MESSAGE_WRITER_EXITED);
  g_assert_nonnull (next);
  g_assert_cmpint (fifolab_log_entry_get_kind (next), ==, FIFOLAB_EVENT_WRITER_EXITED);
  pid_text = g_strdup_printf ("pid %" G_GINT64_FORMAT " ", pid);
  g_assert_nonnull (strstr (fifolab_log_entry_get_display_text (next), pid_text));
  for (guint i = 1; i < 3; i++)
    {
      g_autoptr(FifolabLogEntry) more = NULL;
      g_autoptr(FifolabLogEntry) after = NULL;

      more = received_at (f, i, &after);
      g_assert_cmpuint (fifolab_log_entry_get_flags (more), ==,
                        FIFOLAB_MESSAGE_PID_CONFIRMED | FIFOLAB_MESSAGE_WRITER_EXITED);
    }
  g_assert_cmpuint (count_kind (f->log, FIFOLAB_EVENT_WRITER_EXITED), ==, 1);
  /* The exit came first in the log: the story says why. */
  events = fifolab_test_log_entries (f->log, FIFOLAB_DIRECTION_EVENT);
  g_assert_cmpint (fifolab_log_entry_get_kind (events->pdata[0]), ==, FIFOLAB_EVENT_PEER_STARTED);
  assert_no_warning (f->log);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

#define add_test(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  add_test ("/claims/seed-writer", test_seed_writer);
  add_test ("/claims/peer-writer", test_peer_writer);
  add_test ("/claims/seed-reader", test_seed_reader);
  add_test ("/claims/impostors", test_impostors);
  add_test ("/claims/written-before-exit", test_written_before_exit);

  return g_test_run ();
}
