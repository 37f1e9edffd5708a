/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode for the peers the Processes page starts (issue 16), with real
 * processes on a real FIFO: with the page's Step Mode on, a writer and a
 * reader started from the form are held from their first call; Step lets
 * the oldest call go, one at a time, until the line says the writer is
 * about to write its message (the reader has received nothing); Step on
 * and the reader gets it; Run. Off (or another pipe) lets held peers run on
 * unchanged. */
#include "config.h"

#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-lessons-page.h"
#include "fifolab-peer-form.h"
#include "fifolab-pipe-details.h"
#include "fifolab-step-bar.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-watch-control.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 20000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

typedef struct
{
  FifolabPeerForm  *form;
  FifolabUiStepBar  bar;
} Page;

/* The Processes page, its pipe @path (selected), its step bar's parts. */
static void
show_page (const char *path,
           Page       *page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL));
  page->form = FIFOLAB_PEER_FORM (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM));
  g_assert_nonnull (page->form);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, page->form, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_peer_form_get_path (page->form), ==, path);
  fifolab_ui_test_step_bar_init (&page->bar, fifolab_peer_form_get_step_bar (page->form));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, page->bar.mode_button, TIMEOUT_MS));
  /* Named for a screen reader, and said what it is for. */
  {
    g_autofree char *name = fifolab_ui_test_accessible_label (page->bar.mode_button);

    g_assert_cmpstr (name, ==, "Step Mode");
  }
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (page->bar.mode_button), "on this pipe"));
}

/* Starts a writer and a reader from the form (its buttons' actions);
 * returns them, listed in the application's peers. */
static void
start_peers (Page                *page,
             FifolabPeerProcess **writer,
             FifolabPeerProcess **reader)
{
  GListModel *peers = G_LIST_MODEL (fifolab_peer_form_get_peers (page->form));
  guint n = g_list_model_get_n_items (peers);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page->form), "peer.start-writer", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page->form), "peer.start-reader", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, n + 2);
  *writer = g_list_model_get_item (peers, n);
  *reader = g_list_model_get_item (peers, n + 1);
  g_assert_cmpint (fifolab_peer_process_get_role (*writer), ==, FIFOLAB_PEER_ROLE_WRITE);
  g_assert_cmpint (fifolab_peer_process_get_role (*reader), ==, FIFOLAB_PEER_ROLE_READ);
}

static char *
received_line (FifolabPeerProcess *writer,
               FifolabPeerProcess *reader)
{
  return g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                          fifolab_peer_process_get_pid (reader), fifolab_peer_process_get_pid (writer));
}

static void
test_step_peers_form (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "stepped");
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *received = NULL;
  g_autofree char *short_text = NULL;
  FifolabStepWatch *watch;
  FifolabUiDiagramText diagram_draws;
  Page page;
  guint steps = 0;

  if (!fifolab_test_watch_supported (2))
    return;
  show_page (path, &page);
  g_assert_false (gtk_widget_get_visible (page.bar.step_button));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, page.bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (page.bar.widget));
  g_assert_cmpstr (fifolab_step_watch_get_path (watch), ==, path);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, page.bar.step_button, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, page.bar.line, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page.bar.line)), ==, "Nothing is waiting");

  start_peers (&page, &writer, &reader);
  hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_peer_process_get_pid (writer));
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to write %d bytes to stepped",
                              fifolab_peer_process_get_pid (writer), (int) strlen (hello));

  /* Step, the oldest each time, until the line names the write; the reader
   * has received nothing before. */
  for (;;)
    {
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, page.bar.step_button, TIMEOUT_MS));
      g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 0);
      if (g_str_equal (gtk_label_get_text (GTK_LABEL (page.bar.line)), expected))
        break;
      fifolab_ui_test_press_step (page.bar.step_button, watch, NULL, TIMEOUT_MS);
      g_assert_cmpuint (++steps, <=, 16);
    }
  /* Held from their first call: their opens were held before. */
  g_assert_cmpuint (steps, >=, 2);
  g_assert_true (fifolab_peer_process_is_running (writer));
  /* The page's diagram says it on the writer's box. */
  short_text = g_strdup_printf ("about to write %d B", (int) strlen (hello));
  diagram_draws = (FifolabUiDiagramText) { FIFOLAB_DIAGRAM (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_DIAGRAM)),
                            short_text };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &diagram_draws, TIMEOUT_MS));

  /* Step on: the write goes, and the reader gets the message once its own
   * held calls go too. */
  fifolab_ui_test_press_step (page.bar.step_button, watch, NULL, TIMEOUT_MS);
  fifolab_ui_test_step_until_output (page.bar.step_button, watch, reader, 6, TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  received = received_line (writer, reader);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);

  /* Run: both go on to their end. */
  fifolab_ui_test_press (page.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_status (writer), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_exit_status (reader), ==, 0);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), FALSE);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (page.bar.widget)));
  g_assert_false (gtk_widget_get_visible (page.bar.line));
}

/* Held peers run on unchanged when step mode is switched off, or when the
 * page's pipe changes; with it off, a peer is not held. */
