/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-ui-bench: how the real FIFO Lab window holds up, next to anchors
 * measured in the same run.
 *
 *  flood        a writer process floods a FIFO that the window reads (the app's
 *               read-pipe action, line framing) with 64-byte lines paced to a
 *               rate (100,000/s for 10 s); the gaps between the window's frames
 *               (GdkFrameClock::after-paint) while it does, and whether the log
 *               holds every line, in order. Anchor: the same window idle.
 *  scroll       the log filled with 1,000,000 entries, the column view scrolled
 *               from top to bottom in 200 steps, one frame each.
 *  ingest       raw flood (64 KiB writes) into the window with the default
 *               memory cap evicting, against `cat PIPE > /dev/null`; RSS
 *               during it; unpaced 64-byte lines (line framing) against
 *               `xterm -e cat PIPE` when xterm is installed
 *               (fifolab-ui-bench-ingest.c).
 *  inspector    the entry inspector opened on a 1 MiB entry, against a 22-byte
 *               one (fifolab-ui-bench-inspector.c).
 *  first-frame  process start to the first frame of FIFO Lab's window (this
 *               program started again with --first-frame-app, which runs the
 *               application exactly as src/app/main.c does), against the same
 *               for tests/bench/minimal-window; medians of several runs each,
 *               alternated.
 *
 * Run it under a display and a session bus, e.g.
 *   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
 *     _build/test/tests/bench/fifolab-ui-bench
 * The renderer is GTK's choice unless GSK_RENDERER is set (e.g. cairo).
 * The writer is this same program started with --writer. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"
#include "fifolab-ui-bench-inspector.h"

#include "fifolab-ui-bench.h"

#define LINE_SIZE      64
#define MAX_BATCH      1024           /* lines per write() when behind: 64 KiB */
#define TICK_NS        1000000        /* the writer's pace: one batch a millisecond */
#define BENCH_APP_ID   APP_ID ".Bench"
#define RESOURCE_BASE  "/io/github/fifolab/FifoLab"
/* Time to the first frame, at most this many times the minimal window's (issue 13). */
#define FIRST_FRAME_TARGET 1.3

gboolean opt_quick;
static gboolean opt_verbose;
static int opt_runs = 7;
static int opt_rate = 100000;
static int opt_seconds = 10;
static int opt_entries = 1000000;
static int opt_steps = 200;
static char *opt_only;

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */

gint64
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

char *
loadavg (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return g_strdup ("load ?");
  fields = g_strsplit (g_strstrip (contents), " ", 0);
  if (g_strv_length (fields) < 3)
    return g_strdup ("load ?");
  return g_strdup_printf ("load %s %s %s", fields[0], fields[1], fields[2]);
}

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static int
cmp_int64 (gconstpointer a,
           gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The value at quantile @q (0..1) of a sorted array. */
static gint64
quantile (GArray *sorted,
          double  q)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) (q * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, gint64, MIN (index, sorted->len - 1));
}

static gint64
median_of (gint64 *values,
           guint   n)
{
  g_autoptr(GArray) array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  g_array_append_vals (array, values, n);
  g_array_sort (array, cmp_int64);
  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g_array_index (array, gint64, n / 2);
  return (g_array_index (array, gint64, n / 2 - 1) + g_array_index (array, gint64, n / 2)) / 2;
}

char *
self_exe (void)
{
  char *path = g_file_read_link ("/proc/self/exe", NULL);

  if (path == NULL)
    g_error ("fifolab-ui-bench: cannot read /proc/self/exe");
  return path;
}

/* ---------------------------------------------------------------------- */
/* Writer mode (a separate process; plain blocking code)                   */

