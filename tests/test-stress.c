/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stress and faults: many writers at once, processes killed mid-stream,
 * pipes unlinked or replaced while in use, a stream with no terminator, a
 * folder that churns. Real FIFOs, real separate processes. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-enums.h"
#include "fifolab-fifo.h"
#include "fifolab-folder-model.h"
#include "fifolab-framer.h"
#include "fifolab-inspector.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"
#include "fifolab-writer.h"

#define WAIT_MS 30000

/* AddressSanitizer keeps freed memory in quarantine: RSS says nothing then. */
#if defined(__SANITIZE_ADDRESS__)
# define RUNNING_UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define RUNNING_UNDER_ASAN 1
# endif
#endif
#ifndef RUNNING_UNDER_ASAN
# define RUNNING_UNDER_ASAN 0
#endif

/* pyenv shims take seconds to start; the system interpreter does not. */
static char *
make_fifo (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  return path;
}

/* A child process whose stdout is collected. */
typedef struct
{
  GSubprocess *proc;
  GPid         pid;
  char        *out;
  gboolean     done;
} Child;

static void
child_communicated_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                        &child->out, NULL, &error);
  g_assert_no_error (error);
  child->done = TRUE;
}

static Child *
child_spawn_v (const char * const *argv)
{
  Child *child = g_new0 (Child, 1);

  child->proc = fifolab_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv, &child->pid);
  g_subprocess_communicate_utf8_async (child->proc, NULL, NULL,
                                       child_communicated_cb, child);
  return child;
}

static gboolean
child_done (gpointer data)
{
  return ((Child *) data)->done;
}

static void
child_wait_ok (Child *child)
{
  g_assert_true (fifolab_test_wait_until (child_done, child, WAIT_MS));
  g_assert_true (g_subprocess_get_if_exited (child->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (child->proc), ==, 0);
}

static void
child_free (Child *child)
{
  if (child == NULL)
    return;
  if (!child->done)
    {
      g_subprocess_force_exit (child->proc);
      fifolab_test_wait_until (child_done, child, WAIT_MS);
    }
  g_clear_object (&child->proc);
  g_free (child->out);
  g_free (child);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Child, child_free)

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

static void
test_stress_atomic (gconstpointer data)
{
  FifolabFraming framing = GPOINTER_TO_INT (data);
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "many");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (framing);
  g_autoptr(GError) error = NULL;
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabReader *reader;
  Child *children[N_WRITERS];
  guint next_seq[N_WRITERS] = { 0 };
  guint64 total = 0;
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

      children[w] = child_spawn_v (argv);
    }

  for (guint w = 0; w < N_WRITERS; w++)
    {
      child_wait_ok (children[w]);
      total += g_ascii_strtoull (children[w]->out, NULL, 10);
      child_free (children[w]);
    }

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

static void
test_stress_not_atomic (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "big");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tmpl = g_string_new ("pid [%d] ");
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabInspector *inspector;
  FifolabReader *reader;
  Child *children[N_WRITERS];
  BigCheck check = { 0 };
  guint64 total = 0;
  BytesWait bw;

  for (guint i = 0; i < BIG_FILL; i++)
    g_string_append_c (tmpl, 'x');
  g_string_append (tmpl, " end [%d]");

  check.expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) g_bytes_unref);

  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);
  inspector = fifolab_inspector_new (log);
  fifolab_inspector_set_template (inspector, path, tmpl->str);
  fifolab_inspector_watch_reader (inspector, reader);
  g_signal_connect (reader, "message", G_CALLBACK (big_message_cb), &check);

  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *ns = g_strdup_printf ("%u", BIG_N_MESSAGES);
      g_autofree char *fill = g_strdup_printf ("%u", BIG_FILL);
      const char *argv[] = { fifolab_test_python (), "-c", big_writer, path, ns, fill, NULL };
      gint64 *pid = g_new (gint64, 1);

      children[w] = child_spawn_v (argv);
      *pid = children[w]->pid;
      g_hash_table_insert (check.expected, pid,
                           fifolab_stamp_expand (tmpl->str, *pid, NULL));
    }

  for (guint w = 0; w < N_WRITERS; w++)
    {
      child_wait_ok (children[w]);
      total += g_ascii_strtoull (children[w]->out, NULL, 10);
      child_free (children[w]);
    }

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
  /* Eight writers of 40 kB into a 64 KiB pipe do interleave. */
  g_assert_cmpuint (check.torn, >, 0);

  g_assert_finalize_object (inspector);
  g_assert_finalize_object (session);
  g_hash_table_unref (check.expected);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* Recording a reader's or writer's events. */

