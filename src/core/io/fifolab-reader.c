/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-fifo.h"
#include "fifolab-marshal.h"
#include "fifolab-pipe-end.h"
#include "fifolab-reader.h"

/* How the reader waits
 *
 * A read end opened with O_NONBLOCK while no writer is there returns 0 (EOF)
 * from read() at once, but poll() on it reports nothing until a writer has
 * come (Linux reports POLLHUP only once a writer was seen since the open).
 * So the reader never reads before poll says so: it waits on the stream's
 * pollable source (no thread, no timer, no spinning) and does one
 * non-blocking read per wake-up. Each read is one ::chunk.
 *
 * A persistent source rather than a chain of g_input_stream_read_async()
 * calls: there is never a GIO operation in flight, so close() and dispose
 * destroy the source and close the descriptor at once, synchronously, and
 * no callback can run afterwards — without a pending operation holding a
 * reference that would keep a dropped reader (and its fd) alive. The open,
 * the stream and its source are a FifolabPipeEnd, as in the writer.
 *
 * At EOF (the last writer closed) the read end is reopened — the new one is
 * opened *before* the old one is closed, so the pipe always has a reader and a
 * writer that comes and goes in between cannot have its bytes thrown away by
 * the kernel.
 *
 * The priority property is that of the reads once a writer is there: an
 * application reads below its redraw priority so that a flood never holds a
 * frame back. Until a writer's first bytes are read, though, there can be no
 * flood, and the first read is what a person waits for (a writer that opens,
 * writes one message and closes, as the book's does, is only ever read so):
 * then the reader waits at G_PRIORITY_DEFAULT at the lowest. Below the redraw
 * priority, the first message waited for every frame a busy window drew back
 * to back (0.77 s of llvmpipe frames after a send, in the keyboard walk).
 *
 * The same holds for a writer that stays open (the compose bar after its
 * first send, a shell's exec 3>PIPE, a peer writing a line a second): each of
 * its messages is what a person waits for. So the priority follows what the
 * pipe does, seen in reads and not in time: after a wake-up whose reads all
 * returned less than the buffer and left the pipe empty, the next read waits
 * at G_PRIORITY_DEFAULT at the lowest too; after a wake-up in which a read
 * filled the buffer, or after which bytes already wait (a flood: the writer
 * does not let the pipe stay empty), the next waits at the priority property,
 * until a wake-up at that priority finds neither. A flood thus takes one
 * wake-up at the higher priority (at most READS_PER_WAKEUP reads, and the
 * first one's extra read) before it yields to frames.
 */

#define READ_SIZE (64 * 1024)
/* At most this many reads in one main-loop dispatch (see readable_cb). */
#define READS_PER_WAKEUP 8

struct _FifolabReader
{
  GObject             parent_instance;

  FifolabPipeEnd      end;          /* path, stream, source, last error */
  FifolabFramer      *framer;
  FifolabReaderState  state;
  guint64             bytes_received;
  guint64             messages_received;

  guint8             *buffer;
  int                 priority;     /* of the source watching the stream */
  guint               flooding : 1; /* after the last wake-up (see the top) */

  /* While pushing one chunk into the framer. */
  gint64              read_wall_us;
  gint64              read_mono_us;
  guint               overlong_open : 1;

  /* The one consumer that takes messages as borrowed bytes (the session). */
  FifolabReaderMessageFunc message_func;
  gpointer            message_data;
};

