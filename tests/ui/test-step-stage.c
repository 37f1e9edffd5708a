/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode on the lessons' stage (issue 16), with real processes: switched
 * on before the lesson makes its pipe, it starts when the pipe is made; the
 * lesson's reader and writer are then held before each call on it, the
 * stage's line names the call that waited longest, Step lets it go, one at a
 * time (by its key, F8, and its button), until the line names the writer's write of 22 bytes (the reader has
 * printed nothing); the choices offered are a write's, one is chosen; Step
 * again: the bar says what the write did (the watch's record of it) and
 * whether the prediction was right, and the reader gets the message; Run;
 * off.
 *
 * Then: a lone reader's open() and read() let go while nothing can satisfy
 * them (the test process, which the watch never holds, is the writer): the
 * bar says each blocked, how long, and what it returned. The watch killed:
 * step mode says it ended, the held reader runs on. Starting it made to
 * fail (no descriptor left for its pipes): said. Another lesson chosen
 * while processes are held: they run on to their end. Lesson 8's writer
 * blocked in write() when lesson 5 comes: once it has ended, it is not
 * drawn blocked. Lesson 2's reader waiting in open() when lesson 3 comes:
 * not held again, the gauge's count still known; nor after Run, by the
 * new watch that finds it there.
 *
 * With --language zh_CN --localedir DIR, only the held call's line and a
 * Step's outcome, in Chinese. */
#include "config.h"

#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-lessons-page.h"
#include "fifolab-step-bar.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

/* The bar says why an O_PATH open offers no prediction. */
static gboolean
o_path_why_shown (gpointer data)
{
  return fifolab_ui_test_shows_text (GTK_WIDGET (window), "Nothing to predict: an O_PATH open");
}

static gboolean
zh_o_path_why_shown (gpointer data)
{
  return fifolab_ui_test_shows_text (GTK_WIDGET (window), "无需预测：O_PATH 打开");
}

typedef struct
{
  GtkWidget  *label;
  const char *text;
} LabelShows;

static gboolean
label_shows (gpointer data)
{
  LabelShows *l = data;

  return gtk_widget_get_mapped (l->label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (l->label)), l->text) == 0;
}

typedef struct
{
  const char *path;
  guint64     bytes;
} Logged;

/* The session's watch of @path has seen @bytes written. */
static gboolean
session_saw (gpointer data)
{
  Logged *l = data;
  FifolabObserved *seen = fifolab_session_get_observed (fifolab_application_get_session (app), l->path);

  return seen != NULL && fifolab_observed_get_written (seen) == l->bytes;
}

/* Stepping from the stage until its line says @expected, @reader printing
 * nothing before; the first step by its key, F8, the others by the button. */
typedef struct
{
  GtkWidget          *step_button;
  FifolabStepWatch   *watch;
  GtkWidget          *line;
  const char         *expected;
  FifolabPeerProcess *reader;
} ToLine;

static gboolean
step_shown (gpointer data)
{
  return fifolab_ui_test_sensitive (((ToLine *) data)->step_button);
}

static void
reader_silent (gpointer data)
{
  g_assert_cmpuint (fifolab_peer_process_get_output_lines (((ToLine *) data)->reader)->len, ==, 0);
}

static gboolean
line_says (gpointer data)
{
  ToLine *t = data;

  return g_str_equal (gtk_label_get_text (GTK_LABEL (t->line)), t->expected);
}

static void
step_from_stage (gpointer data,
                 guint    n)
{
  ToLine *t = data;

  fifolab_ui_test_press_step (t->step_button, t->watch, n == 0 ? "F8" : NULL, TIMEOUT_MS);
}

/* Every record of the step watch the test follows, from its own handler. */
static GPtrArray *records;

static void
capture_records (FifolabStepWatch *watch)
{
  g_clear_pointer (&records, g_ptr_array_unref);
  /* Each watch's into its own array: a stopped one's last records are
   * not the next test's. */
  records = fifolab_ui_test_capture_records (watch);
}

/* The watch's last record of a call @syscall of process @pid, NULL: none. */
static FifolabWatchRecord *
call_record (gint64      pid,
             const char *syscall)
{
  for (guint i = records->len; i > 0; i--)
    {
      FifolabWatchRecord *record = records->pdata[i - 1];

      if (record->kind == FIFOLAB_WATCH_CALL && record->pid == pid && g_strcmp0 (record->syscall, syscall) == 0)
        return record;
    }
  return NULL;
}

/* The label under the bar that says what process @pid's call stepped did:
 * "pid N: ...". */
static GtkWidget *
outcome_of (GtkWidget *bar,
            gint64     pid)
{
  /* "pid 4211: " in the language shown. */
  g_autofree char *prefix = g_strdup_printf (_("pid %d: %s"), (int) pid, "");

  return fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_step_outcome_with_prefix, prefix);
}

typedef struct
{
  GtkWidget  *bar;
  gint64      pid;
  const char *text;      /* the whole text, or */
  GRegex     *pattern;   /* a pattern it matches */
} OutcomeShows;

static gboolean
outcome_shows (gpointer data)
{
  OutcomeShows *o = data;
  GtkWidget *label = outcome_of (o->bar, o->pid);
  const char *text;

  if (label == NULL)
    return FALSE;
  text = gtk_label_get_text (GTK_LABEL (label));
  return o->pattern != NULL ? g_regex_match (o->pattern, text, 0, NULL) : g_str_equal (text, o->text);
}

/* Chooses the prediction whose button is named @name (a toggle button
 * of the bar's, shown). */
static void
predict (GtkWidget  *bar,
         const char *name)
{
  GtkWidget *button;

  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) name, TIMEOUT_MS));
  button = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_button_named, name);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  g_assert_true (gtk_widget_get_focusable (button));
  /* As Space or Enter on it: its click comes at the end of the press. */
  fifolab_ui_test_press (button);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, button, TIMEOUT_MS));
}

typedef struct
{
  FifolabStepWatch *watch;
  gint64            pid;
} HeldBy;

/* The call that waits longest is process @pid's. */
static gboolean
oldest_is_of (gpointer data)
{
  HeldBy *h = data;
  FifolabWatchRecord *pending = fifolab_step_watch_get_pending (h->watch);

  return pending != NULL && pending->pid == h->pid;
}

/* Process @pid has a call held. */
static gboolean
holds_call_of (gpointer data)
{
  HeldBy *h = data;

  return fifolab_step_watch_get_pending_of (h->watch, h->pid) != NULL;
}

/* The last peer of @role the lesson started. */
static FifolabPeerProcess *
newest_peer (FifolabLesson   *lesson,
             FifolabPeerRole  role)
{
  GListModel *peers = fifolab_lesson_get_peers (lesson);

  for (guint i = g_list_model_get_n_items (peers); i > 0; i--)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i - 1);

      if (fifolab_peer_process_get_role (peer) == role)
        return peer;
    }
  g_assert_not_reached ();
}

/* The stage: its lessons page and lesson, the step bar's controls. */
typedef struct
{
  FifolabLessonsPage *page;
  FifolabLesson      *lesson;
  FifolabUiStepBar    bar;
} Stage;

