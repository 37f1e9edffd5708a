/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-pipe-set.h"

G_BEGIN_DECLS

/* For tests: the monitor of a watched folder (as the canonical path of the
 * folder), or NULL when that folder is not watched. */
GFileMonitor *_fifolab_pipe_set_get_monitor (FifolabPipeSet *self,
                                             const char     *folder);

G_END_DECLS
