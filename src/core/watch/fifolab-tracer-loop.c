/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tracer's thread: every ptrace call of a watch is made here, since the
 * kernel ties a tracee to the thread that attached it.
 *
 * It sleeps in wait4 (-1, __WALL | __WNOTHREAD), as strace does: only for
 * its own tracees and children, never for children of other threads of the
 * process (a GSubprocess's exit status stays GLib's). A stop costs that one
 * call, the ptrace calls that read the system call and resume the tracee, and
 * process_vm_readv for a payload: nothing more. The owner wakes it only when
 * it queues a command, and a timer when a batch is due (fifolab-tracer-wake.c).
 * SIGCHLD, sent for each stop too, stays blocked in every thread
 * (FifolabTracer checks it): no handler runs twice per system call.
 *
 * When the owner leaves many batches unread (its output is not read fast
 * enough), the thread stops taking stops until it catches up: the tracees
 * wait in their stops, as under strace writing to a full pipe, and memory
 * stays bounded.
 *
 * Tracees are seized (PTRACE_SEIZE, never PTRACE_O_EXITKILL), stopped with
 * PTRACE_INTERRUPT and resumed with PTRACE_SYSCALL, so they stop at each
 * system call's entry and exit. Signals are re-injected as they were to be
 * delivered; group-stops (SIGSTOP, SIGTSTP, …) are left in place with
 * PTRACE_LISTEN, so a stopped process stays stopped until its SIGCONT; exec,
 * clone, fork and vfork are followed. Stopping interrupts each tracee and
 * detaches it at its next stop, with the signal it was about to get; but
 * a thread inside a write (on any descriptor), which an interrupt would cut
 * short once some of its bytes are in, is let go at the call's exit stop,
 * after a LETTING_GO record that tells the owner whom the stop waits for
 * (only for a write still going on a short grace after the stop began);
 * unless the owner says to let go at once (LET_GO): the write is then
 * interrupted, and returns short.
 * A write cut short by the attach's interrupt is finished for the program
 * (fifolab-tracer-finish.c): attaching changes no result it sees. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-tracer-loop-private.h"
#include "fifolab-tracer.h"
#include "fifolab-watch-scan.h"

/* A batch goes to the owner at this size, or once its first record is this
 * old: under a steady stream the owner's main loop wakes some 50 times a
 * second, not at every call. It is checked between two stops, when every
 * record in it is complete. */
#define BATCH_MAX 512
#define BATCH_MAX_AGE_US 20000
/* The thread holds (takes no stop) while the owner has this many batches
 * waiting: some 16,000 records at most, and a main loop that is running. */
#define BATCHES_WAITING_MAX 32

/* A call past FIFOLAB_TRACER_BLOCKED_US that was not asleep (it ran, or
 * waited in a stop for this thread) is looked at again this much later. */
#define BLOCKED_RECHECK_US (FIFOLAB_TRACER_BLOCKED_US / 4)

/* The stop waits for a thread inside a write (stop_waits_for()); it says
 * so (LETTING_GO) only for one still inside it this long after the stop
 * began: a write to a regular file, or to a pipe or terminal being read,
 * returns within microseconds, or a few scheduler slices on a loaded
 * machine, and is let go without a word; a write to a full pipe nobody
 * reads, or a terminal on hold, stays. Twice FIFOLAB_TRACER_BLOCKED_US,
 * after which a call on the FIFO counts as blocked: short enough that the
 * person who stopped the watch learns at once why it does not end. */
#define STOP_GRACE_US (2 * FIFOLAB_TRACER_BLOCKED_US)

/* The kernel's "restart me" results, never seen by the program. */
#define ERESTARTSYS 512
#define ERESTART_RESTARTBLOCK 516

void
fifolab_tracer_command_free (FifolabTracerCommand *command)
{
  g_free (command->program);
  g_strfreev (command->argv);
  g_free (command->exec_failed);
  g_free (command);
}

void
fifolab_tracer_batch_free (FifolabTracerBatch *batch)
{
  g_clear_pointer (&batch->records, g_ptr_array_unref);
  g_free (batch->error);
  g_free (batch);
}

static void
tracee_free (gpointer data)
{
  Tracee *t = data;

  g_free (t->comm);
  g_clear_pointer (&t->payload, g_bytes_unref);
  fifolab_tracer_finish_clear (t);
  g_free (t);
}

static void
loop_clear (gpointer data)
{
  FifolabTracerLoop *loop = data;

  g_async_queue_unref (loop->commands);
  g_async_queue_unref (loop->batches);
  g_main_context_unref (loop->context);
  fifolab_tracer_wake_clear (&loop->wake);
  g_clear_pointer (&loop->fds, fifolab_watch_fds_free);
  g_clear_pointer (&loop->tracees, g_hash_table_unref);
  g_clear_pointer (&loop->batch, fifolab_tracer_batch_free);
  g_queue_clear (&loop->held);
  g_clear_pointer (&loop->named, g_hash_table_unref);
}

FifolabTracerLoop *
fifolab_tracer_loop_new (dev_t         dev,
                         ino_t         ino,
                         GAsyncQueue  *batches,
                         GMainContext *context,
                         GError      **error)
{
  FifolabTracerLoop *loop;

  if (!fifolab_tracer_wake_install (error))
    return NULL;

  loop = g_atomic_rc_box_new0 (FifolabTracerLoop);
  loop->commands = g_async_queue_new_full ((GDestroyNotify) fifolab_tracer_command_free);
  fifolab_tracer_wake_init (&loop->wake);
  loop->batches = g_async_queue_ref (batches);
  loop->context = g_main_context_ref (context);
  loop->fds = fifolab_watch_fds_new (dev, ino);
  loop->tracees = g_hash_table_new_full (NULL, NULL, NULL, tracee_free);
  loop->named = g_hash_table_new (NULL, NULL);
  return loop;
}

