/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>

#include "fifolab-fifo.h"
#include "fifolab-inspector.h"
#include "fifolab-peer-process.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"

#define TIMEOUT_MS 10000

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fifolab_test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "my_pipe", NULL);
  g_assert_true (fifolab_fifo_create (f->path, 0600, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fifolab_test_tmpdir_free (g_steal_pointer (&f->dir));
  g_clear_pointer (&f->path, g_free);
}

/* The first stored entry with @direction (and @kind for events), after a flush. */
static FifolabLogEntry *
find_entry (FifolabLog       *log,
            FifolabDirection  direction,
            FifolabEventKind  kind)
{
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == direction &&
          (direction != FIFOLAB_DIRECTION_EVENT || fifolab_log_entry_get_kind (entry) == kind))
        return g_steal_pointer (&entry);
    }

  return NULL;
}

typedef struct
{
  FifolabLog       *log;
  FifolabDirection  direction;
  FifolabEventKind  kind;
} Wanted;

static gboolean
has_entry (gpointer data)
{
  Wanted *w = data;
  g_autoptr(FifolabLogEntry) entry = find_entry (w->log, w->direction, w->kind);

  return entry != NULL;
}

static FifolabLogEntry *
wait_for_entry (FifolabLog       *log,
                FifolabDirection  direction,
                FifolabEventKind  kind)
{
  Wanted w = { log, direction, kind };

  g_assert_true (fifolab_test_wait_until (has_entry, &w, TIMEOUT_MS));
  return find_entry (log, direction, kind);
}

static void
assert_bytes (GBytes     *bytes,
              const void *data,
              gsize       len)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
}

static void
count_cb (FifolabSession *session,
          const char     *path,
          guint          *count)
{
  g_assert_nonnull (path);
  (*count)++;
}

typedef struct
{
  gboolean  done;
  GBytes   *out;
  GError   *error;
} Communicate;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicate *c = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &c->out, NULL, &c->error);
  c->done = TRUE;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *done = TRUE;
}

/* Tests */

static void
test_new_destroy (void)
{
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = g_object_ref (fifolab_session_get_log (session));
  g_autoptr(GPtrArray) paths = NULL;
  gint64 pid = 0;

  g_object_get (session, "pid", &pid, NULL);
  g_assert_cmpint (pid, ==, getpid ());
  g_assert_cmpint (fifolab_session_get_pid (session), ==, getpid ());
  paths = fifolab_session_list_paths (session);
  g_assert_cmpuint (paths->len, ==, 0);

  g_assert_finalize_object (session);
  g_assert_finalize_object (log);
}

static void
test_destroy_while_open (Fixture       *f,
                         gconstpointer  data)
{
  FifolabSession *session = fifolab_session_new ();
  g_autoptr(GError) error = NULL;
  guint fds = fifolab_test_count_fds ();

  /* A reader waiting for a writer and a writer waiting for a reader (a second
   * FIFO, so they do not meet). */
  g_autofree char *other = g_build_filename (f->dir, "other", NULL);
  g_assert_true (fifolab_fifo_create (other, 0600, &error));
  g_assert_nonnull (fifolab_session_open_reader (session, f->path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_send_template (session, other, FIFOLAB_DEFAULT_TEMPLATE,
                                                NULL, &error));
  g_assert_no_error (error);
  fifolab_test_run_for (150);

  /* Dispose closes everything and no callback runs afterwards. */
  g_assert_finalize_object (session);
  fifolab_test_run_for (250);
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);
}

