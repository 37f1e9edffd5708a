/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-inspector.h"
#include "fifolab-session.h"
#include "fifolab-session-private.h"
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
 * beyond that the oldest waiting message is logged at once, its claim not
 * checked, as the inspector does when too many checks are pending. */
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

/* The held queue */

static void
held_free (gpointer data)
{
  Held *held = data;

  g_ref_string_release (held->path);
  g_clear_pointer (&held->bytes, g_bytes_unref);
  g_free (held);
}

void
_fifolab_session_outgoing_free (gpointer data)
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

  /* Too much waits: the oldest waiting message's claim is not checked. */
  while (self->held.length > MAX_HELD || self->held_bytes > MAX_HELD_BYTES)
    {
      Held *head = g_queue_peek_head (&self->held);

      if (!head->waiting)
        break;
      release (self, head, 0);
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

  /* Given up on already (not checked when too much waited). */
  if (held == NULL)
    return;
  release (self, held, flags);
  drain_held (self);
}

/* Logs an event now, or after what is held. */
void
_fifolab_session_log_event (FifolabSession   *self,
           FifolabEventKind  kind,
           GRefString       *path,
           const char       *detail)
{
  _fifolab_session_log_event_at (self, kind, path, detail, g_get_real_time (), g_get_monotonic_time ());
}

void
_fifolab_session_log_event_at (FifolabSession   *self,
                               FifolabEventKind  kind,
                               GRefString       *path,
                               const char       *detail,
                               gint64            wall_us,
                               gint64            mono_us)
{
  Held *held;

  if (g_queue_is_empty (&self->held))
    {
      fifolab_log_append (self->log, FIFOLAB_DIRECTION_EVENT, kind, FIFOLAB_MESSAGE_NONE, path, -1, -1,
                          wall_us, mono_us, (const guint8 *) detail, detail != NULL ? strlen (detail) : 0);
      return;
    }

  held = g_new0 (Held, 1);
  held->direction = FIFOLAB_DIRECTION_EVENT;
  held->kind = kind;
  held->path = g_ref_string_acquire (path);
  held->sender_pid = held->receiver_pid = -1;
  held->wall_us = wall_us;
  held->mono_us = mono_us;
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

/* Reader and writer messages */

/* Each message, as the framer hands it out (borrowed, not copied). */
void
_fifolab_session_reader_message_cb (FifolabReader *reader,
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

void
_fifolab_session_writer_sent_cb (FifolabWriter *writer,
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
          _fifolab_session_outgoing_free (out);
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
  g_clear_pointer (&out, _fifolab_session_outgoing_free);
}

/* At disposal: nothing held is logged, no verdict is awaited. */
void
_fifolab_session_drop_held (FifolabSession *self)
{
  if (self->inspector != NULL)
    fifolab_inspector_forget (self->inspector, self);
  g_clear_object (&self->inspector);
  if (self->waiting != NULL)
    g_hash_table_remove_all (self->waiting);
  g_queue_clear_full (&self->held, held_free);
  self->held_bytes = 0;
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
      /* Explained by the inspector that checked them. */
      drain_held (self);
    }
  g_set_object (&self->inspector, inspector);
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
