/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-session.h"

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
/* Starts a tap on @path, as pressing the toggle does, when @path is the
 * pipe shown and not tapped yet; FALSE when it is not shown (nothing is
 * started then). */
gboolean    fifolab_tap_control_start       (FifolabTapControl *self,
                                             const char        *path);
/* Whether @path is tapped from this control. */
gboolean    fifolab_tap_control_is_tapping  (FifolabTapControl *self,
                                             const char        *path);

G_END_DECLS
