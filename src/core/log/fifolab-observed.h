/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fifolab-watch-record.h"

G_BEGIN_DECLS

/* What a watch saw each process do on one pipe (the records of
 * `fifolab-peer watch --json`), for the diagram: each watched process's last
 * call, the bytes it put in or took out, and the pipe's bytes as the watch
 * counts them (the writes' bytes less the reads'). Bytes a read took that no
 * watched write put in were in the pipe before the watch started (or came
 * from a writer it could not see): they are counted apart, and from then on
 * the count is an estimate. */

typedef struct _FifolabObserved FifolabObserved;

/* One watched process. Its last call's members are those of the record
 * (syscall NULL: none seen yet). */
typedef struct
{
  gint64    pid;
  char     *comm;          /* escaped for display; may be NULL */
  gboolean  wrote;         /* it put bytes in (a writer) */
  gboolean  read;          /* it took bytes out (a reader) */
  gboolean  gone;          /* it exited, or the watch let it go */
  guint64   written;       /* bytes it put in */
  guint64   taken;         /* bytes it took out */
  /* Its last call on the pipe */
  char     *syscall;
  gboolean  is_write;
  gboolean  is_read;
  gint64    result;
  int       error;
  gint64    requested;
  gint64    blocked_us;
  gint64    end_us;        /* CLOCK_MONOTONIC when it returned */
  /* CLOCK_MONOTONIC when its last record's call was entered (or the
   * record's event happened); its later writes entered after it. */
  gint64    seen_us;
  /* The call it is blocked in now, as the watch said (a "blocked" record,
   * until that call's record): blocked_syscall NULL when none. */
  char     *blocked_syscall;
  gint64    blocked_tid;
  gboolean  blocked_write;   /* into the pipe; an open: of the write end */
  gboolean  blocked_read;    /* out of the pipe; an open: of the read end */
  gint64    blocked_requested;
  gint64    blocked_since_us; /* CLOCK_MONOTONIC at the call's entry */
  /* Stopped by this signal (SIGSTOP, Ctrl+Z) until continued; 0: not. */
  int       stop_signal;
} FifolabObservedProcess;

FifolabObserved              *fifolab_observed_new            (void);
void                          fifolab_observed_free           (FifolabObserved          *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabObserved, fifolab_observed_free)

/* Takes in one record; returns the bytes of a read that were in the pipe
 * before the watch (or that no watched writer put in), 0 for anything else. */
guint64                       fifolab_observed_add            (FifolabObserved          *self,
                                                               const FifolabWatchRecord *record);

guint                         fifolab_observed_get_n_processes (FifolabObserved         *self);
/* The processes in the order they were first seen (transfer none). */
const FifolabObservedProcess *fifolab_observed_get_process    (FifolabObserved          *self,
                                                               guint                     index);
const FifolabObservedProcess *fifolab_observed_lookup         (FifolabObserved          *self,
                                                               gint64                    pid);

guint64                       fifolab_observed_get_written    (FifolabObserved          *self);
guint64                       fifolab_observed_get_taken      (FifolabObserved          *self);
/* The bytes reads took that no watched write had put in. */
guint64                       fifolab_observed_get_before     (FifolabObserved          *self);
/* The bytes in the pipe as the watch counts them: written and before, less
 * what reads took that was paid or found before (what they took beyond is
 * owed: never below 0); @estimated set when bytes were there before the
 * watch. */
guint64                       fifolab_observed_get_queued     (FifolabObserved          *self,
                                                               gboolean                 *estimated);
/* Whether the last record added was a write kept aside: it entered after a
 * read in debt returned, while a thread may still tell an older write that
 * paid that read (its bytes pay no debt; see fifolab-observed.c). */
gboolean                      fifolab_observed_kept_aside     (FifolabObserved          *self);
/* Whether writes kept aside wait for the debt to end (paid by an older
 * write, or found to be bytes from before the watch): until then they go
 * into no stream of bytes. */
gboolean                      fifolab_observed_is_holding     (FifolabObserved          *self);

G_END_DECLS
