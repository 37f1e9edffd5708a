/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabStepWatch: the seed's writer and reader as FIFO Lab starts them
 * (fifolab-peer write and read), held from their first call on the pipe
 * (fifolab-peer hold, then "attach PID" to the step watch) and let go one
 * call at a time. What the tests know of the processes comes from the
 * watch's records and the peers' own output, never from time: a held call
 * cannot return, so what must not have happened yet is checked while it is
 * held. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <unistd.h>

#include "fifolab-lesson.h"
#include "fifolab-peer-process.h"
#include "fifolab-step-watch.h"
#include "fifolab-test-util.h"

#define WAIT_MS 60000

typedef struct
{
  FifolabStepWatch *watch;
  GPtrArray        *records;   /* every record, in order */
  gboolean          ended;
} Seen;

static void
record_cb (FifolabStepWatch   *watch,
           FifolabWatchRecord *record,
           gpointer            user_data)
{
  Seen *seen = user_data;

  g_ptr_array_add (seen->records, fifolab_watch_record_ref (record));
}

static void
ended_cb (FifolabStepWatch *watch,
          gpointer          user_data)
{
  ((Seen *) user_data)->ended = TRUE;
}

typedef struct
{
  Seen  *seen;
  gint64 pid;
} PendingOf;

/* Process @pid's call waits. */
static gboolean
pending_of (gpointer data)
{
  PendingOf *p = data;

  return fifolab_step_watch_get_pending_of (p->seen->watch, p->pid) != NULL;
}

/* The records of @pid that are calls or pending calls, in order. */
static GPtrArray *
calls_of (Seen  *seen,
          gint64 pid)
{
  GPtrArray *calls = g_ptr_array_new ();

  for (guint i = 0; i < seen->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (seen->records, i);

      if (r->pid == pid && (r->kind == FIFOLAB_WATCH_CALL || r->kind == FIFOLAB_WATCH_PENDING))
        g_ptr_array_add (calls, r);
    }
  return calls;
}

typedef struct
{
  Seen             *seen;
  FifolabWatchKind  kind;
  gint64            pid;
} RecordOf;

/* The watch reported a record of @kind about process @pid: its exit, or
 * that it attached to it (found by its own scan). */
static gboolean
record_seen (gpointer data)
{
  RecordOf *ro = data;

  for (guint i = 0; i < ro->seen->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (ro->seen->records, i);

      if (r->kind == ro->kind && r->pid == ro->pid)
        return TRUE;
    }
  return FALSE;
}

/* Process @pid's oldest waiting call is a write. */
static gboolean
writer_writes (FifolabStepWatch *watch,
               gint64            pid)
{
  FifolabWatchRecord *r = fifolab_step_watch_get_pending_of (watch, pid);

  return r != NULL && r->is_write;
}


/* Bytes queued in the pipe of read end @fd. */
static int
queued (int fd)
{
  int n = -1;

  g_assert_cmpint (ioctl (fd, FIONREAD, &n), ==, 0);
  return n;
}

typedef struct
{
  int fd;
  int n;
} Queued;

static gboolean
has_queued (gpointer data)
{
  Queued *q = data;

  return queued (q->fd) >= q->n;
}

/* Stepping the writer @pid of the test until its write waits, nothing in
 * the pipe of read end @fd before. */
typedef struct
{
  FifolabStepWatch *watch;
  gint64            pid;
  int               fd;
} ToWrite;

static void
pipe_empty (gpointer data)
{
  g_assert_cmpint (queued (((ToWrite *) data)->fd), ==, 0);
}

static gboolean
write_waits (gpointer data)
{
  ToWrite *w = data;

  return writer_writes (w->watch, w->pid);
}

/* Stepping lesson 3's processes until the writer @pid's write is the
 * oldest held call, @reader printing nothing before. */
typedef struct
{
  FifolabStepWatch   *watch;
  gint64              pid;
  FifolabPeerProcess *reader;
} ToLessonWrite;

static void
reader_silent (gpointer data)
{
  g_assert_cmpuint (fifolab_peer_process_get_output_lines (((ToLessonWrite *) data)->reader)->len, ==, 0);
}

static gboolean
write_oldest (gpointer data)
{
  ToLessonWrite *w = data;
  FifolabWatchRecord *oldest = fifolab_step_watch_get_pending (w->watch);

  return oldest->pid == w->pid && oldest->is_write;
}

