/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-watch-record.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_TRACER (fifolab_tracer_get_type ())

G_DECLARE_FINAL_TYPE (FifolabTracer, fifolab_tracer, FIFOLAB, TRACER, GObject)

/* Watches the system calls that other processes make on one FIFO, with
 * ptrace, without taking a byte (see fifolab-tracer-loop.c). It attaches to
 * every process that holds the FIFO or waits in open() on it, scanning /proc
 * again every FIFOLAB_TRACER_RESCAN_MS for new ones, and emits ::records on
 * the thread-default main context it was created in, in batches.
 *
 * Its thread sleeps in wait4() for its tracees and is woken by a signal,
 * FIFOLAB_TRACER_WAKE_SIGNAL (SIGRTMIN + 4), whose handler it installs: the
 * process must leave that signal to it. SIGCHLD, which the kernel sends for
 * each stop of a tracee (twice per system call), must be blocked in every
 * thread of the process (fifolab_tracer_block_sigchld() first thing in
 * main(), before any thread exists), so that no handler runs for it; and the
 * process should have no GLib child watch, since a tracee that is also a
 * child of another thread would have its exit reported to the tracer.
 * fifolab-peer watch is such a process; FIFO Lab's window runs it rather
 * than tracing in its own process.
 *
 * When ::records handlers fall behind (some 16,000 records wait: the
 * output is not read), the thread takes no more stops until they catch
 * up: the tracees wait, and memory stays bounded. */
#define FIFOLAB_TRACER_RESCAN_MS 250

/* A thread that has been inside a call on the FIFO (a transfer, an open of
 * its path, a close) this long, asleep in the kernel, is said to be blocked
 * in it: a FIFOLAB_WATCH_BLOCKED record, once per call, before the call's
 * record. 100 ms: a call that does not wait for the other end returns in
 * microseconds, even traced (a 64 KiB write, an open with both ends there);
 * one that waits for it waits for a person or another program, and the
 * diagram calls a call that took this long blocked already ("after 1.2 s
 * blocked"). Asleep means /proc says S or D when the threshold has passed: a
 * thread that is only slow to run, or that waits for the tracer in its stop,
 * is not blocked. */
#define FIFOLAB_TRACER_BLOCKED_US 100000

/* Blocks SIGCHLD in the calling thread (and so in the threads it starts). */
void           fifolab_tracer_block_sigchld (void);

/* A tracer for the FIFO at @path (checked to be one; never opened). */
FifolabTracer *fifolab_tracer_new       (const char          *path,
                                         GError             **error);
/* Starts the thread and the scans. Fails when SIGCHLD is not blocked. */
gboolean       fifolab_tracer_start     (FifolabTracer       *self,
                                         GError             **error);
/* Runs @argv (searched in PATH) traced from its first instruction, once the
 * processes already on the FIFO are attached (after the first scan); its pid
 * comes with ::spawned. */
gboolean       fifolab_tracer_spawn     (FifolabTracer       *self,
                                         const char * const  *argv,
                                         GError             **error);
/* Seizes process @pid now, whether or not it holds the FIFO yet: for a
 * process its owner started and holds before it runs (fifolab-peer hold),
 * so that its first call on the FIFO is seen. An ATTACH record for @pid
 * follows once it is traced, or a REFUSED one; nothing when it is gone. */
void           fifolab_tracer_attach    (FifolabTracer       *self,
                                         gint64               pid);
/* Never attaches process @pid, though it holds the FIFO (call before
 * start): FIFO Lab, whose own reads must never wait in step mode, since
 * the hand that releases them would wait with them. */
void           fifolab_tracer_ignore    (FifolabTracer       *self,
                                         gint64               pid);
/* Lets every tracee go; ::finished follows once they are. A thread inside
 * a write is let go when the call returns (a LETTING_GO record says so). */
void           fifolab_tracer_stop      (FifolabTracer       *self);
/* Stops (if not yet) and lets go at once the threads inside a write, too:
 * their write returns what it has put in so far, a short count the
 * program sees (or goes on untraced, when it had put in nothing). */
void           fifolab_tracer_let_go_now (FifolabTracer      *self);
/* Step mode (see fifolab-tracer-step.c): while on, a watched thread that
 * enters a call on the FIFO (read, write, readv, writev, splice, tee,
 * sendfile; open/openat of its path; close of its descriptor) waits in it,
 * announced by a FIFOLAB_WATCH_PENDING record, until released. Off (the
 * default) lets every waiting call go on. May be set before start. */
void           fifolab_tracer_set_stepping (FifolabTracer    *self,
                                            gboolean          stepping);
gboolean       fifolab_tracer_get_stepping (FifolabTracer    *self);
/* Step mode holds only the processes named by fifolab_tracer_hold() (and
 * the command spawned, and the children of those), not every one it
 * watches (call before start): FIFO Lab's step mode, which holds the
 * processes it starts held and no process it did not. */
void           fifolab_tracer_set_hold_named (FifolabTracer  *self,
                                              gboolean        hold_named);
/* Names process @pid for step mode to hold: before its attach, so that its
 * first call is held. Commands go in order: a HOLD sent before the ATTACH
 * is in force at its first stop. */
void           fifolab_tracer_hold      (FifolabTracer       *self,
                                         gint64               pid);
/* Lets thread @tid's waiting call go on, announced by a
 * FIFOLAB_WATCH_RELEASED record; the thread is held again at its next call
 * on the FIFO. Nothing when it does not wait (it was released, or ended). */
void           fifolab_tracer_release   (FifolabTracer       *self,
                                         gint64               tid);
const char    *fifolab_tracer_get_path  (FifolabTracer       *self);
gboolean       fifolab_tracer_is_running (FifolabTracer      *self);

G_END_DECLS
