/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The tracer's thread's own state, shared by fifolab-tracer-loop.c (the
 * stops) and fifolab-tracer-step.c (step mode). Everything here is used on
 * that thread only, but the members marked as shared with the owner. */

#include <glib.h>
#include <sys/types.h>

#include "fifolab-tracer-private.h"
#include "fifolab-tracer-wake.h"
#include "fifolab-watch-fds.h"
#include "fifolab-watch-record.h"
#include "fifolab-watch-syscalls.h"

G_BEGIN_DECLS

typedef struct
{
  pid_t              tid;
  pid_t              tgid;
  char              *comm;
  gboolean           detaching;
  /* Its ATTACH record was made: at its first stop, from which on the
   * tracer resumes it with PTRACE_SYSCALL and sees every call it makes. */
  gboolean           announced;
  /* The call in progress, from its entry stop. */
  gboolean           in_call;
  gboolean           tracked;      /* it is on the FIFO: it becomes a record */
  FifolabSyscall     sc;
  guint64            nr;
  guint64            args[6];
  gint64             entry_us;
  gboolean           fd_is_fifo;   /* args[0] (or the open's path) is the FIFO */
  gboolean           fd2_is_fifo;  /* the other descriptor is */
  gint64             requested;
  GBytes            *payload;      /* a write's bytes, read at entry */
  /* A call the kernel restarts keeps its first entry time. */
  guint64            restart_nr;
  gint64             restart_us;
  gboolean           restarted;    /* this entry is such a restart */
  /* Step mode: left in its entry stop until released. */
  gboolean           held;
  /* Its BLOCKED record was made for this call (restarts included). */
  gboolean           blocked_told;
  /* In a group-stop (its STOPPED record made), until it runs again. */
  gboolean           group_stopped;
  /* A write the watch's interrupt cut short, finished for the program
   * (fifolab-tracer-finish.c). At the seize, the call it slept in: */
  gboolean           seized_asleep;
  guint64            seized_nr;
  guint64            seized_args[3];
  /* Rewound to write the rest: the call's own fd, buffer (or iovecs) and
   * count (or iovcnt), the rest's, and what was written before the cut. */
  gboolean           finishing;
  gboolean           finish_entered;  /* the rest's entry stop came */
  guint64            finish_nr;
  guint64            finish_args[3];
  guint64            finish_rest[3];
  gint64             finish_done;
  gpointer           finish_regs;     /* the registers at the cut */
} Tracee;

struct _FifolabTracerLoop
{
  /* Shared with the owner. */
  GAsyncQueue        *commands;
  gint                commands_pending;  /* atomic: set before the wake-up */
  gint                holding;           /* atomic: waits for the owner to read */
  FifolabTracerWake   wake;
  GAsyncQueue        *batches;
  GMainContext       *context;

  /* The thread's own. */
  FifolabWatchFds    *fds;
  GHashTable         *tracees;     /* tid → Tracee */
  FifolabTracerBatch *batch;
  gint64              batch_start_us;
  gboolean            stopping;
  /* Stopping without waiting for the writes to return (LET_GO). */
  gboolean            letting_go_now;
  /* When the threads the stop still waits for are told (LETTING_GO), once
   * its grace is over (0: not due): see tell_waiting(). */
  gint64              letting_go_due;
  /* When a call on the FIFO may have been running for
   * FIFOLAB_TRACER_BLOCKED_US (0: none is known to run): see check_blocked(). */
  gint64              blocked_due;
  /* Step mode (fifolab-tracer-step.c). */
  gboolean            stepping;
  GQueue              held;        /* tids of held Tracees, the longest held first */
  /* Set before the thread starts: step mode holds only the processes in
   * @named (a HOLD command's, and those they start), not every one. */
  gboolean            hold_named;
  GHashTable         *named;       /* tgids whose calls step mode holds */
};

/* fifolab-tracer-loop.c */
FifolabWatchRecord *fifolab_tracer_loop_add_record    (FifolabTracerLoop  *loop,
                                                       FifolabWatchKind    kind,
                                                       Tracee             *t);
