/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lesson engine walked end to end like a student: click a step's button,
 * wait until FIFO Lab observes that it happened, with real processes. */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-lesson.h"
#include "fifolab-lesson-private.h"
#include "fifolab-log-entry.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"

#define STEP_TIMEOUT_MS 30000

typedef struct
{
  FifolabLesson *lesson;
  guint          index;
} StepWait;

static gboolean
step_done (gpointer data)
{
  StepWait *wait = data;

  return fifolab_lesson_is_step_done (wait->lesson, wait->index);
}

/* Whether @trace has a boundary of @kind at @offset. */
static gboolean
has_boundary (FifolabStreamTrace *trace,
              FifolabBoundary     kind,
              guint64             offset)
{
  guint n = fifolab_stream_trace_get_n_boundaries (trace, kind);

  for (guint i = 0; i < n; i++)
    if (fifolab_stream_trace_get_boundary (trace, kind, i) == offset)
      return TRUE;
  return FALSE;
}

/* What each peer of the lesson did, for a step that was not seen done. */
static void
describe_peers (FifolabLesson *lesson)
{
  GListModel *peers = fifolab_lesson_get_peers (lesson);

  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);
      g_autofree char *wchan = fifolab_peer_process_dup_wchan (peer);
      const GPtrArray *lines = fifolab_peer_process_get_output_lines (peer);

      g_printerr ("peer %u: %s pid %" G_GINT64_FORMAT ", state %d, exit code %d, waiting in %s, %u lines\n",
                  i, fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_READ ? "reader" : "writer",
                  fifolab_peer_process_get_pid (peer), fifolab_peer_process_get_state (peer),
                  fifolab_peer_process_get_exit_code (peer), wchan != NULL ? wchan : "-", lines->len);
      for (guint j = 0; j < lines->len; j++)
        g_printerr ("  %s\n", (const char *) lines->pdata[j]);
    }
}

/* Counts the scans a lesson sees (each an observation). */
static void
count_scan_cb (FifolabLesson *lesson,
               GParamSpec    *pspec,
               guint         *count)
{
  (*count)++;
}

typedef struct
{
  guint *count;
  guint  after;
} ScanCountWait;

static gboolean
scanned_more (gpointer data)
{
  ScanCountWait *wait = data;

  return *wait->count > wait->after;
}

/* The lesson observes @n more times (holders scans): time in which a step
 * that moved on by itself would have. */
static void
wait_scans (FifolabLesson *lesson,
            guint          n)
{
  guint count = 0;
  ScanCountWait wait = { &count, n };
  gulong handler = g_signal_connect (lesson, "notify::scan", G_CALLBACK (count_scan_cb), &count);

  fifolab_holder_monitor_queue_scan (fifolab_lesson_get_holder_monitor (lesson));
  g_assert_true (fifolab_test_wait_until (scanned_more, &wait, STEP_TIMEOUT_MS));
  g_signal_handler_disconnect (lesson, handler);
}

static void
do_step (FifolabLesson *lesson,
         const char    *action_id)
{
  g_autoptr(GError) error = NULL;
  StepWait wait = { lesson, fifolab_test_lesson_step_of (lesson, action_id) };

  fifolab_lesson_set_current (lesson, wait.index);
  g_assert_false (fifolab_lesson_is_step_done (lesson, wait.index));
  g_assert_null (fifolab_lesson_get_step_outcome (lesson, wait.index));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  if (!fifolab_test_wait_until (step_done, &wait, STEP_TIMEOUT_MS))
    {
      describe_peers (lesson);
      g_error ("step %s was not observed done", action_id);
    }
  /* Done, it says what it saw and waits for the teacher: no moving on. */
  g_assert_nonnull (fifolab_lesson_get_step_outcome (lesson, wait.index));
  g_assert_cmpstr (fifolab_lesson_get_step_outcome (lesson, wait.index), !=, "");
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, wait.index);
  g_assert_false (fifolab_lesson_is_watching (lesson));
}

/* The step's outcome, once it says @needle (more may come after the step
 * is done: the exit statuses). */
typedef struct
{
  FifolabLesson *lesson;
  guint          index;
  const char    *needle;
} OutcomeWait;

static gboolean
outcome_has (gpointer data)
{
  OutcomeWait *wait = data;
  const char *outcome = fifolab_lesson_get_step_outcome (wait->lesson, wait->index);

  return outcome != NULL && strstr (outcome, wait->needle) != NULL;
}

static void
assert_outcome_says (FifolabLesson *lesson,
                     const char    *action_id,
                     const char    *needle)
{
  OutcomeWait wait = { lesson, fifolab_test_lesson_step_of (lesson, action_id), needle };

  if (!fifolab_test_wait_until (outcome_has, &wait, STEP_TIMEOUT_MS))
    g_error ("step %s says “%s”, not “%s”", action_id,
             fifolab_lesson_get_step_outcome (lesson, wait.index), needle);
}

static guint
count_kind (FifolabLog       *log,
            FifolabEventKind  kind)
{
  guint n = 0;

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == kind)
        n++;
    }
  return n;
}

