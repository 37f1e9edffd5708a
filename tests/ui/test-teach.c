/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The teaching aid driven like a user: the diagram and what it tells a screen
 * reader, the peer form's buttons with real fifolab-peer processes, the lessons
 * panel, and peers stopped when FIFO Lab quits. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <adwaita.h>

#include "fifolab.h"
#include "fifolab-diagram-private.h"
#include "fifolab-entry-details.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-peer-form-private.h"
#include "fifolab-spawn.h"
#include "fifolab-stream-view-private.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 20000

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

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (fifolab_ui_test_wait_mapped (child, TIMEOUT_MS));
  return window;
}

static gboolean
peer_exited (gpointer data)
{
  return fifolab_peer_process_get_state (data) == FIFOLAB_PEER_STATE_EXITED;
}

static gboolean
peer_waits_in_open (gpointer data)
{
  g_autofree char *wchan = fifolab_peer_process_dup_wchan (data);

  return wchan != NULL && (strstr (wchan, "fifo_open") != NULL || strstr (wchan, "wait_for_partner") != NULL);
}

static void
assert_description (FifolabDiagram *diagram)
{
  g_autofree char *problem =
    gtk_test_accessible_check_property (GTK_ACCESSIBLE (diagram), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        _fifolab_diagram_get_description (diagram));

  /* What the screen reader gets is what the diagram says. */
  g_assert_null (problem);
}

static void
scan_into (FifolabDiagram *diagram,
           const char     *path)
{
  const char *paths[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabHolderScan) scan = fifolab_holder_scan_run_sync (paths, NULL, &error);

  g_assert_no_error (error);
  fifolab_diagram_set_holder_scan (diagram, scan);
}

typedef struct
{
  FifolabDiagram *diagram;
  const char     *path;
  const char     *needle;
} ScanWait;

static gboolean
description_has (gpointer data)
{
  ScanWait *wait = data;

  scan_into (wait->diagram, wait->path);
  return strstr (_fifolab_diagram_get_description (wait->diagram), wait->needle) != NULL;
}

/* The diagram names the processes it shows: a peer waiting in open, then a
 * writer and a reader with their pids, and FIFO Lab itself when it holds an end. */
static void
test_diagram_description (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "my_pipe");
  g_autoptr(GListStore) peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  g_autoptr(FifolabPeerProcess) reader = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, path, NULL);
  g_autoptr(FifolabPeerProcess) writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(GError) error = NULL;
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_diagram_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (diagram));
  g_autofree char *reader_text = NULL;
  g_autofree char *writer_text = NULL;
  g_autofree char *waiting_text = NULL;
  ScanWait wait = { diagram, path, NULL };
  int own_fd;

  fifolab_diagram_set_path (diagram, path);
  fifolab_diagram_set_peers (diagram, G_LIST_MODEL (peers));
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (diagram), "my_pipe"));
  assert_description (diagram);

  /* A reader started: it waits in open(), drawn and said as such. */
  g_assert_true (fifolab_peer_process_start (reader, &error));
  g_assert_no_error (error);
  g_list_store_append (peers, reader);
  g_assert_true (fifolab_test_wait_until (peer_waits_in_open, reader, TIMEOUT_MS));
  scan_into (diagram, path);
  waiting_text = g_strdup_printf ("Readers: pid %" G_GINT64_FORMAT " (fifolab-peer), waiting in open()",
                                  fifolab_peer_process_get_pid (reader));
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (diagram), waiting_text));
  assert_description (diagram);

  /* FIFO Lab opens a read end itself before any writer comes: so the writer
   * never meets EPIPE when the seed's reader leaves, and stays until it is
   * stopped. (With only the seed's reader, the writer's last moment on the
   * pipe was one interval after the reader left: a window a loaded machine
   * could miss.) */
  own_fd = fifolab_fifo_open (path, O_RDONLY, &error);
  g_assert_no_error (error);

  /* A writer that stays until stopped: both hold their ends now. */
  fifolab_peer_process_set_count (writer, 100000);
  fifolab_peer_process_set_interval (writer, 100);
  fifolab_peer_process_set_framing (writer, FIFOLAB_FRAMING_LINE);
  g_assert_true (fifolab_peer_process_start (writer, &error));
  g_assert_no_error (error);
  g_list_store_append (peers, writer);
  writer_text = g_strdup_printf ("Writers: pid %" G_GINT64_FORMAT " (fifolab-peer).",
                                 fifolab_peer_process_get_pid (writer));
  wait.needle = writer_text;
  g_assert_true (fifolab_test_wait_until (description_has, &wait, TIMEOUT_MS));
  assert_description (diagram);

  /* The seed's reader read once and left; FIFO Lab's read end is left. */
  g_assert_true (fifolab_test_wait_until (peer_exited, reader, TIMEOUT_MS));
  reader_text = g_strdup_printf ("Readers: pid %d (", (int) getpid ());
  wait.needle = reader_text;
  g_assert_true (fifolab_test_wait_until (description_has, &wait, TIMEOUT_MS));
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (diagram), "FIFO Lab itself"));
  assert_description (diagram);

  /* The gauge is said too. */
  fifolab_diagram_set_capacity (diagram, fifolab_fifo_get_capacity (own_fd));
  fifolab_diagram_set_queued (diagram, fifolab_fifo_get_queued (own_fd));
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (diagram), "bytes queued"));
  assert_description (diagram);

  fifolab_peer_process_stop (writer);
  g_assert_true (fifolab_test_wait_until (peer_exited, writer, TIMEOUT_MS));
  close (own_fd);
  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
