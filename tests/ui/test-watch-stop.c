/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window shows of a watch's processes' stops and of its own
 * (issue 15), with real processes on a real FIFO, each step waiting for
 * what it needs:
 *
 *  - Watch switched off while a writer is blocked in a write nobody reads:
 *    the watch lets the writer go only when its write returns, and the
 *    status line says so, naming the process and the pipe, until a reader
 *    drains the pipe; the write then returns its whole count and the line
 *    says the watch stopped. Or "Let Go Now" lets the writer go at once,
 *    its write cut short. Shown another pipe and then this one again, the
 *    pane says the same of it and still offers Let Go Now.
 *  - A watched process blocked in a write to another FIFO, by descriptor 7:
 *    the stopping watch names the call and the descriptor, and lets it go
 *    when a reader of that FIFO drains it.
 *  - Stopped through "Use Tap Instead" (the kernel refused the watch a
 *    process a first watch traced) while a watched writer is blocked: the
 *    line says the watch stops to start a tap, and the tap starts once a
 *    reader has drained the pipe.
 *  - A watched process stopped by SIGSTOP is drawn "stopped (SIGSTOP)" in
 *    the diagram (its box and its accessible description) until SIGCONT. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 20000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* Spawns a shell running @script with the FIFO @path as $1, and returns
 * it once it waits in open() of @path: a reader holding the read end and
 * reading nothing, until a line comes on its stdin. */
static GSubprocess *
spawn_reader (const char *script,
              const char *path,
              GPid       *reader_pid)
{
  GSubprocess *reader = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, reader_pid, "sh", "-c",
                                            script, "sh", path, NULL);

  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (*reader_pid), TIMEOUT_MS));
  return reader;
}

/* Spawns the writer @writer_argv (waiting for SIGUSR1 before it writes),
 * waits until the watch of @path watches it, then makes it write and
 * waits until it blocks: in its write to @path, as the watch says, or, if
 * @blocks_on is not NULL, in its write to the full FIFO @blocks_on. */
static FifolabTestChild *
watch_blocked_writer (const char         *path,
                      const char * const *writer_argv,
                      const char         *blocks_on)
{
  FifolabTestChild *writer = fifolab_test_child_spawn (writer_argv);

  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "watched from now on", TIMEOUT_MS);
  g_assert_no_errno (kill (writer->pid, SIGUSR1));
  if (blocks_on == NULL)
    {
      fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "blocked in write(", TIMEOUT_MS);
    }
  else
    {
      FifolabTestActivity blocked = { writer->pid, blocks_on, FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED };

      g_assert_true (fifolab_test_wait_until (fifolab_test_does, &blocked, TIMEOUT_MS));
    }
  return writer;
}

/* Watch on (@toggle pressed) while the reader @reader_pid waits in open()
 * of @path: it is watched; then the writer of watch_blocked_writer(). */
static FifolabTestChild *
watch_reader_and_blocked_writer (const char         *path,
                                 GtkToggleButton    *toggle,
                                 GPid                reader_pid,
                                 const char * const *writer_argv,
                                 const char         *blocks_on)
{
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  fifolab_ui_window_test_wait_watch_event (path, reader_pid, "sh", "watched from now on", TIMEOUT_MS);
  return watch_blocked_writer (path, writer_argv, blocks_on);
}

/* Stops the watch with @stopper (the Watch toggle, or a button that stops
 * it), waits until @toggle is released and the status line says
 * "pid PID (python3) @blocked" of @writer, and returns that line. */
static char *
stop_watch_waiting (GtkWidget        *stopper,
                    GtkToggleButton  *toggle,
                    FifolabTestChild *writer,
                    const char       *blocked)
{
  char *waiting;

  fifolab_ui_test_press (stopper);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  waiting = g_strdup_printf ("pid %d (python3) %s", (int) writer->pid, blocked);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, waiting, TIMEOUT_MS));
  return waiting;
}