static void
test_step_peers_off (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "held");
  g_autofree char *other = fifolab_ui_window_test_make_fifo (fixture, "other");
  g_autofree char *received = NULL;
  FifolabStepWatch *watch;
  Page page;

  if (!fifolab_test_watch_supported (2))
    return;
  show_page (path, &page);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FifolabPeerProcess) writer = NULL;
      g_autoptr(FifolabPeerProcess) reader = NULL;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), TRUE);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, page.bar.widget, TIMEOUT_MS));
      watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (page.bar.widget));
      start_peers (&page, &writer, &reader);
      /* Both held: something waits, and nothing reached the reader. */
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, page.bar.step_button, TIMEOUT_MS));
      g_assert_cmpuint (fifolab_step_watch_get_n_pending (watch), >=, 1);
      g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 0);

      if (round == 0)
        /* Off. */
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), FALSE);
      else
        {
          /* Another pipe: off, and the mode is for that one now. */
          g_autoptr(GError) error = NULL;

          g_assert_true (fifolab_window_add_pipe (window, other, TRUE, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (fifolab_peer_form_get_path (page.form), ==, other);
          g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page.bar.mode_button)));
        }
      g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (page.bar.widget)));
      g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
      g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
      received = received_line (writer, reader);
      g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
      g_clear_pointer (&received, g_free);
    }

  /* Off: a peer runs at once, unheld. */
  {
    g_autoptr(FifolabPeerProcess) writer = NULL;
    g_autoptr(FifolabPeerProcess) reader = NULL;

    start_peers (&page, &writer, &reader);
    g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
    g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
    g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 1);
  }
}

static gboolean
insensitive (gpointer widget)
{
  return !gtk_widget_get_sensitive (widget);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

/* One tracer per process: while the pipe's Watch runs, its Step Mode is
 * insensitive and says why (and, pressed all the same, does not start);
 * while step mode runs, the Watch is insensitive and says why (and does not
 * start); each is free again once the other has ended. */
static void
test_step_peers_one_tracer (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "traced");
  FifolabWatchControl *control;
  GtkWidget *watch_button;
  Page page;

  if (!fifolab_test_watch_supported (2))
    return;
  show_page (path, &page);
  control = FIFOLAB_WATCH_CONTROL (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_WATCH_CONTROL));
  g_assert_nonnull (control);
  watch_button = fifolab_ui_test_find_descendant (GTK_WIDGET (control), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (watch_button);
  g_assert_true (gtk_widget_get_sensitive (watch_button));

  /* The Watch on: step mode waits for it. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch_button), TRUE);
  g_assert_true (fifolab_watch_control_is_watching (control, path));
  g_assert_true (fifolab_test_wait_until (insensitive, page.bar.mode_button, TIMEOUT_MS));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (page.bar.mode_button), "stop the Watch"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), TRUE);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (page.bar.widget)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (page.bar.mode_button)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page.bar.line)), "Watch traces its processes"));

  /* The Watch off: once it has ended, step mode may trace. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch_button), FALSE);
  g_assert_true (fifolab_test_wait_until (is_sensitive, page.bar.mode_button, TIMEOUT_MS));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (page.bar.mode_button), "Watch"));

  /* Step mode on: the Watch waits for it. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), TRUE);
  g_assert_nonnull (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (page.bar.widget)));
  g_assert_true (fifolab_test_wait_until (insensitive, watch_button, TIMEOUT_MS));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (watch_button), "switch Step Mode off"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (watch_button), TRUE);
  g_assert_false (fifolab_watch_control_is_watching (control, path));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (watch_button)));

  /* Off: the Watch may trace again. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page.bar.mode_button), FALSE);
  g_assert_true (fifolab_test_wait_until (is_sensitive, watch_button, TIMEOUT_MS));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (watch_button), "Step Mode"));
}

/* Writes a message to @path with sh, and waits until the log has it. */
static void
write_logged (const char *path)
{
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  FifolabUiEntryQuery query = { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1 };

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL,
                               "sh", "-c", "printf 'Hello from pid [%d]' $$ > \"$1\"", "sh", path, NULL);
  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
}

/* With no pipe selected in the browser, the Processes page is of the pipe
 * FIFO Lab opened last, then of the entry selected in the log. Step mode on, a click in the log leaves
 * the page's pipe and its step mode alone (the details follow it); step
 * mode turned off, the page takes the details' pipe; a pipe chosen in the
 * browser ends step mode, as before. */
