/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who is on the diagram and what each is doing: the holders of the pipe
 * (from the holder scan), the peers FIFO Lab started on it (waiting in
 * open(), or exited with their status), each with its kernel state from
 * /proc (fifolab-proc-state.h); and the same said in words for the
 * accessible description. */
#include "config.h"

#include <glib/gi18n.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-diagram-private.h"

/* fifolab-peer's exit status when its reader left (EPIPE). */
#define PEER_EXIT_READER_GONE 3
/* More processes than this on one side are not drawn (nor read from /proc). */
#define MAX_PER_SIDE 12

typedef FifolabDiagramParticipant Participant;

static void
participant_clear (gpointer data)
{
  Participant *p = data;

  g_clear_pointer (&p->command, g_free);
  g_clear_pointer (&p->state, g_free);
}

GArray *
_fifolab_diagram_side_new (void)
{
  GArray *side = g_array_new (FALSE, TRUE, sizeof (Participant));

  g_array_set_clear_func (side, participant_clear);
  return side;
}

Participant *
_fifolab_diagram_find (GArray *array,
                       gint64  pid)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, Participant, i).pid == pid)
      return &g_array_index (array, Participant, i);
  return NULL;
}

/* The box's state line from what the kernel says @p does on the pipe. */
void
_fifolab_diagram_set_state (Participant            *p,
                            const FifolabProcState *state)
{
  FifolabDiagramInk ink = FIFOLAB_DIAGRAM_INK_DIM;

  g_clear_pointer (&p->state, g_free);
  p->waiting = fifolab_proc_activity_is_opening (state->activity);
  p->blocked = state->activity == FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED;
  switch (state->activity)
    {
    case FIFOLAB_PROC_ACTIVITY_RUNNING:
    case FIFOLAB_PROC_ACTIVITY_SLEEPING:
      /* Holding its end, busy with something else: "holds the … end". */
      return;
    case FIFOLAB_PROC_ACTIVITY_OPEN_WAIT:
    case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER:
    case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER:
    case FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED:
      ink = FIFOLAB_DIAGRAM_INK_WARNING;
      break;
    case FIFOLAB_PROC_ACTIVITY_READ_WAITING:
    case FIFOLAB_PROC_ACTIVITY_STOPPED:
    case FIFOLAB_PROC_ACTIVITY_EXITED:
    case FIFOLAB_PROC_ACTIVITY_UNKNOWN:
    default:
      break;
    }
  p->state = g_strdup (fifolab_proc_activity_describe (state->activity));
  p->state_ink = ink;
}

/* An exited peer's last line: its status, red where it failed on the pipe. */
static void
set_exit_state (Participant        *p,
                FifolabPeerProcess *peer)
{
  int code = fifolab_peer_process_get_exit_code (peer);
  int sig = fifolab_peer_process_get_term_signal (peer);
  gboolean writer = fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE;

  g_clear_pointer (&p->state, g_free);
  p->exited = TRUE;
  p->state_ink = FIFOLAB_DIAGRAM_INK_DIM;
  p->sigpipe = sig == SIGPIPE;
  if (sig == SIGPIPE)
    {
      /* Translators: a process box's last line: ended by SIGPIPE. */
      p->state = g_strdup (_("killed by SIGPIPE"));
      p->state_ink = FIFOLAB_DIAGRAM_INK_DANGER;
    }
  else if (sig > 0)
    {
      /* Translators: a process box's last line: "killed by signal 15". */
      p->state = g_strdup_printf (_("killed by signal %d"), sig);
    }
  else
    {
      /* Translators: a process box's last line: "exited with status 3". */
      p->state = g_strdup_printf (_("exited with status %d"), code);
      if (writer && code == PEER_EXIT_READER_GONE)
        p->state_ink = FIFOLAB_DIAGRAM_INK_DANGER;
    }
}

/* Adds a process to @array (at most MAX_PER_SIDE, each pid once); @exited:
 * the peer it is, which has ended (NULL: it runs). */
