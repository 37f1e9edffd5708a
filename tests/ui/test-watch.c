/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Watch toggle in the window (issue 15), with real processes on a real
 * FIFO: cat reads and the seed's Python writer writes while the window
 * watches; the log shows the write with the writer's pid and the read with
 * cat's pid, the same bytes, and cat printed the message. Each process is
 * made to wait in open() while the watch attaches to it (cat is stopped with
 * SIGSTOP while the writer arrives, so they cannot meet before both are
 * watched): no timing is assumed. A control that goes while watching stops
 * its watch process; a watch that fails is told in its own words. A watch
 * the kernel refuses (the processes are traced already, by a first watch)
 * says why, naming the tracer, and its "Use Tap Instead" starts a tap. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-peer-process.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-watch-control.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 20000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

static void
test_watch_seed_writer_and_cat (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "watched");
  g_autofree char *script = fifolab_test_seed_script ("write_to_named_pipe.py");
  const char *cat_argv[] = { "cat", path, NULL };
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *expected = NULL;
  GtkToggleButton *toggle;

  if (!fifolab_test_watch_supported (1))
    return;
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);

  /* cat waits in open(); the watch attaches to it. */
  cat = fifolab_test_child_spawn (cat_argv);
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  /* A button activated clicks once it has shown itself pressed. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "Watching “"));
  fifolab_ui_window_test_wait_watch_event (path, cat->pid, "cat", "watched from now on", TIMEOUT_MS);

  /* Stopped, cat leaves open() until continued: the writer waits in open()
   * in turn, and the watch attaches to it too. */
  g_assert_no_errno (kill (cat->pid, SIGSTOP));
  fifolab_ui_window_test_wait_watch_event (path, cat->pid, "cat", "stopped by signal", TIMEOUT_MS);
  {
    const char *writer_argv[] = { fifolab_test_python (), script, path, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "watched from now on", TIMEOUT_MS);
  g_assert_no_errno (kill (cat->pid, SIGCONT));

  /* They talk as without the watch: cat printed the message. */
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  fifolab_test_child_wait_ok (cat, TIMEOUT_MS);
  expected = g_strdup_printf ("Hello %d", (int) writer->pid);
  g_assert_cmpstr (cat->out, ==, expected);

  /* The write with the writer's pid, the read with cat's, the same bytes;
   * their lines name the call, the process and its result. */
  {
    g_autofree char *written = g_strdup_printf ("write(");
    g_autofree char *result = g_strdup_printf (") = %d <", (int) strlen (expected));

    fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", written, TIMEOUT_MS);
    fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", result, TIMEOUT_MS);
    fifolab_ui_window_test_wait_watch_event (path, cat->pid, "cat", "read(", TIMEOUT_MS);
    fifolab_ui_window_test_wait_watch_event (path, cat->pid, "cat", result, TIMEOUT_MS);
  }
  /* One message, with the pid seen writing it and the pid seen reading it
   * (the read is not a message of its own). */
  g_assert_true (fifolab_ui_window_test_logged_message (path, FIFOLAB_MESSAGE_WATCHED, writer->pid, cat->pid, expected));
  g_assert_false (fifolab_ui_window_test_logged_message (path, FIFOLAB_MESSAGE_WATCHED, -1, cat->pid, expected));

  /* Released: the watch stops, and says so. */
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "The watch stopped"));
}

static gboolean
is_error_logged (gpointer data)
{
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_ERROR &&
          g_strcmp0 (fifolab_log_entry_get_display_text (entry), data) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A watch that fails at once: what it wrote on stderr is shown in the
 * status line and logged as an error, and the toggle is released. The
 * "watch" here is /bin/sh, which cannot open a script named "watch". */
static void
test_watch_fails (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "unwatched");
  g_autofree char *said = NULL;
  const char *argv[] = { "/bin/sh", "watch", "--json", path, NULL };
  GtkToggleButton *toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  int status = 0;

  /* What it says, run the same way from here (the window runs in this
   * process, in its folder). */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &said, &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_strchomp (said);
  g_assert_cmpstr (said, !=, "");

  fifolab_peer_process_set_default_path ("/bin/sh");
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (is_error_logged, said, TIMEOUT_MS));
  fifolab_peer_process_set_default_path (NULL);
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), said));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
}

/* The pid of this process's child running fifolab-peer (not yet reaped),
 * or 0. */
static GPid
watch_child (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *end;
      char state;
      int ppid;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      end = strrchr (stat, ')');
      if (end == NULL || sscanf (end + 1, " %c %d", &state, &ppid) != 2 || ppid != getpid ())
        continue;
      if (strstr (stat, "(fifolab-peer)") != NULL)
        return (GPid) atoi (name);
    }
  return 0;
}