typedef struct
{
  GArray    *events;   /* FifolabEventKind */
  GPtrArray *details;  /* char * (may be NULL) */
  GPtrArray *messages; /* GBytes */
  GArray    *flags;    /* guint */
} Rec;

static void
rec_event_cb (GObject          *object,
              FifolabEventKind  kind,
              const char       *detail,
              Rec              *rec)
{
  g_array_append_val (rec->events, kind);
  g_ptr_array_add (rec->details, g_strdup (detail));
}

static void
rec_message_cb (FifolabReader *reader,
                GBytes        *payload,
                guint          flags,
                gint64         wall_us,
                gint64         mono_us,
                Rec           *rec)
{
  g_ptr_array_add (rec->messages, g_bytes_ref (payload));
  g_array_append_val (rec->flags, flags);
}

static void
rec_init_full (Rec      *rec,
               GObject  *object,
               gboolean  keep_messages)
{
  rec->events = g_array_new (FALSE, FALSE, sizeof (FifolabEventKind));
  rec->details = g_ptr_array_new_with_free_func (g_free);
  rec->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  rec->flags = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (object, "event", G_CALLBACK (rec_event_cb), rec);
  if (FIFOLAB_IS_READER (object) && keep_messages)
    g_signal_connect (object, "message", G_CALLBACK (rec_message_cb), rec);
}

static void
rec_init (Rec     *rec,
          GObject *object)
{
  rec_init_full (rec, object, TRUE);
}

static void
rec_clear (Rec *rec)
{
  g_array_unref (rec->events);
  g_ptr_array_unref (rec->details);
  g_ptr_array_unref (rec->messages);
  g_array_unref (rec->flags);
}

static int
rec_find (Rec              *rec,
          FifolabEventKind  kind)
{
  for (guint i = 0; i < rec->events->len; i++)
    if (g_array_index (rec->events, FifolabEventKind, i) == kind)
      return i;
  return -1;
}

typedef struct
{
  Rec              *rec;
  FifolabEventKind  kind;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;
  return rec_find (w->rec, w->kind) >= 0;
}

static gboolean
wait_event (Rec              *rec,
            FifolabEventKind  kind)
{
  EventWait w = { rec, kind };
  return fifolab_test_wait_until (event_seen, &w, WAIT_MS);
}

typedef struct
{
  Rec   *rec;
  guint  n;
} MessagesWait;

static gboolean
messages_seen (gpointer data)
{
  MessagesWait *w = data;
  return w->rec->messages->len >= w->n;
}

static gboolean
wait_messages (Rec   *rec,
               guint  n)
{
  MessagesWait w = { rec, n };
  return fifolab_test_wait_until (messages_seen, &w, WAIT_MS);
}