static void
test_receive (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) received = NULL;
  g_autoptr(FifolabLogEntry) eof = NULL;
  g_autofree char *expected = NULL;
  FifolabReader *reader;
  guint changes = 0;
  gint64 sh_pid;
  GPid child_pid = 0;

  g_signal_connect (session, "connection-changed", G_CALLBACK (count_cb), &changes);

  reader = fifolab_session_open_reader (session, f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_true (fifolab_session_get_reader (session, f->path) == reader);
  g_assert_cmpuint (changes, >=, 1);

  /* A separate process claims its own pid, as the seed's writer does. It
   * waits on its stdin until the test is ready for it. */
  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &child_pid,
                             "sh", "-c", "read _; printf 'Hello from pid [%d]' $$ > \"$1\"", "sh", f->path,
                             NULL);
  sh_pid = child_pid;
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
  g_assert_no_error (error);

  received = wait_for_entry (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE);
  expected = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", sh_pid);
  assert_bytes (fifolab_log_entry_get_bytes (received), expected, strlen (expected));
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (received), ==, sh_pid);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (received), ==, getpid ());
  g_assert_cmpstr (fifolab_log_entry_get_pipe_path (received), ==, f->path);
  g_assert_cmpint (fifolab_log_entry_get_wall_us (received), >, 0);

  /* The writer closed: an end-of-stream event a student can read. */
  eof = wait_for_entry (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_END_OF_STREAM);
  g_assert_nonnull (fifolab_log_entry_get_explanation (eof));
  g_assert_cmpuint (strlen (fifolab_log_entry_get_explanation (eof)), >, 0);
  g_assert_cmpstr (fifolab_log_entry_get_pipe_path (eof), ==, f->path);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (eof), ==, -1);

  /* The state changes were announced. */
  g_assert_cmpuint (changes, >=, 3);

  {
    g_autoptr(FifolabLogEntry) opened =
      find_entry (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_READER_OPENED);
    g_assert_nonnull (opened);
  }
}

static void
test_receive_framed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  guint n_received = 0;
  guint n;

  g_assert_nonnull (fifolab_session_open_reader (session, f->path, framer, &error));
  g_assert_no_error (error);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           "sh", "-c", "printf 'one\\ntwo pid [77]\\nthree' > \"$1\"", "sh", f->path,
                           NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, wait_cb, &done);
  g_assert_true (fifolab_test_wait_for (&done, TIMEOUT_MS));
  g_object_unref (wait_for_entry (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_END_OF_STREAM));

  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) e = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (e) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      switch (n_received++)
        {
        case 0:
          assert_bytes (fifolab_log_entry_get_bytes (e), "one", 3);
          g_assert_cmpint (fifolab_log_entry_get_sender_pid (e), ==, -1);
          break;
        case 1:
          assert_bytes (fifolab_log_entry_get_bytes (e), "two pid [77]", 12);
          g_assert_cmpint (fifolab_log_entry_get_sender_pid (e), ==, 77);
          break;
        case 2:
          /* The stream ended inside the last line. */
          assert_bytes (fifolab_log_entry_get_bytes (e), "three", 5);
          g_assert_true (fifolab_log_entry_get_flags (e) & FIFOLAB_MESSAGE_INCOMPLETE);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (n_received, ==, 3);
}

static void
test_send_to_cat (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) sent = NULL;
  g_autoptr(FifolabLogEntry) closed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_line = NULL;
  Communicate c = { 0 };
  guint changes = 0;

  g_signal_connect (session, "connection-changed", G_CALLBACK (count_cb), &changes);

  /* Queued first: the writer waits for a reader without blocking. */
  g_assert_true (fifolab_session_send_template (session, f->path, FIFOLAB_DEFAULT_TEMPLATE,
                                                framer, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fifolab_session_get_writer (session, f->path));
  g_assert_cmpuint (changes, >=, 1);
  fifolab_test_run_for (150);

  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "cat", f->path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (cat, NULL, NULL, communicate_cb, &c);

  sent = wait_for_entry (log, FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE);
  expected = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  expected_line = g_strconcat (expected, "\n", NULL);
  /* The log holds the message, as a reader of it logs it; the framing beside
   * it (the pipe got it with its terminator, see below). */
  assert_bytes (fifolab_log_entry_get_bytes (sent), expected, strlen (expected));
  g_assert_cmpint (fifolab_log_entry_get_framing (sent), ==, FIFOLAB_FRAMING_LINE);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (sent), ==, getpid ());
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (sent), ==, -1);
  g_assert_cmpuint (fifolab_log_entry_get_flags (sent), ==, 0);

  /* Closing our end gives cat its EOF. */
  fifolab_session_disconnect (session, f->path, FIFOLAB_ACCESS_WRITE);
  g_assert_null (fifolab_session_get_writer (session, f->path));
  g_assert_true (fifolab_test_wait_for (&c.done, TIMEOUT_MS));
  g_assert_no_error (c.error);
  assert_bytes (c.out, expected_line, strlen (expected_line));
  g_clear_pointer (&c.out, g_bytes_unref);

  closed = find_entry (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_CLOSED);
  g_assert_nonnull (closed);
  g_assert_nonnull (fifolab_log_entry_get_explanation (closed));
}

