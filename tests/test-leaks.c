/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thousands of connect / end-of-stream / reconnect cycles: no descriptor,
 * main-loop source or memory may be left behind by any of them.
 * FIFOLAB_LEAK_CYCLES overrides the number of cycles (build-aux/leakcheck.sh
 * runs a short variant under valgrind). */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <malloc.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"
#include "fifolab-writer.h"

#define WAIT_MS 50000
/* Memory the process may gain over all the cycles (allocator noise, GLib's
 * own caches); a leak of even 16 bytes per cycle is 160 kB. */
#define MEMORY_SLACK (96 * 1024)

static guint n_cycles = 10000;

/* Live sources on the default main context. GLib has no list of them;
 * ids are handed out in order, so look every id up to the newest. */
static guint
count_sources (void)
{
  guint newest = g_idle_add ((GSourceFunc) g_source_remove, NULL);
  guint n = 0;

  g_source_remove (newest);
  for (guint id = 1; id < newest; id++)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, id);

      if (source != NULL && !g_source_is_destroyed (source))
        n++;
    }
  return n;
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  return mi.uordblks + mi.hblkhd;
}

static void
subprocess_waited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static void
wait_subprocess_ok (GSubprocess *proc)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (proc, NULL, subprocess_waited_cb, &done);
  g_assert_true (fifolab_test_wait_for (&done, WAIT_MS));
  g_assert_true (g_subprocess_get_successful (proc));
}

/* GLib creates some things once, on first use: the worker thread and its
 * wakeup descriptor, the child watch, type classes, quarks... Do a few
 * cycles of the same kind first so that they exist before counting. */
typedef struct
{
  guint          messages;
  guint          eos;
  guint          reopened;
  /* The cycling writer waits for a line on its stdin before each cycle. */
  GOutputStream *go;
  guint          go_left;
} Counts;

static void
counts_go (Counts *counts)
{
  g_autoptr(GError) error = NULL;

  if (counts->go == NULL || counts->go_left == 0)
    return;
  counts->go_left--;
  /* One byte into a pipe the child is reading: never blocks. */
  g_output_stream_write_all (counts->go, "\n", 1, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
count_message_cb (FifolabReader *reader,
                  GBytes        *payload,
                  guint          flags,
                  gint64         wall_us,
                  gint64         mono_us,
                  Counts        *counts)
{
  g_assert_cmpuint (flags, ==, 0);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), "x", 1);
  counts->messages++;
}

static void
count_event_cb (FifolabReader    *reader,
                FifolabEventKind  kind,
                const char       *detail,
                Counts           *counts)
{
  if (kind == FIFOLAB_EVENT_END_OF_STREAM)
    counts->eos++;
  else if (kind == FIFOLAB_EVENT_REOPENED)
    {
      counts->reopened++;
      /* The read end is back: the next writer may come. */
      counts_go (counts);
    }
  g_assert_true (kind != FIFOLAB_EVENT_ERROR && kind != FIFOLAB_EVENT_PIPE_REMOVED);
}

typedef struct
{
  Counts *counts;
  guint   n;
} CountWait;

static gboolean
got_messages (gpointer data)
{
  CountWait *w = data;
  return w->counts->messages >= w->n;
}

/* One process opens, writes "x\n" and closes @count times, each time once
 * told to go on stdin (after FIFO Lab's reader saw the end of the last
 * stream and reopened), so each cycle is a whole connect/EOF/reopen. */
static const char cycler[] =
  "import os, sys\n"
  "path, n = sys.argv[1], int(sys.argv[2])\n"
  "for i in range(n):\n"
  "    sys.stdin.readline()\n"
  "    fd = os.open(path, os.O_WRONLY)\n"
  "    os.write(fd, b'x\\n')\n"
  "    os.close(fd)\n";

static void
run_cycles (const char *path,
            Counts     *counts,
            guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *n = g_strdup_printf ("%u", count);
  CountWait w = { counts, counts->messages + count };

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                           fifolab_test_python (), "-c", cycler, path, n, NULL);
  g_assert_no_error (error);
  counts->go = g_subprocess_get_stdin_pipe (proc);
  counts->go_left = count;
  counts_go (counts);
  wait_subprocess_ok (proc);
  counts->go = NULL;
  /* Nothing of the child stays open: descriptor counts are exact. */
  fifolab_test_subprocess_release (g_steal_pointer (&proc));
  g_assert_true (fifolab_test_wait_until (got_messages, &w, WAIT_MS));
}

static gboolean
reader_waiting (gpointer data)
{
  return fifolab_reader_get_state (data) == FIFOLAB_READER_WAITING_FOR_WRITER;
}

