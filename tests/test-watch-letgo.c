/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stopping a watch that must wait (issue 15): a thread inside a write is
 * let go only when its call returns (an interrupt would cut it short), so
 * a watch stopped while a writer sleeps in a write to a full pipe nobody
 * reads runs on until a reader drains it, maybe for ever. It says so, with
 * a "letting-go" record naming the thread and its call, and it still runs
 * after it; once a reader drains the pipe, the write returns its whole
 * count, the thread is let go and the watch ends.
 *
 * A write that returns at once (to a regular file) is waited for too, but
 * said nothing about: only a thread still inside its write a short grace
 * after the stop began gets the record.
 *
 * Real processes, a real FIFO: the writer is watch-partial-helper (one
 * write of SIZE bytes, its result printed), the reader a shell that holds
 * the read end and drains it when told; the watch is fifolab-peer watch,
 * stopped with SIGTERM. Each step waits for what it needs, never a time. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-test-util.h"
#include "fifolab-test-watch.h"
#include "fifolab-watch-record.h"

#define WAIT_MS 60000
#define SIZE 100000
/* A write to a regular file, a few milliseconds' copy at most. */
#define QUICK_SIZE 33554432
#define QUICK_ROUNDS 3

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabTestWatch, fifolab_test_watch_free)

typedef FifolabTestFifo Fixture;

static FifolabWatchRecord *
find_record (FifolabTestWatch *w,
             FifolabWatchKind  kind,
             gint64            pid,
             guint            *index)
{
  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if (r->kind == kind && r->pid == pid)
        {
          if (index != NULL)
            *index = i;
          return r;
        }
    }
  return NULL;
}

typedef struct
{
  FifolabTestWatch *w;
  FifolabWatchKind  kind;
  gint64            pid;
} RecordWait;

static gboolean
has_record (gpointer data)
{
  RecordWait *rw = data;

  return find_record (rw->w, rw->kind, rw->pid, NULL) != NULL;
}

static FifolabWatchRecord *
wait_record (FifolabTestWatch *w,
             FifolabWatchKind  kind,
             gint64            pid)
{
  RecordWait rw = { w, kind, pid };

  if (!fifolab_test_wait_until (has_record, &rw, WAIT_MS))
    {
      fifolab_test_watch_dump (w);
      g_assert_not_reached ();
    }
  return find_record (w, kind, pid, NULL);
}

/* The watch is stopped while the writer sleeps in its write to the full
 * pipe: seen from the write's entry ("entry"), or attached to half-way
 * through it, the rest being finished for it ("attach"). */