/* The record's fd, fd2, is_write and is_read for @t's call. */
void                fifolab_tracer_loop_describe_call (Tracee             *t,
                                                       FifolabWatchRecord *record);
void                fifolab_tracer_loop_resume        (Tracee             *t,
                                                       int                 sig);
void                fifolab_tracer_loop_detach        (FifolabTracerLoop  *loop,
                                                       Tracee             *t,
                                                       int                 sig);

/* fifolab-tracer-finish.c: a write or writev that the watch's interrupt
 * cut short (its first bytes in, the rest not) is finished for the program.
 * Right after @t is seized, before it is interrupted: the call it sleeps in. */
void                fifolab_tracer_finish_note        (Tracee             *t);
/* At the interrupt's stop, when it is the first after the seize and @t
 * slept in a call then (seized_asleep): a write or writev that @t slept in and that returns a part of its count, with no signal
 * pending that the program acts on, is rewound to write the rest from the
 * program's own syscall instruction (finishing: TRUE). */
gboolean            fifolab_tracer_finish_cut         (Tracee             *t);
/* At the exit stop of a write or writev that returned @rval, a part of its
 * count: cut short by a signal that the program does not act on (one it
 * ignores, which reaches it only because it is traced: without the watch
 * the kernel drops it and the write goes on), it is rewound to write the
 * rest, as above: TRUE, and the call has no record yet. */
gboolean            fifolab_tracer_finish_exit_cut    (Tracee             *t,
                                                       gint64              rval);
/* At an entry stop (@args may be changed): the rest's entry takes back the
 * call's own buffer and count, so that it is seen as the one call it is. */
void                fifolab_tracer_finish_entry       (Tracee             *t,
                                                       guint64             nr,
                                                       guint64            *args);
/* At the rest's exit stop (not a restart): the program gets what the call
 * wrote in all, in its register and in *@rval. */
void                fifolab_tracer_finish_exit        (Tracee             *t,
                                                       gint64             *rval,
                                                       gboolean           *failed);
/* At a signal-delivery-stop of @sig while finishing: a signal the program
 * acts on would have cut the write without the watch, so the program gets
 * it cut, as it was. */
void                fifolab_tracer_finish_signal      (Tracee             *t,
                                                       int                 sig);
/* @t is no longer traced. */
void                fifolab_tracer_finish_clear       (Tracee             *t);

/* fifolab-tracer-step.c: step mode. At an entry stop of @t: in step mode,
 * a call on the FIFO (a transfer, an open of its path, a close of its
 * descriptor) is held there, with a PENDING record: TRUE, and @t is left
 * stopped. */
gboolean            fifolab_tracer_step_hold          (FifolabTracerLoop  *loop,
                                                       Tracee             *t);
/* The RELEASE command: @tid's held call (0: the one held longest) goes on,
 * after a RELEASED record; nothing when it is not held. */
void                fifolab_tracer_step_release       (FifolabTracerLoop  *loop,
                                                       pid_t               tid);
/* The STEPPING command: with FALSE, every held call goes on. */
void                fifolab_tracer_step_set           (FifolabTracerLoop  *loop,
                                                       gboolean            stepping);
/* The watch stops: each held thread is let go (detached) in its entry stop. */
void                fifolab_tracer_step_detach_all    (FifolabTracerLoop  *loop);
/* @t is no longer traced (it ended): no longer held. */
void                fifolab_tracer_step_forget        (FifolabTracerLoop  *loop,
                                                       Tracee             *t);
/* The HOLD command: process @pid's calls are held, with hold_named. */
void                fifolab_tracer_step_name          (FifolabTracerLoop  *loop,
                                                       pid_t               pid);
/* @t, a thread or child process just followed (TRACECLONE, TRACEFORK):
 * held when the process that started it is. */
void                fifolab_tracer_step_inherit       (FifolabTracerLoop  *loop,
                                                       Tracee             *t);
/* Process @pid ended, or was never traced: its pid, used again, names
 * another process. */
void                fifolab_tracer_step_unname        (FifolabTracerLoop  *loop,
                                                       pid_t               pid);

G_END_DECLS