static void
assert_message (Rec        *rec,
                guint       i,
                const char *text,
                guint       flags)
{
  gsize len;
  const char *data;

  g_assert_cmpuint (i, <, rec->messages->len);
  data = g_bytes_get_data (g_ptr_array_index (rec->messages, i), &len);
  g_assert_cmpmem (data, len, text, strlen (text));
  g_assert_cmpuint (g_array_index (rec->flags, guint, i), ==, flags);
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
  g_autofree char *path = make_fifo (dir, "killed");
  g_autofree char *go_path = make_fifo (dir, "go");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(Child) child = NULL;
  g_autoptr(Child) after = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  const char *argv[] = { fifolab_test_python (), "-c", script, path, go_path, NULL };
  const char *peer_argv[] = { fifolab_test_peer_path (), "write", "--framing", "line",
                              "--no-create", "-m", "after the kill", path, NULL };
  BytesWait bw = { reader, 24 };
  GoAhead go = { go_path, 0, FALSE };
  guint tick_id;
  int eos, incomplete_at;
  Rec rec;

  rec_init (&rec, G_OBJECT (reader));
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  tick_id = g_timeout_add (1, go_ahead_tick, &go);

  child = child_spawn_v (argv);
  g_assert_true (fifolab_test_wait_until (reader_has_bytes, &bw, WAIT_MS));
  g_assert_true (go.given);
  g_assert_true (wait_messages (&rec, 1));
  assert_message (&rec, 0, "whole one", 0);

  g_subprocess_send_signal (child->proc, SIGKILL);
  g_assert_true (fifolab_test_wait_until (child_done, child, WAIT_MS));
  g_assert_false (g_subprocess_get_if_exited (child->proc));
  g_assert_cmpint (g_subprocess_get_term_sig (child->proc), ==, SIGKILL);

  /* The kernel closed the dead writer's end: end of stream, the half
   * message comes out flagged INCOMPLETE, and the read end is reopened. */
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_REOPENED));
  eos = rec_find (&rec, FIFOLAB_EVENT_END_OF_STREAM);
  g_assert_cmpint (eos, >=, 0);
  g_assert_cmpint (eos, <, rec_find (&rec, FIFOLAB_EVENT_REOPENED));
  g_assert_cmpuint (rec.messages->len, ==, 2);
  incomplete_at = 1;
  assert_message (&rec, incomplete_at, "half of a mess", FIFOLAB_MESSAGE_INCOMPLETE);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_WAITING_FOR_WRITER);

  /* And keeps working. */
  after = child_spawn_v (peer_argv);
  child_wait_ok (after);
  g_assert_true (wait_messages (&rec, 3));
  assert_message (&rec, 2, "after the kill", 0);

  g_source_remove (tick_id);
  g_assert_finalize_object (reader);
  rec_clear (&rec);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* GLib closes some descriptors of finished children from its worker thread. */
static gboolean
fds_back_to (gpointer data)
{
  return fifolab_test_count_fds () == GPOINTER_TO_UINT (data);
}

/* GLib makes some descriptors once, on first use (the worker thread's
 * wakeup, /dev/null for children): make them before counting. */
static void
warm_up (void)
{
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                  NULL, "true", NULL);
  g_assert_nonnull (proc);
  g_assert_true (g_subprocess_wait (proc, NULL, NULL));
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
  g_autofree char *path = make_fifo (dir, "reader-dies");
  g_autofree char *go_path = make_fifo (dir, "go");
  g_autofree char *out_path = g_build_filename (dir, "out", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Child) reader_proc = NULL;
  g_autoptr(Child) cat = NULL;
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
  Rec rec;

  memset (block, 'm', 999);
  block[999] = '\n';
  msg = g_bytes_new_take (block, 1000);

  writer = fifolab_session_open_writer (session, path, &error);
  g_assert_no_error (error);
  rec_init (&rec, G_OBJECT (writer));
  /* 2000 messages of 1000 bytes: far more than the pipe holds. */
  for (guint i = 0; i < 2000; i++)
    g_assert_cmpuint (fifolab_writer_send (writer, msg, NULL), >, 0);
  tick_id = g_timeout_add (1, go_ahead_tick, &go);

  reader_proc = child_spawn_v (argv);
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_READER_CONNECTED));
  g_assert_true (go.given);
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_PIPE_FULL));
  g_assert_cmpint (fifolab_writer_get_state (writer), ==, FIFOLAB_WRITER_CONNECTED);
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), >, 1000);

  g_subprocess_send_signal (reader_proc->proc, SIGKILL);
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_NO_READER));
  /* We are alive (SIGPIPE ignored) and waiting for the next reader. */
  g_assert_true (fifolab_test_wait_until (writer_waiting, writer, WAIT_MS));
  g_assert_cmpuint (fifolab_writer_get_queued_messages (writer), >, 1000);
  sent_before = fifolab_writer_get_messages_sent (writer);

  /* A new reader gets the rest. */
  cat = child_spawn_v (cat_argv);
  g_assert_true (fifolab_test_wait_until (writer_drained, writer, WAIT_MS));
  g_assert_cmpuint (fifolab_writer_get_messages_sent (writer), ==, 2000);
  g_assert_cmpuint (sent_before, <, 2000);
  fifolab_session_disconnect (session, path, FIFOLAB_ACCESS_WRITE);
  child_wait_ok (cat);
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
  rec_clear (&rec);
  g_assert_finalize_object (session);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* The FIFO unlinked while FIFO Lab's reader has it open. The pipe itself
 * lives on while anyone holds it: the reader cannot notice the unlink
 * while a writer is connected (bytes keep flowing); it notices at the end
 * of stream, when it would reopen the path. */

