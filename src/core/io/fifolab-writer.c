/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>

#include <glib-unix.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-marshal.h"
#include "fifolab-pipe-end.h"
#include "fifolab-write-queue.h"
#include "fifolab-writer.h"

/* How the writer works
 *
 * Opening the write end with O_NONBLOCK fails with ENXIO while nobody reads:
 * the writer then retries on a timer (retry-interval) — nothing spins.
 *
 * Once open, messages are written from the stream's pollable source: each
 * wake-up does one non-blocking write(), of the whole unwritten rest of the
 * message at the head of the queue. A message of at most PIPE_BUF bytes is
 * so always written by one write() and cannot interleave with other writers.
 * Because there is no GIO async operation in flight, close() and dispose can
 * close the descriptor at once and no callback ever runs afterwards.
 *
 * When the last reader leaves, the kernel raises POLLERR on the write end
 * (and write() fails with EPIPE; SIGPIPE is ignored). The writer watches for
 * POLLERR even while idle, so it notices at once, not at the next write.
 *
 * The queue, bounded in bytes (max-queued-bytes), is a FifolabWriteQueue
 * (fifolab-write-queue.c); the open end, its stream and source a
 * FifolabPipeEnd, as in the reader. This file holds the states: waiting for
 * a reader (the retry timer), connected, the reader gone, the pipe full.
 */

#define PIPE_FULL_DELAY_MS 200
#define DEFAULT_RETRY_INTERVAL_MS 100

struct _FifolabWriter
{
  GObject             parent_instance;

  FifolabPipeEnd      end;            /* path, stream, source, last error */
  FifolabWriterState  state;
  guint               retry_interval;

  FifolabWriteQueue   queue;          /* not yet completely written */

  guint64             bytes_sent;
  guint64             messages_sent;

  /* end.source, when there: waits for room in the pipe. */
  guint               err_watch_id;   /* POLLERR: the reader left */
  guint               retry_id;
  guint               full_id;
  gint64              progress_us;    /* last write that moved bytes */
  guint               full_reported : 1;
};

G_DEFINE_FINAL_TYPE (FifolabWriter, fifolab_writer, G_TYPE_OBJECT)
G_DEFINE_QUARK (fifolab-writer-error-quark, fifolab_writer_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STATE,
  PROP_QUEUED_MESSAGES,
  PROP_BYTES_SENT,
  PROP_MESSAGES_SENT,
  PROP_RETRY_INTERVAL,
  PROP_CAPACITY,
  PROP_QUEUED,
  PROP_ERROR,
  PROP_QUEUED_BYTES,
  PROP_MAX_QUEUED_BYTES,
  N_PROPS
};

enum {
  SIGNAL_SENT,
  SIGNAL_EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void     fifolab_writer_schedule_write (FifolabWriter *self);
static gboolean fifolab_writer_try_open       (FifolabWriter  *self,
                                               GError        **error);

static void
set_state (FifolabWriter      *self,
           FifolabWriterState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (FifolabWriter *self,
           const GError  *error)
{
  if (_fifolab_pipe_end_set_error (&self->end, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
emit_event (FifolabWriter    *self,
            FifolabEventKind  kind,
            const char       *detail)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, kind, detail);
}

static void
notify_queued_messages (FifolabWriter *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_MESSAGES]);
}

static FifolabMessageFlags
flags_for (GBytes *bytes,
           gsize   written)
{
  FifolabMessageFlags flags = FIFOLAB_MESSAGE_NONE;
  gsize size = g_bytes_get_size (bytes);

  if (size > FIFOLAB_PIPE_BUF)
    flags |= FIFOLAB_MESSAGE_NOT_ATOMIC;
  if (written < size)
    flags |= FIFOLAB_MESSAGE_PARTIAL;
  return flags;
}

/* One message left the queue (messages-sent counts it already). */
static void
message_done (FifolabWriter *self,
              GBytes        *bytes,
              gsize          written)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
  notify_queued_messages (self);
  g_signal_emit (self, signals[SIGNAL_SENT], 0,
                 bytes, (guint64) written, (guint) flags_for (bytes, written),
                 g_get_real_time (), g_get_monotonic_time ());
}