/* What the bar and the watch said, when a wait for an outcome fails. */
static gboolean
outcome_shown (OutcomeShows *o)
{
  GtkWidget *label;

  if (fifolab_test_wait_until (outcome_shows, o, TIMEOUT_MS))
    return TRUE;
  label = outcome_of (o->bar, o->pid);
  g_test_message ("pid %" G_GINT64_FORMAT "'s outcome: %s", o->pid,
                  label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : "(none)");
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      g_autofree char *text = fifolab_watch_record_to_text (records->pdata[i]);

      g_test_message ("record: %s %s", fifolab_watch_kind_to_string (((FifolabWatchRecord *) records->pdata[i])->kind), text);
    }
  return FALSE;
}

static void
open_stage (Stage *st)
{
  st->page = fifolab_ui_test_show_stage (GTK_WIDGET (window), &st->bar, TIMEOUT_MS);
  st->lesson = fifolab_lessons_page_get_lesson (st->page);
}

/* The lesson at the step @action_id, its pipe made first if this test
 * runs alone. */
static void
at_step (Stage      *st,
         const char *action_id)
{
  if (!g_file_test (fifolab_lesson_get_pipe_path (st->lesson), G_FILE_TEST_EXISTS))
    fifolab_ui_test_run_lesson_step (st->page, "mkfifo");
  fifolab_lesson_set_current (st->lesson, fifolab_test_lesson_step_of (st->lesson, action_id));
}

/* Step mode on, at the step @action_id; returns the watch, its records
 * captured. */
static FifolabStepWatch *
step_mode_on (Stage      *st,
              const char *action_id)
{
  FifolabStepWatch *watch;

  at_step (st, action_id);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st->bar.mode_button), TRUE);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, st->bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st->bar.widget));
  capture_records (watch);
  return watch;
}

/* The stage open, step mode on at the step @action_id, that step run:
 * returns the last peer of @role it started; @held says its pid and the
 * watch. */
static FifolabPeerProcess *
start_stepped (Stage           *st,
               const char      *action_id,
               FifolabPeerRole  role,
               HeldBy          *held)
{
  FifolabPeerProcess *peer;

  open_stage (st);
  held->watch = step_mode_on (st, action_id);
  fifolab_ui_test_run_lesson_step (st->page, action_id);
  peer = newest_peer (st->lesson, role);
  held->pid = fifolab_peer_process_get_pid (peer);
  return peer;
}

/* Step mode off, and the log shown again. */
static void
close_stage (Stage *st)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st->bar.mode_button), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

static gboolean
fifo_writable (gpointer data)
{
  int *fd = data;

  /* Non-blocking: ENXIO until a reader has the pipe open (or waits in
   * open()), and no side effect then. */
  *fd = fifolab_fifo_open (fifolab_lesson_get_pipe_path (fifolab_lessons_page_get_lesson (fifolab_ui_test_lessons_page (GTK_WIDGET (window)))),
                           O_WRONLY, NULL);
  return *fd >= 0;
}

static void
write_all (int         fd,
           const char *text)
{
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
}

static void
test_step_stage_lesson_writer (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *writer = NULL;
  FifolabPeerProcess *reader = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *received = NULL;
  LabelShows shows;
  Logged logged;
  FifolabUiDiagramText diagram_draws;
  g_autofree char *short_text = NULL;
  guint steps;

  if (!fifolab_test_watch_supported (2))
    return;

  open_stage (&st);
  g_assert_false (gtk_widget_get_visible (st.bar.step_button));
  g_assert_true (gtk_widget_get_mapped (st.bar.mode_button));
  g_assert_false (gtk_widget_get_mapped (st.bar.line));
  g_assert_false (g_file_test (fifolab_lesson_get_pipe_path (st.lesson), G_FILE_TEST_EXISTS));

  /* On before the lesson's pipe exists: said, and started once it does. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), TRUE);
  shows = (LabelShows) { st.bar.line, "Step mode starts once the lesson makes its pipe" };
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget)));
  fifolab_ui_test_run_lesson_step (st.page, "mkfifo");
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, st.bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget));
  capture_records (watch);
  g_assert_true (fifolab_lesson_get_step_watch (st.lesson) == watch);
  shows.text = "Nothing is waiting";
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Step One Call", TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Run All", TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (st.bar.step_button));

  fifolab_ui_test_run_lesson_step (st.page, "start-writer");
  fifolab_test_lesson_pair (st.lesson, (gpointer *) &writer, (gpointer *) &reader);
  hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_peer_process_get_pid (writer));
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to write %d bytes to my_pipe",
                              fifolab_peer_process_get_pid (writer), (int) strlen (hello));

  /* Step, the oldest each time, until the line names the write; the reader
   * prints nothing before. */
  steps = fifolab_test_step_until (watch,
                                   &(FifolabTestStepper) { step_shown, reader_silent, line_says, step_from_stage },
                                   &(ToLine) { st.bar.step_button, watch, st.bar.line, expected, reader }, 16, TIMEOUT_MS);
  /* The opens were held first: F8 and the button were both pressed. */
  g_assert_cmpuint (steps, >=, 2);
  g_assert_true (gtk_widget_get_mapped (st.bar.line));
  g_assert_false (gtk_widget_get_focusable (st.bar.line));
  /* The writer's box in the diagram says it too. */
  short_text = g_strdup_printf ("about to write %d B", (int) strlen (hello));
  diagram_draws = (FifolabUiDiagramText) { FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (st.page)), short_text };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &diagram_draws, TIMEOUT_MS));

  /* Predict, then see: the choices are a write's (not a read's), one is
   * chosen, the write goes; the bar says what the watch saw it do. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Returns at once", TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Fails with EPIPE and SIGPIPE: no reader"));
  /* The bar is several lines high now; Back to the Log beside it keeps
   * its own height, at the top, not stretched down the bar's. */
  {
    GtkWidget *back = NULL;
    int natural = 0;

    /* Its button, found from the bar outwards. */
    for (GtkWidget *w = gtk_widget_get_parent (st.bar.widget); w != NULL && back == NULL; w = gtk_widget_get_parent (w))
      back = fifolab_ui_test_find_widget (w, fifolab_ui_test_is_button_of, "win.show-log");
    g_assert_nonnull (back);
    fifolab_ui_test_wait_frames (back, 2, TIMEOUT_MS);
    gtk_widget_measure (back, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (back), NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_height (st.bar.widget), >, natural * 2);
    g_assert_cmpint (gtk_widget_get_height (back), <=, natural);
  }
  /* Narrow, with the call held and its choices shown: the bar wraps
   * (nothing past the window's right edge), the card keeps its text
   * readable and Previous and Next in sight (at 500 x 768 the stage went
   * off the window's right edge, the card out of sight). */
  {
    int width = 0, height = 0;
    const int widths[] = { 700, 500 };

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      {
        g_autofree char *what = g_strdup_printf ("%dx768, a write held", widths[i]);

        fifolab_ui_window_test_resize (widths[i], 768);
        fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);
        fifolab_ui_test_assert_stage_fits (GTK_WIDGET (window), what, FALSE, TRUE);
      }
    fifolab_ui_window_test_resize (width, height);
  }
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Returns 0: end of file, no writer"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Blocks: the pipe is empty"));
  predict (st.bar.widget, "Blocks: the pipe is full");
  fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
  {
    g_autofree char *said = g_strdup_printf ("pid %" G_GINT64_FORMAT ": write returned %d at once",
                                             fifolab_peer_process_get_pid (writer), (int) strlen (hello));
    OutcomeShows outcome = { st.bar.widget, fifolab_peer_process_get_pid (writer), said, NULL };
    FifolabWatchRecord *write_call;

    g_assert_true (outcome_shown (&outcome));
    /* What the watch recorded of that write: its bytes, all at once. */
    write_call = call_record (fifolab_peer_process_get_pid (writer), "write");
    g_assert_nonnull (write_call);
    g_assert_cmpint (write_call->result, ==, (gint64) strlen (hello));
    g_assert_cmpint (write_call->error, ==, 0);
    g_assert_cmpstr (fifolab_ui_test_step_verdict (st.bar.widget, fifolab_peer_process_get_pid (writer)), ==,
                     "You predicted: blocks. Not this time.");
  }

  /* The reader gets it once its own held call (if one waits) goes too. */
  fifolab_ui_test_step_until_output (st.bar.step_button, watch, reader, 4, TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %s",
                              fifolab_peer_process_get_pid (reader), hello);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);

  /* The held calls were logged as a watch's: the session saw the write
   * (its bytes, once the record of its return is read) and the reader. */
  logged.path = fifolab_lesson_get_pipe_path (st.lesson);
  logged.bytes = strlen (hello);
  g_assert_true (fifolab_test_wait_until (session_saw, &logged, TIMEOUT_MS));
  g_assert_nonnull (fifolab_observed_lookup (fifolab_session_get_observed (fifolab_application_get_session (app), logged.path),
                                             fifolab_peer_process_get_pid (reader)));

  /* Run: both go on to their end; off: the watch ends, the lesson starts
   * its processes as usual. */
  fifolab_ui_test_press (st.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), FALSE);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget)));
  g_assert_null (fifolab_lesson_get_step_watch (st.lesson));
  g_assert_false (gtk_widget_get_visible (st.bar.line));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* Lesson 2's reader alone, stepped: its open() with no writer, then its
 * read() with nothing in the pipe (the writer is the test process, which
 * the watch never holds). Each blocks; the bar says so, then for how long
 * and what it returned, as the watch recorded it. */
