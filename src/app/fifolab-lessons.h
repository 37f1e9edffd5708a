/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-lesson.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LESSONS (fifolab_lessons_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLessons, fifolab_lessons, FIFOLAB, LESSONS, GtkWidget)

/* The lessons panel: the current step's title, what to do, a button that does
 * it, why, and whether FIFO Lab has seen it happen; a diagram of the lesson's
 * pipe. A lesson (and its folder, under parent-folder) starts when the panel is
 * mapped and ends — processes stopped, folder removed — when it is unmapped
 * or disposed.
 *
 * Properties: log, parent-folder, lesson (read-only, NULL while closed).
 * Widget actions: lessons.run, lessons.next, lessons.previous. */
GtkWidget     *fifolab_lessons_new               (void);
void           fifolab_lessons_set_log           (FifolabLessons *self,
                                                  FifolabLog     *log);
void           fifolab_lessons_set_parent_folder (FifolabLessons *self,
                                                  const char     *folder);
FifolabLesson *fifolab_lessons_get_lesson        (FifolabLessons *self);
/* Starts a lesson now (also done on map). FALSE with @error if its folder
 * cannot be made. */
gboolean       fifolab_lessons_open              (FifolabLessons *self,
                                                  GError        **error);
/* Ends the lesson: stops its processes, removes its folder. */
void           fifolab_lessons_close             (FifolabLessons *self);
GtkWidget     *fifolab_lessons_get_diagram       (FifolabLessons *self);
/* Lesson 7's strip of reads and messages (a FifolabStreamView). */
GtkWidget     *fifolab_lessons_get_stream_view   (FifolabLessons *self);

G_END_DECLS
