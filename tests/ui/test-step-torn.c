/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode's "torn" prediction on the lessons' stage (issue 16), with real
 * processes: lesson 6's two writers of messages larger than PIPE_BUF and
 * its reader, held before each call. The first held write of one of them
 * is offered a fourth choice, "Torn", which a small write (none here) is
 * not; it is chosen and the calls are stepped, the oldest each time, until
 * the write has returned and the bar's verdict no longer waits for the
 * reader. Then the processes run on to their end, and the verdict is
 * checked against what the reader really received, from its own output:
 * the writer's first message is whole there, or not.
 *
 * On the Processes page, a writer started from the form alone with a
 * reader, its message larger than PIPE_BUF: "torn" is offered, chosen,
 * and does not come true (nobody else writes), as the reader's line shows. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-peer-form.h"
#include "fifolab-step-bar.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 10000
#define TORN_LABEL "Torn: another writer’s bytes come in between"
#define RECEIVED_MARKER " received a message => "

static FifolabApplication *app;
static FifolabWindow *window;

/* Steps, as the Step button does (a call waits: the caller waited for it,
 * and looked at the bar after that wait, as a Step replaces the rows whose
 * outcome is known), and waits until it is gone from the oldest place. */
static void
press_step (GtkWidget        *step_button,
            FifolabStepWatch *watch)
{
  g_autoptr(FifolabWatchRecord) was = NULL;

  g_assert_true (fifolab_ui_test_sensitive (step_button));
  was = fifolab_watch_record_ref (fifolab_step_watch_get_pending (watch));
  /* Its action, at once: activating the button clicks it only after a
   * quarter of a second, when the bar may have changed. */
  g_assert_true (gtk_widget_activate_action (step_button, "stepbar.step", NULL));
  fifolab_ui_test_wait_stepped (watch, was, TIMEOUT_MS);
}

/* The oldest calls go, each once Step can be pressed, until a write
 * waits (fewer than @max_steps of them, counted in *@steps): "torn" is
 * offered for no call before it. Returns the write; whether a call went
 * before it in *@stepped_before. */
static FifolabWatchRecord *
step_until_write (GtkWidget        *step_button,
                  FifolabStepWatch *watch,
                  guint            *steps,
                  guint             max_steps,
                  gboolean         *stepped_before)
{
  FifolabWatchRecord *pending;

  *stepped_before = FALSE;
  for (;;)
    {
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, step_button, TIMEOUT_MS));
      pending = fifolab_step_watch_get_pending (watch);
      if (pending->is_write)
        return pending;
      g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) TORN_LABEL));
      *stepped_before = TRUE;
      g_assert_cmpuint (++*steps, <, max_steps);
      press_step (step_button, watch);
    }
}

/* The watch's records, from the test's own handler (after the bar's). */
static GPtrArray *records;

/* Process @pid's first write, once it returned, or NULL. */
static FifolabWatchRecord *
first_write (gint64 pid)
{
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *record = records->pdata[i];

      /* A transfer (an open of the write end is not one). */
      if (record->kind == FIFOLAB_WATCH_CALL && record->pid == pid && record->is_write &&
          record->requested >= 0)
        return record;
    }
  return NULL;
}

/* The bar's rows, said when a verdict is not found. */
static void
dump_rows (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_widget_get_name (child), "step-"))
        g_test_message ("%s (%s): %s", gtk_widget_get_name (child),
                        gtk_widget_get_mapped (child) ? "shown" : "hidden",
                        gtk_label_get_text (GTK_LABEL (child)));
      dump_rows (child);
    }
}

static gboolean
is_waiting (const char *verdict)
{
  return g_str_has_prefix (verdict, "Whether it was torn shows when the reader has read ");
}

/* What the reader received, as it framed it: its messages, each with the
 * newline that ended it. */
static GString *
reader_stream (FifolabPeerProcess *reader)
{
  const GPtrArray *lines = fifolab_peer_process_get_output_lines (reader);
  GString *stream = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *message = strstr ((const char *) lines->pdata[i], RECEIVED_MARKER);

      g_assert_nonnull (message);
      g_string_append (stream, message + strlen (RECEIVED_MARKER));
      g_string_append_c (stream, '\n');
    }
  return stream;
}

