/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-bench: how fast the core takes in what a writer process floods into
 * a FIFO (FifolabReader + FifolabFramer + FifolabLog on a GMainLoop), next to
 * `cat PIPE > /dev/null` measured in the same run.
 *
 * The writers are this same program started again in a writer mode
 * (`fifolab-bench --writer MODE PIPE ...`): a separate process that blocks in
 * write() like any peer, while the measuring process never blocks its loop. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-log.h"
#include "fifolab-log-private.h"
#include "fifolab-reader.h"
#include "fifolab-test-util.h"

#define MIB (1024.0 * 1024.0)
#define LINE_SIZE 64
#define WRITE_CHUNK (64 * 1024)
#define SCENARIO_TIMEOUT_S 300

/* ---------------------------------------------------------------------- */
/* Writer modes (run in the child process; plain blocking code).          */

static gint64
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
open_for_writing (const char *path)
{
  int fd;

  do
    fd = open (path, O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);

  if (fd < 0)
    g_printerr ("fifolab-bench writer: cannot open %s: %s\n", path, g_strerror (errno));
  return fd;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_printerr ("fifolab-bench writer: write: %s\n", g_strerror (errno));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* flood PIPE BYTES: BYTES in WRITE_CHUNK writes. */
static int
writer_flood (const char *path,
              guint64     total)
{
  g_autofree guint8 *chunk = g_malloc (WRITE_CHUNK);
  int fd;

  for (gsize i = 0; i < WRITE_CHUNK; i++)
    chunk[i] = (guint8) ('a' + i % 26);

  if ((fd = open_for_writing (path)) < 0)
    return 1;

  while (total > 0)
    {
      gsize len = MIN (total, (guint64) WRITE_CHUNK);

      if (!write_all (fd, chunk, len))
        return 1;
      total -= len;
    }

  close (fd);
  return 0;
}

/* lines PIPE N: N lines of LINE_SIZE bytes (newline included) in big writes. */
static int
writer_lines (const char *path,
              guint64     count)
{
  const gsize per_chunk = WRITE_CHUNK / LINE_SIZE;
  g_autofree guint8 *chunk = g_malloc (per_chunk * LINE_SIZE);
  int fd;

  for (gsize i = 0; i < per_chunk; i++)
    {
      guint8 *line = chunk + i * LINE_SIZE;

      memset (line, 'x', LINE_SIZE - 1);
      memcpy (line, "message from the bench writer ", 30);
      line[LINE_SIZE - 1] = '\n';
    }

  if ((fd = open_for_writing (path)) < 0)
    return 1;

  while (count > 0)
    {
      gsize n = MIN (count, (guint64) per_chunk);

      if (!write_all (fd, chunk, n * LINE_SIZE))
        return 1;
      count -= n;
    }

  close (fd);
  return 0;
}

/* ticks PIPE N PERIOD_US: N lines "<CLOCK_MONOTONIC ns>\n", one each period. */
static int
writer_ticks (const char *path,
              guint64     count,
              guint64     period_us)
{
  struct timespec next;
  int fd;

  if ((fd = open_for_writing (path)) < 0)
    return 1;

  clock_gettime (CLOCK_MONOTONIC, &next);
  for (guint64 i = 0; i < count; i++)
    {
      char line[32];
      int len;

      next.tv_nsec += (long) (period_us * 1000);
      while (next.tv_nsec >= 1000000000L)
        {
          next.tv_nsec -= 1000000000L;
          next.tv_sec++;
        }
      while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
        ;

      len = g_snprintf (line, sizeof line, "%" G_GINT64_FORMAT "\n", mono_ns ());
      if (!write_all (fd, (const guint8 *) line, (gsize) len))
        return 1;
    }

  close (fd);
  return 0;
}

static int
writer_main (int    argc,
             char **argv)
{
  /* argv: --writer MODE PIPE ARGS... */
  if (argc >= 5 && strcmp (argv[2], "flood") == 0)
    return writer_flood (argv[3], g_ascii_strtoull (argv[4], NULL, 10));
  if (argc >= 5 && strcmp (argv[2], "lines") == 0)
    return writer_lines (argv[3], g_ascii_strtoull (argv[4], NULL, 10));
  if (argc >= 6 && strcmp (argv[2], "ticks") == 0)
    return writer_ticks (argv[3], g_ascii_strtoull (argv[4], NULL, 10),
                         g_ascii_strtoull (argv[5], NULL, 10));

  g_printerr ("fifolab-bench: bad writer arguments\n");
  return 2;
}

/* ---------------------------------------------------------------------- */
/* The measuring side: everything runs on the main loop.                  */

typedef struct
{
  GMainLoop     *loop;
  char          *dir;
  char          *self_exe;
  gboolean       quick;
  guint          missed;

  /* The scenario running now. */
  const char    *name;
  FifolabLog    *log;
  FifolabReader *reader;
  GSubprocess   *writer;
  GSubprocess   *cat;
  char          *pipe;
  guint64        expect_bytes;
  guint64        expect_messages;
  FifolabFraming framing;
  guint64        got_bytes;
  guint64        got_messages;
  gint64         t0;
  gint64         t1;
  gboolean       reader_done;
  gboolean       writer_done;
  gboolean       cat_done;
  gboolean       failed;
  gint64         self_pid;
  gboolean       skip_log;     /* reader alone, to tell its cost from the log's */
  GArray        *latencies_ns;
  guint          timeout_id;
} Bench;

static void
report (Bench      *bench,
        const char *label,
        double      value,
        const char *unit,
        const char *comparison,
        double      target,
        gboolean    ok)
{
  g_print ("  %-44s %12.2f %-10s target %s %.2f %s  %s\n",
           label, value, unit, comparison, target, unit, ok ? "ok" : "MISSED");
  if (!ok)
    bench->missed++;
}

static void
info (const char *label,
      double      value,
      const char *unit)
{
  g_print ("  %-44s %12.2f %s\n", label, value, unit);
}

static gboolean
scenario_timeout_cb (gpointer user_data)
{
  Bench *bench = user_data;

  g_printerr ("fifolab-bench: %s did not finish in %d s\n", bench->name, SCENARIO_TIMEOUT_S);
  bench->failed = TRUE;
  bench->timeout_id = 0;
  g_main_loop_quit (bench->loop);
  return G_SOURCE_REMOVE;
}

static void
maybe_finish (Bench *bench)
{
  if (bench->reader_done && bench->writer_done && bench->cat_done)
    g_main_loop_quit (bench->loop);
}

static void
writer_wait_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_printerr ("fifolab-bench: the writer failed: %s\n", error->message);
      bench->failed = TRUE;
      g_main_loop_quit (bench->loop);
      return;
    }
  bench->writer_done = TRUE;
  maybe_finish (bench);
}

