/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer watch --step (FifolabTracer's step mode) with the seed's
 * Python writer and reader as the watch's command: each call on the FIFO
 * waits, announced as "pending", until a line on the watch's stdin lets it
 * go on. What the tests know of the processes comes from the watch's
 * records and /proc, never from time: a held call cannot return, so what
 * must not have happened yet is checked while it is held. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-test-util.h"
#include "fifolab-test-watch.h"
#include "fifolab-watch-record.h"

#define WAIT_MS 60000

/* The seed's writer and reader, both in the background of one shell that
 * writes their pids to files and waits for them. */
static const char *seed_script =
  "\"$1\" \"$2\" \"$4\" & echo $! > \"$6\"\n"
  "\"$1\" \"$3\" \"$4\" > \"$5\" & echo $! > \"$7\"\n"
  "wait\n";

typedef struct
{
  char *dir;
  char *path;
  char *writer_py;
  char *reader_py;
  char *out_path;
  char *wpid_path;
  char *rpid_path;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fifolab_test_fifo_init (&fx->dir, &fx->path, "my_pipe");
  fx->writer_py = fifolab_test_seed_script ("write_to_named_pipe.py");
  fx->reader_py = fifolab_test_seed_script ("read_from_named_pipe.py");
  fx->out_path = g_build_filename (fx->dir, "reader.out", NULL);
  fx->wpid_path = g_build_filename (fx->dir, "writer.pid", NULL);
  fx->rpid_path = g_build_filename (fx->dir, "reader.pid", NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_free (fx->writer_py);
  g_free (fx->reader_py);
  g_free (fx->out_path);
  g_free (fx->wpid_path);
  g_free (fx->rpid_path);
  fifolab_test_fifo_clear (&fx->dir, &fx->path);
}

/* -------------------------------------------------------------------- */
/* fifolab-peer watch --json --step, its records and its stdin */

typedef FifolabTestWatch Stepper;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stepper, fifolab_test_watch_free)

static Stepper *
stepper_new (Fixture            *fx,
             const char * const *command)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, fx->path);
  g_ptr_array_add (args, "--json");
  g_ptr_array_add (args, "--step");
  g_ptr_array_add (args, "--");
  for (guint i = 0; command[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) command[i]);
  g_ptr_array_add (args, NULL);
  return fifolab_test_watch_new (fx->dir, (const char * const *) args->pdata,
                                 G_SUBPROCESS_FLAGS_STDIN_PIPE);
}

/* Starts the seed's writer and reader under the watch. */
static Stepper *
stepper_new_seed (Fixture *fx)
{
  return stepper_new (fx, (const char * const[]) {
                        "/bin/sh", "-c", seed_script, "sh", fifolab_test_python (),
                        fx->writer_py, fx->reader_py, fx->path, fx->out_path,
                        fx->wpid_path, fx->rpid_path, NULL });
}

static void
stepper_send (Stepper    *s,
              const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (s->in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (s->in, NULL, &error));
  g_assert_no_error (error);
}

static void
stepper_send_step (Stepper *s,
                   gint64   tid)
{
  g_autofree char *line = g_strdup_printf ("step %" G_GINT64_FORMAT "\n", tid);

  stepper_send (s, line);
}

static int
stepper_finish (Stepper *s)
{
  return fifolab_test_watch_finish (s, WAIT_MS);
}

typedef struct
{
  Stepper          *s;
  FifolabWatchKind  kind;
  const char       *syscall;  /* NULL: any */
  gint64            pid;      /* 0: any */
  guint             n;        /* the n-th such record, from 1 */
  FifolabWatchRecord *found;
} RecordWait;

static gboolean
has_record (gpointer data)
{
  RecordWait *rw = data;
  guint seen = 0;

  for (guint i = 0; i < rw->s->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (rw->s->records, i);

      if (r->kind == rw->kind && (rw->syscall == NULL || g_strcmp0 (r->syscall, rw->syscall) == 0) &&
          (rw->pid == 0 || r->pid == rw->pid) && ++seen == rw->n)
        {
          rw->found = r;
          return TRUE;
        }
    }
  return FALSE;
}

static guint
count_records (Stepper          *s,
               FifolabWatchKind  kind,
               const char       *syscall,
               gint64            pid)
{
  guint n = 0;

  for (guint i = 0; i < s->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (s->records, i);

      if (r->kind == kind && (syscall == NULL || g_strcmp0 (r->syscall, syscall) == 0) &&
          (pid == 0 || r->pid == pid))
        n++;
    }
  return n;
}

