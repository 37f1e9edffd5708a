/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-diagram.h"
#include "fifolab-lesson-outline.h"
#include "fifolab-lessons-page.h"
#include "fifolab-stream-view.h"
#include "fifolab-unit-breaks.h"
#include "fifolab-wrap-box.h"
#include "fifolab-zoom-css.h"

/* The settings that keep a class's progress between runs. */
#define KEY_STEP "lesson-step"
#define KEY_DONE "lesson-steps-done"
#define KEY_SLOW_MOTION "lesson-slow-motion"

struct _FifolabLessonsPage
{
  GtkWidget      parent_instance;

  GtkWidget     *action_button;
  GtkWidget     *card;          /* the step's text scrolls in card_scroll; Previous and Next below */
  GtkWidget     *card_scroll;
  GtkWidget     *diagram;
  GtkWidget     *folder_label;
  GtkWidget     *next_button;
  GtkWidget     *outline;
  GtkWidget     *outline_button;
  GtkWidget     *outline_popover;
  GtkWidget     *replay_button;
  GtkWidget     *slow_motion_button;
  GtkWidget     *progress_label;
  GtkWidget     *status_label;
  GtkWidget     *stream_view;
  GtkWidget     *title_label;
  GtkWidget     *what_label;
  GtkWidget     *why_label;

  FifolabLog    *log;
  FifolabHolderMonitor *holder_monitor;
  GSettings     *settings;
  char          *parent_folder;
  FifolabLesson *lesson;
  char          *error;
  double         zoom;
  guint          shown_step;    /* the step update_step() showed last */
  /* The ids of the steps done since the page was made: in this run of FIFO
   * Lab (one window, whose page lives as long as it does), whichever of its
   * lessons (one each time the stage is shown) saw them. */
  GHashTable    *done_this_run;
  /* The pipes the running lesson made, each with when it made it (a
   * gint64 *, monotonic): a holder scan begun before then is older than
   * the pipe. */
  GHashTable    *made;
  /* The step's button can do the step now (lessons.run enabled). */
  gboolean       can_run;
};

G_DEFINE_FINAL_TYPE (FifolabLessonsPage, fifolab_lessons_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG,
  PROP_PARENT_FOLDER,
  PROP_LESSON,
  PROP_ZOOM,
  PROP_CAN_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Lesson 7 draws what it read, its reads next to its messages: shown on that
 * step, and after it until another step's action starts. */
static void
update_stream_view (FifolabLessonsPage *self)
{
  FifolabStreamTrace *trace;
  guint current;

  if (self->lesson == NULL)
    {
      gtk_widget_set_visible (self->stream_view, FALSE);
      return;
    }
  current = fifolab_lesson_get_current (self->lesson);
  trace = fifolab_lesson_get_stream_trace (self->lesson);
  gtk_widget_set_visible (self->stream_view,
                          g_str_equal (fifolab_lesson_get_step_action_id (self->lesson, current), "byte-stream") ||
                          fifolab_stream_trace_get_length (trace) > 0);
}

/* Progress kept between runs */

/* Step @index was done, in this run or (with settings) an earlier one. */
static gboolean
was_done (FifolabLessonsPage *self,
          guint               index)
{
  g_auto(GStrv) done = NULL;

  if (fifolab_lesson_is_step_done (self->lesson, index))
    return TRUE;
  if (self->settings == NULL)
    return FALSE;
  done = g_settings_get_strv (self->settings, KEY_DONE);
  return g_strv_contains ((const char * const *) done, fifolab_lesson_get_step_action_id (self->lesson, index));
}

static void
save_done (FifolabLessonsPage *self,
           guint               index)
{
  g_auto(GStrv) done = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  const char *id = fifolab_lesson_get_step_action_id (self->lesson, index);

  g_hash_table_add (self->done_this_run, g_strdup (id));
  if (self->settings == NULL)
    return;
  done = g_settings_get_strv (self->settings, KEY_DONE);
  if (g_strv_contains ((const char * const *) done, id))
    return;
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) done);
  g_strv_builder_add (builder, id);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, KEY_DONE, (const char * const *) updated);
}