static void
test_stress_unlinked_reader (void)
{
  static const char script[] =
    "import os, sys\n"
    "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
    "os.write(fd, b'before\\n')\n"
    "sys.stdin.readline()\n"
    "os.write(fd, b'after unlink\\n')\n";
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "doomed");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  guint fds;
  Rec rec;

  rec_init (&rec, G_OBJECT (reader));
  fds = fifolab_test_count_fds ();
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                           fifolab_test_python (), "-c", script, path, NULL);
  g_assert_no_error (error);
  g_assert_true (wait_messages (&rec, 1));
  assert_message (&rec, 0, "before", 0);

  g_assert_cmpint (g_unlink (path), ==, 0);
  fifolab_test_run_for (100);
  g_assert_cmpint (rec_find (&rec, FIFOLAB_EVENT_PIPE_REMOVED), ==, -1);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_RECEIVING);

  /* Still connected through the unlinked pipe. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), "\n", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, NULL);
  g_assert_true (wait_messages (&rec, 2));
  assert_message (&rec, 1, "after unlink", 0);

  /* End of stream: the path is gone, which the reader now reports. */
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_PIPE_REMOVED));
  g_assert_cmpint (rec_find (&rec, FIFOLAB_EVENT_END_OF_STREAM), <,
                   rec_find (&rec, FIFOLAB_EVENT_PIPE_REMOVED));
  g_assert_cmpint (rec_find (&rec, FIFOLAB_EVENT_REOPENED), ==, -1);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);
  g_assert_error (fifolab_reader_get_error (reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_subprocess_wait (proc, NULL, NULL);
  g_clear_object (&proc);
  g_assert_true (fifolab_test_wait_until (fds_back_to, GUINT_TO_POINTER (fds), 5000));

  rec_clear (&rec);
  g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The same name now a new FIFO: the reader's pipe was removed. */
static void
test_stress_unlinked_replaced_by_fifo (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "swapped");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  FifolabReader *reader = fifolab_reader_new (path, framer);
  Rec rec;
  int wr;

  rec_init (&rec, G_OBJECT (reader));
  g_assert_true (fifolab_reader_start (reader, &error));
  g_assert_no_error (error);
  wr = fifolab_fifo_open (path, O_WRONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (wr, "x\n", 2), ==, 2);
  g_assert_true (wait_messages (&rec, 1));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_free (make_fifo (dir, "swapped"));
  close (wr);

  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_PIPE_REMOVED));
  g_assert_error (fifolab_reader_get_error (reader), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_CHANGED);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);

  rec_clear (&rec);
  g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* FIFO Lab's writer on a pipe that is unlinked: it keeps writing to the
 * pipe it holds; when the reader goes, it cannot reopen, and says the pipe
 * was removed. */
static void
test_stress_unlinked_writer (void)
{
  static const char script[] =
    "import os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
    "got = b''\n"
    "while not got.endswith(b'two\\n'):\n"
    "    got += os.read(fd, 100)\n"
    "print(got.decode(), end='')\n";
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "doomed");
  g_autoptr(GError) error = NULL;
  g_autoptr(Child) reader_proc = NULL;
  g_autoptr(GBytes) one = g_bytes_new_static ("one\n", 4);
  g_autoptr(GBytes) two = g_bytes_new_static ("two\n", 4);
  FifolabWriter *writer = fifolab_writer_new (path);
  const char *argv[] = { fifolab_test_python (), "-c", script, path, NULL };
  Rec rec;

  rec_init (&rec, G_OBJECT (writer));
  fifolab_writer_set_retry_interval (writer, 10);
  g_assert_true (fifolab_writer_start (writer, &error));
  g_assert_no_error (error);
  reader_proc = child_spawn_v (argv);
  g_assert_cmpuint (fifolab_writer_send (writer, one, NULL), >, 0);
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_READER_CONNECTED));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpuint (fifolab_writer_send (writer, two, NULL), >, 0);
  child_wait_ok (reader_proc);
  g_assert_cmpstr (reader_proc->out, ==, "one\ntwo\n");

  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_NO_READER));
  g_assert_true (wait_event (&rec, FIFOLAB_EVENT_PIPE_REMOVED));
  g_assert_cmpint (fifolab_writer_get_state (writer), ==, FIFOLAB_WRITER_FAILED);
  g_assert_error (fifolab_writer_get_error (writer), FIFOLAB_FIFO_ERROR,
                  FIFOLAB_FIFO_ERROR_NOT_FOUND);

  rec_clear (&rec);
  g_assert_finalize_object (writer);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* ------------------------------------------------------------------ */
