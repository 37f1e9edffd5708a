/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Not for the application: what the core's other files, the tests and the
 * benchmark need of a FifolabLog. */

#include "fifolab-log.h"
#include "fifolab-log-store.h"
#include "fifolab-watch-record.h"

G_BEGIN_DECLS

FifolabLogStore *_fifolab_log_get_store          (FifolabLog *self);
/* Bytes the store uses beyond payloads (the benchmark and the memory test). */
gsize            _fifolab_log_get_overhead_bytes (FifolabLog *self);
/* When the last announcement began (monotonic µs; the interval test). */
gint64           _fifolab_log_get_last_announcement_us (FifolabLog *self);
void             _fifolab_log_entry_set_evicted  (FifolabLogEntry *self);
/* The watch record its Watch entry logged (see _fifolab_log_attach_call()):
 * what its explanation says. */
void             _fifolab_log_entry_set_call     (FifolabLogEntry    *self,
                                                  FifolabWatchRecord *record);
/* When the entry was logged, if later than its time (monotonic µs). */
void             _fifolab_log_entry_set_logged_mono_us (FifolabLogEntry *self,
                                                        gint64           logged_mono_us);

/* Keeps @record, a record of a watch (a write, a read, an open, a close, an
 * attach, an exit, …), beside the event entry @serial that logged it, for
 * the exports (the pcapng export takes the writes and reads of them), as
 * long as that entry is stored (see fifolab-log-calls.h); and tells who
 * follows the log's watched calls (the sequence diagram) about it. */
void             _fifolab_log_attach_call        (FifolabLog         *self,
                                                  guint64             serial,
                                                  gint64              wall_us,
                                                  const char         *path,
                                                  FifolabWatchRecord *record);
/* The entry @serial, just appended, was logged at @logged_mono_us, later
 * than its time (kept beside the log, see FifolabLogLogged in
 * fifolab-log-calls.h): a recording's, or one the log placed itself. */
void             _fifolab_log_set_logged         (FifolabLog         *self,
                                                  guint64             serial,
                                                  gint64              logged_mono_us);
/* As fifolab_log_append() (@framing -1) or fifolab_log_append_message(),
 * for an entry the watch told at @told_us, later than its time: a Watch
 * entry, whose call (its told time) is attached next, or a watched message.
 * It is logged then, or now if an entry above it was logged later (the log
 * lists its entries in the order they were logged). */
guint64          _fifolab_log_append_told        (FifolabLog         *self,
                                                  FifolabDirection    direction,
                                                  FifolabEventKind    kind,
                                                  guint               flags,
                                                  int                 framing,
                                                  const char         *pipe_path,
                                                  gint64              sender_pid,
                                                  gint64              receiver_pid,
                                                  gint64              wall_us,
                                                  gint64              mono_us,
                                                  gint64              told_us,
                                                  const guint8       *data,
                                                  gsize               len);
/* What was kept so for the stored entries, in order (a GArray of
 * FifolabLogLogged; transfer full). */
GArray          *_fifolab_log_snapshot_logged    (FifolabLog         *self);
/* The calls of the stored entries, in order (FifolabLogCall refs; transfer
 * full). */
GPtrArray       *_fifolab_log_snapshot_calls     (FifolabLog         *self);
/* The next entry appended gets serial @serial: for a log filled from a
 * recording, before its first entry. */
void             _fifolab_log_start_at_serial    (FifolabLog         *self,
                                                  guint64             serial);

G_END_DECLS
