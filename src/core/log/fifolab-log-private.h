/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Not for the application: what the core's other files, the tests and the
 * benchmark need of a FifolabLog. */

#include "fifolab-log.h"
#include "fifolab-log-store.h"

G_BEGIN_DECLS

FifolabLogStore *_fifolab_log_get_store          (FifolabLog *self);
/* Bytes the store uses beyond payloads (the benchmark and the memory test). */
gsize            _fifolab_log_get_overhead_bytes (FifolabLog *self);

G_END_DECLS
