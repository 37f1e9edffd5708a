/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-writer.h"
#include "fifolab-test-util.h"

typedef struct
{
  GBytes  *bytes;
  guint64  written;
  guint    flags;
} Sent;

/* Everything a writer said, in order. */
typedef struct
{
  GArray *sent;    /* Sent */
  GArray *events;  /* FifolabEventKind */
  GArray *states;  /* FifolabWriterState, each change */
} Recorder;

static void
sent_cb (FifolabWriter *writer,
         GBytes        *bytes,
         guint64        written,
         guint          flags,
         gint64         wall_us,
         gint64         mono_us,
         Recorder      *rec)
{
  Sent s = { g_bytes_ref (bytes), written, flags };

  g_assert_cmpint (wall_us, >, 0);
  g_assert_cmpint (mono_us, >, 0);
  g_array_append_val (rec->sent, s);
}

static void
state_cb (FifolabWriter *writer,
          GParamSpec    *pspec,
          Recorder      *rec)
{
  FifolabWriterState state = fifolab_writer_get_state (writer);

  g_array_append_val (rec->states, state);
}

static void
sent_clear (gpointer data)
{
  Sent *s = data;

  g_clear_pointer (&s->bytes, g_bytes_unref);
}

static void
recorder_init (Recorder      *rec,
               FifolabWriter *writer)
{
  rec->sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  g_array_set_clear_func (rec->sent, sent_clear);
  rec->events = fifolab_test_record_events (writer);
  rec->states = g_array_new (FALSE, FALSE, sizeof (FifolabWriterState));
  g_signal_connect (writer, "sent", G_CALLBACK (sent_cb), rec);
  g_signal_connect (writer, "notify::state", G_CALLBACK (state_cb), rec);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->sent, g_array_unref);
  g_clear_pointer (&rec->events, g_array_unref);
  g_clear_pointer (&rec->states, g_array_unref);
}

/* Most tests: a FIFO named by the test's data in a fresh folder, and the
 * writer the test makes on it, finalized (it must go with its last
 * reference) before its recorder and the folder go. */
typedef struct
{
  char          *dir;
  char          *path;
  FifolabWriter *writer;
  Recorder       rec;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  test_data)
{
  fifolab_test_fifo_init (&fx->dir, &fx->path, test_data);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  test_data)
{
  if (fx->writer != NULL)
    g_assert_finalize_object (g_steal_pointer (&fx->writer));
  recorder_clear (&fx->rec);
  fifolab_test_fifo_clear (&fx->dir, &fx->path);
}

/* Opens a read end on the fixture's FIFO (so that the writer connects at
 * once) and starts the writer; returns the read end. */
static int
open_reader_and_start (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  int reader = fifolab_fifo_open (fx->path, O_RDONLY, &error);

  g_assert_no_error (error);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  return reader;
}

static gboolean
saw_state (Recorder           *rec,
           FifolabWriterState  state)
{
  for (guint i = 0; i < rec->states->len; i++)
    if (g_array_index (rec->states, FifolabWriterState, i) == state)
      return TRUE;
  return FALSE;
}

typedef struct
{
  FifolabWriter      *writer;
  Recorder           *rec;
  FifolabWriterState  state;
  guint               n_sent;
  FifolabEventKind    kind;
  guint               n_events;
} Until;

static gboolean
until_cb (gpointer data)
{
  Until *u = data;

  return fifolab_writer_get_state (u->writer) == u->state &&
         u->rec->sent->len >= u->n_sent &&
         (u->kind == FIFOLAB_EVENT_NONE || fifolab_test_count_events (u->rec->events, u->kind) >= u->n_events);
}

/* Waits until @writer is in @state, has sent @n_sent messages and has said
 * @kind @n_events times. */
