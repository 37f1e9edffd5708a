/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-peer-process.h"
#include "fifolab-watch-record.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_STEP_WATCH (fifolab_step_watch_get_type ())

G_DECLARE_FINAL_TYPE (FifolabStepWatch, fifolab_step_watch, FIFOLAB, STEP_WATCH, GObject)

/* Step mode for the processes FIFO Lab starts: one running
 * `fifolab-peer watch --json --step PIPE` (the tracer lives in that
 * process, never in FIFO Lab's), its commands written to its stdin and its
 * records read from its stdout without blocking.
 *
 * start_peer() starts a peer held before it runs anything
 * (fifolab-peer-hold.c says why that way): the watch is told to seize it,
 * and its command runs only once the watch has (or the kernel refused, or
 * the watch ended: then it runs unwatched). Its first call on the pipe is
 * held like every later one, however fast it opens and writes. Only such
 * peers are held: a process the watch finds on the pipe otherwise (one
 * started before, let run, or not by FIFO Lab) is watched, never held.
 *
 * The calls that wait are kept oldest first, from the records; step()
 * lets the oldest go on, run() lets every call go on and holds no more,
 * stop() ends the watch (its tracees run on, untraced, unchanged).
 *
 * Signals:
 *   ::record (FifolabWatchRecord *) each record the watch reports, in order;
 *   ::pending-changed () the calls that wait changed;
 *   ::ended () the watch ended (stopped, failed or killed). */
FifolabStepWatch   *fifolab_step_watch_new          (const char          *path);
const char         *fifolab_step_watch_get_path     (FifolabStepWatch    *self);
gboolean            fifolab_step_watch_start        (FifolabStepWatch    *self,
                                                     GError             **error);
gboolean            fifolab_step_watch_is_running   (FifolabStepWatch    *self);
/* The watch's pid, -1 before start. */
gint64              fifolab_step_watch_get_pid      (FifolabStepWatch    *self);
/* Starts @peer (not started yet, on this pipe) held, lists it in @peers
 * once it runs (fifolab_peer_process_start_listed()) and has it seized. */
gboolean            fifolab_step_watch_start_peer   (FifolabStepWatch    *self,
                                                     FifolabPeerProcess  *peer,
                                                     GListStore          *peers,
                                                     GError             **error);
/* The call that has waited longest (transfer none), or NULL. */
FifolabWatchRecord *fifolab_step_watch_get_pending  (FifolabStepWatch    *self);
guint               fifolab_step_watch_get_n_pending (FifolabStepWatch   *self);
/* The pending call of process @pid that has waited longest, or NULL. */
FifolabWatchRecord *fifolab_step_watch_get_pending_of (FifolabStepWatch  *self,
                                                       gint64             pid);
/* Lets the oldest pending call go on: FALSE when none waits. */
gboolean            fifolab_step_watch_step         (FifolabStepWatch    *self);
/* Lets every call go on and holds no more (the watch goes on). */
void                fifolab_step_watch_run          (FifolabStepWatch    *self);
/* The processes started held so far run on, watched: their held calls go
 * on, and each later one goes on at once. FALSE (nothing done) when the
 * watch no longer holds calls (run()). */
gboolean            fifolab_step_watch_let_run_started (FifolabStepWatch *self);
/* The bytes in the pipe when known for sure (see the .c): FALSE when not. */
gboolean            fifolab_step_watch_get_queued   (FifolabStepWatch    *self,
                                                     guint64             *queued);
/* Ends the watch: every held call goes on, untraced. */
void                fifolab_step_watch_stop         (FifolabStepWatch    *self);
/* Completes once the watch's process has ended and been reaped (at once
 * when it never ran): only then are its tracees free for another tracer
 * (the kernel detaches them as it exits, after its output has closed).
 * Keeps @self alive until then. */
void                fifolab_step_watch_wait_async   (FifolabStepWatch    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            fifolab_step_watch_wait_finish  (FifolabStepWatch    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* "pid 4211 (python3) is about to write 22 bytes to my_pipe": a PENDING
 * record in words, translated, for a stage (the pipe named by @path's
 * basename). Transfer full. */
char               *fifolab_step_watch_describe     (const FifolabWatchRecord *record,
                                                     const char               *path);
/* "about to write 22 B": the same, short, for a process's box. */
char               *fifolab_step_watch_describe_short (const FifolabWatchRecord *record);

G_END_DECLS
