/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session's connections: opening, receiving, sending, its paths and
 * disconnecting, its readers' priority. What it stores in its log, with the
 * flags and events a message carries, is in test-session-log.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>

#include "fifolab-fifo.h"
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
  fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (received), expected, strlen (expected));
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
          fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (e), "one", 3);
          g_assert_cmpint (fifolab_log_entry_get_sender_pid (e), ==, -1);
          break;
        case 1:
          fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (e), "two pid [77]", 12);
          g_assert_cmpint (fifolab_log_entry_get_sender_pid (e), ==, 77);
          break;
        case 2:
          /* The stream ended inside the last line. */
          fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (e), "three", 5);
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
  fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (sent), expected, strlen (expected));
  g_assert_cmpint (fifolab_log_entry_get_framing (sent), ==, FIFOLAB_FRAMING_LINE);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (sent), ==, getpid ());
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (sent), ==, -1);
  g_assert_cmpuint (fifolab_log_entry_get_flags (sent), ==, 0);

  /* Closing our end gives cat its EOF. */
  fifolab_session_disconnect (session, f->path, FIFOLAB_ACCESS_WRITE);
  g_assert_null (fifolab_session_get_writer (session, f->path));
  g_assert_true (fifolab_test_wait_for (&c.done, TIMEOUT_MS));
  g_assert_no_error (c.error);
  fifolab_test_assert_bytes (c.out, expected_line, strlen (expected_line));
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
  fifolab_test_assert_bytes (fifolab_log_entry_get_bytes (sent), g_bytes_get_data (big, NULL),
                             g_bytes_get_size (big));
  g_assert_true (fifolab_log_entry_get_flags (sent) & FIFOLAB_MESSAGE_NOT_ATOMIC);
  g_assert_false (fifolab_log_entry_get_flags (sent) & FIFOLAB_MESSAGE_PARTIAL);

  fifolab_session_disconnect_all (session);
  g_assert_true (fifolab_test_wait_for (&c.done, TIMEOUT_MS));
  g_assert_no_error (c.error);
  fifolab_test_assert_bytes (c.out, g_bytes_get_data (big, NULL), g_bytes_get_size (big));
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
  fifolab_test_assert_bytes (c.out, expected, strlen (expected));
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

/* What the session told, in order: "read PATH", "write PATH" for
 * ::end-opened, "changed PATH" for ::connection-changed. */
static void
end_opened_cb (FifolabSession *session,
               const char     *path,
               FifolabAccess   access,
               GPtrArray      *told)
{
  g_assert_true (access == FIFOLAB_ACCESS_READ || access == FIFOLAB_ACCESS_WRITE);
  g_ptr_array_add (told, g_strconcat (access == FIFOLAB_ACCESS_READ ? "read " : "write ", path, NULL));
}

static void
told_changed_cb (FifolabSession *session,
                 const char     *path,
                 GPtrArray      *told)
{
  g_ptr_array_add (told, g_strconcat ("changed ", path, NULL));
}

static gboolean
holds_both_ends (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  FifolabSession *session = ((gpointer *) data)[1];

  return fifolab_session_holds_both_ends (session, f->path);
}

/* ::end-opened comes once per end FIFO Lab opens, just before the change
 * it makes; not for a refusal, a reader reopened with a new framing, or a
 * change of state. FIFO Lab holds both ends while its reader and its
 * writer both work. */