void
fifolab_tracer_loop_set_hold_named (FifolabTracerLoop *loop,
                                    gboolean           hold_named)
{
  /* Read by the thread only, which does not run yet. */
  loop->hold_named = hold_named;
}

FifolabTracerLoop *
fifolab_tracer_loop_ref (FifolabTracerLoop *loop)
{
  return g_atomic_rc_box_acquire (loop);
}

void
fifolab_tracer_loop_unref (FifolabTracerLoop *loop)
{
  g_atomic_rc_box_release_full (loop, loop_clear);
}

void
fifolab_tracer_loop_send (FifolabTracerLoop    *loop,
                          FifolabTracerCommand *command)
{
  g_async_queue_push (loop->commands, command);
  g_atomic_int_set (&loop->commands_pending, 1);
  fifolab_tracer_wake_up (&loop->wake);
}

void
fifolab_tracer_loop_delivered (FifolabTracerLoop *loop)
{
  if (g_atomic_int_get (&loop->holding))
    fifolab_tracer_wake_up (&loop->wake);
}

/* -------------------------------------------------------------------- */
/* Records and batches */

static FifolabTracerBatch *
current_batch (FifolabTracerLoop *loop)
{
  if (loop->batch == NULL)
    {
      loop->batch = g_new0 (FifolabTracerBatch, 1);
      loop->batch->records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
      loop->batch_start_us = g_get_monotonic_time ();
    }
  return loop->batch;
}

static void
flush (FifolabTracerLoop *loop)
{
  if (loop->batch == NULL)
    return;
  g_async_queue_push (loop->batches, g_steal_pointer (&loop->batch));
  fifolab_tracer_wake_timer_done (&loop->wake);
  /* Before the owner can have read the queue: it wakes us once it has. */
  if (g_async_queue_length (loop->batches) >= BATCHES_WAITING_MAX)
    g_atomic_int_set (&loop->holding, 1);
  /* Thread-safe: the owner's source checks the queue. */
  g_main_context_wakeup (loop->context);
}

static const char *
tracee_comm (Tracee *t)
{
  if (t->comm == NULL)
    t->comm = fifolab_watch_scan_comm (t->tgid, t->tid);
  return t->comm;
}

FifolabWatchRecord *
fifolab_tracer_loop_add_record (FifolabTracerLoop *loop,
                                FifolabWatchKind   kind,
                                Tracee            *t)
{
  FifolabWatchRecord *record = fifolab_watch_record_new (kind);

  record->pid = t->tgid;
  record->tid = t->tid;
  record->comm = g_strdup (tracee_comm (t));
  record->time_us = g_get_monotonic_time ();
  /* Filled in by the caller: the batch goes out from the loop, once the
   * record is complete (the owner's thread reads it as soon as it has it). */
  g_ptr_array_add (current_batch (loop)->records, record);
  return record;
}

/* -------------------------------------------------------------------- */
/* Tracees */

/* A seized thread is not announced yet: until its first stop it runs
 * untraced, and a call it makes meanwhile (a read that returns the bytes a
 * write put in just after the ATTACH record went out) would never be seen.
 * announce() makes the record at that stop, when nothing can be missed any
 * more; whoever waits for it may then make the thread do something. */
static Tracee *
add_tracee (FifolabTracerLoop *loop,
            pid_t              tid,
            pid_t              tgid,
            const char        *comm)
{
  Tracee *t = g_new0 (Tracee, 1);

  t->tid = tid;
  t->tgid = tgid > 0 ? tgid : tid;
  t->detaching = loop->stopping;
  /* Read now: a process that ends has no comm left to read. */
  t->comm = comm != NULL ? g_strdup (comm) : fifolab_watch_scan_comm (t->tgid, t->tid);
  g_hash_table_insert (loop->tracees, GINT_TO_POINTER (tid), t);
  return t;
}

static void
announce (FifolabTracerLoop *loop,
          Tracee            *t)
{
  if (t->announced)
    return;
  t->announced = TRUE;
  fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_ATTACH, t);
}

static void
remove_tracee (FifolabTracerLoop *loop,
               Tracee            *t)
{
  fifolab_tracer_step_forget (loop, t);
  g_hash_table_remove (loop->tracees, GINT_TO_POINTER (t->tid));
}

void
fifolab_tracer_loop_resume (Tracee *t,
                            int     sig)
{
  /* ESRCH: it died meanwhile (SIGKILL); its exit is reported next. */
  ptrace (PTRACE_SYSCALL, t->tid, NULL, (void *) (glong) sig);
}

void
fifolab_tracer_loop_detach (FifolabTracerLoop *loop,
                            Tracee            *t,
                            int                sig)
{
  /* The signal it was to get goes with it. */
  ptrace (PTRACE_DETACH, t->tid, NULL, (void *) (glong) sig);
  fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_DETACH, t);
  remove_tracee (loop, t);
}

static void
refuse (FifolabTracerLoop *loop,
        pid_t              pid,
        int                error)
{
  FifolabWatchRecord *record = fifolab_watch_record_new (FIFOLAB_WATCH_REFUSED);

  record->pid = pid;
  record->tid = pid;
  record->comm = fifolab_watch_scan_comm (pid, pid);
  record->time_us = g_get_monotonic_time ();
  record->error = error;
  record->message = fifolab_watch_explain_refusal (pid, error);
  g_ptr_array_add (current_batch (loop)->records, record);
  /* Never traced, its end is never seen: its pid may come back as another's. */
  fifolab_tracer_step_unname (loop, pid);
}

/* Seizes every thread of @pid, listing them again until no new one appears
 * (a thread started by one not yet seized is not followed by TRACECLONE). */
