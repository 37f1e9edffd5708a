/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a process does on a FIFO, read from /proc, with real processes
 * blocked in open(), read() and write() on real FIFOs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-test-util.h"

#define WAIT_MS 20000

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fifolab_test_fifo_init (&fixture->dir, &fixture->path, "my_pipe");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fifolab_test_fifo_clear (&fixture->dir, &fixture->path);
}

typedef struct
{
  GPid        pid;
  const char *function;
} Sleeper;

/* Whether the kernel says the process sleeps in @function (its wchan), a
 * signal of its own, apart from how the state is classified. */
static gboolean
sleeps_in (gpointer data)
{
  Sleeper *s = data;
  g_autofree char *wchan = fifolab_proc_dup_wchan (s->pid);

  return wchan != NULL && strstr (wchan, s->function) != NULL;
}

static gboolean
opening (gpointer data)
{
  Sleeper *s = data;
  g_autofree char *wchan = fifolab_proc_dup_wchan (s->pid);

  return wchan != NULL && (strstr (wchan, "fifo_open") != NULL || strstr (wchan, "wait_for_partner") != NULL);
}

static void
end_process (GSubprocess *proc)
{
  g_subprocess_force_exit (proc);
  fifolab_test_subprocess_release (proc);
}

/* A reader started with no writer waits in open() for a writer; a writer
 * with no reader waits in open() for a reader. */
static void
test_blocked_in_open (Fixture       *fixture,
                      gconstpointer  data)
{
  Sleeper reader = { 0, NULL };
  Sleeper writer = { 0, NULL };
  FifolabProcState state;
  GSubprocess *proc;

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &reader.pid, "cat", fixture->path, NULL);
  g_assert_true (fifolab_test_wait_until (opening, &reader, WAIT_MS));
  fifolab_proc_state_read_path (reader.pid, fixture->path, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER);
  g_assert_true (fifolab_proc_activity_is_opening (state.activity));
  g_assert_cmpint (state.state, ==, 'S');
  g_assert_cmpint (state.fd, ==, -1);
  end_process (proc);

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer.pid,
                             "sh", "-c", "echo hello > \"$1\"", "sh", fixture->path, NULL);
  g_assert_true (fifolab_test_wait_until (opening, &writer, WAIT_MS));
  fifolab_proc_state_read_path (writer.pid, fixture->path, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER);
  g_assert_cmpstr (fifolab_proc_activity_describe (state.activity), ==, "waiting in open() for a reader");
  end_process (proc);
}

/* A reader whose writer writes nothing waits in read() on that FIFO: the
 * descriptor in the call is the FIFO's; asked about another FIFO, it is
 * asleep elsewhere. */
static void
test_waiting_in_read (Fixture       *fixture,
                      gconstpointer  data)
{
  Sleeper reader = { 0, "pipe_read" };
  g_autofree char *other = fifolab_test_make_fifo (fixture->dir, "other");
  FifolabProcState state;
  struct stat st;
  GSubprocess *proc;
  int fd;

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &reader.pid, "cat", fixture->path, NULL);
  g_assert_true (fifolab_test_wait_until (opening, &reader, WAIT_MS));
  /* A reader is there: a non-blocking write open succeeds, and holds. */
  fd = open (fixture->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (fifolab_test_wait_until (sleeps_in, &reader, WAIT_MS));

  fifolab_proc_state_read_path (reader.pid, fixture->path, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_READ_WAITING);
  g_assert_cmpint (state.syscall, ==, SYS_read);
  g_assert_cmpint (state.fd, >=, 0);
  g_assert_true (state.on_pipe);
  /* "pipe_read", or "anon_pipe_read" since Linux 6.14. */
  g_assert_nonnull (strstr (state.wchan, "pipe_read"));

  fifolab_proc_state_read_path (reader.pid, other, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_SLEEPING);
  g_assert_false (state.on_pipe);

  /* By device and inode, as the diagram asks. */
  g_assert_cmpint (stat (fixture->path, &st), ==, 0);
  fifolab_proc_state_read (reader.pid, st.st_dev, st.st_ino, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_READ_WAITING);

  close (fd);
  end_process (proc);
}

/* A writer of 1 MiB into a FIFO whose reader reads nothing is blocked in
 * write(): the pipe is full. */
static void
test_blocked_in_write (Fixture       *fixture,
                       gconstpointer  data)
{
  Sleeper writer = { 0, "pipe_write" };
  FifolabProcState state;
  GSubprocess *proc;
  int fd;

  /* A read end with no writer opens at once when non-blocking. */
  fd = open (fixture->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  {
    g_autofree char *of = g_strconcat ("of=", fixture->path, NULL);

    proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer.pid,
                               "dd", "if=/dev/zero", of, "bs=1048576", "count=1", "status=none", NULL);
  }
  g_assert_true (fifolab_test_wait_until (sleeps_in, &writer, WAIT_MS));

  fifolab_proc_state_read_path (writer.pid, fixture->path, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED);
  g_assert_cmpint (state.syscall, ==, SYS_write);
  g_assert_true (state.on_pipe);
  g_assert_cmpstr (fifolab_proc_activity_describe (state.activity), ==, "blocked in write(): the pipe is full");

  end_process (proc);
  close (fd);
}

