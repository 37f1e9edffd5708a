/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gio/gunixinputstream.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_FIFO_INPUT_STREAM (fifolab_fifo_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (FifolabFifoInputStream, fifolab_fifo_input_stream,
                      FIFOLAB, FIFO_INPUT_STREAM, GUnixInputStream)

/* A GUnixInputStream on a FIFO's read end opened with O_NONBLOCK: its
 * non-blocking read is one read(), never a wait (see the .c). Owns @fd. */
GInputStream *fifolab_fifo_input_stream_new (int fd);

G_END_DECLS
