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
 * by another writer (it does not have the expected shape), and a claimed pid
 * that no process seen writing to the pipe has (PID_UNSEEN).
 *
 * The writers "seen" on a path are those of every holders scan handed to
 * fifolab_inspector_note_scan() and those noted with note_writer() (the peers
 * FIFO Lab started itself); when a claimed pid is not among them and its
 * process exists, a worker thread looks at that process's /proc/PID/fd (never
 * the main thread: one check at a time per inspector, a pid not queued again
 * while it waits or is being checked), and a pid found not writing is taken
 * as such for the recheck interval. A message costs the main loop the same
 * few look-ups whatever pid it claims.
 *
 * A session's messages are checked before they are logged
 * (fifolab_inspector_check_message(), see fifolab_session_set_inspector()):
 * the session logs each with its final flags, and the TORN or PID_UNSEEN
 * event after it (fifolab_inspector_explain()). A message whose claimed pid
 * is being checked waits for the verdict (the session holds it back). When
 * too many checks or waiting messages are pending, a message is taken as
 * PID_UNSEEN at once (its pid was not seen). A reader watched on its own, or
 * a message given to fifolab_inspector_report(), only gets the events; a
 * peer's output line is logged with the flags fifolab_inspector_check_line()
 * finds, then explained.
 *
 * Properties: log (construct-only, may be NULL), n-torn, n-unseen (read-only),
 * recheck-interval.
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
/* TORN and/or PID_UNSEEN for one received message, as far as known now (no
 * /proc walk: an unknown pid's check is started for later messages);
 * *claimed_pid set when not NULL. */
guint             fifolab_inspector_inspect          (FifolabInspector   *self,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len,
                                                      gint64             *claimed_pid);
/* The session's check, before it logs a message (@claimed_pid parsed by the
 * caller, once): the flags found now; with *@pending, @func tells the rest
 * later, from the main loop (0 or PID_UNSEEN). Logs and counts nothing. */
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
/* Inspects a message and logs the events for what it finds; PID_UNSEEN may
 * come later, from the main loop, once the claimed pid is checked. Returns
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
/* Checks every message of @reader from now on (until unwatch or dispose). */
void              fifolab_inspector_watch_reader     (FifolabInspector   *self,
                                                      FifolabReader      *reader);
void              fifolab_inspector_unwatch_reader   (FifolabInspector   *self,
                                                      FifolabReader      *reader);
guint             fifolab_inspector_get_n_torn       (FifolabInspector   *self);
guint             fifolab_inspector_get_n_unseen     (FifolabInspector   *self);
/* How long (ms) a pid found not writing to a pipe is reported unseen without
 * looking at /proc again; 250 unless set. */
void              fifolab_inspector_set_recheck_interval (FifolabInspector *self,
                                                          guint             interval_ms);
guint             fifolab_inspector_get_recheck_interval (FifolabInspector *self);

/* Whether process @pid holds @path open for writing now, from /proc/PID/fd
 * (stat of the links, the pipe is not opened). Walks on the calling thread. */
gboolean          fifolab_pid_holds_for_writing      (gint64              pid,
                                                      const char         *path);

G_END_DECLS