static gboolean
watch_child_running (gpointer data)
{
  return watch_child () != 0;
}

static gboolean
watch_child_gone (gpointer data)
{
  return watch_child () == 0;
}

/* A control that goes while it watches (its window closed) stops its
 * watch: the watch process ends and is reaped, without the main loop
 * waiting for it. */
static void
test_watch_dispose_stops (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "left");
  GtkWidget *control = g_object_ref_sink (fifolab_watch_control_new ());
  GtkWidget *button = fifolab_ui_test_find_descendant (control, GTK_TYPE_TOGGLE_BUTTON);

  /* A watch released before has ended. */
  g_assert_true (fifolab_test_wait_until (watch_child_gone, NULL, TIMEOUT_MS));
  fifolab_watch_control_set_path (FIFOLAB_WATCH_CONTROL (control), path);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_assert_true (fifolab_watch_control_is_watching (FIFOLAB_WATCH_CONTROL (control), path));
  g_assert_true (fifolab_test_wait_until (watch_child_running, NULL, TIMEOUT_MS));

  g_object_unref (control);
  g_assert_true (fifolab_test_wait_until (watch_child_gone, NULL, TIMEOUT_MS));
}

/* Whether the process runs @data's command (the holder's sh has exec'd
 * sleep, with the pipe open). */
static gboolean
runs_sleep (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/comm", GPOINTER_TO_INT (data));
  g_autofree char *comm = NULL;

  return g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strchomp (comm), "sleep");
}

/* cat reads the pipe and sleep holds its write end, both traced by a first
 * `fifolab-peer watch`: the window's watch is refused them, says why and
 * names the first watch's pid; "Use Tap Instead" (found by its accessible
 * name) stops the watch and starts a tap, which swaps a relay into the
 * path; releasing the Tap puts the original back. */
static void
test_watch_refused_tap (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "refused");
  const char *cat_argv[] = { "cat", path, NULL };
  const char *holder_argv[] = { "/bin/sh", "-c", "exec 3>\"$0\" && exec sleep 3600", path, NULL };
  const char *first_argv[] = { fifolab_test_peer_path (), "watch", path, NULL };
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autoptr(FifolabTestChild) holder = NULL;
  g_autoptr(FifolabTestChild) first = NULL;
  g_autofree char *tracer_text = NULL;
  FifolabTestInode swapped = { path, 0 };
  GtkToggleButton *toggle;
  GtkWidget *tap_instead;
  GtkWidget *tap;

  if (!fifolab_test_watch_supported (1))
    return;
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  swapped.ino = fifolab_test_inode_of (path);

  /* cat reads, sleep holds the write end: the tap can tell its way. */
  cat = fifolab_test_child_spawn (cat_argv);
  holder = fifolab_test_child_spawn (holder_argv);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_read, GINT_TO_POINTER (cat->pid), TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (runs_sleep, GINT_TO_POINTER (holder->pid), TIMEOUT_MS));

  /* A first watch traces them both. */
  first = fifolab_test_child_spawn (first_argv);
  {
    FifolabTestTraced cat_traced = { cat->pid, first->pid };
    FifolabTestTraced holder_traced = { holder->pid, first->pid };

    g_assert_true (fifolab_test_wait_until (fifolab_test_traced_by, &cat_traced, TIMEOUT_MS));
    g_assert_true (fifolab_test_wait_until (fifolab_test_traced_by, &holder_traced, TIMEOUT_MS));
  }

  /* The window's is refused them, and says by whom. */
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  tracer_text = g_strdup_printf ("already traced by process %d (fifolab-peer", (int) first->pid);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, tracer_text, TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "The Kernel Refused the Watch"));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "A tap does not trace, so"));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "But it sees only opens made after it starts"));

  /* The first watch lets them go: it would trace the window's tap too. */
  g_subprocess_send_signal (first->proc, SIGTERM);
  fifolab_test_child_wait_ok (first, TIMEOUT_MS);

  /* Tap instead: the watch stops, a relay takes the pipe's name. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Use Tap Instead", TIMEOUT_MS));
  tap_instead = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_named, "Use Tap Instead");
  fifolab_ui_test_press (tap_instead);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_differs, &swapped, TIMEOUT_MS));
  tap = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_named, "Tap");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (tap));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, tap, TIMEOUT_MS));
  g_assert_false (fifolab_watch_control_is_watching (FIFOLAB_WATCH_CONTROL (fifolab_ui_window_test_watch_control ()), path));

  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "a tap runs instead"));

  /* Released, the tap puts the original back. */
  fifolab_ui_test_press (tap);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, tap, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_test_inode_of (path), ==, swapped.ino);
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "the original pipe is back at its name"));

  /* sleep goes, cat reads the end of the stream. */
  g_subprocess_send_signal (holder->proc, SIGTERM);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, holder, TIMEOUT_MS));
  fifolab_test_child_wait_ok (cat, TIMEOUT_MS);
}

