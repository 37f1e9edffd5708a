/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_WRITER (fifolab_writer_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWriter, fifolab_writer, FIFOLAB, WRITER, GObject)

/* Writes to a FIFO through GUnixOutputStream async writes on the thread-default
 * main context. While nobody reads, a non-blocking open gives ENXIO: the writer
 * retries on a timer (no spinning, no blocking) in state WAITING_FOR_READER.
 * EPIPE (reader gone) -> READER_GONE, then back to waiting. SIGPIPE is ignored.
 *
 * Properties: path (construct-only), state (read-only), queued-messages, bytes-sent,
 *   messages-sent, retry-interval (ms, default 100), capacity / queued (-1 when not open),
 *   error (last failure).
 * Signals:
 *   ::sent (GBytes *bytes, guint64 written, guint flags, gint64 wall_us, gint64 mono_us)
 *       one queued message finished; flags has NOT_ATOMIC when > PIPE_BUF and PARTIAL
 *       when written < size (the reader left mid-message).
 *   ::event (FifolabEventKind kind, const char *detail)
 *       waiting-for-reader, reader-connected, no-reader, pipe-full, pipe-removed, error.
 */
FifolabWriter      *fifolab_writer_new              (const char     *path);
const char         *fifolab_writer_get_path         (FifolabWriter  *self);
FifolabWriterState  fifolab_writer_get_state        (FifolabWriter  *self);
/* Starts trying to open the write end. FALSE with @error when the path is refused
 * (not a FIFO, no permission...); waiting for a reader is not an error. */
gboolean            fifolab_writer_start            (FifolabWriter  *self,
                                                     GError        **error);
/* Queues @bytes (already framed); sent in order once a reader is there.
 * Returns the number of messages now queued. */
guint               fifolab_writer_send             (FifolabWriter  *self,
                                                     GBytes         *bytes);
guint               fifolab_writer_get_queued_messages (FifolabWriter *self);
guint64             fifolab_writer_get_bytes_sent   (FifolabWriter  *self);
guint64             fifolab_writer_get_messages_sent (FifolabWriter *self);
/* Drops the queue (returns how many were dropped, they are not sent). */
guint               fifolab_writer_clear_queue      (FifolabWriter  *self);
void                fifolab_writer_close            (FifolabWriter  *self);
gssize              fifolab_writer_get_capacity     (FifolabWriter  *self);
gssize              fifolab_writer_get_queued       (FifolabWriter  *self);
const GError       *fifolab_writer_get_error        (FifolabWriter  *self);
/* How often (ms) to try opening while nobody reads; default 100. */
guint               fifolab_writer_get_retry_interval (FifolabWriter *self);
void                fifolab_writer_set_retry_interval (FifolabWriter *self,
                                                       guint          interval_ms);

G_END_DECLS
