/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-lesson.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LESSONS_PAGE (fifolab_lessons_page_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLessonsPage, fifolab_lessons_page, FIFOLAB, LESSONS_PAGE, GtkWidget)

/* The lessons panel: the current step's title, what to do, a button that does
 * it (and Replay Step, which does it again from a clean stage), why, and what
 * FIFO Lab saw once it happened; the step then waits for Next Step. "Lesson N
 * of 9 · step k of m", an outline of the nine lessons to jump to, slow motion;
 * a diagram of the lesson's pipe, large, with the card holding the rest beside
 * it (below it where the page is too narrow for both). Given settings, it keeps the step reached,
 * the steps done and slow motion between runs. A lesson (and its folder, under parent-folder) starts when the panel is
 * mapped and ends — processes stopped, folder removed — when it is unmapped
 * or disposed.
 *
 * Properties: log, parent-folder, lesson (read-only, NULL while closed),
 *   zoom (the presentation zoom, 0.75 to 2.5 by quarters), can-run
 *   (read-only).
 * Widget actions: lessons.run, lessons.replay, lessons.next, lessons.previous. */
GtkWidget     *fifolab_lessons_page_new               (void);
void           fifolab_lessons_page_set_log           (FifolabLessonsPage *self,
                                                       FifolabLog          *log);
/* The session whose watches the stage's diagram shows (the window's). */
void           fifolab_lessons_page_set_watch_session (FifolabLessonsPage *self,
                                                       FifolabSession      *session);
void           fifolab_lessons_page_set_parent_folder (FifolabLessonsPage *self,
                                                       const char          *folder);
/* Where progress is kept (the application's settings); unset, nothing is. */
void           fifolab_lessons_page_set_settings      (FifolabLessonsPage *self,
                                                       GSettings          *settings);
/* The monitor the lessons observe through (the application's); unset, each
 * lesson makes its own. */
void           fifolab_lessons_page_set_holder_monitor (FifolabLessonsPage   *self,
                                                        FifolabHolderMonitor *monitor);
FifolabLesson *fifolab_lessons_page_get_lesson        (FifolabLessonsPage *self);
/* Starts a lesson now (also done on map). FALSE with @error if its folder
 * cannot be made. */
gboolean       fifolab_lessons_page_open              (FifolabLessonsPage *self,
                                                       GError             **error);
/* Ends the lesson: stops its processes, removes its folder. */
void           fifolab_lessons_page_close             (FifolabLessonsPage *self);
double         fifolab_lessons_page_get_zoom          (FifolabLessonsPage *self);
void           fifolab_lessons_page_set_zoom          (FifolabLessonsPage *self,
                                                       double              zoom);
GtkWidget     *fifolab_lessons_page_get_diagram       (FifolabLessonsPage *self);
/* Whether the step's button can do the current step now (the read-only
 * property can-run): not when it is done or under way. */
gboolean       fifolab_lessons_page_get_can_run       (FifolabLessonsPage *self);
/* Step mode shows its own Run (fifolab-lesson-stage.c), which it does only
 * while the step's button cannot do the step: that button is then hidden. */
void           fifolab_lessons_page_set_run_elsewhere (FifolabLessonsPage *self,
                                                       gboolean            run_elsewhere);
gboolean       fifolab_lessons_page_is_stacked        (FifolabLessonsPage *self,
                                                       int                 width);
/* Lesson 7's strip of reads and messages (a FifolabStreamView). */
GtkWidget     *fifolab_lessons_page_get_stream_view   (FifolabLessonsPage *self);

G_END_DECLS