static void
attach_process (FifolabTracerLoop *loop,
                pid_t              pid)
{
  gboolean seized_any = TRUE;
  guint rounds = 0;

  while (seized_any && rounds++ < 100)
    {
      g_autoptr(GArray) tids = fifolab_watch_scan_threads (pid);

      seized_any = FALSE;
      for (guint i = 0; i < tids->len; i++)
        {
          pid_t tid = g_array_index (tids, pid_t, i);

          if (g_hash_table_contains (loop->tracees, GINT_TO_POINTER (tid)))
            continue;
          if (ptrace (PTRACE_SEIZE, tid, NULL, (void *) (glong) FIFOLAB_TRACER_OPTIONS) != 0)
            {
              int saved_errno = errno;

              /* A thread that ended meanwhile is no refusal; nor is a
               * process that ended since the scan that named it (a
               * zombie, which the kernel refuses to anyone: EPERM). */
              if (saved_errno != ESRCH && !seized_any && rounds == 1 && i == 0 &&
                  !fifolab_watch_scan_ended (pid))
                refuse (loop, pid, saved_errno);
              if (saved_errno != ESRCH)
                return;
              continue;
            }
          /* The call it sleeps in, which the interrupt may cut short. */
          fifolab_tracer_finish_note (add_tracee (loop, tid, pid, NULL));
          /* Into a ptrace-stop, from which PTRACE_SYSCALL starts the tracing. */
          ptrace (PTRACE_INTERRUPT, tid, NULL, NULL);
          seized_any = TRUE;
        }
    }
}

static void
spawn (FifolabTracerLoop    *loop,
       FifolabTracerCommand *command)
{
  FifolabTracerBatch *batch;
  sigset_t none;
  int go[2];
  pid_t pid;

  batch = current_batch (loop);
  if (pipe2 (go, O_CLOEXEC) != 0)
    {
      batch->error = g_strdup (g_strerror (errno));
      return;
    }
  sigemptyset (&none);

  pid = fork ();
  if (pid == 0)
    {
      /* The child: only async-signal-safe calls until exec. It runs as it
       * would without the watch: no blocked signal, SIGPIPE by default. */
      char c;
      ssize_t n;

      signal (SIGPIPE, SIG_DFL);
      sigprocmask (SIG_SETMASK, &none, NULL);
      close (go[1]);
      /* Wait until it is seized and stopped, so that its exec is seen. */
      do
        n = read (go[0], &c, 1);
      while (n < 0 && errno == EINTR);
      execv (command->program, command->argv);
      n = write (STDERR_FILENO, command->exec_failed, strlen (command->exec_failed));
      (void) n;
      _exit (127);
    }
  close (go[0]);
  if (pid < 0)
    {
      batch->error = g_strdup (g_strerror (errno));
      close (go[1]);
      return;
    }

  if (ptrace (PTRACE_SEIZE, pid, NULL, (void *) (glong) FIFOLAB_TRACER_OPTIONS) != 0)
    {
      /* It still runs, untraced: it is the command the user asked for. */
      refuse (loop, pid, errno);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (command->program);
      g_autofree char *comm = fifolab_escape_name (base, 0);

      /* Named after what it is about to run, not after this thread. */
      add_tracee (loop, pid, pid, comm);
      /* The command asked for is held in step mode, with --hold-named too. */
      fifolab_tracer_step_name (loop, pid);
      ptrace (PTRACE_INTERRUPT, pid, NULL, NULL);
    }
  current_batch (loop)->spawned = pid;
  /* The child traps before it returns from its read. */
  close (go[1]);
}

static gboolean is_fifo (FifolabTracerLoop *loop, Tracee *t, guint64 fd);

/* A LETTING_GO record: @t, inside a write that an interrupt would cut
 * short, is let go only when the call returns; the owner says so (the
 * watch ends only then, and that may be never: a write to a full pipe
 * nobody reads). */
static void
tell_letting_go (FifolabTracerLoop *loop,
                 Tracee            *t)
{
  FifolabWatchRecord *record = fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_LETTING_GO, t);
  /* Between the rewind of a cut write and the rest's entry, the call is
   * the one being finished. */
  guint64 nr = t->in_call ? t->nr : t->finish_nr;
  int fd = (int) (gint32) (t->in_call ? t->args[0] : t->finish_args[0]);
  FifolabSyscall sc = fifolab_watch_syscall_lookup (nr);

  record->syscall = g_strdup (sc.name);
  record->fd = fd;
  record->time_us = t->in_call ? t->entry_us : record->time_us;
  record->blocked_us = t->in_call ? g_get_monotonic_time () - t->entry_us : 0;
  /* On the FIFO: a write into it, of what it asked to write. */
  record->is_write = is_fifo (loop, t, (guint64) fd);
  record->requested = record->is_write && t->in_call ? t->requested : -1;
  record->size = MAX (record->requested, 0);
}

/* Whether the stop waits for @t: inside a write (on any descriptor), an
 * interrupt would cut it short once some bytes are in, so it is let go at
 * the call's exit stop, when it returns on its own; so is a write being
 * finished (fifolab-tracer-finish.c). */
static gboolean
stop_waits_for (const Tracee *t)
{
  return t->finishing ||
         (t->in_call && (t->sc.kind == FIFOLAB_SC_WRITE || t->sc.kind == FIFOLAB_SC_WRITEV));
}

static void
begin_stop (FifolabTracerLoop *loop)
{
  GHashTableIter iter;
  gpointer value;
  gboolean waits = FALSE;

  loop->stopping = TRUE;
  /* Held in an entry stop already: let go there, before its call. */
  fifolab_tracer_step_detach_all (loop);
  g_hash_table_iter_init (&iter, loop->tracees);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracee *t = value;

      t->detaching = TRUE;
      if (stop_waits_for (t))
        {
          waits = TRUE;
          continue;
        }
      ptrace (PTRACE_INTERRUPT, t->tid, NULL, NULL);
    }
  /* Told only if still inside its write after the grace (tell_waiting()). */
  if (waits)
    loop->letting_go_due = g_get_monotonic_time () + STOP_GRACE_US;
}