G_DEFINE_FINAL_TYPE (FifolabReader, fifolab_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_FRAMER,
  PROP_STATE,
  PROP_BYTES_RECEIVED,
  PROP_MESSAGES_RECEIVED,
  PROP_CAPACITY,
  PROP_QUEUED,
  PROP_ERROR,
  PROP_PRIORITY,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CHUNK,
  SIGNAL_EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void fifolab_reader_watch (FifolabReader *self);

/* The priority to read at now (see the top): no lower than the default until
 * a writer's first bytes were read, nor while its reads leave the pipe empty. */
static int
watch_priority (FifolabReader *self)
{
  if (self->state == FIFOLAB_READER_RECEIVING && self->flooding)
    return self->priority;
  return MIN (self->priority, G_PRIORITY_DEFAULT);
}

static void
update_watch_priority (FifolabReader *self)
{
  if (self->end.source != NULL)
    g_source_set_priority (self->end.source, watch_priority (self));
}

static void
set_state (FifolabReader      *self,
           FifolabReaderState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  /* A writer's first bytes are never a flood yet. */
  if (state != FIFOLAB_READER_RECEIVING)
    self->flooding = FALSE;
  update_watch_priority (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (FifolabReader *self,
           const GError  *error)
{
  if (_fifolab_pipe_end_set_error (&self->end, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
emit_event (FifolabReader    *self,
            FifolabEventKind  kind,
            const char       *detail)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, kind, detail);
}

/* Drops the stream (closing the fd) and its source. */
static void
drop_stream (FifolabReader *self,
             gboolean       notify)
{
  if (_fifolab_pipe_end_drop (&self->end) && notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

/* Takes @fd (an open read end) as the current stream. */
static void
adopt_fd (FifolabReader *self,
          int            fd)
{
  _fifolab_pipe_end_adopt (&self->end, fd, O_RDONLY);
  fifolab_reader_watch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

static void
fail (FifolabReader *self,
      const GError  *error)
{
  drop_stream (self, TRUE);
  set_error (self, error);
  emit_event (self, FIFOLAB_EVENT_ERROR, error->message);
  set_state (self, FIFOLAB_READER_FAILED);
}

static void
framer_message_cb (const guint8        *data,
                   gsize                len,
                   FifolabMessageFlags  flags,
                   gpointer             user_data)
{
  FifolabReader *self = user_data;
  g_autoptr(GBytes) bytes = NULL;

  /* A handler closed the reader in the middle of a chunk: nothing more. */
  if (!_fifolab_pipe_end_is_open (&self->end))
    return;

  if (flags & FIFOLAB_MESSAGE_OVERLONG)
    {
      /* One event per over-long message: its pieces all carry the flag, and
       * every piece but the last is exactly max-message bytes long. */
      if (!self->overlong_open)
        {
          g_autofree char *detail =
            g_strdup_printf (_("A message is longer than %zu bytes; it is shown in pieces"),
                             fifolab_framer_get_max_message (self->framer));
          emit_event (self, FIFOLAB_EVENT_OVERLONG, detail);
        }
      self->overlong_open = (len == fifolab_framer_get_max_message (self->framer)) &&
                            !(flags & FIFOLAB_MESSAGE_INCOMPLETE);
    }
  else
    self->overlong_open = FALSE;

  self->messages_received++;

  /* The message func gets the framer's bytes as they are (no copy); a GBytes
   * is made only for ::message handlers. */
  if (self->message_func != NULL)
    {
      g_autoptr(FifolabReader) guard = g_object_ref (self);

      self->message_func (self, data, len, (guint) flags,
                          self->read_wall_us, self->read_mono_us, self->message_data);
      if (!_fifolab_pipe_end_is_open (&self->end))
        return;
    }

  if (g_signal_has_handler_pending (self, signals[SIGNAL_MESSAGE], 0, FALSE))
    {
      bytes = g_bytes_new (data, len);
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0,
                     bytes, (guint) flags, self->read_wall_us, self->read_mono_us);
    }
}

/* At end of stream, the path no longer names our FIFO. */
static void
pipe_removed (FifolabReader *self,
              const GError  *error)
{
  drop_stream (self, TRUE);
  emit_event (self, FIFOLAB_EVENT_PIPE_REMOVED, error->message);
  if (self->state == FIFOLAB_READER_END_OF_STREAM)
    {
      set_error (self, error);
      set_state (self, FIFOLAB_READER_FAILED);
    }
}

static void
handle_end_of_stream (FifolabReader *self)
{
  g_autoptr(GError) error = NULL;
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  int fd;

  self->read_wall_us = g_get_real_time ();
  self->read_mono_us = g_get_monotonic_time ();

  g_object_freeze_notify (G_OBJECT (self));
  fifolab_framer_finish (self->framer, framer_message_cb, self);
  self->overlong_open = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_RECEIVED]);
  g_object_thaw_notify (G_OBJECT (self));

  /* A handler may have closed us. */
  if (!_fifolab_pipe_end_is_open (&self->end))
    return;

  set_state (self, FIFOLAB_READER_END_OF_STREAM);
  emit_event (self, FIFOLAB_EVENT_END_OF_STREAM, NULL);
  if (!_fifolab_pipe_end_is_open (&self->end))
    return;

  if (!_fifolab_pipe_end_still_ours (&self->end, -1, &error))
    {
      pipe_removed (self, error);
      return;
    }

  /* Open the new read end before closing the old one (see the top). */
  fd = _fifolab_pipe_end_open_fd (&self->end, O_RDONLY, &error);
  if (fd < 0)
    {
      fail (self, error);
      return;
    }

  if (!_fifolab_pipe_end_still_ours (&self->end, fd, &error))
    {
      close (fd);
      pipe_removed (self, error);
      return;
    }

  drop_stream (self, TRUE);
  adopt_fd (self, fd);
  set_state (self, FIFOLAB_READER_WAITING_FOR_WRITER);
  emit_event (self, FIFOLAB_EVENT_REOPENED, NULL);
}

/* One read() and what follows from it. Returns whether to read again at once:
 * the read filled the buffer (more may be waiting) and we still read @pollable. */
static gboolean
read_once (FifolabReader  *self,
           GObject        *pollable,
           gboolean       *keep_source)
{
  g_autoptr(GError) error = NULL;
  gssize n;
  guint64 offset;

  *keep_source = TRUE;
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (pollable),
                                                self->buffer, READ_SIZE,
                                                NULL, &error);
  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          fail (self, error);
          *keep_source = FALSE;
        }
      return FALSE;
    }

  if (n == 0)
    {
      handle_end_of_stream (self);
      /* Either a new source watches the new read end, or we stopped. */
      *keep_source = FALSE;
      return FALSE;
    }

  offset = self->bytes_received;
  self->bytes_received += n;

  if (self->state != FIFOLAB_READER_RECEIVING)
    {
      set_state (self, FIFOLAB_READER_RECEIVING);
      emit_event (self, FIFOLAB_EVENT_WRITER_CONNECTED, NULL);
      /* A handler may have closed us. */
      if (!_fifolab_pipe_end_is_current (&self->end, pollable))
        {
          *keep_source = FALSE;
          return FALSE;
        }
    }

  /* Taken after the writer-connected event is logged, so that the log's times
   * never run backwards from that event to the message it announces. */
  self->read_wall_us = g_get_real_time ();
  self->read_mono_us = g_get_monotonic_time ();

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
  g_signal_emit (self, signals[SIGNAL_CHUNK], 0, offset, (guint) n, self->read_mono_us);

  /* A ::chunk handler may have closed us. */
  if (!_fifolab_pipe_end_is_current (&self->end, pollable))
    {
      *keep_source = FALSE;
      return FALSE;
    }

  fifolab_framer_push (self->framer, self->buffer, n, framer_message_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_RECEIVED]);

  *keep_source = _fifolab_pipe_end_is_current (&self->end, pollable);
  return *keep_source && n == READ_SIZE;
}

