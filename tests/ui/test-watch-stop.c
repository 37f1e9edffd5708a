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
 *    its write cut short.
 *  - A watched process stopped by SIGSTOP is drawn "stopped (SIGSTOP)" in
 *    the diagram (its box and its accessible description) until SIGCONT. */
#include "config.h"

#include <signal.h>
#include <string.h>
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

static gboolean
shows_text (gpointer text)
{
  return fifolab_ui_test_shows_text (GTK_WIDGET (window), text);
}

static gboolean
shows_no_text (gpointer text)
{
  return !fifolab_ui_test_shows_text (GTK_WIDGET (window), text);
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
  GOutputStream *reader_in;
  GtkToggleButton *toggle;
  GPid reader_pid;

  if (!fifolab_test_watch_supported (1))
    return;
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);

  /* The reader waits in open(), then holds the read end and reads nothing
   * until a line comes on its stdin. */
  reader = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &reader_pid, "sh", "-c",
                               "exec 3<\"$1\"; read _; exec cat <&3 >/dev/null", "sh", path, NULL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (reader_pid), TIMEOUT_MS));
  gtk_widget_activate (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  fifolab_ui_window_test_wait_watch_event (path, reader_pid, "sh", "watched from now on", TIMEOUT_MS);
  writer = fifolab_test_child_spawn (writer_argv);
  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "watched from now on", TIMEOUT_MS);

  /* The writer fills the pipe and blocks in its write. */
  g_assert_no_errno (kill (writer->pid, SIGUSR1));
  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "blocked in write(", TIMEOUT_MS);

  /* Watch off: the toggle is released, and the status line says whom the
   * watch waits for, and for what. */
  gtk_widget_activate (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  waiting = g_strdup_printf ("pid %d (python3) is blocked writing to “my_pipe”; the watch lets it go when the write returns: when a reader drains the pipe.",
                             (int) writer->pid);
  g_assert_true (fifolab_test_wait_until (shows_text, waiting, TIMEOUT_MS));
  g_assert_true (shows_text ((gpointer) "The watch is stopping, but cannot let every process go yet:"));
  g_assert_false (shows_text ((gpointer) "The watch stopped: the watched processes carry on as before."));
  g_assert_false (writer->done);
  /* Until it has let go, the last watch keeps the pipe's processes: the
   * toggle cannot start another one, and says why. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (toggle)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (toggle)), ==,
                   "The last watch of this pipe is still stopping: it lets its processes go as their writes return. Watch again once it has");

  if (data != NULL)
    {
      GtkWidget *let_go = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_named,
                                                       "Let Go Now (the Write Returns Short)");
      gint64 written;

      /* Let go at once: the write returns what it had put in, though
       * nobody read, and the line says that the watch stopped. */
      g_assert_nonnull (let_go);
      g_assert_true (gtk_widget_is_drawable (let_go));
      gtk_widget_activate (let_go);
      /* Blocked, SIGUSR1 waits for its sigwait() after the write. */
      g_assert_no_errno (kill (writer->pid, SIGUSR1));
      g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, writer, TIMEOUT_MS));
      written = g_ascii_strtoll (writer->out, NULL, 10);
      g_assert_cmpint (written, >, 0);
      g_assert_cmpint (written, <, 100000);
      g_assert_true (fifolab_test_wait_until (shows_text, (gpointer) "The watch stopped: the watched processes carry on as before.", TIMEOUT_MS));
      g_assert_false (gtk_widget_get_visible (let_go));
      reader_in = g_subprocess_get_stdin_pipe (reader);
      g_assert_true (g_output_stream_write_all (reader_in, "go\n", 3, NULL, NULL, NULL));
      g_assert_true (g_output_stream_close (reader_in, NULL, NULL));
      g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
      return;
    }

  /* The reader drains the pipe: the write returns all of it, the writer
   * is let go, and the line says that the watch stopped. */
  reader_in = g_subprocess_get_stdin_pipe (reader);
  g_assert_true (g_output_stream_write_all (reader_in, "go\n", 3, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (reader_in, NULL, NULL));
  g_assert_true (fifolab_test_wait_until (shows_text, (gpointer) "The watch stopped: the watched processes carry on as before.", TIMEOUT_MS));
  g_assert_true (shows_no_text (waiting));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, toggle, TIMEOUT_MS));
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
  gtk_widget_activate (GTK_WIDGET (toggle));
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
  g_test_add ("/watch-stop/stopped-box", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_stop_stopped_box, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
