/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stress and faults: many writers at once, messages over PIPE_BUF, processes
 * killed mid-stream. Real FIFOs, real separate processes. Pipes unlinked or
 * replaced while in use are in test-stress-unlinked.c; floods and a folder
 * that churns in test-stress-flood.c. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-inspector.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"
#include "fifolab-writer.h"

#define WAIT_MS 30000

typedef struct
{
  FifolabReader *reader;
  guint64        bytes;
} BytesWait;

static gboolean
reader_has_bytes (gpointer data)
{
  BytesWait *w = data;
  return fifolab_reader_get_bytes_received (w->reader) >= w->bytes;
}

/* ------------------------------------------------------------------ */
/* 8 writers × 20,000 messages of at most PIPE_BUF bytes, each in one write(). */

#define N_WRITERS 8
#define N_MESSAGES 20000

/* argv: path writer count framing seed. Prints the bytes it wrote. */
static const char atomic_writer[] =
  "import os, sys, random\n"
  "path, w, n, framing = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]\n"
  "rnd = random.Random(int(sys.argv[5]))\n"
  "fd = os.open(path, os.O_WRONLY)\n"
  "total = 0\n"
  "for i in range(n):\n"
  "    head = b'[%d:%d]' % (w, i)\n"
  "    if framing == 'line':\n"
  "        size = rnd.randint(len(head) + 1, 4096)\n"
  "        msg = head + b'.' * (size - len(head) - 1) + b'\\n'\n"
  "    else:\n"
  "        size = rnd.randint(len(head) + 4, 4096)\n"
  "        body = head + b'.' * (size - len(head) - 4)\n"
  "        msg = len(body).to_bytes(4, 'big') + body\n"
  "    assert len(msg) <= 4096\n"
  "    assert os.write(fd, msg) == len(msg)\n"
  "    total += len(msg)\n"
  "os.close(fd)\n"
  "print(total)\n";

/* Waits for the N_WRITERS writers to exit, and frees them; returns the bytes
 * they say they wrote. */
static guint64
wait_writers (FifolabTestChild **children)
{
  guint64 total = 0;

  for (guint w = 0; w < N_WRITERS; w++)
    {
      fifolab_test_child_wait_ok (children[w], WAIT_MS);
      total += g_ascii_strtoull (children[w]->out, NULL, 10);
      fifolab_test_child_free (children[w]);
    }
  return total;
}

