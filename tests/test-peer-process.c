/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabPeerProcess and FifolabInspector against real fifolab-peer processes
 * over real FIFOs in a private folder. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

#include "fifolab-fifo.h"
#include "fifolab-inspector.h"
#include "fifolab-inspector-private.h"
#include "fifolab-log.h"
#include "fifolab-log-entry.h"
#include "fifolab-peer-process.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"

#define WAIT_MS 20000

static gboolean
peer_exited (gpointer data)
{
  return fifolab_peer_process_get_state (data) == FIFOLAB_PEER_STATE_EXITED;
}

static void
wait_exited (FifolabPeerProcess *peer)
{
  if (!fifolab_test_wait_until (peer_exited, peer, WAIT_MS))
    g_error ("peer %" G_GINT64_FORMAT " did not exit", fifolab_peer_process_get_pid (peer));
}

static void
test_peer_process_new_destroy (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabPeerProcess *peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, "/nonexistent/p", log);

  g_assert_cmpint (fifolab_peer_process_get_pid (peer), ==, -1);
  g_assert_cmpint (fifolab_peer_process_get_state (peer), ==, FIFOLAB_PEER_STATE_NEW);
  g_assert_cmpint (fifolab_peer_process_get_role (peer), ==, FIFOLAB_PEER_ROLE_READ);
  g_assert_cmpstr (fifolab_peer_process_get_path (peer), ==, "/nonexistent/p");
  g_assert_true (fifolab_peer_process_get_log (peer) == log);
  g_assert_finalize_object (peer);
}

static void
test_peer_process_argv (void)
{
  g_autoptr(FifolabPeerProcess) writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, "/tmp/p", NULL);
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, "/tmp/p", NULL);
  g_auto(GStrv) wargv = NULL;
  g_auto(GStrv) rargv = NULL;
  g_auto(GStrv) plain = NULL;

  /* The path comes from FIFOLAB_PEER in the test environment. */
  g_assert_cmpstr (fifolab_peer_process_get_default_path (), ==, fifolab_test_peer_path ());

  plain = fifolab_peer_process_build_argv (writer);
  g_assert_cmpuint (g_strv_length (plain), ==, 3);
  g_assert_cmpstr (plain[1], ==, "write");
  g_assert_cmpstr (plain[2], ==, "/tmp/p");

  fifolab_peer_process_set_template (writer, "x %d");
  fifolab_peer_process_set_count (writer, 3);
  fifolab_peer_process_set_interval (writer, 10);
  fifolab_peer_process_set_framing (writer, FIFOLAB_FRAMING_FIXED);
  fifolab_peer_process_set_fixed_size (writer, 30);
  wargv = fifolab_peer_process_build_argv (writer);
  g_assert_true (g_strv_contains ((const char * const *) wargv, "x %d"));
  g_assert_true (g_strv_contains ((const char * const *) wargv, "--count=3"));
  g_assert_true (g_strv_contains ((const char * const *) wargv, "--interval=10"));
  g_assert_true (g_strv_contains ((const char * const *) wargv, "fixed"));
  g_assert_true (g_strv_contains ((const char * const *) wargv, "--size=30"));

  fifolab_peer_process_set_bytes (reader, 7);
  fifolab_peer_process_set_count (reader, 0);
  rargv = fifolab_peer_process_build_argv (reader);
  g_assert_cmpstr (rargv[1], ==, "read");
  g_assert_true (g_strv_contains ((const char * const *) rargv, "--bytes=7"));
  g_assert_true (g_strv_contains ((const char * const *) rargv, "--count=0"));
  g_assert_false (g_strv_contains ((const char * const *) rargv, "--framing"));
}

static guint
count_entries (FifolabLog       *log,
               FifolabDirection  direction,
               FifolabEventKind  kind,
               gint64            sender)
{
  guint n = 0;

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == direction &&
          fifolab_log_entry_get_kind (entry) == kind &&
          (sender == 0 || fifolab_log_entry_get_sender_pid (entry) == sender))
        n++;
    }
  return n;
}

/* The seed: a writer and a reader, separate processes, the reader's line names
 * both real pids; their output and their exits are in the log. */
