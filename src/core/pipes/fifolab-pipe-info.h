/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PIPE_INFO (fifolab_pipe_info_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPipeInfo, fifolab_pipe_info, FIFOLAB, PIPE_INFO, GObject)

/* What lstat says about a path, read without opening it. Immutable snapshot.
 * Properties: path, name (display name, UTF-8 safe), is-fifo, file-type (mode_t & S_IFMT),
 * mode, uid, gid, owner, group, size, device, inode, atime, mtime, ctime (GDateTime),
 * and the derived type-name, mode-string, is-exposed.
 * Built with g_initable_new(): errors are FIFOLAB_FIFO_ERROR (fifolab-fifo.h). */
FifolabPipeInfo *fifolab_pipe_info_new_for_path  (const char       *path,
                                                  GError          **error);
const char      *fifolab_pipe_info_get_path      (FifolabPipeInfo  *self);
const char      *fifolab_pipe_info_get_name      (FifolabPipeInfo  *self);
gboolean         fifolab_pipe_info_is_fifo       (FifolabPipeInfo  *self);
guint            fifolab_pipe_info_get_file_type (FifolabPipeInfo  *self);
const char      *fifolab_pipe_info_get_type_name (FifolabPipeInfo  *self);
guint            fifolab_pipe_info_get_mode      (FifolabPipeInfo  *self);
char            *fifolab_pipe_info_dup_mode_string (FifolabPipeInfo *self);
guint            fifolab_pipe_info_get_uid       (FifolabPipeInfo  *self);
guint            fifolab_pipe_info_get_gid       (FifolabPipeInfo  *self);
const char      *fifolab_pipe_info_get_owner     (FifolabPipeInfo  *self);
const char      *fifolab_pipe_info_get_group     (FifolabPipeInfo  *self);
guint64          fifolab_pipe_info_get_size      (FifolabPipeInfo  *self);
guint64          fifolab_pipe_info_get_device    (FifolabPipeInfo  *self);
guint64          fifolab_pipe_info_get_inode     (FifolabPipeInfo  *self);
GDateTime       *fifolab_pipe_info_get_mtime     (FifolabPipeInfo  *self);
GDateTime       *fifolab_pipe_info_get_atime     (FifolabPipeInfo  *self);
GDateTime       *fifolab_pipe_info_get_ctime     (FifolabPipeInfo  *self);
/* World-writable, or owned by another user: anyone may inject messages. */
gboolean         fifolab_pipe_info_is_exposed    (FifolabPipeInfo  *self);
/* Whether two lstat results of a path show the same thing: same file, mode,
 * owner, group, size and times (what a view of the pipe shows). */
gboolean         fifolab_pipe_info_same_stat     (FifolabPipeInfo  *a,
                                                  FifolabPipeInfo  *b);

G_END_DECLS
