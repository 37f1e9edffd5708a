/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A write cut short by the watch, finished for the program (issue 15).
 *
 * PTRACE_INTERRUPT makes a signal pending. A thread asleep in a write() to
 * a full pipe (or any write that sleeps) that has already put some of its
 * bytes in then returns that count, as it would for a real signal: a
 * Python writer's os.write() of 100001 bytes returned 65536 under strace
 * and under the watch, and the program went on without the rest. A write
 * that had put nothing in gets -ERESTARTSYS and is restarted by the kernel
 * unseen; only this partial case shows.
 *
 * The watch interrupts a thread at the attach (to start tracing it) and at
 * the end (to let it go). At the end it does not: a thread inside a write
 * or writev is let go at the call's exit stop, which comes when the call
 * returns on its own (fifolab-tracer-loop.c, begin_stop()). At the attach
 * it must, and this file finishes the call instead:
 *
 *  - right after the seize, /proc/TID/syscall says which call the thread
 *    sleeps in, with its arguments (fifolab_tracer_finish_note());
 *  - at the interrupt's stop, the registers say that the thread is on its
 *    way out of that very call (the syscall number, the same arguments),
 *    with a result 0 < n < count; no signal that the program would act on
 *    is pending (one would have cut the write without the watch too);
 *  - then the thread is rewound to its own syscall instruction (the
 *    kernel's restart does the same) with the rest of the call: write (fd,
 *    buf + n, count - n), or a writev of the iovecs left, copied below the
 *    stack's red zone (where a signal frame would go);
 *  - its entry stop is the call's own (the record shows the whole buffer
 *    and count, from the attach), and at its exit stop the program's
 *    result becomes n plus what the rest wrote: count, when it all went
 *    in. A rest that fails (EPIPE: the reader left) leaves n, as the call
 *    would have without the watch.
 *
 * The same cut comes from a signal the program ignores (SIGWINCH, SIGCHLD
 * by default): the kernel drops it for a program that is not traced, but
 * queues it for a traced one, so that the tracer sees it, and it wakes the
 * write. At a write's exit stop, a part of its count written with such a
 * signal pending and none the program acts on, the rest is written in the
 * same way (fifolab_tracer_finish_exit_cut()). The watch's own interrupts
 * never cut one there: it does not interrupt a thread inside a write, but
 * when its owner asks to let go at once (fifolab_tracer_let_go_now()),
 * and then the write returns short, as the owner was told: what the cut
 * and the rest so far put in (the cut alone when the rest put in nothing).
 *
 * A signal the program acts on that comes before the rest is written
 * gives the program its cut write back (the result n, the instruction
 * after the call), as that signal would have cut it without the watch.
 *
 * Decoded for x86_64 only, as the rest of the watch
 * (fifolab-watch-syscalls.c). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "fifolab-tracer-loop-private.h"

/* The x86_64 ABI's red zone, below the stack pointer, that a leaf
 * function may use: the rest's iovecs go below it. */
#define RED_ZONE 128

#if defined(__x86_64__)

void
fifolab_tracer_finish_note (Tracee *t)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/syscall", (int) t->tgid, (int) t->tid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  t->seized_asleep = FALSE;
  /* "NR ARG1 … ARG6 SP PC" while it sleeps in a call; "running", or "-1
   * SP PC" asleep elsewhere (a page fault), otherwise. */
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  fields = g_strsplit (g_strstrip (text), " ", 0);
  if (g_strv_length (fields) < 4 || !g_ascii_isdigit (fields[0][0]))
    return;
  t->seized_nr = g_ascii_strtoull (fields[0], NULL, 10);
  for (guint i = 0; i < 3; i++)
    t->seized_args[i] = g_ascii_strtoull (fields[i + 1], NULL, 16);
  t->seized_asleep = TRUE;
}

/* The signal masks of /proc/TID/status. */
typedef struct
{
  guint64 pending;
  guint64 blocked;
  guint64 ignored;
  guint64 caught;
} SignalMasks;

static gboolean
read_masks (const Tracee *t,
            SignalMasks  *masks)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/status", (int) t->tgid, (int) t->tid);
  g_autofree char *status = NULL;
  const struct
  {
    const char *key;
    guint64    *mask;
  } keys[] = {
    { "\nSigPnd:", &masks->pending },
    { "\nShdPnd:", &masks->pending },
    { "\nSigBlk:", &masks->blocked },
    { "\nSigIgn:", &masks->ignored },
    { "\nSigCgt:", &masks->caught },
  };

  memset (masks, 0, sizeof *masks);
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *line = strstr (status, keys[i].key);

      if (line == NULL)
        return FALSE;
      *keys[i].mask |= g_ascii_strtoull (line + strlen (keys[i].key), NULL, 16);
    }
  return TRUE;
}

static guint64
bit (int sig)
{
  return 1ull << (sig - 1);
}

/* Of @sigs, those the program acts on: caught, or whose default action
 * does something (ends it, stops it). Ignored ones reach a traced program
 * only because it is traced (the kernel queues them for the tracer). */
