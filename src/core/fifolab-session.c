/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-inspector.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"

/* The message path: the reader hands each message to reader_message_cb() as
 * the framer's bytes (borrowed); the claimed pid is parsed once, the
 * inspector (if any) checks it, and the log stores it once, with its final
 * flags, followed by the events that explain them. No entry is changed after
 * it is stored.
 *
 * When the inspector must look at the claimed process in /proc (a worker
 * does), the message is held back until the verdict reaches the main loop,
 * and, to keep the log in order, so is everything the session logs after it
 * (the held queue). At most MAX_HELD entries or MAX_HELD_BYTES bytes wait:
 * beyond that the oldest waiting message is taken as PID_UNSEEN at once (its
 * pid was not seen), as the inspector does when too many checks are pending. */
#define MAX_HELD        16384
#define MAX_HELD_BYTES  (16 * 1024 * 1024)

/* An entry the session logs later, in order. */
typedef struct
{
  FifolabDirection  direction;
  FifolabEventKind  kind;
  guint             flags;
  FifolabFraming    framing;
  GRefString       *path;
  gint64            sender_pid;
  gint64            receiver_pid;
  gint64            wall_us;
  gint64            mono_us;
  GBytes           *bytes;
  guint64           ticket;
  gboolean          waiting;    /* for the inspector's verdict */
  gboolean          explain;    /* a received message the inspector checked */
} Held;

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

  FifolabInspector *inspector;
  GQueue      held;          /* Held *, oldest first */
  GHashTable *waiting;       /* ticket -> Held * (in held) */
  guint64     next_ticket;
  gsize       held_bytes;
};

G_DEFINE_FINAL_TYPE (FifolabSession, fifolab_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_PID,
  PROP_READER_PRIORITY,
  N_PROPS
};