static void
stop_pipe_full_timer (FifolabWriter *self)
{
  g_clear_handle_id (&self->full_id, g_source_remove);
  self->full_reported = FALSE;
}

/* Drops the write end: sources, timers and the descriptor. */
static void
drop_stream (FifolabWriter *self,
             gboolean       notify)
{
  g_clear_handle_id (&self->err_watch_id, g_source_remove);
  stop_pipe_full_timer (self);

  if (_fifolab_pipe_end_drop (&self->end) && notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

/* The message in flight when the write end goes away. If some of it went
 * into the pipe it is reported as PARTIAL and not sent again (that would
 * repeat the part already written); if none did, it goes back to the head
 * of the queue. */
static void
settle_current (FifolabWriter *self,
                gboolean       emit)
{
  gsize written = 0;
  g_autoptr(GBytes) bytes = _fifolab_write_queue_settle (&self->queue, &written);

  if (bytes == NULL)
    return;

  self->messages_sent++;
  if (emit)
    message_done (self, bytes, written);
}

static void
fail (FifolabWriter    *self,
      FifolabEventKind  kind,
      const GError     *error)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_stream (self, TRUE);
  settle_current (self, TRUE);
  set_error (self, error);
  emit_event (self, kind, error->message);
  set_state (self, FIFOLAB_WRITER_FAILED);
}

static gboolean
retry_cb (gpointer user_data)
{
  FifolabWriter *self = user_data;
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  g_autoptr(GError) error = NULL;

  if (fifolab_writer_try_open (self, &error))
    {
      /* Connected, or still waiting: try_open keeps or removes this timer. */
      return self->retry_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    }

  /* fail() removes this source by its id; tell GLib too. */
  self->retry_id = 0;
  if (g_error_matches (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND) ||
      g_error_matches (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER))
    fail (self, FIFOLAB_EVENT_PIPE_REMOVED, error);
  else
    fail (self, FIFOLAB_EVENT_ERROR, error);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FifolabWriter *self)
{
  if (self->retry_id != 0)
    return;

  self->retry_id = g_timeout_add (self->retry_interval, retry_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->retry_id),
                            "[fifolab] writer retry");
}

/* The reader went away: EPIPE on a write, or POLLERR on the write end. Only
 * a loss is an error (NO_READER): part of a message cut off by EPIPE, or
 * bytes left unread in the pipe (they go when FIFO Lab closes its end). A
 * reader that leaves after reading everything ends the exchange normally
 * (READER_LEFT); a message not begun waits for the next reader. */
static void
reader_gone (FifolabWriter *self)
{
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  g_autofree char *name = fifolab_escape_name (self->end.path, 0);
  g_autofree char *detail = NULL;
  gsize cut = 0;
  gssize unread;

  if (self->queue.current != NULL && self->queue.current_written > 0)
    cut = g_bytes_get_size (self->queue.current) - self->queue.current_written;
  unread = fifolab_fifo_get_queued (self->end.fd);

  drop_stream (self, TRUE);
  set_state (self, FIFOLAB_WRITER_READER_GONE);
  settle_current (self, TRUE);
  if (self->state != FIFOLAB_WRITER_READER_GONE)
    return;

  if (cut > 0)
    /* Translators: %s is a pipe's name, %zu a number of bytes. */
    detail = g_strdup_printf (_("The last process reading “%s” closed it while FIFO Lab was writing a message: write() failed with EPIPE and the last %zu bytes of it were not delivered"),
                              name, cut);
  else if (unread > 0)
    /* Translators: %s is a pipe's name, %zd a number of bytes. */
    detail = g_strdup_printf (_("The last process reading “%s” closed it with %zd bytes FIFO Lab wrote still unread: they are lost"),
                              name, unread);
  if (detail != NULL)
    emit_event (self, FIFOLAB_EVENT_NO_READER, detail);
  else
    {
      detail = g_strdup_printf (_("The last process reading “%s” closed it after reading everything FIFO Lab wrote; nothing was lost"),
                                name);
      emit_event (self, FIFOLAB_EVENT_READER_LEFT, detail);
    }
  if (self->state != FIFOLAB_WRITER_READER_GONE)
    return;

  /* Wait for the next reader. */
  schedule_retry (self);
}

