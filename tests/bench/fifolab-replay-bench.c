/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The benchmark of issue 16's replay: how far from the recorded timing a
 * replay's writes arrive. A recording of N watched writes (default 2,000)
 * of 32 bytes, 2, 3 and 4 ms apart in turn, is replayed by
 * `fifolab-peer replay FILE PIPE --speed S` into a FIFO that this program
 * reads, stamping each arrival with g_get_monotonic_time(). The error of
 * write i is |(arrival_i − arrival_0) − offset_i / S|: the replay's
 * scheduling plus the pipe and the reader's wake-up, as a program reading
 * the pipe would see it. Printed: p50, p99 and the largest, at speeds 1 and
 * 10, with the load average.
 *
 * Not a test: run it by hand (see docs/benchmarks.md), after a build:
 *   _build/test/tests/bench/fifolab-replay-bench [--writes N]
 * It finds fifolab-peer next to it in the build (or FIFOLAB_PEER). */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-log-private.h"

#define WRITE_SIZE 32

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

/* The recorded offsets (µs from the first) of @n writes, and the file. */
static gint64 *
make_recording (const char *file,
                guint       n)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gint64 *offsets = g_new (gint64, n);
  gint64 time_us = 1000000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabWatchRecord) write = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
      char data[WRITE_SIZE + 1];
      guint64 serial;

      g_snprintf (data, sizeof data, "write %08u ........................", i);
      write->syscall = g_strdup ("write");
      write->pid = write->tid = 4211;
      write->comm = g_strdup ("writer");
      write->fd = 3;
      write->result = write->size = write->requested = WRITE_SIZE;
      write->time_us = time_us;
      write->is_write = TRUE;
      write->payload = g_bytes_new (data, WRITE_SIZE);
      serial = fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/rec/pipe",
                                   4211, -1, 1700000000000000 + time_us, time_us,
                                   (const guint8 *) "w", 1);
      _fifolab_log_attach_call (log, serial, 1700000000000000 + time_us, "/rec/pipe", write);
      offsets[i] = time_us - 1000000;
      time_us += 2000 + (i % 3) * 1000;
    }

  stream = g_file_replace (gfile, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fifolab_log_export (log, FIFOLAB_EXPORT_JSON_LINES, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
  return offsets;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Replays @file at @speed into @pipe, reading it here; prints the errors. */
static gboolean
run (const char   *peer,
     const char   *file,
     const char   *pipe,
     const gint64 *offsets,
     guint         n,
     double        speed)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *errors = g_new (gint64, n);
  g_autofree gint64 *late = g_new (gint64, n);
  gint64 shift = G_MAXINT64;
  g_autofree guint8 *stream = g_malloc ((gsize) n * WRITE_SIZE);
  char speed_text[G_ASCII_DTOSTR_BUF_SIZE];
  gsize got = 0;
  gint64 first = -1;
  int fd;

  g_ascii_dtostr (speed_text, sizeof speed_text, speed);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           peer, "replay", file, pipe, "--speed", speed_text, NULL);
  if (proc == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  fd = open (pipe, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  while (got < (gsize) n * WRITE_SIZE)
    {
      gssize r = read (fd, stream + got, (gsize) n * WRITE_SIZE - got);
      gint64 now = g_get_monotonic_time ();

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      /* Each write that this read completed arrived now. */
      for (gsize i = got / WRITE_SIZE; i < (got + (gsize) r) / WRITE_SIZE; i++)
        {
          if (first < 0)
            first = now;
          late[i] = (now - first) - (gint64) ((double) offsets[i] / speed + 0.5);
          errors[i] = ABS (late[i]);
          shift = MIN (shift, late[i]);
        }
      got += (gsize) r;
    }
  close (fd);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_cmpuint (got, ==, (gsize) n * WRITE_SIZE);

  for (guint i = 0; i < n; i++)
    {
      char expected[WRITE_SIZE + 1];

      g_snprintf (expected, sizeof expected, "write %08u ........................", i);
      g_assert_cmpmem (stream + (gsize) i * WRITE_SIZE, WRITE_SIZE, expected, WRITE_SIZE);
    }

  /* The same without the first write's own delay: lateness against the
   * earliest arrival relative to its deadline (a write is never early). */
  for (guint i = 0; i < n; i++)
    late[i] -= shift;
  qsort (errors, n, sizeof *errors, compare_gint64);
  qsort (late, n, sizeof *late, compare_gint64);
  g_print ("speed %-4s  %u writes over %.2f s\n"
           "  |arrival - first arrival - offset / speed|  p50 %5" G_GINT64_FORMAT " µs  p99 %5" G_GINT64_FORMAT
           " µs  max %5" G_GINT64_FORMAT " µs\n"
           "  the same, aligned on the earliest write    p50 %5" G_GINT64_FORMAT " µs  p99 %5" G_GINT64_FORMAT
           " µs  max %5" G_GINT64_FORMAT " µs\n",
           speed_text, n, (double) offsets[n - 1] / speed / G_USEC_PER_SEC,
           errors[n / 2], errors[(gsize) n * 99 / 100], errors[n - 1],
           late[n / 2], late[(gsize) n * 99 / 100], late[n - 1]);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  gint64 writes = 2000;
  GOptionEntry entries[] = {
    { "writes", 'n', 0, G_OPTION_ARG_INT64, &writes, "Writes in the recording (default 2000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *self = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *pipe = NULL;
  g_autofree gint64 *offsets = NULL;
  const double speeds[] = { 1, 10 };
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context, "The timing error of fifolab-peer replay against its recording.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || writes < 2 || writes > 1000000)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--writes must be 2 to 1000000");
      return 2;
    }

  self = g_file_read_link ("/proc/self/exe", NULL);
  peer = g_strdup (g_getenv ("FIFOLAB_PEER"));
  if (peer == NULL)
    {
      g_autofree char *bench_dir = g_path_get_dirname (self);

      peer = g_build_filename (bench_dir, "..", "..", "src", "peer", "fifolab-peer", NULL);
    }
  dir = g_dir_make_tmp ("fifolab-replay-bench-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "recording.jsonl", NULL);
  pipe = g_build_filename (dir, "pipe", NULL);
  g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);
  offsets = make_recording (file, (guint) writes);

  g_print ("# %" G_GINT64_FORMAT " writes of %d bytes, 2, 3 and 4 ms apart in turn; load average %s\n",
           writes, WRITE_SIZE, load_average ());
  for (guint i = 0; i < G_N_ELEMENTS (speeds) && ok; i++)
    ok = run (peer, file, pipe, offsets, (guint) writes, speeds[i]);

  g_unlink (pipe);
  g_unlink (file);
  g_rmdir (dir);
  return ok ? 0 : 1;
}
