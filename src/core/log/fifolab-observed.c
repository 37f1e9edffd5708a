/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a watch saw each process do on one pipe: see fifolab-observed.h.
 *
 * The count: the watch tells each call when it returns, and a reader woken by
 * a write often returns (and is told) before that write. A read that took
 * more than the watch saw written is in debt until the write that paid it is
 * told; a write that entered after that read returned cannot have paid it,
 * so when one comes (or the watch ends) the debt was bytes that were in the
 * pipe before the watch: "before". A process's exit only says that it will
 * write no more: the records of the other processes come in the order the
 * watch saw their calls return, so a write that entered before the read
 * returned may still be told by a process that lives on; the debt is settled
 * at an exit only once no live process can tell one, and at the watch's end
 * (detach) in any case. That order holds per thread, not per process: each
 * thread's records come in order (its next call enters after its last
 * record's), but two threads of one process are as independent as two
 * processes, and one thread's late record says nothing of the other's write
 * still to be told. So each process keeps the latest record time of each of
 * its threads, and a debt waits while any live thread's last record entered
 * before the read returned. A thread first seen later cannot hold it: the
 * tracer tells a thread's attach at its first stop, before any of its calls,
 * so every call of a thread not yet seen enters after the records told so far
 * (the read's among them). A thread that ends unseen (the tracer tells only
 * its process's exit) keeps its time until its process ends: the debt then
 * waits longer, until that exit or the watch's end, never less. A thread's
 * next call enters after its last call returned: a call's record times its
 * thread from the call's return (so the reader's own read does not hold its
 * debt).
 *
 * The write side has the same order. A write that entered after the read in
 * debt returned did not pay it, but when a live thread may still tell an
 * older write that did, it does not settle the debt either: its bytes are
 * kept aside. They are in the pipe (the count shows them queued: the pipe
 * holds the writes' bytes, the bytes before the watch and the debt, less what
 * the reads took; the debt's bytes are found later to be one or the other),
 * but they pay no debt. The debt ends when the older writes pay it (first,
 * in the order told), or, once no live thread may still tell such a write
 * (a call entered after the read returned, an exit, the watch's end), as
 * bytes that were there before the watch; the writes kept aside are then
 * counted as any other, and the session puts them into its byte stream only
 * then, after the older write or the bytes from before the watch
 * (fifolab_observed_is_holding()). A read told meanwhile takes first what
 * the told writes put in that paid no debt, then, if it returned after the
 * first write kept aside entered, the bytes kept aside, and only the rest
 * is a debt of its own (merged with the first: one time, the later). So no
 * byte is counted twice (the kept write is never taken for the payer), none
 * is lost (it is queued all along), and "before" holds only bytes no write
 * that may still be told paid. */
#include "config.h"

#include "fifolab-observed.h"

struct _FifolabObserved
{
  GPtrArray  *processes;    /* FifolabObservedProcess *, first seen first */
  GHashTable *by_pid;       /* gint64 * -> FifolabObservedProcess * (in processes) */
  guint64     written;
  guint64     taken;
  guint64     before;
  /* What reads took that no told write paid and that is not yet found to
   * have been there before the watch. */
  guint64     debt;
  gint64      debt_until;   /* when the last read in debt returned */
  /* Bytes of told writes that entered after the debt's reads returned,
   * while a thread may still tell an older write that paid them: in the
   * pipe, but paying no debt. */
  guint64     aside;
  gint64      aside_since;  /* when the first of them entered */
  /* Writes were kept aside since the debt began (their bytes may since
   * have been read): the session holds them until the debt ends. */
  gboolean    holding;
  gboolean    kept_aside;   /* the last record was such a write */
};

/* One thread of a process: the time of its latest record (0: none timed). */
typedef struct
{
  gint64 tid;
  gint64 seen_us;
} Thread;

/* A process and its threads (the public part first). */
typedef struct
{
  FifolabObservedProcess public;
  GArray                *threads;  /* Thread, first seen first */
} Process;

static void
process_free (gpointer data)
{
  Process *p = data;
  FifolabObservedProcess *process = &p->public;

  g_free (process->comm);
  g_free (process->syscall);
  g_free (process->blocked_syscall);
  g_array_unref (p->threads);
  g_free (p);
}

FifolabObserved *
fifolab_observed_new (void)
{
  FifolabObserved *self = g_new0 (FifolabObserved, 1);

  self->processes = g_ptr_array_new_with_free_func (process_free);
  self->by_pid = g_hash_table_new (g_int64_hash, g_int64_equal);
  return self;
}

void
fifolab_observed_free (FifolabObserved *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_pid);
  g_ptr_array_unref (self->processes);
  g_free (self);
}

static FifolabObservedProcess *
process_of (FifolabObserved          *self,
            const FifolabWatchRecord *record)
{
  FifolabObservedProcess *process = g_hash_table_lookup (self->by_pid, &record->pid);

  if (process == NULL)
    {
      Process *p = g_new0 (Process, 1);

      p->threads = g_array_new (FALSE, FALSE, sizeof (Thread));
      process = &p->public;
      process->pid = record->pid;
      process->result = -1;
      process->requested = -1;
      g_ptr_array_add (self->processes, process);
      g_hash_table_insert (self->by_pid, &process->pid, process);
    }
  if (record->comm != NULL && g_strcmp0 (process->comm, record->comm) != 0)
    {
      g_free (process->comm);
      process->comm = g_strdup (record->comm);
    }
  return process;
}

/* The debt is over: the writes kept aside are counted as any other. */
static void
end_debt (FifolabObserved *self)
{
  self->debt = 0;
  self->aside = 0;
  self->holding = FALSE;
}

/* The reads' debt, declared bytes that were there before the watch. */
static guint64
settle_debt (FifolabObserved *self)
{
  guint64 debt = self->debt;

  self->before += debt;
  end_debt (self);
  return debt;
}

/* The record's thread in @process's table, added when first seen (a
 * record without a tid, from an old recording: the process's main thread). */
static Thread *
thread_of (FifolabObservedProcess   *process,
           const FifolabWatchRecord *record)
{
  GArray *threads = ((Process *) process)->threads;
  gint64 tid = record->tid > 0 ? record->tid : record->pid;
  Thread *thread;

  for (guint i = 0; i < threads->len; i++)
    {
      thread = &g_array_index (threads, Thread, i);
      if (thread->tid == tid)
        return thread;
    }
  g_array_set_size (threads, threads->len + 1);
  thread = &g_array_index (threads, Thread, threads->len - 1);
  thread->tid = tid;
  thread->seen_us = 0;
  return thread;
}

static void
forget_thread (FifolabObservedProcess   *process,
               const FifolabWatchRecord *record)
{
  GArray *threads = ((Process *) process)->threads;
  gint64 tid = record->tid > 0 ? record->tid : record->pid;

  for (guint i = 0; i < threads->len; i++)
    if (g_array_index (threads, Thread, i).tid == tid)
      {
        g_array_remove_index (threads, i);
        return;
      }
}

/* Whether a live thread of a process that lives on may still tell a write
 * that entered before the last read in debt returned (each thread's records
 * come in order; threads not seen yet enter their calls later). */
static gboolean
may_still_pay (FifolabObserved *self)
{
  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);

      if (p->public.gone)
        continue;
      for (guint j = 0; j < p->threads->len; j++)
        if (g_array_index (p->threads, Thread, j).seen_us < self->debt_until)
          return TRUE;
    }
  return FALSE;
}

