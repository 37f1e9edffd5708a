/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The nine lessons walked as a class does, with real processes, through what
 * is on screen: buttons found by their accessible names ("Next Step",
 * "Replay Step", "Previous Step", the outline's rows) or their labels (the
 * step's action), the words read from the labels. Each step, once FIFO Lab
 * has seen it, shows what happened and waits for Next Step (it stays through
 * several holders scans); Replay Step does it again; no step shows as done
 * before its own button was pressed, except one already seen in the step
 * before (lesson 4 in lesson 3), which shows what was seen then once it is
 * reached; the outline jumps; progress is kept, and a step done says
 * whether it was done in this run or an earlier one. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <adwaita.h>

#include "fifolab.h"
#include "fifolab-diagram.h"
#include "fifolab-lessons-page.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 30000

/* Finding what a user sees */

static gboolean
has_accessible_label (GtkWidget     *widget,
                      gconstpointer  data)
{
  g_autofree char *problem = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, data);
  return problem == NULL;
}

/* The widget a screen reader calls @name. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  GtkWidget *widget = fifolab_ui_test_find_widget (root, has_accessible_label, name);

  if (widget == NULL)
    g_error ("nothing is named “%s”", name);
  return widget;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0 &&
         gtk_widget_get_mapped (widget);
}

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
is_progress_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), "Lesson ") &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), " · step ") != NULL;
}

/* Clicks @widget, which must be enabled: a button takes the keyboard focus,
 * as a pointer's press gives it, then "clicked" (what the click emits; its
 * keyboard activation waits for an animation); a row's or a check button's
 * activation. */
static void
click (GtkWidget *widget)
{
  g_assert_true (gtk_widget_is_sensitive (widget));
  if (GTK_IS_BUTTON (widget))
    {
      if (gtk_widget_get_focus_on_click (widget))
        g_assert_true (gtk_widget_grab_focus (widget));
      g_signal_emit_by_name (widget, "clicked");
    }
  else
    g_assert_true (gtk_widget_activate (widget));
}

typedef struct
{
  GtkWidget *panel;
  GtkWidget *status;     /* the step's status line */
  GtkWidget *progress;
  GtkWindow *window;
  GPtrArray *shown;      /* every text the status label showed, in order */
  guint      n_scans;
  guint      more;       /* scans still asked for */
} Walk;

static void
status_changed_cb (GtkLabel   *label,
                   GParamSpec *pspec,
                   Walk       *walk)
{
  g_ptr_array_add (walk->shown, g_strdup (gtk_label_get_text (label)));
}

/* Each scan is counted; while the test waits for some, the next is asked
 * for at once rather than at the monitor's pace. */
static void
scanned_cb (FifolabLesson *lesson,
            GParamSpec    *pspec,
            Walk          *walk)
{
  walk->n_scans++;
  if (walk->more > 0)
    {
      walk->more--;
      fifolab_holder_monitor_queue_scan (fifolab_lesson_get_holder_monitor (lesson));
    }
}

static void
walk_init (Walk               *walk,
           FifolabLessonsPage *panel)
{
  walk->panel = GTK_WIDGET (panel);
  /* The step's status: what it waits for, then what FIFO Lab saw. */
  walk->status = fifolab_ui_test_find_widget (walk->panel, is_label_starting, "Not done yet");
  g_assert_nonnull (walk->status);
  walk->progress = fifolab_ui_test_find_widget (walk->panel, is_progress_label, NULL);
  g_assert_nonnull (walk->progress);
  walk->shown = g_ptr_array_new_with_free_func (g_free);
  walk->n_scans = 0;
  walk->more = 0;
  g_signal_connect (walk->status, "notify::label", G_CALLBACK (status_changed_cb), walk);
  /* Each holders scan is an observation (the lesson's "scan" follows them). */
  g_signal_connect (fifolab_lessons_page_get_lesson (panel), "notify::scan", G_CALLBACK (scanned_cb), walk);
}

static void
walk_clear (Walk *walk)
{
  g_signal_handlers_disconnect_by_data (walk->status, walk);
  g_clear_pointer (&walk->shown, g_ptr_array_unref);
}

static const char *
status (Walk *walk)
{
  return gtk_label_get_text (GTK_LABEL (walk->status));
}

typedef struct
{
  Walk       *walk;
  const char *needle;
} StatusWait;

