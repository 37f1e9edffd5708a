/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step mode, in the tracer's thread: a watched thread that enters a call on
 * the FIFO is left in its syscall-entry stop, a PENDING record saying which
 * call waits, until the owner releases it (FIFOLAB_TRACER_RELEASE) or stops
 * stepping (FIFOLAB_TRACER_STEPPING off). Released, it runs the call and is
 * traced as before: its exit stop, its record, and held again at its next
 * call on the FIFO.
 *
 * Only the calls that move bytes or a descriptor of the FIFO are held:
 * read, write, readv, writev, splice, tee, sendfile with the FIFO at one
 * end, open and openat of its path, close of its descriptor. Other calls,
 * dup* and fcntl included, never wait; nor does a call the kernel restarts
 * (it was released already, and a signal or a stop interrupted it).
 *
 * A held thread is in a ptrace-stop: a signal sent to it stays pending and
 * is delivered once it is released, as it would have been during the call
 * (a blocking call is interrupted by it, or completes first when it need
 * not block); SIGKILL ends it at once, and its exit is reported as usual.
 * Other threads of its process run on, and stop with it for a SIGSTOP; the
 * held one joins the group-stop once released. Stopping the watch detaches
 * every held thread in its entry stop: its call runs, untraced.
 *
 * With hold_named (fifolab-peer watch --hold-named, as FIFO Lab runs it),
 * only the processes named by a HOLD command are held, and the children
 * they start: the others are watched as without step mode. FIFO Lab names
 * each process it starts held for step mode; one still on the pipe from
 * before (a reader a lesson let run, waiting in open()) is found by the
 * scans and seen, but was never the stepper's to hold. */
#include "config.h"

#include "fifolab-tracer-loop-private.h"
#include "fifolab-tracer.h"
#include "fifolab-watch-scan.h"

static gboolean
holds (const Tracee *t)
{
  switch (t->sc.kind)
    {
    case FIFOLAB_SC_READ:
    case FIFOLAB_SC_WRITE:
    case FIFOLAB_SC_READV:
    case FIFOLAB_SC_WRITEV:
    case FIFOLAB_SC_SPLICE:
    case FIFOLAB_SC_TEE:
    case FIFOLAB_SC_SENDFILE:
    case FIFOLAB_SC_OPEN:
    case FIFOLAB_SC_OPENAT:
    case FIFOLAB_SC_CLOSE:
      return t->tracked;
    case FIFOLAB_SC_DUP:
    case FIFOLAB_SC_DUP2:
    case FIFOLAB_SC_FCNTL:
    case FIFOLAB_SC_CLOSE_RANGE:
    case FIFOLAB_SC_OTHER:
    default:
      return FALSE;
    }
}

gboolean
fifolab_tracer_step_hold (FifolabTracerLoop *loop,
                          Tracee            *t)
{
  FifolabWatchRecord *record;

  if (!loop->stepping || loop->stopping || t->detaching || t->held ||
      t->restarted || !holds (t))
    return FALSE;
  if (loop->hold_named && !g_hash_table_contains (loop->named, GINT_TO_POINTER (t->tgid)))
    return FALSE;

  record = fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_PENDING, t);
  record->syscall = g_strdup (t->sc.name);
  record->time_us = t->entry_us;
  record->requested = t->requested;
  fifolab_tracer_loop_describe_call (t, record);
  /* An open's flags, read at its entry: whether it may block or fail with
   * ENXIO (fifolab-step-outcome.c). */
  if (t->sc.kind == FIFOLAB_SC_OPEN || t->sc.kind == FIFOLAB_SC_OPENAT)
    record->open_flags = fifolab_watch_open_flags (t->args[t->sc.kind == FIFOLAB_SC_OPEN ? 1 : 2]);
  /* What it asks to move; a write's bytes as they are now. */
  record->size = MAX (record->requested, 0);
  if (t->payload != NULL)
    record->payload = g_bytes_ref (t->payload);

  t->held = TRUE;
  g_queue_push_tail (&loop->held, GINT_TO_POINTER (t->tid));
  return TRUE;
}

static void
let_go (FifolabTracerLoop *loop,
        Tracee            *t)
{
  FifolabWatchRecord *record;

  t->held = FALSE;
  g_queue_remove (&loop->held, GINT_TO_POINTER (t->tid));
  /* The call begins now: its record's time and time blocked count from
   * here, not from when it was held. */
  t->entry_us = g_get_monotonic_time ();
  /* It may block from now on: when to look (fifolab-tracer-loop.c). */
  if (loop->blocked_due == 0 || loop->blocked_due > t->entry_us + FIFOLAB_TRACER_BLOCKED_US)
    loop->blocked_due = t->entry_us + FIFOLAB_TRACER_BLOCKED_US;
  record = fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_RELEASED, t);
  record->syscall = g_strdup (t->sc.name);
  record->time_us = t->entry_us;
}

/* The thread held longest; NULL when none is. */
static Tracee *
oldest_held (FifolabTracerLoop *loop)
{
  while (!g_queue_is_empty (&loop->held))
    {
      gpointer tid = g_queue_peek_head (&loop->held);
      Tracee *t = g_hash_table_lookup (loop->tracees, tid);

      if (t != NULL && t->held)
        return t;
      g_queue_pop_head (&loop->held);
    }
  return NULL;
}

void
fifolab_tracer_step_release (FifolabTracerLoop *loop,
                             pid_t              tid)
{
  Tracee *t = tid > 0 ? g_hash_table_lookup (loop->tracees, GINT_TO_POINTER (tid))
                      : oldest_held (loop);

  if (t == NULL || !t->held)
    return;
  let_go (loop, t);
  fifolab_tracer_loop_resume (t, 0);
}

void
fifolab_tracer_step_set (FifolabTracerLoop *loop,
                         gboolean           stepping)
{
  loop->stepping = stepping;
  while (!stepping && oldest_held (loop) != NULL)
    fifolab_tracer_step_release (loop, 0);
}

void
fifolab_tracer_step_detach_all (FifolabTracerLoop *loop)
{
  Tracee *t;

  loop->stepping = FALSE;
  while ((t = oldest_held (loop)) != NULL)
    {
      let_go (loop, t);
      fifolab_tracer_loop_detach (loop, t, 0);
    }
}

void
fifolab_tracer_step_forget (FifolabTracerLoop *loop,
                            Tracee            *t)
{
  if (!t->held)
    return;
  t->held = FALSE;
  g_queue_remove (&loop->held, GINT_TO_POINTER (t->tid));
}

void
fifolab_tracer_step_name (FifolabTracerLoop *loop,
                          pid_t              pid)
{
  g_hash_table_add (loop->named, GINT_TO_POINTER (pid));
}

void
fifolab_tracer_step_inherit (FifolabTracerLoop *loop,
                             Tracee            *t)
{
  pid_t parent;

  if (!loop->hold_named || g_hash_table_contains (loop->named, GINT_TO_POINTER (t->tgid)))
    return;
  /* From /proc, not from the parent's fork event: the child's first stop
   * may come before it. */
  parent = fifolab_watch_scan_ppid (t->tid);
  if (parent > 0 && g_hash_table_contains (loop->named, GINT_TO_POINTER (parent)))
    g_hash_table_add (loop->named, GINT_TO_POINTER (t->tgid));
}

void
fifolab_tracer_step_unname (FifolabTracerLoop *loop,
                            pid_t              pid)
{
  g_hash_table_remove (loop->named, GINT_TO_POINTER (pid));
}
