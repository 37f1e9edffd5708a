/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who a watch attaches to, and why the kernel may say no. */
#include "config.h"

#include <glib/gi18n.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-holder-scan.h"
#include "fifolab-watch-scan.h"
#include "fifolab-watch-syscalls.h"

static gboolean
is_number (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static char *
read_small (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static int
compare_pids (gconstpointer a,
              gconstpointer b)
{
  pid_t pa = *(const pid_t *) a;
  pid_t pb = *(const pid_t *) b;

  return pa < pb ? -1 : pa > pb;
}

/* Whether thread @tid of @pid waits in open()/openat() of the FIFO; the
 * call's flags in @out_flags (may be NULL). */
static gboolean
waits_in_open (const char *pid_name,
               const char *tid_name,
               dev_t       dev,
               ino_t       ino,
               guint64    *out_flags)
{
  g_autofree char *where = g_strdup_printf ("/proc/%s/task/%s/syscall", pid_name, tid_name);
  g_autofree char *line = read_small (where);
  g_autofree char *path = NULL;
  guint64 args[6] = { 0 };
  guint64 nr;
  char *end;
  int path_arg;
  int dirfd;

  /* "257 0xffffff9c 0x7ffd… 0x0 …", or "running", or "-1 …" */
  if (line == NULL || !g_ascii_isdigit (line[0]))
    return FALSE;
  nr = g_ascii_strtoull (line, &end, 10);
  if (!fifolab_watch_syscall_is_open (nr, &path_arg))
    return FALSE;
  for (int i = 0; i < 6 && *end == ' '; i++)
    args[i] = g_ascii_strtoull (end + 1, &end, 16);

  path = fifolab_watch_read_string ((pid_t) atoi (tid_name), args[path_arg]);
  dirfd = path_arg == 0 ? AT_FDCWD : (int) (gint32) args[0];
  if (!fifolab_watch_path_is_file ((pid_t) atoi (pid_name), (pid_t) atoi (tid_name),
                                   dirfd, path, dev, ino))
    return FALSE;
  /* The flags follow the path: open (path, flags), openat (dirfd, path, flags). */
  if (out_flags != NULL)
    *out_flags = args[path_arg + 1];
  return TRUE;
}

static void
add_open_waiters (GArray *pids,
                  dev_t   dev,
                  ino_t   ino,
                  pid_t   self_pid)
{
  struct dirent *de;
  DIR *proc = opendir ("/proc");

  if (proc == NULL)
    return;
  while ((de = readdir (proc)) != NULL)
    {
      g_autofree char *task_path = NULL;
      struct dirent *te;
      DIR *tasks;

      if (!is_number (de->d_name) || atoi (de->d_name) == self_pid)
        continue;
      task_path = g_strdup_printf ("/proc/%s/task", de->d_name);
      tasks = opendir (task_path);
      if (tasks == NULL)
        continue;
      while ((te = readdir (tasks)) != NULL)
        if (is_number (te->d_name) && waits_in_open (de->d_name, te->d_name, dev, ino, NULL))
          {
            pid_t pid = (pid_t) atoi (de->d_name);

            g_array_append_val (pids, pid);
            break;
          }
      closedir (tasks);
    }
  closedir (proc);
}

GArray *
fifolab_watch_scan_targets (const char  *path,
                            dev_t        dev,
                            ino_t        ino,
                            pid_t        self_pid,
                            GError     **error)
{
  return fifolab_watch_scan_targets_seen (path, dev, ino, self_pid, NULL, error);
}

GArray *
fifolab_watch_scan_targets_seen (const char        *path,
                                 dev_t              dev,
                                 ino_t              ino,
                                 pid_t              self_pid,
                                 FifolabWatchSight *sight,
                                 GError           **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  FifolabWatchSight seen = { g_get_monotonic_time (), 0, 0, 0 };
  guint kept = 0;

  scan = fifolab_holder_scan_run_sync (paths, NULL, error);
  if (scan == NULL)
    return NULL;
  holders = fifolab_holder_scan_get_holders (scan, path);
  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);
      pid_t pid = (pid_t) fifolab_holder_get_pid (holder);

      g_array_append_val (pids, pid);
      if (fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_READ)
        seen.n_readers++;
      if (fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_WRITE)
        seen.n_writers++;
    }
  seen.n_denied = fifolab_holder_scan_get_n_denied (scan);
  if (sight != NULL)
    *sight = seen;
  add_open_waiters (pids, dev, ino, self_pid);

  g_array_sort (pids, compare_pids);
  for (guint i = 0; i < pids->len; i++)
    {
      pid_t pid = g_array_index (pids, pid_t, i);

      if (pid == self_pid || (kept > 0 && g_array_index (pids, pid_t, kept - 1) == pid))
        continue;
      g_array_index (pids, pid_t, kept++) = pid;
    }
  g_array_set_size (pids, kept);
  return g_steal_pointer (&pids);
}