enum {
  SIGNAL_CONNECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_connection_changed (FifolabSession *self,
                         const char     *path)
{
  /* A handler may disconnect @path and free the string we were given. */
  g_autofree char *copy = g_strdup (path);

  g_signal_emit (self, signals[SIGNAL_CONNECTION_CHANGED], 0, copy);
}

/* The held queue */

static void
held_free (gpointer data)
{
  Held *held = data;

  g_ref_string_release (held->path);
  g_clear_pointer (&held->bytes, g_bytes_unref);
  g_free (held);
}

static void
outgoing_free (gpointer data)
{
  Outgoing *out = data;

  g_bytes_unref (out->framed);
  g_bytes_unref (out->message);
  g_free (out);
}

static void
log_held (FifolabSession *self,
          Held           *held)
{
  gsize len = 0;
  const guint8 *data = held->bytes != NULL ? g_bytes_get_data (held->bytes, &len) : NULL;

  if (held->direction == FIFOLAB_DIRECTION_EVENT)
    fifolab_log_append (self->log, FIFOLAB_DIRECTION_EVENT, held->kind, FIFOLAB_MESSAGE_NONE,
                        held->path, -1, -1, held->wall_us, held->mono_us, data, len);
  else
    fifolab_log_append_message (self->log, held->direction, held->flags, held->framing,
                                held->path, held->sender_pid, held->receiver_pid,
                                held->wall_us, held->mono_us, data, len);
  if (held->explain && self->inspector != NULL)
    fifolab_inspector_explain (self->inspector, self->log, held->path,
                               held->flags, held->sender_pid, len);
}

/* Logs the held entries from the front up to the first still waiting. */
static void
drain_held (FifolabSession *self)
{
  Held *held;

  while ((held = g_queue_peek_head (&self->held)) != NULL && !held->waiting)
    {
      g_queue_pop_head (&self->held);
      self->held_bytes -= held->bytes != NULL ? g_bytes_get_size (held->bytes) : 0;
      log_held (self, held);
      held_free (held);
    }
}

/* A waiting message is told its verdict: it has its final flags now. */
static void
release (FifolabSession *self,
         Held           *held,
         guint           flags)
{
  held->flags |= flags;
  held->waiting = FALSE;
  g_hash_table_remove (self->waiting, &held->ticket);
}

static void
hold (FifolabSession *self,
      Held           *held)
{
  g_queue_push_tail (&self->held, held);
  self->held_bytes += held->bytes != NULL ? g_bytes_get_size (held->bytes) : 0;
  if (held->waiting)
    g_hash_table_insert (self->waiting, &held->ticket, held);

  /* Too much waits: the oldest waiting message's pid was not seen. */
  while (self->held.length > MAX_HELD || self->held_bytes > MAX_HELD_BYTES)
    {
      Held *head = g_queue_peek_head (&self->held);

      if (!head->waiting)
        break;
      release (self, head, FIFOLAB_MESSAGE_PID_UNSEEN);
      drain_held (self);
    }
}

static void
verdict_cb (guint64  ticket,
            guint    flags,
            gpointer user_data)
{
  FifolabSession *self = user_data;
  Held *held = g_hash_table_lookup (self->waiting, &ticket);

  /* Given up on already (taken as unseen when too much waited). */
  if (held == NULL)
    return;
  release (self, held, flags);
  drain_held (self);
}

/* Logs an event now, or after what is held. */
static void
log_event (FifolabSession   *self,
           FifolabEventKind  kind,
           GRefString       *path,
           const char       *detail)
{
  Held *held;

  if (g_queue_is_empty (&self->held))
    {
      fifolab_log_append_event (self->log, kind, path, detail);
      return;
    }

  held = g_new0 (Held, 1);
  held->direction = FIFOLAB_DIRECTION_EVENT;
  held->kind = kind;
  held->path = g_ref_string_acquire (path);
  held->sender_pid = held->receiver_pid = -1;
  held->wall_us = g_get_real_time ();
  held->mono_us = g_get_monotonic_time ();
  if (detail != NULL)
    held->bytes = g_bytes_new (detail, strlen (detail));
  hold (self, held);
}

/* Logs a message now with @flags, or after what is held (copying it), or,
 * when @waiting, once its verdict comes. */
static void
log_message (FifolabSession   *self,
             FifolabDirection  direction,
             guint             flags,
             FifolabFraming    framing,
             GRefString       *path,
             gint64            sender_pid,
             gint64            receiver_pid,
             gint64            wall_us,
             gint64            mono_us,
             const guint8     *data,
             gsize             len,
             gboolean          explain,
             gboolean          waiting,
             guint64           ticket)
{
  Held *held;

  if (!waiting && g_queue_is_empty (&self->held))
    {
      fifolab_log_append_message (self->log, direction, flags, framing, path,
                                  sender_pid, receiver_pid, wall_us, mono_us, data, len);
      if (explain)
        fifolab_inspector_explain (self->inspector, self->log, path, flags, sender_pid, len);
      return;
    }

  held = g_new0 (Held, 1);
  held->direction = direction;
  held->flags = flags;
  held->framing = framing;
  held->path = g_ref_string_acquire (path);
  held->sender_pid = sender_pid;
  held->receiver_pid = receiver_pid;
  held->wall_us = wall_us;
  held->mono_us = mono_us;
  held->bytes = g_bytes_new (data, len);
  held->explain = explain;
  held->waiting = waiting;
  held->ticket = ticket;
  hold (self, held);
}

/* Reader handlers */

/* Each message, as the framer hands it out (borrowed, not copied). */
static void
reader_message_cb (FifolabReader *reader,
                   const guint8  *data,
                   gsize          len,
                   guint          flags,
                   gint64         wall_us,
                   gint64         mono_us,
                   gpointer       user_data)
{
  Connection *conn = user_data;
  FifolabSession *self = conn->session;
  /* The sender pid is what the message claims, not a proof: parsed once. */
  gint64 claimed_pid = fifolab_stamp_parse_claimed_pid (data, len);
  gboolean waiting = FALSE;
  guint64 ticket = self->next_ticket;

  if (self->inspector != NULL)
    {
      flags |= fifolab_inspector_check_message (self->inspector, conn->path, data, len,
                                                claimed_pid, verdict_cb, self, ticket,
                                                &waiting);
      if (waiting)
        self->next_ticket++;
    }

  log_message (self, FIFOLAB_DIRECTION_RECEIVED, flags,
               fifolab_framer_get_framing (fifolab_reader_get_framer (reader)),
               conn->path, claimed_pid, self->pid, wall_us, mono_us, data, len,
               self->inspector != NULL, waiting, ticket);
}

static void
reader_event_cb (FifolabReader    *reader,
                 FifolabEventKind  kind,
                 const char       *detail,
                 Connection       *conn)
{
  if (kind == FIFOLAB_EVENT_CLOSED)
    conn->reader_logged_close = TRUE;
  log_event (conn->session, kind, conn->path, detail);
}

static void
reader_state_cb (FifolabReader *reader,
                 GParamSpec    *pspec,
                 Connection    *conn)
{
  emit_connection_changed (conn->session, conn->path);
}

/* Writer handlers */

static void
writer_sent_cb (FifolabWriter *writer,
                GBytes        *bytes,
                guint64        written,
                guint          flags,
                gint64         wall_us,
                gint64         mono_us,
                Connection    *conn)
{
  Outgoing *out = NULL;
  const guint8 *data;
  gsize len = 0;
  gsize start = 0;

  /* The message queued as @bytes (those before it were dropped unsent). A
   * message queued on the writer by someone else is logged as it was given. */
  for (GList *l = conn->outgoing.head; l != NULL; l = l->next)
    if (((Outgoing *) l->data)->framed == bytes)
      {
        while ((out = g_queue_pop_head (&conn->outgoing))->framed != bytes)
          outgoing_free (out);
        break;
      }

  if (out != NULL)
    {
      data = g_bytes_get_data (out->message, &len);
      if (out->framing == FIFOLAB_FRAMING_LENGTH_PREFIX)
        start = 4;
    }
  else
    data = g_bytes_get_data (bytes, &len);

  /* Log the message, as it would be read: a partial write (PARTIAL) logs the
   * part of it that went into the pipe. */
  if (written < (guint64) start + len)
    len = written > start ? (gsize) (written - start) : 0;
  log_message (conn->session, FIFOLAB_DIRECTION_SENT, flags,
               out != NULL ? out->framing : FIFOLAB_FRAMING_RAW,
               conn->path, conn->session->pid, -1, wall_us, mono_us,
               data, len, FALSE, FALSE, 0);
  g_clear_pointer (&out, outgoing_free);
}

static void
writer_event_cb (FifolabWriter    *writer,
                 FifolabEventKind  kind,
                 const char       *detail,
                 Connection       *conn)
{
  if (kind == FIFOLAB_EVENT_CLOSED)
    conn->writer_logged_close = TRUE;
  log_event (conn->session, kind, conn->path, detail);
}

static void
writer_state_cb (FifolabWriter *writer,
                 GParamSpec    *pspec,
                 Connection    *conn)
{
  emit_connection_changed (conn->session, conn->path);
}

/* Connections */

static Connection *
connection_lookup (FifolabSession *self,
                   const char     *path,
                   gboolean        create)
{
  Connection *conn = g_hash_table_lookup (self->connections, path);

  if (conn == NULL && create)
    {
      conn = g_new0 (Connection, 1);
      conn->session = self;
      conn->path = g_ref_string_new (path);
      g_hash_table_insert (self->connections, conn->path, conn);
    }

  return conn;
}

/* Detaches and closes the reader. With @log_close, a "closed" event is logged
 * unless the reader reported one itself. */
static void
connection_drop_reader (Connection *conn,
                        gboolean    log_close)
{
  g_autoptr(FifolabReader) reader = g_steal_pointer (&conn->reader);

  if (reader == NULL)
    return;

  g_clear_signal_handler (&conn->reader_state_id, reader);
  conn->reader_logged_close = FALSE;
  fifolab_reader_close (reader);
  fifolab_reader_set_message_func (reader, NULL, NULL);
  g_clear_signal_handler (&conn->reader_event_id, reader);

  if (log_close && !conn->reader_logged_close)
    log_event (conn->session, FIFOLAB_EVENT_CLOSED, conn->path,
               _("FIFO Lab closed its read end"));
}

static void
connection_drop_writer (Connection *conn,
                        gboolean    log_close)
{
  g_autoptr(FifolabWriter) writer = g_steal_pointer (&conn->writer);

  if (writer == NULL)
    return;

  g_clear_signal_handler (&conn->writer_state_id, writer);
  conn->writer_logged_close = FALSE;
  fifolab_writer_close (writer);
  g_clear_signal_handler (&conn->writer_sent_id, writer);
  g_clear_signal_handler (&conn->writer_event_id, writer);

  g_queue_clear_full (&conn->outgoing, outgoing_free);
  if (log_close && !conn->writer_logged_close)
    log_event (conn->session, FIFOLAB_EVENT_CLOSED, conn->path,
               _("FIFO Lab closed its write end"));
}

static void
connection_free (gpointer data)
{
  Connection *conn = data;

  /* Disposal: no more log entries, just let go. */
  connection_drop_reader (conn, FALSE);
  connection_drop_writer (conn, FALSE);
  g_ref_string_release (conn->path);
  g_free (conn);
}

/* Removes @conn from the table if it holds nothing any more. */
static void
connection_prune (FifolabSession *self,
                  Connection     *conn)
{
  if (conn->reader == NULL && conn->writer == NULL)
    g_hash_table_remove (self->connections, conn->path);
}

/* GObject */

static void
fifolab_session_dispose (GObject *object)
{
  FifolabSession *self = (FifolabSession *)object;

  if (self->connections != NULL)
    g_hash_table_remove_all (self->connections);
  /* Disposal: what is held is not logged. */
  fifolab_session_set_inspector (self, NULL);
  g_queue_clear_full (&self->held, held_free);
  self->held_bytes = 0;

  G_OBJECT_CLASS (fifolab_session_parent_class)->dispose (object);
}

static void
fifolab_session_finalize (GObject *object)
{
  FifolabSession *self = (FifolabSession *)object;

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (fifolab_session_parent_class)->finalize (object);
}

static void
fifolab_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FifolabSession *self = FIFOLAB_SESSION (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_PID:
      g_value_set_int64 (value, self->pid);
      break;
    case PROP_READER_PRIORITY:
      g_value_set_int (value, self->reader_priority);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FifolabSession *self = FIFOLAB_SESSION (object);

  switch (prop_id)
    {
    case PROP_READER_PRIORITY:
      fifolab_session_set_reader_priority (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_session_class_init (FifolabSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_session_dispose;
  object_class->finalize = fifolab_session_finalize;
  object_class->get_property = fifolab_session_get_property;
  object_class->set_property = fifolab_session_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         FIFOLAB_TYPE_LOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The main-loop priority of every reader (FifolabReader:priority). */
  properties[PROP_READER_PRIORITY] =
    g_param_spec_int ("reader-priority", NULL, NULL,
                      G_MININT, G_MAXINT, G_PRIORITY_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FifolabSession::connection-changed:
   * @path: the pipe
   *
   * A reader or writer of FIFO Lab's was added, removed or changed state on @path.
   */
  signals[SIGNAL_CONNECTION_CHANGED] =
    g_signal_new ("connection-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING);

}

static void
fifolab_session_init (FifolabSession *self)
{
  self->log = fifolab_log_new ();
  self->pid = getpid ();
  self->reader_priority = G_PRIORITY_DEFAULT;
  self->connections = g_hash_table_new_full (g_str_hash, g_str_equal,
                                             NULL, connection_free);
  self->waiting = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_queue_init (&self->held);
}

/**
 * fifolab_session_new:
 *
 * Returns: (transfer full): a session with an empty log.
 */
FifolabSession *
fifolab_session_new (void)
{
  return g_object_new (FIFOLAB_TYPE_SESSION, NULL);
}

/**
 * fifolab_session_get_log:
 *
 * Returns: (transfer none): the log every connection writes to.
 */
FifolabLog *
fifolab_session_get_log (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  return self->log;
}

/**
 * fifolab_session_get_pid:
 *
 * Returns: this process's pid: the sender of what FIFO Lab sends and the
 *   receiver of what it reads.
 */
gint64
fifolab_session_get_pid (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), 0);
  return self->pid;
}

/**
 * fifolab_session_set_reader_priority:
 * @priority: a #GSource priority; %G_PRIORITY_DEFAULT unless set
 *
 * Sets the main-loop priority at which every reader of the session, present
 * and future, reads its pipe (see fifolab_reader_set_priority()).
 */
void
fifolab_session_set_reader_priority (FifolabSession *self,
                                     int             priority)
{
  GHashTableIter iter;
  Connection *conn;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));

  if (self->reader_priority == priority)
    return;

  self->reader_priority = priority;
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (conn->reader != NULL)
      fifolab_reader_set_priority (conn->reader, priority);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READER_PRIORITY]);
}