static void
test_send_big (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) sent = NULL;
  g_autoptr(GBytes) big = NULL;
  guint8 *data_ = g_malloc (3 * FIFOLAB_PIPE_BUF);
  Communicate c = { 0 };

  for (guint i = 0; i < 3 * FIFOLAB_PIPE_BUF; i++)
    data_[i] = (guint8) (i * 13);
  big = g_bytes_new_take (data_, 3 * FIFOLAB_PIPE_BUF);

  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "cat", f->path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (cat, NULL, NULL, communicate_cb, &c);

  g_assert_true (fifolab_session_send_bytes (session, f->path, big, &error));
  g_assert_no_error (error);

  /* More than PIPE_BUF: sent whole, flagged as not atomic. */
  sent = wait_for_entry (log, FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE);
  assert_bytes (fifolab_log_entry_get_bytes (sent), g_bytes_get_data (big, NULL),
                g_bytes_get_size (big));
  g_assert_true (fifolab_log_entry_get_flags (sent) & FIFOLAB_MESSAGE_NOT_ATOMIC);
  g_assert_false (fifolab_log_entry_get_flags (sent) & FIFOLAB_MESSAGE_PARTIAL);

  fifolab_session_disconnect_all (session);
  g_assert_true (fifolab_test_wait_for (&c.done, TIMEOUT_MS));
  g_assert_no_error (c.error);
  assert_bytes (c.out, g_bytes_get_data (big, NULL), g_bytes_get_size (big));
  g_clear_pointer (&c.out, g_bytes_unref);
}

static void
test_seed_reader (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(GSubprocess) py = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) sent = NULL;
  g_autofree char *script = NULL;
  g_autofree char *message = NULL;
  g_autofree char *expected = NULL;
  const char *seed_dir = g_getenv ("FIFOLAB_SEED_DIR");
  Communicate c = { 0 };
  gint64 py_pid;
  GPid child_pid = 0;

  g_assert_nonnull (seed_dir);
  script = g_build_filename (seed_dir, "read_from_named_pipe.py", NULL);

  py = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &child_pid,
                           "python3", script, f->path, NULL);
  py_pid = child_pid;
  g_subprocess_communicate_async (py, NULL, NULL, communicate_cb, &c);

  g_assert_true (fifolab_session_send_template (session, f->path, FIFOLAB_DEFAULT_TEMPLATE,
                                                NULL, &error));
  g_assert_no_error (error);
  sent = wait_for_entry (log, FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE);
  fifolab_session_disconnect (session, f->path, FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);

  g_assert_true (fifolab_test_wait_for (&c.done, TIMEOUT_MS));
  g_assert_no_error (c.error);

  /* The seed reads 22 bytes: all of it for a 5-digit pid. */
  message = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  if (strlen (message) > FIFOLAB_SEED_MESSAGE_SIZE)
    message[FIFOLAB_SEED_MESSAGE_SIZE] = '\0';
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %s\n",
                              py_pid, message);
  assert_bytes (c.out, expected, strlen (expected));
  g_clear_pointer (&c.out, g_bytes_unref);
}