/* Listed as a FIFO, replaced by a regular file before FIFO Lab opens it:
 * refused, and the file is not opened (content, atime, fd count). */

static void
test_stress_replaced_by_file (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "pipe");
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabFolderModel) model = fifolab_folder_model_new (folder);
  g_autoptr(FifolabPipeInfo) info = NULL;
  g_autofree char *contents = NULL;
  FifolabReader *reader;
  FifolabWriter *writer;
  FifolabSession *session;
  struct stat before, after;
  guint fds;

  g_assert_true (fifolab_test_wait_until (model_has_items, model, WAIT_MS));
  info = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (fifolab_pipe_info_is_fifo (info));

  /* Replaced atomically, as an attacker would. The file is old, so that
   * any read would move its atime even under relatime. */
  g_assert_true (g_file_set_contents (other, "secret", -1, NULL));
  {
    struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    g_assert_cmpint (utimensat (AT_FDCWD, other, times, 0), ==, 0);
  }
  g_assert_cmpint (g_rename (other, path), ==, 0);
  g_assert_cmpint (stat (path, &before), ==, 0);
  fds = fifolab_test_count_fds ();

  g_assert_cmpint (fifolab_fifo_open (fifolab_pipe_info_get_path (info), O_RDONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_cmpint (fifolab_fifo_open (path, O_WRONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);

  reader = fifolab_reader_new (path, NULL);
  g_assert_false (fifolab_reader_start (reader, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);
  g_assert_finalize_object (reader);

  writer = fifolab_writer_new (path);
  g_assert_false (fifolab_writer_start (writer, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_finalize_object (writer);

  session = fifolab_session_new ();
  g_assert_false (fifolab_session_send_template (session, path, "%d", NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_finalize_object (session);

  /* No descriptor left open (another thread of GLib may close one of its own meanwhile). */
  g_assert_cmpuint (fifolab_test_count_fds (), <=, fds);
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_atim.tv_sec, ==, before.st_atim.tv_sec);
  g_assert_cmpint (after.st_atim.tv_nsec, ==, before.st_atim.tv_nsec);
  g_assert_cmpint (after.st_size, ==, 6);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "secret");

  g_assert_finalize_object (g_steal_pointer (&model));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The swap races the open: a thread renames a FIFO and a regular file
 * over the same name as fast as it can while fifolab_fifo_open() is
 * called over and over. Every descriptor it returns is a FIFO. */
typedef struct
{
  char          *dir;
  gint           stop;
  guint          swaps;
} Swapper;

static gpointer
swapper_thread (gpointer data)
{
  Swapper *s = data;
  g_autofree char *path = g_build_filename (s->dir, "pipe", NULL);
  g_autofree char *fifo = g_build_filename (s->dir, "spare-fifo", NULL);
  g_autofree char *file = g_build_filename (s->dir, "spare-file", NULL);

  while (!g_atomic_int_get (&s->stop))
    {
      /* pipe is the FIFO; put the file there, the FIFO aside, and back. */
      g_assert_cmpint (link (path, fifo), ==, 0);
      g_assert_cmpint (rename (file, path), ==, 0);
      g_assert_cmpint (link (path, file), ==, 0);
      g_assert_cmpint (rename (fifo, path), ==, 0);
      s->swaps++;
    }
  return NULL;
}

static void
test_stress_replaced_race (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "pipe");
  g_autofree char *file = g_build_filename (dir, "spare-file", NULL);
  g_autoptr(GThread) thread = NULL;
  Swapper s = { dir, 0, 0 };
  guint opened = 0, refused = 0, changed = 0;
  gint64 end;
  int keep_reader;
  guint fds;

  g_assert_true (g_file_set_contents (file, "secret", -1, NULL));
  /* A reader held open, so write opens succeed too. */
  keep_reader = fifolab_fifo_open (path, O_RDONLY, NULL);
  g_assert_cmpint (keep_reader, >=, 0);
  fds = fifolab_test_count_fds ();

  thread = g_thread_new ("swapper", swapper_thread, &s);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      int fd = fifolab_fifo_open (path, (opened + refused) % 2 ? O_WRONLY : O_RDONLY, &error);

      if (fd >= 0)
        {
          struct stat st;

          g_assert_cmpint (fstat (fd, &st), ==, 0);
          g_assert_true (S_ISFIFO (st.st_mode));
          close (fd);
          opened++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == FIFOLAB_FIFO_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          if (error->code == FIFOLAB_FIFO_ERROR_CHANGED)
            changed++;
          refused++;
        }
    }
  g_atomic_int_set (&s.stop, 1);
  g_thread_join (g_steal_pointer (&thread));

  g_test_message ("%u swaps: %u opened (all FIFOs), %u refused (%u as changed mid-open)",
                  s.swaps, opened, refused, changed);
  g_assert_cmpuint (opened, >, 0);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);
  close (keep_reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* 100 MB with no newline under line framing. */

#define FLOOD_BYTES 100000000

static const char flood_writer[] =
  "import os, sys\n"
  "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
  "block = b'a' * 1000000\n"
  "for i in range(100):\n"
  "    assert os.write(fd, block) == len(block)\n"
  "os.write(fd, b'\\nafter\\n')\n"
  "os.close(fd)\n";

static gsize
rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, "VmRSS:");
  g_assert_nonnull (p);
  return g_ascii_strtoull (p + 6, NULL, 10) * 1024;
}

typedef struct
{
  FifolabFramer *framer;
  gsize          max_buffered;
  guint64        overlong_bytes;
  guint          overlong_pieces;
  guint          other;
  gsize          max_rss;
  guint          n_chunks;
  GBytes        *last;
  guint          last_flags;
} Flood;

static void
flood_chunk_cb (FifolabReader *reader,
                guint64        offset,
                guint          length,
                gint64         mono_us,
                Flood         *flood)
{
  flood->max_buffered = MAX (flood->max_buffered, fifolab_framer_get_buffered (flood->framer));
  if (flood->n_chunks++ % 64 == 0)
    flood->max_rss = MAX (flood->max_rss, rss_bytes ());
}

static void
flood_message_cb (FifolabReader *reader,
                  GBytes        *payload,
                  guint          flags,
                  gint64         wall_us,
                  gint64         mono_us,
                  Flood         *flood)
{
  flood->max_buffered = MAX (flood->max_buffered, fifolab_framer_get_buffered (flood->framer));
  if (flags & FIFOLAB_MESSAGE_OVERLONG)
    {
      const guint8 *p;
      gsize len;

      p = g_bytes_get_data (payload, &len);
      g_assert_cmpuint (len, <=, FIFOLAB_DEFAULT_MAX_MESSAGE);
      for (gsize i = 0; i < len; i++)
        g_assert_cmpint (p[i], ==, 'a');
      flood->overlong_bytes += len;
      flood->overlong_pieces++;
    }
  else
    flood->other++;
  g_clear_pointer (&flood->last, g_bytes_unref);
  flood->last = g_bytes_ref (payload);
  flood->last_flags = flags;
}

static gboolean
flood_done (gpointer data)
{
  Flood *flood = data;
  return flood->other > 0;
}

static void
run_flood (gboolean with_session)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "flood");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(Child) child = NULL;
  FifolabSession *session = NULL;
  FifolabReader *reader;
  const char *argv[] = { fifolab_test_python (), "-c", flood_writer, path, NULL };
  Flood flood = { framer, 0 };
  gsize rss_start;
  Rec rec;

  g_assert_cmpuint (fifolab_framer_get_max_message (framer), ==, FIFOLAB_DEFAULT_MAX_MESSAGE);
  if (with_session)
    {
      session = fifolab_session_new ();
      /* The log keeps what it is given: bounded by its cap. */
      fifolab_log_set_cap (fifolab_session_get_log (session), 16);
      reader = g_object_ref (fifolab_session_open_reader (session, path, framer, &error));
    }
  else
    {
      reader = fifolab_reader_new (path, framer);
      fifolab_reader_start (reader, &error);
    }
  g_assert_no_error (error);
  /* Events only: keeping the messages would keep the 100 MB. */
  rec_init_full (&rec, G_OBJECT (reader), FALSE);
  g_signal_connect (reader, "chunk", G_CALLBACK (flood_chunk_cb), &flood);
  g_signal_connect (reader, "message", G_CALLBACK (flood_message_cb), &flood);
  rss_start = rss_bytes ();

  child = child_spawn_v (argv);
  g_assert_true (fifolab_test_wait_until (flood_done, &flood, WAIT_MS));
  child_wait_ok (child);

  g_assert_cmpuint (flood.overlong_bytes, ==, FLOOD_BYTES);
  g_assert_cmpuint (flood.overlong_pieces, ==, FLOOD_BYTES / FIFOLAB_DEFAULT_MAX_MESSAGE + 1);
  g_assert_cmpuint (flood.max_buffered, <=, FIFOLAB_DEFAULT_MAX_MESSAGE);
  g_assert_cmpuint (flood.other, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (flood.last, NULL), g_bytes_get_size (flood.last),
                   "after", 5);
  g_assert_cmpuint (flood.last_flags, ==, 0);
  /* One over-long event for the one over-long message. */
  {
    guint n = 0;
    for (guint i = 0; i < rec.events->len; i++)
      n += g_array_index (rec.events, FifolabEventKind, i) == FIFOLAB_EVENT_OVERLONG;
    g_assert_cmpuint (n, ==, 1);
  }
  flood.max_rss = MAX (flood.max_rss, rss_bytes ());
  g_test_message ("RSS grew by %" G_GSIZE_FORMAT " kB at most while 100 MB went through",
                  (flood.max_rss - MIN (flood.max_rss, rss_start)) / 1024);
  /* Well under the 100 MB: the framer holds at most 1 MiB; with the session,
   * the log holds its 16 newest entries (16 MiB) in chunks of up to 8 MiB. */
  if (!RUNNING_UNDER_ASAN)
    g_assert_cmpuint (flood.max_rss, <, rss_start + (with_session ? 64 : 16) * 1024 * 1024);

  if (with_session)
    {
      FifolabLog *log = fifolab_session_get_log (session);

      g_assert_cmpuint (fifolab_log_get_n_stored (log), <=, 16);
      g_assert_cmpuint (fifolab_log_get_evicted (log), >, 80);
    }

  g_clear_pointer (&flood.last, g_bytes_unref);
  rec_clear (&rec);
  g_signal_handlers_disconnect_by_data (reader, &flood);
  g_signal_handlers_disconnect_by_data (reader, &rec);
  if (session != NULL)
    {
      g_object_unref (reader);
      g_assert_finalize_object (session);
    }
  else
    g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_stress_flood_reader (void)
{
  run_flood (FALSE);
}

static void
test_stress_flood_session (void)
{
  run_flood (TRUE);
}

/* ------------------------------------------------------------------ */
/* 10,000 FIFOs, and 1,000 created and 1,000 deleted per second for 5 s. */

#define CHURN_FIFOS 10000
#define CHURN_SECONDS 5
#define CHURN_PER_SECOND 1000

typedef struct
{
  char  *dir;
  guint  created;
  guint  deleted;
  double seconds;
  gint   done;
} Churn;

/* Names fifo-00000 … fifo-19999: the even ones exist at first. */
static gboolean
churn_pick (GRand    *rand,
            gboolean *present,
            gboolean  want,
            char     *name,
            gsize     size)
{
  for (;;)
    {
      guint i = g_rand_int_range (rand, 0, CHURN_FIFOS * 2);

      if (present[i] == want)
        {
          present[i] = !want;
          g_snprintf (name, size, "fifo-%05u", i);
          return TRUE;
        }
    }
}

static gpointer
churn_thread (gpointer data)
{
  Churn *c = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree gboolean *present = g_new0 (gboolean, CHURN_FIFOS * 2);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < CHURN_FIFOS; i++)
    present[i * 2] = TRUE;

  /* Every 10 ms: 10 creations and 10 deletions. */
  for (guint tick = 0; tick < CHURN_SECONDS * 100; tick++)
    {
      gint64 due = start + (gint64) tick * 10000;
      gint64 now = g_get_monotonic_time ();

      if (due > now)
        g_usleep (due - now);

      for (guint k = 0; k < CHURN_PER_SECOND / 100; k++)
        {
          char name[64];
          g_autofree char *created = NULL;
          g_autofree char *deleted = NULL;

          churn_pick (rand, present, FALSE, name, sizeof name);
          created = g_build_filename (c->dir, name, NULL);
          g_assert_cmpint (mkfifo (created, 0600), ==, 0);
          c->created++;

          churn_pick (rand, present, TRUE, name, sizeof name);
          deleted = g_build_filename (c->dir, name, NULL);
          g_assert_cmpint (unlink (deleted), ==, 0);
          c->deleted++;
        }
    }
  c->seconds = (g_get_monotonic_time () - start) / 1e6;
  g_atomic_int_set (&c->done, 1);
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

typedef struct
{
  FifolabFolderModel *model;
  const char         *dir;
  gint64              last_check;
} ModelCheck;

static gboolean
model_equals_folder (gpointer data)
{
  ModelCheck *mc = data;
  g_autoptr(GPtrArray) names = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (mc->model));

  if (fifolab_folder_model_get_loading (mc->model))
    return FALSE;
  /* Listing the folder is slow: not more than every 50 ms. */
  if (g_get_monotonic_time () - mc->last_check < 50000)
    return FALSE;
  mc->last_check = g_get_monotonic_time ();
  names = list_folder (mc->dir);
  if (n != names->len)
    {
      g_debug ("model %u, folder %u", n, names->len);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (G_LIST_MODEL (mc->model), i);
      g_autofree char *base = g_path_get_basename (fifolab_pipe_info_get_path (info));

      if (g_strcmp0 (base, names->pdata[i]) != 0)
        {
          g_debug ("model has %s where the folder has %s", base, (char *) names->pdata[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static void
test_stress_folder_churn (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GThread) thread = NULL;
  FifolabFolderModel *model;
  ModelCheck mc;
  Churn churn = { dir, 0, 0, 0., 0 };
  gint64 start;

  for (guint i = 0; i < CHURN_FIFOS; i++)
    {
      char name[64];
      g_autofree char *p = NULL;

      g_snprintf (name, sizeof name, "fifo-%05u", i * 2);
      p = g_build_filename (dir, name, NULL);
      g_assert_cmpint (mkfifo (p, 0600), ==, 0);
    }

  start = g_get_monotonic_time ();
  model = fifolab_folder_model_new (folder);
  mc.model = model;
  mc.dir = dir;
  mc.last_check = 0;
  g_assert_true (fifolab_test_wait_until (model_equals_folder, &mc, WAIT_MS));
  g_test_message ("10,000 FIFOs listed in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  thread = g_thread_new ("churn", churn_thread, &churn);
  /* The model follows while it happens (the main loop keeps running). */
  while (!g_atomic_int_get (&churn.done))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_thread_join (g_steal_pointer (&thread));
  g_test_message ("churn: %u created, %u deleted in %.2f s",
                  churn.created, churn.deleted, churn.seconds);
  g_assert_cmpuint (churn.created, ==, CHURN_SECONDS * CHURN_PER_SECOND);

  start = g_get_monotonic_time ();
  g_assert_true (fifolab_test_wait_until (model_equals_folder, &mc, 20000));
  g_test_message ("the model matched the folder %.2f s after the churn",
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_finalize_object (model);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  warm_up ();

  g_test_add_data_func ("/stress/atomic/line", GINT_TO_POINTER (FIFOLAB_FRAMING_LINE),
                        test_stress_atomic);
  g_test_add_data_func ("/stress/atomic/length-prefix",
                        GINT_TO_POINTER (FIFOLAB_FRAMING_LENGTH_PREFIX),
                        test_stress_atomic);
  g_test_add_func ("/stress/not-atomic", test_stress_not_atomic);
  g_test_add_func ("/stress/writer-killed", test_stress_writer_killed);
  g_test_add_func ("/stress/reader-killed", test_stress_reader_killed);
  g_test_add_func ("/stress/unlinked/reader", test_stress_unlinked_reader);
  g_test_add_func ("/stress/unlinked/replaced-by-fifo", test_stress_unlinked_replaced_by_fifo);
  g_test_add_func ("/stress/unlinked/writer", test_stress_unlinked_writer);
  g_test_add_func ("/stress/replaced/by-file", test_stress_replaced_by_file);
  g_test_add_func ("/stress/replaced/race", test_stress_replaced_race);
  g_test_add_func ("/stress/flood/reader", test_stress_flood_reader);
  g_test_add_func ("/stress/flood/session", test_stress_flood_session);
  g_test_add_func ("/stress/folder-churn", test_stress_folder_churn);

  return g_test_run ();
}
