/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diagram driven by what a watch observes (issue 15): each watched
 * process's box says what call it is in, or what its last call on the pipe
 * did ("blocked in write() for 3 s, about 4096 of 65536 bytes in", "read()
 * took 22 B", "waiting in open() for a reader"), and a process the watch saw
 * is drawn before the holder scan lists it. A call still running is told by
 * the watch too (its "blocked" record, once the call has run 100 ms asleep,
 * until the call's record), so /proc is read only for the processes it does
 * not watch; the seconds count on every second while one is blocked. What
 * each call carried is the watch's. When FIFO Lab holds no end of the pipe,
 * the gauge is the watch's
 * count: the bytes written less the bytes read, an estimate once bytes that
 * were in the pipe before the watch were read. */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "fifolab-diagram-private.h"

/* The capacity of a pipe nobody resized (16 pages): FIFO Lab cannot ask
 * F_GETPIPE_SZ of a pipe it holds no end of. */
#define DEFAULT_CAPACITY 65536
/* A last call blocked this long says how long. */
#define SHOW_BLOCKED_US 100000

static FifolabObserved *
observed (FifolabDiagram *self)
{
  if (self->watch_session == NULL || self->path == NULL)
    return NULL;
  return fifolab_session_get_observed (self->watch_session, self->path);
}

static char *
seconds_text (gint64 us)
{
  return g_strdup_printf ("%.1f", (double) us / G_USEC_PER_SEC);
}

/* "blocked in write() for 3 s, about 4096 of 65536 bytes in": a blocked
 * writer has put in what the pipe had room for, which is the capacity less
 * the bytes the watch counted before this write (its record comes when it
 * returns). */
static char *
blocked_write_text (FifolabDiagram         *self,
                    const FifolabProcState *state,
                    gint64                  since)
{
  FifolabObserved *seen = observed (self);
  gint64 capacity = self->capacity > 0 ? self->capacity : DEFAULT_CAPACITY;
  gint64 secs = (g_get_monotonic_time () - since) / G_USEC_PER_SEC;
  g_autofree char *secs_text = g_strdup_printf ("%" G_GINT64_FORMAT, secs);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, state->count);
  g_autofree char *in = NULL;

  if (state->count <= 0 || seen == NULL)
    return secs < 1
      /* Translators: a watched process's box, blocked for less than a second. */
      ? g_strdup (_("blocked in write()"))
      /* Translators: a watched process's box: "blocked in write() for 3 s". */
      : g_strdup_printf (_("blocked in write() for %s s"), secs_text);
  in = g_strdup_printf ("%" G_GINT64_FORMAT,
                        CLAMP (capacity - (gint64) fifolab_observed_get_queued (seen, NULL), 0, state->count));
  return secs < 1
    /* Translators: a watched process's box: "blocked in write(), about 4096
     * of 65536 bytes in" (the bytes of this write in the pipe so far). */
    ? g_strdup_printf (_("blocked in write(), about %s of %s bytes in"), in, count)
    /* Translators: a watched process's box: "blocked in write() for 3 s,
     * about 4096 of 65536 bytes in" (the bytes of this write in the pipe). */
    : g_strdup_printf (_("blocked in write() for %s s, about %s of %s bytes in"), secs_text, in, count);
}

/* What @process's last call did, in words, or NULL. */
static char *
last_call_text (const FifolabObservedProcess *process,
                FifolabDiagramInk            *ink)
{
  g_autofree char *result = g_strdup_printf ("%" G_GINT64_FORMAT, process->result);
  g_autofree char *secs = seconds_text (process->blocked_us);
  const char *name = process->syscall;

  *ink = FIFOLAB_DIAGRAM_INK_NORMAL;
  if (name == NULL)
    return NULL;
  if (process->result < 0)
    {
      const char *error = strerrorname_np (process->error);

      *ink = FIFOLAB_DIAGRAM_INK_DANGER;
      /* Translators: a watched process's box: "write() failed: EPIPE". */
      return g_strdup_printf (_("%s() failed: %s"), name, error != NULL ? error : "?");
    }
  if (process->is_write)
    return process->blocked_us >= SHOW_BLOCKED_US
      /* Translators: a watched process's box: "write() put in 22 B after
       * 1.2 s blocked". */
      ? g_strdup_printf (_("%s() put in %s B after %s s blocked"), name, result, secs)
      /* Translators: a watched process's box: "write() put in 22 B". */
      : g_strdup_printf (_("%s() put in %s B"), name, result);
  if (process->is_read && process->result == 0)
    /* Translators: a watched process's box: read() returned 0. */
    return g_strdup_printf (_("%s() returned 0: end of file"), name);
  if (process->is_read)
    return process->blocked_us >= SHOW_BLOCKED_US
      /* Translators: a watched process's box: "read() took 22 B after 0.7 s
       * waiting". */
      ? g_strdup_printf (_("%s() took %s B after %s s waiting"), name, result, secs)
      /* Translators: a watched process's box: "read() took 22 B". */
      : g_strdup_printf (_("%s() took %s B"), name, result);
  *ink = FIFOLAB_DIAGRAM_INK_DIM;
  /* Translators: a watched process's box: "openat() returned 3". */
  return g_strdup_printf (_("%s() returned %s"), name, result);
}

/* What the watch says @process does now, as /proc would say it: the call
 * it is blocked in, else busy with something else (holding its end). */
static void
watched_state (const FifolabObservedProcess *process,
               FifolabProcState             *state)
{
  memset (state, 0, sizeof *state);
  state->activity = FIFOLAB_PROC_ACTIVITY_SLEEPING;
  state->state = 'S';
  state->syscall = -1;
  state->fd = -1;
  state->count = -1;
  if (process->blocked_syscall == NULL)
    return;
  state->on_pipe = TRUE;
  if (g_str_has_prefix (process->blocked_syscall, "open"))
    state->activity = process->blocked_write ? FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER
                    : process->blocked_read ? FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER
                    : FIFOLAB_PROC_ACTIVITY_OPEN_WAIT;
  else if (process->blocked_write)
    {
      state->activity = FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED;
      state->count = process->blocked_requested;
    }
  else if (process->blocked_read)
    state->activity = FIFOLAB_PROC_ACTIVITY_READ_WAITING;
}

/* Whether the watch follows @pid (its box is drawn from its records). */
gboolean
_fifolab_diagram_is_watched (FifolabDiagram *self,
                             gint64          pid)
{
  FifolabObserved *seen = observed (self);
  const FifolabObservedProcess *process = seen != NULL ? fifolab_observed_lookup (seen, pid) : NULL;

  return process != NULL && !process->gone;
}

static gboolean
blocked_tick_cb (gpointer data)
{
  FifolabDiagram *self = data;

  _fifolab_diagram_rebuild (self);
  return G_SOURCE_CONTINUE;
}

/* The state line of a watched process: the call it is in, else the last it
 * made (from the watch; from /proc once the watch let it go). */
static void
describe (FifolabDiagram               *self,
          FifolabDiagramParticipant    *p,
          const FifolabObservedProcess *process,
          guint64                       dev,
          guint64                       ino,
          GHashTable                   *still_blocked)
{
  FifolabProcState state;
  FifolabDiagramInk ink;
  char *text = NULL;

  FifolabWatchRecord *pending = self->step_watch != NULL
                                 ? fifolab_step_watch_get_pending_of (self->step_watch, p->pid) : NULL;

  if (process->gone)
    fifolab_proc_state_read (p->pid, dev, ino, &state);
  else
    watched_state (process, &state);
  _fifolab_diagram_set_state (p, &state);
  if (pending != NULL)
    {
      /* Held by step mode before this call: the call it waits to make. */
      text = fifolab_step_watch_describe_short (pending);
      ink = FIFOLAB_DIAGRAM_INK_WARNING;
    }
  else if (!process->gone && process->stop_signal > 0)
    {
      /* Stopped by a signal, as the watch said, until it is continued:
       * whatever call it is in waits. */
      const char *name = sigabbrev_np (process->stop_signal);
      g_autofree char *sig = name != NULL ? g_strconcat ("SIG", name, NULL)
                                          : g_strdup_printf ("%d", process->stop_signal);

      /* Translators: a watched process's box: "stopped (SIGSTOP)". */
      text = g_strdup_printf (_("stopped (%s)"), sig);
      ink = FIFOLAB_DIAGRAM_INK_WARNING;
    }
  else if (state.activity == FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED)
    {
      gpointer since;

      /* The watch knows when the call began. */
      if (!process->gone)
        g_hash_table_insert (self->blocked_since, GINT_TO_POINTER ((int) p->pid),
                             GSIZE_TO_POINTER ((gsize) process->blocked_since_us));
      if (!g_hash_table_lookup_extended (self->blocked_since, GINT_TO_POINTER ((int) p->pid), NULL, &since))
        {
          since = GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ());
          g_hash_table_insert (self->blocked_since, GINT_TO_POINTER ((int) p->pid), since);
        }
      g_hash_table_add (still_blocked, GINT_TO_POINTER ((int) p->pid));
      text = blocked_write_text (self, &state, (gint64) GPOINTER_TO_SIZE (since));
      ink = FIFOLAB_DIAGRAM_INK_WARNING;
    }
  else if (state.activity == FIFOLAB_PROC_ACTIVITY_RUNNING ||
           state.activity == FIFOLAB_PROC_ACTIVITY_SLEEPING)
    {
      text = last_call_text (process, &ink);
    }
  if (text != NULL)
    {
      g_free (p->state);
      p->state = text;
      p->state_ink = ink;
    }
}

