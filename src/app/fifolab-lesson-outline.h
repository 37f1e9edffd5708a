/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LESSON_OUTLINE (fifolab_lesson_outline_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLessonOutline, fifolab_lesson_outline, FIFOLAB, LESSON_OUTLINE, GtkWidget)

/* The outline of the lessons, to jump to one: a row per lesson, "3. A writer
 * arrives", marked when every step of it was done (in this session or an
 * earlier one), the current one selected. A screen reader gets "Lesson 3 of
 * 9: A writer arrives" and whether it is done.
 *
 * Signals: ::lesson-activated (guint lesson, from 1). */
GtkWidget *fifolab_lesson_outline_new         (void);
/* One row per title, lesson 1 first (@titles NULL-terminated). */
void       fifolab_lesson_outline_set_lessons (FifolabLessonOutline *self,
                                               const char * const   *titles);
guint      fifolab_lesson_outline_get_n_lessons (FifolabLessonOutline *self);
/* Lesson @lesson (from 1) done or not; the current one, selected. */
void       fifolab_lesson_outline_set_done    (FifolabLessonOutline *self,
                                               guint                 lesson,
                                               gboolean              done);
gboolean   fifolab_lesson_outline_get_done    (FifolabLessonOutline *self,
                                               guint                 lesson);
void       fifolab_lesson_outline_set_current (FifolabLessonOutline *self,
                                               guint                 lesson);
/* The row of lesson @lesson, as a user would activate it. */
GtkWidget *fifolab_lesson_outline_get_row     (FifolabLessonOutline *self,
                                               guint                 lesson);

G_END_DECLS
