/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-holder-scan.h"

G_BEGIN_DECLS

/* How often the watched paths are scanned: while a window is active, while
 * none is (as GNOME Console's process watcher slows down), and the fastest
 * a caller may ask for. */
#define FIFOLAB_HOLDER_MONITOR_INTERVAL_MS      1000
#define FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS 2000
#define FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS  100

#define FIFOLAB_TYPE_HOLDER_MONITOR (fifolab_holder_monitor_get_type ())

G_DECLARE_FINAL_TYPE (FifolabHolderMonitor, fifolab_holder_monitor, FIFOLAB, HOLDER_MONITOR, GObject)

/* One timer that scans who holds a set of FIFOs (fifolab_holder_scan_run_async(),
 * the /proc walk in a worker thread, one scan at a time) and announces each
 * result. The application owns one; the window, the pipe details and the
 * lessons watch the paths they show.
 *
 * Paths are watched with a count: each fifolab_holder_monitor_watch() is undone
 * by one fifolab_holder_monitor_unwatch(). The timer runs only while some path
 * is watched; a newly watched path is scanned at once (from an idle).
 *
 * Interval: FIFOLAB_HOLDER_MONITOR_INTERVAL_MS while a window is active
 * (fifolab_holder_monitor_push_active() / _pop_active(), counted),
 * FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS while none is; faster while a caller
 * holds a faster interval (fifolab_holder_monitor_hold_fast() / _release_fast():
 * the fastest held wins, whatever the focus).
 *
 * Properties: scan (FifolabHolderScan, read-only, the last result, or NULL),
 *   interval (guint, read-only, the chosen interval in ms).
 * Signal ::scanned (FifolabHolderScan *scan): a scan of every watched path
 *   finished; holders are looked up with the path as passed to watch. */
FifolabHolderMonitor *fifolab_holder_monitor_new          (void);
void                  fifolab_holder_monitor_watch        (FifolabHolderMonitor *self,
                                                           const char           *path);
void                  fifolab_holder_monitor_unwatch      (FifolabHolderMonitor *self,
                                                           const char           *path);
gboolean              fifolab_holder_monitor_is_watched   (FifolabHolderMonitor *self,
                                                           const char           *path);
guint                 fifolab_holder_monitor_get_n_watched (FifolabHolderMonitor *self);
/* Scans soon (from an idle), or right after the scan that runs. */
void                  fifolab_holder_monitor_queue_scan   (FifolabHolderMonitor *self);
void                  fifolab_holder_monitor_push_active  (FifolabHolderMonitor *self);
void                  fifolab_holder_monitor_pop_active   (FifolabHolderMonitor *self);
/* Asks for scans at least every @interval_ms (at least
 * FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS) until the same value is released. */
void                  fifolab_holder_monitor_hold_fast    (FifolabHolderMonitor *self,
                                                           guint                 interval_ms);
void                  fifolab_holder_monitor_release_fast (FifolabHolderMonitor *self,
                                                           guint                 interval_ms);
guint                 fifolab_holder_monitor_get_interval (FifolabHolderMonitor *self);
/* The last scan (transfer none), or NULL before the first. */
FifolabHolderScan    *fifolab_holder_monitor_get_scan     (FifolabHolderMonitor *self);
/* The monotonic time (µs) the last scan began, or 0 before the first. */
gint64                fifolab_holder_monitor_get_scan_started (FifolabHolderMonitor *self);

G_END_DECLS