static void
set_blocked (FifolabObservedProcess   *process,
             const FifolabWatchRecord *record)
{
  g_free (process->blocked_syscall);
  process->blocked_syscall = g_strdup (record->syscall != NULL ? record->syscall : "?");
  process->blocked_tid = record->tid;
  process->blocked_write = record->is_write;
  process->blocked_read = record->is_read;
  process->blocked_requested = record->requested;
  process->blocked_since_us = record->time_us;
}

static guint64
add_call (FifolabObserved          *self,
          FifolabObservedProcess   *process,
          const FifolabWatchRecord *record)
{
  guint64 before = 0;
  guint64 moved = record->result > 0 ? (guint64) record->result : 0;

  g_free (process->syscall);
  process->syscall = g_strdup (record->syscall);
  process->is_write = record->is_write;
  process->is_read = record->is_read;
  process->result = record->result;
  process->error = record->error;
  process->requested = record->requested;
  process->blocked_us = record->blocked_us;
  process->end_us = record->time_us + record->blocked_us;
  process->gone = FALSE;
  /* The call it was blocked in has returned. */
  if (record->tid == process->blocked_tid)
    g_clear_pointer (&process->blocked_syscall, g_free);

  if (record->is_write && moved > 0)
    {
      if (self->debt > 0 && record->time_us >= self->debt_until)
        {
          /* Entered after the reads in debt returned: it did not pay them.
           * Kept aside while a thread may still tell one that did. */
          if (may_still_pay (self))
            {
              if (self->aside == 0)
                self->aside_since = record->time_us;
              self->aside += moved;
              self->holding = TRUE;
              self->kept_aside = TRUE;
            }
          else
            before = settle_debt (self);
        }
      else if (self->debt > 0)
        {
          /* Entered before they returned: it paid them (first). */
          self->debt -= MIN (self->debt, moved);
          if (self->debt == 0)
            end_debt (self);
        }
      process->wrote = TRUE;
      process->written += moved;
      self->written += moved;
    }
  else if (record->is_read && moved > 0)
    {
      guint64 queued = self->written + self->before + self->debt - self->taken;
      /* What told writes put in that paid no debt, the oldest first... */
      guint64 paid = MIN (moved, queued - self->aside);
      guint64 left = moved - paid;

      /* ...then what the writes kept aside put in, if it returned after
       * the first of them entered... */
      if (left > 0 && self->aside > 0 && process->end_us >= self->aside_since)
        {
          paid = MIN (left, self->aside);
          self->aside -= paid;
          left -= paid;
        }
      /* ...and the rest no told write put in: a debt. */
      if (left > 0)
        {
          self->debt += left;
          self->debt_until = MAX (self->debt_until, process->end_us);
        }
      process->read = TRUE;
      process->taken += moved;
      self->taken += moved;
    }
  return before;
}