typedef struct
{
  char  *path;
  dev_t  dev;
  ino_t  ino;
  pid_t  self_pid;
  FifolabWatchSight sight;   /* filled by the thread */
} ScanData;

static void
scan_data_free (gpointer data)
{
  ScanData *scan = data;

  g_free (scan->path);
  g_free (scan);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;
  GArray *pids;

  pids = fifolab_watch_scan_targets_seen (data->path, data->dev, data->ino, data->self_pid,
                                          &data->sight, &error);
  if (pids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pids, (GDestroyNotify) g_array_unref);
}

void
fifolab_watch_scan_targets_async (const char          *path,
                                  dev_t                dev,
                                  ino_t                ino,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ScanData *data = g_new0 (ScanData, 1);

  data->path = g_strdup (path);
  data->dev = dev;
  data->ino = ino;
  data->self_pid = getpid ();
  g_task_set_source_tag (task, fifolab_watch_scan_targets_async);
  g_task_set_task_data (task, data, scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

GArray *
fifolab_watch_scan_targets_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fifolab_watch_scan_targets_get_sight (GAsyncResult      *result,
                                      FifolabWatchSight *sight)
{
  ScanData *data;

  g_return_if_fail (g_task_is_valid (result, NULL));

  data = g_task_get_task_data (G_TASK (result));
  *sight = data->sight;
}

/* The ends an access mode opens: O_PATH opens none. */
static FifolabAccess
access_of_flags (guint64 flags)
{
  if (flags & O_PATH)
    return FIFOLAB_ACCESS_NONE;
  switch (flags & O_ACCMODE)
    {
    case O_RDONLY:
      return FIFOLAB_ACCESS_READ;
    case O_WRONLY:
      return FIFOLAB_ACCESS_WRITE;
    case O_RDWR:
      return FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE;
    default:
      return FIFOLAB_ACCESS_NONE;
    }
}

FifolabAccess
fifolab_watch_scan_access (pid_t pid,
                           dev_t dev,
                           ino_t ino)
{
  g_autofree char *pid_name = g_strdup_printf ("%d", (int) pid);
  g_autofree char *fd_path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autoptr(GArray) tids = NULL;
  FifolabAccess access = FIFOLAB_ACCESS_NONE;
  struct dirent *de;
  DIR *fds;

  if (fifolab_watch_scan_ended (pid))
    return FIFOLAB_ACCESS_NONE;

  /* Its descriptors of the FIFO (stat() through the magic link opens
   * nothing), with the access mode in their fdinfo. */
  fds = opendir (fd_path);
  while (fds != NULL && (de = readdir (fds)) != NULL)
    {
      g_autofree char *link = NULL;
      g_autofree char *info_path = NULL;
      g_autofree char *info = NULL;
      const char *flags;
      struct stat st;

      if (!is_number (de->d_name))
        continue;
      link = g_strdup_printf ("%s/%s", fd_path, de->d_name);
      if (stat (link, &st) != 0 || st.st_dev != dev || st.st_ino != ino)
        continue;
      info_path = g_strdup_printf ("/proc/%d/fdinfo/%s", (int) pid, de->d_name);
      info = read_small (info_path);
      flags = info != NULL ? strstr (info, "flags:") : NULL;
      if (flags != NULL)
        access |= access_of_flags (g_ascii_strtoull (flags + strlen ("flags:"), NULL, 8));
    }
  if (fds != NULL)
    closedir (fds);

  /* The end a thread of it waits in open() to open. */
  tids = fifolab_watch_scan_threads (pid);
  for (guint i = 0; i < tids->len; i++)
    {
      g_autofree char *tid_name = g_strdup_printf ("%d", (int) g_array_index (tids, pid_t, i));
      guint64 flags = 0;

      if (waits_in_open (pid_name, tid_name, dev, ino, &flags))
        access |= access_of_flags (flags);
    }
  return access;
}

GArray *
fifolab_watch_scan_threads (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task", (int) pid);
  GArray *tids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  struct dirent *de;
  DIR *dir = opendir (path);

  if (dir == NULL)
    return tids;
  while ((de = readdir (dir)) != NULL)
    if (is_number (de->d_name))
      {
        pid_t tid = (pid_t) atoi (de->d_name);

        g_array_append_val (tids, tid);
      }
  closedir (dir);
  g_array_sort (tids, compare_pids);
  return tids;
}

/* The number after "@field:" in /proc/TID/status, or -1. */
static gint64
status_field (pid_t       tid,
              const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) tid);
  g_autofree char *status = read_small (path);
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *line;

  if (status == NULL)
    return -1;
  line = strstr (status, key);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (key), NULL, 10);
}