static void
test_paths_and_disconnect (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  g_autofree char *a = g_build_filename (f->dir, "a_pipe", NULL);
  g_autofree char *file = g_build_filename (f->dir, "plain", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  FifolabReader *first;
  FifolabReader *second;
  guint changes = 0;
  guint fds = fifolab_test_count_fds ();

  g_signal_connect (session, "connection-changed", G_CALLBACK (count_cb), &changes);
  g_assert_true (fifolab_fifo_create (a, 0600, &error));

  first = fifolab_session_open_reader (session, f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fifolab_session_open_reader (session, a, NULL, &error));
  g_assert_no_error (error);

  paths = fifolab_session_list_paths (session);
  g_assert_cmpuint (paths->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, a);
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, f->path);
  g_clear_pointer (&paths, g_ptr_array_unref);

  /* Opening again replaces the reader (the old one is closed and logged). */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  second = fifolab_session_open_reader (session, f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_null (first);
  g_assert_true (fifolab_session_get_reader (session, f->path) == second);

  /* Not a FIFO: refused, logged, not held. */
  g_assert_true (g_file_set_contents (file, "data", -1, NULL));
  g_assert_null (fifolab_session_open_reader (session, file, NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_null (fifolab_session_get_reader (session, file));
  g_assert_false (fifolab_session_send_template (session, file, "x", NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);

  /* A bad template is an error and opens nothing. */
  g_assert_false (fifolab_session_send_template (session, f->dir, "pid %s", NULL, &error));
  g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER);
  g_clear_error (&error);

  paths = fifolab_session_list_paths (session);
  g_assert_cmpuint (paths->len, ==, 2);
  g_clear_pointer (&paths, g_ptr_array_unref);

  changes = 0;
  fifolab_session_disconnect (session, a, FIFOLAB_ACCESS_READ);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_null (fifolab_session_get_reader (session, a));
  /* Nothing held there: nothing happens. */
  fifolab_session_disconnect (session, a, FIFOLAB_ACCESS_READ);
  fifolab_session_disconnect (session, f->path, FIFOLAB_ACCESS_WRITE);
  g_assert_cmpuint (changes, ==, 1);

  paths = fifolab_session_list_paths (session);
  g_assert_cmpuint (paths->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, f->path);
  g_clear_pointer (&paths, g_ptr_array_unref);

  fifolab_session_disconnect_all (session);
  paths = fifolab_session_list_paths (session);
  g_assert_cmpuint (paths->len, ==, 0);

  {
    g_autoptr(FifolabLogEntry) closed = find_entry (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_CLOSED);
    g_autoptr(FifolabLogEntry) failed = find_entry (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_ERROR);
    g_assert_nonnull (closed);
    g_assert_nonnull (failed);
  }

  /* Nothing leaked. (A descriptor of an earlier test, closed by GLib's worker
   * meanwhile, can make the count smaller than before, never larger.) */
  fifolab_test_run_for (50);
  g_assert_cmpuint (fifolab_test_count_fds (), <=, fds);
}

/* A message is stored with its final flags, the events explaining them after it */

typedef struct
{
  FifolabLog *log;
  guint       n;       /* received entries stored and announced */
  char       *path;    /* of the last one */
  guint64     serial;  /* of the last one */
} Received;

/* Counts the received entries (after a flush). */
static gboolean
received_entries (gpointer data,
                  guint    at_least)
{
  Received *r = data;
  guint n;

  fifolab_log_flush (r->log);
  n = g_list_model_get_n_items (G_LIST_MODEL (r->log));
  r->n = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (r->log), i);

      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      r->n++;
      g_free (r->path);
      r->path = g_strdup (fifolab_log_entry_get_pipe_path (entry));
      r->serial = fifolab_log_entry_get_serial (entry);
    }
  return r->n >= at_least;
}

/* The received entry of serial @serial, after a flush; its index in *@index. */
static FifolabLogEntry *
entry_by_serial (FifolabLog *log,
                 guint64     serial,
                 guint      *index)
{
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_serial (entry) == serial)
        {
          if (index != NULL)
            *index = i;
          return g_steal_pointer (&entry);
        }
    }
  return NULL;
}

static FifolabLogEntry *
entry_at (FifolabLog *log,
          guint       index)
{
  return g_list_model_get_item (G_LIST_MODEL (log), index);
}

static gboolean
received_one (gpointer data)
{
  return received_entries (data, 1);
}

static gboolean
received_two (gpointer data)
{
  return received_entries (data, 2);
}

/* No row of a message is ever announced as changed (removed == added). */
static void
no_rewrite_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    data)
{
  guint *rewrites = data;

  if (removed > 0 && removed == added)
    (*rewrites)++;
}