static void
cat_wait_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  bench->t1 = g_get_monotonic_time ();
  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_printerr ("fifolab-bench: cat failed: %s\n", error->message);
      bench->failed = TRUE;
      g_main_loop_quit (bench->loop);
      return;
    }
  bench->cat_done = TRUE;
  maybe_finish (bench);
}

static GSubprocess *
spawn_writer (Bench      *bench,
              const char *mode,
              guint64     a,
              guint64     b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_str = g_strdup_printf ("%" G_GUINT64_FORMAT, a);
  g_autofree char *b_str = g_strdup_printf ("%" G_GUINT64_FORMAT, b);
  GSubprocess *proc;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           bench->self_exe, "--writer", mode, bench->pipe, a_str, b_str,
                           NULL);
  if (proc == NULL)
    g_error ("cannot start the writer: %s", error->message);
  g_subprocess_wait_check_async (proc, NULL, writer_wait_cb, bench);
  return proc;
}

static void
scenario_begin (Bench      *bench,
                const char *name,
                const char *pipe_name)
{
  g_autoptr(GError) error = NULL;

  bench->name = name;
  bench->pipe = g_build_filename (bench->dir, pipe_name, NULL);
  if (!fifolab_fifo_create (bench->pipe, 0600, &error))
    g_error ("%s", error->message);
  bench->got_bytes = 0;
  bench->got_messages = 0;
  bench->reader_done = FALSE;
  bench->writer_done = FALSE;
  bench->cat_done = TRUE;
  bench->failed = FALSE;
  bench->t0 = bench->t1 = 0;
  bench->timeout_id = g_timeout_add_seconds (SCENARIO_TIMEOUT_S, scenario_timeout_cb, bench);
}

