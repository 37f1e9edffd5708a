/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recordings in the window (issue 16): `fifolab --open FILE`, run in this
 * process through g_application_run(), opens a window marked as a
 * recording whose rows show the recorded messages and watched calls (read
 * on screen); a file that is not a recording shows why, naming the line;
 * "Replay into a Pipe" (the replay bar, fifolab-peer replay as a subprocess)
 * writes the recorded bytes into a real FIFO that cat reads. */
#include "config.h"

#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-log-private.h"
#include "fifolab-recording-window.h"
#include "fifolab-replay-control.h"
#include "fifolab-log-view.h"
#include "fifolab-sequence-view.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 15000

static char *data_home;

/* A label or an inscription shown that holds @text. */
static gboolean
shows (GtkWidget     *widget,
       gconstpointer  text)
{
  const char *shown = NULL;

  if (!gtk_widget_is_drawable (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget))
    shown = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    shown = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return shown != NULL && strstr (shown, text) != NULL;
}

/* A recording of a watched exchange: a write, its read, the message. */
static char *
write_recording (const char *dir)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(FifolabWatchRecord) write = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
  const char *text = "Hello from pid [4211]";
  guint64 serial;

  write->syscall = g_strdup ("write");
  write->pid = write->tid = 4211;
  write->comm = g_strdup ("python3");
  write->fd = 3;
  write->result = write->size = write->requested = (gint64) strlen (text);
  write->time_us = 5000000;
  write->blocked_us = 9;
  write->is_write = TRUE;
  write->payload = g_bytes_new (text, strlen (text));
  serial = fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/lab/my_pipe",
                               4211, -1, 1796342400000000, 5000000,
                               (const guint8 *) "4211 python3 write(3) = 21", 26);
  _fifolab_log_attach_call (log, serial, 1796342400000000, "/lab/my_pipe", write);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED,
                              FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_PID_CONFIRMED |
                              FIFOLAB_MESSAGE_INCOMPLETE, FIFOLAB_FRAMING_LINE, "/lab/my_pipe",
                              4211, 4300, 1796342400000500, 5000500, (const guint8 *) text,
                              strlen (text));
  return fifolab_test_save_jsonl (log, dir, "talk.jsonl");
}

typedef struct
{
  GApplication *app;
  const char   *dir;
  const char   *file;
  gboolean      bad;       /* the file is not a recording */
  gboolean      checked;
} Run;

/* The app's windows go with it: the next test's app makes its own. */
static void
close_and_quit (GApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (app);
}

/* `fifolab --open @file`, run in this process; @check runs once it has
 * started, and quits it. */
static void
run_open (GApplication *app,
          const char   *file,
          GSourceFunc   check,
          gpointer      data)
{
  const char *argv[] = { "fifolab", "--open", file, NULL };

  g_idle_add (check, data);
  g_assert_cmpint (g_application_run (app, 3, (char **) argv), ==, 0);
}

static gboolean
window_loaded (gpointer data)
{
  GtkWindow *window = fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_RECORDING_WINDOW);

  return window != NULL && fifolab_recording_window_get_loaded (FIFOLAB_RECORDING_WINDOW (window));
}

static gboolean
shows_text (gpointer data)
{
  GtkWindow *window = fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_RECORDING_WINDOW);

  return window != NULL && fifolab_ui_test_find_widget (GTK_WIDGET (window), shows, data) != NULL;
}

static gboolean
replay_done (gpointer control)
{
  return !fifolab_replay_control_get_running (control);
}

static gboolean
cat_done (gpointer data)
{
  return *(GBytes **) data != NULL;
}

static void
cat_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_finish (G_SUBPROCESS (source), result, user_data, NULL, &error));
  g_assert_no_error (error);
}

