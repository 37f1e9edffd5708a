/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_WRITER_ERROR (fifolab_writer_error_quark ())

typedef enum
{
  FIFOLAB_WRITER_ERROR_QUEUE_FULL,   /* the bytes waiting would exceed max-queued-bytes */
  FIFOLAB_WRITER_ERROR_TOO_LARGE,    /* one message larger than max-queued-bytes */
} FifolabWriterError;

GQuark fifolab_writer_error_quark (void);

/* The default bound on the bytes a writer holds that are not in the pipe yet:
 * 16 messages of the largest fixed size, 256 times a default pipe's capacity. */
#define FIFOLAB_WRITER_DEFAULT_MAX_QUEUED_BYTES (16 * 1024 * 1024)

#define FIFOLAB_TYPE_WRITER (fifolab_writer_get_type ())

G_DECLARE_FINAL_TYPE (FifolabWriter, fifolab_writer, FIFOLAB, WRITER, GObject)

/* Writes to a FIFO through GUnixOutputStream async writes on the thread-default
 * main context. While nobody reads, a non-blocking open gives ENXIO: the writer
 * retries on a timer (no spinning, no blocking) in state WAITING_FOR_READER.
 * EPIPE (reader gone) -> READER_GONE, then back to waiting. SIGPIPE is ignored.
 *
 * Properties: path (construct-only), state (read-only), queued-messages, bytes-sent,
 *   messages-sent, retry-interval (ms, default 100), capacity / queued (-1 when not open),
 *   error (last failure), queued-bytes (read-only: the size of the messages not yet
 *   completely written, the one being written included), max-queued-bytes (the bound on
 *   queued-bytes, default FIFOLAB_WRITER_DEFAULT_MAX_QUEUED_BYTES).
 *   Note: "queued" is bytes in the kernel's pipe; "queued-bytes" is bytes held here.
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
 * Returns the number of messages now queued, or 0 with a FIFOLAB_WRITER_ERROR
 * (and nothing queued) when queued-bytes would go over max-queued-bytes. */
guint               fifolab_writer_send             (FifolabWriter  *self,
                                                     GBytes         *bytes,
                                                     GError        **error);
guint               fifolab_writer_get_queued_messages (FifolabWriter *self);
guint64             fifolab_writer_get_queued_bytes (FifolabWriter  *self);
guint64             fifolab_writer_get_max_queued_bytes (FifolabWriter *self);
/* A lower bound than what is queued already refuses sends until it drains. */
void                fifolab_writer_set_max_queued_bytes (FifolabWriter *self,
                                                         guint64        max);
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