static void
test_step_peers_log_selection (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *stepped = fifolab_ui_window_test_make_fifo (fixture, "stepped");
  g_autofree char *other = fifolab_ui_window_test_make_fifo (fixture, "other");
  FifolabPipeDetails *details = FIFOLAB_PIPE_DETAILS (_fifolab_window_get_details (window));
  FifolabUiStepBar bar;
  FifolabPeerForm *form;
  FifolabStepWatch *watch;

  if (!fifolab_test_watch_supported (2))
    return;
  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  fifolab_ui_window_test_action ("read-pipe", stepped);
  fifolab_ui_window_test_action ("read-pipe", other);
  g_assert_null (gtk_single_selection_get_selected_item (window->selection));
  write_logged (stepped);
  write_logged (other);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL));
  form = FIFOLAB_PEER_FORM (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM));
  g_assert_nonnull (form);
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, other);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, stepped, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, stepped);
  g_assert_cmpstr (fifolab_diagram_get_path (window->diagram), ==, stepped);

  fifolab_ui_test_step_bar_init (&bar, fifolab_peer_form_get_step_bar (form));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, bar.mode_button, TIMEOUT_MS));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bar.mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar.widget));

  /* Another pipe's entry: the details are of it, the page stays. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, other, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_pipe_info_get_path (fifolab_pipe_details_get_info (details)), ==, other);
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, stepped);
  g_assert_cmpstr (fifolab_diagram_get_path (window->diagram), ==, stepped);
  g_assert_true (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar.widget)) == watch);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (bar.mode_button)));

  /* Step mode turned off: the page takes the log's pipe, as the details. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bar.mode_button), FALSE);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar.widget)));
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, other);
  g_assert_cmpstr (fifolab_diagram_get_path (window->diagram), ==, other);

  /* On again, for the log's pipe; back on the first one's entry. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bar.mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, bar.widget, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_step_watch_get_path (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar.widget))), ==, other);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, stepped, TIMEOUT_MS));
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, other);

  /* Chosen in the browser: the page is of it, step mode is off. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, stepped, TIMEOUT_MS));
  gtk_single_selection_set_selected (window->selection,
                                     (guint) fifolab_pipe_list_find (FIFOLAB_PIPE_LIST (_fifolab_window_get_pipes (window)), stepped));
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, stepped);
  g_assert_cmpstr (fifolab_diagram_get_path (window->diagram), ==, stepped);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar.widget)));
}

/* The lesson diagram's gauge in step mode: "not known" before, the bytes
 * in the pipe while step mode holds each call (0 B while the writer is
 * about to write; 0 B again once the reader has the message, the write's
 * bytes counted between), "not known" again after Run. */
static void
test_step_peers_lesson_gauge (Fixture       *fixture,
                              gconstpointer  data)
{
  FifolabLessonsPage *lessons;
  FifolabLesson *lesson;
  FifolabDiagram *diagram;
  FifolabStepWatch *watch;
  FifolabUiStepBar bar;
  FifolabPeerProcess *writer;
  FifolabPeerProcess *reader;
  g_autofree char *expected = NULL;
  FifolabUiDiagramText not_known, empty;
  guint steps = 0;

  if (!fifolab_test_watch_supported (2))
    return;
  lessons = fifolab_ui_test_show_stage (GTK_WIDGET (window), &bar, TIMEOUT_MS);
  lesson = fifolab_lessons_page_get_lesson (lessons);
  diagram = FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (lessons));

  fifolab_ui_test_run_lesson_step (lessons, "mkfifo");
  not_known = (FifolabUiDiagramText) { diagram, "buffer: not known" };
  empty = (FifolabUiDiagramText) { diagram, "0 of 65536 bytes in the buffer, counted by the watch" };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &not_known, TIMEOUT_MS));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bar.mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar.widget));
  fifolab_ui_test_run_lesson_step (lessons, "start-writer");
  fifolab_test_lesson_pair (lesson, (gpointer *) &writer, (gpointer *) &reader);
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to write",
                              fifolab_peer_process_get_pid (writer));
  for (;;)
    {
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, bar.step_button, TIMEOUT_MS));
      if (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (bar.line)), expected))
        break;
      fifolab_ui_test_press_step (bar.step_button, watch, NULL, TIMEOUT_MS);
      g_assert_cmpuint (++steps, <=, 16);
    }
  /* Nothing written yet, and the watch has seen every call: 0 B, known. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &empty, TIMEOUT_MS));
  g_assert_false (fifolab_ui_test_diagram_draws (&not_known));
  g_assert_nonnull (strstr (_fifolab_diagram_get_description (diagram),
                            "Buffer: 0 of 65536 bytes queued, as the watch counts them."));

  /* On until the reader has the message: its read took the 22 bytes. */
  fifolab_ui_test_press_step (bar.step_button, watch, NULL, TIMEOUT_MS);
  fifolab_ui_test_step_until_output (bar.step_button, watch, reader, 6, TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &empty, TIMEOUT_MS));

  /* Run: calls go on unheld, the count is not known for sure. */
  fifolab_ui_test_press (bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &not_known, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bar.mode_button), FALSE);
  g_assert_true (fifolab_ui_test_diagram_draws (&not_known));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* The test backend keeps the accessible names. */
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/step-peers/form", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_peers_form, fifolab_ui_window_fixture_teardown);
  g_test_add ("/step-peers/one-tracer", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_peers_one_tracer, fifolab_ui_window_fixture_teardown);
  g_test_add ("/step-peers/lesson-gauge", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_peers_lesson_gauge, fifolab_ui_window_fixture_teardown);
  g_test_add ("/step-peers/log-selection", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_peers_log_selection, fifolab_ui_window_fixture_teardown);
  g_test_add ("/step-peers/off", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_step_peers_off, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
