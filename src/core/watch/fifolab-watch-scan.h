/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

/* Who a watch attaches to, read from /proc: the processes that hold the FIFO
 * open (the holders scan) and those waiting in open() on its path (their
 * /proc/PID/task/TID/syscall names open or openat with a path argument that
 * resolves to the FIFO). A sorted array of pid_t without duplicates, never
 * @self_pid. Blocking: run it in a worker thread. */
GArray *fifolab_watch_scan_targets     (const char  *path,
                                        dev_t        dev,
                                        ino_t        ino,
                                        pid_t        self_pid,
                                        GError     **error);
/* What a scan could see besides its targets: how many processes it could not
 * look at (another user's: the kernel shows a process's descriptors only to
 * its user and root), and how many visible holders hold each end. */
typedef struct
{
  gint64 started_us;   /* CLOCK_MONOTONIC when the scan began */
  guint  n_denied;     /* processes whose descriptors could not be read */
  guint  n_readers;    /* descriptors open for reading, of processes it could see */
  guint  n_writers;    /* descriptors open for writing, likewise */
} FifolabWatchSight;

/* fifolab_watch_scan_targets(), also filling @sight. */
GArray *fifolab_watch_scan_targets_seen (const char        *path,
                                         dev_t              dev,
                                         ino_t              ino,
                                         pid_t              self_pid,
                                         FifolabWatchSight *sight,
                                         GError           **error);
/* The same, in a worker thread. */
void    fifolab_watch_scan_targets_async  (const char          *path,
                                           dev_t                dev,
                                           ino_t                ino,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GArray *fifolab_watch_scan_targets_finish (GAsyncResult        *result,
                                           GError             **error);
/* What the scan of @result could see (after _finish() succeeded). */
void    fifolab_watch_scan_targets_get_sight (GAsyncResult      *result,
                                              FifolabWatchSight *sight);
/* Which ends of the FIFO @dev/@ino process @pid is on: those its
 * descriptors hold (an O_PATH one is no end), and the one a thread of it
 * waits in open()/openat() to open, by the call's flags. NONE when it has
 * ended or is no longer on the pipe. Blocking: run it in a worker thread. */
FifolabAccess fifolab_watch_scan_access (pid_t        pid,
                                         dev_t        dev,
                                         ino_t        ino);
/* The threads of @pid (/proc/PID/task), as pid_t; empty when it is gone. */
GArray *fifolab_watch_scan_threads     (pid_t        pid);
/* Whether process @pid has ended: none of its threads is left, or each is
 * a zombie (its exit not yet reaped), which no one can trace. */
gboolean fifolab_watch_scan_ended      (pid_t        pid);
/* The thread group (process) of thread @tid, or 0 when it is gone. */
pid_t   fifolab_watch_scan_tgid        (pid_t        tid);
/* The process that started thread @tid's process (its parent, until that
 * ends), or 0 when it is gone. */
pid_t   fifolab_watch_scan_ppid        (pid_t        tid);
/* The thread's command name, escaped for display; NULL when it is gone. */
char   *fifolab_watch_scan_comm        (pid_t        pid,
                                        pid_t        tid);
/* Whether signal @sig is pending for thread @tid or its process (SigPnd
 * and ShdPnd in /proc/TID/status); FALSE when it is gone. */
gboolean fifolab_watch_scan_signal_pending (pid_t tid,
                                            int   sig);
/* Why the kernel refused to let @pid be traced (@error from PTRACE_SEIZE),
 * and what would allow it: one translated paragraph. */
char   *fifolab_watch_explain_refusal  (pid_t        pid,
                                        int          error);

G_END_DECLS
