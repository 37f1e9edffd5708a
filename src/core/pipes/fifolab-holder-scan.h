/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-holder.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_HOLDER_SCAN (fifolab_holder_scan_get_type ())

G_DECLARE_FINAL_TYPE (FifolabHolderScan, fifolab_holder_scan, FIFOLAB, HOLDER_SCAN, GObject)

/* The result of one walk of /proc/PID/fd and /proc/PID/fdinfo for a set of FIFOs
 * (matched by device and inode from lstat/stat; the FIFOs are never opened).
 * Processes whose fds may not be read are counted in n-denied, not guessed. */
void               fifolab_holder_scan_run_async   (const char * const  *paths,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
FifolabHolderScan *fifolab_holder_scan_run_finish  (GAsyncResult        *result,
                                                    GError             **error);
/* Same, on the calling thread (for tests and the peer). */
FifolabHolderScan *fifolab_holder_scan_run_sync    (const char * const  *paths,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
/* Holders of @path (transfer container; elements FifolabHolder, sorted by pid, fd).
 * The new array holds its own references, so g_ptr_array_unref() is all the caller
 * does and it may outlive the scan. Empty array when none or @path was not scanned
 * (matched on the exact string passed to run). */
GPtrArray         *fifolab_holder_scan_get_holders (FifolabHolderScan   *self,
                                                    const char          *path);
/* Holders whose access includes every bit of @access (NONE counts all). */
guint              fifolab_holder_scan_count       (FifolabHolderScan   *self,
                                                    const char          *path,
                                                    FifolabAccess        access);
/* Whether @path was a FIFO (or a symbolic link to one) as the scan found
 * it, before walking /proc: the same question as fifolab_fifo_is_fifo(),
 * answered in the worker. FALSE when missing or not scanned. */
gboolean           fifolab_holder_scan_is_fifo     (FifolabHolderScan   *self,
                                                    const char          *path);
guint              fifolab_holder_scan_get_n_denied (FifolabHolderScan  *self);
gint64             fifolab_holder_scan_get_time_us (FifolabHolderScan   *self);

G_END_DECLS