/* Watch off while the writer is blocked in its write to the full pipe,
 * the reader reading nothing. */
static void
test_stop_letting_go (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  const char *writer_argv[] = { fifolab_test_python (), "-c", fifolab_ui_test_waiting_peer, path, "write", NULL };
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *waiting = NULL;
  GtkToggleButton *toggle;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);

  /* The reader waits in open(), then holds the read end and reads nothing
   * until a line comes on its stdin. The writer fills the pipe and blocks
   * in its write. */
  reader = spawn_reader ("exec 3<\"$1\"; read _; exec cat <&3 >/dev/null", path, &reader_pid);
  writer = watch_reader_and_blocked_writer (path, toggle, reader_pid, writer_argv, NULL);

  /* Watch off: the toggle is released, and the status line says whom the
   * watch waits for, and for what. */
  waiting = stop_watch_waiting (GTK_WIDGET (toggle), toggle, writer,
                                "is blocked writing to “my_pipe”; the watch lets it go when the write returns: when a reader drains the pipe.");
  g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) "The watch is stopping, but cannot let every process go yet:"));
  g_assert_false (fifolab_ui_window_test_shows_text ((gpointer) "The watch stopped: the watched processes carry on as before."));
  g_assert_false (writer->done);
  /* Until it has let go, the last watch keeps the pipe's processes: the
   * toggle cannot start another one, and says why. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (toggle)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                   "The last watch of this pipe is still stopping: it lets its processes go as their writes return. Watch again once it has");

  if (g_strcmp0 (data, "back") == 0)
    {
      g_autofree char *other = fifolab_ui_window_test_make_fifo (fixture, "other_pipe");
      g_autoptr(GError) error = NULL;

      /* Another pipe shown: nothing of this one's watch is said, nor
       * offered; its toggle is free. */
      g_assert_true (fifolab_window_add_pipe (window, other, TRUE, &error));
      g_assert_no_error (error);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_no_text, waiting, TIMEOUT_MS));
      g_assert_false (fifolab_ui_window_test_shows_text ((gpointer) "The watch is stopping, but cannot let every process go yet:"));
      g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Let Go Now (the Write Returns Short)"));
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, toggle, TIMEOUT_MS));

      /* This one again: the same as before. */
      g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
      g_assert_no_error (error);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, waiting, TIMEOUT_MS));
      g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) "The watch is stopping, but cannot let every process go yet:"));
      g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (toggle)));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                       "The last watch of this pipe is still stopping: it lets its processes go as their writes return. Watch again once it has");
      g_assert_false (writer->done);
    }

  if (data != NULL)
    {
      GtkWidget *let_go = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_named,
                                                       "Let Go Now (the Write Returns Short)");
      gint64 written;

      /* Let go at once: the write returns what it had put in, though
       * nobody read, and the line says that the watch stopped. */
      g_assert_nonnull (let_go);
      g_assert_true (gtk_widget_is_drawable (let_go));
      fifolab_ui_test_press (let_go);
      /* Blocked, SIGUSR1 waits for its sigwait() after the write. */
      g_assert_no_errno (kill (writer->pid, SIGUSR1));
      g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, writer, TIMEOUT_MS));
      written = g_ascii_strtoll (writer->out, NULL, 10);
      g_assert_cmpint (written, >, 0);
      g_assert_cmpint (written, <, 100000);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) "The watch stopped: the watched processes carry on as before.", TIMEOUT_MS));
      g_assert_false (gtk_widget_get_visible (let_go));
      fifolab_test_go_ahead_last (reader);
      g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
      return;
    }

  /* The reader drains the pipe: the write returns all of it, the writer
   * is let go, and the line says that the watch stopped. */
  fifolab_test_go_ahead_last (reader);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) "The watch stopped: the watched processes carry on as before.", TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_no_text (waiting));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, toggle, TIMEOUT_MS));
  g_assert_no_errno (kill (writer->pid, SIGUSR1));
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  g_assert_cmpstr (writer->out, ==, "100000\n");
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
}