/* A watched writer blocked in write() on the full pipe is drawn as blocked
 * in write, with what the pipe had room for; then a watched reader's read
 * shows the bytes it took, and the gauge the watch's count. Each process
 * waits (for SIGUSR1) until the watch has attached to it. */
static void
test_watch_diagram (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "blocked");
  g_autoptr(FifolabTestChild) reader = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  FifolabUiBoxQuery blocked = { 0, "blocked in write()" };
  FifolabUiBoxQuery in = { 0, "about 65536 of 100000 bytes in" };
  /* The unit stays with its number: a no-break space. */
  FifolabUiBoxQuery took = { 0, "read() took 22\u00a0B" };
  GtkToggleButton *toggle;

  if (!fifolab_test_watch_supported (1))
    return;
  /* Both watched, both holding the pipe, each waiting for SIGUSR1. */
  toggle = fifolab_ui_window_test_watch_waiting_peers (path, &reader, &writer, TIMEOUT_MS);

  /* The writer fills the pipe and blocks in write(). */
  g_assert_no_errno (kill (writer->pid, SIGUSR1));
  blocked.pid = in.pid = writer->pid;
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_diagram_says, &blocked, TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_diagram_says (&in));
  g_test_message ("%s", _fifolab_diagram_get_description (window->diagram));

  /* The reader takes 22 bytes. */
  g_assert_no_errno (kill (reader->pid, SIGUSR1));
  took.pid = reader->pid;
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_diagram_says, &took, TIMEOUT_MS));
  g_test_message ("%s", _fifolab_diagram_get_description (window->diagram));

  /* The gauge is the watch's count: a writer blocked, the pipe is full. */
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (window->diagram),
                            "Buffer: about 65536 of 65536 bytes queued, as the watch counts them"));

  gtk_stack_set_visible_child_name (window->side_stack, "details");
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
}

/* The watch says which pipe it watches as the details name it: a name that
 * is not UTF-8 is escaped, not given to the label as it is. */
static void
test_watch_path_shown (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "w\xff" "atched");
  g_autofree char *shown = fifolab_escape_home_path (path, 0);
  g_autofree char *said = g_strdup_printf ("Watching “%s”", shown);
  GtkToggleButton *toggle;

  if (!fifolab_test_watch_supported (1))
    return;
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), said));
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
}

/* FIFO Lab run as root (as CI runs the tests) may trace anyone: a process
 * of another user (nobody, 65534) holding the pipe is watched like any
 * other, and no refusal is shown or faked. Not root, the test cannot start
 * a process as another user, and says so. */