static gboolean
status_says (gpointer data)
{
  StatusWait *wait = data;

  return strstr (status (wait->walk), wait->needle) != NULL;
}

static void
wait_status (Walk       *walk,
             const char *needle)
{
  StatusWait wait = { walk, needle };

  if (!fifolab_test_wait_until (status_says, &wait, TIMEOUT_MS))
    g_error ("the step says “%s”, not “%s”", status (walk), needle);
}

typedef struct
{
  Walk  *walk;
  guint  after;
} ScanWait;

static gboolean
scanned_after (gpointer data)
{
  ScanWait *wait = data;

  return wait->walk->n_scans >= wait->after;
}

/* Several observations go by. */
static void
wait_scans (Walk  *walk,
            guint  n)
{
  ScanWait wait = { walk, walk->n_scans + n };
  FifolabLessonsPage *panel = FIFOLAB_LESSONS_PAGE (walk->panel);

  walk->more = n;
  fifolab_holder_monitor_queue_scan (fifolab_lesson_get_holder_monitor (fifolab_lessons_page_get_lesson (panel)));
  g_assert_true (fifolab_test_wait_until (scanned_after, &wait, TIMEOUT_MS));
}

/* One step as a class does it: the numbering, the button, what FIFO Lab saw
 * (@says), then it waits: through several scans, the same step, the same
 * words. Returns with the step shown done. */
static void
do_step (Walk       *walk,
         const char *progress,
         const char *button,
         const char *says)
{
  GtkWidget *action, *focus;
  guint first_shown;
  gboolean seen = FALSE;

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk->progress)), ==, progress);
  /* Reached by Next, it is not done: nothing was skipped. */
  g_assert_true (g_str_has_prefix (status (walk), "Not done yet") || g_str_has_prefix (status (walk), "Done in an earlier"));
  action = fifolab_ui_test_find_widget (walk->panel, is_button_labelled, button);
  g_assert_nonnull (action);
  first_shown = walk->shown->len;
  click (action);
  wait_status (walk, says);
  /* Watching first, then what was seen. */
  for (guint i = first_shown; i < walk->shown->len; i++)
    if (g_str_has_prefix (walk->shown->pdata[i], "Watching"))
      seen = TRUE;
  g_assert_true (seen || first_shown < walk->shown->len);

  wait_scans (walk, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk->progress)), ==, progress);
  g_assert_nonnull (strstr (status (walk), says));
  /* Done, its button rests; Next is there to press. */
  g_assert_false (gtk_widget_is_sensitive (action));
  /* The keyboard focus left the button with it, for what can be pressed
   * now in the panel: Next, or after the last step Replay Step. */
  focus = gtk_root_get_focus (GTK_ROOT (walk->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, walk->panel));
  g_assert_true (gtk_widget_is_sensitive (focus));
  g_assert_true (focus == find_named (walk->panel, gtk_widget_is_sensitive (find_named (walk->panel, "Next Step"))
                                                   ? "Next Step" : "Replay Step"));
}

/* The pipe the stage's drawing shows. */
static const char *
stage_path (Walk *walk)
{
  GtkWidget *diagram = fifolab_ui_test_find_descendant (walk->panel, FIFOLAB_TYPE_DIAGRAM);

  g_assert_nonnull (diagram);
  return fifolab_diagram_get_path (FIFOLAB_DIAGRAM (diagram));
}

static void
next (Walk *walk)
{
  click (find_named (walk->panel, "Next Step"));
}

/* Shows a lessons panel keeping its progress in @settings, and starts
 * watching what it shows. */
static FifolabLessonsPage *
walk_open (Walk       *walk,
           const char *dir,
           GSettings  *settings)
{
  FifolabLessonsPage *panel = FIFOLAB_LESSONS_PAGE (fifolab_lessons_page_new ());

  fifolab_lessons_page_set_parent_folder (panel, dir);
  fifolab_lessons_page_set_settings (panel, settings);
  walk->window = fifolab_ui_test_present (GTK_WIDGET (panel), 480, 900, TIMEOUT_MS);
  g_assert_nonnull (fifolab_lessons_page_get_lesson (panel));
  walk_init (walk, panel);
  return panel;
}

static void
walk_close (Walk *walk)
{
  walk_clear (walk);
  gtk_window_destroy (walk->window);
}

