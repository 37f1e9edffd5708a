/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_FIFO_OUTPUT_STREAM (fifolab_fifo_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (FifolabFifoOutputStream, fifolab_fifo_output_stream,
                      FIFOLAB, FIFO_OUTPUT_STREAM, GUnixOutputStream)

/* A GUnixOutputStream on a FIFO's write end opened with O_NONBLOCK: its
 * non-blocking writes are one write() (writev()), never a wait (see the .c).
 * Owns @fd. */
GOutputStream *fifolab_fifo_output_stream_new (int fd);

G_END_DECLS