description_says_eof (gpointer data)
{
  return strstr (_fifolab_diagram_get_description (data), "End of file") != NULL;
}

/* Following FIFO Lab's session: its reader's capacity is the gauge, a message
 * passing animates, the writer closing is drawn as end of file. */
static void
test_diagram_follows_session (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "my_pipe");
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabPeerProcess) writer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(GError) error = NULL;
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_diagram_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (diagram));
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (diagram));
  gboolean pulsed = FALSE;

  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  fifolab_diagram_set_path (diagram, path);
  fifolab_diagram_follow (diagram, session, NULL);
  g_assert_nonnull (fifolab_session_open_reader (session, path, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (fifolab_peer_process_start (writer, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 500 && !pulsed; i++)
    {
      fifolab_test_run_for (10);
      pulsed = _fifolab_diagram_get_n_animating (diagram) > 0;
    }
  g_assert_true (pulsed);
  g_assert_cmpint (fifolab_diagram_get_capacity (diagram), >, 0);
  g_assert_true (fifolab_test_wait_until (description_says_eof, diagram, TIMEOUT_MS));
  assert_description (diagram);

  fifolab_diagram_follow (diagram, NULL, NULL);
  fifolab_session_disconnect_all (session);
  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Messages animate, unless the system asks for reduced motion. */
static void
test_diagram_reduced_motion (void)
{
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_diagram_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (diagram));
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (diagram));
  gboolean saved;

  g_object_get (settings, "gtk-enable-animations", &saved, NULL);
  fifolab_diagram_set_path (diagram, "/tmp/p");

  g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
  fifolab_diagram_pulse_message (diagram);
  g_assert_cmpuint (_fifolab_diagram_get_n_animating (diagram), ==, 0);

  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  fifolab_diagram_pulse_message (diagram);
  g_assert_cmpuint (_fifolab_diagram_get_n_animating (diagram), ==, 1);
  /* The dot arrives and the animation stops by itself. */
  for (guint i = 0; i < 200 && _fifolab_diagram_get_n_animating (diagram) > 0; i++)
    fifolab_test_run_for (10);
  g_assert_cmpuint (_fifolab_diagram_get_n_animating (diagram), ==, 0);

  g_object_set (settings, "gtk-enable-animations", saved, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Start Reader and Start Writer from the form: real pids, the seed's line,
 * exit statuses shown in the list, output in the log. */
static void
test_peer_form (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "my_pipe");
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabPeerForm *form = FIFOLAB_PEER_FORM (fifolab_peer_form_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (form));
  GListModel *peers = G_LIST_MODEL (fifolab_peer_form_get_peers (form));
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *state = NULL;

  /* No pipe, no start. */
  gtk_widget_activate_action (GTK_WIDGET (form), "peer.start-reader", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 0);

  fifolab_peer_form_set_log (form, log);
  fifolab_peer_form_set_path (form, path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "peer.start-reader", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "peer.start-writer", NULL));
  g_assert_null (_fifolab_peer_form_get_error (form));
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 2);
  reader = g_list_model_get_item (peers, 0);
  writer = g_list_model_get_item (peers, 1);
  g_assert_cmpint (fifolab_peer_process_get_role (reader), ==, FIFOLAB_PEER_ROLE_READ);

  g_assert_true (fifolab_test_wait_until (peer_exited, reader, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (peer_exited, writer, TIMEOUT_MS));
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (reader), fifolab_peer_process_get_pid (writer));
  g_assert_cmpstr (fifolab_peer_process_get_output_lines (reader)->pdata[0], ==, expected);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (writer), ==, 0);
  state = fifolab_peer_process_describe_state (writer);
  g_assert_cmpstr (state, ==, "Exited with status 0");

  /* A reader left waiting is stopped with the row's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "peer.start-reader", NULL));
  {
    g_autoptr(FifolabPeerProcess) waiting = g_list_model_get_item (peers, 2);

    g_assert_true (fifolab_test_wait_until (peer_waits_in_open, waiting, TIMEOUT_MS));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "peer.stop", "x",
                                               fifolab_peer_process_get_pid (waiting)));
    g_assert_true (fifolab_test_wait_until (peer_exited, waiting, TIMEOUT_MS));
    g_assert_cmpint (fifolab_peer_process_get_term_signal (waiting), ==, SIGTERM);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  FifolabLesson *lesson;
  guint          index;
} StepWait;

static gboolean
step_done (gpointer data)
{
  StepWait *wait = data;

  return fifolab_lesson_is_step_done (wait->lesson, wait->index);
}

static gboolean
description_says_open_wait (gpointer data)
{
  return strstr (_fifolab_diagram_get_description (data), "waiting in open()") != NULL;
}

static gboolean
description_says_full (gpointer data)
{
  return strstr (_fifolab_diagram_get_description (data), "The pipe is full") != NULL;
}

/* Whether @diagram draws and says its pipe as made (@made), or only its
 * place, "not created yet". */