/**
 * fifolab_session_get_reader_priority:
 *
 * Returns: the main-loop priority of the session's readers
 */
int
fifolab_session_get_reader_priority (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), G_PRIORITY_DEFAULT);
  return self->reader_priority;
}

/**
 * fifolab_session_open_reader:
 * @framer: (nullable): how to cut the stream into messages; %NULL for raw
 *
 * Opens FIFO Lab's read end on @path. An existing reader on @path is replaced
 * once the new one is open; if the new one cannot open, the old one stays.
 *
 * Returns: (transfer none) (nullable): the reader, owned by the session, or
 *   %NULL with @error set (the failure is logged too).
 */
FifolabReader *
fifolab_session_open_reader (FifolabSession  *self,
                             const char      *path,
                             FifolabFramer   *framer,
                             GError         **error)
{
  g_autoptr(FifolabReader) reader = NULL;
  g_autoptr(FifolabFramer) raw = NULL;
  Connection *conn;
  gulong event_id;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (framer == NULL || FIFOLAB_IS_FRAMER (framer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (framer == NULL)
    {
      raw = fifolab_framer_new (FIFOLAB_FRAMING_RAW);
      framer = raw;
    }

  conn = connection_lookup (self, path, TRUE);
  reader = fifolab_reader_new (path, framer);
  fifolab_reader_set_priority (reader, self->reader_priority);

  /* Connected before starting, so "opened" and any failure are logged. */
  fifolab_reader_set_message_func (reader, reader_message_cb, conn);
  event_id = g_signal_connect (reader, "event", G_CALLBACK (reader_event_cb), conn);

  if (!fifolab_reader_start (reader, error))
    {
      fifolab_reader_set_message_func (reader, NULL, NULL);
      g_signal_handler_disconnect (reader, event_id);
      connection_prune (self, conn);
      return NULL;
    }

  connection_drop_reader (conn, TRUE);

  conn->reader = g_steal_pointer (&reader);
  conn->reader_event_id = event_id;
  conn->reader_state_id = g_signal_connect (conn->reader, "notify::state",
                                            G_CALLBACK (reader_state_cb), conn);

  emit_connection_changed (self, path);

  return fifolab_session_get_reader (self, path);
}

/**
 * fifolab_session_open_writer:
 *
 * Opens FIFO Lab's write end on @path, or returns the one already there. With
 * no reader yet it waits for one (that is not an error).
 *
 * Returns: (transfer none) (nullable): the writer, owned by the session, or
 *   %NULL with @error set when the path is refused.
 */
FifolabWriter *
fifolab_session_open_writer (FifolabSession  *self,
                             const char      *path,
                             GError         **error)
{
  g_autoptr(FifolabWriter) writer = NULL;
  Connection *conn;
  gulong sent_id, event_id;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = connection_lookup (self, path, TRUE);
  if (conn->writer != NULL)
    {
      FifolabWriterState state = fifolab_writer_get_state (conn->writer);

      if (state != FIFOLAB_WRITER_CLOSED && state != FIFOLAB_WRITER_FAILED)
        return conn->writer;
    }

  writer = fifolab_writer_new (path);
  sent_id = g_signal_connect (writer, "sent", G_CALLBACK (writer_sent_cb), conn);
  event_id = g_signal_connect (writer, "event", G_CALLBACK (writer_event_cb), conn);

  if (!fifolab_writer_start (writer, error))
    {
      g_signal_handler_disconnect (writer, sent_id);
      g_signal_handler_disconnect (writer, event_id);
      connection_prune (self, conn);
      return NULL;
    }

  connection_drop_writer (conn, TRUE);

  conn->writer = g_steal_pointer (&writer);
  conn->writer_sent_id = sent_id;
  conn->writer_event_id = event_id;
  conn->writer_state_id = g_signal_connect (conn->writer, "notify::state",
                                            G_CALLBACK (writer_state_cb), conn);

  emit_connection_changed (self, path);

  return fifolab_session_get_writer (self, path);
}

/**
 * fifolab_session_get_reader:
 *
 * Returns: (transfer none) (nullable): FIFO Lab's reader on @path
 */
FifolabReader *
fifolab_session_get_reader (FifolabSession *self,
                            const char     *path)
{
  Connection *conn;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  conn = connection_lookup (self, path, FALSE);
  return conn != NULL ? conn->reader : NULL;
}

/**
 * fifolab_session_get_writer:
 *
 * Returns: (transfer none) (nullable): FIFO Lab's writer on @path
 */
FifolabWriter *
fifolab_session_get_writer (FifolabSession *self,
                            const char     *path)
{
  Connection *conn;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  conn = connection_lookup (self, path, FALSE);
  return conn != NULL ? conn->writer : NULL;
}

/**
 * fifolab_session_disconnect:
 * @access: which ends to close
 *
 * Closes and drops FIFO Lab's ends on @path (a "closed" event is logged for each).
 * Messages still queued on a dropped writer are not sent.
 */
void
fifolab_session_disconnect (FifolabSession *self,
                            const char     *path,
                            FifolabAccess   access)
{
  Connection *conn;
  gboolean changed = FALSE;
  g_autofree char *path_copy = NULL;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  conn = connection_lookup (self, path, FALSE);
  if (conn == NULL)
    return;

  path_copy = g_strdup (path);

  if ((access & FIFOLAB_ACCESS_READ) && conn->reader != NULL)
    {
      connection_drop_reader (conn, TRUE);
      changed = TRUE;
    }
  if ((access & FIFOLAB_ACCESS_WRITE) && conn->writer != NULL)
    {
      connection_drop_writer (conn, TRUE);
      changed = TRUE;
    }

  connection_prune (self, conn);

  if (changed)
    emit_connection_changed (self, path_copy);
}

/**
 * fifolab_session_disconnect_all:
 *
 * Closes every end FIFO Lab holds.
 */
void
fifolab_session_disconnect_all (FifolabSession *self)
{
  g_autoptr(GPtrArray) paths = NULL;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));

  paths = fifolab_session_list_paths (self);
  g_ptr_array_set_free_func (paths, g_free);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_index (paths, i) = g_strdup (g_ptr_array_index (paths, i));

  for (guint i = 0; i < paths->len; i++)
    fifolab_session_disconnect (self, g_ptr_array_index (paths, i),
                                FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * fifolab_session_list_paths:
 *
 * Returns: (transfer container) (element-type utf8): the paths FIFO Lab holds an
 *   end of, sorted; the strings belong to the session.
 */
GPtrArray *
fifolab_session_list_paths (FifolabSession *self)
{
  GPtrArray *paths;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);

  paths = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (paths, key);
  g_ptr_array_sort (paths, compare_paths);

  return paths;
}

/* Queues @framed on the writer of @path (opened if needed); once written, the
 * log gets @message with @framing. */
static gboolean
queue_message (FifolabSession  *self,
               const char      *path,
               GBytes          *framed,
               GBytes          *message,
               FifolabFraming   framing,
               GError         **error)
{
  FifolabWriter *writer;
  Connection *conn;
  Outgoing *out;

  writer = fifolab_session_open_writer (self, path, error);
  if (writer == NULL)
    return FALSE;

  /* Refused (FIFOLAB_WRITER_ERROR) when too much waits for a reader already. */
  if (fifolab_writer_send (writer, framed, error) == 0)
    return FALSE;

  conn = connection_lookup (self, path, FALSE);
  out = g_new (Outgoing, 1);
  out->framed = g_bytes_ref (framed);
  out->message = g_bytes_ref (message);
  out->framing = framing;
  g_queue_push_tail (&conn->outgoing, out);
  return TRUE;
}

/**
 * fifolab_session_send:
 * @path: the pipe
 * @text: the message, or with @expand a PID-stamp template ("Hello from pid [%d]")
 * @expand: whether @text is a template to expand with this process's pid
 * @framer: (nullable): the framing to encode with; %NULL for raw
 *
 * The one way FIFO Lab sends a message: expands @text when asked (never
 * through printf), frames it and queues it on FIFO Lab's writer of @path,
 * opening one if needed. Once written, the log gets a "sent" entry with the
 * message itself (not the framed bytes) and the framing beside it, as a
 * received message is logged.
 *
 * Returns: %TRUE when queued; %FALSE with @error for a bad template, a message
 *   the framing refuses, a path that cannot be written, or a full queue.
 */
gboolean
fifolab_session_send (FifolabSession  *self,
                      const char      *path,
                      const char      *text,
                      gboolean         expand,
                      FifolabFramer   *framer,
                      GError         **error)
{
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GBytes) framed = NULL;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (framer == NULL || FIFOLAB_IS_FRAMER (framer), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (expand)
    message = fifolab_stamp_expand (text, self->pid, error);
  else
    message = g_bytes_new (text, strlen (text));
  if (message == NULL)
    return FALSE;

  if (framer != NULL)
    {
      framed = fifolab_framer_encode (framer, message, error);
      if (framed == NULL)
        return FALSE;
    }
  else
    framed = g_bytes_ref (message);

  return queue_message (self, path, framed, message,
                        framer != NULL ? fifolab_framer_get_framing (framer) : FIFOLAB_FRAMING_RAW,
                        error);
}

/**
 * fifolab_session_send_template:
 *
 * fifolab_session_send() with a template to expand.
 */
gboolean
fifolab_session_send_template (FifolabSession  *self,
                               const char      *path,
                               const char      *template_,
                               FifolabFramer   *framer,
                               GError         **error)
{
  g_return_val_if_fail (template_ != NULL, FALSE);

  return fifolab_session_send (self, path, template_, TRUE, framer, error);
}

/**
 * fifolab_session_send_bytes:
 * @bytes: exactly what to write, with no framing of FIFO Lab's (raw)
 *
 * Queues @bytes on FIFO Lab's writer of @path, opening one if needed. The log
 * gets a "sent" entry with them (framing raw) when they are written.
 *
 * Returns: %TRUE when queued, %FALSE with @error if no writer can be opened
 *   or its queue is full (a #FifolabWriterError).
 */
gboolean
fifolab_session_send_bytes (FifolabSession  *self,
                            const char      *path,
                            GBytes          *bytes,
                            GError         **error)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return queue_message (self, path, bytes, bytes, FIFOLAB_FRAMING_RAW, error);
}