void
_fifolab_diagram_add (GArray             *array,
                      gint64              pid,
                      const char         *command,
                      FifolabPeerProcess *exited)
{
  Participant p = { 0 };

  if (_fifolab_diagram_find (array, pid) != NULL || array->len >= MAX_PER_SIDE)
    return;
  p.pid = pid;
  p.command = g_strdup (command != NULL ? command : "?");
  p.is_self = pid == (gint64) getpid ();
  if (exited != NULL)
    set_exit_state (&p, exited);
  /* The array takes p.command and p.state with its copy of p: its clear
   * function frees them. cppcheck does not follow the copy. */
  g_array_append_val (array, p);
  /* cppcheck-suppress memleak */
}

/* The peers that had exited when a newer one started leave the stage. */
void
_fifolab_diagram_retire_exited (FifolabDiagram *self)
{
  guint n = self->peers != NULL ? g_list_model_get_n_items (self->peers) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (self->peers, i);

      if (fifolab_peer_process_get_state (peer) != FIFOLAB_PEER_STATE_RUNNING)
        g_hash_table_add (self->retired, GINT_TO_POINTER ((int) fifolab_peer_process_get_pid (peer)));
    }
}

/* What the writers' ends say happened on the pipe: a writer FIFO Lab started
 * got EPIPE or SIGPIPE; the last one closed (end of file). */
static FifolabDiagramEvent
peers_event (FifolabDiagram *self,
             gboolean        any_writer_running)
{
  FifolabDiagramEvent event = FIFOLAB_DIAGRAM_EVENT_NONE;
  gboolean writer_exited = FALSE;

  for (guint i = 0; i < self->writers->len; i++)
    {
      Participant *p = &g_array_index (self->writers, Participant, i);

      if (!p->exited)
        continue;
      writer_exited = TRUE;
      if (p->state_ink == FIFOLAB_DIAGRAM_INK_DANGER)
        event = p->sigpipe ? FIFOLAB_DIAGRAM_EVENT_SIGPIPE : FIFOLAB_DIAGRAM_EVENT_WRITER_EPIPE;
    }
  if (event == FIFOLAB_DIAGRAM_EVENT_NONE && writer_exited && !any_writer_running &&
      self->readers->len > 0)
    event = FIFOLAB_DIAGRAM_EVENT_EOF;
  return event;
}

/* What each process does, from /proc. A peer FIFO Lab started on the pipe
 * (in @running_peers, pid -> FifolabPeerProcess) is read through the peer:
 * the same read (its pid, this path), and its activity, which the peer
 * form's rows show, is refreshed by it; their timer waits a period more. */
static void
read_states (FifolabDiagram *self,
             GArray         *side,
             GHashTable     *running_peers,
             guint64         dev,
             guint64         ino)
{
  for (guint i = 0; i < side->len; i++)
    {
      Participant *p = &g_array_index (side, Participant, i);
      FifolabPeerProcess *peer;
      FifolabProcState state = { 0 };

      /* A watched process's state is the watch's (_fifolab_diagram_apply_watch()). */
      if (p->is_self || p->exited || _fifolab_diagram_is_watched (self, p->pid))
        continue;
      peer = g_hash_table_lookup (running_peers, GINT_TO_POINTER ((int) p->pid));
      if (peer != NULL)
        state.activity = fifolab_peer_process_refresh_activity (peer);
      else
        fifolab_proc_state_read (p->pid, dev, ino, &state);
      _fifolab_diagram_set_state (p, &state);
    }
}