static gboolean
is_zombie (gpointer data)
{
  FifolabProcState state;

  fifolab_proc_state_read (*(GPid *) data, 0, 0, &state);
  return state.state == 'Z';
}

static gboolean
is_stopped (gpointer data)
{
  g_autofree char *file = g_strdup_printf ("/proc/%d/stat", *(GPid *) data);
  g_autofree char *text = NULL;
  const char *close;

  return g_file_get_contents (file, &text, NULL, NULL) &&
         (close = strrchr (text, ')')) != NULL && close[2] == 'T';
}

/* Exited: a zombie not reaped yet, then gone; stopped by SIGSTOP. */
static void
test_exited_and_stopped (void)
{
  FifolabProcState state;
  GSubprocess *proc;
  GPid pid;
  int status = 0;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (3);
  g_assert_true (fifolab_test_wait_until (is_zombie, &pid, WAIT_MS));
  fifolab_proc_state_read (pid, 0, 0, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_EXITED);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  fifolab_proc_state_read (pid, 0, 0, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_EXITED);
  g_assert_cmpint (state.state, ==, 0);
  g_assert_null (fifolab_proc_dup_wchan (pid));

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &pid, "sleep", "1000", NULL);
  kill (pid, SIGSTOP);
  g_assert_true (fifolab_test_wait_until (is_stopped, &pid, WAIT_MS));
  fifolab_proc_state_read (pid, 0, 0, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_STOPPED);
  kill (pid, SIGCONT);
  end_process (proc);
}

static gboolean
fd_three_is_pipe (int      fd,
                  gpointer data)
{
  return fd == 3;
}

/* What the texts say, where /proc gives less than the whole: another user's
 * process (wchan "0", the call not readable) is not known; its wchan alone
 * still tells a pipe; open()'s flags tell which end it waits for. */
static void
test_classify (void)
{
  FifolabProcState state;
  g_autofree char *openat_write = g_strdup_printf ("%d 0xffffff9c 0x7ffd1000 0x%x 0x0 0x0 0x0 0x7ffd0ff8 0x7f00",
                                                   SYS_openat, O_WRONLY | O_CLOEXEC);
  g_autofree char *write_3 = g_strdup_printf ("%d 0x3 0x55d0 0x100000 0x0 0x0 0x0 0x7ffd0ff8 0x7f00", SYS_write);
  g_autofree char *read_4 = g_strdup_printf ("%d 0x4 0x55d0 0x1000 0x0 0x0 0x0 0x7ffd0ff8 0x7f00", SYS_read);

  fifolab_proc_state_classify ('S', "0", NULL, NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_UNKNOWN);
  g_assert_cmpstr (fifolab_proc_activity_describe (state.activity), ==, "not known");
  fifolab_proc_state_classify ('S', NULL, NULL, NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_UNKNOWN);

  fifolab_proc_state_classify ('S', "pipe_write", NULL, NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED);
  fifolab_proc_state_classify ('S', "wait_for_partner", NULL, NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_OPEN_WAIT);
  fifolab_proc_state_classify ('S', "wait_for_partner", openat_write, NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER);

  fifolab_proc_state_classify ('S', "pipe_write", write_3, fd_three_is_pipe, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED);
  g_assert_cmpint (state.fd, ==, 3);
  fifolab_proc_state_classify ('S', "pipe_read", read_4, fd_three_is_pipe, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_SLEEPING);
  g_assert_cmpint (state.fd, ==, 4);

  fifolab_proc_state_classify ('R', "0", "running", NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_RUNNING);
  fifolab_proc_state_classify ('S', "do_wait", "61 0xffffffff 0x7ffd 0x0 0x0 0x0 0x0 0x7ffd 0x7f00", NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_SLEEPING);
  g_assert_cmpstr (state.wchan, ==, "do_wait");
  fifolab_proc_state_classify ('S', "pipe_read", "garbage", NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_READ_WAITING);
  g_assert_cmpint (state.syscall, ==, -1);
  fifolab_proc_state_classify ('Z', NULL, NULL, NULL, NULL, &state);
  g_assert_cmpint (state.activity, ==, FIFOLAB_PROC_ACTIVITY_EXITED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/proc-state/blocked-in-open", Fixture, NULL, fixture_set_up, test_blocked_in_open, fixture_tear_down);
  g_test_add ("/proc-state/waiting-in-read", Fixture, NULL, fixture_set_up, test_waiting_in_read, fixture_tear_down);
  g_test_add ("/proc-state/blocked-in-write", Fixture, NULL, fixture_set_up, test_blocked_in_write, fixture_tear_down);
  g_test_add_func ("/proc-state/exited-and-stopped", test_exited_and_stopped);
  g_test_add_func ("/proc-state/classify", test_classify);

  return g_test_run ();
}
