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
 * error (GError, read-only: why the folder cannot be listed, or NULL; its
 * message is for the user, translated, with the path escaped; its code is
 * G_IO_ERROR_NOT_FOUND (missing, or deleted or moved away while browsed),
 * G_IO_ERROR_PERMISSION_DENIED (not readable, e.g. mode 0311),
 * G_IO_ERROR_NOT_DIRECTORY, G_IO_ERROR_NOT_SUPPORTED (not local) or another).
 * While there is an error the model is empty. It is set and cleared by
 * itself: an event on the folder itself (deleted, moved, mode or owner
 * changed, created again) makes the model read the folder again. A folder
 * that is missing or that could not be watched (unreadable) is looked for
 * again by GLib's monitor every few seconds, so coming back or becoming
 * readable is seen within about 4 s; fifolab_folder_model_reload() is
 * there for anything else (e.g. a file system without notifications).
 * Signal ::removed (const char *path) for a FIFO that vanished: deleted,
 * renamed or moved away, or its name now holds something else (another kind
 * of file or another FIFO), or the folder holding it is gone; not emitted
 * when the model is given another folder, nor when the folder becomes
 * unreadable (the FIFOs may still be there).
 * Monitor events on names are gathered for a few tens of milliseconds and
 * applied together (one lstat per changed name, never a re-read of the
 * folder); only an event on the folder itself re-reads it. */
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
