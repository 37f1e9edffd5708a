/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Which descriptors of which processes are the watched FIFO: the answer of
 * stat() on /proc/PID/fd/N, kept per (process, descriptor) until the
 * descriptor changes (close, dup2 over it, exec) so that a read or write
 * costs one stat() the first time only. Used by the tracer's thread alone. */
typedef struct _FifolabWatchFds FifolabWatchFds;

FifolabWatchFds *fifolab_watch_fds_new            (dev_t            dev,
                                                   ino_t            ino);
void             fifolab_watch_fds_free           (FifolabWatchFds *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabWatchFds, fifolab_watch_fds_free)

/* Whether descriptor @fd of process @pid is the FIFO (asked once, then kept).
 * A descriptor that does not exist is not kept: it may be opened later. */
gboolean         fifolab_watch_fds_is_fifo        (FifolabWatchFds *self,
                                                   pid_t            pid,
                                                   int              fd);
/* What a new descriptor is, when the call that made it tells (dup of the FIFO). */
void             fifolab_watch_fds_set            (FifolabWatchFds *self,
                                                   pid_t            pid,
                                                   int              fd,
                                                   gboolean         is_fifo);
void             fifolab_watch_fds_forget         (FifolabWatchFds *self,
                                                   pid_t            pid,
                                                   int              fd);
/* Descriptors @first to @last (close_range). */
void             fifolab_watch_fds_forget_range   (FifolabWatchFds *self,
                                                   pid_t            pid,
                                                   guint            first,
                                                   guint            last);
/* Every descriptor of @pid (exec, exit). */
void             fifolab_watch_fds_forget_process (FifolabWatchFds *self,
                                                   pid_t            pid);
/* Whether the file @dev/@ino is the FIFO. */
gboolean         fifolab_watch_fds_is_file        (FifolabWatchFds *self,
                                                   dev_t            dev,
                                                   ino_t            ino);
dev_t            fifolab_watch_fds_get_dev        (FifolabWatchFds *self);
ino_t            fifolab_watch_fds_get_ino        (FifolabWatchFds *self);

G_END_DECLS