static void
test_end_opened (Fixture       *f,
                 gconstpointer  data)
{
  FifolabSession *session = fifolab_session_new ();
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *file = g_build_filename (f->dir, "plain", NULL);
  g_autofree char *read = g_strconcat ("read ", f->path, NULL);
  g_autofree char *write = g_strconcat ("write ", f->path, NULL);
  g_autofree char *changed = g_strconcat ("changed ", f->path, NULL);
  g_autoptr(GError) error = NULL;
  gpointer both[] = { f, session };

  g_signal_connect (session, "end-opened", G_CALLBACK (end_opened_cb), told);
  g_signal_connect (session, "connection-changed", G_CALLBACK (told_changed_cb), told);

  g_assert_true (g_file_set_contents (file, "data", -1, NULL));
  g_assert_null (fifolab_session_open_reader (session, file, NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_null (fifolab_session_open_writer (session, file, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_cmpuint (told->len, ==, 0);

  g_assert_nonnull (fifolab_session_open_reader (session, f->path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (told->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (told, 0), ==, read);
  g_assert_cmpstr (g_ptr_array_index (told, 1), ==, changed);
  g_assert_false (fifolab_session_holds_both_ends (session, f->path));
  g_assert_false (fifolab_session_holds_both_ends (session, file));

  g_ptr_array_set_size (told, 0);
  g_assert_nonnull (fifolab_session_open_writer (session, f->path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (told->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (told, 0), ==, write);
  g_assert_cmpstr (g_ptr_array_index (told, 1), ==, changed);
  g_assert_true (fifolab_test_wait_until (holds_both_ends, both, TIMEOUT_MS));
  /* The writer open already: no second opening. */
  g_ptr_array_set_size (told, 0);
  g_assert_true (fifolab_session_send (session, f->path, "Hello", FALSE, NULL, &error));
  g_assert_no_error (error);
  fifolab_test_run_for (100);
  for (guint i = 0; i < told->len; i++)
    g_assert_cmpstr (g_ptr_array_index (told, i), ==, changed);

  g_assert_true (fifolab_session_set_framing (session, f->path, FIFOLAB_FRAMING_RAW, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_holds_both_ends (session, f->path));
  fifolab_test_run_for (100);
  for (guint i = 0; i < told->len; i++)
    g_assert_cmpstr (g_ptr_array_index (told, i), ==, changed);

  fifolab_session_disconnect (session, f->path, FIFOLAB_ACCESS_READ);
  g_assert_false (fifolab_session_holds_both_ends (session, f->path));
  fifolab_test_run_for (100);
  for (guint i = 0; i < told->len; i++)
    g_assert_cmpstr (g_ptr_array_index (told, i), ==, changed);

  fifolab_session_disconnect_all (session);
  g_assert_finalize_object (session);
}

static void
count_tracer_changed_cb (FifolabSession *session,
                         const char     *path,
                         guint          *count)
{
  g_assert_cmpstr (path, ==, "/tmp/a");
  (*count)++;
}

/* One tracer per pipe (issue 16): a claim is the first one's until it
 * gives it back; another pipe is free; each change is told. */
static void
test_tracer_claims (void)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  int watch, step;
  guint changed = 0;

  g_signal_connect (session, "tracer-changed", G_CALLBACK (count_tracer_changed_cb), &changed);
  g_assert_cmpint (fifolab_session_get_tracer (session, "/tmp/a"), ==, FIFOLAB_TRACER_NONE);
  g_assert_cmpint (fifolab_session_get_tracer (session, NULL), ==, FIFOLAB_TRACER_NONE);

  g_assert_true (fifolab_session_claim_tracer (session, "/tmp/a", FIFOLAB_TRACER_WATCH, &watch));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (fifolab_session_get_tracer (session, "/tmp/a"), ==, FIFOLAB_TRACER_WATCH);
  /* Taken: step mode is refused, the Watch's own claim holds. */
  g_assert_false (fifolab_session_claim_tracer (session, "/tmp/a", FIFOLAB_TRACER_STEP, &step));
  g_assert_true (fifolab_session_claim_tracer (session, "/tmp/a", FIFOLAB_TRACER_WATCH, &watch));
  g_assert_cmpuint (changed, ==, 1);
  /* Only its owner gives it back. */
  fifolab_session_release_tracer (session, "/tmp/a", &step);
  g_assert_cmpint (fifolab_session_get_tracer (session, "/tmp/a"), ==, FIFOLAB_TRACER_WATCH);
  g_assert_cmpuint (changed, ==, 1);
  /* Another pipe is free. */
  g_assert_cmpint (fifolab_session_get_tracer (session, "/tmp/b"), ==, FIFOLAB_TRACER_NONE);

  fifolab_session_release_tracer (session, "/tmp/a", &watch);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (fifolab_session_get_tracer (session, "/tmp/a"), ==, FIFOLAB_TRACER_NONE);
  g_assert_true (fifolab_session_claim_tracer (session, "/tmp/a", FIFOLAB_TRACER_STEP, &step));
  g_assert_cmpint (fifolab_session_get_tracer (session, "/tmp/a"), ==, FIFOLAB_TRACER_STEP);
  g_assert_cmpuint (changed, ==, 3);
  g_signal_handlers_disconnect_by_data (session, &changed);
  g_assert_finalize_object (g_steal_pointer (&session));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/session/new-destroy", test_new_destroy);
  g_test_add_func ("/session/tracer-claims", test_tracer_claims);
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
  g_test_add ("/session/reader-priority", Fixture, NULL,
              fixture_setup, test_reader_priority, fixture_teardown);
  g_test_add ("/session/end-opened", Fixture, NULL,
              fixture_setup, test_end_opened, fixture_teardown);

  return g_test_run ();
}
