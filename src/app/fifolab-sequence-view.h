/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-sequence.h"
#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_SEQUENCE_VIEW (fifolab_sequence_view_get_type ())

G_DECLARE_FINAL_TYPE (FifolabSequenceView, fifolab_sequence_view, FIFOLAB, SEQUENCE_VIEW, GtkWidget)

/* The sequence diagram of what the watch saw (fifolab-sequence-draw.h),
 * drawn for the rows in view only. It follows the newest call while the
 * end is in view. Keyboard focusable: Up and Down select the call before
 * or after, Page Up and Page Down, Home and End scroll, plus and minus
 * (or Ctrl and the wheel) zoom in time, 0 goes back to the first zoom;
 * the wheel scrolls. A click or a key that selects a call emits
 * ::entry-selected with its log entry's serial. The keys are the widget's
 * actions "sequence-view." select-previous, select-next, page-up,
 * page-down, first, last, zoom-in, zoom-out, zoom-reset.
 *
 * Its accessible name is "Sequence diagram"; its accessible description
 * says in words what the calls in view show (kept up to date at most 4
 * times a second).
 *
 * Signals: ::entry-selected (guint64 serial). */
FifolabSequenceView *fifolab_sequence_view_new             (void);
/* Follows @session's log from now on (fifolab_sequence_follow_log()). */
void                 fifolab_sequence_view_set_session     (FifolabSequenceView *self,
                                                            FifolabSession      *session);
/* Follows @log from now on: a recording's, filled after. */
void                 fifolab_sequence_view_set_log         (FifolabSequenceView *self,
                                                            FifolabLog          *log);
FifolabSequence     *fifolab_sequence_view_get_sequence    (FifolabSequenceView *self);
/* Selects the call of the log entry @serial and scrolls it into view;
 * FALSE (nothing changed) when no call has it. Emits nothing. */
gboolean             fifolab_sequence_view_select_serial   (FifolabSequenceView *self,
                                                            guint64              serial);
/* The serial of the selected call's entry; G_MAXUINT64 when none. */
guint64              fifolab_sequence_view_get_selected_serial (FifolabSequenceView *self);
/* The accessible description, now (for tests). */
char                *fifolab_sequence_view_dup_description (FifolabSequenceView *self);
/* The rows in view, [first, last]; FALSE when there are none. */
gboolean             fifolab_sequence_view_get_visible_rows (FifolabSequenceView *self,
                                                             guint               *first,
                                                             guint               *last);
double               fifolab_sequence_view_get_row_height  (FifolabSequenceView *self);

G_END_DECLS
