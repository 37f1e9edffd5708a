/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-reader.h"
#include "fifolab-test-util.h"

/* Everything a reader said, in order. */
typedef struct
{
  GPtrArray *messages;      /* GBytes */
  GArray    *flags;         /* guint */
  GArray    *events;        /* FifolabEventKind */
  GString   *stream;        /* all chunk bytes, as told by ::chunk lengths */
  guint64    chunk_bytes;
  guint      n_chunks;
  gboolean   close_on_chunk;
} Recorder;

static void
message_cb (FifolabReader *reader,
            GBytes        *payload,
            guint          flags,
            gint64         wall_us,
            gint64         mono_us,
            Recorder      *rec)
{
  g_assert_cmpint (wall_us, >, 0);
  g_assert_cmpint (mono_us, >, 0);
  g_assert_cmpint (mono_us, <=, g_get_monotonic_time ());
  g_ptr_array_add (rec->messages, g_bytes_ref (payload));
  g_array_append_val (rec->flags, flags);
}

static void
chunk_cb (FifolabReader *reader,
          guint64        offset,
          guint          length,
          gint64         mono_us,
          Recorder      *rec)
{
  g_assert_cmpuint (offset, ==, rec->chunk_bytes);
  g_assert_cmpuint (length, >, 0);
  rec->chunk_bytes += length;
  rec->n_chunks++;
  if (rec->close_on_chunk)
    fifolab_reader_close (reader);
}

static void
recorder_init (Recorder      *rec,
               FifolabReader *reader)
{
  rec->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  rec->flags = g_array_new (FALSE, FALSE, sizeof (guint));
  rec->events = fifolab_test_record_events (reader);
  rec->chunk_bytes = 0;
  rec->n_chunks = 0;
  rec->close_on_chunk = FALSE;
  g_signal_connect (reader, "message", G_CALLBACK (message_cb), rec);
  g_signal_connect (reader, "chunk", G_CALLBACK (chunk_cb), rec);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->messages, g_ptr_array_unref);
  g_clear_pointer (&rec->flags, g_array_unref);
  g_clear_pointer (&rec->events, g_array_unref);
}

/* Most tests: a FIFO named by the test's data in a fresh folder, and the
 * reader the test makes on it, finalized (it must go with its last
 * reference) before its recorder and the folder go. */
typedef struct
{
  char          *dir;
  char          *path;
  FifolabReader *reader;
  Recorder       rec;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  test_data)
{
  fifolab_test_fifo_init (&fx->dir, &fx->path, test_data);
}

/* Makes the fixture's reader with @framer (NULL: raw), records what it says
 * and starts it. */
static void
start_recorded (Fixture       *fx,
                FifolabFramer *framer)
{
  g_autoptr(GError) error = NULL;

  fx->reader = fifolab_reader_new (fx->path, framer);
  recorder_init (&fx->rec, fx->reader);
  g_assert_true (fifolab_reader_start (fx->reader, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  test_data)
{
  if (fx->reader != NULL)
    g_assert_finalize_object (g_steal_pointer (&fx->reader));
  recorder_clear (&fx->rec);
  fifolab_test_fifo_clear (&fx->dir, &fx->path);
}

static gboolean
has_event (Recorder         *rec,
           FifolabEventKind  kind)
{
  return fifolab_test_count_events (rec->events, kind) > 0;
}

static void
assert_message (Recorder   *rec,
                guint       index,
                const char *expected)
{
  GBytes *bytes;
  gsize len;
  const char *data;

  g_assert_cmpuint (index, <, rec->messages->len);
  bytes = g_ptr_array_index (rec->messages, index);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, strlen (expected));
}

typedef struct
{
  Recorder         *rec;
  guint             n_messages;
  FifolabEventKind  kind;
  guint             n_events;
} Until;

static gboolean
until_cb (gpointer data)
{
  Until *u = data;

  return u->rec->messages->len >= u->n_messages &&
         (u->kind == FIFOLAB_EVENT_NONE || fifolab_test_count_events (u->rec->events, u->kind) >= u->n_events);
}

static gboolean
wait_messages_and_event (Recorder         *rec,
                         guint             n_messages,
                         FifolabEventKind  kind,
                         guint             n_events)
{
  Until u = { rec, n_messages, kind, n_events };

  return fifolab_test_wait_until (until_cb, &u, 10000);
}

/* Runs `sh -c SCRIPT sh PATH`; returns it without waiting. */
static GSubprocess *
spawn_sh (const char *script,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           "sh", "-c", script, "sh", path, NULL);
  g_assert_no_error (error);
  return proc;
}

