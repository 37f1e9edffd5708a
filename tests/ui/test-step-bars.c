/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's two step bars (issue 16), the lesson stage's and the
 * Processes page's, with real processes on real FIFOs: their toggles have
 * one accessible name; F8 steps the bar the user sees, never the hidden
 * one, when both hold a call; and step mode switched off keeps its claim
 * on the pipe's processes until its watch has ended, so that a Watch
 * switched on at once is not refused them (ptrace: one tracer). */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-peer-form.h"
#include "fifolab-step-bar.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-watch-control.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 20000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

static gboolean
mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
has_watch (gpointer bar)
{
  return fifolab_step_bar_get_watch (bar) != NULL;
}

static gboolean
holds_a_call (gpointer bar)
{
  FifolabStepWatch *watch = fifolab_step_bar_get_watch (bar);

  return watch != NULL && fifolab_step_watch_get_n_pending (watch) > 0;
}

static GtkWidget *
mode_button_of (GtkWidget *bar)
{
  GtkWidget *button = fifolab_ui_test_find_descendant (bar, GTK_TYPE_TOGGLE_BUTTON);

  g_assert_nonnull (button);
  return button;
}

/* The Processes page on @path; its step bar. */
static GtkWidget *
show_processes (const char *path)
{
  g_autoptr(GError) error = NULL;
  FifolabPeerForm *form;

  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL));
  form = FIFOLAB_PEER_FORM (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM));
  g_assert_nonnull (form);
  g_assert_true (fifolab_test_wait_until (mapped, form, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, path);
  return fifolab_peer_form_get_step_bar (form);
}

static FifolabPeerForm *
peer_form (void)
{
  return FIFOLAB_PEER_FORM (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM));
}

/* Starts a peer from the form (its button's action): the one listed last. */
static FifolabPeerProcess *
start_peer (const char *action)
{
  GListModel *peers = G_LIST_MODEL (fifolab_peer_form_get_peers (peer_form ()));
  guint n = g_list_model_get_n_items (peers);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (peer_form ()), action, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, n + 1);
  return g_list_model_get_item (peers, n);
}

static FifolabLessonsPage *
lessons_page (void)
{
  return FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE));
}

static gboolean
lesson_shown (gpointer data)
{
  FifolabLessonsPage *page = lessons_page ();

  return page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         fifolab_lessons_page_get_lesson (page) != NULL;
}

/* The lessons' stage; its step bar. */
static GtkWidget *
show_stage (void)
{
  FifolabLessonStage *stage;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL));
  g_assert_true (fifolab_test_wait_until (lesson_shown, NULL, TIMEOUT_MS));
  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (lessons_page ()), FIFOLAB_TYPE_LESSON_STAGE));
  g_assert_nonnull (stage);
  return fifolab_lesson_stage_get_step_bar (stage);
}

static void
run_step (const char *action_id)
{
  FifolabLesson *lesson = fifolab_lessons_page_get_lesson (lessons_page ());
  guint i;

  for (i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    if (g_str_equal (fifolab_lesson_get_step_action_id (lesson, i), action_id))
      break;
  g_assert_cmpuint (i, <, fifolab_lesson_get_n_steps (lesson));
  fifolab_lesson_set_current (lesson, i);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lessons_page ()), "lessons.run", NULL));
}

static void
assert_named_step_mode (GtkWidget *bar)
{
  g_autofree char *name = fifolab_ui_test_accessible_label (mode_button_of (bar));

  g_assert_cmpstr (name, ==, "Step Mode");
}

/* One name for one control, on the stage and on the Processes page: header
 * capitalization, as its label. */
static void
test_step_bars_names (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "named");

  assert_named_step_mode (show_processes (path));
  assert_named_step_mode (show_stage ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

static gboolean
peer_exited (gpointer peer)
{
  return !fifolab_peer_process_is_running (peer);
}

/* Both bars hold a call: the stage's (a lesson's writer, on the lesson's
 * pipe) and the Processes page's (a writer on another pipe). F8 on the
 * stage steps the stage's call; the page's, hidden, stays held. */
static void
test_step_bars_f8 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "form");
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabWatchRecord) form_was = NULL;
  g_autoptr(FifolabWatchRecord) stage_was = NULL;
  GtkWidget *form_bar, *stage_bar;
  FifolabStepWatch *form_watch, *stage_watch;
  guint form_n;

  if (!fifolab_test_watch_supported (2))
    return;

  /* The page's step mode holds a writer at its first call. */
  form_bar = show_processes (path);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button_of (form_bar)), TRUE);
  g_assert_true (fifolab_test_wait_until (has_watch, form_bar, TIMEOUT_MS));
  writer = start_peer ("peer.start-writer");
  g_assert_true (fifolab_test_wait_until (holds_a_call, form_bar, TIMEOUT_MS));
  form_watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (form_bar));

  /* The stage's holds the lesson's processes. */
  stage_bar = show_stage ();
  run_step ("mkfifo");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button_of (stage_bar)), TRUE);
  g_assert_true (fifolab_test_wait_until (has_watch, stage_bar, TIMEOUT_MS));
  run_step ("start-writer");
  g_assert_true (fifolab_test_wait_until (holds_a_call, stage_bar, TIMEOUT_MS));
  stage_watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (stage_bar));
  g_assert_true (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (form_bar)) == form_watch);
  g_assert_true (holds_a_call (form_bar));
  g_assert_true (fifolab_test_wait_until (mapped, stage_bar, TIMEOUT_MS));

  /* F8, as a keyboard presses it: the stage's call goes, only it. */
  form_was = fifolab_watch_record_ref (fifolab_step_watch_get_pending (form_watch));
  form_n = fifolab_step_watch_get_n_pending (form_watch);
  stage_was = fifolab_watch_record_ref (fifolab_step_watch_get_pending (stage_watch));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "F8", TIMEOUT_MS);
  fifolab_ui_test_wait_stepped (stage_watch, stage_was, TIMEOUT_MS);
  g_assert_true (fifolab_step_watch_get_pending (form_watch) == form_was);
  g_assert_cmpuint (fifolab_step_watch_get_n_pending (form_watch), >=, form_n);

  /* Off on the stage; the page's writer runs on and its message is read. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button_of (stage_bar)), FALSE);
  form_bar = show_processes (path);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button_of (form_bar)), FALSE);
  reader = start_peer ("peer.start-reader");
  g_assert_true (fifolab_test_wait_until (peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (peer_exited, reader, TIMEOUT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_status (writer), ==, 0);
}

static gboolean
stopped (gpointer pid)
{
  return fifolab_test_proc_state_letter (*(gint64 *) pid) == 'T';
}

/* Asleep in openat(): the writer waits for a reader. */
static gboolean
waits_in_open (gpointer pid)
{
  g_autofree char *file = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/syscall", *(gint64 *) pid);
  g_autofree char *text = NULL;

  return fifolab_test_proc_state_letter (*(gint64 *) pid) == 'S' &&
         g_file_get_contents (file, &text, NULL, NULL) && atoi (text) == SYS_openat;
}