static void
scenario_end (Bench *bench)
{
  if (bench->reader != NULL)
    fifolab_reader_close (bench->reader);
  g_clear_object (&bench->reader);
  if (bench->writer != NULL && !bench->writer_done)
    g_subprocess_force_exit (bench->writer);
  if (bench->cat != NULL && !bench->cat_done)
    g_subprocess_force_exit (bench->cat);
  g_clear_object (&bench->writer);
  g_clear_object (&bench->cat);
  g_clear_object (&bench->log);
  g_clear_handle_id (&bench->timeout_id, g_source_remove);
  g_unlink (bench->pipe);
  g_clear_pointer (&bench->pipe, g_free);
}

/* -- cat anchor ---------------------------------------------------------- */

static double
run_cat_flood (Bench   *bench,
               guint64  total)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  double mb_s;

  scenario_begin (bench, "cat flood", "cat-pipe");
  bench->cat_done = FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/null");

  bench->t0 = g_get_monotonic_time ();
  bench->cat = g_subprocess_launcher_spawn (launcher, &error, "cat", bench->pipe, NULL);
  if (bench->cat == NULL)
    g_error ("cannot start cat: %s", error->message);
  g_subprocess_wait_check_async (bench->cat, NULL, cat_wait_cb, bench);
  bench->writer = spawn_writer (bench, "flood", total, 0);
  bench->reader_done = TRUE;

  g_main_loop_run (bench->loop);

  mb_s = bench->failed ? 0 : (double) total / MIB / ((double) (bench->t1 - bench->t0) / G_USEC_PER_SEC);
  scenario_end (bench);
  return mb_s;
}

/* -- core reader --------------------------------------------------------- */

/* As the session takes messages: the framer's bytes, borrowed, stored once. */
static void
reader_message_cb (FifolabReader *reader,
                   const guint8  *data,
                   gsize          len,
                   guint          flags,
                   gint64         wall_us,
                   gint64         mono_us,
                   gpointer       user_data)
{
  Bench *bench = user_data;

  if (!bench->skip_log)
    fifolab_log_append_message (bench->log, FIFOLAB_DIRECTION_RECEIVED, flags, bench->framing,
                                bench->pipe, -1, bench->self_pid, wall_us, mono_us, data, len);
  bench->got_bytes += len;
  bench->got_messages++;

  if (bench->latencies_ns != NULL && len > 0)
    {
      /* The message is the writer's CLOCK_MONOTONIC ns at write(). */
      g_autofree char *text = g_strndup ((const char *) data, len);
      gint64 sent = g_ascii_strtoll (text, NULL, 10);
      gint64 latency = mono_ns () - sent;

      g_array_append_val (bench->latencies_ns, latency);
    }

  if (!bench->reader_done &&
      ((bench->expect_bytes > 0 && bench->got_bytes >= bench->expect_bytes) ||
       (bench->expect_messages > 0 && bench->got_messages >= bench->expect_messages)))
    {
      bench->t1 = g_get_monotonic_time ();
      bench->reader_done = TRUE;
      maybe_finish (bench);
    }
}

static void
reader_event_cb (FifolabReader    *reader,
                 FifolabEventKind  kind,
                 const char       *detail,
                 gpointer          user_data)
{
  Bench *bench = user_data;

  if (kind == FIFOLAB_EVENT_ERROR || kind == FIFOLAB_EVENT_OVERLONG)
    {
      g_printerr ("fifolab-bench: reader event %d: %s\n", kind, detail != NULL ? detail : "");
      bench->failed = TRUE;
      g_main_loop_quit (bench->loop);
    }
}

static void
start_reader (Bench          *bench,
              FifolabFraming  framing)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (framing);
  g_autoptr(GError) error = NULL;

  bench->log = fifolab_log_new ();
  bench->reader = fifolab_reader_new (bench->pipe, framer);
  bench->framing = framing;
  fifolab_reader_set_message_func (bench->reader, reader_message_cb, bench);
  g_signal_connect (bench->reader, "event", G_CALLBACK (reader_event_cb), bench);
  if (!fifolab_reader_start (bench->reader, &error))
    g_error ("cannot start the reader: %s", error->message);
}