/* The stop's grace is over: each thread it still waits for is told. One
 * whose write returned meanwhile was let go at its exit stop, and is no
 * longer a tracee; one still here is inside the same write (a write being
 * finished included: its rest follows under the same call). */
static void
tell_waiting (FifolabTracerLoop *loop)
{
  GHashTableIter iter;
  gpointer value;

  loop->letting_go_due = 0;
  g_hash_table_iter_init (&iter, loop->tracees);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracee *t = value;

      if (stop_waits_for (t))
        tell_letting_go (loop, t);
    }
}

/* LET_GO: the threads the stop waits for, inside a write, are interrupted:
 * the write returns what it has put in (the program sees a short count;
 * one that had put in nothing is restarted by the kernel, untraced), and
 * the thread is let go at its exit stop. */
static void
let_go_now (FifolabTracerLoop *loop)
{
  GHashTableIter iter;
  gpointer value;

  if (!loop->stopping)
    begin_stop (loop);
  if (loop->letting_go_now)
    return;
  loop->letting_go_now = TRUE;
  /* Within the grace: nothing is waited for now, nobody is told. */
  loop->letting_go_due = 0;
  g_hash_table_iter_init (&iter, loop->tracees);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracee *t = value;

      if (stop_waits_for (t))
        ptrace (PTRACE_INTERRUPT, t->tid, NULL, NULL);
    }
}

static void
run_commands (FifolabTracerLoop *loop)
{
  FifolabTracerCommand *command;

  while ((command = g_async_queue_try_pop (loop->commands)) != NULL)
    {
      switch (command->kind)
        {
        case FIFOLAB_TRACER_ATTACH:
          if (!loop->stopping)
            attach_process (loop, command->pid);
          break;
        case FIFOLAB_TRACER_SPAWN:
          if (!loop->stopping)
            spawn (loop, command);
          break;
        case FIFOLAB_TRACER_STOP:
          if (!loop->stopping)
            begin_stop (loop);
          break;
        case FIFOLAB_TRACER_LET_GO:
          let_go_now (loop);
          break;
        case FIFOLAB_TRACER_RELEASE:
          fifolab_tracer_step_release (loop, command->pid);
          break;
        case FIFOLAB_TRACER_STEPPING:
          fifolab_tracer_step_set (loop, command->stepping);
          break;
        case FIFOLAB_TRACER_HOLD:
          fifolab_tracer_step_name (loop, command->pid);
          break;
        default:
          break;
        }
      fifolab_tracer_command_free (command);
    }
}

/* -------------------------------------------------------------------- */
/* System calls */

static gboolean
is_fifo (FifolabTracerLoop *loop,
         Tracee            *t,
         guint64            fd)
{
  return fifolab_watch_fds_is_fifo (loop->fds, t->tgid, (int) (gint32) fd);
}

static void
on_entry (FifolabTracerLoop *loop,
          Tracee            *t,
          guint64            nr,
          const guint64     *args)
{
  gint64 now = g_get_monotonic_time ();
  const guint64 *a = t->args;

  g_clear_pointer (&t->payload, g_bytes_unref);
  t->in_call = TRUE;
  t->nr = nr;
  memcpy (t->args, args, sizeof t->args);
  /* The rest of a write the attach cut short is that write. */
  fifolab_tracer_finish_entry (t, nr, t->args);
  t->restarted = t->restart_nr == nr && t->restart_us > 0;
  t->entry_us = t->restarted ? t->restart_us : now;
  t->restart_nr = 0;
  t->restart_us = 0;
  t->sc = fifolab_watch_syscall_lookup (nr);
  t->fd_is_fifo = FALSE;
  t->fd2_is_fifo = FALSE;
  t->requested = -1;

  switch (t->sc.kind)
    {
    case FIFOLAB_SC_READ:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      t->requested = (gint64) a[2];
      break;
    case FIFOLAB_SC_WRITE:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      t->requested = (gint64) a[2];
      if (t->fd_is_fifo)
        t->payload = fifolab_watch_read_memory (t->tid, a[1], (gsize) a[2], FIFOLAB_WATCH_PAYLOAD_MAX);
      break;
    case FIFOLAB_SC_READV:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      if (t->fd_is_fifo)
        t->requested = fifolab_watch_iov_length (t->tid, a[1], a[2]);
      break;
    case FIFOLAB_SC_WRITEV:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      if (t->fd_is_fifo)
        {
          t->requested = fifolab_watch_iov_length (t->tid, a[1], a[2]);
          t->payload = fifolab_watch_read_iov (t->tid, a[1], a[2], (gsize) MAX (t->requested, 0),
                                               FIFOLAB_WATCH_PAYLOAD_MAX);
        }
      break;
    case FIFOLAB_SC_SPLICE:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      t->fd2_is_fifo = is_fifo (loop, t, a[2]);
      t->requested = (gint64) a[4];
      break;
    case FIFOLAB_SC_TEE:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      t->fd2_is_fifo = is_fifo (loop, t, a[1]);
      t->requested = (gint64) a[2];
      break;
    case FIFOLAB_SC_SENDFILE:
      /* sendfile (out, in, …): "in" first, as for splice and tee. */
      t->fd_is_fifo = is_fifo (loop, t, a[1]);
      t->fd2_is_fifo = is_fifo (loop, t, a[0]);
      t->requested = (gint64) a[3];
      break;
    case FIFOLAB_SC_CLOSE:
    case FIFOLAB_SC_DUP:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      break;
    case FIFOLAB_SC_DUP2:
      t->fd_is_fifo = is_fifo (loop, t, a[0]);
      t->fd2_is_fifo = is_fifo (loop, t, a[1]);
      break;
    case FIFOLAB_SC_FCNTL:
      if (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC)
        t->fd_is_fifo = is_fifo (loop, t, a[0]);
      break;
    case FIFOLAB_SC_OPEN:
    case FIFOLAB_SC_OPENAT:
      {
        int path_arg = t->sc.kind == FIFOLAB_SC_OPEN ? 0 : 1;
        g_autofree char *path = fifolab_watch_read_string (t->tid, a[path_arg]);

        t->fd_is_fifo = fifolab_watch_path_is_file (t->tgid, t->tid,
                                                    path_arg == 0 ? AT_FDCWD : (int) (gint32) a[0],
                                                    path,
                                                    fifolab_watch_fds_get_dev (loop->fds),
                                                    fifolab_watch_fds_get_ino (loop->fds));
      }
      break;
    case FIFOLAB_SC_CLOSE_RANGE:
    case FIFOLAB_SC_OTHER:
    default:
      break;
    }
  t->tracked = t->fd_is_fifo || t->fd2_is_fifo;
  /* A restarted call was told blocked already, if it was. */
  if (!t->restarted)
    t->blocked_told = FALSE;
  /* When to look whether it still runs: a store, no system call. */
  if (t->tracked && loop->blocked_due == 0)
    loop->blocked_due = t->entry_us + FIFOLAB_TRACER_BLOCKED_US;
}