static gboolean
wait_writer (FifolabWriter      *writer,
             Recorder           *rec,
             FifolabWriterState  state,
             guint               n_sent,
             FifolabEventKind    kind,
             guint               n_events)
{
  Until u = { writer, rec, state, n_sent, kind, n_events };

  return fifolab_test_wait_until (until_cb, &u, 10000);
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* `cat PIPE > PIPE.out`: into a file, so that cat never waits for us to
 * read its output. */
static GSubprocess *
spawn_cat (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *out_path = g_strconcat (path, ".out", NULL);
  GSubprocess *proc;

  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  proc = g_subprocess_launcher_spawn (launcher, &error, "cat", path, NULL);
  g_assert_no_error (error);
  return proc;
}

/* Waits for @proc (transfer full) to succeed and lets go of it
 * (fifolab_test_subprocess_release(): nothing of the child stays open);
 * returns what it wrote to PATH.out. */
static GBytes *
finish_cat_file (GSubprocess *proc,
                 const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = g_strconcat (path, ".out", NULL);
  char *data = NULL;
  gsize len = 0;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  fifolab_test_subprocess_release (proc);
  g_assert_true (g_file_get_contents (out_path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static GBytes *communicate (GSubprocess *proc);

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *done = TRUE;
}

/* Waits for a process started with a stdout pipe (small outputs only),
 * running the main loop meanwhile so that the writer can feed it; returns
 * its output and lets go of it (transfer full) with
 * fifolab_test_subprocess_release(). */
static GBytes *
finish_cat (GSubprocess *proc)
{
  gboolean done = FALSE;
  GBytes *out;

  g_subprocess_wait_async (proc, NULL, wait_done_cb, &done);
  g_assert_true (fifolab_test_wait_for (&done, 10000));
  out = communicate (proc);
  fifolab_test_subprocess_release (proc);
  return out;
}

static GBytes *
communicate (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;
  GBytes *out = NULL;

  g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return out;
}

static void
test_writer_new_destroy (void)
{
  FifolabWriter *writer = fifolab_writer_new ("/nonexistent/pipe");
  FifolabWriterState state;
  guint interval;

  g_assert_cmpstr (fifolab_writer_get_path (writer), ==, "/nonexistent/pipe");
  g_assert_cmpint (fifolab_writer_get_state (writer), ==, FIFOLAB_WRITER_IDLE);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), ==, 0);
  g_assert_cmpuint (fifolab_writer_get_bytes_sent (writer), ==, 0);
  g_assert_cmpuint (fifolab_writer_get_messages_sent (writer), ==, 0);
  g_assert_cmpuint (fifolab_writer_get_retry_interval (writer), ==, 100);
  g_assert_cmpint (fifolab_writer_get_capacity (writer), ==, -1);
  g_assert_cmpint (fifolab_writer_get_queued (writer), ==, -1);
  g_assert_null (fifolab_writer_get_error (writer));
  g_object_get (writer, "state", &state, "retry-interval", &interval, NULL);
  g_assert_cmpint (state, ==, FIFOLAB_WRITER_IDLE);
  g_assert_cmpuint (interval, ==, 100);

  g_assert_finalize_object (writer);
}

static void
test_writer_refuses (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "plain", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  FifolabWriter *writer;

  g_assert_true (g_file_set_contents (file, "keep", -1, NULL));
  writer = fifolab_writer_new (file);
  g_assert_false (fifolab_writer_start (writer, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_assert_cmpint (fifolab_writer_get_state (writer), ==, FIFOLAB_WRITER_FAILED);
  g_assert_error (fifolab_writer_get_error (writer), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_assert_finalize_object (writer);
  g_assert_true (g_file_get_contents (file, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "keep");

  g_clear_error (&error);
  writer = fifolab_writer_new (missing);
  g_assert_false (fifolab_writer_start (writer, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_assert_finalize_object (writer);

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Queued while nobody reads, then `cat` comes: everything arrives exactly,
 * in order; a message over PIPE_BUF is flagged NOT_ATOMIC. */
static void
test_writer_waits_then_cat (Fixture       *fx,
                            gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  fx->writer = fifolab_writer_new (fx->path);
  recorder_init (&fx->rec, fx->writer);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_WAITING_FOR_READER);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_WAITING_FOR_READER), ==, 1);

  g_ptr_array_add (messages, bytes_of ("first\n"));
  g_ptr_array_add (messages, bytes_of ("second\n"));
  g_ptr_array_add (messages, fifolab_test_bytes_sized (FIFOLAB_PIPE_BUF));
  g_ptr_array_add (messages, fifolab_test_bytes_sized (FIFOLAB_PIPE_BUF + 1));
  g_ptr_array_add (messages, fifolab_test_bytes_sized (200 * 1024));
  g_ptr_array_add (messages, bytes_of ("last\n"));
  for (guint i = 0; i < messages->len; i++)
    {
      GBytes *b = g_ptr_array_index (messages, i);

      g_assert_cmpuint (fifolab_writer_send (fx->writer, b, NULL), ==, i + 1);
      g_byte_array_append (expected, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
    }

  /* Several retries pass; nothing is sent and the wait is said once. */
  fifolab_test_run_for (350);
  g_assert_cmpuint (fx->rec.sent->len, ==, 0);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (fx->writer), ==, messages->len);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_WAITING_FOR_READER), ==, 1);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_WAITING_FOR_READER);

  cat = spawn_cat (fx->path);
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, messages->len,
                              FIFOLAB_EVENT_READER_CONNECTED, 1));
  g_assert_cmpint (fifolab_writer_get_capacity (fx->writer), ==, 65536);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (fx->writer), ==, 0);
  g_assert_cmpuint (fifolab_writer_get_messages_sent (fx->writer), ==, messages->len);
  g_assert_cmpuint (fifolab_writer_get_bytes_sent (fx->writer), ==, expected->len);

  for (guint i = 0; i < messages->len; i++)
    {
      Sent *s = &g_array_index (fx->rec.sent, Sent, i);
      GBytes *b = g_ptr_array_index (messages, i);
      guint flags = g_bytes_get_size (b) > FIFOLAB_PIPE_BUF ? FIFOLAB_MESSAGE_NOT_ATOMIC : 0;

      g_assert_true (s->bytes == b);
      g_assert_cmpuint (s->written, ==, g_bytes_get_size (b));
      g_assert_cmpuint (s->flags, ==, flags);
    }

  /* The writer closing is cat's end of file. */
  fifolab_writer_close (fx->writer);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_CLOSED);
  out = finish_cat_file (g_steal_pointer (&cat), fx->path);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   expected->data, expected->len);
}