static int
run_writer (const char *path,
            guint       count,
            guint       rate)
{
  g_autofree char *buf = g_malloc ((gsize) MAX_BATCH * LINE_SIZE);
  gint64 start_ns, next_ns, end_ns;
  guint written = 0;
  guint max_behind = 0;
  int fd;

  do
    fd = open (path, O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      g_printerr ("fifolab-ui-bench writer: cannot open %s: %s\n", path, g_strerror (errno));
      return 1;
    }

  /* Every line: a 10-digit sequence number, a space, filler, '\n'. */
  for (guint i = 0; i < MAX_BATCH; i++)
    {
      char *line = buf + (gsize) i * LINE_SIZE;

      memset (line, 'x', LINE_SIZE);
      line[10] = ' ';
      line[LINE_SIZE - 1] = '\n';
    }

  start_ns = mono_ns ();
  next_ns = start_ns;
  while (written < count)
    {
      gint64 now = mono_ns ();
      guint64 due = (guint64) ((now - start_ns) * (double) rate / 1e9) + 1;
      guint n, behind;
      gsize len, done = 0;

      due = MIN (due, (guint64) count);
      behind = due > written ? (guint) (due - written) : 0;
      max_behind = MAX (max_behind, behind);
      n = MIN (behind, MAX_BATCH);

      for (guint i = 0; i < n; i++)
        {
          char digits[11];

          g_snprintf (digits, sizeof digits, "%010u", written + i);
          memcpy (buf + (gsize) i * LINE_SIZE, digits, 10);
        }

      len = (gsize) n * LINE_SIZE;
      while (done < len)
        {
          gssize r = write (fd, buf + done, len - done);

          if (r < 0)
            {
              if (errno == EINTR)
                continue;
              g_printerr ("fifolab-ui-bench writer: write: %s\n", g_strerror (errno));
              close (fd);
              return 1;
            }
          done += (gsize) r;
        }
      written += n;

      if (n < MAX_BATCH)
        {
          struct timespec ts;

          next_ns += TICK_NS;
          if (next_ns < now)
            next_ns = now;
          ts.tv_sec = next_ns / 1000000000;
          ts.tv_nsec = next_ns % 1000000000;
          while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
        }
    }
  end_ns = mono_ns ();
  close (fd);

  printf ("written %u %.6f %u\n", written, (end_ns - start_ns) / 1e9, max_behind);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* First-frame mode: the application as src/app/main.c runs it             */

/* With FIFOLAB_BENCH_PHASES=1, when each step of the start happened (µs of
 * CLOCK_MONOTONIC, and the process's CPU time by then, on stderr), to see where the time to the first frame goes. */
static gboolean report_phases;

static void
phase (const char *name)
{
  if (report_phases)
    g_printerr ("phase %-16s %" G_GINT64_FORMAT " cpu %" G_GINT64_FORMAT "\n", name, g_get_monotonic_time (),
                cpu_time_us ());
}

static void
phase_signal_cb (gpointer    instance,
                 const char *name)
{
  phase (name);
}

static void
app_layout_cb (GdkFrameClock *clock,
               GtkWidget     *window)
{
  static gboolean reported;

  if (!reported)
    phase ("first layout");
  reported = TRUE;
}

static void
app_paint_cb (GdkFrameClock *clock,
              GtkWidget     *window)
{
  static gboolean reported;

  if (!reported)
    phase ("first paint");
  reported = TRUE;
}

static void
app_after_paint_cb (GdkFrameClock *clock,
                    GtkWidget     *window)
{
  static gboolean reported;

  if (reported || !gtk_widget_get_mapped (window))
    return;

  reported = TRUE;
  phase ("after-paint");
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  printf ("first-frame-cpu-us %" G_GINT64_FORMAT "\n", cpu_time_us ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
app_window_realize_cb (GtkWidget *window)
{
  phase ("realize");
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "layout",
                           G_CALLBACK (app_layout_cb), window, 0);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "paint",
                           G_CALLBACK (app_paint_cb), window, 0);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (app_after_paint_cb), window, 0);
}

static void
app_window_added_cb (GtkApplication *application,
                     GtkWindow      *window)
{
  if (FIFOLAB_IS_WINDOW (window))
    {
      phase ("window-added");
      g_signal_connect (window, "realize", G_CALLBACK (app_window_realize_cb), NULL);
      g_signal_connect (window, "map", G_CALLBACK (phase_signal_cb), (gpointer) "map");
    }
}