/* What the call did to the descriptors, whether it was on the FIFO or not. */
static void
follow_descriptors (FifolabTracerLoop *loop,
                    Tracee            *t,
                    gint64             rval,
                    gboolean           failed)
{
  const guint64 *a = t->args;

  switch (t->sc.kind)
    {
    case FIFOLAB_SC_CLOSE:
      fifolab_watch_fds_forget (loop->fds, t->tgid, (int) (gint32) a[0]);
      break;
    case FIFOLAB_SC_CLOSE_RANGE:
      if (!failed)
        fifolab_watch_fds_forget_range (loop->fds, t->tgid, (guint) a[0], (guint) a[1]);
      break;
    case FIFOLAB_SC_DUP:
    case FIFOLAB_SC_OPEN:
    case FIFOLAB_SC_OPENAT:
      if (!failed)
        fifolab_watch_fds_set (loop->fds, t->tgid, (int) rval, t->fd_is_fifo);
      break;
    case FIFOLAB_SC_FCNTL:
      if (!failed && (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC))
        fifolab_watch_fds_set (loop->fds, t->tgid, (int) rval, t->fd_is_fifo);
      break;
    case FIFOLAB_SC_DUP2:
      if (!failed)
        fifolab_watch_fds_set (loop->fds, t->tgid, (int) rval, t->fd_is_fifo);
      break;
    case FIFOLAB_SC_OTHER:
    case FIFOLAB_SC_READ:
    case FIFOLAB_SC_WRITE:
    case FIFOLAB_SC_READV:
    case FIFOLAB_SC_WRITEV:
    case FIFOLAB_SC_SPLICE:
    case FIFOLAB_SC_TEE:
    case FIFOLAB_SC_SENDFILE:
    default:
      break;
    }
}

void
fifolab_tracer_loop_describe_call (Tracee             *t,
                                   FifolabWatchRecord *record)
{
  const guint64 *a = t->args;

  switch (t->sc.kind)
    {
    case FIFOLAB_SC_READ:
    case FIFOLAB_SC_READV:
      record->fd = (int) a[0];
      record->is_read = TRUE;
      break;
    case FIFOLAB_SC_WRITE:
    case FIFOLAB_SC_WRITEV:
      record->fd = (int) a[0];
      record->is_write = TRUE;
      break;
    case FIFOLAB_SC_SPLICE:
    case FIFOLAB_SC_TEE:
    case FIFOLAB_SC_SENDFILE:
      record->fd = t->sc.kind == FIFOLAB_SC_SENDFILE ? (int) a[1] : (int) a[0];
      record->fd2 = t->sc.kind == FIFOLAB_SC_SENDFILE ? (int) a[0] :
                    t->sc.kind == FIFOLAB_SC_SPLICE ? (int) a[2] : (int) a[1];
      /* Into the FIFO when it is the destination; tee leaves its source full. */
      record->is_write = t->fd2_is_fifo;
      record->is_read = t->fd_is_fifo && !t->fd2_is_fifo && t->sc.kind != FIFOLAB_SC_TEE;
      break;
    case FIFOLAB_SC_OPEN:
    case FIFOLAB_SC_OPENAT:
      /* No descriptor yet; no transfer. */
      record->fd = -1;
      record->requested = -1;
      break;
    case FIFOLAB_SC_DUP2:
      record->fd = (int) a[0];
      record->fd2 = (int) a[1];
      break;
    case FIFOLAB_SC_CLOSE:
    case FIFOLAB_SC_DUP:
    case FIFOLAB_SC_FCNTL:
    case FIFOLAB_SC_CLOSE_RANGE:
    case FIFOLAB_SC_OTHER:
    default:
      record->fd = (int) a[0];
      break;
    }
}

