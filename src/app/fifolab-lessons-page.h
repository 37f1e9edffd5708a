/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-lesson.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LESSONS_PAGE (fifolab_lessons_page_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLessonsPage, fifolab_lessons_page, FIFOLAB, LESSONS_PAGE, GtkWidget)

/* The lessons panel: the current step's title, what to do, a button that does
 * it, why, and whether FIFO Lab has seen it happen; a diagram of the lesson's
 * pipe. A lesson (and its folder, under parent-folder) starts when the panel is
 * mapped and ends — processes stopped, folder removed — when it is unmapped
 * or disposed.
 *
 * Properties: log, parent-folder, lesson (read-only, NULL while closed).
 * Widget actions: lessons.run, lessons.next, lessons.previous. */
GtkWidget     *fifolab_lessons_page_new               (void);
void           fifolab_lessons_page_set_log           (FifolabLessonsPage *self,
                                                       FifolabLog          *log);
void           fifolab_lessons_page_set_parent_folder (FifolabLessonsPage *self,
                                                       const char          *folder);
FifolabLesson *fifolab_lessons_page_get_lesson        (FifolabLessonsPage *self);
/* Starts a lesson now (also done on map). FALSE with @error if its folder
 * cannot be made. */
gboolean       fifolab_lessons_page_open              (FifolabLessonsPage *self,
                                                       GError             **error);
/* Ends the lesson: stops its processes, removes its folder. */
void           fifolab_lessons_page_close             (FifolabLessonsPage *self);
GtkWidget     *fifolab_lessons_page_get_diagram       (FifolabLessonsPage *self);
/* Lesson 7's strip of reads and messages (a FifolabStreamView). */
GtkWidget     *fifolab_lessons_page_get_stream_view   (FifolabLessonsPage *self);

G_END_DECLS