/* The replay bar: the recorded write into a real FIFO, read by cat. */
static void
check_replay (Run              *run,
              GtkWindow        *window)
{
  g_autofree char *fifo = g_build_filename (run->dir, "replay_pipe", NULL);
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *control = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_REPLAY_CONTROL);

  g_assert_nonnull (control);
  g_assert_true (fifolab_fifo_create (fifo, 0600, &error));
  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "cat", fifo, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (cat, NULL, NULL, cat_cb, &got);

  fifolab_replay_control_set_speed (FIFOLAB_REPLAY_CONTROL (control), 10);
  g_assert_true (fifolab_recording_window_replay (FIFOLAB_RECORDING_WINDOW (window), fifo));
  g_assert_true (fifolab_replay_control_get_running (FIFOLAB_REPLAY_CONTROL (control)));
  g_assert_true (fifolab_test_wait_until (replay_done, control, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (cat_done, &got, TIMEOUT_MS));
  fifolab_test_assert_bytes (got, "Hello from pid [4211]", 21);
  /* What the bar says at the end: the pipe named as the window names it. */
  {
    g_autofree char *shown = fifolab_escape_home_path (fifo, 0);
    g_autofree char *said = g_strdup_printf ("Replayed 1 write into “%s”.", shown);

    g_assert_true (shows_text (said));
  }
}

/* The sequence diagram of the recorded calls, in the log's place
 * (Ctrl+Shift+D, the header's toggle): it says in words the write of pid
 * 4211, python3, 21 bytes; and back to the log. */
static void
check_sequence (GtkWindow *window)
{
  GtkWidget *view = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_SEQUENCE_VIEW);
  GtkWidget *log_view = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LOG_VIEW);
  g_autofree char *description = NULL;

  g_assert_nonnull (view);
  g_assert_false (gtk_widget_get_visible (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sequence.show", NULL));
  g_assert_true (fifolab_ui_test_wait_mapped (view, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (log_view));
  description = fifolab_sequence_view_dup_description (FIFOLAB_SEQUENCE_VIEW (view));
  g_test_message ("sequence: %s", description);
  g_assert_nonnull (strstr (description, "4211"));
  g_assert_nonnull (strstr (description, "python3"));
  g_assert_nonnull (strstr (description, "21"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sequence.show", NULL));
  g_assert_true (gtk_widget_get_visible (log_view));
  g_assert_false (gtk_widget_get_visible (view));
}

/* Ctrl+L, the main window's Clear Log, pressed in a recording's window
 * clears neither the live log behind it nor the recording. */
static void
check_clear_key (Run       *run,
                 GtkWindow *window)
{
  FifolabLog *live = fifolab_session_get_log (fifolab_application_get_session (FIFOLAB_APPLICATION (run->app)));
  FifolabLog *recorded = fifolab_recording_window_get_log (FIFOLAB_RECORDING_WINDOW (window));

  fifolab_log_append_event (live, FIFOLAB_EVENT_CREATED, "/lab/my_pipe", NULL);
  fifolab_log_flush (live);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (live)), ==, 1);
  fifolab_ui_test_press_keys (window, "ctrl+l", TIMEOUT_MS);
  fifolab_test_run_for (200);
  fifolab_log_flush (live);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (live)), ==, 1);
  g_assert_cmpuint (fifolab_log_get_n_stored (recorded), ==, 2);
  fifolab_log_clear (live);
}

static gboolean
check_cb (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window;

  if (run->bad)
    {
      g_assert_true (fifolab_test_wait_until (shows_text, "Line 2: it is not JSON", TIMEOUT_MS));
      g_assert_true (shows_text ("This File Cannot Be Opened as a Recording"));
    }
  else
    {
      g_assert_true (fifolab_test_wait_until (window_loaded, NULL, TIMEOUT_MS));
      window = fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_RECORDING_WINDOW);
      g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
      /* Marked as a recording, in the title and the notice. */
      g_assert_nonnull (strstr (gtk_window_get_title (window), "Recording"));
      g_assert_true (shows_text ("Recording · 2 entries"));
      g_assert_true (shows_text ("A recording, opened from “talk.jsonl”"));
      /* Its rows: the watched write and the message. */
      g_assert_true (fifolab_test_wait_until (shows_text, "4211 python3 write(3) = 21", TIMEOUT_MS));
      g_assert_true (fifolab_test_wait_until (shows_text, "Hello from pid [4211]", TIMEOUT_MS));
      g_assert_cmpuint (fifolab_log_get_n_stored (fifolab_recording_window_get_log (FIFOLAB_RECORDING_WINDOW (window))),
                        ==, 2);
      /* No main window: nothing to read or write. */
      g_assert_null (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_WINDOW));
      check_clear_key (run, window);
      check_sequence (window);
      check_replay (run, window);
    }
  run->checked = TRUE;
  close_and_quit (run->app);
  return G_SOURCE_REMOVE;
}

