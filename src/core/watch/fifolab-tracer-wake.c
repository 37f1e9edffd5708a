/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tracer's thread sleeps in wait4 (-1, __WALL | __WNOTHREAD), as strace
 * does: a stop of a tracee costs that one call, not a poll(), reads of a
 * signalfd and a last waitpid() that finds nothing. It is woken only when
 * there is something else to do: the owner queued a command (tgkill to the
 * thread), or a batch of records is due (a timer of the thread's own, which
 * signals the thread alone).
 *
 * No wake-up is lost between the thread's last look and its sleep: the
 * handler notes every wake-up (the wait then does not sleep), and once the
 * thread is in the wait it jumps out of it, unless wait4 has just collected a
 * status: then the wait returns it and the thread looks again before the
 * next sleep. The wait calls the kernel through syscall(), not through
 * glibc's waitpid(), a cancellation point that must not be jumped out of. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <gio/gio.h>
#include <setjmp.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fifolab-tracer-wake.h"

/* The thread's state for its handler: what the wait collected (NO_STATUS
 * until then), where to jump out of it, and whether a wake-up came. */
#define NO_STATUS (-1)
static __thread volatile sig_atomic_t woken;
static __thread sigjmp_buf *volatile wake_jump;
static __thread volatile int *volatile wait_status;

static void
on_wake_signal (int sig)
{
  sigjmp_buf *jump = wake_jump;

  woken = 1;
  if (jump != NULL && *wait_status == NO_STATUS)
    {
      wake_jump = NULL;
      siglongjmp (*jump, 1);
    }
}

gboolean
fifolab_tracer_wake_install (GError **error)
{
  static gsize installed;
  static int saved_errno;

  if (g_once_init_enter (&installed))
    {
      struct sigaction action;

      memset (&action, 0, sizeof action);
      action.sa_handler = on_wake_signal;
      /* The mask stays as it was when it jumps (sigsetjmp (…, 0)); the
       * calls it interrupts elsewhere go on. */
      action.sa_flags = SA_RESTART | SA_NODEFER;
      sigemptyset (&action.sa_mask);
      saved_errno = sigaction (FIFOLAB_TRACER_WAKE_SIGNAL, &action, NULL) == 0 ? 0 : errno;
      g_once_init_leave (&installed, 1);
    }
  if (saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot start watching: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

void
fifolab_tracer_wake_init (FifolabTracerWake *wake)
{
  memset (wake, 0, sizeof *wake);
  g_mutex_init (&wake->lock);
}

void
fifolab_tracer_wake_clear (FifolabTracerWake *wake)
{
  g_mutex_clear (&wake->lock);
}

void
fifolab_tracer_wake_up (FifolabTracerWake *wake)
{
  /* A thread not started yet looks first; one that has ended has cleared
   * its id, which another thread may have been given since. */
  g_mutex_lock (&wake->lock);
  if (wake->tid > 0)
    syscall (SYS_tgkill, (pid_t) getpid (), wake->tid, FIFOLAB_TRACER_WAKE_SIGNAL);
  g_mutex_unlock (&wake->lock);
}

gboolean
fifolab_tracer_wake_thread_begin (FifolabTracerWake *wake)
{
  struct sigevent event;
  sigset_t signals;

  /* Its wake-up is the only signal it takes: one sent to the process
   * (SIGINT, SIGTERM, …) goes to another thread. Its handler, run here,
   * could be jumped out of by a wake-up arriving meanwhile: the handler
   * would never finish, its signal would stay blocked in this thread, and
   * the signal would be lost (a watch told twice to stop, the second time
   * to let go at once, waited on). A fault in the thread's own code is
   * still reported where it happens. */
  sigfillset (&signals);
  sigdelset (&signals, FIFOLAB_TRACER_WAKE_SIGNAL);
  sigdelset (&signals, SIGSEGV);
  sigdelset (&signals, SIGBUS);
  sigdelset (&signals, SIGFPE);
  sigdelset (&signals, SIGILL);
  pthread_sigmask (SIG_SETMASK, &signals, NULL);
  woken = 0;

  memset (&event, 0, sizeof event);
  event.sigev_notify = SIGEV_THREAD_ID;
  event.sigev_signo = FIFOLAB_TRACER_WAKE_SIGNAL;
  event._sigev_un._tid = gettid ();
  wake->have_timer = timer_create (CLOCK_MONOTONIC, &event, &wake->timer) == 0;

  g_mutex_lock (&wake->lock);
  wake->tid = gettid ();
  g_mutex_unlock (&wake->lock);
  return wake->have_timer;
}

void
fifolab_tracer_wake_thread_end (FifolabTracerWake *wake)
{
  if (wake->have_timer)
    timer_delete (wake->timer);
  wake->have_timer = FALSE;
  g_mutex_lock (&wake->lock);
  wake->tid = 0;
  g_mutex_unlock (&wake->lock);
}

void
fifolab_tracer_wake_reset (void)
{
  woken = 0;
}

void
fifolab_tracer_wake_arm (FifolabTracerWake *wake,
                         gint64             due_us)
{
  struct itimerspec when;

  if (!wake->have_timer)
    return;
  memset (&when, 0, sizeof when);
  when.it_value.tv_sec = due_us / G_USEC_PER_SEC;
  when.it_value.tv_nsec = (due_us % G_USEC_PER_SEC) * 1000;
  /* g_get_monotonic_time() is CLOCK_MONOTONIC. */
  if (timer_settime (wake->timer, TIMER_ABSTIME, &when, NULL) == 0)
    {
      wake->timer_set = TRUE;
      wake->timer_due = due_us;
    }
}

void
fifolab_tracer_wake_timer_done (FifolabTracerWake *wake)
{
  wake->timer_set = FALSE;
}

pid_t
fifolab_tracer_wake_wait (int      *status,
                          gboolean  hold)
{
  sigjmp_buf jump;
  volatile int got = NO_STATUS;
  volatile pid_t pid = 0;

  wait_status = &got;
  if (sigsetjmp (jump, 0) != 0)
    {
      /* The handler cleared wake_jump: nothing reads the status now. */
      wait_status = NULL;
      return 0;
    }
  wake_jump = &jump;
  if (!woken)
    {
      if (!hold)
        pid = (pid_t) syscall (SYS_wait4, (pid_t) -1, &got, __WALL | __WNOTHREAD, NULL);
      if (hold || (pid < 0 && errno == ECHILD))
        /* Nothing to take, or to wait for yet: until the signal. */
        syscall (SYS_ppoll, NULL, 0, NULL, NULL, 0);
    }
  wake_jump = NULL;
  /* No pointer into this frame outlives it. */
  wait_status = NULL;
  if (pid <= 0)
    return 0;
  *status = got;
  return pid;
}