static void
test_step_torn_lesson (void)
{
  FifolabUiStepBar parts;
  FifolabLessonsPage *page;
  FifolabLesson *lesson;
  GtkWidget *bar;
  GtkWidget *mode_button;
  GtkWidget *step_button;
  FifolabStepWatch *watch;
  FifolabWatchRecord *pending;
  FifolabPeerProcess *reader = NULL;
  GListModel *peers;
  GtkWidget *torn_button;
  g_autofree char *verdict = NULL;
  g_autofree char *head = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *whole = NULL;
  g_autoptr(GString) received = NULL;
  const char *at;
  gboolean was_torn;
  gboolean saw_small;
  gint64 writer;
  guint steps = 0;

  if (!fifolab_test_watch_supported (2))
    return;

  page = fifolab_ui_test_show_stage (GTK_WIDGET (window), &parts, TIMEOUT_MS);
  lesson = fifolab_lessons_page_get_lesson (page);
  bar = parts.widget;
  mode_button = parts.mode_button;
  step_button = parts.step_button;

  fifolab_ui_test_run_lesson_step (page, "mkfifo");
  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, "two-writers-large"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, bar, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar));
  records = fifolab_ui_test_capture_records (watch);
  fifolab_ui_test_run_lesson_step (page, "two-writers-large");

  /* The oldest calls go (the writers' opens) until a write waits: "torn"
   * is offered for it, larger than PIPE_BUF, and for no other call. */
  pending = step_until_write (step_button, watch, &steps, 8, &saw_small);
  g_assert_true (saw_small);
  g_assert_cmpint (pending->requested, >, FIFOLAB_PIPE_BUF);
  writer = pending->pid;
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) TORN_LABEL, TIMEOUT_MS));
  torn_button = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_button_named, TORN_LABEL);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (torn_button), "PIPE_BUF (4096)"));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Blocks: the pipe is full"));
  fifolab_ui_test_press (torn_button);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, torn_button, TIMEOUT_MS));

  /* The write goes, then the oldest call each time (the other writer's
   * open and write, the reader's open and reads) until it has returned
   * and its verdict is known: its row stays while it waits for the
   * reader. */
  press_step (step_button, watch);
  for (;;)
    {
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, step_button, TIMEOUT_MS));
      if (first_write (writer) != NULL)
        break;
      g_assert_cmpuint (++steps, <, 400);
      press_step (step_button, watch);
    }
  for (;;)
    {
      const char *now = fifolab_ui_test_step_verdict (bar, writer);

      if (now == NULL)
        {
          g_autofree char *text = fifolab_watch_record_to_text (first_write (writer));

          g_test_message ("writer %" G_GINT64_FORMAT ", its first write: %s", writer, text);
          dump_rows (bar);
        }
      g_assert_nonnull (now);
      if (!is_waiting (now))
        {
          verdict = g_strdup (now);
          break;
        }
      g_assert_cmpuint (++steps, <, 400);
      press_step (step_button, watch);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, step_button, TIMEOUT_MS));
    }
  g_test_message ("after %u steps: %s", steps, verdict);

  /* Step mode off: every process runs on, untraced, to its end. */
  peers = fifolab_lesson_get_peers (lesson);
  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_READ)
        reader = peer;
    }
  g_assert_nonnull (reader);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button), FALSE);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, 12 * TIMEOUT_MS));

  /* What the reader received: the writer's first message (its first
   * write: the peer writes each message with one write()) begins at the
   * first claim of its pid, and is whole when its bytes follow. */
  received = reader_stream (reader);
  head = g_strdup_printf ("pid [%" G_GINT64_FORMAT "] <", writer);
  filler = g_strnfill (100000, 'x');
  whole = g_strdup_printf ("%s%s> pid [%" G_GINT64_FORMAT "]\n", head, filler, writer);
  g_assert_cmpint (first_write (writer)->requested, ==, (gint64) strlen (whole));
  at = strstr (received->str, head);
  g_assert_nonnull (at);
  was_torn = strncmp (at, whole, strlen (whole)) != 0;
  g_test_message ("the reader received it %s", was_torn ? "torn" : "whole");
  g_assert_cmpstr (verdict, ==, was_torn ? "You predicted: torn. Right." : "You predicted: torn. Not this time.");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

typedef struct
{
  GtkWidget *bar;
  GtkWidget *step_button;
  gint64     pid;
} Decided;