/* The lesson comes back where the class left it. */
static void
restore_progress (FifolabLessonsPage *self)
{
  g_autofree char *step = NULL;

  if (self->settings == NULL)
    return;
  fifolab_lesson_set_slow_motion (self->lesson, g_settings_get_boolean (self->settings, KEY_SLOW_MOTION));
  step = g_settings_get_string (self->settings, KEY_STEP);
  for (guint i = 0; i < fifolab_lesson_get_n_steps (self->lesson); i++)
    if (g_str_equal (fifolab_lesson_get_step_action_id (self->lesson, i), step))
      fifolab_lesson_set_current (self->lesson, i);
}

static void
update_outline (FifolabLessonsPage *self)
{
  FifolabLessonOutline *outline = FIFOLAB_LESSON_OUTLINE (self->outline);
  guint n_lessons = fifolab_lesson_outline_get_n_lessons (outline);

  for (guint chapter = 1; chapter <= n_lessons; chapter++)
    {
      guint first = fifolab_lesson_get_chapter_first_step (self->lesson, chapter);
      guint n = fifolab_lesson_get_chapter_n_steps (self->lesson, chapter);
      gboolean done = TRUE;

      for (guint i = first; i < first + n && done; i++)
        done = was_done (self, i);
      fifolab_lesson_outline_set_done (outline, chapter, done);
    }
  fifolab_lesson_outline_set_current (outline,
                                      fifolab_lesson_get_step_chapter (self->lesson,
                                                                       fifolab_lesson_get_current (self->lesson)));
}

/* What the status line says: the error, what FIFO Lab saw, or what it waits for. */
static const char *
status_text (FifolabLessonsPage *self,
             guint               current)
{
  const char *outcome = fifolab_lesson_get_step_outcome (self->lesson, current);

  if (self->error != NULL)
    return self->error;
  if (outcome != NULL)
    return outcome;
  if (fifolab_lesson_is_watching (self->lesson))
    return _("Watching: FIFO Lab shows what happens as soon as it sees it.");
  /* Done, and shown again: the stage was left and shown again since, or
   * FIFO Lab was closed and opened again. */
  if (was_done (self, current) &&
      g_hash_table_contains (self->done_this_run, fifolab_lesson_get_step_action_id (self->lesson, current)))
    return _("Done earlier in this session. Its button does it again.");
  if (was_done (self, current))
    return _("Done in an earlier session. Its button does it again.");
  return _("Not done yet: the button above does it.");
}

static gboolean fifolab_lessons_page_grab_focus (GtkWidget *widget);

static void
set_can_run (FifolabLessonsPage *self,
             gboolean            can_run)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.run", can_run);
  if (self->can_run == can_run)
    return;
  self->can_run = can_run;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RUN]);
}