static void
test_letgo (Fixture       *fx,
            gconstpointer  data)
{
  gboolean attach_asleep = g_str_has_suffix (data, "attach");
  gboolean now = g_str_has_prefix (data, "now-");
  /* Told twice at once, within the stop's grace: let go at once. */
  gboolean early = g_str_has_prefix (data, "early-");
  const char *helper = g_getenv ("FIFOLAB_WATCH_PARTIAL_HELPER");
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  FifolabWatchRecord *letting_go;
  guint letting_go_at = 0;
  guint detach_at = 0;
  GPid reader_pid;
  /* The writer sleeps in its write (syscall 1), the pipe full. */
  FifolabTestAsleep asleep = { fx->path, 0, "1 " };

  if (!fifolab_test_watch_supported (1))
    return;
  g_assert_nonnull (helper);

  writer = fifolab_test_child_spawn ((const char * const[]) { helper, fx->path, "write",
                                                              G_STRINGIFY (SIZE), NULL });
  asleep.pid = writer->pid;
  if (attach_asleep)
    {
      reader = fifolab_test_lazy_reader_new (fx->path, NULL, &reader_pid);
      g_assert_true (fifolab_test_wait_until (fifolab_test_asleep_filling, &asleep, WAIT_MS));
    }
  else
    g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open,
                                            GINT_TO_POINTER (writer->pid), WAIT_MS));

  w = fifolab_test_watch_new (fx->dir, (const char * const[]) { fx->path, "--json", NULL },
                              G_SUBPROCESS_FLAGS_NONE);
  wait_record (w, FIFOLAB_WATCH_ATTACH, writer->pid);
  if (!attach_asleep)
    {
      /* The reader comes: the writer's open returns, its write fills the
       * pipe and sleeps, seen from its entry. */
      reader = fifolab_test_lazy_reader_new (fx->path, NULL, &reader_pid);
      g_assert_true (fifolab_test_wait_until (fifolab_test_asleep_filling, &asleep, WAIT_MS));
      wait_record (w, FIFOLAB_WATCH_BLOCKED, writer->pid);
    }
  wait_record (w, FIFOLAB_WATCH_ATTACH, reader_pid);

  if (early)
    {
      /* Two signals, which cannot merge into one. */
      g_subprocess_send_signal (w->proc, SIGTERM);
      g_subprocess_send_signal (w->proc, SIGINT);
    }
  else
    {
      /* Stopped: the watch says whom it waits for, and why. */
      g_subprocess_send_signal (w->proc, SIGTERM);
      letting_go = wait_record (w, FIFOLAB_WATCH_LETTING_GO, writer->pid);
      g_assert_cmpint (letting_go->tid, ==, writer->pid);
      g_assert_cmpstr (letting_go->syscall, ==, "write");
      g_assert_cmpint (letting_go->fd, >=, 0);
      g_assert_true (letting_go->is_write);
      g_assert_cmpint (letting_go->requested, ==, SIZE);
      g_assert_null (find_record (w, FIFOLAB_WATCH_LETTING_GO, reader_pid, NULL));

      /* The reader, asleep in "read _", is let go at once; the writer is not,
       * and the watch runs on: nothing can end the write but a reader. */
      wait_record (w, FIFOLAB_WATCH_DETACH, reader_pid);
      g_assert_null (find_record (w, FIFOLAB_WATCH_DETACH, writer->pid, NULL));
      g_assert_false (w->exited);
      g_assert_true (fifolab_test_asleep_filling (&asleep));

      if (now)
        g_subprocess_send_signal (w->proc, SIGTERM);
    }

  if (now || early)
    {
      FifolabWatchRecord *call = NULL;
      gint64 written;

      /* Told again: the writer is let go at once, its write cut short
       * (what it had put in, the pipe's 64 KiB), and the watch ends
       * though nobody read. */
      g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
      fifolab_test_child_wait_ok (writer, WAIT_MS);
      written = g_ascii_strtoll (writer->out, NULL, 10);
      g_assert_cmpint (written, >, 0);
      g_assert_cmpint (written, <, SIZE);
      g_assert_true (asleep.pid > 0);
      for (guint i = 0; i < w->records->len; i++)
        {
          FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

          if (r->kind == FIFOLAB_WATCH_CALL && r->pid == writer->pid && r->is_write)
            call = r;
        }
      /* The call the program saw, as it saw it. */
      g_assert_nonnull (call);
      g_assert_cmpint (call->result, ==, written);
      g_assert_cmpint (call->requested, ==, SIZE);
      g_assert_nonnull (find_record (w, FIFOLAB_WATCH_DETACH, writer->pid, NULL));
      fifolab_test_lazy_reader_go (reader);
      return;
    }

  /* Drained: the write returns all of it, then the writer is let go and
   * the watch ends, as it does when nothing waits. */
  fifolab_test_go_ahead_last (reader);
  fifolab_test_child_wait_ok (writer, WAIT_MS);
  g_assert_cmpstr (writer->out, ==, G_STRINGIFY (SIZE) "\n");
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
  g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
  g_assert_nonnull (find_record (w, FIFOLAB_WATCH_LETTING_GO, writer->pid, &letting_go_at));
  g_assert_nonnull (find_record (w, FIFOLAB_WATCH_DETACH, writer->pid, &detach_at));
  g_assert_cmpuint (letting_go_at, <, detach_at);
}

/* Writes a regular file over and over (write, not pwrite: the stop
 * waits for a write or writev), the FIFO held open, until SIGUSR1; prints
 * how many writes it made and how many returned short. Most of its time
 * goes to the writes. */
