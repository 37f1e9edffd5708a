/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "fifolab-peer watch ARGS…" running, its --json lines read as they come
 * (test-watch.c, test-watch-step.c). */
typedef struct
{
  GSubprocess      *proc;
  GPid              pid;
  GDataInputStream *out;
  GOutputStream    *in;         /* with G_SUBPROCESS_FLAGS_STDIN_PIPE, else NULL */
  GPtrArray        *records;    /* FifolabWatchRecord, in the order written */
  gboolean          eof;
  gboolean          exited;
  char             *err_path;   /* its stderr: DIR/watch.err */
} FifolabTestWatch;

/* Starts fifolab-peer watch @args (what follows "watch"), with @flags and
 * its stdout piped; its stderr goes to a file in @dir. */
FifolabTestWatch *fifolab_test_watch_new    (const char         *dir,
                                             const char * const *args,
                                             GSubprocessFlags    flags);
/* For fifolab_test_wait_until(): it has exited and its output has ended. */
gboolean          fifolab_test_watch_done   (gpointer            watch);
/* Whether it has told a record of @kind (a FifolabWatchRecordKind), of a
 * call whose name begins with @syscall (any when NULL), by @pid (any when
 * < 0). */
gboolean          fifolab_test_watch_told   (FifolabTestWatch   *watch,
                                             int                 kind,
                                             const char         *syscall,
                                             gint64              pid);
/* Its records as text lines and its stderr, as test messages. */
void              fifolab_test_watch_dump   (FifolabTestWatch   *watch);
/* Waits for it to end (failing the test, after a dump, if it does not
 * within @timeout_ms): its exit status, 128 + a signal's number. */
int               fifolab_test_watch_finish (FifolabTestWatch   *watch,
                                             guint               timeout_ms);
/* Kills it when it still runs. */
void              fifolab_test_watch_free   (FifolabTestWatch   *watch);

G_END_DECLS