/* A reader that leaves while the writer is idle is noticed without a write;
 * the process lives on and the writer waits for the next reader, to which
 * later messages go. */
static void
test_writer_reader_leaves (Fixture       *fx,
                           gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) head = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GBytes) head_out = NULL;
  g_autoptr(GBytes) cat_out = NULL;
  g_autoptr(GBytes) hello = bytes_of ("hello world\n");
  g_autoptr(GBytes) again = bytes_of ("again\n");

  fx->writer = fifolab_writer_new (fx->path);
  recorder_init (&fx->rec, fx->writer);
  fifolab_writer_set_retry_interval (fx->writer, 20);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);

  head = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "head", "-c", "5", fx->path, NULL);
  g_assert_no_error (error);
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, 0,
                              FIFOLAB_EVENT_READER_CONNECTED, 1));
  g_assert_cmpuint (fifolab_writer_send (fx->writer, hello, NULL), >, 0);
  head_out = finish_cat (g_steal_pointer (&head));
  g_assert_cmpmem (g_bytes_get_data (head_out, NULL), g_bytes_get_size (head_out), "hello", 5);

  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_WAITING_FOR_READER, 1,
                              FIFOLAB_EVENT_NO_READER, 1));
  /* Bytes were lost: an error, not a normal end. */
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_READER_LEFT), ==, 0);
  g_assert_true (saw_state (&fx->rec, FIFOLAB_WRITER_READER_GONE));
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).written, ==, 12);
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).flags, ==, 0);
  g_assert_cmpint (fifolab_writer_get_capacity (fx->writer), ==, -1);

  /* Queued while waiting, delivered to the next reader. */
  g_assert_cmpuint (fifolab_writer_send (fx->writer, again, NULL), >, 0);
  fifolab_test_run_for (100);
  g_assert_cmpuint (fx->rec.sent->len, ==, 1);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (fx->writer), ==, 1);

  cat = spawn_cat (fx->path);
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, 2,
                              FIFOLAB_EVENT_READER_CONNECTED, 2));
  fifolab_writer_close (fx->writer);
  cat_out = finish_cat_file (g_steal_pointer (&cat), fx->path);
  g_assert_cmpmem (g_bytes_get_data (cat_out, NULL), g_bytes_get_size (cat_out), "again\n", 6);
}

/* The reader leaves in the middle of a long message (the pipe is full):
 * EPIPE/POLLERR, the message is reported PARTIAL with the bytes that went
 * in, it is not sent again, and the messages after it stay queued. */
