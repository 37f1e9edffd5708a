/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-session.h"
#include "fifolab-session-private.h"
#include "fifolab-stamp.h"

G_DEFINE_FINAL_TYPE (FifolabSession, fifolab_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_PID,
  PROP_READER_PRIORITY,
  PROP_DEFAULT_FRAMING,
  PROP_FIXED_SIZE,
  N_PROPS
};

enum {
  SIGNAL_CONNECTION_CHANGED,
  SIGNAL_END_OPENED,
  SIGNAL_FRAMING_CHANGED,
  SIGNAL_NAMES_CHANGED,
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

/* A new end of FIFO Lab's on @path: said before the change itself. */
static void
emit_end_opened (FifolabSession *self,
                 const char     *path,
                 FifolabAccess   access)
{
  g_autofree char *copy = g_strdup (path);

  g_signal_emit (self, signals[SIGNAL_END_OPENED], 0, copy, access);
  emit_connection_changed (self, copy);
}

void
_fifolab_session_emit_connection_changed (FifolabSession *self,
                                          const char     *path)
{
  emit_connection_changed (self, path);
}

void
_fifolab_session_emit_framing_changed (FifolabSession *self,
                                       const char     *path)
{
  g_autofree char *copy = g_strdup (path);

  g_signal_emit (self, signals[SIGNAL_FRAMING_CHANGED], 0, copy);
}

/* Reader handlers */

static void
reader_event_cb (FifolabReader    *reader,
                 FifolabEventKind  kind,
                 const char       *detail,
                 Connection       *conn)
{
  if (kind == FIFOLAB_EVENT_CLOSED)
    conn->reader_logged_close = TRUE;
  /* Every writer closed the pipe: those seen so far write no more to it. */
  if (kind == FIFOLAB_EVENT_END_OF_STREAM && conn->session->inspector != NULL)
    fifolab_inspector_note_end_of_stream (conn->session->inspector, conn->path);
  _fifolab_session_log_event (conn->session, kind, conn->path, detail);
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
writer_event_cb (FifolabWriter    *writer,
                 FifolabEventKind  kind,
                 const char       *detail,
                 Connection       *conn)
{
  if (kind == FIFOLAB_EVENT_CLOSED)
    conn->writer_logged_close = TRUE;
  _fifolab_session_log_event (conn->session, kind, conn->path, detail);
}

/* FIFO Lab holds the pipe open for writing: a message claiming its pid may
 * be its own. */
static void
note_own_writer (Connection *conn)
{
  FifolabSession *self = conn->session;

  if (conn->writer != NULL && self->inspector != NULL &&
      fifolab_writer_get_state (conn->writer) == FIFOLAB_WRITER_CONNECTED)
    fifolab_inspector_note_writer (self->inspector, conn->path, self->pid);
}

static void
writer_state_cb (FifolabWriter *writer,
                 GParamSpec    *pspec,
                 Connection    *conn)
{
  note_own_writer (conn);
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
      self->names_serial++;
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
    _fifolab_session_log_event (conn->session, FIFOLAB_EVENT_CLOSED, conn->path,
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

  g_queue_clear_full (&conn->outgoing, _fifolab_session_outgoing_free);
  if (log_close && !conn->writer_logged_close)
    _fifolab_session_log_event (conn->session, FIFOLAB_EVENT_CLOSED, conn->path,
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
    {
      g_hash_table_remove (self->connections, conn->path);
      self->names_serial++;
    }
}

/* GObject */

static void
fifolab_session_dispose (GObject *object)
{
  FifolabSession *self = (FifolabSession *)object;

  if (self->connections != NULL)
    g_hash_table_remove_all (self->connections);
  _fifolab_session_release_exits (self);
  /* Disposal: what is held is not logged. */
  _fifolab_session_drop_held (self);

  G_OBJECT_CLASS (fifolab_session_parent_class)->dispose (object);
}

static void
fifolab_session_finalize (GObject *object)
{
  FifolabSession *self = (FifolabSession *)object;

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  _fifolab_session_finalize_framing (self);
  _fifolab_session_finalize_watch (self);
  _fifolab_session_finalize_tracers (self);
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
    case PROP_DEFAULT_FRAMING:
      g_value_set_enum (value, self->default_framing);
      break;
    case PROP_FIXED_SIZE:
      g_value_set_uint (value, self->fixed_size);
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
    case PROP_DEFAULT_FRAMING:
      fifolab_session_set_default_framing (self, g_value_get_enum (value));
      break;
    case PROP_FIXED_SIZE:
      fifolab_session_set_fixed_size (self, g_value_get_uint (value));
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
  _fifolab_session_class_init_tracers (object_class);

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
  /* The framing of a pipe FIFO Lab has not been told one for (the preference). */
  properties[PROP_DEFAULT_FRAMING] =
    g_param_spec_enum ("default-framing", NULL, NULL,
                       FIFOLAB_TYPE_FRAMING, FIFOLAB_FRAMING_RAW,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The size of one message of every fixed-size framer the session makes. */
  properties[PROP_FIXED_SIZE] =
    g_param_spec_uint ("fixed-size", NULL, NULL,
                       1, FIFOLAB_MAX_FIXED_SIZE, 22,
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

  /**
   * FifolabSession::end-opened:
   * @path: the pipe
   * @access: %FIFOLAB_ACCESS_READ or %FIFOLAB_ACCESS_WRITE
   *
   * FIFO Lab opened a new reader or writer on @path (not a reader reopened
   * with a new framing), just before ::connection-changed says so.
   */
  signals[SIGNAL_END_OPENED] =
    g_signal_new ("end-opened",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING, FIFOLAB_TYPE_ACCESS);

  /**
   * FifolabSession::framing-changed:
   * @path: the pipe
   *
   * The framing chosen for @path changed (see fifolab_session_set_framing()).
   */
  signals[SIGNAL_FRAMING_CHANGED] =
    g_signal_new ("framing-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING);

  /**
   * FifolabSession::names-changed:
   *
   * The pipes shown together changed: a name from
   * fifolab_session_dup_display_name() may read differently now.
   */
  signals[SIGNAL_NAMES_CHANGED] =
    g_signal_new ("names-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

void
_fifolab_session_emit_names_changed (FifolabSession *self)
{
  g_signal_emit (self, signals[SIGNAL_NAMES_CHANGED], 0);
}

void
_fifolab_session_notify_framing_property (FifolabSession *self,
                                          gboolean        fixed_size)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[fixed_size ? PROP_FIXED_SIZE : PROP_DEFAULT_FRAMING]);
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
  _fifolab_session_init_framing (self);
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
  fifolab_reader_set_message_func (reader, _fifolab_session_reader_message_cb, conn);
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

  /* Chosen when connecting: the pipe's framing from now on. */
  _fifolab_session_remember_framing (self, path, fifolab_framer_get_framing (framer));
  emit_end_opened (self, path, FIFOLAB_ACCESS_READ);

  return fifolab_session_get_reader (self, path);
}

/* What the old framer holds when the reader is reopened: handed to the log
 * as the old reader's message, flagged incomplete. */
static void
reframe_flush_cb (const guint8        *data,
                  gsize                len,
                  FifolabMessageFlags  flags,
                  gpointer             user_data)
{
  Connection *conn = user_data;

  _fifolab_session_reader_message_cb (conn->reader, data, len, (guint) flags,
                                      g_get_real_time (), g_get_monotonic_time (), conn);
}

/* Opens a new read end on @path with @framer before closing the old one, so
 * the pipe never lacks a reader (a writer sees no EPIPE) and every byte still
 * in the pipe goes to the new framer. The bytes the old framer held for an
 * unfinished message are logged first, as an incomplete message with the old
 * framing: they were cut under it, and the new framing starts at the next
 * byte read. Nothing to do without an open reader. */
gboolean
_fifolab_session_reframe_reader (FifolabSession  *self,
                                 const char      *path,
                                 FifolabFramer   *framer,
                                 GError         **error)
{
  g_autoptr(FifolabReader) reader = NULL;
  g_autofree char *description = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GError) local_error = NULL;
  FifolabReaderState state;
  Connection *conn;

  conn = connection_lookup (self, path, FALSE);
  if (conn == NULL || conn->reader == NULL)
    return TRUE;
  state = fifolab_reader_get_state (conn->reader);
  if (state == FIFOLAB_READER_CLOSED || state == FIFOLAB_READER_FAILED)
    return TRUE;

  reader = fifolab_reader_new (path, framer);
  fifolab_reader_set_priority (reader, self->reader_priority);
  fifolab_reader_set_message_func (reader, _fifolab_session_reader_message_cb, conn);
  /* Its "opened" and "waiting for a writer" are not logged: it replaces a
   * reader whose writers stay connected. One event below says what happened. */
  if (!fifolab_reader_start (reader, &local_error))
    {
      fifolab_reader_set_message_func (reader, NULL, NULL);
      _fifolab_session_log_event (self, FIFOLAB_EVENT_ERROR, conn->path, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  fifolab_framer_finish (fifolab_reader_get_framer (conn->reader), reframe_flush_cb, conn);
  connection_drop_reader (conn, FALSE);

  conn->reader = g_steal_pointer (&reader);
  conn->reader_event_id = g_signal_connect (conn->reader, "event", G_CALLBACK (reader_event_cb), conn);
  conn->reader_state_id = g_signal_connect (conn->reader, "notify::state",
                                            G_CALLBACK (reader_state_cb), conn);

  description = fifolab_framer_describe (framer);
  /* Translators: %s describes a framing, "Lines ending in LF" */
  detail = g_strdup_printf (_("FIFO Lab reopened its read end with a new framing: %s"), description);
  _fifolab_session_log_event (self, FIFOLAB_EVENT_READER_OPENED, conn->path, detail);
  emit_connection_changed (self, path);

  return TRUE;
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
  sent_id = g_signal_connect (writer, "sent", G_CALLBACK (_fifolab_session_writer_sent_cb), conn);
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
  /* Connected already, before the handler was there. */
  note_own_writer (conn);

  emit_end_opened (self, path, FIFOLAB_ACCESS_WRITE);

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

gboolean
fifolab_session_holds_both_ends (FifolabSession *self,
                                 const char     *path)
{
  FifolabReader *reader;
  FifolabWriter *writer;

  g_return_val_if_fail (FIFOLAB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  reader = fifolab_session_get_reader (self, path);
  writer = fifolab_session_get_writer (self, path);
  if (reader == NULL || writer == NULL)
    return FALSE;

  switch (fifolab_reader_get_state (reader))
    {
    case FIFOLAB_READER_WAITING_FOR_WRITER:
    case FIFOLAB_READER_RECEIVING:
    case FIFOLAB_READER_END_OF_STREAM:
      break;
    case FIFOLAB_READER_IDLE:
    case FIFOLAB_READER_FAILED:
    case FIFOLAB_READER_CLOSED:
    default:
      return FALSE;
    }

  return fifolab_writer_get_state (writer) == FIFOLAB_WRITER_WAITING_FOR_READER ||
         fifolab_writer_get_state (writer) == FIFOLAB_WRITER_CONNECTED;
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