void
_fifolab_diagram_rebuild (FifolabDiagram *self)
{
  gboolean writer_running = FALSE;
  guint64 dev = 0, ino = 0;
  struct stat st;
  guint n;
  /* The running peers on the pipe by pid (as int, like the retired ones). */
  g_autoptr(GHashTable) running_peers = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  /* Drawn afresh: new arrays (emptying the old ones in place left
   * scan-build unsure of them). */
  g_clear_pointer (&self->writers, g_array_unref);
  g_clear_pointer (&self->readers, g_array_unref);
  self->writers = _fifolab_diagram_side_new ();
  self->readers = _fifolab_diagram_side_new ();
  /* The FIFO is stat()ed, never opened: its device and inode tell which of
   * a process's descriptors is this pipe. */
  if (self->path != NULL && stat (self->path, &st) == 0 && S_ISFIFO (st.st_mode))
    {
      dev = st.st_dev;
      ino = st.st_ino;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->holders));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabHolder) holder = g_list_model_get_item (G_LIST_MODEL (self->holders), i);
      FifolabAccess access = fifolab_holder_get_access (holder);

      if (access & FIFOLAB_ACCESS_WRITE)
        _fifolab_diagram_add (self->writers, fifolab_holder_get_pid (holder), fifolab_holder_get_command (holder), NULL);
      if (access & FIFOLAB_ACCESS_READ)
        _fifolab_diagram_add (self->readers, fifolab_holder_get_pid (holder), fifolab_holder_get_command (holder), NULL);
    }

  /* Peers FIFO Lab started on this pipe: those that hold nothing yet
   * (blocked in open()), and those that ended, until a newer one starts. */
  n = self->peers != NULL ? g_list_model_get_n_items (self->peers) : 0;
  for (guint i = 0; i < n && self->path != NULL; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (self->peers, i);
      gint64 pid = fifolab_peer_process_get_pid (peer);
      gboolean writer = fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE;
      GArray *side = writer ? self->writers : self->readers;
      FifolabPeerState state = fifolab_peer_process_get_state (peer);
      Participant *p;

      if (g_strcmp0 (fifolab_peer_process_get_path (peer), self->path) != 0 || pid <= 0)
        continue;
      if (state == FIFOLAB_PEER_STATE_RUNNING)
        {
          writer_running |= writer;
          _fifolab_diagram_add (side, pid, "fifolab-peer", NULL);
          g_hash_table_insert (running_peers, GINT_TO_POINTER ((int) pid), g_object_ref (peer));
        }
      else if (state == FIFOLAB_PEER_STATE_EXITED &&
               !g_hash_table_contains (self->retired, GINT_TO_POINTER ((int) pid)))
        {
          /* The scan may not have seen it go yet: exited wins. */
          p = _fifolab_diagram_find (side, pid);
          if (p != NULL)
            set_exit_state (p, peer);
          else
            _fifolab_diagram_add (side, pid, "fifolab-peer", peer);
        }
    }
  for (guint i = 0; i < self->writers->len; i++)
    writer_running |= !g_array_index (self->writers, Participant, i).exited;

  read_states (self, self->writers, running_peers, dev, ino);
  read_states (self, self->readers, running_peers, dev, ino);
  /* What the watch saw them do, and who it saw that the scan has not. */
  _fifolab_diagram_apply_watch (self, dev, ino);

  {
    FifolabDiagramEvent from_peers = peers_event (self, writer_running);

    /* What the peers' ends say when it changes; the log's events between.
     * The end of file that follows does not hide a torn message, ENXIO or a
     * loss: what went wrong stays drawn until the next peers start. */
    if (from_peers != self->peers_event && from_peers != FIFOLAB_DIAGRAM_EVENT_NONE &&
        (from_peers != FIFOLAB_DIAGRAM_EVENT_EOF || self->event == FIFOLAB_DIAGRAM_EVENT_NONE ||
         self->event == FIFOLAB_DIAGRAM_EVENT_READER_LEFT))
      self->event = from_peers;
    self->peers_event = from_peers;
  }
  _fifolab_diagram_changed (self);
}

/* Description */

static void
append_side (GString    *text,
             const char *heading,
             GArray     *side)
{
  g_string_append (text, heading);
  if (side->len == 0)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("none"));
    }
  for (guint i = 0; i < side->len; i++)
    {
      Participant *p = &g_array_index (side, Participant, i);
      g_autofree char *pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, p->pid);
      g_autofree char *item = NULL;

      /* Translators: "pid 123 (fifolab-peer)": a pid, then a command name. */
      item = g_strdup_printf (_("pid %s (%s)"), pid_text, p->command);
      g_string_append (text, i == 0 ? " " : ", ");
      g_string_append (text, item);
      if (p->is_self)
        {
          g_string_append (text, " — ");
          g_string_append (text, _("FIFO Lab itself"));
        }
      if (p->state != NULL)
        {
          g_string_append (text, ", ");
          g_string_append (text, p->state);
        }
    }
  g_string_append (text, ". ");
}

static gboolean
pipe_full (FifolabDiagram *self)
{
  return self->capacity > 0 && self->queued >= self->capacity && self->writers->len > 0;
}

