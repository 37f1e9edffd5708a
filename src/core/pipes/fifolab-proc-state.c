/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "fifolab-proc-state.h"

/* The kernel functions a process sleeps in on a FIFO (wchan), as Linux
 * names them: open() waiting for the other end, read() on an empty pipe,
 * write() on a full one. */
static gboolean
wchan_is (const char *wchan,
          const char *function)
{
  return wchan != NULL && strstr (wchan, function) != NULL;
}

static gboolean
wchan_opening (const char *wchan)
{
  return wchan_is (wchan, "fifo_open") || wchan_is (wchan, "wait_for_partner");
}

static gboolean
is_read_call (gint64 nr)
{
  return nr == SYS_read || nr == SYS_readv;
}

static gboolean
is_write_call (gint64 nr)
{
  return nr == SYS_write || nr == SYS_writev;
}

/* The open() flags among the call's arguments, or -1. */
static gint64
open_flags (gint64         nr,
            const guint64 *args,
            guint          n_args)
{
#ifdef SYS_open
  if (nr == SYS_open && n_args > 1)
    return (gint64) args[1];
#endif
  if (nr == SYS_openat && n_args > 2)
    return (gint64) args[2];
  return -1;
}

/* "NR 0xARG1 … 0xARG6 0xSP 0xPC", "-1 0xSP 0xPC" or "running". */
static gint64
parse_syscall (const char *text,
               guint64    *args,
               guint      *n_args)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) words = NULL;
  gint64 nr;
  char *end = NULL;

  *n_args = 0;
  if (text == NULL)
    return -1;
  copy = g_strstrip (g_strdup (text));
  words = g_strsplit (copy, " ", 0);
  if (words[0] == NULL || words[0][0] == '\0' || g_str_equal (words[0], "running"))
    return -1;
  nr = g_ascii_strtoll (words[0], &end, 10);
  if (end == words[0] || *end != '\0' || nr < 0)
    return -1;
  for (guint i = 1; words[i] != NULL && *n_args < 6; i++)
    args[(*n_args)++] = g_ascii_strtoull (words[i], NULL, 16);
  return nr;
}

void
fifolab_proc_state_classify (char              stat_state,
                             const char       *wchan,
                             const char       *syscall_text,
                             gboolean        (*fd_is_pipe) (int fd, gpointer data),
                             gpointer          data,
                             FifolabProcState *state)
{
  guint64 args[6] = { 0 };
  guint n_args = 0;
  gint64 nr;
  gboolean wchan_known;

  memset (state, 0, sizeof *state);
  state->state = stat_state;
  state->syscall = -1;
  state->fd = -1;
  state->count = -1;
  /* "0": not asleep, or not allowed to say. */
  wchan_known = wchan != NULL && wchan[0] != '\0' && !g_str_equal (wchan, "0");
  if (wchan_known)
    g_strlcpy (state->wchan, wchan, sizeof state->wchan);

  switch (stat_state)
    {
    case 0:
    case 'Z':
    case 'X':
    case 'x':
      state->activity = FIFOLAB_PROC_ACTIVITY_EXITED;
      return;
    case 'T':
    case 't':
      state->activity = FIFOLAB_PROC_ACTIVITY_STOPPED;
      return;
    case 'R':
      state->activity = FIFOLAB_PROC_ACTIVITY_RUNNING;
      return;
    default:
      break;
    }

  nr = parse_syscall (syscall_text, args, &n_args);
  state->syscall = nr;
  if ((is_read_call (nr) || is_write_call (nr)) && n_args > 0)
    {
      state->fd = (int) args[0];
      /* readv()'s and writev()'s third is a count of iovecs. */
      if (n_args > 2 && (nr == SYS_read || nr == SYS_write))
        state->count = (gint64) args[2];
      state->on_pipe = fd_is_pipe != NULL && fd_is_pipe (state->fd, data);
    }

  if (wchan_opening (wchan))
    {
      gint64 flags = open_flags (nr, args, n_args);

      if (flags < 0)
        state->activity = FIFOLAB_PROC_ACTIVITY_OPEN_WAIT;
      else if ((flags & O_ACCMODE) == O_WRONLY)
        state->activity = FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER;
      else if ((flags & O_ACCMODE) == O_RDONLY)
        state->activity = FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER;
      else
        state->activity = FIFOLAB_PROC_ACTIVITY_OPEN_WAIT;
    }
  else if (nr >= 0 && state->fd >= 0)
    {
      /* In read() or write() on another descriptor: asleep elsewhere. */
      if (!state->on_pipe)
        state->activity = FIFOLAB_PROC_ACTIVITY_SLEEPING;
      else
        state->activity = is_write_call (nr) ? FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED
                                             : FIFOLAB_PROC_ACTIVITY_READ_WAITING;
    }
  else if (nr < 0 && (wchan_is (wchan, "pipe_write") || wchan_is (wchan, "pipe_read")))
    {
      /* The call not known, the kernel function is: some pipe. */
      state->activity = wchan_is (wchan, "pipe_write") ? FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED
                                                       : FIFOLAB_PROC_ACTIVITY_READ_WAITING;
    }
  else if (syscall_text == NULL && !wchan_known)
    {
      /* Asleep, but /proc does not say in what: another user's process. */
      state->activity = FIFOLAB_PROC_ACTIVITY_UNKNOWN;
    }
  else
    {
      state->activity = FIFOLAB_PROC_ACTIVITY_SLEEPING;
    }
}

