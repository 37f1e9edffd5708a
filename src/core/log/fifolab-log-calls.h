/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Inside the core: the watch records kept beside a FifolabLog, for the
 * exports (a recording holds them all; pcapng, the writes and reads) and
 * for when each Watch entry was logged (the record's told time: a call's
 * return; an entry whose record went is shown at its own time), and when
 * each watched message was logged (FifolabLogLogged, below). Each
 * is the FifolabWatchRecord a watch told (a call, an attach, an exit, …),
 * attached to the serial of its FIFOLAB_EVENT_WATCH entry; a
 * call goes when its entry is evicted or the log is cleared, and the calls
 * kept hold at most the log's memory cap in bytes, each counted at what it
 * keeps (its record, strings and payload: a record without payload too;
 * the oldest go first), so that they cost at most as much again as the
 * log. */

#include <gio/gio.h>

#include "fifolab-watch-record.h"

G_BEGIN_DECLS

typedef struct _FifolabLogCalls FifolabLogCalls;

/* One call as exported: immutable, shared with an export's thread. */
typedef struct
{
  guint64             serial;   /* of its event entry */
  gint64              wall_us;  /* its entry's time */
  GRefString         *path;
  FifolabWatchRecord *record;
} FifolabLogCall;

/* When an entry was logged, later than its time and than its call's told
 * time if it has one: a watched message, logged as the session handled the
 * record of the call (a read, or the write that completed it; a detach, an
 * exit) that the watch told when it returned; or any entry whose time is
 * before that of the entry above it, logged later than that (it came by a
 * slower path: see append_record() in fifolab-log.c). 16 bytes for each
 * such entry; the others (most messages of the pipes FIFO Lab reads itself,
 * most events) have none. Kept, in the order of their serials, as long as
 * their entry is stored, and counted with the calls. */
typedef struct
{
  guint64 serial;
  gint64  logged_mono_us;
} FifolabLogLogged;

FifolabLogCalls *fifolab_log_calls_new       (void);
void             fifolab_log_calls_free      (FifolabLogCalls    *self);
/* Forgets the calls of entries before @first_serial, then adds one, then
 * drops the oldest while they hold more than @memory_cap bytes (0: no
 * bound). */
void             fifolab_log_calls_add       (FifolabLogCalls    *self,
                                              guint64             first_serial,
                                              guint64             memory_cap,
                                              guint64             serial,
                                              gint64              wall_us,
                                              const char         *path,
                                              FifolabWatchRecord *record);
/* The call kept beside the entry @serial, NULL for none (transfer none:
 * valid until the next change of @self). */
const FifolabLogCall *fifolab_log_calls_lookup (FifolabLogCalls *self,
                                                guint64          serial);
/* Forgets what was kept for entries before @first_serial, then keeps that
 * the entry @serial (newer than any kept) was logged at @logged_mono_us. */
void             fifolab_log_calls_add_logged (FifolabLogCalls *self,
                                               guint64          first_serial,
                                               guint64          serial,
                                               gint64           logged_mono_us);
/* When the entry @serial, of time @mono_us, was logged: the latest of the
 * time its call was told, the time kept for it and @mono_us. */
gint64           fifolab_log_calls_get_logged_us (FifolabLogCalls *self,
                                                  guint64          serial,
                                                  gint64           mono_us);
/* The same from what a snapshot holds: @call (nullable) kept beside the
 * entry or @logged (nullable) kept for it. */
gint64           fifolab_log_call_logged_us  (const FifolabLogCall   *call,
                                              const FifolabLogLogged *logged,
                                              gint64                  mono_us);
/* The calls of the entries [@first_serial, @first_serial + @n), in order:
 * a GPtrArray of FifolabLogCall (refs; transfer full). */
GPtrArray       *fifolab_log_calls_snapshot  (FifolabLogCalls    *self,
                                              guint64             first_serial,
                                              guint64             n);
/* What was kept for the entries [@first_serial, @first_serial + @n), in
 * order: a GArray of FifolabLogLogged (a copy; transfer full). */
GArray          *fifolab_log_calls_snapshot_logged (FifolabLogCalls *self,
                                                    guint64          first_serial,
                                                    guint64          n);
/* Writes @calls (from a snapshot) as a pcapng capture to @stream, one packet
 * per write or read (docs/pcapng.md). Blocks: for an export's thread. */
gboolean         fifolab_log_calls_export_pcapng (GPtrArray      *calls,
                                                  GOutputStream  *stream,
                                                  GCancellable   *cancellable,
                                                  GError        **error);

G_END_DECLS