/* The @n-th record of @kind (and @syscall, @pid), once the watch wrote it. */
static FifolabWatchRecord *
wait_nth (Stepper          *s,
          FifolabWatchKind  kind,
          const char       *syscall,
          gint64            pid,
          guint             n)
{
  RecordWait rw = { s, kind, syscall, pid, n, NULL };

  if (!fifolab_test_wait_until (has_record, &rw, WAIT_MS))
    {
      fifolab_test_watch_dump (s);
      g_error ("no %s %s of pid %" G_GINT64_FORMAT " (#%u)", fifolab_watch_kind_to_string (kind),
               syscall != NULL ? syscall : "", pid, n);
    }
  return rw.found;
}

static FifolabWatchRecord *
wait_record (Stepper          *s,
             FifolabWatchKind  kind,
             const char       *syscall,
             gint64            pid)
{
  return wait_nth (s, kind, syscall, pid, 1);
}

/* Every call @pid made on the FIFO was announced as pending, then
 * released, then returned, one at a time: @n_calls of them. */
static void
assert_each_call_stepped (Stepper *s,
                          gint64   pid,
                          guint    n_calls)
{
  const char *waiting = NULL;
  gboolean released = FALSE;
  guint calls = 0;

  for (guint i = 0; i < s->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (s->records, i);

      if (r->pid != pid)
        continue;
      switch (r->kind)
        {
        case FIFOLAB_WATCH_PENDING:
          g_assert_null (waiting);
          waiting = r->syscall;
          released = FALSE;
          break;
        case FIFOLAB_WATCH_RELEASED:
          g_assert_cmpstr (r->syscall, ==, waiting);
          g_assert_false (released);
          released = TRUE;
          break;
        case FIFOLAB_WATCH_CALL:
          g_assert_cmpstr (r->syscall, ==, waiting);
          g_assert_true (released);
          waiting = NULL;
          calls++;
          break;
        case FIFOLAB_WATCH_BLOCKED:
          /* Only once it runs: a held call is not blocked. */
          g_assert_cmpstr (r->syscall, ==, waiting);
          g_assert_true (released);
          break;
        case FIFOLAB_WATCH_ATTACH:
        case FIFOLAB_WATCH_DETACH:
        case FIFOLAB_WATCH_EXIT:
        case FIFOLAB_WATCH_REFUSED:
        case FIFOLAB_WATCH_STOPPED:
        default:
          break;
        }
    }
  g_assert_null (waiting);
  g_assert_cmpuint (calls, ==, n_calls);
}

/* -------------------------------------------------------------------- */

static char *
read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static gboolean
pid_written (gpointer data)
{
  g_autofree char *contents = read_file (data);

  return strchr (contents, '\n') != NULL;
}

/* The pid the seed's shell wrote to @path. */
static gint64
read_pid (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (fifolab_test_wait_until (pid_written, (gpointer) path, WAIT_MS));
  contents = read_file (path);
  return g_ascii_strtoll (contents, NULL, 10);
}

static char *
expected_line (gint64 reader,
               gint64 writer)
{
  return g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello %" G_GINT64_FORMAT "\n",
                          reader, writer);
}

/* Whether @sig waits to be delivered to @pid (its SigPnd or ShdPnd). */
static gboolean
signal_waits (gint64 pid,
              int    sig)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/status", pid);
  g_autofree char *status = NULL;
  const char *keys[] = { "\nSigPnd:", "\nShdPnd:" };

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *line = strstr (status, keys[i]);

      g_assert_nonnull (line);
      if ((g_ascii_strtoull (line + strlen (keys[i]), NULL, 16) & (1ull << (sig - 1))) != 0)
        return TRUE;
    }
  return FALSE;
}

/* -------------------------------------------------------------------- */

/* Released call by call: the writer's open first, then each call appears
 * as pending before it returns, and the reader gets nothing until the
 * writer's write is let go. */
