/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A watch whose output nobody reads holds its tracees (issue 15): its
 * tracer thread takes no stop until the owner catches up, and meanwhile it
 * sleeps in ppoll(), using no CPU. It once spun instead (a look at blocked
 * calls already due set its timer in the past, again and again: 134 ticks
 * of CPU in 2 s), which /watch-json/unread, looking at /proc/TID/syscall at
 * one moment, could not tell on demand.
 *
 * Real processes: fifolab-peer watch --json runs a shell whose four dd
 * write 20,000 blocks each into the FIFO while cat reads them; its stdout is a pipe
 * this test never reads. Once the tracer holds, its thread's CPU time
 * (utime + stime in /proc/PID/task/TID/stat, in clock ticks) is read over
 * 2 s: a sleeping thread uses none, a spinning one all the CPU it is given
 * (100 ticks a second on an idle core, still tens on a loaded machine). The
 * bound, 10 ticks, is far from both. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>

#include "fifolab-test-util.h"

#define WAIT_MS 60000
#define MEASURE_MS 2000
#define SLEEPING_TICKS_MAX 10

typedef struct
{
  GSubprocess *watch;
  GPid         watch_pid;
  int          out_fd;     /* our end of its stdout, never read */
  const char  *pid_file;   /* its command's pid */
  int          tracer_tid;
} Held;

/* The tracer thread of the watch (named "fifolab-tracer"), or 0. */
static int
tracer_tid (GPid pid)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) tasks = g_dir_open (task_dir, 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename (task_dir, tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          g_str_equal (comm, "fifolab-tracer\n"))
        return (int) g_ascii_strtoll (tid, NULL, 10);
    }
  return 0;
}

/* utime + stime of thread @tid of @pid, in clock ticks. */
static guint64
thread_ticks (GPid pid,
              int  tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/stat", (int) pid, tid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *paren;

  g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
  /* "TID (COMM) STATE …": the command may hold ")", the fields after it
   * not; utime and stime are fields 14 and 15, the 12th and 13th after it. */
  paren = strrchr (stat, ')');
  g_assert_nonnull (paren);
  fields = g_strsplit (paren + 2, " ", 0);
  g_assert_cmpuint (g_strv_length (fields), >, 12);
  return g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
}

/* Whether the watch holds: its stdout holds half a pipe of records at
 * least (a full pipe may hold less than its capacity), its command is
 * there, and its tracer thread sleeps in ppoll(), waiting to be woken, not
 * in wait4() for its tracees' stops. */
static gboolean
watch_holds (gpointer data)
{
  Held *h = data;
  g_autofree char *command = NULL;
  g_autofree char *command_dir = NULL;
  g_autofree char *syscall_path = NULL;
  g_autofree char *syscall = NULL;
  g_autofree char *ppoll = g_strdup_printf ("%d ", (int) SYS_ppoll);
  int queued = 0;
  int capacity = fcntl (h->out_fd, F_GETPIPE_SZ);

  if (ioctl (h->out_fd, FIONREAD, &queued) != 0 || queued < capacity / 2)
    return FALSE;
  if (!g_file_get_contents (h->pid_file, &command, NULL, NULL))
    return FALSE;
  command_dir = g_strdup_printf ("/proc/%d", (int) g_ascii_strtoll (command, NULL, 10));
  if (!g_file_test (command_dir, G_FILE_TEST_IS_DIR))
    return FALSE;
  h->tracer_tid = tracer_tid (h->watch_pid);
  if (h->tracer_tid == 0)
    return FALSE;
  syscall_path = g_strdup_printf ("/proc/%d/task/%d/syscall", (int) h->watch_pid, h->tracer_tid);
  return g_file_get_contents (syscall_path, &syscall, NULL, NULL) &&
         g_str_has_prefix (syscall, ppoll);
}

static void
test_hold_sleeps (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pid_file = NULL;
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GError) error = NULL;
  /* Four writers and a reader: the thread holds while one of them at
   * least is inside a call on the FIFO (its exit stop not taken), which
   * makes a look due; with one writer, all were between calls once in
   * four runs, and the old spin did not show. */
  const char *script = "echo $$ > \"$2\"; cat \"$1\" >/dev/null & "
                       "for i in 1 2 3 4; do "
                       "dd if=/dev/zero of=\"$1\" bs=64 count=20000 2>/dev/null & done; wait";
  Held held = { 0 };
  guint64 before;
  guint64 after;
  int queued_before = 0;
  int queued_after = 0;

  if (!fifolab_test_watch_supported (2))
    return;
  fifolab_test_fifo_init (&dir, &path, "held_pipe");
  pid_file = g_build_filename (dir, "command.pid", NULL);
  watch = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, fifolab_test_peer_path (), "watch", path, "--json", "--",
                            "sh", "-c", script, "sh", path, pid_file, NULL);
  g_assert_no_error (error);
  held.watch = watch;
  held.watch_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (watch), NULL, 10);
  held.out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (watch)));
  held.pid_file = pid_file;
  g_assert_true (fifolab_test_wait_until (watch_holds, &held, WAIT_MS));

  g_assert_no_errno (ioctl (held.out_fd, FIONREAD, &queued_before));
  before = thread_ticks (held.watch_pid, held.tracer_tid);
  fifolab_test_run_for (MEASURE_MS);
  after = thread_ticks (held.watch_pid, held.tracer_tid);
  g_assert_no_errno (ioctl (held.out_fd, FIONREAD, &queued_after));
  g_test_message ("tracer thread %d: %" G_GUINT64_FORMAT " ticks in %d ms while holding",
                  held.tracer_tid, after - before, MEASURE_MS);

  g_assert_cmpuint (after - before, <, SLEEPING_TICKS_MAX);
  /* It held all along: nothing was read, nothing more was written. */
  g_assert_cmpint (queued_after, ==, queued_before);
  g_assert_true (watch_holds (&held));

  /* Read now, the watch goes on and ends with its command. */
  {
    g_autofree char *out = NULL;

    g_assert_true (g_subprocess_communicate_utf8 (watch, NULL, NULL, &out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_exited (watch));
    g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);
  }
  fifolab_test_fifo_clear (&dir, &path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch-hold/sleeps", test_hold_sleeps);
  return g_test_run ();
}