/* Waits for @proc (transfer full) to exit, asserts it succeeded, and lets
 * go of it with fifolab_test_subprocess_release(): nothing of the child is
 * open afterwards, so descriptor counts stay exact. */
static void
release_ok (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  fifolab_test_subprocess_release (proc);
}

static void
test_reader_new_destroy (void)
{
  FifolabReader *reader = fifolab_reader_new ("/nonexistent/pipe", NULL);
  FifolabReaderState state;
  g_autofree char *path = NULL;
  GError *error = NULL;

  g_assert_cmpstr (fifolab_reader_get_path (reader), ==, "/nonexistent/pipe");
  g_assert_true (FIFOLAB_IS_FRAMER (fifolab_reader_get_framer (reader)));
  g_assert_cmpint (fifolab_framer_get_framing (fifolab_reader_get_framer (reader)), ==,
                   FIFOLAB_FRAMING_RAW);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_IDLE);
  g_assert_cmpint (fifolab_reader_get_capacity (reader), ==, -1);
  g_assert_cmpint (fifolab_reader_get_queued (reader), ==, -1);
  g_assert_null (fifolab_reader_get_error (reader));
  g_object_get (reader, "state", &state, "path", &path, "error", &error, NULL);
  g_assert_cmpint (state, ==, FIFOLAB_READER_IDLE);
  g_assert_cmpstr (path, ==, "/nonexistent/pipe");
  g_assert_null (error);

  g_assert_finalize_object (reader);
}

static void
test_reader_refuses (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "plain", NULL);
  g_autoptr(GError) error = NULL;
  FifolabReader *reader;
  guint fds;

  g_assert_true (g_file_set_contents (file, "data", -1, NULL));
  reader = fifolab_reader_new (file, NULL);
  fds = fifolab_test_count_fds ();
  g_assert_false (fifolab_reader_start (reader, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  fifolab_test_assert_fds (fds);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);
  g_assert_error (fifolab_reader_get_error (reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_reader_sh_writer (Fixture       *fx,
                       gconstpointer  test_data)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  GPid pid = 0;
  g_autofree char *expected = NULL;

  start_recorded (fx, framer);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);
  g_assert_true (has_event (&fx->rec, FIFOLAB_EVENT_WAITING_FOR_WRITER));
  g_assert_cmpint (fifolab_reader_get_capacity (fx->reader), ==, 65536);
  g_assert_cmpint (fifolab_reader_get_queued (fx->reader), ==, 0);

  /* Nothing happens while nobody writes. */
  fifolab_test_run_for (100);
  g_assert_cmpuint (fx->rec.messages->len, ==, 0);
  g_assert_cmpuint (fx->rec.n_chunks, ==, 0);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);

  /* The shell waits on its stdin until the test is ready for it. */
  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &pid, "sh", "-c",
                             "read _; printf 'hello\\nworld, %s\\n' \"$$\" > \"$1\"",
                             "sh", fx->path, NULL);
  expected = g_strdup_printf ("world, %d", (int) pid);
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_messages_and_event (&fx->rec, 2, FIFOLAB_EVENT_REOPENED, 1));
  release_ok (g_steal_pointer (&proc));

  assert_message (&fx->rec, 0, "hello");
  assert_message (&fx->rec, 1, expected);
  g_assert_cmpuint (fx->rec.messages->len, ==, 2);
  g_assert_cmpuint (fifolab_reader_get_messages_received (fx->reader), ==, 2);
  g_assert_cmpuint (fifolab_reader_get_bytes_received (fx->reader), ==, fx->rec.chunk_bytes);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_WRITER_CONNECTED), ==, 1);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_END_OF_STREAM), ==, 1);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);

  fifolab_reader_close (fx->reader);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_CLOSED);
  g_assert_cmpint (fifolab_reader_get_capacity (fx->reader), ==, -1);
}