static const char quick_writer[] =
  "import os, signal, sys\n"
  "go = [True]\n"
  "signal.signal(signal.SIGUSR1, lambda *_: go.clear())\n"
  "fifo, data = sys.argv[1:3]\n"
  "held = os.open(fifo, os.O_RDWR)\n"
  "fd = os.open(data, os.O_WRONLY | os.O_CREAT, 0o600)\n"
  "buf = b'x' * " G_STRINGIFY (QUICK_SIZE) "\n"
  "n = short = 0\n"
  "while go:\n"
  "    os.lseek(fd, 0, os.SEEK_SET)\n"
  "    short += os.write(fd, buf) != len(buf)\n"
  "    n += 1\n"
  "print(n, short)\n";

typedef struct
{
  const char *path;
} FileWait;

static gboolean
file_written (gpointer data)
{
  GStatBuf st;

  return g_stat (((FileWait *) data)->path, &st) == 0 && st.st_size == QUICK_SIZE;
}

/* Stopped while a process writes a regular file, write after write: it
 * is most likely inside one, which returns at once. The stop waits for
 * it, says nothing and ends without waiting for anything else: the
 * program runs on, none of its writes cut short. */
static void
test_letgo_quick (Fixture       *fx,
                  gconstpointer  data)
{
  const char *python = fifolab_test_python ();
  g_autofree char *file = g_build_filename (fx->dir, "data", NULL);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  g_auto(GStrv) counts = NULL;
  FileWait fw = { file };
  GStatBuf st;

  if (!fifolab_test_watch_supported (1))
    return;
  if (python == NULL)
    {
      g_test_skip ("no python3");
      return;
    }

  writer = fifolab_test_child_spawn ((const char * const[]) { python, "-c", quick_writer,
                                                              fx->path, file, NULL });
  g_assert_true (fifolab_test_wait_until (file_written, &fw, WAIT_MS));
  /* A few times: it is not inside a write at each stop. */
  for (guint round = 0; round < QUICK_ROUNDS; round++)
    {
      w = fifolab_test_watch_new (fx->dir, (const char * const[]) { fx->path, "--json", NULL },
                                  G_SUBPROCESS_FLAGS_NONE);
      wait_record (w, FIFOLAB_WATCH_ATTACH, writer->pid);

      g_subprocess_send_signal (w->proc, SIGTERM);
      g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
      if (find_record (w, FIFOLAB_WATCH_LETTING_GO, writer->pid, NULL) != NULL)
        fifolab_test_watch_dump (w);
      g_assert_null (find_record (w, FIFOLAB_WATCH_LETTING_GO, writer->pid, NULL));
      g_assert_nonnull (find_record (w, FIFOLAB_WATCH_DETACH, writer->pid, NULL));
      /* The watch did not wait for the program to end. */
      g_assert_false (writer->done);
      g_clear_pointer (&w, fifolab_test_watch_free);
    }

  g_subprocess_send_signal (writer->proc, SIGUSR1);
  fifolab_test_child_wait_ok (writer, WAIT_MS);
  counts = g_strsplit (g_strstrip (writer->out), " ", -1);
  g_assert_cmpuint (g_strv_length (counts), ==, 2);
  g_assert_cmpint (g_ascii_strtoll (counts[0], NULL, 10), >, 0);
  g_assert_cmpstr (counts[1], ==, "0");
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, QUICK_SIZE);
}

/* The signals blocked in thread @tid of @pid, from its status in /proc. */
static guint64
blocked_signals (GPid  pid,
                 pid_t tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/status", (int) pid, (int) tid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "\nSigBlk:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nSigBlk:"), NULL, 16);
}

/* The watch's thread named @name, or 0. */
static pid_t
find_thread (GPid        pid,
             const char *name)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename (dir_path, entry, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          g_strcmp0 (g_strchomp (comm), name) == 0)
        return (pid_t) g_ascii_strtoll (entry, NULL, 10);
    }
  return 0;
}

#define SIGNAL_BIT(sig) (G_GUINT64_CONSTANT (1) << ((sig) - 1))

/* The signals that stop a watch are taken by its main thread, never by
 * the tracer's thread: there a wake-up arriving during their handler
 * jumps out of it, and the signal was lost (a watch told twice at once,
 * "early-entry", ran on until the grace was over and then waited for the
 * write, one time in a few hundred under load). Checked on the thread's
 * mask, which decides it every time. */