static void
test_step_seed (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(Stepper) s = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  FifolabWatchRecord *r;
  FifolabWatchRecord *open_call;
  FifolabWatchRecord *released;
  gint64 writer;
  gint64 reader;

  if (!fifolab_test_watch_supported (2))
    return;

  s = stepper_new_seed (fx);
  writer = read_pid (fx->wpid_path);
  reader = read_pid (fx->rpid_path);
  hello = g_strdup_printf ("Hello %" G_GINT64_FORMAT, writer);

  /* Both wait before their open(): nothing of theirs has returned. */
  r = wait_record (s, FIFOLAB_WATCH_PENDING, "openat", writer);
  g_assert_cmpint (r->fd, ==, -1);
  g_assert_cmpint (r->tid, ==, writer);
  wait_record (s, FIFOLAB_WATCH_PENDING, "openat", reader);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, NULL, writer), ==, 0);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, NULL, reader), ==, 0);
  g_assert_cmpint (fifolab_test_proc_state_letter (writer), ==, 't');

  /* The writer's open goes on, and blocks: no reader has opened. */
  stepper_send_step (s, writer);
  wait_record (s, FIFOLAB_WATCH_RELEASED, "openat", writer);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER ((int) writer),
                                          WAIT_MS));
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, "openat", writer), ==, 0);

  /* The reader's open meets it: both return. */
  stepper_send_step (s, reader);
  open_call = wait_record (s, FIFOLAB_WATCH_CALL, "openat", writer);
  g_assert_cmpint (open_call->result, >=, 0);
  g_assert_cmpint (wait_record (s, FIFOLAB_WATCH_CALL, "openat", reader)->result, >=, 0);

  /* The write waits with its bytes, the read with its 22. */
  r = wait_record (s, FIFOLAB_WATCH_PENDING, "write", writer);
  g_assert_true (r->is_write);
  g_assert_cmpint (r->fd, ==, open_call->result);
  g_assert_cmpint (r->size, ==, (gint64) strlen (hello));
  g_assert_nonnull (r->payload);
  g_assert_cmpmem (g_bytes_get_data (r->payload, NULL), g_bytes_get_size (r->payload),
                   hello, strlen (hello));
  r = wait_record (s, FIFOLAB_WATCH_PENDING, "read", reader);
  g_assert_true (r->is_read);
  g_assert_cmpint (r->requested, ==, 22);
  g_assert_null (r->payload);

  /* The read goes on and sleeps on the empty pipe: the write still waits;
   * the watch says the read is blocked, counted from its release. */
  stepper_send_step (s, reader);
  released = wait_record (s, FIFOLAB_WATCH_RELEASED, "read", reader);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_read, GINT_TO_POINTER ((int) reader),
                                          WAIT_MS));
  r = wait_record (s, FIFOLAB_WATCH_BLOCKED, "read", reader);
  g_assert_cmpint (r->time_us, ==, released->time_us);
  g_assert_cmpint (r->requested, ==, 22);
  g_assert_true (r->is_read);
  g_assert_cmpint (fifolab_test_proc_state_letter (writer), ==, 't');
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, "read", reader), ==, 0);
  out = read_file (fx->out_path);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  /* "step": the call that waited longest, the write, which alone waits. */
  stepper_send (s, "step\n");
  r = wait_record (s, FIFOLAB_WATCH_CALL, "write", writer);
  g_assert_cmpint (r->result, ==, (gint64) strlen (hello));
  r = wait_record (s, FIFOLAB_WATCH_CALL, "read", reader);
  g_assert_cmpmem (g_bytes_get_data (r->payload, NULL), g_bytes_get_size (r->payload),
                   hello, strlen (hello));

  /* Each close waits too; the reader prints only after its own. */
  wait_record (s, FIFOLAB_WATCH_PENDING, "close", writer);
  wait_record (s, FIFOLAB_WATCH_PENDING, "close", reader);
  out = read_file (fx->out_path);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  stepper_send (s, "step\n");
  stepper_send (s, "\n");

  g_assert_cmpint (stepper_finish (s), ==, 0);
  out = read_file (fx->out_path);
  expected = expected_line (reader, writer);
  g_assert_cmpstr (out, ==, expected);
  assert_each_call_stepped (s, writer, 3);
  assert_each_call_stepped (s, reader, 3);
}

/* An unwatched run of the seed's pair, then one under --step let run
 * ("run", or the end of the watch's stdin) after the first pending call:
 * the same output, and every call that waited went on. */