static void
test_step_stage_blocked_read (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *reader;
  HeldBy held;
  gint64 pid;
  g_autofree char *open_call = NULL;
  g_autofree char *said = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GRegex) opened = NULL;
  g_autoptr(GRegex) read_back = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *secs_text = NULL;
  g_autofree char *n_text = NULL;
  OutcomeShows outcome;
  FifolabWatchRecord *pending;
  FifolabWatchRecord *call;
  gint64 requested;
  int fd = -1;

  if (!fifolab_test_watch_supported (2))
    return;

  reader = start_stepped (&st, "start-reader", FIFOLAB_PEER_ROLE_READ, &held);
  watch = held.watch;
  pid = held.pid;
  g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));

  /* Its first open(), O_PATH (fifolab-peer.c), never blocks: nothing to
   * predict (the bar says why), Step, and the bar says it returned at once. */
  pending = fifolab_step_watch_get_pending (watch);
  g_assert_true (g_str_has_prefix (pending->syscall, "open"));
  open_call = g_strdup (pending->syscall);
  g_assert_true (fifolab_test_wait_until (o_path_why_shown, NULL, TIMEOUT_MS));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Fails with ENXIO: non-blocking, no reader"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Blocks until the other end opens"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Blocks: the pipe is full"));
  fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
  opened = g_regex_new ("^pid [0-9]+: open(at)? returned descriptor ([0-9]+) at once$", 0, 0, NULL);
  outcome = (OutcomeShows) { st.bar.widget, pid, NULL, opened };
  g_assert_true (outcome_shown (&outcome));
  g_assert_null (fifolab_ui_test_step_verdict (st.bar.widget, pid));
  g_clear_pointer (&opened, g_regex_unref);

  /* Its open() for reading (of that descriptor, through /proc/self/fd):
   * an open's choices; "blocks" predicted. */
  g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));
  pending = fifolab_step_watch_get_pending (watch);
  g_assert_cmpstr (pending->syscall, ==, open_call);
  /* Blocking: it cannot fail with ENXIO. */
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Fails with ENXIO: non-blocking, no reader"));
  predict (st.bar.widget, "Blocks until the other end opens");
  fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);

  /* No writer: it sleeps in open(), and the bar says so. */
  said = g_strdup_printf ("pid %" G_GINT64_FORMAT ": %s is blocked, asleep in the kernel…", pid, open_call);
  outcome = (OutcomeShows) { st.bar.widget, pid, said, NULL };
  g_assert_true (outcome_shown (&outcome));
  g_assert_null (fifolab_ui_test_step_verdict (st.bar.widget, pid));

  /* A writer (the test) opens: the open returns; the bar says how long it
   * slept and the descriptor, as the watch's record of it does. */
  g_assert_true (fifolab_test_wait_until (fifo_writable, &fd, TIMEOUT_MS));
  opened = g_regex_new ("^pid [0-9]+: open(at)? blocked ([0-9]+\\.[0-9]) s until the other end opened, "
                        "then returned descriptor ([0-9]+)$", 0, 0, NULL);
  outcome = (OutcomeShows) { st.bar.widget, pid, NULL, opened };
  g_assert_true (outcome_shown (&outcome));
  call = call_record (pid, open_call);
  g_assert_nonnull (call);
  g_assert_true (g_regex_match (opened, gtk_label_get_text (GTK_LABEL (outcome_of (st.bar.widget, pid))), 0, &match));
  secs_text = g_match_info_fetch (match, 2);
  n_text = g_match_info_fetch (match, 3);
  g_assert_cmpfloat (g_ascii_strtod (secs_text, NULL), >, 0);
  g_assert_cmpint (g_ascii_strtoll (n_text, NULL, 10), ==, call->result);
  g_assert_cmpint (call->blocked_us, >=, 100000);
  g_assert_cmpstr (fifolab_ui_test_step_verdict (st.bar.widget, pid), ==, "You predicted: blocks. Right.");
  g_clear_pointer (&match, g_match_info_unref);
  g_clear_pointer (&secs_text, g_free);
  g_clear_pointer (&n_text, g_free);

  /* Step on to its read() (the book's reader opens again through
   * /proc/self/fd and closes the first descriptor). */
  for (guint steps = 0;; steps++)
    {
      g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));
      pending = fifolab_step_watch_get_pending (watch);
      if (pending->is_read)
        break;
      g_assert_cmpuint (steps, <, 8);
      fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
    }
  requested = pending->requested;
  g_assert_cmpint (requested, >, 0);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Returns data at once", TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_button_shown ((gpointer) "Returns 0: end of file, no writer"));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Fails with EPIPE and SIGPIPE: no reader"));
  predict (st.bar.widget, "Blocks: the pipe is empty");
  fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);

  /* The pipe is empty: it sleeps in read(). */
  g_clear_pointer (&said, g_free);
  said = g_strdup_printf ("pid %" G_GINT64_FORMAT ": read is blocked, asleep in the kernel…", pid);
  outcome = (OutcomeShows) { st.bar.widget, pid, said, NULL };
  g_assert_true (outcome_shown (&outcome));

  /* The test writes: the read returns what it got. */
  hello = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  write_all (fd, hello);
  read_back = g_regex_new ("^pid [0-9]+: read blocked ([0-9]+\\.[0-9]) s, then returned ([0-9]+) bytes$", 0, 0, NULL);
  outcome = (OutcomeShows) { st.bar.widget, pid, NULL, read_back };
  g_assert_true (outcome_shown (&outcome));
  call = call_record (pid, "read");
  g_assert_nonnull (call);
  g_assert_true (g_regex_match (read_back, gtk_label_get_text (GTK_LABEL (outcome_of (st.bar.widget, pid))), 0, &match));
  secs_text = g_match_info_fetch (match, 1);
  n_text = g_match_info_fetch (match, 2);
  /* How long: more than nothing, the watch's figure to a tenth. */
  g_assert_cmpfloat (g_ascii_strtod (secs_text, NULL), >, 0);
  g_assert_cmpfloat (ABS (g_ascii_strtod (secs_text, NULL) - call->blocked_us / 1e6), <=, 0.05 + 1e-9);
  g_assert_cmpint (g_ascii_strtoll (n_text, NULL, 10), ==, call->result);
  g_assert_cmpint (call->result, ==, MIN ((gint64) strlen (hello), requested));
  g_assert_cmpstr (fifolab_ui_test_step_verdict (st.bar.widget, pid), ==, "You predicted: blocks. Right.");

  /* Run: the reader prints those bytes and leaves. */
  fifolab_ui_test_press (st.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %.*s", pid,
                              (int) call->result, hello);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
  close (fd);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  close_stage (&st);
}

