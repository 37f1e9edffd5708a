/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode on the lessons' stage (issue 16), with real processes: switched
 * on before the lesson makes its pipe, it starts when the pipe is made; the
 * lesson's reader and writer are then held before each call on it, the
 * stage's line names the call that waited longest, Step lets it go, one at a
 * time (by its key, F8, and its button), until the line names the writer's write of 22 bytes (the reader has
 * printed nothing); Step again and the reader gets the message; Run; off. */
#include "config.h"

#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-diagram-private.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-step-bar.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

static FifolabLessonsPage *
get_page (void)
{
  return FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE));
}

static gboolean
page_mapped (gpointer data)
{
  FifolabLessonsPage *page = get_page ();

  return page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         fifolab_lessons_page_get_lesson (page) != NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The button (drawn or not yet) of the action @name. */
static gboolean
is_button_of (GtkWidget     *widget,
              gconstpointer  name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

/* The window draws a button of accessible name @name. */
static gboolean
button_shown (gpointer name)
{
  return fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_named, name) != NULL;
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

static gboolean
has_watch (gpointer bar)
{
  return fifolab_step_bar_get_watch (bar) != NULL;
}

static gboolean
sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget) && gtk_widget_get_mapped (widget);
}

typedef struct
{
  FifolabStepWatch   *watch;
  FifolabWatchRecord *was;
} Stepped;