static void
assert_pipe_drawn (FifolabDiagram *diagram,
                   gboolean        made)
{
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gboolean said_absent = FALSE;
  gboolean said_buffer = FALSE;

  texts = _fifolab_diagram_dup_texts (diagram, &rects);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      g_test_message ("drawn: %s", text);
      said_absent |= strstr (text, "not created yet") != NULL;
      said_buffer |= strstr (text, "buffer") != NULL;
    }
  g_test_message ("said: %s", _fifolab_diagram_get_description (diagram));
  g_assert_cmpint (said_absent, ==, !made);
  g_assert_cmpint (said_buffer, ==, made);
  g_assert_cmpint (strstr (_fifolab_diagram_get_description (diagram), "not created yet") != NULL, ==, !made);
  assert_description (diagram);
}

/* The lessons panel: a lesson starts when it is shown; its button does the
 * step; FIFO Lab sees it and the step waits for Next Step; closing it
 * cleans up. */
static void
test_lessons_panel (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLessonsPage *panel = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());
  g_autoptr(FifolabLesson) lesson = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autofree char *folder = NULL;
  GtkWidget *window;
  StepWait wait;

  fifolab_lessons_page_set_log (panel, log);
  fifolab_lessons_page_set_parent_folder (panel, dir);
  window = show_in_window (GTK_WIDGET (panel));

  lesson = g_object_ref (fifolab_lessons_page_get_lesson (panel));
  folder = g_strdup (fifolab_lesson_get_folder (lesson));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, 0);
  /* Before the step that makes it, my_pipe is only a place in the drawing,
   * said and drawn "not created yet"; the step's mkfifo() makes it appear. */
  g_assert_false (g_file_test (fifolab_lesson_get_pipe_path (lesson), G_FILE_TEST_EXISTS));
  assert_pipe_drawn (FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (panel)), FALSE);

  wait = (StepWait) { lesson, 0 };
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.run", NULL));
  g_assert_true (fifolab_test_wait_until (step_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, 0);
  assert_pipe_drawn (FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (panel)), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.next", NULL));
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, 1);

  wait = (StepWait) { lesson, 1 };
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.run", NULL));
  g_assert_true (fifolab_test_wait_until (step_done, &wait, TIMEOUT_MS));
  reader = g_list_model_get_item (fifolab_lesson_get_peers (lesson), 0);
  g_assert_true (fifolab_peer_process_is_running (reader));
  g_assert_true (fifolab_peer_process_get_role (reader) == FIFOLAB_PEER_ROLE_READ);
  /* Its diagram shows the waiting reader, once the reader has got as far
   * as open() and the diagram has read that from /proc: the step is done
   * when the reader has started. */
  g_assert_true (fifolab_test_wait_until (description_says_open_wait,
                                          fifolab_lessons_page_get_diagram (panel), TIMEOUT_MS));

  /* Lesson 8: a writer blocked on the full pipe is drawn (and said) as such. */
  {
    FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (panel));
    guint fill = 0;

    while (!g_str_equal (fifolab_lesson_get_step_action_id (lesson, fill), "fill"))
      fill++;
    fifolab_lesson_set_current (lesson, fill);
    wait = (StepWait) { lesson, fill };
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.run", NULL));
    g_assert_true (fifolab_test_wait_until (step_done, &wait, TIMEOUT_MS));
    g_assert_true (fifolab_test_wait_until (description_says_full, diagram, TIMEOUT_MS));
    assert_description (diagram);
  }

  /* The panel closes: the process is stopped and the folder removed. */
  gtk_widget_set_visible (window, FALSE);
  g_assert_null (fifolab_lessons_page_get_lesson (panel));
  g_assert_true (fifolab_test_wait_until (peer_exited, reader, TIMEOUT_MS));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The panel's lessons observe through the monitor it is given (the
 * application's, shared with the window): their pipes are watched there while
 * the lesson runs, and no longer once the panel is hidden. */
