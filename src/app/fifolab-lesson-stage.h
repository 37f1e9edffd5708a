/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LESSON_STAGE (fifolab_lesson_stage_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLessonStage, fifolab_lesson_stage, FIFOLAB, LESSON_STAGE, GtkWidget)

/* The lessons' stage, which takes the window's main area while a lesson
 * runs: a way back to the log at the top, the lessons page (its diagram large,
 * the lesson's card beside it) and below, the lesson's own log: a log view
 * showing only the pipes in the running lesson's folder. */
GtkWidget *fifolab_lesson_stage_new          (void);
/* @page: a FifolabLessonsPage (NULL: none); the stage shows it and follows
 * its lesson's folder. */
void       fifolab_lesson_stage_set_page     (FifolabLessonStage *self,
                                              GtkWidget          *page);
GtkWidget *fifolab_lesson_stage_get_page     (FifolabLessonStage *self);
void       fifolab_lesson_stage_set_log      (FifolabLessonStage *self,
                                              FifolabLog         *log);
/* The lesson's log (a FifolabLogView). */
GtkWidget *fifolab_lesson_stage_get_log_view (FifolabLessonStage *self);
/* Where step mode's records are logged (the window's session). */
void       fifolab_lesson_stage_set_session  (FifolabLessonStage *self,
                                              FifolabSession     *session);
/* Step mode's bar (a FifolabStepBar). */
GtkWidget *fifolab_lesson_stage_get_step_bar (FifolabLessonStage *self);

G_END_DECLS
