/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-log-entry.h"
#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG (fifolab_log_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLog, fifolab_log, FIFOLAB, LOG, GObject)

/* A GListModel of FifolabLogEntry over a compact store (no GObject per entry:
 * rows are made on demand in get_item). Appends are visible through the
 * GListModel only after a batched items-changed (at most every 100 ms, or
 * at once by fifolab_log_flush(); evicted entries may be announced removed
 * sooner to bound memory: the rule is at the top of fifolab-log.c);
 * fifolab_log_get_stored() counts all.
 *
 * Two caps, each 0 for none, evict the oldest entries: memory-cap (guint64,
 * bytes: payloads plus FIFOLAB_LOG_ENTRY_OVERHEAD per entry) and cap (guint,
 * entries). What they evicted is counted: evicted (guint64, entries) and
 * evicted-bytes (guint64, counted as the memory cap counts them); both start
 * again at zero on fifolab_log_clear().
 *
 * Properties: cap, memory-cap, evicted (read-only), evicted-bytes
 *   (read-only), n-stored (read-only), payload-bytes (read-only).
 * Signals: call-attached (guint64 serial, const char *path,
 *   FifolabWatchRecord *record): a watched write or read was logged as the
 *   Watch entry @serial; cleared (): fifolab_log_clear() emptied the log.
 */

/* What one entry counts against the memory cap beyond its payload: its
 * 48-byte record, and its share of the store's slack. */
#define FIFOLAB_LOG_ENTRY_OVERHEAD 64
FifolabLog *fifolab_log_new               (void);
/* Appends one entry without framing (events, peer output); @data copied into
 * the store. Returns its serial number. */
guint64     fifolab_log_append            (FifolabLog        *self,
                                           FifolabDirection   direction,
                                           FifolabEventKind   kind,
                                           guint              flags,
                                           const char        *pipe_path,
                                           gint64             sender_pid,
                                           gint64             receiver_pid,
                                           gint64             wall_us,
                                           gint64             mono_us,
                                           const guint8      *data,
                                           gsize              len);
/* One message, sent or received: @data is the message without its framing
 * (the framing is stored beside it), copied into the store; @flags are its
 * final flags (entries are never changed once stored). */
guint64     fifolab_log_append_message    (FifolabLog        *self,
                                           FifolabDirection   direction,
                                           guint              flags,
                                           FifolabFraming     framing,
                                           const char        *pipe_path,
                                           gint64             sender_pid,
                                           gint64             receiver_pid,
                                           gint64             wall_us,
                                           gint64             mono_us,
                                           const guint8      *data,
                                           gsize              len);
/* Convenience: an event entry now, with @detail as its bytes (may be NULL). */
guint64     fifolab_log_append_event      (FifolabLog        *self,
                                           FifolabEventKind   kind,
                                           const char        *pipe_path,
                                           const char        *detail);
/* Emits the pending items-changed now (also done automatically from an idle). */
void        fifolab_log_flush             (FifolabLog        *self);
void        fifolab_log_clear             (FifolabLog        *self);
guint       fifolab_log_get_cap           (FifolabLog        *self);
void        fifolab_log_set_cap           (FifolabLog        *self,
                                           guint              cap);
guint64     fifolab_log_get_memory_cap    (FifolabLog        *self);
void        fifolab_log_set_memory_cap    (FifolabLog        *self,
                                           guint64            bytes);
guint64     fifolab_log_get_memory_bytes  (FifolabLog        *self);
guint64     fifolab_log_get_evicted       (FifolabLog        *self);
guint64     fifolab_log_get_evicted_bytes (FifolabLog        *self);
guint       fifolab_log_get_n_stored      (FifolabLog        *self);
/* How many of @model's entries (@self's, or a prefix or subset of them in
 * their order) are still stored: neither kept in the model after eviction
 * until the next announcement nor evicted since the last one. */
guint       fifolab_log_count_stored      (FifolabLog        *self,
                                           GListModel        *model);
guint64     fifolab_log_get_payload_bytes (FifolabLog        *self);
/* Writes the whole log (stored entries, including unflushed ones). Byte exact:
 * JSON Lines has "text" when valid UTF-8 else "base64"; CSV the same with a column
 * for the encoding; the seed text form only the received messages. JSON Lines and
 * CSV are valid UTF-8 whatever the pipe's name: "pipe" is the name when it is
 * valid UTF-8; else it is the name escaped for display (\xNN for the bad bytes)
 * and "pipe_base64" (JSON member, or a CSV column, empty otherwise) holds
 * the name's exact bytes. "framing" (the last JSON member and CSV column) is
 * the framing a message was cut or sent with ("line"...), null or empty for
 * other entries. pcapng (FIFOLAB_EXPORT_PCAPNG) holds one packet per
 * watched write and read whose Watch entry is stored (docs/pcapng.md). */
gboolean    fifolab_log_export            (FifolabLog         *self,
                                           FifolabExportFormat format,
                                           GOutputStream      *stream,
                                           GCancellable       *cancellable,
                                           GError            **error);
void        fifolab_log_export_async      (FifolabLog         *self,
                                           FifolabExportFormat format,
                                           GFile              *file,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    fifolab_log_export_finish     (FifolabLog         *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* From a file name's extension: .jsonl/.json, .csv, .txt/.log, .pcapng. FALSE if unknown. */
gboolean    fifolab_export_format_from_filename (const char          *filename,
                                                 FifolabExportFormat *format);

G_END_DECLS