static int
run_first_frame_app (char *argv0)
{
  g_autoptr(FifolabApplication) first_app = NULL;
  char *argv[] = { argv0, NULL };

  /* As src/first_app/main.c, but under its own id (a FIFO Lab the user runs in the
   * same session would take the activation otherwise), with FIFO Lab's
   * resource base path, which GtkApplication derives from the id. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  report_phases = g_strcmp0 (g_getenv ("FIFOLAB_BENCH_PHASES"), "1") == 0;
  phase ("main");

  first_app = fifolab_application_new (BENCH_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_application_set_resource_base_path (G_APPLICATION (first_app), RESOURCE_BASE);
  g_signal_connect (first_app, "window-added", G_CALLBACK (app_window_added_cb), NULL);
  g_signal_connect (first_app, "startup", G_CALLBACK (phase_signal_cb), (gpointer) "startup done");

  return g_application_run (G_APPLICATION (first_app), 1, argv);
}

/* ---------------------------------------------------------------------- */
/* Frame recording in the measuring process                                */

typedef struct
{
  GArray  *times;      /* gint64 µs of each after-paint while recording */
  GArray  *cpu;        /* gint64 µs of CPU the main thread had used by then */
  GArray  *shown;      /* gint64 entries the log view showed then */
  GObject *view;       /* the log view, once the window is up */
  gboolean recording;
  guint64  n_frames;   /* all after-paints */
} Frames;

static Frames frames;

/* CPU time of the calling thread: what the main loop itself spent, whatever
 * else the machine runs (a gap with little of it was the machine's, not ours). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
frames_after_paint_cb (GdkFrameClock *clock,
                       gpointer       user_data)
{
  frames.n_frames++;
  if (frames.recording)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 cpu = thread_cpu_us ();

      gint64 shown = 0;

      if (frames.view != NULL)
        {
          guint n;

          g_object_get (frames.view, "n-shown", &n, NULL);
          shown = n;
        }
      g_array_append_val (frames.times, now);
      g_array_append_val (frames.cpu, cpu);
      g_array_append_val (frames.shown, shown);
    }
}

/* Keeps the frame clock running, so an idle window paints every frame too and
 * a gap between frames is time the main loop was busy. */
static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
frames_start (void)
{
  g_array_set_size (frames.times, 0);
  g_array_set_size (frames.cpu, 0);
  g_array_set_size (frames.shown, 0);
  frames.recording = TRUE;
}

typedef struct
{
  guint  n;
  double fps;
  gint64 longest_us;
  gint64 p99_us;
  gint64 median_us;
  gint64 longest_cpu_us;      /* most main-thread CPU between two frames */
  gint64 cpu_in_longest_us;   /* main-thread CPU in the longest gap */
} FrameStats;

static FrameStats
frames_stop (void)
{
  FrameStats stats = { 0 };
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *t = frames.times;
  GArray *cpu = frames.cpu;
  guint busiest = 0;

  frames.recording = FALSE;
  stats.n = t->len;
  if (t->len < 2)
    return stats;

  for (guint i = 1; i < t->len; i++)
    {
      gint64 gap = g_array_index (t, gint64, i) - g_array_index (t, gint64, i - 1);
      gint64 busy = g_array_index (cpu, gint64, i) - g_array_index (cpu, gint64, i - 1);

      g_array_append_val (gaps, gap);
      if (busy > stats.longest_cpu_us)
        {
          stats.longest_cpu_us = busy;
          busiest = i;
        }
      if (gap >= stats.longest_us)
        {
          stats.longest_us = gap;
          stats.cpu_in_longest_us = busy;
        }
      if (opt_verbose && gap >= 50000)
        g_print ("    gap of %.1f ms (main thread CPU %.1f ms) ending %.3f s after the first frame "
                 "(CLOCK_MONOTONIC %.6f s); the view showed %" G_GINT64_FORMAT " entries, then %" G_GINT64_FORMAT "\n",
                 gap / 1000.0, busy / 1000.0,
                 (g_array_index (t, gint64, i) - g_array_index (t, gint64, 0)) / 1e6,
                 g_array_index (t, gint64, i) / 1e6,
                 g_array_index (frames.shown, gint64, i - 1), g_array_index (frames.shown, gint64, i));
    }
  if (opt_verbose && busiest > 0)
    g_print ("    the most main thread CPU between two frames, %.1f ms, in a gap of %.1f ms ending %.3f s "
             "after the first frame (CLOCK_MONOTONIC %.6f s); the view showed %" G_GINT64_FORMAT " entries, then %" G_GINT64_FORMAT "\n",
             stats.longest_cpu_us / 1000.0,
             (g_array_index (t, gint64, busiest) - g_array_index (t, gint64, busiest - 1)) / 1000.0,
             (g_array_index (t, gint64, busiest) - g_array_index (t, gint64, 0)) / 1e6,
             g_array_index (t, gint64, busiest) / 1e6,
             g_array_index (frames.shown, gint64, busiest - 1), g_array_index (frames.shown, gint64, busiest));
  g_array_sort (gaps, cmp_int64);
  stats.fps = (t->len - 1) * 1e6 / (double) (g_array_index (t, gint64, t->len - 1) - g_array_index (t, gint64, 0));
  stats.p99_us = quantile (gaps, 0.99);
  stats.median_us = quantile (gaps, 0.5);
  return stats;
}

static void
print_frames (const char *what,
              FrameStats  stats)
{
  g_autofree char *load = loadavg ();

  g_print ("  %-34s %6u frames, %5.1f frames/s, gap median %5.1f ms, p99 %6.1f ms, longest %6.1f ms  [%s]\n",
           what, stats.n, stats.fps, stats.median_us / 1000.0, stats.p99_us / 1000.0,
           stats.longest_us / 1000.0, load);
  g_print ("  %-34s main thread CPU in the longest gap %.1f ms; most between two frames %.1f ms\n",
           "", stats.cpu_in_longest_us / 1000.0, stats.longest_cpu_us / 1000.0);
}

void
run_for_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * (gint64) 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (500), TRUE);
}

gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * (gint64) 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (500), TRUE);
    }
  return TRUE;
}

static void
wait_frames (guint n)
{
  guint64 target = frames.n_frames + n;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (frames.n_frames < target && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

/* ---------------------------------------------------------------------- */
/* The application in this process                                         */

FifolabApplication *app;
static FifolabWindow *window;
char *tmpdir;

FifolabLog *
session_log (void)
{
  return fifolab_session_get_log (fifolab_application_get_session (app));
}

static gboolean
window_mapped_cb (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

static void
start_app (void)
{
  g_autoptr(GError) error = NULL;

  app = fifolab_application_new (BENCH_APP_ID ".InProcess", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), RESOURCE_BASE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("fifolab-ui-bench: cannot register the application: %s", error->message);

  /* The flood is line-framed: one log entry per line. */
  g_settings_set_string (fifolab_application_get_settings (app), "framing", "line");

  g_application_activate (G_APPLICATION (app));
  window = FIFOLAB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (window == NULL || !iterate_until (window_mapped_cb, NULL, 20000))
    g_error ("fifolab-ui-bench: the window did not show");

  frames.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.view = G_OBJECT (_fifolab_window_get_log_view (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (frames_after_paint_cb), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), keep_ticking_cb, NULL, NULL);
  wait_frames (5);
}

static void
stop_app (void)
{
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  frames.view = NULL;
  gtk_window_destroy (GTK_WINDOW (window));
  run_for_ms (100);
  g_clear_object (&app);
}

/* ---------------------------------------------------------------------- */
/* 1. Flood                                                                */

typedef struct
{
  GSubprocess *process;
  gboolean     done;
  char        *output;
} Writer;

static void
writer_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &writer->output, NULL, &error))
    g_printerr ("fifolab-ui-bench: writer: %s\n", error->message);
  writer->done = TRUE;
}

static gboolean
writer_done (gpointer data)
{
  return ((Writer *) data)->done;
}

typedef struct
{
  guint received;
  guint out_of_order;
  guint events;
} LogCount;

