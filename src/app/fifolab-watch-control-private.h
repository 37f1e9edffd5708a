/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-watch-control.h"

G_BEGIN_DECLS

/* For the UI tests, which look at when the refused processes are checked
 * (each check reads /proc in a worker thread). */
/* How many checks have begun since the control was made. */
guint    _fifolab_watch_control_get_n_checks      (FifolabWatchControl *self);
/* Whether checks come every CHECK_INTERVAL_MS now (their timer runs). */
gboolean _fifolab_watch_control_get_checks_queued (FifolabWatchControl *self);

G_END_DECLS