static gboolean
err_watch_cb (int           fd,
              GIOCondition  condition,
              gpointer      user_data)
{
  FifolabWriter *self = user_data;

  /* reader_gone() removes this source by its id. */
  self->err_watch_id = 0;
  reader_gone (self);
  return G_SOURCE_REMOVE;
}

static gboolean
pipe_full_cb (gpointer user_data)
{
  FifolabWriter *self = user_data;
  g_autofree char *detail = NULL;
  gssize queued, capacity;
  gint64 idle_ms = (g_get_monotonic_time () - self->progress_us) / 1000;

  if (idle_ms < PIPE_FULL_DELAY_MS)
    {
      /* Bytes moved meanwhile: look again once none have for the delay. */
      self->full_id = g_timeout_add (PIPE_FULL_DELAY_MS - idle_ms, pipe_full_cb, self);
      return G_SOURCE_REMOVE;
    }

  queued = fifolab_fifo_get_queued (self->end.fd);
  capacity = fifolab_fifo_get_capacity (self->end.fd);
  self->full_id = 0;
  self->full_reported = TRUE;

  if (queued >= 0 && capacity > 0)
    detail = g_strdup_printf (_("%zd of %zd bytes are waiting in the pipe for the reader"),
                              queued, capacity);
  emit_event (self, FIFOLAB_EVENT_PIPE_FULL, detail);
  return G_SOURCE_REMOVE;
}

/* Reports PIPE_FULL if no bytes move for PIPE_FULL_DELAY_MS while some wait.
 * Not only after EAGAIN: a pipe that fills up exactly (small writes fill its
 * slots) stops polling writable, so the next write() is never even tried. */
static void
arm_pipe_full_timer (FifolabWriter *self)
{
  if (self->full_id == 0 && !self->full_reported)
    self->full_id = g_timeout_add (PIPE_FULL_DELAY_MS, pipe_full_cb, self);
}

