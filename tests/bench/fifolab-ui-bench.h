/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What fifolab-ui-bench.c shares with its other scenarios' files. */

#include "fifolab.h"
#include "fifolab-application.h"

G_BEGIN_DECLS

extern FifolabApplication *app;
extern char               *tmpdir;
extern gboolean            opt_quick;

gint64      mono_ns        (void);
char       *loadavg        (void);
char       *self_exe       (void);
void        run_for_ms     (guint      ms);
gboolean    iterate_until  (gboolean (*done) (gpointer),
                            gpointer   data,
                            guint      timeout_ms);
FifolabLog *session_log    (void);

/* fifolab-ui-bench-ingest.c */
int         bench_ingest_raw_writer (const char *path,
                                     guint       ms);
void        bench_ingest            (void);

G_END_DECLS
