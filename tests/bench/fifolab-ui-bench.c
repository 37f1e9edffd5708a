/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-ui-bench: how the real FIFO Lab window holds up, next to anchors
 * measured in the same run.
 *
 *  flood        a writer process floods a FIFO that the window reads (the app's
 *               read-pipe action, line framing) with 64-byte lines paced to a
 *               rate (100,000/s for 10 s); the gaps between the window's frames
 *               (GdkFrameClock::after-paint) while it does, and whether the log
 *               holds every line, in order. Anchors: the same window idle;
 *               a minimal libadwaita window of the same size with one label
 *               changed every frame (the renderer's floor). With -v: where
 *               the frames' time went (update and layout, render, the main
 *               loop between frames; the render's CPU, the renderer's
 *               threads included).
 *  scroll       the log filled with 1,000,000 entries, the column view scrolled
 *               from top to bottom in 200 steps, one frame each.
 *  ingest       raw flood (64 KiB writes) into the window with the default
 *               memory cap evicting, against `cat PIPE > /dev/null`; RSS
 *               during it; unpaced 64-byte lines (line framing) against
 *               `xterm -e cat PIPE` when xterm is installed
 *               (fifolab-ui-bench-ingest.c).
 *  inspector    the entry inspector opened on a 1 MiB entry, against a 22-byte
 *               one (fifolab-ui-bench-inspector.c).
 *  sequence     the sequence diagram's view with 1,000,000 calls, scrolled and
 *               zoomed a frame a step, against the same with 1,000 calls;
 *               the RSS the session takes (fifolab-ui-bench-sequence.c).
 *  first-frame  process start to the first frame of FIFO Lab's window (this
 *               program started again with --first-frame-app, which runs the
 *               application exactly as src/app/main.c does), against the same
 *               for tests/bench/minimal-window; medians of several runs each,
 *               alternated. The same window with libadwaita
 *               (minimal-adw-window) runs in turn too and is printed beside:
 *               the platform's share, which any libadwaita window pays.
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

#define BENCH_APP_ID   APP_ID ".Bench"
#define RESOURCE_BASE  "/io/github/fifolab/FifoLab"
/* Time to the first frame, at most this many times the minimal window's (issue 13). */
#define FIRST_FRAME_TARGET 1.3

gboolean opt_quick;
gboolean opt_verbose;
static int opt_runs = 7;
int opt_rate = 100000;
int opt_seconds = 10;
int opt_entries = 1000000;
int opt_steps = 200;
static int opt_calls = 1000000;
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

gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