static void
test_lessons_panel_monitor (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabHolderMonitor) monitor = fifolab_holder_monitor_new ();
  FifolabLessonsPage *panel = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());
  FifolabLesson *lesson;
  GtkWidget *window;

  fifolab_lessons_page_set_parent_folder (panel, dir);
  fifolab_lessons_page_set_holder_monitor (panel, monitor);
  window = show_in_window (GTK_WIDGET (panel));

  lesson = fifolab_lessons_page_get_lesson (panel);
  g_assert_nonnull (lesson);
  g_assert_true (fifolab_lesson_get_holder_monitor (lesson) == monitor);
  g_assert_true (fifolab_holder_monitor_is_watched (monitor, fifolab_lesson_get_pipe_path (lesson)));

  gtk_widget_set_visible (window, FALSE);
  g_assert_null (fifolab_lessons_page_get_lesson (panel));
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (monitor), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Runs a tool of the system (mkfifo, rm, touch) to its end. */
static void
run_tool (const char *tool,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, tool, path, NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
diagram_shows_pipe (gpointer data)
{
  return fifolab_diagram_get_exists (data);
}

static gboolean
diagram_shows_no_pipe (gpointer data)
{
  return !fifolab_diagram_get_exists (data);
}

typedef struct
{
  FifolabHolderMonitor *monitor;
  gint64                since;
} ScanSince;

/* A scan that began after @since has come. */
static gboolean
scanned_since (gpointer data)
{
  ScanSince *wait = data;

  return fifolab_holder_monitor_get_scan_started (wait->monitor) > wait->since;
}

/* The stage's pipe as the diagram shows it: made by the lesson, at once,
 * even where the last holder scan, begun before, found no pipe; made and
 * removed by hand, with mkfifo and rm as in a terminal, as the scans find
 * it. A regular file of its name is no pipe. */
static void
test_lessons_panel_pipe_by_hand (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabHolderMonitor) monitor = fifolab_holder_monitor_new ();
  FifolabLessonsPage *panel = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (panel));
  g_autofree char *path = NULL;
  ScanSince wait = { monitor, 0 };
  FifolabLesson *lesson;
  GtkWidget *window;

  /* Scans as often as a step observed closely has them: the test waits less. */
  fifolab_holder_monitor_hold_fast (monitor, FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS);
  fifolab_lessons_page_set_parent_folder (panel, dir);
  fifolab_lessons_page_set_holder_monitor (panel, monitor);
  window = show_in_window (GTK_WIDGET (panel));
  lesson = fifolab_lessons_page_get_lesson (panel);
  path = g_strdup (fifolab_lesson_get_stage_path (lesson));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_pipe_drawn (diagram, FALSE);
  wait.since = g_get_monotonic_time ();
  g_assert_true (fifolab_test_wait_until (scanned_since, &wait, TIMEOUT_MS));
  assert_pipe_drawn (diagram, FALSE);

  /* Step 1's mkfifo(), and step 2 on the same pipe, before the next scan
   * has come (nothing runs the main loop between). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.run", NULL));
  assert_pipe_drawn (diagram, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.next", NULL));
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, 1);
  g_assert_cmpstr (fifolab_lesson_get_stage_path (lesson), ==, path);
  assert_pipe_drawn (diagram, TRUE);

  run_tool ("rm", path);
  g_assert_true (fifolab_test_wait_until (diagram_shows_no_pipe, diagram, TIMEOUT_MS));
  assert_pipe_drawn (diagram, FALSE);

  run_tool ("mkfifo", path);
  g_assert_true (fifolab_test_wait_until (diagram_shows_pipe, diagram, TIMEOUT_MS));
  assert_pipe_drawn (diagram, TRUE);

  run_tool ("rm", path);
  g_assert_true (fifolab_test_wait_until (diagram_shows_no_pipe, diagram, TIMEOUT_MS));
  assert_pipe_drawn (diagram, FALSE);

  run_tool ("touch", path);
  wait.since = g_get_monotonic_time ();
  g_assert_true (fifolab_test_wait_until (scanned_since, &wait, TIMEOUT_MS));
  assert_pipe_drawn (diagram, FALSE);
  run_tool ("rm", path);

  gtk_widget_set_visible (window, FALSE);
  fifolab_holder_monitor_release_fast (monitor, FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS);
  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Whether @widget or a widget inside it is a label showing @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* The lessons panel in Chinese: the step's title and button, read from the
 * lessons' prose data, come through the catalog built in po/. In a child, so
 * that LANGUAGE is set before anything there was translated. */