/* The seed chapter's writer, byte for byte: "Hello <pid>". */
static void
test_reader_seed_writer (Fixture       *fx,
                         gconstpointer  test_data)
{
  g_autofree char *script = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  GPid pid = 0;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  script = fifolab_test_seed_script ("write_to_named_pipe.py");

  start_recorded (fx, NULL);

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &pid, "python3", script, fx->path, NULL);
  expected = g_strdup_printf ("Hello %d", (int) pid);
  g_assert_true (wait_messages_and_event (&fx->rec, 1, FIFOLAB_EVENT_END_OF_STREAM, 1));
  release_ok (g_steal_pointer (&proc));

  for (guint i = 0; i < fx->rec.messages->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (fx->rec.messages, i), &len);
      g_string_append_len (all, data, len);
    }
  g_assert_cmpstr (all->str, ==, expected);
  g_assert_cmpuint (fifolab_reader_get_bytes_received (fx->reader), ==, strlen (expected));
}

/* 100 writers one after another: each EOF closes and reopens the read end;
 * nothing leaks, nothing is lost or doubled, and the reader never spins on EOF. */
static void
test_reader_reopen_cycles (Fixture       *fx,
                           gconstpointer  test_data)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  guint fds_before_start;
  guint fds_open = 0;
  const guint n = 100;

  fds_before_start = fifolab_test_count_fds ();
  start_recorded (fx, framer);
  fds_open = fifolab_test_count_fds ();
  g_assert_cmpuint (fds_open, ==, fds_before_start + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *script = g_strdup_printf ("printf 'message %u\\n' > \"$1\"", i);
      g_autoptr(GSubprocess) proc = spawn_sh (script, fx->path);

      g_assert_true (wait_messages_and_event (&fx->rec, i + 1, FIFOLAB_EVENT_REOPENED, i + 1));
      release_ok (g_steal_pointer (&proc));
    }

  /* Nothing more arrives, and the reader waits quietly. */
  fifolab_test_run_for (50);
  g_assert_cmpuint (fx->rec.messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = g_strdup_printf ("message %u", i);
      assert_message (&fx->rec, i, expected);
      g_assert_cmpuint (g_array_index (fx->rec.flags, guint, i), ==, FIFOLAB_MESSAGE_NONE);
    }
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_END_OF_STREAM), ==, n);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_REOPENED), ==, n);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_WRITER_CONNECTED), ==, n);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);
  fifolab_test_assert_fds (fds_open);

  fifolab_reader_close (fx->reader);
  fifolab_test_assert_fds (fds_before_start);
}

/* A writer that comes, writes and leaves while the reader handles the
 * previous EOF loses nothing: the pipe never goes without a reader. */
static void
test_reader_back_to_back_writers (Fixture       *fx,
                                  gconstpointer  test_data)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GSubprocess) proc = NULL;
  const guint n = 50;

  start_recorded (fx, framer);

  /* One shell opens, writes and closes the pipe 50 times as fast as it can. */
  proc = spawn_sh ("i=0; while [ $i -lt 50 ]; do printf 'line %s\\n' $i > \"$1\"; i=$((i+1)); done",
                   fx->path);
  g_assert_true (wait_messages_and_event (&fx->rec, n, FIFOLAB_EVENT_NONE, 0));
  release_ok (g_steal_pointer (&proc));
  fifolab_test_run_for (50);

  g_assert_cmpuint (fx->rec.messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = g_strdup_printf ("line %u", i);
      assert_message (&fx->rec, i, expected);
    }
}