/* Each torn message's own entry (the reader's output line) carries TORN, and
 * the TORN event explaining it comes right after it. Returns how many. */
static guint
check_torn_rows (FifolabLog    *log,
                 FifolabLesson *lesson)
{
  const char *marker = " received a message => ";
  guint n, flagged = 0;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autoptr(FifolabLogEntry) next = NULL;
      const char *text, *message;

      if (!(fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN))
        continue;
      flagged++;
      g_assert_cmpint (fifolab_log_entry_get_direction (entry), ==, FIFOLAB_DIRECTION_OUTPUT);
      /* It is the line of a message that really is torn. */
      text = fifolab_log_entry_get_display_text (entry);
      message = strstr (text, marker);
      g_assert_nonnull (message);
      message += strlen (marker);
      g_assert_false (fifolab_shape_matches (fifolab_inspector_get_template (_fifolab_lesson_get_inspector (lesson),
                                                                             fifolab_lesson_get_pipe_path (lesson)),
                                             (const guint8 *) message, strlen (message)));
      g_assert_cmpuint (i + 1, <, n);
      next = g_list_model_get_item (G_LIST_MODEL (log), i + 1);
      g_assert_cmpint (fifolab_log_entry_get_kind (next), ==, FIFOLAB_EVENT_TORN);
    }
  return flagged;
}

/* Watches the log while peers print: each output line's entry is published
 * (a flush) before any handler of ::output runs, so an entry changed after it
 * was appended would show as a row rewritten (items-changed removing and
 * adding at once). */
typedef struct
{
  FifolabLog *log;
  guint       n_lines;
  guint       n_rewrites;
} RowWatch;

static gboolean
flush_before_output (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               data)
{
  RowWatch *watch = data;

  fifolab_log_flush (watch->log);
  watch->n_lines++;
  return TRUE;
}

static void
row_changed_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                RowWatch   *watch)
{
  /* Rows only come at the end (and leave from the front when capped). */
  if (removed > 0 && added > 0)
    watch->n_rewrites++;
}

static gboolean
all_exited (gpointer data)
{
  GListModel *peers = data;

  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_is_running (peer))
        return FALSE;
    }
  return TRUE;
}

static void
count_changed (guint *count)
{
  (*count)++;
}

static void
test_lesson_new_destroy (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  FifolabLesson *lesson = fifolab_lesson_new (dir, NULL, &error);
  g_autofree char *folder = NULL;

  g_assert_no_error (error);
  folder = g_strdup (fifolab_lesson_get_folder (lesson));
  g_assert_true (g_str_has_prefix (folder, dir));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (fifolab_lesson_get_n_steps (lesson), >=, 9);
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, 0);
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    {
      g_assert_cmpstr (fifolab_lesson_get_step_title (lesson, i), !=, "");
      g_assert_cmpstr (fifolab_lesson_get_step_what (lesson, i), !=, "");
      g_assert_cmpstr (fifolab_lesson_get_step_why (lesson, i), !=, "");
      g_assert_cmpstr (fifolab_lesson_get_step_action_label (lesson, i), !=, "");
      g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, i), >=, 1);
      g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, i), <=, 9);
    }
  /* Nothing happens on a timer: no step is done before its button. */
  fifolab_test_run_for (600);
  g_assert_false (fifolab_lesson_is_step_done (lesson, 0));
  g_assert_finalize_object (lesson);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Lessons 1–4 as the seed tells them, then lesson 6. */
static void
test_lesson_seed_walk (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, log, &error);
  g_autofree char *folder = g_strdup (fifolab_lesson_get_folder (lesson));
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autofree char *expected = NULL;
  RowWatch watch = { log, 0, 0 };
  guint output_signal;
  gulong hook;

  g_assert_no_error (error);

  do_step (lesson, "mkfifo");
  g_assert_true (fifolab_fifo_is_fifo (fifolab_lesson_get_pipe_path (lesson)));

  do_step (lesson, "start-reader");
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 1);
  reader = g_list_model_get_item (peers, 0);
  g_assert_true (fifolab_peer_process_is_running (reader));

  do_step (lesson, "start-writer");
  /* The same reader that waited got the message. */
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 2);
  writer = g_list_model_get_item (peers, 1);
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (reader), fifolab_peer_process_get_pid (writer));
  g_assert_cmpstr (fifolab_peer_process_get_output_lines (reader)->pdata[0], ==, expected);

  do_step (lesson, "writer-closes");

  /* No row is rewritten during the two-writers steps: each reader's line is
   * stored with its final flags. */
  g_type_class_unref (g_type_class_ref (FIFOLAB_TYPE_PEER_PROCESS));
  output_signal = g_signal_lookup ("output", FIFOLAB_TYPE_PEER_PROCESS);
  hook = g_signal_add_emission_hook (output_signal, 0, flush_before_output, &watch, NULL);
  g_signal_connect (log, "items-changed", G_CALLBACK (row_changed_cb), &watch);

  do_step (lesson, "two-writers-small");
  g_assert_cmpuint (fifolab_inspector_get_n_torn (_fifolab_lesson_get_inspector (lesson)), ==, 0);
  assert_outcome_says (lesson, "two-writers-small", "200 whole lines, 0 torn: reader ");
  do_step (lesson, "two-writers-large");
  g_assert_cmpuint (fifolab_inspector_get_n_torn (_fifolab_lesson_get_inspector (lesson)), >, 0);

  g_signal_remove_emission_hook (output_signal, hook);
  g_signal_handlers_disconnect_by_func (log, row_changed_cb, &watch);
  g_assert_cmpuint (watch.n_lines, >, 2 * 100);
  g_assert_cmpuint (watch.n_rewrites, ==, 0);
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_TORN), >, 0);
  /* The torn ones are marked on their own rows, one row each. */
  g_assert_cmpuint (check_torn_rows (log, lesson), ==,
                    fifolab_inspector_get_n_torn (_fifolab_lesson_get_inspector (lesson)));
  /* The lesson's writers were started by FIFO Lab: their pids are not doubted. */
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_PID_UNSEEN), ==, 0);
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_PEER_STARTED), >=, 9);

  fifolab_lesson_close (lesson);
  g_assert_true (fifolab_test_wait_until (all_exited, peers, 10000));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Lesson 7 as FIFO Lab saw it: five writes of one line each by the writer
 * process, one read of all their bytes, five lines found again by framing. */