static void
test_stress_atomic (gconstpointer data)
{
  FifolabFraming framing = GPOINTER_TO_INT (data);
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "many");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (framing);
  g_autoptr(GError) error = NULL;
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabReader *reader;
  FifolabTestChild *children[N_WRITERS];
  guint next_seq[N_WRITERS] = { 0 };
  guint64 total;
  guint64 payload_total = 0;
  guint n_received = 0;
  gint64 start = g_get_monotonic_time ();
  BytesWait bw;
  guint n;

  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);

  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *ws = g_strdup_printf ("%u", w);
      g_autofree char *ns = g_strdup_printf ("%u", N_MESSAGES);
      g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());
      const char *argv[] = { fifolab_test_python (), "-c", atomic_writer, path, ws, ns,
                             framing == FIFOLAB_FRAMING_LINE ? "line" : "length-prefix",
                             seed, NULL };

      children[w] = fifolab_test_child_spawn (argv);
    }

  total = wait_writers (children);

  bw.reader = reader;
  bw.bytes = total;
  g_assert_true (fifolab_test_wait_until (reader_has_bytes, &bw, WAIT_MS));
  g_assert_cmpuint (fifolab_reader_get_bytes_received (reader), ==, total);
  fifolab_log_flush (log);

  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      GBytes *bytes;
      const char *p;
      gsize len;
      guint w, seq;
      char *end;
      gsize head;

      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;

      bytes = fifolab_log_entry_get_bytes (entry);
      p = g_bytes_get_data (bytes, &len);
      g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==, 0);
      g_assert_cmpuint (len, >, 4);
      g_assert_cmpint (p[0], ==, '[');
      w = (guint) g_ascii_strtoull (p + 1, &end, 10);
      g_assert_cmpint (*end, ==, ':');
      seq = (guint) g_ascii_strtoull (end + 1, &end, 10);
      g_assert_cmpint (*end, ==, ']');
      g_assert_cmpuint (w, <, N_WRITERS);
      /* Per writer: every message, in order, once. */
      g_assert_cmpuint (seq, ==, next_seq[w]);
      next_seq[w]++;
      /* Not torn: the rest is the writer's own padding. */
      head = end + 1 - p;
      for (gsize k = head; k < len; k++)
        if (p[k] != '.')
          g_error ("message [%u:%u] torn at byte %" G_GSIZE_FORMAT, w, seq, k);
      payload_total += len;
      n_received++;
    }

  for (guint w = 0; w < N_WRITERS; w++)
    g_assert_cmpuint (next_seq[w], ==, N_MESSAGES);
  g_assert_cmpuint (n_received, ==, N_WRITERS * N_MESSAGES);
  /* Every byte: payloads plus one terminator or one 4-byte header each. */
  g_assert_cmpuint (payload_total + (guint64) n_received *
                    (framing == FIFOLAB_FRAMING_LINE ? 1 : 4), ==, total);

  g_test_message ("%u messages, %" G_GUINT64_FORMAT " bytes from %d writers in %.2f s",
                  n_received, total, N_WRITERS,
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_finalize_object (session);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* Messages over PIPE_BUF, each in one write(): the kernel may interleave
 * them. The torn ones are reported, and the log still has every byte. */

#define BIG_N_MESSAGES 60
#define BIG_FILL 40000

/* argv: path count fill. One "pid [P] xxx… end [P]\n" per write(). */
static const char big_writer[] =
  "import os, sys\n"
  "path, n, fill = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
  "pid = os.getpid()\n"
  "msg = b'pid [%d] ' % pid + b'x' * fill + b' end [%d]\\n' % pid\n"
  "fd = os.open(path, os.O_WRONLY)\n"
  "total = 0\n"
  "for i in range(n):\n"
  "    assert os.write(fd, msg) == len(msg)\n"
  "    total += len(msg)\n"
  "os.close(fd)\n"
  "print(total)\n";

typedef struct
{
  GHashTable *expected;   /* claimed pid -> expected message bytes (GBytes) */
  guint       torn;
  guint       whole;
  guint64     payload;
  guint       lines;
} BigCheck;

static void
big_message_cb (FifolabReader *reader,
                GBytes        *payload,
                guint          flags,
                gint64         wall_us,
                gint64         mono_us,
                BigCheck      *check)
{
  gsize len;
  const char *p = g_bytes_get_data (payload, &len);
  gint64 pid = -1;
  GBytes *expected;

  check->payload += len;
  check->lines++;
  if (len > 5 && memcmp (p, "pid [", 5) == 0)
    pid = g_ascii_strtoll (p + 5, NULL, 10);
  expected = g_hash_table_lookup (check->expected, &pid);
  if (expected != NULL && g_bytes_equal (expected, payload))
    check->whole++;
  else
    check->torn++;
}

/* For fifolab_test_wait_until(): the child sleeps in write() on a full pipe. */
static gboolean
sleeps_in_pipe_write (gpointer data)
{
  FifolabTestChild *child = data;
  g_autofree char *file = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/wchan", (gint64) child->pid);
  g_autofree char *wchan = NULL;

  return g_file_get_contents (file, &wchan, NULL, NULL) && strstr (wchan, "pipe_write") != NULL;
}

static void
test_stress_not_atomic (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "big");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tmpl = g_string_new ("pid [%d] ");
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabInspector *inspector;
  FifolabReader *reader;
  FifolabTestChild *children[N_WRITERS];
  BigCheck check = { 0 };
  guint64 total;
  BytesWait bw;
  int held;

  for (guint i = 0; i < BIG_FILL; i++)
    g_string_append_c (tmpl, 'x');
  g_string_append (tmpl, " end [%d]");

  check.expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) g_bytes_unref);

  /* That their writes interleave is made certain rather than left to the
   * scheduler (which on a busy machine may run one writer to its end before
   * the next starts): a read end held by the test makes the pipe one page,
   * and FIFO Lab's reader comes only once every writer sleeps in write() in
   * the middle of its first message. */
  held = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (fcntl (held, F_SETPIPE_SZ, 4096), ==, 4096);
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *ns = g_strdup_printf ("%u", BIG_N_MESSAGES);
      g_autofree char *fill = g_strdup_printf ("%u", BIG_FILL);
      const char *argv[] = { fifolab_test_python (), "-c", big_writer, path, ns, fill, NULL };
      gint64 *pid = g_new (gint64, 1);

      children[w] = fifolab_test_child_spawn (argv);
      *pid = children[w]->pid;
      g_hash_table_insert (check.expected, pid,
                           fifolab_stamp_expand (tmpl->str, *pid, NULL));
    }

  for (guint w = 0; w < N_WRITERS; w++)
    g_assert_true (fifolab_test_wait_until (sleeps_in_pipe_write, children[w], WAIT_MS));

  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);
  inspector = fifolab_inspector_new (log);
  fifolab_inspector_set_template (inspector, path, tmpl->str);
  fifolab_inspector_watch_reader (inspector, reader);
  g_signal_connect (reader, "message", G_CALLBACK (big_message_cb), &check);

  close (held);
  total = wait_writers (children);

  bw.reader = reader;
  bw.bytes = total;
  g_assert_true (fifolab_test_wait_until (reader_has_bytes, &bw, WAIT_MS));

  /* Every byte reached the log: payloads plus one newline per line. */
  g_assert_cmpuint (check.payload + check.lines, ==, total);
  g_assert_cmpuint (fifolab_log_get_payload_bytes (log), >=, check.payload);
  /* What looks torn by the bytes, the inspector flagged, and nothing more. */
  g_assert_cmpuint (fifolab_inspector_get_n_torn (inspector), ==, check.torn);
  g_assert_cmpuint (check.whole + check.torn, ==, check.lines);
  g_test_message ("%u of %u writes of %d bytes came out whole; %u lines torn, all flagged",
                  check.whole, N_WRITERS * BIG_N_MESSAGES, BIG_FILL + 20, check.torn);
  /* Eight writers of 40 kB, all in the middle of one, do interleave. */
  g_assert_cmpuint (check.torn, >, 0);

  g_assert_finalize_object (inspector);
  g_assert_finalize_object (session);
  g_hash_table_unref (check.expected);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A go-ahead given from the main loop: after ten ticks of a 1 ms timeout, one
 * byte into the FIFO @go, once a process has opened it to wait for it. A
 * child that waits for it starts only if the main loop keeps running while
 * FIFO Lab's reader waits: a reader that blocked it would hold the child
 * back, and the test's wait for the child's bytes would fail. (Counting the
 * ticks over the whole test instead depended on how fast the machine was:
 * 8 ticks in one fast run.) */