static void
test_lessons_panel_chinese (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = fifolab_test_tmpdir_new ();
      g_autofree char *localedir = g_test_build_filename (G_TEST_BUILT, "..", "..", "po", NULL);
      FifolabLessonsPage *panel = NULL;
      GtkWidget *window;

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      panel = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());
      fifolab_lessons_page_set_parent_folder (panel, dir);
      window = show_in_window (GTK_WIDGET (panel));
      g_assert_nonnull (fifolab_lessons_page_get_lesson (panel));
      g_assert_true (shows_text (GTK_WIDGET (panel), "一切皆文件"));
      g_assert_true (shows_text (GTK_WIDGET (panel), "创建 my_pipe"));
      g_assert_false (shows_text (GTK_WIDGET (panel), "Everything is a file"));
      gtk_window_destroy (GTK_WINDOW (window));
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A flagged message shows a badge on its own row */

static void
collect_badges (GtkWidget *widget,
                GPtrArray *out)
{
  if (gtk_widget_has_css_class (widget, "fifolab-flag"))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_badges (child, out);
}

/* The badges drawn now (flagged rows), the first in *@first. */
static guint
count_shown_badges (GtkWidget  *root,
                    GtkWidget **first)
{
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();
  guint n = 0;

  collect_badges (root, badges);
  for (guint i = 0; i < badges->len; i++)
    if (gtk_widget_get_mapped (badges->pdata[i]))
      {
        if (n == 0 && first != NULL)
          *first = badges->pdata[i];
        n++;
      }
  return n;
}