/* The side a process the scan has not listed goes on: what it did or
 * waits to do. */
static GArray *
side_of (FifolabDiagram               *self,
         const FifolabObservedProcess *process,
         guint64                       dev,
         guint64                       ino)
{
  FifolabProcState state;

  if (process->wrote)
    return self->writers;
  if (process->read)
    return self->readers;
  watched_state (process, &state);
  switch (state.activity)
    {
    case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER:
    case FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED:
      return self->writers;
    case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER:
    case FIFOLAB_PROC_ACTIVITY_READ_WAITING:
      return self->readers;
    default:
      return NULL;
    }
}

void
_fifolab_diagram_apply_watch (FifolabDiagram *self,
                              guint64         dev,
                              guint64         ino)
{
  FifolabObserved *seen = observed (self);
  g_autoptr(GHashTable) still_blocked = g_hash_table_new (NULL, NULL);
  guint n = seen != NULL ? fifolab_observed_get_n_processes (seen) : 0;

  if (self->blocked_since == NULL)
    self->blocked_since = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      const FifolabObservedProcess *process = fifolab_observed_get_process (seen, i);
      GArray *sides[] = { self->writers, self->readers };
      gboolean drawn = FALSE;

      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          FifolabDiagramParticipant *p = _fifolab_diagram_find (sides[s], process->pid);

          if (p == NULL || p->is_self || p->exited)
            continue;
          drawn = TRUE;
          describe (self, p, process, dev, ino, still_blocked);
        }
      if (!drawn && !process->gone)
        {
          GArray *side = side_of (self, process, dev, ino);
          FifolabDiagramParticipant *p;

          if (side == NULL)
            continue;
          _fifolab_diagram_add (side, process->pid, process->comm, NULL);
          p = _fifolab_diagram_find (side, process->pid);
          if (p != NULL)
            describe (self, p, process, dev, ino, still_blocked);
        }
    }

  /* The seconds count on while one is blocked. */
  {
    GHashTableIter iter;
    gpointer pid;

    g_hash_table_iter_init (&iter, self->blocked_since);
    while (g_hash_table_iter_next (&iter, &pid, NULL))
      if (!g_hash_table_contains (still_blocked, pid))
        g_hash_table_iter_remove (&iter);
  }
  if (self->gauge_watched)
    {
      gint64 capacity = -1, queued = -1;

      _fifolab_diagram_watch_gauge (self, &capacity, &queued);
      self->capacity = capacity;
      self->queued = queued;
    }
  if (g_hash_table_size (self->blocked_since) > 0 && self->blocked_tick == 0)
    self->blocked_tick = g_timeout_add_seconds (1, blocked_tick_cb, self);
  else if (g_hash_table_size (self->blocked_since) == 0)
    g_clear_handle_id (&self->blocked_tick, g_source_remove);
}