typedef struct
{
  const char *go;
  guint       ticks;
  gboolean    given;
} GoAhead;

static gboolean
go_ahead_tick (gpointer data)
{
  GoAhead *go = data;
  int fd;

  go->ticks++;
  if (go->given || go->ticks < 10)
    return G_SOURCE_CONTINUE;
  /* ENXIO until the child has opened its end: try again next tick. */
  fd = open (go->go, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0)
    {
      g_assert_cmpint (write (fd, "g", 1), ==, 1);
      close (fd);
      go->given = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* A writer killed with SIGKILL mid-message. */

static void
test_stress_writer_killed (void)
{
  static const char script[] =
    "import os, sys, time\n"
    "os.read(os.open(sys.argv[2], os.O_RDONLY), 1)\n"
    "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
    "os.write(fd, b'whole one\\n')\n"
    "os.write(fd, b'half of a mess')\n"
    "print('written', flush=True)\n"
    "time.sleep(60)\n";
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "killed");
  g_autofree char *go_path = fifolab_test_make_fifo (dir, "go");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabTestChild) child = NULL;
  g_autoptr(FifolabTestChild) after = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  const char *argv[] = { fifolab_test_python (), "-c", script, path, go_path, NULL };
  const char *peer_argv[] = { fifolab_test_peer_path (), "write", "--framing", "line",
                              "--no-create", "-m", "after the kill", path, NULL };
  BytesWait bw = { reader, 24 };
  GoAhead go = { go_path, 0, FALSE };
  guint tick_id;
  int eos, incomplete_at;
  FifolabTestRecorder rec;

  fifolab_test_recorder_init (&rec, reader);
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  tick_id = g_timeout_add (1, go_ahead_tick, &go);

  child = fifolab_test_child_spawn (argv);
  g_assert_true (fifolab_test_wait_until (reader_has_bytes, &bw, WAIT_MS));
  g_assert_true (go.given);
  g_assert_true (fifolab_test_recorder_wait_messages (&rec, 1, WAIT_MS));
  fifolab_test_recorder_assert_message (&rec, 0, "whole one", 0);

  g_subprocess_send_signal (child->proc, SIGKILL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, child, WAIT_MS));
  g_assert_false (g_subprocess_get_if_exited (child->proc));
  g_assert_cmpint (g_subprocess_get_term_sig (child->proc), ==, SIGKILL);

  /* The kernel closed the dead writer's end: end of stream, the half
   * message comes out flagged INCOMPLETE, and the read end is reopened. */
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_REOPENED, WAIT_MS));
  eos = fifolab_test_recorder_find (&rec, FIFOLAB_EVENT_END_OF_STREAM);
  g_assert_cmpint (eos, >=, 0);
  g_assert_cmpint (eos, <, fifolab_test_recorder_find (&rec, FIFOLAB_EVENT_REOPENED));
  g_assert_cmpuint (rec.messages->len, ==, 2);
  incomplete_at = 1;
  fifolab_test_recorder_assert_message (&rec, incomplete_at, "half of a mess", FIFOLAB_MESSAGE_INCOMPLETE);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);

  /* And keeps working. */
  after = fifolab_test_child_spawn (peer_argv);
  fifolab_test_child_wait_ok (after, WAIT_MS);
  g_assert_true (fifolab_test_recorder_wait_messages (&rec, 3, WAIT_MS));
  fifolab_test_recorder_assert_message (&rec, 2, "after the kill", 0);

  g_source_remove (tick_id);
  g_assert_finalize_object (reader);
  fifolab_test_recorder_clear (&rec);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* A reader killed while FIFO Lab writes. */

