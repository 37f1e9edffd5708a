/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-peer-process.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PEER_ROW (fifolab_peer_row_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPeerRow, fifolab_peer_row, FIFOLAB, PEER_ROW, GtkWidget)

/* One process FIFO Lab started, in the peer form's list: what it does
 * ("Waiting in open() for a reader", "Running", how it exited), then
 * "pid N · writes to my_pipe", and a Stop button.
 *
 * Properties: peer (FifolabPeerProcess, construct-only). While the row is
 * mapped it holds the peer's activity (fifolab_peer_process_hold_activity():
 * one timer per peer, however many show it) and says it again when the
 * activity or the state changes. */
GtkWidget          *fifolab_peer_row_new      (FifolabPeerProcess *peer);
FifolabPeerProcess *fifolab_peer_row_get_peer (FifolabPeerRow     *self);

G_END_DECLS