static void
test_reader_idle_cpu (Fixture       *fx,
                      gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  gint64 cpu_before, cpu_used;

  fx->reader = fifolab_reader_new (fx->path, NULL);
  g_assert_true (fifolab_reader_start (fx->reader, &error));
  g_assert_no_error (error);

  cpu_before = fifolab_test_cpu_time_us ();
  fifolab_test_run_for (1000);
  cpu_used = fifolab_test_cpu_time_us () - cpu_before;
  g_test_message ("CPU while waiting 1 s for a writer: %" G_GINT64_FORMAT " us", cpu_used);
  g_assert_cmpint (cpu_used, <, 50000);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);
}

/* close() while a read is pending: nothing is emitted afterwards, even though
 * bytes then arrive (a second read end keeps the pipe alive), and the object
 * finalizes. */
static void
test_reader_close_pending (Fixture       *fx,
                           gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  int other_reader, writer;
  guint events_at_close;
  guint fds;

  fds = fifolab_test_count_fds ();
  start_recorded (fx, NULL);
  other_reader = fifolab_fifo_open (fx->path, O_RDONLY, &error);
  g_assert_no_error (error);
  writer = fifolab_fifo_open (fx->path, O_WRONLY, &error);
  g_assert_no_error (error);
  fifolab_test_run_for (20);

  fifolab_reader_close (fx->reader);
  fifolab_reader_close (fx->reader);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_CLOSED);
  events_at_close = fx->rec.events->len;

  g_assert_cmpint (write (writer, "late", 4), ==, 4);
  close (writer);
  fifolab_test_run_for (50);
  g_assert_cmpuint (fx->rec.n_chunks, ==, 0);
  g_assert_cmpuint (fx->rec.messages->len, ==, 0);
  g_assert_cmpuint (fx->rec.events->len, ==, events_at_close);
  g_assert_cmpint (fifolab_fifo_get_queued (other_reader), ==, 4);
  close (other_reader);
  fifolab_test_assert_fds (fds);
}

/* Dropping the last reference while open (no close()) also stops everything. */
static void
test_reader_unref_while_open (Fixture       *fx,
                              gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  guint fds;

  fx->reader = fifolab_reader_new (fx->path, NULL);
  fds = fifolab_test_count_fds ();
  g_assert_true (fifolab_reader_start (fx->reader, &error));
  g_assert_no_error (error);
  fifolab_test_assert_fds (fds + 1);
  g_assert_finalize_object (g_steal_pointer (&fx->reader));
  fifolab_test_assert_fds (fds);
  fifolab_test_run_for (20);
}

/* A ::chunk handler that closes the reader: no ::message for that chunk. */
static void
test_reader_close_in_handler (Fixture       *fx,
                              gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  int writer;

  start_recorded (fx, NULL);
  fx->rec.close_on_chunk = TRUE;
  writer = fifolab_fifo_open (fx->path, O_WRONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (writer, "abc", 3), ==, 3);

  fifolab_test_run_for (100);
  close (writer);
  g_assert_cmpuint (fx->rec.n_chunks, ==, 1);
  g_assert_cmpuint (fx->rec.messages->len, ==, 0);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_CLOSED);
}

/* The name is unlinked while the reader waits; the next end of stream (a
 * writer that had the pipe open already) finds it gone. */