static void
check_byte_stream (FifolabLesson *lesson,
                   FifolabLog    *log)
{
  FifolabStreamTrace *trace = fifolab_lesson_get_stream_trace (lesson);
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabLogEntry) received = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  gsize size;
  guint n;

  /* The step's writer is the last process the lesson started. */
  writer = g_list_model_get_item (peers, g_list_model_get_n_items (peers) - 1);
  g_assert_true (fifolab_peer_process_get_role (writer) == FIFOLAB_PEER_ROLE_WRITE);
  text = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]\n", fifolab_peer_process_get_pid (writer));
  size = strlen (text);

  /* The bytes are the writer's five lines, and what the log shows as read. */
  g_assert_cmpuint (fifolab_stream_trace_get_length (trace), ==, 5 * size);
  bytes = fifolab_stream_trace_dup_bytes (trace);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpmem ((const char *) g_bytes_get_data (bytes, NULL) + i * size, size, text, size);
  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = n; i > 0 && received == NULL; i--)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i - 1);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED)
        received = g_steal_pointer (&entry);
    }
  g_assert_nonnull (received);
  g_assert_true (g_bytes_equal (fifolab_log_entry_get_bytes (received), bytes));

  /* One read ended after all of them; a write and a message after each line. */
  g_assert_cmpuint (fifolab_stream_trace_get_n_boundaries (trace, FIFOLAB_BOUNDARY_READ), ==, 1);
  g_assert_cmpuint (fifolab_stream_trace_get_boundary (trace, FIFOLAB_BOUNDARY_READ, 0), ==, 5 * size);
  g_assert_cmpuint (fifolab_stream_trace_get_n_boundaries (trace, FIFOLAB_BOUNDARY_WRITE), ==, 5);
  g_assert_cmpuint (fifolab_stream_trace_get_n_boundaries (trace, FIFOLAB_BOUNDARY_MESSAGE), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (fifolab_stream_trace_get_boundary (trace, FIFOLAB_BOUNDARY_WRITE, i), ==, (i + 1) * size);
      g_assert_cmpuint (fifolab_stream_trace_get_boundary (trace, FIFOLAB_BOUNDARY_MESSAGE, i), ==, (i + 1) * size);
      /* A message ends just after its newline. */
      g_assert_cmpint (((const char *) g_bytes_get_data (bytes, NULL))[(i + 1) * size - 1], ==, '\n');
    }

  summary = fifolab_stream_trace_dup_summary (trace);
  g_assert_true (g_str_has_prefix (summary, "5 writes, 1 read, 5 messages ("));
  description = fifolab_stream_trace_dup_description (trace);
  g_assert_true (g_str_has_prefix (description, summary));
  g_assert_nonnull (strstr (description, "Reads ended after bytes"));
}

