/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The story in order: a writer's exit after the bytes it left in the pipe.
 *
 * A writer that writes and exits at once is often noticed gone (its wait
 * status, its output closed) before FIFO Lab has read what it wrote: the
 * bytes wait in the pipe's kernel buffer, and the pipe is read below
 * redraw priority. Logged as noticed, "Peer process exited" would come
 * before the message, as if nothing had been written. So when a writer
 * FIFO Lab started exits while the pipe it wrote to still holds bytes
 * that FIFO Lab's read end has not taken (FIONREAD > 0), its exit entry
 * waits until those bytes have been read and handed out as messages (or
 * the read end closed). It is then logged with the time the exit was
 * noticed, saying that bytes still waited in the pipe then. Those bytes may
 * be another writer's too: the note says what FIFO Lab saw, no more. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-session.h"
#include "fifolab-session-private.h"

typedef struct
{
  FifolabReader  *reader;
  GRefString     *path;
  char           *detail;
  gint64          wall_us;
  gint64          mono_us;
  /* The reader's bytes received once the bytes waiting then are read. */
  guint64         target;
  gulong          messages_id;
  gulong          state_id;
} HeldExit;

static void
held_exit_free (HeldExit *held)
{
  g_clear_signal_handler (&held->messages_id, held->reader);
  g_clear_signal_handler (&held->state_id, held->reader);
  g_object_unref (held->reader);
  g_ref_string_release (held->path);
  g_free (held->detail);
  g_free (held);
}

/* Read and handed out by the framer, or never to be. The bytes received
 * are counted before the framer has them: only once @counted (its messages
 * handed out) do they tell. */
static gboolean
is_due (HeldExit *held,
        gboolean  counted)
{
  FifolabReaderState state = fifolab_reader_get_state (held->reader);
  guint64 handed_out;

  if (state == FIFOLAB_READER_CLOSED || state == FIFOLAB_READER_FAILED)
    return TRUE;
  if (!counted)
    return FALSE;
  handed_out = fifolab_reader_get_bytes_received (held->reader) -
               fifolab_framer_get_buffered (fifolab_reader_get_framer (held->reader));
  return handed_out >= held->target;
}

static void
log_exit (FifolabSession *self,
          HeldExit       *held)
{
  _fifolab_session_log_event_at (self, FIFOLAB_EVENT_PEER_EXITED, held->path, held->detail,
                                 held->wall_us, held->mono_us);
}

/* Logs the due exits, in the order they were noticed: one still waiting
 * keeps those after it on the same pipe waiting too. */
static void
check_exits (FifolabSession *self,
             gboolean        counted)
{
  GList *link = self->exits.head;
  g_autoptr(GPtrArray) blocked = g_ptr_array_new ();

  while (link != NULL)
    {
      HeldExit *held = link->data;
      GList *next = link->next;

      if (!g_ptr_array_find (blocked, held->path, NULL) && is_due (held, counted))
        {
          g_queue_delete_link (&self->exits, link);
          log_exit (self, held);
          held_exit_free (held);
        }
      else
        g_ptr_array_add (blocked, held->path);
      link = next;
    }
}

static void
messages_cb (FifolabReader  *reader,
             GParamSpec     *pspec,
             FifolabSession *self)
{
  check_exits (self, TRUE);
}

static void
state_cb (FifolabReader  *reader,
          GParamSpec     *pspec,
          FifolabSession *self)
{
  check_exits (self, FALSE);
}

/* Holds the exit of a writer of @path while FIFO Lab's read end of it has
 * bytes to read; FALSE: log it now. */
static gboolean
hold_exit (FifolabSession *self,
           const char     *path,
           const char     *detail)
{
  Connection *conn = g_hash_table_lookup (self->connections, path);
  HeldExit *held;
  gssize queued;
  guint n;

  if (conn == NULL || conn->reader == NULL)
    return FALSE;
  queued = fifolab_reader_get_queued (conn->reader);
  if (queued <= 0)
    return FALSE;

  held = g_new0 (HeldExit, 1);
  held->reader = g_object_ref (conn->reader);
  held->path = g_ref_string_acquire (conn->path);
  n = (guint) MIN (queued, (gssize) G_MAXUINT);
  /* Translators: the first %s is "fifolab-peer pid 1234: Exited with status 0",
   * the second a number of bytes. */
  held->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s. Noticed while %u byte still waited in the pipe: logged after FIFO Lab read it.",
                                               "%s. Noticed while %u bytes still waited in the pipe: logged after FIFO Lab read them.",
                                               n),
                                  detail, n);
  held->wall_us = g_get_real_time ();
  held->mono_us = g_get_monotonic_time ();
  held->target = fifolab_reader_get_bytes_received (conn->reader) + (guint64) queued;
  held->messages_id = g_signal_connect (held->reader, "notify::messages-received",
                                        G_CALLBACK (messages_cb), self);
  held->state_id = g_signal_connect (held->reader, "notify::state",
                                     G_CALLBACK (state_cb), self);
  g_queue_push_tail (&self->exits, held);
  return TRUE;
}

static gboolean
peer_exit_cb (FifolabPeerProcess *peer,
              const char         *detail,
              gpointer            user_data)
{
  g_autoptr(FifolabSession) self = g_weak_ref_get (user_data);

  return self != NULL && hold_exit (self, fifolab_peer_process_get_path (peer), detail);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/**
 * fifolab_session_watch_peer:
 * @self: a session
 * @peer: a peer process FIFO Lab started, logging to the session's log
 *
 * Tells the story of writer @peer in order (see the header).
 */
void
fifolab_session_watch_peer (FifolabSession     *self,
                            FifolabPeerProcess *peer)
{
  GWeakRef *ref;

  g_return_if_fail (FIFOLAB_IS_SESSION (self));
  g_return_if_fail (FIFOLAB_IS_PEER_PROCESS (peer));

  if (fifolab_peer_process_get_role (peer) != FIFOLAB_PEER_ROLE_WRITE)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  fifolab_peer_process_set_exit_func (peer, peer_exit_cb, ref, weak_ref_free);
}

void
_fifolab_session_release_exits (FifolabSession *self)
{
  HeldExit *held;

  while ((held = g_queue_pop_head (&self->exits)) != NULL)
    {
      log_exit (self, held);
      held_exit_free (held);
    }
}