guint64
fifolab_observed_add (FifolabObserved          *self,
                      const FifolabWatchRecord *record)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);

  self->kept_aside = FALSE;
  if (record->kind != FIFOLAB_WATCH_REFUSED && record->kind != FIFOLAB_WATCH_PENDING &&
      record->kind != FIFOLAB_WATCH_RELEASED)
    {
      FifolabObservedProcess *process = process_of (self, record);
      /* Seen from now on, even by an untimed record (0: it may tell anything). */
      Thread *thread = thread_of (process, record);

      if (record->time_us > 0)
        {
          process->seen_us = MAX (process->seen_us, record->time_us);
          /* The thread's next call enters after this one returned. */
          thread->seen_us = MAX (thread->seen_us,
                                 record->time_us + (record->kind == FIFOLAB_WATCH_CALL ?
                                                    MAX (record->blocked_us, 0) : 0));
        }
    }
  switch (record->kind)
    {
    case FIFOLAB_WATCH_CALL:
      {
        guint64 before = add_call (self, process_of (self, record), record);

        /* A write kept aside waits no longer than a thread may pay. */
        if (before == 0 && self->holding && !may_still_pay (self))
          before = settle_debt (self);
        return before;
      }
    case FIFOLAB_WATCH_ATTACH:
      process_of (self, record)->gone = FALSE;
      return 0;
    case FIFOLAB_WATCH_BLOCKED:
      set_blocked (process_of (self, record), record);
      /* Entered after the read in debt returned: not the write that paid. */
      if (self->holding && !may_still_pay (self))
        return settle_debt (self);
      return 0;
    case FIFOLAB_WATCH_STOPPED:
      process_of (self, record)->stop_signal = (int) record->result;
      return 0;
    case FIFOLAB_WATCH_CONTINUED:
      process_of (self, record)->stop_signal = 0;
      return 0;
    case FIFOLAB_WATCH_EXIT:
    case FIFOLAB_WATCH_DETACH:
      /* An exit ends all its threads (a pid seen again is a new process);
       * a detach lets one thread go. */
      if (record->kind == FIFOLAB_WATCH_EXIT)
        g_array_set_size (((Process *) process_of (self, record))->threads, 0);
      else
        forget_thread (process_of (self, record), record);
      process_of (self, record)->stop_signal = 0;
      g_clear_pointer (&process_of (self, record)->blocked_syscall, g_free);
      process_of (self, record)->gone = TRUE;
      /* An exit: another process may still tell the write that paid. */
      if (record->kind == FIFOLAB_WATCH_EXIT && may_still_pay (self))
        return 0;
      /* No write still to be told can pay what the reads took. */
      return settle_debt (self);
    case FIFOLAB_WATCH_REFUSED:
    case FIFOLAB_WATCH_PENDING:
    case FIFOLAB_WATCH_RELEASED:
    default:
      return 0;
    }
}

guint
fifolab_observed_get_n_processes (FifolabObserved *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->processes->len;
}

const FifolabObservedProcess *
fifolab_observed_get_process (FifolabObserved *self,
                              guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->processes->len, NULL);
  return g_ptr_array_index (self->processes, index);
}

const FifolabObservedProcess *
fifolab_observed_lookup (FifolabObserved *self,
                         gint64           pid)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->by_pid, &pid);
}

guint64
fifolab_observed_get_written (FifolabObserved *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->written;
}

guint64
fifolab_observed_get_taken (FifolabObserved *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->taken;
}

guint64
fifolab_observed_get_before (FifolabObserved *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->before;
}

guint64
fifolab_observed_get_queued (FifolabObserved *self,
                             gboolean        *estimated)
{
  g_return_val_if_fail (self != NULL, 0);

  if (estimated != NULL)
    *estimated = self->before > 0;
  /* The debt's bytes will be found paid or there before the watch. */
  return self->written + self->before + self->debt - self->taken;
}

gboolean
fifolab_observed_is_holding (FifolabObserved *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->holding;
}

gboolean
fifolab_observed_kept_aside (FifolabObserved *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->kept_aside;
}