static gboolean
received_n (gpointer data)
{
  FifolabSession *session = data;
  FifolabReader *reader = NULL;
  g_autoptr(GPtrArray) paths = fifolab_session_list_paths (session);

  if (paths->len > 0)
    reader = fifolab_session_get_reader (session, paths->pdata[0]);
  return reader != NULL && fifolab_reader_get_messages_received (reader) >= 2;
}

typedef struct
{
  FifolabInspector *inspector;
  const char       *path;
} Verdicts;

/* The claimed pids have been looked at (in a worker): the liar's is found
 * unseen, this process's found writing. */
static gboolean
verdicts_in (gpointer data)
{
  Verdicts *v = data;

  return fifolab_inspector_get_n_unseen (v->inspector) >= 1 &&
         fifolab_inspector_writer_seen (v->inspector, v->path, getpid ());
}

/* A message that claims a pid no writer of the pipe has: it is held back
 * until the claimed process has been looked at, then stored once, marked
 * PID_UNSEEN (the row shows it), and the event after it says why. One
 * claiming this process's pid, which holds the pipe, is not marked. No row is
 * ever rewritten. */
static void
test_pid_unseen_flag (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabInspector *inspector = fifolab_inspector_new (log);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) honest = NULL;
  g_autoptr(FifolabLogEntry) lie = NULL;
  g_autoptr(FifolabLogEntry) after = NULL;
  g_autofree char *mine = g_strdup_printf ("Hello from pid [%d]\n", (int) getpid ());
  const char *liar = "Hello from pid [1]\n";
  Received r = { log, 0, NULL, 0 };
  Verdicts v = { inspector, f->path };
  guint64 honest_serial;
  guint index = 0;
  guint rewrites = 0;
  int fd;

  fifolab_session_set_inspector (session, inspector);
  g_signal_connect (log, "items-changed", G_CALLBACK (no_rewrite_cb), &rewrites);
  g_assert_nonnull (fifolab_session_open_reader (session, f->path, framer, &error));
  g_assert_no_error (error);

  fd = open (f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, mine, strlen (mine)), ==, (gssize) strlen (mine));
  g_assert_true (fifolab_test_wait_until (received_one, &r, TIMEOUT_MS));
  honest_serial = r.serial;
  g_assert_cmpstr (r.path, ==, f->path);
  /* pid 1 (init) never holds our pipe. */
  g_assert_cmpint (write (fd, liar, strlen (liar)), ==, (gssize) strlen (liar));
  g_assert_true (fifolab_test_wait_until (received_n, session, TIMEOUT_MS));
  /* The pipe stays open for writing until this process has been looked at. */
  g_assert_true (fifolab_test_wait_until (verdicts_in, &v, TIMEOUT_MS));
  close (fd);
  g_assert_true (fifolab_test_wait_until (received_two, &r, TIMEOUT_MS));
  g_assert_cmpuint (r.n, ==, 2);

  honest = entry_by_serial (log, honest_serial, NULL);
  g_assert_nonnull (honest);
  g_assert_cmpint (fifolab_log_entry_get_direction (honest), ==, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (fifolab_log_entry_get_flags (honest), ==, 0);

  lie = entry_by_serial (log, r.serial, &index);
  g_assert_nonnull (lie);
  g_assert_cmpint (fifolab_log_entry_get_direction (lie), ==, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (lie), ==, 1);
  g_assert_cmpuint (fifolab_log_entry_get_flags (lie), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  /* The explanation follows the message. */
  after = entry_at (log, index + 1);
  g_assert_cmpint (fifolab_log_entry_get_kind (after), ==, FIFOLAB_EVENT_PID_UNSEEN);
  g_assert_nonnull (strstr (fifolab_log_entry_get_display_text (after), "pid 1,"));
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);

  /* Stored once, with its final flags: no row was announced as changed. */
  g_assert_cmpuint (rewrites, ==, 0);
  g_signal_handlers_disconnect_by_data (log, &rewrites);

  fifolab_session_disconnect_all (session);
  fifolab_session_set_inspector (session, NULL);
  g_assert_finalize_object (inspector);
  g_free (r.path);
}