static void
settle (void)
{
  /* Let idles and notifications run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_leaks_reader_cycles (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "cycles");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  Counts counts = { 0 };
  guint fds_idle, fds_open, sources_open, sources_idle;
  gsize heap_before, heap_after;
  gint64 start;

  fds_idle = fifolab_test_count_fds ();
  sources_idle = count_sources ();
  g_signal_connect (reader, "message", G_CALLBACK (count_message_cb), &counts);
  g_signal_connect (reader, "event", G_CALLBACK (count_event_cb), &counts);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);

  run_cycles (path, &counts, 50);
  g_assert_true (fifolab_test_wait_until (reader_waiting, reader, WAIT_MS));
  settle ();
  fds_open = fifolab_test_count_fds ();
  sources_open = count_sources ();
  heap_before = heap_in_use ();
  counts = (Counts) { 0 };

  start = g_get_monotonic_time ();
  run_cycles (path, &counts, n_cycles);
  g_assert_true (fifolab_test_wait_until (reader_waiting, reader, WAIT_MS));
  settle ();
  heap_after = heap_in_use ();
  g_test_message ("%u writers: %u ends of stream, %u reopens, in %.2f s; "
                  "heap %+" G_GSSIZE_FORMAT " bytes",
                  n_cycles, counts.eos, counts.reopened,
                  (g_get_monotonic_time () - start) / 1e6,
                  (gssize) heap_after - (gssize) heap_before);

  g_assert_cmpuint (counts.messages, ==, n_cycles);
  g_assert_cmpuint (counts.eos, ==, n_cycles);
  g_assert_cmpuint (counts.reopened, ==, n_cycles);
  g_assert_cmpuint (fifolab_reader_get_messages_received (reader), ==, n_cycles + 50);
  fifolab_test_assert_fds (fds_open);
  g_assert_cmpuint (count_sources (), ==, sources_open);
  g_assert_cmpuint (heap_after, <=, heap_before + MEMORY_SLACK);

  fifolab_reader_close (reader);
  settle ();
  g_assert_false (g_main_context_pending (NULL));
  fifolab_test_assert_fds (fds_idle);
  g_assert_cmpuint (count_sources (), ==, sources_idle);
  g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The same through a session: events and messages go to the log, which is
 * cleared afterwards; everything it held is freed. */
static void
test_leaks_session_cycles (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "cycles");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabReader *reader;
  Counts counts = { 0 };
  guint fds_idle, fds_open, sources_open;
  gsize heap_before, heap_after;
  guint count = n_cycles / 2;

  fds_idle = fifolab_test_count_fds ();
  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);
  g_signal_connect (reader, "message", G_CALLBACK (count_message_cb), &counts);
  g_signal_connect (reader, "event", G_CALLBACK (count_event_cb), &counts);

  run_cycles (path, &counts, 50);
  g_assert_true (fifolab_test_wait_until (reader_waiting, reader, WAIT_MS));
  fifolab_log_clear (log);
  settle ();
  fds_open = fifolab_test_count_fds ();
  sources_open = count_sources ();
  heap_before = heap_in_use ();

  run_cycles (path, &counts, count);
  g_assert_true (fifolab_test_wait_until (reader_waiting, reader, WAIT_MS));
  g_assert_cmpuint (fifolab_log_get_n_stored (log), >, count);
  fifolab_log_clear (log);
  settle ();
  heap_after = heap_in_use ();
  g_test_message ("%u writers through a session; heap %+" G_GSSIZE_FORMAT " bytes "
                  "once the log is cleared",
                  count, (gssize) heap_after - (gssize) heap_before);

  fifolab_test_assert_fds (fds_open);
  g_assert_cmpuint (count_sources (), ==, sources_open);
  g_assert_cmpuint (heap_after, <=, heap_before + MEMORY_SLACK);

  fifolab_session_disconnect_all (session);
  settle ();
  fifolab_test_assert_fds (fds_idle);
  g_assert_finalize_object (session);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* FIFO Lab's writer, with a reader process that comes and goes: every
 * departure is noticed, every return reconnects, nothing is left behind. */

/* Opens, reads once, closes, @n times; each time once told to go on stdin
 * (after FIFO Lab's writer noticed the last departure). */
static const char come_and_go[] =
  "import os, sys\n"
  "path, n = sys.argv[1], int(sys.argv[2])\n"
  "for i in range(n):\n"
  "    sys.stdin.readline()\n"
  "    fd = os.open(path, os.O_RDONLY)\n"
  "    while not os.read(fd, 65536):\n"
  "        pass\n"
  "    os.close(fd)\n";

typedef struct
{
  GBytes        *message;
  guint          connected;
  guint          gone;
  Counts         go;
} WriterCounts;