/* One write() of the rest of the head message, when the pipe has room. */
static gboolean
writable_cb (GObject  *pollable,
             gpointer  user_data)
{
  FifolabWriter *self = user_data;
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) done = NULL;
  const guint8 *data;
  gsize rest, written = 0;
  gssize n;

  g_assert (G_IS_POLLABLE_OUTPUT_STREAM (pollable));

  if (!_fifolab_write_queue_peek_rest (&self->queue, &data, &rest))
    {
      /* Nothing left: stop watching for room. */
      stop_pipe_full_timer (self);
      g_clear_pointer (&self->end.source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  n = 0;
  if (rest > 0)
    n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (pollable),
                                                    data, rest, NULL, &error);
  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          arm_pipe_full_timer (self);
          return G_SOURCE_CONTINUE;
        }

      /* The sources are destroyed below; GLib holds this one till we return. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        reader_gone (self);
      else
        fail (self, FIFOLAB_EVENT_ERROR, error);
      return G_SOURCE_REMOVE;
    }

  if (n > 0)
    {
      /* The timer, if any, sees the progress when it fires. */
      self->progress_us = g_get_monotonic_time ();
      self->full_reported = FALSE;
      self->bytes_sent += n;
    }

  done = _fifolab_write_queue_advance (&self->queue, n, &written);
  if (n > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);

  if (done == NULL)
    {
      /* The pipe took part of a long message; the rest when there is room. */
      arm_pipe_full_timer (self);
      return G_SOURCE_CONTINUE;
    }

  self->messages_sent++;
  message_done (self, done, written);

  /* A ::sent handler may have closed us. */
  if (self->end.source == NULL || !_fifolab_pipe_end_is_current (&self->end, pollable))
    return G_SOURCE_REMOVE;

  if (!_fifolab_write_queue_has_waiting (&self->queue))
    {
      stop_pipe_full_timer (self);
      g_clear_pointer (&self->end.source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  arm_pipe_full_timer (self);
  return G_SOURCE_CONTINUE;
}

static void
fifolab_writer_schedule_write (FifolabWriter *self)
{
  if (!_fifolab_pipe_end_is_open (&self->end) || self->end.source != NULL)
    return;
  if (_fifolab_write_queue_get_length (&self->queue) == 0)
    return;

  _fifolab_pipe_end_watch (&self->end, G_CALLBACK (writable_cb), self,
                           "[fifolab] writer", G_PRIORITY_DEFAULT);
  /* The pipe may be full already (then the source never fires). */
  self->progress_us = g_get_monotonic_time ();
  arm_pipe_full_timer (self);
}

/* Tries to open the write end once. TRUE when connected or when there is
 * no reader yet (then the retry timer runs); FALSE with @error otherwise. */
static gboolean
fifolab_writer_try_open (FifolabWriter  *self,
                         GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  int fd;

  fd = _fifolab_pipe_end_open_fd (&self->end, O_WRONLY, &local_error);
  if (fd < 0)
    {
      if (g_error_matches (local_error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NO_READER))
        {
          schedule_retry (self);
          if (self->state != FIFOLAB_WRITER_WAITING_FOR_READER)
            {
              set_state (self, FIFOLAB_WRITER_WAITING_FOR_READER);
              emit_event (self, FIFOLAB_EVENT_WAITING_FOR_READER, NULL);
            }
          return TRUE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_handle_id (&self->retry_id, g_source_remove);

  _fifolab_pipe_end_adopt (&self->end, fd, O_WRONLY);
  self->err_watch_id = g_unix_fd_add (fd, G_IO_ERR, err_watch_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->err_watch_id),
                            "[fifolab] writer reader-gone watch");

  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
  set_state (self, FIFOLAB_WRITER_CONNECTED);
  emit_event (self, FIFOLAB_EVENT_READER_CONNECTED, NULL);

  if (self->state == FIFOLAB_WRITER_CONNECTED)
    fifolab_writer_schedule_write (self);
  return TRUE;
}

static void
fifolab_writer_dispose (GObject *object)
{
  FifolabWriter *self = FIFOLAB_WRITER (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_stream (self, FALSE);
  settle_current (self, FALSE);
  _fifolab_write_queue_clear (&self->queue);

  G_OBJECT_CLASS (fifolab_writer_parent_class)->dispose (object);
}

static void
fifolab_writer_finalize (GObject *object)
{
  FifolabWriter *self = FIFOLAB_WRITER (object);

  _fifolab_pipe_end_clear (&self->end);

  G_OBJECT_CLASS (fifolab_writer_parent_class)->finalize (object);
}

static void
fifolab_writer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabWriter *self = FIFOLAB_WRITER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->end.path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_QUEUED_MESSAGES:
      g_value_set_uint (value, fifolab_writer_get_queued_messages (self));
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_MESSAGES_SENT:
      g_value_set_uint64 (value, self->messages_sent);
      break;
    case PROP_RETRY_INTERVAL:
      g_value_set_uint (value, self->retry_interval);
      break;
    case PROP_CAPACITY:
      g_value_set_int64 (value, fifolab_writer_get_capacity (self));
      break;
    case PROP_QUEUED:
      g_value_set_int64 (value, fifolab_writer_get_queued (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->end.error);
      break;
    case PROP_QUEUED_BYTES:
      g_value_set_uint64 (value, self->queue.bytes);
      break;
    case PROP_MAX_QUEUED_BYTES:
      g_value_set_uint64 (value, self->queue.max_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_writer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabWriter *self = FIFOLAB_WRITER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->end.path = g_value_dup_string (value);
      break;
    case PROP_RETRY_INTERVAL:
      fifolab_writer_set_retry_interval (self, g_value_get_uint (value));
      break;
    case PROP_MAX_QUEUED_BYTES:
      fifolab_writer_set_max_queued_bytes (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_writer_class_init (FifolabWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_writer_dispose;
  object_class->finalize = fifolab_writer_finalize;
  object_class->get_property = fifolab_writer_get_property;
  object_class->set_property = fifolab_writer_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FIFOLAB_TYPE_WRITER_STATE,
                       FIFOLAB_WRITER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED_MESSAGES] =
    g_param_spec_uint ("queued-messages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGES_SENT] =
    g_param_spec_uint64 ("messages-sent", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_INTERVAL] =
    g_param_spec_uint ("retry-interval", NULL, NULL,
                       1, 60000, DEFAULT_RETRY_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED_BYTES] =
    g_param_spec_uint64 ("queued-bytes", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_QUEUED_BYTES] =
    g_param_spec_uint64 ("max-queued-bytes", NULL, NULL,
                         1, G_MAXUINT64, FIFOLAB_WRITER_DEFAULT_MAX_QUEUED_BYTES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  _fifolab_pipe_end_class_properties (&properties[PROP_PATH], &properties[PROP_CAPACITY],
                                      &properties[PROP_QUEUED], &properties[PROP_ERROR]);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FifolabWriter::sent:
   * @bytes: the message as queued
   * @written: bytes of it that went into the pipe
   * @flags: #FifolabMessageFlags: NOT_ATOMIC when larger than PIPE_BUF,
   *   PARTIAL when @written is less than its size
   * @wall_us: g_get_real_time() when it finished
   * @mono_us: g_get_monotonic_time() then
   */
  signals[SIGNAL_SENT] =
    g_signal_new ("sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  fifolab_marshal_VOID__BOXED_UINT64_UINT_INT64_INT64,
                  G_TYPE_NONE, 5,
                  G_TYPE_BYTES, G_TYPE_UINT64, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_INT64);
  g_signal_set_va_marshaller (signals[SIGNAL_SENT], G_TYPE_FROM_CLASS (klass),
                              fifolab_marshal_VOID__BOXED_UINT64_UINT_INT64_INT64v);

  /* ::event (FifolabEventKind kind, const char *detail): see the header. */
  signals[SIGNAL_EVENT] = _fifolab_pipe_end_new_event_signal (G_TYPE_FROM_CLASS (klass));
}

static void
fifolab_writer_init (FifolabWriter *self)
{
  _fifolab_pipe_end_init (&self->end);
  self->state = FIFOLAB_WRITER_IDLE;
  self->retry_interval = DEFAULT_RETRY_INTERVAL_MS;
  _fifolab_write_queue_init (&self->queue, FIFOLAB_WRITER_DEFAULT_MAX_QUEUED_BYTES);
}

/**
 * fifolab_writer_new:
 * @path: a FIFO
 *
 * Returns: (transfer full): a new writer; call fifolab_writer_start()
 */
FifolabWriter *
fifolab_writer_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (FIFOLAB_TYPE_WRITER, "path", path, NULL);
}

const char *
fifolab_writer_get_path (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), NULL);
  return self->end.path;
}

FifolabWriterState
fifolab_writer_get_state (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), FIFOLAB_WRITER_IDLE);
  return self->state;
}

/**
 * fifolab_writer_start:
 * @self: a writer
 * @error: return location for a #FifolabFifoError
 *
 * Opens the write end, or starts waiting (on a timer) for a reader to
 * appear. Starting a writer that is already started does nothing; a closed
 * or failed writer can be started again, with its queue as it was.
 *
 * Returns: %FALSE with @error when the path is refused
 */
gboolean
fifolab_writer_start (FifolabWriter  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fifolab_ignore_sigpipe ();

  if (_fifolab_pipe_end_is_open (&self->end) || self->retry_id != 0)
    return TRUE;

  if (!fifolab_writer_try_open (self, &local_error))
    {
      fail (self, FIFOLAB_EVENT_ERROR, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * fifolab_writer_send:
 * @self: a writer
 * @bytes: one message, already framed
 * @error: return location for a #FifolabWriterError
 *
 * Queues @bytes; it is written once a reader is there, after the messages
 * queued before it. The queue holds at most max-queued-bytes: a message that
 * would take queued-bytes over it is refused, and nothing is queued. Sending
 * works again once the reader has taken enough.
 *
 * Returns: the number of messages now waiting to be written (at least 1), or
 *   0 with @error set when @bytes was refused
 */
guint
fifolab_writer_send (FifolabWriter  *self,
                     GBytes         *bytes,
                     GError        **error)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), 0);
  g_return_val_if_fail (bytes != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!_fifolab_write_queue_push (&self->queue, bytes, error))
    return 0;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
  notify_queued_messages (self);
  fifolab_writer_schedule_write (self);

  return fifolab_writer_get_queued_messages (self);
}

/**
 * fifolab_writer_get_queued_bytes:
 *
 * Returns: the size of the messages not yet completely written, the one
 *   being written included (all are held in memory)
 */
guint64
fifolab_writer_get_queued_bytes (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), 0);
  return self->queue.bytes;
}