/* The buttons in sight that would "run": the step's own (lessons.run)
 * and step mode's Run (stepbar.run), each counted when it is on screen;
 * @card and @run say which. */
static guint
runs_shown (Stage     *st,
            gboolean  *card,
            gboolean  *run)
{
  GtkWidget *action = fifolab_ui_test_find_widget (GTK_WIDGET (st->page), fifolab_ui_test_is_button_of,
                                                   "lessons.run");

  g_assert_nonnull (action);
  *card = gtk_widget_get_mapped (action);
  *run = gtk_widget_get_mapped (st->bar.run_button);
  g_test_message ("the step's button %s (%s), step mode's Run %s",
                  *card ? "shown" : "hidden", gtk_button_get_label (GTK_BUTTON (action)),
                  *run ? "shown" : "hidden");
  return (*card ? 1 : 0) + (*run ? 1 : 0);
}

static gboolean
step_done_now (gpointer data)
{
  Stage *st = data;

  return fifolab_lesson_is_step_done (st->lesson, fifolab_lesson_get_current (st->lesson));
}

/* Step mode on at lesson 4, whose step's button says "Run": one way to run
 * is in sight at a time. Before the step, its own button (step mode's Run,
 * which lets held calls go, has none to let go of and is not shown); while
 * the step's processes are held, and once it is done, step mode's Run (the
 * step's button can do nothing then, and goes); at the next step, its own
 * button again; step mode off, only that. */
static void
test_step_stage_one_run (void)
{
  Stage st;
  gboolean card, run;

  if (!fifolab_test_watch_supported (2))
    return;

  open_stage (&st);
  step_mode_on (&st, "writer-closes");
  g_assert_cmpstr (fifolab_lesson_get_step_action_label (st.lesson, fifolab_lesson_get_current (st.lesson)), ==, "Run");
  fifolab_ui_test_wait_frames (st.bar.widget, 2, TIMEOUT_MS);
  g_assert_cmpuint (runs_shown (&st, &card, &run), ==, 1);
  g_assert_true (card);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (st.page), "lessons.run", NULL));
  g_assert_true (fifolab_test_wait_until (step_shown, &(ToLine) { st.bar.step_button }, TIMEOUT_MS));
  g_assert_cmpuint (runs_shown (&st, &card, &run), ==, 1);
  g_assert_true (run);
  g_assert_true (fifolab_ui_test_sensitive (st.bar.run_button));

  g_assert_true (gtk_widget_activate_action (st.bar.widget, "stepbar.run", NULL));
  g_assert_true (fifolab_test_wait_until (step_done_now, &st, TIMEOUT_MS));
  g_assert_cmpuint (runs_shown (&st, &card, &run), ==, 1);
  g_assert_true (run);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (st.page), "lessons.next", NULL));
  g_assert_cmpuint (runs_shown (&st, &card, &run), ==, 1);
  g_assert_true (card);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), FALSE);
  g_assert_cmpuint (runs_shown (&st, &card, &run), ==, 1);
  g_assert_true (card);
  close_stage (&st);
}

/* The step watch killed while it holds a reader: step mode says it ended
 * and is off; the reader goes on, unwatched, to its end. */
static void
test_step_stage_watch_killed (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *reader;
  HeldBy held;
  LabelShows shows;
  g_autofree char *hello = NULL;
  g_autofree char *received = NULL;
  int fd = -1;

  if (!fifolab_test_watch_supported (2))
    return;

  reader = start_stepped (&st, "start-reader", FIFOLAB_PEER_ROLE_READ, &held);
  watch = held.watch;
  g_assert_true (fifolab_test_wait_until (holds_call_of, &held, TIMEOUT_MS));

  g_assert_cmpint (kill ((pid_t) fifolab_step_watch_get_pid (watch), SIGKILL), ==, 0);
  shows = (LabelShows) { st.bar.line, "Step mode ended: the watch stopped" };
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (st.bar.mode_button)));
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget)));
  g_assert_null (fifolab_lesson_get_step_watch (st.lesson));
  g_assert_false (gtk_widget_get_visible (st.bar.step_button));

  /* Nothing holds the reader now: it opens once a writer does, reads. */
  g_assert_true (fifolab_test_wait_until (fifo_writable, &fd, TIMEOUT_MS));
  hello = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  write_all (fd, hello);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %.22s",
                              fifolab_peer_process_get_pid (reader), hello);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
  close (fd);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* Step mode cannot start its watch (the process has no descriptor left
 * for the watch's pipes, for that moment): it says so, in words, and is
 * off; on again, it starts. */
static void
test_step_stage_could_not_start (void)
{
  Stage st;
  struct rlimit was;
  struct rlimit none;
  g_autofree char *expected = NULL;
  LabelShows shows;
  int lowest;

  open_stage (&st);
  at_step (&st, "start-reader");

  /* No new descriptor: the limit is the lowest free one. Not 0: poll()
   * of one descriptor (Xlib's, flushing to the X server) needs a limit of
   * at least 1, and fails the display otherwise. */
  lowest = dup (0);
  g_assert_cmpint (lowest, >, 0);
  close (lowest);
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &was), ==, 0);
  none = (struct rlimit) { (rlim_t) lowest, was.rlim_max };
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &none), ==, 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), TRUE);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &was), ==, 0);

  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (st.bar.mode_button)));
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget)));
  g_assert_null (fifolab_lesson_get_step_watch (st.lesson));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (st.bar.line)), "Step mode could not start: "));
  /* Why, as the system said it. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (st.bar.line)), g_strerror (EMFILE)));
  expected = g_strdup (gtk_label_get_text (GTK_LABEL (st.bar.line)));
  shows = (LabelShows) { st.bar.line, expected };
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (st.bar.step_button));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), TRUE);
  g_assert_nonnull (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget)));
  shows.text = "Nothing is waiting";
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  close_stage (&st);
}

/* Lesson 3's reader and writer held; the teacher goes on to lesson 4:
 * nothing stays held, both run to their end and the reader gets the
 * writer's message; step mode stays on, its watch holding nothing of
 * theirs. */