static LogCount
count_log (guint from)
{
  FifolabLog *log = session_log ();
  GListModel *model = G_LIST_MODEL (log);
  LogCount count = { 0 };
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (model);
  for (guint i = from; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (model, i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED)
        {
          gsize len;
          const char *data = g_bytes_get_data (fifolab_log_entry_get_bytes (entry), &len);
          char digits[11] = { 0 };

          if (len >= 10)
            memcpy (digits, data, 10);
          /* Line framing: the terminator is not part of the message. */
          if (len != LINE_SIZE - 1 || strtoul (digits, NULL, 10) != count.received)
            count.out_of_order++;
          count.received++;
        }
      else
        count.events++;
    }
  return count;
}

typedef struct
{
  guint n_before;
  guint target;
} Drain;

static gboolean
drained_cb (gpointer data)
{
  Drain *drain = data;

  return fifolab_log_get_n_stored (session_log ()) >= drain->n_before + drain->target;
}

static void
bench_flood (void)
{
  guint count = (guint) opt_rate * (guint) opt_seconds;
  g_autofree char *path = g_build_filename (tmpdir, "flood", NULL);
  g_autofree char *exe = self_exe ();
  g_autofree char *count_arg = g_strdup_printf ("%u", count);
  g_autofree char *rate_arg = g_strdup_printf ("%d", opt_rate);
  g_autofree char *load = NULL;
  g_autoptr(GError) error = NULL;
  Writer writer = { 0 };
  FrameStats idle, flood, drain_stats;
  LogCount result;
  Drain drain;
  gint64 start_us, writer_end_us, drained_us, cpu_before, cpu_after;
  guint written = 0, max_behind = 0;
  double writer_s = 0;
  gboolean drained;

  g_print ("\n1. Flood: %d lines of %d bytes per second for %d s into the window (line framing)\n",
           opt_rate, LINE_SIZE, opt_seconds);

  /* Anchor: the same window, idle, its frame clock running. */
  frames_start ();
  run_for_ms (opt_quick ? 1000 : 3000);
  idle = frames_stop ();
  print_frames ("idle window (anchor)", idle);

  if (mkfifo (path, 0600) != 0)
    g_error ("mkfifo %s: %s", path, g_strerror (errno));
  g_action_group_activate_action (G_ACTION_GROUP (app), "read-pipe", g_variant_new_bytestring (path));
  run_for_ms (300);
  fifolab_log_flush (session_log ());
  drain.n_before = fifolab_log_get_n_stored (session_log ());
  drain.target = count;

  frames_start ();
  cpu_before = cpu_time_us ();
  start_us = g_get_monotonic_time ();
  writer.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     exe, "--writer", path, count_arg, rate_arg, NULL);
  if (writer.process == NULL)
    g_error ("fifolab-ui-bench: cannot start the writer: %s", error->message);
  g_subprocess_communicate_utf8_async (writer.process, NULL, NULL, writer_done_cb, &writer);

  iterate_until (writer_done, &writer, (opt_seconds + 120) * 1000);
  writer_end_us = g_get_monotonic_time ();
  cpu_after = cpu_time_us ();
  flood = frames_stop ();

  frames_start ();
  drained = iterate_until (drained_cb, &drain, 60000);
  drained_us = g_get_monotonic_time ();
  run_for_ms (300);   /* the end of stream, and a few frames */
  drain_stats = frames_stop ();

  if (writer.output != NULL)
    sscanf (writer.output, "written %u %lf %u", &written, &writer_s, &max_behind);

  print_frames ("flood (while the writer writes)", flood);
  print_frames ("after the writer closed", drain_stats);

  result = count_log (drain.n_before);
  load = loadavg ();
  g_print ("  writer: %u lines in %.2f s = %.0f lines/s (at most %u lines behind its pace)\n",
           written, writer_s, writer_s > 0 ? written / writer_s : 0.0, max_behind);
  g_print ("  window process CPU while flooded: %.0f %% of one core\n",
           100.0 * (cpu_after - cpu_before) / (double) (writer_end_us - start_us));
  g_print ("  log: %u received of %u written, %u out of order or torn, %u events; "
           "all in %.0f ms after the writer finished  [%s]\n",
           result.received, written, result.out_of_order, result.events,
           drained ? (drained_us - writer_end_us) / 1000.0 : -1.0, load);
  g_print ("  longest gap %.1f ms (target < 50 ms): %s; log complete: %s; flood frame rate %.2f × idle\n",
           flood.longest_us / 1000.0, flood.longest_us < 50000 ? "ok" : "MISSED",
           result.received == written && written == count && result.out_of_order == 0 ? "ok" : "MISSED",
           idle.fps > 0 ? flood.fps / idle.fps : 0.0);

  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  g_unlink (path);
  g_clear_object (&writer.process);
  g_free (writer.output);
}