static void
test_reader_pipe_removed (Fixture       *fx,
                          gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  int writer;
  guint fds;

  fds = fifolab_test_count_fds ();
  start_recorded (fx, NULL);
  writer = fifolab_fifo_open (fx->path, O_WRONLY, &error);
  g_assert_no_error (error);
  fifolab_test_run_for (20);
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);

  g_assert_cmpint (g_unlink (fx->path), ==, 0);
  g_assert_cmpint (write (writer, "bye", 3), ==, 3);
  close (writer);

  g_assert_true (wait_messages_and_event (&fx->rec, 1, FIFOLAB_EVENT_PIPE_REMOVED, 1));
  assert_message (&fx->rec, 0, "bye");
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_FAILED);
  g_assert_error (fifolab_reader_get_error (fx->reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_assert_false (has_event (&fx->rec, FIFOLAB_EVENT_REOPENED));
  fifolab_test_assert_fds (fds);
}

/* Removed and made again under the same name: another pipe, also reported. */
static void
test_reader_pipe_replaced (Fixture       *fx,
                           gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  int writer;

  start_recorded (fx, NULL);
  writer = fifolab_fifo_open (fx->path, O_WRONLY, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (fx->path), ==, 0);
  g_assert_true (fifolab_fifo_create (fx->path, 0600, &error));
  g_assert_no_error (error);
  close (writer);

  g_assert_true (wait_messages_and_event (&fx->rec, 0, FIFOLAB_EVENT_PIPE_REMOVED, 1));
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_FAILED);
  g_assert_error (fifolab_reader_get_error (fx->reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_CHANGED);

  /* Starting again opens the new pipe. */
  g_assert_true (fifolab_reader_start (fx->reader, &error));
  g_assert_no_error (error);
  g_assert_null (fifolab_reader_get_error (fx->reader));
  g_assert_cmpint (fifolab_reader_get_state (fx->reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);
}

/* Over-long lines come in pieces and give one event per message; the stream
 * ending inside a line gives an INCOMPLETE message. */
static void
test_reader_overlong_and_incomplete (Fixture       *fx,
                                     gconstpointer  test_data)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GSubprocess) proc = NULL;

  fifolab_framer_set_max_message (framer, 8);
  start_recorded (fx, framer);

  proc = spawn_sh ("printf '0123456789ABCDEFGHIJ\\nshort\\nabcdefghijklm\\ntail' > \"$1\"", fx->path);
  g_assert_true (wait_messages_and_event (&fx->rec, 7, FIFOLAB_EVENT_END_OF_STREAM, 1));
  release_ok (g_steal_pointer (&proc));

  assert_message (&fx->rec, 0, "01234567");
  assert_message (&fx->rec, 1, "89ABCDEF");
  assert_message (&fx->rec, 2, "GHIJ");
  assert_message (&fx->rec, 3, "short");
  assert_message (&fx->rec, 4, "abcdefgh");
  assert_message (&fx->rec, 5, "ijklm");
  assert_message (&fx->rec, 6, "tail");
  g_assert_cmpuint (g_array_index (fx->rec.flags, guint, 0), ==, FIFOLAB_MESSAGE_OVERLONG);
  g_assert_cmpuint (g_array_index (fx->rec.flags, guint, 2), ==, FIFOLAB_MESSAGE_OVERLONG);
  g_assert_cmpuint (g_array_index (fx->rec.flags, guint, 3), ==, FIFOLAB_MESSAGE_NONE);
  g_assert_cmpuint (g_array_index (fx->rec.flags, guint, 6), ==, FIFOLAB_MESSAGE_INCOMPLETE);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_OVERLONG), ==, 2);
}

/* What a source of a higher priority than the reader saw, each time it ran. */
typedef struct
{
  Recorder *rec;
  guint     seen[5];
  guint     n_runs;
} Busy;

static void
count_notify_cb (guint *count)
{
  (*count)++;
}