/* Whether @pid sleeps in read() (held: fifolab-peer hold at its gate), or
 * has ended or been stopped by the watch (not held: the writer wrote and
 * exited, or a scan of the watch found it on the pipe), from /proc. */
static gboolean
at_gate_or_gone (gint64 pid)
{
  g_autofree char *file = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/syscall", pid);
  g_autofree char *text = NULL;
  g_autofree char *wchan_file = NULL;
  g_autofree char *wchan = NULL;
  char state = fifolab_test_proc_state_letter (pid);

  /* Ended (gone, or not reaped yet), or stopped by a tracer (a scan of the
   * watch found it). */
  if (state == 0 || state == 'Z' || state == 'X' || state == 't')
    return TRUE;
  if (!g_file_get_contents (file, &text, NULL, NULL) || !g_ascii_isdigit (text[0]))
    return FALSE;
  /* Asleep in read(3, …) on the gate's socket: not a file read of its start. */
  if (!g_str_has_prefix (text, "0 0x3 "))
    return FALSE;
  wchan_file = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/wchan", pid);
  return g_file_get_contents (wchan_file, &wchan, NULL, NULL) && strstr (wchan, "unix") != NULL;
}

/* The book's writer, as FIFO Lab starts it, while a reader already holds
 * the pipe: unheld it would open, write its 22 bytes and exit at once.
 * Held from before its first instruction, its first call seen is its
 * open(), waiting; its write waits until stepped, and the reader has the
 * bytes only then; Run lets the rest go on. */
static void
test_step_peers_from_first_call (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(GListStore) peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *hello = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  PendingOf p = { &seen, 0 };
  FifolabWatchRecord *pending;
  Queued q = { -1, 0 };
  char buf[64];
  gint64 wpid;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  q.fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (q.fd, >=, 0);

  watch = fifolab_step_watch_new (path);
  seen.watch = watch;
  g_signal_connect (watch, "record", G_CALLBACK (record_cb), &seen);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), &seen);
  g_assert_true (fifolab_step_watch_start (watch, &error));
  g_assert_no_error (error);

  writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_assert_true (fifolab_step_watch_start_peer (watch, writer, peers, &error));
  g_assert_no_error (error);
  wpid = fifolab_peer_process_get_pid (writer);
  hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", wpid);
  /* Every chance to slip by: the main loop, which sends the watch
   * "attach PID", does not run until the writer waits at its gate, or
   * (were it not held) has written and exited. */
  for (guint ms = 0; !at_gate_or_gone (wpid); ms++)
    {
      g_assert_cmpuint (ms, <, WAIT_MS);
      g_usleep (1000);
    }
  g_assert_cmpint (queued (q.fd), ==, 0);

  p.pid = wpid;
  g_assert_true (fifolab_test_wait_until (pending_of, &p, WAIT_MS));
  g_assert_false (fifolab_peer_process_is_held (writer));
  /* Nothing slipped by: its first call seen is the open, held. */
  calls = calls_of (&seen, wpid);
  g_assert_cmpuint (calls->len, ==, 1);
  pending = g_ptr_array_index (calls, 0);
  g_assert_cmpint (pending->kind, ==, FIFOLAB_WATCH_PENDING);
  g_assert_true (g_str_has_prefix (pending->syscall, "open"));
  g_assert_true (fifolab_step_watch_get_pending (watch) == pending);
  text = fifolab_step_watch_describe (pending, path);
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to open my_pipe", wpid);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* Its opens go on, one a step (fifolab-peer opens the path with O_PATH,
   * then /proc/self/fd/N for writing), then its close of the O_PATH
   * descriptor, until its write of the book's 22 bytes waits. */
  fifolab_test_step_until (watch, &(FifolabTestStepper) { .check = pipe_empty, .reached = write_waits },
                           &(ToWrite) { watch, wpid, q.fd }, 8, WAIT_MS);
  pending = fifolab_step_watch_get_pending (watch);
  g_assert_cmpint (pending->pid, ==, wpid);
  g_assert_cmpint (pending->requested, ==, (gint64) strlen (hello));
  text = fifolab_step_watch_describe (pending, path);
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to write %d bytes to my_pipe",
                              wpid, (int) strlen (hello));
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = fifolab_step_watch_describe_short (pending);
  expected = g_strdup_printf ("about to write %d B", (int) strlen (hello));
  g_assert_cmpstr (text, ==, expected);
  /* Held: not one byte in the pipe. */
  g_assert_cmpint (queued (q.fd), ==, 0);

  g_assert_true (fifolab_step_watch_step (watch));
  q.n = (int) strlen (hello);
  g_assert_true (fifolab_test_wait_until (has_queued, &q, WAIT_MS));
  g_assert_cmpint (read (q.fd, buf, sizeof buf), ==, (gssize) strlen (hello));
  g_assert_cmpmem (buf, strlen (hello), hello, strlen (hello));

  /* Run: the rest (its close) goes on unheld, and it exits. */
  fifolab_step_watch_run (watch);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, WAIT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_code (writer), ==, 0);
  g_assert_true (fifolab_test_wait_until (record_seen, &(RecordOf) { &seen, FIFOLAB_WATCH_EXIT, p.pid }, WAIT_MS));
  g_assert_cmpuint (fifolab_step_watch_get_n_pending (watch), ==, 0);

  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  g_assert_false (fifolab_step_watch_is_running (watch));
  g_ptr_array_unref (seen.records);
  close (q.fd);
  fifolab_test_fifo_clear (&dir, &path);
}