/* Step mode's count (fifolab_step_watch_get_queued()), when FIFO Lab holds
 * no end (@capacity <= 0) and it is known for sure. */
static gboolean
step_gauge (FifolabDiagram *self,
            gint64         *capacity,
            gint64         *queued)
{
  guint64 count = 0;

  if (self->step_watch == NULL || *capacity > 0 ||
      !fifolab_step_watch_get_queued (self->step_watch, &count))
    return FALSE;
  *capacity = DEFAULT_CAPACITY;
  *queued = (gint64) MIN (count, (guint64) DEFAULT_CAPACITY);
  self->gauge_watched = TRUE;
  self->gauge_stepped = TRUE;
  return TRUE;
}

/**
 * _fifolab_diagram_watch_gauge:
 * @capacity: (inout): the pipe's capacity as FIFO Lab's own end tells it, -1: none
 * @queued: (inout): the bytes queued as FIFO Lab's own end tells them
 *
 * Without an end of its own, the watch's count, clamped to the capacity.
 */
void
_fifolab_diagram_watch_gauge (FifolabDiagram *self,
                              gint64         *capacity,
                              gint64         *queued)
{
  FifolabObserved *seen = observed (self);
  gboolean estimated = FALSE;

  self->gauge_watched = FALSE;
  self->gauge_estimated = FALSE;
  self->gauge_stepped = FALSE;
  /* In step mode, its count or nothing: the session's count of the pipe
   * (of every watch it had) is not known for sure. */
  if (self->step_watch != NULL)
    {
      step_gauge (self, capacity, queued);
      return;
    }
  if (seen == NULL || *capacity > 0)
    return;
  *capacity = DEFAULT_CAPACITY;
  *queued = (gint64) MIN (fifolab_observed_get_queued (seen, &estimated), (guint64) DEFAULT_CAPACITY);
  /* A writer blocked in write() on it: the pipe is full, with bytes of a
   * write the watch has not been told of yet. */
  if (self->blocked_since != NULL && g_hash_table_size (self->blocked_since) > 0)
    {
      *queued = DEFAULT_CAPACITY;
      estimated = TRUE;
    }
  self->gauge_watched = TRUE;
  self->gauge_estimated = estimated;
}

