/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-step-bar.h"
#include "fifolab-wrap-box.h"

struct _FifolabLessonStage
{
  GtkWidget  parent_instance;

  GtkWidget *back_button;
  GtkWidget *log_view;
  GtkWidget *page_bin;
  GtkWidget *paned;
  GtkWidget *separator;
  GtkWidget *step_bar;
  GtkWidget *top_bar;
  GtkWidget *top_scroll;

  GtkWidget *page;
  int        set_position;   /* the split this code set last, -1: none */
};

/* The diagram and the card get this share of the stage's height, the
 * lesson's log the rest (at least its own minimum), until the teacher drags
 * the handle. */
#define STAGE_SHARE 0.64
/* Where the card is below the diagram (a narrow window), they get more:
 * the log yields first, down to its minimum. */
#define STAGE_SHARE_STACKED 0.78
/* Back to the Log and the step bar take at most this share of the stage's
 * height when they are taller (a held call's line and its choices, narrow):
 * beyond it they scroll. */
#define TOP_SHARE 0.27
/* The lesson's log keeps a few rows at least; its status line below them. */
#define LOG_ROWS_MIN 56

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

/* One way to run a step in sight: the step's own button while it can do
 * the step, else step mode's Run (which lets the step's held calls go),
 * while step mode is on. The bar decides, from the page's can-run; the
 * page's button follows the bar's shows-run. */
static void
sync_run (FifolabLessonStage *self)
{
  FifolabStepBar *bar = FIFOLAB_STEP_BAR (self->step_bar);

  fifolab_step_bar_set_run_elsewhere (bar, self->page != NULL &&
                                      fifolab_lessons_page_get_can_run (FIFOLAB_LESSONS_PAGE (self->page)));
  if (self->page != NULL)
    fifolab_lessons_page_set_run_elsewhere (FIFOLAB_LESSONS_PAGE (self->page),
                                            fifolab_step_bar_get_shows_run (bar));
}

/* Where the paned splits its @height (@width wide): STAGE_SHARE (more
 * where the card is below the diagram) for the diagram and the card, at
 * least their least, one below the other, where the log can keep its own
 * minimum (else they scroll); the log the rest. */
static int
split_for (FifolabLessonStage *self,
           int                 width,
           int                 height)
{
  int paned_min = 0, start_min = 0, log_min = 0, page_min = 0, handle, position;

  gtk_widget_measure (self->paned, GTK_ORIENTATION_VERTICAL, width, &paned_min, NULL, NULL, NULL);
  gtk_widget_measure (gtk_paned_get_start_child (GTK_PANED (self->paned)), GTK_ORIENTATION_VERTICAL, width,
                      &start_min, NULL, NULL, NULL);
  gtk_widget_measure (self->log_view, GTK_ORIENTATION_VERTICAL, width, &log_min, NULL, NULL, NULL);
  handle = MAX (0, paned_min - start_min - log_min);
  if (self->page != NULL)
    gtk_widget_measure (self->page, GTK_ORIENTATION_VERTICAL, width, &page_min, NULL, NULL, NULL);
  if (self->page != NULL && fifolab_lessons_page_is_stacked (FIFOLAB_LESSONS_PAGE (self->page), width))
    position = (int) (height * STAGE_SHARE_STACKED);
  else
    position = (int) (height * STAGE_SHARE);
  position = MAX (position, page_min);
  return MAX (start_min, MIN (position, height - handle - log_min));
}

/* The stage's layout: from the top, Back to the Log and the step bar (at
 * most TOP_SHARE of the height where they need more: they scroll), a line,
 * and the paned (the diagram and the card, the log). Its minimum holds the
 * paned's least, so that a narrow window keeps a card to read. */
static void
fifolab_lesson_stage_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  FifolabLessonStage *self = FIFOLAB_LESSON_STAGE (widget);
  GtkWidget *children[] = { self->top_scroll, self->separator, self->paned };

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      int min = 0, nat = 0;

      gtk_widget_measure (children[i], orientation, for_size, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          *minimum += min;
          *natural += nat;
        }
    }
}

