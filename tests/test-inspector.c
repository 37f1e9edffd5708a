/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fifolab-fifo.h"
#include "fifolab-holder-scan.h"
#include "fifolab-inspector.h"
#include "fifolab-log-entry.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"

#define TIMEOUT_MS 10000
/* The most CPU time the main thread may spend between two runs of a 10 ms
 * timeout: its own time, what a walk of /proc on it costs (77 s for the
 * bystanders before the walk left the main thread), not the time other
 * processes of a loaded machine take from it. The longest time on the clock
 * between two runs is printed, not asserted: a loaded machine lengthens it. */
#define MAX_GAP_CPU_US (200 * 1000)
#define FLOOD_WAIT_MS  90000

static guint
report_claim (FifolabInspector *inspector,
              const char       *path,
              gint64            pid)
{
  g_autofree char *message = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]\n", pid);

  return fifolab_inspector_report (inspector, path, (const guint8 *) message, strlen (message)) &
         FIFOLAB_MESSAGE_PID_UNSEEN;
}

typedef struct
{
  FifolabInspector *inspector;
  guint             n_unseen;
} UnseenWait;

static gboolean
has_n_unseen (gpointer data)
{
  UnseenWait *wait = data;

  return fifolab_inspector_get_n_unseen (wait->inspector) >= wait->n_unseen;
}

/* Waits for the worker's verdict that makes n-unseen reach @n. */
static gboolean
wait_n_unseen (FifolabInspector *inspector,
               guint             n)
{
  UnseenWait wait = { inspector, n };

  return fifolab_test_wait_until (has_n_unseen, &wait, TIMEOUT_MS);
}

typedef struct
{
  FifolabInspector *inspector;
  const char       *path;
  gint64            pid;
} SeenWait;

static gboolean
is_writer_seen (gpointer data)
{
  SeenWait *wait = data;

  return fifolab_inspector_writer_seen (wait->inspector, wait->path, wait->pid);
}

/* A claimed pid is looked at in /proc by a worker: the message that claims
 * it is reported contradicted when the verdict comes (another process, a
 * second shell, holds the pipe for writing). Found not writing, it is taken
 * as such for the recheck interval: a flood of messages claiming it does not
 * look at /proc for each one, they are reported at once. The process is a
 * real shell that opens the pipe for writing when told. */
static void
test_recheck_interval (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (NULL);
  g_autoptr(GSubprocess) proc = NULL;
  GSubprocess *other;
  g_autoptr(GError) error = NULL;
  GOutputStream *input;
  SeenWait seen;
  guint interval = 0;
  gint64 pid;
  GPid child_pid = 0;
  GPid other_pid = 0;
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
  /* The writer the claims are checked against, till its stdin closes. */
  other = fifolab_test_writer_hold (path, &other_pid);

  /* Not writing: not known at once (the process exists), unseen once the
   * worker has looked. */
  g_assert_false (fifolab_pid_holds_for_writing (pid, path));
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, 0);
  g_assert_true (wait_n_unseen (inspector, 1));
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
  /* Remembered as such: the next message is unseen at once. */
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 2);

  /* Now it writes; within the interval it is still taken as not writing. */
  g_assert_true (g_output_stream_write_all (input, "open\n", 5, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < TIMEOUT_MS && !fifolab_pid_holds_for_writing (pid, path); i++)
    g_usleep (1000);
  g_assert_true (fifolab_pid_holds_for_writing (pid, path));
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_false (fifolab_inspector_writer_seen (inspector, path, pid));
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 3);
  /* The other writer was seen by the worker's scan: its claims are confirmed. */
  g_assert_true (fifolab_inspector_writer_seen (inspector, path, other_pid));

  /* Once the interval is over, /proc is looked at again and it is seen: the
   * message waiting for that is not reported. */
  fifolab_inspector_set_recheck_interval (inspector, 0);
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, 0);
  seen = (SeenWait) { inspector, path, pid };
  g_assert_true (fifolab_test_wait_until (is_writer_seen, &seen, TIMEOUT_MS));
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, 0);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 3);

  fifolab_test_writer_end (other);
  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  close (read_fd);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A writer noted (by a scan, or as a peer FIFO Lab started) is seen at once,
 * even if it was found not writing a moment before (FIFO Lab's own pid,
 * contradicted while it did not hold the pipe). Every writer closing the
 * pipe (end of stream) forgets it again. */
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
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, 0);
  g_assert_true (wait_n_unseen (inspector, 1));
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  fifolab_inspector_note_writer (inspector, path, pid);
  g_assert_cmpuint (report_claim (inspector, path, pid), ==, 0);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 2);
  g_assert_true (fifolab_inspector_writer_seen (inspector, path, pid));
  fifolab_inspector_note_end_of_stream (inspector, path);
  g_assert_false (fifolab_inspector_writer_seen (inspector, path, pid));

  g_assert_finalize_object (inspector);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static guint