static void
test_writer_reader_leaves_mid_message (Fixture       *fx,
                                       gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) head = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GBytes) head_out = NULL;
  g_autoptr(GBytes) cat_out = NULL;
  g_autoptr(GBytes) big = fifolab_test_bytes_sized (1024 * 1024);
  g_autoptr(GBytes) after = bytes_of ("after\n");
  Sent *s;

  fx->writer = fifolab_writer_new (fx->path);
  recorder_init (&fx->rec, fx->writer);
  fifolab_writer_set_retry_interval (fx->writer, 20);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, big, NULL), >, 0);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, after, NULL), >, 0);

  head = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "head", "-c", "100", fx->path, NULL);
  g_assert_no_error (error);
  head_out = finish_cat (g_steal_pointer (&head));
  g_assert_cmpuint (g_bytes_get_size (head_out), ==, 100);

  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_WAITING_FOR_READER, 1,
                              FIFOLAB_EVENT_NO_READER, 1));
  /* Bytes were lost: an error, not a normal end. */
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_READER_LEFT), ==, 0);
  s = &g_array_index (fx->rec.sent, Sent, 0);
  g_assert_true (s->bytes == big);
  g_assert_cmpuint (s->written, >=, 100);
  g_assert_cmpuint (s->written, <, g_bytes_get_size (big));
  g_assert_cmpuint (s->flags, ==, FIFOLAB_MESSAGE_NOT_ATOMIC | FIFOLAB_MESSAGE_PARTIAL);
  g_assert_cmpuint (fifolab_writer_get_bytes_sent (fx->writer), ==, s->written);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (fx->writer), ==, 1);

  cat = spawn_cat (fx->path);
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, 2,
                              FIFOLAB_EVENT_READER_CONNECTED, 2));
  fifolab_writer_close (fx->writer);
  cat_out = finish_cat_file (g_steal_pointer (&cat), fx->path);
  g_assert_cmpmem (g_bytes_get_data (cat_out, NULL), g_bytes_get_size (cat_out), "after\n", 6);
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 1).flags, ==, 0);
}

/* A reader that does not read: the pipe fills, pipe-full is said once; when
 * it reads, the rest goes through intact. */
static void
test_writer_pipe_full (Fixture       *fx,
                       gconstpointer  test_data)
{
  g_autoptr(GBytes) big = fifolab_test_bytes_sized (150 * 1024);
  g_autoptr(GByteArray) got = g_byte_array_new ();
  int reader;
  guint8 buf[8192];

  fx->writer = fifolab_writer_new (fx->path);
  recorder_init (&fx->rec, fx->writer);
  reader = open_reader_and_start (fx);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_CONNECTED);

  g_assert_cmpuint (fifolab_writer_send (fx->writer, big, NULL), >, 0);
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, 0,
                              FIFOLAB_EVENT_PIPE_FULL, 1));
  g_assert_cmpint (fifolab_writer_get_queued (fx->writer), ==, 65536);
  g_assert_cmpint (fifolab_fifo_get_queued (reader), ==, 65536);
  g_assert_cmpuint (fifolab_writer_get_bytes_sent (fx->writer), ==, 65536);
  fifolab_test_run_for (300);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_PIPE_FULL), ==, 1);
  g_assert_cmpuint (fx->rec.sent->len, ==, 0);

  while (got->len < g_bytes_get_size (big))
    {
      gssize n = read (reader, buf, sizeof buf);

      if (n > 0)
        g_byte_array_append (got, buf, n);
      else
        {
          g_assert_true (n < 0 && errno == EAGAIN);
          g_main_context_iteration (NULL, TRUE);
        }
    }
  g_assert_cmpmem (got->data, got->len, g_bytes_get_data (big, NULL), g_bytes_get_size (big));
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, 1, FIFOLAB_EVENT_NONE, 0));
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).written, ==, g_bytes_get_size (big));
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).flags, ==, FIFOLAB_MESSAGE_NOT_ATOMIC);

  close (reader);
}

/* close() while a write waits for room, then the last unref: the partial
 * message is reported by close itself, nothing after it, no fd is left. */
