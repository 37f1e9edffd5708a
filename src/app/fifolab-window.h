/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab-application.h"
#include "fifolab-sequence.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_WINDOW (fifolab_window_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWindow, fifolab_window, FIFOLAB, WINDOW, AdwApplicationWindow)

/* The main window: the pipe browser (sidebar), the message log and the compose
 * bar (centre), the details of the selected pipe (right).
 * Properties: session (FifolabSession, construct-only), target (the pipe sends go
 *   to; utf8 path or NULL), holder-scan (FifolabHolderScan, read-only, the last
 *   scan of who holds the listed pipes, from the application's holder monitor,
 *   which watches them while the window is shown).
 * Window actions: new-pipe, choose-folder, toggle-search, export, show-details,
 *   delete-pipe(ay), copy-path(ay) (the path as a bytestring), show-processes (the pipe diagram and the peer
 *   form), show-lessons, side-page-details, side-page-processes (the side pane's page, the
 *   focus into it), start-writer, start-reader (a peer on the selected pipe). */
FifolabWindow     *fifolab_window_new            (FifolabApplication *application);
FifolabSession    *fifolab_window_get_session    (FifolabWindow      *self);
GFile             *fifolab_window_dup_folder     (FifolabWindow      *self);
gboolean           fifolab_window_set_folder     (FifolabWindow      *self,
                                                  GFile              *folder,
                                                  GError            **error);
/* Shows @path in the browser: it is in the folder, or kept in a list of pipes
 * from elsewhere shown below the folder's. Refuses a non-FIFO. */
gboolean           fifolab_window_add_pipe       (FifolabWindow      *self,
                                                  const char         *path,
                                                  gboolean            select,
                                                  GError            **error);
const char        *fifolab_window_get_target     (FifolabWindow      *self);
void               fifolab_window_set_target     (FifolabWindow      *self,
                                                  const char         *path);
FifolabHolderScan *fifolab_window_get_holder_scan (FifolabWindow     *self);
void               fifolab_window_show_toast     (FifolabWindow      *self,
                                                  const char         *message);
/* An error toast; stays until dismissed. */
void               fifolab_window_show_error     (FifolabWindow      *self,
                                                  const char         *message);
/* What the sequence diagram draws (fifolab-window-sequence.c: the group
 * "sequence": show (stateful: the diagram in place of the log, Ctrl+Shift+D) and
 * export (asks for an SVG or PDF file)). */
FifolabSequence   *fifolab_window_get_sequence   (FifolabWindow      *self);

G_END_DECLS