count_events (FifolabLog       *log,
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

/* A line logged at once (a peer's output): check_line() tells the flags found
 * now and logs nothing; explain() says why; a verdict still to come on the
 * claimed pid comes as a PID_UNSEEN event only. */
static void
test_check_line (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabInspector *inspector = fifolab_inspector_new (log);
  g_autofree char *torn = g_strdup_printf ("Hello from pid [%d]Hello from pid [1]", (int) getpid ());
  g_autofree char *mine = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  g_autoptr(GError) error = NULL;
  gint64 pid = 0;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);

  /* Torn (two different pids): known now, nothing logged or counted yet. */
  fifolab_inspector_note_writer (inspector, path, getpid ());
  g_assert_cmpuint (fifolab_inspector_check_line (inspector, path, (const guint8 *) torn, strlen (torn), &pid),
                    ==, FIFOLAB_MESSAGE_TORN | FIFOLAB_MESSAGE_PID_CONFIRMED);
  g_assert_cmpint (pid, ==, getpid ());
  g_assert_cmpuint (count_events (log, FIFOLAB_EVENT_TORN), ==, 0);
  g_assert_cmpuint (fifolab_inspector_get_n_torn (inspector), ==, 0);
  fifolab_inspector_explain (inspector, NULL, path, FIFOLAB_MESSAGE_TORN, pid, strlen (torn));
  g_assert_cmpuint (count_events (log, FIFOLAB_EVENT_TORN), ==, 1);
  g_assert_cmpuint (fifolab_inspector_get_n_torn (inspector), ==, 1);

  /* A pid a worker has to look at (this process, not writing to a pipe it
   * was never seen on): nothing found now, the verdict comes as an event. */
  g_assert_cmpuint (fifolab_inspector_check_line (inspector, dir, (const guint8 *) mine, strlen (mine), NULL),
                    ==, 0);
  g_assert_cmpuint (count_events (log, FIFOLAB_EVENT_PID_UNSEEN), ==, 0);
  g_assert_true (wait_n_unseen (inspector, 1));
  g_assert_cmpuint (count_events (log, FIFOLAB_EVENT_PID_UNSEEN), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);

  g_assert_finalize_object (inspector);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A pid that no process has: its writer was gone before FIFO Lab could
 * look, which contradicts nothing (not checked, no worker). Pid 0 is a lie
 * at once. */
static void
test_no_such_process (void)
{
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (NULL);
  const char *zero = "Hello from pid [0]";

  /* Above the largest pid_max Linux allows (2^22). */
  g_assert_cmpuint (report_claim (inspector, "/nonexistent/pipe", 99999999), ==, 0);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 0);
  g_assert_cmpuint (fifolab_inspector_report (inspector, "/nonexistent/pipe", (const guint8 *) zero, strlen (zero)),
                    ==, FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
}

/* A process that holds many descriptors (none of them on the pipe), with
 * threads (each a task with its own /proc/TID, sharing the descriptors),
 * and waits on its stdin, so its pid stays its own until the test closes
 * that. Prints how many descriptors it got, then its pid and its threads'. */
static const char bystander_script[] =
  "import os, resource, sys, threading\n"
  "want = int(sys.argv[1])\n"
  "n_threads = int(sys.argv[2])\n"
  "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
  "limit = want + 64\n"
  "if hard != resource.RLIM_INFINITY and hard < limit:\n"
  "    limit = hard\n"
  "if soft != resource.RLIM_INFINITY and soft < limit:\n"
  "    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))\n"
  "fds = []\n"
  "try:\n"
  "    while len(fds) < want:\n"
  "        fds.append(os.dup(0))\n"
  "except OSError:\n"
  "    pass\n"
  "done = threading.Event()\n"
  "threads = [threading.Thread(target=done.wait, daemon=True) for _ in range(n_threads)]\n"
  "for t in threads:\n"
  "    t.start()\n"
  "ids = [os.getpid()] + [t.native_id for t in threads]\n"
  "sys.stdout.write('%d\\n%s\\n' % (len(fds), ' '.join(map(str, ids))))\n"
  "sys.stdout.flush()\n"
  "sys.stdin.buffer.read()\n"
  "done.set()\n"
  "for t in threads:\n"
  "    t.join()\n";

/* Opens the pipe for writing, waits for a line on stdin, then writes n
 * lines: line i claims its own pid when i is a multiple of every, else the
 * i-th (modulo) of the pids given. Keeps the pipe open until its stdin
 * closes. */
static const char writer_script[] =
  "import os, sys\n"
  "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
  "n = int(sys.argv[2])\n"
  "every = int(sys.argv[3])\n"
  "others = sys.argv[4:]\n"
  "sys.stdin.buffer.readline()\n"
  "me = str(os.getpid())\n"
  "out = []\n"
  "for i in range(n):\n"
  "    pid = me if i % every == 0 else others[i % len(others)]\n"
  "    out.append('Hello from pid [%s]\\n' % pid)\n"
  "data = ''.join(out).encode()\n"
  "while data:\n"
  "    data = data[os.write(fd, data):]\n"
  "sys.stdin.buffer.read()\n";

typedef struct
{
  FifolabInspector *inspector;
  FifolabSession   *session;
  const char       *path;
  gint64            writer_pid;
  guint             n_messages;
  guint             n_lies;
  guint             min_flagged;        /* lies certain to be checked */
  guint             n_received;
  guint             n_unseen_at_last;   /* when the last message was received */
  gint64            last_tick_us;
  gint64            max_gap_us;
  gint64            last_tick_cpu_us;
  gint64            max_gap_cpu_us;
  gint64            handler_start_us;
  gint64            max_handler_us;
  gint64            total_handler_us;
} Flood;

/* CPU time of the calling thread. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
flood_tick_cb (gpointer data)
{
  Flood *flood = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  flood->max_gap_us = MAX (flood->max_gap_us, now - flood->last_tick_us);
  flood->last_tick_us = now;
  flood->max_gap_cpu_us = MAX (flood->max_gap_cpu_us, cpu - flood->last_tick_cpu_us);
  flood->last_tick_cpu_us = cpu;
  return G_SOURCE_CONTINUE;
}

/* Runs before the inspector's handler ... */
static void
flood_received_before_cb (FifolabReader *reader,
                          GBytes        *payload,
                          guint          flags,
                          gint64         wall_us,
                          gint64         mono_us,
                          Flood         *flood)
{
  flood->handler_start_us = g_get_monotonic_time ();
}

/* ... and this one after it: the difference is what one message costs it. */
static void
flood_received_after_cb (FifolabReader *reader,
                         GBytes        *payload,
                         guint          flags,
                         gint64         wall_us,
                         gint64         mono_us,
                         Flood         *flood)
{
  gint64 spent = g_get_monotonic_time () - flood->handler_start_us;

  flood->max_handler_us = MAX (flood->max_handler_us, spent);
  flood->total_handler_us += spent;
  if (++flood->n_received == flood->n_messages)
    flood->n_unseen_at_last = fifolab_inspector_get_n_unseen (flood->inspector);
}

/* Every message is in, every verdict the session waited for is told, and
 * the writer's own pid has been looked at. */
static gboolean
flood_done (gpointer data)
{
  Flood *flood = data;

  return flood->n_received == flood->n_messages &&
         fifolab_inspector_get_n_unseen (flood->inspector) >= flood->min_flagged &&
         fifolab_inspector_writer_seen (flood->inspector, flood->path, flood->writer_pid) &&
         fifolab_session_get_n_held (flood->session) == 0;
}

/* A session follows a pipe with an inspector; @n_bystanders processes hold
 * @n_fds descriptors each and have @n_threads threads; a real writer sends
 * @n_messages lines claiming the bystanders' pids and threads' ids in turn,
 * and its own pid every @honest_every lines. A 10 ms timeout must keep
 * running meanwhile (the main loop never waits on a walk of those
 * descriptors), and the checks still conclude: each lie checked is marked
 * PID_UNSEEN (the real writer holds the pipe), at least @min_flagged of
 * them; the others are not checked (too many pending), never confirmed; the
 * messages of the real writer are confirmed. */
static void
run_flood (guint n_bystanders,
           guint n_fds,
           guint n_threads,
           guint n_messages,
           guint honest_every,
           guint min_flagged)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabInspector *inspector = fifolab_inspector_new (log);
  g_autoptr(GPtrArray) bystanders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) writer_argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) lies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fds_text = g_strdup_printf ("%u", n_fds);
  g_autofree char *threads_text = g_strdup_printf ("%u", n_threads);
  Flood flood = { 0 };
  FifolabReader *reader;
  gint64 first_lie = -1;
  gint64 start_us;
  guint tick;
  guint n;
  guint n_honest = 0;
  guint n_flagged = 0;

  if (fifolab_test_python () == NULL)
    {
      g_test_skip ("python3 is needed for the bystander processes");
      g_object_unref (inspector);
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);

  fifolab_session_set_inspector (session, inspector);
  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_nonnull (reader);
  g_assert_no_error (error);
  /* Around nothing now: the session checks each message in the reader's own
   * call, before ::message (the two handlers time an empty span). */
  g_signal_connect (reader, "message", G_CALLBACK (flood_received_before_cb), &flood);
  g_signal_connect (reader, "message", G_CALLBACK (flood_received_after_cb), &flood);
  flood.session = session;

  g_ptr_array_add (writer_argv, g_strdup (fifolab_test_python ()));
  g_ptr_array_add (writer_argv, g_strdup ("-c"));
  g_ptr_array_add (writer_argv, g_strdup (writer_script));
  g_ptr_array_add (writer_argv, g_strdup (path));
  g_ptr_array_add (writer_argv, g_strdup_printf ("%u", n_messages));
  g_ptr_array_add (writer_argv, g_strdup_printf ("%u", honest_every));

  for (guint i = 0; i < n_bystanders; i++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *fds_line = NULL;
      g_autofree char *ids_line = NULL;
      g_auto(GStrv) ids = NULL;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                               fifolab_test_python (), "-c", bystander_script, fds_text, threads_text, NULL);
      g_assert_no_error (error);
      /* Its pid and its threads' ids, as it tells them once it is ready;
       * it then waits on its stdin. */
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
      fds_line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (fds_line);
      ids_line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ids_line);
      g_assert_cmpint (g_ascii_strtoll (fds_line, NULL, 10), >, 0);
      ids = g_strsplit (ids_line, " ", -1);
      g_assert_cmpuint (g_strv_length (ids), ==, n_threads + 1);
      g_test_message ("bystander %s holds %s descriptors, %u threads", ids[0], fds_line, n_threads);
      for (guint j = 0; ids[j] != NULL; j++)
        {
          gint64 pid = g_ascii_strtoll (ids[j], NULL, 10);

          g_assert_cmpint (pid, >, 0);
          g_hash_table_add (lies, g_memdup2 (&pid, sizeof pid));
          if (first_lie < 0)
            first_lie = pid;
          g_ptr_array_add (writer_argv, g_strdup (ids[j]));
        }
      g_ptr_array_add (bystanders, g_steal_pointer (&proc));
    }
  g_ptr_array_add (writer_argv, NULL);

  writer = g_subprocess_newv ((const char * const *) writer_argv->pdata,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  /* It waits on its stdin before writing: its pid is still its own. */
  flood.writer_pid = g_ascii_strtoll (g_subprocess_get_identifier (writer), NULL, 10);
  flood.inspector = inspector;
  flood.path = path;
  flood.n_messages = n_messages;
  flood.n_lies = n_messages - (n_messages + honest_every - 1) / honest_every;
  flood.min_flagged = MIN (min_flagged, flood.n_lies);

  flood.last_tick_us = start_us = g_get_monotonic_time ();
  flood.last_tick_cpu_us = thread_cpu_us ();
  tick = g_timeout_add (10, flood_tick_cb, &flood);
  fifolab_test_go_ahead (writer);
  g_assert_true (fifolab_test_wait_until (flood_done, &flood, FLOOD_WAIT_MS));
  flood_tick_cb (&flood);
  g_source_remove (tick);

  g_test_message ("%u messages, %u lies (%u flagged by the last message): longest main-loop gap %"
                  G_GINT64_FORMAT " ms (main thread CPU in a gap at most %" G_GINT64_FORMAT
                  " ms), per-message inspection at most %" G_GINT64_FORMAT
                  " us (%" G_GINT64_FORMAT " ms in all), all verdicts in %" G_GINT64_FORMAT " ms",
                  flood.n_received, fifolab_inspector_get_n_unseen (inspector), flood.n_unseen_at_last,
                  flood.max_gap_us / 1000, flood.max_gap_cpu_us / 1000, flood.max_handler_us,
                  flood.total_handler_us / 1000,
                  (g_get_monotonic_time () - start_us) / 1000);
  g_assert_cmpint (flood.max_gap_cpu_us, <=, MAX_GAP_CPU_US);

  /* Each lie is marked on its own entry, no honest message is. */
  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      gint64 claimed = fifolab_log_entry_get_sender_pid (entry);

      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      if (claimed == flood.writer_pid)
        {
          /* Confirmed, or (the first ones, if the verdict on it was still
           * to come when too many were pending) not checked. */
          g_assert_cmpuint (fifolab_log_entry_get_flags (entry) & ~FIFOLAB_MESSAGE_PID_CONFIRMED, ==, 0);
          n_honest++;
        }
      else
        {
          guint flags = fifolab_log_entry_get_flags (entry);

          g_assert_true (g_hash_table_contains (lies, &claimed));
          g_assert_true (flags == FIFOLAB_MESSAGE_PID_UNSEEN || flags == 0);
          if (flags != 0)
            n_flagged++;
        }
    }
  g_assert_cmpuint (n_honest, ==, n_messages - flood.n_lies);
  g_assert_cmpuint (n_flagged, >=, flood.min_flagged);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, n_flagged);
  g_assert_false (fifolab_inspector_writer_seen (inspector, path, first_lie));

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (writer), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (writer));
  for (guint i = 0; i < bystanders->len; i++)
    {
      GSubprocess *proc = bystanders->pdata[i];

      g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_no_error (error);
      /* How it ended, should it not end well (seen once under load, the
       * cause not known). */
      if (!g_subprocess_get_successful (proc))
        g_test_message ("bystander %u: %s %d", i,
                        g_subprocess_get_if_signaled (proc) ? "killed by signal" : "exit status",
                        g_subprocess_get_if_signaled (proc) ? g_subprocess_get_term_sig (proc)
                                                            : g_subprocess_get_exit_status (proc));
      g_assert_true (g_subprocess_get_successful (proc));
    }

  fifolab_session_disconnect_all (session);
  fifolab_session_set_inspector (session, NULL);
  g_assert_finalize_object (inspector);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Issue 11, hostile input case 3: lines claiming 8 busy bystanders' pids,
 * 19,000 descriptors each. */