static gboolean
fifolab_reader_readable_cb (GObject  *pollable,
                            gpointer  user_data)
{
  FifolabReader *self = user_data;
  /* Handlers may drop the last reference to us. */
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  gboolean keep_source = TRUE;
  gboolean first = self->state != FIFOLAB_READER_RECEIVING;
  gboolean flood;
  guint i;

  g_assert (G_IS_POLLABLE_INPUT_STREAM (pollable));

  /* A read that filled the buffer is followed by another at once, up to a
   * bound, rather than by a poll() through the main loop: under a flood this
   * halves the system calls, and the bound keeps other sources served. Only
   * once a writer was seen: before, a read would return 0 (see the top). */
  for (i = 0; i < READS_PER_WAKEUP; i++)
    if (!read_once (self, pollable, &keep_source))
      break;
  /* Whether a read filled the buffer: each one that did is followed by
   * another, so here i counts them. */
  flood = i > 0;

  /* A writer's first bytes, all read: one more read, at the priority of the
   * first (see the top), finds whether the writer closed already, as the
   * book's writer does at once. Then the end of stream, the reopen and the
   * next writer's first message do not wait behind a busy main loop. */
  if (first && keep_source && i < READS_PER_WAKEUP &&
      self->state == FIFOLAB_READER_RECEIVING &&
      read_once (self, pollable, &keep_source))
    flood = TRUE;

  /* Or bytes came in while this wake-up's were handled: the writer keeps
   * the pipe from staying empty (a paced flood, in batches smaller than the
   * buffer). One ioctl, no clock: a message now and then finds it empty. */
  if (!flood && keep_source && self->state == FIFOLAB_READER_RECEIVING &&
      fifolab_fifo_get_queued (self->end.fd) > 0)
    flood = TRUE;

  /* The next read's priority follows this wake-up's reads (see the top). */
  if (keep_source && self->state == FIFOLAB_READER_RECEIVING &&
      self->flooding != flood)
    {
      self->flooding = flood;
      update_watch_priority (self);
    }

  return keep_source ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
fifolab_reader_watch (FifolabReader *self)
{
  _fifolab_pipe_end_watch (&self->end, G_CALLBACK (fifolab_reader_readable_cb), self,
                           "[fifolab] reader", watch_priority (self));
}

static void
fifolab_reader_constructed (GObject *object)
{
  FifolabReader *self = FIFOLAB_READER (object);

  G_OBJECT_CLASS (fifolab_reader_parent_class)->constructed (object);

  if (self->framer == NULL)
    self->framer = fifolab_framer_new (FIFOLAB_FRAMING_RAW);
}

static void
fifolab_reader_dispose (GObject *object)
{
  FifolabReader *self = FIFOLAB_READER (object);

  drop_stream (self, FALSE);
  g_clear_object (&self->framer);

  G_OBJECT_CLASS (fifolab_reader_parent_class)->dispose (object);
}

static void
fifolab_reader_finalize (GObject *object)
{
  FifolabReader *self = FIFOLAB_READER (object);

  _fifolab_pipe_end_clear (&self->end);
  g_clear_pointer (&self->buffer, g_free);

  G_OBJECT_CLASS (fifolab_reader_parent_class)->finalize (object);
}

static void
fifolab_reader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabReader *self = FIFOLAB_READER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->end.path);
      break;
    case PROP_FRAMER:
      g_value_set_object (value, self->framer);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_MESSAGES_RECEIVED:
      g_value_set_uint64 (value, self->messages_received);
      break;
    case PROP_CAPACITY:
      g_value_set_int64 (value, fifolab_reader_get_capacity (self));
      break;
    case PROP_QUEUED:
      g_value_set_int64 (value, fifolab_reader_get_queued (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->end.error);
      break;
    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_reader_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabReader *self = FIFOLAB_READER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->end.path = g_value_dup_string (value);
      break;
    case PROP_FRAMER:
      self->framer = g_value_dup_object (value);
      break;
    case PROP_PRIORITY:
      fifolab_reader_set_priority (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_reader_class_init (FifolabReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fifolab_reader_constructed;
  object_class->dispose = fifolab_reader_dispose;
  object_class->finalize = fifolab_reader_finalize;
  object_class->get_property = fifolab_reader_get_property;
  object_class->set_property = fifolab_reader_set_property;

  properties[PROP_FRAMER] =
    g_param_spec_object ("framer", NULL, NULL,
                         FIFOLAB_TYPE_FRAMER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FIFOLAB_TYPE_READER_STATE,
                       FIFOLAB_READER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGES_RECEIVED] =
    g_param_spec_uint64 ("messages-received", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The main-loop priority at which the stream is read (a GSource priority). */
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL,
                      G_MININT, G_MAXINT, G_PRIORITY_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  _fifolab_pipe_end_class_properties (&properties[PROP_PATH], &properties[PROP_CAPACITY],
                                      &properties[PROP_QUEUED], &properties[PROP_ERROR]);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FifolabReader::message:
   * @payload: the message bytes (terminator or header removed)
   * @flags: #FifolabMessageFlags
   * @wall_us: g_get_real_time() of the read that completed it
   * @mono_us: g_get_monotonic_time() of that read
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  fifolab_marshal_VOID__BOXED_UINT_INT64_INT64,
                  G_TYPE_NONE, 4,
                  G_TYPE_BYTES, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_INT64);
  g_signal_set_va_marshaller (signals[SIGNAL_MESSAGE], G_TYPE_FROM_CLASS (klass),
                              fifolab_marshal_VOID__BOXED_UINT_INT64_INT64v);

  /**
   * FifolabReader::chunk:
   * @offset: bytes received before this read
   * @length: bytes this read() returned
   * @mono_us: g_get_monotonic_time() of the read
   */
  signals[SIGNAL_CHUNK] =
    g_signal_new ("chunk",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  fifolab_marshal_VOID__UINT64_UINT_INT64,
                  G_TYPE_NONE, 3,
                  G_TYPE_UINT64, G_TYPE_UINT, G_TYPE_INT64);
  g_signal_set_va_marshaller (signals[SIGNAL_CHUNK], G_TYPE_FROM_CLASS (klass),
                              fifolab_marshal_VOID__UINT64_UINT_INT64v);

  /* ::event (FifolabEventKind kind, const char *detail): see the header. */
  signals[SIGNAL_EVENT] = _fifolab_pipe_end_new_event_signal (G_TYPE_FROM_CLASS (klass));
}

static void
fifolab_reader_init (FifolabReader *self)
{
  _fifolab_pipe_end_init (&self->end);
  self->state = FIFOLAB_READER_IDLE;
  self->buffer = g_malloc (READ_SIZE);
  self->priority = G_PRIORITY_DEFAULT;
}

/**
 * fifolab_reader_new:
 * @path: a FIFO
 * @framer: (nullable): how to cut the stream into messages; %NULL for raw
 *
 * Returns: (transfer full): a new reader; call fifolab_reader_start()
 */
FifolabReader *
fifolab_reader_new (const char    *path,
                    FifolabFramer *framer)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (framer == NULL || FIFOLAB_IS_FRAMER (framer), NULL);

  return g_object_new (FIFOLAB_TYPE_READER,
                       "path", path,
                       "framer", framer,
                       NULL);
}

const char *
fifolab_reader_get_path (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), NULL);
  return self->end.path;
}

