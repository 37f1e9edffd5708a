/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "fifolab-step-bar.h"
#include "fifolab-diagram.h"

struct _FifolabStepBar
{
  GtkWidget         parent_instance;

  GtkWidget        *mode_button;
  GtkWidget        *step_button;
  GtkWidget        *run_button;
  GtkWidget        *more_label;
  GtkWidget        *line_label;

  FifolabLesson    *lesson;
  FifolabSession   *session;
  FifolabStepWatch *watch;
  GtkWidget        *diagram;           /* the stage's, weak */
  gulong            pipe_created_id;   /* waiting for the lesson's pipe */
  char             *failure;           /* why step mode could not start */
  char             *path;              /* the pipe, without a lesson (the peer form's) */
  char             *tooltip;           /* the toggle's own, while not blocked */
};

G_DEFINE_FINAL_TYPE (FifolabStepBar, fifolab_step_bar, GTK_TYPE_WIDGET)

static gboolean
is_on (FifolabStepBar *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->mode_button));
}

/* The pipe step mode is for: the lesson's, else the one set. */
static const char *
bar_path (FifolabStepBar *self)
{
  return self->lesson != NULL ? fifolab_lesson_get_pipe_path (self->lesson) : self->path;
}

/* The line, the count of the others, the buttons: what the watch holds. */
static void
sync_bar (FifolabStepBar *self)
{
  gboolean on = is_on (self);
  guint n = self->watch != NULL ? fifolab_step_watch_get_n_pending (self->watch) : 0;
  g_autofree char *line = NULL;
  g_autofree char *more = NULL;

  if (self->failure != NULL)
    line = g_strdup (self->failure);
  else if (on && self->watch == NULL)
    line = g_strdup (_("Step mode starts once the lesson makes its pipe"));
  else if (n == 0)
    line = g_strdup (_("Nothing is waiting"));
  else
    line = fifolab_step_watch_describe (fifolab_step_watch_get_pending (self->watch),
                                        fifolab_step_watch_get_path (self->watch));
  if (n > 1)
    more = g_strdup_printf (ngettext ("%u more waiting", "%u more waiting", n - 1), n - 1);

  gtk_label_set_text (GTK_LABEL (self->line_label), line);
  gtk_widget_set_visible (self->line_label, on || self->failure != NULL);
  gtk_label_set_text (GTK_LABEL (self->more_label), more != NULL ? more : "");
  gtk_widget_set_visible (self->more_label, on && more != NULL);
  /* The pipe's Watch traces its processes: one tracer per process. */
  if (!on && self->session != NULL && bar_path (self) != NULL &&
      fifolab_session_get_tracer (self->session, bar_path (self)) == FIFOLAB_TRACER_WATCH)
    {
      gtk_widget_set_sensitive (self->mode_button, FALSE);
      gtk_widget_set_tooltip_text (self->mode_button,
                                   _("The pipe’s Watch traces its processes, and a process can have only one tracer: stop the Watch to use step mode"));
    }
  else
    {
      gtk_widget_set_sensitive (self->mode_button, bar_path (self) != NULL);
      gtk_widget_set_tooltip_text (self->mode_button, self->lesson == NULL && self->path != NULL
                                   ? _("Stop each peer started here before each call on the selected pipe")
                                   : self->tooltip);
    }
  gtk_widget_set_visible (self->step_button, on);
  gtk_widget_set_visible (self->run_button, on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepbar.step", on && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepbar.run", on && self->watch != NULL);
}

static void
record_cb (FifolabStepWatch   *watch,
           FifolabWatchRecord *record,
           FifolabStepBar     *self)
{
  if (self->session != NULL)
    fifolab_session_log_watch_record (self->session, fifolab_step_watch_get_path (watch), record);
}

static void stop_watch (FifolabStepBar *self);

/* The watch ended on its own (it failed, or was killed): step mode is off,
 * said in words. */
