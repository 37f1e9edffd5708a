/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-spawn.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib-unix.h>

typedef struct
{
  GSpawnChildSetupFunc  setup;
  gpointer              setup_data;
  int                   report_fd;
} SpawnReport;

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
report_pid (gpointer data)
{
  SpawnReport *report = data;
  pid_t pid;
  const char *p;
  size_t left;

  if (report->setup != NULL)
    report->setup (report->setup_data);

  pid = getpid ();
  p = (const char *) &pid;
  left = sizeof pid;
  while (left > 0)
    {
      ssize_t n = write (report->report_fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (127);
      p += n;
      left -= (size_t) n;
    }
  /* The descriptor is close-on-exec: the parent sees end of file at exec. */
}

GSubprocess *
fifolab_spawn (GSubprocessLauncher  *launcher,
               const char * const   *argv,
               GSpawnChildSetupFunc  child_setup,
               gpointer              child_setup_data,
               GPid                 *out_pid,
               GError              **error)
{
  g_autoptr(GSubprocess) process = NULL;
  SpawnReport report = { child_setup, child_setup_data, -1 };
  int fds[2];
  pid_t pid = 0;
  gsize got = 0;

  g_return_val_if_fail (G_IS_SUBPROCESS_LAUNCHER (launcher), NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);
  g_return_val_if_fail (out_pid != NULL, NULL);

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return NULL;
  report.report_fd = fds[1];

  /* The child runs report_pid() before spawnv() returns: GLib waits for the
   * exec (or its failure) before it answers. */
  g_subprocess_launcher_set_child_setup (launcher, report_pid, &report, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  g_subprocess_launcher_set_child_setup (launcher, NULL, NULL, NULL);
  close (fds[1]);

  if (process != NULL)
    {
      while (got < sizeof pid)
        {
          ssize_t n = read (fds[0], (char *) &pid + got, sizeof pid - got);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          got += (gsize) n;
        }
    }
  close (fds[0]);

  if (process == NULL)
    return NULL;

  /* Cannot happen when spawnv() succeeded: the child wrote before exec. */
  if (got != sizeof pid || pid <= 0)
    {
      g_subprocess_force_exit (process);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   _("The child process did not report its process ID"));
      return NULL;
    }

  *out_pid = pid;
  return g_steal_pointer (&process);
}