/**
 * fifolab_reader_get_framer:
 *
 * Returns: (transfer none): the framer
 */
FifolabFramer *
fifolab_reader_get_framer (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), NULL);
  return self->framer;
}

FifolabReaderState
fifolab_reader_get_state (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), FIFOLAB_READER_IDLE);
  return self->state;
}

guint64
fifolab_reader_get_bytes_received (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), 0);
  return self->bytes_received;
}

guint64
fifolab_reader_get_messages_received (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), 0);
  return self->messages_received;
}

/**
 * fifolab_reader_start:
 * @self: a reader
 * @error: return location for a #FifolabFifoError
 *
 * Opens the read end (refusing anything that is not a FIFO) and starts
 * waiting for writers on the thread-default main context. Starting a reader
 * that is already open does nothing. A closed or failed reader can be
 * started again.
 *
 * Returns: %TRUE when the read end is open
 */
gboolean
fifolab_reader_start (FifolabReader  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  int fd;

  g_return_val_if_fail (FIFOLAB_IS_READER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_fifolab_pipe_end_is_open (&self->end))
    return TRUE;

  fd = _fifolab_pipe_end_open_fd (&self->end, O_RDONLY, &local_error);
  if (fd < 0)
    {
      fail (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_error (self, NULL);
  fifolab_framer_reset (self->framer);
  self->overlong_open = FALSE;
  adopt_fd (self, fd);
  g_object_thaw_notify (G_OBJECT (self));

  emit_event (self, FIFOLAB_EVENT_READER_OPENED, NULL);
  set_state (self, FIFOLAB_READER_WAITING_FOR_WRITER);
  emit_event (self, FIFOLAB_EVENT_WAITING_FOR_WRITER, NULL);

  return TRUE;
}

/**
 * fifolab_reader_close:
 * @self: a reader
 *
 * Stops at once: no signal is emitted by this reader afterwards (until it is
 * started again). Bytes still in the pipe stay there for the next reader.
 * Idempotent.
 */
void
fifolab_reader_close (FifolabReader *self)
{
  g_return_if_fail (FIFOLAB_IS_READER (self));

  if (self->state == FIFOLAB_READER_CLOSED && !_fifolab_pipe_end_is_open (&self->end))
    return;

  drop_stream (self, TRUE);
  set_state (self, FIFOLAB_READER_CLOSED);
}

gssize
fifolab_reader_get_capacity (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), -1);
  return fifolab_fifo_get_capacity (self->end.fd);
}

