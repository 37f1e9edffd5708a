/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A watched program must not notice the watch (issue 15): a writer asleep
 * half-way through a write() (or writev()) of 100001 bytes to a full pipe,
 * part of it already in, is attached to, or let go, by fifolab-peer watch,
 * and its call still returns 100001, the reader gets every byte in order,
 * and the watch reports the one call with its bytes. Without care the
 * watch's PTRACE_INTERRUPT cuts such a write short (it returned 65536), as
 * strace does; so does a signal the program ignores, which reaches it
 * only because it is traced. A read asleep on an empty pipe is not
 * changed either.
 *
 * Real processes, a real FIFO: the writer is watch-partial-helper, which
 * makes the one call and prints what it returned; the reader a shell that
 * holds the read end and reads nothing until told. Each step waits for
 * what it needs (the writer asleep in its call with the pipe full, the
 * watch attached), never for a time. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-test-util.h"
#include "fifolab-test-watch.h"
#include "fifolab-watch-record.h"
#include "fifolab-watch-scan.h"

#define WAIT_MS 60000
#define SIZE 100001

/* A FIFO, my_pipe, in a private folder. */
typedef FifolabTestFifo Fixture;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabTestWatch, fifolab_test_watch_free)

/* What watch-partial-helper writes: byte i is (i * 7 + i / 251) & 0xff. */
static GBytes *
pattern (gsize size)
{
  guint8 *buf = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    buf[i] = (guint8) ((i * 7 + i / 251) & 0xff);
  return g_bytes_new_take (buf, size);
}

static FifolabTestChild *
helper_spawn (const char *path,
              const char *call,
              const char *size)
{
  const char *helper = g_getenv ("FIFOLAB_WATCH_PARTIAL_HELPER");

  g_assert_nonnull (helper);
  return fifolab_test_child_spawn ((const char * const[]) { helper, path, call, size, NULL });
}

/* -------------------------------------------------------------------- */
/* The reader: a lazy one (fifolab_test_lazy_reader_new()), which drains
 * the pipe into DIR/reader.out once told; waiting in open() first, when
 * no writer is there (@wait_open). */

static GSubprocess *
lazy_reader_new (Fixture  *fx,
                 gboolean  wait_open,
                 GPid     *pid)
{
  g_autofree char *out = g_build_filename (fx->dir, "reader.out", NULL);
  GSubprocess *reader = fifolab_test_lazy_reader_new (fx->path, out, pid);

  if (wait_open)
    g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (*pid),
                                            WAIT_MS));
  return reader;
}

/* -------------------------------------------------------------------- */
/* The writer asleep in its call, part of its bytes in */

/* Process @pid asleep in its @call ("write" or "writev") on the pipe, the
 * pipe full (fifolab_test_asleep_filling()). */
static FifolabTestAsleep
asleep_in (Fixture    *fx,
           GPid        pid,
           const char *call)
{
  return (FifolabTestAsleep) { fx->path, pid, g_str_equal (call, "writev") ? "20 " : "1 " };
}

static void
wait_asleep_part_way (Fixture    *fx,
                      GPid        pid,
                      const char *call)
{
  FifolabTestAsleep a = asleep_in (fx, pid, call);

  g_assert_true (fifolab_test_wait_until (fifolab_test_asleep_filling, &a, WAIT_MS));
}

/* -------------------------------------------------------------------- */
/* The watch's records */

typedef struct
{
  FifolabTestWatch *w;
  FifolabWatchKind  kind;
  gint64            pid;
  const char       *syscall;  /* NULL: any */
} RecordWait;

static FifolabWatchRecord *
find_record (FifolabTestWatch *w,
             FifolabWatchKind  kind,
             gint64            pid,
             const char       *syscall)
{
  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if (r->kind == kind && r->pid == pid &&
          (syscall == NULL || g_strcmp0 (r->syscall, syscall) == 0))
        return r;
    }
  return NULL;
}

static gboolean
has_record (gpointer data)
{
  RecordWait *rw = data;

  return find_record (rw->w, rw->kind, rw->pid, rw->syscall) != NULL;
}

static void
wait_record (FifolabTestWatch *w,
             FifolabWatchKind  kind,
             gint64            pid,
             const char       *syscall)
{
  RecordWait rw = { w, kind, pid, syscall };

  if (!fifolab_test_wait_until (has_record, &rw, WAIT_MS))
    {
      fifolab_test_watch_dump (w);
      g_assert_not_reached ();
    }
}