/* The trace on its own: bytes of each read, boundaries in order, words. */
static void
test_stream_trace (void)
{
  FifolabStreamTrace *trace = fifolab_stream_trace_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  guint changed = 0;

  g_signal_connect_swapped (trace, "changed", G_CALLBACK (count_changed), &changed);

  empty = fifolab_stream_trace_dup_summary (trace);
  g_assert_cmpstr (empty, ==, "Nothing read yet.");

  /* One write of 8 bytes came back as two reads; two messages of 4. */
  fifolab_stream_trace_add_boundary (trace, FIFOLAB_BOUNDARY_WRITE, 8);
  fifolab_stream_trace_add_read (trace, (const guint8 *) "ab\ncd", 5);
  fifolab_stream_trace_add_read (trace, (const guint8 *) "e\n", 2);
  fifolab_stream_trace_add_read (trace, (const guint8 *) "", 0);
  fifolab_stream_trace_add_boundary (trace, FIFOLAB_BOUNDARY_MESSAGE, 3);
  fifolab_stream_trace_add_boundary (trace, FIFOLAB_BOUNDARY_MESSAGE, 7);
  g_assert_cmpuint (changed, ==, 5);

  g_assert_cmpuint (fifolab_stream_trace_get_length (trace), ==, 7);
  bytes = fifolab_stream_trace_dup_bytes (trace);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "ab\ncde\n", 7);
  g_assert_cmpuint (fifolab_stream_trace_get_n_boundaries (trace, FIFOLAB_BOUNDARY_READ), ==, 2);
  g_assert_cmpuint (fifolab_stream_trace_get_boundary (trace, FIFOLAB_BOUNDARY_READ, 0), ==, 5);
  g_assert_cmpuint (fifolab_stream_trace_get_boundary (trace, FIFOLAB_BOUNDARY_READ, 1), ==, 7);
  g_assert_true (has_boundary (trace, FIFOLAB_BOUNDARY_MESSAGE, 3));
  g_assert_false (has_boundary (trace, FIFOLAB_BOUNDARY_READ, 3));

  summary = fifolab_stream_trace_dup_summary (trace);
  g_assert_cmpstr (summary, ==, "1 write, 2 reads, 2 messages (7 bytes)");
  description = fifolab_stream_trace_dup_description (trace);
  g_assert_cmpstr (description, ==,
                   "1 write, 2 reads, 2 messages (7 bytes). Writes ended after bytes 8. "
                   "Reads ended after bytes 5, 7. Messages ended after bytes 3, 7.");

  fifolab_stream_trace_clear (trace);
  g_assert_cmpuint (changed, ==, 6);
  g_assert_cmpuint (fifolab_stream_trace_get_length (trace), ==, 0);
  g_assert_cmpuint (fifolab_stream_trace_get_n_boundaries (trace, FIFOLAB_BOUNDARY_MESSAGE), ==, 0);
  /* Clearing an empty trace changes nothing. */
  fifolab_stream_trace_clear (trace);
  g_assert_cmpuint (changed, ==, 6);
  g_assert_finalize_object (trace);
}

/* Lessons 5, 7, 8 and 9. */
static void
test_lesson_rest (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, log, &error);
  g_autoptr(GListModel) peers = g_object_ref (fifolab_lesson_get_peers (lesson));
  gssize capacity;

  g_assert_no_error (error);

  do_step (lesson, "writer-alone");
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_WAITING_FOR_READER), ==, 1);
  assert_outcome_says (lesson, "writer-alone", "failed with ENXIO (No such device or address)");
  do_step (lesson, "reader-leaves");
  {
    g_autoptr(FifolabPeerProcess) writer = g_list_model_get_item (peers, g_list_model_get_n_items (peers) - 2);
    g_autofree char *said = g_strdup_printf ("Writer %" G_GINT64_FORMAT " then got EPIPE (Broken pipe) and exited with status 3.",
                                             fifolab_peer_process_get_pid (writer));

    g_assert_true (fifolab_peer_process_get_role (writer) == FIFOLAB_PEER_ROLE_WRITE);
    assert_outcome_says (lesson, "reader-leaves", said);
  }
  do_step (lesson, "byte-stream");
  check_byte_stream (lesson, log);
  assert_outcome_says (lesson, "byte-stream", "FIFO Lab read the pipe once: 5 writes, 1 read, 5 messages (");
  do_step (lesson, "fill");
  assert_outcome_says (lesson, "fill", "The pipe is full: 65536 of 65536 bytes queued.");
  /* Another step starts from a clean trace. */
  g_assert_cmpuint (fifolab_stream_trace_get_length (fifolab_lesson_get_stream_trace (lesson)), ==, 0);
  capacity = fifolab_lesson_get_capacity (lesson);
  g_assert_cmpint (capacity, >, 0);
  g_assert_cmpint (fifolab_lesson_get_queued (lesson), ==, capacity);
  do_step (lesson, "drain");
  g_assert_cmpint (fifolab_lesson_get_queued (lesson), ==, 0);
  assert_outcome_says (lesson, "drain", "FIFO Lab read 81920 bytes.");
  assert_outcome_says (lesson, "drain", "exited with status 0; then read() returned 0 bytes: end of file.");
  do_step (lesson, "conversation");
  assert_outcome_says (lesson, "conversation", "printed “reply to Hello from pid [");

  /* Dropping the lesson stops what it started. */
  g_clear_object (&lesson);
  g_assert_true (fifolab_test_wait_until (all_exited, peers, 10000));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  GListModel *peers;
  guint       n_before;
  guint       n_started;
} StageWatch;

static void
stage_peers_changed_cb (GListModel *peers,
                        guint       position,
                        guint       removed,
                        guint       added,
                        StageWatch *watch)
{
  /* A process of the new step starts only once every process of the steps
   * before has exited: none of them holds the pipe any more. */
  for (guint i = 0; i < watch->n_before; i++)
    {
      g_autoptr(FifolabPeerProcess) old = g_list_model_get_item (peers, i);

      g_assert_false (fifolab_peer_process_is_running (old));
    }
  watch->n_started += added;
}