static void
test_peer_process_seed (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "my_pipe");
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, log);
  g_autoptr(FifolabPeerProcess) writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, log);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *state = NULL;
  const GPtrArray *lines;
  gint64 r, w;

  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_peer_process_start (writer, &error));
  g_assert_no_error (error);
  r = fifolab_peer_process_get_pid (reader);
  w = fifolab_peer_process_get_pid (writer);
  g_assert_cmpint (r, >, 1);
  g_assert_cmpint (w, >, 1);
  g_assert_cmpint (r, !=, w);
  g_assert_true (fifolab_peer_process_is_running (reader));

  wait_exited (reader);
  wait_exited (writer);

  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]", r, w);
  lines = fifolab_peer_process_get_output_lines (reader);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (lines->pdata[0], ==, expected);
  g_assert_cmpuint (fifolab_peer_process_get_output_lines (writer)->len, ==, 0);

  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (writer), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_term_signal (reader), ==, 0);
  state = fifolab_peer_process_describe_state (writer);
  g_assert_nonnull (strstr (state, "0"));

  g_assert_cmpuint (count_entries (log, FIFOLAB_DIRECTION_OUTPUT, FIFOLAB_EVENT_NONE, r), ==, 1);
  g_assert_cmpuint (count_entries (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PEER_STARTED, 0), ==, 2);
  g_assert_cmpuint (count_entries (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PEER_EXITED, 0), ==, 2);

  g_clear_object (&reader);
  g_clear_object (&writer);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A line func sees each output line before it is logged, and the line's
 * entry is appended with the flags it returns: no entry is changed later. */
typedef struct
{
  guint       n_calls;
  guint       n_output;
  guint       n_destroyed;
  guint       n_rewrites;
  char       *last_line;
  FifolabLog *log;
} LineFuncCount;

static guint
flag_second_line (FifolabPeerProcess *peer,
                  const char         *line,
                  gsize               len,
                  gboolean            is_stderr,
                  gpointer            user_data)
{
  LineFuncCount *count = user_data;

  g_assert_false (is_stderr);
  g_assert_cmpuint (len, ==, strlen (line));
  /* Called once per line, before ::output tells it. */
  g_assert_cmpuint (count->n_calls, ==, count->n_output);
  count->n_calls++;
  g_free (count->last_line);
  count->last_line = g_strdup (line);
  return count->n_calls == 2 ? FIFOLAB_MESSAGE_TORN : FIFOLAB_MESSAGE_NONE;
}

static void
line_func_destroyed (gpointer user_data)
{
  LineFuncCount *count = user_data;

  count->n_destroyed++;
}

static void
line_output_cb (FifolabPeerProcess *peer,
                const char         *line,
                gboolean            is_stderr,
                LineFuncCount      *count)
{
  g_autoptr(FifolabLogEntry) entry = NULL;
  guint n;

  count->n_output++;
  g_assert_cmpuint (count->n_calls, ==, count->n_output);
  g_assert_cmpstr (count->last_line, ==, line);
  /* The line's entry is the last one, with its flags already. */
  fifolab_log_flush (count->log);
  n = g_list_model_get_n_items (G_LIST_MODEL (count->log));
  g_assert_cmpuint (n, >, 0);
  entry = g_list_model_get_item (G_LIST_MODEL (count->log), n - 1);
  g_assert_cmpint (fifolab_log_entry_get_direction (entry), ==, FIFOLAB_DIRECTION_OUTPUT);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==,
                    count->n_output == 2 ? FIFOLAB_MESSAGE_TORN : FIFOLAB_MESSAGE_NONE);
}

static void
count_rewrites (GListModel    *model,
                guint          position,
                guint          removed,
                guint          added,
                LineFuncCount *count)
{
  if (removed > 0)
    count->n_rewrites++;
}

static void
test_peer_process_line_func (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "lines");
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabPeerProcess *reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, log);
  g_autoptr(FifolabPeerProcess) writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(GError) error = NULL;
  LineFuncCount count = { 0 };
  guint n_flagged = 0;

  count.log = log;
  g_signal_connect (log, "items-changed", G_CALLBACK (count_rewrites), &count);
  /* Replacing the func frees what the one before was given. */
  fifolab_peer_process_set_line_func (reader, flag_second_line, &count, line_func_destroyed);
  fifolab_peer_process_set_line_func (reader, flag_second_line, &count, line_func_destroyed);
  g_assert_cmpuint (count.n_destroyed, ==, 1);
  g_signal_connect (reader, "output", G_CALLBACK (line_output_cb), &count);
  fifolab_peer_process_set_framing (reader, FIFOLAB_FRAMING_LINE);
  fifolab_peer_process_set_count (reader, 0);
  fifolab_peer_process_set_framing (writer, FIFOLAB_FRAMING_LINE);
  fifolab_peer_process_set_count (writer, 3);

  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_peer_process_start (writer, &error));
  g_assert_no_error (error);
  wait_exited (writer);
  wait_exited (reader);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, 0);

  g_assert_cmpuint (count.n_calls, ==, 3);
  g_assert_cmpuint (count.n_output, ==, 3);
  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN)
        n_flagged++;
    }
  g_assert_cmpuint (n_flagged, ==, 1);
  /* Rows were only ever added. */
  g_assert_cmpuint (count.n_rewrites, ==, 0);

  /* Dispose lets go of the func's data. */
  g_assert_finalize_object (reader);
  g_assert_cmpuint (count.n_destroyed, ==, 2);
  g_signal_handlers_disconnect_by_data (log, &count);
  g_free (count.last_line);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