static gboolean
writer_waiting (gpointer data)
{
  return fifolab_writer_get_state (data) == FIFOLAB_WRITER_WAITING_FOR_READER;
}

static gboolean
writer_drained (gpointer data)
{
  return fifolab_writer_get_queued_messages (data) == 0 &&
         fifolab_writer_get_state (data) == FIFOLAB_WRITER_CONNECTED;
}

static void
test_stress_reader_killed (void)
{
  /* Reads a little, says so, then sleeps with the pipe full. */
  static const char slow_reader[] =
    "import os, sys, time\n"
    "os.read(os.open(sys.argv[2], os.O_RDONLY), 1)\n"
    "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
    "got = 0\n"
    "while got < 10000:\n"
    "    got += len(os.read(fd, 10000 - got))\n"
    "print('read', flush=True)\n"
    "time.sleep(60)\n";
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "reader-dies");
  g_autofree char *go_path = fifolab_test_make_fifo (dir, "go");
  g_autofree char *out_path = g_build_filename (dir, "out", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabTestChild) reader_proc = NULL;
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autoptr(GBytes) msg = NULL;
  FifolabSession *session = fifolab_session_new ();
  FifolabWriter *writer;
  const char *argv[] = { fifolab_test_python (), "-c", slow_reader, path, go_path, NULL };
  g_autofree char *cat_cmd = g_strdup_printf ("cat '%s' > '%s'", path, out_path);
  const char *cat_argv[] = { "sh", "-c", cat_cmd, NULL };
  guint8 *block = g_malloc (1000);
  guint64 sent_before;
  GoAhead go = { go_path, 0, FALSE };
  guint tick_id;
  FifolabTestRecorder rec;

  memset (block, 'm', 999);
  block[999] = '\n';
  msg = g_bytes_new_take (block, 1000);

  writer = fifolab_session_open_writer (session, path, &error);
  g_assert_no_error (error);
  fifolab_test_recorder_init (&rec, writer);
  /* 2000 messages of 1000 bytes: far more than the pipe holds. */
  for (guint i = 0; i < 2000; i++)
    g_assert_cmpuint (fifolab_writer_send (writer, msg, NULL), >, 0);
  tick_id = g_timeout_add (1, go_ahead_tick, &go);

  reader_proc = fifolab_test_child_spawn (argv);
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_READER_CONNECTED, WAIT_MS));
  g_assert_true (go.given);
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_PIPE_FULL, WAIT_MS));
  g_assert_cmpint (fifolab_writer_get_state (writer), ==, FIFOLAB_WRITER_CONNECTED);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), >, 1000);

  g_subprocess_send_signal (reader_proc->proc, SIGKILL);
  g_assert_true (fifolab_test_recorder_wait_event (&rec, FIFOLAB_EVENT_NO_READER, WAIT_MS));
  /* We are alive (SIGPIPE ignored) and waiting for the next reader. */
  g_assert_true (fifolab_test_wait_until (writer_waiting, writer, WAIT_MS));
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), >, 1000);
  sent_before = fifolab_writer_get_messages_sent (writer);

  /* A new reader gets the rest. */
  cat = fifolab_test_child_spawn (cat_argv);
  g_assert_true (fifolab_test_wait_until (writer_drained, writer, WAIT_MS));
  g_assert_cmpuint (fifolab_writer_get_messages_sent (writer), ==, 2000);
  g_assert_cmpuint (sent_before, <, 2000);
  fifolab_session_disconnect (session, path, FIFOLAB_ACCESS_WRITE);
  fifolab_test_child_wait_ok (cat, WAIT_MS);
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (out_path, &contents, &len, NULL));
    /* What was left in the old pipe buffer died with it; cat got whole
     * messages from the queue from then on. */
    g_assert_cmpuint (len % 1000, ==, 0);
    g_assert_cmpuint (len, ==, (2000 - sent_before) * 1000);
  }

  g_source_remove (tick_id);
  fifolab_test_recorder_clear (&rec);
  g_assert_finalize_object (session);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  fifolab_test_warm_up ();

  g_test_add_data_func ("/stress/atomic/line", GINT_TO_POINTER (FIFOLAB_FRAMING_LINE),
                        test_stress_atomic);
  g_test_add_data_func ("/stress/atomic/length-prefix",
                        GINT_TO_POINTER (FIFOLAB_FRAMING_LENGTH_PREFIX),
                        test_stress_atomic);
  g_test_add_func ("/stress/not-atomic", test_stress_not_atomic);
  g_test_add_func ("/stress/writer-killed", test_stress_writer_killed);
  g_test_add_func ("/stress/reader-killed", test_stress_reader_killed);

  return g_test_run ();
}
