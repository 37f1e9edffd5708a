/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's sequence diagram: in place of the log (the "sequence.show"
 * toggle, Ctrl+Shift+D), following the session's log; a call selected in it selects
 * its Watch entry in the log and the entry inspector, and the entry the
 * inspector shows selects its call; "sequence.export" saves it as SVG or
 * PDF. */
#include "config.h"


#include "fifolab-sequence-link.h"
#include "fifolab-window-private.h"

static void
outcome_cb (GtkWidget  *window,
            const char *outcome,
            gboolean    failed)
{
  if (failed)
    fifolab_window_show_error (FIFOLAB_WINDOW (window), outcome);
  else
    fifolab_window_show_toast (FIFOLAB_WINDOW (window), outcome);
}

void
_fifolab_window_init_sequence (FifolabWindow *self)
{
  fifolab_sequence_link (GTK_WIDGET (self), self->log_view, self->sequence_view, outcome_cb);
}

void
_fifolab_window_load_sequence (FifolabWindow *self)
{
  fifolab_sequence_view_set_session (self->sequence_view, self->session);
}

/**
 * fifolab_window_get_sequence:
 *
 * Returns: (transfer none): what the window's sequence diagram draws
 */
FifolabSequence *
fifolab_window_get_sequence (FifolabWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), NULL);
  return fifolab_sequence_view_get_sequence (self->sequence_view);
}
