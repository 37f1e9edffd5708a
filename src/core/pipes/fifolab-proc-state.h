/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a process is doing right now, as the kernel tells it in /proc: the
 * one place FIFO Lab reads /proc/PID/stat, /proc/PID/wchan and
 * /proc/PID/syscall. */
typedef enum
{
  FIFOLAB_PROC_ACTIVITY_UNKNOWN,          /* /proc refused (another user's process) */
  FIFOLAB_PROC_ACTIVITY_RUNNING,          /* on a CPU or ready to run (R) */
  FIFOLAB_PROC_ACTIVITY_SLEEPING,         /* asleep in a call not on the pipe */
  FIFOLAB_PROC_ACTIVITY_OPEN_WAIT,        /* in open() of a FIFO, the other end not known */
  FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER,  /* in open(O_RDONLY): no writer yet */
  FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER,  /* in open(O_WRONLY): no reader yet */
  FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED,    /* in write(): the pipe is full */
  FIFOLAB_PROC_ACTIVITY_READ_WAITING,     /* in read(): the pipe is empty */
  FIFOLAB_PROC_ACTIVITY_STOPPED,          /* stopped by a signal (T) */
  FIFOLAB_PROC_ACTIVITY_EXITED,           /* a zombie, or gone */
} FifolabProcActivity;

#define FIFOLAB_PROC_WCHAN_MAX 64

typedef struct
{
  FifolabProcActivity activity;
  char      state;      /* /proc/PID/stat's letter (R, S, D, T, Z…), 0: gone */
  gint64    syscall;    /* the call it is in, -1: none or not known */
  int       fd;         /* read()'s or write()'s descriptor, else -1 */
  gint64    count;      /* read()'s or write()'s byte count, else -1
                         * (readv() and writev() too) */
  gboolean  on_pipe;    /* @fd is the FIFO asked about (any pipe if none) */
  char      wchan[FIFOLAB_PROC_WCHAN_MAX]; /* the kernel function it sleeps in, "" */
} FifolabProcState;

/* Reads the state of @pid now. With @fifo_dev and @fifo_ino (the FIFO's
 * st_dev and st_ino; both 0: any pipe) a read() or write() counts as
 * waiting on the pipe only when its descriptor is that FIFO. Never blocks:
 * /proc only, nothing is opened but /proc's own files. */
void        fifolab_proc_state_read      (gint64            pid,
                                          guint64           fifo_dev,
                                          guint64           fifo_ino,
                                          FifolabProcState *state);
/* The same for a FIFO given by @path (stat()ed, never opened; NULL: any). */
void        fifolab_proc_state_read_path (gint64            pid,
                                          const char       *path,
                                          FifolabProcState *state);

/* What the raw texts say, as fifolab_proc_state_read() decides it. @stat_state
 * 0: the process is gone; @wchan and @syscall_text NULL: not readable (another
 * user's process); @syscall_text as /proc/PID/syscall has it ("0 0x3 …",
 * "running", "-1 …"); @fd_is_pipe tells whether descriptor N is the FIFO. */
void        fifolab_proc_state_classify  (char              stat_state,
                                          const char       *wchan,
                                          const char       *syscall_text,
                                          gboolean        (*fd_is_pipe) (int fd, gpointer data),
                                          gpointer          data,
                                          FifolabProcState *state);

/* The kernel function @pid sleeps in (/proc/PID/wchan), NULL when it does
 * not sleep, is gone or that is not known. Transfer full. */
char       *fifolab_proc_dup_wchan       (gint64            pid);

/* Whether @activity means the process waits for the other end of a FIFO in
 * open(). */
gboolean    fifolab_proc_activity_is_opening (FifolabProcActivity activity);

/* In words, translated, lower case, for a process box: "waiting in open()
 * for a writer", "blocked in write(): the pipe is full", "not known"… */
const char *fifolab_proc_activity_describe (FifolabProcActivity activity);

G_END_DECLS