static void
open_recording (gboolean bad)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = NULL;
  g_autoptr(FifolabApplication) app = NULL;
  Run run = { 0 };

  if (bad)
    {
      file = g_build_filename (dir, "bad.jsonl", NULL);
      g_assert_true (g_file_set_contents (file, "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,"
                                          "\"direction\":\"sent\",\"text\":\"a\"}\nnot json\n", -1, NULL));
    }
  else
    file = write_recording (dir);

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  run.app = G_APPLICATION (app);
  run.dir = dir;
  run.file = file;
  run.bad = bad;
  run_open (G_APPLICATION (app), file, check_cb, &run);
  g_assert_true (run.checked);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_open (void)
{
  open_recording (FALSE);
}

static void
test_open_bad (void)
{
  open_recording (TRUE);
}

static gboolean
check_version_1_cb (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window;
  GtkWidget *view;
  g_autofree char *description = NULL;

  g_assert_true (fifolab_test_wait_until (window_loaded, NULL, TIMEOUT_MS));
  window = fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_RECORDING_WINDOW);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
  g_assert_true (shows_text ("Recording · 30 entries"));
  /* The notice says what its diagram lacks. */
  g_assert_true (shows_text ("It was made by an older FIFO Lab, which kept only the watched writes and reads"));
  view = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_SEQUENCE_VIEW);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sequence.show", NULL));
  g_assert_true (fifolab_ui_test_wait_mapped (view, TIMEOUT_MS));
  description = fifolab_sequence_view_dup_description (FIFOLAB_SEQUENCE_VIEW (view));
  g_test_message ("sequence: %s", description);
  g_assert_nonnull (strstr (description, "cat"));
  close_and_quit (app);
  return G_SOURCE_REMOVE;
}

/* A recording the previous version made (tests/recordings): it opens, and
 * the notice says that its diagram has only the writes and reads. */
static void
test_open_version_1 (void)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "recordings", "v1-watch.jsonl", NULL);
  g_autoptr(FifolabApplication) app = NULL;

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  run_open (G_APPLICATION (app), file, check_version_1_cb, app);
}

static gboolean
check_empty_cb (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window;

  g_assert_true (fifolab_test_wait_until (window_loaded, NULL, TIMEOUT_MS));
  window = fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_RECORDING_WINDOW);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
  g_assert_true (shows_text ("Recording · 0 entries"));
  g_assert_true (fifolab_test_wait_until (shows_text, "This recording holds no entries", TIMEOUT_MS));
  /* Its window reads from no pipe and writes to none. */
  g_assert_false (shows_text ("read from a pipe or write to one"));
  close_and_quit (app);
  return G_SOURCE_REMOVE;
}

/* A recording of an empty log (exported as FIFO Lab exports it) says that
 * it holds no entries, not how a live log fills. */
static void
test_open_empty (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autofree char *file = fifolab_test_save_jsonl (log, dir, "empty.jsonl");
  g_autoptr(FifolabApplication) app = NULL;

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  run_open (G_APPLICATION (app), file, check_empty_cb, app);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/recording-window/open", test_open);
  g_test_add_func ("/recording-window/open-bad", test_open_bad);
  g_test_add_func ("/recording-window/open-version-1", test_open_version_1);
  g_test_add_func ("/recording-window/open-empty", test_open_empty);

  status = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
