/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-enums.h"
#include "fifolab-log.h"
#include "fifolab-proc-state.h"
#include "fifolab-types.h"

G_BEGIN_DECLS

typedef enum
{
  FIFOLAB_PEER_ROLE_WRITE, /*< nick=write >*/
  FIFOLAB_PEER_ROLE_READ,  /*< nick=read >*/
} FifolabPeerRole;

typedef enum
{
  FIFOLAB_PEER_STATE_NEW,     /*< nick=new >*/     /* not started yet */
  FIFOLAB_PEER_STATE_RUNNING, /*< nick=running >*/
  FIFOLAB_PEER_STATE_EXITED,  /*< nick=exited >*/  /* reaped, output read to the end */
  FIFOLAB_PEER_STATE_FAILED,  /*< nick=failed >*/  /* could not be started */
} FifolabPeerState;

/* FIFOLAB_TYPE_PEER_ROLE and FIFOLAB_TYPE_PEER_STATE: in fifolab-enums.h,
 * generated from the two enums above. */

#define FIFOLAB_TYPE_PEER_PROCESS (fifolab_peer_process_get_type ())

G_DECLARE_FINAL_TYPE (FifolabPeerProcess, fifolab_peer_process, FIFOLAB, PEER_PROCESS, GObject)

/* A fifolab-peer run as a separate process (GSubprocess), writing to or reading
 * from one FIFO. Its stdout and stderr lines are read asynchronously and, when a
 * log is set, appended as FIFOLAB_DIRECTION_OUTPUT entries (sender = the peer's
 * pid, flags from the line func if one is set); starting and exiting are
 * PEER_STARTED / PEER_EXITED events. Nothing here blocks: stop() sends SIGTERM
 * and, if the process is still there 2 s later, SIGKILL.
 *
 * Properties: role, path (construct-only), log (construct-only, may be NULL),
 *   template (write; NULL = the peer's default), count (-1 = the peer's default),
 *   interval (ms, write), bytes (read size per read(); 0 = default),
 *   framing (FifolabFraming; set-framing tells whether --framing is passed),
 *   fixed-size, pid (read-only, -1 until started), state (read-only),
 *   exit-status (read-only, the raw wait status; valid once exited),
 *   activity (read-only, FifolabProcActivity: what the running peer does on
 *   its FIFO as /proc said it last; notified only when it changes).
 * Signals:
 *   ::output (const char *line, gboolean is_stderr) one line without its newline;
 *   ::exited () state became EXITED (all output has been delivered before it).
 */
FifolabPeerProcess *fifolab_peer_process_new            (FifolabPeerRole      role,
                                                         const char          *path,
                                                         FifolabLog          *log);
FifolabPeerRole     fifolab_peer_process_get_role       (FifolabPeerProcess  *self);
const char         *fifolab_peer_process_get_path       (FifolabPeerProcess  *self);
FifolabLog         *fifolab_peer_process_get_log        (FifolabPeerProcess  *self);
const char         *fifolab_peer_process_get_template   (FifolabPeerProcess  *self);
void                fifolab_peer_process_set_template   (FifolabPeerProcess  *self,
                                                         const char          *template_);
int                 fifolab_peer_process_get_count      (FifolabPeerProcess  *self);
void                fifolab_peer_process_set_count      (FifolabPeerProcess  *self,
                                                         int                  count);
guint               fifolab_peer_process_get_interval   (FifolabPeerProcess  *self);
void                fifolab_peer_process_set_interval   (FifolabPeerProcess  *self,
                                                         guint                interval_ms);
/* Slow motion (write): ms the writer waits with the pipe open before each
 * message, the first too (--delay); 0, the default: none. */
guint               fifolab_peer_process_get_delay      (FifolabPeerProcess  *self);
void                fifolab_peer_process_set_delay      (FifolabPeerProcess  *self,
                                                         guint                delay_ms);