/* Stopping step mode while a call is held lets it run on unchanged: the
 * writer's held open goes on, untraced, and it writes as it would have.
 * The same when the watch's last reference is dropped. */
static void
test_step_stop_lets_run (gconstpointer data)
{
  gboolean by_unref = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(GListStore) peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  PendingOf p = { &seen, 0 };

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  watch = fifolab_step_watch_new (path);
  seen.watch = watch;
  g_signal_connect (watch, "record", G_CALLBACK (record_cb), &seen);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), &seen);
  g_assert_true (fifolab_step_watch_start (watch, &error));

  writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_assert_true (fifolab_step_watch_start_peer (watch, writer, peers, &error));
  g_assert_no_error (error);
  p.pid = fifolab_peer_process_get_pid (writer);
  g_assert_true (fifolab_test_wait_until (pending_of, &p, WAIT_MS));

  if (by_unref)
    {
      /* Its last reference dropped: it stops as well, and is finalized. */
      g_assert_finalize_object (g_steal_pointer (&watch));
    }
  else
    {
      fifolab_step_watch_stop (watch);
      g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
      g_assert_cmpuint (fifolab_step_watch_get_n_pending (watch), ==, 0);
    }

  /* Not held any more: an ordinary reader gets its message. */
  reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_assert_true (fifolab_peer_process_start_listed (reader, peers, &error));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, WAIT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, WAIT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_code (writer), ==, 0);
  g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 1);
  g_ptr_array_unref (seen.records);
  fifolab_test_fifo_clear (&dir, &path);
}

typedef struct
{
  FifolabStepWatch *watch;
  guint64           n;
} Count;

/* The step watch knows the bytes in the pipe, and they are @n. */
static gboolean
counts (gpointer data)
{
  Count *c = data;
  guint64 n = G_MAXUINT64;

  return fifolab_step_watch_get_queued (c->watch, &n) && n == c->n;
}

/* Steps the oldest call, which is not a write or a read: the count known
 * stays @n, as the kernel says (FIONREAD on @fd). */
static void
step_keeps (FifolabStepWatch *watch,
            int               fd,
            guint64           n)
{
  FifolabWatchRecord *oldest = fifolab_step_watch_get_pending (watch);
  Count c = { watch, n };

  g_assert_nonnull (oldest);
  g_assert_false (oldest->is_write);
  g_assert_false (oldest->is_read);
  g_assert_true (fifolab_step_watch_step (watch));
  g_assert_true (counts (&c));
  g_assert_cmpint (queued (fd), ==, (int) n);
}

/* Stepping with step_keeps(): each call let go keeps @n bytes in the
 * pipe, until @pid's call is the one wanted. */
typedef struct
{
  FifolabStepWatch *watch;
  gint64            pid;
  int               fd;
  guint64           n;
} Keeping;

static gboolean
keeping_held (gpointer data)
{
  Keeping *k = data;

  return fifolab_step_watch_get_pending_of (k->watch, k->pid) != NULL;
}

static gboolean
keeping_write_waits (gpointer data)
{
  Keeping *k = data;

  return writer_writes (k->watch, k->pid);
}

static gboolean
keeping_read_oldest (gpointer data)
{
  Keeping *k = data;
  FifolabWatchRecord *r = fifolab_step_watch_get_pending (k->watch);

  return r != NULL && r->pid == k->pid && r->is_read;
}