/* Python (fifolab_test_python() -c other_file_writer PIPE OTHER): holds
 * PIPE's write end and OTHER's as descriptor 7, waits for SIGUSR1, then
 * writes 100000 bytes to descriptor 7 (printing what write() returned),
 * and waits for SIGUSR1 again. */
static const char other_file_writer[] =
  "import os, signal, sys\n"
  "signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\n"
  "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
  "os.dup2(os.open(sys.argv[2], os.O_WRONLY), 7)\n"
  "signal.sigwait([signal.SIGUSR1])\n"
  "print(os.write(7, b'x' * 100000), flush=True)\n"
  "signal.sigwait([signal.SIGUSR1])\n";

/* Watch off while a watched process, holding the pipe, is blocked in a
 * write to another FIFO by its descriptor 7. */
static void
test_stop_other_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_autofree char *other = g_build_filename (fixture->folder, "other_fifo", NULL);
  const char *writer_argv[] = { fifolab_test_python (), "-c", other_file_writer, path, other, NULL };
  const char *drain_argv[] = { "cat", other, NULL };
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(FifolabTestChild) drain = NULL;
  g_autofree char *waiting = NULL;
  GtkToggleButton *toggle;
  GPid reader_pid;
  int other_fd;

  if (!fifolab_test_watch_supported (1))
    return;
  g_assert_no_errno (mkfifo (other, 0600));
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);

  /* The pipe's reader holds it and reads nothing; the test holds the
   * other FIFO's read end, and reads nothing either, for now. The writer
   * fills the other FIFO and blocks in its write there. */
  reader = spawn_reader ("exec 3<\"$1\"; read _", path, &reader_pid);
  other_fd = open (other, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (other_fd, >=, 0);
  writer = watch_reader_and_blocked_writer (path, toggle, reader_pid, writer_argv, other);

  /* Watch off: the line names the call and the descriptor it writes to. */
  waiting = stop_watch_waiting (GTK_WIDGET (toggle), toggle, writer,
                                "is inside a write on another file (descriptor 7); the watch lets it go when that call returns.");
  g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) "The watch is stopping, but cannot let every process go yet:"));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Let Go Now (the Write Returns Short)"));
  g_assert_false (writer->done);

  /* cat drains the other FIFO: the write returns all of it, the watch
   * lets the writer go and stops. */
  drain = fifolab_test_child_spawn (drain_argv);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) "The watch stopped: the watched processes carry on as before.", TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_no_text (waiting));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Let Go Now (the Write Returns Short)"));
  g_assert_no_errno (kill (writer->pid, SIGUSR1));
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  g_assert_cmpstr (writer->out, ==, "100000\n");
  g_assert_no_errno (close (other_fd));
  fifolab_test_child_wait_ok (drain, TIMEOUT_MS);
  fifolab_test_go_ahead_last (reader);
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
}

/* The kernel refuses the window's watch the reader a first watch traces;
 * that one gone, a writer opens the pipe, is watched, and blocks in its
 * write to the full pipe; "Use Tap Instead" then stops the watch, which
 * waits for the write: the line says it stops to start a tap. A reader
 * drains the pipe, and the tap starts. */
