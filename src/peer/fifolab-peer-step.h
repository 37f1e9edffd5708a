/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-tracer.h"

G_BEGIN_DECLS

/* fifolab-peer watch --step: the commands read from a descriptor, one per
 * line ("step", "step TID", "run", "attach PID", "hold PID"; an empty line
 * is "step"; its end is "run"), applied to a tracer in step mode. */
typedef struct _FifolabPeerStep FifolabPeerStep;

/* Takes @fd (closed by fifolab_peer_step_free()); turns step mode on. */
FifolabPeerStep *fifolab_peer_step_new          (FifolabTracer   *tracer,
                                                 int              fd);
/* The same from standard input, which the watch's COMMAND no longer shares
 * (/dev/null takes its place); NULL when there is none. */
FifolabPeerStep *fifolab_peer_step_new_from_stdin (FifolabTracer *tracer);
/* Follows which calls wait, from the tracer's records. */
void             fifolab_peer_step_note_records (FifolabPeerStep *step,
                                                 GPtrArray       *records);
void             fifolab_peer_step_free         (FifolabPeerStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabPeerStep, fifolab_peer_step_free)

G_END_DECLS
