/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab.h"
#include "fifolab-peer-process.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_PEER_FORM (fifolab_peer_form_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPeerForm, fifolab_peer_form, FIFOLAB, PEER_FORM, GtkWidget)

/* "Start Writer" / "Start Reader": runs fifolab-peer on the selected pipe with
 * the template, count, interval, read size and framing of the form, and lists
 * the peers (pid, role, state or exit status, a Stop button).
 *
 * Properties: path (the pipe; the start actions are off without one),
 *   log (FifolabLog peers report to), peers (GListStore of FifolabPeerProcess;
 *   the application's, shared with the diagram).
 * Widget actions: peer.start-writer, peer.start-reader, peer.stop (int64 pid).
 * A peer is started as the application starts one: listed in the peers once
 * it runs (fifolab_peer_process_start_listed()).
 *
 * Step mode (issue 16): the form holds a FifolabStepBar for its pipe; while
 * it is on, the peers it starts are held from their first call
 * (fifolab_step_watch_start_peer()), Step (F8) lets one call go, Run or
 * off (or another pipe) lets them run on unchanged. */
GtkWidget          *fifolab_peer_form_new          (void);
void                fifolab_peer_form_set_path     (FifolabPeerForm  *self,
                                                    const char       *path);
const char         *fifolab_peer_form_get_path     (FifolabPeerForm  *self);
void                fifolab_peer_form_set_log      (FifolabPeerForm  *self,
                                                    FifolabLog       *log);
/* The session step mode's records are logged in. */
void                fifolab_peer_form_set_session  (FifolabPeerForm  *self,
                                                    FifolabSession   *session);
/* Step mode's bar (a FifolabStepBar), transfer none. */
GtkWidget          *fifolab_peer_form_get_step_bar (FifolabPeerForm  *self);
void                fifolab_peer_form_set_peers    (FifolabPeerForm  *self,
                                                    GListStore       *peers);
GListStore         *fifolab_peer_form_get_peers    (FifolabPeerForm  *self);
/* What the buttons do. Returns the running peer, or NULL with @error. */
FifolabPeerProcess *fifolab_peer_form_start        (FifolabPeerForm  *self,
                                                    FifolabPeerRole   role,
                                                    GError          **error);

G_END_DECLS