static void
test_letgo_signals (Fixture       *fx,
                    gconstpointer  data)
{
  const int stops[] = { SIGINT, SIGTERM, SIGHUP };
  g_autoptr(FifolabTestChild) holder = NULL;
  g_autoptr(FifolabTestWatch) w = NULL;
  guint64 tracer_mask, main_mask;
  pid_t tracer;

  if (!fifolab_test_watch_supported (1))
    return;

  holder = fifolab_test_child_spawn ((const char * const[]) { "sh", "-c", "exec 3<>\"$0\"; exec sleep 600",
                                                              fx->path, NULL });
  w = fifolab_test_watch_new (fx->dir, (const char * const[]) { fx->path, "--json", NULL },
                              G_SUBPROCESS_FLAGS_NONE);
  /* The thread runs: it made the record. */
  wait_record (w, FIFOLAB_WATCH_ATTACH, holder->pid);

  tracer = find_thread (w->pid, "fifolab-tracer");
  g_assert_cmpint (tracer, >, 0);
  tracer_mask = blocked_signals (w->pid, tracer);
  main_mask = blocked_signals (w->pid, w->pid);
  for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
    {
      g_test_message ("signal %d", stops[i]);
      g_assert_cmphex (tracer_mask & SIGNAL_BIT (stops[i]), !=, 0);
      g_assert_cmphex (main_mask & SIGNAL_BIT (stops[i]), ==, 0);
    }

  g_subprocess_send_signal (w->proc, SIGTERM);
  g_assert_cmpint (fifolab_test_watch_finish (w, WAIT_MS), ==, 0);
}

/* The record as text, and through JSON and back. */
static void
test_letgo_record (void)
{
  g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (FIFOLAB_WATCH_LETTING_GO);
  g_autoptr(FifolabWatchRecord) back = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  record->pid = 123;
  record->tid = 123;
  record->comm = g_strdup ("dd");
  record->syscall = g_strdup ("write");
  record->fd = 1;
  record->is_write = TRUE;
  record->requested = 100000;
  record->size = 100000;
  record->blocked_us = 2500000;
  record->time_us = 42;
  fifolab_watch_record_append_json (record, json);
  g_assert_cmpstr (json->str, ==,
                   "{\"event\":\"letting-go\",\"syscall\":\"write\",\"pid\":123,\"tid\":123,"
                   "\"comm\":\"dd\",\"time_us\":42,\"fd\":1,\"blocked_us\":2500000,"
                   "\"direction\":\"write\",\"requested\":100000,\"size\":100000}");
  back = fifolab_watch_record_from_json (json->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->kind, ==, FIFOLAB_WATCH_LETTING_GO);
  g_assert_cmpstr (back->syscall, ==, "write");
  g_assert_cmpint (back->fd, ==, 1);
  g_assert_true (back->is_write);
  g_assert_cmpint (back->requested, ==, 100000);
  text = fifolab_watch_record_to_text (back);
  g_assert_cmpstr (text, ==, "123 dd inside write(1, 100000): let go when it returns");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch-letgo/record", test_letgo_record);
  g_test_add ("/watch-letgo/entry", Fixture, "entry", fifolab_test_fifo_setup, test_letgo, fifolab_test_fifo_teardown);
  g_test_add ("/watch-letgo/attach", Fixture, "attach", fifolab_test_fifo_setup, test_letgo, fifolab_test_fifo_teardown);
  g_test_add ("/watch-letgo/now-entry", Fixture, "now-entry", fifolab_test_fifo_setup, test_letgo, fifolab_test_fifo_teardown);
  g_test_add ("/watch-letgo/now-attach", Fixture, "now-attach", fifolab_test_fifo_setup, test_letgo, fifolab_test_fifo_teardown);
  g_test_add ("/watch-letgo/early-entry", Fixture, "early-entry", fifolab_test_fifo_setup, test_letgo, fifolab_test_fifo_teardown);
  g_test_add ("/watch-letgo/signals", Fixture, NULL, fifolab_test_fifo_setup, test_letgo_signals, fifolab_test_fifo_teardown);
  g_test_add ("/watch-letgo/quick", Fixture, NULL, fifolab_test_fifo_setup, test_letgo_quick, fifolab_test_fifo_teardown);
  return g_test_run ();
}
