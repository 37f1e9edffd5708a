/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-holder-scan.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-shape.h"
#include "fifolab-types.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_INSPECTOR (fifolab_inspector_get_type ())

G_DECLARE_FINAL_TYPE (FifolabInspector, fifolab_inspector, FIFOLAB, INSPECTOR, GObject)

/* Looks at received messages for what the kernel does not tell: a message torn
 * by another writer (it does not have the expected shape), and whether the pid
 * it claims is its writer's. A claim is
 * - confirmed (PID_CONFIRMED) when FIFO Lab saw that pid hold the pipe open for
 *   writing: in a holders scan handed to fifolab_inspector_note_scan(), noted
 *   with note_writer() (the peers FIFO Lab started, its own writer), or found
 *   by a worker looking at that process's /proc/PID/fd;
 * - contradicted (PID_UNSEEN, an event says why) when it is pid 0, or FIFO
 *   Lab's own pid while FIFO Lab does not hold the pipe for writing, or when
 *   the worker found other processes holding the pipe for writing and not
 *   that one;
 * - not checked (no flag, no event) otherwise: the writer closed the pipe, or
 *   exited, before FIFO Lab could look, or too many checks were pending.
 * The writers seen on a pipe are forgotten at its end of stream
 * (fifolab_inspector_note_end_of_stream(): they have all closed it).
 *
 * The worker (never the main thread: one check at a time per inspector, a pid
 * not queued again while it waits or is being checked) keeps a verdict other
 * than confirmed for the recheck interval. A message costs the main loop the
 * same few look-ups whatever pid it claims. Whether a confirmed writer has
 * exited (WRITER_EXITED) is asked of the system once, then kept until the next
 * holder scan of the pipe, or for good once it has exited.
 *
 * A session's messages are checked before they are logged
 * (fifolab_inspector_check_message(), see fifolab_session_set_inspector()):
 * the session logs each with its final flags, and the TORN, PID_UNSEEN or
 * WRITER_EXITED event after it (fifolab_inspector_explain()). A message whose
 * claimed pid is being checked waits for the verdict (the session holds it
 * back). A reader watched on its own, or a message given to
 * fifolab_inspector_report(), only gets the events; a peer's output line is
 * logged with the flags fifolab_inspector_check_line() finds, then explained.
 *
 * Properties: log (construct-only, may be NULL), n-torn, n-unseen (read-only:
 * the contradicted claims), recheck-interval.
 */
typedef void (*FifolabVerdictFunc) (guint64  ticket,
                                    guint    flags,
                                    gpointer user_data);

FifolabInspector *fifolab_inspector_new              (FifolabLog         *log);
/* The expected shape of messages on @path (a stamp template, e.g. the one the
 * writers were started with); NULL @path sets the default for every path,
 * NULL @template_ removes it. Without a template, a message claiming two
 * different "pid [N]" is torn. */
void              fifolab_inspector_set_template     (FifolabInspector   *self,
                                                      const char         *path,
                                                      const char         *template_);
const char       *fifolab_inspector_get_template     (FifolabInspector   *self,
                                                      const char         *path);
/* Remembers the writers @scan saw on each of @paths. */
void              fifolab_inspector_note_scan        (FifolabInspector   *self,
                                                      FifolabHolderScan  *scan,
                                                      const char * const *paths);
void              fifolab_inspector_note_writer      (FifolabInspector   *self,
                                                      const char         *path,
                                                      gint64              pid);
gboolean          fifolab_inspector_writer_seen      (FifolabInspector   *self,
                                                      const char         *path,
                                                      gint64              pid);
/* Every writer of @path closed it (its reader saw end of file). */
void              fifolab_inspector_note_end_of_stream (FifolabInspector *self,
                                                        const char       *path);
/* TORN, PID_CONFIRMED and/or PID_UNSEEN for one received message, as far as
 * known now (no /proc walk: an unknown pid's check is started for later
 * messages); *claimed_pid set when not NULL. */
guint             fifolab_inspector_inspect          (FifolabInspector   *self,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len,
                                                      gint64             *claimed_pid);
/* The session's check, before it logs a message (@claimed_pid parsed by the
 * caller, once): the flags found now (WRITER_EXITED too); with *@pending,
 * @func tells the rest later, from the main loop (PID_CONFIRMED, PID_UNSEEN
 * or 0). Logs and counts nothing. */
guint             fifolab_inspector_check_message    (FifolabInspector   *self,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len,
                                                      gint64              claimed_pid,
                                                      FifolabVerdictFunc  func,
                                                      gpointer            user_data,
                                                      guint64             ticket,
                                                      gboolean           *pending);
/* No more verdicts for what was checked with @user_data. */
void              fifolab_inspector_forget           (FifolabInspector   *self,
                                                      gpointer            user_data);
/* Counts @flags found in a message just logged and appends the events that
 * explain them to @log (NULL: the inspector's log). */
void              fifolab_inspector_explain          (FifolabInspector   *self,
                                                      FifolabLog         *log,
                                                      const char         *path,
                                                      guint               flags,
                                                      gint64              claimed_pid,
                                                      gsize               len);
/* A watched message claiming @claimed_pid, seen written by @writer_pid, is
 * contradicted: counted with the others (n-unseen) and explained by a
 * PID_UNSEEN event naming both in @log. @self may be NULL: then only the
 * event. */
void              fifolab_inspector_explain_watched  (FifolabInspector   *self,
                                                      FifolabLog         *log,
                                                      const char         *path,
                                                      gint64              claimed_pid,
                                                      gint64              writer_pid);
/* Inspects a message and logs the events for what it finds; a contradiction
 * (PID_UNSEEN) may come later, from the main loop, once the claimed pid is checked. Returns
 * the flags found now. */
guint             fifolab_inspector_report           (FifolabInspector   *self,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len);
/* For a message logged at once, not held back (a peer's output line the
 * lesson checks): the flags found now, to log it with, then explain(); a
 * verdict still to come on its claimed pid is only a PID_UNSEEN event. */
guint             fifolab_inspector_check_line       (FifolabInspector   *self,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len,
                                                      gint64             *claimed_pid);
guint             fifolab_inspector_get_n_torn       (FifolabInspector   *self);
guint             fifolab_inspector_get_n_unseen     (FifolabInspector   *self);
/* How long (ms) the verdict on a pid found not writing to a pipe is kept
 * without looking at /proc again; 250 unless set. */
void              fifolab_inspector_set_recheck_interval (FifolabInspector *self,
                                                          guint             interval_ms);
guint             fifolab_inspector_get_recheck_interval (FifolabInspector *self);

/* Whether process @pid holds @path open for writing now, from /proc/PID/fd
 * (stat of the links, the pipe is not opened). Walks on the calling thread. */
gboolean          fifolab_pid_holds_for_writing      (gint64              pid,
                                                      const char         *path);

G_END_DECLS