static void
keeping_step (gpointer data,
              guint    n)
{
  Keeping *k = data;

  step_keeps (k->watch, k->fd, k->n);
}

/* The bytes in the pipe while each call is held (issue 16, the gauge): 0
 * before anything, the write's 22 once it returned, 0 once the read took
 * them, each time what FIONREAD says; not known while the write goes on,
 * nor after Run. (The test holds both ends, unwatched like FIFO Lab's own,
 * so that no open blocks; it never reads or writes.) */
static void
test_step_queued (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(GListStore) peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hello = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  PendingOf p = { &seen, 0 };
  Count c = { NULL, 0 };
  guint64 n = 0;
  int fd;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  fd = open (path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  watch = fifolab_step_watch_new (path);
  seen.watch = c.watch = watch;
  g_signal_connect (watch, "record", G_CALLBACK (record_cb), &seen);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), &seen);
  g_assert_true (fifolab_step_watch_start (watch, &error));
  g_assert_no_error (error);
  g_assert_true (counts (&c));

  writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_assert_true (fifolab_step_watch_start_peer (watch, writer, peers, &error));
  g_assert_no_error (error);
  p.pid = fifolab_peer_process_get_pid (writer);
  hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", p.pid);
  g_assert_true (fifolab_test_wait_until (pending_of, &p, WAIT_MS));
  fifolab_test_step_until (watch, &(FifolabTestStepper) { .reached = keeping_write_waits, .step = keeping_step },
                           &(Keeping) { watch, p.pid, fd, 0 }, 8, WAIT_MS);
  g_assert_true (counts (&c));

  /* The write let go: not known until it has returned. */
  g_assert_true (fifolab_step_watch_step (watch));
  g_assert_false (fifolab_step_watch_get_queued (watch, &n));
  c.n = strlen (hello);
  g_assert_true (fifolab_test_wait_until (counts, &c, WAIT_MS));
  g_assert_cmpint (queued (fd), ==, (int) strlen (hello));

  /* A reader, held from its first call, until its read waits (the
   * writer's close goes too: oldest first). */
  reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_assert_true (fifolab_step_watch_start_peer (watch, reader, peers, &error));
  g_assert_no_error (error);
  p.pid = fifolab_peer_process_get_pid (reader);
  fifolab_test_step_until (watch, &(FifolabTestStepper) { .held = keeping_held, .reached = keeping_read_oldest,
                                                          .step = keeping_step },
                           &(Keeping) { watch, p.pid, fd, strlen (hello) }, 12, WAIT_MS);
  /* The read let go: the pipe is empty once it returned. */
  g_assert_true (fifolab_step_watch_step (watch));
  g_assert_false (fifolab_step_watch_get_queued (watch, &n));
  c.n = 0;
  g_assert_true (fifolab_test_wait_until (counts, &c, WAIT_MS));
  g_assert_cmpint (queued (fd), ==, 0);

  /* Run: not held, a call may go on unseen for a while: not known. */
  fifolab_step_watch_run (watch);
  g_assert_false (fifolab_step_watch_get_queued (watch, &n));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, WAIT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, WAIT_MS));
  g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 1);

  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  g_ptr_array_unref (seen.records);
  close (fd);
  fifolab_test_fifo_clear (&dir, &path);
}

/* A process that held the pipe before step mode started may have put
 * bytes in that the watch never saw: the count is not known. */
static void
test_step_queued_outsider (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(FifolabTestChild) holder = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  PendingOf p = { &seen, 0 };
  Queued q = { -1, 5 };
  guint64 n = 0;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  {
    /* It writes 5 bytes and stays, holding both ends. */
    const char *argv[] = { "sh", "-c", "exec 3<>\"$0\"; printf hello >&3; exec sleep 60", path, NULL };

    holder = fifolab_test_child_spawn (argv);
  }
  /* Its 5 bytes are in (the test's own end, like FIFO Lab's, is not
   * watched). */
  q.fd = open (path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (q.fd, >=, 0);
  g_assert_true (fifolab_test_wait_until (has_queued, &q, WAIT_MS));
  watch = fifolab_step_watch_new (path);
  seen.watch = watch;
  g_signal_connect (watch, "record", G_CALLBACK (record_cb), &seen);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), &seen);
  g_assert_true (fifolab_step_watch_start (watch, &error));
  g_assert_no_error (error);
  p.pid = holder->pid;
  g_assert_true (fifolab_test_wait_until (record_seen, &(RecordOf) { &seen, FIFOLAB_WATCH_ATTACH, p.pid }, WAIT_MS));
  g_assert_false (fifolab_step_watch_get_queued (watch, &n));

  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  g_subprocess_send_signal (holder->proc, SIGTERM);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, holder, WAIT_MS));
  g_ptr_array_unref (seen.records);
  close (q.fd);
  fifolab_test_fifo_clear (&dir, &path);
}