/* A first run: no progress kept yet. */
static void
forget_progress (GSettings *settings)
{
  g_settings_reset (settings, "lesson-step");
  g_settings_reset (settings, "lesson-steps-done");
  g_settings_reset (settings, "lesson-slow-motion");
}

/* Lessons 1 to 5: the book's example, end of file, ENXIO and EPIPE. */
static void
test_walk_first (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Walk walk;
  g_autofree char *first_reader = NULL;
  const char *reader_said;

  forget_progress (settings);
  walk_open (&walk, dir, settings);
  /* Nothing to go back to yet. */
  g_assert_false (gtk_widget_is_sensitive (find_named (walk.panel, "Previous Step")));
  g_assert_false (gtk_widget_is_sensitive (find_named (walk.panel, "Replay Step")));

  do_step (&walk, "Lesson 1 of 9 · step 1 of 1", "Create my_pipe", "shows my_pipe as “prw-------”");
  next (&walk);
  do_step (&walk, "Lesson 2 of 9 · step 1 of 1", "Start Reader", "is waiting inside open()");

  /* Replay Step: the reader is stopped, a new one waits; the step is not
   * done (the status says so) until it is seen again. */
  reader_said = strstr (status (&walk), "Reader ");
  g_assert_nonnull (reader_said);
  first_reader = g_strdup (reader_said);
  click (find_named (walk.panel, "Replay Step"));
  g_assert_null (strstr (status (&walk), "is waiting inside open()"));
  wait_status (&walk, "is waiting inside open()");
  g_assert_cmpstr (strstr (status (&walk), "Reader "), !=, first_reader);

  next (&walk);
  /* Lesson 3: the writer writes and closes at once. The step stays, and says
   * the exit statuses as they come. */
  do_step (&walk, "Lesson 3 of 9 · step 1 of 1", "Start Writer", "bytes from writer");
  wait_status (&walk, "exited with status 0.");
  /* Previous Step and back: what was seen is still there, in the past
   * now (the reader got past open() and left). */
  click (find_named (walk.panel, "Previous Step"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk.progress)), ==, "Lesson 2 of 9 · step 1 of 1");
  g_assert_nonnull (strstr (status (&walk), "was waiting inside open()"));
  g_assert_null (strstr (status (&walk), "is waiting inside open()"));
  next (&walk);
  g_assert_nonnull (strstr (status (&walk), "bytes from writer"));
  next (&walk);
  /* Lesson 4 happened in lesson 3 (the writer closed and exited): reached,
   * it shows what was seen then, with the time of the writer's exit, and
   * stays so. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk.progress)), ==, "Lesson 4 of 9 · step 1 of 1");
  g_assert_true (g_str_has_prefix (status (&walk), "Already seen in the step before, at "));
  g_assert_nonnull (strstr (status (&walk), "closed its end of my_pipe and exited with status 0."));
  wait_scans (&walk, 3);
  g_assert_true (g_str_has_prefix (status (&walk), "Already seen in the step before, at "));
  /* Replay Step shows it for itself: a reader that reads to the end of file. */
  click (find_named (walk.panel, "Replay Step"));
  wait_status (&walk, "then read() returned 0 bytes: end of file.");
  next (&walk);
  do_step (&walk, "Lesson 5 of 9 · step 1 of 2", "Start Writer", "failed with ENXIO (No such device or address)");
  next (&walk);
  do_step (&walk, "Lesson 5 of 9 · step 2 of 2", "Run", "got EPIPE (Broken pipe) and exited with status 3.");

  /* The outline marks the lessons done, and only those. */
  {
    GtkWidget *row1 = find_named (walk.panel, "Lesson 1 of 9: Everything is a file, done");
    GtkWidget *row5 = find_named (walk.panel, "Lesson 5 of 9: Writers without readers, done");

    g_assert_nonnull (row1);
    g_assert_nonnull (row5);
    g_assert_nonnull (find_named (walk.panel, "Lesson 6 of 9: Two writers at once"));
  }

  walk_close (&walk);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Lessons 6 to 9, reached through the outline. */