static void
run_seed (Fixture *fx,
          gboolean watched,
          gboolean by_eof)
{
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  gint64 writer;
  gint64 reader;

  g_unlink (fx->out_path);
  g_unlink (fx->wpid_path);
  g_unlink (fx->rpid_path);
  if (!watched)
    {
      g_autoptr(GSubprocess) sh = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL, "/bin/sh", "-c",
                                                      seed_script, "sh", fifolab_test_python (),
                                                      fx->writer_py, fx->reader_py, fx->path,
                                                      fx->out_path, fx->wpid_path, fx->rpid_path,
                                                      NULL);

      g_assert_true (g_subprocess_wait_check (sh, NULL, NULL));
      writer = read_pid (fx->wpid_path);
      reader = read_pid (fx->rpid_path);
    }
  else
    {
      g_autoptr(Stepper) s = stepper_new_seed (fx);

      wait_record (s, FIFOLAB_WATCH_PENDING, NULL, 0);
      if (by_eof)
        g_assert_true (g_output_stream_close (s->in, NULL, NULL));
      else
        stepper_send (s, "run\n");
      g_assert_cmpint (stepper_finish (s), ==, 0);
      writer = read_pid (fx->wpid_path);
      reader = read_pid (fx->rpid_path);
      /* Each call that waited went on, once; none waited after. */
      g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_PENDING, NULL, 0), >=, 1);
      g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_RELEASED, NULL, 0), ==,
                        count_records (s, FIFOLAB_WATCH_PENDING, NULL, 0));
      g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, "write", writer), ==, 1);
      g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, "read", reader), ==, 1);
    }
  out = read_file (fx->out_path);
  expected = expected_line (reader, writer);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_step_run (Fixture       *fx,
               gconstpointer  data)
{
  if (!fifolab_test_watch_supported (2))
    return;

  run_seed (fx, FALSE, FALSE);
  run_seed (fx, TRUE, FALSE);
  run_seed (fx, TRUE, TRUE);
}

/* The seed's writer alone as the watch's command, held before its open():
 * its pid. */
static gint64
start_held_writer (Fixture  *fx,
                   Stepper **s)
{
  *s = stepper_new (fx, (const char * const[]) { fifolab_test_python (), fx->writer_py, fx->path, NULL });
  return wait_record (*s, FIFOLAB_WATCH_PENDING, "openat", 0)->pid;
}

/* A held writer killed with SIGKILL just ends: its exit is reported, no
 * call of it is, and the watch ends with its status. */
static void
test_step_kill (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(Stepper) s = NULL;
  FifolabWatchRecord *r;
  gint64 writer;

  if (!fifolab_test_watch_supported (2))
    return;

  writer = start_held_writer (fx, &s);
  g_assert_cmpint (kill ((pid_t) writer, SIGKILL), ==, 0);

  r = wait_record (s, FIFOLAB_WATCH_EXIT, NULL, writer);
  g_assert_true (r->signaled);
  g_assert_cmpint (r->result, ==, SIGKILL);
  g_assert_cmpint (stepper_finish (s), ==, 128 + SIGKILL);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_RELEASED, NULL, 0), ==, 0);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, NULL, 0), ==, 0);
}

/* A signal sent to a held writer waits while it is held, and is delivered
 * once its call is let go: SIGTERM ends it then, as during its open(). */
static void
test_step_signal (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(Stepper) s = NULL;
  FifolabWatchRecord *r;
  gint64 writer;

  if (!fifolab_test_watch_supported (2))
    return;

  writer = start_held_writer (fx, &s);
  g_assert_cmpint (kill ((pid_t) writer, SIGTERM), ==, 0);
  /* Held: the signal is queued, not delivered. */
  g_assert_true (signal_waits (writer, SIGTERM));
  g_assert_cmpint (fifolab_test_proc_state_letter (writer), ==, 't');
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_EXIT, NULL, 0), ==, 0);

  stepper_send (s, "step\n");
  wait_record (s, FIFOLAB_WATCH_RELEASED, "openat", writer);
  r = wait_record (s, FIFOLAB_WATCH_EXIT, NULL, writer);
  g_assert_true (r->signaled);
  g_assert_cmpint (r->result, ==, SIGTERM);
  g_assert_cmpint (stepper_finish (s), ==, 128 + SIGTERM);
}

/* SIGTERM to the watch while both opens are held: it lets them go, they
 * finish untraced as they would have, and the watch gives the shell's
 * status. */