static FifolabTestWatch *
watch_new (Fixture *fx)
{
  return fifolab_test_watch_new (fx->dir, (const char * const[]) { fx->path, "--json", NULL },
                                 G_SUBPROCESS_FLAGS_NONE);
}

/* The writer said it wrote it all, and the reader got it all, in order. */
static void
assert_all_through (Fixture          *fx,
                    FifolabTestChild *writer)
{
  g_autoptr(GBytes) expected = pattern (SIZE);
  g_autofree char *out_path = g_build_filename (fx->dir, "reader.out", NULL);
  g_autofree char *out = NULL;
  gsize out_len = 0;

  fifolab_test_child_wait_ok (writer, WAIT_MS);
  g_assert_cmpstr (writer->out, ==, G_STRINGIFY (SIZE) "\n");
  g_assert_true (g_file_get_contents (out_path, &out, &out_len, NULL));
  g_assert_cmpmem (out, out_len, g_bytes_get_data (expected, NULL), SIZE);
}

/* The one call the watch saw, whole, with its first bytes. */
static void
assert_one_call (FifolabTestWatch *w,
                 GPid              pid,
                 const char       *call)
{
  g_autoptr(GBytes) expected = pattern (SIZE);
  FifolabWatchRecord *r = NULL;
  guint n = 0;

  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *ri = g_ptr_array_index (w->records, i);

      if (ri->kind == FIFOLAB_WATCH_CALL && ri->pid == pid && ri->is_write)
        {
          r = ri;
          n++;
        }
    }
  if (n != 1)
    fifolab_test_watch_dump (w);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (r->syscall, ==, call);
  g_assert_cmpint (r->result, ==, SIZE);
  g_assert_cmpint (r->requested, ==, SIZE);
  g_assert_cmpint (r->size, ==, SIZE);
  g_assert_nonnull (r->payload);
  g_assert_cmpmem (g_bytes_get_data (r->payload, NULL), g_bytes_get_size (r->payload),
                   g_bytes_get_data (expected, NULL), MIN (SIZE, FIFOLAB_WATCH_PAYLOAD_MAX));
}

/* The watch attaches to a writer asleep half-way through its call. */
static void
test_partial_attach (Fixture       *fx,
                     gconstpointer  data)
{
  const char *call = data;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;

  reader = lazy_reader_new (fx, TRUE, &reader_pid);
  writer = helper_spawn (fx->path, call, G_STRINGIFY (SIZE));
  wait_asleep_part_way (fx, writer->pid, call);

  w = watch_new (fx);
  wait_record (w, FIFOLAB_WATCH_ATTACH, writer->pid, NULL);
  wait_record (w, FIFOLAB_WATCH_ATTACH, reader_pid, NULL);

  fifolab_test_lazy_reader_go (reader);
  assert_all_through (fx, writer);

  /* Both gone: the watch has seen all there was, and stops cleanly. */
  wait_record (w, FIFOLAB_WATCH_EXIT, writer->pid, NULL);
  wait_record (w, FIFOLAB_WATCH_EXIT, reader_pid, NULL);
  g_subprocess_send_signal (w->proc, SIGTERM);
  g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
  assert_one_call (w, writer->pid, call);
}

/* The writer of @call waits in open() while the watch attaches to it; a
 * reader comes: the writer's open() returns, its call fills the pipe and
 * sleeps, seen from its entry. */
static void
start_blocked_writer (Fixture           *fx,
                      const char        *call,
                      FifolabTestChild **writer,
                      FifolabTestWatch **w,
                      GSubprocess      **reader,
                      GPid              *reader_pid)
{
  *writer = helper_spawn (fx->path, call, G_STRINGIFY (SIZE));
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER ((*writer)->pid),
                                          WAIT_MS));
  *w = watch_new (fx);
  wait_record (*w, FIFOLAB_WATCH_ATTACH, (*writer)->pid, NULL);
  *reader = lazy_reader_new (fx, FALSE, reader_pid);
  wait_asleep_part_way (fx, (*writer)->pid, call);
  wait_record (*w, FIFOLAB_WATCH_BLOCKED, (*writer)->pid, call);
}

/* The watch stops while a writer it traces is asleep half-way through its
 * call (its entry seen, or the rest of one it attached in the middle of):
 * the writer is let go when the call returns, whole. */