gboolean
fifolab_watch_scan_ended (pid_t pid)
{
  g_autoptr(GArray) tids = fifolab_watch_scan_threads (pid);

  for (guint i = 0; i < tids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/stat", (int) pid,
                                               (int) g_array_index (tids, pid_t, i));
      g_autofree char *stat_text = read_small (path);
      /* The state letter follows the command name, which may hold ")". */
      const char *close = stat_text != NULL ? strrchr (stat_text, ')') : NULL;

      if (close != NULL && close[1] == ' ' && close[2] != '\0' &&
          close[2] != 'Z' && close[2] != 'X')
        return FALSE;
    }
  return TRUE;
}

pid_t
fifolab_watch_scan_tgid (pid_t tid)
{
  gint64 tgid = status_field (tid, "Tgid");

  return tgid > 0 ? (pid_t) tgid : 0;
}

pid_t
fifolab_watch_scan_ppid (pid_t tid)
{
  gint64 ppid = status_field (tid, "PPid");

  return ppid > 0 ? (pid_t) ppid : 0;
}

gboolean
fifolab_watch_scan_signal_pending (pid_t tid,
                                   int   sig)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) tid);
  g_autofree char *status = read_small (path);
  const char *keys[] = { "\nSigPnd:", "\nShdPnd:" };

  g_return_val_if_fail (sig > 0 && sig <= 64, FALSE);

  if (status == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *line = strstr (status, keys[i]);

      if (line != NULL &&
          (g_ascii_strtoull (line + strlen (keys[i]), NULL, 16) & (1ull << (sig - 1))) != 0)
        return TRUE;
    }
  return FALSE;
}

char *
fifolab_watch_scan_comm (pid_t pid,
                         pid_t tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/comm", (int) pid, (int) tid);
  g_autofree char *comm = read_small (path);

  if (comm == NULL)
    return NULL;
  g_strchomp (comm);
  /* Whatever bytes the process chose: shown only, so kept escaped. */
  return fifolab_escape_name (comm, 0);
}

static int
yama_scope (void)
{
  g_autofree char *text = read_small ("/proc/sys/kernel/yama/ptrace_scope");

  return text != NULL ? atoi (text) : 0;
}

/* The marks Docker, Podman and systemd-nspawn leave for the processes they
 * contain (a guess: a refusal there is then most likely the container's). */