static void
show_step (FifolabLessonsPage *self)
{
  guint current, n, chapter;
  gboolean done;
  g_autofree char *progress = NULL;
  g_autofree char *step_text = NULL;
  g_autofree char *steps_text = NULL;
  g_autofree char *chapter_text = NULL;
  g_autofree char *chapters_text = NULL;
  g_autofree char *folder = NULL;

  if (self->lesson == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->title_label), _("Lessons"));
      gtk_label_set_text (GTK_LABEL (self->what_label),
                          self->error != NULL ? self->error : _("The lesson starts when this panel is shown."));
      gtk_label_set_text (GTK_LABEL (self->why_label), "");
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      gtk_label_set_text (GTK_LABEL (self->progress_label), "");
      gtk_label_set_text (GTK_LABEL (self->folder_label), "");
      gtk_button_set_label (GTK_BUTTON (self->action_button), _("Start"));
      set_can_run (self, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.replay", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.next", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.previous", FALSE);
      gtk_widget_set_sensitive (self->outline_button, FALSE);
      update_stream_view (self);
      return;
    }

  current = fifolab_lesson_get_current (self->lesson);
  n = fifolab_lesson_get_n_steps (self->lesson);
  done = fifolab_lesson_is_step_done (self->lesson, current);
  chapter = fifolab_lesson_get_step_chapter (self->lesson, current);

  chapter_text = g_strdup_printf ("%u", chapter);
  chapters_text = g_strdup_printf ("%u", fifolab_lesson_get_n_chapters (self->lesson));
  step_text = g_strdup_printf ("%u", fifolab_lesson_get_step_number (self->lesson, current));
  steps_text = g_strdup_printf ("%u", fifolab_lesson_get_chapter_n_steps (self->lesson, chapter));
  /* Translators: "Lesson 5 of 9 · step 2 of 2": the step counted within its lesson. */
  progress = g_strdup_printf (_("Lesson %s of %s · step %s of %s"), chapter_text, chapters_text, step_text, steps_text);
  gtk_label_set_text (GTK_LABEL (self->progress_label), progress);
  gtk_label_set_text (GTK_LABEL (self->title_label), fifolab_lesson_get_step_title (self->lesson, current));
  /* Numbers with their units whole ("65536 字节"), in the card's wrapped text. */
  fifolab_unit_breaks_set_label (GTK_LABEL (self->what_label), fifolab_lesson_get_step_what (self->lesson, current));
  fifolab_unit_breaks_set_label (GTK_LABEL (self->why_label), fifolab_lesson_get_step_why (self->lesson, current));
  gtk_button_set_label (GTK_BUTTON (self->action_button),
                        fifolab_lesson_get_step_action_label (self->lesson, current));
  fifolab_unit_breaks_set_label (GTK_LABEL (self->status_label), status_text (self, current));
  folder = fifolab_escape_name (fifolab_lesson_get_folder (self->lesson), 0);
  gtk_label_set_text (GTK_LABEL (self->folder_label), folder);
  update_stream_view (self);
  update_outline (self);
  gtk_widget_set_sensitive (self->outline_button, TRUE);

  /* Seen, the step waits for the teacher: Next is the thing to press now. */
  if (done && current + 1 < n)
    {
      gtk_widget_remove_css_class (self->action_button, "suggested-action");
      gtk_widget_add_css_class (self->next_button, "suggested-action");
    }
  else
    {
      gtk_widget_add_css_class (self->action_button, "suggested-action");
      gtk_widget_remove_css_class (self->next_button, "suggested-action");
    }

  set_can_run (self, !done && !fifolab_lesson_is_watching (self->lesson));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.replay", done || fifolab_lesson_is_watching (self->lesson));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.previous", current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lessons.next", current + 1 < n);
}

/* Whether the keyboard focus is on @button. */
static gboolean
focus_is_on (GtkWidget *button)
{
  GtkRoot *root = gtk_widget_get_root (button);

  return root != NULL && gtk_root_get_focus (root) == button;
}

/* Shows the current step, and keeps the keyboard focus on what to press
 * now. The step's button run turns insensitive, and GTK would drop the
 * focus with it (the next Tab starting again at the header): it goes to
 * Next instead. Next pressed, it goes to the new step's button, so that
 * Enter runs each step and Enter again goes on. */
static void
update_step (FifolabLessonsPage *self)
{
  GtkWidget *focused = NULL;
  guint step = self->lesson != NULL ? fifolab_lesson_get_current (self->lesson) : G_MAXUINT;
  gboolean moved = step != self->shown_step;

  if (focus_is_on (self->action_button))
    focused = self->action_button;
  else if (focus_is_on (self->next_button))
    focused = self->next_button;
  self->shown_step = step;
  show_step (self);
  /* Not while the page closes (unmapped, its lesson gone): the stage is
   * being hidden (Escape on it), the focus goes back where it was. */
  if (focused != NULL && self->lesson != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (!gtk_widget_is_sensitive (focused) || (focused == self->next_button && moved)))
    fifolab_lessons_page_grab_focus (GTK_WIDGET (self));
}

/* Whether @path, one of the lesson's pipes, is there: as the last holder
 * scan found it (the scan stat()s the lesson's pipes in its worker thread,
 * so the page need not on the main thread at each scan), unless the lesson
 * has made it since that scan began. */
static gboolean
pipe_exists (FifolabLessonsPage *self,
             const char         *path)
{
  FifolabHolderScan *scan = fifolab_lesson_get_scan (self->lesson);
  FifolabHolderMonitor *monitor = fifolab_lesson_get_holder_monitor (self->lesson);
  gint64 *made = g_hash_table_lookup (self->made, path);

  if (made != NULL && (scan == NULL || *made >= fifolab_holder_monitor_get_scan_started (monitor)))
    return TRUE;
  return scan != NULL && fifolab_holder_scan_is_fifo (scan, path);
}

/* The diagram draws the stage's pipe, or, before the lesson has made it,
 * only its place: the student sees it appear when mkfifo() makes it. */