static double
run_reader_flood (Bench   *bench,
                  guint64  total)
{
  double mb_s;

  scenario_begin (bench, "core reader flood", "raw-pipe");
  bench->expect_bytes = total;
  bench->expect_messages = 0;
  start_reader (bench, FIFOLAB_FRAMING_RAW);

  bench->t0 = g_get_monotonic_time ();
  bench->writer = spawn_writer (bench, "flood", total, 0);
  g_main_loop_run (bench->loop);

  mb_s = bench->failed ? 0 : (double) total / MIB / ((double) (bench->t1 - bench->t0) / G_USEC_PER_SEC);
  if (!bench->failed && !bench->skip_log && fifolab_log_get_payload_bytes (bench->log) != total)
    {
      g_printerr ("fifolab-bench: the log holds %" G_GUINT64_FORMAT " bytes, not %" G_GUINT64_FORMAT "\n",
                  fifolab_log_get_payload_bytes (bench->log), total);
      mb_s = 0;
    }
  scenario_end (bench);
  return mb_s;
}

static void
scenario_raw (Bench *bench)
{
  guint64 total = (bench->quick ? 64 : 512) * (guint64) MIB;
  guint rounds = bench->quick ? 1 : 3;
  double best_cat = 0;
  double best_reader = 0;
  double best_reader_alone = 0;

  g_print ("(a) raw capture: %" G_GUINT64_FORMAT " MiB in %d KiB writes, best of %u\n",
           total / (guint64) MIB, WRITE_CHUNK / 1024, rounds);

  for (guint i = 0; i < rounds; i++)
    {
      best_cat = MAX (best_cat, run_cat_flood (bench, total));
      best_reader = MAX (best_reader, run_reader_flood (bench, total));
      bench->skip_log = TRUE;
      best_reader_alone = MAX (best_reader_alone, run_reader_flood (bench, total));
      bench->skip_log = FALSE;
    }

  info ("cat PIPE > /dev/null", best_cat, "MiB/s");
  info ("FifolabReader (raw) alone, no log", best_reader_alone, "MiB/s");
  info ("FifolabReader (raw) + FifolabLog", best_reader, "MiB/s");
  report (bench, "ratio reader / cat", best_cat > 0 ? best_reader / best_cat : 0, "x",
          ">=", 0.5, best_cat > 0 && best_reader / best_cat >= 0.5);
}

static double
run_lines (Bench   *bench,
           guint64  count)
{
  double rate;

  scenario_begin (bench, "line flood", "line-pipe");
  bench->expect_bytes = 0;
  bench->expect_messages = count;
  start_reader (bench, FIFOLAB_FRAMING_LINE);

  bench->t0 = g_get_monotonic_time ();
  bench->writer = spawn_writer (bench, "lines", count, 0);
  g_main_loop_run (bench->loop);

  rate = bench->failed ? 0 : (double) count / ((double) (bench->t1 - bench->t0) / G_USEC_PER_SEC);
  if (!bench->failed && !bench->skip_log && fifolab_log_get_n_stored (bench->log) != count)
    {
      g_printerr ("fifolab-bench: the log holds %u entries, not %" G_GUINT64_FORMAT "\n",
                  fifolab_log_get_n_stored (bench->log), count);
      rate = 0;
    }
  scenario_end (bench);
  return rate;
}

static void
scenario_lines (Bench *bench)
{
  guint64 count = bench->quick ? 500000 : 5000000;
  double rate;
  double rate_alone;

  guint rounds = bench->quick ? 1 : 3;

  g_print ("(b) line framing: %" G_GUINT64_FORMAT " messages of %d bytes, best of %u\n",
           count, LINE_SIZE, rounds);

  rate = rate_alone = 0;
  for (guint i = 0; i < rounds; i++)
    {
      rate = MAX (rate, run_lines (bench, count));
      bench->skip_log = TRUE;
      rate_alone = MAX (rate_alone, run_lines (bench, count));
      bench->skip_log = FALSE;
    }

  info ("FifolabReader (line) alone, no log", rate_alone, "msg/s");
  info ("payload into the log", rate * (LINE_SIZE - 1) / MIB, "MiB/s");
  report (bench, "messages into the log", rate, "msg/s", ">=", 1000000, rate >= 1000000);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_us (GArray *values,
               double  p)
{
  gsize index;

  if (values->len == 0)
    return 0;
  index = (gsize) (p * (values->len - 1) + 0.5);
  return (double) g_array_index (values, gint64, index) / 1000.0;
}

static void
scenario_latency (Bench *bench)
{
  guint64 seconds = bench->quick ? 1 : 5;
  guint64 count = seconds * 1000;
  double p50;
  double p99;
  double max;

  g_print ("(c) latency: one message per ms for %" G_GUINT64_FORMAT " s, write() to log entry\n",
           seconds);

  scenario_begin (bench, "latency", "tick-pipe");
  bench->expect_bytes = 0;
  bench->expect_messages = count;
  bench->latencies_ns = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) count);
  start_reader (bench, FIFOLAB_FRAMING_LINE);

  bench->t0 = g_get_monotonic_time ();
  bench->writer = spawn_writer (bench, "ticks", count, 1000);
  g_main_loop_run (bench->loop);

  g_array_sort (bench->latencies_ns, compare_gint64);
  p50 = percentile_us (bench->latencies_ns, 0.50);
  p99 = percentile_us (bench->latencies_ns, 0.99);
  max = percentile_us (bench->latencies_ns, 1.0);
  if (bench->failed || bench->latencies_ns->len != count)
    p99 = G_MAXDOUBLE;

  info ("messages measured", bench->latencies_ns->len, "");
  info ("p50", p50, "µs");
  info ("max", max, "µs");
  report (bench, "p99", p99, "µs", "<=", 1000, p99 <= 1000);
  g_clear_pointer (&bench->latencies_ns, g_array_unref);
  scenario_end (bench);
}