static void
test_writer_close_pending (Fixture       *fx,
                           gconstpointer  test_data)
{
  g_autoptr(GBytes) big = fifolab_test_bytes_sized (100 * 1024);
  g_autoptr(GBytes) next = bytes_of ("next");
  guint events_at_close;
  int reader;
  guint fds;

  fx->writer = fifolab_writer_new (fx->path);
  recorder_init (&fx->rec, fx->writer);
  fds = fifolab_test_count_fds ();
  reader = open_reader_and_start (fx);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, big, NULL), >, 0);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, next, NULL), >, 0);
  fifolab_test_run_for (50);
  g_assert_cmpuint (fx->rec.sent->len, ==, 0);

  fifolab_writer_close (fx->writer);
  fifolab_writer_close (fx->writer);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_CLOSED);
  g_assert_cmpuint (fx->rec.sent->len, ==, 1);
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).written, ==, 65536);
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).flags, ==,
                    FIFOLAB_MESSAGE_NOT_ATOMIC | FIFOLAB_MESSAGE_PARTIAL);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (fx->writer), ==, 1);
  events_at_close = fx->rec.events->len;

  /* Room appears; nothing happens any more. */
  while (read (reader, (char[4096]){0}, 4096) > 0)
    ;
  fifolab_test_run_for (100);
  g_assert_cmpuint (fx->rec.sent->len, ==, 1);
  g_assert_cmpuint (fx->rec.events->len, ==, events_at_close);
  close (reader);

  g_assert_finalize_object (g_steal_pointer (&fx->writer));
  fifolab_test_assert_fds (fds);
}

/* Dropping the last reference while connected with a write pending. */
static void
test_writer_unref_while_pending (Fixture       *fx,
                                 gconstpointer  test_data)
{
  g_autoptr(GBytes) big = fifolab_test_bytes_sized (100 * 1024);
  int reader;
  guint fds;

  fx->writer = fifolab_writer_new (fx->path);
  fds = fifolab_test_count_fds ();
  reader = open_reader_and_start (fx);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, big, NULL), >, 0);
  fifolab_test_run_for (50);
  fifolab_test_assert_fds (fds + 2);

  g_assert_finalize_object (g_steal_pointer (&fx->writer));
  fifolab_test_assert_fds (fds + 1);
  fifolab_test_run_for (50);
  close (reader);
}

static void
test_writer_idle_cpu (Fixture       *fx,
                      gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) msg = bytes_of ("waiting");
  gint64 cpu_before, cpu_used;
  guint fds;

  fx->writer = fifolab_writer_new (fx->path);
  fds = fifolab_test_count_fds ();
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, msg, NULL), >, 0);

  cpu_before = fifolab_test_cpu_time_us ();
  fifolab_test_run_for (1000);
  cpu_used = fifolab_test_cpu_time_us () - cpu_before;
  g_test_message ("CPU while waiting 1 s for a reader: %" G_GINT64_FORMAT " us", cpu_used);
  g_assert_cmpint (cpu_used, <, 50000);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_WAITING_FOR_READER);
  /* Ten open attempts left nothing open. */
  fifolab_test_assert_fds (fds);
}

/* Connected and idle: a reader that stays costs nothing either (the POLLERR
 * watch does not wake up while a reader is there). */
static void
test_writer_connected_idle_cpu (Fixture       *fx,
                                gconstpointer  test_data)
{
  gint64 cpu_before, cpu_used;
  int reader;

  fx->writer = fifolab_writer_new (fx->path);
  reader = open_reader_and_start (fx);

  cpu_before = fifolab_test_cpu_time_us ();
  fifolab_test_run_for (500);
  cpu_used = fifolab_test_cpu_time_us () - cpu_before;
  g_assert_cmpint (cpu_used, <, 25000);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_CONNECTED);

  close (reader);
}

/* The pipe is deleted while the writer waits for a reader. */
static void
test_writer_pipe_removed (Fixture       *fx,
                          gconstpointer  test_data)
{
  g_autoptr(GError) error = NULL;

  fx->writer = fifolab_writer_new (fx->path);
  recorder_init (&fx->rec, fx->writer);
  fifolab_writer_set_retry_interval (fx->writer, 20);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_fifo_delete (fx->path, &error));
  g_assert_no_error (error);

  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_FAILED, 0,
                              FIFOLAB_EVENT_PIPE_REMOVED, 1));
  g_assert_error (fifolab_writer_get_error (fx->writer), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_FOUND);
  /* No more retries. */
  fifolab_test_run_for (100);
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_PIPE_REMOVED), ==, 1);
}

static gsize
rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10) * 1024;
}

/* A message of @size bytes that says which one it is: "#<n>:" then filler. */
static GBytes *
bytes_numbered (guint n,
                gsize size)
{
  g_autofree char *head = g_strdup_printf ("#%u:", n);
  guint8 *data = g_malloc (size);
  gsize head_len = MIN (strlen (head), size);

  memset (data, 'a' + n % 26, size);
  memcpy (data, head, head_len);
  return g_bytes_new_take (data, size);
}