/* What the session holds back when each message reaches ::message. */
static void
note_held_cb (FifolabReader *reader,
              GBytes        *payload,
              guint          flags,
              gint64         wall_us,
              gint64         mono_us,
              gpointer       data)
{
  FifolabSession *session = g_object_get_data (G_OBJECT (reader), "session");

  g_array_append_vals (data, &(guint) { fifolab_session_get_n_held (session) }, 1);
}

/* A message whose claimed pid has to be looked at in /proc is held back, and
 * the message after it behind it: both are stored once, in order, the first
 * with its final flags and the event explaining them right after it. */
static void
test_held_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (log);
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  /* pid 1 (init) exists, and never holds our pipe: a worker looks at it. */
  const char *two = "Hello from pid [1]\nafter\n";
  Received r = { log, 0, NULL, 0 };
  FifolabReader *reader;
  guint rewrites = 0;
  guint n, lie = G_MAXUINT;
  int fd;

  fifolab_session_set_inspector (session, inspector);
  g_signal_connect (log, "items-changed", G_CALLBACK (no_rewrite_cb), &rewrites);
  reader = fifolab_session_open_reader (session, f->path, framer, &error);
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (reader), "session", session);
  g_signal_connect (reader, "message", G_CALLBACK (note_held_cb), held);

  fd = open (f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  /* One write, one read: both messages reach the session in one go, before
   * any verdict can come back to the main loop. */
  g_assert_cmpint (write (fd, two, strlen (two)), ==, (gssize) strlen (two));
  g_assert_true (fifolab_test_wait_until (received_two, &r, TIMEOUT_MS));
  close (fd);

  g_assert_cmpuint (held->len, ==, 2);
  g_assert_cmpuint (g_array_index (held, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (held, guint, 1), ==, 2);
  g_assert_cmpuint (fifolab_session_get_n_held (session), ==, 0);

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n && lie == G_MAXUINT; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED)
        lie = i;
    }
  g_assert_cmpuint (lie + 2, <, n);
  {
    g_autoptr(FifolabLogEntry) message = g_list_model_get_item (G_LIST_MODEL (log), lie);
    g_autoptr(FifolabLogEntry) event = g_list_model_get_item (G_LIST_MODEL (log), lie + 1);
    g_autoptr(FifolabLogEntry) after = g_list_model_get_item (G_LIST_MODEL (log), lie + 2);

    assert_bytes (fifolab_log_entry_get_bytes (message), "Hello from pid [1]", 18);
    g_assert_cmpint (fifolab_log_entry_get_sender_pid (message), ==, 1);
    g_assert_cmpuint (fifolab_log_entry_get_flags (message), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
    g_assert_cmpint (fifolab_log_entry_get_kind (event), ==, FIFOLAB_EVENT_PID_UNSEEN);
    assert_bytes (fifolab_log_entry_get_bytes (after), "after", 5);
    g_assert_cmpint (fifolab_log_entry_get_direction (after), ==, FIFOLAB_DIRECTION_RECEIVED);
    g_assert_cmpuint (fifolab_log_entry_get_flags (after), ==, 0);
  }
  g_assert_cmpuint (r.n, ==, 2);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
  g_assert_cmpuint (rewrites, ==, 0);

  g_signal_handlers_disconnect_by_data (log, &rewrites);
  fifolab_session_disconnect_all (session);
  g_free (r.path);
}

/* One send path: a message, literal or a template expanded, goes into the
 * pipe framed and into the log as the message, as its reader logs it. */