waiting_in_open (gpointer data)
{
  g_autofree char *wchan = fifolab_peer_process_dup_wchan (data);

  return wchan != NULL && (strstr (wchan, "fifo_open") != NULL ||
                           strstr (wchan, "wait_for_partner") != NULL);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

static gboolean
activity_reads_waiting (gpointer data)
{
  return fifolab_peer_process_get_activity (data) == FIFOLAB_PROC_ACTIVITY_READ_WAITING;
}

/* What a peer does is read from /proc only while someone holds it wanted:
 * the first hold reads it at once, one timer (however many hold it) reads
 * it again, and the activity is notified only when it changes, not at each
 * read. A reader waits in open() for a writer, then (a writer came) in
 * read(). */
static void
test_peer_process_activity_held (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_autoptr(GError) error = NULL;
  guint n_notify = 0;
  int fd;

  g_signal_connect (reader, "notify::activity", G_CALLBACK (count_notify_cb), &n_notify);
  g_assert_cmpint (fifolab_peer_process_get_activity (reader), ==, FIFOLAB_PROC_ACTIVITY_EXITED);
  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (waiting_in_open, reader, WAIT_MS));

  /* Nobody holds it: /proc is not read. */
  fifolab_test_run_for (1200);
  g_assert_cmpuint (n_notify, ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_activity (reader), ==, FIFOLAB_PROC_ACTIVITY_EXITED);

  /* The first hold reads it now; a second holder shares the timer. */
  fifolab_peer_process_hold_activity (reader);
  g_assert_cmpint (fifolab_peer_process_get_activity (reader), ==, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER);
  g_assert_cmpuint (n_notify, ==, 1);
  fifolab_peer_process_hold_activity (reader);
  /* Read again and again (every 500 ms), it is told once. */
  fifolab_test_run_for (1600);
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_cmpint (fifolab_peer_process_refresh_activity (reader), ==, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER);
  g_assert_cmpuint (n_notify, ==, 1);

  /* A writer opens: the reader's open() returns and it waits in read(),
   * which the timer finds. */
  fd = g_open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (fifolab_test_wait_until (activity_reads_waiting, reader, WAIT_MS));
  n_notify = 0;
  fifolab_test_run_for (1600);
  g_assert_cmpuint (n_notify, ==, 0);

  /* Ended, it does nothing, held or not. */
  fifolab_peer_process_release_activity (reader);
  fifolab_peer_process_release_activity (reader);
  fifolab_peer_process_stop (reader);
  wait_exited (reader);
  g_assert_cmpint (fifolab_peer_process_get_activity (reader), ==, FIFOLAB_PROC_ACTIVITY_EXITED);
  g_assert_cmpuint (n_notify, ==, 1);
  g_close (fd, NULL);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A reader with no writer waits in open(); stop() ends it with SIGTERM and the
 * log says so. Its error output (none here) and its exit are reported. */
static void
test_peer_process_stop_waiting (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, log);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) last = NULL;
  g_autofree char *detail = NULL;
  gint64 start;

  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (waiting_in_open, reader, WAIT_MS));

  /* Blocked in open(), it holds no end of the pipe (its O_PATH lookup
   * descriptor is not one): the scan must not list it. */
  {
    const char *paths[] = { path, NULL };
    g_autoptr(FifolabHolderScan) scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
    g_autoptr(GPtrArray) holders = NULL;

    g_assert_no_error (error);
    holders = fifolab_holder_scan_get_holders (scan, path);
    g_assert_cmpuint (holders->len, ==, 0);
  }

  start = g_get_monotonic_time ();
  fifolab_peer_process_stop (reader);
  /* stop() does not wait. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
  wait_exited (reader);

  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, -1);
  g_assert_cmpint (fifolab_peer_process_get_term_signal (reader), ==, SIGTERM);
  g_assert_null (fifolab_peer_process_dup_wchan (reader));

  fifolab_log_flush (log);
  last = g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
  g_assert_cmpint (fifolab_log_entry_get_kind (last), ==, FIFOLAB_EVENT_PEER_EXITED);
  detail = g_strdup_printf ("signal %d", SIGTERM);
  g_assert_nonnull (strstr (fifolab_log_entry_get_display_text (last), detail));

  g_clear_object (&reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A process that ignores SIGTERM gets SIGKILL two seconds later. */