static gboolean
one_badge_shown (gpointer data)
{
  return count_shown_badges (data, NULL) == 1;
}

static gboolean
one_row_shown (gpointer data)
{
  return fifolab_log_view_get_n_shown (data) == 1;
}

static gboolean
inspector_shows_entry (gpointer data)
{
  return fifolab_entry_details_get_entry (fifolab_log_view_get_inspector (data)) != NULL;
}

static void
test_flag_badge (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLogView *view = fifolab_log_view_new ();
  const char *honest = "Hello from pid [4242]";
  const char *lie = "Hello from pid [1]";
  g_autofree char *explanation = NULL;
  g_autofree char *problem = NULL;
  GtkWidget *window;
  GtkWidget *badge = NULL;

  fifolab_log_view_set_log (view, log);
  window = show_in_window (GTK_WIDGET (view));
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, "/tmp/lab/p",
                      4242, getpid (), g_get_real_time (), g_get_monotonic_time (),
                      (const guint8 *) honest, strlen (honest));
  fifolab_log_flush (log);
  g_assert_true (fifolab_test_wait_until (one_row_shown, view, TIMEOUT_MS));
  fifolab_test_run_for (100);
  /* Unflagged rows show no badge. */
  g_assert_cmpuint (count_shown_badges (GTK_WIDGET (view), NULL), ==, 0);

  /* Stored with what the inspector found in it (an entry is final when
   * appended): its row shows it. */
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE,
                      FIFOLAB_MESSAGE_PID_UNSEEN | FIFOLAB_MESSAGE_TORN, "/tmp/lab/p",
                      1, getpid (), g_get_real_time (), g_get_monotonic_time (),
                      (const guint8 *) lie, strlen (lie));
  fifolab_log_flush (log);
  g_assert_true (fifolab_test_wait_until (one_badge_shown, view, TIMEOUT_MS));
  count_shown_badges (GTK_WIDGET (view), &badge);
  g_assert_nonnull (badge);
  /* The most serious flag sets its look: an error colour, readable in dark
   * mode (libadwaita's @error_color has a dark variant). */
  g_assert_true (gtk_widget_has_css_class (badge, "error"));
  g_assert_false (gtk_widget_has_css_class (badge, "warning"));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (badge)), ==,
                   fifolab_message_flag_get_icon_name (FIFOLAB_MESSAGE_TORN));
  g_assert_true (gtk_widget_get_has_tooltip (badge));

  /* A screen reader gets the flags and why they can happen. */
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Torn message, Claimed pid contradicted");
  g_assert_null (problem);
  explanation = fifolab_message_flags_dup_explanation (FIFOLAB_MESSAGE_PID_UNSEEN | FIFOLAB_MESSAGE_TORN);
  g_assert_nonnull (strstr (explanation, "the message lies"));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                explanation);
  g_assert_null (problem);

  /* The entry's details say it too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.show-details", "u", 1));
  g_assert_true (fifolab_test_wait_until (inspector_shows_entry, view, TIMEOUT_MS));
  g_assert_nonnull (strstr (fifolab_entry_details_get_body (fifolab_log_view_get_inspector (view)), explanation));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Lesson 7 in the panel: the strip of its reads and messages, said to a
 * screen reader, stays after the step until another step runs. */

static gboolean
stream_has_read (gpointer data)
{
  return fifolab_stream_trace_get_n_boundaries (data, FIFOLAB_BOUNDARY_READ) > 0;
}

