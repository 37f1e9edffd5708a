/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-stream-trace.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_STREAM_VIEW (fifolab_stream_view_get_type ())

G_DECLARE_FINAL_TYPE (FifolabStreamView, fifolab_stream_view, FIFOLAB, STREAM_VIEW, GtkWidget)

/* A byte stream drawn as a strip: the bytes of a FifolabStreamTrace left to
 * right, the framed messages as alternating bands split by blue lines, each
 * read() ending at an orange mark below, each write() at a dashed tick above;
 * a summary line over it and a legend under it. Screen readers get the
 * trace's description ("5 writes, 1 read, 5 messages (115 bytes). …").
 *
 * Properties: trace (FifolabStreamTrace, may be NULL). */
GtkWidget          *fifolab_stream_view_new             (void);
FifolabStreamTrace *fifolab_stream_view_get_trace       (FifolabStreamView  *self);
void                fifolab_stream_view_set_trace       (FifolabStreamView  *self,
                                                         FifolabStreamTrace *trace);

G_END_DECLS