typedef struct
{
  FifolabStepWatch   *watch;
  FifolabPeerProcess *writer;
  FifolabPeerProcess *reader;
} WriterOrReader;

/* The writer's call waits, or the reader's, or the reader has printed
 * the message. */
static gboolean
writer_or_reader_on (gpointer data)
{
  WriterOrReader *w = data;

  return fifolab_test_peer_has_output (w->reader) ||
         fifolab_step_watch_get_pending_of (w->watch, fifolab_peer_process_get_pid (w->writer)) != NULL ||
         fifolab_step_watch_get_pending_of (w->watch, fifolab_peer_process_get_pid (w->reader)) != NULL;
}

/* A reader started before step mode, as a lesson let run, waits in open()
 * on the pipe; the watch finds it there and traces it, but holds only the
 * writer started through it: each of the writer's calls waits for a
 * Step, and none of the reader's ever does (no call of a process before
 * shown as the stepper's), though its read is seen. */
static void
test_step_holds_only_started (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(GListStore) peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  gint64 rpid;
  guint writer_steps = 0;
  gboolean read_seen = FALSE;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_assert_true (fifolab_peer_process_start_listed (reader, peers, &error));
  g_assert_no_error (error);
  rpid = fifolab_peer_process_get_pid (reader);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER ((int) rpid), WAIT_MS));

  watch = fifolab_step_watch_new (path);
  seen.watch = watch;
  g_signal_connect (watch, "record", G_CALLBACK (record_cb), &seen);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), &seen);
  g_assert_true (fifolab_step_watch_start (watch, &error));
  g_assert_no_error (error);
  /* Traced from here on: each of its calls would be held, were it to be. */
  g_assert_true (fifolab_test_wait_until (record_seen, &(RecordOf) { &seen, FIFOLAB_WATCH_ATTACH, rpid }, WAIT_MS));

  writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_assert_true (fifolab_step_watch_start_peer (watch, writer, peers, &error));
  g_assert_no_error (error);
  /* The writer's calls, each let go by a Step, until the reader has the
   * message; the reader's call never waits among them. */
  while (!fifolab_test_peer_has_output (reader))
    {
      g_assert_cmpuint (writer_steps, <, 12);
      g_assert_true (fifolab_test_wait_until (writer_or_reader_on,
                                              &(WriterOrReader) { watch, writer, reader }, WAIT_MS));
      g_assert_null (fifolab_step_watch_get_pending_of (watch, rpid));
      if (!fifolab_test_peer_has_output (reader))
        {
          g_assert_cmpint (fifolab_step_watch_get_pending (watch)->pid, ==, fifolab_peer_process_get_pid (writer));
          g_assert_true (fifolab_step_watch_step (watch));
          writer_steps++;
        }
    }
  /* Its open, its write: the writer was held. */
  g_assert_cmpuint (writer_steps, >=, 2);

  fifolab_step_watch_run (watch);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, WAIT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, WAIT_MS));
  g_assert_true (fifolab_test_wait_until (record_seen, &(RecordOf) { &seen, FIFOLAB_WATCH_EXIT, rpid }, WAIT_MS));
  /* Seen, never held. */
  calls = calls_of (&seen, rpid);
  for (guint i = 0; i < calls->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (calls, i);

      g_assert_cmpint (r->kind, ==, FIFOLAB_WATCH_CALL);
      read_seen = read_seen || r->is_read;
    }
  g_assert_true (read_seen);

  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  g_ptr_array_unref (seen.records);
  fifolab_test_fifo_clear (&dir, &path);
}

/* Lesson 3 ("the writer arrives") in step mode: the reader and the
 * book's writer it starts are held from their first call; the reader
 * prints the writer's message only after the write was stepped, and Run
 * lets the rest go on, the step then done as without step mode. */