typedef struct
{
  FifolabWriter *writer;
  guint64        most;      /* the highest queued-bytes notified */
  guint          notified;
} QueuedWatch;

static void
queued_bytes_cb (FifolabWriter *writer,
                 GParamSpec    *pspec,
                 QueuedWatch   *watch)
{
  guint64 queued = fifolab_writer_get_queued_bytes (writer);

  watch->most = MAX (watch->most, queued);
  watch->notified++;
}

static gboolean
queue_empty_cb (gpointer data)
{
  return fifolab_writer_get_queued_messages (data) == 0 &&
         fifolab_writer_get_queued_bytes (data) == 0;
}

/* Nobody reads: 300 distinct messages of 1 MiB are offered. The writer takes
 * them up to its bound (16 MiB by default) and refuses the rest with
 * QUEUE_FULL, so memory stays bounded. Then `cat` reads: every accepted byte
 * arrives once, in order, none of the refused ones; and sending works again. */
static void
test_writer_queue_bound (Fixture       *fx,
                         gconstpointer  test_data)
{
  const gsize mib = 1024 * 1024;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) after = bytes_of ("after the drain\n");
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  /* References, not copies: the RSS measured is the writer's. */
  g_autoptr(GPtrArray) queued = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  QueuedWatch watch = { NULL, 0, 0 };
  guint64 max;
  guint accepted = 0;
  guint refused = 0;
  gsize rss_before, rss_after;

  fx->writer = fifolab_writer_new (fx->path);
  watch.writer = fx->writer;
  recorder_init (&fx->rec, fx->writer);
  g_signal_connect (fx->writer, "notify::queued-bytes", G_CALLBACK (queued_bytes_cb), &watch);
  max = fifolab_writer_get_max_queued_bytes (fx->writer);
  g_assert_cmpuint (max, ==, FIFOLAB_WRITER_DEFAULT_MAX_QUEUED_BYTES);
  g_assert_cmpuint (max, ==, 16 * mib);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_writer_get_state (fx->writer), ==, FIFOLAB_WRITER_WAITING_FOR_READER);

  rss_before = rss_bytes ();
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GBytes) msg = bytes_numbered (i, mib);
      guint64 queued_before = fifolab_writer_get_queued_bytes (fx->writer);
      guint n = fifolab_writer_send (fx->writer, msg, &error);

      if (n > 0)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (refused, ==, 0);  /* nothing is taken after a refusal */
          accepted++;
          g_assert_cmpuint (n, ==, accepted);
          g_assert_cmpuint (fifolab_writer_get_queued_bytes (fx->writer), ==, queued_before + mib);
          g_ptr_array_add (queued, g_bytes_ref (msg));
        }
      else
        {
          g_assert_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_QUEUE_FULL);
          if (refused == 0)
            g_test_message ("refused: %s", error->message);
          g_assert_nonnull (strstr (error->message, "16.0"));
          g_clear_error (&error);
          refused++;
          g_assert_cmpuint (fifolab_writer_get_queued_bytes (fx->writer), ==, queued_before);
          g_assert_cmpuint (fifolab_writer_get_queued_messages (fx->writer), ==, accepted);
        }
      g_assert_cmpuint (fifolab_writer_get_queued_bytes (fx->writer), <=, max);
    }
  rss_after = rss_bytes ();
  g_test_message ("300 x 1 MiB offered, no reader: %u queued, %u refused; "
                  "RSS %zu kB before, %zu kB after (+%zu kB)",
                  accepted, refused, rss_before / 1024, rss_after / 1024,
                  (rss_after - MIN (rss_after, rss_before)) / 1024);
  g_assert_cmpuint (accepted, ==, 16);
  g_assert_cmpuint (refused, ==, 300 - 16);
  g_assert_cmpuint (watch.most, ==, max);
  /* The messages held, not 300 MiB: well under twice the bound. (Under
   * AddressSanitizer the refused messages' freed buffers stay mapped in its
   * quarantine, so the resident size says nothing of what is held.) */
  if (!FIFOLAB_TEST_ASAN)
    g_assert_cmpuint (rss_after, <, rss_before + 2 * max);
  for (guint i = 0; i < queued->len; i++)
    {
      GBytes *msg = g_ptr_array_index (queued, i);

      g_byte_array_append (expected, g_bytes_get_data (msg, NULL), g_bytes_get_size (msg));
    }

  /* A reader comes: everything accepted is written, and nothing else. */
  cat = spawn_cat (fx->path);
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, accepted,
                              FIFOLAB_EVENT_READER_CONNECTED, 1));
  g_assert_true (fifolab_test_wait_until (queue_empty_cb, fx->writer, 10000));
  g_assert_cmpuint (fifolab_writer_get_messages_sent (fx->writer), ==, accepted);
  g_assert_cmpuint (fifolab_writer_get_bytes_sent (fx->writer), ==, expected->len);
  g_assert_cmpuint (watch.most, <=, max);

  /* Drained: sending works again. */
  g_assert_cmpuint (fifolab_writer_send (fx->writer, after, &error), ==, 1);
  g_assert_no_error (error);
  g_byte_array_append (expected, g_bytes_get_data (after, NULL), g_bytes_get_size (after));
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_CONNECTED, accepted + 1,
                              FIFOLAB_EVENT_NONE, 0));
  g_assert_cmpuint (fifolab_writer_get_queued_bytes (fx->writer), ==, 0);

  fifolab_writer_close (fx->writer);
  out = finish_cat_file (g_steal_pointer (&cat), fx->path);
  g_assert_cmpuint (g_bytes_get_size (out), ==, expected->len);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   expected->data, expected->len);
}