gssize
fifolab_reader_get_queued (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), -1);
  return fifolab_fifo_get_queued (self->end.fd);
}

/**
 * fifolab_reader_get_error:
 *
 * Returns: (nullable) (transfer none): the last failure
 */
const GError *
fifolab_reader_get_error (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), NULL);
  return self->end.error;
}

/**
 * fifolab_reader_get_priority:
 *
 * Returns: the main-loop priority at which the stream is read
 */
int
fifolab_reader_get_priority (FifolabReader *self)
{
  g_return_val_if_fail (FIFOLAB_IS_READER (self), G_PRIORITY_DEFAULT);

  return self->priority;
}

/**
 * fifolab_reader_set_priority:
 * @priority: a #GSource priority, %G_PRIORITY_DEFAULT unless set
 *
 * Sets the priority of the source that reads the stream while a writer
 * floods it (a read filled the buffer). Until a writer's first bytes were
 * read, and while its reads leave the pipe empty (messages now and then), the
 * reader waits at %G_PRIORITY_DEFAULT if @priority is lower, so that such a
 * message is read at once however busy the main loop is. Sources of a higher
 * priority that are ready run first; an application can read below its
 * redraw priority so that a flood never holds back a frame for more than one
 * wake-up of the reader.
 */
void
fifolab_reader_set_priority (FifolabReader *self,
                             int            priority)
{
  g_return_if_fail (FIFOLAB_IS_READER (self));

  if (self->priority == priority)
    return;

  self->priority = priority;
  update_watch_priority (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

/**
 * fifolab_reader_set_message_func:
 * @func: (nullable): called for each message, before ::message
 * @user_data: for @func
 *
 * Sets the one function that takes each message as the framer hands it out:
 * @data is valid only during the call (it is not copied for it). @func may
 * close the reader. %NULL unsets it.
 */
void
fifolab_reader_set_message_func (FifolabReader            *self,
                                 FifolabReaderMessageFunc  func,
                                 gpointer                  user_data)
{
  g_return_if_fail (FIFOLAB_IS_READER (self));

  self->message_func = func;
  self->message_data = user_data;
}