static void
test_step_lesson_writer (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FifolabLesson) lesson = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  PendingOf p = { &seen, 0 };
  FifolabPeerProcess *writer = NULL;
  FifolabPeerProcess *reader = NULL;
  guint start_writer = G_MAXUINT;
  guint steps = 0;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  dir = fifolab_test_tmpdir_new ();
  lesson = fifolab_lesson_new (dir, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    {
      if (g_str_equal (fifolab_lesson_get_step_action_id (lesson, i), "mkfifo"))
        {
          fifolab_lesson_set_current (lesson, i);
          g_assert_true (fifolab_lesson_run_action (lesson, &error));
          g_assert_no_error (error);
        }
      if (g_str_equal (fifolab_lesson_get_step_action_id (lesson, i), "start-writer"))
        start_writer = i;
    }
  g_assert_cmpuint (start_writer, !=, G_MAXUINT);

  watch = fifolab_step_watch_new (fifolab_lesson_get_pipe_path (lesson));
  seen.watch = watch;
  g_signal_connect (watch, "record", G_CALLBACK (record_cb), &seen);
  g_signal_connect (watch, "ended", G_CALLBACK (ended_cb), &seen);
  g_assert_true (fifolab_step_watch_start (watch, &error));
  fifolab_lesson_set_step_watch (lesson, watch);

  fifolab_lesson_set_current (lesson, start_writer);
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  fifolab_test_lesson_pair (lesson, (gpointer *) &writer, (gpointer *) &reader);
  hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_peer_process_get_pid (writer));

  /* Both wait at their first call, an open. */
  p.pid = fifolab_peer_process_get_pid (writer);
  g_assert_true (fifolab_test_wait_until (pending_of, &p, WAIT_MS));
  g_assert_true (g_str_has_prefix (fifolab_step_watch_get_pending_of (watch, p.pid)->syscall, "open"));
  p.pid = fifolab_peer_process_get_pid (reader);
  g_assert_true (fifolab_test_wait_until (pending_of, &p, WAIT_MS));
  g_assert_true (g_str_has_prefix (fifolab_step_watch_get_pending_of (watch, p.pid)->syscall, "open"));

  /* Step, the oldest each time, until the write has gone; the reader
   * prints nothing before. */
  p.pid = fifolab_peer_process_get_pid (writer);
  steps = fifolab_test_step_until (watch, &(FifolabTestStepper) { .check = reader_silent, .reached = write_oldest },
                                   &(ToLessonWrite) { watch, p.pid, reader }, 15, WAIT_MS);
  text = fifolab_step_watch_describe (fifolab_step_watch_get_pending (watch), fifolab_lesson_get_pipe_path (lesson));
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to write %d bytes to my_pipe",
                              p.pid, (int) strlen (hello));
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (fifolab_step_watch_step (watch));
  g_assert_cmpuint (++steps, <=, 16);

  fifolab_step_watch_run (watch);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, WAIT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, WAIT_MS));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %s",
                              fifolab_peer_process_get_pid (reader), hello);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, expected);

  fifolab_lesson_set_step_watch (lesson, NULL);
  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  fifolab_lesson_close (lesson);
  g_ptr_array_unref (seen.records);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A lesson, its pipe made, with @watch (started) on it. */
static FifolabLesson *
lesson_on_watch (const char        *dir,
                 FifolabLog        *log,
                 FifolabStepWatch **watch,
                 Seen              *seen)
{
  g_autoptr(GError) error = NULL;
  FifolabLesson *lesson = fifolab_lesson_new (dir, log, &error);

  g_assert_no_error (error);
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "mkfifo"));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  *watch = fifolab_step_watch_new (fifolab_lesson_get_pipe_path (lesson));
  seen->watch = *watch;
  g_signal_connect (*watch, "record", G_CALLBACK (record_cb), seen);
  g_signal_connect (*watch, "ended", G_CALLBACK (ended_cb), seen);
  g_assert_true (fifolab_step_watch_start (*watch, &error));
  g_assert_no_error (error);
  fifolab_lesson_set_step_watch (lesson, *watch);
  return lesson;
}

static void
note_exit_time_cb (FifolabPeerProcess *peer,
                   gint64             *when)
{
  *when = g_get_real_time ();
}

/* Milliseconds since local midnight of "HH:MM:SS.mmm" at @text. */
static gint64
parse_ms_of_day (const char *text)
{
  int h, m, sec, ms;

  g_assert_cmpint (sscanf (text, "%d:%d:%d.%d", &h, &m, &sec, &ms), ==, 4);
  return ((h * 60 + m) * 60 + sec) * (gint64) 1000 + ms;
}

