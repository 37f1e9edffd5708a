/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_RECORDING_WINDOW (fifolab_recording_window_get_type ())

G_DECLARE_FINAL_TYPE (FifolabRecordingWindow, fifolab_recording_window, FIFOLAB, RECORDING_WINDOW,
                      AdwApplicationWindow)

/* A window on a recording (docs/recording.md): its log, with the filters and
 * the entry inspector, marked as a recording in the title and a notice, with
 * nothing to read or write; "win.replay" (the header's "Replay into a
 * Pipe…") asks for a pipe and replays the recording's writes into it (the
 * replay bar at the bottom: FifolabReplayControl). The file is read in a
 * thread and the log filled in batches from the main loop.
 * Properties: file (GFile, construct-only), loaded (gboolean, read-only:
 * every entry is in the log). */

/* Opens @file in a new window of @app and presents it. When @command_line
 * is not NULL, it is held until the file is read, and a file that cannot be
 * read is reported on its standard error with exit status 1. */
FifolabRecordingWindow *fifolab_recording_window_open      (GtkApplication          *app,
                                                            GFile                   *file,
                                                            GApplicationCommandLine *command_line);
/* "Open Recording…": asks for a file over @parent, then opens it. */
void                    fifolab_recording_window_choose    (GtkApplication          *app,
                                                            GtkWindow               *parent);
FifolabLog             *fifolab_recording_window_get_log   (FifolabRecordingWindow  *self);
gboolean                fifolab_recording_window_get_loaded (FifolabRecordingWindow *self);
/* Replays the recording's writes into @pipe (what "win.replay" does once a
 * pipe is chosen). */
gboolean                fifolab_recording_window_replay    (FifolabRecordingWindow  *self,
                                                            const char              *pipe);

G_END_DECLS
