/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-folder-model.h"
#include "fifolab-pipe-set.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PIPE_LIST (fifolab_pipe_list_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPipeList, fifolab_pipe_list, FIFOLAB, PIPE_LIST, GObject)

/* The pipes the browser lists: a GListModel of FifolabPipeInfo, the FIFOs of
 * the browsed folder (a FifolabFolderModel, sorted by name) followed by the
 * pipes added from elsewhere (a FifolabPipeSet, in the order added). A pipe
 * is listed once: an added pipe that lives in the browsed folder is shown
 * by the folder's part, not again below it (also when the folder changes
 * to the one it lives in).
 *
 * Signal ::removed (const char *path): a listed FIFO vanished (deleted,
 * renamed, moved away; see FifolabFolderModel and FifolabPipeSet). */
FifolabPipeList    *fifolab_pipe_list_new              (void);
FifolabFolderModel *fifolab_pipe_list_get_folder_model (FifolabPipeList  *self);
FifolabPipeSet     *fifolab_pipe_list_get_extras       (FifolabPipeList  *self);
/* Lists the FIFO at @path: nothing to do when it lives in the browsed
 * folder, else kept with the pipes from elsewhere (fifolab_pipe_set_add()). */
gboolean            fifolab_pipe_list_add              (FifolabPipeList  *self,
                                                        const char       *path,
                                                        GError          **error);
/* Stops listing @path among the pipes from elsewhere. TRUE if it was. */
gboolean            fifolab_pipe_list_remove           (FifolabPipeList  *self,
                                                        const char       *path);
/* Position of @path in the list, or -1. */
int                 fifolab_pipe_list_find             (FifolabPipeList  *self,
                                                        const char       *path);
/* The listed paths, in order (transfer full, NULL-terminated). */
char              **fifolab_pipe_list_dup_paths        (FifolabPipeList  *self);

G_END_DECLS
