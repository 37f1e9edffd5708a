/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fifolab-fifo-output-stream.h"
#include "fifolab-fifo.h"

/* The write end of a FIFO, shared with other writers
 *
 * As for reading (fifolab-fifo-input-stream.c): GLib 2.74's
 * GUnixOutputStream writes "without blocking" as poll() with no timeout, then
 * poll() that waits, then write(). Another writer that fills the pipe between
 * the two polls leaves the second waiting until a reader makes room, and FIFO
 * Lab's main loop with it. On the O_NONBLOCK descriptor FIFO Lab opens, one
 * write() answers at once: what fitted, or EAGAIN when the pipe is full.
 */

struct _FifolabFifoOutputStream
{
  GUnixOutputStream parent_instance;
};

static void fifolab_fifo_output_stream_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabFifoOutputStream, fifolab_fifo_output_stream, G_TYPE_UNIX_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      fifolab_fifo_output_stream_pollable_init))

static gssize
fifolab_fifo_output_stream_write_nonblocking (GPollableOutputStream  *stream,
                                              const void             *buffer,
                                              gsize                   count,
                                              GError                **error)
{
  int fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stream));
  gssize n;

  do
    n = write (fd, buffer, count);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    fifolab_fifo_set_io_error (errno, TRUE, error);
  return n;
}

static GPollableReturn
fifolab_fifo_output_stream_writev_nonblocking (GPollableOutputStream  *stream,
                                               const GOutputVector    *vectors,
                                               gsize                   n_vectors,
                                               gsize                  *bytes_written,
                                               GError                **error)
{
  int fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stream));
  /* A GOutputVector is laid out as a struct iovec, as GLib's own writev()
   * relies on. */
  const struct iovec *iov = (const struct iovec *) vectors;
  gssize n;

  G_STATIC_ASSERT (sizeof (GOutputVector) == sizeof (struct iovec));
  G_STATIC_ASSERT (G_STRUCT_OFFSET (GOutputVector, buffer) == G_STRUCT_OFFSET (struct iovec, iov_base));
  G_STATIC_ASSERT (G_STRUCT_OFFSET (GOutputVector, size) == G_STRUCT_OFFSET (struct iovec, iov_len));

  *bytes_written = 0;
  do
    n = writev (fd, iov, (int) MIN (n_vectors, (gsize) G_MAXINT));
  while (n < 0 && errno == EINTR);
  if (n >= 0)
    {
      *bytes_written = (gsize) n;
      return G_POLLABLE_RETURN_OK;
    }
  /* Full: no error, as GIO's pollable streams say it. */
  if (errno == EAGAIN || errno == EWOULDBLOCK)
    return G_POLLABLE_RETURN_WOULD_BLOCK;
  fifolab_fifo_set_io_error (errno, TRUE, error);
  return G_POLLABLE_RETURN_FAILED;
}

static void
fifolab_fifo_output_stream_pollable_init (GPollableOutputStreamInterface *iface)
{
  GPollableOutputStreamInterface *parent = g_type_interface_peek_parent (iface);

  iface->can_poll = parent->can_poll;
  iface->is_writable = parent->is_writable;
  iface->create_source = parent->create_source;
  iface->write_nonblocking = fifolab_fifo_output_stream_write_nonblocking;
  iface->writev_nonblocking = fifolab_fifo_output_stream_writev_nonblocking;
}

static void
fifolab_fifo_output_stream_class_init (FifolabFifoOutputStreamClass *klass)
{
}

static void
fifolab_fifo_output_stream_init (FifolabFifoOutputStream *self)
{
}

GOutputStream *
fifolab_fifo_output_stream_new (int fd)
{
  g_return_val_if_fail (fd >= 0, NULL);

  return g_object_new (FIFOLAB_TYPE_FIFO_OUTPUT_STREAM,
                       "fd", fd,
                       "close-fd", TRUE,
                       NULL);
}