guint64
fifolab_writer_get_max_queued_bytes (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), FIFOLAB_WRITER_DEFAULT_MAX_QUEUED_BYTES);
  return self->queue.max_bytes;
}

/**
 * fifolab_writer_set_max_queued_bytes:
 * @self: a writer
 * @max: the most bytes of messages to hold, at least 1
 *
 * Changes the bound on queued-bytes. What is queued already stays queued;
 * a bound below it refuses sends until enough has been written.
 */
void
fifolab_writer_set_max_queued_bytes (FifolabWriter *self,
                                     guint64        max)
{
  g_return_if_fail (FIFOLAB_IS_WRITER (self));
  g_return_if_fail (max > 0);

  if (self->queue.max_bytes == max)
    return;

  self->queue.max_bytes = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_QUEUED_BYTES]);
}

/**
 * fifolab_writer_get_queued_messages:
 *
 * Returns: messages not yet completely written (the one being written
 *   included)
 */
guint
fifolab_writer_get_queued_messages (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), 0);
  return _fifolab_write_queue_get_length (&self->queue);
}

guint64
fifolab_writer_get_bytes_sent (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), 0);
  return self->bytes_sent;
}

guint64
fifolab_writer_get_messages_sent (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), 0);
  return self->messages_sent;
}

/**
 * fifolab_writer_clear_queue:
 *
 * Drops the messages not started yet. A message partly written already
 * is finished (cutting it would leave half a message in the pipe).
 *
 * Returns: how many messages were dropped
 */