static void
sync_diagram_pipe (FifolabLessonsPage *self)
{
  const char *path;

  if (self->lesson == NULL)
    return;
  path = fifolab_lesson_get_stage_path (self->lesson);
  fifolab_diagram_set_path (FIFOLAB_DIAGRAM (self->diagram), path);
  fifolab_diagram_set_exists (FIFOLAB_DIAGRAM (self->diagram), path != NULL && pipe_exists (self, path));
}

/* Made now: shown at once, not at the next scan. */
static void
pipe_created_cb (FifolabLesson      *lesson,
                 const char         *path,
                 FifolabLessonsPage *self)
{
  gint64 *made = g_new (gint64, 1);

  *made = g_get_monotonic_time ();
  g_hash_table_insert (self->made, g_strdup (path), made);
  sync_diagram_pipe (self);
}

static void
lesson_changed_cb (FifolabLessonsPage *self)
{
  g_clear_pointer (&self->error, g_free);
  sync_diagram_pipe (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, KEY_STEP,
                           fifolab_lesson_get_step_action_id (self->lesson,
                                                              fifolab_lesson_get_current (self->lesson)));
  update_step (self);
}

static void
step_completed_cb (FifolabLesson  *lesson,
                   guint           index,
                   FifolabLessonsPage *self)
{
  save_done (self, index);
  update_step (self);
}

static void
outcome_changed_cb (FifolabLesson      *lesson,
                    guint               index,
                    FifolabLessonsPage *self)
{
  if (index == fifolab_lesson_get_current (lesson))
    update_step (self);
}

static void
outline_activated_cb (FifolabLessonsPage *self,
                      guint               chapter)
{
  gtk_popover_popdown (GTK_POPOVER (self->outline_popover));
  if (self->lesson != NULL)
    fifolab_lesson_set_current (self->lesson, fifolab_lesson_get_chapter_first_step (self->lesson, chapter));
}

static void
slow_motion_toggled_cb (FifolabLessonsPage *self)
{
  gboolean active = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->slow_motion_button));

  if (self->settings != NULL && g_settings_get_boolean (self->settings, KEY_SLOW_MOTION) != active)
    g_settings_set_boolean (self->settings, KEY_SLOW_MOTION, active);
  if (self->lesson != NULL)
    fifolab_lesson_set_slow_motion (self->lesson, active);
}

static void
lesson_scan_cb (FifolabLesson  *lesson,
                GParamSpec     *pspec,
                FifolabLessonsPage *self)
{
  FifolabDiagram *diagram = FIFOLAB_DIAGRAM (self->diagram);

  fifolab_diagram_set_holder_scan (diagram, fifolab_lesson_get_scan (lesson));
  /* Each scan: a pipe removed (Replay Step of mkfifo, or by hand) shows. */
  sync_diagram_pipe (self);
  /* Without an end of FIFO Lab's own, step mode's count, when known. */
  fifolab_diagram_set_end_gauge (diagram, fifolab_lesson_get_capacity (lesson), fifolab_lesson_get_queued (lesson));
}

/* Actions */

static void
run_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->lesson == NULL)
    return;
  g_clear_pointer (&self->error, g_free);
  if (!(g_str_equal (action_name, "lessons.replay") ? fifolab_lesson_replay (self->lesson, &error)
                                                    : fifolab_lesson_run_action (self->lesson, &error)))
    self->error = g_strdup (error->message);
  update_step (self);
}

static void
move_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (widget);
  guint current;

  if (self->lesson == NULL)
    return;
  current = fifolab_lesson_get_current (self->lesson);
  if (g_str_equal (action_name, "lessons.next"))
    fifolab_lesson_set_current (self->lesson, current + 1);
  else if (current > 0)
    fifolab_lesson_set_current (self->lesson, current - 1);
}

/* Lifetime */

/**
 * fifolab_lessons_page_open:
 * @self: the panel
 * @error: return location for a #GError
 *
 * Returns: %TRUE when a lesson runs (a new one, or the one already running)
 */
