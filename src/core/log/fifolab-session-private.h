/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by fifolab-session.c (connections, sending) and
 * fifolab-session-log.c (what the session logs, in order). */

#include "fifolab-session.h"

G_BEGIN_DECLS

/* A message queued on a writer: what is logged once it is written. */
typedef struct
{
  GBytes         *framed;       /* what the writer was given (identity) */
  GBytes         *message;      /* the message without its framing */
  FifolabFraming  framing;
} Outgoing;

/* FIFO Lab's ends on one path. The handlers get the Connection as user data;
 * they are disconnected before the endpoint is dropped or the Connection freed. */
typedef struct
{
  FifolabSession *session;   /* unowned: the session owns the connection */
  GRefString     *path;      /* shared: handlers may outlive the connection */

  FifolabReader  *reader;
  gulong          reader_event_id;
  gulong          reader_state_id;
  gboolean        reader_logged_close;

  FifolabWriter  *writer;
  gulong          writer_sent_id;
  gulong          writer_event_id;
  gulong          writer_state_id;
  gboolean        writer_logged_close;
  GQueue          outgoing;  /* Outgoing *, in the writer's order */
} Connection;

struct _FifolabSession
{
  GObject     parent_instance;

  FifolabLog *log;
  GHashTable *connections;   /* path -> Connection * */
  gint64      pid;
  int         reader_priority;

  /* Framing per pipe (fifolab-session-framing.c): path -> FifolabFraming + 1,
   * chosen when connecting or later; the default for the others. */
  GHashTable *framings;
  FifolabFraming default_framing;
  guint       fixed_size;
  /* The pipes shown beside each other, to tell namesakes apart. */
  GStrv       listed_paths;
  guint       names_serial;  /* bumped when a display name may change */

  FifolabInspector *inspector;
  GQueue      held;          /* Held *, oldest first */
  GHashTable *waiting;       /* ticket -> Held * (in held) */
  guint64     next_ticket;
  gsize       held_bytes;
  /* Exits of writers noticed while their pipe still held bytes FIFO Lab
   * had not read (fifolab-session-exits.c). */
  GQueue      exits;         /* HeldExit *, oldest first */
  /* What watches saw (fifolab-session-watch.c): path -> WatchedPipe *,
   * made at the first record. */
  GHashTable *watched;
  /* Who traces each pipe's processes (fifolab-session-tracers.c): path ->
   * Claim *, made at the first claim. */
  GHashTable *tracers;
};

void _fifolab_session_reader_message_cb (FifolabReader    *reader,
                                         const guint8     *data,
                                         gsize             len,
                                         guint             flags,
                                         gint64            wall_us,
                                         gint64            mono_us,
                                         gpointer          user_data);
void _fifolab_session_writer_sent_cb    (FifolabWriter    *writer,
                                         GBytes           *bytes,
                                         guint64           written,
                                         guint             flags,
                                         gint64            wall_us,
                                         gint64            mono_us,
                                         Connection       *conn);
/* Logs an event now, or after what is held. */
void _fifolab_session_log_event         (FifolabSession   *self,
                                         FifolabEventKind  kind,
                                         GRefString       *path,
                                         const char       *detail);
/* The same, with the time it happened. */
void _fifolab_session_log_event_at      (FifolabSession   *self,
                                         FifolabEventKind  kind,
                                         GRefString       *path,
                                         const char       *detail,
                                         gint64            wall_us,
                                         gint64            mono_us);
/* fifolab-session-exits.c: logs the exits still waiting, and forgets them. */
void _fifolab_session_release_exits     (FifolabSession   *self);
/* Remembers @framing for @path; emits ::framing-changed when it changed. */
void _fifolab_session_remember_framing  (FifolabSession   *self,
                                         const char       *path,
                                         FifolabFraming    framing);
/* Reopens the reader of @path with @framer (see fifolab_session_set_framing()). */
gboolean _fifolab_session_reframe_reader (FifolabSession  *self,
                                          const char      *path,
                                          FifolabFramer   *framer,
                                          GError         **error);
void _fifolab_session_emit_connection_changed (FifolabSession *self,
                                               const char     *path);
void _fifolab_session_emit_framing_changed    (FifolabSession *self,
                                               const char     *path);
void _fifolab_session_emit_names_changed (FifolabSession *self);
void _fifolab_session_notify_framing_property (FifolabSession *self,
                                               gboolean        fixed_size);
void _fifolab_session_init_framing      (FifolabSession   *self);
void _fifolab_session_finalize_framing  (FifolabSession   *self);
void _fifolab_session_outgoing_free     (gpointer          data);
void _fifolab_session_finalize_watch    (FifolabSession   *self);
void _fifolab_session_drop_held         (FifolabSession   *self);
void _fifolab_session_class_init_tracers (GObjectClass    *object_class);
void _fifolab_session_finalize_tracers  (FifolabSession   *self);

G_END_DECLS