guint
fifolab_writer_clear_queue (FifolabWriter *self)
{
  guint n;

  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), 0);

  n = _fifolab_write_queue_drop_waiting (&self->queue);
  if (n > 0)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
      notify_queued_messages (self);
    }
  return n;
}

/**
 * fifolab_writer_close:
 * @self: a writer
 *
 * Stops at once: closes the write end and stops waiting for a reader. The
 * queue is kept (fifolab_writer_start() resumes it). A message that was
 * partly written is reported by ::sent as PARTIAL now. Idempotent.
 */
void
fifolab_writer_close (FifolabWriter *self)
{
  G_GNUC_UNUSED g_autoptr(GObject) guard = NULL;

  g_return_if_fail (FIFOLAB_IS_WRITER (self));

  if (self->state == FIFOLAB_WRITER_CLOSED && !_fifolab_pipe_end_is_open (&self->end) &&
      self->retry_id == 0)
    return;

  guard = g_object_ref (G_OBJECT (self));
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_stream (self, TRUE);
  set_state (self, FIFOLAB_WRITER_CLOSED);
  settle_current (self, TRUE);
}

gssize
fifolab_writer_get_capacity (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), -1);
  return fifolab_fifo_get_capacity (self->end.fd);
}

gssize
fifolab_writer_get_queued (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), -1);
  return fifolab_fifo_get_queued (self->end.fd);
}

/**
 * fifolab_writer_get_error:
 *
 * Returns: (nullable) (transfer none): the last failure
 */
const GError *
fifolab_writer_get_error (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), NULL);
  return self->end.error;
}

guint
fifolab_writer_get_retry_interval (FifolabWriter *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRITER (self), DEFAULT_RETRY_INTERVAL_MS);
  return self->retry_interval;
}

/**
 * fifolab_writer_set_retry_interval:
 * @self: a writer
 * @interval_ms: how often to try opening while no process reads
 */
void
fifolab_writer_set_retry_interval (FifolabWriter *self,
                                   guint          interval_ms)
{
  g_return_if_fail (FIFOLAB_IS_WRITER (self));
  g_return_if_fail (interval_ms > 0);

  if (self->retry_interval == interval_ms)
    return;

  self->retry_interval = interval_ms;
  if (self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      schedule_retry (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_INTERVAL]);
}