void
_fifolab_diagram_update_description (FifolabDiagram *self)
{
  GString *text = g_string_new (NULL);
  const char *name = self->name;

  if (name == NULL)
    {
      g_string_append (text, _("No pipe selected."));
    }
  else
    {
      if (self->absent)
        /* Translators: %s is a pipe's file name; a lesson makes it later. */
        g_string_append_printf (text, _("Pipe %s: not created yet."), name);
      else
        /* Translators: %s is a pipe's file name. */
        g_string_append_printf (text, _("Pipe %s."), name);
      g_string_append_c (text, ' ');
      append_side (text, _("Writers:"), self->writers);
      append_side (text, _("Readers:"), self->readers);
      if (self->capacity > 0 && self->queued >= 0)
        {
          g_autofree char *queued = g_strdup_printf ("%" G_GINT64_FORMAT, self->queued);
          g_autofree char *capacity = g_strdup_printf ("%" G_GINT64_FORMAT, self->capacity);

          if (self->gauge_estimated)
            /* Translators: FIFO Lab holds no end; an estimate (bytes were
             * in the pipe before the watch, or a write is under way). */
            g_string_append_printf (text, _("Buffer: about %s of %s bytes queued, as the watch counts them."), queued, capacity);
          else if (self->gauge_watched)
            g_string_append_printf (text, _("Buffer: %s of %s bytes queued, as the watch counts them."), queued, capacity);
          else
            /* Translators: "Buffer: 10 of 65536 bytes queued." */
            g_string_append_printf (text, _("Buffer: %s of %s bytes queued."), queued, capacity);
          g_string_append_c (text, ' ');
        }
      if (pipe_full (self))
        {
          g_string_append (text, _("The pipe is full: writers are blocked."));
          g_string_append_c (text, ' ');
        }
      if (self->event == FIFOLAB_DIAGRAM_EVENT_EOF)
        g_string_append (text, _("End of file: the last writer closed."));
      else if (self->event != FIFOLAB_DIAGRAM_EVENT_NONE)
        {
          FifolabDiagramInk ink;

          g_string_append (text, _fifolab_diagram_event_text (self->event, &ink));
          g_string_append_c (text, '.');
        }
    }

  g_free (self->description);
  self->description = g_strstrip (g_string_free (text, FALSE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

const char *
_fifolab_diagram_event_text (FifolabDiagramEvent  event,
                             FifolabDiagramInk   *ink)
{
  /* Red only for what failed: bytes lost, a writer killed or refused. */
  *ink = FIFOLAB_DIAGRAM_INK_NORMAL;
  switch (event)
    {
    case FIFOLAB_DIAGRAM_EVENT_EOF:
      /* Translators: drawn under the pipe: read() returns 0 from now on. */
      return _("end of file: the last writer closed");
    case FIFOLAB_DIAGRAM_EVENT_NO_READER:
      *ink = FIFOLAB_DIAGRAM_INK_DANGER;
      /* Translators: drawn under the pipe: FIFO Lab wrote with no reader. */
      return _("no reader: EPIPE, the bytes were lost");
    case FIFOLAB_DIAGRAM_EVENT_WRITER_EPIPE:
      *ink = FIFOLAB_DIAGRAM_INK_DANGER;
      /* Translators: drawn under the pipe. */
      return _("EPIPE: a writer wrote with no reader left");
    case FIFOLAB_DIAGRAM_EVENT_SIGPIPE:
      *ink = FIFOLAB_DIAGRAM_INK_DANGER;
      /* Translators: drawn under the pipe: SIGPIPE ended the writer. */
      return _("SIGPIPE: a writer was killed writing with no reader");
    case FIFOLAB_DIAGRAM_EVENT_READER_LEFT:
      /* Translators: drawn under the pipe: nothing was lost. */
      return _("reader left: it closed after reading everything");
    case FIFOLAB_DIAGRAM_EVENT_ENXIO:
      *ink = FIFOLAB_DIAGRAM_INK_WARNING;
      /* Translators: drawn under the pipe: open(O_WRONLY | O_NONBLOCK) failed. */
      return _("ENXIO: no reader yet, a non-blocking open() failed");
    case FIFOLAB_DIAGRAM_EVENT_TORN:
      *ink = FIFOLAB_DIAGRAM_INK_WARNING;
      /* Translators: drawn under the pipe, in two writers' colours. */
      return _("torn message: two writers' bytes mixed");
    case FIFOLAB_DIAGRAM_EVENT_NONE:
    default:
      return NULL;
    }
}
