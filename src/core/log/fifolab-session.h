/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-framer.h"
#include "fifolab-inspector.h"
#include "fifolab-log.h"
#include "fifolab-peer-process.h"
#include "fifolab-reader.h"
#include "fifolab-observed.h"
#include "fifolab-watch-record.h"
#include "fifolab-writer.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_SESSION (fifolab_session_get_type ())

G_DECLARE_FINAL_TYPE (FifolabSession, fifolab_session, FIFOLAB, SESSION, GObject)

/* FIFO Lab's own connections to pipes, and the log they write to.
 * Each path has at most one reader and one writer. Received messages become log
 * entries with the claimed sender pid and this process as receiver, checked first
 * by the inspector if one is set, and stored with their final flags; sent messages
 * become entries when the writer reports them written. Both store the message
 * without its framing, the framing beside it. Reader and writer events become
 * event entries with their explanations, in order with the messages.
 *
 * Properties: log (FifolabLog, read-only), pid (this process).
 * Signals: ::connection-changed (const char *path) — a reader or writer was added,
 *   removed or changed state for @path; ::end-opened (const char *path,
 *   FifolabAccess access) — FIFO Lab opened a new reader or writer on @path,
 *   just before the ::connection-changed that says so.
 */
FifolabSession *fifolab_session_new              (void);
FifolabLog     *fifolab_session_get_log          (FifolabSession  *self);
/* This process's pid (the "pid" property). */
gint64          fifolab_session_get_pid          (FifolabSession  *self);
int             fifolab_session_get_reader_priority (FifolabSession *self);
void            fifolab_session_set_reader_priority (FifolabSession *self,
                                                     int             priority);
/* Starts reading @path with @framer (NULL: raw). Replaces an existing reader. */
FifolabReader  *fifolab_session_open_reader      (FifolabSession  *self,
                                                  const char      *path,
                                                  FifolabFramer   *framer,
                                                  GError         **error);
FifolabWriter  *fifolab_session_open_writer      (FifolabSession  *self,
                                                  const char      *path,
                                                  GError         **error);
FifolabReader  *fifolab_session_get_reader       (FifolabSession  *self,
                                                  const char      *path);
FifolabWriter  *fifolab_session_get_writer       (FifolabSession  *self,
                                                  const char      *path);
/* Whether FIFO Lab holds a working read end and a working write end of @path
 * (neither failed, its writer not left by its reader): what it writes there
 * comes back to its own reader. */
gboolean        fifolab_session_holds_both_ends  (FifolabSession  *self,
                                                  const char      *path);
/* Closes FIFO Lab's ends on @path (those in @access). */
void            fifolab_session_disconnect       (FifolabSession  *self,
                                                  const char      *path,
                                                  FifolabAccess    access);
void            fifolab_session_disconnect_all   (FifolabSession  *self);
/* Paths FIFO Lab holds (transfer container, sorted). */
GPtrArray      *fifolab_session_list_paths       (FifolabSession  *self);
/* Checks every received message with @inspector before logging it (NULL: none). */
void            fifolab_session_set_inspector    (FifolabSession  *self,
                                                  FifolabInspector *inspector);
FifolabInspector *fifolab_session_get_inspector  (FifolabSession  *self);
/* Entries held back until a verdict (see fifolab_session_set_inspector()). */
guint           fifolab_session_get_n_held       (FifolabSession  *self);
/* The one send path: @text (with @expand a PID-stamp template, expanded with
 * this pid) framed with @framer (NULL: raw) and queued on the writer of @path
 * (opened if needed); logged as the message, with its framing, once written. */
gboolean        fifolab_session_send             (FifolabSession  *self,
                                                  const char      *path,
                                                  const char      *text,
                                                  gboolean         expand,
                                                  FifolabFramer   *framer,
                                                  GError         **error);
/* fifolab_session_send() of a template. */
gboolean        fifolab_session_send_template    (FifolabSession  *self,
                                                  const char      *path,
                                                  const char      *template_,
                                                  FifolabFramer   *framer,
                                                  GError         **error);
/* @bytes written as they are (raw). */
gboolean        fifolab_session_send_bytes       (FifolabSession  *self,
                                                  const char      *path,
                                                  GBytes          *bytes,
                                                  GError         **error);

/* Framing per pipe (fifolab-session-framing.c). A pipe's framing is chosen
 * when FIFO Lab connects to it (fifolab_session_open_reader() remembers the
 * framer's) or later; a pipe never given one has the default framing (the
 * "default-framing" property: the preference). Fixed-size framers the session
 * makes have the "fixed-size" property's size. ::framing-changed (const char
 * *path) says a pipe's framing changed. */
FifolabFraming  fifolab_session_get_default_framing (FifolabSession *self);
void            fifolab_session_set_default_framing (FifolabSession *self,
                                                     FifolabFraming  framing);
