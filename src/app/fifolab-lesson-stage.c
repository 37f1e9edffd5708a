/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-step-bar.h"

struct _FifolabLessonStage
{
  GtkWidget  parent_instance;

  GtkWidget *back_button;
  GtkWidget *log_view;
  GtkWidget *page_bin;
  GtkWidget *paned;
  GtkWidget *step_bar;

  GtkWidget *page;
  int        set_position;   /* the split this code set last, -1: none */
};

/* The diagram and the card get this share of the stage's height, the
 * lesson's log the rest (at least its own minimum), until the teacher drags
 * the handle. */
#define STAGE_SHARE 0.64

G_DEFINE_FINAL_TYPE (FifolabLessonStage, fifolab_lesson_stage, GTK_TYPE_WIDGET)

/* The log below holds the running lesson's pipes only; with no lesson
 * running, nothing (a folder no pipe is in). */
static void
lesson_changed_cb (FifolabLessonStage *self)
{
  FifolabLesson *lesson = NULL;

  if (self->page != NULL)
    lesson = fifolab_lessons_page_get_lesson (FIFOLAB_LESSONS_PAGE (self->page));
  fifolab_log_view_set_folder_filter (FIFOLAB_LOG_VIEW (self->log_view),
                                      lesson != NULL ? fifolab_lesson_get_folder (lesson) : "/nonexistent/");
  fifolab_step_bar_set_lesson (FIFOLAB_STEP_BAR (self->step_bar), lesson);
}

/* The paned's room changed (the window was resized): the split follows it,
 * unless the teacher has moved the handle. */
static void
paned_room_cb (GtkPaned           *paned,
               GParamSpec         *pspec,
               FifolabLessonStage *self)
{
  int max = 0;
  int position;

  g_object_get (paned, "max-position", &max, NULL);
  if (max <= 0 || (self->set_position >= 0 && gtk_paned_get_position (paned) != self->set_position))
    return;
  position = MIN (max, (int) (gtk_widget_get_height (GTK_WIDGET (paned)) * STAGE_SHARE));
  self->set_position = position;
  gtk_paned_set_position (paned, position);
}

static void
fifolab_lesson_stage_dispose (GObject *object)
{
  FifolabLessonStage *self = FIFOLAB_LESSON_STAGE (object);
  GtkWidget *child;

  g_clear_object (&self->page);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_LESSON_STAGE);
  /* GTK 4.8 leaves template children that are not bound: unparent them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fifolab_lesson_stage_parent_class)->dispose (object);
}

static void
fifolab_lesson_stage_class_init (FifolabLessonStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_lesson_stage_dispose;

  g_type_ensure (FIFOLAB_TYPE_LOG_VIEW);
  g_type_ensure (FIFOLAB_TYPE_STEP_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-lesson-stage.ui");
  /* Only layout: GTK 4.8's AT-SPI backend says a widget of the default role
   * by its class name, one of the generic role by nothing. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, back_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, log_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, page_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, paned);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, step_bar);

  /* Escape leaves the stage, as its Back to the Log does (a search or a
   * pop-up open on it closes first: they take Escape before the stage). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.show-log", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessonstage");
}

static void
fifolab_lesson_stage_init (FifolabLessonStage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Translators: what a screen reader says for the bar a person drags to
   * share a lesson's height between its diagram and card and its log. */
  fifolab_accessible_name_paned_handle (GTK_PANED (self->paned), _("Resize the lesson and its log"));
  fifolab_accessible_name_parts (GTK_WIDGET (self));
  self->set_position = -1;
  g_signal_connect_object (self->paned, "notify::max-position", G_CALLBACK (paned_room_cb), self, 0);
  /* A room reads the rows; the entry inspector stays with the main log. */
  fifolab_log_view_set_show_inspector (FIFOLAB_LOG_VIEW (self->log_view), FALSE);
  lesson_changed_cb (self);
}

GtkWidget *
fifolab_lesson_stage_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LESSON_STAGE, NULL);
}

/**
 * fifolab_lesson_stage_set_page:
 * @self: the stage
 * @page: (nullable): a #FifolabLessonsPage
 */
void
fifolab_lesson_stage_set_page (FifolabLessonStage *self,
                               GtkWidget          *page)
{
  g_return_if_fail (FIFOLAB_IS_LESSON_STAGE (self));
  g_return_if_fail (page == NULL || FIFOLAB_IS_LESSONS_PAGE (page));

  if (self->page == page)
    return;
  if (self->page != NULL)
    g_signal_handlers_disconnect_by_func (self->page, lesson_changed_cb, self);
  g_set_object (&self->page, page);
  adw_bin_set_child (ADW_BIN (self->page_bin), page);
  fifolab_step_bar_set_diagram (FIFOLAB_STEP_BAR (self->step_bar),
                                page != NULL ? fifolab_lessons_page_get_diagram (FIFOLAB_LESSONS_PAGE (page)) : NULL);
  if (page != NULL)
    g_signal_connect_object (page, "notify::lesson", G_CALLBACK (lesson_changed_cb), self, G_CONNECT_SWAPPED);
  lesson_changed_cb (self);
}

/**
 * fifolab_lesson_stage_get_page:
 *
 * Returns: (transfer none) (nullable): the lessons page shown
 */
GtkWidget *
fifolab_lesson_stage_get_page (FifolabLessonStage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON_STAGE (self), NULL);
  return self->page;
}

void
fifolab_lesson_stage_set_log (FifolabLessonStage *self,
                              FifolabLog         *log)
{
  g_return_if_fail (FIFOLAB_IS_LESSON_STAGE (self));

  fifolab_log_view_set_log (FIFOLAB_LOG_VIEW (self->log_view), log);
}

/**
 * fifolab_lesson_stage_get_log_view:
 *
 * Returns: (transfer none): the lesson's log, a #FifolabLogView
 */
GtkWidget *
fifolab_lesson_stage_get_log_view (FifolabLessonStage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON_STAGE (self), NULL);
  return self->log_view;
}

/* The session the step watch's records are logged in (the window's). */
void
fifolab_lesson_stage_set_session (FifolabLessonStage *self,
                                  FifolabSession     *session)
{
  g_return_if_fail (FIFOLAB_IS_LESSON_STAGE (self));

  fifolab_step_bar_set_session (FIFOLAB_STEP_BAR (self->step_bar), session);
}

/**
 * fifolab_lesson_stage_get_step_bar:
 *
 * Returns: (transfer none): step mode's bar, a #FifolabStepBar
 */
GtkWidget *
fifolab_lesson_stage_get_step_bar (FifolabLessonStage *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON_STAGE (self), NULL);
  return self->step_bar;
}