static guint64
acting (const SignalMasks *masks,
        guint64            sigs)
{
  guint64 default_ignored = bit (SIGCHLD) | bit (SIGCONT) | bit (SIGURG) | bit (SIGWINCH);

  return sigs & (masks->caught | ~(masks->ignored | default_ignored));
}

/* The rest of writev's @iovcnt iovecs at @iov once @done bytes are in,
 * copied into the thread's stack below its red zone: its address in
 * *@out_iov, its count in *@out_cnt. */
static gboolean
place_rest_iov (Tracee  *t,
                guint64  sp,
                guint64  iov,
                guint64  iovcnt,
                gint64   done,
                guint64 *out_iov,
                guint64 *out_cnt)
{
  g_autoptr(GBytes) raw = NULL;
  const struct iovec *all;
  struct iovec local;
  struct iovec remote;
  gsize n;
  gsize first = 0;
  gsize size;
  guint64 addr;
  g_autofree struct iovec *rest = NULL;

  if (iovcnt == 0 || iovcnt > IOV_MAX)
    return FALSE;
  raw = fifolab_watch_read_memory (t->tid, iov, iovcnt * sizeof (struct iovec),
                                   iovcnt * sizeof (struct iovec));
  if (raw == NULL || g_bytes_get_size (raw) != iovcnt * sizeof (struct iovec))
    return FALSE;
  all = g_bytes_get_data (raw, NULL);
  n = (gsize) iovcnt;
  while (first < n && (guint64) done >= all[first].iov_len)
    {
      done -= (gint64) all[first].iov_len;
      first++;
    }
  if (first == n)
    return FALSE;
  rest = g_new (struct iovec, n - first);
  memcpy (rest, all + first, (n - first) * sizeof (struct iovec));
  rest[0].iov_base = (char *) rest[0].iov_base + done;
  rest[0].iov_len -= (gsize) done;

  size = (n - first) * sizeof (struct iovec);
  addr = (sp - RED_ZONE - size) & ~(guint64) 15;
  local.iov_base = rest;
  local.iov_len = size;
  remote.iov_base = (void *) (guintptr) addr;
  remote.iov_len = size;
  if (process_vm_writev (t->tid, &local, 1, &remote, 1, 0) != (gssize) size)
    return FALSE;
  *out_iov = addr;
  *out_cnt = n - first;
  return TRUE;
}

/* @t, in @regs (a stop on the way out of call @nr with @args, which
 * returned @done of @count bytes), is rewound to write the rest from its
 * own syscall instruction. */
static gboolean
rewind_rest (Tracee                  *t,
             struct user_regs_struct *regs,
             guint64                  nr,
             const guint64           *args,
             gint64                   done,
             gint64                   count)
{
  static const guint8 syscall_insn[2] = { 0x0f, 0x05 };
  g_autoptr(GBytes) insn = NULL;
  SignalMasks masks;
  guint64 rest[3];

  if (done <= 0 || done >= count)
    return FALSE;
  /* A signal it acts on would have cut it without the watch too. */
  if (!read_masks (t, &masks) || acting (&masks, masks.pending & ~masks.blocked) != 0)
    return FALSE;
  /* Entered by the syscall instruction just before, as the kernel's own
   * restart assumes. */
  insn = fifolab_watch_read_memory (t->tid, regs->rip - 2, 2, 2);
  if (insn == NULL || g_bytes_get_size (insn) != 2 ||
      memcmp (g_bytes_get_data (insn, NULL), syscall_insn, 2) != 0)
    return FALSE;

  rest[0] = args[0];
  if (nr == SYS_write)
    {
      rest[1] = args[1] + (guint64) done;
      rest[2] = args[2] - (guint64) done;
    }
  else if (!place_rest_iov (t, regs->rsp, args[1], args[2], done, &rest[1], &rest[2]))
    return FALSE;

  /* The registers of the cut as the program would get them: the call's
   * result, its arguments (a system call keeps them), the instruction
   * after it. The rest ends with these, its result added. */
  regs->rax = (guint64) done;
  regs->rdi = args[0];
  regs->rsi = args[1];
  regs->rdx = args[2];
  g_clear_pointer (&t->finish_regs, g_free);
  t->finish_regs = g_memdup2 (regs, sizeof *regs);
  regs->rip -= 2;
  regs->rax = nr;
  regs->rsi = rest[1];
  regs->rdx = rest[2];
  if (ptrace (PTRACE_SETREGS, t->tid, NULL, regs) != 0)
    {
      g_clear_pointer (&t->finish_regs, g_free);
      return FALSE;
    }
  t->finishing = TRUE;
  t->finish_entered = FALSE;
  t->finish_nr = nr;
  memcpy (t->finish_args, args, sizeof t->finish_args);
  memcpy (t->finish_rest, rest, sizeof t->finish_rest);
  t->finish_done = done;
  /* The rest is the call going on (a restart): never held by step mode. */
  t->restart_nr = nr;
  return TRUE;
}