static void
test_stream_view (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  FifolabLessonsPage *panel = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());
  FifolabStreamView *stream;
  FifolabLesson *lesson;
  g_autofree char *problem = NULL;
  GtkWidget *window;
  StepWait wait;
  guint step = 0;

  fifolab_lessons_page_set_log (panel, log);
  fifolab_lessons_page_set_parent_folder (panel, dir);
  window = show_in_window (GTK_WIDGET (panel));
  lesson = fifolab_lessons_page_get_lesson (panel);
  stream = FIFOLAB_STREAM_VIEW (fifolab_lessons_page_get_stream_view (panel));

  /* Not on the first step. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (stream)));
  while (!g_str_equal (fifolab_lesson_get_step_action_id (lesson, step), "byte-stream"))
    step++;
  fifolab_lesson_set_current (lesson, step);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (stream)));
  g_assert_cmpstr (_fifolab_stream_view_get_summary (stream), ==, "Nothing read yet.");

  wait = (StepWait) { lesson, step };
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.run", NULL));
  g_assert_true (fifolab_test_wait_until (step_done, &wait, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (stream_has_read, fifolab_lesson_get_stream_trace (lesson), TIMEOUT_MS));

  /* The teacher moves on, the strip stays, drawn, with what was seen. */
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, step);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.next", NULL));
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, step + 1);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (stream), TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (_fifolab_stream_view_get_summary (stream), "5 writes, 1 read, 5 messages ("));
  g_assert_nonnull (strstr (_fifolab_stream_view_get_description (stream), "Reads ended after bytes"));
  g_assert_nonnull (strstr (_fifolab_stream_view_get_description (stream), "Messages ended after bytes"));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (stream), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                _fifolab_stream_view_get_description (stream));
  g_assert_null (problem);

  /* The next step's action starts from a clean pipe: the strip goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "lessons.run", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (stream)));

  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The real application, driven through its D-Bus actions like `gapplication
 * action` does: peers started from the app, their lines and exit statuses in
 * the exported log, and a peer still waiting stopped when FIFO Lab quits. */

