/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-framer.h"
#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_READER (fifolab_reader_get_type ())

G_DECLARE_FINAL_TYPE (FifolabReader, fifolab_reader, FIFOLAB, READER, GObject)

/* Reads a FIFO through GUnixInputStream async reads on the thread-default main
 * context of the caller of fifolab_reader_start(). Never blocks, never spins.
 *
 * Properties: path (construct-only), framer (FifolabFramer, construct; default raw),
 *   state (FifolabReaderState, read-only), bytes-received, messages-received,
 *   capacity / queued (read-only; -1 when not open), error (GError boxed, last failure).
 * Signals:
 *   ::message (GBytes *payload, guint flags, gint64 wall_us, gint64 mono_us)
 *       one framed message, timestamps of the read that completed it.
 *   ::chunk (guint64 offset, guint length, gint64 mono_us)
 *       one read() boundary (for showing reads against messages).
 *   ::event (FifolabEventKind kind, const char *detail)
 *       waiting-for-writer, writer-connected, end-of-stream, reopened, pipe-removed,
 *       overlong, error ... (detail may be NULL).
 */
/* One message, borrowed: @data is valid only during the call. */
typedef void (*FifolabReaderMessageFunc) (FifolabReader *reader,
                                          const guint8  *data,
                                          gsize          len,
                                          guint          flags,
                                          gint64         wall_us,
                                          gint64         mono_us,
                                          gpointer       user_data);

FifolabReader      *fifolab_reader_new               (const char     *path,
                                                      FifolabFramer  *framer);
const char         *fifolab_reader_get_path          (FifolabReader  *self);
FifolabFramer      *fifolab_reader_get_framer        (FifolabReader  *self);
FifolabReaderState  fifolab_reader_get_state         (FifolabReader  *self);
guint64             fifolab_reader_get_bytes_received    (FifolabReader *self);
guint64             fifolab_reader_get_messages_received (FifolabReader *self);
/* Opens the read end (refusing non-FIFOs). FALSE with @error if it cannot. */
gboolean            fifolab_reader_start             (FifolabReader  *self,
                                                      GError        **error);
/* Immediate: cancels pending reads, closes the fd, state -> CLOSED. Idempotent. */
void                fifolab_reader_close             (FifolabReader  *self);
/* -1 when not open. */
gssize              fifolab_reader_get_capacity      (FifolabReader  *self);
gssize              fifolab_reader_get_queued        (FifolabReader  *self);
const GError       *fifolab_reader_get_error         (FifolabReader  *self);
int                 fifolab_reader_get_priority      (FifolabReader  *self);
void                fifolab_reader_set_priority      (FifolabReader  *self,
                                                      int             priority);
/* The message path's consumer (the session): called for each message before
 * ::message, with the framer's bytes, not a copy. */
void                fifolab_reader_set_message_func  (FifolabReader  *self,
                                                      FifolabReaderMessageFunc func,
                                                      gpointer        user_data);

G_END_DECLS