static void
test_watch_other_user_as_root (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabTestChild) holder = NULL;
  GtkToggleButton *toggle;

  if (getuid () != 0)
    {
      g_test_skip ("only root may start a process as another user (setpriv), and only root may trace it");
      return;
    }
  if (!fifolab_test_watch_supported (1))
    return;
  /* A folder and a FIFO the other user can reach and open. */
  dir = g_dir_make_tmp ("fifolab-other-user-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_assert_no_errno (chmod (dir, 0755));
  path = g_build_filename (dir, "shared", NULL);
  g_assert_no_errno (mkfifo (path, 0666));
  g_assert_no_errno (chmod (path, 0666));
  {
    const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           "/bin/sh", "-c", "exec 3<>\"$0\" && exec sleep 3600", path, NULL };

    holder = fifolab_test_child_spawn (argv);
  }
  g_assert_true (fifolab_test_wait_until (runs_sleep, GINT_TO_POINTER (holder->pid), TIMEOUT_MS));

  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  fifolab_ui_window_test_wait_watch_event (path, holder->pid, "sleep", "watched from now on", TIMEOUT_MS);
  g_assert_false (fifolab_ui_test_shows_text (GTK_WIDGET (window), "The Kernel Refused the Watch"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Use Tap Instead"));

  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_clear_pointer (&holder, fifolab_test_child_free);
  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* The window's watch run as another user than the reader (FIFOLAB_PEER is
 * a wrapper that runs the peer as uid 65533, through setpriv): cat, uid
 * 65534, is out of its sight, so a write it watches has no reader it can
 * see; the window says what it saw under "A Process FIFO Lab Cannot See",
 * why, and offers "Use Tap Instead" (found by its accessible name). Only
 * root can start processes as those users. */
static void
test_watch_unseen_reader (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *wrapper = NULL;
  g_autofree char *script = NULL;
  g_autofree char *said = NULL;
  g_autofree char *old_peer = g_strdup (g_getenv ("FIFOLAB_PEER"));
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  GtkToggleButton *toggle;
  FifolabUiWatchQuery logged = { NULL, "cannot be seen: ", NULL };

  if (getuid () != 0)
    {
      g_test_skip ("only root may start processes as other users (setpriv, uids 65533 and 65534)");
      return;
    }
  if (!fifolab_test_watch_supported (1))
    return;
  /* A folder, a FIFO and a copy of the peer that both users can reach. */
  dir = g_dir_make_tmp ("fifolab-unseen-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_assert_no_errno (chmod (dir, 0777));
  path = g_build_filename (dir, "my_pipe", NULL);
  g_assert_no_errno (mkfifo (path, 0666));
  g_assert_no_errno (chmod (path, 0666));
  peer = g_build_filename (dir, "fifolab-peer", NULL);
  from = g_file_new_for_path (fifolab_test_peer_path ());
  to = g_file_new_for_path (peer);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
  g_assert_no_errno (chmod (peer, 0755));
  wrapper = g_build_filename (dir, "peer-as-65533", NULL);
  script = g_strdup_printf ("#!/bin/sh\nexec setpriv --reuid=65533 --regid=65533 --clear-groups "
                            "'%s' \"$@\"\n", peer);
  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_assert_no_errno (chmod (wrapper, 0755));
  g_setenv ("FIFOLAB_PEER", wrapper, TRUE);
  fifolab_peer_process_set_default_path (NULL);

  {
    const char *cat_argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               "cat", path, NULL };
    const char *writer_argv[] = { "setpriv", "--reuid=65533", "--regid=65533", "--clear-groups",
                                  fifolab_test_python (), "-c", fifolab_ui_test_waiting_peer, path, "write", NULL };

    cat = fifolab_test_child_spawn (cat_argv);
    g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (cat->pid), TIMEOUT_MS));
    writer = fifolab_test_child_spawn (writer_argv);
  }

  toggle = fifolab_ui_window_test_watch_toggle (path, TIMEOUT_MS);
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  fifolab_ui_window_test_wait_watch_event (path, writer->pid, "python3", "watched from now on", TIMEOUT_MS);
  g_assert_no_errno (kill (writer->pid, SIGUSR1));

  said = g_strdup_printf ("pid %d’s write() put 100000 bytes into my_pipe, and no process "
                          "FIFO Lab can see has it open for reading.", (int) writer->pid);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, said, TIMEOUT_MS));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "A Process FIFO Lab Cannot See"));
  g_assert_true (fifolab_ui_test_shows_text (GTK_WIDGET (window), "could not be looked at"));
  g_assert_false (fifolab_ui_test_shows_text (GTK_WIDGET (window), "The Kernel Refused the Watch"));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Use Tap Instead"));
  logged.path = path;
  logged.text = said;
  g_assert_true (fifolab_ui_window_test_watch_logged (&logged));

  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  if (old_peer != NULL)
    g_setenv ("FIFOLAB_PEER", old_peer, TRUE);
  else
    g_unsetenv ("FIFOLAB_PEER");
  fifolab_peer_process_set_default_path (NULL);

  /* The writer goes; cat got every byte and the end of the stream. */
  g_subprocess_send_signal (writer->proc, SIGTERM);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, writer, TIMEOUT_MS));
  fifolab_test_child_wait_ok (cat, TIMEOUT_MS);
  g_assert_cmpuint (strlen (cat->out), ==, 100000);
  g_assert_cmpuint (strspn (cat->out, "x"), ==, 100000);
  g_assert_no_errno (g_unlink (peer));
  g_assert_no_errno (g_unlink (wrapper));
  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/watch/seed-writer-and-cat", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_seed_writer_and_cat,
              fifolab_ui_window_fixture_teardown);

  g_test_add ("/watch/path-shown", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_path_shown, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch/diagram", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_diagram, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch/dispose-stops", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_dispose_stops, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch/refused-tap", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_refused_tap, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch/other-user-as-root", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_other_user_as_root, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch/unseen-reader", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_unseen_reader, fifolab_ui_window_fixture_teardown);
  g_test_add ("/watch/fails", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_watch_fails, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
