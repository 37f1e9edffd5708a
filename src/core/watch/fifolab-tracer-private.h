/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between FifolabTracer (its owner, on a main context) and its thread, which
 * makes every ptrace call (see fifolab-tracer-loop.c). */

#include <gio/gio.h>
#include <sys/types.h>

#include "fifolab-watch-record.h"

G_BEGIN_DECLS

typedef enum
{
  FIFOLAB_TRACER_ATTACH,  /* trace every thread of @pid */
  FIFOLAB_TRACER_SPAWN,   /* start @argv (at @program) traced from its first instruction */
  FIFOLAB_TRACER_STOP,    /* detach from everything and end */
  FIFOLAB_TRACER_RELEASE, /* step mode: thread @pid's held call goes on */
  FIFOLAB_TRACER_STEPPING,/* step mode on or off (@stepping); off lets every held call go on */
  FIFOLAB_TRACER_HOLD,    /* step mode holds the calls of process @pid (with hold_named) */
  FIFOLAB_TRACER_LET_GO,  /* stop, and let go at once the threads inside a write, cutting it short */
} FifolabTracerCommandKind;

typedef struct
{
  FifolabTracerCommandKind kind;
  pid_t   pid;
  char   *program;        /* SPAWN: the file to exec */
  char  **argv;           /* SPAWN */
  char   *exec_failed;    /* SPAWN: what the child writes to stderr if exec fails */
  gboolean stepping;      /* STEPPING */
} FifolabTracerCommand;

void fifolab_tracer_command_free (FifolabTracerCommand *command);

/* What the thread hands over, in order. */
typedef struct
{
  GPtrArray *records;     /* FifolabWatchRecord */
  pid_t      spawned;     /* > 0: the SPAWN command's child */
  char      *error;       /* the SPAWN failed, or the thread could not run */
  gboolean   finished;    /* the last batch: every tracee was let go */
} FifolabTracerBatch;

void fifolab_tracer_batch_free (FifolabTracerBatch *batch);

typedef struct _FifolabTracerLoop FifolabTracerLoop;

/* The thread's state. @batches receives FifolabTracerBatch; @context is
 * woken up (g_main_context_wakeup(), from the thread) whenever one is pushed. */
FifolabTracerLoop *fifolab_tracer_loop_new   (dev_t              dev,
                                              ino_t              ino,
                                              GAsyncQueue       *batches,
                                              GMainContext      *context,
                                              GError           **error);
FifolabTracerLoop *fifolab_tracer_loop_ref   (FifolabTracerLoop *loop);
void               fifolab_tracer_loop_unref (FifolabTracerLoop *loop);
/* Before the thread runs: step mode holds only the processes named by
 * HOLD commands (and those they start). */
void               fifolab_tracer_loop_set_hold_named (FifolabTracerLoop *loop,
                                                       gboolean           hold_named);
/* The thread's function: runs until a STOP command has let every tracee go,
 * then drops the reference to @loop it was given. */
gpointer           fifolab_tracer_loop_run   (gpointer           loop);
/* From any thread: queue @command (transfer full) and wake the loop. */
void               fifolab_tracer_loop_send  (FifolabTracerLoop *loop,
                                              FifolabTracerCommand *command);
/* From the owner, after it took batches from @batches: a thread that
 * stopped taking stops while too many waited goes on. */
void               fifolab_tracer_loop_delivered (FifolabTracerLoop *loop);
/* The options of PTRACE_SEIZE. */
#define FIFOLAB_TRACER_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | \
                                PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
                                PTRACE_O_TRACEEXEC)

G_END_DECLS
