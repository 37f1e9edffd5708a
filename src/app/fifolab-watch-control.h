/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_WATCH_CONTROL (fifolab_watch_control_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWatchControl, fifolab_watch_control, FIFOLAB, WATCH_CONTROL, GtkWidget)

/* The Watch toggle of a pipe's details, with a status line. Pressing it runs
 * `fifolab-peer watch --json PIPE` (the tracer lives in that process, never
 * in the window) and reads its lines without blocking: each call becomes a
 * FIFOLAB_EVENT_WATCH entry of the session's log with the call's line
 * (syscall, pid/tid, command, result or errno, time blocked), and a write or
 * read that carried bytes also a received message flagged
 * FIFOLAB_MESSAGE_WATCHED (the writer's pid as sender, the reader's as
 * receiver); attach, exit and refusal records become FIFOLAB_EVENT_WATCH
 * entries with their words. Releasing it (or disposing the control) sends
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

G_END_DECLS