static gint64
count_of (Tracee        *t,
          guint64        nr,
          const guint64 *args)
{
  return nr == SYS_write ? (gint64) args[2] : fifolab_watch_iov_length (t->tid, args[1], args[2]);
}

gboolean
fifolab_tracer_finish_cut (Tracee *t)
{
  struct user_regs_struct regs;
  guint64 nr = t->seized_nr;

  if (nr != SYS_write && nr != SYS_writev)
    return FALSE;
  if (ptrace (PTRACE_GETREGS, t->tid, NULL, &regs) != 0)
    return FALSE;
  /* On its way out of the call it slept in, and not from the start. */
  if (regs.orig_rax != nr || regs.rdi != t->seized_args[0] ||
      regs.rsi != t->seized_args[1] || regs.rdx != t->seized_args[2])
    return FALSE;
  if (!rewind_rest (t, &regs, nr, t->seized_args, (gint64) regs.rax,
                    count_of (t, nr, t->seized_args)))
    return FALSE;
  /* Its record counts from now, the first the watch knows of it. */
  t->restart_us = g_get_monotonic_time ();
  return TRUE;
}

gboolean
fifolab_tracer_finish_exit_cut (Tracee *t,
                                gint64  rval)
{
  struct user_regs_struct regs;
  SignalMasks masks;
  gint64 count;

  /* Cheap tests first: this runs at every write's exit. */
  if ((t->nr != SYS_write && t->nr != SYS_writev) || rval <= 0)
    return FALSE;
  count = t->nr == SYS_write ? (gint64) t->args[2] :
          t->requested >= 0 ? t->requested : count_of (t, t->nr, t->args);
  if (rval >= count)
    return FALSE;
  /* Only a signal cuts a write that sleeps: one must be pending, and
   * (rewind_rest() checks) none the program acts on. A write that was
   * not cut (a non-blocking one that filled the pipe) has none. */
  if (!read_masks (t, &masks) || (masks.pending & ~masks.blocked) == 0)
    return FALSE;
  if (ptrace (PTRACE_GETREGS, t->tid, NULL, &regs) != 0)
    return FALSE;
  if (!rewind_rest (t, &regs, t->nr, t->args, rval, count))
    return FALSE;
  /* The rest's record keeps the call's entry time. */
  t->restart_us = t->entry_us;
  return TRUE;
}

void
fifolab_tracer_finish_exit (Tracee   *t,
                            gint64   *rval,
                            gboolean *failed)
{
  struct user_regs_struct regs;
  gint64 total = t->finish_done + (*failed ? 0 : *rval);

  t->finishing = FALSE;
  /* As the call would have returned: its registers, its whole result. */
  memcpy (&regs, t->finish_regs, sizeof regs);
  g_clear_pointer (&t->finish_regs, g_free);
  regs.rax = (guint64) total;
  if (ptrace (PTRACE_SETREGS, t->tid, NULL, &regs) != 0)
    return;
  *rval = total;
  *failed = FALSE;
}

void
fifolab_tracer_finish_signal (Tracee *t,
                              int     sig)
{
  SignalMasks masks;

  if (!t->finishing || sig <= 0 || sig > 64)
    return;
  if (read_masks (t, &masks) && acting (&masks, bit (sig)) == 0)
    return;
  /* The registers of the cut: its result, the instruction after the call.
   * A rest restarted after -ERESTARTSYS is dropped with them. */
  ptrace (PTRACE_SETREGS, t->tid, NULL, t->finish_regs);
  t->finishing = FALSE;
  g_clear_pointer (&t->finish_regs, g_free);
}

#else

/* Nothing is finished: the cut stays, as under strace. */
void
fifolab_tracer_finish_note (Tracee *t)
{
  t->seized_asleep = FALSE;
}

gboolean
fifolab_tracer_finish_cut (Tracee *t)
{
  return FALSE;
}

gboolean
fifolab_tracer_finish_exit_cut (Tracee *t,
                                gint64  rval)
{
  return FALSE;
}

void
fifolab_tracer_finish_exit (Tracee   *t,
                            gint64   *rval,
                            gboolean *failed)
{
  t->finishing = FALSE;
}

void
fifolab_tracer_finish_signal (Tracee *t,
                              int     sig)
{
}

#endif

void
fifolab_tracer_finish_entry (Tracee  *t,
                             guint64  nr,
                             guint64 *args)
{
  if (!t->finishing || nr != t->finish_nr ||
      memcmp (args, t->finish_rest, sizeof t->finish_rest) != 0)
    return;
  /* The call's own, so that its record shows the whole of it. */
  t->finish_entered = TRUE;
  memcpy (args, t->finish_args, sizeof t->finish_args);
}

void
fifolab_tracer_finish_clear (Tracee *t)
{
  t->finishing = FALSE;
  g_clear_pointer (&t->finish_regs, g_free);
}