static gboolean
busy_cb (gpointer data)
{
  Busy *busy = data;

  busy->seen[busy->n_runs++] = busy->rec->messages->len;
  return busy->n_runs < G_N_ELEMENTS (busy->seen) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* The priority property is kept and followed by the watching source; a line
 * of a writer that stays open, waiting in an empty pipe, is read before a
 * ready idle source whatever the property (a lower one is for floods: see
 * /reader/priority-open-writer). */
static void
check_priority (int      priority,
                gboolean read_first)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "prio");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  GOutputStream *input;
  FifolabReader *reader;
  Recorder rec;
  Busy busy = { &rec, { 0 }, 0 };
  GSource *source;
  guint notified = 0;

  reader = fifolab_reader_new (path, framer);
  g_assert_cmpint (fifolab_reader_get_priority (reader), ==, G_PRIORITY_DEFAULT);
  g_signal_connect_swapped (reader, "notify::priority", G_CALLBACK (count_notify_cb), &notified);
  recorder_init (&rec, reader);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  /* Set while the stream is watched: the watching source follows. */
  g_object_set (reader, "priority", priority, NULL);
  g_object_set (reader, "priority", priority, NULL);
  g_assert_cmpint (fifolab_reader_get_priority (reader), ==, priority);
  g_assert_cmpuint (notified, ==, priority == G_PRIORITY_DEFAULT ? 0 : 1);

  /* The shell keeps the pipe open and writes its second line when told. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, "sh", "-c",
                           "exec > \"$1\"; printf 'one\\n'; read _; printf 'two\\n'; read _ || :",
                           "sh", path, NULL);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (proc);
  g_assert_true (wait_messages_and_event (&rec, 1, FIFOLAB_EVENT_NONE, 0));

  fifolab_test_go_ahead (proc);
  /* Without running the main loop, until "two" waits in the pipe. */
  for (guint i = 0; i < 5000 && fifolab_reader_get_queued (reader) < 4; i++)
    g_usleep (1000);
  g_assert_cmpint (fifolab_reader_get_queued (reader), ==, 4);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH_IDLE);
  g_source_set_callback (source, busy_cb, &busy, NULL);
  g_source_attach (source, NULL);
  g_source_unref (source);
  g_assert_true (wait_messages_and_event (&rec, 2, FIFOLAB_EVENT_NONE, 0));
  while (busy.n_runs < G_N_ELEMENTS (busy.seen))
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (busy.seen); i++)
    g_assert_cmpuint (busy.seen[i], ==, read_first ? 2 : 1);
  assert_message (&rec, 1, "two");

  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_no_error (error);
  release_ok (g_steal_pointer (&proc));
  fifolab_reader_close (reader);
  g_assert_finalize_object (reader);
  recorder_clear (&rec);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_reader_priority (void)
{
  check_priority (G_PRIORITY_DEFAULT, TRUE);
  check_priority (G_PRIORITY_DEFAULT_IDLE, TRUE);
}

/* Writes @line into @path from a write end of the test's own, opened while
 * the reader holds the read end (so at once); returns it, kept open. */
static int
write_line (const char *path,
            const char *line)
{
  int fd = open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, (gssize) strlen (line));
  return fd;
}

/* Runs the main loop while a source of the redraw priority is ready five
 * times in a row (a window drawing frames back to back); returns how many
 * messages the reader had when that source first ran. */
static guint
messages_before_busy (Recorder *rec)
{
  Busy busy = { rec, { 0 }, 0 };
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH_IDLE + 20);
  g_source_set_callback (source, busy_cb, &busy, NULL);
  g_source_attach (source, NULL);
  g_source_unref (source);
  while (busy.n_runs < G_N_ELEMENTS (busy.seen))
    g_main_context_iteration (NULL, TRUE);
  return busy.seen[0];
}

/* A reader set to read below the redraw priority (as the window's are) still
 * reads a writer's first message before a busy main loop's other sources:
 * the first after the start, and the first of the next writer after EOF and
 * the reopen (the book's writer, or the compose bar's after a peer's, in the
 * keyboard walk). A later message of the same writer too (see
 * /reader/priority-open-writer). Nothing here depends on time: the bytes
 * are in the pipe before the main loop runs, and GLib runs the ready sources
 * of the highest priority first. */
