/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_REPLAY_CONTROL (fifolab_replay_control_get_type ())

G_DECLARE_FINAL_TYPE (FifolabReplayControl, fifolab_replay_control, FIFOLAB, REPLAY_CONTROL, GtkWidget)

/* A recording window's replay bar: the speed, and while a replay runs
 * (`fifolab-peer replay --json RECORDING PIPE --speed X`, a subprocess, as
 * the Watch control runs `fifolab-peer watch`) its progress and a Stop
 * button. Properties: running (gboolean, read-only).
 * Signals: ::toast (const char *message) — how a replay ended. */
FifolabReplayControl *fifolab_replay_control_new         (void);
/* Starts replaying @recording into @pipe at the chosen speed; FALSE (and
 * ::toast) when one runs already or the peer cannot start. */
gboolean              fifolab_replay_control_start       (FifolabReplayControl *self,
                                                          const char           *recording,
                                                          const char           *pipe);
void                  fifolab_replay_control_stop        (FifolabReplayControl *self);
gboolean              fifolab_replay_control_get_running (FifolabReplayControl *self);
/* The speed chosen, 0.1 to 10. */
double                fifolab_replay_control_get_speed   (FifolabReplayControl *self);
void                  fifolab_replay_control_set_speed   (FifolabReplayControl *self,
                                                          double                speed);

G_END_DECLS