/* ---------------------------------------------------------------------- */
/* 2. 1,000,000 entries scroll                                             */

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))))
        return GTK_SCROLLED_WINDOW (child);
      found = find_scrolled_window (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
view_shows_all_cb (gpointer data)
{
  guint n_shown = 0;

  g_object_get (_fifolab_window_get_log_view (window), "n-shown", &n_shown, NULL);
  return n_shown >= GPOINTER_TO_UINT (data);
}

static void
bench_scroll (void)
{
  FifolabLog *log = session_log ();
  GtkScrolledWindow *scrolled = find_scrolled_window (GTK_WIDGET (window));
  GtkAdjustment *adjustment;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *load = NULL;
  guint8 line[LINE_SIZE];
  gint64 t0, t_appended, t_flushed, t_frame, t_shown;
  guint64 n_frames_before, n_reveal_frames;
  FrameStats stats;
  double upper, page;

  g_print ("\n2. Scroll: %d entries, the column view scrolled top to bottom in %d steps\n",
           opt_entries, opt_steps);
  if (scrolled == NULL)
    g_error ("fifolab-ui-bench: no scrolled column view in the window");
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-log", NULL);
  fifolab_log_flush (log);
  wait_frames (3);

  memset (line, 'x', sizeof line);
  line[LINE_SIZE - 1] = '\n';
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < opt_entries; i++)
    {
      char digits[11];

      g_snprintf (digits, sizeof digits, "%010d", i);
      memcpy (line, digits, 10);
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          "/tmp/fifolab-bench/scroll", 4242, 4243,
                          g_get_real_time (), g_get_monotonic_time (), line, LINE_SIZE);
    }
  t_appended = g_get_monotonic_time ();
  fifolab_log_flush (log);
  t_flushed = g_get_monotonic_time ();
  wait_frames (1);
  t_frame = g_get_monotonic_time ();
  /* The view reveals a burst into an empty view a few rows a frame, then
   * all of it (see the log view): scroll once it shows every entry. */
  n_frames_before = frames.n_frames;
  if (!iterate_until (view_shows_all_cb, GUINT_TO_POINTER ((guint) opt_entries), 20000))
    g_printerr ("fifolab-ui-bench: the log view did not show all the entries\n");
  t_shown = g_get_monotonic_time ();
  n_reveal_frames = frames.n_frames - n_frames_before;
  wait_frames (5);

  load = loadavg ();
  g_print ("  append %d entries %.0f ms, announce them (one items-changed) %.1f ms, next frame after %.1f ms, "
           "the view shows them all after %.0f ms more (%" G_GUINT64_FORMAT " frames)  [%s]\n",
           opt_entries, (t_appended - t0) / 1000.0, (t_flushed - t_appended) / 1000.0,
           (t_frame - t_flushed) / 1000.0, (t_shown - t_frame) / 1000.0, n_reveal_frames, load);

  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_set_value (adjustment, 0);
  wait_frames (3);

  frames_start ();
  for (int i = 1; i <= opt_steps; i++)
    {
      gint64 before = g_get_monotonic_time ();
      gint64 took;

      gtk_adjustment_set_value (adjustment, (upper - page) * i / opt_steps);
      wait_frames (1);
      took = g_get_monotonic_time () - before;
      g_array_append_val (steps, took);
    }
  stats = frames_stop ();
  g_array_sort (steps, cmp_int64);

  g_free (load);
  load = loadavg ();
  g_print ("  range %.0f px, page %.0f px; per step (set value → after-paint): median %.1f ms, p99 %.1f ms, longest %.1f ms\n",
           upper, page, quantile (steps, 0.5) / 1000.0, quantile (steps, 0.99) / 1000.0,
           g_array_index (steps, gint64, steps->len - 1) / 1000.0);
  print_frames ("frames while scrolling", stats);
  g_print ("  at the bottom: %s  [%s]\n",
           gtk_adjustment_get_value (adjustment) + page >= upper - 2.0 ? "yes" : "no", load);

  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-log", NULL);
  fifolab_log_flush (log);
  wait_frames (3);
}