static void
test_stop_tap_heading (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "tapped");
  const char *first_argv[] = { fifolab_test_peer_path (), "watch", path, NULL };
  const char *writer_argv[] = { fifolab_test_python (), "-c", fifolab_ui_test_waiting_peer, path, "write", NULL };
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(FifolabTestChild) first = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *waiting = NULL;
  FifolabTestInode swapped = { path, 0 };
  FifolabTestTraced reader_traced;
  GtkToggleButton *toggle;
  GtkWidget *tap;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  swapped.ino = fifolab_test_inode_of (path);

  /* The reader waits in open(), then holds the read end and reads nothing
   * until a line comes on its stdin; a first watch traces it. */
  reader = spawn_reader ("exec 3<\"$1\"; read _; exec cat <&3 >/dev/null", path, &reader_pid);
  first = fifolab_test_child_spawn (first_argv);
  reader_traced.pid = reader_pid;
  reader_traced.tracer = first->pid;
  g_assert_true (fifolab_test_wait_until (fifolab_test_traced_by, &reader_traced, TIMEOUT_MS));

  /* The window's watch is refused the reader, and offers a tap. */
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, (gpointer) "The Kernel Refused the Watch", TIMEOUT_MS));

  /* The first watch lets the reader go; a writer comes, is watched, and
   * blocks in its write to the full pipe. */
  g_subprocess_send_signal (first->proc, SIGTERM);
  fifolab_test_child_wait_ok (first, TIMEOUT_MS);
  writer = watch_blocked_writer (path, writer_argv, NULL);

  /* Use Tap Instead: the watch stops for a tap, but waits for the write. */
  waiting = stop_watch_waiting (fifolab_ui_window_test_button ("Use Tap Instead"), toggle, writer,
                                "is blocked writing to “tapped”; the watch lets it go when the write returns: when a reader drains the pipe.");
  g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) "The watch is stopping, to start a tap, but cannot let every process go yet:"));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Let Go Now (the Write Returns Short)"));
  g_assert_cmpuint (fifolab_test_inode_of (path), ==, swapped.ino);
  g_assert_false (writer->done);

  /* The reader drains the pipe: the write returns, the watch ends, and
   * the tap starts, a relay swapped into the path. */
  fifolab_test_go_ahead_last (reader);
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_differs, &swapped, TIMEOUT_MS));
  tap = fifolab_ui_window_test_button ("Tap");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (tap));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, tap, TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) "The watch stopped, and a tap runs instead: see Tap below."));
  g_assert_true (fifolab_ui_window_test_shows_no_text (waiting));

  /* Released, the tap puts the original back; the writer ends its write
   * and exits, and the reader reads the end. */
  fifolab_ui_test_press (tap);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, tap, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_test_inode_of (path), ==, swapped.ino);
  g_assert_no_errno (kill (writer->pid, SIGUSR1));
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  g_assert_cmpstr (writer->out, ==, "100000\n");
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
}

/* A watched writer stopped by SIGSTOP, then continued. */
static void
test_stop_stopped_box (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "stopped");
  g_autoptr(FifolabTestChild) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  FifolabUiBoxQuery stopped = { 0, "stopped (SIGSTOP)" };
  GtkToggleButton *toggle;

  if (!fifolab_test_watch_supported (1))
    return;
  /* Both watched, both holding the pipe, each waiting for SIGUSR1. */
  toggle = fifolab_ui_window_test_watch_waiting_peers (path, &reader, &writer, TIMEOUT_MS);
  stopped.pid = writer->pid;
  g_assert_false (fifolab_ui_window_test_diagram_says (&stopped));

  /* Stopped: drawn so until continued. */
  g_assert_no_errno (kill (writer->pid, SIGSTOP));
  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "stopped by signal", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_diagram_says, &stopped, TIMEOUT_MS));
  g_test_message ("%s", _fifolab_diagram_get_description (window->diagram));
  g_assert_no_errno (kill (writer->pid, SIGCONT));
  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "continued (SIGCONT)", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_diagram_does_not_say, &stopped, TIMEOUT_MS));
  g_test_message ("%s", _fifolab_diagram_get_description (window->diagram));

  gtk_stack_set_visible_child_name (window->side_stack, "details");
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/watch-stop/letting-go", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_stop_letting_go, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-stop/let-go-now", Fixture, "now",
              fifolab_ui_window_fixture_setup, test_stop_letting_go, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-stop/come-back", Fixture, "back",
              fifolab_ui_window_fixture_setup, test_stop_letting_go, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-stop/other-file", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_stop_other_file, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-stop/tap-heading", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_stop_tap_heading, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch-stop/stopped-box", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_stop_stopped_box, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
