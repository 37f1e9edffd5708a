/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-lesson.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_STEP_BAR (fifolab_step_bar_get_type ())

G_DECLARE_FINAL_TYPE (FifolabStepBar, fifolab_step_bar, FIFOLAB, STEP_BAR, GtkWidget)

/* Step mode on the lesson stage (issue 16): a Step Mode toggle; while on, a
 * FifolabStepWatch on the lesson's pipe holds every process the lesson
 * starts before each call on it (fifolab_lesson_set_step_watch()), a large
 * line says which call waits longest (fifolab_step_watch_describe()), Step
 * (F8, the widget action stepbar.step) lets that one go on and Run lets all
 * go on. Off (or another lesson): run(), stop(), the processes go on
 * unchanged. The watch's records go to the session's log (the log, the
 * diagram and the sequence diagram show them as a watch's).
 *
 * Where the lesson has not made its pipe yet, step mode starts when it
 * does (the lesson's ::pipe-created), and the line says so meanwhile. */
GtkWidget        *fifolab_step_bar_new         (void);
void              fifolab_step_bar_set_lesson  (FifolabStepBar *self,
                                                FifolabLesson  *lesson);
/* Without a lesson: step mode for @path (the peer form's pipe). */
void              fifolab_step_bar_set_path    (FifolabStepBar *self,
                                                const char     *path);
void              fifolab_step_bar_set_session (FifolabStepBar *self,
                                                FifolabSession *session);
/* The diagram (a FifolabDiagram, NULL: none) whose process boxes say the
 * calls held ("about to write 22 B"). */
void              fifolab_step_bar_set_diagram (FifolabStepBar *self,
                                                GtkWidget      *diagram);
/* The running step watch (transfer none), NULL while off or waiting for
 * the pipe. */
FifolabStepWatch *fifolab_step_bar_get_watch   (FifolabStepBar *self);
/* The lesson's own button can do its step now: Run is not shown. */
void              fifolab_step_bar_set_run_elsewhere (FifolabStepBar *self,
                                                      gboolean        run_elsewhere);
/* Whether Run is shown (the property shows-run). */
gboolean          fifolab_step_bar_get_shows_run     (FifolabStepBar *self);

G_END_DECLS