/* A step that starts new processes waits for those of the step before to
 * end: a reader still waiting in open() from "start-reader" would otherwise
 * meet the writer of "writer-closes", and take its bytes or its end of file. */
static void
test_lesson_clean_stage (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, log, &error);
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  g_autoptr(FifolabPeerProcess) waiting = NULL;
  StageWatch watch = { peers, 0, 0 };
  gulong handler;

  g_assert_no_error (error);
  do_step (lesson, "mkfifo");
  do_step (lesson, "start-reader");
  waiting = g_list_model_get_item (peers, 0);
  g_assert_true (fifolab_peer_process_is_running (waiting));

  watch.n_before = g_list_model_get_n_items (peers);
  handler = g_signal_connect (peers, "items-changed", G_CALLBACK (stage_peers_changed_cb), &watch);
  /* The waiting reader is told to stop, and is still there when the action
   * returns: its exit is seen on the main loop. Nothing new has started. */
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "writer-closes"));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_peer_process_is_running (waiting));
  g_assert_cmpuint (watch.n_started, ==, 0);

  /* Once it has exited, the step starts its reader and writer and is done. */
  {
    StepWait wait = { lesson, fifolab_test_lesson_step_of (lesson, "writer-closes") };

    if (!fifolab_test_wait_until (step_done, &wait, STEP_TIMEOUT_MS))
      {
        describe_peers (lesson);
        g_error ("step writer-closes was not observed done");
      }
  }
  g_assert_cmpuint (watch.n_started, ==, 2);
  g_assert_false (fifolab_peer_process_is_running (waiting));
  g_signal_handler_disconnect (peers, handler);

  g_clear_object (&lesson);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  FifolabHolderMonitor *monitor;
  FifolabLesson        *lesson;
  guint                 n_monitor_scans;
  guint                 n_lesson_scans;
} ScanCount;

static void
monitor_scanned_cb (FifolabHolderMonitor *monitor,
                    FifolabHolderScan    *scan,
                    ScanCount            *count)
{
  count->n_monitor_scans++;
}

/* Every scan the lesson has is one of the monitor's, the one just made. */
static void
lesson_scan_cb (FifolabLesson *lesson,
                GParamSpec    *pspec,
                ScanCount     *count)
{
  g_assert_nonnull (fifolab_lesson_get_scan (lesson));
  g_assert_true (fifolab_lesson_get_scan (lesson) == fifolab_holder_monitor_get_scan (count->monitor));
  count->n_lesson_scans++;
  /* It was announced to the monitor's handlers first, and counted there. */
  g_assert_cmpuint (count->n_lesson_scans, ==, count->n_monitor_scans);
}

/* Observed again after @after scans of the lesson's. */
typedef struct
{
  ScanCount *count;
  guint      after;
} ScanWait;

static gboolean
lesson_scanned (gpointer data)
{
  ScanWait *wait = data;

  return wait->count->n_lesson_scans > wait->after;
}

/* A lesson given the application's monitor watches its pipes there and sees
 * through its scans only (it has no timer or scan of its own); it holds the
 * fast interval while a step needs observing, and lets it go when the step
 * is done, when the lesson closes and when it is dropped. */
