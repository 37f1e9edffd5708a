/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-log-view.h"

G_BEGIN_DECLS

/* fifolab-ui-bench's "inspector" scenario: opening the entry inspector on a
 * 1 MiB entry (the largest the framer keeps) in @view, whose log is @log,
 * against opening it on a 22-byte one in the same run (the anchor); @runs
 * of each, alternated. Prints the medians and their ratio. */
void fifolab_ui_bench_inspector (FifolabLogView *view,
                                 FifolabLog     *log,
                                 int             runs);

G_END_DECLS