static gint64
ms_of_day (gint64 wall_us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);

  return ((g_date_time_get_hour (t) * 60 + g_date_time_get_minute (t)) * 60 + g_date_time_get_second (t)) *
         (gint64) 1000 + (wall_us % G_USEC_PER_SEC) / 1000;
}

typedef struct
{
  FifolabStepWatch   *watch;
  FifolabPeerProcess *reader;
  FifolabPeerProcess *writer;
} HeldOrGone;

static gboolean
reader_held_or_writer_gone (gpointer data)
{
  HeldOrGone *h = data;

  return fifolab_test_peer_exited (h->writer) ||
         fifolab_step_watch_get_pending_of (h->watch, fifolab_peer_process_get_pid (h->reader)) != NULL;
}

/* Lesson 4 seen in lesson 3, its reader held (step mode) long after its
 * writer has gone: the time lesson 4 gives is the writer's exit, the
 * event its sentence tells, not the reader's, the last thing seen. */
static void
test_step_lesson_closed_before (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FifolabLesson) lesson = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  PendingOf p = { &seen, 0 };
  g_autoptr(GError) error = NULL;
  FifolabPeerProcess *writer = NULL;
  FifolabPeerProcess *reader = NULL;
  gint64 writer_exited = 0;
  gint64 reader_exited = 0;
  const char *text;
  gint64 said, gap;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  dir = fifolab_test_tmpdir_new ();
  lesson = lesson_on_watch (dir, NULL, &watch, &seen);

  /* Lesson 2's reader, held at its first call. */
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "start-reader"));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  reader = g_list_model_get_item (fifolab_lesson_get_peers (lesson), 0);
  g_object_unref (reader);
  p.pid = fifolab_peer_process_get_pid (reader);
  g_assert_true (fifolab_test_wait_until (pending_of, &p, WAIT_MS));

  /* Lesson 3's writer not held: it writes, closes and exits as soon as the
   * reader's open lets it; the reader stays held at its next call. */
  fifolab_lesson_set_step_watch (lesson, NULL);
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "start-writer"));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  fifolab_test_lesson_pair (lesson, (gpointer *) &writer, (gpointer *) &reader);
  g_signal_connect (writer, "exited", G_CALLBACK (note_exit_time_cb), &writer_exited);
  g_signal_connect (reader, "exited", G_CALLBACK (note_exit_time_cb), &reader_exited);
  /* The reader's calls, one at a time, until its open has let the writer
   * go on (it opens by path, then for reading through /proc/self/fd). */
  for (guint steps = 0; !fifolab_test_peer_exited (writer); steps++)
    {
      g_assert_cmpuint (steps, <, 8);
      g_assert_true (fifolab_test_wait_until (reader_held_or_writer_gone,
                                              &(HeldOrGone) { watch, reader, writer }, WAIT_MS));
      if (!fifolab_test_peer_exited (writer))
        g_assert_true (fifolab_step_watch_step (watch));
      fifolab_test_run_for (50);
    }
  fifolab_test_run_for (1500);
  g_assert_true (fifolab_peer_process_is_running (reader));

  /* The reader goes on, reads and leaves: lesson 4 was seen. */
  fifolab_step_watch_run (watch);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, WAIT_MS));
  fifolab_test_run_for (100);
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "writer-closes"));
  text = fifolab_lesson_get_step_outcome (lesson, fifolab_test_lesson_step_of (lesson, "writer-closes"));
  g_assert_nonnull (text);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Already seen in the step before, at "));
  said = parse_ms_of_day (text + strlen ("Already seen in the step before, at "));
  gap = said - ms_of_day (writer_exited);
  if (gap < -43200000)
    gap += 86400000;
  else if (gap > 43200000)
    gap -= 86400000;
  /* The writer's exit, give or take the handlers in between; the reader
   * left more than a second later. */
  g_assert_cmpint (reader_exited - writer_exited, >, 1000000);
  g_assert_cmpint (ABS (gap), <, 200);
  g_assert_null (strstr (text, "at once"));

  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  fifolab_lesson_close (lesson);
  g_ptr_array_unref (seen.records);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  FifolabLesson      *lesson;
  guint               index;
  FifolabStepWatch   *watch;
  FifolabPeerProcess *reader;
  const char         *needle;
} HeldOrSays;

static gboolean
step_says (gpointer data)
{
  HeldOrSays *h = data;
  const char *outcome = fifolab_lesson_get_step_outcome (h->lesson, h->index);

  return outcome != NULL && strstr (outcome, h->needle) != NULL;
}