typedef struct
{
  guint       from;     /* the log's entries before */
  const char *prefix;   /* "PID fifolab-peer " */
  const char *text;
} LoggedSince;

static gboolean
logged_since (gpointer data)
{
  LoggedSince *q = data;
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = q->from; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *line = fifolab_log_entry_get_display_text (entry);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH &&
          g_str_has_prefix (line, q->prefix) && strstr (line, q->text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Step mode off, Watch on at once, for a writer step mode held: the
 * Watch waits for step mode's watch to end (here it is kept stopped a
 * while: an exit that takes its time), then sees the writer, unrefused. */
static void
test_step_bars_claim (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "claimed");
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autofree char *prefix = NULL;
  FifolabWatchControl *control;
  FifolabSession *session = fifolab_application_get_session (app);
  GtkWidget *bar, *watch_button;
  FifolabStepWatch *watch;
  LoggedSince attached, refused;
  gint64 watch_pid, writer_pid;

  if (!fifolab_test_watch_supported (2))
    return;
  bar = show_processes (path);
  control = FIFOLAB_WATCH_CONTROL (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_WATCH_CONTROL));
  g_assert_nonnull (control);
  watch_button = fifolab_ui_test_find_descendant (GTK_WIDGET (control), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (watch_button);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button_of (bar)), TRUE);
  g_assert_true (fifolab_test_wait_until (has_watch, bar, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar));
  writer = start_peer ("peer.start-writer");
  writer_pid = fifolab_peer_process_get_pid (writer);
  g_assert_true (fifolab_test_wait_until (holds_a_call, bar, TIMEOUT_MS));
  g_assert_nonnull (fifolab_step_watch_get_pending_of (watch, writer_pid));

  /* Its watch stopped: it cannot end (nor let the writer go) until
   * continued. */
  watch_pid = fifolab_step_watch_get_pid (watch);
  g_assert_cmpint (kill ((pid_t) watch_pid, SIGSTOP), ==, 0);
  g_assert_true (fifolab_test_wait_until (stopped, &watch_pid, TIMEOUT_MS));

  /* Off, and the Watch on at once: step mode still traces the writer, the
   * Watch does not start. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button_of (bar)), FALSE);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch_button), TRUE);
  g_assert_false (fifolab_watch_control_is_watching (control, path));
  g_assert_cmpint (fifolab_session_get_tracer (session, path), ==, FIFOLAB_TRACER_STEP);
  g_assert_false (gtk_widget_get_sensitive (watch_button));

  /* Continued, it ends: the claim comes back, the writer runs on to its
   * open for writing, where it waits for a reader. */
  g_assert_cmpint (kill ((pid_t) watch_pid, SIGCONT), ==, 0);
  g_assert_true (fifolab_test_wait_until (is_sensitive, watch_button, TIMEOUT_MS));
  g_assert_cmpint (fifolab_session_get_tracer (session, path), ==, FIFOLAB_TRACER_NONE);
  g_assert_true (fifolab_test_wait_until (waits_in_open, &writer_pid, TIMEOUT_MS));

  /* The Watch now: it sees the writer, refused nothing. */
  prefix = g_strdup_printf ("%" G_GINT64_FORMAT " fifolab-peer ", writer_pid);
  fifolab_log_flush (fifolab_ui_window_test_log ());
  attached = (LoggedSince) { g_list_model_get_n_items (G_LIST_MODEL (fifolab_ui_window_test_log ())),
                             prefix, "watched from now on" };
  refused = (LoggedSince) { attached.from, prefix, "cannot be watched" };
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch_button), TRUE);
  g_assert_true (fifolab_watch_control_is_watching (control, path));
  g_assert_true (fifolab_test_wait_until (logged_since, &attached, TIMEOUT_MS));
  g_assert_false (logged_since (&refused));

  /* A reader: the writer's message goes, both end. */
  reader = start_peer ("peer.start-reader");
  g_assert_true (fifolab_test_wait_until (peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (peer_exited, reader, TIMEOUT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_status (writer), ==, 0);
  g_assert_false (logged_since (&refused));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch_button), FALSE);
}

int
main (int   argc,
      char *argv[])
{
  /* The test backend keeps the accessible names. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/step-bars/names", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_bars_names, fifolab_ui_window_fixture_teardown);
  g_test_add ("/step-bars/f8", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_bars_f8, fifolab_ui_window_fixture_teardown);
  g_test_add ("/step-bars/claim", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_bars_claim, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
