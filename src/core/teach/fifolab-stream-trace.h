/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where something ended in a byte stream. */
typedef enum
{
  FIFOLAB_BOUNDARY_WRITE,   /* a write() into the pipe */
  FIFOLAB_BOUNDARY_READ,    /* a read() out of it */
  FIFOLAB_BOUNDARY_MESSAGE, /* a message, as the framing cuts the stream */
  FIFOLAB_BOUNDARY_LAST,
} FifolabBoundary;

#define FIFOLAB_TYPE_STREAM_TRACE (fifolab_stream_trace_get_type ())

G_DECLARE_FINAL_TYPE (FifolabStreamTrace, fifolab_stream_trace, FIFOLAB, STREAM_TRACE, GObject)

/* The bytes read from a pipe, and where in them each write(), each read()
 * and each framed message ended: what shows that a pipe is a byte stream
 * (five writes can come back as one read; framing finds the messages again).
 * Each boundary is the stream offset just past the last byte of its write,
 * read or message, so the three lists can be compared directly.
 *
 * Signals: ::changed () — bytes or boundaries were added, or it was cleared.
 */
FifolabStreamTrace *fifolab_stream_trace_new            (void);
void                fifolab_stream_trace_clear          (FifolabStreamTrace *self);
/* Appends the bytes of one read() and a READ boundary after them (@len > 0). */
void                fifolab_stream_trace_add_read       (FifolabStreamTrace *self,
                                                         const guint8       *data,
                                                         gsize               len);
/* A boundary of @kind at @offset; boundaries of one kind come in order. */
void                fifolab_stream_trace_add_boundary   (FifolabStreamTrace *self,
                                                         FifolabBoundary     kind,
                                                         guint64             offset);
/* The bytes read so far (transfer full). */
GBytes             *fifolab_stream_trace_dup_bytes      (FifolabStreamTrace *self);
gsize               fifolab_stream_trace_get_length     (FifolabStreamTrace *self);
guint               fifolab_stream_trace_get_n_boundaries (FifolabStreamTrace *self,
                                                           FifolabBoundary     kind);
guint64             fifolab_stream_trace_get_boundary   (FifolabStreamTrace *self,
                                                         FifolabBoundary     kind,
                                                         guint               index);
/* Translated counts: "5 writes, 1 read, 5 messages (115 bytes)"; "Nothing
 * read yet." while empty. Transfer full. */
char               *fifolab_stream_trace_dup_summary    (FifolabStreamTrace *self);
/* The summary and, for each kind, the offsets it ended at: what a screen
 * reader says for a drawing of the trace. Transfer full. */
char               *fifolab_stream_trace_dup_description (FifolabStreamTrace *self);

G_END_DECLS