static void
test_step_stage_switch_lesson (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *reader;
  FifolabPeerProcess *writer;
  HeldBy held;
  g_autofree char *received = NULL;
  guint chapter;
  gint64 watch_pid;

  if (!fifolab_test_watch_supported (2))
    return;

  reader = start_stepped (&st, "start-writer", FIFOLAB_PEER_ROLE_READ, &held);
  watch = held.watch;
  writer = newest_peer (st.lesson, FIFOLAB_PEER_ROLE_WRITE);
  g_assert_true (fifolab_test_wait_until (holds_call_of, &held, TIMEOUT_MS));
  held.pid = fifolab_peer_process_get_pid (writer);
  g_assert_true (fifolab_test_wait_until (holds_call_of, &held, TIMEOUT_MS));

  chapter = fifolab_lesson_get_step_chapter (st.lesson, fifolab_lesson_get_current (st.lesson));
  /* By pid: the watch object goes with its watch. */
  watch_pid = fifolab_step_watch_get_pid (watch);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (st.page), "lessons.next", NULL));
  g_assert_cmpuint (fifolab_lesson_get_step_chapter (st.lesson, fifolab_lesson_get_current (st.lesson)), ==,
                    chapter + 1);

  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_code (writer), ==, 0);
  g_assert_cmpint (fifolab_peer_process_get_exit_code (reader), ==, 0);
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (reader), fifolab_peer_process_get_pid (writer));
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (st.bar.mode_button)));
  /* The same pipe: the same watch goes on, for the new lesson's
   * processes (it watched theirs to their end). */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, st.bar.widget, TIMEOUT_MS));
  g_assert_cmpint (fifolab_step_watch_get_pid (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget))), ==, watch_pid);
  g_assert_true (fifolab_step_watch_is_running (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget))));
  g_assert_true (fifolab_lesson_get_step_watch (st.lesson) == fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget)));
  g_assert_cmpuint (fifolab_step_watch_get_n_pending (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget))), ==, 0);
  close_stage (&st);
}

typedef struct
{
  GtkWidget *bar;
  gint64     pid;
} BarHolds;

/* The step bar's watch, whichever it is now, holds a call of the
 * BarHolds @data's process. */
static gboolean
bar_holds_call_of (gpointer data)
{
  BarHolds *h = data;
  FifolabStepWatch *watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (h->bar));

  return watch != NULL && fifolab_step_watch_get_pending_of (watch, h->pid) != NULL;
}

/* Lesson 2's reader stepped into its open() for reading, which waits for
 * a writer; Next, to lesson 3: the reader runs on, nothing of it is held
 * again (no Predict for its open a second time, no Step of its own), and
 * the gauge keeps counting, as the watch saw every call on the pipe.
 * Lesson 3's writer, stepped, writes; the reader gets its message. */
static void
test_step_stage_next_lesson_waiting_reader (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *reader;
  FifolabPeerProcess *writer;
  HeldBy held;
  BarHolds held_by_bar;
  FifolabUiDiagramText counted;
  g_autofree char *received = NULL;
  guint64 queued = G_MAXUINT64;

  if (!fifolab_test_watch_supported (2))
    return;

  reader = start_stepped (&st, "start-reader", FIFOLAB_PEER_ROLE_READ, &held);
  watch = held.watch;
  /* F8 twice: its O_PATH open, then its open for reading, which sleeps. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));
      fifolab_ui_test_press_step (st.bar.step_button, watch, "F8", TIMEOUT_MS);
    }
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER ((int) held.pid), TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (st.page), "lessons.next", NULL));
  g_assert_cmpuint (fifolab_lesson_get_step_chapter (st.lesson, fifolab_lesson_get_current (st.lesson)), ==, 3);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, st.bar.widget, TIMEOUT_MS));
  /* Not held again, by whatever watch step mode has now (a new one would
   * find it in open() on the pipe within a scan or two). */
  held_by_bar = (BarHolds) { st.bar.widget, held.pid };
  g_assert_false (fifolab_test_wait_until (bar_holds_call_of, &held_by_bar, 2000));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "Blocks until the other end opens"));
  g_assert_true (fifolab_test_in_fifo_open (GINT_TO_POINTER ((int) held.pid)));
  /* The bytes in the pipe still known: none. */
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget));
  g_assert_true (fifolab_step_watch_get_queued (watch, &queued));
  g_assert_cmpuint (queued, ==, 0);
  counted = (FifolabUiDiagramText) { FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (st.page)),
                                     "0 of 65536 bytes in the buffer, counted by the watch" };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &counted, TIMEOUT_MS));

  /* Lesson 3: its writer, held, stepped; every call held is the writer's,
   * the reader reads without a Step. */
  capture_records (watch);
  fifolab_ui_test_run_lesson_step (st.page, "start-writer");
  writer = newest_peer (st.lesson, FIFOLAB_PEER_ROLE_WRITE);
  held.pid = fifolab_peer_process_get_pid (writer);
  for (guint steps = 0; !fifolab_test_peer_has_output (reader); steps++)
    {
      g_assert_cmpuint (steps, <, 12);
      if (!fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS))
        break;
      g_assert_null (fifolab_step_watch_get_pending_of (watch, fifolab_peer_process_get_pid (reader)));
      fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
    }
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (reader), held.pid);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
  /* Written and read, as the watch saw: the gauge counts them, none left. */
  g_assert_nonnull (call_record (held.pid, "write"));
  g_assert_nonnull (call_record (fifolab_peer_process_get_pid (reader), "read"));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &counted, TIMEOUT_MS));
  g_assert_true (fifolab_step_watch_get_queued (watch, &queued));
  g_assert_cmpuint (queued, ==, 0);

  fifolab_ui_test_press (st.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  close_stage (&st);
}

typedef struct
{
  GtkWidget *bar;
  gint64     pid;
} NewWatch;

/* The step bar has a watch, another than the one of pid @pid. */
static gboolean
bar_has_new_watch (gpointer data)
{
  NewWatch *n = data;
  FifolabStepWatch *watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (n->bar));

  return watch != NULL && fifolab_step_watch_get_pid (watch) != n->pid;
}

/* Lesson 2's reader let run by Run: its open() for reading waits for a
 * writer. Next, to lesson 3: Run let every call go, so a new watch comes,
 * which finds the reader in open() on the pipe and traces it, and holds
 * none of its calls: the writer lesson 3 starts, held and stepped, opens
 * and writes, and every call held is the writer's, never the reader's
 * read (no Predict, no Step of a lesson before's process); the reader
 * gets the message. */