static void
test_walk_rest (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Walk walk;

  forget_progress (settings);
  walk_open (&walk, dir, settings);

  click (find_named (walk.panel, "Lesson 6 of 9: Two writers at once"));
  do_step (&walk, "Lesson 6 of 9 · step 1 of 2", "Run", "200 whole lines, 0 torn");
  next (&walk);
  do_step (&walk, "Lesson 6 of 9 · step 2 of 2", "Run", " torn: reader ");
  g_assert_null (strstr (status (&walk), ", 0 torn"));
  next (&walk);
  do_step (&walk, "Lesson 7 of 9 · step 1 of 1", "Run", "FIFO Lab read the pipe once: 5 writes, 1 read, 5 messages (");
  next (&walk);
  do_step (&walk, "Lesson 8 of 9 · step 1 of 2", "Fill", "The pipe is full: 65536 of 65536 bytes queued.");
  next (&walk);
  do_step (&walk, "Lesson 8 of 9 · step 2 of 2", "Drain", "then read() returned 0 bytes: end of file.");
  next (&walk);
  do_step (&walk, "Lesson 9 of 9 · step 1 of 1", "Run", "printed “reply to Hello from pid [");
  /* The server's pid, still said once the server has exited (as it has,
   * before its reader could print the reply). */
  g_assert_true (g_regex_match_simple ("the server \\(pid [1-9][0-9]*\\) answered", status (&walk), 0, 0));
  /* The last step: nothing after it. */
  g_assert_false (gtk_widget_is_sensitive (find_named (walk.panel, "Next Step")));
  /* Its stage draws request_pipe, where the writer and the server meet. */
  g_assert_true (g_str_has_suffix (stage_path (&walk), "/request_pipe"));

  /* Jumping back to lesson 1 through the outline. */
  click (find_named (walk.panel, "Lesson 1 of 9: Everything is a file"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk.progress)), ==, "Lesson 1 of 9 · step 1 of 1");
  g_assert_true (g_str_has_suffix (stage_path (&walk), "/my_pipe"));

  walk_close (&walk);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Closed and opened again (a new run), the lessons come back at the step
 * reached, with what was done marked, and slow motion as it was left. */
static void
test_progress_kept (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FifolabLessonsPage *panel;
  GtkWidget *slow;
  Walk walk;

  forget_progress (settings);
  panel = walk_open (&walk, dir, settings);
  do_step (&walk, "Lesson 1 of 9 · step 1 of 1", "Create my_pipe", "prw-------");
  next (&walk);
  /* The stage left and shown again, in the same run (a new lesson, what it
   * saw gone): lesson 1 was done earlier in this session, not in an earlier
   * one. */
  gtk_widget_set_visible (walk.panel, FALSE);
  g_assert_null (fifolab_lessons_page_get_lesson (panel));
  gtk_widget_set_visible (walk.panel, TRUE);
  g_assert_nonnull (fifolab_lessons_page_get_lesson (panel));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk.progress)), ==, "Lesson 2 of 9 · step 1 of 1");
  click (find_named (walk.panel, "Previous Step"));
  if (!g_str_has_prefix (status (&walk), "Done earlier in this session."))
    g_error ("lesson 1, done in this run, says “%s”", status (&walk));
  next (&walk);
  /* Slow motion: the check button so labelled. */
  slow = fifolab_ui_test_find_descendant (walk.panel, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (slow);
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (slow)), ==, "Slow Motion");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (slow)));
  click (slow);
  g_assert_true (fifolab_lesson_get_slow_motion (fifolab_lessons_page_get_lesson (panel)));
  walk_close (&walk);

  panel = walk_open (&walk, dir, settings);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (walk.progress)), ==, "Lesson 2 of 9 · step 1 of 1");
  g_assert_nonnull (find_named (walk.panel, "Lesson 1 of 9: Everything is a file, done"));
  slow = fifolab_ui_test_find_descendant (walk.panel, GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (slow)));
  g_assert_true (fifolab_lesson_get_slow_motion (fifolab_lessons_page_get_lesson (panel)));
  click (find_named (walk.panel, "Previous Step"));
  g_assert_true (g_str_has_prefix (status (&walk), "Done in an earlier session."));

  walk_close (&walk);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* GTK's test accessibility backend keeps what a screen reader gets: the
   * buttons are found by those names. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;
  fifolab_ignore_sigpipe ();
  adw_init ();

  g_test_add_func ("/lesson-walk/first", test_walk_first);
  g_test_add_func ("/lesson-walk/rest", test_walk_rest);
  g_test_add_func ("/lesson-walk/progress-kept", test_progress_kept);

  status = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return status;
}
