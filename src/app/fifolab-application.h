/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab.h"
#include "fifolab-inspector.h"
#include "fifolab-peer-process.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_APPLICATION (fifolab_application_get_type ())

G_DECLARE_FINAL_TYPE (FifolabApplication, fifolab_application, FIFOLAB, APPLICATION, AdwApplication)

/* The application: one FifolabSession (FIFO Lab's connections and their log),
 * the settings, the command line and the application actions
 * (read-pipe, write-pipe, disconnect-pipe, taking the path as a bytestring "ay";
 * send, export-log, clear-log, ...). */
FifolabApplication *fifolab_application_new            (const char          *application_id,
                                                        GApplicationFlags    flags);
FifolabSession     *fifolab_application_get_session    (FifolabApplication  *self);
GSettings          *fifolab_application_get_settings   (FifolabApplication  *self);
/* The folder to browse at start: the last one used, else the lab folder
 * (created 0700 if needed). */
GFile              *fifolab_application_dup_start_folder (FifolabApplication *self);
/* Keeps @folder as the one to browse at the next start (@settings'
 * "folder"). A setting's text must be UTF-8: a folder whose name is not
 * cannot be kept, which @error says in words (the folder is still
 * browsed where it was chosen to be). */
gboolean            fifolab_application_remember_folder (GSettings          *settings,
                                                         GFile              *folder,
                                                         GError            **error);
/* The peer processes started from the app (FifolabPeerProcess items), stopped
 * on shutdown; app actions start-writer(s) / start-reader(s) add to them. */
GListStore         *fifolab_application_get_peers      (FifolabApplication  *self);
FifolabInspector   *fifolab_application_get_inspector  (FifolabApplication  *self);
/* The one FifolabHolderMonitor: windows and lessons watch the pipes they show. */
FifolabHolderMonitor *fifolab_application_get_holder_monitor (FifolabApplication *self);
FifolabPeerProcess *fifolab_application_start_peer     (FifolabApplication  *self,
                                                        FifolabPeerRole      role,
                                                        const char          *path,
                                                        GError             **error);
/* g_get_user_data_dir()/fifolab/lab, created with mode 0700. */
char               *fifolab_application_dup_lab_folder (void);

G_END_DECLS