static void
ended_cb (FifolabStepWatch *watch,
          FifolabStepBar   *self)
{
  if (watch != self->watch)
    return;
  stop_watch (self);
  g_free (self->failure);
  self->failure = g_strdup (_("Step mode ended: the watch stopped"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
  sync_bar (self);
}

/* Lets every held call go on, ends the watch, the lesson starts its
 * processes as usual again. */
static void
stop_watch (FifolabStepBar *self)
{
  g_autoptr(FifolabStepWatch) watch = g_steal_pointer (&self->watch);

  if (self->lesson != NULL && self->pipe_created_id != 0)
    g_signal_handler_disconnect (self->lesson, self->pipe_created_id);
  self->pipe_created_id = 0;
  if (watch == NULL)
    return;
  if (self->session != NULL)
    fifolab_session_release_tracer (self->session, fifolab_step_watch_get_path (watch), watch);
  g_signal_handlers_disconnect_by_data (watch, self);
  if (self->diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (self->diagram), NULL);
  if (self->lesson != NULL && fifolab_lesson_get_step_watch (self->lesson) == watch)
    fifolab_lesson_set_step_watch (self->lesson, NULL);
  fifolab_step_watch_run (watch);
  fifolab_step_watch_stop (watch);
}

static gboolean
pipe_exists (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && S_ISFIFO (st.st_mode);
}

static void
start_watch (FifolabStepBar *self)
{
  const char *path = bar_path (self);
  g_autoptr(FifolabStepWatch) watch = fifolab_step_watch_new (path);
  g_autoptr(GError) error = NULL;

  g_signal_connect_object (watch, "record", G_CALLBACK (record_cb), self, 0);
  g_signal_connect_object (watch, "pending-changed", G_CALLBACK (sync_bar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (watch, "ended", G_CALLBACK (ended_cb), self, 0);
  /* One tracer per pipe: not while its Watch runs. */
  if (self->session != NULL &&
      !fifolab_session_claim_tracer (self->session, path, FIFOLAB_TRACER_STEP, watch))
    {
      g_signal_handlers_disconnect_by_data (watch, self);
      g_free (self->failure);
      self->failure = g_strdup (_("Step mode could not start: the pipe’s Watch traces its processes, and a process can have only one tracer"));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      return;
    }
  if (!fifolab_step_watch_start (watch, &error))
    {
      if (self->session != NULL)
        fifolab_session_release_tracer (self->session, path, watch);
      g_signal_handlers_disconnect_by_data (watch, self);
      g_free (self->failure);
      self->failure = g_strdup_printf (_("Step mode could not start: %s"), error->message);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      return;
    }
  self->watch = g_steal_pointer (&watch);
  if (self->lesson != NULL)
    fifolab_lesson_set_step_watch (self->lesson, self->watch);
  if (self->diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (self->diagram), self->watch);
}

static void
pipe_created_cb (FifolabLesson  *lesson,
                 const char     *path,
                 FifolabStepBar *self)
{
  if (self->watch != NULL || g_strcmp0 (path, fifolab_lesson_get_pipe_path (lesson)) != 0)
    return;
  g_signal_handler_disconnect (lesson, self->pipe_created_id);
  self->pipe_created_id = 0;
  start_watch (self);
  sync_bar (self);
}

static void
mode_toggled_cb (FifolabStepBar *self)
{
  if (!is_on (self))
    {
      stop_watch (self);
      sync_bar (self);
      return;
    }
  g_clear_pointer (&self->failure, g_free);
  if (bar_path (self) == NULL)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      return;
    }
  /* A pipe without a lesson is there already (the browser lists it). */
  if (self->lesson == NULL && self->watch == NULL)
    start_watch (self);
  else if (self->watch == NULL && self->pipe_created_id == 0)
    {
      if (pipe_exists (fifolab_lesson_get_pipe_path (self->lesson)))
        start_watch (self);
      else
        self->pipe_created_id = g_signal_connect (self->lesson, "pipe-created",
                                                  G_CALLBACK (pipe_created_cb), self);
    }
  sync_bar (self);
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (widget);

  if (self->watch != NULL)
    fifolab_step_watch_step (self->watch);
}

static void
run_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (widget);

  if (self->watch != NULL)
    fifolab_step_watch_run (self->watch);
}

static void
fifolab_step_bar_dispose (GObject *object)
{
  FifolabStepBar *self = FIFOLAB_STEP_BAR (object);
  GtkWidget *child;

  stop_watch (self);
  g_clear_weak_pointer (&self->diagram);
  g_clear_object (&self->lesson);
  g_clear_object (&self->session);
  g_clear_pointer (&self->failure, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->tooltip, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_STEP_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fifolab_step_bar_parent_class)->dispose (object);
}

static void
fifolab_step_bar_class_init (FifolabStepBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_step_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-step-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, mode_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, step_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, run_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, more_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabStepBar, line_label);

  gtk_widget_class_install_action (widget_class, "stepbar.step", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "stepbar.run", NULL, run_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stepbar");
}

static void
fifolab_step_bar_init (FifolabStepBar *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->tooltip = g_strdup (gtk_widget_get_tooltip_text (self->mode_button));
  g_signal_connect_object (self->mode_button, "toggled", G_CALLBACK (mode_toggled_cb), self, G_CONNECT_SWAPPED);

  /* F8 steps wherever the focus is in the window (no accelerator of the
   * application's uses it: fifolab-application.c). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F8, 0),
                                                          gtk_named_action_new ("stepbar.step")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  sync_bar (self);
}

GtkWidget *
fifolab_step_bar_new (void)
{
  return g_object_new (FIFOLAB_TYPE_STEP_BAR, NULL);
}

/**
 * fifolab_step_bar_set_lesson:
 * @lesson: (nullable): the lesson running on the stage
 *
 * Another lesson (or none) turns step mode off: its processes run on.
 */
void
fifolab_step_bar_set_lesson (FifolabStepBar *self,
                             FifolabLesson  *lesson)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (self->lesson == lesson)
    return;
  stop_watch (self);
  g_set_object (&self->lesson, lesson);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
  g_clear_pointer (&self->failure, g_free);
  sync_bar (self);
}

void
fifolab_step_bar_set_session (FifolabStepBar *self,
                              FifolabSession *session)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, sync_bar, self);
  g_set_object (&self->session, session);
  /* The pipe's Watch, on or off, makes the toggle insensitive or not. */
  if (session != NULL)
    g_signal_connect_object (session, "tracer-changed", G_CALLBACK (sync_bar), self, G_CONNECT_SWAPPED);
  sync_bar (self);
}