gboolean
fifolab_lessons_page_open (FifolabLessonsPage  *self,
                           GError             **error)
{
  g_autofree char *fallback = NULL;
  const char *parent;

  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), FALSE);

  if (self->lesson != NULL)
    return TRUE;

  parent = self->parent_folder;
  if (parent == NULL)
    {
      fallback = g_build_filename (g_get_user_data_dir (), "fifolab", "lab", NULL);
      parent = fallback;
    }

  self->lesson = fifolab_lesson_new_with_monitor (parent, self->log, self->holder_monitor, error);
  if (self->lesson == NULL)
    return FALSE;

  g_signal_connect_object (self->lesson, "notify::current", G_CALLBACK (lesson_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lesson, "step-completed", G_CALLBACK (step_completed_cb), self, 0);
  g_signal_connect_object (self->lesson, "outcome-changed", G_CALLBACK (outcome_changed_cb), self, 0);
  g_signal_connect_object (self->lesson, "notify::scan", G_CALLBACK (lesson_scan_cb), self, 0);
  g_signal_connect_object (self->lesson, "notify::queued", G_CALLBACK (lesson_scan_cb), self, 0);

  g_signal_connect_object (self->lesson, "pipe-created", G_CALLBACK (pipe_created_cb), self, 0);
  sync_diagram_pipe (self);
  fifolab_diagram_set_peers (FIFOLAB_DIAGRAM (self->diagram), fifolab_lesson_get_peers (self->lesson));
  /* Messages move and events are drawn as the lesson's log sees them. */
  fifolab_diagram_set_log (FIFOLAB_DIAGRAM (self->diagram), self->log);
  fifolab_stream_view_set_trace (FIFOLAB_STREAM_VIEW (self->stream_view),
                                 fifolab_lesson_get_stream_trace (self->lesson));
  g_signal_connect_object (fifolab_lesson_get_stream_trace (self->lesson), "changed",
                           G_CALLBACK (update_stream_view), self, G_CONNECT_SWAPPED);
  {
    g_autoptr(GPtrArray) titles = g_ptr_array_new ();

    for (guint chapter = 1; chapter <= fifolab_lesson_get_n_chapters (self->lesson); chapter++)
      g_ptr_array_add (titles, (gpointer) fifolab_lesson_get_chapter_title (self->lesson, chapter));
    g_ptr_array_add (titles, NULL);
    fifolab_lesson_outline_set_lessons (FIFOLAB_LESSON_OUTLINE (self->outline), (const char * const *) titles->pdata);
  }
  fifolab_lesson_set_slow_motion (self->lesson,
                                  gtk_check_button_get_active (GTK_CHECK_BUTTON (self->slow_motion_button)));
  restore_progress (self);
  update_step (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
  return TRUE;
}

void
fifolab_lessons_page_close (FifolabLessonsPage *self)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));

  if (self->lesson == NULL)
    return;
  fifolab_lesson_close (self->lesson);
  g_signal_handlers_disconnect_by_data (fifolab_lesson_get_stream_trace (self->lesson), self);
  g_signal_handlers_disconnect_by_data (self->lesson, self);
  if (self->diagram != NULL)
    {
      fifolab_diagram_set_log (FIFOLAB_DIAGRAM (self->diagram), NULL);
      fifolab_diagram_set_peers (FIFOLAB_DIAGRAM (self->diagram), NULL);
      fifolab_diagram_set_path (FIFOLAB_DIAGRAM (self->diagram), NULL);
    }
  if (self->stream_view != NULL)
    fifolab_stream_view_set_trace (FIFOLAB_STREAM_VIEW (self->stream_view), NULL);
  g_clear_object (&self->lesson);
  g_hash_table_remove_all (self->made);
  update_step (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
}

static void
fifolab_lessons_page_map (GtkWidget *widget)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  GTK_WIDGET_CLASS (fifolab_lessons_page_parent_class)->map (widget);

  if (!fifolab_lessons_page_open (self, &error))
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      update_step (self);
    }
}

static void
fifolab_lessons_page_unmap (GtkWidget *widget)
{
  /* The panel closes: the lesson cleans up after itself. */
  fifolab_lessons_page_close (FIFOLAB_LESSONS_PAGE (widget));
  GTK_WIDGET_CLASS (fifolab_lessons_page_parent_class)->unmap (widget);
}

/* Given the focus (the stage shown), the page puts it on what to press
 * now: the step's button, or Next once the step is done, or after the last
 * step Replay, else the card's first control. Not gtk_widget_child_focus()
 * on the page itself: coming from outside, GTK's focus handler asks the
 * page to grab the focus, which would come back here without end (a stack
 * overflow once the last step had run). */