static gboolean
in_container (void)
{
  g_autofree char *env = NULL;
  gsize len = 0;

  if (g_file_test ("/.dockerenv", G_FILE_TEST_EXISTS) ||
      g_file_test ("/run/.containerenv", G_FILE_TEST_EXISTS))
    return TRUE;
  /* systemd-nspawn, LXC: "container=..." in pid 1's environment (readable
   * only where pid 1 is ours, as in a container). */
  if (!g_file_get_contents ("/proc/1/environ", &env, &len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i += strlen (env + i) + 1)
    if (g_str_has_prefix (env + i, "container="))
      return TRUE;
  return FALSE;
}

/* The uid of @pid (its real one, else its effective or saved one) that is
 * not the watch's real uid, or -1 when all three are. The kernel lets a
 * process trace another only when the tracer's REAL uid is all three of the
 * other's (PTRACE_MODE_REALCREDS), whatever its effective uid is. */
static gint64
other_uid (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = read_small (path);
  const char *line = status != NULL ? strstr (status, "\nUid:") : NULL;
  char *end;

  if (line == NULL)
    return -1;
  end = (char *) line + strlen ("\nUid:");
  /* "Uid:\treal\teffective\tsaved\tfilesystem" */
  for (int i = 0; i < 3; i++)
    {
      gint64 uid = g_ascii_strtoll (end, &end, 10);

      if (uid >= 0 && (uid_t) uid != getuid ())
        return uid;
    }
  return -1;
}

char *
fifolab_watch_explain_refusal (pid_t pid,
                               int   error)
{
  g_autofree char *comm = fifolab_watch_scan_comm (pid, pid);
  g_autofree char *who = g_strdup_printf ("%d (%s)", (int) pid, comm != NULL ? comm : "?");
  gint64 tracer = status_field (pid, "TracerPid");
  gint64 uid = other_uid (pid);
  int scope = yama_scope ();

  if (error == ESRCH)
    return g_strdup_printf (_("Process %s ended before it could be watched."), who);

  /* TracerPid is the tracing thread: name its process. */
  if (tracer > 0 && fifolab_watch_scan_tgid ((pid_t) tracer) > 0)
    tracer = fifolab_watch_scan_tgid ((pid_t) tracer);
  if (tracer > 0)
    {
      g_autofree char *tracer_comm = fifolab_watch_scan_comm ((pid_t) tracer, (pid_t) tracer);

      return g_strdup_printf (_("Process %s is already traced by process %d (%s: a debugger, "
                                "strace or another watch): a process can have one tracer at a "
                                "time. Stop that tracer to watch it, or use a tap, which relays "
                                "the pipe without tracing."),
                              who, (int) tracer, tracer_comm != NULL ? tracer_comm : "?");
    }

  if (uid >= 0 && geteuid () != 0)
    return g_strdup_printf (_("Process %s belongs to another user (uid %u): only that user or "
                              "root (CAP_SYS_PTRACE) may trace it. Run the watch as that user, "
                              "or use a tap, which relays the pipe without tracing."),
                            who, (guint) uid);

  if (scope == 3)
    return g_strdup_printf (_("The kernel forbids tracing any process (Yama ptrace_scope is 3, "
                              "which only a reboot undoes), so process %s cannot be watched. "
                              "Use a tap, which relays the pipe without tracing."),
                            who);
  if (scope == 2)
    return g_strdup_printf (_("Only root (CAP_SYS_PTRACE) may trace processes here (Yama "
                              "ptrace_scope is 2), so process %s cannot be watched. Run the "
                              "watch as root, or use a tap, which relays the pipe without "
                              "tracing."),
                            who);
  if (scope == 1)
    return g_strdup_printf (_("The kernel lets a process trace only its own descendants (Yama "
                              "ptrace_scope is 1), and process %s is not one. Start the program "
                              "under watch (fifolab-peer watch PIPE -- COMMAND), allow tracing "
                              "with “sudo sysctl kernel.yama.ptrace_scope=0”, or use a tap, "
                              "which relays the pipe without tracing."),
                            who);

  if ((error == EPERM || error == EACCES) && in_container ())
    return g_strdup_printf (_("FIFO Lab runs in a container that does not allow ptrace (no "
                              "CAP_SYS_PTRACE, or a seccomp filter), so process %s cannot be "
                              "watched. Start the container with ptrace allowed (for example "
                              "“--cap-add=SYS_PTRACE” for Docker or Podman), or use a tap, "
                              "which relays the pipe without tracing."),
                            who);
  if (error == EPERM || error == EACCES)
    return g_strdup_printf (_("The kernel refused to let process %s be traced (%s): it may be "
                              "a set-user-ID program, or ptrace may be forbidden here (a "
                              "container without CAP_SYS_PTRACE, or a seccomp filter). Run "
                              "the watch where ptrace is allowed, or use a tap, which relays "
                              "the pipe without tracing."),
                            who, g_strerror (error));

  return g_strdup_printf (_("Process %s could not be traced: %s."), who, g_strerror (error));
}