static void
scenario_overhead (Bench *bench)
{
  const guint count = 1000000;
  const guint8 payload[] = "Hello from pid [12345]";
  g_autoptr(FifolabLog) log = NULL;
  const char *path = "/tmp/my_pipe";
  gsize rss_before;
  gsize rss_after;
  gint64 t0;
  gint64 t1;
  double per_entry;

  g_print ("(d) log store: %u entries of 22 bytes\n", count);

  rss_before = fifolab_test_rss_bytes ();
  log = fifolab_log_new ();
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0, path,
                        12345, 23456, 1700000000000000 + i, t0 + i, payload, 22);
  t1 = g_get_monotonic_time ();
  rss_after = fifolab_test_rss_bytes ();

  per_entry = (double) _fifolab_log_get_overhead_bytes (log) / count;
  info ("appends", (double) count / ((double) (t1 - t0) / G_USEC_PER_SEC), "entries/s");
  info ("process memory grew, per entry (RSS)", (double) (rss_after - rss_before) / count, "bytes");
  report (bench, "bytes per entry beyond the payload", per_entry, "bytes", "<=", 64,
          per_entry <= 64);
}

int
main (int    argc,
      char **argv)
{
  static gboolean quick;
  static char *only;
  static GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick,
      N_("A short run (smaller floods, 1 s of latency)"), NULL },
    { "only", 'o', 0, G_OPTION_ARG_STRING, &only,
      N_("Run only these scenarios, e.g. “ab” (a raw, b lines, c latency, d log store)"),
      N_("LETTERS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };

  if (argc >= 2 && strcmp (argv[1], "--writer") == 0)
    return writer_main (argc, argv);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Measure how fast FIFO Lab's core takes in a flood "
                                  "from a writer process, next to cat."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fifolab-bench: %s\n", error->message);
      return 2;
    }

  fifolab_ignore_sigpipe ();
  bench.quick = quick;
  bench.self_pid = getpid ();
  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.self_exe = g_file_read_link ("/proc/self/exe", &error);
  if (bench.self_exe == NULL)
    g_error ("%s", error->message);
  bench.dir = g_dir_make_tmp ("fifolab-bench-XXXXXX", &error);
  if (bench.dir == NULL)
    g_error ("%s", error->message);

  g_print ("fifolab-bench %s%s — %ld cores\n", PACKAGE_VERSION, quick ? " (quick)" : "",
           sysconf (_SC_NPROCESSORS_ONLN));

  if (only == NULL || strchr (only, 'a') != NULL)
    scenario_raw (&bench);
  if (only == NULL || strchr (only, 'b') != NULL)
    scenario_lines (&bench);
  if (only == NULL || strchr (only, 'c') != NULL)
    scenario_latency (&bench);
  if (only == NULL || strchr (only, 'd') != NULL)
    scenario_overhead (&bench);

  g_print ("%u target(s) missed\n", bench.missed);

  g_rmdir (bench.dir);
  g_free (bench.dir);
  g_free (bench.self_exe);
  g_main_loop_unref (bench.loop);
  return 0;
}