static void
test_step_stage_run_then_next_lesson (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *reader;
  FifolabPeerProcess *writer;
  HeldBy held;
  NewWatch new_watch;
  g_autofree char *received = NULL;

  if (!fifolab_test_watch_supported (2))
    return;

  reader = start_stepped (&st, "start-reader", FIFOLAB_PEER_ROLE_READ, &held);
  watch = held.watch;
  g_assert_true (fifolab_test_wait_until (holds_call_of, &held, TIMEOUT_MS));
  fifolab_ui_test_press (st.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER ((int) held.pid), TIMEOUT_MS));

  new_watch = (NewWatch) { st.bar.widget, fifolab_step_watch_get_pid (watch) };
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (st.page), "lessons.next", NULL));
  g_assert_cmpuint (fifolab_lesson_get_step_chapter (st.lesson, fifolab_lesson_get_current (st.lesson)), ==, 3);
  g_assert_true (fifolab_test_wait_until (bar_has_new_watch, &new_watch, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget));
  capture_records (watch);
  /* The new watch has found the reader and traces it: its calls from now
   * on would be held, were it to hold them. */
  g_assert_true (fifolab_test_wait_until (fifolab_test_traced_by,
                                          &(FifolabTestTraced) { (GPid) held.pid, (GPid) fifolab_step_watch_get_pid (watch) },
                                          TIMEOUT_MS));
  g_assert_null (fifolab_step_watch_get_pending_of (watch, held.pid));

  /* Lesson 3's writer, held, stepped; the reader's open returns and it
   * reads, without a Step. */
  fifolab_ui_test_run_lesson_step (st.page, "start-writer");
  writer = newest_peer (st.lesson, FIFOLAB_PEER_ROLE_WRITE);
  held.watch = watch;
  held.pid = fifolab_peer_process_get_pid (writer);
  for (guint steps = 0; !fifolab_test_peer_has_output (reader); steps++)
    {
      g_assert_cmpuint (steps, <, 12);
      if (!fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS))
        break;
      g_assert_null (fifolab_step_watch_get_pending_of (watch, fifolab_peer_process_get_pid (reader)));
      fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
    }
  g_assert_null (fifolab_step_watch_get_pending_of (watch, fifolab_peer_process_get_pid (reader)));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (reader), held.pid);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);
  /* Seen all the same: the new watch recorded the reader's read. */
  g_assert_nonnull (call_record (fifolab_peer_process_get_pid (reader), "read"));

  fifolab_ui_test_press (st.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  close_stage (&st);
}

/* What the stage's diagram draws in the box of process @pid, under its
 * pid and command; NULL: no box for it. */
static char *
stage_box_state (FifolabLessonsPage *page,
                 gint64              pid)
{
  g_autofree char *box = g_strdup_printf ("pid %d", (int) pid);
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  fifolab_log_flush (fifolab_session_get_log (fifolab_application_get_session (app)));
  texts = _fifolab_diagram_dup_texts (FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (page)), &rects);
  for (guint i = 0; i + 2 < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), box))
      return g_strdup (g_ptr_array_index (texts, i + 2));
  return NULL;
}

typedef struct
{
  FifolabLessonsPage *page;
  gint64              pid;
  const char         *text;
} BoxSays;

static gboolean
box_says (gpointer data)
{
  BoxSays *b = data;
  g_autofree char *state = stage_box_state (b->page, b->pid);

  return state != NULL && strstr (state, b->text) != NULL;
}

static gboolean
box_does_not_say (gpointer data)
{
  return !box_says (data);
}

/* Lesson 8's writer, let run by Run, blocks in write() on the full pipe;
 * the teacher goes to lesson 5's second step and replays it: the writer
 * ends (its pipe's read end closed, told to stop). The step watch of
 * lesson 8, ending, saw its write return and its end: the diagram no
 * longer draws it blocked in write(), neither while step mode stays on
 * nor once it is off. */
static void
test_step_stage_switch_lesson_blocked_writer (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *writer;
  HeldBy held;
  BoxSays blocked;
  g_autofree char *state = NULL;

  if (!fifolab_test_watch_supported (2))
    return;

  writer = start_stepped (&st, "fill", FIFOLAB_PEER_ROLE_WRITE, &held);
  watch = held.watch;
  /* Step, as F8 does, until its first write is held; then Run. */
  for (guint steps = 0;; steps++)
    {
      FifolabWatchRecord *pending;

      g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));
      pending = fifolab_step_watch_get_pending (watch);
      if (pending->is_write)
        break;
      g_assert_cmpuint (steps, <, 8);
      fifolab_ui_test_press_step (st.bar.step_button, watch, steps == 0 ? "F8" : NULL, TIMEOUT_MS);
    }
  fifolab_ui_test_press (st.bar.run_button);
  /* The pipe full, the diagram draws it blocked in write(), as the watch
   * told. */
  blocked = (BoxSays) { st.page, held.pid, "blocked in write()" };
  g_assert_true (fifolab_test_wait_until (box_says, &blocked, TIMEOUT_MS));

  /* Lesson 5, its second step, replayed: the writer ends. */
  fifolab_ui_test_run_lesson_step (st.page, "reader-leaves");
  g_assert_cmpuint (fifolab_lesson_get_step_chapter (st.lesson, fifolab_lesson_get_current (st.lesson)), ==, 5);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  if (!fifolab_test_wait_until (box_does_not_say, &blocked, TIMEOUT_MS))
    {
      state = stage_box_state (st.page, held.pid);
      g_test_message ("pid %" G_GINT64_FORMAT ", exited, is drawn as: %s", held.pid, state);
      g_assert_null (state);
    }
  /* Nor once step mode is off. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), FALSE);
  fifolab_test_run_for (300);
  g_assert_false (box_says (&blocked));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

/* In Chinese: the held call's line, the choices and a Step's outcome and
 * verdict (lesson 2's reader, its open() blocked until the test opens the
 * write end). The texts are written out here, not taken from the
 * catalog: a string the catalog lacks, or the code does not translate,
 * fails. */