static void
test_lesson_shared_monitor (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabHolderMonitor) monitor = fifolab_holder_monitor_new ();
  g_autoptr(GError) error = NULL;
  ScanCount count = { monitor, NULL, 0, 0 };
  FifolabLesson *lesson;
  FifolabLesson *own;
  char *paths[3];

  /* A focused window: the normal interval. */
  fifolab_holder_monitor_push_active (monitor);
  g_signal_connect (monitor, "scanned", G_CALLBACK (monitor_scanned_cb), &count);
  g_assert_cmpuint (FIFOLAB_LESSON_OBSERVE_INTERVAL_MS, <, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);

  lesson = fifolab_lesson_new_with_monitor (dir, NULL, monitor, &error);
  g_assert_no_error (error);
  count.lesson = lesson;
  g_assert_true (fifolab_lesson_get_holder_monitor (lesson) == monitor);
  g_signal_connect (lesson, "notify::scan", G_CALLBACK (lesson_scan_cb), &count);
  paths[0] = g_strdup (fifolab_lesson_get_pipe_path (lesson));
  paths[1] = g_build_filename (fifolab_lesson_get_folder (lesson), "request_pipe", NULL);
  paths[2] = g_build_filename (fifolab_lesson_get_folder (lesson), "reply_pipe", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_assert_true (fifolab_holder_monitor_is_watched (monitor, paths[i]));
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (monitor), ==, 3);
  /* No step needs observing yet: the window's pace. */
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);

  /* Making the pipe is seen at once, with no need to look at processes. */
  do_step (lesson, "mkfifo");
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);

  /* A reader waiting in open() is only seen by looking: fast until seen. */
  {
    g_autoptr(GError) local_error = NULL;
    StepWait wait = { lesson, fifolab_test_lesson_step_of (lesson, "start-reader") };
    ScanWait scans = { &count, 0 };

    fifolab_lesson_set_current (lesson, wait.index);
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);
    g_assert_true (fifolab_lesson_run_action (lesson, &local_error));
    g_assert_no_error (local_error);
    g_assert_false (fifolab_lesson_is_step_done (lesson, wait.index));
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_LESSON_OBSERVE_INTERVAL_MS);
    if (!fifolab_test_wait_until (step_done, &wait, STEP_TIMEOUT_MS))
      {
        describe_peers (lesson);
        g_error ("step start-reader was not observed done");
      }
    /* Seen on a scan of the monitor's. */
    g_assert_cmpuint (count.n_lesson_scans, >, 0);
    g_assert_cmpuint (count.n_lesson_scans, ==, count.n_monitor_scans);
    /* Done, it waits on its step (the teacher moves on), no longer
     * needing to look: back to the window's pace. */
    g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, wait.index);
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);

    /* Still observed at that pace, through the same monitor. */
    scans.after = count.n_lesson_scans;
    g_assert_true (fifolab_test_wait_until (lesson_scanned, &scans, STEP_TIMEOUT_MS));
  }

  /* Leaving a step that was being observed lets the interval go too; back
   * on it, its button asks again. */
  {
    g_autoptr(GError) local_error = NULL;
    guint fill = fifolab_test_lesson_step_of (lesson, "fill");

    fifolab_lesson_set_current (lesson, fill);
    g_assert_true (fifolab_lesson_run_action (lesson, &local_error));
    g_assert_no_error (local_error);
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_LESSON_OBSERVE_INTERVAL_MS);
    fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "conversation"));
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);
    fifolab_lesson_set_current (lesson, fill);
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);
    g_assert_true (fifolab_lesson_run_action (lesson, &local_error));
    g_assert_no_error (local_error);
    g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_LESSON_OBSERVE_INTERVAL_MS);
  }

  /* Closed in the middle of it: nothing watched, nothing held. */
  fifolab_lesson_close (lesson);
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (monitor), ==, 0);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);
  g_assert_finalize_object (lesson);

  /* Dropped (not closed) while a step is observed: the same. */
  lesson = fifolab_lesson_new_with_monitor (dir, NULL, monitor, &error);
  g_assert_no_error (error);
  do_step (lesson, "mkfifo");
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "start-reader"));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_LESSON_OBSERVE_INTERVAL_MS);
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (monitor), ==, 3);
  g_assert_finalize_object (lesson);
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (monitor), ==, 0);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);

  /* Given none, a lesson makes its own, not the one above. */
  own = fifolab_lesson_new (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fifolab_lesson_get_holder_monitor (own));
  g_assert_true (fifolab_lesson_get_holder_monitor (own) != monitor);
  g_assert_true (fifolab_holder_monitor_is_watched (fifolab_lesson_get_holder_monitor (own),
                                                    fifolab_lesson_get_pipe_path (own)));
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (monitor), ==, 0);
  g_assert_finalize_object (own);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
  fifolab_holder_monitor_pop_active (monitor);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Lesson 3 as a class sees it: the writer writes and closes at once, the
 * reader reads and leaves. The step says what happened (the pids, the bytes,
 * then the exit statuses as they are seen) and stays: lesson 4 ("the writer
 * closes") is not done on what lesson 3 left behind, now or once reached,
 * until its own button is pressed. */
/* A step is done only while it is shown. */
static void
completed_is_current_cb (FifolabLesson *lesson,
                         guint          index,
                         gpointer       data)
{
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, index);
}