/* A step record may change the count: the gauge follows, unless it is
 * FIFO Lab's own end's. */
static void
step_record_cb (FifolabDiagram *self)
{
  gint64 capacity = -1, queued = -1;
  gboolean was_stepped = self->gauge_stepped;

  /* FIFO Lab's own end's; or, step mode off, not step mode's to change. */
  if ((self->capacity > 0 && !self->gauge_watched) || (self->step_watch == NULL && !was_stepped))
    return;
  /* Step mode's count, or "not known" (when it is not known for sure). */
  self->gauge_estimated = FALSE;
  self->gauge_watched = FALSE;
  self->gauge_stepped = FALSE;
  step_gauge (self, &capacity, &queued);
  if (was_stepped != self->gauge_stepped)
    _fifolab_diagram_changed (self);
  fifolab_diagram_set_capacity (self, capacity);
  fifolab_diagram_set_queued (self, queued);
}

void
_fifolab_diagram_stop_watch (FifolabDiagram *self)
{
  g_clear_handle_id (&self->blocked_tick, g_source_remove);
  g_clear_pointer (&self->blocked_since, g_hash_table_unref);
  g_clear_object (&self->watch_session);
  if (self->step_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->step_watch, self);
  g_clear_object (&self->step_watch);
}

/**
 * fifolab_diagram_set_watch_session:
 * @self: a diagram
 * @session: (nullable): the session whose watches the diagram shows
 *
 * fifolab_diagram_follow() sets it too.
 */
void
fifolab_diagram_set_watch_session (FifolabDiagram *self,
                                   FifolabSession *session)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (!g_set_object (&self->watch_session, session))
    return;
  _fifolab_diagram_rebuild (self);
}

/**
 * fifolab_diagram_set_step_watch:
 * @self: a diagram
 * @watch: (nullable): step mode's watch on the diagram's pipe
 */
void
fifolab_diagram_set_step_watch (FifolabDiagram   *self,
                                FifolabStepWatch *watch)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));
  g_return_if_fail (watch == NULL || FIFOLAB_IS_STEP_WATCH (watch));

  if (self->step_watch == watch)
    return;
  if (self->step_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->step_watch, self);
  g_set_object (&self->step_watch, watch);
  if (watch != NULL)
    {
      g_signal_connect_object (watch, "pending-changed", G_CALLBACK (_fifolab_diagram_rebuild), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (watch, "record", G_CALLBACK (step_record_cb), self, G_CONNECT_SWAPPED);
    }
  step_record_cb (self);
  _fifolab_diagram_rebuild (self);
}

/**
 * fifolab_diagram_set_end_gauge:
 * @self: a diagram
 * @capacity: the pipe's capacity as FIFO Lab's own end tells it, -1: no end
 * @queued: the bytes queued, as that end tells them
 *
 * The gauge from FIFO Lab's own end; without one, step mode's count when it
 * is known for sure (else "not known").
 */
void
fifolab_diagram_set_end_gauge (FifolabDiagram *self,
                               gint64          capacity,
                               gint64          queued)
{
  gboolean was_watched = self->gauge_watched;
  gboolean was_stepped = self->gauge_stepped;

  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));

  self->gauge_watched = self->gauge_estimated = self->gauge_stepped = FALSE;
  step_gauge (self, &capacity, &queued);
  if (was_watched != self->gauge_watched || was_stepped != self->gauge_stepped)
    _fifolab_diagram_changed (self);
  fifolab_diagram_set_capacity (self, capacity);
  fifolab_diagram_set_queued (self, queued);
}