static gboolean
reader_held_or_says (gpointer data)
{
  HeldOrSays *h = data;

  return step_says (data) ||
         fifolab_step_watch_get_pending_of (h->watch, fifolab_peer_process_get_pid (h->reader)) != NULL;
}

static gboolean
reader_held_and_says (gpointer data)
{
  HeldOrSays *h = data;

  return step_says (data) &&
         fifolab_step_watch_get_pending_of (h->watch, fifolab_peer_process_get_pid (h->reader)) != NULL;
}

/* Lesson 2 in step mode: the reader is held before its first call. The
 * card says so, not that it waits inside open(); once its open() has been
 * let go (and blocks: no writer), it says that. */
static void
test_step_lesson_reader_held (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FifolabLesson) lesson = NULL;
  g_autoptr(FifolabStepWatch) watch = NULL;
  Seen seen = { NULL, g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref), FALSE };
  g_autoptr(GError) error = NULL;
  FifolabPeerProcess *reader = NULL;
  HeldOrSays h;
  const char *outcome;

  if (!fifolab_test_watch_supported (2))
    {
      g_ptr_array_unref (seen.records);
      return;
    }
  dir = fifolab_test_tmpdir_new ();
  lesson = lesson_on_watch (dir, NULL, &watch, &seen);

  h.lesson = lesson;
  h.index = fifolab_test_lesson_step_of (lesson, "start-reader");
  h.watch = watch;
  fifolab_lesson_set_current (lesson, h.index);
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  reader = g_list_model_get_item (fifolab_lesson_get_peers (lesson), 0);
  g_object_unref (reader);
  h.reader = reader;

  /* Held before its first call, an open: the card says that. */
  h.needle = "held before its open()";
  if (!fifolab_test_wait_until (reader_held_and_says, &h, 10000))
    g_error ("the reader held before its open(), lesson 2 says “%s”",
             fifolab_lesson_get_step_outcome (lesson, h.index));
  outcome = fifolab_lesson_get_step_outcome (lesson, h.index);
  g_test_message ("%s", outcome);
  g_assert_nonnull (fifolab_step_watch_get_pending_of (watch, fifolab_peer_process_get_pid (reader)));
  g_assert_true (g_str_has_prefix (fifolab_step_watch_get_pending_of (watch, fifolab_peer_process_get_pid (reader))->syscall,
                                   "open"));
  g_assert_null (strstr (outcome, "is waiting inside open()"));

  /* Its opens let go, one at a time (by path, then for reading through
   * /proc/self/fd), until the card says it waits inside open(). */
  h.needle = "is waiting inside open()";
  for (guint steps = 0; !step_says (&h); steps++)
    {
      g_assert_cmpuint (steps, <, 6);
      g_assert_true (fifolab_test_wait_until (reader_held_or_says, &h, WAIT_MS));
      if (!step_says (&h))
        g_assert_true (fifolab_step_watch_step (watch));
      fifolab_test_run_for (100);
    }
  /* And it is: inside open(), nothing of it held. */
  g_assert_null (fifolab_step_watch_get_pending_of (watch, fifolab_peer_process_get_pid (reader)));
  g_assert_true (fifolab_proc_activity_is_opening (fifolab_peer_process_read_activity (reader)));

  fifolab_step_watch_stop (watch);
  g_assert_true (fifolab_test_wait_for (&seen.ended, WAIT_MS));
  fifolab_lesson_close (lesson);
  g_ptr_array_unref (seen.records);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fifolab_peer_process_set_default_path (fifolab_test_peer_path ());

  g_test_add_func ("/step-watch/peers-from-first-call", test_step_peers_from_first_call);
  g_test_add_data_func ("/step-watch/stop-lets-run", GINT_TO_POINTER (FALSE), test_step_stop_lets_run);
  g_test_add_data_func ("/step-watch/unref-lets-run", GINT_TO_POINTER (TRUE), test_step_stop_lets_run);
  g_test_add_func ("/step-watch/lesson-writer", test_step_lesson_writer);
  g_test_add_func ("/step-watch/lesson-closed-before", test_step_lesson_closed_before);
  g_test_add_func ("/step-watch/lesson-reader-held", test_step_lesson_reader_held);
  g_test_add_func ("/step-watch/queued", test_step_queued);
  g_test_add_func ("/step-watch/queued-outsider", test_step_queued_outsider);
  g_test_add_func ("/step-watch/holds-only-started", test_step_holds_only_started);
  return g_test_run ();
}
