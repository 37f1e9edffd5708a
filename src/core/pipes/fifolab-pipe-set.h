/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-pipe-info.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PIPE_SET (fifolab_pipe_set_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPipeSet, fifolab_pipe_set, FIFOLAB, PIPE_SET, GObject)

/* A GListModel of FifolabPipeInfo for FIFOs added one by one (given on the
 * command line, dropped, made by a lesson), wherever they live. Items stay in
 * the order they were added: a new pipe goes to the end, where the user who
 * just brought it looks, and rows never jump when another one is added.
 *
 * Each item is kept live by a GFileMonitor on its folder (one per distinct
 * folder, shared by the items in it, dropped with the last one): a change of
 * mode, owner or times refreshes the item (items-changed at its position); a
 * FIFO deleted, renamed or moved away, or whose name now holds another kind
 * of file, leaves the model. Monitor events are gathered for a few tens of
 * milliseconds and applied together (one lstat per changed path).
 *
 * Signal ::removed (const char *path), as FifolabFolderModel's: the FIFO that
 * was listed is gone (deleted, renamed or moved away, or its name now holds
 * something else, including another FIFO, which then stays listed). Not
 * emitted by fifolab_pipe_set_remove(). */
FifolabPipeSet *fifolab_pipe_set_new           (void);
/* Adds the FIFO at @path (made absolute and canonical, symlinks not
 * followed). TRUE if it is listed afterwards (also when it already was;
 * its info is then refreshed); FALSE with a FIFOLAB_FIFO_ERROR when the
 * path cannot be read or is not a FIFO. */
gboolean        fifolab_pipe_set_add           (FifolabPipeSet  *self,
                                                const char      *path,
                                                GError         **error);
/* Stops listing @path. TRUE if it was listed. */
gboolean        fifolab_pipe_set_remove        (FifolabPipeSet  *self,
                                                const char      *path);
gboolean        fifolab_pipe_set_contains      (FifolabPipeSet  *self,
                                                const char      *path);
/* Position of @path, or -1. */
int             fifolab_pipe_set_find          (FifolabPipeSet  *self,
                                                const char      *path);
/* How many folders are watched (one monitor each). */
guint           fifolab_pipe_set_get_n_folders (FifolabPipeSet  *self);

G_END_DECLS