/* The seed chapter's reader gets its 22 bytes from us. */
static void
test_writer_seed_reader (Fixture       *fx,
                         gconstpointer  test_data)
{
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  GPid pid = 0;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) msg = bytes_of ("Hello from pid [12345]");
  g_autofree char *expected = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");

  fx->writer = fifolab_writer_new (fx->path);
  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      g_assert_finalize_object (g_steal_pointer (&fx->writer));
      return;
    }
  script = fifolab_test_seed_script ("read_from_named_pipe.py");

  recorder_init (&fx->rec, fx->writer);
  fifolab_writer_set_retry_interval (fx->writer, 20);
  g_assert_true (fifolab_writer_start (fx->writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_send (fx->writer, msg, NULL), >, 0);

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &pid, "python3", script, fx->path, NULL);
  expected = g_strdup_printf ("I pid [%d] received a message => Hello from pid [12345]\n",
                              (int) pid);
  /* It read all we wrote and left: a normal end, not "No reader" (issue 14). */
  g_assert_true (wait_writer (fx->writer, &fx->rec, FIFOLAB_WRITER_WAITING_FOR_READER, 1,
                              FIFOLAB_EVENT_READER_LEFT, 1));
  g_assert_true (saw_state (&fx->rec, FIFOLAB_WRITER_READER_GONE));
  g_assert_cmpuint (fifolab_test_count_events (fx->rec.events, FIFOLAB_EVENT_NO_READER), ==, 0);
  out = finish_cat (g_steal_pointer (&proc));
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   expected, strlen (expected));
  g_assert_cmpuint (g_array_index (fx->rec.sent, Sent, 0).written, ==, 22);
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
   * child a test starts is let go of (finish_cat(), finish_cat_file()), so
   * counts are exact. */
  fifolab_test_warm_up ();

  g_test_add_func ("/writer/new-destroy", test_writer_new_destroy);
  g_test_add_func ("/writer/refuses", test_writer_refuses);
  add_fixture_test ("/writer/waits-then-cat", "to-cat", test_writer_waits_then_cat);
  add_fixture_test ("/writer/reader-leaves", "leaving", test_writer_reader_leaves);
  add_fixture_test ("/writer/reader-leaves-mid-message", "mid", test_writer_reader_leaves_mid_message);
  add_fixture_test ("/writer/pipe-full", "full", test_writer_pipe_full);
  add_fixture_test ("/writer/close-pending", "pending", test_writer_close_pending);
  add_fixture_test ("/writer/unref-while-pending", "unref", test_writer_unref_while_pending);
  add_fixture_test ("/writer/idle-cpu", "idle", test_writer_idle_cpu);
  add_fixture_test ("/writer/connected-idle-cpu", "idle-connected", test_writer_connected_idle_cpu);
  add_fixture_test ("/writer/pipe-removed", "removed", test_writer_pipe_removed);
  add_fixture_test ("/writer/seed-reader", "my_pipe", test_writer_seed_reader);
  add_fixture_test ("/writer/queue-bound", "bounded", test_writer_queue_bound);

  return g_test_run ();
}
