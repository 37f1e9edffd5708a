/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log-view.h"
#include "fifolab-sequence-view.h"

G_BEGIN_DECLS

/* How an export went, said where the window says such things (a toast, or
 * an error when @failed). */
typedef void (*FifolabSequenceOutcomeFunc) (GtkWidget  *window,
                                            const char *outcome,
                                            gboolean    failed);

/* Puts @view, the sequence diagram, beside @log_view in @window, whose
 * log they both show: the actions "sequence.show" (stateful: the diagram
 * in place of the log; Ctrl+Shift+D) and "sequence.export" (SVG or PDF,
 * from a file dialog, its outcome told through @outcome); a call selected
 * in the diagram selects its Watch entry in the log and the entry
 * inspector, and the entry the inspector shows selects its call. For as
 * long as @window lives. */
void fifolab_sequence_link (GtkWidget                  *window,
                            FifolabLogView             *log_view,
                            FifolabSequenceView        *view,
                            FifolabSequenceOutcomeFunc  outcome);

G_END_DECLS
