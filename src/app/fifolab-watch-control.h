/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_WATCH_CONTROL (fifolab_watch_control_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWatchControl, fifolab_watch_control, FIFOLAB, WATCH_CONTROL, GtkWidget)

/* The Watch toggle of a pipe's details, with a status line. Pressing it runs
 * `fifolab-peer watch --json PIPE` (the tracer lives in that process, never
 * in the window) and reads its lines without blocking: each record is
 * logged by fifolab_session_log_watch_record() (a FIFOLAB_EVENT_WATCH entry
 * with its line; the observed byte stream as messages flagged
 * FIFOLAB_MESSAGE_WATCHED, framed per writer, with the pids seen writing
 * and reading them). Releasing it (or disposing the control) sends
 * the watch SIGTERM and waits for it asynchronously. Each pipe has its own
 * watch, which keeps running while another pipe is shown. */
GtkWidget  *fifolab_watch_control_new         (void);
void        fifolab_watch_control_set_session (FifolabWatchControl *self,
                                               FifolabSession      *session);
/* The pipe the toggle is for (NULL: none). */
void        fifolab_watch_control_set_path    (FifolabWatchControl *self,
                                               const char          *path);
/* Whether @path is watched from this control. */
gboolean    fifolab_watch_control_is_watching (FifolabWatchControl *self,
                                               const char          *path);
/* The tap ::tap-instead asked for on @path started (@started), or did not:
 * the status line says which, truthfully. A tap not asked for by "Use Tap
 * Instead" is not spoken of. */
void        fifolab_watch_control_tap_started (FifolabWatchControl *self,
                                               const char          *path,
                                               gboolean             started);

G_END_DECLS