static void
test_lesson_paced (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, NULL, &error);
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  guint writer_step = fifolab_test_lesson_step_of (lesson, "start-writer");
  guint closes_step = fifolab_test_lesson_step_of (lesson, "writer-closes");
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autofree char *said = NULL;
  g_autofree char *message = NULL;
  guint completed = 0;

  g_assert_no_error (error);
  g_signal_connect_swapped (lesson, "step-completed", G_CALLBACK (count_changed), &completed);
  do_step (lesson, "mkfifo");
  do_step (lesson, "start-reader");
  do_step (lesson, "start-writer");
  g_assert_cmpuint (completed, ==, 3);

  reader = g_list_model_get_item (peers, 0);
  writer = g_list_model_get_item (peers, 1);
  message = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_peer_process_get_pid (writer));
  said = g_strdup_printf ("Reader %" G_GINT64_FORMAT " received %zu bytes from writer %" G_GINT64_FORMAT ": “%s”.",
                          fifolab_peer_process_get_pid (reader), strlen (message),
                          fifolab_peer_process_get_pid (writer), message);
  assert_outcome_says (lesson, "start-writer", said);
  /* Both exit: said on the step that is still shown. */
  g_assert_true (fifolab_test_wait_until (all_exited, peers, STEP_TIMEOUT_MS));
  g_clear_pointer (&said, g_free);
  said = g_strdup_printf ("Writer %" G_GINT64_FORMAT " exited with status 0.", fifolab_peer_process_get_pid (writer));
  assert_outcome_says (lesson, "start-writer", said);
  g_clear_pointer (&said, g_free);
  said = g_strdup_printf ("Reader %" G_GINT64_FORMAT " exited with status 0.", fifolab_peer_process_get_pid (reader));
  assert_outcome_says (lesson, "start-writer", said);

  /* Several observations later it still waits on its step, nothing else done. */
  wait_scans (lesson, 3);
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, writer_step);
  g_assert_false (fifolab_lesson_is_step_done (lesson, closes_step));
  g_assert_cmpuint (completed, ==, 3);

  /* Lesson 4 was seen in lesson 3 (the writer closed and exited): reached by
   * the teacher, it shows what was seen then, and only then is it done. */
  g_assert_null (fifolab_lesson_get_step_outcome (lesson, closes_step));
  g_signal_connect (lesson, "step-completed", G_CALLBACK (completed_is_current_cb), NULL);
  fifolab_lesson_set_current (lesson, closes_step);
  g_assert_true (fifolab_lesson_is_step_done (lesson, closes_step));
  g_assert_cmpuint (completed, ==, 4);
  g_clear_pointer (&said, g_free);
  said = g_strdup_printf ("writer %" G_GINT64_FORMAT ", having written its %zu bytes, closed its end of my_pipe "
                          "and exited with status 0.", fifolab_peer_process_get_pid (writer), strlen (message));
  assert_outcome_says (lesson, "writer-closes", said);
  assert_outcome_says (lesson, "writer-closes", "Already seen in the step before, at ");
  g_clear_pointer (&said, g_free);
  said = g_strdup_printf ("Reader %" G_GINT64_FORMAT " had read once and left", fifolab_peer_process_get_pid (reader));
  assert_outcome_says (lesson, "writer-closes", said);
  g_assert_false (fifolab_lesson_is_watching (lesson));
  /* It stays as it was seen. */
  wait_scans (lesson, 3);
  assert_outcome_says (lesson, "writer-closes", "Already seen in the step before, at ");
  g_assert_cmpuint (completed, ==, 4);
  /* Replayed, its own run completes it again, with its own numbers. */
  g_assert_true (fifolab_lesson_replay (lesson, &error));
  g_assert_no_error (error);
  g_assert_false (fifolab_lesson_is_step_done (lesson, closes_step));
  if (!fifolab_test_wait_until (step_done, &(StepWait) { lesson, closes_step }, STEP_TIMEOUT_MS))
    {
      describe_peers (lesson);
      g_error ("writer-closes was not seen when replayed");
    }
  assert_outcome_says (lesson, "writer-closes", "wrote 3 messages and closed the pipe.");
  assert_outcome_says (lesson, "writer-closes", "printed 3 lines, then read() returned 0 bytes: end of file.");
  g_assert_cmpuint (completed, ==, 5);
  /* Going back shows what was seen there. */
  fifolab_lesson_set_current (lesson, writer_step);
  g_assert_true (fifolab_lesson_is_step_done (lesson, writer_step));
  g_assert_nonnull (strstr (fifolab_lesson_get_step_outcome (lesson, writer_step), message));

  g_clear_object (&lesson);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
count_outcome_cb (FifolabLesson *lesson,
                  guint          index,
                  guint         *count)
{
  (*count)++;
}

/* Replay Step: the current step's action again, from a clean stage, and
 * done again only once it is seen again (new processes, new pids). */
static void
test_lesson_replay (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, log, &error);
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  guint index = fifolab_test_lesson_step_of (lesson, "start-reader");
  StepWait wait = { lesson, index };
  g_autoptr(FifolabPeerProcess) first = NULL;
  g_autoptr(FifolabPeerProcess) second = NULL;
  g_autofree char *first_said = NULL;
  guint outcomes = 0;

  g_assert_no_error (error);
  do_step (lesson, "mkfifo");
  /* mkfifo again makes the pipe again: a second "created" in the log. */
  g_assert_true (fifolab_lesson_replay (lesson, &error));
  g_assert_no_error (error);
  wait.index = 0;
  g_assert_true (fifolab_test_wait_until (step_done, &wait, STEP_TIMEOUT_MS));
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_CREATED), ==, 2);

  do_step (lesson, "start-reader");
  first = g_list_model_get_item (peers, 0);
  first_said = g_strdup (fifolab_lesson_get_step_outcome (lesson, index));
  g_signal_connect (lesson, "outcome-changed", G_CALLBACK (count_outcome_cb), &outcomes);

  g_assert_true (fifolab_lesson_replay (lesson, &error));
  g_assert_no_error (error);
  /* Not done, nothing said, until seen again. */
  g_assert_false (fifolab_lesson_is_step_done (lesson, index));
  g_assert_null (fifolab_lesson_get_step_outcome (lesson, index));
  g_assert_cmpuint (outcomes, ==, 1);
  wait.index = index;
  if (!fifolab_test_wait_until (step_done, &wait, STEP_TIMEOUT_MS))
    {
      describe_peers (lesson);
      g_error ("start-reader was not seen again");
    }
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, index);
  /* The first reader was stopped before the second started. */
  g_assert_false (fifolab_peer_process_is_running (first));
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 2);
  second = g_list_model_get_item (peers, 1);
  g_assert_true (fifolab_peer_process_is_running (second));
  g_assert_cmpint (fifolab_peer_process_get_pid (second), !=, fifolab_peer_process_get_pid (first));
  g_assert_cmpstr (fifolab_lesson_get_step_outcome (lesson, index), !=, first_said);
  g_assert_cmpuint (outcomes, ==, 2);

  g_clear_object (&lesson);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Slow motion: the writers started from then on wait before each message
 * (fifolab-peer --delay), and the step is still seen. */