typedef struct
{
  gint64  pid;
  guint64 dev;
  guint64 ino;
} FdMatch;

static gboolean
fd_matches (int      fd,
            gpointer data)
{
  FdMatch *match = data;
  g_autofree char *link = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/fd/%d", match->pid, fd);
  struct stat st;

  /* stat() follows the descriptor's link to the pipe's inode: nothing is
   * opened. */
  if (stat (link, &st) != 0 || !S_ISFIFO (st.st_mode))
    return FALSE;
  if (match->dev == 0 && match->ino == 0)
    return TRUE;
  return (guint64) st.st_dev == match->dev && (guint64) st.st_ino == match->ino;
}

/* /proc/PID/@name, or NULL (with errno's meaning lost: the caller only
 * needs to know that it could not be read). */
static char *
read_proc (gint64      pid,
           const char *name)
{
  g_autofree char *file = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/%s", pid, name);
  char *contents = NULL;

  if (!g_file_get_contents (file, &contents, NULL, NULL))
    return NULL;
  return g_strstrip (contents);
}

/* The state letter after the command name (which may hold ") "), or 0. */
static char
read_stat_state (gint64 pid)
{
  g_autofree char *stat_text = read_proc (pid, "stat");
  const char *close;

  if (stat_text == NULL || (close = strrchr (stat_text, ')')) == NULL ||
      close[1] != ' ' || close[2] == '\0')
    return 0;
  return close[2];
}

void
fifolab_proc_state_read (gint64            pid,
                         guint64           fifo_dev,
                         guint64           fifo_ino,
                         FifolabProcState *state)
{
  FdMatch match = { pid, fifo_dev, fifo_ino };
  g_autofree char *wchan = NULL;
  g_autofree char *syscall_text = NULL;
  char letter;

  g_return_if_fail (state != NULL);

  letter = pid > 0 ? read_stat_state (pid) : 0;
  if (letter != 0 && letter != 'Z')
    {
      wchan = read_proc (pid, "wchan");
      syscall_text = read_proc (pid, "syscall");
    }
  fifolab_proc_state_classify (letter, wchan, syscall_text, fd_matches, &match, state);
}

void
fifolab_proc_state_read_path (gint64            pid,
                              const char       *path,
                              FifolabProcState *state)
{
  struct stat st;

  if (path != NULL && stat (path, &st) == 0 && S_ISFIFO (st.st_mode))
    fifolab_proc_state_read (pid, (guint64) st.st_dev, (guint64) st.st_ino, state);
  else
    fifolab_proc_state_read (pid, 0, 0, state);
}

char *
fifolab_proc_dup_wchan (gint64 pid)
{
  char *wchan;

  if (pid <= 0)
    return NULL;
  wchan = read_proc (pid, "wchan");
  if (wchan != NULL && (wchan[0] == '\0' || g_str_equal (wchan, "0")))
    g_clear_pointer (&wchan, g_free);
  return wchan;
}

gboolean
fifolab_proc_activity_is_opening (FifolabProcActivity activity)
{
  return activity == FIFOLAB_PROC_ACTIVITY_OPEN_WAIT ||
         activity == FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER ||
         activity == FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER;
}

const char *
fifolab_proc_activity_describe (FifolabProcActivity activity)
{
  switch (activity)
    {
    case FIFOLAB_PROC_ACTIVITY_RUNNING:
      /* Translators: what a process is doing: on a CPU, not waiting. */
      return _("running");
    case FIFOLAB_PROC_ACTIVITY_SLEEPING:
      /* Translators: what a process is doing: waiting for something other
       * than the pipe (a timer, a child, the terminal). */
      return _("busy elsewhere");
    case FIFOLAB_PROC_ACTIVITY_OPEN_WAIT:
      /* Translators: a process box's state line: blocked in the open() call. */
      return _("waiting in open()");
    case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_WRITER:
      /* Translators: a reader blocked in open() until a writer opens the pipe. */
      return _("waiting in open() for a writer");
    case FIFOLAB_PROC_ACTIVITY_OPEN_FOR_READER:
      /* Translators: a writer blocked in open() until a reader opens the pipe. */
      return _("waiting in open() for a reader");
    case FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED:
      /* Translators: a writer blocked in write() because the pipe is full. */
      return _("blocked in write(): the pipe is full");
    case FIFOLAB_PROC_ACTIVITY_READ_WAITING:
      /* Translators: a reader blocked in read() because the pipe is empty. */
      return _("waiting in read() for data");
    case FIFOLAB_PROC_ACTIVITY_STOPPED:
      /* Translators: a process stopped by a signal (Ctrl+Z, SIGSTOP). */
      return _("stopped");
    case FIFOLAB_PROC_ACTIVITY_EXITED:
      /* Translators: a process that has ended. */
      return _("exited");
    case FIFOLAB_PROC_ACTIVITY_UNKNOWN:
    default:
      /* Translators: FIFO Lab may not look at another user's process. */
      return _("not known");
    }
}