static gboolean
fifolab_lessons_page_grab_focus (GtkWidget *widget)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (widget);
  GtkWidget *buttons[] = { self->action_button, self->next_button, self->replay_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (gtk_widget_is_sensitive (buttons[i]) && gtk_widget_grab_focus (buttons[i]))
      return TRUE;
  return gtk_widget_child_focus (self->card, GTK_DIR_TAB_FORWARD);
}

/* GObject */

static void
fifolab_lessons_page_dispose (GObject *object)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (object);
  GtkWidget *child;

  fifolab_lessons_page_close (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_LESSONS_PAGE);
  /* GTK 4.8 leaves template children that are not bound: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->log);
  g_clear_object (&self->holder_monitor);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fifolab_lessons_page_parent_class)->dispose (object);
}

static void
fifolab_lessons_page_finalize (GObject *object)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (object);

  g_clear_pointer (&self->parent_folder, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->done_this_run, g_hash_table_unref);
  g_clear_pointer (&self->made, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_lessons_page_parent_class)->finalize (object);
}

static void
fifolab_lessons_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_PARENT_FOLDER:
      g_value_set_string (value, self->parent_folder);
      break;
    case PROP_LESSON:
      g_value_set_object (value, self->lesson);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CAN_RUN:
      g_value_set_boolean (value, self->can_run);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_lessons_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOG:
      fifolab_lessons_page_set_log (self, g_value_get_object (value));
      break;
    case PROP_PARENT_FOLDER:
      fifolab_lessons_page_set_parent_folder (self, g_value_get_string (value));
      break;
    case PROP_ZOOM:
      fifolab_lessons_page_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The stage's layout: the diagram takes what the card leaves; the card keeps
 * its width (the same at every zoom) beside it
 * while the diagram gets at least DIAGRAM_MIN_WIDTH; narrower, it goes below
 * the diagram. One below the other, the card gets its natural height (its
 * whole text) where the diagram keeps DIAGRAM_SHARE of the height and its
 * own minimum, and never less than its minimum (Previous and Next and
 * CARD_TEXT_MIN of text): the diagram yields. The card's text wraps and
 * scrolls: it never overlaps the diagram. */
#define CARD_WIDTH 380
#define DIAGRAM_MIN_WIDTH 560
#define DIAGRAM_SHARE 0.36

/* The card's width: the same at every zoom, so that zooming in never takes room from the diagram (which
 * fills what the card leaves, and would be drawn smaller); the card's larger
 * text wraps and scrolls instead. Wider only where its longest word needs. */
static int
card_width (FifolabLessonsPage *self)
{
  int min = 0;

  gtk_widget_measure (self->card, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return MAX (min, CARD_WIDTH);
}

static gboolean
card_beside (FifolabLessonsPage *self,
             int                 width)
{
  return width - card_width (self) >= DIAGRAM_MIN_WIDTH;
}

/**
 * fifolab_lessons_page_is_stacked:
 * @self: the page
 * @width: a width for it
 *
 * Returns: whether at @width the card goes below the diagram
 */
gboolean
fifolab_lessons_page_is_stacked (FifolabLessonsPage *self,
                                 int                 width)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), FALSE);

  return !card_beside (self, width);
}

static GtkSizeRequestMode
fifolab_lessons_page_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fifolab_lessons_page_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (widget);
  int diagram_min = 0, diagram_nat = 0, card_min = 0, card_nat = 0;
  int diagram_for = -1, card_for = -1;
  gboolean stacked = FALSE;

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    {
      stacked = !card_beside (self, for_size);
      card_for = stacked ? for_size : card_width (self);
      diagram_for = stacked ? for_size : MAX (0, for_size - card_for);
    }
  gtk_widget_measure (self->diagram, orientation, diagram_for, &diagram_min, &diagram_nat, NULL, NULL);
  gtk_widget_measure (self->card, orientation, card_for, &card_min, &card_nat, NULL, NULL);
  *minimum_baseline = *natural_baseline = -1;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Either way round: at least the wider of the two, naturally side
       * by side. */
      *minimum = MAX (diagram_min, card_min);
      *natural = MAX (*minimum, diagram_nat + MAX (card_nat, card_width (self)));
    }
  else if (stacked)
    {
      /* One below the other: both their least. */
      *minimum = diagram_min + card_min;
      *natural = diagram_nat + card_nat;
    }
  else
    {
      *minimum = MAX (diagram_min, card_min);
      *natural = MAX (*minimum, MAX (diagram_nat, card_nat));
    }
}