static GtkSizeRequestMode
fifolab_lesson_stage_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fifolab_lesson_stage_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  FifolabLessonStage *self = FIFOLAB_LESSON_STAGE (widget);
  int top_min = 0, top_nat = 0, line = 0, paned_min = 0, top;
  GtkAllocation below;
  gboolean user_split;

  /* The bar's own height where it fits (the scrolled window asks for a
   * scroll bar's length at least, more than a bar of one line); else its
   * share, where it scrolls. */
  gtk_widget_measure (self->top_scroll, GTK_ORIENTATION_VERTICAL, width, &top_min, NULL, NULL, NULL);
  gtk_widget_measure (self->top_bar, GTK_ORIENTATION_VERTICAL, width, NULL, &top_nat, NULL, NULL);
  gtk_widget_measure (self->separator, GTK_ORIENTATION_VERTICAL, width, &line, NULL, NULL, NULL);
  gtk_widget_measure (self->paned, GTK_ORIENTATION_VERTICAL, width, &paned_min, NULL, NULL, NULL);
  top = MAX (top_min, MIN ((int) (height * TOP_SHARE), height - line - paned_min));
  top = MIN (top_nat, top);
  gtk_widget_size_allocate (self->top_scroll, &(GtkAllocation) { 0, 0, width, top }, -1);
  gtk_widget_size_allocate (self->separator, &(GtkAllocation) { 0, top, width, line }, -1);
  /* The split follows the room (the window was resized, the card went
   * below the diagram), unless the teacher has moved the handle. */
  user_split = self->set_position >= 0 && gtk_paned_get_position (GTK_PANED (self->paned)) != self->set_position;
  if (!user_split)
    {
      int paned_height = MAX (0, height - top - line);
      int last_height = gtk_widget_get_height (self->paned);
      int position = split_for (self, width, paned_height);

      /* GtkPaned moves a set position by as much as it grew (its log
       * keeps its height, resize-end-child false) when it is allocated:
       * set it where that lands on the split wanted. */
      if (last_height > 0)
        position -= paned_height - last_height;
      if (position != gtk_paned_get_position (GTK_PANED (self->paned)))
        gtk_paned_set_position (GTK_PANED (self->paned), position);
    }
  below = (GtkAllocation) { 0, top + line, width, height - top - line };
  below.height = MAX (below.height, 0);
  gtk_widget_size_allocate (self->paned, &below, -1);
  if (!user_split)
    self->set_position = gtk_paned_get_position (GTK_PANED (self->paned));
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
  g_type_ensure (FIFOLAB_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-lesson-stage.ui");
  /* Only layout: GTK 4.8's AT-SPI backend says a widget of the default role
   * by its class name, one of the generic role by nothing. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, back_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, log_view);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, page_bin);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, paned);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, separator);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, step_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, top_bar);
  gtk_widget_class_bind_template_child (widget_class, FifolabLessonStage, top_scroll);

  /* Escape leaves the stage, as its Back to the Log does (a search or a
   * pop-up open on it closes first: they take Escape before the stage). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.show-log", NULL);

  widget_class->measure = fifolab_lesson_stage_measure;
  widget_class->size_allocate = fifolab_lesson_stage_size_allocate;
  widget_class->get_request_mode = fifolab_lesson_stage_get_request_mode;
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
  /* A room reads the rows; the entry inspector stays with the main log. */
  fifolab_log_view_set_show_inspector (FIFOLAB_LOG_VIEW (self->log_view), FALSE);
  /* Two or three rows at least: a narrow or short window gives the rest to
   * the diagram and the card (LOG_ROWS_MIN). */
  fifolab_log_view_set_rows_min_height (FIFOLAB_LOG_VIEW (self->log_view), LOG_ROWS_MIN);
  lesson_changed_cb (self);
  g_signal_connect_object (self->step_bar, "notify::shows-run", G_CALLBACK (sync_run), self, G_CONNECT_SWAPPED);
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
    {
      g_signal_handlers_disconnect_by_func (self->page, lesson_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->page, sync_run, self);
      fifolab_lessons_page_set_run_elsewhere (FIFOLAB_LESSONS_PAGE (self->page), FALSE);
    }
  g_set_object (&self->page, page);
  adw_bin_set_child (ADW_BIN (self->page_bin), page);
  fifolab_step_bar_set_diagram (FIFOLAB_STEP_BAR (self->step_bar),
                                page != NULL ? fifolab_lessons_page_get_diagram (FIFOLAB_LESSONS_PAGE (page)) : NULL);
  if (page != NULL)
    {
      g_signal_connect_object (page, "notify::lesson", G_CALLBACK (lesson_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::can-run", G_CALLBACK (sync_run), self, G_CONNECT_SWAPPED);
    }
  lesson_changed_cb (self);
  sync_run (self);
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