static void
app_action (GDBusConnection *bus,
            const char      *name,
            const char      *argument)
{
  GVariantBuilder parameters;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  if (argument != NULL)
    g_variant_builder_add (&parameters, "v", g_variant_new_string (argument));
  reply = g_dbus_connection_call_sync (bus, APP_ID, "/io/github/fifolab/FifoLab", "org.gtk.Actions",
                                       "Activate",
                                       g_variant_new ("(sava{sv})", name, &parameters, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, TIMEOUT_MS, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gint64      app_pid;
  gint64      pid;
} PeerFind;

/* A fifolab-peer child of FIFO Lab blocked in open() on a FIFO, other than
 * find->pid. Blocked there it holds no descriptor on the pipe yet, so it is
 * found from /proc/PID/stat (parent) and /proc/PID/wchan, not by a holders scan. */
static gboolean
find_waiting_peer (gpointer data)
{
  PeerFind *find = data;
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *wchan_path = g_build_filename ("/proc", name, "wchan", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *wchan = NULL;
      gint64 pid = g_ascii_strtoll (name, NULL, 10);
      const char *after;

      if (pid <= 0 || pid == find->pid ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
          !g_str_has_prefix (strchr (stat, ' ') + 1, "(fifolab-peer)"))
        continue;
      /* "pid (comm) state ppid ..." */
      after = strrchr (stat, ')');
      if (after == NULL || g_ascii_strtoll (after + 4, NULL, 10) != find->app_pid)
        continue;
      if (g_file_get_contents (wchan_path, &wchan, NULL, NULL) &&
          (strstr (wchan, "fifo_open") != NULL || strstr (wchan, "wait_for_partner") != NULL))
        {
          find->pid = pid;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  const char *file;
  const char *needle;
} ExportWait;

static gboolean
export_has (gpointer data)
{
  ExportWait *wait = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (wait->file, &contents, NULL, NULL) &&
         strstr (contents, wait->needle) != NULL;
}

static gboolean
process_gone (gpointer data)
{
  char state = fifolab_test_proc_state_letter (*(gint64 *) data);

  /* A zombie waiting for a reaper is gone as well. */
  return state == 0 || state == 'Z';
}

static gboolean
subprocess_done (gpointer data)
{
  return g_subprocess_get_if_exited (data) || g_subprocess_get_if_signaled (data);
}

static void
wait_check_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
test_app_peers (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = make_fifo (dir, "my_pipe");
  g_autofree char *export = g_build_filename (dir, "log.jsonl", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  PeerFind reader = { -1, -1 };
  PeerFind waiting = { -1, -1 };
  ExportWait wait;
  gboolean app_done = FALSE;
  gint64 writer_pid = -1;
  const char *app_argv[] = { g_getenv ("FIFOLAB_APP"), "--folder", dir, NULL };
  GPid app_pid = 0;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  if (fifolab_ui_test_app_on_bus (bus))
    {
      g_test_skip ("FIFO Lab already runs on this session bus");
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }

  /* A failed assertion must not leave the app (and meson) waiting. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  app = fifolab_spawn (launcher, app_argv, die_with_parent, NULL, &app_pid, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (app, NULL, wait_check_cb, &app_done);
  reader.app_pid = waiting.app_pid = app_pid;
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_app_on_bus_cb, bus, TIMEOUT_MS));

  /* Start Reader: the seed's reader waits in open(). */
  app_action (bus, "start-reader", path);
  g_assert_true (fifolab_test_wait_until (find_waiting_peer, &reader, TIMEOUT_MS));
  /* Start Writer: the message travels; both exit 0. */
  app_action (bus, "start-writer", path);

  line = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [", reader.pid);
  wait = (ExportWait) { export, line };
  for (guint i = 0; i < 100 && !export_has (&wait); i++)
    {
      g_unlink (export);
      app_action (bus, "export-log", export);
      fifolab_test_run_for (100);
    }
  g_assert_true (export_has (&wait));
  {
    g_autofree char *contents = NULL;
    const char *at;

    g_assert_true (g_file_get_contents (export, &contents, NULL, NULL));
    at = strstr (contents, line) + strlen (line);
    writer_pid = g_ascii_strtoll (at, NULL, 10);
    g_assert_cmpint (writer_pid, >, 1);
    g_assert_cmpint (writer_pid, !=, reader.pid);
  }
  {
    g_autofree char *reader_exit = g_strdup_printf ("fifolab-peer pid %" G_GINT64_FORMAT ": Exited with status 0", reader.pid);
    g_autofree char *writer_exit = g_strdup_printf ("fifolab-peer pid %" G_GINT64_FORMAT ": Exited with status 0", writer_pid);

    for (guint i = 0; i < 100; i++)
      {
        ExportWait r = { export, reader_exit }, w = { export, writer_exit };

        if (export_has (&r) && export_has (&w))
          break;
        g_unlink (export);
        app_action (bus, "export-log", export);
        fifolab_test_run_for (100);
      }
    wait = (ExportWait) { export, reader_exit };
    g_assert_true (export_has (&wait));
    wait = (ExportWait) { export, writer_exit };
    g_assert_true (export_has (&wait));
  }

  /* A reader still waiting when FIFO Lab quits is stopped. */
  waiting.pid = reader.pid;
  app_action (bus, "start-reader", path);
  g_assert_true (fifolab_test_wait_until (find_waiting_peer, &waiting, TIMEOUT_MS));
  g_assert_false (process_gone (&waiting.pid));
  app_action (bus, "quit", NULL);
  g_assert_true (fifolab_test_wait_for (&app_done, TIMEOUT_MS));
  g_assert_true (subprocess_done (app));
  g_assert_true (fifolab_test_wait_until (process_gone, &waiting.pid, TIMEOUT_MS));

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* GTK's test accessibility backend keeps what a screen reader would get, so
   * the diagram's description can be checked (the suite's "none" keeps nothing). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/teach/diagram-description", test_diagram_description);
  g_test_add_func ("/teach/diagram-follows-session", test_diagram_follows_session);
  g_test_add_func ("/teach/diagram-reduced-motion", test_diagram_reduced_motion);
  g_test_add_func ("/teach/peer-form", test_peer_form);
  g_test_add_func ("/teach/lessons-panel", test_lessons_panel);
  g_test_add_func ("/teach/lessons-panel-chinese", test_lessons_panel_chinese);
  g_test_add_func ("/teach/lessons-panel-monitor", test_lessons_panel_monitor);
  g_test_add_func ("/teach/lessons-panel-pipe-by-hand", test_lessons_panel_pipe_by_hand);
  g_test_add_func ("/teach/flag-badge", test_flag_badge);
  g_test_add_func ("/teach/stream-view", test_stream_view);
  g_test_add_func ("/teach/app-peers", test_app_peers);

  status = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