static void
fifolab_lessons_page_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  FifolabLessonsPage *self = FIFOLAB_LESSONS_PAGE (widget);
  GtkAllocation diagram = { 0, 0, width, height };
  GtkAllocation card = { 0, 0, width, height };

  if (card_beside (self, width))
    {
      card.width = card_width (self);
      card.x = width - card.width;
      diagram.width = width - card.width;
    }
  else
    {
      int diagram_min = 0, card_min = 0, card_nat = 0;
      int diagram_least;

      gtk_widget_measure (self->diagram, GTK_ORIENTATION_VERTICAL, width, &diagram_min, NULL, NULL, NULL);
      gtk_widget_measure (self->card, GTK_ORIENTATION_VERTICAL, width, &card_min, &card_nat, NULL, NULL);
      diagram_least = MAX (diagram_min, (int) (height * DIAGRAM_SHARE));
      card.height = MAX (card_min, MIN (card_nat, height - diagram_least));
      /* Short of room (the stage scrolls then), both get their least. */
      card.height = MIN (card.height, MAX (card_min, height - diagram_min));
      diagram.height = MAX (0, height - card.height);
      card.y = diagram.height;
    }
  gtk_widget_size_allocate (self->diagram, &diagram, -1);
  gtk_widget_size_allocate (self->card, &card, -1);
}

static void
fifolab_lessons_page_class_init (FifolabLessonsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_lessons_page_dispose;
  object_class->finalize = fifolab_lessons_page_finalize;
  object_class->get_property = fifolab_lessons_page_get_property;
  object_class->set_property = fifolab_lessons_page_set_property;

  widget_class->map = fifolab_lessons_page_map;
  widget_class->unmap = fifolab_lessons_page_unmap;
  widget_class->grab_focus = fifolab_lessons_page_grab_focus;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARENT_FOLDER] =
    g_param_spec_string ("parent-folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LESSON] =
    g_param_spec_object ("lesson", NULL, NULL, FIFOLAB_TYPE_LESSON,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RUN] =
    g_param_spec_boolean ("can-run", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIFOLAB_TYPE_DIAGRAM);
  g_type_ensure (FIFOLAB_TYPE_LESSON_OUTLINE);
  g_type_ensure (FIFOLAB_TYPE_STREAM_VIEW);
  g_type_ensure (FIFOLAB_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-lessons-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, action_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, card);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, card_scroll);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, diagram);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, folder_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, outline);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, outline_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, outline_popover);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, replay_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, slow_motion_button);
  gtk_widget_class_bind_template_callback (widget_class, outline_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, slow_motion_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, stream_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, what_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonsPage, why_label);

  gtk_widget_class_install_action (widget_class, "lessons.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "lessons.replay", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "lessons.next", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "lessons.previous", NULL, move_activated);

  widget_class->measure = fifolab_lessons_page_measure;
  widget_class->size_allocate = fifolab_lessons_page_size_allocate;
  widget_class->get_request_mode = fifolab_lessons_page_get_request_mode;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_lessons_page_init (FifolabLessonsPage *self)
{
  self->zoom = 1.0;
  self->shown_step = G_MAXUINT;
  self->done_this_run = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  /* The card scrolls the step shown: its bars say the step's title. */
  fifolab_accessible_label_scroll_bars (GTK_SCROLLED_WINDOW (self->card_scroll), self->title_label);
  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (self->outline, GTK_TYPE_SCROLLED_WINDOW)),
                                       _("Lesson Outline"));
  fifolab_zoom_css_set (gtk_widget_get_display (GTK_WIDGET (self)), "fifolab-lesson-card", self->zoom);
  update_step (self);
}

/* Public API */

GtkWidget *
fifolab_lessons_page_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LESSONS_PAGE, NULL);
}

void
fifolab_lessons_page_set_log (FifolabLessonsPage *self,
                              FifolabLog         *log)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));

  /* A running lesson keeps the log it started with. */
  if (g_set_object (&self->log, log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

void
fifolab_lessons_page_set_watch_session (FifolabLessonsPage *self,
                                        FifolabSession     *session)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));

  fifolab_diagram_set_watch_session (FIFOLAB_DIAGRAM (self->diagram), session);
}

