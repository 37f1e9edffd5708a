/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_HOLDER (fifolab_holder_get_type ())

G_DECLARE_FINAL_TYPE (FifolabHolder, fifolab_holder, FIFOLAB, HOLDER, GObject)

/* One open descriptor of one process on a FIFO. Immutable.
 * Properties: pid, command (from /proc/PID/comm, escaped for display), fd, access (FifolabAccess). */
FifolabHolder *fifolab_holder_new          (gint64          pid,
                                            const char     *command,
                                            int             fd,
                                            FifolabAccess   access);
gint64         fifolab_holder_get_pid      (FifolabHolder  *self);
const char    *fifolab_holder_get_command  (FifolabHolder  *self);
int            fifolab_holder_get_fd       (FifolabHolder  *self);
FifolabAccess  fifolab_holder_get_access   (FifolabHolder  *self);

G_END_DECLS