/* Process @pid's "torn" has its verdict, or a call waits to be stepped. */
static gboolean
decided_or_held (gpointer data)
{
  Decided *d = data;
  const char *verdict = fifolab_ui_test_step_verdict (d->bar, d->pid);

  return (verdict != NULL && !is_waiting (verdict)) || fifolab_ui_test_sensitive (d->step_button);
}

static void
test_step_torn_peers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fifolab-step-torn-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "torn", NULL);
  g_autofree char *filler = g_strnfill (6000, 'x');
  g_autofree char *template_ = g_strdup_printf ("pid [%%d] <%s>", filler);
  g_autofree char *message = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autoptr(FifolabPeerProcess) reader = NULL;
  FifolabPeerForm *form;
  FifolabUiStepBar parts;
  FifolabStepWatch *watch;
  GListModel *peers;
  GtkWidget *bar;
  GtkWidget *mode_button;
  GtkWidget *step_button;
  FifolabWatchRecord *pending;
  gboolean stepped_before;
  Decided decided;
  const char *verdict = NULL;
  guint steps = 0;
  guint n;

  if (!fifolab_test_watch_supported (2))
    return;
  g_assert_nonnull (dir);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL));
  form = FIFOLAB_PEER_FORM (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_PEER_FORM));
  g_assert_nonnull (form);
  g_assert_cmpstr (fifolab_peer_form_get_path (form), ==, path);
  fifolab_ui_test_step_bar_init (&parts, fifolab_peer_form_get_step_bar (form));
  bar = parts.widget;
  mode_button = parts.mode_button;
  step_button = parts.step_button;
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, mode_button, TIMEOUT_MS));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (form), FIFOLAB_TYPE_PEER_FORM, "template_entry")),
                         template_);
  /* The book's reader reads once: all of the message. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (form), FIFOLAB_TYPE_PEER_FORM, "bytes_spin")),
                             8192);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, bar, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar));
  peers = G_LIST_MODEL (fifolab_peer_form_get_peers (form));
  n = g_list_model_get_n_items (peers);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "peer.start-writer", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "peer.start-reader", NULL));
  writer = g_list_model_get_item (peers, n);
  reader = g_list_model_get_item (peers, n + 1);
  g_assert_cmpint (fifolab_peer_process_get_role (writer), ==, FIFOLAB_PEER_ROLE_WRITE);
  message = g_strdup_printf ("pid [%" G_GINT64_FORMAT "] <%s>", fifolab_peer_process_get_pid (writer), filler);

  /* The oldest calls go until the writer's write waits. */
  pending = step_until_write (step_button, watch, &steps, 8, &stepped_before);
  g_assert_cmpint (pending->pid, ==, fifolab_peer_process_get_pid (writer));
  g_assert_cmpint (pending->requested, ==, (gint64) strlen (message));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) TORN_LABEL, TIMEOUT_MS));
  {
    GtkWidget *torn_button = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_button_named, TORN_LABEL);

    fifolab_ui_test_press (torn_button);
    g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, torn_button, TIMEOUT_MS));
  }
  press_step (step_button, watch);

  /* The other calls go (the reader's read) until the verdict is known. */
  decided = (Decided) { bar, step_button, fifolab_peer_process_get_pid (writer) };
  for (;;)
    {
      if (!fifolab_test_wait_until (decided_or_held, &decided, TIMEOUT_MS))
        {
          dump_rows (bar);
          g_assert_not_reached ();
        }
      verdict = fifolab_ui_test_step_verdict (bar, decided.pid);
      if (verdict != NULL && !is_waiting (verdict))
        break;
      g_assert_cmpuint (++steps, <, 16);
      press_step (step_button, watch);
    }
  g_test_message ("after %u steps: %s", steps, verdict);
  g_assert_cmpstr (verdict, ==, "You predicted: torn. Not this time.");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button), FALSE);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  /* What the reader received: the whole message. */
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %s",
                              fifolab_peer_process_get_pid (reader), message);
  g_assert_cmpuint (fifolab_peer_process_get_output_lines (reader)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add_func ("/step-torn/lesson", test_step_torn_lesson);
  g_test_add_func ("/step-torn/peers", test_step_torn_peers);

  status = fifolab_ui_window_test_run ();
  g_clear_pointer (&records, g_ptr_array_unref);
  return status;
}
