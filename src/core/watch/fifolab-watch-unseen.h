/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-watch-record.h"
#include "fifolab-watch-scan.h"

G_BEGIN_DECLS

/* What a watch can tell about the processes it cannot see. A process of
 * another user hides its descriptors (/proc/PID/fd) from the scans, so the
 * watch neither sees it on the pipe nor tries to trace it. What gives it
 * away is a watched call that needs a peer nobody visible can be: a write()
 * that put bytes in while no process the scans or the watch can see holds
 * the read end, or a read() that took bytes written after the pipe was last
 * found empty (a read that returned 0) that no watched write put in and no
 * visible process holds the write end for. Two scans begun after the call
 * must both see no such holder (the second also gives the tracer's thread
 * time to hand over what it saw before the first), and they must have been
 * refused some processes; then one record per direction, for the whole
 * watch: FIFOLAB_WATCH_REFUSED with pid 0, whose message says what was seen,
 * why it cannot be seen and what would allow it. Owned by the tracer, on
 * its main context. */
typedef struct _FifolabWatchUnseen FifolabWatchUnseen;

FifolabWatchUnseen *fifolab_watch_unseen_new          (const char               *path);
void                fifolab_watch_unseen_free         (FifolabWatchUnseen       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabWatchUnseen, fifolab_watch_unseen_free)

/* The tracer's records, as they are handed out. */
void                fifolab_watch_unseen_note_records (FifolabWatchUnseen       *self,
                                                       GPtrArray                *records);
/* A scan's sight: the records it leads to (transfer full; FifolabWatchRecord),
 * or NULL when none. */
GPtrArray          *fifolab_watch_unseen_note_scan    (FifolabWatchUnseen       *self,
                                                       const FifolabWatchSight  *sight);

G_END_DECLS
