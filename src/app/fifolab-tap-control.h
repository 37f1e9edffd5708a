/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-session.h"
#include "fifolab-tap.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_TAP_CONTROL (fifolab_tap_control_get_type ())

G_DECLARE_FINAL_TYPE (FifolabTapControl, fifolab_tap_control, FIFOLAB, TAP_CONTROL, GtkWidget)

/* The Tap toggle of a pipe's details, with what a tap cannot see (always
 * shown, before and while tapping) and what the last start or stop said.
 * Pressing it starts a FifolabTap on the pipe, relaying from the side chosen
 * in "Who opens it next" (by default read from who holds the pipe); the bytes it passes on become log entries of the session's
 * log (received messages flagged FIFOLAB_MESSAGE_TAPPED, with the pids seen
 * on each side) and its events FIFOLAB_EVENT_TAP entries with their words.
 * Releasing it stops the tap, which puts the original back. A tap keeps
 * running while another pipe is shown; each pipe has its own. */
GtkWidget  *fifolab_tap_control_new         (void);
void        fifolab_tap_control_set_session (FifolabTapControl *self,
                                             FifolabSession    *session);
/* The pipe the toggle is for (NULL: none). */
void        fifolab_tap_control_set_path    (FifolabTapControl *self,
                                             const char        *path);
/* Starts a tap on @path unless it is tapped already, relaying from
 * @arriving's side (AUTO: as chosen in "Who opens it next", on the pipe
 * shown; else read from who holds it), which the drop-down then shows.
 * ::start-done (path, started) tells when it runs or why not. A failure of
 * a start on the pipe shown is said under the toggle until it no longer
 * applies: another start, or a watch (or step mode) on the pipe. */
void        fifolab_tap_control_start       (FifolabTapControl  *self,
                                             const char         *path,
                                             FifolabTapArriving  arriving);
/* Whether @path is tapped from this control. */
gboolean    fifolab_tap_control_is_tapping  (FifolabTapControl *self,
                                             const char        *path);

G_END_DECLS