static void
test_peer_process_stop_kills (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *script = g_build_filename (dir, "stubborn", NULL);
  g_autofree char *saved = g_strdup (fifolab_peer_process_get_default_path ());
  g_autoptr(FifolabPeerProcess) peer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* An ignored signal stays ignored across exec. */
  g_assert_true (g_file_set_contents (script, "#!/bin/sh\ntrap '' TERM\nexec sleep 30\n", -1, &error));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  fifolab_peer_process_set_default_path (script);

  peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, "/nonexistent", NULL);
  g_assert_true (fifolab_peer_process_start (peer, &error));
  g_assert_no_error (error);
  fifolab_test_run_for (200);

  start = g_get_monotonic_time ();
  fifolab_peer_process_stop (peer);
  wait_exited (peer);
  g_assert_cmpint (fifolab_peer_process_get_term_signal (peer), ==, SIGKILL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 19 * G_USEC_PER_SEC / 10);

  fifolab_peer_process_set_default_path (saved);
  g_clear_object (&peer);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A peer that cannot run fails cleanly. */
static void
test_peer_process_spawn_fails (void)
{
  g_autofree char *saved = g_strdup (fifolab_peer_process_get_default_path ());
  g_autoptr(FifolabPeerProcess) peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, "/x", NULL);
  g_autoptr(GError) error = NULL;

  fifolab_peer_process_set_default_path ("/nonexistent/fifolab-peer");
  g_assert_false (fifolab_peer_process_start (peer, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (fifolab_peer_process_get_state (peer), ==, FIFOLAB_PEER_STATE_FAILED);
  fifolab_peer_process_set_default_path (saved);
}

/* Disposing a running peer does not leave it behind. */
static void
test_peer_process_dispose_stops (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  FifolabPeerProcess *peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *proc = NULL;
  gint64 pid;

  g_assert_true (fifolab_peer_process_start (peer, &error));
  g_assert_no_error (error);
  pid = fifolab_peer_process_get_pid (peer);
  g_assert_finalize_object (peer);

  /* GLib's child watch reaps it once it is gone. */
  proc = g_strdup_printf ("/proc/%" G_GINT64_FORMAT, pid);
  for (guint i = 0; i < 200 && g_file_test (proc, G_FILE_TEST_EXISTS); i++)
    fifolab_test_run_for (25);
  g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* wait_async() */

typedef struct
{
  gboolean          done;
  gboolean          ok;
  FifolabPeerState  state;   /* when the callback ran */
  GError           *error;
} Waited;

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waited *waited = user_data;

  waited->state = fifolab_peer_process_get_state (FIFOLAB_PEER_PROCESS (object));
  waited->ok = fifolab_peer_process_wait_finish (FIFOLAB_PEER_PROCESS (object), result, &waited->error);
  waited->done = TRUE;
}

/* A wait ends at once for a peer that is not running, when a running one has
 * exited (after ::exited), or when cancelled, without stopping the peer. */
static void
test_peer_process_wait (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  g_autoptr(FifolabPeerProcess) idle = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Waited never_started = { 0 };
  Waited cancelled = { 0 };
  Waited exited = { 0 };

  fifolab_peer_process_wait_async (idle, NULL, waited_cb, &never_started);
  g_assert_true (fifolab_test_wait_for (&never_started.done, WAIT_MS));
  g_assert_true (never_started.ok);
  g_assert_no_error (never_started.error);

  /* A reader with no writer waits in open() until it is stopped. */
  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (waiting_in_open, reader, WAIT_MS));
  fifolab_peer_process_wait_async (reader, cancellable, waited_cb, &cancelled);
  fifolab_peer_process_wait_async (reader, NULL, waited_cb, &exited);
  g_cancellable_cancel (cancellable);
  g_assert_true (fifolab_test_wait_for (&cancelled.done, WAIT_MS));
  g_assert_false (cancelled.ok);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (cancelled.state, ==, FIFOLAB_PEER_STATE_RUNNING);
  g_assert_true (fifolab_peer_process_is_running (reader));
  g_assert_false (exited.done);

  fifolab_peer_process_stop (reader);
  g_assert_true (fifolab_test_wait_for (&exited.done, WAIT_MS));
  g_assert_true (exited.ok);
  g_assert_no_error (exited.error);
  g_assert_cmpint (exited.state, ==, FIFOLAB_PEER_STATE_EXITED);
  g_assert_cmpint (fifolab_peer_process_get_term_signal (reader), ==, SIGTERM);

  g_clear_error (&cancelled.error);
  g_clear_object (&reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Shapes */

/* A tracer that is not the tracee's parent, as step mode's watch is: it
 * seizes the pid it reads on @in, answers 'y' (or 'n') on @out, passes on
 * the tracee's stops, and once the tracee has exited answers 'z' and keeps
 * it as a zombie, which only its tracer may wait for, until a byte comes on
 * @in; its wait then hands the zombie to the real parent. Runs in a forked
 * child of a process with threads: async-signal-safe calls only. */
G_GNUC_NORETURN static void
slow_tracer_main (int in,
                  int out)
{
  pid_t pid = 0;
  char c;

  if (read (in, &pid, sizeof pid) != sizeof pid)
    _exit (1);
  if (ptrace (PTRACE_SEIZE, pid, NULL, NULL) != 0)
    {
      c = 'n';
      (void) !write (out, &c, 1);
      _exit (1);
    }
  c = 'y';
  (void) !write (out, &c, 1);
  for (;;)
    {
      siginfo_t info = { 0 };
      int status = 0;

      if (waitid (P_PID, (id_t) pid, &info, WEXITED | WSTOPPED | WNOWAIT | __WALL) != 0)
        {
          if (errno == EINTR)
            continue;
          _exit (1);
        }
      if (info.si_code == CLD_EXITED || info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED)
        break;
      /* A stop: taken, and the tracee goes on with its signal, if any. */
      if (waitpid (pid, &status, __WALL) != pid)
        _exit (1);
      ptrace (PTRACE_CONT, pid, NULL,
              (void *) (glong) (WIFSTOPPED (status) && (status >> 16) == 0 ? WSTOPSIG (status) : 0));
    }
  c = 'z';
  (void) !write (out, &c, 1);
  while (read (in, &c, 1) < 0 && errno == EINTR)
    ;
  _exit (waitpid (pid, NULL, __WALL) == pid ? 0 : 1);
}

/* Step mode's peers are traced by the watch, not by FIFO Lab, their
 * parent: a peer that has exited is a zombie only its tracer may wait for
 * until the tracer has collected it. GLib 2.74's child watch (pidfd) then
 * reports the exit with status 0, and never reaps the child: lesson 5's
 * writer, gone with status 3 (EPIPE), showed "Exited with status 0". Its
 * true status comes once the tracer lets it go. */
static void
test_peer_process_traced_exit_status (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "not-a-pipe", NULL);
  g_autoptr(GError) error = NULL;
  FifolabPeerProcess *peer;
  FifolabPeerState state_while_held;
  int to_tracer[2];
  int from_tracer[2];
  pid_t tracer;
  pid_t pid;
  int status = -1;
  char c = 0;

  if (!fifolab_test_watch_supported (1))
    {
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  /* fifolab-peer write exits 2 at once on a regular file. */
  g_assert_true (g_file_set_contents (file, "", 0, &error));
  g_assert_true (g_unix_open_pipe (to_tracer, FD_CLOEXEC, &error));
  g_assert_true (g_unix_open_pipe (from_tracer, FD_CLOEXEC, &error));
  tracer = fork ();
  g_assert_cmpint (tracer, >=, 0);
  if (tracer == 0)
    slow_tracer_main (to_tracer[0], from_tracer[1]);
  close (to_tracer[0]);
  close (from_tracer[1]);

  peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, file, NULL);
  fifolab_peer_process_hold_for (peer, tracer);
  g_assert_true (fifolab_peer_process_start (peer, &error));
  g_assert_no_error (error);
  pid = (pid_t) fifolab_peer_process_get_pid (peer);
  g_assert_cmpint (write (to_tracer[1], &pid, sizeof pid), ==, sizeof pid);
  g_assert_cmpint (read (from_tracer[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'y');
  fifolab_peer_process_open_gate (peer);

  /* Exited, held by its tracer: GLib's child watch has every chance to
   * tell its exit meanwhile. */
  g_assert_cmpint (read (from_tracer[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'z');
  fifolab_test_run_for (300);
  state_while_held = fifolab_peer_process_get_state (peer);

  g_assert_cmpint (write (to_tracer[1], "r", 1), ==, 1);
  g_assert_cmpint (waitpid (tracer, &status, 0), ==, tracer);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  wait_exited (peer);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (peer), ==, 2);
  /* Nothing was told before the status was known. */
  g_assert_cmpint (state_while_held, ==, FIFOLAB_PEER_STATE_RUNNING);
  /* Reaped: no zombie left behind. */
  g_assert_cmpint (waitpid (pid, NULL, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);

  close (to_tracer[1]);
  close (from_tracer[0]);
  g_assert_true (fifolab_test_unref_finalized (peer, WAIT_MS));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_shape (void)
{
  const char *t = "Hello from pid [%d]";
  const char *big = "pid [%d] <xxxx> pid [%d]";
#define M(s) (const guint8 *) (s), strlen (s)

  g_assert_true (fifolab_shape_matches (t, M ("Hello from pid [123]")));
  g_assert_true (fifolab_shape_matches (t, M ("Hello from pid [123]\n")));
  g_assert_true (fifolab_shape_matches (t, M ("Hello from pid [1]Hello from pid [22]")));
  g_assert_false (fifolab_shape_matches (t, M ("Hello from pid []")));
  g_assert_false (fifolab_shape_matches (t, M ("Hello from pid [12")));
  g_assert_false (fifolab_shape_matches (t, M ("")));
  g_assert_true (fifolab_shape_matches ("100%% %d", M ("100% 5")));

  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("Hello from pid [123]")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("Hello from pid [12")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("m pid [123]")), ==, FIFOLAB_MESSAGE_TORN);
  /* A message of another kind is not torn. */
  g_assert_cmpuint (fifolab_shape_check_torn (t, M ("hello world")), ==, 0);

  g_assert_cmpuint (fifolab_shape_check_torn (big, M ("pid [5] <xxxx> pid [5]")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (big, M ("pid [5] <xxpid [6] <xxxx> pid [6]")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (big, M ("pid [5] <xxxx> pid [6]")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (big, M ("xx> pid [5]")), ==, FIFOLAB_MESSAGE_TORN);

  /* No template: two different claims in one message. */
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("pid [5] pid [6]")), ==, FIFOLAB_MESSAGE_TORN);
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("pid [5] pid [5]")), ==, 0);
  g_assert_cmpuint (fifolab_shape_check_torn (NULL, M ("Hello from pid [5]")), ==, 0);
#undef M
}

typedef struct
{
  guint lines;
  guint torn;
  guint good;
  const char *template_;
} TornCount;

static void
torn_output_cb (FifolabPeerProcess *peer,
                const char         *line,
                gboolean            is_stderr,
                TornCount          *count)
{
  const char *marker = " received a message => ";
  const char *message = strstr (line, marker);

  if (is_stderr || message == NULL)
    return;
  message += strlen (marker);
  count->lines++;
  if (fifolab_shape_check_torn (count->template_, (const guint8 *) message, strlen (message)))
    count->torn++;
  else if (fifolab_shape_matches (count->template_, (const guint8 *) message, strlen (message)))
    count->good++;
}

/* Asleep in write() on a full pipe. */
static gboolean
waiting_in_write (gpointer data)
{
  g_autofree char *wchan = fifolab_peer_process_dup_wchan (data);

  return wchan != NULL && strstr (wchan, "pipe_write") != NULL;
}

/* Two writers of @count lines each and a reader peer on one pipe. With
 * @interleave, that their lines interleave is made certain rather than left
 * to the scheduler (which on a busy machine may run one writer to its end
 * before the other starts): a read end held by the test makes the pipe one
 * page, and the reader comes only once both writers sleep in write() in the
 * middle of their first line. */
static void
run_two_writers (const char *dir,
                 const char *template_,
                 int         count,
                 gboolean    interleave,
                 TornCount  *result)
{
  g_autofree char *path = fifolab_test_make_fifo (dir, "two");
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_autoptr(FifolabPeerProcess) w1 = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(FifolabPeerProcess) w2 = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(GError) error = NULL;
  FifolabPeerProcess *writers[] = { w1, w2 };
  int held = -1;

  result->template_ = template_;
  if (interleave)
    {
      held = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      g_assert_cmpint (held, >=, 0);
      g_assert_cmpint (fcntl (held, F_SETPIPE_SZ, 4096), ==, 4096);
    }
  fifolab_peer_process_set_framing (reader, FIFOLAB_FRAMING_LINE);
  fifolab_peer_process_set_count (reader, 0);
  g_signal_connect (reader, "output", G_CALLBACK (torn_output_cb), result);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      fifolab_peer_process_set_template (writers[i], template_);
      fifolab_peer_process_set_framing (writers[i], FIFOLAB_FRAMING_LINE);
      fifolab_peer_process_set_count (writers[i], count);
      g_assert_true (fifolab_peer_process_start (writers[i], &error));
      g_assert_no_error (error);
    }
  /* Both writers must be waiting (in open(), or with @interleave in write())
   * before the reader comes: a writer that arrived after the other had
   * finished would find the reader gone at end of stream and wait in open()
   * for ever. */
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    g_assert_true (fifolab_test_wait_until (interleave ? waiting_in_write : waiting_in_open,
                                            writers[i], WAIT_MS));
  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);

  wait_exited (w1);
  wait_exited (w2);
  wait_exited (reader);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (w1), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (w2), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, 0);
  if (held >= 0)
    close (held);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static char *
big_template (gsize body)
{
  g_autofree char *filler = g_strnfill (body, 'x');

  return g_strdup_printf ("pid [%%d] <%s> pid [%%d]", filler);
}

/* Messages of at most PIPE_BUF bytes from two writers never interleave. */
static void
test_peer_process_two_writers_atomic (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *template_ = big_template (FIFOLAB_PIPE_BUF - 100);
  TornCount result = { 0 };

  run_two_writers (dir, template_, 200, FALSE, &result);
  g_test_message ("atomic: %u lines, %u torn", result.lines, result.torn);
  g_assert_cmpuint (result.lines, ==, 400);
  g_assert_cmpuint (result.good, ==, 400);
  g_assert_cmpuint (result.torn, ==, 0);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Larger messages can: FIFO Lab finds the torn ones. */
static void
test_peer_process_two_writers_torn (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *template_ = big_template (100000);
  TornCount result = { 0 };

  run_two_writers (dir, template_, 20, TRUE, &result);
  g_test_message ("over PIPE_BUF: %u lines, %u torn, %u whole", result.lines, result.torn, result.good);
  g_assert_cmpuint (result.torn, >, 0);
  /* Every byte arrived: a torn pair still makes up whole lines in total. */
  g_assert_cmpuint (result.lines, >=, 2);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  FifolabInspector *inspector;
  const char       *path;
} Verdicts;

/* The claimed pids have been looked at (in a worker): pid 1 found unseen,
 * this process found writing. */
static gboolean
verdicts_in (gpointer data)
{
  Verdicts *v = data;

  return fifolab_inspector_get_n_unseen (v->inspector) >= 1 &&
         fifolab_inspector_writer_seen (v->inspector, v->path, getpid ());
}

/* A watched reader: a message claiming a pid that holds the pipe is fine; one
 * claiming another pid, while another process holds the pipe for writing, is
 * flagged PID_UNSEEN (once that process has been looked at) and explained in
 * the log. */
static void
test_inspector_pid_unseen (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(FifolabReader) reader = fifolab_reader_new (path, framer);
  FifolabInspector *inspector = fifolab_inspector_new (log);
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *lie = NULL;
  g_autofree char *torn = NULL;
  Verdicts v = { inspector, path };
  GSubprocess *other;
  int fd;

  fifolab_inspector_set_template (inspector, NULL, FIFOLAB_DEFAULT_TEMPLATE);
  _fifolab_inspector_watch_reader (inspector, reader);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  other = fifolab_test_writer_hold (path, NULL);

  fd = open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (fifolab_pid_holds_for_writing (getpid (), path));
  g_assert_false (fifolab_pid_holds_for_writing (1, path));

  mine = g_strdup_printf ("Hello from pid [%d]\n", (int) getpid ());
  /* pid 1 (init) never holds our pipe. */
  lie = g_strdup ("Hello from pid [1]\n");
  torn = g_strdup_printf ("Hello from pid [%d]Hello from\n", (int) getpid ());
  g_assert_cmpint (write (fd, mine, strlen (mine)), ==, (gssize) strlen (mine));
  g_assert_cmpint (write (fd, lie, strlen (lie)), ==, (gssize) strlen (lie));
  g_assert_cmpint (write (fd, torn, strlen (torn)), ==, (gssize) strlen (torn));

  for (guint i = 0; i < 400 && fifolab_reader_get_messages_received (reader) < 3; i++)
    fifolab_test_run_for (10);
  g_assert_cmpuint (fifolab_reader_get_messages_received (reader), ==, 3);
  /* The pipe stays open for writing until this process has been looked at. */
  g_assert_true (fifolab_test_wait_until (verdicts_in, &v, WAIT_MS));
  close (fd);
  fifolab_test_writer_end (other);

  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
  g_assert_cmpuint (fifolab_inspector_get_n_torn (inspector), ==, 1);
  g_assert_true (fifolab_inspector_writer_seen (inspector, path, getpid ()));
  g_assert_cmpuint (count_entries (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PID_UNSEEN, 0), ==, 1);
  g_assert_cmpuint (count_entries (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_TORN, 0), ==, 1);

  /* A writer seen by a holders scan (or started by FIFO Lab) counts as seen. */
  fifolab_inspector_note_writer (inspector, path, 1);
  g_assert_cmpuint (fifolab_inspector_inspect (inspector, path, (const guint8 *) lie, strlen (lie), NULL), ==,
                    FIFOLAB_MESSAGE_PID_CONFIRMED);

  fifolab_reader_close (reader);
  g_assert_finalize_object (inspector);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* note_scan takes the writers from a real scan. */
static void
test_inspector_note_scan (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (NULL);
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  int rfd, wfd;

  rfd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  wfd = open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (rfd, >=, 0);
  g_assert_cmpint (wfd, >=, 0);
  scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
  g_assert_no_error (error);
  close (wfd);
  close (rfd);

  g_assert_false (fifolab_inspector_writer_seen (inspector, path, getpid ()));
  fifolab_inspector_note_scan (inspector, scan, paths);
  g_assert_true (fifolab_inspector_writer_seen (inspector, path, getpid ()));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
has_unseen (gpointer data)
{
  return count_entries (data, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PID_UNSEEN, 0) > 0;
}

/* Following a session: its readers' messages are checked; a message that lies
 * about its pid (its writer, holding the pipe, is not pid 1) gets a
 * PID_UNSEEN event after its own entry (once pid 1 has been looked at). */
static void
test_inspector_follow_session (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "p");
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabInspector *inspector = fifolab_inspector_new (log);
  g_autoptr(GSubprocess) liar = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) message = NULL;
  g_autoptr(FifolabLogEntry) flagged = NULL;
  guint n;
  guint i;

  fifolab_session_set_inspector (session, inspector);
  g_assert_nonnull (fifolab_session_open_reader (session, path, framer, &error));
  g_assert_no_error (error);

  /* A shell writer that claims to be init, and keeps the pipe open till told. */
  liar = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, "/bin/sh", "-c",
                           "exec 3> \"$1\"; printf 'Hello from pid [1]\\n' >&3; read _ || :", "sh", path, NULL);
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (has_unseen, log, WAIT_MS));
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (liar), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (liar, NULL, &error));

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (i = 0; i < n && message == NULL; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED)
        message = g_steal_pointer (&entry);
    }
  for (; i < n && flagged == NULL; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_PID_UNSEEN)
        flagged = g_steal_pointer (&entry);
    }
  g_assert_nonnull (message);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (message), ==, 1);
  g_assert_cmpuint (fifolab_log_entry_get_flags (message), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_nonnull (flagged);
  g_assert_cmpint (fifolab_log_entry_get_kind (flagged), ==, FIFOLAB_EVENT_PID_UNSEEN);
  g_assert_nonnull (fifolab_log_entry_get_explanation (flagged));

  fifolab_session_disconnect_all (session);
  fifolab_session_set_inspector (session, NULL);
  g_assert_finalize_object (inspector);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/peer-process/new-destroy", test_peer_process_new_destroy);
  g_test_add_func ("/peer-process/argv", test_peer_process_argv);
  g_test_add_func ("/peer-process/seed", test_peer_process_seed);
  g_test_add_func ("/peer-process/stop-waiting", test_peer_process_stop_waiting);
  g_test_add_func ("/peer-process/activity-held", test_peer_process_activity_held);
  g_test_add_func ("/peer-process/stop-kills", test_peer_process_stop_kills);
  g_test_add_func ("/peer-process/spawn-fails", test_peer_process_spawn_fails);
  g_test_add_func ("/peer-process/dispose-stops", test_peer_process_dispose_stops);
  g_test_add_func ("/peer-process/wait", test_peer_process_wait);
  g_test_add_func ("/peer-process/traced-exit-status", test_peer_process_traced_exit_status);
  g_test_add_func ("/peer-process/line-func", test_peer_process_line_func);
  g_test_add_func ("/peer-process/two-writers-atomic", test_peer_process_two_writers_atomic);
  g_test_add_func ("/peer-process/two-writers-torn", test_peer_process_two_writers_torn);
  g_test_add_func ("/inspector/shape", test_shape);
  g_test_add_func ("/inspector/pid-unseen", test_inspector_pid_unseen);
  g_test_add_func ("/inspector/note-scan", test_inspector_note_scan);
  g_test_add_func ("/inspector/follow-session", test_inspector_follow_session);

  return g_test_run ();
}