static void
test_partial_detach (Fixture       *fx,
                     gconstpointer  data)
{
  const char *call = data;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;

  start_blocked_writer (fx, call, &writer, &w, &reader, &reader_pid);
  wait_record (w, FIFOLAB_WATCH_ATTACH, reader_pid, NULL);

  /* The watch stops: the reader, asleep in "read _", is let go at once;
   * once it has been, the watch has dealt with the writer too (the same
   * turn of its thread interrupts every thread it may interrupt). Only
   * then does the reader drain the pipe. */
  g_subprocess_send_signal (w->proc, SIGTERM);
  wait_record (w, FIFOLAB_WATCH_DETACH, reader_pid, NULL);
  g_assert_null (find_record (w, FIFOLAB_WATCH_CALL, writer->pid, call));
  fifolab_test_lazy_reader_go (reader);
  assert_all_through (fx, writer);
  g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
}

typedef struct
{
  Fixture          *fx;
  FifolabTestChild *writer;
  const char       *call;
} SignalTaken;

/* The writer has taken its SIGWINCH: it ended (its write cut short), or
 * the signal is no longer pending and it sleeps in its write again. */
static gboolean
signal_taken (gpointer data)
{
  SignalTaken *st = data;
  FifolabTestAsleep a = asleep_in (st->fx, st->writer->pid, st->call);

  if (st->writer->done)
    return TRUE;
  return !fifolab_watch_scan_signal_pending ((pid_t) st->writer->pid, SIGWINCH) && fifolab_test_asleep_filling (&a);
}

/* A signal the program ignores (SIGWINCH by default) reaches a traced
 * program all the same (the kernel keeps it for the tracer), and wakes a
 * write asleep on the full pipe, which returns what it has put in. Without
 * the watch the kernel drops it and the write goes on: so it must. */
static void
test_partial_ignored_signal (Fixture       *fx,
                             gconstpointer  data)
{
  const char *call = data;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  SignalTaken st;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;

  start_blocked_writer (fx, call, &writer, &w, &reader, &reader_pid);

  g_assert_no_errno (kill (writer->pid, SIGWINCH));
  st = (SignalTaken) { fx, writer, call };
  g_assert_true (fifolab_test_wait_until (signal_taken, &st, WAIT_MS));
  fifolab_test_lazy_reader_go (reader);
  assert_all_through (fx, writer);

  wait_record (w, FIFOLAB_WATCH_EXIT, writer->pid, NULL);
  g_subprocess_send_signal (w->proc, SIGTERM);
  g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
  assert_one_call (w, writer->pid, call);
}

/* A reader asleep on the empty pipe when the watch attaches gets what a
 * writer writes later, as without the watch: its read is restarted by the
 * kernel, never cut (a read returns as soon as it has any byte). */
static void
test_read_attach (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(FifolabTestChild) reader = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  GPid writer_pid;

  if (!fifolab_test_watch_supported (1))
    return;

  reader = helper_spawn (fx->path, "read", "100");
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (reader->pid),
                                          WAIT_MS));
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &writer_pid, "sh", "-c",
                               "exec 3>\"$1\"; read _; printf 'Hello, reader' >&3",
                               "sh", fx->path, NULL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_read, GINT_TO_POINTER (reader->pid),
                                          WAIT_MS));

  w = watch_new (fx);
  wait_record (w, FIFOLAB_WATCH_ATTACH, reader->pid, NULL);
  fifolab_test_go_ahead_last (writer);
  g_assert_true (g_subprocess_wait_check (writer, NULL, NULL));
  fifolab_test_child_wait_ok (reader, WAIT_MS);
  g_assert_cmpstr (reader->out, ==, "13\nHello, reader");

  wait_record (w, FIFOLAB_WATCH_CALL, reader->pid, "read");
  g_subprocess_send_signal (w->proc, SIGTERM);
  g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
  g_assert_cmpint (find_record (w, FIFOLAB_WATCH_CALL, reader->pid, "read")->result, ==, 13);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, call) \
  g_test_add (name, Fixture, call, fifolab_test_fifo_setup, func, fifolab_test_fifo_teardown)
  ADD ("/watch-partial/attach/write", test_partial_attach, "write");
  ADD ("/watch-partial/attach/writev", test_partial_attach, "writev");
  ADD ("/watch-partial/detach/write", test_partial_detach, "write");
  ADD ("/watch-partial/detach/writev", test_partial_detach, "writev");
  ADD ("/watch-partial/ignored-signal/write", test_partial_ignored_signal, "write");
  ADD ("/watch-partial/ignored-signal/writev", test_partial_ignored_signal, "writev");
  ADD ("/watch-partial/read", test_read_attach, NULL);
#undef ADD

  return g_test_run ();
}