/**
 * fifolab_step_bar_get_watch:
 *
 * Returns: (transfer none) (nullable): the running step watch
 */
FifolabStepWatch *
fifolab_step_bar_get_watch (FifolabStepBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_BAR (self), NULL);
  return self->watch;
}

/* @diagram (a FifolabDiagram, NULL: none): the stage's, whose boxes say
 * the calls step mode holds. */
void
fifolab_step_bar_set_diagram (FifolabStepBar *self,
                              GtkWidget      *diagram)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));
  g_return_if_fail (diagram == NULL || FIFOLAB_IS_DIAGRAM (diagram));

  if (self->diagram == diagram)
    return;
  if (self->diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (self->diagram), NULL);
  g_set_weak_pointer (&self->diagram, diagram);
  if (diagram != NULL)
    fifolab_diagram_set_step_watch (FIFOLAB_DIAGRAM (diagram), self->watch);
}

/**
 * fifolab_step_bar_set_path:
 * @path: (nullable): the pipe, for step mode without a lesson
 *
 * Step mode for the processes started on @path from elsewhere (the
 * Processes page's peer form, which starts them through the watch while it
 * runs). Another pipe (or none) turns step mode off: its processes run on.
 * A lesson set takes precedence.
 */
void
fifolab_step_bar_set_path (FifolabStepBar *self,
                           const char     *path)
{
  g_return_if_fail (FIFOLAB_IS_STEP_BAR (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  if (self->lesson == NULL)
    {
      stop_watch (self);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mode_button), FALSE);
      g_clear_pointer (&self->failure, g_free);
    }
  g_free (self->path);
  self->path = g_strdup (path);
  sync_bar (self);
}