guint           fifolab_session_get_fixed_size   (FifolabSession  *self);
void            fifolab_session_set_fixed_size   (FifolabSession  *self,
                                                  guint            fixed_size);
/* The framing of @path: its reader's, else the one chosen for it, else the default. */
FifolabFraming  fifolab_session_get_framing      (FifolabSession  *self,
                                                  const char      *path);
/* Whether a framing was chosen for @path (else it follows the default). */
gboolean        fifolab_session_has_framing      (FifolabSession  *self,
                                                  const char      *path);
/* A new framer with the framing of @path (transfer full). */
FifolabFramer  *fifolab_session_create_framer    (FifolabSession  *self,
                                                  const char      *path);
/* Chooses @framing for @path. When FIFO Lab reads @path with another framing,
 * the reader is reopened with it (the new read end opened before the old one
 * closes, so no byte in the pipe is lost and a writer sees no EPIPE); the
 * bytes the old framer held for an unfinished message are logged first as an
 * incomplete message. FALSE with @error when the new read end cannot open
 * (the old reader keeps reading; the choice is kept for the next connection). */
gboolean        fifolab_session_set_framing      (FifolabSession  *self,
                                                  const char      *path,
                                                  FifolabFraming   framing,
                                                  GError         **error);
/* The pipes shown beside each other (the window's list). Their names, and
 * those of the pipes FIFO Lab holds, are told apart by
 * fifolab_session_dup_display_name(); ::names-changed says they may read
 * differently. */
void            fifolab_session_set_listed_paths (FifolabSession     *self,
                                                  const char * const *paths);
/* @path's name as shown among those pipes (see fifolab_pipe_display_name()). */
char           *fifolab_session_dup_display_name (FifolabSession  *self,
                                                  const char      *path);
/* Changes whenever a name from fifolab_session_dup_display_name() may have. */
guint           fifolab_session_get_names_serial (FifolabSession  *self);

/* The story in order: when writer @peer exits while a pipe FIFO Lab reads
 * still holds bytes it has not read, the peer's "exited" event is logged
 * once FIFO Lab has read them (or its read end closed), with the time the
 * exit was noticed and a note of how many bytes waited. Readers are left
 * alone. */
void            fifolab_session_watch_peer       (FifolabSession     *self,
                                                  FifolabPeerProcess *peer);

/* What a watch of @path saw (fifolab-session-watch.c): each record of
 * `fifolab-peer watch --json` as a Watch event, each write and read kept
 * beside it for the pcapng export, and the observed byte stream framed per
 * writer with the pipe's framing: a message is logged (flagged
 * FIFOLAB_MESSAGE_WATCHED) once a read is seen taking it, with the pid seen
 * writing it as sender and the reader's as receiver, its claimed pid checked
 * against the writer's. */
void            fifolab_session_log_watch_record (FifolabSession     *self,
                                                  const char         *path,
                                                  FifolabWatchRecord *record);
/* What the watch of @path saw each process do, for the diagram (transfer
 * none); NULL before its first record. */
FifolabObserved *fifolab_session_get_observed    (FifolabSession     *self,
                                                  const char         *path);

/* Who traces a pipe's processes (fifolab-session-tracers.c): ptrace allows
 * one tracer per thread, so a pipe has one at a time, its Watch or step
 * mode; the other stays off (its control says why) until it is given back.
 * ::tracer-changed (const char *path) when a claim is taken or given back. */
typedef enum
{
  FIFOLAB_TRACER_NONE,
  FIFOLAB_TRACER_WATCH,   /* the pipe's Watch (fifolab-peer watch) */
  FIFOLAB_TRACER_STEP,    /* step mode (fifolab-peer watch --step) */
} FifolabTracerKind;

gboolean          fifolab_session_claim_tracer   (FifolabSession    *self,
                                                  const char        *path,
                                                  FifolabTracerKind  kind,
                                                  gconstpointer      owner);
void              fifolab_session_release_tracer (FifolabSession    *self,
                                                  const char        *path,
                                                  gconstpointer      owner);
FifolabTracerKind fifolab_session_get_tracer     (FifolabSession    *self,
                                                  const char        *path);

/* Pipes on disk, made and removed through the session, which logs it (a
 * "created" or "deleted" event). delete_pipe closes FIFO Lab's ends first. */
gboolean        fifolab_session_create_pipe      (FifolabSession  *self,
                                                  const char      *folder,
                                                  const char      *name,
                                                  guint            mode,
                                                  char           **out_path,
                                                  GError         **error);
gboolean        fifolab_session_delete_pipe      (FifolabSession  *self,
                                                  const char      *path,
                                                  GError         **error);
/* @path vanished: when FIFO Lab holds an end of it, logs a "pipe removed"
 * event and returns its message (transfer full); else NULL. */
char           *fifolab_session_note_pipe_removed (FifolabSession *self,
                                                   const char     *path);

G_END_DECLS