static void
record_call (FifolabTracerLoop *loop,
             Tracee            *t,
             gint64             rval,
             gboolean           failed,
             gint64             now)
{
  FifolabWatchRecord *record = fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_CALL, t);
  const guint64 *a = t->args;
  gint64 done = failed ? 0 : rval;

  record->syscall = g_strdup (t->sc.name);
  record->result = failed ? -1 : rval;
  record->error = failed ? (int) -rval : 0;
  record->time_us = t->entry_us;
  record->blocked_us = now - t->entry_us;
  record->requested = t->requested;
  fifolab_tracer_loop_describe_call (t, record);

  switch (t->sc.kind)
    {
    case FIFOLAB_SC_READ:
    case FIFOLAB_SC_READV:
      record->size = done;
      if (done > 0)
        record->payload = t->sc.kind == FIFOLAB_SC_READ
          ? fifolab_watch_read_memory (t->tid, a[1], (gsize) done, FIFOLAB_WATCH_PAYLOAD_MAX)
          : fifolab_watch_read_iov (t->tid, a[1], a[2], (gsize) done, FIFOLAB_WATCH_PAYLOAD_MAX);
      else if (!failed)
        record->payload = g_bytes_new (NULL, 0);
      break;
    case FIFOLAB_SC_WRITE:
    case FIFOLAB_SC_WRITEV:
      /* What went in: the first @done bytes of what was offered. */
      record->size = failed ? MAX (t->requested, 0) : done;
      if (t->payload != NULL)
        {
          gsize len = g_bytes_get_size (t->payload);

          record->payload = failed || (gsize) done >= len
            ? g_bytes_ref (t->payload)
            : g_bytes_new_from_bytes (t->payload, 0, (gsize) done);
        }
      break;
    case FIFOLAB_SC_SPLICE:
    case FIFOLAB_SC_TEE:
    case FIFOLAB_SC_SENDFILE:
      record->size = done;
      break;
    case FIFOLAB_SC_OPEN:
    case FIFOLAB_SC_OPENAT:
      record->fd = failed ? -1 : (int) rval;
      break;
    case FIFOLAB_SC_DUP2:
    case FIFOLAB_SC_CLOSE:
    case FIFOLAB_SC_DUP:
    case FIFOLAB_SC_FCNTL:
    case FIFOLAB_SC_CLOSE_RANGE:
    case FIFOLAB_SC_OTHER:
    default:
      break;
    }
  /* Its reader's return can be seen before its own: told first. */
  fifolab_watch_records_tell_write_first (current_batch (loop)->records);
}

static void
on_exit_stop (FifolabTracerLoop *loop,
              Tracee            *t,
              gint64             rval,
              gboolean           failed)
{
  gint64 now = g_get_monotonic_time ();

  if (!t->in_call)
    return;
  t->in_call = FALSE;

  /* Let go at once (LET_GO), the rest of a write the attach cut short
   * put nothing in: the program gets the cut, as the attach made it. */
  if (loop->letting_go_now && t->finishing && t->finish_entered &&
      failed && -rval >= ERESTARTSYS && -rval <= ERESTART_RESTARTBLOCK &&
      ptrace (PTRACE_SETREGS, t->tid, NULL, t->finish_regs) == 0)
    {
      fifolab_tracer_finish_clear (t);
      rval = t->finish_done;
      failed = FALSE;
    }

  /* The rest of a write the attach cut short, written: the program gets
   * the whole call's result (a rest to restart is finished when it is). */
  if (t->finishing && t->finish_entered &&
      !(failed && -rval >= ERESTARTSYS && -rval <= ERESTART_RESTARTBLOCK))
    fifolab_tracer_finish_exit (t, &rval, &failed);

  if (failed && -rval >= ERESTARTSYS && -rval <= ERESTART_RESTARTBLOCK)
    {
      /* Interrupted (a signal, a stop, our own interrupt): the kernel runs
       * it again, and the program never sees this result. */
      t->restart_nr = t->nr;
      t->restart_us = t->entry_us;
      return;
    }

  /* Cut short by a signal it ignores, which reaches it only because it
   * is traced: it writes the rest, and is recorded once that returns. */
  if (!failed && !loop->letting_go_now && fifolab_tracer_finish_exit_cut (t, rval))
    return;

  follow_descriptors (loop, t, rval, failed);
  if (t->tracked)
    record_call (loop, t, rval, failed, now);
  g_clear_pointer (&t->payload, g_bytes_unref);
}

/* TRUE at a call's entry stop. */
static gboolean
on_syscall_stop (FifolabTracerLoop *loop,
                 Tracee            *t)
{
  struct __ptrace_syscall_info info;

  memset (&info, 0, sizeof info);
  if (ptrace (PTRACE_GET_SYSCALL_INFO, t->tid, (void *) sizeof info, &info) <= 0)
    return FALSE;
  /* A 32-bit call of a 64-bit process has other numbers: not followed. */
  if (info.arch != 0xc000003eu /* AUDIT_ARCH_X86_64 */)
    {
      t->in_call = FALSE;
      return FALSE;
    }
  if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
    {
      on_entry (loop, t, info.entry.nr, (const guint64 *) info.entry.args);
      return TRUE;
    }
  if (info.op == PTRACE_SYSCALL_INFO_EXIT)
    on_exit_stop (loop, t, info.exit.rval, info.exit.is_error != 0);
  return FALSE;
}

/* -------------------------------------------------------------------- */
/* Blocked calls
 *
 * Every call on the FIFO is stopped at its entry anyway, so the thread knows
 * which ones run; a record comes only when one has run for
 * FIFOLAB_TRACER_BLOCKED_US. The flood's fast path pays a comparison at each
 * entry and at each turn of the loop, never a system call: loop->blocked_due
 * is the earliest a call known to run may reach the threshold, set at the
 * entry of such a call when none was known; once it has passed (at a turn
 * of the loop, or woken by the thread's timer when nothing else happens),
 * check_blocked() looks at the calls that run, tells those past the
 * threshold whose thread sleeps in the kernel (/proc/TID/stat, read only
 * for them), and sets the next time. A call reaches the threshold, so, and
 * is told at most 2 × FIFOLAB_TRACER_BLOCKED_US (and a batch's age) after
 * its entry. */

