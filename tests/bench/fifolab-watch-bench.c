/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The benchmark of issue 15 ("How fast"): a writer doing 64-byte writes into
 * a FIFO that a reader drains, (a) alone, (b) watched by fifolab-peer watch
 * (both processes traced: the reader waits in open() and is attached by the
 * watch's scan, the writer is the watch's command), (c) under
 * strace -f -e trace=read,write -e write=all -e read=all -o /dev/null on the
 * same two processes (-p for the reader, the writer as its command). The
 * writer times its own writes and reports writes per second.
 *
 * Not a test: run it by hand (see docs/benchmarks.md), after a build:
 *   _build/test/tests/bench/fifolab-watch-bench [--quick] [--writes N]
 * It finds fifolab-peer next to it in the build (or FIFOLAB_PEER). */
#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MESSAGE_SIZE 64

static int
run_writer (const char *path,
            guint64     n,
            const char *result_path)
{
  char message[MESSAGE_SIZE];
  g_autofree char *result = NULL;
  gint64 start;
  gint64 elapsed;
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    {
      perror ("open");
      return 1;
    }
  memset (message, 'x', sizeof message);
  message[MESSAGE_SIZE - 1] = '\n';
  start = g_get_monotonic_time ();
  for (guint64 i = 0; i < n; i++)
    if (write (fd, message, sizeof message) != (ssize_t) sizeof message)
      {
        perror ("write");
        return 1;
      }
  elapsed = g_get_monotonic_time () - start;
  close (fd);
  result = g_strdup_printf ("%" G_GINT64_FORMAT "\n", elapsed);
  return g_file_set_contents (result_path, result, -1, NULL) ? 0 : 1;
}

static int
run_reader (const char *path)
{
  static char buf[65536];
  guint64 total = 0;
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      perror ("open");
      return 1;
    }
  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          perror ("read");
          return 1;
        }
      total += (guint64) n;
    }
  close (fd);
  return total > 0 ? 0 : 1;
}

static GPid
spawn (const char * const *argv,
       gboolean            quiet)
{
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD |
                      (quiet ? G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL : 0),
                      NULL, NULL, &pid, &error))
    g_error ("Cannot start %s: %s", argv[0], error->message);
  return pid;
}

static int
wait_status (GPid pid)
{
  int status = 0;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return status;
}

/* Whether @pid sleeps in openat() (the reader, waiting for a writer). */
static gboolean
waits_in_open (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/syscall", pid);
  g_autofree char *syscall = NULL;

  if (!g_file_get_contents (path, &syscall, NULL, NULL))
    return FALSE;
  return g_str_has_prefix (syscall, "257 ");
}

typedef enum { ALONE, WATCHED, STRACE } Mode;

/* Writes per second of one run in @mode. */
static double
run (Mode        mode,
     const char *self,
     const char *peer,
     const char *strace,
     const char *dir,
     guint64     n)
{
  g_autofree char *path = g_build_filename (dir, "bench_pipe", NULL);
  g_autofree char *result_path = g_build_filename (dir, "writer.result", NULL);
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  g_autofree char *reader_pid_arg = NULL;
  g_autofree char *result = NULL;
  const char *reader_argv[] = { self, "--reader", path, NULL };
  GPid reader;
  GPid writer;
  int status;

  g_unlink (path);
  g_unlink (result_path);
  if (mkfifo (path, 0600) != 0)
    g_error ("mkfifo: %s", g_strerror (errno));

  reader = spawn (reader_argv, FALSE);
  /* Until it waits in open(): a watch started now attaches to it. */
  while (!waits_in_open (reader))
    g_usleep (1000);
  reader_pid_arg = g_strdup_printf ("%d", reader);

  switch (mode)
    {
    case ALONE:
      {
        const char *argv[] = { self, "--writer", path, count, result_path, NULL };

        writer = spawn (argv, FALSE);
      }
      break;
    case WATCHED:
      {
        const char *argv[] = { peer, "watch", path, "--json", "--",
                               self, "--writer", path, count, result_path, NULL };

        writer = spawn (argv, TRUE);
      }
      break;
    case STRACE:
    default:
      {
        const char *argv[] = { strace, "-f", "-e", "trace=read,write", "-e", "write=all",
                               "-e", "read=all", "-o", "/dev/null", "-p", reader_pid_arg,
                               self, "--writer", path, count, result_path, NULL };

        writer = spawn (argv, TRUE);
      }
      break;
    }

  status = wait_status (writer);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("The writer failed (status %d)", status);
  status = wait_status (reader);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("The reader failed (status %d)", status);

  if (!g_file_get_contents (result_path, &result, NULL, NULL))
    g_error ("The writer left no result");
  g_unlink (result_path);
  g_unlink (path);
  return (double) n / ((double) g_ascii_strtoll (result, NULL, 10) / G_USEC_PER_SEC);
}