static void
test_reader_priority_first_read (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "first");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  FifolabReader *reader;
  Recorder rec;
  int fd;

  reader = fifolab_reader_new (path, framer);
  fifolab_reader_set_priority (reader, G_PRIORITY_DEFAULT_IDLE);
  recorder_init (&rec, reader);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);

  /* The first message: read before the busy source runs. */
  fd = write_line (path, "one\n");
  g_assert_cmpuint (messages_before_busy (&rec), ==, 1);
  assert_message (&rec, 0, "one");
  g_assert_cmpint (fifolab_reader_get_priority (reader), ==, G_PRIORITY_DEFAULT_IDLE);

  /* The same writer's second: before it too. */
  g_assert_cmpint (write (fd, "two\n", 4), ==, 4);
  g_assert_cmpuint (messages_before_busy (&rec), ==, 2);
  assert_message (&rec, 1, "two");

  /* The writer closes; the next one's first message: before it again. */
  close (fd);
  g_assert_true (wait_messages_and_event (&rec, 2, FIFOLAB_EVENT_REOPENED, 1));
  fd = write_line (path, "three\n");
  g_assert_cmpuint (messages_before_busy (&rec), ==, 3);
  assert_message (&rec, 2, "three");
  close (fd);
  g_assert_true (wait_messages_and_event (&rec, 3, FIFOLAB_EVENT_REOPENED, 2));

  /* Writers as the book's: each writes and closes before the reader runs.
   * Each message, the end of its stream and the reopen come before the busy
   * source, and so the next writer's message too. */
  for (guint i = 0; i < 3; i++)
    {
      close (write_line (path, "book\n"));
      g_assert_cmpuint (messages_before_busy (&rec), ==, 4 + i);
      assert_message (&rec, 3 + i, "book");
    }
  g_assert_cmpuint (fifolab_test_count_events (rec.events, FIFOLAB_EVENT_REOPENED), ==, 5);

  fifolab_reader_close (reader);
  g_assert_finalize_object (reader);
  recorder_clear (&rec);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Fills the pipe through @fd (non-blocking) with 64-byte lines until it is
 * full; returns how many. */
static guint
fill_pipe (int fd)
{
  char line[64];
  guint n = 0;

  memset (line, 'f', sizeof line - 1);
  line[sizeof line - 1] = '\n';
  while (write (fd, line, sizeof line) == (gssize) sizeof line)
    n++;
  g_assert_cmpint (errno, ==, EAGAIN);
  return n;
}

/* A writer that stays open (the compose bar after its first send, a shell's
 * exec 3>PIPE, a peer writing a line a second) has each of its messages read
 * before a source of the redraw priority that is kept ready, although the
 * reader is set below that priority: each arrives in an empty pipe. A flood
 * (reads that fill the buffer) still yields to that source before it is all
 * read, and after it a message is read first again. As in
 * /reader/priority-first-read, nothing here depends on time. */
static void
test_reader_priority_open_writer (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "open");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  FifolabReader *reader;
  Recorder rec;
  guint before, flood, seen;
  int fd;

  reader = fifolab_reader_new (path, framer);
  fifolab_reader_set_priority (reader, G_PRIORITY_DEFAULT_IDLE);
  recorder_init (&rec, reader);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);

  fd = write_line (path, "one\n");
  g_assert_cmpuint (messages_before_busy (&rec), ==, 1);

  /* Later messages of the same writer, the main loop drained in between. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *line = g_strdup_printf ("later %u\n", i);
      g_autofree char *message = g_strdup_printf ("later %u", i);

      g_assert_cmpint (write (fd, line, strlen (line)), ==, (gssize) strlen (line));
      g_assert_cmpuint (messages_before_busy (&rec), ==, 2 + i);
      assert_message (&rec, 1 + i, message);
    }
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_RECEIVING);

  /* A flood: more than one wake-up's reads (8 of 64 KiB) wait in the pipe. */
  g_assert_cmpint (fcntl (fd, F_SETPIPE_SZ, 1024 * 1024), >=, 1024 * 1024);
  before = rec.messages->len;
  flood = fill_pipe (fd);
  g_assert_cmpuint (flood * 64, >=, 1024 * 1024);
  seen = messages_before_busy (&rec);
  g_assert_cmpuint (seen, <, before + flood);
  g_assert_true (wait_messages_and_event (&rec, before + flood, FIFOLAB_EVENT_NONE, 0));

  /* After the flood: the first wake-up that fills no buffer brings the
   * higher priority back, for the message after it. */
  g_assert_cmpint (write (fd, "calm\n", 5), ==, 5);
  g_assert_true (wait_messages_and_event (&rec, before + flood + 1, FIFOLAB_EVENT_NONE, 0));
  g_assert_cmpint (write (fd, "again\n", 6), ==, 6);
  g_assert_cmpuint (messages_before_busy (&rec), ==, before + flood + 2);
  assert_message (&rec, before + flood + 1, "again");

  close (fd);
  fifolab_reader_close (reader);
  g_assert_finalize_object (reader);
  recorder_clear (&rec);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* More than one read's worth (64 KiB) arrives intact, over several chunks. */