static void
test_step_stage_zh_CN (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *reader;
  HeldBy held;
  gint64 pid;
  LabelShows shows;
  OutcomeShows outcome;
  g_autofree char *line = NULL;
  g_autofree char *said = NULL;
  g_autofree char *open_call = NULL;
  g_autoptr(GRegex) opened = NULL;
  int fd = -1;

  if (!fifolab_test_watch_supported (2))
    return;

  reader = start_stepped (&st, "start-reader", FIFOLAB_PEER_ROLE_READ, &held);
  watch = held.watch;
  pid = held.pid;
  g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));
  open_call = g_strdup (fifolab_step_watch_get_pending (watch)->syscall);

  line = g_strdup_printf ("PID %" G_GINT64_FORMAT "（fifolab-peer） 即将打开 my_pipe", pid);
  shows = (LabelShows) { st.bar.line, line };
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  /* The O_PATH open first: nothing to predict, the bar says why; it
   * returns at once. */
  g_assert_true (fifolab_test_wait_until (zh_o_path_why_shown, NULL, TIMEOUT_MS));
  g_assert_false (fifolab_ui_window_test_button_shown ((gpointer) "立即返回"));
  fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
  said = g_strdup_printf ("PID %" G_GINT64_FORMAT "：%s 立即返回描述符 3", pid, open_call);
  outcome = (OutcomeShows) { st.bar.widget, pid, said, NULL };
  g_assert_true (outcome_shown (&outcome));
  g_assert_null (fifolab_ui_test_step_verdict (st.bar.widget, pid));

  /* The open for reading: it blocks. */
  g_assert_true (fifolab_test_wait_until (oldest_is_of, &held, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  predict (st.bar.widget, "阻塞，直到另一端打开");
  fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
  g_clear_pointer (&said, g_free);

  said = g_strdup_printf ("PID %" G_GINT64_FORMAT "：%s 已阻塞，在内核中休眠…", pid, open_call);
  outcome = (OutcomeShows) { st.bar.widget, pid, said, NULL };
  g_assert_true (outcome_shown (&outcome));

  g_assert_true (fifolab_test_wait_until (fifo_writable, &fd, TIMEOUT_MS));
  opened = g_regex_new ("^PID [0-9]+：open(at)? 阻塞 [0-9]+\\.[0-9] 秒，直到另一端打开，然后返回描述符 [0-9]+$", 0, 0, NULL);
  outcome = (OutcomeShows) { st.bar.widget, pid, NULL, opened };
  g_assert_true (outcome_shown (&outcome));
  g_assert_cmpstr (fifolab_ui_test_step_verdict (st.bar.widget, pid), ==, "你的预测：阻塞。正确。");

  /* Run; the reader reads what the test writes and leaves. */
  fifolab_ui_test_press (st.bar.run_button);
  write_all (fd, "Hello from pid [12345]");
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  close (fd);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  close_stage (&st);
}

/* The log has an event of @kind on @path whose detail begins "pid N:". */
typedef struct
{
  FifolabEventKind  kind;
  const char       *path;
  gint64            pid;
} EventLogged;

static gboolean
event_logged (gpointer data)
{
  EventLogged *e = data;
  GListModel *log = G_LIST_MODEL (fifolab_session_get_log (fifolab_application_get_session (app)));
  g_autofree char *prefix = g_strdup_printf ("pid %" G_GINT64_FORMAT ": ", e->pid);

  fifolab_log_flush (FIFOLAB_LOG (log));
  for (guint i = g_list_model_get_n_items (log); i > 0; i--)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (log, i - 1);

      if (fifolab_log_entry_get_kind (entry) == e->kind &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), e->path) == 0 &&
          g_str_has_prefix (fifolab_log_entry_get_display_text (entry), prefix))
        return TRUE;
    }
  return FALSE;
}

/* Lesson 9 (issue: it could not be stepped): its writer and its server meet
 * on request_pipe, the pipe its stage draws, so step mode watches that one,
 * and holds both, the server (a shell) from its first call too; Step lets
 * the oldest go. Run: the conversation ends, and the server, exited, is
 * still a peer of the lesson, drawn and logged as exited like the writer. */
static void
test_step_stage_conversation (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *server = NULL;
  FifolabPeerProcess *writer;
  FifolabPeerProcess *reader;
  GListModel *peers;
  HeldBy held;
  g_autofree char *server_pid = NULL;
  FifolabUiDiagramText diagram_draws;
  EventLogged exit_logged;
  const char *request;

  if (!fifolab_test_watch_supported (2))
    return;

  open_stage (&st);
  at_step (&st, "conversation");
  request = fifolab_lesson_get_stage_path (st.lesson);
  g_assert_true (g_str_has_suffix (request, "request_pipe"));
  /* On while the stage's pipe is not made yet, as before lesson 1's: the
   * step makes it, and the watch starts on it before the processes. */
  g_unlink (request);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (st.bar.mode_button), TRUE);
  fifolab_ui_test_run_lesson_step (st.page, "conversation");
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, st.bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget));
  capture_records (watch);
  g_assert_cmpstr (fifolab_step_watch_get_path (watch), ==, request);

  /* The server: the reader of request_pipe, listed with the others. */
  peers = fifolab_lesson_get_peers (st.lesson);
  for (guint i = 0; i < g_list_model_get_n_items (peers) && server == NULL; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_READ &&
          g_strcmp0 (fifolab_peer_process_get_path (peer), request) == 0)
        server = peer;
    }
  g_assert_nonnull (server);
  writer = newest_peer (st.lesson, FIFOLAB_PEER_ROLE_WRITE);
  reader = newest_peer (st.lesson, FIFOLAB_PEER_ROLE_READ);
  g_assert_true (reader != server);

  /* Both held before their first call on request_pipe; the bar names the
   * oldest; F8 lets it go. */
  held = (HeldBy) { watch, fifolab_peer_process_get_pid (server) };
  g_assert_true (fifolab_test_wait_until (holds_call_of, &held, TIMEOUT_MS));
  held.pid = fifolab_peer_process_get_pid (writer);
  g_assert_true (fifolab_test_wait_until (holds_call_of, &held, TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (st.bar.line)), "pid "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (st.bar.line)), "request_pipe"));
  fifolab_ui_test_press_step (st.bar.step_button, watch, "F8", TIMEOUT_MS);

  /* Run: the request is answered. */
  fifolab_ui_test_press (st.bar.run_button);
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, server, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_has_output, reader, TIMEOUT_MS));
  g_assert_cmpint (fifolab_peer_process_get_exit_code (server), ==, 0);

  /* Its exit logged and drawn, as the writer's. */
  exit_logged = (EventLogged) { FIFOLAB_EVENT_PEER_EXITED, request, fifolab_peer_process_get_pid (server) };
  g_assert_true (fifolab_test_wait_until (event_logged, &exit_logged, TIMEOUT_MS));
  server_pid = g_strdup_printf ("%" G_GINT64_FORMAT, fifolab_peer_process_get_pid (server));
  diagram_draws = (FifolabUiDiagramText) { FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (st.page)), server_pid };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_diagram_draws, &diagram_draws, TIMEOUT_MS));
  close_stage (&st);
}

/* The window's keyboard focus. */
static GtkWidget *
focus_now (void)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_is (gpointer widget)
{
  return focus_now () == widget;
}

static gboolean
focus_moved_from (gpointer was)
{
  return focus_now () != was;
}

/* Presses Tab (a real key) and returns where the focus went. */
static GtkWidget *
press_tab (void)
{
  GtkWidget *was = focus_now ();

  fifolab_ui_test_press_keys (GTK_WINDOW (window), "Tab", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (focus_moved_from, was, TIMEOUT_MS));
  return focus_now ();
}

/* Where the stage draws the diagram, in the window. */
static double
diagram_top (Stage *st)
{
  graphene_rect_t bounds;

  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);
  g_assert_true (gtk_widget_compute_bounds (fifolab_lessons_page_get_diagram (st->page), GTK_WIDGET (window), &bounds));
  return bounds.origin.y;
}