static void
test_lesson_slow_motion (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, NULL, &error);
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_auto(GStrv) argv = NULL;

  g_assert_no_error (error);
  g_assert_false (fifolab_lesson_get_slow_motion (lesson));
  fifolab_lesson_set_slow_motion (lesson, TRUE);
  do_step (lesson, "start-writer");
  reader = g_list_model_get_item (peers, 0);
  writer = g_list_model_get_item (peers, 1);
  g_assert_true (fifolab_peer_process_get_role (writer) == FIFOLAB_PEER_ROLE_WRITE);
  g_assert_cmpuint (fifolab_peer_process_get_delay (writer), >, 0);
  g_assert_cmpuint (fifolab_peer_process_get_delay (reader), ==, 0);
  argv = fifolab_peer_process_build_argv (writer);
  g_assert_true (g_strv_contains ((const char * const *) argv, "--delay=1000"));

  g_clear_object (&lesson);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* What a step said of a process as it was then ("is waiting inside
 * open()", "sleeps inside write()") is not shown as still so once the
 * process has gone or its stage moved on: going back shows it in the past,
 * with how the process ended. */
static void
test_lesson_past (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, NULL, &error);
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  g_autoptr(FifolabPeerProcess) waiting = NULL;
  g_autoptr(FifolabPeerProcess) filling = NULL;
  g_autofree char *said = NULL;
  const char *outcome;

  g_assert_no_error (error);

  /* Lesson 5: the writer waiting for a reader is stopped by step 2. */
  do_step (lesson, "writer-alone");
  waiting = g_list_model_get_item (peers, g_list_model_get_n_items (peers) - 1);
  assert_outcome_says (lesson, "writer-alone", "is waiting inside open() for a reader.");
  do_step (lesson, "reader-leaves");
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, waiting, STEP_TIMEOUT_MS));
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "writer-alone"));
  said = g_strdup_printf ("Writer %" G_GINT64_FORMAT " was waiting inside open() for a reader. "
                          "Writer %" G_GINT64_FORMAT " was stopped.",
                          fifolab_peer_process_get_pid (waiting), fifolab_peer_process_get_pid (waiting));
  assert_outcome_says (lesson, "writer-alone", said);
  outcome = fifolab_lesson_get_step_outcome (lesson, fifolab_test_lesson_step_of (lesson, "writer-alone"));
  g_assert_null (strstr (outcome, "is waiting inside open()"));

  /* Lesson 8: the writer asleep on the full pipe wakes and exits once
   * drained. */
  do_step (lesson, "fill");
  filling = g_list_model_get_item (peers, g_list_model_get_n_items (peers) - 1);
  assert_outcome_says (lesson, "fill", "sleeps inside write()");
  do_step (lesson, "drain");
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "fill"));
  g_clear_pointer (&said, g_free);
  said = g_strdup_printf ("and writer %" G_GINT64_FORMAT " was sleeping inside write(). "
                          "Writer %" G_GINT64_FORMAT " exited with status 0.",
                          fifolab_peer_process_get_pid (filling), fifolab_peer_process_get_pid (filling));
  assert_outcome_says (lesson, "fill", said);
  outcome = fifolab_lesson_get_step_outcome (lesson, fifolab_test_lesson_step_of (lesson, "fill"));
  g_assert_null (strstr (outcome, "sleeps inside write()"));

  fifolab_lesson_close (lesson);
  g_assert_true (fifolab_test_wait_until (all_exited, peers, 10000));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/lesson/new-destroy", test_lesson_new_destroy);
  g_test_add_func ("/lesson/seed-walk", test_lesson_seed_walk);
  g_test_add_func ("/lesson/rest", test_lesson_rest);
  g_test_add_func ("/lesson/clean-stage", test_lesson_clean_stage);
  g_test_add_func ("/lesson/shared-monitor", test_lesson_shared_monitor);
  g_test_add_func ("/lesson/stream-trace", test_stream_trace);
  g_test_add_func ("/lesson/paced", test_lesson_paced);
  g_test_add_func ("/lesson/replay", test_lesson_replay);
  g_test_add_func ("/lesson/slow-motion", test_lesson_slow_motion);
  g_test_add_func ("/lesson/past", test_lesson_past);

  return g_test_run ();
}