/* Whether thread @t sleeps in the kernel (S or D): inside its call, not
 * running, not in a stop this thread has not taken yet (t), not gone. */
static gboolean
sleeps_in_kernel (Tracee *t)
{
  char path[64];
  char buf[128];
  const char *paren;
  ssize_t n;
  int fd;

  g_snprintf (path, sizeof path, "/proc/%d/task/%d/stat", (int) t->tgid, (int) t->tid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  /* "PID (COMM) S …": the command may hold ")", the numbers after it not. */
  paren = strrchr (buf, ')');
  return paren != NULL && paren[1] == ' ' && (paren[2] == 'S' || paren[2] == 'D');
}

static void
tell_blocked (FifolabTracerLoop *loop,
              Tracee            *t,
              gint64             now)
{
  FifolabWatchRecord *record = fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_BLOCKED, t);

  t->blocked_told = TRUE;
  record->syscall = g_strdup (t->sc.name);
  record->time_us = t->entry_us;
  record->blocked_us = now - t->entry_us;
  record->requested = t->requested;
  fifolab_tracer_loop_describe_call (t, record);
  /* What it asks to move. */
  record->size = MAX (record->requested, 0);
  if (t->sc.kind == FIFOLAB_SC_OPEN || t->sc.kind == FIFOLAB_SC_OPENAT)
    {
      /* The end it opens, whose other end it waits for. */
      guint64 flags = t->args[t->sc.kind == FIFOLAB_SC_OPEN ? 1 : 2];

      record->is_read = (flags & O_ACCMODE) == O_RDONLY;
      record->is_write = (flags & O_ACCMODE) == O_WRONLY;
    }
}

static void
check_blocked (FifolabTracerLoop *loop,
               gint64             now)
{
  GHashTableIter iter;
  gpointer value;
  gint64 next = 0;

  g_hash_table_iter_init (&iter, loop->tracees);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracee *t = value;
      gint64 due;

      /* A held call (step mode) has not begun. */
      if (!t->in_call || !t->tracked || t->held || t->blocked_told || t->detaching)
        continue;
      due = t->entry_us + FIFOLAB_TRACER_BLOCKED_US;
      if (due <= now)
        {
          if (sleeps_in_kernel (t))
            {
              tell_blocked (loop, t, now);
              continue;
            }
          due = now + BLOCKED_RECHECK_US;
        }
      next = next == 0 ? due : MIN (next, due);
    }
  loop->blocked_due = next;
}

static void
on_exec (FifolabTracerLoop *loop,
         Tracee           **tp)
{
  Tracee *t = *tp;
  unsigned long former = 0;

  /* A thread other than the leader that execs takes the leader's id; the
   * id it had is gone. */
  if (ptrace (PTRACE_GETEVENTMSG, t->tid, NULL, &former) == 0 &&
      (pid_t) former != t->tid)
    {
      Tracee *old = g_hash_table_lookup (loop->tracees, GINT_TO_POINTER ((pid_t) former));

      if (old != NULL)
        remove_tracee (loop, old);
    }
  /* Descriptors with close-on-exec are gone; the others are checked again. */
  fifolab_watch_fds_forget_process (loop->fds, t->tgid);
  g_free (t->comm);
  t->comm = fifolab_watch_scan_comm (t->tgid, t->tid);
  g_clear_pointer (&t->payload, g_bytes_unref);
  /* The exit stop of execve comes next. */
  t->in_call = TRUE;
  t->tracked = FALSE;
  t->sc = fifolab_watch_syscall_lookup ((guint64) -1);
  *tp = t;
}

/* A stop signal held at its delivery-stop while a SIGCONT was sent is no
 * longer due: without a tracer the SIGCONT would have discarded it, and
 * delivering it now would stop the process for good. */
static int
signal_to_deliver (Tracee *t,
                   int     sig)
{
  if ((sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) &&
      fifolab_watch_scan_signal_pending (t->tid, SIGCONT))
    return 0;
  return sig;
}