/* A label of the bar's laid out as wide as its text, or as wide as the
 * bar's outcomes (@area) where the text is wider: not wrapped short of
 * the room it has. */
static void
assert_uses_width (GtkWidget *label,
                   GtkWidget *area)
{
  int natural = 0;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_test_message ("“%s”: %d wide, its text %d, the outcomes %d", gtk_label_get_text (GTK_LABEL (label)),
                  gtk_widget_get_width (label), natural, gtk_widget_get_width (area));
  g_assert_cmpint (gtk_widget_get_width (label), >=, MIN (natural, gtk_widget_get_width (area)));
}

/* Step mode by the keyboard, at 1024 x 768, as a class sees it: Alt+M
 * turns it on, and once a call waits, Step has the focus, so that Enter
 * steps (it turned step mode off again). Tab goes from Step and Run to
 * the predictions, no text taking the focus between; Space chooses one,
 * F8 steps, the focus stays in the bar (it was on the button gone with
 * the call). The diagram stays where it was as the bar shows the held
 * call, its choices and the outcome; the outcome and its verdict use the
 * bar's width (they wrapped to a few words a line in half of it). */
static void
test_step_stage_keyboard (void)
{
  Stage st;
  FifolabStepWatch *watch;
  FifolabPeerProcess *writer;
  GtkWidget *focus;
  GtkWidget *outcome;
  GtkWidget *verdict;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  int width = 0, height = 0;
  double top;

  if (!fifolab_test_watch_supported (2))
    return;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  fifolab_ui_window_test_resize (1024, 768);
  open_stage (&st);
  at_step (&st, "start-writer");
  fifolab_ui_test_wait_frames (st.bar.mode_button, 2, TIMEOUT_MS);
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "alt+m", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_step_bar_has_watch, st.bar.widget, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (st.bar.widget));
  capture_records (watch);
  g_assert_true (focus_is (st.bar.mode_button));
  top = diagram_top (&st);

  /* The writer (and the reader) started: their first call held, Step
   * takes the focus; Enter steps, step mode stays on. The held call's
   * line and why there is nothing to predict for it did not move the
   * diagram; nor did the outcome of the Step. */
  fifolab_ui_test_run_lesson_step (st.page, "start-writer");
  writer = newest_peer (st.lesson, FIFOLAB_PEER_ROLE_WRITE);
  g_assert_true (fifolab_test_wait_until (focus_is, st.bar.step_button, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (o_path_why_shown, NULL, TIMEOUT_MS));
  g_assert_cmpfloat (diagram_top (&st), ==, top);
  fifolab_ui_test_press_step (st.bar.step_button, watch, "Return", TIMEOUT_MS);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (st.bar.mode_button)));
  g_assert_nonnull (fifolab_ui_test_find_widget (st.bar.widget, fifolab_ui_test_is_named, "step-outcome"));
  g_assert_cmpfloat (diagram_top (&st), ==, top);

  /* On to the write, its choices shown. */
  for (guint i = 0; !fifolab_ui_window_test_button_shown ((gpointer) "Blocks: the pipe is full"); i++)
    {
      g_assert_cmpuint (i, <, 16);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, st.bar.step_button, TIMEOUT_MS));
      if (fifolab_ui_window_test_button_shown ((gpointer) "Blocks: the pipe is full"))
        break;
      fifolab_ui_test_press_step (st.bar.step_button, watch, NULL, TIMEOUT_MS);
    }
  /* As a user sees them: the choices drawn where they are (a Tab that
   * came before their first layout went past them). */
  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);

  /* No text of the bar takes the focus; from Step, Tab: Run, then the
   * first prediction. */
  fifolab_ui_test_find_all (st.bar.widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_widget_get_focusable (labels->pdata[i]));
  g_assert_true (gtk_widget_grab_focus (st.bar.step_button));
  g_assert_true (press_tab () == st.bar.run_button);
  focus = press_tab ();
  g_assert_true (GTK_IS_TOGGLE_BUTTON (focus));
  g_assert_true (fifolab_ui_test_is_button_named (focus, "Returns at once"));

  /* Space on "Blocks", F8: the write goes, the focus stays in the bar. */
  focus = press_tab ();
  g_assert_true (fifolab_ui_test_is_button_named (focus, "Blocks: the pipe is full"));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "space", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, focus, TIMEOUT_MS));
  fifolab_ui_test_press_step (st.bar.step_button, watch, "F8", TIMEOUT_MS);
  {
    g_autofree char *hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_peer_process_get_pid (writer));
    g_autofree char *said = g_strdup_printf ("pid %" G_GINT64_FORMAT ": write returned %d at once",
                                             fifolab_peer_process_get_pid (writer), (int) strlen (hello));
    OutcomeShows shown = { st.bar.widget, fifolab_peer_process_get_pid (writer), said, NULL };

    g_assert_true (outcome_shown (&shown));
  }
  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 2, TIMEOUT_MS);
  focus = focus_now ();
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, st.bar.widget));

  /* The outcome and the verdict each as wide as its text, or the bar. */
  outcome = outcome_of (st.bar.widget, fifolab_peer_process_get_pid (writer));
  verdict = fifolab_ui_test_find_widget (gtk_widget_get_parent (outcome), fifolab_ui_test_is_named, "step-verdict");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (verdict)), ==, "You predicted: blocks. Not this time.");
  assert_uses_width (outcome, gtk_widget_get_parent (gtk_widget_get_parent (outcome)));
  assert_uses_width (verdict, gtk_widget_get_parent (gtk_widget_get_parent (outcome)));

  fifolab_ui_test_press (st.bar.run_button);
  close_stage (&st);
  fifolab_ui_window_test_resize (width, height);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* With --language zh_CN --localedir DIR, in Chinese; the test backend
   * keeps the accessible names the buttons are found by. */
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  if (g_strcmp0 (fifolab_ui_test_language (), "zh_CN") == 0)
    g_test_add_func ("/step-stage/zh_CN", test_step_stage_zh_CN);
  else
    {
      g_test_add_func ("/step-stage/lesson-writer", test_step_stage_lesson_writer);
      g_test_add_func ("/step-stage/blocked-read", test_step_stage_blocked_read);
      g_test_add_func ("/step-stage/one-run", test_step_stage_one_run);
      g_test_add_func ("/step-stage/watch-killed", test_step_stage_watch_killed);
      g_test_add_func ("/step-stage/could-not-start", test_step_stage_could_not_start);
      g_test_add_func ("/step-stage/switch-lesson", test_step_stage_switch_lesson);
      g_test_add_func ("/step-stage/switch-lesson-blocked-writer", test_step_stage_switch_lesson_blocked_writer);
      g_test_add_func ("/step-stage/next-lesson-waiting-reader", test_step_stage_next_lesson_waiting_reader);
      g_test_add_func ("/step-stage/run-then-next-lesson", test_step_stage_run_then_next_lesson);
      g_test_add_func ("/step-stage/conversation", test_step_stage_conversation);
      g_test_add_func ("/step-stage/keyboard", test_step_stage_keyboard);
    }

  status = fifolab_ui_window_test_run ();

  g_clear_pointer (&records, g_ptr_array_unref);
  return status;
}
