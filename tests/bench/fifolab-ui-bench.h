/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What fifolab-ui-bench.c shares with its other scenarios' files. */

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-window.h"

G_BEGIN_DECLS

extern FifolabApplication *app;
extern char               *tmpdir;
extern gboolean            opt_quick;
extern gboolean            opt_verbose;
extern int                 opt_rate;
extern int                 opt_seconds;
extern int                 opt_entries;
extern int                 opt_steps;

gint64      mono_ns        (void);
gint64      cpu_time_us    (void);
int         cmp_int64      (gconstpointer a,
                            gconstpointer b);
gint64      quantile       (GArray   *sorted,
                            double    q);
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
void        bench_ingest            (gboolean    raw,
                                     gboolean    lines);

/* fifolab-ui-bench-flood.c */
int         bench_flood_writer      (const char    *path,
                                     guint          count,
                                     guint          rate);
void        bench_frames_attach     (FifolabWindow *window);
void        bench_frames_detach     (void);
void        bench_frames_keep_ticking (gboolean ticking);
void        bench_flood             (void);
void        bench_scroll            (FifolabWindow *window);

/* fifolab-ui-bench-sequence.c */
void        bench_sequence          (int            n_calls);

G_END_DECLS