/* ---------------------------------------------------------------------- */
/* 3. Time to the first frame                                              */

/* Starts @argv and returns µs from just before the start to the first frame
 * it reports, or -1; in @cpu_us the processor time it had used by then. */
static gint64
first_frame_us (const char * const *argv,
                gboolean            report_env,
                gint64             *cpu_us)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start, frame = -1;
  const char *line;

  if (report_env)
    g_subprocess_launcher_setenv (launcher, "FIFOLAB_REPORT_FIRST_FRAME", "1", TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    {
      g_printerr ("fifolab-ui-bench: cannot start %s: %s\n", argv[0], error->message);
      return -1;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("fifolab-ui-bench: %s: %s\n", argv[0], error->message);
      return -1;
    }
  line = out != NULL ? strstr (out, "first-frame-us ") : NULL;
  if (line == NULL || sscanf (line, "first-frame-us %" G_GINT64_FORMAT, &frame) != 1)
    {
      g_printerr ("fifolab-ui-bench: %s reported no first frame\n", argv[0]);
      return -1;
    }
  line = strstr (out, "first-frame-cpu-us ");
  if (line == NULL || sscanf (line, "first-frame-cpu-us %" G_GINT64_FORMAT, cpu_us) != 1)
    *cpu_us = -1;
  return frame - start;
}

static void
print_runs (const char *what,
            gint64     *values,
            guint       n)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s%.0f", i > 0 ? " " : "", values[i] / 1000.0);
  g_print ("  %-26s median %6.1f ms  (runs: %s ms)\n", what, median_of (values, n) / 1000.0, list->str);
}

static void
bench_first_frame (void)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *dir = g_path_get_dirname (exe);
  g_autofree char *minimal = g_build_filename (dir, "minimal-window", NULL);
  const char *app_argv[] = { exe, "--first-frame-app", NULL };
  const char *minimal_argv[] = { minimal, NULL };
  g_autofree gint64 *app_us = g_new0 (gint64, opt_runs);
  g_autofree gint64 *minimal_us = g_new0 (gint64, opt_runs);
  g_autofree gint64 *app_cpu = g_new0 (gint64, opt_runs);
  g_autofree gint64 *minimal_cpu = g_new0 (gint64, opt_runs);
  guint n_app_cpu = 0, n_minimal_cpu = 0;
  gint64 cpu;
  g_autofree char *load_before = loadavg ();
  g_autofree char *load_after = NULL;
  guint n_app = 0, n_minimal = 0;
  gint64 app_median, minimal_median;
  double ratio;

  g_print ("\n3. Time to the first frame (process start → first after-paint while mapped), %d runs each, alternated\n",
           opt_runs);

  /* Warm the caches once for each. */
  first_frame_us (minimal_argv, TRUE, &cpu);
  first_frame_us (app_argv, FALSE, &cpu);

  for (int i = 0; i < opt_runs; i++)
    {
      gint64 us = first_frame_us (minimal_argv, TRUE, &cpu);

      if (us >= 0)
        minimal_us[n_minimal++] = us;
      if (us >= 0 && cpu >= 0)
        minimal_cpu[n_minimal_cpu++] = cpu;
      us = first_frame_us (app_argv, FALSE, &cpu);
      if (us >= 0)
        app_us[n_app++] = us;
      if (us >= 0 && cpu >= 0)
        app_cpu[n_app_cpu++] = cpu;
    }
  load_after = loadavg ();

  print_runs ("minimal GTK 4 window", minimal_us, n_minimal);
  print_runs ("FIFO Lab window", app_us, n_app);
  app_median = median_of (app_us, n_app);
  minimal_median = median_of (minimal_us, n_minimal);
  ratio = minimal_median > 0 ? app_median / (double) minimal_median : 0.0;
  g_print ("  ratio %.2f × (target ≤ %.1f ×): %s  [%s before, %s after]\n",
           ratio, FIRST_FRAME_TARGET, n_app > 0 && n_minimal > 0 && ratio <= FIRST_FRAME_TARGET ? "ok" : "MISSED",
           load_before, load_after);

  /* The processor time each had used by its first frame: what other
   * processes of a loaded machine take does not count in it. */
  print_runs ("minimal, processor time", minimal_cpu, n_minimal_cpu);
  print_runs ("FIFO Lab, processor time", app_cpu, n_app_cpu);
  minimal_median = median_of (minimal_cpu, n_minimal_cpu);
  g_print ("  processor time ratio %.2f ×\n",
           minimal_median > 0 ? median_of (app_cpu, n_app_cpu) / (double) minimal_median : 0.0);
}