int
cmp_int64 (gconstpointer a,
           gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The value at quantile @q (0..1) of a sorted array. */
gint64
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

/* The main loop as g_application_run() runs it: each iteration waits in
 * poll() until a source is ready. (Polling without waiting and sleeping
 * 0.5 ms whenever nothing was ready capped the raw ingest at one pipe's worth,
 * 64 KiB, per 0.5 ms: about 130 MB/s, which the window does not have.) */
static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
run_for_ms (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, deadline_cb, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      timeout_ms)
{
  gboolean over = FALSE;
  guint deadline = g_timeout_add (timeout_ms, deadline_cb, &over);

  while (!done (data))
    {
      if (over)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!over)
    g_source_remove (deadline);
  return TRUE;
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

  bench_frames_attach (window);
}

static void
stop_app (void)
{
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  bench_frames_detach ();
  gtk_window_destroy (GTK_WINDOW (window));
  run_for_ms (100);
  g_clear_object (&app);
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

/* The runs of one program: wall and processor µs to its first frame. */
typedef struct {
  const char *what;
  const char *argv[3];
  gboolean    report_env;
  gint64     *us;
  gint64     *cpu;
  guint       n_us;
  guint       n_cpu;
} FirstFrameRuns;

static void
first_frame_run (FirstFrameRuns *runs)
{
  gint64 cpu = -1;
  gint64 us = first_frame_us (runs->argv, runs->report_env, &cpu);

  if (us >= 0)
    runs->us[runs->n_us++] = us;
  if (us >= 0 && cpu >= 0)
    runs->cpu[runs->n_cpu++] = cpu;
}

static void
bench_first_frame (void)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *dir = g_path_get_dirname (exe);
  g_autofree char *minimal = g_build_filename (dir, "minimal-window", NULL);
  g_autofree char *minimal_adw = g_build_filename (dir, "minimal-adw-window", NULL);
  /* The anchor, FIFO Lab, and the same minimal window with libadwaita. */
  FirstFrameRuns runs[] = {
    { "minimal GTK 4 window", { minimal, NULL }, TRUE },
    { "FIFO Lab window", { exe, "--first-frame-app", NULL }, FALSE },
    { "minimal libadwaita window", { minimal_adw, NULL }, TRUE },
  };
  FirstFrameRuns *anchor = &runs[0], *app_runs = &runs[1], *adw = &runs[2];
  g_autofree char *load_before = loadavg ();
  g_autofree char *load_after = NULL;
  gint64 app_median, minimal_median, adw_median;
  double ratio;

  g_print ("\n3. Time to the first frame (process start → first after-paint while mapped), %d runs each, alternated\n",
           opt_runs);

  for (guint p = 0; p < G_N_ELEMENTS (runs); p++)
    {
      runs[p].us = g_new0 (gint64, opt_runs);
      runs[p].cpu = g_new0 (gint64, opt_runs);
      /* Warm the caches once for each. */
      first_frame_run (&runs[p]);
      runs[p].n_us = runs[p].n_cpu = 0;
    }

  for (int i = 0; i < opt_runs; i++)
    for (guint p = 0; p < G_N_ELEMENTS (runs); p++)
      first_frame_run (&runs[p]);
  load_after = loadavg ();

  print_runs (anchor->what, anchor->us, anchor->n_us);
  print_runs (app_runs->what, app_runs->us, app_runs->n_us);
  app_median = median_of (app_runs->us, app_runs->n_us);
  minimal_median = median_of (anchor->us, anchor->n_us);
  ratio = minimal_median > 0 ? app_median / (double) minimal_median : 0.0;
  g_print ("  ratio %.2f × (target ≤ %.1f ×): %s  [%s before, %s after]\n",
           ratio, FIRST_FRAME_TARGET,
           app_runs->n_us > 0 && anchor->n_us > 0 && ratio <= FIRST_FRAME_TARGET ? "ok" : "MISSED",
           load_before, load_after);

  /* The processor time each had used by its first frame: what other
   * processes of a loaded machine take does not count in it. */
  print_runs ("minimal, processor time", anchor->cpu, anchor->n_cpu);
  print_runs ("FIFO Lab, processor time", app_runs->cpu, app_runs->n_cpu);
  minimal_median = median_of (anchor->cpu, anchor->n_cpu);
  g_print ("  processor time ratio %.2f ×\n",
           minimal_median > 0 ? median_of (app_runs->cpu, app_runs->n_cpu) / (double) minimal_median : 0.0);

  /* Beside the anchor, not instead of it: how much of the ratio is the
   * platform's (libadwaita's start), and how much FIFO Lab's own window. */
  print_runs (adw->what, adw->us, adw->n_us);
  adw_median = median_of (adw->us, adw->n_us);
  minimal_median = median_of (anchor->us, anchor->n_us);
  g_print ("  libadwaita window / minimal GTK 4 window %.2f ×, FIFO Lab / libadwaita window %.2f ×\n",
           minimal_median > 0 ? adw_median / (double) minimal_median : 0.0,
           adw_median > 0 ? app_median / (double) adw_median : 0.0);

  for (guint p = 0; p < G_N_ELEMENTS (runs); p++)
    {
      g_free (runs[p].us);
      g_free (runs[p].cpu);
    }
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
    { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "A short run (1 s flood, 200,000 entries and calls, 3 runs)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "List every gap between frames of 50 ms or more", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "Run one scenario: flood, scroll, ingest (or only its part ingest-raw or ingest-lines), inspector, sequence or first-frame", "NAME" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs of each program for the first frame (7)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &opt_rate, "Flood lines per second (100000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Flood duration (10)", "S" },
    { "entries", 0, 0, G_OPTION_ARG_INT, &opt_entries, "Entries to scroll (1000000)", "N" },
    { "calls", 0, 0, G_OPTION_ARG_INT, &opt_calls, "Calls in the sequence diagram (1000000)", "N" },
    { NULL }
  };
  const char *renderer;
  int status = 0;

  setlocale (LC_ALL, "");

  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return bench_flood_writer (argv[2], (guint) strtoul (argv[3], NULL, 10), (guint) strtoul (argv[4], NULL, 10));
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
      opt_calls = 200000;
      opt_runs = 3;
    }
  if (opt_runs < 1 || opt_rate < 1 || opt_seconds < 1 || opt_entries < 1 || opt_calls < 1)
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

  if (wanted ("flood") || wanted ("scroll") || wanted ("ingest") || wanted ("ingest-raw") ||
      wanted ("ingest-lines") || wanted ("inspector"))
    {
      start_app ();
      {
        GskRenderer *gsk = gtk_native_get_renderer (GTK_NATIVE (window));
        g_print ("  window renderer: %s\n", gsk != NULL ? G_OBJECT_TYPE_NAME (gsk) : "?");
      }
      if (wanted ("flood"))
        bench_flood ();
      if (wanted ("scroll"))
        bench_scroll (window);
      if (wanted ("ingest") || wanted ("ingest-raw") || wanted ("ingest-lines"))
        bench_ingest (wanted ("ingest") || wanted ("ingest-raw"), wanted ("ingest") || wanted ("ingest-lines"));
      if (wanted ("inspector"))
        fifolab_ui_bench_inspector (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window)), session_log (), opt_runs);
      stop_app ();
    }
  if (wanted ("sequence"))
    bench_sequence (opt_calls);
  if (wanted ("first-frame"))
    bench_first_frame ();

  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