static void
test_step_stop (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(Stepper) s = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  gint64 writer;
  gint64 reader;

  if (!fifolab_test_watch_supported (2))
    return;

  s = stepper_new_seed (fx);
  writer = read_pid (fx->wpid_path);
  reader = read_pid (fx->rpid_path);
  wait_record (s, FIFOLAB_WATCH_PENDING, "openat", writer);
  wait_record (s, FIFOLAB_WATCH_PENDING, "openat", reader);

  g_subprocess_send_signal (s->proc, SIGTERM);
  g_assert_cmpint (stepper_finish (s), ==, 0);
  wait_record (s, FIFOLAB_WATCH_RELEASED, "openat", writer);
  wait_record (s, FIFOLAB_WATCH_RELEASED, "openat", reader);
  wait_record (s, FIFOLAB_WATCH_DETACH, NULL, writer);
  wait_record (s, FIFOLAB_WATCH_DETACH, NULL, reader);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, NULL, writer), ==, 0);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_CALL, NULL, reader), ==, 0);

  out = read_file (fx->out_path);
  expected = expected_line (reader, writer);
  g_assert_cmpstr (out, ==, expected);
}

static gboolean
says_nothing_waits (gpointer path)
{
  g_autofree char *err = read_file (path);

  return strstr (err, "No call waits") != NULL;
}

/* Commands that release nothing say why on stderr, and release nothing. */
static void
test_step_bad_commands (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(Stepper) s = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = NULL;
  gint64 writer;

  if (!fifolab_test_watch_supported (2))
    return;

  writer = start_held_writer (fx, &s);
  line = g_strdup_printf ("step %" G_GINT64_FORMAT "\nstep x\nhop\n", writer + 1);
  stepper_send (s, line);
  /* Then the one that does: its line comes after the others' errors. */
  stepper_send (s, "step\n");
  wait_record (s, FIFOLAB_WATCH_RELEASED, "openat", writer);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_RELEASED, NULL, 0), ==, 1);
  /* Nothing waits now (the open blocks in the kernel). */
  stepper_send (s, "step\n");
  g_assert_true (fifolab_test_wait_until (says_nothing_waits, s->err_path, WAIT_MS));
  g_assert_cmpint (kill ((pid_t) writer, SIGKILL), ==, 0);
  g_assert_cmpint (stepper_finish (s), ==, 128 + SIGKILL);

  g_assert_true (g_file_get_contents (s->err_path, &err, NULL, NULL));
  g_assert_nonnull (strstr (err, "has no call waiting"));
  g_assert_nonnull (strstr (err, "takes a thread id, not “x”"));
  g_assert_nonnull (strstr (err, "Unknown step command “hop”"));
}

static gboolean
is_zombie (gpointer data)
{
  return fifolab_test_proc_state_letter (GPOINTER_TO_INT (data)) == 'Z';
}

/* An attach that comes when the process has just ended (its exit not yet
 * reaped: a zombie, which the kernel does not let anyone trace) is no
 * refusal: the holders scan of an instant before can name a process that
 * is gone by the time the tracer gets to it, and a refused record would
 * tell the window that the kernel refused the watch (step mode: that an
 * unknown process may have put bytes in). Commands go in order, so the
 * step after the attach is released after the attach was tried. */
static void
test_step_attach_ended (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(Stepper) s = NULL;
  g_autofree char *line = NULL;
  gint64 writer;
  pid_t zombie;
  int status;

  if (!fifolab_test_watch_supported (2))
    return;

  writer = start_held_writer (fx, &s);
  zombie = fork ();
  g_assert_cmpint (zombie, >=, 0);
  if (zombie == 0)
    _exit (0);
  g_assert_true (fifolab_test_wait_until (is_zombie, GINT_TO_POINTER (zombie), WAIT_MS));

  line = g_strdup_printf ("attach %d\nstep\n", (int) zombie);
  stepper_send (s, line);
  wait_record (s, FIFOLAB_WATCH_RELEASED, "openat", writer);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_REFUSED, NULL, 0), ==, 0);
  g_assert_cmpuint (count_records (s, FIFOLAB_WATCH_ATTACH, NULL, zombie), ==, 0);

  g_assert_cmpint (waitpid (zombie, &status, 0), ==, zombie);
  g_assert_cmpint (kill ((pid_t) writer, SIGKILL), ==, 0);
  g_assert_cmpint (stepper_finish (s), ==, 128 + SIGKILL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/watch-step/seed", test_step_seed);
  ADD ("/watch-step/run", test_step_run);
  ADD ("/watch-step/kill", test_step_kill);
  ADD ("/watch-step/signal", test_step_signal);
  ADD ("/watch-step/stop", test_step_stop);
  ADD ("/watch-step/bad-commands", test_step_bad_commands);
  ADD ("/watch-step/attach-ended", test_step_attach_ended);
#undef ADD

  return g_test_run ();
}
