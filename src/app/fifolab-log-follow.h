/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_FOLLOW (fifolab_log_follow_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogFollow, fifolab_log_follow, FIFOLAB, LOG_FOLLOW, GObject)

/* Following the newest entry at the bottom of a scrolled list: while
 * following, the list is scrolled to its end whenever its range grows,
 * right after the layout of @widget that grew it, in the same frame (the
 * list's range is set during allocation, and moving it from there is not
 * allowed; the frame clock lays out again before it paints). A move up over an
 * unchanged range is the user's and stops following; back at the bottom, or
 * with nothing left to scroll, it follows again. The list's own moves
 * (placing range and value together) never stop it.
 *
 * Property: following (gboolean, read-only). */
FifolabLogFollow *fifolab_log_follow_new           (GtkWidget        *widget,
                                                    GtkAdjustment    *vadjustment);
gboolean          fifolab_log_follow_get_following (FifolabLogFollow *self);
/* Follows again, scrolling to the end now and after the next layout. */
void              fifolab_log_follow_jump          (FifolabLogFollow *self);
/* Follows again from the next layout (another list shown). */
void              fifolab_log_follow_resume        (FifolabLogFollow *self);
/* Entries were added or the widget mapped: scrolls to the end after the
 * next layout, in the same frame, if following. */
void              fifolab_log_follow_update        (FifolabLogFollow *self);
/* Rows were removed (a cap evicting, a clear, a stricter filter): the moves
 * of the list's value until its next layout are the list's, not the user's,
 * and a scroll due waits for that layout. */
void              fifolab_log_follow_rows_removed  (FifolabLogFollow *self);

G_END_DECLS