static void
on_status (FifolabTracerLoop *loop,
           pid_t              tid,
           int                status)
{
  Tracee *t = g_hash_table_lookup (loop->tracees, GINT_TO_POINTER (tid));
  gboolean asleep;
  int sig;
  int event;

  if (WIFEXITED (status) || WIFSIGNALED (status))
    {
      FifolabWatchRecord *record;

      if (t == NULL)
        return;
      /* Ended before its first stop: its exit still follows an attach. */
      announce (loop, t);
      if (t->tid == t->tgid)
        {
          record = fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_EXIT, t);
          record->signaled = WIFSIGNALED (status);
          record->result = WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status);
          fifolab_watch_fds_forget_process (loop->fds, t->tgid);
          fifolab_tracer_step_unname (loop, t->tgid);
        }
      remove_tracee (loop, t);
      return;
    }
  if (!WIFSTOPPED (status))
    return;

  if (t == NULL)
    {
      /* A child or thread followed by TRACEFORK/TRACECLONE, whose first
       * stop can come before its parent's event. */
      t = add_tracee (loop, tid, fifolab_watch_scan_tgid (tid), NULL);
      fifolab_tracer_step_inherit (loop, t);
    }
  /* Its first stop: every call from here on is seen. */
  announce (loop, t);

  sig = WSTOPSIG (status);
  event = (unsigned) status >> 16;
  /* Only its first stop, the interrupt's, ends the call it slept in. */
  asleep = t->seized_asleep;
  t->seized_asleep = FALSE;
  /* Listening in a group-stop, the next stop that is not one more
   * group-stop comes once it runs: a SIGCONT's trap (PTRACE_EVENT_STOP with
   * SIGTRAP), then that signal's delivery. */
  if (t->group_stopped &&
      !(event == PTRACE_EVENT_STOP &&
        (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)))
    {
      t->group_stopped = FALSE;
      fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_CONTINUED, t);
    }

  if (sig == (SIGTRAP | 0x80))
    {
      gboolean entered = on_syscall_stop (loop, t);

      /* A write being finished is let go once it returns. */
      if (t->detaching && !t->finishing)
        fifolab_tracer_loop_detach (loop, t, 0);
      else if (!(entered && fifolab_tracer_step_hold (loop, t)))
        fifolab_tracer_loop_resume (t, 0);
      return;
    }

  if (event == PTRACE_EVENT_STOP)
    {
      if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
        {
          /* A group-stop: stays stopped (until SIGCONT) without us. */
          if (t->detaching)
            fifolab_tracer_loop_detach (loop, t, 0);
          else if (ptrace (PTRACE_LISTEN, tid, NULL, NULL) == 0)
            {
              fifolab_tracer_loop_add_record (loop, FIFOLAB_WATCH_STOPPED, t)->result = sig;
              t->group_stopped = TRUE;
            }
        }
      else
        {
          /* The interrupt of the attach may have cut its write short. */
          if (asleep)
            fifolab_tracer_finish_cut (t);
          if (t->detaching && !t->finishing)
            fifolab_tracer_loop_detach (loop, t, 0);
          else
            fifolab_tracer_loop_resume (t, 0);
        }
      return;
    }

  if (event != 0)
    {
      if (event == PTRACE_EVENT_EXEC)
        on_exec (loop, &t);
      if (t->detaching && !t->finishing)
        fifolab_tracer_loop_detach (loop, t, 0);
      else
        fifolab_tracer_loop_resume (t, 0);
      return;
    }

  /* A signal on its way to the tracee: it gets it, as without us. */
  sig = signal_to_deliver (t, sig);
  /* Before the rest of a cut write: this signal would have cut it. */
  fifolab_tracer_finish_signal (t, sig);
  if (t->detaching && !t->finishing)
    fifolab_tracer_loop_detach (loop, t, sig);
  else
    fifolab_tracer_loop_resume (t, sig);
}

gpointer
fifolab_tracer_loop_run (gpointer data)
{
  FifolabTracerLoop *loop = data;
  gboolean ok = fifolab_tracer_wake_thread_begin (&loop->wake);

  if (!ok)
    {
      current_batch (loop)->error = g_strdup (g_strerror (errno));
      loop->stopping = TRUE;
    }

  while (ok)
    {
      int status = 0;
      pid_t tid;
      gint64 now;
      gboolean hold;

      /* Before the looks: a wake-up from now on is not lost. */
      fifolab_tracer_wake_reset ();
      /* A command may be queued before the thread first looks. */
      if (g_atomic_int_compare_and_exchange (&loop->commands_pending, 1, 0))
        run_commands (loop);
      if (loop->stopping && g_hash_table_size (loop->tracees) == 0)
        break;

      now = 0;
      if (loop->batch != NULL || loop->blocked_due != 0 || loop->letting_go_due != 0)
        now = g_get_monotonic_time ();

      /* Stopping, a thread may still be inside its write: told now. */
      if (loop->letting_go_due != 0 && now >= loop->letting_go_due)
        tell_waiting (loop);

      /* A call on the FIFO may have run long enough to be blocked: a look
       * (the timer for the next one is set below, once no batch waits).
       * Not while holding: the tracees wait in their stops for us. */
      if (loop->blocked_due != 0 && now >= loop->blocked_due &&
          !loop->stopping && !g_atomic_int_get (&loop->holding))
        check_blocked (loop, now);

      /* What waits goes out when it is old enough, or when nothing else
       * would send it (a spawn's pid, an error, the last records before a
       * pause); meanwhile the timer wakes the thread in time for it. */
      if (loop->batch != NULL)
        {
          gint64 age = now - loop->batch_start_us;

          if (age >= BATCH_MAX_AGE_US || loop->batch->records->len >= BATCH_MAX ||
              loop->batch->spawned > 0 || loop->batch->error != NULL)
            flush (loop);
          else
            fifolab_tracer_wake_at (&loop->wake, loop->batch_start_us + BATCH_MAX_AGE_US, now);
        }
      /* Letting the tracees go takes their stops. */
      hold = g_atomic_int_get (&loop->holding) && !loop->stopping &&
             g_async_queue_length (loop->batches) >= BATCHES_WAITING_MAX;
      if (!hold)
        g_atomic_int_set (&loop->holding, 0);

      /* After the flush: a batch just sent leaves no timer that would
       * bring the thread back for the look (a released call sleeping in
       * its read while the others are held makes no stop to wake it).
       * Not while holding: no look is taken then, and a look already due
       * would set the timer in the past, again and again, the thread
       * spinning instead of sleeping until the owner reads. */
      if (!hold && loop->batch == NULL && loop->blocked_due != 0 && !loop->stopping)
        fifolab_tracer_wake_at (&loop->wake, loop->blocked_due, now);
      /* The end of the stop's grace, when nothing brings the thread back
       * sooner (a batch's timer, due no later, is left as it is). */
      if (loop->letting_go_due != 0)
        fifolab_tracer_wake_at (&loop->wake, loop->letting_go_due, now);
      tid = fifolab_tracer_wake_wait (&status, hold);
      if (tid > 0)
        on_status (loop, tid, status);
    }

  fifolab_tracer_wake_thread_end (&loop->wake);
  /* Tracees left only on an error: the thread's end detaches them. */
  current_batch (loop)->finished = TRUE;
  flush (loop);
  g_hash_table_remove_all (loop->tracees);
  fifolab_tracer_loop_unref (loop);
  return NULL;
}