static const char *
load_average (void)
{
  static char text[64];
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return "?";
  g_strlcpy (text, contents, sizeof text);
  *strchrnul (text, '\n') = '\0';
  return text;
}

int
main (int    argc,
      char **argv)
{
  static gboolean quick;
  static gint64 writes;
  static GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "A short run (20,000 writes)", NULL },
    { "writes", 'n', 0, G_OPTION_ARG_INT64, &writes, "Writes per run (default 200,000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *strace = NULL;
  g_autofree char *dir = NULL;
  double best[3] = { 0, 0, 0 };
  const char *names[3] = { "(a) alone", "(b) watched by fifolab-peer watch",
                           "(c) under strace -f -e trace=read,write -e write=all -e read=all" };

  setlocale (LC_ALL, "");
  if (argc == 3 && strcmp (argv[1], "--reader") == 0)
    return run_reader (argv[2]);
  if (argc == 5 && strcmp (argv[1], "--writer") == 0)
    return run_writer (argv[2], g_ascii_strtoull (argv[3], NULL, 10), argv[4]);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "64-byte writes through a FIFO: alone, watched, under strace.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (writes <= 0)
    writes = quick ? 20000 : 200000;

  self = g_file_read_link ("/proc/self/exe", NULL);
  peer = g_strdup (g_getenv ("FIFOLAB_PEER"));
  if (peer == NULL)
    {
      g_autofree char *bench_dir = g_path_get_dirname (self);

      peer = g_build_filename (bench_dir, "..", "..", "src", "peer", "fifolab-peer", NULL);
    }
  strace = g_find_program_in_path ("strace");
  dir = g_dir_make_tmp ("fifolab-watch-bench-XXXXXX", &error);
  g_assert_no_error (error);

  g_print ("# %" G_GINT64_FORMAT " writes of %d bytes per run, best of 3, each mode in turn; "
           "load average %s\n", writes, MESSAGE_SIZE, load_average ());
  for (int round = 0; round < 3; round++)
    for (int mode = ALONE; mode <= STRACE; mode++)
      {
        double rate;

        if (mode == STRACE && strace == NULL)
          continue;
        rate = run ((Mode) mode, self, peer, strace, dir, (guint64) writes);
        best[mode] = MAX (best[mode], rate);
      }

  for (int mode = ALONE; mode <= STRACE; mode++)
    {
      if (best[mode] == 0)
        {
          g_print ("%-70s not run (strace is not installed)\n", names[mode]);
          continue;
        }
      g_print ("%-70s %10.0f writes/s  (%.3f × alone)\n", names[mode], best[mode],
               best[mode] / best[ALONE]);
    }
  if (best[STRACE] > 0)
    g_print ("watched / strace: %.2f × (target ≥ 2 ×: %s)\n", best[WATCHED] / best[STRACE],
             best[WATCHED] >= 2 * best[STRACE] ? "ok" : "MISSED");
  g_print ("# load average %s\n", load_average ());
  g_rmdir (dir);
  return 0;
}