static void
test_claimed_bystanders (void)
{
  run_flood (8, 19000, 0, 1000, 10, G_MAXUINT);
}

/* Each line claims another pid (a thread id of one busy process: each has
 * its own /proc/TID/fd): the checks pending are bounded (64, one of them
 * perhaps the writer's own), the messages beyond are not checked, the main
 * loop still does not wait. */
static void
test_claimed_distinct (void)
{
  run_flood (1, 4000, 99, 100, 100, 63);
}

static void
no_verdict (guint64  ticket,
            guint    flags,
            gpointer user_data)
{
  g_assert_not_reached ();
}

static guint
check_claim (FifolabInspector *inspector,
             const char       *path,
             gint64            pid)
{
  g_autofree char *message = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]\n", pid);
  gboolean pending = TRUE;
  guint flags;

  flags = fifolab_inspector_check_message (inspector, path, (const guint8 *) message, strlen (message),
                                           pid, no_verdict, NULL, 0, &pending);
  g_assert_false (pending);
  return flags;
}

/* Whether a confirmed writer has exited (WRITER_EXITED) is asked of the
 * system once, not for every message: the answer "alive" is kept until the
 * next holder scan of the pipe, which asks again; "gone" is kept. The
 * writer is a real shell holding the pipe, ended for real between the
 * messages. */