static void
test_send_logs_message (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *stamped = g_strdup_printf ("pid [%d]", (int) getpid ());
  const char *expected[] = { "hi %d", stamped };
  Received r = { log, 0, NULL, 0 };
  guint n, sent = 0, received = 0;

  /* FIFO Lab reads what it writes: both ends on one pipe. */
  g_assert_nonnull (fifolab_session_open_reader (session, f->path, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_send (session, f->path, "hi %d", FALSE, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_send (session, f->path, "pid [%d]", TRUE, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (received_two, &r, TIMEOUT_MS));

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      FifolabDirection direction = fifolab_log_entry_get_direction (entry);
      guint *count = direction == FIFOLAB_DIRECTION_SENT ? &sent : &received;

      if (direction == FIFOLAB_DIRECTION_EVENT)
        continue;
      g_assert_cmpuint (*count, <, 2);
      /* The same bytes each way, the framing beside them. */
      assert_bytes (fifolab_log_entry_get_bytes (entry), expected[*count], strlen (expected[*count]));
      g_assert_cmpint (fifolab_log_entry_get_framing (entry), ==, FIFOLAB_FRAMING_LINE);
      (*count)++;
    }
  g_assert_cmpuint (sent, ==, 2);
  g_assert_cmpuint (received, ==, 2);

  /* Refused before anything is queued: a bad template, a path that is not a FIFO. */
  g_assert_false (fifolab_session_send (session, f->path, "pid %s", TRUE, framer, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (fifolab_session_send (session, f->dir, "hi", FALSE, NULL, &error));
  g_assert_nonnull (error);

  fifolab_session_disconnect_all (session);
  g_free (r.path);
}

/* Asleep in write() on a full pipe. */
static gboolean
waits_in_write (gpointer data)
{
  g_autofree char *wchan = fifolab_peer_process_dup_wchan (data);

  return wchan != NULL && strstr (wchan, "pipe_write") != NULL;
}

static gboolean
peer_exited (gpointer data)
{
  return fifolab_peer_process_get_state (data) == FIFOLAB_PEER_STATE_EXITED;
}

typedef struct
{
  FifolabReader *reader;
  guint64        bytes;
} AllRead;

static gboolean
all_read (gpointer data)
{
  AllRead *all = data;

  return fifolab_reader_get_bytes_received (all->reader) >= all->bytes;
}

/* Two fifolab-peer writers write 100,000-byte lines at once into the pipe the
 * session reads: writes over PIPE_BUF interleave, and each torn line that
 * arrives carries TORN on its own entry, followed by the TORN event.
 *
 * That they interleave is made certain, not left to the scheduler (on a busy
 * machine one writer could otherwise write all its lines before the other
 * runs): the test holds a read end and makes the pipe one page, so both
 * writers are asleep in write() in the middle of their first line before the
 * session's reader comes; the kernel then lets each in for a page at a time. */
static void
test_torn_flag (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (log);
  g_autoptr(FifolabPeerProcess) w1 = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, f->path, NULL);
  g_autoptr(FifolabPeerProcess) w2 = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, f->path, NULL);
  FifolabPeerProcess *writers[] = { w1, w2 };
  g_autofree char *filler = g_strnfill (100000, 'x');
  g_autofree char *template_ = g_strdup_printf ("pid [%%d] <%s> pid [%%d]", filler);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) one = NULL;
  AllRead expected = { NULL, 0 };
  FifolabReader *reader;
  guint n, flagged = 0, whole = 0;
  int held;

  fifolab_inspector_set_template (inspector, f->path, template_);
  fifolab_session_set_inspector (session, inspector);
  held = open (f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (fcntl (held, F_SETPIPE_SZ, 4096), ==, 4096);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      fifolab_peer_process_set_template (writers[i], template_);
      fifolab_peer_process_set_framing (writers[i], FIFOLAB_FRAMING_LINE);
      fifolab_peer_process_set_count (writers[i], 20);
      g_assert_true (fifolab_peer_process_start (writers[i], &error));
      g_assert_no_error (error);
      fifolab_inspector_note_writer (inspector, f->path, fifolab_peer_process_get_pid (writers[i]));
      one = fifolab_stamp_expand (template_, fifolab_peer_process_get_pid (writers[i]), NULL);
      expected.bytes += 20 * (g_bytes_get_size (one) + 1);
      g_clear_pointer (&one, g_bytes_unref);
    }
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    g_assert_true (fifolab_test_wait_until (waits_in_write, writers[i], TIMEOUT_MS));
  reader = fifolab_session_open_reader (session, f->path, framer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  /* The session's read end is open: the held one can go, nothing is lost. */
  close (held);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_assert_true (fifolab_test_wait_until (peer_exited, writers[i], 30000));
      g_assert_cmpint (fifolab_peer_process_get_exit_code (writers[i]), ==, 0);
    }
  /* Every byte read: whatever the interleaving, two writers' 20 lines each. */
  expected.reader = reader;
  g_assert_true (fifolab_test_wait_until (all_read, &expected, TIMEOUT_MS));

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = entry_at (log, i);
      GBytes *bytes = fifolab_log_entry_get_bytes (entry);
      gboolean torn;

      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      torn = fifolab_shape_check_torn (template_, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) != 0;
      /* The flag is on exactly the torn ones. */
      g_assert_cmpint (torn, ==, (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN) != 0);
      if (torn)
        {
          g_autoptr(FifolabLogEntry) next = entry_at (log, i + 1);

          flagged++;
          g_assert_cmpint (fifolab_log_entry_get_kind (next), ==, FIFOLAB_EVENT_TORN);
        }
      else
        whole++;
    }
  g_test_message ("%u torn, %u whole", flagged, whole);
  g_assert_cmpuint (flagged, >, 0);
  g_assert_cmpuint (flagged, ==, fifolab_inspector_get_n_torn (inspector));

  fifolab_session_disconnect_all (session);
}