static void
writer_sent_cb (FifolabWriter *writer,
                GBytes        *bytes,
                guint64        written,
                guint          flags,
                gint64         wall_us,
                gint64         mono_us,
                WriterCounts  *wc)
{
  /* Always one more to write, so each reader gets something. */
  if (fifolab_writer_get_queued_messages (writer) == 0)
    g_assert_cmpuint (fifolab_writer_send (writer, wc->message, NULL), >, 0);
}

static void
writer_event_cb (FifolabWriter    *writer,
                 FifolabEventKind  kind,
                 const char       *detail,
                 WriterCounts     *wc)
{
  if (kind == FIFOLAB_EVENT_READER_CONNECTED)
    wc->connected++;
  else if (kind == FIFOLAB_EVENT_NO_READER || kind == FIFOLAB_EVENT_READER_LEFT)
    {
      wc->gone++;
      counts_go (&wc->go);
    }
  g_assert_true (kind != FIFOLAB_EVENT_ERROR && kind != FIFOLAB_EVENT_PIPE_REMOVED);
}

static gboolean
writer_waiting (gpointer data)
{
  return fifolab_writer_get_state (data) == FIFOLAB_WRITER_WAITING_FOR_READER;
}

static void
writer_cycles (FifolabWriter *writer,
               WriterCounts  *wc,
               const char    *path,
               guint          count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *n = g_strdup_printf ("%u", count);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                           fifolab_test_python (), "-c", come_and_go, path, n, NULL);
  g_assert_no_error (error);
  wc->go.go = g_subprocess_get_stdin_pipe (proc);
  wc->go.go_left = count;
  counts_go (&wc->go);
  wait_subprocess_ok (proc);
  wc->go.go = NULL;
  /* Nothing of the child stays open: descriptor counts are exact. */
  fifolab_test_subprocess_release (g_steal_pointer (&proc));
  g_assert_true (fifolab_test_wait_until (writer_waiting, writer, WAIT_MS));
  settle ();
}

static void
test_leaks_writer_cycles (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "cycles");
  g_autoptr(GError) error = NULL;
  FifolabWriter *writer = fifolab_writer_new (path);
  WriterCounts wc = { g_bytes_new_static ("hello\n", 6), 0, 0, { 0 } };
  guint fds_idle, fds_open, sources_open, sources_idle;
  gsize heap_before, heap_after;
  guint count = MAX (n_cycles / 5, 10);

  fds_idle = fifolab_test_count_fds ();
  sources_idle = count_sources ();
  fifolab_writer_set_retry_interval (writer, 1);
  g_signal_connect (writer, "sent", G_CALLBACK (writer_sent_cb), &wc);
  g_signal_connect (writer, "event", G_CALLBACK (writer_event_cb), &wc);
  g_assert_true (fifolab_writer_start (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_writer_send (writer, wc.message, NULL), >, 0);

  writer_cycles (writer, &wc, path, 20);
  fds_open = fifolab_test_count_fds ();
  sources_open = count_sources ();
  heap_before = heap_in_use ();
  wc.connected = wc.gone = 0;

  writer_cycles (writer, &wc, path, count);
  heap_after = heap_in_use ();
  g_test_message ("%u readers came and went: %u connections, %u departures; "
                  "heap %+" G_GSSIZE_FORMAT " bytes",
                  count, wc.connected, wc.gone,
                  (gssize) heap_after - (gssize) heap_before);
  g_assert_cmpuint (wc.connected, ==, count);
  g_assert_cmpuint (wc.gone, ==, count);
  fifolab_test_assert_fds (fds_open);
  g_assert_cmpuint (count_sources (), ==, sources_open);
  g_assert_cmpuint (heap_after, <=, heap_before + MEMORY_SLACK);

  fifolab_writer_close (writer);
  settle ();
  fifolab_test_assert_fds (fds_idle);
  g_assert_cmpuint (count_sources (), ==, sources_idle);
  g_assert_finalize_object (writer);
  g_bytes_unref (wc.message);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  const char *cycles = g_getenv ("FIFOLAB_LEAK_CYCLES");

  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  /* GLib's worker thread and its wakeup descriptor, made once; every child
   * is let go of (fifolab_test_subprocess_release()), so counts are exact. */
  fifolab_test_warm_up ();
  if (cycles != NULL)
    n_cycles = MAX (10, (guint) g_ascii_strtoull (cycles, NULL, 10));

  g_test_add_func ("/leaks/reader-cycles", test_leaks_reader_cycles);
  g_test_add_func ("/leaks/session-cycles", test_leaks_session_cycles);
  g_test_add_func ("/leaks/writer-cycles", test_leaks_writer_cycles);

  return g_test_run ();
}