guint               fifolab_peer_process_get_bytes      (FifolabPeerProcess  *self);
void                fifolab_peer_process_set_bytes      (FifolabPeerProcess  *self,
                                                         guint                bytes);
FifolabFraming      fifolab_peer_process_get_framing    (FifolabPeerProcess  *self);
/* Passes --framing to the peer (without it the peer behaves like the seed). */
void                fifolab_peer_process_set_framing    (FifolabPeerProcess  *self,
                                                         FifolabFraming       framing);
guint               fifolab_peer_process_get_fixed_size (FifolabPeerProcess  *self);
void                fifolab_peer_process_set_fixed_size (FifolabPeerProcess  *self,
                                                         guint                size);
/* A writer's message as it writes each one: its template with its pid
 * stamped in, framed by its framing. NULL before it has a pid or when the
 * template does not expand (transfer full). */
GBytes             *fifolab_peer_process_dup_message    (FifolabPeerProcess  *self);
/* Runs @argv instead of fifolab-peer (a process of the lessons' own, such
 * as lesson 9's server); its exit is logged as "pid N: …". */
void                fifolab_peer_process_set_command    (FifolabPeerProcess  *self,
                                                         const char * const  *argv);
/* The argument vector start() runs (transfer full). */
GStrv               fifolab_peer_process_build_argv     (FifolabPeerProcess  *self);
/* Spawns the peer. FALSE with @error when it cannot be run (state FAILED). */
gboolean            fifolab_peer_process_start          (FifolabPeerProcess  *self,
                                                         GError             **error);
/* Spawns the peer and, once it runs, appends it to @peers (a GListStore of
 * FifolabPeerProcess, which keeps it): how the application and the peer form
 * start the peers they list. FALSE with @error, and nothing listed, otherwise. */
gboolean            fifolab_peer_process_start_listed   (FifolabPeerProcess  *self,
                                                         GListStore          *peers,
                                                         GError             **error);
/* Step mode, from the first call (fifolab-peer-hold.c): start() runs the
 * peer through `fifolab-peer hold`, which lets the watch of pid @tracer
 * trace it and waits before its command runs; open_gate() lets it run (its
 * pid stays the same). Dispose opens the gate too. */
void                fifolab_peer_process_hold_for       (FifolabPeerProcess  *self,
                                                         gint64               tracer);
/* Whether the peer runs held, its gate not opened yet. */
gboolean            fifolab_peer_process_is_held        (FifolabPeerProcess  *self);
void                fifolab_peer_process_open_gate      (FifolabPeerProcess  *self);
/* SIGTERM now, SIGKILL 2 s later if it is still running. No-op when not running. */
void                fifolab_peer_process_stop           (FifolabPeerProcess  *self);
gint64              fifolab_peer_process_get_pid        (FifolabPeerProcess  *self);
FifolabPeerState    fifolab_peer_process_get_state      (FifolabPeerProcess  *self);
gboolean            fifolab_peer_process_is_running     (FifolabPeerProcess  *self);
int                 fifolab_peer_process_get_exit_status (FifolabPeerProcess *self);
/* Exit code when it exited normally, else -1. */
int                 fifolab_peer_process_get_exit_code  (FifolabPeerProcess  *self);
/* The signal that ended it, else 0. */
int                 fifolab_peer_process_get_term_signal (FifolabPeerProcess *self);
/* Translated: "Running", "Exited with status 0", "Killed by signal 15 (Terminated)". */
char               *fifolab_peer_process_describe_state (FifolabPeerProcess  *self);
/* What the peer does on its FIFO now, as the kernel tells it: while it runs,
 * fifolab_proc_state_read_path() of its pid and path (what the pipe's
 * diagram draws); FIFOLAB_PROC_ACTIVITY_EXITED when it does not run. Reads
 * /proc only (and stat()s the path): never blocks. */