/* ---------------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
wanted (const char *name)
{
  return opt_only == NULL || g_strcmp0 (opt_only, name) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "A short run (1 s flood, 200,000 entries, 3 runs)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "List every gap between frames of 50 ms or more", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "Run one scenario: flood, scroll, ingest, inspector or first-frame", "NAME" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs of each program for the first frame (7)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &opt_rate, "Flood lines per second (100000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Flood duration (10)", "S" },
    { "entries", 0, 0, G_OPTION_ARG_INT, &opt_entries, "Entries to scroll (1000000)", "N" },
    { NULL }
  };
  const char *renderer;
  int status = 0;

  setlocale (LC_ALL, "");

  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], (guint) strtoul (argv[3], NULL, 10), (guint) strtoul (argv[4], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "--raw-writer"))
    return bench_ingest_raw_writer (argv[2], (guint) strtoul (argv[3], NULL, 10));
  if (argc == 2 && g_str_equal (argv[1], "--first-frame-app"))
    return run_first_frame_app (argv[0]);

  context = g_option_context_new ("— FIFO Lab's window under a flood, a long log and at start");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fifolab-ui-bench: %s\n", error->message);
      return 2;
    }
  if (opt_quick)
    {
      opt_seconds = 1;
      opt_entries = 200000;
      opt_runs = 3;
    }
  if (opt_runs < 1 || opt_rate < 1 || opt_seconds < 1 || opt_entries < 1)
    {
      g_printerr ("fifolab-ui-bench: the counts must be positive\n");
      return 2;
    }

  /* Private settings and lab folder, for this process and the programs it starts. */
  tmpdir = g_dir_make_tmp ("fifolab-ui-bench-XXXXXX", &error);
  if (tmpdir == NULL)
    g_error ("fifolab-ui-bench: %s", error->message);
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", FIFOLAB_BENCH_SCHEMA_DIR, TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  fifolab_ignore_sigpipe ();

  if (!gtk_init_check ())
    {
      g_printerr ("fifolab-ui-bench: no display; run it under xvfb-run (see the comment at the top)\n");
      return 1;
    }

  renderer = g_getenv ("GSK_RENDERER");
  g_print ("fifolab-ui-bench: GTK %u.%u.%u, libadwaita %u.%u.%u, renderer %s, display %s, %ld CPUs\n",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
           renderer != NULL ? renderer : "(GTK's choice)",
           G_OBJECT_TYPE_NAME (gdk_display_get_default ()), sysconf (_SC_NPROCESSORS_ONLN));

  if (wanted ("flood") || wanted ("scroll") || wanted ("ingest") || wanted ("inspector"))
    {
      start_app ();
      {
        GskRenderer *gsk = gtk_native_get_renderer (GTK_NATIVE (window));
        g_print ("  window renderer: %s\n", gsk != NULL ? G_OBJECT_TYPE_NAME (gsk) : "?");
      }
      if (wanted ("flood"))
        bench_flood ();
      if (wanted ("scroll"))
        bench_scroll ();
      if (wanted ("ingest"))
        bench_ingest ();
      if (wanted ("inspector"))
        fifolab_ui_bench_inspector (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window)), session_log (), opt_runs);
      stop_app ();
    }
  if (wanted ("first-frame"))
    bench_first_frame ();

  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
