/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Internal to the core: the messages a FifolabWriter holds that are not in the
 * pipe yet, bounded in bytes. A plain struct embedded in the writer; it knows
 * nothing of descriptors, states or signals (the writer emits and notifies
 * from what these functions return). */
typedef struct
{
  GQueue   waiting;          /* GBytes, not started yet */
  GBytes  *current;          /* being written, or NULL */
  gsize    current_written;  /* bytes of current already in the pipe */
  guint64  bytes;            /* sizes of waiting and current */
  guint64  max_bytes;        /* the bound on bytes */
} FifolabWriteQueue;

void     _fifolab_write_queue_init          (FifolabWriteQueue  *queue,
                                             guint64             max_bytes);
/* Drops every message, the one being written included, without a word. */
void     _fifolab_write_queue_clear         (FifolabWriteQueue  *queue);
/* Appends @bytes (a reference is taken), or FALSE with a FIFOLAB_WRITER_ERROR
 * (TOO_LARGE or QUEUE_FULL) and nothing queued when bytes would go over
 * max_bytes. */
gboolean _fifolab_write_queue_push          (FifolabWriteQueue  *queue,
                                             GBytes             *bytes,
                                             GError            **error);
/* Messages not completely written, the one being written included. */
guint    _fifolab_write_queue_get_length    (FifolabWriteQueue  *queue);
/* Whether messages wait behind the one being written. */
gboolean _fifolab_write_queue_has_waiting   (FifolabWriteQueue  *queue);
/* The unwritten rest of the message at the head (which then is the one being
 * written). FALSE when there is no message at all. */
gboolean _fifolab_write_queue_peek_rest     (FifolabWriteQueue  *queue,
                                             const guint8      **data,
                                             gsize              *len);
/* @n more bytes of the head message went into the pipe. When that completes
 * it: the message (transfer full) and *written, else NULL. */
GBytes  *_fifolab_write_queue_advance       (FifolabWriteQueue  *queue,
                                             gsize               n,
                                             gsize              *written);
/* The write end went away. A message partly written is taken out and
 * returned (transfer full) with *written (sending it again would repeat the
 * part already in the pipe); one not written at all goes back to the head of
 * the queue, and NULL is returned. */
GBytes  *_fifolab_write_queue_settle        (FifolabWriteQueue  *queue,
                                             gsize              *written);
/* Drops the messages not started yet; returns how many. */
guint    _fifolab_write_queue_drop_waiting  (FifolabWriteQueue  *queue);

G_END_DECLS
