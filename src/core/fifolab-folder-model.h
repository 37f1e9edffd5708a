/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-pipe-info.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_FOLDER_MODEL (fifolab_folder_model_get_type ())

G_DECLARE_FINAL_TYPE (FifolabFolderModel, fifolab_folder_model, FIFOLAB, FOLDER_MODEL, GObject)

/* A GListModel of FifolabPipeInfo for the FIFOs in a folder, sorted by name
 * (byte order of the file name), kept live with a GFileMonitor (created,
 * deleted, renamed, attribute changes). With show-all, other kinds too.
 * Properties: folder (GFile), show-all (gboolean), loading (read-only),
 * error (GError, read-only: why the folder could not be listed, or NULL).
 * Signal ::removed (const char *path) for a FIFO that vanished: deleted,
 * renamed or moved away, or its name now holds something else (another kind
 * of file or another FIFO); not emitted when the folder changes.
 * Monitor events are gathered for a few tens of milliseconds and applied
 * together (one lstat per changed name, never a re-read of the folder). */
FifolabFolderModel *fifolab_folder_model_new          (GFile               *folder);
GFile              *fifolab_folder_model_get_folder   (FifolabFolderModel  *self);
void                fifolab_folder_model_set_folder   (FifolabFolderModel  *self,
                                                       GFile               *folder);
gboolean            fifolab_folder_model_get_show_all (FifolabFolderModel  *self);
void                fifolab_folder_model_set_show_all (FifolabFolderModel  *self,
                                                       gboolean             show_all);
gboolean            fifolab_folder_model_get_loading  (FifolabFolderModel  *self);
const GError       *fifolab_folder_model_get_error    (FifolabFolderModel  *self);
/* Re-read the folder now (the monitor normally makes this unnecessary). */
void                fifolab_folder_model_reload       (FifolabFolderModel  *self);
/* Position of @path, or -1. */
int                 fifolab_folder_model_find         (FifolabFolderModel  *self,
                                                       const char          *path);

G_END_DECLS