static void
test_writer_exit_asked_once (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (NULL);
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  GSubprocess *writer;
  GPid pid = 0;
  int read_fd;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  /* A read end, so that the shell's open for writing does not wait. */
  read_fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (read_fd, >=, 0);
  writer = fifolab_test_writer_hold (path, &pid);
  fifolab_inspector_note_writer (inspector, path, pid);

  /* Alive: asked once, and that answer stands for its next messages. */
  g_assert_cmpuint (check_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_CONFIRMED);
  fifolab_test_writer_end (writer);
  g_assert_cmpuint (check_claim (inspector, path, pid), ==, FIFOLAB_MESSAGE_PID_CONFIRMED);

  /* A scan of the pipe (which no longer finds it): asked again, gone. */
  scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
  g_assert_no_error (error);
  fifolab_inspector_note_scan (inspector, scan, paths);
  g_assert_true (fifolab_inspector_writer_seen (inspector, path, pid));
  g_assert_cmpuint (check_claim (inspector, path, pid), ==,
                    FIFOLAB_MESSAGE_PID_CONFIRMED | FIFOLAB_MESSAGE_WRITER_EXITED);
  /* Gone stays gone, scan or not. */
  fifolab_inspector_note_scan (inspector, scan, paths);
  g_assert_cmpuint (check_claim (inspector, path, pid), ==,
                    FIFOLAB_MESSAGE_PID_CONFIRMED | FIFOLAB_MESSAGE_WRITER_EXITED);
  /* FIFO Lab itself never exited. */
  fifolab_inspector_note_writer (inspector, path, getpid ());
  g_assert_cmpuint (check_claim (inspector, path, getpid ()), ==, FIFOLAB_MESSAGE_PID_CONFIRMED);

  close (read_fd);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspector/recheck-interval", test_recheck_interval);
  g_test_add_func ("/inspector/note-writer-clears", test_note_writer_clears);
  g_test_add_func ("/inspector/no-such-process", test_no_such_process);
  g_test_add_func ("/inspector/check-line", test_check_line);
  g_test_add_func ("/inspector/writer-exit-asked-once", test_writer_exit_asked_once);
  g_test_add_func ("/inspector/claimed-bystanders", test_claimed_bystanders);
  g_test_add_func ("/inspector/claimed-distinct", test_claimed_distinct);

  return g_test_run ();
}