/* The session's reader priority reaches its readers, present and future. */
static void
test_reader_priority (Fixture       *f,
                      gconstpointer  data)
{
  FifolabSession *session = fifolab_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other", NULL);
  FifolabReader *first, *second;
  int priority = 0;

  g_assert_cmpint (fifolab_session_get_reader_priority (session), ==, G_PRIORITY_DEFAULT);
  first = fifolab_session_open_reader (session, f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_reader_get_priority (first), ==, G_PRIORITY_DEFAULT);

  g_object_set (session, "reader-priority", G_PRIORITY_LOW, NULL);
  g_object_get (session, "reader-priority", &priority, NULL);
  g_assert_cmpint (priority, ==, G_PRIORITY_LOW);
  g_assert_cmpint (fifolab_reader_get_priority (first), ==, G_PRIORITY_LOW);

  g_assert_true (fifolab_fifo_create (other, 0600, &error));
  second = fifolab_session_open_reader (session, other, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_reader_get_priority (second), ==, G_PRIORITY_LOW);

  fifolab_session_set_reader_priority (session, G_PRIORITY_DEFAULT_IDLE);
  g_assert_cmpint (fifolab_reader_get_priority (first), ==, G_PRIORITY_DEFAULT_IDLE);
  g_assert_cmpint (fifolab_reader_get_priority (second), ==, G_PRIORITY_DEFAULT_IDLE);

  fifolab_session_disconnect_all (session);
  g_assert_finalize_object (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/session/new-destroy", test_new_destroy);
  g_test_add ("/session/destroy-while-open", Fixture, NULL,
              fixture_setup, test_destroy_while_open, fixture_teardown);
  g_test_add ("/session/receive", Fixture, NULL,
              fixture_setup, test_receive, fixture_teardown);
  g_test_add ("/session/receive-framed", Fixture, NULL,
              fixture_setup, test_receive_framed, fixture_teardown);
  g_test_add ("/session/send-to-cat", Fixture, NULL,
              fixture_setup, test_send_to_cat, fixture_teardown);
  g_test_add ("/session/send-big", Fixture, NULL,
              fixture_setup, test_send_big, fixture_teardown);
  g_test_add ("/session/seed-reader", Fixture, NULL,
              fixture_setup, test_seed_reader, fixture_teardown);
  g_test_add ("/session/paths-and-disconnect", Fixture, NULL,
              fixture_setup, test_paths_and_disconnect, fixture_teardown);
  g_test_add ("/session/pid-unseen-flag", Fixture, NULL,
              fixture_setup, test_pid_unseen_flag, fixture_teardown);
  g_test_add ("/session/held-back", Fixture, NULL,
              fixture_setup, test_held_back, fixture_teardown);
  g_test_add ("/session/send-logs-message", Fixture, NULL,
              fixture_setup, test_send_logs_message, fixture_teardown);
  g_test_add ("/session/torn-flag", Fixture, NULL,
              fixture_setup, test_torn_flag, fixture_teardown);
  g_test_add ("/session/reader-priority", Fixture, NULL,
              fixture_setup, test_reader_priority, fixture_teardown);

  return g_test_run ();
}
