/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-holder-scan.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
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
 * A followed session's messages are checked as the session logs them: a
 * flagged message's own entry gets the flags (fifolab_log_add_flags(), so its
 * row shows them) and a TORN or PID_UNSEEN event after it says why. A message
 * whose claimed pid is being checked gets PID_UNSEEN (flag, event, ::flagged)
 * when the verdict comes back to the main loop, so other entries may come
 * between it and its event. When too many checks or waiting messages are
 * pending, a message is reported PID_UNSEEN at once (its pid was not seen).
 * A reader watched on its own (no entry to mark) only gets the events, as
 * does fifolab_inspector_report().
 *
 * Properties: log (construct-only, may be NULL), n-torn, n-unseen (read-only),
 * recheck-interval.
 * Signals: ::flagged (const char *path, guint flags, gint64 claimed_pid, GBytes *payload).
 */
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
/* Inspects and, when flagged, logs the events and emits ::flagged; PID_UNSEEN
 * may come later, from the main loop, once the claimed pid is checked.
 * Returns the flags found now. */
guint             fifolab_inspector_report           (FifolabInspector   *self,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len);
/* As report(), and ORs the flags found into the message's own entry, @serial
 * of @log (what fifolab_log_append() returned for it). */
guint             fifolab_inspector_report_entry     (FifolabInspector   *self,
                                                      FifolabLog         *log,
                                                      guint64             serial,
                                                      const char         *path,
                                                      const guint8       *data,
                                                      gsize               len);
/* Checks every message of @reader from now on (until unwatch or dispose). */
void              fifolab_inspector_watch_reader     (FifolabInspector   *self,
                                                      FifolabReader      *reader);
void              fifolab_inspector_unwatch_reader   (FifolabInspector   *self,
                                                      FifolabReader      *reader);
/* Checks every message @session receives, from now on (it follows the
 * session's ::received), marking each flagged one's entry. NULL stops following. */
void              fifolab_inspector_follow_session   (FifolabInspector   *self,
                                                      FifolabSession     *session);
guint             fifolab_inspector_get_n_torn       (FifolabInspector   *self);
guint             fifolab_inspector_get_n_unseen     (FifolabInspector   *self);
/* How long (ms) a pid found not writing to a pipe is reported unseen without
 * looking at /proc again; 250 unless set. */
void              fifolab_inspector_set_recheck_interval (FifolabInspector *self,
                                                          guint             interval_ms);
guint             fifolab_inspector_get_recheck_interval (FifolabInspector *self);

/* TRUE when @data is made of whole messages of @template_'s shape (each "%d"
 * the same decimal number within one message; trailing NUL, CR and LF ignored). */
gboolean          fifolab_shape_matches              (const char         *template_,
                                                      const guint8       *data,
                                                      gsize               len);
/* FIFOLAB_MESSAGE_TORN when @data does not match @template_ but holds a piece of
 * it (a message of the same writers cut or mixed); NULL @template_: when it
 * claims two different pids. */
guint             fifolab_shape_check_torn           (const char         *template_,
                                                      const guint8       *data,
                                                      gsize               len);
/* Whether process @pid holds @path open for writing now, from /proc/PID/fd
 * (stat of the links, the pipe is not opened). Walks on the calling thread. */
gboolean          fifolab_pid_holds_for_writing      (gint64              pid,
                                                      const char         *path);

G_END_DECLS