/* The call stepped is no longer the oldest waiting. */
static gboolean
stepped (gpointer data)
{
  Stepped *s = data;

  return fifolab_step_watch_get_pending (s->watch) != s->was;
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

/* The diagram draws a text holding @needle. */
typedef struct
{
  FifolabDiagram *diagram;
  const char     *needle;
} Draws;

static gboolean
draws (gpointer data)
{
  Draws *d = data;
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = _fifolab_diagram_dup_texts (d->diagram, &rects);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (texts->pdata[i], d->needle) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
has_output (gpointer peer)
{
  return fifolab_peer_process_get_output_lines (peer)->len > 0;
}

static guint
step_of (FifolabLesson *lesson,
         const char    *action_id)
{
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    if (g_str_equal (fifolab_lesson_get_step_action_id (lesson, i), action_id))
      return i;
  g_assert_not_reached ();
}

static void
run_step (FifolabLesson *lesson,
          const char    *action_id)
{
  fifolab_lesson_set_current (lesson, step_of (lesson, action_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_page ()), "lessons.run", NULL));
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

static void press_step (GtkWidget        *step_button,
                        FifolabStepWatch *watch,
                        gboolean          key);

static gboolean
step_shown (gpointer data)
{
  return sensitive (((ToLine *) data)->step_button);
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

  press_step (t->step_button, t->watch, n == 0);
}

/* Presses Step (the button, or F8 as a real key when @key) and waits until
 * the call it let go is gone from the oldest place. */
static void
press_step (GtkWidget        *step_button,
            FifolabStepWatch *watch,
            gboolean          key)
{
  g_autoptr(FifolabWatchRecord) was = fifolab_watch_record_ref (fifolab_step_watch_get_pending (watch));
  Stepped s = { watch, was };

  if (key)
    fifolab_ui_test_press_keys (GTK_WINDOW (window), "F8", TIMEOUT_MS);
  else
    g_assert_true (gtk_widget_activate (step_button));
  g_assert_true (fifolab_test_wait_until (stepped, &s, TIMEOUT_MS));
}

static void
test_step_stage_lesson_writer (void)
{
  FifolabLessonStage *stage;
  FifolabLesson *lesson;
  GtkWidget *bar;
  GtkWidget *mode_button;
  GtkWidget *step_button;
  GtkWidget *run_button;
  GtkWidget *line;
  FifolabStepWatch *watch;
  FifolabPeerProcess *writer = NULL;
  FifolabPeerProcess *reader = NULL;
  GListModel *peers;
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *received = NULL;
  LabelShows shows;
  Logged logged;
  Draws diagram_draws;
  g_autofree char *short_text = NULL;
  guint steps;

  if (!fifolab_test_watch_supported (2))
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL));
  g_assert_true (fifolab_test_wait_until (page_mapped, NULL, TIMEOUT_MS));
  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (get_page ()), FIFOLAB_TYPE_LESSON_STAGE));
  lesson = fifolab_lessons_page_get_lesson (get_page ());
  bar = fifolab_lesson_stage_get_step_bar (stage);
  mode_button = fifolab_ui_test_find_descendant (bar, GTK_TYPE_TOGGLE_BUTTON);
  step_button = fifolab_ui_test_find_widget (bar, is_button_of, "stepbar.step");
  run_button = fifolab_ui_test_find_widget (bar, is_button_of, "stepbar.run");
  line = fifolab_ui_test_find_widget (bar, is_named, "step-line");
  g_assert_nonnull (mode_button);
  g_assert_nonnull (step_button);
  g_assert_nonnull (run_button);
  g_assert_nonnull (line);
  g_assert_false (gtk_widget_get_visible (step_button));
  g_assert_true (gtk_widget_get_mapped (mode_button));
  g_assert_false (gtk_widget_get_mapped (line));
  g_assert_false (g_file_test (fifolab_lesson_get_pipe_path (lesson), G_FILE_TEST_EXISTS));

  /* On before the lesson's pipe exists: said, and started once it does. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button), TRUE);
  shows = (LabelShows) { line, "Step mode starts once the lesson makes its pipe" };
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar)));
  run_step (lesson, "mkfifo");
  g_assert_true (fifolab_test_wait_until (has_watch, bar, TIMEOUT_MS));
  watch = fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar));
  g_assert_true (fifolab_lesson_get_step_watch (lesson) == watch);
  shows.text = "Nothing is waiting";
  g_assert_true (fifolab_test_wait_until (label_shows, &shows, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (button_shown, (gpointer) "Step One Call", TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (button_shown, (gpointer) "Run All", TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (step_button));

  run_step (lesson, "start-writer");
  peers = fifolab_lesson_get_peers (lesson);
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE)
        writer = peer;
      else
        reader = peer;
    }
  g_assert_nonnull (writer);
  g_assert_nonnull (reader);
  hello = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", fifolab_peer_process_get_pid (writer));
  expected = g_strdup_printf ("pid %" G_GINT64_FORMAT " (fifolab-peer) is about to write %d bytes to my_pipe",
                              fifolab_peer_process_get_pid (writer), (int) strlen (hello));

  /* Step, the oldest each time, until the line names the write; the reader
   * prints nothing before. */
  steps = fifolab_test_step_until (watch,
                                   &(FifolabTestStepper) { step_shown, reader_silent, line_says, step_from_stage },
                                   &(ToLine) { step_button, watch, line, expected, reader }, 16, TIMEOUT_MS);
  /* The opens were held first: F8 and the button were both pressed. */
  g_assert_cmpuint (steps, >=, 2);
  g_assert_true (gtk_widget_get_mapped (line));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (line)));
  /* The writer's box in the diagram says it too. */
  short_text = g_strdup_printf ("about to write %d B", (int) strlen (hello));
  diagram_draws = (Draws) { FIFOLAB_DIAGRAM (fifolab_lessons_page_get_diagram (get_page ())), short_text };
  g_assert_true (fifolab_test_wait_until (draws, &diagram_draws, TIMEOUT_MS));

  /* Step: the write goes; the reader gets it once its own held call (if
   * one waits) goes too. */
  press_step (step_button, watch, FALSE);
  for (guint extra = 0; fifolab_peer_process_get_output_lines (reader)->len == 0; extra++)
    {
      g_assert_cmpuint (extra, <, 4);
      g_assert_true (fifolab_test_wait_until (sensitive, step_button, TIMEOUT_MS));
      if (fifolab_peer_process_get_output_lines (reader)->len > 0)
        break;
      press_step (step_button, watch, FALSE);
    }
  g_assert_true (fifolab_test_wait_until (has_output, reader, TIMEOUT_MS));
  received = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %s",
                              fifolab_peer_process_get_pid (reader), hello);
  g_assert_cmpstr (g_ptr_array_index (fifolab_peer_process_get_output_lines (reader), 0), ==, received);

  /* The held calls were logged as a watch's: the session saw the write
   * (its bytes, once the record of its return is read) and the reader. */
  logged.path = fifolab_lesson_get_pipe_path (lesson);
  logged.bytes = strlen (hello);
  g_assert_true (fifolab_test_wait_until (session_saw, &logged, TIMEOUT_MS));
  g_assert_nonnull (fifolab_observed_lookup (fifolab_session_get_observed (fifolab_application_get_session (app), logged.path),
                                             fifolab_peer_process_get_pid (reader)));

  /* Run: both go on to their end; off: the watch ends, the lesson starts
   * its processes as usual. */
  g_assert_true (gtk_widget_activate (run_button));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writer, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, reader, TIMEOUT_MS));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mode_button), FALSE);
  g_assert_null (fifolab_step_bar_get_watch (FIFOLAB_STEP_BAR (bar)));
  g_assert_null (fifolab_lesson_get_step_watch (lesson));
  g_assert_false (gtk_widget_get_visible (line));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-log", NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* The buttons are found by their accessible names. */
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add_func ("/step-stage/lesson-writer", test_step_stage_lesson_writer);

  return fifolab_ui_window_test_run ();
}
