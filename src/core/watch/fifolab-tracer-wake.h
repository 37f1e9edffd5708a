/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* How the tracer's thread sleeps and is woken (see fifolab-tracer-wake.c):
 * it sleeps in wait4() for its tracees, as strace does, and another thread
 * (or the thread's own timer) wakes it with FIFOLAB_TRACER_WAKE_SIGNAL, sent
 * to it alone, without a wake-up ever being lost. */

#include <glib.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>

G_BEGIN_DECLS

/* Sent to the thread alone; its handler is the process's from the first
 * tracer on. */
#define FIFOLAB_TRACER_WAKE_SIGNAL (SIGRTMIN + 4)

typedef struct
{
  GMutex   lock;
  pid_t    tid;          /* under lock: > 0 while the thread runs */
  timer_t  timer;        /* the thread's: signals it at a time set */
  gboolean have_timer;
  gboolean timer_set;
  gint64   timer_due;    /* when it is set to go off */
} FifolabTracerWake;

/* Installs the signal's handler (once per process). */
gboolean fifolab_tracer_wake_install      (GError            **error);
void     fifolab_tracer_wake_init         (FifolabTracerWake  *wake);
void     fifolab_tracer_wake_clear        (FifolabTracerWake  *wake);

/* From any thread: wakes the thread if it runs (noted if it is not asleep). */
void     fifolab_tracer_wake_up           (FifolabTracerWake  *wake);

/* From the thread, first and last: it can be woken from then on (its id
 * and its timer); FALSE, errno set, when the timer cannot be made. */
gboolean fifolab_tracer_wake_thread_begin (FifolabTracerWake  *wake);
void     fifolab_tracer_wake_thread_end   (FifolabTracerWake  *wake);

/* From the thread, before it looks at what may have woken it: a wake-up
 * from then on ends the next wait at once. */
void     fifolab_tracer_wake_reset        (void);
/* From the thread: a wake-up at @due_us (g_get_monotonic_time(); @now_us is
 * now), unless one is set already for no later that has not gone off by
 * @now_us (fifolab_tracer_wake_arm() sets it whatever was set); inline, as
 * the loop asks at every turn. fifolab_tracer_wake_timer_done() once it is
 * not needed (a timer that still fires wakes the thread once for nothing). */
void     fifolab_tracer_wake_arm          (FifolabTracerWake  *wake,
                                           gint64              due_us);
static inline void
fifolab_tracer_wake_at (FifolabTracerWake *wake,
                        gint64             due_us,
                        gint64             now_us)
{
  /* One set for no later that has not gone off yet does. */
  if (wake->timer_set && wake->timer_due <= due_us && wake->timer_due > now_us)
    return;
  fifolab_tracer_wake_arm (wake, due_us);
}
void     fifolab_tracer_wake_timer_done   (FifolabTracerWake  *wake);

/* From the thread: sleeps until a tracee or child of the thread has a status
 * (its pid, @status set) or a wake-up comes (0). With @hold, takes no status:
 * sleeps until the wake-up (the tracees wait in their stops meanwhile). */
pid_t    fifolab_tracer_wake_wait         (int                *status,
                                           gboolean            hold);

G_END_DECLS