static void
test_reader_large (Fixture       *fx,
                   gconstpointer  test_data)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  start_recorded (fx, NULL);

  /* 200000 bytes: "0000000\n" .. "0024999\n". */
  proc = spawn_sh ("i=0; while [ $i -lt 25000 ]; do printf '%07d\\n' $i; i=$((i+1)); done > \"$1\"",
                   fx->path);
  g_assert_true (wait_messages_and_event (&fx->rec, 1, FIFOLAB_EVENT_END_OF_STREAM, 1));
  release_ok (g_steal_pointer (&proc));

  for (guint i = 0; i < fx->rec.messages->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (fx->rec.messages, i), &len);
      g_assert_cmpuint (len, <=, 64 * 1024);
      g_string_append_len (all, data, len);
    }
  g_assert_cmpuint (all->len, ==, 200000);
  for (guint i = 0; i < 25000; i += 997)
    {
      char line[9];
      g_snprintf (line, sizeof line, "%07u\n", i);
      g_assert_cmpmem (all->str + i * 8, 8, line, 8);
    }
  g_assert_cmpuint (fx->rec.chunk_bytes, ==, 200000);
  g_assert_cmpuint (fx->rec.n_chunks, ==, fx->rec.messages->len);
}

/* A test on a fresh FIFO named @pipe. */
#define add_fixture_test(test_path, pipe, func) \
  g_test_add (test_path, Fixture, pipe, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  /* What GLib opens once is open before any test counts descriptors; every
   * child a test starts is let go of with release_ok(), so counts are exact. */
  fifolab_test_warm_up ();

  g_test_add_func ("/reader/new-destroy", test_reader_new_destroy);
  g_test_add_func ("/reader/refuses", test_reader_refuses);
  add_fixture_test ("/reader/sh-writer", "lines", test_reader_sh_writer);
  add_fixture_test ("/reader/seed-writer", "my_pipe", test_reader_seed_writer);
  add_fixture_test ("/reader/reopen-cycles", "cycles", test_reader_reopen_cycles);
  add_fixture_test ("/reader/back-to-back-writers", "burst", test_reader_back_to_back_writers);
  add_fixture_test ("/reader/idle-cpu", "idle", test_reader_idle_cpu);
  add_fixture_test ("/reader/close-pending", "pending", test_reader_close_pending);
  add_fixture_test ("/reader/unref-while-open", "unref", test_reader_unref_while_open);
  add_fixture_test ("/reader/close-in-handler", "handler", test_reader_close_in_handler);
  add_fixture_test ("/reader/pipe-removed", "removed", test_reader_pipe_removed);
  add_fixture_test ("/reader/pipe-replaced", "replaced", test_reader_pipe_replaced);
  add_fixture_test ("/reader/overlong-and-incomplete", "long", test_reader_overlong_and_incomplete);
  add_fixture_test ("/reader/large", "large", test_reader_large);
  g_test_add_func ("/reader/priority", test_reader_priority);
  g_test_add_func ("/reader/priority-first-read", test_reader_priority_first_read);
  g_test_add_func ("/reader/priority-open-writer", test_reader_priority_open_writer);

  return g_test_run ();
}