/**
 * fifolab_lessons_page_set_settings:
 * @self: the panel
 * @settings: (nullable): the application's settings, where the lessons keep
 *   the step reached, the steps done and slow motion between runs; %NULL:
 *   nothing is kept
 */
void
fifolab_lessons_page_set_settings (FifolabLessonsPage *self,
                                   GSettings          *settings)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings))
    return;
  if (settings != NULL)
    g_settings_bind (settings, KEY_SLOW_MOTION, self->slow_motion_button, "active", G_SETTINGS_BIND_DEFAULT);
}

/**
 * fifolab_lessons_page_set_holder_monitor:
 * @self: the panel
 * @monitor: (nullable): the application's monitor, which the lessons started
 *   from now on observe their pipes through; %NULL: each its own
 */
void
fifolab_lessons_page_set_holder_monitor (FifolabLessonsPage   *self,
                                         FifolabHolderMonitor *monitor)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));
  g_return_if_fail (monitor == NULL || FIFOLAB_IS_HOLDER_MONITOR (monitor));

  /* A running lesson keeps the monitor it started with. */
  g_set_object (&self->holder_monitor, monitor);
}

void
fifolab_lessons_page_set_parent_folder (FifolabLessonsPage *self,
                                        const char         *folder)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));

  if (g_strcmp0 (self->parent_folder, folder) == 0)
    return;
  g_free (self->parent_folder);
  self->parent_folder = g_strdup (folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_FOLDER]);
}

/**
 * fifolab_lessons_page_get_lesson:
 * @self: the panel
 *
 * Returns: (transfer none) (nullable): the running lesson
 */
FifolabLesson *
fifolab_lessons_page_get_lesson (FifolabLessonsPage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), NULL);
  return self->lesson;
}

/**
 * fifolab_lessons_page_get_can_run:
 *
 * Returns: whether the step's button can do the current step now
 */
gboolean
fifolab_lessons_page_get_can_run (FifolabLessonsPage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), FALSE);
  return self->can_run;
}

/**
 * fifolab_lessons_page_set_run_elsewhere:
 * @run_elsewhere: step mode shows its own Run
 *
 * While step mode's Run is shown, the step's button is hidden: one way to
 * run in sight. Step mode decides, from can-run: it shows its Run only
 * while the step's button cannot do the step (done, or under way).
 */
void
fifolab_lessons_page_set_run_elsewhere (FifolabLessonsPage *self,
                                        gboolean            run_elsewhere)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));

  gtk_widget_set_visible (self->action_button, !run_elsewhere);
}

/**
 * fifolab_lessons_page_get_diagram:
 * @self: the panel
 *
 * Returns: (transfer none): the diagram of the lesson's pipe
 */
GtkWidget *
fifolab_lessons_page_get_diagram (FifolabLessonsPage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), NULL);
  return self->diagram;
}

/**
 * fifolab_lessons_page_get_stream_view:
 * @self: the panel
 *
 * Returns: (transfer none): lesson 7's strip of reads and messages (shown
 *   while that step is the current one)
 */
GtkWidget *
fifolab_lessons_page_get_stream_view (FifolabLessonsPage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), NULL);
  return self->stream_view;
}

double
fifolab_lessons_page_get_zoom (FifolabLessonsPage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSONS_PAGE (self), 1.0);
  return self->zoom;
}

/**
 * fifolab_lessons_page_set_zoom:
 * @zoom: the presentation zoom (1: none), to the nearest quarter
 *
 * Scales the diagram's texts and sizes and the card's text (and width).
 */
void
fifolab_lessons_page_set_zoom (FifolabLessonsPage *self,
                               double              zoom)
{
  g_return_if_fail (FIFOLAB_IS_LESSONS_PAGE (self));

  zoom = CLAMP ((int) (zoom * 4 + 0.5) / 4.0, 0.75, 2.5);
  if (G_APPROX_VALUE (zoom, self->zoom, 0.001))
    return;
  self->zoom = zoom;
  fifolab_zoom_css_set (gtk_widget_get_display (GTK_WIDGET (self)), "fifolab-lesson-card", zoom);
  fifolab_diagram_set_zoom (FIFOLAB_DIAGRAM (self->diagram), zoom);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}