/**
 * fifolab_session_set_inspector:
 * @inspector: (nullable): what checks received messages; %NULL for none
 *
 * From now on every message the session receives is checked by @inspector
 * before it is logged, and logged with its final flags, followed by the
 * events explaining them. Messages waiting for a verdict of a former
 * inspector are logged with the flags found so far.
 */
void
fifolab_session_set_inspector (FifolabSession   *self,
                               FifolabInspector *inspector)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (inspector == NULL || FIFOLAB_IS_INSPECTOR (inspector));

  if (self->inspector == inspector)
    return;

  if (self->inspector != NULL)
    {
      fifolab_inspector_forget (self->inspector, self);
      g_hash_table_iter_init (&iter, self->waiting);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          ((Held *) value)->waiting = FALSE;
          g_hash_table_iter_remove (&iter);
        }
    }
  g_set_object (&self->inspector, inspector);
  drain_held (self);
}

/**
 * fifolab_session_get_inspector:
 *
 * Returns: (transfer none) (nullable): the inspector of received messages
 */
FifolabInspector *
fifolab_session_get_inspector (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), NULL);
  return self->inspector;
}

/**
 * fifolab_session_get_n_held:
 *
 * Returns: how many entries wait to be logged: messages whose claimed pid the
 *   inspector is looking at, and what came after them
 */
guint
fifolab_session_get_n_held (FifolabSession *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), 0);
  return self->held.length;
}
