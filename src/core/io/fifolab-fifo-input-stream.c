/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "fifolab-fifo-input-stream.h"
#include "fifolab-fifo.h"

/* The read end of a FIFO, shared with other readers
 *
 * GLib 2.74's GUnixInputStream reads "without blocking" in three system
 * calls: poll() with no timeout to see whether bytes are there, then, for
 * the read itself, poll() with no timeout at all (it waits) and read(). A
 * FIFO can have other readers: one that takes the bytes between the first
 * poll() and the second leaves that poll() waiting for the next write, and
 * FIFO Lab's main loop with it, for as long as no writer writes (the
 * "competing readers" of the lessons). On a descriptor opened with
 * O_NONBLOCK, as FIFO Lab opens every FIFO, one read() says the same without
 * the window: the bytes, 0 at end of file, or EAGAIN when another reader was
 * first. Everything else (the pollable source, closing) is GUnixInputStream's.
 */

struct _FifolabFifoInputStream
{
  GUnixInputStream parent_instance;
};

static void fifolab_fifo_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabFifoInputStream, fifolab_fifo_input_stream, G_TYPE_UNIX_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      fifolab_fifo_input_stream_pollable_init))

static gssize
fifolab_fifo_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                            void                  *buffer,
                                            gsize                  count,
                                            GError               **error)
{
  int fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stream));
  gssize n;

  do
    n = read (fd, buffer, count);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    fifolab_fifo_set_io_error (errno, FALSE, error);
  return n;
}

static void
fifolab_fifo_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  GPollableInputStreamInterface *parent = g_type_interface_peek_parent (iface);

  iface->can_poll = parent->can_poll;
  iface->is_readable = parent->is_readable;
  iface->create_source = parent->create_source;
  iface->read_nonblocking = fifolab_fifo_input_stream_read_nonblocking;
}

static void
fifolab_fifo_input_stream_class_init (FifolabFifoInputStreamClass *klass)
{
}

static void
fifolab_fifo_input_stream_init (FifolabFifoInputStream *self)
{
}

GInputStream *
fifolab_fifo_input_stream_new (int fd)
{
  g_return_val_if_fail (fd >= 0, NULL);

  return g_object_new (FIFOLAB_TYPE_FIFO_INPUT_STREAM,
                       "fd", fd,
                       "close-fd", TRUE,
                       NULL);
}