FifolabProcActivity fifolab_peer_process_read_activity  (FifolabPeerProcess  *self);
/* What the peer did on its FIFO when /proc was last read (by
 * refresh_activity(), or the timer held_activity() keeps):
 * FIFOLAB_PROC_ACTIVITY_EXITED when it does not run. */
FifolabProcActivity fifolab_peer_process_get_activity   (FifolabPeerProcess  *self);
/* Reads what the running peer does now (read_activity()), sets the
 * activity property to it (notify only when it changes) and returns it. A
 * read by anyone serves every holder: the held timer's next read waits a
 * full period after it. */
FifolabProcActivity fifolab_peer_process_refresh_activity (FifolabPeerProcess *self);
/* While the activity is held (a count: each hold_activity() wants its
 * release_activity()) and the peer runs, one timer refreshes it every
 * 500 ms, however many hold it; the first hold refreshes it at once. */
void                fifolab_peer_process_hold_activity  (FifolabPeerProcess  *self);
void                fifolab_peer_process_release_activity (FifolabPeerProcess *self);
/* Translated, what a person reading the list of peers wants first: what the
 * peer waits for while @activity (read_activity()) says it waits in open()
 * ("Waiting in open() for a reader"), else describe_state(). */
char               *fifolab_peer_process_describe_activity (FifolabPeerProcess *self,
                                                         FifolabProcActivity  activity);
/* Lines seen so far on stdout (transfer none; for tests and lessons). */
const GPtrArray    *fifolab_peer_process_get_output_lines (FifolabPeerProcess *self);
/* Finds the FifolabMessageFlags of one output line, before it is logged. */
typedef guint     (*FifolabPeerLineFunc)                (FifolabPeerProcess  *self,
                                                         const char          *line,
                                                         gsize                len,
                                                         gboolean             is_stderr,
                                                         gpointer             user_data);
/* Each output line's entry is appended with the flags @func returns (NULL:
 * none), before ::output; @destroy frees @user_data when replaced or at dispose. */
void                fifolab_peer_process_set_line_func  (FifolabPeerProcess  *self,
                                                         FifolabPeerLineFunc  func,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
/* Logs the PEER_EXITED event of @self (@detail: "fifolab-peer pid N: Exited
 * with status 0") itself, later perhaps, and returns TRUE; FALSE: @self logs
 * it now, as without a func. */
typedef gboolean  (*FifolabPeerExitFunc)                (FifolabPeerProcess  *self,
                                                         const char          *detail,
                                                         gpointer             user_data);
/* Called when the exit is noticed, before ::exited (only with a log); @destroy
 * frees @user_data when replaced or at dispose. */
void                fifolab_peer_process_set_exit_func  (FifolabPeerProcess  *self,
                                                         FifolabPeerExitFunc  func,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
/* What the kernel says the process waits in (/proc/PID/wchan, e.g. "fifo_open"
 * or "wait_for_partner" while blocked in open), or NULL when it is not
 * running: fifolab_proc_dup_wchan(). Transfer full. What it does on its FIFO:
 * fifolab_proc_state_read_path() with its pid and path. */
char               *fifolab_peer_process_dup_wchan      (FifolabPeerProcess  *self);
/* Completes once the process is no longer running: at once when it never
 * started, failed or has exited, else after ::exited (its output all
 * delivered). It does not stop the process (see stop()); cancelling
 * @cancellable completes it with G_IO_ERROR_CANCELLED. */
void                fifolab_peer_process_wait_async     (FifolabPeerProcess  *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            fifolab_peer_process_wait_finish    (FifolabPeerProcess  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Where fifolab-peer is: the path set here, else $FIFOLAB_PEER, else next to
 * the running executable (installed layout, or ../peer/ in a build tree), else
 * BINDIR/fifolab-peer. */
void                fifolab_peer_process_set_default_path (const char        *path);
const char         *fifolab_peer_process_get_default_path (void);

G_END_DECLS
